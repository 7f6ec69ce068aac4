/* Placeholder until the intake issue lands; replaced, not extended. */
#include "cscs/intake/import.h"

enum cscs_error cscs_import_pack(sqlite3 *db, const char *pack, const struct cscs_import_opts *opts,
				 struct cscs_import_summary *sum, struct cscs_diag_list *dl)
{
	(void)db;
	(void)opts;
	(void)sum;
	cscs_diag_error(dl, pack, 0, 0, "record intake is not available in this build yet");
	return CSCS_ERR_INTERNAL;
}
