/* search-internal.h: what the files of the search core share (shards.c
 * opens, query-syntax.c parses, search.c runs with hits.c and
 * facet-counts.c (run.h), precedent.c, matrix.c and fetch.c answer their
 * own questions).  Not for callers: see search.h. */
#ifndef SCRUTINY_SEARCH_INTERNAL_H
#define SCRUTINY_SEARCH_INTERNAL_H

#include "passages.h"
#include "search.h"
#include "xapian-c.h"

struct gazetteer;
struct taxonomy;

struct searcher {
    search_level level; /* of the query being parsed (theme: depends on it) */
    int remote;         /* some shard is served by xapian-tcpsrv */
    unsigned shards;    /* how many databases s->db spans */
    char *path;         /* the first database's, which errors name */
    char *remote_names; /* "remote HOST:PORT, ...", or NULL: a network error names these */
    xc_rdb *db;
    xc_qparser *qp;       /* words, their synonyms and acronyms */
    xc_qparser *qp_plain; /* words only (--no-synonyms) */
    xc_rdb *qp_db;        /* remote shards: the parser's db, synonyms only */
    char *qp_dir;         /* where it is (a temporary directory) */
    struct lazy_knowledge *know; /* borrowed; see searcher_gazetteer */
    struct filter_ctx *filters; /* one per facet, for the parsers' filters */
    struct facet_sets *sets;    /* facet values' documents (facets.h) */
    char filter_error[512];     /* why the last query's filter names nothing */
    search_limits limits;       /* from the environment; searcher_limits() */
};

/* The data files' gazetteer and taxonomy, loaded on the first call
 * (lazy-knowledge.h); NULL when s has none or they could not be loaded. */
const struct gazetteer *searcher_gazetteer(const searcher *s);
const struct taxonomy *searcher_taxonomy(const searcher *s);

/* What a filter value names: its slug, or the one known value it is a
 * usual form of; else s->filter_error says why (see filters.c).
 * malloc()ed. */
struct schema_facet;
char *filter_resolve(searcher *s, const struct schema_facet *f, const char *value);
/* Levenshtein's distance between a and b (99 past 64 bytes). */
size_t edit_distance(const char *a, const char *b);
/* -1, bad (badlen bytes) saying why, when folded has a NAME:VALUE word
 * that is a slip of a filter's name, or a filter with no value
 * (filter-names.c); else 0. */
int query_check_filter_names(const char *folded, char *bad, size_t badlen);

/* What an error of status st from the database names: the remote shards
 * for a network failure (the first path would send the reader to a local
 * database that is fine), else the first database's path. */
const char *searcher_blame(const searcher *s, xc_status st);

/* A reader whose revision is overwritten by a writer gets
 * XC_ERR_MODIFIED; reopening and asking again fixes it. */
#define MODIFIED_RETRIES 5

/* Runs fn(s, ctx, err) until it does not fail with XC_ERR_MODIFIED
 * (reopening the database between tries, at most MODIFIED_RETRIES times).
 * fn must undo its partial work before it returns an error. */
typedef xc_status (*search_attempt_fn)(searcher *s, void *ctx, xc_error *err);
xc_status search_with_retry(searcher *s, search_attempt_fn fn, void *ctx, xc_error *err);

/* text with each filter that stands alone beside an OR, XOR or NOT moved
 * after the rest, which is parenthesised, so that it filters the whole
 * query (filter-hoist.c).  malloc()ed. */
char *query_hoist_filters(const char *text);

/* Whether text keeps to s's query limits (search-limits.h): SCR_OK, or
 * SCR_ERR_LIMIT with the limit named. */
MUST_CHECK scr_status query_check_limits(searcher *s, const char *text, scr_error *err);

/* The message for a query that failed with XC_ERR_LIMIT: its wildcards
 * expand to too many terms. */
void query_limit_error(const searcher *s, char *errbuf, size_t errlen);

/* Ranked queries weigh documents where two consecutive words of the query
 * stand within this many positions (a stopword or two between) higher, by
 * this factor of the two words' weight (0.5 and 1 measured on
 * ../shared/realdocs: 0.619 and 0.606 nDCG@10 before re-ranking). */
#define PROXIMITY_WINDOW 4
#define PROXIMITY_FACTOR 0.5

/* Sets up s->qp and s->qp_plain on s->db (or s->qp_db). */
int query_setup_parsers(searcher *s, xc_error *err);
/* "(query) name:value": search_query_and with a filter.  malloc()ed. */
char *query_with_filter(const char *query, const char *name, const char *value);
/* text parsed as the query language in mode match (blank: every
 * document), its words not yet scoped to passages. */
xc_status query_parse_unscoped(searcher *s, const char *text, int no_synonyms,
                               search_match match, xc_query **q, xc_error *err);
/* parsed (from query_parse_unscoped) with its words scoped to the passages
 * its passage filters name; the markers found go to scope (may be NULL). */
xc_status query_scope(const xc_query *parsed, search_match match, xc_query **q,
                      passage_scope *scope, xc_error *err);
/* Both: text parsed and scoped. */
xc_status query_parse(searcher *s, const char *text, int no_synonyms, search_match match,
                      xc_query **q, passage_scope *scope, xc_error *err);
/* The same, and (bound not NULL) *bound: in mode any, *q with its
 * proximity pairs weighed wherever both words are (xc_query_proximity's
 * bound, for xc_enquire_mset_near), else NULL.  near_only: *q weighs its
 * pairs only where the words stand near (their positions read); else as
 * the bound does (a sort by date, where relevance only breaks ties). */
xc_status query_parse_ranked(searcher *s, const char *text, int no_synonyms, search_match match,
                             int near_only, xc_query **q, xc_query **bound,
                             passage_scope *scope, xc_error *err);
/* The authority slug for a name the gazetteer knows ("Hull"), else its slug. */
char *query_authority_slug(const searcher *s, const char *value);
/* Whether p, in text, starts a word: the query language's words follow a
 * blank or an opening bracket. */
int query_word_start(const char *text, const char *p);
/* "query syntax error at column N, 'word': why" for a query Xapian refused. */
void query_explain_syntax_error(searcher *s, const char *query, const char *xapian_msg,
                                char *errbuf, size_t errlen);
/* Says in error why a search of query failed with err, and returns its
 * status: a syntax error at its word, the wildcards' limit, a filter's
 * mistake (SCR_ERR_INPUT), else what the database said, named. */
scr_status query_failed(searcher *s, const char *query, const xc_error *err, scr_error *error);
/* A new enquire over s's database that finds q's matches without
 * weighing them (a count, a set of matches), bounded by seconds when > 0. */
xc_status query_unweighted(searcher *s, const xc_query *q, double seconds, xc_enquire **out,
                           xc_error *err);
/* How many documents text finds, exactly (seconds > 0 bounds the search,
 * 0 does not). */
xc_status query_count(searcher *s, const char *text, int no_synonyms, search_match match,
                      double seconds, unsigned *out, xc_error *err);
/* A spelling correction worth offering for text, which found total
 * documents: NULL unless it changes no acronym or filter and finds more.
 * malloc()ed. */
char *query_suggestion(searcher *s, const char *text, int no_synonyms, search_match match,
                       unsigned total);

/* The search behind searcher_run and searcher_like: req's query, or
 * prebuilt (with its scope) when given. */
MUST_CHECK scr_status search_run_query(searcher *s, const search_request *req,
                                       const xc_query *prebuilt, const passage_scope *scope,
                                       search_result *res, scr_error *error);

#endif
