/* search.c: see search.h. */
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "database.h"
#include "gazetteer.h"
#include "taxonomy.h"
#include "normalise.h"
#include "schema.h"
#include "util.h"
#include "writer.h"
#include "xapian-c.h"

/* A reader whose revision is overwritten by a writer gets
 * XC_ERR_MODIFIED; reopening and asking again fixes it. */
#define MODIFIED_RETRIES 5

struct searcher {
    search_level level; /* of the query being parsed (theme: depends on it) */
    int remote;         /* some shard is served by xapian-tcpsrv */
    char *path;
    xc_rdb *db;
    xc_qparser *qp;       /* words, their synonyms and acronyms */
    xc_qparser *qp_plain; /* words only (--no-synonyms) */
    xc_rdb *qp_db;        /* remote shards: the parser's db, synonyms only */
    char *qp_dir;         /* where it is (a temporary directory) */
    const gazetteer *gaz;
};

/* Filter values are matched as slugs: authority:"West Sussex" is
 * authority:west-sussex. */
static char *slug_map(void *ctx, const char *value)
{
    (void)ctx;
    return norm_slug(value);
}

/* theme: means the document's themes at document level, the passage's at
 * passage level (the filter's prefix is "XT"; this adds D or H). */
static char *theme_map(void *ctx, const char *value)
{
    const searcher *s = ctx;
    char *slug = xcheck(norm_slug(value));
    strbuf sb;
    sb_init(&sb);
    /* PREFIX_THEME is "XT" "H", PREFIX_DOCTHEME "XT" "D" */
    sb_addf(&sb, "%s%s", s->level == LEVEL_PASSAGE ? "H" : "D", slug);
    free(slug);
    return sb_steal(&sb);
}

/* authority: also takes any name the gazetteer knows: "CWC", "City of
 * Wolverhampton Council", "Hull". */
static char *authority_map(void *ctx, const char *value)
{
    const authority *a = ctx ? gazetteer_lookup(ctx, value) : NULL;
    return a ? xstrdup(a->slug) : norm_slug(value);
}

/* A query parser with every field and filter; with synonyms, a word also
 * finds the acronyms and expansions indexed beside passages. */
static int setup_parser(searcher *s, xc_qparser **qp, int synonyms, xc_error *err)
{
    int ok = xc_qparser_new(s->qp_db ? s->qp_db : s->db, qp, err) == XC_OK &&
             xc_qparser_add_prefix(*qp, "title", PREFIX_TITLE, err) == XC_OK &&
             xc_qparser_add_prefix(*qp, "section", PREFIX_SECTION, err) == XC_OK &&
             xc_qparser_add_number_range(*qp, SLOT_YEAR_NUM, "year", err) == XC_OK &&
             xc_qparser_add_date_range(*qp, SLOT_DATE, "date", err) == XC_OK;
    if (ok && synonyms)
        ok = xc_qparser_synonyms(*qp, 1, err) == XC_OK;
    for (const schema_facet *f = schema_facets; ok && f->name; f++) {
        int auth = strcmp(f->name, "authority") == 0, theme = strcmp(f->name, "theme") == 0;
        ok = xc_qparser_add_filter(*qp, f->name, f->prefix,
                                   auth ? authority_map : theme ? theme_map : slug_map,
                                   auth ? (void *)s->gaz : theme ? (void *)s : NULL,
                                   err) == XC_OK;
    }
    return ok;
}

/* One shard named by a path or a stub file's line. */
typedef struct shard {
    char *name;        /* for messages: the path, or the stub line */
    char *path;        /* a local database, or NULL */
    char *host;        /* remote over TCP: host and port... */
    unsigned port;
    char *program;     /* ...or through a program: "ssh" and its arguments */
    char *args;
} shard;

static void add_shard(shard **list, size_t *n, const char *name, const char *path,
                      const char *host, unsigned port)
{
    *list = xrealloc(*list, (*n + 1) * sizeof **list);
    (*list)[(*n)++] = (shard){xstrdup(name), path ? xstrdup(path) : NULL,
                              host ? xstrdup(host) : NULL, port, NULL, NULL};
}

/* A stub file's shards; a directory is one shard itself.  Returns -1 with
 * the reason on a line we cannot read. */
static int expand(const char *path, shard **list, size_t *n, char *errbuf, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) != 0 || S_ISDIR(st.st_mode)) {
        add_shard(list, n, path, path, NULL, 0);
        return 0;
    }
    size_t len;
    char *text = read_file(path, 1 << 20, &len);
    if (!text) {
        add_shard(list, n, path, path, NULL, 0); /* let the opening say why */
        return 0;
    }
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
    int rc = 0, lineno = 0;
    for (char *line = strtok(text, "\n"); line && rc == 0; line = strtok(NULL, "\n")) {
        lineno++;
        str_trim(line);
        if (!*line || *line == '#')
            continue;
        char kind[16], arg[4096];
        if (sscanf(line, "%15s %4095s", kind, arg) != 2) {
            snprintf(errbuf, errlen, "%s:%d: expected 'auto PATH' or 'remote HOST:PORT'", path, lineno);
            rc = -1;
        } else if (strcmp(kind, "auto") == 0) {
            strbuf p;
            sb_init(&p);
            if (arg[0] == '/')
                sb_adds(&p, arg);
            else
                sb_addf(&p, "%s/%s", dir, arg);
            add_shard(list, n, p.buf, p.buf, NULL, 0);
            sb_free(&p);
        } else if (strcmp(kind, "remote") == 0 && arg[0] == ':' && arg[1]) {
            /* "remote :ssh HOST xapian-progsrv DB": a program and its args */
            const char *rest = strstr(line, arg) + strlen(arg);
            while (*rest == ' ' || *rest == '\t')
                rest++;
            add_shard(list, n, line, NULL, NULL, 0);
            (*list)[*n - 1].program = xstrdup(arg + 1);
            (*list)[*n - 1].args = xstrdup(rest);
        } else if (strcmp(kind, "remote") == 0 && strchr(arg, ':') && arg[0] != ':') {
            char *colon = strrchr(arg, ':');
            *colon = '\0';
            char name[4200];
            snprintf(name, sizeof name, "remote %s:%s", arg, colon + 1);
            add_shard(list, n, name, NULL, arg, (unsigned)atoi(colon + 1));
        } else {
            snprintf(errbuf, errlen, "%s:%d: '%s': only 'auto PATH', 'remote HOST:PORT' and "
                     "'remote :PROGRAM ARGS' lines are understood", path, lineno, line);
            rc = -1;
        }
    }
    free(dir);
    free(text);
    return rc;
}

typedef struct pairs {
    strlist keys, terms;
} pairs;

static void collect_pair(void *ctx, const char *key, const char *term)
{
    pairs *p = ctx;
    sl_push(&p->keys, key);
    sl_push(&p->terms, term);
}

int searcher_open_all(const char *const *paths, size_t npaths, const gazetteer *g,
                      const taxonomy *t, int allow_partial, strlist *missing, searcher **out,
                      char *errbuf, size_t errlen)
{
    shard *list = NULL;
    size_t n = 0;
    int rc = 0;
    for (size_t i = 0; i < npaths && rc == 0; i++)
        rc = expand(paths[i], &list, &n, errbuf, errlen);
    searcher *s = xcalloc(1, sizeof *s);
    s->gaz = g;
    s->path = xstrdup(npaths ? paths[0] : "");
    for (size_t i = 0; i < n && rc == 0; i++) {
        char why[1024];
        xc_error err;
        int ok;
        if (list[i].path) {
            xc_rdb *probe = NULL; /* there, and of our schema */
            ok = db_open_read(list[i].path, &probe, why, sizeof why) == 0;
            xc_rdb_close(probe);
            if (ok && !s->db)
                ok = xc_rdb_open(list[i].path, &s->db, &err) == XC_OK;
            else if (ok)
                ok = xc_rdb_add(s->db, list[i].path, &err) == XC_OK;
            if (!ok && !*why)
                snprintf(why, sizeof why, "%s", err.message);
        } else {
            ok = (list[i].program
                      ? xc_rdb_remote_program(&s->db, list[i].program, list[i].args, &err)
                      : xc_rdb_remote(&s->db, list[i].host, list[i].port, &err)) == XC_OK;
            if (!ok)
                snprintf(why, sizeof why, "%s: %s", list[i].name, err.message);
            s->remote |= ok;
        }
        if (!ok && allow_partial && missing) {
            sl_push(missing, why);
        } else if (!ok) {
            snprintf(errbuf, errlen, "%s%s", list[i].path ? "" : "shard ", why);
            rc = -1;
        }
    }
    if (rc == 0 && !s->db) {
        snprintf(errbuf, errlen, "no shard could be opened");
        rc = -1;
    }
    if (rc == 0 && s->remote) { /* remote shards: check the schema over the wire */
        char *stored = NULL;
        unsigned count = 0;
        xc_error err;
        rc = xc_rdb_get_metadata(s->db, SCHEMA_VERSION_KEY, &stored, &err) == XC_OK &&
                     xc_rdb_doccount(s->db, &count, &err) == XC_OK
                 ? db_check_schema(s->path, stored, count, errbuf, errlen)
                 : (snprintf(errbuf, errlen, "%s: %s", s->path, err.message), -1);
        free(stored);
    }
    for (size_t i = 0; i < n; i++) {
        free(list[i].name);
        free(list[i].path);
        free(list[i].host);
        free(list[i].program);
        free(list[i].args);
    }
    free(list);
    xc_error err;
    if (rc == 0 && s->remote && t) {
        pairs p;
        sl_init(&p.keys);
        sl_init(&p.terms);
        taxonomy_synonyms(t, PREFIX_CONCEPT, collect_pair, &p);
        const char *tmp = getenv("TMPDIR");
        strbuf dir;
        sb_init(&dir);
        sb_addf(&dir, "%s/scrutiny-synonyms-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        s->qp_dir = sb_steal(&dir);
        if (!mkdtemp(s->qp_dir)) {
            snprintf(errbuf, errlen, "%s: %s", s->qp_dir, strerror(errno));
            free(s->qp_dir);
            s->qp_dir = NULL;
            rc = -1;
        } else if (xc_rdb_synonyms(s->qp_dir, (const char *const *)p.keys.items,
                                   (const char *const *)p.terms.items, p.keys.len, &s->qp_db,
                                   &err) != XC_OK) {
            snprintf(errbuf, errlen, "%s: %s", s->path, err.message);
            rc = -1;
        }
        sl_free(&p.keys);
        sl_free(&p.terms);
    }
    if (rc == 0 && !(setup_parser(s, &s->qp, 1, &err) && setup_parser(s, &s->qp_plain, 0, &err))) {
        snprintf(errbuf, errlen, "%s: %s", s->path, err.message);
        rc = -1;
    }
    if (rc != 0) {
        searcher_close(s);
        return -1;
    }
    *out = s;
    return 0;
}


void searcher_close(searcher *s)
{
    if (!s)
        return;
    xc_qparser_free(s->qp);
    xc_qparser_free(s->qp_plain);
    xc_rdb_close(s->qp_db);
    if (s->qp_dir) { /* the synonyms' temporary database: flat, Xapian's files */
        DIR *d = opendir(s->qp_dir);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (e->d_name[0] == '.')
                continue;
            strbuf f;
            sb_init(&f);
            sb_addf(&f, "%s/%s", s->qp_dir, e->d_name);
            unlink(f.buf);
            sb_free(&f);
        }
        if (d)
            closedir(d);
        rmdir(s->qp_dir);
        free(s->qp_dir);
    }
    xc_rdb_close(s->db);
    free(s->path);
    free(s);
}

void search_result_free(search_result *res)
{
    for (size_t i = 0; i < res->n_hits; i++) {
        json_decref(res->hits[i].data);
        free(res->hits[i].snippet);
    }
    free(res->hits);
    for (size_t i = 0; i < res->n_facets; i++) {
        for (size_t j = 0; j < res->facets[i].len; j++)
            free(res->facets[i].values[j].value);
        free(res->facets[i].values);
    }
    free(res->facets);
    free(res->suggestion);
    memset(res, 0, sizeof *res);
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

static xc_status parse(searcher *s, const char *text, int no_synonyms, xc_query **q,
                       xc_error *err)
{
    if (blank(text))
        return xc_query_all(q, err);
    xc_qparser *qp = no_synonyms ? s->qp_plain : s->qp;
    if (qp != s->qp) {
        char *folded = xcheck(norm_query(text));
        xc_status st = xc_qparser_parse(qp, folded, q, err);
        free(folded);
        return st;
    }
    char *folded = xcheck(norm_query(text));
    xc_status st = xc_qparser_parse(s->qp, folded, q, err);
    free(folded);
    return st;
}

/* The hits: items first.. of mset, at most req->limit of them. */
static xc_status collect_hits(xc_mset *mset, unsigned first, const search_request *req,
                              search_result *res, xc_error *err)
{
    unsigned size = xc_mset_size(mset);
    unsigned n = first >= size ? 0 : size - first;
    if (n > req->limit)
        n = req->limit;
    res->hits = xcalloc(n, sizeof *res->hits);
    for (unsigned i = 0; i < n; i++) {
        search_hit *h = &res->hits[i];
        xc_doc *doc = NULL;
        char *data = NULL;
        size_t len = 0;
        xc_status st = xc_mset_item(mset, first + i, &h->docid, &h->score, &doc, err);
        if (st == XC_OK)
            st = xc_doc_get_data(doc, &data, &len, err);
        xc_doc_free(doc);
        if (st != XC_OK)
            return st;
        res->n_hits++;
        h->rank = req->offset + i + 1;
        h->data = json_loadb(data, len, 0, NULL);
        free(data);
        if (!h->data) /* not ours: keep going with an empty record */
            h->data = xcheck(json_object());
        if (req->snippet_bytes) {
            json_t *text = json_object_get(h->data, DATA_TEXT);
            const char *t = json_is_string(text) ? json_string_value(text) : "";
            size_t tlen = json_is_string(text) ? json_string_length(text) : 0;
            st = xc_mset_snippet(mset, t, tlen, req->snippet_bytes, req->hi_start,
                                 req->hi_end, "...", &h->snippet, err);
            if (st != XC_OK)
                return st;
        }
    }
    return XC_OK;
}

static void collect_facets(xc_facetspy **spies, const search_request *req,
                           search_result *res)
{
    res->facets = xcalloc(req->n_facets, sizeof *res->facets);
    res->n_facets = req->n_facets;
    for (size_t i = 0; i < req->n_facets; i++) {
        search_facet *f = &res->facets[i];
        f->name = req->facets[i];
        f->len = xc_facetspy_size(spies[i]);
        f->values = xcalloc(f->len, sizeof *f->values);
        for (size_t j = 0; j < f->len; j++) {
            const char *v;
            xc_facetspy_get(spies[i], (unsigned)j, &v, &f->values[j].count);
            f->values[j].value = xstrdup(v);
        }
    }
}

/* One attempt at the whole search; XC_ERR_MODIFIED means try again.  The
 * query is req->query parsed, or a copy of prebuilt's handle when given. */
static xc_status attempt(searcher *s, const search_request *req, const xc_query *prebuilt,
                         search_result *res, xc_error *err)
{
    xc_query *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *mset = NULL;
    unsigned doccount = 0;
    s->level = req->level;
    xc_status st = prebuilt ? xc_query_copy(prebuilt, &q, err)
                            : parse(s, req->query, req->no_synonyms, &q, err);
    if (st == XC_OK)
        st = xc_rdb_doccount(s->db, &doccount, err);
    if (st == XC_OK)
        st = xc_enquire_new(s->db, &enq, err);
    if (st == XC_OK)
        st = xc_enquire_set_query(enq, q, err);
    int by_document = req->level == LEVEL_DOCUMENT;
    if (st == XC_OK && by_document)
        st = xc_enquire_collapse(enq, SLOT_PART, err);
    /* Remote shards cannot run our spies: every match comes back instead,
     * and the same counters count it here.  Exact, and costs a document per
     * match. */
    int fetch_all = s->remote && (req->n_facets || req->exact_total);
    /* Documents are counted exactly by a spy that sees every match:
     * spies[0]; the facets' are spies[1..]. */
    xc_facetspy **spies = xcalloc(req->n_facets + 1, sizeof *spies);
    if (st == XC_OK && by_document)
        st = xc_facetspy_new(SLOT_PART, SCHEMA_MULTI_SEP, &spies[0], err);
    if (st == XC_OK && by_document)
        st = xc_facetspy_dedupe(spies[0], SLOT_PART, 1, err);
    for (size_t i = 0; st == XC_OK && i < req->n_facets; i++) {
        const schema_facet *f = schema_facet_find(req->facets[i]);
        st = xc_facetspy_new(f->slot, SCHEMA_MULTI_SEP, &spies[i + 1], err);
        /* documents count once, however many of their passages match */
        if (st == XC_OK && by_document)
            st = xc_facetspy_dedupe(spies[i + 1], SLOT_PART, !f->per_passage, err);
    }
    for (size_t i = 0; st == XC_OK && !s->remote && i <= req->n_facets; i++)
        if (spies[i])
            st = xc_enquire_add_spy(enq, spies[i], err);
    /* Facet counts must see every match, not just the page shown. */
    /* Checking a few thousand matches costs little and makes totals exact
     * for most searches (collapsed estimates are poor). */
    unsigned check = req->offset + req->limit < 5000 ? 5000 : req->offset + req->limit;
    if ((req->n_facets || req->exact_total) && check < doccount)
        check = doccount;
    if (st == XC_OK && req->sort != SORT_RELEVANCE)
        st = xc_enquire_sort_by_value(enq, SLOT_DATE, req->sort == SORT_DATE_DESC, err);
    if (st == XC_OK)
        st = xc_enquire_mset(enq, req->offset, req->limit, check, &mset, err);
    if (st == XC_OK && fetch_all) {
        /* every matching passage, uncollapsed, to count documents and facet
         * values exactly; the page itself comes from the query above */
        xc_enquire *all = NULL;
        xc_mset *every = NULL;
        st = xc_enquire_new(s->db, &all, err);
        if (st == XC_OK)
            st = xc_enquire_set_query(all, q, err);
        if (st == XC_OK)
            st = xc_enquire_mset(all, 0, doccount, doccount, &every, err);
        if (st == XC_OK)
            st = xc_mset_fetch(every, err);
        if (st == XC_OK)
            st = xc_mset_count(every, spies, req->n_facets + 1, NULL, err);
        res->exact = 1;
        res->total = spies[0] ? xc_facetspy_seen(spies[0]) : xc_mset_size(every);
        xc_mset_free(every);
        xc_enquire_free(all);
    } else if (st == XC_OK) {
        res->total = xc_mset_estimate(mset);
        res->exact = check >= doccount || xc_mset_exact(mset);
        /* all matches were seen: the counter's number is the truth (remote
         * shards ran no counter: their collapsed estimate stands) */
        if (spies[0] && !s->remote && (check >= doccount || xc_mset_exact(mset)))
            res->total = xc_facetspy_seen(spies[0]);
    }
    if (st == XC_OK)
        st = collect_hits(mset, 0, req, res, err);
    if (st == XC_OK)
        collect_facets(spies + 1, req, res);
    if (st == XC_OK && !prebuilt && !blank(req->query)) {
        char *fixed = NULL;
        if (xc_qparser_corrected(req->no_synonyms ? s->qp_plain : s->qp, &fixed, NULL) == XC_OK &&
            fixed && *fixed)
            res->suggestion = fixed;
        else
            free(fixed);
    }
    xc_mset_free(mset);
    xc_enquire_free(enq);
    for (size_t i = 0; i <= req->n_facets; i++)
        xc_facetspy_free(spies[i]);
    free(spies);
    xc_query_free(q);
    return st;
}

static int is_op(const char *w)
{
    static const char *const ops[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ", NULL};
    for (size_t i = 0; ops[i]; i++) {
        size_t n = strlen(ops[i]);
        if (strncmp(w, ops[i], n) == 0 && (w[n] == '\0' || w[n] == '/'))
            return 1;
    }
    return 0;
}

/* Xapian says what is wrong but not where: parse longer and longer prefixes
 * of the query, word by word, and report the word where it first breaks. */
static void explain_syntax_error(searcher *s, const char *query, const char *xapian_msg,
                                 char *errbuf, size_t errlen)
{
    strlist words;
    sl_init(&words);
    size_t starts[256], n = 0;
    const char *p = query;
    while (*p && n < 256) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *start = p;
        int quoted = 0;
        while (*p && (quoted || (*p != ' ' && *p != '\t'))) {
            if (*p == '"')
                quoted = !quoted;
            p++;
        }
        char *w = xstrndup(start, (size_t)(p - start));
        sl_push(&words, w);
        free(w);
        starts[n++] = (size_t)(start - query);
    }
    size_t bad = n;
    strbuf prefix;
    sb_init(&prefix);
    for (size_t k = 0; k < n && bad == n; k++) {
        sb_addf(&prefix, "%s%s", k ? " " : "", words.items[k]);
        char *folded = xcheck(norm_query(prefix.buf));
        xc_query *q = NULL;
        if (xc_qparser_parse(s->qp, folded, &q, NULL) == XC_ERR_QUERY_SYNTAX)
            bad = k;
        xc_query_free(q);
        free(folded);
    }
    sb_free(&prefix);
    if (bad == n) {
        snprintf(errbuf, errlen, "query syntax error: %s", xapian_msg);
    } else {
        const char *w = words.items[bad];
        const char *what;
        if (is_op(w) && bad == 0)
            what = "expected a word, phrase or filter before it";
        else if (bad > 0 && is_op(words.items[bad - 1]) && is_op(w))
            what = "expected a word, phrase or filter between the two operators";
        else if (is_op(w))
            what = "expected a word, phrase or filter after it";
        else
            what = xapian_msg;
        snprintf(errbuf, errlen, "query syntax error at column %zu, '%s': %s", starts[bad] + 1,
                 w, what);
    }
    sl_free(&words);
}

static int run_query(searcher *s, const search_request *req, const xc_query *prebuilt,
                     search_result *res, char *errbuf, size_t errlen);

int searcher_run(searcher *s, const search_request *req, search_result *res, char *errbuf,
                 size_t errlen)
{
    return run_query(s, req, NULL, res, errbuf, errlen);
}

static int run_query(searcher *s, const search_request *req, const xc_query *prebuilt,
                     search_result *res, char *errbuf, size_t errlen)
{
    memset(res, 0, sizeof *res);
    for (size_t i = 0; i < req->n_facets; i++) {
        if (!schema_facet_find(req->facets[i])) {
            strbuf known;
            sb_init(&known);
            for (const schema_facet *f = schema_facets; f->name; f++)
                sb_addf(&known, "%s%s", known.len ? ", " : "", f->name);
            snprintf(errbuf, errlen, "unknown facet '%s' (known: %s)", req->facets[i],
                     known.buf);
            sb_free(&known);
            return -1;
        }
    }
    xc_error err;
    xc_status st;
    for (int tries = 0;; tries++) {
        st = attempt(s, req, prebuilt, res, &err);
        if (st != XC_ERR_MODIFIED || tries == MODIFIED_RETRIES)
            break;
        search_result_free(res);
        if (xc_rdb_reopen(s->db, &err) != XC_OK)
            break;
    }
    if (st == XC_OK)
        return 0;
    if (err.status == XC_ERR_QUERY_SYNTAX)
        explain_syntax_error(s, req->query, err.message, errbuf, errlen);
    else
        snprintf(errbuf, errlen, "%s: %s", s->path, err.message);
    search_result_free(res);
    return -1;
}

typedef struct collect_ctx {
    passage_fn fn;
    void *ctx;
} collect_ctx;

int searcher_document(searcher *s, const char *id, int whole_document, passage_fn fn,
                      void *ctx, char *errbuf, size_t errlen)
{
    xc_error err;
    char *part = NULL;
    int digits = *id != '\0';
    for (const char *p = id; *p && digits; p++)
        digits = *p >= '0' && *p <= '9';
    if (digits) { /* a passage's docid */
        xc_doc *doc = NULL;
        char *data = NULL;
        size_t len;
        unsigned long docid = strtoul(id, NULL, 10);
        xc_status st = docid && docid <= 0xffffffffu
                           ? xc_rdb_get_document(s->db, (unsigned)docid, &doc, &err)
                           : XC_ERR_DOC_NOT_FOUND;
        if (st == XC_OK)
            st = xc_doc_get_data(doc, &data, &len, &err);
        xc_doc_free(doc);
        if (st == XC_ERR_DOC_NOT_FOUND || st == XC_ERR_INVALID) {
            snprintf(errbuf, errlen, "no passage %s in %s", id, s->path);
            return 0;
        }
        if (st != XC_OK) {
            snprintf(errbuf, errlen, "%s: %s", s->path, err.message);
            return -1;
        }
        json_t *o = json_loadb(data, len, 0, NULL);
        free(data);
        if (!o)
            o = xcheck(json_object());
        if (!whole_document) {
            fn(ctx, o);
            json_decref(o);
            return 1;
        }
        json_t *pid = json_object_get(o, DATA_PART);
        part = xstrdup(json_is_string(pid) ? json_string_value(pid) : "");
        json_decref(o);
    } else {
        part = xstrdup(id);
    }
    char *term = writer_id_term(PREFIX_PART, part);
    xc_query *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    unsigned count = 0;
    xc_status st = xc_rdb_doccount(s->db, &count, &err);
    if (st == XC_OK)
        st = xc_query_term(term, &q, &err);
    if (st == XC_OK)
        st = xc_enquire_new(s->db, &enq, &err);
    if (st == XC_OK)
        st = xc_enquire_set_query(enq, q, &err);
    if (st == XC_OK)
        st = xc_enquire_sort_by_value(enq, SLOT_PASSAGE, 0, &err);
    if (st == XC_OK)
        st = xc_enquire_mset(enq, 0, count, count, &m, &err);
    int n = 0;
    for (unsigned i = 0; st == XC_OK && i < xc_mset_size(m); i++) {
        xc_doc *doc = NULL;
        char *data = NULL;
        size_t len;
        st = xc_mset_item(m, i, NULL, NULL, &doc, &err);
        if (st == XC_OK)
            st = xc_doc_get_data(doc, &data, &len, &err);
        xc_doc_free(doc);
        if (st != XC_OK)
            break;
        json_t *o = json_loadb(data, len, 0, NULL);
        free(data);
        if (!o)
            o = xcheck(json_object());
        fn(ctx, o);
        json_decref(o);
        n++;
    }
    xc_mset_free(m);
    xc_enquire_free(enq);
    xc_query_free(q);
    free(term);
    if (st != XC_OK) {
        snprintf(errbuf, errlen, "%s: %s", s->path, err.message);
        free(part);
        return -1;
    }
    if (n == 0)
        snprintf(errbuf, errlen, "no document '%s' in %s", part, s->path);
    free(part);
    return n;
}

int searcher_facet_values(searcher *s, const char *facet, facet_fn fn, void *ctx,
                          char *errbuf, size_t errlen)
{
    const char *facets[1] = {facet};
    search_request req = {.query = "", .level = LEVEL_DOCUMENT, .facets = facets, .n_facets = 1};
    search_result res;
    if (searcher_run(s, &req, &res, errbuf, errlen) != 0)
        return -1;
    for (size_t i = 0; i < res.n_facets; i++)
        for (size_t j = 0; j < res.facets[i].len; j++)
            fn(ctx, res.facets[i].values[j].value, res.facets[i].values[j].count);
    search_result_free(&res);
    return 0;
}

/* ---- precedent ---- */

typedef struct words_ctx {
    strlist terms;
} words_ctx;

static void add_word(void *ctx, const char *term, double weight)
{
    (void)weight;
    sl_push(&((words_ctx *)ctx)->terms, term);
}

/* Runs q and collects up to max docids. */
static xc_status top_docids(searcher *s, const xc_query *q, unsigned max, unsigned *ids,
                            size_t *n, xc_error *err)
{
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    xc_status st = xc_enquire_new(s->db, &enq, err);
    if (st == XC_OK)
        st = xc_enquire_set_query(enq, q, err);
    if (st == XC_OK)
        st = xc_enquire_mset(enq, 0, max, 0, &m, err);
    *n = 0;
    for (unsigned i = 0; st == XC_OK && i < xc_mset_size(m); i++)
        st = xc_mset_item(m, i, &ids[(*n)++], NULL, NULL, err);
    xc_mset_free(m);
    xc_enquire_free(enq);
    return st;
}

/* Parses a filter written in the query language ("authority:wigan ..."). */
static xc_status filter_query(searcher *s, const char *text, xc_query **q, xc_error *err)
{
    return xc_qparser_parse(s->qp_plain, text, q, err);
}

/* Replaces *q by op(*q, other) and frees both inputs. */
static xc_status combine(xc_query **q, xc_query *other, int and_not, xc_error *err)
{
    xc_query *c = NULL;
    xc_status st = and_not ? xc_query_and_not(*q, other, &c, err)
                           : xc_query_filter(*q, other, &c, err);
    xc_query_free(*q);
    xc_query_free(other);
    *q = c;
    return st;
}

typedef struct source {
    strlist authorities; /* slugs */
    char *part;          /* the document like which, or NULL */
} source;

static void add_source_authorities(searcher *s, json_t *data, source *src)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(data, DATA_AUTHORITIES), i, v)
    {
        const char *name = json_string_value(v);
        if (!name)
            continue;
        char *slug = authority_map((void *)s->gaz, name);
        if (slug && !sl_contains(&src->authorities, slug))
            sl_push(&src->authorities, slug);
        free(slug);
    }
}

static void on_similar_passage(void *ctx, json_t *data)
{
    void **c = ctx;
    searcher *s = c[0];
    source *src = c[1];
    add_source_authorities(s, data, src);
    if (!src->part && json_is_string(json_object_get(data, DATA_PART)))
        src->part = xstrdup(json_string_value(json_object_get(data, DATA_PART)));
}

int searcher_like(searcher *s, const search_request *req, const char *text,
                  const char *similar, int same_authority, search_result *res, char *errbuf,
                  size_t errlen)
{
    memset(res, 0, sizeof *res);
    s->level = req->level;
    xc_error err;
    source src = {{0}, NULL};
    sl_init(&src.authorities);
    unsigned ids[64];
    size_t n = 0;
    xc_query *seed = NULL;
    xc_status st = XC_OK;
    if (similar) {
        void *c[2] = {s, &src};
        int digits = *similar && strspn(similar, "0123456789") == strlen(similar);
        int found = searcher_document(s, similar, 0, on_similar_passage, c, errbuf, errlen);
        if (found <= 0) {
            sl_free(&src.authorities);
            free(src.part);
            return -1;
        }
        if (digits) {
            ids[n++] = (unsigned)strtoul(similar, NULL, 10);
            free(src.part); /* like one passage: its document may answer */
            src.part = NULL;
        } else {
            char *term = writer_id_term(PREFIX_PART, src.part);
            st = xc_query_term(term, &seed, &err);
            free(term);
            if (st == XC_OK)
                st = top_docids(s, seed, 64, ids, &n, &err);
        }
    } else {
        char *folded = xcheck(norm_query(text));
        st = xc_qparser_parse_loose(s->qp_plain, folded, &seed, &err);
        free(folded);
        if (st == XC_OK)
            st = top_docids(s, seed, 10, ids, &n, &err);
        if (s->gaz) { /* the authorities the text names are its own */
            mention *m;
            size_t nm = gazetteer_find(s->gaz, text, &m);
            for (size_t i = 0; i < nm; i++) {
                const authority *a = gazetteer_get(s->gaz, m[i].authority);
                if (!sl_contains(&src.authorities, a->slug))
                    sl_push(&src.authorities, a->slug);
            }
            free(m);
        }
    }
    xc_query_free(seed);
    words_ctx words;
    sl_init(&words.terms);
    xc_enquire *enq = NULL;
    if (st == XC_OK)
        st = xc_enquire_new(s->db, &enq, &err);
    if (st == XC_OK && n)
        st = xc_enquire_expand(enq, ids, n, 40, add_word, &words, &err);
    xc_enquire_free(enq);
    xc_query *q = NULL;
    if (st == XC_OK)
        st = xc_query_any((const char *const *)words.terms.items, words.terms.len, &q, &err);
    xc_query *f = NULL;
    if (st == XC_OK && !blank(req->query)) {
        char *folded = xcheck(norm_query(req->query));
        st = xc_qparser_parse(s->qp, folded, &f, &err);
        free(folded);
        if (st == XC_OK)
            st = combine(&q, f, 0, &err);
    }
    if (st == XC_OK && !strstr(req->query, "kind:")) {
        st = filter_query(s, "kind:recommendation kind:area-for-development", &f, &err);
        if (st == XC_OK)
            st = combine(&q, f, 0, &err);
    }
    if (st == XC_OK && !same_authority && src.authorities.len) {
        strbuf not;
        sb_init(&not);
        for (size_t i = 0; i < src.authorities.len; i++)
            sb_addf(&not, "%sauthority:%s", i ? " " : "", src.authorities.items[i]);
        st = filter_query(s, not.buf, &f, &err);
        sb_free(&not);
        if (st == XC_OK)
            st = combine(&q, f, 1, &err);
    }
    if (st == XC_OK && src.part) { /* never the source itself */
        char *term = writer_id_term(PREFIX_PART, src.part);
        st = xc_query_term(term, &f, &err);
        free(term);
        if (st == XC_OK)
            st = combine(&q, f, 1, &err);
    }
    sl_free(&words.terms);
    sl_free(&src.authorities);
    free(src.part);
    int rc;
    if (st != XC_OK) {
        snprintf(errbuf, errlen, err.status == XC_ERR_QUERY_SYNTAX ? "query syntax error: %s"
                                                                    : "%s", err.message);
        rc = -1;
    } else {
        rc = run_query(s, req, q, res, errbuf, errlen);
    }
    xc_query_free(q);
    return rc;
}

/* ---- cross-tabulation ---- */

typedef struct pair_ctx {
    pair_fn fn;
    void *ctx;
} pair_ctx;

static void forward_pair(void *ctx, const char *a, const char *b, unsigned count)
{
    pair_ctx *c = ctx;
    c->fn(c->ctx, a, b, count);
}

long searcher_matrix(searcher *s, const char *query, const char *facet_a, const char *facet_b,
                     pair_fn fn, void *ctx, char *errbuf, size_t errlen)
{
    const schema_facet *fa = schema_facet_find(facet_a), *fb = schema_facet_find(facet_b);
    if (!fa || !fb) {
        snprintf(errbuf, errlen, "unknown facet '%s'", fa ? facet_b : facet_a);
        return -1;
    }
    xc_error err;
    xc_query *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    xc_matrixspy *spy = NULL;
    xc_facetspy *counter = NULL;
    unsigned doccount = 0;
    s->level = LEVEL_DOCUMENT; /* a matrix counts documents */
    xc_status st = parse(s, query, 0, &q, &err);
    if (st == XC_OK)
        st = xc_rdb_doccount(s->db, &doccount, &err);
    if (st == XC_OK)
        st = xc_enquire_new(s->db, &enq, &err);
    if (st == XC_OK)
        st = xc_enquire_set_query(enq, q, &err);
    if (st == XC_OK)
        st = xc_matrixspy_new(fa->slot, fb->slot, SLOT_PART, SCHEMA_MULTI_SEP,
                              !fa->per_passage && !fb->per_passage, &spy, &err);
    if (st == XC_OK)
        st = xc_facetspy_new(SLOT_PART, SCHEMA_MULTI_SEP, &counter, &err);
    if (st == XC_OK)
        st = xc_facetspy_dedupe(counter, SLOT_PART, 1, &err);
    if (st == XC_OK && !s->remote)
        st = xc_enquire_add_matrix(enq, spy, &err);
    if (st == XC_OK && !s->remote)
        st = xc_enquire_add_spy(enq, counter, &err);
    if (st == XC_OK) /* remote shards run no spies: every match comes back */
        st = xc_enquire_mset(enq, 0, s->remote ? doccount : 0, doccount, &m, &err);
    if (st == XC_OK && s->remote)
        st = xc_mset_fetch(m, &err);
    if (st == XC_OK && s->remote) /* and is counted by the same spies here */
        st = xc_mset_count(m, &counter, 1, spy, &err);
    long total = -1;
    if (st == XC_OK) {
        pair_ctx c = {fn, ctx};
        xc_matrixspy_each(spy, forward_pair, &c);
        total = xc_facetspy_seen(counter);
    } else if (err.status == XC_ERR_QUERY_SYNTAX) {
        explain_syntax_error(s, query, err.message, errbuf, errlen);
    } else {
        snprintf(errbuf, errlen, "%s: %s", s->path, err.message);
    }
    xc_mset_free(m);
    xc_enquire_free(enq);
    xc_matrixspy_free(spy);
    xc_facetspy_free(counter);
    xc_query_free(q);
    return total;
}
