/* docformat.c: see docformat.h. */
#include "docformat.h"

#include <string.h>
#include <strings.h>

const char *format_name(doc_format f)
{
    switch (f) {
    case DOC_TEXT: return "text";
    case DOC_MARKDOWN: return "markdown";
    case DOC_PDF: return "pdf";
    case DOC_HTML: return "html";
    case DOC_DOCX: return "docx";
    case DOC_ZIP: return "zip";
    case DOC_BINARY: return "binary";
    }
    return "binary";
}

static const char *skip_space_and_bom(const char *p, const char *end)
{
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p;
}

static int starts_with_ci(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(end - p) >= n && strncasecmp(p, word, n) == 0;
}

/* Whether `needle` occurs in data[0..n) (memmem is not in C11/POSIX). */
static int contains(const char *data, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (data[i] == needle[0] && memcmp(data + i, needle, k) == 0)
            return 1;
    return 0;
}

static int looks_binary(const char *data, size_t n)
{
    size_t probe = n < 8192 ? n : 8192, control = 0;
    for (size_t i = 0; i < probe; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == 0)
            return 1;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
            control++;
    }
    return probe && control * 10 > probe; /* over 10% control bytes */
}

doc_format format_detect(const char *path, const char *data, size_t n)
{
    const char *end = data + n;
    if (n >= 5 && memcmp(data, "%PDF-", 5) == 0)
        return DOC_PDF;
    if (n >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
        return contains(data, n, "word/document.xml") ? DOC_DOCX : DOC_ZIP;
    if (looks_binary(data, n))
        return DOC_BINARY;
    const char *p = skip_space_and_bom(data, end);
    if (starts_with_ci(p, end, "<!doctype html") || starts_with_ci(p, end, "<html") ||
        ((starts_with_ci(p, end, "<?xml") || starts_with_ci(p, end, "<!--")) &&
         (contains(data, n < 4096 ? n : 4096, "<html") ||
          contains(data, n < 4096 ? n : 4096, "<HTML"))))
        return DOC_HTML;
    const char *dot = strrchr(path, '.');
    if (dot && !strchr(dot, '/') &&
        (strcasecmp(dot, ".md") == 0 || strcasecmp(dot, ".markdown") == 0))
        return DOC_MARKDOWN;
    return DOC_TEXT;
}
