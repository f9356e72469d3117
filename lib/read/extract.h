/* extract.h: text out of PDF, HTML and Word files, through poppler-glib,
 * libxml2 and libzip.  Extractors know formats and nothing else.
 *
 * Each appends the document's text to `pages` (one string per PDF page;
 * one in all for HTML and DOCX), may set *title from the file's own
 * metadata (malloc()ed), and returns 0, or -1 with a one-line reason.
 * Structure is kept in the Markdown-like marks the segmenter reads: "# "
 * headings (more # for deeper levels), "• " list items, "**bold**" lines,
 * blank lines between paragraphs. */
#ifndef SCRUTINY_EXTRACT_H
#define SCRUTINY_EXTRACT_H

#include <stddef.h>

#include "util.h"

/* The most text one document may expand to (zip bombs, huge PDFs). */
#define EXTRACT_MAX_BYTES (64u << 20)

int extract_pdf(const char *data, size_t len, strlist *pages, char **title, char *errbuf,
                size_t errlen);
int extract_html(const char *data, size_t len, strlist *pages, char **title, char *errbuf,
                 size_t errlen);
int extract_docx(const char *data, size_t len, strlist *pages, char **title, char *errbuf,
                 size_t errlen);

#endif
