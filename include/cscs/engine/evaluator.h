/*
 * Running one check in the sandbox and turning its rows into findings.
 *
 * Order: the applies query (no row: not_applicable), then the required
 * record types (one empty or missing: insufficient_data), then the query
 * (rows: fail, none: pass). A query that does not prepare, fails or runs
 * out of time gives error; the run goes on.
 *
 * Absence of data is never a pass: the columns a query reads are taken
 * from the authorizer at prepare time, and stored rows with an unknown
 * value (unknown_values) in one of them, or a source of a record type it
 * reads that was not read (source_files.state 'unreadable'), turn a pass
 * into insufficient_data naming them; a fail keeps its findings and names
 * them in its reason. An applies query that found no row on unknown
 * values is insufficient_data too, not not_applicable.
 */
#ifndef CSCS_ENGINE_EVALUATOR_H
#define CSCS_ENGINE_EVALUATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cscs/core/date.h"
#include "cscs/core/diag.h"
#include "cscs/core/error.h"
#include "cscs/engine/checklist.h"
#include "cscs/engine/engine.h"
#include "cscs/engine/sandbox.h"

struct cscs_waiver;

struct cscs_finding {
	char *subject;                    /* the subject column, or NULL: the finding's identity */
	char *subject_shown;              /* the subject as the report's language shows it (subject.zh), or NULL: subject */
	char *detail;                     /* the detail column, or NULL */
	char *due_date;                   /* the due_date column, or NULL */
	char *source_file;                /* record file (from src_file or source_ref), or NULL */
	int64_t source_line;              /* line in it, 0 when unknown */
	char *evidence;                   /* other columns as a JSON object, or NULL when none */
	const struct cscs_waiver *waiver; /* the active waiver covering it, or NULL */
};

struct cscs_check_result {
	const struct cscs_check *check;   /* the check version that ran */
	enum cscs_status status;          /* final state (waived when every finding is waived) */
	enum cscs_status original_status; /* state before waivers */
	char *reason;                     /* why it is not a plain pass or fail, or NULL */
	struct cscs_finding *findings;    /* one per row of the query */
	size_t n_findings;                /* entries in findings */
	size_t cap_findings;              /* allocated entries */
	size_t n_waived;                  /* findings covered by a waiver */
	enum cscs_severity severity;      /* severity after the profile */
	double weight;                    /* weight after the profile */
	char *override;                   /* what the profile changed, or NULL */
	int deduction;                    /* points deducted by the score */
	size_t n_unjudged;                /* rows with an unknown value in a column it reads, not judged */
};

struct cscs_evaluator;

/* An evaluator over sb (not owned) for as_of. */
enum cscs_error cscs_evaluator_create(struct cscs_evaluator **out, struct cscs_sandbox *sb, cscs_date as_of);

/* Free the evaluator; NULL is a no-op. */
void cscs_evaluator_destroy(struct cscs_evaluator *ev);

/* Word findings from the checks' detail templates in lang ("en" or "zh"; default en). */
void cscs_evaluator_set_lang(struct cscs_evaluator *ev, const char *lang);

/*
 * Run check c and fill res (initialised here; release with
 * cscs_check_result_finish). A check that cannot run is a result with
 * status error, not a failure: only CSCS_ERR_NOMEM is returned.
 */
enum cscs_error cscs_evaluate(struct cscs_evaluator *ev, const struct cscs_check *c,
			      struct cscs_check_result *res);

/* Release what a result holds. */
void cscs_check_result_finish(struct cscs_check_result *res);

#endif
