/* gazetteer.c: see gazetteer.h.
 *
 * Every name, variant and council form goes into a hash table (exact
 * look-ups) and a phrase matcher (phrases.h: one pass over a text whatever
 * the size of the gazetteer).  Both are built when first needed: the forms
 * were a quarter of a query process's instructions (15 of 57 million), and
 * most queries name no authority. */
#include "gazetteer.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "normalise.h"
#include "phrases.h"
#include "tsv.h"
#include "util.h"


typedef struct entry {
    char *key;        /* words joined by single spaces, lower case */
    size_t authority;
    int council_form; /* the key itself says "council" */
} entry;

struct gazetteer {
    authority *items;
    size_t len;
    strlist *variants; /* per authority, from the file; forms made lazily */
    entry *table;      /* open addressing; NULL until first needed */
    size_t cap;
    /* what the matcher will hold: names and their tags (authority * 2 +
     * council form) */
    strlist names;
    int *tags;
    size_t tags_cap;
    pthread_mutex_t lock; /* indexing threads share the gazetteer */
    phrases *matcher;     /* NULL until a text is searched */
};

static uint64_t hash(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* "St. Helens & Co" -> "st helens and co".  Written into one buffer: the
 * forms of every name go through here when the table is built. */
static char *words_key(const char *s)
{
    char *out = xmalloc(strlen(s) * 5 + 1), *o = out; /* '&' -> " and " at most */
    int gap = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (isalnum(*p) || *p >= 0x80) {
            if (gap && o > out)
                *o++ = ' ';
            gap = 0;
            *o++ = (char)tolower(*p);
        } else if (*p == '&') {
            if (o > out) {
                memcpy(o, " and", 4);
                o += 4;
            }
            gap = 1;
        } else {
            gap = 1;
        }
    }
    *o = '\0';
    return out;
}

static entry *slot_for(gazetteer *g, const char *key)
{
    size_t i = hash(key) & (g->cap - 1);
    while (g->table[i].key && strcmp(g->table[i].key, key) != 0)
        i = (i + 1) & (g->cap - 1);
    return &g->table[i];
}

static void put(gazetteer *g, const char *name, size_t a, int council_form)
{
    char *key = words_key(name);
    if (!*key) {
        free(key);
        return;
    }
    entry *e = slot_for(g, key);
    if (e->key) { /* first come wins: the authority's own name over a variant */
        free(key);
        return;
    }
    *e = (entry){key, a, council_form};
    if (g->names.len == g->tags_cap) {
        g->tags_cap = g->tags_cap ? g->tags_cap * 2 : 256;
        g->tags = xrealloc(g->tags, g->tags_cap * sizeof *g->tags);
    }
    g->tags[g->names.len] = (int)(a * 2) + (council_form ? 1 : 0);
    sl_push(&g->names, name);
}

static int is_acronym(const char *s)
{
    int upper = 0;
    for (; *s; s++) {
        if (islower((unsigned char)*s))
            return 0;
        upper += isupper((unsigned char)*s) != 0;
    }
    return upper >= 2;
}

/* The council forms people write of a name. */
static const char *const suffixes[] = {" Council", " City Council", " County Council",
                                       " Borough Council", " Metropolitan Borough Council",
                                       " Metropolitan District Council", " MBC", NULL};
static const char *const prefixes[] = {"City of ", "London Borough of ", "Royal Borough of ",
                                       "Borough of ", "County of ", NULL};

/* name with a prefix and suffix (either may be ""), for put(). */
static void put_form(gazetteer *g, char *buf, const char *prefix, const char *name,
                     const char *suffix, size_t a)
{
    size_t np = strlen(prefix), nn = strlen(name);
    memcpy(buf, prefix, np);
    memcpy(buf + np, name, nn);
    strcpy(buf + np + nn, suffix);
    put(g, buf, a, 1);
}

static void put_forms(gazetteer *g, const char *name, size_t a)
{
    /* the longest prefix and suffix, and " Council" */
    char *buf = xmalloc(strlen(name) + 64);
    for (size_t i = 0; suffixes[i]; i++)
        put_form(g, buf, "", name, suffixes[i], a);
    for (size_t i = 0; prefixes[i]; i++) {
        put_form(g, buf, prefixes[i], name, "", a);
        put_form(g, buf, prefixes[i], name, " Council", a);
    }
    free(buf);
}

/* The table of names and their forms, built once under the lock (indexing
 * threads share the gazetteer).  Names first, then their council forms,
 * then variants: a variant never takes a name another authority owns. */
static void build_names(gazetteer *g)
{
    g->cap = 1024;
    while (g->cap < g->len * 64)
        g->cap *= 2;
    g->table = xcalloc(g->cap, sizeof *g->table);
    for (size_t i = 0; i < g->len; i++)
        put(g, g->items[i].name, i, 0);
    for (size_t i = 0; i < g->len; i++)
        put_forms(g, g->items[i].name, i);
    for (size_t i = 0; i < g->len; i++) {
        const strlist *vars = &g->variants[i];
        for (size_t v = 0; v < vars->len; v++) {
            /* an acronym (CWC) must appear in capitals: the matcher sees to it */
            put(g, vars->items[v], i, strstr(vars->items[v], "Council") != NULL);
            if (!is_acronym(vars->items[v]))
                put_forms(g, vars->items[v], i);
        }
    }
}

/* g with its name table built (callers hold no lock). */
static gazetteer *with_names(const gazetteer *cg)
{
    gazetteer *g = (gazetteer *)cg; /* built once, then only read */
    pthread_mutex_lock(&g->lock);
    if (!g->table)
        build_names(g);
    pthread_mutex_unlock(&g->lock);
    return g;
}

int gazetteer_load(const char *path, gazetteer **out, char *errbuf, size_t errlen)
{
    tsv t;
    if (tsv_load(path, &t, errbuf, errlen) != 0)
        return -1;
    int c_slug = tsv_column(&t, "slug"), c_name = tsv_column(&t, "name");
    if (c_slug < 0 || c_name < 0) {
        snprintf(errbuf, errlen, "%s: needs 'slug' and 'name' columns", path);
        tsv_free(&t);
        return -1;
    }
    int c_ons = tsv_column(&t, "ons"), c_region = tsv_column(&t, "region"),
        c_kind = tsv_column(&t, "kind"), c_until = tsv_column(&t, "until"),
        c_strict = tsv_column(&t, "strict"), c_var = tsv_column(&t, "variants");
    gazetteer *g = xcalloc(1, sizeof *g);
    g->items = xcalloc(t.n_rows ? t.n_rows : 1, sizeof *g->items);
    g->variants = xcalloc(t.n_rows ? t.n_rows : 1, sizeof *g->variants);
    sl_init(&g->names);
    pthread_mutex_init(&g->lock, NULL);
    for (size_t r = 0; r < t.n_rows; r++) {
        authority *a = &g->items[g->len];
        char *slug = xcheck(norm_slug(tsv_cell(&t, r, c_slug)));
        if (!*slug || !*tsv_cell(&t, r, c_name)) {
            free(slug);
            continue;
        }
        a->slug = slug;
        a->name = xstrdup(tsv_cell(&t, r, c_name));
        a->ons = xstrdup(tsv_cell(&t, r, c_ons));
        a->region = xstrdup(tsv_cell(&t, r, c_region));
        a->kind = xstrdup(tsv_cell(&t, r, c_kind));
        a->until = atoi(tsv_cell(&t, r, c_until));
        a->strict = strcmp(tsv_cell(&t, r, c_strict), "1") == 0;
        sl_init(&g->variants[g->len]);
        sl_split(&g->variants[g->len], tsv_cell(&t, r, c_var), ';');
        g->len++;
    }
    tsv_free(&t);
    *out = g;
    return 0;
}

void gazetteer_free(gazetteer *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->len; i++) {
        authority *a = &g->items[i];
        free(a->slug);
        free(a->name);
        free(a->ons);
        free(a->region);
        free(a->kind);
        sl_free(&g->variants[i]);
    }
    free(g->variants);
    for (size_t i = 0; g->table && i < g->cap; i++)
        free(g->table[i].key);
    free(g->table);
    if (g->matcher)
        phrases_free(g->matcher);
    sl_free(&g->names);
    free(g->tags);
    pthread_mutex_destroy(&g->lock);
    free(g->items);
    free(g);
}

size_t gazetteer_size(const gazetteer *g) { return g->len; }
const authority *gazetteer_get(const gazetteer *g, size_t i) { return i < g->len ? &g->items[i] : NULL; }

const authority *gazetteer_lookup(const gazetteer *cg, const char *name)
{
    gazetteer *g = with_names(cg);
    char *key = words_key(name);
    entry *e = slot_for(g, key);
    const authority *found = e->key ? &g->items[e->authority] : NULL;
    free(key);
    if (found)
        return found;
    char *slug = xcheck(norm_slug(name));
    for (size_t i = 0; i < g->len && !found; i++)
        if (strcmp(g->items[i].slug, slug) == 0)
            found = &g->items[i];
    free(slug);
    return found;
}

/* Whether the word after (or before) a place in text is `word`. */
static int word_after(const char *text, size_t end, const char *word)
{
    size_t i = end, n = strlen(word);
    while (text[i] == ' ' || text[i] == '\n')
        i++;
    return strncasecmp(text + i, word, n) == 0 && !isalnum((unsigned char)text[i + n]);
}

/* Whether the two words after a place in text are w1 w2. */
static int words_after(const char *text, size_t end, const char *w1, const char *w2)
{
    if (!word_after(text, end, w1))
        return 0;
    size_t i = end;
    while (text[i] == ' ' || text[i] == '\n')
        i++;
    return word_after(text, i + strlen(w1), w2);
}

static int word_before(const char *text, size_t start, const char *word)
{
    size_t i = start, n = strlen(word);
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\n'))
        i--;
    return i >= n && strncasecmp(text + i - n, word, n) == 0 &&
           (i == n || !isalnum((unsigned char)text[i - n - 1]));
}

static const phrases *matcher(const gazetteer *cg)
{
    gazetteer *g = with_names(cg);
    pthread_mutex_lock(&g->lock);
    if (!g->matcher) {
        g->matcher = phrases_new();
        for (size_t i = 0; i < g->names.len; i++)
            phrases_add(g->matcher, g->names.items[i], g->tags[i]);
    }
    pthread_mutex_unlock(&g->lock);
    return g->matcher;
}

size_t gazetteer_find(const gazetteer *g, const char *text, mention **out)
{
    phrase_hit *h;
    size_t nh = phrases_find(matcher(g), text, &h);
    size_t n = 0;
    mention *m = xmalloc((nh ? nh : 1) * sizeof *m);
    for (size_t i = 0; i < nh; i++) {
        /* proper nouns start with a capital (acronyms' capitals the matcher
         * checked); "Greater Manchester" is not Manchester */
        if (!isupper((unsigned char)text[h[i].start]) || word_before(text, h[i].start, "greater"))
            continue;
        size_t a = (size_t)h[i].tags[0] / 2; /* the first: a name before a variant */
        /* "Wigan Council", and the forms that name an area as the subject
         * of a report: "the Bury Local Area (Partnership)", "the Bury area
         * partnership"; "Bury local authority" says a name is an authority's
         * (Bury, Reading) without weighing more than the bare name */
        int council = (h[i].tags[0] & 1) || word_after(text, h[i].end, "council") ||
                      words_after(text, h[i].end, "local", "area") ||
                      words_after(text, h[i].end, "area", "partnership");
        if (g->items[a].strict && !council &&
            !words_after(text, h[i].end, "local", "authority"))
            continue;
        m[n++] = (mention){a, h[i].start, council};
    }
    free(h);
    *out = m;
    return n;
}
