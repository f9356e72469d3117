/* lib/base/phrases.c.  phrases_find: the longest phrase at each place,
 * through words that are no phrase themselves, capitals kept, '&' as
 * "and".  phrase_next: the first place of a phrase's bytes, in either
 * case.  phrase_count: whole words, either case, up to a bound, at the
 * text's very start and end.  The last two give what the plain
 * byte-by-byte scans they replaced give, on random joins of tricky
 * pieces. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "phrases.h"

/* The hits of text as "start-end:words:first tag" joined by spaces. */
static void expect_hits(const phrases *p, const char *text, const char *want)
{
    phrase_hit *h;
    size_t n = phrases_find(p, text, &h);
    char got[256] = "";
    for (size_t i = 0; i < n; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%zu-%zu:%zu:%d", i ? " " : "",
                 h[i].start, h[i].end, h[i].words, h[i].tags[0]);
    free(h);
    assert_string_equal(got, want);
}

static void test_find_longest(void **state)
{
    (void)state;
    phrases *p = phrases_new();
    phrases_add(p, "local", 1);
    phrases_add(p, "local government association", 2); /* "local government" is none */
    phrases_add(p, "SEND", 3);
    phrases_add(p, "children & young people", 4);
    phrases_add(p, "a b c d e f g h", 5);
    expect_hits(p, "The Local Government Association's local offer", "4-32:3:2 35-40:1:1");
    expect_hits(p, "local government, local", "0-5:1:1 18-23:1:1");
    expect_hits(p, "send SEND Send", "5-9:1:3");
    expect_hits(p, "Children and young people; children & Young People", "0-25:4:4 27-50:4:4");
    expect_hits(p, "a b c d e f g h", "0-15:8:5");
    expect_hits(p, "a b c d e f g", "");
    expect_hits(p, "", "");
    phrases_free(p);
}

static size_t count(const char *text, const char *phrase, size_t max)
{
    return phrase_count(text, strlen(text), phrase, max);
}

static void test_whole_words(void **state)
{
    (void)state;
    assert_int_equal(count("Ofsted", "ofsted", 3), 1);
    assert_int_equal(count("by OFSTED.", "Ofsted", 3), 1);
    assert_int_equal(count("ofsteds and xofsted", "ofsted", 3), 0);
    assert_int_equal(count("we, We; WE", "we", 9), 3);
    assert_int_equal(count("we we we we", "we", 2), 2);
    assert_int_equal(count("care quality commission", "quality commission", 1), 1);
    assert_int_equal(count("quality  commission", "quality commission", 1), 0);
    assert_int_equal(count("us", "usa", 1), 0);
    assert_int_equal(count("", "us", 1), 0);
    assert_int_equal(count("us", "", 1), 0);
    /* non-overlapping: "aa aa" in "aa aa aa" once it has taken the first */
    assert_int_equal(count("aa aa aa", "aa aa", 5), 1);
    /* only text[0..n) counts */
    assert_int_equal(phrase_count("board board", 5, "board", 5), 1);
    assert_int_equal(phrase_count("board board", 4, "board", 5), 0);
    /* a word cut by n ends there */
    assert_int_equal(phrase_count("boards", 5, "board", 5), 1);
}

/* What phrase_count must equal: every byte tried in turn. */
static size_t plain_count(const char *text, size_t n, const char *phrase, size_t max)
{
    size_t k = strlen(phrase), c = 0;
    for (size_t i = 0; k && i + k <= n && c < max; i++)
        if (strncasecmp(text + i, phrase, k) == 0 &&
            (i == 0 || !isalnum((unsigned char)text[i - 1])) &&
            (i + k == n || !isalnum((unsigned char)text[i + k]))) {
            c++;
            i += k - 1;
        }
    return c;
}

/* What phrase_next must equal: every byte tried in turn. */
static size_t plain_next(const char *text, size_t n, size_t from, const char *phrase, size_t k)
{
    for (size_t i = from; k && i + k <= n; i++)
        if (strncasecmp(text + i, phrase, k) == 0)
            return i;
    return n;
}

static void test_same_as_plain_scan(void **state)
{
    (void)state;
    static const char *const pieces[] = {"we", "We", "WE", "w", "e", " ", ",", "our", "Our",
                                         "us", "USA", "lga", "LGA.", "Local Government",
                                         "local government association", "-", "\xC3\xA9",
                                         "x", "1", "\n", "ofsted", "OFSTED", "Ofsted's"};
    static const char *const phrases[] = {"we", "our", "us", "w", "lga", "ofsted",
                                          "local government association", "local government",
                                          "x1", "\xC3\xA9"};
    size_t n_pieces = sizeof pieces / sizeof *pieces, n_phrases = sizeof phrases / sizeof *phrases;
    unsigned seed = 2026;
    char text[512];
    for (int round = 0; round < 3000; round++) {
        text[0] = '\0';
        size_t parts = round % 40;
        for (size_t j = 0; j < parts; j++) {
            seed = seed * 1103515245u + 12345u;
            strcat(text, pieces[(seed >> 16) % n_pieces]);
        }
        size_t len = strlen(text);
        seed = seed * 1103515245u + 12345u;
        size_t n = len ? (seed >> 16) % (len + 1) : 0; /* a prefix too */
        for (size_t p = 0; p < n_phrases; p++) {
            size_t k = strlen(phrases[p]) - round % 2; /* a phrase's first bytes too */
            size_t from = n ? (seed >> 8) % n : 0;
            assert_int_equal(phrase_next(text, n, from, phrases[p], k),
                             plain_next(text, n, from, phrases[p], k));
            for (size_t max = 1; max <= 4; max += 3) {
                size_t want = plain_count(text, n, phrases[p], max),
                       got = phrase_count(text, n, phrases[p], max);
                if (want != got)
                    fail_msg("\"%.*s\" \"%s\" max %zu: %zu, want %zu", (int)n, text,
                             phrases[p], max, got, want);
            }
        }
    }
}

/* A long text in one case ("SEND SEND ...", a line in capitals): the
 * other case's letter is looked for once, not again at each find (which
 * made the scan quadratic); the answers stay the plain scan's. */
static void test_one_case_text(void **state)
{
    (void)state;
    size_t n = 200000;
    char *text = malloc(n + 64);
    assert_non_null(text);
    for (size_t i = 0; i < n; i += 5)
        memcpy(text + i, "SEND ", 5);
    strcpy(text + n, "sanctuary buildings, Send");
    size_t len = strlen(text);
    assert_int_equal(phrase_next(text, len, 0, "Sanctuary Buildings", 19), n);
    assert_int_equal(phrase_next(text, len, 7, "send", 4), 10);
    assert_int_equal(phrase_count(text, len, "sanctuary buildings", 5), 1);
    assert_int_equal(phrase_count(text, len, "send", 100000), 40001);
    assert_int_equal(phrase_next(text, len, n - 3, "send", 4),
                     plain_next(text, len, n - 3, "send", 4));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_longest),
        cmocka_unit_test(test_whole_words),
        cmocka_unit_test(test_same_as_plain_scan),
        cmocka_unit_test(test_one_case_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
