/* cmd_show.c: scrutiny-query show ID|FILE: a document's metadata and text,
 * or one passage with its heading path. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "util.h"

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
    /* DOCID@N with N no number: a mistake in the command, not a document
     * that is not there (a path may hold an @) */
    if (!*id || *id == '@') { /* "", "@3": no document named at all */
        fprintf(stderr, "%s: show takes a document: a file, an id or a docid, with @N for its "
                        "passage N\n",
                util_progname());
        return EXIT_ERROR;
    }
    if (search_passage_ref_bad(id)) {
        fprintf(stderr, "%s: show %s: a passage is a number (show DOCID@N, as show 12@3)\n",
                util_progname(), id);
        return EXIT_ERROR;
    }
    char *key = document_key(id);
    scr_error err;
    printer p;
    printer_for(&p, o);
    scr_status rc = printer_document(&p, s, key, search_passage_ref(id, NULL) >= 0, &err);
    free(key);
    if (rc != SCR_OK) { /* none such: as a search that finds nothing */
        fprintf(stderr, "%s: %s\n", util_progname(), err.message);
        return rc == SCR_ERR_NOT_FOUND ? EXIT_NO_MATCH : EXIT_ERROR;
    }
    return flushed(EXIT_MATCH);
}
