/*
 * Whether the lists were read whole. A partner (and the entity, its legal
 * representative) is "clear" only when every list it was screened against
 * was read whole; otherwise it is "not_screened", with the reason.
 */
#ifndef CSCS_SCREEN_COVERAGE_H
#define CSCS_SCREEN_COVERAGE_H

#include <sqlite3.h>

#include "cscs/core/buf.h"
#include "cscs/core/diag.h"
#include "cscs/core/error.h"
#include "cscs/screen/screen.h"

/*
 * Why the stored lists were not read whole, into why (empty when they
 * were): no list entries at all; a list source (of the latest import that
 * read lists) that was unreadable, had rejected rows, or rows with an
 * unknown value in a column matching uses (name, uscc, list, listed_on,
 * removed_on). Errors: CSCS_ERR_DB, CSCS_ERR_NOMEM.
 */
enum cscs_error cscs_screen_lists_incomplete(sqlite3 *db, struct cscs_buf *why, struct cscs_diag_list *dl);

/*
 * After the statuses are stored: every partner still "clear" becomes
 * "not_screened" with the reason when the lists were not read whole, and
 * so does a partner with neither a usable name nor a code; the entity and
 * legal representative statuses in sum likewise. Fills
 * sum->n_not_screened and sum->lists_incomplete. Errors: CSCS_ERR_DB,
 * CSCS_ERR_NOMEM.
 */
enum cscs_error cscs_screen_mark_not_screened(sqlite3 *db, struct cscs_screen_summary *sum,
					      struct cscs_diag_list *dl);

#endif
