/* print-json.c: search answers, hits and facet lists in JSON, through
 * jansson. */
#include "print-json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "util.h"

static json_t *copy_or_null(json_t *v) { return v ? json_deep_copy(v) : json_null(); }

json_t *print_hit_json(const search_hit *h)
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

json_t *print_answer_json(const char *query, const search_result *res, search_level level,
                          unsigned offset, unsigned limit)
{
    json_t *a = xcheck(json_object());
    json_object_set_new(a, "version", json_integer(JSON_FORMAT_VERSION));
    json_object_set_new(a, "query", json_string(query));
    json_object_set_new(a, "level", json_string(search_level_name(level)));
    json_object_set_new(a, "match", json_string(search_match_name(res->match)));
    json_object_set_new(a, "total", json_integer(res->total));
    json_object_set_new(a, "exact", json_boolean(res->exact));
    json_object_set_new(a, "partial", json_boolean(res->partial));
    json_object_set_new(a, "offset", json_integer(offset));
    json_object_set_new(a, "limit", json_integer(limit));
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
        json_array_append_new(hits, print_hit_json(&res->hits[i]));
    json_object_set_new(a, "hits", hits);
    return a;
}

const schema_facet *print_list_facet(const char *what)
{
    char name[64];
    snprintf(name, sizeof name, "%s", what);
    size_t n = strlen(name);
    if (n > 3 && strcmp(name + n - 3, "ies") == 0)
        strcpy(name + n - 3, "y");
    else if (n > 1 && name[n - 1] == 's')
        name[n - 1] = '\0';
    return schema_facet_find(name);
}

char *print_facet_names(void)
{
    strbuf known;
    sb_init(&known);
    for (const schema_facet *k = schema_facets; k->name; k++)
        sb_addf(&known, "%s%s", known.len ? ", " : "", k->name);
    return sb_steal(&known);
}

json_t *print_value_json(const char *value, unsigned count)
{
    return xcheck(json_pack("{s:s, s:I}", "value", value, "count", (json_int_t)count));
}

char *print_json_text(json_t *v, size_t flags)
{
    char *text = json_dumps(v, flags);
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "%s\n", text ? text : "null");
    free(text);
    return sb_steal(&sb);
}

int print_json_file(FILE *out, json_t *v, size_t flags)
{
    char *text = print_json_text(v, flags);
    int rc = fputs(text, out) < 0 ? -1 : 0;
    free(text);
    return rc;
}
