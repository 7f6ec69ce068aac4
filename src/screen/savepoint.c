#include "cscs/screen/savepoint.h"

#include "cscs/store/store.h"

enum cscs_error cscs_screen_savepoint_begin(sqlite3 *db, struct cscs_diag_list *dl)
{
	return cscs_store_exec(db, "SAVEPOINT cscs_screen", dl);
}

enum cscs_error cscs_screen_savepoint_release(sqlite3 *db, struct cscs_diag_list *dl)
{
	return cscs_store_exec(db, "RELEASE cscs_screen", dl);
}

void cscs_screen_savepoint_rollback(sqlite3 *db)
{
	/* both fail harmlessly when no savepoint is open */
	sqlite3_exec(db, "ROLLBACK TO cscs_screen", NULL, NULL, NULL);
	sqlite3_exec(db, "RELEASE cscs_screen", NULL, NULL, NULL);
}
