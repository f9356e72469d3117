/* api.c: /api/v1/{search,show,like,matrix,list/FACET}: the parameters and
 * the JSON of scrutiny-query --format json (lib/print's JSON printer prints
 * both). */
#include <stdlib.h>
#include <string.h>

#include "handles.h"
#include "http.h"
#include "matrix-table.h"
#include "print-json.h"
#include "printer.h"
#include "schema.h"

#define API_PREFIX "/api/v1/"

static void json_reply(reply *rep, unsigned status, json_t *v)
{
    char *text = print_json_text(v, PRINT_JSON_FLAGS);
    rep->status = status;
    rep->type = TYPE_JSON;
    sb_adds(&rep->body, text);
    free(text);
}

/* What p (printer_open_memory's, in JSON) printed: the answer, with
 * status. */
static void printed_reply(reply *rep, unsigned status, printer *p)
{
    char *text = printer_take_memory(p);
    rep->status = status;
    rep->type = TYPE_JSON;
    sb_adds(&rep->body, text);
    free(text);
}

unsigned http_status_of(scr_status status)
{
    switch (status) {
    case SCR_ERR_NOT_FOUND:
    case SCR_ERR_DOC_NOT_FOUND:
        return 404;
    case SCR_ERR_QUERY_SYNTAX:
    case SCR_ERR_INVALID:
    case SCR_ERR_LIMIT:
    case SCR_ERR_INPUT:
        return 400;
    case SCR_ERR_OPENING:
    case SCR_ERR_LOCKED:
    case SCR_ERR_MODIFIED:
    case SCR_ERR_NETWORK:
    case SCR_ERR_NO_MEMORY:
        return 503;
    default:
        return 500;
    }
}

unsigned http_status_unopened(scr_status status)
{
    return status == SCR_ERR_CORRUPT || status == SCR_ERR_IO ? 500 : 503;
}

void api_error(reply *rep, unsigned status, const char *message)
{
    char *shown = http_public_message(message);
    json_t *e = json_pack("{s:s, s:i}", "error", shown, "status", (int)status);
    json_reply(rep, status, e);
    json_decref(e);
    free(shown);
}

/* The argument name, which must be there. */
static const char *need_arg(const request *r, reply *rep, const char *name)
{
    const char *bad = NULL, *v = req_arg(r, name, &bad);
    char msg[128];
    if (!v || !*v) { /* id= names nothing, as no id */
        snprintf(msg, sizeof msg, "%s: %s", name, bad ? bad : "missing");
        api_error(rep, 400, msg);
        return NULL;
    }
    return v;
}

static void api_search(const request *r, reply *rep, searcher *s, int like)
{
    search_request req;
    strlist facets;
    sl_init(&facets);
    char errbuf[1024];
    search_result res;
    memset(&res, 0, sizeof res);
    if (req_search(r, &req, &facets, s, errbuf, sizeof errbuf) != 0) {
        api_error(rep, 400, errbuf);
        goto out;
    }
    scr_error err;
    scr_status rc;
    if (like) {
        const char *bad = NULL, *text = req_arg(r, "text", &bad);
        const char *similar = bad ? NULL : req_arg(r, "similar", &bad);
        unsigned same;
        if (!bad && text && query_blank(text))
            bad = "text: no text to compare with"; /* as scrutiny-query --like '' */
        if (!bad && similar && search_source_ref_bad(similar))
            bad = "similar: a document (a file, an id or a docid), with @N for its passage N";
        if (bad || (!text == !similar) ||
            req_uint(r, "same_authority", 0, 1, &same, errbuf, sizeof errbuf) != 0) {
            api_error(rep, 400, bad                  ? bad
                                : (!text == !similar) ? "like takes text or similar, one of them"
                                                      : errbuf);
            goto out;
        }
        rc = searcher_like(s, &req, text, similar, (int)same, &res, &err);
    } else {
        rc = searcher_run(s, &req, &res, &err);
    }
    if (rc != SCR_OK) { /* 404: no such source to be like */
        api_error(rep, http_status_of(rc), err.message);
        goto out;
    }
    printer p;
    printer_open_memory(&p, PRINT_JSON);
    printer_result(&p, req.query, &res, &req);
    printed_reply(rep, 200, &p);
out:
    search_result_free(&res);
    sl_free(&facets);
}

static void api_show(const request *r, reply *rep, searcher *s)
{
    const char *id = need_arg(r, rep, "id");
    if (!id)
        return;
    if (search_passage_ref_bad(id)) { /* as scrutiny-query show: a usage error */
        api_error(rep, 400, "id: a passage is a number (DOCID@N, as 12@3)");
        return;
    }
    scr_error err;
    printer p;
    printer_open_memory(&p, PRINT_JSON);
    scr_status rc = printer_document(&p, s, id, search_passage_ref(id, NULL) >= 0, &err);
    if (rc != SCR_OK) {
        free(printer_take_memory(&p));
        api_error(rep, http_status_of(rc), err.message);
        return;
    }
    printed_reply(rep, 200, &p);
}

static void api_matrix(const request *r, reply *rep, searcher *s)
{
    const char *m = need_arg(r, rep, "matrix");
    if (!m)
        return;
    const char *bad = NULL, *q = req_arg(r, "q", &bad);
    const char *comma = strchr(m, ',');
    char *a = comma ? xstrndup(m, (size_t)(comma - m)) : NULL;
    if (bad) {
        api_error(rep, 400, bad);
    } else if (!a || !schema_facet_find(a) || !schema_facet_find(comma + 1)) {
        api_error(rep, 400, "matrix takes two facets, as theme,authority (known: authority, "
                            "publisher, type, year, theme, kind, file)");
    } else {
        matrix_table t;
        scr_error err;
        scr_status rc = matrix_table_build(s, q ? q : "", a, comma + 1, &t, &err);
        if (rc != SCR_OK) {
            api_error(rep, http_status_of(rc), err.message);
        } else {
            printer p;
            printer_open_memory(&p, PRINT_JSON);
            p.ops->matrix(&p, &t, q ? q : "");
            printed_reply(rep, 200, &p);
        }
        matrix_table_free(&t);
    }
    free(a);
}

static void api_list(reply *rep, searcher *s, const char *what)
{
    const schema_facet *f = print_list_facet(what);
    char errbuf[1024];
    if (!f) {
        char *known = print_facet_names();
        snprintf(errbuf, sizeof errbuf, "cannot list '%.64s' (known: %s)", what, known);
        free(known);
        api_error(rep, 404, errbuf);
        return;
    }
    printer p;
    printer_open_memory(&p, PRINT_JSON);
    scr_error err;
    if (printer_list(&p, s, f->name, NULL, &err) != SCR_OK) {
        free(printer_take_memory(&p));
        api_error(rep, 500, err.message);
        return;
    }
    printed_reply(rep, 200, &p);
}

void api_handle(const request *r, reply *rep)
{
    const char *what = r->path + strlen(API_PREFIX);
    if (strncmp(r->path, API_PREFIX, strlen(API_PREFIX)) != 0) {
        api_error(rep, 404, "no such API: the API is under /api/v1/");
        return;
    }
    if (!utf8_valid(r->path, strlen(r->path))) { /* echoed in no error: JSON has no place */
        api_error(rep, 400, "the path is not valid UTF-8");
        return;
    }
    int known = strcmp(what, "search") == 0 || strcmp(what, "show") == 0 ||
                strcmp(what, "like") == 0 || strcmp(what, "matrix") == 0 ||
                strncmp(what, "list/", 5) == 0;
    if (!known) {
        api_error(rep, 404, "no such API (search, show, like, matrix, list/FACET)");
        return;
    }
    scr_error err;
    searcher *s = handle_get(&err);
    if (!s) {
        api_error(rep, http_status_unopened(err.status), err.message);
        return;
    }
    if (strcmp(what, "search") == 0)
        api_search(r, rep, s, 0);
    else if (strcmp(what, "like") == 0)
        api_search(r, rep, s, 1);
    else if (strcmp(what, "show") == 0)
        api_show(r, rep, s);
    else if (strcmp(what, "matrix") == 0)
        api_matrix(r, rep, s);
    else
        api_list(rep, s, what + 5);
}
