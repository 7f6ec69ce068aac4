#include "cscs/screen/coverage.h"

#include <stdio.h>
#include <string.h>

#include "cscs/store/store.h"

/*
 * Per list source of the latest import that read lists: its problems.
 * unknown_values may be absent in a database from before migration 6;
 * the importer then rejected such rows, which n_rejected counts.
 */
static const char sources_sql[] =
	"WITH cur AS (SELECT max(import_id) AS id FROM source_files WHERE record_type = 'list_entries')"
	" SELECT f.path, f.state, f.n_rows, f.n_rejected,"
	"  (SELECT count(DISTINCT u.record_id) FROM unknown_values u WHERE u.src_file = f.id"
	"   AND u.record_table = 'list_entries'"
	"   AND u.column_name IN ('name', 'uscc', 'list', 'listed_on', 'removed_on')),"
	"  (SELECT group_concat(DISTINCT u.column_name) FROM unknown_values u WHERE u.src_file = f.id"
	"   AND u.record_table = 'list_entries'"
	"   AND u.column_name IN ('name', 'uscc', 'list', 'listed_on', 'removed_on'))"
	" FROM source_files f, cur WHERE f.record_type = 'list_entries' AND f.import_id = cur.id"
	" ORDER BY f.path";

static const char sources_sql_old[] =
	"WITH cur AS (SELECT max(import_id) AS id FROM source_files WHERE record_type = 'list_entries')"
	" SELECT f.path, 'read', f.n_rows, f.n_rejected, 0, NULL"
	" FROM source_files f, cur WHERE f.record_type = 'list_entries' AND f.import_id = cur.id"
	" ORDER BY f.path";

static bool has_table(sqlite3 *db, const char *name)
{
	return sqlite3_table_column_metadata(db, "main", name, NULL, NULL, NULL, NULL, NULL, NULL) == SQLITE_OK;
}

enum cscs_error cscs_screen_lists_incomplete(sqlite3 *db, struct cscs_buf *why, struct cscs_diag_list *dl)
{
	sqlite3_stmt *st = NULL;
	bool new_schema = has_table(db, "unknown_values") &&
			  sqlite3_table_column_metadata(db, "main", "source_files", "state", NULL, NULL, NULL, NULL,
							NULL) == SQLITE_OK;
	enum cscs_error err = cscs_store_prepare(db, new_schema ? sources_sql : sources_sql_old, &st, dl);
	if (err)
		return err;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 0);
		const char *state = (const char *)sqlite3_column_text(st, 1);
		int64_t n_rows = sqlite3_column_int64(st, 2), n_rejected = sqlite3_column_int64(st, 3);
		int64_t n_unknown = sqlite3_column_int64(st, 4);
		const char *columns = (const char *)sqlite3_column_text(st, 5);
		if (state && strcmp(state, "unreadable") == 0) {
			cscs_buf_addf(why, "%s%s was not read (its header was not found)", why->len ? "; " : "",
				      path ? path : "?");
			continue;
		}
		if (n_rejected)
			cscs_buf_addf(why, "%s%s: %lld of %lld rows rejected", why->len ? "; " : "", path ? path : "?",
				      (long long)n_rejected, (long long)(n_rows + n_rejected));
		if (n_unknown)
			cscs_buf_addf(why, "%s%s: %lld row%s with an unknown %s", why->len ? "; " : "",
				      path ? path : "?", (long long)n_unknown, n_unknown == 1 ? "" : "s",
				      columns ? columns : "value");
	}
	if (rc != SQLITE_DONE)
		err = cscs_store_error(db, rc, "reading the list sources", dl);
	sqlite3_finalize(st);
	if (!err && !why->len) {
		sqlite3_stmt *cnt = NULL;
		if ((err = cscs_store_prepare(db, "SELECT EXISTS (SELECT 1 FROM list_entries)", &cnt, dl)))
			return err;
		if (sqlite3_step(cnt) == SQLITE_ROW && sqlite3_column_int(cnt, 0) == 0)
			cscs_buf_adds(why, "no list entries to screen against (no list exports given, or none read)");
		sqlite3_finalize(cnt);
	}
	return err || !why->oom ? err : CSCS_ERR_NOMEM;
}

/* A name that says nothing: empty or a placeholder people write for "none". */
#define NO_NAME(col) \
	"coalesce(trim(" col "), '') IN ('', '-', '--', '—', '/', '无', '暂无', 'N/A', 'n/a', 'NA', 'none')"

enum cscs_error cscs_screen_mark_not_screened(sqlite3 *db, struct cscs_screen_summary *sum,
					      struct cscs_diag_list *dl)
{
	struct cscs_buf why = CSCS_BUF_INIT;
	sqlite3_stmt *st = NULL;
	enum cscs_error err = cscs_screen_lists_incomplete(db, &why, dl);
	if (err)
		goto out;
	if ((err = cscs_store_prepare(db,
			"UPDATE partner_status SET status = 'not_screened', reason = 'no name or credit code to screen by'"
			" WHERE status = 'clear' AND partner_id IN (SELECT id FROM partners WHERE " NO_NAME("name")
			" AND " NO_NAME("uscc") ")", &st, dl)))
		goto out;
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		err = cscs_store_error(db, rc, "marking partners not screened", dl);
		goto out;
	}
	if (why.len) {
		snprintf(sum->lists_incomplete, sizeof(sum->lists_incomplete), "%s", cscs_buf_str(&why));
		if ((err = cscs_store_prepare(db,
				"UPDATE partner_status SET status = 'not_screened', reason = ?"
				" WHERE status = 'clear'", &st, dl)))
			goto out;
		sqlite3_bind_text(st, 1, cscs_buf_str(&why), -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		st = NULL;
		if (rc != SQLITE_DONE) {
			err = cscs_store_error(db, rc, "marking partners not screened", dl);
			goto out;
		}
		if (strcmp(sum->entity_status, "clear") == 0)
			snprintf(sum->entity_status, sizeof(sum->entity_status), "not_screened");
		if (strcmp(sum->legal_rep_status, "clear") == 0)
			snprintf(sum->legal_rep_status, sizeof(sum->legal_rep_status), "not_screened");
	}
	if ((err = cscs_store_prepare(db, "SELECT count(*) FROM partner_status WHERE status = 'not_screened'", &st,
				      dl)))
		goto out;
	if (sqlite3_step(st) == SQLITE_ROW)
		sum->n_not_screened = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
out:
	if (!err && why.oom)
		err = CSCS_ERR_NOMEM;
	cscs_buf_finish(&why);
	return err;
}
