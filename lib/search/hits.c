/* hits.c: a search's page as hits (run.h): at document level each hit
 * with its best passage, the window's first re-ordered by their passages'
 * scores; at passage level every answering passage of every matching
 * document, counted and tallied for the facets. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "docdata.h"
#include "passages.h"
#include "run.h"
#include "schema.h"
#include "util.h"
#include "xapian-c.h"

static void tally_add(tally *t, const char *value)
{
    for (size_t i = 0; i < t->len; i++)
        if (strcmp(t->values[i].value, value) == 0) {
            t->values[i].count++;
            return;
        }
    t->values = xrealloc(t->values, (t->len + 1) * sizeof *t->values);
    t->values[t->len++] = (facet_value){xstrdup(value), 1};
}

static xc_status add_hit(searcher *s, run *r, unsigned docid, double score, json_t *doc,
                         long passage, xc_error *err)
{
    const search_request *req = r->req;
    search_result *res = r->res;
    res->hits = xgrow(res->hits, res->n_hits, sizeof *res->hits);
    search_hit *h = &res->hits[res->n_hits++];
    memset(h, 0, sizeof *h);
    h->rank = req->offset + (unsigned)res->n_hits;
    h->docid = docid;
    h->score = score;
    if (passage >= 0) {
        h->data = passage_hit_data(doc, (size_t)passage);
    } else {
        h->data = xcheck(json_copy(doc));
        json_object_del(h->data, DATA_PASSAGES);
    }
    if (!req->snippet_bytes)
        return XC_OK;
    json_t *text = json_object_get(h->data, DATA_TEXT);
    const char *t = json_is_string(text) ? json_string_value(text) : "";
    size_t tlen = json_is_string(text) ? json_string_length(text) : 0;
    xc_status st = XC_OK;
    if (r->shown && !r->snippets) { /* the user's words, weighed as alone */
        xc_enquire *words = NULL;
        st = xc_enquire_new(s->db, &words, err);
        if (st == XC_OK)
            st = xc_enquire_set_query(words, r->shown, err);
        if (st == XC_OK)
            st = xc_enquire_mset(words, 0, 0, 0, &r->snippets, err);
        xc_enquire_free(words);
    }
    if (st != XC_OK)
        return st;
    return xc_mset_snippet(r->snippets ? r->snippets : r->mset, t, tlen, req->snippet_bytes,
                           req->hi_start, req->hi_end, "...", &h->snippet, err);
}

/* Item i of the mset: its docid, weight, document and answering passages,
 * best first (*np of them; *npassages in all).  The document's data is not
 * read: ranking needs only the passages' starts. */
static xc_status item_passages(searcher *s, run *r, unsigned i, unsigned *docid,
                               double *score, xc_doc **xdoc, passage_score **ps, long *np,
                               size_t *npassages, xc_error *err)
{
    unsigned *starts = NULL;
    size_t n = 0;
    *xdoc = NULL;
    *ps = NULL;
    *np = 0;
    xc_status st = xc_mset_item(r->mset, i, docid, score, xdoc, err);
    if (st == XC_OK)
        st = passage_starts(*xdoc, &starts, &n, err);
    const passage_scope *scope = r->prebuilt ? r->prebuilt_scope : &r->scope;
    if (st == XC_OK) {
        *np = passages_rank(s->db, r->enq, *docid, starts, n, scope, r->doccount, ps, err);
        if (*np < 0)
            st = err->status;
    }
    free(starts);
    if (npassages)
        *npassages = n;
    if (st != XC_OK) {
        xc_doc_free(*xdoc);
        *xdoc = NULL;
        free(*ps);
        *ps = NULL;
    }
    return st;
}

/* A document's stored data with passage `only` (all when < 0), read no
 * further than passage `upto` (all when < 0): a passage's line (upto + 1)
 * is as far as the data is decompressed. */
static xc_status document_json(xc_doc *xdoc, long only, long upto, json_t **out, xc_error *err)
{
    char *data = NULL;
    size_t len = 0;
    xc_status st = upto >= 0 ? docdata_get_lines(xdoc, (size_t)upto + 1, &data, &len, err)
                             : docdata_get(xdoc, &data, &len, err);
    *out = st == XC_OK ? document_parse(data, len, only) : NULL;
    free(data);
    return st;
}

/* The best passage's share in the final order: document weight / the top
 * weight, plus this times passage score / the top passage score (0.25, 0.5
 * and 1 measured on ../shared/realdocs: 0.669, 0.679, 0.675 nDCG@10). */
#define PASSAGE_SHARE 0.5
/* The same for precedent (--like, --similar), whose answer is the passage:
 * as much as the document's weight (0, 0.5, 1 and 2 on 14 texts of
 * bench/eval-precedent over ../shared/realdocs: 0.46, 0.66, 0.69, 0.67 of
 * the first five passages on the text's subject). */
#define PRECEDENT_PASSAGE_SHARE 1.0

typedef struct candidate {
    unsigned docid;
    double weight, passage_score, order;
    xc_doc *doc;
    long best;
} candidate;

static int by_order(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    return x->order < y->order ? 1 : x->order > y->order ? -1 : 0;
}

/* Document level: each hit of the page shows its best passage; with
 * reranking, the mset holds the first RERANK_DEPTH (or more) documents and
 * the page is cut from them once re-ordered.  Only the page's documents
 * have their data read. */
xc_status document_hits(searcher *s, run *r, int rerank, xc_error *err)
{
    xc_status st = XC_OK;
    unsigned n = xc_mset_size(r->mset);
    candidate *c = xcalloc(n ? n : 1, sizeof *c);
    unsigned got = 0;
    double top_weight = 0, top_passage = 0;
    const passage_scope *scope = r->prebuilt ? r->prebuilt_scope : &r->scope;
    for (unsigned i = 0; st == XC_OK && i < n; i++) {
        passage_score *ps;
        long np;
        size_t all;
        if (i >= 10 && run_time_up(r)) { /* the page so far, said to be partial */
            r->res->partial = 1;
            break;
        }
        candidate *ci = &c[got];
        st = item_passages(s, r, i, &ci->docid, &ci->weight, &ci->doc, &ps, &np, &all, err);
        if (st != XC_OK)
            break;
        if (np == 0 && scope && ci->docid == scope->skip_docid) {
            /* the source passage was its only answer: the source itself,
             * which matched its own words, not a match (nor in the total) */
            free(ps);
            xc_doc_free(ci->doc);
            ci->doc = NULL;
            if (r->res->total)
                r->res->total--;
            continue;
        }
        got++;
        ci->best = np > 0 ? (long)ps[0].passage : all ? 0 : -1;
        ci->passage_score = np > 0 ? ps[0].score : 0;
        free(ps);
        if (got <= RERANK_DEPTH && ci->weight > top_weight)
            top_weight = ci->weight;
        if (got <= RERANK_DEPTH && ci->passage_score > top_passage)
            top_passage = ci->passage_score;
    }
    unsigned first = 0;
    if (st == XC_OK && rerank) {
        /* the first RERANK_DEPTH only, whatever the page: a page that
         * reaches past them must not re-order what earlier pages showed */
        unsigned top = got < RERANK_DEPTH ? got : RERANK_DEPTH;
        double share = r->prebuilt ? PRECEDENT_PASSAGE_SHARE : PASSAGE_SHARE;
        for (unsigned i = 0; i < top; i++)
            c[i].order = (top_weight > 0 ? c[i].weight / top_weight : 0) +
                         share * (top_passage > 0 ? c[i].passage_score / top_passage : 0);
        qsort(c, top, sizeof *c, by_order);
        first = r->req->offset;
    }
    for (unsigned i = first; st == XC_OK && i < got && r->res->n_hits < r->req->limit; i++) {
        json_t *doc = NULL;
        st = document_json(c[i].doc, c[i].best, c[i].best, &doc, err);
        if (st == XC_OK)
            st = add_hit(s, r, c[i].docid, c[i].weight, doc, c[i].best, err);
        json_decref(doc);
    }
    for (unsigned i = 0; i < got; i++)
        xc_doc_free(c[i].doc);
    free(c);
    return st;
}

/* A document's markers of one term (a theme's, a kind's) tallied for
 * its answering passages, once a passage. */
typedef struct marked {
    tally *tally;
    const char *value;        /* the term's value: the facet's */
    const unsigned *starts;   /* the passages' first positions */
    size_t n;                 /* passages */
    const unsigned char *ans; /* answering, by passage */
    long last;                /* the passage last tallied */
    unsigned docid;
    int by_document;          /* kept with docid, counted later (run.h) */
} marked;

static void tally_marker(void *ctx, unsigned pos)
{
    marked *m = ctx;
    size_t p = passage_of(m->starts, m->n, pos);
    if (p >= m->n || !m->ans[p] || (long)p == m->last)
        return;
    m->last = (long)p;
    if (!m->by_document) {
        tally_add(m->tally, m->value);
        return;
    }
    tally *t = m->tally;
    if ((t->n_marked & (t->n_marked - 1)) == 0) /* 0, 1, 2, 4...: doubled */
        t->marked = xrealloc(t->marked, (t->n_marked ? 2 * t->n_marked : 1) * sizeof *t->marked);
    t->marked[t->n_marked++] = (struct marked_passage){m->value, m->docid};
}

static void add_marker_term(void *ctx, const char *term) { sl_push(ctx, term); }

/* The passage-level theme and kind facets of a document's answering
 * passages ps (np of them), from the markers at their first positions,
 * each term's positions read on their own: the document's data parsed
 * was 90% of such a count (7 s at 10,000 generated documents), its
 * termlist read whole (compressed) 5 s. */
static xc_status tally_markers(searcher *s, run *r, unsigned docid, xc_doc *xdoc,
                               const passage_score *ps, long np, xc_error *err)
{
    unsigned *starts = NULL;
    size_t n = 0;
    xc_status st = passage_starts(xdoc, &starts, &n, err);
    unsigned char *ans = xcalloc(n ? n : 1, 1);
    for (long k = 0; k < np; k++)
        if (ps[k].passage < n)
            ans[ps[k].passage] = 1;
    /* a document found by words that place no passage (a title's), shown
     * by its opening: a theme's filter would keep every passage of the
     * theme in it (passages.c), so each counts */
    int groups = 0;
    for (size_t g = 0; g < r->scope.n; g++)
        groups |= r->scope.groups[g].len > 0;
    if (r->scope.unplaced && !groups && np == 1 && ps[0].passage == 0 && ps[0].score == 0)
        memset(ans, 1, n);
    for (size_t f = 0; st == XC_OK && f < r->req->n_facets; f++) {
        const char *name = r->req->facets[f];
        int theme = strcmp(name, "theme") == 0;
        if (!theme && strcmp(name, "kind") != 0)
            continue;
        const char *prefix = theme ? PREFIX_THEME : PREFIX_KIND;
        strlist *terms = &r->markers[theme];
        if (!r->markers_read[theme]) { /* the database's, once a search */
            st = xc_rdb_each_term(s->db, prefix, add_marker_term, terms, err);
            r->markers_read[theme] = 1;
        }
        /* --match all: a document's passages count under a theme only
         * where the query with that filter finds the document (each word
         * in a passage of the theme, not only one) */
        int by_document = r->req->match == MATCH_ALL && !r->prebuilt &&
                          !query_blank(r->req->query);
        for (size_t t = 0; st == XC_OK && t < terms->len; t++) {
            marked m = {&r->tallies[f], terms->items[t] + strlen(prefix), starts, n, ans, -1,
                        docid, by_document};
            st = xc_rdb_positions(s->db, docid, terms->items[t], tally_marker, &m, err);
        }
    }
    free(ans);
    free(starts);
    return st;
}

/* One answering passage at passage level: counted, faceted (but by theme
 * and kind: tally_markers), listed when it falls in the page. */
static xc_status passage_found(searcher *s, run *r, unsigned docid, double score, json_t *doc,
                               xc_doc *xdoc, size_t passage, xc_error *err)
{
    const search_request *req = r->req;
    for (size_t f = 0; f < req->n_facets; f++) {
        const schema_facet *fc = schema_facet_find(req->facets[f]);
        if (strcmp(fc->name, "theme") == 0 || strcmp(fc->name, "kind") == 0)
            continue;
        char *value = NULL;
        size_t len = 0;
        xc_status st = xc_doc_get_value(xdoc, fc->slot, &value, &len, err);
        if (st != XC_OK)
            return st;
        strlist values;
        sl_init(&values);
        char sep[2] = {SCHEMA_MULTI_SEP, 0};
        sl_split(&values, value, sep[0]);
        for (size_t k = 0; k < values.len; k++)
            tally_add(&r->tallies[f], values.items[k]);
        sl_free(&values);
        free(value);
    }
    r->seen++;
    if (r->seen <= req->offset || r->res->n_hits >= req->limit)
        return XC_OK;
    return add_hit(s, r, docid, score, doc, (long)passage, err);
}

/* The answering passages per document of the matching documents from
 * rank `from` to `docs`, in *rate: sampled at three depths, SAMPLE
 * documents each (the best documents hold the query's words most: the
 * rate of those read for the page doubled the estimate on generated
 * documents). */
static xc_status sampled_rate(searcher *s, run *r, unsigned from, unsigned docs, double *rate,
                              xc_error *err)
{
    enum { SAMPLE = 16 };
    xc_mset *page = r->mset; /* item_passages reads r->mset */
    xc_status st = XC_OK;
    unsigned read = 0;
    long found = 0;
    for (unsigned j = 0; j < 3 && st == XC_OK; j++) {
        unsigned at = from + (unsigned)((double)(docs - from) * (2 * j + 1) / 6);
        r->mset = NULL;
        st = xc_enquire_mset(r->enq, at, SAMPLE, 0, &r->mset, err);
        unsigned size = st == XC_OK ? xc_mset_size(r->mset) : 0;
        for (unsigned i = 0; st == XC_OK && i < size; i++) {
            unsigned docid;
            double score;
            xc_doc *xdoc = NULL;
            passage_score *ps;
            long np;
            st = item_passages(s, r, i, &docid, &score, &xdoc, &ps, &np, NULL, err);
            if (st == XC_OK) {
                found += np;
                read++;
            }
            xc_doc_free(xdoc);
            free(ps);
        }
        xc_mset_free(r->mset);
    }
    r->mset = page;
    *rate = read ? (double)found / read : 0;
    return st;
}

/* Passage level: every answering passage of every matching document, in
 * the documents' order, best passage first within each; counted exactly
 * (each document's passages are found from its term positions) when every
 * matching document was read, as --count and --facets ask; a page filled
 * sooner estimates the rest from the passages per document read. */
xc_status passage_hits(searcher *s, run *r, xc_error *err)
{
    const unsigned batch = 200;
    unsigned walked = 0; /* documents read */
    xc_status st = XC_OK;
    int need_all = r->req->exact_total || r->req->n_facets;
    for (unsigned first = 0; st == XC_OK; first += batch) {
        xc_mset_free(r->mset);
        r->mset = NULL;
        st = run_limit_time(r, r->enq, err);
        if (st == XC_OK)
            st = xc_enquire_mset(r->enq, first, batch, r->doccount, &r->mset, err);
        if (st == XC_OK && run_time_up(r)) /* Xapian stopped looking at matches */
            r->res->partial = 1;
        unsigned size = st == XC_OK ? xc_mset_size(r->mset) : 0;
        for (unsigned i = 0; st == XC_OK && i < size; i++) {
            if ((first || i) && run_time_up(r)) { /* what was found so far: partial */
                r->res->partial = 1;
                break;
            }
            unsigned docid;
            double score;
            xc_doc *xdoc = NULL;
            json_t *doc = NULL;
            passage_score *ps;
            long np;
            st = item_passages(s, r, i, &docid, &score, &xdoc, &ps, &np, NULL, err);
            walked++;
            /* the data only when a passage is shown */
            int shows = r->seen + (unsigned)np > r->req->offset && r->res->n_hits < r->req->limit;
            long last = -1; /* the answering passages, as far as the last */
            for (long k = 0; k < np; k++)
                if ((long)ps[k].passage > last)
                    last = (long)ps[k].passage;
            if (st == XC_OK && np > 0 && shows)
                st = document_json(xdoc, -1, last, &doc, err);
            if (st == XC_OK && np > 0 && r->passage_facets)
                st = tally_markers(s, r, docid, xdoc, ps, np, err);
            /* a passage's score: its own (the idf of the query words in it) */
            for (long k = 0; st == XC_OK && k < np; k++)
                st = passage_found(s, r, docid, ps[k].score, doc, xdoc, ps[k].passage, err);
            json_decref(doc);
            xc_doc_free(xdoc);
            free(ps);
        }
        if (st != XC_OK || size < batch || r->res->partial)
            break;
        if (!need_all && r->res->n_hits >= r->req->limit)
            break;
    }
    r->res->total = r->seen;
    r->res->exact = !r->res->partial;
    if (!need_all && r->res->n_hits >= r->req->limit && st == XC_OK && !r->res->partial &&
        xc_mset_size(r->mset) == batch) {
        unsigned docs = xc_mset_estimate(r->mset);
        double rate = 0;
        r->res->exact = 0;
        if (docs > walked && (st = sampled_rate(s, r, walked, docs, &rate, err)) == XC_OK)
            r->res->total += (unsigned)((docs - walked) * rate + 0.5);
    }
    return st;
}

