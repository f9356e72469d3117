/* prune.c: what the database records of the folders a run was asked to
 * index (writer_add_root), --prune (writer_prune: forget only what is
 * surely gone) and what a rebuild indexes again (writer_rebuild_sources). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema.h"
#include "util.h"
#include "writer.h"
#include "writer-internal.h"
#include "xapian-c.h"

scr_status writer_add_root(scr_writer *w, const char *dir, scr_error *error)
{
    xc_error err;
    char *key = schema_id_term(SCHEMA_ROOT_KEY_PREFIX, dir);
    xc_status st = xc_wdb_set_metadata(w->db, key, dir, &err);
    free(key);
    return st == XC_OK ? SCR_OK : writer_fail(error, w->path, &err);
}

typedef struct prune_scan {
    strlist files, roots;
} prune_scan;

static int collect_file(void *ctx, const char *key, const char *value)
{
    (void)key;
    file_state fs;
    const char *path;
    if (writer_parse_state(value, &fs, &path) && *path)
        sl_push(&((prune_scan *)ctx)->files, path);
    return 0;
}

static int collect_root(void *ctx, const char *key, const char *value)
{
    (void)key;
    if (*value)
        sl_push(&((prune_scan *)ctx)->roots, value);
    return 0;
}

/* Is path dir itself or inside it? */
static int path_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/' || n == 1);
}

static int readable_dir(const char *dir)
{
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode) || access(dir, R_OK | X_OK) != 0)
        return 0;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    closedir(d);
    return 1;
}

/* The deepest directory holding every path (databases from before roots
 * were recorded). */
static char *common_folder(const strlist *files)
{
    if (!files->len)
        return NULL;
    char *common = xstrdup(files->items[0]);
    char *slash = strrchr(common, '/');
    if (!slash)
        return common;
    *slash = '\0';
    for (size_t i = 1; i < files->len && *common; i++)
        while (*common && !path_under(files->items[i], common)) {
            slash = strrchr(common, '/');
            *(slash ? slash : common) = '\0';
        }
    if (!*common)
        strcpy(common, "/");
    return common;
}

/* Is path surely gone: absent (ENOENT) from a folder that is there and
 * readable?  A folder that is gone too counts when its nearest existing
 * ancestor is readable and inside root (a deleted sub-folder); an error
 * other than "no such file" (EACCES, EIO, a stale mount) never does. */
static int surely_gone(const char *path, const char *root)
{
    struct stat sb;
    if (lstat(path, &sb) == 0 || (errno != ENOENT && errno != ENOTDIR))
        return 0;
    char *dir = xstrdup(path);
    int gone = 0;
    for (;;) {
        char *slash = strrchr(dir, '/');
        if (!slash)
            break;
        if (slash == dir)
            slash[1] = '\0';
        else
            *slash = '\0';
        if (lstat(dir, &sb) == 0) {
            gone = S_ISDIR(sb.st_mode) && readable_dir(dir) && (!root || path_under(dir, root));
            break;
        }
        if ((errno != ENOENT && errno != ENOTDIR) || slash == dir)
            break;
    }
    free(dir);
    return gone;
}

scr_status writer_prune(scr_writer *w, const writer_prune_opts *o, unsigned *removed,
                        scr_error *error)
{
    xc_error err = {XC_OK, ""};
    prune_scan s;
    sl_init(&s.files);
    sl_init(&s.roots);
    scr_status rc = SCR_OK;
    *removed = 0;
    if (xc_wdb_each_metadata(w->db, SCHEMA_FILE_KEY_PREFIX, collect_file, &s, &err) != XC_OK ||
        xc_wdb_each_metadata(w->db, SCHEMA_ROOT_KEY_PREFIX, collect_root, &s, &err) != XC_OK) {
        rc = writer_fail(error, w->path, &err);
        goto out;
    }
    int derived = !s.roots.len;
    if (derived && s.files.len) {
        char *c = common_folder(&s.files);
        sl_push(&s.roots, c);
        free(c);
    }
    size_t nr = s.roots.len;
    int *ok = xcalloc(nr, sizeof *ok);
    size_t *held = xcalloc(nr, sizeof *held), *lost = xcalloc(nr, sizeof *lost);
    for (size_t r = 0; r < nr; r++)
        ok[r] = readable_dir(s.roots.items[r]);
    /* Each file is judged within the deepest root that holds it (files
     * from --files-from may be in none: the folder rule alone, then). */
    unsigned char *gone = xcalloc(s.files.len, 1);
    size_t ngone = 0;
    for (size_t i = 0; i < s.files.len; i++) {
        long best = -1;
        for (size_t r = 0; r < nr; r++)
            if (path_under(s.files.items[i], s.roots.items[r]) &&
                (best < 0 || strlen(s.roots.items[r]) > strlen(s.roots.items[best])))
                best = (long)r;
        if (best >= 0)
            held[best]++;
        if (best >= 0 && !ok[best] && !o->force)
            continue;
        if (surely_gone(s.files.items[i], best < 0 || o->force ? NULL : s.roots.items[best])) {
            gone[i] = 1;
            ngone++;
            if (best >= 0)
                lost[best]++;
        }
    }
    /* a root that is missing, unreadable or emptied of every indexed file
     * (a filesystem not mounted) stops the prune: nothing is removed */
    for (size_t r = 0; r < nr && rc == SCR_OK; r++) {
        const char *root = s.roots.items[r];
        if (!ok[r] && !derived && (o->force || held[r] == 0)) {
            /* nothing indexed from it is kept: forget the root itself */
            char *key = schema_id_term(SCHEMA_ROOT_KEY_PREFIX, root);
            if (xc_wdb_set_metadata(w->db, key, "", &err) != XC_OK)
                rc = writer_fail(error, w->path, &err);
            free(key);
        } else if (o->force) {
            continue;
        } else if (!ok[r]) {
            rc = scr_fail(error, SCR_ERR_NOT_FOUND, "--prune: %s is missing or unreadable "
                          "(not mounted?): nothing removed (--force forgets the files indexed "
                          "from it)", root);
        } else if (held[r] && lost[r] == held[r]) {
            rc = scr_fail(error, SCR_ERR_NOT_FOUND, "--prune: every file indexed from %s is "
                          "gone (not mounted?): nothing removed (--force forgets them)", root);
        }
    }
    free(ok);
    free(held);
    free(lost);
    if (rc == SCR_OK && !o->force && ngone &&
        (double)ngone * 100.0 > (double)o->max_percent * (double)s.files.len)
        rc = scr_fail(error, SCR_ERR_LIMIT, "--prune would remove %zu of the %zu indexed files, "
                      "more than %u%%: nothing removed (check the folders are there, then use "
                      "--force)", ngone, s.files.len, o->max_percent);
    for (size_t i = 0; i < s.files.len && rc == SCR_OK; i++) {
        if (!gone[i])
            continue;
        xc_status st = xc_wdb_begin(w->db, 0, &err);
        if (st == XC_OK)
            st = writer_forget_file(w, s.files.items[i], &err);
        if (st == XC_OK)
            st = xc_wdb_commit_transaction(w->db, &err);
        else
            xc_wdb_cancel_transaction(w->db, NULL);
        if (st != XC_OK)
            rc = writer_fail(error, w->path, &err);
        else
            (*removed)++;
    }
    free(gone);
out:
    sl_free(&s.files);
    sl_free(&s.roots);
    return rc;
}

scr_status writer_rebuild_sources(scr_writer *w, strlist *files, strlist *roots,
                                  scr_error *error)
{
    xc_error err = {XC_OK, ""};
    prune_scan s;
    sl_init(&s.files);
    sl_init(&s.roots);
    if (w->old && (xc_wdb_each_metadata(w->old, SCHEMA_FILE_KEY_PREFIX, collect_file, &s, &err) != XC_OK ||
                   xc_wdb_each_metadata(w->old, SCHEMA_ROOT_KEY_PREFIX, collect_root, &s, &err) != XC_OK)) {
        sl_free(&s.files);
        sl_free(&s.roots);
        return writer_fail(error, w->final, &err);
    }
    *files = s.files;
    *roots = s.roots;
    return SCR_OK;
}

