/* feedback.h: pseudo-relevance feedback for ranked queries.  The words
 * that a query's first documents share, beyond the query's own, say what
 * the question is about in the corpus's words; weighing the matches that
 * hold them a little higher lifts relevant documents that use those words
 * (Rocchio's feedback through Xapian's ESet, as RM3 does).  It re-orders
 * the matches and never adds one: counts stay the query's as written. */
#ifndef SCRUTINY_FEEDBACK_H
#define SCRUTINY_FEEDBACK_H

#include "util.h"
#include "xapian-c.h"

/* How many first documents stand for the query, how many of their words
 * are added, and at what share of a word's own weight: the usual small
 * settings of the literature (10 documents, 10 terms).  Measured on
 * ../shared/realdocs (nDCG@10, 0.676 without): 10/10/0.3 0.701;
 * 10/20/0.3 0.690; 10/40/0.3 0.676; 5/20/0.3 0.679; 20/20/0.3 0.675;
 * 10/20/0.2 0.694; 10/20/0.5 0.676. */
#define FEEDBACK_DOCS 10
#define FEEDBACK_TERMS 10
#define FEEDBACK_WEIGHT 0.3
/* The first documents are the best of this many by their bound (see
 * feedback_expand), more when that does not settle them. */
#define FEEDBACK_POOL 30

/* Replaces *q, enq's query, by *q AND_MAYBE FEEDBACK_WEIGHT * (the best
 * FEEDBACK_TERMS words of enq's first FEEDBACK_DOCS documents) and sets it
 * on enq; leaves both as they are when fewer documents match.  With
 * bound (query_parse_ranked's), the first documents are found through it
 * with the proximity pairs checked by the library (xc_enquire_mset_near;
 * pool, when not NULL, is bound's best), else by Xapian's matcher.  The
 * words, in order, are added to found (when not NULL): what
 * xc_ranking_keep keeps for feedback_replay. */
xc_status feedback_expand(xc_enquire *enq, xc_query **q, const xc_query *bound,
                          const xc_pool *pool, strlist *found, xc_error *err);
/* *q expanded as feedback_expand expanded it for the ranking kept, and
 * set on enq; the kept words, in order, are added to words. */
xc_status feedback_replay(xc_enquire *enq, xc_query **q, const xc_ranking *kept, strlist *words,
                          xc_error *err);

#endif
