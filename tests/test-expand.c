/* test-expand: relevance feedback's words computed by the wrapper
 * (xc_enquire_expand reads termlists from the first plain stem on) equal
 * Xapian's own Enquire::get_eset (xc_enquire_expand_by_xapian) term for
 * term, in the same order, with bit-identical weights, over databases
 * the real scrutiny-index wrote: the sample corpus, short documents
 * whose kinded passages give them more terms than words, the same over
 * xapian-tcpsrv, and, when
 * SCRUTINY_EXPAND_DB names one (bench/run's db-10000, say), that too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "testutil.h"
#include "util.h"
#include "xapian-c.h"

static char *tmpdir, *dbpath;

/* Short documents: a few words, mostly in kinded passages, so that the
 * kind-scoped and filter terms outnumber the words (a termlist longer
 * than the document). */
static const char *const shorts[][2] = {
    {"a.md", "# Ashby: visit\n\n## Recommendations\n\nSpeech therapy waits.\n"},
    {"b.md", "# Brill: letter\n\n## Strengths\n\nFoster carers praised.\n\n"
             "## Areas for development\n\nSpeech therapy waits.\n"},
    {"c.md", "# Crane: minutes\n\n## Recommendations\n\nCarers waits therapy.\n"},
    {"d.md", "# Dunmore: report\n\nHealth visiting reaches families early; "
             "speech therapy waits are long and carers say so.\n"},
};

static int index_all(void)
{
    char *docs = tu_join(tmpdir, "shorts");
    if (mkdir(docs, 0777) != 0)
        return -1;
    for (size_t i = 0; i < sizeof shorts / sizeof shorts[0]; i++) {
        char *f = tu_join(docs, shorts[i][0]);
        tu_write(f, shorts[i][1], strlen(shorts[i][1]));
        free(f);
    }
    char *indexer = tu_build_path("scrutiny-index");
    char *corpus = tu_src_path("corpus");
    char *fixtures = tu_src_path("tests/fixtures");
    char *argv[] = {indexer, "--quiet", "--db", dbpath, corpus, fixtures, docs, NULL};
    tu_run r;
    tu_exec(argv, NULL, &r);
    int st = r.status;
    if (st)
        fprintf(stderr, "indexing failed (%d): %s\n", st, r.err);
    tu_run_free(&r);
    free(indexer);
    free(corpus);
    free(fixtures);
    free(docs);
    return st;
}

static int group_setup(void **state)
{
    (void)state;
    tmpdir = tu_mkdtemp();
    dbpath = tu_join(tmpdir, "db");
    return index_all();
}

static int group_teardown(void **state)
{
    (void)state;
    tu_rmtree(tmpdir);
    free(tmpdir);
    free(dbpath);
    return 0;
}

/* An ESet as "term weight" lines, the weight's bits exact (%a). */
static void add_line(void *ctx, const char *term, double weight)
{
    sb_addf(ctx, "%s %a\n", term, weight);
}

static const char *const stop[] = {"the", "and", "of", "to", "a", "in", "is", "are"};

/* Both ways over rset; fails on the first difference.  Returns the
 * number of words. */
static size_t compare(xc_enquire *enq, const unsigned *ids, size_t n, unsigned max)
{
    strbuf ours, xapians;
    sb_init(&ours);
    sb_init(&xapians);
    xc_error err;
    assert_int_equal(xc_enquire_expand(enq, ids, n, max, stop, sizeof stop / sizeof stop[0],
                                       add_line, &ours, &err), XC_OK);
    assert_int_equal(xc_enquire_expand_by_xapian(enq, ids, n, max, stop,
                                                 sizeof stop / sizeof stop[0], add_line,
                                                 &xapians, &err), XC_OK);
    if (strcmp(ours.buf ? ours.buf : "", xapians.buf ? xapians.buf : "") != 0) {
        print_message("rset of %zu from docid %u, max %u:\nours:\n%s\nXapian's:\n%s\n", n,
                      n ? ids[0] : 0, max, ours.buf ? ours.buf : "",
                      xapians.buf ? xapians.buf : "");
        fail();
    }
    size_t lines = 0;
    for (const char *p = ours.buf; p && *p; p++)
        lines += *p == '\n';
    sb_free(&ours);
    sb_free(&xapians);
    return lines;
}

/* `windows` rsets of `size` consecutive docids (spread over the
 * database, wrapping) and `rounds` of
 * pseudo-random ones, each with ESets of 10, 40 and every word, with and
 * without a query whose terms the ESet leaves out.  Returns the words
 * compared. */
static size_t compare_over(xc_rdb *db, unsigned size, unsigned windows, unsigned rounds)
{
    xc_error err;
    unsigned docs = 0;
    assert_int_equal(xc_rdb_doccount(db, &docs, &err), XC_OK);
    assert_true(docs >= size);
    if (windows > docs)
        windows = docs;
    xc_enquire *plain = NULL, *queried = NULL;
    assert_int_equal(xc_enquire_new(db, &plain, &err), XC_OK);
    assert_int_equal(xc_enquire_new(db, &queried, &err), XC_OK);
    const char *const qterms[] = {"Zspeech", "Zcarer", "Zhealth"};
    xc_query *q = NULL;
    assert_int_equal(xc_query_any(qterms, 3, &q, &err), XC_OK);
    assert_int_equal(xc_enquire_set_query(queried, q, &err), XC_OK);
    const unsigned maxes[] = {10, 40, 100000};
    unsigned *ids = malloc(size * sizeof *ids);
    size_t words = 0;
    uint32_t seed = 12345;
    for (unsigned round = 0; round < windows + rounds; round++) {
        for (unsigned i = 0; i < size; i++) {
            if (round < windows) {
                ids[i] = (round * (docs / windows) + i) % docs + 1;
            } else { /* docids repeat at times: an RSet is a set */
                seed = seed * 1103515245u + 12345u;
                ids[i] = (seed >> 8) % docs + 1;
            }
        }
        unsigned n = round < windows ? size : 1 + round % size;
        for (size_t m = 0; m < sizeof maxes / sizeof maxes[0]; m++)
            words += compare(round % 2 ? queried : plain, ids, n, maxes[m]);
    }
    free(ids);
    xc_query_free(q);
    xc_enquire_free(plain);
    xc_enquire_free(queried);
    return words;
}

static void test_same_as_get_eset(void **state)
{
    (void)state;
    xc_error err;
    xc_rdb *db = NULL;
    assert_int_equal(xc_rdb_open(dbpath, &db, &err), XC_OK);
    size_t words = compare_over(db, 10, 1000, 60);
    xc_rdb_close(db);
    print_message("%zu words compared\n", words);
    assert_true(words > 1000); /* the ESets were not all empty */
}

/* A remote database: its termlists carry the terms' frequencies, which
 * the wrapper takes from there (get_eset asks the server for each
 * word's collection frequency instead). */
static void test_remote(void **state)
{
    (void)state;
    TU_NEED("xapian-tcpsrv");
    int port = 0;
    pid_t server = tu_start_tcpsrv(dbpath, &port);
    assert_true(server > 0);
    xc_error err;
    xc_rdb *db = NULL;
    assert_int_equal(xc_rdb_remote(&db, "127.0.0.1", (unsigned)port, &err), XC_OK);
    size_t words = compare_over(db, 10, 1000, 20);
    xc_rdb_close(db);
    kill(-server, SIGTERM);
    waitpid(server, NULL, 0);
    print_message("%zu words compared over xapian-tcpsrv\n", words);
    assert_true(words > 1000);
}

/* One document, none, and a docid the database does not have: the same
 * answers and the same error as Xapian's. */
static void test_edges(void **state)
{
    (void)state;
    xc_error err;
    xc_rdb *db = NULL;
    assert_int_equal(xc_rdb_open(dbpath, &db, &err), XC_OK);
    xc_enquire *enq = NULL;
    assert_int_equal(xc_enquire_new(db, &enq, &err), XC_OK);
    unsigned one = 2;
    assert_true(compare(enq, &one, 1, 10) > 0);
    assert_int_equal(compare(enq, NULL, 0, 10), 0);
    assert_int_equal(compare(enq, &one, 1, 0), 0);
    unsigned missing = 999999;
    strbuf sb;
    sb_init(&sb);
    assert_int_equal(xc_enquire_expand(enq, &missing, 1, 10, stop, 1, add_line, &sb, &err),
                     XC_ERR_DOC_NOT_FOUND);
    assert_int_equal(xc_enquire_expand_by_xapian(enq, &missing, 1, 10, stop, 1, add_line, &sb,
                                                 &err),
                     XC_ERR_DOC_NOT_FOUND);
    assert_null(sb.buf);
    sb_free(&sb);
    xc_enquire_free(enq);
    xc_rdb_close(db);
}

/* A bigger database, when one is named: bench/run's db-10000 takes a
 * minute. */
static void test_named_database(void **state)
{
    (void)state;
    const char *path = getenv("SCRUTINY_EXPAND_DB");
    if (!path || !*path) {
        print_message("skipped: SCRUTINY_EXPAND_DB names no database\n");
        skip();
    }
    xc_error err;
    xc_rdb *db = NULL;
    assert_int_equal(xc_rdb_open(path, &db, &err), XC_OK);
    size_t words = compare_over(db, 10, 50, 50);
    xc_rdb_close(db);
    print_message("%zu words compared over %s\n", words, path);
    assert_true(words > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_get_eset),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_remote),
        cmocka_unit_test(test_named_database),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
