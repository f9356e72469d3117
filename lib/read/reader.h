/* reader.h: turns a source file into clean, block-structured text (see
 * cleanup.h): format detection, extraction, Unicode normalisation and
 * clean-up.  Knows formats, nothing about councils or Xapian. */
#ifndef SCRUTINY_READER_H
#define SCRUTINY_READER_H

#include <stddef.h>

#include "docformat.h"
#include "status.h"

/* Largest file read whole (a PDF's images make it large); larger ones are
 * refused before they are read. */
#define READER_MAX_BYTES (256u << 20)
/* Largest HTML file: libxml2's tree of a page nested thousands deep takes
 * about 30 times the page. */
#define READER_MAX_HTML_BYTES (8u << 20)

/* The most bytes a file of format f may have: a text or Markdown file's
 * bytes are its text (EXTRACT_MAX_BYTES). */
size_t reader_max_bytes(doc_format f);
/* The same judged by path's name, to refuse a file before reading it. */
size_t reader_max_bytes_named(const char *path);
/* SCR_ERR_LIMIT, with a line naming the limit, when size bytes are over
 * max for path; else SCR_OK. */
MUST_CHECK scr_status reader_too_large(const char *path, double size, size_t max,
                                       scr_error *err);

/* Whether path's name suggests a document we read (.txt, .md, .pdf,
 * .html, .htm, .docx).  Directory walks use it to pass over images and
 * the like without opening them; the format itself is decided by content. */
int reader_wanted(const char *path);

typedef struct reader_text {
    doc_format format;
    char *text;     /* clean UTF-8 (cleanup.h), malloc()ed */
    size_t len;
    size_t invalid; /* invalid UTF-8 sequences replaced by U+FFFD */
    size_t pages;   /* pages of a PDF (or form-feed pages of text), else 1 */
    char *title;    /* the file's own title (PDF info, HTML <title>), or NULL */
} reader_text;

/* Reads path.  SCR_ERR_IO, SCR_ERR_INPUT or SCR_ERR_LIMIT with a
 * one-line reason (the file cannot be read, is not a format we know, is
 * empty, is corrupt, is too large...). */
MUST_CHECK scr_status reader_load(const char *path, reader_text *out, scr_error *err);
/* Reads from memory, for tests and fuzzers; path only names the file. */
MUST_CHECK scr_status reader_parse(const char *path, const char *data, size_t len,
                                   reader_text *out, scr_error *err);
void reader_text_free(reader_text *t);

#endif
