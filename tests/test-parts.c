/* A new database written in parts on several threads (lib/index/parts.c)
 * is the database one writer makes: the same documents in the same order,
 * the same answers, every file recorded; a rebuild and a stop by signal
 * too; nothing left beside it.  Real programs, with SCRUTINY_PART_FILES
 * making parts of a few files. */
#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "parts.h"
#include "testutil.h"
#include "util.h"

static char *tmpdir, *indexer, *queryer;

/* Report n of a made-up council, each different in its words. */
static void write_corpus(const char *dir, int n)
{
    static const char *topics[] = {"speech and language therapy", "short breaks for disabled "
                                   "children", "care leavers' housing", "early help assessments",
                                   "school exclusions"};
    mkdir(dir, 0777);
    for (int i = 0; i < n; i++) {
        char name[32], text[1024];
        snprintf(name, sizeof name, "report%03d.txt", i);
        snprintf(text, sizeof text,
                 "Scrutiny panel note %d on %s\n\n"
                 "Members heard that waiting lists for %s had grown since spring, and asked "
                 "officers for a plan by item %d.\n\nRecommendations\n\n- Publish monthly "
                 "figures on %s.\n- Report back to the panel in quarter %d.\n",
                 i, topics[i % 5], topics[(i * 3) % 5], i * 7, topics[(i + 2) % 5], i % 4 + 1);
        char *p = tu_join(dir, name);
        tu_write(p, text, strlen(text));
        free(p);
    }
}

/* scrutiny-index with env (NAME=VALUE or NULL) set for it alone. */
static tu_run index_with(const char *env, const char *db, ...)
{
    const char *head[] = {indexer, "--db", db, NULL};
    if (env)
        putenv((char *)env);
    tu_run r;
    va_list ap;
    va_start(ap, db);
    tu_vrun(&r, NULL, head, ap);
    va_end(ap);
    unsetenv("SCRUTINY_PART_FILES");
    return r;
}

/* scrutiny-query's standard output for args, which must succeed. */
static char *query_out(const char *db, const char *a, const char *b, const char *c)
{
    char *argv[] = {queryer, "--db", (char *)db, (char *)a, (char *)b, (char *)c, NULL};
    tu_run r;
    tu_exec(argv, NULL, &r);
    if (r.status > 1)
        fail_msg("scrutiny-query %s %s %s: %s", a, b, c ? c : "", r.err);
    char *out = xstrdup(r.out);
    tu_run_free(&r);
    return out;
}

/* Whether a run's directory stands beside the databases (a part, a
 * merged copy): during a run in parts, never after one. */
static int leftovers(void)
{
    DIR *d = opendir(tmpdir);
    int found = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        found |= strstr(e->d_name, ".rebuild-") != NULL;
    if (d)
        closedir(d);
    return found;
}

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

/* The two databases give the same output to each query. */
static void assert_same_answers(const char *one, const char *parts)
{
    static const char *queries[][3] = {
        {"--format", "paths", ""},             /* every document, in docid order */
        {"--format", "json", "waiting lists"}, /* ranked: scores, passages, docids */
        {"--format", "json", "housng"},        /* the spelling dictionary's suggestion */
        {"--facets", "theme,kind", "plan"},
        {"--level", "passage", "recommendations"},
    };
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        char *a = query_out(one, queries[i][0], queries[i][1], queries[i][2]);
        char *b = query_out(parts, queries[i][0], queries[i][1], queries[i][2]);
        assert_true(strlen(a) > 0);
        if (strcmp(a, b) != 0)
            fail_msg("%s %s %s: one writer said\n%s\nparts said\n%s", queries[i][0],
                     queries[i][1], queries[i][2], a, b);
        free(a);
        free(b);
    }
}

static void test_parts_make_the_same_database(void **state)
{
    (void)state;
    /* 23 files, parts of 3 on two lanes: groups of 6, the last one short
     * (5 files: parts of 3 and 2) */
    char *dir = tu_join(tmpdir, "reports"), *one = tu_join(tmpdir, "one-db"),
         *parts = tu_join(tmpdir, "parts-db");
    write_corpus(dir, 23);
    /* the folder named twice: each file is read and counted once */
    tu_run r = index_with(NULL, one, "--jobs", "1", dir, dir, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "23 new, 0 changed, 0 unchanged, 0 removed, 0 failed"));
    tu_run_free(&r);
    r = index_with("SCRUTINY_PART_FILES=3", parts, "--jobs", "2", dir, dir, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "23 new, 0 changed, 0 unchanged, 0 removed, 0 failed"));
    assert_non_null(strstr(r.err, "23 documents in"));
    tu_run_free(&r);
    assert_false(leftovers());
    assert_same_answers(one, parts);
    /* every file was recorded: a second run reads nothing */
    r = index_with(NULL, parts, "--jobs", "2", dir, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "0 new, 0 changed, 23 unchanged"));
    tu_run_free(&r);
    /* a rebuild in parts replaces it with the same */
    r = index_with("SCRUTINY_PART_FILES=2", parts, "--jobs", "3", "--rebuild", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "23 documents in"));
    tu_run_free(&r);
    assert_false(leftovers());
    assert_same_answers(one, parts);
    free(dir);
    free(one);
    free(parts);
}

static void test_many_parts_stay_few(void **state)
{
    (void)state;
    /* parts of one file would be 150 databases open at once for the merge
     * (Xapian opens six files of each; the writer counts eight): the run
     * makes as many as 450 open files allow */
    char *dir = tu_join(tmpdir, "many"), *one = tu_join(tmpdir, "many-one-db"),
         *parts = tu_join(tmpdir, "many-parts-db");
    write_corpus(dir, 150);
    tu_run r = index_with(NULL, one, "--jobs", "1", dir, NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    strbuf script;
    sb_init(&script);
    sb_addf(&script, "ulimit -n 450 && SCRUTINY_PART_FILES=1 exec '%s' --db '%s' --jobs 2 '%s'",
            indexer, parts, dir);
    char *argv[] = {"sh", "-c", script.buf, NULL};
    tu_exec(argv, NULL, &r);
    if (r.status != 0)
        fail_msg("status %d: %s", r.status, r.err);
    assert_non_null(strstr(r.err, "150 documents in"));
    tu_run_free(&r);
    assert_false(leftovers());
    assert_same_answers(one, parts);
    sb_free(&script);
    free(dir);
    free(one);
    free(parts);
}

/* Under a low open-files limit the run writes fewer parts, or none (one
 * writer, as --jobs 1): the same database either way, never "Too many
 * open files" (48 failed in the merge, 30 in a part's writer). */
static void test_few_open_files_still_index(void **state)
{
    (void)state;
    char *dir = tu_join(tmpdir, "fewfd"), *one = tu_join(tmpdir, "fewfd-one-db");
    write_corpus(dir, 40);
    tu_run r = index_with(NULL, one, "--jobs", "1", dir, NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    const char *limits[] = {"48", "30"};
    for (size_t i = 0; i < sizeof limits / sizeof *limits; i++) {
        char name[32];
        snprintf(name, sizeof name, "fewfd-%s-db", limits[i]);
        char *parts = tu_join(tmpdir, name);
        strbuf script;
        sb_init(&script);
        sb_addf(&script, "ulimit -n %s && SCRUTINY_PART_FILES=1 exec '%s' --db '%s' --jobs 4 '%s'",
                limits[i], indexer, parts, dir);
        char *argv[] = {"sh", "-c", script.buf, NULL};
        tu_exec(argv, NULL, &r);
        if (r.status != 0)
            fail_msg("ulimit -n %s: status %d: %s", limits[i], r.status, r.err);
        assert_non_null(strstr(r.err, "40 documents in"));
        tu_run_free(&r);
        assert_false(leftovers());
        assert_same_answers(one, parts);
        sb_free(&script);
        free(parts);
    }
    free(dir);
    free(one);
}

static void test_stop_merges_what_was_written(void **state)
{
    (void)state;
    char *dir = tu_join(tmpdir, "slow"), *db = tu_join(tmpdir, "slow-db"),
         *err = tu_join(tmpdir, "slow-err");
    write_corpus(dir, 40);
    putenv("SCRUTINY_PART_FILES=4");
    putenv("SCRUTINY_DEBUG_SLOW_MS=40");
    char *argv[] = {indexer, "--jobs", "2", "--db", db, dir, NULL};
    pid_t pid = tu_spawn(argv, err);
    unsetenv("SCRUTINY_PART_FILES");
    unsetenv("SCRUTINY_DEBUG_SLOW_MS");
    tu_wait_for_path(db, 10000);
    /* written in parts: they stand beside the database meanwhile */
    int parts_seen = 0;
    for (int i = 0; i < 500 && !parts_seen; i++, tu_sleep_ms(10))
        parts_seen = leftovers();
    assert_true(parts_seen);
    tu_sleep_ms(300);
    kill(pid, SIGTERM);
    assert_int_equal(tu_wait_exit(pid, 0), 128 + SIGTERM);
    size_t len;
    char *msg = read_file(err, 1 << 20, &len);
    assert_non_null(strstr(msg, "stopped by SIGTERM"));
    free(msg);
    assert_false(leftovers());
    /* what was written is there, each file of it recorded */
    char *n = query_out(db, "--count", "", NULL);
    long kept = strtol(n, NULL, 10);
    free(n);
    assert_true(kept >= 0 && kept < 40);
    tu_run r = index_with(NULL, db, "--jobs", "2", dir, NULL);
    assert_int_equal(r.status, 0);
    char want[96];
    snprintf(want, sizeof want, "%ld new, 0 changed, %ld unchanged", 40 - kept, kept);
    if (!strstr(r.err, want))
        fail_msg("wanted '%s' in: %s", want, r.err);
    tu_run_free(&r);
    free(err);
    free(dir);
    free(db);
}

/* parts_order: a permutation that hands each lane's run in its order. */
static void test_order(void **state)
{
    (void)state;
    for (unsigned lanes = 1; lanes <= 3; lanes++)
        for (unsigned per = 1; per <= 4; per++)
            for (size_t n = 0; n <= 30; n++) {
                size_t *order = xcalloc(n + 1, sizeof *order);
                unsigned char *seen = xcalloc(n + 1, 1);
                parts_order(n, lanes, per, order);
                size_t group = (size_t)lanes * per;
                for (size_t k = 0; k < n; k++) {
                    assert_true(order[k] < n);
                    assert_false(seen[order[k]]);
                    seen[order[k]] = 1;
                    /* within its group, and after the same lane's last */
                    assert_int_equal(order[k] / group, k / group);
                    if (k % group >= lanes)
                        assert_int_equal(order[k], order[k - lanes] + 1);
                }
                free(order);
                free(seen);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_parts_make_the_same_database),
        cmocka_unit_test(test_many_parts_stay_few),
        cmocka_unit_test(test_few_open_files_still_index),
        cmocka_unit_test(test_stop_merges_what_was_written),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
