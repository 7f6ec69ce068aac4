/* The SQL functions for check authors: regexp, uscc_valid, date helpers, in_force, penalty_class, normalize_name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/engine/sqlfuncs.h"

static int setup(void **state)
{
	sqlite3 *db;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return -1;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	if (cscs_sqlfuncs_register(db, &dl) != CSCS_OK)
		return -1;
	cscs_diag_list_finish(&dl);
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	sqlite3_close(*state);
	return 0;
}

/* Run sql (one value); returns a malloc'd text, "NULL" for NULL, or "ERROR: msg". */
static char *eval(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	char buf[512];
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(buf, sizeof(buf), "ERROR: %s", sqlite3_errmsg(db));
		return strdup(buf);
	}
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) == SQLITE_NULL)
			snprintf(buf, sizeof(buf), "NULL");
		else
			snprintf(buf, sizeof(buf), "%s", sqlite3_column_text(st, 0));
	} else {
		snprintf(buf, sizeof(buf), "ERROR: %s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	return strdup(buf);
}

#define assert_eval(db, sql, expected)                 \
	do {                                           \
		char *got_ = eval((db), (sql));        \
		assert_string_equal(got_, (expected)); \
		free(got_);                            \
	} while (0)

static void assert_eval_error(sqlite3 *db, const char *sql, const char *needle)
{
	char *got = eval(db, sql);
	if (strncmp(got, "ERROR: ", 7) != 0 || !strstr(got, needle)) {
		fprintf(stderr, "%s -> %s (expected an error with '%s')\n", sql, got, needle);
		free(got);
		fail();
	}
	free(got);
}

static void test_every_function_is_registered(void **state)
{
	sqlite3 *db = *state;
	size_t n;
	const char *const *names = cscs_sqlfuncs_names(&n);
	assert_int_equal(n, 16);
	for (size_t i = 0; i < n; i++) {
		char sql[128];
		int args = strcmp(names[i], "uscc_valid") == 0 || strcmp(names[i], "end_of_month") == 0 ||
			   strcmp(names[i], "normalize_name") == 0 || strcmp(names[i], "id_key") == 0 ||
			   strcmp(names[i], "id_mask") == 0 || strcmp(names[i], "person_key") == 0 ? 1
			   : strcmp(names[i], "in_force") == 0 || strcmp(names[i], "publicity_ends") == 0 ? 3
			   : strcmp(names[i], "repair_from") == 0 ? 5 : 2;
		snprintf(sql, sizeof(sql), "SELECT %s(%s)", names[i],
			 args == 1 ? "NULL" : args == 2 ? "NULL, NULL" : args == 3 ? "NULL, NULL, NULL"
			 : "NULL, NULL, NULL, NULL, NULL");
		/* a penalty of no recorded class or kind is classed general, as the rules' default */
		assert_eval(db, sql, strcmp(names[i], "penalty_class") == 0 ? "general" : "NULL");
	}
}

static void test_identity_numbers_and_person_names(void **state)
{
	sqlite3 *db = *state;
	/* one reading of a number: blanks, hyphens, full-width digits, a lower-case x */
	assert_eval(db, "SELECT id_key('320581 19800101 054x')", "32058119800101054X");
	assert_eval(db, "SELECT id_key('320581-19800101-054X') = id_key('32058119800101054x')", "1");
	assert_eval(db, "SELECT id_key('３１０１０４６２０３１５７８１')", "310104620315781");
	/* not shaped like a number: no key, so it never equals another */
	assert_eval(db, "SELECT id_key('见附件')", "NULL");
	assert_eval(db, "SELECT id_key('12345')", "NULL");
	assert_eval(db, "SELECT id_key('')", "NULL");
	assert_eval(db, "SELECT id_mask('32058119800101054x')", "320***********054X");
	assert_eval(db, "SELECT id_mask('310104620315781')", "310********5781");
	assert_eval(db, "SELECT person_key('李 娜') = person_key('李娜')", "1");
	assert_eval(db, "SELECT person_key('阿卜杜·热合曼')", "阿卜杜热合曼");
	assert_eval(db, "SELECT person_key('Ｗａｎｇ Wei')", "wangwei");
	assert_eval(db, "SELECT person_key(' · ')", "NULL");
}

static void test_regexp_matches(void **state)
{
	sqlite3 *db = *state;
	assert_eval(db, "SELECT 'abc123' REGEXP '^[a-z]+[0-9]+$'", "1");
	assert_eval(db, "SELECT 'abc' REGEXP '^[0-9]+$'", "0");
	assert_eval(db, "SELECT regexp('b', 'abc')", "1");
	assert_eval(db, "SELECT NULL REGEXP 'a'", "NULL");
	assert_eval(db, "SELECT 'a' REGEXP NULL", "NULL");
	/* UTF-8: Chinese text and character classes */
	assert_eval(db, "SELECT '上海某某有限公司' REGEXP '有限公司$'", "1");
	assert_eval(db, "SELECT '上海' REGEXP '^..$'", "1");
	assert_eval(db, "SELECT '１２３' REGEXP '^\\d+$'", "1");
	assert_eval(db, "SELECT 'ABC' REGEXP '(?i)^abc$'", "1");
	assert_eval(db, "SELECT 'ab' REGEXP '^\\w+$'", "1");
	/* numbers are matched as their text */
	assert_eval(db, "SELECT 2024 REGEXP '^20[0-9]{2}$'", "1");
}

static void test_regexp_bad_pattern(void **state)
{
	sqlite3 *db = *state;
	assert_eval_error(db, "SELECT 'x' REGEXP '(ab'", "is not a valid pattern");
	assert_eval_error(db, "SELECT 'x' REGEXP '(ab'", "missing closing parenthesis");
	assert_eval_error(db, "SELECT 'x' REGEXP '[z-a]'", "out of order");
}

static void test_regexp_cache_and_many_patterns(void **state)
{
	sqlite3 *db = *state;
	/* more patterns than the cache holds, each used twice: evictions must not confuse them */
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < CSCS_REGEXP_CACHE_SIZE * 2; i++) {
			char sql[128];
			snprintf(sql, sizeof(sql), "SELECT 'id-%d' REGEXP '^id-%d$', 'id-%d' REGEXP '^id-%d$'", i, i, i, i + 1);
			sqlite3_stmt *st;
			assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
			assert_int_equal(sqlite3_step(st), SQLITE_ROW);
			assert_int_equal(sqlite3_column_int(st, 0), 1);
			assert_int_equal(sqlite3_column_int(st, 1), 0);
			sqlite3_finalize(st);
		}
	}
	/* a pattern from a column (not a constant) */
	assert_eval(db, "SELECT count(*) FROM (SELECT 'a' AS p UNION ALL SELECT 'b' UNION ALL SELECT 'c') WHERE 'abx' REGEXP p",
		    "2");
}

static void test_regexp_backtracking_is_bounded(void **state)
{
	sqlite3 *db = *state;
	/* exponential backtracking: PCRE2's match limit turns it into an error, not a hang */
	assert_eval_error(db, "SELECT 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' "
			  "REGEXP '^(a|aa)+$'", "regexp: matching");
}

static void test_regexp_long_pattern_refused(void **state)
{
	sqlite3 *db = *state;
	assert_eval_error(db, "SELECT 'a' REGEXP printf('%.*c', 5000, 'a')", "longer than 4096");
}

static void test_uscc_valid(void **state)
{
	sqlite3 *db = *state;
	assert_eval(db, "SELECT uscc_valid('91110000600037341L')", "1");
	assert_eval(db, "SELECT uscc_valid('91110000600037341A')", "0");
	assert_eval(db, "SELECT uscc_valid('9111 0000 6000 3734 1l')", "1");
	assert_eval(db, "SELECT uscc_valid('')", "0");
	assert_eval(db, "SELECT uscc_valid(12345)", "0");
	assert_eval(db, "SELECT uscc_valid(NULL)", "NULL");
}

static void test_date_add(void **state)
{
	sqlite3 *db = *state;
	assert_eval(db, "SELECT date_add_days('2025-01-31', 1)", "2025-02-01");
	assert_eval(db, "SELECT date_add_days('2025-03-01', -1)", "2025-02-28");
	assert_eval(db, "SELECT date_add_days('2024-02-28', '1')", "2024-02-29");
	assert_eval(db, "SELECT date_add_days('2024-02-28', 2.0)", "2024-03-01");
	assert_eval(db, "SELECT date_add_days('2024-02-28', 1.5)", "NULL");
	assert_eval(db, "SELECT date_add_days('2024-02-28', 'x')", "NULL");
	assert_eval(db, "SELECT date_add_days('2025-02-30', 1)", "NULL");
	assert_eval(db, "SELECT date_add_days('2025/03/01', 1)", "NULL");
	assert_eval(db, "SELECT date_add_days(NULL, 1)", "NULL");
	assert_eval(db, "SELECT date_add_days('2025-01-01', NULL)", "NULL");
	assert_eval(db, "SELECT date_add_days('2025-01-01', 9000000000)", "NULL");
	assert_eval(db, "SELECT date_add_days('2200-12-31', 1)", "NULL");
	assert_eval(db, "SELECT date_add_months('2024-01-31', 1)", "2024-02-29");
	assert_eval(db, "SELECT date_add_months('2025-01-31', 1)", "2025-02-28");
	assert_eval(db, "SELECT date_add_months('2025-03-31', -1)", "2025-02-28");
	assert_eval(db, "SELECT date_add_months('2025-11-15', 14)", "2027-01-15");
	assert_eval(db, "SELECT date_add_months('2025-01-15', 2000000)", "NULL");
	assert_eval(db, "SELECT date_add_years('2024-02-29', 1)", "2025-02-28");
	assert_eval(db, "SELECT date_add_years('2021-09-01', 3)", "2024-09-01");
	assert_eval(db, "SELECT date_add_years('2021-09-01', -3)", "2018-09-01");
}

static void test_days_between_and_end_of_month(void **state)
{
	sqlite3 *db = *state;
	assert_eval(db, "SELECT days_between('2025-01-01', '2025-03-01')", "59");
	assert_eval(db, "SELECT days_between('2024-01-01', '2024-03-01')", "60");
	assert_eval(db, "SELECT days_between('2025-03-01', '2025-01-01')", "-59");
	assert_eval(db, "SELECT days_between('2025-03-01', '2025-03-01')", "0");
	assert_eval(db, "SELECT days_between('2025-03-01', 'soon')", "NULL");
	assert_eval(db, "SELECT end_of_month('2024-02-10')", "2024-02-29");
	assert_eval(db, "SELECT end_of_month('2025-02-10')", "2025-02-28");
	assert_eval(db, "SELECT end_of_month('2025-12-01')", "2025-12-31");
	assert_eval(db, "SELECT end_of_month(20250101)", "NULL");
}

static void test_in_force(void **state)
{
	sqlite3 *db = *state;
	assert_eval(db, "SELECT in_force('2025-01-01', '2025-06-01', '2025-03-01')", "1");
	assert_eval(db, "SELECT in_force('2025-01-01', '2025-06-01', '2025-01-01')", "1");
	/* the end is exclusive: removed on the day is no longer listed that day */
	assert_eval(db, "SELECT in_force('2025-01-01', '2025-06-01', '2025-06-01')", "0");
	assert_eval(db, "SELECT in_force('2025-04-01', NULL, '2025-03-31')", "0");
	/* an open or unreadable bound holds every day: unknown is never "not listed" */
	assert_eval(db, "SELECT in_force(NULL, NULL, '2025-03-01')", "1");
	assert_eval(db, "SELECT in_force('见附件', '2024-13-01', '2025-03-01')", "1");
	assert_eval(db, "SELECT in_force(NULL, '2025-01-01', '2025-03-01')", "0");
	assert_eval(db, "SELECT in_force('2025-01-01', NULL, 'today')", "NULL");
}

static void test_penalty_class(void **state)
{
	sqlite3 *db = *state;
	/* the authority's class wins */
	assert_eval(db, "SELECT penalty_class('serious', 'warning')", "serious");
	assert_eval(db, "SELECT penalty_class('minor', 'license_revoked')", "minor");
	/* else by the kind of penalty */
	assert_eval(db, "SELECT penalty_class(NULL, 'warning')", "minor");
	assert_eval(db, "SELECT penalty_class('unclear', 'criticism')", "minor");
	assert_eval(db, "SELECT penalty_class(NULL, 'license_suspended')", "serious");
	assert_eval(db, "SELECT penalty_class(NULL, 'employment_restriction')", "serious");
	assert_eval(db, "SELECT penalty_class(NULL, 'fine')", "general");
	assert_eval(db, "SELECT penalty_class(NULL, NULL)", "general");
}

static void test_publication_periods(void **state)
{
	sqlite3 *db = *state;
	/* NDRC Order 58: a year in special equipment, work safety and fire, whatever the class */
	assert_eval(db, "SELECT repair_from('2025-06-12', 'general', 'fire', ',special_equipment,work_safety,fire,', ',')",
		    "2026-06-12");
	assert_eval(db, "SELECT repair_from('2025-06-12', 'serious', 'market', ',special_equipment,work_safety,fire,', ',')",
		    "2025-09-12");
	/* a listed area must be whole: 'safety' is not 'work_safety' */
	assert_eval(db, "SELECT repair_from('2025-06-12', 'general', 'safety', ',work_safety,', ',')", "2025-09-12");
	/* NDRC Order 36: serious information a year in every area */
	assert_eval(db, "SELECT repair_from('2025-06-12', 'serious', NULL, ',', '*')", "2026-06-12");
	assert_eval(db, "SELECT repair_from('2025-06-12', 'general', NULL, ',', '*')", "2025-09-12");
	assert_eval(db, "SELECT repair_from('2025-11-30', 'minor', 'market', ',', '*')", "2026-02-28");
	assert_eval(db, "SELECT publicity_ends('2025-06-12', 'serious', 12)", "2028-06-12");
	assert_eval(db, "SELECT publicity_ends('2025-06-12', 'general', 12)", "2026-06-12");
	assert_eval(db, "SELECT publicity_ends('2025-06-12', 'general', 36)", "2028-06-12");
	assert_eval(db, "SELECT publicity_ends('2025-06-12', 'general', -1)", "NULL");
}

static void test_add_working_days(void **state)
{
	sqlite3 *db = *state;
	/* 2025-03-07 is a Friday */
	assert_eval(db, "SELECT add_working_days('2025-03-07', 1)", "2025-03-10");
	assert_eval(db, "SELECT add_working_days('2025-03-07', 5)", "2025-03-14");
	assert_eval(db, "SELECT add_working_days('2025-03-03', 20)", "2025-03-31");
	assert_eval(db, "SELECT add_working_days('2025-03-10', -1)", "2025-03-07");
	assert_eval(db, "SELECT add_working_days('2025-03-08', 1)", "2025-03-10");
	assert_eval(db, "SELECT add_working_days('2025-03-10', 0)", "2025-03-10");
	assert_eval(db, "SELECT add_working_days('2025-03-10', 1000000000)", "NULL");
}

static void test_normalize_name(void **state)
{
	sqlite3 *db = *state;
	assert_eval(db, "SELECT normalize_name('上海某某贸易有限公司')", "上海某某贸易");
	assert_eval(db, "SELECT normalize_name('上海某某贸易股份有限公司')", "上海某某贸易");
	assert_eval(db, "SELECT normalize_name(' 上海 某某（中国）贸易有限责任公司 ')", "上海某某中国贸易");
	assert_eval(db, "SELECT normalize_name('【上海】某某·贸易、有限公司。')", "上海某某贸易");
	assert_eval(db, "SELECT normalize_name('ＡＣＭＥ　Ｔｒａｄｉｎｇ　Ｃｏ．，Ｌｔｄ．')", "acmetrading");
	assert_eval(db, "SELECT normalize_name('Acme Trading Co., Ltd.')", "acmetrading");
	assert_eval(db, "SELECT normalize_name('ACME TRADING (SHANGHAI) LIMITED')", "acmetradingshanghai");
	assert_eval(db, "SELECT normalize_name('Volkswagen AG')", "volkswagen");
	assert_eval(db, "SELECT normalize_name('某某投资合伙企业（有限合伙）')", "某某投资");
	assert_eval(db, "SELECT normalize_name('二〇二〇科技有限公司')", "二〇二〇科技");
	/* nothing but a legal form stays as it is rather than vanishing */
	assert_eval(db, "SELECT normalize_name('有限公司')", "有限公司");
	assert_eval(db, "SELECT normalize_name('Limited')", "limited");
	assert_eval(db, "SELECT normalize_name('...')", "");
	assert_eval(db, "SELECT normalize_name(NULL)", "NULL");
	/* same company, different spellings: the point of the function */
	assert_eval(db, "SELECT normalize_name('Acme Trading Co.,Ltd') = normalize_name('ＡＣＭＥ trading company limited')",
		    "1");
}

static char *shout(const char *name)
{
	char *s = strdup(name);
	for (char *p = s; p && *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 32);
	return s;
}

static void test_normalizer_can_be_replaced(void **state)
{
	sqlite3 *db = *state;
	cscs_sqlfuncs_set_normalizer(shout);
	assert_eval(db, "SELECT normalize_name('Acme Co')", "ACME CO");
	cscs_sqlfuncs_set_normalizer(NULL);
	assert_eval(db, "SELECT normalize_name('Acme Co')", "acme");
}

/* The clock: every date/time function without an explicit date is an error, whatever the spelling. */
static void test_clock_is_refused(void **state)
{
	sqlite3 *db = *state;
	static const char *const reads_clock[] = {
		"SELECT date()", "SELECT time()", "SELECT datetime()", "SELECT julianday()",
		"SELECT unixepoch()", "SELECT strftime('%Y-%m-%d')", "SELECT date('now')",
		"SELECT date('NOW')", "SELECT date(' now ')", "SELECT date('n' || 'ow')",
		"SELECT strftime('%s', 'now')", "SELECT timediff('now', '2024-01-01')",
		"SELECT timediff('2024-01-01')", "SELECT datetime(x) FROM (SELECT 'now' AS x)",
	};
	for (size_t i = 0; i < sizeof(reads_clock) / sizeof(reads_clock[0]); i++)
		assert_eval_error(db, reads_clock[i], "clock");
	assert_eval_error(db, "SELECT date('2024-01-01', 'localtime')", "time zone");
	assert_eval_error(db, "SELECT datetime('2024-01-01', 'UTC')", "time zone");
	/* Explicit dates still work, with SQLite's own answers. */
	assert_eval(db, "SELECT date('2024-02-28', '+1 day')", "2024-02-29");
	assert_eval(db, "SELECT strftime('%Y/%m', '2024-03-05')", "2024/03");
	assert_eval(db, "SELECT julianday('2000-01-01')", "2451544.5");
	assert_eval(db, "SELECT unixepoch('1970-01-02')", "86400");
	assert_eval(db, "SELECT time('2024-01-01 10:11:12')", "10:11:12");
	assert_eval(db, "SELECT datetime('2024-01-01', '+1 hour', '+2 minutes')", "2024-01-01 01:02:00");
	assert_eval(db, "SELECT date(NULL)", "NULL");
	assert_eval(db, "SELECT date('nowhere')", "NULL");
	assert_eval(db, "SELECT count(DISTINCT date(d)) FROM (SELECT '2024-01-01' AS d UNION ALL SELECT '2024-01-02')",
		    "2");
}

/* like() and glob() keep SQLite's answers, and refuse a comparison that could outrun the budget. */
static void test_match_cost_is_bounded(void **state)
{
	sqlite3 *db = *state;
	assert_eval(db, "SELECT 'Abc' LIKE 'a%'", "1");
	assert_eval(db, "SELECT 'Abc' GLOB 'a*'", "0");
	assert_eval(db, "SELECT 'a%c' LIKE 'a\\%c' ESCAPE '\\'", "1");
	assert_eval(db, "SELECT 'abc' LIKE 'a\\%c' ESCAPE '\\'", "0");
	assert_eval(db, "SELECT '上海市某公司' LIKE '%公司'", "1");
	assert_eval(db, "SELECT 'x1' GLOB '[a-z][0-9]'", "1");
	assert_eval(db, "SELECT NULL LIKE 'a'", "NULL");
	assert_eval(db, "SELECT like('a_', 'ab')", "1");
	assert_eval_error(db, "SELECT printf('%.*c', 4000000, 'a') LIKE '%' || printf('%.*c', 2000, 'a') || 'b'",
			  "longer than the check's time budget");
	assert_eval_error(db, "SELECT printf('%.*c', 4000000, 'a') GLOB '*' || printf('%.*c', 2000, 'a') || 'b'",
			  "longer than the check's time budget");
}

/* printf() and format(): a result past the length limit is an error, never a quiet NULL. */
static void test_printf_past_the_limit(void **state)
{
	sqlite3 *db = *state;
	int before = sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1 << 20);
	assert_eval(db, "SELECT printf('%05d-%s', 42, '许可')", "00042-许可");
	assert_eval(db, "SELECT format('%.3f', 2.0)", "2.000");
	assert_eval(db, "SELECT printf(NULL)", "NULL");
	assert_eval(db, "SELECT length(printf('%.*c', 1000, 'a'))", "1000");
	assert_eval_error(db, "SELECT printf('%.*c', 2000000, 'a')", "longer than 1048576 bytes");
	assert_eval_error(db, "SELECT format('%2000000d', 1)", "longer than 1048576 bytes");
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_function_is_registered),
		cmocka_unit_test(test_regexp_matches),
		cmocka_unit_test(test_in_force),
		cmocka_unit_test(test_penalty_class),
		cmocka_unit_test(test_publication_periods),
		cmocka_unit_test(test_regexp_bad_pattern),
		cmocka_unit_test(test_regexp_cache_and_many_patterns),
		cmocka_unit_test(test_regexp_backtracking_is_bounded),
		cmocka_unit_test(test_regexp_long_pattern_refused),
		cmocka_unit_test(test_uscc_valid),
		cmocka_unit_test(test_date_add),
		cmocka_unit_test(test_days_between_and_end_of_month),
		cmocka_unit_test(test_add_working_days),
		cmocka_unit_test(test_normalize_name),
		cmocka_unit_test(test_identity_numbers_and_person_names),
		cmocka_unit_test(test_normalizer_can_be_replaced),
		cmocka_unit_test(test_clock_is_refused),
		cmocka_unit_test(test_match_cost_is_bounded),
		cmocka_unit_test(test_printf_past_the_limit),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
