/* docdata.h: where a document's stored data lives (doc/schema.md,
 * "Document data"): zstd-compressed in SLOT_DATA, not in Xapian's data.
 *
 * Why a value: Xapian compresses each document's data itself, with zlib,
 * on the one thread that writes (a third of its instructions on the
 * generated corpus); compressed here, the indexing threads do it, and a
 * hit reads it back three times faster than zlib inflates it.  Values
 * live in the postlist table, which Xapian does not compress. */
#ifndef SCRUTINY_DOCDATA_H
#define SCRUTINY_DOCDATA_H

#include <stddef.h>

#include "docdict.h"
#include "xapian-c.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Stores len bytes of data (JSON lines) in doc, compressed with dict
 * (docdict.h; NULL: without). */
MUST_CHECK xc_status docdata_set(xc_doc *doc, const char *data, size_t len,
                                 const docdict *dict, xc_error *err);

/* The data stored in doc, NUL-terminated (*len without the NUL);
 * XC_ERR_CORRUPT when what is there does not decompress. */
MUST_CHECK xc_status docdata_get(xc_doc *doc, char **out, size_t *len, xc_error *err);

/* The same, decompressed only as far as its first lines + 1 lines need
 * (at least those, all of them when the data has fewer): a hit reads the
 * first line and its passage's (line passage + 1), not the whole. */
MUST_CHECK xc_status docdata_get_lines(xc_doc *doc, size_t lines, char **out, size_t *len,
                                       xc_error *err);

#ifdef __cplusplus
}
#endif

#endif
