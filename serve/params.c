/* params.c: a request's arguments, checked, and the search they ask for. */
#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "schema.h"

typedef struct lookup {
    const char *name, *value;
    size_t len;
    unsigned seen;
    strlist *all;
    const char *bad; /* why one of all's values is refused */
} lookup;

/* Why an argument's value (len bytes) is refused, or NULL. */
static const char *refused(const char *value, size_t len)
{
    return strlen(value) != len      ? "an argument has a NUL byte"
           : !utf8_valid(value, len) ? "an argument is not valid UTF-8"
                                     : NULL;
}

static enum MHD_Result on_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                              size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    (void)key_size;
    lookup *l = cls;
    if (strcmp(key, l->name) != 0)
        return MHD_YES;
    l->seen++;
    l->value = value ? value : "";
    l->len = value ? value_size : 0;
    const char *why = value ? refused(value, value_size) : NULL;
    if (l->all && why && !l->bad)
        l->bad = why;
    else if (l->all && value && !why)
        sl_push(l->all, value);
    return MHD_YES;
}

const char *req_arg(const request *r, const char *name, const char **bad)
{
    lookup l = {name, NULL, 0, 0, NULL, NULL};
    MHD_get_connection_values_n(r->conn, MHD_GET_ARGUMENT_KIND, on_arg, &l);
    if (!l.value)
        return NULL;
    if (l.seen > 1)
        *bad = "an argument is given twice";
    else if ((*bad = refused(l.value, l.len)) == NULL)
        return l.value;
    return NULL;
}

const char *req_args(const request *r, const char *name, strlist *out)
{
    lookup l = {name, NULL, 0, 0, out, NULL};
    MHD_get_connection_values_n(r->conn, MHD_GET_ARGUMENT_KIND, on_arg, &l);
    return l.bad;
}

/* Argument name in *v (NULL when absent): 0, or -1 with the reason. */
static int checked_arg(const request *r, const char *name, const char **v, char *errbuf,
                       size_t errlen)
{
    const char *bad = NULL;
    *v = req_arg(r, name, &bad);
    if (bad)
        snprintf(errbuf, errlen, "%s: %s", name, bad);
    return bad ? -1 : 0;
}

int req_uint(const request *r, const char *name, unsigned def, unsigned max, unsigned *out,
             char *errbuf, size_t errlen)
{
    const char *v;
    *out = def;
    if (checked_arg(r, name, &v, errbuf, errlen) != 0)
        return -1;
    if (!v)
        return 0;
    if (parse_unsigned(v, 0, max, out) != 0) {
        snprintf(errbuf, errlen, "%s needs a whole number up to %u", name, max);
        return -1;
    }
    return 0;
}

/* A named argument that must be one of a list of words. */
static int word_arg(const request *r, const char *name, int (*parse)(const char *), int *out,
                    const char *choices, char *errbuf, size_t errlen)
{
    const char *v;
    if (checked_arg(r, name, &v, errbuf, errlen) != 0)
        return -1;
    if (!v)
        return 0;
    int n = parse(v);
    if (n < 0) {
        snprintf(errbuf, errlen, "%s takes %s", name, choices);
        return -1;
    }
    *out = n;
    return 0;
}

int req_search(const request *r, search_request *req, strlist *facets, const searcher *s,
               char *errbuf, size_t errlen)
{
    const search_limits *lim = searcher_limits((searcher *)s);
    const char *bad = NULL, *q = req_arg(r, "q", &bad);
    int sort = SORT_RELEVANCE, level = LEVEL_DOCUMENT, match = MATCH_ANY;
    unsigned limit, offset, no_synonyms;
    memset(req, 0, sizeof *req);
    if (bad) {
        snprintf(errbuf, errlen, "q: %s", bad);
        return -1;
    }
    /* the default page no larger than SCRUTINY_MAX_LIMIT allows */
    if (req_uint(r, "limit", lim->hits < 10 ? lim->hits : 10, lim->hits, &limit, errbuf, errlen) != 0 ||
        req_uint(r, "offset", 0, lim->offset, &offset, errbuf, errlen) != 0 ||
        req_uint(r, "no_synonyms", 0, 1, &no_synonyms, errbuf, errlen) != 0 ||
        word_arg(r, "sort", search_sort_parse, &sort, "relevance, date or -date", errbuf,
                 errlen) != 0 ||
        word_arg(r, "level", search_level_parse, &level, "document or passage", errbuf,
                 errlen) != 0 ||
        word_arg(r, "match", search_match_parse, &match, "any, all or passage", errbuf,
                 errlen) != 0)
        return -1;
    const char *f;
    if (checked_arg(r, "facets", &f, errbuf, errlen) != 0)
        return -1;
    if (f)
        sl_split(facets, f, ',');
    for (size_t i = 0; i < facets->len; i++)
        if (!schema_facet_find(facets->items[i])) {
            snprintf(errbuf, errlen, "unknown facet '%.64s' (known: authority, publisher, "
                     "type, year, theme, kind, file)", facets->items[i]);
            return -1;
        }
    req->query = q ? q : "";
    req->level = (search_level)level;
    req->sort = (search_sort)sort;
    req->match = (search_match)match;
    req->no_synonyms = (int)no_synonyms;
    req->offset = offset;
    req->limit = limit;
    req->facets = (const char *const *)facets->items;
    req->n_facets = facets->len;
    req->snippet_bytes = 240;
    req->hi_start = "";
    req->hi_end = "";
    return 0;
}
