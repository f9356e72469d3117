/* authorities.c: the local authorities a document is about: where they are named
 * counts more than how often (analyse-internal.h). */
#include "analyse-internal.h"

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
void find_authorities(const knowledge *k, const char *text, const char *file_title,
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
