/* normalise.h: Unicode clean-up of extracted text and of queries (utf8proc).
 *
 * Extracted text arrives with typographic quotes and dashes, ligatures,
 * soft hyphens, non-breaking spaces, stray control characters and sometimes
 * broken UTF-8.  Everything that is indexed or searched passes through here
 * first, so that "EHC plan", "EHC plan" and "ＥＨＣ plan" are one thing.
 */
#ifndef SCRUTINY_NORMALISE_H
#define SCRUTINY_NORMALISE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* NFKC (ligatures, full-width forms, NBSP), curly quotes and dashes to
 * ASCII, soft hyphens and other invisible characters dropped, CR/LF
 * unified, tabs to spaces, form feeds to newlines, other control characters
 * and NUL dropped.  Invalid UTF-8 becomes U+FFFD and is counted in
 * *invalid (may be NULL).  Returns a malloc()ed NUL-terminated string and
 * its length in *out_len (may be NULL), or NULL when out of memory. */
char *norm_text(const char *in, size_t len, size_t *out_len, size_t *invalid);

/* Only the repair: invalid UTF-8 to U+FFFD, NUL dropped, nothing else
 * changed (for file names shown as text).  malloc()ed. */
char *norm_repair(const char *in);

/* A file name's bytes as valid UTF-8, reversibly: each byte of an invalid
 * sequence, and each '%', as %XX (hex); the rest as it is.  For storing a
 * name that is not UTF-8 where UTF-8 is needed (JSON).  malloc()ed. */
char *norm_escape_bytes(const char *in);
/* The bytes norm_escape_bytes was given.  malloc()ed. */
char *norm_unescape_bytes(const char *in);

/* norm_text (fold 0) or norm_fold (1) without the fast path for plain
 * ASCII lines: utf8proc over the whole text, what they must equal (for
 * the tests and the fuzzer). */
char *norm_map_whole(const char *in, size_t len, size_t *out_len, int fold);

/* As norm_text, then Unicode case folding ("Straße" -> "strasse"). */
char *norm_fold(const char *in, size_t len, size_t *out_len, size_t *invalid);

/* A query: as norm_fold, except that the boolean operators AND, OR, NOT,
 * XOR, NEAR and ADJ keep their capitals so that the parser sees them. */
char *norm_query(const char *query);

/* Whether word (len bytes) is a query operator as the parser reads it:
 * AND, OR, NOT, XOR, NEAR, ADJ, NEAR/n, ADJ/n (upper case only). */
int norm_is_operator(const char *word, size_t len);
/* Whether word (len bytes, up to a bracket) is NEAR/x or ADJ/x with x no
 * whole number from 1 (NEAR/0, NEAR/abc, ADJ/-3), which Xapian's parser
 * reads as words. */
int norm_bad_distance(const char *word, size_t len);

/* A filter value as stored: folded, runs of anything but letters and digits
 * turned into one '-', no '-' at either end ("West  Sussex" -> "west-sussex").
 * Returns malloc()ed, possibly empty, or NULL when out of memory. */
char *norm_slug(const char *value);

#ifdef __cplusplus
}
#endif

#endif
