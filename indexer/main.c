/* scrutiny-index: reads documents and adds them to the scrutiny database,
 * or with --explain says what it would store.  Options and the run; the
 * file list is filelist.c, the threads pipeline.c. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "analyse.h"
#include "analysis-stamp.h"
#include "database.h"
#include "document.h"
#include "explain.h"
#include "extract.h"
#include "filelist.h"
#include "manifest.h"
#include "pipeline.h"
#include "progress.h"
#include "reader.h"
#include "util.h"
#include "writer.h"
#include "xapian-c.h"

/* Exit statuses (documented in scrutiny-index(1)); a stop by SIGINT or
 * SIGTERM exits 128 + the signal, as shells expect. */
enum { EXIT_ALL_OK = 0, EXIT_FATAL = 2, EXIT_SOME_FAILED = 3 };

/* Set by the signal handler, read by the walk and by the pipeline's worker
 * threads: an atomic (lock-free, so a handler may store to it), not a
 * volatile, which orders nothing between threads. */
static atomic_int stop_signal = 0;

static void on_signal(int sig) { stop_signal = sig; }

typedef struct counts {
    unsigned added, changed, unchanged, removed, failed, skipped;
} counts;

typedef struct run {
    scr_writer *writer; /* NULL with --explain */
    int json, tsv, fatal;
    int db_failed;  /* a write or commit failed: what was pending may be lost */
    counts n;       /* what is committed (or warned about) */
    counts pending; /* written but not yet committed */
    progress prog;
} run;

/* The pending counts join the committed ones once the writer commits. */
static void settle(run *r)
{
    r->n.added += r->pending.added;
    r->n.changed += r->pending.changed;
    r->n.unchanged += r->pending.unchanged;
    memset(&r->pending, 0, sizeof r->pending);
}

typedef struct manifests {
    char **dirs;
    manifest *items;
    int *loaded;
    size_t len;
} manifests;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: scrutiny-index [OPTIONS] PATH...\n"
            "       scrutiny-index [OPTIONS] --files-from FILE|-\n"
            "       scrutiny-index [OPTIONS] --rebuild [PATH...]\n"
            "       scrutiny-index --explain [--format text|json|tsv] FILE|DIR...\n"
            "\n"
            "Reads the documents under each PATH (files, or directories read\n"
            "recursively: .pdf, .html, .htm, .docx, .txt, .md) and adds them to the\n"
            "database.  Files already indexed are skipped when unchanged and replaced\n"
            "when changed; a moved file is not indexed twice.  Title, authority,\n"
            "publisher, type and date are detected from the text; a manifest.tsv\n"
            "beside the files overrides them field by field.\n"
            "\n"
            "  --db PATH          database to write (default: $SCRUTINY_DB, else\n"
            "                     $XDG_DATA_HOME/scrutiny/db or ~/.local/share/scrutiny/db)\n"
            "  --files-from FILE  also index the paths listed in FILE (- for stdin)\n"
            "  -0, --null         --files-from: paths end with NUL, not newline\n"
            "  --prune            remove the documents of indexed files that are gone\n"
            "                     from folders that are there (never a missing root)\n"
            "  --prune-limit PCT  --prune removes at most PCT%% of the files (default 50)\n"
            "  --force            --prune: lift the root and share checks; --rebuild: go on\n"
            "                     without the files of the old database that are gone\n"
            "  --follow-outside   follow symbolic links to files outside the folders given\n"
            "  -j, --jobs N       read, analyse and build N files at once (default: cores)\n"
            "  --wait[=SECONDS]   wait for another indexer's lock (for ever, or SECONDS)\n"
            "  --file-timeout S   give up on a file still being read after S seconds\n"
            "                     (default 300; 0: never)\n"
            "  --nice N           lower the indexer's CPU priority by N, 0 to 19, so that\n"
            "                     searches go first (default 10; 0: the caller's)\n"
            "  --rebuild          build the database afresh beside the old one, then swap\n"
            "                     it in (after \"re-index needed\"); with no PATH, from the\n"
            "                     folders and files the old one holds\n"
            "  --explain          print what would be stored for each file, and why;\n"
            "                     no database is opened\n"
            "  --format F         for --explain: text (default), json (one object per file)\n"
            "                     or tsv (a line per document, for auditing a corpus)\n"
            "  --data-dir DIR     the gazetteer and vocabularies (default: installed data)\n"
            "  --themes FILE      the theme taxonomy (default: themes.tsv of the data)\n"
            "  -q, --quiet        no progress and no summary line\n"
            "  -h, --help         this help\n"
            "  --version          program and Xapian versions\n"
            "\n"
            "Exit status: 0 all files indexed, 3 some failed (the rest indexed),\n"
            "2 the run could not go on, 130/143 stopped by SIGINT/SIGTERM (what was\n"
            "done is committed).  See scrutiny-index(1).\n");
}

static void warn(const char *path, const char *reason)
{
    fprintf(stderr, "%s: %s: %s\n", util_progname(), path, reason);
}

/* The manifest of path's directory (loaded once per directory), or NULL. */
static const manifest_entry *manifest_for(manifests *m, const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
    const char *base = slash ? slash + 1 : path;
    size_t i = 0;
    while (i < m->len && strcmp(m->dirs[i], dir) != 0)
        i++;
    if (i == m->len) {
        m->dirs = xrealloc(m->dirs, (m->len + 1) * sizeof *m->dirs);
        m->items = xrealloc(m->items, (m->len + 1) * sizeof *m->items);
        m->loaded = xrealloc(m->loaded, (m->len + 1) * sizeof *m->loaded);
        m->dirs[i] = xstrdup(dir);
        m->loaded[i] = 0;
        m->len++;
        strbuf mpath;
        sb_init(&mpath);
        sb_addf(&mpath, "%s/%s", dir, MANIFEST_NAME);
        if (access(mpath.buf, F_OK) == 0) {
            scr_error err;
            if (manifest_load(mpath.buf, &m->items[i], &err) == SCR_OK)
                m->loaded[i] = 1;
            for (size_t e = 0; m->loaded[i] && e < m->items[i].len; e++) {
                /* a row for no file: a name mistyped, its metadata lost */
                strbuf f;
                sb_init(&f);
                sb_addf(&f, "%s/%s", dir, m->items[i].entries[e].file);
                if (access(f.buf, F_OK) != 0)
                    fprintf(stderr, "%s: %s: warning: a row names %s, no file of this folder "
                                    "(its metadata applies to nothing)\n",
                            util_progname(), mpath.buf, m->items[i].entries[e].file);
                sb_free(&f);
                /* a file described twice: which row holds is said */
                const manifest_entry *first =
                    manifest_find(&m->items[i], m->items[i].entries[e].file);
                if (first != &m->items[i].entries[e])
                    fprintf(stderr, "%s: %s: warning: rows %zu and %zu both describe %s (the "
                                    "first is used)\n",
                            util_progname(), mpath.buf,
                            (size_t)(first - m->items[i].entries) + 1, e + 1,
                            m->items[i].entries[e].file);
            }
            if (!m->loaded[i])
                fprintf(stderr, "%s: %s (metadata from it ignored)\n", util_progname(),
                        err.message);
        }
        sb_free(&mpath);
    }
    free(dir);
    return m->loaded[i] ? manifest_find(&m->items[i], base) : NULL;
}

static void manifests_free(manifests *m)
{
    for (size_t i = 0; i < m->len; i++) {
        if (m->loaded[i])
            manifest_free(&m->items[i]);
        free(m->dirs[i]);
    }
    free(m->dirs);
    free(m->items);
    free(m->loaded);
}

/* Writes one built file (on the main thread, in order). */
static void on_job(void *ctx, job *j)
{
    run *r = ctx;
    char errbuf[1024];
    progress_step(&r->prog, j->bytes);
    if (r->fatal)
        return;
    if (j->status == JOB_FAILED) {
        progress_end(&r->prog);
        warn(j->path, j->error);
        r->n.failed++;
        return;
    }
    if (!utf8_valid(j->path, strlen(j->path))) {
        progress_end(&r->prog);
        warn(j->path, "the file name is not valid UTF-8: searches show it with U+FFFD in "
                      "place of the bad bytes (rename the file to fix it)");
    }
    if (j->doc.invalid) {
        progress_end(&r->prog);
        snprintf(errbuf, sizeof errbuf, "%zu invalid UTF-8 sequence%s replaced by U+FFFD",
                 j->doc.invalid, j->doc.invalid == 1 ? "" : "s");
        warn(j->path, errbuf);
    }
    if (!r->writer) {
        if (r->json)
            explain_json(stdout, &j->doc);
        else if (r->tsv)
            explain_tsv(stdout, &j->doc);
        else
            explain_text(stdout, &j->doc);
        r->n.added++;
        return;
    }
    file_state old;
    scr_error err;
    int known = 0;
    char *moved = NULL;
    scr_status rc = writer_file_state(r->writer, j->abs, &old, &known, &err);
    if (rc != SCR_OK) {
        /* said below, as a database failure */
    } else if (known && strcmp(old.hash, j->state.hash) == 0 &&
               strcmp(old.analysis, j->state.analysis) == 0) {
        rc = writer_touch(r->writer, j->abs, &j->state, &err);
        r->pending.unchanged++;
    } else if (known || (rc = writer_path_with_hash(r->writer, j->state.hash, &moved, &err)) ==
                            SCR_OK) {
        /* the same content under a path that is gone: the file moved */
        struct stat sb;
        if (moved && (strcmp(moved, j->abs) == 0 || lstat(moved, &sb) == 0)) {
            free(moved);
            moved = NULL;
        }
        rc = writer_replace_file(r->writer, &j->doc, &j->docs, &j->state, moved, &err);
        if (known || moved)
            r->pending.changed++;
        else
            r->pending.added++;
        free(moved);
    }
    if (rc == SCR_OK && writer_uncommitted(r->writer) == 0)
        settle(r);
    if (rc != SCR_OK) { /* the database itself failed: nothing more can be written */
        progress_end(&r->prog);
        r->db_failed = 1;
        fprintf(stderr, "%s: %s\n", util_progname(), err.message);
        r->fatal = 1;
        stop_signal = stop_signal ? stop_signal : -1;
    }
}

/* --rebuild with no paths: what the old database held, its root folders
 * walked again and the files it had outside them.  Refuses (-1, said)
 * when some are gone, unless force: a rebuild must not lose them. */
/* Whether path is one a root's walk finds again (inside it, a name the
 * walk reads): its own absence is a file deleted, not a source lost. */
static int walked_again(const char *path, const strlist *roots)
{
    for (size_t k = 0; k < roots->len; k++) {
        size_t n = strlen(roots->items[k]);
        if (strncmp(path, roots->items[k], n) == 0 && path[n] == '/' && reader_wanted(path))
            return 1;
    }
    return 0;
}

static int add_rebuild_sources(scr_writer *w, filelist *files, int force)
{
    scr_error err;
    strlist old, roots;
    if (writer_rebuild_sources(w, &old, &roots, &err) != SCR_OK) {
        fprintf(stderr, "%s: %s\n", util_progname(), err.message);
        return -1;
    }
    int rc = 0;
    size_t gone = 0;
    const char *first = NULL;
    struct stat st;
    for (size_t i = 0; i < roots.len; i++)
        if (stat(roots.items[i], &st) != 0 || !S_ISDIR(st.st_mode) || access(roots.items[i], R_OK | X_OK) != 0)
            gone++, first = first ? first : roots.items[i];
    /* a missing root, or a file indexed on its own that is gone; a file
     * deleted from a root that is there is just gone (a rebuild walks the
     * root again: it refused to rebuild after any file was deleted) */
    for (size_t i = 0; i < old.len; i++)
        if (!walked_again(old.items[i], &roots) && lstat(old.items[i], &st) != 0)
            gone++, first = first ? first : old.items[i];
    if (!old.len && !roots.len) {
        fprintf(stderr, "%s: --rebuild: the database holds no record of its files (or cannot be "
                        "read): name the folders to index\n", util_progname());
        rc = -1;
    } else if (gone && !force) {
        fprintf(stderr, "%s: --rebuild: %zu of the folders and files indexed before are missing "
                        "(%s...): the old database is kept (--force rebuilds without them)\n",
                util_progname(), gone, first);
        rc = -1;
    }
    for (size_t i = 0; i < roots.len && rc == 0; i++) {
        if (stat(roots.items[i], &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        filelist_add_root(files, roots.items[i]);
        if (writer_add_root(w, roots.items[i], &err) != SCR_OK) {
            fprintf(stderr, "%s: %s\n", util_progname(), err.message);
            rc = -1;
        }
    }
    for (size_t i = 0; i < roots.len && rc == 0; i++)
        if (stat(roots.items[i], &st) == 0 && S_ISDIR(st.st_mode))
            filelist_add_path(files, roots.items[i]);
    for (size_t i = 0; i < old.len && rc == 0; i++) {
        if (!walked_again(old.items[i], &roots) && lstat(old.items[i], &st) == 0) {
            filelist_add_root(files, old.items[i]);
            filelist_add_path(files, old.items[i]);
        }
    }
    sl_free(&old);
    sl_free(&roots);
    return rc;
}

/* A new database written in parts is merged with every part open at once
 * (writer_plan makes as many parts as the limit leaves room for): the soft
 * limit of open files goes up to the hard one, 65,536 at most. */
static void raise_open_files(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return;
    rlim_t want = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > 65536 ? 65536 : rl.rlim_max;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
        rl.rlim_cur = want;
        setrlimit(RLIMIT_NOFILE, &rl); /* a refusal leaves fewer, larger parts */
    }
}

static int by_real_path(const void *a, const void *b)
{
    char *const *x = *(char **const *)a, *const *y = *(char **const *)b;
    int c = strcmp(*x, *y);
    return c ? c : (x < y ? -1 : x > y); /* the first named first */
}

/* Each file's real path (malloc()ed), or NULL: with why[i] the errno when
 * it cannot be had, with why[i] 0 when an earlier file has the same one.
 * A file named twice (a folder given twice, a link beside its target) is
 * read, written and counted once; written in parts (writer_plan), where
 * the database tells nothing of this run's files, it would be twice. */
static char **real_paths_once(const filelist *files, int *why)
{
    size_t n = files->len;
    char **real = xcalloc(n ? n : 1, sizeof *real);
    char ***by = xcalloc(n ? n : 1, sizeof *by);
    size_t nby = 0;
    for (size_t i = 0; i < n; i++) {
        char abs[PATH_MAX];
        if (!realpath(files->items[i].path, abs)) {
            why[i] = errno;
            continue;
        }
        real[i] = xstrdup(abs);
        by[nby++] = &real[i];
    }
    qsort(by, nby, sizeof *by, by_real_path);
    for (size_t k = nby; k-- > 1;)
        if (strcmp(*by[k], *by[k - 1]) == 0) {
            free(*by[k]);
            *by[k] = NULL;
        }
    free(by);
    return real;
}

static int parse_jobs(const char *s, unsigned *out)
{
    if (parse_unsigned(s, 1, 256, out) != 0) {
        fprintf(stderr, "%s: --jobs takes a number from 1 to 256, not '%s'\n", util_progname(), s);
        return -1;
    }
    return 0;
}

/* Searches are interactive, indexing is batch work: the indexer yields the
 * CPU to a server or a query beside it, as recollindex does by default (an
 * idle machine indexes as fast).  Linux keeps a priority per thread and a
 * new thread takes its creator's: this runs before any thread starts. */
static void lower_priority(unsigned niceness)
{
    if (niceness == 0)
        return;
    errno = 0;
    int now = getpriority(PRIO_PROCESS, 0);
    if (now == -1 && errno != 0)
        return;
    int to = now + (int)niceness > 19 ? 19 : now + (int)niceness;
    if (to > now && setpriority(PRIO_PROCESS, 0, to) != 0)
        fprintf(stderr, "%s: warning: --nice %u: %s\n", util_progname(), niceness,
                strerror(errno));
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
        {"files-from", required_argument, NULL, 'F'},
        {"null", no_argument, NULL, '0'},
        {"prune", no_argument, NULL, 'p'},
        {"jobs", required_argument, NULL, 'j'},
        {"wait", optional_argument, NULL, 'w'},
        {"prune-limit", required_argument, NULL, 'P'},
        {"force", no_argument, NULL, 'o'},
        {"follow-outside", no_argument, NULL, 'O'},
        {"file-timeout", required_argument, NULL, 't'},
        {"nice", required_argument, NULL, 'n'},
        {"rebuild", no_argument, NULL, 'R'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *dbopt = NULL, *datadir = NULL, *themes_file = NULL, *files_from = NULL;
    int explain = 0, quiet = 0, nul = 0, prune = 0, wait = 0, rebuild = 0, c;
    int force = 0, outside = 0, format_given = 0, prune_limit_given = 0;
    unsigned prune_limit = 50, niceness = 10;
    double wait_limit = -1, file_timeout = 300;
    char *end;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned jobs = cores > 0 && cores <= 256 ? (unsigned)cores : 1;
    run r = {0};
    opterr = 0; /* its mistakes said in one line: util_option_error */
    while ((c = getopt_long(argc, argv, ":qhj:0", opts, NULL)) != -1) {
        switch (c) {
        case 'd': dbopt = optarg; break;
        case 'e': explain = 1; break;
        case 'D': datadir = optarg; break;
        case 'T': themes_file = optarg; break;
        case 'F': files_from = optarg; break;
        case '0': nul = 1; break;
        case 'p': prune = 1; break;
        case 'w':
            wait = 1;
            if (optarg) {
                wait_limit = strtod(optarg, &end);
                if (*optarg == '\0' || *end || !(wait_limit >= 0 && wait_limit <= 1e6)) {
                    fprintf(stderr, "%s: --wait takes seconds, not '%s'\n", util_progname(),
                            optarg);
                    return EXIT_FATAL;
                }
            }
            break;
        case 'P': {
            long v = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end || v < 0 || v > 100) {
                fprintf(stderr, "%s: --prune-limit takes a percentage from 0 to 100, not '%s'\n",
                        util_progname(), optarg);
                return EXIT_FATAL;
            }
            prune_limit = (unsigned)v;
            prune_limit_given = 1;
            break;
        }
        case 't':
            file_timeout = strtod(optarg, &end);
            if (*optarg == '\0' || *end || !(file_timeout >= 0 && file_timeout <= 1e6)) {
                fprintf(stderr, "%s: --file-timeout takes seconds (0: none), not '%s'\n",
                        util_progname(), optarg);
                return EXIT_FATAL;
            }
            break;
        case 'n':
            if (parse_unsigned(optarg, 0, 19, &niceness) != 0) {
                fprintf(stderr, "%s: --nice takes a number from 0 to 19, not '%s'\n",
                        util_progname(), optarg);
                return EXIT_FATAL;
            }
            break;
        case 'o': force = 1; break;
        case 'O': outside = 1; break;
        case 'R': rebuild = 1; break;
        case 'j':
            if (parse_jobs(optarg, &jobs) != 0)
                return EXIT_FATAL;
            break;
        case 'f':
            format_given = 1;
            r.json = strcmp(optarg, "json") == 0;
            r.tsv = strcmp(optarg, "tsv") == 0;
            if (!r.json && !r.tsv && strcmp(optarg, "text") != 0) {
                fprintf(stderr, "%s: unknown format '%s' (use text, json or tsv)\n", util_progname(),
                        optarg);
                return EXIT_FATAL;
            }
            break;
        case 'q': quiet = 1; break;
        case 'h': usage(stdout); return 0;
        case 'V':
            printf("scrutiny-index %s (Xapian %s)\n", PACKAGE_VERSION, xc_xapian_version());
            return 0;
        default:
            util_option_error(c, optopt, opts, argv[optind - 1], NULL);
            return EXIT_FATAL;
        }
    }
    if (optind >= argc && !files_from && !prune && !rebuild) {
        fprintf(stderr, "%s: no files or directories to index (try --help)\n", util_progname());
        return EXIT_FATAL;
    }
    /* an option without the one it goes with is refused, not ignored
     * (--format without --explain indexed into the default database) */
    const struct {
        int given, missing;
        const char *message;
    } alone[] = {
        {format_given, !explain, "--format goes with --explain (indexing prints a summary)"},
        {nul, !files_from, "-0 goes with --files-from"},
        {prune_limit_given, !prune, "--prune-limit goes with --prune"},
        {force, !prune && !rebuild, "--force goes with --prune or --rebuild"},
        {explain, prune, "--explain does not touch a database: no --prune"},
        {explain, rebuild, "--explain does not touch a database: no --rebuild"},
        {explain, wait, "--explain does not touch a database: no --wait"},
        {explain, dbopt != NULL, "--explain does not touch a database: no --db"},
    };
    for (size_t i = 0; i < sizeof alone / sizeof *alone; i++)
        if (alone[i].given && alone[i].missing) {
            fprintf(stderr, "%s: %s\n", util_progname(), alone[i].message);
            return EXIT_FATAL;
        }
    /* A path that is not there is a mistake to fix before any database is
     * made or touched (an unmounted or mistyped folder). */
    for (int i = optind; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            char why[PATH_MAX + 64];
            fprintf(stderr, "%s: %s: %s: nothing indexed\n", util_progname(), argv[i],
                    walk_why(argv[i], errno, why, sizeof why));
            return EXIT_FATAL;
        }
    }
    if (files_from && strcmp(files_from, "-") != 0 && access(files_from, R_OK) != 0) {
        fprintf(stderr, "%s: %s: %s: nothing indexed\n", util_progname(), files_from,
                strerror(errno));
        return EXIT_FATAL;
    }
    struct stat listed;
    if (files_from && strcmp(files_from, "-") != 0 && stat(files_from, &listed) == 0 &&
        S_ISDIR(listed.st_mode)) { /* read, it fails after the database is open */
        fprintf(stderr, "%s: %s: a folder, not a list of paths (index a folder without "
                        "--files-from): nothing indexed\n", util_progname(), files_from);
        return EXIT_FATAL;
    }
    lower_priority(niceness);
    scr_error err;
    knowledge *know = NULL;
    if (knowledge_load(datadir, themes_file, &know, &err) != SCR_OK) {
        fprintf(stderr, "%s: %s\n", util_progname(), err.message);
        return EXIT_FATAL;
    }
    /* a file is analysed again when what its analysis read changed */
    char *data_stamp = analysis_stamp_data(knowledge_dir(know), themes_file);
    raise_open_files();
    /* Libraries with global state set up before any thread uses them. */
    xmlInitParser();
    json_object_seed(0);
    char *dbpath = NULL;
    writer_vocab *vocab = NULL;
    if (!explain) {
        if (writer_vocab_new(knowledge_taxonomy(know), &vocab, &err) != SCR_OK ||
            db_resolve_path(dbopt, &dbpath, &err) != SCR_OK ||
            writer_open(dbpath, vocab,
                        (wait ? WRITER_WAIT : 0) | (rebuild ? WRITER_REBUILD : 0), wait_limit,
                        &r.writer, &err) != SCR_OK) {
            fprintf(stderr, "%s: %s\n", util_progname(), err.message);
            free(dbpath);
            free(data_stamp);
            writer_vocab_free(vocab);
            knowledge_free(know);
            return EXIT_FATAL;
        }
    }
    /* SIGINT and SIGTERM finish the file being written, commit, and stop. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    filelist files;
    filelist_init(&files);
    rootset roots = {0};
    files.roots = outside ? NULL : &roots;
    files.stop = &stop_signal;
    for (int i = optind; i < argc; i++)
        filelist_add_root(&files, argv[i]);
    /* the folders given are the roots --prune checks before it removes */
    for (int i = optind; i < argc && r.writer && !r.fatal; i++) {
        char abs[PATH_MAX];
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode) && realpath(argv[i], abs) &&
            writer_add_root(r.writer, abs, &err) != SCR_OK) {
            fprintf(stderr, "%s: %s\n", util_progname(), err.message);
            r.fatal = 1;
        }
    }
    for (int i = optind; i < argc && !stop_signal; i++)
        filelist_add_path(&files, argv[i]);
    int refused = 0; /* a rebuild refused before it began, its reason said */
    if (rebuild && r.writer && optind >= argc && !files_from &&
        add_rebuild_sources(r.writer, &files, force) != 0)
        r.fatal = refused = 1;
    if (files_from && filelist_read(&files, files_from, nul) != 0) {
        fprintf(stderr, "%s: %s: %s\n", util_progname(), files_from, strerror(errno));
        r.fatal = 1;
    }
    r.n.failed = files.failed;
    r.n.skipped = files.skipped;

    /* What needs reading: not the files whose size and time are as indexed. */
    manifests mans = {0};
    job *todo = xcalloc(files.len ? files.len : 1, sizeof *todo);
    size_t ntodo = 0;
    double bytes = 0;
    int *why = xcalloc(files.len ? files.len : 1, sizeof *why);
    char **real = real_paths_once(&files, why);
    for (size_t i = 0; i < files.len && !r.fatal && !stop_signal; i++) {
        if (!real[i] && why[i]) {
            warn(files.items[i].path, strerror(why[i]));
            r.n.failed++;
        }
        if (!real[i])
            continue;
        const char *abs = real[i];
        struct stat st;
        file_state old;
        int known = 0;
        if (r.writer && stat(abs, &st) == 0 &&
            writer_file_state(r.writer, abs, &old, &known, &err) != SCR_OK) {
            /* the database cannot be read: nothing can be decided */
            fprintf(stderr, "%s: %s\n", util_progname(), err.message);
            r.fatal = 1;
            break;
        }
        const manifest_entry *row = manifest_for(&mans, files.items[i].path);
        char analysis[17];
        analysis_stamp_file(data_stamp, row, analysis);
        if (known && old.size == (long long)st.st_size &&
            old.mtime_ns == (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec &&
            strcmp(old.analysis, analysis) == 0) {
            r.n.unchanged++;
            continue;
        }
        job *j = &todo[ntodo++];
        j->path = files.items[i].path;
        j->abs = xstrdup(abs);
        j->manifest = row;
        memcpy(j->state.analysis, analysis, sizeof analysis);
        j->vocab = vocab;
        j->roots = files.roots;
        if (stat(abs, &st) == 0)
            bytes += (double)st.st_size;
    }
    for (size_t i = 0; i < files.len; i++)
        free(real[i]);
    free(real);
    free(why);
    if (explain && r.tsv && !r.fatal)
        explain_tsv_header(stdout);
    /* a new database and files enough: written in parts, on threads */
    if (r.writer && !r.fatal && writer_plan(r.writer, jobs, ntodo, &err) != SCR_OK) {
        fprintf(stderr, "%s: %s\n", util_progname(), err.message);
        r.fatal = 1;
    }
    size_t *order = r.writer ? writer_parts_order(r.writer, ntodo) : NULL;
    if (order) {
        job *handed = xcalloc(ntodo ? ntodo : 1, sizeof *handed);
        for (size_t k = 0; k < ntodo; k++)
            handed[k] = todo[order[k]];
        free(todo);
        todo = handed;
        free(order);
    }
    progress_start(&r.prog, !quiet && !explain, ntodo, bytes);
    /* abandoned: threads still read a file; nothing they use is freed */
    int abandoned = 0;
    if (!r.fatal && !stop_signal)
        abandoned = pipeline_run(know, todo, ntodo, explain ? 1 : jobs, file_timeout, on_job, &r,
                                 &stop_signal);
    progress_end(&r.prog);
    if (!abandoned) {
        for (size_t i = 0; i < ntodo; i++) {
            free(todo[i].abs);
            free(todo[i].error);
        }
        free(todo);
        manifests_free(&mans);
        filelist_free(&files);
        roots_free(&roots);
    }

    if (r.writer && prune && !r.fatal && !stop_signal) {
        writer_prune_opts po = {prune_limit, force};
        if (writer_prune(r.writer, &po, &r.n.removed, &err) != SCR_OK) {
            fprintf(stderr, "%s: %s\n", util_progname(), err.message);
            r.fatal = 1;
        }
    }
    if (r.writer) {
        unsigned total = 0;
        /* a rebuild thrown away has said so: its summary would count the
         * new database, not the one kept ("0 documents") */
        int summary = !quiet && !(rebuild && (r.fatal || stop_signal));
        if (rebuild && (r.fatal || stop_signal)) {
            writer_cancel_rebuild(r.writer); /* the old database stays */
            if (!refused)
                fprintf(stderr, "%s: the rebuild did not finish: %s is unchanged\n",
                        util_progname(), dbpath);
        }
        /* uncounted: the summary leaves the total out */
        int counted = writer_count_documents(r.writer, &total, NULL) == SCR_OK;
        if (writer_close(r.writer, &err) != SCR_OK) {
            fprintf(stderr, "%s: %s\n", util_progname(), err.message);
            r.fatal = 1;
            counted = 0;
        } else if (!r.db_failed) {
            settle(&r);
        }
        if (stop_signal > 0 && rebuild) /* thrown away, said above */
            fprintf(stderr, "%s: stopped by %s\n", util_progname(),
                    stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
        else if (stop_signal > 0)
            fprintf(stderr, "%s: stopped by %s: what was indexed is committed; run again to "
                            "finish\n", util_progname(), stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
        if (!quiet && r.db_failed)
            fprintf(stderr, "%s: files written since the last commit are not counted (they may "
                            "be lost): run again to index them\n", util_progname());
        if (summary && !counted)
            fprintf(stderr,
                    "%s: %u new, %u changed, %u unchanged, %u removed, %u failed, %u skipped "
                    "committed\n",
                    util_progname(), r.n.added, r.n.changed, r.n.unchanged, r.n.removed,
                    r.n.failed, r.n.skipped);
        if (summary && counted)
            fprintf(stderr,
                    "%s: %u new, %u changed, %u unchanged, %u removed, %u failed, %u skipped; "
                    "%u document%s in %s\n",
                    util_progname(), r.n.added, r.n.changed, r.n.unchanged, r.n.removed,
                    r.n.failed, r.n.skipped, total, total == 1 ? "" : "s", dbpath);
    }
    free(dbpath);
    int status = stop_signal > 0 ? 128 + stop_signal
                 : r.fatal           ? EXIT_FATAL
                 : r.n.failed        ? EXIT_SOME_FAILED
                                     : EXIT_ALL_OK;
    if (abandoned) { /* what is committed is safe; the threads go with the process */
        fflush(stdout);
        fflush(stderr);
        _exit(status);
    }
    free(data_stamp);
    writer_vocab_free(vocab);
    knowledge_free(know);
    xmlCleanupParser();
    return status;
}
