/* The checklist loader: every annotation error, versions by date, folders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine_test.h"

/* The annotations every valid check needs, after `-- check: ID`. */
#define HEAD "-- area: licenses\n-- severity: high\n-- title: T\n-- basis: B\n"

/* Load text; it must be refused with an error on line (0 = any line) whose message holds needle. */
static void expect_error(const char *text, unsigned long line, const char *needle)
{
	struct cscs_checklist *cl;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_checklist_create(&cl), CSCS_OK);
	enum cscs_error err = cscs_checklist_load_text(cl, "bad.sql", text, strlen(text), &dl);
	bool found = false;
	for (size_t i = 0; i < dl.n; i++) {
		const struct cscs_diag *d = &dl.items[i];
		if (d->level == CSCS_DIAG_ERROR && strcmp(d->file, "bad.sql") == 0 && (line == 0 || d->line == line) &&
		    strstr(d->message, needle))
			found = true;
	}
	if (err != CSCS_ERR_CHECKLIST || !found) {
		fprintf(stderr, "---\n%s---\nexpected an error on line %lu with '%s'; got %d and:\n", text, line, needle, err);
		for (size_t i = 0; i < dl.n; i++) {
			char buf[1024];
			fprintf(stderr, "  %s\n", cscs_diag_format(&dl.items[i], buf, sizeof(buf)));
		}
		fail();
	}
	/* a refused file adds no check */
	assert_int_equal(cl->n_checks, 0);
	cscs_checklist_destroy(cl);
	cscs_diag_list_finish(&dl);
}

static void test_valid_checks_are_read(void **state)
{
	(void)state;
	struct cscs_checklist *cl = checklist_ok(
		"-- A file header comment.\n"
		"-- Note: free comments may hold colons when capitalised; see https://example.org\n"
		"\n"
		"-- check: LIC-001\n"
		"-- area: licenses\n"
		"-- severity: high\n"
		"-- title: Licence expired\n"
		"-- title.zh: 许可证已过期\n"
		"-- basis: Regulation X, art. 5\n"
		"-- remedy: Renew the licence\n"
		"--   before it lapses.\n"
		"-- remedy.zh: 续期\n"
		"-- requires: licenses, entity\n"
		"-- applies: SELECT 1 FROM entity\n"
		"--   WHERE foreign_invested = 1\n"
		"-- effective_from: 2021-09-01\n"
		"-- effective_to: 2026-03-31\n"
		"-- weight: 1.5\n"
		"-- tags: identity, pre-entry ,\n"
		"-- cap: c\n"
		"SELECT license_no AS subject -- a comment inside the query: ok\n"
		"FROM licenses WHERE expires_on < :as_of;\n"
		"\n"
		"-- check: LIC-002\n" HEAD
		"SELECT 1 AS subject FROM licenses WHERE 0;\n");
	assert_int_equal(cl->n_checks, 2);
	const struct cscs_check *c = cl->checks[0];
	assert_string_equal(c->id, "LIC-001");
	assert_string_equal(c->area, "licenses");
	assert_int_equal(c->severity, CSCS_SEV_HIGH);
	assert_string_equal(c->title, "Licence expired");
	assert_string_equal(c->title_zh, "许可证已过期");
	assert_string_equal(c->basis, "Regulation X, art. 5");
	assert_string_equal(c->remedy, "Renew the licence before it lapses.");
	assert_string_equal(c->remedy_zh, "续期");
	assert_int_equal(c->n_requires, 2);
	assert_string_equal(c->requires[0], "licenses");
	assert_string_equal(c->requires[1], "entity");
	assert_string_equal(c->applies, "SELECT 1 FROM entity\nWHERE foreign_invested = 1");
	assert_int_equal(c->applies_line, 14);
	assert_true(c->has_from && c->has_to);
	assert_int_equal(c->effective_from, cscs_date_from_ymd(2021, 9, 1));
	assert_int_equal(c->effective_to, cscs_date_from_ymd(2026, 3, 31));
	assert_true(c->weight == 1.5);
	assert_int_equal(c->n_tags, 2);
	assert_string_equal(c->tags[1], "pre-entry");
	assert_int_equal(c->cap, 'C');
	assert_int_equal(c->line, 4);
	assert_int_equal(c->sql_line, 21);
	assert_non_null(strstr(c->sql, "FROM licenses WHERE expires_on < :as_of;"));
	assert_string_equal(c->file, "test.sql");
	c = cl->checks[1];
	assert_string_equal(c->id, "LIC-002");
	assert_true(c->weight == 1.0);
	assert_false(c->has_from || c->has_to);
	assert_int_equal(c->cap, 0);
	assert_null(c->applies);
	assert_int_equal(c->line, 24);
	char period[32];
	assert_string_equal(cscs_check_period(cl->checks[0], period, sizeof(period)), "2021-09-01..2026-03-31");
	assert_string_equal(cscs_check_period(cl->checks[1], period, sizeof(period)), "always");
	cscs_checklist_destroy(cl);
}

static void test_crlf_and_bom(void **state)
{
	(void)state;
	struct cscs_checklist *cl = checklist_ok("\xEF\xBB\xBF-- check: A\r\n-- area: x\r\n-- severity: low\r\n"
						 "-- title: T\r\n-- basis: B\r\nSELECT 1 AS subject\r\n");
	assert_int_equal(cl->n_checks, 1);
	assert_string_equal(cl->checks[0]->basis, "B");
	cscs_checklist_destroy(cl);
}

static void test_unknown_key(void **state)
{
	(void)state;
	expect_error("-- check: A\n" HEAD "-- severty: high\nSELECT 1;\n", 6, "unknown annotation 'severty' (did you mean 'severity'?)");
	expect_error("-- check: A\n" HEAD "-- owner: me\nSELECT 1;\n", 6, "unknown annotation 'owner'");
	expect_error("-- check: A\n" HEAD "-- title_zh: 中文\nSELECT 1;\n", 6, "did you mean 'title.zh'");
}

static void test_missing_required_keys(void **state)
{
	(void)state;
	expect_error("-- check: A\n-- severity: high\n-- title: T\n-- basis: B\nSELECT 1;\n", 1, "check 'A' has no 'area' annotation");
	expect_error("-- check: A\n-- area: x\n-- title: T\n-- basis: B\nSELECT 1;\n", 1, "has no 'severity' annotation");
	expect_error("-- check: A\n-- area: x\n-- severity: low\n-- basis: B\nSELECT 1;\n", 1, "has no 'title' annotation");
	expect_error("-- check: A\n-- area: x\n-- severity: low\n-- title: T\nSELECT 1;\n", 1, "has no 'basis' annotation");
	expect_error("-- check: A\n" HEAD "\n-- only a comment\n", 1, "check 'A' has no query");
	expect_error("-- check: A\n" HEAD "-- check: B\n" HEAD "SELECT 1;\n", 1, "check 'A' has no query");
	expect_error("-- check: A\n" HEAD "-- remedy:\nSELECT 1;\n", 6, "annotation 'remedy' has no value");
}

static void test_bad_values(void **state)
{
	(void)state;
	expect_error("-- check: A\n-- area: x\n-- severity: severe\n-- title: T\n-- basis: B\nSELECT 1;\n", 3,
		     "severity 'severe' is not one of critical, high, medium, low, info");
	expect_error("-- check: A\n" HEAD "-- effective_from: 2025-02-30\nSELECT 1;\n", 6,
		     "effective_from '2025-02-30' is not a date (YYYY-MM-DD)");
	expect_error("-- check: A\n" HEAD "-- effective_to: 2025/03/01\nSELECT 1;\n", 6, "effective_to '2025/03/01' is not a date");
	expect_error("-- check: A\n" HEAD "-- effective_from: 2025-03-01\n-- effective_to: 2025-02-28\nSELECT 1;\n", 7,
		     "effective_to 2025-02-28 is before effective_from 2025-03-01");
	expect_error("-- check: A\n" HEAD "-- weight: heavy\nSELECT 1;\n", 6, "weight 'heavy' is not a number from 0 to 100");
	expect_error("-- check: A\n" HEAD "-- weight: -1\nSELECT 1;\n", 6, "weight '-1'");
	expect_error("-- check: A\n" HEAD "-- weight: 101\nSELECT 1;\n", 6, "weight '101'");
	expect_error("-- check: A\n" HEAD "-- weight: nan\nSELECT 1;\n", 6, "weight 'nan'");
	expect_error("-- check: A\n" HEAD "-- requires: licences\nSELECT 1;\n", 6,
		     "requires 'licences', which is not a record type");
	expect_error("-- check: A\n" HEAD "-- requires: licenses,,entity\nSELECT 1;\n", 6, "requires has an empty item");
	expect_error("-- check: A\n" HEAD "-- cap: E\nSELECT 1;\n", 6, "cap 'E' is not a grade (A, B, C or D)");
	expect_error("-- check: A B\n" HEAD "SELECT 1;\n", 1, "check id 'A B' may hold only");
	expect_error("-- check: A\n-- area: two words\n-- severity: low\n-- title: T\n-- basis: B\nSELECT 1;\n", 2,
		     "area 'two words'");
}

static void test_structure_errors(void **state)
{
	(void)state;
	expect_error("-- area: x\n-- check: A\n" HEAD "SELECT 1;\n", 1, "annotation 'area' comes before the first '-- check:' line");
	expect_error("SELECT 1;\n-- check: A\n" HEAD "SELECT 1;\n", 1, "SQL before the first '-- check:' line");
	expect_error("-- check: A\n" HEAD "SELECT 1\n-- weight: 2\n;\n", 7, "annotation 'weight' inside the query of check 'A'");
	expect_error("-- check: A\n" HEAD "-- title: again\nSELECT 1;\n", 6, "duplicate annotation 'title' (first on line 4)");
	expect_error("-- just a comment\n", 0, "no check in this file");
	expect_error("", 0, "no check in this file");
	expect_error("-- check: A\n" HEAD "SELECT '\xff';\n", 6, "not UTF-8");
}

static void test_sql_must_prepare(void **state)
{
	(void)state;
	expect_error("-- check: A\n" HEAD "SELECT license_no\nFROM licenses WHERE nope = 1;\n", 7,
		     "the query does not prepare: no such column: nope");
	expect_error("-- check: A\n" HEAD "SELEC 1;\n", 6, "near \"SELEC\": syntax error");
	expect_error("-- check: A\n" HEAD "SELECT * FROM licences;\n", 6, "no such table: licences");
	expect_error("-- check: A\n" HEAD "-- applies: SELECT 1 FROM entity WHERE\nSELECT 1;\n", 6,
		     "the applies query does not prepare");
	expect_error("-- check: A\n" HEAD "SELECT 1; SELECT 2;\n", 6, "more than one statement");
	expect_error("-- check: A\n" HEAD "SELECT :today;\n", 6, "parameter ':today' is never bound");
	expect_error("-- check: A\n" HEAD "SELECT nosuch(1);\n", 6, "no such function: nosuch");
	expect_error("-- check: A\n" HEAD "SELECT 1 WHERE date('now') > :as_of;\n", 6, "uses 'now'");
	/* the column of the error is reported too */
	struct cscs_checklist *cl;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	cscs_checklist_create(&cl);
	const char *text = "-- check: A\n" HEAD "SELECT 1\nFROM licenses WHERE nope = 1;\n";
	assert_int_equal(cscs_checklist_load_text(cl, "bad.sql", text, strlen(text), &dl), CSCS_ERR_CHECKLIST);
	assert_int_equal(dl.n_errors, 1);
	assert_int_equal(dl.items[0].line, 7);
	assert_int_equal(dl.items[0].col, 21);
	cscs_checklist_destroy(cl);
	cscs_diag_list_finish(&dl);
}

static void test_sql_must_be_read_only(void **state)
{
	(void)state;
	expect_error("-- check: A\n" HEAD "DELETE FROM licenses;\n", 6, "DELETE from 'licenses' is not allowed");
	expect_error("-- check: A\n" HEAD "INSERT INTO licenses(src_file, src_line) VALUES (1, 1);\n", 6, "INSERT into 'licenses'");
	expect_error("-- check: A\n" HEAD "UPDATE licenses SET status = 'valid';\n", 6, "UPDATE of 'licenses'");
	expect_error("-- check: A\n" HEAD "ATTACH DATABASE 'x.db' AS x;\n", 6, "ATTACH is not allowed");
	expect_error("-- check: A\n" HEAD "PRAGMA user_version = 3;\n", 6, "PRAGMA user_version is not allowed");
	expect_error("-- check: A\n" HEAD "SELECT load_extension('x');\n", 6, "function 'load_extension' is not allowed");
	expect_error("-- check: A\n" HEAD "CREATE TEMP TABLE t(x);\n", 6, "CREATE TEMP TABLE is not allowed");
	expect_error("-- check: A\n" HEAD "SELECT * FROM runs;\n", 6, "table 'runs' is not readable by a check");
	expect_error("-- check: A\n" HEAD "-- applies: DELETE FROM entity\nSELECT 1;\n", 6, "DELETE from 'entity'");
}

static void test_duplicates_and_versions(void **state)
{
	(void)state;
	/* same id, no dates: overlap */
	expect_error("-- check: A\n" HEAD "SELECT 1;\n-- check: A\n" HEAD "SELECT 2;\n", 7,
		     "check 'A' (in force always) is already defined at bad.sql:1 for an overlapping period (always)");
	/* one shared day overlaps */
	expect_error("-- check: A\n" HEAD "-- effective_to: 2025-07-01\nSELECT 1;\n"
		     "-- check: A\n" HEAD "-- effective_from: 2025-07-01\nSELECT 2;\n",
		     8, "already defined at bad.sql:1");
	/* an open start overlaps an earlier bounded version */
	expect_error("-- check: A\n" HEAD "-- effective_from: 2020-01-01\n-- effective_to: 2021-01-01\nSELECT 1;\n"
		     "-- check: A\n" HEAD "-- effective_to: 2022-01-01\nSELECT 2;\n",
		     9, "already defined");
	/* adjacent periods are fine, and the version in force is picked by date */
	struct cscs_checklist *cl = checklist_ok(
		"-- check: A\n" HEAD "-- effective_to: 2025-06-30\nSELECT 'old' AS subject;\n"
		"-- check: A\n" HEAD "-- effective_from: 2025-07-01\n-- effective_to: 2026-03-31\nSELECT 'new' AS subject;\n"
		"-- check: A\n" HEAD "-- effective_from: 2026-04-01\nSELECT 'newest' AS subject;\n"
		"-- check: B\n" HEAD "-- effective_from: 2030-01-01\nSELECT 'future' AS subject;\n");
	assert_int_equal(cl->n_checks, 4);
	struct {
		int y, m, d;
		const char *sql;
		size_t n;
	} cases[] = {
		{2020, 1, 1, "'old'", 1}, {2025, 6, 30, "'old'", 1}, {2025, 7, 1, "'new'", 1},
		{2026, 3, 31, "'new'", 1}, {2026, 4, 1, "'newest'", 1}, {2030, 1, 1, "'newest'", 2},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct cscs_check **v;
		size_t n;
		assert_int_equal(cscs_checklist_in_force(cl, cscs_date_from_ymd(cases[i].y, cases[i].m, cases[i].d), &v, &n),
				 CSCS_OK);
		assert_int_equal(n, cases[i].n);
		assert_string_equal(v[0]->id, "A");
		assert_non_null(strstr(v[0]->sql, cases[i].sql));
		if (n == 2)
			assert_string_equal(v[1]->id, "B");
		free(v);
	}
	/* a duplicate in another file is refused too, naming the first file */
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	const char *again = "-- check: A\n" HEAD "-- effective_from: 2025-01-01\n-- effective_to: 2025-01-31\nSELECT 1;\n";
	assert_int_equal(cscs_checklist_load_text(cl, "other.sql", again, strlen(again), &dl), CSCS_ERR_CHECKLIST);
	assert_int_equal(dl.n_errors, 1);
	assert_string_equal(dl.items[0].file, "other.sql");
	assert_non_null(strstr(dl.items[0].message, "already defined at test.sql:1"));
	assert_int_equal(cl->n_checks, 4);
	cscs_diag_list_finish(&dl);
	cscs_checklist_destroy(cl);
}

static void test_versions_share_one_query(void **state)
{
	(void)state;
	struct cscs_checklist *cl = checklist_ok(
		"-- check: A\n"
		"-- area: tax\n"
		"-- severity: high\n"
		"-- title: T\n"
		"-- param.rule: shared\n"
		"-- version: 2014\n"
		"-- effective_to: 2025-06-30\n"
		"-- basis: Old rule\n"
		"-- param.days: 90\n"
		"-- version: 2025\n"
		"-- effective_from: 2025-07-01\n"
		"-- basis: New rule,\n"
		"--   art. 5\n"
		"-- severity: critical\n"
		"-- param.days: 30\n"
		"-- param.rule: SAT 2025 No. 12\n"
		"SELECT :days AS subject, :rule AS detail WHERE :as_of > '';\n");
	assert_int_equal(cl->n_checks, 2);
	const struct cscs_check *o = cl->checks[0], *n = cl->checks[1];
	assert_string_equal(o->id, "A");
	assert_string_equal(n->id, "A");
	assert_string_equal(o->version, "2014");
	assert_int_equal(o->version_line, 6);
	assert_string_equal(o->basis, "Old rule");
	assert_int_equal(o->severity, CSCS_SEV_HIGH);
	assert_string_equal(n->basis, "New rule, art. 5");
	assert_int_equal(n->severity, CSCS_SEV_CRITICAL);
	assert_string_equal(o->sql, n->sql);
	assert_int_equal(o->n_params, 2);
	assert_string_equal(o->param_names[0], "rule");
	assert_string_equal(o->param_values[0], "shared");
	assert_string_equal(o->param_values[1], "90");
	assert_int_equal(n->n_params, 2);
	assert_string_equal(n->param_values[0], "SAT 2025 No. 12");
	assert_string_equal(n->param_values[1], "30");
	const struct cscs_check **v;
	size_t k;
	assert_int_equal(cscs_checklist_in_force(cl, cscs_date_from_ymd(2025, 7, 1), &v, &k), CSCS_OK);
	assert_int_equal(k, 1);
	assert_ptr_equal(v[0], n);
	free(v);
	cscs_checklist_destroy(cl);

#define VHEAD "-- check: A\n-- area: tax\n-- severity: high\n-- title: T\n"
	/* overlapping versions name the version's line */
	expect_error(VHEAD "-- version: one\n-- basis: B\n-- effective_to: 2025-07-01\n"
		     "-- version: two\n-- basis: B\n-- effective_from: 2025-07-01\nSELECT 1;\n",
		     8, "already defined at bad.sql:5");
	/* a version without a basis, given nowhere */
	expect_error(VHEAD "-- version: one\n-- effective_to: 2025-06-30\n"
		     "-- version: two\n-- basis: B\n-- effective_from: 2025-07-01\nSELECT 1;\n",
		     5, "version 'one' of check 'A' has no 'basis' annotation");
	/* shared keys go before the first version; dates go in the versions */
	expect_error(VHEAD "-- version: one\n-- basis: B\n-- requires: entity\nSELECT 1;\n", 7,
		     "'requires' is shared by every version");
	expect_error(VHEAD "-- basis: B\n-- effective_from: 2020-01-01\n-- version: one\nSELECT 1;\n", 6,
		     "'effective_from' goes in each version");
	expect_error(VHEAD "-- basis: B\n-- version: one\n-- version: one\nSELECT 1;\n", 7, "given twice");
	/* a parameter the version does not give is never bound */
	expect_error(VHEAD "-- basis: B\n-- version: one\n-- effective_to: 2020-12-31\n-- param.days: 3\n"
		     "-- version: two\n-- effective_from: 2021-01-01\nSELECT :days;\n",
		     11, "version 'two' of line 9): the query does not prepare: parameter ':days' is never bound");
	expect_error(VHEAD "-- basis: B\n-- param.Days: 3\nSELECT 1;\n", 6, "a parameter name is lower-case");
	expect_error(VHEAD "-- basis: B\n-- param.as_of: 3\nSELECT 1;\n", 6, "not as_of");
	expect_error(VHEAD "-- basis: B\n-- param.x: 3\n-- param.x: 4\nSELECT :x;\n", 7, "duplicate annotation 'param.x'");
#undef VHEAD
}

static void test_version_gaps(void **state)
{
	(void)state;
	struct cscs_checklist *cl = checklist_ok(
		"-- check: A\n" HEAD "-- version: one\n-- effective_to: 2025-06-30\n"
		"-- version: two\n-- effective_from: 2025-07-02\nSELECT 1 AS subject;\n"
		"-- check: B\n" HEAD "-- version: one\n-- effective_to: 2025-06-30\n"
		"-- version: two\n-- effective_from: 2025-07-01\nSELECT 1 AS subject;\n");
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_checklist_check_gaps(cl, &dl), 1);
	assert_int_equal(dl.n_errors, 1);
	assert_string_equal(dl.items[0].file, "test.sql");
	assert_int_equal(dl.items[0].line, 8);
	assert_non_null(strstr(dl.items[0].message, "no version is in force from 2025-07-01 to 2025-07-01, "
					     "between the version at test.sql:6"));
	cscs_diag_list_finish(&dl);
	cscs_checklist_destroy(cl);
}

static void test_wording(void **state)
{
	(void)state;
	expect_error("-- check: A\n" HEAD "-- detail: {nope} x\n-- detail.zh: x\nSELECT 1 AS subject;\n", 6,
		     "the query returns no column for the placeholder '{nope}' in its detail template");
	expect_error("-- check: A\n" HEAD "-- detail: {subject:euro}\nSELECT 1 AS subject;\n", 6, "an unknown format");
	expect_error("-- check: A\n" HEAD "-- detail: {subject\nSELECT 1 AS subject;\n", 6, "an unclosed placeholder");
	expect_error("-- check: A\n" HEAD "-- detail: a } b\nSELECT 1 AS subject;\n", 6, "a lone '}'");
	/* sections: their column must exist, their body is checked as a template, and they must close */
	expect_error("-- check: A\n" HEAD "-- detail: {?nope:x}\nSELECT 1 AS subject;\n", 6,
		     "the query returns no column for the section '{?nope:'");
	expect_error("-- check: A\n" HEAD "-- detail: {?subject: {nope}}\nSELECT 1 AS subject;\n", 6,
		     "no column for the placeholder '{nope}'");
	expect_error("-- check: A\n" HEAD "-- detail: {?subject: x {subject}\nSELECT 1 AS subject;\n", 6,
		     "an unclosed section");
	expect_error("-- check: A\n" HEAD "-- detail: {?subject x}\nSELECT 1 AS subject;\n", 6,
		     "a section without its column and ':'");
	expect_error("-- check: A\n" HEAD "-- detail: {!subject:{subject:euro}}\nSELECT 1 AS subject;\n", 6,
		     "an unknown format");
	/* lint refuses a check without its Chinese wording */
	struct cscs_checklist *cl;
	struct cscs_diag_list dl;
	const char *texts[][2] = {
		{"-- check: A\n" HEAD "-- basis.zh: B\nSELECT 1 AS subject;\n", "has no 'title.zh'"},
		{"-- check: A\n" HEAD "-- title.zh: T\n-- basis.zh: B\n-- remedy: R\nSELECT 1 AS subject;\n", "has 'remedy' but no 'remedy.zh'"},
		{"-- check: A\n" HEAD "-- title.zh: T\n-- basis.zh: B\n-- detail: {subject}\nSELECT 1 AS subject;\n", "has 'detail' but no 'detail.zh'"},
		{"-- check: A\n" HEAD "-- title.zh: T\nSELECT 1 AS subject;\n", "has no 'basis.zh'"},
		/* a version citing its own rule must cite it in Chinese too, not fall back to the shared basis.zh */
		{"-- check: A\n-- area: licenses\n-- severity: high\n-- title: T\n-- title.zh: T\n-- basis: B\n"
		 "-- basis.zh: B\n-- version: V1\n-- effective_to: 2020-12-31\n-- version: V2\n-- effective_from: 2021-01-01\n"
		 "-- basis: other rule\nSELECT 1 AS subject;\n", "gives its own 'basis' but not its own 'basis.zh'"},
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		cscs_diag_list_init(&dl);
		cscs_checklist_create(&cl);
		cl->lint = true;
		assert_int_equal(cscs_checklist_load_text(cl, "zh.sql", texts[i][0], strlen(texts[i][0]), &dl),
				 CSCS_ERR_CHECKLIST);
		assert_int_equal(dl.n_errors, 1);
		assert_string_equal(dl.items[dl.n - 1].file, "zh.sql");
		assert_true(dl.items[dl.n - 1].line > 0);
		assert_non_null(strstr(dl.items[dl.n - 1].message, texts[i][1]));
		cscs_checklist_destroy(cl);
		cscs_diag_list_finish(&dl);
	}
}

/* Phrase tables: in file headers only, 'TABLE.VALUE = words', both languages, used only where given. */
static void test_phrase_tables(void **state)
{
	(void)state;
#define PHRASES "-- phrase: kind.a = alpha\n-- phrase.zh: kind.a = 甲\n"
	struct cscs_checklist *cl = checklist_ok(PHRASES "-- check: A\n" HEAD "-- detail: {k:kind}\n-- detail.zh: {k:kind}\n"
						 "SELECT 1 AS subject, 'a' AS k;\n");
	assert_int_equal(cl->phrases.n, 1);
	assert_string_equal(cl->phrases.v[0].text[0], "alpha");
	assert_string_equal(cl->phrases.v[0].text[1], "甲");
	assert_ptr_equal(cl->checks[0]->phrases, &cl->phrases);
	/* a later file uses the tables of an earlier one (00-library.sql loads first) */
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	const char *later = "-- check: B\n" HEAD "-- detail: {k:kind}\nSELECT 1 AS subject, 'a' AS k;\n";
	assert_int_equal(cscs_checklist_load_text(cl, "later.sql", later, strlen(later), &dl), CSCS_OK);
	/* a phrase given again, in any file, is refused at its line */
	const char *again = "-- Header.\n-- phrase.zh: kind.a = 乙\n";
	assert_int_equal(cscs_checklist_load_text(cl, "again.sql", again, strlen(again), &dl), CSCS_ERR_CHECKLIST);
	assert_int_equal(dl.items[dl.n - 1].line, 2);
	assert_non_null(strstr(dl.items[dl.n - 1].message, "kind.a is given twice"));
	cscs_diag_list_finish(&dl);
	cscs_checklist_destroy(cl);

	expect_error("-- phrase: kind.a = alpha\n-- check: A\n" HEAD "SELECT 1 AS subject;\n", 1,
		     "phrase kind.a has no Chinese wording");
	expect_error("-- phrase.zh: kind.a = 甲\n-- check: A\n" HEAD "SELECT 1 AS subject;\n", 1,
		     "phrase kind.a has no English wording");
	expect_error("-- check: A\n" HEAD "-- phrase: kind.a = alpha\nSELECT 1 AS subject;\n", 6,
		     "goes in a file header");
	expect_error("-- phrase: kind a = alpha\n", 1, "is written 'TABLE.VALUE = words'");
	expect_error("-- phrase: Kind.a = alpha\n", 1, "a phrase table's name is lower-case");
	expect_error("-- phrase: kind.a =\n", 1, "the wording is empty");
	expect_error(PHRASES "-- check: A\n" HEAD "-- detail: {k:kinds}\nSELECT 1 AS subject, 'a' AS k;\n", 8,
		     "an unknown format (':yuan', or a phrase table");
	/* every phrase of a table used fills from the check's row */
	expect_error("-- phrase: kind.a = {nope}\n-- phrase.zh: kind.a = 甲\n-- check: A\n" HEAD
		     "-- detail: {k:kind}\nSELECT 1 AS subject, 'a' AS k;\n", 8,
		     "the query returns no column for the placeholder '{nope}'");
	expect_error("-- phrase: kind.a = {k:kind}\n-- phrase.zh: kind.a = 甲\n-- check: A\n" HEAD
		     "-- detail: {k:kind}\nSELECT 1 AS subject, 'a' AS k;\n", 8, "a phrase table inside a phrase");
#undef PHRASES
}

static void test_ruleset_header(void **state)
{
	(void)state;
	struct cscs_checklist *cl = checklist_ok("-- Library header.\n-- ruleset: 2026.12\n-- reviewed: 2026-12-04\n");
	assert_int_equal(cl->n_checks, 0);
	assert_string_equal(cl->ruleset, "2026.12");
	assert_true(cl->has_reviewed);
	assert_int_equal(cl->reviewed_on, cscs_date_from_ymd(2026, 12, 4));
	/* the same values again are fine, other ones are refused */
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	const char *same = "-- ruleset: 2026.12\n-- check: A\n" HEAD "-- title.zh: T\nSELECT 1 AS subject;\n";
	assert_int_equal(cscs_checklist_load_text(cl, "a.sql", same, strlen(same), &dl), CSCS_OK);
	const char *other = "-- ruleset: 2027.1\n-- reviewed: 2027-01-01\n";
	assert_int_equal(cscs_checklist_load_text(cl, "b.sql", other, strlen(other), &dl), CSCS_ERR_CHECKLIST);
	assert_int_equal(dl.n_errors, 2);
	assert_int_equal(dl.items[0].line, 1);
	assert_non_null(strstr(dl.items[0].message, "differs from '2026.12'"));
	cscs_diag_list_finish(&dl);
	cscs_checklist_destroy(cl);
	expect_error("-- check: A\n" HEAD "-- ruleset: 1\nSELECT 1;\n", 6, "goes in a file header");
	expect_error("-- reviewed: soon\n-- check: A\n" HEAD "SELECT 1;\n", 1, "is not a date");
}

static void test_bad_file_refused_as_a_whole(void **state)
{
	(void)state;
	/* one good check, one bad: nothing from the file is kept */
	expect_error("-- check: GOOD\n" HEAD "SELECT 1;\n-- check: BAD\n" HEAD "SELECT nope;\n", 12, "no such column: nope");
	/* and every problem is reported, not just the first */
	struct cscs_checklist *cl;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	cscs_checklist_create(&cl);
	const char *text = "-- check: A\n-- area: x\n-- severity: bad\n-- title: T\n-- basis: B\nSELECT 1;\n"
			   "-- check: B\n-- area: x\n-- severity: low\n-- title: T\n-- basis: B\n-- weight: x\nSELECT 1;\n";
	assert_int_equal(cscs_checklist_load_text(cl, "bad.sql", text, strlen(text), &dl), CSCS_ERR_CHECKLIST);
	assert_int_equal(dl.n_errors, 2);
	assert_int_equal(dl.items[0].line, 3);
	assert_int_equal(dl.items[1].line, 12);
	cscs_checklist_destroy(cl);
	cscs_diag_list_finish(&dl);
}

static void test_lint_warnings(void **state)
{
	(void)state;
	struct cscs_checklist *cl;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	cscs_checklist_create(&cl);
	cl->lint = true;
	/* a table read (as the authorizer sees it, here through a join) but not required is refused */
	const char *text = "-- check: A\n" HEAD "-- title.zh: T\n-- basis.zh: B\n-- requires: entity\n"
			   "SELECT l.license_no AS detail FROM licenses l JOIN entity e ON 1;\n";
	assert_int_equal(cscs_checklist_load_text(cl, "lint.sql", text, strlen(text), &dl), CSCS_ERR_CHECKLIST);
	assert_int_equal(dl.n_errors, 1);
	assert_int_equal(dl.n, 2);
	assert_non_null(strstr(dl.items[0].message, "returns no 'subject' column"));
	assert_int_equal(dl.items[1].line, 9);
	assert_string_equal(dl.items[1].file, "lint.sql");
	assert_non_null(strstr(dl.items[1].message, "reads 'licenses' but neither 'requires' nor 'optional' lists it"));
	assert_int_equal(cl->n_checks, 0);
	cscs_diag_list_finish(&dl);
	/* listed as optional (no row is itself the finding), it loads with the warning only */
	cscs_diag_list_init(&dl);
	text = "-- check: A\n" HEAD "-- title.zh: T\n-- basis.zh: B\n-- requires: entity\n-- optional: licenses\n"
	       "SELECT l.license_no AS detail FROM licenses l JOIN entity e ON 1;\n";
	assert_int_equal(cscs_checklist_load_text(cl, "lint2.sql", text, strlen(text), &dl), CSCS_OK);
	assert_int_equal(dl.n_errors, 0);
	assert_int_equal(dl.n, 1);
	assert_int_equal(cl->n_checks, 1);
	assert_string_equal(cl->checks[0]->optional[0], "licenses");
	cscs_diag_list_finish(&dl);
	/* '*' selecting every column is a warning at its line; count(*), a product, a comment and a string are not */
	cscs_diag_list_init(&dl);
	text = "-- check: S\n" HEAD "-- title.zh: T\n-- basis.zh: B\n-- requires: licenses\n"
	       "-- '*' here is a comment\nWITH l AS (SELECT count(*) AS n, 2 * 3 AS six, '*' AS star FROM licenses)\n"
	       "SELECT n AS subject /* SELECT * */ FROM l;\n";
	assert_int_equal(cscs_checklist_load_text(cl, "star0.sql", text, strlen(text), &dl), CSCS_OK);
	assert_int_equal(dl.n, 0);
	text = "-- check: T\n" HEAD "-- title.zh: T\n-- basis.zh: B\n-- requires: licenses\n"
	       "WITH l AS (SELECT license_no FROM licenses),\nm AS (SELECT x.* FROM licenses x)\n"
	       "SELECT l.license_no AS subject FROM l, m;\n";
	assert_int_equal(cscs_checklist_load_text(cl, "star1.sql", text, strlen(text), &dl), CSCS_OK);
	assert_int_equal(dl.n, 1);
	assert_int_equal(dl.items[0].line, 10);
	assert_non_null(strstr(dl.items[0].message, "'*' reads every column"));
	cscs_diag_list_finish(&dl);
	cscs_checklist_destroy(cl);
	/* outside lint the run does not refuse it (the evaluator reports what it finds) */
	cl = checklist_ok("-- check: A\n" HEAD "SELECT l.license_no AS subject FROM licenses l;\n");
	assert_int_equal(cl->n_checks, 1);
	cscs_checklist_destroy(cl);
	expect_error("-- check: A\n" HEAD "-- optional: nosuch\nSELECT 1;\n", 6, "optional 'nosuch', which is not a record type");
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_folder_loading(void **state)
{
	(void)state;
	char dir[] = "/tmp/cscs-test-checklist-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof(path), "%s/b.sql", dir);
	write_file(path, "-- check: B-1\n" HEAD "SELECT 1 AS subject;\n");
	snprintf(path, sizeof(path), "%s/a.sql", dir);
	write_file(path, "-- check: A-1\n" HEAD "SELECT 1 AS subject;\n");
	snprintf(path, sizeof(path), "%s/notes.txt", dir);
	write_file(path, "not a checklist");
	snprintf(path, sizeof(path), "%s/profiles", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/profiles/x.sql", dir);
	write_file(path, "this would not parse");
	snprintf(path, sizeof(path), "%s/c.sql", dir);
	write_file(path, "-- check: C-1\n" HEAD "SELECT nope;\n");

	struct cscs_checklist *cl;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	cscs_checklist_create(&cl);
	/* c.sql is bad: reported, while a.sql and b.sql still load, in name order */
	assert_int_equal(cscs_checklist_load(cl, dir, &dl), CSCS_ERR_CHECKLIST);
	assert_int_equal(cl->n_checks, 2);
	assert_string_equal(cl->checks[0]->id, "A-1");
	assert_string_equal(cl->checks[1]->id, "B-1");
	assert_int_equal(dl.n_errors, 1);
	assert_non_null(strstr(dl.items[0].file, "/c.sql"));
	/* loading a file of the folder again is a no-op, not a duplicate */
	cscs_diag_list_finish(&dl);
	snprintf(path, sizeof(path), "%s/a.sql", dir);
	assert_int_equal(cscs_checklist_load(cl, path, &dl), CSCS_OK);
	assert_int_equal(cl->n_checks, 2);
	/* a missing path */
	assert_int_equal(cscs_checklist_load(cl, "/nonexistent/checklists", &dl), CSCS_ERR_NOT_FOUND);
	cscs_checklist_destroy(cl);
	cscs_diag_list_finish(&dl);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_fixture_checklists_lint_clean(void **state)
{
	(void)state;
	struct cscs_checklist *cl;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	cscs_checklist_create(&cl);
	cl->lint = true;
	assert_int_equal(cscs_checklist_load(cl, CSCS_TEST_SRCDIR "/tests/fixtures/engine/checks", &dl), CSCS_OK);
	assert_int_equal(dl.n, 0);
	assert_true(cl->n_checks >= 5);
	cscs_checklist_destroy(cl);
	cscs_diag_list_finish(&dl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_checks_are_read),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_missing_required_keys),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_sql_must_prepare),
		cmocka_unit_test(test_sql_must_be_read_only),
		cmocka_unit_test(test_duplicates_and_versions),
		cmocka_unit_test(test_versions_share_one_query),
		cmocka_unit_test(test_version_gaps),
		cmocka_unit_test(test_wording),
		cmocka_unit_test(test_phrase_tables),
		cmocka_unit_test(test_ruleset_header),
		cmocka_unit_test(test_bad_file_refused_as_a_whole),
		cmocka_unit_test(test_lint_warnings),
		cmocka_unit_test(test_folder_loading),
		cmocka_unit_test(test_fixture_checklists_lint_clean),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
