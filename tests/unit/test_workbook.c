/*
 * The workbook writer and what it reads: the run model (counts, delta,
 * orders), masking, and the all-or-nothing output. The cells themselves
 * are read back with openpyxl in tests/integration/test_workbook_readback.py.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report_fixture.h"

#include "cscs/report/clean.h"
#include "cscs/report/model.h"
#include "cscs/report/sheet.h"

/* A valid 1x1 PNG. */
static const unsigned char png_1x1[] = {
	0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
	0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
	0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
	0x42, 0x60, 0x82,
};

static void test_model_counts(void **state)
{
	(void)state;
	struct cscs_store *st = fixture_store(NULL);
	struct cscs_report_model *m = NULL;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_report_latest_run(st->db), 2);
	assert_int_equal(cscs_report_model_load(&m, st->db, 2, 0, &dl), CSCS_OK);
	assert_int_equal(dl.n, 0);
	assert_int_equal(m->n_checks, 8);
	assert_int_equal(m->n_open, 7);
	assert_int_equal(m->n_waived, 1);
	assert_int_equal(m->open_by_sev[CSCS_SEV_CRITICAL], 3);
	assert_int_equal(m->open_by_sev[CSCS_SEV_HIGH], 2);
	assert_int_equal(m->open_by_sev[CSCS_SEV_MEDIUM], 2);
	assert_int_equal(m->open_by_sev[CSCS_SEV_LOW], 0);
	assert_int_equal(m->waived_by_sev[CSCS_SEV_MEDIUM], 1);
	static const int64_t by_status[CSCS_ST_COUNT_] = {3, 1, 1, 1, 1, 1};
	for (int i = 0; i < CSCS_ST_COUNT_; i++)
		assert_int_equal(m->n_by_status[i], by_status[i]);
	assert_int_equal(m->total_deduction, 390);
	assert_true(m->has_score);
	assert_int_equal(m->score, 610);
	assert_string_equal(m->grade, "C");
	/* The engine's score detail, read part by part. */
	assert_null(m->score_formula);
	assert_string_equal(m->scoring.name, "cscs-audit score 1");
	assert_true(m->scoring.has_start && m->scoring.start == 1000);
	assert_true(m->scoring.has_points);
	assert_int_equal(m->scoring.points[CSCS_SEV_CRITICAL], 250);
	assert_int_equal(m->scoring.points[CSCS_SEV_INFO], 0);
	assert_true(m->scoring.has_grade_min && m->scoring.grade_min[1] == 800);
	assert_true(m->scoring.has_deductions && m->scoring.nominal == 390 && m->scoring.deducted == 390);
	assert_string_equal(m->scoring.grade_by_score, "C");
	assert_true(m->scoring.has_coverage && m->scoring.coverage_percent == 71 && m->scoring.applicable == 7);
	assert_int_equal(m->scoring.n_caps, 1);
	assert_string_equal(m->scoring.caps[0].check_id, "PAR-001");
	assert_string_equal(m->scoring.caps[0].grade, "C");
	/* Previous run 1: two fingerprints persist, one (VAT 2024-10) is resolved. */
	assert_int_equal(m->prev_run_id, 1);
	assert_int_equal(m->prev_score, 760);
	assert_int_equal(m->n_new, 6);
	assert_int_equal(m->n_persisting, 2);
	assert_int_equal(m->n_resolved, 1);
	/* Horizon 90 days from 2025-06-30 ends 2025-09-28: 07-15 and 08-15 are in, 09-30 is not. */
	assert_int_equal(m->horizon_days, 90);
	assert_string_equal(m->horizon_end, "2025-09-28");
	assert_int_equal(m->n_deadlines, 2);
	assert_int_equal(m->n_overdue, 2);
	assert_int_equal(m->n_issues[0], 1);
	assert_int_equal(m->n_issues[1], 1);
	assert_int_equal(m->n_issues[2], 1);
	assert_true(m->partners.screened);
	assert_int_equal(m->partners.n, 4);
	assert_int_equal(m->partners.n_by[2], 1);
	assert_int_equal(m->partners.spend_by[2], 120000000);
	assert_int_equal(m->partners.spend_total, 168500050);
	/* Areas with open findings, most first. */
	assert_int_equal(m->n_areas, 2);
	assert_string_equal(m->areas[0].name, "licenses");
	assert_int_equal(m->areas[0].total, 4);
	assert_string_equal(m->areas[1].name, "partners");
	assert_true(m->entity.has_record);
	assert_string_equal(m->entity.legal_rep_id, "110105194912310029");
	/* Checks sheet order (area, id) gives each check its row; lookups by id agree. */
	const struct cscs_report_check *c = cscs_report_model_check(m, "LIC-002");
	assert_non_null(c);
	assert_string_equal(m->checks[c->checks_row - 1].check_id, "LIC-002");
	assert_null(cscs_report_model_check(m, "NOPE-1"));
	cscs_report_model_destroy(m);

	/* A horizon of 30 days holds only the 07-15 deadline. */
	assert_int_equal(cscs_report_model_load(&m, st->db, 2, 30, &dl), CSCS_OK);
	assert_int_equal(m->n_deadlines, 1);
	cscs_report_model_destroy(m);
	/* Run 1 has no previous run. */
	assert_int_equal(cscs_report_model_load(&m, st->db, 1, 0, &dl), CSCS_OK);
	assert_int_equal(m->prev_run_id, 0);
	assert_int_equal(m->n_new, 0);
	cscs_report_model_destroy(m);
	assert_int_equal(cscs_report_model_load(&m, st->db, 99, 0, &dl), CSCS_ERR_NOT_FOUND);
	assert_null(m);
	cscs_diag_list_finish(&dl);
	cscs_store_close(st);
}

/* Walk an order and return the ids seen, as "106,107,...". */
static void walk(struct cscs_report_model *m, enum cscs_report_order order, char *out, size_t len)
{
	struct cscs_report_iter it;
	struct cscs_report_finding f;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	out[0] = '\0';
	assert_int_equal(cscs_report_iter_start(&it, m, order, &dl), CSCS_OK);
	int r;
	while ((r = cscs_report_iter_next(&it, &f, &dl)) == 1) {
		size_t n = strlen(out);
		snprintf(out + n, len - n, "%s%lld", n ? "," : "", (long long)f.id);
		assert_non_null(f.check);
	}
	assert_int_equal(r, 0);
	cscs_report_iter_finish(&it);
	cscs_report_iter_finish(&it);
	cscs_diag_list_finish(&dl);
}

static void test_model_orders(void **state)
{
	(void)state;
	struct cscs_store *st = fixture_store(NULL);
	struct cscs_report_model *m = NULL;
	struct cscs_diag_list dl;
	char ids[256];
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_report_model_load(&m, st->db, 2, 0, &dl), CSCS_OK);
	/* Severity (critical PAR-001 first), then area and check; within a check by id. */
	walk(m, CSCS_ORDER_SEVERITY, ids, sizeof(ids));
	assert_string_equal(ids, "106,107,108,101,102,103,104,105");
	/* Due date, no date last. */
	walk(m, CSCS_ORDER_DUE, ids, sizeof(ids));
	assert_string_equal(ids, "105,101,102,106,103,108,104,107");
	walk(m, CSCS_ORDER_DEADLINES, ids, sizeof(ids));
	assert_string_equal(ids, "106,103");
	/* The previous run's finding that is gone: VAT 2024-10. */
	struct cscs_report_iter it;
	struct cscs_report_finding f;
	assert_int_equal(cscs_report_iter_start(&it, m, CSCS_ORDER_RESOLVED, &dl), CSCS_OK);
	assert_int_equal(cscs_report_iter_next(&it, &f, &dl), 1);
	assert_string_equal(f.subject, "VAT 2024-10");
	assert_string_equal(f.check->check_id, "TAX-002");
	assert_int_equal(cscs_report_iter_next(&it, &f, &dl), 0);
	cscs_report_iter_finish(&it);
	/* New since run 1: the expired licence JY13101150012345 was there already. */
	assert_int_equal(cscs_report_iter_start(&it, m, CSCS_ORDER_SEVERITY, &dl), CSCS_OK);
	while (cscs_report_iter_next(&it, &f, &dl) == 1)
		assert_int_equal(f.is_new, strcmp(f.fingerprint, "LIC-001|JY13101150012345") != 0 &&
						   strcmp(f.fingerprint, "TAX-002|VAT 2024-11") != 0);
	cscs_report_iter_finish(&it);
	cscs_report_model_destroy(m);
	cscs_diag_list_finish(&dl);
	cscs_store_close(st);
}

static void test_clean(void **state)
{
	(void)state;
	struct cscs_buf b = CSCS_BUF_INIT;
	assert_true(cscs_report_is_resident_id("110105194912310029"));
	assert_true(cscs_report_is_resident_id(" 11010519491231002X "));
	assert_true(cscs_report_is_resident_id("110105491231002"));
	assert_false(cscs_report_is_resident_id("91110000600037341L"));
	assert_false(cscs_report_is_resident_id("1101051949123100"));
	assert_false(cscs_report_is_resident_id(NULL));
	assert_true(cscs_report_is_id_key("legal_rep_id"));
	assert_true(cscs_report_is_id_key("REP_ID"));
	assert_false(cscs_report_is_id_key("idea"));
	assert_false(cscs_report_is_id_key("_i"));
	assert_string_equal(cscs_report_mask_id("110105194912310029", &b), "110***********0029");
	assert_string_equal(cscs_report_mask_id("12345", &b), "*****");

	const char *plain = "nothing personal here";
	assert_ptr_equal(cscs_report_mask_text(plain, &b), plain);
	assert_null(cscs_report_mask_text(NULL, &b));
	assert_string_equal(cscs_report_mask_text("rep 110105194912310029, again 310101198001011234.", &b),
			    "rep 110***********0029, again 310***********1234.");
	assert_string_equal(cscs_report_mask_text("张三11010519491231002X", &b), "张三110***********002X");
	/* Glued to letters (as SQL concatenation leaves it) it is still a person's number. */
	assert_string_equal(cscs_report_mask_text("ID11010519491231002Xabc", &b), "ID110***********002Xabc");
	assert_string_equal(cscs_report_mask_text("ref A110105194912310029", &b), "ref A110***********0029");
	/* Not a person's number: a USCC, part of a longer number, an impossible birth date, no province. */
	const char *kept[] = {
		"code 91110000600037341L", "id 110105194913310029", "id 990105194912310029",
		"1101051949123100299", "21101051949123100299", "11010519491231002X9",
	};
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		assert_ptr_equal(cscs_report_mask_text(kept[i], &b), kept[i]);

	const char *good = "中文 ok";
	assert_ptr_equal(cscs_report_utf8(good, &b), good);
	assert_string_equal(cscs_report_utf8("a\xC3(b\xFF", &b), "a\xEF\xBF\xBD(b\xEF\xBF\xBD");
	assert_null(cscs_report_utf8(NULL, &b));
	cscs_buf_finish(&b);
}

static void test_logo_scale(void **state)
{
	(void)state;
	char *dir = scratch_dir();
	char *png = path_in(dir, "wide.png");
	unsigned char hdr[sizeof(png_1x1)];
	memcpy(hdr, png_1x1, sizeof(hdr));
	hdr[18] = 0x01; /* width 400 */
	hdr[19] = 0x90;
	hdr[23] = 100;  /* height 100 */
	write_file(png, hdr, sizeof(hdr));
	double s = 0;
	assert_true(cscs_report_logo_scale(png, 170, 64, &s));
	assert_true(s > 0.424 && s < 0.426);
	/* Never enlarged. */
	write_file(png, png_1x1, sizeof(png_1x1));
	assert_true(cscs_report_logo_scale(png, 170, 64, &s));
	assert_true(s == 1.0);
	/* A JPEG: SOF0 after an APP0 segment, 300 wide and 120 high. */
	static const unsigned char jpg[] = {
		0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x0B, 0x08,
		0x00, 0x78, 0x01, 0x2C, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9,
	};
	write_file(png, jpg, sizeof(jpg));
	assert_true(cscs_report_logo_scale(png, 150, 120, &s));
	assert_true(s > 0.499 && s < 0.501);
	write_file(png, "not an image", 12);
	assert_false(cscs_report_logo_scale(png, 170, 64, &s));
	assert_false(cscs_report_logo_scale("/nonexistent/logo.png", 170, 64, &s));
	free(png);
	remove_tree(dir);
	free(dir);
}

static void write_ok(struct cscs_store *st, const char *path, const struct cscs_report_opts *o)
{
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	enum cscs_error err = cscs_report_workbook(st->db, 2, path, o, &dl);
	if (err || dl.n) {
		char line[512];
		for (size_t i = 0; i < dl.n; i++)
			print_error("%s\n", cscs_diag_format(&dl.items[i], line, sizeof(line)));
	}
	assert_int_equal(err, CSCS_OK);
	/* No label the code asks for is missing from the catalogue, and nothing else to say. */
	assert_int_equal(dl.n, 0);
	cscs_diag_list_finish(&dl);
}

static void test_workbook_written(void **state)
{
	(void)state;
	struct cscs_store *st = fixture_store(NULL);
	char *dir = scratch_dir();
	char *logo = path_in(dir, "logo.png");
	write_file(logo, png_1x1, sizeof(png_1x1));
	const char *langs[] = {"en", "zh"};
	for (size_t i = 0; i < 2; i++) {
		char name[32];
		snprintf(name, sizeof(name), "report-%s.xlsx", langs[i]);
		char *out = path_in(dir, name);
		struct cscs_report_opts o = fixture_opts(langs[i]);
		o.title = "Board pack & annex";
		o.prepared_by = "Li Na";
		o.logo = logo;
		write_ok(st, out, &o);
		size_t len;
		char *data = slurp(out, &len);
		assert_true(len > 4000);
		assert_memory_equal(data, "PK\x03\x04", 4);
		free(data);
		free(out);
	}
	/* Only the two workbooks and the logo: no temporary file is left behind. */
	assert_int_equal(count_entries(dir), 3);
	free(logo);
	remove_tree(dir);
	free(dir);
	cscs_store_close(st);
}

static void test_workbook_failures(void **state)
{
	(void)state;
	struct cscs_store *st = fixture_store(NULL);
	char *dir = scratch_dir();
	char *out = path_in(dir, "report.xlsx");
	char *bad_logo = path_in(dir, "logo.png");
	struct cscs_report_opts o = fixture_opts("en");
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);

	/* No such run: nothing written. */
	assert_int_equal(cscs_report_workbook(st->db, 99, out, &o, &dl), CSCS_ERR_NOT_FOUND);
	assert_false(file_exists(out));
	/* A folder that does not exist. */
	char *missing = path_in(dir, "no/such/folder/report.xlsx");
	assert_int_equal(cscs_report_workbook(st->db, 2, missing, &o, &dl), CSCS_ERR_IO);
	assert_false(file_exists(missing));
	free(missing);
	/* No label catalogue for the language. */
	o.lang = "fr";
	assert_int_equal(cscs_report_workbook(st->db, 2, out, &o, &dl), CSCS_ERR_NOT_FOUND);
	assert_false(file_exists(out));
	o.lang = "en";

	/* An earlier output survives a failed rewrite, byte for byte. */
	write_ok(st, out, &o);
	size_t len_before, len_after;
	char *before = slurp(out, &len_before);
	write_file(bad_logo, "GIF89a but not really", 21);
	o.logo = bad_logo;
	assert_int_equal(cscs_report_workbook(st->db, 2, out, &o, &dl), CSCS_ERR_INPUT);
	o.logo = NULL;
	char *after = slurp(out, &len_after);
	assert_int_equal(len_before, len_after);
	assert_memory_equal(before, after, len_before);
	free(after);
	assert_int_equal(count_entries(dir), 2);

	/* A failure late in the workbook (the Data quality sheet cannot read its table). */
	struct cscs_store *broken = fixture_store("ALTER TABLE source_files RENAME TO source_files_gone;");
	assert_int_equal(cscs_report_workbook(broken->db, 2, out, &o, &dl), CSCS_ERR_DB);
	after = slurp(out, &len_after);
	assert_int_equal(len_before, len_after);
	assert_memory_equal(before, after, len_before);
	free(after);
	unlink(out);
	assert_int_equal(cscs_report_workbook(broken->db, 2, out, &o, &dl), CSCS_ERR_DB);
	assert_false(file_exists(out));
	assert_int_equal(count_entries(dir), 1);
	assert_true(dl.n_errors > 0);
	cscs_store_close(broken);

	free(before);
	free(bad_logo);
	free(out);
	remove_tree(dir);
	free(dir);
	cscs_diag_list_finish(&dl);
	cscs_store_close(st);
}

/*
 * A run that never completed, with a check that has no result row and a
 * few thousand findings: written, with a warning for each oddity.
 */
static void test_workbook_odd_run(void **state)
{
	(void)state;
	struct cscs_store *st = fixture_store(
		"INSERT INTO runs(id, started_at, status, as_of, tool_version, entity_uscc)"
		" VALUES (3, '2025-07-02T00:00:00Z', 'running', '2025-06-30', '0.1.0', '91110000600037341L');"
		"INSERT INTO results(run_id, check_id, area, severity, status, n_findings)"
		" VALUES (3, 'LIC-001', 'licenses', 'high', 'fail', 3000);"
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
		" INSERT INTO findings(run_id, check_id, subject, detail, due_date, fingerprint)"
		" SELECT 3, 'LIC-001', 'L-' || i, 'expired', date('2025-01-01', '+' || (i % 400) || ' days'),"
		" 'LIC-001|L-' || i FROM n;"
		"INSERT INTO findings(run_id, check_id, subject, fingerprint) VALUES (3, 'GHOST-1', 'x', 'GHOST-1|x');");
	char *dir = scratch_dir();
	char *out = path_in(dir, "odd.xlsx");
	struct cscs_report_opts o = fixture_opts("en");
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_report_workbook(st->db, 3, out, &o, &dl), CSCS_OK);
	/* Warnings: the run did not complete, and GHOST-1 has no result. */
	assert_int_equal(dl.n_errors, 0);
	assert_int_equal(dl.n, 2);
	assert_true(file_exists(out));
	assert_int_equal(count_entries(dir), 1);
	cscs_diag_list_finish(&dl);
	free(out);
	remove_tree(dir);
	free(dir);
	cscs_store_close(st);
}

/*
 * More links than Excel allows on a sheet (65,530): past the first 65,000
 * the text is written plain, and the sheet is still written. Exercised on
 * the cell layer directly, since a run that big is slow to write whole.
 */
static void test_link_limit(void **state)
{
	(void)state;
	struct cscs_store *st = fixture_store(NULL);
	struct cscs_report_opts o = fixture_opts("en");
	struct cscs_rctx rc;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_rctx_init(&rc, st->db, 2, &o, true, &dl), CSCS_OK);
	char *dir = scratch_dir();
	char *out = path_in(dir, "links.xlsx");
	lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = dir};
	rc.wb = workbook_new_opt(out, &wo);
	assert_non_null(rc.wb);
	lxw_worksheet *ws = workbook_add_worksheet(rc.wb, "Links");
	assert_non_null(workbook_add_worksheet(rc.wb, "Checks"));
	struct cscs_rsheet sh;
	cscs_rsheet_init(&sh, &rc, "Links", ws, NULL);
	for (uint32_t row = 0; row < 65100; row++)
		cscs_rs_link(&sh, row, 0, "LIC-001", "Checks", 1, RS_LINK);
	assert_int_equal(sh.n_links, 65000);
	assert_int_equal(cscs_rsheet_finish(&sh), CSCS_OK);
	assert_int_equal(workbook_close(rc.wb), LXW_NO_ERROR);
	rc.wb = NULL;
	assert_true(file_exists(out));
	cscs_rctx_finish(&rc);
	assert_int_equal(dl.n, 0);
	cscs_diag_list_finish(&dl);
	free(out);
	remove_tree(dir);
	free(dir);
	cscs_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_counts),
		cmocka_unit_test(test_model_orders),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_logo_scale),
		cmocka_unit_test(test_workbook_written),
		cmocka_unit_test(test_workbook_failures),
		cmocka_unit_test(test_workbook_odd_run),
		cmocka_unit_test(test_link_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
