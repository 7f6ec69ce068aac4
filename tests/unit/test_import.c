/* The importer as a library: packs, single files, lists, transactions and provenance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cscs/intake/import.h"
#include "cscs/store/store.h"

#ifdef NDEBUG
#error "these tests rely on assert()"
#endif

#define FIX CSCS_TEST_SRCDIR "/tests/fixtures/intake/"

struct fx {
	struct cscs_store *st;
	struct cscs_diag_list dl;
	struct cscs_import_opts opts; /* the shipped vocabulary */
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	cscs_diag_list_init(&f->dl);
	assert_int_equal(cscs_store_open(&f->st, NULL, &f->dl), CSCS_OK);
	struct cscs_vocab *voc = cscs_vocab_new();
	assert_int_equal(cscs_vocab_load(voc, CSCS_TEST_SRCDIR "/templates/vocabulary.tsv", true, &f->dl), CSCS_OK);
	f->opts.vocab = voc;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	cscs_store_close(f->st);
	cscs_diag_list_finish(&f->dl);
	cscs_vocab_free((struct cscs_vocab *)f->opts.vocab);
	free(f);
	return 0;
}

static long long scalar(struct fx *f, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(f->st->db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static bool has_diag(const struct cscs_diag_list *dl, const char *file, unsigned long line, const char *text)
{
	for (size_t i = 0; i < dl->n; i++)
		if ((!file || (dl->items[i].file && strcmp(dl->items[i].file, file) == 0)) &&
		    (!line || dl->items[i].line == line) && strstr(dl->items[i].message, text))
			return true;
	return false;
}

static void test_pack(void **state)
{
	struct fx *f = *state;
	struct cscs_import_summary sum;
	assert_int_equal(cscs_import_pack(f->st->db, FIX "good", &f->opts, &sum, &f->dl), CSCS_OK);
	assert_int_equal(sum.n_files, 10);
	assert_int_equal(sum.n_rows, 25);
	assert_int_equal(sum.n_list_rows, 2);
	assert_int_equal(sum.n_rejected, 0);
	assert_int_equal(sum.n_flagged, 1);
	assert_int_equal(f->dl.n_errors, 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM licenses"), 6);
	assert_int_equal(scalar(f, "SELECT max(id) FROM imports"), sum.import_id);
	assert_int_equal(scalar(f, "SELECT count(*) FROM source_files WHERE import_id = (SELECT max(id) FROM imports)"
				   " AND length(sha256) = 64 AND size > 0"), 10);
	assert_true(has_diag(&f->dl, "README.txt", 0, "matches no record type"));
	/* the same store is left at its usual cache size */
	assert_int_equal(scalar(f, "PRAGMA cache_size"), -65536);
}

static void test_failure_rolls_back(void **state)
{
	struct fx *f = *state;
	struct cscs_import_summary sum;
	assert_int_equal(cscs_import_pack(f->st->db, FIX "good", &f->opts, &sum, &f->dl), CSCS_OK);
	long long before = scalar(f, "SELECT (SELECT count(*) FROM licenses) * 1000000 + (SELECT count(*) FROM imports)"
				     " * 1000 + (SELECT count(*) FROM source_files)");
	const char *bad[] = {"rollback", "undecodable", "two_entities", "no_entity"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char path[512];
		snprintf(path, sizeof(path), FIX "%s", bad[i]);
		assert_int_equal(cscs_import_pack(f->st->db, path, &f->opts, &sum, &f->dl), CSCS_ERR_INPUT);
		assert_int_equal(sum.n_rows, 0);
		assert_true(sqlite3_get_autocommit(f->st->db));
		long long after = scalar(f, "SELECT (SELECT count(*) FROM licenses) * 1000000 + (SELECT count(*) FROM imports)"
					    " * 1000 + (SELECT count(*) FROM source_files)");
		assert_int_equal(before, after);
	}
	assert_true(has_diag(&f->dl, "partners.csv", 3, "unterminated quote"));
	assert_true(has_diag(&f->dl, "entity.csv", 3, "exactly one row"));
}

/* A file whose header cannot be found is recorded unreadable; the import goes on. */
static void test_header_not_found(void **state)
{
	struct fx *f = *state;
	struct cscs_import_summary sum;
	assert_int_equal(cscs_import_pack(f->st->db, FIX "missing_column", NULL, &sum, &f->dl), CSCS_OK);
	assert_int_equal(scalar(f, "SELECT count(*) FROM source_files WHERE state = 'unreadable'"
				   " AND path = 'licenses.csv'"), 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM data_issues WHERE level = 'unreadable' AND line = 1"), 1);
	assert_true(has_diag(&f->dl, "licenses.csv", 1, "required column 'license_no' (证照编号) is missing"));
}

static void test_not_a_pack(void **state)
{
	struct fx *f = *state;
	struct cscs_import_summary sum;
	assert_int_equal(cscs_import_pack(f->st->db, FIX "nope", &f->opts, &sum, &f->dl), CSCS_ERR_NOT_FOUND);
	assert_int_equal(cscs_import_pack(f->st->db, FIX "good/entity.csv", &f->opts, &sum, &f->dl), CSCS_ERR_INPUT);
	assert_true(has_diag(&f->dl, NULL, 0, "a record pack is a folder or an .xlsx intake workbook"));
	assert_int_equal(cscs_import_pack(f->st->db, FIX "xlsx/not_a_workbook.xlsx", &f->opts, &sum, &f->dl),
			 CSCS_ERR_INPUT);
	struct cscs_import_opts bad_enc = {.encoding = "ebcdic", .vocab = f->opts.vocab};
	assert_int_equal(cscs_import_pack(f->st->db, FIX "good", &bad_enc, &sum, &f->dl), CSCS_ERR_USAGE);
}

static void test_single_file_and_lists(void **state)
{
	struct fx *f = *state;
	struct cscs_import_summary sum;
	assert_int_equal(cscs_import_pack(f->st->db, FIX "good", &f->opts, &sum, &f->dl), CSCS_OK);
	/* one file replaces that table only */
	assert_int_equal(cscs_import_file(f->st->db, FIX "ragged/licenses.csv", "licenses", &f->opts, &sum, &f->dl), CSCS_OK);
	assert_int_equal(sum.n_rows, 4); /* ragged rows are kept: the header decides */
	assert_int_equal(sum.n_rejected, 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM licenses"), 4);
	assert_int_equal(scalar(f, "SELECT count(*) FROM partners"), 2);
	assert_int_equal(scalar(f, "SELECT count(*) FROM data_issues WHERE import_id = (SELECT max(id) FROM imports)"
				   " AND level = 'warning'"), 2);
	assert_int_equal(cscs_import_file(f->st->db, FIX "ragged/licenses.csv", "no_such_type", &f->opts, &sum, &f->dl),
			 CSCS_ERR_USAGE);
	/* lists replace list entries only */
	assert_int_equal(cscs_import_lists(f->st->db, FIX "good/lists", &f->opts, &sum, &f->dl), CSCS_OK);
	assert_int_equal(sum.n_list_rows, 2);
	assert_int_equal(scalar(f, "SELECT count(*) FROM list_entries"), 2);
	assert_int_equal(scalar(f, "SELECT count(*) FROM licenses"), 4);
	/* a workbook given as one file: its sheet named after the type */
	assert_int_equal(cscs_import_file(f->st->db, FIX "xlsx/handmade.xlsx", "licenses", &f->opts, &sum, &f->dl),
			 CSCS_OK);
	assert_int_equal(scalar(f, "SELECT count(*) FROM licenses WHERE license_no = 'L-1' AND expires_on = '2026-02-28'"
				   " AND src_line = 3"), 1);
}

static void test_encoding_override(void **state)
{
	struct fx *f = *state;
	struct cscs_import_summary sum;
	struct cscs_import_opts o = {.encoding = "utf-8"};
	/* partners.csv is GB18030: read as UTF-8 it cannot be decoded */
	assert_int_equal(cscs_import_file(f->st->db, FIX "good/partners.csv", "partners", &o, &sum, &f->dl),
			 CSCS_ERR_INPUT);
	assert_true(has_diag(&f->dl, NULL, 1, "not valid UTF-8"));
	o.encoding = "gb18030";
	assert_int_equal(cscs_import_file(f->st->db, FIX "good/partners.csv", "partners", &o, &sum, &f->dl), CSCS_OK);
	assert_int_equal(scalar(f, "SELECT count(*) FROM partners WHERE name = '华东电子元件有限公司'"), 1);
}

static void test_clears_screening_results(void **state)
{
	struct fx *f = *state;
	struct cscs_import_summary sum;
	/* made by the screening migration (4); stale matches would name reused partner ids */
	assert_int_equal(cscs_store_exec(f->st->db,
		"INSERT INTO screen_matches(subject_kind, partner_id, score, band) VALUES ('partner', 1, 100, 'match');",
		&f->dl), CSCS_OK);
	assert_int_equal(cscs_import_pack(f->st->db, FIX "good", &f->opts, &sum, &f->dl), CSCS_OK);
	assert_int_equal(scalar(f, "SELECT count(*) FROM screen_matches"), 0);
}

/*
 * Rows that are no records are told by their text, and the answer for a
 * column's last value is kept (a list export repeats its list's name on
 * every row): a totals row right after another, a note, and records with
 * the same leading value on either side of them are each still told apart.
 */
static void test_rows_told_by_repeated_values(void **state)
{
	struct fx *f = *state;
	char dir[] = "/tmp/cscs-test-import-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[sizeof(dir) + 32];
	snprintf(path, sizeof(path), "%s/abnormal_operations.csv", dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("list,name,uscc,listed_on\n"
	      "abnormal_operations,甲贸易有限公司,,2024-01-01\n"
	      "abnormal_operations,乙贸易有限公司,,2024-01-02\n"
	      "合计,,,\n"
	      "合计,,,\n"
	      "abnormal_operations,丙贸易有限公司,,2024-01-03\n"
	      "备注：以上为导出,,,\n"
	      "备注：以上为导出,,,\n"
	      "abnormal_operations,丁贸易有限公司,,2024-01-04\n"
	      "abnormal_operations,Total Trading Ltd,,2024-01-05\n",
	      fp);
	assert_int_equal(fclose(fp), 0);
	struct cscs_import_summary sum;
	assert_int_equal(cscs_import_lists(f->st->db, dir, &f->opts, &sum, &f->dl), CSCS_OK);
	assert_int_equal(sum.n_list_rows, 5);
	assert_int_equal(scalar(f, "SELECT count(*) FROM list_entries WHERE list = 'abnormal_operations'"), 5);
	for (unsigned long line = 4; line <= 5; line++)
		assert_true(has_diag(&f->dl, NULL, line, "a totals row"));
	for (unsigned long line = 7; line <= 8; line++)
		assert_true(has_diag(&f->dl, NULL, line, "a note"));
	assert_false(has_diag(&f->dl, NULL, 10, "a totals row"));
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_pack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_single_file_and_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encoding_override, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clears_screening_results, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows_told_by_repeated_values, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
