/* analyse.h: works out what a document is from its clean text, with the
 * field's knowledge from data/: its title, the local authority (or
 * authorities) it is about, its publisher, its type and its date, each
 * with the evidence it was taken from.  Knows nothing about Xapian. */
#ifndef SCRUTINY_ANALYSE_H
#define SCRUTINY_ANALYSE_H

#include <stddef.h>

#include "gazetteer.h"
#include "status.h"
#include "util.h"

typedef struct knowledge knowledge;

/* Loads the data files from dir, else $SCRUTINY_DATA_DIR, else the
 * installed package data directory, else the source tree's data/;
 * themes_file, when not NULL, replaces themes.tsv.
 * A failure's line names the file and the cause. */
MUST_CHECK scr_status knowledge_load(const char *dir, const char *themes_file, knowledge **out,
                                     scr_error *err);
void knowledge_free(knowledge *k);
const gazetteer *knowledge_gazetteer(const knowledge *k);
struct taxonomy;
const struct taxonomy *knowledge_taxonomy(const knowledge *k);
/* Pushes onto out the slugs a facet's values may be by the data files
 * (publisher: publishers.tsv's, type: doctypes.tsv's, other and
 * agenda-pack; none for
 * the others), those not there yet. */
void knowledge_values(const knowledge *k, const char *facet, strlist *out);
/* The directory the data came from. */
const char *knowledge_dir(const knowledge *k);

typedef struct analysis {
    char *title, *title_why;
    strlist authorities; /* display names */
    char *authorities_why;
    strlist publishers;
    char *publisher_why;
    char *doctype, *doctype_why;
    char *date, *date_why; /* date "YYYY-MM-DD", "YYYY-MM" or "YYYY", or NULL */
    int year;
    /* The runner-up of each field: the evidence that came second ("none"
     * when nothing did), and how sure the choice is (CONF_HIGH...). */
    char *authorities_next, *publisher_next, *doctype_next, *date_next;
    const char *authorities_conf, *publisher_conf, *doctype_conf, *date_conf;
} analysis;

/* Confidences, from the evidence (doc/scrutiny-index.1, --explain). */
#define CONF_HIGH "high"
#define CONF_MEDIUM "medium"
#define CONF_LOW "low"
/* The lower of two confidences. */
const char *analyse_conf_min(const char *a, const char *b);

/* Analyses clean text (reader.h).  file_title is the file's own title
 * metadata, or NULL. */
void analyse_document(const knowledge *k, const char *text, const char *file_title,
                      analysis *out);
/* The same for a page saved from the web address source (NULL when it is
 * not known: an address on a line of its own at the top or the end of the
 * text is then taken): a council named in its host is the site's, and
 * the site is the page's publisher (source.h). */
void analyse_document_from(const knowledge *k, const char *text, const char *file_title,
                           const char *source, analysis *out);
void analysis_free(analysis *a);

/* Helpers shared with pack.c. */
/* The doctype for a title and head of text (doctypes.tsv), with why, and
 * in *publisher (if not NULL) the author that kind implies, "*" when it
 * is an issuer's own mark (a press release: whoever its marks name), or
 * NULL. */
char *analyse_doctype(const knowledge *k, const char *title, const char *head, char **why,
                      char **publisher);
/* The same, with the runner-up kind (or "none") and the confidence. */
char *analyse_doctype_ex(const knowledge *k, const char *title, const char *head, char **why,
                         char **publisher, char **next, const char **conf);
/* The document's own date in text, with why; NULL when none. */
char *analyse_date(const char *text, char **why, int *year);
/* The same, with the runner-up date (or "none") and the confidence. */
char *analyse_date_ex(const char *text, char **why, int *year, char **next, const char **conf);

#endif
