/* analyse-internal.h: what the files of the analysis (analyse.c, blocks.c,
 * title.c, authorities.c, publisher.c, doctype.c, own-date.c) share: the
 * data they read, the blocks of a text, and each field's rules that the
 * whole document's analysis (analyse.c) calls.  Not for outside lib/analyse. */
#ifndef SCRUTINY_ANALYSE_INTERNAL_H
#define SCRUTINY_ANALYSE_INTERNAL_H

#include "analyse.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "dates.h"
#include "phrases.h"
#include "postcode.h"
#include "source.h"
#include "taxonomy.h"
#include "tsv.h"
#include "util.h"

#ifndef SCRUTINY_PKGDATADIR
#define SCRUTINY_PKGDATADIR "/usr/local/share/scrutiny"
#endif
#ifndef SCRUTINY_SRCDATADIR
#define SCRUTINY_SRCDATADIR "data"
#endif

/* How far into a document its identity is read (title, letterhead, the
 * first paragraphs). */
#define HEAD_BYTES 4000
/* Mentions near the start weigh more: that is where a letter names its
 * addressee and a report its subject. */
#define EARLY_BYTES 1500
/* A site's banner (its owner's name alone) is among a page's first blocks:
 * "Skip to main content" and a cookie banner may come first. */
#define BANNER_BLOCKS 6
/* The last bytes of a text: an Ofsted report's colophon, a page's footer. */
#define TAIL_BYTES 3000
/* Authority mentions are counted over at most this much text. */
#define SCAN_BYTES (512u << 10)
/* CQC is a co-publisher when it scores this much on its own. */
#define JOINT_MIN 5
/* A mark this heavy is a publisher's imprint (its domain, Ofsted's
 * "Reference no"): a report that carries one publisher's imprint and not
 * the other's is that one's alone, however often it names the other. */
#define IMPRINT_WEIGHT 6

struct knowledge {
    char *dir;
    gazetteer *gaz;
    taxonomy *tax;
    tsv publishers, doctypes;
};

typedef struct block {
    size_t start, len;
} block;

/* blocks.c */
char *xstrdup_printf(const char *f, ...);
size_t split_blocks(const char *text, block **out);
char *strip_marks(const char *s, size_t n);
size_t word_count(const char *s);
int all_caps_words(const char *s);
/* title.c: the title, and what a line that is no title looks like */
int date_alone(const char *s, size_t n);
int council_name_line(const knowledge *k, const char *text, size_t n);
int name_word(const char *w, size_t n);
int council_menu(const knowledge *k, const char *text);
size_t salutation(const char *s, size_t n);
void find_title(const knowledge *k, const char *text, const block *b, size_t nb,
                const char *file_title, analysis *a);
/* authorities.c */
void find_authorities(const knowledge *k, const char *text, const char *file_title,
                      const char *source, const block *b, size_t nb, long banner,
                      analysis *a, size_t *sole, int *on_council_site);
/* publisher.c: the marks a publisher leaves; analyse.c weighs them */
double publisher_score(const knowledge *k, const char *text, size_t n, const char *who);
void find_publisher(const knowledge *k, const char *head, size_t n, const char *tail,
                    analysis *a);
const char *site_publisher(const knowledge *k, const char *source, int on_council_site);
const char *commissioning_body(const knowledge *k, const char *head, size_t n,
                               const char *tail, const char *reviewer);
int reported_on(const knowledge *k, const char *head, size_t n, const char *who);
int byline(const char *text, const block *b, size_t nb);
int first_person(const char *text, size_t n);
int names_council(const knowledge *k, const char *text);
int council_footer(const knowledge *k, const char *text, const block *b, size_t nb);
int council_banner_or_contact(const knowledge *k, const char *text, const block *b,
                              size_t nb);
int has_marks(const knowledge *k, const char *text, size_t n, const char *w);
int body_name_line(const knowledge *k, const char *s, size_t n);
long body_banner(const knowledge *k, const char *text, const block *b, size_t nb);
int residents_voice(const knowledge *k, const char *text, size_t n);
void owner_authority(const knowledge *k, const char *text, const block *b, size_t nb,
                     analysis *a);
void publisher_from_site(const char *site, const char *source, analysis *a);

#endif
