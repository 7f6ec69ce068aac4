/*
 * The rows of a query, read by the caller one by one: stepped in the
 * caller's thread, or (cscs_rows_ahead) on a second thread that steps the
 * statement and copies its rows into batches a few hundred rows ahead.
 * A query whose first step sorts every row (ORDER BY without an index)
 * can so be started on a connection of its own while the caller still
 * writes something else, and is sorted by the time the caller reads it.
 *
 * Every value is what sqlite3_column_* gave for that row: the reading
 * thread takes the type, the integer, the real and the text of each
 * column from SQLite itself, so no conversion is redone here.
 *
 * While rows are read ahead the statement and its connection belong to
 * the reading thread: the caller touches neither until cscs_rows_end(),
 * and no other thread may use that connection meanwhile (connections are
 * opened without SQLite's own mutex).
 */
#ifndef CSCS_STORE_ROWS_H
#define CSCS_STORE_ROWS_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "cscs/core/error.h"

struct cscs_rows_ahead;

struct cscs_rows {
	sqlite3_stmt *st;              /* the statement */
	int n_cols;                    /* its columns */
	struct cscs_rows_ahead *ahead; /* NULL: stepped in the caller's thread */
};

/* Rows of st, stepped in the caller's thread (until cscs_rows_ahead()). */
void cscs_rows_init(struct cscs_rows *r, sqlite3_stmt *st);

/*
 * Read the rows ahead on a second thread, from now on, before the first
 * cscs_rows_step(). CSCS_ERR_NOMEM when memory fails; when no thread can
 * be had the rows are stepped in the caller's thread and CSCS_OK returned.
 */
enum cscs_error cscs_rows_ahead(struct cscs_rows *r);

/* The next row: SQLITE_ROW, SQLITE_DONE at the end, or the error sqlite3_step() (or memory) gave. */
int cscs_rows_step(struct cscs_rows *r);

/* The current row's values, as sqlite3_column_type/_text/_int64/_double give them. */
int cscs_rows_type(const struct cscs_rows *r, int col);
const char *cscs_rows_text(const struct cscs_rows *r, int col);
sqlite3_int64 cscs_rows_int64(const struct cscs_rows *r, int col);
double cscs_rows_double(const struct cscs_rows *r, int col);

/*
 * Stop reading (rows not read yet are left) and give the statement back
 * to the caller, who resets or finalizes it. Safe on rows never read
 * ahead, and more than once.
 */
void cscs_rows_end(struct cscs_rows *r);

#endif
