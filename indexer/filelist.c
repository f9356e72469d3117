/* filelist.c: see filelist.h. */
#include "filelist.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "manifest.h"
#include "reader.h"
#include "util.h"
#include "walk.h"

void filelist_init(filelist *l) { memset(l, 0, sizeof *l); }

void filelist_free(filelist *l)
{
    for (size_t i = 0; i < l->len; i++)
        free(l->items[i].path);
    free(l->items);
    filelist_init(l);
}

static void push(filelist *l, const char *path, int named)
{
    if (l->len == l->cap)
        l->items = xrealloc(l->items, (l->cap = l->cap ? l->cap * 2 : 256) * sizeof *l->items);
    l->items[l->len++] = (file_entry){xstrdup(path), named};
}

static void on_error(void *ctx, const char *path, const char *reason);

static int on_file(void *ctx, const char *path, const char *not_regular)
{
    filelist *l = ctx;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strcmp(base, MANIFEST_NAME) == 0)
        return 0;
    if (!reader_wanted(path)) {
        l->skipped++;
        return 0;
    }
    if (not_regular) { /* named as a document, but it would block or never end */
        char why[64];
        snprintf(why, sizeof why, "%s, not a document: not read", not_regular);
        on_error(ctx, path, why);
        return 0;
    }
    push(l, path, 0);
    return l->stop && *l->stop;
}

static void on_error(void *ctx, const char *path, const char *reason)
{
    filelist *l = ctx;
    fprintf(stderr, "%s: %s: %s\n", util_progname(), path, reason);
    l->failed++;
}

void filelist_add_root(filelist *l, const char *path)
{
    if (!l->roots)
        return;
    char real[PATH_MAX];
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (realpath(path, real))
            roots_add(l->roots, real);
        return;
    }
    const char *slash = strrchr(path, '/');
    char *dir = slash == path ? xstrdup("/") : slash ? xstrndup(path, (size_t)(slash - path))
                                                     : xstrdup(".");
    if (realpath(dir, real))
        roots_add(l->roots, real);
    free(dir);
}

static int named_file(void *ctx, const char *path, const char *not_regular)
{
    (void)not_regular; /* walk_path refuses what a named path is not */
    push(ctx, path, 1);
    return 0;
}

void filelist_add_path(filelist *l, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
        if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) /* a link: where to? */
            walk_path(path, l->roots, named_file, on_error, l);
        else
            push(l, path, 1);
        return;
    }
    walk_path(path, l->roots, on_file, on_error, l);
}

/* Whether a listed path is hidden as a walk would leave it: a name in it
 * starts with a dot (its own, or a folder's: ~/letters/.git/HEAD), but
 * "." and "..", and but the working folder's own ("$PWD"/... under a
 * hidden folder). */
static int hidden(const char *path)
{
    char cwd[PATH_MAX];
    size_t own = path[0] == '/' && getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
    if (own && !(strncmp(path, cwd, own) == 0 && path[own] == '/'))
        own = 0;
    for (const char *p = path + own; *p; p++) {
        if (*p != '.' || (p > path && p[-1] != '/'))
            continue;
        size_t len = strcspn(p, "/");
        if (!(len == 1 || (len == 2 && p[1] == '.')))
            return 1;
    }
    return 0;
}

/* A path of a --files-from list, taken as a walk takes what it finds (the
 * list is most often find's): hidden ones skipped, a manifest read as one and
 * never a document, a kind of file no reader wants skipped (a stray
 * Thumbs.db had failed every run); a folder walked. */
static void add_listed(filelist *l, const char *path)
{
    struct stat st;
    if (hidden(path)) {
        l->skipped++;
        return;
    }
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        walk_path(path, l->roots, on_file, on_error, l);
        return;
    }
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
        (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))) {
        filelist_add_path(l, path); /* says why, or follows the link */
        return;
    }
    on_file(l, path, NULL);
}

int filelist_read(filelist *l, const char *file, int nul)
{
    FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
    if (!f)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getdelim(&line, &cap, nul ? '\0' : '\n', f)) > 0 && !(l->stop && *l->stop)) {
        if (line[n - 1] == (nul ? '\0' : '\n'))
            line[--n] = '\0';
        if (!nul && n && line[n - 1] == '\r')
            line[--n] = '\0';
        if (n) {
            filelist_add_root(l, line);
            add_listed(l, line);
        }
    }
    int failed = ferror(f);
    free(line);
    if (f != stdin)
        fclose(f);
    return failed ? -1 : 0;
}
