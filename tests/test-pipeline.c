/* The indexing pipeline on several threads: the sample corpus and a few
 * hundred generated files (text and HTML) indexed with --jobs 4 give the
 * database --jobs 1 gives; a worker that cannot start costs nothing; a stop
 * while workers build leaves a database that answers.  The ThreadSanitizer
 * stage of ./quickstart check runs this suite.  Its database of several
 * hundred documents also checks that --count is exact with --like. */
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

#include "testutil.h"
#include "util.h"

/* More than the 200 documents a passage-level search reads in one batch:
 * what stops early stops before the end. */
#define GENERATED 260

static char *tmpdir, *gendir, *corpus, *db4, *indexer, *queryer;

static const char *const authorities[] = {"Wigan", "Leeds", "Kent", "Hull", "Bury",
                                          "Cornwall", "Sheffield", "Derbyshire"};

/* Document n: a review with findings and two recommendations, every
 * seventh one as HTML (libxml2 on the workers too). */
static void write_generated(const char *dir, int n)
{
    const char *la = authorities[n % (sizeof authorities / sizeof authorities[0])];
    char name[64], text[4096];
    int html = n % 7 == 0;
    snprintf(name, sizeof name, "review-%03d.%s", n, html ? "html" : "txt");
    if (html)
        snprintf(text, sizeof text,
                 "<html><head><title>Peer review of %s, number %d</title></head><body>"
                 "<h1>Peer review of %s, number %d</h1>"
                 "<p>The team met leaders and partners in %s. Waiting times for speech and "
                 "language therapy were long in %d of the areas visited.</p>"
                 "<h2>Recommendations</h2><ul>"
                 "<li>Reduce waiting times for speech and language therapy, step %d.</li>"
                 "<li>Publish a joint commissioning plan with health partners.</li>"
                 "</ul></body></html>\n",
                 la, n, la, n, la, n % 5 + 1, n);
    else
        snprintf(text, sizeof text,
                 "Peer review of %s children's services, number %d\n\n"
                 "Summary\n\nThe review team met leaders and partners in %s. Speech and "
                 "language therapy waiting times were discussed with health visitors; %d "
                 "families had waited over a year.\n\n"
                 "Areas for development\n\n"
                 "- Reduce waiting times for speech and language therapy, step %d.\n"
                 "- Improve the timeliness of EHC plans, with a shared tracker.\n",
                 la, n, la, n * 3 + 1, n);
    char *path = tu_join(dir, name);
    tu_write(path, text, strlen(text));
    free(path);
}

static int index_into(const char *db, const char *jobs)
{
    char *argv[] = {indexer, "--quiet", "--db", (char *)db, "--jobs", (char *)jobs, corpus,
                    gendir, NULL};
    tu_run r;
    tu_exec(argv, NULL, &r);
    int st = r.status;
    if (st != 0)
        fprintf(stderr, "scrutiny-index --jobs %s: status %d: %s", jobs, st, r.err);
    tu_run_free(&r);
    return st;
}

static int group_setup(void **state)
{
    (void)state;
    tmpdir = tu_mkdtemp();
    gendir = tu_join(tmpdir, "generated");
    db4 = tu_join(tmpdir, "db4");
    corpus = tu_src_path("corpus");
    indexer = tu_build_path("scrutiny-index");
    queryer = tu_build_path("scrutiny-query");
    unsetenv("SCRUTINY_DB");
    mkdir(gendir, 0777);
    for (int i = 0; i < GENERATED; i++)
        write_generated(gendir, i);
    return index_into(db4, "4");
}

static int group_teardown(void **state)
{
    (void)state;
    tu_rmtree(tmpdir);
    free(tmpdir);
    free(gendir);
    free(db4);
    free(corpus);
    free(indexer);
    free(queryer);
    return 0;
}

/* scrutiny-query --db db ARGS... (NULL-terminated); its stdout, malloc()ed;
 * asserts it answered (0 or 1). */
static char *query_out(const char *db, ...)
{
    const char *head[] = {queryer, "--db", db, NULL};
    tu_run r;
    va_list ap;
    va_start(ap, db);
    tu_vrun(&r, NULL, head, ap);
    va_end(ap);
    if (r.status > 1)
        fprintf(stderr, "scrutiny-query: status %d: %s", r.status, r.err);
    assert_true(r.status <= 1);
    char *out = r.out;
    r.out = NULL;
    tu_run_free(&r);
    return out;
}

static long count_of(const char *db, const char *level, const char *q)
{
    char *out = query_out(db, "--count", "--level", level, "--", q, NULL);
    long n = strtol(out, NULL, 10);
    free(out);
    return n;
}

/* Every document, passage and kind the same, whatever the threads did. */
static void test_four_jobs_as_one(void **state)
{
    (void)state;
    char *db1 = tu_join(tmpdir, "db1");
    assert_int_equal(index_into(db1, "1"), 0);
    long docs = count_of(db4, "document", "");
    assert_true(docs >= GENERATED + 5);
    assert_int_equal(count_of(db1, "document", ""), docs);
    assert_int_equal(count_of(db1, "passage", ""), count_of(db4, "passage", ""));
    const char *lists[] = {"files", "kinds", "authorities", "themes"};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        char *one = query_out(db1, "--format", "tsv", "list", lists[i], NULL);
        char *four = query_out(db4, "--format", "tsv", "list", lists[i], NULL);
        assert_true(strlen(one) > 0);
        assert_string_equal(one, four);
        free(one);
        free(four);
    }
    free(db1);
}

/* The second of three workers cannot start: the other two index it all
 * (the threads joined are the ones started). */
static void test_worker_fails_to_start(void **state)
{
    (void)state;
    char *db = tu_join(tmpdir, "db-fail");
    setenv("SCRUTINY_DEBUG_THREAD_FAIL", "2", 1);
    int st = index_into(db, "3");
    unsetenv("SCRUTINY_DEBUG_THREAD_FAIL");
    assert_int_equal(st, 0);
    assert_int_equal(count_of(db, "document", ""), count_of(db4, "document", ""));
    free(db);
}

/* Documents committed to db so far; 0 while it cannot be read yet (being
 * made). */
static long committed(const char *db)
{
    char *argv[] = {queryer, "--db", (char *)db, "--count", "--level", "document", "--", "",
                    NULL};
    tu_run r;
    tu_exec(argv, NULL, &r);
    long n = r.status <= 1 ? strtol(r.out, NULL, 10) : 0;
    tu_run_free(&r);
    return n;
}

/* SIGTERM while four workers build, after a first commit: the run stops
 * (143, or 0 had it finished), and the database answers with what was
 * committed: at least that first commit. */
static void test_stop_while_workers_build(void **state)
{
    (void)state;
    char *db = tu_join(tmpdir, "db-stop");
    setenv("SCRUTINY_DEBUG_SLOW_MS", "10", 1);
    setenv("SCRUTINY_COMMIT_EVERY", "10", 1);
    char *argv[] = {indexer, "--quiet", "--db", db, "--jobs", "4", gendir, NULL};
    pid_t pid = tu_spawn(argv, NULL);
    unsetenv("SCRUTINY_DEBUG_SLOW_MS");
    unsetenv("SCRUTINY_COMMIT_EVERY");
    /* a committed document is the sign that workers are building: no
     * guess at how long that takes on this machine */
    long seen = 0;
    for (int i = 0; i < 3000 && seen < 1 && waitpid(pid, NULL, WNOHANG) == 0; i++) {
        if (tu_wait_for_path(db, 0))
            seen = committed(db);
        if (seen < 1)
            tu_sleep_ms(10);
    }
    kill(pid, SIGTERM);
    int status = tu_wait_exit(pid, 60000);
    assert_true(status == 143 || status == 0);
    long n = count_of(db, "document", "");
    assert_true(n >= seen && n <= GENERATED);
    free(db);
}

/* --count with --like: the exact number of passages --like finds, as
 * listing them all counts them; not what the first batch showed. */
static void test_count_with_like_is_exact(void **state)
{
    (void)state;
    const char *like = "waiting times for speech and language therapy";
    /* exactness is asked of a whole answer: no time limit cuts it short
     * on a loaded machine or under a sanitizer */
    setenv("SCRUTINY_MAX_SECONDS", "0", 1);
    char *count = query_out(db4, "--like", like, "--level", "passage", "--count", NULL);
    long n = strtol(count, NULL, 10);
    char *all = query_out(db4, "--like", like, "--level", "passage", "--format", "tsv",
                          "--fields", "id", "--limit", "10000", NULL);
    unsetenv("SCRUTINY_MAX_SECONDS");
    long lines = -1; /* the header */
    for (const char *p = all; (p = strchr(p, '\n')); p++)
        lines++;
    if (n != lines)
        fprintf(stderr, "--count says %ld, the list has %ld\n", n, lines);
    assert_true(lines > 200);
    assert_int_equal(n, lines);
    free(count);
    free(all);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_four_jobs_as_one),
        cmocka_unit_test(test_worker_fails_to_start),
        cmocka_unit_test(test_stop_while_workers_build),
        cmocka_unit_test(test_count_with_like_is_exact),
    };
    return cmocka_run_group_tests_name("pipeline", tests, group_setup, group_teardown);
}
