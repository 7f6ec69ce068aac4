/* Rows read ahead on a second thread give what stepping the statement gives, row by row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cscs/store/rows.h"

/* A table of every kind of value: NULLs, integers, reals, texts short and far longer than a batch, blobs. */
static sqlite3 *make_db(int n)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(k INTEGER PRIMARY KEY, i, r, s, b)", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_stmt *ins;
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO t(k, i, r, s, b) VALUES (?, ?, ?, ?, ?)", -1, &ins, NULL),
			 SQLITE_OK);
	char *big = malloc(300001);
	assert_non_null(big);
	memset(big, 'x', 300000);
	big[300000] = '\0';
	for (int k = 0; k < n; k++) {
		sqlite3_bind_int(ins, 1, k);
		if (k % 7 == 0)
			sqlite3_bind_null(ins, 2);
		else
			sqlite3_bind_int64(ins, 2, (sqlite3_int64)k * 1000003 - INT64_C(4611686018427387904));
		if (k % 5 == 0)
			sqlite3_bind_null(ins, 3);
		else
			sqlite3_bind_double(ins, 3, k / 7.0);
		char s[64];
		if (k == 1500)
			sqlite3_bind_text(ins, 4, big, -1, SQLITE_STATIC); /* longer than a batch's text by itself */
		else if (k % 11 == 0)
			sqlite3_bind_text(ins, 4, "", 0, SQLITE_STATIC);
		else if (k % 13 == 0)
			sqlite3_bind_null(ins, 4);
		else {
			snprintf(s, sizeof(s), "%d 深圳市前海恒通供应链管理有限公司 %d", k, k * 3);
			sqlite3_bind_text(ins, 4, s, -1, SQLITE_TRANSIENT);
		}
		unsigned char blob[4] = {(unsigned char)k, 0, (unsigned char)(k >> 8), 0xFF};
		if (k % 3 == 0)
			sqlite3_bind_blob(ins, 5, blob, sizeof(blob), SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(ins, 5);
		assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	free(big);
	return db;
}

/* Every value of the current row, as cscs_rows gives it, appended to out. */
static void row_text(const struct cscs_rows *q, char **out, size_t *len, size_t *cap)
{
	for (int c = 0; c < q->n_cols; c++) {
		/* the type first: after a conversion SQLite's is undefined */
		int type = cscs_rows_type(q, c);
		long long i = (long long)cscs_rows_int64(q, c);
		double d = cscs_rows_double(q, c);
		const char *t = cscs_rows_text(q, c);
		size_t need = (t ? strlen(t) : 0) + 96;
		if (*len + need > *cap) {
			*cap = (*len + need) * 2;
			*out = realloc(*out, *cap);
			assert_non_null(*out);
		}
		*len += (size_t)snprintf(*out + *len, *cap - *len, "%d|%lld|%.17g|%s\x1f", type, i, d,
					 t ? t : "(null)");
	}
	(*out)[(*len)++] = '\n';
}

/* All rows of sql, stepped (ahead: read ahead), as text; *rc: how they ended; *n: how many. */
static char *all_rows(sqlite3 *db, const char *sql, bool ahead, int *rc, int *n)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	struct cscs_rows q;
	cscs_rows_init(&q, st);
	if (ahead) {
		assert_int_equal(cscs_rows_ahead(&q), CSCS_OK);
		assert_non_null(q.ahead);
	}
	char *out = NULL;
	size_t len = 0, cap = 0;
	*n = 0;
	while ((*rc = cscs_rows_step(&q)) == SQLITE_ROW) {
		row_text(&q, &out, &len, &cap);
		(*n)++;
	}
	/* read ahead, the end stays the end (SQLite's own step would start the statement again) */
	if (ahead)
		assert_int_equal(cscs_rows_step(&q), *rc);
	cscs_rows_end(&q);
	cscs_rows_end(&q);
	sqlite3_finalize(st);
	if (!out)
		out = calloc(1, 1);
	else
		out[len] = '\0';
	return out;
}

static void same_rows(sqlite3 *db, const char *sql, int want_rc, int want_n)
{
	int rc1, rc2, n1, n2;
	char *a = all_rows(db, sql, false, &rc1, &n1);
	char *b = all_rows(db, sql, true, &rc2, &n2);
	assert_int_equal(rc1, want_rc);
	assert_int_equal(rc2, want_rc);
	assert_int_equal(n1, want_n);
	assert_int_equal(n2, want_n);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

static void test_every_value(void **state)
{
	(void)state;
	sqlite3 *db = make_db(5000);
	/* the columns as stored, and each converted the way the workbook's queries convert them */
	same_rows(db, "SELECT k, i, r, s, b, i || ':' || k, r * 2, CAST(s AS INTEGER), length(s) FROM t ORDER BY r, k",
		  SQLITE_DONE, 5000);
	/* one column, many short rows: batches end on their row count */
	same_rows(db, "SELECT k FROM t", SQLITE_DONE, 5000);
	/* no row at all */
	same_rows(db, "SELECT k FROM t WHERE k < 0", SQLITE_DONE, 0);
	sqlite3_close(db);
}

static void test_error_midway(void **state)
{
	(void)state;
	sqlite3 *db = make_db(4000);
	/* abs() of the smallest integer fails at the 3,000th row: the rows before it come, then the error */
	same_rows(db, "SELECT k, CASE WHEN k < 3000 THEN s ELSE abs(-9223372036854775807 - 1) END FROM t ORDER BY k",
		  SQLITE_ERROR, 3000);
	sqlite3_close(db);
}

static void test_end_early(void **state)
{
	(void)state;
	sqlite3 *db = make_db(5000);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT k, s FROM t ORDER BY k", -1, &st, NULL), SQLITE_OK);
	struct cscs_rows q;
	cscs_rows_init(&q, st);
	assert_int_equal(cscs_rows_ahead(&q), CSCS_OK);
	for (int i = 0; i < 10; i++) {
		assert_int_equal(cscs_rows_step(&q), SQLITE_ROW);
		assert_int_equal(cscs_rows_int64(&q, 0), i);
	}
	/* the reader is stopped with rows left and batches full; the statement is the caller's again */
	cscs_rows_end(&q);
	assert_null(q.ahead);
	assert_int_equal(sqlite3_reset(st), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	/* ended before any step */
	cscs_rows_init(&q, st);
	sqlite3_reset(st);
	assert_int_equal(cscs_rows_ahead(&q), CSCS_OK);
	cscs_rows_end(&q);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_value),
		cmocka_unit_test(test_error_midway),
		cmocka_unit_test(test_end_early),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
