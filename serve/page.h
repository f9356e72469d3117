/* page.h: what the HTML pages share: their frame, the state a search page
 * carries in its URL (query, filters, year range, sort, page) and the
 * list of results. */
#ifndef SCRUTINY_SERVE_PAGE_H
#define SCRUTINY_SERVE_PAGE_H

#include "http.h"
#include "search.h"
#include "util.h"

/* Marks the library puts around matched words in snippets: bytes that
 * never occur in indexed text, turned into <mark> by html_add_marked. */
#define MARK_START '\x01'
#define MARK_END '\x02'
#define MARK_START_S "\x01"
#define MARK_END_S "\x02"

/* A search page's state, from its arguments. */
typedef struct page_state {
    const char *q;      /* what the user typed, query language and all */
    strlist filters;    /* "facet:value", each a link in the sidebar */
    const char *from, *to; /* year range, may be NULL */
    const char *sort;   /* relevance, date or -date */
    unsigned page;      /* 1-based */
} page_state;

/* Reads r's arguments; -1 with the reason in errbuf. */
int state_read(const request *r, page_state *st, char *errbuf, size_t errlen);
void state_free(page_state *st);
/* The query the state asks the library for: q with each filter and the
 * year range in the query language.  malloc()ed. */
char *state_query(const page_state *st);
/* The URL of the search page for st, with filter toggled (added, or
 * removed when there), sort and page changed when not NULL / not 0. */
void state_url(strbuf *sb, const page_state *st, const char *toggle, const char *sort,
               unsigned page);
/* The same at another page (path: "/themes"), which takes the query, the
 * filters and the year range (sort: NULL and page: 0 for none). */
void state_url_at(strbuf *sb, const char *path, const page_state *st, const char *toggle,
                  const char *sort, unsigned page);
int state_has_filter(const page_state *st, const char *filter);

/* This thread's searcher for a page, or NULL after an error page (503). */
searcher *page_searcher(reply *rep);
/* The argument name a page needs, or NULL after an error page (400)
 * saying why (missing says what it is for). */
const char *page_need_arg(const request *r, reply *rep, const char *name, const char *missing);

/* The frame of every page: head, header with the search box, and end. */
void page_begin(strbuf *sb, const char *title, const page_state *st);
void page_end(strbuf *sb);

/* Hits as an ordered list: title (a link to the document), authorities,
 * type, date, the heading path and the best passage with its matched
 * words marked, and the link to similar recommendations. */
void html_results(strbuf *sb, const search_result *res, unsigned offset);
/* The link to recommendations like passage id@passage elsewhere. */
void html_similar_link(strbuf *sb, const char *id, json_int_t passage);
/* Whether a passage of kind is a recommendation of some sort. */
int kind_recommends(const char *kind);

#endif
