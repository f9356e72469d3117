/* source.c: see source.h. */
#include "source.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* How many lines at each end of a text may hold its address. */
#define SOURCE_LINES 5

/* Where the host starts: after "scheme://", else at 0 when the text starts
 * with "www.". */
static size_t host_start(const char *url)
{
    const char *p = strstr(url, "://");
    if (p)
        return (size_t)(p - url) + 3;
    return strncasecmp(url, "www.", 4) == 0 ? 0 : (size_t)-1;
}

size_t source_host_end(const char *url)
{
    size_t s = host_start(url);
    if (s == (size_t)-1)
        return 0;
    size_t e = s;
    while (url[e] && url[e] != '/' && url[e] != '?' && url[e] != '#' && url[e] != ':' &&
           !isspace((unsigned char)url[e]))
        e++;
    return e > s ? e : 0;
}

int source_on_domain(const char *url, const char *domain)
{
    size_t s = host_start(url), e = source_host_end(url);
    if (s == (size_t)-1 || !e || !*domain)
        return 0;
    const char *slash = strchr(domain, '/');
    size_t dn = slash ? (size_t)(slash - domain) : strlen(domain), hn = e - s;
    if (dn > hn || strncasecmp(url + e - dn, domain, dn) != 0 ||
        (dn < hn && url[e - dn - 1] != '.'))
        return 0;
    /* "www.gov.uk/ofsted": the path must follow too */
    return !slash || strncasecmp(url + e, slash, strlen(slash)) == 0;
}

char *source_words(const char *url)
{
    char *w = xstrdup(url);
    size_t s = host_start(url);
    if (s == (size_t)-1)
        s = 0;
    memset(w, ' ', s); /* the scheme */
    int start = 1;
    for (size_t i = s; w[i]; i++) {
        if (w[i] == '?' || w[i] == '#') {
            w[i] = '\0';
            break;
        }
        if (!isalnum((unsigned char)w[i]) && !((unsigned char)w[i] & 0x80)) {
            w[i] = ' ';
            start = 1;
        } else {
            if (start)
                w[i] = (char)toupper((unsigned char)w[i]);
            start = 0;
        }
    }
    return w;
}

/* The address a line holds, malloc()ed, or NULL: the line is an address
 * alone, or a label and an address. */
static char *line_address(const char *s, size_t n)
{
    static const char *const labels[] = {"source:", "url:", "address:", "saved from:",
                                         "retrieved from:", "web address:", NULL};
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    for (size_t i = 0; labels[i]; i++) {
        size_t k = strlen(labels[i]);
        if (n > k && strncasecmp(s, labels[i], k) == 0) {
            s += k, n -= k;
            while (n && *s == ' ')
                s++, n--;
            break;
        }
    }
    if (!(n > 8 && (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0)) &&
        !(n > 4 && strncasecmp(s, "www.", 4) == 0))
        return NULL;
    if (memchr(s, ' ', n))
        return NULL;
    char *url = xstrndup(s, n);
    if (!source_host_end(url)) {
        free(url);
        return NULL;
    }
    return url;
}

char *source_from_text(const char *text)
{
    size_t len = strlen(text);
    /* the first lines */
    const char *p = text;
    for (int i = 0; i < SOURCE_LINES && *p; i++) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *u = line_address(p, n);
        if (u)
            return u;
        if (!e)
            return NULL;
        p = e + 1;
    }
    /* the last lines */
    size_t end = len;
    for (int i = 0; i < SOURCE_LINES && end > 0; i++) {
        while (end > 0 && text[end - 1] == '\n')
            end--;
        size_t start = end;
        while (start > 0 && text[start - 1] != '\n')
            start--;
        char *u = line_address(text + start, end - start);
        if (u)
            return u;
        end = start;
    }
    return NULL;
}
