/* run.h: one attempt at a search, as the files that make its answer
 * share it: search.c (the plan, the matches, the page), hits.c (the hits
 * and their passages) and facet-counts.c (the facets' counts). */
#ifndef SCRUTINY_RUN_H
#define SCRUTINY_RUN_H

#include <roaring/roaring.h>

#include "search-internal.h"

/* Facet counts at passage level, made as the hits are (hits.c): each
 * answering passage counts once under its document's values, its own
 * themes and its kind. */
typedef struct tally {
    facet_value *values;
    size_t len;
    /* --match all: each passage's marker (theme, kind) with its document,
     * counted once it is known which documents the query with that
     * filter finds (facet-counts.c) */
    struct marked_passage {
        const char *value; /* borrowed from run.markers */
        unsigned docid;
    } *marked;
    size_t n_marked;
} tally;

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
    xc_query *shown; /* the query before feedback's words: what snippets show, or NULL */
    xc_mset *snippets; /* shown's statistics for the snippets (made for the first) */
    passage_scope scope;
    xc_enquire *enq;
    xc_mset *mset;
    unsigned doccount;
    tally *tallies; /* passage level: one per facet */
    int passage_facets; /* passage level: theme or kind counted */
    strlist markers[2];  /* ... from these marker terms: kinds', themes' */
    int markers_read[2]; /* markers[i] read from the database */
    unsigned seen;  /* passage level: answering passages so far */
    double deadline; /* search_limits_now() past which it stops; 0: never */
} run;

/* Ranked queries (--match any) re-rank this many of the best documents by
 * how much of the query their best passage holds: words together in one
 * passage say more than the same words scattered. */
#define RERANK_DEPTH 30

/* Whether r's time is up (the answer is then partial). */
int run_time_up(const run *r);
/* The time r has left, in seconds: 0 without a deadline. */
double run_seconds_left(const run *r);
/* enq's matching stops at r's deadline. */
xc_status run_limit_time(const run *r, xc_enquire *enq, xc_error *err);

/* hits.c: the page of r->mset as hits, at document level (each with its
 * best passage; rerank: the window's first RERANK_DEPTH re-ordered with
 * their passages' scores) or passage level (every answering passage,
 * counted and tallied for the facets). */
xc_status document_hits(searcher *s, run *r, int rerank, xc_error *err);
xc_status passage_hits(searcher *s, run *r, xc_error *err);

/* facet-counts.c: r's facet counts into r->res: at passage level from
 * the tallies; at document level from the value sets (match: the
 * matching documents, NULL for all) or, for facets not counted by sets,
 * from the spies. */
xc_status collect_facets(searcher *s, xc_facetspy **spies, const roaring_bitmap_t *match,
                         run *r, xc_error *err);

#endif
