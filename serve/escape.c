/* escape.c: HTML and URL escaping. */
#include "escape.h"

static void html_char(strbuf *sb, char c)
{
    switch (c) {
    case '&': sb_adds(sb, "&amp;"); break;
    case '<': sb_adds(sb, "&lt;"); break;
    case '>': sb_adds(sb, "&gt;"); break;
    case '"': sb_adds(sb, "&quot;"); break;
    case '\'': sb_adds(sb, "&#39;"); break;
    default:
        if ((unsigned char)c >= 0x20 || c == '\n' || c == '\t')
            sb_addc(sb, c);
    }
}

void html_add(strbuf *sb, const char *s)
{
    for (; s && *s; s++)
        html_char(sb, *s);
}

void html_add_marked(strbuf *sb, const char *s, char start, char end)
{
    int open = 0;
    for (; s && *s; s++) {
        if (*s == start && !open) {
            sb_adds(sb, "<mark>");
            open = 1;
        } else if (*s == end && open) {
            sb_adds(sb, "</mark>");
            open = 0;
        } else {
            html_char(sb, *s);
        }
    }
    if (open)
        sb_adds(sb, "</mark>");
}

void url_add(strbuf *sb, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            sb_addc(sb, (char)c);
        } else {
            sb_addc(sb, '%');
            sb_addc(sb, hex[c >> 4]);
            sb_addc(sb, hex[c & 15]);
        }
    }
}
