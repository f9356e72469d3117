/* facets.c: see facets.h. */
#include "facets.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef struct value_set {
    char *value;
    roaring_bitmap_t *docs;
} value_set;

typedef struct facet_cache {
    const schema_facet *facet;
    value_set *sets;
    size_t n;
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
            roaring_bitmap_free(fs->caches[i].sets[j].docs);
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

int facet_by_sets(const schema_facet *f) { return strcmp(f->name, "file") != 0; }

/* The filter terms' prefix (theme: the document's themes). */
static const char *set_prefix(const schema_facet *f)
{
    return strcmp(f->name, "theme") == 0 ? PREFIX_DOCTHEME : f->prefix;
}

static void push_term(void *ctx, const char *term) { sl_push(ctx, term); }

static xc_status build(facet_cache *c, xc_rdb *db, xc_error *err)
{
    strlist terms;
    sl_init(&terms);
    const char *prefix = set_prefix(c->facet);
    xc_status st = xc_rdb_each_term(db, prefix, push_term, &terms, err);
    c->sets = xcalloc(terms.len ? terms.len : 1, sizeof *c->sets);
    for (size_t i = 0; st == XC_OK && i < terms.len; i++) {
        roaring_bitmap_t *docs = xcheck(roaring_bitmap_create());
        st = xc_rdb_term_docs(db, terms.items[i], docs, err);
        roaring_bitmap_run_optimize(docs);
        c->sets[c->n++] = (value_set){xstrdup(terms.items[i] + strlen(prefix)), docs};
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

xc_status facet_sets_count(facet_sets *fs, xc_rdb *db, const schema_facet *f,
                           const roaring_bitmap_t *match, search_facet *out, xc_error *err)
{
    facet_cache *c = cache_of(fs, f);
    if (!c) {
        fs->caches = xrealloc(fs->caches, (fs->n + 1) * sizeof *fs->caches);
        c = &fs->caches[fs->n];
        *c = (facet_cache){f, NULL, 0};
        xc_status st = build(c, db, err);
        fs->n++;
        if (st != XC_OK) {
            facet_sets_forget(fs);
            return st;
        }
    }
    out->values = xcalloc(c->n ? c->n : 1, sizeof *out->values);
    out->len = 0;
    for (size_t i = 0; i < c->n; i++) {
        uint64_t n = match ? roaring_bitmap_and_cardinality(c->sets[i].docs, match)
                           : roaring_bitmap_get_cardinality(c->sets[i].docs);
        if (n)
            out->values[out->len++] = (facet_value){xstrdup(c->sets[i].value), (unsigned)n};
    }
    qsort(out->values, out->len, sizeof *out->values, facet_value_order);
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
