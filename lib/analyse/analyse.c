/* analyse.c: see analyse.h.  Every rule here reads data (the tables in data/) or
 * the shape of the text; none knows any particular document. */
#include "analyse.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "dates.h"
#include "phrases.h"
#include "postcode.h"
#include "source.h"
#include "taxonomy.h"
#include "tsv.h"
#include "util.h"

#ifndef SCRUTINY_PKGDATADIR
#define SCRUTINY_PKGDATADIR "/usr/local/share/scrutiny"
#endif
#ifndef SCRUTINY_SRCDATADIR
#define SCRUTINY_SRCDATADIR "data"
#endif

/* How far into a document its identity is read (title, letterhead, the
 * first paragraphs). */
#define HEAD_BYTES 4000
/* Mentions near the start weigh more: that is where a letter names its
 * addressee and a report its subject. */
#define EARLY_BYTES 1500
/* A site's banner (its owner's name alone) is among a page's first blocks:
 * "Skip to main content" and a cookie banner may come first. */
#define BANNER_BLOCKS 6
/* The last bytes of a text: an Ofsted report's colophon, a page's footer. */
#define TAIL_BYTES 3000
/* Authority mentions are counted over at most this much text. */
#define SCAN_BYTES (512u << 10)
/* CQC is a co-publisher when it scores this much on its own. */
#define JOINT_MIN 5
/* A mark this heavy is a publisher's imprint (its domain, Ofsted's
 * "Reference no"): a report that carries one publisher's imprint and not
 * the other's is that one's alone, however often it names the other. */
#define IMPRINT_WEIGHT 6

struct knowledge {
    char *dir;
    gazetteer *gaz;
    taxonomy *tax;
    tsv publishers, doctypes;
};

static int has_file(const char *dir, const char *name)
{
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "%s/%s", dir, name);
    struct stat st;
    int ok = stat(sb.buf, &st) == 0;
    sb_free(&sb);
    return ok;
}

scr_status knowledge_load(const char *dir, const char *themes_file, knowledge **out,
                          scr_error *err)
{
    const char *env = getenv("SCRUTINY_DATA_DIR");
    const char *chosen = dir && *dir ? dir
                         : env && *env ? env
                         : has_file(SCRUTINY_PKGDATADIR, "authorities.tsv") ? SCRUTINY_PKGDATADIR
                                                                            : SCRUTINY_SRCDATADIR;
    knowledge *k = xcalloc(1, sizeof *k);
    k->dir = xstrdup(chosen);
    strbuf p;
    sb_init(&p);
    sb_addf(&p, "%s/authorities.tsv", chosen);
    scr_status rc = gazetteer_load(p.buf, &k->gaz, err);
    if (rc == SCR_OK && has_file(chosen, "districts.tsv")) {
        p.len = 0;
        sb_addf(&p, "%s/districts.tsv", chosen);
        rc = gazetteer_add_districts(k->gaz, p.buf, err);
    }
    if (rc == SCR_OK) {
        p.len = 0;
        sb_addf(&p, "%s/publishers.tsv", chosen);
        rc = tsv_load(p.buf, &k->publishers, err);
    }
    if (rc == SCR_OK) {
        p.len = 0;
        sb_addf(&p, "%s/doctypes.tsv", chosen);
        rc = tsv_load(p.buf, &k->doctypes, err);
    }
    sb_free(&p);
    if (rc == SCR_OK)
        rc = taxonomy_load(chosen, themes_file, &k->tax, err);
    if (rc != SCR_OK) {
        knowledge_free(k);
        return rc;
    }
    *out = k;
    return SCR_OK;
}

void knowledge_free(knowledge *k)
{
    if (!k)
        return;
    gazetteer_free(k->gaz);
    taxonomy_free(k->tax);
    tsv_free(&k->publishers);
    tsv_free(&k->doctypes);
    free(k->dir);
    free(k);
}

const gazetteer *knowledge_gazetteer(const knowledge *k) { return k->gaz; }
const char *knowledge_dir(const knowledge *k) { return k->dir; }
const taxonomy *knowledge_taxonomy(const knowledge *k) { return k->tax; }

void analysis_free(analysis *a)
{
    free(a->title);
    free(a->title_why);
    sl_free(&a->authorities);
    free(a->authorities_why);
    sl_free(&a->publishers);
    free(a->publisher_why);
    free(a->doctype);
    free(a->doctype_why);
    free(a->date);
    free(a->date_why);
    free(a->authorities_next);
    free(a->publisher_next);
    free(a->doctype_next);
    free(a->date_next);
    memset(a, 0, sizeof *a);
}

/* A formatted, malloc()ed string. */
static char *xstrdup_printf(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    char *s = xcalloc((size_t)n + 1, 1);
    va_start(ap, f);
    vsnprintf(s, (size_t)n + 1, f, ap);
    va_end(ap);
    return s;
}

static int conf_rank(const char *c)
{
    return !c ? 0 : strcmp(c, CONF_HIGH) == 0 ? 2 : strcmp(c, CONF_MEDIUM) == 0 ? 1 : 0;
}

const char *analyse_conf_min(const char *a, const char *b)
{
    return conf_rank(a) <= conf_rank(b) ? (a ? a : CONF_LOW) : b;
}

/* ---- blocks ---- */

typedef struct block {
    size_t start, len;
} block;

static size_t split_blocks(const char *text, block **out)
{
    size_t n = 0, cap = 64;
    block *b = xmalloc(cap * sizeof *b);
    size_t i = 0, len = strlen(text);
    while (i < len) {
        const char *end = find_blank_line(text + i, len - i);
        size_t e = end ? (size_t)(end - text) : len;
        if (e > i) {
            if (n == cap)
                b = xrealloc(b, (cap *= 2) * sizeof *b);
            b[n++] = (block){i, e - i};
        }
        i = e + 2;
    }
    *out = b;
    return n;
}

static char *strip_marks(const char *s, size_t n)
{
    strbuf sb;
    sb_init(&sb);
    size_t i = 0;
    while (i < n && (s[i] == '#' || s[i] == ' '))
        i++;
    for (; i < n; i++)
        if (s[i] != '*')
            sb_addc(&sb, s[i]);
    return str_trim(sb_steal(&sb));
}

static size_t word_count(const char *s)
{
    size_t n = 0;
    int in = 0;
    for (; *s; s++) {
        int sp = *s == ' ';
        if (!sp && !in)
            n++;
        in = !sp;
    }
    return n;
}

static int all_caps_words(const char *s)
{
    int upper = 0;
    for (; *s; s++) {
        if (islower((unsigned char)*s))
            return 0;
        upper += isupper((unsigned char)*s) != 0;
    }
    return upper >= 8;
}

/* ---- title ---- */

/* Whether a block is no title: a line of an address (a postcode, a
 * publisher's own address in publishers.tsv), a date alone, page chrome. */
/* Whether s[0..n) is a date alone, a weekday aside ("Thursday, November
 * 16, 2023"). */
static int date_alone(const char *s, size_t n)
{
    char *line = xstrndup(s, n);
    found_date *d;
    size_t nd = dates_find(line, &d);
    int alone = nd == 1 && d[0].end - d[0].start + 12 >= n;
    free(d);
    free(line);
    return alone;
}

/* Whether text[0..n) is a council's name and nothing else ("Wigan
 * Council", "London Borough of Barnet"): its site's banner, or its
 * letterhead. */
static int council_name_line(const knowledge *k, const char *text, size_t n)
{
    if (n == 0 || n > 60 || memchr(text, '.', n) || memchr(text, ':', n))
        return 0;
    char *line = xstrndup(text, n);
    mention *m;
    size_t nm = gazetteer_find_places(k->gaz, line, &m);
    int council = nm && m[0].how == MENTION_COUNCIL && m[0].offset <= 4 && word_count(line) <= 6;
    free(m);
    free(line);
    return council;
}

/* Whether the word at w[0..n) may stand inside a body's name: a capital
 * ("Waveney", "Children's") or a joining word ("and", "of", "with"). */
static int name_word(const char *w, size_t n)
{
    static const char *const joins[] = {"and", "of", "upon", "on", "the", "with", NULL};
    if (isupper((unsigned char)w[0]))
        return 1;
    for (size_t i = 0; joins[i]; i++)
        if (n == strlen(joins[i]) && strncmp(w, joins[i], n) == 0)
            return 1;
    return 0;
}

/* Whether s[0..n) has only a name's words (name_word: "London Borough of
 * Barking and Dagenham"), where a headline has others ("Torbay Council's
 * fostering service rated outstanding"). */
static int name_words_only(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ')
            i++;
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        if (j > i && !name_word(s + i, j - i))
            return 0;
        i = j;
    }
    return 1;
}

/* How many items of a council's site menu (publishers.tsv rows of weight
 * "site-menu": "Council tax", "Bins and recycling") line[0..n) is made of
 * and nothing else, the longest item first at each place ("Planning and
 * building control", not "Planning"); 0 when anything else is in it.  A
 * menu saved as text has an item a line, or its items run together. */
static size_t menu_items(const knowledge *k, const char *line, size_t n)
{
    const tsv *t = &k->publishers;
    int c_w = tsv_column(t, "weight"), c_ph = tsv_column(t, "phrase");
    size_t items = 0, i = 0;
    while (i < n) {
        if (line[i] == ' ' || line[i] == '|' || line[i] == '>' || line[i] == '*') {
            i++;
            continue;
        }
        if (n - i >= 3 && strncmp(line + i, "\xE2\x80\xA2", 3) == 0) { /* a bullet */
            i += 3;
            continue;
        }
        size_t best = 0;
        for (size_t r = 0; r < t->n_rows; r++) {
            const char *ph = tsv_cell(t, r, c_ph);
            size_t k2 = strlen(ph);
            if (k2 > best && k2 <= n - i && strcmp(tsv_cell(t, r, c_w), "site-menu") == 0 &&
                strncasecmp(line + i, ph, k2) == 0 &&
                (i + k2 == n || !isalnum((unsigned char)line[i + k2])))
                best = k2;
        }
        if (!best)
            return 0;
        items++;
        i += best;
    }
    return items;
}

/* Whether the text carries a council's site menu: MENU_ITEMS items or
 * more in a run of lines made of them and nothing else (blank lines
 * aside).  A report's headings ("Housing") stand between paragraphs. */
static int council_menu(const knowledge *k, const char *text)
{
    enum { MENU_ITEMS = 3 };
    size_t run = 0;
    for (const char *l = text; l && *l;) {
        const char *e = strchr(l, '\n');
        size_t n = e ? (size_t)(e - l) : strlen(l);
        if (n) {
            size_t items = n <= 300 ? menu_items(k, l, n) : 0;
            run = items ? run + items : 0;
            if (run >= MENU_ITEMS)
                return 1;
        }
        l = e ? e + 1 : NULL;
    }
    return 0;
}

/* Whether s[0..n) only names the kind of page a committee site shows
 * ("Agenda item", "Issue - meetings", "Agendas, Meetings and Minutes -
 * Agenda item", "Additional documents:"): every word one of those labels,
 * the item's own title on a line below it. */
static int page_label(const char *s, size_t n)
{
    static const char *const labels[] = {
        "agenda", "agendas", "item", "items", "issue", "issues", "meeting", "meetings",
        "minutes", "decision", "decisions", "details", "document", "documents", "additional",
        "and", "of", NULL};
    size_t words = 0;
    for (size_t i = 0; i < n;) {
        if (!isalpha((unsigned char)s[i])) {
            if (s[i] != ' ' && s[i] != '-' && s[i] != ',' && s[i] != ':' && s[i] != '&')
                return 0;
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && isalpha((unsigned char)s[j]))
            j++;
        size_t l = 0;
        while (labels[l] &&
               !(strlen(labels[l]) == j - i && strncasecmp(s + i, labels[l], j - i) == 0))
            l++;
        if (!labels[l])
            return 0;
        words++;
        i = j;
    }
    return words > 0;
}

/* Whether s[0..n) credits a picture ("Photo: ...", "Image: ..."): a news
 * page's caption above its story. */
static int picture_credit(const char *s, size_t n)
{
    static const char *const marks[] = {"photo:", "photograph:", "image:", "picture:",
                                        "credit:", NULL};
    for (size_t i = 0; n < 200 && marks[i]; i++)
        if (phrase_count(s, n, marks[i], 1))
            return 1;
    return 0;
}

static int not_a_title(const knowledge *k, const char *s, size_t n)
{
    /* a site's menu ("Council tax", "Bins and recycling"), its cookie
     * banner ("Essential cookies keep this site working") or its
     * breadcrumbs ("Home > Children and families > Fostering") */
    if (menu_items(k, s, n) || (n < 300 && phrase_count(s, n, "cookies", 1)) ||
        (n > 7 && strncasecmp(s, "home > ", 7) == 0))
        return 1;
    if (has_postcode(s, n))
        return 1;
    const tsv *t = &k->publishers;
    int c_w = tsv_column(t, "weight"), c_ph = tsv_column(t, "phrase");
    for (size_t r = 0; r < t->n_rows; r++)
        if (strcmp(tsv_cell(t, r, c_w), "address") == 0 &&
            phrase_count(s, n, tsv_cell(t, r, c_ph), 1))
            return 1;
    /* a telephone, an e-mail or a web address */
    if (memchr(s, '@', n) || (n > 4 && strncmp(s, "www.", 4) == 0) ||
        (n > 2 && (s[0] == 'T' || s[0] == 'E' || s[0] == 'W') &&
         (s[1] == ' ' || s[1] == ':')) ||
        (n > 3 && strncasecmp(s, "tel", 3) == 0) || (n > 9 && strncasecmp(s, "textphone", 9) == 0))
        return 1;
    static const char *const chrome[] = {"skip to main content", "skip to content",
                                         "cookies on", "accept all cookies", "menu", "home",
                                         "search", "page 1", NULL};
    for (size_t i = 0; chrome[i]; i++)
        if (n >= strlen(chrome[i]) && strncasecmp(s, chrome[i], strlen(chrome[i])) == 0 &&
            n <= strlen(chrome[i]) + 20)
            return 1;
    return page_label(s, n) || picture_credit(s, n) || date_alone(s, n);
}

/* Cuts a link's file size from the end of a title, and then the item
 * number before it: a committee site lists an item as "27 Annual review
 * of the plan pdf icon PDF 89 KB". */
static void strip_link_size(char *t)
{
    size_t n = strlen(t), e = n;
    while (e && (t[e - 1] == ' '))
        e--;
    if (e < 3 || (strncmp(t + e - 2, "KB", 2) != 0 && strncmp(t + e - 2, "MB", 2) != 0))
        return;
    e -= 2;
    while (e && t[e - 1] == ' ')
        e--;
    size_t digits = e;
    while (e && (isdigit((unsigned char)t[e - 1]) || t[e - 1] == '.'))
        e--;
    if (e == digits || e < 4 || strncmp(t + e - 4, "PDF ", 4) != 0)
        return;
    e -= 4;
    if (e >= 9 && strncasecmp(t + e - 9, "pdf icon ", 9) == 0)
        e -= 9;
    while (e && t[e - 1] == ' ')
        e--;
    t[e] = '\0';
    size_t i = 0;
    while (isdigit((unsigned char)t[i]))
        i++;
    if (i && t[i] == ' ' && t[i + 1])
        memmove(t, t + i + 1, strlen(t + i + 1) + 1);
}

/* Whether a file's title metadata is its template's, not its own: a
 * placeholder in capitals ("LA NAME", "INSPECTION DATE"), a draft or a
 * template. */
static int template_title(const char *t)
{
    static const char *const marks[] = {"template", "draft", "pre publication",
                                        "pre-publication", NULL};
    for (size_t i = 0; marks[i]; i++)
        if (phrase_count(t, strlen(t), marks[i], 1))
            return 1;
    int caps_words = 0;
    for (const char *p = t; *p;) {
        while (*p && !isalpha((unsigned char)*p))
            p++;
        const char *w = p;
        int upper = 1;
        while (*p && isalpha((unsigned char)*p))
            upper &= isupper((unsigned char)*p++) != 0;
        if (p - w >= 2 && upper) {
            if (++caps_words >= 2)
                return 1;
        } else if (p > w) {
            caps_words = 0;
        }
    }
    return 0;
}

/* The length of a letter's salutation starting s ("Dear Andrew, "), or 0:
 * a letter's subject comes right after it, run into one line with it when
 * a PDF is read. */
static size_t salutation(const char *s, size_t n)
{
    if (n < 6 || strncmp(s, "Dear ", 5) != 0)
        return 0;
    const char *comma = memchr(s, ',', n < 60 ? n : 60);
    if (!comma)
        return 0;
    size_t k = (size_t)(comma - s) + 1;
    while (k < n && s[k] == ' ')
        k++;
    return k;
}

static int body_name_line(const knowledge *k, const char *s, size_t n);

/* The first line of block i, malloc()ed. */
static char *first_line(const char *text, const block *b, size_t i)
{
    const char *s = text + b[i].start, *nl = memchr(s, '\n', b[i].len);
    return xstrndup(s, nl ? (size_t)(nl - s) : b[i].len);
}

/* A title line broken before its end ("Area SEND inspection of Barking
 * and" / "Dagenham Local Area Partnership"): one that ends on a word no
 * title ends on takes the next block's first line when that is a short
 * run of capitalised words. */
static char *join_broken_title(char *t, const char *text, const block *b, size_t nb, size_t i)
{
    static const char *const open[] = {"of", "and", "the", "for", "to", "in", "on", "with",
                                       "Local", NULL};
    const char *last = strrchr(t, ' ');
    last = last ? last + 1 : t;
    size_t w = 0;
    while (open[w] && strcmp(open[w], last) != 0)
        w++;
    if (!open[w] || i + 1 >= nb)
        return t;
    char *next = first_line(text, b, i + 1);
    int joins = word_count(next) <= 4 && isupper((unsigned char)next[0]) &&
                !strpbrk(next, ":.,;0123456789") && name_words_only(next, strlen(next));
    if (joins) {
        char *both = xstrdup_printf("%s %s", t, next);
        free(t);
        t = both;
    }
    free(next);
    return t;
}

/* Whether block i is a report's kind alone above its title ("Local area
 * partnership report" / "Area SEND inspection of Bury ..."): a short line
 * that names no place, where the next, title-like, names one (read whole
 * where it is broken over two lines). */
static int kind_label_above(const knowledge *k, const char *text, const block *b, size_t nb,
                            size_t i)
{
    if (i + 1 >= nb)
        return 0;
    char *line = first_line(text, b, i);
    char *next = join_broken_title(first_line(text, b, i + 1), text, b, nb, i + 1);
    mention *m;
    size_t here = word_count(line) <= 5 ? gazetteer_find_places(k->gaz, line, &m) : 1;
    if (word_count(line) <= 5)
        free(m);
    size_t nw = word_count(next), nl = strlen(next);
    int label = !here && nw >= 3 && nw <= 25 && next[nl - 1] != '.' && !strchr(next, ':');
    if (label) {
        label = gazetteer_find_places(k->gaz, next, &m) > 0;
        free(m);
    }
    free(line);
    free(next);
    return label;
}

static void find_title(const knowledge *k, const char *text, const block *b, size_t nb,
                       const char *file_title, analysis *a)
{
    size_t limit = nb < 20 ? nb : 20;
    /* A letter: the line after "Dear ..." names its subject. */
    for (size_t i = 0; i < limit; i++) {
        if (strncmp(text + b[i].start, "Dear ", 5) != 0)
            continue;
        /* the rest of the block, where a PDF's reading ran the salutation
         * and the subject (and the letter) into one ("Dear Ms Lewis,
         * Focused visit to ..."); else the next block */
        size_t k = salutation(text + b[i].start, b[i].len);
        const char *subject = NULL;
        size_t sn = 0;
        if (k && k < b[i].len) {
            subject = text + b[i].start + k;
            sn = b[i].len - k < 300 ? b[i].len - k : 300;
        } else if (b[i].len <= 60 && i + 1 < nb) {
            subject = text + b[i + 1].start;
            sn = b[i + 1].len;
        } else {
            continue;
        }
        char *t = strip_marks(subject, sn);
        /* extraction may run the subject line into the letter's first
         * sentence: cut where that sentence starts */
        static const char *const starts[] = {" Her Majesty's ", " His Majesty's ",
                                             " This letter ", " Thank you ", ". ", NULL};
        size_t cut = strlen(t);
        for (size_t j = 0; starts[j]; j++) {
            const char *at = strstr(t, starts[j]);
            if (at && (size_t)(at - t) < cut)
                cut = (size_t)(at - t);
        }
        t[cut] = '\0';
        /* a short subject line may end with a full stop; a sentence is no
         * subject */
        size_t tl = strlen(t);
        if (tl && t[tl - 1] == '.' && word_count(t) <= 16)
            t[--tl] = '\0';
        if (word_count(t) >= 3 && word_count(t) <= 30 && tl && t[tl - 1] != '.') {
            a->title = t;
            a->title_why = xstrdup("the subject line after the letter's salutation");
            return;
        }
        free(t);
    }
    /* A heading: markdown, bold or capitals, near the top. */
    for (size_t i = 0; i < limit; i++) {
        const char *s = text + b[i].start;
        int marked = s[0] == '#' || (b[i].len > 4 && strncmp(s, "**", 2) == 0);
        char *t = strip_marks(s, b[i].len);
        size_t w = word_count(t);
        if (w >= 2 && w <= 30 && (marked || all_caps_words(t))) {
            a->title = t;
            a->title_why = xstrdup(marked ? "the first heading" : "the first line in capitals");
            return;
        }
        free(t);
    }
    if (file_title && *file_title && !template_title(file_title)) {
        a->title = xstrdup(file_title);
        a->title_why = xstrdup("the file's own title metadata");
        return;
    }
    for (size_t i = 0; i < nb; i++) {
        /* a council's or another body's name alone is its letterhead or
         * its site's banner: the line below it says what the document is */
        const char *s = text + b[i].start;
        if (i < 20 && (not_a_title(k, s, b[i].len) ||
                       (i + 1 < nb && ((council_name_line(k, s, b[i].len) &&
                                        name_words_only(s, b[i].len)) ||
                                       body_name_line(k, s, b[i].len)))))
            continue;
        if (i < 20 && kind_label_above(k, text, b, nb, i))
            continue;
        char *t = strip_marks(text + b[i].start, b[i].len < 200 ? b[i].len : 200);
        strip_link_size(t);
        if (word_count(t) >= 2) {
            t = join_broken_title(t, text, b, nb, i);
            if (strlen(t) > 160) { /* at a word, marked as cut */
                size_t cut = 160;
                while (cut && t[cut] != ' ')
                    cut--;
                if (cut == 0)
                    for (cut = 160; cut && ((unsigned char)t[cut] & 0xC0) == 0x80;)
                        cut--;
                t[cut] = '\0';
                t = xrealloc(t, cut + 4);
                strcat(t, "\xE2\x80\xA6");
            }
            a->title = t;
            a->title_why = xstrdup("the first line of text");
            return;
        }
        free(t);
    }
    a->title = xstrdup("(untitled)");
    a->title_why = xstrdup("no text to take a title from");
}

/* ---- authorities ---- */

typedef struct score {
    double total;
    int mentions, in_title, early, council;
    int site;    /* its council's site is where the page was saved from */
    int towns; /* an administrative town alone: weak, never decides */
    long first_block; /* the block of its first mention near the start, or -1 */
} score;

/* Whether the block is a copy of one of the few before it (a caption
 * repeated under a picture, a menu printed twice): said once, counted once. */
static int repeated_block(const char *text, const block *b, size_t bi)
{
    for (size_t j = bi > 3 ? bi - 3 : 0; j < bi; j++)
        if (b[j].len == b[bi].len && memcmp(text + b[j].start, text + b[bi].start, b[bi].len) == 0)
            return 1;
    return 0;
}

/* Whether the name at offset and the words after it were written just
 * before (a caption printed twice under a picture, which readers may run
 * into one paragraph): said once, counted once. */
static int repeated_context(const char *text, size_t offset)
{
    size_t len = 0;
    while (len < 80 && text[offset + len])
        len++;
    if (len < 40)
        return 0;
    size_t back = offset > 600 ? offset - 600 : 0;
    for (size_t i = back; i + len <= offset; i++)
        if (memcmp(text + i, text + offset, len) == 0)
            return 1;
    return 0;
}

/* Whether an inspectorate's or the LGA's own address is written just before
 * offset (publishers.tsv rows of weight "address"): "Piccadilly Gate, Store
 * Street, Manchester" is where Ofsted is, not what a report is about. */
static int after_address(const knowledge *k, const char *text, size_t offset)
{
    const tsv *t = &k->publishers;
    int c_w = tsv_column(t, "weight"), c_ph = tsv_column(t, "phrase");
    size_t from = offset > 120 ? offset - 120 : 0;
    for (size_t r = 0; r < t->n_rows; r++)
        if (strcmp(tsv_cell(t, r, c_w), "address") == 0 &&
            phrase_count(text + from, offset - from, tsv_cell(t, r, c_ph), 1))
            return 1;
    return 0;
}

/* Whether the byte at i belongs to a word (letters, digits, an apostrophe,
 * a hyphen, or a byte of a UTF-8 letter or curly apostrophe). */
static int name_byte(unsigned char c)
{
    return isalnum(c) || c == '\'' || c == '-' || c >= 0x80;
}

/* Whether w[0..n) marks an NHS body's name ("NHS", "ICB", "Integrated Care
 * Board", "Teaching Hospitals"); "Council" ends a council's. */
static int nhs_word(const char *w, size_t n)
{
    static const char *const marks[] = {"NHS", "ICB", "CCG", "ICS", "Integrated", "Clinical",
                                        "Hospital", "Hospitals", NULL};
    for (size_t i = 0; marks[i]; i++)
        if (n == strlen(marks[i]) && strncmp(w, marks[i], n) == 0)
            return 1;
    return 0;
}

/* Whether the authority named at offset is part of an NHS body's name:
 * the run of capitalised words around it, commas and joining words
 * included, up to a "Council" or another body's name ("X Council and NHS
 * Y", "NHS Y ICB and X"), holds an NHS mark ("NHS Norfolk and Waveney
 * Integrated Care Board", "NHS Bath and North East Somerset, Swindon and
 * Wiltshire ICB", "Sheffield Children's NHS Foundation Trust").  An
 * integrated care board or a trust is named after its area, which is no
 * council's: beside a council it does not make a second subject. */
static int in_nhs_name(const char *text, size_t offset)
{
    /* forwards from the name, then backwards from it */
    for (int dir = 1; dir >= -1; dir -= 2) {
        size_t i = offset;
        int joined = 0; /* the word before (towards the name) joins two names */
        for (int words = 0; words < 14; words++) {
            size_t ws, we;
            if (dir > 0) {
                while (text[i] == ' ' || text[i] == ',')
                    i++;
                ws = i;
                while (text[i] && name_byte((unsigned char)text[i]))
                    i++;
                we = i;
            } else {
                while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == ','))
                    i--;
                we = i;
                while (i > 0 && name_byte((unsigned char)text[i - 1]))
                    i--;
                ws = i;
            }
            size_t n = we - ws;
            if (!n || !name_word(text + ws, n) || (n == 7 && strncmp(text + ws, "Council", 7) == 0))
                break;
            int nhs = n == 3 && strncmp(text + ws, "NHS", 3) == 0;
            /* "... and NHS X": another body's name begins; backwards, a
             * suffix ("ICB", "Trust") ends another's */
            if (nhs_word(text + ws, n)) {
                if ((nhs && joined) || (!nhs && dir < 0))
                    break;
                return 1;
            }
            joined = !isupper((unsigned char)text[ws]);
        }
    }
    return 0;
}

/* Finds the authorities a text is about (banner: the block of a body's
 * name atop the page, or -1).  *sole: the one authority it
 * names (towns alone aside) when that is too little to decide, else
 * (size_t)-1; a council's own page naming one authority is its. */
static void find_authorities(const knowledge *k, const char *text, const char *file_title,
                             const char *source, const block *b, size_t nb, long banner,
                             analysis *a, size_t *sole, int *on_council_site)
{
    size_t na = gazetteer_size(k->gaz);
    score *s = xcalloc(na, sizeof *s);
    for (size_t i = 0; i < na; i++)
        s[i].first_block = -1;
    size_t tlen = strlen(text);
    char *scan = tlen > SCAN_BYTES ? xstrndup(text, SCAN_BYTES) : NULL;
    mention *m;
    size_t nm = gazetteer_find_places(k->gaz, scan ? scan : text, &m);
    size_t bi = 0;
    for (size_t i = 0; i < nm; i++) {
        while (bi + 1 < nb && b[bi + 1].start <= m[i].offset)
            bi++;
        if (nb && repeated_block(text, b, bi))
            continue;
        /* an NHS body's area is its page's subject when the body's name is
         * the page's banner (banner: its block, or -1) */
        if (repeated_context(text, m[i].offset) || after_address(k, text, m[i].offset) ||
            ((long)bi != banner && in_nhs_name(text, m[i].offset)))
            continue;
        score *x = &s[m[i].authority];
        if (m[i].how == MENTION_TOWN) {
            x->total += 0.5, x->towns++;
            continue;
        }
        /* a postcode marks an address: an authority named there is where a
         * letter went (or who sent it), weaker evidence than prose */
        int address = nb && has_postcode(text + b[bi].start, b[bi].len);
        double w = address ? 0.5 : 1.0;
        /* an address at the council's own domain is its mark wherever it
         * stands (a contact line, a footer) */
        if (m[i].how == MENTION_DOMAIN) {
            x->total += 5, x->early++, x->council++, x->mentions++;
            continue;
        }
        if (!address && m[i].offset < EARLY_BYTES) {
            w += 2, x->early++;
            if (x->first_block < 0)
                x->first_block = (long)bi;
        }
        if (m[i].council_form)
            w += 2, x->council++;
        x->total += w;
        x->mentions++;
    }
    free(m);
    free(scan);
    /* the title, and the file's own title (an HTML <title>, PDF info) */
    const char *titles[2] = {a->title, file_title ? file_title : ""};
    for (int t = 0; t < 2; t++) {
        nm = gazetteer_find(k->gaz, titles[t], &m);
        for (size_t i = 0; i < nm; i++)
            if (!s[m[i].authority].in_title) {
                s[m[i].authority].in_title = 1;
                s[m[i].authority].total += 10;
            }
        free(m);
    }
    /* the web address: a council named in the host is the site's owner,
     * as strong as its name in the title and as a council; named in the
     * path ("/east-riding-of-yorkshire-council-apa"), it is the page's
     * subject, as in a title */
    *on_council_site = 0;
    if (source && *source) {
        size_t host_end = source_host_end(source);
        char *words = source_words(source);
        nm = gazetteer_find(k->gaz, words, &m);
        /* a host word that is an authority's slug ("chelmsford.gov.uk",
         * "reading.gov.uk"): its site, whether or not its bare name
         * counts in prose */
        for (size_t w = 0; w < host_end; w++) {
            if (words[w] == ' ' || (w && words[w - 1] != ' '))
                continue;
            size_t e = w;
            while (e < host_end && words[e] != ' ')
                e++;
            char *label = xstrndup(words + w, e - w);
            const authority *au = gazetteer_lookup(k->gaz, label);
            free(label);
            if (au && !s[au - gazetteer_get(k->gaz, 0)].site) {
                m = xrealloc(m, (nm + 1) * sizeof *m);
                m[nm++] = (mention){(size_t)(au - gazetteer_get(k->gaz, 0)), w, 1,
                                    MENTION_DOMAIN};
            }
        }
        free(words);
        for (size_t i = 0; i < nm; i++) {
            score *x = &s[m[i].authority];
            if (m[i].offset < host_end) {
                if (!x->site) {
                    x->site = 1, *on_council_site = 1;
                    x->total += 10, x->council++, x->early++, x->mentions++;
                }
            } else if (!x->in_title) {
                x->in_title = 1;
                x->total += 10;
            }
        }
        free(m);
    }
    /* towns alone never make the best: a clear name always wins */
    size_t best = na;
    for (size_t i = 0; i < na; i++)
        if ((s[i].mentions || s[i].in_title) &&
            (best == na || s[i].total > s[best].total))
            best = i;
    /* Authorities named together with the best one near the start ("X, Y
     * and Z were inspected"), or in the title with it, are its co-subjects;
     * the runner-up is the best of the rest. */
    char *pick = xcalloc(na ? na : 1, 1);
    size_t second = na;
    for (size_t i = 0; best < na && i < na; i++) {
        if (!s[i].mentions && !s[i].in_title)
            continue;
        pick[i] = i == best || (s[i].in_title && s[best].in_title) ||
                  (s[i].total >= 0.6 * s[best].total && s[i].council && s[i].early) ||
                  (s[i].first_block >= 0 && s[i].first_block == s[best].first_block &&
                   s[i].total >= 0.5 * s[best].total);
        if (!pick[i] && (second == na || s[i].total > s[second].total))
            second = i;
    }
    strbuf why;
    sb_init(&why);
    double runner = second < na ? s[second].total : 0;
    /* Where a name is matters more than how often: one mention as a
     * council ("X County Council", "the X local area") near the start,
     * with no rival named as a council too, is enough ("joined from
     * Wolverhampton" is a place in passing). */
    int clear = best < na && s[best].council && s[best].early &&
                (2 * runner <= s[best].total || (second < na && !s[second].council));
    int none = best == na || (s[best].total < 6 && !clear) ||
               (!s[best].in_title && s[best].total < 2 * runner && !s[best].council);
    size_t named = 0;
    for (size_t i = 0; i < na; i++)
        named += s[i].mentions > 0 || s[i].in_title;
    *sole = none && best < na && named == 1 ? best : (size_t)-1;
    /* the runner-up: the best that was not taken (when none is, the best) */
    size_t ru = none ? best : second;
    if (ru < na && s[ru].total > 0) {
        const authority *au = gazetteer_get(k->gaz, ru);
        a->authorities_next = xstrdup_printf(
            "%s: %d mention%s%s%s%s%s (score %.1f)", au->name, s[ru].mentions,
            s[ru].mentions == 1 ? "" : "s", s[ru].site ? ", its site" : "",
            s[ru].in_title ? ", in the title" : "",
            s[ru].early ? ", near the start" : "",
            s[ru].council ? ", as a council or local area" : "", s[ru].total);
    } else {
        a->authorities_next = xstrdup("none");
    }
    if (none) {
        /* none named: a national text, or one that names its area
         * otherwise; names that do not stand out: a guess either way */
        a->authorities_conf = best == na ? CONF_MEDIUM : CONF_LOW;
        if (best == na)
            sb_adds(&why, "no English local authority is named");
        else
            sb_addf(&why, "no authority stands out: mentions are too few or too even "
                          "(best %s, score %.1f; next %s, score %.1f)",
                    gazetteer_get(k->gaz, best)->name, s[best].total,
                    second < na ? gazetteer_get(k->gaz, second)->name : "none", runner);
    } else {
        /* named where a subject is named (the title, as a council or local
         * area near the start) and at least twice the runner-up */
        a->authorities_conf = (s[best].in_title || (s[best].council && s[best].early)) &&
                                      2 * runner <= s[best].total
                                  ? CONF_HIGH
                                  : CONF_MEDIUM;
        for (size_t i = 0; i < na; i++) {
            if (!pick[i])
                continue;
            const authority *au = gazetteer_get(k->gaz, i);
            sl_push(&a->authorities, au->name);
            sb_addf(&why, "%s%s: %d mention%s%s%s%s%s (score %.1f)", why.len ? "; " : "",
                    au->name, s[i].mentions, s[i].mentions == 1 ? "" : "s",
                    s[i].site ? ", its site is where the page was saved from" : "",
                    s[i].in_title ? ", in the title or the web address" : "",
                    s[i].early ? ", near the start" : "",
                    s[i].council ? ", as a council or local area" : "", s[i].total);
        }
        if (second < na && s[second].total > 0)
            sb_addf(&why, "; next: %s (score %.1f)", gazetteer_get(k->gaz, second)->name,
                    s[second].total);
    }
    a->authorities_why = sb_steal(&why);
    free(pick);
    free(s);
}

/* ---- publisher ---- */

/* What one publisher's marks in publishers.tsv score in text[0..n). */
static double publisher_score(const knowledge *k, const char *text, size_t n, const char *who)
{
    const tsv *t = &k->publishers;
    int c_pub = tsv_column(t, "publisher"), c_w = tsv_column(t, "weight"),
        c_ph = tsv_column(t, "phrase");
    double score = 0;
    for (size_t r = 0; r < t->n_rows; r++)
        if (strcmp(tsv_cell(t, r, c_pub), who) == 0)
            score += phrase_count(text, n, tsv_cell(t, r, c_ph), 3) *
                     atof(tsv_cell(t, r, c_w));
    return score;
}

/* Ofsted and the CQC inspect together: either may be the other's partner. */
static int inspectorate(const char *publisher)
{
    return strcmp(publisher, "Ofsted") == 0 || strcmp(publisher, "CQC") == 0;
}

/* head: the title and first bytes; tail: the last bytes (a colophon or a
 * footer: Ofsted's reports carry their logo as an image and name
 * themselves at the end), or NULL. */
static void find_publisher(const knowledge *k, const char *head, size_t n, const char *tail,
                           analysis *a)
{
    const tsv *t = &k->publishers;
    int c_pub = tsv_column(t, "publisher"), c_w = tsv_column(t, "weight"),
        c_ph = tsv_column(t, "phrase");
    strlist names;
    sl_init(&names);
    double scores[64] = {0};
    int imprint[64] = {0};
    for (size_t r = 0; r < t->n_rows; r++) {
        const char *name = tsv_cell(t, r, c_pub);
        if (!isdigit((unsigned char)tsv_cell(t, r, c_w)[0]))
            continue; /* an address, a commissioning body's words */
        size_t hits = phrase_count(head, n, tsv_cell(t, r, c_ph), 3);
        if (tail)
            hits += phrase_count(tail, strlen(tail), tsv_cell(t, r, c_ph), 3);
        if (!hits || !*name)
            continue;
        size_t i = 0;
        while (i < names.len && strcmp(names.items[i], name) != 0)
            i++;
        if (i == names.len) {
            if (names.len == 64)
                continue;
            sl_push(&names, name);
        }
        scores[i] += hits * atof(tsv_cell(t, r, c_w));
        imprint[i] |= atof(tsv_cell(t, r, c_w)) >= IMPRINT_WEIGHT;
    }
    size_t best = names.len;
    for (size_t i = 0; i < names.len; i++)
        if (best == names.len || scores[i] > scores[best])
            best = i;
    /* between the two inspectorates, the one whose imprint it carries */
    for (size_t i = 0; best < names.len && i < names.len; i++)
        if (i != best && imprint[i] && !imprint[best] && inspectorate(names.items[i]) &&
            inspectorate(names.items[best]))
            best = i;
    strbuf why;
    sb_init(&why);
    size_t second = names.len;
    for (size_t i = 0; i < names.len; i++)
        if (i != best && (second == names.len || scores[i] > scores[second]))
            second = i;
    if (best == names.len || scores[best] < 3) {
        sb_adds(&why, "no publisher's marks near the start or at the end");
        a->publisher_conf = CONF_LOW;
        a->publisher_next = best == names.len
                                ? xstrdup("none")
                                : xstrdup_printf("%s scores %.0f (under 3)", names.items[best],
                                                 scores[best]);
    } else {
        double runner = second < names.len ? scores[second] : 0;
        a->publisher_conf = scores[best] >= 6 && 2 * runner <= scores[best] ? CONF_HIGH : CONF_MEDIUM;
        a->publisher_next = second == names.len
                                ? xstrdup("none")
                                : xstrdup_printf("%s scores %.0f", names.items[second], runner);
        /* joint inspections: Ofsted with CQC, whichever scores more */
        size_t partner = names.len;
        for (size_t i = 0; i < names.len && inspectorate(names.items[best]); i++)
            if (i != best && scores[i] >= JOINT_MIN && (imprint[i] || !imprint[best]) &&
                inspectorate(names.items[i]))
                partner = i;
        if (partner < names.len && strcmp(names.items[partner], "Ofsted") == 0)
            sl_push(&a->publishers, names.items[partner]);
        sl_push(&a->publishers, names.items[best]);
        if (partner < names.len && strcmp(names.items[partner], "CQC") == 0)
            sl_push(&a->publishers, names.items[partner]);
        sb_addf(&why, "%s scores %.0f", names.items[best], scores[best]);
        for (size_t i = 0; i < names.len; i++)
            if (i != best)
                sb_addf(&why, ", %s %.0f%s", names.items[i], scores[i],
                        i == partner ? " (a joint inspection)" : "");
        sb_adds(&why, tail ? " in the title, the first 4000 and the last 3000 bytes"
                           : " in the title and first 4000 bytes");
    }
    a->publisher_why = sb_steal(&why);
    sl_free(&names);
}

/* The publisher whose site the page was saved from: a publisher's own
 * domain (publishers.tsv), else "Council" on a council's site; NULL when
 * the site is nobody's we know (a newspaper's, a charity's). */
static const char *site_publisher(const knowledge *k, const char *source, int on_council_site)
{
    if (!source || !*source)
        return NULL;
    const tsv *t = &k->publishers;
    int c_pub = tsv_column(t, "publisher"), c_w = tsv_column(t, "weight"),
        c_ph = tsv_column(t, "phrase");
    for (size_t r = 0; r < t->n_rows; r++) {
        const char *ph = tsv_cell(t, r, c_ph);
        if (strcmp(tsv_cell(t, r, c_w), "address") != 0 && strchr(ph, '.') &&
            !strchr(ph, ' ') && source_on_domain(source, ph))
            return tsv_cell(t, r, c_pub);
    }
    return on_council_site ? "Council" : NULL;
}

/* A body that writes of a review it commissioned ("we requested a peer
 * challenge from the LGA", "the council asked the LGA") publishes the page
 * that says so, not the reviewer, unless the reviewer's own address or
 * domain is on it (its report, which recalls who asked for it).  Returns
 * the commissioning body, or NULL. */
static const char *commissioning_body(const knowledge *k, const char *head, size_t n,
                                      const char *tail, const char *reviewer)
{
    const tsv *t = &k->publishers;
    int c_pub = tsv_column(t, "publisher"), c_w = tsv_column(t, "weight"),
        c_ph = tsv_column(t, "phrase");
    const char *body = NULL;
    for (size_t r = 0; r < t->n_rows; r++) {
        const char *w = tsv_cell(t, r, c_w), *ph = tsv_cell(t, r, c_ph),
                   *who = tsv_cell(t, r, c_pub);
        if (strcmp(w, "commissions") != 0 || strcmp(who, reviewer) == 0)
            continue; /* before the text is read: most rows are other marks */
        if (phrase_count(head, n, ph, 1) || (tail && phrase_count(tail, strlen(tail), ph, 1)))
            body = who;
    }
    for (size_t r = 0; body && r < t->n_rows; r++) {
        const char *w = tsv_cell(t, r, c_w), *ph = tsv_cell(t, r, c_ph);
        int own = strcmp(w, "address") == 0 || (strchr(ph, '.') && !strchr(ph, ' '));
        if (own && strcmp(tsv_cell(t, r, c_pub), reviewer) == 0 &&
            (phrase_count(head, n, ph, 1) || (tail && phrase_count(tail, strlen(tail), ph, 1))))
            return NULL;
    }
    return body;
}

/* Whether a third party writes about the body who here (publishers.tsv
 * rows of weight "reports-on": "the council said it would..."): its news
 * item is a reporter's, whoever it quotes. */
static int reported_on(const knowledge *k, const char *head, size_t n, const char *who)
{
    const tsv *t = &k->publishers;
    int c_pub = tsv_column(t, "publisher"), c_w = tsv_column(t, "weight"),
        c_ph = tsv_column(t, "phrase");
    for (size_t r = 0; r < t->n_rows; r++)
        if (strcmp(tsv_cell(t, r, c_w), "reports-on") == 0 &&
            strcmp(tsv_cell(t, r, c_pub), who) == 0 && phrase_count(head, n, tsv_cell(t, r, c_ph), 1))
            return 1;
    return 0;
}

/* Whether s[0..n) is a person's name: two or three capitalised words of
 * letters, hyphens and apostrophes ("Ella Morgan"), no body's word
 * ("Local Government Association", "Children's Services"). */
static int person_name(const char *s, size_t n)
{
    static const char *const bodies[] = {"Council", "Association", "Department", "Commission",
                                         "Services", "Committee", "Board", "Office", "Team",
                                         "Government", "Ofsted", NULL};
    if (n > 40)
        return 0;
    size_t words = 0;
    for (size_t j = 0; j < n; j++) {
        if (j == 0 || s[j - 1] == ' ') {
            if (!isupper((unsigned char)s[j]))
                return 0;
            words++;
            for (size_t i = 0; bodies[i]; i++)
                if (strncmp(s + j, bodies[i], strlen(bodies[i])) == 0)
                    return 0;
        } else if (!isalpha((unsigned char)s[j]) && s[j] != ' ' && s[j] != '-' && s[j] != '\'') {
            return 0;
        }
    }
    return words >= 2 && words <= 3;
}

/* Whether one of the first blocks is a reporter's byline: "By " and a
 * person's name that ends the line, at its start or after a dateline's
 * bar ("12 May 2023 | By Jo Farrow"); or a name alone right above a
 * dateline ("Ella Morgan" / "Thursday, November 16, 2023"). */
static int byline(const char *text, const block *b, size_t nb)
{
    for (size_t i = 0; i < nb && i < 8; i++) {
        const char *s = text + b[i].start;
        size_t n = b[i].len;
        if (i + 1 < nb && person_name(s, n) && date_alone(text + b[i + 1].start, b[i + 1].len))
            return 1;
        for (size_t j = 0; n <= 60 && j + 5 <= n; j++)
            if (strncmp(s + j, "| By ", 5) == 0) {
                s += j + 2;
                n -= j + 2;
                break;
            }
        if (n > 3 && strncmp(s, "By ", 3) == 0 && person_name(s + 3, n - 3))
            return 1;
    }
    return 0;
}

/* Whether text[0..n) speaks in the first person plural ("we", "our",
 * "us" three times or more): its author's own page. */
static int first_person(const char *text, size_t n)
{
    return phrase_count(text, n, "we", 3) + phrase_count(text, n, "our", 3) +
               phrase_count(text, n, "us", 3) >= 3;
}

/* Whether text names an authority as a council ("Shropshire Council's
 * children's services", "County Hall, Martineau Lane, Norwich"). */
static int names_council(const knowledge *k, const char *text)
{
    mention *m;
    size_t nm = gazetteer_find_places(k->gaz, text, &m);
    int council = 0;
    for (size_t i = 0; i < nm; i++)
        council |= m[i].how == MENTION_COUNCIL;
    free(m);
    return council;
}

/* Whether a page ends with a council's footer: its copyright line (the
 * copyright sign or "Copyright", and a council: "Copyright Sefton
 * Council"), in its last bytes, or its
 * address ("County Hall, Martineau Lane, Norwich NR1 2DH") among the last
 * blocks, no letter's "Dear" after it (a letter's addressee's address
 * comes first).  It names who owns the page, as its site would. */
static int council_footer(const knowledge *k, const char *text, const block *b, size_t nb)
{
    size_t len = strlen(text);
    for (const char *l = len > TAIL_BYTES ? text + len - TAIL_BYTES : text; l && *l;
         l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
        while (*l == ' ')
            l++;
        if (strncmp(l, "\xC2\xA9", 2) != 0 &&
            !(strncasecmp(l, "copyright", 9) == 0 && (l[9] == ' ' || l[9] == ':')))
            continue;
        const char *e = strchr(l, '\n');
        size_t n = e ? (size_t)(e - l) : strlen(l);
        if (n < 120 && phrase_count(l, n, "council", 1))
            return 1;
    }
    for (size_t i = nb > 5 ? nb - 5 : 0; i < nb; i++) {
        if (strncmp(text + b[i].start, "Dear ", 5) == 0)
            return 0;
        if (!has_postcode(text + b[i].start, b[i].len))
            continue;
        char *line = xstrndup(text + b[i].start, b[i].len);
        int venue = names_council(k, line);
        free(line);
        for (size_t j = i + 1; venue && j < nb; j++)
            if (strncmp(text + b[j].start, "Dear ", 5) == 0)
                venue = 0;
        if (venue)
            return 1;
    }
    return 0;
}

/* Whether a page names a council as its owner without a footer: the
 * council's name alone as one of its first lines (the site's banner), or
 * in a contact block among its last blocks ("Contact us" / "Early Help
 * Hub" / "Plymouth City Council" / "Telephone: ..."). */
static int council_banner_or_contact(const knowledge *k, const char *text, const block *b,
                                     size_t nb)
{
    for (size_t i = 0; i < nb && i < BANNER_BLOCKS; i++)
        if (council_name_line(k, text + b[i].start, b[i].len))
            return 1;
    for (size_t i = nb > 8 ? nb - 8 : 0; i < nb; i++) {
        const char *s = text + b[i].start;
        if (strncmp(s, "Dear ", 5) == 0)
            return 0;
        if (strncasecmp(s, "contact", 7) != 0 || b[i].len > 300)
            continue;
        /* the block that opens with "Contact" and the two after it, line
         * by line */
        for (size_t j = i; j < nb && j <= i + 2; j++)
            for (const char *l = text + b[j].start, *end = l + b[j].len; l < end;) {
                const char *e = memchr(l, '\n', (size_t)(end - l));
                size_t n = e ? (size_t)(e - l) : (size_t)(end - l);
                if (council_name_line(k, l, n))
                    return 1;
                l = e ? e + 1 : end;
            }
    }
    return 0;
}

/* Whether a row of publishers.tsv of weight w is in text[0..n). */
static int has_marks(const knowledge *k, const char *text, size_t n, const char *w)
{
    const tsv *t = &k->publishers;
    int c_w = tsv_column(t, "weight"), c_ph = tsv_column(t, "phrase");
    for (size_t r = 0; r < t->n_rows; r++)
        if (strcmp(tsv_cell(t, r, c_w), w) == 0 && phrase_count(text, n, tsv_cell(t, r, c_ph), 1))
            return 1;
    return 0;
}

/* Whether s[0..n) is the name of a body other than a council and nothing
 * else: up to ten words that may stand in a name, the last of them a
 * body's (publishers.tsv, body-name: "Sandwell Children's Trust", "NHS
 * Norfolk and Waveney Integrated Care Board"). */
static int body_name_line(const knowledge *k, const char *s, size_t n)
{
    while (n && s[n - 1] == ' ')
        n--;
    if (!n || n > 90 || memchr(s, '.', n) || memchr(s, ':', n) || council_name_line(k, s, n))
        return 0;
    const tsv *t = &k->publishers;
    int c_w = tsv_column(t, "weight"), c_ph = tsv_column(t, "phrase");
    size_t body = n; /* where the body's word starts */
    for (size_t r = 0; r < t->n_rows && body == n; r++) {
        const char *ph = tsv_cell(t, r, c_ph);
        size_t pn = strlen(ph);
        if (strcmp(tsv_cell(t, r, c_w), "body-name") == 0 && pn <= n &&
            strncmp(s + n - pn, ph, pn) == 0 && (pn == n || s[n - pn - 1] == ' '))
            body = n - pn;
    }
    if (body == n)
        return 0;
    size_t words = 0;
    for (size_t i = 0; i < body;) {
        size_t e = i;
        while (e < body && s[e] != ' ')
            e++;
        if (e > i && (++words > 10 || !name_word(s + i, e - i)))
            return 0;
        i = e + 1;
    }
    return 1;
}

/* The block of a body's banner (its name alone, no council's) among a
 * page's first blocks, above its first paragraph; or -1.  A children's
 * services trust, an NHS body, an academy trust publishes its own pages,
 * whichever council it works with. */
static long body_banner(const knowledge *k, const char *text, const block *b, size_t nb)
{
    for (size_t i = 0; i < nb && i < BANNER_BLOCKS; i++) {
        if (body_name_line(k, text + b[i].start, b[i].len))
            return (long)i;
        if (b[i].len > 100 || council_name_line(k, text + b[i].start, b[i].len))
            return -1;
    }
    return -1;
}

/* Whether text[0..n) speaks to its reader as a council's page does to a
 * resident: "you" and "your" three times or more, and the council as the
 * one that acts ("the council will write to you") or named as one.  "We"
 * alone may be a fostering agency's or a charity's. */
static int residents_voice(const knowledge *k, const char *text, size_t n)
{
    if (phrase_count(text, n, "you", 3) + phrase_count(text, n, "your", 3) < 3)
        return 0;
    return phrase_count(text, n, "the council", 1) || names_council(k, text);
}

/* The one council named on the line s[0..n) as a council, or (size_t)-1. */
static size_t line_council(const knowledge *k, const char *s, size_t n)
{
    char *line = xstrndup(s, n);
    mention *m;
    size_t nm = gazetteer_find_places(k->gaz, line, &m), one = (size_t)-1;
    for (size_t i = 0; i < nm; i++) {
        if (m[i].how != MENTION_COUNCIL)
            continue;
        if (one != (size_t)-1 && one != m[i].authority) {
            one = (size_t)-1;
            break;
        }
        one = m[i].authority;
    }
    free(m);
    free(line);
    return one;
}

/* Whether the line s[0..n) is where a council's document names its owner:
 * its name alone (a banner, a letterhead, a footer), a copyright line, a
 * meeting's venue ("Civic Centre, Oldham") or a "Report of" line. */
static int owner_line(const knowledge *k, const char *s, size_t n)
{
    static const char *const marks[] = {"venue", "town hall", "civic centre", "county hall",
                                        "council house", "shire hall", "civic offices",
                                        "council offices", NULL};
    if (n > 120)
        return 0;
    if (council_name_line(k, s, n) || strncmp(s, "\xC2\xA9", 2) == 0 ||
        strncasecmp(s, "copyright", 9) == 0 || strncasecmp(s, "report of", 9) == 0)
        return 1;
    for (size_t i = 0; marks[i]; i++)
        if (phrase_count(s, n, marks[i], 1))
            return 1;
    return 0;
}

/* The council a council's document names as its owner on such lines among
 * its first eight and last five blocks; (size_t)-1 when none, or when two
 * councils are named so. */
static size_t owner_council(const knowledge *k, const char *text, const block *b, size_t nb)
{
    size_t owner = (size_t)-1;
    for (size_t i = 0; i < nb; i++) {
        if (i >= 8 && i + 5 < nb)
            continue;
        for (const char *l = text + b[i].start, *end = l + b[i].len; l < end;) {
            const char *e = memchr(l, '\n', (size_t)(end - l));
            size_t n = e ? (size_t)(e - l) : (size_t)(end - l);
            size_t c = owner_line(k, l, n) ? line_council(k, l, n) : (size_t)-1;
            if (c != (size_t)-1) {
                if (owner != (size_t)-1 && owner != c)
                    return (size_t)-1;
                owner = c;
            }
            l = e ? e + 1 : end;
        }
    }
    return owner;
}

/* A council's own document is about that council, however often it names
 * others (a neighbour it compares itself with, a partner, the county that
 * runs children's services in a district): its owner as its banner, footer,
 * venue or "Report of" line names it, with any others its title names. */
static void owner_authority(const knowledge *k, const char *text, const block *b, size_t nb,
                            analysis *a)
{
    if (a->publishers.len != 1 || strcmp(a->publishers.items[0], "Council") != 0)
        return;
    size_t owner = owner_council(k, text, b, nb);
    if (owner == (size_t)-1)
        return;
    const char *name = gazetteer_get(k->gaz, owner)->name;
    if (a->authorities.len == 1 && strcmp(a->authorities.items[0], name) == 0)
        return;
    strlist keep;
    sl_init(&keep);
    sl_push(&keep, name);
    mention *m;
    size_t nm = gazetteer_find(k->gaz, a->title, &m);
    for (size_t i = 0; i < nm; i++) {
        const char *other = gazetteer_get(k->gaz, m[i].authority)->name;
        if (sl_contains(&a->authorities, other) && !sl_contains(&keep, other))
            sl_push(&keep, other);
    }
    free(m);
    free(a->authorities_next);
    a->authorities_next = xstrdup_printf("by mentions: %s", a->authorities_why);
    free(a->authorities_why);
    a->authorities_why = xstrdup_printf("%s: named as the council's own document's owner (its "
                                        "banner, footer, venue or \"Report of\" line)%s",
                                        name, keep.len > 1 ? ", with those its title names" : "");
    sl_free(&a->authorities);
    a->authorities = keep;
    a->authorities_conf = CONF_MEDIUM;
}

/* Who published a page is the site it is on, not the body it discusses
 * (a council's page about its LGA peer review is the council's). */
static void publisher_from_site(const char *site, const char *source, analysis *a)
{
    free(a->publisher_next);
    a->publisher_next = xstrdup_printf("by its marks: %s", a->publisher_why);
    free(a->publisher_why);
    sl_free(&a->publishers);
    sl_init(&a->publishers);
    sl_push(&a->publishers, site);
    a->publisher_why = xstrdup_printf("%s's site, where the page was saved from (%.*s)", site,
                                      (int)source_host_end(source), source);
    a->publisher_conf = CONF_HIGH;
}

/* ---- document type ---- */

/* Where phrase first occurs in text[0..n) (whole words, any case), or -1.
 * A phrase may hold one " * ": one to six words stand there, on the same
 * line or wrapped onto the next ("inspection of * children's services").  at_line: only at the start of
 * a line (after spaces or a bullet), where authors put their marks
 * ("Minutes:", "Purpose of report"). */
static long find_phrase(const char *text, size_t n, const char *phrase, int at_line)
{
    const char *star = strstr(phrase, " * ");
    size_t k = star ? (size_t)(star - phrase) : strlen(phrase);
    const char *post = star ? star + 3 : NULL;
    size_t kp = post ? strlen(post) : 0;
    if (!k)
        return -1;
    for (size_t i = 0; (i = phrase_next(text, n, i, phrase, k)) < n; i++) {
        if ((i > 0 && isalnum((unsigned char)text[i - 1])) ||
            (i + k < n && isalnum((unsigned char)text[i + k]) && isalnum((unsigned char)phrase[k - 1])))
            continue;
        if (at_line) {
            size_t j = i;
            while (j > 0 && (text[j - 1] == ' ' || text[j - 1] == '-' || text[j - 1] == '*' ||
                             (unsigned char)text[j - 1] >= 0x80))
                j--;
            if (j > 0 && text[j - 1] != '\n')
                continue;
        }
        if (!post)
            return (long)i;
        /* the rest after one to six words, which may wrap onto the next
         * line (a title broken in two by extraction) */
        size_t words = 0, breaks = 0;
        for (size_t j = i + k; j < n && words <= 7 && breaks <= 2; j++) {
            if (text[j] != ' ' && text[j] != '\n')
                continue;
            breaks += text[j] == '\n';
            while (j + 1 < n && (text[j + 1] == ' ' || text[j + 1] == '\n'))
                breaks += text[++j] == '\n';
            if (++words >= 2 && j + 1 + kp <= n && strncasecmp(text + j + 1, post, kp) == 0 &&
                (j + 1 + kp == n || !isalnum((unsigned char)text[j + 1 + kp])))
                return (long)i;
        }
    }
    return -1;
}

/* A line this long or shorter can be a heading, a title or a
 * letterhead's subject: where a document says what it is.  A kind named
 * inside a longer line, a paragraph of a web page, is what the document
 * discusses ("the annual performance assessment, which Ofsted no longer
 * carries out"), or a contents page's run of headings.  (Text from a PDF
 * comes in short lines, where this tells nothing: it keeps the first.) */
#define KIND_LINE_BYTES 200

/* Whether the sentence that text[n] stands in (text: its line) speaks of
 * the document itself: "This letter sets out what inspectors found at the
 * focused visit..." names what the letter is. */
static int about_itself(const char *text, size_t n)
{
    static const char *const selves[] = {"this letter ", "this report ", "this visit ",
                                         "this inspection ", "this review ", NULL};
    size_t s = n;
    while (s > 0 && !(s >= 2 && text[s - 1] == ' ' && text[s - 2] == '.'))
        s--;
    for (size_t i = 0; selves[i]; i++)
        if (n - s >= strlen(selves[i]) && strncasecmp(text + s, selves[i], strlen(selves[i])) == 0)
            return 1;
    return 0;
}

/* Whether the line before text[n] (text: its start) speaks in its
 * author's voice: "Our Ofsted inspection of children's services" is a
 * council's page about the inspection it had, not the report. */
static int own_voice(const char *text, size_t n)
{
    static const char *const voices[] = {"our", "we", NULL};
    for (size_t i = 0; voices[i]; i++) {
        size_t k = strlen(voices[i]);
        for (size_t j = 0; j + k <= n; j++)
            if (strncasecmp(text + j, voices[i], k) == 0 &&
                (j == 0 || !isalnum((unsigned char)text[j - 1])) &&
                (j + k == n || !isalnum((unsigned char)text[j + k])))
                return 1;
    }
    return 0;
}

/* Where phrase first stands in the title, or -1; others_kind: a kind
 * another body writes (an inspectorate's report), which a title in its
 * author's voice only speaks of. */
static long find_phrase_in_title(const char *title, const char *phrase, int others_kind)
{
    long at = find_phrase(title, strlen(title), phrase, 0);
    return at >= 0 && !(others_kind && own_voice(title, (size_t)at)) ? at : -1;
}

/* Whether a line reads as a sentence: ten words or more ending with a
 * full stop.  A web page's paragraph can be as short as a heading; one
 * that names a kind ("...following the Ofsted inspection of its
 * children's services.") discusses it. */
static int sentence_line(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || (unsigned char)s[n - 1] >= 0x80 || s[n - 1] == '"'))
        n--;
    if (!n || s[n - 1] != '.')
        return 0;
    size_t words = 1;
    for (size_t i = 1; i < n; i++)
        words += s[i] == ' ' && s[i - 1] != ' ';
    return words >= 10;
}

/* Where phrase first stands on a line of text[0..n) short enough to be a
 * heading, right after a letter's salutation or in a sentence about the
 * document itself; or -1. */
static long find_phrase_in_heading(const char *text, size_t n, const char *phrase,
                                   int others_kind)
{
    size_t from = 0;
    while (from < n) {
        long at = find_phrase(text + from, n - from, phrase, 0);
        if (at < 0)
            return -1;
        size_t i = from + (size_t)at, start = i, e = i;
        while (start > 0 && text[start - 1] != '\n')
            start--;
        while (e < n && text[e] != '\n')
            e++;
        if (((e - start <= KIND_LINE_BYTES && !sentence_line(text + start, e - start)) ||
             i == start + salutation(text + start, e - start) ||
             about_itself(text + start, i - start)) &&
            !(others_kind && own_voice(text + start, i - start)))
            return (long)i;
        from = e;
    }
    return -1;
}

/* Whether doctypes.tsv's row r is a kind that a body other than a council
 * writes (its publisher column names one). */
static int others_kind(const tsv *t, size_t r, int c_pub)
{
    const char *p = tsv_cell(t, r, c_pub);
    return *p && strcmp(p, "Council") != 0;
}

char *analyse_doctype(const knowledge *k, const char *title, const char *head, char **why,
                      char **publisher)
{
    char *next = NULL;
    const char *conf;
    char *r = analyse_doctype_ex(k, title, head, why, publisher, &next, &conf);
    free(next);
    return r;
}

char *analyse_doctype_ex(const knowledge *k, const char *title, const char *head, char **why,
                         char **publisher, char **next, const char **conf)
{
    const tsv *t = &k->doctypes;
    int c_type = tsv_column(t, "doctype"), c_ph = tsv_column(t, "phrase"),
        c_pub = tsv_column(t, "publisher"), c_where = tsv_column(t, "where");
    if (publisher)
        *publisher = NULL;
    title = title ? title : "";
    head = head ? head : "";
    size_t hn = strlen(head), full = hn;
    size_t tail_at = hn > HEAD_BYTES + TAIL_BYTES ? hn - TAIL_BYTES : HEAD_BYTES;
    if (hn > HEAD_BYTES)
        hn = HEAD_BYTES;
    size_t found = t->n_rows;
    const char *where_found = NULL;
    /* 1. The author's marks of a genre (a meeting's minutes, a committee
     * report, a news item) decide what a document is, whatever inspection
     * or review it talks about. */
    for (size_t r = 0; r < t->n_rows && found == t->n_rows; r++) {
        const char *w = tsv_cell(t, r, c_where);
        if (strncmp(w, "genre", 5) != 0)
            continue;
        int line = strcmp(w, "genre-line") == 0;
        const char *phrase = tsv_cell(t, r, c_ph);
        if (find_phrase(title, strlen(title), phrase, line) >= 0 ||
            find_phrase(head, hn, phrase, line) >= 0) {
            found = r;
            where_found = "an author's mark of the genre";
        } else if (!line && full > tail_at &&
                   find_phrase(head + tail_at, full - tail_at, phrase, 0) >= 0) {
            found = r;
            where_found = "an author's mark of the genre, at the end";
        }
    }
    /* 2. The kind the title names, the more specific rows first. */
    for (size_t r = 0; r < t->n_rows && found == t->n_rows; r++) {
        if (strncmp(tsv_cell(t, r, c_where), "genre", 5) == 0)
            continue;
        if (find_phrase_in_title(title, tsv_cell(t, r, c_ph), others_kind(t, r, c_pub)) >= 0) {
            found = r;
            where_found = "the title";
        }
    }
    /* 3. Else the kind named first in a heading near the start: a report
     * names what it is before the earlier visits and inspections it
     * refers to, and a text that names a kind only in its prose discusses
     * it. */
    long first = -1;
    for (size_t r = 0; r < t->n_rows && (found == t->n_rows || first >= 0); r++) {
        const char *w = tsv_cell(t, r, c_where);
        if (strncmp(w, "genre", 5) == 0 || strcmp(w, "title") == 0)
            continue;
        long at = find_phrase_in_heading(head, hn < EARLY_BYTES ? hn : EARLY_BYTES,
                                         tsv_cell(t, r, c_ph), others_kind(t, r, c_pub));
        if (at >= 0 && (first < 0 || at < first)) {
            first = at;
            found = r;
            where_found = "a heading in the first 1500 bytes, named first";
        }
    }
    /* The runner-up: another kind the title names, else the other kind
     * named first near the start (what a genre's document discusses). */
    const char *won = found < t->n_rows ? tsv_cell(t, found, c_type) : "other";
    size_t rn = t->n_rows;
    const char *rwhere = NULL;
    for (size_t r = 0; r < t->n_rows && rn == t->n_rows; r++)
        if (strncmp(tsv_cell(t, r, c_where), "genre", 5) != 0 &&
            strcmp(tsv_cell(t, r, c_type), won) != 0 &&
            find_phrase(title, strlen(title), tsv_cell(t, r, c_ph), 0) >= 0) {
            rn = r;
            rwhere = "the title";
        }
    long rfirst = -1;
    for (size_t r = 0; r < t->n_rows && !rwhere; r++) {
        const char *w = tsv_cell(t, r, c_where);
        if (strncmp(w, "genre", 5) == 0 || strcmp(w, "title") == 0 ||
            strcmp(tsv_cell(t, r, c_type), won) == 0)
            continue;
        long at = find_phrase(head, hn < EARLY_BYTES ? hn : EARLY_BYTES, tsv_cell(t, r, c_ph), 0);
        if (at >= 0 && (rfirst < 0 || at < rfirst)) {
            rfirst = at;
            rn = r;
        }
    }
    if (rn < t->n_rows)
        *next = xstrdup_printf("%s: \"%s\" in %s", tsv_cell(t, rn, c_type),
                               tsv_cell(t, rn, c_ph), rwhere ? rwhere : "the first 1500 bytes");
    else
        *next = xstrdup("none");
    if (found == t->n_rows) {
        *conf = CONF_LOW;
        *why = xstrdup("no phrase of doctypes.tsv found");
        return xstrdup("other");
    }
    /* an author's mark or the title: high; named first near the start:
     * high when no other kind is named there, else medium */
    if (strcmp(where_found, "an author's mark of the genre") == 0 ||
        strcmp(where_found, "the title") == 0)
        *conf = CONF_HIGH;
    else if (strcmp(where_found, "an author's mark of the genre, at the end") == 0)
        *conf = CONF_MEDIUM;
    else
        *conf = rn < t->n_rows ? CONF_MEDIUM : CONF_HIGH;
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "\"%s\" in %s", tsv_cell(t, found, c_ph), where_found);
    *why = sb_steal(&sb);
    if (publisher && *tsv_cell(t, found, c_pub))
        *publisher = xstrdup(tsv_cell(t, found, c_pub));
    return xstrdup(tsv_cell(t, found, c_type));
}

/* ---- date ---- */

static int future(const found_date *d)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    int today = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
    return d->year * 10000 + d->month * 100 + d->day > today;
}

enum { LABEL_NONE, LABEL_OWN, LABEL_REVISED, LABEL_DUE };

/* Whether the label of a date ends s[0..n): LABEL_OWN for the date a text
 * was published, issued or held, LABEL_REVISED for when a page was
 * reviewed or updated (its own date only when it gives no other: a
 * careful reader dates a page first published in 2019 and updated in 2023
 * by 2019, as the labels date a report by its publication), LABEL_DUE
 * for a date set ahead of it ("Review date: June 2024", "Closing date"),
 * never its own, else LABEL_NONE. */
static int label_before(const char *s, size_t n)
{
    /* a page's own dates too: the meeting an item is of ("Meeting:
     * 15/12/2022 - Cabinet"), a news item's "published today (Friday, 19
     * February 2016)" */
    static const char *const labels[] = {"date", "dated", "published", "published on",
                                         "publication date", "date of publication",
                                         "date of issue", "issued", "issue date",
                                         "posted", "posted on", "published today", NULL};
    static const char *const revised[] = {"last reviewed", "reviewed", "last updated", "updated",
                                          "updated on", "last modified", NULL};
    static const char *const due[] = {"review date", "next review date", "date of next review",
                                      "next review", "review due", "next review due",
                                      "due for review", "to be reviewed", "closing date",
                                      "deadline", "expiry date", NULL};
    static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday",
                                       "friday", "saturday", "sunday", NULL};
    while (n && s[n - 1] == ' ')
        n--;
    /* "Meeting: 15/12/2022 - Cabinet", not "the previous meeting (19 June)" */
    if (n >= 8 && s[n - 1] == ':' && strncasecmp(s + n - 8, "meeting", 7) == 0 &&
        (n == 8 || !isalnum((unsigned char)s[n - 9])))
        return LABEL_OWN;
    while (n && (s[n - 1] == ' ' || s[n - 1] == ':' || s[n - 1] == '(' || s[n - 1] == ','))
        n--;
    for (size_t i = 0; days[i]; i++) {
        size_t k = strlen(days[i]);
        if (n >= k && strncasecmp(s + n - k, days[i], k) == 0 &&
            (n == k || !isalnum((unsigned char)s[n - k - 1]))) {
            n -= k;
            while (n && (s[n - 1] == ' ' || s[n - 1] == ':' || s[n - 1] == '(' || s[n - 1] == ','))
                n--;
            break;
        }
    }
    static const int order[] = {LABEL_DUE, LABEL_OWN, LABEL_REVISED}; /* "review date" first */
    for (size_t o = 0; o < 3; o++) {
        int kind = order[o];
        const char *const *l = kind == LABEL_OWN ? labels : kind == LABEL_DUE ? due : revised;
        for (size_t i = 0; l[i]; i++) {
            size_t k = strlen(l[i]);
            if (n >= k && strncasecmp(s + n - k, l[i], k) == 0 &&
                (n == k || !isalnum((unsigned char)s[n - k - 1])))
                return kind;
        }
    }
    return LABEL_NONE;
}

/* The length of a weekday name starting s ("Friday, "), with its comma and
 * space, or 0: a dateline often starts with one. */
static size_t weekday_prefix(const char *s, size_t n)
{
    static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday",
                                       "friday", "saturday", "sunday", NULL};
    for (size_t i = 0; days[i]; i++) {
        size_t k = strlen(days[i]);
        if (n > k && strncasecmp(s, days[i], k) == 0 && !isalnum((unsigned char)s[k])) {
            while (k < n && (s[k] == ',' || s[k] == ' '))
                k++;
            return k;
        }
    }
    return 0;
}

/* The label of date d in block bi: the words right before it, or, for a
 * date that opens its block, a short block just above it alone ("Last
 * updated" / "11 January 2024": a page's labels on lines of their own). */
static int date_label(const char *text, const block *b, size_t bi, const found_date *d)
{
    const char *bs = text + b[bi].start;
    int label = label_before(bs, d->start - b[bi].start);
    if (label == LABEL_NONE && bi > 0 && b[bi - 1].len <= 30 &&
        d->start - b[bi].start <= weekday_prefix(bs, b[bi].len))
        label = label_before(text + b[bi - 1].start, b[bi - 1].len);
    return label;
}

/* Whether a block starts with the label of an inspection's dates
 * ("Inspection dates: 5 to 9 May 2023"): a report is dated by the end of
 * its inspection, not by the earlier inspections it recalls. */
static int inspection_dates_block(const char *s, size_t n)
{
    static const char *const labels[] = {"inspection dates", "inspection date",
                                         "dates of inspection", "date of inspection",
                                         "dates of the inspection", "visit dates",
                                         "date of visit", "dates of visit", NULL};
    for (size_t i = 0; labels[i]; i++) {
        size_t k = strlen(labels[i]);
        if (n > k && strncasecmp(s, labels[i], k) == 0 && !isalnum((unsigned char)s[k]))
            return 1;
    }
    return 0;
}

static int same_date(const found_date *a, const found_date *b)
{
    return a->year == b->year && a->month == b->month && a->day == b->day;
}

char *analyse_date(const char *text, char **why, int *year)
{
    char *next = NULL;
    const char *conf;
    char *r = analyse_date_ex(text, why, year, &next, &conf);
    free(next);
    return r;
}

static int date_after(const found_date *a, const found_date *b)
{
    if (a->year != b->year)
        return a->year > b->year;
    if (a->month != b->month)
        return a->month > b->month;
    return a->day > b->day;
}

char *analyse_date_ex(const char *text, char **why, int *year, char **next, const char **conf)
{
    found_date *d;
    size_t nd = dates_find(text, &d);
    block *b;
    size_t nb = split_blocks(text, &b);
    double best_score = 0;
    size_t best = nd;
    const char *best_reason = NULL;
    double second_score = 0;
    size_t second = nd;
    const char *second_reason = NULL;
    size_t bi = 0, dated_lines = dates_lead_lines(text, d, nd), not_own = 0;
    int published = 0; /* a date labelled as the text's own, not as a revision */
    for (size_t i = 0; i < nd; i++) {
        while (bi + 1 < nb && b[bi + 1].start <= d[i].start)
            bi++;
        published |= !future(&d[i]) && date_label(text, b, bi, &d[i]) == LABEL_OWN;
    }
    bi = 0;
    for (size_t i = 0; i < nd; i++) {
        if (future(&d[i]))
            continue;
        while (bi + 1 < nb && b[bi + 1].start <= d[i].start)
            bi++;
        const char *bs = text + b[bi].start;
        size_t blen = b[bi].len;
        size_t other = blen - (d[i].end - d[i].start) - weekday_prefix(bs, blen);
        double sc = 0;
        const char *reason = "mentioned";
        /* the last date of "Inspection dates: ..." (its end) */
        if (inspection_dates_block(bs, blen) &&
            (i + 1 == nd || d[i + 1].start >= b[bi].start + blen)) {
            sc += 9;
            reason = "the end of the inspection's dates";
        }
        /* a line that is only a date, near the top: a letter's date */
        if (bi < 15 && other <= 8) {
            sc += 10;
            reason = "a line of its own near the top";
        }
        /* "Date: 16 September 2019", "Published 3 May 2018": the label right
         * before the date ("a report published in 2009" is another's) */
        int label = date_label(text, b, bi, &d[i]);
        /* "Last updated 2 June 2023" under "Published 14 March 2019": a
         * revision, not the page's date */
        if (label == LABEL_REVISED && published)
            continue;
        if (label == LABEL_DUE) {
            not_own++;
            continue;
        }
        if (label == LABEL_OWN) {
            sc += 8;
            reason = "labelled as the date";
        } else if (label == LABEL_REVISED) {
            sc += 8;
            reason = "labelled as when it was last updated or reviewed (no date of publication)";
        }
        /* a meeting's heading: "... Scrutiny Panel 25 September 2019" */
        if (d[i].end == b[bi].start + blen && blen < 160 &&
            (phrase_count(bs, blen, "panel", 1) ||
             phrase_count(bs, blen, "committee", 1) ||
             phrase_count(bs, blen, "board", 1) ||
             phrase_count(bs, blen, "cabinet", 1))) {
            sc += 8;
            reason = "the date of the meeting in its heading";
        }
        /* a date only mentioned that cannot be the text's own: a
         * deadline, an earlier event, a dated list's entry */
        if (!strcmp(reason, "mentioned") && dates_not_own(text, &d[i], dated_lines)) {
            not_own++;
            continue;
        }
        if (d[i].start < EARLY_BYTES)
            sc += 3;
        if (d[i].day)
            sc += 1;
        int copies = 0;
        for (size_t j = 0; j < nd; j++)
            copies += same_date(&d[i], &d[j]);
        sc += copies > 5 ? 5 : copies;
        /* between dates only mentioned and as strong, the latest: an account
         * of events is written after the last of them */
        int later = best < nd && sc == best_score && !strcmp(reason, "mentioned") &&
                    !strcmp(best_reason, "mentioned") && date_after(&d[i], &d[best]);
        if (sc > best_score || later) {
            if (best < nd && !same_date(&d[best], &d[i])) {
                second_score = best_score;
                second = best;
                second_reason = best_reason;
            }
            best_score = sc;
            best = i;
            best_reason = reason;
        } else if ((best == nd || !same_date(&d[best], &d[i])) && sc > second_score) {
            second_score = sc;
            second = i;
            second_reason = reason;
        }
    }
    /* the winner may have been found again after the runner-up was set */
    if (second < nd && best < nd && same_date(&d[best], &d[second]))
        second = nd;
    char *result = NULL;
    if (best < nd) {
        char buf[16];
        dates_format(&d[best], buf, sizeof buf);
        result = xstrdup(buf);
        *year = d[best].year;
        strbuf sb;
        sb_init(&sb);
        sb_addf(&sb, "\"%.*s\": %s", (int)(d[best].end - d[best].start), text + d[best].start,
                best_reason);
        *why = sb_steal(&sb);
        /* the document's own date by its place (a label, a line of its own,
         * a meeting's heading, the inspection's dates) well ahead of the
         * runner-up: high; by its place but close, or only mentioned: medium
         * and low */
        int placed = strcmp(best_reason, "mentioned") != 0;
        *conf = placed && best_score >= second_score + 5 ? CONF_HIGH
                : placed || best_score >= 2 * second_score ? CONF_MEDIUM
                                                            : CONF_LOW;
    } else {
        *year = 0;
        *why = xstrdup(not_own ? "only dates that are not its own (deadlines, earlier events, "
                                 "a dated list's entries)"
                       : nd    ? "only dates in the future"
                               : "no date in the text");
        *conf = CONF_LOW;
    }
    if (second < nd)
        *next = xstrdup_printf("\"%.*s\": %s (score %.0f against %.0f)",
                               (int)(d[second].end - d[second].start), text + d[second].start,
                               second_reason, second_score, best_score);
    else
        *next = xstrdup("none");
    free(d);
    free(b);
    return result;
}

/* A council's own document (minutes, a committee report, its web page)
 * that names one authority and no other is that authority's, however
 * seldom it names it: a third party's names places in passing. */
static void own_council_authority(const knowledge *k, size_t sole, analysis *a)
{
    if (sole == (size_t)-1 || a->authorities.len || a->publishers.len != 1 ||
        strcmp(a->publishers.items[0], "Council") != 0)
        return;
    const authority *au = gazetteer_get(k->gaz, sole);
    sl_push(&a->authorities, au->name);
    free(a->authorities_why);
    a->authorities_why = xstrdup_printf("%s: the only authority named in a council's own "
                                        "document (%s)",
                                        au->name, a->doctype);
    free(a->authorities_next);
    a->authorities_next = xstrdup("none");
    a->authorities_conf = CONF_LOW;
}

/* A year the title names on its own ("2006 annual performance assessment
 * of...") is the document's, over dates its text only mentions: a page
 * that copies a report's title keeps the report's year, not the dates of
 * what is listed around it. */
static void title_year(analysis *a)
{
    static const char mentioned[] = ": mentioned";
    size_t wn = a->date_why ? strlen(a->date_why) : 0;
    if (a->date && !(wn >= sizeof mentioned - 1 &&
                     strcmp(a->date_why + wn - (sizeof mentioned - 1), mentioned) == 0))
        return;
    int y = dates_title_year(a->title);
    if (!y || y == a->year)
        return;
    free(a->date_next);
    a->date_next = a->date ? xstrdup_printf("%s (only mentioned)", a->date_why) : xstrdup("none");
    free(a->date);
    free(a->date_why);
    a->date = xstrdup_printf("%d", y);
    a->year = y;
    a->date_why = xstrdup_printf("%d: the year the title names", y);
    a->date_conf = CONF_MEDIUM;
}

/* A text with no date of its own whose opening says "today" beside a
 * year ("Ofsted's 2010 assessments, published today") is of that year. */
static void today_year(const char *text, analysis *a)
{
    if (a->date)
        return;
    size_t n = strlen(text);
    int y = dates_today_year(text, n < EARLY_BYTES ? n : EARLY_BYTES);
    if (!y)
        return;
    free(a->date_next);
    a->date_next = a->date_why;
    a->date_why = xstrdup_printf("%d: the year named beside \"today\" near the start", y);
    a->date = xstrdup_printf("%d", y);
    a->year = y;
    a->date_conf = CONF_LOW;
}

/* Whether a page reports an inspectorate's findings ("Ofsted has rated
 * ...", "read the full report": publishers.tsv, reports-on) rather than
 * being its report: then it is not the inspectorate's, and not the kind
 * of report it names (author: who that kind is written by, or NULL), but
 * a page about it, whoever's its other marks make it. */
static int reports_inspection(const knowledge *k, const char *head, size_t n, const char *author,
                              analysis *a)
{
    static const char *const bodies[] = {"Ofsted", "CQC", NULL};
    if (author && (!strcmp(author, "*") || !strcmp(author, "-")))
        return 0; /* a press release, a newspaper's item */
    const char *who = NULL;
    for (size_t i = 0; bodies[i] && !who; i++)
        if ((author ? strstr(author, bodies[i]) != NULL : sl_contains(&a->publishers, bodies[i])) &&
            reported_on(k, head, n, bodies[i]))
            who = bodies[i];
    if (!who)
        return 0;
    if (author) {
        free(a->doctype_next);
        a->doctype_next = xstrdup_printf("%s: %s", a->doctype, a->doctype_why);
        free(a->doctype);
        a->doctype = xstrdup("other");
        free(a->doctype_why);
        a->doctype_why = xstrdup_printf("a page reporting %s's findings (publishers.tsv, "
                                        "reports-on): about the report it names, not the report",
                                        who);
        a->doctype_conf = CONF_MEDIUM;
    }
    free(a->publisher_next);
    a->publisher_next = xstrdup_printf("by its marks: %s", a->publisher_why);
    free(a->publisher_why);
    a->publisher_why = xstrdup_printf("a page reporting %s's findings (publishers.tsv, "
                                      "reports-on): not %s's own",
                                      who, who);
    sl_free(&a->publishers);
    sl_init(&a->publishers);
    a->publisher_conf = CONF_LOW;
    return 1;
}

void analyse_document(const knowledge *k, const char *text, const char *file_title,
                      analysis *out)
{
    analyse_document_from(k, text, file_title, NULL, out);
}

void analyse_document_from(const knowledge *k, const char *text, const char *file_title,
                           const char *source, analysis *out)
{
    char *own_source = source && *source ? NULL : source_from_text(text);
    if (own_source)
        source = own_source;
    memset(out, 0, sizeof *out);
    sl_init(&out->authorities);
    sl_init(&out->publishers);
    block *b;
    size_t nb = split_blocks(text, &b);
    find_title(k, text, b, nb, file_title, out);
    size_t tlen = strlen(text);
    strbuf head;
    sb_init(&head);
    sb_addf(&head, "%s\n\n", out->title);
    sb_add(&head, text, tlen < HEAD_BYTES ? tlen : HEAD_BYTES);
    size_t sole;
    int on_council_site;
    long banner = body_banner(k, text, b, nb);
    find_authorities(k, text, file_title, source, b, nb, banner, out, &sole, &on_council_site);
    const char *tail = tlen > HEAD_BYTES + TAIL_BYTES ? text + tlen - TAIL_BYTES
                       : tlen > HEAD_BYTES             ? text + HEAD_BYTES
                                                       : NULL;
    find_publisher(k, head.buf, head.len, tail, out);
    const char *site = site_publisher(k, source, on_council_site);
    const char *asked = out->publishers.len == 1
                            ? commissioning_body(k, head.buf, head.len, tail,
                                                 out->publishers.items[0])
                            : NULL;
    if (site) {
        publisher_from_site(site, source, out);
    } else if (asked) {
        free(out->publisher_next);
        out->publisher_next = xstrdup_printf("by its marks: %s", out->publisher_why);
        free(out->publisher_why);
        out->publisher_why = xstrdup_printf("%s writes of a review it asked %s for "
                                            "(publishers.tsv, commissions)",
                                            asked, out->publishers.items[0]);
        sl_free(&out->publishers);
        sl_init(&out->publishers);
        sl_push(&out->publishers, asked);
        out->publisher_conf = CONF_MEDIUM;
    }
    int footer = !site && council_footer(k, text, b, nb);
    if (!site && (footer || council_menu(k, text))) {
        free(out->publisher_next);
        out->publisher_next = xstrdup_printf("by its marks: %s", out->publisher_why);
        free(out->publisher_why);
        out->publisher_why = xstrdup(footer ? "a council's footer: its copyright line or its address"
                                            : "a council's site menu (publishers.tsv, site-menu)");
        sl_free(&out->publishers);
        sl_init(&out->publishers);
        sl_push(&out->publishers, "Council");
        out->publisher_conf = CONF_MEDIUM;
        site = "Council";
    }
    char *author = NULL;
    out->doctype = analyse_doctype_ex(k, out->title, text, &out->doctype_why, &author,
                                      &out->doctype_next, &out->doctype_conf);
    if (strcmp(out->doctype, "other") == 0 && byline(text, b, nb)) {
        free(out->doctype);
        out->doctype = xstrdup("news");
        free(out->doctype_why);
        out->doctype_why = xstrdup("a reporter's byline (\"By Jo Bloggs\", or a name above "
                                   "a dateline) near the start");
        out->doctype_conf = CONF_MEDIUM;
        author = xstrdup("-"); /* a newspaper's mark */
    }
    if (!site && reports_inspection(k, head.buf, head.len, author, out)) {
        free(author);
        author = NULL;
    }
    int reporter = strcmp(out->doctype, "news") == 0 && reported_on(k, head.buf, head.len, "Council");
    /* "*": the issuer's own mark (a press release), whoever its marks name */
    int issued = author && strcmp(author, "*") == 0;
    /* "-": a newspaper's mark */
    int paper = author && strcmp(author, "-") == 0;
    if (author && (reporter || issued || paper)) { /* not the author the kind implies */
        free(author);
        author = NULL;
    }
    if (author) { /* some kinds of document have their authors whatever they cite */
        /* the runner-up: what the marks alone said, when it differs */
        strlist by_type;
        sl_init(&by_type);
        sl_split(&by_type, author, ';');
        int same = by_type.len == out->publishers.len;
        for (size_t i = 0; same && i < by_type.len; i++)
            same = sl_contains(&out->publishers, by_type.items[i]);
        sl_free(&by_type);
        if (!same && out->publishers.len) {
            free(out->publisher_next);
            out->publisher_next = xstrdup_printf("by its marks: %s", out->publisher_why);
        }
        sl_free(&out->publishers);
        sl_init(&out->publishers);
        sl_split(&out->publishers, author, ';');
        free(out->publisher_why);
        strbuf sb;
        sb_init(&sb);
        sb_addf(&sb, "the type %s is written by ", out->doctype);
        for (size_t i = 0; i < out->publishers.len; i++)
            sb_addf(&sb, "%s%s", i ? " and " : "", out->publishers.items[i]);
        sb_adds(&sb, " (doctypes.tsv)");
        out->publisher_why = sb_steal(&sb);
        /* the author follows from the type: as sure as the type is */
        out->publisher_conf = out->doctype_conf;
        free(author);
    } else if (!site && strcmp(out->doctype, "news") == 0) {
        /* a news item is its council's when the council speaks in it (a
         * cabinet member quoted, the council's own marks); else a third
         * party's, whoever it reports on */
        int council = !reporter && publisher_score(k, head.buf, head.len, "Council") >= 3;
        if (issued && !council && out->publishers.len) {
            /* a press release of the LGA, the DfE or an inspectorate */
            char *marks = out->publisher_why;
            out->publisher_why = xstrdup_printf("a press release, issued by whom its marks name: %s",
                                                marks);
            free(marks);
        } else {
            sl_free(&out->publishers);
            sl_init(&out->publishers);
            free(out->publisher_why);
            /* a council's own headline names it as one, in its own
             * capitals ("Shropshire Council's children's services rated
             * good"); a newspaper's says "council", "Sefton council" or
             * the place */
            const char *cap = strstr(out->title, " Council");
            int titled = !council && !reporter && !paper && cap && !isalpha((unsigned char)cap[8]) &&
                         names_council(k, out->title);
            if (council)
                out->publisher_why = xstrdup("a news item with a council's marks (publishers.tsv)");
            else if (titled)
                out->publisher_why = xstrdup("a news item whose title names the council as one, "
                                             "without a newspaper's marks");
            else if (reporter)
                out->publisher_why = xstrdup("a news item that reports on a council (publishers.tsv, "
                                             "reports-on): a third party's");
            else
                out->publisher_why = xstrdup("a news item without a council's marks: a third party's");
            if (council || titled)
                sl_push(&out->publishers, "Council");
        }
        out->publisher_conf = CONF_MEDIUM;
    }
    /* another body's banner, words only another body writes, or a third
     * party reporting on the council: no council's page by the weak signs
     * below */
    int other_body = banner >= 0 || reported_on(k, head.buf, head.len, "Council") ||
                     has_marks(k, head.buf, head.len, "third-party") ||
                     (tail && has_marks(k, tail, strlen(tail), "third-party"));
    if (!out->publishers.len && !site && !reporter && !paper && !other_body &&
        council_banner_or_contact(k, text, b, nb)) {
        /* nobody's marks, and a council's name where its site puts it */
        free(out->publisher_why);
        out->publisher_why = xstrdup("a council's name alone atop the page (its banner) or in "
                                     "its contact block, with no publisher's marks");
        sl_push(&out->publishers, "Council");
        out->publisher_conf = CONF_LOW;
    }
    if (!out->publishers.len && !site && !other_body && strcmp(out->doctype, "news") != 0 &&
        out->authorities.len == 1 && first_person(head.buf, head.len) && names_council(k, head.buf)) {
        /* a page in its author's voice that names one authority, as a
         * council, and carries nobody's marks: that council's own page */
        free(out->publisher_why);
        out->publisher_why = xstrdup_printf("a page in the first person that names %s as a council, "
                                            "with no publisher's marks",
                                            out->authorities.items[0]);
        sl_push(&out->publishers, "Council");
        out->publisher_conf = CONF_LOW;
    }
    if (!out->publishers.len && !site && !reporter && !paper && !other_body &&
        (out->authorities.len == 1 || (!out->authorities.len && sole != (size_t)-1)) &&
        residents_voice(k, head.buf, head.len)) {
        /* a page that speaks to residents about one council's services,
         * in the council's voice, and carries nobody's marks */
        free(out->publisher_why);
        out->publisher_why = xstrdup("a page that speaks to its reader about one council's "
                                     "services in the council's voice (\"you\", \"the council\" or "
                                     "its name as a council), with no publisher's marks");
        sl_push(&out->publishers, "Council");
        out->publisher_conf = CONF_LOW;
    }
    own_council_authority(k, sole, out);
    owner_authority(k, text, b, nb, out);
    out->date = analyse_date_ex(text, &out->date_why, &out->year, &out->date_next,
                                &out->date_conf);
    title_year(out);
    today_year(text, out);
    sb_free(&head);
    free(b);
    free(own_source);
}
