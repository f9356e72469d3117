/* cleanup.c: see cleanup.h. */
#include "cleanup.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- headers, footers, page numbers ---- */

/* Lines looked at, at the top and at the bottom of each page. */
#define EDGE_LINES 3

/* A line's shape for comparison: trimmed, digits folded to '#', so that
 * "Page 3 of 9" and "Page 4 of 9" are the same footer. */
static char *edge_key(const char *line, size_t n)
{
    char *k = xstrndup(line, n);
    for (char *p = k; *p; p++)
        if (isdigit((unsigned char)*p))
            *p = '#';
    return str_trim(k);
}

static int is_page_number(const char *key)
{
    static const char *const shapes[] = {"#", "##", "###", "- # -", "- ## -", "page #", "page ##",
                                         "page # of #", "page # of ##", "page ## of ##",
                                         "# | page", "## | page", "#/#", "#/##", "##/##",
                                         "p a g e", NULL};
    for (size_t i = 0; shapes[i]; i++)
        if (strcasecmp(key, shapes[i]) == 0)
            return 1;
    return 0;
}

typedef struct edge {
    size_t start, len; /* the line within its page */
    char *key;
} edge;

/* The non-blank lines at the top and bottom of a page. */
static size_t page_edges(const char *page, edge *out)
{
    edge lines[512];
    size_t n = 0;
    const char *p = page;
    while (*p && n < 512) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        int blank = 1;
        for (size_t i = 0; i < len && blank; i++)
            blank = isspace((unsigned char)p[i]);
        if (!blank)
            lines[n++] = (edge){(size_t)(p - page), len, NULL};
        if (!end)
            break;
        p = end + 1;
    }
    /* a short page has a thin top and bottom: never its body */
    size_t edge = n / 3 < EDGE_LINES ? n / 3 : EDGE_LINES;
    if (edge == 0)
        edge = 1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (i < edge || i + edge >= n) {
            out[k] = lines[i];
            out[k].key = edge_key(page + lines[i].start, lines[i].len);
            k++;
        }
    return k;
}

/* How many pages each edge key is on: an open-addressing table, so that
 * the clean-up is linear in the number of pages (a text of a million form
 * feeds compared every page with every other: 905 s). */
typedef struct key_count {
    const char *key;
    size_t pages, last_page;
} key_count;

static uint64_t key_hash(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* The slot of key in a table of cap (a power of two) slots. */
static key_count *key_slot(key_count *t, size_t cap, const char *key)
{
    size_t i = (size_t)key_hash(key) & (cap - 1);
    while (t[i].key && strcmp(t[i].key, key) != 0)
        i = (i + 1) & (cap - 1);
    return &t[i];
}

/* Whether a running header may be the document's own title: words (four
 * or more) that start with a letter.  Reports print their title at the top
 * of the first page and again at the top of every page; the first page's
 * line stays, where dropping it lost the title ("Inspection of ... local
 * authority children's services"). */
static int title_like(const char *key)
{
    if (!isalpha((unsigned char)key[0]))
        return 0;
    size_t words = 0;
    for (const char *p = key; *p; p++)
        words += *p != ' ' && (p == key || p[-1] == ' ');
    return words >= 4;
}

void cleanup_pages(strlist *pages)
{
    size_t np = pages->len;
    if (np == 0)
        return;
    edge(*edges)[2 * EDGE_LINES] = xcalloc(np, sizeof *edges);
    size_t *counts = xcalloc(np, sizeof *counts);
    size_t nkeys = 0;
    for (size_t i = 0; i < np; i++) {
        counts[i] = page_edges(pages->items[i], edges[i]);
        nkeys += counts[i];
    }
    size_t cap = 16;
    while (cap < 2 * nkeys + 1)
        cap *= 2;
    key_count *table = xcalloc(cap, sizeof *table);
    for (size_t i = 0; i < np; i++)
        for (size_t e = 0; e < counts[i]; e++) {
            key_count *k = key_slot(table, cap, edges[i][e].key);
            if (!k->key) {
                k->key = edges[i][e].key;
                k->pages = 1;
                k->last_page = i;
            } else if (k->last_page != i) { /* each page counts once */
                k->pages++;
                k->last_page = i;
            }
        }
    /* A running header or footer is on at least 2 pages and half of them. */
    size_t need = np / 2 > 2 ? np / 2 : 2;
    for (size_t i = 0; i < np; i++) {
        char *page = pages->items[i];
        for (size_t e = 0; e < counts[i]; e++) {
            const char *key = edges[i][e].key;
            int drop = *key && is_page_number(key);
            if (!drop && *key && np >= 2)
                drop = key_slot(table, cap, key)->pages >= need && !(i == 0 && e == 0 &&
                                                                     title_like(key));
            if (drop) /* blank the line; offsets of the others stay valid */
                memset(page + edges[i][e].start, ' ', edges[i][e].len);
        }
    }
    free(table);
    for (size_t i = 0; i < np; i++)
        for (size_t e = 0; e < counts[i]; e++)
            free(edges[i][e].key);
    free(edges);
    free(counts);
}

/* ---- lines into blocks ---- */

/* Word parts that keep their hyphen when a line breaks after it. */
static const char *const hyphen_prefixes[] = {"co", "non", "pre", "post", "self", "multi",
                                              "cross", "well", "anti", "semi",
                                              "long", "short", "high",
                                              "low", "full", "part", "early", "one", "two",
                                              "three", "four", "five", "year", "age", NULL};

static int starts_lower(const char *s)
{
    return (unsigned char)*s >= 'a' && (unsigned char)*s <= 'z';
}

static int starts_upper(const char *s)
{
    return (unsigned char)*s >= 'A' && (unsigned char)*s <= 'Z';
}

static int ends_sentence(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == ')' || s[n - 1] == ']' ||
                 s[n - 1] == '*'))
        n--;
    return n && strchr(".!?:;", s[n - 1]) != NULL;
}

/* The length of a symbol bullet and its space at the start of a line, or 0. */
static size_t bullet_len(const char *s)
{
    static const char *const symbols[] = {"\xE2\x80\xA2", "\xE2\x96\xA0", "\xE2\x96\xAA",
                                          "\xE2\x97\x8F", "\xE2\x97\xA6", "\xE2\x97\x8B",
                                          "\xC2\xB7",     "\xEF\x82\xB7", "-", "*",
                                          "\xE2\x9E\xA2", "\xE2\x9C\x93", "o", NULL};
    for (size_t i = 0; symbols[i]; i++) {
        size_t n = strlen(symbols[i]);
        if (strncmp(s, symbols[i], n) == 0 && s[n] == ' ' && s[n + 1] && s[n + 1] != ' ')
            return n + 1;
    }
    /* a Symbol or Wingdings font's glyph (U+F000..U+F0FF, the private
     * use area PDFs map them to): a bullet, whichever glyph it drew */
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == 0xEF && u[1] >= 0x80 && u[1] <= 0x83 && u[2] >= 0x80 && u[2] <= 0xBF &&
        s[3] == ' ' && s[4] && s[4] != ' ')
        return 4;
    return 0;
}

/* A symbol bullet, or "1) ", "(a) ", "iv) " (kept in the text). */
static int is_bullet(const char *s)
{
    if (bullet_len(s))
        return 1;
    /* "1) text", "(a) text", "iv) text" */
    size_t i = s[0] == '(' ? 1 : 0, start = i;
    while (isdigit((unsigned char)s[i]) && i - start < 3)
        i++;
    if (i == start)
        while (s[i] >= 'a' && s[i] <= 'z' && i - start < 4)
            i++;
    return i > start && s[i] == ')' && s[i + 1] == ' ';
}

static int is_markdown_heading(const char *s)
{
    size_t i = 0;
    while (s[i] == '#')
        i++;
    return i >= 1 && i <= 6 && s[i] == ' ';
}

typedef struct block {
    strbuf text;
    int structural; /* heading or bold line: never joined to a neighbour */
} block;

typedef struct blocks {
    block *items;
    size_t len, cap;
} blocks;

static block *new_block(blocks *b, int structural)
{
    if (b->len == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->items = xrealloc(b->items, b->cap * sizeof *b->items);
    }
    block *k = &b->items[b->len++];
    sb_init(&k->text);
    k->structural = structural;
    return k;
}

/* Appends line to a block, rejoining a word hyphenated across the break. */
static void join_line(strbuf *sb, const char *line)
{
    if (sb->len >= 2 && sb->buf[sb->len - 1] == '-' && isalpha((unsigned char)sb->buf[sb->len - 2]) &&
        starts_lower(line)) {
        size_t w = sb->len - 1;
        while (w > 0 && isalpha((unsigned char)sb->buf[w - 1]))
            w--;
        int keep = 0;
        for (size_t i = 0; hyphen_prefixes[i] && !keep; i++)
            keep = strlen(hyphen_prefixes[i]) == sb->len - 1 - w &&
                   strncasecmp(sb->buf + w, hyphen_prefixes[i], sb->len - 1 - w) == 0;
        if (!keep)
            sb->buf[--sb->len] = '\0';
        sb_adds(sb, line);
        return;
    }
    if (sb->len)
        sb_addc(sb, ' ');
    sb_adds(sb, line);
}

/* Folds runs of spaces, trims; returns a new string. */
static char *tidy_line(const char *s, size_t n)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' && (sb.len == 0 || sb.buf[sb.len - 1] == ' '))
            continue;
        sb_addc(&sb, s[i]);
    }
    char *t = sb_steal(&sb);
    return str_trim(t);
}

static int is_bullet(const char *s);
static int is_bullet_start(const char *s) { return is_bullet(s); }

/* Words a line cannot end a heading on. */
static int ends_with_joiner(const char *s, size_t n)
{
    static const char *const joiners[] = {"and", "or", "of", "the", "for", "to", "in", "with",
                                          "on", "a", "an", "by", "at", "&", NULL};
    return str_ends_with_word(s, n, joiners);
}

/* A short line that reads like a heading: a capital, no closing
 * punctuation, and a capital or a bullet after it. */
static int heading_like(const char *line, const char *next, size_t longest)
{
    size_t n = strlen(line);
    return n * 10 < longest * 6 && starts_upper(line) && !strchr(".,;:", line[n - 1]) &&
           !ends_with_joiner(line, n) &&
           (!next || starts_upper(next) || is_bullet_start(next));
}

/* "Title: ...", "Prepared by: ...", "Date: ...": a form's field. */
static int starts_label(const char *s)
{
    if (!starts_upper(s))
        return 0;
    for (size_t i = 0; s[i] && i < 24; i++) {
        if (s[i] == ':')
            return i > 1 && (s[i + 1] == ' ' || s[i + 1] == '\0');
        if (!isalpha((unsigned char)s[i]) && s[i] != ' ')
            return 0;
    }
    return 0;
}

/* Splits a chunk of consecutive non-blank lines into blocks. */
static void chunk_blocks(char **lines, size_t n, blocks *out)
{
    size_t longest = 0;
    for (size_t i = 0; i < n; i++)
        if (strlen(lines[i]) > longest)
            longest = strlen(lines[i]);
    /* A whole chunk wrapped in ** is one bold heading, however many lines. */
    if (n > 1 && strncmp(lines[0], "**", 2) == 0 &&
        strlen(lines[n - 1]) >= 2 && strcmp(lines[n - 1] + strlen(lines[n - 1]) - 2, "**") == 0) {
        block *b = new_block(out, 1);
        for (size_t i = 0; i < n; i++)
            join_line(&b->text, lines[i]);
        return;
    }
    block *cur = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *line = lines[i];
        size_t len = strlen(line);
        int heading = is_markdown_heading(line) ||
                      (len > 4 && strncmp(line, "**", 2) == 0 && strcmp(line + len - 2, "**") == 0);
        int bullet = !heading && is_bullet(line);
        int brk = cur == NULL || heading || bullet || cur->structural;
        if (!brk && i > 0) {
            /* A line that starts with a capital or a digit starts a new
             * block after a line well short of the column (a paragraph,
             * heading or address line ended there), unless that line stops
             * on a word that needs a next one; and a short title-like line
             * after a finished sentence is a heading of its own.  A form's
             * "Label:" always starts a block. */
            const char *prev = lines[i - 1];
            size_t plen = strlen(prev);
            const char *next = i + 1 < n ? lines[i + 1] : NULL;
            int up = starts_upper(line) || isdigit((unsigned char)line[0]);
            if (up && !strchr(",-", prev[plen - 1]) && !ends_with_joiner(prev, plen))
                brk = plen * 4 < longest * 3 ||
                      (ends_sentence(prev, plen) && heading_like(line, next, longest));
            brk = brk || starts_label(line);
        }
        if (brk) {
            cur = new_block(out, heading);
            if (bullet) {
                size_t skip = bullet_len(line);
                sb_adds(&cur->text, "\xE2\x80\xA2 ");
                sb_adds(&cur->text, line + skip);
                continue;
            }
            sb_adds(&cur->text, line);
        } else {
            join_line(&cur->text, line);
        }
    }
}

static int block_is_bullet(const block *b)
{
    return strncmp(b->text.buf, "\xE2\x80\xA2 ", 4) == 0;
}

char *cleanup_text(const char *text)
{
    /* lines, tidied */
    strlist lines;
    sl_init(&lines);
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char *line = tidy_line(p, n);
        /* one blank line stands for a run of them: a file of a million
         * blank lines or form feeds held a million strings */
        if (line[0] || !lines.len || lines.items[lines.len - 1][0])
            sl_push(&lines, line);
        free(line);
        if (!end)
            break;
        p = end + 1;
    }
    blocks bl = {NULL, 0, 0};
    size_t start = 0;
    for (size_t i = 0; i <= lines.len; i++) {
        if (i == lines.len || lines.items[i][0] == '\0') {
            if (i > start)
                chunk_blocks(lines.items + start, i - start, &bl);
            start = i + 1;
        }
    }
    sl_free(&lines);
    /* Rejoin sentences cut by a blank line or a page break: a block that
     * does not end a sentence, followed by one starting in lower case. */
    strbuf out;
    sb_init(&out);
    for (size_t i = 0; i < bl.len; i++) {
        block *b = &bl.items[i];
        while (i + 1 < bl.len && !b->structural && !bl.items[i + 1].structural &&
               !block_is_bullet(&bl.items[i + 1]) && !ends_sentence(b->text.buf, b->text.len) &&
               starts_lower(bl.items[i + 1].text.buf)) {
            join_line(&b->text, bl.items[i + 1].text.buf);
            sb_free(&bl.items[i + 1].text);
            i++;
        }
        if (out.len)
            sb_adds(&out, "\n\n");
        sb_add(&out, b->text.buf, b->text.len);
    }
    for (size_t i = 0; i < bl.len; i++)
        sb_free(&bl.items[i].text);
    free(bl.items);
    return sb_steal(&out);
}
