/* manifest.c: see manifest.h. */
#include "manifest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

scr_status manifest_load(const char *path, manifest *m, scr_error *err)
{
    memset(m, 0, sizeof *m);
    tsv t;
    scr_error tsv_err;
    scr_status rc = tsv_load(path, &t, &tsv_err);
    if (rc != SCR_OK) {
        if (strstr(tsv_err.message, "empty (no header line)"))
            return scr_fail(err, rc, "%s: empty manifest (no header line)", path);
        return scr_fail(err, rc, "%s", tsv_err.message);
    }
    if (tsv_column(&t, "file") < 0) {
        tsv_free(&t);
        return scr_fail(err, SCR_ERR_INPUT, "%s: header has no 'file' column", path);
    }
    m->entries = xcalloc(t.n_rows, sizeof *m->entries);
    for (size_t r = 0; r < t.n_rows; r++) {
        manifest_entry *e = &m->entries[m->len];
        e->file = cell(&t, r, "file");
        if (!e->file) {
            tsv_free(&t);
            manifest_free(m);
            return scr_fail(err, SCR_ERR_INPUT, "%s: row %zu has no file name", path, r + 1);
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
    return SCR_OK;
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

scr_status manifest_apply(const manifest_entry *e, scr_record *r, scr_error *err)
{
    /* field by field: a bad date keeps the detected one, and the row's
     * other fields still apply */
    /* a date over a year ahead is a slip (a meeting's papers come out
     * weeks before it, not decades): refused as a bad one is */
    time_t now = time(NULL);
    struct tm today;
    int far = e->date && *e->date && gmtime_r(&now, &today) &&
              atoi(e->date) > today.tm_year + 1900 + 1;
    int bad_date = e->date && *e->date && (far || record_set_date(r, e->date) != 0);
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
    if (bad_date)
        return scr_fail(err, SCR_ERR_INPUT,
                        far ? "date '%s' of %s is over a year ahead: the date found is kept"
                            : "date '%s' of %s is not YYYY, YYYY-MM or YYYY-MM-DD: the date "
                              "found is kept",
                        e->date, e->file);
    return SCR_OK;
}
