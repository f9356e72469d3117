/* docdata: a document's stored data through a real database, and what a
 * damaged value gives (a status, never a crash). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <zstd.h>

#include "docdata.h"
#include "docdict.h"
#include "schema.h"
#include "testutil.h"
#include "util.h"
#include "xapian-c.h"

static char *dir, *dbpath;

/* Writes one document per value given: data through docdata_set, or the
 * raw bytes of `raw` straight into SLOT_DATA (NULL: no value at all). */
static void write_docs(const char *data, const char *raw, size_t raw_len, int no_value)
{
    xc_error err;
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(dbpath, XC_WDB_CREATE_OR_OPEN, &w, &err), XC_OK);
    xc_doc *doc = NULL;
    assert_int_equal(xc_doc_new(&doc, &err), XC_OK);
    assert_int_equal(xc_doc_add_boolean_term(doc, "Qone", &err), XC_OK);
    if (data)
        assert_int_equal(docdata_set(doc, data, strlen(data), NULL, &err), XC_OK);
    else if (!no_value)
        assert_int_equal(xc_doc_set_value(doc, SLOT_DATA, raw, raw_len, &err), XC_OK);
    assert_int_equal(xc_wdb_add(w, doc, NULL, &err), XC_OK);
    xc_doc_free(doc);
    assert_int_equal(xc_wdb_close(w, &err), XC_OK);
}

/* What docdata_get (lines < 0) or docdata_get_lines says of the
 * database's one document. */
static xc_status read_lines(long lines, char **out, size_t *len, xc_error *err)
{
    xc_rdb *db = NULL;
    assert_int_equal(xc_rdb_open(dbpath, &db, err), XC_OK);
    assert_int_equal(xc_rdb_load_dicts(db, err), XC_OK); /* as db_open_read does */
    xc_doc *doc = NULL;
    assert_int_equal(xc_rdb_get_document(db, 1, &doc, err), XC_OK);
    xc_status st = lines < 0 ? docdata_get(doc, out, len, err)
                             : docdata_get_lines(doc, (size_t)lines, out, len, err);
    xc_doc_free(doc);
    xc_rdb_close(db);
    return st;
}

static xc_status read_back(char **out, size_t *len, xc_error *err)
{
    return read_lines(-1, out, len, err);
}

/* How many newlines the first len bytes of s hold. */
static size_t newlines(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n';
    return n;
}

/* The raw bytes of SLOT_DATA of the database's one document. */
static char *stored_value(size_t *len)
{
    xc_error err;
    xc_rdb *db = NULL;
    assert_int_equal(xc_rdb_open(dbpath, &db, &err), XC_OK);
    xc_doc *doc = NULL;
    assert_int_equal(xc_rdb_get_document(db, 1, &doc, &err), XC_OK);
    char *raw = NULL;
    assert_int_equal(xc_doc_get_value(doc, SLOT_DATA, &raw, len, &err), XC_OK);
    xc_doc_free(doc);
    xc_rdb_close(db);
    return raw;
}

static int setup(void **state)
{
    (void)state;
    dir = tu_mkdtemp();
    dbpath = tu_join(dir, "db");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(dir);
    free(dir);
    free(dbpath);
    return 0;
}

static void test_round_trip(void **state)
{
    (void)state;
    /* two megabytes of lines that do not repeat exactly */
    strbuf sb;
    sb_init(&sb);
    sb_add(&sb, "{\"file\":\"a.txt\"}", 16);
    for (unsigned i = 0; sb.len < (2u << 20); i++)
        sb_addf(&sb, "\n{\"text\":\"passage %u says %u of %u\"}", i, i * 2654435761u, i % 97);
    write_docs(sb.buf, NULL, 0, 0);
    char *out = NULL;
    size_t len = 0;
    xc_error err;
    assert_int_equal(read_back(&out, &len, &err), XC_OK);
    assert_int_equal(len, sb.len);
    assert_memory_equal(out, sb.buf, len);
    assert_int_equal(out[len], '\0');
    free(out);
    /* compressed: the value is far smaller than the text */
    size_t raw_len = 0;
    free(stored_value(&raw_len));
    assert_true(raw_len > 0 && raw_len < sb.len / 2);
    sb_free(&sb);
}

/* A hit asks for the first line and its passage's: it gets a prefix of
 * the data that holds them, read no further than their block. */
static void test_lines_read_only_as_far_as_needed(void **state)
{
    (void)state;
    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "{\"file\":\"b.txt\"}");
    for (unsigned i = 0; i < 3000; i++) /* about 130 KB: many blocks */
        sb_addf(&sb, "\n{\"text\":\"passage %u holds %u\"}", i, i * 2654435761u);
    write_docs(sb.buf, NULL, 0, 0);
    static const long asked[] = {0, 1, 11, 1501, 3000, 3001, 100000};
    for (size_t i = 0; i < sizeof asked / sizeof *asked; i++) {
        char *out = NULL;
        size_t len = 0;
        xc_error err;
        assert_int_equal(read_lines(asked[i], &out, &len, &err), XC_OK);
        assert_true(len <= sb.len);
        assert_memory_equal(out, sb.buf, len);
        assert_int_equal(out[len], '\0');
        /* lines 0..asked whole: a newline after each, or the end */
        size_t want = (size_t)asked[i] + 1;
        assert_true(newlines(out, len) >= want || len == sb.len);
        if (asked[i] <= 11) /* near the start: not the whole */
            assert_true(len < sb.len / 4);
        if (asked[i] >= 3000)
            assert_int_equal(len, sb.len);
        free(out);
    }
    /* a frame of one block (as data was written before the blocks) reads
     * the same */
    size_t cap = ZSTD_compressBound(sb.len);
    char *frame = xmalloc(cap);
    size_t n = ZSTD_compress(frame, cap, sb.buf, sb.len, 3);
    assert_false(ZSTD_isError(n));
    tu_rmtree(dbpath);
    write_docs(NULL, frame, n, 0);
    for (long lines = -1; lines <= 11; lines += 12) {
        char *out = NULL;
        size_t len = 0;
        xc_error err;
        assert_int_equal(read_lines(lines, &out, &len, &err), XC_OK);
        assert_memory_equal(out, sb.buf, len);
        assert_true(lines < 0 ? len == sb.len : newlines(out, len) >= (size_t)lines + 1);
        free(out);
    }
    free(frame);
    sb_free(&sb);
}

static void test_damaged_values_are_errors(void **state)
{
    (void)state;
    /* a valid frame, then cut short, then its header's size changed */
    strbuf sb;
    sb_init(&sb);
    for (unsigned i = 0; i < 2000; i++)
        sb_addf(&sb, "{\"text\":\"line %u\"}\n", i * 7919u);
    xc_error err;
    write_docs(sb.buf, NULL, 0, 0);
    size_t n = 0;
    char *frame = stored_value(&n);
    struct {
        const char *what;
        const char *bytes;
        size_t len;
        int no_value;
    } cases[] = {
        {"cut short", frame, n / 2, 0},
        {"no frame at all", "not compressed", 14, 0},
        {"an empty value", "", 0, 0},
        {"no value", NULL, 0, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tu_rmtree(dbpath);
        write_docs(NULL, cases[i].bytes, cases[i].len, cases[i].no_value);
        char *out = (char *)"untouched";
        xc_status st = read_back(&out, NULL, &err);
        if (st != XC_ERR_CORRUPT)
            fail_msg("%s: status %d", cases[i].what, st);
        assert_non_null(strstr(err.message, "damaged"));
        assert_string_equal(out, "untouched");
        /* asked for lines past where it was cut: the same */
        st = read_lines(1999, &out, NULL, &err);
        if (st != XC_ERR_CORRUPT)
            fail_msg("%s, by lines: status %d", cases[i].what, st);
        assert_string_equal(out, "untouched");
    }
    /* the thread's decompression context, left midway by the frame cut
     * short, reads a whole frame again */
    tu_rmtree(dbpath);
    write_docs(sb.buf, NULL, 0, 0);
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(read_back(&out, &len, &err), XC_OK);
    assert_int_equal(len, sb.len);
    assert_memory_equal(out, sb.buf, len);
    free(out);
    free(frame);
    sb_free(&sb);
}


/* ---- the zstd dictionary (docdict.h) ---- */

/* A made-up report's data, about `bytes` long: stock sentences such as
 * reports share, with what differs from one report to the next. */
static void made_up_report(strbuf *sb, unsigned seed, size_t bytes)
{
    static const char *const stock[] = {
        "Leaders have a clear picture of where practice is strong and where it is not yet "
        "good enough.",
        "Managers check that plans for children are reviewed on time and that families "
        "understand them.",
        "The partnership has agreed how it will share information about risk at the front "
        "door.",
        "Young people told us that they know who their worker is and how to reach them.",
        "Recommendations: the council should make sure that every plan has clear outcomes.",
    };
    sb_addf(sb, "{\"file\":\"report-%u.txt\",\"title\":\"A made-up review, number %u\"}", seed,
            seed);
    for (unsigned i = 0; sb->len < bytes; i++)
        sb_addf(sb, "\n{\"heading\":\"%u. Findings\",\"text\":\"%s In %u cases of %u, %s\"}",
                i % 9, stock[(i + seed) % 5], (i * 7 + seed) % 50, 50 + seed % 13,
                stock[(i * 3 + seed) % 5]);
}

/* A trainer fed n made-up reports of `each` bytes from seed on; its
 * dictionary (or NULL) after the last. */
static const docdict *feed(docdict_trainer *t, unsigned seed, unsigned n, size_t each)
{
    const docdict *d = NULL;
    for (unsigned i = 0; i < n; i++) {
        strbuf sb;
        sb_init(&sb);
        made_up_report(&sb, seed + i, each);
        d = docdict_trainer_pick(t, sb.buf, sb.len);
        sb_free(&sb);
    }
    return d;
}

/* A trainer that has trained, on 30 made-up reports from seed on. */
static docdict_trainer *trained(unsigned seed)
{
    docdict_trainer *t = docdict_trainer_new();
    assert_non_null(feed(t, seed, 30, 40 * 1024));
    return t;
}

/* Writes data as the database's one document compressed with dict, and
 * the dictionary in its metadata when keep_dict. */
static void write_with_dict(const char *data, const docdict *dict, int keep_dict)
{
    xc_error err;
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(dbpath, XC_WDB_CREATE_OR_OPEN, &w, &err), XC_OK);
    xc_doc *doc = NULL;
    assert_int_equal(xc_doc_new(&doc, &err), XC_OK);
    assert_int_equal(docdata_set(doc, data, strlen(data), dict, &err), XC_OK);
    assert_int_equal(xc_wdb_add(w, doc, NULL, &err), XC_OK);
    xc_doc_free(doc);
    if (keep_dict) {
        size_t len;
        const char *bytes = docdict_bytes(dict, &len);
        char *key = docdict_key(dict);
        assert_int_equal(xc_wdb_set_metadata_bytes(w, key, bytes, len, &err), XC_OK);
        free(key);
    }
    assert_int_equal(xc_wdb_close(w, &err), XC_OK);
}

/* The trainer samples a run's first documents and trains once it has a
 * megabyte from eight of them; then every document gets the same one. */
static void test_trainer_trains_once_on_enough_data(void **state)
{
    (void)state;
    docdict_trainer *t = docdict_trainer_new();
    /* seven large documents are too few, whatever their size */
    assert_null(feed(t, 0, 7, 300 * 1024));
    const docdict *d = feed(t, 7, 1, 300 * 1024);
    assert_non_null(d);
    assert_true(docdict_id(d) != 0);
    size_t len = 0;
    assert_non_null(docdict_bytes(d, &len));
    assert_true(len > 0 && len <= 64 * 1024);
    char *key = docdict_key(d);
    char want[64];
    snprintf(want, sizeof want, "%s%08x", SCHEMA_DICT_KEY_PREFIX, docdict_id(d));
    assert_string_equal(key, want);
    free(key);
    assert_ptr_equal(feed(t, 100, 3, 1000), d);
    docdict_trainer_free(t);
    /* small documents: none until a megabyte of them */
    t = docdict_trainer_new();
    assert_null(feed(t, 0, 20, 40 * 1024));
    assert_non_null(feed(t, 20, 10, 40 * 1024));
    docdict_trainer_free(t);
    /* a run on a database that has one adopts it, and trains none */
    docdict_trainer *had = trained(0);
    const docdict *old = docdict_trainer_pick(had, "", 0);
    size_t n;
    const char *bytes = docdict_bytes(old, &n);
    t = docdict_trainer_new();
    assert_int_equal(docdict_trainer_adopt(t, bytes, n), 1);
    const docdict *got = feed(t, 500, 1, 1000);
    assert_non_null(got);
    assert_int_equal(docdict_id(got), docdict_id(old));
    assert_int_equal(docdict_trainer_adopt(t, "not a dictionary", 16), 0);
    docdict_trainer_free(t);
    docdict_trainer_free(had);
}

/* Data compressed with a dictionary the database holds reads back whole
 * and by lines, smaller than without. */
static void test_dictionary_frames_read_back(void **state)
{
    (void)state;
    docdict_trainer *t = trained(1000);
    const docdict *d = docdict_trainer_pick(t, "", 0);
    strbuf sb;
    sb_init(&sb);
    made_up_report(&sb, 2000, 30 * 1024);
    write_docs(sb.buf, NULL, 0, 0);
    size_t plain = 0;
    free(stored_value(&plain));
    tu_rmtree(dbpath);
    write_with_dict(sb.buf, d, 1);
    size_t with = 0;
    char *raw = stored_value(&with);
    assert_int_equal(ZSTD_getDictID_fromFrame(raw, with), docdict_id(d));
    free(raw);
    assert_true(with < plain * 3 / 4);
    char *out = NULL;
    size_t len = 0;
    xc_error err;
    assert_int_equal(read_back(&out, &len, &err), XC_OK);
    assert_int_equal(len, sb.len);
    assert_memory_equal(out, sb.buf, len);
    free(out);
    assert_int_equal(read_lines(2, &out, &len, &err), XC_OK);
    assert_true(newlines(out, len) >= 2 && len < sb.len);
    assert_memory_equal(out, sb.buf, len);
    free(out);
    sb_free(&sb);
    docdict_trainer_free(t);
}

/* A frame whose dictionary the database does not hold is an error that
 * says so, not a crash or garbage. */
static void test_missing_dictionary_is_an_error(void **state)
{
    (void)state;
    docdict_trainer *t = trained(5000);
    const docdict *d = docdict_trainer_pick(t, "", 0);
    strbuf sb;
    sb_init(&sb);
    made_up_report(&sb, 6000, 20 * 1024);
    write_with_dict(sb.buf, d, 0);
    char *out = (char *)"untouched";
    xc_error err;
    assert_int_equal(read_back(&out, NULL, &err), XC_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "dictionary"));
    assert_string_equal(out, "untouched");
    sb_free(&sb);
    docdict_trainer_free(t);
}

static int collect_key(void *ctx, const char *key, const char *value)
{
    (void)value;
    sl_push(ctx, key);
    return 0;
}

/* A value set once and then undone by a cancelled transaction is set
 * again the next time: documents compressed with a dictionary never
 * outlive it. */
static void test_set_once_survives_a_cancelled_transaction(void **state)
{
    (void)state;
    static const char value[] = "dict\0bytes";
    xc_error err;
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(dbpath, XC_WDB_CREATE_OR_OPEN, &w, &err), XC_OK);
    assert_int_equal(xc_wdb_begin(w, 0, &err), XC_OK);
    assert_int_equal(xc_wdb_set_metadata_once(w, "k", value, sizeof value, &err), XC_OK);
    assert_int_equal(xc_wdb_cancel_transaction(w, &err), XC_OK);
    assert_int_equal(xc_wdb_set_metadata_once(w, "k", value, sizeof value, &err), XC_OK);
    assert_int_equal(xc_wdb_commit(w, &err), XC_OK);
    char *got = NULL;
    size_t len = 0;
    assert_int_equal(xc_wdb_get_metadata_bytes(w, "k", &got, &len, &err), XC_OK);
    assert_int_equal(len, sizeof value);
    assert_memory_equal(got, value, len);
    free(got);
    assert_int_equal(xc_wdb_close(w, &err), XC_OK);
}

/* Every scrutiny.zdict: key of the database at path, a line each. */
static char *dict_keys(const char *path)
{
    xc_error err;
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(path, XC_WDB_OPEN, &w, &err), XC_OK);
    strlist keys;
    sl_init(&keys);
    assert_int_equal(xc_wdb_each_metadata(w, SCHEMA_DICT_KEY_PREFIX, collect_key, &keys, &err),
                     XC_OK);
    assert_int_equal(xc_wdb_close(w, &err), XC_OK);
    char *all = tu_sorted_lines(&keys);
    sl_free(&keys);
    return all;
}

/* The dictionary id of document docid's data in the database at path. */
static unsigned frame_dict(const char *path, unsigned docid)
{
    xc_error err;
    xc_rdb *db = NULL;
    assert_int_equal(xc_rdb_open(path, &db, &err), XC_OK);
    xc_doc *doc = NULL;
    assert_int_equal(xc_rdb_get_document(db, docid, &doc, &err), XC_OK);
    char *raw = NULL;
    size_t len = 0;
    assert_int_equal(xc_doc_get_value(doc, SLOT_DATA, &raw, &len, &err), XC_OK);
    unsigned id = ZSTD_getDictID_fromFrame(raw, len);
    free(raw);
    xc_doc_free(doc);
    xc_rdb_close(db);
    return id;
}

/* n made-up reports as text files, from seed on, in dir (made). */
static void write_reports(const char *in, unsigned seed, unsigned n)
{
    assert_int_equal(mkdir(in, 0777), 0);
    for (unsigned i = 0; i < n; i++) {
        strbuf sb;
        sb_init(&sb);
        sb_addf(&sb, "Made-up review number %u\n\n", seed + i);
        while (sb.len < 40 * 1024)
            sb_addf(&sb, "%u. Findings\n\nLeaders have a clear picture of where practice is "
                         "strong, in %u cases of %u. Managers check that plans for children "
                         "are reviewed on time.\n\n",
                    (unsigned)(sb.len % 9) + 1, (unsigned)(sb.len % 47), 50 + i % 13);
        char name[64];
        snprintf(name, sizeof name, "review-%03u.txt", seed + i);
        char *p = tu_join(in, name);
        tu_write(p, sb.buf, sb.len);
        free(p);
        sb_free(&sb);
    }
}

static tu_run run_tool(const char *tool, ...)
{
    char *prog = tu_build_path(tool);
    const char *head[] = {prog, NULL};
    va_list ap;
    va_start(ap, tool);
    tu_run r;
    tu_vrun(&r, NULL, head, ap);
    va_end(ap);
    free(prog);
    return r;
}

/* The real indexer trains a dictionary on a run's first megabyte, keeps
 * it in the database, and a later run adopts it; the real query program
 * reads hits and passages through it, over two databases with a
 * dictionary each too. */
static void test_indexer_trains_keeps_and_adopts(void **state)
{
    (void)state;
    char *first = tu_join(dir, "first"), *more = tu_join(dir, "more"),
         *other = tu_join(dir, "other"), *db2 = tu_join(dir, "db2");
    write_reports(first, 0, 40);
    tu_run r = run_tool("scrutiny-index", "--quiet", "--db", dbpath, first, NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    char *keys = dict_keys(dbpath);
    assert_int_equal(newlines(keys, strlen(keys)), 1); /* one dictionary */
    unsigned id = frame_dict(dbpath, 40);
    assert_true(id != 0);
    char want[64];
    snprintf(want, sizeof want, "%s%08x\n", SCHEMA_DICT_KEY_PREFIX, id);
    assert_string_equal(keys, want);
    free(keys);
    assert_int_equal(frame_dict(dbpath, 1), 0); /* a sample, compressed before it */
    /* a small second run compresses with the same one */
    write_reports(more, 100, 3);
    r = run_tool("scrutiny-index", "--quiet", "--db", dbpath, first, more, NULL);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    keys = dict_keys(dbpath);
    assert_string_equal(keys, want);
    free(keys);
    assert_int_equal(frame_dict(dbpath, 43), id);
    /* another database, written in parts on two threads, has its own */
    write_reports(other, 200, 40);
    setenv("SCRUTINY_PART_FILES", "10", 1);
    r = run_tool("scrutiny-index", "--quiet", "--jobs", "2", "--db", db2, other, NULL);
    unsetenv("SCRUTINY_PART_FILES");
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    keys = dict_keys(db2);
    assert_int_equal(newlines(keys, strlen(keys)), 1);
    unsigned id2 = frame_dict(db2, 40);
    assert_true(id2 != 0 && id2 != id);
    free(keys);
    /* hits' passages and show, through both dictionaries */
    r = run_tool("scrutiny-query", "--db", dbpath, "--db", db2, "--format", "tsv", "--limit",
                 "100", "--fields", "file,snippet", "managers check", NULL);
    assert_int_equal(r.status, 0);
    assert_int_equal(newlines(r.out, r.out_len), 84); /* a header, and every document */
    assert_non_null(strstr(r.out, "review-102.txt"));
    assert_non_null(strstr(r.out, "review-239.txt"));
    assert_non_null(strstr(r.out, "Managers check"));
    tu_run_free(&r);
    char *shown = tu_join(other, "review-239.txt");
    r = run_tool("scrutiny-query", "--db", dbpath, "--db", db2, "show", shown, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Made-up review number 239"));
    tu_run_free(&r);
    free(shown);
    free(first);
    free(more);
    free(other);
    free(db2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lines_read_only_as_far_as_needed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_values_are_errors, setup, teardown),
        cmocka_unit_test(test_trainer_trains_once_on_enough_data),
        cmocka_unit_test_setup_teardown(test_missing_dictionary_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dictionary_frames_read_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_once_survives_a_cancelled_transaction, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_indexer_trains_keeps_and_adopts, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
