/* libFuzzer target: clean-up and segmentation of any (repaired) text,
 * with the kind headings of data/kinds.tsv. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cleanup.h"
#include "normalise.h"
#include "segment.h"
#include "taxonomy.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static taxonomy *tax; /* lives as long as the process */
    scr_error err;
    if (!tax && taxonomy_load(SCRUTINY_SRCDATADIR, NULL, &tax, &err) != SCR_OK) {
        fprintf(stderr, "fuzz-segment: %s\n", err.message);
        abort();
    }
    char *text = norm_text((const char *)data, size, NULL, NULL);
    if (!text)
        return 0;
    strlist pages;
    sl_init(&pages);
    sl_push(&pages, text);
    sl_push(&pages, text);
    cleanup_pages(&pages);
    char *clean = cleanup_text(pages.items[0]);
    segmented seg;
    segment_text(clean, taxonomy_kind_headings(tax), &seg);
    segmented_free(&seg);
    free(clean);
    sl_free(&pages);
    free(text);
    return 0;
}
