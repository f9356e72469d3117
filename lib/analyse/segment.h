/* segment.h: splits cleaned text (see cleanup.h) into sections by its
 * headings and into passages (paragraphs and list items), each knowing its
 * heading path, e.g. "Findings > 3. Speech and language > Areas for
 * consideration". */
#ifndef SCRUTINY_SEGMENT_H
#define SCRUTINY_SEGMENT_H

#include <stddef.h>

#include "util.h"

/* Passages longer than this are cut at a sentence end near it, so that a
 * wall of text still gives passages a reader can take in. */
#define PASSAGE_MAX_BYTES 3000
/* segment_merge joins consecutive passages up to this size. */
#define PASSAGE_TARGET_BYTES 1200

typedef struct seg_passage {
    char *text;    /* without the list marker */
    char *heading; /* heading path; "" before the first heading */
    int list_item;
    size_t section; /* index into sections */
    /* filled by the analysis (document.c), not by the segmenter */
    const char *kind; /* static or owned by the taxonomy */
    char *kind_why;
    strlist themes, themes_why;
} seg_passage;

typedef struct seg_section {
    char *heading; /* its own heading; "" for text before any heading */
    char *path;    /* the whole heading path */
    int level;
    size_t passages;
} seg_section;

typedef struct segmented {
    seg_section *sections;
    size_t n_sections;
    seg_passage *passages;
    size_t n_passages;
} segmented;

/* kind_headings: the phrases that start a kind's heading
 * (taxonomy_kind_headings, from data/kinds.tsv). */
void segment_text(const char *clean, const strlist *kind_headings, segmented *out);
void segmented_free(segmented *s);

/* Joins consecutive passages of one section and one kind (set by the
 * analysis) while they fit in PASSAGE_TARGET_BYTES; recommendations stay
 * one per passage.  Themes are the union, evidence kept (merge.c). */
void segment_merge(segmented *s);

/* A heading's name past its label and number: "Recommendations" of "6.
 * Recommendations", "Section 7: Recommendations" and "Part 2 - Next
 * steps"' "Next steps"; the heading itself when it has none. */
const char *segment_heading_name(const char *heading);

/* Whether a heading names a part of a review that recommends or weighs:
 * "Recommendations", "Areas for consideration", "For action in the next
 * six months", "Strengths"... : it starts (after a number) with one of
 * kind_headings. */
int segment_is_kind_heading(const strlist *kind_headings, const char *heading);

#endif
