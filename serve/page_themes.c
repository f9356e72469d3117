/* page_themes.c: recurring themes: theme by authority and theme by year,
 * each a heatmap whose cells link to their searches. */
#include <stdio.h>

#include "escape.h"
#include "handles.h"
#include "heatmap.h"
#include "page.h"

#define MAX_ROWS 60u
#define MAX_AUTHORITIES 40u
#define MAX_YEARS 40u

void page_themes(const request *r, reply *rep)
{
    const char *bad = NULL, *q = req_arg(r, "q", &bad);
    if (bad) {
        page_error(rep, 400, bad);
        return;
    }
    q = q ? q : "";
    searcher *s = page_searcher(rep);
    if (!s)
        return;
    matrix_table by_auth = {0}, by_year = {0};
    scr_error err;
    int failed = matrix_table_build(s, q, "theme", "authority", &by_auth, &err) != SCR_OK ||
                 matrix_table_build(s, q, "theme", "year", &by_year, &err) != SCR_OK;
    if (failed) {
        page_error(rep, 400, err.message);
    } else {
        page_state st = {.q = q, .sort = "relevance", .page = 1};
        sl_init(&st.filters);
        strbuf *sb = &rep->body;
        page_begin(sb, "Recurring themes", &st);
        sb_adds(sb, "<h1>Recurring themes</h1>\n<p>");
        sb_addf(sb, "%ld document%s", by_auth.documents, by_auth.documents == 1 ? "" : "s");
        if (*q) {
            sb_adds(sb, " matching <q>");
            html_add(sb, q);
            sb_adds(sb, "</q>");
        }
        sb_adds(sb, ". Each cell counts documents; it links to them.</p>\n"
                    "<h2>Theme by authority</h2>\n");
        if (by_auth.n_cols > MAX_AUTHORITIES)
            sb_addf(sb, "<p>The %u authorities with most documents of %zu.</p>\n",
                    MAX_AUTHORITIES, by_auth.n_cols);
        heatmap_svg(sb, &by_auth, q, MAX_ROWS, MAX_AUTHORITIES, 0, "Theme by authority");
        sb_adds(sb, "<h2>Theme by year</h2>\n");
        heatmap_svg(sb, &by_year, q, MAX_ROWS, MAX_YEARS, 1, "Theme by year");
        page_end(sb);
        sl_free(&st.filters);
    }
    matrix_table_free(&by_auth);
    matrix_table_free(&by_year);
}
