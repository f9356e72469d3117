/* schema.c: the facet table of schema.h. */
#include "schema.h"

#include <string.h>

const schema_facet schema_facets[] = {
    {"authority", PREFIX_AUTHORITY, SLOT_AUTHORITY},
    {"publisher", PREFIX_PUBLISHER, SLOT_PUBLISHER},
    {"type", PREFIX_DOCTYPE, SLOT_DOCTYPE},
    {"year", PREFIX_YEAR, SLOT_YEAR},
    {"file", PREFIX_FILE, SLOT_FILE},
    {"theme", "XT", SLOT_THEME}, /* + D or H: see PREFIX_DOCTHEME */
    {"kind", PREFIX_KIND, SLOT_KIND},
    {NULL, NULL, 0},
};

const schema_facet *schema_facet_find(const char *name)
{
    for (const schema_facet *f = schema_facets; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}
