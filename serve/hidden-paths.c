/* hidden-paths.c: the served databases' paths, kept out of what clients
 * are told (http.h): a client needs the cause of an error, not where the
 * server keeps its files. */
#include <stdlib.h>
#include <string.h>

#include "http.h"

static strlist hidden; /* set once, before the threads start */

static void hide(const char *path)
{
    if (*path && !sl_contains(&hidden, path))
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

/* Only where the library names a database, a message's head ("PATH:
 * cause") and tail ("... in PATH"): elsewhere the same letters may be the
 * client's own words (an id). */
char *http_public_message(const char *message)
{
    size_t len = strlen(message), head = 0, tail = 0;
    for (size_t k = 0; k < hidden.len; k++) {
        size_t n = strlen(hidden.items[k]);
        if (!head && strncmp(message, hidden.items[k], n) == 0 &&
            strncmp(message + n, ": ", 2) == 0)
            head = n + 2;
        if (!tail && len >= n + 4 && strcmp(message + len - n, hidden.items[k]) == 0 &&
            strncmp(message + len - n - 4, " in ", 4) == 0)
            tail = n;
    }
    if (head + tail > len) /* one path both: its head */
        tail = 0;
    strbuf sb;
    sb_init(&sb);
    sb_add(&sb, message + head, len - head - tail);
    if (tail)
        sb_adds(&sb, "the database");
    return sb.buf ? sb_steal(&sb) : xstrdup("");
}
