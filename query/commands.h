/* commands.h: what scrutiny-query can be asked to do. */
#ifndef SCRUTINY_QUERY_COMMANDS_H
#define SCRUTINY_QUERY_COMMANDS_H

#include "options.h"
#include "printer.h"
#include "search.h"

/* Each returns an exit status (options.h). */
int cmd_search(searcher *s, const char *query, const options *o);
int cmd_batch(searcher *s, const options *o);
int cmd_show(searcher *s, const char *id, const options *o);
int cmd_list(searcher *s, const char *what, const options *o);
int cmd_precedent(searcher *s, const char *query, const options *o);
int cmd_matrix(searcher *s, const char *query, const options *o);
int cmd_recurring(searcher *s, const char *query, const options *o);

/* A document id as indexed: a path made absolute (with its #N), or as is.
 * malloc()ed. */
char *document_key(const char *id);

/* The search o asks for, of query: hits, paging, facets, and with
 * --count no hits but an exact total; every match a page may hold for a
 * list of paths, and the default page no larger than that.  Every
 * command that searches starts from it. */
search_request search_request_for(searcher *s, const char *query, const options *o);

/* The printer of o's format, to stdout. */
void printer_for(printer *p, const options *o);
/* Prints a result of req in o's format, frees it, returns the exit
 * status. */
int print_result(const char *query, search_result *res, const search_request *req,
                 const options *o);
/* status, or EXIT_ERROR saying so when what was printed could not be
 * written. */
int flushed(int status);

#endif
