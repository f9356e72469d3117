/* database.c: see database.h. */
#include "database.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "schema.h"
#include "util.h"

scr_status db_resolve_path(const char *option, char **out, scr_error *err)
{
    const char *env = getenv("SCRUTINY_DB");
    *out = NULL;
    if (option && !*option)
        return scr_fail(err, SCR_ERR_INPUT, DB_EMPTY_PATH);
    if ((option && *option) || (env && *env)) {
        *out = xstrdup(option && *option ? option : env);
        return SCR_OK;
    }
    strbuf sb;
    sb_init(&sb);
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg == '/') { /* the XDG spec ignores relative values */
        sb_addf(&sb, "%s/scrutiny/db", xdg);
    } else if (home && *home) {
        sb_addf(&sb, "%s/.local/share/scrutiny/db", home);
    } else {
        return scr_fail(err, SCR_ERR_NOT_FOUND,
                        "no database given: use --db PATH or set SCRUTINY_DB");
    }
    *out = sb_steal(&sb);
    return SCR_OK;
}

scr_status db_check_schema(const char *path, const char *stored, unsigned doccount,
                           scr_error *err)
{
    if (strcmp(stored, SCHEMA_VERSION) == 0 || (*stored == '\0' && doccount == 0))
        return SCR_OK;
    return scr_fail(err, SCR_ERR_VERSION,
                    "%s: re-index needed: the database has schema %s, this scrutiny uses %s "
                    "(scrutiny-index --rebuild starts it afresh)",
                    path, *stored ? stored : "(none)", SCHEMA_VERSION);
}

int db_half_made(const char *path)
{
    strbuf f;
    sb_init(&f);
    sb_addf(&f, "%s/iamglass", path);
    struct stat st;
    int has_version = stat(f.buf, &st) == 0;
    sb_free(&f);
    DIR *d = has_version ? NULL : opendir(path);
    if (!d)
        return 0;
    int ours = 1;
    struct dirent *e;
    while ((e = readdir(d)) && ours) {
        const char *n = e->d_name, *dot = strrchr(n, '.');
        ours = strcmp(n, ".") == 0 || strcmp(n, "..") == 0 || strcmp(n, "flintlock") == 0 ||
               (dot && (strcmp(dot, ".glass") == 0 || strcmp(dot, ".tmp") == 0));
    }
    closedir(d);
    return ours ? 1 : -1;
}

/* Whether the folder at path holds nothing (after the wait below: a
 * database's making writes its files within a second). */
static int dir_empty(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return 0;
    struct dirent *e;
    int empty = 1;
    while (empty && (e = readdir(d)))
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(d);
    return empty;
}

scr_status db_open_read(const char *path, xc_rdb **out, scr_error *err)
{
    xc_error xerr;
    xc_rdb *db = NULL;
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT)
            return scr_fail(err, SCR_ERR_NOT_FOUND, "%s: no database here (index documents "
                            "first: scrutiny-index --db %s DIR)", path, path);
        return scr_fail(err, SCR_ERR_IO, "%s: %s", path, strerror(errno));
    }
    scr_status rc = xc_rdb_open(path, &db, &xerr);
    /* scrutiny-index makes a new database's directory a moment before
     * Xapian writes its version file: wait for it (a second at most) */
    for (int wait = 0; rc == SCR_ERR_NOT_FOUND && wait < 50 && db_half_made(path) == 1; wait++) {
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
        rc = xc_rdb_open(path, &db, &xerr);
    }
    if (rc == SCR_ERR_NOT_FOUND && S_ISDIR(st.st_mode) && dir_empty(path))
        return scr_fail(err, rc, "%s: an empty folder, no database (index documents first: "
                        "scrutiny-index --db %s DIR)", path, path);
    if (rc == SCR_ERR_NOT_FOUND && db_half_made(path) == 1)
        return scr_fail(err, rc, "%s: the database is still being made, or its making was cut "
                        "short (scrutiny-index --db %s DIR makes it)", path, path);
    if (rc == SCR_ERR_NOT_FOUND && S_ISDIR(st.st_mode) && db_half_made(path) < 0)
        return scr_fail(err, rc, "%s: not a database: a folder of other files (scrutiny-index "
                        "--db names the folder it makes)", path);
    if (rc != SCR_OK)
        return scr_fail(err, rc, "%s: cannot open database: %s", path, xerr.message);
    char *stored = NULL;
    unsigned count = 0;
    if ((rc = xc_rdb_get_metadata(db, SCHEMA_VERSION_KEY, &stored, &xerr)) != SCR_OK ||
        (rc = xc_rdb_doccount(db, &count, &xerr)) != SCR_OK)
        scr_fail(err, rc, "%s: %s", path, xerr.message);
    else
        rc = db_check_schema(path, stored, count, err);
    free(stored);
    if (rc == SCR_OK && (rc = xc_rdb_load_dicts(db, &xerr)) != SCR_OK)
        scr_fail(err, rc, "%s: %s", path, xerr.message);
    if (rc != SCR_OK) {
        xc_rdb_close(db);
        return rc;
    }
    *out = db;
    return SCR_OK;
}

int db_make_parents(const char *path)
{
    char *copy = xstrdup(path);
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
            int saved = errno;
            free(copy);
            errno = saved;
            return -1;
        }
        *p = '/';
    }
    free(copy);
    return 0;
}

void db_remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    strbuf f;
    sb_init(&f);
    while ((e = readdir(d))) {
        const char *n = e->d_name, *dot = strrchr(n, '.');
        if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0)
            continue;
        if (strcmp(n, "flintlock") != 0 && strcmp(n, "iamglass") != 0 &&
            !(dot && (strcmp(dot, ".glass") == 0 || strcmp(dot, ".tmp") == 0 ||
                      strcmp(dot, ".baseA") == 0 || strcmp(dot, ".baseB") == 0)))
            continue;
        f.len = 0;
        sb_addf(&f, "%s/%s", dir, n);
        unlink(f.buf);
    }
    closedir(d);
    sb_free(&f);
    rmdir(dir);
}
