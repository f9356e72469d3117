/* scrutiny-query: faceted search of the scrutiny database, for people at a
 * terminal and for pipelines.  Options and dispatch; the commands are in
 * cmd_*.c, the output formats in format_*.c. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyse.h"
#include "commands.h"
#include "database.h"
#include "format.h"
#include "options.h"
#include "schema.h"
#include "search.h"
#include "util.h"
#include "xapian-c.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: scrutiny-query [OPTIONS] QUERY...\n"
            "       scrutiny-query [OPTIONS] --batch < QUERIES\n"
            "       scrutiny-query [OPTIONS] show ID|FILE|DOCID[@N]\n"
            "       scrutiny-query [OPTIONS] list authorities|publishers|types|years|themes|kinds|files\n"
            "       scrutiny-query [OPTIONS] --like TEXT|- | --similar ID[@N] [QUERY...]\n"
            "       scrutiny-query [OPTIONS] --matrix A,B | --recurring FACET [QUERY...]\n"
            "\n"
            "Searches the documents indexed by scrutiny-index.  QUERY has words,\n"
            "\"phrases\", AND, OR, NOT, -word, +word, (...), NEAR, ADJ, word* and filters:\n"
            "  authority:wigan  authority:\"West Sussex\"  publisher:ofsted  type:peer-review\n"
            "  year:2018  year:2016..2019  year:..2010  date:2018-06-01..2018-07-31\n"
            "  theme:send  kind:recommendation  title:words  section:words  file:NAME\n"
            "Documents are matched, ranked and counted; each hit shows its best passage.\n"
            "show ID@N prints passage N of a document (ID: a file, a document id, or\n"
            "a hit's docid; N: a hit's passage number).\n"
            "\n"
            "  --db PATH           database (default: $SCRUTINY_DB, else\n"
            "                      $XDG_DATA_HOME/scrutiny/db or ~/.local/share/scrutiny/db);\n"
            "                      again for more shards, searched as one; a Xapian\n"
            "                      stub file names several\n"
            "  -f, --format F      text (default on a terminal), tsv (default otherwise),\n"
            "                      json, ndjson or paths\n"
            "  --fields LIST       tsv columns (default " TSV_DEFAULT_FIELDS ")\n"
            "  -0, --null          paths: end each with NUL instead of a newline\n"
            "  -n, --limit N       hits to show (default 10, at most 10000)\n"
            "  --offset N          hits to skip first (default 0, at most 100000)\n"
            "  --sort S            relevance (default), date (oldest first) or -date\n"
            "  --level L           document (default: the best passage of each\n"
            "                      document) or passage (the answering passages of\n"
            "                      each matching document)\n"
            "  --match M           any (default: documents with more of the words,\n"
            "                      rarer ones and closer together rank first), all\n"
            "                      (every word somewhere in the document) or passage\n"
            "                      (every word in one passage)\n"
            "  --facets LIST       count all matches by facets: authority, publisher,\n"
            "                      type, year, theme, kind, file\n"
            "  -c, --count         print only the number of matches\n"
            "  --no-synonyms       words only as written: no acronyms for their\n"
            "                      expansions (SALT for speech and language therapy)\n"
            "  --like TEXT         precedent: recommendations and areas for development\n"
            "                      of other authorities like TEXT (- reads it from stdin)\n"
            "  --similar ID[@N]    the same, like a document, or its passage N (see show)\n"
            "  --same-authority    --like/--similar: keep the source's own authority\n"
            "  --matrix A,B        cross-tabulate matching documents by two facets\n"
            "  --recurring FACET   FACET's values by the authorities they occur in\n"
            "  --batch             answer one query per line of standard input, as ndjson\n"
            "  --color[=WHEN]      highlight in text output: auto (default), always, never\n"
            "  --allow-partial     answer from the shards that can be reached, naming\n"
            "                      the others on stderr\n"
            "  --data-dir DIR      gazetteer for authority names (default: installed data)\n"
            "  -h, --help          this help\n"
            "  --version           program and Xapian versions\n"
            "\n"
            "Exit status: 0 something matched, 1 nothing matched, 2 error (a bad\n"
            "option, query or filter value, a query over a limit: see LIMITS in\n"
            "scrutiny-query(1)).\n"
            "See scrutiny-query(1).\n");
}

static int parse_uint(const char *opt, const char *s, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || *s == '-' || v > 1000000000ul) {
        fprintf(stderr, "%s: %s needs a whole number, not '%s'\n", util_progname(), opt, s);
        return -1;
    }
    *out = (unsigned)v;
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

static int parse_format(const char *s, output_format *f)
{
    static const struct {
        const char *name;
        output_format f;
    } names[] = {{"text", FORMAT_TEXT}, {"json", FORMAT_JSON}, {"ndjson", FORMAT_NDJSON},
                 {"tsv", FORMAT_TSV},   {"paths", FORMAT_PATHS}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i].name) == 0) {
            *f = names[i].f;
            return 0;
        }
    fprintf(stderr, "%s: unknown format '%s' (use text, json, ndjson, tsv or paths)\n",
            util_progname(), s);
    return -1;
}

static int check_fields(const strlist *fields)
{
    for (size_t i = 0; i < fields->len; i++) {
        int known = 0;
        for (size_t k = 0; tsv_fields[k] && !known; k++)
            known = strcmp(fields->items[i], tsv_fields[k]) == 0;
        if (!known) {
            strbuf sb;
            sb_init(&sb);
            for (size_t k = 0; tsv_fields[k]; k++)
                sb_addf(&sb, "%s%s", k ? ", " : "", tsv_fields[k]);
            fprintf(stderr, "%s: unknown field '%s' (known: %s)\n", util_progname(),
                    fields->items[i], sb.buf);
            sb_free(&sb);
            return -1;
        }
    }
    return 0;
}

/* Parses argv into o; returns -1 to exit with EXIT_ERROR, 1 to exit 0. */
static int parse_options(int argc, char **argv, options *o)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"data-dir", required_argument, NULL, 'D'},
        {"limit", required_argument, NULL, 'n'},
        {"offset", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"fields", required_argument, NULL, 'k'},
        {"facets", required_argument, NULL, 'F'},
        {"level", required_argument, NULL, 'L'},
        {"match", required_argument, NULL, 'm'},
        {"sort", required_argument, NULL, 's'},
        {"count", no_argument, NULL, 'c'},
        {"batch", no_argument, NULL, 'b'},
        {"null", no_argument, NULL, '0'},
        {"no-synonyms", no_argument, NULL, 'N'},
        {"allow-partial", no_argument, NULL, 'P'},
        {"like", required_argument, NULL, 'l'},
        {"similar", required_argument, NULL, 'S'},
        {"same-authority", no_argument, NULL, 'A'},
        {"matrix", required_argument, NULL, 'M'},
        {"recurring", required_argument, NULL, 'R'},
        {"color", optional_argument, NULL, 'C'},
        {"colour", optional_argument, NULL, 'C'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *color_when = NULL;
    int format_given = 0, c;
    /* Options may come after the query words, as with grep; a query word
     * that starts with '-' goes after "--". */
    while ((c = getopt_long(argc, argv, "n:f:c0h", opts, NULL)) != -1) {
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
            sl_split(&o->fields, optarg, ',');
            if (check_fields(&o->fields) != 0)
                return -1;
            break;
        case 'F': sl_split(&o->facets, optarg, ','); break;
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
            if (!comma || !schema_facet_find(o->matrix_a) || !schema_facet_find(o->matrix_b)) {
                fprintf(stderr, "%s: --matrix takes two facets, as theme,authority (known: "
                                "authority, publisher, type, year, theme, kind, file)\n",
                        util_progname());
                return -1;
            }
            break;
        }
        case 'R':
            o->recurring = optarg;
            if (!schema_facet_find(optarg)) {
                fprintf(stderr, "%s: --recurring takes a facet, as theme (known: authority, "
                                "publisher, type, year, theme, kind, file)\n", util_progname());
                return -1;
            }
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
            fprintf(stderr, "%s: try 'scrutiny-query --help'\n", util_progname());
            return -1;
        }
    }
    /* Like ls: a table for pipes, prose for people. */
    if (!format_given)
        o->format = isatty(STDOUT_FILENO) ? FORMAT_TEXT : FORMAT_TSV;
    o->color = o->format == FORMAT_TEXT && want_color(color_when) == 1;
    if (o->fields.len == 0)
        sl_split(&o->fields, TSV_DEFAULT_FIELDS, ',');
    if (o->nul && o->format != FORMAT_PATHS) {
        fprintf(stderr, "%s: -0 goes with --format paths\n", util_progname());
        return -1;
    }
    if ((o->like != NULL) + (o->similar != NULL) + (o->matrix_a != NULL) +
            (o->recurring != NULL) + o->batch > 1) {
        fprintf(stderr, "%s: --like, --similar, --matrix, --recurring and --batch go alone\n",
                util_progname());
        return -1;
    }
    for (size_t i = 0; i < o->facets.len; i++)
        if (!schema_facet_find(o->facets.items[i])) {
            fprintf(stderr, "%s: unknown facet '%s' (known: authority, publisher, type, year, theme, kind, file)\n",
                    util_progname(), o->facets.items[i]);
            return -1;
        }
    return 0;
}

int main(int argc, char **argv)
{
    util_set_progname("scrutiny-query");
    options o = {.limit = 10, .level = LEVEL_DOCUMENT, .sort = SORT_RELEVANCE};
    sl_init(&o.facets);
    sl_init(&o.fields);
    sl_init(&o.more_dbs);
    int status = EXIT_ERROR;
    int rc = parse_options(argc, argv, &o);
    if (rc != 0) {
        status = rc > 0 ? EXIT_MATCH : EXIT_ERROR;
        goto out;
    }
    /* "show" and "list" are commands unless "--" came before them */
    const char *cmd = NULL;
    if (optind < argc && strcmp(argv[optind - 1], "--") != 0 &&
        (strcmp(argv[optind], "show") == 0 || strcmp(argv[optind], "list") == 0)) {
        cmd = argv[optind++];
        if (optind + 1 != argc) {
            fprintf(stderr, "%s: %s takes one argument (try --help)\n", util_progname(), cmd);
            goto out;
        }
    }
    if (o.batch && (cmd || optind < argc)) {
        fprintf(stderr, "%s: --batch reads its queries from standard input, not arguments\n",
                util_progname());
        goto out;
    }
    char errbuf[1024];
    knowledge *know = NULL;
    if (knowledge_load(o.data_dir, NULL, &know, errbuf, sizeof errbuf) != 0) {
        if (o.data_dir) {
            fprintf(stderr, "%s: %s\n", util_progname(), errbuf);
            goto out;
        }
        /* it still answers, but the user must know what is missing */
        fprintf(stderr, "%s: warning: %s: authority names are not known, authority: takes "
                        "slugs only (--data-dir or SCRUTINY_DATA_DIR names the data files)\n",
                util_progname(), errbuf);
    }
    char *dbpath = db_resolve_path(o.db, errbuf, sizeof errbuf);
    searcher *s = NULL;
    strlist paths, missing;
    sl_init(&paths);
    sl_init(&missing);
    if (dbpath)
        sl_push(&paths, dbpath);
    for (size_t i = 0; i < o.more_dbs.len; i++)
        sl_push(&paths, o.more_dbs.items[i]);
    int opened = dbpath && searcher_open_all((const char *const *)paths.items, paths.len,
                                             know ? knowledge_gazetteer(know) : NULL,
                                             know ? knowledge_taxonomy(know) : NULL,
                                             o.allow_partial, &missing, &s, errbuf,
                                             sizeof errbuf) == 0;
    for (size_t i = 0; i < missing.len; i++)
        fprintf(stderr, "%s: shard left out (--allow-partial): %s\n", util_progname(),
                missing.items[i]);
    sl_free(&paths);
    sl_free(&missing);
    if (!opened) {
        fprintf(stderr, "%s: %s\n", util_progname(), errbuf);
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
    knowledge_free(know);
    free(dbpath);
out:
    sl_free(&o.facets);
    sl_free(&o.fields);
    sl_free(&o.more_dbs);
    free(o.matrix_a);
    free(o.matrix_b);
    return status;
}
