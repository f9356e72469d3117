/* heatmap.c: SVG heatmaps. */
#include "heatmap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "page.h"
#include "schema.h"

#define LABEL_W 220 /* row labels */
#define HEAD_H 120  /* column labels, turned */
#define CELL_W 24
#define CELL_H 20

/* The link of a cell: the page's search (base: its query, filters and
 * years) with both values as filters. */
static void cell_url(strbuf *sb, const matrix_table *t, const page_state *base, const char *row,
                     const char *col)
{
    page_state st = *base;
    sl_init(&st.filters);
    for (size_t i = 0; i < base->filters.len; i++)
        sl_push(&st.filters, base->filters.items[i]);
    strbuf f;
    sb_init(&f);
    sb_addf(&f, "%s:%s", t->facet_a, row);
    if (!sl_contains(&st.filters, f.buf))
        sl_push(&st.filters, f.buf);
    f.len = 0;
    sb_addf(&f, "%s:%s", t->facet_b, col);
    if (!sl_contains(&st.filters, f.buf))
        sl_push(&st.filters, f.buf);
    sb_free(&f);
    strbuf url;
    sb_init(&url);
    state_url(&url, &st, NULL, "relevance", 1);
    html_add(sb, url.buf);
    sb_free(&url);
    sl_free(&st.filters);
}

void heatmap_svg(strbuf *sb, const matrix_table *t, const page_state *base, size_t max_rows,
                 size_t max_cols, const char *title)
{
    size_t nr = t->n_rows < max_rows ? t->n_rows : max_rows;
    size_t nc = t->n_cols < max_cols ? t->n_cols : max_cols;
    /* years come in order (matrix_table_build): the latest, if too many */
    const matrix_total *cols = t->cols + (t->n_cols > nc && schema_facet_find(t->facet_b) &&
                                                  schema_facet_find(t->facet_b)->in_order
                                              ? t->n_cols - nc
                                              : 0);
    unsigned max = 1;
    for (size_t i = 0; i < nr; i++)
        for (size_t j = 0; j < nc; j++) {
            unsigned n = matrix_table_count(t, t->rows[i].value, cols[j].value);
            max = n > max ? n : max;
        }
    /* the last column's turned label stands out to the right */
    unsigned w = LABEL_W + (unsigned)nc * CELL_W + 90, h = HEAD_H + (unsigned)nr * CELL_H + 10;
    sb_addf(sb, "<div class=\"scroll\"><svg class=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\" "
                "width=\"%u\" height=\"%u\" viewBox=\"0 0 %u %u\" role=\"img\" "
                "font-family=\"system-ui,sans-serif\" font-size=\"11\"><title>", w, h, w, h);
    html_add(sb, title);
    sb_adds(sb, "</title>\n");
    for (size_t j = 0; j < nc; j++) {
        unsigned x = LABEL_W + (unsigned)j * CELL_W + CELL_W / 2;
        sb_addf(sb, "<text transform=\"translate(%u,%u) rotate(-60)\">", x, HEAD_H - 4);
        html_add(sb, cols[j].value);
        sb_adds(sb, "</text>\n");
    }
    for (size_t i = 0; i < nr; i++) {
        unsigned y = HEAD_H + (unsigned)i * CELL_H;
        sb_addf(sb, "<text x=\"%u\" y=\"%u\" text-anchor=\"end\">", LABEL_W - 6,
                y + CELL_H - 6);
        html_add(sb, t->rows[i].value);
        sb_adds(sb, "</text>\n");
        for (size_t j = 0; j < nc; j++) {
            unsigned n = matrix_table_count(t, t->rows[i].value, cols[j].value);
            unsigned x = LABEL_W + (unsigned)j * CELL_W;
            if (!n) {
                sb_addf(sb, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" "
                            "fill=\"#f6f8fa\" stroke=\"#ffffff\"/>\n", x, y, CELL_W, CELL_H);
                continue;
            }
            /* darker with more documents; a square root lets a few show */
            double f = sqrt((double)n / max);
            int red = (int)(235 - f * 224), green = (int)(242 - f * 181), blue = (int)(250 - f * 77);
            sb_adds(sb, "<a href=\"");
            cell_url(sb, t, base, t->rows[i].value, cols[j].value);
            sb_addf(sb, "\"><rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" "
                        "fill=\"rgb(%d,%d,%d)\" stroke=\"#ffffff\"><title>", x, y, CELL_W,
                    CELL_H, red, green, blue);
            html_add(sb, t->rows[i].value);
            sb_adds(sb, " × ");
            html_add(sb, cols[j].value);
            sb_addf(sb, ": %u document%s</title></rect><text x=\"%u\" y=\"%u\" "
                        "text-anchor=\"middle\" fill=\"%s\" pointer-events=\"none\">%u</text></a>\n",
                    n, n == 1 ? "" : "s", x + CELL_W / 2, y + CELL_H - 6,
                    f > 0.55 ? "#ffffff" : "#1b1f24", n);
        }
    }
    sb_adds(sb, "</svg></div>\n");
}
