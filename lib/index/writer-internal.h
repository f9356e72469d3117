/* writer-internal.h: what writer.c (the database, its runs and its
 * records of files) and prepare.c (a file's Xapian documents) share.  Not
 * for callers: see writer.h. */
#ifndef SCRUTINY_WRITER_INTERNAL_H
#define SCRUTINY_WRITER_INTERNAL_H

#include "status.h"
#include "xapian-c.h"

/* A file's documents (one, or its pack's items), made into Xapian
 * documents off the writer's thread. */
struct writer_docs {
    xc_doc **docs;
    size_t n;
};

/* error for a failure of the wrapper on the database at path (a lock
 * held by another indexer said so). */
scr_status writer_fail(scr_error *error, const char *path, const xc_error *err);

#endif
