/* dates.h: finds dates written in English prose: "26 November 2007",
 * "12th September 2019", "24-27 July 2018" (the last day), "July 2018",
 * "May 20, 2016", "19/07/2018", "2018-07-19". */
#ifndef SCRUTINY_DATES_H
#define SCRUTINY_DATES_H

#include <stddef.h>

typedef struct found_date {
    int year, month, day; /* day 0 when only a month is given */
    size_t start, end;    /* bytes of the text it was read from */
} found_date;

/* All the dates in text, in order.  *out is malloc()ed. */
size_t dates_find(const char *text, found_date **out);

/* Why a date in text cannot be the document's own, or NULL when it may
 * be: a deadline or a plan ("no later than May 2025": the text was
 * written before it), an earlier event named as such ("since the last
 * inspection in November 2012"), or an entry of a dated list (lines that
 * each start with a date: the entries' dates, not the page's).  dated_lines:
 * how many lines of the text start with a date and go on (dates_lead_lines). */
const char *dates_not_own(const char *text, const found_date *d, size_t dated_lines);
/* How many of the dates d[0..n) start a line and have more than a few
 * words after them on it. */
size_t dates_lead_lines(const char *text, const found_date *d, size_t n);

/* The year of a title when it names one on its own ("2006 annual
 * performance assessment of...", "Review 2019"), not as part of a span
 * ("Plan 2006-2009", "2009/10"), nor a date's; 0 when none or several. */
int dates_title_year(const char *title);

/* The year a sentence of text[0..n) names on its own beside "today"
 * ("Ofsted's 2010 assessments, published today"): a news item's year when
 * it gives no date; 0 when none. */
int dates_today_year(const char *text, size_t n);

/* "2018-07-19" or "2018-07" into buf (at least 11 bytes). */
void dates_format(const found_date *d, char *buf, size_t len);

#endif
