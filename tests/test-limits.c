/* Query limits (issue 15, doc/limits.md "Queries"): each hostile query is
 * refused at once with one line naming its limit and exit status 2 (in
 * --batch, a JSON error answer, and the next line runs), or answered and
 * said to be partial.  Compared by message and status, never by time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "search.h"
#include "search-limits.h"
#include "testutil.h"
#include "util.h"

static char *tmpdir, *dbpath, *queryer;

static int group_setup(void **state)
{
    (void)state;
    tmpdir = tu_mkdtemp();
    dbpath = tu_join(tmpdir, "db");
    queryer = tu_build_path("scrutiny-query");
    unsetenv("SCRUTINY_DB");
    unsetenv("NO_COLOR");
    return tu_index_corpus(dbpath);
}

static int group_teardown(void **state)
{
    (void)state;
    tu_rmtree(tmpdir);
    free(tmpdir);
    free(dbpath);
    free(queryer);
    return 0;
}

/* scrutiny-query --db dbpath ARGS... with stdin from in (may be NULL). */
static void query_in(tu_run *r, const char *in, ...)
{
    const char *head[] = {queryer, "--db", dbpath, NULL};
    va_list ap;
    va_start(ap, in);
    tu_vrun(r, in, head, ap);
    va_end(ap);
}

/* Asserts r failed with status 2 and one line on stderr holding want. */
static void assert_refused(tu_run *r, const char *want)
{
    if (r->status != 2 || !strstr(r->err, want))
        fprintf(stderr, "status %d, stderr: %s (wanted '%s')\n", r->status, r->err, want);
    assert_int_equal(r->status, 2);
    assert_non_null(strstr(r->err, want));
    assert_non_null(strstr(r->err, "scrutiny-query: "));
    const char *nl = strchr(r->err, '\n');
    assert_non_null(nl);
    assert_int_equal(nl[1], '\0'); /* one line */
}

/* A string of n copies of unit (malloc()ed). */
static char *repeat(const char *unit, size_t n)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++)
        sb_adds(&sb, unit);
    return sb_steal(&sb);
}

/* Issue 15's crash: (w AND (w OR (w AND ... send))) n levels deep. */
static char *nested(size_t n)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++)
        sb_addf(&sb, "(speech %s ", i % 2 ? "AND" : "OR");
    sb_adds(&sb, "send");
    for (size_t i = 0; i < n; i++)
        sb_addc(&sb, ')');
    return sb_steal(&sb);
}

static void test_query_length(void **state)
{
    (void)state;
    char *q = repeat("speech ", 1300); /* 9100 bytes, 1300 words */
    tu_run r;
    query_in(&r, NULL, q, NULL);
    assert_refused(&r, "query too long: 9100 bytes, the limit is 8192 (SCRUTINY_MAX_QUERY_BYTES)");
    tu_run_free(&r);
    /* changed by its variable: the next limit (words) answers */
    setenv("SCRUTINY_MAX_QUERY_BYTES", "10000", 1);
    query_in(&r, NULL, q, NULL);
    unsetenv("SCRUTINY_MAX_QUERY_BYTES");
    assert_refused(&r, "query has too many words: 1300, the limit is 256 (SCRUTINY_MAX_WORDS)");
    tu_run_free(&r);
    free(q);
}

static void test_nesting_depth(void **state)
{
    (void)state;
    char *ok = nested(LIMIT_DEPTH), *deep = nested(LIMIT_DEPTH + 1);
    tu_run r;
    query_in(&r, NULL, "-f", "json", ok, NULL);
    if (r.status != 0)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(r.status, 0); /* 32 levels: a query like any other */
    tu_run_free(&r);
    query_in(&r, NULL, deep, NULL);
    assert_refused(&r, "query nested too deep: 33 levels of parentheses, the limit is 32 "
                       "(SCRUTINY_MAX_DEPTH)");
    tu_run_free(&r);
    /* parentheses inside quotes are words, not groups */
    char *quoted = repeat("(", 100);
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "\"%s\" send", quoted);
    query_in(&r, NULL, sb.buf, NULL);
    assert_true(r.status == 0 || r.status == 1);
    tu_run_free(&r);
    sb_free(&sb);
    free(quoted);
    /* fullwidth parentheses fold to parentheses: counted as the parser
     * sees them */
    char *wide = repeat("\xef\xbc\x88", 40);
    sb_init(&sb);
    sb_addf(&sb, "%ssend", wide);
    query_in(&r, NULL, sb.buf, NULL);
    assert_refused(&r, "(SCRUTINY_MAX_DEPTH)");
    tu_run_free(&r);
    sb_free(&sb);
    free(wide);
    free(ok);
    free(deep);
}

/* 40,000 levels crashed Xapian's parser (SIGSEGV) and lost the batch: now
 * refused, the next line answered.  Too long for one argv string: a batch. */
static void test_deep_nesting_does_not_crash(void **state)
{
    (void)state;
    char *deep = nested(40000);
    strbuf in;
    sb_init(&in);
    sb_addf(&in, "%s\nsend\n", deep);
    setenv("SCRUTINY_MAX_QUERY_BYTES", "100000000", 1); /* the depth decides */
    tu_run r;
    query_in(&r, in.buf, "--batch", NULL);
    unsetenv("SCRUTINY_MAX_QUERY_BYTES");
    assert_int_equal(r.status, 2); /* not 128 + SIGSEGV */
    char *nl = strchr(r.out, '\n');
    assert_non_null(nl);
    *nl = '\0';
    json_t *e = json_loads(r.out, 0, NULL), *a = json_loads(nl + 1, 0, NULL);
    assert_non_null(e);
    assert_non_null(a);
    assert_string_equal(json_string_value(json_object_get(e, "error")),
                        "query nested too deep: 40000 levels of parentheses, the limit is 32 "
                        "(SCRUTINY_MAX_DEPTH)");
    assert_string_equal(json_string_value(json_object_get(a, "query")), "send");
    assert_true(json_integer_value(json_object_get(a, "total")) > 0);
    json_decref(e);
    json_decref(a);
    tu_run_free(&r);
    sb_free(&in);
    free(deep);
}

static void test_word_count(void **state)
{
    (void)state;
    strbuf q;
    sb_init(&q);
    for (int i = 0; i < 10000; i++) /* issue 15: 10,000 ORed words, 42 s */
        sb_addf(&q, "%sw%d", i ? " OR " : "", i);
    setenv("SCRUTINY_MAX_QUERY_BYTES", "1000000", 1);
    tu_run r;
    strbuf in;
    sb_init(&in);
    sb_addf(&in, "%s\n", q.buf);
    query_in(&r, in.buf, "--batch", NULL);
    unsetenv("SCRUTINY_MAX_QUERY_BYTES");
    assert_int_equal(r.status, 2);
    json_t *e = json_loads(r.out, 0, NULL);
    assert_non_null(e);
    assert_string_equal(json_string_value(json_object_get(e, "error")),
                        "query has too many words: 10000, the limit is 256 "
                        "(SCRUTINY_MAX_WORDS)");
    json_decref(e);
    tu_run_free(&r);
    sb_free(&in);
    sb_free(&q);
    /* operators are not words: 256 words joined by OR pass */
    sb_init(&q);
    for (int i = 0; i < 256; i++)
        sb_addf(&q, "%sw%d", i ? " OR " : "", i);
    query_in(&r, NULL, q.buf, NULL);
    assert_true(r.status == 0 || r.status == 1);
    tu_run_free(&r);
    setenv("SCRUTINY_MAX_WORDS", "10", 1);
    query_in(&r, NULL, q.buf, NULL);
    unsetenv("SCRUTINY_MAX_WORDS");
    assert_refused(&r, "query has too many words: 256, the limit is 10 (SCRUTINY_MAX_WORDS)");
    tu_run_free(&r);
    /* raised no further than the rewriting's recursion allows: a chain of
     * 5,000 NOTs overflowed the stack */
    setenv("SCRUTINY_MAX_WORDS", "5000", 1);
    query_in(&r, NULL, q.buf, NULL);
    unsetenv("SCRUTINY_MAX_WORDS");
    assert_refused(&r, "SCRUTINY_MAX_WORDS: needs a number from 1 to 2048, not '5000'");
    tu_run_free(&r);
    sb_free(&q);
    /* at the most it may be, the longest chain answers */
    sb_init(&q);
    for (int i = 0; i < 2048; i++)
        sb_addf(&q, "%ssend", i ? " NOT " : "");
    setenv("SCRUTINY_MAX_WORDS", "2048", 1);
    setenv("SCRUTINY_MAX_QUERY_BYTES", "100000", 1);
    query_in(&r, NULL, q.buf, NULL);
    unsetenv("SCRUTINY_MAX_WORDS");
    unsetenv("SCRUTINY_MAX_QUERY_BYTES");
    assert_true(r.status == 0 || r.status == 1);
    tu_run_free(&r);
    sb_free(&q);
}

static void test_wildcard_expansion(void **state)
{
    (void)state;
    /* a filter's values by wildcard count too (file:* was a term a document) */
    static const char *const queries[] = {"s*", "title:s*", "section:s*", "speech s*", "file:0*"};
    tu_run r;
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        query_in(&r, NULL, queries[i], NULL); /* the default: the sample answers */
        if (r.status != 0)
            fprintf(stderr, "%s: %d %s", queries[i], r.status, r.err);
        assert_int_equal(r.status, 0);
        tu_run_free(&r);
        setenv("SCRUTINY_MAX_EXPANSION", "2", 1);
        query_in(&r, NULL, queries[i], NULL);
        unsetenv("SCRUTINY_MAX_EXPANSION");
        assert_refused(&r, "query wildcards expand to too many terms: more than 2, the "
                           "limit (SCRUTINY_MAX_EXPANSION)");
        tu_run_free(&r);
    }
    /* the limit is for all the wildcards of a query together */
    char *az = NULL;
    strbuf sb;
    sb_init(&sb);
    for (char c = 'a'; c <= 'z'; c++)
        sb_addf(&sb, "%c* ", c);
    az = sb_steal(&sb);
    setenv("SCRUTINY_MAX_EXPANSION", "50", 1);
    query_in(&r, NULL, az, NULL);
    unsetenv("SCRUTINY_MAX_EXPANSION");
    assert_refused(&r, "(SCRUTINY_MAX_EXPANSION)");
    tu_run_free(&r);
    /* in a batch: an error answer, and the next line runs */
    setenv("SCRUTINY_MAX_EXPANSION", "2", 1);
    query_in(&r, "s*\nsend\n", "--batch", NULL);
    unsetenv("SCRUTINY_MAX_EXPANSION");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.out, "\"error\":\"query wildcards expand"));
    assert_non_null(strstr(r.out, "\"query\":\"send\",\"level\""));
    tu_run_free(&r);
    free(az);
}

static void test_like_input(void **state)
{
    (void)state;
    char *big = repeat("speech and language therapy ", 4000); /* 112 KB */
    tu_run r;
    query_in(&r, big, "--like", "-", NULL);
    assert_refused(&r, "the text to compare with is too long: over the limit of 65536 bytes "
                       "(SCRUTINY_MAX_LIKE_BYTES)");
    tu_run_free(&r);
    /* allowed more, its first words are searched */
    setenv("SCRUTINY_MAX_LIKE_BYTES", "200000", 1);
    setenv("SCRUTINY_MAX_LIKE_WORDS", "8", 1);
    query_in(&r, big, "--like", "-", "-f", "json", NULL);
    unsetenv("SCRUTINY_MAX_LIKE_BYTES");
    unsetenv("SCRUTINY_MAX_LIKE_WORDS");
    if (r.status > 1)
        fprintf(stderr, "%s", r.err);
    assert_true(r.status == 0 || r.status == 1);
    tu_run_free(&r);
    /* its filter query keeps to the query limits */
    char *deep = nested(40);
    query_in(&r, NULL, "--like", "speech therapy", deep, NULL);
    assert_refused(&r, "(SCRUTINY_MAX_DEPTH)");
    tu_run_free(&r);
    free(deep);
    free(big);
}

static void test_limit_and_offset(void **state)
{
    (void)state;
    tu_run r;
    query_in(&r, NULL, "--limit", "10001", "send", NULL);
    assert_refused(&r, "too many hits asked for: 10001, the limit is 10000 (SCRUTINY_MAX_LIMIT)");
    tu_run_free(&r);
    query_in(&r, NULL, "--limit", "10000", "-f", "tsv", "send", NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    query_in(&r, NULL, "--offset", "100001", "send", NULL);
    assert_refused(&r, "offset too far: 100001, the limit is 100000 (SCRUTINY_MAX_OFFSET)");
    tu_run_free(&r);
    /* a limit raised past a billion takes a --limit as large (it was
     * "--limit needs a whole number") */
    setenv("SCRUTINY_MAX_LIMIT", "4000000000", 1);
    query_in(&r, NULL, "--limit", "1000000001", "-f", "tsv", "send", NULL);
    unsetenv("SCRUTINY_MAX_LIMIT");
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    setenv("SCRUTINY_MAX_LIMIT", "3", 1);
    query_in(&r, NULL, "--level", "passage", "--limit", "4", "send", NULL);
    unsetenv("SCRUTINY_MAX_LIMIT");
    assert_refused(&r, "the limit is 3 (SCRUTINY_MAX_LIMIT)");
    tu_run_free(&r);
    setenv("SCRUTINY_MAX_LIMIT", "3", 1);
    query_in(&r, NULL, "--like", "speech therapy", "--limit", "4", NULL);
    unsetenv("SCRUTINY_MAX_LIMIT");
    assert_refused(&r, "the limit is 3 (SCRUTINY_MAX_LIMIT)");
    tu_run_free(&r);
    /* a limit under the default page: a search without --limit shows
     * that many, not an error (it asked for the default 10) */
    setenv("SCRUTINY_MAX_LIMIT", "2", 1);
    query_in(&r, NULL, "-f", "tsv", "council", NULL);
    unsetenv("SCRUTINY_MAX_LIMIT");
    assert_int_equal(r.status, 0);
    size_t lines = 0;
    for (const char *p = r.out; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 3); /* the header and 2 hits */
    tu_run_free(&r);
    /* --format paths lists precedents as a search's matches: up to the
     * most a page may hold, saying so when more match (it had stopped at
     * the default page of 10, silently) */
    query_in(&r, NULL, "--count", "--like", "speech therapy in schools", NULL);
    assert_true(atol(r.out) > 3);
    tu_run_free(&r);
    setenv("SCRUTINY_MAX_LIMIT", "3", 1);
    query_in(&r, NULL, "-f", "paths", "--like", "speech therapy in schools", NULL);
    unsetenv("SCRUTINY_MAX_LIMIT");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "the first 3 are listed"));
    tu_run_free(&r);
}

static void test_matrix_cells(void **state)
{
    (void)state;
    tu_run r;
    query_in(&r, NULL, "--matrix", "file,file", "-f", "tsv", NULL);
    assert_int_equal(r.status, 0); /* the sample's files: a small table */
    tu_run_free(&r);
    setenv("SCRUTINY_MAX_MATRIX_CELLS", "4", 1);
    query_in(&r, NULL, "--matrix", "file,file", NULL);
    unsetenv("SCRUTINY_MAX_MATRIX_CELLS");
    assert_refused(&r, "cells, the limit is 4 (SCRUTINY_MAX_MATRIX_CELLS)");
    assert_non_null(strstr(r.err, "matrix file,file too large: "));
    assert_int_equal(r.out_len, 0);
    tu_run_free(&r);
    setenv("SCRUTINY_MAX_MATRIX_CELLS", "4", 1);
    query_in(&r, NULL, "--recurring", "file", NULL);
    unsetenv("SCRUTINY_MAX_MATRIX_CELLS");
    assert_refused(&r, "(SCRUTINY_MAX_MATRIX_CELLS)");
    tu_run_free(&r);
}

/* A time limit no search keeps to: the answer is what was found, said to
 * be partial (a search under it is not). */
static void test_time_limit(void **state)
{
    (void)state;
    tu_run r;
    query_in(&r, NULL, "-f", "json", "--level", "passage", "send", NULL);
    assert_int_equal(r.status, 0);
    json_t *a = json_loads(r.out, 0, NULL);
    assert_true(json_is_false(json_object_get(a, "partial")));
    json_decref(a);
    tu_run_free(&r);
    static const char *const levels[] = {"passage", "document"};
    for (size_t i = 0; i < 2; i++) {
        setenv("SCRUTINY_MAX_SECONDS", "0.000000001", 1);
        query_in(&r, NULL, "-f", "json", "--level", levels[i], "send", NULL);
        unsetenv("SCRUTINY_MAX_SECONDS");
        assert_true(r.status == 0 || r.status == 1);
        a = json_loads(r.out, 0, NULL);
        assert_non_null(a);
        assert_true(json_is_true(json_object_get(a, "partial")));
        assert_true(json_is_false(json_object_get(a, "exact")));
        json_decref(a);
        tu_run_free(&r);
    }
    setenv("SCRUTINY_MAX_SECONDS", "0.000000001", 1);
    query_in(&r, NULL, "-f", "text", "--level", "passage", "send", NULL);
    assert_non_null(strstr(r.out, "Partial answer: the search stopped at its time limit "
                                  "(SCRUTINY_MAX_SECONDS)\n"));
    tu_run_free(&r);
    query_in(&r, NULL, "-f", "tsv", "send", NULL);
    assert_non_null(strstr(r.err, "partial answer"));
    tu_run_free(&r);
    query_in(&r, "send\n", "--batch", NULL);
    assert_non_null(strstr(r.out, "\"partial\":true"));
    tu_run_free(&r);
    query_in(&r, NULL, "--matrix", "theme,year", NULL);
    assert_refused(&r, "counting theme by year: the search took over 1e-09 s, the limit "
                       "(SCRUTINY_MAX_SECONDS)");
    tu_run_free(&r);
    /* --recurring's own words: it was "matrix theme,authority" */
    query_in(&r, NULL, "--recurring", "theme", NULL);
    assert_refused(&r, "counting theme by authority: the search took over");
    tu_run_free(&r);
    unsetenv("SCRUTINY_MAX_SECONDS");
}

static void test_bad_limit_values(void **state)
{
    (void)state;
    static const char *const bad[][2] = {
        {"SCRUTINY_MAX_DEPTH", "deep"},   {"SCRUTINY_MAX_WORDS", "0"},
        {"SCRUTINY_MAX_LIMIT", "-5"},     {"SCRUTINY_MAX_SECONDS", "soon"},
        {"SCRUTINY_MAX_EXPANSION", "1e99"}, {"SCRUTINY_RESCORE_WINDOW", "wide"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        setenv(bad[i][0], bad[i][1], 1);
        tu_run r;
        query_in(&r, NULL, "send", NULL);
        unsetenv(bad[i][0]);
        strbuf want;
        sb_init(&want);
        sb_addf(&want, "%s: needs a number from ", bad[i][0]);
        assert_refused(&r, want.buf);
        sb_free(&want);
        tu_run_free(&r);
    }
}

/* The limits are the library's: another caller (a web server) gets them
 * through searcher_limits() and may change them. */
static void test_library_limits(void **state)
{
    (void)state;
    const char *paths[] = {dbpath};
    searcher *s = NULL;
    scr_error err;
    assert_int_equal(searcher_open_all(paths, 1, NULL, 0, NULL, &s, &err), SCR_OK);
    search_limits *l = searcher_limits(s);
    assert_int_equal(l->depth, LIMIT_DEPTH);
    assert_int_equal(l->hits, LIMIT_HITS);
    l->hits = 2;
    search_request req = {.query = "send", .limit = 3};
    search_result res;
    assert_int_equal(searcher_run(s, &req, &res, &err), SCR_ERR_LIMIT);
    assert_string_equal(err.message,
                        "too many hits asked for: 3, the limit is 2 (SCRUTINY_MAX_LIMIT)");
    req.limit = 2;
    assert_int_equal(searcher_run(s, &req, &res, &err), SCR_OK);
    assert_int_equal(res.n_hits, 2);
    assert_false(res.partial);
    search_result_free(&res);
    l->depth = 1;
    req.query = "((send))";
    assert_int_equal(searcher_run(s, &req, &res, &err), SCR_ERR_LIMIT);
    assert_non_null(strstr(err.message, "the limit is 1 (SCRUTINY_MAX_DEPTH)"));
    searcher_close(s);
}

static void test_counting(void **state)
{
    (void)state;
    assert_int_equal(search_limits_words("speech AND language OR (SEND NOT x) year:2018"), 6);
    assert_int_equal(search_limits_words("  ( ) \"\" AND OR"), 0);
    search_limits l;
    assert_int_equal(search_limits_from_env(&l, NULL), SCR_OK);
    scr_error err;
    assert_int_equal(search_limits_check_query(&l, "(a (b (c)))", &err), SCR_OK);
    l.depth = 2;
    assert_int_equal(search_limits_check_query(&l, "(a (b (c)))", &err), SCR_ERR_LIMIT);
    assert_non_null(strstr(err.message, "the limit is 2 (SCRUTINY_MAX_DEPTH)"));
    assert_int_equal(search_limits_check_query(&l, "(a) (b) (c) \"(((\"", &err), SCR_OK);
    char text[] = "one  two\tthree four";
    search_limits_cut_words(text, 2);
    assert_string_equal(text, "one  two\t");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counting),
        cmocka_unit_test(test_query_length),
        cmocka_unit_test(test_nesting_depth),
        cmocka_unit_test(test_deep_nesting_does_not_crash),
        cmocka_unit_test(test_word_count),
        cmocka_unit_test(test_wildcard_expansion),
        cmocka_unit_test(test_like_input),
        cmocka_unit_test(test_limit_and_offset),
        cmocka_unit_test(test_matrix_cells),
        cmocka_unit_test(test_time_limit),
        cmocka_unit_test(test_bad_limit_values),
        cmocka_unit_test(test_library_limits),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
