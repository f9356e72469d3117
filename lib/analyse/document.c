/* document.c: see document.h. */
#include "document.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer.h"
#include "normalise.h"
#include "pack.h"
#include "reader.h"
#include "taxonomy.h"
#include "util.h"

static void copy_list(strlist *to, const strlist *from)
{
    for (size_t i = 0; i < from->len; i++)
        sl_push(to, from->items[i]);
}

/* The manifest's authorities as the gazetteer names them ("WIGAN
 * COUNCIL" is Wigan, as a query's authority: would take it): stored as
 * written they were facet values of their own, found by no filter.  One
 * it does not know is kept as written, said. */
static void known_authorities(const knowledge *k, built_doc *d, scr_record *r)
{
    const gazetteer *gaz = k ? knowledge_gazetteer(k) : NULL;
    for (size_t i = 0; gaz && i < r->authorities.len; i++) {
        char *name = str_trim(xstrdup(r->authorities.items[i]));
        const authority *a = *name ? gazetteer_lookup(gaz, name) : NULL;
        if (a) {
            free(r->authorities.items[i]);
            r->authorities.items[i] = xstrdup(a->name);
        } else if (*name) {
            fprintf(stderr,
                    "%s: %s: manifest.tsv: authority '%s' is not one the gazetteer knows "
                    "(data/authorities.tsv): kept as written\n",
                    util_progname(), d->path, name);
        }
        free(name);
    }
}

/* The manifest wins field by field over detection. */
static void apply_manifest(const knowledge *k, const manifest_entry *m, built_doc *d,
                           scr_record *r)
{
    scr_error err;
    if (manifest_apply(m, r, &err) != SCR_OK)
        fprintf(stderr, "%s: %s: %s\n", util_progname(), d->path, err.message);
    if (m->authority && *m->authority)
        known_authorities(k, d, r);
    if (k && m->doctype && *m->doctype) { /* a type no query would list nor expect */
        strlist types;
        sl_init(&types);
        knowledge_values(k, "type", &types);
        char *slug = norm_slug(r->doctype);
        if (slug && !sl_contains(&types, slug))
            fprintf(stderr,
                    "%s: %s: manifest.tsv: type '%s' is none of data/doctypes.tsv's "
                    "(scrutiny-query list types): kept as written\n",
                    util_progname(), d->path, r->doctype);
        free(slug);
        sl_free(&types);
    }
    if (m->title && *m->title)
        sl_push(&d->overridden, "title");
    if (m->authority && *m->authority)
        sl_push(&d->overridden, "authorities");
    if (m->publisher && *m->publisher)
        sl_push(&d->overridden, "publisher");
    if (m->doctype && *m->doctype)
        sl_push(&d->overridden, "doctype");
    if (m->date && *m->date && r->date && strcmp(r->date, m->date) == 0)
        sl_push(&d->overridden, "date");
}

/* How many of a document's n passages must have a theme for the document
 * to have it: one in THEME_DOCUMENT_SPAN (at least one), so that a short
 * letter wholly about what its one or two passages say has that theme,
 * and in a long report a theme is a real part of it, not a word passing
 * by.  (Measured on ../shared/realdocs with bench/eval-understanding: one
 * in 12 agrees with the labels best; one in 10 or 16 are close.) */
size_t theme_passages_needed(size_t n)
{
    size_t need = (n + THEME_DOCUMENT_SPAN - 1) / THEME_DOCUMENT_SPAN;
    return need ? need : 1;
}

/* Themes and kind of each passage, before merging (only passages of one
 * kind are joined). */
static void classify_passages(const taxonomy *t, doc_part *part)
{
    /* A section that lists its recommendations as items often goes on in
     * prose that weighs evidence (an APA letter's "For action" bullet, then
     * the inspectors' narrative): under a recommendation heading, only the
     * items of such a section are recommendations.  Areas for consideration
     * are often written as prose, and keep their heading's kind. */
    char *listed = xcalloc(part->seg.n_sections ? part->seg.n_sections : 1, 1);
    for (size_t i = 0; i < part->seg.n_passages; i++)
        if (part->seg.passages[i].list_item)
            listed[part->seg.passages[i].section] = 1;
    /* A section's heading is evidence for its passages: the passages
     * under "Being healthy" are about health though none says so. */
    size_t ns = part->seg.n_sections;
    strlist *heading_themes = xcalloc(ns ? ns : 1, sizeof *heading_themes);
    for (size_t s = 0; s < ns; s++) {
        sl_init(&heading_themes[s]);
        taxonomy_themes(t, part->seg.sections[s].heading, &heading_themes[s], NULL);
    }
    for (size_t i = 0; i < part->seg.n_passages; i++) {
        seg_passage *p = &part->seg.passages[i];
        taxonomy_themes(t, p->text, &p->themes, &p->themes_why);
        const strlist *ht = &heading_themes[p->section];
        for (size_t j = 0; j < ht->len; j++)
            if (!sl_contains(&p->themes, ht->items[j])) {
                sl_push(&p->themes, ht->items[j]);
                strbuf why;
                sb_init(&why);
                sb_addf(&why, "%s: its section's heading", ht->items[j]);
                sl_push(&p->themes_why, why.buf);
                sb_free(&why);
            }
        p->kind = taxonomy_kind(t, p->heading, p->text, &p->kind_why);
        if (listed[p->section] && !p->list_item && strcmp(p->kind, "recommendation") == 0) {
            free(p->kind_why);
            p->kind = taxonomy_kind(t, "", p->text, &p->kind_why);
            if (strcmp(p->kind, "other") == 0) {
                free(p->kind_why);
                p->kind_why = xstrdup("prose beside the listed recommendations of its section");
            }
        }
    }
    free(listed);
    for (size_t s = 0; s < ns; s++)
        sl_free(&heading_themes[s]);
    free(heading_themes);
}

/* The document's themes from its passages as merged, the passages the
 * index stores: a theme of theme_passages_needed of them. */
static void document_themes(const taxonomy *t, doc_part *part)
{
    size_t nt = taxonomy_theme_count(t);
    size_t *passages = xcalloc(nt ? nt : 1, sizeof *passages);
    sl_init(&part->themes);
    for (size_t i = 0; i < part->seg.n_passages; i++) {
        const seg_passage *p = &part->seg.passages[i];
        for (size_t j = 0; j < p->themes.len; j++)
            for (size_t k = 0; k < nt; k++)
                if (strcmp(p->themes.items[j], taxonomy_theme_slug(t, k)) == 0)
                    passages[k]++;
    }
    size_t need = theme_passages_needed(part->seg.n_passages);
    part->themes_needed = need;
    part->themes_of = part->seg.n_passages;
    for (size_t k = 0; k < nt; k++)
        if (passages[k] >= need)
            sl_push(&part->themes, taxonomy_theme_slug(t, k));
    free(passages);
}

static doc_part *add_part(built_doc *d)
{
    d->parts = xrealloc(d->parts, (d->n_parts + 1) * sizeof *d->parts);
    doc_part *p = &d->parts[d->n_parts++];
    memset(p, 0, sizeof *p);
    record_init(&p->rec);
    return p;
}

scr_status document_build_from(const knowledge *k, const char *path, const char *data,
                               size_t len, const manifest_entry *m, built_doc *out,
                               scr_error *err)
{
    memset(out, 0, sizeof *out);
    sl_init(&out->overridden);
    reader_text rt;
    scr_status rc = reader_parse(path, data, len, &rt, err);
    if (rc != SCR_OK)
        return rc;
    out->path = xstrdup(path);
    out->format = rt.format;
    out->pages = rt.pages;
    out->invalid = rt.invalid;
    analyse_document_from(k, rt.text, rt.title, m ? m->source : NULL, &out->an);

    /* the whole file, as detected, then as the manifest says */
    scr_record whole;
    record_init(&whole);
    whole.title = xstrdup(out->an.title);
    copy_list(&whole.authorities, &out->an.authorities);
    copy_list(&whole.publishers, &out->an.publishers);
    whole.doctype = xstrdup(out->an.doctype);
    if (out->an.date)
        record_set_date(&whole, out->an.date);
    if (m)
        apply_manifest(k, m, out, &whole);

    pack_item *items = NULL;
    char *committee = NULL;
    size_t n_items = pack_split(rt.text, &items, &committee);
    if (n_items == 0) {
        doc_part *p = add_part(out);
        p->rec = whole;
        p->rec.path = xstrdup(path);
        p->rec.id = xstrdup(path);
        p->rec.text = rt.text;
        p->rec.text_len = rt.len;
        rt.text = NULL;
        p->title_why = xstrdup(out->an.title_why);
        p->doctype_why = xstrdup(out->an.doctype_why);
        p->date_why = xstrdup(out->an.date_why);
        p->doctype_next = xstrdup(out->an.doctype_next);
        p->date_next = xstrdup(out->an.date_next);
        p->doctype_conf = out->an.doctype_conf;
        p->date_conf = out->an.date_conf;
    } else {
        for (size_t i = 0; i < n_items; i++) {
            doc_part *p = add_part(out);
            scr_record *r = &p->rec;
            r->path = xstrdup(path);
            strbuf id;
            sb_init(&id);
            if (i == 0)
                sb_adds(&id, path);
            else
                sb_addf(&id, "%s#%zu", path, i);
            r->id = sb_steal(&id);
            copy_list(&r->authorities, &whole.authorities);
            copy_list(&r->publishers, &whole.publishers);
            r->text = xstrndup(rt.text + items[i].start, items[i].end - items[i].start);
            r->text_len = strlen(r->text);
            if (i == 0) {
                /* the agenda stands for the pack */
                strbuf t;
                sb_init(&t);
                if (m && m->title && *m->title)
                    sb_adds(&t, whole.title);
                else
                    sb_addf(&t, "%s: agenda pack", items[0].title);
                r->title = sb_steal(&t);
                r->doctype = xstrdup(m && m->doctype && *m->doctype ? whole.doctype : "agenda-pack");
                if (whole.date)
                    record_set_date(r, whole.date);
                p->title_why = xstrdup("an agenda listing items with their pages: an agenda pack");
                p->doctype_why = xstrdup("the agenda of a pack");
                p->date_why = xstrdup(out->an.date_why);
                p->doctype_next = xstrdup("none");
                p->doctype_conf = CONF_HIGH;
                p->date_next = xstrdup(out->an.date_next);
                p->date_conf = out->an.date_conf;
            } else {
                r->title = xstrdup(items[i].title);
                r->pack = xstrdup(out->parts[0].rec.title);
                r->doctype = analyse_doctype_ex(k, r->title, r->text, &p->doctype_why, NULL,
                                                &p->doctype_next, &p->doctype_conf);
                int year = 0;
                /* "Minutes - 19 June 2019": a date in the title is the item's */
                char *date = analyse_date_ex(r->title, &p->date_why, &year, &p->date_next,
                                             &p->date_conf);
                if (date) {
                    free(p->date_why);
                    p->date_why = xstrdup("the date in the item's title");
                    p->date_conf = CONF_HIGH;
                } else {
                    free(p->date_why);
                    free(p->date_next);
                    date = analyse_date_ex(r->text, &p->date_why, &year, &p->date_next,
                                           &p->date_conf);
                }
                if (date)
                    record_set_date(r, date);
                else if (whole.date) {
                    record_set_date(r, whole.date);
                    free(p->date_why);
                    p->date_why = xstrdup("the pack's date");
                    p->date_conf = out->an.date_conf;
                }
                free(date);
                p->title_why = xstrdup("the line that opens this item of the pack");
            }
        }
        pack_items_free(items, n_items);
        record_free(&whole);
    }
    free(committee);
    for (size_t i = 0; i < out->n_parts; i++) {
        segment_text(out->parts[i].rec.text, taxonomy_kind_headings(knowledge_taxonomy(k)),
                     &out->parts[i].seg);
        classify_passages(knowledge_taxonomy(k), &out->parts[i]);
        segment_merge(&out->parts[i].seg);
        document_themes(knowledge_taxonomy(k), &out->parts[i]);
    }
    reader_text_free(&rt);
    return 0;
}

void built_doc_free(built_doc *d)
{
    for (size_t i = 0; i < d->n_parts; i++) {
        record_free(&d->parts[i].rec);
        segmented_free(&d->parts[i].seg);
        sl_free(&d->parts[i].themes);
        free(d->parts[i].title_why);
        free(d->parts[i].doctype_why);
        free(d->parts[i].date_why);
        free(d->parts[i].doctype_next);
        free(d->parts[i].date_next);
    }
    free(d->parts);
    analysis_free(&d->an);
    sl_free(&d->overridden);
    free(d->path);
    memset(d, 0, sizeof *d);
}
