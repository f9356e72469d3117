/* lazy-knowledge.h: the data files' knowledge (analyse.h) loaded when it
 * is first asked for, once, by whichever thread asks first.  A query
 * process needs it only for some requests (authority:, theme: and kind:
 * filters, precedent), and reading it was a tenth of a plain query's
 * instructions.  A searcher borrows one (search.h); scrutiny-serve's
 * worker threads share one. */
#ifndef SCRUTINY_LAZY_KNOWLEDGE_H
#define SCRUTINY_LAZY_KNOWLEDGE_H

#include "analyse.h"
#include "status.h"

typedef struct lazy_knowledge lazy_knowledge;

/* Told, once, why the knowledge could not be loaded when a request first
 * needed it (the request goes on without it). */
typedef void (*knowledge_warn_fn)(void *ctx, const scr_error *err);

/* Nothing is read yet: dir is knowledge_load's (NULL: its default
 * places).  warn may be NULL. */
lazy_knowledge *lazy_knowledge_new(const char *dir, knowledge_warn_fn warn, void *ctx);
void lazy_knowledge_free(lazy_knowledge *l);

/* Loads it now unless that was done: SCR_OK, or the failure in *err (then
 * warn is not called, the caller has been told).  For a data directory
 * the user named, whose failure should stop a program at its start. */
MUST_CHECK scr_status lazy_knowledge_load(lazy_knowledge *l, scr_error *err);

/* The knowledge, loaded on the first call; NULL when l is NULL or the
 * files could not be loaded.  Safe from several threads at once. */
const knowledge *lazy_knowledge_get(lazy_knowledge *l);

#endif
