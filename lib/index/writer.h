/* writer.h: turns built documents into Xapian documents following
 * schema.h: one per document, its passages in one position space.  The
 * only code on the indexing side that knows the schema. */
#ifndef SCRUTINY_WRITER_H
#define SCRUTINY_WRITER_H

#include <stddef.h>

#include "document.h"
#include "must-check.h"
#include "status.h"

typedef struct scr_writer scr_writer;

/* Opens (creating it and its parent directories if need be) the database
 * at path for writing.  A failure's line says why. */
/* With a taxonomy, acronyms and their expansions are indexed as synonyms
 * of each other (PREFIX_SYNONYM) and put in the synonym dictionary. */
struct taxonomy;
/* What a run indexes besides each document's own words: the taxonomy t
 * (or NULL) and the field's phrases it names, as terms of their own
 * (schema.h, PREFIX_PHRASE).  Made once a run, for writer_open and every
 * writer_prepare, and freed after both. */
typedef struct writer_vocab writer_vocab;
MUST_CHECK scr_status writer_vocab_new(const struct taxonomy *t, writer_vocab **out,
                                       scr_error *error);
void writer_vocab_free(writer_vocab *v);
/* flags: WRITER_WAIT waits for another writer's lock, for ever when
 * wait_limit < 0, else up to wait_limit seconds; WRITER_REBUILD starts the
 * database afresh (after "re-index needed"): it is built in a sibling
 * directory while the old one stays locked and searchable, and
 * writer_close() swaps it in with one rename, so a kill at any moment
 * leaves the old database or the new one. */
enum { WRITER_WAIT = 1, WRITER_REBUILD = 2 };
MUST_CHECK scr_status writer_open(const char *path, const writer_vocab *v, int flags,
                                  double wait_limit, scr_writer **out, scr_error *error);
/* What was indexed of a file, to tell later whether it changed. */
typedef struct file_state {
    long long size, mtime_ns;
    char hash[17]; /* 64-bit content hash, hex */
    char analysis[17]; /* what its analysis depended on besides its bytes
                          (the indexer's analysis-stamp.h); "" for a file
                          indexed before it was kept */
} file_state;

/* The state recorded for path in *st, with *known 1; *known 0 when the
 * file was never indexed.  A database that cannot be read is a failure,
 * never taken for "never indexed" (that would index it again). */
MUST_CHECK scr_status writer_file_state(scr_writer *w, const char *path, file_state *st,
                                        int *known, scr_error *error);
/* The indexed path whose content has this hash (malloc()ed), or NULL in
 * *path when none has. */
MUST_CHECK scr_status writer_path_with_hash(scr_writer *w, const char *hash, char **path,
                                            scr_error *error);

/* d's documents as Xapian documents.  Any thread may make them (each call
 * has its own term generator): indexing threads share that work, and the
 * writer's thread only writes. */
typedef struct writer_docs writer_docs;
MUST_CHECK scr_status writer_prepare(const writer_vocab *v, const built_doc *d,
                                     writer_docs **docs, scr_error *error);
void writer_docs_free(writer_docs *docs);

/* Replaces everything indexed from d's file by d's documents (*docs, from
 * writer_prepare(d), or NULL to make them here) and records st, in one
 * transaction: a crash leaves the file wholly old or wholly new.
 * renamed_from, when not NULL, is a path whose documents go in the same
 * transaction (the file was moved).  A database written in parts
 * (writer_plan) takes *docs (setting it to NULL) and writes them on a
 * part's thread. */
MUST_CHECK scr_status writer_replace_file(scr_writer *w, const built_doc *d,
                                          writer_docs **docs, const file_state *st,
                                          const char *renamed_from, scr_error *error);

/* Told before the files are written: `lanes` threads may write, and about
 * `files` files will be.  A database empty at opening, with two lanes or
 * more and files enough, is then written in parts (parts.h) and merged
 * by writer_close(); until then readers see it empty, a stop by signal
 * still merges what was written, and a kill leaves it as it was.
 * SCRUTINY_PART_FILES=N (tests) makes parts of N files (default: a
 * quarter of a lane's files, 100 to 1,000), from 2N files on (else from
 * 1,000). */
MUST_CHECK scr_status writer_plan(scr_writer *w, unsigned lanes, size_t files,
                                  scr_error *error);
/* Written in parts: the order to hand the files over in (malloc()ed;
 * order[k] is the index of the k-th, parts_order); else NULL, and they go
 * in their own order. */
size_t *writer_parts_order(const scr_writer *w, size_t files);
/* Records a new state for an unchanged file (touched, same content). */
MUST_CHECK scr_status writer_touch(scr_writer *w, const char *path, const file_state *st,
                                   scr_error *error);
/* Records dir (absolute) as a folder this database indexes: --prune
 * refuses to run while it is missing or unreadable. */
MUST_CHECK scr_status writer_add_root(scr_writer *w, const char *dir, scr_error *error);
/* Removes the documents of every recorded file that is surely gone: absent
 * from a folder that is there and readable.  Removes nothing, with a
 * one-line reason, when a recorded root folder is missing, unreadable or
 * has lost every indexed file, or when more than max_percent of the
 * indexed files would go; force lifts those checks.  *removed counts the
 * files removed.  A failure's line says why. */
typedef struct writer_prune_opts {
    unsigned max_percent;
    int force;
} writer_prune_opts;
MUST_CHECK scr_status writer_prune(scr_writer *w, const writer_prune_opts *o, unsigned *removed,
                                   scr_error *error);
/* Documents (files and pack items) in the database now. */
MUST_CHECK scr_status writer_count_documents(scr_writer *w, unsigned *out, scr_error *error);
/* With WRITER_REBUILD: the files (absolute paths) and the root folders
 * recorded in the database being replaced, for a rebuild from what it
 * held; both empty when it holds none or could not be opened.  The lists
 * are the caller's to free.  A failure's line says why. */
MUST_CHECK scr_status writer_rebuild_sources(scr_writer *w, strlist *files, strlist *roots,
                                             scr_error *error);
/* Files written since the last commit (not yet on disk). */
unsigned writer_uncommitted(const scr_writer *w);
/* A rebuild that must not replace the old database (stopped, failed):
 * writer_close() then throws the new one away. */
void writer_cancel_rebuild(scr_writer *w);
/* Commits and closes (a rebuild: swaps the new database in); frees w in
 * every case. */
MUST_CHECK scr_status writer_close(scr_writer *w, scr_error *error);

#endif
