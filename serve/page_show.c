/* page_show.c: a document's page: its metadata, then its passages with
 * their heading path, kind and themes, each recommendation with its link
 * to similar ones elsewhere.  Built from the JSON `show` prints. */
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "handles.h"
#include "hit-fields.h"
#include "page.h"
#include "print-json.h"
#include "schema.h"

static void add_list(strbuf *sb, json_t *a, const char *none)
{
    size_t i;
    json_t *v;
    if (json_array_size(a) == 0)
        html_add(sb, none);
    json_array_foreach(a, i, v)
    {
        if (i)
            sb_adds(sb, ", ");
        html_add(sb, json_is_string(v) ? json_string_value(v) : "");
    }
}

static void meta_row(strbuf *sb, const char *name, const char *value)
{
    sb_addf(sb, "<tr><th scope=\"row\">%s</th><td>", name);
    html_add(sb, value);
    sb_adds(sb, "</td></tr>\n");
}

void page_show(const request *r, reply *rep)
{
    const char *id = page_need_arg(r, rep, "id", "id= names the document to show");
    if (id && search_passage_ref_bad(id)) { /* as the API and scrutiny-query show */
        page_error(rep, 400, "id: a passage is a number (DOCID@N, as 12@3)");
        return;
    }
    searcher *s = id ? page_searcher(rep) : NULL;
    if (!s)
        return;
    scr_error err;
    json_t *doc;
    scr_status rc = print_document_json(s, id, &doc, &err);
    if (rc != SCR_OK) {
        page_error(rep, http_status_of(rc), err.message);
        return;
    }
    strbuf *sb = &rep->body;
    const char *title = json_str(doc, DATA_TITLE);
    page_begin(sb, *title ? title : id, NULL);
    sb_adds(sb, "<article>\n<h1>");
    html_add(sb, *title ? title : json_str(doc, DATA_FILE));
    sb_adds(sb, "</h1>\n<table class=\"docmeta\">\n<tr><th scope=\"row\">authorities</th><td>");
    add_list(sb, json_object_get(doc, DATA_AUTHORITIES), "none named");
    sb_adds(sb, "</td></tr>\n<tr><th scope=\"row\">publisher</th><td>");
    add_list(sb, json_object_get(doc, DATA_PUBLISHER), "unknown");
    sb_adds(sb, "</td></tr>\n");
    meta_row(sb, "type", *json_str(doc, DATA_DOCTYPE) ? json_str(doc, DATA_DOCTYPE) : "unknown");
    meta_row(sb, "date", json_str(doc, DATA_DATE));
    meta_row(sb, "file", json_str(doc, DATA_FILE));
    sb_adds(sb, "</table>\n");
    size_t i;
    json_t *p;
    const char *doc_id = json_str(doc, DATA_PART);
    json_array_foreach(json_object_get(doc, "passages"), i, p)
    {
        json_t *num = json_object_get(p, "passage");
        const char *kind = json_str(p, "kind");
        sb_addf(sb, "<section class=\"passage\" id=\"p%lld\">\n",
                json_is_integer(num) ? (long long)json_integer_value(num) : 0LL);
        if (*json_str(p, "heading")) {
            sb_adds(sb, "<p class=\"heading\">");
            html_add(sb, json_str(p, "heading"));
            sb_adds(sb, "</p>\n");
        }
        sb_adds(sb, "<p class=\"tags\">");
        html_add(sb, *kind ? kind : "other");
        if (json_array_size(json_object_get(p, "themes"))) {
            sb_adds(sb, " · ");
            add_list(sb, json_object_get(p, "themes"), "");
        }
        sb_adds(sb, "</p>\n<p>");
        html_add(sb, json_str(p, "text"));
        sb_adds(sb, "</p>\n");
        if (kind_recommends(kind) && json_is_integer(num)) {
            sb_adds(sb, "<p>");
            html_similar_link(sb, doc_id, json_integer_value(num));
            sb_adds(sb, "</p>\n");
        }
        sb_adds(sb, "</section>\n");
    }
    sb_adds(sb, "</article>\n");
    page_end(sb);
    json_decref(doc);
}
