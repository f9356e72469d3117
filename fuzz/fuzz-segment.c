/* libFuzzer target: clean-up and segmentation of any (repaired) text. */
#include <stdint.h>
#include <stdlib.h>

#include "cleanup.h"
#include "normalise.h"
#include "segment.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
    segment_text(clean, &seg);
    segmented_free(&seg);
    free(clean);
    sl_free(&pages);
    free(text);
    return 0;
}
