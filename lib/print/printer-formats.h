/* printer-formats.h: each format's functions, which printer.c puts in
 * the formats' tables (printer.h); not for the programs. */
#ifndef SCRUTINY_PRINTER_FORMATS_H
#define SCRUTINY_PRINTER_FORMATS_H

#include "printer.h"

#define PRINT_RESULT(name) \
    void name(printer *p, const char *query, const search_result *res, const search_request *req)
#define PRINT_VALUE(name) void name(printer *p, const char *value, unsigned count)
#define PRINT_MATRIX(name) void name(printer *p, const matrix_table *t, const char *query)
#define PRINT_ROW(name) \
    void name(printer *p, const char *value, const strlist *authorities, const strlist *years)

/* printer-text.c */
PRINT_RESULT(print_text_result);
PRINT_VALUE(print_text_list_value);
void print_text_passage(printer *p, json_t *data);
/* Whether u starts with a control character that would drive a terminal:
 * C0 (but, with lines, a text's line break or tab), DEL, or C1 (0xc2 and
 * its second byte).  Text output shows it as \xHH or \uHHHH (printer.c),
 * TSV too (printer-tsv.c). */
int print_control_at(const unsigned char *u, int lines);
PRINT_MATRIX(print_text_matrix);
PRINT_ROW(print_text_recurring_row);

/* printer-tsv.c */
PRINT_RESULT(print_tsv_result);
void print_tsv_list_begin(printer *p, const char *facet);
PRINT_VALUE(print_tsv_list_value);
PRINT_MATRIX(print_tsv_matrix);
void print_tsv_recurring_begin(printer *p, const char *facet);
PRINT_ROW(print_tsv_recurring_row);
PRINT_RESULT(print_paths_result);

/* printer-json.c */
PRINT_RESULT(print_json_result);
PRINT_RESULT(print_ndjson_result);
PRINT_RESULT(print_batch_result);
void print_json_begin_array(printer *p, const char *facet);
PRINT_VALUE(print_json_list_value);
PRINT_VALUE(print_ndjson_list_value);
void print_json_list_end(printer *p, int ok);
void print_json_passage(printer *p, json_t *data);
void print_json_document_end(printer *p, int ok);
PRINT_MATRIX(print_json_matrix);
PRINT_MATRIX(print_ndjson_matrix);
PRINT_ROW(print_json_recurring_row);
PRINT_ROW(print_ndjson_recurring_row);
void print_json_end_array(printer *p);

#endif
