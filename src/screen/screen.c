/* Placeholder until the screening issue lands; replaced, not extended. */
#include "cscs/screen/screen.h"

void cscs_screen_opts_init(struct cscs_screen_opts *opts, cscs_date as_of)
{
	opts->as_of = as_of;
	opts->match_score = 90;
	opts->review_score = 70;
}

enum cscs_error cscs_screen_run(sqlite3 *db, const struct cscs_screen_opts *opts,
				struct cscs_screen_summary *sum, struct cscs_diag_list *dl)
{
	(void)db;
	(void)opts;
	(void)dl;
	*sum = (struct cscs_screen_summary){0};
	return CSCS_OK;
}
