/* xapian-c.h: a small C API over libxapian, the only door to C++ in scrutiny.
 *
 * Conventions:
 *  - Handles are opaque.  Read-only databases (xc_rdb) and writable ones
 *    (xc_wdb) are different types, so a reader can never write by mistake.
 *  - Every call that can fail returns an xc_status, the library's
 *    scr_status; results come back through out-parameters, which are untouched on failure.  When `err`
 *    is not NULL it receives the status and a one-line message.
 *  - No C++ exception ever crosses into C: each entry point catches
 *    everything and maps it to a status.
 *  - Ownership: a `char **out` result is malloc()ed and the caller
 *    free()s it.  A `const char **out` result is borrowed and lives as
 *    long as the handle it came from.  Every _new and _open call has a
 *    matching _free or _close, which accepts NULL.
 */
#ifndef SCRUTINY_XAPIAN_C_H
#define SCRUTINY_XAPIAN_C_H

#include <stddef.h>
#include <stdint.h>

#include "must-check.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The store's status is the library's (lib/base/status.h): its own
 * names, kept so the boundary reads as one API. */
typedef scr_status xc_status;
typedef scr_error xc_error;
#define XC_OK SCR_OK
#define XC_ERR_NOT_FOUND SCR_ERR_NOT_FOUND
#define XC_ERR_OPENING SCR_ERR_OPENING
#define XC_ERR_VERSION SCR_ERR_VERSION
#define XC_ERR_LOCKED SCR_ERR_LOCKED
#define XC_ERR_MODIFIED SCR_ERR_MODIFIED
#define XC_ERR_CORRUPT SCR_ERR_CORRUPT
#define XC_ERR_QUERY_SYNTAX SCR_ERR_QUERY_SYNTAX
#define XC_ERR_DOC_NOT_FOUND SCR_ERR_DOC_NOT_FOUND
#define XC_ERR_INVALID SCR_ERR_INVALID
#define XC_ERR_NETWORK SCR_ERR_NETWORK
#define XC_ERR_NO_MEMORY SCR_ERR_NO_MEMORY
#define XC_ERR_LIMIT SCR_ERR_LIMIT
#define XC_ERR_OTHER SCR_ERR_OTHER

/* Version of the libxapian we run against, e.g. "1.4.22" (static string). */
const char *xc_xapian_version(void);

typedef struct xc_rdb xc_rdb;           /* read-only database (one or more shards) */
typedef struct xc_pool xc_pool;         /* a ranked query's best documents by its bound */
typedef struct xc_wdb xc_wdb;           /* writable database */
typedef struct xc_doc xc_doc;           /* a document */
typedef struct xc_termgen xc_termgen;   /* turns text into terms */
typedef struct xc_qparser xc_qparser;   /* turns a query string into a query */
typedef struct xc_query xc_query;       /* a parsed query */
typedef struct xc_enquire xc_enquire;   /* runs a query on a database */
typedef struct xc_mset xc_mset;         /* a page of results */
typedef struct xc_facetspy xc_facetspy; /* counts multi-valued facets */
typedef struct xc_matrixspy xc_matrixspy; /* counts pairs of facet values */
typedef struct xc_docidspy xc_docidspy;   /* hands on every match's docid */

/* ---- read-only databases ---- */
MUST_CHECK xc_status xc_rdb_open(const char *path, xc_rdb **out, xc_error *err);
/* Add another database (a shard) so that searches span both. */
MUST_CHECK xc_status xc_rdb_add(xc_rdb *db, const char *path, xc_error *err);
/* A database served by xapian-tcpsrv on host:port; *db NULL opens it alone,
 * else it is added to *db. */
MUST_CHECK xc_status xc_rdb_remote(xc_rdb **db, const char *host, unsigned port, xc_error *err);
/* The same through a program speaking Xapian's remote protocol on its
 * standard input and output ("ssh HOST xapian-progsrv DB"). */
MUST_CHECK xc_status xc_rdb_remote_program(xc_rdb **db, const char *program, const char *args,
                                xc_error *err);
/* A database made at dir (a new, empty directory) holding only a synonym
 * dictionary (keys[i] maps to terms[i]), for a query parser when the
 * shards are remote: xapian-tcpsrv serves no synonyms, a parser given a
 * remote database fails on them, and Xapian's in-memory backend has none.
 * (Wildcards are expanded at search time, on the real shards.) */
MUST_CHECK xc_status xc_rdb_synonyms(const char *dir, const char *const *keys, const char *const *terms,
                          size_t n, xc_rdb **out, xc_error *err);
/* Move to the latest committed revision (after XC_ERR_MODIFIED, or to see
 * what a writer has committed since); *changed (may be NULL) says whether
 * the revision may have moved. */
MUST_CHECK xc_status xc_rdb_reopen(xc_rdb *db, int *changed, xc_error *err);
void xc_rdb_close(xc_rdb *db);
/* Whether the process's handles on one database share the sets of
 * documents each makes at a revision (a phrase matched whole, a term's
 * postings), copying another's rather than making it again: for a server
 * whose threads each hold a handle.  Off by default. */
void xc_share_sets(int on);
/* A word (a term), with a weight where it has one. */
typedef void (*xc_word_fn)(void *ctx, const char *term, double weight);
/* A ranked query's page shared the same way (xapian-shared.cc), under key
 * (the query and whatever else changes its ranking: the same key must
 * rank the same): xc_ranking_keep keeps m's documents, weights and counts
 * (xc_enquire_mset_window's, not cut short by the time limit) and
 * feedback's words; xc_ranking_find gives a copy of the ranking kept at
 * db's revision (*out NULL when none is, or xc_share_sets is off), whose
 * words xc_ranking_words gives fn in order; xc_ranking_replay, on enq with
 * the query expanded by those words, weighs its documents alone and gives
 * the kept page as *out (NULL when they no longer answer: rank afresh). */
typedef struct xc_ranking xc_ranking;
/* Under a time limit with less than this many seconds left, a match
 * checks no further than its page (Xapian's timer thread would fire too
 * late): its counts are estimates, and its page is not to be kept. */
#define XC_TIMER_MIN_SECONDS 0.01
MUST_CHECK xc_status xc_ranking_keep(xc_rdb *db, const char *key, const xc_mset *m,
                                     const char *const *words, size_t nwords, xc_error *err);
MUST_CHECK xc_status xc_ranking_find(xc_rdb *db, const char *key, xc_ranking **out,
                                     xc_error *err);
void xc_ranking_words(const xc_ranking *r, xc_word_fn fn, void *ctx);
MUST_CHECK xc_status xc_ranking_replay(xc_enquire *enq, const xc_ranking *r, xc_mset **out,
                                       xc_error *err);
void xc_ranking_free(xc_ranking *r);
/* Whether rankings are shared when xc_share_sets is on (they are unless
 * turned off). */
void xc_share_rankings(int on);
/* How many times a kept ranking was replayed, and how many times a ranked
 * page was asked for and not replayed (none kept, or it no longer
 * answered so). */
void xc_ranking_counts(unsigned long *found, unsigned long *missed);
MUST_CHECK xc_status xc_rdb_doccount(xc_rdb *db, unsigned *out, xc_error *err);
/* The highest docid in use (0: none). */
MUST_CHECK xc_status xc_rdb_lastdocid(xc_rdb *db, unsigned *out, xc_error *err);
/* How often word is in db's spelling dictionary (0: not there, or no
 * dictionary, as over remote shards). */
MUST_CHECK xc_status xc_rdb_spelling_frequency(xc_rdb *db, const char *word, unsigned *out,
                                               xc_error *err);
/* Metadata value for key; "" when unset.  *out is malloc()ed. */
MUST_CHECK xc_status xc_rdb_get_metadata(xc_rdb *db, const char *key, char **out, xc_error *err);
/* Whether db, one local database, keeps its plain words' stems' document
 * frequencies and its facet values' sets whole at its revision
 * (SCHEMA_KEPT_STAMP_KEY: every writer of this wrapper keeps them; a
 * compaction or a commit by another program leaves them stale until the
 * next write, and readers go to the postings meanwhile). */
MUST_CHECK xc_status xc_rdb_kept_whole(xc_rdb *db, int *out, xc_error *err);
/* Number of documents indexed by term (0 when absent). */
MUST_CHECK xc_status xc_rdb_termfreq(xc_rdb *db, const char *term, unsigned *out, xc_error *err);
/* The first document indexed by term, or XC_ERR_DOC_NOT_FOUND. */
MUST_CHECK xc_status xc_rdb_find_term(xc_rdb *db, const char *term, unsigned *docid, xc_error *err);
MUST_CHECK xc_status xc_rdb_get_document(xc_rdb *db, unsigned docid, xc_doc **out, xc_error *err);
/* Notes the zstd dictionaries (docdict.h) that every database of db holds,
 * so that its documents' data can be read: once its schema is checked
 * (a reopen notes a changed database's again). */
MUST_CHECK xc_status xc_rdb_load_dicts(xc_rdb *db, xc_error *err);
/* Calls fn with every term of the database that begins with prefix, in
 * byte order (Xapian's). */
typedef void (*xc_term_fn)(void *ctx, const char *term);
MUST_CHECK xc_status xc_rdb_each_term(xc_rdb *db, const char *prefix, xc_term_fn fn, void *ctx,
                           xc_error *err);

/* ---- writable databases ---- */
typedef enum xc_wdb_mode {
    XC_WDB_CREATE_OR_OPEN = 0, /* make the database if it is not there */
    XC_WDB_OPEN = 1,           /* fail with XC_ERR_NOT_FOUND if it is not there */
    XC_WDB_OVERWRITE = 2,      /* make it anew, empty, whatever is there */
    XC_WDB_WAIT = 0x10,        /* or'ed in: wait for another writer's lock */
    XC_WDB_UNKEPT = 0x20       /* or'ed in: keep nothing for readers beside
                                  Xapian's (xapian-kept.cc): a part of a
                                  --jobs run, whose merge is kept whole */
} xc_wdb_mode;

MUST_CHECK xc_status xc_wdb_open(const char *path, xc_wdb_mode mode, xc_wdb **out, xc_error *err);
/* Writes a compacted copy of the committed databases at from[0..n) to to (a
 * path that does not exist yet): one source keeps its docids; several are
 * concatenated in order, their docids numbered on, a metadata key written
 * in several taking the last one's value. */
MUST_CHECK xc_status xc_db_compact(const char *const *from, size_t n, const char *to,
                                   xc_error *err);
/* Commits pending changes, releases the lock and frees the handle (even on
 * failure, which is reported). */
xc_status xc_wdb_close(xc_wdb *db, xc_error *err);
MUST_CHECK xc_status xc_wdb_doccount(xc_wdb *db, unsigned *out, xc_error *err);
/* Add doc as a new document. */
MUST_CHECK xc_status xc_wdb_add(xc_wdb *db, const xc_doc *doc, unsigned *docid, xc_error *err);
/* Moves the words counted in from (see below) into to, adding up counts:
 * a file's passages share most words, and each add_spelling() call costs
 * the writer a lookup, so they go to the dictionary once per file. */
MUST_CHECK xc_status xc_doc_move_words(xc_doc *to, xc_doc *from, xc_error *err);
/* Adds the words a term generator indexed into doc without a prefix, as
 * often as it saw them, to db's spelling dictionary: for "did you mean"
 * and for expanding wildcards (the index itself holds only stems). */
MUST_CHECK xc_status xc_wdb_add_spellings(xc_wdb *db, const xc_doc *doc, xc_error *err);
/* Replace the document(s) indexed by unique_term with doc, or add it. */
MUST_CHECK xc_status xc_wdb_replace(xc_wdb *db, const char *unique_term, const xc_doc *doc,
                         unsigned *docid, xc_error *err);
/* Delete every document indexed by term (none is not an error). */
MUST_CHECK xc_status xc_wdb_delete(xc_wdb *db, const char *term, xc_error *err);
MUST_CHECK xc_status xc_wdb_commit(xc_wdb *db, xc_error *err);
/* A transaction groups changes so that they land all or none.  Unflushed
 * (flushed = 0), its changes reach the disk with the next commit, so many
 * small transactions can share one commit. */
MUST_CHECK xc_status xc_wdb_begin(xc_wdb *db, int flushed, xc_error *err);
MUST_CHECK xc_status xc_wdb_commit_transaction(xc_wdb *db, xc_error *err);
xc_status xc_wdb_cancel_transaction(xc_wdb *db, xc_error *err);
/* Adds a synonym: key (lower case, words joined by single spaces) may be
 * expanded to value by queries that ask for synonyms. */
MUST_CHECK xc_status xc_wdb_add_synonym(xc_wdb *db, const char *key, const char *value, xc_error *err);
/* Makes the synonyms exactly keys[i] -> values[i] (i < n), the others
 * cleared; when they already are, writes nothing (no new revision). */
MUST_CHECK xc_status xc_wdb_set_synonyms(xc_wdb *db, const char *const *keys,
                                         const char *const *values, size_t n, xc_error *err);
/* Number of distinct terms starting with prefix. */
MUST_CHECK xc_status xc_wdb_count_terms(xc_wdb *db, const char *prefix, unsigned *out, xc_error *err);
MUST_CHECK xc_status xc_wdb_set_metadata(xc_wdb *db, const char *key, const char *value, xc_error *err);
/* Calls fn with each metadata key starting with prefix and its value; a
 * non-zero return stops. */
typedef int (*xc_meta_fn)(void *ctx, const char *key, const char *value);
MUST_CHECK xc_status xc_wdb_each_metadata(xc_wdb *db, const char *prefix, xc_meta_fn fn, void *ctx,
                               xc_error *err);
MUST_CHECK xc_status xc_wdb_get_metadata(xc_wdb *db, const char *key, char **out, xc_error *err);
/* The same for values of any bytes (NULs too): *len their length; *out is
 * NUL-terminated beyond them. */
MUST_CHECK xc_status xc_wdb_set_metadata_bytes(xc_wdb *db, const char *key, const char *value,
                                               size_t len, xc_error *err);
MUST_CHECK xc_status xc_wdb_get_metadata_bytes(xc_wdb *db, const char *key, char **out,
                                               size_t *len, xc_error *err);
/* xc_wdb_set_metadata_bytes for a value that never changes under its key
 * (a dictionary under its id): a key set through this handle before is
 * not read or written again. */
MUST_CHECK xc_status xc_wdb_set_metadata_once(xc_wdb *db, const char *key, const char *value,
                                              size_t len, xc_error *err);

/* ---- documents ---- */
MUST_CHECK xc_status xc_doc_new(xc_doc **out, xc_error *err);
void xc_doc_free(xc_doc *doc);
MUST_CHECK xc_status xc_doc_set_data(xc_doc *doc, const char *data, size_t len, xc_error *err);
/* *out is malloc()ed and NUL-terminated; *len (if not NULL) its length. */
MUST_CHECK xc_status xc_doc_get_data(xc_doc *doc, char **out, size_t *len, xc_error *err);
MUST_CHECK xc_status xc_doc_add_term(xc_doc *doc, const char *term, unsigned wdf, xc_error *err);
MUST_CHECK xc_status xc_doc_add_boolean_term(xc_doc *doc, const char *term, xc_error *err);
/* Whether term is a stopword's stem, which has no positions (below). */
int xc_term_unpositioned(const char *term);
/* Whether term can place a passage: none of a title's stems, nor a
 * stopword's. */
int xc_term_in_passages(const char *term);
/* Keeps the stems of stopwords (schema_stopwords) in doc with their wdf,
 * but not their positions.  Call once doc's words are indexed. */
MUST_CHECK xc_status xc_doc_drop_stopword_positions(xc_doc *doc, xc_error *err);
/* Adds term at position pos (a marker a NEAR can find). */
MUST_CHECK xc_status xc_doc_add_posting(xc_doc *doc, const char *term, unsigned pos, xc_error *err);
/* Adds, for each term of doc with positions in a passage of a kind (a
 * stem or a concept), its PREFIX_KIND_WORD term for that kind, wdf 0.
 * Passage i starts at starts[i] (ascending) and has kind kinds[i] (NULL:
 * none); n passages.  Call once doc's passages are indexed. */
MUST_CHECK xc_status xc_doc_add_kind_words(xc_doc *doc, const unsigned *starts,
                                           const char *const *kinds, size_t n, xc_error *err);
MUST_CHECK xc_status xc_doc_set_value(xc_doc *doc, unsigned slot, const char *value, size_t len,
                           xc_error *err);
MUST_CHECK xc_status xc_doc_get_value(xc_doc *doc, unsigned slot, char **out, size_t *len,
                           xc_error *err);
/* Encode a number so that byte order sorts numerically (for ranges).
 * Writes at most 9 bytes to buf; returns the length. */
size_t xc_sortable_serialise(double value, char buf[9]);

/* ---- the field's phrases as terms (xapian-phrases.cc) ---- */
typedef struct xc_phrases xc_phrases;
/* The phrases of texts (each as a user would quote it) that the term
 * generator makes a plain phrase of: two words or more, a term a position
 * (a hyphenated compound has two: left to positions).  Each becomes a
 * PREFIX_PHRASE term. */
MUST_CHECK xc_status xc_phrases_new(const char *const *texts, size_t n, xc_phrases **out,
                                    xc_error *err);
void xc_phrases_free(xc_phrases *ph);
/* How many phrases have a term. */
size_t xc_phrases_count(const xc_phrases *ph);
/* Adds to doc the term of each phrase its positions hold, and the marker
 * of ph (PREFIX_PHRASES_CHECKED).  Call once doc's positions are final. */
MUST_CHECK xc_status xc_doc_add_phrase_terms(xc_doc *doc, const xc_phrases *ph, xc_error *err);
/* Names ph in db's metadata (SCHEMA_PHRASES_KEY), unless it does already. */
MUST_CHECK xc_status xc_wdb_set_phrases(xc_wdb *db, const xc_phrases *ph, xc_error *err);

/* ---- term generator (English stems only, Z-prefixed, with positions) ---- */
MUST_CHECK xc_status xc_termgen_new(xc_termgen **out, xc_error *err);
void xc_termgen_free(xc_termgen *tg);
/* The document the next xc_termgen_index*() calls index into; it must
 * outlive them (its words are counted into it as they are seen). */
MUST_CHECK xc_status xc_termgen_set_document(xc_termgen *tg, xc_doc *doc, xc_error *err);
/* Index text; prefix "" for the body, or a field prefix.  Text that is not
 * ASCII is folded first (norm_fold); Xapian lower-cases ASCII itself. */
MUST_CHECK xc_status xc_termgen_index(xc_termgen *tg, const char *text, size_t len,
                           const char *prefix, xc_error *err);
/* Index text without positions: its words match, its phrases do not (for
 * fields repeated on every passage, where positions cost much and say
 * little). */
MUST_CHECK xc_status xc_termgen_index_words(xc_termgen *tg, const char *text, size_t len,
                                 const char *prefix, xc_error *err);
/* The position of the last word indexed (0 before any), and the position
 * the next word follows. */
MUST_CHECK xc_status xc_termgen_get_pos(xc_termgen *tg, unsigned *pos, xc_error *err);
MUST_CHECK xc_status xc_termgen_set_pos(xc_termgen *tg, unsigned pos, xc_error *err);
/* Leave a gap so that phrases do not match across fields. */
MUST_CHECK xc_status xc_termgen_gap(xc_termgen *tg, xc_error *err);

/* ---- query parser ---- */
/* db may be NULL; with one, wildcards and spelling use its vocabulary,
 * as xc_rdb_reopen last left it (a directory swapped in at its path
 * too).  db outlives the parser. */
MUST_CHECK xc_status xc_qparser_new(xc_rdb *db, xc_qparser **out, xc_error *err);
/* Wildcards expand from the stems in shards' term lists rather than from
 * the parser's database's spelling dictionary (remote shards serve none):
 * root* finds the stems that begin with root's stem.  shards outlives the
 * parser. */
MUST_CHECK xc_status xc_qparser_stems_from(xc_qparser *qp, xc_rdb *shards, xc_error *err);
void xc_qparser_free(xc_qparser *qp);
/* field:words searches free text indexed with prefix. */
MUST_CHECK xc_status xc_qparser_add_prefix(xc_qparser *qp, const char *field, const char *prefix,
                                xc_error *err);
/* field:value filters on the boolean term prefix+map(value).  map returns
 * a malloc()ed value, or NULL to use value unchanged.  Several values of one
 * field are ORed, different fields ANDed. */
typedef char *(*xc_value_map)(void *ctx, const char *value);
MUST_CHECK xc_status xc_qparser_add_filter(xc_qparser *qp, const char *field, const char *prefix,
                                xc_value_map map, void *ctx, xc_error *err);
/* field:A..B over sortable_serialise()d numbers in slot. */
MUST_CHECK xc_status xc_qparser_add_number_range(xc_qparser *qp, unsigned slot, const char *field,
                                      xc_error *err);
/* field:YYYY-MM-DD..YYYY-MM-DD over YYYYMMDD strings in slot. */
MUST_CHECK xc_status xc_qparser_add_date_range(xc_qparser *qp, unsigned slot, const char *field,
                                    xc_error *err);
/* Parses with boolean operators, phrases, +/-, NEAR/ADJ and wildcards
 * (word* and field:word*, expanded over the database's spelling dictionary
 * to the words' stems). */
MUST_CHECK xc_status xc_qparser_parse(xc_qparser *qp, const char *text, xc_query **out,
                           xc_error *err);
/* Whether queries expand words to their synonyms from the database's
 * dictionary (default: no). */
MUST_CHECK xc_status xc_qparser_synonyms(xc_qparser *qp, int on, xc_error *err);
/* The wildcards of one query may expand to max terms in all (0: any
 * number); past it, parsing or matching fails with XC_ERR_LIMIT. */
MUST_CHECK xc_status xc_qparser_set_max_expansion(xc_qparser *qp, unsigned max, xc_error *err);
/* Parses text as xc_qparser_parse does, and sets *out to it with misspelt
 * words corrected from the database's spelling dictionary, or "" when none
 * (or qp has no database).  malloc()ed. */
MUST_CHECK xc_status xc_qparser_correct(xc_qparser *qp, const char *text, char **out,
                                        xc_error *err);

/* ---- queries ---- */
void xc_query_free(xc_query *q);
/* Xapian's description of the query, for --debug and tests. */
MUST_CHECK xc_status xc_query_describe(const xc_query *q, char **out, xc_error *err);
/* Whether q asks for nothing at all (Xapian's empty query: "+" or "\"\""
 * parsed), which matches no document. */
int xc_query_is_empty(const xc_query *q);
/* Another handle on the same query. */
MUST_CHECK xc_status xc_query_copy(const xc_query *q, xc_query **out, xc_error *err);
/* The query that matches every document. */
MUST_CHECK xc_status xc_query_all(xc_query **out, xc_error *err);
/* The query that matches the documents indexed by one term. */
MUST_CHECK xc_status xc_query_term(const char *term, xc_query **out, xc_error *err);
/* Any of these terms, ranked by how well they match. */
MUST_CHECK xc_status xc_query_any(const char *const *terms, size_t n, xc_query **out, xc_error *err);
/* Combinations: a filtered by f (f does not weigh), a without n. */
MUST_CHECK xc_status xc_query_filter(const xc_query *a, const xc_query *f, xc_query **out, xc_error *err);
MUST_CHECK xc_status xc_query_and_not(const xc_query *a, const xc_query *n, xc_query **out, xc_error *err);
/* The words of q a passage can show (not those only excluded or
 * filtering), in order: fn gets each term with the number of the phrase
 * or NEAR it is in (from 0, in order of those), or -1 outside them, and
 * near: 0 for a phrase (its words in order), a NEAR's window (its words
 * in any order within so many positions), or XC_PHRASE_ALTERNATIVE for a
 * term that stands for the whole phrase where it is (a hyphenated
 * compound's joined form, after the phrase's words). */
#define XC_PHRASE_ALTERNATIVE 0xffffffffu
typedef void (*xc_phrase_fn)(void *ctx, int phrase, unsigned near, const char *term);
MUST_CHECK xc_status xc_query_words(const xc_query *q, xc_phrase_fn fn, void *ctx, xc_error *err);
/* Calls fn with each distinct term of q (its leaves). */
MUST_CHECK xc_status xc_query_terms(const xc_query *q, xc_term_fn fn, void *ctx, xc_error *err);
/* a OR b, b's weights times factor. */
MUST_CHECK xc_status xc_query_or_scaled(const xc_query *a, const xc_query *b, double factor, xc_query **out,
                             xc_error *err);
/* a AND_MAYBE b, b's weights times factor: a's matches, ranked higher
 * where b matches too. */
xc_status xc_query_maybe_scaled(const xc_query *a, const xc_query *b, double factor,
                                xc_query **out, xc_error *err);
/* Free text as a loose query: any of its words (stemmed), no operators. */
MUST_CHECK xc_status xc_qparser_parse_loose(xc_qparser *qp, const char *text, xc_query **out,
                                 xc_error *err);

/* Passage scope: q with its words kept to passages that carry the marker
 * terms its filters name (terms beginning with prefixes[g]: kinds, passage
 * themes; markers of one prefix are ORed, of different prefixes ANDed), and
 * with passage != 0 also every word of its top-level AND in one passage.
 * fn (may be NULL) gets each marker found, with the index of its prefix,
 * and in passage mode the words that must share a passage, as groups
 * n_prefixes, n_prefixes + 1...: each word's terms (it or its
 * alternatives) in one group.
 * Words outside the scope (NOT, AND_MAYBE's right side) keep their
 * document-wide meaning. */
typedef void (*xc_marker_fn)(void *ctx, unsigned group, const char *term);
MUST_CHECK xc_status xc_query_scope(const xc_query *q, const char *const *prefixes, size_t n_prefixes,
                         int passage, xc_query **out, xc_marker_fn fn, void *ctx,
                         xc_error *err);
/* Whether q holds XORs nested so deep that, written out for a match over
 * several databases (where Xapian 1.4 crashes on an XOR as it is), it
 * would be too large: such a search is refused. */
int xc_query_xor_too_deep(const xc_query *q);

/* A passage rule, where q's markers are not an AND of OR-groups (an OR
 * or XOR holds a marker beside words or other groups: "(theme:a AND
 * theme:b) OR theme:c", "theme:a XOR speech"): *rule says which passages
 * answer, and *relaxed is q with each XOR that holds a marker taken as an
 * OR (every document with a passage the rule keeps).  A marker or a word
 * holds in the passages that have it; a filter, a word no passage holds
 * (a title's) and what NOT excludes are the document's, in each of its
 * passages alike; words ANDed answer where any is (passage != 0: where
 * all are) and what AND_MAYBE boosts decides nothing.  Both NULL where
 * the groups of xc_query_scope say it already. */
typedef struct xc_rule xc_rule;
MUST_CHECK xc_status xc_query_passage_rule(const xc_query *q, const char *const *prefixes,
                                           size_t n_prefixes, int passage, xc_rule **rule,
                                           xc_query **relaxed, xc_error *err);
void xc_rule_free(xc_rule *rule);
/* ok[i] = 1 where passage i of document docid (n passages, their first
 * positions at starts) keeps rule, else 0.  The rule keeps the matches of
 * its parts that are the document's, found the first time it is asked. */
MUST_CHECK xc_status xc_rule_apply(xc_rule *rule, xc_rdb *db, unsigned docid,
                                   const unsigned *starts, size_t n, unsigned char *ok,
                                   xc_error *err);

/* q, a ranked query (words ORed), with documents where consecutive words
 * of it stand within window positions of each other weighed higher (by
 * factor times those words' weight): "agency staff" over "staff ... agency".
 * bound != 0: the pairs are weighed wherever both words are, near or not,
 * with no position read: no document weighs less than in the query made
 * with bound 0, and the matches are the same (xc_enquire_mset_near). */
MUST_CHECK xc_status xc_query_proximity(const xc_query *q, unsigned window, double factor, int bound, xc_query **out,
                             xc_error *err);
/* The default operator between words: OR (any != 0: ranked, more words
 * rank higher) or AND. */
MUST_CHECK xc_status xc_qparser_default_any(xc_qparser *qp, int any, xc_error *err);
/* Words dropped from queries outside phrases ("the", "of"...). */
MUST_CHECK xc_status xc_qparser_stopwords(xc_qparser *qp, const char *const *words, size_t n,
                               xc_error *err);

/* ---- enquire, results ---- */
MUST_CHECK xc_status xc_enquire_new(xc_rdb *db, xc_enquire **out, xc_error *err);
void xc_enquire_free(xc_enquire *enq);
MUST_CHECK xc_status xc_enquire_set_query(xc_enquire *enq, const xc_query *q, xc_error *err);
/* BM25 with these k1 (how much repeating a word counts) and b (how much a
 * long document is discounted); Xapian's defaults are 1 and 0.5. */
xc_status xc_enquire_bm25(xc_enquire *enq, double k1, double b, xc_error *err);
/* Every match weighs 0: for counting, where no weight is wanted, Xapian
 * then skips what only weighs (an AND_MAYBE's second side: the proximity
 * NEARs of a ranked query, checked in every document otherwise). */
MUST_CHECK xc_status xc_enquire_unweighted(xc_enquire *enq, xc_error *err);
/* Sort by slot's bytes, then relevance; slot < 0 restores relevance only. */
MUST_CHECK xc_status xc_enquire_sort_by_value(xc_enquire *enq, int slot, int descending,
                                   xc_error *err);
/* Count every match of enq's queries in spy.  The spy is borrowed: keep it
 * alive while enq runs queries, and give it to this enquire only (the
 * enquire numbers documents once for all its spies). */
MUST_CHECK xc_status xc_enquire_add_spy(xc_enquire *enq, xc_facetspy *spy, xc_error *err);
/* Each later xc_enquire_mset stops looking at matches after seconds (0:
 * never) and answers with what it found by then (Xapian's
 * Enquire::set_time_limit).  Under TIMER_MIN_SECONDS the time is up: the
 * matches count no further than their page (xapian-internal.hh says why). */
MUST_CHECK xc_status xc_enquire_set_time_limit(xc_enquire *enq, double seconds, xc_error *err);
/* check_at_least = doccount makes facet counts exact over all matches. */
MUST_CHECK xc_status xc_enquire_mset(xc_enquire *enq, unsigned first, unsigned max,
                          unsigned check_at_least, xc_mset **out, xc_error *err);

/* The first max documents of enq's ranked query (made with
 * xc_query_proximity, bound 0), as xc_enquire_mset(enq, 0, max, 0) gives
 * them but with each proximity pair weighed only where its words are near,
 * checked here: bound is the same query made with bound != 0.  The best
 * `pool` documents by bound are weighed so; no other document can weigh
 * more once the page's last is at least the pool's lowest bound, else a
 * pool four times larger, once; the best by bound are given's first when
 * given (xc_enquire_pool's of the same bound, or NULL) has them.
 * (Xapian 1.4.22's matcher weighs an OR of
 * NEARs under AND_MAYBE also in some documents where the words are not
 * near.)  A page only: the MSet's counts are not the query's.  Over
 * several shards, with a weighting other than xc_enquire_bm25's, or
 * without pairs or phrases in bound, xc_enquire_mset's page. */
MUST_CHECK xc_status xc_enquire_mset_near(xc_enquire *enq, const xc_query *bound, unsigned window,
                                          double factor, unsigned pool, unsigned max,
                                          const xc_pool *given, xc_mset **out, xc_error *err);

/* A rescoring window: the best `size` documents of enq's database by bound
 * (a ranked query made with its proximity pairs' bound, see
 * xc_query_proximity; its phrases and NEARs are taken for ANDs too, so
 * that no position is read).  *out is NULL, and the functions below do
 * without, over several shards or with a weighting other than
 * xc_enquire_bm25's. */
MUST_CHECK xc_status xc_enquire_pool(xc_enquire *enq, const xc_query *bound, unsigned size,
                                     xc_pool **out, xc_error *err);
/* The same pool as Xapian's matcher makes it, weighing every match: what
 * xc_enquire_pool's sums from the postings are checked against (and it
 * falls back to where the bound has parts it cannot sum: wildcards, value
 * ranges, a filter keeping fewer than half the documents).  The two pools hold the
 * same documents; their first POOL_EXACT_HEAD (128) in the same order
 * with the same weights, the others' weights within rounding. */
MUST_CHECK xc_status xc_enquire_pool_matched(xc_enquire *enq, const xc_query *bound, unsigned size,
                                             xc_pool **out, xc_error *err);
/* A pool's documents best first (its item i: docid and weight), whether
 * they are every match, and whether it was summed from the postings. */
size_t xc_pool_size(const xc_pool *pool);
void xc_pool_item(const xc_pool *pool, size_t i, unsigned *docid, double *weight);
int xc_pool_every(const xc_pool *pool);
int xc_pool_summed(const xc_pool *pool);
void xc_pool_free(xc_pool *pool);
/* The page [first, first + max) of enq's ranked query with the window
 * pool: its documents rank first, in the order of enq's query, then
 * every other match in that order.  The query's full weight (phrases,
 * proximity, feedback's words) is worked out for the window's documents,
 * beyond them only as far as the page asks.  The MSet counts every match
 * as xc_enquire_mset's does (check as there); items weigh what the query
 * gives them.  Without a pool, xc_enquire_mset's page. */
MUST_CHECK xc_status xc_enquire_mset_window(xc_enquire *enq, const xc_pool *pool, unsigned first,
                                            unsigned max, unsigned check, xc_mset **out,
                                            xc_error *err);

/* The page [first, first + max) of enq's query sorted by value
 * (xc_enquire_sort_by_value, then relevance) when its matches are set,
 * every one of them: the page is looked for among the documents that come
 * first by the value (the first first + max, and every one that ties the
 * last), read from the value's stream, instead of Xapian visiting every
 * match for its value.  The page is the same; the MSet counts only those
 * documents (take the count from set).  *out is NULL, and the caller
 * does without, when enq sorts by relevance or its database is not one
 * local one. */
struct roaring_bitmap_s;
MUST_CHECK xc_status xc_enquire_mset_sorted(xc_enquire *enq, const struct roaring_bitmap_s *set,
                                            unsigned first, unsigned max, xc_mset **out,
                                            xc_error *err);

void xc_mset_free(xc_mset *m);
unsigned xc_mset_size(const xc_mset *m);
/* Estimated number of matches; exact when check_at_least covered them. */
unsigned xc_mset_estimate(const xc_mset *m);
/* Fetches every item's document at once (remote shards: one round trip
 * instead of one per document). */
MUST_CHECK xc_status xc_mset_fetch(xc_mset *m, xc_error *err);
/* Hands every item of m (fetched first) to the spies and the matrix (either
 * may be NULL), as an enquire's match spy would have: remote shards run no
 * spies of ours, so their matches are counted here, the same way. */
MUST_CHECK xc_status xc_mset_count(xc_mset *m, xc_facetspy *const *spies, size_t n, xc_matrixspy *matrix,
                        xc_error *err);
/* Whether the estimate is exact (its lower and upper bounds agree). */
int xc_mset_exact(const xc_mset *m);
/* At least this many match: all of them up to check_at_least. */
unsigned xc_mset_lower_bound(const xc_mset *m);
xc_status xc_mset_item(xc_mset *m, unsigned i, unsigned *docid, double *weight,
                       xc_doc **doc, xc_error *err);
/* A plain-text snippet of text around the query's matches, with hits
 * wrapped in hi_start/hi_end and cut ends marked by omit. */
MUST_CHECK xc_status xc_mset_snippet(xc_mset *m, const char *text, size_t len, size_t length,
                          const char *hi_start, const char *hi_end, const char *omit,
                          char **out, xc_error *err);

/* The terms of enq's query with positions (stems, concepts, passage
 * markers) that index docid; only those keep (when not NULL) says yes to,
 * with keep_ctx: the positions of the others are not read. */
typedef int (*xc_term_pred)(void *ctx, const char *term);
MUST_CHECK xc_status xc_enquire_matching_terms(xc_enquire *enq, unsigned docid, xc_term_pred keep,
                                               void *keep_ctx, xc_term_fn fn, void *ctx,
                                    xc_error *err);
/* The positions of term in docid, in increasing order. */
typedef void (*xc_pos_fn)(void *ctx, unsigned pos);
MUST_CHECK xc_status xc_rdb_positions(xc_rdb *db, unsigned docid, const char *term, xc_pos_fn fn,
                           void *ctx, xc_error *err);

/* The words that best describe the given (relevant) documents, by
 * Xapian's relevance feedback (RSet/ESet): stems of plain words only, none
 * with digits, none a stem of the stop words.  fn gets each, best first. */
MUST_CHECK xc_status xc_enquire_expand(xc_enquire *enq, const unsigned *docids, size_t n, unsigned max,
                            const char *const *stop, size_t n_stop, xc_word_fn fn, void *ctx,
                            xc_error *err);
/* The same by Xapian's Enquire::get_eset: what xc_enquire_expand
 * computes itself wherever each part is one database (local or remote),
 * kind-scoped terms unread, and must equal term for term and weight for
 * weight (tests compare the two). */
MUST_CHECK xc_status xc_enquire_expand_by_xapian(xc_enquire *enq, const unsigned *docids, size_t n,
                                      unsigned max, const char *const *stop, size_t n_stop,
                                      xc_word_fn fn, void *ctx, xc_error *err);
/* docid's body stems ("Z" and a stem: the words the writer indexed
 * without a prefix) with their wdf as weights, in term order: from its
 * termlist, or (from_data) from its stored data, as relevance feedback
 * reads a remote shard's documents (tests compare the two). */
MUST_CHECK xc_status xc_rdb_body_words(xc_rdb *db, unsigned docid, int from_data, xc_word_fn fn,
                                       void *ctx, xc_error *err);

/* ---- sets of documents ---- */
typedef void (*xc_docid_fn)(void *ctx, unsigned docid);
/* A spy that calls fn with the docid of every match of the enquire it is
 * added to (borrowed, as xc_enquire_add_spy's). */
MUST_CHECK xc_status xc_docidspy_new(xc_docid_fn fn, void *ctx, xc_docidspy **out, xc_error *err);
void xc_docidspy_free(xc_docidspy *spy);
MUST_CHECK xc_status xc_enquire_add_docidspy(xc_enquire *enq, xc_docidspy *spy, xc_error *err);
/* Calls fn with the docid of every item of m. */
MUST_CHECK xc_status xc_mset_each_docid(xc_mset *m, xc_docid_fn fn, void *ctx, xc_error *err);
/* Sets bit d of bits (nwords 64-bit words; docids beyond them are left
 * out) for every document d indexed by term: a facet value's from the set
 * the writer kept (*kept set to 1, when kept is not NULL), else from its
 * postings. */
MUST_CHECK xc_status xc_rdb_term_bits(xc_rdb *db, const char *term, uint64_t *bits,
                                      size_t nwords, int *kept, xc_error *err);

/* The documents q matches, added to out (a CRoaring bitmap), from its
 * terms' postings combined as its operators say; Xapian matches only its
 * value ranges and wildcards, unweighted (seconds > 0 bounds each).  *done
 * is 0, and out untouched, when q has an operator this cannot combine
 * (OP_ELITE_SET, and phrases and NEARs, which only the form below takes):
 * the caller then lets a spy see the matches.  Each term's set is kept
 * with db's revision, for the next query (xc_rdb_reopen drops them). */
xc_status xc_query_docs(xc_rdb *db, const xc_query *q, double seconds,
                        struct roaring_bitmap_s *out, int *done, xc_error *err);
/* The same, phrases and NEARs too: each matched whole by Xapian
 * (unweighted) and kept likewise, unless seconds cut its match short. */
xc_status xc_query_docs_positions(xc_rdb *db, const xc_query *q, double seconds,
                                  struct roaring_bitmap_s *out, int *done, xc_error *err);
/* Phrases and NEARs as xc_query_docs_positions where that costs no more
 * than Xapian's match of the whole of q: none stands under an AND, FILTER
 * or AND_NOT beside other conditions (which Xapian checks first), or its
 * set is kept already; otherwise as xc_query_docs. */
xc_status xc_query_docs_cheap(xc_rdb *db, const xc_query *q, double seconds,
                              struct roaring_bitmap_s *out, int *done, xc_error *err);

/* ---- facet counting ---- */
/* Counts, over every match (a document), each value of a slot holding
 * values joined by sep; a document counts once under each distinct value
 * it has. */
MUST_CHECK xc_status xc_facetspy_new(unsigned slot, char sep, xc_facetspy **out, xc_error *err);
void xc_facetspy_free(xc_facetspy *spy);
/* Distinct values seen, sorted by count (descending) then value. */
unsigned xc_facetspy_size(const xc_facetspy *spy);
/* Documents the spy saw. */
unsigned xc_facetspy_seen(const xc_facetspy *spy);
void xc_facetspy_get(const xc_facetspy *spy, unsigned i, const char **value,
                     unsigned *count);

/* Counts, over every match, each pair (a value of slot_a, a value of
 * slot_b): a document once per distinct pair. */
MUST_CHECK xc_status xc_matrixspy_new(unsigned slot_a, unsigned slot_b, char sep, xc_matrixspy **out,
                           xc_error *err);
void xc_matrixspy_free(xc_matrixspy *spy);
/* As xc_enquire_add_spy. */
MUST_CHECK xc_status xc_enquire_add_matrix(xc_enquire *enq, xc_matrixspy *spy, xc_error *err);
/* Calls fn for each pair counted, in order of a then b. */
typedef void (*xc_pair_fn)(void *ctx, const char *a, const char *b, unsigned count);
void xc_matrixspy_each(const xc_matrixspy *spy, xc_pair_fn fn, void *ctx);

/* Test hook: throws an exception of the given kind inside the wrapper and
 * returns what the boundary made of it.  kinds: "lock", "modified",
 * "notfound", "opening", "version", "corrupt", "queryparser", "wildcard",
 * "docnotfound", "invalid", "network", "xapian", "bad_alloc", "std",
 * "unknown". */
MUST_CHECK xc_status xc_debug_raise(const char *kind, xc_error *err);

#ifdef __cplusplus
}
#endif
#endif
