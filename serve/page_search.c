/* page_search.c: the search page (facet sidebar, results, sort, paging)
 * and the precedent page (/like: recommendations like a passage). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "handles.h"
#include "page.h"
#include "schema.h"

#define PAGE_HITS 10u
#define FACET_VALUES 12u

/* The facets of the sidebar, in its order, with their headings. */
static const char *const sidebar[][2] = {
    {"authority", "Authority"}, {"theme", "Theme"},         {"year", "Year"},
    {"type", "Type"},           {"publisher", "Publisher"}, {"kind", "Kind of passage"},
};
#define N_SIDEBAR (sizeof sidebar / sizeof sidebar[0])

static void filter_link(strbuf *sb, const page_state *st, const char *filter, const char *text)
{
    sb_adds(sb, "<a href=\"");
    strbuf url;
    sb_init(&url);
    state_url(&url, st, filter, NULL, 1);
    html_add(sb, url.buf);
    sb_free(&url);
    sb_adds(sb, "\">");
    html_add(sb, text);
    sb_adds(sb, "</a>");
}

static int newest_first(const void *a, const void *b)
{
    return strcmp(((const facet_value *)b)->value, ((const facet_value *)a)->value);
}

static void html_sidebar(strbuf *sb, const page_state *st, const search_result *res)
{
    sb_adds(sb, "<aside>\n");
    if (st->filters.len) {
        sb_adds(sb, "<section class=\"chosen\"><h2>Filters</h2>\n");
        for (size_t i = 0; i < st->filters.len; i++) {
            char *text = xstrdup(st->filters.items[i]);
            strbuf label;
            sb_init(&label);
            sb_addf(&label, "%s ×", text);
            filter_link(sb, st, st->filters.items[i], label.buf);
            sb_free(&label);
            free(text);
        }
        sb_adds(sb, "</section>\n");
    }
    for (size_t k = 0; k < N_SIDEBAR; k++)
        for (size_t i = 0; i < res->n_facets; i++) {
            const search_facet *f = &res->facets[i];
            if (strcmp(f->name, sidebar[k][0]) != 0 || f->len == 0)
                continue;
            sb_addf(sb, "<section class=\"facet\" id=\"facet-%s\"><h2>%s</h2>\n<ul>\n", f->name,
                    sidebar[k][1]);
            /* years newest first, as a reader looks for them; the others
             * by their documents */
            const schema_facet *sf = schema_facet_find(f->name);
            facet_value *v = xmalloc((f->len ? f->len : 1) * sizeof *v);
            if (f->len)
                memcpy(v, f->values, f->len * sizeof *v);
            if (sf && sf->in_order && f->len)
                qsort(v, f->len, sizeof *v, newest_first);
            for (size_t j = 0; j < f->len; j++) {
                /* the rest behind a "more" that needs no script: each
                 * value stays one click away */
                if (j == FACET_VALUES)
                    sb_addf(sb, "</ul>\n<details><summary>%zu more</summary>\n<ul>\n",
                            f->len - FACET_VALUES);
                strbuf filter;
                sb_init(&filter);
                sb_addf(&filter, "%s:%s", f->name, v[j].value);
                int on = state_has_filter(st, filter.buf);
                sb_adds(sb, on ? "<li class=\"on\">" : "<li>");
                filter_link(sb, st, filter.buf, v[j].value);
                sb_addf(sb, " <span class=\"count\">%u</span></li>\n", v[j].count);
                sb_free(&filter);
            }
            free(v);
            sb_adds(sb, f->len > FACET_VALUES ? "</ul></details></section>\n" : "</ul></section>\n");
        }
    /* the year range: a form, so it works without script */
    sb_adds(sb, "<section><h2>Years</h2>\n<form action=\"/\" method=\"get\">\n"
                "<input type=\"hidden\" name=\"q\" value=\"");
    html_add(sb, st->q);
    sb_adds(sb, "\">\n");
    for (size_t i = 0; i < st->filters.len; i++) {
        sb_adds(sb, "<input type=\"hidden\" name=\"f\" value=\"");
        html_add(sb, st->filters.items[i]);
        sb_adds(sb, "\">\n");
    }
    sb_adds(sb, "<input class=\"year\" name=\"from\" inputmode=\"numeric\" aria-label=\"from year\" "
                "placeholder=\"from\" value=\"");
    html_add(sb, st->from ? st->from : "");
    sb_adds(sb, "\"> – <input class=\"year\" name=\"to\" inputmode=\"numeric\" "
                "aria-label=\"to year\" placeholder=\"to\" value=\"");
    html_add(sb, st->to ? st->to : "");
    sb_adds(sb, "\">\n<button type=\"submit\">Go</button>\n</form></section>\n</aside>\n");
}

/* A page past the last one (a link kept from a larger answer, or typed):
 * said, with a link to the last (url); the paging's end. */
static void past_the_last(strbuf *sb, const char *url, unsigned page, unsigned pages)
{
    sb_addf(sb, "page %u is past the last: <a rel=\"prev\" href=\"", page);
    html_add(sb, url);
    sb_addf(sb, "\">← page %u, the last</a></nav>\n", pages);
}

static void html_sort_and_paging(strbuf *sb, const page_state *st, unsigned total,
                                 unsigned per_page, int sort)
{
    static const char *const sorts[][2] = {
        {"relevance", "relevance"}, {"-date", "newest first"}, {"date", "oldest first"}};
    strbuf url;
    sb_init(&url);
    if (sort) {
        sb_adds(sb, "<p class=\"sort\">Sort by: ");
        for (size_t i = 0; i < 3; i++) {
            if (strcmp(st->sort, sorts[i][0]) == 0) {
                sb_addf(sb, "<strong>%s</strong> ", sorts[i][1]);
                continue;
            }
            url.len = 0;
            state_url(&url, st, NULL, sorts[i][0], 1);
            sb_adds(sb, "<a href=\"");
            html_add(sb, url.buf);
            sb_addf(sb, "\">%s</a> ", sorts[i][1]);
        }
        sb_adds(sb, "</p>\n");
        sb_free(&url);
        return;
    }
    unsigned pages = (total + per_page - 1) / per_page;
    if (pages <= 1) {
        sb_free(&url);
        return;
    }
    sb_adds(sb, "<nav class=\"paging\">");
    if (st->page > pages) {
        state_url(&url, st, NULL, NULL, pages);
        past_the_last(sb, url.buf, st->page, pages);
        sb_free(&url);
        return;
    }
    if (st->page > 1) {
        state_url(&url, st, NULL, NULL, st->page - 1);
        sb_adds(sb, "<a rel=\"prev\" href=\"");
        html_add(sb, url.buf);
        sb_adds(sb, "\">← previous</a>");
    }
    sb_addf(sb, "page %u of %u", st->page, pages);
    if (st->page < pages) {
        url.len = 0;
        state_url(&url, st, NULL, NULL, st->page + 1);
        sb_adds(sb, " <a rel=\"next\" href=\"");
        html_add(sb, url.buf);
        sb_adds(sb, "\">next →</a>");
    }
    sb_adds(sb, "</nav>\n");
    sb_free(&url);
}

void page_search(const request *r, reply *rep)
{
    page_state st;
    char errbuf[1024];
    if (state_read(r, &st, errbuf, sizeof errbuf) != 0) {
        page_error(rep, 400, errbuf);
        state_free(&st);
        return;
    }
    searcher *s = page_searcher(rep);
    if (!s) {
        state_free(&st);
        return;
    }
    char *query = state_query(&st);
    /* a page holds no more than SCRUTINY_MAX_LIMIT allows */
    unsigned per_page = PAGE_HITS < searcher_limits(s)->hits ? PAGE_HITS : searcher_limits(s)->hits;
    const char *facets[N_SIDEBAR];
    for (size_t k = 0; k < N_SIDEBAR; k++)
        facets[k] = sidebar[k][0];
    search_request req = {
        .query = query,
        .level = LEVEL_DOCUMENT,
        .sort = (search_sort)search_sort_parse(st.sort),
        .offset = (st.page - 1) * per_page,
        .limit = per_page,
        .facets = facets,
        .n_facets = N_SIDEBAR,
        .snippet_bytes = 300,
        .hi_start = MARK_START_S,
        .hi_end = MARK_END_S,
    };
    search_result res;
    scr_error err;
    scr_status rc = searcher_run(s, &req, &res, &err);
    if (rc != SCR_OK) {
        page_error(rep, http_status_of(rc), err.message);
        free(query);
        state_free(&st);
        return;
    }
    strbuf *sb = &rep->body;
    page_begin(sb, *st.q ? st.q : "Search", &st);
    sb_adds(sb, "<div class=\"layout\">\n");
    html_sidebar(sb, &st, &res);
    sb_adds(sb, "<div>\n<p class=\"total\" id=\"total\">");
    sb_addf(sb, "%s%u document%s", res.exact ? "" : "about ", res.total,
            res.total == 1 ? "" : "s");
    if (res.partial)
        sb_adds(sb, " (the search stopped at its time limit: not all are counted)");
    sb_adds(sb, "</p>\n");
    if (res.suggestion) {
        page_state alt = st;
        alt.q = res.suggestion;
        strbuf url;
        sb_init(&url);
        state_url(&url, &alt, NULL, NULL, 1);
        sb_adds(sb, "<p>Did you mean <a href=\"");
        html_add(sb, url.buf);
        sb_adds(sb, "\">");
        html_add(sb, res.suggestion);
        sb_adds(sb, "</a>?</p>\n");
        sb_free(&url);
    }
    html_sort_and_paging(sb, &st, res.total, per_page, 1);
    html_results(sb, &res, req.offset);
    html_sort_and_paging(sb, &st, res.total, per_page, 0);
    sb_adds(sb, "</div>\n</div>\n");
    page_end(sb);
    search_result_free(&res);
    free(query);
    state_free(&st);
}

/* url: the like page of similar's page. */
static void like_url(strbuf *url, const char *similar, unsigned page)
{
    url->len = 0;
    sb_adds(url, "/like?similar=");
    url_add(url, similar);
    sb_addf(url, "&page=%u", page);
}

/* The like page's links to its previous and next pages. */
static void like_paging(strbuf *sb, const char *similar, unsigned page, unsigned pages)
{
    if (pages < 1 || (pages == 1 && page == 1))
        return;
    strbuf url;
    sb_init(&url);
    sb_adds(sb, "<nav class=\"paging\">");
    if (page > pages) { /* as the search page */
        like_url(&url, similar, pages);
        past_the_last(sb, url.buf, page, pages);
        sb_free(&url);
        return;
    }
    for (int next = 0; next < 2; next++) {
        unsigned to = next ? page + 1 : page - 1;
        if (next)
            sb_addf(sb, "page %u of %u", page, pages);
        if (to < 1 || to > pages)
            continue;
        like_url(&url, similar, to);
        sb_addf(sb, "%s<a rel=\"%s\" href=\"", next ? " " : "", next ? "next" : "prev");
        html_add(sb, url.buf);
        sb_adds(sb, next ? "\">next →</a>" : "\">← previous</a>");
    }
    sb_free(&url);
    sb_adds(sb, "</nav>\n");
}

void page_like(const request *r, reply *rep)
{
    const char *similar = page_need_arg(r, rep, "similar", "similar= names the passage to compare with");
    if (similar && search_source_ref_bad(similar)) { /* as the API: a request's mistake */
        page_error(rep, 400, "similar= names a document (a file, an id or a docid), with @N "
                             "for its passage N");
        return;
    }
    searcher *s = similar ? page_searcher(rep) : NULL;
    if (!s)
        return;
    /* pages of 20, no larger than SCRUTINY_MAX_LIMIT allows */
    unsigned per_page = searcher_limits(s)->hits < 20 ? searcher_limits(s)->hits : 20, page;
    char errbuf[256];
    if (req_uint(r, "page", 1, 10000, &page, errbuf, sizeof errbuf) != 0 || page == 0) {
        page_error(rep, 400, "page needs a whole number from 1 to 10000");
        return;
    }
    search_request req = {.query = "", .level = LEVEL_DOCUMENT, .limit = per_page,
                          .offset = (page - 1) * per_page, .snippet_bytes = 300,
                          .hi_start = MARK_START_S, .hi_end = MARK_END_S};
    search_result res;
    scr_error err;
    scr_status st = searcher_like(s, &req, NULL, similar, 0, &res, &err);
    if (st != SCR_OK) {
        page_error(rep, http_status_of(st), err.message);
        return;
    }
    strbuf *sb = &rep->body;
    page_begin(sb, "Similar recommendations", NULL);
    sb_adds(sb, "<h1>Similar recommendations to other authorities</h1>\n<p>Like <a href=\"/show?id=");
    url_add(sb, similar);
    sb_adds(sb, "\">");
    html_add(sb, similar);
    /* the total is every document that shares a word with it, not a count
     * of like cases: said so, lest it be quoted as one */
    sb_addf(sb, "</a>: the closest first (%u documents of other authorities share a word "
                "with it).</p>\n",
            res.total);
    html_results(sb, &res, 0);
    like_paging(sb, similar, page, (res.total + per_page - 1) / per_page);
    page_end(sb);
    search_result_free(&res);
}
