/* schema.h: the one definition of what scrutiny stores in Xapian.
 *
 * Both the indexer (writer.c) and the search core (search.c) take every
 * term prefix, value slot and metadata key from here.  Changing any of them
 * means bumping SCHEMA_VERSION, so that old databases ask to be re-indexed
 * instead of answering wrongly.
 */
#ifndef SCRUTINY_SCHEMA_H
#define SCRUTINY_SCHEMA_H

#include <stddef.h>

/* Bump on any incompatible change to the layout below. */
#define SCHEMA_VERSION "5"
/* Database metadata key holding SCHEMA_VERSION. */
#define SCHEMA_VERSION_KEY "scrutiny.schema"

/* Every Xapian document is one passage (a paragraph or list item) of a
 * document; a document is a source file or one item of an agenda pack, and
 * every passage carries its document's facets.  Document-level searches
 * collapse passages on SLOT_PART. */

/* ---- boolean terms (exact filters) ---- */
#define PREFIX_ID        "Q"  /* the source file's absolute path: all its passages */
#define PREFIX_PART      "XI" /* the document's id: the path, or path#N for item N of a pack */
#define PREFIX_AUTHORITY "XA" /* authority slug, e.g. XAwigan; one per authority */
#define PREFIX_PUBLISHER "XP" /* publisher slug, e.g. XPofsted */
#define PREFIX_DOCTYPE   "XD" /* document type slug, e.g. XDpeer-review */
#define PREFIX_YEAR      "Y"  /* four-digit year of the document, e.g. Y2018 */
#define PREFIX_FILE      "XF" /* base name of the source file, e.g. XFletter.txt */
#define PREFIX_THEME     "XTH" /* a theme of the passage (themes.tsv), e.g. XTHsend */
#define PREFIX_DOCTHEME  "XTD" /* a theme of its document, e.g. XTDsend: theme:
                                  filters on these at document level, on the
                                  passage's at passage level */
#define PREFIX_KIND      "XK" /* the passage's kind, e.g. XKrecommendation */

/* ---- free-text terms (words, stemmed and exact) ---- */
#define PREFIX_TITLE     "S"  /* words of the document's title (Xapian's convention) */
#define PREFIX_SECTION   "XS" /* words of the passage's heading path */
#define PREFIX_CONCEPT   "XY" /* what an acronym stands for (acronyms.tsv), as its
                                 slug (XYsalt), wherever the acronym in capitals
                                 or one of its expansions is written; the synonym
                                 dictionary maps each to it */

/* ---- value slots ---- */
enum schema_slot {
    SLOT_AUTHORITY = 0, /* authority slugs joined by SCHEMA_MULTI_SEP (facet) */
    SLOT_PUBLISHER = 1, /* publisher slug (facet) */
    SLOT_DOCTYPE = 2,   /* document type slug (facet) */
    SLOT_YEAR = 3,      /* "2018" (facet) */
    SLOT_YEAR_NUM = 4,  /* year as sortable_serialise() (year:A..B ranges) */
    SLOT_DATE = 5,      /* "YYYYMMDD"; partial dates as day 01 (sort, date:A..B) */
    SLOT_FILE = 6,      /* base name of the source file, as a slug (facet) */
    SLOT_PART = 7,      /* hash of the document's id (collapse key, dedupe) */
    SLOT_PASSAGE = 8,   /* passage number in its document, sortable_serialise()d */
    SLOT_THEME = 9,     /* the document's themes, joined by SCHEMA_MULTI_SEP (facet) */
    SLOT_KIND = 10      /* the passage's kind (facet) */
};

/* Separates the values of a multi-valued slot.  Slugs never contain it. */
#define SCHEMA_MULTI_SEP '\n'

/* Passage data is a JSON object with these keys (see doc/schema.md). */
#define DATA_FILE        "file"
#define DATA_PART        "id"
#define DATA_PACK        "pack"
#define DATA_PASSAGE     "passage"
#define DATA_HEADING     "heading"
#define DATA_KIND        "kind"
#define DATA_THEMES      "themes"   /* the passage's themes */
#define DATA_TITLE       "title"
#define DATA_AUTHORITIES "authorities"
#define DATA_PUBLISHER   "publisher"
#define DATA_DOCTYPE     "type"
#define DATA_DATE        "date"
#define DATA_YEAR        "year"
#define DATA_TEXT        "text"     /* the passage's text */

/* A facet: what users call it in filters and --facets, where it lives. */
typedef struct schema_facet {
    const char *name;   /* filter and facet name: "authority" */
    const char *prefix; /* boolean term prefix */
    unsigned slot;      /* value slot counted by --facets */
    int per_passage;    /* differs between passages of one document (kind);
                           the others are the document's, in every passage */
} schema_facet;

/* The facets, in display order; NULL-name terminated. */
extern const schema_facet schema_facets[];

/* The facet called name, or NULL. */
const schema_facet *schema_facet_find(const char *name);

#endif
