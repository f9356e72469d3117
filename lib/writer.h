/* writer.h: turns built documents into Xapian documents following
 * schema.h: one per passage.  The only code on the indexing side that
 * knows the schema. */
#ifndef SCRUTINY_WRITER_H
#define SCRUTINY_WRITER_H

#include <stddef.h>

#include "document.h"

typedef struct scr_writer scr_writer;

/* Opens (creating it and its parent directories if need be) the database
 * at path for writing.  Returns 0, or -1 with a one-line reason. */
/* With a taxonomy, acronyms and their expansions are indexed as synonyms
 * of each other (PREFIX_SYNONYM) and put in the synonym dictionary. */
struct taxonomy;
int writer_open(const char *path, const struct taxonomy *t, scr_writer **out, char *errbuf,
                size_t errlen);
/* Replaces everything indexed from d's file by d's documents, in one
 * transaction: a crash leaves the file wholly old or wholly new. */
int writer_replace_file(scr_writer *w, const built_doc *d, char *errbuf, size_t errlen);
/* Documents (files and pack items) in the database now. */
int writer_count_documents(scr_writer *w, unsigned *out, char *errbuf, size_t errlen);
/* Commits and closes; frees w in every case. */
int writer_close(scr_writer *w, char *errbuf, size_t errlen);

/* A term made of prefix + value, with values too long for a Xapian term
 * hashed.  malloc()ed. */
char *writer_id_term(const char *prefix, const char *value);
/* The collapse key of a document id (16 hex digits). */
void writer_part_key(const char *id, char out[17]);

#endif
