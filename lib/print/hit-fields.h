/* hit-fields.h: a hit's fields as text, for every printer (the command
 * line's text and TSV, the server's page). */
#ifndef SCRUTINY_HIT_FIELDS_H
#define SCRUTINY_HIT_FIELDS_H

#include "search.h"

/* A hit's string list field joined by sep; malloc()ed. */
char *hit_join(const search_hit *h, const char *key, const char *sep);
/* A hit's string field, or "" when absent. */
const char *hit_str(const search_hit *h, const char *key);
/* A JSON object's string field, or "" when absent. */
const char *json_str(json_t *o, const char *key);

#endif
