/* own-date.c: a document's own date: a letter's, a meeting's, a page's, not a
 * date it mentions (analyse-internal.h). */
#include "analyse-internal.h"

static int future(const found_date *d)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    int today = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
    return d->year * 10000 + d->month * 100 + d->day > today;
}

enum { LABEL_NONE, LABEL_OWN, LABEL_REVISED, LABEL_DUE };

/* Whether the label of a date ends s[0..n): LABEL_OWN for the date a text
 * was published, issued or held, LABEL_REVISED for when a page was
 * reviewed or updated (its own date only when it gives no other: a
 * careful reader dates a page first published in 2019 and updated in 2023
 * by 2019, as the labels date a report by its publication), LABEL_DUE
 * for a date set ahead of it ("Review date: June 2024", "Closing date"),
 * never its own, else LABEL_NONE. */
static int label_before(const char *s, size_t n)
{
    /* a page's own dates too: the meeting an item is of ("Meeting:
     * 15/12/2022 - Cabinet"), a news item's "published today (Friday, 19
     * February 2016)" */
    static const char *const labels[] = {"date", "dated", "published", "published on",
                                         "publication date", "date of publication",
                                         "date of issue", "issued", "issue date",
                                         "posted", "posted on", "published today", NULL};
    static const char *const revised[] = {"last reviewed", "reviewed", "last updated", "updated",
                                          "updated on", "last modified", NULL};
    static const char *const due[] = {"review date", "next review date", "date of next review",
                                      "next review", "review due", "next review due",
                                      "due for review", "to be reviewed", "closing date",
                                      "deadline", "expiry date", NULL};
    static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday",
                                       "friday", "saturday", "sunday", NULL};
    while (n && s[n - 1] == ' ')
        n--;
    /* "Meeting: 15/12/2022 - Cabinet", not "the previous meeting (19 June)" */
    if (n >= 8 && s[n - 1] == ':' && strncasecmp(s + n - 8, "meeting", 7) == 0 &&
        (n == 8 || !isalnum((unsigned char)s[n - 9])))
        return LABEL_OWN;
    while (n && (s[n - 1] == ' ' || s[n - 1] == ':' || s[n - 1] == '(' || s[n - 1] == ','))
        n--;
    for (size_t i = 0; days[i]; i++) {
        size_t k = strlen(days[i]);
        if (n >= k && strncasecmp(s + n - k, days[i], k) == 0 &&
            (n == k || !isalnum((unsigned char)s[n - k - 1]))) {
            n -= k;
            while (n && (s[n - 1] == ' ' || s[n - 1] == ':' || s[n - 1] == '(' || s[n - 1] == ','))
                n--;
            break;
        }
    }
    static const int order[] = {LABEL_DUE, LABEL_OWN, LABEL_REVISED}; /* "review date" first */
    for (size_t o = 0; o < 3; o++) {
        int kind = order[o];
        const char *const *l = kind == LABEL_OWN ? labels : kind == LABEL_DUE ? due : revised;
        for (size_t i = 0; l[i]; i++) {
            size_t k = strlen(l[i]);
            if (n >= k && strncasecmp(s + n - k, l[i], k) == 0 &&
                (n == k || !isalnum((unsigned char)s[n - k - 1])))
                return kind;
        }
    }
    return LABEL_NONE;
}

/* The length of a weekday name starting s ("Friday, "), with its comma and
 * space, or 0: a dateline often starts with one. */
static size_t weekday_prefix(const char *s, size_t n)
{
    static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday",
                                       "friday", "saturday", "sunday", NULL};
    for (size_t i = 0; days[i]; i++) {
        size_t k = strlen(days[i]);
        if (n > k && strncasecmp(s, days[i], k) == 0 && !isalnum((unsigned char)s[k])) {
            while (k < n && (s[k] == ',' || s[k] == ' '))
                k++;
            return k;
        }
    }
    return 0;
}

/* The label of date d in block bi: the words right before it, or, for a
 * date that opens its block, a short block just above it alone ("Last
 * updated" / "11 January 2024": a page's labels on lines of their own). */
static int date_label(const char *text, const block *b, size_t bi, const found_date *d)
{
    const char *bs = text + b[bi].start;
    int label = label_before(bs, d->start - b[bi].start);
    /* a report template's cover, "Title: Outcome of Peer Review Date: 12th
     * September 2019": its Date: field, not a "review date" (a deadline) */
    size_t before = d->start - b[bi].start;
    while (before && bs[before - 1] == ' ')
        before--;
    if (label == LABEL_DUE && strncasecmp(bs, "title:", 6) == 0 && before >= 5 &&
        strncmp(bs + before - 5, "Date:", 5) == 0)
        label = LABEL_OWN;
    if (label == LABEL_NONE && bi > 0 && b[bi - 1].len <= 30 &&
        d->start - b[bi].start <= weekday_prefix(bs, b[bi].len))
        label = label_before(text + b[bi - 1].start, b[bi - 1].len);
    return label;
}

/* Whether a block starts with the label of an inspection's dates
 * ("Inspection dates: 5 to 9 May 2023"): a report is dated by the end of
 * its inspection, not by the earlier inspections it recalls. */
static int inspection_dates_block(const char *s, size_t n)
{
    static const char *const labels[] = {"inspection dates", "inspection date",
                                         "dates of inspection", "date of inspection",
                                         "dates of the inspection", "visit dates",
                                         "date of visit", "dates of visit", NULL};
    for (size_t i = 0; labels[i]; i++) {
        size_t k = strlen(labels[i]);
        if (n > k && strncasecmp(s, labels[i], k) == 0 && !isalnum((unsigned char)s[k]))
            return 1;
    }
    return 0;
}

static int same_date(const found_date *a, const found_date *b)
{
    return a->year == b->year && a->month == b->month && a->day == b->day;
}

char *analyse_date(const char *text, char **why, int *year)
{
    char *next = NULL;
    const char *conf;
    char *r = analyse_date_ex(text, why, year, &next, &conf);
    free(next);
    return r;
}

static int date_after(const found_date *a, const found_date *b)
{
    if (a->year != b->year)
        return a->year > b->year;
    if (a->month != b->month)
        return a->month > b->month;
    return a->day > b->day;
}

char *analyse_date_ex(const char *text, char **why, int *year, char **next, const char **conf)
{
    found_date *d;
    size_t nd = dates_find(text, &d);
    block *b;
    size_t nb = split_blocks(text, &b);
    double best_score = 0;
    size_t best = nd;
    const char *best_reason = NULL;
    double second_score = 0;
    size_t second = nd;
    const char *second_reason = NULL;
    size_t bi = 0, dated_lines = dates_lead_lines(text, d, nd), not_own = 0;
    int published = 0; /* a date labelled as the text's own, not as a revision */
    for (size_t i = 0; i < nd; i++) {
        while (bi + 1 < nb && b[bi + 1].start <= d[i].start)
            bi++;
        published |= !future(&d[i]) && date_label(text, b, bi, &d[i]) == LABEL_OWN;
    }
    bi = 0;
    for (size_t i = 0; i < nd; i++) {
        if (future(&d[i]))
            continue;
        while (bi + 1 < nb && b[bi + 1].start <= d[i].start)
            bi++;
        const char *bs = text + b[bi].start;
        size_t blen = b[bi].len;
        size_t other = blen - (d[i].end - d[i].start) - weekday_prefix(bs, blen);
        double sc = 0;
        const char *reason = "mentioned";
        /* the last date of "Inspection dates: ..." (its end) */
        if (inspection_dates_block(bs, blen) &&
            (i + 1 == nd || d[i + 1].start >= b[bi].start + blen)) {
            sc += 9;
            reason = "the end of the inspection's dates";
        }
        /* a line that is only a date, near the top: a letter's date */
        if (bi < 15 && other <= 8) {
            sc += 10;
            reason = "a line of its own near the top";
        }
        /* "Date: 16 September 2019", "Published 3 May 2018": the label right
         * before the date ("a report published in 2009" is another's) */
        int label = date_label(text, b, bi, &d[i]);
        /* "Last updated 2 June 2023" under "Published 14 March 2019": a
         * revision, not the page's date */
        if (label == LABEL_REVISED && published)
            continue;
        if (label == LABEL_DUE) {
            not_own++;
            continue;
        }
        if (label == LABEL_OWN) {
            sc += 8;
            reason = "labelled as the date";
        } else if (label == LABEL_REVISED) {
            sc += 8;
            reason = "labelled as when it was last updated or reviewed (no date of publication)";
        }
        /* a meeting's heading: "... Scrutiny Panel 25 September 2019" */
        if (d[i].end == b[bi].start + blen && blen < 160 &&
            (phrase_count(bs, blen, "panel", 1) ||
             phrase_count(bs, blen, "committee", 1) ||
             phrase_count(bs, blen, "board", 1) ||
             phrase_count(bs, blen, "cabinet", 1))) {
            sc += 8;
            reason = "the date of the meeting in its heading";
        }
        /* a date only mentioned that cannot be the text's own: a
         * deadline, an earlier event, a dated list's entry */
        if (!strcmp(reason, "mentioned") && dates_not_own(text, &d[i], dated_lines)) {
            not_own++;
            continue;
        }
        if (d[i].start < EARLY_BYTES)
            sc += 3;
        if (d[i].day)
            sc += 1;
        int copies = 0;
        for (size_t j = 0; j < nd; j++)
            copies += same_date(&d[i], &d[j]);
        sc += copies > 5 ? 5 : copies;
        /* between dates only mentioned and as strong, the latest: an account
         * of events is written after the last of them */
        int later = best < nd && sc == best_score && !strcmp(reason, "mentioned") &&
                    !strcmp(best_reason, "mentioned") && date_after(&d[i], &d[best]);
        if (sc > best_score || later) {
            if (best < nd && !same_date(&d[best], &d[i])) {
                second_score = best_score;
                second = best;
                second_reason = best_reason;
            }
            best_score = sc;
            best = i;
            best_reason = reason;
        } else if ((best == nd || !same_date(&d[best], &d[i])) && sc > second_score) {
            second_score = sc;
            second = i;
            second_reason = reason;
        }
    }
    /* the winner may have been found again after the runner-up was set */
    if (second < nd && best < nd && same_date(&d[best], &d[second]))
        second = nd;
    char *result = NULL;
    if (best < nd) {
        char buf[16];
        dates_format(&d[best], buf, sizeof buf);
        result = xstrdup(buf);
        *year = d[best].year;
        strbuf sb;
        sb_init(&sb);
        sb_addf(&sb, "\"%.*s\": %s", (int)(d[best].end - d[best].start), text + d[best].start,
                best_reason);
        *why = sb_steal(&sb);
        /* the document's own date by its place (a label, a line of its own,
         * a meeting's heading, the inspection's dates) well ahead of the
         * runner-up: high; by its place but close, or only mentioned: medium
         * and low */
        int placed = strcmp(best_reason, "mentioned") != 0;
        *conf = placed && best_score >= second_score + 5 ? CONF_HIGH
                : placed || best_score >= 2 * second_score ? CONF_MEDIUM
                                                            : CONF_LOW;
    } else {
        *year = 0;
        *why = xstrdup(not_own ? "only dates that are not its own (deadlines, earlier events, "
                                 "a dated list's entries)"
                       : nd    ? "only dates in the future"
                               : "no date in the text");
        *conf = CONF_LOW;
    }
    if (second < nd)
        *next = xstrdup_printf("\"%.*s\": %s (score %.0f against %.0f)",
                               (int)(d[second].end - d[second].start), text + d[second].start,
                               second_reason, second_score, best_score);
    else
        *next = xstrdup("none");
    free(d);
    free(b);
    return result;
}
