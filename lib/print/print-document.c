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

scr_status print_document_json(searcher *s, const char *id, json_t **out, scr_error *err)
{
    document_ctx c = {NULL, xcheck(json_array())};
    scr_status rc = searcher_document(s, id, on_passage, &c, err);
    *out = NULL;
    if (rc == SCR_OK && c.doc) {
        json_object_set_new(c.doc, "passages", c.passages);
        *out = c.doc;
        return SCR_OK;
    }
    json_decref(c.passages);
    json_decref(c.doc);
    if (rc == SCR_OK) /* a document without passages: none is indexed so */
        rc = scr_fail(err, SCR_ERR_NOT_FOUND, "no passages in '%s'", id);
    return rc;
}
