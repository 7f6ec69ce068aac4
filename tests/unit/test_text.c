#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/buf.h"
#include "cscs/core/text.h"

static void test_utf8_validation(void **state)
{
	(void)state;
	size_t bad = 99;
	assert_true(cscs_utf8_valid("abc", 3, &bad));
	assert_true(cscs_utf8_valid("有限公司", strlen("有限公司"), &bad));
	assert_false(cscs_utf8_valid("ab\xC0\xAF", 4, &bad)); /* overlong '/' */
	assert_int_equal(bad, 2);
	assert_false(cscs_utf8_valid("\xED\xA0\x80", 3, &bad)); /* a surrogate */
	assert_false(cscs_utf8_valid("\xE6\x9C", 2, &bad));      /* truncated */
	assert_false(cscs_utf8_valid("\xD3\xD0\xCF\xDE", 4, &bad)); /* GBK 有限 */
	assert_int_equal(bad, 0);
	assert_true(cscs_utf8_valid("\xF0\x9F\x98\x80", 4, &bad));
}

static void test_encode_decode(void **state)
{
	(void)state;
	const uint32_t cps[] = {0x41, 0xE9, 0x6709, 0x1F600, 0x10FFFF};
	for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		char out[4];
		uint32_t back;
		int n = cscs_utf8_encode(cps[i], out);
		assert_int_equal(cscs_utf8_decode(out, (size_t)n, &back), n);
		assert_int_equal(back, cps[i]);
	}
	assert_int_equal(cscs_utf8_count("a有b", strlen("a有b")), 3);
}

static void test_trim(void **state)
{
	(void)state;
	char s1[] = "  hello \t";
	assert_string_equal(cscs_text_trim(s1), "hello");
	char s2[] = "\xE3\x80\x80有限公司\xE3\x80\x80 ";
	assert_string_equal(cscs_text_trim(s2), "有限公司");
	char s3[] = "   ";
	assert_string_equal(cscs_text_trim(s3), "");
	assert_true(cscs_text_ieq("Expires_On", "expires_on"));
	assert_false(cscs_text_ieq("expires", "expires_on"));
}

static void test_distance(void **state)
{
	(void)state;
	assert_int_equal(cscs_text_distance("audit", "audit"), 0);
	assert_int_equal(cscs_text_distance("audti", "audit"), 1); /* a swap is one step */
	assert_int_equal(cscs_text_distance("fail_on", "fail-on"), 1);
	assert_int_equal(cscs_text_distance("FAIL-ON", "fail-on"), 0);
	assert_int_equal(cscs_text_distance("", "abc"), 3);
	assert_int_equal(cscs_text_distance("kitten", "sitting"), 3);
	/* characters, not bytes */
	assert_int_equal(cscs_text_distance("已判决", "已裁判"), 2);
	assert_int_equal(cscs_text_distance("失信被执行人", "失信被执行人名单"), 2);
	/* too long, or not UTF-8 */
	char longer[CSCS_TEXT_DISTANCE_MAX + 2];
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(cscs_text_distance(longer, "a"), SIZE_MAX);
	assert_int_equal(cscs_text_distance("\xff", "a"), SIZE_MAX);
}

static void test_buf(void **state)
{
	(void)state;
	struct cscs_buf b = CSCS_BUF_INIT;
	assert_string_equal(cscs_buf_str(&b), "");
	cscs_buf_adds(&b, "licenses");
	cscs_buf_addc(&b, '.');
	cscs_buf_addf(&b, "csv:%d", 14);
	assert_string_equal(cscs_buf_str(&b), "licenses.csv:14");
	assert_int_equal(b.len, 15);
	for (int i = 0; i < 10000; i++)
		cscs_buf_addc(&b, 'x');
	assert_int_equal(b.len, 10015);
	cscs_buf_reset(&b);
	assert_string_equal(cscs_buf_str(&b), "");
	cscs_buf_adds(&b, "kept");
	char *s = cscs_buf_detach(&b);
	assert_string_equal(s, "kept");
	assert_null(b.data);
	free(s);
	cscs_buf_finish(&b);
}

/* Control characters never reach a workbook's XML raw, nor the terminal (issue 14, fault 3). */
static void test_control_characters(void **state)
{
	(void)state;
	struct cscs_buf b = CSCS_BUF_INIT;
	const char *plain = "艾克美贸易\t有限公司\n";
	assert_ptr_equal(cscs_text_for_xml(plain, &b), plain);
	assert_null(cscs_text_for_xml(NULL, &b));
	assert_string_equal(cscs_text_for_xml("艾克美\v贸易", &b), "艾克美\xEF\xBF\xBD贸易");
	assert_string_equal(cscs_text_for_xml("a\x1b[31mb\x7f\xC2\x9B\xEF\xBF\xBE", &b),
			    "a\xEF\xBF\xBD[31mb\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	assert_string_equal(cscs_text_for_xml("bad \xff byte", &b), "bad \xEF\xBF\xBD byte");

	const char *line = "'spend' is not an amount: '12'";
	assert_ptr_equal(cscs_text_for_terminal(line, &b), line);
	assert_string_equal(cscs_text_for_terminal("12\x1b[2J34", &b), "12\\x1B[2J34");
	assert_string_equal(cscs_text_for_terminal("a\rb\nc\td", &b), "a\\x0Db\\x0Ac\td");
	assert_string_equal(cscs_text_for_terminal("\xC2\x9B" "1m \xff", &b), "\\xC2\\x9B1m \\xFF");
	cscs_buf_finish(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_validation),
		cmocka_unit_test(test_encode_decode),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_control_characters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
