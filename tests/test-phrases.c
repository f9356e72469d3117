/* phrase_count (lib/base/phrases.c): whole words, either case, up to a
 * bound, at the text's very start and end; and the same counts as the
 * plain byte-by-byte scan it replaced, on random joins of tricky pieces. */
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
        for (size_t p = 0; p < n_phrases; p++)
            for (size_t max = 1; max <= 4; max += 3) {
                size_t want = plain_count(text, n, phrases[p], max),
                       got = phrase_count(text, n, phrases[p], max);
                if (want != got)
                    fail_msg("\"%.*s\" \"%s\" max %zu: %zu, want %zu", (int)n, text,
                             phrases[p], max, got, want);
            }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_words),
        cmocka_unit_test(test_same_as_plain_scan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
