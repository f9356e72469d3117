/* facet-counts.c: a search's facet counts (run.h): from the facet values'
 * sets within the matches (facets.h), the kind facet's by the query's
 * words in passages of each kind, from the spies for facets counted from
 * each match's values, and from the tallies at passage level. */
#include <stdlib.h>
#include <string.h>

#include "facets.h"
#include "run.h"
#include "schema.h"
#include "util.h"
#include "xapian-c.h"

/* The documents the query finds with kind:KIND added: what the kind
 * facet counts (the query's words in a passage of that kind), as a filter
 * of it would find. */
static xc_status count_with_kind(searcher *s, const run *r, const char *kind,
                                 unsigned *out, xc_error *err)
{
    char *text = query_with_filter(r->req->query, "kind", kind);
    xc_status st = query_count(s, text, r->req->no_synonyms, r->req->match,
                               run_seconds_left(r), out, err);
    free(text);
    return st;
}

/* The documents that parsed (the query, its words not yet scoped) finds
 * with a passage filter added (marker: its term, XKrecommendation,
 * XTHsend): its words in passages of that kind or theme.  *done is 0 when
 * the set cannot be made so (a remote shard). */
static xc_status filtered_set(searcher *s, const run *r, const xc_query *parsed,
                              const char *marker, roaring_bitmap_t *set, int *done,
                              xc_error *err)
{
    xc_query *m = NULL, *filtered = NULL, *scoped = NULL;
    *done = 0;
    xc_status st = xc_query_term(marker, &m, err);
    if (st == XC_OK)
        st = xc_query_filter(parsed, m, &filtered, err);
    if (st == XC_OK)
        st = query_scope(filtered, r->req->match, &scoped, NULL, err);
    if (st == XC_OK)
        st = xc_query_docs_positions(s->db, scoped, run_seconds_left(r), set, done, err);
    xc_query_free(scoped);
    xc_query_free(filtered);
    xc_query_free(m);
    return st;
}

/* A passage-level theme or kind facet under --match all (tally.marked):
 * each value counts the answering passages of that value in the
 * documents that the query with the value's filter finds, as adding
 * the filter at that level lists them; where that set cannot be made,
 * every marked passage. */
static xc_status count_marked(searcher *s, const run *r, int theme, tally *t, xc_error *err)
{
    /* the value of each marker term tally_markers read (run.markers) */
    const strlist *terms = &r->markers[theme];
    const size_t skip = strlen(theme ? PREFIX_THEME : PREFIX_KIND);
    xc_query *parsed = NULL;
    xc_status st = t->n_marked ? query_parse_unscoped(s, r->req->query, r->req->no_synonyms,
                                                      r->req->match, &parsed, err)
                               : XC_OK;
    for (size_t m = 0; st == XC_OK && parsed && m < terms->len; m++) {
        const char *v = terms->items[m] + skip;
        size_t marked = 0;
        for (size_t j = 0; j < t->n_marked; j++)
            marked += strcmp(t->marked[j].value, v) == 0;
        if (!marked) /* none of its passages answers: no set to make */
            continue;
        roaring_bitmap_t *set = xcheck(roaring_bitmap_create());
        int done = 0;
        st = filtered_set(s, r, parsed, terms->items[m], set, &done, err);
        unsigned count = 0;
        for (size_t j = 0; st == XC_OK && j < t->n_marked; j++)
            count += strcmp(t->marked[j].value, v) == 0 &&
                     (!done || roaring_bitmap_contains(set, t->marked[j].docid));
        if (st == XC_OK && count) {
            t->values = xrealloc(t->values, (t->len + 1) * sizeof *t->values);
            t->values[t->len++] = (facet_value){xstrdup(v), count};
        }
        roaring_bitmap_free(set);
    }
    xc_query_free(parsed);
    return st;
}

/* The kind facet's counts at document level for a query with words: for
 * each kind, the matches that the query with kind:K added finds (its words
 * in a passage of that kind), from postings: the query is parsed once and
 * scoped per kind, which turns its words into kind-scoped terms, and the
 * terms' postings are read once for all kinds (and kept with the
 * database's revision for the next query); within the matches (a
 * query with a kind of its own would otherwise count the words in either
 * kind's passages).  Phrases and NEARs (--match passage) are matched by
 * Xapian, once for all kinds where they are the same. */
static xc_status count_kinds(searcher *s, const run *r, const roaring_bitmap_t *match,
                             search_facet *f, xc_error *err)
{
    xc_query *parsed = NULL;
    xc_status st = query_parse_unscoped(s, r->req->query, r->req->no_synonyms, r->req->match,
                                        &parsed, err);
    for (size_t j = 0; st == XC_OK && j < f->len; j++) {
        strbuf term;
        sb_init(&term);
        sb_addf(&term, "%s%s", PREFIX_KIND, f->values[j].value);
        roaring_bitmap_t *set = xcheck(roaring_bitmap_create());
        int done = 0;
        st = filtered_set(s, r, parsed, term.buf, set, &done, err);
        sb_free(&term);
        if (st == XC_OK && done)
            f->values[j].count = (unsigned)(match ? roaring_bitmap_and_cardinality(set, match)
                                                  : roaring_bitmap_get_cardinality(set));
        else if (st == XC_OK)
            st = count_with_kind(s, r, f->values[j].value, &f->values[j].count, err);
        roaring_bitmap_free(set);
    }
    xc_query_free(parsed);
    return st;
}

/* The facet counts: at passage level from the tallies; at document level
 * from the value sets (match: the matching documents, NULL for all) or,
 * for facets not counted by sets, from the spies. */
xc_status collect_facets(searcher *s, xc_facetspy **spies, const roaring_bitmap_t *match,
                                run *r, xc_error *err)
{
    const search_request *req = r->req;
    search_result *res = r->res;
    res->facets = xcalloc(req->n_facets, sizeof *res->facets);
    res->n_facets = req->n_facets;
    for (size_t i = 0; i < req->n_facets; i++) {
        search_facet *f = &res->facets[i];
        f->name = req->facets[i];
        const schema_facet *sf = schema_facet_find(f->name);
        if (!r->tallies && facet_by_sets(sf)) {
            xc_status st = facet_sets_count(s->sets, s->db, sf, match, f, err);
            /* kinds: documents with a passage of the kind among the
             * matches are the candidates; the query's words must be in it */
            int words = strcmp(sf->name, "kind") == 0 && !r->prebuilt && !query_blank(req->query);
            if (st == XC_OK && words)
                st = count_kinds(s, r, match, f, err);
            if (st != XC_OK)
                return st;
            if (words) { /* drop those that fell to 0, order again */
                size_t k = 0;
                for (size_t j = 0; j < f->len; j++) {
                    if (f->values[j].count)
                        f->values[k++] = f->values[j];
                    else
                        free(f->values[j].value);
                }
                f->len = k;
                qsort(f->values, f->len, sizeof *f->values, facet_value_order);
            }
            continue;
        }
        if (r->tallies) { /* passage level: counted here */
            if (r->tallies[i].n_marked) {
                xc_status st = count_marked(s, r, strcmp(f->name, "theme") == 0,
                                            &r->tallies[i], err);
                if (st != XC_OK)
                    return st;
            }
            f->values = r->tallies[i].values;
            f->len = r->tallies[i].len;
            r->tallies[i].values = NULL;
            r->tallies[i].len = 0;
            if (f->len) /* qsort takes no NULL, even for nothing */
                qsort(f->values, f->len, sizeof *f->values, facet_value_order);
            continue;
        }
        f->len = xc_facetspy_size(spies[i]);
        f->values = xcalloc(f->len, sizeof *f->values);
        for (size_t j = 0; j < f->len; j++) {
            const char *v;
            xc_facetspy_get(spies[i], (unsigned)j, &v, &f->values[j].count);
            f->values[j].value = xstrdup(v);
        }
    }
    return XC_OK;
}

