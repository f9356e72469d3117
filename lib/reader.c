/* reader.c: see reader.h. */
#include "reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "normalise.h"
#include "util.h"

int reader_supported(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return 0;
    return strcasecmp(dot, ".txt") == 0 || strcasecmp(dot, ".md") == 0;
}

int reader_load(const char *path, reader_text *out, char *errbuf, size_t errlen)
{
    size_t len;
    char *raw = read_file(path, READER_MAX_BYTES, &len);
    if (!raw) {
        if (errno == EFBIG)
            snprintf(errbuf, errlen, "larger than %u MiB, not read", READER_MAX_BYTES >> 20);
        else
            snprintf(errbuf, errlen, "%s", strerror(errno));
        return -1;
    }
    out->text = xcheck(norm_text(raw, len, &out->len, &out->invalid));
    free(raw);
    return 0;
}
