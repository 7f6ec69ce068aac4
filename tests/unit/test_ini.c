/* The project file reader (cscs-audit.ini): keys, values, quoting, comments, and hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cscs/core/ini.h"

static void parse_ok(const char *text, size_t len, struct cscs_ini *ini)
{
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	enum cscs_error err = cscs_ini_parse(text, len, "c.ini", ini, &dl);
	for (size_t i = 0; i < dl.n; i++) {
		char buf[512];
		fprintf(stderr, "%s\n", cscs_diag_format(&dl.items[i], buf, sizeof(buf)));
	}
	assert_int_equal(err, CSCS_OK);
	assert_int_equal(dl.n, 0);
	cscs_diag_list_finish(&dl);
}

/* text must be refused with one error at line:col whose message holds needle. */
static void expect_error(const char *text, size_t len, unsigned long line, unsigned long col, const char *needle)
{
	struct cscs_ini ini;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_ini_parse(text, len, "c.ini", &ini, &dl), CSCS_ERR_INPUT);
	assert_int_equal(ini.n, 0);
	assert_null(ini.items);
	assert_int_equal(dl.n_errors, 1);
	assert_string_equal(dl.items[0].file, "c.ini");
	assert_int_equal(dl.items[0].line, line);
	if (col)
		assert_int_equal(dl.items[0].col, col);
	if (!strstr(dl.items[0].message, needle))
		fail_msg("message '%s' lacks '%s'", dl.items[0].message, needle);
	cscs_diag_list_finish(&dl);
}

static void test_keys_and_values(void **state)
{
	(void)state;
	const char *t = "# a client\n"
			"[audit]\n"
			"title = Acme audit 2026   # trailing comment\n"
			"prepared_by=\"Li \\\"Wei\\\" \\\\ Co\" ; comment\n"
			"\n"
			"  ; indented comment\r\n"
			"lang = zh\r\n"
			"logo =\n"
			"lists = ../shared lists#not a comment\n";
	struct cscs_ini ini;
	parse_ok(t, strlen(t), &ini);
	assert_int_equal(ini.n, 5);
	assert_string_equal(cscs_ini_get(&ini, "title")->value, "Acme audit 2026");
	assert_int_equal(cscs_ini_get(&ini, "title")->line, 3);
	assert_string_equal(cscs_ini_get(&ini, "prepared_by")->value, "Li \"Wei\" \\ Co");
	assert_string_equal(cscs_ini_get(&ini, "lang")->value, "zh");
	assert_int_equal(cscs_ini_get(&ini, "lang")->vcol, 8);
	assert_string_equal(cscs_ini_get(&ini, "logo")->value, "");
	assert_string_equal(cscs_ini_get(&ini, "lists")->value, "../shared lists#not a comment");
	assert_null(cscs_ini_get(&ini, "profile"));
	cscs_ini_free(&ini);
}

static void test_bom_and_chinese(void **state)
{
	(void)state;
	const char *t = "\xEF\xBB\xBFtitle = 艾克美 自查报告\nprepared_by = \"王 会计\"\n";
	struct cscs_ini ini;
	parse_ok(t, strlen(t), &ini);
	assert_int_equal(ini.n, 2);
	assert_string_equal(ini.items[0].key, "title");
	assert_int_equal(ini.items[0].col, 1);
	assert_string_equal(ini.items[0].value, "艾克美 自查报告");
	assert_string_equal(ini.items[1].value, "王 会计");
	cscs_ini_free(&ini);
	/* empty and comment-only files hold nothing */
	parse_ok("", 0, &ini);
	assert_int_equal(ini.n, 0);
	parse_ok("\xEF\xBB\xBF# nothing\n", 13, &ini);
	assert_int_equal(ini.n, 0);
	cscs_ini_free(&ini);
}

static void test_hostile(void **state)
{
	(void)state;
	expect_error("title = a\ntitle = b\n", 20, 2, 1, "given twice (first on line 1)");
	expect_error("title = \"open\n", 14, 1, 9, "quote is not closed");
	expect_error("title = \"a\" b\n", 14, 1, 13, "text after the closing quote");
	expect_error("title = \"a\\n\"\n", 14, 1, 11, "backslash");
	expect_error("title\n", 6, 1, 6, "expected '='");
	expect_error("Title = x\n", 10, 1, 1, "expected a key");
	expect_error("= x\n", 4, 1, 1, "expected a key");
	expect_error("[other]\n", 8, 1, 1, "only one section");
	expect_error("a = 1\n[audit]\n", 14, 2, 1, "only one section");
	expect_error("[audit] x\n", 10, 1, 9, "after the section header");
	expect_error("title = a\nlang = z\0h\n", 21, 2, 9, "NUL byte");
	expect_error("title = \xff\xfe\n", 11, 1, 9, "not UTF-8");
	/* a UTF-16 file (its mark is not UTF-8) */
	expect_error("\xff\xfet\0i\0", 6, 1, 0, "");

	size_t n = CSCS_INI_LINE_MAX + 100;
	char *big = malloc(n + 16);
	assert_non_null(big);
	memcpy(big, "lang = en\ntitle = ", 18);
	memset(big + 18, 'x', n - 18);
	big[n] = '\n';
	expect_error(big, n + 1, 2, CSCS_INI_LINE_MAX + 1, "longer than");
	/* a line just at the limit is fine */
	struct cscs_ini ini;
	size_t at = 10 + CSCS_INI_LINE_MAX;
	big[at] = '\n';
	parse_ok(big, at + 1, &ini);
	assert_int_equal(strlen(cscs_ini_get(&ini, "title")->value), CSCS_INI_LINE_MAX - 8);
	cscs_ini_free(&ini);
	free(big);
}

static void test_many_keys(void **state)
{
	(void)state;
	/* many distinct keys (the parser grows its table), then a duplicate at the end */
	char *t = malloc(64 * 200);
	assert_non_null(t);
	size_t len = 0;
	for (int i = 0; i < 200; i++)
		len += (size_t)sprintf(t + len, "k%d = %d\n", i, i);
	struct cscs_ini ini;
	parse_ok(t, len, &ini);
	assert_int_equal(ini.n, 200);
	assert_string_equal(cscs_ini_get(&ini, "k199")->value, "199");
	cscs_ini_free(&ini);
	len += (size_t)sprintf(t + len, "k7 = again\n");
	expect_error(t, len, 201, 1, "'k7' is given twice (first on line 8)");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_and_values),
		cmocka_unit_test(test_bom_and_chinese),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_many_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
