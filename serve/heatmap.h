/* heatmap.h: a cross-tabulation drawn as an SVG heatmap, server-side:
 * each cell a link to the search for its two values. */
#ifndef SCRUTINY_SERVE_HEATMAP_H
#define SCRUTINY_SERVE_HEATMAP_H

#include "matrix-table.h"
#include "page.h"
#include "util.h"

/* Draws t (rows by t->facet_a, columns by t->facet_b) into sb: at most
 * max_rows rows and max_cols columns, in the table's order (the most
 * documents first; years in order, the latest kept).  base is the search
 * t counted (query, filters, years): a cell links to it with the cell's
 * two values added as filters. */
void heatmap_svg(strbuf *sb, const matrix_table *t, const page_state *base, size_t max_rows,
                 size_t max_cols, const char *title);

#endif
