/* The XLSX intake reader: workbooks from libxlsxwriter (shared and inline strings) and a handmade one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cmocka.h>

#include "cscs/intake/xlsx_reader.h"

#ifdef NDEBUG
#error "these tests rely on assert()"
#endif

#define FIXTURES CSCS_TEST_SRCDIR "/tests/fixtures/intake/xlsx/"

static void expect_cell(const struct cscs_xlsx_row *row, size_t i, const char *text, enum cscs_cell_kind kind)
{
	assert_true(i < row->n_cells);
	assert_string_equal(row->text[i], text);
	assert_int_equal(row->len[i], strlen(text));
	assert_int_equal(row->kind[i], kind);
}

static void write_book(const char *path, bool constant_memory)
{
	lxw_workbook_options o = {.constant_memory = constant_memory, .tmpdir = NULL};
	lxw_workbook *wb = workbook_new_opt(path, &o);
	assert_non_null(wb);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "licenses");
	workbook_add_worksheet(wb, "empty");
	lxw_format *iso = workbook_add_format(wb);
	format_set_num_format(iso, "yyyy-mm-dd");
	lxw_format *builtin = workbook_add_format(wb);
	format_set_num_format_index(builtin, 14);
	lxw_format *cn = workbook_add_format(wb);
	format_set_num_format(cn, "yyyy\"年\"m\"月\"d\"日\"");
	lxw_format *money = workbook_add_format(wb);
	format_set_num_format(money, "#,##0.00");
	worksheet_write_string(ws, 0, 0, "license_no", NULL);
	worksheet_write_string(ws, 0, 1, "expires_on", NULL);
	worksheet_write_string(ws, 0, 2, "amount", NULL);
	worksheet_write_string(ws, 1, 0, "沪-1 <&>", NULL);
	lxw_datetime d = {2026, 2, 28, 0, 0, 0};
	worksheet_write_datetime(ws, 1, 1, &d, iso);
	worksheet_write_number(ws, 1, 2, 1234.56, money);
	worksheet_write_boolean(ws, 1, 4, 1, NULL);
	/* row 3 left out; row 4 with a gap before its only cells */
	lxw_datetime d2 = {2024, 2, 29, 13, 30, 0};
	worksheet_write_datetime(ws, 3, 1, &d2, builtin);
	worksheet_write_datetime(ws, 3, 2, &d2, cn);
	worksheet_write_number(ws, 4, 0, 45717, NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void check_book(const char *path)
{
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_xlsx *x;
	assert_int_equal(cscs_xlsx_open(&x, path, "book.xlsx", &dl), CSCS_OK);
	assert_int_equal(cscs_xlsx_sheet_count(x), 2);
	assert_string_equal(cscs_xlsx_sheet_name(x, 0), "licenses");
	assert_int_equal(cscs_xlsx_sheet_begin(x, 0, &dl), CSCS_OK);
	const struct cscs_xlsx_row *row;
	assert_int_equal(cscs_xlsx_next_row(x, &row, &dl), CSCS_OK);
	assert_int_equal(row->row, 1);
	expect_cell(row, 0, "license_no", CSCS_CELL_TEXT);
	expect_cell(row, 2, "amount", CSCS_CELL_TEXT);
	assert_int_equal(cscs_xlsx_next_row(x, &row, &dl), CSCS_OK);
	assert_int_equal(row->row, 2);
	assert_int_equal(row->n_cells, 5);
	expect_cell(row, 0, "沪-1 <&>", CSCS_CELL_TEXT);
	expect_cell(row, 1, "2026-02-28", CSCS_CELL_DATE);
	expect_cell(row, 2, "1234.56", CSCS_CELL_NUMBER);
	expect_cell(row, 3, "", CSCS_CELL_TEXT);
	expect_cell(row, 4, "1", CSCS_CELL_BOOL);
	assert_int_equal(cscs_xlsx_next_row(x, &row, &dl), CSCS_OK);
	assert_int_equal(row->row, 4);
	expect_cell(row, 0, "", CSCS_CELL_TEXT);
	expect_cell(row, 1, "2024-02-29", CSCS_CELL_DATE);
	expect_cell(row, 2, "2024-02-29", CSCS_CELL_DATE);
	assert_int_equal(cscs_xlsx_next_row(x, &row, &dl), CSCS_OK);
	assert_int_equal(row->row, 5);
	expect_cell(row, 0, "45717", CSCS_CELL_NUMBER);
	assert_int_equal(cscs_xlsx_next_row(x, &row, &dl), CSCS_OK);
	assert_null(row);
	/* the other sheet has no rows; reading it again from the start works */
	assert_int_equal(cscs_xlsx_sheet_begin(x, 1, &dl), CSCS_OK);
	assert_int_equal(cscs_xlsx_next_row(x, &row, &dl), CSCS_OK);
	assert_null(row);
	assert_int_equal(cscs_xlsx_sheet_begin(x, 0, &dl), CSCS_OK);
	assert_int_equal(cscs_xlsx_next_row(x, &row, &dl), CSCS_OK);
	assert_int_equal(row->row, 1);
	cscs_xlsx_close(x);
	assert_int_equal(dl.n, 0);
	cscs_diag_list_finish(&dl);
}

static void test_shared_strings(void **state)
{
	(void)state;
	char path[] = "/tmp/cscs-test-xlsx-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	write_book(path, false);
	check_book(path);
	unlink(path);
}

static void test_inline_strings(void **state)
{
	(void)state;
	/* constant_memory mode writes inline strings instead of a shared string table */
	char path[] = "/tmp/cscs-test-xlsx-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	write_book(path, true);
	check_book(path);
	unlink(path);
}

static void test_handmade(void **state)
{
	(void)state;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_xlsx *x;
	assert_int_equal(cscs_xlsx_open(&x, FIXTURES "handmade.xlsx", NULL, &dl), CSCS_OK);
	assert_int_equal(cscs_xlsx_sheet_count(x), 2);
	assert_string_equal(cscs_xlsx_sheet_name(x, 0), "许可证照");
	assert_int_equal(cscs_xlsx_sheet_begin(x, 0, &dl), CSCS_OK);
	const struct cscs_xlsx_row *row;
	assert_int_equal(cscs_xlsx_next_row(x, &row, &dl), CSCS_OK);
	expect_cell(row, 1, "证照编号", CSCS_CELL_TEXT); /* rich text runs joined, phonetic run left out */
	assert_int_equal(cscs_xlsx_next_row(x, &row, &dl), CSCS_OK);
	assert_int_equal(row->row, 3);
	expect_cell(row, 0, "食品 & 饮料", CSCS_CELL_TEXT);
	expect_cell(row, 1, "L-1", CSCS_CELL_TEXT);
	expect_cell(row, 2, "2026-02-28", CSCS_CELL_DATE); /* 1904 date system, custom 年月日 format */
	assert_int_equal(cscs_xlsx_next_row(x, &row, &dl), CSCS_OK);
	expect_cell(row, 0, "公式", CSCS_CELL_TEXT);
	expect_cell(row, 1, "12345", CSCS_CELL_NUMBER);
	expect_cell(row, 2, "2026-02-28", CSCS_CELL_DATE);
	assert_int_equal(cscs_xlsx_next_row(x, &row, &dl), CSCS_OK);
	assert_int_equal(row->row, 5);
	expect_cell(row, 0, "#N/A", CSCS_CELL_TEXT);
	expect_cell(row, 2, "1.5", CSCS_CELL_NUMBER); /* [h]:mm:ss is a duration, not a date */
	expect_cell(row, 4, "1", CSCS_CELL_BOOL);
	assert_int_equal(cscs_xlsx_next_row(x, &row, &dl), CSCS_OK);
	assert_int_equal(row->row, 7); /* row 6 has only an empty cell */
	expect_cell(row, 1, "1904-01-01", CSCS_CELL_DATE);
	expect_cell(row, 2, "1904-01-02", CSCS_CELL_DATE);
	assert_int_equal(cscs_xlsx_next_row(x, &row, &dl), CSCS_OK);
	assert_null(row);
	cscs_xlsx_close(x);
	cscs_diag_list_finish(&dl);
}

static void test_not_a_workbook(void **state)
{
	(void)state;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_xlsx *x = NULL;
	assert_int_equal(cscs_xlsx_open(&x, FIXTURES "not_a_workbook.xlsx", "n.xlsx", &dl), CSCS_ERR_INPUT);
	assert_null(x);
	assert_non_null(strstr(dl.items[0].message, "not an XLSX workbook"));
	cscs_diag_list_finish(&dl);
	cscs_xlsx_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_strings),
		cmocka_unit_test(test_inline_strings),
		cmocka_unit_test(test_handmade),
		cmocka_unit_test(test_not_a_workbook),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
