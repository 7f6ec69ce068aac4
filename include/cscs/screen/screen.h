/* Partner screening: partners against list entries, stored as matches. */
#ifndef CSCS_SCREEN_SCREEN_H
#define CSCS_SCREEN_SCREEN_H

#include <sqlite3.h>
#include <stddef.h>

#include "cscs/core/date.h"
#include "cscs/core/diag.h"
#include "cscs/core/error.h"

struct cscs_screen_opts {
	cscs_date as_of;    /* entries removed before as_of are historical */
	int match_score;    /* score at or above which a match is "match" (0..100) */
	int review_score;   /* score at or above which a match is "review" */
};

struct cscs_screen_summary {
	size_t n_partners;  /* partners screened */
	size_t n_listed;    /* partners with a current "match" */
	size_t n_review;    /* partners with a best match in "review" */
	size_t n_matches;   /* match rows stored */
};

/* Defaults for opts (thresholds documented in docs/screening.md). */
void cscs_screen_opts_init(struct cscs_screen_opts *opts, cscs_date as_of);

/*
 * Screen the stored partners, the entity and its legal representative
 * against list_entries; replaces the stored matches.
 */
enum cscs_error cscs_screen_run(sqlite3 *db, const struct cscs_screen_opts *opts,
				struct cscs_screen_summary *sum, struct cscs_diag_list *dl);

#endif
