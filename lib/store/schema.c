/* schema.c: the facet table of schema.h. */
#include "schema.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Xapian terms must stay under 245 bytes; keep a margin for prefixes. */
#define TERM_MAX 200

const schema_facet schema_facets[] = {
    {"authority", PREFIX_AUTHORITY, SLOT_AUTHORITY, 0, PREFIX_AUTHORITY, 0},
    {"publisher", PREFIX_PUBLISHER, SLOT_PUBLISHER, 0, PREFIX_PUBLISHER, 0},
    {"type", PREFIX_DOCTYPE, SLOT_DOCTYPE, 0, PREFIX_DOCTYPE, 0},
    {"year", PREFIX_YEAR, SLOT_YEAR, 0, PREFIX_YEAR, 1},
    /* a value a file: as many sets as documents */
    {"file", PREFIX_FILE, SLOT_FILE, 0, NULL, 0},
    /* + D or H: see PREFIX_DOCTHEME; the document's themes are counted */
    {"theme", PREFIX_THEMES, SLOT_THEME, 0, PREFIX_DOCTHEME, 0},
    {"kind", PREFIX_KIND, SLOT_KIND, 1, PREFIX_KIND, 0},
    {NULL, NULL, 0, 0, NULL, 0},
};

const schema_range schema_ranges[] = {
    {"year", SLOT_YEAR_NUM, SCHEMA_RANGE_NUMBER},
    {"date", SLOT_DATE, SCHEMA_RANGE_DATE},
    {NULL, 0, 0},
};

const schema_text_field schema_text_fields[] = {
    {"title", PREFIX_TITLE},
    {"section", PREFIX_SECTION},
    {NULL, NULL},
};

static int named(const char *table_name, const char *name, size_t len)
{
    return strlen(table_name) == len && memcmp(table_name, name, len) == 0;
}

static const char *const stopwords[] = {
    "a", "about", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can",
    "did", "do", "does", "for", "from", "had", "has", "have", "how", "i", "if", "in",
    "into", "is", "it", "its", "of", "on", "or", "our", "should", "so", "than", "that",
    "the", "their", "them", "there", "these", "they", "this", "those", "to", "was",
    "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
    "will", "with", "would", "you", "your",
};

const char *const *schema_stopwords(size_t *n)
{
    *n = sizeof stopwords / sizeof *stopwords;
    return stopwords;
}

int schema_is_filter_name(const char *name, size_t len)
{
    for (const schema_range *r = schema_ranges; r->name; r++)
        if (named(r->name, name, len))
            return 1;
    for (const schema_facet *f = schema_facets; f->name; f++)
        if (named(f->name, name, len))
            return 1;
    return 0;
}

const schema_facet *schema_facet_find(const char *name)
{
    for (const schema_facet *f = schema_facets; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return h;
}

char *schema_id_term(const char *prefix, const char *value)
{
    strbuf sb;
    sb_init(&sb);
    size_t n = strlen(value);
    if (n + strlen(prefix) <= TERM_MAX)
        sb_addf(&sb, "%s%s", prefix, value);
    else
        sb_addf(&sb, "%s#%016" PRIx64 "%.*s", prefix, fnv1a(value), 100, value + n - 100);
    return sb_steal(&sb);
}

char *schema_kind_word_term(const char *kind, const char *term)
{
    /* made for every word of every kinded passage: plain copies into one
     * buffer, no formatting (a tenth of the indexer's time with sb_addf) */
    size_t lp = strlen(PREFIX_KIND_WORD), lk = strlen(kind), lt = strlen(term);
    char *t = xmalloc(lp + lk + 1 + lt + 1);
    memcpy(t, PREFIX_KIND_WORD, lp);
    memcpy(t + lp, kind, lk);
    t[lp + lk] = ':';
    memcpy(t + lp + lk + 1, term, lt + 1);
    if (lp + lk + 1 + lt <= TERM_MAX)
        return t;
    char *hashed = schema_id_term(PREFIX_KIND_WORD, t + lp); /* too long: as ids are */
    free(t);
    return hashed;
}
