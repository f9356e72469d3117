/* status.h: the library's one status type (notmuch's notmuch_status_t).
 *
 * A function that can fail returns scr_status, marked MUST_CHECK, and
 * fills its `scr_error *err` (when not NULL) with the same status and one
 * line for the user, naming the file, database or value and the cause.
 * A "nothing there" that is not an error is an out-parameter, never a
 * status.  Out of memory is not a status: see util.h's xmalloc. */
#ifndef SCRUTINY_STATUS_H
#define SCRUTINY_STATUS_H

#include "must-check.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum scr_status {
    SCR_OK = 0,
    SCR_ERR_NOT_FOUND,     /* no database, file or value by that name */
    SCR_ERR_OPENING,       /* a database is there but cannot be opened */
    SCR_ERR_VERSION,       /* database format from another Xapian version */
    SCR_ERR_LOCKED,        /* another writer holds the database's lock */
    SCR_ERR_MODIFIED,      /* changed under a reader: reopen and retry */
    SCR_ERR_CORRUPT,       /* the database files are damaged */
    SCR_ERR_QUERY_SYNTAX,  /* the query string does not parse */
    SCR_ERR_DOC_NOT_FOUND, /* no document with that id */
    SCR_ERR_INVALID,       /* a bad argument or an operation out of order */
    SCR_ERR_NETWORK,       /* a remote database could not be reached */
    SCR_ERR_NO_MEMORY,     /* std::bad_alloc inside Xapian */
    SCR_ERR_LIMIT,         /* past one of the limits of doc/limits.md */
    SCR_ERR_OTHER,         /* any other Xapian or C++ exception */
    SCR_ERR_IO,            /* a file cannot be read, written or listed */
    SCR_ERR_INPUT          /* a file's content or a value is refused */
} scr_status;

typedef struct scr_error {
    scr_status status;
    char message[1024];
} scr_error;

/* A stable lower-case name for a status, for messages and tests. */
const char *scr_status_name(scr_status status);

/* Fills err (when not NULL) with status and the formatted message;
 * returns status, so a failure is `return scr_fail(err, ...)`. */
scr_status scr_fail(scr_error *err, scr_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif

#endif
