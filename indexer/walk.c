/* walk.c: see walk.h. */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* Deeper trees than this are almost surely a mistake or a trap. */
#define WALK_MAX_DEPTH 64

static int skip_hidden(const struct dirent *e) { return e->d_name[0] != '.'; }

/* Folders in a hash set: a --files-from list of a million files in
 * thousands of folders checks each link in a few lookups. */
static size_t hash_n(const char *s, size_t n)
{
    size_t h = 14695981039346656037ull & SIZE_MAX;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* The slot holding s[0..n), or the empty slot where it would go. */
static size_t *roots_slot(const rootset *r, const char *s, size_t n)
{
    size_t i = hash_n(s, n) & (r->nslots - 1);
    while (r->slots[i]) {
        const char *d = r->dirs[r->slots[i] - 1];
        if (strlen(d) == n && memcmp(d, s, n) == 0)
            break;
        i = (i + 1) & (r->nslots - 1);
    }
    return &r->slots[i];
}

void roots_add(rootset *r, const char *dir)
{
    if (strcmp(dir, "/") == 0)
        r->everything = 1;
    if (r->nslots && *roots_slot(r, dir, strlen(dir)))
        return;
    if (2 * (r->len + 1) > r->nslots) { /* grow and rehash */
        free(r->slots);
        r->nslots = r->nslots ? 2 * r->nslots : 64;
        r->slots = xcalloc(r->nslots, sizeof *r->slots);
        for (size_t i = 0; i < r->len; i++)
            *roots_slot(r, r->dirs[i], strlen(r->dirs[i])) = i + 1;
    }
    r->dirs = xrealloc(r->dirs, (r->len + 1) * sizeof *r->dirs);
    r->dirs[r->len++] = xstrdup(dir);
    *roots_slot(r, dir, strlen(dir)) = r->len;
}

int roots_contain(const rootset *r, const char *abs)
{
    if (r->everything)
        return 1;
    if (!r->nslots)
        return 0;
    /* abs itself and each folder above it */
    for (size_t n = strlen(abs); n > 0; n--)
        if ((abs[n] == '\0' || abs[n] == '/') && *roots_slot(r, abs, n))
            return 1;
    return 0;
}

void roots_free(rootset *r)
{
    for (size_t i = 0; i < r->len; i++)
        free(r->dirs[i]);
    free(r->dirs);
    free(r->slots);
    memset(r, 0, sizeof *r);
}

typedef struct walker {
    const rootset *roots;
    walk_fn fn;
    walk_error_fn on_error;
    void *ctx;
} walker;

const char *walk_why(const char *path, int err, char *buf, size_t size)
{
    char target[PATH_MAX];
    struct stat lst;
    ssize_t n = err == ENOENT && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)
                    ? readlink(path, target, sizeof target - 1)
                    : -1;
    if (n >= 0) {
        target[n] = '\0';
        snprintf(buf, size, "a symbolic link to %s, which is not there", target);
    } else {
        snprintf(buf, size, "%s", strerror(err));
    }
    return buf;
}

/* What a file that is not a regular one, a directory or a link is. */
static const char *special_kind(mode_t mode)
{
    return S_ISFIFO(mode)   ? "a FIFO"
           : S_ISSOCK(mode) ? "a socket"
           : S_ISCHR(mode) || S_ISBLK(mode) ? "a device"
                                            : "not a regular file";
}

/* A link to a file: followed when its target is inside the roots. */
static int follow_link(const walker *k, const char *path)
{
    struct stat st;
    char real[PATH_MAX];
    if (stat(path, &st) != 0 || !realpath(path, real)) {
        char why[PATH_MAX + 64];
        k->on_error(k->ctx, path, walk_why(path, errno, why, sizeof why));
        return 0;
    }
    if (S_ISDIR(st.st_mode))
        return 0; /* links to directories are not followed: they can loop */
    if (!S_ISREG(st.st_mode)) /* a device, a FIFO: said and counted, as one met itself */
        return k->fn(k->ctx, path, special_kind(st.st_mode));
    if (k->roots && !roots_contain(k->roots, real)) {
        strbuf msg;
        sb_init(&msg);
        sb_addf(&msg, "a symbolic link to %s, outside the folders indexed: not followed "
                      "(--follow-outside follows it)", real);
        k->on_error(k->ctx, path, msg.buf);
        sb_free(&msg);
        return 0;
    }
    return k->fn(k->ctx, path, NULL);
}

static int walk_dir(const char *dir, int depth, const walker *k)
{
    walk_fn fn = k->fn;
    walk_error_fn on_error = k->on_error;
    void *ctx = k->ctx;
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
            struct stat lst;
            if (lstat(path.buf, &lst) != 0) {
                on_error(ctx, path.buf, strerror(errno));
            } else if (S_ISDIR(lst.st_mode)) {
                stop = walk_dir(path.buf, depth + 1, k);
            } else if (S_ISLNK(lst.st_mode)) {
                stop = follow_link(k, path.buf);
            } else if (S_ISREG(lst.st_mode)) {
                stop = fn(ctx, path.buf, NULL);
            } else {
                stop = fn(ctx, path.buf, special_kind(lst.st_mode));
            }
        }
        free(names[i]);
    }
    free(names);
    sb_free(&path);
    return stop;
}

int walk_path(const char *path, const rootset *roots, walk_fn fn, walk_error_fn on_error,
              void *ctx)
{
    walker k = {roots, fn, on_error, ctx};
    struct stat st;
    if (stat(path, &st) != 0) {
        char why[PATH_MAX + 64];
        on_error(ctx, path, walk_why(path, errno, why, sizeof why));
        return 0;
    }
    if (S_ISDIR(st.st_mode))
        return walk_dir(path, 0, &k);
    /* what the path names, through a link too: a device or a pipe is an error */
    if (!S_ISREG(st.st_mode)) {
        on_error(ctx, path, "not a regular file or directory");
        return 0;
    }
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
        return follow_link(&k, path);
    return fn(ctx, path, NULL);
}
