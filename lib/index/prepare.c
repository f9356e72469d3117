/* prepare.c: a file's Xapian documents (writer_prepare, writer.h), made
 * off the writer's thread: each passage's terms with positions and its
 * markers, the facets' terms and values, the stored data that shows
 * passages. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "docdata.h"
#include "schema.h"
#include "segment.h"
#include "taxonomy.h"
#include "normalise.h"
#include "util.h"
#include "writer.h"
#include "writer-internal.h"
#include "xapian-c.h"

/* Facet values are cut to this many bytes: Xapian terms must stay under
 * 245 bytes. */
#define TERM_MAX 200

/* What building one file's Xapian documents needs: its own term
 * generator, so that indexing threads can each build their files. */
typedef struct builder {
    const writer_vocab *vocab;
    xc_termgen *tg;
    const docdict *dict; /* the dictionary a document's data took, if any */
} builder;

/* Adds a boolean term prefix+slug(value) for each value, and the slugs,
 * joined, to the facet's value slot. */
static xc_status add_facet(xc_doc *doc, const char *prefix, unsigned slot, char **values,
                           size_t n, xc_error *err)
{
    strbuf joined, term;
    sb_init(&joined);
    sb_init(&term);
    xc_status st = XC_OK;
    for (size_t i = 0; i < n && st == XC_OK; i++) {
        char *slug = xcheck(norm_slug(values[i]));
        if (strlen(slug) > TERM_MAX)
            slug[TERM_MAX] = '\0';
        if (*slug) {
            term.len = 0;
            sb_addf(&term, "%s%s", prefix, slug);
            st = xc_doc_add_boolean_term(doc, term.buf, err);
            if (joined.len)
                sb_addc(&joined, SCHEMA_MULTI_SEP);
            sb_adds(&joined, slug);
        }
        free(slug);
    }
    if (st == XC_OK && joined.len)
        st = xc_doc_set_value(doc, slot, joined.buf, joined.len, err);
    sb_free(&joined);
    sb_free(&term);
    return st;
}

static json_t *json_strings(const strlist *sl)
{
    json_t *a = xcheck(json_array());
    for (size_t i = 0; i < sl->len; i++)
        json_array_append_new(a, json_string(sl->items[i]));
    return a;
}

/* s as a JSON string, repaired where it is not UTF-8 (json_string refuses
 * it, and its key would be lost: a title from a manifest, say, that the
 * words were still indexed from). */
static json_t *json_text(const char *s)
{
    if (utf8_valid(s, strlen(s)))
        return json_string(s);
    char *fixed = xcheck(norm_repair(s));
    json_t *j = json_string(fixed);
    free(fixed);
    return j;
}

/* The document's data: its metadata and its passages (where each starts
 * is in SLOT_STARTS, not here). */
static char *document_data(const scr_record *r, const seg_passage *ps, size_t np)
{
    json_t *o = xcheck(json_object());
    /* file names need not be UTF-8; JSON must be */
    char *file = xcheck(norm_repair(r->path)), *id = xcheck(norm_repair(r->id));
    json_object_set_new(o, DATA_FILE, json_string(file));
    json_object_set_new(o, DATA_PART, json_string(id));
    free(file);
    free(id);
    if (!utf8_valid(r->path, strlen(r->path))) { /* and the name that opens it */
        char *bytes = norm_escape_bytes(r->path);
        json_object_set_new(o, DATA_FILE_BYTES, json_string(bytes));
        free(bytes);
    }
    json_object_set_new(o, DATA_PACK, r->pack ? json_string(r->pack) : json_null());
    json_object_set_new(o, DATA_TITLE, json_text(r->title ? r->title : ""));
    json_object_set_new(o, DATA_AUTHORITIES, json_strings(&r->authorities));
    json_object_set_new(o, DATA_PUBLISHER, json_strings(&r->publishers));
    json_object_set_new(o, DATA_DOCTYPE, r->doctype ? json_string(r->doctype) : json_null());
    json_object_set_new(o, DATA_DATE, r->date ? json_string(r->date) : json_null());
    json_object_set_new(o, DATA_YEAR, r->year ? json_integer(r->year) : json_null());
    /* a line of metadata, then a line per passage: a reader parses the
     * passages it shows, not all of them (JSON escapes line breaks) */
    strbuf sb;
    sb_init(&sb);
    char *line = xcheck(json_dumps(o, JSON_COMPACT));
    sb_adds(&sb, line);
    free(line);
    json_decref(o);
    for (size_t i = 0; i < np; i++) {
        const seg_passage *p = &ps[i];
        json_t *po = xcheck(json_object());
        json_object_set_new(po, DATA_HEADING, json_text(p->heading));
        json_object_set_new(po, DATA_KIND, json_string(p->kind ? p->kind : "other"));
        json_object_set_new(po, DATA_THEMES, json_strings(&p->themes));
        json_object_set_new(po, DATA_TEXT, json_text(p->text));
        line = xcheck(json_dumps(po, JSON_COMPACT));
        sb_addc(&sb, '\n');
        sb_adds(&sb, line);
        free(line);
        json_decref(po);
    }
    return sb_steal(&sb);
}

/* A marker term prefix+value at a passage's first position. */
static xc_status add_marker(xc_doc *doc, const char *prefix, const char *value, unsigned pos,
                            xc_error *err)
{
    strbuf term;
    sb_init(&term);
    sb_addf(&term, "%s%s", prefix, value);
    xc_status st = xc_doc_add_posting(doc, term.buf, pos, err);
    sb_free(&term);
    return st;
}

/* One passage's words and markers, from position start. */
static xc_status index_passage(builder *b, xc_doc *doc, const seg_passage *p,
                               const char *prev_heading, unsigned start, xc_error *err)
{
    xc_status st = XC_OK;
    /* the markers first, each at its own position (a NEAR never matches
     * two terms at one position), then the words */
    unsigned pos = start;
    if (p->kind && strcmp(p->kind, "other") != 0)
        st = add_marker(doc, PREFIX_KIND, p->kind, pos++, err);
    for (size_t i = 0; i < p->themes.len && st == XC_OK; i++)
        st = add_marker(doc, PREFIX_THEME, p->themes.items[i], pos++, err);
    const taxonomy *tax = b->vocab->tax;
    if (st == XC_OK && tax) { /* one concept for SALT and speech and language therapy */
        strlist concepts;
        sl_init(&concepts);
        taxonomy_concepts(tax, p->text, &concepts);
        for (size_t i = 0; i < concepts.len && st == XC_OK; i++)
            st = add_marker(doc, PREFIX_CONCEPT, concepts.items[i], pos++, err);
        sl_free(&concepts);
    }
    /* section: takes phrases of each passage's heading path (so that a
     * passage scope finds them in the passage); the body has the words of
     * a heading once, where its section begins */
    if (st || (st = xc_termgen_set_pos(b->tg, pos, err)) ||
        (st = xc_termgen_index(b->tg, p->heading, strlen(p->heading), PREFIX_SECTION, err)) ||
        (st = xc_termgen_set_pos(b->tg, pos, err)))
        return st;
    if (!prev_heading || strcmp(prev_heading, p->heading) != 0)
        if ((st = xc_termgen_index(b->tg, p->heading, strlen(p->heading), "", err)) ||
            (st = xc_termgen_gap(b->tg, err)))
            return st;
    return xc_termgen_index(b->tg, p->text, strlen(p->text), "", err);
}

/* Joins strings with SCHEMA_MULTI_SEP into a value slot. */
static xc_status set_joined(xc_doc *doc, unsigned slot, const strlist *values, xc_error *err)
{
    if (!values->len)
        return XC_OK;
    strbuf joined;
    sb_init(&joined);
    for (size_t i = 0; i < values->len; i++) {
        if (i)
            sb_addc(&joined, SCHEMA_MULTI_SEP);
        sb_adds(&joined, values->items[i]);
    }
    xc_status st = xc_doc_set_value(doc, slot, joined.buf, joined.len, err);
    sb_free(&joined);
    return st;
}

/* The document's facets: boolean terms and value slots. */
static xc_status add_facets(xc_doc *doc, const scr_record *r, const strlist *themes,
                            const strlist *kinds, xc_error *err)
{
    xc_status st = XC_OK;
    const char *base = strrchr(r->path, '/');
    base = base ? base + 1 : r->path;
    char *one[1];
    for (size_t i = 0; i < themes->len && st == XC_OK; i++) {
        strbuf term;
        sb_init(&term);
        sb_addf(&term, "%s%s", PREFIX_DOCTHEME, themes->items[i]);
        st = xc_doc_add_boolean_term(doc, term.buf, err);
        sb_free(&term);
    }
    if (st || (st = set_joined(doc, SLOT_THEME, themes, err)) ||
        (st = set_joined(doc, SLOT_KIND, kinds, err)) ||
        (st = add_facet(doc, PREFIX_AUTHORITY, SLOT_AUTHORITY, r->authorities.items,
                        r->authorities.len, err)) ||
        (st = add_facet(doc, PREFIX_PUBLISHER, SLOT_PUBLISHER, r->publishers.items,
                        r->publishers.len, err)))
        return st;
    if (r->doctype) {
        one[0] = r->doctype;
        if ((st = add_facet(doc, PREFIX_DOCTYPE, SLOT_DOCTYPE, one, 1, err)))
            return st;
    }
    one[0] = (char *)base;
    if ((st = add_facet(doc, PREFIX_FILE, SLOT_FILE, one, 1, err)))
        return st;
    if (r->year) {
        char year[16], date[9], num[9];
        snprintf(year, sizeof year, "%d", r->year);
        one[0] = year;
        if ((st = add_facet(doc, PREFIX_YEAR, SLOT_YEAR, one, 1, err)))
            return st;
        size_t len = xc_sortable_serialise(r->year, num);
        if ((st = xc_doc_set_value(doc, SLOT_YEAR_NUM, num, len, err)))
            return st;
        /* Partial dates sort as the first day of their month or year. */
        snprintf(date, sizeof date, "%.4s%.2s%.2s", r->date,
                 strlen(r->date) >= 7 ? r->date + 5 : "01",
                 strlen(r->date) >= 10 ? r->date + 8 : "01");
        if ((st = xc_doc_set_value(doc, SLOT_DATE, date, 8, err)))
            return st;
    }
    return XC_OK;
}

/* One document (a file, or an item of a pack) as one Xapian document: the
 * title from position 1, then each passage PASSAGE_WINDOW positions after
 * the last one ended. */
static xc_status build(builder *b, xc_doc *doc, const doc_part *part, const char *file_term,
                       xc_error *err)
{
    const scr_record *r = &part->rec;
    /* A document with no passages is still findable by its title. */
    seg_passage title_only = {.text = r->title ? r->title : "", .heading = ""};
    const seg_passage *ps = part->seg.n_passages ? part->seg.passages : &title_only;
    size_t np = part->seg.n_passages ? part->seg.n_passages : 1;
    unsigned *starts = xcalloc(np, sizeof *starts);
    strlist kinds;
    sl_init(&kinds);
    char *part_term = schema_id_term(PREFIX_PART, r->id);
    xc_status st = xc_termgen_set_document(b->tg, doc, err);
    if (st == XC_OK && r->title)
        st = xc_termgen_index(b->tg, r->title, strlen(r->title), PREFIX_TITLE, err);
    unsigned pos = 0;
    const char **passage_kinds = xcalloc(np, sizeof *passage_kinds);
    for (size_t i = 0; i < np && st == XC_OK; i++) {
        st = xc_termgen_get_pos(b->tg, &pos, err);
        starts[i] = pos + PASSAGE_WINDOW + 1;
        if (st == XC_OK)
            st = index_passage(b, doc, &ps[i], i ? ps[i - 1].heading : NULL, starts[i], err);
        if (ps[i].kind && strcmp(ps[i].kind, "other") != 0) {
            passage_kinds[i] = ps[i].kind;
            if (!sl_contains(&kinds, ps[i].kind))
                sl_push(&kinds, ps[i].kind);
        }
    }
    if (st == XC_OK) /* (and so they have no kind-scoped terms either) */
        st = xc_doc_drop_stopword_positions(doc, err);
    if (st == XC_OK) /* the positions are final: the phrases they hold */
        st = xc_doc_add_phrase_terms(doc, b->vocab->phrases, err);
    /* kind:K words finds them from postings, not by NEAR (schema.h) */
    if (st == XC_OK)
        st = xc_doc_add_kind_words(doc, starts, passage_kinds, np, err);
    free(passage_kinds);
    if (st == XC_OK)
        st = add_facets(doc, r, &part->themes, &kinds, err);
    if (st == XC_OK && !(st = xc_doc_add_boolean_term(doc, file_term, err)))
        st = xc_doc_add_boolean_term(doc, part_term, err);
    if (st == XC_OK) {
        unsigned char *packed = xmalloc(np * 4);
        for (size_t i = 0; i < np; i++) {
            packed[4 * i] = (unsigned char)(starts[i] >> 24);
            packed[4 * i + 1] = (unsigned char)(starts[i] >> 16);
            packed[4 * i + 2] = (unsigned char)(starts[i] >> 8);
            packed[4 * i + 3] = (unsigned char)starts[i];
        }
        st = xc_doc_set_value(doc, SLOT_STARTS, (const char *)packed, np * 4, err);
        free(packed);
    }
    if (st == XC_OK) {
        char *data = document_data(r, ps, np);
        size_t len = strlen(data);
        const docdict *dict = docdict_trainer_pick(b->vocab->dict, data, len);
        st = docdata_set(doc, data, len, dict, err);
        if (dict)
            b->dict = dict;
        free(data);
    }
    free(part_term);
    sl_free(&kinds);
    free(starts);
    return st;
}

/* Appends the Xapian document of one part to out. */
static xc_status build_part(builder *b, const doc_part *part, const char *file_term,
                            writer_docs *out, xc_error *err)
{
    xc_doc *doc = NULL;
    xc_status st = xc_doc_new(&doc, err);
    if (st == XC_OK)
        st = build(b, doc, part, file_term, err);
    if (st != XC_OK) {
        xc_doc_free(doc);
        return st;
    }
    out->docs = xrealloc(out->docs, (out->n + 1) * sizeof *out->docs);
    out->docs[out->n++] = doc;
    return XC_OK;
}

scr_status writer_prepare(const writer_vocab *v, const built_doc *d, writer_docs **docs,
                          scr_error *error)
{
    xc_error err;
    builder b = {v, NULL, NULL};
    writer_docs *out = xcalloc(1, sizeof *out);
    char *file_term = schema_id_term(PREFIX_ID, d->path);
    xc_status st = xc_termgen_new(&b.tg, &err);
    for (size_t i = 0; i < d->n_parts && st == XC_OK; i++)
        st = build_part(&b, &d->parts[i], file_term, out, &err);
    xc_termgen_free(b.tg);
    free(file_term);
    for (size_t i = 1; i < out->n && st == XC_OK; i++)
        st = xc_doc_move_words(out->docs[0], out->docs[i], &err);
    out->dict = b.dict;
    if (st != XC_OK) {
        writer_docs_free(out);
        return writer_fail(error, d->path, &err);
    }
    *docs = out;
    return SCR_OK;
}

void writer_docs_free(writer_docs *docs)
{
    if (!docs)
        return;
    for (size_t i = 0; i < docs->n; i++)
        xc_doc_free(docs->docs[i]);
    free(docs->docs);
    free(docs);
}

