/*
 * The screening results as a workbook and as JSON, for reviewers who run
 * `cscs-audit screen` alone (the audit workbook is the report module's).
 * Both read the stored results (screen_matches, partner_status,
 * screen_exposure, screen_info) and are written all or nothing.
 */
#ifndef CSCS_SCREEN_OUTPUT_H
#define CSCS_SCREEN_OUTPUT_H

#include <sqlite3.h>
#include <stdbool.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"
#include "cscs/core/fs.h"

struct cscs_screen_output_opts {
	bool show_personal_data; /* false: identity numbers are masked */
	const char *partners;    /* the partners file, shown on the Summary sheet, or NULL */
	const char *lists;       /* the list exports folder, or NULL */
	const char *datadir;     /* where templates/labels/ is: list names in words; NULL: list ids */
	const char *lang;        /* "zh": the workbook's and the CSV's texts in Chinese; else English */
	struct cscs_atomic_group *outputs; /* NULL: each output is renamed into place when complete;
					      else the renames wait for cscs_atomic_group_commit */
};

/*
 * Write the screening workbook to path: a Summary sheet (thresholds,
 * lists, exposure by list, the entity and its legal representative), the
 * Partners sheet (every partner with its status, best match, score, band,
 * explanation and spend), Matches (every current match) and Historical
 * (matches with entries removed by the as-of date). Every text is written
 * as a string, so a name that looks like a formula stays text. The
 * partner sheets are written row by row (libxlsxwriter's constant-memory
 * mode): memory does not grow with the number of partners.
 */
enum cscs_error cscs_screen_write_workbook(sqlite3 *db, const char *path,
	const struct cscs_screen_output_opts *opts,
					   struct cscs_diag_list *dl);

/*
 * Write the Partners sheet's rows as CSV to path (screen --csv): the same
 * columns and order, UTF-8 with a byte-order mark, CRLF, RFC 4180 quoting;
 * a text that a spreadsheet would run as a formula gets a leading
 * apostrophe; identity numbers masked unless shown.
 */
enum cscs_error cscs_screen_write_csv(sqlite3 *db, const char *path, const struct cscs_screen_output_opts *opts,
				      struct cscs_diag_list *dl);

/*
 * Write the results as JSON to path: the run's settings, the counts and
 * exposure, the entity and its legal representative, and every partner
 * that has a stored match (listed, review, clear or historical); partners
 * with no match at all are counted, not listed.
 */
enum cscs_error cscs_screen_write_json(sqlite3 *db, const char *path,
	const struct cscs_screen_output_opts *opts,
				       struct cscs_diag_list *dl);

#endif
