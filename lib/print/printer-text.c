/* printer-text.c: answers for a person at a terminal. */
#include <stdlib.h>
#include <string.h>

#include "hit-fields.h"
#include "print-json.h"
#include "printer-formats.h"
#include "schema.h"

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"

void print_text_result(printer *p, const char *query, const search_result *res,
                        const search_request *req)
{
    (void)query, (void)req;
    FILE *out = p->out;
    for (size_t i = 0; i < res->n_hits; i++) {
        const search_hit *h = &res->hits[i];
        char *auth = hit_join(h, DATA_AUTHORITIES, ", ");
        char *pub = hit_join(h, DATA_PUBLISHER, ", ");
        json_t *year = json_object_get(h->data, DATA_YEAR);
        fprintf(out, "%s%u. %s%s\n", p->color ? BOLD : "", h->rank, hit_str(h, DATA_TITLE),
                p->color ? RESET : "");
        fprintf(out, "   %s | ", *auth ? auth : "(no authority)");
        if (json_is_integer(year))
            fprintf(out, "%lld", (long long)json_integer_value(year));
        else
            fputs("(no year)", out);
        fprintf(out, " | %s | %s\n", *hit_str(h, DATA_DOCTYPE) ? hit_str(h, DATA_DOCTYPE) : "(no type)",
                *pub ? pub : "(no publisher)");
        /* ID@N: the passage shown, as `show` takes it */
        json_t *passage = json_object_get(h->data, DATA_PASSAGE);
        fprintf(out, "   %s%s", p->color ? DIM : "", hit_str(h, DATA_PART));
        if (json_is_integer(passage))
            fprintf(out, "@%lld", (long long)json_integer_value(passage));
        fprintf(out, "%s\n", p->color ? RESET : "");
        if (*hit_str(h, DATA_HEADING))
            fprintf(out, "   in: %s\n", hit_str(h, DATA_HEADING));
        if (h->snippet && *h->snippet) {
            /* One line: snippets span line breaks of the source. */
            fputs("   ", out);
            for (const char *c = h->snippet; *c; c++)
                fputc(*c == '\n' ? ' ' : *c, out);
            fputc('\n', out);
        }
        fputc('\n', out);
        free(auth);
        free(pub);
    }
    fprintf(out, "%s%u match%s", res->exact ? "" : "about ", res->total,
            res->total == 1 ? "" : "es");
    if (res->n_hits)
        fprintf(out, ", showing %u-%u", res->hits[0].rank, res->hits[res->n_hits - 1].rank);
    fputc('\n', out);
    if (res->partial)
        fprintf(out, "Partial answer: the search stopped at its time limit "
                     "(SCRUTINY_MAX_SECONDS)\n");
    if (res->suggestion)
        fprintf(out, "Did you mean: %s\n", res->suggestion);
    for (size_t i = 0; i < res->n_facets; i++) {
        const search_facet *f = &res->facets[i];
        fprintf(out, "%s:", f->name);
        for (size_t j = 0; j < f->len; j++)
            fprintf(out, "%s %s (%u)", j ? "," : "", f->values[j].value, f->values[j].count);
        if (!f->len)
            fputs(" (none)", out);
        fputc('\n', out);
    }
}


void print_text_list_value(printer *p, const char *value, unsigned count)
{
    fprintf(p->out, "%7u %s\n", count, value);
}



static void print_head(FILE *out, json_t *d)
{
    char *auth = json_join(d, DATA_AUTHORITIES, ", "), *pub = json_join(d, DATA_PUBLISHER, ", ");
    fprintf(out, "title:       %s\n", json_str(d, DATA_TITLE));
    fprintf(out, "id:          %s\n", json_str(d, DATA_PART));
    fprintf(out, "file:        %s\n", json_str(d, DATA_FILE));
    if (*json_str(d, DATA_PACK))
        fprintf(out, "pack:        %s\n", json_str(d, DATA_PACK));
    fprintf(out, "authorities: %s\n", *auth ? auth : "(none)");
    fprintf(out, "publisher:   %s\n", *pub ? pub : "(unknown)");
    fprintf(out, "type:        %s\n",
            *json_str(d, DATA_DOCTYPE) ? json_str(d, DATA_DOCTYPE) : "(unknown)");
    if (json_is_integer(json_object_get(d, DATA_YEAR)))
        fprintf(out, "date:        %s\n", json_str(d, DATA_DATE));
    fputc('\n', out);
    free(auth);
    free(pub);
}

void print_text_passage(printer *p, json_t *data)
{
    if (!p->tree) {
        p->tree = print_document_head(data);
        print_head(p->out, p->tree);
    }
    const char *h = json_str(data, DATA_HEADING);
    if (p->one) {
        fprintf(p->out, "in: %s\n\n", *h ? h : "(before any heading)");
    } else if (!p->heading || strcmp(p->heading, h) != 0) {
        if (*h)
            fprintf(p->out, "## %s\n\n", h);
        free(p->heading);
        p->heading = xstrdup(h);
    }
    fprintf(p->out, "%s\n\n", json_str(data, DATA_TEXT));
}


/* Rows by A, columns by B, totals last; "." for none. */
void print_text_matrix(printer *p, const matrix_table *t, const char *query)
{
    (void)query;
    FILE *out = p->out;
    int w0 = (int)strlen(t->facet_a);
    for (size_t i = 0; i < t->n_rows; i++)
        if ((int)strlen(t->rows[i].value) > w0)
            w0 = (int)strlen(t->rows[i].value);
    fprintf(out, "%-*s", w0, t->facet_a);
    for (size_t j = 0; j < t->n_cols; j++)
        fprintf(out, "  %s", t->cols[j].value);
    fputs("  total\n", out);
    for (size_t i = 0; i < t->n_rows; i++) {
        fprintf(out, "%-*s", w0, t->rows[i].value);
        for (size_t j = 0; j < t->n_cols; j++) {
            unsigned n = matrix_table_count(t, t->rows[i].value, t->cols[j].value);
            int w = (int)strlen(t->cols[j].value);
            if (n)
                fprintf(out, "  %*u", w, n);
            else
                fprintf(out, "  %*s", w, ".");
        }
        fprintf(out, "  %5u\n", t->rows[i].count);
    }
    fprintf(out, "%ld document%s\n", t->documents, t->documents == 1 ? "" : "s");
}


void print_text_recurring_row(printer *p, const char *value, const strlist *authorities,
                               const strlist *years)
{
    char *al = print_join(authorities, ", "), *yl = print_join(years, ", ");
    fprintf(p->out, "%-32s %3zu authorit%s: %s\n%-32s     years: %s\n", value,
            authorities->len, authorities->len == 1 ? "y" : "ies", al, "", yl);
    free(al);
    free(yl);
}


