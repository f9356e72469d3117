/* results.c: a page of hits as HTML. */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "hit-fields.h"
#include "page.h"
#include "schema.h"

int kind_recommends(const char *kind)
{
    return strcmp(kind, "recommendation") == 0 || strcmp(kind, "area-for-development") == 0;
}

void html_similar_link(strbuf *sb, const char *id, json_int_t passage)
{
    strbuf ref;
    sb_init(&ref);
    sb_addf(&ref, "%s@%lld", id, (long long)passage);
    sb_adds(sb, "<a class=\"similar\" href=\"/like?similar=");
    url_add(sb, ref.buf);
    sb_adds(sb, "\">similar recommendations to other authorities</a>");
    sb_free(&ref);
}

void html_results(strbuf *sb, const search_result *res, unsigned offset)
{
    sb_addf(sb, "<ol class=\"results\" start=\"%u\">\n", offset + 1);
    for (size_t i = 0; i < res->n_hits; i++) {
        const search_hit *h = &res->hits[i];
        const char *id = hit_str(h, DATA_PART), *title = hit_str(h, DATA_TITLE);
        sb_adds(sb, "<li>\n<h3><a href=\"/show?id=");
        url_add(sb, id);
        sb_adds(sb, "\">");
        html_add(sb, *title ? title : hit_str(h, DATA_FILE));
        sb_adds(sb, "</a></h3>\n<p class=\"meta\">");
        char *auth = hit_join(h, DATA_AUTHORITIES, ", ");
        char *pub = hit_join(h, DATA_PUBLISHER, ", ");
        html_add(sb, *auth ? auth : "no authority named");
        sb_adds(sb, " · ");
        html_add(sb, *hit_str(h, DATA_DOCTYPE) ? hit_str(h, DATA_DOCTYPE) : "type unknown");
        if (*pub) {
            sb_adds(sb, " · ");
            html_add(sb, pub);
        }
        if (*hit_str(h, DATA_DATE)) {
            sb_adds(sb, " · ");
            html_add(sb, hit_str(h, DATA_DATE));
        }
        free(auth);
        free(pub);
        sb_adds(sb, "</p>\n");
        if (*hit_str(h, DATA_HEADING)) {
            sb_adds(sb, "<p class=\"heading\">");
            html_add(sb, hit_str(h, DATA_HEADING));
            sb_adds(sb, "</p>\n");
        }
        if (h->snippet) {
            sb_adds(sb, "<p class=\"snippet\">");
            html_add_marked(sb, h->snippet, MARK_START, MARK_END);
            sb_adds(sb, "</p>\n");
        }
        json_t *passage = json_object_get(h->data, DATA_PASSAGE);
        if (kind_recommends(hit_str(h, DATA_KIND)) && json_is_integer(passage)) {
            sb_adds(sb, "<p>");
            html_similar_link(sb, id, json_integer_value(passage));
            sb_adds(sb, "</p>\n");
        }
        sb_adds(sb, "</li>\n");
    }
    sb_adds(sb, "</ol>\n");
}
