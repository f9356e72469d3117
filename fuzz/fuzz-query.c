/* libFuzzer target: the library's own query parsing (query-syntax.c:
 * limits, year and date ranges, filters resolved through the gazetteer,
 * synonyms, passage scopes, the syntax error's explanation), on a searcher
 * over an empty database made once in $TMPDIR.  Nothing here sets a parser
 * up: what is fuzzed is what scrutiny-query runs. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lazy-knowledge.h"
#include "search-internal.h"
#include "util.h"
#include "writer.h"

/* Both live as long as the process (reachable: not leaks). */
static lazy_knowledge *know;
static searcher *s;

static void open_searcher(void)
{
    scr_error kerr;
    know = lazy_knowledge_new(SCRUTINY_SRCDATADIR, NULL, NULL);
    if (lazy_knowledge_load(know, &kerr) != SCR_OK) {
        fprintf(stderr, "fuzz-query: %s\n", kerr.message);
        abort();
    }
    const knowledge *k = lazy_knowledge_get(know);
    const char *tmp = getenv("TMPDIR");
    strbuf dir;
    sb_init(&dir);
    sb_addf(&dir, "%s/fuzz-query-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir.buf))
        abort();
    sb_adds(&dir, "/db");
    scr_writer *w = NULL;
    const char *paths[] = {dir.buf};
    scr_error werr;
    writer_vocab *v = NULL;
    if (writer_vocab_new(knowledge_taxonomy(k), &v, &werr) != SCR_OK ||
        writer_open(dir.buf, v, 0, 0, &w, &werr) != SCR_OK ||
        writer_close(w, &werr) != SCR_OK) {
        fprintf(stderr, "fuzz-query: %s\n", werr.message);
        abort();
    }
    writer_vocab_free(v);
    if (searcher_open_all(paths, 1, know, 0, NULL, &s, &werr) != SCR_OK) {
        fprintf(stderr, "fuzz-query: %s\n", werr.message);
        abort();
    }
    sb_free(&dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!s)
        open_searcher();
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    char errbuf[1024];
    /* as search_run_query does: what is over a limit never reaches Xapian
     * (its parser recurses: deep nesting overflows the stack) */
    scr_error limit;
    if (query_check_limits(s, text, &limit) == SCR_OK) {
        for (int mode = 0; mode < 2; mode++) {
            xc_query *q = NULL;
            passage_scope scope;
            passage_scope_init(&scope);
            xc_error err;
            xc_status st = query_parse(s, text, mode, mode ? MATCH_ANY : MATCH_ALL, &q, &scope,
                                       &err);
            if (st == XC_ERR_QUERY_SYNTAX)
                query_explain_syntax_error(s, text, err.message, errbuf, sizeof errbuf);
            xc_query_free(q);
            passage_scope_free(&scope);
        }
    }
    free(text);
    return 0;
}
