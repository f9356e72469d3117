/* database.h: where the database lives and opening it for reading with the
 * schema checked. */
#ifndef SCRUTINY_DATABASE_H
#define SCRUTINY_DATABASE_H

#include <stddef.h>

#include "xapian-c.h"

/* What an empty --db is told: not another database in its place (a
 * script's --db "$DB" with DB unset searched $SCRUTINY_DB's). */
#define DB_EMPTY_PATH "--db '': an empty database path (a variable left unset?)"

/* --db if given, else $SCRUTINY_DB, else $XDG_DATA_HOME/scrutiny/db, else
 * ~/.local/share/scrutiny/db, malloc()ed in *out; SCR_ERR_NOT_FOUND when
 * even $HOME is unknown; SCR_ERR_INPUT for an empty --db (DB_EMPTY_PATH). */
MUST_CHECK scr_status db_resolve_path(const char *option, char **out, scr_error *err);

/* A database whose creation is under way, or was cut short (killed before
 * Xapian wrote its "iamglass" version file), cannot be opened.  It is,
 * when the directory holds nothing but Xapian's own files: 1; 0 when it
 * is a database or absent; -1 when something else is there (never
 * overwritten). */
int db_half_made(const char *path);

/* Opens path read-only and checks its schema version, waiting a moment
 * for a database scrutiny-index is making; a failure's line names path. */
MUST_CHECK scr_status db_open_read(const char *path, xc_rdb **out, scr_error *err);

/* Checks a database's stored schema version against ours: "" means a new,
 * empty database.  SCR_ERR_VERSION when it is another. */
MUST_CHECK scr_status db_check_schema(const char *path, const char *stored, unsigned doccount,
                                      scr_error *err);

/* mkdir -p for the database's parent directories.  Returns 0 or -1 (errno:
 * the caller names what it was making). */
MUST_CHECK int db_make_parents(const char *path);

/* Removes a directory that holds only Xapian's files (a rebuild's leftover,
 * the database a rebuild replaced, a part of a database written in parts);
 * anything else in it is left alone, and the directory with it. */
void db_remove_dir(const char *dir);

#endif
