/* Running the checklists over the stored records: one run, stored with its results. */
#ifndef CSCS_ENGINE_ENGINE_H
#define CSCS_ENGINE_ENGINE_H

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

struct cscs_engine_opts {
	cscs_date as_of;                 /* the audit's as-of date, bound as :as_of */
	const char *const *checklists;   /* checklist files or folders */
	size_t n_checklists;             /* number of entries in checklists */
	const char *profile;             /* profile file, or NULL */
	const char *waivers;             /* waivers file, or NULL */
	const char *command_line;        /* stored with the run */
	const char *lang;                /* "en" or "zh", stored with the run */
	int64_t import_id;               /* the import the run reads (imports.id) */
	unsigned time_budget_ms;         /* per check; 0 = default */
};

struct cscs_run_summary {
	int64_t run_id;                        /* runs.id */
	size_t n_checks;                       /* checks run */
	size_t n_by_status[6];                 /* fail, pass, not_applicable, insufficient_data, error, waived */
	size_t n_findings;                     /* unwaived findings */
	size_t n_findings_by_severity[CSCS_SEV_COUNT_]; /* unwaived findings by severity */
	int score;                             /* 0..1000 */
	char grade[2];                         /* "A".."D" */
};

/*
 * Load the checklists (refusing malformed ones with file:line in dl),
 * run each check in force on as_of in the read-only sandbox, store the
 * run, its results and findings, and fill sum.
 */
enum cscs_error cscs_engine_run(struct cscs_store *st, const struct cscs_engine_opts *opts,
				struct cscs_run_summary *sum, struct cscs_diag_list *dl);

#endif
