/* format.h: writers of search results, one per --format, all fed by the
 * same search core. */
#ifndef SCRUTINY_FORMAT_H
#define SCRUTINY_FORMAT_H

#include <jansson.h>
#include <stdio.h>

#include "options.h"
#include "search.h"

/* Version of the JSON output's layout (scrutiny-query(1), JSON OUTPUT). */
#define JSON_FORMAT_VERSION 1

void format_text(FILE *out, const search_result *res, const options *o);
void format_json(FILE *out, const char *query, const search_result *res, const options *o);
void format_ndjson(FILE *out, const search_result *res);
/* One line answering a --batch query, with how long it took. */
void format_batch_answer(FILE *out, const char *query, const search_result *res,
                         const options *o, double took_ms);
void format_tsv(FILE *out, const search_result *res, const options *o);
void format_paths(FILE *out, const search_result *res, int nul);

/* The TSV columns --fields may name; NULL-terminated. */
extern const char *const tsv_fields[];
/* The default TSV columns, comma-separated. */
#define TSV_DEFAULT_FIELDS "rank,score,year,date,authority,publisher,type,title,file,heading"

/* A hit as a JSON object (the "hits" entries). */
json_t *hit_json(const search_hit *h);
/* Shared by formatters: a hit's string list field joined by sep. */
char *hit_join(const search_hit *h, const char *key, const char *sep);
/* A hit's string field, or "" when absent. */
const char *hit_str(const search_hit *h, const char *key);

#endif
