/* search.h: the search core shared by every output format: parse the
 * query with its filters, run it, count facets, make snippets. */
#ifndef SCRUTINY_SEARCH_H
#define SCRUTINY_SEARCH_H

#include <jansson.h>
#include <stddef.h>

#include "search-limits.h"
#include "status.h"
#include "util.h"

typedef enum search_level {
    LEVEL_DOCUMENT, /* the best passage of each matching document */
    LEVEL_PASSAGE   /* the answering passages of each matching document */
} search_level;

/* How the words of a query (outside explicit AND, OR, +, - and phrases)
 * decide what matches. */
typedef enum search_match {
    MATCH_ANY,    /* any word; documents with more, rarer words rank first */
    MATCH_ALL,    /* every word, anywhere in the document */
    MATCH_PASSAGE /* every word in one passage */
} search_match;

/* "any", "all", "passage"; search_match_parse returns -1 for others. */
const char *search_match_name(search_match m);
int search_match_parse(const char *name);

typedef enum search_sort {
    SORT_RELEVANCE,
    SORT_DATE,      /* oldest first, then relevance */
    SORT_DATE_DESC  /* newest first, then relevance */
} search_sort;

/* "relevance", "date", "-date"; search_sort_parse returns -1 for others. */
const char *search_sort_name(search_sort s);
int search_sort_parse(const char *name);
/* "document", "passage"; search_level_parse returns -1 for others. */
const char *search_level_name(search_level l);
int search_level_parse(const char *name);

/* "(query) clause": query and clause both asked for, as typed, the quote
 * and the brackets query leaves open closed first (they would take the
 * clause in); clause alone for a blank query.  malloc()ed. */
char *search_query_and(const char *query, const char *clause);

typedef struct search_request {
    const char *query;         /* the user's query; "" matches everything */
    search_level level;
    search_sort sort;
    search_match match;
    int exact_total;           /* count every match even without facets */
    int no_synonyms;           /* search words only as written */
    unsigned offset, limit;    /* the page of hits wanted */
    const char *const *facets; /* facet names to count exactly, or NULL */
    size_t n_facets;
    size_t snippet_bytes;      /* 0: no snippets */
    const char *hi_start, *hi_end; /* highlight marks in snippets */
} search_request;

typedef struct search_hit {
    unsigned rank;  /* 1-based, over the whole result */
    unsigned docid; /* the document's */
    double score;
    json_t *data;   /* the document's data with the passage shown merged in
                       (see schema.h) */
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
    search_match match;  /* the mode that answered */
    unsigned total;      /* matching documents (or passages): exact when exact != 0 */
    int exact;
    search_hit *hits;
    size_t n_hits;
    search_facet *facets;
    size_t n_facets;
    char *suggestion;    /* a spelling correction of the query, or NULL */
    int partial;         /* the search stopped at its time limit: hits and
                            total are what it found until then */
} search_result;

typedef struct searcher searcher;

void searcher_close(searcher *s);

/* Whether the process's searchers on one database (a server's, one a
 * thread) share the sets of documents each makes at a revision: a phrase
 * matched whole once, not once a thread.  Off by default. */
void searchers_share_sets(int on);
/* With it on, they share ranked queries' windows too, unless
 * searchers_share_rankings(0): a ranked query asked again at the same
 * revision (the page and the API, the next page, another client) weighs
 * only the window's best that the first request found, for the same
 * answer.  How many ranked requests replayed one (*found), and how many
 * did not (none was kept, or its documents no longer answered so). */
void searchers_share_rankings(int on);
void searchers_ranking_counts(unsigned long *found, unsigned long *missed);

/* Moves s to the database's latest committed revision, for a reader that
 * lives long (a server) and should see what the indexer has committed
 * since. */
MUST_CHECK scr_status searcher_refresh(searcher *s, scr_error *error);

/* The limits s's searches keep to (search-limits.h), read from the
 * environment when s was opened; a caller may change them. */
search_limits *searcher_limits(searcher *s);

/* Opens several databases as one: each path a database, or a Xapian stub
 * file whose "auto PATH" and "remote HOST:PORT" lines (xapian-tcpsrv) name
 * shards.  know (borrowed, may be NULL) is the data files' knowledge,
 * loaded on the first request that needs it (lazy-knowledge.h): filters'
 * authority names and theme and kind values, precedent's authorities, and
 * the synonym dictionary that xapian-tcpsrv does not serve (so remote
 * shards load it at once).  Ranking, paging, facets and matrices span them
 * as one database.
 * A shard that cannot be opened fails the whole (the message names it), unless
 * allow_partial: then it is left out and named in *missing. */
struct lazy_knowledge;
MUST_CHECK scr_status searcher_open_all(const char *const *paths, size_t n,
                                        struct lazy_knowledge *know, int allow_partial,
                                        strlist *missing, searcher **out, scr_error *error);

/* Runs req (a query syntax error says so: SCR_ERR_QUERY_SYNTAX; a limit
 * passed: SCR_ERR_LIMIT).  res is always safe to pass to
 * search_result_free. */
MUST_CHECK scr_status searcher_run(searcher *s, const search_request *req, search_result *res,
                                   scr_error *error);
void search_result_free(search_result *res);
/* Whether a query is blank (white space at most): it matches every
 * document. */
int query_blank(const char *query);

/* Precedent: passages like a text (or like document or passage `similar`),
 * by relevance feedback: the best-matching documents become the relevant
 * set whose words, weighed by Xapian's ESet, are searched for.  req->query,
 * when not empty, filters the answer; by default it is limited to
 * recommendation and area-for-development passages of other authorities
 * than the source's (same_authority keeps them).  SCR_ERR_NOT_FOUND when
 * `similar` names no document or passage of the database (nothing to be
 * like: the message says which). */
MUST_CHECK scr_status searcher_like(searcher *s, const search_request *req, const char *text,
                                    const char *similar, int same_authority,
                                    search_result *res, scr_error *error);

/* Cross-tabulates the documents matching req->query by two facets: fn gets
 * each pair of values with its number of documents, in order of a then b
 * (strcmp), and *documents the number of matching documents (a table of
 * more rows times columns than the limits' matrix_cells is refused:
 * SCR_ERR_LIMIT). */
typedef void (*pair_fn)(void *ctx, const char *a, const char *b, unsigned count);
MUST_CHECK scr_status searcher_matrix(searcher *s, const char *query, const char *facet_a,
                                      const char *facet_b, pair_fn fn, void *ctx,
                                      long *documents, scr_error *error);

/* A document's passages in order, for `show`: id is a document id (file
 * path or path#N) or its docid in decimal; either followed by @N names
 * passage N alone.  Each passage's data (the document's metadata with the
 * passage merged in, as a hit's) is handed to fn (borrowed).
 * SCR_ERR_NOT_FOUND, with a message naming it, when there is no such
 * document or passage. */
typedef void (*passage_fn)(void *ctx, json_t *data);
/* Where id's "@N" (a passage) begins, with N in *passage (may be NULL), or
 * -1 when id names no passage. */
long search_passage_ref(const char *id, long *passage);
/* Whether id is a docid with an @ and no passage number after it (1@abc,
 * 1@-1, 1@): a mistake in the request, not a document that is not there
 * (a path may hold an @). */
int search_passage_ref_bad(const char *id);
/* The same, or no document named at all ("", "@3"): what --similar and
 * the API's like refuse as a mistake in the request. */
int search_source_ref_bad(const char *id);
MUST_CHECK scr_status searcher_document(searcher *s, const char *id, passage_fn fn, void *ctx,
                                        scr_error *error);

/* Calls fn with each value of a facet and its number of documents, most
 * first. */
typedef void (*facet_fn)(void *ctx, const char *value, unsigned count);
MUST_CHECK scr_status searcher_facet_values(searcher *s, const char *facet, facet_fn fn,
                                            void *ctx, scr_error *error);

#endif
