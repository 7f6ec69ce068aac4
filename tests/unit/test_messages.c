/* The message catalogue: whole messages, parts translated in turn, pieces between "; ", bad lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cscs/report/messages.h"

static const char CATALOGUE[] =
	"# comment\n"
	"unknown column '{1}' for {2}; its values are ignored (did you mean '{3}' ({4})?)\t{2}中的未知列“{1}”（是否应为“{3}”？）\n"
	"unknown column '{1}' for {2}; its values are ignored\t{2}中的未知列“{1}”\n"
	"no records of: {1}\t无以下记录：{1}\n"
	"a source was not read (its header was not found): {1}\t有一个来源文件未读取：{1}\n"
	"'{1}' is not a valid unified social credit code: {2}\t“{1}”不是有效的统一社会信用代码：{2}\n"
	"check character (position 18) is '{1}', GB 32100 gives '{2}'\t校验码为“{1}”，应为“{2}”\r\n";

static struct cscs_messages *load(void)
{
	struct cscs_messages *m = NULL;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_messages_parse(&m, "messages.zh.tsv", CATALOGUE, sizeof(CATALOGUE) - 1, &dl), CSCS_OK);
	assert_non_null(m);
	cscs_diag_list_finish(&dl);
	return m;
}

static void said(const struct cscs_messages *m, const char *in, const char *want)
{
	struct cscs_buf b = CSCS_BUF_INIT;
	cscs_messages_put(m, in, &b);
	assert_string_equal(cscs_buf_str(&b), want);
	cscs_buf_finish(&b);
}

static void test_whole_and_longer_first(void **state)
{
	(void)state;
	struct cscs_messages *m = load();
	said(m, "unknown column '备注' for licenses; its values are ignored", "licenses中的未知列“备注”");
	said(m, "unknown column 'expiry' for licenses; its values are ignored (did you mean 'expires_on' (有效期至)?)",
	     "licenses中的未知列“expiry”（是否应为“expires_on”？）");
	cscs_messages_free(m);
}

static void test_nested_parts_and_pieces(void **state)
{
	(void)state;
	struct cscs_messages *m = load();
	/* a part that is itself a message */
	said(m, "'uscc' is not a valid unified social credit code: check character (position 18) is '9', GB 32100 gives '8'",
	     "“uscc”不是有效的统一社会信用代码：校验码为“9”，应为“8”");
	/* the last part runs to the end and holds "; " pieces of its own */
	said(m, "no records of: customs; a source was not read (its header was not found): customs.csv (customs)",
	     "无以下记录：customs；有一个来源文件未读取：customs.csv (customs)");
	/* pieces, some known */
	said(m, "something new; no records of: payroll", "something new；无以下记录：payroll");
	/* nothing known: as it is, "; " kept */
	said(m, "something new; and more", "something new; and more");
	said(m, "", "");
	/* no catalogue: as it is */
	said(NULL, "no records of: payroll", "no records of: payroll");
	cscs_messages_free(m);
}

static void test_bad_lines(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"no tab here\n", "\tno english\n", "no translation\t\n", "two\ttabs\there\n", "{1}{2}\tside by side\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cscs_messages *m = NULL;
		struct cscs_diag_list dl;
		cscs_diag_list_init(&dl);
		assert_int_equal(cscs_messages_parse(&m, "bad.tsv", bad[i], strlen(bad[i]), &dl), CSCS_ERR_INPUT);
		assert_null(m);
		assert_true(dl.n > 0);
		assert_int_equal(dl.items[0].line, 1);
		cscs_diag_list_finish(&dl);
	}
}

static void test_shipped_catalogue(void **state)
{
	(void)state;
	struct cscs_messages *m = NULL;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_messages_load(&m, CSCS_TEST_SRCDIR, "zh", &dl), CSCS_OK);
	assert_non_null(m);
	said(m, "the applies query returned no row", "适用条件查询未返回记录，本检查不适用");
	/* a screening factor (src/screen/match.c), worded without a double negative */
	said(m, "codes differ, neither is a valid USCC: ABC123 / XYZ789",
	     "代码不同，均不是有效的统一社会信用代码：ABC123 / XYZ789");
	cscs_messages_free(m);
	/* English has no catalogue: messages as they are */
	assert_int_equal(cscs_messages_load(&m, CSCS_TEST_SRCDIR, "en", &dl), CSCS_OK);
	assert_null(m);
	cscs_diag_list_finish(&dl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_and_longer_first),
		cmocka_unit_test(test_nested_parts_and_pieces),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_shipped_catalogue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
