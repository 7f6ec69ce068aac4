#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cscs/core/money.h"

static void ok(const char *s, cscs_fen want)
{
	cscs_fen got = -999;
	enum cscs_money_status st = cscs_money_parse(s, &got);
	if (st != CSCS_MONEY_OK)
		fail_msg("'%s' refused: %s", s, cscs_money_status_str(st));
	if (got != want)
		fail_msg("'%s' gave %lld fen, want %lld", s, (long long)got, (long long)want);
}

static void bad(const char *s, enum cscs_money_status want)
{
	cscs_fen got;
	enum cscs_money_status st = cscs_money_parse(s, &got);
	if (st != want)
		fail_msg("'%s' gave status %d, want %d", s, st, want);
}

static void test_plain_and_separators(void **state)
{
	(void)state;
	ok("0", 0);
	ok("1234", 123400);
	ok("1234.5", 123450);
	ok("1234.56", 123456);
	ok("1,234.56", 123456);
	ok("12,345,678", 1234567800);
	ok("  42 ", 4200);
	ok("-300", -30000);
	ok("+7.10", 710);
	ok("0.01", 1);
	ok("1.230", 123);
}

static void test_currency_marks(void **state)
{
	(void)state;
	ok("¥1,234", 123400);
	ok("￥1,234.50", 123450);
	ok("RMB 500", 50000);
	ok("CNY500", 50000);
	ok("1234元", 123400);
	ok("1,234.5 元", 123450);
	ok("-¥20", -2000);
	ok("¥-20", -2000);
}

static void test_wan(void **state)
{
	(void)state;
	ok("500万元", 500000000LL); /* 5,000,000 yuan */
	ok("12.5万", 12500000);
	ok("0.0001万元", 100);
	ok("1,000万元", 1000000000LL);
	ok("0.00001万元", 10);
	ok("0.000001万元", 1);
	bad("0.0000001万元", CSCS_MONEY_PRECISION);
	bad("0.0000015万元", CSCS_MONEY_PRECISION);
}

static void test_full_width(void **state)
{
	(void)state;
	ok("１２３４．５", 123450);
	ok("１，２３４", 123400);
}

static void test_refusals(void **state)
{
	(void)state;
	bad("", CSCS_MONEY_EMPTY);
	bad("   ", CSCS_MONEY_EMPTY);
	bad("abc", CSCS_MONEY_SYNTAX);
	bad("12a", CSCS_MONEY_SYNTAX);
	bad("1,23", CSCS_MONEY_SYNTAX);
	bad("1,2345", CSCS_MONEY_SYNTAX);
	bad(",123", CSCS_MONEY_SYNTAX);
	bad("1.2.3", CSCS_MONEY_SYNTAX);
	bad("12.345", CSCS_MONEY_PRECISION);
	bad("1e5", CSCS_MONEY_SYNTAX);
	bad("99999999999999999999", CSCS_MONEY_RANGE);
	bad("--5", CSCS_MONEY_SYNTAX);
	bad("5美元", CSCS_MONEY_SYNTAX);
}

static void test_format(void **state)
{
	(void)state;
	char buf[CSCS_MONEY_FMT_LEN];
	assert_string_equal(cscs_money_format(123456, buf), "1234.56");
	assert_string_equal(cscs_money_format(-5, buf), "-0.05");
	assert_string_equal(cscs_money_format(0, buf), "0.00");
	assert_string_equal(cscs_money_format_grouped(123456789, buf), "1,234,567.89");
	assert_string_equal(cscs_money_format_grouped(-100000, buf), "-1,000.00");
	assert_string_equal(cscs_money_format_grouped(99999, buf), "999.99");
	assert_string_equal(cscs_money_format_grouped(-5, buf), "-0.05");
	assert_string_equal(cscs_money_format_grouped(INT64_MIN, buf), "-92,233,720,368,547,758.08");
	assert_string_equal(cscs_money_format(INT64_MIN, buf), "-92233720368547758.08");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_separators),
		cmocka_unit_test(test_currency_marks),
		cmocka_unit_test(test_wan),
		cmocka_unit_test(test_full_width),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
