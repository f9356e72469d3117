/* extract_pdf.c: PDF pages through poppler-glib, in reading order. */
#include <glib.h>
#include <poppler.h>
#include <stdio.h>
#include <string.h>

#include "extract.h"
#include "util.h"

int extract_pdf(const char *data, size_t len, strlist *pages, char **title, char *errbuf,
                size_t errlen)
{
    GError *error = NULL;
    GBytes *bytes = g_bytes_new_static(data, len);
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &error);
    if (!doc) {
        if (error && error->domain == POPPLER_ERROR && error->code == POPPLER_ERROR_ENCRYPTED)
            snprintf(errbuf, errlen, "encrypted PDF (needs a password)");
        else
            snprintf(errbuf, errlen, "not a readable PDF: %s",
                     error ? error->message : "unknown error");
        if (error)
            g_error_free(error);
        g_bytes_unref(bytes);
        return -1;
    }
    int n = poppler_document_get_n_pages(doc);
    size_t total = 0;
    int rc = 0;
    if (n > EXTRACT_MAX_PAGES) {
        snprintf(errbuf, errlen, "a PDF of %d pages: more than the %d a document may have",
                 n, EXTRACT_MAX_PAGES);
        n = 0;
        rc = -1;
    }
    for (int i = 0; i < n; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        if (!page)
            continue;
        char *text = poppler_page_get_text(page);
        if (text) {
            total += strlen(text);
            if (total > EXTRACT_MAX_BYTES) {
                snprintf(errbuf, errlen, "PDF text larger than %u MiB", EXTRACT_MAX_BYTES >> 20);
                rc = -1;
            } else {
                sl_push(pages, text);
            }
            g_free(text);
        }
        g_object_unref(page);
        if (rc)
            break;
    }
    char *t = poppler_document_get_title(doc);
    if (t && *t && title && !*title)
        *title = xstrdup(t);
    g_free(t);
    g_object_unref(doc);
    g_bytes_unref(bytes);
    if (rc == 0 && n == 0) {
        snprintf(errbuf, errlen, "PDF has no pages");
        rc = -1;
    }
    return rc;
}
