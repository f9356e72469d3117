/* search.c: running a search: the enquire, its page of hits with the
 * passage each shows, exact totals and facet counts. */
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facets.h"
#include "feedback.h"
#include "docdata.h"
#include "passages.h"
#include "schema.h"
#include "search-internal.h"
#include "util.h"
#include "xapian-c.h"

xc_status search_with_retry(searcher *s, search_attempt_fn fn, void *ctx, xc_error *err)
{
    xc_status st;
    for (int tries = 0;; tries++) {
        st = fn(s, ctx, err);
        if (st != XC_ERR_MODIFIED || tries == MODIFIED_RETRIES)
            return st;
        facet_sets_forget(s->sets); /* they were the old revision's */
        if (xc_rdb_reopen(s->db, NULL, err) != XC_OK)
            return err ? err->status : XC_ERR_OTHER;
    }
}

scr_status searcher_refresh(searcher *s, scr_error *error)
{
    xc_error err;
    int changed = 0;
    if (xc_rdb_reopen(s->db, &changed, &err) != XC_OK)
        return scr_fail(error, err.status, "reopening %s: %s", searcher_blame(s, err.status),
                        err.message);
    if (changed) /* the facet sets were the old revision's */
        facet_sets_forget(s->sets);
    return SCR_OK;
}

void search_result_free(search_result *res)
{
    for (size_t i = 0; i < res->n_hits; i++) {
        json_decref(res->hits[i].data);
        free(res->hits[i].snippet);
    }
    free(res->hits);
    for (size_t i = 0; i < res->n_facets; i++) {
        for (size_t j = 0; j < res->facets[i].len; j++)
            free(res->facets[i].values[j].value);
        free(res->facets[i].values);
    }
    free(res->facets);
    free(res->suggestion);
    memset(res, 0, sizeof *res);
}

/* Facet counts made here, at passage level: each answering passage counts
 * once under its document's values, its own themes and its kind. */
typedef struct tally {
    facet_value *values;
    size_t len;
} tally;

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

/* What one attempt at a search works with. */
typedef struct run {
    const search_request *req;
    const xc_query *prebuilt;
    const passage_scope *prebuilt_scope;
    search_result *res;
    /* per attempt */
    xc_query *q;
    xc_query *bound; /* for feedback: q's bound (query_parse_ranked), or NULL */
    xc_pool *pool;   /* the rescoring window: bound's best, or NULL */
    char *key;       /* what its ranked page is kept under (ranking_key), or NULL */
    xc_ranking *kept; /* the page another request kept under key, or NULL */
    strlist fed;     /* feedback's words, when key is set */
    passage_scope scope;
    xc_enquire *enq;
    xc_mset *mset;
    unsigned doccount;
    tally *tallies; /* passage level: one per facet */
    int passage_facets; /* passage level: theme or kind counted */
    unsigned seen;  /* passage level: answering passages so far */
    double deadline; /* search_limits_now() past which it stops; 0: never */
} run;

/* Whether r's time is up (the answer is then partial). */
static int time_up(const run *r)
{
    return r->deadline > 0 && search_limits_now() >= r->deadline;
}

/* enq's matching stops at r's deadline. */
/* The time this search has left, in seconds: 0 without a deadline. */
static double seconds_left(const run *r)
{
    if (r->deadline <= 0)
        return 0;
    double left = r->deadline - search_limits_now();
    /* 0 would mean no limit: a moment, when the time is up */
    return left > 1e-6 ? left : 1e-6;
}

static xc_status limit_time(const run *r, xc_enquire *enq, xc_error *err)
{
    double left = seconds_left(r);
    return left > 0 ? xc_enquire_set_time_limit(enq, left, err) : XC_OK;
}

static xc_status add_hit(searcher *s, run *r, unsigned docid, double score, json_t *doc,
                         long passage, xc_error *err)
{
    (void)s;
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
    return xc_mset_snippet(r->mset, t, tlen, req->snippet_bytes, req->hi_start, req->hi_end,
                           "...", &h->snippet, err);
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

/* Ranked queries (--match any) re-rank this many of the best documents by
 * how much of the query their best passage holds: words together in one
 * passage say more than the same words scattered. */
#define RERANK_DEPTH 30
/* The best passage's share in the final order: document weight / the top
 * weight, plus this times passage score / the top passage score (0.25, 0.5
 * and 1 measured on ../shared/realdocs: 0.669, 0.679, 0.675 nDCG@10). */
#define PASSAGE_SHARE 0.5

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
static xc_status document_hits(searcher *s, run *r, int rerank, xc_error *err)
{
    xc_status st = XC_OK;
    unsigned n = xc_mset_size(r->mset);
    candidate *c = xcalloc(n ? n : 1, sizeof *c);
    unsigned got = 0;
    double top_weight = 0, top_passage = 0;
    for (unsigned i = 0; st == XC_OK && i < n; i++) {
        passage_score *ps;
        long np;
        size_t all;
        if (i >= 10 && time_up(r)) { /* the page so far, said to be partial */
            r->res->partial = 1;
            break;
        }
        st = item_passages(s, r, i, &c[i].docid, &c[i].weight, &c[i].doc, &ps, &np, &all, err);
        if (st != XC_OK)
            break;
        got++;
        c[i].best = np > 0 ? (long)ps[0].passage : all ? 0 : -1;
        c[i].passage_score = np > 0 ? ps[0].score : 0;
        free(ps);
        if (i < RERANK_DEPTH && c[i].weight > top_weight)
            top_weight = c[i].weight;
        if (i < RERANK_DEPTH && c[i].passage_score > top_passage)
            top_passage = c[i].passage_score;
    }
    unsigned first = 0;
    if (st == XC_OK && rerank) {
        /* the first RERANK_DEPTH only, whatever the page: a page that
         * reaches past them must not re-order what earlier pages showed */
        unsigned top = got < RERANK_DEPTH ? got : RERANK_DEPTH;
        double share = PASSAGE_SHARE;
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

/* One answering passage at passage level: counted, faceted, listed when
 * it falls in the page. */
static xc_status passage_found(searcher *s, run *r, unsigned docid, double score, json_t *doc,
                               xc_doc *xdoc, size_t passage, xc_error *err)
{
    const search_request *req = r->req;
    json_t *p = json_array_get(json_object_get(doc, DATA_PASSAGES), passage);
    for (size_t f = 0; f < req->n_facets; f++) {
        const schema_facet *fc = schema_facet_find(req->facets[f]);
        if (strcmp(fc->name, "theme") == 0 || strcmp(fc->name, "kind") == 0) {
            json_t *v = json_object_get(p, fc->name[0] == 't' ? DATA_THEMES : DATA_KIND);
            size_t k;
            json_t *one;
            if (json_is_string(v) && strcmp(json_string_value(v), "other") != 0)
                tally_add(&r->tallies[f], json_string_value(v));
            json_array_foreach(json_is_array(v) ? v : NULL, k, one)
                tally_add(&r->tallies[f], json_string_value(one));
            continue;
        }
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

/* Passage level: every answering passage of every matching document, in
 * the documents' order, best passage first within each; counted exactly
 * (each document's passages are found from its term positions). */
static xc_status passage_hits(searcher *s, run *r, xc_error *err)
{
    const unsigned batch = 200;
    xc_status st = XC_OK;
    int need_all = r->req->exact_total || r->req->n_facets;
    for (unsigned first = 0; st == XC_OK; first += batch) {
        xc_mset_free(r->mset);
        r->mset = NULL;
        st = limit_time(r, r->enq, err);
        if (st == XC_OK)
            st = xc_enquire_mset(r->enq, first, batch, r->doccount, &r->mset, err);
        if (st == XC_OK && time_up(r)) /* Xapian stopped looking at matches */
            r->res->partial = 1;
        unsigned size = st == XC_OK ? xc_mset_size(r->mset) : 0;
        for (unsigned i = 0; st == XC_OK && i < size; i++) {
            if ((first || i) && time_up(r)) { /* what was found so far: partial */
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
            /* the data only when a passage is shown or counted by theme or
             * kind */
            int shows = r->seen + (unsigned)np > r->req->offset && r->res->n_hits < r->req->limit;
            long last = -1; /* the answering passages, as far as the last */
            for (long k = 0; k < np; k++)
                if ((long)ps[k].passage > last)
                    last = (long)ps[k].passage;
            if (st == XC_OK && np > 0 && (shows || r->passage_facets))
                st = document_json(xdoc, -1, last, &doc, err);
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
    if (!need_all && r->res->n_hits >= r->req->limit && st == XC_OK && !r->res->partial) {
        /* stopped early: at least what was seen */
        r->res->exact = xc_mset_size(r->mset) < batch;
    }
    return st;
}

/* Up to this many documents a search checks every match (see attempt). */
#define EXACT_DOCS 5000

static void add_match(void *ctx, unsigned docid) { roaring_bitmap_add(ctx, docid); }

/* Every match of r's query into set, by Xapian's matcher unweighted. */
static xc_status match_unweighted(searcher *s, const run *r, roaring_bitmap_t *set,
                                  xc_error *err)
{
    xc_enquire *enq = NULL;
    xc_docidspy *spy = NULL;
    xc_mset *m = NULL;
    xc_status st = query_unweighted(s, r->q, seconds_left(r), &enq, err);
    if (st == XC_OK)
        st = xc_docidspy_new(add_match, set, &spy, err);
    if (st == XC_OK)
        st = xc_enquire_add_docidspy(enq, spy, err);
    if (st == XC_OK)
        st = xc_enquire_mset(enq, 0, 0, r->doccount, &m, err);
    xc_mset_free(m);
    xc_enquire_free(enq); /* it points to the spy: first */
    xc_docidspy_free(spy);
    return st;
}

/* The documents the query finds with kind:KIND added: what the kind
 * facet counts (the query's words in a passage of that kind), as a filter
 * of it would find. */
static xc_status count_with_kind(searcher *s, const run *r, const char *kind,
                                 unsigned *out, xc_error *err)
{
    strbuf text;
    sb_init(&text);
    sb_addf(&text, "(%s) kind:%s", r->req->query, kind);
    xc_status st = query_count(s, text.buf, r->req->no_synonyms, r->req->match,
                               seconds_left(r), out, err);
    sb_free(&text);
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
        xc_query *marker = NULL, *filtered = NULL, *scoped = NULL;
        st = xc_query_term(term.buf, &marker, err);
        sb_free(&term);
        if (st == XC_OK)
            st = xc_query_filter(parsed, marker, &filtered, err);
        if (st == XC_OK)
            st = query_scope(filtered, r->req->match, &scoped, NULL, err);
        roaring_bitmap_t *set = xcheck(roaring_bitmap_create());
        int done = 0;
        if (st == XC_OK)
            st = xc_query_docs_positions(s->db, scoped, seconds_left(r), set, &done, err);
        if (st == XC_OK && done)
            f->values[j].count = (unsigned)(match ? roaring_bitmap_and_cardinality(set, match)
                                                  : roaring_bitmap_get_cardinality(set));
        else if (st == XC_OK)
            st = count_with_kind(s, r, f->values[j].value, &f->values[j].count, err);
        roaring_bitmap_free(set);
        xc_query_free(scoped);
        xc_query_free(filtered);
        xc_query_free(marker);
    }
    xc_query_free(parsed);
    return st;
}

/* The facet counts: at passage level from the tallies; at document level
 * from the value sets (match: the matching documents, NULL for all) or,
 * for facets not counted by sets, from the spies. */
static xc_status collect_facets(searcher *s, xc_facetspy **spies, const roaring_bitmap_t *match,
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

static void run_reset(run *r)
{
    xc_mset_free(r->mset);
    xc_enquire_free(r->enq);
    xc_query_free(r->q);
    xc_query_free(r->bound);
    xc_pool_free(r->pool);
    free(r->key);
    xc_ranking_free(r->kept);
    sl_free(&r->fed);
    passage_scope_free(&r->scope);
    if (r->tallies) {
        for (size_t i = 0; i < r->req->n_facets; i++) {
            for (size_t j = 0; j < r->tallies[i].len; j++)
                free(r->tallies[i].values[j].value);
            free(r->tallies[i].values);
        }
        free(r->tallies);
    }
    r->mset = NULL;
    r->enq = NULL;
    r->q = NULL;
    r->bound = NULL;
    r->pool = NULL;
    r->key = NULL;
    r->kept = NULL;
    r->tallies = NULL;
    r->seen = 0;
}

/* What a ranked page is kept under (xc_ranking_keep) for other requests:
 * the query and whatever else changes how the window weighs it (Xapian's
 * matcher can weigh a document differently as the page it fills, or the
 * matches it must see, differ).  NULL for a facet counted from each
 * match's values: its spy counts them as the window is weighed, which a
 * replay does not do.  malloc()ed. */
static char *ranking_key(const searcher *s, const search_request *req, unsigned depth)
{
    int sets = 0;
    for (size_t i = 0; i < req->n_facets; i++) {
        if (!facet_by_sets(schema_facet_find(req->facets[i])))
            return NULL;
        sets = 1;
    }
    const char *fmt = "match %d synonyms %d window %u depth %u facets %d exact %d\x1f%s";
    int n = snprintf(NULL, 0, fmt, (int)req->match, !req->no_synonyms, s->limits.rescore_window,
                     depth, sets, req->exact_total, req->query);
    char *key = xcheck(malloc((size_t)n + 1));
    snprintf(key, (size_t)n + 1, fmt, (int)req->match, !req->no_synonyms,
             s->limits.rescore_window, depth, sets, req->exact_total, req->query);
    return key;
}

/* One attempt at the whole search; XC_ERR_MODIFIED means try again. */
static xc_status attempt(searcher *s, void *ctx, xc_error *err)
{
    run *r = ctx;
    const search_request *req = r->req;
    search_result *res = r->res;
    search_result_free(res);
    res->match = req->match;
    run_reset(r);
    passage_scope_init(&r->scope);
    s->level = req->level;
    /* ranked queries with words: the words their best documents share
     * weigh too (filters alone rank nothing; known once parsed).  Not for
     * an empty page (--count, facets alone): the expansion only weighs,
     * never adds or removes a match, and was half of such a request */
    int feedback = req->match == MATCH_ANY && req->sort == SORT_RELEVANCE && !r->prebuilt &&
                   req->level == LEVEL_DOCUMENT && req->limit > 0;
    /* a filter of docids cannot go to a remote shard */
    xc_query **bound = feedback && !s->remote ? &r->bound : NULL;
    /* sorted by date, relevance only breaks ties: the proximity pairs
     * weigh as their bound does, without reading every match's positions */
    xc_status st = r->prebuilt ? xc_query_copy(r->prebuilt, &r->q, err)
                               : query_parse_ranked(s, req->query, req->no_synonyms, req->match,
                                                    req->sort == SORT_RELEVANCE, &r->q, bound,
                                                    &r->scope, err);
    if (st == XC_OK && getenv("SCRUTINY_DEBUG_QUERY")) { /* what Xapian runs */
        char *d = NULL;
        if (xc_query_describe(r->q, &d, NULL) == XC_OK)
            fprintf(stderr, "%s\n", d);
        free(d);
    }
    if (st == XC_OK)
        st = xc_rdb_doccount(s->db, &r->doccount, err);
    if (st == XC_OK)
        st = xc_enquire_new(s->db, &r->enq, err);
    if (st == XC_OK)
        st = xc_enquire_set_query(r->enq, r->q, err);
    /* Robertson's usual BM25 (Xapian's defaults discount long documents
     * less; 0.644 against 0.664 nDCG@10 on ../shared/realdocs) */
    if (st == XC_OK)
        st = xc_enquire_bm25(r->enq, 1.2, 0.75, err);
    /* the rescoring window (search-limits.h) where a bound ranks the
     * documents without positions (ranked queries, one database): its
     * best also give feedback its first documents */
    int words = r->scope.loose.len || r->scope.n_phrases; /* filters alone weigh nothing */
    /* Re-ranked, a page is taken from the window's first `depth`. */
    int rerank = req->match == MATCH_ANY && req->sort == SORT_RELEVANCE && !r->prebuilt &&
                 req->limit > 0 && req->offset < RERANK_DEPTH;
    unsigned depth = req->offset + req->limit > RERANK_DEPTH ? req->offset + req->limit
                                                             : RERANK_DEPTH;
    /* A server's other threads may have ranked the same page at this
     * revision: feedback's words and the window's page are then replayed
     * (xc_ranking_find), for the same answer. */
    int windowed = st == XC_OK && r->bound && words && s->limits.rescore_window;
    r->key = windowed && feedback && rerank ? ranking_key(s, req, depth) : NULL;
    if (r->key)
        st = xc_ranking_find(s->db, r->key, &r->kept, err);
    if (st == XC_OK && r->kept) {
        st = feedback_replay(r->enq, &r->q, r->kept, &r->fed, err);
        if (st == XC_OK)
            st = limit_time(r, r->enq, err);
        if (st == XC_OK) /* NULL when its documents no longer answer so */
            st = xc_ranking_replay(r->enq, r->kept, &r->mset, err);
    }
    int replayed = r->mset != NULL;
    if (st == XC_OK && windowed && !r->mset) {
        st = limit_time(r, r->enq, err);
        if (st == XC_OK)
            st = xc_enquire_pool(r->enq, r->bound, s->limits.rescore_window, &r->pool, err);
    }
    if (st == XC_OK && feedback && words && !r->kept) {
        st = limit_time(r, r->enq, err); /* its first documents count in the time */
        if (st == XC_OK)
            st = feedback_expand(r->enq, &r->q, r->bound, r->pool, r->key ? &r->fed : NULL,
                                 err);
    }
    if (st == XC_OK && req->sort != SORT_RELEVANCE)
        st = xc_enquire_sort_by_value(r->enq, SLOT_DATE, req->sort == SORT_DATE_DESC, err);
    if (st != XC_OK)
        return st;
    if (req->level == LEVEL_PASSAGE) {
        r->tallies = xcalloc(req->n_facets + 1, sizeof *r->tallies);
        for (size_t i = 0; i < req->n_facets; i++)
            r->passage_facets |= strcmp(req->facets[i], "theme") == 0 ||
                                 strcmp(req->facets[i], "kind") == 0;
        st = passage_hits(s, r, err);
        if (st == XC_OK)
            st = collect_facets(s, NULL, NULL, r, err);
        return st;
    }
    /* Remote shards cannot run our spies: for facets counted from values,
     * every matching document comes back and the same counters count it
     * here (exact, and a document fetched per match); facets counted by
     * sets need only the matches' docids. */
    int value_spies = 0; /* facets counted from each match's values */
    for (size_t i = 0; i < req->n_facets; i++)
        value_spies |= !facet_by_sets(schema_facet_find(req->facets[i]));
    int fetch_all = s->remote && value_spies;
    /* facets counted by sets need the matches as a set (all documents:
     * none), the others a spy each */
    int all_docs = !r->prebuilt && query_blank(req->query), sets = 0;
    xc_facetspy **spies = xcalloc(req->n_facets + 1, sizeof *spies);
    for (size_t i = 0; st == XC_OK && i < req->n_facets; i++) {
        const schema_facet *f = schema_facet_find(req->facets[i]);
        if (facet_by_sets(f)) {
            sets = 1;
            continue;
        }
        st = xc_facetspy_new(f->slot, SCHEMA_MULTI_SEP, &spies[i], err);
        if (st == XC_OK && !s->remote)
            st = xc_enquire_add_spy(r->enq, spies[i], err);
    }
    /* The matches as a set, for the facets counted by sets and an exact
     * total: from the query terms' postings where its operators allow (a
     * round trip a term on a remote shard, where an MSet of every match
     * would carry them all), so that Xapian's matcher weighs only what the
     * page needs; else seen by a spy as Xapian visits every match.  A
     * phrase or NEAR that no filter narrows is matched whole and its set
     * kept with the revision, so that the same query with a filter added
     * (a facet value clicked) reads no position again. */
    /* sorted by date on one local database: the page from the set
     * (xc_enquire_mset_sorted), when no spy needs to see every match */
    int sorted_by_set = req->sort != SORT_RELEVANCE && !value_spies && !s->remote &&
                        s->shards <= 1 && req->limit > 0;
    roaring_bitmap_t *match = (sets || req->exact_total || sorted_by_set) && !all_docs
                                  ? xcheck(roaring_bitmap_create())
                                  : NULL;
    int by_postings = 0; /* the set is made: by postings, or matched unweighted */
    if (st == XC_OK && match && !fetch_all)
        st = xc_query_docs_cheap(s->db, r->q, seconds_left(r), match, &by_postings, err);
    /* else (phrases, NEARs under filters) on one local database by Xapian
     * unweighted, within the filters:
     * the positions checked once, nothing weighed (an AND_MAYBE's second
     * side: proximity, feedback's words), and the page asks only for the
     * rescoring window's weights */
    if (st == XC_OK && match && !by_postings && !fetch_all && !s->remote && s->shards <= 1) {
        st = match_unweighted(s, r, match, err);
        by_postings = st == XC_OK;
    }
    if (match && !by_postings && !sets) { /* an exact total: Xapian counts */
        roaring_bitmap_free(match);
        match = NULL;
    }
    if (st == XC_OK && by_postings && time_up(r))
        res->partial = 1;
    /* a spy sees a shard's own docids, not the combined ones the sets
     * hold: over several shards the matches' docids come from an MSet */
    int ids_by_mset = match && !by_postings && (s->remote || s->shards > 1);
    xc_docidspy *ids = NULL;
    if (st == XC_OK && match && !by_postings && !ids_by_mset)
        st = xc_docidspy_new(add_match, match, &ids, err);
    if (st == XC_OK && ids)
        st = xc_enquire_add_docidspy(r->enq, ids, err);
    /* Counts must see every match, not just the page shown, unless the
     * set has them.  Without counts, a database of up to EXACT_DOCS
     * documents is still matched whole (cheap, and the total exact); a
     * larger one stops once the page is certain and the total is Xapian's
     * estimate ("about N"): checking 5,000 matches was most of a query's
     * instructions at 10,000 documents.  (Xapian 1.4's pruned matching
     * can weigh a few documents slightly differently, measured with the
     * feedback expansion: ranks 9-11 of one of the 30 bench queries.) */
    unsigned check = r->doccount <= EXACT_DOCS ? r->doccount : 0;
    if (((req->n_facets || req->exact_total) && !by_postings) || value_spies)
        check = r->doccount;
    if (st == XC_OK)
        st = limit_time(r, r->enq, err);
    /* nearly out of time, the window checks no further than its page: not
     * an answer to keep for others */
    int hurried = r->deadline > 0 && seconds_left(r) < XC_TIMER_MIN_SECONDS;
    unsigned first = rerank ? 0 : req->offset, max = rerank ? depth : req->limit;
    if (st == XC_OK && sorted_by_set && by_postings) /* NULL: it did without */
        st = xc_enquire_mset_sorted(r->enq, match, first, max, &r->mset, err);
    if (st == XC_OK && !r->mset && r->pool)
        st = xc_enquire_mset_window(r->enq, r->pool, first, max, check, &r->mset, err);
    else if (st == XC_OK && !r->mset)
        st = xc_enquire_mset(r->enq, first, max, check, &r->mset, err);
    if (st == XC_OK && time_up(r)) /* Xapian stopped looking at matches */
        res->partial = 1;
    if (st == XC_OK && r->key && !replayed && r->mset && !res->partial && !hurried)
        st = xc_ranking_keep(s->db, r->key, r->mset, (const char *const *)r->fed.items,
                             r->fed.len, err);
    if (st == XC_OK && (fetch_all || ids_by_mset)) {
        xc_enquire *all = NULL;
        xc_mset *every = NULL;
        st = xc_enquire_new(s->db, &all, err);
        if (st == XC_OK)
            st = xc_enquire_set_query(all, r->q, err);
        if (st == XC_OK)
            st = limit_time(r, all, err);
        if (st == XC_OK)
            st = xc_enquire_mset(all, 0, r->doccount, r->doccount, &every, err);
        if (st == XC_OK && time_up(r))
            res->partial = 1;
        if (st == XC_OK && fetch_all)
            st = xc_mset_fetch(every, err);
        if (st == XC_OK && fetch_all)
            st = xc_mset_count(every, spies, req->n_facets, NULL, err);
        if (st == XC_OK && match)
            st = xc_mset_each_docid(every, add_match, match, err);
        xc_mset_free(every);
        xc_enquire_free(all);
    }
    if (st == XC_OK && by_postings) {
        res->total = (unsigned)roaring_bitmap_get_cardinality(match);
        res->exact = !res->partial;
        st = document_hits(s, r, rerank, err);
    } else if (st == XC_OK) {
        res->total = xc_mset_estimate(r->mset);
        /* hurried, Xapian counted no further than the page: an estimate */
        res->exact = !res->partial &&
                     ((check >= r->doccount && !hurried) || xc_mset_exact(r->mset));
        st = document_hits(s, r, rerank, err);
    }
    if (st == XC_OK)
        st = collect_facets(s, spies, match, r, err);
    /* the enquire points to the spies: it goes first */
    xc_enquire_free(r->enq);
    r->enq = NULL;
    for (size_t i = 0; i < req->n_facets; i++)
        xc_facetspy_free(spies[i]);
    free(spies);
    xc_docidspy_free(ids);
    if (match) /* this CRoaring does not take NULL */
        roaring_bitmap_free(match);
    return st;
}

static int check_facets(const search_request *req, char *errbuf, size_t errlen)
{
    for (size_t i = 0; i < req->n_facets; i++) {
        if (schema_facet_find(req->facets[i]))
            continue;
        strbuf known;
        sb_init(&known);
        for (const schema_facet *f = schema_facets; f->name; f++)
            sb_addf(&known, "%s%s", known.len ? ", " : "", f->name);
        snprintf(errbuf, errlen, "unknown facet '%s' (known: %s)", req->facets[i], known.buf);
        sb_free(&known);
        return -1;
    }
    return 0;
}

scr_status search_run_query(searcher *s, const search_request *req, const xc_query *prebuilt,
                            const passage_scope *scope, search_result *res, scr_error *error)
{
    memset(res, 0, sizeof *res);
    scr_error local;
    if (!error)
        error = &local;
    char *errbuf = error->message; /* where the helpers below write the reason */
    size_t errlen = sizeof error->message;
    if (check_facets(req, errbuf, errlen) != 0)
        return error->status = SCR_ERR_INPUT;
    scr_status rc = prebuilt ? SCR_OK : query_check_limits(s, req->query, error);
    if (rc != SCR_OK)
        return rc;
    if (req->limit > s->limits.hits)
        return scr_fail(error, SCR_ERR_LIMIT, "too many hits asked for: %u, the limit is %u "
                        "(SCRUTINY_MAX_LIMIT)", req->limit, s->limits.hits);
    if (req->offset > s->limits.offset)
        return scr_fail(error, SCR_ERR_LIMIT, "offset too far: %u, the limit is %u "
                        "(SCRUTINY_MAX_OFFSET)", req->offset, s->limits.offset);
    run r = {.req = req, .prebuilt = prebuilt, .prebuilt_scope = scope, .res = res};
    if (s->limits.seconds > 0)
        r.deadline = search_limits_now() + s->limits.seconds;
    passage_scope_init(&r.scope);
    xc_error err;
    xc_status st = search_with_retry(s, attempt, &r, &err);
    run_reset(&r);
    if (st == XC_OK) {
        if (!prebuilt && !res->partial && !query_blank(req->query) &&
            (res->total == 0 || !req->level))
            res->suggestion = query_suggestion(s, req->query, req->no_synonyms, req->match,
                                               res->total);
        return SCR_OK;
    }
    error->status = err.status;
    if (err.status == XC_ERR_QUERY_SYNTAX)
        query_explain_syntax_error(s, req->query, err.message, errbuf, errlen);
    else if (err.status == XC_ERR_LIMIT)
        query_limit_error(s, errbuf, errlen);
    else if (s->filter_error[0])
        scr_fail(error, SCR_ERR_INPUT, "%s", s->filter_error);
    else
        scr_fail(error, err.status, "%s: %s", searcher_blame(s, err.status), err.message);
    search_result_free(res);
    return error->status;
}

scr_status searcher_run(searcher *s, const search_request *req, search_result *res,
                        scr_error *error)
{
    return search_run_query(s, req, NULL, NULL, res, error);
}
