/* cmd_precedent.c: --like TEXT|- and --similar ID: what reviewers
 * recommended elsewhere on the same problem. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "util.h"

/* Standard input up to max bytes and one more (what is over max the
 * library refuses, naming the limit): never the whole of a huge input.
 * *len: the bytes read (a NUL among them ends the string early). */
static char *read_stdin(size_t max, size_t *len)
{
    strbuf sb;
    sb_init(&sb);
    char buf[65536];
    size_t n;
    while (sb.len <= max && (n = fread(buf, 1, sizeof buf, stdin)) > 0)
        sb_add(&sb, buf, n);
    if (ferror(stdin)) {
        fprintf(stderr, "%s: reading standard input: %s\n", util_progname(), strerror(errno));
        sb_free(&sb);
        return NULL;
    }
    *len = sb.len;
    return sb_steal(&sb);
}

int cmd_precedent(searcher *s, const char *query, const options *o)
{
    char *text = NULL;
    if (o->like) {
        size_t len = strlen(o->like);
        text = strcmp(o->like, "-") == 0 ? read_stdin(searcher_limits(s)->like_bytes, &len)
                                         : xstrdup(o->like);
        if (!text)
            return EXIT_ERROR;
        /* as a query's (a NUL cut the text short, unsaid, and let it past
         * the length limit) */
        const char *bad = memchr(text, '\0', len) ? "holds a NUL byte: not text"
                          : !utf8_valid(text, len) ? "is not valid UTF-8"
                                                   : NULL;
        if (bad) {
            fprintf(stderr, "%s: --like: the text %s\n", util_progname(), bad);
            free(text);
            return EXIT_ERROR;
        }
        if (query_blank(text)) { /* as "" (white space compares with nothing) */
            fprintf(stderr, "%s: --like: no text to compare with\n", util_progname());
            free(text);
            return EXIT_ERROR;
        }
    }
    /* as a search: --count gets the exact total, not an estimate */
    search_request req = search_request_for(s, query, o);
    search_result res;
    scr_error err;
    /* no document named, or a passage that is no number: the command's
     * mistake (exit 2), not a document that is not there */
    if (o->similar && search_source_ref_bad(o->similar)) {
        fprintf(stderr, "%s: --similar takes a document: a file, an id or a docid, with @N for "
                        "its passage N\n",
                util_progname());
        return EXIT_ERROR;
    }
    char *similar = o->similar ? document_key(o->similar) : NULL;
    scr_status rc = searcher_like(s, &req, text, similar, o->same_authority, &res, &err);
    free(similar);
    free(text);
    if (rc != SCR_OK) { /* no such source: as a search that finds nothing */
        fprintf(stderr, "%s: %s\n", util_progname(), err.message);
        return rc == SCR_ERR_NOT_FOUND ? EXIT_NO_MATCH : EXIT_ERROR;
    }
    return print_result(query, &res, &req, o);
}
