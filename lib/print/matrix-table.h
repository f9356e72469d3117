/* matrix-table.h: a cross-tabulation of matching documents by two facets
 * (scrutiny-query --matrix, scrutiny-serve's heatmaps and /api/v1/matrix):
 * its cells, and each row's and column's documents counted once. */
#ifndef SCRUTINY_MATRIX_TABLE_H
#define SCRUTINY_MATRIX_TABLE_H

#include <jansson.h>

#include "search.h"

typedef struct matrix_cell {
    char *a, *b;
    unsigned count;
} matrix_cell;

/* A facet value with its documents. */
typedef struct matrix_total {
    char *value; /* borrowed from the cells */
    unsigned count;
} matrix_total;

typedef struct matrix_table {
    const char *facet_a, *facet_b;
    matrix_cell *cells; /* in order of a then b (strcmp) */
    size_t n_cells, cap;
    matrix_total *rows, *cols; /* most documents first, ties by value */
    size_t n_rows, n_cols;
    long documents;            /* matching documents */
} matrix_table;

/* Collects the cells of facet_a by facet_b over the documents matching
 * query (no totals), and their number in t->documents; t is always safe
 * to free. */
MUST_CHECK scr_status matrix_collect(searcher *s, const char *query, const char *facet_a,
                                     const char *facet_b, matrix_table *t, scr_error *err);
/* The whole table: cells, and rows and columns with their documents
 * among the matches. */
MUST_CHECK scr_status matrix_table_build(searcher *s, const char *query, const char *facet_a,
                                         const char *facet_b, matrix_table *t, scr_error *err);
/* Each value of a column (0: a, 1: b) of t's cells with the sum of its
 * counts, most first; malloc()ed, the values borrowed from t. */
size_t matrix_totals(const matrix_table *t, int column, matrix_total **out);
/* The count of the cell (a, b), 0 when it has none. */
unsigned matrix_table_count(const matrix_table *t, const char *a, const char *b);
void matrix_table_free(matrix_table *t);

/* The table as --matrix's JSON answer. */
json_t *print_matrix_json(const matrix_table *t, const char *query);

#endif
