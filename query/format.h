/* format.h: writers of search results, one per --format, all fed by the
 * same search core. */
#ifndef SCRUTINY_FORMAT_H
#define SCRUTINY_FORMAT_H

#include <jansson.h>
#include <stdio.h>

#include "hit-fields.h"
#include "options.h"
#include "print-json.h"
#include "search.h"

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

#endif
