/* tsv.h: the tab-separated tables scrutiny reads (manifests, data/):
 * '#' comment lines and blank lines skipped, the first other line names
 * the columns, cells are trimmed, missing cells are empty. */
#ifndef SCRUTINY_TSV_H
#define SCRUTINY_TSV_H

#include <stddef.h>

typedef struct tsv {
    char *path;
    char **columns; /* names, from the header */
    size_t n_columns;
    char ***rows;   /* rows[i][c], never NULL */
    size_t n_rows;
} tsv;

/* Loads path (at most 16 MiB).  Returns 0, or -1 with a one-line reason
 * naming the file. */
int tsv_load(const char *path, tsv *t, char *errbuf, size_t errlen);
void tsv_free(tsv *t);
/* Index of a column by name, or -1. */
int tsv_column(const tsv *t, const char *name);
/* A cell, "" when the column is missing (col < 0). */
const char *tsv_cell(const tsv *t, size_t row, int col);

#endif
