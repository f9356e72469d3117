/* option-table.c: see option-table.h. */
#include "option-table.h"

#include <getopt.h>
#include <string.h>

#include "printer.h"
#include "util.h"

/* In --help's order.  A help text's later lines are indented under its
 * first; a NULL help hides the option (another spelling). */
const query_option query_options[] = {
    {"db", required_argument, 'd', 0, "PATH",
     "database (default: $SCRUTINY_DB, else\n"
     "$XDG_DATA_HOME/scrutiny/db or ~/.local/share/scrutiny/db);\n"
     "again for more shards, searched as one; a Xapian\n"
     "stub file names several", CMD_ALL},
    {"format", required_argument, 'f', 1, "F",
     "text (default on a terminal), tsv (default otherwise),\n"
     "json, ndjson or paths", CMD_ALL},
    {"fields", required_argument, 'k', 0, "LIST", "tsv columns (default " TSV_DEFAULT_FIELDS ")",
     CMD_SEARCHING},
    {"null", no_argument, '0', 1, NULL, "paths: end each with NUL instead of a newline",
     CMD_SEARCHING},
    {"limit", required_argument, 'n', 1, "N", "hits to show (default 10, at most 10000)",
     CMD_SEARCHING},
    {"offset", required_argument, 'o', 0, "N", "hits to skip first (default 0, at most 100000)",
     CMD_SEARCHING},
    {"sort", required_argument, 's', 0, "S", "relevance (default), date (oldest first) or -date",
     CMD_SEARCHING},
    {"level", required_argument, 'L', 0, "L",
     "document (default: the best passage of each\n"
     "document) or passage (the answering passages of\n"
     "each matching document)", CMD_SEARCHING},
    {"match", required_argument, 'm', 0, "M",
     "any (default: documents with more of the words,\n"
     "rarer ones and closer together rank first), all\n"
     "(every word somewhere in the document) or passage\n"
     "(every word in one passage)", CMD_SEARCHING},
    {"facets", required_argument, 'F', 0, "LIST",
     "count all matches by facets: authority, publisher,\n"
     "type, year, theme, kind, file", CMD_SEARCHING},
    {"count", no_argument, 'c', 1, NULL, "print only the number of matches", CMD_SEARCHING},
    {"no-synonyms", no_argument, 'N', 0, NULL,
     "words only as written: no acronyms for their\n"
     "expansions (SALT for speech and language therapy)", CMD_SEARCHING},
    {"like", required_argument, 'l', 0, "TEXT",
     "precedent: recommendations and areas for development\n"
     "of other authorities like TEXT (- reads it from stdin)", CMD_PRECEDENT},
    {"similar", required_argument, 'S', 0, "ID[@N]",
     "the same, like a document, or its passage N (see show)", CMD_PRECEDENT},
    {"same-authority", no_argument, 'A', 0, NULL,
     "--like/--similar: keep the source's own authority", CMD_PRECEDENT},
    {"matrix", required_argument, 'M', 0, "A,B",
     "cross-tabulate matching documents by two facets", CMD_MATRIX},
    {"recurring", required_argument, 'R', 0, "FACET",
     "FACET's values by the authorities they occur in", CMD_MATRIX},
    {"batch", no_argument, 'b', 0, NULL,
     "answer one query per line of standard input, as ndjson", CMD_BATCH},
    {"color", optional_argument, 'C', 0, "[=WHEN]",
     "highlight in text output: auto (default), always, never", CMD_ALL},
    {"colour", optional_argument, 'C', 0, "[=WHEN]", NULL, CMD_ALL},
    {"allow-partial", no_argument, 'P', 0, NULL,
     "answer from the shards that can be reached, naming\n"
     "the others on stderr", CMD_ALL},
    {"data-dir", required_argument, 'D', 0, "DIR",
     "gazetteer for authority names (default: installed data)", CMD_ALL},
    {"help", no_argument, 'h', 1, NULL, "this help", CMD_ALL},
    {"version", no_argument, 'V', 0, NULL, "program and Xapian versions", CMD_ALL},
    {NULL, 0, 0, 0, NULL, NULL, 0},
};

const query_option *query_option_by_key(int key)
{
    for (const query_option *o = query_options; o->name; o++)
        if (o->key == key)
            return o;
    return NULL;
}

struct option *query_getopt_table(char *shorts, size_t shorts_len)
{
    size_t n = 0, k = 0;
    while (query_options[n].name)
        n++;
    struct option *t = xcalloc(n + 1, sizeof *t);
    for (size_t i = 0; i < n; i++) {
        const query_option *o = &query_options[i];
        t[i] = (struct option){o->name, o->has_arg, NULL, o->key};
        if (o->short_too && k + 3 < shorts_len && !strchr(shorts, o->key)) {
            shorts[k++] = (char)o->key;
            if (o->has_arg == required_argument)
                shorts[k++] = ':';
            shorts[k] = '\0';
        }
    }
    return t;
}

void query_options_help(FILE *out)
{
    for (const query_option *o = query_options; o->name; o++) {
        if (!o->help)
            continue;
        char head[64];
        const char *space = o->arg && o->has_arg == required_argument ? " " : "";
        if (o->short_too)
            snprintf(head, sizeof head, "-%c, --%s%s%s", o->key, o->name, space,
                     o->arg ? o->arg : "");
        else
            snprintf(head, sizeof head, "--%s%s%s", o->name, space, o->arg ? o->arg : "");
        fprintf(out, "  %-20s", head);
        for (const char *line = o->help; *line;) {
            const char *nl = strchr(line, '\n');
            size_t len = nl ? (size_t)(nl - line) : strlen(line);
            fprintf(out, "%s%.*s\n", line == o->help ? "" : "                      ", (int)len,
                    line);
            line += len + (nl != NULL);
        }
    }
}
