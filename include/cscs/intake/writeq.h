/*
 * The importer's writes, queued: each write is a prepared statement and
 * its parameters, copied into a batch. With a writer thread, a full batch
 * is handed to it and run while this thread types the next rows, so a
 * large import keeps both cores busy (typing on one, SQLite on the other);
 * without one, each write runs as soon as it is queued. Either way the
 * writes run in the order they were queued, one at a time, on the one
 * connection: the database ends the same.
 *
 * While a writer thread runs, the queuing thread must not use the
 * connection: cscs_writeq_flush() waits until every queued write has run,
 * and only then may it step, prepare or finalize statements (a statement
 * a queued write names must outlive the flush).
 *
 * A failed write stops the queue: the writes after it are dropped, and
 * the next cscs_writeq_end() or cscs_writeq_flush() reports the failure
 * ("what: SQLite's message") and returns CSCS_ERR_DB; the caller rolls
 * the transaction back.
 */
#ifndef CSCS_INTAKE_WRITEQ_H
#define CSCS_INTAKE_WRITEQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"

struct cscs_writeq;

/*
 * A queue for db; threaded: run full batches on a writer thread (when no
 * thread can be started, the writes run inline).
 */
enum cscs_error cscs_writeq_open(struct cscs_writeq **out, sqlite3 *db, bool threaded);

/*
 * Stop the writer and free the queue; q may be NULL. Writes not flushed
 * may or may not have run: flush first to run them all.
 */
void cscs_writeq_close(struct cscs_writeq *q);

/*
 * Queue a write: begin names the statement and what it records (for the
 * error message), the parameters follow in order (1, 2, ...), end closes
 * it. Every parameter of the statement is given each time.
 */
void cscs_writeq_begin(struct cscs_writeq *q, sqlite3_stmt *st, const char *what);
void cscs_writeq_int(struct cscs_writeq *q, int64_t v);
void cscs_writeq_text(struct cscs_writeq *q, const char *s, size_t len);
void cscs_writeq_null(struct cscs_writeq *q);
enum cscs_error cscs_writeq_end(struct cscs_writeq *q, struct cscs_diag_list *dl);

/* Wait until every queued write has run; the first failure, if any. */
enum cscs_error cscs_writeq_flush(struct cscs_writeq *q, struct cscs_diag_list *dl);

#endif
