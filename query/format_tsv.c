/* format_tsv.c: one line per hit, for cut, sort and awk.  Columns are
 * chosen by --fields (documented in scrutiny-query(1)); tabs, newlines and
 * backslashes inside values are escaped as \t, \n and \\ so that every hit
 * stays on one line. */
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "schema.h"
#include "normalise.h"
#include "util.h"

const char *const tsv_fields[] = {"rank",  "score", "docid",   "id",      "year",
                                  "date",  "authority", "publisher", "type", "title",
                                  "file",  "pack",  "passage", "heading", "kind",
                                  "themes", "snippet", NULL};

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

static void put_field(FILE *out, const search_hit *h, const char *f)
{
    if (strcmp(f, "rank") == 0) {
        fprintf(out, "%u", h->rank);
    } else if (strcmp(f, "score") == 0) {
        fprintf(out, "%.4f", h->score);
    } else if (strcmp(f, "docid") == 0) {
        fprintf(out, "%u", h->docid);
    } else if (strcmp(f, "year") == 0 || strcmp(f, "passage") == 0) {
        json_t *v = json_object_get(h->data, strcmp(f, "year") == 0 ? DATA_YEAR : DATA_PASSAGE);
        if (json_is_integer(v))
            fprintf(out, "%lld", (long long)json_integer_value(v));
    } else if (strcmp(f, "authority") == 0 || strcmp(f, "publisher") == 0 ||
               strcmp(f, "themes") == 0) {
        char *j = hit_join(h, strcmp(f, "authority") == 0   ? DATA_AUTHORITIES
                              : strcmp(f, "publisher") == 0 ? DATA_PUBLISHER
                                                            : DATA_THEMES,
                           ";");
        put_escaped(out, j);
        free(j);
    } else if (strcmp(f, "snippet") == 0) {
        put_escaped(out, h->snippet ? h->snippet : "");
    } else {
        const char *key = strcmp(f, "id") == 0 ? DATA_PART
                          : strcmp(f, "type") == 0 ? DATA_DOCTYPE
                                                   : f; /* date, title, file, pack, heading */
        put_escaped(out, hit_str(h, key));
    }
}

void format_tsv(FILE *out, const search_result *res, const options *o)
{
    for (size_t c = 0; c < o->fields.len; c++)
        fprintf(out, "%s%s", c ? "\t" : "", o->fields.items[c]);
    fputc('\n', out);
    for (size_t i = 0; i < res->n_hits; i++) {
        for (size_t c = 0; c < o->fields.len; c++) {
            if (c)
                fputc('\t', out);
            put_field(out, &res->hits[i], o->fields.items[c]);
        }
        fputc('\n', out);
    }
}

void format_paths(FILE *out, const search_result *res, int nul)
{
    /* each file once, in rank order: pack items share their file */
    strlist seen;
    sl_init(&seen);
    for (size_t i = 0; i < res->n_hits; i++) {
        /* the name's own bytes, which open the file, when it is not UTF-8 */
        const char *bytes = hit_str(&res->hits[i], DATA_FILE_BYTES);
        char *file = *bytes ? norm_unescape_bytes(bytes) : xstrdup(hit_str(&res->hits[i], DATA_FILE));
        if (*file && !sl_contains(&seen, file)) {
            sl_push(&seen, file);
            fputs(file, out);
            fputc(nul ? '\0' : '\n', out);
        }
        free(file);
    }
    sl_free(&seen);
}
