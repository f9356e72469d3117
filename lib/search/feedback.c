/* feedback.c: see feedback.h. */
#include "feedback.h"

#include "schema.h"
#include "search-internal.h"
#include "util.h"

static void add_word(void *ctx, const char *term, double weight)
{
    (void)weight;
    sl_push(ctx, term);
}

/* *q expanded by words, and set on enq (nothing when there are none). */
static xc_status feedback_apply(xc_enquire *enq, xc_query **q, const strlist *words,
                                xc_error *err)
{
    xc_query *expansion = NULL, *out = NULL;
    xc_status st = XC_OK;
    if (words->len)
        st = xc_query_any((const char *const *)words->items, words->len, &expansion, err);
    if (st == XC_OK && expansion)
        st = xc_query_maybe_scaled(*q, expansion, FEEDBACK_WEIGHT, &out, err);
    if (st == XC_OK && out)
        st = xc_enquire_set_query(enq, out, err);
    if (st == XC_OK && out) {
        xc_query_free(*q);
        *q = out;
        out = NULL;
    }
    xc_query_free(out);
    xc_query_free(expansion);
    return st;
}

xc_status feedback_expand(xc_enquire *enq, xc_query **q, const xc_query *bound,
                          const xc_pool *pool, strlist *found, xc_error *err)
{
    xc_mset *m = NULL;
    unsigned ids[FEEDBACK_DOCS];
    size_t n = 0;
    xc_status st = bound ? xc_enquire_mset_near(enq, bound, PROXIMITY_WINDOW, PROXIMITY_FACTOR,
                                                FEEDBACK_POOL, FEEDBACK_DOCS, pool, &m, err)
                         : xc_enquire_mset(enq, 0, FEEDBACK_DOCS, 0, &m, err);
    for (unsigned i = 0; st == XC_OK && i < xc_mset_size(m) && n < FEEDBACK_DOCS; i++)
        st = xc_mset_item(m, i, &ids[n++], NULL, NULL, err);
    xc_mset_free(m);
    if (st != XC_OK || n < FEEDBACK_DOCS) /* too few to say what they share */
        return st;
    strlist words;
    sl_init(&words);
    size_t n_stop;
    const char *const *stop = schema_stopwords(&n_stop);
    /* stems of plain words, not the query's own */
    st = xc_enquire_expand(enq, ids, n, FEEDBACK_TERMS, stop, n_stop, add_word, &words, err);
    if (st == XC_OK)
        st = feedback_apply(enq, q, &words, err);
    for (size_t i = 0; st == XC_OK && found && i < words.len; i++)
        sl_push(found, words.items[i]);
    sl_free(&words);
    return st;
}

xc_status feedback_replay(xc_enquire *enq, xc_query **q, const xc_ranking *kept, strlist *words,
                          xc_error *err)
{
    xc_ranking_words(kept, add_word, words);
    return feedback_apply(enq, q, words, err);
}
