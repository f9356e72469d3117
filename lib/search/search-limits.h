/* search-limits.h: the bounds every search keeps to, whoever calls it (the
 * command line, a web server): a query no honest user writes is refused
 * with one line naming the limit, before it costs anything.  Defaults
 * below; each changes with the environment variable beside it (see
 * doc/limits.md, "Queries"). */
#ifndef SCRUTINY_SEARCH_LIMITS_H
#define SCRUTINY_SEARCH_LIMITS_H

#include <stddef.h>

#include "status.h"

#define LIMIT_QUERY_BYTES 8192u       /* SCRUTINY_MAX_QUERY_BYTES */
#define LIMIT_DEPTH 32u               /* SCRUTINY_MAX_DEPTH: nested parentheses */
#define LIMIT_WORDS 256u              /* SCRUTINY_MAX_WORDS: words of a query */
/* The most SCRUTINY_MAX_WORDS and SCRUTINY_MAX_LIKE_WORDS may be: the
 * query's rewriting recurses once a word of a chain (a NOT b NOT c...),
 * and 5,000 overflowed the stack under AddressSanitizer (4,096 did not) */
#define LIMIT_WORDS_MOST 2048
#define LIMIT_EXPANSION 1000u         /* SCRUTINY_MAX_EXPANSION: terms wildcards expand to */
#define LIMIT_LIKE_BYTES 65536u       /* SCRUTINY_MAX_LIKE_BYTES: --like text */
#define LIMIT_LIKE_WORDS 256u         /* SCRUTINY_MAX_LIKE_WORDS: --like words searched */
#define LIMIT_HITS 10000u             /* SCRUTINY_MAX_LIMIT: hits per page */
#define LIMIT_OFFSET 100000u          /* SCRUTINY_MAX_OFFSET: hits skipped */
#define LIMIT_MATRIX_CELLS 100000u    /* SCRUTINY_MAX_MATRIX_CELLS: rows x columns */
#define LIMIT_SECONDS 5.0             /* SCRUTINY_MAX_SECONDS: per search, 0: none */
/* SCRUTINY_RESCORE_WINDOW: how many of a ranked query's best documents by
 * its words alone are weighed in full (phrases and proximity checked,
 * feedback's words added) and rank first, the other matches after them,
 * as Elasticsearch's rescore window; 0: every match in full.  A corpus of
 * that many documents or fewer ranks as without it. */
#define LIMIT_RESCORE_WINDOW 1000u

typedef struct search_limits {
    size_t query_bytes;
    unsigned depth;
    unsigned words;
    unsigned expansion;
    size_t like_bytes;
    unsigned like_words;
    unsigned hits;
    unsigned offset;
    unsigned matrix_cells;
    double seconds;
    unsigned rescore_window;
} search_limits;

/* The defaults above, each replaced by its environment variable when set.
 * SCR_ERR_INPUT with "SCRUTINY_MAX_...: ..." for a value that is not a
 * number (0 is refused but for SCRUTINY_MAX_SECONDS and
 * SCRUTINY_RESCORE_WINDOW). */
MUST_CHECK scr_status search_limits_from_env(search_limits *l, scr_error *err);

/* Whether query keeps to l's length, nesting and word limits: SCR_OK, or
 * SCR_ERR_LIMIT with one line naming the limit.  Linear in the query's
 * bytes, without recursion, and before any parser sees it. */
MUST_CHECK scr_status search_limits_check_query(const search_limits *l, const char *query,
                                                scr_error *err);

/* The length check of search_limits_check_query alone, for a query of len
 * bytes that was not kept whole (a --batch line read no further). */
MUST_CHECK scr_status search_limits_check_length(const search_limits *l, size_t len,
                                                 scr_error *err);

/* The number of words query has, as search_limits_check_query counts
 * them: runs of letters, digits and other non-ASCII bytes, AND, OR, NOT,
 * XOR, NEAR and ADJ aside. */
size_t search_limits_words(const char *query);

/* text cut after its first max words (whitespace-separated), in place. */
void search_limits_cut_words(char *text, unsigned max);

/* Seconds on a monotonic clock. */
double search_limits_now(void);

#endif
