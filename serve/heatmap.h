/* heatmap.h: a cross-tabulation drawn as an SVG heatmap, server-side:
 * each cell a link to the search for its two values. */
#ifndef SCRUTINY_SERVE_HEATMAP_H
#define SCRUTINY_SERVE_HEATMAP_H

#include "matrix-table.h"
#include "util.h"

/* Draws t (rows by t->facet_a, columns by t->facet_b) into sb: at most
 * max_rows rows and max_cols columns, the most documents first, columns
 * in value order when by_value (years).  query is what t counted. */
void heatmap_svg(strbuf *sb, const matrix_table *t, const char *query, size_t max_rows,
                 size_t max_cols, int by_value, const char *title);

#endif
