/* libFuzzer target: the normaliser on any bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalise.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len, bad;
    /* the fast path for plain ASCII lines must change nothing */
    for (int fold = 0; fold <= 1; fold++) {
        size_t wlen = 0;
        char *t = fold ? norm_fold((const char *)data, size, &len, &bad)
                       : norm_text((const char *)data, size, &len, &bad);
        char *w = norm_map_whole((const char *)data, size, &wlen, fold);
        if (t && w && (len != wlen || memcmp(t, w, len) != 0))
            abort();
        free(t);
        free(w);
    }
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    free(norm_slug(s));
    free(norm_query(s));
    free(norm_repair(s));
    free(s);
    return 0;
}
