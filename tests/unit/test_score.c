/* The score model on hand-computed cases (docs/scoring.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/engine/score.h"

#define FAIL CSCS_STATUS_FAIL
#define PASS CSCS_STATUS_PASS

static struct cscs_score_model model(void)
{
	struct cscs_score_model m;
	cscs_score_model_default(&m);
	return m;
}

static struct cscs_score_input in(const char *id, enum cscs_status status, enum cscs_severity sev, double weight)
{
	return (struct cscs_score_input){.check_id = id, .status = status, .severity = sev, .weight = weight};
}

static int sum_deductions(const struct cscs_score_input *v, size_t n)
{
	int s = 0;
	for (size_t i = 0; i < n; i++)
		s += v[i].deduction;
	return s;
}

static void test_default_model(void **state)
{
	(void)state;
	struct cscs_score_model m = model();
	assert_int_equal(m.start, 1000);
	assert_int_equal(m.points[CSCS_SEV_CRITICAL], 250);
	assert_int_equal(m.points[CSCS_SEV_HIGH], 100);
	assert_int_equal(m.points[CSCS_SEV_MEDIUM], 40);
	assert_int_equal(m.points[CSCS_SEV_LOW], 10);
	assert_int_equal(m.points[CSCS_SEV_INFO], 0);
	assert_int_equal(cscs_score_grade_for(&m, 1000), 'A');
	assert_int_equal(cscs_score_grade_for(&m, 950), 'A');
	assert_int_equal(cscs_score_grade_for(&m, 949), 'B');
	assert_int_equal(cscs_score_grade_for(&m, 800), 'B');
	assert_int_equal(cscs_score_grade_for(&m, 799), 'C');
	assert_int_equal(cscs_score_grade_for(&m, 600), 'C');
	assert_int_equal(cscs_score_grade_for(&m, 599), 'D');
	assert_int_equal(cscs_score_grade_for(&m, 0), 'D');
}

static void test_all_pass(void **state)
{
	(void)state;
	struct cscs_score_model m = model();
	struct cscs_score_input v[] = {in("A", PASS, CSCS_SEV_HIGH, 1), in("B", PASS, CSCS_SEV_CRITICAL, 1)};
	struct cscs_score s;
	assert_int_equal(cscs_score_compute(&m, v, 2, &s), CSCS_OK);
	assert_int_equal(s.score, 1000);
	assert_int_equal(s.grade, 'A');
	assert_int_equal(s.coverage_pct, 100);
	assert_int_equal(s.n_caps, 0);
	cscs_score_finish(&s);
}

static void test_deductions_by_severity_and_weight(void **state)
{
	(void)state;
	struct cscs_score_model m = model();
	/* 1000 - 100 (high) - 40 x 0.5 (medium) - 10 x 2 (low) - 0 (info) = 860 -> B */
	struct cscs_score_input v[] = {
		in("H", FAIL, CSCS_SEV_HIGH, 1), in("M", FAIL, CSCS_SEV_MEDIUM, 0.5), in("L", FAIL, CSCS_SEV_LOW, 2),
		in("I", FAIL, CSCS_SEV_INFO, 3), in("P", PASS, CSCS_SEV_CRITICAL, 1),
	};
	struct cscs_score s;
	assert_int_equal(cscs_score_compute(&m, v, 5, &s), CSCS_OK);
	assert_int_equal(v[0].deduction, 100);
	assert_int_equal(v[1].deduction, 20);
	assert_int_equal(v[2].deduction, 20);
	assert_int_equal(v[3].deduction, 0);
	assert_int_equal(v[4].deduction, 0);
	assert_int_equal(s.score, 860);
	assert_int_equal(s.deducted, 140);
	assert_int_equal(s.grade, 'B');
	assert_int_equal(s.n_by_status[CSCS_STATUS_FAIL], 4);
	cscs_score_finish(&s);

	/* one medium: 960 -> A; one high: 900 -> B; weight rounds to whole points: 40 x 0.33 = 13.2 -> 13 */
	struct cscs_score_input one[] = {in("M", FAIL, CSCS_SEV_MEDIUM, 1)};
	assert_int_equal(cscs_score_compute(&m, one, 1, &s), CSCS_OK);
	assert_int_equal(s.score, 960);
	assert_int_equal(s.grade, 'A');
	cscs_score_finish(&s);
	one[0] = in("H", FAIL, CSCS_SEV_HIGH, 1);
	assert_int_equal(cscs_score_compute(&m, one, 1, &s), CSCS_OK);
	assert_int_equal(s.score, 900);
	assert_int_equal(s.grade, 'B');
	cscs_score_finish(&s);
	one[0] = in("M", FAIL, CSCS_SEV_MEDIUM, 0.33);
	assert_int_equal(cscs_score_compute(&m, one, 1, &s), CSCS_OK);
	assert_int_equal(s.score, 987);
	cscs_score_finish(&s);
}

static void test_waived_and_unevaluated_deduct_nothing(void **state)
{
	(void)state;
	struct cscs_score_model m = model();
	struct cscs_score_input v[] = {
		in("W", CSCS_STATUS_WAIVED, CSCS_SEV_CRITICAL, 1),
		in("N", CSCS_STATUS_NOT_APPLICABLE, CSCS_SEV_CRITICAL, 1),
		in("N2", CSCS_STATUS_NOT_APPLICABLE, CSCS_SEV_HIGH, 1),
		in("I", CSCS_STATUS_INSUFFICIENT_DATA, CSCS_SEV_HIGH, 1),
		in("I2", CSCS_STATUS_INSUFFICIENT_DATA, CSCS_SEV_HIGH, 1),
		in("I3", CSCS_STATUS_INSUFFICIENT_DATA, CSCS_SEV_HIGH, 1),
		in("E", CSCS_STATUS_ERROR, CSCS_SEV_HIGH, 1),
		in("P", PASS, CSCS_SEV_LOW, 1),
		in("P2", PASS, CSCS_SEV_LOW, 1),
		in("F", FAIL, CSCS_SEV_LOW, 1),
	};
	struct cscs_score s;
	assert_int_equal(cscs_score_compute(&m, v, 10, &s), CSCS_OK);
	assert_int_equal(s.score, 990);
	assert_int_equal(sum_deductions(v, 10), 10);
	/* applicable = 10 - 2 not applicable = 8; evaluated = waived + 2 pass + fail = 4: 50%, no cap */
	assert_int_equal(s.n_applicable, 8);
	assert_int_equal(s.n_evaluated, 4);
	assert_int_equal(s.coverage_pct, 50);
	assert_int_equal(s.n_caps, 0);
	assert_int_equal(s.grade, 'A');
	cscs_score_finish(&s);

	/* one evaluated check fewer: 3 of 8 = 37% < 50% caps the grade at C */
	v[8].status = CSCS_STATUS_ERROR;
	assert_int_equal(cscs_score_compute(&m, v, 10, &s), CSCS_OK);
	assert_int_equal(s.coverage_pct, 37);
	assert_int_equal(s.grade_by_score, 'A');
	assert_int_equal(s.grade, 'C');
	assert_int_equal(s.n_caps, 1);
	assert_null(s.caps[0].check_id);
	assert_non_null(strstr(s.caps[0].reason, "only 3 of 8 applicable checks could be evaluated (coverage 37%, below 50%)"));
	cscs_score_finish(&s);
}

static void test_nothing_applicable(void **state)
{
	(void)state;
	struct cscs_score_model m = model();
	struct cscs_score_input v[] = {in("N", CSCS_STATUS_NOT_APPLICABLE, CSCS_SEV_HIGH, 1)};
	struct cscs_score s;
	assert_int_equal(cscs_score_compute(&m, v, 1, &s), CSCS_OK);
	assert_int_equal(s.coverage_pct, -1);
	assert_int_equal(s.score, 1000);
	assert_int_equal(s.grade, 'A');
	cscs_score_finish(&s);
}

static void test_caps(void **state)
{
	(void)state;
	struct cscs_score_model m = model();
	/* a critical failure: 750 is C by score anyway, and the critical cap says so too */
	struct cscs_score_input v[] = {in("CRIT", FAIL, CSCS_SEV_CRITICAL, 1)};
	struct cscs_score s;
	assert_int_equal(cscs_score_compute(&m, v, 1, &s), CSCS_OK);
	assert_int_equal(s.score, 750);
	assert_int_equal(s.grade, 'C');
	assert_int_equal(s.n_caps, 1);
	assert_string_equal(s.caps[0].check_id, "CRIT");
	cscs_score_finish(&s);
	/* weight 0.2 makes it 50 points (950, A by score), but the critical cap holds it at C */
	v[0].weight = 0.2;
	assert_int_equal(cscs_score_compute(&m, v, 1, &s), CSCS_OK);
	assert_int_equal(s.score, 950);
	assert_int_equal(s.grade_by_score, 'A');
	assert_int_equal(s.grade, 'C');
	cscs_score_finish(&s);
	/* a check's own cap: on a blacklist -> D, whatever the points */
	struct cscs_score_input w[] = {in("LIST", FAIL, CSCS_SEV_LOW, 1), in("OK", PASS, CSCS_SEV_HIGH, 1)};
	w[0].cap = 'D';
	assert_int_equal(cscs_score_compute(&m, w, 2, &s), CSCS_OK);
	assert_int_equal(s.score, 990);
	assert_int_equal(s.grade_by_score, 'A');
	assert_int_equal(s.grade, 'D');
	assert_int_equal(s.n_caps, 1);
	assert_string_equal(s.caps[0].check_id, "LIST");
	assert_non_null(strstr(s.caps[0].reason, "caps the grade at D"));
	cscs_score_finish(&s);
	/* a waived check's cap does not apply */
	w[0].status = CSCS_STATUS_WAIVED;
	assert_int_equal(cscs_score_compute(&m, w, 2, &s), CSCS_OK);
	assert_int_equal(s.grade, 'A');
	assert_int_equal(s.n_caps, 0);
	cscs_score_finish(&s);
	/* a cap above the grade by score changes nothing */
	w[0].status = FAIL;
	w[0].cap = 'B';
	w[0].severity = CSCS_SEV_CRITICAL;
	w[0].weight = 2; /* 500 points: D by score */
	assert_int_equal(cscs_score_compute(&m, w, 2, &s), CSCS_OK);
	assert_int_equal(s.score, 500);
	assert_int_equal(s.grade, 'D');
	assert_int_equal(s.n_caps, 2);
	cscs_score_finish(&s);
}

static void test_deductions_never_exceed_the_points(void **state)
{
	(void)state;
	struct cscs_score_model m = model();
	/* 250 + 8 x 100 = 1050 nominal: the critical first, then the highs by id; H8 gets the last 50 */
	struct cscs_score_input v[] = {
		in("H8", FAIL, CSCS_SEV_HIGH, 1), in("H1", FAIL, CSCS_SEV_HIGH, 1), in("H2", FAIL, CSCS_SEV_HIGH, 1),
		in("H3", FAIL, CSCS_SEV_HIGH, 1), in("C", FAIL, CSCS_SEV_CRITICAL, 1), in("H4", FAIL, CSCS_SEV_HIGH, 1),
		in("H5", FAIL, CSCS_SEV_HIGH, 1), in("H6", FAIL, CSCS_SEV_HIGH, 1), in("H7", FAIL, CSCS_SEV_HIGH, 1),
	};
	struct cscs_score s;
	assert_int_equal(cscs_score_compute(&m, v, 9, &s), CSCS_OK);
	assert_int_equal(s.nominal, 1050);
	assert_int_equal(s.deducted, 1000);
	assert_int_equal(s.score, 0);
	assert_int_equal(s.grade, 'D');
	assert_int_equal(sum_deductions(v, 9), 1000);
	assert_int_equal(v[4].deduction, 250);
	assert_int_equal(v[1].deduction, 100);
	assert_int_equal(v[8].deduction, 100);
	assert_int_equal(v[0].deduction, 50);
	assert_int_equal(v[0].nominal, 100);
	cscs_score_finish(&s);
	/* many criticals: the fifth deducts nothing, and every point is still accounted for */
	struct cscs_score_input c[] = {
		in("C5", FAIL, CSCS_SEV_CRITICAL, 1), in("C4", FAIL, CSCS_SEV_CRITICAL, 1), in("C3", FAIL, CSCS_SEV_CRITICAL, 1),
		in("C2", FAIL, CSCS_SEV_CRITICAL, 1), in("C1", FAIL, CSCS_SEV_CRITICAL, 1),
	};
	assert_int_equal(cscs_score_compute(&m, c, 5, &s), CSCS_OK);
	assert_int_equal(s.score, 0);
	assert_int_equal(c[0].deduction, 0);
	assert_int_equal(c[4].deduction, 250);
	assert_int_equal(sum_deductions(c, 5), 1000);
	assert_int_equal(s.n_caps, 5);
	cscs_score_finish(&s);
}

static void test_detail_json(void **state)
{
	(void)state;
	struct cscs_score_model m = model();
	struct cscs_score_input v[] = {in("X\"1", FAIL, CSCS_SEV_CRITICAL, 1), in("N", CSCS_STATUS_NOT_APPLICABLE, CSCS_SEV_LOW, 1)};
	v[0].cap = 'D';
	struct cscs_score s;
	assert_int_equal(cscs_score_compute(&m, v, 2, &s), CSCS_OK);
	char *json = cscs_score_detail_json(&m, &s);
	assert_non_null(json);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db,
		"SELECT json_valid(?1), json_extract(?1, '$.score'), json_extract(?1, '$.grade'),"
		" json_extract(?1, '$.grade_by_score'), json_extract(?1, '$.caps[0].check_id'),"
		" json_array_length(?1, '$.caps'), json_extract(?1, '$.coverage.percent'),"
		" json_extract(?1, '$.points.high'), json_extract(?1, '$.self_assessment'),"
		" json_extract(?1, '$.status.not_applicable')", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	assert_int_equal(sqlite3_column_int(st, 1), 750);
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "D");
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "C");
	assert_string_equal((const char *)sqlite3_column_text(st, 4), "X\"1");
	assert_int_equal(sqlite3_column_int(st, 5), 2);
	assert_int_equal(sqlite3_column_int(st, 6), 100);
	assert_int_equal(sqlite3_column_int(st, 7), 100);
	assert_int_equal(sqlite3_column_int(st, 8), 1);
	assert_int_equal(sqlite3_column_int(st, 9), 1);
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(json);
	cscs_score_finish(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_model),
		cmocka_unit_test(test_all_pass),
		cmocka_unit_test(test_deductions_by_severity_and_weight),
		cmocka_unit_test(test_waived_and_unevaluated_deduct_nothing),
		cmocka_unit_test(test_nothing_applicable),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_deductions_never_exceed_the_points),
		cmocka_unit_test(test_detail_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
