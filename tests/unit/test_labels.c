/* Report label catalogues: parsing, fallback, placeholders, and the shipped en/zh pair. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/report/labels.h"

static struct cscs_labels *parse_ok(const char *lang, const char *text)
{
	struct cscs_labels *l = NULL;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_labels_parse(&l, lang, "mem.tsv", text, strlen(text), &dl), CSCS_OK);
	assert_int_equal(dl.n, 0);
	cscs_diag_list_finish(&dl);
	return l;
}

/* Parse text expecting failure; returns the line of the first diagnostic. */
static unsigned long parse_bad(const char *text, const char *needle)
{
	struct cscs_labels *l = NULL;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_not_equal(cscs_labels_parse(&l, "en", "mem.tsv", text, strlen(text), &dl), CSCS_OK);
	assert_null(l);
	assert_true(dl.n >= 1);
	assert_string_equal(dl.items[0].file, "mem.tsv");
	if (needle && !strstr(dl.items[0].message, needle))
		fail_msg("message '%s' lacks '%s'", dl.items[0].message, needle);
	unsigned long line = dl.items[0].line;
	cscs_diag_list_finish(&dl);
	return line;
}

static void test_parse_basic(void **state)
{
	(void)state;
	struct cscs_labels *l = parse_ok("en",
		"\xEF\xBB\xBF# a comment\r\n"
		"\n"
		"b.key\tsecond\r\n"
		"a.key\tfirst line\\nsecond line\\twith tab \\\\ backslash\n"
		"empty.text\t\n");
	assert_int_equal(l->n, 3);
	assert_string_equal(cscs_labels_find(l, "b.key"), "second");
	assert_string_equal(cscs_labels_find(l, "a.key"), "first line\nsecond line\twith tab \\ backslash");
	assert_string_equal(cscs_labels_find(l, "empty.text"), "");
	assert_null(cscs_labels_find(l, "c.key"));
	assert_int_equal(l->n_missing, 0);
	cscs_labels_destroy(l);
	cscs_labels_destroy(NULL);
}

static void test_parse_errors(void **state)
{
	(void)state;
	assert_int_equal(parse_bad("ok\tyes\nno tab here\n", "no tab"), 2);
	assert_int_equal(parse_bad("ok\tyes\n\tempty key\n", "empty label key"), 2);
	assert_int_equal(parse_bad("bad key\tx\n", "character"), 1);
	parse_bad("dup\tone\ndup\ttwo\n", "defined twice");
	assert_int_equal(parse_bad("ok\tyes\nbad\t\xC3\x28\n", "UTF-8"), 2);
}

static void test_missing_and_fallback(void **state)
{
	(void)state;
	struct cscs_labels *zh = parse_ok("zh", "only.zh\t中文\nboth\t两者\n");
	zh->fallback = parse_ok("en", "both\tboth\nonly.en\tEnglish\n");
	assert_string_equal(cscs_labels_get(zh, "both"), "两者");
	assert_string_equal(cscs_labels_get(zh, "only.en"), "English");
	assert_string_equal(cscs_labels_get(zh, "nowhere"), "nowhere");
	assert_string_equal(cscs_labels_get(zh, "nowhere"), "nowhere");
	assert_int_equal(zh->n_missing, 1);
	assert_string_equal(zh->missing[0], "nowhere");
	cscs_labels_destroy(zh);
}

static void test_fill(void **state)
{
	(void)state;
	struct cscs_labels *l = parse_ok("en", "t\t{n} more rows, {n} again; {unknown} stays; {open\n");
	struct cscs_buf b = CSCS_BUF_INIT;
	const char *names[] = {"n"};
	const char *values[] = {"12"};
	cscs_labels_fill(l, "t", &b, names, values, 1);
	assert_string_equal(cscs_buf_str(&b), "12 more rows, 12 again; {unknown} stays; {open");
	cscs_buf_reset(&b);
	/* A value holding braces or printf codes is copied, never interpreted. */
	const char *odd[] = {"%s{n}"};
	cscs_labels_fill(l, "t", &b, names, odd, 1);
	assert_string_equal(cscs_buf_str(&b), "%s{n} more rows, %s{n} again; {unknown} stays; {open");
	cscs_buf_finish(&b);
	cscs_labels_destroy(l);
}

static void test_load_errors(void **state)
{
	(void)state;
	struct cscs_labels *l = NULL;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_labels_load(&l, CSCS_TEST_SRCDIR, "xx", &dl), CSCS_ERR_NOT_FOUND);
	assert_int_equal(cscs_labels_load(&l, CSCS_TEST_SRCDIR, "../en", &dl), CSCS_ERR_USAGE);
	assert_int_equal(cscs_labels_load(&l, NULL, "en", &dl), CSCS_ERR_USAGE);
	assert_null(l);
	cscs_diag_list_finish(&dl);
}

/* The shipped catalogues: both load, hold the same keys, and give real sheet names. */
static void test_shipped_catalogues(void **state)
{
	(void)state;
	struct cscs_labels *en = NULL, *zh = NULL;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_labels_load(&en, CSCS_TEST_SRCDIR, "en", &dl), CSCS_OK);
	assert_int_equal(cscs_labels_load(&zh, CSCS_TEST_SRCDIR, "zh", &dl), CSCS_OK);
	assert_int_equal(dl.n, 0);
	assert_non_null(zh->fallback);
	assert_null(en->fallback);
	/* Every English key has its own Chinese text (not just the fallback), and the reverse. */
	size_t i = 0, j = 0;
	while (i < en->n || j < zh->n) {
		int c = i >= en->n ? 1 : j >= zh->n ? -1 : strcmp(en->items[i].key, zh->items[j].key);
		if (c < 0)
			fail_msg("key '%s' is in en.tsv but not zh.tsv", en->items[i].key);
		if (c > 0)
			fail_msg("key '%s' is in zh.tsv but not en.tsv", zh->items[j].key);
		/* Placeholders must survive translation. */
		for (const char *p = strchr(en->items[i].text, '{'); p; p = strchr(p + 1, '{')) {
			const char *close = strchr(p, '}');
			if (!close)
				break;
			char ph[64];
			snprintf(ph, sizeof(ph), "%.*s", (int)(close - p + 1), p);
			if (!strstr(zh->items[j].text, ph))
				fail_msg("zh.tsv '%s' lacks the placeholder %s", zh->items[j].key, ph);
		}
		i++;
		j++;
	}
	/* Sheet names: non-empty, at most 31 characters, none of []:*?/\ — Excel refuses them otherwise. */
	static const char *const sheets[] = {
		"sheet.summary", "sheet.findings", "sheet.remediation", "sheet.deadlines",
		"sheet.partners", "sheet.checks", "sheet.data_quality", "sheet.run_info",
	};
	const struct cscs_labels *cats[] = {en, zh};
	for (size_t c = 0; c < 2; c++) {
		for (size_t k = 0; k < sizeof(sheets) / sizeof(sheets[0]); k++) {
			const char *name = cscs_labels_find(cats[c], sheets[k]);
			assert_non_null(name);
			size_t chars = 0;
			for (const char *p = name; *p; p++)
				chars += ((unsigned char)*p & 0xC0) != 0x80;
			assert_true(chars > 0 && chars <= 31);
			assert_null(strpbrk(name, "[]:*?/\\"));
			for (size_t k2 = 0; k2 < k; k2++)
				assert_string_not_equal(name, cscs_labels_find(cats[c], sheets[k2]));
		}
	}
	assert_string_equal(cscs_labels_find(zh, "sheet.findings"), "问题清单");
	assert_string_equal(cscs_labels_find(en, "sheet.findings"), "Findings");
	cscs_labels_destroy(en);
	cscs_labels_destroy(zh);
	cscs_diag_list_finish(&dl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_basic),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_missing_and_fallback),
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_shipped_catalogues),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
