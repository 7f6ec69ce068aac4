/* Placeholder until the report issue lands; replaced, not extended. */
#include "cscs/report/report.h"

enum cscs_error cscs_report_workbook(sqlite3 *db, int64_t run_id, const char *path,
				     const struct cscs_report_opts *opts, struct cscs_diag_list *dl)
{
	(void)db;
	(void)run_id;
	(void)opts;
	cscs_diag_error(dl, path, 0, 0, "the workbook writer is not available in this build yet");
	return CSCS_ERR_INTERNAL;
}

enum cscs_error cscs_report_json(sqlite3 *db, int64_t run_id, const char *path,
				 const struct cscs_report_opts *opts, struct cscs_diag_list *dl)
{
	(void)db;
	(void)run_id;
	(void)opts;
	cscs_diag_error(dl, path, 0, 0, "the JSON writer is not available in this build yet");
	return CSCS_ERR_INTERNAL;
}

enum cscs_error cscs_report_csv(sqlite3 *db, int64_t run_id, const char *dir,
				const struct cscs_report_opts *opts, struct cscs_diag_list *dl)
{
	(void)db;
	(void)run_id;
	(void)opts;
	cscs_diag_error(dl, dir, 0, 0, "the CSV writer is not available in this build yet");
	return CSCS_ERR_INTERNAL;
}
