/* tsv.h: the tab-separated tables scrutiny reads (manifests, data/):
 * '#' comment lines and blank lines skipped, the first other line names
 * the columns, cells are trimmed, missing cells are empty. */
#ifndef SCRUTINY_TSV_H
#define SCRUTINY_TSV_H

#include <stddef.h>

#include "status.h"

typedef struct tsv {
    char *path;
    char **columns; /* names, from the header */
    size_t n_columns;
    char ***rows;   /* rows[i][c], never NULL */
    size_t n_rows;
    char *text;     /* the file, which the names and cells point into */
} tsv;

/* Loads path (at most 16 MiB).  SCR_ERR_IO or SCR_ERR_INPUT with a line
 * naming the file. */
MUST_CHECK scr_status tsv_load(const char *path, tsv *t, scr_error *err);
void tsv_free(tsv *t);
/* Index of a column by name, or -1. */
int tsv_column(const tsv *t, const char *name);
/* A cell, "" when the column is missing (col < 0). */
const char *tsv_cell(const tsv *t, size_t row, int col);

#endif
