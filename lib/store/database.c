/* database.c: see database.h. */
#include "database.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "schema.h"
#include "util.h"

char *db_resolve_path(const char *option, char *errbuf, size_t errlen)
{
    if (option && *option)
        return xstrdup(option);
    const char *env = getenv("SCRUTINY_DB");
    if (env && *env)
        return xstrdup(env);
    strbuf sb;
    sb_init(&sb);
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg == '/') { /* the XDG spec ignores relative values */
        sb_addf(&sb, "%s/scrutiny/db", xdg);
    } else if (home && *home) {
        sb_addf(&sb, "%s/.local/share/scrutiny/db", home);
    } else {
        snprintf(errbuf, errlen, "no database given: use --db PATH or set SCRUTINY_DB");
        return NULL;
    }
    return sb_steal(&sb);
}

int db_check_schema(const char *path, const char *stored, unsigned doccount, char *errbuf,
                    size_t errlen)
{
    if (strcmp(stored, SCHEMA_VERSION) == 0 || (*stored == '\0' && doccount == 0))
        return 0;
    snprintf(errbuf, errlen,
             "%s: re-index needed: the database has schema %s, this scrutiny uses %s "
             "(scrutiny-index --rebuild starts it afresh)",
             path, *stored ? stored : "(none)", SCHEMA_VERSION);
    return -1;
}

int db_open_read(const char *path, xc_rdb **out, char *errbuf, size_t errlen)
{
    xc_error err;
    xc_rdb *db = NULL;
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT)
            snprintf(errbuf, errlen, "%s: no database here (index documents first: "
                                     "scrutiny-index --db %s DIR)", path, path);
        else
            snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (xc_rdb_open(path, &db, &err) != XC_OK) {
        snprintf(errbuf, errlen, "%s: cannot open database: %s", path, err.message);
        return -1;
    }
    char *stored = NULL;
    unsigned count = 0;
    if (xc_rdb_get_metadata(db, SCHEMA_VERSION_KEY, &stored, &err) != XC_OK ||
        xc_rdb_doccount(db, &count, &err) != XC_OK) {
        snprintf(errbuf, errlen, "%s: %s", path, err.message);
        free(stored);
        xc_rdb_close(db);
        return -1;
    }
    int rc = db_check_schema(path, stored, count, errbuf, errlen);
    free(stored);
    if (rc != 0) {
        xc_rdb_close(db);
        return -1;
    }
    *out = db;
    return 0;
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
