/* What a document is, who it is about, who wrote it and when: the
 * analysers (lib/analyse/analyse.c) on small documents written here, one per class
 * of failure seen on real documents (doc/scrutiny-index.1, --explain).
 * The texts are shaped like the readers' clean text: paragraphs apart by
 * a blank line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "analyse.h"
#include "document.h"
#include "segment.h"
#include "taxonomy.h"
#include "testutil.h"
#include "util.h"

static knowledge *k;

static int group_setup(void **state)
{
    (void)state;
    char *data = tu_src_path("data");
    scr_error err;
    int rc = knowledge_load(data, NULL, &k, &err);
    if (rc != 0)
        fprintf(stderr, "%s\n", err.message);
    free(data);
    return rc;
}

static int group_teardown(void **state)
{
    (void)state;
    knowledge_free(k);
    return 0;
}

/* Some paragraphs of plain findings that name nobody, to put words
 * between a document's start and its end. */
static void add_filler(strbuf *sb, int paragraphs)
{
    for (int i = 0; i < paragraphs; i++)
        sb_adds(sb, "Social workers visit the families they support often enough, and what "
                    "they record shows that they know the children well. Plans are reviewed "
                    "on time, although a few of them say too little about what should change "
                    "and by when, which makes progress hard to judge.\n\n");
}

static char *publishers(const analysis *a)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < a->publishers.len; i++)
        sb_addf(&sb, "%s%s", i ? "+" : "", a->publishers.items[i]);
    return sb_steal(&sb);
}

static void check(const char *text, const char *doctype, const char *publisher)
{
    analysis a;
    analyse_document(k, text, NULL, &a);
    char *p = publishers(&a);
    if (doctype)
        assert_string_equal(a.doctype, doctype);
    if (publisher)
        assert_string_equal(p, publisher);
    free(p);
    analysis_free(&a);
}

/* An inspectorate's report whose name is a logo (an image): the text names
 * it only in its colophon, at the end. */
/* text built as the indexer builds a file of that name, its one part. */
static const doc_part *built_text(const char *name, const char *text, built_doc *d)
{
    scr_error err;
    assert_int_equal(document_build_from(k, name, text, strlen(text), NULL, d, &err), SCR_OK);
    assert_true(d->n_parts >= 1);
    return &d->parts[0];
}

static void test_publisher_in_the_footer(void **state)
{
    (void)state;
    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "Children's homes across England: what we saw this year\n\n");
    add_filler(&sb, 20);
    sb_adds(&sb, "Find our other reports at reports.ofsted.gov.uk or write to "
                 "enquiries@ofsted.gov.uk for a large-print copy.\n\n");
    check(sb.buf, NULL, "Ofsted");
    sb_free(&sb);
}

/* A local area SEND inspection is the joint work of Ofsted and the CQC,
 * whichever of them the first page names more. */
static void test_area_send_is_joint(void **state)
{
    (void)state;
    check("Area SEND inspection of Wigan Local Area Partnership\n\n"
          "Inspection dates: 4 to 8 March 2024\n\n"
          "The Care Quality Commission inspectors looked at health services; the CQC "
          "met the integrated care board.\n\n"
          "Leaders know the area well and have plans that families trust.\n",
          "send-inspection", "Ofsted+CQC");
}

/* A focused visit names the inspection framework it is carried out under;
 * a full inspection mentions the focused visit before it.  What a report
 * says it is comes first; a title broken in two still names the kind. */
static void test_focused_visit_or_full_inspection(void **state)
{
    (void)state;
    check("Piccadilly Gate\n\nStore Street\n\nManchester M1 2WD\n\n2 May 2023\n\n"
          "Ms Ann Example\n\n"
          "This letter sets out what inspectors found at the focused visit to Rotherham "
          "children's services on 4 and 5 April 2023, carried out under the framework "
          "for the inspection of local authority children's services (ILACS).\n\n"
          "Leaders have kept caseloads manageable.\n",
          "focused-visit", "Ofsted");
    check("Inspection of Rotherham Metropolitan\n\nBorough Council children's services\n\n"
          "Inspection dates: 6 to 17 March 2023\n\n"
          "Since the focused visit of 2021, leaders have improved the front door.\n",
          "ilacs-inspection", "Ofsted");
}

/* Minutes and committee reports that discuss an inspection or a review
 * are minutes and committee reports, written by the council. */
static void test_genre_before_subject(void **state)
{
    (void)state;
    check("Agenda item\n\nAnnual performance assessment 2008\n\nMinutes:\n\n"
          "The Board received the annual performance assessment letter that Ofsted sent "
          "after its review of the year. Members asked how inspectors had reached their "
          "grade for staying safe.\n",
          "committee-minutes", "Council");
    check("Children and Young People Scrutiny Committee\n\n"
          "Report of the Director of Children's Services\n\n"
          "Purpose of report\n\n"
          "To tell the committee what the Local Government Association's peer review team "
          "found when it visited in June, and what the council will do next.\n",
          "committee-report", "Council");
}

/* A page that comes round to an inspection only after its start is about
 * it, not it. */
static void test_mentioned_late(void **state)
{
    (void)state;
    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "Help for families of disabled children\n\n");
    add_filler(&sb, 6);
    sb_adds(&sb, "Our last SEND inspection found that families wait too long, and the plan "
                 "below sets out what we are doing about it.\n");
    check(sb.buf, "other", NULL);
    sb_free(&sb);
}

/* A news item about an inspection is news.  Its publisher is its council
 * when the council speaks in it, else nobody the vocabularies know. */
static void test_news_items(void **state)
{
    (void)state;
    check("Inspectors praise service for care leavers\n\n"
          "Ofsted inspectors rated the county's help for care leavers good, two years after "
          "calling it inadequate.\n\n"
          "Picture: a young person at a drop-in centre\n\n"
          "Related articles\n",
          "news", "");
    check("Council welcomes good rating from Ofsted\n\n"
          "Ofsted inspectors rated the county's help for care leavers good.\n\n"
          "Councillor Ann Example, cabinet member for children, said the staff had earned it.\n\n"
          "Press release\n",
          "news", "Council");
    /* a council's press release: its cabinet member speaks */
    check("Fostering service rated good\n\n"
          "Inspectors found that foster carers are well trained and well supported.\n\n"
          "Councillor Sam Example, Cabinet Member for Children and Families, said: "
          "\"This is the work of our carers.\"\n",
          "news", "Council");
    /* a page's embedded film is a news item's mark too */
    check("Children's services rated good\n\n"
          "Inspectors rated the council's children's services good after a four-week visit.\n\n"
          "Video: the director talks about the rating\n\n"
          "Inspectors praised the work to keep children safe.\n",
          "news", NULL);
}

static int by_name(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The authorities found in a page saved from src (or NULL), in
 * alphabetical order, ';' between them. */
static char *authorities_from(const char *text, const char *src)
{
    analysis a;
    analyse_document_from(k, text, NULL, src, &a);
    if (a.authorities.len) /* qsort takes no NULL, even for nothing */
        qsort(a.authorities.items, a.authorities.len, sizeof *a.authorities.items, by_name);
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < a.authorities.len; i++)
        sb_addf(&sb, "%s%s", i ? ";" : "", a.authorities.items[i]);
    analysis_free(&a);
    return sb_steal(&sb);
}

static char *authorities(const char *text) { return authorities_from(text, NULL); }

static void check_authorities(const char *text, const char *want)
{
    char *got = authorities(text);
    assert_string_equal(got, want);
    free(got);
}

/* Where an authority is named counts more than how often: once in the
 * title, once as "the X Local Area" or "X County Council" at the start. */
static void test_one_clear_mention(void **state)
{
    (void)state;
    /* Bury is also an everyday word: "Bury local authority" is the name */
    check_authorities("Focused visit to Bury local authority children's services\n\n"
                      "Inspectors looked at help for children at risk of exploitation.\n",
                      "Bury");
    check_authorities("Inspection outcome\n\n"
                      "The Tower Hamlets Local Area was visited by inspectors from two "
                      "inspectorates in the spring.\n\n"
                      "Waiting times for therapy have come down this year.\n",
                      "Tower Hamlets");
    check_authorities("Improvement notice issued\n\n"
                      "Ministers told Gloucestershire County Council to improve its "
                      "children's services within a year.\n\n"
                      "An adviser will report every six months.\n",
                      "Gloucestershire");
    /* a bare name said once in passing is not enough */
    check_authorities("Improvement notices\n\n"
                      "Ministers now use improvement notices more often; Somerset had one.\n",
                      "");
}

/* The inspectorates' own addresses never count: Ofsted's letters are sent
 * from Manchester whatever they are about. */
static void test_inspectorate_addresses(void **state)
{
    (void)state;
    check_authorities("Piccadilly Gate\n\nStore Street\n\nManchester\n\nM1 2WD\n\n"
                      "Our reports for this year\n\n"
                      "The Manchester office printed this summary of what inspectors found "
                      "in children's homes.\n",
                      "");
}

/* Several authorities named together at the start are all the subject. */
static void test_named_together(void **state)
{
    (void)state;
    check_authorities("Three councils told to improve SEND services\n\n"
                      "Oxfordshire, Oldham and Plymouth were found to have widespread "
                      "failings in their support for children with SEND.\n\n"
                      "In Oxfordshire, parents waited too long for plans. In Oldham, "
                      "schools lacked specialist places. In Plymouth, health waits grew.\n",
                      "Oldham;Oxfordshire;Plymouth");
}

/* A letter of 2008 to a county council that ended in 2009. */
static void test_past_name(void **state)
{
    (void)state;
    check_authorities("Children's services assessment 2008\n\n"
                      "Dear Director of Children's Services, Bedfordshire County Council\n\n"
                      "This letter sets out what we found this year about your services.\n",
                      "Bedfordshire");
    /* the county's name lives on in other bodies: only its council forms count */
    check_authorities("Joint working\n\n"
                      "Bedfordshire Police and the schools met about children missing education. "
                      "Bedfordshire Police will report back.\n",
                      "");
}

/* Minutes that name their council only by where the meeting was held. */
static void test_town_hall_venue(void **state)
{
    (void)state;
    check_authorities("Minutes of the meeting of the Schools Forum\n\n"
                      "Held at the Town Hall, Maidenhead on 4 May 2016\n\n"
                      "Present: Councillors Lee and Shah.\n",
                      "Windsor and Maidenhead");
    check_authorities(
        "Corporate parenting board\n\nMeeting in Committee Room 1, Wallasey Town Hall.\n\n"
        "The board heard from care leavers about housing.\n",
        "Wirral");
}

/* "The X local area", "X MBC", "the X partnership" name an area as the
 * subject: one mention near the start is enough. */
static void test_local_area_and_mbc(void **state)
{
    (void)state;
    check_authorities("Inspection outcome\n\nInspectors visited the Sefton local area in March.\n\n"
                      "Families said that they waited too long.\n",
                      "Sefton");
    check_authorities(
        "Progress report\n\nKnowsley MBC has recruited more social workers this year.\n\n"
        "Caseloads have come down.\n",
        "Knowsley");
    check_authorities(
        "Annual report\n\nThe Tameside partnership agreed three priorities for the year.\n\n"
        "Neglect was the first of them.\n",
        "Tameside");
}

/* A council's web or e-mail address is its own mark, even in a footer. */
static void test_domain(void **state)
{
    (void)state;
    check_authorities("Short breaks contract\n\nWe are asking for approval to go out to tender for "
                      "short breaks for disabled children.\n\nThe contract ends next spring.\n\n"
                      "Contact: Sam Jones, sam.jones@northyorks.gov.uk\n",
                      "North Yorkshire");
}

/* Towns are weak: they never win over a clear name and never make an
 * authority alone; everyday words and places that are not councils make
 * none. */
static void test_towns_and_words(void **state)
{
    (void)state;
    check_authorities(
        "Lancashire County Council: fostering recruitment\n\n"
        "Lancashire County Council held events in Huddersfield, Halifax, Huddersfield "
        "and Dewsbury for carers who live near the county's border.\n",
        "Lancashire");
    check_authorities(
        "A day out\n\nThe group went to Trowbridge, then Trowbridge market, then back to "
        "Trowbridge station and home.\n",
        "");
    check_authorities(
        "Reading and writing\n\nReading together matters. Bury the old plan, the panel "
        "said: Sale of the building will fund a Home Office bid in Greater Manchester.\n",
        "");
}

/* A caption printed twice under a picture is said once. */
static void test_repeated_caption(void **state)
{
    (void)state;
    check_authorities(
        "Inspections of joint working\n\n"
        "Children's services in Barnsley have trained taxi drivers to spot exploitation. "
        "Photograph: stock library\n"
        "Children's services in Barnsley have trained taxi drivers to spot exploitation. "
        "Photograph: stock library\n\n"
        "The inspections looked at how agencies share what they know.\n",
        "");
}

/* A council's own page that names one authority, however seldom, is
 * that authority's; a third party's news item naming it once is not. */
static void test_council_page_names_one(void **state)
{
    (void)state;
    check_authorities(
        "Agenda item\n\nMinutes:\n\nThe committee considered the year-end performance "
        "report. Members noted that Rutland's rate of reviews on time had risen.\n\n"
        "RESOLVED: that the report be noted.\n",
        "Rutland");
    check_authorities(
        "Quality must not be lost\n\nBy a staff reporter, 3 May 2011\n\n"
        "Picture: stock\n\nReforms threaten quality, one director in Sandwell told us.\n",
        "");
}

static void check_date(const char *text, const char *want)
{
    analysis a;
    analyse_document(k, text, NULL, &a);
    if (want)
        assert_non_null(a.date);
    if (!want)
        assert_null(a.date);
    else
        assert_string_equal(a.date, want);
    analysis_free(&a);
}

/* The document's own date, not the dates it mentions: a news item's
 * dateline (written the American way, after its weekday), and the end of
 * the inspection a report is about, not the inspection before it. */
static void test_own_date(void **state)
{
    (void)state;
    /* an account of events, dated only by them: written after the last */
    check_date("Peer review of SEND services\n\n"
               "The review took place between 3 and 5 May 2021, and its report was discussed "
               "at cabinet on 13 July 2021.\n",
               "2021-07-13");
    check_date("Council given a year to improve\n\nA Reporter\n\nFriday, May 20, 2016\n\n"
               "The department set a deadline of May 2017 for the improvement plan, and "
               "wants a report on progress by March 2017.\n",
               "2016-05-20");
    check_date("Inspection of Wigan local authority children's services\n\n"
               "Inspection dates: 5 to 9 December 2022 and 14 to 15 February 2023\n\n"
               "The previous inspection, in October 2019, found services good. Since "
               "October 2019 leaders have changed twice, and the October 2019 plan has "
               "lapsed.\n",
               "2023-02-15");
    /* a report template's cover: its Date: field, though the title before
     * it ends in "Review" ("review date" is a deadline's label) */
    check_date("Title: Early Years Update - Outcome of Peer Review Date: 12th September 2019\n\n"
               "Prepared by: A Head of Service\n\n"
               "The peer review took place between 25 - 28 June 2019, after the one of "
               "12 December 2017.\n",
               "2019-09-12");
    /* a policy's review date is still no date of its own */
    check_date("Policy on family time\n\nReview Date: 12 September 2025\n\n"
               "The policy was agreed on 3 March 2024.\n",
               "2024-03-03");
}

static void check_title(const char *text, const char *file_title, const char *want)
{
    analysis a;
    analyse_document(k, text, file_title, &a);
    assert_string_equal(a.title, want);
    analysis_free(&a);
}

/* A title is not an address, a telephone line or a template's
 * placeholder; a letter's subject run into its first sentence is cut. */
static void test_titles(void **state)
{
    (void)state;
    /* an authority's name alone above the title is its letterhead, with
     * or without "Council" (it was taken for the title); a council's name
     * cut at the end of the title's first line goes on in the next */
    check_title("North Tyneside\n\nInspection of services for children in need of help "
                "and protection\n\nInspection dates: 3 to 14 May 2021\n\n"
                "Leaders know their services well and act on what they find.\n",
                NULL, "Inspection of services for children in need of help and protection");
    check_title("Wigan Metropolitan Borough\n\nCouncil\n\nInspection of services for children "
                "looked after\n\nLeaders know their services well and act on what they find.\n",
                NULL, "Inspection of services for children looked after");
    check_title("Inspection of Wigan Metropolitan\n\nBorough Council children's services\n\n"
                "Inspection dates: 3 to 14 May 2021\n\n"
                "Leaders know their services well and act on what they find.\n",
                NULL, "Inspection of Wigan Metropolitan Borough Council children's services");
    /* a title that starts with a place's name stays whole */
    check_title("Wigan children's services review\n\n"
                "Leaders know their services well and act on what they find.\n",
                NULL, "Wigan children's services review");
    check_title("Piccadilly Gate\n\nStore Street\n\nManchester M1 2WD\n\nT 0300 000 0000\n\n"
                "3 March 2022\n\nDear Ms Example\n\n"
                "Focused visit to Rotherham children's services This letter sets out what "
                "inspectors found when they visited in February, under the framework for "
                "inspecting local authority children's services, and what should improve.\n",
                NULL, "Focused visit to Rotherham children's services");
    check_title("Piccadilly Gate\n\nStore Street\n\nManchester M1 2WD\n\n"
                "enquiries@inspectorate.example\n\n"
                "What children told us about their homes\n\n"
                "Most children said that they felt safe where they lived.\n",
                NULL, "What children told us about their homes");
    check_title("What children told us about their homes\n\n"
                "Most children said that they felt safe where they lived.\n",
                "LA NAME - short report - INSPECTION DATE",
                "What children told us about their homes");
    /* a file name is no title either */
    check_title("What children told us about their homes\n\n"
                "Most children said that they felt safe where they lived.\n",
                "10211223 Wigan report 80123 final clean-101010.docx",
                "What children told us about their homes");
    /* the subject run into the salutation's line, a subject line ending
     * with a full stop */
    check_title("Piccadilly Gate\n\nStore Street\n\n4 May 2021\n\n"
                "Dear Ms Example, Focused visit to Wigan children's services\n\n"
                "This letter sets out what inspectors found.\n",
                NULL, "Focused visit to Wigan children's services");
    check_title("Piccadilly Gate\n\nStore Street\n\n4 May 2021\n\nDear Sam Example\n\n"
                "Focused visit to Wigan Council children's services.\n\n"
                "This letter sets out what inspectors found.\n",
                NULL, "Focused visit to Wigan Council children's services");
    /* a council's name alone above the report's title is its letterhead;
     * a headline that starts with one is a title */
    check_title("London Borough of Barking and Dagenham\n\n"
                "Inspection of children's social care services\n\n"
                "Inspection dates: 1 to 5 May 2023\n",
                NULL, "Inspection of children's social care services");
    check_title("Torbay Council's fostering service rated outstanding\n\n"
                "The service was inspected in June.\n",
                NULL, "Torbay Council's fostering service rated outstanding");
    /* a report's kind alone above its title, the title broken over two
     * lines; a kind that names a place is the title itself */
    check_title("Local area partnership report\n\nArea SEND inspection of Redcar and\n\n"
                "Cleveland Local Area Partnership\n\nInspection dates: 3 to 7 June 2024\n",
                NULL, "Area SEND inspection of Redcar and Cleveland Local Area Partnership");
    check_title("Press release\n\nInspectors find slow progress in Wigan's services for "
                "children\n\nThe council said it accepted the findings.\n",
                NULL, "Inspectors find slow progress in Wigan's services for children");
    check_title("Wigan annual report\n\nInspection of Bolton local authority children's "
                "services\n",
                NULL, "Wigan annual report");
    /* a long first line is cut at a word, and says so */
    check_title("Inspection of services for children in need of help and protection, children "
                "looked after and care leavers and review of the effectiveness of the local "
                "safeguarding children board in Wigan\n",
                NULL, "Inspection of services for children in need of help and protection, "
                      "children looked after and care leavers and review of the effectiveness "
                      "of the local\xE2\x80\xA6");
}

/* --explain gives each field's runner-up and a confidence: a letter that
 * names its council in its title, its kind in its heading and its date on
 * a line of its own is sure of each; a text that names two areas as often
 * takes neither, and says which came first. */
static void test_runner_up_and_confidence(void **state)
{
    (void)state;
    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "Ofsted\n\n4 June 2021\n\n"
                 "Focused visit to Rotherham Metropolitan Borough Council children's services\n\n"
                 "Inspectors looked at how the council supports children in need.\n\n");
    add_filler(&sb, 3);
    sb_adds(&sb, "His Majesty's Inspector\n\n");
    analysis a;
    analyse_document(k, sb.buf, NULL, &a);
    assert_int_equal(a.authorities.len, 1);
    assert_string_equal(a.authorities.items[0], "Rotherham");
    assert_string_equal(a.authorities_conf, CONF_HIGH);
    assert_string_equal(a.authorities_next, "none");
    assert_string_equal(a.doctype, "focused-visit");
    assert_string_equal(a.doctype_conf, CONF_HIGH);
    assert_string_equal(a.publisher_conf, CONF_HIGH);
    assert_string_equal(a.date, "2021-06-04");
    assert_string_equal(a.date_conf, CONF_HIGH);
    assert_non_null(a.date_next);
    analysis_free(&a);
    sb_free(&sb);

    /* two areas as often, no title naming either, dates only mentioned */
    sb_init(&sb);
    sb_adds(&sb, "Notes from a regional meeting\n\n"
                 "One area began its review of short breaks in March 2019, in Oldham.\n\n"
                 "Another began its own in May 2020, in Bolton.\n\n");
    add_filler(&sb, 2);
    analyse_document(k, sb.buf, NULL, &a);
    assert_int_equal(a.authorities.len, 0);
    assert_string_equal(a.authorities_conf, CONF_LOW);
    /* the runner-up is the best of the names not taken */
    assert_true(strstr(a.authorities_next, "Oldham") || strstr(a.authorities_next, "Bolton"));
    assert_string_equal(a.doctype_conf, CONF_LOW); /* no kind named: other */
    assert_string_not_equal(a.date_conf, CONF_HIGH);
    assert_string_not_equal(a.date_next, "none"); /* the other mentioned date */
    assert_string_equal(analyse_conf_min(CONF_HIGH, CONF_MEDIUM), CONF_MEDIUM);
    assert_string_equal(analyse_conf_min(CONF_LOW, CONF_HIGH), CONF_LOW);
    analysis_free(&a);
    sb_free(&sb);

    /* minutes that discuss an inspection: the genre wins, the inspection
     * it discusses is the runner-up */
    sb_init(&sb);
    sb_adds(&sb, "Minutes of the meeting of the Children's Scrutiny Panel held on 3 May 2022\n\n"
                 "Present: Councillors A, B and C\n\n"
                 "The panel discussed the recent focused visit to Wigan Council's children's "
                 "services and the letter that followed it.\n\n");
    add_filler(&sb, 2);
    analyse_document(k, sb.buf, NULL, &a);
    assert_string_equal(a.doctype, "committee-minutes");
    assert_string_equal(a.doctype_conf, CONF_HIGH);
    assert_non_null(strstr(a.doctype_next, "focused-visit"));
    analysis_free(&a);
    sb_free(&sb);
}

static int count_char(const char *s, char c)
{
    int n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

/* --explain --format tsv DIR: a header, then a line of seven columns per
 * document, the folder walked as the indexer walks it; --format json has
 * the runner-up and the confidence of each field. */
static void test_explain_tsv_and_json(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp(), *sub = tu_join(dir, "letters");
    assert_int_equal(mkdir(sub, 0700), 0);
    char *f1 = tu_join(dir, "visit.txt"), *f2 = tu_join(sub, "notes.txt");
    const char *visit = "Ofsted\n\n4 June 2021\n\n"
                        "Focused visit to Rotherham Metropolitan Borough Council children's "
                        "services\n\nInspectors looked at how the council helps children in "
                        "need.\n";
    const char *notes = "Notes\n\nA page of notes\twith a tab that names nobody.\n";
    tu_write(f1, visit, strlen(visit));
    tu_write(f2, notes, strlen(notes));
    char *indexer = tu_build_path("scrutiny-index");
    char *argv[] = {indexer, "--explain", "--format", "tsv", dir, NULL};
    tu_run r;
    tu_exec(argv, NULL, &r);
    assert_int_equal(r.status, 0);
    /* header + two documents, each of seven columns */
    assert_int_equal(count_char(r.out, '\n'), 3);
    assert_int_equal(count_char(r.out, '\t'), 3 * 6);
    const char *header = "file\ttitle\tauthorities\tpublisher\ttype\tdate\tconfidence\n";
    assert_true(strncmp(r.out, header, strlen(header)) == 0);
    assert_non_null(strstr(r.out, "\tRotherham\tOfsted\tfocused-visit\t2021-06-04\thigh\n"));
    /* a tab in a title is a space: the columns stay seven */
    assert_non_null(strstr(r.out, "notes with a tab that names nobody.\tnone\tunknown\tother\tunknown\tlow\n"));
    tu_run_free(&r);

    char *argj[] = {indexer, "--explain", "--format", "json", f1, NULL};
    tu_exec(argj, NULL, &r);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"runner_up\":{\"authorities\":\"none\""));
    assert_non_null(strstr(r.out, "\"confidences\":{\"authorities\":\"high\""));
    assert_non_null(strstr(r.out, "\"confidence\":\"high\""));
    tu_run_free(&r);

    char *argt[] = {indexer, "--explain", f1, NULL};
    tu_exec(argt, NULL, &r);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "runner-up: none; confidence high"));
    assert_non_null(strstr(r.out, "confidence:  high"));
    tu_run_free(&r);

    tu_rmtree(dir);
    free(indexer);
    free(f1);
    free(f2);
    free(sub);
    free(dir);
}

static int has(const strlist *l, const char *s) { return sl_contains(l, s) != 0; }

/* A document's themes are relative to its length: a short letter wholly
 * about one theme has it from its one passage; a long report does not
 * have a theme a word of one passage passes by. */
static void test_themes_relative_to_length(void **state)
{
    (void)state;
    built_doc d;
    scr_error err;
    const char *letter = "# A note on early talk\n\n"
                         "We ask the council to fund more speech and language therapy, so that "
                         "toddlers with communication needs are seen before they start school.\n";
    assert_int_equal(document_build_from(k, "/tmp/note.md", letter, strlen(letter), NULL, &d, &err),
                     SCR_OK);
    assert_true(has(&d.parts[0].themes, "speech-language-communication"));
    built_doc_free(&d);

    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "# A long report on short breaks\n\n");
    /* long in the passages stored: sections, whose passages never merge */
    for (int i = 0; i < 15; i++)
        sb_addf(&sb, "## Visit %d\n\n"
                     "Families said that the short breaks they were offered came late in the "
                     "year and were too far from home to be of much use to them.\n\n"
                     "Workers knew the families well and planned the breaks with care.\n\n",
                i + 1);
    sb_adds(&sb, "One worker had trained in child protection some years before.\n");
    assert_int_equal(document_build_from(k, "/tmp/long.md", sb.buf, sb.len, NULL, &d, &err),
                     SCR_OK);
    assert_true(d.parts[0].seg.n_passages >= 13);
    assert_false(has(&d.parts[0].themes, "safeguarding"));
    built_doc_free(&d);
    sb_free(&sb);
}

/* An item of an agenda pack takes its own date, from its cover (the
 * committee and the meeting, however the committee's name is spaced or
 * wrapped), not the pack's nor a date it mentions. */
static void test_pack_item_own_date(void **state)
{
    (void)state;
    const char *pack =
        "Agenda\n\nChildren,Families and Schools Scrutiny Panel\n\n"
        "Wednesday 2 October 2019 at 6pm\n\n"
        "1 Minutes of the last meeting (Pages 3 - 6)\n\n"
        "2 Placement sufficiency (Pages 7 - 12)\n\n"
        "3 Social work caseloads (Pages 13 - 20)\n\n"
        "Minutes - 10 July 2019\n\nPresent: Councillors Amos and Byrne.\n\n"
        "The panel noted the annual report on fostering and asked for more detail on the "
        "number of carers who left during the year.\n\n"
        "Children, Families and\nSchools Scrutiny Panel\n18 September 2019\n\n \n\n"
        "Report title Social work caseloads\n\nWards affected All\n\n"
        "The survey of social workers closed on 11 July 2019. Average caseloads fell from "
        "nineteen children to sixteen over the year, and fewer workers said that their "
        "caseload was unmanageable.\n\n"
        "The panel is recommended to note the findings of the survey and the plan to keep "
        "caseloads below eighteen children.\n";
    built_doc d;
    scr_error err;
    assert_int_equal(document_build_from(k, "/tmp/pack.txt", pack, strlen(pack), NULL, &d, &err),
                     SCR_OK);
    assert_true(d.n_parts >= 3);
    const scr_record *item = &d.parts[d.n_parts - 1].rec;
    assert_string_equal(item->title, "Social work caseloads");
    assert_string_equal(item->date, "2019-09-18");
    built_doc_free(&d);
}

/* A letterhead's address lines, set apart like headings, are not headings:
 * no heading path starts with a street or a postcode. */
static void test_letterhead_is_no_heading(void **state)
{
    (void)state;
    segmented s;
    segment_text("Ms Jo Bright\n\nDirector of Children's Services\n\n4 Mill Lane\n\n"
                 "Hadley\n\nHD4 7QT\n\n"
                 "Focused visit to Hadley children's services\n\n"
                 "This letter summarises the findings of the focused visit to the council's "
                 "services for children in need of help and protection.\n\n"
                 "Overview\n\n"
                 "Leaders have strengthened the front door since the last inspection, and "
                 "decisions about risk are now made quickly.\n",
                 taxonomy_kind_headings(knowledge_taxonomy(k)), &s);
    int overview = 0;
    for (size_t i = 0; i < s.n_sections; i++) {
        assert_null(strstr(s.sections[i].path, "HD4"));
        assert_null(strstr(s.sections[i].path, "Mill Lane"));
        overview += strcmp(s.sections[i].path, "Overview") == 0;
    }
    assert_int_equal(overview, 1);
    segmented_free(&s);
}

/* Numbered sections close what came before them: the kind line that led
 * in a list ("The Panel is recommended to:"), a table's cell taken for a
 * heading, the previous section ("2.0" is as high as "4.0", whatever its
 * words); a numbered line that stops mid-sentence is text, not a heading. */
static void test_numbered_sections_close(void **state)
{
    (void)state;
    segmented s;
    segment_text("The Panel is recommended to:\n\n"
                 "1. Note the findings of the survey of staff wellbeing carried out across "
                 "the service this summer.\n\n"
                 "2.0 Background\n\n"
                 "The survey has run every year since 2016, and most staff answer it.\n\n"
                 "HOURS OF DIRECT WORK\n\n"
                 "Full-time workers spend about a third of their week with families, the "
                 "same as last year.\n\n"
                 "3.1 The survey finds strengths and areas for development in\n\n"
                 "supervision and training. Among the strengths are regular supervision.\n\n"
                 "4.0 Recommendations and actions\n\n"
                 "Managers should protect time for reflective supervision every month.\n",
                 taxonomy_kind_headings(knowledge_taxonomy(k)), &s);
    const char *last = s.passages[s.n_passages - 1].heading;
    assert_string_equal(last, "4.0 Recommendations and actions");
    for (size_t i = 0; i < s.n_sections; i++) {
        const char *path = s.sections[i].path;
        if (strstr(path, "2.0 Background"))
            assert_null(strstr(path, "recommended"));
        assert_null(strstr(path, "3.1"));
    }
    segmented_free(&s);
}

/* What only looks like headings is not one: a contents page (entries with
 * their page numbers glued on or after dot leaders, and lone page
 * numbers), a summary of judgements as numbered lines with no prose
 * between; a section's title followed by its grade then prose is one, and
 * a chain of numbered headings each under the last stays headings.  No
 * passage is a recommendation for standing under a contents entry. */
static void test_contents_are_no_headings(void **state)
{
    (void)state;
    segmented s;
    segment_text("1. Help for families at risk\n\n"
                 "2. Children in care\n\n"
                 "2.1 Adoption\n\n"
                 "3. Leaders and managers\n\n"
                 "Contents\n\n"
                 "Summary of findings2\n\n"
                 "Recommendations4\n\n"
                 "9\n\n"
                 "About the visit ........ 11\n\n"
                 "The inspectors spoke with families, social workers and their managers over "
                 "two weeks in the spring, and read the records of forty children.\n\n"
                 "Help for families at risk\n\n"
                 "Requires improvement to be good\n\n"
                 "Families wait too long for an assessment once a referral has been made, and "
                 "some are passed between teams before anyone visits them.\n\n"
                 "5 Findings\n\n"
                 "5.1 Early help\n\n"
                 "5.1.1 Referrals\n\n"
                 "Most referrals come from schools and health visitors, and are answered "
                 "within a day.\n",
                 taxonomy_kind_headings(knowledge_taxonomy(k)), &s);
    int help = 0, chain = 0;
    for (size_t i = 0; i < s.n_sections; i++) {
        const char *path = s.sections[i].path;
        assert_null(strstr(path, "Recommendations"));
        assert_null(strstr(path, "Summary of findings"));
        assert_null(strstr(path, "2.1 Adoption"));
        assert_null(strstr(path, "3. Leaders"));
        help += strcmp(path, "Help for families at risk") == 0;
        chain += strcmp(path, "5 Findings > 5.1 Early help > 5.1.1 Referrals") == 0;
    }
    assert_int_equal(help, 1);
    assert_int_equal(chain, 1);
    segmented_free(&s);
}

/* Numbered items run together in one paragraph, as a PDF's lines are
 * joined ("... performance. 4.Ensure that ..."), are one passage each:
 * recommendations stay one a passage.  A number that does not follow on
 * ("see 12. Annex") is no item. */
static void test_numbered_items_apart(void **state)
{
    (void)state;
    segmented s;
    segment_text("Recommendations\n\n"
                 "3.Improve the audit of case files so that leaders know the quality of "
                 "practice. 4.Ensure that every worker has regular supervision. 5. Make sure "
                 "that plans say who does what, as set out in 12. Annex B.\n",
                 taxonomy_kind_headings(knowledge_taxonomy(k)), &s);
    assert_int_equal(s.n_passages, 3);
    assert_true(strncmp(s.passages[0].text, "3.Improve", 9) == 0);
    assert_string_equal(s.passages[1].text, "4.Ensure that every worker has regular supervision.");
    assert_true(strncmp(s.passages[2].text, "5. Make sure", 12) == 0);
    assert_non_null(strstr(s.passages[2].text, "12. Annex B."));
    segmented_free(&s);
}

/* Under "Next steps", the peer team's biographies are no recommendations:
 * a heading of the review's own furniture (data/kinds.tsv, kind other)
 * ends the kind of the heading above it, which the next steps keep. */
static void test_peer_team_is_no_recommendation(void **state)
{
    (void)state;
    const char *text = "# Early help peer challenge: feedback letter\n\n"
                       "## 4. Next steps\n\n"
                       "- Agree one plan for early help with schools and health visitors.\n\n"
                       "- Publish the offer to families in plain words.\n\n"
                       "The peer team\n\n"
                       "- Sam Okafor, Lead Peer - Director of Children's Services at a "
                       "neighbouring council\n\n"
                       "- Priya Shah, Health Peer - Designated Nurse for an integrated care board\n";
    built_doc d;
    const doc_part *p = built_text("/tmp/peer.md", text, &d);
    size_t recs = 0, bios = 0;
    for (size_t i = 0; i < p->seg.n_passages; i++) {
        const seg_passage *ps = &p->seg.passages[i];
        if (strstr(ps->text, "Peer -")) {
            bios++;
            assert_string_equal(ps->kind, "other");
        } else if (strstr(ps->text, "early help") || strstr(ps->text, "plain words")) {
            recs++;
            assert_string_equal(ps->kind, "recommendation");
        }
    }
    assert_true(bios >= 1);
    assert_true(recs >= 1);
    built_doc_free(&d);
}

/* "5.1 Strategy" after "4. Next steps" begins chapter 5, though no "5"
 * heading came first: it is no part of the next steps, nor of their kind;
 * and the peer challenge's own account of itself ("Scope and focus")
 * under them recommends nothing. */
static void test_next_chapter_ends_a_kind(void **state)
{
    (void)state;
    const char *text = "Early years peer challenge\n\n"
                       "4. Next steps\n\n"
                       "Agree one plan for early help with the schools and the health visitors "
                       "before the spring term.\n\n"
                       "Scope and focus\n\n"
                       "The council asked the peers to look at four areas agreed while scoping "
                       "the visit.\n\n"
                       "5.1 Strategy and culture\n\n"
                       "Leaders share a clear story about the first years of a child's life, "
                       "told in the same words by every partner.\n\n"
                       "5.2 Partnership\n\n"
                       "Health and council staff plan their workforce together every year.\n";
    built_doc d;
    const doc_part *p = built_text("/tmp/chapters.txt", text, &d);
    int seen[4] = {0};
    for (size_t i = 0; i < p->seg.n_passages; i++) {
        const seg_passage *ps = &p->seg.passages[i];
        if (strstr(ps->text, "one plan")) {
            seen[0] = 1;
            assert_string_equal(ps->kind, "recommendation");
        } else if (strstr(ps->text, "four areas")) {
            seen[1] = 1;
            assert_string_equal(ps->kind, "other");
        } else if (strstr(ps->text, "clear story")) {
            seen[2] = 1;
            assert_string_equal(ps->kind, "other");
            assert_string_equal(ps->heading, "5.1 Strategy and culture");
        } else if (strstr(ps->text, "workforce")) {
            seen[3] = 1;
            assert_string_equal(ps->heading, "5.2 Partnership");
        }
    }
    for (size_t i = 0; i < 4; i++)
        if (!seen[i])
            fail_msg("passage %zu not found", i);
    built_doc_free(&d);
}

/* "7. Recommendations" followed by its numbered list ("1. Make sure
 * ...") is a heading, not a line of one run of numbered lines with its
 * items (a summary of judgements): the numbers start again. */
static void test_numbered_list_under_numbered_heading(void **state)
{
    (void)state;
    const char *text = "Review of early help in Hadley\n\n"
                       "6. Findings\n\n"
                       "Staff know the families they work with and record their views in every "
                       "plan.\n\n"
                       "7. Recommendations\n\n"
                       "1. Make sure every family has one named worker.\n\n"
                       "2. Make sure schools hear about each new plan within a week.\n";
    built_doc d;
    const doc_part *p = built_text("/tmp/restart.txt", text, &d);
    size_t recs = 0;
    for (size_t i = 0; i < p->seg.n_passages; i++) {
        const seg_passage *ps = &p->seg.passages[i];
        if (strstr(ps->text, "Make sure")) {
            recs++;
            assert_string_equal(ps->kind, "recommendation");
            assert_non_null(strstr(ps->heading, "7. Recommendations"));
        }
        assert_null(strstr(ps->text, "7. Recommendations"));
    }
    assert_int_equal(recs, 2);
    built_doc_free(&d);
}

/* A numbered label ("Section 6 Strengths", "Section 7: Recommendations",
 * "Part 8 - Next steps") numbers its heading as "6" would: the section
 * is a chapter of its own, not part of the numbered one before it, and
 * its name gives its passages their kind. */
static void test_section_labels_are_numbers(void **state)
{
    (void)state;
    const char *text = "Peer review of children's services in Hadley\n\n"
                       "5. Findings\n\n"
                       "5.1 Leadership\n\n"
                       "Leaders meet the families' forum every month and publish what they "
                       "changed after each meeting.\n\n"
                       "Section 6 Strengths\n\n"
                       "Staff know the families they work with and record their views in every "
                       "plan they write.\n\n"
                       "Section 7: Recommendations\n\n"
                       "Give every family one named worker and tell the school who it is within "
                       "a week of the plan.\n\n"
                       "Part 8 - Next steps\n\n"
                       "The team will come back in the spring to hear what has changed since "
                       "this visit.\n";
    built_doc d;
    const doc_part *p = built_text("/tmp/labels.txt", text, &d);
    int seen[3] = {0};
    for (size_t i = 0; i < p->seg.n_passages; i++) {
        const seg_passage *ps = &p->seg.passages[i];
        if (strstr(ps->text, "record their views")) {
            seen[0] = 1;
            assert_string_equal(ps->heading, "Section 6 Strengths");
            assert_string_equal(ps->kind, "strength");
        } else if (strstr(ps->text, "named worker")) {
            seen[1] = 1;
            assert_string_equal(ps->heading, "Section 7: Recommendations");
            assert_string_equal(ps->kind, "recommendation");
        } else if (strstr(ps->text, "come back")) {
            seen[2] = 1;
            assert_string_equal(ps->heading, "Part 8 - Next steps");
        }
    }
    for (size_t i = 0; i < 3; i++)
        if (!seen[i])
            fail_msg("passage %zu not found", i);
    built_doc_free(&d);
}

/* The contents end where the document repeats one of their entries
 * without its page number ("1.0 Introduction" after "1.0 Introduction 3",
 * the PDF's lines run together): that is the first section, not one more
 * line of the contents. */
static void test_contents_end_at_their_first_entry(void **state)
{
    (void)state;
    const char *text = "Review of early help in Hadley\n\n"
                       "Contents\n\n"
                       "1.0 Introduction 3\n2.0 Findings 5\n\n"
                       "3.0 Recommendations 9\n\n"
                       "1.0 Introduction\n\n"
                       "The council asked the team to look at how schools and health visitors "
                       "refer families to its early help offer.\n\n"
                       "2.0 Findings\n\n"
                       "Families find it hard to know whom to call when their needs change "
                       "during the year.\n";
    built_doc d;
    const doc_part *p = built_text("/tmp/contents.txt", text, &d);
    int seen = 0;
    for (size_t i = 0; i < p->seg.n_passages; i++) {
        const seg_passage *ps = &p->seg.passages[i];
        if (strstr(ps->text, "asked the team")) {
            seen = 1;
            assert_string_equal(ps->heading, "1.0 Introduction");
            assert_null(strstr(ps->text, "Contents"));
        }
    }
    assert_true(seen);
    built_doc_free(&d);
}

/* A line that begins with a kind's heading but goes on as a sentence
 * leading in a list ("The peer team recommends that the council:") is
 * no heading: the recommendations after it stay under "Recommendations",
 * and of its kind. */
static void test_lead_in_sentence_is_no_heading(void **state)
{
    (void)state;
    const char *text = "Peer review of early help in Hadley\n\n"
                       "Recommendations\n\n"
                       "The peer team recommends that the council should consider the "
                       "following:\n\n"
                       "Publish one directory of the early help offer and keep it up to date "
                       "every term so that schools can use it.\n\n"
                       "Agree a single plan with health partners for the first years of a "
                       "child's life before the spring term.\n";
    built_doc d;
    const doc_part *p = built_text("/tmp/leadin.txt", text, &d);
    size_t recs = 0;
    for (size_t i = 0; i < p->seg.n_passages; i++) {
        const seg_passage *ps = &p->seg.passages[i];
        if (strstr(ps->text, "directory") || strstr(ps->text, "single plan")) {
            recs++;
            assert_string_equal(ps->kind, "recommendation");
            assert_null(strstr(ps->heading, "peer team"));
        }
    }
    assert_int_equal(recs, 2);
    built_doc_free(&d);
}

/* A section's heading is evidence for its passages' themes: what stands
 * under "Being healthy" is about health though it names no health service. */
static void test_heading_gives_theme(void **state)
{
    (void)state;
    const char *letter = "# Annual assessment of services for children\n\n"
                         "## Being healthy\n\n"
                         "Fewer teenagers smoke than three years ago, and more children walk "
                         "or cycle to school.\n\n"
                         "## Other matters\n\n"
                         "The council answered our questions quickly.\n";
    built_doc d;
    scr_error err;
    assert_int_equal(document_build_from(k, "/tmp/healthy.md", letter, strlen(letter), NULL, &d, &err),
                     SCR_OK);
    const doc_part *p = &d.parts[0];
    int under = 0;
    for (size_t i = 0; i < p->seg.n_passages; i++) {
        const seg_passage *ps = &p->seg.passages[i];
        int health = has(&ps->themes, "health");
        if (strstr(ps->text, "teenagers"))
            assert_true(health), under++;
        if (strstr(ps->text, "questions"))
            assert_false(health);
    }
    assert_int_equal(under, 1);
    assert_true(has(&p->themes, "health"));
    built_doc_free(&d);
}

/* The example: a short Ofsted letter on a focused visit. */
static void test_short_focused_visit_letter(void **state)
{
    (void)state;
    const char *text =
        "Ofsted\n\n12 March 2021\n\n"
        "Focused visit to Rotherham Metropolitan Borough Council children's services\n\n"
        "Inspectors visited the council's services for children in care in February, and "
        "looked at how plans for them are made and reviewed.\n\n"
        "Areas for improvement\n\n"
        "- The timeliness of reviews of children's care plans, so that placements are "
        "agreed before children move.\n\n"
        "- The quality of pathway plans for care leavers, which should say who will help "
        "them find a home.\n\n"
        "Yours sincerely\n\nA. Inspector\n\nHis Majesty's Inspector\n";
    built_doc d;
    const doc_part *p = built_text("/tmp/visit.txt", text, &d);
    assert_int_equal(p->rec.authorities.len, 1);
    assert_string_equal(p->rec.authorities.items[0], "Rotherham");
    assert_int_equal(p->rec.publishers.len, 1);
    assert_string_equal(p->rec.publishers.items[0], "Ofsted");
    assert_string_equal(p->rec.doctype, "focused-visit");
    assert_string_equal(p->rec.title,
                        "Focused visit to Rotherham Metropolitan Borough Council children's services");
    assert_string_equal(p->rec.date, "2021-03-12");
    assert_true(has(&p->themes, "looked-after-children"));
    size_t areas = 0;
    for (size_t i = 0; i < p->seg.n_passages; i++)
        if (strcmp(p->seg.passages[i].kind, "area-for-development") == 0) {
            areas++;
            assert_non_null(strstr(p->seg.passages[i].text, "plan"));
        }
    assert_int_equal(areas, 2);
    built_doc_free(&d);
}

/* An area SEND inspection's "Areas for priority action", and an older
 * inspection's "Priority and immediate action", are what it asks to be
 * improved, as its "Areas for improvement" are (they were "other", and
 * never precedent). */
static void test_priority_action_headings(void **state)
{
    (void)state;
    const char *text =
        "Ofsted\n\nArea SEND inspection of Fenmarsh Local Area Partnership\n\n"
        "Inspectors met leaders, parents and young people across the area.\n\n"
        "Areas for priority action\n\n"
        "Leaders should cut the time families wait for an assessment of their "
        "child's needs.\n\n"
        "Priority and immediate action\n\n"
        "Leaders should make sure that every plan is reviewed within the year.\n\n"
        "Areas for improvement\n\n"
        "Leaders should widen the offer of short breaks for older children.\n";
    built_doc d;
    const doc_part *p = built_text("/tmp/priority.txt", text, &d);
    size_t areas = 0;
    for (size_t i = 0; i < p->seg.n_passages; i++)
        if (strstr(p->seg.passages[i].text, "Leaders should")) {
            assert_string_equal(p->seg.passages[i].kind, "area-for-development");
            areas++;
        }
    assert_int_equal(areas, 3);
    built_doc_free(&d);
}

/* A text is typed by what it is, not by the inspection its prose
 * discusses: a kind named inside a paragraph of a web page is its
 * subject; a letter read from a PDF, whose salutation, subject and first
 * sentences run into one line, is still the visit its subject names. */
static void test_kind_named_in_prose(void **state)
{
    (void)state;
    check("Evidence to the select committee\n\n"
          "Thank you for the chance to add to what we said in the session last month. One "
          "member asked which councils saw their grades fall between the annual performance "
          "assessment and a later full inspection, and the answer is that two did, both "
          "because of safeguarding.\n",
          "other", NULL);
    check("Scrutiny of the improvement plan\n\n"
          "Members were reminded that the focused visit in the spring had found the front "
          "door slow to respond, and that the written statement of action would come back "
          "to the panel in the autumn with the plan's first figures and its risks.\n",
          "other", NULL);
    const char *letter =
        "Ofsted\n\nPiccadilly Gate\n\n4 May 2021\n\n"
        "Dear Jo, Focused visit to Wigan local authority children's services This letter "
        "sums up what inspectors found when they visited in April. Inspectors looked at "
        "plans for children in need and at how managers oversee them.\n";
    check(letter, "focused-visit", "Ofsted");
    check_title(letter, NULL, "Focused visit to Wigan local authority children's services");
}

/* A page with no date of its own has no year: the dates it mentions that
 * cannot be its own (a deadline, an earlier event named as such, the
 * entries of a dated list) are left out; its own date signals (reviewed,
 * updated, the meeting, "published today") win over dates it mentions;
 * a year its title names on its own beats dates only mentioned. */
static void test_page_without_own_date(void **state)
{
    (void)state;
    check_date("Fostering service rated good\n\n"
               "The council's fostering service has been rated good, up from the grade it was "
               "given at the last inspection in June 2013. Inspectors spent three weeks with "
               "the service this autumn.\n",
               NULL);
    check_date("Telling us what you think of the local offer\n\n"
               "Councils have to publish what families tell them about the local offer by no "
               "later than 30th September 2016, with what they will do about it.\n",
               NULL);
    check_date("Useful documents\n\n"
               "- 4 March 2015, a report by the young inspectors on short breaks for disabled "
               "children and their families\n"
               "- 9 October 2015, the parent forum's survey of what families think of the "
               "local offer this year\n",
               NULL);
    check_date("Short breaks\n\nWe plan short breaks with families, and the plan runs to the "
               "end of May 2023 when it is renewed.\n\nPage last reviewed: 03/04/2022\n",
               "2022-04-03");
    check_date("Adoption service judged outstanding\n\n"
               "The judgement published today (Tuesday, 8 March 2016) follows a visit in "
               "January 2016; a new plan will be in place by the end of June 2016.\n",
               "2016-03-08");
    check_date("2008 annual performance assessment of services for children in Wigan\n\n"
               "Similar documents\n\n"
               "Inspection report of a primary school in another town, 14 March 2011\n\n"
               "Review of a children's plan, presented to a panel on 2 June 2010\n",
               "2008");
    /* the meeting an item's page is of; not "the previous meeting (...)" */
    check_date("Issue - meetings\n\nFostering update\n\n"
               "Meeting: 15/12/2022 - Cabinet (Item 4)\n\n"
               "Members noted the minutes of the previous meeting (20 January 2023), and "
               "that the next report comes in March 2023.\n",
               "2022-12-15");
    /* a span is no year of its own */
    check_date("Review of the children's plan 2006-2009\n\n"
               "The plan was agreed in April 2006 and is reviewed every year.\n",
               "2006-04");
}

/* A council's page about the peer review it asked for is the council's:
 * who published a page is not the body it discusses.  The reviewer's own
 * report, which also says who asked for it, carries the reviewer's
 * address. */
static void test_commissioned_review(void **state)
{
    (void)state;
    check("Corporate peer challenge\n\n"
          "In the spring a peer team from the Local Government Association visited us for "
          "four days. We requested the peer challenge to test our plans, and the peer team "
          "met councillors, staff and partners.\n",
          "peer-review", "Council");
    check("SEND peer review\n\nThe council asked the Local Government Association for a "
          "review of its SEND services. The LGA report and our action plan went to cabinet "
          "in the new year.\n",
          "peer-review", "Council");
    check("Corporate peer challenge\n\nFeedback report\n\n"
          "Local Government House, Smith Square, London\n\n"
          "The council asked the LGA for a corporate peer challenge. The peer team found "
          "strong leadership and a clear plan, and the review team makes five "
          "recommendations.\n",
          "peer-review", "LGA");
    /* the reviewer's letter recalls who asked for it, with no address */
    check("Early years peer review\n\nFeedback letter\n\n"
          "The council asked the LGA to review its early years offer. The peer review team "
          "met leaders, staff and parents.\n",
          "peer-review", "LGA");
}

/* The authorities and publisher of a page saved from src. */
static void check_site(const char *text, const char *src, const char *authority,
                       const char *publisher)
{
    char *got = authorities_from(text, src);
    assert_string_equal(got, authority);
    free(got);
    analysis a;
    analyse_document_from(k, text, NULL, src, &a);
    char *p = publishers(&a);
    assert_string_equal(p, publisher);
    free(p);
    analysis_free(&a);
}

/* A page saved from the web often names its council only in its address:
 * a council named in the host is the site's owner, so the page is about
 * it and published by it; named in the path, it is as in a title.  Who
 * published a page is the site it is on, not the body it discusses. */
static void test_web_address(void **state)
{
    (void)state;
    const char *minutes =
        "Issue - meetings\n\nImprovement plan\n\nMinutes:\n\n"
        "The cabinet member introduced the plan that answers the inspection, and "
        "members agreed to send it to the inspectorate.\n";
    /* no address: nobody named */
    check_site(minutes, NULL, "", "Council");
    /* the council's own domain, and its name as a host word */
    check_site(minutes, "https://councillors.wigan.gov.uk/ieIssueDetails.aspx?IId=77", "Wigan",
               "Council");
    check_site(minutes, "https://stockport.moderngov.co.uk/mgAi.aspx?ID=12", "Stockport",
               "Council");
    /* the name in the path of a directory site */
    const char *offer = "Working together with families\n\n"
                        "We plan services with the parents and young people who use them, "
                        "and we review them together every year.\n";
    check_site(offer, "https://www.familyinfo.example.org.uk/kb5/dudley/directory/page?id=a_b",
               "Dudley", "");
    /* a peer challenge page on the council's site is the council's */
    const char *peer =
        "Corporate peer challenge\n\n"
        "A peer team from the Local Government Association spent four days with us for a "
        "corporate peer challenge. The peer review team met councillors, staff and "
        "partners, and the LGA published the team's report.\n";
    check_site(peer, "https://www.bolton.gov.uk/council/peer-challenge", "Bolton", "Council");
    /* a district council's site and its council form: the district */
    check_site(peer, "https://www.basildon.gov.uk/article/99/peer-challenge", "Basildon",
               "Council");
    check_site("Peer challenge\n\nBasildon Borough Council asked the Local Government "
               "Association for a corporate peer challenge, which took place in the autumn.\n",
               NULL, "Basildon", "LGA");
    /* an inspectorate's site is the inspectorate's */
    check_site(offer, "https://reports.ofsted.gov.uk/provider/44/80001", "", "Ofsted");
    /* a third party's site names nobody; a word of its path that is a
     * strict name ("reading") is no authority */
    check_site(offer, "https://www.news.example.co.uk/2019/05/reading-the-signs", "", "");
    /* the address on a line of its own at the end of the text */
    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, minutes);
    sb_adds(&sb, "\nSource: https://democracy.salford.gov.uk/mgAi.aspx?ID=9\n");
    check_authorities(sb.buf, "Salford");
    sb_free(&sb);
}

/* manifest.tsv's source column reaches detection through the program. */
static void test_manifest_source(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp(), *f = tu_join(dir, "page.txt"), *man = tu_join(dir, "manifest.tsv");
    const char *page = "Agenda item\n\nMinutes:\n\nThe board noted the inspection report and the "
                       "action plan that follows it.\n";
    const char *mtext = "file\tsource\npage.txt\thttps://councillors.sefton.gov.uk/mgAi.aspx?ID=3\n";
    tu_write(f, page, strlen(page));
    tu_write(man, mtext, strlen(mtext));
    char *indexer = tu_build_path("scrutiny-index");
    char *argv[] = {indexer, "--explain", "--format", "tsv", f, NULL};
    tu_run r;
    tu_exec(argv, NULL, &r);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\tSefton\tCouncil\tcommittee-minutes\t"));
    tu_run_free(&r);
    tu_rmtree(dir);
    free(indexer);
    free(f);
    free(man);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_publisher_in_the_footer),
        cmocka_unit_test(test_area_send_is_joint),
        cmocka_unit_test(test_focused_visit_or_full_inspection),
        cmocka_unit_test(test_genre_before_subject),
        cmocka_unit_test(test_news_items),
        cmocka_unit_test(test_mentioned_late),
        cmocka_unit_test(test_one_clear_mention),
        cmocka_unit_test(test_inspectorate_addresses),
        cmocka_unit_test(test_named_together),
        cmocka_unit_test(test_past_name),
        cmocka_unit_test(test_town_hall_venue),
        cmocka_unit_test(test_local_area_and_mbc),
        cmocka_unit_test(test_domain),
        cmocka_unit_test(test_towns_and_words),
        cmocka_unit_test(test_repeated_caption),
        cmocka_unit_test(test_council_page_names_one),
        cmocka_unit_test(test_own_date),
        cmocka_unit_test(test_titles),
        cmocka_unit_test(test_runner_up_and_confidence),
        cmocka_unit_test(test_explain_tsv_and_json),
        cmocka_unit_test(test_themes_relative_to_length),
        cmocka_unit_test(test_short_focused_visit_letter),
        cmocka_unit_test(test_priority_action_headings),
        cmocka_unit_test(test_pack_item_own_date),
        cmocka_unit_test(test_letterhead_is_no_heading),
        cmocka_unit_test(test_numbered_sections_close),
        cmocka_unit_test(test_heading_gives_theme),
        cmocka_unit_test(test_web_address),
        cmocka_unit_test(test_commissioned_review),
        cmocka_unit_test(test_page_without_own_date),
        cmocka_unit_test(test_kind_named_in_prose),
        cmocka_unit_test(test_manifest_source),
        cmocka_unit_test(test_contents_are_no_headings),
        cmocka_unit_test(test_numbered_items_apart),
        cmocka_unit_test(test_peer_team_is_no_recommendation),
        cmocka_unit_test(test_next_chapter_ends_a_kind),
        cmocka_unit_test(test_numbered_list_under_numbered_heading),
        cmocka_unit_test(test_section_labels_are_numbers),
        cmocka_unit_test(test_contents_end_at_their_first_entry),
        cmocka_unit_test(test_lead_in_sentence_is_no_heading),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
