/* The gazetteer (data/authorities.tsv, lib/analyse/gazetteer.c): that the
 * file knows every English authority with children's services, and that
 * the forms people write of them (past names, town halls, "X MBC") look up
 * the right one while a town alone does not.  How documents use them is in
 * test-understand.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gazetteer.h"
#include "testutil.h"
#include "util.h"

static gazetteer *g;

/* The file itself, through the loader the indexer uses. */
static int group_setup(void **state)
{
    (void)state;
    char *path = tu_src_path("data/authorities.tsv");
    scr_error err;
    int rc = gazetteer_load(path, &g, &err);
    if (rc != 0)
        fprintf(stderr, "%s\n", err.message);
    free(path);
    return rc;
}

static int group_teardown(void **state)
{
    (void)state;
    gazetteer_free(g);
    return 0;
}

static int has_value(const char *list, const char *v)
{
    strlist l;
    sl_init(&l);
    sl_split(&l, list, ';');
    int has = sl_contains(&l, v) != 0;
    sl_free(&l);
    return has;
}

/* The 153 upper-tier authorities of 2023, each with its own ONS and DfE
 * code; the former ones with the year they ended and known successors. */
static void test_every_authority(void **state)
{
    (void)state;
    size_t current = 0, london = 0, met = 0, unitary = 0, county = 0;
    for (size_t i = 0; i < gazetteer_size(g); i++) {
        const authority *a = gazetteer_get(g, i);
        if (a->until) {
            assert_true(a->until >= 1998 && a->until <= 2023);
            continue;
        }
        current++;
        london += strcmp(a->kind, "london-borough") == 0;
        met += strcmp(a->kind, "metropolitan-borough") == 0;
        unitary += strcmp(a->kind, "unitary") == 0;
        county += strcmp(a->kind, "county") == 0;
        assert_true(a->ons[0] == 'E' && a->dfe[0] >= '2' && a->dfe[0] <= '9');
        /* no two current authorities share a code */
        for (size_t j = 0; j < i; j++) {
            const authority *b = gazetteer_get(g, j);
            if (b->until)
                continue;
            char first[16];
            snprintf(first, sizeof first, "%.*s", (int)strcspn(a->ons, ";"), a->ons);
            assert_false(has_value(b->ons, first));
            snprintf(first, sizeof first, "%.*s", (int)strcspn(a->dfe, ";"), a->dfe);
            assert_false(has_value(b->dfe, first));
        }
    }
    assert_int_equal(current, 153);
    assert_int_equal(london, 33); /* 32 boroughs and the City */
    assert_int_equal(met, 36);
    assert_int_equal(county, 21);
    assert_int_equal(unitary, 63); /* with the Isles of Scilly */
    const authority *beds = gazetteer_lookup(g, "Bedfordshire County Council");
    assert_non_null(beds);
    assert_int_equal(beds->until, 2009);
    assert_true(has_value(beds->successors, "central-bedfordshire"));
    const authority *cumbria = gazetteer_lookup(g, "Cumbria County Council");
    assert_non_null(cumbria);
    assert_true(has_value(cumbria->successors, "westmorland-and-furness"));
}

static const char *slug_of(const char *name)
{
    const authority *a = gazetteer_lookup(g, name);
    return a ? a->slug : "";
}

/* Names, past names and usual forms look up; a town alone does not. */
static void test_lookup_forms(void **state)
{
    (void)state;
    assert_string_equal(slug_of("Royal Borough of Windsor and Maidenhead"),
                        "windsor-and-maidenhead");
    assert_string_equal(slug_of("Knowsley MBC"), "knowsley");
    /* the ONS's inverted names, with the comma or without (a query's
     * commas are spaces by the time a filter's value is looked up) */
    assert_string_equal(slug_of("Bristol, City of"), "bristol");
    assert_string_equal(slug_of("Herefordshire, County of"), "herefordshire");
    assert_string_equal(slug_of("Kingston upon Hull, City of"), "kingston-upon-hull");
    assert_string_equal(slug_of("bristol  city of"), "bristol");
    assert_string_equal(slug_of(", City of"), "");
    assert_string_equal(slug_of("City of"), "");
    assert_string_equal(slug_of("London Borough of Tower Hamlets"), "tower-hamlets");
    assert_string_equal(slug_of("Westmorland and Furness Council"), "westmorland-and-furness");
    assert_string_equal(slug_of("Bournemouth, Christchurch and Poole Council"),
                        "bournemouth-christchurch-and-poole");
    assert_string_equal(slug_of("Cheshire County Council"), "cheshire");
    assert_string_equal(slug_of("Wallasey Town Hall"), "wirral");
    assert_string_equal(slug_of("County Hall, Trowbridge"), "wiltshire");
    assert_string_equal(slug_of("Maidenhead"), "");
    /* a town that is an authority's name is that authority's */
    assert_string_equal(slug_of("Derby"), "derby");
    assert_string_equal(slug_of("Bedford"), "bedford");
}

/* A council form and a town that is also an authority's name (Derby, not
 * a town of Derbyshire) name one authority, once each. */
static void test_town_that_is_a_name(void **state)
{
    (void)state;
    mention *m;
    size_t n = gazetteer_find_places(g, "Derby City Council met in Derby.", &m);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(gazetteer_get(g, m[i].authority)->slug, "derby");
    assert_int_equal(m[0].how, MENTION_COUNCIL);
    free(m);
}

/* District councils (data/districts.tsv) have no children's services, but
 * their own pages and reviews are about them: their council forms name
 * the district, whose county is an authority of the gazetteer, while the
 * town alone and the county's own buildings there stay the county's. */
static void test_districts(void **state)
{
    (void)state;
    char *path = tu_src_path("data/authorities.tsv"), *dpath = tu_src_path("data/districts.tsv");
    gazetteer *d = NULL;
    scr_error err;
    assert_int_equal(gazetteer_load(path, &d, &err), SCR_OK);
    assert_int_equal(gazetteer_add_districts(d, dpath, &err), SCR_OK);
    size_t districts = 0, current = 0;
    for (size_t i = 0; i < gazetteer_size(d); i++) {
        const authority *a = gazetteer_get(d, i);
        if (strcmp(a->kind, KIND_DISTRICT) != 0)
            continue;
        districts++;
        current += a->until == 0;
        const authority *county = gazetteer_lookup(d, a->county);
        assert_non_null(county);
        assert_string_not_equal(county->kind, KIND_DISTRICT);
        assert_true(a->strict);
    }
    assert_int_equal(current, 164); /* the non-metropolitan districts of 2023 */
    assert_true(districts > current);
    const authority *a = gazetteer_lookup(d, "Chelmsford City Council");
    assert_non_null(a);
    assert_string_equal(a->slug, "chelmsford");
    assert_string_equal(a->county, "essex");
    a = gazetteer_lookup(d, "Basildon District Council");
    assert_non_null(a);
    assert_string_equal(a->slug, "basildon");
    a = gazetteer_lookup(d, "County Hall, Chelmsford");
    assert_non_null(a);
    assert_string_equal(a->slug, "essex");
    /* the bare name in prose names nobody: it is mostly a town */
    mention *m;
    size_t n = gazetteer_find(d, "The families met in Chelmsford and Harlow.", &m);
    assert_int_equal(n, 0);
    free(m);
    /* a former district: its year and its successor */
    a = gazetteer_lookup(d, "Harrogate Borough Council");
    assert_non_null(a);
    assert_int_equal(a->until, 2023);
    assert_string_equal(a->successors, "north-yorkshire");
    gazetteer_free(d);
    free(path);
    free(dpath);
}

/* A file whose successors name no authority of it is refused, naming the
 * file and the cause. */
static void test_bad_successor(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    char *path = tu_join(dir, "authorities.tsv");
    const char *tsv = "slug\tname\tuntil\tsuccessors\nold\tOld Shire\t2009\tnew-shire\n";
    tu_write(path, tsv, strlen(tsv));
    gazetteer *bad = NULL;
    scr_error err;
    assert_int_not_equal(gazetteer_load(path, &bad, &err), SCR_OK);
    assert_non_null(strstr(err.message, path));
    assert_non_null(strstr(err.message, "new-shire"));
    tu_rmtree(dir);
    free(path);
    free(dir);
}

/* A user's file may give any number of variants: the table grows. */
static void test_many_variants(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    char *path = tu_join(dir, "authorities.tsv");
    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "slug\tname\tvariants\nwide-shire\tWide Shire\t");
    for (int i = 0; i < 2000; i++)
        sb_addf(&sb, "%sHamlet Number %d", i ? ";" : "", i);
    sb_adds(&sb, "\n");
    tu_write(path, sb.buf, sb.len);
    gazetteer *wide = NULL;
    scr_error err;
    assert_int_equal(gazetteer_load(path, &wide, &err), SCR_OK);
    const authority *a = gazetteer_lookup(wide, "Hamlet Number 1999 Council");
    assert_non_null(a);
    assert_string_equal(a->slug, "wide-shire");
    gazetteer_free(wide);
    sb_free(&sb);
    tu_rmtree(dir);
    free(path);
    free(dir);
}

/* What a person writes (a --like text): a name that is also an everyday
 * word counts as a proper noun within a sentence, not as its first word;
 * in a document it needs its council's form (gazetteer_find). */
static void test_written_names(void **state)
{
    (void)state;
    const char *text = "In Bury, families wait. Reading the plans, we saw delays in Reading.";
    mention *m;
    size_t n = gazetteer_find_written(g, text, &m);
    assert_int_equal(n, 2);
    assert_string_equal(gazetteer_get(g, m[0].authority)->slug, "bury");
    assert_string_equal(gazetteer_get(g, m[1].authority)->slug, "reading");
    assert_true(m[1].offset > (size_t)(strstr(text, "delays") - text));
    free(m);
    assert_int_equal(gazetteer_find(g, text, &m), 0);
    free(m);
    /* a paragraph's first word, after a blank line, begins a sentence */
    assert_int_equal(gazetteer_find_written(g, "Delays.\n\nReading plans late", &m), 0);
    free(m);
    assert_int_equal(gazetteer_find_written(g, "Reading the plans", &m), 0);
    free(m);
    /* a line's first word (a heading, an item), a quote's or bracket's */
    assert_int_equal(gazetteer_find_written(g, "Delays\nReading plans late", &m), 0);
    free(m);
    assert_int_equal(gazetteer_find_written(g, "They said: (Reading the plans", &m), 0);
    free(m);
    assert_int_equal(gazetteer_find_written(g, "Late. \u201cReading them took weeks", &m), 0);
    free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_authority),  cmocka_unit_test(test_lookup_forms),
        cmocka_unit_test(test_town_that_is_a_name), cmocka_unit_test(test_bad_successor),
        cmocka_unit_test(test_many_variants), cmocka_unit_test(test_districts),
        cmocka_unit_test(test_written_names),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
