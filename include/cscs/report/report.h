/* Writing a stored run: the workbook, JSON and CSV. */
#ifndef CSCS_REPORT_REPORT_H
#define CSCS_REPORT_REPORT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"

struct cscs_report_opts {
	const char *lang;        /* "en" or "zh" */
	const char *title;       /* report title, or NULL for the default */
	const char *prepared_by; /* or NULL */
	const char *logo;        /* PNG/JPEG for the Summary, or NULL */
	bool show_personal_data; /* false: identity numbers are masked */
	int horizon_days;        /* Deadlines sheet horizon; 0 = 90 */
};

/* Write run_id of db as an .xlsx workbook at path, all or nothing. */
enum cscs_error cscs_report_workbook(sqlite3 *db, int64_t run_id, const char *path,
				     const struct cscs_report_opts *opts, struct cscs_diag_list *dl);

/* Write run_id as JSON at path, all or nothing. */
enum cscs_error cscs_report_json(sqlite3 *db, int64_t run_id, const char *path,
				 const struct cscs_report_opts *opts, struct cscs_diag_list *dl);

/* Write one CSV per sheet (UTF-8 with BOM) into the folder dir. */
enum cscs_error cscs_report_csv(sqlite3 *db, int64_t run_id, const char *dir,
				const struct cscs_report_opts *opts, struct cscs_diag_list *dl);

#endif
