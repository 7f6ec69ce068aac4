/* Profiles: parsing, malformed files, selection by id/area/tag, overrides, defaults, in a run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cscs/engine/profile.h"
#include "engine_test.h"

static struct cscs_profile *profile_ok(const char *text)
{
	struct cscs_profile *p = NULL;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	enum cscs_error err = cscs_profile_parse("p.ini", text, strlen(text), &p, &dl);
	for (size_t i = 0; i < dl.n; i++) {
		char buf[512];
		fprintf(stderr, "%s\n", cscs_diag_format(&dl.items[i], buf, sizeof(buf)));
	}
	assert_int_equal(err, CSCS_OK);
	assert_int_equal(dl.n, 0);
	cscs_diag_list_finish(&dl);
	return p;
}

static void expect_error(const char *text, unsigned long line, const char *needle)
{
	struct cscs_profile *p = NULL;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	enum cscs_error err = cscs_profile_parse("p.ini", text, strlen(text), &p, &dl);
	bool found = false;
	for (size_t i = 0; i < dl.n; i++)
		if (dl.items[i].line == line && strcmp(dl.items[i].file, "p.ini") == 0 && strstr(dl.items[i].message, needle))
			found = true;
	if (err != CSCS_ERR_CHECKLIST || !found || p) {
		fprintf(stderr, "---\n%s---\nexpected p.ini:%lu with '%s'; got %d and:\n", text, line, needle, err);
		for (size_t i = 0; i < dl.n; i++) {
			char buf[512];
			fprintf(stderr, "  %s\n", cscs_diag_format(&dl.items[i], buf, sizeof(buf)));
		}
		fail();
	}
	cscs_diag_list_finish(&dl);
}

static void test_parse(void **state)
{
	(void)state;
	struct cscs_profile *p = profile_ok(
		"# a comment\n"
		"; another comment\n"
		"\n"
		"name = Supplier review\n"
		"description =  Partners and lists  \r\n"
		"include = area:partners, tag:lists\n"
		"include = LIC-*\n"
		"exclude = id:LIC-009\n"
		"severity.area:partners = critical\n"
		"weight.LIC-00? = 2.5\n"
		"as_of = 2025-06-30\n"
		"lang = zh\n"
		"fail_on = medium\n");
	assert_string_equal(p->name, "Supplier review");
	assert_string_equal(p->description, "Partners and lists");
	assert_int_equal(p->n_includes, 3);
	assert_int_equal(p->includes[0].kind, CSCS_PROFILE_AREA);
	assert_string_equal(p->includes[0].glob, "partners");
	assert_int_equal(p->includes[1].kind, CSCS_PROFILE_TAG);
	assert_int_equal(p->includes[2].kind, CSCS_PROFILE_ID);
	assert_int_equal(p->includes[2].line, 7);
	assert_int_equal(p->n_excludes, 1);
	assert_string_equal(p->excludes[0].glob, "LIC-009");
	assert_int_equal(p->n_overrides, 2);
	assert_true(p->overrides[0].has_severity);
	assert_int_equal(p->overrides[0].severity, CSCS_SEV_CRITICAL);
	assert_true(p->overrides[1].has_weight);
	assert_true(p->overrides[1].weight == 2.5);
	assert_true(p->has_as_of);
	assert_int_equal(p->as_of, cscs_date_from_ymd(2025, 6, 30));
	assert_string_equal(p->lang, "zh");
	assert_true(p->has_fail_on);
	assert_int_equal(p->fail_on, CSCS_SEV_MEDIUM);
	assert_string_equal(cscs_profile_label(p), "Supplier review");
	cscs_profile_destroy(p);
	p = profile_ok("");
	assert_string_equal(cscs_profile_label(p), "p.ini");
	assert_false(p->has_as_of || p->has_fail_on);
	assert_null(p->lang);
	cscs_profile_destroy(p);
}

static void test_malformed(void **state)
{
	(void)state;
	expect_error("name = x\ncolour = blue\n", 2, "unknown key 'colour'");
	expect_error("\n\njust words\n", 3, "expected 'key = value', not 'just words'");
	expect_error("[checks]\n", 1, "sections are not used in a profile");
	expect_error("name = a\nname = b\n", 2, "'name' is given twice (first on line 1)");
	expect_error("as_of = 2025-02-30\n", 1, "as_of '2025-02-30' is not a date (YYYY-MM-DD)");
	expect_error("lang = fr\n", 1, "lang 'fr' is not en or zh");
	expect_error("fail_on = severe\n", 1, "fail_on 'severe' is not one of critical");
	expect_error("severity.LIC-* = huge\n", 1, "severity 'huge' is not one of");
	expect_error("weight.LIC-* = heavy\n", 1, "weight 'heavy' is not a number from 0 to 100");
	expect_error("weight.LIC-* = 1000\n", 1, "weight '1000'");
	expect_error("include = colour:red\n", 1, "'colour:red' is not a pattern");
	expect_error("include = a,,b\n", 1, "an empty pattern in the list");
	expect_error("include = area:\n", 1, "'area:' has an empty pattern");
	expect_error("include =\n", 1, "'include' has no value");
	expect_error("= x\n", 1, "a value without a key");
	expect_error("severity. = high\n", 1, "unknown key 'severity.'");
	expect_error("name = \xff\n", 0, "not UTF-8");
}

static void test_selection(void **state)
{
	(void)state;
	struct cscs_checklist *cl = checklist_ok(
		"-- check: LIC-001\n-- area: licenses\n-- severity: high\n-- title: T\n-- basis: B\n-- tags: identity\nSELECT 1 AS subject;\n"
		"-- check: LIC-002\n-- area: licenses\n-- severity: low\n-- title: T\n-- basis: B\nSELECT 1 AS subject;\n"
		"-- check: PRT-001\n-- area: partners\n-- severity: medium\n-- title: T\n-- basis: B\n-- tags: lists, supplier\nSELECT 1 AS subject;\n"
		"-- check: TAX-001\n-- area: tax\n-- severity: high\n-- title: T\n-- basis: B\nSELECT 1 AS subject;\n");
	struct {
		const char *profile;
		const char *selected; /* ids selected, in order */
	} cases[] = {
		{"", "LIC-001 LIC-002 PRT-001 TAX-001"},
		{"include = LIC-*", "LIC-001 LIC-002"},
		{"include = area:partners", "PRT-001"},
		{"include = tag:supplier", "PRT-001"},
		{"include = tag:identity, area:tax", "LIC-001 TAX-001"},
		{"include = tag:identity\ninclude = TAX-00[1-9]", "LIC-001 TAX-001"},
		{"exclude = area:licenses", "PRT-001 TAX-001"},
		{"include = area:licen*\nexclude = id:LIC-002", "LIC-001"},
		{"include = *-001\nexclude = tag:lists", "LIC-001 TAX-001"},
		{"include = NOPE-*", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cscs_profile *p = profile_ok(cases[i].profile);
		char got[256] = "";
		for (size_t j = 0; j < cl->n_checks; j++) {
			if (!cscs_profile_selects(p, cl->checks[j]))
				continue;
			if (got[0])
				strcat(got, " ");
			strcat(got, cl->checks[j]->id);
		}
		if (strcmp(got, cases[i].selected) != 0) {
			fprintf(stderr, "profile '%s': selected '%s', expected '%s'\n", cases[i].profile, got, cases[i].selected);
			fail();
		}
		cscs_profile_destroy(p);
	}
	/* patterns that select nothing are reported */
	struct cscs_profile *p = profile_ok("include = LIC-*, NOPE-*\nexclude = tag:never\nweight.area:none = 2\n");
	for (size_t j = 0; j < cl->n_checks; j++) {
		enum cscs_severity sev;
		double w;
		char *note;
		cscs_profile_selects(p, cl->checks[j]);
		assert_int_equal(cscs_profile_apply(p, cl->checks[j], &sev, &w, &note), CSCS_OK);
		assert_null(note);
	}
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	cscs_profile_warn_unused(p, &dl);
	assert_int_equal(dl.n, 3);
	assert_int_equal(dl.n_errors, 0);
	assert_string_equal(dl.items[0].message, "include pattern 'NOPE-*' matches no check in force");
	assert_string_equal(dl.items[1].message, "exclude pattern 'tag:never' matches no check in force");
	assert_string_equal(dl.items[2].message, "override pattern 'area:none' matches no check in force");
	assert_int_equal(dl.items[2].line, 3);
	cscs_diag_list_finish(&dl);
	cscs_profile_destroy(p);
	cscs_checklist_destroy(cl);
}

static void test_overrides(void **state)
{
	(void)state;
	struct cscs_checklist *cl = checklist_ok(
		"-- check: LIC-001\n-- area: licenses\n-- severity: high\n-- title: T\n-- basis: B\n-- weight: 3\nSELECT 1 AS subject;\n"
		"-- check: TAX-001\n-- area: tax\n-- severity: low\n-- title: T\n-- basis: B\nSELECT 1 AS subject;\n");
	/* the last matching line wins, per attribute */
	struct cscs_profile *p = profile_ok("severity.* = medium\n"
					    "severity.LIC-* = critical\n"
					    "weight.area:licenses = 2\n"
					    "weight.area:tax = 1\n"
					    "severity.TAX-001 = low\n");
	enum cscs_severity sev;
	double w;
	char *note;
	assert_int_equal(cscs_profile_apply(p, cl->checks[0], &sev, &w, &note), CSCS_OK);
	assert_int_equal(sev, CSCS_SEV_CRITICAL);
	assert_true(w == 2);
	assert_string_equal(note, "severity high -> critical (p.ini:2); weight 3 -> 2 (p.ini:3)");
	free(note);
	/* an override to the value the check already has is no change */
	assert_int_equal(cscs_profile_apply(p, cl->checks[1], &sev, &w, &note), CSCS_OK);
	assert_int_equal(sev, CSCS_SEV_LOW);
	assert_true(w == 1);
	assert_null(note);
	cscs_profile_destroy(p);
	cscs_checklist_destroy(cl);
}

static void test_shipped_profiles_parse(void **state)
{
	(void)state;
	const char *names[] = {"pre-entry.ini", "yearly.ini", "supplier.ini"};
	for (size_t i = 0; i < 3; i++) {
		char path[512];
		snprintf(path, sizeof(path), "%s/checklists/profiles/%s", CSCS_TEST_SRCDIR, names[i]);
		struct cscs_profile *p;
		struct cscs_diag_list dl;
		cscs_diag_list_init(&dl);
		assert_int_equal(cscs_profile_load(path, &p, &dl), CSCS_OK);
		assert_int_equal(dl.n, 0);
		assert_non_null(p->name);
		assert_true(p->has_fail_on);
		cscs_profile_destroy(p);
		cscs_diag_list_finish(&dl);
	}
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_profile_in_a_run(void **state)
{
	(void)state;
	char dir[] = "/tmp/cscs-test-profile-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char checks[300], profile[300];
	snprintf(checks, sizeof(checks), "%s/checks.sql", dir);
	snprintf(profile, sizeof(profile), "%s/review.ini", dir);
	write_file(checks,
		   "-- check: LIC-001\n-- area: licenses\n-- severity: low\n-- title: T\n-- basis: B\n-- requires: licenses\n"
		   "SELECT license_no AS subject FROM licenses WHERE expires_on < :as_of;\n"
		   "-- check: LIC-002\n-- area: licenses\n-- severity: high\n-- title: T\n-- basis: B\n"
		   "SELECT 'x' AS subject;\n"
		   "-- check: TAX-001\n-- area: tax\n-- severity: high\n-- title: T\n-- basis: B\n"
		   "SELECT 'x' AS subject;\n");
	write_file(profile, "name = Review\ninclude = area:licenses\nexclude = LIC-002\nseverity.LIC-001 = critical\n"
			    "weight.LIC-001 = 0.4\n");
	struct cscs_store *st = store_with_import();
	add_basic_records(st->db);
	const char *lists[] = {checks};
	struct cscs_engine_opts o = {
		.as_of = cscs_date_from_ymd(2025, 6, 30), .checklists = lists, .n_checklists = 1, .profile = profile,
	};
	struct cscs_run_summary sum;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_engine_run(st, &o, &sum, &dl), CSCS_OK);
	for (size_t i = 0; i < dl.n; i++) {
		char buf[512];
		fprintf(stderr, "%s\n", cscs_diag_format(&dl.items[i], buf, sizeof(buf)));
	}
	assert_int_equal(dl.n, 0);
	/* only LIC-001 ran: critical, weight 0.4 -> 20% of its area, the only one: 200 points; C by score, and critical caps at C */
	assert_int_equal(sum.n_checks, 1);
	assert_int_equal(sum.n_findings_by_severity[CSCS_SEV_CRITICAL], 1);
	assert_int_equal(sum.score, 800);
	assert_string_equal(sum.grade, "C");
	char *s = query_text(st->db, "SELECT check_id || ' ' || severity || ' ' || weight || ' ' || deduction || ' ' || override"
				     " FROM results");
	assert_string_equal(s, "LIC-001 critical 0.4 200 severity low -> critical (review.ini:4); weight 1 -> 0.4 (review.ini:5)");
	free(s);
	s = query_text(st->db, "SELECT profile FROM runs");
	assert_string_equal(s, "Review");
	free(s);
	assert_int_equal(query_int(st->db, "SELECT count(*) FROM run_inputs WHERE kind = 'profile' AND length(sha256) = 64"), 1);
	/* a profile that selects nothing is an error, and stores nothing */
	write_file(profile, "include = NOPE\n");
	cscs_diag_list_finish(&dl);
	assert_int_equal(cscs_engine_run(st, &o, &sum, &dl), CSCS_ERR_CHECKLIST);
	assert_int_equal(query_int(st->db, "SELECT count(*) FROM runs"), 1);
	bool said = false;
	for (size_t i = 0; i < dl.n; i++)
		said = said || strstr(dl.items[i].message, "the profile selects no check of the 3 in force on 2025-06-30");
	assert_true(said);
	/* a malformed profile stops the run with file:line */
	write_file(profile, "include = LIC-*\nlang = fr\n");
	cscs_diag_list_finish(&dl);
	assert_int_equal(cscs_engine_run(st, &o, &sum, &dl), CSCS_ERR_CHECKLIST);
	assert_int_equal(dl.n_errors, 1);
	assert_int_equal(dl.items[0].line, 2);
	cscs_diag_list_finish(&dl);
	cscs_store_close(st);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_selection),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_shipped_profiles_parse),
		cmocka_unit_test(test_profile_in_a_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
