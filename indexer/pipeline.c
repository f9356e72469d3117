/* pipeline.c: see pipeline.h.  Workers take the next job and build it, down
 * to its Xapian documents; the caller's thread writes results in order, so the database sees files in
 * the order given whatever the threads do.  Workers stay at most WINDOW
 * jobs ahead of the writer, so memory does not grow with the corpus. */
#include "pipeline.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "reader.h"
#include "util.h"

#define WINDOW_PER_WORKER 4

static void job_free_results(job *j)
{
    built_doc_free(&j->doc);
    writer_docs_free(j->docs);
    j->docs = NULL;
}

/* SCRUTINY_DEBUG_SLOW_MS=N[:TEXT]: each file (or those whose path holds
 * TEXT) takes N ms more to build, without looking at signals: the tests'
 * stand-in for a file that is slow to read. */
static void debug_slow(const char *path)
{
    const char *ms = getenv("SCRUTINY_DEBUG_SLOW_MS");
    char *end = NULL;
    long n = ms ? strtol(ms, &end, 10) : 0;
    if (n > 0 && *end == ':' && !strstr(path, end + 1))
        return;
    struct timespec ts = {n / 1000, (n % 1000) * 1000000L};
    while (n > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Opens path for reading without blocking on a FIFO or a device, and
 * checks what was opened (not what a check before saw): a regular file,
 * not in /proc or /sys, inside roots.  The descriptor, or -1 with *why. */
static int open_document(const char *path, const rootset *roots, struct stat *st,
                         const char **why, char *buf, size_t buflen)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        *why = strerror(errno);
        return -1;
    }
    struct statfs fs;
    char link[64], real[PATH_MAX];
    ssize_t n;
    *why = NULL;
    if (fstat(fd, st) != 0)
        *why = strerror(errno);
    else if (!S_ISREG(st->st_mode)) /* a FIFO or a device would block or never end */
        *why = "not a regular file: not read";
    else if (fstatfs(fd, &fs) == 0 && (fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC))
        *why = "a file of /proc or /sys, not a document: not read";
    else if (roots) {
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        if ((n = readlink(link, real, sizeof real - 1)) > 0) {
            real[n] = '\0';
            if (!roots_contain(roots, real)) {
                snprintf(buf, buflen, "opens %.900s, outside the folders indexed: not read "
                         "(--follow-outside reads it)", real);
                *why = buf;
            }
        }
    }
    if (*why) {
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

/* Reads all of fd (at most max bytes); NULL with errno (EFBIG past max). */
static char *read_fd(int fd, size_t max, size_t *len)
{
    strbuf sb;
    sb_init(&sb);
    char chunk[65536];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || sb.len + (size_t)n > max) {
            int saved = n < 0 ? errno : EFBIG;
            sb_free(&sb);
            errno = saved;
            return NULL;
        }
        sb_add(&sb, chunk, (size_t)n);
    }
    *len = sb.len;
    return sb_steal(&sb);
}

enum job_status job_build(const knowledge *k, job *j)
{
    char errbuf[1024];
    struct stat st;
    const char *why;
    debug_slow(j->abs);
    int fd = open_document(j->abs, j->roots, &st, &why, errbuf, sizeof errbuf);
    if (fd < 0) {
        j->error = xstrdup(why);
        return JOB_FAILED;
    }
    size_t max = reader_max_bytes_named(j->abs);
    scr_error too_large;
    if (reader_too_large(j->abs, (double)st.st_size, max, &too_large) != SCR_OK) {
        close(fd);
        j->error = xstrdup(too_large.message);
        return JOB_FAILED;
    }
    size_t len;
    char *data = read_fd(fd, max, &len);
    close(fd);
    if (!data) {
        j->error = xstrdup(strerror(errno));
        return JOB_FAILED;
    }
    j->bytes = (double)len;
    j->state.size = (long long)st.st_size;
    j->state.mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    snprintf(j->state.hash, sizeof j->state.hash, "%016llx",
             (unsigned long long)XXH3_64bits(data, len));
    enum job_status result = JOB_BUILT;
    scr_error err;
    scr_status built = document_build_from(k, j->abs, data, len, j->manifest, &j->doc, &err);
    free(data); /* before Xapian's documents are made: the peak */
    if (built != SCR_OK) {
        j->error = xstrdup(err.message);
        result = JOB_FAILED;
    } else if (j->vocab && writer_prepare(j->vocab, &j->doc, &j->docs, &err) != SCR_OK) {
        j->error = xstrdup(err.message);
        result = JOB_FAILED;
    }
    return result;
}

typedef struct shared {
    const knowledge *k;
    job *jobs;
    size_t n, next, consumed, window;
    unsigned busy; /* workers building a job now */
    atomic_int *stop;
    pthread_mutex_t lock;
    pthread_cond_t changed;
} shared;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *worker(void *arg)
{
    shared *s = arg;
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (s->next < s->n && s->next >= s->consumed + s->window && !*s->stop)
            pthread_cond_wait(&s->changed, &s->lock);
        if (s->next >= s->n || *s->stop) {
            pthread_cond_broadcast(&s->changed); /* the writer may wait on us */
            break;
        }
        job *j = &s->jobs[s->next++];
        s->busy++;
        j->started = now_s();
        job mine = *j; /* built apart: the writer may give up on j meanwhile */
        pthread_mutex_unlock(&s->lock);
        enum job_status result = job_build(s->k, &mine);
        pthread_mutex_lock(&s->lock);
        if (j->timed_out) { /* too late: already reported */
            free(mine.error);
            job_free_results(&mine);
        } else { /* published under the lock */
            j->error = mine.error;
            j->doc = mine.doc;
            j->docs = mine.docs;
            j->state = mine.state;
            j->bytes = mine.bytes;
            j->status = result;
        }
        s->busy--;
        pthread_cond_broadcast(&s->changed);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* Starts a worker on *t; non-zero when no thread could be had.
 * SCRUTINY_DEBUG_THREAD_FAIL=N: the Nth start (from 1) fails, the tests'
 * stand-in for a system out of threads. */
static int start_worker(pthread_t *t, shared *s)
{
    static atomic_uint starts;
    const char *fail = getenv("SCRUTINY_DEBUG_THREAD_FAIL");
    unsigned nth = ++starts;
    if (fail && strtoul(fail, NULL, 10) == nth)
        return EAGAIN;
    return pthread_create(t, NULL, worker, s);
}

/* Waits on s->changed for at most a tenth of a second. */
static void wait_a_moment(shared *s)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 100000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&s->changed, &s->lock, &until);
}

int pipeline_run(const knowledge *k, job *jobs, size_t n, unsigned workers, double file_budget,
                 job_done_fn done, void *ctx, atomic_int *stop)
{
    if (workers < 1)
        workers = 1;
    /* on the heap: abandoned workers may outlive this call */
    shared *s = xcalloc(1, sizeof *s);
    *s = (shared){k, jobs, n, 0, 0, (size_t)workers * WINDOW_PER_WORKER, 0, stop,
                  PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};
    pthread_t *t = xcalloc(workers, sizeof *t);
    unsigned started = 0;
    /* t[0..started) are the threads to join: one that failed to start
     * leaves no hole */
    for (unsigned i = 0; i < workers; i++)
        if (start_worker(&t[started], s) == 0)
            started++;
    if (started == 0) { /* no threads to be had: do it here, stopping between files */
        free(t);
        free(s);
        for (size_t i = 0; i < n && !*stop; i++) {
            jobs[i].status = job_build(k, &jobs[i]);
            done(ctx, &jobs[i]);
            job_free_results(&jobs[i]);
        }
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        pthread_mutex_lock(&s->lock);
        while (jobs[i].status == JOB_PENDING && !*stop) {
            wait_a_moment(s);
            if (jobs[i].status == JOB_PENDING && file_budget > 0 && s->next > i &&
                now_s() - jobs[i].started > file_budget) {
                /* give up on it; another worker takes the stuck one's place */
                char why[160];
                snprintf(why, sizeof why, "still being read after %g s: not indexed "
                         "(--file-timeout; it may be damaged or hostile)", file_budget);
                jobs[i].timed_out = 1;
                jobs[i].error = xstrdup(why);
                jobs[i].status = JOB_FAILED;
                pthread_t extra;
                if (start_worker(&extra, s) == 0) {
                    t = xrealloc(t, (started + 1) * sizeof *t);
                    t[started++] = extra;
                }
            }
        }
        int ready = jobs[i].status != JOB_PENDING;
        pthread_mutex_unlock(&s->lock);
        if (!ready)
            break; /* stopped: a file not yet read, or still being read, is not waited for */
        done(ctx, &jobs[i]);
        job_free_results(&jobs[i]);
        pthread_mutex_lock(&s->lock);
        s->consumed = i + 1;
        pthread_cond_broadcast(&s->changed);
        pthread_mutex_unlock(&s->lock);
    }
    pthread_mutex_lock(&s->lock);
    s->next = s->n; /* no more starts */
    pthread_cond_broadcast(&s->changed);
    int abandoned = s->busy > 0;
    pthread_mutex_unlock(&s->lock);
    if (abandoned) {
        for (unsigned i = 0; i < started; i++)
            pthread_detach(t[i]);
        free(t);
        return 1;
    }
    for (unsigned i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    for (size_t i = 0; i < n; i++) /* built but never written (stopped) */
        if (jobs[i].status == JOB_BUILT)
            job_free_results(&jobs[i]);
    free(t);
    free(s);
    return 0;
}
