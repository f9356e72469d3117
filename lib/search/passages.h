/* passages.h: which passages of a matching document answer the query,
 * from the positions of the query's terms in it (schema.h: each passage
 * starts at a recorded position; nothing is tokenised again). */
#ifndef SCRUTINY_PASSAGES_H
#define SCRUTINY_PASSAGES_H

#include <jansson.h>
#include <stddef.h>

#include "util.h"
#include "xapian-c.h"

/* The groups of terms a passage must hold one of each of to answer
 * (xc_query_scope): the kind markers, the passage-theme markers, and in
 * passage mode one group per word of the query.  Empty groups ask
 * nothing. */
enum { SCOPE_KIND, SCOPE_THEME, SCOPE_GROUPS /* the marker groups; words follow */ };

/* The marker prefixes of the groups above, in their order (the prefixes
 * xc_query_scope looks for). */
extern const char *const passage_marker_prefixes[SCOPE_GROUPS];

typedef struct passage_scope {
    strlist *groups;
    /* the rule, where the groups cannot say which passages answer (an OR
     * or XOR of markers beside other things); NULL: none */
    xc_rule *rule;
    int rule_only; /* passages listed (--level passage): only where the rule
                      holds; else the rule chooses, and where it holds in
                      no passage the groups do */
    size_t n;
    strlist lead; /* terms that weigh more in a passage's score (precedent:
                     the words of the text, over their expansion) */
    int words_known; /* loose and phrases below are filled (xc_query_words) */
    int unplaced;    /* the query has words that place no passage (a title's,
                        a stopword), left out of loose */
    strlist loose;   /* terms a passage scores for one by one */
    strlist *phrases; /* each phrase's terms in order: scored where they
                         stand one after the other; or a NEAR's: where
                         they stand within its window */
    unsigned *near;   /* by phrase: 0, or the NEAR's window */
    strlist *alternatives; /* by phrase: terms that stand for it where they
                              are (XC_PHRASE_ALTERNATIVE) */
    size_t n_phrases;
    /* precedent like one passage: that passage (skip_passage of document
     * skip_docid; 0: none) never answers, lest the source be its own
     * first answer */
    unsigned skip_docid;
    long skip_passage;
} passage_scope;

void passage_scope_init(passage_scope *s);
void passage_scope_free(passage_scope *s);
/* An xc_marker_fn adding to a passage_scope. */
void passage_scope_add(void *scope, unsigned group, const char *term);
/* An xc_phrase_fn adding to a passage_scope's words. */
void passage_scope_word(void *scope, int phrase, unsigned near, const char *term);
/* Once the words are in: a phrase of words no passage holds ("to be",
 * stopwords alone) is taken out, as a loose word of them is (unplaced). */
void passage_scope_settle(passage_scope *s);

typedef struct passage_score {
    size_t passage; /* its number in the document */
    double score;   /* sum of the idf of the distinct query words it holds (half for one only in its heading) */
    unsigned times; /* how often its text says them: between equal scores, more first */
} passage_score;

/* The passages' first positions of a document (xdoc), from SLOT_STARTS:
 * *n of them, malloc()ed (NULL when it has none). */
xc_status passage_starts(xc_doc *xdoc, unsigned **starts, size_t *n, xc_error *err);
/* The passage holding position pos: the last of the n starting at or
 * before it (n for the title's positions, before the first passage). */
size_t passage_of(const unsigned *starts, size_t n, unsigned pos);

/* Scores the passages of document docid (starts: their first positions)
 * that answer enq's query within scope, best first (ties: the one whose
 * text says the words more often, then the earlier).
 * With no query word in any of them (a filter alone), the answering
 * passages in order, scored 0; matched by its title alone, its first.
 * The scope's skipped passage never answers.
 * *out is malloc()ed; returns the number, or -1 on a Xapian error. */
long passages_rank(xc_rdb *db, xc_enquire *enq, unsigned docid, const unsigned *starts,
                   size_t n, const passage_scope *scope, unsigned doccount,
                   passage_score **out, xc_error *err);

/* A document's stored data (schema.md: a line of metadata, a line per
 * passage) as one object, its passages under DATA_PASSAGES; only passage
 * `only` is read when it is >= 0 (the others are null).  An empty object
 * for data that is not ours.  New reference. */
json_t *document_parse(const char *data, size_t len, long only);

/* A hit's data: the document's metadata with passage n's heading, kind,
 * themes, text and number (DATA_PASSAGE) merged in.  New reference. */
json_t *passage_hit_data(json_t *doc, size_t n);
/* The same from the metadata (with or without passages) and passage n
 * itself, parsed on its own (NULL: none). */
json_t *passage_hit_from(json_t *meta, json_t *passage, size_t n);

#endif
