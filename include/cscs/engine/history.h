/*
 * Run history: what changed between two stored runs. Findings are
 * compared by fingerprint (check_id|subject): new (only in the later
 * run), resolved (only in the earlier) and unchanged (in both). Several
 * findings with one fingerprint count once.
 */
#ifndef CSCS_ENGINE_HISTORY_H
#define CSCS_ENGINE_HISTORY_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"

enum cscs_delta_kind {
	CSCS_DELTA_NEW,       /* only in the later run */
	CSCS_DELTA_RESOLVED,  /* only in the earlier run */
	CSCS_DELTA_UNCHANGED, /* in both */
	CSCS_DELTA_COUNT_
};

struct cscs_delta_item {
	enum cscs_delta_kind kind; /* new, resolved or unchanged */
	char *fingerprint;         /* check_id|subject */
	char *check_id;            /* the check */
	char *subject;             /* the finding's subject, or NULL */
	char *detail;              /* its detail (from the later run, or the earlier for resolved), or NULL */
	char *severity;            /* the check's severity in that run, or NULL */
	char *title;               /* the check's title in that run, or NULL */
	bool waived;               /* the finding was waived in that run */
};

struct cscs_run_info {
	int64_t id;          /* runs.id */
	char *as_of;         /* YYYY-MM-DD */
	char *finished_at;   /* ISO time, or NULL */
	char *entity_name;   /* or NULL */
	char *entity_uscc;   /* or NULL */
	bool has_score;      /* score and grade were stored */
	int score;           /* 0..1000 */
	char grade[2];       /* "A".."D" or "" */
};

struct cscs_delta {
	struct cscs_run_info a;           /* the earlier run */
	struct cscs_run_info b;           /* the later run */
	struct cscs_delta_item *items;    /* new, resolved, unchanged; each by severity, check, subject */
	size_t n;                         /* entries in items */
	size_t n_by_kind[CSCS_DELTA_COUNT_]; /* items of each kind */
};

/* "new", "resolved", "unchanged". */
const char *cscs_delta_kind_name(enum cscs_delta_kind k);

/* The latest complete run, or *run_id = 0 when there is none. */
enum cscs_error cscs_history_latest_run(sqlite3 *db, int64_t *run_id, struct cscs_diag_list *dl);

/*
 * The run to compare run_id with: the latest complete run of the same
 * entity (same entity_uscc, NULL matching NULL) with a lower id, or
 * *prev = 0 when there is none.
 */
enum cscs_error cscs_history_previous_run(sqlite3 *db, int64_t run_id, int64_t *prev,
					  struct cscs_diag_list *dl);

/*
 * Compare the findings of run_a (earlier) and run_b (later) into out
 * (initialised here; release with cscs_history_delta_finish). A run that
 * does not exist is CSCS_ERR_NOT_FOUND; one that is not complete is
 * CSCS_ERR_INPUT.
 */
enum cscs_error cscs_history_delta(sqlite3 *db, int64_t run_a, int64_t run_b, struct cscs_delta *out,
				   struct cscs_diag_list *dl);

/* Release what a delta holds. */
void cscs_history_delta_finish(struct cscs_delta *d);

#endif
