/* blocks.c: a text cut into blocks (paragraphs, headings, lines), and the small
 * measures of a line every rule uses (analyse-internal.h). */
#include "analyse-internal.h"

/* A formatted, malloc()ed string. */
char *xstrdup_printf(const char *f, ...)
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


size_t split_blocks(const char *text, block **out)
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

char *strip_marks(const char *s, size_t n)
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

size_t word_count(const char *s)
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

int all_caps_words(const char *s)
{
    int upper = 0;
    for (; *s; s++) {
        if (islower((unsigned char)*s))
            return 0;
        upper += isupper((unsigned char)*s) != 0;
    }
    return upper >= 8;
}
