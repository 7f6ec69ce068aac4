/* The read-only sandbox: every denial, the time budget, what stays allowed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <time.h>
#include <unistd.h>

#include "engine_test.h"

struct fixture {
	struct cscs_store *st;   /* the audit database */
	struct cscs_sandbox *sb; /* read-only over it */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->st = store_with_import();
	add_basic_records(f->st->db);
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	if (cscs_sandbox_open(&f->sb, f->st->path, 300, &dl) != CSCS_OK)
		return -1;
	cscs_diag_list_finish(&dl);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	cscs_sandbox_close(f->sb);
	cscs_store_close(f->st);
	free(f);
	return 0;
}

/* Prepare must be refused with a message holding needle. */
static void refused(struct cscs_sandbox *sb, const char *sql, const char *needle)
{
	sqlite3_stmt *st = NULL;
	char *why = NULL;
	int off;
	enum cscs_error err = cscs_sandbox_prepare(sb, sql, &st, &why, &off);
	if (err != CSCS_ERR_CHECKLIST || !why || !strstr(why, needle)) {
		fprintf(stderr, "%s\n  -> %d '%s' (expected a refusal with '%s')\n", sql, err, why ? why : "", needle);
		free(why);
		sqlite3_finalize(st);
		fail();
	}
	assert_null(st);
	free(why);
}

/* Prepare must succeed; the statement is returned. */
static sqlite3_stmt *allowed(struct cscs_sandbox *sb, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *why = NULL;
	int off;
	if (cscs_sandbox_prepare(sb, sql, &st, &why, &off) != CSCS_OK) {
		fprintf(stderr, "%s\n  -> refused: %s\n", sql, why ? why : "");
		free(why);
		fail();
	}
	return st;
}

static void test_writes_are_denied(void **state)
{
	struct fixture *f = *state;
	refused(f->sb, "DELETE FROM licenses", "DELETE from 'licenses' is not allowed");
	refused(f->sb, "INSERT INTO licenses(src_file, src_line) VALUES (1, 1)", "INSERT into 'licenses'");
	refused(f->sb, "UPDATE licenses SET status = 'valid'", "UPDATE of 'licenses'");
	refused(f->sb, "INSERT INTO runs(started_at, as_of, tool_version) SELECT 'x', 'y', 'z'", "INSERT into 'runs'");
	refused(f->sb, "REPLACE INTO entity(id, src_file, src_line) VALUES (1, 1, 1)", "INSERT into 'entity'");
	refused(f->sb, "DROP TABLE licenses", "DROP TABLE");
	refused(f->sb, "ALTER TABLE licenses ADD COLUMN x", "ALTER TABLE");
	refused(f->sb, "CREATE TABLE x(a)", "CREATE TABLE");
	refused(f->sb, "CREATE INDEX x ON licenses(status)", "CREATE INDEX");
	/* with a CTE in front, still a write */
	refused(f->sb, "WITH t AS (SELECT 1) DELETE FROM licenses", "DELETE from 'licenses'");
	/* nothing was deleted by any of these */
	assert_int_equal(query_int(f->st->db, "SELECT count(*) FROM licenses"), 2);
}

static void test_temp_objects_are_denied(void **state)
{
	struct fixture *f = *state;
	refused(f->sb, "CREATE TEMP TABLE t(x)", "CREATE TEMP TABLE is not allowed");
	refused(f->sb, "CREATE TEMPORARY TABLE t AS SELECT * FROM licenses", "CREATE TEMPORARY TABLE");
	refused(f->sb, "CREATE TEMP VIEW v AS SELECT 1", "CREATE TEMP VIEW");
	refused(f->sb, "CREATE TEMP TRIGGER tr AFTER INSERT ON licenses BEGIN SELECT 1; END", "CREATE TEMP TRIGGER");
}

static void test_attach_and_pragma_are_denied(void **state)
{
	struct fixture *f = *state;
	refused(f->sb, "ATTACH DATABASE '/tmp/cscs-sandbox-attack.db' AS x", "ATTACH");
	refused(f->sb, "DETACH DATABASE main", "DETACH");
	refused(f->sb, "PRAGMA user_version = 7", "PRAGMA user_version is not allowed");
	refused(f->sb, "PRAGMA journal_mode = DELETE", "PRAGMA journal_mode");
	refused(f->sb, "PRAGMA query_only = 0", "PRAGMA query_only");
	refused(f->sb, "PRAGMA writable_schema = 1", "PRAGMA writable_schema");
	refused(f->sb, "PRAGMA recursive_triggers = 1", "PRAGMA recursive_triggers");
	refused(f->sb, "PRAGMA table_info(runs)", "PRAGMA table_info");
	refused(f->sb, "SELECT * FROM pragma_table_info('licenses')", "table-valued");
	refused(f->sb, "BEGIN", "BEGIN");
	refused(f->sb, "SAVEPOINT s", "SAVEPOINT");
	refused(f->sb, "VACUUM", "not read-only");
	refused(f->sb, "VACUUM INTO '/tmp/cscs-sandbox-copy.db'", "not read-only");
	assert_int_equal(access("/tmp/cscs-sandbox-attack.db", F_OK), -1);
	assert_int_equal(access("/tmp/cscs-sandbox-copy.db", F_OK), -1);
}

static void test_functions_are_allow_listed(void **state)
{
	struct fixture *f = *state;
	refused(f->sb, "SELECT load_extension('/tmp/evil.so')", "function 'load_extension' is not allowed");
	refused(f->sb, "SELECT random()", "function 'random' is not allowed");
	refused(f->sb, "SELECT randomblob(8)", "function 'randomblob'");
	refused(f->sb, "SELECT zeroblob(1000000000)", "function 'zeroblob'");
	refused(f->sb, "SELECT sqlite_compileoption_get(0)", "function 'sqlite_compileoption_get'");
	refused(f->sb, "SELECT fts3_tokenizer('simple')", "fts3_tokenizer");
	refused(f->sb, "SELECT * FROM json_each('[1,2]')", "table-valued functions such as json_each");
	/* extension loading is off below the authorizer too */
	sqlite3 *db = cscs_sandbox_db(f->sb);
	int on = -1;
	assert_int_equal(sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, -1, &on), SQLITE_OK);
	assert_int_equal(on, 0);
	assert_int_equal(sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, -1, &on), SQLITE_OK);
	assert_int_equal(on, 1);
	assert_int_equal(sqlite3_db_readonly(db, "main"), 1);
}

static void test_only_record_tables_are_readable(void **state)
{
	struct fixture *f = *state;
	refused(f->sb, "SELECT * FROM runs", "table 'runs' is not readable by a check");
	refused(f->sb, "SELECT * FROM findings", "table 'findings' is not readable");
	refused(f->sb, "SELECT * FROM data_issues", "table 'data_issues'");
	refused(f->sb, "SELECT * FROM schema_migrations", "table 'schema_migrations'");
	refused(f->sb, "SELECT sql FROM sqlite_master", "table 'sqlite_master'");
	refused(f->sb, "SELECT * FROM temp.sqlite_master", "only the main database");
	refused(f->sb, "SELECT license_no FROM licenses WHERE id IN (SELECT run_id FROM results)", "table 'results'");
	/* screening's own tables (migration 4): its results are readable, its list index is not */
	sqlite3_finalize(allowed(f->sb, "SELECT partner_id, score, band FROM screen_matches"));
	refused(f->sb, "SELECT * FROM list_index_chunks", "table 'list_index_chunks' is not readable");
}

static void test_query_shape(void **state)
{
	struct fixture *f = *state;
	refused(f->sb, "", "the query is empty");
	refused(f->sb, "-- only a comment\n", "the query is empty");
	refused(f->sb, "SELECT 1; SELECT 2", "more than one statement");
	refused(f->sb, "SELECT 1; DELETE FROM licenses", "DELETE from 'licenses'");
	refused(f->sb, "EXPLAIN SELECT 1", "EXPLAIN");
	refused(f->sb, "SELECT :subject", "parameter ':subject' is never bound");
	refused(f->sb, "SELECT ?", "parameter '?' is never bound");
	refused(f->sb, "SELEC 1", "syntax error");
	refused(f->sb, "SELECT nope FROM licenses", "no such column: nope");
	sqlite3_finalize(allowed(f->sb, "SELECT 1;  -- trailing comment\n;\n"));
}

static void test_reads_and_functions_allowed(void **state)
{
	struct fixture *f = *state;
	const char *ok[] = {
		"SELECT count(*) FROM licenses",
		"SELECT l.license_no, e.name FROM licenses l JOIN entity e ON 1 WHERE l.expires_on < :as_of",
		"SELECT path, sha256 FROM source_files",
		"SELECT * FROM partners p LEFT JOIN list_entries le ON le.uscc = p.uscc",
		"PRAGMA table_info(licenses)",
		"SELECT json_extract('{\"a\":1}', '$.a'), '{\"a\":1}' ->> '$.a', json_object('k', 1)",
		"SELECT license_no, row_number() OVER (ORDER BY expires_on) FROM licenses",
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT sum(i) FROM n",
		"SELECT date('2025-01-31', '+1 month'), strftime('%Y', '2025-03-01'), julianday('2025-01-01')",
		"SELECT upper(license_no), substr(issuer, 1, 2), printf('%05d', 7), coalesce(NULL, 1), iif(1, 2, 3) FROM licenses",
		"SELECT license_no FROM licenses WHERE license_no LIKE 'L-%' OR license_no GLOB 'L*' OR license_no REGEXP '^L'",
		"SELECT uscc_valid(uscc), normalize_name(name), date_add_days(:as_of, 30), add_working_days(:as_of, 20) FROM entity",
		"SELECT group_concat(license_no, ', '), max(expires_on), total(id) FROM licenses",
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		sqlite3_stmt *st = allowed(f->sb, ok[i]);
		sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":as_of") ? 1 : 0, "2025-06-30", -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			fprintf(stderr, "%s: %s\n", ok[i], sqlite3_errmsg(cscs_sandbox_db(f->sb)));
		assert_true(rc == SQLITE_ROW || rc == SQLITE_DONE);
		sqlite3_finalize(st);
	}
}

static void test_tables_read_are_recorded(void **state)
{
	struct fixture *f = *state;
	sqlite3_stmt *st = allowed(f->sb, "SELECT l.license_no FROM licenses l, entity e WHERE e.id = 1");
	size_t n;
	const char *const *t = cscs_sandbox_tables_read(f->sb, &n);
	assert_int_equal(n, 2);
	assert_true((strcmp(t[0], "licenses") == 0 && strcmp(t[1], "entity") == 0) ||
		    (strcmp(t[1], "licenses") == 0 && strcmp(t[0], "entity") == 0));
	sqlite3_finalize(st);
}

static bool has_col(const struct cscs_sandbox_column *c, size_t n, const char *table, const char *column)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(c[i].table, table) == 0 && strcmp(c[i].column, column) == 0)
			return true;
	return false;
}

/* The record columns a check reads, which the evaluator looks up in unknown_values. */
static void test_columns_read_are_recorded(void **state)
{
	struct fixture *f = *state;
	sqlite3_stmt *st = allowed(f->sb, "SELECT l.license_no, f.path FROM licenses l JOIN source_files f"
					  " ON f.id = l.src_file WHERE l.status IN ('revoked') AND l.expires_on < '2025-01-01'");
	size_t n;
	bool complete;
	const struct cscs_sandbox_column *c = cscs_sandbox_columns_read(f->sb, &n, &complete);
	assert_true(complete);
	assert_true(has_col(c, n, "licenses", "license_no"));
	assert_true(has_col(c, n, "licenses", "status"));
	assert_true(has_col(c, n, "licenses", "expires_on"));
	assert_false(has_col(c, n, "licenses", "issuer"));
	assert_false(has_col(c, n, "source_files", "path")); /* not a record table */
	sqlite3_finalize(st);
	/* the next prepare starts a new list; unknown_values is readable by a check */
	st = allowed(f->sb, "SELECT count(*) FROM unknown_values");
	c = cscs_sandbox_columns_read(f->sb, &n, &complete);
	assert_false(has_col(c, n, "licenses", "status"));
	sqlite3_finalize(st);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_runaway_query_is_stopped(void **state)
{
	struct fixture *f = *state;
	sqlite3_stmt *st = allowed(f->sb, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
				   "SELECT i FROM n WHERE i < 0");
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cscs_sandbox_start(f->sb);
	int rc = sqlite3_step(st);
	cscs_sandbox_stop(f->sb);
	assert_int_equal(rc & 0xff, SQLITE_INTERRUPT);
	assert_true(cscs_sandbox_timed_out(f->sb));
	assert_int_equal(cscs_sandbox_budget_ms(f->sb), 300);
	/* stopped near the 300 ms budget, not after seconds */
	double took = seconds_since(&t0);
	assert_true(took >= 0.29);
	assert_true(took < 5.0);
	sqlite3_finalize(st);
	/* the connection stays usable: the next check runs */
	st = allowed(f->sb, "SELECT count(*) FROM licenses");
	cscs_sandbox_start(f->sb);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_false(cscs_sandbox_timed_out(f->sb));
	cscs_sandbox_stop(f->sb);
	sqlite3_finalize(st);
}

static void test_table_state(void **state)
{
	struct fixture *f = *state;
	bool exists, rows;
	char *why = NULL;
	assert_int_equal(cscs_sandbox_table_state(f->sb, "licenses", &exists, &rows, &why), CSCS_OK);
	assert_true(exists);
	assert_true(rows);
	assert_int_equal(cscs_sandbox_table_state(f->sb, "env_permits", &exists, &rows, &why), CSCS_OK);
	assert_true(exists);
	assert_false(rows);
	/* made by migration 4, empty until partners are screened */
	assert_int_equal(cscs_sandbox_table_state(f->sb, "partner_status", &exists, &rows, &why), CSCS_OK);
	assert_true(exists);
	assert_false(rows);
	assert_int_equal(cscs_sandbox_table_state(f->sb, "runs", &exists, &rows, &why), CSCS_OK);
	assert_false(exists);
	assert_null(why);
}

static void test_schema_sandbox_knows_screening_tables(void **state)
{
	(void)state;
	struct cscs_sandbox *sb;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_sandbox_open_schema(&sb, &dl), CSCS_OK);
	sqlite3_finalize(allowed(sb, "SELECT partner_id, score, band, historical FROM screen_matches"));
	sqlite3_finalize(allowed(sb, "SELECT status, lists, best_score FROM partner_status"));
	refused(sb, "DELETE FROM screen_matches", "DELETE from 'screen_matches'");
	refused(sb, "SELECT * FROM imports", "table 'imports'");
	cscs_sandbox_close(sb);
	cscs_diag_list_finish(&dl);
}

static void test_open_missing_file(void **state)
{
	(void)state;
	struct cscs_sandbox *sb;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_not_equal(cscs_sandbox_open(&sb, "/nonexistent/cscs/audit.db", 0, &dl), CSCS_OK);
	assert_null(sb);
	assert_int_equal(dl.n_errors, 1);
	assert_non_null(strstr(dl.items[0].message, "cannot open the database read-only"));
	cscs_diag_list_finish(&dl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writes_are_denied),
		cmocka_unit_test(test_temp_objects_are_denied),
		cmocka_unit_test(test_attach_and_pragma_are_denied),
		cmocka_unit_test(test_functions_are_allow_listed),
		cmocka_unit_test(test_only_record_tables_are_readable),
		cmocka_unit_test(test_query_shape),
		cmocka_unit_test(test_reads_and_functions_allowed),
		cmocka_unit_test(test_tables_read_are_recorded),
		cmocka_unit_test(test_columns_read_are_recorded),
		cmocka_unit_test(test_runaway_query_is_stopped),
		cmocka_unit_test(test_table_state),
		cmocka_unit_test(test_schema_sandbox_knows_screening_tables),
		cmocka_unit_test(test_open_missing_file),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
