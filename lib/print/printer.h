/* printer.h: one interface for everything scrutiny-query prints and
 * scrutiny-serve's API answers.  Each output format is a table of
 * functions, one per kind of answer (a search's result, a facet's values,
 * a document, a matrix, recurring values): printer-text.c, printer-tsv.c
 * (tsv and paths), printer-json.c (json, ndjson and --batch's lines).  A
 * command finds its answer and hands it to the printer of the format
 * asked; it never tests the format.  A format without a layout of its own
 * for an answer names another format's function in its table, so what
 * `show --format tsv` prints is read in one place.  Why tables of
 * answers and not notmuch's sprinter: doc/architecture.md. */
#ifndef SCRUTINY_PRINTER_H
#define SCRUTINY_PRINTER_H

#include <jansson.h>
#include <stdio.h>

#include "matrix-table.h"
#include "search.h"
#include "util.h"

typedef enum print_format {
    PRINT_TEXT,
    PRINT_JSON,
    PRINT_NDJSON,
    PRINT_TSV,
    PRINT_PATHS,
    PRINT_BATCH /* --batch: each search's whole answer on a line, with took_ms */
} print_format;

/* The TSV columns --fields may name; NULL-terminated. */
extern const char *const print_tsv_fields[];
/* The default TSV columns, comma-separated. */
#define TSV_DEFAULT_FIELDS "rank,score,year,date,authority,publisher,type,title,file,heading"

typedef struct printer printer;

typedef struct printer_ops {
    const char *name;  /* --format's word */
    int carries_notes; /* says itself that an answer is partial, and a suggestion */
    int snippets;      /* shows hits' snippets (tsv: when a column asks) */
    /* A search's answer (a search, --like, --similar); req: what was asked. */
    void (*result)(printer *p, const char *query, const search_result *res,
                   const search_request *req);
    /* list: a facet's values, most documents first; ok: all were read.
     * A begin or end function may be NULL: nothing to print there. */
    void (*list_begin)(printer *p, const char *facet);
    void (*list_value)(printer *p, const char *value, unsigned count);
    void (*list_end)(printer *p, int ok);
    /* show: a document's passages (their data, as stored) in order;
     * ok: some were found. */
    void (*passage)(printer *p, json_t *data);
    void (*document_end)(printer *p, int ok);
    /* --matrix */
    void (*matrix)(printer *p, const matrix_table *t, const char *query);
    /* --recurring: each value with the authorities and years it occurs in
     * (sorted), most authorities first. */
    void (*recurring_begin)(printer *p, const char *facet);
    void (*recurring_row)(printer *p, const char *value, const strlist *authorities,
                          const strlist *years);
    void (*recurring_end)(printer *p);
} printer_ops;

struct printer {
    const printer_ops *ops;
    FILE *out;
    int color;             /* text: ANSI bold and dim */
    int nul;               /* paths: each ends with a NUL, not a newline */
    const strlist *fields; /* tsv: the columns; NULL: TSV_DEFAULT_FIELDS */
    double took_ms;        /* batch: how long the next answer took */
    size_t items;          /* values, passages or rows printed of this answer */
    /* what an answer printed in parts keeps between them */
    json_t *tree;          /* json: the answer built; text show: the document's head */
    char *heading;         /* text show: the heading printed last */
    int one;               /* show: a single passage was asked (ID@N) */
    char *mem;             /* printer_open_memory's buffer */
    size_t mem_len;
};

extern const printer_ops printer_text, printer_json, printer_ndjson, printer_tsv,
    printer_paths, printer_batch;

/* The format --format names ("text", "json", "ndjson", "tsv", "paths");
 * -1 for none. */
int printer_format_named(const char *name, print_format *f);
/* --format's word for f ("tsv"). */
const char *printer_format_name(print_format f);
/* "text, json, ndjson, tsv or paths"; malloc()ed. */
char *printer_format_names(void);
/* A printer of format f to out, with no colour, newlines and the default
 * TSV columns. */
void printer_init(printer *p, print_format f, FILE *out);
/* A printer of format f into memory (scrutiny-serve's replies);
 * printer_take_memory closes it and gives what was printed, malloc()ed. */
void printer_open_memory(printer *p, print_format f);
char *printer_take_memory(printer *p);
/* Frees what an unfinished answer kept. */
void printer_reset(printer *p);

/* Whether answers in p's format show snippets (the search need not make
 * them otherwise). */
int printer_wants_snippets(const printer *p);
/* A search's answer, and on stderr what its format cannot carry: that it
 * is partial, and a suggestion when nothing matched. */
void printer_result(printer *p, const char *query, const search_result *res,
                    const search_request *req);
/* --count: the number of matches only, in every format, and on stderr
 * that the answer is partial, and the suggestion a format would carry. */
void printer_count(printer *p, const search_result *res);
/* list: facet's values from s, and their number in *values (may be
 * NULL). */
MUST_CHECK scr_status printer_list(printer *p, searcher *s, const char *facet, size_t *values,
                                   scr_error *err);
/* show: the document (or passage, id@N) id of s; one: id names a passage.
 * searcher_document's status (SCR_ERR_NOT_FOUND: none such). */
MUST_CHECK scr_status printer_document(printer *p, searcher *s, const char *id, int one,
                                       scr_error *err);
/* --batch: a query answered with an error, on its line:
 * {"query", "error"}. */
void printer_batch_error(printer *p, const char *query, const char *message);
/* --recurring's rows come between these two. */
void printer_recurring_begin(printer *p, const char *facet);
void printer_recurring_end(printer *p);

#endif
