/* filter-names.c: a NAME:VALUE word of a query that looks like a filter
 * but is none is refused, not searched as words.
 *
 * Xapian's parser reads an unknown prefix as plain words, so a misspelt
 * autority:luton searched the phrase "autority luton" and answered "no
 * match" as if Luton had nothing; authority: with no value searched the
 * word authority.  A name one or two edits from a filter's (by its length)
 * gets "did you mean"; other NAME:VALUE words (a URL, a time) stay words. */
#include <stdio.h>
#include <string.h>

#include "schema.h"
#include "search-internal.h"

/* Whether the len bytes at name are a name the parser takes before a
 * colon: a range's, a facet's or a free-text field's. */
static int is_filter(const char *name, size_t len)
{
    if (schema_is_filter_name(name, len))
        return 1;
    for (const schema_text_field *t = schema_text_fields; t->name; t++)
        if (strlen(t->name) == len && strncmp(t->name, name, len) == 0)
            return 1;
    return 0;
}

/* The filter name len bytes at name are a slip of: within one edit when
 * either has four letters or fewer (time: is not theme:), else two; NULL
 * when none. */
static const char *slip_of(const char *name, size_t len)
{
    char word[32];
    if (len < 3 || len >= sizeof word)
        return NULL;
    memcpy(word, name, len);
    word[len] = '\0';
    const char *best = NULL;
    size_t best_d = 99;
    for (int pass = 0; pass < 3; pass++) {
        const char *cand = NULL;
        for (size_t i = 0;; i++) {
            cand = pass == 0   ? schema_ranges[i].name
                   : pass == 1 ? schema_facets[i].name
                               : schema_text_fields[i].name;
            if (!cand)
                break;
            size_t shorter = len < strlen(cand) ? len : strlen(cand);
            size_t d = edit_distance(word, cand), allowed = shorter <= 4 ? 1 : 2;
            if (d <= allowed && d < best_d) {
                best = cand;
                best_d = d;
            }
        }
    }
    return best;
}

int query_check_filter_names(const char *folded, char *bad, size_t badlen)
{
    int quoted = 0;
    for (const char *p = folded; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        int start = query_word_start(folded, p);
        if (quoted || !start)
            continue;
        size_t len = strspn(p, "abcdefghijklmnopqrstuvwxyz");
        if (!len || p[len] != ':')
            continue;
        const char *value = p + len + 1;
        int empty = *value == '\0' || *value == ' ' || *value == ')' ||
                    (value[0] == '"' && value[1] == '"' &&
                     (value[2] == '\0' || value[2] == ' ' || value[2] == ')'));
        const char *slip = NULL;
        if (is_filter(p, len)) {
            /* a bracket of several values: the parser gives the filter the
             * first and searches the others as words (authority:(bury OR
             * wigan) was Bury's documents with the word wigan) */
            size_t inside = *value == '(' ? strcspn(value + 1, ")") : 0;
            if (inside && schema_is_filter_name(p, len) &&
                memchr(value + 1, ' ', inside) != NULL) {
                snprintf(bad, badlen, "%.*s:(%.*s): a filter takes its values comma-separated "
                                      "(%.*s:a,b), not in a bracket",
                         (int)len, p, (int)inside, value + 1, (int)len, p);
                return -1;
            }
            if (!empty)
                continue;
            snprintf(bad, badlen, "%.*s: needs a value, as %.*s:VALUE with no space", (int)len,
                     p, (int)len, p);
            return -1;
        }
        if (!empty && *value != '/' && (slip = slip_of(p, len)) != NULL) {
            snprintf(bad, badlen, "no filter '%.*s:' (did you mean %s:?)", (int)len, p, slip);
            return -1;
        }
    }
    return 0;
}
