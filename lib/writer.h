/* writer.h: turns records into Xapian documents following schema.h.  The
 * only code on the indexing side that knows the schema. */
#ifndef SCRUTINY_WRITER_H
#define SCRUTINY_WRITER_H

#include <stddef.h>

#include "record.h"

typedef struct scr_writer scr_writer;

/* Opens (creating it and its parent directories if need be) the database
 * at path for writing.  Returns 0, or -1 with a one-line reason. */
int writer_open(const char *path, scr_writer **out, char *errbuf, size_t errlen);
/* Adds r, replacing any earlier version of the same file. */
int writer_add(scr_writer *w, const scr_record *r, char *errbuf, size_t errlen);
/* Documents in the database now. */
int writer_doccount(scr_writer *w, unsigned *out, char *errbuf, size_t errlen);
/* Commits and closes; frees w in every case. */
int writer_close(scr_writer *w, char *errbuf, size_t errlen);

/* The unique id term of a file (PREFIX_ID + path, hashed when too long for
 * a Xapian term).  malloc()ed. */
char *writer_id_term(const char *path);

#endif
