/* parts.h: a new database written in parts, each on a thread of its own,
 * for writer.c to merge in order at the end.
 *
 * Why: a Xapian database has one writer, and with two indexing threads the
 * thread that writes was the whole run's length (its CPU time equal to the
 * wall time on 3,000 generated files) while the others waited.  Parts of
 * PART_FILES files each (writer.c), written by `lanes` threads in turn (part k by
 * lane k % lanes) and merged by one compaction, which a large run did
 * anyway, spread that work: doc/performance.md has the figures.  The files
 * keep their order in the database: each part holds a run of consecutive
 * files, and the merge numbers the parts' documents on in order.  For the
 * lanes to write at once, the files are handed over interleaved
 * (parts_order): the next file of each lane's part in turn. */
#ifndef SCRUTINY_PARTS_H
#define SCRUTINY_PARTS_H

#include "util.h"
#include "xapian-c.h"

typedef struct parts parts;

/* Writes one queued item into a part's database (on its lane's thread). */
typedef xc_status (*part_write_fn)(xc_wdb *db, void *item, xc_error *err);
/* Frees an item, written or not (on whichever thread has it last). */
typedef void (*part_free_fn)(void *item);

/* Starts `lanes` threads writing parts of per_part items each, a part
 * committed every per_commit items (0: once, when it is full); a part's
 * directory is made with mkdtemp() from pattern (which ends in XXXXXX).
 * SCR_ERR_IO when no thread can be had. */
MUST_CHECK scr_status parts_start(const char *pattern, unsigned lanes, unsigned per_part,
                                  unsigned per_commit, part_write_fn write,
                                  part_free_fn free_item, parts **out, scr_error *err);

/* The order to hand n files over in: order[k] is the index (in the
 * files' own order) of the k-th to give parts_add.  Files go by groups of
 * lanes * per_part: lane l's part holds the l-th run of a group, and the
 * group is handed over a file of each run in turn. */
void parts_order(size_t n, unsigned lanes, unsigned per_part, size_t *order);

/* Queues item (taken, whatever happens) as the next one in parts_order's
 * order, waiting while its lane is busy; once any lane has failed,
 * returns that failure. */
MUST_CHECK scr_status parts_add(parts *p, void *item, scr_error *err);

/* Writes out what is queued, commits and closes every part, and ends the
 * threads; *dirs (initialised here) then holds the parts' directories in
 * order.  After a failure *dirs is empty and the error is the first one. */
MUST_CHECK scr_status parts_finish(parts *p, strlist *dirs, scr_error *err);

/* The lanes and the files a part, as parts_start was given them. */
void parts_layout(const parts *p, unsigned *lanes, unsigned *per_part);

/* Removes every part's directory and frees p (after parts_finish). */
void parts_free(parts *p);

#endif
