/* cmd_matrix.c: --matrix A,B (a cross-tabulation of matching documents by
 * two facets) and --recurring FACET (its values by the number of distinct
 * authorities they occur in, with the years). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "format.h"
#include "matrix-table.h"
#include "util.h"

static int cmp_asc(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static int cmp_desc(const void *x, const void *y) { return -cmp_asc(x, y); }

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
    if (o->format == FORMAT_JSON || o->format == FORMAT_NDJSON) {
        json_t *m = print_matrix_json(&t, query);
        print_json_file(stdout, m, o->format == FORMAT_JSON ? PRINT_JSON_FLAGS : PRINT_NDJSON_FLAGS);
        json_decref(m);
    } else {
        /* a table: rows by A, columns by B, totals last; TSV without padding
         * and with zeros, text with "." for none */
        int tsv = o->format != FORMAT_TEXT;
        int w0 = (int)strlen(o->matrix_a);
        for (size_t i = 0; i < t.n_rows; i++)
            if ((int)strlen(t.rows[i].value) > w0)
                w0 = (int)strlen(t.rows[i].value);
        if (tsv)
            printf("%s", o->matrix_a);
        else
            printf("%-*s", w0, o->matrix_a);
        for (size_t j = 0; j < t.n_cols; j++)
            printf(tsv ? "\t%s" : "  %s", t.cols[j].value);
        printf(tsv ? "\ttotal\n" : "  total\n");
        for (size_t i = 0; i < t.n_rows; i++) {
            if (tsv)
                printf("%s", t.rows[i].value);
            else
                printf("%-*s", w0, t.rows[i].value);
            for (size_t j = 0; j < t.n_cols; j++) {
                unsigned n = matrix_table_count(&t, t.rows[i].value, t.cols[j].value);
                int w = (int)strlen(t.cols[j].value);
                if (tsv)
                    printf("\t%u", n);
                else if (n)
                    printf("  %*u", w, n);
                else
                    printf("  %*s", w, ".");
            }
            printf(tsv ? "\t%u\n" : "  %5u\n", t.rows[i].count);
        }
        if (!tsv)
            printf("%ld document%s\n", t.documents, t.documents == 1 ? "" : "s");
    }
    long docs = t.documents;
    matrix_table_free(&t);
    return docs ? EXIT_MATCH : EXIT_NO_MATCH;
}

/* Values joined by ", " or ";". */
static char *join_values(const matrix_table *c, const char *a, const char *sep, int sort_desc)
{
    strlist v;
    sl_init(&v);
    for (size_t i = 0; i < c->n_cells; i++)
        if (strcmp(c->cells[i].a, a) == 0 && !sl_contains(&v, c->cells[i].b))
            sl_push(&v, c->cells[i].b);
    if (v.len) /* qsort takes no NULL, even for nothing */
        qsort(v.items, v.len, sizeof *v.items, sort_desc ? cmp_desc : cmp_asc);
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < v.len; i++)
        sb_addf(&sb, "%s%s", i ? sep : "", v.items[i]);
    sl_free(&v);
    return sb_steal(&sb);
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
    json_t *list = xcheck(json_array());
    if (o->format == FORMAT_TSV)
        printf("%s\tauthorities\tauthority_list\tyears\n", o->recurring);
    for (size_t i = 0; i < nr; i++) {
        char *al = join_values(&auth, rows[i].value, o->format == FORMAT_TEXT ? ", " : ";", 0);
        char *yl = join_values(&years, rows[i].value, o->format == FORMAT_TEXT ? ", " : ";", 0);
        if (o->format == FORMAT_JSON || o->format == FORMAT_NDJSON) {
            json_t *item = json_pack("{s:s, s:I, s:o, s:o}", "value", rows[i].value,
                                     "authorities", (json_int_t)rows[i].count, "authority_list",
                                     json_array(), "years", json_array());
            strlist parts;
            sl_init(&parts);
            sl_split(&parts, al, ';');
            for (size_t k = 0; k < parts.len; k++)
                json_array_append_new(json_object_get(item, "authority_list"),
                                      json_string(parts.items[k]));
            sl_free(&parts);
            sl_split(&parts, yl, ';');
            for (size_t k = 0; k < parts.len; k++)
                json_array_append_new(json_object_get(item, "years"),
                                      json_integer(atoi(parts.items[k])));
            sl_free(&parts);
            if (o->format == FORMAT_NDJSON) {
                print_json_file(stdout, item, PRINT_NDJSON_FLAGS);
                json_decref(item);
            } else {
                json_array_append_new(list, item);
            }
        } else if (o->format == FORMAT_TSV) {
            printf("%s\t%u\t%s\t%s\n", rows[i].value, rows[i].count, al, yl);
        } else {
            printf("%-32s %3u authorit%s: %s\n%-32s     years: %s\n", rows[i].value,
                   rows[i].count, rows[i].count == 1 ? "y" : "ies", al, "", yl);
        }
        free(al);
        free(yl);
    }
    if (o->format == FORMAT_JSON) {
        print_json_file(stdout, list, PRINT_JSON_FLAGS);
    }
    json_decref(list);
    matrix_table_free(&auth);
    matrix_table_free(&years);
    free(rows);
    return nr ? EXIT_MATCH : EXIT_NO_MATCH;
}
