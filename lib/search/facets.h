/* facets.h: facet counts from per-value document sets.  Each value's
 * documents (its filter term's postings) are a bitset, made once per
 * searcher and database revision; a search collects its matches in a
 * (CRoaring) bitmap, and each value's count is the bits both have: the
 * cost grows with the number of values more than with the number of
 * matches. */
#ifndef SCRUTINY_FACETS_H
#define SCRUTINY_FACETS_H

#include <roaring/roaring.h>

#include "schema.h"
#include "search.h"
#include "xapian-c.h"

typedef struct facet_sets facet_sets;

facet_sets *facet_sets_new(void);
void facet_sets_free(facet_sets *fs);
/* Drops every set: the database moved to another revision. */
void facet_sets_forget(facet_sets *fs);

/* Orders facet values by count, descending, then by value (for qsort). */
int facet_value_order(const void *a, const void *b);

/* Whether facet f is counted by sets (every facet but file, whose values
 * are one per file: those are counted from each match's value). */
int facet_by_sets(const schema_facet *f);

/* Counts facet f over the documents of match (NULL: all of them) into out
 * (values by count, descending, then value; none counted 0). */
xc_status facet_sets_count(facet_sets *fs, xc_rdb *db, const schema_facet *f,
                           const roaring_bitmap_t *match, search_facet *out, xc_error *err);

/* Counts, over the documents of match (NULL: all of them), each pair of
 * a value of fa and a value of fb, a document once per distinct pair, and
 * calls fn for each pair counted, in byte order of a then b (as
 * xc_matrixspy_each): --matrix from the sets, no match's values read. */
xc_status facet_sets_pairs(facet_sets *fs, xc_rdb *db, const schema_facet *fa,
                           const schema_facet *fb, const roaring_bitmap_t *match,
                           xc_pair_fn fn, void *ctx, xc_error *err);

/* How many documents q matches, counted from its terms' postings
 * (xc_query_docs) without weighing them: *done is 0 when q's operators
 * need Xapian's matcher (phrases, NEARs...); then count another way. */
xc_status facet_count_matches(xc_rdb *db, const xc_query *q, double seconds, unsigned *out,
                              int *done, xc_error *err);

#endif
