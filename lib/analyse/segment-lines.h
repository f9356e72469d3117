/* segment-lines.h: what the segmenter's files (segment.c, listed-lines.c)
 * share about one block of text.  Not for outside lib/analyse. */
#ifndef SCRUTINY_SEGMENT_LINES_H
#define SCRUTINY_SEGMENT_LINES_H

#include <stddef.h>

#include "util.h"

/* The words of s (and, in alpha_words, those with a letter), counted no
 * further than enough. */
size_t segment_count_words(const char *s, size_t *alpha_words, size_t enough);

/* s past a heading's label and its space ("Section 6 Strengths": "6
 * Strengths"), else s. */
const char *segment_skip_label(const char *s);

/* "4.1 Leadership" -> 2 (the depth), or 0 when not so numbered. */
int segment_numbered_depth(const char *s);

/* The leading "4.2" of a heading (without a final dot), or "". */
void segment_heading_number(const char *t, char out[16]);

/* Whether number a is the parent of b ("4" of "4.2"). */
int segment_parent_number(const char *a, const char *b);

/* Which blocks are lines of a list that only looks like headings, each
 * flagged 1 (malloc()ed, blocks->len of them): a table of contents
 * ("Contents", then its entries "Executive summary2", "Recommendations
 * ..... 34" and lone page numbers), a run of entries ending in page numbers
 * without that title, or a run of numbered lines with no prose between them
 * that is not one heading under another ("1. Help and protection", "2.
 * Children looked after", "2.1 Adoption", "3. Leadership": a summary of
 * judgements, or numbered recommendations).  None of them is a heading. */
unsigned char *segment_listed(const strlist *blocks);

#endif
