/* manifest.c: see manifest.h. */
#include "manifest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsv.h"
#include "util.h"

static void entry_free(manifest_entry *e)
{
    free(e->file);
    free(e->title);
    free(e->authority);
    free(e->publisher);
    free(e->doctype);
    free(e->date);
    free(e->source);
}

static char *cell(const tsv *t, size_t row, const char *column)
{
    const char *v = tsv_cell(t, row, tsv_column(t, column));
    return *v ? xstrdup(v) : NULL;
}

int manifest_load(const char *path, manifest *m, char *errbuf, size_t errlen)
{
    memset(m, 0, sizeof *m);
    tsv t;
    if (tsv_load(path, &t, errbuf, errlen) != 0) {
        if (strstr(errbuf, "empty (no header line)"))
            snprintf(errbuf, errlen, "%s: empty manifest (no header line)", path);
        return -1;
    }
    if (tsv_column(&t, "file") < 0) {
        snprintf(errbuf, errlen, "%s: header has no 'file' column", path);
        tsv_free(&t);
        return -1;
    }
    m->entries = xcalloc(t.n_rows, sizeof *m->entries);
    for (size_t r = 0; r < t.n_rows; r++) {
        manifest_entry *e = &m->entries[m->len];
        e->file = cell(&t, r, "file");
        if (!e->file) {
            snprintf(errbuf, errlen, "%s: row %zu has no file name", path, r + 1);
            tsv_free(&t);
            manifest_free(m);
            return -1;
        }
        e->title = cell(&t, r, "title");
        e->authority = cell(&t, r, "authority");
        e->publisher = cell(&t, r, "publisher");
        e->doctype = cell(&t, r, "doctype");
        e->date = cell(&t, r, "date");
        e->source = cell(&t, r, "source");
        m->len++;
    }
    tsv_free(&t);
    m->path = xstrdup(path);
    return 0;
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
