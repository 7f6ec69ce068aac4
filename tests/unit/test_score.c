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

static struct cscs_score_input in_area(const char *id, const char *area, enum cscs_status status,
				       enum cscs_severity sev, double weight)
{
	struct cscs_score_input c = in(id, status, sev, weight);
	c.area = area;
	return c;
}

static int score_of(struct cscs_score_input *v, size_t n, double *exact)
{
	struct cscs_score_model m = model();
	struct cscs_score s;
	assert_int_equal(cscs_score_compute(&m, v, n, &s), CSCS_OK);
	int score = s.score;
	if (exact)
		*exact = s.exact;
	cscs_score_finish(&s);
	return score;
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
	assert_int_equal(m.points[CSCS_SEV_CRITICAL], 500);
	assert_int_equal(m.points[CSCS_SEV_HIGH], 250);
	assert_int_equal(m.points[CSCS_SEV_MEDIUM], 100);
	assert_int_equal(m.points[CSCS_SEV_LOW], 30);
	assert_int_equal(m.points[CSCS_SEV_INFO], 0);
	assert_int_equal(m.max_take, 900);
	assert_int_equal(cscs_score_grade_for(&m, 1000), 'A');
	assert_int_equal(cscs_score_grade_for(&m, 950), 'A');
	assert_int_equal(cscs_score_grade_for(&m, 949), 'B');
	assert_int_equal(cscs_score_grade_for(&m, 850), 'B');
	assert_int_equal(cscs_score_grade_for(&m, 849), 'C');
	assert_int_equal(cscs_score_grade_for(&m, 700), 'C');
	assert_int_equal(cscs_score_grade_for(&m, 699), 'D');
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
	assert_int_equal(s.n_fix_top, 0);
	assert_int_equal(s.fix_top_score, 1000);
	cscs_score_finish(&s);
}

static void test_deductions_shrink_in_one_area(void **state)
{
	(void)state;
	struct cscs_score_model m = model();
	/* one area: 1000 x (1 - 0.25) x (1 - 0.1 x 0.5) x (1 - 0.03 x 2) x (1 - 0) = 669.75 -> 670 -> D */
	struct cscs_score_input v[] = {
		in("H", FAIL, CSCS_SEV_HIGH, 1), in("M", FAIL, CSCS_SEV_MEDIUM, 0.5), in("L", FAIL, CSCS_SEV_LOW, 2),
		in("I", FAIL, CSCS_SEV_INFO, 3), in("P", PASS, CSCS_SEV_CRITICAL, 1),
	};
	struct cscs_score s;
	assert_int_equal(cscs_score_compute(&m, v, 5, &s), CSCS_OK);
	assert_int_equal(s.score, 670);
	assert_int_equal(s.deducted, 330);
	assert_int_equal(sum_deductions(v, 5), 330);
	assert_int_equal(v[0].nominal, 250);
	assert_int_equal(v[1].nominal, 50);
	assert_int_equal(v[2].nominal, 60);
	assert_int_equal(s.nominal, 360); /* more than was taken: each takes its share of what is left */
	assert_true(v[0].deduction > v[2].deduction && v[2].deduction > v[1].deduction);
	assert_int_equal(v[3].deduction, 0);
	assert_int_equal(v[4].deduction, 0);
	assert_int_equal(s.grade, 'D');
	assert_int_equal(s.n_by_status[CSCS_STATUS_FAIL], 4);
	assert_int_equal(s.n_areas, 1);
	assert_int_equal(s.areas[0].percent, 67);
	cscs_score_finish(&s);

	/* one medium: 900 -> B; one high: 750 -> C; weights scale the share: 100 x 0.33 = 3.3% -> 967 */
	struct cscs_score_input one[] = {in("M", FAIL, CSCS_SEV_MEDIUM, 1)};
	assert_int_equal(score_of(one, 1, NULL), 900);
	one[0] = in("H", FAIL, CSCS_SEV_HIGH, 1);
	assert_int_equal(score_of(one, 1, NULL), 750);
	one[0] = in("M", FAIL, CSCS_SEV_MEDIUM, 0.33);
	assert_int_equal(score_of(one, 1, NULL), 967);
	/* no check takes more than 90% of what is left, whatever its weight */
	one[0] = in("C", FAIL, CSCS_SEV_CRITICAL, 100);
	assert_int_equal(score_of(one, 1, NULL), 100);
	/* eight highs in one area: 1000 x 0.75^8 = 100.1, never 0 */
	struct cscs_score_input many[8];
	for (size_t i = 0; i < 8; i++)
		many[i] = in("H", FAIL, CSCS_SEV_HIGH, 1);
	assert_int_equal(score_of(many, 8, NULL), 100);
}

static void test_areas_share_the_points(void **state)
{
	(void)state;
	struct cscs_score_model m = model();
	/* four areas of 250 points; five criticals in one keep 250 x 0.5^5 = 7.8 of it */
	struct cscs_score_input v[] = {
		in_area("C1", "courts", FAIL, CSCS_SEV_CRITICAL, 1), in_area("C2", "courts", FAIL, CSCS_SEV_CRITICAL, 1),
		in_area("C3", "courts", FAIL, CSCS_SEV_CRITICAL, 1), in_area("C4", "courts", FAIL, CSCS_SEV_CRITICAL, 1),
		in_area("C5", "courts", FAIL, CSCS_SEV_CRITICAL, 1), in_area("T", "tax", PASS, CSCS_SEV_HIGH, 1),
		in_area("L", "licenses", PASS, CSCS_SEV_HIGH, 1), in_area("E", "environment", PASS, CSCS_SEV_HIGH, 1),
		/* an area with nothing evaluated carries no share: absence of data earns nothing */
		in_area("X", "customs", CSCS_STATUS_INSUFFICIENT_DATA, CSCS_SEV_HIGH, 1),
	};
	struct cscs_score s;
	assert_int_equal(cscs_score_compute(&m, v, 9, &s), CSCS_OK);
	assert_int_equal(s.n_areas, 4);
	assert_string_equal(s.areas[0].area, "courts");
	assert_string_equal(s.areas[1].area, "environment");
	assert_int_equal(s.areas[0].n_failed, 5);
	assert_int_equal(s.areas[0].percent, 3);
	assert_int_equal(s.score, 758);
	/* however bad one area is, the total stays at or above the other areas' shares */
	assert_true(s.score >= 750);
	assert_int_equal(sum_deductions(v, 9), 1000 - s.score);
	/* the criticals are alike: their deductions differ by at most the rounding */
	for (size_t i = 1; i < 5; i++)
		assert_true(abs(v[i].deduction - v[0].deduction) <= 1);
	cscs_score_finish(&s);
	/* every check of the area at the most weight: the area nearly empties, the rest stands */
	for (size_t i = 0; i < 5; i++)
		v[i].weight = 100;
	assert_int_equal(cscs_score_compute(&m, v, 9, &s), CSCS_OK);
	assert_int_equal(s.score, 750);
	assert_true(s.exact > 750);
	cscs_score_finish(&s);
}

/* A set like a real run's: twelve areas, most severities, weights, waivers, unevaluated checks. */
static size_t realistic(struct cscs_score_input *v)
{
	size_t n = 0;
	v[n++] = in_area("AR-001", "annual_report", FAIL, CSCS_SEV_HIGH, 1);
	v[n++] = in_area("AR-002", "annual_report", FAIL, CSCS_SEV_LOW, 1);
	v[n++] = in_area("AR-004", "annual_report", FAIL, CSCS_SEV_MEDIUM, 1);
	v[n++] = in_area("AR-005", "annual_report", FAIL, CSCS_SEV_HIGH, 1);
	v[n++] = in_area("AR-006", "annual_report", PASS, CSCS_SEV_HIGH, 1);
	v[n++] = in_area("BL-001", "blacklists", PASS, CSCS_SEV_CRITICAL, 1);
	v[n++] = in_area("BL-008", "blacklists", FAIL, CSCS_SEV_LOW, 1);
	v[n++] = in_area("CRT-001", "courts", FAIL, CSCS_SEV_HIGH, 1.5);
	v[n++] = in_area("CRT-002", "courts", CSCS_STATUS_WAIVED, CSCS_SEV_HIGH, 1);
	v[n++] = in_area("CUS-004", "customs", FAIL, CSCS_SEV_HIGH, 1);
	v[n++] = in_area("ENV-002", "environment", FAIL, CSCS_SEV_HIGH, 1);
	v[n++] = in_area("ENV-004", "environment", FAIL, CSCS_SEV_MEDIUM, 0.5);
	v[n++] = in_area("ENV-005", "environment", CSCS_STATUS_INSUFFICIENT_DATA, CSCS_SEV_HIGH, 1);
	v[n++] = in_area("ID-004", "identity", FAIL, CSCS_SEV_HIGH, 1);
	v[n++] = in_area("ID-007", "identity", FAIL, CSCS_SEV_MEDIUM, 1);
	v[n++] = in_area("LAB-001", "labour", FAIL, CSCS_SEV_MEDIUM, 1);
	v[n++] = in_area("LAB-002", "labour", FAIL, CSCS_SEV_CRITICAL, 1);
	v[n++] = in_area("LAB-004", "labour", FAIL, CSCS_SEV_MEDIUM, 2);
	v[n++] = in_area("PRT-001", "partners", FAIL, CSCS_SEV_LOW, 1);
	v[n++] = in_area("PRT-002", "partners", FAIL, CSCS_SEV_MEDIUM, 1);
	v[n++] = in_area("PRT-003", "partners", FAIL, CSCS_SEV_MEDIUM, 1);
	v[n++] = in_area("PRT-005", "partners", FAIL, CSCS_SEV_HIGH, 1);
	v[n++] = in_area("PEN-001", "penalties", FAIL, CSCS_SEV_MEDIUM, 1);
	v[n++] = in_area("PEN-002", "penalties", FAIL, CSCS_SEV_HIGH, 1);
	v[n++] = in_area("QUA-001", "quality", FAIL, CSCS_SEV_HIGH, 1);
	v[n++] = in_area("QUA-004", "quality", FAIL, CSCS_SEV_HIGH, 1);
	v[n++] = in_area("INS-001", "inspections", FAIL, CSCS_SEV_HIGH, 1);
	v[n++] = in_area("TAX-002", "tax", FAIL, CSCS_SEV_MEDIUM, 1);
	v[n++] = in_area("TAX-003", "tax", FAIL, CSCS_SEV_HIGH, 1);
	v[n++] = in_area("TAX-005", "tax", FAIL, CSCS_SEV_LOW, 1);
	v[n++] = in_area("TAX-009", "tax", CSCS_STATUS_ERROR, CSCS_SEV_HIGH, 1);
	v[n++] = in_area("POS-001", "positive", FAIL, CSCS_SEV_INFO, 1);
	v[n] = in_area("POS-004", "positive", FAIL, CSCS_SEV_INFO, 1);
	v[n++].positive = true;
	v[n - 2].positive = true;
	return n;
}

static void test_fixing_any_finding_raises_the_score(void **state)
{
	(void)state;
	struct cscs_score_input v[40];
	size_t n = realistic(v);
	double exact;
	int base = score_of(v, n, &exact);
	assert_true(base > 0 && base < 1000);
	size_t n_fixed = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].status != FAIL || v[i].positive)
			continue;
		/* fixed (passes), waived, or gone: each raises the score, and never lowers it */
		for (int how = 0; how < 2; how++) {
			struct cscs_score_input w[40];
			memcpy(w, v, n * sizeof(*v));
			w[i].status = how ? CSCS_STATUS_WAIVED : PASS;
			double after_exact;
			int after = score_of(w, n, &after_exact);
			if (after <= base)
				fail_msg("fixing %s gives %d, not more than %d", v[i].check_id, after, base);
			assert_true(after_exact > exact);
		}
		n_fixed++;
	}
	assert_int_equal(n_fixed, 26);
	/* a new failure never raises it */
	v[4].status = FAIL;
	assert_true(score_of(v, n, NULL) < base);
}

static void test_positive_signals_apart(void **state)
{
	(void)state;
	struct cscs_score_model m = model();
	struct cscs_score_input v[40];
	size_t n = realistic(v);
	struct cscs_score s;
	assert_int_equal(cscs_score_compute(&m, v, n, &s), CSCS_OK);
	assert_int_equal(s.n_positive, 2);
	for (size_t a = 0; a < s.n_areas; a++)
		assert_string_not_equal(s.areas[a].area, "positive");
	assert_int_equal(s.n_areas, 12);
	int with = s.score;
	cscs_score_finish(&s);
	/* a positive signal deducts nothing and caps nothing, even if marked severe */
	v[n - 1].severity = CSCS_SEV_CRITICAL;
	v[n - 1].cap = 'D';
	assert_int_equal(cscs_score_compute(&m, v, n, &s), CSCS_OK);
	assert_int_equal(s.score, with);
	assert_int_equal(v[n - 1].deduction, 0);
	for (size_t i = 0; i < s.n_caps; i++)
		assert_string_not_equal(s.caps[i].check_id, "POS-004");
	cscs_score_finish(&s);
	/* and none found: the score is the same */
	v[n - 1].status = PASS;
	v[n - 2].status = PASS;
	assert_int_equal(score_of(v, n, NULL), with);
}

static void test_fix_top_three(void **state)
{
	(void)state;
	struct cscs_score_model m = model();
	struct cscs_score_input v[40];
	size_t n = realistic(v);
	struct cscs_score s;
	assert_int_equal(cscs_score_compute(&m, v, n, &s), CSCS_OK);
	assert_int_equal(s.n_fix_top, 3);
	assert_int_equal(sum_deductions(v, n), 1000 - s.score);
	/* the three largest deductions, computed again with them passing */
	int third = 0;
	for (size_t k = 0; k < 3; k++)
		for (size_t i = 0; i < n; i++)
			if (strcmp(v[i].check_id, s.fix_top[k]) == 0) {
				if (k)
					assert_true(v[i].deduction <= third);
				third = v[i].deduction;
			}
	for (size_t i = 0; i < n; i++) {
		bool top = false;
		for (size_t k = 0; k < 3; k++)
			top = top || strcmp(v[i].check_id, s.fix_top[k]) == 0;
		if (!top)
			assert_true(v[i].deduction <= third);
	}
	struct cscs_score_input w[40];
	memcpy(w, v, n * sizeof(*v));
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < 3; k++)
			if (strcmp(w[i].check_id, s.fix_top[k]) == 0)
				w[i].status = PASS;
	assert_int_equal(s.fix_top_score, score_of(w, n, NULL));
	assert_true(s.fix_top_score > s.score);
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
	assert_int_equal(s.score, 970);
	assert_int_equal(sum_deductions(v, 10), 30);
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
	assert_int_equal(s.n_areas, 0);
	cscs_score_finish(&s);
}

static void test_caps(void **state)
{
	(void)state;
	struct cscs_score_model m = model();
	/* a critical failure: 500 is D by score; the critical cap (C) changes nothing */
	struct cscs_score_input v[] = {in("CRIT", FAIL, CSCS_SEV_CRITICAL, 1)};
	struct cscs_score s;
	assert_int_equal(cscs_score_compute(&m, v, 1, &s), CSCS_OK);
	assert_int_equal(s.score, 500);
	assert_int_equal(s.grade, 'D');
	assert_int_equal(s.n_caps, 1);
	assert_string_equal(s.caps[0].check_id, "CRIT");
	cscs_score_finish(&s);
	/* weight 0.1 makes it 5% (950, A by score), but the critical cap holds it at C */
	v[0].weight = 0.1;
	assert_int_equal(cscs_score_compute(&m, v, 1, &s), CSCS_OK);
	assert_int_equal(s.score, 950);
	assert_int_equal(s.grade_by_score, 'A');
	assert_int_equal(s.grade, 'C');
	cscs_score_finish(&s);
	/* a check's own cap: on a blacklist -> D, whatever the points */
	struct cscs_score_input w[] = {in("LIST", FAIL, CSCS_SEV_LOW, 1), in("OK", PASS, CSCS_SEV_HIGH, 1)};
	w[0].cap = 'D';
	assert_int_equal(cscs_score_compute(&m, w, 2, &s), CSCS_OK);
	assert_int_equal(s.score, 970);
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
	w[0].weight = 2; /* 90% at most: 100, D by score */
	assert_int_equal(cscs_score_compute(&m, w, 2, &s), CSCS_OK);
	assert_int_equal(s.score, 100);
	assert_int_equal(s.grade, 'D');
	assert_int_equal(s.n_caps, 2);
	cscs_score_finish(&s);
}

static void test_detail_json(void **state)
{
	(void)state;
	struct cscs_score_model m = model();
	struct cscs_score_input v[] = {in_area("X\"1", "tax", FAIL, CSCS_SEV_CRITICAL, 1),
				       in_area("N", "tax", CSCS_STATUS_NOT_APPLICABLE, CSCS_SEV_LOW, 1),
				       in_area("P", "courts", PASS, CSCS_SEV_LOW, 1)};
	v[0].cap = 'D';
	struct cscs_score s;
	assert_int_equal(cscs_score_compute(&m, v, 3, &s), CSCS_OK);
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
		" json_extract(?1, '$.status.not_applicable'), json_extract(?1, '$.areas[1].area'),"
		" json_extract(?1, '$.areas[1].percent'), json_extract(?1, '$.areas[1].points'),"
		" json_extract(?1, '$.fix_top.checks[0]'), json_extract(?1, '$.fix_top.score'),"
		" json_extract(?1, '$.model')", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	assert_int_equal(sqlite3_column_int(st, 1), 750);
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "D");
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "C");
	assert_string_equal((const char *)sqlite3_column_text(st, 4), "X\"1");
	assert_int_equal(sqlite3_column_int(st, 5), 2);
	assert_int_equal(sqlite3_column_int(st, 6), 100);
	assert_int_equal(sqlite3_column_int(st, 7), 250);
	assert_int_equal(sqlite3_column_int(st, 8), 1);
	assert_int_equal(sqlite3_column_int(st, 9), 1);
	assert_string_equal((const char *)sqlite3_column_text(st, 10), "tax");
	assert_int_equal(sqlite3_column_int(st, 11), 50);
	assert_int_equal(sqlite3_column_int(st, 12), 250);
	assert_string_equal((const char *)sqlite3_column_text(st, 13), "X\"1");
	assert_int_equal(sqlite3_column_int(st, 14), 1000);
	assert_string_equal((const char *)sqlite3_column_text(st, 15), "cscs-audit score 2");
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
		cmocka_unit_test(test_deductions_shrink_in_one_area),
		cmocka_unit_test(test_areas_share_the_points),
		cmocka_unit_test(test_fixing_any_finding_raises_the_score),
		cmocka_unit_test(test_positive_signals_apart),
		cmocka_unit_test(test_fix_top_three),
		cmocka_unit_test(test_waived_and_unevaluated_deduct_nothing),
		cmocka_unit_test(test_nothing_applicable),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_detail_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
