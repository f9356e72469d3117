/* search.c: running a search: the enquire, its page of hits with the
 * passage each shows, exact totals and facet counts. */
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facets.h"
#include "feedback.h"
#include "passages.h"
#include "run.h"
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

/* Whether r's time is up (the answer is then partial). */
int run_time_up(const run *r)
{
    return r->deadline > 0 && search_limits_now() >= r->deadline;
}

/* The time this search has left, in seconds: 0 without a deadline. */
double run_seconds_left(const run *r)
{
    if (r->deadline <= 0)
        return 0;
    double left = r->deadline - search_limits_now();
    /* 0 would mean no limit: a moment, when the time is up */
    return left > 1e-6 ? left : 1e-6;
}

/* enq's matching stops at r's deadline. */
xc_status run_limit_time(const run *r, xc_enquire *enq, xc_error *err)
{
    double left = run_seconds_left(r);
    return left > 0 ? xc_enquire_set_time_limit(enq, left, err) : XC_OK;
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
    xc_status st = query_unweighted(s, r->q, run_seconds_left(r), &enq, err);
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

static void run_reset(run *r)
{
    xc_mset_free(r->mset);
    xc_enquire_free(r->enq);
    xc_query_free(r->q);
    xc_query_free(r->bound);
    xc_query_free(r->shown);
    xc_mset_free(r->snippets);
    xc_pool_free(r->pool);
    free(r->key);
    xc_ranking_free(r->kept);
    sl_free(&r->fed);
    sl_free(&r->markers[0]);
    sl_free(&r->markers[1]);
    r->markers_read[0] = r->markers_read[1] = 0;
    passage_scope_free(&r->scope);
    if (r->tallies) {
        for (size_t i = 0; i < r->req->n_facets; i++) {
            for (size_t j = 0; j < r->tallies[i].len; j++)
                free(r->tallies[i].values[j].value);
            free(r->tallies[i].values);
            free(r->tallies[i].marked);
        }
        free(r->tallies);
    }
    r->mset = NULL;
    r->enq = NULL;
    r->q = NULL;
    r->bound = NULL;
    r->shown = NULL;
    r->snippets = NULL;
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

/* What a ranked search decided before its page: feedback, the window,
 * and whether the page was replayed from another request's. */
typedef struct ranking_plan {
    int feedback; /* feedback's words weigh (ranked, words, a page) */
    int rerank;   /* the page comes from the window's first `depth` */
    unsigned depth;
    int replayed; /* r->mset is another request's page, replayed */
} ranking_plan;

/* r's query parsed and its enquire made, BM25 set; for a ranked page, the
 * rescoring window's pool and feedback's words (or another request's,
 * replayed), else the order by date. */
static xc_status prepare_ranking(searcher *s, run *r, ranking_plan *plan, xc_error *err)
{
    const search_request *req = r->req;
    /* ranked queries with words: the words their best documents share
     * weigh too (filters alone rank nothing; known once parsed).  Not for
     * an empty page (--count, facets alone): the expansion only weighs,
     * never adds or removes a match, and was half of such a request */
    plan->feedback = req->match == MATCH_ANY && req->sort == SORT_RELEVANCE && !r->prebuilt &&
                     req->level == LEVEL_DOCUMENT && req->limit > 0;
    /* a filter of docids cannot go to a remote shard */
    xc_query **bound = plan->feedback && !s->remote ? &r->bound : NULL;
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
    /* snippets show the user's words, not feedback's (which highlighted
     * "section" and "Board" for governance) */
    if (st == XC_OK && plan->feedback && req->snippet_bytes)
        st = xc_query_copy(r->q, &r->shown, err);
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
    /* Re-ranked, a page is taken from the window's first `depth`; so is
     * precedent's (prebuilt), whose answer is a passage */
    plan->rerank = (req->match == MATCH_ANY || r->prebuilt) && req->sort == SORT_RELEVANCE &&
                   req->limit > 0 && req->offset < RERANK_DEPTH;
    plan->depth = req->offset + req->limit > RERANK_DEPTH ? req->offset + req->limit
                                                          : RERANK_DEPTH;
    /* A server's other threads may have ranked the same page at this
     * revision: feedback's words and the window's page are then replayed
     * (xc_ranking_find), for the same answer. */
    int windowed = st == XC_OK && r->bound && words && s->limits.rescore_window;
    r->key = windowed && plan->feedback && plan->rerank ? ranking_key(s, req, plan->depth) : NULL;
    if (r->key)
        st = xc_ranking_find(s->db, r->key, &r->kept, err);
    if (st == XC_OK && r->kept) {
        st = feedback_replay(r->enq, &r->q, r->kept, &r->fed, err);
        if (st == XC_OK)
            st = run_limit_time(r, r->enq, err);
        if (st == XC_OK) /* NULL when its documents no longer answer so */
            st = xc_ranking_replay(r->enq, r->kept, &r->mset, err);
    }
    plan->replayed = r->mset != NULL;
    if (st == XC_OK && windowed && !r->mset) {
        st = run_limit_time(r, r->enq, err);
        if (st == XC_OK)
            st = xc_enquire_pool(r->enq, r->bound, s->limits.rescore_window, &r->pool, err);
    }
    if (st == XC_OK && plan->feedback && words && !r->kept) {
        st = run_limit_time(r, r->enq, err); /* its first documents count in the time */
        if (st == XC_OK)
            st = feedback_expand(r->enq, &r->q, r->bound, r->pool, r->key ? &r->fed : NULL,
                                 err);
    }
    if (st == XC_OK && req->sort != SORT_RELEVANCE)
        st = xc_enquire_sort_by_value(r->enq, SLOT_DATE, req->sort == SORT_DATE_DESC, err);
    return st;
}

/* The matches as a set (*match, NULL where none is wanted), for the
 * facets counted by sets (sets), an exact total or a page sorted from
 * the set (sorted_by_set): from the query terms' postings where its
 * operators allow (a round trip a term on a remote shard, where an MSet
 * of every match would carry them all), so that Xapian's matcher weighs
 * only what the page needs; else by Xapian unweighted on one local
 * database; else (*by_postings 0) by a spy or an MSet as Xapian visits
 * every match.  A phrase or NEAR that no filter narrows is matched whole
 * and its set kept with the revision, so that the same query with a
 * filter added (a facet value clicked) reads no position again. */
static xc_status match_set(searcher *s, run *r, int sets, int fetch_all, int sorted_by_set,
                           roaring_bitmap_t **match, int *by_postings, xc_error *err)
{
    const search_request *req = r->req;
    int all_docs = !r->prebuilt && query_blank(req->query); /* sets: none */
    *by_postings = 0;
    *match = (sets || req->exact_total || sorted_by_set) && !all_docs
                 ? xcheck(roaring_bitmap_create())
                 : NULL;
    xc_status st = XC_OK;
    if (*match && !fetch_all)
        st = xc_query_docs_cheap(s->db, r->q, run_seconds_left(r), *match, by_postings, err);
    /* else (phrases, NEARs under filters) on one local database by Xapian
     * unweighted, within the filters:
     * the positions checked once, nothing weighed (an AND_MAYBE's second
     * side: proximity, feedback's words), and the page asks only for the
     * rescoring window's weights */
    if (st == XC_OK && *match && !*by_postings && !fetch_all && !s->remote && s->shards <= 1) {
        st = match_unweighted(s, r, *match, err);
        *by_postings = st == XC_OK;
    }
    if (*match && !*by_postings && !sets) { /* an exact total: Xapian counts */
        roaring_bitmap_free(*match);
        *match = NULL;
    }
    if (st == XC_OK && *by_postings && run_time_up(r))
        r->res->partial = 1;
    return st;
}

/* Every match by a second, unweighted pass over remote or several shards
 * (a spy cannot run there, and sees a shard's own docids): the facets
 * counted from values by the spies (fetch_all), and the matches' combined
 * docids into match (when not NULL). */
static xc_status every_match(searcher *s, run *r, xc_facetspy **spies, int fetch_all,
                             roaring_bitmap_t *match, xc_error *err)
{
    xc_enquire *all = NULL;
    xc_mset *every = NULL;
    xc_status st = xc_enquire_new(s->db, &all, err);
    if (st == XC_OK)
        st = xc_enquire_set_query(all, r->q, err);
    if (st == XC_OK)
        st = run_limit_time(r, all, err);
    if (st == XC_OK)
        st = xc_enquire_mset(all, 0, r->doccount, r->doccount, &every, err);
    if (st == XC_OK && run_time_up(r))
        r->res->partial = 1;
    if (st == XC_OK && fetch_all)
        st = xc_mset_fetch(every, err);
    if (st == XC_OK && fetch_all)
        st = xc_mset_count(every, spies, r->req->n_facets, NULL, err);
    if (st == XC_OK && match)
        st = xc_mset_each_docid(every, add_match, match, err);
    xc_mset_free(every);
    xc_enquire_free(all);
    return st;
}

/* The document-level answer of a prepared run: its matches as a set
 * where needed, the page, the total, the hits and the facets. */
static xc_status document_level(searcher *s, run *r, const ranking_plan *plan, xc_error *err)
{
    const search_request *req = r->req;
    search_result *res = r->res;
    xc_status st = XC_OK;
    /* Remote shards cannot run our spies: for facets counted from values,
     * every matching document comes back and the same counters count it
     * here (exact, and a document fetched per match); facets counted by
     * sets need only the matches' docids. */
    int value_spies = 0; /* facets counted from each match's values */
    for (size_t i = 0; i < req->n_facets; i++)
        value_spies |= !facet_by_sets(schema_facet_find(req->facets[i]));
    int fetch_all = s->remote && value_spies;
    /* facets counted by sets need the matches as a set, the others a spy each */
    int sets = 0;
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
    /* sorted by date on one local database: the page from the set
     * (xc_enquire_mset_sorted), when no spy needs to see every match */
    int sorted_by_set = req->sort != SORT_RELEVANCE && !value_spies && !s->remote &&
                        s->shards <= 1 && req->limit > 0;
    roaring_bitmap_t *match = NULL;
    int by_postings = 0; /* the set is made: by postings, or matched unweighted */
    if (st == XC_OK)
        st = match_set(s, r, sets, fetch_all, sorted_by_set, &match, &by_postings, err);
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
        st = run_limit_time(r, r->enq, err);
    /* nearly out of time, the window checks no further than its page: not
     * an answer to keep for others */
    int hurried = r->deadline > 0 && run_seconds_left(r) < XC_TIMER_MIN_SECONDS;
    unsigned first = plan->rerank ? 0 : req->offset,
             max = plan->rerank ? plan->depth : req->limit;
    if (st == XC_OK && sorted_by_set && by_postings) /* NULL: it did without */
        st = xc_enquire_mset_sorted(r->enq, match, first, max, &r->mset, err);
    if (st == XC_OK && !r->mset && r->pool)
        st = xc_enquire_mset_window(r->enq, r->pool, first, max, check, &r->mset, err);
    else if (st == XC_OK && !r->mset)
        st = xc_enquire_mset(r->enq, first, max, check, &r->mset, err);
    if (st == XC_OK && run_time_up(r)) /* Xapian stopped looking at matches */
        res->partial = 1;
    if (st == XC_OK && r->key && !plan->replayed && r->mset && !res->partial && !hurried)
        st = xc_ranking_keep(s->db, r->key, r->mset, (const char *const *)r->fed.items,
                             r->fed.len, err);
    if (st == XC_OK && (fetch_all || ids_by_mset))
        st = every_match(s, r, spies, fetch_all, match, err);
    if (st == XC_OK && by_postings) {
        res->total = (unsigned)roaring_bitmap_get_cardinality(match);
        res->exact = !res->partial;
    } else if (st == XC_OK) {
        res->total = xc_mset_estimate(r->mset);
        /* hurried, Xapian counted no further than the page: an estimate */
        res->exact = !res->partial &&
                     ((check >= r->doccount && !hurried) || xc_mset_exact(r->mset));
    }
    if (st == XC_OK)
        st = document_hits(s, r, plan->rerank, err);
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
    ranking_plan plan;
    xc_status st = prepare_ranking(s, r, &plan, err);
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
    return document_level(s, r, &plan, err);
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
    query_failed(s, req->query, &err, error);
    search_result_free(res);
    return error->status;
}

scr_status searcher_run(searcher *s, const search_request *req, search_result *res,
                        scr_error *error)
{
    return search_run_query(s, req, NULL, NULL, res, error);
}
