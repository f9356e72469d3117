/* analyse.c: see analyse.h.  The data the rules read, and a document
 * analysed as a whole; each field's rules have a file of their own
 * (analyse-internal.h).  Every rule reads data (the tables in data/) or the
 * shape of the text; none knows any particular document. */
#include "analyse-internal.h"
#include "normalise.h"

static int has_file(const char *dir, const char *name)
{
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "%s/%s", dir, name);
    struct stat st;
    int ok = stat(sb.buf, &st) == 0;
    sb_free(&sb);
    return ok;
}

scr_status knowledge_load(const char *dir, const char *themes_file, knowledge **out,
                          scr_error *err)
{
    const char *env = getenv("SCRUTINY_DATA_DIR");
    const char *chosen = dir && *dir ? dir
                         : env && *env ? env
                         : has_file(SCRUTINY_PKGDATADIR, "authorities.tsv") ? SCRUTINY_PKGDATADIR
                                                                            : SCRUTINY_SRCDATADIR;
    knowledge *k = xcalloc(1, sizeof *k);
    k->dir = xstrdup(chosen);
    strbuf p;
    sb_init(&p);
    sb_addf(&p, "%s/authorities.tsv", chosen);
    scr_status rc = gazetteer_load(p.buf, &k->gaz, err);
    if (rc == SCR_OK && has_file(chosen, "districts.tsv")) {
        p.len = 0;
        sb_addf(&p, "%s/districts.tsv", chosen);
        rc = gazetteer_add_districts(k->gaz, p.buf, err);
    }
    if (rc == SCR_OK) {
        p.len = 0;
        sb_addf(&p, "%s/publishers.tsv", chosen);
        rc = tsv_load(p.buf, &k->publishers, err);
    }
    if (rc == SCR_OK) {
        p.len = 0;
        sb_addf(&p, "%s/doctypes.tsv", chosen);
        rc = tsv_load(p.buf, &k->doctypes, err);
    }
    sb_free(&p);
    if (rc == SCR_OK)
        rc = taxonomy_load(chosen, themes_file, &k->tax, err);
    if (rc != SCR_OK) {
        knowledge_free(k);
        return rc;
    }
    *out = k;
    return SCR_OK;
}

void knowledge_free(knowledge *k)
{
    if (!k)
        return;
    gazetteer_free(k->gaz);
    taxonomy_free(k->tax);
    tsv_free(&k->publishers);
    tsv_free(&k->doctypes);
    free(k->dir);
    free(k);
}

const gazetteer *knowledge_gazetteer(const knowledge *k) { return k->gaz; }
const char *knowledge_dir(const knowledge *k) { return k->dir; }
const taxonomy *knowledge_taxonomy(const knowledge *k) { return k->tax; }

void knowledge_values(const knowledge *k, const char *facet, strlist *out)
{
    int publisher = strcmp(facet, "publisher") == 0, type = strcmp(facet, "type") == 0;
    const tsv *t = publisher ? &k->publishers : type ? &k->doctypes : NULL;
    int c = t ? tsv_column(t, publisher ? "publisher" : "doctype") : -1;
    for (size_t i = 0; c >= 0 && i < t->n_rows; i++) {
        char *slug = norm_slug(tsv_cell(t, i, c));
        /* publishers.tsv's "other" rows name bodies, not a publisher */
        if (slug && *slug && !(publisher && strcmp(slug, "other") == 0) && !sl_contains(out, slug))
            sl_push(out, slug);
        free(slug);
    }
    if (type && !sl_contains(out, "other"))
        sl_push(out, "other");
    if (type && !sl_contains(out, "agenda-pack")) /* a pack's whole (document.c) */
        sl_push(out, "agenda-pack");
    /* every authority the gazetteer knows is one, documents or none: a
     * council without any is no match, not "no authority" */
    if (strcmp(facet, "authority") == 0)
        for (size_t i = 0; i < gazetteer_size(k->gaz); i++)
            if (!sl_contains(out, gazetteer_get(k->gaz, i)->slug))
                sl_push(out, gazetteer_get(k->gaz, i)->slug);
}

void analysis_free(analysis *a)
{
    free(a->title);
    free(a->title_why);
    sl_free(&a->authorities);
    free(a->authorities_why);
    sl_free(&a->publishers);
    free(a->publisher_why);
    free(a->doctype);
    free(a->doctype_why);
    free(a->date);
    free(a->date_why);
    free(a->authorities_next);
    free(a->publisher_next);
    free(a->doctype_next);
    free(a->date_next);
    memset(a, 0, sizeof *a);
}


static int conf_rank(const char *c)
{
    return !c ? 0 : strcmp(c, CONF_HIGH) == 0 ? 2 : strcmp(c, CONF_MEDIUM) == 0 ? 1 : 0;
}

const char *analyse_conf_min(const char *a, const char *b)
{
    return conf_rank(a) <= conf_rank(b) ? (a ? a : CONF_LOW) : b;
}

/* ---- the document as a whole ---- */

/* A council's own document (minutes, a committee report, its web page)
 * that names one authority and no other is that authority's, however
 * seldom it names it: a third party's names places in passing. */
static void own_council_authority(const knowledge *k, size_t sole, analysis *a)
{
    if (sole == (size_t)-1 || a->authorities.len || a->publishers.len != 1 ||
        strcmp(a->publishers.items[0], "Council") != 0)
        return;
    const authority *au = gazetteer_get(k->gaz, sole);
    sl_push(&a->authorities, au->name);
    free(a->authorities_why);
    a->authorities_why = xstrdup_printf("%s: the only authority named in a council's own "
                                        "document (%s)",
                                        au->name, a->doctype);
    free(a->authorities_next);
    a->authorities_next = xstrdup("none");
    a->authorities_conf = CONF_LOW;
}

/* A year the title names on its own ("2006 annual performance assessment
 * of...") is the document's, over dates its text only mentions: a page
 * that copies a report's title keeps the report's year, not the dates of
 * what is listed around it. */
static void title_year(analysis *a)
{
    static const char mentioned[] = ": mentioned";
    size_t wn = a->date_why ? strlen(a->date_why) : 0;
    if (a->date && !(wn >= sizeof mentioned - 1 &&
                     strcmp(a->date_why + wn - (sizeof mentioned - 1), mentioned) == 0))
        return;
    int y = dates_title_year(a->title);
    if (!y || y == a->year)
        return;
    free(a->date_next);
    a->date_next = a->date ? xstrdup_printf("%s (only mentioned)", a->date_why) : xstrdup("none");
    free(a->date);
    free(a->date_why);
    a->date = xstrdup_printf("%d", y);
    a->year = y;
    a->date_why = xstrdup_printf("%d: the year the title names", y);
    a->date_conf = CONF_MEDIUM;
}

/* A text with no date of its own whose opening says "today" beside a
 * year ("Ofsted's 2010 assessments, published today") is of that year. */
static void today_year(const char *text, analysis *a)
{
    if (a->date)
        return;
    size_t n = strlen(text);
    int y = dates_today_year(text, n < EARLY_BYTES ? n : EARLY_BYTES);
    if (!y)
        return;
    free(a->date_next);
    a->date_next = a->date_why;
    a->date_why = xstrdup_printf("%d: the year named beside \"today\" near the start", y);
    a->date = xstrdup_printf("%d", y);
    a->year = y;
    a->date_conf = CONF_LOW;
}

/* Whether a page reports an inspectorate's findings ("Ofsted has rated
 * ...", "read the full report": publishers.tsv, reports-on) rather than
 * being its report: then it is not the inspectorate's, and not the kind
 * of report it names (author: who that kind is written by, or NULL), but
 * a page about it, whoever's its other marks make it. */
static int reports_inspection(const knowledge *k, const char *head, size_t n, const char *author,
                              analysis *a)
{
    static const char *const bodies[] = {"Ofsted", "CQC", NULL};
    if (author && (!strcmp(author, "*") || !strcmp(author, "-")))
        return 0; /* a press release, a newspaper's item */
    const char *who = NULL;
    for (size_t i = 0; bodies[i] && !who; i++)
        if ((author ? strstr(author, bodies[i]) != NULL : sl_contains(&a->publishers, bodies[i])) &&
            reported_on(k, head, n, bodies[i]))
            who = bodies[i];
    if (!who)
        return 0;
    if (author) {
        free(a->doctype_next);
        a->doctype_next = xstrdup_printf("%s: %s", a->doctype, a->doctype_why);
        free(a->doctype);
        a->doctype = xstrdup("other");
        free(a->doctype_why);
        a->doctype_why = xstrdup_printf("a page reporting %s's findings (publishers.tsv, "
                                        "reports-on): about the report it names, not the report",
                                        who);
        a->doctype_conf = CONF_MEDIUM;
    }
    free(a->publisher_next);
    a->publisher_next = xstrdup_printf("by its marks: %s", a->publisher_why);
    free(a->publisher_why);
    a->publisher_why = xstrdup_printf("a page reporting %s's findings (publishers.tsv, "
                                      "reports-on): not %s's own",
                                      who, who);
    sl_free(&a->publishers);
    sl_init(&a->publishers);
    a->publisher_conf = CONF_LOW;
    return 1;
}

void analyse_document(const knowledge *k, const char *text, const char *file_title,
                      analysis *out)
{
    analyse_document_from(k, text, file_title, NULL, out);
}

void analyse_document_from(const knowledge *k, const char *text, const char *file_title,
                           const char *source, analysis *out)
{
    char *own_source = source && *source ? NULL : source_from_text(text);
    if (own_source)
        source = own_source;
    memset(out, 0, sizeof *out);
    sl_init(&out->authorities);
    sl_init(&out->publishers);
    block *b;
    size_t nb = split_blocks(text, &b);
    find_title(k, text, b, nb, file_title, out);
    size_t tlen = strlen(text);
    strbuf head;
    sb_init(&head);
    sb_addf(&head, "%s\n\n", out->title);
    sb_add(&head, text, tlen < HEAD_BYTES ? tlen : HEAD_BYTES);
    size_t sole;
    int on_council_site;
    long banner = body_banner(k, text, b, nb);
    find_authorities(k, text, file_title, source, b, nb, banner, out, &sole, &on_council_site);
    const char *tail = tlen > HEAD_BYTES + TAIL_BYTES ? text + tlen - TAIL_BYTES
                       : tlen > HEAD_BYTES             ? text + HEAD_BYTES
                                                       : NULL;
    find_publisher(k, head.buf, head.len, tail, out);
    const char *site = site_publisher(k, source, on_council_site);
    const char *asked = out->publishers.len == 1
                            ? commissioning_body(k, head.buf, head.len, tail,
                                                 out->publishers.items[0])
                            : NULL;
    if (site) {
        publisher_from_site(site, source, out);
    } else if (asked) {
        free(out->publisher_next);
        out->publisher_next = xstrdup_printf("by its marks: %s", out->publisher_why);
        free(out->publisher_why);
        out->publisher_why = xstrdup_printf("%s writes of a review it asked %s for "
                                            "(publishers.tsv, commissions)",
                                            asked, out->publishers.items[0]);
        sl_free(&out->publishers);
        sl_init(&out->publishers);
        sl_push(&out->publishers, asked);
        out->publisher_conf = CONF_MEDIUM;
    }
    int footer = !site && council_footer(k, text, b, nb);
    if (!site && (footer || council_menu(k, text))) {
        free(out->publisher_next);
        out->publisher_next = xstrdup_printf("by its marks: %s", out->publisher_why);
        free(out->publisher_why);
        out->publisher_why = xstrdup(footer ? "a council's footer: its copyright line or its address"
                                            : "a council's site menu (publishers.tsv, site-menu)");
        sl_free(&out->publishers);
        sl_init(&out->publishers);
        sl_push(&out->publishers, "Council");
        out->publisher_conf = CONF_MEDIUM;
        site = "Council";
    }
    char *author = NULL;
    out->doctype = analyse_doctype_ex(k, out->title, text, &out->doctype_why, &author,
                                      &out->doctype_next, &out->doctype_conf);
    if (strcmp(out->doctype, "other") == 0 && byline(text, b, nb)) {
        free(out->doctype);
        out->doctype = xstrdup("news");
        free(out->doctype_why);
        out->doctype_why = xstrdup("a reporter's byline (\"By Jo Bloggs\", or a name above "
                                   "a dateline) near the start");
        out->doctype_conf = CONF_MEDIUM;
        author = xstrdup("-"); /* a newspaper's mark */
    }
    if (!site && reports_inspection(k, head.buf, head.len, author, out)) {
        free(author);
        author = NULL;
    }
    int reporter = strcmp(out->doctype, "news") == 0 && reported_on(k, head.buf, head.len, "Council");
    /* "*": the issuer's own mark (a press release), whoever its marks name */
    int issued = author && strcmp(author, "*") == 0;
    /* "-": a newspaper's mark */
    int paper = author && strcmp(author, "-") == 0;
    if (author && (reporter || issued || paper)) { /* not the author the kind implies */
        free(author);
        author = NULL;
    }
    if (author) { /* some kinds of document have their authors whatever they cite */
        /* the runner-up: what the marks alone said, when it differs */
        strlist by_type;
        sl_init(&by_type);
        sl_split(&by_type, author, ';');
        int same = by_type.len == out->publishers.len;
        for (size_t i = 0; same && i < by_type.len; i++)
            same = sl_contains(&out->publishers, by_type.items[i]);
        sl_free(&by_type);
        if (!same && out->publishers.len) {
            free(out->publisher_next);
            out->publisher_next = xstrdup_printf("by its marks: %s", out->publisher_why);
        }
        sl_free(&out->publishers);
        sl_init(&out->publishers);
        sl_split(&out->publishers, author, ';');
        free(out->publisher_why);
        strbuf sb;
        sb_init(&sb);
        sb_addf(&sb, "the type %s is written by ", out->doctype);
        for (size_t i = 0; i < out->publishers.len; i++)
            sb_addf(&sb, "%s%s", i ? " and " : "", out->publishers.items[i]);
        sb_adds(&sb, " (doctypes.tsv)");
        out->publisher_why = sb_steal(&sb);
        /* the author follows from the type: as sure as the type is */
        out->publisher_conf = out->doctype_conf;
        free(author);
    } else if (!site && strcmp(out->doctype, "news") == 0) {
        /* a news item is its council's when the council speaks in it (a
         * cabinet member quoted, the council's own marks); else a third
         * party's, whoever it reports on */
        int council = !reporter && publisher_score(k, head.buf, head.len, "Council") >= 3;
        if (issued && !council && out->publishers.len) {
            /* a press release of the LGA, the DfE or an inspectorate */
            char *marks = out->publisher_why;
            out->publisher_why = xstrdup_printf("a press release, issued by whom its marks name: %s",
                                                marks);
            free(marks);
        } else {
            sl_free(&out->publishers);
            sl_init(&out->publishers);
            free(out->publisher_why);
            /* a council's own headline names it as one, in its own
             * capitals ("Shropshire Council's children's services rated
             * good"); a newspaper's says "council", "Sefton council" or
             * the place */
            const char *cap = strstr(out->title, " Council");
            int titled = !council && !reporter && !paper && cap && !isalpha((unsigned char)cap[8]) &&
                         names_council(k, out->title);
            if (council)
                out->publisher_why = xstrdup("a news item with a council's marks (publishers.tsv)");
            else if (titled)
                out->publisher_why = xstrdup("a news item whose title names the council as one, "
                                             "without a newspaper's marks");
            else if (reporter)
                out->publisher_why = xstrdup("a news item that reports on a council (publishers.tsv, "
                                             "reports-on): a third party's");
            else
                out->publisher_why = xstrdup("a news item without a council's marks: a third party's");
            if (council || titled)
                sl_push(&out->publishers, "Council");
        }
        out->publisher_conf = CONF_MEDIUM;
    }
    /* another body's banner, words only another body writes, or a third
     * party reporting on the council: no council's page by the weak signs
     * below */
    int other_body = banner >= 0 || reported_on(k, head.buf, head.len, "Council") ||
                     has_marks(k, head.buf, head.len, "third-party") ||
                     (tail && has_marks(k, tail, strlen(tail), "third-party"));
    if (!out->publishers.len && !site && !reporter && !paper && !other_body &&
        council_banner_or_contact(k, text, b, nb)) {
        /* nobody's marks, and a council's name where its site puts it */
        free(out->publisher_why);
        out->publisher_why = xstrdup("a council's name alone atop the page (its banner) or in "
                                     "its contact block, with no publisher's marks");
        sl_push(&out->publishers, "Council");
        out->publisher_conf = CONF_LOW;
    }
    if (!out->publishers.len && !site && !other_body && strcmp(out->doctype, "news") != 0 &&
        out->authorities.len == 1 && first_person(head.buf, head.len) && names_council(k, head.buf)) {
        /* a page in its author's voice that names one authority, as a
         * council, and carries nobody's marks: that council's own page */
        free(out->publisher_why);
        out->publisher_why = xstrdup_printf("a page in the first person that names %s as a council, "
                                            "with no publisher's marks",
                                            out->authorities.items[0]);
        sl_push(&out->publishers, "Council");
        out->publisher_conf = CONF_LOW;
    }
    if (!out->publishers.len && !site && !reporter && !paper && !other_body &&
        (out->authorities.len == 1 || (!out->authorities.len && sole != (size_t)-1)) &&
        residents_voice(k, head.buf, head.len)) {
        /* a page that speaks to residents about one council's services,
         * in the council's voice, and carries nobody's marks */
        free(out->publisher_why);
        out->publisher_why = xstrdup("a page that speaks to its reader about one council's "
                                     "services in the council's voice (\"you\", \"the council\" or "
                                     "its name as a council), with no publisher's marks");
        sl_push(&out->publishers, "Council");
        out->publisher_conf = CONF_LOW;
    }
    own_council_authority(k, sole, out);
    owner_authority(k, text, b, nb, out);
    out->date = analyse_date_ex(text, &out->date_why, &out->year, &out->date_next,
                                &out->date_conf);
    title_year(out);
    today_year(text, out);
    sb_free(&head);
    free(b);
    free(own_source);
}
