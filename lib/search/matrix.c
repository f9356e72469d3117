/* matrix.c: documents cross-tabulated by two facets (--matrix,
 * --recurring). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facets.h"
#include "schema.h"
#include "search-internal.h"
#include "util.h"

/* The pairs counted, in order of a then b. */
typedef struct pair {
    char *a, *b;
    unsigned count;
} pair;

typedef struct pairs {
    pair *items;
    size_t len, cap;
} pairs;

static void keep_pair(void *ctx, const char *a, const char *b, unsigned count)
{
    pairs *p = ctx;
    if (p->len == p->cap)
        p->items = xrealloc(p->items, (p->cap = p->cap ? p->cap * 2 : 64) * sizeof *p->items);
    p->items[p->len++] = (pair){xstrdup(a), xstrdup(b), count};
}

static void pairs_clear(pairs *p)
{
    for (size_t i = 0; i < p->len; i++) {
        free(p->items[i].a);
        free(p->items[i].b);
    }
    p->len = 0;
}

typedef struct matrix_run {
    const char *query;
    const schema_facet *fa, *fb;
    pairs pairs;
    long total;
    double deadline; /* 0: none */
    int timed_out;
} matrix_run;

/* The time a match may take (0: no limit; a moment when it is up). */
static double seconds_left(const matrix_run *m)
{
    if (m->deadline <= 0)
        return 0;
    double left = m->deadline - search_limits_now();
    return left > 1e-6 ? left : 1e-6;
}

/* The pairs from the facet values' sets and the matches' set (the
 * query's terms' postings, or a phrase matched whole: facets.h), no match's
 * values read; *done is 0 when the set cannot be made so (a phrase under
 * a filter, a file facet: the spy then counts). */
static xc_status count_pairs_by_sets(searcher *s, matrix_run *m, const xc_query *q,
                                     unsigned doccount, int *done, xc_error *err)
{
    *done = 0;
    if (!facet_by_sets(m->fa) || !facet_by_sets(m->fb))
        return XC_OK;
    int all = query_blank(m->query);
    roaring_bitmap_t *match = all ? NULL : xcheck(roaring_bitmap_create());
    xc_status st = all ? XC_OK : xc_query_docs_cheap(s->db, q, seconds_left(m), match, done, err);
    if (st == XC_OK && (all || *done)) {
        *done = 1;
        st = facet_sets_pairs(s->sets, s->db, m->fa, m->fb, match, keep_pair, &m->pairs, err);
        m->total = all ? doccount : (long)roaring_bitmap_get_cardinality(match);
        if (m->deadline > 0 && search_limits_now() >= m->deadline)
            m->timed_out = 1; /* counts of part of the matches: refused */
    }
    if (match)
        roaring_bitmap_free(match);
    return st;
}

static xc_status count_pairs(searcher *s, void *ctx, xc_error *err)
{
    matrix_run *m = ctx;
    xc_query *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *mset = NULL;
    xc_matrixspy *spy = NULL;
    unsigned doccount = 0;
    int done = 0;
    pairs_clear(&m->pairs);
    s->level = LEVEL_DOCUMENT; /* a matrix counts documents */
    xc_status st = query_parse(s, m->query, 0, MATCH_ANY, &q, NULL, err);
    if (st == XC_OK)
        st = xc_rdb_doccount(s->db, &doccount, err);
    if (st == XC_OK)
        st = count_pairs_by_sets(s, m, q, doccount, &done, err);
    if (st != XC_OK || done) {
        xc_query_free(q);
        return st;
    }
    /* else Xapian visits every match, a spy reading its values */
    if (st == XC_OK)
        st = xc_enquire_new(s->db, &enq, err);
    if (st == XC_OK)
        st = xc_enquire_set_query(enq, q, err);
    if (st == XC_OK)
        st = xc_matrixspy_new(m->fa->slot, m->fb->slot, SCHEMA_MULTI_SEP, &spy, err);
    if (st == XC_OK && !s->remote)
        st = xc_enquire_add_matrix(enq, spy, err);
    if (st == XC_OK && m->deadline > 0)
        st = xc_enquire_set_time_limit(enq, seconds_left(m), err);
    if (st == XC_OK) /* remote shards run no spies: every match comes back */
        st = xc_enquire_mset(enq, 0, s->remote ? doccount : 0, doccount, &mset, err);
    if (st == XC_OK && m->deadline > 0 && search_limits_now() >= m->deadline)
        m->timed_out = 1; /* counts of part of the matches: refused */
    if (st == XC_OK && s->remote)
        st = xc_mset_fetch(mset, err);
    if (st == XC_OK && s->remote) /* and is counted by the same spy here */
        st = xc_mset_count(mset, NULL, 0, spy, err);
    if (st == XC_OK)
        m->total = xc_mset_estimate(mset);
    if (st == XC_OK)
        xc_matrixspy_each(spy, keep_pair, &m->pairs);
    xc_matrixspy_free(spy);
    xc_mset_free(mset);
    xc_enquire_free(enq);
    xc_query_free(q);
    return st;
}

/* Pairs in order of a then b, as searcher_matrix gives them (a table
 * finds its cells by bisection). */
static int by_pair(const void *x, const void *y)
{
    const pair *p = x, *q = y;
    int d = strcmp(p->a, q->a);
    return d ? d : strcmp(p->b, q->b);
}

/* The side (0: a, 1: b) that is a property of passages (kind), or -1. */
static int passage_side(const matrix_run *m)
{
    return m->fa->per_passage ? 0 : m->fb->per_passage ? 1 : -1;
}

/* count_pairs, with a side that is a property of passages (kind) counted
 * as its facet and its filter count: a document under kind K where the
 * query's words are in a passage of that kind ("(query) kind:K"), not
 * wherever it has such a passage, so that a row's cells sum to no more
 * than the row's total. */
static xc_status count_scoped_pairs(searcher *s, void *ctx, xc_error *err)
{
    matrix_run *m = ctx;
    xc_status st = count_pairs(s, m, err);
    int side = passage_side(m);
    if (st != XC_OK || side < 0 || query_blank(m->query))
        return st;
    strlist values; /* the kinds that the matches have */
    sl_init(&values);
    for (size_t i = 0; i < m->pairs.len; i++) {
        const char *v = side ? m->pairs.items[i].b : m->pairs.items[i].a;
        if (!sl_contains(&values, v))
            sl_push(&values, v);
    }
    pairs kept = {NULL, 0, 0};
    for (size_t k = 0; st == XC_OK && k < values.len; k++) {
        char *text = query_with_filter(m->query, side ? m->fb->name : m->fa->name,
                                       values.items[k]);
        matrix_run one = {text, m->fa, m->fb, {NULL, 0, 0}, -1, m->deadline, 0};
        st = count_pairs(s, &one, err);
        for (size_t i = 0; st == XC_OK && i < one.pairs.len; i++) {
            const pair *p = &one.pairs.items[i];
            if (strcmp(side ? p->b : p->a, values.items[k]) == 0)
                keep_pair(&kept, p->a, p->b, p->count);
        }
        m->timed_out |= one.timed_out;
        pairs_clear(&one.pairs);
        free(one.pairs.items);
        free(text);
    }
    sl_free(&values);
    pairs_clear(&m->pairs);
    free(m->pairs.items);
    if (kept.len) /* gathered kind by kind: a kind on side b breaks a's order */
        qsort(kept.items, kept.len, sizeof *kept.items, by_pair);
    m->pairs = kept;
    return st;
}

/* The values of each side, for the size of the table. */
typedef struct sides {
    size_t rows;       /* distinct a (pairs come in order of a) */
    const char *last_a;
    char **b;
    size_t nb, cap;
} sides;

static void count_sides(sides *d, const char *a, const char *b)
{
    if (!d->last_a || strcmp(d->last_a, a) != 0)
        d->rows++;
    d->last_a = a;
    if (d->nb == d->cap)
        d->b = xrealloc(d->b, (d->cap = d->cap ? d->cap * 2 : 64) * sizeof *d->b);
    d->b[d->nb++] = (char *)b;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Rows times columns of the table the pairs make. */
static double table_cells(const pairs *p)
{
    sides d = {0, NULL, NULL, 0, 0};
    for (size_t i = 0; i < p->len; i++)
        count_sides(&d, p->items[i].a, p->items[i].b);
    size_t cols = 0;
    if (d.nb) {
        qsort(d.b, d.nb, sizeof *d.b, cmp_str);
        cols = 1;
        for (size_t i = 1; i < d.nb; i++)
            cols += strcmp(d.b[i - 1], d.b[i]) != 0;
    }
    free(d.b);
    return (double)d.rows * (double)cols;
}

scr_status searcher_matrix(searcher *s, const char *query, const char *facet_a,
                           const char *facet_b, pair_fn fn, void *ctx, long *documents,
                           scr_error *error)
{
    matrix_run m = {query, schema_facet_find(facet_a), schema_facet_find(facet_b),
                    {NULL, 0, 0}, -1, 0, 0};
    scr_error local;
    if (!error)
        error = &local;
    if (!m.fa || !m.fb)
        return scr_fail(error, SCR_ERR_INPUT, "unknown facet '%s'", m.fa ? facet_b : facet_a);
    scr_status rc = query_check_limits(s, query, error);
    if (rc != SCR_OK)
        return rc;
    if (s->limits.seconds > 0)
        m.deadline = search_limits_now() + s->limits.seconds;
    xc_error err;
    xc_status st = search_with_retry(s, count_scoped_pairs, &m, &err);
    rc = st;
    double cells = st == XC_OK ? table_cells(&m.pairs) : 0;
    if (st == XC_OK && m.timed_out) {
        /* said for --matrix A,B and --recurring A (by authority) alike */
        rc = scr_fail(error, SCR_ERR_LIMIT, "counting %s by %s: the search took over %g s, the "
                      "limit (SCRUTINY_MAX_SECONDS); narrow the query", facet_a, facet_b,
                      s->limits.seconds);
    } else if (st == XC_OK && cells > s->limits.matrix_cells) {
        rc = scr_fail(error, SCR_ERR_LIMIT, "matrix %s,%s too large: %.0f cells, the limit is "
                      "%u (SCRUTINY_MAX_MATRIX_CELLS); narrow the query or choose other facets",
                      facet_a, facet_b, cells, s->limits.matrix_cells);
    } else if (st == XC_OK) {
        for (size_t i = 0; i < m.pairs.len; i++)
            fn(ctx, m.pairs.items[i].a, m.pairs.items[i].b, m.pairs.items[i].count);
        *documents = m.total;
    } else {
        rc = query_failed(s, query, &err, error);
    }
    if (rc != SCR_OK)
        error->status = rc;
    pairs_clear(&m.pairs);
    free(m.pairs.items);
    return rc;
}
