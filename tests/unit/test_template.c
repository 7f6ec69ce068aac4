/* Templates written from the registry, read back by the intake readers; the records reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cscs/intake/csv.h"
#include "cscs/intake/records.h"
#include "cscs/intake/template.h"
#include "cscs/intake/xlsx_reader.h"

#ifdef NDEBUG
#error "these tests rely on assert()"
#endif

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/cscs-test-template-XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static bool exists(const char *rel)
{
	char path[256];
	struct stat st;
	snprintf(path, sizeof(path), "%s/out/%s", dir, rel);
	return stat(path, &st) == 0;
}

static void check_workbook(bool zh)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/out/intake.xlsx", dir);
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_xlsx *x;
	assert_int_equal(cscs_xlsx_open(&x, path, NULL, &dl), CSCS_OK);
	size_t n_types;
	const struct cscs_record_type *types = cscs_record_types(&n_types);
	/* first the instructions, which import passes over */
	assert_string_equal(cscs_xlsx_sheet_name(x, 0), CSCS_TEMPLATE_INSTRUCTIONS);
	size_t sheet = 1;
	for (size_t t = 0; t < n_types; t++) {
		if (types[t].is_list_export)
			continue;
		assert_string_equal(cscs_xlsx_sheet_name(x, sheet), zh ? types[t].zh : types[t].name);
		assert_int_equal(cscs_xlsx_sheet_begin(x, sheet, &dl), CSCS_OK);
		const struct cscs_xlsx_row *row;
		assert_int_equal(cscs_xlsx_next_row(x, &row, &dl), CSCS_OK);
		assert_int_equal(row->n_cells, types[t].n_fields);
		for (size_t i = 0; i < row->n_cells; i++)
			assert_string_equal(row->text[i], zh ? types[t].fields[i].zh : types[t].fields[i].name);
		assert_int_equal(cscs_xlsx_next_row(x, &row, &dl), CSCS_OK);
		assert_null(row); /* blank below the header */
		sheet++;
	}
	assert_int_equal(cscs_xlsx_sheet_count(x), sheet);
	cscs_xlsx_close(x);
	cscs_diag_list_finish(&dl);
}

static struct cscs_vocab *shipped_vocab(void)
{
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_vocab *v = cscs_vocab_new();
	assert_non_null(v);
	assert_int_equal(cscs_vocab_load(v, CSCS_TEST_SRCDIR "/templates/vocabulary.tsv", true, &dl), CSCS_OK);
	cscs_diag_list_finish(&dl);
	return v;
}

static void test_write_and_refuse(void **state)
{
	(void)state;
	char out[128];
	snprintf(out, sizeof(out), "%s/out", dir);
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_vocab *voc = shipped_vocab();
	struct cscs_template_opts opts = {.vocab = voc};
	size_t n = 0;
	/* the default: the workbook alone */
	assert_int_equal(cscs_template_write(out, &opts, &n, &dl), CSCS_OK);
	assert_int_equal(n, 1);
	check_workbook(false);
	assert_false(exists("licenses.csv"));
	assert_false(exists("lists"));
	/* the CSV files alone, beside it (the workbook is not in the way: it is not written) */
	opts.format = CSCS_TEMPLATE_CSV;
	assert_int_equal(cscs_template_write(out, &opts, &n, &dl), CSCS_OK);
	assert_int_equal(n, 20); /* one CSV per record type */
	assert_true(exists("licenses.csv"));
	assert_true(exists("lists/list_entries.csv"));
	assert_false(exists("list_entries.csv"));

	/* the CSV header row, behind a BOM */
	char path[256];
	snprintf(path, sizeof(path), "%s/licenses.csv", out);
	struct cscs_csv_reader *r;
	assert_int_equal(cscs_csv_open(&r, path, NULL, NULL, &dl), CSCS_OK);
	const struct cscs_csv_row *row;
	assert_int_equal(cscs_csv_next(r, &row, &dl), CSCS_OK);
	const struct cscs_record_type *lic = cscs_record_type_find("licenses");
	assert_int_equal(row->n_fields, lic->n_fields);
	assert_string_equal(row->fields[0], "license_type");
	cscs_csv_close(r);

	/* an existing file: nothing is written, not even the missing ones */
	snprintf(path, sizeof(path), "%s/payroll.csv", out);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(cscs_template_write(out, &opts, &n, &dl), CSCS_ERR_INPUT);
	assert_int_equal(n, 0);
	assert_false(exists("payroll.csv"));
	assert_non_null(strstr(dl.items[dl.n - 1].message, "already exists"));

	opts.force = true;
	opts.zh = true;
	assert_int_equal(cscs_template_write(out, &opts, &n, &dl), CSCS_OK);
	assert_true(exists("payroll.csv"));
	opts.format = CSCS_TEMPLATE_XLSX;
	assert_int_equal(cscs_template_write(out, &opts, &n, &dl), CSCS_OK);
	check_workbook(true);
	cscs_diag_list_finish(&dl);
	cscs_vocab_free(voc);
}

static void test_records_doc(void **state)
{
	(void)state;
	struct cscs_buf b = CSCS_BUF_INIT;
	struct cscs_vocab *voc = shipped_vocab();
	cscs_records_doc(&b, voc);
	const char *doc = cscs_buf_str(&b);
	size_t n_types;
	const struct cscs_record_type *types = cscs_record_types(&n_types);
	char want[256];
	for (size_t t = 0; t < n_types; t++) {
		snprintf(want, sizeof(want), "\n## %s\n", types[t].name);
		assert_non_null(strstr(doc, want));
		for (size_t i = 0; i < types[t].n_fields; i++) {
			const struct cscs_field *f = &types[t].fields[i];
			snprintf(want, sizeof(want), "| `%s` | %s | %s | %s |", f->name, f->zh, cscs_field_type_name(f->type),
				 f->required ? "yes" : "no");
			if (!strstr(doc, want))
				fail_msg("records doc lacks '%s'", want);
		}
	}
	assert_non_null(strstr(doc, "`valid` 有效; `suspended` 暂扣"));
	assert_non_null(strstr(doc, "| `valid` | 有效 | active, 正常"));
	assert_non_null(strstr(doc, "\n### Vocabulary `case_status`\n"));
	cscs_buf_finish(&b);
	cscs_vocab_free(voc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_and_refuse, setup, teardown),
		cmocka_unit_test(test_records_doc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
