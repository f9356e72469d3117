/* cleanup.h: undoes what PDF extraction does to prose.
 *
 * cleanup_pages() drops running headers, footers and page numbers (lines
 * repeated at the top or bottom of many pages).  cleanup_text() rejoins
 * words hyphenated across lines and lines broken inside a sentence or a
 * page, and turns bullets into list items, giving one block per line with
 * a blank line between blocks:
 *   "# Heading" (markdown headings kept), "**Bold line**", "• list item",
 *   or a paragraph. */
#ifndef SCRUTINY_CLEANUP_H
#define SCRUTINY_CLEANUP_H

#include "util.h"

/* Removes repeated header/footer lines and page numbers, in place. */
void cleanup_pages(strlist *pages);

/* The cleaned text, malloc()ed.  Input must be valid UTF-8 (normalised). */
char *cleanup_text(const char *text);

#endif
