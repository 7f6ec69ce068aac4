/*
 * Waivers: accepted findings, with a reason, an approver and an expiry.
 * A CSV file with a header row (docs/checklists.md, "Waivers"):
 *
 *   check_id,subject,justification,approver,granted_on,expires_on
 *   LIC-001,SH-2019-0042,Renewal filed; authority confirmed receipt,Li Wei (CFO),2025-03-01,2025-09-30
 *
 * Every column but subject is required. An empty subject waives every
 * finding of the check; otherwise it is matched exactly or as a glob.
 */
#ifndef CSCS_ENGINE_WAIVER_H
#define CSCS_ENGINE_WAIVER_H

#include <stdbool.h>
#include <stddef.h>

#include "cscs/core/date.h"
#include "cscs/core/diag.h"
#include "cscs/core/error.h"
#include "cscs/engine/evaluator.h"

enum cscs_waiver_state {
	CSCS_WAIVER_ACTIVE,  /* granted_on <= as_of <= expires_on */
	CSCS_WAIVER_EXPIRED, /* expires_on < as_of: it no longer applies */
	CSCS_WAIVER_NOT_YET, /* as_of < granted_on: it does not apply yet */
};

struct cscs_waiver {
	char *check_id;         /* the check it waives (exact id) */
	char *subject;          /* finding subject, exact or glob; NULL = every finding */
	char *justification;    /* why the finding is accepted */
	char *approver;         /* who accepted it */
	cscs_date granted_on;   /* first day it applies */
	cscs_date expires_on;   /* last day it applies */
	unsigned long line;     /* line in the waivers file */
	size_t n_applied;       /* findings it waived in this run */
	size_t n_inactive;      /* findings it matched while expired or not yet valid */
	bool check_ran;         /* its check ran in this run */
};

struct cscs_waivers {
	char *path;                /* the file */
	struct cscs_waiver *items; /* in file order; the first active match wins */
	size_t n;                  /* entries in items */
};

/* Most bytes of waiver text one waivers file may hold (they are kept in memory). */
#define CSCS_WAIVERS_MAX_BYTES (16u * 1024 * 1024)

/*
 * Read the waivers CSV at path (any of UTF-8 or GB18030, as the CSV
 * reader detects). A malformed file is refused as a whole with
 * file:line:column in dl and CSCS_ERR_CHECKLIST.
 */
enum cscs_error cscs_waivers_load(const char *path, struct cscs_waivers **out, struct cscs_diag_list *dl);

/* Free the waivers; NULL is a no-op. */
void cscs_waivers_destroy(struct cscs_waivers *ws);

/* The state of w on as_of. */
enum cscs_waiver_state cscs_waiver_state(const struct cscs_waiver *w, cscs_date as_of);

/* "active", "expired", "not_yet_valid". */
const char *cscs_waiver_state_name(enum cscs_waiver_state s);

/* True when w is about check_id and subject (NULL subject matches only a waiver without one). */
bool cscs_waiver_matches(const struct cscs_waiver *w, const char *check_id, const char *subject);

/*
 * Mark the findings of res that an active waiver covers (first matching
 * waiver in file order), count inactive matches, and set res->status to
 * waived when every finding is covered (original_status stays fail).
 */
enum cscs_error cscs_waivers_apply(struct cscs_waivers *ws, struct cscs_check_result *res, cscs_date as_of);

#endif
