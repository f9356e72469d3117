/* util.c: see util.h. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

static const char *progname = "scrutiny";

void util_set_progname(const char *name) { progname = name; }
const char *util_progname(void) { return progname; }

void util_option_error(int c, int optopt_, const struct option *opts, const char *arg,
                       const char *hint)
{
    const char *name = NULL;
    for (const struct option *o = opts; o && o->name && !name; o++)
        if (o->val == optopt_)
            name = o->name;
    if (c == ':' && name)
        fprintf(stderr, "%s: --%s needs a value (try '%s --help')\n", progname, name, progname);
    else if (c == ':')
        fprintf(stderr, "%s: -%c needs a value (try '%s --help')\n", progname, optopt_, progname);
    else if (optopt_ && name && arg && strncmp(arg, "--", 2) == 0 && strchr(arg, '='))
        /* --count=3: getopt names its letter, which was not written */
        fprintf(stderr, "%s: --%s takes no value, not '%s' (try '%s --help')\n", progname, name,
                arg, progname);
    else if (optopt_ && hint)
        fprintf(stderr, "%s: no option -%c: %s\n", progname, optopt_, hint);
    else if (optopt_)
        fprintf(stderr, "%s: no option -%c (try '%s --help')\n", progname, optopt_, progname);
    else {
        /* an abbreviation of several (--co: --count, --color) */
        const char *word = arg && strncmp(arg, "--", 2) == 0 ? arg + 2 : "";
        size_t len = strcspn(word, "="), several = 0;
        for (const struct option *o = opts; len && o && o->name; o++)
            several += strncmp(o->name, word, len) == 0;
        fprintf(stderr, "%s: %s '%s' (try '%s --help')\n", progname,
                several > 1 ? "more than one option starts as" : "no option", arg ? arg : "",
                progname);
    }
}

void util_keep_freed_memory(void)
{
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
    /* glibc's largest mmap threshold on 64 bits (a larger one is refused);
     * the top of the heap is given back past 128 MiB free.  Measured on
     * 100,000 documents: --batch --facets p50 38 -> 21 ms (doc/performance.md) */
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
#endif
}

static void oom(void)
{
    fprintf(stderr, "%s: out of memory\n", progname);
    exit(2);
}

void *xcheck(void *p)
{
    if (!p)
        oom();
    return p;
}

void *xmalloc(size_t n) { return xcheck(malloc(n ? n : 1)); }
void *xcalloc(size_t n, size_t size) { return xcheck(calloc(n ? n : 1, size ? size : 1)); }
void *xrealloc(void *p, size_t n) { return xcheck(realloc(p, n ? n : 1)); }

void *xgrow(void *p, size_t n, size_t size)
{
    if (n >= 8 && (n & (n - 1)) != 0)
        return p; /* room is left below the next power of two */
    size_t cap = n < 8 ? 8 : 2 * n;
    if (cap > SIZE_MAX / size)
        xcheck(NULL);
    return n < 8 && p ? p : xrealloc(p, cap * size);
}
char *xstrdup(const char *s) { return xcheck(strdup(s)); }

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void sb_init(strbuf *sb)
{
    sb->buf = NULL;
    sb->len = sb->cap = 0;
}

void sb_free(strbuf *sb)
{
    free(sb->buf);
    sb_init(sb);
}

static void sb_grow(strbuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    sb->buf = xrealloc(sb->buf, cap);
    sb->cap = cap;
}

void sb_add(strbuf *sb, const char *s, size_t n)
{
    sb_grow(sb, n);
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void sb_adds(strbuf *sb, const char *s) { sb_add(sb, s, strlen(s)); }
/* one byte without sb_add's memcpy: cleanup and the readers add text byte by byte */
void sb_addc(strbuf *sb, char c)
{
    if (sb->len + 2 > sb->cap)
        sb_grow(sb, 1);
    sb->buf[sb->len++] = c;
    sb->buf[sb->len] = '\0';
}

void sb_addf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    sb_grow(sb, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

char *sb_steal(strbuf *sb)
{
    char *p = sb->buf ? sb->buf : xstrdup("");
    sb_init(sb);
    return p;
}

void sl_init(strlist *sl)
{
    sl->items = NULL;
    sl->len = sl->cap = 0;
}

void sl_free(strlist *sl)
{
    for (size_t i = 0; i < sl->len; i++)
        free(sl->items[i]);
    free(sl->items);
    sl_init(sl);
}

/* Appends s, which sl now owns. */
static void sl_append(strlist *sl, char *s)
{
    if (sl->len == sl->cap) {
        sl->cap = sl->cap ? sl->cap * 2 : 4;
        sl->items = xrealloc(sl->items, sl->cap * sizeof *sl->items);
    }
    sl->items[sl->len++] = s;
}

void sl_push(strlist *sl, const char *s) { sl_append(sl, xstrdup(s)); }

/* What str_trim takes off both ends. */
static int trimmed(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

int sl_contains(const strlist *sl, const char *s)
{
    for (size_t i = 0; i < sl->len; i++)
        if (strcmp(sl->items[i], s) == 0)
            return 1;
    return 0;
}

void sl_split(strlist *sl, const char *s, char sep)
{
    while (*s) {
        const char *end = strchr(s, sep);
        const char *from = s, *to = end ? end : s + strlen(s);
        while (from < to && trimmed(*from)) /* trimmed as str_trim would, copied once */
            from++;
        while (to > from && trimmed(to[-1]))
            to--;
        if (to > from)
            sl_append(sl, xstrndup(from, (size_t)(to - from)));
        if (!end)
            break;
        s = end + 1;
    }
}

long read_line_bounded(FILE *f, char **buf, size_t *cap, size_t max)
{
    size_t len = 0;
    int c;
    while ((c = getc(f)) != EOF && c != '\n') {
        if (len < max) {
            if (len + 1 >= *cap) {
                *cap = *cap ? *cap * 2 : 256;
                *buf = xrealloc(*buf, *cap);
            }
            (*buf)[len] = (char)c;
        }
        len++;
    }
    if (c == EOF && len == 0)
        return -1;
    if (!*buf) {
        *cap = 1;
        *buf = xrealloc(NULL, 1);
    }
    (*buf)[len < max ? len : max] = '\0';
    return (long)len;
}

char *read_file(const char *path, size_t max, size_t *len)
{
    /* not waiting on a FIFO (or a device) for a writer that never comes */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    int stated = fstat(fd, &st) == 0;
    if (!stated || !S_ISREG(st.st_mode)) {
        int why = !stated ? errno : S_ISDIR(st.st_mode) ? EISDIR : READ_NOT_REGULAR;
        close(fd);
        errno = why;
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return NULL;
    }
    strbuf sb;
    sb_init(&sb);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (sb.len + n > max) {
            sb_free(&sb);
            fclose(f);
            errno = EFBIG;
            return NULL;
        }
        sb_add(&sb, chunk, n);
    }
    int failed = ferror(f);
    int saved = errno;
    fclose(f);
    if (failed) {
        sb_free(&sb);
        errno = saved ? saved : EIO;
        return NULL;
    }
    if (len)
        *len = sb.len;
    return sb_steal(&sb);
}

const char *read_file_error(int errnum)
{
    return errnum == READ_NOT_REGULAR ? "not a regular file (a FIFO, a device...): not read"
           : errnum == EFBIG          ? "too large, not read"
                                      : strerror(errnum);
}

int str_ends_with_word(const char *s, size_t n, const char *const *words)
{
    size_t w = n;
    while (w > 0 && s[w - 1] != ' ')
        w--;
    for (size_t i = 0; words[i]; i++)
        if (strlen(words[i]) == n - w && strncasecmp(s + w, words[i], n - w) == 0)
            return 1;
    return 0;
}

char *str_trim(char *s)
{
    size_t n = strlen(s);
    while (n && trimmed(s[n - 1]))
        s[--n] = '\0';
    size_t i = 0;
    while (trimmed(s[i]))
        i++;
    if (i)
        memmove(s, s + i, n - i + 1);
    return s;
}

/* Is s[0..n) well-formed UTF-8 (no overlong forms or surrogates)? */
int utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned c = *p;
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (!len || (size_t)(end - p) < len)
            return 0;
        unsigned cp = len == 1 ? c : c & (0x7F >> len);
        for (size_t i = 1; i < len; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        p += len;
    }
    return 1;
}

const char *find_blank_line(const char *s, size_t n)
{
    const char *end = s + n;
    for (const char *p = s; p < end; p++) {
        p = memchr(p, '\n', (size_t)(end - p));
        if (!p || p + 1 >= end)
            return NULL;
        if (p[1] == '\n')
            return p;
    }
    return NULL;
}

int parse_unsigned(const char *s, unsigned min, unsigned max, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || *s == '-' || v < min || v > max)
        return -1;
    *out = (unsigned)v;
    return 0;
}
