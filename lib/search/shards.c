/* shards.c: opening the databases a search spans (paths, stub files of
 * local and remote shards) as one searcher, and closing it. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "database.h"
#include "facets.h"
#include "gazetteer.h"
#include "lazy-knowledge.h"
#include "schema.h"
#include "search-internal.h"
#include "taxonomy.h"
#include "util.h"

/* One shard named by a path or a stub file's line. */
typedef struct shard {
    char *name;        /* for messages: the path, a stub's "STUB:LINE", or its remote line */
    char *path;        /* a local database, or NULL */
    char *host;        /* remote over TCP: host and port... */
    unsigned port;
    char *program;     /* ...or through a program: "ssh" and its arguments */
    char *args;
} shard;

static void add_shard(shard **list, size_t *n, const char *name, const char *path,
                      const char *host, unsigned port)
{
    *list = xrealloc(*list, (*n + 1) * sizeof **list);
    (*list)[(*n)++] = (shard){xstrdup(name), path ? xstrdup(path) : NULL,
                              host ? xstrdup(host) : NULL, port, NULL, NULL};
}

/* SCRUTINY_DEBUG_SHARD_FAIL=N: local shard N (from 1) fails to open after
 * its check has passed, the tests' stand-in for a database changed between
 * the two (what is said must then be the opening's own message). */
static int shard_made_to_fail(size_t nth)
{
    const char *fail = getenv("SCRUTINY_DEBUG_SHARD_FAIL");
    return fail && strtoul(fail, NULL, 10) == nth;
}

/* How deep stub files may name stub files. */
#define STUB_DEPTH 8

/* A stub file's shards; a directory is one shard itself.  A stub that an
 * 'auto' line names is read here too (Xapian would, recursing without end
 * on one that names itself): seen holds the stubs being read, for a loop.
 * Returns -1 with the reason on a line we cannot read. */
static int expand_in(const char *path, strlist *seen, shard **list, size_t *n, char *errbuf,
                     size_t errlen)
{
    if (!*path) {
        snprintf(errbuf, errlen, DB_EMPTY_PATH);
        return -1;
    }
    struct stat st;
    if (stat(path, &st) != 0 || S_ISDIR(st.st_mode)) {
        add_shard(list, n, path, path, NULL, 0);
        return 0;
    }
    char *real = realpath(path, NULL);
    if (real && sl_contains(seen, real)) {
        snprintf(errbuf, errlen, "%s: a loop of stub files (it names itself through its "
                 "'auto' lines)", path);
        free(real);
        return -1;
    }
    if (seen->len >= STUB_DEPTH) {
        snprintf(errbuf, errlen, "%s: stub files name stub files more than %d deep", path,
                 STUB_DEPTH);
        free(real);
        return -1;
    }
    size_t len;
    char *text = read_file(path, 1 << 20, &len);
    if (!text) {
        free(real);
        add_shard(list, n, path, path, NULL, 0); /* let the opening say why */
        return 0;
    }
    sl_push(seen, real ? real : path);
    free(real);
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
    int rc = 0, lineno = 0;
    size_t before = *n;
    char *save = NULL; /* strtok_r: a stub read in turn, a server's threads */
    for (char *line = strtok_r(text, "\n", &save); line && rc == 0;
         line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        str_trim(line);
        if (!*line || *line == '#')
            continue;
        char kind[16], arg[4096];
        if (sscanf(line, "%15s %4095s", kind, arg) != 2) {
            snprintf(errbuf, errlen, "%s:%d: expected 'auto PATH' or 'remote HOST:PORT'", path, lineno);
            rc = -1;
        } else if (strcmp(kind, "auto") == 0) {
            strbuf p;
            sb_init(&p);
            if (arg[0] == '/')
                sb_adds(&p, arg);
            else
                sb_addf(&p, "%s/%s", dir, arg);
            char origin[4200]; /* a failure names the stub's line */
            snprintf(origin, sizeof origin, "%s:%d", path, lineno);
            struct stat named;
            if (stat(p.buf, &named) == 0 && S_ISREG(named.st_mode)) /* a stub in turn */
                rc = expand_in(p.buf, seen, list, n, errbuf, errlen);
            else
                add_shard(list, n, origin, p.buf, NULL, 0);
            sb_free(&p);
        } else if (strcmp(kind, "remote") == 0 && arg[0] == ':' && arg[1]) {
            /* "remote :ssh HOST xapian-progsrv DB": a program and its args */
            const char *rest = strstr(line, arg) + strlen(arg);
            while (*rest == ' ' || *rest == '\t')
                rest++;
            add_shard(list, n, line, NULL, NULL, 0);
            (*list)[*n - 1].program = xstrdup(arg + 1);
            (*list)[*n - 1].args = xstrdup(rest);
        } else if (strcmp(kind, "remote") == 0 && strchr(arg, ':') && arg[0] != ':') {
            char *colon = strrchr(arg, ':');
            *colon = '\0';
            char name[4200];
            snprintf(name, sizeof name, "remote %s:%s", arg, colon + 1);
            add_shard(list, n, name, NULL, arg, (unsigned)atoi(colon + 1));
        } else {
            snprintf(errbuf, errlen, "%s:%d: '%s': only 'auto PATH', 'remote HOST:PORT' and "
                     "'remote :PROGRAM ARGS' lines are understood", path, lineno, line);
            rc = -1;
        }
    }
    if (rc == 0 && *n == before) { /* an empty file is no database, nor leaves one out */
        snprintf(errbuf, errlen, "%s: names no database (a stub file has 'auto PATH' or "
                 "'remote HOST:PORT' lines)", path);
        rc = -1;
    }
    free(seen->items[--seen->len]);
    free(dir);
    free(text);
    return rc;
}

static int expand(const char *path, shard **list, size_t *n, char *errbuf, size_t errlen)
{
    strlist seen;
    sl_init(&seen);
    int rc = expand_in(path, &seen, list, n, errbuf, errlen);
    sl_free(&seen);
    return rc;
}

/* Adds a remote shard's name to those a network error names. */
static void add_remote_name(searcher *s, const char *name)
{
    strbuf sb;
    sb_init(&sb);
    if (s->remote_names)
        sb_addf(&sb, "%s, ", s->remote_names);
    sb_adds(&sb, name);
    free(s->remote_names);
    s->remote_names = sb_steal(&sb);
}

const char *searcher_blame(const searcher *s, xc_status st)
{
    return st == XC_ERR_NETWORK && s->remote_names ? s->remote_names : s->path;
}

const gazetteer *searcher_gazetteer(const searcher *s)
{
    const knowledge *k = lazy_knowledge_get(s->know);
    return k ? knowledge_gazetteer(k) : NULL;
}

const taxonomy *searcher_taxonomy(const searcher *s)
{
    const knowledge *k = lazy_knowledge_get(s->know);
    return k ? knowledge_taxonomy(k) : NULL;
}

scr_status searcher_open_all(const char *const *paths, size_t npaths, lazy_knowledge *know,
                             int allow_partial, strlist *missing, searcher **out,
                             scr_error *error)
{
    scr_error local;
    if (!error)
        error = &local;
    char *errbuf = error->message; /* where each failure below writes the reason */
    size_t errlen = sizeof error->message;
    shard *list = NULL;
    size_t n = 0;
    int rc = 0;
    for (size_t i = 0; i < npaths && rc == 0; i++)
        rc = expand(paths[i], &list, &n, errbuf, errlen);
    /* a database named twice (--db repeated, through a stub, a link):
     * each of its matches would count twice */
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct stat a, b;
        if (!list[i].path || stat(list[i].path, &a) != 0)
            continue;
        for (size_t j = i + 1; j < n && rc == 0; j++)
            if (list[j].path && stat(list[j].path, &b) == 0 && a.st_dev == b.st_dev &&
                a.st_ino == b.st_ino) {
                snprintf(errbuf, errlen, "%s and %s are one database: its matches would count "
                         "twice", list[i].name, list[j].name);
                rc = -1;
            }
    }
    searcher *s = xcalloc(1, sizeof *s);
    s->know = know;
    s->sets = facet_sets_new();
    s->path = xstrdup(npaths ? paths[0] : "");
    if (rc == 0)
        rc = search_limits_from_env(&s->limits, error) == SCR_OK ? 0 : -1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char why[sizeof(xc_error) + 256] = ""; /* the probe writes it only when it fails */
        xc_error err;
        int ok;
        /* a damaged shard says so (a server answers 500, not 503) */
        scr_status cause = SCR_ERR_OPENING;
        if (list[i].path) {
            xc_rdb *probe = NULL; /* there, and of our schema */
            scr_error probe_err;
            ok = db_open_read(list[i].path, &probe, &probe_err) == SCR_OK;
            if (!ok)
                snprintf(why, sizeof why, "%s", probe_err.message);
            if (!ok && probe_err.status == SCR_ERR_CORRUPT)
                cause = SCR_ERR_CORRUPT;
            if (ok && shard_made_to_fail(i + 1)) {
                err.status = XC_ERR_OPENING;
                snprintf(err.message, sizeof err.message,
                         "%s: made to fail after its check (SCRUTINY_DEBUG_SHARD_FAIL)",
                         list[i].path);
                ok = 0;
            } else if (ok && !s->db) { /* the first: the one just checked */
                s->db = probe;
                probe = NULL;
            } else if (ok) {
                ok = xc_rdb_add(s->db, list[i].path, &err) == XC_OK;
                if (!ok && err.status == XC_ERR_CORRUPT)
                    cause = SCR_ERR_CORRUPT;
            }
            xc_rdb_close(probe);
            if (!ok && !*why)
                snprintf(why, sizeof why, "%s", err.message);
            if (!ok && strcmp(list[i].name, list[i].path) != 0) { /* a stub's line */
                strbuf said;
                sb_init(&said);
                sb_addf(&said, "%s: %s", list[i].name, why);
                snprintf(why, sizeof why, "%s", said.buf);
                sb_free(&said);
            }
        } else {
            ok = (list[i].program
                      ? xc_rdb_remote_program(&s->db, list[i].program, list[i].args, &err)
                      : xc_rdb_remote(&s->db, list[i].host, list[i].port, &err)) == XC_OK;
            if (!ok)
                snprintf(why, sizeof why, "%s: %s", list[i].name, err.message);
            s->remote |= ok;
            if (ok)
                add_remote_name(s, list[i].name);
        }
        s->shards += ok;
        if (!ok && allow_partial && missing) {
            sl_push(missing, why);
        } else if (!ok) {
            scr_fail(error, cause, "%s%s", list[i].path ? "" : "shard ", why);
            rc = -1;
        }
    }
    if (rc == 0 && !s->db) {
        scr_fail(error, SCR_ERR_OPENING, "no shard could be opened");
        rc = -1;
    }
    if (rc == 0 && s->remote) { /* remote shards: check the schema over the wire */
        char *stored = NULL;
        unsigned count = 0;
        xc_error err;
        rc = xc_rdb_get_metadata(s->db, SCHEMA_VERSION_KEY, &stored, &err) == XC_OK &&
                     xc_rdb_doccount(s->db, &count, &err) == XC_OK
                 ? (db_check_schema(s->path, stored, count, error) == SCR_OK ? 0 : -1)
                 : (scr_fail(error, SCR_ERR_OPENING, "%s: %s", searcher_blame(s, err.status),
                             err.message),
                    -1);
        free(stored);
        /* their dictionaries, now that their schema is ours (a local
         * part's were noted as it was opened) */
        if (rc == 0 && xc_rdb_load_dicts(s->db, &err) != XC_OK) {
            scr_fail(error, SCR_ERR_OPENING, "%s: %s", searcher_blame(s, err.status),
                     err.message);
            rc = -1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(list[i].name);
        free(list[i].path);
        free(list[i].host);
        free(list[i].program);
        free(list[i].args);
    }
    free(list);
    xc_error err;
    const taxonomy *t = rc == 0 && s->remote ? searcher_taxonomy(s) : NULL;
    if (t) {
        struct {
            strlist keys, terms;
        } p;
        sl_init(&p.keys);
        sl_init(&p.terms);
        taxonomy_synonyms(t, PREFIX_CONCEPT, &p.keys, &p.terms);
        const char *tmp = getenv("TMPDIR");
        strbuf dir;
        sb_init(&dir);
        sb_addf(&dir, "%s/scrutiny-synonyms-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        s->qp_dir = sb_steal(&dir);
        if (!mkdtemp(s->qp_dir)) {
            scr_fail(error, SCR_ERR_OPENING, "%s: %s", s->qp_dir, strerror(errno));
            free(s->qp_dir);
            s->qp_dir = NULL;
            rc = -1;
        } else if (xc_rdb_synonyms(s->qp_dir, (const char *const *)p.keys.items,
                                   (const char *const *)p.terms.items, p.keys.len, &s->qp_db,
                                   &err) != XC_OK) {
            scr_fail(error, SCR_ERR_OPENING, "%s: %s", s->path, err.message);
            rc = -1;
        }
        sl_free(&p.keys);
        sl_free(&p.terms);
    }
    if (rc == 0 && !query_setup_parsers(s, &err)) {
        scr_fail(error, SCR_ERR_OPENING, "%s: %s", s->path, err.message);
        rc = -1;
    }
    if (rc != 0) { /* a damaged database says so: the rest could not be opened */
        searcher_close(s);
        return error->status = error->status == SCR_ERR_CORRUPT ? SCR_ERR_CORRUPT
                                                                 : SCR_ERR_OPENING;
    }
    *out = s;
    return SCR_OK;
}


search_limits *searcher_limits(searcher *s) { return &s->limits; }

void searchers_share_sets(int on) { xc_share_sets(on); }

void searchers_share_rankings(int on) { xc_share_rankings(on); }

void searchers_ranking_counts(unsigned long *found, unsigned long *missed)
{
    xc_ranking_counts(found, missed);
}

void searcher_close(searcher *s)
{
    if (!s)
        return;
    xc_qparser_free(s->qp);
    xc_qparser_free(s->qp_plain);
    xc_rdb_close(s->qp_db);
    if (s->qp_dir) { /* the synonyms' temporary database: flat, Xapian's files */
        DIR *d = opendir(s->qp_dir);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (e->d_name[0] == '.')
                continue;
            strbuf f;
            sb_init(&f);
            sb_addf(&f, "%s/%s", s->qp_dir, e->d_name);
            unlink(f.buf);
            sb_free(&f);
        }
        if (d)
            closedir(d);
        rmdir(s->qp_dir);
        free(s->qp_dir);
    }
    xc_rdb_close(s->db);
    facet_sets_free(s->sets);
    free(s->filters);
    free(s->path);
    free(s->remote_names);
    free(s);
}

