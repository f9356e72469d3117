/* filters.c: what a filter's value names.  A value is taken as its slug;
 * failing that, in a usual form of a value the database or the data files
 * know (a theme's label, a plural, the initials of a name, the start of a
 * slug) when one value fits; otherwise the query fails naming the closest
 * values, instead of answering "0 matches" as if the corpus had nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse.h"
#include "gazetteer.h"
#include "lazy-knowledge.h"
#include "normalise.h"
#include "schema.h"
#include "search-internal.h"
#include "taxonomy.h"
#include "util.h"

/* The term prefix of facet f's filter (theme: the document's themes, the
 * terms its facet counts). */
static const char *term_prefix(const schema_facet *f)
{
    return f->set_prefix ? f->set_prefix : f->prefix;
}

static int in_database(searcher *s, const schema_facet *f, const char *slug)
{
    strbuf t;
    sb_init(&t);
    sb_addf(&t, "%s%s", term_prefix(f), slug);
    unsigned freq = 0;
    int found = xc_rdb_termfreq(s->db, t.buf, &freq, NULL) == XC_OK && freq > 0;
    sb_free(&t);
    return found;
}

typedef struct values {
    strlist *list;
    size_t skip; /* prefix length */
} values;

static void add_value(void *ctx, const char *term)
{
    values *v = ctx;
    if (!sl_contains(v->list, term + v->skip))
        sl_push(v->list, term + v->skip);
}

/* Every value facet f has in the database or the data files (a
 * publisher the data files know but no document has yet is a filter that
 * matches nothing, as an authority is, not a mistake). */
static void known_values(searcher *s, const schema_facet *f, strlist *out)
{
    values v = {out, strlen(term_prefix(f))};
    if (xc_rdb_each_term(s->db, term_prefix(f), add_value, &v, NULL) != XC_OK) {
        /* only for the message of a filter naming nothing: what could be
         * read is enough, the filter's own error is what is said */
    }
    int theme = strcmp(f->name, "theme") == 0, kind = strcmp(f->name, "kind") == 0;
    const taxonomy *tax = theme || kind ? searcher_taxonomy(s) : NULL;
    if (tax && theme)
        for (size_t i = 0; i < taxonomy_theme_count(tax); i++)
            add_value(&(values){out, 0}, taxonomy_theme_slug(tax, i));
    if (tax && kind)
        for (size_t i = 0; i < taxonomy_kind_count(tax); i++)
            add_value(&(values){out, 0}, taxonomy_kind_name(tax, i));
    const knowledge *k = lazy_knowledge_get(s->know);
    if (k)
        knowledge_values(k, f->name, out);
}

static int is_stopword(const char *w, size_t n)
{
    static const char *const small[] = {"and", "of", "for", "the", "in", "on", "to", NULL};
    for (size_t i = 0; small[i]; i++)
        if (strlen(small[i]) == n && strncmp(w, small[i], n) == 0)
            return 1;
    return 0;
}

/* Whether every word of slug (but small ones) is a word of candidate,
 * or a word's start: "speech-and-language" fits
 * "speech-language-communication". */
static int words_within(const char *slug, const char *cand)
{
    int any = 0;
    for (const char *w = slug; *w;) {
        size_t n = strcspn(w, "-");
        if (n && !is_stopword(w, n)) {
            int found = 0;
            for (const char *c = cand; *c && !found;) {
                size_t m = strcspn(c, "-");
                /* the word's start, or the word in the plural
                 * (type:inspections) */
                found = (m >= n && strncmp(c, w, n) == 0) ||
                        (n > 3 && w[n - 1] == 's' && m == n - 1 && strncmp(c, w, m) == 0);
                c += m + (c[m] == '-');
            }
            if (!found)
                return 0;
            any = 1;
        }
        w += n + (w[n] == '-');
    }
    return any;
}

/* The initials of slug's words (all of them, or but small ones):
 * "local-government-association" is "lga", "area-for-development" "afd"
 * and "ad". */
static int initials_of(const char *slug, const char *cand, int small_too)
{
    char init[64];
    size_t k = 0;
    for (const char *w = slug; *w && k + 1 < sizeof init;) {
        size_t n = strcspn(w, "-");
        if (n && (small_too || !is_stopword(w, n)))
            init[k++] = *w;
        w += n + (w[n] == '-');
    }
    init[k] = '\0';
    return k >= 2 && strcmp(init, cand) == 0;
}

static int initials_are(const char *slug, const char *cand)
{
    return initials_of(slug, cand, 0);
}

/* Whether slug is cand with a word in the plural or the singular
 * ("recommendations", "areas-for-development" for area-for-development):
 * word by word the same, or one word the other with an s. */
static int plural_of(const char *slug, const char *cand)
{
    int differs = 0;
    for (;;) {
        size_t a = strcspn(slug, "-"), b = strcspn(cand, "-");
        int same = a == b && strncmp(slug, cand, a) == 0;
        int plural = (a == b + 1 && slug[b] == 's' && strncmp(slug, cand, b) == 0) ||
                     (b == a + 1 && cand[a] == 's' && strncmp(slug, cand, a) == 0);
        if (!same && !plural)
            return 0;
        differs |= plural;
        if (!slug[a] || !cand[b])
            return differs && !slug[a] && !cand[b];
        slug += a + 1;
        cand += b + 1;
    }
}

static int usual_form(const char *slug, const char *cand)
{
    return plural_of(slug, cand) || words_within(slug, cand) || initials_are(slug, cand);
}

/* Whether slug is value cand's initials ("mk" for milton-keynes, "afd"
 * for area-for-development), for an authority or a kind: a theme's
 * initials clash with the field's acronyms (CP is child protection, not
 * coproduction-parents). */
static int initials_for(const schema_facet *f, const char *slug, const char *cand)
{
    if (strchr(slug, '-') || (strcmp(f->name, "authority") != 0 && strcmp(f->name, "kind") != 0))
        return 0;
    return initials_of(cand, slug, 0) || initials_of(cand, slug, 1);
}

size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64)
        return 99;
    size_t d[65][65];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

static void fail(searcher *s, const char *fmt, const char *facet, const char *value,
                 const char *list)
{
    if (s->filter_error[0]) /* the first one says it */
        return;
    snprintf(s->filter_error, sizeof s->filter_error, fmt, facet, value, list);
}

/* How far slug is from known value cand: the edit distance to it, or, for
 * a slug of one word, to the nearest of its words where that is at most a
 * quarter of its letters ("speach" is 1 from speech-language-communication,
 * "inspectoin" 2 from ilacs-inspection; "bury" is no "july"). */
static size_t distance_to(const char *slug, const char *cand)
{
    size_t best = edit_distance(slug, cand);
    if (strchr(slug, '-'))
        return best;
    for (const char *w = cand; *w;) {
        size_t n = strcspn(w, "-");
        char *word = xstrndup(w, n);
        size_t d = edit_distance(slug, word);
        free(word);
        if (d < best && d * 4 <= strlen(slug))
            best = d;
        w += n + (w[n] == '-');
    }
    return best;
}

/* The closest known values, for the message: 1 when some are close, 0 when
 * out lists what there is. */
static int closest(const strlist *known, const char *slug, strbuf *out)
{
    size_t best = 99;
    for (size_t i = 0; i < known->len; i++) {
        size_t d = distance_to(slug, known->items[i]);
        if (d < best)
            best = d;
    }
    size_t shown = 0;
    for (size_t i = 0; i < known->len && shown < 5; i++)
        if (distance_to(slug, known->items[i]) == best && best <= 1 + strlen(slug) / 3) {
            sb_addf(out, "%s%s", shown++ ? ", " : "", known->items[i]);
        }
    if (!shown) /* nothing close: what there is */
        for (size_t i = 0; i < known->len && i < 8; i++)
            sb_addf(out, "%s%s", i ? ", " : "", known->items[i]);
    if (!shown && known->len > 8)
        sb_adds(out, ", ...");
    return shown > 0;
}

/* The themes that value (as typed, dashes as spaces) is a signal of,
 * listed into out: "theme:camhs" means mental-health.  1 when some are. */
static int signalled(const taxonomy *tax, const char *value, strbuf *out)
{
    char *words = xstrdup(value);
    for (char *p = words; *p; p++)
        if (*p == '-' || *p == '_')
            *p = ' ';
    strlist slugs;
    sl_init(&slugs);
    taxonomy_themes_signalled(tax, words, &slugs);
    for (size_t i = 0; i < slugs.len; i++)
        sb_addf(out, "%s%s", i ? ", " : "", slugs.items[i]);
    int any = slugs.len > 0;
    sl_free(&slugs);
    free(words);
    return any;
}

/* f:ROOT*: "slug*" for every value that starts with ROOT's slug (the
 * parser's filter ORs them), or, when none does, the error.  Not looked
 * up as a name: the gazetteer's nearest name to "wig" is the Isle of
 * Wight. */
static char *filter_wildcard(searcher *s, const schema_facet *f, const char *value)
{
    char *typed = xstrndup(value, strlen(value) - 1);
    char *root = *typed ? xcheck(norm_slug(typed)) : xstrdup("");
    free(typed);
    strlist known;
    sl_init(&known);
    known_values(s, f, &known); /* the gazetteer's authorities too */
    int any = 0;
    for (size_t i = 0; i < known.len && !any; i++)
        any = strncmp(known.items[i], root, strlen(root)) == 0;
    sl_free(&known);
    if (!any)
        fail(s, "no %s '%s': none starts so%s", f->name, value, "");
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "%s*", root);
    free(root);
    return sb_steal(&sb);
}

char *filter_resolve(searcher *s, const schema_facet *f, const char *value)
{
    size_t n = strlen(value);
    if (n && value[n - 1] == '*' && strchr(value, '*') == value + n - 1 &&
        strcmp(f->name, "year") != 0)
        return filter_wildcard(s, f, value);
    int auth = strcmp(f->name, "authority") == 0, theme = strcmp(f->name, "theme") == 0;
    const gazetteer *gaz = auth ? searcher_gazetteer(s) : NULL;
    const authority *a = gaz ? gazetteer_lookup(gaz, value) : NULL;
    char *slug = a ? xstrdup(a->slug) : xcheck(norm_slug(value));
    if (a || in_database(s, f, slug))
        return slug;
    if (strcmp(f->name, "year") == 0) {
        if (strlen(slug) != 4 || strspn(slug, "0123456789") != 4)
            fail(s, "%s:%s: a year is four digits (year:2018), a range year:2016..2019%s",
                 f->name, value, "");
        return slug;
    }
    strlist known, fits;
    sl_init(&known);
    sl_init(&fits);
    known_values(s, f, &known);
    int vocabulary = 0;
    for (size_t i = 0; i < known.len && !vocabulary; i++)
        vocabulary = strcmp(known.items[i], slug) == 0;
    const taxonomy *tax = theme ? searcher_taxonomy(s) : NULL;
    for (size_t i = 0; tax && i < taxonomy_theme_count(tax); i++) {
        char *label = xcheck(norm_slug(taxonomy_theme_label(tax, i)));
        if (strcmp(label, slug) == 0)
            sl_push(&fits, taxonomy_theme_slug(tax, i));
        free(label);
    }
    int by_label = fits.len > 0;
    for (size_t i = 0; !vocabulary && !by_label && i < known.len; i++)
        if (usual_form(slug, known.items[i]) || initials_for(f, slug, known.items[i]))
            sl_push(&fits, known.items[i]);
    /* Of several, those some document has decide: type:inspection is
     * send-inspection where no other inspection is indexed.  Not for an
     * authority: authority:wig would be the Isle of Wight where Wigan is
     * not indexed, and the same words another council elsewhere; several
     * councils fit are named instead.  A single fit stands whether
     * indexed or not (authority:mk finds nothing where Milton Keynes is
     * not indexed, as authority:milton-keynes does). */
    if (fits.len > 1 && strcmp(f->name, "authority") != 0) {
        strlist held;
        sl_init(&held);
        for (size_t i = 0; i < fits.len; i++)
            if (in_database(s, f, fits.items[i]))
                sl_push(&held, fits.items[i]);
        if (held.len) {
            sl_free(&fits);
            fits = held;
        } else {
            sl_free(&held);
        }
    }
    if (!vocabulary && fits.len == 1) {
        free(slug);
        slug = xstrdup(fits.items[0]);
    } else if (!vocabulary) {
        strbuf list;
        sb_init(&list);
        if (fits.len) {
            for (size_t i = 0; i < fits.len; i++)
                sb_addf(&list, "%s%s", i ? ", " : "", fits.items[i]);
            fail(s, "%s:%s could be any of: %s", f->name, value, list.buf);
        } else if (tax && signalled(tax, value, &list)) {
            fail(s, "no %s '%s' (did you mean: %s? the words are one of its signals)",
                 f->name, value, list.buf);
        } else {
            int close = closest(&known, slug, &list);
            fail(s, !known.len ? "no %s '%s'%s"
                    : close    ? "no %s '%s' (did you mean: %s?)"
                               : "no %s '%s' (there are: %s)",
                 f->name, value, list.buf);
        }
        sb_free(&list);
    }
    sl_free(&known);
    sl_free(&fits);
    return slug;
}
