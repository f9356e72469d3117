/* libFuzzer target: metadata detection, agenda-pack splitting, themes and
 * kinds, with the shipped data ($SCRUTINY_DATA_DIR or the source tree's). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "analyse.h"
#include "cleanup.h"
#include "normalise.h"
#include "pack.h"
#include "taxonomy.h"

static knowledge *know;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!know) {
        scr_error err;
        if (knowledge_load(NULL, NULL, &know, &err) != SCR_OK) {
            fprintf(stderr, "%s\n", err.message);
            abort();
        }
    }
    char *text = norm_text((const char *)data, size, NULL, NULL);
    if (!text)
        return 0;
    char *clean = cleanup_text(text);
    analysis a;
    analyse_document(know, clean, NULL, &a);
    analysis_free(&a);
    pack_item *items;
    char *committee;
    size_t n = pack_split(clean, &items, &committee);
    if (n)
        pack_items_free(items, n);
    free(committee);
    strlist th, why;
    sl_init(&th);
    sl_init(&why);
    taxonomy_themes(knowledge_taxonomy(know), clean, &th, &why);
    char *kwhy = NULL;
    taxonomy_kind(knowledge_taxonomy(know), clean, clean, &kwhy);
    free(kwhy);
    sl_free(&th);
    sl_free(&why);
    free(clean);
    free(text);
    return 0;
}
