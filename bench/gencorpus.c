/* gencorpus: writes N documents in the style of the sample corpus, the same
 * bytes for the same seed: Ofsted letters, LGA peer reviews and committee
 * minutes about the authorities of the gazetteer, 2005-2025, built from the
 * sample documents' own sentences, with headed sections, recommendations
 * and themes.  Mean size about 30 KB (5 to 150 KB).
 *
 *   gencorpus N OUTDIR [SEED] [SRCDIR]   (SRCDIR holds corpus/ and data/)
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t rng_state;

static uint64_t rnd(void) /* xorshift64*: fast, and the same everywhere */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}

static size_t pick(size_t n) { return (size_t)(rnd() % n); }
static double unit(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }

typedef struct list {
    char **items;
    size_t len, cap;
} list;

static void push(list *l, const char *s, size_t n)
{
    if (l->len == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->items = realloc(l->items, l->cap * sizeof *l->items);
    }
    char *c = malloc(n + 1);
    memcpy(c, s, n);
    c[n] = '\0';
    l->items[l->len++] = c;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *b = malloc((size_t)n + 1);
    size_t got = fread(b, 1, (size_t)n, f);
    b[got] = '\0';
    fclose(f);
    return b;
}

/* Sentences: runs ending in ". " of 40 to 400 bytes, without line breaks. */
static void sentences_of(const char *text, list *out)
{
    const char *p = text;
    while (*p) {
        while (*p && (isspace((unsigned char)*p) || *p == '-' || *p == '*' || *p == '#'))
            p++;
        const char *start = p;
        while (*p && !(p[0] == '.' && (p[1] == ' ' || p[1] == '\n')) && *p != '\n')
            p++;
        size_t n = (size_t)(p - start) + (*p == '.');
        if (*p == '.' && n >= 40 && n <= 400 && isupper((unsigned char)*start))
            push(out, start, n);
        if (*p)
            p++;
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: gencorpus N OUTDIR [SEED] [SRCDIR]\n");
        return 2;
    }
    long n = atol(argv[1]);
    const char *out = argv[2];
    rng_state = argc > 3 ? strtoull(argv[3], NULL, 10) | 1 : 20181126;
    const char *src = argc > 4 ? argv[4] : ".";
    list sent = {0}, auth = {0};
    static const char *const files[] = {"000_e85d07dccdbcca4e.txt", "001_b2073b80ffbe49dc.txt",
                                        "002_759b29acf5689f57.txt", "003_858577f6889f0cc7.txt",
                                        "004_99a5531b2ffe9930.txt"};
    char path[4096];
    for (size_t i = 0; i < 5; i++) {
        snprintf(path, sizeof path, "%s/corpus/%s", src, files[i]);
        char *t = slurp(path);
        if (!t) {
            fprintf(stderr, "gencorpus: %s: %s\n", path, strerror(errno));
            return 2;
        }
        sentences_of(t, &sent);
        free(t);
    }
    snprintf(path, sizeof path, "%s/data/authorities.tsv", src);
    char *g = slurp(path);
    if (!g) {
        fprintf(stderr, "gencorpus: %s: %s\n", path, strerror(errno));
        return 2;
    }
    for (char *line = strtok(g, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || strncmp(line, "slug\t", 5) == 0)
            continue;
        char *name = strchr(line, '\t');
        if (!name)
            continue;
        name++;
        char *end = strchr(name, '\t');
        push(&auth, name, end ? (size_t)(end - name) : strlen(name));
    }
    free(g);
    mkdir(out, 0777);
    static const char *const months[] = {"January", "February", "March",     "April",
                                         "May",     "June",     "July",      "August",
                                         "September", "October", "November", "December"};
    static const char *const subjects[] = {"Special educational needs and disabilities",
                                           "Speech, language and communication",
                                           "Governance and accountability", "Early years",
                                           "Safeguarding", "Health visiting", "Workforce",
                                           "Partnership working", "Children looked after",
                                           "Preparing for adulthood"};
    /* Headings of kinded passages, and how often each comes, so that the
     * passages' kinds are shared as ../shared/realdocs's are (scrutiny-query
     * --level passage --count kind:K, 2026-12-01): 19% of its 7,029 passages
     * have a kind; of those, recommendations 35%, areas for development 26%,
     * findings 31%, strengths 8%.  1,000 of these documents: 20%, and 33%,
     * 25%, 30%, 11%.  Until then every paragraph here stood under one of
     * these headings (98% of passages), and so the kind-scoped terms
     * (doc/schema.md) cost five times what they cost on real documents. */
    static const struct { const char *heading; int per_mille; } kinds[] = {
        {"Recommendations", 170}, {"Next steps", 100}, {"Areas for development", 150},
        {"Areas for consideration", 90}, {"Main findings", 430}, {"Strengths", 60}};
    for (long d = 0; d < n; d++) {
        int style = (int)pick(3);
        const char *a = auth.items[pick(auth.len)];
        int year = 2005 + (int)pick(21), month = (int)pick(12), day = 1 + (int)pick(28);
        /* log-normal size around 30 KB, kept within 5-150 KB */
        double size = 26000.0 * exp(0.55 * sqrt(-2 * log(unit() + 1e-12)) * cos(6.2831853 * unit()));
        if (size < 5000)
            size = 5000;
        if (size > 150000)
            size = 150000;
        snprintf(path, sizeof path, "%s/doc%06ld.txt", out, d);
        FILE *f = fopen(path, "w");
        if (!f) {
            fprintf(stderr, "gencorpus: %s: %s\n", path, strerror(errno));
            return 2;
        }
        long written = 0;
        if (style == 0) {
            written += fprintf(f, "Ofsted\nPiccadilly Gate\nStore Street\nManchester M1 2WD\n\n%d %s %d\n\n"
                                  "Director of Children's Services\n%s Council\n\nDear Director\n\n"
                                  "Joint local area SEND inspection in %s\n\n",
                               day, months[month], year, a, a);
        } else if (style == 1) {
            written += fprintf(f, "# %s Council: Early Years Peer Review\n\n%s %d\n\n## Feedback Report\n\n",
                               a, months[month], year);
        } else {
            written += fprintf(f, "Agenda\n\n%s Council Children and Young People Scrutiny Panel\n\n"
                                  "Minutes of the meeting held on %d %s %d\n\n",
                               a, day, months[month], year);
        }
        int section = 1;
        while (written < (long)size) {
            written += fprintf(f, "%d. %s\n\n", section++, subjects[pick(10)]);
            /* a section's narrative, and in one section of three a kinded
             * block after it (about a fifth of the passages, as above) */
            int kinded = pick(3) == 0;
            for (int k = 0; k < 1 + kinded && written < (long)size; k++) {
                const char *kind = NULL;
                if (k) {
                    int r = (int)pick(1000), i = 0;
                    while (r >= kinds[i].per_mille) r -= kinds[i++].per_mille;
                    kind = kinds[i].heading;
                    written += fprintf(f, "%s\n\n", kind);
                }
                int paras = k ? 1 + (int)pick(4) : 2 + (int)pick(6);
                for (int p = 0; p < paras; p++) {
                    int bullet = kind && (kind[0] == 'R' || kind[0] == 'N');
                    int sents = bullet ? 1 + (int)pick(2) : 2 + (int)pick(5);
                    if (bullet)
                        written += fprintf(f, "- ");
                    for (int s = 0; s < sents; s++)
                        written += fprintf(f, "%s%s", s ? " " : "", sent.items[pick(sent.len)]);
                    written += fprintf(f, "\n\n");
                }
            }
        }
        fclose(f);
    }
    return 0;
}
