/* escape.h: every value the server echoes goes through one of these, for
 * the context it lands in. */
#ifndef SCRUTINY_SERVE_ESCAPE_H
#define SCRUTINY_SERVE_ESCAPE_H

#include "util.h"

/* s as HTML text or a quoted attribute value (& < > " ' escaped, control
 * characters other than newline and tab dropped). */
void html_add(strbuf *sb, const char *s);
/* s as a URL query value: everything but A-Z a-z 0-9 - . _ ~ %-encoded. */
void url_add(strbuf *sb, const char *s);
/* s HTML-escaped with the marks start and end (one byte each, never in
 * text) turned into <mark> and </mark>. */
void html_add_marked(strbuf *sb, const char *s, char start, char end);

#endif
