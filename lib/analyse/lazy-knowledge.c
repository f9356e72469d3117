/* lazy-knowledge.c: see lazy-knowledge.h.  A mutex, not pthread_once,
 * because the once routine could not be told which holder it fills; the
 * lock is taken a few times per request at most. */
#include "lazy-knowledge.h"

#include <pthread.h>
#include <stdlib.h>

#include "util.h"

struct lazy_knowledge {
    pthread_mutex_t lock;
    char *dir;          /* NULL: knowledge_load's default places */
    knowledge_warn_fn warn;
    void *ctx;
    int tried;          /* under lock; know is final once set */
    knowledge *know;    /* NULL until loaded, and when loading failed */
    scr_error error;    /* why it failed */
};

lazy_knowledge *lazy_knowledge_new(const char *dir, knowledge_warn_fn warn, void *ctx)
{
    lazy_knowledge *l = xcalloc(1, sizeof *l);
    pthread_mutex_init(&l->lock, NULL);
    l->dir = dir ? xstrdup(dir) : NULL;
    l->warn = warn;
    l->ctx = ctx;
    return l;
}

void lazy_knowledge_free(lazy_knowledge *l)
{
    if (!l)
        return;
    knowledge_free(l->know);
    free(l->dir);
    pthread_mutex_destroy(&l->lock);
    free(l);
}

/* Loads once; whether this call was the one that tried.  Under l->lock. */
static int load_once(lazy_knowledge *l)
{
    if (l->tried)
        return 0;
    l->tried = 1;
    if (knowledge_load(l->dir, NULL, &l->know, &l->error) != SCR_OK)
        l->know = NULL;
    return 1;
}

scr_status lazy_knowledge_load(lazy_knowledge *l, scr_error *err)
{
    pthread_mutex_lock(&l->lock);
    load_once(l);
    scr_status rc = l->know ? SCR_OK : l->error.status;
    if (!l->know && err)
        *err = l->error;
    pthread_mutex_unlock(&l->lock);
    return rc;
}

const knowledge *lazy_knowledge_get(lazy_knowledge *l)
{
    if (!l)
        return NULL;
    pthread_mutex_lock(&l->lock);
    if (load_once(l) && !l->know && l->warn)
        l->warn(l->ctx, &l->error);
    const knowledge *k = l->know;
    pthread_mutex_unlock(&l->lock);
    return k;
}
