/* Small JSON writing helpers for evidence, score details and CLI output. */
#ifndef CSCS_ENGINE_JSON_H
#define CSCS_ENGINE_JSON_H

#include <sqlite3.h>

#include "cscs/core/buf.h"

/*
 * Append column col of the current row of st as a JSON value: a number
 * for INTEGER and REAL (null for a non-finite REAL), a string for TEXT,
 * null for NULL, a hex string for a BLOB.
 */
void cscs_engine_json_column(struct cscs_buf *b, sqlite3_stmt *st, int col);

#endif
