/* Naming encodings and guessing UTF-8 against GB18030. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cscs/intake/encoding.h"

#ifdef NDEBUG
#error "these tests rely on assert()"
#endif

static void test_canonical(void **state)
{
	(void)state;
	assert_string_equal(cscs_encoding_canonical("UTF8"), "utf-8");
	assert_string_equal(cscs_encoding_canonical("utf-8"), "utf-8");
	assert_string_equal(cscs_encoding_canonical("GB18030"), "gb18030");
	assert_string_equal(cscs_encoding_canonical("gb2312"), "gb18030");
	assert_string_equal(cscs_encoding_canonical("CP936"), "gbk");
	assert_null(cscs_encoding_canonical("latin1"));
	assert_null(cscs_encoding_canonical(NULL));
	assert_string_equal(cscs_encoding_iconv_name("gbk"), "GBK");
}

static void test_guess(void **state)
{
	(void)state;
	const char ascii[] = "name,code\nabc,1\n";
	assert_int_equal(cscs_encoding_guess(ascii, strlen(ascii), true), CSCS_ENC_GUESS_UNDECIDED);
	const char utf8[] = "名称,金额\n甲公司,5万元\n";
	assert_int_equal(cscs_encoding_guess(utf8, strlen(utf8), true), CSCS_ENC_GUESS_UTF8);
	const char gb[] = "\xC3\xFB\xB3\xC6,\xBD\xF0\xB6\xEE\n";
	assert_int_equal(cscs_encoding_guess(gb, strlen(gb), true), CSCS_ENC_GUESS_GB18030);
	/* a UTF-8 character cut by the end of the window is no evidence against UTF-8 ... */
	assert_int_equal(cscs_encoding_guess("ab\xE4\xB8", 4, false), CSCS_ENC_GUESS_UTF8);
	/* ... unless the file ends there */
	assert_int_equal(cscs_encoding_guess("ab\xE4\xB8", 4, true), CSCS_ENC_GUESS_GB18030);
	/* plenty of UTF-8 before a stray byte: UTF-8, with an error where the byte is */
	const char stray[] = "名称,金额\n甲,\xFF\n";
	assert_int_equal(cscs_encoding_guess(stray, strlen(stray), true), CSCS_ENC_GUESS_UTF8);
	/* GBK whose first characters happen to be well-formed 2-byte UTF-8: 营业执照,L-1,上海 */
	const char licence[] = "\xD3\xAA\xD2\xB5\xD6\xB4\xD5\xD5,L-1,\xC9\xCF\xBA\xA3\n";
	assert_int_equal(cscs_encoding_guess(licence, strlen(licence), true), CSCS_ENC_GUESS_GB18030);
	/* A whole row of UTF-8 (许可, two characters), then a row in GB18030 (许可): UTF-8, the error on row 2. */
	const char mixed[] = "\xE8\xAE\xB8\xE5\x8F\xAF,L-1\n\xD0\xED\xBF\xC9,L-2\n";
	assert_int_equal(cscs_encoding_guess(mixed, strlen(mixed), true), CSCS_ENC_GUESS_UTF8);
	/* The same two characters of UTF-8 and GB18030 on one line: too little to tell, GB18030 as before. */
	const char one_line[] = "\xE8\xAE\xB8\xE5\x8F\xAF,\xD0\xED\xBF\xC9\n";
	assert_int_equal(cscs_encoding_guess(one_line, strlen(one_line), true), CSCS_ENC_GUESS_GB18030);
}

static void test_prefix(void **state)
{
	(void)state;
	bool bad;
	assert_int_equal(cscs_encoding_utf8_prefix("abcdefghijk\xE4\xB8\xAD!", 15, &bad), 15);
	assert_false(bad);
	assert_int_equal(cscs_encoding_utf8_prefix("abc\xE4\xB8", 5, &bad), 3);
	assert_false(bad);
	assert_int_equal(cscs_encoding_utf8_prefix("abc\xC0\xAF", 5, &bad), 3); /* overlong */
	assert_true(bad);
	assert_int_equal(cscs_encoding_utf8_prefix("\xED\xA0\x80", 3, &bad), 0); /* surrogate */
	assert_true(bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical),
		cmocka_unit_test(test_guess),
		cmocka_unit_test(test_prefix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
