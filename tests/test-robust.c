/* Indexing that never loses or corrupts: incremental runs, renames and
 * pruning, file lists from stdin, locks, SIGKILL at many points of a run,
 * SIGTERM, queries during indexing, and hostile files.  Real programs. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

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

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
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
    sleep_ms(20);
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

static pid_t spawn(char *const argv[], int quiet)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (quiet) {
            int devnull = open("/dev/null", O_WRONLY);
            dup2(devnull, 1);
            dup2(devnull, 2);
        }
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}

static int wait_status(pid_t pid)
{
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
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
    pid_t pid = spawn(argv, 1);
    sleep_ms(300);
    assert_int_equal(waitpid(pid, NULL, WNOHANG), 0); /* still waiting */
    assert_int_equal(xc_wdb_close(w, NULL), XC_OK);
    assert_int_equal(wait_status(pid), 0);
    assert_int_equal(count(db, "document", ""), 1);
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
        pid_t pid = spawn(argv, 1);
        sleep_ms(delays[k]);
        kill(pid, SIGKILL);
        int st = wait_status(pid);
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

static void test_sigterm_and_queries_while_writing(void **state)
{
    (void)state;
    char *dir = tu_join(tmpdir, "term"), *db = tu_join(tmpdir, "term-db");
    write_docs(dir, 600);
    char *argv[] = {indexer, "--jobs", "2", "--db", db, dir, NULL};
    /* queries while the indexer writes never fail */
    pid_t pid = spawn(argv, 1);
    int queries = 0;
    while (waitpid(pid, NULL, WNOHANG) == 0) {
        struct stat sb;
        if (stat(db, &sb) == 0) {
            assert_true(count(db, "document", "speech language") >= 0);
            queries++;
        }
        sleep_ms(20);
    }
    assert_true(queries >= 1);
    assert_int_equal(count(db, "document", ""), 600);
    tu_rmtree(db);
    /* SIGTERM: stops after committing, says so, exits 128+15 */
    char *err = tu_join(tmpdir, "term-err");
    pid = fork();
    if (pid == 0) {
        int fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        dup2(fd, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    /* the indexer takes signals once its database is open: a loaded
     * machine can take longer than the sleep below to get there */
    struct stat made;
    for (int i = 0; i < 1000 && stat(db, &made) != 0; i++)
        sleep_ms(10);
    sleep_ms(150);
    kill(pid, SIGTERM);
    assert_int_equal(wait_status(pid), 128 + SIGTERM);
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
    tu_run r = index_run(db, dir, fifo, NULL);
    assert_int_equal(r.status, 3); /* some failed, the rest indexed */
    assert_non_null(strstr(r.err, "pipe.txt: not a regular file"));
    free(fifo);
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
    assert_non_null(strstr(r.err, "huge.txt: 524 MB: larger than"));
    assert_non_null(strstr(r.err, "dangling.txt: No such file or directory"));
    assert_non_null(strstr(r.err, "loop1.txt: Too many levels of symbolic links"));
    assert_non_null(strstr(r.err, "too deep"));
    if (!strstr(r.err, "3 new, 0 changed, 0 unchanged, 0 removed, 11 failed"))
        fprintf(stderr, "%s", r.err);
    assert_non_null(strstr(r.err, "3 new, 0 changed, 0 unchanged, 0 removed, 11 failed"));
    tu_run_free(&r);
    /* what was indexed answers, names not in UTF-8 too */
    char *argv[] = {queryer, "--db", db, "--format", "json", "name", NULL};
    tu_exec(argv, NULL, &r);
    assert_int_equal(r.status, 0);
    json_t *o = json_loads(r.out, 0, NULL);
    assert_non_null(o); /* valid JSON */
    const char *file = json_string_value(json_object_get(json_array_get(json_object_get(o, "hits"), 0), "file"));
    assert_non_null(strstr(file, "ok\xEF\xBF\xBD\xEF\xBF\xBDname.txt"));
    json_decref(o);
    tu_run_free(&r);
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

static void test_progress_on_a_terminal(void **state)
{
    (void)state;
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
        cmocka_unit_test(test_wait_for_lock),
        cmocka_unit_test(test_kill_at_many_points),
        cmocka_unit_test(test_sigterm_and_queries_while_writing),
        cmocka_unit_test(test_hostile_files),
        cmocka_unit_test(test_progress_on_a_terminal),
    };
    return cmocka_run_group_tests_name("robust", tests, group_setup, group_teardown);
}
