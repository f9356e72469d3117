/* database.h: where the database lives and opening it for reading with the
 * schema checked. */
#ifndef SCRUTINY_DATABASE_H
#define SCRUTINY_DATABASE_H

#include <stddef.h>

#include "xapian-c.h"

/* --db if given, else $SCRUTINY_DB, else $XDG_DATA_HOME/scrutiny/db, else
 * ~/.local/share/scrutiny/db.  malloc()ed; NULL (with errbuf) when even
 * $HOME is unknown. */
char *db_resolve_path(const char *option, char *errbuf, size_t errlen);

/* Opens path read-only and checks its schema version.  Returns 0, or -1
 * with a one-line reason (naming path) in errbuf. */
int db_open_read(const char *path, xc_rdb **out, char *errbuf, size_t errlen);

/* Checks a database's stored schema version against ours: "" means a new,
 * empty database.  Returns 0, or -1 with the reason. */
int db_check_schema(const char *path, const char *stored, unsigned doccount, char *errbuf,
                    size_t errlen);

/* mkdir -p for the database's parent directories.  Returns 0 or -1 (errno). */
int db_make_parents(const char *path);

#endif
