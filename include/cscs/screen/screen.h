/* Partner screening: partners against list entries, stored as matches. */
#ifndef CSCS_SCREEN_SCREEN_H
#define CSCS_SCREEN_SCREEN_H

#include "cscs/core/progress.h"
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cscs/core/date.h"
#include "cscs/core/diag.h"
#include "cscs/core/error.h"

/* Defaults (docs/screening.md). */
#define CSCS_SCREEN_MATCH_SCORE 90  /* score at or above which a match is "match" */
#define CSCS_SCREEN_REVIEW_SCORE 70 /* score at or above which a match is "review" */
#define CSCS_SCREEN_MIN_SIMILAR 50  /* similar names are never searched below this similarity */

struct cscs_screen_opts {
	cscs_date as_of;    /* entries removed by as_of (or listed after it) are historical */
	int match_score;    /* score at or above which a match is "match" (0..100) */
	int review_score;   /* score at or above which a match is "review" */
	bool rebuild_index; /* rebuild the list index even when it looks current */
	const struct cscs_progress *progress; /* list entries streamed of all, or NULL (called on one thread) */
};

/* The phases of a screening run, timed in the summary. */
enum cscs_screen_phase {
	CSCS_PHASE_CHECK,       /* is the list index current (fingerprint of list_entries) */
	CSCS_PHASE_INDEX_READ,  /* rebuilding it: reading and normalising the list entries */
	CSCS_PHASE_INDEX_STORE, /* rebuilding it: ranking bigrams and storing the index */
	CSCS_PHASE_LOAD,        /* reading and indexing the partners */
	CSCS_PHASE_STREAM,      /* streaming the list index against them */
	CSCS_PHASE_SCORE,       /* scoring the candidates on the real names */
	CSCS_PHASE_STORE,       /* storing matches, statuses and exposure */
	CSCS_PHASE_COUNT_
};

struct cscs_screen_summary {
	size_t n_partners;       /* partners screened */
	size_t n_listed;         /* partners with a current "match" on an adverse list */
	size_t n_review;         /* partners with a best current match in "review" */
	size_t n_matches;        /* match rows stored */
	int64_t n_list_entries;  /* list entries screened against */
	bool index_rebuilt;      /* the list index was (re)built by this run */
	char entity_status[16];  /* "listed", "review", "clear", "not_screened", or "" without an entity row */
	char legal_rep_status[16];/* the same for the legal representative */
	size_t n_not_screened;   /* partners not screened: a list not read whole, or no name or code */
	char lists_incomplete[512]; /* why the lists were not read whole (cut short), or "" */
	/*
	 * The similar-name join's work: postings its probes read, pairs whose
	 * bigrams it compared, and of them those at or above the search
	 * threshold (every such pair, before only the best few per subject
	 * are kept). How the work grows with the data shows whether the join
	 * stays near-linear (docs/performance.md).
	 */
	uint64_t n_postings_read;
	uint64_t n_pairs_compared;
	uint64_t n_pairs_similar;
	int join_threshold;      /* its threshold in percent; above 100: no similar-name search */
	size_t n_similar_overflow; /* subjects matching more entries than are scored: never reported clear */
	double seconds[CSCS_PHASE_COUNT_];     /* wall-clock time per phase */
	double cpu_seconds[CSCS_PHASE_COUNT_]; /* processor time per phase (all threads) */
};

/* A short name of a phase ("stream", ...). */
const char *cscs_screen_phase_name(enum cscs_screen_phase phase);

/* Defaults for opts (thresholds documented in docs/screening.md). */
void cscs_screen_opts_init(struct cscs_screen_opts *opts, cscs_date as_of);

/*
 * Screen the stored partners, the entity and its legal representative
 * against list_entries; replaces the stored matches (screen_matches,
 * partner_status, screen_exposure, screen_info). Builds or refreshes the
 * persistent list index first when list_entries changed. Thresholds out of
 * range (not 0..100, or review above match) are CSCS_ERR_USAGE.
 */
enum cscs_error cscs_screen_run(sqlite3 *db, const struct cscs_screen_opts *opts,
				struct cscs_screen_summary *sum, struct cscs_diag_list *dl);

/* Is list an adverse list? Every list but red_list (守信激励) is. */
bool cscs_screen_list_is_adverse(const char *list);

#endif
