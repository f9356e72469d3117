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

#include "status.h"
#include "util.h"

/* The most text one document may have (zip bombs, huge PDFs, text files):
 * indexing costs about 15 times the text in memory (Xapian holds a file's
 * postings until its transaction commits), so 16 MiB stays near 250 MB;
 * a report of a thousand pages has about 3 MB. */
#define EXTRACT_MAX_BYTES (16u << 20)
/* The most pages one document may have: poppler keeps every page it has
 * opened (a million empty pages took 1.2 GB); a text file's form feeds
 * after this many are blank lines, not page breaks. */
#define EXTRACT_MAX_PAGES 10000

/* Each adds the file's pages of text to pages (and its own title to
 * *title when not yet set); SCR_ERR_INPUT or SCR_ERR_LIMIT with the
 * reason, which the caller prefixes with the file's name. */
MUST_CHECK scr_status extract_pdf(const char *data, size_t len, strlist *pages, char **title,
                                  scr_error *err);
MUST_CHECK scr_status extract_html(const char *data, size_t len, strlist *pages, char **title,
                                   scr_error *err);
MUST_CHECK scr_status extract_docx(const char *data, size_t len, strlist *pages, char **title,
                                   scr_error *err);

/* Turns colour management off in this process, once, for extract_pdf
 * (pdf_colour.c: it was most of the time reading real PDFs). */
void pdf_colour_off(void);

#endif
