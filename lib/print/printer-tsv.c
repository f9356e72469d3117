/* printer-tsv.c: answers for cut, sort and awk: TSV, one line per hit or
 * value, and paths, one file per line.  Columns of hits are chosen by
 * --fields (documented in scrutiny-query(1)); tabs, newlines and
 * backslashes inside values are escaped as \t, \n and \\ so that every
 * hit stays on one line, other control characters as \xHH. */
#include <stdlib.h>
#include <string.h>

#include "hit-fields.h"
#include "normalise.h"
#include "printer-formats.h"
#include "schema.h"

const char *const print_tsv_fields[] = {"rank",  "score", "docid",   "id",      "year",
                                        "date",  "authority", "publisher", "type", "title",
                                        "file",  "pack",  "passage", "heading", "kind",
                                        "themes", "snippet", NULL};

static void put_escaped(FILE *out, const char *s)
{
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        switch (*u) {
        case '\t': fputs("\\t", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\\': fputs("\\\\", out); break;
        default:
            /* other control characters (a manifest's title, a file's
             * name), which would drive a terminal: \xHH, \uHHHH (C1) */
            if (!print_control_at(u, 0))
                fputc(*u, out);
            else if (*u == 0xc2)
                fprintf(out, "\\u%04x", *++u);
            else
                fprintf(out, "\\x%02x", *u);
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

void print_tsv_result(printer *p, const char *query, const search_result *res,
                       const search_request *req)
{
    (void)query, (void)req;
    strlist defaults;
    sl_init(&defaults);
    if (!p->fields)
        sl_split(&defaults, TSV_DEFAULT_FIELDS, ',');
    const strlist *fields = p->fields ? p->fields : &defaults;
    for (size_t c = 0; c < fields->len; c++)
        fprintf(p->out, "%s%s", c ? "\t" : "", fields->items[c]);
    fputc('\n', p->out);
    for (size_t i = 0; i < res->n_hits; i++) {
        for (size_t c = 0; c < fields->len; c++) {
            if (c)
                fputc('\t', p->out);
            put_field(p->out, &res->hits[i], fields->items[c]);
        }
        fputc('\n', p->out);
    }
    sl_free(&defaults);
}

void print_tsv_list_begin(printer *p, const char *facet)
{
    fprintf(p->out, "%s\tdocuments\n", facet);
}

void print_tsv_list_value(printer *p, const char *value, unsigned count)
{
    fprintf(p->out, "%s\t%u\n", value, count);
}


/* Rows by A, columns by B, totals last; no padding, and zeros. */
void print_tsv_matrix(printer *p, const matrix_table *t, const char *query)
{
    (void)query;
    FILE *out = p->out;
    fputs(t->facet_a, out);
    for (size_t j = 0; j < t->n_cols; j++)
        fprintf(out, "\t%s", t->cols[j].value);
    fputs("\ttotal\n", out);
    for (size_t i = 0; i < t->n_rows; i++) {
        fputs(t->rows[i].value, out);
        for (size_t j = 0; j < t->n_cols; j++)
            fprintf(out, "\t%u", matrix_table_count(t, t->rows[i].value, t->cols[j].value));
        fprintf(out, "\t%u\n", t->rows[i].count);
    }
}

void print_tsv_recurring_begin(printer *p, const char *facet)
{
    fprintf(p->out, "%s\tauthorities\tauthority_list\tyears\n", facet);
}

void print_tsv_recurring_row(printer *p, const char *value, const strlist *authorities,
                              const strlist *years)
{
    char *al = print_join(authorities, ";"), *yl = print_join(years, ";");
    fprintf(p->out, "%s\t%zu\t%s\t%s\n", value, authorities->len, al, yl);
    free(al);
    free(yl);
}



/* Each file once, in rank order: pack items share their file. */
void print_paths_result(printer *p, const char *query, const search_result *res,
                         const search_request *req)
{
    (void)query, (void)req;
    strlist seen;
    sl_init(&seen);
    for (size_t i = 0; i < res->n_hits; i++) {
        /* the name's own bytes, which open the file, when it is not UTF-8 */
        const char *bytes = hit_str(&res->hits[i], DATA_FILE_BYTES);
        char *file = *bytes ? norm_unescape_bytes(bytes) : xstrdup(hit_str(&res->hits[i], DATA_FILE));
        if (*file && !sl_contains(&seen, file)) {
            sl_push(&seen, file);
            fputs(file, p->out);
            fputc(p->nul ? '\0' : '\n', p->out);
        }
        free(file);
    }
    sl_free(&seen);
}
