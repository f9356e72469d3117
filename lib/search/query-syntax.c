/* query-syntax.c: the query language: the parsers and their filters, the
 * match modes and passage scope, syntax errors with their column, and
 * which spelling corrections are worth offering. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facets.h"
#include "gazetteer.h"
#include "normalise.h"
#include "schema.h"
#include "search-internal.h"
#include "taxonomy.h"
#include "util.h"

int query_word_start(const char *text, const char *p)
{
    return p == text || p[-1] == ' ' || p[-1] == '(';
}

/* Words that never decide whether a document matches (outside phrases):
 * function words a question is made of. */
const char *search_match_name(search_match m)
{
    return m == MATCH_ALL ? "all" : m == MATCH_PASSAGE ? "passage" : "any";
}

int search_match_parse(const char *name)
{
    for (int m = MATCH_ANY; m <= MATCH_PASSAGE; m++)
        if (strcmp(name, search_match_name((search_match)m)) == 0)
            return m;
    return -1;
}

const char *search_sort_name(search_sort s)
{
    return s == SORT_DATE ? "date" : s == SORT_DATE_DESC ? "-date" : "relevance";
}

int search_sort_parse(const char *name)
{
    for (int s = SORT_RELEVANCE; s <= SORT_DATE_DESC; s++)
        if (strcmp(name, search_sort_name((search_sort)s)) == 0)
            return s;
    return -1;
}

const char *search_level_name(search_level l)
{
    return l == LEVEL_PASSAGE ? "passage" : "document";
}

int search_level_parse(const char *name)
{
    for (int l = LEVEL_DOCUMENT; l <= LEVEL_PASSAGE; l++)
        if (strcmp(name, search_level_name((search_level)l)) == 0)
            return l;
    return -1;
}

int query_blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return 0;
    return 1;
}

/* The context of one facet's filter: which facet, for which searcher. */
struct filter_ctx {
    searcher *s;
    const schema_facet *facet;
};

/* Filter values are matched as slugs (authority:"West Sussex" is
 * authority:west-sussex), or as what filters.c makes of them.  theme:
 * means the document's themes at document level, the passages' at passage
 * level (the filter's prefix is "XT"; this adds D or H). */
static char *filter_map(void *ctx, const char *value)
{
    struct filter_ctx *c = ctx;
    char *slug = filter_resolve(c->s, c->facet, value);
    if (strcmp(c->facet->name, "theme") != 0)
        return slug;
    strbuf sb;
    sb_init(&sb);
    /* PREFIX_THEME is "XT" "H", PREFIX_DOCTHEME "XT" "D" */
    sb_addf(&sb, "%s%s", c->s->level == LEVEL_PASSAGE ? "H" : "D", slug);
    free(slug);
    return sb_steal(&sb);
}

char *query_authority_slug(const searcher *s, const char *value)
{
    const gazetteer *gaz = searcher_gazetteer(s);
    const authority *a = gaz ? gazetteer_lookup(gaz, value) : NULL;
    return a ? xstrdup(a->slug) : norm_slug(value);
}

/* A query parser with every field and filter; with synonyms, a word also
 * finds the acronyms and expansions indexed beside passages. */
static int setup_parser(searcher *s, xc_qparser **qp, int synonyms, xc_error *err)
{
    size_t n_stop = 0;
    const char *const *stop = schema_stopwords(&n_stop);
    int ok = xc_qparser_new(s->qp_db ? s->qp_db : s->db, qp, err) == XC_OK &&
             xc_qparser_stopwords(*qp, stop, n_stop, err) == XC_OK;
    for (const schema_text_field *t = schema_text_fields; ok && t->name; t++)
        ok = xc_qparser_add_prefix(*qp, t->name, t->prefix, err) == XC_OK;
    if (ok && s->remote) /* no spelling dictionary to expand from */
        ok = xc_qparser_stems_from(*qp, s->db, err) == XC_OK;
    for (const schema_range *r = schema_ranges; ok && r->name; r++)
        ok = (r->kind == SCHEMA_RANGE_DATE
                  ? xc_qparser_add_date_range(*qp, r->slot, r->name, err)
                  : xc_qparser_add_number_range(*qp, r->slot, r->name, err)) == XC_OK;
    if (ok && synonyms)
        ok = xc_qparser_synonyms(*qp, 1, err) == XC_OK;
    for (size_t i = 0; ok && schema_facets[i].name; i++)
        ok = xc_qparser_add_filter(*qp, schema_facets[i].name, schema_facets[i].prefix,
                                   filter_map, &s->filters[i], err) == XC_OK;
    return ok;
}

int query_setup_parsers(searcher *s, xc_error *err)
{
    size_t n = 0;
    while (schema_facets[n].name)
        n++;
    s->filters = xcalloc(n, sizeof *s->filters);
    for (size_t i = 0; i < n; i++)
        s->filters[i] = (struct filter_ctx){s, &schema_facets[i]};
    return setup_parser(s, &s->qp, 1, err) && setup_parser(s, &s->qp_plain, 0, err);
}

/* date:2018-07 as the range of its days: date:2018-07-01..2018-07-31 (a
 * year or a day alike); NULL when value is no such date. */
static char *date_period(const char *value, size_t len)
{
    int y, m = 0, d = 0, used = 0;
    char buf[16];
    if (len >= sizeof buf)
        return NULL;
    memcpy(buf, value, len);
    buf[len] = '\0';
    if (!((len == 4 && sscanf(buf, "%4d%n", &y, &used) == 1) ||
          (len == 7 && sscanf(buf, "%4d-%2d%n", &y, &m, &used) == 2) ||
          (len == 10 && sscanf(buf, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3)) ||
        used != (int)len || y < 1000 || m > 12 || d > 31 || (len >= 7 && m < 1) ||
        (len == 10 && d < 1))
        return NULL;
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > days[m ? m - 1 : 0] || (m == 2 && d == 29 && !leap))
        return NULL; /* 2018-02-30 is no day */
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "%04d-%02d-%02d..%04d-%02d-%02d", y, m ? m : 1, d ? d : 1, y, m ? m : 12,
            d ? d : m ? days[m - 1] : 31);
    return sb_steal(&sb);
}

/* date:A..B with A and B dates, months or years: from A's first day to
 * B's last; date:A alone: A's days.  NULL when value holds no such thing
 * (bad says why, but for an empty value). */
static char *date_range(const char *value, size_t len, char *bad, size_t badlen)
{
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < len && !dots; i++)
        if (value[i] == '.' && value[i + 1] == '.')
            dots = value + i;
    size_t la = dots ? (size_t)(dots - value) : len;
    const char *b = dots ? dots + 2 : NULL;
    size_t lb = dots ? len - la - 2 : 0;
    char *ra = la ? date_period(value, la) : NULL, *rb = lb ? date_period(b, lb) : NULL;
    if ((la && !ra) || (lb && !rb) || (!la && !lb)) {
        /* any value: date:01/07/2018 or date:July was read as words and
         * found nothing, silently */
        if (len > 0 && bad && !*bad)
            snprintf(bad, badlen, "date:%.*s: dates are YYYY, YYYY-MM or YYYY-MM-DD (a day "
                                  "of the month), ranges A..B (date:2018-06..2018-07)",
                     (int)len, value);
        free(ra);
        free(rb);
        return NULL;
    }
    if (ra && rb && strncmp(ra, rb + 12, 10) > 0) {
        if (bad && !*bad)
            snprintf(bad, badlen, "date:%.*s: the range ends before it starts (date:%.*s..%.*s)",
                     (int)len, value, (int)lb, b, (int)la, value);
        free(ra);
        free(rb);
        return NULL;
    }
    strbuf sb;
    sb_init(&sb);
    if (!dots) {
        sb_adds(&sb, ra);
    } else {
        if (ra)
            sb_add(&sb, ra, 10); /* the first day of A */
        sb_adds(&sb, "..");
        if (rb)
            sb_adds(&sb, rb + 12); /* the last day of B */
    }
    free(ra);
    free(rb);
    return sb_steal(&sb);
}

/* Whether the word at p (up to a space or bracket) is a stopword. */
static int loose_stopword(const char *p)
{
    size_t len = strcspn(p, " )"), n = 0;
    const char *const *stop = schema_stopwords(&n);
    for (size_t i = 0; i < n; i++)
        if (strlen(stop[i]) == len && strncasecmp(p, stop[i], len) == 0)
            return 1;
    return 0;
}

/* The end of one filter value at v: a "quoted" one, or up to a space, a
 * bracket or a comma. */
static const char *value_end(const char *v)
{
    if (*v == '"') {
        const char *q = strchr(v + 1, '"');
        return q ? q + 1 : v + strlen(v);
    }
    return v + strcspn(v, " ),\"");
}

/* The length of a filter's name at p ("authority" of "authority:wigan"),
 * or 0 when p starts no filter. */
static size_t filter_name_at(const char *p)
{
    size_t name = strspn(p, "abcdefghijklmnopqrstuvwxyz");
    return name && p[name] == ':' && schema_is_filter_name(p, name) ? name : 0;
}

/* The word of text before p (spaces between, a bracket ending it): its
 * length, *w its start. */
static size_t word_before(const char *text, const char *p, const char **w)
{
    const char *b = p;
    while (b > text && b[-1] == ' ')
        b--;
    *w = b;
    while (*w > text && (*w)[-1] != ' ' && (*w)[-1] != '(')
        (*w)--;
    return (size_t)(b - *w);
}

/* Whether the filter at p (in text), ending at e, is an operand: a - or
 * an operator before it, or an operator after it.  (Not a +: Xapian drops
 * a + before a bracket, and a filter is required anyway.) */
static int filter_is_operand(const char *text, const char *p, const char *e)
{
    if (p > text && p[-1] == '-')
        return 1;
    const char *w;
    /* "OR +authority:a,b": the word before the + */
    size_t len = word_before(text, p > text && p[-1] == '+' ? p - 1 : p, &w);
    if (len && norm_is_operator(w, len))
        return 1;
    const char *a = e + strspn(e, " ");
    return norm_is_operator(a, strcspn(a, " ()"));
}

/* "speech OR -authority:wigan": Xapian 1.4 drops the word and keeps the
 * filter (the documents of Wigan), where "OR -word" is a syntax error; a
 * filter excluded as an alternative (after OR or XOR; AND -filter is
 * AND_NOT) is refused the same way, with what to write instead.  Outside
 * quotes. */
static void minus_filter_after_operator(const char *text, char *errbuf, size_t errlen)
{
    int quoted = 0;
    for (const char *p = text; *p && !errbuf[0]; p++) {
        if (*p == '"')
            quoted = !quoted;
        if (quoted || *p != '-' || !query_word_start(text, p))
            continue;
        size_t name = filter_name_at(p + 1);
        if (!name)
            continue;
        const char *w;
        size_t len = word_before(text, p, &w);
        if ((len == 2 && strncmp(w, "OR", 2) == 0) || (len == 3 && strncmp(w, "XOR", 3) == 0))
            snprintf(errbuf, errlen, "'%.*s -%.*s:': a filter excluded after %.*s (write "
                     "NOT %.*s:... after the words, or -%.*s:... beside them)",
                     (int)len, w, (int)name, p + 1, (int)len, w, (int)name, p + 1, (int)name,
                     p + 1);
    }
}

/* text with each filter of several values, NAME:A,B (or NAME:"A B",C),
 * written as NAME:A NAME:B (ORed, as one filter's values are): the comma,
 * made a space below, left B a word to search.  An operand of an
 * operator ("-authority:a,b", "theme:a,b XOR speech") is written
 * (NAME:A OR NAME:B), which the operator takes whole; elsewhere the
 * filters' own form, which filters the query (a bracket beside words
 * would be one more alternative to them).  malloc()ed. */
static char *filter_lists(const char *text)
{
    strbuf sb;
    sb_init(&sb);
    int quoted = 0;
    for (const char *p = text; *p;) {
        /* a word, or one with a - or + of its own */
        int start = query_word_start(text, p) ||
                    (p > text && (p[-1] == '-' || p[-1] == '+') && query_word_start(text, p - 1));
        size_t name = filter_name_at(p);
        if (!quoted && start && name) {
            const char *v = p + name + 1, *e = value_end(v);
            if (*e == ',') { /* values: each, until one is not followed by a comma */
                const char *a = v, *last = e;
                while (*last == ',')
                    last = value_end(last + 1);
                /* alone in a bracket, "(authority:a,b) speech": the bracket's
                 * OR, which is that filter beside words (filter-hoist.c) */
                int alone = p > text && p[-1] == '(' && *last == ')';
                int operand = !alone && filter_is_operand(text, p, last);
                if (operand)
                    sb_addc(&sb, '(');
                for (;;) {
                    e = value_end(a);
                    if (e > a)
                        sb_addf(&sb, "%s%.*s:%.*s", a == v ? "" : operand || alone ? " OR " : " ",
                                (int)name, p, (int)(e - a), a);
                    if (*e != ',')
                        break;
                    a = e + 1;
                }
                if (operand)
                    sb_addc(&sb, ')');
                p = e;
                continue;
            }
        }
        if (*p == '"')
            quoted = !quoted;
        sb_addc(&sb, *p++);
    }
    return sb_steal(&sb);
}

/* Whether query holds filters alone, with operators and brackets (no
 * word): the parser takes "(theme:send) theme:early-years" for one
 * filter's two values, ORed, where words in the bracket keep it apart. */
static int filters_only(const char *query)
{
    const char *p = query;
    for (;;) {
        p += strspn(p, " \t\r\n()");
        if (!*p)
            return 1;
        size_t n = strcspn(p, " \t\r\n()\":");
        if ((n == 2 && strncmp(p, "OR", 2) == 0) || (n == 3 && (strncmp(p, "AND", 3) == 0 ||
                                                                  strncmp(p, "NOT", 3) == 0 ||
                                                                  strncmp(p, "XOR", 3) == 0))) {
            p += n;
            continue;
        }
        if (p[n] != ':' || !schema_is_filter_name(p, n))
            return 0;
        p += n + 1;
        if (*p == '"') { /* a quoted value, to its closing quote */
            const char *close = strchr(p + 1, '"');
            if (!close)
                return 0;
            p = close + 1;
        } else {
            p += strcspn(p, " \t\r\n()");
        }
    }
}

char *search_query_and(const char *query, const char *clause)
{
    if (query_blank(query))
        return xstrdup(clause);
    /* filters alone, ANDed in words: two values of one facet narrow */
    const char *and = filters_only(query) ? "AND " : "";
    int quoted = 0;
    size_t open = 0;
    for (const char *p = query; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && *p == '(')
            open++;
        else if (!quoted && *p == ')' && open)
            open--;
    }
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "(%s%s", query, quoted ? "\"" : "");
    for (size_t i = 0; i < open; i++)
        sb_addc(&sb, ')');
    sb_addf(&sb, ") %s%s", and, clause);
    return sb_steal(&sb);
}

char *query_with_filter(const char *query, const char *name, const char *value)
{
    strbuf clause;
    sb_init(&clause);
    sb_addf(&clause, "%s:%s", name, value);
    char *out = search_query_and(query, clause.buf);
    sb_free(&clause);
    return out;
}

/* The length of the token at p: to the next space, a quoted phrase
 * whole. */
static size_t token_length(const char *p)
{
    const char *q = p;
    int quoted = 0;
    for (; *q && (quoted || *q != ' '); q++)
        if (*q == '"')
            quoted = !quoted;
    return (size_t)(q - p);
}

/* One pass of not_takes_one (below); *changed says whether it wrote any. */
static char *not_pass(const char *text, int *changed)
{
    strbuf sb;
    sb_init(&sb);
    const char *p = text, *prev = NULL;
    size_t prev_n = 0;
    while (*p) {
        if (*p == ' ') {
            sb_addc(&sb, *p++);
            continue;
        }
        size_t n = token_length(p), open = strspn(p, "(");
        const char *t1 = p + n + strspn(p + n, " ");
        size_t n1 = token_length(t1);
        const char *t2 = t1 + n1 + strspn(t1 + n1, " ");
        size_t n2 = token_length(t2);
        /* "AND NOT", "OR NOT": the parser's own pair */
        int after_operator = prev && norm_is_operator(prev, prev_n);
        /* not before a stopword: "-the" would exclude every document */
        int one = n == open + 3 && strncmp(p + open, "NOT", 3) == 0 && n1 && n2 &&
                  !after_operator && !strchr("(-+", *t1) && t1[n1 - 1] != ')' &&
                  !memchr(t1, ':', n1) && !norm_is_operator(t1, n1) && !loose_stopword(t1) &&
                  *t2 != ')' && !norm_is_operator(t2, n2);
        prev = p;
        prev_n = n;
        if (one) {
            sb_add(&sb, p, open);
            sb_addc(&sb, '-');
            sb_add(&sb, t1, n1);
            prev = t1;
            prev_n = n1;
            p = t1 + n1;
            *changed = 1;
        } else {
            sb_add(&sb, p, n);
            p += n;
        }
    }
    return sb.buf ? sb_steal(&sb) : xstrdup("");
}

/* text with each NOT that stands before a word or phrase followed by more
 * of the query written as that word's exclusion: "fostering NOT adoption
 * speech" is fostering and speech without adoption (-adoption), as NOT
 * reads in most search boxes, where Xapian's grammar excluded "adoption
 * speech" as a group.  A NOT before a bracket, a filter or the last
 * operand, and AND NOT and OR NOT, are left to the parser.  Passes until
 * none changes: "a NOT b NOT c d" is "a -b -c d" (the first NOT has an
 * operand after it only once the second is written so).  malloc()ed. */
static char *not_takes_one(const char *text)
{
    char *out = xstrdup(text);
    for (int changed = 1, passes = 0; changed && passes < 64; passes++) {
        changed = 0;
        char *next = not_pass(out, &changed);
        free(out);
        out = next;
    }
    return out;
}

/* Whether the len bytes at w are an acronym as written: two capitals or
 * more, then capitals or digits, a plural's final "s" allowed ("EHCPs"). */
static int acronym_shape(const char *w, size_t len)
{
    if (len && w[len - 1] == 's')
        len--;
    if (len < 2 || !isupper((unsigned char)w[0]) || !isupper((unsigned char)w[1]))
        return 0;
    for (size_t i = 2; i < len; i++)
        if (!isupper((unsigned char)w[i]) && !isdigit((unsigned char)w[i]))
            return 0;
    return 1;
}

/* Whether the len bytes at w are one of the data files' acronyms as
 * written (acronyms.tsv; its plural too), not an operator. */
static int known_acronym(searcher *s, const char *w, size_t len)
{
    if (!acronym_shape(w, len) || norm_is_operator(w, len))
        return 0;
    const taxonomy *t = searcher_taxonomy(s);
    if (!t)
        return 0;
    char *word = xstrndup(w, len);
    strlist concepts;
    sl_init(&concepts);
    taxonomy_concepts(t, word, &concepts);
    int known = concepts.len > 0;
    sl_free(&concepts);
    free(word);
    return known;
}

/* text with each quoted acronym alone unquoted ("SALT" as SALT), where
 * nothing but a space, a bracket, a field's colon or a sign touches its
 * quotes: in quotes one word is that word, stemmed as ever, but the parser
 * gives only unquoted words their synonyms, so "SALT" missed what SALT
 * finds by its expansion.  Only the acronyms of the data files: a quoted
 * "OR" or "IN" stays a word.  Read from text cleaned as norm_query cleans
 * it (every typographic double quote a straight one) but not yet folded,
 * which would lose the capitals.  malloc()ed. */
static char *acronyms_unquoted(searcher *s, const char *text)
{
    size_t clean_len;
    char *clean = xcheck(norm_text(text, strlen(text), &clean_len, NULL));
    strbuf out;
    sb_init(&out);
    int quoted = 0;
    for (const char *p = clean; *p;) {
        if (*p != '"') {
            sb_addc(&out, *p++);
            continue;
        }
        const char *word = p + 1, *close = word;
        while (*close && *close != '"' && !isspace((unsigned char)*close))
            close++;
        int shut = !quoted && *close == '"';
        /* apart from the text around it ("SALT"-therapy stays as written) */
        char before = p > clean ? p[-1] : ' ', after = shut ? close[1] : ' ';
        int apart = (isspace((unsigned char)before) || strchr("(:+-", before)) &&
                    (!after || isspace((unsigned char)after) || after == ')');
        size_t len = (size_t)(close - word); /* less a comma or stop after it */
        while (len && strchr(",.;:!?", word[len - 1]))
            len--;
        if (shut && apart && known_acronym(s, word, len)) {
            sb_add(&out, word, len);
            p = close + 1;
            continue;
        }
        quoted = !quoted;
        sb_addc(&out, *p++);
    }
    free(clean);
    return sb_steal(&out);
}

/* text (folded: straight quotes, an ellipsis as "...") with each run of
 * three dots or more, and of two within quotes, a space: an ellipsis or
 * dots pasted with a quotation are punctuation, where Xapian's parser
 * took them for a range without its field.  malloc()ed. */
static char *dots_as_spaces(const char *text)
{
    char *out = xstrdup(text);
    int quoted = 0;
    for (char *p = out; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        if (*p != '.')
            continue;
        size_t run = strspn(p, ".");
        if (run >= 3 || (run == 2 && quoted))
            memset(p, ' ', run);
        p += run - 1;
    }
    return out;
}

/* In place: a year's or a date's range typed with an ellipsis
 * (year:2018...2019, "…" folded to three dots) as the range it means,
 * where elsewhere an ellipsis is punctuation (the range was year:2018
 * and the word 2019). */
static void ellipsis_ranges(char *text)
{
    int quoted = 0;
    for (char *p = text; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        int start = query_word_start(text, p);
        if (quoted || !start || (strncmp(p, "year:", 5) != 0 && strncmp(p, "date:", 5) != 0))
            continue;
        for (char *v = p + 5; *v && *v != ' ' && *v != ')'; v++) {
            size_t run = strspn(v, ".");
            if (run >= 3)
                memmove(v + 2, v + run, strlen(v + run) + 1);
        }
    }
}

/* Whether p, at a word's start outside quotes, is year:A..B or an open
 * range, else (0) a year alone or no year filter. */
static int year_range_at(const char *p)
{
    if (strncmp(p, "year:", 5) != 0)
        return 0;
    size_t len = strcspn(p + 5, " )");
    for (size_t i = 0; i + 1 < len; i++)
        if (p[5 + i] == '.' && p[6 + i] == '.')
            return 1;
    return 0;
}

/* folded (freed) with each year alone written as the range of that year
 * when the query holds a year range: Xapian ANDs a range with a term of
 * another kind, whatever joins them ("year:2016 OR year:2018..2019" and
 * "year:2018..2019,2021" found nothing), and ORs two ranges of one
 * field, as it does two values of a filter.  A year alone stays a term
 * otherwise: its documents come from its postings. */
static char *single_years_as_ranges(char *folded)
{
    int any = 0, quoted = 0;
    for (const char *p = folded; *p && !any; p++) {
        if (*p == '"')
            quoted = !quoted;
        int start = query_word_start(folded, p);
        any = !quoted && start && year_range_at(p);
    }
    if (!any)
        return folded;
    strbuf sb;
    sb_init(&sb);
    quoted = 0;
    for (const char *p = folded; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        int start = query_word_start(folded, p);
        const char *y = p + 5;
        if (!quoted && start && strncmp(p, "year:", 5) == 0 &&
            strspn(y, "0123456789") == 4 && (y[4] == '\0' || y[4] == ' ' || y[4] == ')')) {
            sb_addf(&sb, "year:%.4s..%.4s", y, y);
            p = y + 3;
            continue;
        }
        sb_addc(&sb, *p);
    }
    free(folded);
    return sb_steal(&sb);
}

/* The query folded for the parser, with year:2018-2019 written as the
 * range it means (year:2018..2019) and date:2018-07 as the range of its
 * days (and a filter's comma-separated values apart); bad (badlen bytes)
 * gets why a date or a year range is none. */
static char *year_ranges(const char *text, char *bad, size_t badlen)
{
    char *normed = xcheck(norm_query(text));
    char *folded = filter_lists(normed);
    free(normed);
    /* commas and semicolons mean nothing to the parser, but they break a
     * multi-word synonym ("education, health and care plan") */
    for (char *p = folded; *p; p++)
        if (*p == ',' || *p == ';')
            *p = ' ';
    ellipsis_ranges(folded);
    /* -word alone, or beside stopwords alone: every document without it,
     * as NOT word (Xapian's grammar refuses a hated word with nothing else
     * asked for, and then reads the query with no operators at all: `for
     * -speech` found speech) */
    int positive = 0, quoted = 0;
    for (const char *p = folded; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        int start = !quoted && query_word_start(folded, p);
        if (start && *p != ' ' && *p != '-' && *p != '(' && *p != ')' && !loose_stopword(p))
            positive = 1;
    }
    if (!positive && strchr(folded, '-')) {
        strbuf sb;
        sb_init(&sb);
        quoted = 0;
        for (const char *p = folded; *p; p++) {
            if (*p == '"')
                quoted = !quoted;
            int start = !quoted && query_word_start(folded, p);
            if (start && *p == '-')
                sb_adds(&sb, "NOT ");
            else if (start && loose_stopword(p))
                p += strcspn(p, " )") - 1; /* dropped: its space stays */
            else
                sb_addc(&sb, *p);
        }
        free(folded);
        folded = sb_steal(&sb);
    }
    quoted = 0;
    for (char *p = folded; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        int start = query_word_start(folded, p);
        if (!quoted && start && strncmp(p, "date:", 5) == 0) {
            size_t len = strcspn(p + 5, " )");
            char *range = date_range(p + 5, len, bad, badlen);
            if (range) {
                strbuf sb;
                sb_init(&sb);
                sb_add(&sb, folded, (size_t)(p - folded) + 5);
                sb_adds(&sb, range);
                size_t at = sb.len;
                sb_adds(&sb, p + 5 + len);
                free(range);
                free(folded);
                folded = sb_steal(&sb);
                p = folded + at - 1;
            }
            continue;
        }
        if (quoted || !start || strncmp(p, "year:", 5) != 0)
            continue;
        char *y = p + 5;
        if (strncmp(y, "..", 2) == 0 && (y[2] == '\0' || y[2] == ' ' || y[2] == ')')) {
            if (!*bad) /* every document, the undated too: no filter at all */
                snprintf(bad, badlen, "year:..: a range needs a year at one end at least "
                                      "(year:2018.., year:..2018)");
            continue;
        }
        /* year:-2018 and year:2018- are open ranges (..2018, 2018..), not
         * the year alone */
        int open_before = y[0] == '-' && strspn(y + 1, "0123456789") == 4 &&
                          (y[5] == '\0' || y[5] == ' ' || y[5] == ')');
        int open_after = strspn(y, "0123456789") == 4 && y[4] == '-' &&
                         (y[5] == '\0' || y[5] == ' ' || y[5] == ')');
        if (open_before || open_after) {
            strbuf sb;
            sb_init(&sb);
            sb_add(&sb, folded, (size_t)(y - folded));
            if (open_before)
                sb_addf(&sb, "..%.4s", y + 1);
            else
                sb_addf(&sb, "%.4s..", y);
            size_t at = sb.len;
            sb_adds(&sb, y + 5);
            free(folded);
            folded = sb_steal(&sb);
            p = folded + at - 1;
            continue;
        }
        if (strspn(y, "0123456789") == 4 && (y[4] == '-' || (y[4] == '.' && y[5] == '.')) &&
            strspn(y + 5 + (y[4] == '.'), "0123456789") == 4 &&
            strncmp(y, y + 5 + (y[4] == '.'), 4) > 0) {
            if (!*bad)
                snprintf(bad, badlen, "year:%.*s: the range ends before it starts (year:%.4s..%.4s)",
                         y[4] == '.' ? 10 : 9, y, y + 5 + (y[4] == '.'), y);
            continue;
        }
        if (strspn(y, "0123456789") == 4 && y[4] == '-' && strspn(y + 5, "0123456789") == 4 &&
            (y[9] == '\0' || y[9] == ' ' || y[9] == ')')) {
            /* "2018-2019" -> "2018..2019": one byte longer */
            strbuf sb;
            sb_init(&sb);
            sb_add(&sb, folded, (size_t)(y - folded) + 4);
            sb_adds(&sb, "..");
            sb_adds(&sb, y + 5);
            size_t at = (size_t)(y - folded) + 10;
            free(folded);
            folded = sb_steal(&sb);
            p = folded + at - 1;
        }
    }
    return single_years_as_ranges(folded);
}

scr_status query_check_limits(searcher *s, const char *text, scr_error *err)
{
    /* refused as --batch and the server refuse it: folded, it would be
     * searched with U+FFFD for its bad bytes, and suggest them */
    if (!utf8_valid(text, strlen(text)))
        return scr_fail(err, SCR_ERR_INPUT, "the query is not valid UTF-8");
    scr_status rc = search_limits_check_query(&s->limits, text, err);
    if (rc != SCR_OK)
        return rc;
    /* and as the parser gets it: folding makes parentheses of fullwidth
     * ones, words of what was not */
    char *folded = norm_query(text);
    rc = folded ? search_limits_check_query(&s->limits, folded, err) : SCR_OK;
    free(folded);
    return rc;
}

scr_status query_failed(searcher *s, const char *query, const xc_error *err, scr_error *error)
{
    error->status = err->status;
    if (err->status == XC_ERR_QUERY_SYNTAX)
        query_explain_syntax_error(s, query, err->message, error->message,
                                   sizeof error->message);
    else if (err->status == XC_ERR_LIMIT)
        query_limit_error(s, error->message, sizeof error->message);
    else if (s->filter_error[0]) /* the query's, not the database's */
        scr_fail(error, SCR_ERR_INPUT, "%s", s->filter_error);
    else
        scr_fail(error, err->status, "%s: %s", searcher_blame(s, err->status), err->message);
    return error->status;
}

void query_limit_error(const searcher *s, char *errbuf, size_t errlen)
{
    snprintf(errbuf, errlen, "query wildcards expand to too many terms: more than %u, the "
             "limit (SCRUTINY_MAX_EXPANSION); make them longer (recommend*, not r*)",
             s->limits.expansion);
}

/* The farthest NEAR/N and ADJ/N reach, in words: well inside a passage,
 * which is far shorter than the gap between two (PASSAGE_WINDOW), so
 * that a proximity never spans passages (and N never wraps around). */
#define MAX_DISTANCE 1000

/* Whether the word w (n bytes) is a filter (theme:send): a proximity's
 * words have positions, a filter's term none. */
static int filter_operand(const char *w, size_t n)
{
    const char *colon = memchr(w, ':', n);
    return colon && colon > w && schema_is_filter_name(w, (size_t)(colon - w));
}

/* NEAR or ADJ glued to a bracket or a quote (speech NEAR(language),
 * "a"NEAR"b"): the folding takes it for a word, and the query would find
 * the word near; said in bad instead; so are a distance past MAX_DISTANCE
 * and an operand that is no word. */

static void proximity_glued(const char *text, char *bad, size_t badlen)
{
    for (const char *p = text; *p; p++) {
        size_t n = strncmp(p, "NEAR", 4) == 0 ? 4 : strncmp(p, "ADJ", 3) == 0 ? 3 : 0;
        if (!n || (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_')))
            continue;
        const char *end = p + n;
        size_t zeros = *end == '/' ? strspn(end + 1, "0") : 0; /* NEAR/0005 is 5 */
        size_t digits = *end == '/' ? strspn(end + 1 + zeros, "0123456789") : 0;
        if (*end == '/')
            end += 1 + zeros + digits;
        if (digits && (digits > 4 || atoi(end - digits) > MAX_DISTANCE) && !bad[0]) {
            snprintf(bad, badlen, "%.*s: the distance is at most %d words (a passage is "
                                  "shorter than that)", (int)(end - p), p, MAX_DISTANCE);
            return;
        }
        int before = p > text && (p[-1] == '"' || p[-1] == ')');
        if ((*end == '(' || *end == '"' || before) && !bad[0]) {
            snprintf(bad, badlen, "%.*s: NEAR and ADJ go between two words, with spaces "
                                  "(speech NEAR therapy), not a phrase or a bracket",
                     (int)(end - p), p);
            return;
        }
        /* its operands: a phrase, a bracket, a filter or a wildcard
         * (whatever it expands to: Xapian took one that expanded to a
         * single word) is said here, naming the operator, where Xapian's
         * error named the word after it */
        int alone = (p == text || isspace((unsigned char)p[-1])) &&
                    (!*end || isspace((unsigned char)*end));
        const char *left_end = p;
        while (left_end > text && isspace((unsigned char)left_end[-1]))
            left_end--;
        const char *left = left_end;
        while (left > text && !isspace((unsigned char)left[-1]))
            left--;
        const char *right = end + strspn(end, " \t\r\n");
        size_t right_len = strcspn(right, " \t\r\n");
        const char *not_a = NULL;
        if (!alone || bad[0] || left == left_end || !right_len)
            continue; /* Xapian says what is missing */
        if (left_end[-1] == '*' || right[right_len - 1] == '*')
            not_a = "a wildcard";
        else if (left_end[-1] == '"' || left_end[-1] == ')' || *right == '"' || *right == '(')
            not_a = "a phrase or a bracket";
        else if (filter_operand(left, (size_t)(left_end - left)) ||
                 filter_operand(right, right_len))
            not_a = "a filter";
        if (not_a) {
            snprintf(bad, badlen, "%.*s: NEAR and ADJ go between two words (speech NEAR "
                                  "therapy), not %s",
                     (int)(end - p), p, not_a);
            return;
        }
    }
}

/* text parsed as the query language in mode match, as written (no
 * proximity, no scope); text is not blank. */
static xc_status parse_text(searcher *s, const char *text, int no_synonyms, search_match match,
                            xc_query **parsed, xc_error *err)
{
    *parsed = NULL;
    xc_qparser *qp = no_synonyms ? s->qp_plain : s->qp;
    /* both: a syntax error's explanation and a suggestion use s->qp */
    xc_status limited = xc_qparser_set_max_expansion(s->qp, s->limits.expansion, err);
    if (limited == XC_OK)
        limited = xc_qparser_set_max_expansion(s->qp_plain, s->limits.expansion, err);
    if (limited != XC_OK)
        return limited;
    s->filter_error[0] = '\0';
    proximity_glued(text, s->filter_error, sizeof s->filter_error);
    if (strspn(text, "() \t\r\n") == strlen(text)) /* "(((": a query of nothing */
        snprintf(s->filter_error, sizeof s->filter_error,
                 "the query holds brackets alone: no word, phrase or filter to search");
    char *bare = acronyms_unquoted(s, text);
    char *dated = year_ranges(bare, s->filter_error, sizeof s->filter_error);
    free(bare);
    char *dotted = dots_as_spaces(dated);
    free(dated);
    char *ranged = not_takes_one(dotted);
    free(dotted);
    if (!s->filter_error[0])
        query_check_filter_names(ranged, s->filter_error, sizeof s->filter_error);
    if (!s->filter_error[0])
        minus_filter_after_operator(ranged, s->filter_error, sizeof s->filter_error);
    char *folded = query_hoist_filters(ranged);
    free(ranged);
    if (s->filter_error[0]) {
        free(folded);
        if (err) {
            err->status = XC_ERR_INVALID;
            snprintf(err->message, sizeof err->message, "%s", s->filter_error);
        }
        return XC_ERR_INVALID;
    }
    xc_status st = xc_qparser_default_any(qp, match == MATCH_ANY, err);
    if (st == XC_OK)
        st = xc_qparser_parse(qp, folded, parsed, err);
    free(folded);
    /* "+", "\"\"": marks with nothing to search, refused as "(((" is,
     * not answered "0 matches" */
    if (st == XC_OK && !s->filter_error[0] && xc_query_is_empty(*parsed))
        snprintf(s->filter_error, sizeof s->filter_error,
                 "the query holds no word, phrase or filter to search");
    if (st == XC_OK && !s->filter_error[0] && (s->shards > 1 || s->remote) &&
        xc_query_xor_too_deep(*parsed))
        snprintf(s->filter_error, sizeof s->filter_error,
                 "XORs nested too deep to search over several databases (each is written out "
                 "there, doubling its parts): use fewer XORs, or one database");
    if (st == XC_OK && s->filter_error[0]) {
        xc_query_free(*parsed);
        *parsed = NULL;
        if (err) {
            err->status = XC_ERR_INVALID;
            snprintf(err->message, sizeof err->message, "%s", s->filter_error);
        }
        return XC_ERR_INVALID;
    }
    return st;
}

/* parsed with, in mode any, its proximity pairs (bound: their bound). */
static xc_status with_proximity(const xc_query *parsed, search_match match, int bound,
                                xc_query **q, xc_error *err)
{
    if (match != MATCH_ANY)
        return xc_query_copy(parsed, q, err);
    return xc_query_proximity(parsed, PROXIMITY_WINDOW, PROXIMITY_FACTOR, bound, q, err);
}

xc_status query_parse_unscoped(searcher *s, const char *text, int no_synonyms,
                               search_match match, xc_query **q, xc_error *err)
{
    *q = NULL;
    if (query_blank(text))
        return xc_query_all(q, err);
    xc_query *parsed = NULL;
    xc_status st = parse_text(s, text, no_synonyms, match, &parsed, err);
    if (st == XC_OK)
        st = with_proximity(parsed, match, 0, q, err);
    xc_query_free(parsed);
    return st;
}

xc_status query_scope(const xc_query *parsed, search_match match, xc_query **q,
                      passage_scope *scope, xc_error *err)
{
    xc_status st = xc_query_scope(parsed, passage_marker_prefixes, SCOPE_GROUPS,
                                  match == MATCH_PASSAGE, q, scope ? passage_scope_add : NULL,
                                  scope, err);
    if (st == XC_OK && scope) /* which words a passage shows, which are phrases */
        st = xc_query_words(parsed, passage_scope_word, scope, err);
    if (st == XC_OK && scope)
        passage_scope_settle(scope);
    return st;
}

xc_status query_parse(searcher *s, const char *text, int no_synonyms, search_match match,
                      xc_query **q, passage_scope *scope, xc_error *err)
{
    return query_parse_ranked(s, text, no_synonyms, match, 1, q, NULL, scope, err);
}

/* scope's passage rule, where its markers need one (xc_query_passage_rule);
 * listing passages, *parsed is then relaxed to every document with a
 * passage the rule keeps, and only those passages answer. */
static xc_status passage_rule(const searcher *s, search_match match, xc_query **parsed,
                              passage_scope *scope, xc_error *err)
{
    xc_query *relaxed = NULL;
    xc_rule_free(scope->rule);
    scope->rule = NULL;
    xc_status st = xc_query_passage_rule(*parsed, passage_marker_prefixes, SCOPE_GROUPS,
                                         match == MATCH_PASSAGE, &scope->rule, &relaxed, err);
    if (st != XC_OK || !relaxed)
        return st;
    scope->rule_only = s->level == LEVEL_PASSAGE;
    if (scope->rule_only) {
        xc_query_free(*parsed);
        *parsed = relaxed;
    } else {
        xc_query_free(relaxed);
    }
    return XC_OK;
}

xc_status query_parse_ranked(searcher *s, const char *text, int no_synonyms, search_match match,
                             int near_only, xc_query **q, xc_query **bound,
                             passage_scope *scope, xc_error *err)
{
    if (bound)
        *bound = NULL;
    if (query_blank(text))
        return xc_query_all(q, err);
    xc_query *parsed = NULL, *unscoped = NULL;
    xc_status st = parse_text(s, text, no_synonyms, match, &parsed, err);
    if (st == XC_OK && scope)
        st = passage_rule(s, match, &parsed, scope, err);
    if (st == XC_OK && match == MATCH_ANY && bound) { /* scoped as *q below */
        xc_query *pairs = NULL;
        st = with_proximity(parsed, match, 1, &pairs, err);
        if (st == XC_OK)
            st = xc_query_scope(pairs, passage_marker_prefixes, SCOPE_GROUPS, 0, bound, NULL,
                                NULL, err);
        xc_query_free(pairs);
    }
    if (st == XC_OK)
        st = with_proximity(parsed, match, !near_only, &unscoped, err);
    if (st == XC_OK)
        st = query_scope(unscoped, match, q, scope, err);
    xc_query_free(unscoped);
    xc_query_free(parsed);
    if (st != XC_OK && bound) {
        xc_query_free(*bound);
        *bound = NULL;
    }
    return st;
}

/* Whether a word of the user's query must never be corrected: an acronym
 * (SALT), a filter or field (date:2018-07), a number. */
static int keep_as_written(const char *w)
{
    int upper = 0, lower = 0;
    for (const char *p = w; *p; p++) {
        if (*p == ':' || *p == '"' || isdigit((unsigned char)*p))
            return 1;
        upper += isupper((unsigned char)*p) != 0;
        lower += islower((unsigned char)*p) != 0;
    }
    return upper >= 2 && lower == 0;
}

/* Whether folded (a word as the parser sees it) is a word of the corpus:
 * Xapian corrects every word that is not an indexed term, and only stems
 * are indexed here, so "care" would become the commoner "are". */
static int known_word(searcher *s, const char *folded)
{
    unsigned freq = 0;
    if (xc_rdb_spelling_frequency(s->db, folded, &freq, NULL) == XC_OK && freq > 0)
        return 1;
    /* a compound ("well-being"), whose parts the dictionary has each */
    if (!strchr(folded, '-'))
        return 0;
    strlist parts;
    sl_init(&parts);
    sl_split(&parts, folded, '-');
    int known = parts.len > 1;
    for (size_t i = 0; i < parts.len && known; i++)
        known = *parts.items[i] && xc_rdb_spelling_frequency(s->db, parts.items[i], &freq, NULL) == XC_OK &&
                freq > 0;
    sl_free(&parts);
    return known;
}

/* The length of w's free-text field's name and colon ("title:"), or 0. */
static size_t field_len(const char *w)
{
    for (const schema_text_field *f = schema_text_fields; f->name; f++) {
        size_t n = strlen(f->name);
        if (strncmp(w, f->name, n) == 0 && w[n] == ':')
            return n + 1;
    }
    return 0;
}

/* w without a free-text field's name ("title:": its words are words) and
 * the quotes that open or close a phrase around it. */
static char *unquoted(const char *w)
{
    w += field_len(w);
    while (*w == '"')
        w++;
    size_t n = strlen(w);
    while (n && w[n - 1] == '"')
        n--;
    return xstrndup(w, n);
}

/* Whether w (as written; wf as the parser sees it) stays whatever the
 * spelling dictionary suggests; a phrase's words are words too, and a
 * council's name is one ("wigan" had become "widen" where no document
 * names Wigan). */
static int kept(searcher *s, const char *w, const char *wf)
{
    char *bare = unquoted(w), *bare_folded = unquoted(wf);
    const gazetteer *gaz = NULL;
    int keep = keep_as_written(bare) || known_word(s, bare_folded) ||
               (strlen(bare) >= 4 && (gaz = searcher_gazetteer(s)) &&
                gazetteer_lookup(gaz, bare) != NULL);
    free(bare);
    free(bare_folded);
    return keep;
}

/* Whether every word of words stays: then no correction can be offered. */
static int all_kept(searcher *s, const strlist *words)
{
    for (size_t i = 0; i < words->len; i++) {
        char *wf = xcheck(norm_query(words->items[i]));
        int keep = kept(s, words->items[i], wf);
        free(wf);
        if (!keep)
            return 0;
    }
    return 1;
}

xc_status query_unweighted(searcher *s, const xc_query *q, double seconds, xc_enquire **out,
                           xc_error *err)
{
    xc_enquire *enq = NULL;
    xc_status st = xc_enquire_new(s->db, &enq, err);
    if (st == XC_OK)
        st = xc_enquire_set_query(enq, q, err);
    if (st == XC_OK)
        st = xc_enquire_unweighted(enq, err);
    if (st == XC_OK && seconds > 0)
        st = xc_enquire_set_time_limit(enq, seconds, err);
    if (st != XC_OK) {
        xc_enquire_free(enq);
        enq = NULL;
    }
    *out = enq;
    return st;
}

/* How many documents text finds, checking at most enough of them: exact
 * below enough, else at least enough. */
static xc_status count_up_to(searcher *s, const char *text, int no_synonyms,
                             search_match match, double seconds, unsigned enough,
                             unsigned *out, xc_error *err)
{
    xc_query *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    unsigned doccount = 0;
    int counted = 0; /* from postings, where the query allows (facets.h) */
    xc_status st = query_parse(s, text, no_synonyms, match, &q, NULL, err);
    if (st == XC_OK)
        st = facet_count_matches(s->db, q, seconds, out, &counted, err);
    if (st == XC_OK && counted) {
        xc_query_free(q);
        return st;
    }
    if (st == XC_OK)
        st = xc_rdb_doccount(s->db, &doccount, err);
    if (st == XC_OK) /* a count: no weights, no proximity to check */
        st = query_unweighted(s, q, seconds, &enq, err);
    if (st == XC_OK)
        st = xc_enquire_mset(enq, 0, 0, enough < doccount ? enough : doccount, &m, err);
    if (st == XC_OK) /* every match checked: the estimate is the count */
        *out = enough < doccount ? xc_mset_lower_bound(m) : xc_mset_estimate(m);
    xc_mset_free(m);
    xc_enquire_free(enq);
    xc_query_free(q);
    return st;
}

xc_status query_count(searcher *s, const char *text, int no_synonyms, search_match match,
                      double seconds, unsigned *out, xc_error *err)
{
    return count_up_to(s, text, no_synonyms, match, seconds, UINT_MAX, out, err);
}

/* Word w as corrected to c by the spelling dictionary: c where w is no
 * word of the corpus, else w; a hyphenated word part by part, so that
 * "wel-being" is "well-being" (Xapian also turned the stopword "being",
 * no indexed term, into "been").  *changed is set when it differs. */
/* Whether correction c is too far from word w to be offered: edits
 * allowed by w's length in characters, as Elasticsearch's fuzziness AUTO
 * (none up to 2, one up to 5, two beyond); Xapian offers two for any
 * word: "id" was "did", "café" "can". */
static int too_far(const char *w, const char *c)
{
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)w; *p; p++)
        chars += (*p & 0xC0) != 0x80;
    size_t allowed = chars <= 2 ? 0 : chars <= 5 ? 1 : 2;
    return edit_distance(w, c) > allowed;
}

static char *corrected_word(searcher *s, const char *w, const char *c, int *changed)
{
    strlist wp, cp;
    sl_init(&wp);
    sl_init(&cp);
    if (strchr(w, '-')) {
        sl_split(&wp, w, '-');
        sl_split(&cp, c, '-');
    }
    if (wp.len < 2 || wp.len != cp.len) {
        sl_free(&wp);
        sl_free(&cp);
        sl_push(&wp, w);
        sl_push(&cp, c);
    }
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < wp.len; i++) {
        char *wf = xcheck(norm_query(wp.items[i]));
        int differs = strcmp(wf, cp.items[i]) != 0;
        int keep = !differs || kept(s, wp.items[i], wf) || too_far(wf, cp.items[i]);
        free(wf);
        *changed |= differs && !keep;
        sb_addf(&sb, "%s%s", i ? "-" : "", keep ? wp.items[i] : cp.items[i]);
    }
    sl_free(&wp);
    sl_free(&cp);
    return sb_steal(&sb);
}

char *query_suggestion(searcher *s, const char *text, int no_synonyms, search_match match,
                       unsigned total)
{
    unsigned doccount = 0; /* nothing finds more than every document */
    if (xc_rdb_doccount(s->db, &doccount, NULL) != XC_OK || total >= doccount)
        return NULL;
    /* word by word: what the user wrote as an acronym or a filter stays */
    strlist mine, theirs;
    sl_init(&mine);
    sl_init(&theirs);
    sl_split(&mine, text, ' ');
    if (all_kept(s, &mine)) { /* nothing to correct: no dictionary walk */
        sl_free(&mine);
        return NULL;
    }
    xc_qparser *qp = no_synonyms ? s->qp_plain : s->qp;
    /* corrected without fields' names: Xapian's dictionary has the words
     * of the text, and leaves "title:reveiw" as it is */
    strbuf bare;
    sb_init(&bare);
    for (size_t i = 0; i < mine.len; i++)
        sb_addf(&bare, "%s%s", i ? " " : "", mine.items[i] + field_len(mine.items[i]));
    char *folded = xcheck(norm_query(bare.buf ? bare.buf : "")), *fixed = NULL;
    sb_free(&bare);
    if (xc_qparser_correct(qp, folded, &fixed, NULL) != XC_OK || !fixed || !*fixed) {
        sl_free(&mine);
        free(folded);
        free(fixed);
        return NULL;
    }
    sl_split(&theirs, fixed, ' ');
    char *out = NULL;
    if (mine.len == theirs.len) {
        strbuf sb;
        sb_init(&sb);
        int changed = 0;
        for (size_t i = 0; i < mine.len; i++) {
            size_t field = field_len(mine.items[i]);
            char *fixed_word =
                corrected_word(s, mine.items[i] + field, theirs.items[i], &changed);
            sb_addf(&sb, "%s%.*s%s", i ? " " : "", (int)field, mine.items[i], fixed_word);
            free(fixed_word);
        }
        /* more than twice as many documents, as documented (it was any
         * more): is all it needs to know */
        unsigned found = 0, enough = total > (UINT_MAX - 1) / 2 ? UINT_MAX : 2 * total + 1;
        if (changed &&
            count_up_to(s, sb.buf, no_synonyms, match, 0, enough, &found, NULL) == XC_OK &&
            found >= enough)
            out = sb_steal(&sb);
        sb_free(&sb);
    }
    sl_free(&mine);
    sl_free(&theirs);
    free(folded);
    free(fixed);
    return out;
}

static int is_op(const char *w) { return norm_is_operator(w, strlen(w)); }

/* What Xapian's parser says is wrong, in the project's words: its
 * "Syntax: <expression> OP <expression>" for an operator missing a side
 * (a lone - is a NOT), its range message, else its own message. */
static const char *syntax_reason(const char *xapian_msg)
{
    static const struct {
        const char *says, *reason;
    } known[] = {
        {"<expression> AND NOT <expression>", "AND NOT needs a word, phrase or filter on each side"},
        {"<expression> NOT <expression>",
         "NOT and - need a word, phrase or filter after them (-speech, speech NOT therapy)"},
        {"<expression> AND <expression>", "AND needs a word, phrase or filter on each side"},
        {"<expression> XOR <expression>", "XOR needs a word, phrase or filter on each side"},
        {"<expression> OR <expression>", "OR needs a word, phrase or filter on each side"},
        {"range", "a range needs its field: year:2016..2019 or date:2018-06-01..2018-07-31"},
    };
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (strstr(xapian_msg, known[i].says))
            return known[i].reason;
    /* the wrapper's own reasons (xapian-parser.cc) need no class name */
    static const char parser[] = "QueryParserError: ";
    if (strncmp(xapian_msg, parser, sizeof parser - 1) == 0)
        return xapian_msg + sizeof parser - 1;
    return xapian_msg;
}

/* The query's words, split at blanks, a quoted phrase one word, with each
 * one's offset (at most max).  A quote left open does not swallow the rest
 * of the query: Xapian opens a phrase only where a word starts, so its
 * words are split at blanks like the others. */
static size_t syntax_words(const char *query, strlist *words, size_t *starts, size_t max)
{
    size_t n = 0;
    const char *p = query;
    while (*p && n < max) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *start = p, *open = NULL;
        while (*p && (open || (*p != ' ' && *p != '\t'))) {
            if (*p == '"')
                open = open ? NULL : p;
            p++;
        }
        if (open) /* never closed: its word ends at the first blank */
            for (p = start; *p && *p != ' ' && *p != '\t'; p++)
                ;
        char *w = xstrndup(start, (size_t)(p - start));
        sl_push(words, w);
        free(w);
        starts[n++] = (size_t)(start - query);
    }
    return n;
}

/* Xapian says what is wrong but not where: parse longer and longer prefixes
 * of the query, word by word, and report the word where it first breaks.
 * A prefix that ends with an operator is judged with the word after it
 * (every such prefix fails), so that "a OR OR b" blames the second OR. */
void query_explain_syntax_error(searcher *s, const char *query, const char *xapian_msg,
                                 char *errbuf, size_t errlen)
{
    strlist words;
    sl_init(&words);
    size_t starts[256];
    size_t n = syntax_words(query, &words, starts, 256);
    size_t bad = n;
    strbuf prefix;
    sb_init(&prefix);
    for (size_t k = 0; k < n && bad == n; k++) {
        sb_addf(&prefix, "%s%s", k ? " " : "", words.items[k]);
        if (is_op(words.items[k]) && k + 1 < n)
            continue;
        char *folded = xcheck(norm_query(prefix.buf));
        xc_query *q = NULL;
        if (xc_qparser_parse(s->qp, folded, &q, NULL) == XC_ERR_QUERY_SYNTAX)
            bad = k;
        xc_query_free(q);
        free(folded);
    }
    sb_free(&prefix);
    /* a proximity's distance that is none (NEAR/0, NEAR/abc): that word */
    if (strstr(xapian_msg, "NEAR/N and ADJ/N take"))
        for (size_t k = 0; k < n; k++)
            if (norm_bad_distance(words.items[k], strlen(words.items[k]))) {
                bad = k;
                break;
            }
    /* a word that breaks the query right after operators: they are at fault
     * (leading the query, or two in a row) */
    if (bad < n && bad > 0 && !is_op(words.items[bad]) && is_op(words.items[bad - 1])) {
        size_t first = bad - 1;
        while (first > 0 && is_op(words.items[first - 1]))
            first--;
        if (first == 0)
            bad = 0;
        else if (bad - first >= 2)
            bad = first + 1;
    }
    if (bad == n) {
        snprintf(errbuf, errlen, "query syntax error: %s", syntax_reason(xapian_msg));
    } else {
        const char *w = words.items[bad];
        const char *what;
        if (is_op(w) && bad == 0)
            what = "expected a word, phrase or filter before it";
        else if (is_op(w) && bad + 1 == n)
            what = "expected a word, phrase or filter after it";
        else if (bad > 0 && is_op(words.items[bad - 1]) && is_op(w))
            what = "expected a word, phrase or filter between the two operators";
        else
            what = syntax_reason(xapian_msg);
        snprintf(errbuf, errlen, "query syntax error at column %zu, '%s': %s", starts[bad] + 1,
                 w, what);
    }
    sl_free(&words);
}
