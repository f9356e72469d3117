/* progress.c: see progress.h. */
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(progress *p, int wanted, size_t files, double bytes)
{
    p->on = wanted && isatty(STDERR_FILENO);
    p->files_total = files;
    p->bytes_total = bytes;
    p->files_done = 0;
    p->bytes_done = 0;
    p->start = p->last = now();
}

void progress_step(progress *p, double bytes)
{
    p->files_done++;
    p->bytes_done += bytes;
    if (!p->on)
        return;
    double t = now();
    if (t - p->last < 0.2 && p->files_done < p->files_total)
        return; /* five redraws a second are plenty */
    p->last = t;
    double rate = p->bytes_done / (t - p->start + 1e-9);
    double left = rate > 0 ? (p->bytes_total - p->bytes_done) / rate : 0;
    fprintf(stderr, "\r%zu/%zu files, %.1f/%.1f MB, %.1f MB/s, %.0f s left   ", p->files_done,
            p->files_total, p->bytes_done / 1e6, p->bytes_total / 1e6, rate / 1e6, left);
    fflush(stderr);
}

void progress_end(progress *p)
{
    if (p->on)
        fprintf(stderr, "\r%*s\r", 78, "");
}
