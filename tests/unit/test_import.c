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

#include "cscs/core/buf.h"
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
				   " AND level = 'warning'"), 1);
	/* a row with a value beyond the header whose columns cannot be told: its values are unknown, not guessed */
	assert_int_equal(scalar(f, "SELECT count(*) FROM unknown_values WHERE record_table = 'licenses' AND line = 4"), 3);
	assert_int_equal(cscs_import_file(f->st->db, FIX "ragged/licenses.csv", "no_such_type", &f->opts, &sum, &f->dl),
			 CSCS_ERR_USAGE);
	/* lists replace list entries only */
	assert_int_equal(cscs_import_lists(f->st->db, FIX "good/lists", &f->opts, &sum, &f->dl), CSCS_OK);
	assert_int_equal(sum.n_list_rows, 2);
	assert_int_equal(scalar(f, "SELECT count(*) FROM list_entries"), 2);
	assert_int_equal(scalar(f, "SELECT count(*) FROM licenses"), 4);
	/*
	 * the index only checks read is left for them to make (screening does
	 * not read it); made, it serves a lookup by code
	 */
	const char *has_index = "SELECT count(*) FROM sqlite_schema WHERE name = 'list_entries_uscc'";
	assert_int_equal(scalar(f, has_index), 0);
	assert_int_equal(cscs_store_make_check_indexes(f->st->db, &f->dl), CSCS_OK);
	assert_int_equal(scalar(f, has_index), 1);
	assert_int_equal(cscs_store_make_check_indexes(f->st->db, &f->dl), CSCS_OK); /* once */
	assert_int_equal(scalar(f, "SELECT count(*) FROM pragma_index_info('list_entries_uscc') WHERE name = 'uscc'"), 1);
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
	      "abnormal_operations,Total Trading Ltd,,2024-01-05\n"
	      /* totals with their count, as list exports end */
	      "合计：5条,,,\n"
	      "共 5 条记录,,,\n"
	      "Total: 5 records,,,\n"
	      "abnormal_operations,共同贸易有限公司,,2024-01-06\n",
	      fp);
	assert_int_equal(fclose(fp), 0);
	struct cscs_import_summary sum;
	assert_int_equal(cscs_import_lists(f->st->db, dir, &f->opts, &sum, &f->dl), CSCS_OK);
	assert_int_equal(sum.n_list_rows, 6);
	assert_int_equal(scalar(f, "SELECT count(*) FROM list_entries WHERE list = 'abnormal_operations'"), 6);
	for (unsigned long line = 11; line <= 13; line++)
		assert_true(has_diag(&f->dl, NULL, line, "a totals row"));
	assert_false(has_diag(&f->dl, NULL, 14, "a totals row"));
	for (unsigned long line = 4; line <= 5; line++)
		assert_true(has_diag(&f->dl, NULL, line, "a totals row"));
	for (unsigned long line = 7; line <= 8; line++)
		assert_true(has_diag(&f->dl, NULL, line, "a note"));
	assert_false(has_diag(&f->dl, NULL, 10, "a totals row"));
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}


/* Every row of every table but those holding times (imports, schema_migrations), in rowid order, as text. */
static void dump_tables(sqlite3 *db, struct cscs_buf *out)
{
	sqlite3_stmt *tables;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table'"
					    " AND name NOT IN ('imports', 'schema_migrations')"
					    " AND name NOT LIKE 'sqlite_%' ORDER BY name", -1, &tables, NULL), SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		char *sql = sqlite3_mprintf("SELECT * FROM \"%w\" ORDER BY rowid", (const char *)sqlite3_column_text(tables, 0));
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		sqlite3_free(sql);
		cscs_buf_addf(out, "== %s\n", (const char *)sqlite3_column_text(tables, 0));
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(st); i++)
				cscs_buf_addf(out, "%s%s", i ? "|" : "",
					      sqlite3_column_type(st, i) == SQLITE_NULL ? "NULL"
										    : (const char *)sqlite3_column_text(st, i));
			cscs_buf_addc(out, '\n');
		}
		sqlite3_finalize(st);
	}
	sqlite3_finalize(tables);
	/* the schema too: the indexes dropped for the import are made again */
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
					    " ORDER BY name", -1, &tables, NULL), SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW)
		cscs_buf_addf(out, "%s\n", (const char *)sqlite3_column_text(tables, 0));
	sqlite3_finalize(tables);
}

/*
 * A list export as exported: a title row, a header, thousands of rows (far
 * more than one batch of the writer), codes and dates that are wrong, a
 * totals row and a note row in mid-file, a ragged row.
 */
static void write_big_list(const char *path)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("严重违法失信名单导出（截至2026年11月）\n"
	      "list,name,uscc,legal_rep_name,legal_rep_id,listed_on,removed_on,reason,authority\n", fp);
	for (int i = 0; i < 30000; i++) {
		if (i == 12000)
			fputs("合计,,,,,,,,\n", fp);
		if (i == 20000)
			fputs("备注：以上为导出,,,,,,,,\n", fp);
		fprintf(fp, "serious_illegal,%s%05d贸易有限公司,%s,张%d,%s,%s,%s,%s,某市市场监督管理局%s\n",
			i % 3 ? "深圳市恒通" : "广州鑫达", i,
			i % 7 == 0 ? "91440300MA5XXXXXX1" : i % 7 == 1 ? "" : "91440300MA5FQ3RK2B",
			i % 100, i % 13 == 0 ? "440301199001011234" : "",
			i % 11 == 0 ? "2024-02-30" : i % 11 == 1 ? "2024年3月5日" : "2023-06-01",
			i % 17 == 0 ? "2025-01-01" : "", i % 5 ? "弄虚作假" : "\"other, see file\"",
			i == 29999 ? ",extra" : "");
	}
	assert_int_equal(fclose(fp), 0);
}

/*
 * Import src (a pack, or lists when lists is true) into a new store, with
 * or without the writer thread; its tables into db, its messages into msgs.
 */
static void import_dump(const char *src, bool lists, uint64_t writer_min, enum cscs_error want, struct cscs_buf *db,
			struct cscs_buf *msgs)
{
	struct fx *f;
	assert_int_equal(setup((void **)&f), 0);
	cscs_import_writer_min = writer_min;
	struct cscs_import_summary sum;
	enum cscs_error err = lists ? cscs_import_lists(f->st->db, src, &f->opts, &sum, &f->dl)
				    : cscs_import_pack(f->st->db, src, &f->opts, &sum, &f->dl);
	cscs_import_writer_min = 1u << 20;
	assert_int_equal(err, want);
	assert_true(sqlite3_get_autocommit(f->st->db));
	cscs_buf_addf(db, "rows %zu lists %zu flagged %zu unknown %zu\n", sum.n_rows, sum.n_list_rows, sum.n_flagged,
		      sum.n_unknown);
	dump_tables(f->st->db, db);
	for (size_t i = 0; i < f->dl.n; i++)
		cscs_buf_addf(msgs, "%d %s:%lu:%lu %s\n", (int)f->dl.items[i].level,
			      f->dl.items[i].file ? f->dl.items[i].file : "", f->dl.items[i].line, f->dl.items[i].col,
			      f->dl.items[i].message);
	teardown((void **)&f);
}

/*
 * The rows of a large import are stored by a second thread (writeq.h):
 * the database and the messages are the same as when they are stored
 * inline, for packs as users have them and a list export larger than a
 * batch, and a failed import leaves nothing either way.
 */
static void test_writer_thread_same_result(void **state)
{
	(void)state;
	char dir[] = "/tmp/cscs-test-writer-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[sizeof(dir) + 32];
	snprintf(path, sizeof(path), "%s/serious_illegal.csv", dir);
	write_big_list(path);
	struct {
		const char *src;
		bool lists;
		enum cscs_error want;
	} cases[] = {
		{FIX "good", false, CSCS_OK},
		{FIX "bad_values", false, CSCS_OK},
		{FIX "impossible_dates", false, CSCS_OK},
		{FIX "unknown_column", false, CSCS_OK},
		{FIX "ragged", false, CSCS_OK},
		{CSCS_TEST_SRCDIR "/examples/acme-trading", false, CSCS_OK},
		{FIX "rollback", false, CSCS_ERR_INPUT},
		{dir, true, CSCS_OK},
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct cscs_buf inline_db = CSCS_BUF_INIT, thread_db = CSCS_BUF_INIT;
		struct cscs_buf inline_msg = CSCS_BUF_INIT, thread_msg = CSCS_BUF_INIT;
		import_dump(cases[c].src, cases[c].lists, UINT64_MAX, cases[c].want, &inline_db, &inline_msg);
		import_dump(cases[c].src, cases[c].lists, 0, cases[c].want, &thread_db, &thread_msg);
		assert_false(inline_db.oom || thread_db.oom || inline_msg.oom || thread_msg.oom);
		assert_string_equal(cscs_buf_str(&inline_db), cscs_buf_str(&thread_db));
		assert_string_equal(cscs_buf_str(&inline_msg), cscs_buf_str(&thread_msg));
		if (cases[c].lists) {
			/* the big list: every row kept, the rows that are no records and the unknown values named */
			assert_non_null(strstr(cscs_buf_str(&thread_db), "rows 0 lists 30000 "));
			assert_non_null(strstr(cscs_buf_str(&thread_msg), ":12003:0 a totals row"));
			assert_non_null(strstr(cscs_buf_str(&thread_msg), ":20004:0 a note row"));
			assert_non_null(strstr(cscs_buf_str(&thread_msg), ":3:"));
		}
		cscs_buf_finish(&inline_db);
		cscs_buf_finish(&thread_db);
		cscs_buf_finish(&inline_msg);
		cscs_buf_finish(&thread_msg);
	}
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
		cmocka_unit_test(test_writer_thread_same_result),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
