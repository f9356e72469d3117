/* manifest.h: metadata given by hand in a manifest.tsv beside the files.
 *
 * The first line names the columns (any order): file (required), title,
 * authority, publisher, doctype, date, source.  Several authorities or
 * publishers are separated by ';'.  Lines starting with '#' are comments.
 * source, the web address a page was saved from, overrides nothing: it is
 * evidence for detection (whose site, so who published it and often which
 * council it is about). */
#ifndef SCRUTINY_MANIFEST_H
#define SCRUTINY_MANIFEST_H

#include <stddef.h>

#include "record.h"
#include "status.h"

#define MANIFEST_NAME "manifest.tsv"

typedef struct manifest_entry {
    char *file, *title, *authority, *publisher, *doctype, *date, *source;
} manifest_entry;

typedef struct manifest {
    char *path;
    manifest_entry *entries;
    size_t len;
} manifest;

/* Loads path; a failure's line names it (the file missing is an error
 * here: callers check for it first). */
MUST_CHECK scr_status manifest_load(const char *path, manifest *m, scr_error *err);
void manifest_free(manifest *m);
/* The entry for a file's base name, or NULL. */
const manifest_entry *manifest_find(const manifest *m, const char *basename);
/* Copies the entry's fields into r (fields it leaves empty stay as they
 * are); SCR_ERR_INPUT when the date is malformed (the date stays, the
 * other fields are copied). */
MUST_CHECK scr_status manifest_apply(const manifest_entry *e, scr_record *r, scr_error *err);

#endif
