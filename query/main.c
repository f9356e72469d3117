/* scrutiny-query: faceted search of the scrutiny database. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "database.h"
#include "format.h"
#include "search.h"
#include "util.h"
#include "xapian-c.h"

/* Exit statuses, as grep: documented in scrutiny-query(1). */
enum { EXIT_MATCH = 0, EXIT_NO_MATCH = 1, EXIT_ERROR = 2 };

enum format_kind { FORMAT_TEXT, FORMAT_JSON, FORMAT_TSV };

static void usage(FILE *out)
{
    fprintf(out,
            "usage: scrutiny-query [OPTIONS] QUERY...\n"
            "\n"
            "Searches the documents indexed by scrutiny-index.  QUERY has words,\n"
            "\"phrases\", AND, OR, NOT, -word, +word, (...), NEAR, word* and filters:\n"
            "  authority:wigan  publisher:ofsted  type:peer-review  year:2018\n"
            "  year:2016..2019  date:2018-06-01..2018-07-31  title:words  file:NAME\n"
            "\n"
            "  --db PATH           database (default: $SCRUTINY_DB, else\n"
            "                      $XDG_DATA_HOME/scrutiny/db or ~/.local/share/scrutiny/db)\n"
            "  -n, --limit N       hits to show (default 10)\n"
            "  --offset N          hits to skip first (default 0)\n"
            "  -f, --format F      text (default), json or tsv\n"
            "  --level L           document (default: the best passage of each\n"
            "                      document) or passage (every matching passage)\n"
            "  --facets LIST       count matches by facets, e.g. authority,year,type\n"
            "                      (known: authority, publisher, type, year, file)\n"
            "  --color[=WHEN]      highlight in text output: auto (default), always, never\n"
            "  -h, --help          this help\n"
            "  --version           program and Xapian versions\n"
            "\n"
            "Exit status: 0 something matched, 1 nothing matched, 2 error.\n"
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

int main(int argc, char **argv)
{
    util_set_progname("scrutiny-query");
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"limit", required_argument, NULL, 'n'},
        {"offset", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"facets", required_argument, NULL, 'F'},
        {"level", required_argument, NULL, 'L'},
        {"color", optional_argument, NULL, 'c'},
        {"colour", optional_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *dbopt = NULL, *color_when = NULL;
    unsigned limit = 10, offset = 0;
    enum format_kind format = FORMAT_TEXT;
    search_level level = LEVEL_DOCUMENT;
    strlist facets;
    sl_init(&facets);
    int c, status = EXIT_ERROR;
    while ((c = getopt_long(argc, argv, "n:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': dbopt = optarg; break;
        case 'n':
            if (parse_uint("--limit", optarg, &limit) != 0)
                goto out;
            break;
        case 'o':
            if (parse_uint("--offset", optarg, &offset) != 0)
                goto out;
            break;
        case 'f':
            if (strcmp(optarg, "text") == 0)
                format = FORMAT_TEXT;
            else if (strcmp(optarg, "json") == 0)
                format = FORMAT_JSON;
            else if (strcmp(optarg, "tsv") == 0)
                format = FORMAT_TSV;
            else {
                fprintf(stderr, "%s: unknown format '%s' (use text, json or tsv)\n",
                        util_progname(), optarg);
                goto out;
            }
            break;
        case 'F': sl_split(&facets, optarg, ','); break;
        case 'L':
            if (strcmp(optarg, "document") == 0)
                level = LEVEL_DOCUMENT;
            else if (strcmp(optarg, "passage") == 0)
                level = LEVEL_PASSAGE;
            else {
                fprintf(stderr, "%s: --level takes document or passage, not '%s'\n",
                        util_progname(), optarg);
                goto out;
            }
            break;
        case 'c':
            color_when = optarg;
            if (want_color(color_when) < 0) {
                fprintf(stderr, "%s: --color takes auto, always or never, not '%s'\n",
                        util_progname(), optarg);
                goto out;
            }
            break;
        case 'h':
            usage(stdout);
            status = EXIT_MATCH;
            goto out;
        case 'V':
            printf("scrutiny-query %s (Xapian %s)\n", PACKAGE_VERSION, xc_xapian_version());
            status = EXIT_MATCH;
            goto out;
        default:
            fprintf(stderr, "%s: try 'scrutiny-query --help'\n", util_progname());
            goto out;
        }
    }

    strbuf query;
    sb_init(&query);
    for (int i = optind; i < argc; i++) {
        if (query.len)
            sb_addc(&query, ' ');
        sb_adds(&query, argv[i]);
    }
    char errbuf[1024];
    char *dbpath = db_resolve_path(dbopt, errbuf, sizeof errbuf);
    searcher *s = NULL;
    if (!dbpath || searcher_open(dbpath, &s, errbuf, sizeof errbuf) != 0) {
        fprintf(stderr, "%s: %s\n", util_progname(), errbuf);
        free(dbpath);
        sb_free(&query);
        goto out;
    }
    int color = format == FORMAT_TEXT && want_color(color_when) == 1;
    search_request req = {
        .query = query.buf ? query.buf : "",
        .level = level,
        .offset = offset,
        .limit = limit,
        .facets = (const char *const *)facets.items,
        .n_facets = facets.len,
        .snippet_bytes = format == FORMAT_TSV ? 0 : 240,
        .hi_start = color ? "\033[1;31m" : "",
        .hi_end = color ? "\033[0m" : "",
    };
    search_result res;
    if (searcher_run(s, &req, &res, errbuf, sizeof errbuf) != 0) {
        fprintf(stderr, "%s: %s\n", util_progname(), errbuf);
    } else {
        format_ctx ctx = {req.query, offset, limit, color};
        if (format == FORMAT_JSON)
            format_json(stdout, &res, &ctx);
        else if (format == FORMAT_TSV)
            format_tsv(stdout, &res, &ctx);
        else
            format_text(stdout, &res, &ctx);
        status = res.total ? EXIT_MATCH : EXIT_NO_MATCH;
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "%s: writing results: %s\n", util_progname(), strerror(errno));
            status = EXIT_ERROR;
        }
    }
    search_result_free(&res);
    searcher_close(s);
    free(dbpath);
    sb_free(&query);
out:
    sl_free(&facets);
    return status;
}
