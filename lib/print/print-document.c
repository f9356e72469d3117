/* print-document.c: a document and its passages in JSON, as `show`
 * prints them. */
#include "print-json.h"

#include "hit-fields.h"
#include "schema.h"
#include "util.h"

json_t *print_document_head(json_t *passage)
{
    json_t *doc = xcheck(json_deep_copy(passage));
    static const char *const passage_keys[] = {DATA_TEXT, DATA_HEADING, DATA_PASSAGE,
                                               DATA_KIND, DATA_THEMES};
    for (size_t i = 0; i < sizeof passage_keys / sizeof passage_keys[0]; i++)
        json_object_del(doc, passage_keys[i]);
    return doc;
}

typedef struct document_ctx {
    json_t *doc, *passages;
} document_ctx;

static void on_passage(void *vctx, json_t *p)
{
    document_ctx *c = vctx;
    if (!c->doc)
        c->doc = print_document_head(p);
    json_array_append_new(c->passages,
                          json_pack("{s:O, s:s, s:s, s:O, s:s}", "passage",
                                    json_object_get(p, DATA_PASSAGE), "heading",
                                    json_str(p, DATA_HEADING), "kind", json_str(p, DATA_KIND),
                                    "themes", json_object_get(p, DATA_THEMES), "text",
                                    json_str(p, DATA_TEXT)));
}

int print_document_json(searcher *s, const char *id, json_t **out, char *errbuf,
                        size_t errlen)
{
    document_ctx c = {NULL, xcheck(json_array())};
    scr_error err;
    scr_status st = searcher_document(s, id, on_passage, &c, &err);
    /* the passages, or 0 for none such and -1 for an error, as before */
    int n = st == SCR_OK ? (int)json_array_size(c.passages) : st == SCR_ERR_NOT_FOUND ? 0 : -1;
    if (st != SCR_OK)
        snprintf(errbuf, errlen, "%s", err.message);
    *out = NULL;
    if (n > 0 && c.doc) {
        json_object_set_new(c.doc, "passages", c.passages);
        *out = c.doc;
        return n;
    }
    json_decref(c.passages);
    json_decref(c.doc);
    return n > 0 ? 0 : n;
}
