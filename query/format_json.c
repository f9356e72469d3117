/* format_json.c: JSON, ndjson and --batch answers, through jansson. */
#include <stdlib.h>

#include "format.h"
#include "util.h"

/* The fields every whole answer has (json and batch). */
static json_t *answer(const char *query, const search_result *res, const options *o)
{
    return print_answer_json(query, res, o->level, o->offset, o->limit);
}

void format_json(FILE *out, const char *query, const search_result *res, const options *o)
{
    json_t *a = answer(query, res, o);
    print_json_file(out, a, PRINT_JSON_FLAGS);
    json_decref(a);
}

void format_ndjson(FILE *out, const search_result *res)
{
    for (size_t i = 0; i < res->n_hits; i++) {
        json_t *h = print_hit_json(&res->hits[i]);
        json_dumpf(h, out, PRINT_NDJSON_FLAGS);
        fputc('\n', out);
        json_decref(h);
    }
}

void format_batch_answer(FILE *out, const char *query, const search_result *res,
                         const options *o, double took_ms)
{
    json_t *a = answer(query, res, o);
    json_object_set_new(a, "took_ms", json_real(took_ms));
    json_dumpf(a, out, PRINT_NDJSON_FLAGS);
    fputc('\n', out);
    json_decref(a);
}
