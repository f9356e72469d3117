/* extract_html.c: the readable text of an HTML page through libxml2's
 * forgiving HTML parser, without scripts, styles and navigation. */
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract.h"
#include "util.h"

/* Elements whose content is never prose. */
static const char *const skipped[] = {"script", "style", "nav", "noscript", "form",
                                      "aside", "template", "svg", "button", "select",
                                      "iframe", "head", "header", "footer", "menu", NULL};
/* Elements that end a paragraph. */
static const char *const blocks[] = {"p", "div", "section", "article", "main", "table",
                                     "tr", "ul", "ol", "dl", "dt", "dd", "blockquote",
                                     "pre", "hr", "figure", "figcaption", "caption",
                                     "address", "body", "center", NULL};
/* id or class words that mark navigation and page furniture. */
static const char *const furniture[] = {"nav", "menu", "breadcrumb", "cookie", "skip-link",
                                        "sidebar", "masthead", "footer", NULL};

static int in_list(const char *name, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcasecmp(name, list[i]) == 0)
            return 1;
    return 0;
}

/* Whether an element's id, class or role marks it as navigation or page
 * furniture (attrs: SAX's name, value pairs). */
static int is_furniture(const xmlChar **attrs)
{
    for (size_t a = 0; attrs && attrs[a]; a += 2) {
        const char *name = (const char *)attrs[a], *v = (const char *)attrs[a + 1];
        if (!v || (strcasecmp(name, "id") != 0 && strcasecmp(name, "class") != 0 &&
                   strcasecmp(name, "role") != 0))
            continue;
        char *lower = xstrdup(v);
        for (char *c = lower; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        int hit = 0;
        for (size_t i = 0; furniture[i] && !hit; i++)
            hit = strstr(lower, furniture[i]) != NULL;
        free(lower);
        if (hit)
            return 1;
    }
    return 0;
}

/* Ends the current paragraph: the buffer ends with a blank line. */
static void para_break(strbuf *out)
{
    while (out->len && out->buf[out->len - 1] == ' ')
        out->buf[--out->len] = '\0';
    if (out->len == 0)
        return;
    if (out->buf[out->len - 1] != '\n')
        sb_addc(out, '\n');
    if (out->len < 2 || out->buf[out->len - 2] != '\n')
        sb_addc(out, '\n');
}

/* Appends text with runs of white space folded to one space. */
static void add_text(strbuf *out, const char *s)
{
    for (; *s; s++) {
        int space = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r';
        if (space) {
            if (out->len && out->buf[out->len - 1] != ' ' && out->buf[out->len - 1] != '\n')
                sb_addc(out, ' ');
        } else {
            sb_addc(out, *s);
        }
    }
}

/* The page is read as libxml2's SAX parser goes, without a tree: the tree
 * of a page nested 280,000 deep took 160 MB for 7 MB.  What each open
 * element does at its end: */
enum close_action { CLOSE_NOTHING, CLOSE_PARAGRAPH, CLOSE_CELL };

typedef struct html_walk {
    strbuf out;
    unsigned char *open; /* a close_action per open element */
    size_t depth, cap;
    size_t skipping;     /* >0: inside a skipped element, its depth + 1 */
    int in_title, title_done;
    strbuf title;
    htmlParserCtxtPtr ctxt;
} html_walk;

static void push_action(html_walk *w, enum close_action a)
{
    if (w->depth == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 64;
        w->open = xrealloc(w->open, w->cap);
    }
    w->open[w->depth++] = (unsigned char)a;
}

static void on_start(void *ctx, const xmlChar *xname, const xmlChar **attrs)
{
    html_walk *w = ctx;
    const char *name = (const char *)xname;
    if (!w->title_done && strcasecmp(name, "title") == 0)
        w->in_title = 1;
    if (w->skipping || in_list(name, skipped) || is_furniture(attrs)) {
        if (!w->skipping)
            w->skipping = w->depth + 1;
        push_action(w, CLOSE_NOTHING);
        return;
    }
    strbuf *out = &w->out;
    enum close_action a = CLOSE_NOTHING;
    if (strcasecmp(name, "br") == 0) {
        sb_addc(out, '\n');
    } else if ((name[0] == 'h' || name[0] == 'H') && name[1] >= '1' && name[1] <= '6' &&
               name[2] == '\0') {
        para_break(out);
        for (int i = 0; i < name[1] - '0'; i++)
            sb_addc(out, '#');
        sb_addc(out, ' ');
        a = CLOSE_PARAGRAPH;
    } else if (strcasecmp(name, "li") == 0) {
        para_break(out);
        sb_adds(out, "\xE2\x80\xA2 ");
        a = CLOSE_PARAGRAPH;
    } else if (strcasecmp(name, "td") == 0 || strcasecmp(name, "th") == 0) {
        a = CLOSE_CELL;
    } else if (in_list(name, blocks)) {
        para_break(out);
        a = CLOSE_PARAGRAPH;
    }
    push_action(w, a);
}

static void on_end(void *ctx, const xmlChar *name)
{
    html_walk *w = ctx;
    if (w->in_title && strcasecmp((const char *)name, "title") == 0) {
        w->in_title = 0;
        w->title_done = 1;
    }
    if (w->depth == 0)
        return;
    enum close_action a = (enum close_action)w->open[--w->depth];
    if (w->skipping) {
        if (w->skipping == w->depth + 1)
            w->skipping = 0;
        return;
    }
    if (a == CLOSE_PARAGRAPH)
        para_break(&w->out);
    else if (a == CLOSE_CELL)
        add_text(&w->out, " ");
    if (w->out.len > EXTRACT_MAX_BYTES)
        xmlStopParser(w->ctxt);
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
    html_walk *w = ctx;
    char *s = xstrndup((const char *)ch, (size_t)len);
    if (w->in_title)
        add_text(&w->title, s);
    else if (!w->skipping)
        add_text(&w->out, s);
    free(s);
    if (w->out.len > EXTRACT_MAX_BYTES)
        xmlStopParser(w->ctxt);
}

/* Whether the first bytes of an HTML file declare its encoding (a meta
 * charset, an XML declaration's encoding): libxml2 then follows it. */
static int declares_charset(const char *data, size_t len)
{
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 7 <= n; i++)
        if (strncasecmp(data + i, "charset", 7) == 0 || strncasecmp(data + i, "encoding", 7) == 0)
            return 1;
    return 0;
}

scr_status extract_html(const char *data, size_t len, strlist *pages, char **title,
                        scr_error *err)
{
    if (len > (size_t)0x7fffffff)
        return scr_fail(err, SCR_ERR_LIMIT, "HTML file too large");
    htmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.startElement = on_start;
    sax.endElement = on_end;
    sax.characters = on_text;
    sax.cdataBlock = on_text;
    html_walk w;
    memset(&w, 0, sizeof w);
    sb_init(&w.out);
    sb_init(&w.title);
    w.ctxt = htmlCreateMemoryParserCtxt(data, (int)len);
    if (!w.ctxt)
        return scr_fail(err, SCR_ERR_INPUT, "HTML could not be parsed");
    /* a page saved without its charset, in valid UTF-8, is UTF-8 (what
     * the web writes now); libxml2 read it as Latin-1 ("CafÃ©") */
    if (!declares_charset(data, len) && utf8_valid(data, len))
        xmlSwitchEncoding(w.ctxt, XML_CHAR_ENCODING_UTF8);
    /* the context's own handler builds a tree: ours replaces it */
    memcpy(w.ctxt->sax, &sax, sizeof sax);
    w.ctxt->userData = &w;
    htmlCtxtUseOptions(w.ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                   HTML_PARSE_NONET | XML_PARSE_HUGE);
    htmlParseDocument(w.ctxt);
    htmlFreeParserCtxt(w.ctxt);
    free(w.open);
    char *t = str_trim(sb_steal(&w.title));
    if (*t && title && !*title)
        *title = t;
    else
        free(t);
    if (w.out.len > EXTRACT_MAX_BYTES) {
        sb_free(&w.out);
        return scr_fail(err, SCR_ERR_LIMIT, "HTML text larger than %u MiB",
                        EXTRACT_MAX_BYTES >> 20);
    }
    char *text = sb_steal(&w.out);
    sl_push(pages, text);
    free(text);
    return SCR_OK;
}
