/* test-expand: relevance feedback's words computed by the wrapper
 * (xc_enquire_expand reads termlists from the first plain stem on) equal
 * Xapian's own Enquire::get_eset (xc_enquire_expand_by_xapian) term for
 * term, in the same order, with weights equal to 1e-12, over databases
 * the real scrutiny-index wrote: the sample corpus, short documents
 * whose kinded passages give them more terms than words, the same in two
 * shards, over xapian-tcpsrv, and, when
 * SCRUTINY_EXPAND_DB names one (bench/run's db-10000, say), that too. */
#include <math.h>
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
#include <unistd.h>

#include <cmocka.h>
#include <roaring/roaring.h>

#include "schema.h"
#include "testutil.h"
#include "util.h"
#include "xapian-c.h"

static char *tmpdir, *dbpath, *shard1, *shard2;

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
    /* words Xapian would not fold as the writer does: a ligature, a sharp
     * s, full-width and accented capitals */
    {"e.md", "# Eastleigh: \xef\xac\x81ndings\n\n## STRA\xc3\x9f" "E visits\n\n"
             "\xef\xbc\xb3\xef\xbc\xa5\xef\xbc\xae\xef\xbc\xa4 support, \xc3\x89" "COLE "
             "caf\xc3\xa9 and the o\xef\xac\x83" "ce's \xef\xac\x81nance.\n"},
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
    /* a document of a heading alone, whose title (not UTF-8, from the
     * manifest) is its only text */
    char *f = tu_join(docs, "f.md");
    tu_write(f, "# Fenwick\n", 10);
    free(f);
    static const char manifest[] = "file\ttitle\nf.md\tNa\xefve title words\n";
    f = tu_join(docs, "manifest.tsv");
    tu_write(f, manifest, sizeof manifest - 1);
    free(f);
    char *indexer = tu_build_path("scrutiny-index");
    char *corpus = tu_src_path("corpus");
    char *fixtures = tu_src_path("tests/fixtures");
    /* all in one, and split in two shards of different sizes */
    char *const runs[][8] = {
        {indexer, "--quiet", "--db", dbpath, corpus, fixtures, docs, NULL},
        {indexer, "--quiet", "--db", shard1, corpus, docs, NULL},
        {indexer, "--quiet", "--db", shard2, fixtures, NULL},
    };
    int st = 0;
    for (size_t i = 0; i < sizeof runs / sizeof runs[0] && !st; i++) {
        tu_run r;
        tu_exec(runs[i], NULL, &r);
        st = r.status;
        if (st)
            fprintf(stderr, "indexing failed (%d): %s\n", st, r.err);
        tu_run_free(&r);
    }
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
    shard1 = tu_join(tmpdir, "shard1");
    shard2 = tu_join(tmpdir, "shard2");
    return index_all();
}

static int group_teardown(void **state)
{
    (void)state;
    tu_rmtree(tmpdir);
    free(tmpdir);
    free(dbpath);
    free(shard1);
    free(shard2);
    return 0;
}

/* An ESet as "term weight" lines, the weight's bits exact (%a). */
static void add_line(void *ctx, const char *term, double weight)
{
    sb_addf(ctx, "%s %a\n", term, weight);
}

static const char *const stop[] = {"the", "and", "of", "to", "a", "in", "is", "are"};

/* Its ESet's weights may differ from Xapian's in their last bits only:
 * a term's multiplier is summed over the documents in another order. */
#define CLOSE 1e-12

/* Whether weights a and b are the same but for their last bits. */
static int close_to(double a, double b)
{
    double scale = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= CLOSE * scale;
}

/* An ESet's words and weights, parsed back from its lines. */
typedef struct {
    char term[256];
    double weight;
} word;

/* The words of "term weight" lines, in order; *n their number. */
static word *words_of(const char *lines, size_t *n)
{
    word *w = NULL;
    size_t len = 0, cap = 0;
    for (const char *p = lines; p && *p; len++) {
        const char *space = strchr(p, ' ');
        assert_non_null(space);
        assert_true((size_t)(space - p) < sizeof w->term);
        if (len == cap) { /* doubling: an ESet of every word is thousands */
            cap = cap ? 2 * cap : 64;
            w = realloc(w, cap * sizeof *w);
            assert_non_null(w);
        }
        memcpy(w[len].term, p, (size_t)(space - p));
        w[len].term[space - p] = '\0';
        char *end = NULL;
        w[len].weight = strtod(space + 1, &end);
        assert_true(end && *end == '\n');
        p = end + 1;
    }
    *n = len;
    return w;
}

/* Both ways over rset: the same words in the same order, their weights
 * close (two neighbours whose weights are that close may stand in either
 * order); fails on the first difference.  Returns the number of words. */
static size_t compare(xc_enquire *enq, const unsigned *ids, size_t n, unsigned max)
{
    strbuf ours, xapians;
    sb_init(&ours);
    sb_init(&xapians);
    xc_error err;
    xc_status st = xc_enquire_expand(enq, ids, n, max, stop, sizeof stop / sizeof stop[0],
                                     add_line, &ours, &err);
    /* the same answer, or the same failure (docids of shards of unequal
     * sizes interleave: some name no document) */
    assert_int_equal(xc_enquire_expand_by_xapian(enq, ids, n, max, stop,
                                                 sizeof stop / sizeof stop[0], add_line,
                                                 &xapians, &err), st);
    if (st != XC_OK && st != XC_ERR_DOC_NOT_FOUND)
        fail_msg("%s", err.message);
    size_t len = 0, xlen = 0;
    word *a = words_of(ours.buf, &len), *b = words_of(xapians.buf, &xlen);
    int same = len == xlen;
    for (size_t i = 0; same && i < len; i++) {
        if (strcmp(a[i].term, b[i].term) == 0) {
            same = close_to(a[i].weight, b[i].weight);
        } else { /* a near tie, swapped */
            same = i + 1 < len && strcmp(a[i].term, b[i + 1].term) == 0 &&
                   strcmp(a[i + 1].term, b[i].term) == 0 &&
                   close_to(a[i].weight, b[i + 1].weight) &&
                   close_to(a[i + 1].weight, b[i].weight) &&
                   close_to(a[i].weight, a[i + 1].weight);
            i++;
        }
    }
    if (!same) {
        print_message("rset of %zu from docid %u, max %u:\nours:\n%s\nXapian's:\n%s\n", n,
                      n ? ids[0] : 0, max, ours.buf ? ours.buf : "",
                      xapians.buf ? xapians.buf : "");
        fail();
    }
    free(a);
    free(b);
    sb_free(&ours);
    sb_free(&xapians);
    return len;
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

/* Two local shards: a word that only one shard's relevant documents
 * hold gets that shard's frequency scaled up to the whole, as get_eset
 * scales it. */
static void test_shards(void **state)
{
    (void)state;
    xc_error err;
    xc_rdb *db = NULL;
    assert_int_equal(xc_rdb_open(shard1, &db, &err), XC_OK);
    assert_int_equal(xc_rdb_add(db, shard2, &err), XC_OK);
    size_t words = compare_over(db, 10, 1000, 60);
    xc_rdb_close(db);
    print_message("%zu words compared over two shards\n", words);
    assert_true(words > 1000);
}

/* Every document's body stems and wdf read back from its stored data
 * (as feedback reads a remote shard's documents) equal its termlist's,
 * over the three databases: headings, non-ASCII text, packs, title-only
 * documents. */
/* Each document of path's body stems by both ways, as lines "stem wdf";
 * how many stems, and *docs counts the documents (a docid a later
 * indexing run deleted is skipped). */
static size_t compare_body_words(const char *path, size_t *docs)
{
    size_t stems = 0;
    xc_error err;
    xc_rdb *db = NULL;
    unsigned n = 0, seen = 0;
    assert_int_equal(xc_rdb_open(path, &db, &err), XC_OK);
    assert_int_equal(xc_rdb_doccount(db, &n, &err), XC_OK);
    for (unsigned did = 1; seen < n; did++) {
        strbuf listed, read;
        sb_init(&listed);
        sb_init(&read);
        xc_status st = xc_rdb_body_words(db, did, 0, add_line, &listed, &err);
        if (st == XC_ERR_DOC_NOT_FOUND)
            continue;
        assert_int_equal(st, XC_OK);
        assert_int_equal(xc_rdb_body_words(db, did, 1, add_line, &read, &err), XC_OK);
        assert_non_null(listed.buf);
        assert_string_equal(read.buf, listed.buf);
        for (size_t i = 0; i < listed.len; i++)
            stems += listed.buf[i] == '\n';
        seen++;
        sb_free(&listed);
        sb_free(&read);
    }
    xc_rdb_close(db);
    *docs += seen;
    return stems;
}

static void test_body_words_from_data(void **state)
{
    (void)state;
    const char *const paths[] = {dbpath, shard1, shard2};
    size_t docs = 0, stems = 0;
    for (size_t p = 0; p < sizeof paths / sizeof paths[0]; p++)
        stems += compare_body_words(paths[p], &docs);
    print_message("%zu documents, %zu stems compared\n", docs, stems);
    assert_true(docs > 20 && stems > 2000);
}

/* Remote databases, one and two: their documents' words are read from
 * their data and the words' frequencies asked for in one request (get_eset
 * reads termlists and asks the servers for each word's collection
 * frequency instead). */
static void test_remote(void **state)
{
    (void)state;
    TU_NEED("xapian-tcpsrv");
    const char *const served[] = {dbpath, shard1, shard2};
    int port[3] = {0};
    pid_t server[3];
    for (int i = 0; i < 3; i++) {
        server[i] = tu_start_tcpsrv(served[i], &port[i]);
        assert_true(server[i] > 0);
    }
    /* each connected just before its use: xapian-tcpsrv drops a
     * connection idle for a minute */
    xc_error err;
    xc_rdb *one = NULL, *two = NULL;
    assert_int_equal(xc_rdb_remote(&one, "127.0.0.1", (unsigned)port[0], &err), XC_OK);
    size_t words = compare_over(one, 10, 12, 6);
    xc_rdb_close(one);
    assert_int_equal(xc_rdb_remote(&two, "127.0.0.1", (unsigned)port[1], &err), XC_OK);
    assert_int_equal(xc_rdb_remote(&two, "127.0.0.1", (unsigned)port[2], &err), XC_OK);
    size_t words2 = compare_over(two, 10, 12, 6);
    xc_rdb_close(two);
    for (int i = 0; i < 3; i++) {
        kill(-server[i], SIGTERM);
        waitpid(server[i], NULL, 0);
    }
    print_message("%zu and %zu words compared over one and two xapian-tcpsrv\n", words, words2);
    assert_true(words > 500 && words2 > 500);
}

/* What every commit keeps in the metadata (lib/store/xapian-kept.cc): the
 * plain stems' frequencies that feedback reads in place of the postings,
 * and the facet values' sets that facet counts read. */
typedef struct {
    xc_rdb *db;
    size_t stems, keyed, sets;
    int stale; /* the sets need not be kept (they are not trusted) */
} freq_check;

/* Whether term is a stem the table covers: "Z", a lower-case or non-ASCII
 * byte, at least four bytes, no digit. */
static int plain_stem(const char *term)
{
    if (strlen(term) <= 3 || term[0] != 'Z' ||
        !((term[1] >= 'a' && term[1] <= 'z') || (unsigned char)term[1] >= 0x80))
        return 0;
    return strpbrk(term, "0123456789") == NULL;
}

/* term's key: its frequency for a plain stem in two documents or more,
 * else none. */
static void check_freq(void *ctx, const char *term)
{
    freq_check *c = ctx;
    xc_error err;
    unsigned tf = 0;
    char *kept = NULL;
    char key[512];
    snprintf(key, sizeof key, "%s%s", SCHEMA_FREQ_KEY_PREFIX, term);
    assert_int_equal(xc_rdb_termfreq(c->db, term, &tf, &err), XC_OK);
    assert_int_equal(xc_rdb_get_metadata(c->db, key, &kept, &err), XC_OK);
    if (plain_stem(term) && tf >= 2) {
        char want[32];
        snprintf(want, sizeof want, "%u", tf);
        if (strcmp(kept, want) != 0)
            fail_msg("%s: kept %s, in %u documents", term, kept, tf);
        c->keyed++;
    } else if (*kept) {
        fail_msg("%s: kept %s, in %u documents", term, kept, tf);
    }
    c->stems += plain_stem(term);
    free(kept);
}

/* A facet value's documents as xc_rdb_term_bits gives them (from its
 * kept set, which must be there unless stale) equal its postings'
 * (xc_query_docs). */
static void check_set(void *ctx, const char *term)
{
    freq_check *c = ctx;
    xc_error err;
    char key[512], *kept = NULL;
    snprintf(key, sizeof key, "%s%s", SCHEMA_SET_KEY_PREFIX, term);
    assert_int_equal(xc_rdb_get_metadata(c->db, key, &kept, &err), XC_OK);
    if (!*kept && !c->stale) /* a portable bitmap starts with a cookie, not a NUL */
        fail_msg("%s: no set kept", term);
    free(kept);
    unsigned last = 0;
    assert_int_equal(xc_rdb_lastdocid(c->db, &last, &err), XC_OK);
    size_t words = last / 64 + 1;
    uint64_t *bits = calloc(words, sizeof *bits);
    int from_kept = -1;
    assert_int_equal(xc_rdb_term_bits(c->db, term, bits, words, &from_kept, &err), XC_OK);
    assert_int_equal(from_kept, !c->stale);
    xc_query *q = NULL;
    assert_int_equal(xc_query_any(&term, 1, &q, &err), XC_OK);
    roaring_bitmap_t *docs = roaring_bitmap_create();
    int done = 0;
    assert_int_equal(xc_query_docs(c->db, q, 60, docs, &done, &err), XC_OK);
    assert_true(done);
    size_t ones = 0;
    for (unsigned d = 0; d <= last; d++) {
        int set = (bits[d / 64] >> (d % 64)) & 1;
        assert_int_equal(set, roaring_bitmap_contains(docs, d));
        ones += set;
    }
    assert_true(ones > 0);
    roaring_bitmap_free(docs);
    xc_query_free(q);
    free(bits);
    c->sets++;
}

/* path's metadata: whole at its revision (kept) or not, and when whole, a
 * key for every plain stem in two documents or more, its frequency, and
 * none for the others, and every facet value's set.  Returns the stems
 * with a key. */
static size_t check_freqs(const char *path, int kept)
{
    xc_error err;
    freq_check c = {NULL, 0, 0, 0, !kept};
    int whole = -1;
    assert_int_equal(xc_rdb_open(path, &c.db, &err), XC_OK);
    assert_int_equal(xc_rdb_kept_whole(c.db, &whole, &err), XC_OK);
    assert_int_equal(whole, kept);
    if (kept)
        assert_int_equal(xc_rdb_each_term(c.db, "Z", check_freq, &c, &err), XC_OK);
    for (const schema_facet *f = schema_facets; f->name; f++)
        if (f->set_prefix)
            assert_int_equal(xc_rdb_each_term(c.db, f->set_prefix, check_set, &c, &err), XC_OK);
    assert_true(c.sets > 10);
    xc_rdb_close(c.db);
    assert_true(!kept || (c.keyed > 50 && c.keyed < c.stems));
    return c.keyed;
}

static void write_text(const char *path, const char *text) { tu_write(path, text, strlen(text)); }

static void index_into(const char *db, const char *dir, const char *prune)
{
    char *indexer = tu_build_path("scrutiny-index");
    char *const argv[] = {indexer, "--quiet", "--db", (char *)db, (char *)dir,
                          (char *)prune, NULL};
    tu_run r;
    tu_exec(argv, NULL, &r);
    if (r.status)
        fail_msg("indexing %s failed (%d): %s", dir, r.status, r.err);
    tu_run_free(&r);
    free(indexer);
}

/* Written whole by every indexing run, added to, changed and pruned, and
 * by a compaction (a new uuid); a copy another program compacted has a
 * stale table, which feedback does without (the same ESets as
 * get_eset's), as do the facet counts. */
static void test_kept_freqs(void **state)
{
    (void)state;
    check_freqs(dbpath, 1);
    check_freqs(shard2, 1);
    size_t before = check_freqs(shard1, 1);
    /* a word first in two documents, then in one, then in none */
    char *more = tu_join(tmpdir, "more");
    assert_int_equal(mkdir(more, 0777), 0);
    char *g = tu_join(more, "g.md"), *h = tu_join(more, "h.md");
    /* and an authority and a year each, whose sets change with them */
    write_text(g, "# Wigan children's services inspection, May 2019\n\n"
                  "Quokkas visited the nursery.\n");
    write_text(h, "# Camden peer review, June 2021\n\nQuokkas and carers.\n");
    index_into(shard1, more, NULL);
    assert_int_equal(check_freqs(shard1, 1), before + 1);
    write_text(h, "# Camden peer review, June 2022\n\nOnly carers now.\n");
    index_into(shard1, more, NULL);
    assert_int_equal(check_freqs(shard1, 1), before);
    assert_int_equal(unlink(g), 0);
    index_into(shard1, more, "--prune");
    check_freqs(shard1, 1);

    xc_error err;
    char *compacted = tu_join(tmpdir, "compacted");
    const char *const from[] = {shard1, shard2};
    assert_int_equal(xc_db_compact(from, 2, compacted, &err), XC_OK);
    check_freqs(compacted, 1);
    if (tu_have("xapian-compact")) {
        char *copy = tu_join(tmpdir, "copy");
        char *const argv[] = {"/usr/bin/env", "xapian-compact", compacted, copy, NULL};
        assert_int_equal(tu_wait_exit(tu_spawn(argv, NULL), 60000), 0);
        check_freqs(copy, 0);
        xc_rdb *db = NULL;
        assert_int_equal(xc_rdb_open(copy, &db, &err), XC_OK);
        assert_true(compare_over(db, 10, 40, 10) > 100);
        xc_rdb_close(db);
        free(copy);
    }
    free(compacted);
    free(g);
    free(h);
    free(more);
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
    size_t docs = 0, stems = compare_body_words(path, &docs);
    print_message("%zu documents, %zu stems read back from their data\n", docs, stems);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_get_eset),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_shards),
        cmocka_unit_test(test_body_words_from_data),
        cmocka_unit_test(test_remote),
        cmocka_unit_test(test_kept_freqs),
        cmocka_unit_test(test_named_database),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
