/* phrases.h: finds many phrases in a text in one pass.  The text is cut
 * into words (letters and digits; '&' reads as "and"), and each run of up
 * to PHRASE_MAX_WORDS words is looked up in a hash table, longest first, so
 * the cost does not grow with the number of phrases.  A phrase written in
 * capitals ("SEND", "EHC plan" has a capital word) must match those words
 * in capitals: "send" the verb is not SEND. */
#ifndef SCRUTINY_PHRASES_H
#define SCRUTINY_PHRASES_H

#include <stddef.h>

#define PHRASE_MAX_WORDS 8

typedef struct phrases phrases;

phrases *phrases_new(void);
void phrases_free(phrases *p);
/* Adds a phrase with a caller's tag (several tags per phrase are kept). */
void phrases_add(phrases *p, const char *phrase, int tag);

typedef struct phrase_hit {
    size_t start, end; /* bytes of the text */
    const int *tags;   /* borrowed from p */
    size_t n_tags;
    size_t words;      /* words in the phrase */
} phrase_hit;

/* The longest phrase at each place, left to right, never overlapping.
 * *out is malloc()ed. */
size_t phrases_find(const phrases *p, const char *text, phrase_hit **out);

/* The first place at or after from where the k bytes of phrase stand in
 * text[0..n), ignoring ASCII case, whole words or not; n when none. */
size_t phrase_next(const char *text, size_t n, size_t from, const char *phrase, size_t k);

/* How often phrase stands as whole words in text[0..n), ignoring ASCII
 * case; stops counting at max. */
size_t phrase_count(const char *text, size_t n, const char *phrase, size_t max);

#endif
