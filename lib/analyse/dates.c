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
    if (n < 3) /* every word of a text comes here: most are no month */
        return 0;
    for (int m = 0; m < 12; m++) {
        if ((w[0] | 0x20) != months[m][0]) /* tolower() of a letter */
            continue;
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

/* Where the line that offset stands on starts, past a list's bullet. */
static size_t line_start(const char *text, size_t offset)
{
    size_t s = offset;
    while (s > 0 && text[s - 1] != '\n')
        s--;
    return s;
}

static int only_marks(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c != ' ' && c != '\t' && c != '-' && c != '*' && c < 0x80)
            return 0;
    }
    return 1;
}

/* Whether a date starts its line (a bullet aside) and the line goes on
 * for more than a few words after it. */
static int leads_line(const char *text, const found_date *d)
{
    size_t s = line_start(text, d->start);
    if (!only_marks(text + s, d->start - s))
        return 0;
    size_t words = 0;
    for (const char *p = text + d->end; *p && *p != '\n'; p++)
        words += *p == ' ' && p[1] && p[1] != ' ' && p[1] != '\n';
    return words > 4;
}

size_t dates_lead_lines(const char *text, const found_date *d, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += leads_line(text, &d[i]);
    return k;
}

/* Whether phrase stands in text[from..to), any case. */
static int said_between(const char *text, size_t from, size_t to, const char *phrase)
{
    size_t k = strlen(phrase);
    for (size_t i = from; i + k <= to; i++)
        if (strncasecmp(text + i, phrase, k) == 0 && (i == 0 || !isalnum((unsigned char)text[i - 1])))
            return 1;
    return 0;
}

const char *dates_not_own(const char *text, const found_date *d, size_t dated_lines)
{
    /* the words just before it, on its line and in its sentence */
    size_t ls = line_start(text, d->start), from = d->start > 60 ? d->start - 60 : 0;
    if (from < ls)
        from = ls;
    for (size_t i = d->start; i > from; i--)
        if (text[i - 1] == '.' && text[i] == ' ') {
            from = i;
            break;
        }
    static const char *const ahead[] = {"no later than", "deadline", "due by", NULL};
    for (size_t i = 0; ahead[i]; i++)
        if (said_between(text, from, d->start, ahead[i]))
            return "a deadline, after the text was written";
    static const char *const before[] = {"the last ", "the previous ", "the preceding ", NULL};
    for (size_t i = 0; before[i]; i++)
        if (said_between(text, from, d->start, before[i]))
            return "an earlier event, named as such";
    /* "In March 2023, a team visited us": an event the text recounts */
    size_t sentence = from;
    while (sentence < d->start && text[sentence] == ' ')
        sentence++;
    if (!d->day && d->start == sentence + 3 && strncmp(text + sentence, "In ", 3) == 0 &&
        text[d->end] == ',')
        return "an event the text recounts";
    if (dated_lines >= 2 && leads_line(text, d))
        return "an entry of a dated list";
    return NULL;
}

/* Whether the word before p is a month's name ("November 2021"). */
static int after_month(const char *s, const char *p)
{
    const char *e = p;
    while (e > s && e[-1] == ' ')
        e--;
    const char *b = e;
    while (b > s && isalpha((unsigned char)b[-1]))
        b--;
    return e > b && month_of(b, (size_t)(e - b)) != 0;
}

int dates_title_year(const char *title)
{
    int year = 0;
    for (const char *p = title; *p; p++) {
        if (!isdigit((unsigned char)*p) || (p > title && isalnum((unsigned char)p[-1])))
            continue;
        const char *q = p;
        while (isdigit((unsigned char)*q))
            q++;
        size_t n = (size_t)(q - p);
        /* a span or a date: a digit, '-', '/' or a month's word right
         * beside it */
        int joined = (p > title && (p[-1] == '-' || p[-1] == '/')) || *q == '-' ||
                     *q == '/' || isalpha((unsigned char)*q) || after_month(title, p);
        if (n == 4 && !joined && (p[0] == '1' || p[0] == '2')) {
            int y = atoi(p);
            if (y >= 1990 && y <= 2100) {
                if (year && year != y)
                    return 0;
                year = y;
            }
        }
        p = q - 1;
    }
    return year;
}

int dates_today_year(const char *text, size_t n)
{
    size_t s = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && !(text[i] == '\n' || (text[i] == '.' && i + 1 < n && text[i + 1] == ' ')))
            continue;
        if (said_between(text, s, i, "today")) {
            char *sentence = xstrndup(text + s, i - s);
            int y = dates_title_year(sentence);
            free(sentence);
            if (y)
                return y;
        }
        s = i + 1;
    }
    return 0;
}
