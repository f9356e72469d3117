/* writer-internal.h: what writer.c (the database, its runs and its
 * records of files), prepare.c (a file's Xapian documents) and prune.c
 * (--prune, the roots, a rebuild's sources) share.  Not for callers: see
 * writer.h. */
#ifndef SCRUTINY_WRITER_INTERNAL_H
#define SCRUTINY_WRITER_INTERNAL_H

#include "docdict.h"
#include "parts.h"
#include "status.h"
#include "taxonomy.h"
#include "writer.h"
#include "xapian-c.h"

/* A file's documents (one, or its pack's items), made into Xapian
 * documents off the writer's thread. */
struct writer_docs {
    xc_doc **docs;
    size_t n;
    const docdict *dict; /* the dictionary their data is compressed with, or NULL */
};

/* What a run indexes besides each document's words (vocab.c). */
struct writer_vocab {
    const taxonomy *tax; /* or NULL */
    xc_phrases *phrases;
    docdict_trainer *dict; /* the data's zstd dictionary, adopted or trained */
};

/* An indexing run's database (writer.h). */
struct scr_writer {
    const writer_vocab *vocab;
    char *path;       /* where this run writes: a sibling directory when rebuilding */
    xc_wdb *db;
    unsigned pending, batch;
    unsigned added; /* documents this run wrote */
    /* --rebuild: the database replaced at close, held locked meanwhile */
    char *final;
    xc_wdb *old;
    int cancel;
    parts *parts; /* written in parts (writer_plan), or NULL */
};

/* A file record's state and, in *path, its path (pointing into v);
 * 0 when v is not one. */
int writer_parse_state(const char *v, file_state *st, const char **path);

/* Deletes a file's documents and its records (inside a transaction). */
xc_status writer_forget_file(scr_writer *w, const char *path, xc_error *err);

/* error for a failure of the wrapper on the database at path (a lock
 * held by another indexer said so). */
scr_status writer_fail(scr_error *error, const char *path, const xc_error *err);

#endif
