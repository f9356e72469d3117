/* gazetteer.h: English local authorities (data/authorities.tsv) and
 * finding their names in text. */
#ifndef SCRUTINY_GAZETTEER_H
#define SCRUTINY_GAZETTEER_H

#include <stddef.h>

#include "status.h"

typedef struct authority {
    char *slug, *name, *ons, *region, *kind;
    char *dfe;        /* DfE LA number(s), ';'-separated, or "" */
    char *successors; /* slugs of the authorities after a former one, or "" */
    char *county;     /* a district's: the authority with its children's
                       * services; else "" */
    int until;  /* year it ended, 0 if current */
    int strict; /* the bare name is an everyday word: council forms only */
} authority;

typedef struct gazetteer gazetteer;

/* The kind of a district council (districts.tsv): no children's services
 * of its own, but its own pages and reviews are about it. */
#define KIND_DISTRICT "district"

/* Loads an authorities.tsv; a failure's line names the file. */
MUST_CHECK scr_status gazetteer_load(const char *path, gazetteer **out, scr_error *err);
/* Adds the district councils of a districts.tsv (kind KIND_DISTRICT, only
 * their council forms and domains count); a failure's line names the
 * file. */
MUST_CHECK scr_status gazetteer_add_districts(gazetteer *g, const char *path, scr_error *err);
void gazetteer_free(gazetteer *g);
size_t gazetteer_size(const gazetteer *g);
const authority *gazetteer_get(const gazetteer *g, size_t i);

/* The authority a name, variant, council form or slug denotes ("City of
 * Wolverhampton Council", "CWC", "west-sussex"), or NULL. */
const authority *gazetteer_lookup(const gazetteer *g, const char *name);

/* How a mention names its authority. */
enum mention_how {
    MENTION_NAME,    /* the name or a variant: "Wigan" */
    MENTION_COUNCIL, /* a council form or its venue: "Wigan Council", "Town
                      * Hall, Maidenhead", "the Wigan Local Area" */
    MENTION_TOWN,    /* an administrative town alone: "Maidenhead" */
    MENTION_DOMAIN   /* its web or e-mail domain: "wigan.gov.uk" */
};

/* One place in a text where an authority is named. */
typedef struct mention {
    size_t authority; /* index in the gazetteer */
    size_t offset;    /* byte offset of the name in the text */
    int council_form; /* how is MENTION_COUNCIL or MENTION_DOMAIN */
    int how;          /* enum mention_how */
} mention;

/* Finds the authorities named in text (longest names first, so "North
 * Somerset" is not also "Somerset"), towns alone left out.  *out is
 * malloc()ed. */
size_t gazetteer_find(const gazetteer *g, const char *text, mention **out);
/* The same with the towns alone, weak evidence that the caller weighs. */
size_t gazetteer_find_places(const gazetteer *g, const char *text, mention **out);
/* gazetteer_find for what a person writes about a place (a --like text):
 * a name that is also an everyday word (strict: Bury, Reading) counts
 * where it is written as a proper noun, capitalised within a sentence
 * ("In Bury, families wait"), not as a sentence's or a line's first word ("Reading
 * the plans, ..."). */
size_t gazetteer_find_written(const gazetteer *g, const char *text, mention **out);

#endif
