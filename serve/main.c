/* scrutiny-serve: a faceted search page and a JSON API over the database
 * scrutiny-index made, through the library scrutiny-query uses.  Options,
 * start-up and a clean stop on SIGINT or SIGTERM; the answers are in
 * routes.c, api.c and page_*.c. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lazy-knowledge.h"
#include "database.h"
#include "handles.h"
#include "http.h"
#include "routes.h"
#include "search.h"
#include "util.h"
#include "xapian-c.h"

#define DEFAULT_LISTEN "127.0.0.1:8080"

typedef struct serve_options {
    strlist dbs;
    const char *data_dir, *listen;
    unsigned threads, connections, timeout;
    int rank_afresh;
} serve_options;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: scrutiny-serve [--db PATH]... [--listen ADDRESS:PORT] [--threads N]\n"
            "\n"
            "Serves a faceted search page and a JSON API (/api/v1/search, show, like,\n"
            "matrix, list/FACET) over the database scrutiny-index made, read-only.\n"
            "\n"
            "  --db PATH             database (default: $SCRUTINY_DB, else\n"
            "                        $XDG_DATA_HOME/scrutiny/db or ~/.local/share/scrutiny/db);\n"
            "                        again for more shards; a Xapian stub file names several\n"
            "  --listen ADDR:PORT    where to listen (default " DEFAULT_LISTEN ", this\n"
            "                        machine only); [::1]:PORT for IPv6; port 0 picks a\n"
            "                        free one; another address opens it to the network\n"
            "  --threads N           worker threads, each with its own database handle\n"
            "                        (default 4)\n"
            "  --max-connections N   connections served at once (default 64)\n"
            "  --timeout S           seconds an idle connection is kept (default 30)\n"
            "  --rank-afresh         rank every query itself, never from the window\n"
            "                        another request ranked at the same revision\n"
            "                        (the same answers, slower: for measuring)\n"
            "  --data-dir DIR        gazetteer for authority names (default: installed data)\n"
            "  -h, --help            this help\n"
            "  --version             program, Xapian and libmicrohttpd versions\n"
            "\n"
            "Stops on SIGINT or SIGTERM.  Searches keep to scrutiny-query's limits\n"
            "(SCRUTINY_MAX_* in the environment).  See scrutiny-serve(1).\n");
}

static int parse_uint(const char *opt, const char *s, unsigned max, unsigned *out)
{
    if (parse_unsigned(s, 1, max, out) != 0) {
        fprintf(stderr, "%s: %s needs a whole number from 1 to %u, not '%s'\n",
                util_progname(), opt, max, s);
        return -1;
    }
    return 0;
}

/* Parses argv into o: 0, 1 to exit 0 (--help), -1 to exit 2. */
static int parse_options(int argc, char **argv, serve_options *o)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"data-dir", required_argument, NULL, 'D'},
        {"listen", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 't'},
        {"max-connections", required_argument, NULL, 'c'},
        {"timeout", required_argument, NULL, 'T'},
        {"rank-afresh", no_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;
    opterr = 0; /* its mistakes said in one line: util_option_error */
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': sl_push(&o->dbs, optarg); break;
        case 'D': o->data_dir = optarg; break;
        case 'l': o->listen = optarg; break;
        case 't':
            if (parse_uint("--threads", optarg, 256, &o->threads) != 0)
                return -1;
            break;
        case 'c':
            if (parse_uint("--max-connections", optarg, 10000, &o->connections) != 0)
                return -1;
            break;
        case 'T':
            if (parse_uint("--timeout", optarg, 3600, &o->timeout) != 0)
                return -1;
            break;
        case 'R': o->rank_afresh = 1; break;
        case 'h': usage(stdout); return 1;
        case 'V':
            printf("scrutiny-serve %s (Xapian %s, libmicrohttpd %s)\n", PACKAGE_VERSION,
                   xc_xapian_version(), MHD_get_version());
            return 1;
        default:
            util_option_error(c, optopt, opts, argv[optind - 1], NULL);
            return -1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "%s: unexpected argument '%s' (try --help)\n", util_progname(),
                argv[optind]);
        return -1;
    }
    return 0;
}

/* "HOST:PORT" or "[V6HOST]:PORT" as a socket address: numeric hosts only
 * (no name lookup decides what is exposed). */
static int parse_listen(const char *s, struct sockaddr_storage *ss, int *v6)
{
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s)
        return -1;
    char host[64];
    size_t hl = (size_t)(colon - s);
    if (s[0] == '[' && colon[-1] == ']') {
        s++;
        hl -= 2;
    }
    if (hl == 0 || hl >= sizeof host)
        return -1;
    memcpy(host, s, hl);
    host[hl] = '\0';
    char *end;
    errno = 0;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (errno || end == colon + 1 || *end || port > 65535)
        return -1;
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
        in4->sin_family = AF_INET;
        in4->sin_port = htons((unsigned short)port);
        *v6 = 0;
        return 0;
    }
    if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((unsigned short)port);
        *v6 = 1;
        return 0;
    }
    return -1;
}

static int is_loopback(const struct sockaddr_storage *ss, int v6)
{
    if (v6)
        return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)ss)->sin6_addr);
    return (ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr) >> 24) == 127;
}

/* While the daemon starts, its own errors are said by serve() with the
 * address asked for (libmicrohttpd's named "port 0", given a sockaddr). */
static atomic_int starting;

static void log_mhd(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    if (atomic_load(&starting))
        return;
    fprintf(stderr, "%s: ", util_progname());
    vfprintf(stderr, fmt, ap);
}

static int serve(const serve_options *o, const struct sockaddr_storage *ss, int v6)
{
    /* SIGINT and SIGTERM wait for sigwait below: the workers, made after
     * this, inherit the mask and are never interrupted */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* MHD_USE_ITC: a stop first quiesces the daemon (below) */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC |
                     (v6 ? MHD_USE_IPv6 : 0);
    atomic_store(&starting, 1);
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, routes_answer, NULL, MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, routes_completed, NULL,
        MHD_OPTION_SOCK_ADDR, ss,
        MHD_OPTION_THREAD_POOL_SIZE, o->threads, MHD_OPTION_CONNECTION_LIMIT, o->connections,
        MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
        /* the request line and headers: an argument at the library's
         * limits fits, percent-encoded (--like's 64 KiB of text is up to
         * 192 KiB), and is refused in JSON; a flood meets libmicrohttpd's
         * own 414 page */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024), MHD_OPTION_END);
    atomic_store(&starting, 0);
    if (!d) {
        fprintf(stderr, "%s: cannot listen on %s: %s\n", util_progname(), o->listen,
                errno ? strerror(errno) : "libmicrohttpd refused");
        return -1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char host[64];
    const void *addr = v6 ? (const void *)&((const struct sockaddr_in6 *)ss)->sin6_addr
                          : (const void *)&((const struct sockaddr_in *)ss)->sin_addr;
    inet_ntop(v6 ? AF_INET6 : AF_INET, addr, host, sizeof host);
    fprintf(stderr, "%s: serving http://%s%s%s:%u/ (%s); stop with Ctrl-C\n", util_progname(),
            v6 ? "[" : "", host, v6 ? "]" : "", info ? info->port : 0,
            is_loopback(ss, v6) ? "loopback only: this machine alone can reach it"
                                : "NOT loopback: other machines can reach it");
    fflush(stderr);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "%s: stopping (%s)\n", util_progname(), sig == SIGINT ? "SIGINT" : "SIGTERM");
    /* no new connection; the requests under way are answered (a stop
     * dropped them, answer computed and never sent), for at most the
     * connection timeout; then the daemon stops */
    MHD_socket listening = MHD_quiesce_daemon(d);
    struct timespec tick = {0, 10 * 1000 * 1000};
    unsigned bound = 100 * (o->timeout ? o->timeout : 60); /* ticks; 0: no timeout */
    for (unsigned waited = 0; routes_under_way() && waited < bound; waited++)
        nanosleep(&tick, NULL);
    MHD_stop_daemon(d);
    if (listening != MHD_INVALID_SOCKET)
        close(listening);
    unsigned long found = 0, missed = 0;
    searchers_ranking_counts(&found, &missed);
    fprintf(stderr, "%s: ranked queries: %lu ranked again, %lu taken from another request\n",
            util_progname(), missed, found);
    return 0;
}

/* The default data files are missing or bad: said by the first request
 * that needs them, which still answers, authority: by slug only. */
static void warn_no_knowledge(void *ctx, const scr_error *err)
{
    (void)ctx;
    fprintf(stderr, "%s: warning: %s: authority names are not known\n", util_progname(),
            err->message);
}

int main(int argc, char **argv)
{
    util_set_progname("scrutiny-serve");
    util_keep_freed_memory();
    serve_options o = {.listen = DEFAULT_LISTEN, .threads = 4, .connections = 64, .timeout = 30};
    sl_init(&o.dbs);
    int status = 2, rc = parse_options(argc, argv, &o);
    if (rc != 0) {
        sl_free(&o.dbs);
        return rc > 0 ? 0 : 2;
    }
    struct sockaddr_storage ss;
    int v6 = 0;
    if (parse_listen(o.listen, &ss, &v6) != 0) {
        fprintf(stderr, "%s: --listen takes ADDRESS:PORT with a numeric address, as "
                        "127.0.0.1:8080 or [::1]:8080, not '%s'\n", util_progname(), o.listen);
        sl_free(&o.dbs);
        return 2;
    }
    /* read by the first request that needs it; a --data-dir the user named
     * is read now, so that a wrong one stops the start */
    lazy_knowledge *know = lazy_knowledge_new(o.data_dir, warn_no_knowledge, NULL);
    scr_error err;
    if (o.data_dir && lazy_knowledge_load(know, &err) != SCR_OK) {
        fprintf(stderr, "%s: %s\n", util_progname(), err.message);
        lazy_knowledge_free(know);
        sl_free(&o.dbs);
        return 2;
    }
    strlist paths;
    sl_init(&paths);
    char *dbpath = NULL;
    if (db_resolve_path(o.dbs.len ? o.dbs.items[0] : NULL, &dbpath, &err) == SCR_OK) {
        sl_push(&paths, dbpath);
        for (size_t i = 1; i < o.dbs.len; i++)
            sl_push(&paths, o.dbs.items[i]);
    }
    /* opened once here so that a wrong path fails now, not at the first
     * request */
    searcher *check = NULL;
    if (!dbpath || searcher_open_all((const char *const *)paths.items, paths.len, know, 0,
                                     NULL, &check, &err) != SCR_OK) {
        fprintf(stderr, "%s: %s\n", util_progname(), err.message);
    } else {
        searcher_close(check);
        fprintf(stderr, "%s: database %s%s\n", util_progname(), dbpath,
                paths.len > 1 ? " and more shards" : "");
        searchers_share_rankings(!o.rank_afresh);
        http_hide_paths((const char *const *)paths.items, paths.len);
        if (handles_init((const char *const *)paths.items, paths.len, know) == 0 &&
            serve(&o, &ss, v6) == 0)
            status = 0;
        handles_done();
        http_forget_paths();
    }
    free(dbpath);
    sl_free(&paths);
    sl_free(&o.dbs);
    lazy_knowledge_free(know);
    return status;
}
