/* A ranked query's rescoring window (SCRUTINY_RESCORE_WINDOW, see
 * lib/search/search-limits.h), through the real programs: page after page
 * shows every match once, however small the window and wherever a page
 * crosses the window or the passage re-ranking's depth; a window larger
 * than the corpus answers as no window does; facets of phrases count
 * what filters find; sorted by date, relevance breaks ties without
 * reading positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <jansson.h>

#include "testutil.h"
#include "util.h"

static char *tmpdir, *db, *queryer;

/* Note n of a made-up panel, about one of three topics: how often each
 * phrase comes varies, so that the documents weigh differently. */
static void write_corpus(const char *dir, int n)
{
    static const char *const topics[] = {"speech and language therapy",
                                         "short breaks for disabled children",
                                         "care leavers' housing"};
    for (int i = 0; i < n; i++) {
        char name[32], text[4096];
        int len = snprintf(text, sizeof text, "# Panel note %d\n\n## Findings\n\n", i);
        for (int k = 0; k <= i % 4; k++)
            len += snprintf(text + len, sizeof text - (size_t)len,
                            "Members asked about waiting lists for %s. ", topics[i % 3]);
        for (int k = 0; k < i % 5; k++)
            len += snprintf(text + len, sizeof text - (size_t)len,
                            "Officers said the lists were long and the waiting grew. ");
        snprintf(text + len, sizeof text - (size_t)len, "\n\n## Recommendations\n\n- Publish "
                 "the waiting lists for %s monthly, item %d.\n", topics[(i + 1) % 3], i * 7);
        snprintf(name, sizeof name, "note%03d.md", i);
        char *p = tu_join(dir, name);
        tu_write(p, text, strlen(text));
        free(p);
    }
}

static int group_setup(void **state)
{
    (void)state;
    tmpdir = tu_mkdtemp();
    db = tu_join(tmpdir, "db");
    queryer = tu_build_path("scrutiny-query");
    unsetenv("SCRUTINY_DB");
    char *docs = tu_join(tmpdir, "docs");
    if (mkdir(docs, 0777) != 0)
        return -1;
    write_corpus(docs, 60);
    char *indexer = tu_build_path("scrutiny-index");
    char *argv[] = {indexer, "--quiet", "--db", db, docs, NULL};
    tu_run r;
    tu_exec(argv, NULL, &r);
    int st = r.status;
    if (st)
        fprintf(stderr, "indexing failed (%d): %s\n", st, r.err);
    tu_run_free(&r);
    free(indexer);
    free(docs);
    return st;
}

static int group_teardown(void **state)
{
    (void)state;
    tu_rmtree(tmpdir);
    free(tmpdir);
    free(db);
    free(queryer);
    return 0;
}

/* scrutiny-query's output for args (NULL-terminated), with window. */
static char *query(const char *window, ...)
{
    const char *head[] = {queryer, "--db", db, NULL};
    setenv("SCRUTINY_RESCORE_WINDOW", window, 1);
    tu_run r;
    va_list ap;
    va_start(ap, window);
    tu_vrun(&r, NULL, head, ap);
    va_end(ap);
    unsetenv("SCRUTINY_RESCORE_WINDOW");
    if (r.status > 1)
        fail_msg("scrutiny-query: %s", r.err);
    char *out = xstrdup(r.out);
    tu_run_free(&r);
    return out;
}

/* scrutiny-query's paths with window for query at offset, limit. */
static char *paths(const char *window, const char *query_text, unsigned offset, unsigned limit)
{
    char off[16], lim[16];
    snprintf(off, sizeof off, "%u", offset);
    snprintf(lim, sizeof lim, "%u", limit);
    return query(window, "--format", "paths", "--offset", off, "--limit", lim, "--", query_text,
                 NULL);
}

static size_t lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static const char *const queries[] = {
    "waiting",                /* one word: feedback's words weigh too */
    "waiting lists therapy",  /* proximity pairs */
    "\"waiting lists\"",      /* a phrase: its bound is its words' AND */
    "lists -housing",         /* an exclusion stays exact */
};

/* Pages of 4 (crossing the window of 7 and the re-ranking's 30) hold
 * every match of the query once: the matches a window larger than the
 * corpus lists in one page. */
static void test_pages_show_each_match_once(void **state)
{
    (void)state;
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
        char *all = paths("0", queries[q], 0, 100);
        size_t n = lines(all);
        assert_true(n >= 20);
        strbuf seen;
        sb_init(&seen);
        for (unsigned offset = 0;; offset += 4) {
            char *page = paths("7", queries[q], offset, 4);
            size_t k = lines(page);
            for (char *line = page, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
                *nl = '\0';
                char needle[4096];
                snprintf(needle, sizeof needle, "\n%s\n", line);
                if (seen.len && strstr(seen.buf, needle))
                    fail_msg("%s: %s shown twice (offset %u)", queries[q], line, offset);
                if (!strstr(all, line))
                    fail_msg("%s: %s is not a match", queries[q], line);
                sb_addf(&seen, "%s%s\n", seen.len ? "" : "\n", line);
            }
            free(page);
            if (k < 4)
                break;
        }
        assert_int_equal(lines(seen.buf ? seen.buf : "") - 1, n);
        sb_free(&seen);
        free(all);
    }
}

/* A window as large as the corpus ranks as no window: the same page, in
 * the same order, with the same scores, for queries without proximity
 * pairs (Xapian weighs those by another path without a window). */
static void test_large_window_ranks_as_none(void **state)
{
    (void)state;
    static const char *const plain[] = {"waiting", "\"waiting lists\"", "lists -housing"};
    for (size_t q = 0; q < sizeof plain / sizeof *plain; q++) {
        char *none = paths("0", plain[q], 0, 40);
        char *large = paths("100", plain[q], 0, 40);
        assert_true(lines(none) >= 20);
        assert_string_equal(none, large);
        free(none);
        free(large);
    }
}

/* Nearly out of time (under 10 ms left), Xapian counts no further than
 * the page: the total is then an estimate and said to be one ("exact"
 * only when it is the true total; a slow machine may also stop early and
 * say the answer is partial). */
static void test_hurried_total_is_not_exact(void **state)
{
    (void)state;
    static const char *const qs[] = {"officers speech", "therapy OR housing", "grew breaks"};
    for (size_t q = 0; q < sizeof qs / sizeof *qs; q++) {
        char *full = query("1000", "--format", "json", "--", qs[q], NULL);
        setenv("SCRUTINY_MAX_SECONDS", "0.009", 1);
        char *hurried = query("1000", "--format", "json", "--", qs[q], NULL);
        unsetenv("SCRUTINY_MAX_SECONDS");
        json_t *a = json_loads(full, 0, NULL), *b = json_loads(hurried, 0, NULL);
        assert_non_null(a);
        assert_non_null(b);
        assert_true(json_is_true(json_object_get(a, "exact")));
        if (json_is_true(json_object_get(b, "exact")))
            assert_int_equal(json_integer_value(json_object_get(b, "total")),
                             json_integer_value(json_object_get(a, "total")));
        json_decref(a);
        json_decref(b);
        free(full);
        free(hurried);
    }
}

/* Facets of queries with phrases and NEARs (their matches found by
 * Xapian unweighted, the page in the window) count what the query with
 * the value as a filter finds, and the total what --count says. */
static void test_facets_of_positional_queries(void **state)
{
    (void)state;
    static const char *const positional[] = {"\"waiting lists\"", "waiting NEAR lists",
                                             "\"waiting lists\" -housing"};
    for (size_t q = 0; q < sizeof positional / sizeof *positional; q++) {
        char *json = query("7", "--format", "json", "--facets", "theme,kind", "--",
                           positional[q], NULL);
        char *count = query("7", "--count", "--", positional[q], NULL);
        json_error_t jerr;
        json_t *o = json_loads(json, 0, &jerr);
        assert_non_null(o);
        assert_int_equal(json_integer_value(json_object_get(o, "total")), atoi(count));
        assert_true(json_is_true(json_object_get(o, "exact")));
        size_t values = 0;
        for (const char *facet = "theme"; facet; facet = strcmp(facet, "theme") ? NULL : "kind") {
            json_t *list = json_object_get(json_object_get(o, "facets"), facet), *v;
            size_t i;
            json_array_foreach(list, i, v) {
                char filtered[256];
                snprintf(filtered, sizeof filtered, "(%s) %s:%s", positional[q], facet,
                         json_string_value(json_object_get(v, "value")));
                char *n = query("7", "--count", "--", filtered, NULL);
                if (json_integer_value(json_object_get(v, "count")) != atoi(n))
                    fail_msg("%s: %s counts %lld, --count %s", positional[q], filtered,
                             (long long)json_integer_value(json_object_get(v, "count")), n);
                free(n);
                values++;
            }
        }
        assert_true(values >= 3);
        json_decref(o);
        free(count);
        free(json);
    }
}

/* The score of the hit whose file ends in name, in JSON output. */
static double score_of(json_t *out, const char *name)
{
    size_t i;
    json_t *hit;
    json_array_foreach(json_object_get(out, "hits"), i, hit) {
        const char *file = json_string_value(json_object_get(hit, "file"));
        size_t n = file ? strlen(file) : 0, m = strlen(name);
        if (n >= m && strcmp(file + n - m, name) == 0)
            return json_real_value(json_object_get(hit, "score"));
    }
    fail_msg("no hit for %s", name);
    return 0;
}

/* Two minutes of one date hold the same words, "speech" and "therapy"
 * together in one and far apart in the other.  By relevance the first
 * ranks higher (its words are near); sorted by date, relevance only
 * breaks the tie, and the pair weighs in both as its bound does, so the
 * second is not marked down for the distance (reading every match's
 * positions for a tie was most of a sorted query's cost). */
static void test_date_ties_read_no_positions(void **state)
{
    (void)state;
    char *docs = tu_join(tmpdir, "ties"), *tiedb = tu_join(tmpdir, "ties-db");
    static const char *const files[][2] = {
        {"far.md", "# Panel minutes\n\nMinutes of the meeting held on 3 March 2022\n\n"
                   "Speech was raised first. Members then discussed several other matters "
                   "at length before the end. Therapy waits came last.\n"},
        {"near.md", "# Panel minutes\n\nMinutes of the meeting held on 3 March 2022\n\n"
                    "Speech therapy waits came first. Members then discussed several other "
                    "matters at length before the end. Was raised last.\n"},
    };
    assert_int_equal(tu_index_texts(docs, tiedb, files, 2), 0);
    tu_run r;
    const char *sorts[] = {"relevance", "date"};
    double ratio[2];
    for (size_t k = 0; k < 2; k++) {
        char *argv[] = {queryer, "--db", tiedb, "--format", "json", "--sort", (char *)sorts[k],
                        "speech therapy", NULL};
        tu_exec(argv, NULL, &r);
        assert_int_equal(r.status, 0);
        json_t *out = json_loads(r.out, 0, NULL);
        assert_non_null(out);
        ratio[k] = score_of(out, "far.md") / score_of(out, "near.md");
        json_decref(out);
        tu_run_free(&r);
    }
    assert_true(ratio[0] < 0.9);  /* by relevance, nearness counts */
    assert_true(ratio[1] > 0.95); /* for a tie of dates, it is assumed */
    free(docs);
    free(tiedb);
}

/* At passage level a page filled before the last matching document
 * estimates the passages of the documents not read, from a sample across
 * the ranking (the best documents hold most: estimating from them was 2x
 * on generated documents, from the page alone 50x short); --count and
 * --facets read them all and are exact. */
static void test_passage_total_estimated(void **state)
{
    (void)state;
    enum { N = 600 };
    char *docs = tu_join(tmpdir, "many"), *manydb = tu_join(tmpdir, "many-db");
    const char *(*files)[2] = calloc(N, sizeof *files);
    char **texts = calloc(N, sizeof *texts), **names = calloc(N, sizeof *names);
    long passages = 0;
    for (int i = 0; i < N; i++) {
        int k = 1 + (i % 7 == 0 ? 5 : i % 2); /* 1, 2 or 6 sections with the word */
        size_t cap = 4096;
        texts[i] = malloc(cap);
        int used = snprintf(texts[i], cap, "# Review %d\n\n", i);
        for (int j = 0; j < k; j++)
            used += snprintf(texts[i] + used, cap - (size_t)used,
                             "## Part %d\n\nFamilies report waiting for assessments in "
                             "area %d, and the service plans to reduce it.\n\n", j, i);
        snprintf(texts[i] + used, cap - (size_t)used,
                 "## Other\n\nGovernance arrangements are clear.\n");
        names[i] = malloc(32);
        snprintf(names[i], 32, "r%03d.md", i);
        files[i][0] = names[i];
        files[i][1] = texts[i];
        passages += k;
    }
    assert_int_equal(tu_index_texts(docs, manydb, files, N), 0);
    tu_run r;
    char *count[] = {queryer, "--db", manydb, "--level", "passage", "--count", "waiting", NULL};
    tu_exec(count, NULL, &r);
    assert_int_equal(r.status, 0);
    assert_int_equal(strtol(r.out, NULL, 10), passages);
    tu_run_free(&r);
    char *page[] = {queryer, "--db", manydb, "--level", "passage", "--format", "json",
                    "--limit", "3", "waiting", NULL};
    tu_exec(page, NULL, &r);
    assert_int_equal(r.status, 0);
    json_t *out = json_loads(r.out, 0, NULL);
    assert_non_null(out);
    double total = (double)json_integer_value(json_object_get(out, "total"));
    assert_false(json_is_true(json_object_get(out, "exact")));
    if (total < 0.75 * passages || total > 1.25 * passages)
        fail_msg("estimated %.0f passages, counted %ld", total, passages);
    json_decref(out);
    tu_run_free(&r);
    char *faceted[] = {queryer, "--db", manydb, "--level", "passage", "--format", "json",
                       "--limit", "3", "--facets", "kind", "waiting", NULL};
    tu_exec(faceted, NULL, &r);
    assert_int_equal(r.status, 0);
    out = json_loads(r.out, 0, NULL);
    assert_non_null(out);
    assert_int_equal(json_integer_value(json_object_get(out, "total")), passages);
    assert_true(json_is_true(json_object_get(out, "exact")));
    json_decref(out);
    tu_run_free(&r);
    for (int i = 0; i < N; i++) {
        free(texts[i]);
        free(names[i]);
    }
    free(texts);
    free(names);
    free(files);
    free(docs);
    free(manydb);
}

/* A passage whose heading holds the query's word but whose text does not
 * is not the one shown when another passage's text holds it: headings are
 * indexed where each passage begins, and the first such passage won the
 * tie ('governance' on real inspection reports showed a passage about
 * something else under "Leadership, management and governance"). */
static void test_text_before_heading(void **state)
{
    (void)state;
    char *docs = tu_join(tmpdir, "headed"), *headdb = tu_join(tmpdir, "headed-db");
    static const char *const files[][2] = {
        {"review.md", "# Annual review\n\n## Governance and leadership\n\n"
                      "Leaders meet every month and keep minutes of each meeting.\n\n"
                      "## Budgets\n\nThe board's governance of budgets is weak.\n"},
    };
    assert_int_equal(tu_index_texts(docs, headdb, files, 1), 0);
    tu_run r;
    char *argv[] = {queryer, "--db", headdb, "--format", "json", "governance", NULL};
    tu_exec(argv, NULL, &r);
    assert_int_equal(r.status, 0);
    json_t *out = json_loads(r.out, 0, NULL);
    assert_non_null(out);
    json_t *hit = json_array_get(json_object_get(out, "hits"), 0);
    const char *snippet = json_string_value(json_object_get(hit, "snippet"));
    assert_non_null(snippet);
    if (!strstr(snippet, "governance of budgets"))
        fail_msg("shown: %s", snippet);
    json_decref(out);
    tu_run_free(&r);
    free(docs);
    free(headdb);
}

/* Sorted by date either way, a document without a date comes after the
 * dated ones: ascending, it came first ("" sorts before every date). */
static void test_undated_sort_last(void **state)
{
    (void)state;
    char *docs = tu_join(tmpdir, "dated"), *datedb = tu_join(tmpdir, "dated-db");
    static const char *const files[][2] = {
        {"a-undated.md", "# Notes on waiting lists\n\nWaiting lists for therapy are long.\n"},
        {"b-2019.md", "# Panel minutes\n\nMinutes of the meeting held on 4 March 2019\n\n"
                      "Waiting lists were discussed.\n"},
        {"c-2021.md", "# Panel minutes\n\nMinutes of the meeting held on 9 June 2021\n\n"
                      "Waiting lists had grown.\n"},
    };
    assert_int_equal(tu_index_texts(docs, datedb, files, 3), 0);
    static const char *const sorts[][2] = {{"date", "b-2019.md c-2021.md a-undated.md "},
                                           {"-date", "c-2021.md b-2019.md a-undated.md "}};
    for (size_t k = 0; k < 2; k++) {
        tu_run r;
        char *argv[] = {queryer, "--db", datedb, "--format", "tsv", "--fields", "file",
                        "--sort", (char *)sorts[k][0], "waiting", NULL};
        tu_exec(argv, NULL, &r);
        assert_int_equal(r.status, 0);
        strbuf got;
        sb_init(&got);
        for (const char *line = strchr(r.out, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
            const char *slash = NULL, *end = strchr(line + 1, '\n');
            for (const char *p = line + 1; p < end; p++)
                if (*p == '/')
                    slash = p;
            sb_addf(&got, "%.*s ", (int)(end - slash - 1), slash + 1);
        }
        if (strcmp(got.buf, sorts[k][1]) != 0)
            fail_msg("--sort %s: %s", sorts[k][0], got.buf);
        sb_free(&got);
        tu_run_free(&r);
    }
    free(docs);
    free(datedb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pages_show_each_match_once),
        cmocka_unit_test(test_large_window_ranks_as_none),
        cmocka_unit_test(test_hurried_total_is_not_exact),
        cmocka_unit_test(test_facets_of_positional_queries),
        cmocka_unit_test(test_date_ties_read_no_positions),
        cmocka_unit_test(test_passage_total_estimated),
        cmocka_unit_test(test_text_before_heading),
        cmocka_unit_test(test_undated_sort_last),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
