/* Waivers: the CSV format, malformed files, matching, application and expiry, in a run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cscs/engine/waiver.h"
#include "engine_test.h"

static char dir[] = "/tmp/cscs-test-waiver-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

/* Write text to DIR/name; returns the path (static buffer). */
static const char *write_file(const char *name, const char *text)
{
	static char path[300];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void expect_error(const char *text, unsigned long line, unsigned long col, const char *needle)
{
	const char *path = write_file("bad.csv", text);
	struct cscs_waivers *ws = NULL;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	enum cscs_error err = cscs_waivers_load(path, &ws, &dl);
	bool found = false;
	for (size_t i = 0; i < dl.n; i++) {
		const struct cscs_diag *d = &dl.items[i];
		if (d->level == CSCS_DIAG_ERROR && d->line == line && (col == 0 || d->col == col) && strstr(d->message, needle) &&
		    strstr(d->file, "bad.csv"))
			found = true;
	}
	if (err != CSCS_ERR_CHECKLIST || !found || ws) {
		fprintf(stderr, "---\n%s---\nexpected bad.csv:%lu:%lu with '%s'; got %d and:\n", text, line, col, needle, err);
		for (size_t i = 0; i < dl.n; i++) {
			char buf[512];
			fprintf(stderr, "  %s\n", cscs_diag_format(&dl.items[i], buf, sizeof(buf)));
		}
		fail();
	}
	cscs_diag_list_finish(&dl);
}

static void test_load(void **state)
{
	(void)state;
	const char *path = write_file("w.csv",
		"check_id,subject,justification,approver,granted_on,expires_on\n"
		"LIC-001,L-001,\"Renewal filed, receipt 2025-03\",Li Wei (CFO),2025-03-01,2025-09-30\n"
		"TAX-002,,Whole check accepted,Board,2025/1/1,2025年12月31日\n"
		"\n"
		"PRT-00*,  Acme*  ,Known supplier,Procurement,20250101,20251231\n");
	struct cscs_waivers *ws;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_waivers_load(path, &ws, &dl), CSCS_OK);
	assert_int_equal(dl.n, 0);
	assert_int_equal(ws->n, 3);
	assert_string_equal(ws->items[0].check_id, "LIC-001");
	assert_string_equal(ws->items[0].subject, "L-001");
	assert_string_equal(ws->items[0].justification, "Renewal filed, receipt 2025-03");
	assert_string_equal(ws->items[0].approver, "Li Wei (CFO)");
	assert_int_equal(ws->items[0].granted_on, cscs_date_from_ymd(2025, 3, 1));
	assert_int_equal(ws->items[0].expires_on, cscs_date_from_ymd(2025, 9, 30));
	assert_int_equal(ws->items[0].line, 2);
	assert_null(ws->items[1].subject);
	assert_int_equal(ws->items[1].expires_on, cscs_date_from_ymd(2025, 12, 31));
	assert_string_equal(ws->items[2].subject, "Acme*");
	assert_int_equal(ws->items[2].line, 5);
	cscs_waivers_destroy(ws);
	/* columns in another order, subject column left out, names in any case */
	path = write_file("w2.csv", "Approver,check_id,EXPIRES_ON,granted_on,justification\nBoard,A,2026-01-01,2025-01-01,ok\n");
	assert_int_equal(cscs_waivers_load(path, &ws, &dl), CSCS_OK);
	assert_int_equal(ws->n, 1);
	assert_string_equal(ws->items[0].approver, "Board");
	assert_null(ws->items[0].subject);
	cscs_waivers_destroy(ws);
	cscs_diag_list_finish(&dl);
}

static void test_malformed(void **state)
{
	(void)state;
	const char *header = "check_id,subject,justification,approver,granted_on,expires_on\n";
	char text[512];
	expect_error("check_id,subject,justification,granted_on,expires_on\nA,,j,2025-01-01,2025-02-01\n", 1, 0,
		     "no 'approver' column");
	expect_error("check_id,subject,justification,approver,granted_on,expires_on,notes\n", 1, 63, "unknown column 'notes'");
	expect_error("check_id,check_id,justification,approver,granted_on,expires_on\n", 1, 10, "column 'check_id' appears twice");
	snprintf(text, sizeof(text), "%sA,x,,Board,2025-01-01,2025-02-01\n", header);
	expect_error(text, 2, 5, "'justification' is empty");
	snprintf(text, sizeof(text), "%sA,x,why,,2025-01-01,2025-02-01\n", header);
	expect_error(text, 2, 0, "'approver' is empty");
	snprintf(text, sizeof(text), "%s,x,why,Board,2025-01-01,2025-02-01\n", header);
	expect_error(text, 2, 1, "'check_id' is empty");
	snprintf(text, sizeof(text), "%sA,x,why,Board,2025-01-01\n", header);
	expect_error(text, 2, 0, "'expires_on' is empty");
	snprintf(text, sizeof(text), "%sA,x,why,Board,2025-02-30,2025-03-01\n", header);
	expect_error(text, 2, 0, "'granted_on' is not a date: '2025-02-30'");
	snprintf(text, sizeof(text), "%sA,x,why,Board,2025-01-01,soon\n", header);
	expect_error(text, 2, 0, "'expires_on' is not a date: 'soon'");
	snprintf(text, sizeof(text), "%sA,x,why,Board,2025-03-01,2025-02-01\n", header);
	expect_error(text, 2, 0, "'expires_on' 2025-02-01 is before 'granted_on' 2025-03-01");
	snprintf(text, sizeof(text), "%sA,x,why,Board,2025-01-01,2025-02-01,extra\n", header);
	expect_error(text, 2, 0, "7 fields, but the header has 6");
	snprintf(text, sizeof(text), "%sA,x,why,Board,2025-01-01,2025-02-01\nB,y,why,Board,2025-01-01,x\n", header);
	expect_error(text, 3, 0, "'expires_on' is not a date");
	expect_error("", 0, 0, "the waivers file is empty");
	/* a missing file */
	struct cscs_waivers *ws;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_not_equal(cscs_waivers_load("/nonexistent/waivers.csv", &ws, &dl), CSCS_OK);
	assert_null(ws);
	cscs_diag_list_finish(&dl);
}

static void test_state(void **state)
{
	(void)state;
	struct cscs_waiver w = {.granted_on = cscs_date_from_ymd(2025, 3, 1), .expires_on = cscs_date_from_ymd(2025, 9, 30)};
	assert_int_equal(cscs_waiver_state(&w, cscs_date_from_ymd(2025, 2, 28)), CSCS_WAIVER_NOT_YET);
	assert_int_equal(cscs_waiver_state(&w, cscs_date_from_ymd(2025, 3, 1)), CSCS_WAIVER_ACTIVE);
	assert_int_equal(cscs_waiver_state(&w, cscs_date_from_ymd(2025, 9, 30)), CSCS_WAIVER_ACTIVE);
	assert_int_equal(cscs_waiver_state(&w, cscs_date_from_ymd(2025, 10, 1)), CSCS_WAIVER_EXPIRED);
	assert_string_equal(cscs_waiver_state_name(CSCS_WAIVER_EXPIRED), "expired");
}

static void test_matching(void **state)
{
	(void)state;
	struct cscs_waiver any = {.check_id = "A"}, exact = {.check_id = "A", .subject = "L-[1]"},
			   glob = {.check_id = "A", .subject = "L-*"};
	assert_true(cscs_waiver_matches(&any, "A", "whatever"));
	assert_true(cscs_waiver_matches(&any, "A", NULL));
	assert_false(cscs_waiver_matches(&any, "B", "whatever"));
	assert_false(cscs_waiver_matches(&any, "A-1", NULL));
	/* a subject holding glob characters still matches itself exactly */
	assert_true(cscs_waiver_matches(&exact, "A", "L-[1]"));
	assert_true(cscs_waiver_matches(&exact, "A", "L-1"));
	assert_false(cscs_waiver_matches(&exact, "A", NULL));
	assert_true(cscs_waiver_matches(&glob, "A", "L-001"));
	assert_false(cscs_waiver_matches(&glob, "A", "M-001"));
}

/* A fail result of check A with findings for the given subjects (NULL allowed). */
static void make_result(struct cscs_check *c, struct cscs_check_result *res, const char *const *subjects, size_t n)
{
	memset(res, 0, sizeof(*res));
	res->check = c;
	res->status = res->original_status = CSCS_STATUS_FAIL;
	res->findings = calloc(n, sizeof(*res->findings));
	res->n_findings = res->cap_findings = n;
	for (size_t i = 0; i < n; i++)
		res->findings[i].subject = subjects[i] ? strdup(subjects[i]) : NULL;
}

static void test_apply(void **state)
{
	(void)state;
	const char *path = write_file("apply.csv",
		"check_id,subject,justification,approver,granted_on,expires_on\n"
		"A,L-001,first match wins,X,2025-01-01,2025-12-31\n"
		"A,L-*,all licences,Y,2025-01-01,2025-12-31\n"
		"A,M-1,expired,Z,2024-01-01,2024-12-31\n"
		"A,M-2,not yet,Z,2026-01-01,2026-12-31\n");
	struct cscs_waivers *ws;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_waivers_load(path, &ws, &dl), CSCS_OK);
	cscs_date as_of = cscs_date_from_ymd(2025, 6, 30);
	struct cscs_check c = {.id = "A"};
	struct cscs_check_result res;

	/* every finding covered: waived, the original status kept */
	const char *all[] = {"L-001", "L-002"};
	make_result(&c, &res, all, 2);
	assert_int_equal(cscs_waivers_apply(ws, &res, as_of), CSCS_OK);
	assert_int_equal(res.status, CSCS_STATUS_WAIVED);
	assert_int_equal(res.original_status, CSCS_STATUS_FAIL);
	assert_int_equal(res.n_waived, 2);
	assert_string_equal(res.reason, "all 2 findings waived");
	assert_string_equal(res.findings[0].waiver->justification, "first match wins");
	assert_string_equal(res.findings[1].waiver->justification, "all licences");
	cscs_check_result_finish(&res);

	/* partly covered: still a failure; expired and future waivers do not apply */
	const char *some[] = {"L-001", "M-1", "M-2", NULL};
	make_result(&c, &res, some, 4);
	assert_int_equal(cscs_waivers_apply(ws, &res, as_of), CSCS_OK);
	assert_int_equal(res.status, CSCS_STATUS_FAIL);
	assert_int_equal(res.n_waived, 1);
	assert_string_equal(res.reason, "1 of 4 findings waived");
	assert_null(res.findings[1].waiver);
	assert_null(res.findings[2].waiver);
	assert_null(res.findings[3].waiver);
	assert_int_equal(ws->items[2].n_inactive, 1);
	assert_int_equal(ws->items[3].n_inactive, 1);
	assert_int_equal(ws->items[0].n_applied, 2);
	assert_true(ws->items[0].check_ran);
	cscs_check_result_finish(&res);

	/* another check: untouched */
	struct cscs_check other = {.id = "B"};
	make_result(&other, &res, all, 2);
	assert_int_equal(cscs_waivers_apply(ws, &res, as_of), CSCS_OK);
	assert_int_equal(res.status, CSCS_STATUS_FAIL);
	assert_int_equal(res.n_waived, 0);
	assert_null(res.reason);
	cscs_check_result_finish(&res);
	cscs_waivers_destroy(ws);
	cscs_diag_list_finish(&dl);
}

static void test_waivers_in_a_run(void **state)
{
	(void)state;
	const char *checks_path = write_file("checks.sql",
		"-- check: LIC-EXP\n-- area: licenses\n-- severity: high\n-- title: Expired\n-- basis: B\n-- requires: licenses\n"
		"SELECT license_no AS subject, 'expired' AS detail FROM licenses WHERE expires_on < :as_of;\n"
		"-- check: LIC-ALL\n-- area: licenses\n-- severity: low\n-- title: Every licence\n-- basis: B\n-- requires: licenses\n"
		"SELECT license_no AS subject FROM licenses;\n");
	char checks[300];
	snprintf(checks, sizeof(checks), "%s", checks_path);
	const char *waivers_path = write_file("waivers.csv",
		"check_id,subject,justification,approver,granted_on,expires_on\n"
		"LIC-EXP,L-001,Renewal filed,Li Wei,2025-01-01,2025-12-31\n"
		"LIC-ALL,L-001,Old waiver,Li Wei,2024-01-01,2024-12-31\n"
		"LIC-ALL,L-009,Nothing to waive,Li Wei,2025-01-01,2025-12-31\n"
		"GONE-001,,Check removed,Li Wei,2025-01-01,2025-12-31\n");
	char waivers[300];
	snprintf(waivers, sizeof(waivers), "%s", waivers_path);
	struct cscs_store *st = store_with_import();
	add_basic_records(st->db);
	const char *lists[] = {checks};
	struct cscs_engine_opts o = {
		.as_of = cscs_date_from_ymd(2025, 6, 30), .checklists = lists, .n_checklists = 1, .waivers = waivers,
	};
	struct cscs_run_summary sum;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_engine_run(st, &o, &sum, &dl), CSCS_OK);
	/* the expired waiver and the one for an unknown check are reported */
	assert_int_equal(dl.n_errors, 0);
	assert_int_equal(dl.n, 2);
	assert_int_equal(dl.items[0].line, 3);
	assert_non_null(strstr(dl.items[0].message, "waiver of 'LIC-ALL' (L-001) expired on 2024-12-31 and no longer applies; "
					"its findings are reported unwaived"));
	assert_int_equal(dl.items[1].line, 5);
	assert_non_null(strstr(dl.items[1].message, "waiver names check 'GONE-001', which did not run"));
	/* LIC-EXP: its one finding waived -> waived, no deduction; LIC-ALL: 2 unwaived findings -> low deduction */
	assert_int_equal(sum.n_by_status[CSCS_STATUS_WAIVED], 1);
	assert_int_equal(sum.n_by_status[CSCS_STATUS_FAIL], 1);
	assert_int_equal(sum.n_findings, 2);
	assert_int_equal(sum.n_findings_by_severity[CSCS_SEV_HIGH], 0);
	assert_int_equal(sum.n_findings_by_severity[CSCS_SEV_LOW], 2);
	assert_int_equal(sum.score, 970);
	assert_int_equal(sum.n_waivers_applied, 1);
	assert_int_equal(sum.n_waivers_expired, 1);
	char *s = query_text(st->db, "SELECT status || ' ' || original_status || ' ' || deduction || ' ' || reason FROM results"
				     " WHERE check_id = 'LIC-EXP'");
	assert_string_equal(s, "waived fail 0 all 1 findings waived");
	free(s);
	s = query_text(st->db, "SELECT waived || '|' || waiver_reason || '|' || waiver_approver || '|' || waiver_expires_on"
			       " FROM findings WHERE check_id = 'LIC-EXP'");
	assert_string_equal(s, "1|Renewal filed|Li Wei|2025-12-31");
	free(s);
	assert_int_equal(query_int(st->db, "SELECT count(*) FROM findings WHERE check_id = 'LIC-ALL' AND waived = 0"), 2);
	s = query_text(st->db, "SELECT group_concat(line || ':' || status || ':' || n_findings, ' ') FROM"
			       " (SELECT * FROM waiver_status ORDER BY line)");
	assert_string_equal(s, "2:applied:1 3:expired:1 4:unused:0 5:unknown_check:0");
	free(s);
	assert_int_equal(query_int(st->db, "SELECT count(*) FROM run_inputs WHERE kind = 'waivers' AND length(sha256) = 64"), 1);
	cscs_diag_list_finish(&dl);

	/* a malformed waivers file stops the run with file:line and stores nothing more */
	write_file("waivers.csv", "check_id,subject,justification,approver,granted_on,expires_on\nLIC-EXP,,,x,2025-01-01,2025-02-01\n");
	assert_int_equal(cscs_engine_run(st, &o, &sum, &dl), CSCS_ERR_CHECKLIST);
	assert_int_equal(dl.n_errors, 1);
	assert_int_equal(dl.items[0].line, 2);
	assert_int_equal(query_int(st->db, "SELECT count(*) FROM runs"), 1);
	cscs_diag_list_finish(&dl);
	cscs_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_matching),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_waivers_in_a_run),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
