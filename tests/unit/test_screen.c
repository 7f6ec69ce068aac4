/* Screening end to end on a store: matches, statuses, exposure, index reuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <minizip/unzip.h>
#include <unistd.h>

#include "cscs/ident/uscc.h"
#include "cscs/screen/index.h"
#include "cscs/screen/output.h"
#include "cscs/screen/screen.h"
#include "cscs/store/store.h"

#ifdef NDEBUG
#error "these tests need assert()"
#endif

#define USCC_A "913100004JURQ2830Y"
#define USCC_B "91310000FQEFLCR61X"
#define USCC_C "914403003F0WTCDK3E"
#define USCC_D "91110000600037341L"
#define ID_A "310101199801234567"

static const char lists_sql[] =
	"INSERT INTO list_entries(src_file, src_line, list, name, uscc, legal_rep_name, legal_rep_id,"
	" listed_on,"
	" removed_on) VALUES"
	" (1, 2, 'serious_illegal', '华东电子元件有限公司', '" USCC_A "', '张三', '" ID_A "', '2024-01-01', NULL),"
	" (1, 3, 'abnormal_operations', '恒通物流有限公司', '" USCC_B "', '李四', NULL, '2021-01-01', '2023-05-01'),"
	" (1, 4, 'judgment_defaulter', '上海华东贸易有限公司', NULL, '王五', NULL, '2024-02-01', NULL),"
	" (1, 5, 'red_list', '绿源环保科技有限公司', NULL, NULL, NULL, '2023-01-01', NULL),"
	" (1, 6, 'abnormal_operations', '华东电子元件有限公司', '" USCC_C "', NULL, NULL, '2024-03-01', NULL),"
	" (1, 7, 'abnormal_operations', '远方重型机械制造有限公司', NULL, NULL, NULL, '2024-03-01', NULL),"
	" (1, 8, 'abnormal_operations', '北方精密仪器有限公司', NULL, NULL, NULL, '2024-03-01', NULL),"
	" (1, 9, 'abnormal_operations', '南海船舶修造有限公司', NULL, NULL, NULL, '2024-03-01', NULL),"
	" (1, 11, 'serious_illegal', '海岸线贸易有限公司', NULL, NULL, NULL, '2022-03-01', '2025-06-30'),"
	" (1, 12, 'wage_arrears', '未来之星咨询有限公司', NULL, NULL, NULL, '2025-07-01', NULL);";

static const char partners_sql[] =
	"INSERT INTO partners(id, src_file, src_line, name, uscc, spend) VALUES"
	" (1, 2, 2, '华东电子元件股份有限公司', '" USCC_A "', 100000000),"
	" (2, 2, 3, '恒通物流有限公司', NULL, 20000000),"
	" (3, 2, 4, '上海华东贸易有限公司浦东分公司', NULL, 30000000),"
	" (4, 2, 5, '绿源环保科技有限公司', NULL, 40000000),"
	" (5, 2, 6, '星辰软件开发有限公司', NULL, NULL),"
	" (6, 2, 7, '远方重型机械制造销售有限公司', NULL, 10000000),"
	" (7, 2, 8, '海岸线贸易有限公司', NULL, NULL),"
	" (8, 2, 9, '未来之星咨询有限公司', NULL, NULL);"
	"INSERT INTO entity(src_file, src_line, name, uscc, legal_rep_name, legal_rep_id) VALUES"
	" (3, 2, '测试实业有限公司', '" USCC_D "', '张三', '" ID_A "');";

struct fixture {
	struct cscs_store *st;     /* a temporary store */
	struct cscs_diag_list dl;  /* diagnostics */
};

static int setup(void **state)
{
	static struct fixture f;
	cscs_diag_list_init(&f.dl);
	if (cscs_store_open(&f.st, NULL, &f.dl) != CSCS_OK)
		return -1;
	if (cscs_store_exec(f.st->db, lists_sql, &f.dl) || cscs_store_exec(f.st->db, partners_sql, &f.dl))
		return -1;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	cscs_store_close(f->st);
	cscs_diag_list_finish(&f->dl);
	return 0;
}

static void print_diags(const struct cscs_diag_list *dl)
{
	for (size_t i = 0; i < dl->n; i++)
		print_error("%s\n", dl->items[i].message);
}

static enum cscs_error screen(struct fixture *f, int match, int review, struct cscs_screen_summary *sum)
{
	struct cscs_screen_opts o;
	cscs_date as_of;
	assert_true(cscs_date_parse_iso("2025-06-30", &as_of));
	cscs_screen_opts_init(&o, as_of);
	if (match >= 0)
		o.match_score = match;
	if (review >= 0)
		o.review_score = review;
	enum cscs_error err = cscs_screen_run(f->st->db, &o, sum, &f->dl);
	if (err && err != CSCS_ERR_USAGE)
		print_diags(&f->dl);
	return err;
}

/* One text value of a query with one int64 parameter, "" for NULL, "(none)" without a row. */
static const char *query(struct fixture *f, const char *sql, int64_t arg)
{
	static char out[1024];
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(f->st->db, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, arg);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		snprintf(out, sizeof(out), "%s", t ? t : "");
	} else {
		snprintf(out, sizeof(out), "(none)");
	}
	sqlite3_finalize(st);
	return out;
}

static void test_statuses(void **state)
{
	struct fixture *f = *state;
	struct cscs_screen_summary sum;
	assert_int_equal(screen(f, -1, -1, &sum), CSCS_OK);
	assert_int_equal(sum.n_partners, 8);
	assert_int_equal(sum.n_list_entries, 10);
	assert_true(sum.index_rebuilt);

	const char *status = "SELECT status || '|' || coalesce(lists, '') || '|'"
			     " || coalesce(review_lists, '') || '|'"
			     " || coalesce(historical_lists, '') FROM partner_status WHERE partner_id = ?";
	/* same USCC on the serious-illegal list: listed; the same name with another USCC stays clear */
	assert_string_equal(query(f, status, 1), "listed|serious_illegal||");
	assert_string_equal(query(f, "SELECT group_concat(score || ' ' || band || ' ' || list, '; ') FROM"
				     " (SELECT * FROM screen_matches WHERE partner_id = ? ORDER BY rank)", 1),
			    "100 match serious_illegal; 45 clear abnormal_operations");
	assert_non_null(strstr(query(f,
		"SELECT explanation FROM screen_matches WHERE partner_id = ? AND rank = 1", 1),
			       "same USCC " USCC_A));
	assert_non_null(strstr(query(f,
		"SELECT explanation FROM screen_matches WHERE partner_id = ? AND rank = 2", 1),
			       "different USCCs " USCC_A " / " USCC_C " (-50)"));
	/* removed before the as-of date: historical, reported apart, status clear */
	assert_string_equal(query(f, status, 2), "clear|||abnormal_operations");
	assert_string_equal(query(f,
		"SELECT historical || ' ' || band FROM screen_matches WHERE partner_id = ?", 2),
			    "1 match");
	assert_non_null(strstr(query(f, "SELECT explanation FROM screen_matches WHERE partner_id = ?", 2),
			       "removed from the list on 2023-05-01, by 2025-06-30 (historical)"));
	/* a branch of a listed company: review */
	assert_string_equal(query(f, status, 3), "review||judgment_defaulter|");
	assert_non_null(strstr(query(f, "SELECT explanation FROM screen_matches WHERE partner_id = ?", 3),
			       "branch marker differs: 浦东分公司 / none (-20)"));
	/* on the red list only: a match, but not an adverse listing */
	assert_string_equal(query(f, status, 4), "clear|||");
	assert_string_equal(query(f, "SELECT band || ' ' || list FROM screen_matches WHERE partner_id = ?",
		4),
			    "match red_list");
	/* nothing similar */
	assert_string_equal(query(f, status, 5), "clear|||");
	assert_string_equal(query(f, "SELECT count(*) FROM screen_matches WHERE partner_id = ?", 5), "0");
	/* a similar name: review, with its similarity */
	assert_string_equal(query(f, status, 6), "review||abnormal_operations|");
	assert_non_null(strstr(query(f, "SELECT explanation FROM screen_matches WHERE partner_id = ?", 6),
			       "% similar after normalisation: 远方重型机械制造销售 / 远方重型机械制造"));
	assert_int_equal(sum.n_listed, 1);
	assert_int_equal(sum.n_review, 2);
	/* removed on the as-of date itself: no longer current */
	assert_string_equal(query(f, status, 7), "clear|||serious_illegal");
	assert_non_null(strstr(query(f, "SELECT explanation FROM screen_matches WHERE partner_id = ?", 7),
			       "removed from the list on 2025-06-30, by 2025-06-30 (historical)"));
	/* listed after the as-of date: not yet current */
	assert_string_equal(query(f, status, 8), "clear|||wage_arrears");
	assert_non_null(strstr(query(f, "SELECT explanation FROM screen_matches WHERE partner_id = ?", 8),
			       "listed on 2025-07-01, after 2025-06-30 (not yet current)"));

	/* the entity is clear; its legal representative is on a list with the same name and number */
	assert_string_equal(sum.entity_status, "clear");
	assert_string_equal(sum.legal_rep_status, "listed");
	const char *rep = query(f, "SELECT score || ' ' || band || ' ' || explanation FROM screen_matches"
				   " WHERE subject_kind = 'legal_rep' AND ? = 0", 0);
	assert_non_null(strstr(rep, "100 match same identity number 310***********4567; same name 张三"));
	assert_null(strstr(rep, ID_A));
	assert_string_equal(query(f, "SELECT entity_status || ' ' || legal_rep_status || ' ' || n_partners"
				     " FROM screen_info WHERE id = ?", 1), "clear listed 8");
}

static void test_exposure(void **state)
{
	struct fixture *f = *state;
	struct cscs_screen_summary sum;
	assert_int_equal(screen(f, -1, -1, &sum), CSCS_OK);
	const char *row = "SELECT n_partners || ' ' || n_listed || ' ' || n_review || ' ' || n_historical"
			  " || ' ' ||"
			  " spend_total || ' ' || spend_listed || ' ' || spend_review || ' ' ||"
			  " coalesce(printf('%.4f', share_listed), '-') || ' ' ||"
			  " coalesce(printf('%.4f', share_spend_listed), '-') FROM screen_exposure WHERE list"
			" = ?1";
	sqlite3_stmt *st;
	const char *expect[][2] = {
		/* any adverse list: partner 1 listed; 3 and 6 in review; 2, 7 and 8 historical */
		{"*", "8 1 2 3 200000000 100000000 40000000 0.1250 0.5000"},
		{"serious_illegal", "8 1 0 1 200000000 100000000 0 0.1250 0.5000"},
		{"abnormal_operations", "8 0 1 1 200000000 0 10000000 0.0000 0.0000"},
		{"judgment_defaulter", "8 0 1 0 200000000 0 30000000 0.0000 0.0000"},
		{"wage_arrears", "8 0 0 1 200000000 0 0 0.0000 0.0000"},
		{"red_list", "8 1 0 0 200000000 40000000 0 0.1250 0.2000"},
	};
	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
		assert_int_equal(sqlite3_prepare_v2(f->st->db, row, -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_text(st, 1, expect[i][0], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		if (strcmp((const char *)sqlite3_column_text(st, 0), expect[i][1]) != 0)
			fail_msg("%s: got '%s', expected '%s'", expect[i][0], sqlite3_column_text(st, 0),
				expect[i][1]);
		sqlite3_finalize(st);
	}
}

static void test_thresholds_and_reuse(void **state)
{
	struct fixture *f = *state;
	struct cscs_screen_summary sum;
	/* the index built by the first run is reused by the next */
	assert_int_equal(screen(f, -1, -1, &sum), CSCS_OK);
	assert_true(sum.index_rebuilt);
	assert_int_equal(screen(f, -1, -1, &sum), CSCS_OK);
	assert_false(sum.index_rebuilt);
	/* lower thresholds: the branch becomes a match */
	assert_int_equal(screen(f, 75, 60, &sum), CSCS_OK);
	assert_string_equal(query(f, "SELECT status FROM partner_status WHERE partner_id = ?", 3), "listed");
	assert_string_equal(query(f,
		"SELECT match_score || ' ' || review_score FROM screen_info WHERE id = ?", 1),
			    "75 60");
	/* out of range */
	assert_int_equal(screen(f, 50, 60, &sum), CSCS_ERR_USAGE);
	assert_int_equal(screen(f, 101, 60, &sum), CSCS_ERR_USAGE);
	cscs_diag_list_finish(&f->dl);
	cscs_diag_list_init(&f->dl);
	/* the stored results of the last good run are still there */
	assert_string_equal(query(f, "SELECT status FROM partner_status WHERE partner_id = ?", 3), "listed");

	/* a changed list is indexed again, and what it adds is found */
	assert_int_equal(cscs_store_exec(f->st->db, "INSERT INTO list_entries(src_file, src_line, list, name)"
				       " VALUES (1, 13, 'wage_arrears', '星辰软件开发有限公司')", &f->dl), CSCS_OK);
	assert_int_equal(screen(f, -1, -1, &sum), CSCS_OK);
	assert_true(sum.index_rebuilt);
	assert_int_equal(sum.n_list_entries, 11);
	assert_string_equal(query(f, "SELECT status || ' ' || lists FROM partner_status WHERE partner_id = ?",
		5),
			    "listed wage_arrears");
	/* a forced rebuild gives the same results */
	struct cscs_screen_opts o;
	cscs_screen_opts_init(&o, 0);
	assert_true(cscs_date_parse_iso("2025-06-30", &o.as_of));
	o.rebuild_index = true;
	assert_int_equal(cscs_screen_run(f->st->db, &o, &sum, &f->dl), CSCS_OK);
	assert_true(sum.index_rebuilt);
	assert_int_equal(sum.n_listed, 2);
}

/* The stored index as one text: every chunk's id range and bytes, the bucket table, the list counts. */
static char *index_dump(struct fixture *f)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(f->st->db,
		"SELECT (SELECT group_concat(seq || ':' || first_id || ':' || n_entries || ':' || hex(data), ',')"
		" FROM (SELECT * FROM list_index_chunks ORDER BY seq))"
		" || '|' || (SELECT hex(ranks) || ':' || n_entries FROM list_index_meta)"
		" || '|' || (SELECT group_concat(list || ':' || n_entries, ',')"
		" FROM (SELECT * FROM list_index_lists ORDER BY list))", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *out = strdup((const char *)sqlite3_column_text(st, 0));
	assert_non_null(out);
	sqlite3_finalize(st);
	return out;
}

/*
 * More entries than fit in one chunk (65,536): the finished chunks of the
 * build go to a temporary file and come back a batch at a time. The index
 * is byte for byte the one built wholly in memory, and screening finds a
 * partner through an entry of a spilled chunk.
 */
static void test_spilled_index(void **state)
{
	struct fixture *f = *state;
	struct cscs_screen_summary sum;
	assert_int_equal(cscs_store_exec(f->st->db,
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 140000)"
		" INSERT INTO list_entries(src_file, src_line, list, name, listed_on)"
		" SELECT 1, 100 + i, CASE i % 3 WHEN 0 THEN 'abnormal_operations' ELSE 'serious_illegal' END,"
		" '测试' || char(0x4E00 + i % 5000) || char(0x4E00 + (i / 5000) % 5000) || char(0x5E00 + i % 97)"
		" || '科技有限公司', '2024-01-01' FROM n", &f->dl), CSCS_OK);
	/* a partner named as entry 1,234 is (in the first chunk, which is spilled) */
	assert_int_equal(cscs_store_exec(f->st->db,
		"INSERT INTO partners(id, src_file, src_line, name) SELECT 99, 2, 99, name FROM list_entries"
		" WHERE src_line = 1334", &f->dl), CSCS_OK);
	cscs_screen_index_spill = true;
	assert_int_equal(screen(f, -1, -1, &sum), CSCS_OK);
	assert_true(sum.index_rebuilt);
	assert_int_equal(sum.n_list_entries, 140010);
	assert_string_equal(query(f, "SELECT status FROM partner_status WHERE partner_id = ?", 99), "listed");
	char *spilled = index_dump(f);
	assert_true(strlen(spilled) > 4u << 20);

	struct cscs_screen_opts o;
	cscs_screen_opts_init(&o, 0);
	assert_true(cscs_date_parse_iso("2025-06-30", &o.as_of));
	o.rebuild_index = true;
	cscs_screen_index_spill = false;
	assert_int_equal(cscs_screen_run(f->st->db, &o, &sum, &f->dl), CSCS_OK);
	cscs_screen_index_spill = true;
	assert_true(sum.index_rebuilt);
	char *in_memory = index_dump(f);
	assert_true(strcmp(spilled, in_memory) == 0);
	assert_string_equal(query(f, "SELECT status FROM partner_status WHERE partner_id = ?", 99), "listed");
	free(spilled);
	free(in_memory);
}

/* The first row of sql, its columns joined by '|' (NULL as ""), or "(none)". */
static const char *row_of(sqlite3 *db, const char *sql)
{
	static char out[1024];
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	snprintf(out, sizeof(out), "(none)");
	if (sqlite3_step(q) == SQLITE_ROW) {
		size_t at = 0;
		out[0] = '\0';
		for (int i = 0; i < sqlite3_column_count(q); i++) {
			const char *t = (const char *)sqlite3_column_text(q, i);
			at += (size_t)snprintf(out + at, sizeof(out) - at, "%s%s", i ? "|" : "", t ? t : "");
			assert_true(at < sizeof(out));
		}
	}
	sqlite3_finalize(q);
	return out;
}

/* A valid USCC of a Shanghai company numbered n (both check characters computed). */
static void valid_uscc(int n, char out[19])
{
	char org[16];
	snprintf(org, sizeof(org), "%08d", 10000000 + (n % 1000) * 7919);
	assert_int_equal(strlen(org), 8);
	snprintf(out, 19, "91310000%.8s%c", org, cscs_org_code_check_char(org));
	out[17] = cscs_uscc_check_char(out);
	out[18] = '\0';
	assert_true(cscs_uscc_valid(out));
}

/*
 * A store holding n entries named 上海华鑫供应链管理有限公司 (or, when
 * distinct, 上海华鑫供应链管理X有限公司 with X another character each:
 * 86 % similar), each with a valid USCC of its own, and partner 1 of that
 * name with another valid USCC (so each pair scores 45 or 36: clear).
 */
static struct cscs_store *same_name_store(int n, bool distinct, struct cscs_diag_list *dl)
{
	struct cscs_store *st;
	assert_int_equal(cscs_store_open(&st, NULL, dl), CSCS_OK);
	char code[19], sql[512];
	for (int i = 1; i <= n; i++) {
		valid_uscc(i, code);
		snprintf(sql, sizeof(sql), "INSERT INTO list_entries(src_file, src_line, list, name, uscc, listed_on)"
			" VALUES (1, %d, 'serious_illegal', '上海华鑫供应链管理' || %s || '有限公司', '%s', '2024-01-01')",
			i + 1, distinct ? "char(0x6C34 + ?1)" : "''", code);
		sqlite3_stmt *ins;
		assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &ins, NULL), SQLITE_OK);
		sqlite3_bind_int(ins, 1, i);
		assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
		sqlite3_finalize(ins);
	}
	valid_uscc(999, code);
	snprintf(sql, sizeof(sql), "INSERT INTO partners(id, src_file, src_line, name, uscc)"
		" VALUES (1, 2, 2, '上海华鑫供应链管理有限公司', '%s')", code);
	assert_int_equal(cscs_store_exec(st->db, sql, dl), CSCS_OK);
	return st;
}

/* Screen st as of 2025-06-30 with the default thresholds. */
static void screen_store(struct cscs_store *st, struct cscs_screen_summary *sum, struct cscs_diag_list *dl)
{
	struct cscs_screen_opts o;
	cscs_date as_of;
	assert_true(cscs_date_parse_iso("2025-06-30", &as_of));
	cscs_screen_opts_init(&o, as_of);
	assert_int_equal(cscs_screen_run(st->db, &o, sum, dl), CSCS_OK);
}

/*
 * Which similar names are kept is decided by their score, not by their
 * similarity alone. A partner shares its name with seven entries whose
 * valid USCCs conflict with its own (45 each: clear), and is 71 % similar
 * to an eighth without a code (71: review). The seven are more similar,
 * so keeping only the most similar few (six, as before) passed the eighth
 * over and reported the partner clear.
 */
static void test_similar_kept_by_score(void **state)
{
	(void)state;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_store *st = same_name_store(7, false, &dl);
	assert_int_equal(cscs_store_exec(st->db, "INSERT INTO list_entries(src_file, src_line, list, name, listed_on)"
		" VALUES (1, 9, 'judgment_defaulter', '川华鑫供应链管理有限公司', '2024-01-01')", &dl), CSCS_OK);
	struct cscs_screen_summary sum;
	screen_store(st, &sum, &dl);
	assert_int_equal(sum.n_review, 1);
	assert_int_equal(sum.n_similar_overflow, 0);
	assert_string_equal(row_of(st->db, "SELECT status, best_score, review_lists FROM partner_status"
		" WHERE partner_id = 1"), "review|71|judgment_defaulter");
	cscs_store_close(st);
	cscs_diag_list_finish(&dl);
}

/*
 * A name similar to more entries than are scored (64 per streaming
 * thread) is never reported clear: 70 entries are 86 % similar to the
 * partner's name, each with a valid USCC that conflicts with its own
 * (36: clear); the partner is not screened, and says why.
 */
static void test_similar_overflow(void **state)
{
	(void)state;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_store *st = same_name_store(70, true, &dl);
	assert_int_equal(cscs_store_exec(st->db, "INSERT INTO partners(id, src_file, src_line, name)"
		" VALUES (2, 2, 3, '北方精密仪器有限公司')", &dl), CSCS_OK);
	struct cscs_screen_summary sum;
	screen_store(st, &sum, &dl);
	assert_int_equal(sum.n_similar_overflow, 1);
	assert_int_equal(sum.n_not_screened, 1);
	assert_int_equal(sum.n_review + sum.n_listed, 0);
	assert_non_null(strstr(row_of(st->db, "SELECT status, reason FROM partner_status WHERE partner_id = 1"),
		"not_screened|more list entries match this one than are scored"));
	assert_string_equal(row_of(st->db, "SELECT status FROM partner_status WHERE partner_id = 2"), "clear");
	cscs_store_close(st);
	cscs_diag_list_finish(&dl);
}

/*
 * A partner found by its own USCC only on the red list, or on a list it
 * has left, is still screened by its similar names: the entry of a similar
 * name on a current adverse list (71: review) is kept, where it used to be
 * dropped because the partner was already identified, leaving it clear.
 */
static void test_identified_elsewhere(void **state)
{
	(void)state;
	static const char *const own[] = {
		"'red_list', '2024-01-01', NULL",
		"'abnormal_operations', '2022-01-01', '2023-05-01'",
	};
	for (size_t k = 0; k < 2; k++) {
		struct cscs_diag_list dl;
		cscs_diag_list_init(&dl);
		struct cscs_store *st = same_name_store(0, false, &dl);
		char sql[512];
		snprintf(sql, sizeof(sql), "INSERT INTO list_entries(src_file, src_line, list, listed_on, removed_on, name,"
			" uscc) SELECT 1, 2, %s, name, uscc FROM partners", own[k]);
		assert_int_equal(cscs_store_exec(st->db, sql, &dl), CSCS_OK);
		assert_int_equal(cscs_store_exec(st->db, "INSERT INTO list_entries(src_file, src_line, list, name,"
			" listed_on) VALUES (1, 3, 'serious_illegal', '川华鑫供应链管理有限公司', '2024-01-01')", &dl),
			CSCS_OK);
		struct cscs_screen_summary sum;
		screen_store(st, &sum, &dl);
		assert_int_equal(sum.n_review, 1);
		assert_string_equal(row_of(st->db, "SELECT status, review_lists FROM partner_status WHERE partner_id = 1"),
			"review|serious_illegal");
		cscs_store_close(st);
		cscs_diag_list_finish(&dl);
	}
}

/*
 * Entries that do not flag a partner cannot keep one that does out of the
 * ten stored: its own entry on the red list twelve times (a year's export
 * each, 100 every time) and a similar name on the serious illegal list
 * (70: review). Stored by score alone, the twelve filled the ten places
 * and the partner came out clear.
 */
static void test_red_list_years(void **state)
{
	(void)state;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_store *st = same_name_store(0, false, &dl);
	assert_int_equal(cscs_store_exec(st->db,
		"WITH RECURSIVE y(n) AS (SELECT 2013 UNION ALL SELECT n + 1 FROM y WHERE n < 2024)"
		" INSERT INTO list_entries(src_file, src_line, list, name, uscc, listed_on)"
		" SELECT 1, n - 2000, 'red_list', name, uscc, n || '-04-01' FROM y, partners;"
		"INSERT INTO list_entries(src_file, src_line, list, name, listed_on)"
		" VALUES (1, 30, 'serious_illegal', '川华鑫供应链管理有限公司', '2024-01-01')", &dl), CSCS_OK);
	struct cscs_screen_summary sum;
	screen_store(st, &sum, &dl);
	assert_string_equal(row_of(st->db, "SELECT status, best_score, review_lists FROM partner_status"
		" WHERE partner_id = 1"), "review|70|serious_illegal");
	/* the ten in order (the review, nine of its own), and one more of its own: ten in all */
	assert_string_equal(row_of(st->db, "SELECT count(*), sum(list = 'red_list') FROM screen_matches"), "11|10");
	cscs_store_close(st);
	cscs_diag_list_finish(&dl);
}

/*
 * Similar names that flag a partner (twelve, 86 % similar, no code: review)
 * do not push its own history out of what is stored: its USCC on the
 * abnormal operations list until 2023 stays among its matches, and in
 * historical_lists.
 */
static void test_own_history_kept(void **state)
{
	(void)state;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_store *st = same_name_store(0, false, &dl);
	assert_int_equal(cscs_store_exec(st->db,
		"INSERT INTO list_entries(src_file, src_line, list, name, uscc, listed_on, removed_on)"
		" SELECT 1, 2, 'abnormal_operations', name, uscc, '2021-01-01', '2023-05-01' FROM partners;"
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12)"
		" INSERT INTO list_entries(src_file, src_line, list, name, listed_on)"
		" SELECT 1, 10 + i, 'serious_illegal', '上海华鑫供应链管理' || char(0x6C34 + i) || '有限公司', '2024-01-01'"
		" FROM n", &dl), CSCS_OK);
	struct cscs_screen_summary sum;
	screen_store(st, &sum, &dl);
	assert_string_equal(row_of(st->db, "SELECT status, review_lists, historical_lists FROM partner_status"
		" WHERE partner_id = 1"), "review|serious_illegal|abnormal_operations");
	assert_string_equal(row_of(st->db, "SELECT count(*), sum(list = 'abnormal_operations' AND historical"
		" AND rule = 'uscc') FROM screen_matches"), "11|1");
	cscs_store_close(st);
	cscs_diag_list_finish(&dl);
}

/*
 * Hundreds of entries sharing a name (the branches of one bank, say)
 * cannot crowd out the entry with the subject's own code: 250 entries of
 * the partner's name with conflicting codes (45: clear), then one with its
 * code (100: listed). With one cap for both, the 201st and later were not
 * looked at and the partner came out clear. Without the entry of its code,
 * the partner is not screened: not every same-name entry was scored.
 */
static void test_same_name_crowd(void **state)
{
	(void)state;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_store *st = same_name_store(250, false, &dl);
	struct cscs_screen_summary sum;
	screen_store(st, &sum, &dl);
	assert_int_equal(sum.n_not_screened, 1);
	assert_int_equal(sum.n_similar_overflow, 1);
	assert_int_equal(cscs_store_exec(st->db, "INSERT INTO list_entries(src_file, src_line, list, name, uscc,"
		" listed_on) SELECT 1, 300, 'abnormal_operations', name, uscc, '2024-01-01' FROM partners", &dl), CSCS_OK);
	screen_store(st, &sum, &dl);
	assert_int_equal(sum.n_listed, 1);
	assert_int_equal(sum.n_not_screened, 0);
	assert_string_equal(row_of(st->db, "SELECT status, lists FROM partner_status WHERE partner_id = 1"),
		"listed|abnormal_operations");
	cscs_store_close(st);
	cscs_diag_list_finish(&dl);
}

/*
 * The stored bucket table keeps only the buckets some entry has; read
 * back, every bucket has a rank, each rank belongs to one bucket, the
 * entries' buckets rank last with their weights, and the others weigh
 * what an unseen bigram weighs. A damaged table is refused.
 */
static void test_bucket_table(void **state)
{
	struct fixture *f = *state;
	struct cscs_screen_summary sum;
	assert_int_equal(screen(f, -1, -1, &sum), CSCS_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(f->st->db, "SELECT n_entries, length(ranks) FROM list_index_meta", -1,
					    &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n_entries = sqlite3_column_int64(st, 0);
	size_t n_present = (size_t)sqlite3_column_int64(st, 1) / 4;
	sqlite3_finalize(st);
	assert_int_equal(n_entries, 10);
	assert_true(n_present > 20 && n_present < 200); /* a few kilobytes, not 16 MB */

	uint32_t *table;
	assert_int_equal(cscs_screen_index_grams(f->st->db, &table, &f->dl), CSCS_OK);
	uint8_t *seen = calloc(CSCS_GRAM_BUCKETS, 1);
	assert_non_null(seen);
	size_t n_absent = CSCS_GRAM_BUCKETS - n_present;
	unsigned unseen = cscs_screen_gram_weight(n_entries, 0);
	for (size_t b = 0; b < CSCS_GRAM_BUCKETS; b++) {
		uint32_t r = CSCS_GRAM_RANK(table[b]);
		assert_true(r < CSCS_GRAM_BUCKETS);
		assert_int_equal(seen[r], 0);
		seen[r] = 1;
		if (r < n_absent)
			assert_int_equal(CSCS_GRAM_WEIGHT(table[b]), unseen);
		else
			assert_true(CSCS_GRAM_WEIGHT(table[b]) > 0);
	}
	free(seen);
	/* a name of the list: each of its bigrams is one the entries have */
	uint32_t buckets[CSCS_GRAMS_MAX];
	const char *key = "华东电子元件";
	size_t n = cscs_screen_name_buckets(key, strlen(key), buckets, CSCS_GRAMS_MAX);
	assert_true(n >= 5);
	for (size_t i = 0; i < n; i++)
		assert_true(CSCS_GRAM_RANK(table[buckets[i]]) >= n_absent);
	cscs_screen_index_grams_free(table);

	assert_int_equal(cscs_store_exec(f->st->db, "UPDATE list_index_meta SET ranks = x'010203'", &f->dl), CSCS_OK);
	assert_int_equal(cscs_screen_index_grams(f->st->db, &table, &f->dl), CSCS_ERR_DB);
	assert_null(table);
	assert_int_equal(cscs_store_exec(f->st->db, "UPDATE list_index_meta SET ranks = x'0100000401000004'",
					 &f->dl), CSCS_OK); /* one bucket twice */
	assert_int_equal(cscs_screen_index_grams(f->st->db, &table, &f->dl), CSCS_ERR_DB);
	assert_null(table);
	cscs_diag_list_finish(&f->dl);
	cscs_diag_list_init(&f->dl);
}

/*
 * Inside a caller's transaction the stream cannot use a second connection
 * (it would not see uncommitted rows): one thread on the caller's
 * connection gives the same answers, and nothing is committed.
 */
static void test_in_transaction(void **state)
{
	struct fixture *f = *state;
	struct cscs_screen_summary a, b;
	assert_int_equal(screen(f, -1, -1, &a), CSCS_OK);
	const char *all = "SELECT group_concat(partner_id || ':' || list_entry_id || ':' || score, ' ')"
			  " FROM (SELECT * FROM screen_matches WHERE ? = 0 ORDER BY id)";
	char before[1024];
	snprintf(before, sizeof(before), "%s", query(f, all, 0));
	assert_int_equal(cscs_store_exec(f->st->db,
		"BEGIN; INSERT INTO list_entries(src_file, src_line, list, name)"
				       " VALUES (1, 13, 'wage_arrears', '星辰软件开发有限公司')", &f->dl), CSCS_OK);
	assert_int_equal(screen(f, -1, -1, &b), CSCS_OK);
	assert_true(b.index_rebuilt);
	assert_int_equal(b.n_listed, a.n_listed + 1);
	assert_string_equal(query(f, "SELECT status FROM partner_status WHERE partner_id = ?", 5), "listed");
	assert_int_equal(cscs_store_exec(f->st->db, "ROLLBACK", &f->dl), CSCS_OK);
	assert_string_equal(query(f, all, 0), before);
	/* the index rebuilt inside was rolled back with the rows: the old one fits again */
	assert_int_equal(screen(f, -1, -1, &b), CSCS_OK);
	assert_false(b.index_rebuilt);
	assert_string_equal(query(f, all, 0), before);
}

static void test_empty(void **state)
{
	(void)state;
	struct cscs_store *st;
	struct cscs_diag_list dl;
	struct cscs_screen_summary sum;
	struct cscs_screen_opts o;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_store_open(&st, NULL, &dl), CSCS_OK);
	cscs_screen_opts_init(&o, 20000);
	assert_int_equal(cscs_screen_run(st->db, &o, &sum, &dl), CSCS_OK);
	assert_int_equal(sum.n_partners, 0);
	assert_int_equal(sum.n_list_entries, 0);
	assert_string_equal(sum.entity_status, "");
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(st->db, "SELECT n_partners, share_listed FROM screen_exposure"
					    " WHERE list = '*'", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 0);
	assert_int_equal(sqlite3_column_type(q, 1), SQLITE_NULL);
	sqlite3_finalize(q);
	cscs_store_close(st);
	cscs_diag_list_finish(&dl);
}

/* A fresh store with the rows of sql, screened with the default thresholds. */
static void screen_rows(struct fixture *f, const char *sql, struct cscs_screen_summary *sum)
{
	cscs_diag_list_init(&f->dl);
	assert_int_equal(cscs_store_open(&f->st, NULL, &f->dl), CSCS_OK);
	assert_int_equal(cscs_store_exec(f->st->db, sql, &f->dl), CSCS_OK);
	assert_int_equal(screen(f, -1, -1, sum), CSCS_OK);
}

/* Partners 1, 2, ... came out with these statuses and best scores ("listed 95"). */
static void expect_statuses(struct fixture *f, const char *const *want, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_string_equal(query(f, "SELECT status || coalesce(' ' || best_score, '') FROM partner_status"
					     " WHERE partner_id = ?", (int64_t)i + 1), want[i]);
}

/* A partner written in traditional characters equals its simplified list entry. */
static void test_traditional_partner(void **state)
{
	(void)state;
	struct fixture f;
	struct cscs_screen_summary sum;
	screen_rows(&f,
		"INSERT INTO list_entries(src_file, src_line, list, name, listed_on) VALUES"
		" (1, 2, 'abnormal_operations', '深圳市前海恒通供应链管理有限公司', '2024-01-01');"
		"INSERT INTO partners(id, src_file, src_line, name) VALUES"
		" (1, 2, 2, '深圳市前海恒通供應鏈管理有限公司');", &sum);
	assert_string_equal(query(&f, "SELECT status || ' ' || best_score FROM partner_status WHERE partner_id = ?",
		1), "listed 95");
	assert_non_null(strstr(query(&f, "SELECT explanation FROM screen_matches WHERE partner_id = ?", 1),
			       "names equal after normalisation: 深圳前海恒通供应链管理"));
	cscs_store_close(f.st);
	cscs_diag_list_finish(&f.dl);
}

/*
 * A branch written in brackets, as list exports often write it, is the
 * branch written without: the branch itself (either spelling) is listed,
 * its head office is for review, and so is a branch of the head office
 * listed in brackets. Before, the whole name with its legal form stayed
 * in the key and all four came out clear.
 */
static void test_bracketed_branch(void **state)
{
	(void)state;
	struct fixture f;
	struct cscs_screen_summary sum;
	screen_rows(&f,
		"INSERT INTO list_entries(src_file, src_line, list, name, listed_on) VALUES"
		" (1, 2, 'abnormal_operations', '北京鼎嘉贸易有限责任公司（朝阳分公司）', '2024-01-01'),"
		" (1, 3, 'serious_illegal', '上海华东电子有限公司', '2024-01-01');"
		"INSERT INTO partners(id, src_file, src_line, name) VALUES"
		" (1, 2, 2, '北京鼎嘉贸易有限责任公司朝阳分公司'),"
		" (2, 2, 3, '北京鼎嘉贸易有限公司(朝阳分公司)'),"
		" (3, 2, 4, '北京鼎嘉贸易有限责任公司'),"
		" (4, 2, 5, '上海华东电子有限公司(浦东分公司)');", &sum);
	static const char *const want[] = {"listed 95", "listed 95", "review 75", "review 75"};
	expect_statuses(&f, want, 4);
	assert_non_null(strstr(query(&f, "SELECT explanation FROM screen_matches WHERE partner_id = ?", 3),
			       "branch marker differs: none / 朝阳分公司"));
	assert_int_equal(sum.n_listed, 2);
	assert_int_equal(sum.n_review, 2);
	cscs_store_close(f.st);
	cscs_diag_list_finish(&f.dl);
}

/*
 * A list entry written in both scripts is found by either: the partner in
 * Chinese, in English, and in both. Before, its key held both parts and
 * all three came out clear.
 */
static void test_both_scripts(void **state)
{
	(void)state;
	struct fixture f;
	struct cscs_screen_summary sum;
	screen_rows(&f,
		"INSERT INTO list_entries(src_file, src_line, list, name, listed_on) VALUES"
		" (1, 2, 'serious_illegal', '苏州汇丰精密机械有限公司（Suzhou Huifeng Precision Machinery Co., Ltd.）',"
		" '2024-01-01');"
		"INSERT INTO partners(id, src_file, src_line, name) VALUES"
		" (1, 2, 2, '苏州汇丰精密机械有限公司'),"
		" (2, 2, 3, 'Suzhou Huifeng Precision Machinery Co., Ltd.'),"
		" (3, 2, 4, '苏州汇丰精密机械有限公司 Suzhou Huifeng Precision Machinery Co., Ltd.'),"
		" (4, 2, 5, 'SUZHOU HUIFENG PRECISION MACHINE CO LTD');", &sum);
	/* the last: 'machine' for 'machinery', similar to the Latin spelling */
	static const char *const want[] = {"listed 95", "listed 95", "listed 95", "review 89"};
	expect_statuses(&f, want, 4);
	assert_non_null(strstr(query(&f, "SELECT explanation FROM screen_matches WHERE partner_id = ?", 2),
			       "names equal after normalisation: suzhouhuifengprecisionmachinery; compared with the"
			       " list entry's name in Latin letters, beside its Chinese name 苏州汇丰精密机械"));
	assert_int_equal(sum.n_listed, 3);
	cscs_store_close(f.st);
	cscs_diag_list_finish(&f.dl);
}

/*
 * A partner written in both scripts is found by either spelling: by its
 * Latin spelling when the list writes the company in English alone (equal,
 * and similar), by its Chinese one as before. Before, such a partner was
 * screened by its Chinese name only, and the first two came out clear.
 */
static void test_subject_both_scripts(void **state)
{
	(void)state;
	struct fixture f;
	struct cscs_screen_summary sum;
	screen_rows(&f,
		"INSERT INTO list_entries(src_file, src_line, list, name, listed_on) VALUES"
		" (1, 2, 'serious_illegal', 'Huadong Electronics Co., Ltd.', '2024-01-01'),"
		" (1, 3, 'abnormal_operations', 'SHANGHAI HENGTONG LOGISTIC CO LTD', '2024-01-01'),"
		" (1, 4, 'abnormal_operations', '宁波海天塑机有限公司', '2024-01-01');"
		"INSERT INTO partners(id, src_file, src_line, name) VALUES"
		" (1, 2, 2, '华东电子有限公司（Huadong Electronics Co., Ltd.）'),"
		" (2, 2, 3, '上海恒通物流有限公司 Shanghai Hengtong Logistics Co., Ltd.'),"
		" (3, 2, 4, 'Ningbo Haitian Plastics Machinery Co., Ltd. 宁波海天塑机有限公司'),"
		" (4, 2, 5, '华东电子有限公司');", &sum);
	/* the last: the Chinese name alone says nothing of the English entry */
	static const char *const want[] = {"listed 95", "review 89", "listed 95", "clear"};
	expect_statuses(&f, want, 4);
	assert_non_null(strstr(query(&f, "SELECT explanation FROM screen_matches WHERE partner_id = ?", 1),
			       "names equal after normalisation: huadongelectronics; compared with the subject's name"
			       " in Latin letters, beside its Chinese name 华东电子"));
	assert_non_null(strstr(query(&f, "SELECT explanation FROM screen_matches WHERE partner_id = ?", 2),
			       "similar after normalisation: shanghaihengtonglogistics / shanghaihengtonglogistic;"));
	/* one row per partner, however many spellings found it */
	assert_string_equal(query(&f, "SELECT count(*) || ' ' || count(DISTINCT partner_id) FROM partner_status"
				  " WHERE partner_id > ?", 0), "4 4");
	assert_int_equal(sum.n_partners, 4);
	assert_int_equal(sum.n_listed, 2);
	assert_int_equal(sum.n_review, 1);
	cscs_store_close(f.st);
	cscs_diag_list_finish(&f.dl);
}

/* The bytes of member name of the zip file path, NUL-terminated (freed by the caller). */
static char *zip_member(const char *path, const char *name)
{
	unzFile z = unzOpen64(path);
	assert_non_null(z);
	assert_int_equal(unzLocateFile(z, name, 1), UNZ_OK);
	unz_file_info64 info;
	assert_int_equal(unzGetCurrentFileInfo64(z, &info, NULL, 0, NULL, 0, NULL, 0), UNZ_OK);
	char *out = malloc(info.uncompressed_size + 1);
	assert_non_null(out);
	assert_int_equal(unzOpenCurrentFile(z), UNZ_OK);
	assert_int_equal(unzReadCurrentFile(z, out, (unsigned)info.uncompressed_size), (int)info.uncompressed_size);
	out[info.uncompressed_size] = '\0';
	unzCloseCurrentFile(z);
	unzClose(z);
	return out;
}

static size_t count_of(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)) != NULL; p += strlen(what))
		n++;
	return n;
}

/*
 * The Matches and Historical sheets are read on connections of their own,
 * started before the Partners sheet is written (their queries sort every
 * match first); inside the caller's transaction there is no second
 * connection and they are read on the caller's. Both workbooks hold the
 * same sheets, byte for byte, with more matches than one batch of rows
 * read ahead (1,024) on each sheet.
 */
static void test_workbook_two_connections(void **state)
{
	(void)state;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_store *st;
	assert_int_equal(cscs_store_open(&st, NULL, &dl), CSCS_OK);
	assert_int_equal(cscs_store_exec(st->db,
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2600)"
		" INSERT INTO list_entries(src_file, src_line, list, name, legal_rep_name, legal_rep_id, listed_on,"
		"  removed_on)"
		" SELECT 1, i + 1, CASE i % 3 WHEN 0 THEN 'serious_illegal' WHEN 1 THEN 'abnormal_operations'"
		"  ELSE 'judgment_defaulter' END,"
		"  '上海' || char(0x4E00 + i * 7 % 20000, 0x4E00 + i * 13 % 20000, 0x4E00 + i) || '供应链管理有限公司',"
		"  '张三', '" ID_A "', '2021-01-01', CASE WHEN i % 2 = 0 THEN '2024-01-01' END FROM n;"
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2600)"
		" INSERT INTO partners(id, src_file, src_line, name, spend)"
		" SELECT i, 2, i + 1, '上海' || char(0x4E00 + i * 7 % 20000, 0x4E00 + i * 13 % 20000, 0x4E00 + i)"
		"  || '供应链管理有限公司', i * 100 FROM n;", &dl), CSCS_OK);
	struct cscs_screen_summary sum;
	screen_store(st, &sum, &dl);
	char dir[] = "test_screen_wb.XXXXXX";
	assert_non_null(mkdtemp(dir));
	char a[64], b[64];
	snprintf(a, sizeof(a), "%s/read-apart.xlsx", dir);
	snprintf(b, sizeof(b), "%s/read-here.xlsx", dir);
	struct cscs_screen_output_opts o = {.datadir = CSCS_TEST_SRCDIR};
	sqlite3 *reader = cscs_store_open_reader(st->db);
	assert_non_null(reader); /* so the first workbook is read on connections of its own */
	sqlite3_close(reader);
	assert_int_equal(cscs_screen_write_workbook(st->db, a, &o, &dl), CSCS_OK);
	assert_int_equal(cscs_store_exec(st->db, "BEGIN", &dl), CSCS_OK);
	assert_null(cscs_store_open_reader(st->db)); /* and the second on the caller's */
	assert_int_equal(cscs_screen_write_workbook(st->db, b, &o, &dl), CSCS_OK);
	assert_int_equal(cscs_store_exec(st->db, "COMMIT", &dl), CSCS_OK);
	for (int i = 1; i <= 4; i++) {
		char name[64];
		snprintf(name, sizeof(name), "xl/worksheets/sheet%d.xml", i);
		char *x = zip_member(a, name), *y = zip_member(b, name);
		assert_string_equal(x, y);
		if (i >= 3) /* Matches, Historical: 1,300 rows each and the headings */
			assert_int_equal(count_of(x, "<row "), 1301);
		free(x);
		free(y);
	}
	assert_int_equal(unlink(a), 0);
	assert_int_equal(unlink(b), 0);
	assert_int_equal(rmdir(dir), 0);
	cscs_store_close(st);
	cscs_diag_list_finish(&dl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_statuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exposure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thresholds_and_reuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_in_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bucket_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spilled_index, setup, teardown),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_similar_kept_by_score),
		cmocka_unit_test(test_similar_overflow),
		cmocka_unit_test(test_same_name_crowd),
		cmocka_unit_test(test_identified_elsewhere),
		cmocka_unit_test(test_red_list_years),
		cmocka_unit_test(test_own_history_kept),
		cmocka_unit_test(test_traditional_partner),
		cmocka_unit_test(test_bracketed_branch),
		cmocka_unit_test(test_both_scripts),
		cmocka_unit_test(test_subject_both_scripts),
		cmocka_unit_test(test_workbook_two_connections),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
