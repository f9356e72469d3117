/* document.h: one source file through the whole indexing pipeline short of
 * the database: read, analyse, apply the manifest, split agenda packs,
 * segment.  scrutiny-index writes the result; --explain prints it. */
#ifndef SCRUTINY_DOCUMENT_H
#define SCRUTINY_DOCUMENT_H

#include <stddef.h>

#include "analyse.h"
#include "docformat.h"
#include "manifest.h"
#include "record.h"
#include "segment.h"

/* One indexed document: a file, or one item of an agenda pack. */
typedef struct doc_part {
    scr_record rec;
    segmented seg;
    strlist themes; /* the document's: in one passage of THEME_DOCUMENT_SPAN */
    size_t themes_needed, themes_of; /* passages a theme needed, of how many */
    char *title_why, *doctype_why, *date_why; /* evidence for this part */
    char *doctype_next, *date_next;            /* their runners-up, or "none" */
    const char *doctype_conf, *date_conf;      /* CONF_HIGH... (analyse.h) */
} doc_part;

typedef struct built_doc {
    char *path;      /* absolute */
    doc_format format;
    size_t pages;
    size_t invalid;  /* invalid UTF-8 sequences replaced */
    analysis an;     /* what was detected for the whole file */
    strlist overridden; /* fields the manifest set */
    doc_part *parts;
    size_t n_parts;
} built_doc;

/* Builds path (absolute) from its bytes, already read.  m is the manifest
 * entry for it, or NULL.
 * A failure's line says why (the file is unreadable, not a format we know,
 * empty...). */
MUST_CHECK scr_status document_build_from(const knowledge *k, const char *path, const char *data,
                                          size_t len, const manifest_entry *m, built_doc *out,
                                          scr_error *err);
void built_doc_free(built_doc *d);
/* Passages of n a theme needs for the document to have it. */
size_t theme_passages_needed(size_t n);

#endif
