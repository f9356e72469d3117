/* parts.c: see parts.h. */
#include "parts.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "database.h"

/* Items waiting for one lane: enough to keep it busy while the caller
 * hands the other lane its share, few enough that memory stays bounded
 * (an item holds a file's Xapian documents). */
#define QUEUE 8
#define NO_PART ((size_t)-1)

typedef struct queued {
    void *item;
    size_t part;
} queued;

typedef struct lane {
    struct parts *p;
    pthread_t thread;
    queued q[QUEUE];
    size_t head, len;
    xc_wdb *db;  /* the part being written, or NULL */
    size_t part; /* its number */
    unsigned uncommitted; /* items written to it since its last commit */
} lane;

struct parts {
    char *pattern;
    unsigned nlanes, per_part, per_commit;
    part_write_fn write;
    part_free_fn free_item;
    lane *lanes;
    unsigned started; /* lanes whose thread runs */
    size_t added;     /* items queued so far */
    char **dirs;      /* by part number; NULL until its lane makes it */
    size_t ndirs;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int closing, failed;
    scr_error error; /* the first failure */
};

/* Records the first failure (under the lock). */
static void record_failure(struct parts *p, scr_status st, const char *message)
{
    if (!p->failed) {
        p->failed = 1;
        scr_fail(&p->error, st, "%s", message);
    }
    pthread_cond_broadcast(&p->changed);
}

/* Commits and closes the lane's part. */
static xc_status seal(lane *l, xc_error *err)
{
    xc_status st = l->db ? xc_wdb_commit(l->db, err) : XC_OK;
    if (l->db) {
        xc_status closed = xc_wdb_close(l->db, st == XC_OK ? err : NULL);
        st = st == XC_OK ? closed : st;
    }
    l->db = NULL;
    return st;
}

/* Makes part k's directory and database, the lane's from now on. */
static xc_status begin_part(lane *l, size_t k, xc_error *err)
{
    struct parts *p = l->p;
    char *dir = xstrdup(p->pattern);
    if (!mkdtemp(dir)) {
        xc_status st = scr_fail(err, SCR_ERR_IO, "%s: cannot make a directory: %s", dir,
                                strerror(errno));
        free(dir);
        return st;
    }
    pthread_mutex_lock(&p->lock);
    p->dirs[k] = dir;
    pthread_mutex_unlock(&p->lock);
    l->part = k;
    l->uncommitted = 0;
    /* its merge is kept whole (xc_db_compact): nothing kept in it */
    return xc_wdb_open(dir, (xc_wdb_mode)(XC_WDB_OVERWRITE | XC_WDB_UNKEPT), &l->db, err);
}

static void *run_lane(void *arg)
{
    lane *l = arg;
    struct parts *p = l->p;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!l->len && !p->closing)
            pthread_cond_wait(&p->changed, &p->lock);
        if (!l->len)
            break; /* closing, and nothing left */
        queued next = l->q[l->head];
        l->head = (l->head + 1) % QUEUE;
        l->len--;
        int skip = p->failed; /* after a failure items are only freed */
        pthread_cond_broadcast(&p->changed);
        pthread_mutex_unlock(&p->lock);
        xc_error err = {XC_OK, ""};
        xc_status st = XC_OK;
        if (!skip && next.part != l->part) {
            st = seal(l, &err);
            if (st == XC_OK)
                st = begin_part(l, next.part, &err);
        }
        if (!skip && st == XC_OK)
            st = p->write(l->db, next.item, &err);
        if (!skip && st == XC_OK && p->per_commit && ++l->uncommitted >= p->per_commit) {
            l->uncommitted = 0;
            st = xc_wdb_commit(l->db, &err);
        }
        p->free_item(next.item);
        pthread_mutex_lock(&p->lock);
        if (st != XC_OK)
            record_failure(p, err.status, err.message);
    }
    pthread_mutex_unlock(&p->lock);
    xc_error err = {XC_OK, ""};
    if (seal(l, &err) != XC_OK) {
        pthread_mutex_lock(&p->lock);
        record_failure(p, err.status, err.message);
        pthread_mutex_unlock(&p->lock);
    }
    return NULL;
}

scr_status parts_start(const char *pattern, unsigned lanes, unsigned per_part,
                       unsigned per_commit, part_write_fn write, part_free_fn free_item, parts **out,
                       scr_error *err)
{
    struct parts *p = xcalloc(1, sizeof *p);
    p->pattern = xstrdup(pattern);
    p->nlanes = lanes ? lanes : 1;
    p->per_part = per_part ? per_part : 1;
    p->per_commit = per_commit;
    p->write = write;
    p->free_item = free_item;
    p->lanes = xcalloc(p->nlanes, sizeof *p->lanes);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->changed, NULL);
    int e = 0;
    for (unsigned i = 0; i < p->nlanes && !e; i++) {
        p->lanes[i].p = p;
        p->lanes[i].part = NO_PART;
        e = pthread_create(&p->lanes[i].thread, NULL, run_lane, &p->lanes[i]);
        p->started += !e;
    }
    if (e) {
        strlist none;
        scr_status ignored = parts_finish(p, &none, NULL);
        (void)ignored;
        sl_free(&none);
        parts_free(p);
        return scr_fail(err, SCR_ERR_IO, "cannot start a thread to write with: %s",
                        strerror(e));
    }
    *out = p;
    return SCR_OK;
}

void parts_order(size_t n, unsigned lanes, unsigned per_part, size_t *order)
{
    size_t group = (size_t)lanes * per_part;
    size_t *start = xcalloc(lanes, sizeof *start);
    for (size_t g = 0; g < n; g += group) {
        size_t m = n - g < group ? n - g : group; /* the last group may be short */
        for (unsigned l = 0, at = 0; l < lanes; l++) {
            start[l] = at;
            at += (unsigned)(m / lanes + (l < m % lanes));
        }
        for (size_t r = 0; r < m; r++)
            order[g + r] = g + start[r % lanes] + r / lanes;
    }
    free(start);
}

void parts_layout(const parts *p, unsigned *lanes, unsigned *per_part)
{
    *lanes = p->nlanes;
    *per_part = p->per_part;
}

scr_status parts_add(parts *p, void *item, scr_error *err)
{
    pthread_mutex_lock(&p->lock);
    /* as parts_order hands them over: a file of each lane's part in turn */
    size_t group = (size_t)p->nlanes * p->per_part, r = p->added % group;
    size_t k = p->added / group * p->nlanes + r % p->nlanes;
    lane *l = &p->lanes[k % p->nlanes];
    while (l->len == QUEUE && !p->failed)
        pthread_cond_wait(&p->changed, &p->lock);
    if (p->failed) {
        scr_status st = scr_fail(err, p->error.status, "%s", p->error.message);
        pthread_mutex_unlock(&p->lock);
        p->free_item(item);
        return st;
    }
    if (k >= p->ndirs) {
        p->dirs = xrealloc(p->dirs, (k + 1) * sizeof *p->dirs);
        for (size_t i = p->ndirs; i <= k; i++)
            p->dirs[i] = NULL;
        p->ndirs = k + 1;
    }
    l->q[(l->head + l->len) % QUEUE] = (queued){item, k};
    l->len++;
    p->added++;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    return SCR_OK;
}

scr_status parts_finish(parts *p, strlist *dirs, scr_error *err)
{
    sl_init(dirs);
    pthread_mutex_lock(&p->lock);
    p->closing = 1;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->started; i++)
        pthread_join(p->lanes[i].thread, NULL);
    p->started = 0;
    if (p->failed)
        return scr_fail(err, p->error.status, "%s", p->error.message);
    for (size_t k = 0; k < p->ndirs; k++)
        if (p->dirs[k])
            sl_push(dirs, p->dirs[k]);
    return SCR_OK;
}

void parts_free(parts *p)
{
    if (!p)
        return;
    for (size_t k = 0; k < p->ndirs; k++) {
        if (p->dirs[k])
            db_remove_dir(p->dirs[k]);
        free(p->dirs[k]);
    }
    free(p->dirs);
    free(p->lanes);
    free(p->pattern);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->changed);
    free(p);
}
