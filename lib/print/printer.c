/* printer.c: the formats by name, and what every format's answers share:
 * the drivers that feed a listing or a document to a format's functions,
 * --count, and the notes a format cannot carry. */
#include "printer-formats.h"
#include "schema.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Each format's answers.  Where a format has no layout of its own for an
 * answer, it names another format's: every format but JSON shows a
 * document as text; paths, which prints files, shows a matrix as TSV and
 * values and rows as text. */
const printer_ops printer_text = {
    .name = "text",
    .carries_notes = 1,
    .snippets = 1,
    .result = print_text_result,
    .list_value = print_text_list_value,
    .passage = print_text_passage,
    .matrix = print_text_matrix,
    .recurring_row = print_text_recurring_row,
};

const printer_ops printer_json = {
    .name = "json",
    .carries_notes = 1,
    .snippets = 1,
    .result = print_json_result,
    .list_begin = print_json_begin_array,
    .list_value = print_json_list_value,
    .list_end = print_json_list_end,
    .passage = print_json_passage,
    .document_end = print_json_document_end,
    .matrix = print_json_matrix,
    .recurring_begin = print_json_begin_array,
    .recurring_row = print_json_recurring_row,
    .recurring_end = print_json_end_array,
};

const printer_ops printer_ndjson = {
    .name = "ndjson",
    .snippets = 1,
    .result = print_ndjson_result,
    .list_value = print_ndjson_list_value,
    .passage = print_text_passage,
    .matrix = print_ndjson_matrix,
    .recurring_row = print_ndjson_recurring_row,
};

const printer_ops printer_tsv = {
    .name = "tsv",
    .result = print_tsv_result,
    .list_begin = print_tsv_list_begin,
    .list_value = print_tsv_list_value,
    .passage = print_text_passage,
    .matrix = print_tsv_matrix,
    .recurring_begin = print_tsv_recurring_begin,
    .recurring_row = print_tsv_recurring_row,
};

const printer_ops printer_paths = {
    .name = "paths",
    .result = print_paths_result,
    .list_value = print_text_list_value,
    .passage = print_text_passage,
    .matrix = print_tsv_matrix,
    .recurring_row = print_text_recurring_row,
};

/* --batch: answers as one line each; the rest as ndjson */
const printer_ops printer_batch = {
    .name = "batch",
    .carries_notes = 1,
    .snippets = 1,
    .result = print_batch_result,
    .list_value = print_ndjson_list_value,
    .passage = print_text_passage,
    .matrix = print_ndjson_matrix,
    .recurring_row = print_ndjson_recurring_row,
};

/* By print_format; batch has no --format word of its own (--batch). */
static const printer_ops *const formats[] = {
    [PRINT_TEXT] = &printer_text, [PRINT_JSON] = &printer_json,
    [PRINT_NDJSON] = &printer_ndjson, [PRINT_TSV] = &printer_tsv,
    [PRINT_PATHS] = &printer_paths, [PRINT_BATCH] = &printer_batch,
};
#define N_NAMED PRINT_BATCH

int printer_format_named(const char *name, print_format *f)
{
    for (int i = 0; i < N_NAMED; i++)
        if (strcmp(name, formats[i]->name) == 0) {
            *f = (print_format)i;
            return 0;
        }
    return -1;
}

const char *printer_format_name(print_format f) { return formats[f]->name; }

char *printer_format_names(void)
{
    strbuf sb;
    sb_init(&sb);
    for (int i = 0; i < N_NAMED; i++)
        sb_addf(&sb, "%s%s", i == 0 ? "" : i == N_NAMED - 1 ? " or " : ", ", formats[i]->name);
    return sb_steal(&sb);
}

void printer_init(printer *p, print_format f, FILE *out)
{
    memset(p, 0, sizeof *p);
    p->ops = formats[f];
    p->out = out;
}

void printer_open_memory(printer *p, print_format f)
{
    printer_init(p, f, NULL);
    p->out = xcheck(open_memstream(&p->mem, &p->mem_len));
}

char *printer_take_memory(printer *p)
{
    fclose(p->out);
    p->out = NULL;
    char *text = xcheck(p->mem);
    p->mem = NULL;
    return text;
}

void printer_reset(printer *p)
{
    json_decref(p->tree);
    p->tree = NULL;
    free(p->heading);
    p->heading = NULL;
    p->items = 0;
}

int printer_wants_snippets(const printer *p)
{
    return p->ops->snippets || (p->fields && p->ops == &printer_tsv && sl_contains(p->fields, "snippet"));
}

/* What an answer's format does not carry, on stderr: a table or a list
 * of paths must not. */
static void notes(const printer *p, const search_result *res, int carried)
{
    if (res->partial && !carried)
        fprintf(stderr, "%s: partial answer: the search stopped at its time limit "
                        "(SCRUTINY_MAX_SECONDS)\n", util_progname());
    if (res->suggestion && res->total == 0 && !p->ops->carries_notes)
        fprintf(stderr, "%s: no match; did you mean: %s\n", util_progname(), res->suggestion);
}

/* Whether p prints JSON, whose strings escape control characters. */
static int prints_json(const printer *p)
{
    return p->ops == &printer_json || p->ops == &printer_ndjson || p->ops == &printer_batch;
}

int print_control_at(const unsigned char *u, int lines)
{
    return (u[0] < 0x20 && !(lines && (u[0] == '\n' || u[0] == '\t'))) || u[0] == 0x7f ||
           (u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f);
}

/* s with each control character (C0, DEL, C1; but a text's line breaks
 * and tabs) as \n, \t, \xHH or \uHHHH, malloc()ed; NULL when it has none.
 * A title from a manifest or a file's name can hold ESC: printed raw, it
 * drives the terminal (a screen cleared, text hidden), and a line break
 * in a name breaks the hit's lines. */
static char *visible(const char *s, int lines)
{
    const unsigned char *u = (const unsigned char *)s;
    int any = 0;
    for (size_t i = 0; u[i] && !any; i++)
        any = print_control_at(u + i, lines);
    if (!any)
        return NULL;
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; u[i]; i++) {
        if (!print_control_at(u + i, lines))
            sb_addc(&sb, (char)u[i]);
        else if (u[i] == '\n' || u[i] == '\t')
            sb_adds(&sb, u[i] == '\n' ? "\\n" : "\\t");
        else if (u[i] == 0xc2)
            sb_addf(&sb, "\\u%04x", u[++i]);
        else
            sb_addf(&sb, "\\x%02x", u[i]);
    }
    return sb_steal(&sb);
}

/* v's strings made visible (see visible()), in place; lines: v is a
 * passage's text. */
static void visible_json(json_t *v, int lines)
{
    const char *key;
    json_t *item;
    size_t i;
    if (json_is_object(v)) {
        json_object_foreach(v, key, item) {
            visible_json(item, strcmp(key, DATA_TEXT) == 0);
        }
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, item) {
            visible_json(item, lines);
        }
    } else if (json_is_string(v)) {
        char *shown = visible(json_string_value(v), lines);
        if (shown)
            json_string_set(v, shown);
        free(shown);
    }
}
void printer_result(printer *p, const char *query, const search_result *res,
                    const search_request *req)
{
    /* JSON escapes them, TSV too (printer-tsv.c); paths stay exact for a
     * pipe (xargs), and are made visible on a terminal */
    int made_visible = !prints_json(p) && p->ops != &printer_tsv &&
                       (p->ops != &printer_paths || isatty(fileno(p->out)));
    for (size_t i = 0; made_visible && i < res->n_hits; i++)
        visible_json(res->hits[i].data, 0);
    p->ops->result(p, query, res, req);
    notes(p, res, p->ops->carries_notes);
}

void printer_count(printer *p, const search_result *res)
{
    fprintf(p->out, "%u\n", res->total);
    notes(p, res, 0);
}

static void on_value(void *ctx, const char *value, unsigned count)
{
    printer *p = ctx;
    char *shown = prints_json(p) ? NULL : visible(value, 0);
    p->ops->list_value(p, shown ? shown : value, count);
    free(shown);
    p->items++;
}

scr_status printer_list(printer *p, searcher *s, const char *facet, size_t *values,
                        scr_error *err)
{
    printer_reset(p);
    if (p->ops->list_begin)
        p->ops->list_begin(p, facet);
    scr_status rc = searcher_facet_values(s, facet, on_value, p, err);
    if (p->ops->list_end)
        p->ops->list_end(p, rc == SCR_OK);
    if (values)
        *values = p->items;
    printer_reset(p);
    return rc;
}

static void on_passage(void *ctx, json_t *data)
{
    printer *p = ctx;
    if (p->ops->passage != print_json_passage)
        visible_json(data, 0);
    p->ops->passage(p, data);
    p->items++;
}

scr_status printer_document(printer *p, searcher *s, const char *id, int one, scr_error *err)
{
    printer_reset(p);
    p->one = one;
    scr_status rc = searcher_document(s, id, on_passage, p, err);
    if (p->ops->document_end)
        p->ops->document_end(p, rc == SCR_OK && p->items > 0);
    printer_reset(p);
    return rc;
}

void printer_recurring_begin(printer *p, const char *facet)
{
    printer_reset(p);
    if (p->ops->recurring_begin)
        p->ops->recurring_begin(p, facet);
}

void printer_recurring_end(printer *p)
{
    if (p->ops->recurring_end)
        p->ops->recurring_end(p);
    printer_reset(p);
}
