/*
 * Sign-off and seal (issue 19). The first sign-off of a run seals it: a
 * hash chain over the run's row, its inputs (their SHA-256), results,
 * findings and the outputs written so far is stored in run_seals.
 * 'cscs-audit verify' recomputes it: an edited row no longer matches.
 */
#ifndef CSCS_TRAIL_SEAL_H
#define CSCS_TRAIL_SEAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"
#include "cscs/core/fs.h"

/* The parts of the chain, in chain order. */
enum cscs_seal_part { CSCS_SEAL_RUN, CSCS_SEAL_INPUTS, CSCS_SEAL_RESULTS, CSCS_SEAL_FINDINGS, CSCS_SEAL_OUTPUTS,
		      CSCS_SEAL_EVIDENCE, CSCS_SEAL_COUNT_ };

/* "run", "inputs", "results", "findings", "outputs", "evidence". */
const char *cscs_seal_part_name(enum cscs_seal_part p);

struct cscs_seal {
	bool sealed;                                      /* a seal is stored (for cscs_seal_load) */
	char sealed_at[32];                               /* UTC */
	char part[CSCS_SEAL_COUNT_][CSCS_SHA256_HEX_LEN]; /* hash of each part */
	char chain[CSCS_SHA256_HEX_LEN];                  /* h = sha256(h || part), from the first part on */
};

/* Compute the seal of run_id from the database as it is now (outputs: those written up to sealed_before_id, 0: all). */
enum cscs_error cscs_seal_compute(sqlite3 *db, int64_t run_id, int64_t outputs_up_to, struct cscs_seal *out,
				  struct cscs_diag_list *dl);

/* The stored seal of run_id; out->sealed false when the run is not sealed. */
enum cscs_error cscs_seal_load(sqlite3 *db, int64_t run_id, struct cscs_seal *out, int64_t *outputs_up_to,
			       struct cscs_diag_list *dl);

/*
 * Record a sign-off of run_id (a complete run) as role ("reviewer" or
 * "approver") by name, with an optional note; the first seals the run.
 * A run already sealed whose rows no longer match its seal is refused
 * (CSCS_ERR_INPUT): nobody signs changed data. *sealed_now says whether
 * this sign-off sealed it.
 */
enum cscs_error cscs_signoff(sqlite3 *db, int64_t run_id, const char *role, const char *name, const char *note,
			     struct cscs_seal *seal, bool *sealed_now, struct cscs_diag_list *dl);

/*
 * After the report of run_id was written to path (kind "workbook" or
 * "json"): store its SHA-256, so verify can tell the file later. A path
 * that is not a regular file (standard output, a device) is passed over.
 */
enum cscs_error cscs_trail_record_output(sqlite3 *db, int64_t run_id, const char *kind, const char *path,
					 struct cscs_diag_list *dl);

#endif
