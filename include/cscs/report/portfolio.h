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

/* One entity of a group (group.csv): its row and its pack. */
struct cscs_group_entity {
	char *entity;      /* name as group.csv gives it */
	char *uscc;        /* or NULL */
	char *parent;      /* the parent's USCC or name, or NULL */
	char *relation;    /* parent, subsidiary or branch */
	char *pack;        /* its folder, relative to the group's */
	size_t pack_index; /* into the batch's packs; SIZE_MAX when no pack was found there */
};

/* A finding over several entities of a group (GRP-001 ...). */
struct cscs_group_finding {
	const char *check_id; /* "GRP-001" */
	int sev;              /* enum cscs_severity */
	size_t entity;        /* the entity it is on (index into the group's entities) */
	char *subject;        /* identity numbers masked unless shown */
	char *detail;         /* English */
	char *detail_zh;      /* Chinese */
};

struct cscs_portfolio_group {
	char *rel; /* the group's folder, relative to the batch folder */
	struct cscs_group_entity *e;
	size_t n_e;
	struct cscs_group_finding *f;
	size_t n_f;
};

struct cscs_portfolio_opts {
	const char *lang;         /* "en" or "zh" */
	cscs_date as_of;          /* the batch's as-of date: deadlines count from it */
	int horizon_days;         /* Deadlines sheet horizon; 0 = 90 */
	bool show_personal_data;  /* false: identity numbers in finding subjects are masked */
	const struct cscs_portfolio_group *groups; /* groups of the batch (a Groups sheet), or NULL */
	size_t n_groups;
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
