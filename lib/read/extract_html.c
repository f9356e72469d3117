/* extract_html.c: the readable text of an HTML page through libxml2's
 * forgiving HTML parser, without scripts, styles and navigation. */
#include <libxml/HTMLparser.h>
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

static int is_furniture(xmlNode *n)
{
    static const char *const attrs[] = {"id", "class", "role", NULL};
    for (size_t a = 0; attrs[a]; a++) {
        xmlChar *v = xmlGetProp(n, (const xmlChar *)attrs[a]);
        if (!v)
            continue;
        char *lower = xstrdup((const char *)v);
        xmlFree(v);
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

/* Below this depth an element's text is taken whole (libxml2 gathers it
 * without recursion), so that nesting cannot exhaust the stack. */
#define WALK_MAX_DEPTH 512

static void walk(xmlNode *n, strbuf *out, int depth)
{
    if (depth > WALK_MAX_DEPTH) {
        for (; n && out->len <= EXTRACT_MAX_BYTES; n = n->next) {
            if (n->type == XML_ELEMENT_NODE && (in_list((const char *)n->name, skipped)))
                continue;
            xmlChar *s = xmlNodeGetContent(n);
            if (s) {
                add_text(out, (const char *)s);
                add_text(out, " ");
                xmlFree(s);
            }
        }
        return;
    }
    for (; n && out->len <= EXTRACT_MAX_BYTES; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                add_text(out, (const char *)n->content);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        if (in_list(name, skipped) || is_furniture(n))
            continue;
        if (strcasecmp(name, "br") == 0) {
            sb_addc(out, '\n');
            continue;
        }
        int heading = (name[0] == 'h' || name[0] == 'H') && name[1] >= '1' && name[1] <= '6' &&
                      name[2] == '\0';
        if (heading) {
            para_break(out);
            for (int i = 0; i < name[1] - '0'; i++)
                sb_addc(out, '#');
            sb_addc(out, ' ');
            walk(n->children, out, depth + 1);
            para_break(out);
        } else if (strcasecmp(name, "li") == 0) {
            para_break(out);
            sb_adds(out, "\xE2\x80\xA2 ");
            walk(n->children, out, depth + 1);
            para_break(out);
        } else if (strcasecmp(name, "td") == 0 || strcasecmp(name, "th") == 0) {
            walk(n->children, out, depth + 1);
            add_text(out, " ");
        } else if (in_list(name, blocks)) {
            para_break(out);
            walk(n->children, out, depth + 1);
            para_break(out);
        } else {
            walk(n->children, out, depth + 1);
        }
    }
}

/* The first element called name, depth first, without recursion. */
static xmlNode *find(xmlNode *root, const char *name)
{
    xmlNode *n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0)
            return n;
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && !n->next && n != root)
            n = n->parent;
        if (!n || n == root)
            return NULL;
        n = n->next;
    }
    return NULL;
}

int extract_html(const char *data, size_t len, strlist *pages, char **title, char *errbuf,
                 size_t errlen)
{
    if (len > (size_t)0x7fffffff) {
        snprintf(errbuf, errlen, "HTML file too large");
        return -1;
    }
    htmlDocPtr doc = htmlReadMemory(data, (int)len, NULL, NULL,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING | HTML_PARSE_NONET | XML_PARSE_HUGE);
    if (!doc) {
        snprintf(errbuf, errlen, "HTML could not be parsed");
        return -1;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *t = find(root, "title");
    if (t && title && !*title) {
        xmlChar *s = xmlNodeGetContent(t);
        if (s) {
            strbuf sb;
            sb_init(&sb);
            add_text(&sb, (const char *)s);
            char *clean = str_trim(sb_steal(&sb));
            if (*clean)
                *title = clean;
            else
                free(clean);
            xmlFree(s);
        }
    }
    xmlNode *body = find(root, "body");
    strbuf out;
    sb_init(&out);
    walk(body ? body : root, &out, 0);
    xmlFreeDoc(doc);
    if (out.len > EXTRACT_MAX_BYTES) {
        sb_free(&out);
        snprintf(errbuf, errlen, "HTML text larger than %u MiB", EXTRACT_MAX_BYTES >> 20);
        return -1;
    }
    char *text = sb_steal(&out);
    sl_push(pages, text);
    free(text);
    return 0;
}
