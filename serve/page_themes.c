/* page_themes.c: recurring themes: theme by authority and theme by year,
 * each a heatmap whose cells link to their searches. */
#include <stdio.h>
#include <stdlib.h>

#include "escape.h"
#include "handles.h"
#include "heatmap.h"
#include "page.h"

#define MAX_ROWS 60u
#define MAX_AUTHORITIES 40u
#define MAX_YEARS 40u

void page_themes(const request *r, reply *rep)
{
    page_state st;
    char errbuf[512];
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
    char *q = state_query(&st); /* the search's query, filters and years */
    matrix_table by_auth = {0}, by_year = {0};
    scr_error err;
    int failed = matrix_table_build(s, q, "theme", "authority", &by_auth, &err) != SCR_OK ||
                 matrix_table_build(s, q, "theme", "year", &by_year, &err) != SCR_OK;
    if (failed) {
        page_error(rep, 400, err.message);
    } else {
        strbuf *sb = &rep->body;
        page_begin(sb, "Recurring themes", &st);
        sb_adds(sb, "<h1>Recurring themes</h1>\n<p>");
        sb_addf(sb, "%ld document%s", by_auth.documents, by_auth.documents == 1 ? "" : "s");
        if (*q) {
            sb_adds(sb, " matching <q>");
            html_add(sb, q);
            sb_adds(sb, "</q>");
        }
        sb_adds(sb, ". Each cell counts documents; it links to them. <a href=\"");
        strbuf back;
        sb_init(&back);
        state_url(&back, &st, NULL, "relevance", 1);
        html_add(sb, back.buf);
        sb_free(&back);
        sb_adds(sb, "\">Back to the search</a>.</p>\n<h2>Theme by authority</h2>\n");
        if (by_auth.n_cols > MAX_AUTHORITIES)
            sb_addf(sb, "<p>The %u authorities with most documents of %zu.</p>\n",
                    MAX_AUTHORITIES, by_auth.n_cols);
        heatmap_svg(sb, &by_auth, &st, MAX_ROWS, MAX_AUTHORITIES, "Theme by authority");
        sb_adds(sb, "<h2>Theme by year</h2>\n");
        if (by_year.n_cols > MAX_YEARS)
            sb_addf(sb, "<p>The latest %u years of %zu.</p>\n", MAX_YEARS, by_year.n_cols);
        heatmap_svg(sb, &by_year, &st, MAX_ROWS, MAX_YEARS, "Theme by year");
        page_end(sb);
    }
    free(q);
    state_free(&st);
    matrix_table_free(&by_auth);
    matrix_table_free(&by_year);
}
