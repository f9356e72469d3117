/* walk.c: see walk.h. */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

/* Deeper trees than this are almost surely a mistake or a trap. */
#define WALK_MAX_DEPTH 64

static int skip_hidden(const struct dirent *e) { return e->d_name[0] != '.'; }

static int walk_dir(const char *dir, int depth, walk_fn fn, walk_error_fn on_error, void *ctx)
{
    if (depth > WALK_MAX_DEPTH) {
        on_error(ctx, dir, "directory tree too deep, not descending further");
        return 0;
    }
    struct dirent **names = NULL;
    int n = scandir(dir, &names, skip_hidden, alphasort);
    if (n < 0) {
        on_error(ctx, dir, strerror(errno));
        return 0;
    }
    int stop = 0;
    strbuf path;
    sb_init(&path);
    for (int i = 0; i < n; i++) {
        if (!stop) {
            path.len = 0;
            sb_addf(&path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
                    names[i]->d_name);
            struct stat lst, st;
            if (lstat(path.buf, &lst) != 0) {
                on_error(ctx, path.buf, strerror(errno));
            } else if (S_ISDIR(lst.st_mode)) {
                stop = walk_dir(path.buf, depth + 1, fn, on_error, ctx);
            } else if (S_ISLNK(lst.st_mode)) {
                if (stat(path.buf, &st) != 0)
                    on_error(ctx, path.buf, strerror(errno));
                else if (S_ISREG(st.st_mode))
                    stop = fn(ctx, path.buf);
                /* links to directories are not followed: they can loop */
            } else if (S_ISREG(lst.st_mode)) {
                stop = fn(ctx, path.buf);
            }
        }
        free(names[i]);
    }
    free(names);
    sb_free(&path);
    return stop;
}

int walk_path(const char *path, walk_fn fn, walk_error_fn on_error, void *ctx)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        on_error(ctx, path, strerror(errno));
        return 0;
    }
    if (S_ISDIR(st.st_mode))
        return walk_dir(path, 0, fn, on_error, ctx);
    if (S_ISREG(st.st_mode))
        return fn(ctx, path);
    on_error(ctx, path, "not a regular file or directory");
    return 0;
}
