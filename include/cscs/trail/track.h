/*
 * The remediation plan, tracked (issue 19): the Owner, Status, Target date
 * and Notes an officer filled in a workbook's Remediation plan sheet are
 * read back into the database (table plan_items, migration 14), matched
 * to the findings by fingerprint (the sheet's Key column), and carried to
 * the next run of the same company: still-open findings keep them, those
 * no longer found are marked resolved.
 */
#ifndef CSCS_TRAIL_TRACK_H
#define CSCS_TRAIL_TRACK_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"

/* Statuses of a plan item, in the order of plan_items.status's words. */
enum cscs_plan_status {
	CSCS_PLAN_OPEN,
	CSCS_PLAN_IN_PROGRESS,
	CSCS_PLAN_DONE,
	CSCS_PLAN_WAIVED,
	CSCS_PLAN_RESOLVED,
	CSCS_PLAN_COUNT_
};

/*
 * The key of a finding in the plan sheet: "K-" and the first 64 bits of
 * the SHA-256 of its fingerprint (check and subject) as 20 decimal
 * digits. The
 * fingerprint itself may hold an identity number, which an output never
 * shows; its hash does not.
 */
#define CSCS_PLAN_KEY_LEN 23 /* with the NUL */
const char *cscs_plan_key(const char *fingerprint, char out[CSCS_PLAN_KEY_LEN]);

/* The stored word of a status ("open", "in_progress", ...). */
const char *cscs_plan_status_name(enum cscs_plan_status s);

struct cscs_track_summary {
	int64_t run_id;                       /* the run the plan was read into */
	size_t n_rows;                        /* plan rows read */
	size_t n_owned;                       /* of them with an owner */
	size_t n_by_status[CSCS_PLAN_COUNT_]; /* of them by status */
};

/*
 * Read the Remediation plan sheet of the workbook at path (the sheet with
 * a Key column, in English or Chinese) into plan_items of run_id (0: the
 * latest complete run), replacing what that run held. Every conflict (an
 * unknown key, a status not in the vocabulary, a target date that is not
 * a date, two rows with one key) is an error naming its cell
 * ("plan.xlsx[Remediation plan]!I7"); with any, nothing is written and
 * the result is CSCS_ERR_INPUT.
 */
enum cscs_error cscs_track_read(sqlite3 *db, const char *path, int64_t run_id, const char *datadir,
				struct cscs_track_summary *out, struct cscs_diag_list *dl);

struct cscs_track_carry {
	int64_t from_run;  /* the previous run of the company, 0 when none */
	size_t n_carried;  /* plan items carried to findings still open */
	size_t n_reopened; /* of them marked done before and found again (now open) */
	size_t n_resolved; /* plan items whose finding is no longer found */
};

/*
 * After run_id completes: carry the plan of the company's previous run
 * into it (owner, status, target date, notes) for findings it still has
 * (a 'done' one found again is open again), and add the previous plan's
 * items it no longer has with status 'resolved'.
 */
enum cscs_error cscs_track_carry(sqlite3 *db, int64_t run_id, struct cscs_track_carry *out,
				 struct cscs_diag_list *dl);

#endif
