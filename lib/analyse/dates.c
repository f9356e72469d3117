/* dates.c: see dates.h. */
#include "dates.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static const char *const months[] = {"january", "february", "march",     "april",
                                     "may",     "june",     "july",      "august",
                                     "september", "october", "november", "december"};

/* The month a word names (full or 3-letter, "Sept"), 1-12, or 0. */
static int month_of(const char *w, size_t n)
{
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(months[m]);
        if ((n == full || n == 3 || (m == 8 && n == 4)) && n <= full &&
            strncasecmp(w, months[m], n) == 0)
            return m + 1;
    }
    return 0;
}

static int read_int(const char *s, size_t *i, int max_digits)
{
    int v = 0, d = 0;
    while (isdigit((unsigned char)s[*i]) && d < max_digits) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        d++;
    }
    if (isdigit((unsigned char)s[*i]))
        return -1; /* too many digits */
    return d ? v : -1;
}

static int valid(int y, int m, int d)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && d >= 0 && d <= days[m - 1];
}

static void push(found_date **out, size_t *n, size_t *cap, found_date d)
{
    if (*n == *cap)
        *out = xrealloc(*out, (*cap = *cap ? *cap * 2 : 16) * sizeof **out);
    (*out)[(*n)++] = d;
}

/* Looks back from a month name for a day: "26 ", "12th ", "24-27 ",
 * "24 to 27 ". Returns the day (the last of a range) and its start. */
static int day_before(const char *text, size_t month_start, size_t *start)
{
    size_t i = month_start;
    while (i > 0 && text[i - 1] == ' ')
        i--;
    size_t end = i;
    while (i > 0 && isalpha((unsigned char)text[i - 1]) && end - i < 2)
        i--; /* st, nd, rd, th */
    size_t digits_end = i;
    while (i > 0 && isdigit((unsigned char)text[i - 1]) && digits_end - i < 2)
        i--;
    if (i == digits_end || (i > 0 && isalnum((unsigned char)text[i - 1]) &&
                            text[i - 1] != '-'))
        return 0;
    int day = atoi(text + i);
    /* a range: keep its start for the span */
    size_t j = i;
    while (j > 0 && (text[j - 1] == '-' || text[j - 1] == ' '))
        j--;
    if (j < i && j > 0 && isdigit((unsigned char)text[j - 1])) {
        while (j > 0 && isdigit((unsigned char)text[j - 1]))
            j--;
        i = j;
    }
    *start = i;
    return day >= 1 && day <= 31 ? day : 0;
}

size_t dates_find(const char *text, found_date **out)
{
    size_t n = 0, cap = 0;
    *out = NULL;
    size_t len = strlen(text);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (i > 0 && isalnum((unsigned char)text[i - 1]))
            continue; /* only at word starts */
        if (isalpha(c)) {
            size_t j = i;
            while (isalpha((unsigned char)text[j]))
                j++;
            int m = month_of(text + i, j - i);
            if (!m)
                continue;
            size_t k = j;
            if (text[k] == '.')
                k++;
            /* "May 20, 2016", "November 3rd, 2019": the day after the month */
            int d_after = 0;
            {
                size_t q = k;
                while (text[q] == ' ')
                    q++;
                size_t ds = q;
                int dd = read_int(text, &q, 2);
                if (dd > 0 && q - ds <= 2) {
                    size_t suffix = q;
                    while (isalpha((unsigned char)text[q]) && q - suffix < 2)
                        q++;
                    if ((q == suffix || !isalpha((unsigned char)text[q])) && text[q] == ',') {
                        d_after = dd;
                        k = q;
                    }
                }
            }
            if (text[k] == ',')
                k++;
            while (text[k] == ' ')
                k++;
            size_t ys = k;
            int y = read_int(text, &k, 4);
            if (y < 0 || k - ys != 4)
                continue;
            size_t start = i;
            int d = d_after ? d_after : day_before(text, i, &start);
            if (!valid(y, m, d))
                continue;
            push(out, &n, &cap, (found_date){y, m, d, start, k});
            i = k - 1;
        } else if (isdigit(c)) {
            size_t k = i;
            int a = read_int(text, &k, 4);
            if (a < 0)
                continue;
            if (k - i == 4 && text[k] == '-') { /* 2018-07-19 */
                size_t k2 = k + 1;
                int m = read_int(text, &k2, 2);
                if (m > 0 && text[k2] == '-') {
                    size_t k3 = k2 + 1;
                    int d = read_int(text, &k3, 2);
                    if (d > 0 && valid(a, m, d) && !isalnum((unsigned char)text[k3])) {
                        push(out, &n, &cap, (found_date){a, m, d, i, k3});
                        i = k3 - 1;
                    }
                }
            } else if (k - i <= 2 && (text[k] == '/' || text[k] == '.')) { /* 19/07/2018 */
                char sep = text[k];
                size_t k2 = k + 1;
                int m = read_int(text, &k2, 2);
                if (m > 0 && text[k2] == sep) {
                    size_t k3 = k2 + 1;
                    int y = read_int(text, &k3, 4);
                    if (k3 - k2 - 1 == 4 && valid(y, m, a) && a > 0 &&
                        !isalnum((unsigned char)text[k3])) {
                        push(out, &n, &cap, (found_date){y, m, a, i, k3});
                        i = k3 - 1;
                    }
                }
            }
        }
    }
    return n;
}

void dates_format(const found_date *d, char *buf, size_t len)
{
    if (d->day)
        snprintf(buf, len, "%04d-%02d-%02d", d->year, d->month, d->day);
    else
        snprintf(buf, len, "%04d-%02d", d->year, d->month);
}
