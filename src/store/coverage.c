#include "cscs/store/coverage.h"

#include <stdbool.h>
#include <string.h>

#include "cscs/store/store.h"

static bool has_column(sqlite3 *db, const char *table, const char *column)
{
	return sqlite3_table_column_metadata(db, "main", table, column, NULL, NULL, NULL, NULL, NULL) == SQLITE_OK;
}

enum cscs_error cscs_store_import_coverage(sqlite3 *db, int64_t import_id, struct cscs_import_coverage *out,
					   struct cscs_diag_list *dl)
{
	*out = (struct cscs_import_coverage){0};
	bool v6 = has_column(db, "source_files", "state") && has_column(db, "unknown_values", "record_id");
	sqlite3_stmt *st = NULL;
	enum cscs_error err = cscs_store_prepare(db, v6
		? "WITH i AS (SELECT CASE WHEN ?1 > 0 THEN ?1 ELSE (SELECT max(id) FROM imports) END AS id)"
		  " SELECT (SELECT count(*) FROM source_files, i WHERE import_id = i.id),"
		  " (SELECT coalesce(sum(n_rows), 0) FROM source_files, i WHERE import_id = i.id),"
		  " (SELECT count(*) FROM (SELECT DISTINCT record_table, record_id FROM unknown_values, i"
		  "  WHERE import_id = i.id)),"
		  " (SELECT coalesce(sum(n_rejected), 0) FROM source_files, i WHERE import_id = i.id),"
		  " (SELECT count(*) FROM source_files, i WHERE import_id = i.id AND state = 'unreadable')"
		: "WITH i AS (SELECT CASE WHEN ?1 > 0 THEN ?1 ELSE (SELECT max(id) FROM imports) END AS id)"
		  " SELECT (SELECT count(*) FROM source_files, i WHERE import_id = i.id),"
		  " (SELECT coalesce(sum(n_rows), 0) FROM source_files, i WHERE import_id = i.id), 0,"
		  " (SELECT coalesce(sum(n_rejected), 0) FROM source_files, i WHERE import_id = i.id), 0",
		&st, dl);
	if (err)
		return err;
	sqlite3_bind_int64(st, 1, import_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->n_files = sqlite3_column_int64(st, 0);
		out->n_rows = sqlite3_column_int64(st, 1);
		out->n_rows_unknown = sqlite3_column_int64(st, 2);
		out->n_rejected = sqlite3_column_int64(st, 3);
		out->n_unreadable = sqlite3_column_int64(st, 4);
	} else {
		err = cscs_store_error(db, rc, "reading the import's coverage", dl);
	}
	sqlite3_finalize(st);
	return err;
}

enum cscs_error cscs_store_import_issues(sqlite3 *db, int64_t import_id, struct cscs_import_issues *out,
					 struct cscs_diag_list *dl)
{
	*out = (struct cscs_import_issues){0};
	sqlite3_stmt *st = NULL;
	enum cscs_error err = cscs_store_prepare(db,
		"SELECT level, count(*) FROM data_issues WHERE import_id ="
		" (CASE WHEN ?1 > 0 THEN ?1 ELSE (SELECT max(id) FROM imports) END) GROUP BY level", &st, dl);
	if (err)
		return err;
	sqlite3_bind_int64(st, 1, import_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *level = (const char *)sqlite3_column_text(st, 0);
		int64_t n = sqlite3_column_int64(st, 1);
		if (!level)
			continue;
		if (strcmp(level, "rejected") == 0)
			out->n_rejected += n;
		else if (strcmp(level, "flagged") == 0)
			out->n_flagged += n;
		else if (strcmp(level, "unknown") == 0)
			out->n_unknown += n;
		else if (strcmp(level, "unreadable") == 0)
			out->n_unreadable += n;
	}
	if (rc != SQLITE_DONE)
		err = cscs_store_error(db, rc, "reading the import's data issues", dl);
	sqlite3_finalize(st);
	return err;
}
