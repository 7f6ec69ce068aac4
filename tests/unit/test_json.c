/*
 * The JSON output: string escaping, and the document of the fixture run,
 * read back with SQLite's JSON functions (an independent parser).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report_fixture.h"

#include "cscs/core/buf.h"
#include "cscs/core/json.h"

static char *escaped(const char *s, size_t len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	assert_non_null(f);
	cscs_json_write_string(f, s, len);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void check_escape(const char *in, size_t len, const char *want)
{
	char *got = escaped(in, len);
	assert_string_equal(got, want);
	free(got);
	if (strlen(in) == len) {
		/* the buffer form escapes alike */
		struct cscs_buf b = CSCS_BUF_INIT;
		cscs_json_add_string(&b, in);
		assert_false(b.oom);
		assert_string_equal(cscs_buf_str(&b), want);
		cscs_buf_finish(&b);
	}
}

static void test_escape(void **state)
{
	(void)state;
	check_escape("plain", 5, "\"plain\"");
	check_escape("", 0, "\"\"");
	check_escape("say \"hi\" \\ bye", 14, "\"say \\\"hi\\\" \\\\ bye\"");
	check_escape("\b\f\n\r\t", 5, "\"\\b\\f\\n\\r\\t\"");
	check_escape("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\x7f\"");
	check_escape("a\0b", 3, "\"a\\u0000b\"");
	/* UTF-8 passes through; U+2028 is valid JSON as it is. */
	check_escape("艾克美 \xE2\x80\xA8 😀", strlen("艾克美 \xE2\x80\xA8 😀"), "\"艾克美 \xE2\x80\xA8 😀\"");
	/* Malformed UTF-8: each bad byte becomes U+FFFD. */
	check_escape("a\xC3(\xED\xA0\x80z", 7, "\"a\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz\"");
	check_escape("</script>", 9, "\"</script>\"");
	struct cscs_buf b = CSCS_BUF_INIT;
	cscs_json_add_string(&b, NULL);
	assert_string_equal(cscs_buf_str(&b), "null");
	cscs_buf_finish(&b);
}

/* Runs json_extract(doc, path) and returns the text result (or NULL), malloc'd. */
static char *jx(sqlite3 *db, const char *doc, const char *path)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT json_extract(?, ?)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, doc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const unsigned char *t = sqlite3_column_text(st, 0);
	char *out = t ? strdup((const char *)t) : NULL;
	sqlite3_finalize(st);
	return out;
}

static void expect(sqlite3 *db, const char *doc, const char *path, const char *want)
{
	char *got = jx(db, doc, path);
	if (!want) {
		if (got)
			fail_msg("%s: expected null, got '%s'", path, got);
		return;
	}
	if (!got)
		fail_msg("%s: expected '%s', got null", path, want);
	if (strcmp(got, want) != 0)
		fail_msg("%s: expected '%s', got '%s'", path, want, got);
	free(got);
}

static int array_length(sqlite3 *db, const char *doc, const char *path)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT json_array_length(?, ?)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, doc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static bool json_valid(sqlite3 *db, const char *doc)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT json_valid(?)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, doc, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	bool ok = sqlite3_column_int(st, 0) == 1;
	sqlite3_finalize(st);
	return ok;
}

static char *write_json(struct cscs_store *st, const char *dir, bool show_personal)
{
	char *out = path_in(dir, show_personal ? "run-full.json" : "run.json");
	struct cscs_report_opts o = fixture_opts("zh");
	o.show_personal_data = show_personal;
	/* JSON needs no label catalogue: a missing data folder is fine. */
	o.datadir = NULL;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_report_json(st->db, 2, out, &o, &dl), CSCS_OK);
	assert_int_equal(dl.n, 0);
	cscs_diag_list_finish(&dl);
	char *doc = slurp(out, NULL);
	free(out);
	return doc;
}

static void test_document(void **state)
{
	(void)state;
	/* A detail with every kind of character that needs escaping. */
	struct cscs_store *st = fixture_store(
		"UPDATE findings SET detail = 'ctl' || char(1) || char(10) || char(9) || 'q\"b\\e' WHERE id = 104;");
	char *dir = scratch_dir();
	char *doc = write_json(st, dir, false);
	sqlite3 *db = st->db;
	assert_true(json_valid(db, doc));
	expect(db, doc, "$.format", "cscs-audit-report");
	expect(db, doc, "$.as_of", "2025-06-30");
	expect(db, doc, "$.entity.uscc", "91110000600037341L");
	expect(db, doc, "$.entity.uscc_valid", "1");
	expect(db, doc, "$.entity.uscc_parts.region", "110000");
	expect(db, doc, "$.entity.legal_rep_id", "110***********0029");
	expect(db, doc, "$.entity.registered_capital_fen", "500000000");
	expect(db, doc, "$.score", "610");
	expect(db, doc, "$.grade", "C");
	expect(db, doc, "$.score_detail.start", "1000");
	expect(db, doc, "$.score_detail.caps[0].check_id", "PAR-001");
	expect(db, doc, "$.counts.open", "7");
	expect(db, doc, "$.counts.by_severity.critical.open", "3");
	expect(db, doc, "$.counts.by_area[0].area", "licenses");
	expect(db, doc, "$.coverage.checks", "8");
	expect(db, doc, "$.coverage.insufficient_data", "1");
	expect(db, doc, "$.deadlines.due_within_horizon", "2");
	expect(db, doc, "$.delta.previous_run_id", "1");
	expect(db, doc, "$.delta.score_change", "-150");
	expect(db, doc, "$.delta.new", "6");
	expect(db, doc, "$.delta.resolved_findings[0].subject", "VAT 2024-10");
	expect(db, doc, "$.checks[#-1].check_id", "TAX-002");
	assert_int_equal(array_length(db, doc, "$.checks"), 8);
	assert_int_equal(array_length(db, doc, "$.findings"), 8);
	assert_int_equal(array_length(db, doc, "$.data_issues"), 3);
	assert_int_equal(array_length(db, doc, "$.partners.list"), 4);
	expect(db, doc, "$.checks[0].status", "insufficient_data");
	expect(db, doc, "$.checks[0].reason", "no annual_reports records");
	/* Findings in the workbook's order; the fields of the foundation issue. */
	expect(db, doc, "$.findings[0].check_id", "PAR-001");
	expect(db, doc, "$.findings[0].area", "partners");
	expect(db, doc, "$.findings[0].severity", "critical");
	expect(db, doc, "$.findings[0].status", "open");
	expect(db, doc, "$.findings[0].subject", "华东电子元件有限公司");
	expect(db, doc, "$.findings[0].detail", "on serious_illegal since 2024-03-01 (legal rep. 张三 310***********1234)");
	expect(db, doc, "$.findings[0].due_date", "2025-07-15");
	expect(db, doc, "$.findings[0].source.file", "partners.csv");
	expect(db, doc, "$.findings[0].source.line", "2");
	expect(db, doc, "$.findings[0].title", "Partner on a serious dishonesty list");
	expect(db, doc, "$.findings[0].evidence.legal_rep_id", "310***********1234");
	expect(db, doc, "$.findings[0].evidence.partner_id", "1");
	expect(db, doc, "$.findings[0].evidence.spend", "120000000");
	expect(db, doc, "$.findings[0].evidence.note", "=1+1");
	expect(db, doc, "$.findings[0].new", "1");
	expect(db, doc, "$.findings[1].subject", "=HYPERLINK(\"http://x\",\"y\")");
	expect(db, doc, "$.findings[1].evidence", "not json at all");
	expect(db, doc, "$.findings[1].due_date", NULL);
	expect(db, doc, "$.findings[2].subject", "+cmd|' /C calc'!A0");
	expect(db, doc, "$.findings[6].detail", "ctl\x01\n\tq\"b\\e");
	expect(db, doc, "$.findings[7].waived", "1");
	expect(db, doc, "$.findings[7].status", "waived");
	expect(db, doc, "$.findings[7].waiver.approver", "CFO Li Na");
	expect(db, doc, "$.findings[3].waiver", NULL);
	expect(db, doc, "$.data_issues[1].value", "110***********0029");
	expect(db, doc, "$.data_issues[0].line", "5");
	expect(db, doc, "$.partners.screened", "4");
	expect(db, doc, "$.partners.by_status.listed.spend_fen", "120000000");
	expect(db, doc, "$.partners.list[0].status", "listed");
	expect(db, doc, "$.partners.list[0].lists[0]", "serious_illegal");
	expect(db, doc, "$.partners.list[0].best_match.legal_rep_id", "310***********1234");
	expect(db, doc, "$.partners.list[0].explanation", "USCC equal");
	expect(db, doc, "$.run.id", "2");
	expect(db, doc, "$.run.inputs[0].sha256", "aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11");
	expect(db, doc, "$.run.personal_data", "masked");
	expect(db, doc, "$.run.waivers[1].status", "expired");
	expect(db, doc, "$.run.waivers[0].n_findings", "1");
	expect(db, doc, "$.checks[4].override", "severity high -> medium (fie.profile:4)");
	expect(db, doc, "$.checks[5].cap", "D");
	expect(db, doc, "$.checks[7].cap", NULL);
	/* Nowhere in the document does a full identity number appear. */
	assert_null(strstr(doc, "110105194912310029"));
	assert_null(strstr(doc, "310101198001011234"));
	free(doc);

	/* With --show-personal-data the numbers are there. */
	doc = write_json(st, dir, true);
	expect(db, doc, "$.entity.legal_rep_id", "110105194912310029");
	expect(db, doc, "$.findings[0].evidence.legal_rep_id", "310101198001011234");
	expect(db, doc, "$.run.personal_data", "shown");
	free(doc);
	assert_int_equal(count_entries(dir), 2);
	remove_tree(dir);
	free(dir);
	cscs_store_close(st);
}

static void test_json_failures(void **state)
{
	(void)state;
	struct cscs_store *st = fixture_store(NULL);
	char *dir = scratch_dir();
	char *out = path_in(dir, "nope/run.json");
	struct cscs_report_opts o = fixture_opts("en");
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_report_json(st->db, 2, out, &o, &dl), CSCS_ERR_IO);
	assert_int_equal(cscs_report_json(st->db, 42, out, &o, &dl), CSCS_ERR_NOT_FOUND);
	assert_int_equal(count_entries(dir), 0);
	/* A run without results, findings or score still makes a valid document. */
	assert_int_equal(cscs_store_exec(st->db,
		"INSERT INTO runs(id, started_at, status, as_of, tool_version) VALUES (7, 'x', 'complete', 'not a date', '0.1.0');",
		&dl), CSCS_OK);
	free(out);
	out = path_in(dir, "empty.json");
	assert_int_equal(cscs_report_json(st->db, 7, out, &o, &dl), CSCS_OK);
	char *doc = slurp(out, NULL);
	assert_true(json_valid(st->db, doc));
	expect(st->db, doc, "$.score", NULL);
	expect(st->db, doc, "$.delta", NULL);
	expect(st->db, doc, "$.deadlines.until", NULL);
	expect(st->db, doc, "$.counts.open", "0");
	free(doc);
	free(out);
	remove_tree(dir);
	free(dir);
	cscs_diag_list_finish(&dl);
	cscs_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_json_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
