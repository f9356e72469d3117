/* pack.h: splits a committee agenda pack (the agenda, then minutes,
 * reports and a work programme bound in one file) into its items, so that
 * each is found on its own with its own title and type. */
#ifndef SCRUTINY_PACK_H
#define SCRUTINY_PACK_H

#include <stddef.h>

typedef struct pack_item {
    char *title;
    size_t start, end; /* bytes of the clean text */
} pack_item;

/* Whether clean text is an agenda pack and, if so, its items (the agenda
 * itself first) and the committee's name.  Returns the number of items
 * (0: not a pack).  *items and *committee are malloc()ed. */
size_t pack_split(const char *text, pack_item **items, char **committee);
void pack_items_free(pack_item *items, size_t n);

#endif
