/* Typing values by column type: dates, amounts, enums, yes/no, years, months, codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cscs/intake/records.h"
#include "cscs/intake/values.h"

#ifdef NDEBUG
#error "these tests rely on assert()"
#endif

static const struct cscs_field *field(const char *type, const char *name)
{
	const struct cscs_record_type *rt = cscs_record_type_find(type);
	assert_non_null(rt);
	const struct cscs_field *f = cscs_record_field_find(rt, name);
	assert_non_null(f);
	return f;
}

static char reason[CSCS_VALUE_REASON_LEN];
static struct cscs_vocab *voc; /* the shipped vocabulary */

static int load_vocab(void **state)
{
	(void)state;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	voc = cscs_vocab_new();
	enum cscs_error err = cscs_vocab_load(voc, CSCS_TEST_SRCDIR "/templates/vocabulary.tsv", true, &dl);
	cscs_diag_list_finish(&dl);
	return err == CSCS_OK ? 0 : -1;
}

static int free_vocab(void **state)
{
	(void)state;
	cscs_vocab_free(voc);
	return 0;
}

static enum cscs_value_status parse_kind(const struct cscs_field *f, const char *s, enum cscs_cell_kind kind,
					 struct cscs_value *v)
{
	reason[0] = '\0';
	return cscs_value_parse(f, voc, s, strlen(s), kind, v, reason);
}

static void expect_text(const struct cscs_field *f, const char *in, enum cscs_cell_kind kind, const char *want)
{
	struct cscs_value v;
	assert_int_equal(parse_kind(f, in, kind, &v), CSCS_VALUE_OK);
	assert_int_equal(v.kind, CSCS_VALUE_TEXT);
	assert_int_equal(v.len, strlen(want));
	assert_memory_equal(v.text, want, v.len);
}

static void expect_int(const struct cscs_field *f, const char *in, enum cscs_cell_kind kind, int64_t want)
{
	struct cscs_value v;
	assert_int_equal(parse_kind(f, in, kind, &v), CSCS_VALUE_OK);
	assert_int_equal(v.kind, CSCS_VALUE_INT);
	assert_int_equal(v.num, want);
}

static void expect_reject(const struct cscs_field *f, const char *in, enum cscs_cell_kind kind, const char *why)
{
	struct cscs_value v;
	assert_int_equal(parse_kind(f, in, kind, &v), CSCS_VALUE_REJECTED);
	if (!strstr(reason, why))
		fail_msg("reason '%s' does not contain '%s'", reason, why);
}

static void test_dates(void **state)
{
	(void)state;
	const struct cscs_field *f = field("licenses", "expires_on");
	const char *forms[] = {"2025-03-01", "2025/3/1", "2025.3.1", "20250301", "2025年3月1日", " 2025-3-1 ",
			       "2025/03/01 00:00:00", "2025-03-01T08:30", "2025年03月01日", ("\xE3\x80\x80" "2025-03-01")};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		expect_text(f, forms[i], CSCS_CELL_TEXT, "2025-03-01");
	expect_text(f, "45717", CSCS_CELL_NUMBER, "2025-03-01");   /* Excel serial in a number cell */
	expect_text(f, "2025-03-01", CSCS_CELL_DATE, "2025-03-01");
	expect_text(f, "2024-02-29", CSCS_CELL_TEXT, "2024-02-29");
	expect_reject(f, "2025-02-30", CSCS_CELL_TEXT, "no such day");
	expect_reject(f, "2025年2月29日", CSCS_CELL_TEXT, "no such day");
	expect_reject(f, "2025-13-01", CSCS_CELL_TEXT, "no month 13");
	expect_reject(f, "1899-12-31", CSCS_CELL_TEXT, "year 1899");
	expect_reject(f, "45717", CSCS_CELL_TEXT, "expected YYYY-MM-DD");
	expect_reject(f, "March 1", CSCS_CELL_TEXT, "is not a date");
	expect_reject(f, "-5", CSCS_CELL_NUMBER, "no Excel date");
	assert_non_null(strstr(reason, "'expires_on'"));
	struct cscs_value v;
	assert_int_equal(parse_kind(f, "  ", CSCS_CELL_TEXT, &v), CSCS_VALUE_OK);
	assert_int_equal(v.kind, CSCS_VALUE_NULL);
	expect_reject(field("instant_disclosures", "occurred_on"), "", CSCS_CELL_TEXT, "is required but empty");
}

static void test_money(void **state)
{
	(void)state;
	const struct cscs_field *f = field("tax_filings", "tax_due");
	expect_int(f, "1234.5", CSCS_CELL_TEXT, 123450);
	expect_int(f, "1,234.50", CSCS_CELL_TEXT, 123450);
	expect_int(f, "¥1,234", CSCS_CELL_TEXT, 123400);
	expect_int(f, "RMB 1234", CSCS_CELL_TEXT, 123400);
	expect_int(f, "1234元", CSCS_CELL_TEXT, 123400);
	expect_int(f, "12.5万元", CSCS_CELL_TEXT, 12500000);
	expect_int(f, "12.5万", CSCS_CELL_TEXT, 12500000);
	expect_int(f, "-300", CSCS_CELL_TEXT, -30000);
	expect_int(f, "１２３.４５", CSCS_CELL_TEXT, 12345);
	/* number cells: binary noise rounds to the fen; exponents are read */
	expect_int(f, "1234.5599999999999", CSCS_CELL_NUMBER, 123456);
	expect_int(f, "0.30000000000000004", CSCS_CELL_NUMBER, 30);
	expect_int(f, "99.9999999999", CSCS_CELL_NUMBER, 10000);
	expect_int(f, "1.2E+7", CSCS_CELL_NUMBER, 1200000000);
	expect_int(f, "-4.5e-1", CSCS_CELL_NUMBER, -45);
	expect_reject(f, "12.345", CSCS_CELL_TEXT, "finer than one fen");
	expect_reject(f, "12.345", CSCS_CELL_NUMBER, "finer than one fen");
	expect_reject(f, "abc", CSCS_CELL_TEXT, "is not an amount");
	expect_reject(f, "1,23", CSCS_CELL_TEXT, "is not an amount");
}

static void test_enums_and_bools(void **state)
{
	(void)state;
	const struct cscs_field *st = field("licenses", "status");
	expect_text(st, "有效", CSCS_CELL_TEXT, "valid");
	expect_text(st, "Valid", CSCS_CELL_TEXT, "valid");
	expect_text(st, "active", CSCS_CELL_TEXT, "valid");
	expect_text(st, "已过期", CSCS_CELL_TEXT, "expired");
	expect_text(st, "（已过期）", CSCS_CELL_TEXT, "expired");
	expect_reject(st, "bogus", CSCS_CELL_TEXT, "accepted: valid (有效), suspended (暂扣)");
	/* the nearest word is suggested */
	expect_reject(st, "revokd", CSCS_CELL_TEXT, "'status' is not a word of license_status: did you mean 'revoked' (吊销)?");
	expect_reject(field("court_cases", "status"), "judgd", CSCS_CELL_TEXT, "did you mean 'judged' (已判决)?");
	expect_reject(field("court_cases", "status"), "判决已经生效", CSCS_CELL_TEXT, "did you mean '判决已生效' (judged: 已判决)?");
	/* without a vocabulary an enumerated value cannot be read */
	struct cscs_value v;
	assert_int_equal(cscs_value_parse(st, NULL, "valid", 5, CSCS_CELL_TEXT, &v, reason), CSCS_VALUE_REJECTED);
	const struct cscs_field *b = field("env_disclosures", "required");
	expect_int(b, "是", CSCS_CELL_TEXT, 1);
	expect_int(b, "否", CSCS_CELL_TEXT, 0);
	expect_int(b, "YES", CSCS_CELL_TEXT, 1);
	expect_int(b, "n", CSCS_CELL_TEXT, 0);
	expect_int(b, "1", CSCS_CELL_BOOL, 1);
	expect_int(b, "0", CSCS_CELL_BOOL, 0);
	expect_reject(b, "maybe", CSCS_CELL_TEXT, "is not yes or no");
	expect_text(field("tax_ratings", "rating"), "D级", CSCS_CELL_TEXT, "D");
}

static void test_years_months_counts(void **state)
{
	(void)state;
	const struct cscs_field *y = field("annual_reports", "year");
	expect_int(y, "2024", CSCS_CELL_TEXT, 2024);
	expect_int(y, "2024年", CSCS_CELL_TEXT, 2024);
	expect_int(y, "2024年度", CSCS_CELL_TEXT, 2024);
	expect_int(y, "2024", CSCS_CELL_NUMBER, 2024);
	expect_reject(y, "24", CSCS_CELL_TEXT, "is not a year between");
	expect_reject(y, "2,024", CSCS_CELL_TEXT, "is not a year");
	const struct cscs_field *p = field("payroll", "period");
	expect_text(p, "2025-08", CSCS_CELL_TEXT, "2025-08");
	expect_text(p, "2025/8", CSCS_CELL_TEXT, "2025-08");
	expect_text(p, "202508", CSCS_CELL_TEXT, "2025-08");
	expect_text(p, "2025年8月", CSCS_CELL_TEXT, "2025-08");
	expect_text(p, "2025-08-31", CSCS_CELL_TEXT, "2025-08");
	expect_text(p, "2025-08-01", CSCS_CELL_DATE, "2025-08");
	expect_reject(p, "2025-13", CSCS_CELL_TEXT, "no such month");
	const struct cscs_field *n = field("payroll", "headcount");
	expect_int(n, "58", CSCS_CELL_TEXT, 58);
	expect_int(n, "1,200", CSCS_CELL_TEXT, 1200);
	expect_int(n, "58.0", CSCS_CELL_NUMBER, 58);
	expect_reject(n, "58.5", CSCS_CELL_NUMBER, "is not a whole number");
	expect_reject(n, "58人", CSCS_CELL_TEXT, "is not a whole number");
}

static void test_codes(void **state)
{
	(void)state;
	const struct cscs_field *u = field("partners", "uscc");
	expect_text(u, " 9111 0000 6000 3734 1l ", CSCS_CELL_TEXT, "91110000600037341L");
	struct cscs_value v;
	assert_int_equal(parse_kind(u, "91310000132212345X", CSCS_CELL_TEXT, &v), CSCS_VALUE_FLAGGED);
	assert_int_equal(v.kind, CSCS_VALUE_TEXT);
	assert_memory_equal(v.text, "91310000132212345X", 18);
	assert_non_null(strstr(reason, "'uscc' is not a valid unified social credit code"));
	assert_int_equal(parse_kind(u, "not-a-code", CSCS_CELL_TEXT, &v), CSCS_VALUE_FLAGGED);
	/* text in the code column (a name spilled over by a comma): kept as given, never cut to bytes */
	assert_int_equal(parse_kind(u, "Ltd. 中远海洋", CSCS_CELL_TEXT, &v), CSCS_VALUE_FLAGGED);
	assert_int_equal(v.kind, CSCS_VALUE_TEXT);
	assert_int_equal(v.len, strlen("Ltd. 中远海洋"));
	assert_memory_equal(v.text, "Ltd. 中远海洋", v.len);
	assert_int_equal(parse_kind(u, "９１３１ ００００-１３２２", CSCS_CELL_TEXT, &v), CSCS_VALUE_FLAGGED);
	assert_int_equal(v.len, 12);
	assert_memory_equal(v.text, "913100001322", 12);
	const struct cscs_field *id = field("entity", "legal_rep_id");
	expect_text(id, "11010519491231002x", CSCS_CELL_TEXT, "11010519491231002X");
	expect_text(id, "whatever", CSCS_CELL_TEXT, "whatever"); /* kept as given */
	expect_text(field("licenses", "license_no"), "  JY 1\xC2\xA0", CSCS_CELL_TEXT, "JY 1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_enums_and_bools),
		cmocka_unit_test(test_years_months_counts),
		cmocka_unit_test(test_codes),
	};
	return cmocka_run_group_tests(tests, load_vocab, free_vocab);
}
