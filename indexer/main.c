/* scrutiny-index: reads documents and adds them to the scrutiny database. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "database.h"
#include "manifest.h"
#include "reader.h"
#include "record.h"
#include "util.h"
#include "walk.h"
#include "writer.h"
#include "xapian-c.h"

/* Exit statuses (documented in scrutiny-index(1)). */
enum { EXIT_ALL_OK = 0, EXIT_FATAL = 2, EXIT_SOME_FAILED = 3 };

typedef struct run {
    scr_writer *writer;
    int quiet;
    unsigned indexed, failed, skipped;
    int fatal;
    /* The manifest of the directory being read, loaded once per directory. */
    char *manifest_dir;
    manifest manifest;
    int have_manifest;
} run;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: scrutiny-index [--db PATH] [--quiet] PATH...\n"
            "\n"
            "Reads the documents under each PATH (files, or directories read\n"
            "recursively) and adds them to the database.  Indexing a file again\n"
            "replaces it.  A manifest.tsv beside the files supplies their metadata.\n"
            "\n"
            "  --db PATH    database to write (default: $SCRUTINY_DB, else\n"
            "               $XDG_DATA_HOME/scrutiny/db or ~/.local/share/scrutiny/db)\n"
            "  -q, --quiet  no summary line\n"
            "  -h, --help   this help\n"
            "  --version    program and Xapian versions\n"
            "\n"
            "Exit status: 0 all files indexed, 3 some failed (the rest indexed),\n"
            "2 the run could not go on.  See scrutiny-index(1).\n");
}

static void warn(const char *path, const char *reason)
{
    fprintf(stderr, "%s: %s: %s\n", util_progname(), path, reason);
}

static void on_walk_error(void *ctx, const char *path, const char *reason)
{
    run *r = ctx;
    warn(path, reason);
    r->failed++;
}

/* Makes sure r->manifest is the one of path's directory (if any). */
static void load_manifest_for(run *r, const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
    if (r->manifest_dir && strcmp(dir, r->manifest_dir) == 0) {
        free(dir);
        return;
    }
    if (r->have_manifest)
        manifest_free(&r->manifest);
    r->have_manifest = 0;
    free(r->manifest_dir);
    r->manifest_dir = dir;
    strbuf mpath;
    sb_init(&mpath);
    sb_addf(&mpath, "%s/%s", dir, MANIFEST_NAME);
    if (access(mpath.buf, F_OK) == 0) {
        char errbuf[512];
        if (manifest_load(mpath.buf, &r->manifest, errbuf, sizeof errbuf) == 0)
            r->have_manifest = 1;
        else
            fprintf(stderr, "%s: %s (metadata from it ignored)\n", util_progname(), errbuf);
    }
    sb_free(&mpath);
}

static int index_file(void *ctx, const char *path)
{
    run *r = ctx;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strcmp(base, MANIFEST_NAME) == 0)
        return 0;
    if (!reader_supported(path)) {
        r->skipped++;
        return 0;
    }
    char errbuf[1024];
    char abs[PATH_MAX];
    if (!realpath(path, abs)) {
        warn(path, strerror(errno));
        r->failed++;
        return 0;
    }
    reader_text text = {0};
    if (reader_load(path, &text, errbuf, sizeof errbuf) != 0) {
        warn(path, errbuf);
        r->failed++;
        return 0;
    }
    if (text.invalid) {
        snprintf(errbuf, sizeof errbuf, "%zu invalid UTF-8 sequence%s replaced by U+FFFD",
                 text.invalid, text.invalid == 1 ? "" : "s");
        warn(path, errbuf);
    }
    scr_record rec;
    record_init(&rec);
    rec.path = xstrdup(abs);
    rec.text = text.text;
    rec.text_len = text.len;
    load_manifest_for(r, path);
    const manifest_entry *e = r->have_manifest ? manifest_find(&r->manifest, base) : NULL;
    if (e && manifest_apply(e, &rec, errbuf, sizeof errbuf) != 0)
        fprintf(stderr, "%s: %s: %s\n", util_progname(), r->manifest.path, errbuf);
    if (!rec.title)
        rec.title = record_guess_title(rec.text);
    int rc = writer_add(r->writer, &rec, errbuf, sizeof errbuf);
    record_free(&rec);
    if (rc != 0) {
        /* The database itself failed: nothing more can be written. */
        fprintf(stderr, "%s: %s\n", util_progname(), errbuf);
        r->fatal = 1;
        return 1;
    }
    r->indexed++;
    return 0;
}

int main(int argc, char **argv)
{
    util_set_progname("scrutiny-index");
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *dbopt = NULL;
    run r = {0};
    int c;
    while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
        switch (c) {
        case 'd': dbopt = optarg; break;
        case 'q': r.quiet = 1; break;
        case 'h': usage(stdout); return 0;
        case 'V':
            printf("scrutiny-index %s (Xapian %s)\n", PACKAGE_VERSION, xc_xapian_version());
            return 0;
        default:
            fprintf(stderr, "%s: try 'scrutiny-index --help'\n", util_progname());
            return EXIT_FATAL;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "%s: no files or directories to index (try --help)\n",
                util_progname());
        return EXIT_FATAL;
    }
    char errbuf[1024];
    char *dbpath = db_resolve_path(dbopt, errbuf, sizeof errbuf);
    if (!dbpath || writer_open(dbpath, &r.writer, errbuf, sizeof errbuf) != 0) {
        fprintf(stderr, "%s: %s\n", util_progname(), errbuf);
        free(dbpath);
        return EXIT_FATAL;
    }
    for (int i = optind; i < argc && !r.fatal; i++)
        walk_path(argv[i], index_file, on_walk_error, &r);
    unsigned total = 0;
    int closed = writer_doccount(r.writer, &total, errbuf, sizeof errbuf) == 0;
    if (writer_close(r.writer, errbuf, sizeof errbuf) != 0) {
        fprintf(stderr, "%s: %s\n", util_progname(), errbuf);
        r.fatal = 1;
    }
    if (!r.quiet)
        fprintf(stderr, "%s: %u indexed, %u failed, %u skipped (not text); %s%u documents in %s\n",
                util_progname(), r.indexed, r.failed, r.skipped, closed ? "" : "? ",
                total, dbpath);
    if (r.have_manifest)
        manifest_free(&r.manifest);
    free(r.manifest_dir);
    free(dbpath);
    if (r.fatal)
        return EXIT_FATAL;
    return r.failed ? EXIT_SOME_FAILED : EXIT_ALL_OK;
}
