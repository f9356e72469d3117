/* format_tsv.c: one line per hit, for cut, sort and awk.  Columns are
 * fixed and documented; tabs, newlines and backslashes inside values are
 * escaped as \t, \n and \\ so that every hit stays on one line. */
#include <stdlib.h>

#include "format.h"
#include "schema.h"
#include "util.h"

static void put_escaped(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '\t': fputs("\\t", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\\': fputs("\\\\", out); break;
        default: fputc(*s, out);
        }
    }
}

void format_tsv(FILE *out, const search_result *res, const format_ctx *ctx)
{
    (void)ctx;
    fputs("rank\tscore\tyear\tdate\tauthority\tpublisher\ttype\ttitle\tfile\theading\n", out);
    for (size_t i = 0; i < res->n_hits; i++) {
        const search_hit *h = &res->hits[i];
        json_t *year = json_object_get(h->data, DATA_YEAR);
        char *auth = hit_join(h, DATA_AUTHORITIES, ";");
        char *pub = hit_join(h, DATA_PUBLISHER, ";");
        fprintf(out, "%u\t%.4f\t", h->rank, h->score);
        if (json_is_integer(year))
            fprintf(out, "%lld", (long long)json_integer_value(year));
        const char *fields[] = {hit_str(h, DATA_DATE), auth, pub, hit_str(h, DATA_DOCTYPE),
                                hit_str(h, DATA_TITLE), hit_str(h, DATA_FILE),
                                hit_str(h, DATA_HEADING)};
        for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
            fputc('\t', out);
            put_escaped(out, fields[f]);
        }
        fputc('\n', out);
        free(auth);
        free(pub);
    }
}
