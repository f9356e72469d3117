/* testutil.c: see testutil.h. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "util.h"

char *tu_mkdtemp(void)
{
    const char *tmp = getenv("TMPDIR");
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "%s/scrutiny-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    char *dir = sb_steal(&sb);
    assert_non_null(mkdtemp(dir));
    return dir;
}

void tu_rmtree(const char *path)
{
    char *argv[] = {"rm", "-rf", (char *)path, NULL};
    pid_t pid = fork();
    if (pid == 0) {
        execvp("rm", argv);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
}

void tu_write(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

int tu_have(const char *program)
{
    const char *path = getenv("PATH");
    strbuf dir;
    sb_init(&dir);
    int found = 0;
    for (const char *p = path ? path : ""; !found; p++) {
        const char *end = strchr(p, ':');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        dir.len = 0;
        sb_addf(&dir, "%.*s/%s", (int)len, len ? p : ".", program);
        found = access(dir.buf, X_OK) == 0;
        if (!end)
            break;
        p = end;
    }
    sb_free(&dir);
    return found;
}

char *tu_join(const char *a, const char *b)
{
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "%s/%s", a, b);
    return sb_steal(&sb);
}

static char *slurp(FILE *f, size_t *len)
{
    strbuf sb;
    sb_init(&sb);
    char buf[8192];
    size_t n;
    rewind(f);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sb_add(&sb, buf, n);
    if (len)
        *len = sb.len;
    return sb_steal(&sb);
}

void tu_vrun(tu_run *r, const char *in, const char *const head[], va_list ap)
{
    enum { MAX_ARGS = 32 };
    char *argv[MAX_ARGS];
    int n = 0;
    for (; head[n] && n < MAX_ARGS - 1; n++)
        argv[n] = (char *)head[n];
    char *a;
    while ((a = va_arg(ap, char *)) && n < MAX_ARGS - 1)
        argv[n++] = a;
    assert_null(a); /* more arguments than MAX_ARGS: a test to fix */
    argv[n] = NULL;
    tu_exec(argv, in, r);
}

void tu_exec(char *const argv[], const char *in, tu_run *r)
{
    /* Temporary files, not pipes: no deadlock whatever the sizes. */
    FILE *out = tmpfile(), *err = tmpfile(), *inf = tmpfile();
    assert_non_null(out);
    assert_non_null(err);
    assert_non_null(inf);
    if (in)
        fputs(in, inf);
    fflush(inf);
    rewind(inf);
    strlist args;
    sl_init(&args);
    const char *wrapper = getenv("SCRUTINY_TEST_WRAPPER");
    if (wrapper && *wrapper)
        sl_split(&args, wrapper, ' ');
    for (size_t i = 0; argv[i]; i++)
        sl_push(&args, argv[i]);
    args.items = xrealloc(args.items, (args.len + 1) * sizeof *args.items);
    args.items[args.len] = NULL;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fileno(inf), 0);
        dup2(fileno(out), 1);
        dup2(fileno(err), 2);
        /* under valgrind a search can take longer than the default time
         * limit: answers would turn partial (tests that want one set it) */
        if (wrapper && *wrapper && !getenv("SCRUTINY_MAX_SECONDS"))
            setenv("SCRUTINY_MAX_SECONDS", "0", 1);
        execvp(args.items[0], args.items);
        fprintf(stderr, "cannot run %s: %s\n", args.items[0], strerror(errno));
        _exit(127);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r->out = slurp(out, &r->out_len);
    r->err = slurp(err, NULL);
    fclose(out);
    fclose(err);
    fclose(inf);
    sl_free(&args);
}

void tu_run_free(tu_run *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

static char *env_path(const char *var, const char *name)
{
    const char *dir = getenv(var);
    return tu_join(dir && *dir ? dir : ".", name);
}

char *tu_build_path(const char *name) { return env_path("SCRUTINY_BUILDDIR", name); }
char *tu_src_path(const char *name) { return env_path("SCRUTINY_SRCDIR", name); }

int tu_index_corpus(const char *dbpath)
{
    char *corpus = tu_src_path("corpus");
    char *indexer = tu_build_path("scrutiny-index");
    char *argv[] = {indexer, "--db", (char *)dbpath, corpus, NULL};
    tu_run r;
    tu_exec(argv, NULL, &r);
    if (r.status != 0)
        fprintf(stderr, "indexing the corpus failed (%d): %s\n", r.status, r.err);
    int st = r.status;
    tu_run_free(&r);
    free(corpus);
    free(indexer);
    return st;
}

int tu_index_texts(const char *dir, const char *dbpath, const char *const files[][2], size_t n)
{
    if (mkdir(dir, 0777) != 0) {
        fprintf(stderr, "%s: %s\n", dir, strerror(errno));
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        char *p = tu_join(dir, files[i][0]);
        tu_write(p, files[i][1], strlen(files[i][1]));
        free(p);
    }
    char *indexer = tu_build_path("scrutiny-index");
    char *argv[] = {indexer, "--quiet", "--db", (char *)dbpath, (char *)dir, NULL};
    tu_run r;
    tu_exec(argv, NULL, &r);
    if (r.status != 0)
        fprintf(stderr, "indexing %s failed (%d): %s\n", dir, r.status, r.err);
    int st = r.status;
    tu_run_free(&r);
    free(indexer);
    return st;
}

pid_t tu_spawn(char *const argv[], const char *err_path)
{
    pid_t pid = fork();
    if (pid == 0) {
        int out = open("/dev/null", O_WRONLY);
        int err = err_path ? open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0666) : out;
        if (out < 0 || err < 0)
            _exit(127);
        dup2(out, 1);
        dup2(err, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    assert_true(pid > 0);
    return pid;
}

void tu_sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

int tu_wait_for_path(const char *path, long ms)
{
    struct stat sb;
    for (long waited = 0; stat(path, &sb) != 0; waited += 10) {
        if (waited >= ms)
            return 0;
        tu_sleep_ms(10);
    }
    return 1;
}

int tu_wait_exit(pid_t pid, long ms)
{
    int st = 0;
    if (ms > 0) {
        pid_t got;
        for (long waited = 0; (got = waitpid(pid, &st, WNOHANG)) == 0; waited += 10) {
            if (waited >= ms) {
                kill(pid, SIGKILL);
                waitpid(pid, NULL, 0);
                return -1;
            }
            tu_sleep_ms(10);
        }
        if (got < 0)
            return -1;
    } else if (waitpid(pid, &st, 0) < 0) {
        return -1;
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* xapian-tcpsrv serving db on a free loopback port; returns its pid. */
/* The servers tu_start_tcpsrv started: stopped when the test process
 * exits, so that a test that fails before it stops its own leaves none
 * running (a group already gone is no error). */
static pid_t tcpsrv_started[64];
static int tcpsrv_count;

static void stop_tcpsrvs(void)
{
    for (int i = 0; i < tcpsrv_count; i++)
        kill(-tcpsrv_started[i], SIGTERM);
}

pid_t tu_start_tcpsrv(const char *db, int *port)
{
    static int started; /* a process's servers try ports of their own */
    for (int attempt = 0; attempt < 20; attempt++) {
        int p = 20000 + (int)((getpid() * 7 + (started * 20 + attempt) * 131) % 30000);
        char ps[16];
        snprintf(ps, sizeof ps, "%d", p);
        pid_t pid = fork();
        if (pid == 0) {
            /* its own process group: on SIGTERM xapian-tcpsrv signals its
             * whole group, which would otherwise be this test */
            setpgid(0, 0);
            int devnull = open("/dev/null", O_WRONLY);
            dup2(devnull, 1);
            dup2(devnull, 2);
            execlp("xapian-tcpsrv", "xapian-tcpsrv", "--interface", "127.0.0.1", "--port", ps,
                   db, (char *)NULL);
            _exit(127);
        }
        struct timespec ts = {0, 300000000L};
        nanosleep(&ts, NULL);
        if (waitpid(pid, NULL, WNOHANG) == 0) { /* still up: listening */
            *port = p;
            started++;
            if (tcpsrv_count == 0)
                atexit(stop_tcpsrvs);
            if (tcpsrv_count < (int)(sizeof tcpsrv_started / sizeof tcpsrv_started[0]))
                tcpsrv_started[tcpsrv_count++] = pid;
            return pid;
        }
    }
    fail_msg("could not start xapian-tcpsrv");
    return -1;
}

static int tu_by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char *tu_sorted_lines(strlist *l)
{
    if (l->len)
        qsort(l->items, l->len, sizeof *l->items, tu_by_string);
    strbuf sb;
    sb_init(&sb);
    for (size_t k = 0; k < l->len; k++)
        sb_addf(&sb, "%s\n", l->items[k]);
    return sb.buf ? sb_steal(&sb) : xstrdup("");
}
