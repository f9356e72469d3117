/* matrix-table.c: the cells of a cross-tabulation and its totals. */
#include "matrix-table.h"

#include <stdlib.h>
#include <string.h>

#include "print-json.h"
#include "schema.h"
#include "util.h"

static void on_pair(void *ctx, const char *a, const char *b, unsigned count)
{
    matrix_table *t = ctx;
    if (t->n_cells == t->cap)
        t->cells = xrealloc(t->cells, (t->cap = t->cap ? t->cap * 2 : 64) * sizeof *t->cells);
    t->cells[t->n_cells++] = (matrix_cell){xstrdup(a), xstrdup(b), count};
}

scr_status matrix_collect(searcher *s, const char *query, const char *facet_a,
                          const char *facet_b, matrix_table *t, scr_error *err)
{
    memset(t, 0, sizeof *t);
    t->facet_a = facet_a;
    t->facet_b = facet_b;
    return searcher_matrix(s, query, facet_a, facet_b, on_pair, t, &t->documents, err);
}

void matrix_table_free(matrix_table *t)
{
    for (size_t i = 0; i < t->n_cells; i++) {
        free(t->cells[i].a);
        free(t->cells[i].b);
    }
    free(t->cells);
    free(t->rows);
    free(t->cols);
    memset(t, 0, sizeof *t);
}

static int by_count(const void *x, const void *y)
{
    const matrix_total *a = x, *b = y;
    if (a->count != b->count)
        return a->count < b->count ? 1 : -1;
    return strcmp(a->value, b->value);
}

static int by_value(const void *x, const void *y)
{
    return strcmp(((const matrix_total *)x)->value, ((const matrix_total *)y)->value);
}

/* By sorting: linear scans made a large table quadratic. */
size_t matrix_totals(const matrix_table *t, int column, matrix_total **out)
{
    size_t n = 0;
    matrix_total *v = xmalloc((t->n_cells ? t->n_cells : 1) * sizeof *v);
    for (size_t i = 0; i < t->n_cells; i++)
        v[i] = (matrix_total){column ? t->cells[i].b : t->cells[i].a, t->cells[i].count};
    if (t->n_cells) /* qsort takes no NULL, even for nothing */
        qsort(v, t->n_cells, sizeof *v, by_value);
    for (size_t i = 0; i < t->n_cells; i++) {
        if (n && strcmp(v[n - 1].value, v[i].value) == 0)
            v[n - 1].count += v[i].count;
        else
            v[n++] = v[i];
    }
    if (n)
        qsort(v, n, sizeof *v, by_count);
    *out = v;
    return n;
}

/* Each value's documents among the matches, counted once each (a joint
 * review is one document in its theme's total, not one per authority):
 * the facet counts of the same query. */
static scr_status facet_totals(searcher *s, const char *query, const char *facet, matrix_total *t,
                        size_t n, scr_error *err)
{
    const char *facets[1] = {facet};
    search_request req = {.query = query, .level = LEVEL_DOCUMENT, .limit = 0,
                          .facets = facets, .n_facets = 1};
    search_result res;
    scr_status rc = searcher_run(s, &req, &res, err);
    if (rc != SCR_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        t[i].count = 0;
    if (n) /* looked up by bisection: a wide table is not quadratic */
        qsort(t, n, sizeof *t, by_value);
    for (size_t j = 0; n && res.n_facets && j < res.facets[0].len; j++) {
        matrix_total key = {res.facets[0].values[j].value, 0};
        matrix_total *hit = bsearch(&key, t, n, sizeof *t, by_value);
        if (hit)
            hit->count = res.facets[0].values[j].count;
    }
    if (n)
        qsort(t, n, sizeof *t, by_count);
    search_result_free(&res);
    return SCR_OK;
}

scr_status matrix_table_build(searcher *s, const char *query, const char *facet_a,
                              const char *facet_b, matrix_table *t, scr_error *err)
{
    scr_status rc = matrix_collect(s, query, facet_a, facet_b, t, err);
    if (rc != SCR_OK)
        return rc;
    t->n_rows = matrix_totals(t, 0, &t->rows);
    t->n_cols = matrix_totals(t, 1, &t->cols);
    rc = facet_totals(s, query, facet_a, t->rows, t->n_rows, err);
    if (rc == SCR_OK)
        rc = facet_totals(s, query, facet_b, t->cols, t->n_cols, err);
    /* years run in order across a table, as a reader scans them */
    const schema_facet *fa = schema_facet_find(facet_a), *fb = schema_facet_find(facet_b);
    if (rc == SCR_OK && fa && fa->in_order && t->n_rows)
        qsort(t->rows, t->n_rows, sizeof *t->rows, by_value);
    if (rc == SCR_OK && fb && fb->in_order && t->n_cols)
        qsort(t->cols, t->n_cols, sizeof *t->cols, by_value);
    return rc;
}

/* The cells come in order of a then b (searcher_matrix): found by
 * bisection, so a table of R x C cells costs R x C x log(cells). */
unsigned matrix_table_count(const matrix_table *t, const char *a, const char *b)
{
    size_t lo = 0, hi = t->n_cells;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = strcmp(t->cells[mid].a, a);
        if (!d)
            d = strcmp(t->cells[mid].b, b);
        if (!d)
            return t->cells[mid].count;
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static json_t *totals_json(const matrix_total *v, size_t n)
{
    json_t *a = xcheck(json_array());
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:I}", "value", v[i].value, "count",
                                           (json_int_t)v[i].count));
    return a;
}

json_t *print_matrix_json(const matrix_table *t, const char *query)
{
    json_t *cl = xcheck(json_array());
    for (size_t i = 0; i < t->n_rows; i++)
        for (size_t j = 0; j < t->n_cols; j++) {
            unsigned n = matrix_table_count(t, t->rows[i].value, t->cols[j].value);
            if (n)
                json_array_append_new(cl, json_pack("{s:s, s:s, s:I}", "row", t->rows[i].value,
                                                    "column", t->cols[j].value, "count",
                                                    (json_int_t)n));
        }
    return json_pack("{s:i, s:s, s:s, s:s, s:I, s:o, s:o, s:o}", "version", JSON_FORMAT_VERSION,
                     "query", query, "rows", t->facet_a, "columns", t->facet_b, "documents",
                     (json_int_t)t->documents, "row_values", totals_json(t->rows, t->n_rows),
                     "column_values", totals_json(t->cols, t->n_cols), "cells", cl);
}
