/* Running the checklists over the stored records: one run, stored with its results. */
#ifndef CSCS_ENGINE_ENGINE_H
#define CSCS_ENGINE_ENGINE_H

#include "cscs/core/progress.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cscs/core/date.h"
#include "cscs/core/diag.h"
#include "cscs/core/error.h"
#include "cscs/store/store.h"

enum cscs_severity {
	CSCS_SEV_CRITICAL,
	CSCS_SEV_HIGH,
	CSCS_SEV_MEDIUM,
	CSCS_SEV_LOW,
	CSCS_SEV_INFO,
	CSCS_SEV_COUNT_
};

/* "critical", "high", ... */
const char *cscs_severity_name(enum cscs_severity s);
/* Parse a severity name; false when unknown. */
bool cscs_severity_parse(const char *s, enum cscs_severity *out);

/* The state of one check in a run; the order of cscs_run_summary.n_by_status. */
enum cscs_status {
	CSCS_STATUS_FAIL,              /* the query returned at least one unwaived row */
	CSCS_STATUS_PASS,              /* the query returned no row */
	CSCS_STATUS_NOT_APPLICABLE,    /* the applies query returned no row */
	CSCS_STATUS_INSUFFICIENT_DATA, /* a required record type holds no row */
	CSCS_STATUS_ERROR,             /* the query failed or ran out of time */
	CSCS_STATUS_WAIVED,            /* every finding is covered by a waiver */
	CSCS_STATUS_COUNT_
};

/* "fail", "pass", "not_applicable", "insufficient_data", "error", "waived". */
const char *cscs_status_name(enum cscs_status s);
/* Parse a status name; false when unknown. */
bool cscs_status_parse(const char *s, enum cscs_status *out);

/* Default time budget of one check (applies query and query together). */
#define CSCS_ENGINE_DEFAULT_BUDGET_MS 5000u

struct cscs_engine_opts {
	cscs_date as_of;                 /* the audit's as-of date, bound as :as_of */
	const char *const *checklists;   /* checklist files or folders */
	size_t n_checklists;             /* number of entries in checklists */
	const char *profile;             /* profile file, or NULL */
	const char *waivers;             /* waivers file, or NULL */
	const char *command_line;        /* stored with the run */
	const char *config;              /* the project file read (cscs-audit.ini), or NULL */
	const char *batch_config;        /* --batch: the batch's project file, when it gave this run options too */
	const char *lang;                /* "en" or "zh", stored with the run */
	int64_t import_id;               /* the import the run reads (imports.id); 0 = the latest */
	unsigned time_budget_ms;         /* per check; 0 = CSCS_ENGINE_DEFAULT_BUDGET_MS */
	const struct cscs_progress *progress; /* checks run of the checks selected, or NULL */
};

struct cscs_run_summary {
	int64_t run_id;                        /* runs.id */
	size_t n_checks;                       /* checks run */
	size_t n_by_status[6];                 /* checks by status, in enum cscs_status order */
	size_t n_findings;                     /* unwaived findings */
	size_t n_findings_by_severity[CSCS_SEV_COUNT_]; /* unwaived findings by severity */
	int score;                             /* 0..1000 */
	char grade[2];                         /* "A".."D" */
	int fix_top_score;                     /* the score with the checks of fix_top passing */
	char fix_top[128];                     /* the (up to three) largest deductions, "A, B, C"; "" when none */
	int coverage_pct;                      /* evaluated of applicable checks, %; -1: none applied */
	char provisional[512];                 /* why the grade is provisional, one reason a line (cut short); "" when not */
	size_t n_waivers_applied;              /* waivers that covered at least one finding */
	size_t n_waivers_expired;              /* waivers that no longer apply on as_of */
};

/*
 * Load the checklists (refusing malformed ones with file:line in dl),
 * select the checks in force on as_of (and by the profile), run each in
 * the read-only sandbox, apply the waivers, score, and store the run with
 * its inputs, results and findings in one transaction; fill sum.
 * Errors: CSCS_ERR_CHECKLIST for a malformed checklist, profile or
 * waivers file (or no check to run), CSCS_ERR_DB, CSCS_ERR_IO. A check
 * that fails or runs out of time is a result (error), not a failure of the run.
 */
enum cscs_error cscs_engine_run(struct cscs_store *st, const struct cscs_engine_opts *opts,
				struct cscs_run_summary *sum, struct cscs_diag_list *dl);

#endif
