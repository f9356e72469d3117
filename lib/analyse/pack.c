/* pack.c: see pack.h.  Item boundaries are recognised by the lines council
 * report templates open with ("Report title", "Title: ... Date: ...",
 * "Minutes - <date>", "Agenda Item No", "... Work Programme"), not by
 * knowing any council. */
#include "pack.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "phrases.h"
#include "dates.h"
#include "util.h"

/* An agenda lists items with their pages: "(Pages 15 - 18)". */
static int page_refs(const char *s, size_t n)
{
    return (int)(phrase_count(s, n, "(Pages", 50) + phrase_count(s, n, "(Page", 50));
}

static int starts_ci(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);
    return n >= k && strncasecmp(s, word, k) == 0;
}

/* The title an item's first line gives, or NULL when it starts none. */
static char *item_title(const char *s, size_t n)
{
    if (n == 0 || n > 200) /* a "[note]" alone leaves nothing (found by fuzz-analyse) */
        return NULL;
    if (starts_ci(s, n, "Report title")) {
        char *t = xstrndup(s + 12, n - 12);
        return str_trim(t);
    }
    if (starts_ci(s, n, "Title:")) {
        char *t = xstrndup(s + 6, n - 6);
        char *date = strstr(t, "Date:");
        if (date)
            *date = '\0';
        return str_trim(t);
    }
    if (starts_ci(s, n, "Agenda Item")) {
        char *t = xstrndup(s, n);
        return str_trim(t);
    }
    if (starts_ci(s, n, "Minutes")) {
        found_date *d;
        char *t = xstrndup(s, n);
        size_t nd = dates_find(t, &d);
        int ok = nd > 0 && d[0].start < 40 && n < 80;
        free(d);
        if (ok)
            return str_trim(t);
        free(t);
        return NULL;
    }
    /* "<Committee> - Draft Work Programme 2019-20": a heading, not a
     * numbered minute or a sentence about the programme. */
    if (n < 160 && !isdigit((unsigned char)s[0]) && s[n - 1] != '.') {
        for (size_t i = 0; i + 14 <= n; i++)
            if (strncmp(s + i, "Work Programme", 14) == 0)
                return str_trim(xstrndup(s, n));
    }
    return NULL;
}

/* The words of s[0..n), one space apart ("Children,Young People and \n
 * Families" and "Children, Young People and Families" are alike). */
static char *one_line(const char *s, size_t n)
{
    char *out = xmalloc(n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int space = !isalnum((unsigned char)s[i]) && (unsigned char)s[i] < 0x80;
        if (!space)
            out[o++] = s[i];
        else if (o && out[o - 1] != ' ')
            out[o++] = ' ';
    }
    out[o] = '\0';
    return out;
}

/* Whether a block names the committee, however its lines wrap it. */
static int names_committee(const char *s, size_t n, const char *committee)
{
    char *b = one_line(s, n), *c = one_line(committee, strlen(committee));
    int found = *c && phrase_count(b, strlen(b), c, 1) > 0;
    free(b);
    free(c);
    return found;
}

size_t pack_split(const char *text, pack_item **items, char **committee)
{
    *items = NULL;
    *committee = NULL;
    size_t len = strlen(text);
    size_t head = len < 6000 ? len : 6000;
    /* "Agenda" near the very top, and an agenda listing pages. */
    if (!phrase_count(text, len < 200 ? len : 200, "agenda", 1) || page_refs(text, head) < 3)
        return 0;
    size_t n = 0, cap = 8;
    pack_item *it = xmalloc(cap * sizeof *it);
    it[n++] = (pack_item){NULL, 0, len};
    size_t i = 0;
    int past_agenda = 0;
    size_t prev_start = 0;
    while (i < len) {
        const char *end = strstr(text + i, "\n\n");
        size_t e = end ? (size_t)(end - text) : len;
        const char *s = text + i;
        size_t bl = e - i;
        /* an agenda's "[Officer, to present report.]" notes are not names */
        if (bl && s[0] == '[' && memchr(s, ']', bl)) {
            size_t skip = (size_t)((const char *)memchr(s, ']', bl) - s) + 1;
            s += skip;
            bl -= skip;
            while (bl && *s == ' ')
                s++, bl--;
        }
        if (!*committee && bl < 120 &&
            (phrase_count(s, bl, "panel", 1) || phrase_count(s, bl, "committee", 1) ||
             phrase_count(s, bl, "cabinet", 1) || phrase_count(s, bl, "board", 1)) &&
            !page_refs(s, bl)) {
            found_date *d;
            char *c = xstrndup(s, bl);
            size_t nd = dates_find(c, &d);
            if (nd) /* "Scrutiny Panel 25 September 2019": keep the name */
                c[d[0].start] = '\0';
            free(d);
            *committee = str_trim(c);
        }
        /* Items start after the agenda, which lists them with page refs. */
        if (!past_agenda && i > 0 && page_refs(text, i) >= 3 && !page_refs(s, bl) &&
            starts_ci(s, bl, "Minutes"))
            past_agenda = 1;
        char *title = !page_refs(s, bl) && (past_agenda || i > head) ? item_title(s, bl) : NULL;
        size_t block_start = i;
        if (title) {
            past_agenda = 1;
            /* a report's cover starts with the committee and meeting date */
            if (prev_start < i && *committee &&
                names_committee(text + prev_start, i - prev_start, *committee) &&
                i - prev_start < 200)
                i = prev_start;
            it[n - 1].end = i;
            if (n == cap)
                it = xrealloc(it, (cap *= 2) * sizeof *it);
            it[n++] = (pack_item){title, i, len};
        }
        prev_start = block_start;
        i = e + 2;
    }
    if (n < 2) {
        pack_items_free(it, n);
        free(*committee);
        *committee = NULL;
        return 0;
    }
    it[0].title = xstrdup(*committee ? *committee : "Agenda");
    *items = it;
    return n;
}

void pack_items_free(pack_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i].title);
    free(items);
}
