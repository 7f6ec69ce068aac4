/*
 * report_db DB FILE.sql...: open (creating and migrating) the audit
 * database DB and run each SQL file in it, in one transaction per file.
 * Tests and bench/report_bench use it to make stored runs without the
 * engine.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cscs/core/fs.h"
#include "cscs/store/store.h"

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: report_db DB FILE.sql...\n");
		return 2;
	}
	struct cscs_diag_list dl;
	struct cscs_store *st = NULL;
	int rc = 0;
	cscs_diag_list_init(&dl);
	if (cscs_store_open(&st, argv[1], &dl)) {
		rc = 1;
		goto out;
	}
	for (int i = 2; i < argc && rc == 0; i++) {
		char *sql = NULL;
		if (cscs_fs_read_all(argv[i], (size_t)1 << 28, &sql, NULL, &dl) || cscs_store_begin(st->db, &dl) ||
		    cscs_store_exec(st->db, sql, &dl) || cscs_store_commit(st->db, &dl)) {
			cscs_store_rollback(st->db);
			rc = 1;
		}
		free(sql);
	}
out:
	for (size_t i = 0; i < dl.n; i++) {
		char line[4096];
		fprintf(stderr, "report_db: %s\n", cscs_diag_format(&dl.items[i], line, sizeof(line)));
	}
	cscs_store_close(st);
	cscs_diag_list_finish(&dl);
	return rc;
}
