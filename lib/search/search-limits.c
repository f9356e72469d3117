/* search-limits.c: the bounds of a search (see limits.h and doc/limits.md). */
#include "search-limits.h"

#include <ctype.h>
#include <stddef.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* An unsigned number from the environment; 0 when name is not set. */
static int env_number(const char *name, double max, int zero_ok, double *out, scr_error *err)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return 0;
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (errno || end == v || *end || !(d >= 0) || d > max || (!zero_ok && d < 1)) {
        scr_fail(err, SCR_ERR_INPUT, "%s: needs a number from %s to %.0f, not '%s'", name,
                 zero_ok ? "0" : "1", max, v);
        return -1;
    }
    *out = d;
    return 1;
}

scr_status search_limits_from_env(search_limits *l, scr_error *err)
{
    *l = (search_limits){
        .query_bytes = LIMIT_QUERY_BYTES,
        .depth = LIMIT_DEPTH,
        .words = LIMIT_WORDS,
        .expansion = LIMIT_EXPANSION,
        .like_bytes = LIMIT_LIKE_BYTES,
        .like_words = LIMIT_LIKE_WORDS,
        .hits = LIMIT_HITS,
        .offset = LIMIT_OFFSET,
        .matrix_cells = LIMIT_MATRIX_CELLS,
        .seconds = LIMIT_SECONDS,
        .rescore_window = LIMIT_RESCORE_WINDOW,
    };
    static const struct {
        const char *name;
        size_t off;
        int is_size;
        double max; /* 0: any a size_t or an unsigned holds */
    } vars[] = {
        {"SCRUTINY_MAX_QUERY_BYTES", offsetof(search_limits, query_bytes), 1, 0},
        {"SCRUTINY_MAX_DEPTH", offsetof(search_limits, depth), 0, 0},
        {"SCRUTINY_MAX_WORDS", offsetof(search_limits, words), 0, LIMIT_WORDS_MOST},
        {"SCRUTINY_MAX_EXPANSION", offsetof(search_limits, expansion), 0, 0},
        {"SCRUTINY_MAX_LIKE_BYTES", offsetof(search_limits, like_bytes), 1, 0},
        {"SCRUTINY_MAX_LIKE_WORDS", offsetof(search_limits, like_words), 0, LIMIT_WORDS_MOST},
        {"SCRUTINY_MAX_LIMIT", offsetof(search_limits, hits), 0, 0},
        {"SCRUTINY_MAX_OFFSET", offsetof(search_limits, offset), 0, 0},
        {"SCRUTINY_MAX_MATRIX_CELLS", offsetof(search_limits, matrix_cells), 0, 0},
    };
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        double d;
        double max = vars[i].max ? vars[i].max : vars[i].is_size ? 1e12 : 4e9;
        int got = env_number(vars[i].name, max, 0, &d, err);
        if (got < 0)
            return SCR_ERR_INPUT;
        if (!got)
            continue;
        char *field = (char *)l + vars[i].off;
        if (vars[i].is_size)
            *(size_t *)(void *)field = (size_t)d;
        else
            *(unsigned *)(void *)field = (unsigned)d;
    }
    double d;
    int got = env_number("SCRUTINY_MAX_SECONDS", 1e6, 1, &d, err);
    if (got < 0)
        return SCR_ERR_INPUT;
    if (got)
        l->seconds = d;
    got = env_number("SCRUTINY_RESCORE_WINDOW", 4e9, 1, &d, err);
    if (got < 0)
        return SCR_ERR_INPUT;
    if (got)
        l->rescore_window = (unsigned)d;
    return SCR_OK;
}

static int word_byte(unsigned char c) { return isalnum(c) || c == '_' || c >= 0x80; }

static int is_operator(const char *w, size_t n)
{
    static const char *const ops[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
        if (strlen(ops[i]) == n && memcmp(w, ops[i], n) == 0)
            return 1;
    return 0;
}

size_t search_limits_words(const char *query)
{
    size_t n = 0;
    const char *p = query;
    while (*p) {
        if (!word_byte((unsigned char)*p)) {
            p++;
            continue;
        }
        const char *start = p;
        while (*p && word_byte((unsigned char)*p))
            p++;
        n += !is_operator(start, (size_t)(p - start));
    }
    return n;
}

scr_status search_limits_check_length(const search_limits *l, size_t len, scr_error *err)
{
    if (len <= l->query_bytes)
        return SCR_OK;
    return scr_fail(err, SCR_ERR_LIMIT, "query too long: %zu bytes, the limit is %zu "
                    "(SCRUTINY_MAX_QUERY_BYTES)", len, l->query_bytes);
}

scr_status search_limits_check_query(const search_limits *l, const char *query, scr_error *err)
{
    scr_status rc = search_limits_check_length(l, strlen(query), err);
    if (rc != SCR_OK)
        return rc;
    /* parentheses outside quotes, as the parser nests them */
    unsigned depth = 0, deepest = 0;
    int quoted = 0;
    for (const char *p = query; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && *p == '(' && ++depth > deepest)
            deepest = depth;
        else if (!quoted && *p == ')' && depth)
            depth--;
    }
    if (deepest > l->depth)
        return scr_fail(err, SCR_ERR_LIMIT, "query nested too deep: %u levels of parentheses, "
                        "the limit is %u (SCRUTINY_MAX_DEPTH)", deepest, l->depth);
    size_t words = search_limits_words(query);
    if (words > l->words)
        return scr_fail(err, SCR_ERR_LIMIT, "query has too many words: %zu, the limit is %u "
                        "(SCRUTINY_MAX_WORDS)", words, l->words);
    return SCR_OK;
}

void search_limits_cut_words(char *text, unsigned max)
{
    unsigned n = 0;
    char *p = text;
    while (*p) {
        while (*p && isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        if (n++ == max) {
            *p = '\0';
            return;
        }
        while (*p && !isspace((unsigned char)*p))
            p++;
    }
}

double search_limits_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
