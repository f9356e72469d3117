/* Themes, kinds of passage, acronyms, precedent and recurrence: the
 * taxonomy on its own, then the real programs on the sample corpus and on
 * small documents written here, negatives included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <jansson.h>

#include "analyse.h"
#include "document.h"
#include "segment.h"
#include "taxonomy.h"
#include "testutil.h"
#include "util.h"

static char *tmpdir, *corpusdb, *minidb, *queryer;
static taxonomy *tax;

static const char *const mini[][2] = {
    {"salt-only.txt", "Families waited months for SALT assessments in the borough.\n"},
    {"long-form.txt", "The speech and language therapy service is stretched across the county.\n"},
    {"negatives.txt", "Please send the consultation to every school by Friday.\n\n"
                      "The council defended free speech at the public meeting.\n\n"
                      "Salt was gritted on the roads before the lack of snow.\n"},
    {"sendiass.txt", "SENDIASS advisers supported parents through EHC needs assessments.\n"},
};

static int group_setup(void **state)
{
    (void)state;
    tmpdir = tu_mkdtemp();
    corpusdb = tu_join(tmpdir, "corpus-db");
    minidb = tu_join(tmpdir, "mini-db");
    queryer = tu_build_path("scrutiny-query");
    char *data = tu_src_path("data");
    scr_error err;
    if (taxonomy_load(data, NULL, &tax, &err) != SCR_OK) {
        fprintf(stderr, "%s\n", err.message);
        return -1;
    }
    free(data);
    char *dir = tu_join(tmpdir, "mini");
    int st = tu_index_texts(dir, minidb, mini, sizeof mini / sizeof mini[0]);
    free(dir);
    return st ? st : tu_index_corpus(corpusdb);
}

static int group_teardown(void **state)
{
    (void)state;
    taxonomy_free(tax);
    tu_rmtree(tmpdir);
    free(tmpdir);
    free(corpusdb);
    free(minidb);
    free(queryer);
    return 0;
}

static void query(tu_run *r, const char *db, const char *in, ...)
{
    const char *head[] = {queryer, "--db", db, NULL};
    va_list ap;
    va_start(ap, in);
    tu_vrun(r, in, head, ap);
    va_end(ap);
}

/* The sorted distinct base names of the files of a mini query's hits. */
static char *mini_files_in(const char *match, const char *q, int synonyms)
{
    tu_run r;
    /* passage level: each of these one-paragraph documents has its themes in
     * one passage, fewer than a document needs */
    if (synonyms)
        query(&r, minidb, NULL, "--format", "paths", "--level", "passage", "--match", match, q,
              NULL);
    else
        query(&r, minidb, NULL, "--format", "paths", "--level", "passage", "--match", match,
              "--no-synonyms", q, NULL);
    assert_true(r.status == 0 || r.status == 1);
    strlist names;
    sl_init(&names);
    for (char *p = r.out, *nl; (nl = strchr(p, '\n')); p = nl + 1) {
        *nl = '\0';
        const char *base = strrchr(p, '/');
        sl_push(&names, base ? base + 1 : p);
    }
    for (size_t i = 0; i + 1 < names.len; i++) /* tiny: bubble sort */
        for (size_t j = 0; j + 1 < names.len - i; j++)
            if (strcmp(names.items[j], names.items[j + 1]) > 0) {
                char *t = names.items[j];
                names.items[j] = names.items[j + 1];
                names.items[j + 1] = t;
            }
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < names.len; i++)
        sb_addf(&sb, "%s%s", i ? " " : "", names.items[i]);
    sl_free(&names);
    tu_run_free(&r);
    return sb_steal(&sb);
}

static void assert_mini_in(const char *match, const char *q, int synonyms, const char *want)
{
    char *got = mini_files_in(match, q, synonyms);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "'%s' --match %s%s: got '%s', want '%s'\n", q, match,
                synonyms ? "" : " --no-synonyms", got, want);
    assert_string_equal(got, want);
    free(got);
}

static void assert_mini(const char *q, int synonyms, const char *want)
{
    assert_mini_in("any", q, synonyms, want);
}

static void test_passage_themes(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"Waiting times for EHC plans remain too long.", "send"},
        {"The SENCO network meets each term.", "send"},
        {"Please send the form to the school.", ""},                 /* a verb */
        {"The council defended free speech at the meeting.", ""},    /* not SLC */
        {"Speech and language therapy waiting lists are long.", "speech-language-communication"},
        {"Table salt and SALT are not the same thing.", "speech-language-communication"},
        {"Salt was gritted on the roads.", ""},
        {"The multi-agency safeguarding hub triages referrals.", "safeguarding"},
        /* "partnership" alone weighs 1: not enough */
        {"Governance of the partnership board lacks scrutiny.", "governance"},
        {"Partnership working and joint commissioning are strong.", "partnership"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        strlist th, why;
        sl_init(&th);
        sl_init(&why);
        taxonomy_themes(tax, cases[i].text, &th, &why);
        strbuf sb;
        sb_init(&sb);
        for (size_t j = 0; j < th.len; j++)
            sb_addf(&sb, "%s%s", j ? ";" : "", th.items[j]);
        const char *got = sb.buf ? sb.buf : "";
        if (strcmp(got, cases[i].want) != 0)
            fprintf(stderr, "'%s': got '%s', want '%s'\n", cases[i].text, got, cases[i].want);
        assert_string_equal(got, cases[i].want);
        assert_int_equal(why.len, th.len);
        sb_free(&sb);
        sl_free(&th);
        sl_free(&why);
    }
}

/* A document's themes agree with the passages the index stores (merged):
 * each theme it has is in theme_passages_needed of them, and each theme
 * in that many is its.  Fourteen short paragraphs of one section merge
 * into one passage; one of them is about speech and language: counted on
 * the fourteen before merging (it needed two), the document missed the
 * theme its one stored passage has. */
static void assert_themes_from_stored(const built_doc *d)
{
    for (size_t i = 0; i < d->n_parts; i++) {
        const doc_part *part = &d->parts[i];
        size_t n = part->seg.n_passages, need = theme_passages_needed(n);
        assert_int_equal(part->themes_of, n);
        assert_int_equal(part->themes_needed, need);
        for (size_t k = 0; k < taxonomy_theme_count(tax); k++) {
            const char *slug = taxonomy_theme_slug(tax, k);
            size_t with = 0;
            for (size_t j = 0; j < n; j++)
                with += sl_contains(&part->seg.passages[j].themes, slug) != 0;
            if ((with >= need) != (sl_contains(&part->themes, slug) != 0))
                fprintf(stderr, "%s: theme %s in %zu of %zu stored passages (%zu needed), "
                                "document has it: %d\n",
                        part->rec.id, slug, with, n, need, sl_contains(&part->themes, slug));
            assert_int_equal(with >= need, sl_contains(&part->themes, slug) != 0);
        }
    }
}

static void test_document_themes_from_stored_passages(void **state)
{
    (void)state;
    char *data = tu_src_path("data");
    scr_error err;
    knowledge *k = NULL;
    assert_int_equal(knowledge_load(data, NULL, &k, &err), SCR_OK);
    free(data);
    strbuf text;
    sb_init(&text);
    sb_adds(&text, "Notes of the visit\n\n");
    for (int i = 0; i < 14; i++)
        sb_addf(&text, i == 6 ? "Speech and language therapy waiting lists were noted, %d.\n\n"
                              : "The visitors met staff in room %d and took notes.\n\n",
                i);
    built_doc d;
    assert_int_equal(document_build_from(k, "/notes.txt", text.buf, text.len, NULL, &d, &err), SCR_OK);
    assert_int_equal(d.n_parts, 1);
    assert_true(d.parts[0].seg.n_passages < 12); /* merged: the case this checks */
    assert_themes_from_stored(&d);
    assert_true(sl_contains(&d.parts[0].themes, "speech-language-communication"));
    built_doc_free(&d);
    sb_free(&text);
    /* and every document of the sample corpus */
    char *dir = tu_src_path("corpus");
    static const char *const files[] = {"000_e85d07dccdbcca4e.txt", "001_b2073b80ffbe49dc.txt",
                                        "002_759b29acf5689f57.txt", "003_858577f6889f0cc7.txt",
                                        "004_99a5531b2ffe9930.txt"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *path = tu_join(dir, files[i]);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        strbuf body;
        sb_init(&body);
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0)
            sb_add(&body, buf, n);
        fclose(f);
        assert_int_equal(document_build_from(k, path, body.buf, body.len, NULL, &d, &err), SCR_OK);
        assert_themes_from_stored(&d);
        built_doc_free(&d);
        sb_free(&body);
        free(path);
    }
    free(dir);
    knowledge_free(k);
}

/* The headings that nest under their subject heading are kinds.tsv's:
 * a phrase in the list given nests; the same heading without it replaces
 * the subject heading; and every heading phrase of kinds.tsv is there. */
static void test_kind_headings_from_kinds_tsv(void **state)
{
    (void)state;
    const char *text = "Leadership and management\n\n"
                       "Leaders know their services well and act on what they find in them.\n\n"
                       "Zebra notes\n\n"
                       "Leaders should publish the plan for short breaks by the spring term.\n";
    strlist mine;
    sl_init(&mine);
    sl_push(&mine, "zebra notes");
    segmented seg;
    segment_text(text, &mine, &seg);
    assert_int_equal(seg.n_passages, 2);
    assert_string_equal(seg.passages[1].heading, "Leadership and management > Zebra notes");
    segmented_free(&seg);
    strlist none;
    sl_init(&none);
    segment_text(text, &none, &seg);
    assert_int_equal(seg.n_passages, 2);
    assert_string_equal(seg.passages[1].heading, "Zebra notes");
    segmented_free(&seg);
    sl_free(&mine);
    /* the taxonomy's list: kinds.tsv's heading rows, and only those */
    const strlist *h = taxonomy_kind_headings(tax);
    assert_true(h->len > 20);
    assert_true(sl_contains(h, "areas for development"));
    assert_true(sl_contains(h, "key messages"));
    assert_false(sl_contains(h, "we recommend")); /* a wording row */
}

/* A copy of the data folder, under tmpdir/name, without phrases.tsv:
 * malloc()ed path. */
static char *data_without_phrases(const char *name)
{
    char *dir = tu_join(tmpdir, name), *src = tu_src_path("data");
    char *cp_argv[] = {"/bin/cp", "-r", src, dir, NULL};
    tu_run r;
    tu_exec(cp_argv, NULL, &r);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    char *file = tu_join(dir, "phrases.tsv");
    assert_int_equal(unlink(file), 0);
    free(file);
    free(src);
    return dir;
}

/* The phrases the writer indexes as terms (taxonomy_phrases): every data
 * file's, phrases.tsv's when the folder has one; a phrases.tsv without its
 * column is refused, naming it. */
static void test_phrases_named(void **state)
{
    (void)state;
    const strlist *named = taxonomy_phrases(tax);
    assert_true(sl_contains(named, "special educational needs")); /* a signal */
    assert_true(sl_contains(named, "areas for development"));     /* a kind's */
    assert_true(sl_contains(named, "speech and language therapy")); /* an expansion */
    assert_true(sl_contains(named, "education health and care plans")); /* its plural */
    assert_true(sl_contains(named, "early help"));                /* phrases.tsv */
    char *dir = data_without_phrases("data-phrases");
    char *file = tu_join(dir, "phrases.tsv");
    taxonomy *without = NULL;
    scr_error err;
    assert_int_equal(taxonomy_load(dir, NULL, &without, &err), SCR_OK);
    assert_false(sl_contains(taxonomy_phrases(without), "early help"));
    assert_true(sl_contains(taxonomy_phrases(without), "areas for development"));
    taxonomy_free(without);
    const char bad[] = "words\nearly help\n";
    tu_write(file, bad, sizeof bad - 1);
    assert_int_not_equal(taxonomy_load(dir, NULL, &without, &err), SCR_OK);
    assert_non_null(strstr(err.message, "phrases.tsv: needs a 'phrase' column"));
    free(file);
    free(dir);
}

/* A quoted phrase of the field finds the same documents through its term
 * as through positions: the same texts indexed with phrases.tsv and
 * without it (no "early help" term then) answer the same counts and
 * facets, and the counts are the texts that hold the phrase. */
static void test_phrase_terms_answer_as_positions(void **state)
{
    (void)state;
    static const char *const texts[][2] = {
        {"a.txt", "Early help services reached more families this year.\n"},
        {"b.txt", "The early-help offer was reviewed, and early, help arrived.\n"},
        {"c.txt", "Help came early for some families; care leavers were supported.\n"},
        {"d.txt", "Early and help are far apart here: early support, then help.\n"},
        {"e.txt", "Care leavers and early help: both were areas for development.\n"},
    };
    char *with_dir = tu_join(tmpdir, "phr-with"), *with_db = tu_join(tmpdir, "phr-with-db");
    assert_int_equal(tu_index_texts(with_dir, with_db, texts, sizeof texts / sizeof *texts), 0);
    /* the same texts, with data files that name no "early help" */
    char *data = data_without_phrases("phr-data");
    tu_run r;
    char *without_db = tu_join(tmpdir, "phr-without-db"), *indexer = tu_build_path("scrutiny-index");
    char *ix_argv[] = {indexer, "--quiet", "--data-dir", data, "--db", without_db, with_dir, NULL};
    tu_exec(ix_argv, NULL, &r);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    static const struct { const char *q; const char *count; } asked[] = {
        {"\"early help\"", "3\n"}, /* a, b ("early, help"), e; not the compound alone */
        {"\"early help\" OR \"care leavers\"", "4\n"},
        {"\"care leavers\" NOT \"early help\"", "1\n"},
        {"\"areas for development\" AND \"early help\"", "1\n"},
    };
    for (size_t i = 0; i < sizeof asked / sizeof *asked; i++) {
        tu_run a, b;
        query(&a, with_db, NULL, "--count", asked[i].q, NULL);
        query(&b, without_db, NULL, "--count", asked[i].q, NULL);
        if (strcmp(a.out, asked[i].count) != 0 || strcmp(b.out, asked[i].count) != 0)
            fprintf(stderr, "%s: %s with the term, %s without\n", asked[i].q, a.out, b.out);
        assert_string_equal(a.out, asked[i].count);
        assert_string_equal(b.out, asked[i].count);
        tu_run_free(&a);
        tu_run_free(&b);
        query(&a, with_db, NULL, "--facets", "theme,kind", "--format", "tsv", asked[i].q, NULL);
        query(&b, without_db, NULL, "--facets", "theme,kind", "--format", "tsv", asked[i].q, NULL);
        assert_string_equal(a.out, b.out);
        tu_run_free(&a);
        tu_run_free(&b);
    }
    free(indexer);
    free(without_db);
    free(data);
    free(with_dir);
    free(with_db);
}

static void test_kinds(void **state)
{
    (void)state;
    static const char *const cases[][3] = {
        {"4. SEND > Areas for consideration", "Families are not clear.", "area-for-development"},
        {"Report > 6 Recommendations", "Develop a strategy.", "recommendation"},
        {"Being healthy > For action in the next six months", "Ensure that...", "recommendation"},
        {"Inspection > Strengths", "Leaders know the area.", "strength"},
        {"Letter > Main findings", "Leaders know the area.", "finding"},
        {"Main findings > Areas for improvement", "Plans are weak.", "area-for-development"},
        /* a council's summary of what its reviewers asked it to work on */
        {"Review summary > Areas identified as needing more work", "Too many requests are turned down.",
         "area-for-development"},
        {"Review summary > Areas identified for action", "Waits are long.", "area-for-development"},
        {"Background", "We recommend that the board meets monthly.", "recommendation"},
        {"Background", "The council serves 300,000 people.", "other"},
        /* what follows the last recommendation under its heading: a
         * letter's closing, a signature, contacts, table cells, questions */
        {"Letter > Next steps", "Yours sincerely", "other"},
        {"Letter > Next steps", "Pat Example", "other"},
        {"Letter > Next steps", "Tel: 01234 567890", "other"},
        {"Letter > Next steps", "Write to pat.example@council.example with questions.", "other"},
        {"Report > Recommendations", "48.2%", "other"},
        {"Report > Recommendations", "Sensitivity: OFFICIAL", "other"},
        {"Report > Recommendations", "What are we asking?", "other"},
        {"Report > Recommendations", "Publish the plan by March.", "recommendation"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *why = NULL;
        const char *k = taxonomy_kind(tax, cases[i][0], cases[i][1], &why);
        if (strcmp(k, cases[i][2]) != 0)
            fprintf(stderr, "%s | %s: got %s (%s)\n", cases[i][0], cases[i][1], k, why);
        assert_string_equal(k, cases[i][2]);
        assert_non_null(why);
        free(why);
    }
}

static void test_acronyms(void **state)
{
    (void)state;
    strlist c;
    sl_init(&c);
    taxonomy_concepts(tax, "Please send it. SENDIASS helps.", &c);
    /* "send" is not SEND, and SEND inside SENDIASS is not SEND */
    assert_int_equal(c.len, 1);
    assert_string_equal(c.items[0], "sendiass");
    sl_free(&c);
    /* SALT and SLT share an expansion: one concept, named by the first row */
    taxonomy_concepts(tax, "Our speech and language therapy offer, and a SALT.", &c);
    assert_int_equal(c.len, 1);
    assert_string_equal(c.items[0], "salt");
    sl_free(&c);
    taxonomy_concepts(tax, "An SLT joined.", &c);
    assert_int_equal(c.len, 1);
    assert_string_equal(c.items[0], "salt");
    sl_free(&c);
    /* an acronym that ends in S with its S written small, as its plural
     * is ("CAMHs"), is the acronym; "Camhs" is no acronym */
    taxonomy_concepts(tax, "Waits for CAMHs are long.", &c);
    assert_int_equal(c.len, 1);
    assert_string_equal(c.items[0], "camhs");
    sl_free(&c);
    taxonomy_concepts(tax, "Camhs waits are long.", &c);
    assert_int_equal(c.len, 0);
    sl_free(&c);
    /* a theme's signal typed for a theme, in any case, whole */
    taxonomy_themes_signalled(tax, "camhs", &c);
    assert_int_equal(c.len, 1);
    assert_string_equal(c.items[0], "mental-health");
    sl_free(&c);
    taxonomy_themes_signalled(tax, "camhs waits", &c);
    assert_int_equal(c.len, 0);
    sl_free(&c);
    /* plurals of the acronym and of the long form */
    taxonomy_concepts(tax, "Two EHCPs were late.", &c);
    assert_int_equal(c.len, 1);
    sl_free(&c);
    taxonomy_concepts(tax, "EHC plans were late.", &c);
    assert_int_equal(c.len, 1);
    sl_free(&c);
    /* the programs: either name finds both; --no-synonyms only the words.
     * Every word (--match all), or the acronym for them all: */
    assert_mini_in("all", "speech and language therapy", 1, "long-form.txt salt-only.txt");
    assert_mini_in("all", "speech and language therapy", 0, "long-form.txt");
    /* ranked (the default): any word answers, "free speech" too, but the
     * expansion and the acronym rank first */
    assert_mini("speech and language therapy", 1, "long-form.txt negatives.txt salt-only.txt");
    assert_mini("speech and language therapy", 0, "long-form.txt negatives.txt");
    tu_run r;
    query(&r, minidb, NULL, "--format", "paths", "speech and language therapy", NULL);
    char *neg = strstr(r.out, "negatives.txt");
    assert_non_null(neg);
    assert_non_null(strstr(r.out, "long-form.txt"));
    assert_non_null(strstr(r.out, "salt-only.txt"));
    assert_true(neg > strstr(r.out, "long-form.txt") && neg > strstr(r.out, "salt-only.txt"));
    tu_run_free(&r);
    /* salt: the word as written, and the concept */
    assert_mini("SALT", 1, "long-form.txt negatives.txt salt-only.txt");
    assert_mini("SALT", 0, "negatives.txt salt-only.txt"); /* the word salt, as written */
    /* an acronym quoted alone is the acronym, expansion and all */
    assert_mini("\"SALT\"", 1, "long-form.txt negatives.txt salt-only.txt");
    assert_mini("\"SALT\"", 0, "negatives.txt salt-only.txt");
    assert_mini("\"SALT\" OR SENDIASS", 1, "long-form.txt negatives.txt salt-only.txt sendiass.txt");
    assert_mini("\xe2\x80\x9cSALT\xe2\x80\x9d", 1, "long-form.txt negatives.txt salt-only.txt");
    assert_mini("\"SALT,\"", 1, "long-form.txt negatives.txt salt-only.txt");
    assert_mini("\xe2\x80\x9eSALT\xe2\x80\x9c", 1, "long-form.txt negatives.txt salt-only.txt");
    assert_mini("\xc2\xabSALT\xc2\xbb", 1, "long-form.txt negatives.txt salt-only.txt");
    assert_mini("speech -\"SALT\"", 1, ""); /* as -SALT: the long form too */
    /* touching other text it stays as written; an operator or a word
     * that no row names stays a quoted word */
    assert_mini("\"SALT\"-assessments", 1, "negatives.txt salt-only.txt sendiass.txt");
    tu_run quoted_or;
    query(&quoted_or, minidb, NULL, "--count", "\"OR\"", NULL);
    assert_int_equal(quoted_or.status, 1); /* no match, and no syntax error */
    tu_run_free(&quoted_or);
    assert_mini("\"special educational needs and disabilities\"", 1, "");
    assert_mini("theme:send", 1, "sendiass.txt");
    assert_mini("theme:speech-language-communication", 1, "long-form.txt salt-only.txt");
}

/* kind of every passage of a file under a heading (section: words) */
static void assert_kinds(const char *file, const char *section, const char *kind, int at_least)
{
    char q[256];
    snprintf(q, sizeof q, "file:%s section:%s kind:%s", file, section, kind);
    tu_run r;
    query(&r, corpusdb, NULL, "--count", "--level", "passage", q, NULL);
    int n = atoi(r.out);
    if (n < at_least)
        fprintf(stderr, "%s: %d passages, want %d\n", q, n, at_least);
    assert_true(n >= at_least);
    tu_run_free(&r);
}

static void test_kinds_on_the_corpus(void **state)
{
    (void)state;
    /* the seven recommendations of the Peterborough and Cambridgeshire report */
    assert_kinds("001_b2073b80ffbe49dc.txt", "recommendations", "recommendation", 7);
    /* Wigan 2007: the "For action" items of each outcome */
    assert_kinds("003_858577f6889f0cc7.txt", "\"for action\"", "recommendation", 9);
    /* Wigan 2018: every passage under "Areas for consideration" */
    tu_run r;
    query(&r, corpusdb, NULL, "--count", "--level", "passage",
          "file:000_e85d07dccdbcca4e.txt section:consideration", NULL);
    int all = atoi(r.out);
    tu_run_free(&r);
    assert_true(all >= 8); /* 26 paragraphs and items, joined by section */
    assert_kinds("000_e85d07dccdbcca4e.txt", "consideration", "area-for-development", all);
    /* --facets kind counts documents per kind */
    query(&r, corpusdb, NULL, "--format", "json", "--facets", "kind", "authority:wigan", NULL);
    json_t *o = json_loads(r.out, 0, NULL);
    assert_non_null(o);
    size_t i;
    json_t *v;
    int rec = -1;
    json_array_foreach(json_object_get(json_object_get(o, "facets"), "kind"), i, v)
    {
        if (strcmp(json_string_value(json_object_get(v, "value")), "recommendation") == 0)
            rec = (int)json_integer_value(json_object_get(v, "count"));
    }
    assert_int_equal(rec, 2); /* 000 (next steps) and 003 (for action) */
    json_decref(o);
    tu_run_free(&r);
}

static void test_precedent(void **state)
{
    (void)state;
    char *file = tu_src_path("corpus/000_e85d07dccdbcca4e.txt");
    tu_run r;
    query(&r, corpusdb, NULL, "--format", "json", "--limit", "20", "--similar", file, NULL);
    assert_int_equal(r.status, 0);
    json_t *o = json_loads(r.out, 0, NULL);
    assert_non_null(o);
    assert_true(json_array_size(json_object_get(o, "hits")) > 0);
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(o, "hits"), i, h)
    {
        const char *kind = json_string_value(json_object_get(h, "kind"));
        assert_true(strcmp(kind, "recommendation") == 0 || strcmp(kind, "area-for-development") == 0);
        /* other authorities only */
        assert_string_not_equal(json_string_value(json_array_get(json_object_get(h, "authorities"), 0)),
                                "Wigan");
        assert_non_null(json_object_get(h, "heading"));
        assert_non_null(json_object_get(h, "year"));
    }
    json_decref(o);
    tu_run_free(&r);
    /* like one passage (ID@N): --same-authority keeps Wigan, and the
     * source's own document may answer */
    char at[4096];
    snprintf(at, sizeof at, "%s@28", file); /* an area for development on language */
    query(&r, corpusdb, NULL, "--format", "tsv", "--fields", "id,authority,kind", "--limit", "30",
          "--similar", at, NULL);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "\tWigan\t"));
    tu_run_free(&r);
    query(&r, corpusdb, NULL, "--format", "tsv", "--fields", "id,authority,kind", "--limit", "30",
          "--same-authority", "--similar", at, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\tWigan\t"));
    assert_non_null(strstr(r.out, "003_858577f6889f0cc7.txt\t"));
    tu_run_free(&r);
    /* never the source passage itself, at either level; its document's
     * other passages may answer */
    for (int level = 0; level < 2; level++) {
        query(&r, corpusdb, NULL, "--format", "tsv", "--fields", "id,passage", "--limit", "100",
              "--level", level ? "passage" : "document", "--same-authority", "--similar", at,
              NULL);
        assert_int_equal(r.status, 0);
        assert_null(strstr(r.out, "000_e85d07dccdbcca4e.txt\t28\n"));
        assert_non_null(strstr(r.out, "000_e85d07dccdbcca4e.txt\t"));
        tu_run_free(&r);
    }
    /* re-ranked by its passages (hits.c), precedent still pages as one
     * list: three pages of three are the first nine */
    query(&r, corpusdb, NULL, "--format", "tsv", "--fields", "id,passage", "--limit", "9",
          "--like", "waiting times for speech therapy and training for staff", NULL);
    assert_int_equal(r.status, 0);
    char *whole = r.out;
    r.out = NULL;
    tu_run_free(&r);
    strbuf paged;
    sb_init(&paged);
    for (int page = 0; page < 3; page++) {
        char offset[8];
        snprintf(offset, sizeof offset, "%d", 3 * page);
        query(&r, corpusdb, NULL, "--format", "tsv", "--fields", "id,passage", "--limit", "3",
              "--offset", offset, "--like",
              "waiting times for speech therapy and training for staff", NULL);
        assert_int_equal(r.status, 0);
        const char *rows = strchr(r.out, '\n'); /* past the header */
        if (page == 0)
            sb_addf(&paged, "%.*s", (int)(rows - r.out + 1), r.out);
        sb_addf(&paged, "%s", rows + 1);
        tu_run_free(&r);
    }
    assert_true(strchr(whole, '\n') != strrchr(whole, '\n')); /* some hits */
    assert_string_equal(paged.buf, whole);
    sb_free(&paged);
    free(whole);
    /* --like - reads the text; an authority it names is its own */
    query(&r, corpusdb,
          "In Wigan, families wait too long for speech and language therapy and EHC plans.",
          "--format", "tsv", "--fields", "authority,kind", "--like", "-", NULL);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "Wigan"));
    assert_non_null(strstr(r.out, "recommendation"));
    tu_run_free(&r);
    query(&r, corpusdb, NULL, "--similar", "/no/such/document.txt", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "no document"));
    tu_run_free(&r);
    free(file);
}

/* --similar DOCUMENT: what was recommended elsewhere on its problems.
 * The document stands for its recommendations and areas for development
 * (precedent.c, searcher_like), not its whole text, whose best expansion
 * words were the words only it has (names, a telephone number): one
 * document answered, and --same-authority found no other Wigan one. */
static void test_similar_document(void **state)
{
    (void)state;
    char *file = tu_src_path("corpus/000_e85d07dccdbcca4e.txt");
    tu_run r;
    query(&r, corpusdb, NULL, "--format", "paths", "--limit", "30", "--similar", file, NULL);
    assert_int_equal(r.status, 0);
    size_t lines = 0;
    for (const char *p = r.out; (p = strchr(p, '\n')); p++)
        lines++;
    if (lines < 2)
        fprintf(stderr, "--similar %s: %s\n", file, r.out);
    assert_true(lines >= 2); /* 001 and 004: Wolverhampton's early years review */
    tu_run_free(&r);
    /* --same-authority keeps Wigan (but never the source itself) */
    query(&r, corpusdb, NULL, "--format", "tsv", "--fields", "id,authority", "--limit", "30",
          "--same-authority", "--similar", file, NULL);
    assert_non_null(strstr(r.out, "\tWigan\n"));
    assert_null(strstr(r.out, "000_e85d07dccdbcca4e.txt\t"));
    tu_run_free(&r);
    /* exit statuses as a search's: a source not there is nothing found
     * (1); a filter naming nothing is an error (2), though its message
     * starts with "no " too */
    char *absent = tu_src_path("corpus/no-such-document.txt");
    query(&r, corpusdb, NULL, "--similar", absent, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "no document"));
    tu_run_free(&r);
    query(&r, corpusdb, NULL, "--similar", file, "authority:nowhereville", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "no authority 'nowhereville'"));
    tu_run_free(&r);
    free(absent);
    free(file);
}

/* Every cell of --matrix theme,authority for query agrees with a search
 * for query and its two values, and so does the number of documents;
 * returns that number.  (The cells come from the facet values' sets where
 * the query's matches are a set of postings or a phrase matched whole, and
 * from each match's values, counted as Xapian visits it, where a phrase
 * is narrowed by a filter: lib/search/matrix.c.) */
static long matrix_agrees(const char *query_text)
{
    tu_run r;
    query(&r, corpusdb, NULL, "--format", "json", "--matrix", "theme,authority", query_text,
          NULL);
    assert_int_equal(r.status, 0);
    json_t *m = json_loads(r.out, 0, NULL);
    assert_non_null(m);
    size_t i, cells = 0;
    json_t *c;
    json_array_foreach(json_object_get(m, "cells"), i, c)
    {
        char q[512];
        snprintf(q, sizeof q, "%s theme:%s authority:%s", query_text,
                 json_string_value(json_object_get(c, "row")),
                 json_string_value(json_object_get(c, "column")));
        tu_run k;
        query(&k, corpusdb, NULL, "--count", q, NULL);
        assert_int_equal(atoi(k.out), (int)json_integer_value(json_object_get(c, "count")));
        tu_run_free(&k);
        cells += json_integer_value(json_object_get(c, "count")) > 0;
    }
    tu_run k;
    query(&k, corpusdb, NULL, "--count", query_text, NULL);
    long documents = (long)json_integer_value(json_object_get(m, "documents"));
    assert_int_equal(atol(k.out), documents);
    assert_true(documents == 0 || cells > 0);
    tu_run_free(&k);
    json_decref(m);
    tu_run_free(&r);
    return documents;
}

static void test_matrix_and_recurring(void **state)
{
    (void)state;
    tu_run r;
    assert_int_equal(matrix_agrees(""), 11);
    assert_true(matrix_agrees("recommendation") > 0);
    assert_true(matrix_agrees("\"speech and language\"") > 0);
    assert_true(matrix_agrees("\"speech and language\" authority:wigan") > 0);
    assert_true(matrix_agrees("therapy OR \"early years\"") > 0);
    size_t i;
    json_t *c;
    /* TSV: a header of authorities, a row per theme, totals last */
    query(&r, corpusdb, NULL, "--format", "tsv", "--matrix", "kind,year", "authority:wigan", NULL);
    assert_true(strncmp(r.out, "kind\t", 5) == 0);
    assert_non_null(strstr(r.out, "\ttotal\n"));
    tu_run_free(&r);
    /* years run in order across the table (2019 has the most documents),
     * and down it */
    query(&r, corpusdb, NULL, "--format", "tsv", "--matrix", "type,year", NULL);
    assert_true(strncmp(r.out, "type\t2007\t2018\t2019\ttotal\n", 26) == 0);
    tu_run_free(&r);
    query(&r, corpusdb, NULL, "--format", "json", "--matrix", "year,type", NULL);
    json_t *m = json_loads(r.out, 0, NULL);
    json_t *rows = json_object_get(m, "row_values");
    assert_int_equal(json_array_size(rows), 3);
    for (i = 1; i < json_array_size(rows); i++)
        assert_true(strcmp(json_string_value(json_object_get(json_array_get(rows, i - 1), "value")),
                           json_string_value(json_object_get(json_array_get(rows, i), "value"))) < 0);
    json_decref(m);
    tu_run_free(&r);
    /* --recurring: themes by the number of authorities, with years */
    query(&r, corpusdb, NULL, "--format", "json", "--recurring", "theme", NULL);
    json_t *rec = json_loads(r.out, 0, NULL);
    assert_non_null(rec);
    json_t *first = json_array_get(rec, 0);
    assert_int_equal(json_integer_value(json_object_get(first, "authorities")), 4);
    json_t *last = json_array_get(rec, json_array_size(rec) - 1);
    assert_true(json_integer_value(json_object_get(last, "authorities")) <=
                json_integer_value(json_object_get(first, "authorities")));
    int looked_after = 0;
    json_array_foreach(rec, i, c)
    {
        if (strcmp(json_string_value(json_object_get(c, "value")), "looked-after-children") == 0) {
            looked_after = 1;
            assert_int_equal(json_integer_value(json_object_get(c, "authorities")),
                             (json_int_t)json_array_size(json_object_get(c, "authority_list")));
            assert_true(json_array_size(json_object_get(c, "years")) >= 1);
        }
    }
    assert_true(looked_after);
    json_decref(rec);
    tu_run_free(&r);
    query(&r, corpusdb, NULL, "--matrix", "theme", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "two facets"));
    tu_run_free(&r);
}

/* --matrix totals count each document once: a joint review counts once
 * in a theme's total, not once per authority (query/cmd_matrix.c sums
 * the cells: a known bug, kept as a test of the documented behaviour). */
/* The JSON of --matrix sides over the sample corpus, for query (NULL:
 * all documents). */
static json_t *matrix_json(const char *sides, const char *q)
{
    tu_run r;
    query(&r, corpusdb, NULL, "--format", "json", "--matrix", sides, q, NULL);
    assert_int_equal(r.status, 0);
    json_t *m = json_loads(r.out, 0, NULL);
    assert_non_null(m);
    tu_run_free(&r);
    return m;
}

/* The cells of --matrix sides for "council", "row column count" a line,
 * sorted; transposed: "column row count". malloc()ed. */
static char *matrix_cells(const char *sides, int transposed)
{
    json_t *m = matrix_json(sides, "council");
    strlist l;
    sl_init(&l);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(m, "cells"), i, c)
    {
        const char *row = json_string_value(json_object_get(c, "row")),
                   *col = json_string_value(json_object_get(c, "column"));
        char line[256];
        snprintf(line, sizeof line, "%s %s %lld", transposed ? col : row, transposed ? row : col,
                 (long long)json_integer_value(json_object_get(c, "count")));
        sl_push(&l, line);
    }
    json_decref(m);
    char *out = tu_sorted_lines(&l);
    sl_free(&l);
    return out;
}

/* A kind side of --matrix counts as kind:'s filter does, with the
 * query's words in a passage of the kind: each cell is what adding both
 * filters to the query finds (a document with a passage of the kind
 * anywhere had been counted, so that a row's cell could exceed its
 * total). */
static void test_matrix_kind_cells_are_filters(void **state)
{
    (void)state;
    /* kind on either side (on the second, its cells had come out of
     * order, and a table found most of them missing) */
    static const char *const sides[][3] = {{"kind,theme", "kind", "theme"},
                                           {"theme,kind", "theme", "kind"}};
    for (size_t s = 0; s < 2; s++) {
        json_t *m = matrix_json(sides[s][0], "council");
        size_t i, checked = 0;
        json_t *c;
        int wrong = 0;
        json_array_foreach(json_object_get(m, "cells"), i, c)
        {
            char q[256];
            snprintf(q, sizeof q, "(council) %s:%s %s:%s", sides[s][1],
                     json_string_value(json_object_get(c, "row")), sides[s][2],
                     json_string_value(json_object_get(c, "column")));
            tu_run k;
            query(&k, corpusdb, NULL, "--count", q, NULL);
            long want = atol(k.out);
            long got = (long)json_integer_value(json_object_get(c, "count"));
            if (got != want) {
                fprintf(stderr, "--matrix %s council: %s cell %ld, --count %ld\n", sides[s][0],
                        q, got, want);
                wrong++;
            }
            checked++;
            tu_run_free(&k);
        }
        json_decref(m);
        assert_true(checked > 3);
        assert_int_equal(wrong, 0);
    }
    /* a quote left open is closed before the filter is added, which it
     * had taken into its phrase: no cell over its row's total */
    json_t *m = matrix_json("kind,theme", "council \"speech");
    json_t *rows = json_object_get(m, "row_values"), *c;
    size_t i, over = 0, cells = 0;
    json_array_foreach(json_object_get(m, "cells"), i, c)
    {
        size_t j;
        json_t *r;
        json_array_foreach(rows, j, r)
        {
            if (strcmp(json_string_value(json_object_get(r, "value")),
                       json_string_value(json_object_get(c, "row"))) == 0)
                over += json_integer_value(json_object_get(c, "count")) >
                        json_integer_value(json_object_get(r, "count"));
        }
        cells++;
    }
    json_decref(m);
    assert_true(cells > 0);
    assert_int_equal(over, 0);
    /* and either way round, the same cells */
    char *kt = matrix_cells("kind,theme", 0), *tk = matrix_cells("theme,kind", 1);
    assert_string_equal(tk, kt);
    free(kt);
    free(tk);
}

static void test_matrix_totals(void **state)
{
    (void)state;
    json_t *m = matrix_json("theme,authority", NULL);
    size_t i;
    json_t *v;
    int wrong = 0;
    json_array_foreach(json_object_get(m, "row_values"), i, v)
    {
        char q[256];
        snprintf(q, sizeof q, "theme:%s", json_string_value(json_object_get(v, "value")));
        tu_run k;
        query(&k, corpusdb, NULL, "--count", q, NULL);
        long want = atol(k.out);
        long got = (long)json_integer_value(json_object_get(v, "count"));
        if (got != want) {
            fprintf(stderr, "--matrix theme,authority: %s total %ld, --count %ld\n", q, got,
                    want);
            wrong++;
        }
        tu_run_free(&k);
    }
    json_decref(m);
    assert_int_equal(wrong, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_passage_themes),
        cmocka_unit_test(test_document_themes_from_stored_passages),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_kind_headings_from_kinds_tsv),
        cmocka_unit_test(test_phrases_named),
        cmocka_unit_test(test_phrase_terms_answer_as_positions),
        cmocka_unit_test(test_acronyms),
        cmocka_unit_test(test_kinds_on_the_corpus),
        cmocka_unit_test(test_precedent),
        cmocka_unit_test(test_similar_document),
        cmocka_unit_test(test_matrix_and_recurring),
        cmocka_unit_test(test_matrix_totals),
        cmocka_unit_test(test_matrix_kind_cells_are_filters),
    };
    return cmocka_run_group_tests_name("themes", tests, group_setup, group_teardown);
}
