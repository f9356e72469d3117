/* scrutiny-query: faceted search of the scrutiny database, for people at a
 * terminal and for pipelines.  Options and dispatch; the commands are in
 * cmd_*.c, the output formats in lib/print/printer*.c. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lazy-knowledge.h"
#include "commands.h"
#include "database.h"
#include "printer.h"
#include "option-table.h"
#include "options.h"
#include "schema.h"
#include "search.h"
#include "util.h"
#include "xapian-c.h"

/* What scrutiny-query can be asked, in --help's order: a command is
 * chosen by its first word (show, list), by an option (--batch, --like,
 * --similar, --matrix, --recurring), or else it is a search.  Each takes
 * the options whose query_options entry names its bit. */
typedef struct command {
    const char *name;  /* in messages */
    unsigned bit;      /* CMD_* */
    const char *word;  /* chosen by this first word, or NULL */
    int key, key2;     /* chosen by these options (getopt values), or 0 */
    const char *usage; /* its line of --help's usage, or NULL (shown with another) */
} command;

static const command commands[] = {
    {"a search", CMD_SEARCH, NULL, 0, 0, "[OPTIONS] QUERY..."},
    {"--batch", CMD_BATCH, NULL, 'b', 0, "[OPTIONS] --batch < QUERIES"},
    {"show", CMD_SHOW, "show", 0, 0, "[OPTIONS] show ID|FILE|DOCID[@N]"},
    {"list", CMD_LIST, "list", 0, 0,
     "[OPTIONS] list authorities|publishers|types|years|themes|kinds|files"},
    {"--like/--similar", CMD_PRECEDENT, NULL, 'l', 'S',
     "[OPTIONS] --like TEXT|- | --similar ID[@N] [QUERY...]"},
    {"--matrix/--recurring", CMD_MATRIX, NULL, 'M', 'R',
     "[OPTIONS] --matrix A,B | --recurring FACET [QUERY...]"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (commands[i].usage)
            fprintf(out, "%s scrutiny-query %s\n", i ? "      " : "usage:", commands[i].usage);
    fprintf(out,
            "\n"
            "Searches the documents indexed by scrutiny-index.  QUERY has words,\n"
            "\"phrases\", AND, OR, NOT, -word, +word, (...), NEAR, ADJ, word* and filters:\n"
            "  authority:wigan  authority:\"West Sussex\"  publisher:ofsted  type:peer-review\n"
            "  year:2018  year:2016..2019  year:..2010  date:2018-06-01..2018-07-31\n"
            "  theme:send  kind:recommendation  title:words  section:words  file:NAME\n"
            "Documents are matched, ranked and counted; each hit shows its best passage.\n"
            "show ID@N prints passage N of a document (ID: a file, a document id, or\n"
            "a hit's docid; N: a hit's passage number).\n"
            "\n");
    query_options_help(out);
    fprintf(out,
            "\n"
            "Exit status: 0 something matched, 1 nothing matched, 2 error (a bad\n"
            "option, query or filter value, a query over a limit: see LIMITS in\n"
            "scrutiny-query(1)).\n"
            "See scrutiny-query(1).\n");
}

/* Says on stderr that what (an option's argument) is not facets, naming
 * the facets the schema has; returns -1. */
static int not_facets(const char *what)
{
    strbuf known;
    sb_init(&known);
    for (const schema_facet *f = schema_facets; f->name; f++)
        sb_addf(&known, "%s%s", known.len ? ", " : "", f->name);
    fprintf(stderr, "%s: %s (known: %s)\n", util_progname(), what, known.buf);
    sb_free(&known);
    return -1;
}

static int parse_uint(const char *opt, const char *s, unsigned *out)
{
    /* what an unsigned holds: the limits (SCRUTINY_MAX_LIMIT...) say more */
    if (parse_unsigned(s, 0, UINT_MAX, out) != 0) {
        int whole = *s && s[strspn(s, "0123456789")] == '\0';
        fprintf(stderr, whole ? "%s: %s: '%s' is more than %u\n"
                              : "%s: %s needs a whole number, not '%s'\n",
                util_progname(), opt, s, UINT_MAX);
        return -1;
    }
    return 0;
}

static int want_color(const char *when)
{
    if (!when || strcmp(when, "auto") == 0) {
        const char *no = getenv("NO_COLOR");
        return isatty(STDOUT_FILENO) && !(no && *no);
    }
    if (strcmp(when, "always") == 0)
        return 1;
    if (strcmp(when, "never") == 0)
        return 0;
    return -1;
}

static int parse_format(const char *s, print_format *f)
{
    if (printer_format_named(s, f) == 0)
        return 0;
    char *names = printer_format_names();
    fprintf(stderr, "%s: unknown format '%s' (use %s)\n", util_progname(), s, names);
    free(names);
    return -1;
}

/* Whether option's list arg (as given, NULL when not) has an empty name
 * ("rank,,title" or "" are mistakes, not the default): said, -1. */
static int empty_name(const char *option, const char *arg)
{
    for (const char *p = arg; p; p = strchr(p, ',')) {
        p += *p == ',';
        size_t n = strcspn(p, ",");
        size_t blank = 0;
        while (blank < n && isspace((unsigned char)p[blank]))
            blank++;
        if (blank == n) {
            fprintf(stderr, "%s: %s '%s': an empty name (names go between commas)\n",
                    util_progname(), option, arg);
            return -1;
        }
    }
    return 0;
}

/* The fields of --fields (arg as given, NULL when not): known names,
 * none empty. */
static int check_fields(const strlist *fields, const char *arg)
{
    if (empty_name("--fields", arg) != 0)
        return -1;
    for (size_t i = 0; i < fields->len; i++) {
        int known = 0;
        for (size_t k = 0; print_tsv_fields[k] && !known; k++)
            known = strcmp(fields->items[i], print_tsv_fields[k]) == 0;
        if (!known) {
            strbuf sb;
            sb_init(&sb);
            for (size_t k = 0; print_tsv_fields[k]; k++)
                sb_addf(&sb, "%s%s", k ? ", " : "", print_tsv_fields[k]);
            fprintf(stderr, "%s: unknown field '%s' (known: %s)\n", util_progname(),
                    fields->items[i], sb.buf);
            sb_free(&sb);
            return -1;
        }
    }
    return 0;
}

/* Parses argv into o; returns -1 to exit with EXIT_ERROR, 1 to exit 0. */
static int read_options(int argc, char **argv, options *o, const struct option *opts,
                        const char *shorts, char given[256])
{
    const char *color_when = NULL;
    int format_given = 0, c;
    /* Options may come after the query words, as with grep; a query word
     * that starts with '-' goes after "--". */
    char optstring[80];
    snprintf(optstring, sizeof optstring, ":%s", shorts); /* ':' for a missing value */
    opterr = 0; /* its mistakes said in one line: util_option_error */
    while ((c = getopt_long(argc, argv, optstring, opts, NULL)) != -1) {
        if (c > 0 && c < 256)
            given[c] = 1;
        switch (c) {
        case 'd':
            if (o->db)
                sl_push(&o->more_dbs, optarg);
            else
                o->db = optarg;
            break;
        case 'D': o->data_dir = optarg; break;
        case 'n':
            if (parse_uint("--limit", optarg, &o->limit) != 0)
                return -1;
            break;
        case 'o':
            if (parse_uint("--offset", optarg, &o->offset) != 0)
                return -1;
            break;
        case 'f':
            if (parse_format(optarg, &o->format) != 0)
                return -1;
            format_given = 1;
            break;
        case 'k':
            sl_free(&o->fields);
            sl_split(&o->fields, optarg, ','); /* checked once the command is known */
            o->fields_arg = optarg;
            break;
        case 'F':
            if (empty_name("--facets", optarg) != 0)
                return -1;
            sl_split(&o->facets, optarg, ',');
            break;
        case 'L':
            if (strcmp(optarg, "document") == 0)
                o->level = LEVEL_DOCUMENT;
            else if (strcmp(optarg, "passage") == 0)
                o->level = LEVEL_PASSAGE;
            else {
                fprintf(stderr, "%s: --level takes document or passage, not '%s'\n",
                        util_progname(), optarg);
                return -1;
            }
            break;
        case 'm': {
            int m = search_match_parse(optarg);
            if (m < 0) {
                fprintf(stderr, "%s: --match takes any, all or passage, not '%s'\n",
                        util_progname(), optarg);
                return -1;
            }
            o->match = (search_match)m;
            break;
        }
        case 's':
            if (strcmp(optarg, "relevance") == 0)
                o->sort = SORT_RELEVANCE;
            else if (strcmp(optarg, "date") == 0)
                o->sort = SORT_DATE;
            else if (strcmp(optarg, "-date") == 0)
                o->sort = SORT_DATE_DESC;
            else {
                fprintf(stderr, "%s: --sort takes relevance, date or -date, not '%s'\n",
                        util_progname(), optarg);
                return -1;
            }
            break;
        case 'c': o->count = 1; break;
        case 'b': o->batch = 1; break;
        case '0': o->nul = 1; break;
        case 'N': o->no_synonyms = 1; break;
        case 'P': o->allow_partial = 1; break;
        case 'l': o->like = optarg; break;
        case 'S': o->similar = optarg; break;
        case 'A': o->same_authority = 1; break;
        case 'M': {
            const char *comma = strchr(optarg, ',');
            free(o->matrix_a);
            free(o->matrix_b);
            o->matrix_a = comma ? xstrndup(optarg, (size_t)(comma - optarg)) : NULL;
            o->matrix_b = comma ? xstrdup(comma + 1) : NULL;
            if (!comma || !schema_facet_find(o->matrix_a) || !schema_facet_find(o->matrix_b))
                return not_facets("--matrix takes two facets, as theme,authority");
            break;
        }
        case 'R':
            o->recurring = optarg;
            if (!schema_facet_find(optarg))
                return not_facets("--recurring takes a facet, as theme");
            break;
        case 'C':
            color_when = optarg;
            if (want_color(color_when) < 0) {
                fprintf(stderr, "%s: --color takes auto, always or never, not '%s'\n",
                        util_progname(), optarg);
                return -1;
            }
            break;
        case 'h': usage(stdout); return 1;
        case 'V':
            printf("scrutiny-query %s (Xapian %s)\n", PACKAGE_VERSION, xc_xapian_version());
            return 1;
        default:
            /* an unknown letter after one -: most likely a query word
             * excluded, as -speech, which getopt read as options */
            util_option_error(c, optopt, opts, argv[optind - 1],
                              "a query word that starts with - goes after --, as in "
                              "scrutiny-query -- -speech (try 'scrutiny-query --help')");
            return -1;
        }
    }
    /* Like ls: a table for pipes, prose for people; but --fields asks for
     * the table, and the counts of --facets have no place in it. */
    if (!format_given)
        o->format = given['k']                   ? PRINT_TSV
                    : isatty(STDOUT_FILENO)      ? PRINT_TEXT
                    : given['F'] && !given['c'] ? PRINT_JSON
                                                 : PRINT_TSV;
    o->color = o->format == PRINT_TEXT && want_color(color_when) == 1;
    /* a list of files is for acting on them (cp, xargs): every match, not
     * a first page that leaves files out without a word */
    o->every_hit = o->format == PRINT_PATHS && !given['n'];
    o->limit_given = given['n'];
    if (o->fields.len == 0)
        sl_split(&o->fields, TSV_DEFAULT_FIELDS, ',');
    if (o->nul && o->format != PRINT_PATHS) {
        fprintf(stderr, "%s: -0 goes with --format paths\n", util_progname());
        return -1;
    }
    for (size_t i = 0; i < o->facets.len; i++)
        if (!schema_facet_find(o->facets.items[i])) {
            strbuf what;
            sb_init(&what);
            sb_addf(&what, "unknown facet '%s'", o->facets.items[i]);
            not_facets(what.buf);
            sb_free(&what);
            return -1;
        }
    return 0;
}

/* Parses argv into o, noting in given each option's getopt value; returns
 * -1 to exit with EXIT_ERROR, 1 to exit 0. */
static int parse_options(int argc, char **argv, options *o, char given[256])
{
    char shorts[64] = "";
    struct option *opts = query_getopt_table(shorts, sizeof shorts);
    int rc = read_options(argc, argv, o, opts, shorts, given);
    free(opts);
    return rc;
}

/* The command argv asks for (first_word: argv's first word after the
 * options, or NULL), after checking that it is one and that every option
 * given is one it takes; NULL when not, said. */
static const command *choose_command(const char *first_word, const char given[256])
{
    const command *chosen = NULL;
    for (size_t i = 0; i < N_COMMANDS; i++) {
        const command *c = &commands[i];
        int asked = c->word ? first_word && strcmp(first_word, c->word) == 0
                            : (c->key && given[c->key]) || (c->key2 && given[c->key2]);
        if (!asked)
            continue;
        if (c->key && c->key2 && given[c->key] && given[c->key2]) { /* --like and --similar */
            fprintf(stderr, "%s: --%s and --%s go apart (try --help)\n", util_progname(),
                    query_option_by_key(c->key)->name, query_option_by_key(c->key2)->name);
            return NULL;
        }
        if (chosen) {
            fprintf(stderr, "%s: %s and %s go apart (try --help)\n", util_progname(),
                    chosen->name, c->name);
            return NULL;
        }
        chosen = c;
    }
    if (!chosen)
        chosen = &commands[0]; /* a search */
    for (const query_option *q = query_options; q->name; q++)
        if (given[q->key] && !(q->commands & chosen->bit)) {
            fprintf(stderr, "%s: --%s does not go with %s (try --help)\n", util_progname(),
                    q->name, chosen->name);
            return NULL;
        }
    return chosen;
}

/* Says when an option is given with an output that cannot show it
 * (--facets with TSV lines, --fields with JSON): refused, not ignored.
 * Returns 0 when all goes together. */
static int check_output_options(const options *o, const char given[256])
{
    const char *format = printer_format_name(o->format);
    const char *wrong = NULL;
    char why[160];
    if (given['F'] && o->count)
        wrong = "--facets does not go with --count (it prints one number; --format json "
                "--limit 0 gives both)";
    else if (given['o'] && o->count)
        wrong = "--offset does not go with --count (it counts every match)";
    else if (given['n'] && o->count)
        wrong = "--limit does not go with --count (it counts every match)";
    else if (given['k'] && o->count)
        wrong = "--fields does not go with --count (it prints one number)";
    else if (given['f'] && o->count && !o->batch &&
             (o->format == PRINT_JSON || o->format == PRINT_NDJSON || o->format == PRINT_PATHS)) {
        snprintf(why, sizeof why, "--format %s does not go with --count (it prints one "
                 "number; --format json --limit 0 gives the total in JSON)", format);
        wrong = why;
    }
    else if (given['F'] && !o->batch && o->format != PRINT_TEXT && o->format != PRINT_JSON) {
        snprintf(why, sizeof why,
                 "--facets goes with --format text or json, not %s (its lines are hits)",
                 format);
        wrong = why;
    } else if (given['k'] && (o->batch || o->format != PRINT_TSV)) {
        snprintf(why, sizeof why, "--fields goes with --format tsv, not %s",
                 o->batch ? "--batch" : format);
        wrong = why;
    } else if (o->batch && given['f'] && o->format != PRINT_NDJSON) {
        snprintf(why, sizeof why,
                 "--batch answers in ndjson, an answer a line: not --format %s", format);
        wrong = why;
    }
    if (wrong)
        fprintf(stderr, "%s: %s\n", util_progname(), wrong);
    return wrong ? -1 : 0;
}

/* The default data files are missing or bad: the request that needed them
 * still answers, but the user must know what is missing. */
static void warn_no_knowledge(void *ctx, const scr_error *err)
{
    (void)ctx;
    fprintf(stderr, "%s: warning: %s: authority names are not known, authority: takes "
                    "slugs only (--data-dir or SCRUTINY_DATA_DIR names the data files)\n",
            util_progname(), err->message);
}

/* Whether argument a came before argument b as written (the pointers of
 * the argv that getopt permuted). */
static int written_before(char *const *written, int argc, const char *a, const char *b)
{
    for (int i = 0; i < argc; i++) {
        if (written[i] == a)
            return 1;
        if (written[i] == b)
            return 0;
    }
    return 0;
}

int main(int argc, char **argv)
{
    util_set_progname("scrutiny-query");
    util_keep_freed_memory();
    options o = {.limit = 10, .level = LEVEL_DOCUMENT, .sort = SORT_RELEVANCE};
    sl_init(&o.facets);
    sl_init(&o.fields);
    sl_init(&o.more_dbs);
    int status = EXIT_ERROR;
    char given[256] = {0};
    /* the order as written: getopt moves the words before a "--" after it */
    char **written = xmalloc((size_t)argc * sizeof *written);
    memcpy(written, argv, (size_t)argc * sizeof *written);
    int rc = parse_options(argc, argv, &o, given);
    if (rc != 0) {
        free(written);
        status = rc > 0 ? EXIT_MATCH : EXIT_ERROR;
        goto out;
    }
    /* "show" and "list" are commands unless "--" came before them as
     * written ("show -- 8" shows 8; "-- show 8" searches) */
    const char *first = optind < argc && (strcmp(argv[optind - 1], "--") != 0 ||
                                          written_before(written, argc, argv[optind],
                                                         argv[optind - 1]))
                            ? argv[optind]
                            : NULL;
    free(written);
    const command *command = choose_command(first, given);
    if (!command || check_output_options(&o, given) != 0 || check_fields(&o.fields, o.fields_arg) != 0)
        goto out;
    const char *cmd = NULL;
    if (command->word) {
        cmd = argv[optind++];
        if (optind + 1 != argc) {
            fprintf(stderr, "%s: %s takes one argument (try --help)\n", util_progname(), cmd);
            goto out;
        }
    }
    if (o.batch && optind < argc) {
        fprintf(stderr, "%s: --batch reads its queries from standard input, not arguments\n",
                util_progname());
        goto out;
    }
    /* the data files are read when a request first needs them, and a
     * request that does not never says they are missing; a --data-dir the
     * user named is read now, so that a wrong one stops here */
    lazy_knowledge *know = lazy_knowledge_new(o.data_dir, warn_no_knowledge, NULL);
    scr_error err;
    if (o.data_dir && lazy_knowledge_load(know, &err) != SCR_OK) {
        fprintf(stderr, "%s: %s\n", util_progname(), err.message);
        lazy_knowledge_free(know);
        goto out;
    }
    char *dbpath = NULL;
    int resolved = db_resolve_path(o.db, &dbpath, &err) == SCR_OK;
    searcher *s = NULL;
    strlist paths, missing;
    sl_init(&paths);
    sl_init(&missing);
    if (dbpath)
        sl_push(&paths, dbpath);
    for (size_t i = 0; i < o.more_dbs.len; i++)
        sl_push(&paths, o.more_dbs.items[i]);
    int opened = resolved && searcher_open_all((const char *const *)paths.items, paths.len,
                                             know, o.allow_partial, &missing, &s,
                                             &err) == SCR_OK;
    for (size_t i = 0; i < missing.len; i++)
        fprintf(stderr, "%s: shard left out (--allow-partial): %s\n", util_progname(),
                missing.items[i]);
    sl_free(&paths);
    sl_free(&missing);
    if (!opened) {
        fprintf(stderr, "%s: %s\n", util_progname(), err.message);
    } else if (cmd && strcmp(cmd, "show") == 0) {
        status = cmd_show(s, argv[optind], &o);
    } else if (cmd) {
        status = cmd_list(s, argv[optind], &o);
    } else if (o.batch) {
        status = cmd_batch(s, &o);
    } else if (o.like || o.similar || o.matrix_a || o.recurring) {
        strbuf query;
        sb_init(&query);
        for (int i = optind; i < argc; i++)
            sb_addf(&query, "%s%s", query.len ? " " : "", argv[i]);
        const char *q = query.buf ? query.buf : "";
        status = o.matrix_a ? cmd_matrix(s, q, &o)
                 : o.recurring ? cmd_recurring(s, q, &o)
                               : cmd_precedent(s, q, &o);
        sb_free(&query);
    } else {
        strbuf query;
        sb_init(&query);
        for (int i = optind; i < argc; i++)
            sb_addf(&query, "%s%s", query.len ? " " : "", argv[i]);
        status = cmd_search(s, query.buf ? query.buf : "", &o);
        sb_free(&query);
    }
    searcher_close(s);
    lazy_knowledge_free(know);
    free(dbpath);
out:
    sl_free(&o.facets);
    sl_free(&o.fields);
    sl_free(&o.more_dbs);
    free(o.matrix_a);
    free(o.matrix_b);
    return status;
}
