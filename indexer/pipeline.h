/* pipeline.h: reading and analysing files on several threads while the
 * caller (the one database writer) takes the results in order. */
#ifndef SCRUTINY_PIPELINE_H
#define SCRUTINY_PIPELINE_H

#include <stdatomic.h>
#include <stddef.h>

#include "analyse.h"
#include "document.h"
#include "manifest.h"
#include "walk.h"
#include "writer.h"

enum job_status { JOB_PENDING, JOB_BUILT, JOB_FAILED };

typedef struct job {
    /* in */
    const char *path;                /* as given */
    char *abs;                       /* absolute */
    const manifest_entry *manifest;  /* or NULL */
    const writer_vocab *vocab;       /* when not NULL: make its Xapian documents too */
    const rootset *roots;            /* the opened file must be inside; or NULL */
    /* out */
    enum job_status status;
    char *error;                     /* why it failed */
    built_doc doc;
    writer_docs *docs;               /* when prepare: for writer_replace_file */
    file_state state;
    double bytes;
    /* the pipeline's own */
    double started;                  /* when a worker took it (monotonic seconds) */
    int timed_out;                   /* given up on: the worker's result is dropped */
} job;

/* Called for each job, in order, on the calling thread. */
typedef void (*job_done_fn)(void *ctx, job *j);

/* Builds every job with `workers` threads and hands each to done in order
 * on this thread, then frees its document.  Once *stop is set it starts
 * no more jobs and returns within a tenth of a second, without waiting
 * for a file still being read: it then returns 1, and threads may still
 * be using the jobs and k, which the caller must not free (it commits
 * and exits).  Otherwise 0.
 * A file still being read file_budget seconds (> 0) after a worker took it
 * is given up on: handed to done as failed, with the reason, while a new
 * worker takes the stuck one's place (it ends with the process, or drops
 * its result when it finishes). */
int pipeline_run(const knowledge *k, job *jobs, size_t n, unsigned workers, double file_budget,
                 job_done_fn done, void *ctx, atomic_int *stop);

/* Reads and builds one job (what each worker does); the caller publishes
 * the status it returns. */
enum job_status job_build(const knowledge *k, job *j);

#endif
