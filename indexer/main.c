/* scrutiny-index: reads documents and adds them to the scrutiny database. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "analyse.h"
#include "database.h"
#include "document.h"
#include "explain.h"
#include "manifest.h"
#include "reader.h"
#include "util.h"
#include "walk.h"
#include "writer.h"
#include "xapian-c.h"

/* Exit statuses (documented in scrutiny-index(1)). */
enum { EXIT_ALL_OK = 0, EXIT_FATAL = 2, EXIT_SOME_FAILED = 3 };

typedef struct run {
    scr_writer *writer;  /* NULL with --explain */
    knowledge *know;
    int quiet, json;
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
            "       scrutiny-index --explain [--format text|json] FILE...\n"
            "\n"
            "Reads the documents under each PATH (files, or directories read\n"
            "recursively: .pdf, .html, .htm, .docx, .txt, .md) and adds them to the\n"
            "database.  Indexing a file again replaces it.  Title, authority,\n"
            "publisher, type and date are detected from the text; a manifest.tsv\n"
            "beside the files overrides them field by field.\n"
            "\n"
            "  --db PATH        database to write (default: $SCRUTINY_DB, else\n"
            "                   $XDG_DATA_HOME/scrutiny/db or ~/.local/share/scrutiny/db)\n"
            "  --explain        print what would be stored for each file, and why;\n"
            "                   no database is opened\n"
            "  --format F       for --explain: text (default) or json (one object per file)\n"
            "  --data-dir DIR   the gazetteer and vocabularies (default: installed data)\n"
            "  --themes FILE    the theme taxonomy (default: themes.tsv of the data)\n"
            "  -q, --quiet      no summary line\n"
            "  -h, --help       this help\n"
            "  --version        program and Xapian versions\n"
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

/* Files given by name are always tried; files found in directories only
 * when their name says they are documents. */
static int consider(run *r, const char *path, int named)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strcmp(base, MANIFEST_NAME) == 0)
        return 0;
    if (!named && !reader_wanted(path)) {
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
    load_manifest_for(r, path);
    const manifest_entry *e = r->have_manifest ? manifest_find(&r->manifest, base) : NULL;
    built_doc d;
    if (document_build(r->know, abs, e, &d, errbuf, sizeof errbuf) != 0) {
        warn(path, errbuf);
        r->failed++;
        return 0;
    }
    if (d.invalid) {
        snprintf(errbuf, sizeof errbuf, "%zu invalid UTF-8 sequence%s replaced by U+FFFD",
                 d.invalid, d.invalid == 1 ? "" : "s");
        warn(path, errbuf);
    }
    int rc = 0;
    if (!r->writer) {
        if (r->json)
            explain_json(stdout, &d);
        else
            explain_text(stdout, &d);
    } else if (writer_replace_file(r->writer, &d, errbuf, sizeof errbuf) != 0) {
        /* The database itself failed: nothing more can be written. */
        fprintf(stderr, "%s: %s\n", util_progname(), errbuf);
        r->fatal = 1;
        rc = 1;
    }
    built_doc_free(&d);
    if (!rc)
        r->indexed++;
    return rc;
}

static int found_in_walk(void *ctx, const char *path) { return consider(ctx, path, 0); }

static int walk_named(run *r, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
        return consider(r, path, 1);
    return walk_path(path, found_in_walk, on_walk_error, r);
}

int main(int argc, char **argv)
{
    util_set_progname("scrutiny-index");
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"explain", no_argument, NULL, 'e'},
        {"format", required_argument, NULL, 'f'},
        {"data-dir", required_argument, NULL, 'D'},
        {"themes", required_argument, NULL, 'T'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *dbopt = NULL, *datadir = NULL, *themes_file = NULL;
    int explain = 0;
    run r = {0};
    int c;
    while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
        switch (c) {
        case 'd': dbopt = optarg; break;
        case 'e': explain = 1; break;
        case 'D': datadir = optarg; break;
        case 'T': themes_file = optarg; break;
        case 'f':
            if (strcmp(optarg, "json") == 0)
                r.json = 1;
            else if (strcmp(optarg, "text") != 0) {
                fprintf(stderr, "%s: unknown format '%s' (use text or json)\n", util_progname(),
                        optarg);
                return EXIT_FATAL;
            }
            break;
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
    if (knowledge_load(datadir, themes_file, &r.know, errbuf, sizeof errbuf) != 0) {
        fprintf(stderr, "%s: %s\n", util_progname(), errbuf);
        return EXIT_FATAL;
    }
    char *dbpath = NULL;
    if (!explain) {
        dbpath = db_resolve_path(dbopt, errbuf, sizeof errbuf);
        if (!dbpath || writer_open(dbpath, knowledge_taxonomy(r.know), &r.writer, errbuf,
                                   sizeof errbuf) != 0) {
            fprintf(stderr, "%s: %s\n", util_progname(), errbuf);
            free(dbpath);
            knowledge_free(r.know);
            return EXIT_FATAL;
        }
    }
    for (int i = optind; i < argc && !r.fatal; i++)
        walk_named(&r, argv[i]);
    if (r.writer) {
        unsigned total = 0;
        int counted = writer_count_documents(r.writer, &total, errbuf, sizeof errbuf) == 0;
        if (writer_close(r.writer, errbuf, sizeof errbuf) != 0) {
            fprintf(stderr, "%s: %s\n", util_progname(), errbuf);
            r.fatal = 1;
        }
        if (!r.quiet && counted)
            fprintf(stderr, "%s: %u indexed, %u failed, %u skipped; %u documents in %s\n",
                    util_progname(), r.indexed, r.failed, r.skipped, total, dbpath);
    }
    if (r.have_manifest)
        manifest_free(&r.manifest);
    free(r.manifest_dir);
    free(dbpath);
    knowledge_free(r.know);
    if (r.fatal)
        return EXIT_FATAL;
    return r.failed ? EXIT_SOME_FAILED : EXIT_ALL_OK;
}
