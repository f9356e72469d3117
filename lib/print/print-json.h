/* print-json.h: the JSON answers, one printer for every program that
 * answers in JSON (scrutiny-query --format json, scrutiny-serve's API):
 * the same question gets the same bytes from both. */
#ifndef SCRUTINY_PRINT_JSON_H
#define SCRUTINY_PRINT_JSON_H

#include <jansson.h>
#include <stdio.h>

#include "search.h"

/* Version of the JSON output's layout (scrutiny-query(1), JSON OUTPUT). */
#define JSON_FORMAT_VERSION 1

/* How a whole answer is laid out, and a line of ndjson. */
#define PRINT_JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)
#define PRINT_NDJSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER)

/* A hit as a JSON object (the "hits" entries). */
json_t *print_hit_json(const search_hit *h);

/* A search's whole answer: the query, what was asked (level, page) and
 * what was found (totals, facets, hits). */
json_t *print_answer_json(const char *query, const search_result *res, search_level level,
                          unsigned offset, unsigned limit);

/* The facet a `list` names: "authorities" or "authority", "years" or
 * "year"...; NULL for none. */
struct schema_facet;
const struct schema_facet *print_list_facet(const char *what);
/* The names of the facets, ", "-separated; malloc()ed. */
char *print_facet_names(void);

/* A facet's value with its documents, {"value", "count"}: list's
 * entries. */
json_t *print_value_json(const char *value, unsigned count);

/* A document (or one passage, id@N) as `show` prints it: its metadata
 * and its passages with their heading, kind, themes and text, in *out;
 * SCR_ERR_NOT_FOUND, with the message naming it, when there is none such. */
MUST_CHECK scr_status print_document_json(searcher *s, const char *id, json_t **out,
                                          scr_error *err);
/* Adds a passage (its data as stored) to that object in *doc, making it
 * from the first passage when *doc is NULL. */
void print_document_add(json_t **doc, json_t *passage);
/* A passage's data without what belongs to the passage: the document's
 * metadata (show's head). */
json_t *print_document_head(json_t *passage);

/* v as text laid out by flags, with a final newline; malloc()ed. */
char *print_json_text(json_t *v, size_t flags);
/* Writes the same to out; returns 0 or -1 (write error). */
int print_json_file(FILE *out, json_t *v, size_t flags);

#endif
