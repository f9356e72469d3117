/* page_state.c: the search page's state in its URL and the query it
 * makes: filters are the query language's own, so the page adds no
 * search of its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "page.h"
#include "schema.h"

/* Why f is no "facet:value" with a known facet and a value the query
 * language can quote (the page quotes it: a value holds no quote), or
 * NULL when it is one. */
static const char *filter_problem(const char *f)
{
    const char *colon = strchr(f, ':');
    if (!colon || colon == f)
        return "a filter is facet:value";
    if (!colon[1])
        return "a filter needs its value after the colon";
    if (strchr(colon, '"'))
        return "a filter's value is written without quotes here (West Sussex, not "
               "\"West Sussex\")";
    if (strlen(f) > 200)
        return "a filter is at most 200 bytes";
    char name[32];
    size_t n = (size_t)(colon - f);
    if (n >= sizeof name)
        return "no such facet";
    memcpy(name, f, n);
    name[n] = '\0';
    if (strcmp(name, "year") == 0 && !(strlen(colon + 1) == 4 && strspn(colon + 1, "0123456789") == 4))
        return "a year here is one year, as year:2018 (the from and to boxes take a range)";
    return schema_facet_find(name) ? NULL : "no such facet (authority, publisher, type, year, "
                                            "theme, kind, file)";
}

/* A year: four digits. */
static int year_ok(const char *y)
{
    return !y || !*y || (strlen(y) == 4 && strspn(y, "0123456789") == 4);
}

int state_read(const request *r, page_state *st, char *errbuf, size_t errlen)
{
    memset(st, 0, sizeof *st);
    sl_init(&st->filters);
    const char *bad = NULL;
    st->q = req_arg(r, "q", &bad);
    st->from = bad ? NULL : req_arg(r, "from", &bad);
    st->to = bad ? NULL : req_arg(r, "to", &bad);
    st->sort = bad ? NULL : req_arg(r, "sort", &bad);
    if (bad) {
        snprintf(errbuf, errlen, "%s", bad);
        return -1;
    }
    st->q = st->q ? st->q : "";
    st->sort = st->sort && *st->sort ? st->sort : "relevance";
    if (search_sort_parse(st->sort) < 0) {
        snprintf(errbuf, errlen, "sort takes relevance, date or -date");
        return -1;
    }
    if (!year_ok(st->from) || !year_ok(st->to)) {
        snprintf(errbuf, errlen, "a year range takes years of four digits");
        return -1;
    }
    /* pages count from 1: page=0 is as wrong as page=-1 */
    if (req_uint(r, "page", 1, 10000, &st->page, errbuf, errlen) != 0 || st->page == 0) {
        snprintf(errbuf, errlen, "page needs a whole number from 1 to 10000");
        return -1;
    }
    const char *refused = req_args(r, "f", &st->filters);
    if (refused) { /* a filter dropped would widen the search unsaid */
        snprintf(errbuf, errlen, "f: %s", refused);
        return -1;
    }
    for (size_t i = 0; i < st->filters.len; i++) {
        const char *why = filter_problem(st->filters.items[i]);
        if (why) {
            snprintf(errbuf, errlen, "f=%.200s: %s", st->filters.items[i], why);
            return -1;
        }
    }
    return 0;
}

void state_free(page_state *st) { sl_free(&st->filters); }

/* q and clause, both: q freed. */
static char *and_clause(char *q, const char *clause)
{
    char *both = search_query_and(q, clause);
    free(q);
    return both;
}

char *state_query(const page_state *st)
{
    /* each filter, and the years, after the query and apart from each
     * other: the query cannot take them into a phrase or bracket it
     * leaves open, and two values of one facet chosen in turn narrow, as
     * the counts beside them said (side by side, the parser ORs them) */
    char *q = xstrdup(st->q);
    for (size_t i = 0; i < st->filters.len; i++) {
        const char *f = st->filters.items[i], *colon = strchr(f, ':');
        strbuf clause;
        sb_init(&clause);
        sb_addf(&clause, "%.*s:\"%s\"", (int)(colon - f), f, colon + 1);
        q = and_clause(q, clause.buf);
        sb_free(&clause);
    }
    int from = st->from && *st->from, to = st->to && *st->to;
    if (from || to) {
        strbuf clause;
        sb_init(&clause);
        sb_addf(&clause, "year:%s..%s", from ? st->from : "", to ? st->to : "");
        q = and_clause(q, clause.buf);
        sb_free(&clause);
    }
    return q;
}

int state_has_filter(const page_state *st, const char *filter)
{
    return sl_contains(&st->filters, filter);
}

/* Adds name=value to the URL that starts at sb's byte start. */
static void add_arg(strbuf *sb, size_t start, const char *name, const char *value)
{
    sb_addc(sb, memchr(sb->buf + start, '?', sb->len - start) ? '&' : '?');
    sb_adds(sb, name);
    sb_addc(sb, '=');
    url_add(sb, value);
}

void state_url_at(strbuf *sb, const char *path, const page_state *st, const char *toggle,
                  const char *sort, unsigned page)
{
    size_t start = sb->len;
    sb_adds(sb, path);
    if (*st->q)
        add_arg(sb, start, "q", st->q);
    for (size_t i = 0; i < st->filters.len; i++)
        if (!toggle || strcmp(toggle, st->filters.items[i]) != 0)
            add_arg(sb, start, "f", st->filters.items[i]);
    if (toggle && !state_has_filter(st, toggle))
        add_arg(sb, start, "f", toggle);
    if (st->from && *st->from)
        add_arg(sb, start, "from", st->from);
    if (st->to && *st->to)
        add_arg(sb, start, "to", st->to);
    sort = sort ? sort : st->sort;
    if (sort && strcmp(sort, "relevance") != 0)
        add_arg(sb, start, "sort", sort);
    if (page > 1)
        sb_addf(sb, "%cpage=%u", memchr(sb->buf + start, '?', sb->len - start) ? '&' : '?', page);
}

void state_url(strbuf *sb, const page_state *st, const char *toggle, const char *sort,
               unsigned page)
{
    state_url_at(sb, "/", st, toggle, sort, page);
}
