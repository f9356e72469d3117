/* cmd_list.c: scrutiny-query list authorities|publishers|types|years|files:
 * the values present in the database with their numbers of documents. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "schema.h"
#include "util.h"

typedef struct list_ctx {
    const options *o;
    json_t *json;
    int any;
} list_ctx;

static void on_value(void *vctx, const char *value, unsigned count)
{
    list_ctx *c = vctx;
    c->any = 1;
    if (c->o->format == FORMAT_JSON)
        json_array_append_new(c->json, json_pack("{s:s, s:I}", "value", value, "count",
                                                 (json_int_t)count));
    else if (c->o->format == FORMAT_NDJSON) {
        json_t *v = json_pack("{s:s, s:I}", "value", value, "count", (json_int_t)count);
        json_dumpf(v, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
        putchar('\n');
        json_decref(v);
    } else if (c->o->format == FORMAT_TSV)
        printf("%s\t%u\n", value, count);
    else
        printf("%7u %s\n", count, value);
}

int cmd_list(searcher *s, const char *what, const options *o)
{
    /* "authorities" or "authority", "years" or "year"... */
    char name[64];
    snprintf(name, sizeof name, "%s", what);
    size_t n = strlen(name);
    if (n > 3 && strcmp(name + n - 3, "ies") == 0)
        strcpy(name + n - 3, "y");
    else if (n > 1 && name[n - 1] == 's')
        name[n - 1] = '\0';
    const schema_facet *f = schema_facet_find(name);
    if (!f) {
        strbuf known;
        sb_init(&known);
        for (const schema_facet *k = schema_facets; k->name; k++)
            sb_addf(&known, "%s%s", known.len ? ", " : "", k->name);
        fprintf(stderr, "%s: cannot list '%s' (known: %s)\n", util_progname(), what, known.buf);
        sb_free(&known);
        return EXIT_ERROR;
    }
    list_ctx c = {o, xcheck(json_array()), 0};
    char errbuf[1024];
    if (o->format == FORMAT_TSV)
        printf("%s\tdocuments\n", f->name);
    if (searcher_facet_values(s, f->name, on_value, &c, errbuf, sizeof errbuf) != 0) {
        fprintf(stderr, "%s: %s\n", util_progname(), errbuf);
        json_decref(c.json);
        return EXIT_ERROR;
    }
    if (o->format == FORMAT_JSON) {
        json_dumpf(c.json, stdout, JSON_INDENT(2));
        putchar('\n');
    }
    json_decref(c.json);
    if (fflush(stdout) != 0)
        return EXIT_ERROR;
    return c.any ? EXIT_MATCH : EXIT_NO_MATCH;
}
