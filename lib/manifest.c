/* manifest.c: see manifest.h. */
#include "manifest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum { COL_FILE, COL_TITLE, COL_AUTHORITY, COL_PUBLISHER, COL_DOCTYPE, COL_DATE, NCOLS };
static const char *const col_names[NCOLS] = {"file",      "title",   "authority",
                                             "publisher", "doctype", "date"};

/* Manifests are small; 16 MiB is far beyond any real one. */
#define MANIFEST_MAX (16u << 20)

static char **field_of(manifest_entry *e, int col)
{
    switch (col) {
    case COL_FILE: return &e->file;
    case COL_TITLE: return &e->title;
    case COL_AUTHORITY: return &e->authority;
    case COL_PUBLISHER: return &e->publisher;
    case COL_DOCTYPE: return &e->doctype;
    default: return &e->date;
    }
}

static void entry_free(manifest_entry *e)
{
    free(e->file);
    free(e->title);
    free(e->authority);
    free(e->publisher);
    free(e->doctype);
    free(e->date);
}

int manifest_load(const char *path, manifest *m, char *errbuf, size_t errlen)
{
    memset(m, 0, sizeof *m);
    size_t len;
    char *text = read_file(path, MANIFEST_MAX, &len);
    if (!text) {
        snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (memchr(text, '\0', len)) {
        snprintf(errbuf, errlen, "%s: not a text file (NUL byte)", path);
        free(text);
        return -1;
    }
    int map[64]; /* column index -> COL_*, or -1 to ignore */
    int ncols = 0, have_file = 0, lineno = 0, status = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        size_t n = strlen(line);
        if (n && line[n - 1] == '\r')
            line[n - 1] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (ncols == 0) { /* header */
            char *hsave = NULL;
            for (char *col = strtok_r(line, "\t", &hsave); col && ncols < 64;
                 col = strtok_r(NULL, "\t", &hsave)) {
                str_trim(col);
                map[ncols] = -1;
                for (int c = 0; c < NCOLS; c++)
                    if (strcmp(col, col_names[c]) == 0)
                        map[ncols] = c;
                if (map[ncols] == COL_FILE)
                    have_file = 1;
                ncols++;
            }
            if (!have_file) {
                snprintf(errbuf, errlen, "%s:%d: header has no 'file' column", path, lineno);
                status = -1;
                break;
            }
            continue;
        }
        m->entries = xrealloc(m->entries, (m->len + 1) * sizeof *m->entries);
        manifest_entry *e = &m->entries[m->len];
        memset(e, 0, sizeof *e);
        /* Split by hand: strtok would merge empty columns. */
        char *cell = line;
        for (int c = 0; c < ncols && cell; c++) {
            char *tab = strchr(cell, '\t');
            if (tab)
                *tab = '\0';
            if (map[c] >= 0) {
                char **field = field_of(e, map[c]);
                free(*field);
                *field = str_trim(xstrdup(cell));
            }
            cell = tab ? tab + 1 : NULL;
        }
        if (!e->file || !*e->file) {
            entry_free(e);
            snprintf(errbuf, errlen, "%s:%d: no file name", path, lineno);
            status = -1;
            break;
        }
        m->len++;
    }
    free(text);
    if (status == 0 && ncols == 0) {
        snprintf(errbuf, errlen, "%s: empty manifest (no header line)", path);
        status = -1;
    }
    if (status != 0)
        manifest_free(m);
    else
        m->path = xstrdup(path);
    return status;
}

void manifest_free(manifest *m)
{
    for (size_t i = 0; i < m->len; i++)
        entry_free(&m->entries[i]);
    free(m->entries);
    free(m->path);
    memset(m, 0, sizeof *m);
}

const manifest_entry *manifest_find(const manifest *m, const char *basename)
{
    for (size_t i = 0; i < m->len; i++)
        if (strcmp(m->entries[i].file, basename) == 0)
            return &m->entries[i];
    return NULL;
}

int manifest_apply(const manifest_entry *e, scr_record *r, char *errbuf, size_t errlen)
{
    if (e->date && *e->date && record_set_date(r, e->date) != 0) {
        snprintf(errbuf, errlen, "date '%s' of %s is not YYYY, YYYY-MM or YYYY-MM-DD",
                 e->date, e->file);
        return -1;
    }
    if (e->title && *e->title) {
        free(r->title);
        r->title = xstrdup(e->title);
    }
    if (e->authority && *e->authority) {
        sl_free(&r->authorities);
        sl_split(&r->authorities, e->authority, ';');
    }
    if (e->publisher && *e->publisher) {
        sl_free(&r->publishers);
        sl_split(&r->publishers, e->publisher, ';');
    }
    if (e->doctype && *e->doctype) {
        free(r->doctype);
        r->doctype = xstrdup(e->doctype);
    }
    return 0;
}
