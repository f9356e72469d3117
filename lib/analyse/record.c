/* record.c: see record.h. */
#include "record.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void record_init(scr_record *r)
{
    memset(r, 0, sizeof *r);
    sl_init(&r->authorities);
    sl_init(&r->publishers);
}

void record_free(scr_record *r)
{
    free(r->path);
    free(r->id);
    free(r->pack);
    free(r->title);
    sl_free(&r->authorities);
    sl_free(&r->publishers);
    free(r->doctype);
    free(r->date);
    free(r->text);
    record_init(r);
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

int record_set_date(scr_record *r, const char *date)
{
    int y = 0, m = 0, d = 0;
    size_t n = strlen(date);
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)date[i]) && !((i == 4 || i == 7) && date[i] == '-'))
            return -1;
    if (n == 4)
        y = atoi(date);
    else if (n == 7 && sscanf(date, "%4d-%2d", &y, &m) == 2)
        ;
    else if (n == 10 && sscanf(date, "%4d-%2d-%2d", &y, &m, &d) == 3)
        ;
    else
        return -1;
    if (y < 1900 || y > 2999 || (n >= 7 && (m < 1 || m > 12)) ||
        (n == 10 && (d < 1 || d > days_in_month(y, m))))
        return -1;
    free(r->date);
    r->date = xstrdup(date);
    r->year = y;
    return 0;
}
