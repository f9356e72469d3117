/* handles.c: per-thread searchers. */
#include "handles.h"

#include <pthread.h>
#include <stdio.h>

static const char *const *db_paths;
static size_t n_paths;
static struct lazy_knowledge *shared_know;
static pthread_key_t key;

/* Runs when a worker thread ends (the daemon joins them on stop). */
static void close_handle(void *s) { searcher_close(s); }

int handles_init(const char *const *paths, size_t n, struct lazy_knowledge *know)
{
    db_paths = paths;
    n_paths = n;
    shared_know = know;
    searchers_share_sets(1); /* one searcher a thread, one database */
    return pthread_key_create(&key, close_handle) == 0 ? 0 : -1;
}

void handles_done(void) { pthread_key_delete(key); }

searcher *handle_get(scr_error *err)
{
    searcher *s = pthread_getspecific(key);
    if (s) /* the indexer may have committed since the last request */
        return searcher_refresh(s, err) == SCR_OK ? s : NULL;
    if (searcher_open_all(db_paths, n_paths, shared_know, 0, NULL, &s, err) != SCR_OK)
        return NULL;
    pthread_setspecific(key, s);
    return s;
}
