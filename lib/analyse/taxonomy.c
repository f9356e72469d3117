/* taxonomy.c: see taxonomy.h. */
#include "taxonomy.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <sys/stat.h>

#include "normalise.h"
#include "phrases.h"
#include "segment.h"
#include "tsv.h"

typedef struct kind_rule {
    char *kind, *phrase;
    int heading; /* else wording */
    int anywhere; /* wording: "... phrase" occurs anywhere */
} kind_rule;

struct taxonomy {
    strlist theme_slugs, theme_labels;
    phrases *theme_phrases; /* tag: theme*2 (+1 for an exclude) */
    kind_rule *kinds;
    size_t n_kinds;
    strlist kind_headings;  /* the phrases of the heading rules, in order */
    strlist acr, exp;       /* acronym rows */
    size_t *concept;        /* per row: the first row of its concept */
    phrases *acr_phrases;   /* tag: row*2 (+1 when the expansion was found) */
    strlist named;          /* every phrase above as written */
};

/* Adds phrase to what taxonomy_phrases() lists. */
static void name_phrase(taxonomy *t, const char *phrase)
{
    if (*phrase)
        sl_push(&t->named, phrase);
}

static char *path_in(const char *dir, const char *name)
{
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "%s/%s", dir, name);
    return sb_steal(&sb);
}

/* Whether a phrase is one word with no capital: it weighs 1, else 2. */
static int weight_of(const char *phrase, size_t len)
{
    int words = 1, capital = 0;
    for (size_t i = 0; i < len; i++) {
        if (phrase[i] == ' ' || phrase[i] == '-')
            words++;
        capital |= isupper((unsigned char)phrase[i]) != 0;
    }
    return words > 1 || capital ? 2 : 1;
}

static scr_status load_themes(taxonomy *t, const char *path, scr_error *err)
{
    tsv f;
    scr_status rc = tsv_load(path, &f, err);
    if (rc != SCR_OK)
        return rc;
    int c_theme = tsv_column(&f, "theme"), c_label = tsv_column(&f, "label"),
        c_sig = tsv_column(&f, "signals"), c_exc = tsv_column(&f, "excludes");
    if (c_theme < 0 || c_sig < 0) {
        tsv_free(&f);
        return scr_fail(err, SCR_ERR_INPUT, "%s: needs 'theme' and 'signals' columns", path);
    }
    for (size_t r = 0; r < f.n_rows; r++) {
        const char *slug = tsv_cell(&f, r, c_theme);
        if (!*slug)
            continue;
        int id = (int)t->theme_slugs.len;
        sl_push(&t->theme_slugs, slug);
        sl_push(&t->theme_labels, *tsv_cell(&f, r, c_label) ? tsv_cell(&f, r, c_label) : slug);
        strlist sig, exc;
        sl_init(&sig);
        sl_init(&exc);
        sl_split(&sig, tsv_cell(&f, r, c_sig), ';');
        sl_split(&exc, tsv_cell(&f, r, c_exc), ';');
        name_phrase(t, t->theme_labels.items[t->theme_labels.len - 1]);
        for (size_t i = 0; i < sig.len; i++) {
            phrases_add(t->theme_phrases, sig.items[i], id * 2);
            name_phrase(t, sig.items[i]);
        }
        for (size_t i = 0; i < exc.len; i++)
            phrases_add(t->theme_phrases, exc.items[i], id * 2 + 1);
        sl_free(&sig);
        sl_free(&exc);
    }
    tsv_free(&f);
    return SCR_OK;
}

static scr_status load_kinds(taxonomy *t, const char *path, scr_error *err)
{
    tsv f;
    scr_status rc = tsv_load(path, &f, err);
    if (rc != SCR_OK)
        return rc;
    int c_kind = tsv_column(&f, "kind"), c_where = tsv_column(&f, "where"),
        c_ph = tsv_column(&f, "phrase");
    t->kinds = xcalloc(f.n_rows ? f.n_rows : 1, sizeof *t->kinds);
    for (size_t r = 0; r < f.n_rows; r++) {
        const char *ph = tsv_cell(&f, r, c_ph);
        if (!*ph || !*tsv_cell(&f, r, c_kind))
            continue;
        kind_rule *k = &t->kinds[t->n_kinds++];
        k->kind = xstrdup(tsv_cell(&f, r, c_kind));
        k->heading = strcmp(tsv_cell(&f, r, c_where), "wording") != 0;
        k->anywhere = strncmp(ph, "... ", 4) == 0;
        k->phrase = xstrdup(k->anywhere ? ph + 4 : ph);
        if (k->heading)
            sl_push(&t->kind_headings, k->phrase);
        name_phrase(t, k->phrase);
    }
    tsv_free(&f);
    return SCR_OK;
}

/* Rows that share an acronym or an expansion name one concept (SALT, SLT,
 * speech and language therapy, speech and language therapist), known by
 * its first row's acronym. */
static void group_concepts(taxonomy *t)
{
    size_t n = t->acr.len;
    t->concept = xcalloc(n ? n : 1, sizeof *t->concept);
    for (size_t i = 0; i < n; i++)
        t->concept[i] = i;
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < i; j++) {
                int linked = strcmp(t->acr.items[i], t->acr.items[j]) == 0 ||
                             strcmp(t->exp.items[i], t->exp.items[j]) == 0;
                if (linked && t->concept[i] != t->concept[j]) {
                    size_t to = t->concept[i] < t->concept[j] ? t->concept[i] : t->concept[j];
                    t->concept[i] = t->concept[j] = to;
                    changed = 1;
                }
            }
    }
}

static scr_status load_acronyms(taxonomy *t, const char *path, scr_error *err)
{
    tsv f;
    scr_status rc = tsv_load(path, &f, err);
    if (rc != SCR_OK)
        return rc;
    int c_a = tsv_column(&f, "acronym"), c_e = tsv_column(&f, "expansion");
    for (size_t r = 0; r < f.n_rows; r++) {
        const char *a = tsv_cell(&f, r, c_a), *e = tsv_cell(&f, r, c_e);
        if (!*a || !*e)
            continue;
        int row = (int)t->acr.len;
        sl_push(&t->acr, a);
        sl_push(&t->exp, e);
        /* and their plurals: "EHCPs", "EHC plans" */
        char *plural[2] = {NULL, NULL};
        for (int k = 0; k < 2; k++) {
            strbuf sb;
            sb_init(&sb);
            sb_addf(&sb, "%ss", k ? e : a);
            plural[k] = sb_steal(&sb);
        }
        name_phrase(t, a);
        name_phrase(t, plural[0]);
        name_phrase(t, e);
        name_phrase(t, plural[1]);
        phrases_add(t->acr_phrases, a, row * 2);
        phrases_add(t->acr_phrases, plural[0], row * 2);
        phrases_add(t->acr_phrases, e, row * 2 + 1);
        phrases_add(t->acr_phrases, plural[1], row * 2 + 1);
        free(plural[0]);
        free(plural[1]);
    }
    tsv_free(&f);
    group_concepts(t);
    return SCR_OK;
}

/* phrases.tsv, when dir has it: more phrases for taxonomy_phrases(). */
static scr_status load_phrases(taxonomy *t, const char *path, scr_error *err)
{
    struct stat st;
    if (lstat(path, &st) != 0 && errno == ENOENT) /* (a dangling link is an error) */
        return SCR_OK;
    tsv f;
    scr_status rc = tsv_load(path, &f, err);
    if (rc != SCR_OK)
        return rc;
    int c = tsv_column(&f, "phrase");
    if (c < 0) {
        tsv_free(&f);
        return scr_fail(err, SCR_ERR_INPUT, "%s: needs a 'phrase' column", path);
    }
    for (size_t r = 0; r < f.n_rows; r++)
        name_phrase(t, tsv_cell(&f, r, c));
    tsv_free(&f);
    return SCR_OK;
}

scr_status taxonomy_load(const char *dir, const char *themes_file, taxonomy **out,
                         scr_error *err)
{
    taxonomy *t = xcalloc(1, sizeof *t);
    sl_init(&t->theme_slugs);
    sl_init(&t->theme_labels);
    sl_init(&t->acr);
    sl_init(&t->exp);
    t->theme_phrases = phrases_new();
    t->acr_phrases = phrases_new();
    char *themes = themes_file ? xstrdup(themes_file) : path_in(dir, "themes.tsv");
    char *kinds = path_in(dir, "kinds.tsv"), *acr = path_in(dir, "acronyms.tsv"),
         *named = path_in(dir, "phrases.tsv");
    scr_status rc = load_themes(t, themes, err);
    if (rc == SCR_OK)
        rc = load_kinds(t, kinds, err);
    if (rc == SCR_OK)
        rc = load_acronyms(t, acr, err);
    if (rc == SCR_OK)
        rc = load_phrases(t, named, err);
    free(named);
    free(themes);
    free(kinds);
    free(acr);
    if (rc != SCR_OK) {
        taxonomy_free(t);
        return rc;
    }
    *out = t;
    return SCR_OK;
}

void taxonomy_free(taxonomy *t)
{
    if (!t)
        return;
    sl_free(&t->theme_slugs);
    sl_free(&t->theme_labels);
    sl_free(&t->named);
    phrases_free(t->theme_phrases);
    for (size_t i = 0; i < t->n_kinds; i++) {
        free(t->kinds[i].kind);
        free(t->kinds[i].phrase);
    }
    free(t->kinds);
    sl_free(&t->kind_headings);
    sl_free(&t->acr);
    free(t->concept);
    sl_free(&t->exp);
    phrases_free(t->acr_phrases);
    free(t);
}

void taxonomy_themes(const taxonomy *t, const char *text, strlist *themes, strlist *why)
{
    size_t nt = t->theme_slugs.len;
    int *weight = xcalloc(nt ? nt : 1, sizeof *weight);
    strbuf *found = xcalloc(nt ? nt : 1, sizeof *found);
    phrase_hit *h;
    size_t nh = phrases_find(t->theme_phrases, text, &h);
    for (size_t i = 0; i < nh; i++) {
        /* an excluded phrase ("free speech") consumed these words: the
         * longest match wins, so its signals inside do not count */
        int excluded = 0;
        for (size_t k = 0; k < h[i].n_tags; k++)
            excluded |= h[i].tags[k] & 1;
        if (excluded)
            continue;
        for (size_t k = 0; k < h[i].n_tags; k++) {
            size_t id = (size_t)h[i].tags[k] / 2;
            weight[id] += weight_of(text + h[i].start, h[i].end - h[i].start);
            if (found[id].len < 200) { /* ", " and the words quoted: no printf per hit */
                if (found[id].len)
                    sb_adds(&found[id], ", ");
                sb_addc(&found[id], '"');
                sb_add(&found[id], text + h[i].start, h[i].end - h[i].start);
                sb_addc(&found[id], '"');
            }
        }
    }
    free(h);
    for (size_t id = 0; id < nt; id++) {
        if (weight[id] >= THEME_PASSAGE_WEIGHT) {
            sl_push(themes, t->theme_slugs.items[id]);
            if (why) {
                strbuf sb;
                sb_init(&sb);
                sb_addf(&sb, "%s (weight %d): %s", t->theme_slugs.items[id], weight[id],
                        found[id].buf);
                sl_push(why, sb.buf);
                sb_free(&sb);
            }
        }
        sb_free(&found[id]);
    }
    free(found);
    free(weight);
}

static int starts_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Why a passage under a kind's heading is not of that kind, or NULL: a
 * letter's closing, a signature or contact line, a protective marking, a
 * question, a table cell.  These follow the last recommendations of a
 * letter or report under the same heading, and are no recommendation. */
static const char *not_of_a_kind(const char *text)
{
    static const char *const closings[] = {"yours sincerely", "yours faithfully", "kind regards",
                                           "best wishes", "thank you", "thank-you",
                                           "once again, thank you", "sensitivity:", "tel:",
                                           "tel ", "telephone", "email:", "e-mail:", "mobile:",
                                           "a handwritten signature", NULL};
    while (*text == ' ' || *text == '-' || *text == '*')
        text++;
    for (size_t i = 0; closings[i]; i++)
        if (starts_ci(text, closings[i]))
            return "a letter's closing, signature or contact line";
    size_t n = strlen(text), words = 0, digits = 0, letters = 0;
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        digits += isdigit(c) != 0;
        letters += isalpha(c) != 0;
        if (c != ' ' && !in)
            words++;
        in = c != ' ';
    }
    if (n < 200 && memchr(text, '@', n))
        return "a contact line";
    /* a signature's description: "His Majesty's Inspector", "Lead inspector" */
    if (n < 80 && n >= 9 && text[n - 1] != '.' &&
        (strncasecmp(text + n - 9, "inspector", 9) == 0 ||
         (n >= 10 && strncasecmp(text + n - 10, "inspectors", 10) == 0)))
        return "a signature's description";
    if ((words < 3 && n && text[n - 1] != '.') || digits > letters)
        return "too short or mostly figures: a name or a table cell";
    if (n < 80 && text[n - 1] == '?')
        return "a question";
    return NULL;
}

const char *taxonomy_kind(const taxonomy *t, const char *heading, const char *text,
                          char **why)
{
    /* the nearest heading first: walk the path from its end */
    size_t n = strlen(heading);
    while (n > 0) {
        size_t start = n;
        while (start >= 3 && strncmp(heading + start - 3, " > ", 3) != 0)
            start--;
        if (start < 3)
            start = 0;
        char *part = xstrndup(heading + start, n - start);
        /* "6 Recommendations", "Section 4: SEND": past the number */
        const char *h = segment_heading_name(part);
        for (size_t i = 0; i < t->n_kinds; i++) {
            const kind_rule *k = &t->kinds[i];
            if (k->heading && starts_ci(h, k->phrase)) {
                strbuf sb;
                sb_init(&sb);
                const char *no = not_of_a_kind(text);
                if (no)
                    sb_addf(&sb, "under the heading \"%s\", but %s", h, no);
                else
                    sb_addf(&sb, "under the heading \"%s\"", h);
                *why = sb_steal(&sb);
                free(part);
                return no ? "other" : k->kind;
            }
        }
        free(part);
        n = start >= 3 ? start - 3 : 0;
    }
    for (size_t i = 0; i < t->n_kinds; i++) {
        const kind_rule *k = &t->kinds[i];
        if (k->heading)
            continue;
        int hit = k->anywhere ? phrase_count(text, strlen(text), k->phrase, 1) > 0
                              : starts_ci(text, k->phrase);
        if (hit) {
            strbuf sb;
            sb_init(&sb);
            sb_addf(&sb, "its wording: \"%s\"", k->phrase);
            *why = sb_steal(&sb);
            return k->kind;
        }
    }
    *why = xstrdup("no kind heading above it, no telling wording");
    return "other";
}

/* The slug of row i's concept. */
static char *concept_slug(const taxonomy *t, size_t i)
{
    return xcheck(norm_slug(t->acr.items[t->concept[i]]));
}

/* A synonym key as Xapian's parser looks it up: lower case (a capital
 * would read as a field prefix), words joined by single spaces. */
static char *synonym_key(const char *s)
{
    char *folded = xcheck(norm_fold(s, strlen(s), NULL, NULL));
    strbuf sb;
    sb_init(&sb);
    for (const char *p = folded; *p; p++) {
        char c = *p == '-' ? ' ' : *p;
        if (c == ' ' && (sb.len == 0 || sb.buf[sb.len - 1] == ' '))
            continue;
        sb_addc(&sb, c);
    }
    free(folded);
    char *key = sb_steal(&sb);
    return str_trim(key);
}

void taxonomy_synonyms(const taxonomy *t, const char *prefix, strlist *keys, strlist *terms)
{
    for (size_t i = 0; i < t->acr.len; i++) {
        char *slug = concept_slug(t, i);
        strbuf term;
        sb_init(&term);
        sb_addf(&term, "%s%s", prefix, slug);
        for (int k = 0; k < 4; k++) { /* acronym, expansion, their plurals */
            char *key = synonym_key(k % 2 ? t->exp.items[i] : t->acr.items[i]);
            if (k >= 2) {
                strbuf pl;
                sb_init(&pl);
                sb_addf(&pl, "%ss", key);
                free(key);
                key = sb_steal(&pl);
            }
            sl_push(keys, key);
            sl_push(terms, term.buf);
            free(key);
        }
        free(slug);
        sb_free(&term);
    }
}

void taxonomy_concepts(const taxonomy *t, const char *text, strlist *concepts)
{
    phrase_hit *h;
    size_t nh = phrases_find(t->acr_phrases, text, &h);
    for (size_t i = 0; i < nh; i++) {
        for (size_t k = 0; k < h[i].n_tags; k++) {
            char *slug = concept_slug(t, (size_t)h[i].tags[k] / 2);
            if (!sl_contains(concepts, slug))
                sl_push(concepts, slug);
            free(slug);
        }
    }
    free(h);
}



void taxonomy_themes_signalled(const taxonomy *t, const char *words, strlist *slugs)
{
    /* as typed, and in capitals for the signals written so */
    char *upper = xstrdup(words);
    for (char *p = upper; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    const char *forms[] = {words, upper};
    for (size_t f = 0; f < 2; f++) {
        phrase_hit *h;
        size_t nh = phrases_find(t->theme_phrases, forms[f], &h);
        size_t len = strlen(forms[f]);
        for (size_t i = 0; i < nh; i++) {
            if (h[i].start != 0 || h[i].end != len) /* the whole of it */
                continue;
            for (size_t k = 0; k < h[i].n_tags; k++) {
                if (h[i].tags[k] % 2) /* an exclude */
                    continue;
                const char *slug = t->theme_slugs.items[(size_t)h[i].tags[k] / 2];
                if (!sl_contains(slugs, slug))
                    sl_push(slugs, slug);
            }
        }
        free(h);
    }
    free(upper);
}

size_t taxonomy_theme_count(const taxonomy *t) { return t->theme_slugs.len; }
const char *taxonomy_theme_slug(const taxonomy *t, size_t i) { return t->theme_slugs.items[i]; }
const char *taxonomy_theme_label(const taxonomy *t, size_t i) { return t->theme_labels.items[i]; }

/* The distinct kinds, in file order: rules repeat them. */
static size_t kind_index(const taxonomy *t, size_t nth)
{
    size_t seen = 0;
    for (size_t i = 0; i < t->n_kinds; i++) {
        /* "other" rows end a kind's headings ("The peer team" under "Next
         * steps"): no kind of their own to list or filter on */
        int dup = strcmp(t->kinds[i].kind, "other") == 0;
        for (size_t j = 0; j < i && !dup; j++)
            dup = strcmp(t->kinds[i].kind, t->kinds[j].kind) == 0;
        if (!dup && seen++ == nth)
            return i;
    }
    return t->n_kinds;
}

const strlist *taxonomy_kind_headings(const taxonomy *t) { return &t->kind_headings; }

const strlist *taxonomy_phrases(const taxonomy *t) { return &t->named; }

size_t taxonomy_kind_count(const taxonomy *t)
{
    size_t n = 0;
    while (kind_index(t, n) < t->n_kinds)
        n++;
    return n;
}

const char *taxonomy_kind_name(const taxonomy *t, size_t i)
{
    return t->kinds[kind_index(t, i)].kind;
}
