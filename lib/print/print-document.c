/* print-document.c: a document and its passages in JSON, as `show`
 * prints them (printer-json.c puts them together). */
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

static json_t *passage_json(json_t *p)
{
    return xcheck(json_pack("{s:O, s:s, s:s, s:O, s:s}", "passage",
                            json_object_get(p, DATA_PASSAGE), "heading",
                            json_str(p, DATA_HEADING), "kind", json_str(p, DATA_KIND),
                            "themes", json_object_get(p, DATA_THEMES), "text",
                            json_str(p, DATA_TEXT)));
}

void print_document_add(json_t **doc, json_t *passage)
{
    if (!*doc) {
        *doc = print_document_head(passage);
        json_object_set_new(*doc, "passages", xcheck(json_array()));
    }
    json_array_append_new(json_object_get(*doc, "passages"), passage_json(passage));
}

static void on_passage(void *ctx, json_t *passage) { print_document_add(ctx, passage); }

scr_status print_document_json(searcher *s, const char *id, json_t **out, scr_error *err)
{
    json_t *doc = NULL;
    scr_status rc = searcher_document(s, id, on_passage, &doc, err);
    *out = NULL;
    if (rc == SCR_OK && doc) {
        *out = doc;
        return SCR_OK;
    }
    json_decref(doc);
    if (rc == SCR_OK) /* a document without passages: none is indexed so */
        rc = scr_fail(err, SCR_ERR_NOT_FOUND, "no passages in '%s'", id);
    return rc;
}
