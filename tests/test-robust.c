/* Indexing that never loses or corrupts: incremental runs, renames and
 * pruning, file lists from stdin, locks, SIGKILL at many points of a run,
 * SIGTERM, queries during indexing, and hostile files.  Real programs. */
#define _GNU_SOURCE /* renameat2 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <zip.h>

#include "extract.h"
#include "reader.h"
#include "testutil.h"
#include "util.h"
#include "xapian-c.h"

static char *tmpdir, *indexer, *queryer;

static int group_setup(void **state)
{
    (void)state;
    tmpdir = tu_mkdtemp();
    indexer = tu_build_path("scrutiny-index");
    queryer = tu_build_path("scrutiny-query");
    unsetenv("SCRUTINY_DB");
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    tu_rmtree(tmpdir);
    free(tmpdir);
    free(indexer);
    free(queryer);
    return 0;
}

/* A document of the corpus's kind, different for each n. */
static void write_doc(const char *dir, int n, const char *extra)
{
    char name[64], text[2048];
    snprintf(name, sizeof name, "doc%04d.txt", n);
    snprintf(text, sizeof text,
             "Peer review of early years services, number %d\n\n"
             "The review team met leaders in Wigan and partners. Speech and language therapy "
             "waiting times were discussed at length, with health visitors and SENCOs.%s\n\n"
             "Recommendations\n\n- Develop a shared strategy for speech, language and "
             "communication, item %d.\n- Improve the timeliness of EHC plans.\n",
             n, extra ? extra : "", n);
    char *path = tu_join(dir, name);
    tu_write(path, text, strlen(text));
    free(path);
}

/* The directory dir, holding documents 0..n-1. */
static void write_docs(const char *dir, int n)
{
    mkdir(dir, 0777);
    for (int i = 0; i < n; i++)
        write_doc(dir, i, NULL);
}

static tu_run index_run(const char *db, ...)
{
    const char *head[] = {indexer, "--db", db, NULL};
    tu_run r;
    va_list ap;
    va_start(ap, db);
    tu_vrun(&r, NULL, head, ap);
    va_end(ap);
    return r;
}

static long count(const char *db, const char *level, const char *q)
{
    char *argv[] = {queryer, "--db", (char *)db, "--count", "--level", (char *)level, (char *)q,
                    NULL};
    tu_run r;
    tu_exec(argv, NULL, &r);
    long n = r.status <= 1 ? strtol(r.out, NULL, 10) : -1;
    if (r.status > 1)
        fprintf(stderr, "query failed: %s", r.err);
    tu_run_free(&r);
    return n;
}

/* `scrutiny-query show ID` on db, which must succeed. */
static tu_run show_ok(const char *db, const char *id)
{
    char *argv[] = {queryer, "--db", (char *)db, "show", (char *)id, NULL};
    tu_run r;
    tu_exec(argv, NULL, &r);
    if (r.status != 0)
        fprintf(stderr, "show %s: %s", id, r.err);
    assert_int_equal(r.status, 0);
    return r;
}

static void test_incremental(void **state)
{
    (void)state;
    char *dir = tu_join(tmpdir, "inc"), *db = tu_join(tmpdir, "inc-db");
    write_docs(dir, 5);
    tu_run r = index_run(db, dir, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "5 new, 0 changed, 0 unchanged, 0 removed, 0 failed"));
    tu_run_free(&r);
    long passages = count(db, "passage", "");
    /* nothing changed: nothing read */
    r = index_run(db, dir, NULL);
    assert_non_null(strstr(r.err, "0 new, 0 changed, 5 unchanged"));
    tu_run_free(&r);
    /* touched (same bytes, new time): unchanged, by its content hash */
    char *f1 = tu_join(dir, "doc0001.txt");
    struct timespec times[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
    tu_sleep_ms(20);
    assert_int_equal(utimensat(AT_FDCWD, f1, times, 0), 0);
    r = index_run(db, dir, NULL);
    assert_non_null(strstr(r.err, "0 new, 0 changed, 5 unchanged"));
    tu_run_free(&r);
    /* changed: the new words are found, the old ones gone */
    write_doc(dir, 1, " Zebracrossing assurance was new.");
    r = index_run(db, dir, NULL);
    assert_non_null(strstr(r.err, "0 new, 1 changed, 4 unchanged"));
    tu_run_free(&r);
    assert_int_equal(count(db, "document", "zebracrossing"), 1);
    assert_int_equal(count(db, "document", ""), 5);
    /* renamed: not indexed twice */
    char *f2 = tu_join(dir, "doc0002.txt"), *moved = tu_join(dir, "renamed.txt");
    assert_int_equal(rename(f2, moved), 0);
    r = index_run(db, dir, NULL);
    assert_non_null(strstr(r.err, "0 new, 1 changed, 4 unchanged"));
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 5);
    assert_int_equal(count(db, "document", "file:renamed.txt"), 1);
    /* a file: filter that names no indexed file fails, naming the close ones */
    assert_int_equal(count(db, "document", "file:doc0002.txt"), -1);
    assert_int_equal(count(db, "passage", ""), passages); /* the move added none */
    /* deleted: kept until --prune */
    char *f3 = tu_join(dir, "doc0003.txt");
    assert_int_equal(unlink(f3), 0);
    r = index_run(db, dir, NULL);
    assert_int_equal(count(db, "document", ""), 5);
    tu_run_free(&r);
    r = index_run(db, "--prune", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "1 removed"));
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 4);
    /* --files-from -, newline and NUL separated */
    write_doc(dir, 7, NULL);
    write_doc(dir, 8, NULL);
    char *f7 = tu_join(dir, "doc0007.txt"), *f8 = tu_join(dir, "doc0008.txt");
    strbuf list;
    sb_init(&list);
    sb_addf(&list, "%s\n", f7);
    char *argv[] = {indexer, "--db", db, "--files-from", "-", NULL};
    tu_exec(argv, list.buf, &r);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "1 new"));
    tu_run_free(&r);
    list.len = 0;
    sb_add(&list, f8, strlen(f8) + 1);
    sb_add(&list, f7, strlen(f7) + 1);
    char *argv0[] = {indexer, "--db", db, "-0", "--files-from", "-", NULL};
    /* NUL-separated input cannot go through a C string: write a file */
    char *listfile = tu_join(tmpdir, "list0");
    tu_write(listfile, list.buf, list.len);
    argv0[5] = listfile;
    tu_exec(argv0, NULL, &r);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "1 new, 0 changed, 1 unchanged"));
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 6);
    /* a list from find is taken as a walk takes a folder: hidden names,
     * the manifest and kinds of file no reader takes are no documents */
    char *hid = tu_join(dir, ".hidden.txt"), *csv = tu_join(dir, "data.csv"),
         *man = tu_join(dir, "manifest.tsv");
    tu_write(hid, "Hidden notes on speech.\n", 24);
    tu_write(csv, "a,b\n", 4);
    tu_write(man, "file\ttitle\n", 11);
    list.len = 0;
    sb_addf(&list, "%s\n%s\n%s\n", hid, csv, man);
    tu_exec(argv, list.buf, &r);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "0 new, 0 changed, 0 unchanged, 0 removed, 0 failed, 2 skipped"));
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 6);
    /* find ~/letters lists absolute paths: a hidden folder in one is
     * skipped as a walk skips it (it was indexed) */
    char *hidden_dir = tu_join(dir, ".git");
    mkdir(hidden_dir, 0777);
    char *under = tu_join(hidden_dir, "notes.txt");
    tu_write(under, "Notes on speech therapy.\n", 25);
    list.len = 0;
    sb_addf(&list, "%s\n", under);
    tu_exec(argv, list.buf, &r);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "0 new, 0 changed, 0 unchanged, 0 removed, 0 failed, 1 skipped"));
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 6);
    unlink(under);
    rmdir(hidden_dir);
    free(under);
    free(hidden_dir);
    unlink(hid);
    unlink(csv);
    unlink(man);
    free(hid);
    free(csv);
    free(man);
    /* Xapian's lock file is never removed by us */
    char *lock = tu_join(db, "flintlock");
    struct stat st;
    assert_int_equal(stat(lock, &st), 0);
    sb_free(&list);
    free(lock);
    free(listfile);
    free(f1);
    free(f2);
    free(f3);
    free(f7);
    free(f8);
    free(moved);
    free(dir);
    free(db);
}

static void test_wait_for_lock(void **state)
{
    (void)state;
    char *dir = tu_join(tmpdir, "lock"), *db = tu_join(tmpdir, "lock-db");
    mkdir(dir, 0777);
    write_doc(dir, 1, NULL);
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(db, XC_WDB_CREATE_OR_OPEN, &w, NULL), XC_OK);
    tu_run r = index_run(db, dir, NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "locked by another indexer"));
    tu_run_free(&r);
    char *argv[] = {indexer, "--quiet", "--wait", "--db", db, dir, NULL};
    pid_t pid = tu_spawn(argv, NULL);
    tu_sleep_ms(300);
    assert_int_equal(waitpid(pid, NULL, WNOHANG), 0); /* still waiting */
    assert_int_equal(xc_wdb_close(w, NULL), XC_OK);
    assert_int_equal(tu_wait_exit(pid, 0), 0);
    assert_int_equal(count(db, "document", ""), 1);
    /* a lock file that cannot be made is no other indexer's lock, and
     * --wait does not wait for it: its cause, at once */
    char *lockfile = tu_join(db, "flintlock");
    unlink(lockfile);
    assert_int_equal(mkdir(lockfile, 0777), 0);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = index_run(db, "--wait=5", dir, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_int_equal(r.status, 2);
    assert_null(strstr(r.err, "locked"));
    assert_non_null(strstr(r.err, "cannot write there: Is a directory"));
    assert_true(t1.tv_sec - t0.tv_sec < 3);
    tu_run_free(&r);
    rmdir(lockfile);
    free(lockfile);
    free(dir);
    free(db);
}

/* xapian-check on a database: its exit status. */
static int check_db(const char *db)
{
    char *argv[] = {"xapian-check", (char *)db, NULL};
    tu_run r;
    tu_exec(argv, NULL, &r);
    int st = r.status;
    if (st != 0)
        fprintf(stderr, "xapian-check %s: %s%s\n", db, r.out, r.err);
    tu_run_free(&r);
    return st;
}

static void test_kill_at_many_points(void **state)
{
    (void)state;
    char *dir = tu_join(tmpdir, "kill"), *db = tu_join(tmpdir, "kill-db"),
         *ref = tu_join(tmpdir, "kill-ref");
    const int files = 400;
    write_docs(dir, files);
    /* what a run that is never interrupted makes */
    tu_run r = index_run(ref, "--quiet", dir, NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    long want_docs = count(ref, "document", ""), want_passages = count(ref, "passage", "");
    assert_int_equal(want_docs, files);
    char *argv[] = {indexer, "--quiet", "--db", db, dir, NULL};
    static const long delays[] = {5, 15, 30, 60, 90, 130, 180, 250, 350, 500};
    int killed_mid_run = 0;
    for (size_t k = 0; k < sizeof delays / sizeof delays[0]; k++) {
        pid_t pid = tu_spawn(argv, NULL);
        tu_sleep_ms(delays[k]);
        kill(pid, SIGKILL);
        int st = tu_wait_exit(pid, 0);
        killed_mid_run += st == 128 + SIGKILL;
        struct stat sb;
        char *made = tu_join(db, "iamglass");
        int exists = stat(made, &sb) == 0;
        free(made);
        if (!exists)
            continue; /* killed before Xapian had made the database */
        /* after each kill: the database checks, opens and answers */
        assert_int_equal(check_db(db), 0);
        long n = count(db, "document", "");
        assert_true(n >= 0 && n <= files);
        assert_true(count(db, "document", "speech") >= 0);
    }
    assert_true(killed_mid_run >= 3);
    /* a creation cut short (Xapian's files but no iamglass) is made again;
     * a directory with anything else in it is never overwritten */
    char *half = tu_join(tmpdir, "half-db"), *lockf = tu_join(half, "flintlock"),
         *tbl = tu_join(half, "postlist.glass");
    mkdir(half, 0777);
    tu_write(lockf, "", 0);
    tu_write(tbl, "junk", 4);
    r = index_run(half, "--quiet", dir, NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    assert_int_equal(count(half, "document", ""), files);
    char *other = tu_join(tmpdir, "not-a-db"), *keep = tu_join(other, "thesis.docx");
    mkdir(other, 0777);
    tu_write(keep, "precious", 8);
    r = index_run(other, "--quiet", dir, NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "refusing to write there"));
    tu_run_free(&r);
    struct stat kept;
    assert_int_equal(stat(keep, &kept), 0);
    /* --db naming a file: said so, the file untouched (Xapian had said
     * "DatabaseOpeningError: ...:1: Bad line", reading it as a stub) */
    r = index_run(keep, "--quiet", dir, NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "a file, not a database"));
    assert_null(strstr(r.err, "Error:"));
    tu_run_free(&r);
    assert_int_equal(stat(keep, &kept), 0);
    assert_int_equal(kept.st_size, 8);
    free(half);
    free(lockf);
    free(tbl);
    free(other);
    free(keep);
    /* a run to the end has exactly the documents it should: none lost,
     * none duplicated.  (--wait: Xapian's lock is held by a helper process
     * that outlives a SIGKILLed writer by a moment.) */
    r = index_run(db, "--wait", dir, NULL);
    if (r.status != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    assert_int_equal(check_db(db), 0);
    assert_int_equal(count(db, "document", ""), want_docs);
    assert_int_equal(count(db, "passage", ""), want_passages);
    assert_int_equal(count(db, "document", "file:doc0123.txt"), 1);
    free(dir);
    free(db);
    free(ref);
}

/* A database directory with Xapian's files but no version file yet (the
 * indexer is making it, or was killed while it did): a query waits a
 * moment for it, then says so in one line, naming the path, exit 2; once
 * the indexer has made it, the same query answers. */
static void test_query_on_a_database_being_made(void **state)
{
    (void)state;
    char *db = tu_join(tmpdir, "making-db"), *lock = tu_join(db, "flintlock"),
         *table = tu_join(db, "postlist.glass");
    assert_int_equal(mkdir(db, 0777), 0);
    tu_write(lock, "", 0);
    tu_write(table, "", 0);
    char *argv[] = {queryer, "--db", db, "--count", "speech", NULL};
    tu_run r;
    /* an empty folder is said to be one (not a database being made) */
    char *empty = tu_join(tmpdir, "empty-folder");
    assert_int_equal(mkdir(empty, 0777), 0);
    char *on_empty[] = {queryer, "--db", empty, "--count", "speech", NULL};
    tu_exec(on_empty, NULL, &r);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "empty-folder: an empty folder, no database"));
    tu_run_free(&r);
    rmdir(empty);
    free(empty);
    tu_exec(argv, NULL, &r);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, db));
    assert_non_null(strstr(r.err, "still being made"));
    const char *nl = strchr(r.err, '\n');
    assert_true(nl && nl[1] == '\0'); /* one line */
    tu_run_free(&r);
    /* the indexer makes it there (its own files, nothing else) */
    char *dir = tu_join(tmpdir, "making-docs");
    write_docs(dir, 3);
    tu_run ix = index_run(db, "--quiet", dir, NULL);
    assert_int_equal(ix.status, 0);
    tu_run_free(&ix);
    assert_int_equal(count(db, "document", ""), 3);
    free(dir);
    free(table);
    free(lock);
    free(db);
}

static void test_sigterm_and_queries_while_writing(void **state)
{
    (void)state;
    char *dir = tu_join(tmpdir, "term"), *db = tu_join(tmpdir, "term-db");
    write_docs(dir, 600);
    char *argv[] = {indexer, "--jobs", "2", "--db", db, dir, NULL};
    /* queries while the indexer writes never fail */
    pid_t pid = tu_spawn(argv, NULL);
    int queries = 0;
    while (waitpid(pid, NULL, WNOHANG) == 0) {
        struct stat sb;
        if (stat(db, &sb) == 0) {
            assert_true(count(db, "document", "speech language") >= 0);
            queries++;
        }
        tu_sleep_ms(20);
    }
    assert_true(queries >= 1);
    assert_int_equal(count(db, "document", ""), 600);
    tu_rmtree(db);
    /* SIGTERM: stops after committing, says so, exits 128+15 */
    char *err = tu_join(tmpdir, "term-err");
    /* each file 2 ms slower: a fast machine indexes the 600 before the
     * signal otherwise */
    setenv("SCRUTINY_DEBUG_SLOW_MS", "2", 1);
    pid = tu_spawn(argv, err);
    unsetenv("SCRUTINY_DEBUG_SLOW_MS");
    /* the indexer takes signals once its database is open: a loaded
     * machine can take longer than the sleep below to get there */
    tu_wait_for_path(db, 10000);
    tu_sleep_ms(150);
    kill(pid, SIGTERM);
    assert_int_equal(tu_wait_exit(pid, 0), 128 + SIGTERM);
    size_t len;
    char *msg = read_file(err, 1 << 20, &len);
    assert_non_null(strstr(msg, "stopped by SIGTERM"));
    free(msg);
    assert_int_equal(check_db(db), 0);
    long part = count(db, "document", "");
    assert_true(part >= 0 && part < 600);
    tu_run r = index_run(db, "--quiet", dir, NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 600);
    free(err);
    free(dir);
    free(db);
}

/* Copies the files of directory from into a new directory to. */
static void copy_dir(const char *from, const char *to)
{
    mkdir(to, 0777);
    DIR *d = opendir(from);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char *src = tu_join(from, e->d_name), *dst = tu_join(to, e->d_name);
        size_t len;
        char *data = read_file(src, 1 << 26, &len);
        assert_non_null(data);
        tu_write(dst, data, len);
        free(data);
        free(src);
        free(dst);
    }
    closedir(d);
}

/* Removes a directory of files (no subdirectories). */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        char *path = tu_join(dir, e->d_name);
        if (e->d_name[0] != '.')
            unlink(path);
        free(path);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* Readers that open the database while the indexer swaps another
 * directory in (compaction at close, --rebuild: one renameat2
 * RENAME_EXCHANGE, then the old directory removed) always see one whole
 * database.  The swaps here are the indexer's, as fast as they go: a
 * reader that read the version file of one directory and the tables of the
 * other failed with "DatabaseError: EOF reading block N" or
 * "DatabaseCorruptError: Expected block 31 to be level 1, not 0". */
static void test_readers_during_directory_swaps(void **state)
{
    (void)state;
    char *dir3 = tu_join(tmpdir, "swap3"), *dir5 = tu_join(tmpdir, "swap5");
    char *db3 = tu_join(tmpdir, "swap3-db"), *db5 = tu_join(tmpdir, "swap5-db");
    char *db = tu_join(tmpdir, "swap-db"), *next = tu_join(tmpdir, "swap-next");
    write_docs(dir3, 3);
    write_docs(dir5, 150); /* tables of more blocks than the other's */
    tu_run r = index_run(db3, "--quiet", dir3, NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    r = index_run(db5, "--quiet", dir5, NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    copy_dir(db3, db);
    pid_t swapper = fork();
    if (swapper == 0) {
        struct timespec start, now;
        clock_gettime(CLOCK_MONOTONIC, &start);
        for (int n = 0;; n++) {
            clock_gettime(CLOCK_MONOTONIC, &now);
            if (now.tv_sec - start.tv_sec >= 2)
                break;
            copy_dir(n % 2 ? db3 : db5, next);
            if (renameat2(AT_FDCWD, next, AT_FDCWD, db, RENAME_EXCHANGE) != 0)
                _exit(1);
            remove_dir(next);
        }
        _exit(0);
    }
    /* opened in this process, as often as it can: the programs open the
     * same way (xc_rdb_open), but starting one takes far longer */
    int reads = 0, failed = 0;
    while (waitpid(swapper, NULL, WNOHANG) == 0) {
        xc_rdb *rdb = NULL;
        xc_error err;
        unsigned n = 0;
        if (xc_rdb_open(db, &rdb, &err) != XC_OK || xc_rdb_doccount(rdb, &n, &err) != XC_OK) {
            if (failed++ == 0)
                fprintf(stderr, "%s\n", err.message);
        } else {
            failed += n != 3 && n != 150;
        }
        xc_rdb_close(rdb);
        reads++;
    }
    printf("%d opens during swaps, %d failed\n", reads, failed);
    assert_true(reads >= 20);
    assert_int_equal(failed, 0);
    assert_true(count(db, "document", "") >= 3);
    tu_rmtree(db);
    char *paths[] = {dir3, dir5, db3, db5, db, next};
    for (size_t i = 0; i < 6; i++) {
        tu_rmtree(paths[i]);
        free(paths[i]);
    }
}

static void test_hostile_files(void **state)
{
    (void)state;
    char *dir = tu_join(tmpdir, "hostile"), *db = tu_join(tmpdir, "hostile-db");
    mkdir(dir, 0777);
    struct {
        const char *name;
        const char *data;
        size_t len;
        const char *warning;
    } files[] = {
#define BYTES(s) s, sizeof s - 1
        {"binary.txt", BYTES("\x7f" "ELF\x02\x01\x01\0\0\0\0\0"), "binary file"},
        {"nul.txt", BYTES("Some text\0with a NUL byte in it"), "binary file"},
        {"empty.txt", BYTES(""), "empty file"},
        {"truncated.pdf", BYTES("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R"), "PDF"},
        {"corrupt.docx", BYTES("PK\x03\x04\x14\0\0\0garbage"), "zip"},
        {"broken.html", BYTES("<html><body><p>Unclosed <div>Early help offer"), NULL},
        {"bad-utf8.txt", BYTES("Early help \xff\xfe offer\n"), "invalid UTF-8"},
        {"ok\xff\xfename.txt", BYTES("A file whose name is not UTF-8.\n"), NULL},
        /* said for what it is, not "binary" */
        {"utf16.html", BYTES("\xff\xfe<\0h\0t\0m\0l\0>\0"), "UTF-16 text: not indexed (save it as UTF-8)"},
#undef BYTES
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *p = tu_join(dir, files[i].name);
        tu_write(p, files[i].data, files[i].len);
        free(p);
    }
    /* a file too large to read whole, made sparse so the test stays fast */
    char *big = tu_join(dir, "huge.txt");
    int fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_int_equal(ftruncate(fd, 500LL << 20), 0);
    close(fd);
    /* a link to nowhere, a loop of links, and a very deep tree */
    char *dangling = tu_join(dir, "dangling.txt"), *l1 = tu_join(dir, "loop1.txt"),
         *l2 = tu_join(dir, "loop2.txt");
    assert_int_equal(symlink("/nonexistent/file.txt", dangling), 0);
    assert_int_equal(symlink(l2, l1), 0);
    assert_int_equal(symlink(l1, l2), 0);
    char *dirloop = tu_join(dir, "dirloop");
    assert_int_equal(symlink(dir, dirloop), 0);
    strbuf deep;
    sb_init(&deep);
    sb_adds(&deep, dir);
    for (int i = 0; i < 70; i++) {
        sb_adds(&deep, "/d");
        mkdir(deep.buf, 0777);
    }
    /* a named pipe, named on the command line: reading it would block */
    char *fifo = tu_join(tmpdir, "pipe.txt");
    assert_int_equal(mkfifo(fifo, 0644), 0);
    /* and inside the folder: one named as a document is said (it was
     * passed over silently), one that is not is skipped like any other */
    char *inner = tu_join(dir, "inner-pipe.md"), *other = tu_join(dir, "inner-pipe");
    assert_int_equal(mkfifo(inner, 0644), 0);
    assert_int_equal(mkfifo(other, 0644), 0);
    free(inner);
    free(other);
    /* and a link named on the command line to a device: the same error */
    char *zero = tu_join(tmpdir, "zero.txt");
    assert_int_equal(symlink("/dev/zero", zero), 0);
    tu_run r = index_run(db, dir, fifo, zero, NULL);
    assert_int_equal(r.status, 3); /* some failed, the rest indexed */
    assert_non_null(strstr(r.err, "pipe.txt: not a regular file"));
    assert_non_null(strstr(r.err, "zero.txt: not a regular file"));
    assert_non_null(strstr(r.err, "inner-pipe.md: a FIFO, not a document: not read"));
    assert_null(strstr(r.err, "inner-pipe:"));
    free(fifo);
    free(zero);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        if (!files[i].warning)
            continue;
        char want[256];
        snprintf(want, sizeof want, "%s: ", files[i].name);
        const char *line = strstr(r.err, want);
        if (!line || !strstr(line, files[i].warning))
            fprintf(stderr, "no warning '%s' for %s in:\n%s", files[i].warning, files[i].name, r.err);
        assert_non_null(line);
        assert_non_null(strstr(line, files[i].warning));
    }
    assert_non_null(strstr(r.err, "name.txt: the file name is not valid UTF-8"));
    assert_non_null(strstr(r.err, "huge.txt: 524.3 MB: larger than the 16 MiB a txt file may be"));
    /* the link is there; what it points to is not: said so */
    assert_non_null(
        strstr(r.err, "dangling.txt: a symbolic link to /nonexistent/file.txt, which is not there"));
    assert_non_null(strstr(r.err, "loop1.txt: Too many levels of symbolic links"));
    assert_non_null(strstr(r.err, "too deep"));
    /* the pipe and the link to a device among the failed */
    if (!strstr(r.err, "3 new, 0 changed, 0 unchanged, 0 removed, 13 failed, 1 skipped"))
        fprintf(stderr, "%s", r.err);
    assert_non_null(strstr(r.err, "3 new, 0 changed, 0 unchanged, 0 removed, 14 failed, 1 skipped"));
    tu_run_free(&r);
    /* what was indexed answers, names not in UTF-8 too */
    char *argv[] = {queryer, "--db", db, "--format", "json", "name", NULL};
    tu_exec(argv, NULL, &r);
    assert_int_equal(r.status, 0);
    json_t *o = json_loads(r.out, 0, NULL);
    assert_non_null(o); /* valid JSON */
    const char *file = json_string_value(json_object_get(json_array_get(json_object_get(o, "hits"), 0), "file"));
    assert_non_null(strstr(file, "ok\xEF\xBF\xBD\xEF\xBF\xBDname.txt"));
    /* and shows by the id the outputs give (its bytes U+FFFD): it was
     * "no document" */
    char *id = xstrdup(json_string_value(
        json_object_get(json_array_get(json_object_get(o, "hits"), 0), "id")));
    json_decref(o);
    tu_run_free(&r);
    assert_non_null(strstr(id, "\xEF\xBF\xBD"));
    r = show_ok(db, id);
    assert_non_null(strstr(r.out, "ok\xEF\xBF\xBD\xEF\xBF\xBDname.txt"));
    tu_run_free(&r);
    free(id);
    assert_int_equal(count(db, "document", "\"early help offer\""), 2);
    sb_free(&deep);
    free(big);
    free(dangling);
    free(l1);
    free(l2);
    free(dirloop);
    free(dir);
    free(db);
}


/* ---- issue 15: never lose the index, never read outside the tree ---- */

static void move_file(const char *from_dir, const char *to_dir, int n)
{
    char name[64];
    snprintf(name, sizeof name, "doc%04d.txt", n);
    char *a = tu_join(from_dir, name), *b = tu_join(to_dir, name);
    assert_int_equal(rename(a, b), 0);
    free(a);
    free(b);
}

static void test_prune_never_empties(void **state)
{
    (void)state;
    char *top = tu_join(tmpdir, "prune"), *a = tu_join(top, "a"), *b = tu_join(top, "b"),
         *away = tu_join(top, "away"), *sub = tu_join(a, "sub"), *db = tu_join(tmpdir, "prune-db");
    mkdir(top, 0777);
    mkdir(away, 0777);
    write_docs(a, 4);
    write_docs(b, 4);
    write_docs(sub, 1);
    tu_run r = index_run(db, "--quiet", a, b, NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 9);
    /* a file gone from its folder, and a deleted sub-folder: forgotten */
    char *f = tu_join(a, "doc0003.txt"), *f0 = tu_join(sub, "doc0000.txt");
    assert_int_equal(unlink(f), 0);
    assert_int_equal(unlink(f0), 0);
    assert_int_equal(rmdir(sub), 0);
    r = index_run(db, "--prune", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "2 removed"));
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 7);
    /* b there but emptied (a filesystem not mounted on it): nothing removed */
    for (int i = 0; i < 4; i++)
        move_file(b, away, i);
    r = index_run(db, "--prune", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "every file indexed from"));
    assert_non_null(strstr(r.err, "nothing removed"));
    int lines = 0;
    for (const char *c = r.err; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 2); /* one line, and the summary */
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 7);
    /* the same, naming the empty folder (the man page's cron line) */
    r = index_run(db, "--prune", b, NULL);
    assert_int_equal(r.status, 2);
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 7);
    for (int i = 0; i < 4; i++)
        move_file(away, b, i);
    /* a root missing altogether: nothing removed */
    char *moved = tu_join(top, "a-moved");
    assert_int_equal(rename(a, moved), 0);
    r = index_run(db, "--prune", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "is missing or unreadable"));
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 7);
    /* a root that is no longer a folder counts as unreadable */
    tu_write(a, "not a folder", 12);
    r = index_run(db, "--prune", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "is missing or unreadable"));
    tu_run_free(&r);
    assert_int_equal(unlink(a), 0);
    assert_int_equal(rename(moved, a), 0);
    /* more than half the index at once: stops unless --force */
    for (int i = 0; i < 2; i++)
        move_file(a, away, i);
    for (int i = 0; i < 2; i++)
        move_file(b, away, i);
    r = index_run(db, "--prune", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "would remove 4 of the 7 indexed files, more than 50%"));
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 7);
    r = index_run(db, "--prune", "--prune-limit", "60", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "4 removed"));
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 3);
    /* --force forgets an emptied root's files */
    for (int i = 2; i < 4; i++)
        move_file(b, away, i);
    r = index_run(db, "--prune", NULL);
    assert_int_equal(r.status, 2);
    tu_run_free(&r);
    r = index_run(db, "--prune", "--force", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "2 removed"));
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 1);
    /* a root gone with nothing indexed from it left: forgotten quietly */
    char *b_gone = tu_join(top, "b-gone");
    assert_int_equal(rename(b, b_gone), 0);
    r = index_run(db, "--prune", NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    /* a listed file outside every root: the folder rule alone */
    char *loose = tu_join(top, "loose"), *lf = tu_join(loose, "doc0000.txt");
    write_docs(loose, 1);
    char *argv[] = {indexer, "--db", db, "--files-from", "-", NULL};
    strbuf list;
    sb_init(&list);
    sb_addf(&list, "%s\n", lf);
    tu_exec(argv, list.buf, &r);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    sb_free(&list);
    assert_int_equal(count(db, "document", ""), 2);
    assert_int_equal(unlink(lf), 0);
    r = index_run(db, "--prune", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "1 removed"));
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 1);
    free(b_gone);
    free(loose);
    free(lf);
    if (geteuid() != 0) { /* root reads every folder */
        assert_int_equal(chmod(a, 0), 0);
        r = index_run(db, "--prune", NULL);
        assert_int_equal(r.status, 2);
        assert_non_null(strstr(r.err, "is missing or unreadable"));
        tu_run_free(&r);
        assert_int_equal(chmod(a, 0755), 0);
        assert_int_equal(count(db, "document", ""), 1);
    }
    free(f);
    free(f0);
    free(moved);
    free(top);
    free(a);
    free(b);
    free(away);
    free(sub);
    free(db);
}

/* Leftovers of rebuilds beside db. */
static int rebuild_leftovers(const char *parent)
{
    char *argv[] = {"sh", "-c", "ls -a \"$0\" | grep -c '\\.rebuild-' || true", (char *)parent,
                    NULL};
    tu_run r;
    tu_exec(argv, NULL, &r);
    int n = atoi(r.out);
    tu_run_free(&r);
    return n;
}

static void test_rebuild_killed_at_each_commit(void **state)
{
    (void)state;
    char *top = tu_join(tmpdir, "rebuild"), *old = tu_join(top, "old"),
         *fresh = tu_join(top, "fresh"), *db = tu_join(top, "db");
    mkdir(top, 0777);
    write_docs(old, 6);
    mkdir(fresh, 0777);
    for (int i = 0; i < 9; i++)
        write_doc(fresh, 100 + i, " Quokkaboard minutes.");
    tu_run r = index_run(db, "--quiet", old, NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 6);
    /* a commit every 2 files: 5 commits, the close, the swap */
    setenv("SCRUTINY_COMMIT_EVERY", "2", 1);
    int points = 0, saw_old = 0, saw_new = 0;
    for (int n = 1; n < 40; n++) {
        char at[16];
        snprintf(at, sizeof at, "%d", n);
        setenv("SCRUTINY_DEBUG_EXIT_AT", at, 1);
        r = index_run(db, "--quiet", "--rebuild", fresh, NULL);
        int st = r.status;
        tu_run_free(&r);
        /* after every abrupt exit: the old database or the new, whole */
        assert_int_equal(check_db(db), 0);
        long docs = count(db, "document", "");
        if (docs != 6 && docs != 9)
            fprintf(stderr, "exit at %d: %ld documents\n", n, docs);
        assert_true(docs == 6 || docs == 9);
        assert_int_equal(count(db, "document", "quokkaboard"), docs == 9 ? 9 : 0);
        saw_old += docs == 6;
        saw_new += docs == 9;
        if (st == 0)
            break;
        assert_int_equal(st, 99);
        points++;
        if (docs == 9) { /* swapped in: start again from the old one */
            r = index_run(db, "--quiet", "--rebuild", old, NULL);
            unsetenv("SCRUTINY_DEBUG_EXIT_AT");
            tu_run_free(&r);
            r = index_run(db, "--quiet", "--rebuild", old, NULL);
            assert_int_equal(r.status, 0);
            tu_run_free(&r);
            assert_int_equal(count(db, "document", ""), 6);
        }
    }
    unsetenv("SCRUTINY_DEBUG_EXIT_AT");
    unsetenv("SCRUTINY_COMMIT_EVERY");
    assert_true(points >= 6);
    assert_true(saw_old >= 5 && saw_new >= 1);
    assert_int_equal(count(db, "document", ""), 9);
    assert_int_equal(rebuild_leftovers(top), 0); /* the last run cleared them */
    /* stopped by a signal: the old database stays, the new one is thrown away */
    setenv("SCRUTINY_DEBUG_SLOW_MS", "200", 1);
    char *argv[] = {indexer, "--quiet", "--rebuild", "--db", db, old, NULL};
    char *err = tu_join(top, "rebuild-err");
    pid_t pid = tu_spawn(argv, err);
    tu_sleep_ms(500);
    kill(pid, SIGTERM);
    assert_int_equal(tu_wait_exit(pid, 0), 128 + SIGTERM);
    unsetenv("SCRUTINY_DEBUG_SLOW_MS");
    /* said once, and not that anything was committed */
    size_t len;
    char *msg = read_file(err, 1 << 20, &len);
    assert_non_null(strstr(msg, "the rebuild did not finish"));
    assert_non_null(strstr(msg, "stopped by SIGTERM"));
    assert_null(strstr(msg, "committed"));
    free(msg);
    free(err);
    assert_int_equal(count(db, "document", "quokkaboard"), 9);
    assert_int_equal(rebuild_leftovers(top), 0);
    free(top);
    free(old);
    free(fresh);
    free(db);
}

/* The documents scrutiny-query lists in db, one path a line. */
static char *listed_paths(const char *db)
{
    char *argv[] = {queryer, "--db", (char *)db, "--format", "paths", "--level", "document",
                    "--limit", "100", "", NULL};
    tu_run r;
    tu_exec(argv, NULL, &r);
    char *out = r.out;
    r.out = NULL;
    tu_run_free(&r);
    return out;
}

/* Whether paths lists exactly the files doc0000..doc(n-1) of dir. */
static int lists_first(const char *paths, const char *dir, int n)
{
    int lines = 0;
    for (const char *p = paths; *p; p++)
        lines += *p == '\n';
    for (int i = 0; i < n && lines == n; i++) {
        char name[64];
        snprintf(name, sizeof name, "doc%04d.txt\n", i);
        char *line = tu_join(dir, name);
        if (!strstr(paths, line))
            lines = -1;
        free(line);
    }
    return lines == n;
}

/* Plain and incremental runs killed at each commit (notmuch's T380): the
 * indexer exits abruptly (SCRUTINY_DEBUG_EXIT_AT, no sleeps) after its Nth
 * commit, for every N in turn.  Files go in path order, a commit every 2,
 * so after the Nth the database holds exactly the first min(2N, 9) files'
 * documents, whole, with their state recorded; a re-run completes the rest. */
static void killed_at_each_commit(int incremental)
{
    char *top = tu_join(tmpdir, incremental ? "kill-inc" : "kill-plain"),
         *dir = tu_join(top, "docs"), *db = tu_join(top, "db");
    const int files = 9, old_files = incremental ? 6 : 0;
    mkdir(top, 0777);
    setenv("SCRUTINY_COMMIT_EVERY", "2", 1);
    long per_doc = 0;
    int points = 0;
    for (int n = 1; n < 40; n++) {
        tu_rmtree(db);
        tu_rmtree(dir);
        write_docs(dir, old_files);
        if (incremental) {
            tu_run r = index_run(db, "--quiet", dir, NULL);
            assert_int_equal(r.status, 0);
            tu_run_free(&r);
        }
        /* the run to kill: every old file changed (a longer text), new ones */
        for (int i = 0; i < files; i++)
            write_doc(dir, i, " Quokkaboard minutes.");
        char at[16];
        snprintf(at, sizeof at, "%d", n);
        setenv("SCRUTINY_DEBUG_EXIT_AT", at, 1);
        tu_run r = index_run(db, "--quiet", dir, NULL);
        unsetenv("SCRUTINY_DEBUG_EXIT_AT");
        int st = r.status;
        tu_run_free(&r);
        int done = 2 * n < files ? 2 * n : files;
        assert_int_equal(check_db(db), 0);
        char *paths = listed_paths(db);
        int shown = done > old_files ? done : old_files;
        if (!lists_first(paths, dir, shown))
            fprintf(stderr, "exit at commit %d: want doc0000..%d, got:\n%s", n, shown - 1, paths);
        assert_true(lists_first(paths, dir, shown));
        free(paths);
        /* the committed files are the changed ones; no document is half there */
        assert_int_equal(count(db, "document", "quokkaboard"), done);
        if (!per_doc)
            per_doc = count(db, "passage", "") / shown;
        assert_true(per_doc > 0);
        assert_int_equal(count(db, "passage", ""), per_doc * shown);
        /* the files committed are recorded as indexed; a re-run does the rest */
        r = index_run(db, dir, NULL);
        assert_int_equal(r.status, 0);
        char want[128];
        int new_left = files - shown, changed_left = old_files - (done < old_files ? done : old_files);
        snprintf(want, sizeof want, ": %d new, %d changed, %d unchanged, 0 removed, 0 failed",
                 new_left, changed_left, done);
        if (!strstr(r.err, want))
            fprintf(stderr, "re-run after commit %d: want \"%s\", got %s", n, want, r.err);
        assert_non_null(strstr(r.err, want));
        tu_run_free(&r);
        assert_int_equal(count(db, "document", "quokkaboard"), files);
        if (st == 0)
            break;
        assert_int_equal(st, 99);
        points++;
    }
    unsetenv("SCRUTINY_COMMIT_EVERY");
    assert_true(points >= 5); /* 4 batches and the close */
    free(top);
    free(dir);
    free(db);
}

static void test_index_killed_at_each_commit(void **state)
{
    (void)state;
    killed_at_each_commit(0);
}

static void test_incremental_killed_at_each_commit(void **state)
{
    (void)state;
    killed_at_each_commit(1);
}


/* --rebuild with no paths rebuilds from what the old database holds (a
 * database of an older schema too), and refuses when some of it is gone. */
static void test_rebuild_from_what_it_holds(void **state)
{
    (void)state;
    char *top = tu_join(tmpdir, "rb-self"), *tree = tu_join(top, "tree"),
         *loose = tu_join(top, "loose"), *lf = tu_join(loose, "doc0000.txt"),
         *db = tu_join(top, "db"), *moved = tu_join(top, "tree-moved");
    mkdir(top, 0777);
    write_docs(tree, 3);
    write_docs(loose, 1);
    tu_run r = index_run(db, "--quiet", tree, NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    char *argv[] = {indexer, "--quiet", "--db", db, "--files-from", "-", NULL};
    strbuf list;
    sb_init(&list);
    sb_addf(&list, "%s\n", lf);
    tu_exec(argv, list.buf, &r);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    sb_free(&list);
    /* made by an older scrutiny: only a rebuild opens it */
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(db, XC_WDB_OPEN, &w, NULL), XC_OK);
    assert_int_equal(xc_wdb_set_metadata(w, "scrutiny.schema", "4", NULL), XC_OK);
    assert_int_equal(xc_wdb_close(w, NULL), XC_OK);
    write_doc(tree, 9, NULL); /* new since: found by the root's walk */
    r = index_run(db, "--rebuild", NULL);
    if (r.status != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "5 new"));
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 5);
    /* a file deleted from the folder is just gone: the rebuild walks the
     * folder again (it refused, the file counted as a source lost) */
    char *deleted = tu_join(tree, "doc0009.txt");
    assert_int_equal(unlink(deleted), 0);
    free(deleted);
    r = index_run(db, "--rebuild", NULL);
    if (r.status != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 4);
    write_doc(tree, 9, NULL);
    r = index_run(db, "--quiet", tree, NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 5);
    /* the folder is gone (not mounted): the old database is kept */
    assert_int_equal(rename(tree, moved), 0);
    r = index_run(db, "--rebuild", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "the old database is kept"));
    /* its one line: no "did not finish", no summary of the rebuild thrown
     * away ("0 documents" of a database that holds 5) */
    assert_ptr_equal(strchr(r.err, '\n'), r.err + strlen(r.err) - 1);
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 5);
    r = index_run(db, "--quiet", "--rebuild", "--force", NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    assert_int_equal(count(db, "document", ""), 1);
    free(top);
    free(tree);
    free(loose);
    free(lf);
    free(db);
    free(moved);
}

/* A file whose name ends in @N is shown by its id, which the outputs
 * and the server's page give; ID@N is passage N of ID where ID@N is no
 * document's id ("memo@1" showed passage 1 of "memo"; memo@0 still is
 * passage 0 of memo). */
static void test_show_id_ending_in_at_number(void **state)
{
    (void)state;
    char *dir = tu_join(tmpdir, "at"), *db = tu_join(tmpdir, "at-db");
    mkdir(dir, 0777);
    char *at = tu_join(dir, "memo@1"), *plain = tu_join(dir, "memo");
    const char *a = "Quokkaville memo.\n\nThe first memo names its own recommendations.\n",
               *b = "Wallabyton memo.\n\nThe second memo is another document.\n";
    tu_write(at, a, strlen(a));
    tu_write(plain, b, strlen(b));
    tu_run r = index_run(db, at, plain, NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    r = show_ok(db, at);
    assert_non_null(strstr(r.out, "Quokkaville"));
    assert_null(strstr(r.out, "Wallabyton"));
    tu_run_free(&r);
    strbuf ref;
    sb_init(&ref);
    sb_addf(&ref, "%s@0", plain);
    char *passage = sb_steal(&ref);
    r = show_ok(db, passage);
    assert_non_null(strstr(r.out, "second memo"));
    tu_run_free(&r);
    free(passage);
    free(at);
    free(plain);
    free(dir);
    free(db);
}

static void test_links_out_of_the_tree(void **state)
{
    (void)state;
    char *top = tu_join(tmpdir, "links"), *tree = tu_join(top, "tree"),
         *outside = tu_join(top, "outside"), *db = tu_join(top, "db");
    mkdir(top, 0777);
    write_docs(tree, 2);
    mkdir(outside, 0777);
    char *secret = tu_join(outside, "secret.txt"), *in_link = tu_join(tree, "inside.txt"),
         *out_link = tu_join(tree, "shadow.txt"), *proc_link = tu_join(tree, "maps.txt"),
         *target = tu_join(tree, "doc0001.txt");
    const char *text = "Zanzibarite minutes of a private meeting.\n";
    tu_write(secret, text, strlen(text));
    assert_int_equal(symlink(secret, out_link), 0);
    assert_int_equal(symlink(target, in_link), 0);
    assert_int_equal(symlink("/proc/self/maps", proc_link), 0);
    char *dev_link = tu_join(tree, "zero.txt");
    assert_int_equal(symlink("/dev/zero", dev_link), 0);
    tu_run r = index_run(db, tree, NULL);
    assert_int_equal(r.status, 3);
    /* a link to a device met in a folder: said and counted (it was
     * dropped silently, neither failed nor skipped) */
    assert_non_null(strstr(r.err, "zero.txt: a device, not a document: not read"));
    assert_non_null(strstr(r.err, "2 new, 0 changed, 0 unchanged, 0 removed, 3 failed"));
    free(dev_link);
    assert_non_null(strstr(r.err, "shadow.txt: a symbolic link to"));
    assert_non_null(strstr(r.err, "outside the folders indexed: not followed"));
    assert_non_null(strstr(r.err, "maps.txt: a symbolic link to /proc/"));
    /* the link inside is followed: to a file already indexed by its real path */
    assert_null(strstr(r.err, "inside.txt"));
    tu_run_free(&r);
    assert_int_equal(count(db, "document", "zanzibarite"), 0);
    assert_int_equal(count(db, "document", ""), 2);
    /* named on the command line or listed: the same rule */
    r = index_run(db, out_link, NULL);
    assert_int_equal(r.status, 3);
    tu_run_free(&r);
    char *argv[] = {indexer, "--db", db, "--files-from", "-", NULL};
    strbuf list;
    sb_init(&list);
    sb_addf(&list, "%s\n", out_link);
    tu_exec(argv, list.buf, &r);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.err, "not followed"));
    tu_run_free(&r);
    sb_free(&list);
    assert_int_equal(count(db, "document", "zanzibarite"), 0);
    /* --follow-outside follows it; /proc is refused at open time all the same */
    r = index_run(db, "--follow-outside", tree, NULL);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.err, "maps.txt: a file of /proc or /sys"));
    tu_run_free(&r);
    assert_int_equal(count(db, "document", "zanzibarite"), 1);
    free(top);
    free(tree);
    free(outside);
    free(db);
    free(secret);
    free(in_link);
    free(out_link);
    free(proc_link);
    free(target);
}

static void test_fifo_swapped_in_and_wait_limit(void **state)
{
    (void)state;
    char *dir = tu_join(tmpdir, "swap"), *db = tu_join(tmpdir, "swap-db");
    write_docs(dir, 2);
    /* the file is there when the run looks, a FIFO when it opens it (named,
     * so that a loaded machine that looks late sees a named FIFO, refused
     * at open time all the same) */
    setenv("SCRUTINY_DEBUG_SLOW_MS", "700", 1);
    char *f = tu_join(dir, "doc0001.txt");
    char *argv[] = {indexer, "--jobs", "1", "--db", db, f, NULL};
    char *err = tu_join(tmpdir, "swap-err");
    pid_t pid = tu_spawn(argv, err);
    tu_sleep_ms(300);
    char *fifo = tu_join(dir, ".fifo");
    assert_int_equal(mkfifo(fifo, 0644), 0);
    assert_int_equal(rename(fifo, f), 0); /* at once: never missing */
    free(fifo);
    int st = tu_wait_exit(pid, 10000); /* hung in open(): fails, no hang */
    unsetenv("SCRUTINY_DEBUG_SLOW_MS");
    assert_int_equal(st, 3);
    size_t len;
    char *msg = read_file(err, 1 << 20, &len);
    assert_non_null(strstr(msg, "doc0001.txt: not a regular file"));
    free(msg);
    /* --wait=SECONDS gives up on a lock held too long */
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(db, XC_WDB_OPEN, &w, NULL), XC_OK);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    tu_run r = index_run(db, "--wait=0.5", dir, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "locked by another indexer (waited 0.5 s)"));
    tu_run_free(&r);
    double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    assert_true(took >= 0.5 && took < 5);
    assert_int_equal(xc_wdb_close(w, NULL), XC_OK);
    r = index_run(db, "--wait=5", "--quiet", dir, NULL);
    assert_int_equal(r.status, 3); /* a walk names the FIFO, and does not open it */
    assert_non_null(strstr(r.err, "doc0001.txt: a FIFO, not a document: not read"));
    tu_run_free(&r);
    free(f);
    free(err);
    free(dir);
    free(db);
}

static void test_sigterm_inside_one_file(void **state)
{
    (void)state;
    char *dir = tu_join(tmpdir, "slow"), *db = tu_join(tmpdir, "slow-db");
    write_docs(dir, 3);
    /* each file takes 30 s: SIGTERM must not wait for it */
    setenv("SCRUTINY_DEBUG_SLOW_MS", "30000", 1);
    char *argv[] = {indexer, "--jobs", "1", "--db", db, dir, NULL};
    char *err = tu_join(tmpdir, "slow-err");
    pid_t pid = tu_spawn(argv, err);
    unsetenv("SCRUTINY_DEBUG_SLOW_MS");
    tu_wait_for_path(db, 10000);
    tu_sleep_ms(300);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    kill(pid, SIGTERM);
    int st = tu_wait_exit(pid, 2000);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    assert_true(took < 1.0);
    assert_int_equal(st, 128 + SIGTERM);
    size_t len;
    char *msg = read_file(err, 1 << 20, &len);
    assert_non_null(strstr(msg, "stopped by SIGTERM"));
    free(msg);
    assert_int_equal(check_db(db), 0);
    assert_int_equal(count(db, "document", ""), 0);
    free(err);
    free(dir);
    free(db);
}


/* ---- issue 15: bounded work per file ---- */

/* CPU seconds reader_parse() takes on a text of n form feeds (pages) with
 * a running header, the best of three. */
static double parse_seconds(size_t n)
{
    strbuf text;
    sb_init(&text);
    for (size_t i = 0; i < n; i++)
        sb_addf(&text, "Council scrutiny\nThe panel met.\n%s%zu\n\f", i % 7 ? "" : "Early help line.\n", i);
    double best = 1e9;
    for (int k = 0; k < 5; k++) { /* the best of five: a busy machine only slows */
        reader_text t;
        scr_error err;
        clock_t c0 = clock();
        assert_int_equal(reader_parse("pages.txt", text.buf, text.len, &t, &err), SCR_OK);
        double took = (double)(clock() - c0) / CLOCKS_PER_SEC;
        assert_non_null(strstr(t.text, "Early help line."));
        assert_null(strstr(t.text, "Council scrutiny")); /* the running header went */
        reader_text_free(&t);
        best = took < best ? took : best;
    }
    sb_free(&text);
    return best;
}

#ifndef __SANITIZE_ADDRESS__ /* what measures memory is left out there */
/* Peak resident memory (KB) of argv run to its end (output dropped), and
 * its exit status. */
static long peak_kb(char *const argv[], int *status)
{
    pid_t pid = tu_spawn(argv, NULL);
    int st = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    wait4(pid, &st, 0, &ru);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return ru.ru_maxrss;
}

/* A .docx whose document.xml is n paragraphs of three runs each. */
static void write_docx(const char *path, size_t n)
{
    strbuf xml;
    sb_init(&xml);
    sb_adds(&xml, "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats"
                  ".org/wordprocessingml/2006/main\"><w:body>");
    for (size_t i = 0; i < n; i++)
        sb_addf(&xml, "<w:p><w:r><w:t>Visit %zu </w:t></w:r><w:r><w:t>found the service "
                      "</w:t></w:r><w:r><w:t>improving for children.</w:t></w:r></w:p>", i);
    sb_adds(&xml, "</w:body></w:document>");
    int e = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
    assert_non_null(z);
    zip_source_t *src = zip_source_buffer(z, xml.buf, xml.len, 0);
    assert_true(zip_file_add(z, "word/document.xml", src, ZIP_FL_OVERWRITE) >= 0);
    assert_int_equal(zip_close(z), 0);
    sb_free(&xml);
}
#endif

/* A PDF of n empty pages sharing one empty content stream. */
static void write_empty_pdf(const char *path, int n)
{
    strbuf pdf;
    sb_init(&pdf);
    size_t *at = xmalloc(sizeof *at * (size_t)(n + 4));
    sb_adds(&pdf, "%PDF-1.4\n");
    at[1] = pdf.len;
    sb_adds(&pdf, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    at[2] = pdf.len;
    sb_addf(&pdf, "2 0 obj << /Type /Pages /Count %d /Kids [", n);
    for (int i = 0; i < n; i++)
        sb_addf(&pdf, "%d 0 R ", 4 + i);
    sb_adds(&pdf, "] >> endobj\n");
    at[3] = pdf.len;
    sb_adds(&pdf, "3 0 obj << /Length 0 >> stream\n\nendstream endobj\n");
    for (int i = 0; i < n; i++) {
        at[4 + i] = pdf.len;
        sb_addf(&pdf, "%d 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                      "/Contents 3 0 R >> endobj\n", 4 + i);
    }
    size_t xref = pdf.len;
    sb_addf(&pdf, "xref\n0 %d\n0000000000 65535 f \n", n + 4);
    for (int i = 1; i < n + 4; i++)
        sb_addf(&pdf, "%010zu 00000 n \n", at[i]);
    sb_addf(&pdf, "trailer << /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", n + 4, xref);
    tu_write(path, pdf.buf, pdf.len);
    sb_free(&pdf);
    free(at);
}

/* A file over its format's limit is refused before it costs memory, with
 * one line naming the limit; one under it costs a small multiple of its
 * text (the 200 MB text file of the issue took 1.5 GB, a 225 KB .docx
 * 931 MB, a PDF of a million empty pages 1.25 GB). */
static void test_memory_per_file(void **state)
{
    (void)state;
    char *dir = tu_join(tmpdir, "mem"), *db = tu_join(tmpdir, "mem-db");
    char *txt = tu_join(dir, "huge.txt"), *pdf = tu_join(dir, "pages.pdf");
    mkdir(dir, 0777);
    /* text: refused by its size, unread (the file is sparse) */
    int fd = open(txt, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)EXTRACT_MAX_BYTES + 1), 0);
    close(fd);
    /* a PDF of one page more than a document may have */
    write_empty_pdf(pdf, EXTRACT_MAX_PAGES + 1);
    tu_run r = index_run(db, "--quiet", dir, NULL);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.err, "huge.txt: 16.8 MB: larger than the 16 MiB a txt file may be"));
    assert_non_null(strstr(r.err, "pages.pdf: a PDF of 10001 pages: more than the 10000"));
    tu_run_free(&r);
    unlink(txt);
    unlink(pdf);
#ifndef __SANITIZE_ADDRESS__
    /* a .docx of 12 MB of XML and 4 MB of text: read a paragraph at a
     * time (not under AddressSanitizer: its shadow memory is not the
     * program's, so the peak it reads measures nothing) */
    char *docx = tu_join(dir, "long.docx");
    write_docx(docx, 110000);
    char *argv[] = {indexer, "--explain", docx, NULL};
    int status;
    long kb = peak_kb(argv, &status);
    assert_int_equal(status, 0);
    if (kb >= 100000)
        fprintf(stderr, "--explain of a 12 MB document.xml: %ld KB resident\n", kb);
    assert_true(kb < 100000); /* the whole tree: 188 MB */
    free(docx);
#endif
    free(txt);
    free(pdf);
    free(dir);
    free(db);
}

/* A file whose name is not UTF-8: a warning, the name shown repaired in
 * JSON, and its own bytes from --format paths -0, which open it. */
static void test_name_not_utf8(void **state)
{
    (void)state;
    char *dir = tu_join(tmpdir, "names"), *db = tu_join(tmpdir, "names-db");
    char *file = tu_join(dir, "caf\xe9 50%.txt");
    mkdir(dir, 0777);
    const char *text = "Speech and language therapy waits were long.\n";
    tu_write(file, text, strlen(text));
    tu_run r = index_run(db, dir, NULL);
    assert_int_equal(r.status, 0); /* indexed, with a warning */
    assert_non_null(strstr(r.err, "the file name is not valid UTF-8"));
    tu_run_free(&r);
    char *paths[] = {queryer, "--db", db, "--format", "paths", "-0", "therapy", NULL};
    tu_exec(paths, NULL, &r);
    assert_int_equal(r.status, 0);
    assert_int_equal(strlen(r.out) + 1, r.out_len); /* one path, ended by NUL */
    assert_string_equal(r.out, file);
    size_t len;
    char *back = read_file(r.out, 1 << 20, &len);
    assert_non_null(back);
    assert_string_equal(back, text);
    free(back);
    tu_run_free(&r);
    char *json[] = {queryer, "--db", db, "--format", "json", "therapy", NULL};
    tu_exec(json, NULL, &r);
    assert_non_null(strstr(r.out, "caf\xef\xbf\xbd 50%.txt")); /* U+FFFD */
    tu_run_free(&r);
    free(file);
    free(dir);
    free(db);
}

static void test_page_cleanup_is_linear(void **state)
{
    (void)state;
    /* four times the pages: about four times the time (it was sixteen);
     * up to EXTRACT_MAX_PAGES, the most a document may have.  The bound
     * sits between the two, nearer quadratic: the larger text leaves the
     * caches (8.6 was seen once on a clean CI run of linear code) */
    size_t most = EXTRACT_MAX_PAGES - 1; /* form feeds: one page more */
    double small = parse_seconds(most / 4), large = parse_seconds(most);
    double ratio = large / (small > 1e-3 ? small : 1e-3);
    if (ratio >= 10)
        fprintf(stderr, "%zu pages %.3f s, %zu pages %.3f s: ratio %.1f\n", most / 4, small,
                most, large, ratio);
    assert_true(ratio < 10);
    /* a million bare form feeds, the file of issue 15, through the indexer */
    char *dir = tu_join(tmpdir, "feeds"), *db = tu_join(tmpdir, "feeds-db"),
         *f = tu_join(dir, "feeds.txt");
    mkdir(dir, 0777);
    size_t n = 1000000;
    char *ff = xmalloc(n + 64);
    memset(ff, '\f', n);
    strcpy(ff + n, "Speech and language therapy at the end.\n");
    tu_write(f, ff, strlen(ff));
    free(ff);
    tu_run r = index_run(db, "--quiet", dir, NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    assert_int_equal(count(db, "document", "therapy"), 1);
    free(f);
    free(dir);
    free(db);
}


static void test_deep_html_keeps_its_text(void **state)
{
    (void)state;
    char *dir = tu_join(tmpdir, "deep-html"), *db = tu_join(tmpdir, "deep-html-db");
    mkdir(dir, 0777);
    /* deeper than libxml2's 256 without XML_PARSE_HUGE, and far deeper
     * than a recursive walk should go */
    static const struct { const char *name, *tag; int depth; } pages[] = {
        {"d300.html", "div", 300}, {"d5000.html", "div", 5000}, {"s200k.html", "span", 200000}};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        strbuf h;
        sb_init(&h);
        sb_adds(&h, "<html><body>");
        for (int k = 0; k < pages[i].depth; k++)
            sb_addf(&h, "<%s>", pages[i].tag);
        sb_addf(&h, "<p>Nested quillwort text number %zu.</p>", i);
        for (int k = 0; k < pages[i].depth; k++)
            sb_addf(&h, "</%s>", pages[i].tag);
        sb_adds(&h, "</body></html>");
        char *p = tu_join(dir, pages[i].name);
        tu_write(p, h.buf, h.len);
        free(p);
        sb_free(&h);
    }
    tu_run r = index_run(db, dir, NULL);
    if (r.status != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.err, "no text"));
    tu_run_free(&r);
    assert_int_equal(count(db, "document", "quillwort"), 3);
    /* read without a tree, as the parser goes: structure is kept at any
     * depth (a heading 5,000 deep is still a heading) */
    strbuf h;
    sb_init(&h);
    sb_adds(&h, "<html><body>");
    for (int k = 0; k < 5000; k++)
        sb_adds(&h, "<div>");
    sb_adds(&h, "<h2>Quillwort heading</h2><ul><li>first point</li></ul>");
    for (int k = 0; k < 5000; k++)
        sb_adds(&h, "</div>");
    reader_text t;
    scr_error err;
    assert_int_equal(reader_parse("deep.html", h.buf, h.len, &t, &err), SCR_OK);
    assert_non_null(strstr(t.text, "## Quillwort heading"));
    assert_non_null(strstr(t.text, "\xE2\x80\xA2 first point"));
    reader_text_free(&t);
    sb_free(&h);
    free(dir);
    free(db);
}


/* The summary counts what is committed, not what was written before a
 * database error: a file size limit makes Xapian fail mid-run. */
static void test_summary_counts_committed(void **state)
{
    (void)state;
    char *dir = tu_join(tmpdir, "fsize"), *db = tu_join(tmpdir, "fsize-db");
    mkdir(dir, 0777);
    for (int i = 0; i < 60; i++) { /* words enough to grow the tables */
        strbuf t;
        sb_init(&t);
        sb_addf(&t, "Peer review number %d of Wigan services.\n\n", i);
        for (int w = 0; w < 800; w++)
            sb_addf(&t, "word%d ", (i * 7919 + w * 104729) % 100003);
        char name[32];
        snprintf(name, sizeof name, "doc%02d.txt", i);
        char *p = tu_join(dir, name);
        tu_write(p, t.buf, t.len);
        free(p);
        sb_free(&t);
    }
    char *err = tu_join(tmpdir, "fsize-err");
    setenv("SCRUTINY_COMMIT_EVERY", "10", 1);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        dup2(fd, 2);
        struct rlimit rl = {400 << 10, 400 << 10};
        setrlimit(RLIMIT_FSIZE, &rl);
        signal(SIGXFSZ, SIG_IGN);
        char *argv[] = {indexer, "--jobs", "1", "--db", db, dir, NULL};
        execv(argv[0], argv);
        _exit(127);
    }
    int st = tu_wait_exit(pid, 0);
    unsetenv("SCRUTINY_COMMIT_EVERY");
    size_t len;
    char *msg = read_file(err, 1 << 20, &len);
    if (st != 2)
        fprintf(stderr, "%s", msg);
    assert_int_equal(st, 2);
    assert_non_null(strstr(msg, "File too large"));
    const char *sum = strstr(msg, " new, ");
    assert_non_null(sum);
    while (sum > msg && sum[-1] >= '0' && sum[-1] <= '9')
        sum--;
    long said = strtol(sum, NULL, 10), has = count(db, "document", "");
    if (said != has)
        fprintf(stderr, "%s(the database has %ld)\n", msg, has);
    assert_int_equal(said, has);
    assert_true(has < 60);
    free(msg);
    free(err);
    free(dir);
    free(db);
}


/* A --batch line with invalid UTF-8 or a NUL gets an error answer, and
 * the next line runs. */
static void test_batch_bad_lines(void **state)
{
    (void)state;
    char *dir = tu_join(tmpdir, "batch"), *db = tu_join(tmpdir, "batch-db");
    write_docs(dir, 2);
    tu_run r = index_run(db, "--quiet", dir, NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    /* a line of 100,000 bytes is read no further than the limit, and its
     * answer says how long it was */
    char *argv[] = {"sh", "-c", "{ printf 'speech\\nbad\\377line\\nspee\\000ch\\n'; "
                                "head -c 100000 /dev/zero | tr '\\0' x; printf '\\nspeech\\n'; } | "
                                "\"$0\" --db \"$1\" --batch", queryer, db, NULL};
    tu_exec(argv, NULL, &r);
    assert_int_equal(r.status, 2); /* some lines were bad */
    const char *want_err[] = {NULL, "not valid UTF-8", "a NUL byte",
                              "query too long: 100000 bytes, the limit is 8192", NULL};
    size_t n = 0;
    for (char *p = r.out, *nl; (nl = strchr(p, '\n')); p = nl + 1, n++) {
        *nl = '\0';
        json_t *a = json_loads(p, 0, NULL);
        assert_non_null(a); /* every answer is JSON */
        assert_true(n < 5);
        const char *e = json_string_value(json_object_get(a, "error"));
        if (want_err[n]) {
            assert_non_null(e);
            assert_non_null(strstr(e, want_err[n]));
            /* the line shown whole: a NUL as U+FFFD (it was cut there) */
            if (n == 2)
                assert_string_equal(json_string_value(json_object_get(a, "query")),
                                    "spee\xEF\xBF\xBD" "ch");
        } else {
            assert_null(e);
            assert_int_equal(json_integer_value(json_object_get(a, "total")), 2);
        }
        json_decref(a);
    }
    assert_int_equal(n, 5);
    tu_run_free(&r);
    free(dir);
    free(db);
}


/* ./quickstart over a default database of an older schema that holds the
 * user's documents: left untouched, with what to run instead.  The build
 * steps are stubbed (a copy of quickstart beside stub tools and the real
 * programs). */
static void test_quickstart_keeps_an_old_database(void **state)
{
    (void)state;
    char *top = tu_join(tmpdir, "qs"), *docs = tu_join(tmpdir, "qs-docs"),
         *db = tu_join(tmpdir, "qs-db"), *script = tu_src_path("quickstart"),
         *corpus = tu_src_path("corpus"), *qq = tu_join(top, "quickstart"),
         *stubs = tu_join(top, "stubs"), *bdir = tu_join(top, "build");
    mkdir(top, 0777);
    mkdir(stubs, 0777);
    mkdir(bdir, 0777);
    write_docs(docs, 3);
    tu_run r = index_run(db, "--quiet", docs, NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(db, XC_WDB_OPEN, &w, NULL), XC_OK);
    assert_int_equal(xc_wdb_set_metadata(w, "scrutiny.schema", "4", NULL), XC_OK);
    assert_int_equal(xc_wdb_close(w, NULL), XC_OK);
    strbuf cmd;
    sb_init(&cmd);
    sb_addf(&cmd,
            "set -e; cd '%s'; cp '%s' quickstart; ln -s '%s' corpus; "
            "ln -s '%s' build/scrutiny-index; ln -s '%s' build/scrutiny-query; "
            "touch configure.ac Makefile.am; sleep 0.01; touch Makefile.in; "
            "printf '#!/bin/sh\\nexit 0\\n' > configure; chmod +x configure; "
            "for t in make autoreconf; do printf '#!/bin/sh\\nexit 0\\n' > stubs/$t; done; "
            "printf '#!/bin/sh\\nprintf \"install ok installed\"\\n' > stubs/dpkg-query; "
            "chmod +x stubs/*",
            top, script, corpus, indexer, queryer);
    char *setup[] = {"sh", "-c", cmd.buf, NULL};
    tu_exec(setup, NULL, &r);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    long before = count(db, "document", ""); /* refused: the schema is old */
    assert_int_equal(before, -1);
    char *run[] = {"sh", "-c", "PATH=\"$0:$PATH\" SCRUTINY_DB=\"$1\" bash \"$2\"", stubs, db, qq,
                   NULL};
    tu_exec(run, NULL, &r);
    if (r.status != 1)
        fprintf(stderr, "%s%s", r.out, r.err);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "quickstart leaves the database"));
    assert_non_null(strstr(r.err, "scrutiny-index --rebuild --db"));
    assert_null(strstr(r.out, "rebuilding"));
    tu_run_free(&r);
    /* untouched: the user's three documents, still under schema 4 */
    assert_int_equal(xc_wdb_open(db, XC_WDB_OPEN, &w, NULL), XC_OK);
    char *v = NULL;
    unsigned n = 0;
    assert_int_equal(xc_wdb_get_metadata(w, "scrutiny.schema", &v, NULL), XC_OK);
    assert_string_equal(v, "4");
    assert_int_equal(xc_wdb_count_terms(w, "Q", &n, NULL), XC_OK);
    assert_int_equal(n, 3);
    free(v);
    assert_int_equal(xc_wdb_close(w, NULL), XC_OK);
    sb_free(&cmd);
    free(top);
    free(docs);
    free(db);
    free(script);
    free(corpus);
    free(qq);
    free(stubs);
    free(bdir);
}


/* A file still being read after --file-timeout seconds gets a warning
 * naming it and the limit; the others are indexed all the same. */
static void test_file_timeout(void **state)
{
    (void)state;
    char *dir = tu_join(tmpdir, "budget"), *db = tu_join(tmpdir, "budget-db"),
         *slow = tu_join(dir, "slow.txt");
    write_docs(dir, 4);
    tu_write(slow, "A slow file.\n", 13);
    /* the slow file sleeps 8 s against a 2 s limit: the other four files
     * stay well under it even on a loaded machine under a sanitizer */
    setenv("SCRUTINY_DEBUG_SLOW_MS", "8000:slow.txt", 1);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    tu_run r = index_run(db, "--jobs", "1", "--file-timeout", "2", dir, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    unsetenv("SCRUTINY_DEBUG_SLOW_MS");
    double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (r.status != 3)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.err, "slow.txt: still being read after 2 s: not indexed"));
    assert_non_null(strstr(r.err, "4 new, 0 changed, 0 unchanged, 0 removed, 1 failed"));
    tu_run_free(&r);
    assert_true(took < 7); /* not the slow file's 8 s */
    assert_int_equal(count(db, "document", ""), 4);
    r = index_run(db, "--file-timeout", "soon", dir, NULL);
    assert_int_equal(r.status, 2);
    tu_run_free(&r);
    free(slow);
    free(dir);
    free(db);
}

static void test_progress_on_a_terminal(void **state)
{
    (void)state;
    TU_NEED("script");
    char *dir = tu_join(tmpdir, "tty"), *db = tu_join(tmpdir, "tty-db");
    write_docs(dir, 30);
    /* script(1) gives the indexer a terminal */
    strbuf cmd;
    sb_init(&cmd);
    sb_addf(&cmd, "%s --db %s %s", indexer, db, dir);
    char *argv[] = {"script", "-qec", cmd.buf, "/dev/null", NULL};
    tu_run r;
    tu_exec(argv, NULL, &r);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "30/30 files"));
    assert_non_null(strstr(r.out, "MB/s"));
    tu_run_free(&r);
    /* not on a terminal, or with --quiet: no progress */
    r = index_run(db, dir, NULL);
    assert_null(strstr(r.err, "files,"));
    tu_run_free(&r);
    sb_free(&cmd);
    free(dir);
    free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_incremental),
        cmocka_unit_test(test_show_id_ending_in_at_number),
        cmocka_unit_test(test_wait_for_lock),
        cmocka_unit_test(test_kill_at_many_points),
        cmocka_unit_test(test_query_on_a_database_being_made),
        cmocka_unit_test(test_sigterm_and_queries_while_writing),
        cmocka_unit_test(test_readers_during_directory_swaps),
        cmocka_unit_test(test_hostile_files),
        cmocka_unit_test(test_progress_on_a_terminal),
        cmocka_unit_test(test_prune_never_empties),
        cmocka_unit_test(test_rebuild_killed_at_each_commit),
        cmocka_unit_test(test_index_killed_at_each_commit),
        cmocka_unit_test(test_incremental_killed_at_each_commit),
        cmocka_unit_test(test_rebuild_from_what_it_holds),
        cmocka_unit_test(test_links_out_of_the_tree),
        cmocka_unit_test(test_fifo_swapped_in_and_wait_limit),
        cmocka_unit_test(test_sigterm_inside_one_file),
        cmocka_unit_test(test_file_timeout),
        cmocka_unit_test(test_memory_per_file),
        cmocka_unit_test(test_name_not_utf8),
        cmocka_unit_test(test_page_cleanup_is_linear),
        cmocka_unit_test(test_deep_html_keeps_its_text),
        cmocka_unit_test(test_summary_counts_committed),
        cmocka_unit_test(test_batch_bad_lines),
        cmocka_unit_test(test_quickstart_keeps_an_old_database),
    };
    /* SCRUTINY_TEST_FILTER=test_prune* runs only the tests it matches */
    if (getenv("SCRUTINY_TEST_FILTER"))
        cmocka_set_test_filter(getenv("SCRUTINY_TEST_FILTER"));
    return cmocka_run_group_tests_name("robust", tests, group_setup, group_teardown);
}
