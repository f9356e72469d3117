/* make-pdf: typesets a small Markdown-like text into a PDF with cairo, for
 * the reader tests: real PDF files, made by an independent PDF writer, with
 * the noise real ones have (a running header, "Page N of M" footers,
 * words hyphenated at line ends, bullets).
 *
 *   make-pdf IN.md OUT.pdf
 *
 * Input: "# " and "## " lines are bold headings, "- " lines bullets, blank
 * lines end paragraphs, a first line "%header TEXT" sets the running
 * header.  Everything else is wrapped prose. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 72.0
#define LINE 14.0
#define SIZE 10.5

typedef struct layout {
    cairo_t *cr;       /* NULL while only counting pages */
    double y;
    int page, pages;
    const char *header;
} layout;

static void page_furniture(layout *l)
{
    if (!l->cr)
        return;
    cairo_select_font_face(l->cr, "sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(l->cr, 8);
    if (l->header) {
        cairo_move_to(l->cr, MARGIN, 40);
        cairo_show_text(l->cr, l->header);
    }
    char foot[64];
    snprintf(foot, sizeof foot, "Page %d of %d", l->page, l->pages);
    cairo_move_to(l->cr, PAGE_W / 2 - 20, PAGE_H - 36);
    cairo_show_text(l->cr, foot);
}

static void new_line(layout *l, double gap)
{
    l->y += gap;
    if (l->y > PAGE_H - MARGIN) {
        if (l->cr)
            cairo_show_page(l->cr);
        l->page++;
        l->y = MARGIN;
        page_furniture(l);
    }
}

static double width_of(layout *l, cairo_t *measure, const char *s, int bold)
{
    (void)l;
    cairo_text_extents_t ext;
    cairo_select_font_face(measure, "sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(measure, bold ? SIZE + 2 : SIZE);
    cairo_text_extents(measure, s, &ext);
    return ext.x_advance;
}

static void show(layout *l, double x, const char *s, int bold)
{
    if (!l->cr)
        return;
    cairo_select_font_face(l->cr, "sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(l->cr, bold ? SIZE + 2 : SIZE);
    cairo_move_to(l->cr, x, l->y);
    cairo_show_text(l->cr, s);
}

/* Wraps text into lines no wider than the page, hyphenating long words
 * that do not fit, as typesetters do. */
static void paragraph(layout *l, cairo_t *measure, const char *text, double indent, int bold)
{
    double maxw = PAGE_W - 2 * MARGIN - indent;
    char line[8192] = "";
    char *copy = strdup(text);
    for (char *w = strtok(copy, " "); w; w = strtok(NULL, " ")) {
        char trial[16384];
        snprintf(trial, sizeof trial, "%s%s%s", line, *line ? " " : "", w);
        if (width_of(l, measure, trial, bold) <= maxw) {
            memcpy(line, trial, strlen(trial) + 1); /* fits: narrower than the page */
            continue;
        }
        size_t wl = strlen(w);
        if (wl >= 9 && !strchr(w, '-')) { /* hyphenate: first half on this line */
            char head[16384];
            size_t cut = wl / 2;
            snprintf(head, sizeof head, "%s%s%.*s-", line, *line ? " " : "", (int)cut, w);
            if (width_of(l, measure, head, bold) <= maxw) {
                show(l, MARGIN + indent, head, bold);
                new_line(l, LINE);
                snprintf(line, sizeof line, "%s", w + cut);
                continue;
            }
        }
        show(l, MARGIN + indent, line, bold);
        new_line(l, LINE);
        snprintf(line, sizeof line, "%s", w);
    }
    if (*line) {
        show(l, MARGIN + indent, line, bold);
        new_line(l, LINE);
    }
    free(copy);
}

static void typeset(layout *l, cairo_t *measure, char *text)
{
    l->page = 1;
    l->y = MARGIN;
    page_furniture(l);
    char para[65536] = "";
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save);; line = strtok_r(NULL, "\n", &save)) {
        int flush = !line || line[0] == '#' || strncmp(line, "- ", 2) == 0 ||
                    strcmp(line, ".") == 0;
        if (flush && *para) {
            paragraph(l, measure, para, 0, 0);
            new_line(l, LINE / 2);
            para[0] = '\0';
        }
        if (!line)
            break;
        if (strncmp(line, "%header ", 8) == 0)
            continue;
        if (line[0] == '#') {
            new_line(l, LINE / 2);
            paragraph(l, measure, line + strspn(line, "# "), 0, 1);
            new_line(l, LINE / 2);
        } else if (strncmp(line, "- ", 2) == 0) {
            char bullet[4096];
            snprintf(bullet, sizeof bullet, "\xE2\x80\xA2 %s", line + 2);
            paragraph(l, measure, bullet, 12, 0);
        } else if (strcmp(line, ".") != 0) { /* "." alone: a paragraph break */
            size_t n = strlen(para);
            snprintf(para + n, sizeof para - n, "%s%s", n ? " " : "", line);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: make-pdf IN.md OUT.pdf\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    /* blank lines become "." markers: strtok would swallow them */
    static char marked[1 << 21];
    size_t o = 0;
    for (size_t i = 0; i < n && o < sizeof marked - 4; i++) {
        if (text[i] == '\n' && i + 1 < n && text[i + 1] == '\n') {
            memcpy(marked + o, "\n.\n", 3);
            o += 3;
            while (i + 1 < n && text[i + 1] == '\n')
                i++;
        } else {
            marked[o++] = text[i];
        }
    }
    marked[o] = '\0';
    const char *header = NULL;
    char header_buf[256];
    if (strncmp(marked, "%header ", 8) == 0) {
        size_t k = strcspn(marked + 8, "\n");
        snprintf(header_buf, sizeof header_buf, "%.*s", (int)k, marked + 8);
        header = header_buf;
    }
    cairo_surface_t *probe = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10);
    cairo_t *measure = cairo_create(probe);
    char *copy = strdup(marked);
    layout count = {NULL, 0, 0, 0, header};
    typeset(&count, measure, copy);
    free(copy);
    cairo_surface_t *pdf = cairo_pdf_surface_create(argv[2], PAGE_W, PAGE_H);
    layout real = {cairo_create(pdf), 0, 0, count.page, header};
    typeset(&real, measure, marked);
    cairo_show_page(real.cr);
    cairo_destroy(real.cr);
    cairo_surface_finish(pdf);
    int bad = cairo_surface_status(pdf) != CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(pdf);
    cairo_destroy(measure);
    cairo_surface_destroy(probe);
    return bad ? 1 : 0;
}
