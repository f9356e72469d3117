/* walk.h: finds the files to index under the paths users give. */
#ifndef SCRUTINY_WALK_H
#define SCRUTINY_WALK_H

#include <stddef.h>

/* Called for each regular file (not_regular NULL) and, inside a
 * directory, each FIFO, socket or device (not_regular says which, "a
 * FIFO"), in sorted order within each directory.  Return non-zero to stop
 * the walk. */
typedef int (*walk_fn)(void *ctx, const char *path, const char *not_regular);
/* Called for each path that cannot be read, with errno's text. */
typedef void (*walk_error_fn)(void *ctx, const char *path, const char *reason);

/* The folders a run indexes (absolute, links resolved): symbolic links
 * are followed only to targets inside one of them. */
typedef struct rootset {
    char **dirs;
    size_t len;
    size_t *slots, nslots; /* a hash set of dirs (index + 1; 0 is empty) */
    int everything;        /* "/" is one of them */
} rootset;
void roots_add(rootset *r, const char *dir);
/* Is abs (absolute, resolved) one of the folders or inside one? */
int roots_contain(const rootset *r, const char *abs);
void roots_free(rootset *r);

/* Walks path: a file is passed on as it is; a directory is read
 * recursively, skipping hidden entries and symbolic links to directories
 * (which could loop).  Returns non-zero if fn stopped the walk. */
/* With roots, a link whose target is outside them is reported to on_error
 * and not followed; NULL follows links to files anywhere. */
/* Why path could not be read after errno err, into buf: for a symbolic
 * link whose target is not there, that (strerror named the link itself:
 * "No such file or directory" of a file that is listed). */
const char *walk_why(const char *path, int err, char *buf, size_t size);

int walk_path(const char *path, const rootset *roots, walk_fn fn, walk_error_fn on_error,
              void *ctx);

#endif
