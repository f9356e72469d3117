/* writer.c: see writer.h. */
#define _GNU_SOURCE /* renameat2 */
#include "writer.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "database.h"
#include "parts.h"
#include "taxonomy.h"
#include "schema.h"
#include "util.h"
#include "writer-internal.h"
#include "xapian-c.h"

/* Commit after this many documents so that memory stays bounded and a
 * crash loses little. */
#define WRITER_BATCH 500
/* Documents Xapian buffers before it writes them out, unless the user's
 * XAPIAN_FLUSH_THRESHOLD says otherwise (bounds memory: a document holds
 * all its passages' postings). */
#define WRITER_FLUSH_DOCUMENTS "1000"

/* The database the user named: a rebuild writes a sibling of it. */
static const char *named_path(const scr_writer *w) { return w->final ? w->final : w->path; }

scr_status writer_fail(scr_error *error, const char *path, const xc_error *err)
{
    if (err->status == XC_ERR_LOCKED)
        return scr_fail(error, err->status, "%s: database is locked by another indexer", path);
    return scr_fail(error, err->status, "%s: %s", path, err->message);
}

/* The synonym dictionary, from acronyms.tsv: the acronym and each of its
 * expansions lead to one concept term (PREFIX_CONCEPT), indexed where
 * either is written.  Not acronym <-> expansion: Xapian would take a
 * multi-word value for one term (matching nothing), and "salt" for the
 * kitchen word.  Written only when acronyms.tsv changed: a run with
 * nothing new makes no new revision. */
static xc_status set_synonyms(scr_writer *w, xc_error *err)
{
    const taxonomy *tax = w->vocab->tax;
    if (!tax)
        return XC_OK;
    strlist keys, terms;
    sl_init(&keys);
    sl_init(&terms);
    taxonomy_synonyms(tax, PREFIX_CONCEPT, &keys, &terms);
    xc_status st = xc_wdb_set_synonyms(w->db, (const char *const *)keys.items,
                                       (const char *const *)terms.items, keys.len, err);
    sl_free(&keys);
    sl_free(&terms);
    return st;
}

/* ---- debugging hooks for the tests ----
 * SCRUTINY_DEBUG_EXIT_AT=N exits at once (no clean-up, as a kill would)
 * at the Nth point where the database on disk changes: each commit, and
 * each step of the swap that ends a rebuild. */
static void commit_point(void)
{
    static long n = 0;
    const char *at = getenv("SCRUTINY_DEBUG_EXIT_AT");
    if (at && *at && ++n == strtol(at, NULL, 10))
        _exit(99);
}

/* dir/.base.rebuild-: the prefix of a rebuild's sibling directories. */
static char *rebuild_prefix(const char *path, char **dir_out)
{
    char *copy = xstrdup(path);
    size_t n = strlen(copy);
    while (n > 1 && copy[n - 1] == '/')
        copy[--n] = '\0';
    char *slash = strrchr(copy, '/');
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, ".%s.rebuild-", slash ? slash + 1 : copy);
    if (slash == copy)
        *dir_out = xstrdup("/");
    else if (slash) {
        *slash = '\0';
        *dir_out = xstrdup(copy);
    } else
        *dir_out = xstrdup(".");
    free(copy);
    return sb_steal(&sb);
}

/* Removes what killed rebuilds left beside path (none is in use: each
 * open rebuild holds its directory's lock). */
/* A mkdtemp() template beside the database at path, named so that the
 * clean-up of killed rebuilds finds it: ".NAME.rebuild-" tag "XXXXXX". */
static char *sibling_name(const char *path, const char *tag)
{
    char *dir, *prefix = rebuild_prefix(path, &dir);
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "%s/%s%sXXXXXX", dir, prefix, tag);
    free(dir);
    free(prefix);
    return sb_steal(&sb);
}

static void remove_stale_rebuilds(const char *path)
{
    char *dir, *prefix = rebuild_prefix(path, &dir);
    DIR *d = opendir(dir);
    struct dirent *e;
    strbuf f;
    sb_init(&f);
    while (d && (e = readdir(d))) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
            continue;
        f.len = 0;
        sb_addf(&f, "%s/%s", dir, e->d_name);
        xc_wdb *db = NULL;
        xc_error err;
        if (xc_wdb_open(f.buf, XC_WDB_OPEN, &db, &err) != XC_OK && err.status == XC_ERR_LOCKED)
            continue;
        xc_wdb_close(db, NULL);
        db_remove_dir(f.buf);
    }
    if (d)
        closedir(d);
    sb_free(&f);
    free(dir);
    free(prefix);
}

/* Opens path, waiting for another writer's lock for ever (limit < 0), not
 * at all (0) or up to limit seconds. */
static xc_status open_locked(const char *path, xc_wdb_mode mode, double limit, xc_wdb **db,
                             xc_error *err)
{
    if (limit < 0)
        return xc_wdb_open(path, (xc_wdb_mode)(mode | XC_WDB_WAIT), db, err);
    struct timespec t0, now, pause = {0, 50000000L};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        xc_status st = xc_wdb_open(path, mode, db, err);
        if (st != XC_OK && err->status == XC_ERR_LOCKED && limit > 0) {
            clock_gettime(CLOCK_MONOTONIC, &now);
            if ((double)(now.tv_sec - t0.tv_sec) + (double)(now.tv_nsec - t0.tv_nsec) / 1e9 < limit) {
                nanosleep(&pause, NULL);
                continue;
            }
        }
        return st;
    }
}

/* Closes a writer whose opening failed: that failure is the one reported. */
static void close_cancelled(scr_writer *w)
{
    w->cancel = 1;
    scr_status ignored = writer_close(w, NULL);
    (void)ignored;
}

static int first_key(void *ctx, const char *key, const char *value)
{
    (void)value; /* cut at its first NUL: read again whole */
    *(char **)ctx = xstrdup(key);
    return 1;
}

/* The run compresses with the dictionary the database holds, if any (a
 * database compacted from several may hold more than one: the first). */
static xc_status adopt_dict(scr_writer *w, xc_error *err)
{
    char *key = NULL, *bytes = NULL;
    size_t len = 0;
    xc_status st = xc_wdb_each_metadata(w->db, SCHEMA_DICT_KEY_PREFIX, first_key, &key, err);
    if (st == XC_OK && key)
        st = xc_wdb_get_metadata_bytes(w->db, key, &bytes, &len, err);
    if (st == XC_OK && bytes && !docdict_trainer_adopt(w->vocab->dict, bytes, len))
        st = scr_fail(err, XC_ERR_CORRUPT, "%s holds no zstd dictionary", key);
    free(bytes);
    free(key);
    return st;
}

scr_status writer_open(const char *path, const writer_vocab *v, int flags, double wait_limit,
                       scr_writer **out, scr_error *error)
{
    double limit = flags & WRITER_WAIT ? wait_limit : 0;
    xc_error err;
    if (db_make_parents(path) != 0)
        return scr_fail(error, SCR_ERR_IO, "%s: cannot create parent directories", path);
    struct stat at;
    if (stat(path, &at) == 0 && !S_ISDIR(at.st_mode)) /* a stub file is for reading */
        return scr_fail(error, SCR_ERR_INPUT, "%s: a file, not a database (the indexer writes "
                                              "a folder)", path);
    int half = db_half_made(path);
    if (half < 0)
        return scr_fail(error, SCR_ERR_INPUT, "%s: not a database (no iamglass) and not empty: "
                                              "refusing to write there", path);
    scr_writer *w = xcalloc(1, sizeof *w);
    w->vocab = v;
    w->path = xstrdup(path);
    const char *batch = getenv("SCRUTINY_COMMIT_EVERY");
    w->batch = batch && atoi(batch) > 0 ? (unsigned)atoi(batch) : WRITER_BATCH;
    /* only a database (or nothing) is ever overwritten: db_half_made said so */
    setenv("XAPIAN_FLUSH_THRESHOLD", WRITER_FLUSH_DOCUMENTS, 0);
    xc_wdb_mode mode = half ? XC_WDB_OVERWRITE : XC_WDB_CREATE_OR_OPEN;
    if (flags & WRITER_REBUILD) {
        /* The new database is made beside the old one, which stays locked
         * and searchable until the new one is swapped in by rename. */
        struct stat sb;
        if (!half && stat(path, &sb) == 0 &&
            open_locked(path, XC_WDB_OPEN, limit, &w->old, &err) != XC_OK) {
            if (err.status == XC_ERR_LOCKED)
                goto failed;
            w->old = NULL; /* damaged beyond opening: replaced all the same */
        }
        remove_stale_rebuilds(path);
        strbuf tmp;
        sb_init(&tmp);
        char *name = sibling_name(path, "");
        sb_adds(&tmp, name);
        free(name);
        if (!mkdtemp(tmp.buf)) {
            scr_fail(error, SCR_ERR_IO, "%s: cannot make a directory to rebuild in: %s",
                     tmp.buf, strerror(errno));
            sb_free(&tmp);
            xc_wdb_close(w->old, NULL);
            free(w->path);
            free(w);
            return SCR_ERR_IO;
        }
        /* mkdtemp() made it private: give it the old database's mode */
        mode_t um = umask(0);
        umask(um);
        chmod(tmp.buf, stat(path, &sb) == 0 ? sb.st_mode & 07777 : 0777 & ~um);
        w->final = w->path;
        w->path = sb_steal(&tmp);
        limit = 0;
        mode = XC_WDB_CREATE_OR_OPEN;
    }
    if (open_locked(w->path, mode, limit, &w->db, &err) != XC_OK)
        goto failed;
    char *stored = NULL;
    unsigned count = 0;
    scr_status rc = SCR_OK;
    if (xc_wdb_get_metadata(w->db, SCHEMA_VERSION_KEY, &stored, &err) != XC_OK ||
        xc_wdb_doccount(w->db, &count, &err) != XC_OK ||
        (rc = db_check_schema(path, stored, count, error)) != SCR_OK ||
        (!*stored && xc_wdb_set_metadata(w->db, SCHEMA_VERSION_KEY, SCHEMA_VERSION, &err)) ||
        set_synonyms(w, &err) != XC_OK ||
        xc_wdb_set_phrases(w->db, v->phrases, &err) != XC_OK || adopt_dict(w, &err) != XC_OK) {
        if (err.status != XC_OK)
            rc = writer_fail(error, path, &err);
        free(stored);
        close_cancelled(w);
        return rc;
    }
    free(stored);
    if (!w->final)
        remove_stale_rebuilds(path); /* ours to clear: we hold the lock */
    *out = w;
    return SCR_OK;
failed:
    rc = writer_fail(error, path, &err);
    if (error && err.status == XC_ERR_LOCKED && limit > 0) {
        size_t used = strlen(error->message);
        snprintf(error->message + used, sizeof error->message - used, " (waited %g s)", limit);
    }
    if (w->final) {
        db_remove_dir(w->path);
        free(w->final);
    }
    xc_wdb_close(w->old, NULL);
    free(w->path);
    free(w);
    return rc;
}

/* Adds the documents, and their words to the spelling dictionary (which
 * a term generator off this thread cannot write to; writer_prepare() put
 * the file's words in its first document). */
static xc_status add_docs(xc_wdb *db, const writer_docs *docs, xc_error *err)
{
    /* the dictionary their data needs, in the same database (a part's too)
     * and the same commit (once a handle) */
    xc_status st = XC_OK;
    if (docs->dict) {
        size_t len;
        const char *bytes = docdict_bytes(docs->dict, &len);
        char *key = docdict_key(docs->dict);
        st = xc_wdb_set_metadata_once(db, key, bytes, len, err);
        free(key);
    }
    for (size_t i = 0; i < docs->n && st == XC_OK; i++) {
        st = xc_wdb_add(db, docs->docs[i], NULL, err);
        if (st == XC_OK)
            st = xc_wdb_add_spellings(db, docs->docs[i], err);
    }
    return st;
}

/* ---- what was indexed of each file (database metadata) ---- */

static char *file_key(const char *path) { return schema_id_term(SCHEMA_FILE_KEY_PREFIX, path); }

static char *hash_key(const char *hash)
{
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "%s%s", SCHEMA_HASH_KEY_PREFIX, hash);
    return sb_steal(&sb);
}

int writer_parse_state(const char *v, file_state *st, const char **path)
{
    char hash[17] = "", analysis[17] = "";
    int used = 0;
    if (sscanf(v, "%lld %lld %16[0-9a-f]%n", &st->size, &st->mtime_ns, hash, &used) != 3)
        return 0;
    /* the analysis stamp after a space, when the file was indexed with it
     * (the path follows a tab) */
    if (v[used] == ' ' && sscanf(v + used + 1, "%16[0-9a-f]", analysis) != 1)
        return 0;
    memcpy(st->hash, hash, sizeof hash);
    memcpy(st->analysis, analysis, sizeof analysis);
    if (path) {
        const char *tab = strchr(v, '\t');
        *path = tab ? tab + 1 : "";
    }
    return 1;
}

scr_status writer_file_state(scr_writer *w, const char *path, file_state *st, int *known,
                             scr_error *error)
{
    char *key = file_key(path), *v = NULL;
    xc_error err;
    scr_status rc = SCR_OK;
    if (xc_wdb_get_metadata(w->db, key, &v, &err) == XC_OK)
        *known = v && *v && writer_parse_state(v, st, NULL);
    else
        rc = writer_fail(error, w->path, &err);
    free(key);
    free(v);
    return rc;
}

scr_status writer_path_with_hash(scr_writer *w, const char *hash, char **path, scr_error *error)
{
    char *key = hash_key(hash), *v = NULL;
    xc_error err;
    scr_status rc = xc_wdb_get_metadata(w->db, key, &v, &err);
    free(key);
    if (rc != XC_OK)
        return writer_fail(error, w->path, &err);
    if (v && !*v) {
        free(v);
        v = NULL;
    }
    *path = v;
    return SCR_OK;
}

static xc_status record_state(xc_wdb *db, const char *path, const file_state *st,
                              xc_error *err)
{
    strbuf v;
    sb_init(&v);
    sb_addf(&v, "%lld %lld %s%s%s\t%s", st->size, st->mtime_ns, st->hash,
            *st->analysis ? " " : "", st->analysis, path);
    char *fk = file_key(path), *hk = hash_key(st->hash);
    xc_status s = xc_wdb_set_metadata(db, fk, v.buf, err);
    if (s == XC_OK)
        s = xc_wdb_set_metadata(db, hk, path, err);
    free(fk);
    free(hk);
    sb_free(&v);
    return s;
}

/* Deletes a file's documents and its records (inside a transaction). */
xc_status writer_forget_file(scr_writer *w, const char *path, xc_error *err)
{
    char *term = schema_id_term(PREFIX_ID, path), *fk = file_key(path), *v = NULL;
    xc_status st = xc_wdb_delete(w->db, term, err);
    if (st == XC_OK)
        st = xc_wdb_get_metadata(w->db, fk, &v, err);
    file_state old;
    if (st == XC_OK && v && writer_parse_state(v, &old, NULL)) {
        char *hk = hash_key(old.hash), *owner = NULL;
        /* the hash record may name another copy of the same content */
        if (xc_wdb_get_metadata(w->db, hk, &owner, err) == XC_OK && owner &&
            strcmp(owner, path) == 0)
            st = xc_wdb_set_metadata(w->db, hk, "", err);
        free(owner);
        free(hk);
    }
    if (st == XC_OK)
        st = xc_wdb_set_metadata(w->db, fk, "", err);
    free(v);
    free(fk);
    free(term);
    return st;
}

static scr_status after_file(scr_writer *w, scr_error *error)
{
    xc_error err;
    if (++w->pending >= w->batch) {
        w->pending = 0;
        if (xc_wdb_commit(w->db, &err) != XC_OK)
            return writer_fail(error, w->path, &err);
        commit_point();
    }
    return SCR_OK;
}

/* ---- a new database written in parts (parts.h) ---- */

/* Files a part, at most, and a part's commits.  The merge (a compaction)
 * copies each part's postlist chunks as they are, so a term has a chunk
 * per part it is in: parts of 100 files left the facet terms' postings
 * ten to a chunk.  A part committed every PART_COMMIT files is written as
 * one writer writes, its chunks filled commit after commit, and holds no
 * more in memory than a part of PART_COMMIT files did (3,000 generated
 * files, two lanes, parts written whole: 500, 250, 100 and 50 files took
 * 26.6, 24.8, 22.5 and 21.7 s, peak RSS 267, 162, 98 and 75 MB).  Each
 * lane has four parts at least, so that both have work to the end. */
#define PART_FILES 1000
#define PART_COMMIT 100
/* A smaller run is written as it goes, committed every WRITER_BATCH files
 * (readers see it grow; a kill loses little). */
#define PARTS_MIN_FILES 1000
/* Each lane holds a part's postings until it is written: four at most,
 * however many cores. */
#define MAX_LANES 4

/* The merge opens every part at once, eight files each at most: as many
 * parts as the open-file limit leaves room for (a larger run makes larger
 * parts, not more), after PARTS_SPARE_FILES for the database, the lanes'
 * writers and the files being read.  0: too few to write in parts (under
 * `ulimit -n 48` a merge of eight parts failed); one writer then writes
 * it all, as --jobs 1 does. */
#define PARTS_SPARE_FILES 32
static size_t max_parts(void)
{
    struct rlimit rl;
    size_t room = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY
                      ? (size_t)rl.rlim_cur
                      : 1024;
    size_t n = room > 128 ? (room - 64) / 8
               : room > PARTS_SPARE_FILES ? (room - PARTS_SPARE_FILES) / 8
                                          : 0;
    if (n < 2)
        return 0;
    return n > 1024 ? 1024 : n;
}

/* A file for a part: its documents (or none: a state alone) and state. */
typedef struct part_item {
    writer_docs *docs;
    char *path;
    file_state state;
    int has_state;
} part_item;

static xc_status write_part_item(xc_wdb *db, void *item, xc_error *err)
{
    part_item *it = item;
    xc_status st = it->docs ? add_docs(db, it->docs, err) : XC_OK;
    if (st == XC_OK && it->has_state)
        st = record_state(db, it->path, &it->state, err);
    return st;
}

static void free_part_item(void *item)
{
    part_item *it = item;
    writer_docs_free(it->docs);
    free(it->path);
    free(it);
}

static scr_status to_part(scr_writer *w, writer_docs *docs, const char *path,
                          const file_state *fs, scr_error *error)
{
    part_item *it = xcalloc(1, sizeof *it);
    it->docs = docs;
    it->path = xstrdup(path);
    if (fs) {
        it->state = *fs;
        it->has_state = 1;
    }
    if (docs)
        w->added += (unsigned)docs->n;
    w->pending++; /* on disk once merged, at writer_close() */
    scr_error e;
    if (parts_add(w->parts, it, &e) != SCR_OK)
        return scr_fail(error, e.status, "%s: %s", w->path, e.message);
    return SCR_OK;
}

scr_status writer_plan(scr_writer *w, unsigned lanes, size_t files, scr_error *error)
{
    const char *env = getenv("SCRUTINY_PART_FILES");
    int told = env && atoi(env) > 0;
    unsigned per_part = told ? (unsigned)atoi(env) : PART_FILES;
    unsigned count = 0;
    xc_error err;
    if (w->parts || lanes < 2 || files < (told ? 2 * (size_t)per_part : PARTS_MIN_FILES))
        return SCR_OK;
    if (lanes > MAX_LANES)
        lanes = MAX_LANES;
    if (!told && files / (4 * lanes) < per_part)
        per_part = files / (4 * lanes) > PART_COMMIT ? (unsigned)(files / (4 * lanes)) : PART_COMMIT;
    size_t most = max_parts();
    if (most == 0)
        return SCR_OK;
    if (files / per_part >= most)
        per_part = (unsigned)(files / most + 1);
    /* (a part of a few files, as tests make, is still committed midway) */
    unsigned per_commit = per_part / 2 < PART_COMMIT ? per_part / 2 : PART_COMMIT;
    if (xc_wdb_doccount(w->db, &count, &err) != XC_OK)
        return writer_fail(error, w->path, &err);
    if (count > 0) /* files are replaced in place, each in a transaction */
        return SCR_OK;
    char *pattern = sibling_name(named_path(w), "part-");
    scr_status rc = parts_start(pattern, lanes, per_part, per_commit ? per_commit : 1,
                                write_part_item, free_part_item, &w->parts, error);
    free(pattern);
    return rc;
}

size_t *writer_parts_order(const scr_writer *w, size_t files)
{
    if (!w->parts)
        return NULL;
    unsigned lanes, per_part;
    parts_layout(w->parts, &lanes, &per_part);
    size_t *order = xcalloc(files ? files : 1, sizeof *order);
    parts_order(files, lanes, per_part, order);
    return order;
}

scr_status writer_replace_file(scr_writer *w, const built_doc *d, writer_docs **docs,
                               const file_state *fs, const char *renamed_from, scr_error *error)
{
    writer_docs *own = NULL;
    int to_parts = w->parts && !renamed_from; /* a new database: nothing to replace */
    if (docs && *docs && to_parts) {
        own = *docs; /* taken: freed on the part's thread */
        *docs = NULL;
    } else if (!docs || !*docs) {
        scr_status rc = writer_prepare(w->vocab, d, &own, error);
        if (rc != SCR_OK)
            return rc;
    }
    if (to_parts)
        return to_part(w, own, d->path, fs, error);
    const writer_docs *use = own ? own : *docs;
    xc_error err;
    char *file_term = schema_id_term(PREFIX_ID, d->path);
    xc_status st = xc_wdb_begin(w->db, 0, &err);
    if (st == XC_OK)
        st = xc_wdb_delete(w->db, file_term, &err);
    if (st == XC_OK && renamed_from)
        st = writer_forget_file(w, renamed_from, &err);
    if (st == XC_OK)
        st = add_docs(w->db, use, &err);
    if (st == XC_OK)
        w->added += (unsigned)use->n;
    if (st == XC_OK && fs)
        st = record_state(w->db, d->path, fs, &err);
    if (st == XC_OK)
        st = xc_wdb_commit_transaction(w->db, &err);
    else
        xc_wdb_cancel_transaction(w->db, NULL);
    free(file_term);
    writer_docs_free(own);
    if (st != XC_OK)
        return writer_fail(error, w->path, &err);
    return after_file(w, error);
}

scr_status writer_touch(scr_writer *w, const char *path, const file_state *fs, scr_error *error)
{
    if (w->parts)
        return to_part(w, NULL, path, fs, error);
    xc_error err;
    if (record_state(w->db, path, fs, &err) != XC_OK)
        return writer_fail(error, w->path, &err);
    return after_file(w, error);
}

scr_status writer_count_documents(scr_writer *w, unsigned *out, scr_error *error)
{
    if (w->parts) { /* it was empty: what this run wrote, to be merged */
        *out = w->added;
        return SCR_OK;
    }
    xc_error err;
    if (xc_wdb_count_terms(w->db, PREFIX_PART, out, &err) != XC_OK)
        return writer_fail(error, w->path, &err);
    return SCR_OK;
}

unsigned writer_uncommitted(const scr_writer *w) { return w->pending; }

void writer_cancel_rebuild(scr_writer *w)
{
    if (w)
        w->cancel = 1;
}

/* A run that wrote this many documents, and a quarter of the database or
 * more, leaves it compacted: Xapian's B-trees written commit after commit
 * are about half empty (the position table of 1,000 generated documents:
 * 48 MB, 25 MB compacted or written in one commit), and compacting takes
 * seconds where indexing took minutes (the 186 PDFs of realdocs: 1.62x
 * their text as written, 1.42x compacted, in well under a second). */
#define COMPACT_MIN_DOCUMENTS 100


/* Compacts the committed database at w->path, followed by the parts in
 * dirs, into a new sibling of near and returns its path (malloc()ed), or
 * NULL when it is not worth it (no parts) or fails: the database then
 * stays as it is, *err saying why when it failed. */
static char *compacted_copy(scr_writer *w, const strlist *dirs, const char *near,
                            xc_error *err)
{
    unsigned count = 0;
    err->status = XC_OK;
    if (!dirs->len && (w->added < COMPACT_MIN_DOCUMENTS ||
                       xc_wdb_doccount(w->db, &count, err) != XC_OK ||
                       (unsigned long)w->added * 4 < count))
        return NULL;
    if (xc_wdb_commit(w->db, err) != XC_OK)
        return NULL;
    /* ".NAME.rebuild-compact-XXXXXX": a kill leaves what the next run's
     * clean-up of killed rebuilds removes */
    char *to = sibling_name(near, "compact-");
    const char **from = xcalloc(dirs->len + 1, sizeof *from);
    from[0] = w->path;
    for (size_t i = 0; i < dirs->len; i++)
        from[i + 1] = dirs->items[i];
    int made = mkdtemp(to) && rmdir(to) == 0;
    if (!made)
        scr_fail(err, SCR_ERR_IO, "%s: cannot make a directory: %s", to, strerror(errno));
    if (!made || xc_db_compact(from, dirs->len + 1, to, err) != XC_OK) {
        db_remove_dir(to);
        free(to);
        free(from);
        return NULL;
    }
    free(from);
    commit_point();
    return to;
}

/* Ends writing in parts: their directories, in order, in *dirs (empty
 * when cancelled or failed: then *error says why and rc is returned). */
static scr_status finish_parts(scr_writer *w, strlist *dirs, scr_error *error)
{
    sl_init(dirs);
    if (!w->parts)
        return SCR_OK;
    scr_error e;
    if (parts_finish(w->parts, dirs, &e) != SCR_OK)
        return scr_fail(error, e.status, "%s: %s", named_path(w), e.message);
    if (w->cancel) {
        sl_free(dirs);
        sl_init(dirs);
    }
    return SCR_OK;
}

scr_status writer_close(scr_writer *w, scr_error *error)
{
    if (!w)
        return SCR_OK;
    xc_error err;
    scr_status rc = SCR_OK;
    unsigned old_count = 0, new_count = 0;
    int old_unknown = 0; /* the old one could not be counted: kept, to be safe */
    if (w->final && !w->cancel && xc_wdb_doccount(w->db, &new_count, &err) == XC_OK && w->old)
        old_unknown = xc_wdb_doccount(w->old, &old_count, &err) != XC_OK;
    if (w->parts) /* what the parts hold */
        new_count = w->added;
    /* the database as it will stay, compacted when this run wrote much,
     * its parts merged when it was written in parts */
    strlist dirs;
    rc = finish_parts(w, &dirs, error);
    char *compacted = NULL;
    if (rc == SCR_OK && !w->cancel) {
        compacted = compacted_copy(w, &dirs, named_path(w), &err);
        if (!compacted && dirs.len) /* the parts could not be merged: nothing is */
            rc = writer_fail(error, named_path(w), &err);
    }
    int merged = compacted && dirs.len; /* the only copy of what the parts held */
    sl_free(&dirs);
    parts_free(w->parts);
    w->parts = NULL;
    if (rc != SCR_OK && w->final)
        w->cancel = 1; /* the old database stays */
    if (compacted && !w->final) {
        /* one rename, under this run's lock: readers and a kill see the
         * database written or its compacted copy, the same documents */
        if (renameat2(AT_FDCWD, compacted, AT_FDCWD, w->path, RENAME_EXCHANGE) == 0)
            commit_point();
        else if (merged)
            rc = scr_fail(error, SCR_ERR_IO, "%s: cannot put the merged database in place: %s",
                          w->path, strerror(errno));
        xc_wdb_close(w->db, NULL); /* the written one, now at compacted's path */
        db_remove_dir(compacted);
        free(compacted);
        free(w->path);
        free(w);
        return rc;
    }
    if (xc_wdb_close(w->db, &err) != XC_OK)
        rc = writer_fail(error, w->path, &err);
    else if (!w->cancel)
        commit_point();
    if (w->final) {
        if (rc == SCR_OK && !w->cancel && new_count == 0 && (old_count > 0 || old_unknown)) {
            if (old_unknown)
                rc = scr_fail(error, SCR_ERR_INPUT, "%s: the rebuild indexed nothing: the old "
                              "database (which could not be counted) is kept", w->final);
            else
                rc = scr_fail(error, SCR_ERR_INPUT, "%s: the rebuild indexed nothing: the old "
                              "database (%u passages) is kept", w->final, old_count);
        }
        struct stat sb;
        if (rc == SCR_OK && !w->cancel) {
            /* one rename: readers and a kill see the old database or the new */
            const char *newdb = compacted ? compacted : w->path;
            int swapped = stat(w->final, &sb) == 0
                              ? renameat2(AT_FDCWD, newdb, AT_FDCWD, w->final, RENAME_EXCHANGE)
                              : rename(newdb, w->final);
            if (swapped != 0) {
                rc = scr_fail(error, SCR_ERR_IO, "%s: cannot put the rebuilt database in place: "
                              "%s", w->final, strerror(errno));
            } else {
                commit_point();
            }
        }
        xc_wdb_close(w->old, NULL);
        db_remove_dir(w->path); /* the old database, or an unfinished new one */
        if (compacted) { /* the old database after the swap, or the copy */
            db_remove_dir(compacted);
            free(compacted);
        }
        free(w->final);
    }
    free(w->path);
    free(w);
    return rc;
}
