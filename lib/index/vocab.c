/* vocab.c: what the writer indexes besides a document's own words, made
 * once a run (writer.h): the taxonomy, and the phrases of its data files
 * (taxonomy_phrases) as terms of their own (schema.h, PREFIX_PHRASE), so
 * that a quoted phrase of the field finds its documents from postings,
 * not positions (lib/store/xapian-phrases.cc); and the zstd dictionary
 * its documents' data is compressed with (lib/store/docdict.h). */
#include <stdlib.h>

#include "taxonomy.h"
#include "util.h"
#include "writer.h"
#include "writer-internal.h"
#include "xapian-c.h"

scr_status writer_vocab_new(const taxonomy *t, writer_vocab **out, scr_error *error)
{
    writer_vocab *v = xcalloc(1, sizeof *v);
    v->tax = t;
    const strlist *named = t ? taxonomy_phrases(t) : NULL;
    xc_error err;
    if (xc_phrases_new(named ? (const char *const *)named->items : NULL, named ? named->len : 0,
                       &v->phrases, &err) != XC_OK) {
        free(v);
        return scr_fail(error, SCR_ERR_OTHER, "the data files' phrases: %s", err.message);
    }
    v->dict = docdict_trainer_new();
    *out = v;
    return SCR_OK;
}

void writer_vocab_free(writer_vocab *v)
{
    if (!v)
        return;
    xc_phrases_free(v->phrases);
    docdict_trainer_free(v->dict);
    free(v);
}
