/* schema.c: the facet table of schema.h. */
#include "schema.h"

#include <string.h>

const schema_facet schema_facets[] = {
    {"authority", PREFIX_AUTHORITY, SLOT_AUTHORITY, 0},
    {"publisher", PREFIX_PUBLISHER, SLOT_PUBLISHER, 0},
    {"type", PREFIX_DOCTYPE, SLOT_DOCTYPE, 0},
    {"year", PREFIX_YEAR, SLOT_YEAR, 0},
    {"file", PREFIX_FILE, SLOT_FILE, 0},
    {"theme", "XT", SLOT_THEME, 0}, /* + D or H: see PREFIX_DOCTHEME */
    {"kind", PREFIX_KIND, SLOT_KIND, 1},
    {NULL, NULL, 0, 0},
};

const schema_facet *schema_facet_find(const char *name)
{
    for (const schema_facet *f = schema_facets; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}
