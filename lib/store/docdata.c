/* docdata.c: see docdata.h. */
#include "docdata.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
/* the buffer-less decompression (ZSTD_decompressContinue) is in zstd.h's
 * advanced section, exported by Debian's libzstd */
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

#include "docdict.h"
#include "schema.h"
#include "util.h"

/* The frame is cut into blocks of this much data (a flush each), so that
 * a hit's reader can stop at its passage: it decompresses a block at a
 * time (docdata_get_lines).  The blocks share the frame's history, so the
 * cost is their headers and tables (doc/performance.md has the sizes). */
#define DOCDATA_BLOCK 8192

/* A stored document's data is never this large (doc/limits.md caps a
 * file's text far below): a header claiming more is damage. */
#define DOCDATA_MAX ((unsigned long long)1 << 31)

xc_status docdata_set(xc_doc *doc, const char *data, size_t len, const docdict *dict,
                      xc_error *err)
{
    ZSTD_CCtx *cc = xcheck(ZSTD_createCCtx());
    size_t cap = ZSTD_compressBound(len), r = 0;
    char *packed = xmalloc(cap);
    ZSTD_outBuffer out = {packed, cap, 0};
    r = dict ? ZSTD_CCtx_refCDict(cc, docdict_cdict(dict)) /* its level too */
             : ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, DOCDATA_LEVEL);
    /* the dictionary's tables read where they are: zstd would otherwise
     * copy them into the context for each document over a few kilobytes */
    if (dict && !ZSTD_isError(r))
        r = ZSTD_CCtx_setParameter(cc, ZSTD_c_forceAttachDict, ZSTD_dictForceAttach);
    if (!ZSTD_isError(r)) /* the size in the header: the reader checks it */
        r = ZSTD_CCtx_setPledgedSrcSize(cc, len);
    for (size_t at = 0; !ZSTD_isError(r);) {
        size_t n = len - at < DOCDATA_BLOCK ? len - at : DOCDATA_BLOCK;
        ZSTD_inBuffer in = {data + at, n, 0};
        ZSTD_EndDirective how = at + n == len ? ZSTD_e_end : ZSTD_e_flush;
        do /* until this piece is in and flushed (0 left) */
            r = ZSTD_compressStream2(cc, &out, &in, how);
        while (!ZSTD_isError(r) && r > 0);
        at += n;
        if (how == ZSTD_e_end)
            break;
    }
    ZSTD_freeCCtx(cc);
    xc_status st = ZSTD_isError(r)
                       ? scr_fail(err, XC_ERR_OTHER, "compressing a document's data: %s",
                                  ZSTD_getErrorName(r))
                       : xc_doc_set_value(doc, SLOT_DATA, packed, out.pos, err);
    free(packed);
    return st;
}

/* Each thread's decompression context, made by its first read and freed
 * when the thread ends: making one for each document (ZSTD_createDCtx
 * allocates and clears its tables) was 3% of scrutiny-serve's time. */
static pthread_key_t dctx_key;
static pthread_once_t dctx_once = PTHREAD_ONCE_INIT;

static void dctx_free(void *dc) { ZSTD_freeDCtx(dc); }
static void dctx_key_make(void)
{
    if (pthread_key_create(&dctx_key, dctx_free) != 0)
        xcheck(NULL);
}

static ZSTD_DCtx *thread_dctx(void)
{
    pthread_once(&dctx_once, dctx_key_make);
    ZSTD_DCtx *dc = pthread_getspecific(dctx_key);
    if (!dc) {
        dc = xcheck(ZSTD_createDCtx());
        if (pthread_setspecific(dctx_key, dc) != 0)
            xcheck(NULL);
    }
    return dc;
}

/* Decompresses doc's data until it holds lines + 1 whole lines (all of it
 * when lines is (size_t)-1).  zstd's buffer-less API decodes each block
 * straight into data, where the blocks before it are the history it
 * needs: ZSTD_decompressStream, asked for a block at a time, decoded into
 * a buffer of its own and took 40% more instructions a byte. */
static xc_status get_upto(xc_doc *doc, size_t lines, char **out, size_t *len, xc_error *err)
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
    /* made with a dictionary: one the database holds (docdict_register) */
    unsigned dict_id = ZSTD_getDictID_fromFrame(packed, n);
    const ZSTD_DDict *dict = dict_id ? docdict_ddict(dict_id) : NULL;
    if (dict_id && !dict) {
        free(packed);
        return scr_fail(err, XC_ERR_CORRUPT,
                        "a document's stored data needs zstd dictionary %08x, which the "
                        "database does not hold",
                        dict_id);
    }
    char *data = xmalloc((size_t)size + 1);
    ZSTD_DCtx *dc = thread_dctx(); /* begun anew: nothing of the last frame stays */
    size_t r = dict ? ZSTD_decompressBegin_usingDDict(dc, dict) : ZSTD_decompressBegin(dc);
    size_t in = 0, pos = 0, seen = 0; /* newlines in data[0..pos) */
    const char *why = NULL;
    int ended = 0;
    while (!ZSTD_isError(r) && (lines == (size_t)-1 || seen <= lines)) {
        size_t want = ZSTD_nextSrcSizeToDecompress(dc);
        if (want == 0) { /* the frame's end */
            ended = 1;
            break;
        }
        if (want > n - in) {
            why = "short";
            break;
        }
        r = ZSTD_decompressContinue(dc, data + pos, (size_t)size - pos, packed + in, want);
        if (ZSTD_isError(r))
            break;
        in += want;
        for (const char *p = data + pos; lines != (size_t)-1 && p < data + pos + r;) {
            const char *nl = memchr(p, '\n', (size_t)(data + pos + r - p));
            if (!nl)
                break;
            seen++;
            p = nl + 1;
        }
        pos += r;
    }
    free(packed);
    if (!ZSTD_isError(r) && !why && ended && pos != size)
        why = "shorter than its header says";
    if (ZSTD_isError(r) || why) {
        free(data);
        return scr_fail(err, XC_ERR_CORRUPT, "a document's stored data is damaged: %s",
                        ZSTD_isError(r) ? ZSTD_getErrorName(r) : why);
    }
    data[pos] = '\0';
    *out = data;
    if (len)
        *len = pos;
    return XC_OK;
}

xc_status docdata_get(xc_doc *doc, char **out, size_t *len, xc_error *err)
{
    return get_upto(doc, (size_t)-1, out, len, err);
}

xc_status docdata_get_lines(xc_doc *doc, size_t lines, char **out, size_t *len, xc_error *err)
{
    return get_upto(doc, lines, out, len, err);
}
