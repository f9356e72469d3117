/* gazetteer.c: see gazetteer.h.
 *
 * Every name, variant and council form goes into a hash table (exact
 * look-ups) and a phrase matcher (phrases.h: one pass over a text whatever
 * the size of the gazetteer).  The matcher is built on the first search of
 * a text: it was half the start-up time of a query, which never needs it. */
#include "gazetteer.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "normalise.h"
#include "phrases.h"
#include "tsv.h"
#include "util.h"


/* The columns whose values become names of an authority. */
enum { COL_VARIANTS, COL_VENUES, COL_TOWNS, COL_DOMAINS, N_VALUE_COLUMNS };
static const char *const value_columns[N_VALUE_COLUMNS] = {"variants", "venues", "towns",
                                                           "domains"};

/* The table's keys and the matcher's names are written end to end in
 * chunks freed together: the table holds thousands, and a malloc and a
 * free each cost more than making the key (a query that filters by
 * authority built it at a quarter of its instructions). */
typedef struct text_chunk {
    struct text_chunk *next;
    size_t used, cap;
    char bytes[];
} text_chunk;

#define TEXT_CHUNK_BYTES (64u << 10)

/* Room for n bytes at the end of the text, not yet taken (text_take). */
static char *text_room(text_chunk **text, size_t n)
{
    text_chunk *c = *text;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > TEXT_CHUNK_BYTES ? n : TEXT_CHUNK_BYTES;
        c = xmalloc(sizeof *c + cap);
        c->next = *text;
        c->used = 0;
        c->cap = cap;
        *text = c;
    }
    return c->bytes + c->used;
}

/* Takes the n bytes text_room gave last. */
static void text_take(text_chunk *text, size_t n) { text->used += n; }

static void text_free(text_chunk *text)
{
    while (text) {
        text_chunk *next = text->next;
        free(text);
        text = next;
    }
}

typedef struct entry {
    const char *key;  /* words joined by single spaces, lower case (in text) */
    size_t authority;
    int how;          /* enum mention_how */
} entry;

struct gazetteer {
    authority *items;
    size_t len;
    /* each authority's ';'-separated values of the file, by column: the
     * table of names and forms is made from them on first use, as a query
     * process may never need it */
    strlist *values[N_VALUE_COLUMNS];
    entry *table; /* open addressing, at most half full; NULL until built */
    size_t cap, used;
    /* what the matcher will hold: names and their tags (authority * 4 +
     * how) */
    const char **names;
    int *tags;
    size_t n_names, names_cap;
    text_chunk *text; /* the table's keys and the names, newest chunk first */
    pthread_mutex_t lock; /* indexing threads share the gazetteer */
    phrases *matcher;     /* NULL until a text is searched */
};

static uint64_t hash(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* "St. Helens & Co" -> "st helens and co" into out (room for 4 *
 * strlen(s) + 1 bytes); its length.  ASCII's letters and digits by hand,
 * as the C locale (the programs never set another) has them: the loader
 * makes thousands of these, and ctype's calls were most of the cost. */
static size_t words_key(const char *s, char *out)
{
    char *o = out;
    int gap = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned c = *p;
        int upper = c - 'A' < 26u;
        if (upper || c - 'a' < 26u || c - '0' < 10u || c >= 0x80) {
            if (gap && o > out)
                *o++ = ' ';
            gap = 0;
            *o++ = (char)(upper ? c + ('a' - 'A') : c);
        } else if (c == '&') {
            if (o > out) {
                memcpy(o, " and", 4);
                o += 4;
            }
            gap = 1;
        } else {
            gap = 1;
        }
    }
    *o = '\0';
    return (size_t)(o - out);
}

static entry *slot_for(gazetteer *g, const char *key)
{
    size_t i = hash(key) & (g->cap - 1);
    while (g->table[i].key && strcmp(g->table[i].key, key) != 0)
        i = (i + 1) & (g->cap - 1);
    return &g->table[i];
}

/* First come wins: an authority's own name over a variant, a name over
 * another authority's town (Derby is Derby, not a town of Derbyshire). */
/* Doubles the table: however many names a user's file gives. */
static void grow(gazetteer *g)
{
    entry *old = g->table;
    size_t old_cap = g->cap;
    g->cap *= 2;
    g->table = xcalloc(g->cap, sizeof *g->table);
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *slot_for(g, old[i].key) = old[i];
    free(old);
}

static void put(gazetteer *g, const char *name, size_t a, int how)
{
    size_t n = strlen(name);
    char *key = text_room(&g->text, 4 * n + 1);
    size_t len = words_key(name, key);
    if (!len)
        return;
    if (2 * (g->used + 1) > g->cap)
        grow(g);
    entry *e = slot_for(g, key);
    if (e->key) /* the room is left for the next key */
        return;
    text_take(g->text, len + 1);
    *e = (entry){key, a, how};
    g->used++;
    if (g->n_names == g->names_cap) {
        g->names_cap = g->names_cap ? g->names_cap * 2 : 256;
        g->names = xrealloc(g->names, g->names_cap * sizeof *g->names);
        g->tags = xrealloc(g->tags, g->names_cap * sizeof *g->tags);
    }
    char *copy = text_room(&g->text, n + 1);
    memcpy(copy, name, n + 1);
    text_take(g->text, n + 1);
    g->tags[g->n_names] = (int)(a * 4) + how;
    g->names[g->n_names++] = copy;
}

static int is_acronym(const char *s)
{
    int upper = 0;
    for (; *s; s++) {
        if (islower((unsigned char)*s))
            return 0;
        upper += isupper((unsigned char)*s) != 0;
    }
    return upper >= 2;
}

/* The council forms people write of a name, and its council's buildings. */
static const char *const suffixes[] = {" Council", " City Council", " County Council",
                                       " Borough Council", " Metropolitan Borough Council",
                                       " Metropolitan District Council", " District Council", " MBC", " Town Hall",
                                       " Civic Centre", NULL};
static const char *const prefixes[] = {"City of ", "London Borough of ", "Royal Borough of ",
                                       "Borough of ", "County of ", NULL};
static const char *const halls[] = {"Town Hall, ", "Civic Centre, ", "Council House, ", NULL};
/* ...and the buildings of an administrative town */
static const char *const town_halls[] = {"County Hall, ", "Shire Hall, ", "Council Offices, ",
                                         "Civic Offices, ", "County Offices, ",
                                         "Municipal Buildings, ", NULL};

static void put_affixed(gazetteer *g, strbuf *sb, const char *const *pre, const char *name,
                        size_t a)
{
    for (size_t i = 0; pre[i]; i++) {
        sb->len = 0;
        sb_adds(sb, pre[i]);
        sb_adds(sb, name);
        put(g, sb->buf, a, MENTION_COUNCIL);
    }
}

static void put_forms(gazetteer *g, const char *name, size_t a)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; suffixes[i]; i++) {
        sb.len = 0;
        sb_adds(&sb, name);
        sb_adds(&sb, suffixes[i]);
        put(g, sb.buf, a, MENTION_COUNCIL);
    }
    for (size_t i = 0; prefixes[i]; i++) {
        sb.len = 0;
        sb_adds(&sb, prefixes[i]);
        sb_adds(&sb, name);
        put(g, sb.buf, a, MENTION_COUNCIL);
        sb_adds(&sb, " Council");
        put(g, sb.buf, a, MENTION_COUNCIL);
    }
    put_affixed(g, &sb, halls, name, a);
    sb_free(&sb);
}

/* An administrative town: its halls name the council, the town alone is
 * a weak hint. */
static void put_town(gazetteer *g, const char *town, size_t a)
{
    strbuf sb;
    sb_init(&sb);
    put_affixed(g, &sb, halls, town, a);
    put_affixed(g, &sb, town_halls, town, a);
    sb.len = 0;
    sb_adds(&sb, town);
    sb_adds(&sb, " Town Hall");
    put(g, sb.buf, a, MENTION_COUNCIL);
    sb_free(&sb);
    put(g, town, a, MENTION_TOWN);
}

static void put_variant(gazetteer *g, const char *v, size_t a)
{
    /* an acronym (CWC) must appear in capitals: the matcher sees to it */
    put(g, v, a, strstr(v, "Council") ? MENTION_COUNCIL : MENTION_NAME);
    if (!is_acronym(v))
        put_forms(g, v, a);
}

static void put_venue(gazetteer *g, const char *v, size_t a) { put(g, v, a, MENTION_COUNCIL); }
static void put_domain(gazetteer *g, const char *v, size_t a) { put(g, v, a, MENTION_DOMAIN); }

static int is_district(const authority *a) { return strcmp(a->kind, KIND_DISTRICT) == 0; }

/* Calls fn for each value of a column, authority by authority, of the
 * districts or of the others. */
static void each_value(gazetteer *g, int col, int district,
                       void (*fn)(gazetteer *, const char *, size_t))
{
    for (size_t i = 0; i < g->len; i++)
        for (size_t v = 0; is_district(&g->items[i]) == district && v < g->values[col][i].len; v++)
            fn(g, g->values[col][i].items[v], i);
}

/* The table of names and their forms, built once under the lock (indexing
 * threads share the gazetteer).  Names first, then their council forms,
 * variants, venues, towns and domains: a variant never takes a name
 * another authority owns, nor a town an authority's name. */
static void build_names(gazetteer *g)
{
    g->cap = 16384; /* the shipped file fills a quarter of it */
    g->table = xcalloc(g->cap, sizeof *g->table);
    /* the authorities with children's services first, then the districts
     * (whose names are mostly their counties' towns: "County Hall,
     * Chelmsford" stays Essex's); the first names put are what own_name
     * answers without the table */
    for (int district = 0; district < 2; district++) {
        for (size_t i = 0; i < g->len; i++)
            if (is_district(&g->items[i]) == district)
                put(g, g->items[i].name, i, MENTION_NAME);
        for (size_t i = 0; i < g->len; i++)
            if (is_district(&g->items[i]) == district)
                put_forms(g, g->items[i].name, i);
        each_value(g, COL_VARIANTS, district, put_variant);
        each_value(g, COL_VENUES, district, put_venue);
        each_value(g, COL_TOWNS, district, put_town);
        each_value(g, COL_DOMAINS, district, put_domain);
    }
}

/* g with its table of names built. */
static gazetteer *with_names(const gazetteer *cg)
{
    gazetteer *g = (gazetteer *)cg; /* built once, then only read */
    pthread_mutex_lock(&g->lock);
    if (!g->table)
        build_names(g);
    pthread_mutex_unlock(&g->lock);
    return g;
}

/* Every successor a former authority names is in the file. */
static scr_status check_successors(const gazetteer *g, const char *path, scr_error *err)
{
    for (size_t i = 0; i < g->len; i++) {
        strlist s;
        sl_init(&s);
        sl_split(&s, g->items[i].successors, ';');
        for (size_t j = 0; j < s.len; j++) {
            size_t k = 0;
            while (k < g->len && strcmp(g->items[k].slug, s.items[j]) != 0)
                k++;
            if (k == g->len) {
                scr_fail(err, SCR_ERR_INPUT, "%s: %s's successor '%s' is not an authority of "
                         "the file", path, g->items[i].slug, s.items[j]);
                sl_free(&s);
                return SCR_ERR_INPUT;
            }
        }
        sl_free(&s);
    }
    return SCR_OK;
}

/* Appends the rows of t; kind, when not NULL, is every row's kind and
 * makes it strict (districts.tsv).  The rows' county column, if any, goes
 * to county. */
static void add_rows(gazetteer *g, const tsv *t, const char *kind)
{
    int c_slug = tsv_column(t, "slug"), c_name = tsv_column(t, "name"),
        c_ons = tsv_column(t, "ons"), c_region = tsv_column(t, "region"),
        c_kind = tsv_column(t, "kind"), c_until = tsv_column(t, "until"),
        c_strict = tsv_column(t, "strict"), c_dfe = tsv_column(t, "dfe"),
        c_succ = tsv_column(t, "successors"), c_county = tsv_column(t, "county");
    size_t cap = g->len + t->n_rows;
    g->items = xrealloc(g->items, (cap ? cap : 1) * sizeof *g->items);
    int cols[N_VALUE_COLUMNS];
    for (int c = 0; c < N_VALUE_COLUMNS; c++) {
        cols[c] = tsv_column(t, value_columns[c]);
        g->values[c] = xrealloc(g->values[c], (cap ? cap : 1) * sizeof *g->values[c]);
    }
    for (size_t r = 0; r < t->n_rows; r++) {
        authority *a = &g->items[g->len];
        memset(a, 0, sizeof *a);
        char *slug = xcheck(norm_slug(tsv_cell(t, r, c_slug)));
        if (!*slug || !*tsv_cell(t, r, c_name)) {
            free(slug);
            continue;
        }
        a->slug = slug;
        a->name = xstrdup(tsv_cell(t, r, c_name));
        a->ons = xstrdup(tsv_cell(t, r, c_ons));
        a->dfe = xstrdup(tsv_cell(t, r, c_dfe));
        a->region = xstrdup(tsv_cell(t, r, c_region));
        a->kind = xstrdup(kind ? kind : tsv_cell(t, r, c_kind));
        a->successors = xstrdup(tsv_cell(t, r, c_succ));
        a->county = xstrdup(tsv_cell(t, r, c_county));
        a->until = atoi(tsv_cell(t, r, c_until));
        a->strict = kind || strcmp(tsv_cell(t, r, c_strict), "1") == 0;
        for (int c = 0; c < N_VALUE_COLUMNS; c++) {
            sl_init(&g->values[c][g->len]);
            if (cols[c] >= 0)
                sl_split(&g->values[c][g->len], tsv_cell(t, r, cols[c]), ';');
        }
        g->len++;
    }
}

static scr_status load_rows(gazetteer *g, const char *path, const char *kind, scr_error *err)
{
    tsv t;
    scr_status rc = tsv_load(path, &t, err);
    if (rc != SCR_OK)
        return rc;
    if (tsv_column(&t, "slug") < 0 || tsv_column(&t, "name") < 0) {
        tsv_free(&t);
        return scr_fail(err, SCR_ERR_INPUT, "%s: needs 'slug' and 'name' columns", path);
    }
    add_rows(g, &t, kind);
    tsv_free(&t);
    return check_successors(g, path, err);
}

scr_status gazetteer_load(const char *path, gazetteer **out, scr_error *err)
{
    gazetteer *g = xcalloc(1, sizeof *g);
    pthread_mutex_init(&g->lock, NULL);
    scr_status rc = load_rows(g, path, NULL, err);
    if (rc != SCR_OK) {
        gazetteer_free(g);
        return rc;
    }
    *out = g;
    return SCR_OK;
}

scr_status gazetteer_add_districts(gazetteer *g, const char *path, scr_error *err)
{
    return load_rows(g, path, KIND_DISTRICT, err);
}

void gazetteer_free(gazetteer *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->len; i++) {
        authority *a = &g->items[i];
        free(a->slug);
        free(a->name);
        free(a->ons);
        free(a->region);
        free(a->kind);
        free(a->dfe);
        free(a->successors);
        free(a->county);
    }
    for (int c = 0; c < N_VALUE_COLUMNS; c++) {
        for (size_t i = 0; i < g->len; i++)
            sl_free(&g->values[c][i]);
        free(g->values[c]);
    }
    free(g->table);
    text_free(g->text);
    if (g->matcher)
        phrases_free(g->matcher);
    free(g->names);
    free(g->tags);
    pthread_mutex_destroy(&g->lock);
    free(g->items);
    free(g);
}

size_t gazetteer_size(const gazetteer *g) { return g->len; }
const authority *gazetteer_get(const gazetteer *g, size_t i) {
    return i < g->len ? &g->items[i] : NULL;
}

/* The authority with children's services whose own name has key, or
 * NULL.  build_names puts these names first, so the table would answer
 * the same: a look-up by name (authority:wigan, as filters and links
 * write it) does not build it, a quarter of such a query's instructions. */
static const authority *own_name(const gazetteer *g, const char *key)
{
    const authority *found = NULL;
    size_t cap = 0;
    char *own = NULL;
    for (size_t i = 0; *key && i < g->len && !found; i++) {
        if (is_district(&g->items[i]))
            continue;
        size_t need = 4 * strlen(g->items[i].name) + 1;
        if (need > cap)
            own = xrealloc(own, cap = 2 * need);
        words_key(g->items[i].name, own);
        if (strcmp(own, key) == 0)
            found = &g->items[i];
    }
    free(own);
    return found;
}

/* "Bristol, City of", as the ONS's lists write some names: "City of
 * Bristol", malloc()ed; NULL for a name not so inverted. */
static char *uninverted(const char *name)
{
    static const char *const tails[] = {"city of", "county of"};
    size_t n = strlen(name);
    while (n && isspace((unsigned char)name[n - 1]))
        n--;
    for (size_t t = 0; t < sizeof tails / sizeof *tails; t++) {
        size_t k = strlen(tails[t]);
        if (n <= k + 1 || strncasecmp(name + n - k, tails[t], k) != 0 ||
            (name[n - k - 1] != ' ' && name[n - k - 1] != ','))
            continue;
        size_t m = n - k - 1;
        while (m && (name[m - 1] == ' ' || name[m - 1] == ','))
            m--;
        if (!m)
            return NULL;
        strbuf sb;
        sb_init(&sb);
        sb_addf(&sb, "%s %.*s", tails[t], (int)m, name);
        return sb_steal(&sb);
    }
    return NULL;
}

const authority *gazetteer_lookup(const gazetteer *g, const char *name) {
    char *key = xmalloc(4 * strlen(name) + 1);
    words_key(name, key);
    const authority *found = own_name(g, key);
    if (!found) {
        entry *e = slot_for(with_names(g), key);
        /* a town alone is not a name for its authority (authority:newport) */
        found = e->key && e->how != MENTION_TOWN ? &g->items[e->authority] : NULL;
    }
    free(key);
    if (found)
        return found;
    char *slug = xcheck(norm_slug(name));
    for (size_t i = 0; i < g->len && !found; i++)
        if (strcmp(g->items[i].slug, slug) == 0)
            found = &g->items[i];
    free(slug);
    char *plain = found ? NULL : uninverted(name);
    if (plain) /* it ends in no "city of": looked up once more at most */
        found = gazetteer_lookup(g, plain);
    free(plain);
    return found;
}

/* Whether the word after (or before) a place in text is `word`. */
static int word_after(const char *text, size_t end, const char *word)
{
    size_t i = end, n = strlen(word);
    while (text[i] == ' ' || text[i] == '\n')
        i++;
    return strncasecmp(text + i, word, n) == 0 && !isalnum((unsigned char)text[i + n]);
}

/* Whether the two words after a place in text are w1 w2. */
static int words_after(const char *text, size_t end, const char *w1, const char *w2)
{
    if (!word_after(text, end, w1))
        return 0;
    size_t i = end;
    while (text[i] == ' ' || text[i] == '\n')
        i++;
    return word_after(text, i + strlen(w1), w2);
}

static int word_before(const char *text, size_t start, const char *word)
{
    size_t i = start, n = strlen(word);
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\n'))
        i--;
    return i >= n && strncasecmp(text + i - n, word, n) == 0 &&
           (i == n || !isalnum((unsigned char)text[i - n - 1]));
}

/* Whether a council's building stands before a place on its line, with
 * at most two parts of an address between them ("County Hall, Martineau
 * Lane, Norwich"): the place is where the council is. */
static int hall_before(const char *text, size_t start)
{
    size_t from = start > 100 ? start - 100 : 0, commas = 0;
    for (size_t i = start; i > from && text[i - 1] != '\n'; i--) {
        commas += text[i - 1] == ',';
        if (commas > 3)
            return 0;
        const char *const *lists[] = {halls, town_halls};
        for (size_t l = 0; l < 2; l++)
            for (size_t j = 0; lists[l][j]; j++) {
                size_t n = strlen(lists[l][j]);
                if (i - 1 + n <= start && strncmp(text + i - 1, lists[l][j], n) == 0)
                    return 1;
            }
    }
    return 0;
}

static const phrases *matcher(const gazetteer *cg)
{
    gazetteer *g = with_names(cg); /* built once, then only read */
    pthread_mutex_lock(&g->lock);
    if (!g->matcher) {
        g->matcher = phrases_new();
        for (size_t i = 0; i < g->n_names; i++)
            phrases_add(g->matcher, g->names[i], g->tags[i]);
    }
    pthread_mutex_unlock(&g->lock);
    return g->matcher;
}

/* Whether the word at start begins a sentence or a line: the text's
 * first, or after a full stop, a question or exclamation mark, a colon or
 * a line break (a heading, an item), an opening quote or bracket aside. */
static int starts_sentence(const char *text, size_t start)
{
    size_t i = start;
    for (;;) {
        if (i > 0 && strchr("\"'([", text[i - 1]))
            i--;
        else if (i >= 3 && (unsigned char)text[i - 3] == 0xe2 &&
                 (unsigned char)text[i - 2] == 0x80 &&
                 ((unsigned char)text[i - 1] == 0x9c || (unsigned char)text[i - 1] == 0x98))
            i -= 3; /* “ or ‘ */
        else
            break;
    }
    int newline = 0;
    while (i > 0 && isspace((unsigned char)text[i - 1]))
        newline |= text[--i] == '\n';
    return i == 0 || newline || strchr(".!?:", text[i - 1]) != NULL;
}

/* What find() looks for beside names and council forms. */
enum { FIND_TOWNS = 1, FIND_PROPER_NOUNS = 2 };

static size_t find(const gazetteer *g, const char *text, int flags, mention **out)
{
    int towns = flags & FIND_TOWNS;
    phrase_hit *h;
    size_t nh = phrases_find(matcher(g), text, &h);
    size_t n = 0;
    mention *m = xmalloc((nh ? nh : 1) * sizeof *m);
    for (size_t i = 0; i < nh; i++) {
        size_t a = (size_t)h[i].tags[0] / 4; /* the first: a name before a variant */
        int how = h[i].tags[0] % 4;
        if (how == MENTION_TOWN && !towns)
            continue;
        /* proper nouns start with a capital (acronyms' capitals the matcher
         * checked; a domain is written in lower case); "Greater
         * Manchester" is not Manchester */
        if (how != MENTION_DOMAIN &&
            (!isupper((unsigned char)text[h[i].start]) || word_before(text, h[i].start, "greater")))
            continue;
        /* "Wigan Council", and the forms that name an area as the subject
         * of a report: "the Bury Local Area (Partnership)", "the Bury area
         * partnership", "the Bury partnership", "Bury Safeguarding
         * Children Partnership"; "Bury local authority" says a name is an
         * authority's (Bury, Reading) without weighing more than the bare
         * name */
        if (how == MENTION_NAME &&
            (word_after(text, h[i].end, "council") ||
             words_after(text, h[i].end, "local", "area") ||
             words_after(text, h[i].end, "area", "partnership") ||
             word_after(text, h[i].end, "partnership") ||
             words_after(text, h[i].end, "safeguarding", "children")))
            how = MENTION_COUNCIL;
        if ((how == MENTION_NAME || how == MENTION_TOWN) && hall_before(text, h[i].start))
            how = MENTION_COUNCIL;
        if (g->items[a].strict && how == MENTION_NAME &&
            !words_after(text, h[i].end, "local", "authority") &&
            !((flags & FIND_PROPER_NOUNS) && !starts_sentence(text, h[i].start)))
            continue;
        m[n++] = (mention){a, h[i].start, how == MENTION_COUNCIL || how == MENTION_DOMAIN, how};
    }
    free(h);
    *out = m;
    return n;
}

size_t gazetteer_find(const gazetteer *g, const char *text, mention **out)
{
    return find(g, text, 0, out);
}

size_t gazetteer_find_places(const gazetteer *g, const char *text, mention **out)
{
    return find(g, text, FIND_TOWNS, out);
}

size_t gazetteer_find_written(const gazetteer *g, const char *text, mention **out)
{
    return find(g, text, FIND_PROPER_NOUNS, out);
}
