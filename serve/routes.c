/* routes.c: libmicrohttpd's request callback: the method and the path
 * choose a handler; every reply gets the same safety headers. */
#include <microhttpd.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http.h"
#include "routes.h"

/* Nothing from another host, no script, no frames, forms only to here. */
#define CSP "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " \
            "base-uri 'none'; frame-ancestors 'none'"

/* Requests begun and not over: a stop waits for them (serve/main.c). */
static atomic_uint under_way;

unsigned routes_under_way(void) { return atomic_load(&under_way); }

void routes_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    if (con_cls && *con_cls) {
        atomic_fetch_sub(&under_way, 1);
        *con_cls = NULL;
    }
}

/* SCRUTINY_DEBUG_SLOW_MS=N, for the tests: each answer N ms later (a
 * request under way when the server is told to stop). */
static void debug_slow(void)
{
    const char *ms = getenv("SCRUTINY_DEBUG_SLOW_MS");
    long n = ms ? strtol(ms, NULL, 10) : 0;
    if (n <= 0)
        return;
    struct timespec t = {n / 1000, (n % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static void route(const request *r, reply *rep)
{
    const char *p = r->path;
    if (strncmp(p, "/api/", 5) == 0)
        api_handle(r, rep);
    else if (strcmp(p, "/") == 0)
        page_search(r, rep);
    else if (strcmp(p, "/show") == 0)
        page_show(r, rep);
    else if (strcmp(p, "/like") == 0)
        page_like(r, rep);
    else if (strcmp(p, "/themes") == 0)
        page_themes(r, rep);
    else if (strcmp(p, "/style.css") == 0)
        page_style(rep);
    else
        page_error(rep, 404, "There is no such page.");
}

enum MHD_Result routes_answer(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version,
                              const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)version;
    (void)upload_data;
    request r = {conn, url};
    reply rep = {200, TYPE_HTML, {NULL, 0, 0}};
    int get = strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
              strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    static int seen; /* *con_cls: the request is counted under way */
    int first = !*con_cls;
    if (first) {
        atomic_fetch_add(&under_way, 1);
        *con_cls = &seen;
    }
    if (!get) {
        /* answered at once, before any body is read */
        if (strncmp(url, "/api/", 5) == 0)
            api_error(&rep, 405, "only GET and HEAD are served");
        else
            page_error(&rep, 405, "Only GET and HEAD are served.");
    } else if (first) {
        /* the first call is for the headers alone; answer on the second */
        return MHD_YES;
    } else {
        *upload_size = 0; /* a GET's body, if any, is not read */
        debug_slow();
        route(&r, &rep);
    }
    struct MHD_Response *res = MHD_create_response_from_buffer(
        rep.body.len, rep.body.buf ? rep.body.buf : (char *)"", MHD_RESPMEM_MUST_COPY);
    sb_free(&rep.body);
    if (!res)
        return MHD_NO;
    MHD_add_response_header(res, MHD_HTTP_HEADER_CONTENT_TYPE, rep.type);
    MHD_add_response_header(res, "Content-Security-Policy", CSP);
    MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(res, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(res, "Cache-Control", "no-store");
    if (rep.status == 405)
        MHD_add_response_header(res, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    enum MHD_Result ret = MHD_queue_response(conn, rep.status, res);
    MHD_destroy_response(res);
    return ret;
}
