/* cmd_matrix.c: --matrix A,B (a cross-tabulation of matching documents by
 * two facets) and --recurring FACET (its values by the number of distinct
 * authorities they occur in, with the years). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "matrix-table.h"
#include "util.h"

static int cmp_asc(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static int by_count(const void *x, const void *y)
{
    const matrix_total *a = x, *b = y;
    if (a->count != b->count)
        return a->count < b->count ? 1 : -1;
    return strcmp(a->value, b->value);
}

int cmd_matrix(searcher *s, const char *query, const options *o)
{
    matrix_table t;
    scr_error err;
    if (matrix_table_build(s, query, o->matrix_a, o->matrix_b, &t, &err) != SCR_OK) {
        fprintf(stderr, "%s: %s\n", util_progname(), err.message);
        matrix_table_free(&t);
        return EXIT_ERROR;
    }
    printer p;
    printer_for(&p, o);
    p.ops->matrix(&p, &t, query);
    long docs = t.documents;
    matrix_table_free(&t);
    return flushed(docs ? EXIT_MATCH : EXIT_NO_MATCH);
}

/* The values of b with a, sorted: each once. */
static void values_with(const matrix_table *c, const char *a, strlist *v)
{
    sl_init(v);
    for (size_t i = 0; i < c->n_cells; i++)
        if (strcmp(c->cells[i].a, a) == 0 && !sl_contains(v, c->cells[i].b))
            sl_push(v, c->cells[i].b);
    if (v->len) /* qsort takes no NULL, even for nothing */
        qsort(v->items, v->len, sizeof *v->items, cmp_asc);
}

int cmd_recurring(searcher *s, const char *query, const options *o)
{
    matrix_table auth = {0}, years = {0};
    scr_error err;
    if (matrix_collect(s, query, o->recurring, "authority", &auth, &err) != SCR_OK ||
        matrix_collect(s, query, o->recurring, "year", &years, &err) != SCR_OK) {
        fprintf(stderr, "%s: %s\n", util_progname(), err.message);
        matrix_table_free(&auth);
        matrix_table_free(&years);
        return EXIT_ERROR;
    }
    /* rows: values by number of distinct authorities */
    matrix_total *rows;
    size_t nr = matrix_totals(&auth, 0, &rows);
    for (size_t i = 0; i < nr; i++) {
        rows[i].count = 0;
        for (size_t k = 0; k < auth.n_cells; k++)
            rows[i].count += strcmp(auth.cells[k].a, rows[i].value) == 0;
    }
    qsort(rows, nr, sizeof *rows, by_count);
    printer p;
    printer_for(&p, o);
    printer_recurring_begin(&p, o->recurring);
    for (size_t i = 0; i < nr; i++) {
        strlist al, yl;
        values_with(&auth, rows[i].value, &al);
        values_with(&years, rows[i].value, &yl);
        p.ops->recurring_row(&p, rows[i].value, &al, &yl);
        sl_free(&al);
        sl_free(&yl);
    }
    printer_recurring_end(&p);
    matrix_table_free(&auth);
    matrix_table_free(&years);
    free(rows);
    return flushed(nr ? EXIT_MATCH : EXIT_NO_MATCH);
}
