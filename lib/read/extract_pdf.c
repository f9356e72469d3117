/* extract_pdf.c: PDF pages through poppler-glib, in reading order. */
#include <glib.h>
#include <poppler.h>
#include <stdio.h>
#include <string.h>

#include "extract.h"
#include "util.h"

scr_status extract_pdf(const char *data, size_t len, strlist *pages, char **title,
                       scr_error *err)
{
    GError *error = NULL;
    pdf_colour_off(); /* text needs no colours */
    GBytes *bytes = g_bytes_new_static(data, len);
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &error);
    if (!doc) {
        scr_status rc;
        if (error && error->domain == POPPLER_ERROR && error->code == POPPLER_ERROR_ENCRYPTED)
            rc = scr_fail(err, SCR_ERR_INPUT, "encrypted PDF (needs a password)");
        else
            rc = scr_fail(err, SCR_ERR_INPUT, "not a readable PDF: %s",
                          error ? error->message : "unknown error");
        if (error)
            g_error_free(error);
        g_bytes_unref(bytes);
        return rc;
    }
    int n = poppler_document_get_n_pages(doc);
    size_t total = 0;
    scr_status rc = SCR_OK;
    if (n > EXTRACT_MAX_PAGES) {
        rc = scr_fail(err, SCR_ERR_LIMIT, "a PDF of %d pages: more than the %d a document may have",
                      n, EXTRACT_MAX_PAGES);
        n = 0;
    }
    for (int i = 0; i < n; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        if (!page)
            continue;
        char *text = poppler_page_get_text(page);
        if (text) {
            total += strlen(text);
            if (total > EXTRACT_MAX_BYTES) {
                rc = scr_fail(err, SCR_ERR_LIMIT, "PDF text larger than %u MiB",
                              EXTRACT_MAX_BYTES >> 20);
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
    if (rc == SCR_OK && n == 0)
        rc = scr_fail(err, SCR_ERR_INPUT, "PDF has no pages");
    return rc;
}
