/* cmd_show.c: scrutiny-query show ID|FILE: a document's metadata and text,
 * or one passage with its heading path. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "format.h"
#include "schema.h"
#include "util.h"

typedef struct show_ctx {
    const options *o;
    json_t *doc;       /* metadata of the first passage */
    json_t *passages;  /* for JSON */
    const char *last_heading;
    char *heading_buf;
    int passage_only;
} show_ctx;

static const char *str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

static void join_list(json_t *a, char *buf, size_t len)
{
    size_t i, used = 0;
    json_t *v;
    buf[0] = '\0';
    json_array_foreach(a, i, v)
    {
        int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
                         json_is_string(v) ? json_string_value(v) : "");
        if (n < 0 || (size_t)n >= len - used)
            break;
        used += (size_t)n;
    }
}

static void print_header(json_t *d)
{
    char auth[512], pub[256];
    join_list(json_object_get(d, DATA_AUTHORITIES), auth, sizeof auth);
    join_list(json_object_get(d, DATA_PUBLISHER), pub, sizeof pub);
    json_t *year = json_object_get(d, DATA_YEAR);
    printf("title:       %s\n", str(d, DATA_TITLE));
    printf("id:          %s\n", str(d, DATA_PART));
    printf("file:        %s\n", str(d, DATA_FILE));
    if (*str(d, DATA_PACK))
        printf("pack:        %s\n", str(d, DATA_PACK));
    printf("authorities: %s\n", *auth ? auth : "(none)");
    printf("publisher:   %s\n", *pub ? pub : "(unknown)");
    printf("type:        %s\n", *str(d, DATA_DOCTYPE) ? str(d, DATA_DOCTYPE) : "(unknown)");
    if (json_is_integer(year))
        printf("date:        %s\n", *str(d, DATA_DATE) ? str(d, DATA_DATE) : "");
}

static void on_passage(void *vctx, json_t *p)
{
    show_ctx *c = vctx;
    if (!c->doc) {
        c->doc = json_deep_copy(p);
        json_object_del(c->doc, DATA_TEXT);
        json_object_del(c->doc, DATA_HEADING);
        json_object_del(c->doc, DATA_PASSAGE);
        json_object_del(c->doc, DATA_KIND);
        json_object_del(c->doc, DATA_THEMES);
        if (c->o->format != FORMAT_JSON) {
            print_header(c->doc);
            putchar('\n');
        }
    }
    if (c->o->format == FORMAT_JSON) {
        json_array_append_new(c->passages,
                              json_pack("{s:O, s:s, s:s, s:O, s:s}", "passage",
                                        json_object_get(p, DATA_PASSAGE), "heading",
                                        str(p, DATA_HEADING), "kind", str(p, DATA_KIND),
                                        "themes", json_object_get(p, DATA_THEMES), "text",
                                        str(p, DATA_TEXT)));
        return;
    }
    const char *h = str(p, DATA_HEADING);
    if (c->passage_only) {
        printf("in: %s\n\n", *h ? h : "(before any heading)");
    } else if (!c->heading_buf || strcmp(c->heading_buf, h) != 0) {
        if (*h)
            printf("## %s\n\n", h);
        free(c->heading_buf);
        c->heading_buf = xstrdup(h);
    }
    printf("%s\n\n", str(p, DATA_TEXT));
}

char *document_key(const char *id)
{
    /* a path names the file's document: make it absolute as indexed; what
     * follows the path (#N: a pack's item, @N: a passage) stays */
    char abs[PATH_MAX];
    if (strchr(id, '/') || strchr(id, '.')) {
        const char *hash = strchr(id, '#') ? strrchr(id, '#') : strrchr(id, '@');
        char *file = hash ? xstrndup(id, (size_t)(hash - id)) : xstrdup(id);
        char *resolved = realpath(file, abs) ? abs : NULL;
        free(file);
        if (resolved) {
            strbuf sb;
            sb_init(&sb);
            sb_addf(&sb, "%s%s", abs, hash ? hash : "");
            return sb_steal(&sb);
        }
    }
    return xstrdup(id);
}

int cmd_show(searcher *s, const char *id, const options *o)
{
    char *key = document_key(id);
    int one = search_passage_ref(id, NULL) >= 0;
    show_ctx c = {o, NULL, xcheck(json_array()), NULL, NULL, one};
    char errbuf[1024];
    int n = searcher_document(s, key, on_passage, &c, errbuf, sizeof errbuf);
    free(key);
    if (n < 0 || n == 0) {
        fprintf(stderr, "%s: %s\n", util_progname(), errbuf);
        json_decref(c.passages);
        return n < 0 ? EXIT_ERROR : EXIT_NO_MATCH;
    }
    if (o->format == FORMAT_JSON) {
        json_object_set_new(c.doc, "passages", c.passages);
        c.passages = NULL;
        json_dumpf(c.doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        putchar('\n');
    }
    json_decref(c.passages);
    json_decref(c.doc);
    free(c.heading_buf);
    return fflush(stdout) == 0 ? EXIT_MATCH : EXIT_ERROR;
}
