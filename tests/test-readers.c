/* Reading real documents: the five sample documents without their
 * manifest, and fixtures made by independent tools (pandoc for DOCX and
 * HTML, cairo for PDF) in the styles of Ofsted, the LGA and councils,
 * traps included.  Runs the real scrutiny-index --explain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <jansson.h>
#include <lcms2.h>
#include <zip.h>

#include "cleanup.h"
#include "reader.h"
#include "segment.h"
#include "testutil.h"
#include "tsv.h"
#include "util.h"

static char *tmpdir, *built, *indexer;
static int have_fixtures;

static int group_setup(void **state)
{
    (void)state;
    tmpdir = tu_mkdtemp();
    built = tu_build_path("tests/fixtures-built");
    indexer = tu_build_path("scrutiny-index");
    char *script = tu_src_path("tests/make-fixtures.sh");
    char *src = tu_src_path("tests/fixtures");
    char *makepdf = tu_build_path("tests/make-pdf");
    char *argv[] = {"sh", script, src, built, makepdf, NULL};
    tu_run r;
    tu_exec(argv, NULL, &r);
    /* 77: a tool is missing (the tests that need it say skipped); anything
     * else but 0 is a failure */
    have_fixtures = r.status == 0;
    int st = r.status == 0 || r.status == 77 ? 0 : -1;
    if (!have_fixtures)
        fprintf(stderr, "fixtures not built (%d): %s\n", r.status, r.err);
    tu_run_free(&r);
    free(script);
    free(src);
    free(makepdf);
    return st;
}

static int group_teardown(void **state)
{
    (void)state;
    tu_rmtree(tmpdir);
    free(tmpdir);
    free(built);
    free(indexer);
    return 0;
}

/* scrutiny-index --explain --format json FILE, parsed. */
static json_t *explain(const char *file)
{
    tu_run r;
    char *argv[] = {indexer, "--explain", "--format", "json", (char *)file, NULL};
    tu_exec(argv, NULL, &r);
    if (r.status != 0)
        fprintf(stderr, "explain %s: %d %s\n", file, r.status, r.err);
    assert_int_equal(r.status, 0);
    json_t *o = json_loads(r.out, 0, NULL);
    assert_non_null(o);
    tu_run_free(&r);
    return o;
}

static char *joined(json_t *a)
{
    strbuf sb;
    sb_init(&sb);
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) sb_addf(&sb, "%s%s", i ? ";" : "", json_string_value(v));
    return sb_steal(&sb);
}

/* Whether --explain's answer o for name is the one expected; prints what
 * differs when not. */
static int meta_matches(json_t *o, const char *name, const char *format, const char *auth,
                        const char *pubs, const char *doctype, int year)
{
    char *a = joined(json_object_get(o, "authorities"));
    char *p = joined(json_object_get(o, "publishers"));
    const char *f = json_string_value(json_object_get(o, "format"));
    const char *d = json_string_value(json_object_get(o, "doctype"));
    int y = (int)json_integer_value(json_object_get(o, "year"));
    int ok = strcmp(a, auth) == 0 && strcmp(p, pubs) == 0 && strcmp(d, doctype) == 0 &&
             y == year && (!format || strcmp(f, format) == 0);
    if (!ok)
        fprintf(stderr, "%s: got %s | %s | %s | %s | %d, want %s | %s | %s | %s | %d\n", name, f,
                a, p, d, y, format ? format : "-", auth, pubs, doctype, year);
    /* the keys --explain documents */
    static const char *const keys[] = {"file", "format", "title", "authorities", "publisher",
                                       "doctype", "date", "year", "sections", NULL};
    for (size_t i = 0; keys[i]; i++)
        ok = ok && json_object_get(o, keys[i]) != NULL;
    free(a);
    free(p);
    return ok;
}

static void check_meta(json_t *o, const char *name, const char *format, const char *auth,
                       const char *pubs, const char *doctype, int year)
{
    assert_true(meta_matches(o, name, format, auth, pubs, doctype, year));
}

/* manifest.tsv's authorities are the gazetteer's ("WIGAN COUNCIL" is
 * Wigan, found by authority:wigan), one it does not know is kept and said;
 * a bad date keeps the one found and the row's other fields still apply. */
static void test_manifest_names_and_bad_date(void **state)
{
    (void)state;
    char *dir = tu_join(tmpdir, "manifested");
    assert_int_equal(mkdir(dir, 0777), 0);
    static const char *const files[] = {"a.txt", "b.txt", "c.txt"};
    for (size_t i = 0; i < 3; i++) {
        char *p = tu_join(dir, files[i]);
        tu_write(p, "Therapy waits were long.\n", 25);
        free(p);
    }
    static const char manifest[] = "file\tdate\tauthority\n"
                                   "a.txt\t2020-13-45\twigan\n"
                                   "b.txt\t2019\tCity of Wolverhampton Council; BURY\n"
                                   "c.txt\t\twigna\n";
    char *mp = tu_join(dir, "manifest.tsv");
    tu_write(mp, manifest, sizeof manifest - 1);
    tu_run r;
    char *argv[] = {indexer, "--explain", "--format", "tsv", dir, NULL};
    tu_exec(argv, NULL, &r);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "/a.txt\tTherapy waits were long.\tWigan\t"));
    assert_non_null(strstr(r.out, "/b.txt\tTherapy waits were long.\tWolverhampton;Bury\t"));
    assert_non_null(strstr(r.out, "/c.txt\tTherapy waits were long.\twigna\t"));
    assert_non_null(strstr(r.err, "a.txt: date '2020-13-45' of a.txt is not"));
    assert_non_null(strstr(r.err, "authority 'wigna' is not one the gazetteer knows"));
    tu_run_free(&r);
    free(mp);
    free(dir);
}

static void test_sample_corpus_without_manifest(void **state)
{
    (void)state;
    /* From ../shared/corpus/SOURCES.md, read by a person. */
    static const struct {
        const char *file, *auth, *pubs, *doctype;
        int year;
    } want[] = {
        {"000_e85d07dccdbcca4e.txt", "Wigan", "LGA", "peer-review", 2018},
        {"001_b2073b80ffbe49dc.txt", "Peterborough;Cambridgeshire", "LGA", "peer-review", 2018},
        {"002_759b29acf5689f57.txt", "Wigan", "Ofsted;CQC", "send-inspection", 2018},
        {"003_858577f6889f0cc7.txt", "Wigan", "Ofsted", "apa-letter", 2007},
        {"004_99a5531b2ffe9930.txt", "Wolverhampton", "Council", "agenda-pack", 2019},
    };
    /* copies without manifest.tsv beside them */
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char *rel = tu_join("corpus", want[i].file);
        char *src = tu_src_path(rel);
        char *dst = tu_join(tmpdir, want[i].file);
        size_t len;
        char *data = read_file(src, 1 << 24, &len);
        assert_non_null(data);
        tu_write(dst, data, len);
        json_t *o = explain(dst);
        check_meta(o, want[i].file, "text", want[i].auth, want[i].pubs, want[i].doctype,
                   want[i].year);
        json_decref(o);
        free(data);
        free(rel);
        free(src);
        free(dst);
    }
}

static void test_agenda_pack_items(void **state)
{
    (void)state;
    char *src = tu_src_path("corpus/004_99a5531b2ffe9930.txt");
    json_t *o = explain(src);
    json_t *items = json_object_get(o, "items");
    /* minutes, SEND self-evaluation, early years peer review outcome, two
     * health checks, work programme */
    assert_int_equal(json_array_size(items), 6);
    static const char *const titles[] = {"Minutes - 19 June 2019", "SEND Self Evaluation",
                                         "Early Years Update - Outcome of Peer Review",
                                         "Children's Workforce Health Check 2019",
                                         "Children's Social Work Health Check 2019", NULL};
    /* the health checks are committee reports ("Report title", "Wards
     * affected") that present a self-evaluation: their genre decides */
    static const char *const types[] = {"committee-minutes", "self-evaluation", "peer-review",
                                        "committee-report", "committee-report"};
    for (size_t i = 0; titles[i]; i++) {
        json_t *it = json_array_get(items, i);
        assert_string_equal(json_string_value(json_object_get(it, "title")), titles[i]);
        assert_string_equal(json_string_value(json_object_get(it, "doctype")), types[i]);
        /* each item is linked to its pack */
        assert_non_null(strstr(json_string_value(json_object_get(it, "pack")), "agenda pack"));
        assert_non_null(strstr(json_string_value(json_object_get(it, "id")), "#"));
    }
    json_t *minutes = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(minutes, "date")), "2019-06-19");
    /* the peer review's cover says Date: 12th September 2019 (its title
     * ends in "Review": not a review date); the manifest dates the pack,
     * and an item's own date is not said to be the manifest's */
    json_t *review = json_array_get(items, 2);
    assert_string_equal(json_string_value(json_object_get(review, "date")), "2019-09-12");
    const char *why = json_string_value(json_object_get(json_object_get(review, "evidence"),
                                                        "date"));
    assert_non_null(strstr(why, "labelled as the date"));
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(items, 5), "title")),
                           "Work Programme"));
    json_decref(o);
    free(src);
}

/* Whether some section of an explained document has exactly this path. */
static int has_path(json_t *o, const char *path)
{
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(o, "sections"), i, s)
    {
        if (strcmp(json_string_value(json_object_get(s, "path")), path) == 0)
            return 1;
    }
    return 0;
}

static void test_heading_paths(void **state)
{
    (void)state;
    char *f = tu_src_path("corpus/000_e85d07dccdbcca4e.txt");
    json_t *o = explain(f);
    assert_true(has_path(o, "3. Speech and language > Areas for consideration"));
    assert_true(has_path(o, "4. SEND > Assets"));
    json_decref(o);
    free(f);
    f = tu_src_path("corpus/001_b2073b80ffbe49dc.txt");
    o = explain(f);
    /* "### 4.1" and a bare "4.2" are siblings under "4 Main Findings" */
    const char *title = "Peterborough & Cambridgeshire Early Years Social Mobility Pilot Peer Review";
    char path[512];
    snprintf(path, sizeof path, "%s > 4 Main Findings > 4.1 Leadership", title);
    assert_true(has_path(o, path));
    snprintf(path, sizeof path, "%s > 4 Main Findings > 4.2 Wider Child, Family & Health Services", title);
    assert_true(has_path(o, path));
    snprintf(path, sizeof path, "%s > 6 Recommendations", title);
    assert_true(has_path(o, path));
    json_decref(o);
    free(f);
    f = tu_src_path("corpus/003_858577f6889f0cc7.txt");
    o = explain(f);
    assert_true(has_path(o, "Being healthy > For action in the next six months"));
    assert_true(has_path(o, "Staying safe > Area(s) for development"));
    json_decref(o);
    free(f);
}

/* A passage for segment_merge: text, section, kind, one theme or none. */
static void put_passage(segmented *s, size_t i, const char *text, size_t section,
                        const char *kind, const char *theme)
{
    seg_passage *p = &s->passages[i];
    memset(p, 0, sizeof *p);
    p->text = xstrdup(text);
    p->heading = xstrdup(section ? "B" : "A");
    p->section = section;
    p->kind = kind;
    sl_init(&p->themes);
    sl_init(&p->themes_why);
    if (theme) {
        sl_push(&p->themes, theme);
        sl_push(&p->themes_why, theme);
    }
    s->sections[section].passages++;
}

static void test_short_passages_join(void **state)
{
    (void)state;
    segmented s = {0};
    s.n_sections = 2;
    s.sections = xcalloc(2, sizeof *s.sections);
    s.sections[0].heading = xstrdup("A");
    s.sections[0].path = xstrdup("A");
    s.sections[1].heading = xstrdup("B");
    s.sections[1].path = xstrdup("B");
    char big[PASSAGE_TARGET_BYTES];
    memset(big, 'x', sizeof big - 10);
    big[sizeof big - 10] = '\0';
    s.n_passages = 10;
    s.passages = xcalloc(s.n_passages, sizeof *s.passages);
    put_passage(&s, 0, "One.", 0, "other", "send");
    put_passage(&s, 1, "Two.", 0, "other", "health");
    put_passage(&s, 2, big, 0, "other", NULL);   /* too big to join the two */
    put_passage(&s, 3, "Do this.", 0, "recommendation", NULL);
    put_passage(&s, 4, "Do that.", 0, "recommendation", NULL);
    put_passage(&s, 5, "Three.", 0, "strength", NULL); /* another kind */
    put_passage(&s, 6, "Four.", 1, "strength", "send"); /* another section */
    put_passage(&s, 7, "We saw:", 1, "other", NULL);
    put_passage(&s, 8, "one thing;", 1, "other", NULL);
    s.passages[8].list_item = 1;
    put_passage(&s, 9, "another.", 1, "other", NULL);
    s.passages[9].list_item = 1;
    segment_merge(&s);
    assert_int_equal(s.n_passages, 7);
    assert_string_equal(s.passages[0].text, "One.\n\nTwo.");
    assert_int_equal(s.passages[0].themes.len, 2);
    assert_string_equal(s.passages[0].themes.items[1], "health");
    assert_int_equal(s.passages[0].themes_why.len, 2);
    assert_string_equal(s.passages[1].text, big);
    assert_string_equal(s.passages[2].text, "Do this.");
    assert_string_equal(s.passages[3].text, "Do that.");
    assert_string_equal(s.passages[4].text, "Three.");
    assert_string_equal(s.passages[5].text, "Four.");
    /* a joined list keeps its markers */
    assert_string_equal(s.passages[6].text, "We saw:\n\n- one thing;\n- another.");
    assert_int_equal(s.sections[0].passages, 5);
    assert_int_equal(s.sections[1].passages, 2);
    segmented_free(&s);
}

static void test_fixtures_by_independent_tools(void **state)
{
    (void)state;
    if (!have_fixtures)
        skip();
    char *exp = tu_src_path("tests/fixtures/expected.tsv");
    tsv t;
    scr_error err;
    assert_int_equal(tsv_load(exp, &t, &err), SCR_OK);
    assert_true(t.n_rows >= 15);
    int formats[3] = {0};
    for (size_t r = 0; r < t.n_rows; r++) {
        const char *file = tsv_cell(&t, r, tsv_column(&t, "file"));
        const char *format = tsv_cell(&t, r, tsv_column(&t, "format"));
        formats[0] += strcmp(format, "pdf") == 0;
        formats[1] += strcmp(format, "html") == 0;
        formats[2] += strcmp(format, "docx") == 0;
        char *path = tu_join(built, file);
        json_t *o = explain(path);
        check_meta(o, file, format, tsv_cell(&t, r, tsv_column(&t, "authorities")),
                   tsv_cell(&t, r, tsv_column(&t, "publishers")),
                   tsv_cell(&t, r, tsv_column(&t, "doctype")),
                   atoi(tsv_cell(&t, r, tsv_column(&t, "year"))));
        json_decref(o);
        free(path);
    }
    for (int i = 0; i < 3; i++)
        assert_true(formats[i] >= 5);
    tsv_free(&t);
    free(exp);
}

static int by_name(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Web pages saved as text (tests/fixtures/webtexts): each page of a kind
 * the held-out set has (trade-press news, a council's own news and pages,
 * committee papers, LGA and GOV.UK pages), read bare.  Every miss is
 * printed before the test fails, so one run shows them all. */
static void test_web_texts(void **state)
{
    (void)state;
    char *dir = tu_src_path("tests/fixtures/webtexts");
    char *exp = tu_join(dir, "expected.tsv");
    tsv t;
    scr_error err;
    assert_int_equal(tsv_load(exp, &t, &err), SCR_OK);
    assert_true(t.n_rows >= 10);
    int misses = 0;
    for (size_t r = 0; r < t.n_rows; r++) {
        const char *file = tsv_cell(&t, r, tsv_column(&t, "file"));
        char *path = tu_join(dir, file);
        json_t *o = explain(path);
        json_t *auth = json_object_get(o, "authorities");
        /* the labels list authorities alphabetically */
        strlist names;
        sl_init(&names);
        for (size_t i = 0; i < json_array_size(auth); i++)
            sl_push(&names, json_string_value(json_array_get(auth, i)));
        if (names.len)
            qsort(names.items, names.len, sizeof *names.items, by_name);
        json_t *sorted = json_array();
        for (size_t i = 0; i < names.len; i++)
            json_array_append_new(sorted, json_string(names.items[i]));
        json_object_set_new(o, "authorities", sorted);
        sl_free(&names);
        misses += !meta_matches(o, file, "text", tsv_cell(&t, r, tsv_column(&t, "authorities")),
                                tsv_cell(&t, r, tsv_column(&t, "publishers")),
                                tsv_cell(&t, r, tsv_column(&t, "doctype")),
                                atoi(tsv_cell(&t, r, tsv_column(&t, "year"))));
        json_decref(o);
        free(path);
    }
    assert_int_equal(misses, 0);
    tsv_free(&t);
    free(exp);
    free(dir);
}

/* A page's chrome is never its title: breadcrumbs ("Home > News"), a
 * cookie banner, a site menu ("Council tax"), a committee site's page
 * labels ("Agenda item"), a picture's credit stand above the heading. */
static void test_web_page_titles(void **state)
{
    (void)state;
    static const char *const pages[][2] = {
        {"council-news-site-menu.txt", "New foster carers welcomed at celebration evening"},
        {"council-page-date-labels-own-lines.txt", "Fostering allowances and fees"},
        {"govuk-published-updated.txt", "Working with families when a child goes missing from care"},
        {"council-page-service-menu.txt", "Family hubs"},
        /* a committee site's labels of its page, and an item's link with
         * its number and its file's size */
        {"minutes-item-page-label.txt",
         "School place planning for children with special educational needs"},
        {"agenda-item-link-size.txt", "Annual report of the virtual school head"},
        {"committee-report-agenda-item.txt", "Outcome of the Ofsted focused visit to children's services"},
        {"council-decision-page.txt", "Response to the Ofsted inspection of children's services"},
        /* a council's or another body's name alone is its site's banner */
        {"council-page-site-name-heading.txt", "Youth clubs and activities"},
        {"childrens-trust-page.txt", "Become a foster carer with us"},
        {"icb-page-send-health.txt", "Health support for children with special educational needs"},
        {"county-page-districts-named.txt", "Family hubs in your area"},
    };
    char *dir = tu_src_path("tests/fixtures/webtexts");
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        char *path = tu_join(dir, pages[i][0]);
        json_t *o = explain(path);
        assert_string_equal(json_string_value(json_object_get(o, "title")), pages[i][1]);
        json_decref(o);
        free(path);
    }
    /* nor a picture's credit above a news story without a headline */
    char *credit = tu_join(dir, "news-picture-credit.txt");
    json_t *story = explain(credit);
    const char *title = json_string_value(json_object_get(story, "title"));
    assert_non_null(strstr(title, "opened two family hubs"));
    assert_null(strstr(title, "Photo"));
    json_decref(story);
    free(credit);
    /* the cookie banner above the council's name is not the title either */
    char *path = tu_join(dir, "council-page-banner-after-cookies.txt");
    json_t *o = explain(path);
    assert_null(strstr(json_string_value(json_object_get(o, "title")), "cookies"));
    json_decref(o);
    free(path);
    free(dir);
}

static char *read_text(const char *path)
{
    reader_text rt;
    scr_error err;
    if (reader_load(path, &rt, &err) != SCR_OK)
        fprintf(stderr, "%s: %s\n", path, err.message);
    char *text = rt.text;
    rt.text = NULL;
    reader_text_free(&rt);
    return text;
}

/* An HTML page saved without its charset is read as UTF-8 when it is
 * valid UTF-8 (libxml2 took it for Latin-1: "CafÃ©"), and as Latin-1 when
 * it is not; a declared charset is followed. */
static void test_html_without_charset(void **state)
{
    (void)state;
    static const char *const pages[][3] = {
        {"utf8.html", "<html><head><title>Caf\xc3\xa9 review</title></head><body>"
                      "<p>Caf\xc3\xa9 review: children\xe2\x80\x99s services.</p></body></html>",
         "Caf\xc3\xa9 review"},
        {"latin1.html", "<html><head><title>Caf\xe9 review</title></head><body>"
                        "<p>Caf\xe9 review: services.</p></body></html>",
         "Caf\xc3\xa9 review"},
        {"declared.html", "<html><head><meta charset=\"iso-8859-1\"><title>Caf\xe9 review</title>"
                          "</head><body><p>Caf\xe9 review: services.</p></body></html>",
         "Caf\xc3\xa9 review"},
    };
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        char *path = tu_join(tmpdir, pages[i][0]);
        tu_write(path, pages[i][1], strlen(pages[i][1]));
        char *text = read_text(path);
        assert_non_null(text);
        if (!strstr(text, pages[i][2]))
            fail_msg("%s: %s", pages[i][0], text);
        assert_null(strstr(text, "\xc3\x83")); /* no UTF-8 read as Latin-1 */
        free(text);
        free(path);
    }
}

static void test_format_by_content_and_clean_text(void **state)
{
    (void)state;
    if (!have_fixtures)
        skip();
    /* a PDF named .txt is still read as a PDF */
    char *pdf = tu_join(built, "ilacs-leeds.pdf");
    char *renamed = tu_join(tmpdir, "looks-like-text.txt");
    size_t len;
    char *data = read_file(pdf, 1 << 24, &len);
    tu_write(renamed, data, len);
    json_t *o = explain(renamed);
    assert_string_equal(json_string_value(json_object_get(o, "format")), "pdf");
    json_decref(o);
    free(data);
    /* the typesetter's "inspe-/ctors" is one word again; "Page 1 of 1" gone */
    char *text = read_text(pdf);
    assert_non_null(text);
    assert_non_null(strstr(text, "four inspectors"));
    assert_null(strstr(text, "inspe-"));
    assert_null(strstr(text, "Page 1 of"));
    /* bullets are list items, each its own block */
    assert_non_null(strstr(text, "\n\n\xE2\x80\xA2 The timeliness of initial health assessments"));
    free(text);
    /* HTML: no script, no navigation */
    char *html = tu_join(built, "minutes-sheffield-no-year.html");
    text = read_text(html);
    assert_non_null(strstr(text, "Sufficiency of places for children in care"));
    assert_null(strstr(text, "should never be indexed"));
    assert_null(strstr(text, "Councillors | Meetings"));
    free(text);
    /* DOCX: headings from paragraph styles */
    char *docx = tu_join(built, "peer-review-stockport.docx");
    o = explain(docx);
    assert_true(has_path(o, "Stockport Council: Children's Services Peer Challenge > 4. Recommendations"));
    json_decref(o);
    free(pdf);
    free(renamed);
    free(html);
    free(docx);
}

static void test_cleanup_on_corpus_noise(void **state)
{
    (void)state;
    /* 004: a sentence cut by a blank line and a page break */
    char *t = cleanup_text("The findings were published within the \n\n national guidance on 3 May.");
    assert_string_equal(t, "The findings were published within the national guidance on 3 May.");
    free(t);
    /* a word hyphenated across lines; a compound keeps its hyphen */
    t = cleanup_text("a strong multi-\nagency offer and early inter-\nvention work in every area of the borough");
    assert_string_equal(t, "a strong multi-agency offer and early intervention work in every area of the borough");
    free(t);
    /* 003's ■ bullets and paragraph boundaries */
    t = cleanup_text("Main findings\n\n\xE2\x96\xA0 Leaders have an accurate view.\n\xE2\x96\xA0 Education works well.\n\nNext paragraph.");
    assert_string_equal(t, "Main findings\n\n\xE2\x80\xA2 Leaders have an accurate view.\n\n\xE2\x80\xA2 Education works well.\n\nNext paragraph.");
    free(t);
    /* a Symbol or Wingdings font's bullet, mapped to the private use area
     * (U+F06E here, U+F0B7, U+F0A7...): a bullet too, not a word that
     * joined the list to the title above it */
    t = cleanup_text("What children told us\n\xEF\x81\xAE Staff listen to them.\n\xEF\x82\xA7 They see the same worker.");
    assert_string_equal(t, "What children told us\n\n\xE2\x80\xA2 Staff listen to them.\n\n\xE2\x80\xA2 They see the same worker.");
    free(t);
    /* running headers and page numbers over pages; the first page keeps
     * its first line when that header reads as a title (four words or
     * more): the report's own title, printed again on every page */
    const char *const headers[] = {"Wigan SEND inspection letter", "OFFICIAL SENSITIVE"};
    for (size_t h = 0; h < 2; h++) {
        strlist pages;
        sl_init(&pages);
        for (int i = 1; i <= 3; i++) {
            char page[256];
            snprintf(page, sizeof page, "%s\nBody text of page %d goes on.\n%d\n", headers[h], i,
                     i);
            sl_push(&pages, page);
        }
        cleanup_pages(&pages);
        for (size_t i = 0; i < pages.len; i++) {
            const char *left = strstr(pages.items[i], headers[h]);
            if (i == 0 && h == 0)
                assert_true(left == pages.items[i]);
            else
                assert_null(left);
            assert_non_null(strstr(pages.items[i], "Body text of page"));
        }
        t = cleanup_text(pages.items[1]);
        assert_string_equal(t, "Body text of page 2 goes on.");
        free(t);
        sl_free(&pages);
    }
}

/* A one-page PDF whose text is set in an ICC colour space (an sRGB
 * profile made by Little CMS, as Ofsted's PDFs embed one): malloc()ed,
 * its length in *len. */
static char *pdf_with_icc_colours(const char *words, size_t *len)
{
    cmsHPROFILE srgb = cmsCreate_sRGBProfile();
    cmsUInt32Number icc_len = 0;
    assert_true(cmsSaveProfileToMem(srgb, NULL, &icc_len));
    char *icc = malloc(icc_len);
    assert_true(cmsSaveProfileToMem(srgb, icc, &icc_len));
    cmsCloseProfile(srgb);
    strbuf content, pdf;
    sb_init(&content);
    sb_addf(&content, "/CS0 cs 0.2 0.4 0.6 sc BT /F1 12 Tf 72 720 Td (%s) Tj ET", words);
    sb_init(&pdf);
    size_t at[7];
    sb_adds(&pdf, "%PDF-1.4\n");
    at[1] = pdf.len;
    sb_adds(&pdf, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    at[2] = pdf.len;
    sb_adds(&pdf, "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
    at[3] = pdf.len;
    sb_adds(&pdf, "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
                  "<< /Font << /F1 4 0 R >> /ColorSpace << /CS0 [/ICCBased 5 0 R] >> >> "
                  "/Contents 6 0 R >> endobj\n");
    at[4] = pdf.len;
    sb_adds(&pdf, "4 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n");
    at[5] = pdf.len;
    sb_addf(&pdf, "5 0 obj << /N 3 /Length %u >> stream\n", (unsigned)icc_len);
    sb_add(&pdf, icc, icc_len);
    sb_adds(&pdf, "\nendstream endobj\n");
    at[6] = pdf.len;
    sb_addf(&pdf, "6 0 obj << /Length %zu >> stream\n%s\nendstream endobj\n", content.len,
            content.buf);
    size_t xref = pdf.len;
    sb_adds(&pdf, "xref\n0 7\n0000000000 65535 f \n");
    for (int i = 1; i <= 6; i++)
        sb_addf(&pdf, "%010zu 00000 n \n", at[i]);
    sb_addf(&pdf, "trailer << /Size 7 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    free(icc);
    sb_free(&content);
    *len = pdf.len;
    return sb_steal(&pdf);
}

/* Text set in an ICC colour space is read, with Little CMS's rendering
 * intents replaced for it (lib/read/pdf_colour.c: poppler built colour
 * transforms for every page, most of the time indexing real PDFs): a
 * transform made after a PDF was read maps every colour to zero. */
static void test_pdf_colours_unmanaged(void **state)
{
    (void)state;
    size_t len;
    char *pdf = pdf_with_icc_colours("Colour managed words", &len);
    reader_text rt;
    scr_error err;
    if (reader_parse("icc.pdf", pdf, len, &rt, &err) != SCR_OK)
        fprintf(stderr, "icc.pdf: %s\n", err.message);
    assert_non_null(strstr(rt.text, "Colour managed words"));
    reader_text_free(&rt);
    free(pdf);
    cmsHPROFILE a = cmsCreate_sRGBProfile(), b = cmsCreate_sRGBProfile();
    cmsHTRANSFORM t = cmsCreateTransform(a, TYPE_RGB_8, b, TYPE_RGB_8,
                                         INTENT_RELATIVE_COLORIMETRIC, 0);
    assert_non_null(t);
    unsigned char in[3] = {200, 100, 50}, out[3] = {1, 1, 1};
    cmsDoTransform(t, in, out, 1);
    assert_int_equal(out[0] + out[1] + out[2], 0);
    cmsDeleteTransform(t);
    cmsCloseProfile(a);
    cmsCloseProfile(b);
}

static void test_broken_inputs(void **state)
{
    (void)state;
    reader_text rt;
    scr_error err;
    /* a PDF locked with a password (qpdf), when the fixtures were made */
    if (have_fixtures) {
        char *locked = tu_join(built, "encrypted.pdf");
        assert_int_not_equal(reader_load(locked, &rt, &err), SCR_OK);
        assert_string_equal(err.message, "encrypted PDF (needs a password)");
        free(locked);
    }
    /* a truncated PDF */
    const char trunc[] = "%PDF-1.5\n1 0 obj << /Type /Catalog";
    assert_int_not_equal(reader_parse("t.pdf", trunc, sizeof trunc - 1, &rt, &err), SCR_OK);
    assert_non_null(strstr(err.message, "PDF"));
    /* a zip that is not a Word document, and a corrupt one */
    const char notdocx[] = "PK\x03\x04garbage that is not a zip archive at all";
    assert_int_not_equal(reader_parse("x.docx", notdocx, sizeof notdocx - 1, &rt, &err), SCR_OK);
    assert_non_null(strstr(err.message, "zip"));
    /* binary */
    const char bin[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0";
    assert_int_not_equal(reader_parse("a.txt", bin, sizeof bin - 1, &rt, &err), SCR_OK);
    assert_non_null(strstr(err.message, "binary"));
    assert_int_equal(err.status, SCR_ERR_INPUT);
    /* a zip bomb: word/document.xml declaring 80 MiB */
    char *bomb = tu_join(tmpdir, "bomb.docx");
    int zerr;
    zip_t *z = zip_open(bomb, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    assert_non_null(z);
    size_t big = 80u << 20;
    char *zeros = calloc(1, big);
    zip_source_t *s = zip_source_buffer(z, zeros, big, 0);
    assert_true(zip_file_add(z, "word/document.xml", s, ZIP_FL_OVERWRITE) >= 0);
    assert_int_equal(zip_close(z), 0);
    free(zeros);
    assert_int_not_equal(reader_load(bomb, &rt, &err), SCR_OK);
    assert_non_null(strstr(err.message, "refused"));
    assert_int_equal(err.status, SCR_ERR_LIMIT);
    free(bomb);
    /* malformed HTML still gives its text */
    const char html[] = "<html><body><p>Unclosed <b>bold <div>Early help offer</p></span>";
    assert_int_equal(reader_parse("m.html", html, sizeof html - 1, &rt, &err), SCR_OK);
    assert_non_null(strstr(rt.text, "Early help offer"));
    reader_text_free(&rt);
}

/* Inputs the fuzzers found crashes with (tests/regressions/): each goes
 * through the whole indexing pipeline without a crash. */
static void test_fuzz_regressions(void **state)
{
    (void)state;
    static const char *const found[] = {"pack-empty-title-line.txt", NULL};
    for (size_t i = 0; found[i]; i++) {
        char *rel = tu_join("tests/regressions", found[i]);
        char *path = tu_src_path(rel);
        char *argv[] = {indexer, "--explain", "--format", "json", path, NULL};
        tu_run r;
        tu_exec(argv, NULL, &r);
        if (r.status >= 128)
            fprintf(stderr, "%s: killed by signal %d\n", found[i], r.status - 128);
        assert_true(r.status == 0 || r.status == 3);
        tu_run_free(&r);
        free(rel);
        free(path);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_corpus_without_manifest),
        cmocka_unit_test(test_agenda_pack_items),
        cmocka_unit_test(test_heading_paths),
        cmocka_unit_test(test_short_passages_join),
        cmocka_unit_test(test_fixtures_by_independent_tools),
        cmocka_unit_test(test_web_texts),
        cmocka_unit_test(test_web_page_titles),
        cmocka_unit_test(test_manifest_names_and_bad_date),
        cmocka_unit_test(test_html_without_charset),
        cmocka_unit_test(test_format_by_content_and_clean_text),
        cmocka_unit_test(test_cleanup_on_corpus_noise),
        cmocka_unit_test(test_pdf_colours_unmanaged),
        cmocka_unit_test(test_broken_inputs),
        cmocka_unit_test(test_fuzz_regressions),
    };
    return cmocka_run_group_tests_name("readers", tests, group_setup, group_teardown);
}
