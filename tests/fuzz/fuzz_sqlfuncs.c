/*
 * Fuzz the checklist SQL functions and the sandbox's guarded built-ins
 * through SQLite, as a check calls them. The first byte picks the
 * function, the rest are its arguments, separated by NUL bytes (a
 * leading 0x01 makes an argument an integer, 0x02 NULL). Requires: no
 * crash; a date helper gives NULL or a date YYYY-MM-DD; regexp and
 * uscc_valid give NULL, 0 or 1; a date function never succeeds without
 * a date or on 'now'; nothing takes long (libFuzzer's -timeout).
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cscs/core/diag.h"
#include "cscs/engine/sqlfuncs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	const char *name;
	int min_args, max_args;
	char kind; /* 'd': a date or NULL; 'b': NULL, 0 or 1; 'c': SQLite's date functions; '-': anything */
} fns[] = {
	{"date_add_days", 2, 2, 'd'}, {"date_add_months", 2, 2, 'd'}, {"date_add_years", 2, 2, 'd'},
	{"end_of_month", 1, 1, 'd'}, {"add_working_days", 2, 2, 'd'}, {"days_between", 2, 2, '-'},
	{"regexp", 2, 2, 'b'}, {"uscc_valid", 1, 1, 'b'}, {"normalize_name", 1, 1, '-'},
	{"date", 0, 4, 'c'}, {"datetime", 0, 4, 'c'}, {"julianday", 0, 3, 'c'}, {"unixepoch", 0, 3, 'c'},
	{"strftime", 1, 4, 'c'}, {"timediff", 0, 2, 'c'}, {"like", 2, 3, 'b'}, {"glob", 2, 2, 'b'},
	{"id_key", 1, 1, '-'}, {"id_mask", 1, 1, '-'}, {"person_key", 1, 1, '-'},
};

static sqlite3 *db;

static void require(bool ok)
{
	if (!ok)
		abort();
}

static bool is_date(const unsigned char *t, int n)
{
	if (n != 10 || t[4] != '-' || t[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (t[i] < '0' || t[i] > '9'))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db) {
		struct cscs_diag_list dl;
		cscs_diag_list_init(&dl);
		if (sqlite3_open(":memory:", &db) != SQLITE_OK || cscs_sqlfuncs_register(db, &dl) != CSCS_OK)
			abort();
		cscs_diag_list_finish(&dl);
		sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1 << 20);
	}
	if (size == 0)
		return 0;
	size_t f = data[0] % (sizeof(fns) / sizeof(fns[0]));
	const uint8_t *arg[8];
	size_t len[8];
	int n = 0;
	size_t start = 1;
	for (size_t i = 1; i <= size && n < 8; i++) {
		if (i == size || data[i] == 0) {
			if (i > start || i < size) {
				arg[n] = data + start;
				len[n++] = i - start;
			}
			start = i + 1;
		}
	}
	/* Too few arguments are passed as they are: the function (or SQLite) must refuse them. */
	if (n > fns[f].max_args)
		n = fns[f].max_args;
	char sql[128];
	int k = snprintf(sql, sizeof(sql), "SELECT %s(", fns[f].name);
	for (int i = 0; i < n; i++)
		k += snprintf(sql + k, sizeof(sql) - (size_t)k, "%s?", i ? "," : "");
	snprintf(sql + k, sizeof(sql) - (size_t)k, ")");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	bool clock_free = true; /* a date function's date arguments are there and none is 'now' */
	for (int i = 0; i < n; i++) {
		if (len[i] > 0 && arg[i][0] == 1) {
			long long v = 0;
			for (size_t j = 1; j < len[i] && j < 9; j++)
				v = v * 256 + arg[i][j];
			sqlite3_bind_int64(st, i + 1, v - (1LL << 40));
		} else if (len[i] > 0 && arg[i][0] == 2) {
			sqlite3_bind_null(st, i + 1);
		} else {
			sqlite3_bind_text(st, i + 1, (const char *)arg[i], (int)len[i], SQLITE_STATIC);
		}
	}
	int date_at = strcmp(fns[f].name, "strftime") == 0 ? 1 : 0;
	if (fns[f].kind == 'c') {
		clock_free = n > date_at && (strcmp(fns[f].name, "timediff") != 0 || n == 2);
		for (int i = date_at; i < n && clock_free; i++) {
			const unsigned char *t = arg[i];
			size_t m = len[i];
			while (m && (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r'))
				t++, m--;
			while (m && (t[m - 1] == ' ' || t[m - 1] == '\t' || t[m - 1] == '\n' || t[m - 1] == '\r'))
				m--;
			if (m == 3 && strncasecmp((const char *)t, "now", 3) == 0)
				clock_free = false;
			if (strcmp(fns[f].name, "timediff") != 0)
				break;
		}
	}
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int type = sqlite3_column_type(st, 0);
		const unsigned char *t = sqlite3_column_text(st, 0);
		int tl = sqlite3_column_bytes(st, 0);
		if (fns[f].kind == 'd')
			require(type == SQLITE_NULL || (t && is_date(t, tl)));
		if (fns[f].kind == 'b')
			require(type == SQLITE_NULL || (type == SQLITE_INTEGER && (unsigned long long)sqlite3_column_int64(st, 0) <= 1));
		if (fns[f].kind == 'c' && type != SQLITE_NULL)
			require(clock_free); /* only an explicit date gives an answer */
	}
	sqlite3_finalize(st);
	return 0;
}
