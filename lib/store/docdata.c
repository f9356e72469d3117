/* docdata.c: see docdata.h. */
#include "docdata.h"

#include <stdlib.h>
#include <zstd.h>

#include "schema.h"
#include "util.h"

/* zstd's level 6: on the generated corpus's data, the size zlib's default
 * gives (3% smaller) at three times its speed; higher levels save 1-6%
 * at a half to a tenth of the speed. */
#define DOCDATA_LEVEL 6

/* A stored document's data is never this large (doc/limits.md caps a
 * file's text far below): a header claiming more is damage. */
#define DOCDATA_MAX ((unsigned long long)1 << 31)

xc_status docdata_set(xc_doc *doc, const char *data, size_t len, xc_error *err)
{
    size_t cap = ZSTD_compressBound(len);
    char *packed = xmalloc(cap);
    size_t n = ZSTD_compress(packed, cap, data, len, DOCDATA_LEVEL);
    xc_status st = ZSTD_isError(n)
                       ? scr_fail(err, XC_ERR_OTHER, "compressing a document's data: %s",
                                  ZSTD_getErrorName(n))
                       : xc_doc_set_value(doc, SLOT_DATA, packed, n, err);
    free(packed);
    return st;
}

xc_status docdata_get(xc_doc *doc, char **out, size_t *len, xc_error *err)
{
    char *packed = NULL;
    size_t n = 0;
    xc_status st = xc_doc_get_value(doc, SLOT_DATA, &packed, &n, err);
    if (st != XC_OK)
        return st;
    unsigned long long size = ZSTD_getFrameContentSize(packed, n);
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
        size >= DOCDATA_MAX) {
        free(packed);
        return scr_fail(err, XC_ERR_CORRUPT, "a document's stored data is damaged (%zu bytes)",
                        n);
    }
    char *data = xmalloc((size_t)size + 1);
    size_t got = ZSTD_decompress(data, (size_t)size, packed, n);
    free(packed);
    if (ZSTD_isError(got) || got != size) {
        free(data);
        return scr_fail(err, XC_ERR_CORRUPT, "a document's stored data is damaged: %s",
                        ZSTD_isError(got) ? ZSTD_getErrorName(got) : "short");
    }
    data[got] = '\0';
    *out = data;
    if (len)
        *len = got;
    return XC_OK;
}
