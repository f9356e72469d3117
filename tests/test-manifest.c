/* Unit tests of manifest.tsv parsing (and the tsv reader under it, and
 * sl_split) and record dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "manifest.h"
#include "record.h"
#include "testutil.h"
#include "tsv.h"
#include "util.h"

static char *write_manifest(const char *dir, const char *content)
{
    char *path = tu_join(dir, "manifest.tsv");
    tu_write(path, content, strlen(content));
    return path;
}

static void test_columns_in_any_order(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    char *path = write_manifest(dir,
                                "# comment line\n"
                                "date\tfile\tauthority\tpublisher\textra\tdoctype\r\n"
                                "2018-07-19\ta.txt\tPeterborough; Cambridgeshire\tOfsted;CQC\tx\tsend-inspection\r\n"
                                "\n"
                                "2007\tb.txt\t\t\t\t\n");
    manifest m;
    scr_error err;
    assert_int_equal(manifest_load(path, &m, &err), SCR_OK);
    assert_int_equal(m.len, 2);
    const manifest_entry *e = manifest_find(&m, "a.txt");
    assert_non_null(e);
    assert_null(manifest_find(&m, "c.txt"));
    scr_record r;
    record_init(&r);
    assert_int_equal(manifest_apply(e, &r, &err), SCR_OK);
    assert_int_equal(r.authorities.len, 2);
    assert_string_equal(r.authorities.items[0], "Peterborough");
    assert_string_equal(r.authorities.items[1], "Cambridgeshire");
    assert_int_equal(r.publishers.len, 2);
    assert_string_equal(r.publishers.items[1], "CQC");
    assert_string_equal(r.doctype, "send-inspection");
    assert_string_equal(r.date, "2018-07-19");
    assert_int_equal(r.year, 2018);
    record_free(&r);
    /* empty cells leave fields unset */
    record_init(&r);
    assert_int_equal(manifest_apply(manifest_find(&m, "b.txt"), &r, &err), SCR_OK);
    assert_int_equal(r.authorities.len, 0);
    assert_null(r.doctype);
    assert_int_equal(r.year, 2007);
    record_free(&r);
    manifest_free(&m);
    tu_rmtree(dir);
    free(dir);
    free(path);
}

static void test_bad_manifests(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    manifest m;
    scr_error err;
    char *path = write_manifest(dir, "title\tdate\nx\t2018\n");
    assert_int_not_equal(manifest_load(path, &m, &err), SCR_OK);
    assert_non_null(strstr(err.message, "no 'file' column"));
    assert_non_null(strstr(err.message, path));
    free(path);
    path = write_manifest(dir, "");
    assert_int_not_equal(manifest_load(path, &m, &err), SCR_OK);
    assert_non_null(strstr(err.message, "empty manifest"));
    free(path);
    path = write_manifest(dir, "file\tdate\n\t2018\n");
    assert_int_not_equal(manifest_load(path, &m, &err), SCR_OK);
    assert_non_null(strstr(err.message, "has no file name"));
    free(path);
    path = tu_join(dir, "missing.tsv");
    assert_int_not_equal(manifest_load(path, &m, &err), SCR_OK);
    assert_non_null(strstr(err.message, "No such file"));
    free(path);
    /* a malformed date is reported, not stored */
    path = write_manifest(dir, "file\tdate\na.txt\t19 July 2018\n");
    assert_int_equal(manifest_load(path, &m, &err), SCR_OK);
    scr_record r;
    record_init(&r);
    assert_int_not_equal(manifest_apply(&m.entries[0], &r, &err), SCR_OK);
    assert_non_null(strstr(err.message, "19 July 2018"));
    assert_null(r.date);
    record_free(&r);
    manifest_free(&m);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

static void test_dates(void **state)
{
    (void)state;
    static const struct {
        const char *date;
        int ok, year;
    } cases[] = {
        {"2018", 1, 2018},       {"2018-07", 1, 2018}, {"2018-07-19", 1, 2018},
        {"2020-02-29", 1, 2020}, {"2019-02-29", 0, 0}, {"2018-13", 0, 0},
        {"2018-00-10", 0, 0},    {"18-07-19", 0, 0},   {"2018/07/19", 0, 0},
        {"", 0, 0},              {"1066", 0, 0},       {"2018-07-19x", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        scr_record r;
        record_init(&r);
        int rc = record_set_date(&r, cases[i].date);
        assert_int_equal(rc == 0, cases[i].ok);
        assert_int_equal(r.year, cases[i].year);
        record_free(&r);
    }
}

/* The tsv reader: comments and blank lines skipped, CRLF, cells trimmed,
 * short rows padded with empty cells, long ones cut to the header. */
static void test_tsv_shape(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    char *path = tu_join(dir, "t.tsv");
    const char *text = "# a comment\n"
                       " slug \tname\tnotes\r\n"
                       "\n"
                       "a\t  Alpha  \t x;y \n"
                       "b\n"
                       "c\tGamma\tmore\tcut\tcut too\n"
                       "d\t\t";
    tu_write(path, text, strlen(text));
    tsv t;
    scr_error err;
    assert_int_equal(tsv_load(path, &t, &err), SCR_OK);
    assert_int_equal(t.n_columns, 3);
    assert_int_equal(tsv_column(&t, "slug"), 0);
    assert_int_equal(tsv_column(&t, "notes"), 2);
    assert_int_equal(tsv_column(&t, "cut"), -1);
    assert_int_equal(t.n_rows, 4);
    assert_string_equal(tsv_cell(&t, 0, 1), "Alpha");
    assert_string_equal(tsv_cell(&t, 0, 2), "x;y");
    assert_string_equal(tsv_cell(&t, 1, 0), "b");
    assert_string_equal(tsv_cell(&t, 1, 1), "");
    assert_string_equal(tsv_cell(&t, 1, 2), "");
    assert_string_equal(tsv_cell(&t, 2, 2), "more");
    assert_string_equal(tsv_cell(&t, 3, 0), "d");
    assert_string_equal(tsv_cell(&t, 3, 2), "");
    assert_string_equal(tsv_cell(&t, 3, -1), "");
    assert_string_equal(tsv_cell(&t, 4, 0), "");
    strlist l;
    sl_init(&l);
    sl_split(&l, " a ; ;b\t;  c d ;", ';');
    assert_int_equal(l.len, 3);
    assert_string_equal(l.items[0], "a");
    assert_string_equal(l.items[1], "b");
    assert_string_equal(l.items[2], "c d");
    sl_free(&l);
    tsv_free(&t);
    /* a byte-order mark before the header is no part of its first name */
    const char *marked = "\xef\xbb\xbfslug\tname\na\tAlpha\n";
    tu_write(path, marked, strlen(marked));
    assert_int_equal(tsv_load(path, &t, &err), SCR_OK);
    assert_int_equal(tsv_column(&t, "slug"), 0);
    assert_string_equal(tsv_cell(&t, 0, 0), "a");
    tsv_free(&t);
    const char *empty = "# only a comment\n\n";
    tu_write(path, empty, strlen(empty));
    assert_int_equal(tsv_load(path, &t, &err), SCR_ERR_INPUT);
    assert_non_null(strstr(err.message, "t.tsv: empty (no header line)"));
    tu_rmtree(dir);
    free(path);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns_in_any_order),
        cmocka_unit_test(test_tsv_shape),
        cmocka_unit_test(test_bad_manifests),
        cmocka_unit_test(test_dates),
    };
    return cmocka_run_group_tests_name("manifest", tests, NULL, NULL);
}
