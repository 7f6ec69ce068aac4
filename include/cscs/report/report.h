/*
 * Writing a stored run: the audit workbook (.xlsx), JSON and CSV. Each
 * reads the run from the database only, and writes all or nothing: a
 * temporary file beside the destination is renamed into place once
 * complete, so a failure leaves no partial file and an earlier output
 * untouched.
 */
#ifndef CSCS_REPORT_REPORT_H
#define CSCS_REPORT_REPORT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "cscs/core/diag.h"
#include "cscs/core/fs.h"
#include "cscs/core/error.h"

struct cscs_report_opts {
	const char *lang;        /* "en" or "zh" (NULL: "en") */
	const char *datadir;     /* folder holding templates/labels/<lang>.tsv (workbook and CSV need it) */
	const char *title;       /* report title, or NULL for the default */
	const char *prepared_by; /* or NULL */
	const char *logo;        /* PNG/JPEG for the Summary, or NULL */
	bool show_personal_data; /* false: identity numbers are masked */
	bool csv_raw;            /* CSV text values exactly as they are: no apostrophe before =, +, -, @, tab, CR */
	int horizon_days;        /* Deadlines sheet horizon; 0 = 90 */
	const char *pack;        /* the record pack folder as the command names it: the workbook links
				    each finding to the evidence/ files its record names; NULL: no links */
	const char *evidence_href; /* or the links' folder as given, relative to the workbook ("evidence/" in
				      a bundle); NULL: computed from pack */
	struct cscs_atomic_group *outputs; /* NULL: each output is renamed into place when complete;
					      else the renames wait for cscs_atomic_group_commit */
};

/*
 * Write run_id of db as an .xlsx workbook at path, all or nothing. The
 * sheets: Summary, Findings, Remediation plan, Deadlines, Partners (when
 * partners were screened), Checks, Data quality, Run info. Errors:
 * CSCS_ERR_NOT_FOUND (no such run, no label catalogue), CSCS_ERR_INPUT
 * (unusable logo), CSCS_ERR_IO, CSCS_ERR_XLSX, CSCS_ERR_DB.
 */
enum cscs_error cscs_report_workbook(sqlite3 *db, int64_t run_id, const char *path,
				     const struct cscs_report_opts *opts, struct cscs_diag_list *dl);

/*
 * Write run_id as JSON at path, all or nothing: entity, as_of, score,
 * grade, counts, coverage, delta, checks, findings, data_issues,
 * partners and run info (docs/report.md lists the fields).
 */
enum cscs_error cscs_report_json(sqlite3 *db, int64_t run_id, const char *path,
				 const struct cscs_report_opts *opts, struct cscs_diag_list *dl);

/*
 * Write one CSV per sheet (UTF-8 with BOM, RFC 4180) into the folder dir,
 * creating it if needed; each file is written all or nothing. Values are
 * data: nothing is neutralised against spreadsheet formulas.
 */
enum cscs_error cscs_report_csv(sqlite3 *db, int64_t run_id, const char *dir,
				const struct cscs_report_opts *opts, struct cscs_diag_list *dl);

#endif
