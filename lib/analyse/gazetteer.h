/* gazetteer.h: English local authorities (data/authorities.tsv) and
 * finding their names in text. */
#ifndef SCRUTINY_GAZETTEER_H
#define SCRUTINY_GAZETTEER_H

#include <stddef.h>

typedef struct authority {
    char *slug, *name, *ons, *region, *kind;
    int until;  /* year it ended, 0 if current */
    int strict; /* the bare name is an everyday word: council forms only */
} authority;

typedef struct gazetteer gazetteer;

/* Loads an authorities.tsv.  Returns 0, or -1 with the reason. */
int gazetteer_load(const char *path, gazetteer **out, char *errbuf, size_t errlen);
void gazetteer_free(gazetteer *g);
size_t gazetteer_size(const gazetteer *g);
const authority *gazetteer_get(const gazetteer *g, size_t i);

/* The authority a name, variant, council form or slug denotes ("City of
 * Wolverhampton Council", "CWC", "west-sussex"), or NULL. */
const authority *gazetteer_lookup(const gazetteer *g, const char *name);

/* One place in a text where an authority is named. */
typedef struct mention {
    size_t authority; /* index in the gazetteer */
    size_t offset;    /* byte offset of the name in the text */
    int council_form; /* "Wigan Council", "London Borough of Barnet", "the Wigan
                       * Local Area" */
} mention;

/* Finds the authorities named in text (longest names first, so "North
 * Somerset" is not also "Somerset").  *out is malloc()ed. */
size_t gazetteer_find(const gazetteer *g, const char *text, mention **out);

#endif
