/* extract_docx.c: the text of a Word (.docx) file: word/document.xml out of
 * the zip with libzip, read with libxml2.  Headings come from paragraph
 * styles, list items from numbering, so the segmenter sees structure. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "extract.h"
#include "util.h"

static int is_w(xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *child(xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_w(c, name))
            return c;
    return NULL;
}

/* w:val of an element, whatever its namespace prefix. */
static char *wval(xmlNode *n)
{
    for (xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
        if (strcmp((const char *)a->name, "val") == 0 && a->children && a->children->content)
            return xstrdup((const char *)a->children->content);
    return NULL;
}

typedef struct para_state {
    strbuf text;
    int runs, bold_runs;
} para_state;

static void collect_runs(xmlNode *n, para_state *p)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is_w(n, "r")) {
            xmlNode *rpr = child(n, "rPr");
            xmlNode *b = child(rpr, "b");
            char *v = wval(b);
            int bold = b && (!v || (strcmp(v, "0") != 0 && strcmp(v, "false") != 0));
            free(v);
            size_t before = p->text.len;
            collect_runs(n->children, p);
            if (p->text.len > before) {
                p->runs++;
                p->bold_runs += bold;
            }
        } else if (is_w(n, "t")) {
            xmlChar *s = xmlNodeGetContent(n);
            if (s) {
                sb_adds(&p->text, (const char *)s);
                xmlFree(s);
            }
        } else if (is_w(n, "tab")) {
            sb_addc(&p->text, ' ');
        } else if (is_w(n, "br") || is_w(n, "cr")) {
            sb_addc(&p->text, '\n');
        } else if (!is_w(n, "rPr") && !is_w(n, "pPr") && !is_w(n, "instrText") &&
                   !is_w(n, "delText")) {
            collect_runs(n->children, p); /* hyperlinks, smart tags, fields */
        }
    }
}

static void add_paragraph(xmlNode *p, strbuf *out)
{
    xmlNode *ppr = child(p, "pPr");
    char *style = wval(child(ppr, "pStyle"));
    int heading = 0, list = child(ppr, "numPr") != NULL;
    if (style) {
        if (strncasecmp(style, "heading", 7) == 0 && style[7] >= '1' && style[7] <= '9')
            heading = style[7] - '0';
        else if (strcasecmp(style, "Title") == 0)
            heading = 1;
        else if (strncasecmp(style, "List", 4) == 0)
            list = 1;
    }
    free(style);
    para_state st = {{0}, 0, 0};
    sb_init(&st.text);
    collect_runs(p->children, &st);
    char *text = str_trim(sb_steal(&st.text));
    if (*text) {
        if (heading) {
            for (int i = 0; i < heading; i++)
                sb_addc(out, '#');
            sb_addc(out, ' ');
            sb_adds(out, text);
        } else if (list) {
            sb_addf(out, "\xE2\x80\xA2 %s", text);
        } else if (st.runs && st.bold_runs == st.runs && strlen(text) < 120) {
            sb_addf(out, "**%s**", text); /* a bold line: a heading to the segmenter */
        } else {
            sb_adds(out, text);
        }
        sb_adds(out, "\n\n");
    }
    free(text);
}

static void walk_body(xmlNode *n, strbuf *out)
{
    for (; n && out->len <= EXTRACT_MAX_BYTES; n = n->next) {
        if (is_w(n, "p"))
            add_paragraph(n, out);
        else if (n->type == XML_ELEMENT_NODE)
            walk_body(n->children, out); /* tables, content controls */
    }
}

/* Reads one member of the archive, refusing more than max bytes whatever
 * its header claims (zip bombs). */
static char *read_member(zip_t *za, const char *name, size_t max, size_t *len,
                         char *errbuf, size_t errlen)
{
    zip_stat_t st;
    if (zip_stat(za, name, 0, &st) != 0) {
        snprintf(errbuf, errlen, "not a Word document: no %s in the archive", name);
        return NULL;
    }
    if ((st.valid & ZIP_STAT_SIZE) && st.size > max) {
        snprintf(errbuf, errlen, "%s would expand to %llu bytes (limit %zu): refused", name,
                 (unsigned long long)st.size, max);
        return NULL;
    }
    zip_file_t *zf = zip_fopen(za, name, 0);
    if (!zf) {
        snprintf(errbuf, errlen, "cannot read %s: %s", name, zip_strerror(za));
        return NULL;
    }
    strbuf sb;
    sb_init(&sb);
    char buf[65536];
    zip_int64_t n;
    while ((n = zip_fread(zf, buf, sizeof buf)) > 0) {
        if (sb.len + (size_t)n > max) {
            snprintf(errbuf, errlen, "%s expands beyond %zu bytes: refused", name, max);
            zip_fclose(zf);
            sb_free(&sb);
            return NULL;
        }
        sb_add(&sb, buf, (size_t)n);
    }
    if (n < 0) {
        snprintf(errbuf, errlen, "corrupt archive member %s: %s", name, zip_file_strerror(zf));
        zip_fclose(zf);
        sb_free(&sb);
        return NULL;
    }
    zip_fclose(zf);
    *len = sb.len;
    return sb_steal(&sb);
}

int extract_docx(const char *data, size_t len, strlist *pages, char **title, char *errbuf,
                 size_t errlen)
{
    (void)title;
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr) : NULL;
    if (!za) {
        snprintf(errbuf, errlen, "corrupt zip archive: %s", zip_error_strerror(&zerr));
        zip_error_fini(&zerr);
        if (src)
            zip_source_free(src);
        return -1;
    }
    zip_error_fini(&zerr);
    size_t xlen = 0;
    char *xml = read_member(za, "word/document.xml", EXTRACT_MAX_BYTES, &xlen, errbuf, errlen);
    zip_discard(za); /* frees src too */
    if (!xml)
        return -1;
    xmlDocPtr doc = xlen < 0x7fffffff
                        ? xmlReadMemory(xml, (int)xlen, "document.xml", NULL,
                                        XML_PARSE_NONET | XML_PARSE_NOERROR |
                                            XML_PARSE_NOWARNING)
                        : NULL;
    free(xml);
    if (!doc) {
        snprintf(errbuf, errlen, "corrupt Word document: word/document.xml is not XML");
        return -1;
    }
    strbuf out;
    sb_init(&out);
    walk_body(xmlDocGetRootElement(doc), &out);
    xmlFreeDoc(doc);
    char *text = sb_steal(&out);
    sl_push(pages, text);
    free(text);
    return 0;
}
