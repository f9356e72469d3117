/* format_json.c: JSON, ndjson and --batch answers, through jansson. */
#include <stdlib.h>

#include "format.h"
#include "schema.h"
#include "util.h"

static json_t *copy_or_null(json_t *v) { return v ? json_deep_copy(v) : json_null(); }

json_t *hit_json(const search_hit *h)
{
    json_t *o = xcheck(json_object());
    json_object_set_new(o, "rank", json_integer(h->rank));
    json_object_set_new(o, "docid", json_integer(h->docid));
    json_object_set_new(o, "score", json_real(h->score));
    static const char *const keys[] = {DATA_PART,      DATA_TITLE,   DATA_AUTHORITIES,
                                       DATA_PUBLISHER, DATA_DOCTYPE, DATA_DATE,
                                       DATA_YEAR,      DATA_FILE,    DATA_PACK,
                                       DATA_PASSAGE,   DATA_HEADING, DATA_KIND,
                                       DATA_THEMES};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        json_object_set_new(o, keys[i], copy_or_null(json_object_get(h->data, keys[i])));
    json_object_set_new(o, "snippet", h->snippet ? json_string(h->snippet) : json_null());
    return o;
}

/* The fields every whole answer has (json and batch). */
static json_t *answer(const char *query, const search_result *res, const options *o)
{
    json_t *a = xcheck(json_object());
    json_object_set_new(a, "version", json_integer(JSON_FORMAT_VERSION));
    json_object_set_new(a, "query", json_string(query));
    json_object_set_new(a, "level", json_string(o->level == LEVEL_PASSAGE ? "passage" : "document"));
    json_object_set_new(a, "match", json_string(search_match_name(res->match)));
    json_object_set_new(a, "total", json_integer(res->total));
    json_object_set_new(a, "exact", json_boolean(res->exact));
    json_object_set_new(a, "partial", json_boolean(res->partial));
    json_object_set_new(a, "offset", json_integer(o->offset));
    json_object_set_new(a, "limit", json_integer(o->limit));
    json_object_set_new(a, "suggestion", res->suggestion ? json_string(res->suggestion) : json_null());
    json_t *facets = xcheck(json_object());
    for (size_t i = 0; i < res->n_facets; i++) {
        json_t *values = xcheck(json_array());
        for (size_t j = 0; j < res->facets[i].len; j++)
            json_array_append_new(values, json_pack("{s:s, s:I}", "value",
                                                    res->facets[i].values[j].value, "count",
                                                    (json_int_t)res->facets[i].values[j].count));
        json_object_set_new(facets, res->facets[i].name, values);
    }
    json_object_set_new(a, "facets", facets);
    json_t *hits = xcheck(json_array());
    for (size_t i = 0; i < res->n_hits; i++)
        json_array_append_new(hits, hit_json(&res->hits[i]));
    json_object_set_new(a, "hits", hits);
    return a;
}

void format_json(FILE *out, const char *query, const search_result *res, const options *o)
{
    json_t *a = answer(query, res, o);
    json_dumpf(a, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(a);
}

void format_ndjson(FILE *out, const search_result *res)
{
    for (size_t i = 0; i < res->n_hits; i++) {
        json_t *h = hit_json(&res->hits[i]);
        json_dumpf(h, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
        fputc('\n', out);
        json_decref(h);
    }
}

void format_batch_answer(FILE *out, const char *query, const search_result *res,
                         const options *o, double took_ms)
{
    json_t *a = answer(query, res, o);
    json_object_set_new(a, "took_ms", json_real(took_ms));
    json_dumpf(a, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(a);
}
