/* extract_docx.c: the text of a Word (.docx) file: word/document.xml out of
 * the zip with libzip, read with libxml2.  Headings come from paragraph
 * styles, list items from numbering, so the segmenter sees structure. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "extract.h"
#include "util.h"

/* The most word/document.xml may unzip to: its markup is several times its
 * text (EXTRACT_MAX_BYTES), and it is read as it unzips. */
#define DOCX_MAX_XML_BYTES (4 * (size_t)EXTRACT_MAX_BYTES)

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

/* word/document.xml as the XML reader reads it: unzipped as it goes,
 * refused past max bytes whatever the zip's header claims (zip bombs). */
typedef struct member {
    zip_file_t *zf;
    size_t read, max;
    int too_big;
} member;

static int member_read(void *ctx, char *buf, int len)
{
    member *m = ctx;
    zip_int64_t n = zip_fread(m->zf, buf, (zip_uint64_t)len);
    if (n < 0)
        return -1;
    m->read += (size_t)n;
    if (m->read > m->max) {
        m->too_big = 1;
        return -1;
    }
    return (int)n;
}

/* The text of the document's paragraphs, read paragraph by paragraph: only
 * the one being read is a tree in memory (the whole document's tree took
 * about 14 times the XML: 931 MB for a 225 KB file). */
static scr_status read_body(member *m, strbuf *out, scr_error *err)
{
    xmlTextReaderPtr r = xmlReaderForIO(member_read, NULL, m, "document.xml", NULL,
                                        XML_PARSE_NONET | XML_PARSE_NOERROR |
                                            XML_PARSE_NOWARNING);
    if (!r)
        return scr_fail(err, SCR_ERR_INPUT, "cannot read word/document.xml");
    int ret = xmlTextReaderRead(r);
    while (ret == 1 && out->len <= EXTRACT_MAX_BYTES) {
        const xmlChar *name = xmlTextReaderConstLocalName(r);
        if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && name &&
            strcmp((const char *)name, "p") == 0) {
            xmlNode *p = xmlTextReaderExpand(r);
            if (!p) {
                ret = -1;
                break;
            }
            add_paragraph(p, out);
            ret = xmlTextReaderNext(r); /* past the paragraph, its tree freed */
        } else {
            ret = xmlTextReaderRead(r); /* into tables, content controls */
        }
    }
    xmlFreeTextReader(r);
    if (m->too_big)
        return scr_fail(err, SCR_ERR_LIMIT, "word/document.xml expands beyond %zu bytes: refused",
                        m->max);
    if (out->len > EXTRACT_MAX_BYTES)
        return scr_fail(err, SCR_ERR_LIMIT, "Word text larger than %u MiB",
                        EXTRACT_MAX_BYTES >> 20);
    if (ret < 0)
        return scr_fail(err, SCR_ERR_INPUT, "corrupt Word document: word/document.xml is not XML");
    return SCR_OK;
}

scr_status extract_docx(const char *data, size_t len, strlist *pages, char **title,
                        scr_error *err)
{
    (void)title;
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr) : NULL;
    if (!za) {
        scr_status rc = scr_fail(err, SCR_ERR_INPUT, "corrupt zip archive: %s",
                                 zip_error_strerror(&zerr));
        zip_error_fini(&zerr);
        if (src)
            zip_source_free(src);
        return rc;
    }
    zip_error_fini(&zerr);
    const char *name = "word/document.xml";
    member m = {NULL, 0, DOCX_MAX_XML_BYTES, 0};
    zip_stat_t st;
    scr_status rc = SCR_OK;
    if (zip_stat(za, name, 0, &st) != 0)
        rc = scr_fail(err, SCR_ERR_INPUT, "not a Word document: no %s in the archive", name);
    else if ((st.valid & ZIP_STAT_SIZE) && st.size > m.max)
        rc = scr_fail(err, SCR_ERR_LIMIT, "%s would expand to %llu bytes (limit %zu): refused",
                      name, (unsigned long long)st.size, m.max);
    else if (!(m.zf = zip_fopen(za, name, 0)))
        rc = scr_fail(err, SCR_ERR_INPUT, "cannot read %s: %s", name, zip_strerror(za));
    strbuf out;
    sb_init(&out);
    if (rc == SCR_OK)
        rc = read_body(&m, &out, err);
    if (m.zf)
        zip_fclose(m.zf);
    zip_discard(za); /* frees src too */
    if (rc == SCR_OK) {
        char *text = sb_steal(&out);
        sl_push(pages, text);
        free(text);
    }
    sb_free(&out);
    return rc;
}
