/* format_text.c: results for a person at a terminal. */
#include <stdlib.h>

#include "format.h"
#include "schema.h"
#include "util.h"

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"

void format_text(FILE *out, const search_result *res, const options *ctx)
{
    for (size_t i = 0; i < res->n_hits; i++) {
        const search_hit *h = &res->hits[i];
        char *auth = hit_join(h, DATA_AUTHORITIES, ", ");
        char *pub = hit_join(h, DATA_PUBLISHER, ", ");
        json_t *year = json_object_get(h->data, DATA_YEAR);
        fprintf(out, "%s%u. %s%s\n", ctx->color ? BOLD : "", h->rank, hit_str(h, DATA_TITLE),
                ctx->color ? RESET : "");
        fprintf(out, "   %s | ", *auth ? auth : "(no authority)");
        if (json_is_integer(year))
            fprintf(out, "%lld", (long long)json_integer_value(year));
        else
            fputs("(no year)", out);
        fprintf(out, " | %s | %s\n", *hit_str(h, DATA_DOCTYPE) ? hit_str(h, DATA_DOCTYPE) : "(no type)",
                *pub ? pub : "(no publisher)");
        /* ID@N: the passage shown, as `show` takes it */
        json_t *passage = json_object_get(h->data, DATA_PASSAGE);
        fprintf(out, "   %s%s", ctx->color ? DIM : "", hit_str(h, DATA_PART));
        if (json_is_integer(passage))
            fprintf(out, "@%lld", (long long)json_integer_value(passage));
        fprintf(out, "%s\n", ctx->color ? RESET : "");
        if (*hit_str(h, DATA_HEADING))
            fprintf(out, "   in: %s\n", hit_str(h, DATA_HEADING));
        if (h->snippet && *h->snippet) {
            /* One line: snippets span line breaks of the source. */
            fputs("   ", out);
            for (const char *p = h->snippet; *p; p++)
                fputc(*p == '\n' ? ' ' : *p, out);
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
