/* precedent.c: what reviewers recommended to other authorities on the same
 * problem: passages like a text or a document, by relevance feedback. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer.h"
#include "normalise.h"
#include "passages.h"
#include "schema.h"
#include "search-internal.h"
#include "util.h"

static void add_lead(void *ctx, const char *term)
{
    if (!sl_contains(ctx, term))
        sl_push(ctx, term);
}

static void add_word(void *ctx, const char *term, double weight)
{
    (void)weight;
    sl_push(ctx, term);
}

/* Runs q and collects up to max docids. */
static xc_status top_docids(searcher *s, const xc_query *q, unsigned max, unsigned *ids,
                            size_t *n, xc_error *err)
{
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    xc_status st = xc_enquire_new(s->db, &enq, err);
    if (st == XC_OK)
        st = xc_enquire_set_query(enq, q, err);
    if (st == XC_OK)
        st = xc_enquire_mset(enq, 0, max, 0, &m, err);
    *n = 0;
    for (unsigned i = 0; st == XC_OK && i < xc_mset_size(m); i++)
        st = xc_mset_item(m, i, &ids[(*n)++], NULL, NULL, err);
    xc_mset_free(m);
    xc_enquire_free(enq);
    return st;
}

/* Replaces *q by op(*q, other) and frees both inputs. */
static xc_status combine(xc_query **q, xc_query *other, int and_not, xc_error *err)
{
    xc_query *c = NULL;
    xc_status st = and_not ? xc_query_and_not(*q, other, &c, err)
                           : xc_query_filter(*q, other, &c, err);
    xc_query_free(*q);
    xc_query_free(other);
    *q = c;
    return st;
}

/* A document's recommendations stand for it up to this many bytes. */
#define SIMILAR_TEXT_MAX 16384

typedef struct source {
    searcher *s;
    strlist authorities; /* slugs */
    char *part;          /* the document like which, or NULL */
    char *text;          /* the passage like which, or NULL */
    strbuf kinded;       /* its recommendations and areas for development */
    strbuf all;          /* all its text (when it has none of those) */
} source;

static void on_source_passage(void *ctx, json_t *data)
{
    source *src = ctx;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(data, DATA_AUTHORITIES), i, v)
    {
        const char *name = json_string_value(v);
        char *slug = name ? query_authority_slug(src->s, name) : NULL;
        if (slug && !sl_contains(&src->authorities, slug))
            sl_push(&src->authorities, slug);
        free(slug);
    }
    json_t *id = json_object_get(data, DATA_PART);
    if (!src->part && json_is_string(id))
        src->part = xstrdup(json_string_value(id));
    json_t *text = json_object_get(data, DATA_TEXT);
    if (!src->text && json_is_string(text))
        src->text = xstrdup(json_string_value(text));
    const char *kind = json_string_value(json_object_get(data, DATA_KIND));
    int kinded = kind && (strcmp(kind, "recommendation") == 0 ||
                          strcmp(kind, "area-for-development") == 0);
    strbuf *into = kinded ? &src->kinded : &src->all;
    if (json_is_string(text) && into->len < SIMILAR_TEXT_MAX)
        sb_addf(into, "%s\n", json_string_value(text));
}

/* The source passage (similar: ID@N) skipped in scope: its document
 * (part: the stored id) may answer, by its other passages. */
static xc_status source_passage(searcher *s, const char *similar, const char *part,
                                passage_scope *scope, xc_error *err)
{
    if (!part)
        return XC_OK;
    char *term = schema_id_term(PREFIX_PART, part);
    xc_status st = xc_rdb_find_term(s->db, term, &scope->skip_docid, err);
    free(term);
    search_passage_ref(similar, &scope->skip_passage);
    return st;
}

/* The authorities a text names are its own. */
static void text_authorities(searcher *s, const char *text, source *src)
{
    const gazetteer *gaz = searcher_gazetteer(s);
    if (!gaz)
        return;
    mention *m;
    size_t nm = gazetteer_find_written(gaz, text, &m);
    for (size_t i = 0; i < nm; i++) {
        const authority *a = gazetteer_get(gaz, m[i].authority);
        if (!sl_contains(&src->authorities, a->slug))
            sl_push(&src->authorities, a->slug);
    }
    free(m);
}

scr_status searcher_like(searcher *s, const search_request *req, const char *text,
                         const char *similar, int same_authority, search_result *res,
                         scr_error *error)
{
    memset(res, 0, sizeof *res);
    s->level = req->level;
    scr_error local;
    if (!error)
        error = &local;
    char *errbuf = error->message; /* where the helpers below write the reason */
    size_t errlen = sizeof error->message;
    size_t len = !similar && text ? strlen(text) : 0;
    if (len > s->limits.like_bytes)
        return scr_fail(error, SCR_ERR_LIMIT, "the text to compare with is too long: over the "
                        "limit of %zu bytes (SCRUTINY_MAX_LIKE_BYTES)", s->limits.like_bytes);
    scr_status rc = query_blank(req->query) ? SCR_OK : query_check_limits(s, req->query, error);
    if (rc != SCR_OK)
        return rc;
    xc_error err;
    source src = {s, {0}, NULL, NULL, {0}, {0}};
    sl_init(&src.authorities);
    sb_init(&src.kinded);
    sb_init(&src.all);
    unsigned ids[64];
    size_t n = 0;
    xc_query *seed = NULL;
    xc_status st = XC_OK;
    int one_passage = similar && search_passage_ref(similar, NULL) >= 0;
    passage_scope scope;
    passage_scope_init(&scope);
    if (similar) {
        scr_status found = searcher_document(s, similar, on_source_passage, &src, error);
        if (found != SCR_OK) { /* SCR_ERR_NOT_FOUND: no such document or passage */
            passage_scope_free(&scope);
            sl_free(&src.authorities);
            free(src.part);
            free(src.text);
            sb_free(&src.kinded);
            sb_free(&src.all);
            return found;
        }
        if (one_passage) { /* like one passage: its own document may answer */
            text = src.text;
            st = source_passage(s, similar, src.part, &scope, &err);
            free(src.part);
            src.part = NULL;
        } else { /* like what the document recommends (or says) */
            text = src.kinded.len ? src.kinded.buf : src.all.buf;
        }
    }
    if (st == XC_OK) {
        char *folded = xcheck(norm_query(text ? text : ""));
        /* its first words stand for it: a letter's worth, not a book's */
        search_limits_cut_words(folded, s->limits.like_words);
        st = xc_qparser_parse_loose(s->qp_plain, folded, &seed, &err);
        free(folded);
        strlist words_of_text;
        sl_init(&words_of_text);
        if (st == XC_OK && seed)
            st = xc_query_terms(seed, add_lead, &words_of_text, &err);
        size_t telling = 0; /* words that are no stopword's stem */
        for (size_t i = 0; i < words_of_text.len; i++)
            telling += !xc_term_unpositioned(words_of_text.items[i]);
        if (st == XC_OK && !telling && !similar) {
            /* common words alone ("the and of") match what they like */
            sl_free(&words_of_text);
            xc_query_free(seed);
            passage_scope_free(&scope);
            sl_free(&src.authorities);
            sb_free(&src.kinded);
            sb_free(&src.all);
            return scr_fail(error, SCR_ERR_INPUT, "the text to compare with has only common "
                            "words (the, and, of...): nothing to find like it");
        }
        sl_free(&words_of_text);
        if (st == XC_OK)
            st = top_docids(s, seed, 10, ids, &n, &err);
        if (!similar)
            text_authorities(s, text, &src);
    }
    strlist words;
    sl_init(&words);
    xc_enquire *enq = NULL;
    if (st == XC_OK)
        st = xc_enquire_new(s->db, &enq, &err);
    size_t n_stop;
    const char *const *stop = schema_stopwords(&n_stop);
    if (st == XC_OK && n)
        st = xc_enquire_expand(enq, ids, n, 40, stop, n_stop, add_word, &words, &err);
    xc_enquire_free(enq);
    xc_query *q = NULL, *f = NULL, *expansion = NULL;
    if (st == XC_OK)
        st = xc_query_any((const char *const *)words.items, words.len, &expansion, &err);
    /* the text's own words lead; the expansion adds what its best matches
     * say beside them, at half weight */
    if (st == XC_OK)
        st = xc_query_or_scaled(seed, expansion, 0.5, &q, &err);
    if (st == XC_OK && seed) /* the best passage holds the text's words */
        st = xc_query_terms(seed, add_lead, &scope.lead, &err);
    xc_query_free(seed);
    xc_query_free(expansion);
    int in_query = 0; /* the error is the user's query's, explained as a search's */
    if (st == XC_OK && !query_blank(req->query)) {
        st = query_parse(s, req->query, req->no_synonyms, MATCH_ALL, &f, NULL, &err);
        in_query = st != XC_OK;
        if (st == XC_OK)
            st = combine(&q, f, 0, &err);
    }
    /* by default, recommendations and areas for development answer */
    if (st == XC_OK && !strstr(req->query, "kind:")) {
        st = xc_qparser_parse(s->qp_plain, "kind:recommendation kind:area-for-development", &f,
                              &err);
        if (st == XC_OK)
            st = combine(&q, f, 0, &err);
    }
    if (st == XC_OK) { /* the words in those passages */
        xc_query *scoped = NULL;
        st = xc_query_scope(q, passage_marker_prefixes, SCOPE_GROUPS, 0, &scoped,
                            passage_scope_add, &scope, &err);
        xc_query_free(q);
        q = scoped;
    }
    if (st == XC_OK && !same_authority && src.authorities.len) {
        strbuf not;
        sb_init(&not);
        for (size_t i = 0; i < src.authorities.len; i++)
            sb_addf(&not, "%sauthority:%s", i ? " " : "", src.authorities.items[i]);
        st = xc_qparser_parse(s->qp_plain, not.buf, &f, &err);
        sb_free(&not);
        if (st == XC_OK)
            st = combine(&q, f, 1, &err);
    }
    if (st == XC_OK && src.part) { /* never the source itself */
        char *term = schema_id_term(PREFIX_PART, src.part);
        st = xc_query_term(term, &f, &err);
        free(term);
        if (st == XC_OK)
            st = combine(&q, f, 1, &err);
    }
    sl_free(&words);
    sl_free(&src.authorities);
    free(src.part);
    free(src.text);
    sb_free(&src.kinded);
    sb_free(&src.all);
    if (st != XC_OK) {
        if (err.status == XC_ERR_LIMIT)
            query_limit_error(s, errbuf, errlen);
        else if (err.status == XC_ERR_QUERY_SYNTAX && in_query)
            query_explain_syntax_error(s, req->query, err.message, errbuf, errlen);
        else
            snprintf(errbuf, errlen, err.status == XC_ERR_QUERY_SYNTAX ? "query syntax error: %s"
                                                                        : "%s", err.message);
        rc = error->status = err.status;
    } else {
        rc = search_run_query(s, req, q, &scope, res, error);
    }
    passage_scope_free(&scope);
    xc_query_free(q);
    return rc;
}
