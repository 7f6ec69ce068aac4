/* The CSV output: one file per sheet, BOM, CRLF, RFC 4180 quoting, formulas neutralised, masking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report_fixture.h"

static char *read_csv(const char *dir, const char *name)
{
	char *p = path_in(dir, name);
	char *data = slurp(p, NULL);
	free(p);
	return data;
}

static void write_csv_raw(struct cscs_store *st, const char *out, const char *lang, bool show, bool raw)
{
	struct cscs_report_opts o = fixture_opts(lang);
	o.show_personal_data = show;
	o.csv_raw = raw;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_report_csv(st->db, 2, out, &o, &dl), CSCS_OK);
	assert_int_equal(dl.n, 0);
	cscs_diag_list_finish(&dl);
}

static void write_csv(struct cscs_store *st, const char *out, const char *lang, bool show)
{
	write_csv_raw(st, out, lang, show, false);
}

static void test_files(void **state)
{
	(void)state;
	struct cscs_store *st = fixture_store(NULL);
	char *dir = scratch_dir();
	/* The folder is created when missing. */
	char *out = path_in(dir, "csv");
	write_csv(st, out, "en", false);
	static const char *const names[] = {
		"summary.csv", "findings.csv", "remediation_plan.csv", "deadlines.csv", "partners.csv",
		"checks.csv", "data_quality.csv", "run_info.csv",
	};
	assert_int_equal(count_entries(out), 8);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *data = read_csv(out, names[i]);
		assert_memory_equal(data, "\xEF\xBB\xBF", 3);
		/* Every line ends in CRLF: no bare LF outside quoted fields in these files' first line. */
		char *eol = strstr(data, "\r\n");
		assert_non_null(eol);
		assert_null(memchr(data, '\n', (size_t)(eol - data)));
		free(data);
	}

	char *f = read_csv(out, "findings.csv");
	assert_memory_equal(f + 3, "Check,Area,Severity,Finding,Subject,Detail,Due date,Days left,",
			    strlen("Check,Area,Severity,Finding,Subject,Detail,Due date,Days left,"));
	/*
	 * Quotes doubled inside a quoted field; text that starts like a formula gets an apostrophe
	 * (a spreadsheet would run it), numbers do not (days left -181 below).
	 */
	assert_non_null(strstr(f, ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",formula-like partner name"));
	assert_non_null(strstr(f, ",'+cmd|' /C calc'!A0,another formula-like value,2025-09-30,92,"));
	assert_null(strstr(f, ",+cmd|"));
	/* A field with a line break is quoted; the break is kept. */
	assert_non_null(strstr(f, ",\"legal_rep_id: 310***********1234\npartner_id: 1\n"));
	/* Commas inside a value are quoted. */
	assert_non_null(strstr(f, "\"Administrative Licensing Law, art. 50\""));
	assert_null(strstr(f, "310101198001011234"));
	assert_null(strstr(f, "110105194912310029"));
	/* Dates ISO, days left as numbers, the waiver in words. */
	assert_non_null(strstr(f, ",2024-12-31,-181,"));
	assert_non_null(strstr(f, "payment plan agreed with the tax bureau \xC2\xB7 approved by CFO Li Na \xC2\xB7 until 2025-12-31"));
	free(f);

	char *p = read_csv(out, "partners.csv");
	/* Money as yuan with two decimals. */
	assert_non_null(strstr(p, ",1200000.00,2026-12-31,listed,serious illegal and dishonest list,100,"));
	assert_non_null(strstr(p, ",35000.50,"));
	assert_null(strstr(p, "310101198001011234"));
	free(p);

	char *s = read_csv(out, "summary.csv");
	assert_non_null(strstr(s, "\r\nScore (of 1000),Grade,Open findings,Critical,High,Checks failed,Checks lacking data,Due in horizon\r\n610,C,7,3,2,3,1,2\r\n"));
	assert_non_null(strstr(s, "\r\nLegal representative,\xE7\x8E\x8B\xE4\xBC\x9F \xC2\xB7 ID no. 110***********0029\r\n"));
	free(s);

	char *dq = read_csv(out, "data_quality.csv");
	assert_non_null(strstr(dq, "entity.csv,2,legal_rep_id (column 6),110***********0029,flagged,"));
	free(dq);

	/* Chinese headers; identity numbers shown when asked. */
	write_csv(st, out, "zh", true);
	f = read_csv(out, "findings.csv");
	assert_memory_equal(f + 3, "检查项,领域,严重程度,问题,", strlen("检查项,领域,严重程度,问题,"));
	assert_non_null(strstr(f, "310101198001011234"));
	free(f);
	/* --csv-raw: text exactly as it is. */
	write_csv_raw(st, out, "en", false, true);
	f = read_csv(out, "findings.csv");
	assert_non_null(strstr(f, ",\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",formula-like partner name"));
	assert_non_null(strstr(f, ",+cmd|' /C calc'!A0,another formula-like value,2025-09-30,92,"));
	assert_non_null(strstr(f, ",2024-12-31,-181,"));
	free(f);
	assert_int_equal(count_entries(out), 8);
	free(out);
	remove_tree(dir);
	free(dir);
	cscs_store_close(st);
}

static void test_no_partners_and_errors(void **state)
{
	(void)state;
	struct cscs_store *st = fixture_store("DELETE FROM partner_status;");
	char *dir = scratch_dir();
	write_csv(st, dir, "en", false);
	/* Partners were not screened: no Partners file. */
	assert_int_equal(count_entries(dir), 7);
	char *p = path_in(dir, "partners.csv");
	assert_false(file_exists(p));
	free(p);
	/* A file where the folder should be. */
	char *file = path_in(dir, "summary.csv");
	struct cscs_report_opts o = fixture_opts("en");
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_report_csv(st->db, 2, file, &o, &dl), CSCS_ERR_USAGE);
	char *deep = path_in(dir, "a/b/c");
	assert_int_equal(cscs_report_csv(st->db, 2, deep, &o, &dl), CSCS_ERR_IO);
	assert_false(file_exists(deep));
	cscs_diag_list_finish(&dl);
	free(deep);
	free(file);
	remove_tree(dir);
	free(dir);
	cscs_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_no_partners_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
