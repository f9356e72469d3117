/* cmd_search.c: one query, or --batch: one per line of standard input. */
#include <errno.h>
#include <sys/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "printer.h"
#include "normalise.h"
#include "util.h"

void printer_for(printer *p, const options *o)
{
    printer_init(p, o->batch ? PRINT_BATCH : o->format, stdout);
    p->color = o->color;
    p->nul = o->nul;
    p->fields = &o->fields;
}

search_request search_request_for(searcher *s, const char *query, const options *o)
{
    unsigned most = searcher_limits(s)->hits;
    unsigned limit = o->every_hit                        ? most
                     : !o->limit_given && o->limit > most ? most /* SCRUTINY_MAX_LIMIT=5 */
                                                          : o->limit;
    printer p;
    printer_for(&p, o);
    int snippets = printer_wants_snippets(&p);
    search_request req = {
        .query = query,
        .level = o->level,
        .sort = o->sort,
        .match = o->match,
        .exact_total = o->count,
        .no_synonyms = o->no_synonyms,
        .offset = o->offset,
        .limit = o->count ? 0 : limit,
        .facets = (const char *const *)o->facets.items,
        .n_facets = o->facets.len,
        .snippet_bytes = snippets ? 240 : 0,
        .hi_start = o->color ? "\033[1;31m" : "",
        .hi_end = o->color ? "\033[0m" : "",
    };
    return req;
}

int flushed(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: writing results: %s\n", util_progname(), strerror(errno));
        return EXIT_ERROR;
    }
    return status;
}

int cmd_search(searcher *s, const char *query, const options *o)
{
    search_request req = search_request_for(s, query, o);
    search_result res;
    scr_error err;
    if (searcher_run(s, &req, &res, &err) != SCR_OK) {
        fprintf(stderr, "%s: %s\n", util_progname(), err.message);
        return EXIT_ERROR;
    }
    return print_result(query, &res, &req, o);
}

int print_result(const char *query, search_result *res, const search_request *req,
                 const options *o)
{
    if (o->every_hit && req->offset + res->n_hits < res->total)
        fprintf(stderr, "%s: %s%u %s match; the first %u are listed (--offset for the "
                        "next)\n", util_progname(), res->exact ? "" : "about ", res->total,
                req->level == LEVEL_PASSAGE ? "passages" : "documents",
                req->offset + (unsigned)res->n_hits);
    printer p;
    printer_for(&p, o);
    if (o->count)
        printer_count(&p, res);
    else
        printer_result(&p, query, res, req);
    int status = res->total ? EXIT_MATCH : EXIT_NO_MATCH;
    search_result_free(res);
    return flushed(status);
}

/* Milliseconds on a monotonic clock, for the "took_ms" of answers. */
static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* A refused line of n bytes as the answer shows it: whole, a NUL byte as
 * U+FFFD (it ended the line there), bytes that are not UTF-8 repaired. */
static char *shown_line(const char *line, size_t n)
{
    strbuf sb;
    sb_init(&sb);
    for (const char *p = line, *end = line + n; p < end;) {
        const char *nul = memchr(p, '\0', (size_t)(end - p));
        size_t len = (size_t)((nul ? nul : end) - p);
        sb_addf(&sb, "%.*s%s", (int)len, p, nul ? "\xEF\xBF\xBD" : "");
        p += len + (nul != NULL);
    }
    char *shown = norm_repair(sb.buf ? sb.buf : "");
    sb_free(&sb);
    return shown;
}

int cmd_batch(searcher *s, const options *o)
{
    char *line = NULL;
    size_t cap = 0;
    long whole;
    int any_match = 0, any_error = 0;
    printer p;
    printer_for(&p, o);
    /* a line is kept to the query limit: a longer one is read no further */
    size_t max = searcher_limits(s)->query_bytes;
    while ((whole = read_line_bounded(stdin, &line, &cap, max)) >= 0) {
        size_t n = (size_t)whole < max ? (size_t)whole : max;
        while (n > 0 && line[n - 1] == '\r')
            line[--n] = '\0';
        /* a blank line is no query (a blank query would be every document) */
        if (n == 0 || ((size_t)whole <= max && !memchr(line, '\0', n) && query_blank(line)))
            continue;
        scr_error too_long;
        const char *bad =
            search_limits_check_length(searcher_limits(s), (size_t)whole, &too_long) != SCR_OK
                ? too_long.message
            : memchr(line, '\0', n) ? "a NUL byte in the query"
            : !utf8_valid(line, n)   ? "the query is not valid UTF-8"
                                     : NULL;
        if (bad) { /* answered with an error, the next line runs */
            char *shown = shown_line(line, n);
            printer_batch_error(&p, shown ? shown : "", bad);
            free(shown);
            any_error = 1;
            continue;
        }
        search_request req = search_request_for(s, line, o);
        search_result res;
        scr_error err;
        double t0 = now_ms();
        int failed = searcher_run(s, &req, &res, &err) != SCR_OK;
        double took_ms = now_ms() - t0;
        if (failed) {
            /* one bad query does not stop the others: it is answered */
            printer_batch_error(&p, line, err.message);
            any_error = 1;
            continue;
        }
        p.took_ms = took_ms;
        printer_result(&p, line, &res, &req);
        any_match |= res.total > 0;
        search_result_free(&res);
    }
    free(line);
    if (ferror(stdin)) {
        fprintf(stderr, "%s: reading queries: %s\n", util_progname(), strerror(errno));
        return EXIT_ERROR;
    }
    return flushed(any_error ? EXIT_ERROR : any_match ? EXIT_MATCH : EXIT_NO_MATCH);
}
