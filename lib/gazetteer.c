/* gazetteer.c: see gazetteer.h.
 *
 * Names are matched as sequences of words: the text is cut into words
 * (letters and digits, '&' read as "and"), folded to lower case, and each
 * run of up to MAX_NAME_WORDS words is looked up in a hash table of every
 * name and variant.  That is one pass over the text whatever the size of
 * the gazetteer. */
#include "gazetteer.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "tsv.h"
#include "util.h"

#define MAX_NAME_WORDS 7

typedef struct entry {
    char *key;        /* words joined by single spaces, lower case */
    size_t authority;
    int acronym;      /* must appear in capitals, as written */
    int council_form; /* the key itself says "council" */
} entry;

struct gazetteer {
    authority *items;
    size_t len;
    entry *table; /* open addressing */
    size_t cap;
};

static uint64_t hash(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* "St. Helens & Co" -> "st helens and co" */
static char *words_key(const char *s)
{
    strbuf sb;
    sb_init(&sb);
    int gap = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (isalnum(*p) || *p >= 0x80) {
            if (gap && sb.len)
                sb_addc(&sb, ' ');
            gap = 0;
            sb_addc(&sb, (char)tolower(*p));
        } else if (*p == '&') {
            if (sb.len)
                sb_adds(&sb, " and");
            gap = 1;
        } else {
            gap = 1;
        }
    }
    return sb_steal(&sb);
}

static entry *slot_for(gazetteer *g, const char *key)
{
    size_t i = hash(key) & (g->cap - 1);
    while (g->table[i].key && strcmp(g->table[i].key, key) != 0)
        i = (i + 1) & (g->cap - 1);
    return &g->table[i];
}

static void put(gazetteer *g, const char *name, size_t a, int acronym, int council_form)
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
    *e = (entry){key, a, acronym, council_form};
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

static void put_forms(gazetteer *g, const char *name, size_t a)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; suffixes[i]; i++) {
        sb.len = 0;
        sb_addf(&sb, "%s%s", name, suffixes[i]);
        put(g, sb.buf, a, 0, 1);
    }
    for (size_t i = 0; prefixes[i]; i++) {
        sb.len = 0;
        sb_addf(&sb, "%s%s", prefixes[i], name);
        put(g, sb.buf, a, 0, 1);
        sb_adds(&sb, " Council");
        put(g, sb.buf, a, 0, 1);
    }
    sb_free(&sb);
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
    g->items = xcalloc(t.n_rows, sizeof *g->items);
    g->cap = 1024;
    while (g->cap < t.n_rows * 64)
        g->cap *= 2;
    g->table = xcalloc(g->cap, sizeof *g->table);
    /* Names first, then their council forms, then variants: a variant
     * never takes a name another authority owns. */
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
        put(g, a->name, g->len, 0, 0);
        g->len++;
    }
    for (size_t i = 0; i < g->len; i++)
        put_forms(g, g->items[i].name, i);
    size_t i = 0;
    for (size_t r = 0; r < t.n_rows; r++) {
        if (!*tsv_cell(&t, r, c_name) || i >= g->len)
            continue;
        strlist vars;
        sl_init(&vars);
        sl_split(&vars, tsv_cell(&t, r, c_var), ';');
        for (size_t v = 0; v < vars.len; v++) {
            int acr = is_acronym(vars.items[v]);
            put(g, vars.items[v], i, acr, strstr(vars.items[v], "Council") != NULL);
            if (!acr)
                put_forms(g, vars.items[v], i);
        }
        sl_free(&vars);
        i++;
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
    }
    for (size_t i = 0; i < g->cap; i++)
        free(g->table[i].key);
    free(g->table);
    free(g->items);
    free(g);
}

size_t gazetteer_size(const gazetteer *g) { return g->len; }
const authority *gazetteer_get(const gazetteer *g, size_t i) { return i < g->len ? &g->items[i] : NULL; }

const authority *gazetteer_lookup(const gazetteer *g, const char *name)
{
    char *key = words_key(name);
    entry *e = slot_for((gazetteer *)g, key);
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

typedef struct word {
    size_t start, end; /* bytes in the text */
    char *folded;
} word;

static size_t cut_words(const char *text, word **out)
{
    size_t cap = 256, n = 0;
    word *w = xmalloc(cap * sizeof *w);
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0;
    while (p[i]) {
        if (isalnum(p[i]) || p[i] >= 0x80 || p[i] == '&') {
            size_t start = i;
            if (p[i] == '&')
                i++;
            else
                while (isalnum(p[i]) || p[i] >= 0x80)
                    i++;
            if (n == cap)
                w = xrealloc(w, (cap *= 2) * sizeof *w);
            w[n].start = start;
            w[n].end = i;
            if (p[start] == '&') {
                w[n].folded = xstrdup("and");
            } else {
                w[n].folded = xstrndup(text + start, i - start);
                for (char *c = w[n].folded; *c; c++)
                    *c = (char)tolower((unsigned char)*c);
            }
            n++;
        } else {
            i++;
        }
    }
    *out = w;
    return n;
}

static int next_is(const word *w, size_t n, size_t i, const char *folded)
{
    return i < n && strcmp(w[i].folded, folded) == 0;
}

size_t gazetteer_find(const gazetteer *g, const char *text, mention **out)
{
    word *w;
    size_t nw = cut_words(text, &w);
    size_t cap = 16, n = 0;
    mention *m = xmalloc(cap * sizeof *m);
    strbuf key;
    sb_init(&key);
    for (size_t i = 0; i < nw;) {
        size_t matched = 0;
        const entry *hit = NULL;
        /* Proper nouns start with a capital (or a digit); skip the rest. */
        if (isupper((unsigned char)text[w[i].start])) {
            for (size_t k = MAX_NAME_WORDS; k >= 1 && !hit; k--) {
                if (i + k > nw)
                    continue;
                key.len = 0;
                for (size_t j = 0; j < k; j++)
                    sb_addf(&key, "%s%s", j ? " " : "", w[i + j].folded);
                entry *e = slot_for((gazetteer *)g, key.buf);
                if (!e->key)
                    continue;
                if (e->acronym) { /* CWC, BCP: exactly as written */
                    int caps = 1;
                    for (size_t b = w[i].start; b < w[i + k - 1].end && caps; b++)
                        caps = !islower((unsigned char)text[b]);
                    if (!caps)
                        continue;
                }
                hit = e;
                matched = k;
            }
        }
        if (!hit) {
            i++;
            continue;
        }
        const authority *a = &g->items[hit->authority];
        int council = hit->council_form || next_is(w, nw, i + matched, "council");
        /* "Greater Manchester" is not Manchester. */
        int greater = i > 0 && strcmp(w[i - 1].folded, "greater") == 0;
        if (!greater && (!a->strict || council)) {
            if (n == cap)
                m = xrealloc(m, (cap *= 2) * sizeof *m);
            m[n++] = (mention){hit->authority, w[i].start, council};
        }
        i += matched;
    }
    sb_free(&key);
    for (size_t i = 0; i < nw; i++)
        free(w[i].folded);
    free(w);
    *out = m;
    return n;
}
