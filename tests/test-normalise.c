/* Unit tests of the normaliser on the noise real extracted text carries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <malloc.h>

#include "normalise.h"
#include "util.h"

static void check_text(const char *in, const char *want)
{
    size_t len, bad = 99;
    char *out = norm_text(in, strlen(in), &len, &bad);
    assert_non_null(out);
    assert_string_equal(out, want);
    assert_int_equal(len, strlen(want));
    assert_int_equal(bad, 0);
    free(out);
}

static void test_typography(void **state)
{
    (void)state;
    /* curly quotes, apostrophes, en and em dashes */
    check_text("\xE2\x80\x9C" "Children\xE2\x80\x99s services\xE2\x80\x9D \xE2\x80\x93 good \xE2\x80\x94 2005\xE2\x80\x93" "06",
               "\"Children's services\" - good - 2005-06");
    /* ligatures and full-width letters (NFKC) */
    check_text("\xEF\xAC\x81nance \xEF\xAC\x82ow \xEF\xBC\xA5\xEF\xBC\xA8\xEF\xBC\xA3", "finance flow EHC");
    /* soft hyphen vanishes; non-breaking space becomes a space */
    check_text("safe\xC2\xADguarding\xC2\xA0" "board", "safeguarding board");
    /* zero-width space is invisible noise too */
    check_text("co\xE2\x80\x8Bproduction", "coproduction");
}

static void test_controls(void **state)
{
    (void)state;
    /* CRLF and CR to LF, tab to space, form feed to newline, BEL dropped */
    check_text("a\r\nb\rc\td\fe\x07" "f", "a\nb\nc d\nef");
}

static void test_invalid_utf8_and_nul(void **state)
{
    (void)state;
    const char in[] = "ok \xFF bad \xC3 end\0after";
    size_t len, bad = 0;
    char *out = norm_text(in, sizeof in - 1, &len, &bad);
    assert_non_null(out);
    assert_string_equal(out, "ok \xEF\xBF\xBD bad \xEF\xBF\xBD endafter");
    assert_int_equal(bad, 2);
    assert_int_equal(strlen(out), len);
    free(out);
    /* a truncated sequence at the very end */
    out = norm_text("x\xE2\x80", 3, &len, &bad);
    assert_non_null(out);
    assert_int_equal(bad, 2);
    free(out);
    /* empty input */
    out = norm_text("", 0, &len, NULL);
    assert_non_null(out);
    assert_string_equal(out, "");
    free(out);
}

/* A file name's bytes survive JSON: invalid bytes and '%' escaped, the
 * rest (valid UTF-8 too) kept, and every name comes back as it was. */
static void test_escape_bytes(void **state)
{
    (void)state;
    const char *names[] = {"/docs/caf\xe9 100%.txt", "/docs/caf\xc3\xa9.txt", "%41\xff\xfe%",
                           "/a/\xe2\x80.pdf", ""};
    const char *want[] = {"/docs/caf%E9 100%25.txt", "/docs/caf\xc3\xa9.txt",
                          "%2541%FF%FE%25", "/a/%E2%80.pdf", ""};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char *e = norm_escape_bytes(names[i]);
        assert_string_equal(e, want[i]);
        assert_true(utf8_valid(e, strlen(e)));
        char *back = norm_unescape_bytes(e);
        assert_string_equal(back, names[i]);
        free(back);
        free(e);
    }
}

static void test_fold(void **state)
{
    (void)state;
    size_t len;
    char *out = norm_fold("Straße SEND \xEF\xAC\x81" "X", strlen("Straße SEND \xEF\xAC\x81" "X"), &len, NULL);
    assert_string_equal(out, "strasse send fix");
    free(out);
}

static void test_query_keeps_operators(void **state)
{
    (void)state;
    char *q = norm_query("Speech AND \xE2\x80\x9CLanguage Therapy\xE2\x80\x9D NOT SALT OR (EHC NEAR/3 Plans) ANDROID");
    assert_non_null(q);
    assert_string_equal(q, "speech AND \"language therapy\" NOT salt OR (ehc NEAR/3 plans) android");
    free(q);
    q = norm_query("authority:\"West Sussex\" year:2016..2019");
    assert_string_equal(q, "authority:\"west sussex\" year:2016..2019");
    free(q);
}

static void test_slug(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"West Sussex", "west-sussex"},
        {"  Peterborough & Cambridgeshire ", "peterborough-cambridgeshire"},
        {"west-sussex", "west-sussex"},
        {"St. Helens", "st-helens"},
        {"Ofsted", "ofsted"},
        {"2018", "2018"},
        {"---", ""},
        {"Bri\xCC\x81stol", "br\xC3\xADstol"}, /* combining accent composed */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = norm_slug(cases[i][0]);
        assert_non_null(s);
        assert_string_equal(s, cases[i][1]);
        free(s);
    }
}

/* Found by fuzz-normalise: folding lengthens the query, and later spaces
 * were copied past the buffer's end. */
static void test_fuzz_regression_query_growth(void **state)
{
    (void)state;
    char *path = NULL;
    const char *src = getenv("SCRUTINY_SRCDIR");
    size_t n = strlen(src ? src : ".") + 64;
    path = malloc(n);
    snprintf(path, n, "%s/tests/regressions/query-folds-longer.txt", src ? src : ".");
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char buf[65536];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[len] = '\0';
    char *q = norm_query(buf);
    assert_non_null(q);
    free(q);
    /* and a hand-made one: each word folds to more bytes than it had */
    q = norm_query("\xC4\xB0 \xC4\xB0 \xC4\xB0 AND \xC4\xB0 \xC4\xB0"); /* U+0130 */
    assert_string_equal(q, "i\xCC\x87 i\xCC\x87 i\xCC\x87 AND i\xCC\x87 i\xCC\x87");
    free(q);
    free(path);
}

/* xgrow: every item appended is kept, and the array is moved only when
 * its count reaches a power of two (17 appends: 3 moves, not 17). */
static void test_xgrow_keeps_items(void **state)
{
    (void)state;
    size_t *a = NULL, moves = 0;
    for (size_t n = 0; n < 1000; n++) {
        size_t *before = a;
        a = xgrow(a, n, sizeof *a);
        if (n < 17 && a != before)
            moves++;
        if (n > 8 && (n & (n - 1)) != 0) /* room was left: not moved */
            assert_ptr_equal(a, before);
        a[n] = n * 7;
    }
    for (size_t n = 0; n < 1000; n++)
        assert_int_equal(a[n], n * 7);
    assert_true(moves <= 3);
    free(a);
}

/* util_keep_freed_memory: a block of megabytes comes from the heap, not a
 * mapping of its own, and freeing it leaves the heap as large (glibc's
 * own malloc only: the sanitizers bring theirs). */
static void test_freed_memory_kept(void **state)
{
    (void)state;
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    skip();
#else
    const size_t big = 4u << 20;
    util_keep_freed_memory();
    struct mallinfo2 before = mallinfo2();
    char *p = malloc(big);
    assert_non_null(p);
    memset(p, 1, big);
    struct mallinfo2 during = mallinfo2();
    assert_int_equal(during.hblkhd, before.hblkhd); /* not mapped apart */
    assert_true(during.arena >= big);
    free(p);
    assert_true(mallinfo2().arena >= big); /* not given back */
#endif
}

/* the query operators are upper case; NEAR and ADJ may carry a distance */
static void test_operators(void **state)
{
    (void)state;
    assert_true(norm_is_operator("OR", 2));
    assert_true(norm_is_operator("NEAR/3", 6));
    assert_false(norm_is_operator("or", 2));
    assert_false(norm_is_operator("ORANGE", 6));
    assert_false(norm_is_operator("NEARBY", 6));
}

/* The fast path for plain ASCII lines gives what utf8proc over the whole
 * text gives: pieces that a line break, a tab, a CR, a combining mark, a
 * ligature or capitals could make differ, joined at random. */
static void test_plain_lines_as_whole(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "plain words", "\n", "\r\n", "\r", "\t", "\f", "Capitals AND Or", "e\xCC\x81",
        "\xCC\x81", "\xEF\xAC\x81", "\xE2\x80\x9Cq\xE2\x80\x9D", "\xC2\xA0", "\x01",
        "\x7F", "\xFF", "Stra\xC3\x9F" "e", "\xE2\x80\x93", "\n\n", " ", "\xEF\xBC\xA5"};
    const size_t n_pieces = sizeof pieces / sizeof *pieces;
    unsigned seed = 12345;
    for (int round = 0; round < 3000; round++) {
        char text[512] = "";
        int parts = 1 + round % 12;
        for (int k = 0; k < parts; k++) {
            seed = seed * 1103515245u + 12345u;
            strcat(text, pieces[(seed >> 16) % n_pieces]);
        }
        for (int fold = 0; fold <= 1; fold++) {
            size_t len = 0, wlen = 0;
            char *fast = fold ? norm_fold(text, strlen(text), &len, NULL)
                              : norm_text(text, strlen(text), &len, NULL);
            char *whole = norm_map_whole(text, strlen(text), &wlen, fold);
            assert_non_null(fast);
            assert_non_null(whole);
            assert_int_equal(len, wlen);
            assert_memory_equal(fast, whole, len);
            free(fast);
            free(whole);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_typography),
        cmocka_unit_test(test_plain_lines_as_whole),
        cmocka_unit_test(test_controls),
        cmocka_unit_test(test_invalid_utf8_and_nul),
        cmocka_unit_test(test_escape_bytes),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_query_keeps_operators),
        cmocka_unit_test(test_slug),
        cmocka_unit_test(test_fuzz_regression_query_growth),
        cmocka_unit_test(test_xgrow_keeps_items),
        cmocka_unit_test(test_freed_memory_kept),
        cmocka_unit_test(test_operators),
    };
    return cmocka_run_group_tests_name("normalise", tests, NULL, NULL);
}
