/* options.h: what scrutiny-query was asked, shared by its commands. */
#ifndef SCRUTINY_QUERY_OPTIONS_H
#define SCRUTINY_QUERY_OPTIONS_H

#include "printer.h"
#include "search.h"
#include "util.h"

/* Exit statuses, as grep: documented in scrutiny-query(1). */
enum { EXIT_MATCH = 0, EXIT_NO_MATCH = 1, EXIT_ERROR = 2 };

typedef struct options {
    const char *db, *data_dir;
    strlist more_dbs; /* --db given again: shards searched as one */
    print_format format; /* --format; --batch prints PRINT_BATCH */
    int color;           /* ANSI colours in text output */
    unsigned limit, offset;
    int every_hit;       /* no --limit with --format paths: up to the most
                            a page may hold (SCRUTINY_MAX_LIMIT) */
    int limit_given;     /* --limit given (else the default, kept to the most) */
    strlist facets;
    strlist fields;      /* tsv columns */
    const char *fields_arg; /* --fields as given (NULL: not given) */
    search_level level;
    search_sort sort;
    search_match match;  /* --match */
    int count;           /* --count */
    int batch;           /* --batch */
    int nul;             /* -0 */
    int no_synonyms;     /* --no-synonyms */
    int allow_partial;   /* --allow-partial */
    const char *like;    /* --like TEXT, "-" for standard input */
    const char *similar; /* --similar ID */
    int same_authority;  /* --same-authority */
    char *matrix_a, *matrix_b; /* --matrix A,B */
    const char *recurring;     /* --recurring FACET */
} options;

#endif
