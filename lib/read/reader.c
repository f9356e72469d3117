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

scr_status reader_too_large(const char *path, double size, size_t max, scr_error *err)
{
    if (size <= (double)max)
        return SCR_OK;
    const char *dot = strrchr(path, '.');
    return scr_fail(err, SCR_ERR_LIMIT, "%.1f MB: larger than the %zu MiB a %s file may be; "
                    "not read (split it)", size / 1e6, max >> 20,
                    max == READER_MAX_BYTES || !dot ? "document" : dot + 1);
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

scr_status reader_parse(const char *path, const char *data, size_t len, reader_text *out,
                        scr_error *err)
{
    memset(out, 0, sizeof *out);
    if (len == 0)
        return scr_fail(err, SCR_ERR_INPUT, "empty file");
    out->format = format_detect(path, data, len);
    scr_status rc = reader_too_large(path, (double)len, reader_max_bytes(out->format), err);
    if (rc != SCR_OK)
        return rc;
    strlist pages;
    sl_init(&pages);
    switch (out->format) {
    case DOC_PDF:
        rc = extract_pdf(data, len, &pages, &out->title, err);
        break;
    case DOC_HTML:
        rc = extract_html(data, len, &pages, &out->title, err);
        break;
    case DOC_DOCX:
        rc = extract_docx(data, len, &pages, &out->title, err);
        break;
    case DOC_TEXT:
    case DOC_MARKDOWN:
        split_pages(data, len, &pages);
        break;
    case DOC_ZIP:
        rc = scr_fail(err, SCR_ERR_INPUT, "a zip archive that is not a Word document: not indexed");
        break;
    case DOC_BINARY:
        /* a byte-order mark says which: not read, but said for what it is */
        rc = len >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') ||
                          (data[0] == '\xFE' && data[1] == '\xFF'))
                 ? scr_fail(err, SCR_ERR_INPUT, "UTF-16 text: not indexed (save it as UTF-8)")
                 : scr_fail(err, SCR_ERR_INPUT,
                            "binary file (not text, PDF, HTML or DOCX): not indexed");
        break;
    }
    if (rc == SCR_OK) {
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
        if (out->len == 0)
            rc = scr_fail(err, SCR_ERR_INPUT, "no text in this %s file%s",
                          format_name(out->format),
                          out->format == DOC_PDF ? " (scanned images need OCR first)" : "");
    }
    sl_free(&pages);
    if (rc != SCR_OK)
        reader_text_free(out);
    return rc;
}

scr_status reader_load(const char *path, reader_text *out, scr_error *err)
{
    size_t len;
    size_t max = reader_max_bytes_named(path);
    char *raw = read_file(path, max, &len);
    if (!raw) {
        memset(out, 0, sizeof *out);
        if (errno == EFBIG)
            return scr_fail(err, SCR_ERR_LIMIT, "larger than %zu MiB, not read", max >> 20);
        return scr_fail(err, SCR_ERR_IO, "%s", read_file_error(errno));
    }
    scr_status rc = reader_parse(path, raw, len, out, err);
    free(raw);
    return rc;
}

void reader_text_free(reader_text *t)
{
    free(t->text);
    free(t->title);
    memset(t, 0, sizeof *t);
}
