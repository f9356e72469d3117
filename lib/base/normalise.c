/* normalise.c: see normalise.h. */
#include "normalise.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util.h"

/* Replace invalid UTF-8 by U+FFFD and drop NUL bytes, so that utf8proc_map
 * (which rejects invalid input outright) always succeeds. */
static char *repair_utf8(const char *in, size_t len, size_t *out_len, size_t *invalid)
{
    /* U+FFFD is 3 bytes and replaces at least 1: 3x is the worst case. */
    if (len > (SIZE_MAX - 1) / 3)
        return NULL;
    char *out = malloc(len * 3 + 1);
    if (!out)
        return NULL;
    size_t o = 0, bad = 0;
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)in;
    size_t i = 0;
    while (i < len) {
        if (s[i] < 0x80) { /* ASCII fast path */
            if (s[i])
                out[o++] = (char)s[i];
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n < 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            bad++;
            i++;
        } else {
            memcpy(out + o, s + i, (size_t)n);
            o += (size_t)n;
            i += (size_t)n;
        }
    }
    out[o] = '\0';
    *out_len = o;
    if (invalid)
        *invalid = bad;
    return out;
}

char *norm_repair(const char *in)
{
    size_t len;
    return repair_utf8(in, strlen(in), &len, NULL);
}

char *norm_escape_bytes(const char *in)
{
    strbuf sb;
    sb_init(&sb);
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)in;
    size_t len = strlen(in);
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n < 0 || s[i] == '%') {
            sb_addf(&sb, "%%%02X", s[i]);
            i++;
        } else {
            sb_add(&sb, in + i, (size_t)n);
            i += (size_t)n;
        }
    }
    return sb_steal(&sb);
}

char *norm_unescape_bytes(const char *in)
{
    strbuf sb;
    sb_init(&sb);
    for (const char *p = in; *p; p++) {
        unsigned byte;
        if (*p == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2]) &&
            sscanf(p + 1, "%2x", &byte) == 1 && byte) {
            sb_addc(&sb, (char)byte);
            p += 2;
        } else {
            sb_addc(&sb, *p);
        }
    }
    return sb_steal(&sb);
}

/* Applied to each code point before utf8proc's own mapping.  Tabs are word
 * gaps and form feeds page breaks (STRIPCC alone would make a tab a line
 * break).  LUMP leaves double curly quotes alone, so all typographic quotes
 * and dashes are mapped here, in one visible place. */
static utf8proc_int32_t map_codepoint(utf8proc_int32_t cp, void *data)
{
    (void)data;
    switch (cp) {
    case '\t': case '\v':
        return ' ';
    case '\f':
        return '\n';
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x2035:
        return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x2036:
    case 0x00AB: case 0x00BB:
        return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
        return '-';
    default:
        return cp;
    }
}

/* utf8proc's whole mapping of valid UTF-8 (len bytes), malloc()ed, or
 * NULL when out of memory. */
static char *map_utf8(const char *s, size_t len, size_t *out_len, int fold)
{
    utf8proc_uint8_t *mapped = NULL;
    int options = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_IGNORE |
                  UTF8PROC_LUMP | UTF8PROC_STRIPCC | UTF8PROC_NLF2LF;
    if (fold)
        options |= UTF8PROC_CASEFOLD;
    utf8proc_ssize_t n = utf8proc_map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
                                             &mapped, (utf8proc_option_t)options,
                                             map_codepoint, NULL);
    if (n < 0)
        return NULL; /* only UTF8PROC_ERROR_NOMEM/OVERFLOW remain possible */
    *out_len = (size_t)n;
    return (char *)mapped;
}

/* A growing output that reports running out of memory (norm_text's
 * contract) instead of exiting as the x* wrappers do. */
typedef struct out_buf {
    char *s;
    size_t len, cap;
} out_buf;

static int out_add(out_buf *b, const char *s, size_t n, int fold)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *grown = realloc(b->s, cap);
        if (!grown)
            return 0;
        b->s = grown;
        b->cap = cap;
    }
    for (size_t i = 0; i < n; i++) /* ASCII folds to lower case, nothing more */
        b->s[b->len + i] = fold ? (char)tolower((unsigned char)s[i]) : s[i];
    b->len += n;
    b->s[b->len] = '\0';
    return 1;
}

/* The bytes from `from` to `to` through utf8proc, added to b. */
static int out_map(out_buf *b, const char *from, const char *to, int fold)
{
    if (from == to)
        return 1;
    size_t n;
    char *mapped = map_utf8(from, (size_t)(to - from), &n, fold);
    int ok = mapped && out_add(b, mapped, n, 0);
    free(mapped);
    return ok;
}

/* Whether the line from p (to its newline or stop) is printable ASCII:
 * nothing in it that utf8proc's mapping would change but, folding, its
 * capitals.  *end is set past its newline. */
static int plain_line(const char *p, const char *stop, const char **end)
{
    int plain = 1;
    while (p < stop && *p != '\n') {
        unsigned char c = (unsigned char)*p++;
        plain &= c >= 0x20 && c < 0x7F;
    }
    *end = p < stop ? p + 1 : p;
    return plain;
}

/* Most extracted text is plain ASCII, which utf8proc would copy as it is
 * (13% of the indexer's instructions on English text went there): such
 * lines are copied, and each run of other lines, newlines included (a line
 * break ends any composition), goes through utf8proc. */
static char *normalise(const char *in, size_t len, size_t *out_len, size_t *invalid,
                       int fold)
{
    size_t rlen;
    char *repaired = repair_utf8(in, len, &rlen, invalid);
    if (!repaired)
        return NULL;
    out_buf b = {NULL, 0, 0};
    const char *stop = repaired + rlen, *pending = repaired, *p = repaired, *end;
    int ok = out_add(&b, "", 0, 0);
    while (ok && p < stop) {
        if (plain_line(p, stop, &end)) {
            ok = out_map(&b, pending, p, fold) && out_add(&b, p, (size_t)(end - p), fold);
            pending = end;
        }
        p = end;
    }
    ok = ok && out_map(&b, pending, stop, fold);
    free(repaired);
    if (!ok) {
        free(b.s);
        return NULL;
    }
    if (out_len)
        *out_len = b.len;
    return b.s;
}

char *norm_map_whole(const char *in, size_t len, size_t *out_len, int fold)
{
    size_t rlen, n = 0;
    char *repaired = repair_utf8(in, len, &rlen, NULL);
    if (!repaired)
        return NULL;
    char *mapped = map_utf8(repaired, rlen, &n, fold);
    free(repaired);
    if (mapped && out_len)
        *out_len = n;
    return mapped;
}

char *norm_text(const char *in, size_t len, size_t *out_len, size_t *invalid)
{
    return normalise(in, len, out_len, invalid, 0);
}

char *norm_fold(const char *in, size_t len, size_t *out_len, size_t *invalid)
{
    return normalise(in, len, out_len, invalid, 1);
}

int norm_is_operator(const char *word, size_t len)
{
    static const char *const ops[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        size_t n = strlen(ops[i]);
        /* NEAR/3 and ADJ/2 carry a distance. */
        if (len >= n && memcmp(word, ops[i], n) == 0 && (len == n || word[n] == '/'))
            return 1;
    }
    return 0;
}

int norm_bad_distance(const char *word, size_t len)
{
    size_t n = len >= 5 && memcmp(word, "NEAR/", 5) == 0  ? 5
               : len >= 4 && memcmp(word, "ADJ/", 4) == 0 ? 4
                                                           : 0;
    if (!n)
        return 0;
    size_t end = n;
    while (end < len && word[end] != '(' && word[end] != ')')
        end++;
    size_t digits = 0, zeros = 0;
    for (size_t i = n; i < end && word[i] >= '0' && word[i] <= '9'; i++)
        digits++, zeros += word[i] == '0';
    return end == n || digits != end - n || zeros == digits;
}

char *norm_query(const char *query)
{
    size_t clean_len;
    char *clean = norm_text(query, strlen(query), &clean_len, NULL);
    if (!clean)
        return NULL;
    /* a growing buffer: folding may lengthen a word (found by fuzz-normalise) */
    strbuf out;
    sb_init(&out);
    size_t i = 0;
    while (i < clean_len) {
        size_t start = i;
        int space = clean[i] == ' ' || clean[i] == '\n';
        while (i < clean_len && (clean[i] == ' ' || clean[i] == '\n') == space)
            i++;
        size_t wlen = i - start;
        /* an operator against a bracket, "(NOT speech)", is one too: folded,
         * Xapian read it as the word "not" */
        size_t open = 0, close = 0;
        while (open < wlen && clean[start + open] == '(')
            open++;
        while (close < wlen - open && clean[start + wlen - 1 - close] == ')')
            close++;
        if (space || norm_is_operator(clean + start + open, wlen - open - close)) {
            sb_add(&out, clean + start, wlen);
            continue;
        }
        size_t flen;
        char *folded = norm_fold(clean + start, wlen, &flen, NULL);
        if (!folded) {
            free(clean);
            sb_free(&out);
            return NULL;
        }
        sb_add(&out, folded, flen);
        free(folded);
    }
    free(clean);
    return sb_steal(&out);
}

/* Whether value is a slug already: lower-case letters and digits in runs
 * joined by single dashes (what the data files hold; folding it would
 * change nothing). */
static int is_slug(const char *value)
{
    if (!*value || *value == '-')
        return 0;
    for (const char *p = value; *p; p++) {
        int word = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
        if (!word && (*p != '-' || p[1] == '-' || p[1] == '\0'))
            return 0;
    }
    return 1;
}

char *norm_slug(const char *value)
{
    if (is_slug(value)) {
        size_t n = strlen(value) + 1;
        char *copy = malloc(n);
        return copy ? memcpy(copy, value, n) : NULL;
    }
    size_t flen;
    char *folded = norm_fold(value, strlen(value), &flen, NULL);
    if (!folded)
        return NULL;
    char *out = malloc(flen + 1);
    if (!out) {
        free(folded);
        return NULL;
    }
    size_t o = 0;
    int dash = 0;
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)folded;
    size_t i = 0;
    while (i < flen) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(flen - i), &cp);
        if (n <= 0)
            break; /* cannot happen: norm_fold output is valid UTF-8 */
        utf8proc_category_t cat = utf8proc_category(cp);
        int keep = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
                   cat == UTF8PROC_CATEGORY_LT || cat == UTF8PROC_CATEGORY_LM ||
                   cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_ND ||
                   cat == UTF8PROC_CATEGORY_NL || cat == UTF8PROC_CATEGORY_NO;
        if (keep) {
            if (dash && o > 0)
                out[o++] = '-';
            dash = 0;
            memcpy(out + o, s + i, (size_t)n);
            o += (size_t)n;
        } else {
            dash = 1;
        }
        i += (size_t)n;
    }
    out[o] = '\0';
    free(folded);
    return out;
}
