/* How much of a record pack was read: the counts behind "coverage up front". */
#ifndef CSCS_STORE_COVERAGE_H
#define CSCS_STORE_COVERAGE_H

#include <stdint.h>

#include <sqlite3.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"

struct cscs_import_coverage {
	int64_t n_files;           /* sources of the import (files and sheets) */
	int64_t n_rows;            /* rows kept (stored) */
	int64_t n_rows_unknown;    /* of those, rows with at least one unknown value */
	int64_t n_rejected;        /* rows rejected (not stored) */
	int64_t n_unreadable;      /* sources not read: their header was not found */
};

/*
 * The counts of import import_id (0: the latest) from source_files and
 * unknown_values; a database from before migration 6 has no unknown
 * values or unreadable sources. Errors: CSCS_ERR_DB with the message in dl.
 */
enum cscs_error cscs_store_import_coverage(sqlite3 *db, int64_t import_id, struct cscs_import_coverage *out,
					   struct cscs_diag_list *dl);

/* What an import recorded in data_issues, by level. */
struct cscs_import_issues {
	int64_t n_rejected;   /* rows not stored */
	int64_t n_flagged;    /* values kept but flagged (an invalid USCC, ...) */
	int64_t n_unknown;    /* values kept as given that could not be typed */
	int64_t n_unreadable; /* sources whose header was not found */
};

/* The data issues of import import_id (0: the latest). Errors: CSCS_ERR_DB with the message in dl. */
enum cscs_error cscs_store_import_issues(sqlite3 *db, int64_t import_id, struct cscs_import_issues *out,
					 struct cscs_diag_list *dl);

#endif
