/* option-table.h: scrutiny-query's options, once: getopt's table, --help's
 * lines and which commands take each are made from query_options
 * (tests/check-options checks the man page and the completions against
 * it). */
#ifndef SCRUTINY_QUERY_OPTION_TABLE_H
#define SCRUTINY_QUERY_OPTION_TABLE_H

#include <stddef.h>
#include <stdio.h>

/* The commands, as bits: what an option belongs to. */
enum {
    CMD_SEARCH = 1,
    CMD_BATCH = 2,
    CMD_SHOW = 4,
    CMD_LIST = 8,
    CMD_PRECEDENT = 16,
    CMD_MATRIX = 32, /* and --recurring */
    CMD_SEARCHING = CMD_SEARCH | CMD_BATCH | CMD_PRECEDENT,
    CMD_ALL = 63,
};

typedef struct query_option {
    const char *name;  /* the long option, without "--" */
    int has_arg;       /* no_argument, required_argument, optional_argument */
    int key;           /* getopt's value */
    int short_too;     /* key is also the short option (-n) */
    const char *arg;   /* its argument in --help ("N", "[=WHEN]"), or NULL */
    const char *help;  /* --help's text ('\n' between lines); NULL: not shown */
    unsigned commands; /* CMD_* that take it */
} query_option;

extern const query_option query_options[]; /* ends with a NULL name */

/* The option whose getopt value is key, or NULL. */
const query_option *query_option_by_key(int key);
/* getopt_long's table (malloc()ed) and, in shorts, its short options. */
struct option *query_getopt_table(char *shorts, size_t shorts_len);
/* --help's option lines. */
void query_options_help(FILE *out);

#endif
