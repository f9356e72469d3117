/* docdict.h: the zstd dictionary a database's stored data is compressed
 * with (doc/schema.md, "Document data").
 *
 * Why: each document's data is its own zstd frame, so each starts with an
 * empty history, and the text that reports share (an inspection letter's
 * headings and stock sentences, the JSON keys of every passage's line) is
 * paid for in every document.  A dictionary trained on a run's first
 * documents carries it once: on ../shared/realdocs the data is 16%
 * smaller, on the generated corpus (stock sentences by design) 55%
 * (doc/performance.md, session 43).
 *
 * A database keeps each dictionary its documents use under
 * SCHEMA_DICT_KEY_PREFIX and the dictionary's id (zstd's own, in every
 * frame made with it).  Readers register what the databases they open
 * hold (docdict_register); the indexer adopts a database's dictionary, or
 * trains one from the run's first DOCDICT_SAMPLE bytes of data
 * (docdict_trainer). */
#ifndef SCRUTINY_DOCDICT_H
#define SCRUTINY_DOCDICT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* zstd's level 6: on the generated corpus's data, the size zlib's default
 * gives (3% smaller) at three times its speed; higher levels save 1-6%
 * at a half to a tenth of the speed. */
#define DOCDATA_LEVEL 6

/* A dictionary: its bytes and zstd's id for it. */
typedef struct docdict docdict;

unsigned docdict_id(const docdict *d);
const char *docdict_bytes(const docdict *d, size_t *len);
/* Its compression dictionary at DOCDATA_LEVEL (a ZSTD_CDict). */
const void *docdict_cdict(const docdict *d);

/* The metadata key a database keeps d under (malloc'd). */
char *docdict_key(const docdict *d);

/* Notes a dictionary a database holds, so that its frames can be read;
 * the same id twice is kept once.  0 when bytes are no zstd dictionary. */
int docdict_register(const char *bytes, size_t len);
/* The registered dictionary of that id as a ZSTD_DDict, or NULL. */
const void *docdict_ddict(unsigned id);

/* An indexing run's dictionary: adopted from its database, or trained on
 * its first documents' data.  Safe to share between threads. */
typedef struct docdict_trainer docdict_trainer;

docdict_trainer *docdict_trainer_new(void);
void docdict_trainer_free(docdict_trainer *t);
/* Uses the dictionary a database already holds (its metadata value);
 * 0 when bytes are no zstd dictionary. */
int docdict_trainer_adopt(docdict_trainer *t, const char *bytes, size_t len);
/* The dictionary to compress a document's data with, or NULL: until the
 * run has seen enough data to train one, the data is kept as a sample
 * (and always, for a NULL t). */
const docdict *docdict_trainer_pick(docdict_trainer *t, const char *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif
