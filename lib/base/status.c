/* status.c: the names of the library's statuses and filling a scr_error. */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>

const char *scr_status_name(scr_status status)
{
    switch (status) {
    case SCR_OK: return "ok";
    case SCR_ERR_NOT_FOUND: return "not-found";
    case SCR_ERR_OPENING: return "opening";
    case SCR_ERR_VERSION: return "version";
    case SCR_ERR_LOCKED: return "locked";
    case SCR_ERR_MODIFIED: return "modified";
    case SCR_ERR_CORRUPT: return "corrupt";
    case SCR_ERR_QUERY_SYNTAX: return "query-syntax";
    case SCR_ERR_DOC_NOT_FOUND: return "doc-not-found";
    case SCR_ERR_INVALID: return "invalid";
    case SCR_ERR_NETWORK: return "network";
    case SCR_ERR_NO_MEMORY: return "no-memory";
    case SCR_ERR_LIMIT: return "limit";
    case SCR_ERR_OTHER: return "other";
    case SCR_ERR_IO: return "io";
    case SCR_ERR_INPUT: return "input";
    }
    return "unknown";
}

scr_status scr_fail(scr_error *err, scr_status status, const char *fmt, ...)
{
    if (err) {
        err->status = status;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return status;
}
