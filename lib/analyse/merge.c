/* merge.c: joins short passages into passages worth a search result.
 *
 * Reports are written in short paragraphs and bullets (about 200 bytes on
 * average in the sample corpus).  Each passage is a Xapian document that
 * repeats its document's title, heading, facets and values, so tiny ones
 * make the index several times the size of the text and slow to build and
 * count, and a two-line result is poor reading.  Consecutive passages of one
 * section and one kind are joined up to PASSAGE_TARGET_BYTES.  A
 * recommendation or an area for development stays alone: it is what
 * precedent search returns, and a document's count of them is its own. */
#include <stdlib.h>
#include <string.h>

#include "segment.h"
#include "util.h"

static int joinable(const seg_passage *a, const seg_passage *b)
{
    return a->section == b->section && a->kind && b->kind && strcmp(a->kind, b->kind) == 0 &&
           strcmp(a->kind, "recommendation") != 0 && strcmp(a->kind, "area-for-development") != 0 &&
           strlen(a->text) + strlen(b->text) + 2 <= PASSAGE_TARGET_BYTES;
}

/* Appends src's text, themes and evidence to dst, and frees src.  List
 * items get back a "- " marker, so that a joined list still reads as one;
 * first says that dst is still a single passage. */
static void absorb(seg_passage *dst, seg_passage *src, int first)
{
    strbuf text;
    sb_init(&text);
    if (first && dst->list_item)
        sb_adds(&text, "- ");
    sb_adds(&text, dst->text);
    sb_adds(&text, dst->list_item && src->list_item ? "\n" : "\n\n");
    if (src->list_item)
        sb_adds(&text, "- ");
    sb_adds(&text, src->text);
    free(dst->text);
    dst->text = sb_steal(&text);
    for (size_t i = 0; i < src->themes.len; i++) {
        if (!sl_contains(&dst->themes, src->themes.items[i]))
            sl_push(&dst->themes, src->themes.items[i]);
    }
    for (size_t i = 0; i < src->themes_why.len; i++)
        sl_push(&dst->themes_why, src->themes_why.items[i]);
    dst->list_item = src->list_item; /* what the next one follows */
    free(src->text);
    free(src->heading);
    free(src->kind_why);
    sl_free(&src->themes);
    sl_free(&src->themes_why);
}

void segment_merge(segmented *s)
{
    size_t out = 0;
    int single = 1; /* the last passage out is not a join yet */
    for (size_t i = 0; i < s->n_passages; i++) {
        if (out > 0 && joinable(&s->passages[out - 1], &s->passages[i])) {
            absorb(&s->passages[out - 1], &s->passages[i], single);
            s->sections[s->passages[i].section].passages--;
            single = 0;
        } else {
            s->passages[out++] = s->passages[i];
            single = 1;
        }
    }
    s->n_passages = out;
}
