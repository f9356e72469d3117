/* walk.h: finds the files to index under the paths users give. */
#ifndef SCRUTINY_WALK_H
#define SCRUTINY_WALK_H

/* Called for each regular file, in sorted order within each directory.
 * Return non-zero to stop the walk. */
typedef int (*walk_fn)(void *ctx, const char *path);
/* Called for each path that cannot be read, with errno's text. */
typedef void (*walk_error_fn)(void *ctx, const char *path, const char *reason);

/* Walks path: a file is passed on as it is; a directory is read
 * recursively, skipping hidden entries and symbolic links to directories
 * (which could loop).  Returns non-zero if fn stopped the walk. */
int walk_path(const char *path, walk_fn fn, walk_error_fn on_error, void *ctx);

#endif
