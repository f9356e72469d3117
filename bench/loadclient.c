/* loadclient: a load test for scrutiny-serve: CLIENTS threads, each with
 * its own keep-alive connection, ask the paths of PATHS (one a line, in
 * turn from a different start each) for SECONDS or until MAX requests in
 * all; then prints one line of numbers: requests, errors (a failed
 * connection or a status other than 200), requests/s and the latency
 * percentiles in milliseconds.  With LOADCLIENT_LOG set, each request's
 * milliseconds and path go to that file, a line each (what makes the tail).
 *
 *   loadclient HOST PORT CLIENTS SECONDS MAX PATHS
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static struct sockaddr_in addr;
static char **paths;
static size_t n_paths;
static double deadline;
static long max_requests;
static long issued; /* under lock */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct worker {
    int id;
    double *ms;
    size_t *path; /* each request's, by index */
    size_t n, cap;
    long errors;
    char first_error[200];
} worker;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int connect_server(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct timeval tv = {10, 0}; /* a reply slower than this is an error */
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Reads one HTTP/1.1 reply with a Content-Length; its status, or -1. */
static int read_reply(int fd, int *keep)
{
    static _Thread_local char buf[1 << 20];
    size_t have = 0;
    char *body = NULL;
    for (;;) {
        if (have == sizeof buf)
            return -1;
        ssize_t r = read(fd, buf + have, sizeof buf - have);
        if (r <= 0)
            return -1;
        have += (size_t)r;
        if (!body) {
            char *end = memmem(buf, have, "\r\n\r\n", 4);
            if (!end)
                continue;
            body = end + 4;
        }
        break;
    }
    int status = atoi(buf + 9);
    char *cl = memmem(buf, (size_t)(body - buf), "Content-Length: ", 16);
    if (!cl)
        cl = memmem(buf, (size_t)(body - buf), "content-length: ", 16);
    if (!cl)
        return -1;
    size_t len = strtoul(cl + 16, NULL, 10);
    *keep = !memmem(buf, (size_t)(body - buf), "Connection: close", 17);
    size_t got = have - (size_t)(body - buf);
    while (got < len) {
        char sink[65536];
        ssize_t r = read(fd, sink, sizeof sink < len - got ? sizeof sink : len - got);
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return status;
}

static void *run(void *arg)
{
    worker *w = arg;
    int fd = -1;
    size_t next = (size_t)w->id * 7919 % n_paths;
    while (now() < deadline) {
        pthread_mutex_lock(&lock);
        int go = issued < max_requests;
        issued += go;
        pthread_mutex_unlock(&lock);
        if (!go)
            break;
        size_t asked = next++ % n_paths;
        const char *path = paths[asked];
        double t0 = now();
        int status = -1, keep = 0;
        if (fd < 0)
            fd = connect_server();
        if (fd >= 0) {
            char req[8192];
            int n = snprintf(req, sizeof req,
                             "GET %s HTTP/1.1\r\nHost: load\r\nAccept: */*\r\n\r\n", path);
            if (n > 0 && (size_t)n < sizeof req && write(fd, req, (size_t)n) == n)
                status = read_reply(fd, &keep);
        }
        double ms = (now() - t0) * 1e3;
        if (status != 200) {
            if (!w->errors)
                snprintf(w->first_error, sizeof w->first_error, "%s: %s", path,
                         status < 0 ? strerror(errno) : "status not 200");
            w->errors++;
        }
        if (w->n == w->cap) {
            w->cap = w->cap ? w->cap * 2 : 4096;
            w->ms = realloc(w->ms, w->cap * sizeof *w->ms);
            w->path = realloc(w->path, w->cap * sizeof *w->path);
        }
        w->path[w->n] = asked;
        w->ms[w->n++] = ms;
        if (status < 0 || !keep) {
            if (fd >= 0)
                close(fd);
            fd = -1;
        }
    }
    if (fd >= 0)
        close(fd);
    return NULL;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(const double *v, size_t n, double p)
{
    size_t i = (size_t)(p / 100 * (double)n + 0.999);
    return n ? v[(i ? i : 1) - 1] : 0;
}

int main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: loadclient HOST PORT CLIENTS SECONDS MAX PATHS\n");
        return 2;
    }
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(argv[2]));
    if (inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1) {
        fprintf(stderr, "loadclient: %s: not a numeric IPv4 address\n", argv[1]);
        return 2;
    }
    int clients = atoi(argv[3]);
    double seconds = atof(argv[4]);
    max_requests = atol(argv[5]);
    FILE *f = fopen(argv[6], "r");
    if (!f || clients < 1 || clients > 1000 || seconds <= 0 || max_requests < 1) {
        fprintf(stderr, "loadclient: bad arguments (or %s unreadable)\n", argv[6]);
        return 2;
    }
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!*line)
            continue;
        paths = realloc(paths, (n_paths + 1) * sizeof *paths);
        paths[n_paths++] = strdup(line);
    }
    fclose(f);
    if (!n_paths) {
        fprintf(stderr, "loadclient: %s has no paths\n", argv[6]);
        return 2;
    }
    worker *w = calloc((size_t)clients, sizeof *w);
    pthread_t *t = calloc((size_t)clients, sizeof *t);
    double t0 = now();
    deadline = t0 + seconds;
    for (int i = 0; i < clients; i++) {
        w[i].id = i;
        pthread_create(&t[i], NULL, run, &w[i]);
    }
    size_t total = 0;
    long errors = 0;
    for (int i = 0; i < clients; i++) {
        pthread_join(t[i], NULL);
        total += w[i].n;
        errors += w[i].errors;
    }
    double took = now() - t0;
    double *all = malloc((total ? total : 1) * sizeof *all);
    size_t k = 0;
    const char *log = getenv("LOADCLIENT_LOG");
    FILE *lf = log && *log ? fopen(log, "w") : NULL;
    for (int i = 0; i < clients; i++) {
        memcpy(all + k, w[i].ms, w[i].n * sizeof *all);
        k += w[i].n;
        for (size_t j = 0; lf && j < w[i].n; j++)
            fprintf(lf, "%.1f\t%s\n", w[i].ms[j], paths[w[i].path[j]]);
        free(w[i].path);
        if (w[i].errors)
            fprintf(stderr, "loadclient: client %d: %ld errors, the first %s\n", i, w[i].errors,
                    w[i].first_error);
        free(w[i].ms);
    }
    if (lf)
        fclose(lf);
    qsort(all, total, sizeof *all, by_value);
    printf("requests %zu errors %ld seconds %.1f rps %.1f p50 %.1f p95 %.1f p99 %.1f max %.1f\n",
           total, errors, took, (double)total / took, pct(all, total, 50), pct(all, total, 95),
           pct(all, total, 99), total ? all[total - 1] : 0.0);
    free(all);
    free(w);
    free(t);
    for (size_t i = 0; i < n_paths; i++)
        free(paths[i]);
    free(paths);
    return errors ? 1 : 0;
}
