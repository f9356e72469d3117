/* analysis-stamp.h: what a file's analysis depended on besides its bytes
 * (the data files, its manifest.tsv row), as a stamp kept with its state:
 * a file whose stamp changed is analysed again though its content did not
 * (a title fixed in manifest.tsv, a theme added to themes.tsv). */
#ifndef SCRUTINY_ANALYSIS_STAMP_H
#define SCRUTINY_ANALYSIS_STAMP_H

#include "manifest.h"

/* The data files' stamp: a hash of how text becomes terms
 * (SCHEMA_WORDS_VERSION), every .tsv of data_dir (by name) and of
 * themes_file when not NULL.  malloc()ed, 16 hex digits. */
char *analysis_stamp_data(const char *data_dir, const char *themes_file);

/* A file's stamp into out (17 bytes): the data's with its manifest row
 * (NULL: none). */
void analysis_stamp_file(const char *data_stamp, const manifest_entry *row, char out[17]);

#endif
