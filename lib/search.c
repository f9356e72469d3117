/* search.c: see search.h. */
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "database.h"
#include "gazetteer.h"
#include "normalise.h"
#include "schema.h"
#include "util.h"
#include "writer.h"
#include "xapian-c.h"

/* A reader whose revision is overwritten by a writer gets
 * XC_ERR_MODIFIED; reopening and asking again fixes it. */
#define MODIFIED_RETRIES 5

struct searcher {
    char *path;
    xc_rdb *db;
    xc_qparser *qp;       /* words, their synonyms and acronyms */
    xc_qparser *qp_plain; /* words only (--no-synonyms) */
    const gazetteer *gaz;
};

/* Filter values are matched as slugs: authority:"West Sussex" is
 * authority:west-sussex. */
static char *slug_map(void *ctx, const char *value)
{
    (void)ctx;
    return norm_slug(value);
}

/* authority: also takes any name the gazetteer knows: "CWC", "City of
 * Wolverhampton Council", "Hull". */
static char *authority_map(void *ctx, const char *value)
{
    const authority *a = ctx ? gazetteer_lookup(ctx, value) : NULL;
    return a ? xstrdup(a->slug) : norm_slug(value);
}

/* A query parser with every field and filter; with synonyms, a word also
 * finds the acronyms and expansions indexed beside passages. */
static int setup_parser(searcher *s, xc_qparser **qp, int synonyms, xc_error *err)
{
    int ok = xc_qparser_new(s->db, qp, err) == XC_OK &&
             xc_qparser_add_prefix(*qp, "title", PREFIX_TITLE, err) == XC_OK &&
             xc_qparser_add_prefix(*qp, "section", PREFIX_SECTION, err) == XC_OK &&
             xc_qparser_add_number_range(*qp, SLOT_YEAR_NUM, "year", err) == XC_OK &&
             xc_qparser_add_date_range(*qp, SLOT_DATE, "date", err) == XC_OK;
    if (ok && synonyms)
        ok = xc_qparser_add_prefix(*qp, "", "", err) == XC_OK &&
             xc_qparser_add_prefix(*qp, "", PREFIX_SYNONYM, err) == XC_OK &&
             xc_qparser_synonyms(*qp, 1, err) == XC_OK;
    for (const schema_facet *f = schema_facets; ok && f->name; f++) {
        int auth = strcmp(f->name, "authority") == 0;
        ok = xc_qparser_add_filter(*qp, f->name, f->prefix, auth ? authority_map : slug_map,
                                   auth ? (void *)s->gaz : NULL, err) == XC_OK;
    }
    return ok;
}

int searcher_open(const char *dbpath, const gazetteer *g, searcher **out, char *errbuf,
                  size_t errlen)
{
    searcher *s = xcalloc(1, sizeof *s);
    s->gaz = g;
    s->path = xstrdup(dbpath);
    if (db_open_read(dbpath, &s->db, errbuf, errlen) != 0) {
        free(s->path);
        free(s);
        return -1;
    }
    xc_error err;
    int ok = setup_parser(s, &s->qp, 1, &err) && setup_parser(s, &s->qp_plain, 0, &err);
    if (!ok) {
        snprintf(errbuf, errlen, "%s: %s", dbpath, err.message);
        searcher_close(s);
        return -1;
    }
    *out = s;
    return 0;
}

void searcher_close(searcher *s)
{
    if (!s)
        return;
    xc_qparser_free(s->qp);
    xc_qparser_free(s->qp_plain);
    xc_rdb_close(s->db);
    free(s->path);
    free(s);
}

void search_result_free(search_result *res)
{
    for (size_t i = 0; i < res->n_hits; i++) {
        json_decref(res->hits[i].data);
        free(res->hits[i].snippet);
    }
    free(res->hits);
    for (size_t i = 0; i < res->n_facets; i++) {
        for (size_t j = 0; j < res->facets[i].len; j++)
            free(res->facets[i].values[j].value);
        free(res->facets[i].values);
    }
    free(res->facets);
    free(res->suggestion);
    memset(res, 0, sizeof *res);
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

static xc_status parse(searcher *s, const char *text, int no_synonyms, xc_query **q,
                       xc_error *err)
{
    if (blank(text))
        return xc_query_all(q, err);
    xc_qparser *qp = no_synonyms ? s->qp_plain : s->qp;
    if (qp != s->qp) {
        char *folded = xcheck(norm_query(text));
        xc_status st = xc_qparser_parse(qp, folded, q, err);
        free(folded);
        return st;
    }
    char *folded = xcheck(norm_query(text));
    xc_status st = xc_qparser_parse(s->qp, folded, q, err);
    free(folded);
    return st;
}

static xc_status collect_hits(xc_mset *mset, const search_request *req, search_result *res,
                              xc_error *err)
{
    unsigned n = xc_mset_size(mset);
    res->hits = xcalloc(n, sizeof *res->hits);
    for (unsigned i = 0; i < n; i++) {
        search_hit *h = &res->hits[i];
        xc_doc *doc = NULL;
        char *data = NULL;
        size_t len = 0;
        xc_status st = xc_mset_item(mset, i, &h->docid, &h->score, &doc, err);
        if (st == XC_OK)
            st = xc_doc_get_data(doc, &data, &len, err);
        xc_doc_free(doc);
        if (st != XC_OK)
            return st;
        res->n_hits++;
        h->rank = req->offset + i + 1;
        h->data = json_loadb(data, len, 0, NULL);
        free(data);
        if (!h->data) /* not ours: keep going with an empty record */
            h->data = xcheck(json_object());
        if (req->snippet_bytes) {
            json_t *text = json_object_get(h->data, DATA_TEXT);
            const char *t = json_is_string(text) ? json_string_value(text) : "";
            size_t tlen = json_is_string(text) ? json_string_length(text) : 0;
            st = xc_mset_snippet(mset, t, tlen, req->snippet_bytes, req->hi_start,
                                 req->hi_end, "...", &h->snippet, err);
            if (st != XC_OK)
                return st;
        }
    }
    return XC_OK;
}

static void collect_facets(xc_facetspy **spies, const search_request *req,
                           search_result *res)
{
    res->facets = xcalloc(req->n_facets, sizeof *res->facets);
    res->n_facets = req->n_facets;
    for (size_t i = 0; i < req->n_facets; i++) {
        search_facet *f = &res->facets[i];
        f->name = req->facets[i];
        f->len = xc_facetspy_size(spies[i]);
        f->values = xcalloc(f->len, sizeof *f->values);
        for (size_t j = 0; j < f->len; j++) {
            const char *v;
            xc_facetspy_get(spies[i], (unsigned)j, &v, &f->values[j].count);
            f->values[j].value = xstrdup(v);
        }
    }
}

/* One attempt at the whole search; XC_ERR_MODIFIED means try again. */
static xc_status attempt(searcher *s, const search_request *req, search_result *res,
                         xc_error *err)
{
    xc_query *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *mset = NULL;
    xc_facetspy **spies = xcalloc(req->n_facets, sizeof *spies);
    unsigned doccount = 0;
    xc_status st = parse(s, req->query, req->no_synonyms, &q, err);
    if (st == XC_OK)
        st = xc_rdb_doccount(s->db, &doccount, err);
    if (st == XC_OK)
        st = xc_enquire_new(s->db, &enq, err);
    if (st == XC_OK)
        st = xc_enquire_set_query(enq, q, err);
    int by_document = req->level == LEVEL_DOCUMENT;
    if (st == XC_OK && by_document)
        st = xc_enquire_collapse(enq, SLOT_PART, err);
    /* Documents are counted exactly by a spy that sees every match. */
    xc_facetspy *counter = NULL;
    if (st == XC_OK && by_document)
        st = xc_facetspy_new(SLOT_PART, SCHEMA_MULTI_SEP, &counter, err);
    if (st == XC_OK && by_document)
        st = xc_facetspy_dedupe(counter, SLOT_PART, err);
    if (st == XC_OK && by_document)
        st = xc_enquire_add_spy(enq, counter, err);
    for (size_t i = 0; st == XC_OK && i < req->n_facets; i++) {
        const schema_facet *f = schema_facet_find(req->facets[i]);
        st = xc_facetspy_new(f->slot, SCHEMA_MULTI_SEP, &spies[i], err);
        /* documents count once, however many of their passages match */
        if (st == XC_OK && by_document)
            st = xc_facetspy_dedupe(spies[i], SLOT_PART, err);
        if (st == XC_OK)
            st = xc_enquire_add_spy(enq, spies[i], err);
    }
    /* Facet counts must see every match, not just the page shown. */
    /* Checking a few thousand matches costs little and makes totals exact
     * for most searches (collapsed estimates are poor). */
    unsigned check = req->offset + req->limit < 5000 ? 5000 : req->offset + req->limit;
    if ((req->n_facets || req->exact_total) && check < doccount)
        check = doccount;
    if (st == XC_OK && req->sort != SORT_RELEVANCE)
        st = xc_enquire_sort_by_value(enq, SLOT_DATE, req->sort == SORT_DATE_DESC, err);
    if (st == XC_OK)
        st = xc_enquire_mset(enq, req->offset, req->limit, check, &mset, err);
    if (st == XC_OK) {
        res->total = xc_mset_estimate(mset);
        res->exact = check >= doccount || xc_mset_exact(mset);
        /* all matches were seen: the counter's number is the truth */
        if (counter && (check >= doccount || xc_mset_exact(mset)))
            res->total = xc_facetspy_seen(counter);
        st = collect_hits(mset, req, res, err);
    }
    if (st == XC_OK)
        collect_facets(spies, req, res);
    if (st == XC_OK && !blank(req->query)) {
        char *fixed = NULL;
        if (xc_qparser_corrected(req->no_synonyms ? s->qp_plain : s->qp, &fixed, NULL) == XC_OK &&
            fixed && *fixed)
            res->suggestion = fixed;
        else
            free(fixed);
    }
    xc_mset_free(mset);
    xc_enquire_free(enq);
    xc_facetspy_free(counter);
    for (size_t i = 0; i < req->n_facets; i++)
        xc_facetspy_free(spies[i]);
    free(spies);
    xc_query_free(q);
    return st;
}

static int is_op(const char *w)
{
    static const char *const ops[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ", NULL};
    for (size_t i = 0; ops[i]; i++) {
        size_t n = strlen(ops[i]);
        if (strncmp(w, ops[i], n) == 0 && (w[n] == '\0' || w[n] == '/'))
            return 1;
    }
    return 0;
}

/* Xapian says what is wrong but not where: parse longer and longer prefixes
 * of the query, word by word, and report the word where it first breaks. */
static void explain_syntax_error(searcher *s, const char *query, const char *xapian_msg,
                                 char *errbuf, size_t errlen)
{
    strlist words;
    sl_init(&words);
    size_t starts[256], n = 0;
    const char *p = query;
    while (*p && n < 256) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *start = p;
        int quoted = 0;
        while (*p && (quoted || (*p != ' ' && *p != '\t'))) {
            if (*p == '"')
                quoted = !quoted;
            p++;
        }
        char *w = xstrndup(start, (size_t)(p - start));
        sl_push(&words, w);
        free(w);
        starts[n++] = (size_t)(start - query);
    }
    size_t bad = n;
    strbuf prefix;
    sb_init(&prefix);
    for (size_t k = 0; k < n && bad == n; k++) {
        sb_addf(&prefix, "%s%s", k ? " " : "", words.items[k]);
        char *folded = xcheck(norm_query(prefix.buf));
        xc_query *q = NULL;
        if (xc_qparser_parse(s->qp, folded, &q, NULL) == XC_ERR_QUERY_SYNTAX)
            bad = k;
        xc_query_free(q);
        free(folded);
    }
    sb_free(&prefix);
    if (bad == n) {
        snprintf(errbuf, errlen, "query syntax error: %s", xapian_msg);
    } else {
        const char *w = words.items[bad];
        const char *what;
        if (is_op(w) && bad == 0)
            what = "expected a word, phrase or filter before it";
        else if (bad > 0 && is_op(words.items[bad - 1]) && is_op(w))
            what = "expected a word, phrase or filter between the two operators";
        else if (is_op(w))
            what = "expected a word, phrase or filter after it";
        else
            what = xapian_msg;
        snprintf(errbuf, errlen, "query syntax error at column %zu, '%s': %s", starts[bad] + 1,
                 w, what);
    }
    sl_free(&words);
}

int searcher_run(searcher *s, const search_request *req, search_result *res, char *errbuf,
                 size_t errlen)
{
    memset(res, 0, sizeof *res);
    for (size_t i = 0; i < req->n_facets; i++) {
        if (!schema_facet_find(req->facets[i])) {
            strbuf known;
            sb_init(&known);
            for (const schema_facet *f = schema_facets; f->name; f++)
                sb_addf(&known, "%s%s", known.len ? ", " : "", f->name);
            snprintf(errbuf, errlen, "unknown facet '%s' (known: %s)", req->facets[i],
                     known.buf);
            sb_free(&known);
            return -1;
        }
    }
    xc_error err;
    xc_status st;
    for (int tries = 0;; tries++) {
        st = attempt(s, req, res, &err);
        if (st != XC_ERR_MODIFIED || tries == MODIFIED_RETRIES)
            break;
        search_result_free(res);
        if (xc_rdb_reopen(s->db, &err) != XC_OK)
            break;
    }
    if (st == XC_OK)
        return 0;
    if (err.status == XC_ERR_QUERY_SYNTAX)
        explain_syntax_error(s, req->query, err.message, errbuf, errlen);
    else
        snprintf(errbuf, errlen, "%s: %s", s->path, err.message);
    search_result_free(res);
    return -1;
}

typedef struct collect_ctx {
    passage_fn fn;
    void *ctx;
} collect_ctx;

int searcher_document(searcher *s, const char *id, int whole_document, passage_fn fn,
                      void *ctx, char *errbuf, size_t errlen)
{
    xc_error err;
    char *part = NULL;
    int digits = *id != '\0';
    for (const char *p = id; *p && digits; p++)
        digits = *p >= '0' && *p <= '9';
    if (digits) { /* a passage's docid */
        xc_doc *doc = NULL;
        char *data = NULL;
        size_t len;
        unsigned long docid = strtoul(id, NULL, 10);
        xc_status st = docid && docid <= 0xffffffffu
                           ? xc_rdb_get_document(s->db, (unsigned)docid, &doc, &err)
                           : XC_ERR_DOC_NOT_FOUND;
        if (st == XC_OK)
            st = xc_doc_get_data(doc, &data, &len, &err);
        xc_doc_free(doc);
        if (st == XC_ERR_DOC_NOT_FOUND || st == XC_ERR_INVALID) {
            snprintf(errbuf, errlen, "no passage %s in %s", id, s->path);
            return 0;
        }
        if (st != XC_OK) {
            snprintf(errbuf, errlen, "%s: %s", s->path, err.message);
            return -1;
        }
        json_t *o = json_loadb(data, len, 0, NULL);
        free(data);
        if (!o)
            o = xcheck(json_object());
        if (!whole_document) {
            fn(ctx, o);
            json_decref(o);
            return 1;
        }
        json_t *pid = json_object_get(o, DATA_PART);
        part = xstrdup(json_is_string(pid) ? json_string_value(pid) : "");
        json_decref(o);
    } else {
        part = xstrdup(id);
    }
    char *term = writer_id_term(PREFIX_PART, part);
    xc_query *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    unsigned count = 0;
    xc_status st = xc_rdb_doccount(s->db, &count, &err);
    if (st == XC_OK)
        st = xc_query_term(term, &q, &err);
    if (st == XC_OK)
        st = xc_enquire_new(s->db, &enq, &err);
    if (st == XC_OK)
        st = xc_enquire_set_query(enq, q, &err);
    if (st == XC_OK)
        st = xc_enquire_sort_by_value(enq, SLOT_PASSAGE, 0, &err);
    if (st == XC_OK)
        st = xc_enquire_mset(enq, 0, count, count, &m, &err);
    int n = 0;
    for (unsigned i = 0; st == XC_OK && i < xc_mset_size(m); i++) {
        xc_doc *doc = NULL;
        char *data = NULL;
        size_t len;
        st = xc_mset_item(m, i, NULL, NULL, &doc, &err);
        if (st == XC_OK)
            st = xc_doc_get_data(doc, &data, &len, &err);
        xc_doc_free(doc);
        if (st != XC_OK)
            break;
        json_t *o = json_loadb(data, len, 0, NULL);
        free(data);
        if (!o)
            o = xcheck(json_object());
        fn(ctx, o);
        json_decref(o);
        n++;
    }
    xc_mset_free(m);
    xc_enquire_free(enq);
    xc_query_free(q);
    free(term);
    if (st != XC_OK) {
        snprintf(errbuf, errlen, "%s: %s", s->path, err.message);
        free(part);
        return -1;
    }
    if (n == 0)
        snprintf(errbuf, errlen, "no document '%s' in %s", part, s->path);
    free(part);
    return n;
}

int searcher_facet_values(searcher *s, const char *facet, facet_fn fn, void *ctx,
                          char *errbuf, size_t errlen)
{
    const char *facets[1] = {facet};
    search_request req = {.query = "", .level = LEVEL_DOCUMENT, .facets = facets, .n_facets = 1};
    search_result res;
    if (searcher_run(s, &req, &res, errbuf, errlen) != 0)
        return -1;
    for (size_t i = 0; i < res.n_facets; i++)
        for (size_t j = 0; j < res.facets[i].len; j++)
            fn(ctx, res.facets[i].values[j].value, res.facets[i].values[j].count);
    search_result_free(&res);
    return 0;
}
