/* reader.h: turns a source file into clean text.  Knows formats, nothing
 * about councils or Xapian. */
#ifndef SCRUTINY_READER_H
#define SCRUTINY_READER_H

#include <stddef.h>

/* Largest file read whole; larger ones are refused with a clear reason. */
#define READER_MAX_BYTES (256u << 20)

/* Whether path looks like something we can read (.txt, .md). */
int reader_supported(const char *path);

typedef struct reader_text {
    char *text;     /* normalised UTF-8, malloc()ed */
    size_t len;
    size_t invalid; /* invalid UTF-8 sequences replaced by U+FFFD */
} reader_text;

/* Reads and normalises path.  Returns 0, or -1 with a one-line reason. */
int reader_load(const char *path, reader_text *out, char *errbuf, size_t errlen);

#endif
