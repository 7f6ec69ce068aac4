/* Evaluating checks: every result state, findings and their columns, errors and time-outs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine_test.h"

#define HEAD "-- area: t\n-- severity: high\n-- title: T\n-- basis: B\n"

struct fixture {
	struct cscs_store *st;       /* records */
	struct cscs_sandbox *sb;     /* read-only over them, 300 ms budget */
	struct cscs_evaluator *ev;   /* as of 2025-06-30 */
};

static int setup_with_budget(void **state, unsigned budget_ms)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->st = store_with_import();
	add_basic_records(f->st->db);
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	if (cscs_sandbox_open(&f->sb, f->st->path, budget_ms, &dl) != CSCS_OK)
		return -1;
	if (cscs_evaluator_create(&f->ev, f->sb, cscs_date_from_ymd(2025, 6, 30)) != CSCS_OK)
		return -1;
	cscs_diag_list_finish(&dl);
	*state = f;
	return 0;
}

/* The tests' budget: short, so that the runaway-query tests end quickly. */
static int setup(void **state)
{
	return setup_with_budget(state, 300);
}

/* A minute: a test of many rows must not run into the budget under valgrind on a busy machine. */
static int setup_patient(void **state)
{
	return setup_with_budget(state, 60000);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	cscs_evaluator_destroy(f->ev);
	cscs_sandbox_close(f->sb);
	cscs_store_close(f->st);
	free(f);
	return 0;
}

/* Evaluate the single check in text; the caller finishes res and destroys *cl. */
static void run(struct fixture *f, const char *text, struct cscs_checklist **cl, struct cscs_check_result *res)
{
	*cl = checklist_ok(text);
	assert_int_equal((*cl)->n_checks, 1);
	assert_int_equal(cscs_evaluate(f->ev, (*cl)->checks[0], res), CSCS_OK);
}

/* Evaluate and expect status; the reason must hold needle (NULL: no reason). */
static void expect(struct fixture *f, const char *text, enum cscs_status status, const char *needle)
{
	struct cscs_checklist *cl;
	struct cscs_check_result res;
	run(f, text, &cl, &res);
	if (res.status != status || (needle && (!res.reason || !strstr(res.reason, needle))) || (!needle && res.reason)) {
		fprintf(stderr, "%s\n -> %s '%s' (expected %s with '%s')\n", text, cscs_status_name(res.status),
			res.reason ? res.reason : "", cscs_status_name(status), needle ? needle : "");
		fail();
	}
	assert_int_equal(res.original_status, status);
	if (status != CSCS_STATUS_FAIL)
		assert_int_equal(res.n_findings, 0);
	cscs_check_result_finish(&res);
	cscs_checklist_destroy(cl);
}

/* As in a database made before the screening tables existed (migration 4). */
static void drop_screening_tables(struct fixture *f)
{
	assert_int_equal(sqlite3_exec(f->st->db, "DROP TABLE IF EXISTS screen_matches; DROP TABLE IF EXISTS partner_status", NULL, NULL,
				      NULL), SQLITE_OK);
}

static void test_fail_with_findings(void **state)
{
	struct fixture *f = *state;
	struct cscs_checklist *cl;
	struct cscs_check_result res;
	run(f,
	    "-- check: A\n" HEAD "-- requires: licenses\n"
	    "SELECT license_no AS subject, 'expired on ' || expires_on AS detail, expires_on AS due_date,\n"
	    " src_file, src_line, issuer, 42 AS days, 1.5 AS ratio, NULL AS missing, 'say \"hi\"' AS quote,\n"
	    " 'words' AS note_en, 1 AS _flag\n"
	    "FROM licenses WHERE expires_on < :as_of ORDER BY license_no;\n",
	    &cl, &res);
	assert_int_equal(res.status, CSCS_STATUS_FAIL);
	assert_null(res.reason);
	assert_int_equal(res.n_findings, 1);
	const struct cscs_finding *fd = &res.findings[0];
	assert_string_equal(fd->subject, "L-001");
	assert_string_equal(fd->detail, "expired on 2025-01-31");
	assert_string_equal(fd->due_date, "2025-01-31");
	assert_string_equal(fd->source_file, "licenses.csv");
	assert_int_equal(fd->source_line, 2);
	assert_string_equal(fd->evidence,
			    "{\"issuer\":\"SAMR\",\"days\":42,\"ratio\":1.5,\"missing\":null,\"quote\":\"say \\\"hi\\\"\"}");
	assert_null(fd->waiver);
	cscs_check_result_finish(&res);
	cscs_checklist_destroy(cl);
}

static void test_as_of_is_bound(void **state)
{
	struct fixture *f = *state;
	struct cscs_checklist *cl;
	struct cscs_check_result res;
	run(f, "-- check: A\n" HEAD "SELECT :as_of AS subject, date_add_days(:as_of, 1) AS detail;\n", &cl, &res);
	assert_int_equal(res.n_findings, 1);
	assert_string_equal(res.findings[0].subject, "2025-06-30");
	assert_string_equal(res.findings[0].detail, "2025-07-01");
	assert_null(res.findings[0].evidence);
	cscs_check_result_finish(&res);
	cscs_checklist_destroy(cl);
}

static void test_version_parameters_are_bound(void **state)
{
	struct fixture *f = *state;
	struct cscs_checklist *cl = checklist_ok(
		"-- check: A\n-- area: t\n-- severity: high\n-- title: T\n"
		"-- applies: SELECT 1 WHERE :days > 10\n"
		"-- version: old\n-- effective_to: 2025-06-29\n-- basis: B1\n"
		"-- param.days: 90\n-- param.rate: 0.5\n-- param.rule: old rule\n"
		"-- version: new\n-- effective_from: 2025-06-30\n-- basis: B2\n"
		"-- param.days: 30\n-- param.rate: 1.25\n-- param.rule: 2025 rule\n"
		"SELECT :rule AS subject, date_add_days(:as_of, :days) AS detail, typeof(:days) AS t_days,\n"
		"       :rate * 2 AS doubled;\n");
	assert_int_equal(cl->n_checks, 2);
	const struct cscs_check **v;
	size_t n;
	assert_int_equal(cscs_checklist_in_force(cl, cscs_date_from_ymd(2025, 6, 30), &v, &n), CSCS_OK);
	assert_int_equal(n, 1);
	struct cscs_check_result res;
	assert_int_equal(cscs_evaluate(f->ev, v[0], &res), CSCS_OK);
	assert_int_equal(res.status, CSCS_STATUS_FAIL);
	assert_int_equal(res.n_findings, 1);
	assert_string_equal(res.findings[0].subject, "2025 rule");
	assert_string_equal(res.findings[0].detail, "2025-07-30");
	assert_string_equal(res.findings[0].evidence, "{\"t_days\":\"integer\",\"doubled\":2.5}");
	cscs_check_result_finish(&res);
	free(v);
	cscs_checklist_destroy(cl);
}

static void test_detail_templates(void **state)
{
	struct fixture *f = *state;
	struct cscs_checklist *cl = checklist_ok(
		"-- check: A\n" HEAD
		"-- detail: {n} owed {owed:yuan} by {due}{note| (no note)}; {{braces}}\n"
		"-- detail.zh: {n}欠缴{owed:yuan}元，期限{due}{note|（无备注）}\n"
		"SELECT 'L-1' AS subject, 'x' AS n, -123456789 AS owed, '2025-07-01' AS due, NULL AS note;\n");
	struct cscs_check_result res;
	assert_int_equal(cscs_evaluate(f->ev, cl->checks[0], &res), CSCS_OK);
	assert_int_equal(res.n_findings, 1);
	assert_string_equal(res.findings[0].detail, "x owed -1,234,567.89 by 2025-07-01 (no note); {braces}");
	cscs_check_result_finish(&res);
	cscs_evaluator_set_lang(f->ev, "zh");
	assert_int_equal(cscs_evaluate(f->ev, cl->checks[0], &res), CSCS_OK);
	assert_string_equal(res.findings[0].detail, "x欠缴-1,234,567.89元，期限2025-07-01（无备注）");
	cscs_check_result_finish(&res);
	cscs_evaluator_set_lang(f->ev, "en");
	cscs_checklist_destroy(cl);
}

/* {?column:words} and {!column:words}: optional pieces of wording, chosen by the row, nested. */
static void test_sections(void **state)
{
	struct fixture *f = *state;
	struct cscs_checklist *cl = checklist_ok(
		"-- phrase: kind.a = alpha{?note: ({note})}\n"
		"-- phrase.zh: kind.a = 甲{?note:（{note}）}\n"
		"-- check: A\n" HEAD
		"-- detail: x{?reason: for \"{reason}\"}{?none: never {none}}{!none:, none given}"
		"{?flag:, flagged{?amount: at {amount:yuan}{!big: (small)}}}{?zero:, zero}{?empty:, empty} {k:kind} {{ok}}\n"
		"-- detail.zh: x{?reason:，事由：“{reason}”}{!none:，未给出}{?flag:，已标记{?amount:，金额{amount:yuan}元}} {k:kind}\n"
		"SELECT 'S' AS subject, 'fraud' AS reason, NULL AS none, 1 AS flag, 123456 AS amount, 0 AS big,\n"
		"       0 AS zero, '' AS empty, 'a' AS k, 'n' AS note\n"
		"UNION ALL SELECT 'T', NULL, 'y', 0, NULL, 1, 0.0, '', 'a', NULL;\n");
	struct cscs_check_result res;
	assert_int_equal(cscs_evaluate(f->ev, cl->checks[0], &res), CSCS_OK);
	assert_int_equal(res.n_findings, 2);
	assert_string_equal(res.findings[0].detail,
			    "x for \"fraud\", none given, flagged at 1,234.56 (small) alpha (n) {ok}");
	assert_string_equal(res.findings[1].detail, "x never y alpha {ok}");
	cscs_check_result_finish(&res);
	cscs_evaluator_set_lang(f->ev, "zh");
	assert_int_equal(cscs_evaluate(f->ev, cl->checks[0], &res), CSCS_OK);
	assert_string_equal(res.findings[0].detail, "x，事由：“fraud”，未给出，已标记，金额1,234.56元 甲（n）");
	assert_string_equal(res.findings[1].detail, "x 甲");
	cscs_check_result_finish(&res);
	cscs_evaluator_set_lang(f->ev, "en");
	cscs_checklist_destroy(cl);
}

/* {column:TABLE}: a value worded by a phrase table of the file header, in the template's language. */
static void test_phrase_tables(void **state)
{
	struct fixture *f = *state;
	struct cscs_checklist *cl = checklist_ok(
		"-- phrase: list_name.serious_illegal = serious illegal list\n"
		"-- phrase.zh: list_name.serious_illegal = 严重违法失信名单\n"
		"-- phrase: list_name.wage_arrears = wage-arrears blacklist\n"
		"-- phrase.zh: list_name.wage_arrears = 拖欠农民工工资失信联合惩戒对象名单\n"
		"-- phrase: ground.* = \"{reason|not recorded}\" ({amount:yuan|no amount})\n"
		"-- phrase.zh: ground.* = “{reason|未记录}”（{amount:yuan|金额未记录}）\n"
		"-- check: A\n" HEAD
		"-- detail: on {one:list_name}; on {many:list_name}; {odd:list_name}; {none:list_name|no list}; {g:ground}; {g2:ground}\n"
		"-- detail.zh: {one:list_name}；{many:list_name}；{odd:list_name}；{none:list_name|无}；{g:ground}；{g2:ground}\n"
		"-- subject.zh: {one:list_name}\n"
		"SELECT 'S' AS subject, 'serious_illegal' AS one, 'wage_arrears,serious_illegal,martian' AS many,\n"
		"       'martian' AS odd, NULL AS none, 'other' AS g, NULL AS g2, 'fraud' AS reason, 123456 AS amount;\n");
	struct cscs_check_result res;
	assert_int_equal(cscs_evaluate(f->ev, cl->checks[0], &res), CSCS_OK);
	assert_int_equal(res.n_findings, 1);
	/* a value not in the table and no '*' entry stays as it is; a NULL takes the fallback, or '*' */
	assert_string_equal(res.findings[0].detail,
			    "on serious illegal list; on wage-arrears blacklist, serious illegal list, martian; martian; "
			    "no list; \"fraud\" (1,234.56); \"fraud\" (1,234.56)");
	/* the subject stays the identity; the Chinese subject is shown only in a Chinese run */
	assert_string_equal(res.findings[0].subject, "S");
	cscs_check_result_finish(&res);
	cscs_evaluator_set_lang(f->ev, "zh");
	assert_int_equal(cscs_evaluate(f->ev, cl->checks[0], &res), CSCS_OK);
	assert_string_equal(res.findings[0].detail,
			    "严重违法失信名单；拖欠农民工工资失信联合惩戒对象名单、严重违法失信名单、martian；martian；无；"
			    "“fraud”（1,234.56）；“fraud”（1,234.56）");
	assert_string_equal(res.findings[0].subject_shown, "严重违法失信名单");
	cscs_check_result_finish(&res);
	cscs_evaluator_set_lang(f->ev, "en");
	cscs_checklist_destroy(cl);
}

static void test_source_ref(void **state)
{
	struct fixture *f = *state;
	struct cscs_checklist *cl;
	struct cscs_check_result res;
	run(f,
	    "-- check: A\n" HEAD
	    "SELECT 'x' AS subject, 'entity.csv:2' AS source_ref\n"
	    "UNION ALL SELECT 'y', 'folder:with:colons.csv:17'\n"
	    "UNION ALL SELECT 'z', 'no line'\n"
	    "UNION ALL SELECT 'w', NULL;\n",
	    &cl, &res);
	assert_int_equal(res.n_findings, 4);
	assert_string_equal(res.findings[0].source_file, "entity.csv");
	assert_int_equal(res.findings[0].source_line, 2);
	assert_string_equal(res.findings[1].source_file, "folder:with:colons.csv");
	assert_int_equal(res.findings[1].source_line, 17);
	assert_string_equal(res.findings[2].source_file, "no line");
	assert_int_equal(res.findings[2].source_line, 0);
	assert_null(res.findings[3].source_file);
	cscs_check_result_finish(&res);
	cscs_checklist_destroy(cl);
}

static void test_pass(void **state)
{
	struct fixture *f = *state;
	expect(f, "-- check: A\n" HEAD "-- requires: licenses\nSELECT license_no AS subject FROM licenses WHERE status = 'revoked';\n",
	       CSCS_STATUS_PASS, NULL);
}

static void test_not_applicable(void **state)
{
	struct fixture *f = *state;
	expect(f, "-- check: A\n" HEAD "-- applies: SELECT 1 FROM entity WHERE foreign_invested = 0\nSELECT 1 AS subject;\n",
	       CSCS_STATUS_NOT_APPLICABLE, "the applies query returned no row");
	/* applies with a row: the check runs */
	expect(f, "-- check: A\n" HEAD "-- applies: SELECT 1 FROM entity WHERE foreign_invested = 1\n"
		  "SELECT 1 AS subject WHERE 0;\n", CSCS_STATUS_PASS, NULL);
	/* not applicable wins over missing data: a permit check does not apply to an office */
	expect(f, "-- check: A\n" HEAD "-- applies: SELECT 1 FROM entity WHERE industry_code LIKE 'C26%'\n"
		  "-- requires: env_permits\nSELECT permit_no AS subject FROM env_permits;\n",
	       CSCS_STATUS_NOT_APPLICABLE, "no row");
}

static void test_insufficient_data(void **state)
{
	struct fixture *f = *state;
	expect(f, "-- check: A\n" HEAD "-- requires: env_permits\nSELECT permit_no AS subject FROM env_permits;\n",
	       CSCS_STATUS_INSUFFICIENT_DATA, "no records of: env_permits");
	expect(f, "-- check: A\n" HEAD "-- requires: licenses, payroll, tax_filings\nSELECT 1 AS subject;\n",
	       CSCS_STATUS_INSUFFICIENT_DATA, "no records of: payroll, tax_filings");
	/* a screening table that was never created counts as missing data when required */
	drop_screening_tables(f);
	expect(f, "-- check: A\n" HEAD "-- requires: partners, partner_status\n"
		  "SELECT partner_id AS subject FROM partner_status WHERE status = 'listed';\n",
	       CSCS_STATUS_INSUFFICIENT_DATA, "not in the database (partners not screened?): partner_status");
}

static void test_errors(void **state)
{
	struct fixture *f = *state;
	/* reading a screening table that does not exist, without requiring it */
	drop_screening_tables(f);
	expect(f, "-- check: A\n" HEAD "SELECT partner_id AS subject FROM screen_matches;\n", CSCS_STATUS_ERROR,
	       "the query does not prepare: no such table: screen_matches");
	/* failing while running */
	expect(f, "-- check: A\n" HEAD "SELECT license_no AS subject FROM licenses WHERE license_no REGEXP '(';\n",
	       CSCS_STATUS_ERROR, "the query failed: regexp: '(' is not a valid pattern");
	/* the applies query failing */
	expect(f, "-- check: A\n" HEAD "-- applies: SELECT 1 FROM screen_matches\nSELECT 1 AS subject;\n",
	       CSCS_STATUS_ERROR, "the applies query does not prepare: no such table: screen_matches");
}

static void test_runaway_query_is_an_error_and_the_run_goes_on(void **state)
{
	struct fixture *f = *state;
	/* rows were already produced when time ran out: none is kept */
	expect(f, "-- check: A\n" HEAD
		  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)\n"
		  "SELECT i AS subject FROM n WHERE i % 1000000 = 1;\n",
	       CSCS_STATUS_ERROR, "the query stopped after the time budget of 300 ms");
	expect(f, "-- check: A\n" HEAD
		  "-- applies: WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT 1 FROM n WHERE i < 0\n"
		  "SELECT 1 AS subject;\n",
	       CSCS_STATUS_ERROR, "the applies query stopped after the time budget");
	/* the next check runs normally */
	expect(f, "-- check: A\n" HEAD "SELECT 1 AS subject WHERE 0;\n", CSCS_STATUS_PASS, NULL);
}

static void test_many_findings(void **state)
{
	struct fixture *f = *state;
	struct cscs_checklist *cl;
	struct cscs_check_result res;
	run(f, "-- check: A\n" HEAD
	       "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)\n"
	       "SELECT 'S-' || i AS subject FROM n;\n", &cl, &res);
	assert_int_equal(res.status, CSCS_STATUS_FAIL);
	assert_int_equal(res.n_findings, 5000);
	assert_string_equal(res.findings[4999].subject, "S-5000");
	cscs_check_result_finish(&res);
	cscs_checklist_destroy(cl);
}

/*
 * Unknown values (migration 6): licence L-002 (licenses.csv:3) has a status
 * the import could not type; the entity's foreign_invested is unknown too.
 */
static void make_unknowns(struct fixture *f)
{
	exec_ok(f->st->db,
		"UPDATE licenses SET status = NULL WHERE license_no = 'L-002';"
		"INSERT INTO unknown_values(import_id, record_table, record_id, column_name, src_file, line, col, raw, reason)"
		" SELECT 1, 'licenses', id, 'status', 2, 3, 7, '吊销中', 'not an accepted word' FROM licenses"
		" WHERE license_no = 'L-002';"
		"UPDATE entity SET foreign_invested = NULL;"
		"INSERT INTO unknown_values(import_id, record_table, record_id, column_name, src_file, line, col, raw, reason)"
		" SELECT 1, 'entity', id, 'foreign_invested', 1, 2, 14, 'JV', 'not yes or no' FROM entity;");
}

static void test_unknown_values(void **state)
{
	struct fixture *f = *state;
	make_unknowns(f);
	/* a check filtering on the status alone never passes on an unknown status */
	expect(f, "-- check: A\n" HEAD "-- requires: licenses\n"
		  "SELECT license_no AS subject, src_file, src_line FROM licenses WHERE status IN ('suspended', 'revoked');\n",
	       CSCS_STATUS_INSUFFICIENT_DATA, "licenses.csv:3 status '吊销中'");
	/* a check that does not read the column is not affected */
	expect(f, "-- check: A\n" HEAD "-- requires: licenses\n"
		  "SELECT license_no AS subject FROM licenses WHERE expires_on < '2000-01-01';\n", CSCS_STATUS_PASS, NULL);
	/* findings for the rows it can judge stay, and the reason names the row it could not */
	struct cscs_checklist *cl;
	struct cscs_check_result res;
	run(f, "-- check: A\n" HEAD "-- requires: licenses\n"
	       "SELECT license_no AS subject, src_file, src_line FROM licenses WHERE status = 'valid' AND expires_on < :as_of;\n",
	    &cl, &res);
	assert_int_equal(res.status, CSCS_STATUS_FAIL);
	assert_int_equal(res.n_findings, 1);
	assert_int_equal(res.n_unjudged, 1);
	assert_non_null(res.reason);
	assert_non_null(strstr(res.reason, "licenses.csv:3"));
	cscs_check_result_finish(&res);
	cscs_checklist_destroy(cl);
	/* a row a finding names was judged: the check reached it from other columns */
	run(f, "-- check: A\n" HEAD "-- requires: licenses\n"
	       "SELECT license_no AS subject, src_file, src_line FROM licenses WHERE coalesce(status, '') <> 'revoked'"
	       " AND expires_on > :as_of;\n", &cl, &res);
	assert_int_equal(res.status, CSCS_STATUS_FAIL);
	assert_int_equal(res.n_unjudged, 0);
	assert_null(res.reason);
	cscs_check_result_finish(&res);
	cscs_checklist_destroy(cl);
	/* "does not apply" decided on an unknown value is not known either */
	expect(f, "-- check: A\n" HEAD "-- applies: SELECT 1 FROM entity WHERE foreign_invested = 1\nSELECT 1 AS subject WHERE 0;\n",
	       CSCS_STATUS_INSUFFICIENT_DATA, "whether the check applies could not be decided: 1 row");
	/* an unreadable licence source: a pass is insufficient_data naming the file */
	exec_ok(f->st->db, "INSERT INTO source_files(id, import_id, path, record_type, size, sha256, state)"
			   " VALUES (9, 1, 'ledger.xlsx[许可证]', 'licenses', 1, 'x', 'unreadable');");
	expect(f, "-- check: A\n" HEAD "-- requires: licenses\n"
		  "SELECT license_no AS subject FROM licenses WHERE expires_on < '2000-01-01';\n",
	       CSCS_STATUS_INSUFFICIENT_DATA, "ledger.xlsx[许可证] (licenses)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fail_with_findings),
		cmocka_unit_test(test_as_of_is_bound),
		cmocka_unit_test(test_detail_templates),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_phrase_tables),
		cmocka_unit_test(test_version_parameters_are_bound),
		cmocka_unit_test(test_source_ref),
		cmocka_unit_test(test_pass),
		cmocka_unit_test(test_not_applicable),
		cmocka_unit_test(test_insufficient_data),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_runaway_query_is_an_error_and_the_run_goes_on),
		cmocka_unit_test_setup_teardown(test_many_findings, setup_patient, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_values, setup, teardown),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
