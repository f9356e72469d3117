/* libFuzzer target: the normaliser on any bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalise.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len, bad;
    char *t = norm_text((const char *)data, size, &len, &bad);
    free(t);
    char *f = norm_fold((const char *)data, size, &len, &bad);
    free(f);
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    free(norm_slug(s));
    free(norm_query(s));
    free(norm_repair(s));
    free(s);
    return 0;
}
