/*
 * The portfolio: one row per audited pack of a batch (audit --batch), read
 * from the history database the batch stored every run in, written as
 * portfolio.xlsx and portfolio.json (docs/report.md, "Portfolio").
 */
#ifndef CSCS_REPORT_PORTFOLIO_H
#define CSCS_REPORT_PORTFOLIO_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "cscs/core/date.h"
#include "cscs/core/diag.h"
#include "cscs/core/error.h"

/* One pack of the batch, audited or not. */
struct cscs_portfolio_pack {
	const char *pack;     /* the pack's path relative to the batch folder ("." for the folder itself) */
	const char *name;     /* output name: NAME.xlsx and NAME.json beside the portfolio */
	int64_t run_id;       /* its run in the history database; 0 when the audit failed */
	const char *error;    /* why it failed (the audit's messages), or NULL */
};

struct cscs_portfolio_opts {
	const char *lang;         /* "en" or "zh" */
	cscs_date as_of;          /* the batch's as-of date: deadlines count from it */
	int horizon_days;         /* Deadlines sheet horizon; 0 = 90 */
	bool show_personal_data;  /* false: identity numbers in finding subjects are masked */
};

/*
 * Write the portfolio workbook at xlsx_path and the JSON at json_path
 * (either may be NULL), all or nothing each. Errors: CSCS_ERR_DB,
 * CSCS_ERR_IO, CSCS_ERR_XLSX, CSCS_ERR_NOMEM.
 */
enum cscs_error cscs_report_portfolio(sqlite3 *db, const struct cscs_portfolio_pack *packs, size_t n,
				      const struct cscs_portfolio_opts *opts, const char *xlsx_path,
				      const char *json_path, struct cscs_diag_list *dl);

#endif
