/*
 * Helpers shared by the engine's unit tests: a temporary store with a few
 * records, checklists from strings, evaluating one check. Included after
 * cmocka.h by each test file (header-only: every test is its own program).
 */
#ifndef CSCS_TESTS_ENGINE_TEST_H
#define CSCS_TESTS_ENGINE_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/engine/checklist.h"
#include "cscs/engine/evaluator.h"
#include "cscs/engine/sandbox.h"
#include "cscs/store/store.h"

/* Run SQL that must succeed. */
static inline void exec_ok(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "SQL failed: %s\n%s\n", err ? err : "?", sql);
		sqlite3_free(err);
		fail();
	}
}

/* One integer from SQL that must succeed. */
static inline long long query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* One text (malloc'd, "NULL" for NULL) from SQL that must succeed. */
static inline char *query_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const char *s = (const char *)sqlite3_column_text(st, 0);
	char *copy = strdup(s ? s : "NULL");
	sqlite3_finalize(st);
	return copy;
}

/* A temporary store (removed on close) holding one import and two source files. */
static inline struct cscs_store *store_with_import(void)
{
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_store *st = NULL;
	assert_int_equal(cscs_store_open(&st, NULL, &dl), CSCS_OK);
	cscs_diag_list_finish(&dl);
	exec_ok(st->db,
		"INSERT INTO imports(id, pack, started_at, finished_at) VALUES (1, 'pack', '2025-01-01T00:00:00Z', "
		"'2025-01-01T00:00:01Z');"
		"INSERT INTO source_files(id, import_id, path, record_type, size, sha256) VALUES"
		" (1, 1, 'entity.csv', 'entity', 100, 'aa'), (2, 1, 'licenses.csv', 'licenses', 200, 'bb'),"
		" (3, 1, 'annual_reports.csv', 'annual_reports', 50, 'cc');");
	return st;
}

/* The entity row and two licences (one expired before 2025-06-30). */
static inline void add_basic_records(sqlite3 *db)
{
	exec_ok(db,
		"INSERT INTO entity(src_file, src_line, name, uscc, foreign_invested, paid_in_capital) VALUES"
		" (1, 2, 'Acme Trading (Shanghai) Co., Ltd.', '91110000600037341L', 1, 0);"
		"INSERT INTO licenses(src_file, src_line, license_no, issuer, expires_on, status) VALUES"
		" (2, 2, 'L-001', 'SAMR', '2025-01-31', 'valid'),"
		" (2, 3, 'L-002', 'SAMR', '2027-01-31', 'valid');");
}

/* Load checklist text that must be valid; returns the checklist. */
static inline struct cscs_checklist *checklist_ok(const char *text)
{
	struct cscs_checklist *cl;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_checklist_create(&cl), CSCS_OK);
	enum cscs_error err = cscs_checklist_load_text(cl, "test.sql", text, strlen(text), &dl);
	for (size_t i = 0; i < dl.n; i++) {
		char buf[1024];
		fprintf(stderr, "%s\n", cscs_diag_format(&dl.items[i], buf, sizeof(buf)));
	}
	assert_int_equal(err, CSCS_OK);
	cscs_diag_list_finish(&dl);
	return cl;
}

#endif
