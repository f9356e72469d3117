/* listed-lines.c: the blocks that only look like headings (see
 * segment-lines.h, segment_listed). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "segment-lines.h"

/* A line of a list, not a sentence of prose: few words. */
static int short_line(const char *b)
{
    return b[0] != '#' && segment_count_words(b, NULL, 16) <= 15;
}

/* A page number alone ("17"). */
static int bare_page(const char *b)
{
    size_t n = strspn(b, "0123456789");
    return n && n <= 3 && b[n] == '\0';
}

/* A contents entry: words, then a page number glued to them
 * ("Recommendations34": the PDF's tab lost), after a space or after dot
 * leaders ("Recommendations ..... 34"). */
static int page_entry(const char *b)
{
    size_t n = strlen(b), i = n;
    while (i && isdigit((unsigned char)b[i - 1]))
        i--;
    if (i == n || n - i > 3 || i == 0 || !short_line(b))
        return 0;
    int letters = 0;
    for (size_t k = 0; k < i; k++)
        letters += isalpha((unsigned char)b[k]) != 0;
    char c = b[i - 1];
    return letters >= 3 && (isalpha((unsigned char)c) || c == ' ' || c == '.' || c == ')');
}

/* "Contents", "Table of contents", "CONTENTS:". */
static int contents_title(const char *b)
{
    while (*b == '#' || *b == '*' || *b == ' ')
        b++;
    static const char *const titles[] = {"contents", "table of contents", "contents page", NULL};
    for (const char *const *t = titles; *t; t++) {
        size_t n = strlen(*t);
        if (strncasecmp(b, *t, n) == 0 && strspn(b + n, ":* ") == strlen(b + n))
            return 1;
    }
    return 0;
}

static int numbered_line(const char *b)
{
    return short_line(b) && segment_numbered_depth(b) > 0;
}

/* Whether numbered line b is a heading under a ("2" then "2.1"). */
static int under(const char *a, const char *b)
{
    char na[16], nb[16];
    segment_heading_number(a, na);
    segment_heading_number(b, nb);
    return segment_parent_number(na, nb);
}

/* Whether numbered line b starts its numbers again after a ("7.
 * Recommendations" then "1. Ensure that ..."): a heading and its list,
 * not one run of numbered lines. */
static int restarts(const char *a, const char *b)
{
    return strtol(segment_skip_label(b), NULL, 10) < strtol(segment_skip_label(a), NULL, 10);
}

/* Whether line b is an entry of contents block e without its page
 * number ("1.0 Introduction" in "1.0 Introduction ..... 3 2.0 Findings
 * 5", a PDF's lines run together): the section itself, where the document
 * starts after its contents. */
static int entry_itself(const char *e, const char *b)
{
    size_t n = strlen(b);
    if (!n)
        return 0;
    for (const char *at = e; *at; at++) {
        if ((at != e && at[-1] != ' ' && at[-1] != '\n') || strncasecmp(at, b, n) != 0)
            continue;
        const char *after = at + n;
        after += strspn(after, ". ");
        if (isdigit((unsigned char)*after))
            return 1;
    }
    return 0;
}

/* Whether line j repeats one of the entries after contents title i. */
static int repeats_entry(char *const *b, size_t i, size_t j)
{
    for (size_t k = i + 1; k < j; k++)
        if (entry_itself(b[k], b[j]))
            return 1;
    return 0;
}

unsigned char *segment_listed(const strlist *blocks)
{
    size_t n = blocks->len;
    unsigned char *listed = xcalloc(n ? n : 1, 1);
    char *const *b = blocks->items;
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        if (contents_title(b[i])) { /* its entries, up to the first prose */
            for (j = i + 1; j < n && (short_line(b[j]) || bare_page(b[j])) && !repeats_entry(b, i, j);
                 j++)
                ;
        } else {
            size_t entries = 0; /* a contents without its title */
            for (; j < n && (page_entry(b[j]) || bare_page(b[j])); j++)
                entries += !bare_page(b[j]);
            if (entries < 3) {
                int deepening = 1; /* "4", "4.1", "4.1.2": headings */
                for (j = i; j < n && numbered_line(b[j]) && (j == i || !restarts(b[j - 1], b[j]));
                     j++)
                    deepening &= j == i || under(b[j - 1], b[j]);
                if (j - i < 3 || deepening)
                    j = i;
            }
        }
        if (j > i) {
            memset(listed + i, 1, j - i);
            i = j - 1;
        }
    }
    return listed;
}
