/* testutil.h: helpers for the cmocka suites: temporary directories and
 * running the real programs. */
#ifndef SCRUTINY_TESTUTIL_H
#define SCRUTINY_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

struct strlist;
/* l's items sorted (l too), each on a line of its own: malloc()ed, "" for
 * none. */
char *tu_sorted_lines(struct strlist *l);

/* A fresh directory under $TMPDIR (or /tmp); malloc()ed path. */
char *tu_mkdtemp(void);
/* rm -rf path. */
void tu_rmtree(const char *path);
/* Writes len bytes to path; asserts on failure. */
void tu_write(const char *path, const char *data, size_t len);
/* path joined: malloc()ed "a/b". */
char *tu_join(const char *a, const char *b);

typedef struct tu_run {
    int status;  /* exit status, or 128+signal */
    char *out;   /* everything written to stdout, NUL-terminated */
    size_t out_len;
    char *err;   /* everything written to stderr */
} tu_run;

/* Runs argv (argv[0] a path) with stdin from the string `in` (NULL: empty),
 * capturing stdout and stderr.  $SCRUTINY_TEST_WRAPPER, when set, is split
 * at spaces and put in front (e.g. valgrind), and the search time limit is
 * lifted unless SCRUTINY_MAX_SECONDS is set. */
void tu_exec(char *const argv[], const char *in, tu_run *r);
/* tu_exec of the NULL-terminated head (the program and its fixed options)
 * followed by the NULL-terminated arguments in ap: the suites' run-this-
 * program-with-these-arguments helpers are one line each over it. */
void tu_vrun(tu_run *r, const char *in, const char *const head[], va_list ap);
void tu_run_free(tu_run *r);

/* Starts argv (argv[0] a path) in the background, its stdout to
 * /dev/null and its stderr to err_path (NULL: /dev/null too); its pid. */
pid_t tu_spawn(char *const argv[], const char *err_path);

/* xapian-tcpsrv serving db on a free loopback port (*port); its pid, in a
 * process group of its own (stop it with kill(-pid, SIGTERM)). */
pid_t tu_start_tcpsrv(const char *db, int *port);
/* Sleeps ms milliseconds, through signals. */
void tu_sleep_ms(long ms);
/* Waits up to ms milliseconds for path to exist; whether it does. */
int tu_wait_for_path(const char *path, long ms);
/* Waits for pid to end: its exit status, or 128+signal.  With ms > 0, a
 * process still running after ms milliseconds is killed and -1 returned,
 * so that a hung program fails its test without hanging the suite. */
int tu_wait_exit(pid_t pid, long ms);

/* Whether program is on $PATH. */
int tu_have(const char *program);
/* In a cmocka test: skips it, saying why, when program is not installed
 * (a tool the test drives, not one scrutiny needs). */
#define TU_NEED(program)                                                        \
    do {                                                                        \
        if (!tu_have(program)) {                                                \
            print_message("skipped: %s is not installed\n", program);           \
            skip();                                                             \
        }                                                                       \
    } while (0)

/* $SCRUTINY_BUILDDIR/name and $SCRUTINY_SRCDIR/name (default "."). */
char *tu_build_path(const char *name);
char *tu_src_path(const char *name);

/* Indexes the sample corpus ($SCRUTINY_SRCDIR/corpus) into dbpath with
 * the real scrutiny-index; returns its exit status. */
int tu_index_corpus(const char *dbpath);

/* Writes n files (name, text) into the new folder dir and indexes it into
 * dbpath with the real scrutiny-index; returns its exit status. */
int tu_index_texts(const char *dir, const char *dbpath, const char *const files[][2], size_t n);

#endif
