/* search.h: the search core shared by every output format: parse the
 * query with its filters, run it, count facets, make snippets. */
#ifndef SCRUTINY_SEARCH_H
#define SCRUTINY_SEARCH_H

#include <jansson.h>
#include <stddef.h>

typedef enum search_level {
    LEVEL_DOCUMENT, /* the best passage of each matching document */
    LEVEL_PASSAGE   /* every matching passage */
} search_level;

typedef struct search_request {
    const char *query;         /* the user's query; "" matches everything */
    search_level level;
    unsigned offset, limit;    /* the page of hits wanted */
    const char *const *facets; /* facet names to count exactly, or NULL */
    size_t n_facets;
    size_t snippet_bytes;      /* 0: no snippets */
    const char *hi_start, *hi_end; /* highlight marks in snippets */
} search_request;

typedef struct search_hit {
    unsigned rank;  /* 1-based, over the whole result */
    unsigned docid;
    double score;
    json_t *data;   /* the stored document data (see schema.h) */
    char *snippet;  /* NULL without snippets */
} search_hit;

typedef struct facet_value {
    char *value;
    unsigned count;
} facet_value;

typedef struct search_facet {
    const char *name;
    facet_value *values; /* by count, descending, then value */
    size_t len;
} search_facet;

typedef struct search_result {
    unsigned total;      /* matching documents (or passages): exact when exact != 0 */
    int exact;
    search_hit *hits;
    size_t n_hits;
    search_facet *facets;
    size_t n_facets;
} search_result;

typedef struct searcher searcher;

/* Opens the database (schema checked).  Returns 0, or -1 with the reason. */
int searcher_open(const char *dbpath, searcher **out, char *errbuf, size_t errlen);
void searcher_close(searcher *s);

/* Runs req.  Returns 0, or -1 with the reason in errbuf (a query syntax
 * error says so).  res is always safe to pass to search_result_free. */
int searcher_run(searcher *s, const search_request *req, search_result *res,
                 char *errbuf, size_t errlen);
void search_result_free(search_result *res);

#endif
