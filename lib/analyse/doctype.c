/* doctype.c: the kind of document (doctypes.tsv): its genre's marks before what
 * it discusses (analyse-internal.h). */
#include "analyse-internal.h"

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
