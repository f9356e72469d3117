/* hit-fields.h: a hit's fields as text, for every printer (the command
 * line's text and TSV, the server's page). */
#ifndef SCRUTINY_HIT_FIELDS_H
#define SCRUTINY_HIT_FIELDS_H

#include "search.h"
#include "util.h"

/* A hit's string list field joined by sep; malloc()ed. */
char *hit_join(const search_hit *h, const char *key, const char *sep);
/* The same of a JSON object's list field. */
char *json_join(json_t *o, const char *key, const char *sep);
/* A list's strings joined by sep; malloc()ed. */
char *print_join(const strlist *l, const char *sep);
/* A hit's string field, or "" when absent. */
const char *hit_str(const search_hit *h, const char *key);
/* A JSON object's string field, or "" when absent. */
const char *json_str(json_t *o, const char *key);

#endif
