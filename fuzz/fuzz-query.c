/* libFuzzer target: query normalisation and parsing with every filter,
 * range and field of the real parser, behind the library's query limits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "schema.h"
#include "search-limits.h"
#include "xapian-c.h"

static char *slug(void *ctx, const char *v)
{
    (void)ctx;
    return norm_slug(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static xc_qparser *qp;
    if (!qp) {
        xc_qparser_new(NULL, &qp, NULL);
        xc_qparser_add_prefix(qp, "title", PREFIX_TITLE, NULL);
        xc_qparser_add_prefix(qp, "section", PREFIX_SECTION, NULL);
        xc_qparser_add_number_range(qp, SLOT_YEAR_NUM, "year", NULL);
        xc_qparser_add_date_range(qp, SLOT_DATE, "date", NULL);
        for (const schema_facet *f = schema_facets; f->name; f++)
            xc_qparser_add_filter(qp, f->name, f->prefix, slug, NULL, NULL);
    }
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    /* as the library does: what is over a limit never reaches Xapian (its
     * parser recurses: deep nesting overflows the stack) */
    static search_limits limits;
    if (!limits.depth)
        search_limits_from_env(&limits, NULL, 0);
    xc_qparser_set_max_expansion(qp, limits.expansion, NULL);
    char *q = search_limits_check_query(&limits, s, NULL, 0) == 0 ? norm_query(s) : NULL;
    if (q) {
        xc_query *parsed = NULL;
        xc_error err;
        if (xc_qparser_parse(qp, q, &parsed, &err) == XC_OK) {
            char *d = NULL;
            xc_query_describe(parsed, &d, NULL);
            free(d);
        }
        xc_query_free(parsed);
        parsed = NULL; /* out-parameters are untouched on failure */
        xc_qparser_parse_loose(qp, q, &parsed, NULL);
        xc_query_free(parsed);
    }
    free(q);
    free(s);
    return 0;
}
