/* analysis-stamp.c: see analysis-stamp.h. */
#include "analysis-stamp.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "schema.h"
#include "util.h"

/* Adds the bytes of path (nothing when it cannot be read) and its name. */
static void add_file(XXH3_state_t *h, const char *path, const char *name)
{
    XXH3_64bits_update(h, name, strlen(name) + 1);
    size_t len = 0;
    char *text = read_file(path, 64u << 20, &len);
    if (text)
        XXH3_64bits_update(h, text, len);
    free(text);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char *analysis_stamp_data(const char *data_dir, const char *themes_file)
{
    XXH3_state_t *h = xcheck(XXH3_createState());
    XXH3_64bits_reset(h);
    XXH3_64bits_update(h, SCHEMA_WORDS_VERSION, sizeof SCHEMA_WORDS_VERSION);
    strlist names;
    sl_init(&names);
    DIR *d = opendir(data_dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".tsv") == 0)
            sl_push(&names, e->d_name);
    }
    if (d)
        closedir(d);
    if (names.len)
        qsort(names.items, names.len, sizeof *names.items, by_name);
    for (size_t i = 0; i < names.len; i++) {
        strbuf path;
        sb_init(&path);
        sb_addf(&path, "%s/%s", data_dir, names.items[i]);
        add_file(h, path.buf, names.items[i]);
        sb_free(&path);
    }
    if (themes_file)
        add_file(h, themes_file, "--themes");
    sl_free(&names);
    char *out = xmalloc(17);
    snprintf(out, 17, "%016llx", (unsigned long long)XXH3_64bits_digest(h));
    XXH3_freeState(h);
    return out;
}

void analysis_stamp_file(const char *data_stamp, const manifest_entry *row, char out[17])
{
    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, data_stamp);
    if (row) { /* each field, told apart from its neighbours and from none */
        const char *fields[] = {row->title, row->authority, row->publisher,
                                row->doctype, row->date,    row->source};
        for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
            sb_addf(&sb, "\x1f%s%s", fields[i] ? "=" : "", fields[i] ? fields[i] : "");
    }
    snprintf(out, 17, "%016llx", (unsigned long long)XXH3_64bits(sb.buf, sb.len));
    sb_free(&sb);
}
