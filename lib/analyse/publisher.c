/* publisher.c: who wrote a document: publishers.tsv's marks, a council's site,
 * banner, footer and voice, another body's banner (analyse-internal.h). */
#include "analyse-internal.h"

/* What one publisher's marks in publishers.tsv score in text[0..n). */
double publisher_score(const knowledge *k, const char *text, size_t n, const char *who)
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
void find_publisher(const knowledge *k, const char *head, size_t n, const char *tail,
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
const char *site_publisher(const knowledge *k, const char *source, int on_council_site)
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
const char *commissioning_body(const knowledge *k, const char *head, size_t n,
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
int reported_on(const knowledge *k, const char *head, size_t n, const char *who)
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
int byline(const char *text, const block *b, size_t nb)
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
int first_person(const char *text, size_t n)
{
    return phrase_count(text, n, "we", 3) + phrase_count(text, n, "our", 3) +
               phrase_count(text, n, "us", 3) >= 3;
}

/* Whether text names an authority as a council ("Shropshire Council's
 * children's services", "County Hall, Martineau Lane, Norwich"). */
int names_council(const knowledge *k, const char *text)
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
int council_footer(const knowledge *k, const char *text, const block *b, size_t nb)
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
int council_banner_or_contact(const knowledge *k, const char *text, const block *b,
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
int has_marks(const knowledge *k, const char *text, size_t n, const char *w)
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
int body_name_line(const knowledge *k, const char *s, size_t n)
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
long body_banner(const knowledge *k, const char *text, const block *b, size_t nb)
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
int residents_voice(const knowledge *k, const char *text, size_t n)
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
void owner_authority(const knowledge *k, const char *text, const block *b, size_t nb,
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
void publisher_from_site(const char *site, const char *source, analysis *a)
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
