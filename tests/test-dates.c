/* dates_find (lib/analyse/dates.c): a month's word in any case, full or
 * of three letters ("Sept" too), and words that only begin like one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dates.h"

/* The dates of text formatted and joined by spaces. */
static void expect_dates(const char *text, const char *want)
{
    found_date *d;
    size_t n = dates_find(text, &d);
    char got[256] = "";
    for (size_t i = 0; i < n; i++) {
        char one[16];
        dates_format(&d[i], one, sizeof one);
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? " " : "", one);
    }
    free(d);
    assert_string_equal(got, want);
}

static void test_month_words(void **state)
{
    (void)state;
    expect_dates("seen 5 SEPTEMBER 2019 and 3 dec 2020", "2019-09-05 2020-12-03");
    expect_dates("from 12 Sept 2018 to 1 Sep. 2018", "2018-09-12 2018-09-01");
    expect_dates("May 20, 2016; JULY 2018", "2016-05-20 2018-07");
    expect_dates("the Mayor 2019, Ma 2019, Augusta 2019, Junes 2019", "");
    expect_dates("Febr 2019 or Octo 2019", "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_month_words)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
