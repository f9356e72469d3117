/* record.h: one source document as the indexer understands it, between
 * reading/analysis and the writer.  Knows nothing about Xapian. */
#ifndef SCRUTINY_RECORD_H
#define SCRUTINY_RECORD_H

#include "util.h"

typedef struct scr_record {
    char *path;          /* absolute path of the source file */
    char *id;            /* unique id: path, or path#N for item N of a pack */
    char *pack;          /* for an item of an agenda pack: the pack's title */
    char *title;         /* one line */
    strlist authorities; /* display names, e.g. "Wigan" */
    strlist publishers;  /* display names, e.g. "Ofsted", "CQC" */
    char *doctype;       /* vocabulary slug, e.g. "peer-review", or NULL */
    char *date;          /* "YYYY", "YYYY-MM" or "YYYY-MM-DD", or NULL */
    int year;            /* 0 when unknown */
    char *text;          /* normalised body text */
    size_t text_len;
} scr_record;

void record_init(scr_record *r);
void record_free(scr_record *r);

/* Parses an ISO date ("2018", "2018-07", "2018-07-19") into r->date and
 * r->year.  Returns 0, or -1 when date is not such a date. */
int record_set_date(scr_record *r, const char *date);

#endif
