/* filelist.h: the files a run will consider, from the command line's paths
 * (directories walked) and --files-from. */
#ifndef SCRUTINY_FILELIST_H
#define SCRUTINY_FILELIST_H

#include <stdatomic.h>
#include <stddef.h>

#include "walk.h"

typedef struct file_entry {
    char *path;
    int named; /* given by name: tried whatever its extension */
} file_entry;

typedef struct filelist {
    file_entry *items;
    size_t len, cap;
    unsigned failed;  /* paths that could not be read (warned) */
    unsigned skipped; /* files in directories that are not documents */
    rootset *roots;   /* links are followed inside these only; NULL: anywhere */
    atomic_int *stop; /* when set (non-zero), walks and lists stop */
} filelist;

void filelist_init(filelist *l);
void filelist_free(filelist *l);
/* Adds to l->roots the folder path names: itself, or a file's folder
 * (absolute, links resolved).  Nothing when l->roots is NULL. */
void filelist_add_root(filelist *l, const char *path);
/* Adds path: a file as named, a directory walked. */
void filelist_add_path(filelist *l, const char *path);
/* Adds the paths listed in file (their folders to l->roots first) ("-": standard input), one per line or
 * NUL-separated.  Returns 0, or -1 with errno when it cannot be read. */
int filelist_read(filelist *l, const char *file, int nul);

#endif
