/* http.h: a request as the handlers see it (its path and arguments) and
 * the reply they fill in; routes.c turns them into libmicrohttpd calls. */
#ifndef SCRUTINY_SERVE_HTTP_H
#define SCRUTINY_SERVE_HTTP_H

#include "search.h"
#include "util.h"

struct MHD_Connection;

typedef struct request {
    struct MHD_Connection *conn;
    const char *path;
} request;

typedef struct reply {
    unsigned status;
    const char *type; /* Content-Type */
    strbuf body;
} reply;

/* Argument name of the query string, or NULL when absent.  One given
 * twice, with a NUL byte or not UTF-8 makes *bad point to a message. */
const char *req_arg(const request *r, const char *name, const char **bad);
/* Every value of a repeated argument, in order; why one is refused (a
 * NUL byte, not UTF-8), or NULL. */
const char *req_args(const request *r, const char *name, strlist *out);

/* The search an API or page request asks for, from q, limit, offset, sort,
 * level, match, facets and no_synonyms, as scrutiny-query's options of
 * the same names; its strings are borrowed from r (facets from *facets).
 * Returns 0, or -1 with the reason in errbuf. */
int req_search(const request *r, search_request *req, strlist *facets, const searcher *s,
               char *errbuf, size_t errlen);

/* A whole number argument, def when absent: 0, or -1 with the reason. */
int req_uint(const request *r, const char *name, unsigned def, unsigned max, unsigned *out,
             char *errbuf, size_t errlen);

#define TYPE_HTML "text/html; charset=utf-8"
#define TYPE_JSON "application/json"
#define TYPE_CSS "text/css; charset=utf-8"
#define TYPE_SVG "image/svg+xml"

/* The served databases' paths (n of them), which http_public_message
 * takes out of what clients are told; set once, before the threads. */
void http_hide_paths(const char *const *paths, size_t n);
void http_forget_paths(void);
/* message with each hidden path taken out: "PATH: cause" is the cause,
 * "... in PATH" "... in the database".  malloc()ed. */
char *http_public_message(const char *message);

/* The handlers: each fills rep (status 200 unless it says otherwise). */
void api_handle(const request *r, reply *rep);
void page_search(const request *r, reply *rep);
void page_show(const request *r, reply *rep);
void page_like(const request *r, reply *rep);
void page_themes(const request *r, reply *rep);
/* The HTTP status for a library failure: 404 for a name that names
 * nothing, 400 for a request the library refuses, 503 for what may pass
 * (a database being written, locked or out of reach, memory), 500 for the
 * rest (a damaged database, a read error). */
unsigned http_status_of(scr_status status);
/* The HTTP status for a database the server cannot open or reopen: 500
 * when it is damaged or cannot be read, else 503 (gone, half-made or being
 * swapped by scrutiny-index, locked, out of reach: what may pass). */
unsigned http_status_unopened(scr_status status);
/* A JSON error, {"error": message, "status": status}. */
void api_error(reply *rep, unsigned status, const char *message);
/* An error page with a status. */
void page_error(reply *rep, unsigned status, const char *message);
/* The style sheet, served as /style.css. */
void page_style(reply *rep);

#endif
