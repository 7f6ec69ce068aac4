#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cscs/intake/records.h"
#include "cscs/store/coverage.h"
#include "cscs/store/store.h"

static char dir[] = "/tmp/cscs-test-store-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static int last_version(void)
{
	size_t n;
	const struct cscs_migration *m = cscs_store_migrations(&n);
	return m[n - 1].version;
}

static void test_migrations_increase(void **state)
{
	(void)state;
	size_t n;
	const struct cscs_migration *m = cscs_store_migrations(&n);
	assert_true(n >= 1);
	assert_int_equal(m[0].version, 1);
	for (size_t i = 1; i < n; i++)
		assert_true(m[i].version > m[i - 1].version);
}

static void test_open_creates_private_file(void **state)
{
	(void)state;
	char path[256];
	snprintf(path, sizeof(path), "%s/audit.db", dir);
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_store *st;
	assert_int_equal(cscs_store_open(&st, path, &dl), CSCS_OK);
	assert_int_equal(cscs_store_schema_version(st->db), last_version());
	cscs_store_close(st);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* reopening applies nothing twice */
	assert_int_equal(cscs_store_open(&st, path, &dl), CSCS_OK);
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(st->db, "SELECT count(*) FROM schema_migrations", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	size_t n;
	cscs_store_migrations(&n);
	assert_int_equal(sqlite3_column_int(stmt, 0), (int)n);
	sqlite3_finalize(stmt);
	cscs_store_close(st);
	assert_int_equal(dl.n, 0);
	cscs_diag_list_finish(&dl);
}

static void test_temp_store_is_removed(void **state)
{
	(void)state;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_store *st;
	assert_int_equal(cscs_store_open(&st, NULL, &dl), CSCS_OK);
	assert_true(st->is_temp);
	char *path = strdup(st->path);
	assert_int_equal(access(path, F_OK), 0);
	cscs_store_close(st);
	assert_int_not_equal(access(path, F_OK), 0);
	free(path);
	cscs_diag_list_finish(&dl);
}

static const char *mode_of(sqlite3 *db, char *buf, size_t len)
{
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(buf, len, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return buf;
}

static int int_of(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	int v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* A bulk write runs with a rollback journal and synchronous FULL, then all is as before. */
static void test_bulk_write_modes(void **state)
{
	(void)state;
	char path[256], mode[32];
	snprintf(path, sizeof(path), "%s/bulk.db", dir);
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_store *st;
	assert_int_equal(cscs_store_open(&st, path, &dl), CSCS_OK);
	assert_string_equal(mode_of(st->db, mode, sizeof(mode)), "wal");
	assert_int_equal(int_of(st->db, "PRAGMA synchronous"), 1);

	struct cscs_store_bulk bulk;
	cscs_store_bulk_begin(st->db, &bulk);
	assert_true(bulk.switched);
	assert_string_equal(mode_of(st->db, mode, sizeof(mode)), "delete");
	assert_int_equal(int_of(st->db, "PRAGMA synchronous"), 2);
	assert_int_equal(cscs_store_begin(st->db, &dl), CSCS_OK);
	assert_int_equal(cscs_store_exec(st->db, "CREATE TABLE t(x); INSERT INTO t VALUES (1)", &dl), CSCS_OK);
	cscs_store_rollback(st->db);
	cscs_store_bulk_end(st->db, &bulk);
	assert_string_equal(mode_of(st->db, mode, sizeof(mode)), "wal");
	assert_int_equal(int_of(st->db, "PRAGMA synchronous"), 1);
	assert_int_equal(int_of(st->db, "SELECT count(*) FROM sqlite_schema WHERE name = 't'"), 0);

	/* Inside a transaction the mode cannot change: the write goes on in WAL. */
	assert_int_equal(cscs_store_begin(st->db, &dl), CSCS_OK);
	cscs_store_bulk_begin(st->db, &bulk);
	assert_false(bulk.switched);
	cscs_store_rollback(st->db);
	cscs_store_bulk_end(st->db, &bulk);

	/* Nor while another connection has the database open. */
	sqlite3 *other;
	assert_int_equal(sqlite3_open_v2(path, &other, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(int_of(other, "SELECT count(*) FROM schema_migrations") > 0, 1);
	cscs_store_bulk_begin(st->db, &bulk);
	assert_false(bulk.switched);
	assert_string_equal(mode_of(st->db, mode, sizeof(mode)), "wal");
	cscs_store_bulk_end(st->db, &bulk);
	sqlite3_close(other);
	cscs_store_close(st);
	assert_int_equal(dl.n, 0);
	cscs_diag_list_finish(&dl);
}

/* A temporary database keeps synchronous OFF, and leaves no journal behind. */
static void test_bulk_write_temp(void **state)
{
	(void)state;
	char mode[32];
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_store *st;
	assert_int_equal(cscs_store_open(&st, NULL, &dl), CSCS_OK);
	struct cscs_store_bulk bulk;
	cscs_store_bulk_begin(st->db, &bulk);
	assert_true(bulk.switched);
	assert_int_equal(int_of(st->db, "PRAGMA synchronous"), 0);
	assert_int_equal(cscs_store_begin(st->db, &dl), CSCS_OK);
	assert_int_equal(cscs_store_exec(st->db, "CREATE TABLE t(x); INSERT INTO t VALUES (1)", &dl), CSCS_OK);
	char journal[4096];
	assert_true((size_t)snprintf(journal, sizeof(journal), "%s-journal", st->path) < sizeof(journal));
	assert_int_equal(access(journal, F_OK), 0); /* the rollback journal is in use */
	assert_int_equal(cscs_store_commit(st->db, &dl), CSCS_OK);
	cscs_store_bulk_end(st->db, &bulk);
	assert_string_equal(mode_of(st->db, mode, sizeof(mode)), "wal");
	cscs_store_close(st);
	assert_int_not_equal(access(journal, F_OK), 0);
	assert_int_equal(dl.n, 0);
	cscs_diag_list_finish(&dl);
}

static void test_newer_schema_refused(void **state)
{
	(void)state;
	char path[256];
	snprintf(path, sizeof(path), "%s/newer.db", dir);
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_store *st;
	assert_int_equal(cscs_store_open(&st, path, &dl), CSCS_OK);
	char sql[128];
	snprintf(sql, sizeof(sql), "INSERT INTO schema_migrations VALUES (%d, 'future', 'now')", last_version() + 1);
	assert_int_equal(cscs_store_exec(st->db, sql, &dl), CSCS_OK);
	cscs_store_close(st);
	assert_int_equal(cscs_store_open(&st, path, &dl), CSCS_ERR_INPUT);
	assert_null(st);
	assert_true(dl.n_errors > 0);
	assert_non_null(strstr(dl.items[0].message, "newer than this tool knows"));
	cscs_diag_list_finish(&dl);
}

static void test_not_a_database(void **state)
{
	(void)state;
	char path[256];
	snprintf(path, sizeof(path), "%s/notes.txt", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 200; i++)
		fputs("this is not an sqlite database, just some notes\n", f);
	fclose(f);
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_store *st;
	assert_int_equal(cscs_store_open(&st, path, &dl), CSCS_ERR_INPUT);
	assert_true(dl.n_errors > 0);
	cscs_diag_list_finish(&dl);
	/* the file was not changed */
	f = fopen(path, "r");
	char line[80];
	assert_non_null(fgets(line, sizeof(line), f));
	assert_string_equal(line, "this is not an sqlite database, just some notes\n");
	fclose(f);
}

/* Every record type's table has exactly the registry's columns, typed as the registry says. */
static void test_record_tables_match_registry(void **state)
{
	(void)state;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_store *st;
	assert_int_equal(cscs_store_open(&st, NULL, &dl), CSCS_OK);
	size_t n_types;
	const struct cscs_record_type *types = cscs_record_types(&n_types);
	for (size_t i = 0; i < n_types; i++) {
		char sql[256];
		snprintf(sql, sizeof(sql), "SELECT name, type FROM pragma_table_info('%s') ORDER BY cid", types[i].name);
		sqlite3_stmt *stmt;
		assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL), SQLITE_OK);
		const char *fixed[] = {"id", "src_file", "src_line"};
		size_t col = 0;
		size_t field = 0;
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(stmt, 0);
			const char *type = (const char *)sqlite3_column_text(stmt, 1);
			if (col < 3) {
				assert_string_equal(name, fixed[col]);
			} else if (field < types[i].n_fields) {
				const struct cscs_field *f = &types[i].fields[field++];
				if (strcmp(name, f->name) != 0)
					fail_msg("%s: column %zu is '%s', registry has '%s'", types[i].name, col, name, f->name);
				bool integer = f->type == CSCS_FT_MONEY || f->type == CSCS_FT_INT ||
					       f->type == CSCS_FT_YEAR || f->type == CSCS_FT_BOOL;
				assert_string_equal(type, integer ? "INTEGER" : "TEXT");
			}
			/* columns after the registry's belong to later stages (e.g. screening) */
			col++;
		}
		sqlite3_finalize(stmt);
		if (field != types[i].n_fields)
			fail_msg("%s: table has %zu registry columns, registry has %zu", types[i].name, field,
				 types[i].n_fields);
	}
	cscs_store_close(st);
	cscs_diag_list_finish(&dl);
}

static void test_registry_lookups(void **state)
{
	(void)state;
	const struct cscs_record_type *lic = cscs_record_type_find("licenses");
	assert_non_null(lic);
	assert_null(cscs_record_type_find("nonsense"));
	const struct cscs_field *f = cscs_record_field_find(lic, "有效期至");
	assert_non_null(f);
	assert_string_equal(f->name, "expires_on");
	assert_ptr_equal(cscs_record_field_find(lic, "EXPIRES_ON"), f);
	const struct cscs_field *status = cscs_record_field_find(lic, "status");
	assert_string_equal(status->vocab, "license_status"); /* its words: test_vocab */
	/* every enum field names its vocabulary, every name and alias is unique within its type */
	size_t n_types;
	const struct cscs_record_type *types = cscs_record_types(&n_types);
	for (size_t i = 0; i < n_types; i++) {
		for (size_t a = 0; a < types[i].n_fields; a++) {
			const struct cscs_field *fa = &types[i].fields[a];
			if (fa->type == CSCS_FT_ENUM)
				assert_non_null(fa->vocab);
			for (size_t b = a + 1; b < types[i].n_fields; b++) {
				const struct cscs_field *fb = &types[i].fields[b];
				assert_string_not_equal(fa->name, fb->name);
				assert_string_not_equal(fa->zh, fb->zh);
			}
		}
	}
}

/* The counts behind coverage and --strict come from the import's own rows and issues. */
static void test_import_coverage_and_issues(void **state)
{
	(void)state;
	struct cscs_store *st;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_store_open(&st, NULL, &dl), CSCS_OK);
	assert_int_equal(cscs_store_exec(st->db,
		"INSERT INTO imports(id, pack, started_at) VALUES (1, 'old', 'x'), (2, 'pack', 'y');"
		"INSERT INTO source_files(id, import_id, path, record_type, size, sha256, n_rows, n_rejected, state)"
		" VALUES (1, 1, 'old.csv', 'licenses', 1, 'a', 50, 9, 'read'),"
		" (2, 2, 'entity.csv', 'entity', 1, 'b', 1, 0, 'read'),"
		" (3, 2, 'licenses.csv', 'licenses', 1, 'c', 4, 1, 'read'),"
		" (4, 2, 'ledger.xlsx[court_cases]', 'court_cases', 1, 'd', 0, 0, 'unreadable');"
		"INSERT INTO unknown_values(import_id, record_table, record_id, column_name, src_file, line, raw, reason)"
		" VALUES (2, 'licenses', 1, 'status', 3, 2, '正常', 'r'), (2, 'licenses', 1, 'expires_on', 3, 2, 'x', 'r'),"
		" (2, 'licenses', 2, 'status', 3, 3, '有效', 'r'), (1, 'licenses', 7, 'status', 1, 2, 'old', 'r');"
		"INSERT INTO data_issues(import_id, src_file, level, reason) VALUES (2, 3, 'warning', 'w'),"
		" (1, 1, 'rejected', 'old');", &dl), CSCS_OK);
	struct cscs_import_coverage cov;
	assert_int_equal(cscs_store_import_coverage(st->db, 0, &cov, &dl), CSCS_OK);
	assert_int_equal(cov.n_files, 3);
	assert_int_equal(cov.n_rows, 5);
	assert_int_equal(cov.n_rows_unknown, 2); /* two rows, one with two unknown values */
	assert_int_equal(cov.n_rejected, 1);
	assert_int_equal(cov.n_unreadable, 1);
	struct cscs_import_issues is;
	/* a warning is not an issue --strict refuses; the older import's rejection is not this import's */
	assert_int_equal(cscs_store_import_issues(st->db, 2, &is, &dl), CSCS_OK);
	assert_int_equal(is.n_rejected + is.n_flagged + is.n_unknown + is.n_unreadable, 0);
	assert_int_equal(cscs_store_exec(st->db,
		"INSERT INTO data_issues(import_id, src_file, level, reason) VALUES (2, 3, 'unknown', 'u'),"
		" (2, 4, 'unreadable', 'no header'), (2, 3, 'flagged', 'f');", &dl), CSCS_OK);
	assert_int_equal(cscs_store_import_issues(st->db, 0, &is, &dl), CSCS_OK);
	assert_int_equal(is.n_unknown, 1);
	assert_int_equal(is.n_unreadable, 1);
	assert_int_equal(is.n_flagged, 1);
	assert_int_equal(is.n_rejected, 0);
	cscs_store_close(st);
	cscs_diag_list_finish(&dl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrations_increase),
		cmocka_unit_test(test_open_creates_private_file),
		cmocka_unit_test(test_temp_store_is_removed),
		cmocka_unit_test(test_bulk_write_modes),
		cmocka_unit_test(test_bulk_write_temp),
		cmocka_unit_test(test_newer_schema_refused),
		cmocka_unit_test(test_not_a_database),
		cmocka_unit_test(test_record_tables_match_registry),
		cmocka_unit_test(test_registry_lookups),
		cmocka_unit_test(test_import_coverage_and_issues),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
