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

/* "2018-07-19" or "2018-07" into buf (at least 11 bytes). */
void dates_format(const found_date *d, char *buf, size_t len);

#endif
