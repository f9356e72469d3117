/* segment.c: see segment.h. */
#include "segment.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dates.h"
#include "postcode.h"
#include "segment-lines.h"
#include "util.h"

typedef enum heading_type {
    H_NONE,
    H_EXPLICIT, /* markdown, numbered, bold, capitals: a level of its own */
    H_PLAIN,    /* a short title-like line: a sibling of the last plain one */
    H_KIND      /* a kind's heading (data/kinds.tsv): nests under the subject
                   heading instead of replacing it */
} heading_type;

/* The words of s (and, in alpha_words, those with a letter) up to enough:
 * the callers ask whether a block is short, and a paragraph of prose need
 * not be read to its end to say no. */
size_t segment_count_words(const char *s, size_t *alpha_words, size_t enough)
{
    size_t words = 0, alpha = 0;
    int in = 0, has_alpha = 0;
    for (; words < enough; s++) {
        int sp = *s == ' ' || *s == '\0';
        if (!sp && !in) {
            in = 1;
            has_alpha = 0;
        }
        if (!sp && isalpha((unsigned char)*s))
            has_alpha = 1;
        if (sp && in) {
            words++;
            alpha += has_alpha;
            in = 0;
        }
        if (!*s)
            break;
    }
    if (alpha_words)
        *alpha_words = alpha;
    return words;
}

static char *strip_marks(const char *s)
{
    strbuf sb;
    sb_init(&sb);
    for (; *s; s++)
        if (*s != '*')
            sb_addc(&sb, *s);
    char *t = str_trim(sb_steal(&sb));
    size_t n = strlen(t);
    while (n && (t[n - 1] == ':' || t[n - 1] == '#' || t[n - 1] == ' '))
        t[--n] = '\0';
    return t;
}

/* The number of a labelled heading ("Section 6 Strengths", "Part 2:
 * Findings", "Chapter 3 - Next steps"), which numbers it as "6" would;
 * else s. */
const char *segment_skip_label(const char *s)
{
    static const char *const labels[] = {"section ", "part ", "chapter ", NULL};
    for (const char *const *l = labels; *l; l++) {
        size_t n = strlen(*l);
        if (strncasecmp(s, *l, n) == 0 && isdigit((unsigned char)s[n]))
            return s + n;
    }
    return s;
}

const char *segment_heading_name(const char *heading)
{
    const char *h = segment_skip_label(heading);
    if (isdigit((unsigned char)*h))
        while (*h && (isdigit((unsigned char)*h) || strchr(".:)- ", *h)))
            h++;
    return h;
}

/* The length of the kind heading that heading's name starts with, or 0. */
static size_t kind_heading_length(const strlist *kind_headings, const char *h)
{
    for (size_t i = 0; i < kind_headings->len; i++) {
        size_t n = strlen(kind_headings->items[i]);
        if (strncasecmp(h, kind_headings->items[i], n) == 0)
            return n;
    }
    return 0;
}

int segment_is_kind_heading(const strlist *kind_headings, const char *heading)
{
    return kind_heading_length(kind_headings, segment_heading_name(heading)) > 0;
}

/* Whether a line that starts with a kind's heading goes on as a sentence
 * whose subject it is: "The peer team recommends that the council:",
 * "The review team would like to thank:". */
static int kind_heading_as_subject(const strlist *kind_headings, const char *t)
{
    static const char *const verbs[] = {
        "recommends", "recommend", "recommended", "found", "finds", "considered", "considers",
        "would", "should", "will", "is", "are", "was", "were", "has", "have", "had", "can",
        "may", "might", "noted", "notes", "identified", "identifies", "suggests", "suggested",
        "believes", "felt", "feels", "thanks", "wishes", "wants", "asked", "agreed", "saw",
        "heard", "met", NULL};
    const char *h = segment_heading_name(t);
    size_t n = kind_heading_length(kind_headings, h);
    if (!n || h[n] != ' ')
        return 0;
    const char *w = h + n + 1;
    size_t len = strcspn(w, " ,:;");
    for (const char *const *v = verbs; *v; v++)
        if (strlen(*v) == len && strncasecmp(w, *v, len) == 0)
            return 1;
    return 0;
}

/* "2.0 Background" is a top section, like "2 Background". */
int segment_numbered_depth(const char *s)
{
    s = segment_skip_label(s);
    int depth = 0, zero = 0;
    size_t i = 0;
    while (isdigit((unsigned char)s[i])) {
        size_t start = i;
        while (isdigit((unsigned char)s[i]))
            i++;
        if (i - start > 2)
            return 0;
        zero = depth && i - start == 1 && s[start] == '0';
        depth += !zero;
        if (s[i] == '.' && isdigit((unsigned char)s[i + 1]))
            i++;
        else
            break;
    }
    if (!depth)
        return 0;
    if (s[i] == '.' || s[i] == ')' || s[i] == ':')
        i++;
    else if (s[i] == ' ' && s[i + 1] == '-' && s[i + 2] == ' ')
        i += 2; /* "3 - Next steps" */
    return s[i] == ' ' && isupper((unsigned char)s[i + 1]) ? depth : 0;
}

static int ends_with_any(const char *s, const char *chars)
{
    size_t n = strlen(s);
    return n && strchr(chars, s[n - 1]) != NULL;
}

static int all_caps(const char *s)
{
    int letters = 0;
    for (; *s; s++) {
        if (islower((unsigned char)*s))
            return 0;
        letters += isupper((unsigned char)*s) != 0;
    }
    return letters >= 4;
}

/* Whether a line stops on a word that needs more after it. */
static int ends_with_joiner(const char *s)
{
    static const char *const joiners[] = {"and", "or", "of", "the", "to", "for", "in", "with",
                                          "including", "include", "includes", "are", "is",
                                          "as", "by", "that", "which", "a", "an", NULL};
    return str_ends_with_word(s, strlen(s), joiners);
}

/* An inspection's judgement alone on its line ("Good", "Requires
 * improvement to be good"), as inspectorates grade. */
static int judgement(const char *b)
{
    static const char *const grades[] = {"outstanding", "good", "requires improvement",
                                         "requires improvement to be good", "inadequate",
                                         "satisfactory", "adequate", NULL};
    for (const char *const *g = grades; *g; g++)
        if (strcasecmp(b, *g) == 0)
            return 1;
    return 0;
}

/* A line that only holds a date, or opens or closes a letter. */
static int letter_furniture(const char *t)
{
    if (strncmp(t, "Dear ", 5) == 0 || strncasecmp(t, "Yours ", 6) == 0)
        return 1;
    found_date *d;
    size_t nd = dates_find(t, &d);
    int only_date = nd == 1 && d[0].end - d[0].start + 4 >= strlen(t);
    free(d);
    return only_date;
}

static heading_type classify(const strlist *kinds, const char *block, const char *next,
                             int *level, char **text)
{
    size_t len = strlen(block);
    if (block[0] == '#') {
        int n = 0;
        while (block[n] == '#')
            n++;
        *level = n;
        *text = strip_marks(block + n);
        return **text ? H_EXPLICIT : (free(*text), H_NONE);
    }
    int bold = len > 4 && strncmp(block, "**", 2) == 0 && strcmp(block + len - 2, "**") == 0;
    if (strncmp(block, "\xE2\x80\xA2 ", 4) == 0 || len > 160)
        return H_NONE;
    /* "...include:" or "...including" introduces a list: not a heading */
    int intro = (block[len - 1] == ':' && segment_count_words(block, NULL, 7) > 6) || ends_with_joiner(block);
    char *t = strip_marks(block);
    size_t alpha;
    size_t words = segment_count_words(t, &alpha, 21); /* tested against 20 at most */
    int depth = segment_numbered_depth(t);
    int kind = segment_is_kind_heading(kinds, t) && words <= 12 &&
               !(intro && kind_heading_as_subject(kinds, t));
    heading_type type = H_NONE;
    if (kind && !ends_with_any(t, ".,;") && !depth)
        type = H_KIND; /* "4.0 Recommendations" is a numbered section, below */
    else if (bold && alpha >= 1 && words <= 20)
        type = H_EXPLICIT, *level = depth ? depth : 1;
    else if (depth && words <= 12 && !ends_with_any(t, ".,;") && !ends_with_joiner(t))
        type = H_EXPLICIT, *level = depth; /* "4.1 The SEF finds ... in": a sentence */
    else if (all_caps(t) && alpha >= 2 && words <= 15 && !ends_with_any(t, ".,;"))
        type = H_EXPLICIT, *level = 1;
    else if (isupper((unsigned char)t[0]) && words <= 12 && len <= 90 &&
             !ends_with_any(t, ".,;:?!") && next &&
             (alpha >= 2 || (alpha == 1 && strlen(t) >= 5 && segment_count_words(next, NULL, 15) >= 15))) {
        /* a title-like line is a heading only when prose follows it */
        size_t next_words = segment_count_words(next, NULL, 8);
        int next_prose = next_words >= 8 || strncmp(next, "\xE2\x80\xA2 ", 4) == 0 ||
                         segment_is_kind_heading(kinds, next);
        if (next_prose && alpha * 2 >= words)
            type = H_PLAIN;
    }
    if (type == H_NONE || letter_furniture(t) || (type == H_PLAIN && intro)) {
        free(t);
        return H_NONE;
    }
    *text = t;
    return type;
}

/* Whether block i belongs to an address: a line with a postcode, or one of
 * the short lines just before it ("1 Catford Road", "Lewisham"), which a
 * letterhead sets apart like headings. */
static int address_block(const strlist *blocks, size_t i)
{
    for (size_t j = i; j < blocks->len && j <= i + 4; j++) {
        const char *b = blocks->items[j];
        if (has_postcode(b, strlen(b)))
            return 1;
        if (segment_count_words(b, NULL, 7) > 6 || ends_with_any(b, ".:;?!"))
            return 0;
    }
    return 0;
}

typedef struct frame {
    char *text;
    int level;
    heading_type type;
    char number[16]; /* "4.2" for a numbered heading, else "" */
} frame;

void segment_heading_number(const char *t, char out[16])
{
    t = segment_skip_label(t);
    size_t i = 0;
    while (i < 15 && (isdigit((unsigned char)t[i]) || (t[i] == '.' && isdigit((unsigned char)t[i + 1]))))
        i++;
    memcpy(out, t, i);
    out[i] = '\0';
}

int segment_parent_number(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n && strncmp(a, b, n) == 0 && b[n] == '.';
}

/* Whether numbers a and b ("4.2", "4") start with the same number. */
static int same_chapter(const char *a, const char *b)
{
    size_t n = strcspn(a, ".");
    return n == strcspn(b, ".") && strncmp(a, b, n) == 0;
}

static size_t dots(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '.';
    return n;
}

static char *path_of(frame *stack, size_t n)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++)
        sb_addf(&sb, "%s%s", i ? " > " : "", stack[i].text);
    return sb_steal(&sb);
}

static void add_section(segmented *out, const char *heading, char *path, int level)
{
    out->sections = xgrow(out->sections, out->n_sections, sizeof *out->sections);
    seg_section *s = &out->sections[out->n_sections++];
    s->heading = xstrdup(heading);
    s->path = path;
    s->level = level;
    s->passages = 0;
}

static void add_passage(segmented *out, const char *text, size_t n, int list_item)
{
    out->passages = xgrow(out->passages, out->n_passages, sizeof *out->passages);
    seg_passage *p = &out->passages[out->n_passages++];
    p->text = str_trim(xstrndup(text, n));
    p->list_item = list_item;
    p->section = out->n_sections - 1;
    p->heading = xstrdup(out->sections[p->section].path);
    p->kind = NULL;
    p->kind_why = NULL;
    sl_init(&p->themes);
    sl_init(&p->themes_why);
    out->sections[p->section].passages++;
}

/* Cuts an over-long paragraph at sentence ends near PASSAGE_MAX_BYTES. */
static void add_passages(segmented *out, const char *text, int list_item)
{
    size_t len = strlen(text);
    while (len > PASSAGE_MAX_BYTES) {
        size_t cut = 0;
        for (size_t i = PASSAGE_MAX_BYTES / 2; i < PASSAGE_MAX_BYTES; i++)
            if ((text[i] == '.' || text[i] == '?' || text[i] == '!') && text[i + 1] == ' ')
                cut = i + 1;
        if (!cut)
            for (size_t i = PASSAGE_MAX_BYTES; i > PASSAGE_MAX_BYTES / 2 && !cut; i--)
                if (text[i] == ' ')
                    cut = i;
        if (!cut) { /* no space at all: cut on a UTF-8 boundary */
            cut = PASSAGE_MAX_BYTES;
            while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
                cut--;
        }
        add_passage(out, text, cut, list_item);
        text += cut;
        len -= cut;
        while (*text == ' ')
            text++, len--;
    }
    if (len)
        add_passage(out, text, len, list_item);
}

/* The number a numbered item opens with ("4.Ensure", "12. Review"), or 0. */
static long item_number(const char *p)
{
    if (!isdigit((unsigned char)*p))
        return 0;
    char *end;
    long n = strtol(p, &end, 10);
    if (end - p > 3 || *end != '.')
        return 0;
    end++;
    if (*end == ' ')
        end++;
    return isupper((unsigned char)*end) ? n : 0;
}

/* A paragraph of numbered items run together, as a PDF's lines are
 * joined ("... performance. 4.Ensure that ..."), is cut before each item
 * that follows its number: the next item opens after a sentence's end
 * with the next number.  Each part then becomes passages (add_passages):
 * recommendations stay one a passage. */
static void add_items(segmented *out, const char *text, int list_item)
{
    long n = item_number(text);
    const char *from = text;
    for (const char *p = text; n && (p = strchr(p + 1, ' '));) {
        if (p[-1] != '.' && p[-1] != ';' && p[-1] != ':')
            continue;
        const char *next = p + 1;
        if (item_number(next) != n + 1)
            continue;
        char *part = xstrndup(from, (size_t)(p - from));
        add_passages(out, part, list_item);
        free(part);
        from = next;
        n++;
    }
    add_passages(out, from, list_item);
}

void segment_text(const char *clean, const strlist *kind_headings, segmented *out)
{
    memset(out, 0, sizeof *out);
    strlist blocks;
    sl_init(&blocks);
    const char *p = clean, *stop = clean + strlen(clean);
    while (*p) {
        const char *end = find_blank_line(p, (size_t)(stop - p));
        size_t n = end ? (size_t)(end - p) : (size_t)(stop - p);
        if (n) {
            char *b = str_trim(xstrndup(p, n));
            if (*b)
                sl_push(&blocks, b);
            free(b);
        }
        if (!end)
            break;
        p = end + 2;
    }
    unsigned char *listed = segment_listed(&blocks);
    frame stack[32];
    size_t depth = 0;
    int closed = 0;
    add_section(out, "", xstrdup(""), 0);
    for (size_t i = 0; i < blocks.len; i++) {
        const char *b = blocks.items[i];
        /* What follows a heading may open with a short line ("Grade 3", a
         * judgement: "Requires improvement to be good") before the prose
         * that shows it is one. */
        const char *next = i + 1 < blocks.len ? blocks.items[i + 1] : NULL;
        if (next && i + 2 < blocks.len &&
            ((segment_count_words(next, NULL, 4) <= 3 && strpbrk(next, "0123456789")) ||
             judgement(next)))
            next = blocks.items[i + 2];
        if (closed)
            next = NULL; /* after "Yours sincerely": signatures, not headings */
        if (strncasecmp(b, "Yours ", 6) == 0)
            closed = 1;
        int level = 0;
        char *text = NULL;
        heading_type type = listed[i] || address_block(&blocks, i)
                                ? H_NONE
                                : classify(kind_headings, b, next, &level, &text);
        if (type == H_NONE) {
            int list = strncmp(b, "\xE2\x80\xA2 ", 4) == 0;
            add_items(out, list ? b + 4 : b, list);
            continue;
        }
        char number[16];
        segment_heading_number(text, number);
        /* "5.1" after "4. Next steps" (no "5" above it): a new section,
         * not a part of 4, whose kind would be its own */
        for (size_t j = 0; strchr(number, '.') && j < depth; j++)
            if (*stack[j].number && !same_chapter(stack[j].number, number)) {
                while (depth > j)
                    free(stack[--depth].text);
                break;
            }
        size_t anchor = depth;
        if (*number) { /* "4.2" goes under "4", beside "4.1", however marked */
            for (size_t j = depth; j-- > 0 && anchor == depth;)
                if (segment_parent_number(stack[j].number, number) ||
                    (*stack[j].number && dots(stack[j].number) == dots(number)))
                    anchor = j;
        }
        if (type == H_EXPLICIT && anchor < depth) {
            int sibling = !segment_parent_number(stack[anchor].number, number);
            level = stack[anchor].level + (sibling ? 0 : 1);
            while (depth > anchor + (sibling ? 0 : 1))
                free(stack[--depth].text);
        } else if (type == H_EXPLICIT) {
            /* a section numbered "2.0" ends the list a kind line led in
             * ("The Panel is recommended to:"), whatever its level */
            while (depth && stack[depth - 1].type == H_KIND && strchr(number, '.'))
                free(stack[--depth].text);
            while (depth && stack[depth - 1].level >= level)
                free(stack[--depth].text);
        } else {
            /* plain headings replace plain and kind ones; kind ones replace kind */
            while (depth && (stack[depth - 1].type == H_KIND ||
                             (type == H_PLAIN && stack[depth - 1].type == H_PLAIN)))
                free(stack[--depth].text);
            level = depth ? stack[depth - 1].level + 1 : 1;
        }
        if (depth == sizeof stack / sizeof stack[0])
            free(stack[--depth].text);
        stack[depth] = (frame){text, level, type, ""};
        memcpy(stack[depth].number, number, sizeof number);
        depth++;
        add_section(out, text, path_of(stack, depth), level);
    }
    while (depth)
        free(stack[--depth].text);
    free(listed);
    sl_free(&blocks);
}

void segmented_free(segmented *s)
{
    for (size_t i = 0; i < s->n_sections; i++) {
        free(s->sections[i].heading);
        free(s->sections[i].path);
    }
    for (size_t i = 0; i < s->n_passages; i++) {
        free(s->passages[i].text);
        free(s->passages[i].heading);
        free(s->passages[i].kind_why);
        sl_free(&s->passages[i].themes);
        sl_free(&s->passages[i].themes_why);
    }
    free(s->sections);
    free(s->passages);
    memset(s, 0, sizeof *s);
}
