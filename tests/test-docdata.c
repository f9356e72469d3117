/* docdata: a document's stored data through a real database, and what a
 * damaged value gives (a status, never a crash). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zstd.h>

#include "docdata.h"
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
        assert_int_equal(docdata_set(doc, data, strlen(data), &err), XC_OK);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lines_read_only_as_far_as_needed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_values_are_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
