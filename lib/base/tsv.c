/* tsv.c: see tsv.h. */
#include "tsv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define TSV_MAX (16u << 20)

static char **split_tabs(char *line, size_t *n)
{
    size_t cap = 8, len = 0;
    char **cells = xmalloc(cap * sizeof *cells);
    for (char *cell = line;;) {
        char *tab = strchr(cell, '\t');
        if (tab)
            *tab = '\0';
        if (len == cap)
            cells = xrealloc(cells, (cap *= 2) * sizeof *cells);
        cells[len++] = str_trim(cell); /* in place: the file's text is kept */
        if (!tab)
            break;
        cell = tab + 1;
    }
    *n = len;
    return cells;
}

scr_status tsv_load(const char *path, tsv *t, scr_error *err)
{
    memset(t, 0, sizeof *t);
    size_t len;
    char *text = read_file(path, TSV_MAX, &len);
    if (!text) {
        return scr_fail(err, SCR_ERR_IO, "%s: %s", path,
                        errno == EFBIG ? "larger than 16 MiB" : read_file_error(errno));
    }
    if (memchr(text, '\0', len)) {
        free(text);
        return scr_fail(err, SCR_ERR_INPUT, "%s: not a text file (NUL byte)", path);
    }
    /* a byte-order mark (Excel's "CSV UTF-8", Notepad) is no part of the
     * first column's name */
    char *line = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? text + 3 : text;
    size_t rows_cap = 0;
    while (line && *line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        size_t n = strlen(line);
        if (n && line[n - 1] == '\r')
            line[--n] = '\0';
        if (n && line[0] != '#') {
            size_t cells_n;
            char **cells = split_tabs(line, &cells_n);
            if (!t->columns) {
                t->columns = cells;
                t->n_columns = cells_n;
            } else {
                /* pad (with the empty string at the end of the line) or
                 * cut to the header's width */
                char *empty = cells[cells_n - 1] + strlen(cells[cells_n - 1]);
                cells = xrealloc(cells, (t->n_columns ? t->n_columns : 1) * sizeof *cells);
                for (size_t c = cells_n; c < t->n_columns; c++)
                    cells[c] = empty;
                if (t->n_rows == rows_cap) {
                    rows_cap = rows_cap ? 2 * rows_cap : 64;
                    t->rows = xrealloc(t->rows, rows_cap * sizeof *t->rows);
                }
                t->rows[t->n_rows++] = cells;
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    t->text = text;
    if (!t->columns) {
        tsv_free(t);
        return scr_fail(err, SCR_ERR_INPUT, "%s: empty (no header line)", path);
    }
    t->path = xstrdup(path);
    return SCR_OK;
}

void tsv_free(tsv *t)
{
    for (size_t r = 0; r < t->n_rows; r++)
        free(t->rows[r]);
    free(t->rows);
    free(t->columns);
    free(t->path);
    free(t->text);
    memset(t, 0, sizeof *t);
}

int tsv_column(const tsv *t, const char *name)
{
    for (size_t c = 0; c < t->n_columns; c++)
        if (strcmp(t->columns[c], name) == 0)
            return (int)c;
    return -1;
}

const char *tsv_cell(const tsv *t, size_t row, int col)
{
    if (col < 0 || (size_t)col >= t->n_columns || row >= t->n_rows)
        return "";
    return t->rows[row][col];
}
