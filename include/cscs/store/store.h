/*
 * The audit database: one SQLite file holding the current record pack,
 * list exports, and every run's results. Its schema is built by numbered
 * migrations recorded in schema_migrations.
 */
#ifndef CSCS_STORE_STORE_H
#define CSCS_STORE_STORE_H

#include <sqlite3.h>
#include <stdbool.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"

struct cscs_store {
	sqlite3 *db;  /* read-write connection */
	char *path;   /* database file */
	bool is_temp; /* a temporary file, removed by cscs_store_close */
	bool created; /* this run created the file (removed by cscs_store_close_failed) */
	int lock_fd;  /* the --db file, held with a shared flock() while open: a file another
	                 run has open is never removed; -1 when none */
};

/*
 * How long a connection waits for another run that holds the database
 * (two audits on one --db): an import of a large pack keeps the write lock
 * for minutes, and a wait is better than a "database is locked" failure.
 */
#define CSCS_STORE_BUSY_MS (10 * 60 * 1000)

struct cscs_migration {
	int version;             /* strictly increasing */
	const char *description; /* one line */
	const char *sql;         /* statements run in one transaction */
};

/*
 * Open (creating if needed, owner-only permissions) the database at path,
 * or a new temporary database when path is NULL, and bring its schema up
 * to date. A database from a newer version of the tool is refused.
 */
enum cscs_error cscs_store_open(struct cscs_store **out, const char *path, struct cscs_diag_list *dl);

/* Close and free; removes a temporary database. NULL is a no-op. */
void cscs_store_close(struct cscs_store *st);

/*
 * Close after a command: when it failed (failed true) and this run created
 * the database file, remove the file too, as docs/exit-codes.md promises.
 */
void cscs_store_close_failed(struct cscs_store *st, bool failed);

/* The migrations this build knows, in order. */
const struct cscs_migration *cscs_store_migrations(size_t *n);

/* Highest migration applied to db, or -1 on error. */
int cscs_store_schema_version(sqlite3 *db);

/* Run SQL with no result rows; on failure add SQLite's message to dl. */
enum cscs_error cscs_store_exec(sqlite3 *db, const char *sql, struct cscs_diag_list *dl);

/* Prepare sql; on failure add SQLite's message to dl and return CSCS_ERR_DB. */
enum cscs_error cscs_store_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt,
				   struct cscs_diag_list *dl);

/* Record a SQLite failure (rc) in dl as "what: message" and return CSCS_ERR_DB. */
enum cscs_error cscs_store_error(sqlite3 *db, int rc, const char *what, struct cscs_diag_list *dl);

/* The value of an integer PRAGMA ("cache_size", "synchronous", ...), or fallback when it cannot be read. */
int cscs_store_pragma_int(sqlite3 *db, const char *pragma, int fallback);

/*
 * Indexes that only the checks read (list_entries(uscc)) are not made by
 * an import: cscs_store_make_check_indexes makes those missing, before
 * the checks run. True when the index called name is one of them.
 */
bool cscs_store_index_for_checks(const char *name);

/* Make the indexes only the checks read, where missing (sorted on two threads). */
enum cscs_error cscs_store_make_check_indexes(sqlite3 *db, struct cscs_diag_list *dl);

/* The page cache: n pages, or -n KiB when n is negative (failures ignored: a cache size is a hint). */
void cscs_store_set_cache_size(sqlite3 *db, int n);

/*
 * A read-only connection of its own to db's file, for a second thread
 * (each connection is used by one thread at a time), or NULL when there
 * is none to be had: db is a temporary or in-memory one, or inside a
 * transaction (another connection would not see its rows).
 */
sqlite3 *cscs_store_open_reader(sqlite3 *db);

/* Begin, commit and roll back an immediate transaction. */
enum cscs_error cscs_store_begin(sqlite3 *db, struct cscs_diag_list *dl);
enum cscs_error cscs_store_commit(sqlite3 *db, struct cscs_diag_list *dl);
void cscs_store_rollback(sqlite3 *db);

/*
 * A bulk write: an import, or the list index. Its one transaction runs
 * with a rollback journal instead of the WAL, so the pages it adds are
 * written once (the WAL would hold each page and a checkpoint would write
 * it again: a third of an import's time at a million rows). A rollback
 * journal is as safe against a killed process; against a power cut,
 * synchronous is raised to FULL for the transaction (a temporary
 * database, synchronous OFF, stays so). When the mode cannot change (a
 * transaction is open, or another connection has the database open) the
 * write runs in WAL as any other.
 *
 * cscs_store_bulk_begin before the transaction begins, cscs_store_bulk_end
 * after it commits or rolls back.
 */
struct cscs_store_bulk {
	int synchronous; /* PRAGMA synchronous before, or -1 */
	bool switched;   /* the journal mode was changed and must go back to WAL */
};
void cscs_store_bulk_begin(sqlite3 *db, struct cscs_store_bulk *b);
void cscs_store_bulk_end(sqlite3 *db, struct cscs_store_bulk *b);

/* Current UTC time as ISO 8601 (YYYY-MM-DDTHH:MM:SSZ) into buf (at least 21 bytes). */
char *cscs_store_now(char *buf, size_t len);

#endif
