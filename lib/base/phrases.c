/* phrases.c: see phrases.h. */
#include "phrases.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

typedef struct entry {
    char *key;   /* folded words joined by single spaces */
    char *caps;  /* per word: 1 when it must be in capitals */
    int *tags;
    size_t n_tags;
} entry;

struct phrases {
    entry *table;
    size_t cap, len;
    size_t max_words;
    /* every phrase's first word and its first words short of the whole
     * phrase: most text words start none, and a run of words that is not
     * here goes on to no phrase */
    entry *prefixes;
    size_t fcap, flen;
};

/* FNV-1a */
#define HASH_START 14695981039346656037ull
static uint64_t hash_step(uint64_t h, unsigned char c) { return (h ^ c) * 1099511628211ull; }

static uint64_t hash(const char *s)
{
    uint64_t h = HASH_START;
    for (; *s; s++)
        h = hash_step(h, (unsigned char)*s);
    return h;
}

phrases *phrases_new(void)
{
    phrases *p = xcalloc(1, sizeof *p);
    p->cap = 256;
    p->table = xcalloc(p->cap, sizeof *p->table);
    return p;
}

void phrases_free(phrases *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->fcap; i++)
        free(p->prefixes[i].key);
    free(p->prefixes);
    for (size_t i = 0; i < p->cap; i++) {
        free(p->table[i].key);
        free(p->table[i].caps);
        free(p->table[i].tags);
    }
    free(p->table);
    free(p);
}

static entry *slot(entry *table, size_t cap, const char *key)
{
    size_t i = hash(key) & (cap - 1);
    while (table[i].key && strcmp(table[i].key, key) != 0)
        i = (i + 1) & (cap - 1);
    return &table[i];
}

/* Doubles a table (cap 0: makes one of 256), moving its entries. */
static void rehash(entry **table, size_t *cap)
{
    size_t bigger = *cap ? *cap * 2 : 256;
    entry *t = xcalloc(bigger, sizeof *t);
    for (size_t i = 0; i < *cap; i++)
        if ((*table)[i].key)
            *slot(t, bigger, (*table)[i].key) = (*table)[i];
    free(*table);
    *table = t;
    *cap = bigger;
}

static void add_prefix(phrases *p, const char *first)
{
    if ((p->flen + 1) * 2 > p->fcap)
        rehash(&p->prefixes, &p->fcap);
    entry *e = slot(p->prefixes, p->fcap, first);
    if (!e->key) {
        e->key = xstrdup(first);
        p->flen++;
    }
}

static void grow(phrases *p) { rehash(&p->table, &p->cap); }

typedef struct word {
    size_t start, end;
    int upper; /* no lower-case letter, at least one capital; or an
                  acronym's plural, its capitals and an "s" ("CAMHs",
                  "EHCPs": the same acronym as CAMHS, EHCP) */
} word;

static int word_char(unsigned char c) { return isalnum(c) || c >= 0x80; }

static size_t cut(const char *text, word **out)
{
    size_t n = 0, cap = 64;
    word *w = xmalloc(cap * sizeof *w);
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; s[i];) {
        if (!word_char(s[i]) && s[i] != '&') {
            i++;
            continue;
        }
        size_t start = i;
        int lower = 0, capital = 0;
        if (s[i] == '&')
            i++;
        else
            for (; word_char(s[i]); i++) {
                lower += islower(s[i]) != 0;
                capital += isupper(s[i]) != 0;
            }
        int plural = lower == 1 && capital >= 2 && s[i - 1] == 's';
        if (n == cap)
            w = xrealloc(w, (cap *= 2) * sizeof *w);
        w[n++] = (word){start, i, (!lower && capital) || plural};
    }
    *out = w;
    return n;
}

/* tolower() in the C locale, without a call per byte */
static unsigned char fold(unsigned char c) { return (unsigned)(c - 'A') < 26u ? c + 32 : c; }

static void add_word(strbuf *key, const char *text, const word *w)
{
    if (key->len)
        sb_addc(key, ' ');
    if (text[w->start] == '&') {
        sb_adds(key, "and");
        return;
    }
    size_t start = key->len;
    sb_add(key, text + w->start, w->end - w->start);
    for (size_t i = start; i < key->len; i++)
        key->buf[i] = (char)fold((unsigned char)key->buf[i]);
}

/* Whether w, folded as add_word() folds it, starts a phrase: hashed and
 * compared in place, since most words start none and a key for each would
 * cost more than the look-up. */
static int starts_phrase(const phrases *p, const char *text, const word *w)
{
    if (!p->prefixes)
        return 0;
    const char *s = text + w->start;
    size_t n = w->end - w->start;
    if (*s == '&') {
        s = "and";
        n = 3;
    }
    uint64_t h = HASH_START; /* hash() of the folded word */
    for (size_t j = 0; j < n; j++)
        h = hash_step(h, fold((unsigned char)s[j]));
    for (size_t i = h & (p->fcap - 1); p->prefixes[i].key; i = (i + 1) & (p->fcap - 1)) {
        const char *k = p->prefixes[i].key;
        size_t j = 0;
        while (j < n && k[j] == (char)fold((unsigned char)s[j]))
            j++;
        if (j == n && !k[j])
            return 1;
    }
    return 0;
}

void phrases_add(phrases *p, const char *phrase, int tag)
{
    word *w;
    size_t n = cut(phrase, &w);
    if (n == 0 || n > PHRASE_MAX_WORDS) {
        free(w);
        return;
    }
    strbuf key;
    sb_init(&key);
    char *caps = xmalloc(n);
    for (size_t i = 0; i < n; i++) {
        add_word(&key, phrase, &w[i]);
        caps[i] = (char)w[i].upper;
        if (i == 0 || i + 1 < n)
            add_prefix(p, key.buf);
    }
    free(w);
    if ((p->len + 1) * 2 > p->cap)
        grow(p);
    entry *e = slot(p->table, p->cap, key.buf);
    if (!e->key) {
        e->key = sb_steal(&key);
        e->caps = caps;
        p->len++;
    } else {
        sb_free(&key);
        /* the same words in capitals and not: the stricter wins */
        for (size_t i = 0; i < n; i++)
            e->caps[i] |= caps[i];
        free(caps);
    }
    e->tags = xrealloc(e->tags, (e->n_tags + 1) * sizeof *e->tags);
    e->tags[e->n_tags++] = tag;
    if (n > p->max_words)
        p->max_words = n;
}

size_t phrases_find(const phrases *p, const char *text, phrase_hit **out)
{
    word *w;
    size_t nw = cut(text, &w);
    size_t n = 0, cap = 16;
    phrase_hit *hits = xmalloc(cap * sizeof *hits);
    strbuf key;
    sb_init(&key);
    for (size_t i = 0; i < nw;) {
        const entry *hit = NULL;
        size_t len = 0;
        /* grow the key word by word while it may go on to a phrase, keeping
         * the longest phrase seen; most words start no phrase at all */
        if (starts_phrase(p, text, &w[i])) {
            key.len = 0;
            for (size_t k = 1; k <= p->max_words && i + k <= nw; k++) {
                add_word(&key, text, &w[i + k - 1]);
                const entry *e = slot(p->table, p->cap, key.buf);
                int ok = e->key != NULL;
                for (size_t j = 0; j < k && ok; j++)
                    ok = !e->caps[j] || w[i + j].upper;
                if (ok) {
                    hit = e;
                    len = k;
                }
                if (!slot(p->prefixes, p->fcap, key.buf)->key)
                    break;
            }
        }
        if (!hit) {
            i++;
            continue;
        }
        if (n == cap)
            hits = xrealloc(hits, (cap *= 2) * sizeof *hits);
        hits[n++] = (phrase_hit){w[i].start, w[i + len - 1].end, hit->tags, hit->n_tags, len};
        i += len;
    }
    sb_free(&key);
    free(w);
    *out = hits;
    return n;
}

/* The next place of a letter in either case, from a position on: the next
 * of each case found by memchr and kept until passed, so that a text
 * holding one case only is read once, not again at each find (a long line
 * in capitals was quadratic: 9 s for 320,000 words). */
typedef struct letter_finder {
    const char *end;              /* one past the last place looked at */
    unsigned char lo, up;
    const char *next_lo, *next_up; /* NULL: none left */
    int lo_known, up_known;
} letter_finder;

static const char *next_of(const char *from, const char *end, unsigned char c, const char **kept,
                           int *known)
{
    if (!*known || (*kept && *kept < from)) {
        *kept = from < end ? memchr(from, c, (size_t)(end - from)) : NULL;
        *known = 1;
    }
    return *kept;
}

static const char *either_case(letter_finder *f, const char *from)
{
    if (from >= f->end)
        return NULL;
    const char *a = next_of(from, f->end, f->lo, &f->next_lo, &f->lo_known);
    if (f->lo == f->up)
        return a;
    const char *b = next_of(from, f->end, f->up, &f->next_up, &f->up_known);
    return !a ? b : !b ? a : a < b ? a : b;
}

size_t phrase_next(const char *text, size_t n, size_t from, const char *phrase, size_t k)
{
    if (!k || k > n || from > n - k)
        return n;
    letter_finder f = {text + (n - k + 1), /* one past the last place it may start */
                       (unsigned char)tolower((unsigned char)phrase[0]),
                       (unsigned char)toupper((unsigned char)phrase[0]), NULL, NULL, 0, 0};
    /* the second letter, checked before the call that compares the rest */
    int lo2 = k > 1 ? tolower((unsigned char)phrase[1]) : 0;
    for (const char *at = text + from; (at = either_case(&f, at)); at++)
        if ((k < 2 || tolower((unsigned char)at[1]) == lo2) && strncasecmp(at, phrase, k) == 0)
            return (size_t)(at - text);
    return n;
}

/* Counts, up to max, the places where phrase stands in text[0..n) as whole
 * words, ignoring ASCII case: cheap checks for a few fixed marks. */
size_t phrase_count(const char *text, size_t n, const char *phrase, size_t max)
{
    size_t k = strlen(phrase), count = 0;
    for (size_t i = 0; count < max && (i = phrase_next(text, n, i, phrase, k)) < n;) {
        int left = i == 0 || !isalnum((unsigned char)text[i - 1]);
        int right = i + k == n || !isalnum((unsigned char)text[i + k]);
        if (left && right) {
            count++;
            i += k;
        } else {
            i++;
        }
    }
    return count;
}
