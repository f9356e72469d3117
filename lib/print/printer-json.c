/* printer-json.c: answers in JSON (one document, indented), ndjson (a
 * compact line per hit, value or row) and --batch's lines (each answer
 * whole on one line, with how long it took).  The trees are print-json.c's,
 * the same for scrutiny-serve's API. */
#include <stdlib.h>

#include "print-json.h"
#include "printer-formats.h"

static void put(printer *p, json_t *v, size_t flags)
{
    print_json_file(p->out, v, flags);
    json_decref(v);
}

void print_json_result(printer *p, const char *query, const search_result *res,
                       const search_request *req)
{
    put(p, print_answer_json(query, res, req->level, req->offset, req->limit), PRINT_JSON_FLAGS);
}

void print_ndjson_result(printer *p, const char *query, const search_result *res,
                         const search_request *req)
{
    (void)query, (void)req;
    for (size_t i = 0; i < res->n_hits; i++)
        put(p, print_hit_json(&res->hits[i]), PRINT_NDJSON_FLAGS);
}

void print_batch_result(printer *p, const char *query, const search_result *res,
                        const search_request *req)
{
    json_t *a = print_answer_json(query, res, req->level, req->offset, req->limit);
    json_object_set_new(a, "took_ms", json_real(p->took_ms));
    put(p, a, PRINT_NDJSON_FLAGS);
}

void printer_batch_error(printer *p, const char *query, const char *message)
{
    put(p, xcheck(json_pack("{s:s, s:s}", "query", query, "error", message)), PRINT_NDJSON_FLAGS);
}

/* A list's values and --recurring's rows: one array, printed whole at the
 * end when all were read. */
void print_json_begin_array(printer *p, const char *facet)
{
    (void)facet;
    p->tree = xcheck(json_array());
}

static void print_tree(printer *p, int ok)
{
    if (ok && p->tree)
        print_json_file(p->out, p->tree, PRINT_JSON_FLAGS);
    json_decref(p->tree);
    p->tree = NULL;
}

void print_json_end_array(printer *p) { print_tree(p, 1); }
void print_json_list_end(printer *p, int ok) { print_tree(p, ok); }

void print_json_list_value(printer *p, const char *value, unsigned count)
{
    json_array_append_new(p->tree, print_value_json(value, count));
}

void print_ndjson_list_value(printer *p, const char *value, unsigned count)
{
    put(p, print_value_json(value, count), PRINT_NDJSON_FLAGS);
}

void print_json_passage(printer *p, json_t *data)
{
    print_document_add(&p->tree, data);
}

void print_json_document_end(printer *p, int ok) { print_tree(p, ok); }

void print_json_matrix(printer *p, const matrix_table *t, const char *query)
{
    put(p, print_matrix_json(t, query), PRINT_JSON_FLAGS);
}

void print_ndjson_matrix(printer *p, const matrix_table *t, const char *query)
{
    put(p, print_matrix_json(t, query), PRINT_NDJSON_FLAGS);
}

static json_t *recurring_json(const char *value, const strlist *authorities,
                              const strlist *years)
{
    json_t *al = xcheck(json_array()), *yl = xcheck(json_array());
    for (size_t k = 0; k < authorities->len; k++)
        json_array_append_new(al, json_string(authorities->items[k]));
    for (size_t k = 0; k < years->len; k++)
        json_array_append_new(yl, json_integer(atoi(years->items[k])));
    return xcheck(json_pack("{s:s, s:I, s:o, s:o}", "value", value, "authorities",
                            (json_int_t)authorities->len, "authority_list", al, "years", yl));
}

void print_json_recurring_row(printer *p, const char *value, const strlist *authorities,
                              const strlist *years)
{
    json_array_append_new(p->tree, recurring_json(value, authorities, years));
}

void print_ndjson_recurring_row(printer *p, const char *value, const strlist *authorities,
                                const strlist *years)
{
    put(p, recurring_json(value, authorities, years), PRINT_NDJSON_FLAGS);
}
