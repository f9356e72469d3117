/* facets.c: see facets.h. */
#include "facets.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A value's documents as a plain bitset, a bit a docid: made at a call a
 * value from its postings (a CRoaring bitmap cost twice as much to fill,
 * docid by docid), and counted against a match a word at a time; lastdocid
 * / 8 bytes each (12.5 KB at 100,000 documents). */
typedef struct value_set {
    char *value;
    uint64_t *bits;
} value_set;

typedef struct facet_cache {
    const schema_facet *facet;
    value_set *sets; /* in the byte order of their values (xc_rdb_each_term's) */
    size_t n;
    size_t words; /* of each set */
} facet_cache;

struct facet_sets {
    facet_cache *caches;
    size_t n;
};

facet_sets *facet_sets_new(void) { return xcalloc(1, sizeof(facet_sets)); }

void facet_sets_forget(facet_sets *fs)
{
    if (!fs)
        return;
    for (size_t i = 0; i < fs->n; i++) {
        for (size_t j = 0; j < fs->caches[i].n; j++) {
            free(fs->caches[i].sets[j].value);
            free(fs->caches[i].sets[j].bits);
        }
        free(fs->caches[i].sets);
    }
    free(fs->caches);
    fs->caches = NULL;
    fs->n = 0;
}

void facet_sets_free(facet_sets *fs)
{
    facet_sets_forget(fs);
    free(fs);
}

int facet_by_sets(const schema_facet *f) { return f->set_prefix != NULL; }

static void push_term(void *ctx, const char *term) { sl_push(ctx, term); }

/* match's documents as bits of words words (a docid a bit): decoded in
 * one call, then set (a callback a docid, roaring_iterate, cost five
 * times as much) */
static uint64_t *match_bits(const roaring_bitmap_t *match, size_t words)
{
    uint64_t *bits = xcalloc(words, sizeof *bits);
    size_t n = (size_t)roaring_bitmap_get_cardinality(match);
    uint32_t *ids = xmalloc((n ? n : 1) * sizeof *ids);
    roaring_bitmap_to_uint32_array(match, ids);
    for (size_t i = 0; i < n; i++)
        if (ids[i] / 64 < words)
            bits[ids[i] / 64] |= UINT64_C(1) << (ids[i] % 64);
    free(ids);
    return bits;
}

/* The documents in both a and b (b NULL: in a), n words each.  Without
 * -mpopcnt (Debian's baseline) a popcount is a call into libgcc: where
 * the compiler can, the processor's own instruction is chosen at load
 * time (not under ThreadSanitizer, whose runtime is not ready when the
 * loader runs the choice: the program crashes). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("popcnt", "default")))
#endif
static uint64_t count_both(const uint64_t *a, const uint64_t *b, size_t n)
{
    uint64_t c = 0;
    for (size_t w = 0; w < n; w++)
        c += (uint64_t)__builtin_popcountll(b ? a[w] & b[w] : a[w]);
    return c;
}

static xc_status build(facet_cache *c, xc_rdb *db, xc_error *err)
{
    strlist terms;
    sl_init(&terms);
    const char *prefix = c->facet->set_prefix;
    unsigned last = 0;
    xc_status st = xc_rdb_lastdocid(db, &last, err);
    c->words = (size_t)last / 64 + 1;
    if (st == XC_OK)
        st = xc_rdb_each_term(db, prefix, push_term, &terms, err);
    c->sets = xcalloc(terms.len ? terms.len : 1, sizeof *c->sets);
    for (size_t i = 0; st == XC_OK && i < terms.len; i++) {
        uint64_t *bits = xcalloc(c->words, sizeof *bits);
        st = xc_rdb_term_bits(db, terms.items[i], bits, c->words, NULL, err);
        c->sets[c->n++] = (value_set){xstrdup(terms.items[i] + strlen(prefix)), bits};
    }
    sl_free(&terms);
    return st;
}

static facet_cache *cache_of(facet_sets *fs, const schema_facet *f)
{
    for (size_t i = 0; i < fs->n; i++)
        if (fs->caches[i].facet == f)
            return &fs->caches[i];
    return NULL;
}

int facet_value_order(const void *a, const void *b)
{
    const facet_value *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->value, y->value);
}

/* f's sets, made now if they are not yet (a pointer into fs: valid until
 * the next set of another facet is made). */
static xc_status sets_of(facet_sets *fs, xc_rdb *db, const schema_facet *f, facet_cache **out,
                         xc_error *err)
{
    facet_cache *c = cache_of(fs, f);
    if (!c) {
        fs->caches = xrealloc(fs->caches, (fs->n + 1) * sizeof *fs->caches);
        c = &fs->caches[fs->n];
        *c = (facet_cache){f, NULL, 0, 0};
        xc_status st = build(c, db, err);
        fs->n++;
        if (st != XC_OK) {
            facet_sets_forget(fs);
            return st;
        }
    }
    *out = c;
    return XC_OK;
}

xc_status facet_sets_count(facet_sets *fs, xc_rdb *db, const schema_facet *f,
                           const roaring_bitmap_t *match, search_facet *out, xc_error *err)
{
    facet_cache *c = NULL;
    xc_status st = sets_of(fs, db, f, &c, err);
    if (st != XC_OK)
        return st;
    uint64_t *in = match ? match_bits(match, c->words) : NULL; /* none: every document */
    out->values = xcalloc(c->n ? c->n : 1, sizeof *out->values);
    out->len = 0;
    for (size_t i = 0; i < c->n; i++) {
        uint64_t n = count_both(c->sets[i].bits, in, c->words);
        if (n)
            out->values[out->len++] = (facet_value){xstrdup(c->sets[i].value), (unsigned)n};
    }
    free(in);
    qsort(out->values, out->len, sizeof *out->values, facet_value_order);
    return XC_OK;
}

xc_status facet_sets_pairs(facet_sets *fs, xc_rdb *db, const schema_facet *fa,
                           const schema_facet *fb, const roaring_bitmap_t *match,
                           xc_pair_fn fn, void *ctx, xc_error *err)
{
    facet_cache *a = NULL, *b = NULL;
    xc_status st = sets_of(fs, db, fa, &a, err);
    if (st == XC_OK)
        st = sets_of(fs, db, fb, &b, err);
    if (st == XC_OK)
        st = sets_of(fs, db, fa, &a, err); /* again: b's may have moved the caches */
    if (st != XC_OK)
        return st;
    size_t words = a->words < b->words ? a->words : b->words;
    uint64_t *in = match ? match_bits(match, words) : NULL; /* none: every document */
    uint64_t *row = xmalloc(words * sizeof *row);
    for (size_t i = 0; i < a->n; i++) {
        for (size_t w = 0; w < words; w++)
            row[w] = in ? a->sets[i].bits[w] & in[w] : a->sets[i].bits[w];
        if (!count_both(row, NULL, words))
            continue;
        for (size_t j = 0; j < b->n; j++) {
            uint64_t n = count_both(row, b->sets[j].bits, words);
            if (n)
                fn(ctx, a->sets[i].value, b->sets[j].value, (unsigned)n);
        }
    }
    free(row);
    free(in);
    return XC_OK;
}

xc_status facet_count_matches(xc_rdb *db, const xc_query *q, double seconds, unsigned *out,
                              int *done, xc_error *err)
{
    roaring_bitmap_t *set = xcheck(roaring_bitmap_create());
    xc_status st = xc_query_docs(db, q, seconds, set, done, err);
    if (st == XC_OK && *done)
        *out = (unsigned)roaring_bitmap_get_cardinality(set);
    roaring_bitmap_free(set);
    return st;
}
