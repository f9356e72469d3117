/* explain.h: scrutiny-index --explain: what would be stored for a file,
 * and why, without touching any database. */
#ifndef SCRUTINY_EXPLAIN_H
#define SCRUTINY_EXPLAIN_H

#include <stdio.h>

#include "document.h"

void explain_text(FILE *out, const built_doc *d);
/* One JSON object per file, on one line (ndjson when several). */
void explain_json(FILE *out, const built_doc *d);

#endif
