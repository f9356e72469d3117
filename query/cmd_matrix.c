/* cmd_matrix.c: --matrix A,B (a cross-tabulation of matching documents by
 * two facets) and --recurring FACET (its values by the number of distinct
 * authorities they occur in, with the years). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "format.h"
#include "util.h"

typedef struct cell {
    char *a, *b;
    unsigned count;
} cell;

typedef struct cells {
    cell *items;
    size_t len, cap;
} cells;

static void on_pair(void *ctx, const char *a, const char *b, unsigned count)
{
    cells *c = ctx;
    if (c->len == c->cap)
        c->items = xrealloc(c->items, (c->cap = c->cap ? c->cap * 2 : 64) * sizeof *c->items);
    c->items[c->len++] = (cell){xstrdup(a), xstrdup(b), count};
}

static void cells_free(cells *c)
{
    for (size_t i = 0; i < c->len; i++) {
        free(c->items[i].a);
        free(c->items[i].b);
    }
    free(c->items);
}

/* A facet's values with their documents, most first (ties by name). */
typedef struct total {
    char *value;
    unsigned count;
} total;

static int by_count(const void *x, const void *y)
{
    const total *a = x, *b = y;
    if (a->count != b->count)
        return a->count < b->count ? 1 : -1;
    return strcmp(a->value, b->value);
}

static int by_value(const void *x, const void *y)
{
    return strcmp(((const total *)x)->value, ((const total *)y)->value);
}

/* Each value of a column of the cells with the sum of its counts, by
 * sorting (linear scans made a large table quadratic). */
static size_t totals(const cells *c, int column, total **out)
{
    size_t n = 0;
    total *t = xmalloc((c->len ? c->len : 1) * sizeof *t);
    for (size_t i = 0; i < c->len; i++)
        t[i] = (total){column ? c->items[i].b : c->items[i].a, c->items[i].count};
    if (c->len) /* qsort takes no NULL, even for nothing */
        qsort(t, c->len, sizeof *t, by_value);
    for (size_t i = 0; i < c->len; i++) {
        if (n && strcmp(t[n - 1].value, t[i].value) == 0)
            t[n - 1].count += t[i].count;
        else
            t[n++] = t[i];
    }
    if (n)
        qsort(t, n, sizeof *t, by_count);
    *out = t;
    return n;
}

/* Each value's documents among the matches, counted once each (a joint
 * review is one document in its theme's total, not one per authority):
 * the facet counts of the same query. */
static int facet_totals(searcher *s, const char *query, const char *facet, total *t, size_t n)
{
    const char *facets[1] = {facet};
    search_request req = {.query = query, .level = LEVEL_DOCUMENT, .limit = 0,
                          .facets = facets, .n_facets = 1};
    search_result res;
    char errbuf[1024];
    if (searcher_run(s, &req, &res, errbuf, sizeof errbuf) != 0) {
        fprintf(stderr, "%s: %s\n", util_progname(), errbuf);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        t[i].count = 0;
    if (n) /* looked up by bisection: a wide table is not quadratic */
        qsort(t, n, sizeof *t, by_value);
    for (size_t j = 0; n && res.n_facets && j < res.facets[0].len; j++) {
        total key = {res.facets[0].values[j].value, 0};
        total *hit = bsearch(&key, t, n, sizeof *t, by_value);
        if (hit)
            hit->count = res.facets[0].values[j].count;
    }
    if (n)
        qsort(t, n, sizeof *t, by_count);
    search_result_free(&res);
    return 0;
}

/* The cells come in order of a then b (searcher_matrix): found by
 * bisection, so a table of R x C cells costs R x C x log(cells). */
static unsigned cell_count(const cells *c, const char *a, const char *b)
{
    size_t lo = 0, hi = c->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = strcmp(c->items[mid].a, a);
        if (!d)
            d = strcmp(c->items[mid].b, b);
        if (!d)
            return c->items[mid].count;
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static int cmp_asc(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static int cmp_desc(const void *x, const void *y) { return -cmp_asc(x, y); }

static long collect(searcher *s, const char *query, const char *a, const char *b, cells *c)
{
    char errbuf[1024];
    memset(c, 0, sizeof *c);
    long n = searcher_matrix(s, query, a, b, on_pair, c, errbuf, sizeof errbuf);
    if (n < 0)
        fprintf(stderr, "%s: %s\n", util_progname(), errbuf);
    return n;
}

int cmd_matrix(searcher *s, const char *query, const options *o)
{
    cells c;
    long docs = collect(s, query, o->matrix_a, o->matrix_b, &c);
    if (docs < 0)
        return EXIT_ERROR;
    total *rows, *cols;
    size_t nr = totals(&c, 0, &rows), nc = totals(&c, 1, &cols);
    if (facet_totals(s, query, o->matrix_a, rows, nr) != 0 ||
        facet_totals(s, query, o->matrix_b, cols, nc) != 0) {
        cells_free(&c);
        free(rows);
        free(cols);
        return EXIT_ERROR;
    }
    if (o->format == FORMAT_JSON || o->format == FORMAT_NDJSON) {
        json_t *cl = xcheck(json_array()), *rv = xcheck(json_array()), *cv = xcheck(json_array());
        for (size_t i = 0; i < nr; i++)
            for (size_t j = 0; j < nc; j++) {
                unsigned n = cell_count(&c, rows[i].value, cols[j].value);
                if (n)
                    json_array_append_new(cl, json_pack("{s:s, s:s, s:I}", "row", rows[i].value,
                                                        "column", cols[j].value, "count",
                                                        (json_int_t)n));
            }
        for (size_t i = 0; i < nr; i++)
            json_array_append_new(rv, json_pack("{s:s, s:I}", "value", rows[i].value, "count",
                                                (json_int_t)rows[i].count));
        for (size_t j = 0; j < nc; j++)
            json_array_append_new(cv, json_pack("{s:s, s:I}", "value", cols[j].value, "count",
                                                (json_int_t)cols[j].count));
        json_t *m = json_pack("{s:i, s:s, s:s, s:s, s:I, s:o, s:o, s:o}", "version",
                              JSON_FORMAT_VERSION, "query", query, "rows", o->matrix_a,
                              "columns", o->matrix_b, "documents", (json_int_t)docs,
                              "row_values", rv, "column_values", cv, "cells", cl);
        json_dumpf(m, stdout, o->format == FORMAT_JSON ? JSON_INDENT(2) | JSON_PRESERVE_ORDER
                                                       : JSON_COMPACT | JSON_PRESERVE_ORDER);
        putchar('\n');
        json_decref(m);
    } else {
        /* a table: rows by A, columns by B, totals last; TSV without padding
         * and with zeros, text with "." for none */
        int tsv = o->format != FORMAT_TEXT;
        int w0 = (int)strlen(o->matrix_a);
        for (size_t i = 0; i < nr; i++)
            if ((int)strlen(rows[i].value) > w0)
                w0 = (int)strlen(rows[i].value);
        if (tsv)
            printf("%s", o->matrix_a);
        else
            printf("%-*s", w0, o->matrix_a);
        for (size_t j = 0; j < nc; j++)
            printf(tsv ? "\t%s" : "  %s", cols[j].value);
        printf(tsv ? "\ttotal\n" : "  total\n");
        for (size_t i = 0; i < nr; i++) {
            if (tsv)
                printf("%s", rows[i].value);
            else
                printf("%-*s", w0, rows[i].value);
            for (size_t j = 0; j < nc; j++) {
                unsigned n = cell_count(&c, rows[i].value, cols[j].value);
                int w = (int)strlen(cols[j].value);
                if (tsv)
                    printf("\t%u", n);
                else if (n)
                    printf("  %*u", w, n);
                else
                    printf("  %*s", w, ".");
            }
            printf(tsv ? "\t%u\n" : "  %5u\n", rows[i].count);
        }
        if (!tsv)
            printf("%ld document%s\n", docs, docs == 1 ? "" : "s");
    }
    cells_free(&c);
    free(rows);
    free(cols);
    return docs ? EXIT_MATCH : EXIT_NO_MATCH;
}

/* Values joined by ", " or ";". */
static char *join_values(const cells *c, const char *a, const char *sep, int sort_desc)
{
    strlist v;
    sl_init(&v);
    for (size_t i = 0; i < c->len; i++)
        if (strcmp(c->items[i].a, a) == 0 && !sl_contains(&v, c->items[i].b))
            sl_push(&v, c->items[i].b);
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
    cells auth, years;
    long docs = collect(s, query, o->recurring, "authority", &auth);
    if (docs < 0)
        return EXIT_ERROR;
    if (collect(s, query, o->recurring, "year", &years) < 0) {
        cells_free(&auth);
        return EXIT_ERROR;
    }
    /* rows: values by number of distinct authorities */
    total *rows;
    size_t nr = totals(&auth, 0, &rows);
    for (size_t i = 0; i < nr; i++) {
        rows[i].count = 0;
        for (size_t k = 0; k < auth.len; k++)
            rows[i].count += strcmp(auth.items[k].a, rows[i].value) == 0;
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
                json_dumpf(item, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
                putchar('\n');
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
        json_dumpf(list, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        putchar('\n');
    }
    json_decref(list);
    cells_free(&auth);
    cells_free(&years);
    free(rows);
    return nr ? EXIT_MATCH : EXIT_NO_MATCH;
}
