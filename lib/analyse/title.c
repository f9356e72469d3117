/* title.c: the title: a letter's subject, a heading, the file's own title or
 * the first line that is no chrome, banner or label (analyse-internal.h). */
#include "analyse-internal.h"

/* Whether s[0..n) is a date alone, a weekday aside ("Thursday, November
 * 16, 2023"). */
int date_alone(const char *s, size_t n)
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
int council_name_line(const knowledge *k, const char *text, size_t n)
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
int name_word(const char *w, size_t n)
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
int council_menu(const knowledge *k, const char *text)
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
    if (n >= 200) /* a caption is a line, not a paragraph */
        return 0;
    for (size_t i = 0; marks[i]; i++)
        if (phrase_count(s, n, marks[i], 1))
            return 1;
    return 0;
}

/* Whether a block is no title: a line of an address (a postcode, a
 * publisher's own address in publishers.tsv), a date alone, page chrome, a
 * page's label, a picture's credit. */
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
    while (e && t[e - 1] == ' ')
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

/* Whether a file's title metadata is its template's or its source file's,
 * not its own: a placeholder in capitals ("LA NAME", "INSPECTION DATE"), a
 * draft or a template, the name of the file it was made from ("10327154
 * Area Partnership final clean.docx"). */
static int template_title(const char *t)
{
    static const char *const marks[] = {"template", "draft", "pre publication",
                                        "pre-publication", NULL};
    for (size_t i = 0; marks[i]; i++)
        if (phrase_count(t, strlen(t), marks[i], 1))
            return 1;
    static const char *const files[] = {".docx", ".doc", ".odt", ".rtf", ".pdf", ".indd",
                                        ".pptx", ".xlsx", NULL};
    size_t n = strlen(t);
    for (size_t i = 0; files[i]; i++)
        if (n > strlen(files[i]) && strcasecmp(t + n - strlen(files[i]), files[i]) == 0)
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
size_t salutation(const char *s, size_t n)
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


/* The first line of block i, malloc()ed. */
/* The length of the first line of s[0..n). */
static size_t first_len(const char *s, size_t n)
{
    const char *nl = memchr(s, '\n', n);
    return nl ? (size_t)(nl - s) : n;
}

static char *first_line(const char *text, const block *b, size_t i)
{
    return xstrndup(text + b[i].start, first_len(text + b[i].start, b[i].len));
}

/* Whether s[0..n) holds one of chars. */
static int has_any(const char *s, size_t n, const char *chars)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] && strchr(chars, s[i]))
            return 1;
    return 0;
}

/* The words a council's name takes around its place's ("Metropolitan
 * Borough Council"). */
static int council_form_word(const char *w, size_t n)
{
    static const char *const forms[] = {"Council", "Borough", "Metropolitan", "County", "City",
                                        "District", "Royal", "London", "of", "the", "and",
                                        "with", NULL};
    for (size_t i = 0; forms[i]; i++)
        if (n == strlen(forms[i]) && strncmp(w, forms[i], n) == 0)
            return 1;
    return 0;
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
    /* a council's name cut in its middle ("Inspection of Doncaster
     * Metropolitan" / "Borough Council children's services") */
    int cut_name = !open[w] && strcmp(last, "of") != 0 && council_form_word(last, strlen(last)) &&
                   strcmp(last, "Council") != 0;
    if ((!open[w] && !cut_name) || i + 1 >= nb)
        return t;
    char *next = first_line(text, b, i + 1);
    const char *sp = strchr(next, ' ');
    size_t first = sp ? (size_t)(sp - next) : strlen(next);
    int joins = cut_name ? word_count(next) <= 6 && council_form_word(next, first) &&
                               !strpbrk(next, ":.,;0123456789")
                         : word_count(next) <= 4 && isupper((unsigned char)next[0]) &&
                               !strpbrk(next, ":.,;0123456789") &&
                               name_words_only(next, strlen(next));
    if (joins) {
        char *both = xstrdup_printf("%s %s", t, next);
        free(t);
        t = both;
    }
    free(next);
    return t;
}

/* Whether s[0..n) is an authority's name alone, as a report's letterhead
 * sets it above its title ("South Gloucestershire", "Doncaster
 * Metropolitan Borough"): a place of the gazetteer first, and no word but
 * its name's and a council's ("Wigan Children's Services Review" is a
 * title). */
static int letterhead_place(const knowledge *k, const char *s, size_t n)
{
    if (n == 0 || n > 60 || has_any(s, n, ".:;,0123456789"))
        return 0;
    char *line = xstrndup(s, n);
    mention *m;
    size_t nm = gazetteer_find_places(k->gaz, line, &m);
    int ok = nm >= 1 && m[0].offset == 0 && word_count(line) <= 6;
    const char *slug = ok ? gazetteer_get(k->gaz, m[0].authority)->slug : NULL;
    for (const char *w = line; ok && *w;) {
        size_t len = strcspn(w, " ");
        int in_name = 0;
        for (const char *p = slug; p && *p && !in_name;) {
            size_t sl = strcspn(p, "-");
            in_name = sl == len && strncasecmp(p, w, len) == 0;
            p += sl + (p[sl] == '-');
        }
        ok = len == 0 || in_name || council_form_word(w, len);
        w += len + (w[len] == ' ');
    }
    free(m);
    free(line);
    return ok;
}

/* Whether s names a place of the gazetteer. */
static int names_place(const knowledge *k, const char *s)
{
    mention *m;
    size_t n = gazetteer_find_places(k->gaz, s, &m);
    free(m);
    return n > 0;
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
    int label = word_count(line) <= 5 && !names_place(k, line);
    free(line);
    if (!label) /* most lines: the next is not read */
        return 0;
    char *next = join_broken_title(first_line(text, b, i + 1), text, b, nb, i + 1);
    size_t nw = word_count(next);
    label = nw >= 3 && nw <= 25 && next[strlen(next) - 1] != '.' && !strchr(next, ':') &&
            names_place(k, next);
    free(next);
    return label;
}

void find_title(const knowledge *k, const char *text, const block *b, size_t nb,
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
    int letterhead = 0; /* an authority's name was passed over above the title */
    for (size_t i = 0; i < nb; i++) {
        /* a council's or another body's name alone is its letterhead or
         * its site's banner: the line below it says what the document is */
        const char *s = text + b[i].start;
        if (i < 20 && i + 1 < nb && letterhead_place(k, s, first_len(s, b[i].len))) {
            letterhead = 1;
            continue;
        }
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
            a->title_why = xstrdup(letterhead ? "the first line of text below its letterhead"
                                              : "the first line of text");
            return;
        }
        free(t);
    }
    a->title = xstrdup("(untitled)");
    a->title_why = xstrdup("no text to take a title from");
}
