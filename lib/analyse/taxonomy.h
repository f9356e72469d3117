/* taxonomy.h: themes (data/themes.tsv), kinds of passage (data/kinds.tsv)
 * and acronyms (data/acronyms.tsv): what a passage is about, what it does,
 * and the other names of what it says. */
#ifndef SCRUTINY_TAXONOMY_H
#define SCRUTINY_TAXONOMY_H

#include <stddef.h>

#include "status.h"
#include "util.h"

typedef struct taxonomy taxonomy;

/* Loads the three files from dir (themes_file overrides themes.tsv when not
 * NULL); a failure's line names the file. */
MUST_CHECK scr_status taxonomy_load(const char *dir, const char *themes_file, taxonomy **out,
                                    scr_error *err);
void taxonomy_free(taxonomy *t);

/* A passage's themes (slugs) and, for each, why: the phrases found. */
void taxonomy_themes(const taxonomy *t, const char *text, strlist *themes, strlist *why);

/* A passage's kind from its heading path and wording: "recommendation",
 * "area-for-development", "strength", "finding" or "other"; *why says
 * what decided (static or borrowed from t). */
const char *taxonomy_kind(const taxonomy *t, const char *heading, const char *text,
                          char **why);

/* The concepts of acronyms.tsv that text names, by acronym (in capitals)
 * or by an expansion, singular or plural: their slugs, once each.  Rows
 * sharing an acronym or an expansion are one concept, named by its first
 * row's acronym ("salt" for SALT, SLT and their expansions). */
void taxonomy_concepts(const taxonomy *t, const char *text, strlist *concepts);

/* The synonym dictionary, pushed as pairs onto keys and terms: the
 * acronym and each expansion of every row, and their plurals, keys as
 * Xapian's parser looks them up (lower case, single spaces), term the
 * concept term prefix+slug. */
void taxonomy_synonyms(const taxonomy *t, const char *prefix, strlist *keys, strlist *terms);


/* Theme slugs and labels, in file order. */
size_t taxonomy_theme_count(const taxonomy *t);
const char *taxonomy_theme_slug(const taxonomy *t, size_t i);
const char *taxonomy_theme_label(const taxonomy *t, size_t i);

/* The themes one of whose signals words is, whole ("camhs", "CAMHS" and
 * "wellbeing" are mental-health's; a signal in capitals matches in any
 * case here: it is a name typed for a theme, not text), pushed onto
 * slugs once each. */
void taxonomy_themes_signalled(const taxonomy *t, const char *words, strlist *slugs);

/* The phrases of kinds.tsv that make a heading a kind's (where = heading):
 * what segment_text nests under the subject heading above. */
const strlist *taxonomy_kind_headings(const taxonomy *t);
/* Every phrase the data files name, as written: themes'
 * labels and signals, kinds' phrases, acronyms and their expansions,
 * singular and plural, and phrases.tsv's.  What users type and quote (the writer indexes
 * those of several words as terms of their own: lib/index/vocab.c). */
const strlist *taxonomy_phrases(const taxonomy *t);
/* The kinds kinds.tsv can give a passage, in file order, once each. */
size_t taxonomy_kind_count(const taxonomy *t);
const char *taxonomy_kind_name(const taxonomy *t, size_t i);

/* A document has a theme when one passage in THEME_DOCUMENT_SPAN of its
 * passages has it, at least one (document.c, theme_passages_needed). */
#define THEME_DOCUMENT_SPAN 12
/* Weight a passage needs for a theme: a phrase of several words or an
 * acronym weighs 2, a single word 1. */
#define THEME_PASSAGE_WEIGHT 2

#endif
