/*
 * The read-only sandbox checks run in: a separate SQLite connection
 * opened read-only on the audit database, with extension loading off,
 * defensive mode on, triggers and views off, no attached databases, and
 * an authorizer that lets a statement do nothing but SELECT from the
 * record tables, source_files and the screening tables, and call the
 * allowed functions. A progress handler stops a statement that runs
 * beyond the time budget.
 */
#ifndef CSCS_ENGINE_SANDBOX_H
#define CSCS_ENGINE_SANDBOX_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"

struct cscs_sandbox;

/* True when a check may read table name (a record type, source_files, unknown_values, screen_matches, partner_status). */
bool cscs_sandbox_table_allowed(const char *name);

/* True when name is one of the screening tables, which may not exist (screen_matches, partner_status). */
bool cscs_sandbox_is_screen_table(const char *name);

/* True when a check may call the SQL function name (core SQL functions and ours). */
bool cscs_sandbox_function_allowed(const char *name);

/*
 * Open the database file at path read-only as a sandbox; budget_ms is the
 * time one check may take (0 = CSCS_ENGINE_DEFAULT_BUDGET_MS).
 */
enum cscs_error cscs_sandbox_open(struct cscs_sandbox **out, const char *path, unsigned budget_ms,
				  struct cscs_diag_list *dl);

/*
 * Open an empty in-memory database with the store's schema (every
 * migration, plus the agreed screening tables if no migration made them)
 * as a sandbox: the loader prepares checks on it to validate them.
 */
enum cscs_error cscs_sandbox_open_schema(struct cscs_sandbox **out, struct cscs_diag_list *dl);

/* Close and free; NULL is a no-op. */
void cscs_sandbox_close(struct cscs_sandbox *sb);

/* The connection (for binding and reading statements prepared here). */
sqlite3 *cscs_sandbox_db(struct cscs_sandbox *sb);

/*
 * Prepare sql as a check query: exactly one statement, read-only, that
 * returns columns, passes the authorizer and uses no parameter but
 * :as_of. On failure returns CSCS_ERR_CHECKLIST, sets *why (malloc'd; the
 * authorizer's or SQLite's message) and *offset (byte offset in sql of the
 * problem, or -1). CSCS_ERR_NOMEM when out of memory.
 */
enum cscs_error cscs_sandbox_prepare(struct cscs_sandbox *sb, const char *sql, sqlite3_stmt **stmt,
				     char **why, int *offset);

/*
 * As cscs_sandbox_prepare, but the query may also use the parameters
 * :NAME for each of the n_params names in params (a rule version's
 * param.NAME annotations; names without the colon).
 */
enum cscs_error cscs_sandbox_prepare_params(struct cscs_sandbox *sb, const char *sql, const char *const *params,
					    size_t n_params, sqlite3_stmt **stmt, char **why, int *offset);

/* The record and screening tables the last statement prepared reads (valid until the next prepare). */
const char *const *cscs_sandbox_tables_read(const struct cscs_sandbox *sb, size_t *n);

struct cscs_sandbox_column {
	char *table;  /* a record table */
	char *column; /* one of its columns ("ROWID" for the row id) */
};

/*
 * The record-table columns the last statement prepared reads, as the
 * authorizer saw them (valid until the next prepare). Internal lookups
 * made with sqlite3_prepare_v2 on cscs_sandbox_db() add to the list, so
 * copy it first. *complete is false when memory ran out noting one.
 */
const struct cscs_sandbox_column *cscs_sandbox_columns_read(const struct cscs_sandbox *sb, size_t *n,
						       bool *complete);

/* Start the clock of one check; statements stepped from now on share its budget. */
void cscs_sandbox_start(struct cscs_sandbox *sb);

/* Stop the clock (internal queries after a check are not limited). */
void cscs_sandbox_stop(struct cscs_sandbox *sb);

/* True when the progress handler stopped a statement since the last start. */
bool cscs_sandbox_timed_out(const struct cscs_sandbox *sb);

/* The time budget of one check, in milliseconds. */
unsigned cscs_sandbox_budget_ms(const struct cscs_sandbox *sb);

/*
 * Whether the allowed table exists and whether it holds any row. On a
 * database error returns CSCS_ERR_DB with SQLite's message in *why.
 */
enum cscs_error cscs_sandbox_table_state(struct cscs_sandbox *sb, const char *table, bool *exists,
					 bool *has_rows, char **why);

#endif
