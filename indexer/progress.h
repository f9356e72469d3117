/* progress.h: one line on a terminal's standard error while indexing:
 * files, megabytes, rate, time left. */
#ifndef SCRUTINY_PROGRESS_H
#define SCRUTINY_PROGRESS_H

#include <stddef.h>

typedef struct progress {
    int on;
    size_t files_total, files_done;
    double bytes_total, bytes_done;
    double start, last;
} progress;

/* on: only when wanted and standard error is a terminal. */
void progress_start(progress *p, int wanted, size_t files, double bytes);
void progress_step(progress *p, double bytes);
/* Erases the line. */
void progress_end(progress *p);

#endif
