/* cmd_list.c: scrutiny-query list authorities|publishers|types|years|files:
 * the values present in the database with their numbers of documents. */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "print-json.h"
#include "schema.h"
#include "util.h"

int cmd_list(searcher *s, const char *what, const options *o)
{
    const schema_facet *f = print_list_facet(what);
    if (!f) {
        char *known = print_facet_names();
        fprintf(stderr, "%s: cannot list '%s' (known: %s)\n", util_progname(), what, known);
        free(known);
        return EXIT_ERROR;
    }
    scr_error err;
    printer p;
    printer_for(&p, o);
    size_t n = 0;
    if (printer_list(&p, s, f->name, &n, &err) != SCR_OK) {
        fprintf(stderr, "%s: %s\n", util_progname(), err.message);
        return EXIT_ERROR;
    }
    return flushed(n ? EXIT_MATCH : EXIT_NO_MATCH);
}
