/* filter-hoist.c: a filter written beside an OR or NOT applies to the whole
 * query, as a reader of "speech OR governance authority:wigan" means it,
 * and so does a group of one filter's alternatives beside words.
 *
 * Xapian's parser binds a filter to the nearest run of words, so that
 * query filters only "governance" and finds speech anywhere.  Filters
 * that stand alone at the top level (not an operand of an operator, not
 * inside parentheses) are moved after the rest, which is parenthesised:
 * "(speech OR governance) authority:wigan". */
#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "schema.h"
#include "search-internal.h"
#include "util.h"

typedef struct token {
    const char *at;
    size_t len;
} token;

/* Splits text into its top-level tokens: a word, a filter with its quoted
 * value, a "phrase" or a (group).  0 when quotes or parentheses do not
 * balance, so the text is left to the parser and its error. */
static int top_level_tokens(const char *text, token **out, size_t *n)
{
    size_t cap = 8;
    *out = xmalloc(cap * sizeof **out);
    *n = 0;
    const char *p = text;
    for (;;) {
        while (*p == ' ' || *p == '\n' || *p == '\t')
            p++;
        if (!*p)
            return 1;
        const char *start = p;
        int depth = 0, quoted = 0;
        for (; *p; p++) {
            if (*p == '"')
                quoted = !quoted;
            else if (!quoted && *p == '(')
                depth++;
            else if (!quoted && *p == ')' && --depth < 0)
                return 0;
            else if (!quoted && !depth && (*p == ' ' || *p == '\n' || *p == '\t'))
                break;
        }
        if (quoted || depth)
            return 0;
        if (*n == cap)
            *out = xrealloc(*out, (cap *= 2) * sizeof **out);
        (*out)[(*n)++] = (token){start, (size_t)(p - start)};
    }
}

static int is_operator(const token *t) { return norm_is_operator(t->at, t->len); }

/* Whether t is exactly the word w. */
static int is_word(const token *t, const char *w)
{
    return t->len == strlen(w) && memcmp(t->at, w, t->len) == 0;
}

/* A filter's name before its colon: a facet, year or date. */
static int is_filter(const token *t)
{
    const char *colon = memchr(t->at, ':', t->len);
    if (!colon || colon == t->at)
        return 0;
    return schema_is_filter_name(t->at, (size_t)(colon - t->at));
}

/* Whether token i is missing (the query's start or end), an operator or a
 * filter: nothing a filter beside it could belong to. */
static int no_word(const token *t, size_t n, long i)
{
    return i < 0 || (size_t)i >= n || is_operator(&t[i]) || is_filter(&t[i]);
}

/* Whether filter i belongs to an operator: NOT authority:x excludes it,
 * authority:x OR year:2018 combines two filters, and authority:x OR speech
 * (no word on its other side) takes either; those stay in place.  One
 * with a word on its other side (speech authority:x OR governance) filters
 * the whole query. */
static int is_operand(const token *t, size_t n, size_t i)
{
    long k = (long)i;
    if (i > 0 && is_operator(&t[i - 1]) &&
        (is_word(&t[i - 1], "NOT") || (i >= 2 && is_filter(&t[i - 2])) || no_word(t, n, k + 1)))
        return 1;
    return i + 1 < n && is_operator(&t[i + 1]) &&
           ((i + 2 < n && is_filter(&t[i + 2])) || no_word(t, n, k - 1));
}

/* The length of filter t's name (before its colon). */
static size_t filter_name_len(const token *t)
{
    return (size_t)((const char *)memchr(t->at, ':', t->len) - t->at);
}

/* Whether group g ("(kind:recommendation OR kind:area-for-development)")
 * holds only filters of one name (any names unless one_name) joined by
 * OR: it is then that filter with either value, as the same filter
 * written twice is.  Its filters into *inner (malloc()ed, *n_inner of
 * them). */
static int filter_alternatives(const token *g, int one_name, token **inner, size_t *n_inner)
{
    *inner = NULL;
    *n_inner = 0;
    if (g->len < 2 || g->at[0] != '(' || g->at[g->len - 1] != ')')
        return 0;
    char *body = xstrndup(g->at + 1, g->len - 2);
    token *t;
    size_t n;
    int ok = top_level_tokens(body, &t, &n) && n % 2 == 1;
    for (size_t i = 0; ok && i < n; i++) {
        token *nested = NULL;
        size_t k = 0;
        /* any names: a group of filters inside ("kind:a OR (theme:b OR kind:c)") too */
        ok = i % 2 ? is_word(&t[i], "OR")
                   : is_filter(&t[i])
                         ? !one_name || (filter_name_len(&t[i]) == filter_name_len(&t[0]) &&
                                         memcmp(t[i].at, t[0].at, filter_name_len(&t[0])) == 0)
                         : !one_name && filter_alternatives(&t[i], 0, &nested, &k);
        free(nested);
    }
    if (ok) { /* pointers into g's text, not body's */
        *inner = xmalloc(n * sizeof **inner);
        for (size_t i = 0; i < n; i += 2)
            (*inner)[(*n_inner)++] = (token){g->at + 1 + (t[i].at - body), t[i].len};
    }
    free(t);
    free(body);
    return ok;
}

/* Whether token i stands beside words: no operator on either side. */
static int beside_words(const token *t, size_t n, size_t i)
{
    return (i == 0 || !is_operator(&t[i - 1])) && (i + 1 == n || !is_operator(&t[i + 1]));
}

/* text with each group of one filter's alternatives that stands beside
 * words (not an operator's operand) written as its filters in a row:
 * "(kind:recommendation OR kind:area-for-development) speech" is speech
 * in either kind of passage, as "kind:recommendation
 * kind:area-for-development speech" is; Xapian's parser took the group
 * for words ORed with speech.  NULL when there is none. */
static char *ungroup_filters(const token *t, size_t n)
{
    strbuf sb;
    sb_init(&sb);
    int changed = 0;
    for (size_t i = 0; i < n; i++) {
        token *inner = NULL;
        size_t k = 0;
        if (beside_words(t, n, i) && filter_alternatives(&t[i], 1, &inner, &k)) {
            for (size_t j = 0; j < k; j++)
                sb_addf(&sb, "%s%.*s", sb.len ? " " : "", (int)inner[j].len, inner[j].at);
            changed = 1;
        } else {
            sb_addf(&sb, "%s%.*s", sb.len ? " " : "", (int)t[i].len, t[i].at);
        }
        free(inner);
    }
    if (!changed) {
        sb_free(&sb);
        return NULL;
    }
    return sb_steal(&sb);
}

/* text with each group of several filters' alternatives that stands
 * beside words ("speech (kind:recommendation OR theme:send)") ANDed with
 * the rest, its filters hoisted in turn: "(speech) AND (kind:... OR
 * theme:...)".  Filters are strict: Xapian's parser took the group for
 * words, ORed with speech in a ranked query.  NULL when there is none. */
static char *and_filter_groups(const token *t, size_t n)
{
    strbuf rest, groups;
    sb_init(&rest);
    sb_init(&groups);
    int positive = 0;
    for (size_t i = 0; i < n; i++) {
        token *inner = NULL;
        size_t k = 0;
        strbuf *to = beside_words(t, n, i) && filter_alternatives(&t[i], 0, &inner, &k)
                         ? &groups
                         : &rest;
        /* words to filter, not only exclusions ("(a OR b) -speech" is
         * a NOT already) */
        positive |= to == &rest && t[i].at[0] != '-' && !is_operator(&t[i]) && !is_filter(&t[i]);
        sb_addf(to, "%s%.*s", to == &groups ? " AND " : rest.len ? " " : "", (int)t[i].len,
                t[i].at);
        free(inner);
    }
    char *out = NULL;
    if (groups.len && rest.len && positive) {
        char *inside = query_hoist_filters(rest.buf);
        strbuf sb;
        sb_init(&sb);
        sb_addf(&sb, "(%s)%s", inside, groups.buf);
        free(inside);
        out = sb_steal(&sb);
    }
    sb_free(&rest);
    sb_free(&groups);
    return out;
}

/* text with the inside of each bracketed group (not filters alone)
 * hoisted as a query of its own: "(speech (kind:a OR theme:b))" is
 * "(speech) AND (kind:a OR theme:b)" in its brackets.  NULL when that
 * changes nothing. */
static char *hoist_within_groups(const token *t, size_t n)
{
    strbuf sb;
    sb_init(&sb);
    int changed = 0;
    for (size_t i = 0; i < n; i++) {
        token *inner = NULL;
        size_t k = 0;
        const token *g = &t[i];
        if (g->len > 2 && g->at[0] == '(' && g->at[g->len - 1] == ')' &&
            !filter_alternatives(g, 0, &inner, &k)) {
            char *body = xstrndup(g->at + 1, g->len - 2);
            char *hoisted = query_hoist_filters(body);
            changed |= strcmp(hoisted, body) != 0;
            sb_addf(&sb, "%s(%s)", sb.len ? " " : "", hoisted);
            free(hoisted);
            free(body);
        } else {
            sb_addf(&sb, "%s%.*s", sb.len ? " " : "", (int)g->len, g->at);
        }
        free(inner);
    }
    if (!changed) {
        sb_free(&sb);
        return NULL;
    }
    return sb_steal(&sb);
}

char *query_hoist_filters(const char *text)
{
    token *t;
    size_t n;
    if (!top_level_tokens(text, &t, &n)) {
        free(t);
        return xstrdup(text);
    }
    char *flat = ungroup_filters(t, n);
    if (flat) { /* and its filters may then be hoisted */
        free(t);
        char *out = query_hoist_filters(flat);
        free(flat);
        return out;
    }
    char *anded = and_filter_groups(t, n);
    if (anded) {
        free(t);
        return anded;
    }
    char *inside = hoist_within_groups(t, n);
    if (inside) { /* the groups hoisted within, once: the top level goes on */
        free(t);
        if (!top_level_tokens(inside, &t, &n)) {
            free(t);
            return inside;
        }
        text = inside;
    }
    /* only OR, XOR and NOT make a filter's place matter: words in a row
     * and AND already share the filter */
    int widening = 0;
    for (size_t i = 0; i < n; i++)
        if (is_word(&t[i], "OR") || is_word(&t[i], "XOR") || is_word(&t[i], "NOT"))
            widening = 1;
    unsigned char *hoist = xcalloc(n ? n : 1, 1);
    size_t hoisted = 0;
    for (size_t i = 0; widening && i < n; i++)
        if (is_filter(&t[i]) && !is_operand(t, n, i)) {
            hoist[i] = 1;
            hoisted++;
        }
    char *out;
    if (!hoisted || hoisted == n) {
        out = xstrdup(text);
    } else {
        strbuf sb;
        sb_init(&sb);
        sb_addc(&sb, '(');
        for (size_t i = 0, first = 1; i < n; i++)
            if (!hoist[i]) {
                if (!first)
                    sb_addc(&sb, ' ');
                sb_add(&sb, t[i].at, t[i].len);
                first = 0;
            }
        sb_addc(&sb, ')');
        for (size_t i = 0; i < n; i++)
            if (hoist[i]) {
                sb_addc(&sb, ' ');
                sb_add(&sb, t[i].at, t[i].len);
            }
        out = sb_steal(&sb);
    }
    free(hoist);
    free(t);
    free(inside);
    return out;
}
