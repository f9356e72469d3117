/* util.h: memory that either works or ends the program cleanly, growable
 * strings, string lists and whole-file reading. */
#ifndef SCRUTINY_UTIL_H
#define SCRUTINY_UTIL_H

#include <stdarg.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>

/* Allocation failure prints "<program>: out of memory" and exits 2: no
 * caller has a better answer, and a half-built record must never be
 * written. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* An array of n items of size bytes made room for one more: its capacity
 * doubles when n reaches a power of two, so appending n items copies O(n)
 * bytes (a realloc per item is quadratic where realloc copies, as under
 * AddressSanitizer).  Only for arrays grown by xgrow from empty. */
void *xgrow(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Checks a pointer a library handed back (NULL only on out-of-memory). */
void *xcheck(void *p);

/* Keeps freed memory for the next allocation instead of giving it back to
 * the system at once: a search allocates and frees buffers of hundreds of
 * kilobytes (a word's postings, the pool's sums), which glibc's malloc
 * maps and unmaps each time, so that every query faults its pages in
 * anew.  For the query programs, called first in main. */
void util_keep_freed_memory(void);

/* The program name used in messages ("scrutiny-index"). */
void util_set_progname(const char *name);
const char *util_progname(void);
/* getopt_long's mistake c (':' a missing value, '?' an unknown option;
 * the options' string must start with ':'), as one line on stderr:
 * "PROG: --limit needs a value (try 'PROG --help')"; arg is the word read
 * (argv[optind - 1]), hint (or NULL) replaces the --help advice for an
 * unknown letter after one -. */
struct option;
void util_option_error(int c, int optopt_, const struct option *opts, const char *arg,
                       const char *hint);

/* A growable NUL-terminated byte string. */
typedef struct strbuf {
    char *buf;
    size_t len, cap;
} strbuf;
void sb_init(strbuf *sb);
void sb_free(strbuf *sb);
void sb_add(strbuf *sb, const char *s, size_t n);
void sb_adds(strbuf *sb, const char *s);
void sb_addc(strbuf *sb, char c);
void sb_addf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the buffer over (caller frees) and leaves sb empty. */
char *sb_steal(strbuf *sb);

/* A growable list of malloc()ed strings. */
typedef struct strlist {
    char **items;
    size_t len, cap;
} strlist;
void sl_init(strlist *sl);
void sl_free(strlist *sl);
void sl_push(strlist *sl, const char *s); /* copies s */
int sl_contains(const strlist *sl, const char *s);
/* Splits s at each sep, trimming spaces; empty pieces are skipped. */
void sl_split(strlist *sl, const char *s, char sep);

/* Reads a whole regular file (at most max bytes, else errno = EFBIG),
 * never waiting on a FIFO or a device (errno = READ_NOT_REGULAR).
 * Returns malloc()ed, NUL-terminated; NULL with errno set on failure. */
char *read_file(const char *path, size_t max, size_t *len);
#define READ_NOT_REGULAR ENODEV
/* What read_file's errno says, in a few words. */
const char *read_file_error(int errnum);
/* Reads one line of f into *buf (malloc()ed, *cap its size), without its
 * newline, keeping at most max bytes: the rest of a longer line is read
 * and dropped, so that one line cannot fill memory.  Returns the line's
 * whole length (more than max: cut), or -1 at the end of f. */
long read_line_bounded(FILE *f, char **buf, size_t *cap, size_t max);

/* Whether the last word of s[0..n) is one of words (NULL-terminated), in
 * any case. */
int str_ends_with_word(const char *s, size_t n, const char *const *words);

/* Trims ASCII white space at both ends, in place; returns s. */
char *str_trim(char *s);
/* s as a whole decimal number from min to max (no sign, nothing after it):
 * 0 and *out set, or -1 and *out untouched.  Callers word the error. */
int parse_unsigned(const char *s, unsigned min, unsigned max, unsigned *out);
/* The first blank line ("\n\n") in s[0..n), or NULL.  A loop of strstr()
 * from each block re-measures the rest of the text under AddressSanitizer
 * (quadratic on a long document); this looks no further than n. */
const char *find_blank_line(const char *s, size_t n);

/* Is s[0..n) well-formed UTF-8 (no overlong forms, no surrogates)?  A NUL
 * byte is valid UTF-8: callers that mind look for it themselves. */
int utf8_valid(const char *s, size_t n);

#endif
