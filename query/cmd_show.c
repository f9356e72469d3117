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
    const char *last_heading;
    char *heading_buf;
    int passage_only;
} show_ctx;

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
    printf("title:       %s\n", json_str(d, DATA_TITLE));
    printf("id:          %s\n", json_str(d, DATA_PART));
    printf("file:        %s\n", json_str(d, DATA_FILE));
    if (*json_str(d, DATA_PACK))
        printf("pack:        %s\n", json_str(d, DATA_PACK));
    printf("authorities: %s\n", *auth ? auth : "(none)");
    printf("publisher:   %s\n", *pub ? pub : "(unknown)");
    printf("type:        %s\n", *json_str(d, DATA_DOCTYPE) ? json_str(d, DATA_DOCTYPE) : "(unknown)");
    if (json_is_integer(year))
        printf("date:        %s\n", *json_str(d, DATA_DATE) ? json_str(d, DATA_DATE) : "");
}

static void on_passage(void *vctx, json_t *p)
{
    show_ctx *c = vctx;
    if (!c->doc) {
        c->doc = print_document_head(p);
        print_header(c->doc);
        putchar('\n');
    }
    const char *h = json_str(p, DATA_HEADING);
    if (c->passage_only) {
        printf("in: %s\n\n", *h ? h : "(before any heading)");
    } else if (!c->heading_buf || strcmp(c->heading_buf, h) != 0) {
        if (*h)
            printf("## %s\n\n", h);
        free(c->heading_buf);
        c->heading_buf = xstrdup(h);
    }
    printf("%s\n\n", json_str(p, DATA_TEXT));
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
    scr_error err;
    scr_status rc;
    if (o->format == FORMAT_JSON) {
        json_t *doc;
        rc = print_document_json(s, key, &doc, &err);
        if (rc == SCR_OK) {
            print_json_file(stdout, doc, PRINT_JSON_FLAGS);
            json_decref(doc);
        }
    } else {
        show_ctx c = {o, NULL, NULL, NULL, search_passage_ref(id, NULL) >= 0};
        rc = searcher_document(s, key, on_passage, &c, &err);
        json_decref(c.doc);
        free(c.heading_buf);
    }
    free(key);
    if (rc != SCR_OK) { /* none such: as a search that finds nothing */
        fprintf(stderr, "%s: %s\n", util_progname(), err.message);
        return rc == SCR_ERR_NOT_FOUND ? EXIT_NO_MATCH : EXIT_ERROR;
    }
    return fflush(stdout) == 0 ? EXIT_MATCH : EXIT_ERROR;
}
