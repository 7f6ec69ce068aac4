/* Run history: stored runs, the previous run of an entity, and the delta between two runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <unistd.h>

#include "cscs/engine/history.h"
#include "engine_test.h"

#define CHECKS                                                                                                   \
	"-- check: LIC-EXP\n-- area: licenses\n-- severity: high\n-- title: Expired\n-- basis: B\n"               \
	"-- requires: licenses\n"                                                                                  \
	"SELECT license_no AS subject, 'expired on ' || expires_on AS detail FROM licenses"                        \
	" WHERE expires_on < :as_of;\n"                                                                            \
	"-- check: LIC-REV\n-- area: licenses\n-- severity: critical\n-- title: Revoked\n-- basis: B\n"            \
	"-- requires: licenses\n"                                                                                  \
	"SELECT license_no AS subject FROM licenses WHERE status = 'revoked';\n"

static char checks_path[300];

static int setup(void **state)
{
	(void)state;
	snprintf(checks_path, sizeof(checks_path), "/tmp/cscs-test-history-%d.sql", (int)getpid());
	FILE *f = fopen(checks_path, "w");
	if (!f)
		return -1;
	fputs(CHECKS, f);
	fclose(f);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return unlink(checks_path);
}

static int64_t run_checks(struct cscs_store *st, int y, int m, int d)
{
	const char *lists[] = {checks_path};
	struct cscs_engine_opts o = {
		.as_of = cscs_date_from_ymd(y, m, d), .checklists = lists, .n_checklists = 1, .lang = "en",
		.command_line = "cscs-audit check --db x",
	};
	struct cscs_run_summary sum;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_engine_run(st, &o, &sum, &dl), CSCS_OK);
	assert_int_equal(dl.n, 0);
	cscs_diag_list_finish(&dl);
	assert_true(sum.run_id > 0);
	return sum.run_id;
}

static void test_run_is_stored(void **state)
{
	(void)state;
	struct cscs_store *st = store_with_import();
	add_basic_records(st->db);
	int64_t id = run_checks(st, 2025, 6, 30);
	char *s = query_text(st->db, "SELECT status || '|' || as_of || '|' || tool_version || '|' || import_id || '|' ||"
				     " entity_name || '|' || entity_uscc || '|' || lang || '|' || command_line || '|' ||"
				     " score || '|' || grade || '|' || (finished_at IS NOT NULL) FROM runs");
	char expected[256];
	snprintf(expected, sizeof(expected), "complete|2025-06-30|%s|1|Acme Trading (Shanghai) Co., Ltd.|91110000600037341L|en|"
		 "cscs-audit check --db x|750|C|1", CSCS_VERSION);
	assert_string_equal(s, expected);
	free(s);
	assert_int_equal(id, 1);
	/* inputs: the checklist with its hash, the record files as imported */
	s = query_text(st->db, "SELECT group_concat(kind || ':' || path, ' ') FROM (SELECT * FROM run_inputs ORDER BY kind, path)");
	char want[512];
	/* a checklist outside the pack, the library and the current folder: by its base name (issue 16) */
	const char *base = strrchr(checks_path, '/');
	snprintf(want, sizeof(want), "checklist:%s record:annual_reports.csv record:entity.csv record:licenses.csv",
		 base ? base + 1 : checks_path);
	assert_string_equal(s, want);
	free(s);
	assert_int_equal(query_int(st->db, "SELECT length(sha256) FROM run_inputs WHERE kind = 'checklist'"), 64);
	s = query_text(st->db, "SELECT sha256 FROM run_inputs WHERE path = 'licenses.csv'");
	assert_string_equal(s, "bb");
	free(s);
	/* results carry the check's metadata and where it was defined */
	s = query_text(st->db, "SELECT check_id || '|' || area || '|' || severity || '|' || status || '|' || n_findings || '|' ||"
			       " deduction || '|' || checklist_line FROM results WHERE check_id = 'LIC-EXP'");
	assert_string_equal(s, "LIC-EXP|licenses|high|fail|1|250|1");
	free(s);
	s = query_text(st->db, "SELECT fingerprint || '|' || detail FROM findings");
	assert_string_equal(s, "LIC-EXP|L-001|expired on 2025-01-31");
	free(s);
	assert_int_equal(query_int(st->db, "SELECT json_extract(score_detail, '$.score') FROM runs"), 750);
	cscs_store_close(st);
}

static void test_delta_between_runs(void **state)
{
	(void)state;
	struct cscs_store *st = store_with_import();
	add_basic_records(st->db);
	int64_t first = run_checks(st, 2025, 6, 30);
	/* a year on: L-001 renewed, L-002 expired, and a revoked licence appears */
	exec_ok(st->db, "UPDATE licenses SET expires_on = '2030-01-31' WHERE license_no = 'L-001';"
			"UPDATE licenses SET expires_on = '2026-03-31' WHERE license_no = 'L-002';"
			"INSERT INTO licenses(src_file, src_line, license_no, expires_on, status) VALUES (2, 4, 'L-003', '2030-01-01', 'revoked');");
	int64_t second = run_checks(st, 2026, 6, 30);
	exec_ok(st->db, "INSERT INTO licenses(src_file, src_line, license_no, expires_on, status) VALUES (2, 5, 'L-004', '2026-01-01', 'valid');");
	int64_t third = run_checks(st, 2026, 7, 31);

	int64_t prev = -1, latest = -1;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_history_latest_run(st->db, &latest, &dl), CSCS_OK);
	assert_int_equal(latest, third);
	assert_int_equal(cscs_history_previous_run(st->db, third, &prev, &dl), CSCS_OK);
	assert_int_equal(prev, second);
	assert_int_equal(cscs_history_previous_run(st->db, first, &prev, &dl), CSCS_OK);
	assert_int_equal(prev, 0);

	struct cscs_delta d;
	assert_int_equal(cscs_history_delta(st->db, first, second, &d, &dl), CSCS_OK);
	assert_int_equal(d.a.id, first);
	assert_int_equal(d.b.id, second);
	assert_string_equal(d.a.as_of, "2025-06-30");
	assert_string_equal(d.b.as_of, "2026-06-30");
	assert_true(d.a.has_score);
	assert_int_equal(d.a.score, 750);
	assert_int_equal(d.n, 3);
	assert_int_equal(d.n_by_kind[CSCS_DELTA_NEW], 2);
	assert_int_equal(d.n_by_kind[CSCS_DELTA_RESOLVED], 1);
	assert_int_equal(d.n_by_kind[CSCS_DELTA_UNCHANGED], 0);
	/* new first, most severe first */
	assert_int_equal(d.items[0].kind, CSCS_DELTA_NEW);
	assert_string_equal(d.items[0].fingerprint, "LIC-REV|L-003");
	assert_string_equal(d.items[0].severity, "critical");
	assert_string_equal(d.items[0].title, "Revoked");
	assert_int_equal(d.items[1].kind, CSCS_DELTA_NEW);
	assert_string_equal(d.items[1].subject, "L-002");
	assert_string_equal(d.items[1].detail, "expired on 2026-03-31");
	assert_int_equal(d.items[2].kind, CSCS_DELTA_RESOLVED);
	assert_string_equal(d.items[2].subject, "L-001");
	assert_string_equal(d.items[2].detail, "expired on 2025-01-31");
	cscs_history_delta_finish(&d);

	assert_int_equal(cscs_history_delta(st->db, second, third, &d, &dl), CSCS_OK);
	assert_int_equal(d.n_by_kind[CSCS_DELTA_NEW], 1);
	assert_int_equal(d.n_by_kind[CSCS_DELTA_RESOLVED], 0);
	assert_int_equal(d.n_by_kind[CSCS_DELTA_UNCHANGED], 2);
	assert_string_equal(d.items[0].subject, "L-004");
	assert_int_equal(d.items[1].kind, CSCS_DELTA_UNCHANGED);
	cscs_history_delta_finish(&d);

	/* the same run against itself: nothing new, nothing resolved */
	assert_int_equal(cscs_history_delta(st->db, third, third, &d, &dl), CSCS_OK);
	assert_int_equal(d.n_by_kind[CSCS_DELTA_UNCHANGED], 3);
	assert_int_equal(d.n, 3);
	cscs_history_delta_finish(&d);
	assert_int_equal(dl.n, 0);
	cscs_diag_list_finish(&dl);
	cscs_store_close(st);
}

static void test_previous_run_is_the_same_entity(void **state)
{
	(void)state;
	struct cscs_store *st = store_with_import();
	add_basic_records(st->db);
	int64_t a1 = run_checks(st, 2025, 6, 30);
	exec_ok(st->db, "UPDATE entity SET uscc = '91310000MA1FL0000X', name = 'Other'");
	int64_t b1 = run_checks(st, 2025, 6, 30);
	exec_ok(st->db, "UPDATE entity SET uscc = '91110000600037341L'");
	int64_t a2 = run_checks(st, 2025, 7, 31);
	/* a run that never completed does not count */
	exec_ok(st->db, "INSERT INTO runs(started_at, status, as_of, tool_version, entity_uscc)"
			" VALUES ('x', 'running', '2025-08-01', 'x', '91110000600037341L')");
	int64_t running = query_int(st->db, "SELECT max(id) FROM runs");
	int64_t prev;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_history_previous_run(st->db, a2, &prev, &dl), CSCS_OK);
	assert_int_equal(prev, a1);
	assert_int_equal(cscs_history_previous_run(st->db, b1, &prev, &dl), CSCS_OK);
	assert_int_equal(prev, 0);
	assert_int_equal(cscs_history_previous_run(st->db, running, &prev, &dl), CSCS_OK);
	assert_int_equal(prev, a2);
	assert_int_equal(cscs_history_latest_run(st->db, &prev, &dl), CSCS_OK);
	assert_int_equal(prev, a2);
	/* errors: a run that does not exist, one not complete */
	struct cscs_delta d;
	assert_int_equal(cscs_history_delta(st->db, a1, 99, &d, &dl), CSCS_ERR_NOT_FOUND);
	assert_non_null(strstr(dl.items[dl.n - 1].message, "run 99 does not exist"));
	assert_int_equal(cscs_history_delta(st->db, a1, running, &d, &dl), CSCS_ERR_INPUT);
	assert_non_null(strstr(dl.items[dl.n - 1].message, "is not complete (its status is 'running')"));
	assert_int_equal(d.n, 0);
	cscs_diag_list_finish(&dl);
	cscs_store_close(st);
}

/*
 * An import that replaces the lists leaves list_entries(uscc) for the
 * checks to make: a run of the checks makes it before they read the
 * database, on their own read-only connection that could not.
 */
static void test_check_indexes_made(void **state)
{
	(void)state;
	struct cscs_store *st = store_with_import();
	add_basic_records(st->db);
	assert_int_equal(sqlite3_exec(st->db, "DROP INDEX list_entries_uscc", NULL, NULL, NULL), SQLITE_OK);
	run_checks(st, 2025, 6, 30);
	char *s = query_text(st->db, "SELECT count(*) FROM sqlite_schema WHERE name = 'list_entries_uscc'");
	assert_string_equal(s, "1");
	free(s);
	cscs_store_close(st);
}

static void test_no_runs(void **state)
{
	(void)state;
	struct cscs_store *st = store_with_import();
	int64_t id = -1;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_history_latest_run(st->db, &id, &dl), CSCS_OK);
	assert_int_equal(id, 0);
	cscs_diag_list_finish(&dl);
	cscs_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_is_stored),
		cmocka_unit_test(test_delta_between_runs),
		cmocka_unit_test(test_previous_run_is_the_same_entity),
		cmocka_unit_test(test_check_indexes_made),
		cmocka_unit_test(test_no_runs),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
