/* format.h: writers of search results, one per --format. */
#ifndef SCRUTINY_FORMAT_H
#define SCRUTINY_FORMAT_H

#include <stdio.h>

#include "search.h"

/* Version of the JSON output's layout (doc/scrutiny-query.1, JSON OUTPUT). */
#define JSON_FORMAT_VERSION 1

typedef struct format_ctx {
    const char *query;
    unsigned offset, limit;
    int color; /* ANSI colours in text output */
} format_ctx;

void format_text(FILE *out, const search_result *res, const format_ctx *ctx);
void format_json(FILE *out, const search_result *res, const format_ctx *ctx);
void format_tsv(FILE *out, const search_result *res, const format_ctx *ctx);

/* Shared by formatters: a hit's string list field joined by sep. */
char *hit_join(const search_hit *h, const char *key, const char *sep);
/* A hit's string field, or "" when absent. */
const char *hit_str(const search_hit *h, const char *key);

#endif
