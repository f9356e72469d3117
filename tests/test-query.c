/* scrutiny-query for people and pipelines: the query language, every
 * output format parsed back, show, list, --batch, and a pipeline from the
 * man page run as written.  Real programs on the real sample corpus. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <sys/wait.h>
#include <signal.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <jansson.h>

#include "testutil.h"
#include "util.h"

static char *tmpdir, *dbpath, *queryer;

static int group_setup(void **state)
{
    (void)state;
    tmpdir = tu_mkdtemp();
    dbpath = tu_join(tmpdir, "db");
    queryer = tu_build_path("scrutiny-query");
    unsetenv("NO_COLOR");
    setenv("SCRUTINY_DB", dbpath, 1);
    /* the man page's examples call the programs by name */
    char *bin = tu_build_path("");
    const char *path = getenv("PATH");
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "%s:%s", bin, path ? path : "/usr/bin:/bin");
    setenv("PATH", sb.buf, 1);
    sb_free(&sb);
    free(bin);
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

static void run(tu_run *r, const char *in, ...)
{
    const char *head[] = {queryer, NULL};
    va_list ap;
    va_start(ap, in);
    tu_vrun(r, in, head, ap);
    va_end(ap);
}

/* Runs scrutiny-query --db db ARGS... (NULL-terminated). */
static void run_on(tu_run *r, const char *db, ...)
{
    const char *head[] = {queryer, "--db", db, NULL};
    va_list ap;
    va_start(ap, db);
    tu_vrun(r, NULL, head, ap);
    va_end(ap);
}

/* db answers query q with the totals and facet counts the corpus database
 * gives, and without facets (no counting spies then) the same total and
 * exit status. */
static void assert_same_counts(const char *db, const char *facets, const char *q)
{
    for (int with_facets = 1; with_facets >= 0; with_facets--) {
        tu_run one, two;
        const char *flag = with_facets ? "--facets" : "--limit";
        const char *arg = with_facets ? facets : "10";
        run(&one, NULL, "--format", "json", flag, arg, q, NULL);
        run_on(&two, db, "--format", "json", flag, arg, q, NULL);
        assert_int_equal(two.status, one.status);
        json_t *j1 = json_loads(one.out, 0, NULL), *j2 = json_loads(two.out, 0, NULL);
        assert_non_null(j1);
        assert_non_null(j2);
        assert_true(json_equal(json_object_get(j1, "facets"), json_object_get(j2, "facets")));
        assert_true(json_equal(json_object_get(j1, "total"), json_object_get(j2, "total")));
        json_decref(j1);
        json_decref(j2);
        tu_run_free(&one);
        tu_run_free(&two);
    }
}

/* db gives the corpus database's theme-by-authority matrix. */
static void assert_same_matrix(const char *db)
{
    tu_run one, two;
    run(&one, NULL, "--format", "tsv", "--matrix", "theme,authority", NULL);
    run_on(&two, db, "--format", "tsv", "--matrix", "theme,authority", NULL);
    assert_string_equal(two.out, one.out);
    tu_run_free(&one);
    tu_run_free(&two);
}

/* Runs a shell pipeline; returns its stdout (malloc()ed). */
static char *shell(const char *pipeline, int *status)
{
    char *argv[] = {"sh", "-c", (char *)pipeline, NULL};
    tu_run r;
    tu_exec(argv, NULL, &r);
    if (r.status != 0)
        fprintf(stderr, "pipeline %s: %d %s\n", pipeline, r.status, r.err);
    *status = r.status;
    char *out = r.out;
    r.out = NULL;
    tu_run_free(&r);
    return out;
}

static json_t *json_of(tu_run *r)
{
    json_t *o = json_loads(r->out, 0, NULL);
    if (!o)
        fprintf(stderr, "not JSON: %s\n", r->out);
    assert_non_null(o);
    return o;
}

static long count_in(const char *level, const char *match, const char *query)
{
    tu_run r;
    run(&r, NULL, "--count", "--level", level, "--match", match, query, NULL);
    long n = strtol(r.out, NULL, 10);
    assert_true(r.status == 0 || r.status == 1);
    assert_int_equal(r.status, n ? 0 : 1);
    tu_run_free(&r);
    return n;
}

static long count_at(const char *level, const char *query) { return count_in(level, "any", query); }
static long total_of(const char *query) { return count_at("document", query); }
static long passages(const char *query) { return count_at("passage", query); }
static long all_of(const char *query) { return count_in("document", "all", query); }
static long in_passage(const char *query) { return count_in("document", "passage", query); }

static void test_query_language(void **state)
{
    (void)state;
    long speech = total_of("speech"), language = total_of("language");
    long both = total_of("speech AND language"), either = total_of("speech OR language");
    assert_true(both > 0 && both <= speech && both <= language);
    assert_true(either >= speech && either >= language);
    /* words are ORed by default (--match any), ANDed anywhere in the
     * document with --match all, in one passage with --match passage */
    assert_int_equal(total_of("speech language"), either);
    assert_int_equal(all_of("speech language"), both);
    long one_passage = in_passage("speech language");
    assert_true(one_passage > 0 && one_passage <= both);
    /* stopwords never decide: "and" changes nothing */
    assert_int_equal(total_of("speech and language"), either);
    assert_int_equal(all_of("speech and language"), both);
    /* documents are sets: NOT and - exclude documents with the word
     * anywhere, so the arithmetic holds at document level */
    assert_int_equal(total_of("speech NOT language") + both, speech);
    assert_int_equal(either, speech + language - both);
    assert_int_equal(total_of("speech -language"), total_of("speech NOT language"));
    assert_int_equal(all_of("speech -language"), total_of("speech NOT language"));
    /* explicit operators keep their meaning whatever the mode */
    assert_int_equal(total_of("+speech +language"), both);
    assert_int_equal(total_of("+speech language"), speech);
    assert_int_equal(in_passage("speech OR language"), either);
    assert_int_equal(total_of("(speech OR governance) AND authority:wigan"),
                     total_of("authority:wigan (speech OR governance)"));
    /* a passage of a document without the excluded word answers; none of
     * a document with it anywhere does */
    assert_int_equal(passages("speech NOT language"), 0);
    assert_true(passages("speech") > 0);
    /* a phrase is rarer than its words together */
    long phrase = total_of("\"speech and language therapy\"");
    assert_true(phrase > 0 && phrase <= all_of("speech and language therapy"));
    assert_true(all_of("speech and language therapy") <= total_of("speech and language therapy"));
    /* stemming on unquoted words only */
    assert_true(total_of("recommendations") >= total_of("\"recommendations\""));
    assert_true(total_of("recommendations") > 0);
    assert_true(total_of("speech NEAR language") > 0);
    assert_true(total_of("speech ADJ language") <= total_of("speech NEAR language"));
    /* trailing wildcard */
    assert_true(total_of("commission*") >= total_of("commissioning"));
    assert_true(total_of("commission*") > 0);
    /* fields */
    assert_int_equal(total_of("title:peer"), 3); /* 000, 001 and 004's early years item */
    assert_true(total_of("section:recommendations") > 0);
    assert_int_equal(total_of("file:003_858577f6889f0cc7.txt"), 1);
}

static void test_authority_names(void **state)
{
    (void)state;
    /* slug, name, council form, acronym: one authority */
    long w = total_of("authority:wolverhampton");
    assert_int_equal(w, 7);
    assert_int_equal(total_of("authority:Wolverhampton"), w);
    assert_int_equal(total_of("authority:\"City of Wolverhampton Council\""), w);
    assert_int_equal(total_of("authority:CWC"), w);
    assert_int_equal(total_of("authority:\"Wigan Metropolitan Borough Council\""), 3);
    /* a known authority with no documents, by name and by slug */
    assert_int_equal(total_of("authority:\"West Sussex\""), 0);
    assert_int_equal(total_of("authority:west-sussex"), 0);
    assert_int_equal(total_of("year:2016..2019"), total_of("year:2018") + total_of("year:2019"));
    assert_int_equal(total_of("year:..2010"), 1);
    assert_int_equal(total_of("date:2018-06-01..2018-07-31"), 3);
    assert_int_equal(total_of("type:peer-review publisher:lga"), 2);
    assert_int_equal(total_of("publisher:ofsted publisher:lga"), 4); /* ORed */
}

static void test_syntax_error_position(void **state)
{
    (void)state;
    tu_run r;
    run(&r, NULL, "speech AND", NULL);
    assert_int_equal(r.status, 2);
    assert_string_equal(r.err, "scrutiny-query: query syntax error at column 8, 'AND': "
                               "expected a word, phrase or filter after it\n");
    tu_run_free(&r);
    run(&r, NULL, "OR governance", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "column 1, 'OR': expected a word, phrase or filter before it"));
    tu_run_free(&r);
}

static void test_did_you_mean(void **state)
{
    (void)state;
    tu_run r;
    /* every word required: the misspelt one finds nothing, the
     * correction does */
    run(&r, NULL, "--format", "json", "--match", "all", "speach therapy", NULL);
    assert_int_equal(r.status, 1);
    json_t *o = json_of(&r);
    assert_string_equal(json_string_value(json_object_get(o, "suggestion")), "speech therapy");
    json_decref(o);
    tu_run_free(&r);
    /* ranked (the default): "therapy" alone answers, and the correction
     * is offered only if it finds far more (more than twice as many) */
    long therapy = total_of("therapy"), corrected = total_of("speech therapy");
    run(&r, NULL, "--format", "json", "speach therapy", NULL);
    assert_int_equal(r.status, 0);
    o = json_of(&r);
    assert_int_equal(json_integer_value(json_object_get(o, "total")), therapy);
    json_t *sug = json_object_get(o, "suggestion");
    if (corrected > 2 * therapy)
        assert_string_equal(json_string_value(sug), "speech therapy");
    else
        assert_true(json_is_null(sug));
    json_decref(o);
    tu_run_free(&r);
    run(&r, NULL, "--format", "tsv", "speach", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "did you mean: speech"));
    tu_run_free(&r);
    /* a known word gets no suggestion */
    run(&r, NULL, "--format", "json", "speech", NULL);
    o = json_of(&r);
    assert_true(json_is_null(json_object_get(o, "suggestion")));
    json_decref(o);
    tu_run_free(&r);
}

static void test_formats(void **state)
{
    (void)state;
    tu_run r;
    /* a pipe gets TSV by default */
    run(&r, NULL, "authority:wigan", NULL);
    assert_true(strncmp(r.out, "rank\tscore\tyear\t", 16) == 0);
    tu_run_free(&r);
    /* ndjson: one hit per line */
    run(&r, NULL, "--format", "ndjson", "--limit", "3", "speech", NULL);
    assert_int_equal(r.status, 0);
    size_t lines = 0;
    for (char *p = r.out, *nl; (nl = strchr(p, '\n')); p = nl + 1, lines++) {
        *nl = '\0';
        json_t *h = json_loads(p, 0, NULL);
        assert_non_null(h);
        assert_int_equal(json_integer_value(json_object_get(h, "rank")), (json_int_t)lines + 1);
        assert_non_null(json_object_get(h, "heading"));
        json_decref(h);
    }
    assert_int_equal(lines, 3);
    tu_run_free(&r);
    /* --fields and --sort date */
    run(&r, NULL, "--fields", "id,type,year", "--sort", "date", "authority:wigan", NULL);
    char *corpus = tu_src_path("corpus");
    char want[2048];
    snprintf(want, sizeof want,
             "id\ttype\tyear\n%s/003_858577f6889f0cc7.txt\tapa-letter\t2007\n"
             "%s/000_e85d07dccdbcca4e.txt\tpeer-review\t2018\n"
             "%s/002_759b29acf5689f57.txt\tsend-inspection\t2018\n",
             corpus, corpus, corpus);
    /* the corpus path may hold symlinks: compare what follows it */
    assert_non_null(strstr(r.out, "003_858577f6889f0cc7.txt\tapa-letter\t2007\n"));
    assert_true(strstr(r.out, "003_") < strstr(r.out, "000_"));
    assert_true(strstr(r.out, "000_") < strstr(r.out, "002_"));
    assert_true(strncmp(r.out, "id\ttype\tyear\n", 13) == 0);
    (void)want;
    tu_run_free(&r);
    run(&r, NULL, "--fields", "year", "--sort", "-date", "authority:wigan", NULL);
    assert_string_equal(r.out, "year\n2018\n2018\n2007\n");
    tu_run_free(&r);
    /* paths: each file once, -0 for NUL */
    run(&r, NULL, "--format", "paths", "--limit", "100", "authority:wolverhampton", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "004_99a5531b2ffe9930.txt\n"));
    assert_null(strchr(strchr(r.out, '\n') + 1, '\n')); /* one line for 7 documents */
    tu_run_free(&r);
    run(&r, NULL, "--format", "paths", "-0", "authority:wigan", NULL);
    size_t nuls = 0;
    for (size_t i = 0; i < r.out_len; i++)
        nuls += r.out[i] == '\0';
    assert_int_equal(nuls, 3);
    assert_null(strchr(r.out, '\n'));
    tu_run_free(&r);
    /* --count alone */
    run(&r, NULL, "--count", "authority:wigan", NULL);
    assert_string_equal(r.out, "3\n");
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    run(&r, NULL, "--count", "--level", "passage", "authority:wigan", NULL);
    assert_true(atoi(r.out) > 100); /* hundreds of passages */
    tu_run_free(&r);
    run(&r, NULL, "--count", "zzyzxqq", NULL);
    assert_string_equal(r.out, "0\n");
    assert_int_equal(r.status, 1);
    tu_run_free(&r);
    /* options after the words, as with grep; a word starting with '-'
     * after -- */
    run(&r, NULL, "authority:wigan", "--count", NULL);
    assert_string_equal(r.out, "3\n");
    tu_run_free(&r);
    run(&r, NULL, "--count", "--", "-speech", "authority:wigan", NULL);
    assert_int_equal(r.status, 0);
    /* -word excludes documents with it anywhere: of Wigan's three, only
     * the 2007 letter never says "speech" */
    assert_int_equal(atoi(r.out), 1);
    assert_int_equal(atoi(r.out), total_of("authority:wigan") - all_of("authority:wigan speech"));
    tu_run_free(&r);
    free(corpus);
}

static void test_show(void **state)
{
    (void)state;
    tu_run r;
    char *file = tu_src_path("corpus/003_858577f6889f0cc7.txt");
    run(&r, NULL, "show", file, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "type:        apa-letter\n"));
    assert_non_null(strstr(r.out, "## Being healthy > For action in the next six months\n"));
    assert_non_null(strstr(r.out, "teenage pregnancy"));
    tu_run_free(&r);
    /* JSON: the passages in order */
    run(&r, NULL, "--format", "json", "show", file, NULL);
    json_t *o = json_of(&r);
    assert_string_equal(json_string_value(json_object_get(o, "type")), "apa-letter");
    json_t *ps = json_object_get(o, "passages");
    /* 69 paragraphs and items, short ones of a section joined */
    assert_true(json_array_size(ps) > 30);
    for (size_t i = 0; i < json_array_size(ps); i++)
        assert_int_equal(json_integer_value(json_object_get(json_array_get(ps, i), "passage")),
                         (json_int_t)i);
    json_decref(o);
    tu_run_free(&r);
    /* a hit names its document (docid) and the passage it shows */
    run(&r, NULL, "--format", "json", "--limit", "1", "\"teenage pregnancy\"", NULL);
    o = json_of(&r);
    json_t *hit = json_array_get(json_object_get(o, "hits"), 0);
    long long docid = (long long)json_integer_value(json_object_get(hit, "docid"));
    json_t *pn = json_object_get(hit, "passage");
    assert_true(json_is_integer(pn));
    long long passage = (long long)json_integer_value(pn);
    char *heading = xstrdup(json_string_value(json_object_get(hit, "heading")));
    char *hit_id = xstrdup(json_string_value(json_object_get(hit, "id")));
    json_decref(o);
    tu_run_free(&r);
    /* show DOCID is the whole document, as show FILE */
    char arg[4096];
    snprintf(arg, sizeof arg, "%lld", docid);
    run(&r, NULL, "show", arg, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "type:        apa-letter\n"));
    assert_non_null(strstr(r.out, "## Being healthy > For action in the next six months\n"));
    assert_non_null(strstr(r.out, "teenage pregnancy"));
    assert_null(strstr(r.out, "\nin: "));
    tu_run_free(&r);
    /* DOCID@N and ID@N: passage N alone, with its heading path */
    char in[512];
    snprintf(in, sizeof in, "in: %s\n", heading);
    snprintf(arg, sizeof arg, "%lld@%lld", docid, passage);
    run(&r, NULL, "show", arg, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, in));
    assert_non_null(strstr(r.out, "teenage pregnancy"));
    assert_null(strstr(r.out, "## ")); /* no other passage */
    char *one = r.out;
    r.out = NULL;
    tu_run_free(&r);
    snprintf(arg, sizeof arg, "%s@%lld", hit_id, passage);
    run(&r, NULL, "show", arg, NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, one);
    tu_run_free(&r);
    free(one);
    /* JSON: one passage, numbered as the hit said */
    run(&r, NULL, "--format", "json", "show", arg, NULL);
    assert_int_equal(r.status, 0);
    o = json_of(&r);
    ps = json_object_get(o, "passages");
    assert_int_equal(json_array_size(ps), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(ps, 0), "passage")), passage);
    assert_string_equal(json_string_value(json_object_get(json_array_get(ps, 0), "heading")),
                        heading);
    json_decref(o);
    tu_run_free(&r);
    /* a passage number past the end */
    snprintf(arg, sizeof arg, "%s@9999", hit_id);
    run(&r, NULL, "show", arg, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "no passage 9999"));
    tu_run_free(&r);
    /* an item of the pack by its id */
    char *pack = tu_src_path("corpus/004_99a5531b2ffe9930.txt#1");
    run(&r, NULL, "show", pack, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "title:       Minutes - 19 June 2019\n"));
    assert_non_null(strstr(r.out, "pack:        "));
    tu_run_free(&r);
    snprintf(arg, sizeof arg, "%s@0", pack);
    run(&r, NULL, "show", arg, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "title:       Minutes - 19 June 2019\n"));
    assert_non_null(strstr(r.out, "\nin: "));
    tu_run_free(&r);
    run(&r, NULL, "show", "/no/such/file.txt", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "no document"));
    tu_run_free(&r);
    /* a number is a docid: a document, not a passage */
    run(&r, NULL, "show", "999999", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "no document '999999'"));
    tu_run_free(&r);
    free(heading);
    free(hit_id);
    free(pack);
    free(file);
}

static void test_list(void **state)
{
    (void)state;
    tu_run r;
    run(&r, NULL, "--format", "tsv", "list", "authorities", NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "authority\tdocuments\nwolverhampton\t7\nwigan\t3\n"
                               "cambridgeshire\t1\npeterborough\t1\n");
    tu_run_free(&r);
    run(&r, NULL, "--format", "json", "list", "years", NULL);
    json_t *o = json_of(&r);
    long sum = 0;
    size_t i;
    json_t *v;
    json_array_foreach(o, i, v) sum += (long)json_integer_value(json_object_get(v, "count"));
    assert_int_equal(sum, 11); /* every document has a year */
    json_decref(o);
    tu_run_free(&r);
    run(&r, NULL, "--format", "text", "list", "type", NULL);
    assert_non_null(strstr(r.out, "      1 apa-letter\n"));
    tu_run_free(&r);
    run(&r, NULL, "list", "colours", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "cannot list 'colours'"));
    tu_run_free(&r);
    /* after --, "list" is a word to search for */
    run(&r, NULL, "--count", "--", "list", NULL);
    assert_true(r.status == 0 || r.status == 1);
    assert_true(r.out[0] >= '0' && r.out[0] <= '9');
    tu_run_free(&r);
}

static void test_batch(void **state)
{
    (void)state;
    tu_run r;
    run(&r, "speech\n\nauthority:wigan\nspeech AND\nzzyzxqq\n", "--batch", "--limit", "2",
        "--facets", "year", NULL);
    assert_int_equal(r.status, 2); /* one query was bad */
    const char *want_q[] = {"speech", "authority:wigan", "speech AND", "zzyzxqq"};
    size_t n = 0;
    for (char *p = r.out, *nl; (nl = strchr(p, '\n')); p = nl + 1, n++) {
        *nl = '\0';
        json_t *a = json_loads(p, 0, NULL);
        assert_non_null(a);
        assert_true(n < 4);
        assert_string_equal(json_string_value(json_object_get(a, "query")), want_q[n]);
        if (n != 2) /* answered queries say how long they took */
            assert_true(json_is_number(json_object_get(a, "took_ms")) &&
                        json_number_value(json_object_get(a, "took_ms")) >= 0);
        if (n == 1) {
            assert_int_equal(json_integer_value(json_object_get(a, "total")), 3);
            assert_int_equal(json_array_size(json_object_get(a, "hits")), 2);
            assert_non_null(json_object_get(json_object_get(a, "facets"), "year"));
        }
        if (n == 2)
            assert_non_null(strstr(json_string_value(json_object_get(a, "error")), "syntax"));
        if (n == 3)
            assert_int_equal(json_integer_value(json_object_get(a, "total")), 0);
        json_decref(a);
    }
    assert_int_equal(n, 4);
    tu_run_free(&r);
    run(&r, "authority:wigan\n", "--batch", NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    run(&r, NULL, "--batch", "speech", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "standard input"));
    tu_run_free(&r);
}

static void test_pipelines(void **state)
{
    (void)state;
    int st;
    /* from scrutiny-query(1), EXAMPLES, as written */
    char *out = shell("scrutiny-query --format json --limit 1000 type:peer-review |\n"
                      "  jq -r '.hits[].file'", &st);
    assert_int_equal(st, 0);
    assert_non_null(strstr(out, "000_e85d07dccdbcca4e.txt\n"));
    assert_non_null(strstr(out, "001_b2073b80ffbe49dc.txt\n"));
    free(out);
    out = shell("scrutiny-query --format tsv --limit 1000 '\"EHC plans\"' |\n"
                "  tail -n +2 | cut -f3 | sort | uniq -c", &st);
    assert_int_equal(st, 0);
    assert_non_null(strstr(out, " 2018\n"));
    free(out);
    /* TSV parsed back with awk: every line has the header's columns, and
     * ranks count up */
    out = shell("scrutiny-query --format tsv --limit 50 speech | "
                "awk -F'\\t' 'NR==1{n=NF; next} NF!=n{print \"bad\", NR} $1!=NR-1{print \"rank\", NR} END{print NR-1}'",
                &st);
    assert_int_equal(st, 0);
    assert_null(strstr(out, "bad"));
    assert_null(strstr(out, "rank"));
    assert_true(atoi(out) > 3);
    free(out);
    /* jq over every hit, field by field */
    out = shell("scrutiny-query --format json --facets authority 'authority:wigan' | "
                "jq -r '[.total, (.hits|length), (.facets.authority[0].value), "
                "(.hits|map(.authorities[0])|unique|join(\",\"))] | @tsv'", &st);
    assert_int_equal(st, 0);
    assert_string_equal(out, "3\t3\twigan\tWigan\n");
    free(out);
    out = shell("printf '%s\\n' 'authority:wigan' 'type:peer-review speech' |\n"
                "  scrutiny-query --batch --facets year | jq '.total'", &st);
    assert_int_equal(st, 0);
    assert_string_equal(out, "3\n3\n");
    free(out);
    /* the bash completion offers options and their values */
    char *comp = tu_src_path("completions/scrutiny-query");
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "bash -c '. %s; COMP_WORDS=(scrutiny-query --lev); COMP_CWORD=1; _scrutiny_query; "
             "echo ${COMPREPLY[*]}; COMP_WORDS=(scrutiny-query --level pa); COMP_CWORD=2; "
             "_scrutiny_query; echo ${COMPREPLY[*]}'",
             comp);
    out = shell(cmd, &st);
    assert_string_equal(out, "--level\npassage\n");
    free(out);
    free(comp);
}

/* xapian-tcpsrv serving db on a free loopback port; returns its pid. */
static pid_t start_server(const char *db, int *port)
{
    for (int attempt = 0; attempt < 20; attempt++) {
        int p = 20000 + (int)((getpid() * 7 + attempt * 131) % 30000);
        char ps[16];
        snprintf(ps, sizeof ps, "%d", p);
        pid_t pid = fork();
        if (pid == 0) {
            /* its own process group: on SIGTERM xapian-tcpsrv signals its
             * whole group, which would otherwise be this test */
            setpgid(0, 0);
            int devnull = open("/dev/null", O_WRONLY);
            dup2(devnull, 1);
            dup2(devnull, 2);
            execlp("xapian-tcpsrv", "xapian-tcpsrv", "--interface", "127.0.0.1", "--port", ps,
                   db, (char *)NULL);
            _exit(127);
        }
        struct timespec ts = {0, 300000000L};
        nanosleep(&ts, NULL);
        if (waitpid(pid, NULL, WNOHANG) == 0) { /* still up: listening */
            *port = p;
            return pid;
        }
    }
    fail_msg("could not start xapian-tcpsrv");
    return -1;
}

/* Shards searched as one (--db repeated, a stub file, xapian-tcpsrv
 * servers) answer exactly as one database holding the same documents. */
static void test_shards(void **state)
{
    (void)state;
    const char *split[2][3] = {{"000_e85d07dccdbcca4e.txt", "002_759b29acf5689f57.txt",
                                "003_858577f6889f0cc7.txt"},
                               {"001_b2073b80ffbe49dc.txt", "004_99a5531b2ffe9930.txt", NULL}};
    char *shard[2];
    for (int k = 0; k < 2; k++) {
        char name[32];
        snprintf(name, sizeof name, "shard%d", k);
        char *dir = tu_join(tmpdir, name);
        mkdir(dir, 0777);
        /* the files and their manifest, as the one database had them */
        const char *files[4] = {split[k][0], split[k][1], split[k][2], NULL};
        for (int i = 0; i < 3; i++)
            if (!files[i]) {
                files[i] = "manifest.tsv";
                break;
            }
        if (files[2] && strcmp(files[2], "manifest.tsv") != 0)
            files[3] = "manifest.tsv";
        for (int i = 0; i < 4 && files[i]; i++) {
            char *rel = tu_join("corpus", files[i]);
            char *src = tu_src_path(rel), *dst = tu_join(dir, files[i]);
            size_t len;
            char *data = read_file(src, 1 << 24, &len);
            tu_write(dst, data, len);
            free(data);
            free(rel);
            free(src);
            free(dst);
        }
        snprintf(name, sizeof name, "shard%d-db", k);
        shard[k] = tu_join(tmpdir, name);
        char *ix = tu_build_path("scrutiny-index");
        char *argv[] = {ix, "--quiet", "--db", shard[k], dir, NULL};
        tu_run r;
        tu_exec(argv, NULL, &r);
        assert_int_equal(r.status, 0);
        tu_run_free(&r);
        free(ix);
        free(dir);
    }
    char *stub = tu_join(tmpdir, "shards.stub");
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "auto %s\nauto %s\n", shard[0], shard[1]);
    tu_write(stub, sb.buf, sb.len);
    sb_free(&sb);
    static const char *const queries[] = {"speech and language", "governance authority:wigan",
                                          "\"areas for consideration\"", "theme:send recommendations"};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        tu_run one, two, three;
        /* the file's id differs by directory: compare what does not */
        run(&one, NULL, "--fields", "score,title,heading,kind,year", "--limit", "20", "--offset", "1",
            queries[i], NULL);
        run_on(&two, shard[0], "--db", shard[1], "--fields", "score,title,heading,kind,year",
               "--limit", "20", "--offset", "1", queries[i], NULL);
        run_on(&three, stub, "--fields", "score,title,heading,kind,year", "--limit", "20",
               "--offset", "1", queries[i], NULL);
        assert_string_equal(two.out, one.out);
        assert_string_equal(three.out, one.out);
        tu_run_free(&one);
        tu_run_free(&two);
        tu_run_free(&three);
        /* facets and the matrix too */
        assert_same_counts(stub, "authority,theme,year,kind", queries[i]);
    }
    assert_same_matrix(stub);
    /* the same shards served by xapian-tcpsrv on loopback */
    pid_t server[2];
    int port[2];
    for (int k = 0; k < 2; k++)
        server[k] = start_server(shard[k], &port[k]);
    char *rstub = tu_join(tmpdir, "remote.stub");
    sb_init(&sb);
    sb_addf(&sb, "remote 127.0.0.1:%d\nremote 127.0.0.1:%d\n", port[0], port[1]);
    tu_write(rstub, sb.buf, sb.len);
    sb_free(&sb);
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        tu_run local, remote;
        run(&local, NULL, "--fields", "score,title,heading,kind,year", "--limit", "20", "--offset",
            "1", queries[i], NULL);
        run_on(&remote, rstub, "--fields", "score,title,heading,kind,year", "--limit", "20",
               "--offset", "1", queries[i], NULL);
        if (remote.status > 1)
            fprintf(stderr, "remote: %s", remote.err);
        assert_string_equal(remote.out, local.out);
        tu_run_free(&local);
        tu_run_free(&remote);
        assert_same_counts(rstub, "authority,theme,year,kind", queries[i]);
    }
    assert_same_matrix(rstub);
    /* a shard down: named; with --allow-partial, the others answer */
    kill(-server[1], SIGTERM);
    waitpid(server[1], NULL, 0);
    char down[64];
    snprintf(down, sizeof down, "remote 127.0.0.1:%d", port[1]);
    tu_run two;
    run_on(&two, rstub, "--count", "speech", NULL);
    assert_int_equal(two.status, 2);
    assert_non_null(strstr(two.err, down));
    tu_run_free(&two);
    run_on(&two, rstub, "--allow-partial", "--count", "", NULL);
    assert_int_equal(two.status, 0);
    assert_non_null(strstr(two.err, down));
    assert_string_equal(two.out, "3\n"); /* shard 0: 000, 002, 003 */
    tu_run_free(&two);
    kill(-server[0], SIGTERM);
    waitpid(server[0], NULL, 0);
    /* the program form, as "remote :ssh HOST xapian-progsrv DB" would be */
    char *pstub = tu_join(tmpdir, "program.stub");
    sb_init(&sb);
    sb_addf(&sb, "remote :xapian-progsrv %s\nauto %s\n", shard[0], shard[1]);
    tu_write(pstub, sb.buf, sb.len);
    sb_free(&sb);
    assert_same_counts(pstub, "authority,kind", "speech");
    free(pstub);
    free(rstub);
    /* a shard that is not there is named */
    char *gone = tu_join(tmpdir, "no-such-shard");
    run_on(&two, shard[0], "--db", gone, "speech", NULL);
    assert_int_equal(two.status, 2);
    assert_non_null(strstr(two.err, gone));
    tu_run_free(&two);
    free(gone);
    free(stub);
    free(shard[0]);
    free(shard[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query_language),
        cmocka_unit_test(test_authority_names),
        cmocka_unit_test(test_syntax_error_position),
        cmocka_unit_test(test_did_you_mean),
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_show),
        cmocka_unit_test(test_list),
        cmocka_unit_test(test_batch),
        cmocka_unit_test(test_pipelines),
        cmocka_unit_test(test_shards),
    };
    return cmocka_run_group_tests_name("query", tests, group_setup, group_teardown);
}
