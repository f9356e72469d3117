/* schema.h: the one definition of what scrutiny stores in Xapian.
 *
 * Both the indexer (writer.c, prepare.c) and the search core (search.c)
 * take every term prefix, value slot and metadata key from here.  Changing
 * any of them means bumping SCHEMA_VERSION, so that old databases ask to be
 * re-indexed instead of answering wrongly.
 */
#ifndef SCRUTINY_SCHEMA_H
#define SCRUTINY_SCHEMA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bump on any incompatible change to the layout below. */
#define SCHEMA_VERSION "9"
/* How text becomes terms (lib/store's index_folded: hyphenated compounds
 * joined since "2"; "3": acronyms' plurals in capitals and an "s"
 * ("CAMHs"), contents that end at their first entry, labelled and
 * lead-in headings, lib/analyse; "4": the field's phrases as terms,
 * PREFIX_PHRASE).  Bump when a change adds or alters terms that a
 * database of the same SCHEMA_VERSION can do without: each file is then
 * indexed again once at the next run (indexer/analysis-stamp.c), with no
 * "re-index needed". */
#define SCHEMA_WORDS_VERSION "4"
/* The indexer's metadata (lib/index/writer.c, prune.c), each key a prefix
 * and a value as schema_id_term makes it: what was indexed of each file,
 * "SIZE MTIME_NS HASH ANALYSIS\tPATH" (ANALYSIS its analysis stamp:
 * indexer/analysis-stamp.c; absent in older databases); the path indexed
 * with a content hash; each folder a run was asked to index. */
#define SCHEMA_FILE_KEY_PREFIX "file:"
#define SCHEMA_HASH_KEY_PREFIX "hash:"
#define SCHEMA_ROOT_KEY_PREFIX "root:"
/* Database metadata key holding SCHEMA_VERSION. */
#define SCHEMA_VERSION_KEY "scrutiny.schema"
/* Metadata kept by every commit (lib/store/xapian-kept.cc): a plain word's
 * stem's document frequency (decimal) under SCHEMA_FREQ_KEY_PREFIX and the
 * stem, for stems in two documents or more; a facet value's documents (a
 * portable CRoaring bitmap) under SCHEMA_SET_KEY_PREFIX and its term; both
 * whole at the "UUID REVISION" under SCHEMA_KEPT_STAMP_KEY.  Readers
 * without a stamp that names the database's revision go to the postings,
 * so no version bump. */
#define SCHEMA_FREQ_KEY_PREFIX "scrutiny.df:"
#define SCHEMA_SET_KEY_PREFIX "scrutiny.set:"
#define SCHEMA_KEPT_STAMP_KEY "scrutiny.kept"
/* The field's phrases indexed as terms (PREFIX_PHRASE, written by
 * lib/store/xapian-phrases.cc): the marker term of the list, then each
 * phrase term, a line each.  Readers take a phrase term's postings for its
 * phrase's documents only when every document holds the marker. */
#define SCHEMA_PHRASES_KEY "scrutiny.phrases"
/* Each zstd dictionary the documents' data is compressed with
 * (lib/store/docdict.h): its bytes, under this prefix and its id in eight
 * lowercase hex digits. */
#define SCHEMA_DICT_KEY_PREFIX "scrutiny.zdict:"

/* Every Xapian document is one document: a source file, or one item of an
 * agenda pack.  Its passages (paragraphs and list items) share its position
 * space: passage N starts at the position SLOT_STARTS records, and
 * consecutive passages are more than PASSAGE_WINDOW positions apart, so a
 * NEAR of that window never spans two passages.  kind: alone scopes words
 * by the kind-scoped terms (PREFIX_KIND_WORD); theme: at passage level
 * (with or without kind:) and --match passage are NEARs with the passage's
 * marker terms, which come first in it, each at a position of its own (a
 * NEAR never matches two terms at one position). */

/* Every passage is shorter than this many positions (PASSAGE_MAX_BYTES
 * cuts them long before); the writer leaves more than this between two. */
#define PASSAGE_WINDOW 4000u

/* ---- boolean terms (exact filters) ---- */
#define PREFIX_ID        "Q"  /* the source file's absolute path: all its passages */
#define PREFIX_PART      "XI" /* the document's id: the path, or path#N for item N of a pack */
#define PREFIX_AUTHORITY "XA" /* authority slug, e.g. XAwigan; one per authority */
#define PREFIX_PUBLISHER "XP" /* publisher slug, e.g. XPofsted */
#define PREFIX_DOCTYPE   "XD" /* document type slug, e.g. XDpeer-review */
#define PREFIX_YEAR      "Y"  /* four-digit year of the document, e.g. Y2018 */
#define PREFIX_FILE      "XF" /* base name of the source file, e.g. XFletter.txt */
#define PREFIX_THEME     "XTH" /* a passage's theme (themes.tsv), e.g. XTHsend: a
                                  marker at the first position of each passage
                                  with the theme */
#define PREFIX_DOCTHEME  "XTD" /* a theme of the document, e.g. XTDsend: theme:
                                  filters on these at document level, on the
                                  passages' markers at passage level */
#define PREFIX_THEMES    "XT"  /* theme:'s filter prefix, which adds D (the
                                  document's) or H (a passage's) */
#define PREFIX_KIND      "XK" /* a passage's kind, e.g. XKrecommendation: a marker
                                 at the first position of each passage of that
                                 kind (so also "has such a passage") */
#define PREFIX_KIND_WORD "XW" /* a word of a passage of a kind, as a boolean
                                 term (wdf 0, no positions): XW + kind + ":" +
                                 the word's term (XWrecommendation:Zspeech),
                                 one per document, kind and term; kind:K words
                                 are a posting intersection with these */
#define PREFIX_PHRASE    "XR" /* a phrase of the field (lib/index/vocab.c) that the
                                 document holds, as a boolean term: XR + the
                                 window + each word's term, space-separated
                                 ("XR3 Zarea Zdevelop": the query
                                 Zarea PHRASE 3 Zdevelop matches it) */
#define PREFIX_PHRASES_CHECKED "XRV" /* + a hash of the phrase list the
                                        document was checked against (one
                                        per document) */

/* ---- free-text terms (words, stemmed and exact) ---- */
#define PREFIX_TITLE     "S"  /* words of the document's title (Xapian's convention) */
#define PREFIX_SECTION   "XS" /* words of the passage's heading path */
#define PREFIX_CONCEPT   "XY" /* what an acronym stands for (acronyms.tsv), as its
                                 slug (XYsalt), at the first position of each
                                 passage where the acronym in capitals or one of
                                 its expansions is written; the synonym
                                 dictionary maps each to it */

/* Stopwords: the parser drops them from loose words, and the body's stems
 * of them (Z + stem) are stored with their wdf but without positions
 * (a third of a text's positions, the longest lists to decode in a phrase).
 * A phrase or NEAR skips them and keeps its window: "speech and language
 * therapy" is speech, language and therapy in that order within four
 * positions, as a stop filter that keeps positions makes it in Lucene. */
const char *const *schema_stopwords(size_t *n);

/* ---- value slots ---- */
enum schema_slot {
    SLOT_AUTHORITY = 0, /* authority slugs joined by SCHEMA_MULTI_SEP (facet) */
    SLOT_PUBLISHER = 1, /* publisher slug (facet) */
    SLOT_DOCTYPE = 2,   /* document type slug (facet) */
    SLOT_YEAR = 3,      /* "2018" (facet) */
    SLOT_YEAR_NUM = 4,  /* year as sortable_serialise() (year:A..B ranges) */
    SLOT_DATE = 5,      /* "YYYYMMDD"; partial dates as day 01 (sort, date:A..B) */
    SLOT_FILE = 6,      /* base name of the source file, as a slug (facet) */
    SLOT_STARTS = 7,    /* the passages' first positions, 4 bytes each, big-endian:
                           ranking reads them without the document's data */
    SLOT_DATA = 8,      /* the document's data, zstd-compressed (docdata.h); schema 5
                           held passage numbers here */
    SLOT_THEME = 9,     /* the document's themes, joined by SCHEMA_MULTI_SEP (facet) */
    SLOT_KIND = 10      /* the kinds of its passages, joined (facet) */
};

/* Separates the values of a multi-valued slot.  Slugs never contain it. */
#define SCHEMA_MULTI_SEP '\n'

/* Document data is a JSON object with these keys (see doc/schema.md); its
 * DATA_PASSAGES list holds objects with DATA_HEADING, DATA_KIND,
 * DATA_THEMES and DATA_TEXT.  A search hit's data is the document's with
 * the passage shown merged in (DATA_PASSAGE its number). */
#define DATA_FILE        "file"     /* the file's path, shown: invalid UTF-8 as U+FFFD */
#define DATA_FILE_BYTES  "file_bytes" /* only for a path that is not UTF-8: its bytes,
                                       * %XX-escaped (norm_escape_bytes) */
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
#define DATA_PASSAGES    "passages" /* the document's passages, in order */

/* A facet: what users call it in filters and --facets, where it lives. */
typedef struct schema_facet {
    const char *name;   /* filter and facet name: "authority" */
    const char *prefix; /* boolean term prefix */
    unsigned slot;      /* value slot counted by --facets */
    int per_passage;    /* a property of passages (kind): at passage level
                           its filter scopes the words to those passages */
    const char *set_prefix; /* the terms whose documents --facets counts
                               (NULL: counted from the slot's values) */
    int in_order; /* its values read in their own order (years): a
                     --matrix side lists them so, not by count */
} schema_facet;

/* The PREFIX_KIND_WORD term of term (a stem Z..., a concept XY...) in a
 * passage of kind, hashed as schema_id_term does when too long.
 * malloc()ed. */
char *schema_kind_word_term(const char *kind, const char *term);

/* The facets, in display order; NULL-name terminated. */
extern const schema_facet schema_facets[];

/* A range filter (year:2018..2019, date:2019-01..2019-06): a name and the
 * value slot it compares, as a number or as a YYYYMMDD date. */
typedef enum { SCHEMA_RANGE_NUMBER, SCHEMA_RANGE_DATE } schema_range_kind;
typedef struct schema_range {
    const char *name;
    unsigned slot;
    schema_range_kind kind;
} schema_range;

/* The range filters; NULL-name terminated. */
extern const schema_range schema_ranges[];

/* The free-text fields a query names before a colon (title:words) and
 * the term prefix of each; NULL-name terminated. */
typedef struct schema_text_field {
    const char *name, *prefix;
} schema_text_field;
extern const schema_text_field schema_text_fields[];

/* Whether the len bytes at name are a filter's name: a facet or a range. */
int schema_is_filter_name(const char *name, size_t len);

/* The facet called name, or NULL. */
const schema_facet *schema_facet_find(const char *name);

/* A term made of prefix + value, with values too long for a Xapian term
 * hashed (FNV-1a, stable across runs and machines).  malloc()ed. */
char *schema_id_term(const char *prefix, const char *value);

#ifdef __cplusplus
}
#endif

#endif
