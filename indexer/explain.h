/* explain.h: scrutiny-index --explain: what would be stored for a file,
 * and why, without touching any database. */
#ifndef SCRUTINY_EXPLAIN_H
#define SCRUTINY_EXPLAIN_H

#include <stdio.h>

#include "document.h"

void explain_text(FILE *out, const built_doc *d);
/* One JSON object per file, on one line (ndjson when several). */
void explain_json(FILE *out, const built_doc *d);
/* One line per document (a file, each item of a pack): file (the item's
 * id), title, authorities (';'), publisher ('+'), type, date, confidence;
 * the header line names the columns. */
void explain_tsv_header(FILE *out);
void explain_tsv(FILE *out, const built_doc *d);

#endif
