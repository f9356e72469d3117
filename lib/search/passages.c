/* passages.c: see passages.h. */
#include "passages.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

/* kind: always scopes to passages; theme: does at passage level (its
 * terms are PREFIX_THEME then) */
const char *const passage_marker_prefixes[SCOPE_GROUPS] = {PREFIX_KIND, PREFIX_THEME};

void passage_scope_init(passage_scope *s)
{
    s->groups = NULL;
    s->n = 0;
    s->rule = NULL;
    s->rule_only = 0;
    sl_init(&s->lead);
    s->words_known = 0;
    s->unplaced = 0;
    sl_init(&s->loose);
    s->phrases = NULL;
    s->near = NULL;
    s->alternatives = NULL;
    s->n_phrases = 0;
    s->skip_docid = 0;
    s->skip_passage = -1;
}

void passage_scope_free(passage_scope *s)
{
    for (size_t g = 0; g < s->n; g++)
        sl_free(&s->groups[g]);
    free(s->groups);
    xc_rule_free(s->rule);
    sl_free(&s->lead);
    sl_free(&s->loose);
    for (size_t k = 0; k < s->n_phrases; k++) {
        sl_free(&s->phrases[k]);
        sl_free(&s->alternatives[k]);
    }
    free(s->phrases);
    free(s->near);
    free(s->alternatives);
    passage_scope_init(s);
}

void passage_scope_add(void *scope, unsigned group, const char *term)
{
    passage_scope *s = scope;
    if (group >= 1024) /* no query has so many words in one passage */
        return;
    if (group >= s->n) {
        s->groups = xrealloc(s->groups, (group + 1) * sizeof *s->groups);
        for (size_t g = s->n; g <= group; g++)
            sl_init(&s->groups[g]);
        s->n = group + 1;
    }
    if (!sl_contains(&s->groups[group], term))
        sl_push(&s->groups[group], term);
}

void passage_scope_word(void *scope, int phrase, unsigned near, const char *term)
{
    passage_scope *s = scope;
    s->words_known = 1;
    if (phrase < 0) {
        /* a title's word or a stopword places no passage: the document's */
        if (!xc_term_in_passages(term)) {
            s->unplaced = 1;
            return;
        }
        if (!sl_contains(&s->loose, term))
            sl_push(&s->loose, term);
        return;
    }
    if (phrase >= 256) /* a query of more phrases than that is not read */
        return;
    while ((size_t)phrase >= s->n_phrases) {
        s->phrases = xrealloc(s->phrases, (s->n_phrases + 1) * sizeof *s->phrases);
        s->near = xrealloc(s->near, (s->n_phrases + 1) * sizeof *s->near);
        s->alternatives =
            xrealloc(s->alternatives, (s->n_phrases + 1) * sizeof *s->alternatives);
        s->near[s->n_phrases] = 0;
        sl_init(&s->alternatives[s->n_phrases]);
        sl_init(&s->phrases[s->n_phrases++]);
    }
    if (near == XC_PHRASE_ALTERNATIVE) {
        sl_push(&s->alternatives[phrase], term);
        return;
    }
    s->near[phrase] = near;
    sl_push(&s->phrases[phrase], term);
}

void passage_scope_settle(passage_scope *s)
{
    size_t kept = 0;
    for (size_t k = 0; k < s->n_phrases; k++) {
        int placed = s->alternatives[k].len > 0;
        for (size_t j = 0; j < s->phrases[k].len && !placed; j++)
            placed = xc_term_in_passages(s->phrases[k].items[j]);
        if (!placed) {
            s->unplaced = 1;
            sl_free(&s->phrases[k]);
            sl_free(&s->alternatives[k]);
            continue;
        }
        s->phrases[kept] = s->phrases[k];
        s->near[kept] = s->near[k];
        s->alternatives[kept] = s->alternatives[k];
        kept++;
    }
    s->n_phrases = kept;
}

typedef struct poslist {
    unsigned *pos;
    size_t n, cap;
} poslist;

static void on_poslist(void *ctx, unsigned pos)
{
    poslist *l = ctx;
    if (l->n == l->cap)
        l->pos = xrealloc(l->pos, (l->cap = l->cap ? 2 * l->cap : 64) * sizeof *l->pos);
    l->pos[l->n++] = pos;
}

/* The first position in l after pos, or 0. */
static unsigned next_pos(const poslist *l, unsigned pos)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->pos[mid] <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < l->n ? l->pos[lo] : 0;
}

typedef struct ranker {
    const unsigned *starts;
    size_t n;
    unsigned char *hit; /* per passage: 1 when the current term is in it */
    unsigned *times;    /* per passage: the query's words in its text, all
                           told (NULL: not counted) */
} ranker;

size_t passage_of(const unsigned *starts, size_t n, unsigned pos)
{
    if (!n || pos < starts[0])
        return n;
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (starts[mid] <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static void on_pos(void *ctx, unsigned pos)
{
    ranker *r = ctx;
    size_t p = passage_of(r->starts, r->n, pos);
    if (p < r->n)
        r->hit[p] = 1;
    if (p < r->n && r->times)
        r->times[p]++;
}

/* A word's positions in a document, its heading path's apart: a passage
 * whose word is only in its heading (indexed where each passage begins)
 * shows none of it in its text. */
typedef struct placed {
    ranker *r;
    poslist head; /* the positions of the word in heading paths, increasing */
} placed;

static int by_unsigned(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

/* hit: 1 in the text, 2 only in the heading */
static void on_placed_pos(void *ctx, unsigned pos)
{
    placed *pl = ctx;
    size_t p = passage_of(pl->r->starts, pl->r->n, pos);
    if (p >= pl->r->n)
        return;
    int heading = bsearch(&pos, pl->head.pos, pl->head.n, sizeof *pl->head.pos, by_unsigned) != NULL;
    pl->r->hit[p] = heading ? (pl->r->hit[p] ? pl->r->hit[p] : 2) : 1;
    if (!heading && pl->r->times)
        pl->r->times[p]++;
}

/* What a word that is not one of the scope's lead words counts, of its
 * idf, where there are lead words (precedent: the text's own words lead,
 * the words its best matches share follow; 1 and 0.5 on bench/eval-precedent
 * gave 0.57 and 0.69 of the first five passages on the text's subject). */
#define LEAD_OTHERS_SHARE 0.5

/* What a word found only in a passage's heading counts, of its idf. */
#define HEADING_SHARE 0.5

/* Marks in r->hit the passages holding term (a stem Z...): 1 where their
 * text holds it, 2 where only their heading path does. */
static xc_status place_word(xc_rdb *db, unsigned docid, const char *term, ranker *r,
                            xc_error *err)
{
    placed pl = {r, {NULL, 0, 0}};
    xc_status st = XC_OK;
    if (term[0] == 'Z' && strncmp(term + 1, PREFIX_SECTION, strlen(PREFIX_SECTION)) != 0 &&
        strncmp(term + 1, PREFIX_TITLE, strlen(PREFIX_TITLE)) != 0) {
        char *head = xcalloc(strlen(term) + strlen(PREFIX_SECTION) + 1, 1);
        sprintf(head, "Z%s%s", PREFIX_SECTION, term + 1);
        st = xc_rdb_positions(db, docid, head, on_poslist, &pl.head, err);
        free(head);
    }
    if (st == XC_OK)
        st = xc_rdb_positions(db, docid, term, pl.head.n ? on_placed_pos : on_pos,
                              pl.head.n ? (void *)&pl : (void *)r, err);
    free(pl.head.pos);
    return st;
}

static void on_term(void *ctx, const char *term)
{
    sl_push(ctx, term);
}

static int by_score(const void *a, const void *b)
{
    const passage_score *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    /* as many of the words: the one that says them more (not a cover
     * sheet's line that names the subject once) */
    if (x->times != y->times)
        return x->times < y->times ? 1 : -1;
    return x->passage < y->passage ? -1 : x->passage > y->passage;
}

static int is_marker(const char *t)
{
    return strncmp(t, PREFIX_KIND, strlen(PREFIX_KIND)) == 0 ||
           strncmp(t, PREFIX_THEME, strlen(PREFIX_THEME)) == 0;
}

/* Whether term is a word of the query outside phrases. */
/* Terms in Xapian's order: their bytes'. */
static int by_bytes(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

xc_status passage_starts(xc_doc *xdoc, unsigned **starts, size_t *n, xc_error *err)
{
    char *v = NULL;
    size_t len = 0;
    *starts = NULL;
    *n = 0;
    xc_status st = xc_doc_get_value(xdoc, SLOT_STARTS, &v, &len, err);
    if (st != XC_OK)
        return st;
    *n = len / 4;
    if (*n) {
        *starts = xmalloc(*n * sizeof **starts);
        const unsigned char *b = (const unsigned char *)v;
        for (size_t i = 0; i < *n; i++)
            (*starts)[i] = (unsigned)b[4 * i] << 24 | (unsigned)b[4 * i + 1] << 16 |
                           (unsigned)b[4 * i + 2] << 8 | b[4 * i + 3];
    }
    free(v);
    return XC_OK;
}

long passages_rank(xc_rdb *db, xc_enquire *enq, unsigned docid, const unsigned *starts,
                   size_t n, const passage_scope *scope, unsigned doccount,
                   passage_score **out, xc_error *err)
{
    *out = NULL;
    if (n == 0)
        return 0;
    double *score = xcalloc(n, sizeof *score);
    /* ok[i]: how many marker groups passage i satisfies */
    unsigned *ok = xcalloc(n, sizeof *ok);
    unsigned groups = 0;
    unsigned char *in_group = xcalloc(n, 1);
    ranker r = {starts, n, xcalloc(n, 1), NULL};
    unsigned *times = xcalloc(n, sizeof *times);
    strlist terms;
    sl_init(&terms);
    /* with the query's words known, only they are scored: the others'
     * positions (feedback's words, markers) are not read */
    int words = scope && scope->words_known;
    xc_status st = XC_OK;
    if (words) { /* the query's words, in term order as Xapian lists them: one
                    the document lacks has no positions (reading them is
                    cheaper than its termlist, inflated whole to say which) */
        for (size_t i = 0; i < scope->loose.len; i++)
            if (!sl_contains(&terms, scope->loose.items[i]))
                sl_push(&terms, scope->loose.items[i]);
        if (terms.len)
            qsort(terms.items, terms.len, sizeof *terms.items, by_bytes);
    } else {
        st = xc_enquire_matching_terms(enq, docid, NULL, NULL, on_term, &terms, err);
    }
    for (size_t g = 0; st == XC_OK && scope && g < scope->n; g++) {
        if (!scope->groups[g].len)
            continue;
        groups++;
        memset(in_group, 0, n);
        for (size_t m = 0; st == XC_OK && m < scope->groups[g].len; m++) {
            memset(r.hit, 0, n);
            st = xc_rdb_positions(db, docid, scope->groups[g].items[m], on_pos, &r, err);
            for (size_t i = 0; i < n; i++)
                in_group[i] |= r.hit[i];
        }
        for (size_t i = 0; i < n; i++)
            ok[i] += in_group[i];
    }
    for (size_t t = 0; st == XC_OK && t < terms.len; t++) {
        /* a phrase's words count where the phrase stands; a marker only
         * where the query has it beside words (xc_query_words) */
        if (words ? !sl_contains(&scope->loose, terms.items[t]) : is_marker(terms.items[t]))
            continue;
        unsigned tf = 0;
        st = xc_rdb_termfreq(db, terms.items[t], &tf, err);
        /* rarer words say more; every word at least a little */
        double idf = log(1.0 + (double)(doccount + 1) / (double)(tf + 1));
        if (scope && sl_contains(&scope->lead, terms.items[t]))
            idf *= 3;
        else if (scope && scope->lead.len) /* precedent's expansion: at half
                                              weight, as in its query */
            idf *= LEAD_OTHERS_SHARE;
        memset(r.hit, 0, n);
        r.times = times; /* the loose words only: ties are broken by them */
        if (st == XC_OK)
            st = place_word(db, docid, terms.items[t], &r, err);
        r.times = NULL;
        for (size_t i = 0; i < n; i++)
            score[i] += r.hit[i] == 1 ? idf : r.hit[i] == 2 ? idf * HEADING_SHARE : 0;
    }
    for (size_t k = 0; st == XC_OK && scope && k < scope->n_phrases; k++) {
        const strlist *ph = &scope->phrases[k];
        poslist *pl = xcalloc(ph->len ? ph->len : 1, sizeof *pl);
        /* a stopword has no positions: its place in the phrase is free
         * (doc/schema.md) */
        char *hole = xcalloc(ph->len ? ph->len : 1, 1);
        double idf = 0;
        for (size_t j = 0; st == XC_OK && j < ph->len; j++) {
            unsigned tf = 0;
            hole[j] = (char)xc_term_unpositioned(ph->items[j]);
            st = xc_rdb_termfreq(db, ph->items[j], &tf, err);
            idf += log(1.0 + (double)(doccount + 1) / (double)(tf + 1));
            if (st == XC_OK && !hole[j])
                st = xc_rdb_positions(db, docid, ph->items[j], on_poslist, &pl[j], err);
        }
        memset(r.hit, 0, n);
        /* its words in order within its length, as Xapian's PHRASE with
         * that window matches it; the earliest next word is the one to take */
        size_t a = 0;
        while (a < ph->len && hole[a])
            a++;
        unsigned near = scope->near ? scope->near[k] : 0;
        for (size_t i = 0; st == XC_OK && near && a < ph->len && i < pl[a].n; i++) {
            /* a NEAR: each other word within its window of this one, on
             * either side, in this passage (Xapian's NEAR, word by word) */
            unsigned at = pl[a].pos[i], from = at >= near ? at - near + 1 : 1;
            size_t j = 0;
            for (; j < ph->len; j++) { /* fewer than near positions apart */
                unsigned next = j == a || hole[j] ? at : next_pos(&pl[j], from - 1);
                if (!next || next >= at + near)
                    break;
            }
            /* passages lie farther apart than any window: it is at's */
            size_t p = passage_of(starts, n, at);
            if (j == ph->len && p < n)
                r.hit[p] = 1;
        }
        for (size_t i = 0; st == XC_OK && !near && a < ph->len && i < pl[a].n; i++) {
            unsigned first = pl[a].pos[i], last = first;
            size_t j = a + 1;
            for (; j < ph->len; j++) {
                if (hole[j])
                    continue;
                unsigned next = next_pos(&pl[j], last);
                if (!next || next - first >= ph->len)
                    break;
                last = next;
            }
            size_t p = passage_of(starts, n, first);
            if (j == ph->len && p < n)
                r.hit[p] = 1;
        }
        /* where a term standing for it is (a compound closed up), so is it */
        for (size_t j = 0; st == XC_OK && j < scope->alternatives[k].len; j++)
            st = xc_rdb_positions(db, docid, scope->alternatives[k].items[j], on_pos, &r, err);
        for (size_t i = 0; i < n; i++)
            score[i] += r.hit[i] ? idf : 0;
        for (size_t j = 0; j < ph->len; j++)
            free(pl[j].pos);
        free(pl);
        free(hole);
    }
    long count = -1;
    if (st == XC_OK) {
        passage_score *ps = xcalloc(n, sizeof *ps);
        /* a query of filters alone: every passage they scope answers;
         * a query with words: the passages that hold them; words that
         * place no passage (a title's) beside filters: what they scope,
         * and alone, the opening (below) */
        int any_word = !scope || !scope->words_known || scope->loose.len || scope->n_phrases ||
                       (scope->unplaced && !groups);
        if (!scope || !scope->words_known) {
            any_word = 0;
            for (size_t i = 0; i < n; i++)
                any_word |= ok[i] == groups && score[i] > 0;
        }
        count = 0;
        long skip = scope && scope->skip_docid == docid ? scope->skip_passage : -1;
        /* a rule: the passages that keep it (listed: those or none) */
        unsigned char *kept = xcalloc(n, 1);
        int told = scope && scope->rule;
        if (told)
            st = xc_rule_apply(scope->rule, db, docid, starts, n, kept, err);
        for (size_t i = 0; st == XC_OK && told && i < n; i++)
            if (kept[i] && (long)i != skip)
                ps[count++] = (passage_score){i, score[i], times[i]};
        free(kept);
        if (st != XC_OK) {
            free(ps);
            count = -1;
            goto done;
        }
        if (count || (told && scope->rule_only)) {
            qsort(ps, (size_t)count, sizeof *ps, by_score);
            *out = ps;
            goto done;
        }
        for (size_t i = 0; i < n; i++)
            if (ok[i] == groups && (score[i] > 0 || !any_word) && (long)i != skip)
                ps[count++] = (passage_score){i, score[i], times[i]};
        if (count == 0 && groups == 0 && skip < 0) /* matched by its title: its opening */
            ps[count++] = (passage_score){0, 0, 0};
        /* matched by words that place no passage (a title's) beside a
         * filter, none of its other words in any passage: the filter's
         * passages (as its opening answers without a filter, hits.c
         * counts the theme's passages for its facet then) */
        int placed = 0;
        for (size_t i = 0; i < n && !placed; i++)
            placed = score[i] > 0;
        int by_filter = count == 0 && !placed && scope && scope->unplaced && groups;
        for (size_t i = 0; by_filter && i < n; i++)
            if (ok[i] == groups && (long)i != skip)
                ps[count++] = (passage_score){i, 0, 0};
        qsort(ps, (size_t)count, sizeof *ps, by_score);
        *out = ps;
    }
done:
    sl_free(&terms);
    free(r.hit);
    free(times);
    free(in_group);
    free(ok);
    free(score);
    return count;
}

json_t *passage_hit_data(json_t *doc, size_t n)
{
    return passage_hit_from(doc, json_array_get(json_object_get(doc, DATA_PASSAGES), n), n);
}

json_t *passage_hit_from(json_t *meta, json_t *p, size_t n)
{
    json_t *o = xcheck(json_copy(meta));
    json_object_del(o, DATA_PASSAGES);
    static const char *const keys[] = {DATA_HEADING, DATA_KIND, DATA_THEMES, DATA_TEXT};
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        json_t *v = json_object_get(p, keys[k]);
        json_object_set_new(o, keys[k], v ? json_incref(v) : json_string(""));
    }
    json_object_set_new(o, DATA_PASSAGE, json_integer((json_int_t)n));
    return o;
}

json_t *document_parse(const char *data, size_t len, long only)
{
    const char *end = data + len, *nl = memchr(data, '\n', len);
    json_t *o = json_loadb(data, (size_t)((nl ? nl : end) - data), 0, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return xcheck(json_object());
    }
    json_t *list = xcheck(json_array());
    long i = 0;
    for (const char *p = nl ? nl + 1 : end; nl && p <= end; i++) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e)
            e = end;
        json_t *one = only < 0 || i == only ? json_loadb(p, (size_t)(e - p), 0, NULL) : NULL;
        json_array_append_new(list, one ? one : json_null());
        p = e + 1;
    }
    json_object_set_new(o, DATA_PASSAGES, list);
    return o;
}
