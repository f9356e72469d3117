/* hidden-paths.c: the served databases' paths, kept out of what clients
 * are told (http.h): a client needs the cause of an error, not where the
 * server keeps its files. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

static strlist hidden; /* set once, before the threads start */

/* A path worth hiding: one of folders ("index", "." name no place, and
 * taken out of messages they would take words apart). */
static void hide(const char *path)
{
    if (strchr(path, '/') && strlen(path) > 1 && !sl_contains(&hidden, path))
        sl_push(&hidden, path);
}

void http_hide_paths(const char *const *paths, size_t n)
{
    sl_init(&hidden);
    for (size_t i = 0; i < n; i++) {
        if (!paths[i] || !*paths[i])
            continue;
        hide(paths[i]);
        char *real = realpath(paths[i], NULL); /* as a message may name it */
        if (real)
            hide(real);
        free(real);
    }
}

void http_forget_paths(void) { sl_free(&hidden); }

char *http_public_message(const char *message)
{
    strbuf sb;
    sb_init(&sb);
    for (const char *p = message; *p;) {
        size_t k = 0, len = 0;
        for (; k < hidden.len; k++) {
            len = strlen(hidden.items[k]);
            if (strncmp(p, hidden.items[k], len) == 0)
                break;
        }
        if (k == hidden.len) {
            sb_addc(&sb, *p++);
            continue;
        }
        p += len;
        if (strncmp(p, ": ", 2) == 0) /* "PATH: cause": the cause */
            p += 2;
        else /* "no document 'x' in PATH" */
            sb_adds(&sb, "the database");
    }
    return sb.buf ? sb_steal(&sb) : xstrdup("");
}
