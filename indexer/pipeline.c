/* pipeline.c: see pipeline.h.  Workers take the next job and build it, down
 * to its Xapian documents; the caller's thread writes results in order, so the database sees files in
 * the order given whatever the threads do.  Workers stay at most WINDOW
 * jobs ahead of the writer, so memory does not grow with the corpus. */
#include "pipeline.h"

#include <errno.h>
#include <pthread.h>
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

enum job_status job_build(const knowledge *k, job *j)
{
    char errbuf[1024];
    struct stat st;
    if (stat(j->abs, &st) != 0) {
        j->error = xstrdup(strerror(errno));
        return JOB_FAILED;
    }
    if (!S_ISREG(st.st_mode)) { /* a FIFO or a device would block or never end */
        j->error = xstrdup("not a regular file: not read");
        return JOB_FAILED;
    }
    if (st.st_size > (off_t)READER_MAX_BYTES) {
        snprintf(errbuf, sizeof errbuf, "%.0f MB: larger than the %u MiB a document may be; "
                 "not read (split it)", (double)st.st_size / 1e6, READER_MAX_BYTES >> 20);
        j->error = xstrdup(errbuf);
        return JOB_FAILED;
    }
    size_t len;
    char *data = read_file(j->abs, READER_MAX_BYTES, &len);
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
    if (document_build_from(k, j->abs, data, len, j->manifest, &j->doc, errbuf, sizeof errbuf) != 0 ||
        (j->prepare &&
         !(j->docs = writer_prepare(knowledge_taxonomy(k), &j->doc, errbuf, sizeof errbuf)))) {
        j->error = xstrdup(errbuf);
        result = JOB_FAILED;
    }
    free(data);
    return result;
}

typedef struct shared {
    const knowledge *k;
    job *jobs;
    size_t n, next, consumed, window;
    volatile sig_atomic_t *stop;
    pthread_mutex_t lock;
    pthread_cond_t changed;
} shared;

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
        pthread_mutex_unlock(&s->lock);
        enum job_status result = job_build(s->k, j);
        pthread_mutex_lock(&s->lock);
        j->status = result; /* published under the lock */
        pthread_cond_broadcast(&s->changed);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

void pipeline_run(const knowledge *k, job *jobs, size_t n, unsigned workers, job_done_fn done,
                  void *ctx, volatile sig_atomic_t *stop)
{
    if (workers <= 1) {
        for (size_t i = 0; i < n && !*stop; i++) {
            jobs[i].status = job_build(k, &jobs[i]);
            done(ctx, &jobs[i]);
            job_free_results(&jobs[i]);
        }
        return;
    }
    shared s = {k, jobs, n, 0, 0, (size_t)workers * WINDOW_PER_WORKER, stop,
                PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};
    pthread_t *t = xcalloc(workers, sizeof *t);
    unsigned started = 0;
    for (unsigned i = 0; i < workers; i++)
        if (pthread_create(&t[i], NULL, worker, &s) == 0)
            started++;
    if (started == 0) { /* no threads to be had: do it here */
        free(t);
        pipeline_run(k, jobs, n, 1, done, ctx, stop);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        pthread_mutex_lock(&s.lock);
        while (jobs[i].status == JOB_PENDING && !(*stop && s.next <= i))
            pthread_cond_wait(&s.changed, &s.lock);
        int ready = jobs[i].status != JOB_PENDING;
        pthread_mutex_unlock(&s.lock);
        if (!ready)
            break; /* stopped before this job started */
        done(ctx, &jobs[i]);
        job_free_results(&jobs[i]);
        pthread_mutex_lock(&s.lock);
        s.consumed = i + 1;
        pthread_cond_broadcast(&s.changed);
        pthread_mutex_unlock(&s.lock);
    }
    pthread_mutex_lock(&s.lock);
    s.next = s.n; /* no more starts */
    pthread_cond_broadcast(&s.changed);
    pthread_mutex_unlock(&s.lock);
    for (unsigned i = 0; i < workers; i++)
        if (i < started)
            pthread_join(t[i], NULL);
    for (size_t i = 0; i < n; i++) /* built but never written (stopped) */
        if (jobs[i].status == JOB_BUILT)
            job_free_results(&jobs[i]);
    free(t);
}
