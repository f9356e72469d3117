/* matrix.c: documents cross-tabulated by two facets (--matrix,
 * --recurring). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "search-internal.h"
#include "util.h"

typedef struct matrix_run {
    const char *query;
    const schema_facet *fa, *fb;
    xc_matrixspy *spy;
    long total;
} matrix_run;

static xc_status count_pairs(searcher *s, void *ctx, xc_error *err)
{
    matrix_run *m = ctx;
    xc_query *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *mset = NULL;
    unsigned doccount = 0;
    xc_matrixspy_free(m->spy);
    m->spy = NULL;
    s->level = LEVEL_DOCUMENT; /* a matrix counts documents */
    xc_status st = query_parse(s, m->query, 0, MATCH_ANY, &q, NULL, err);
    if (st == XC_OK)
        st = xc_rdb_doccount(s->db, &doccount, err);
    if (st == XC_OK)
        st = xc_enquire_new(s->db, &enq, err);
    if (st == XC_OK)
        st = xc_enquire_set_query(enq, q, err);
    if (st == XC_OK)
        st = xc_matrixspy_new(m->fa->slot, m->fb->slot, SCHEMA_MULTI_SEP, &m->spy, err);
    if (st == XC_OK && !s->remote)
        st = xc_enquire_add_matrix(enq, m->spy, err);
    if (st == XC_OK) /* remote shards run no spies: every match comes back */
        st = xc_enquire_mset(enq, 0, s->remote ? doccount : 0, doccount, &mset, err);
    if (st == XC_OK && s->remote)
        st = xc_mset_fetch(mset, err);
    if (st == XC_OK && s->remote) /* and is counted by the same spy here */
        st = xc_mset_count(mset, NULL, 0, m->spy, err);
    if (st == XC_OK)
        m->total = xc_mset_estimate(mset);
    xc_mset_free(mset);
    xc_enquire_free(enq);
    xc_query_free(q);
    return st;
}

typedef struct pair_ctx {
    pair_fn fn;
    void *ctx;
} pair_ctx;

static void forward_pair(void *ctx, const char *a, const char *b, unsigned count)
{
    pair_ctx *c = ctx;
    c->fn(c->ctx, a, b, count);
}

long searcher_matrix(searcher *s, const char *query, const char *facet_a, const char *facet_b,
                     pair_fn fn, void *ctx, char *errbuf, size_t errlen)
{
    matrix_run m = {query, schema_facet_find(facet_a), schema_facet_find(facet_b), NULL, -1};
    if (!m.fa || !m.fb) {
        snprintf(errbuf, errlen, "unknown facet '%s'", m.fa ? facet_b : facet_a);
        return -1;
    }
    xc_error err;
    xc_status st = search_with_retry(s, count_pairs, &m, &err);
    long total = -1;
    if (st == XC_OK) {
        pair_ctx c = {fn, ctx};
        xc_matrixspy_each(m.spy, forward_pair, &c);
        total = m.total;
    } else if (err.status == XC_ERR_QUERY_SYNTAX) {
        query_explain_syntax_error(s, query, err.message, errbuf, errlen);
    } else {
        snprintf(errbuf, errlen, "%s: %s", s->path, err.message);
    }
    xc_matrixspy_free(m.spy);
    return total;
}
