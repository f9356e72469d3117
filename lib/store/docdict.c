/* docdict.c: see docdict.h. */
#include "docdict.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* ZSTD_createDDict_byReference is in zstd.h's advanced section, exported
 * by Debian's libzstd */
#define ZSTD_STATIC_LINKING_ONLY
#include <zdict.h>
#include <zstd.h>

#include "schema.h"
#include "util.h"

/* A dictionary's largest size: on ../shared/realdocs, 64 KiB trained on
 * 1.4 MB of data took the data 20% down, 32 KiB 16%, 110 KiB on 3.9 MB
 * 21%; every process that reads a hit reads it once. */
#define DOCDICT_BYTES (64 * 1024)
/* A run trains its dictionary once it has seen this much data, from at
 * least DOCDICT_MIN_DOCS documents (zstd's trainer wants several), each
 * sampled up to DOCDICT_SAMPLE_EACH bytes (one long report does not make
 * the whole sample).  Smaller runs index without: the next run that adds
 * this much trains it. */
#define DOCDICT_SAMPLE (1024 * 1024)
#define DOCDICT_MIN_DOCS 8
#define DOCDICT_SAMPLE_EACH (256 * 1024)

struct docdict {
    unsigned id;
    char *bytes;
    size_t len;
    ZSTD_CDict *cdict; /* the indexer's, made with it */
    ZSTD_DDict *ddict; /* a reader's, made when first wanted */
};

static docdict *dict_new(const char *bytes, size_t len)
{
    unsigned id = ZSTD_getDictID_fromDict(bytes, len);
    if (id == 0)
        return NULL;
    docdict *d = xcalloc(1, sizeof *d);
    d->id = id;
    d->bytes = xmalloc(len ? len : 1);
    memcpy(d->bytes, bytes, len);
    d->len = len;
    return d;
}

static void dict_free(docdict *d)
{
    if (!d)
        return;
    ZSTD_freeCDict(d->cdict);
    ZSTD_freeDDict(d->ddict);
    free(d->bytes);
    free(d);
}

unsigned docdict_id(const docdict *d) { return d->id; }

const char *docdict_bytes(const docdict *d, size_t *len)
{
    *len = d->len;
    return d->bytes;
}

const void *docdict_cdict(const docdict *d) { return d->cdict; }

char *docdict_key(const docdict *d)
{
    char *key = xmalloc(sizeof SCHEMA_DICT_KEY_PREFIX + 8);
    snprintf(key, sizeof SCHEMA_DICT_KEY_PREFIX + 8, SCHEMA_DICT_KEY_PREFIX "%08x", d->id);
    return key;
}

/* ---- what the databases a process opened hold ---- */

/* A process opens a database or a few: the dictionaries are few (one a
 * database), kept for its life, and never freed, so that no thread still
 * reading a hit as the process exits finds one gone. */
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static docdict **registry;
static size_t registered;

static docdict *registry_find(unsigned id)
{
    for (size_t i = 0; i < registered; i++)
        if (registry[i]->id == id)
            return registry[i];
    return NULL;
}

int docdict_register(const char *bytes, size_t len)
{
    unsigned id = ZSTD_getDictID_fromDict(bytes, len);
    if (id == 0)
        return 0;
    pthread_mutex_lock(&registry_lock);
    if (!registry_find(id)) {
        registry = xrealloc(registry, (registered + 1) * sizeof *registry);
        registry[registered++] = dict_new(bytes, len);
    }
    pthread_mutex_unlock(&registry_lock);
    return 1;
}

const void *docdict_ddict(unsigned id)
{
    pthread_mutex_lock(&registry_lock);
    docdict *d = registry_find(id);
    if (d && !d->ddict) /* read-only once made: shared by the threads */
        d->ddict = ZSTD_createDDict_byReference(d->bytes, d->len);
    const void *dd = d ? d->ddict : NULL;
    pthread_mutex_unlock(&registry_lock);
    return dd;
}

/* ---- an indexing run's dictionary ---- */

struct docdict_trainer {
    pthread_mutex_t lock;
    docdict *dict;    /* once adopted or trained */
    docdict **retired; /* dictionaries it replaced: documents may point to them */
    size_t n_retired;
    int gave_up;      /* the trainer failed: this run goes without */
    strbuf samples;   /* the first documents' data, end to end */
    size_t *sizes;
    unsigned n;
};

docdict_trainer *docdict_trainer_new(void)
{
    docdict_trainer *t = xcalloc(1, sizeof *t);
    pthread_mutex_init(&t->lock, NULL);
    sb_init(&t->samples);
    return t;
}

void docdict_trainer_free(docdict_trainer *t)
{
    if (!t)
        return;
    dict_free(t->dict);
    for (size_t i = 0; i < t->n_retired; i++)
        dict_free(t->retired[i]);
    free(t->retired);
    sb_free(&t->samples);
    free(t->sizes);
    pthread_mutex_destroy(&t->lock);
    free(t);
}

/* t's dictionary from bytes, with its compression tables; 0 if none. */
static int take(docdict_trainer *t, const char *bytes, size_t len)
{
    docdict *d = dict_new(bytes, len);
    if (!d)
        return 0;
    d->cdict = ZSTD_createCDict(d->bytes, d->len, DOCDATA_LEVEL);
    if (!d->cdict) {
        dict_free(d);
        return 0;
    }
    if (t->dict) {
        t->retired = xrealloc(t->retired, (t->n_retired + 1) * sizeof *t->retired);
        t->retired[t->n_retired++] = t->dict;
    }
    t->dict = d;
    return 1;
}

int docdict_trainer_adopt(docdict_trainer *t, const char *bytes, size_t len)
{
    pthread_mutex_lock(&t->lock);
    int ok = take(t, bytes, len);
    pthread_mutex_unlock(&t->lock);
    return ok;
}

/* Trains t's dictionary on its samples (t locked); gives up on failure. */
static void train(docdict_trainer *t)
{
    char *buf = xmalloc(DOCDICT_BYTES);
    size_t n = ZDICT_trainFromBuffer(buf, DOCDICT_BYTES, t->samples.buf, t->sizes, t->n);
    if (ZDICT_isError(n) || !take(t, buf, n))
        t->gave_up = 1;
    free(buf);
    sb_free(&t->samples);
    sb_init(&t->samples);
    free(t->sizes);
    t->sizes = NULL;
    t->n = 0;
}

const docdict *docdict_trainer_pick(docdict_trainer *t, const char *data, size_t len)
{
    if (!t)
        return NULL;
    pthread_mutex_lock(&t->lock);
    if (!t->dict && !t->gave_up && len) {
        size_t take_len = len < DOCDICT_SAMPLE_EACH ? len : DOCDICT_SAMPLE_EACH;
        sb_add(&t->samples, data, take_len);
        t->sizes = xrealloc(t->sizes, (t->n + 1) * sizeof *t->sizes);
        t->sizes[t->n++] = take_len;
        if (t->samples.len >= DOCDICT_SAMPLE && t->n >= DOCDICT_MIN_DOCS)
            train(t); /* the other threads wait for it, once */
    }
    const docdict *d = t->dict;
    pthread_mutex_unlock(&t->lock);
    return d;
}
