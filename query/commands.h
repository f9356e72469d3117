/* commands.h: what scrutiny-query can be asked to do. */
#ifndef SCRUTINY_QUERY_COMMANDS_H
#define SCRUTINY_QUERY_COMMANDS_H

#include "options.h"
#include "search.h"

/* Each returns an exit status (options.h). */
int cmd_search(searcher *s, const char *query, const options *o);
int cmd_batch(searcher *s, const options *o);
int cmd_show(searcher *s, const char *id, const options *o);
int cmd_list(searcher *s, const char *what, const options *o);

#endif
