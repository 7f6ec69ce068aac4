/*
 * Screening writes in a savepoint rather than BEGIN: it then works alone
 * and inside a caller's transaction alike (a test, or audit holding one).
 */
#ifndef CSCS_SCREEN_SAVEPOINT_H
#define CSCS_SCREEN_SAVEPOINT_H

#include <sqlite3.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"

/* Open the savepoint cscs_screen. */
enum cscs_error cscs_screen_savepoint_begin(sqlite3 *db, struct cscs_diag_list *dl);
/* Release it: commits when it began the transaction. */
enum cscs_error cscs_screen_savepoint_release(sqlite3 *db, struct cscs_diag_list *dl);
/* Undo everything since it began, and release it. */
void cscs_screen_savepoint_rollback(sqlite3 *db);

#endif
