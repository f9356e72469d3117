/* fetch.c: a document by its id, passage by passage (`show`), and the
 * values of a facet (`list`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docdata.h"
#include "normalise.h"
#include "passages.h"
#include "schema.h"
#include "search-internal.h"
#include "util.h"

typedef struct fetch {
    const char *id;     /* document id or docid: ID of ID@N, or the whole */
    char *data;         /* its data, read whole before anything is printed */
    size_t len;
    unsigned docid;
} fetch;

static int all_digits(const char *s)
{
    return *s && strspn(s, "0123456789") == strlen(s);
}

/* The id term whose value, invalid UTF-8 repaired, is the id asked for
 * (its first match wins: a file name's bytes the outputs showed as
 * U+FFFD, which is what a user copies). */
typedef struct repaired_id {
    const char *id;
    size_t prefix;
    char *term;
} repaired_id;

static void match_repaired(void *ctx, const char *term)
{
    repaired_id *r = ctx;
    if (r->term)
        return;
    char *shown = norm_repair(term + r->prefix);
    if (shown && strcmp(shown, r->id) == 0)
        r->term = xstrdup(term);
    free(shown);
}

/* id's document when id holds U+FFFD where the file's name held bytes
 * that are no UTF-8: the terms that begin as id does up to its first
 * U+FFFD, repaired and compared.  XC_ERR_DOC_NOT_FOUND when none is. */
static xc_status find_repaired(searcher *s, const char *id, unsigned *docid, xc_error *err)
{
    const char *fffd = strstr(id, "\xef\xbf\xbd");
    if (!fffd)
        return XC_ERR_DOC_NOT_FOUND;
    strbuf from;
    sb_init(&from);
    sb_addf(&from, "%s%.*s", PREFIX_PART, (int)(fffd - id), id);
    repaired_id r = {id, strlen(PREFIX_PART), NULL};
    xc_status st = xc_rdb_each_term(s->db, from.buf, match_repaired, &r, err);
    sb_free(&from);
    if (st == XC_OK)
        st = r.term ? xc_rdb_find_term(s->db, r.term, docid, err) : XC_ERR_DOC_NOT_FOUND;
    free(r.term);
    return st;
}

static xc_status read_document(searcher *s, void *ctx, xc_error *err)
{
    fetch *f = ctx;
    free(f->data);
    f->data = NULL;
    xc_status st = XC_OK;
    if (all_digits(f->id)) {
        unsigned long n = strtoul(f->id, NULL, 10);
        if (n == 0 || n > 0xffffffffu)
            return XC_ERR_DOC_NOT_FOUND;
        f->docid = (unsigned)n;
    } else {
        char *term = schema_id_term(PREFIX_PART, f->id);
        st = xc_rdb_find_term(s->db, term, &f->docid, err);
        free(term);
        if (st == XC_ERR_DOC_NOT_FOUND)
            st = find_repaired(s, f->id, &f->docid, err);
    }
    xc_doc *doc = NULL;
    if (st == XC_OK)
        st = xc_rdb_get_document(s->db, f->docid, &doc, err);
    if (st == XC_OK)
        st = docdata_get(doc, &f->data, &f->len, err);
    xc_doc_free(doc);
    return st;
}

static size_t count_lines(const char *data, size_t len)
{
    size_t n = 1;
    for (const char *p = data; (p = memchr(p, '\n', len - (size_t)(p - data))); p++)
        n++;
    return n;
}

/* Hands fn passage `only` of a document's stored data, or each of them
 * (only < 0), parsing one passage at a time: a document may hold
 * megabytes of them.  Returns how many fn was given. */
static int each_passage(const char *data, size_t len, long only, passage_fn fn, void *ctx)
{
    const char *end = data + len, *nl = memchr(data, '\n', len);
    json_t *meta = document_parse(data, (size_t)((nl ? nl : end) - data), -1);
    int n = 0;
    long i = 0;
    for (const char *p = nl ? nl + 1 : end; nl && p <= end && (only < 0 || i <= only); i++) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e)
            e = end;
        if (only < 0 || i == only) {
            json_t *one = json_loadb(p, (size_t)(e - p), 0, NULL);
            json_t *o = passage_hit_from(meta, one, (size_t)i);
            fn(ctx, o);
            json_decref(o);
            json_decref(one);
            n++;
        }
        p = e + 1;
    }
    json_decref(meta);
    return n;
}

long search_passage_ref(const char *id, long *passage)
{
    const char *at = strrchr(id, '@');
    if (!at || !all_digits(at + 1))
        return -1;
    if (passage)
        *passage = strtol(at + 1, NULL, 10);
    return at - id;
}

int search_passage_ref_bad(const char *id)
{
    const char *at = strrchr(id, '@');
    return at && at > id && strspn(id, "0123456789") == (size_t)(at - id) && !all_digits(at + 1);
}

int search_source_ref_bad(const char *id)
{
    return !*id || *id == '@' || search_passage_ref_bad(id);
}

scr_status searcher_document(searcher *s, const char *id, passage_fn fn, void *ctx,
                             scr_error *error)
{
    /* ID@N: passage N of the document, unless ID@N is itself a
     * document's id (a file named "letter@1", whose page links so) */
    long passage = -1, at = search_passage_ref(id, &passage);
    fetch f = {id, NULL, 0, 0};
    xc_error err;
    xc_status st = search_with_retry(s, read_document, &f, &err);
    char *base = NULL; /* ID of ID@N, when ID@N names no document */
    if (at >= 0 && st != XC_OK) {
        f.id = base = xstrndup(id, (size_t)at);
        st = search_with_retry(s, read_document, &f, &err);
    } else {
        passage = -1;
    }
    scr_status rc = SCR_OK;
    if (st == XC_ERR_DOC_NOT_FOUND || st == XC_ERR_INVALID)
        rc = s->shards > 1 ? scr_fail(error, SCR_ERR_NOT_FOUND, "no document '%s' in the %u "
                                      "databases", f.id, s->shards)
                           : scr_fail(error, SCR_ERR_NOT_FOUND, "no document '%s' in %s", f.id,
                                      s->path);
    else if (st != XC_OK)
        rc = scr_fail(error, st, "%s: %s", searcher_blame(s, st), err.message);
    else if (each_passage(f.data, f.len, passage, fn, ctx) == 0 && passage >= 0)
        rc = scr_fail(error, SCR_ERR_NOT_FOUND, "no passage %ld in '%s' (it has %zu)", passage,
                      f.id, count_lines(f.data, f.len) - 1);
    free(f.data);
    free(base);
    return rc;
}

scr_status searcher_facet_values(searcher *s, const char *facet, facet_fn fn, void *ctx,
                                 scr_error *error)
{
    const char *facets[1] = {facet};
    search_request req = {.query = "", .level = LEVEL_DOCUMENT, .facets = facets, .n_facets = 1};
    search_result res;
    scr_status rc = searcher_run(s, &req, &res, error);
    if (rc != SCR_OK)
        return rc;
    for (size_t i = 0; i < res.n_facets; i++)
        for (size_t j = 0; j < res.facets[i].len; j++)
            fn(ctx, res.facets[i].values[j].value, res.facets[i].values[j].count);
    search_result_free(&res);
    return SCR_OK;
}
