/* explain.c: see explain.h. */
#include "explain.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "docformat.h"
#include "normalise.h"
#include "taxonomy.h"
#include "util.h"

static json_t *strings(const strlist *sl)
{
    json_t *a = xcheck(json_array());
    for (size_t i = 0; i < sl->len; i++)
        json_array_append_new(a, json_string(sl->items[i]));
    return a;
}

static char *joined(const strlist *sl, const char *sep)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < sl->len; i++)
        sb_addf(&sb, "%s%s", i ? sep : "", sl->items[i]);
    return sb_steal(&sb);
}

/* Whether the manifest set field of part p: an item of an agenda pack
 * takes its own title, type and date (its cover's), whatever the manifest
 * says of the pack; only the authorities and publisher come from it. */
static int set_by_manifest(const built_doc *d, const doc_part *p, const char *field)
{
    return sl_contains(&d->overridden, field) &&
           (!p->rec.pack || strcmp(field, "authorities") == 0 || strcmp(field, "publisher") == 0);
}

static const char *why(const built_doc *d, const doc_part *p, const char *field,
                       const char *detected)
{
    return set_by_manifest(d, p, field) ? "set by manifest.tsv" : detected;
}

/* The runner-up of a field, and its confidence: a field the manifest set
 * has none, and is sure. */
static const char *next_of(const built_doc *d, const doc_part *p, const char *field,
                           const char *detected)
{
    return set_by_manifest(d, p, field) ? "none (set by manifest.tsv)"
                                        : detected ? detected : "none";
}

static const char *conf_of(const built_doc *d, const doc_part *p, const char *field,
                           const char *detected)
{
    return set_by_manifest(d, p, field) ? CONF_HIGH : detected ? detected : CONF_LOW;
}

/* A part's confidence: its least sure field's. */
static const char *part_conf(const built_doc *d, const doc_part *p)
{
    const char *c = conf_of(d, p, "authorities", d->an.authorities_conf);
    c = analyse_conf_min(c, conf_of(d, p, "publisher", d->an.publisher_conf));
    c = analyse_conf_min(c, conf_of(d, p, "doctype", p->doctype_conf));
    return analyse_conf_min(c, conf_of(d, p, "date", p->date_conf));
}

static json_t *sections_json(const segmented *s)
{
    json_t *a = xcheck(json_array());
    for (size_t i = 0; i < s->n_sections; i++) {
        const seg_section *sec = &s->sections[i];
        if (i == 0 && sec->passages == 0)
            continue; /* nothing before the first heading */
        json_array_append_new(a, json_pack("{s:s, s:s, s:i, s:i}", "heading", sec->heading,
                                           "path", sec->path, "level", sec->level, "passages",
                                           (json_int_t)sec->passages));
    }
    return a;
}

static json_t *part_json(const built_doc *d, const doc_part *p)
{
    const scr_record *r = &p->rec;
    char *pub = joined(&r->publishers, " and ");
    json_t *o = xcheck(json_object());
    char *file = xcheck(norm_repair(d->path)), *id = xcheck(norm_repair(r->id));
    json_object_set_new(o, "file", json_string(file));
    json_object_set_new(o, "id", json_string(id));
    free(file);
    free(id);
    json_object_set_new(o, "format", json_string(format_name(d->format)));
    json_object_set_new(o, "title", json_string(r->title));
    json_object_set_new(o, "authorities", strings(&r->authorities));
    json_object_set_new(o, "publisher", r->publishers.len ? json_string(pub) : json_null());
    json_object_set_new(o, "publishers", strings(&r->publishers));
    json_object_set_new(o, "doctype", json_string(r->doctype ? r->doctype : "other"));
    json_object_set_new(o, "date", r->date ? json_string(r->date) : json_null());
    json_object_set_new(o, "year", r->year ? json_integer(r->year) : json_null());
    json_object_set_new(o, "pack", r->pack ? json_string(r->pack) : json_null());
    json_object_set_new(o, "sections", sections_json(&p->seg));
    json_object_set_new(o, "passages", json_integer((json_int_t)p->seg.n_passages));
    json_object_set_new(o, "themes", strings(&p->themes));
    json_t *details = xcheck(json_array());
    for (size_t i = 0; i < p->seg.n_passages; i++) {
        const seg_passage *sp = &p->seg.passages[i];
        json_array_append_new(details,
                              json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}", "passage",
                                        (json_int_t)i, "heading", sp->heading, "kind",
                                        sp->kind ? sp->kind : "other", "kind_why",
                                        sp->kind_why ? sp->kind_why : "", "themes",
                                        strings(&sp->themes), "themes_why",
                                        strings(&sp->themes_why)));
    }
    json_object_set_new(o, "passage_details", details);
    json_object_set_new(o, "evidence",
                        json_pack("{s:s, s:s, s:s, s:s, s:s}", "title",
                                  why(d, p, "title", p->title_why), "authorities",
                                  why(d, p, "authorities", d->an.authorities_why), "publisher",
                                  why(d, p, "publisher", d->an.publisher_why), "doctype",
                                  why(d, p, "doctype", p->doctype_why), "date",
                                  why(d, p, "date", p->date_why)));
    json_object_set_new(o, "runner_up",
                        json_pack("{s:s, s:s, s:s, s:s}", "authorities",
                                  next_of(d, p, "authorities", d->an.authorities_next), "publisher",
                                  next_of(d, p, "publisher", d->an.publisher_next), "doctype",
                                  next_of(d, p, "doctype", p->doctype_next), "date",
                                  next_of(d, p, "date", p->date_next)));
    json_object_set_new(o, "confidences",
                        json_pack("{s:s, s:s, s:s, s:s}", "authorities",
                                  conf_of(d, p, "authorities", d->an.authorities_conf), "publisher",
                                  conf_of(d, p, "publisher", d->an.publisher_conf), "doctype",
                                  conf_of(d, p, "doctype", p->doctype_conf), "date",
                                  conf_of(d, p, "date", p->date_conf)));
    json_object_set_new(o, "confidence", json_string(part_conf(d, p)));
    free(pub);
    return o;
}

void explain_json(FILE *out, const built_doc *d)
{
    /* A file is one object; the items of an agenda pack are listed in it. */
    json_t *o = part_json(d, &d->parts[0]);
    json_object_set_new(o, "pages", json_integer((json_int_t)d->pages));
    json_t *items = xcheck(json_array());
    for (size_t i = 1; i < d->n_parts; i++)
        json_array_append_new(items, part_json(d, &d->parts[i]));
    json_object_set_new(o, "items", items);
    json_dumpf(o, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(o);
}

static void part_text(FILE *out, const built_doc *d, const doc_part *p, const char *indent)
{
    const scr_record *r = &p->rec;
    char *auth = joined(&r->authorities, ", ");
    char *pub = joined(&r->publishers, " and ");
    fprintf(out, "%stitle:       %s\n%s             (%s)\n", indent, r->title, indent,
            why(d, p, "title", p->title_why));
    fprintf(out, "%sauthorities: %s\n%s             (%s)\n", indent, *auth ? auth : "(none)",
            indent, why(d, p, "authorities", d->an.authorities_why));
    fprintf(out, "%s             runner-up: %s; confidence %s\n", indent,
            next_of(d, p, "authorities", d->an.authorities_next),
            conf_of(d, p, "authorities", d->an.authorities_conf));
    fprintf(out, "%spublisher:   %s\n%s             (%s)\n", indent, *pub ? pub : "(unknown)",
            indent, why(d, p, "publisher", d->an.publisher_why));
    fprintf(out, "%s             runner-up: %s; confidence %s\n", indent,
            next_of(d, p, "publisher", d->an.publisher_next),
            conf_of(d, p, "publisher", d->an.publisher_conf));
    fprintf(out, "%sdoctype:     %s\n%s             (%s)\n", indent,
            r->doctype ? r->doctype : "other", indent, why(d, p, "doctype", p->doctype_why));
    fprintf(out, "%s             runner-up: %s; confidence %s\n", indent,
            next_of(d, p, "doctype", p->doctype_next), conf_of(d, p, "doctype", p->doctype_conf));
    fprintf(out, "%sdate:        %s\n%s             (%s)\n", indent, r->date ? r->date : "(unknown)",
            indent, why(d, p, "date", p->date_why));
    fprintf(out, "%s             runner-up: %s; confidence %s\n", indent,
            next_of(d, p, "date", p->date_next), conf_of(d, p, "date", p->date_conf));
    fprintf(out, "%sconfidence:  %s\n", indent, part_conf(d, p));
    char *themes = joined(&p->themes, ", ");
    fprintf(out, "%sthemes:      %s\n%s             (found in %zu of its %zu passages or more)\n",
            indent, *themes ? themes : "(none)", indent, p->themes_needed, p->themes_of);
    free(themes);
    fprintf(out, "%ssections:    %zu, passages: %zu\n", indent, p->seg.n_sections,
            p->seg.n_passages);
    for (size_t i = 0; i < p->seg.n_sections; i++) {
        const seg_section *s = &p->seg.sections[i];
        if (i == 0 && s->passages == 0)
            continue;
        fprintf(out, "%s  %s (%zu)\n", indent, *s->path ? s->path : "(before any heading)",
                s->passages);
    }
    fprintf(out, "%spassages:\n", indent);
    for (size_t i = 0; i < p->seg.n_passages; i++) {
        const seg_passage *sp = &p->seg.passages[i];
        fprintf(out, "%s  [%zu] %s (%s): %.60s%s\n", indent, i, sp->kind ? sp->kind : "other",
                sp->kind_why ? sp->kind_why : "", sp->text, strlen(sp->text) > 60 ? "..." : "");
        for (size_t t = 0; t < sp->themes_why.len; t++)
            fprintf(out, "%s      theme %s\n", indent, sp->themes_why.items[t]);
    }
    free(auth);
    free(pub);
}

void explain_text(FILE *out, const built_doc *d)
{
    fprintf(out, "file:        %s\nformat:      %s", d->path, format_name(d->format));
    if (d->format == DOC_PDF)
        fprintf(out, ", %zu page%s", d->pages, d->pages == 1 ? "" : "s");
    fputc('\n', out);
    part_text(out, d, &d->parts[0], "");
    for (size_t i = 1; i < d->n_parts; i++) {
        fprintf(out, "item %zu of the pack:\n", i);
        part_text(out, d, &d->parts[i], "  ");
    }
}

/* A cell: tabs and line breaks would break the line's columns. */
static void tsv_cell(FILE *out, const char *s)
{
    for (; s && *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

void explain_tsv_header(FILE *out)
{
    fputs("file\ttitle\tauthorities\tpublisher\ttype\tdate\tconfidence\n", out);
}

void explain_tsv(FILE *out, const built_doc *d)
{
    for (size_t i = 0; i < d->n_parts; i++) {
        const doc_part *p = &d->parts[i];
        const scr_record *r = &p->rec;
        char *id = xcheck(norm_repair(r->id));
        char *auth = joined(&r->authorities, ";");
        char *pub = joined(&r->publishers, "+");
        tsv_cell(out, id);
        fputc('\t', out);
        tsv_cell(out, r->title);
        fputc('\t', out);
        tsv_cell(out, *auth ? auth : "none");
        fputc('\t', out);
        tsv_cell(out, *pub ? pub : "unknown");
        fputc('\t', out);
        tsv_cell(out, r->doctype ? r->doctype : "other");
        fputc('\t', out);
        tsv_cell(out, r->date ? r->date : "unknown");
        fputc('\t', out);
        tsv_cell(out, part_conf(d, p));
        fputc('\n', out);
        free(id);
        free(auth);
        free(pub);
    }
}
