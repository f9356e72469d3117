/* docformat.h: what kind of file this is (DOC_*; the FORMAT_* of
 * query/options.h are output formats), decided by its bytes first and its
 * name only to tell Markdown from plain text. */
#ifndef SCRUTINY_DOCFORMAT_H
#define SCRUTINY_DOCFORMAT_H

#include <stddef.h>

typedef enum doc_format {
    DOC_TEXT,
    DOC_MARKDOWN,
    DOC_PDF,
    DOC_HTML,
    DOC_DOCX,
    DOC_ZIP,    /* a zip archive that is not a Word document */
    DOC_BINARY, /* anything else that is not text */
} doc_format;

/* "text", "markdown", "pdf", "html", "docx", "zip", "binary". */
const char *format_name(doc_format f);

/* Decides from the first bytes of the file (head, n) and, for text, the
 * name.  A zip is a DOCX when it holds word/document.xml: pass the whole
 * file so that the central directory can be seen. */
doc_format format_detect(const char *path, const char *data, size_t n);

#endif
