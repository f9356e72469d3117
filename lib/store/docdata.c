/* docdata.c: see docdata.h. */
#include "docdata.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL /* header only: no library to link */
#include <xxhash.h>
#include <zstd.h>

#include "schema.h"
#include "util.h"

/* zstd's level 6: on the generated corpus's data, the size zlib's default
 * gives (3% smaller) at three times its speed; higher levels save 1-6%
 * at a half to a tenth of the speed. */
#define DOCDATA_LEVEL 6

/* The frame is cut into blocks of this much data (a flush each), so that
 * a hit's reader can stop at its passage: it decompresses a block at a
 * time (docdata_get_lines).  The blocks share the frame's history, so the
 * cost is their headers and tables (doc/performance.md has the sizes). */
#define DOCDATA_BLOCK 8192

/* A stored document's data is never this large (doc/limits.md caps a
 * file's text far below): a header claiming more is damage. */
#define DOCDATA_MAX ((unsigned long long)1 << 31)

xc_status docdata_set(xc_doc *doc, const char *data, size_t len, xc_error *err)
{
    ZSTD_CCtx *cc = xcheck(ZSTD_createCCtx());
    size_t cap = ZSTD_compressBound(len), r = 0;
    char *packed = xmalloc(cap);
    ZSTD_outBuffer out = {packed, cap, 0};
    r = ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, DOCDATA_LEVEL);
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

/* Decompresses a document's data, packed[0..n), until it holds lines + 1
 * whole lines (all of it when lines is (size_t)-1). */
static xc_status get_upto(const char *packed, size_t n, size_t lines, char **out, size_t *len,
                          xc_error *err)
{
    unsigned long long size = ZSTD_getFrameContentSize(packed, n);
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
        size >= DOCDATA_MAX)
        return scr_fail(err, XC_ERR_CORRUPT, "a document's stored data is damaged (%zu bytes)",
                        n);
    char *data = xmalloc((size_t)size + 1);
    ZSTD_DCtx *dc = xcheck(ZSTD_createDCtx());
    ZSTD_inBuffer in = {packed, n, 0};
    ZSTD_outBuffer o = {data, 0, 0};
    size_t r = 1, seen = 0; /* newlines in data[0..o.pos) */
    /* a block at a time (DOCDATA_BLOCK), counting lines as they come */
    while (r != 0 && o.pos < size && (lines == (size_t)-1 || seen <= lines)) {
        size_t from = o.pos;
        o.size = o.pos + DOCDATA_BLOCK < size ? o.pos + DOCDATA_BLOCK : (size_t)size;
        r = ZSTD_decompressStream(dc, &o, &in);
        if (ZSTD_isError(r) || (o.pos == from && in.pos == in.size))
            break;
        for (const char *p = data + from; lines != (size_t)-1 && p < data + o.pos;) {
            const char *nl = memchr(p, '\n', (size_t)(data + o.pos - p));
            if (!nl)
                break;
            seen++;
            p = nl + 1;
        }
    }
    ZSTD_freeDCtx(dc);
    int whole = o.pos == size;
    if (ZSTD_isError(r) || (!whole && (lines == (size_t)-1 || seen <= lines))) {
        free(data);
        return scr_fail(err, XC_ERR_CORRUPT, "a document's stored data is damaged: %s",
                        ZSTD_isError(r) ? ZSTD_getErrorName(r) : "short");
    }
    data[o.pos] = '\0';
    *out = data;
    if (len)
        *len = o.pos;
    return XC_OK;
}

/* Documents' data decompressed whole, kept for the next hit on the same
 * document where docdata_share turned it on (a server's pages show the same
 * documents again and again; zstd was a tenth of its instructions): keyed
 * by the hash and length of the compressed bytes, so that a replaced
 * document is never taken for its old self.  A slot a key; past the bound
 * every one is dropped (as the sets of documents are); one lock. */
#define SHARED_SLOTS 4096
typedef struct shared_doc {
    uint64_t hash;
    size_t packed; /* bytes compressed */
    char *data;    /* NULL: an empty slot */
    size_t len;
} shared_doc;
static shared_doc shared[SHARED_SLOTS];
static size_t shared_bytes, shared_cap;
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;

static void drop_shared(void) /* (under the lock) */
{
    for (size_t i = 0; i < SHARED_SLOTS; i++) {
        free(shared[i].data);
        shared[i].data = NULL;
    }
    shared_bytes = 0;
}

void docdata_share(size_t bytes)
{
    pthread_mutex_lock(&shared_lock);
    shared_cap = bytes;
    drop_shared();
    pthread_mutex_unlock(&shared_lock);
}

static int sharing(void)
{
    pthread_mutex_lock(&shared_lock);
    int on = shared_cap > 0;
    pthread_mutex_unlock(&shared_lock);
    return on;
}

/* The copy kept of the data whose compressed bytes hash to hash and are n
 * long, or NULL. */
static char *shared_get(uint64_t hash, size_t n, size_t *len)
{
    char *copy = NULL;
    pthread_mutex_lock(&shared_lock);
    const shared_doc *d = &shared[hash % SHARED_SLOTS];
    if (d->data && d->hash == hash && d->packed == n) {
        copy = xmalloc(d->len + 1);
        memcpy(copy, d->data, d->len + 1);
        *len = d->len;
    }
    pthread_mutex_unlock(&shared_lock);
    return copy;
}

static void shared_put(uint64_t hash, size_t n, const char *data, size_t len)
{
    pthread_mutex_lock(&shared_lock);
    shared_doc *d = &shared[hash % SHARED_SLOTS];
    if (shared_cap && len < shared_cap / 8) {
        if (d->data) {
            shared_bytes -= d->len;
            free(d->data);
            d->data = NULL;
        }
        if (shared_bytes + len > shared_cap)
            drop_shared();
        d->data = xmalloc(len + 1);
        memcpy(d->data, data, len + 1);
        *d = (shared_doc){hash, n, d->data, len};
        shared_bytes += len;
    }
    pthread_mutex_unlock(&shared_lock);
}

/* get_upto on doc's data, through the kept copies where keeping is on: a
 * document not kept yet is decompressed whole, and kept. */
static xc_status get_doc(xc_doc *doc, size_t lines, char **out, size_t *len, xc_error *err)
{
    char *packed = NULL;
    size_t n = 0, got = 0;
    xc_status st = xc_doc_get_value(doc, SLOT_DATA, &packed, &n, err);
    if (st != XC_OK)
        return st;
    if (!sharing()) {
        st = get_upto(packed, n, lines, out, len, err);
        free(packed);
        return st;
    }
    uint64_t hash = XXH3_64bits(packed, n);
    char *kept = shared_get(hash, n, &got);
    if (!kept && (st = get_upto(packed, n, (size_t)-1, &kept, &got, err)) == XC_OK)
        shared_put(hash, n, kept, got);
    free(packed);
    if (st == XC_OK) {
        *out = kept;
        if (len)
            *len = got;
    }
    return st;
}

xc_status docdata_get(xc_doc *doc, char **out, size_t *len, xc_error *err)
{
    return get_doc(doc, (size_t)-1, out, len, err);
}

xc_status docdata_get_lines(xc_doc *doc, size_t lines, char **out, size_t *len, xc_error *err)
{
    return get_doc(doc, lines, out, len, err);
}
