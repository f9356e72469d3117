/* handles.h: each worker thread's own searcher (a Xapian database is not
 * thread-safe), opened on the thread's first request, moved to the
 * latest committed revision at each request, closed when the thread
 * ends. */
#ifndef SCRUTINY_SERVE_HANDLES_H
#define SCRUTINY_SERVE_HANDLES_H

#include <stddef.h>

#include "search.h"

struct lazy_knowledge;

/* What every handle opens: the databases (paths or stub files) and the
 * knowledge the command line would use, which the threads share and the
 * first request that needs it loads.  Borrowed until handles_done. */
int handles_init(const char *const *paths, size_t n, struct lazy_knowledge *know);
void handles_done(void);

/* This thread's searcher, up to date; NULL with the reason in err. */
searcher *handle_get(scr_error *err);

#endif
