/* reader.c: see reader.h. */
#include "reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cleanup.h"
#include "extract.h"
#include "normalise.h"
#include "util.h"

int reader_wanted(const char *path)
{
    static const char *const exts[] = {".txt", ".md", ".markdown", ".pdf", ".html",
                                       ".htm", ".docx", NULL};
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return 0;
    for (size_t i = 0; exts[i]; i++)
        if (strcasecmp(dot, exts[i]) == 0)
            return 1;
    return 0;
}

static int is_text_name(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot && (strcasecmp(dot, ".txt") == 0 || strcasecmp(dot, ".md") == 0 ||
                   strcasecmp(dot, ".markdown") == 0);
}

size_t reader_max_bytes(doc_format f)
{
    switch (f) {
    case DOC_TEXT:
    case DOC_MARKDOWN:
        return EXTRACT_MAX_BYTES;
    case DOC_HTML:
        return READER_MAX_HTML_BYTES;
    default:
        return READER_MAX_BYTES;
    }
}

size_t reader_max_bytes_named(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (is_text_name(path))
        return reader_max_bytes(DOC_TEXT);
    if (dot && (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0))
        return reader_max_bytes(DOC_HTML);
    return READER_MAX_BYTES;
}

int reader_too_large(const char *path, double size, size_t max, char *errbuf, size_t errlen)
{
    if (size <= (double)max)
        return 0;
    const char *dot = strrchr(path, '.');
    snprintf(errbuf, errlen, "%.1f MB: larger than the %zu MiB a %s file may be; not read "
             "(split it)", size / 1e6, max >> 20,
             max == READER_MAX_BYTES || !dot ? "document" : dot + 1);
    return 1;
}

/* Text files may carry form feeds from pdftotext: those are pages, up to
 * EXTRACT_MAX_PAGES of them. */
static void split_pages(const char *data, size_t len, strlist *pages)
{
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || (data[i] == '\f' && pages->len + 1 < EXTRACT_MAX_PAGES)) {
            char *page = xstrndup(data + start, i - start);
            if (i == len) /* the last page: its form feeds are not breaks */
                for (char *c = page; (c = strchr(c, '\f'));)
                    *c = '\n';
            sl_push(pages, page);
            free(page);
            start = i + 1;
        }
    }
}

int reader_parse(const char *path, const char *data, size_t len, reader_text *out,
                 char *errbuf, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (len == 0) {
        snprintf(errbuf, errlen, "empty file");
        return -1;
    }
    out->format = format_detect(path, data, len);
    if (reader_too_large(path, (double)len, reader_max_bytes(out->format), errbuf, errlen))
        return -1;
    strlist pages;
    sl_init(&pages);
    int rc = 0;
    switch (out->format) {
    case DOC_PDF:
        rc = extract_pdf(data, len, &pages, &out->title, errbuf, errlen);
        break;
    case DOC_HTML:
        rc = extract_html(data, len, &pages, &out->title, errbuf, errlen);
        break;
    case DOC_DOCX:
        rc = extract_docx(data, len, &pages, &out->title, errbuf, errlen);
        break;
    case DOC_TEXT:
    case DOC_MARKDOWN:
        split_pages(data, len, &pages);
        break;
    case DOC_ZIP:
        snprintf(errbuf, errlen, "a zip archive that is not a Word document: not indexed");
        rc = -1;
        break;
    case DOC_BINARY:
        snprintf(errbuf, errlen, "binary file (not text, PDF, HTML or DOCX): not indexed");
        rc = -1;
        break;
    }
    if (rc == 0) {
        out->pages = pages.len;
        cleanup_pages(&pages);
        strbuf joined;
        sb_init(&joined);
        for (size_t i = 0; i < pages.len; i++) {
            if (i)
                sb_adds(&joined, "\n\n");
            sb_adds(&joined, pages.items[i]);
        }
        sl_free(&pages); /* each copy goes as soon as the next is made */
        size_t nlen;
        char *norm = xcheck(norm_text(joined.buf ? joined.buf : "", joined.len, &nlen,
                                      &out->invalid));
        sb_free(&joined);
        out->text = cleanup_text(norm);
        out->len = strlen(out->text);
        free(norm);
        if (out->len == 0) {
            snprintf(errbuf, errlen, "no text in this %s file%s", format_name(out->format),
                     out->format == DOC_PDF ? " (scanned images need OCR first)" : "");
            rc = -1;
        }
    }
    sl_free(&pages);
    if (rc != 0)
        reader_text_free(out);
    return rc;
}

int reader_load(const char *path, reader_text *out, char *errbuf, size_t errlen)
{
    size_t len;
    size_t max = reader_max_bytes_named(path);
    char *raw = read_file(path, max, &len);
    if (!raw) {
        memset(out, 0, sizeof *out);
        if (errno == EFBIG)
            snprintf(errbuf, errlen, "larger than %zu MiB, not read", max >> 20);
        else
            snprintf(errbuf, errlen, "%s", strerror(errno));
        return -1;
    }
    int rc = reader_parse(path, raw, len, out, errbuf, errlen);
    free(raw);
    return rc;
}

void reader_text_free(reader_text *t)
{
    free(t->text);
    free(t->title);
    memset(t, 0, sizeof *t);
}
