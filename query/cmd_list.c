/* cmd_list.c: scrutiny-query list authorities|publishers|types|years|files:
 * the values present in the database with their numbers of documents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "print-json.h"
#include "schema.h"
#include "util.h"

typedef struct list_ctx {
    const options *o;
    size_t values;
} list_ctx;

static void on_value(void *vctx, const char *value, unsigned count)
{
    list_ctx *c = vctx;
    const options *o = c->o;
    c->values++;
    if (o->format == FORMAT_NDJSON) {
        json_t *v = json_pack("{s:s, s:I}", "value", value, "count", (json_int_t)count);
        print_json_file(stdout, v, PRINT_NDJSON_FLAGS);
        json_decref(v);
    } else if (o->format == FORMAT_TSV)
        printf("%s\t%u\n", value, count);
    else
        printf("%7u %s\n", count, value);
}

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
    size_t any;
    if (o->format == FORMAT_JSON) {
        json_t *list;
        if (print_list_json(s, f->name, &list, &err) != SCR_OK) {
            fprintf(stderr, "%s: %s\n", util_progname(), err.message);
            return EXIT_ERROR;
        }
        print_json_file(stdout, list, PRINT_JSON_FLAGS);
        any = json_array_size(list);
        json_decref(list);
    } else {
        if (o->format == FORMAT_TSV)
            printf("%s\tdocuments\n", f->name);
        list_ctx c = {o, 0};
        if (searcher_facet_values(s, f->name, on_value, &c, &err) != SCR_OK) {
            fprintf(stderr, "%s: %s\n", util_progname(), err.message);
            return EXIT_ERROR;
        }
        any = c.values;
    }
    if (fflush(stdout) != 0)
        return EXIT_ERROR;
    return any ? EXIT_MATCH : EXIT_NO_MATCH;
}
