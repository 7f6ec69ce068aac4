/* Vocabularies as data: the file format, folding, patterns, suggestions and the user's own words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cscs/intake/records.h"
#include "cscs/intake/vocab.h"

#ifdef NDEBUG
#error "these tests rely on assert()"
#endif

#define SHIPPED CSCS_TEST_SRCDIR "/templates/vocabulary.tsv"

static struct cscs_vocab *shipped(void)
{
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_vocab *v = cscs_vocab_new();
	assert_non_null(v);
	assert_int_equal(cscs_vocab_load(v, SHIPPED, true, &dl), CSCS_OK);
	assert_int_equal(dl.n, 0);
	cscs_diag_list_finish(&dl);
	return v;
}

static const char *match(const struct cscs_vocab *v, const char *list, const char *in)
{
	const struct cscs_vocab_list *l = cscs_vocab_find(v, list);
	assert_non_null(l);
	return cscs_vocab_match(v, l, in, strlen(in));
}

static void expect(const struct cscs_vocab *v, const char *list, const char *in, const char *want)
{
	const char *got = match(v, list, in);
	if (!got || strcmp(got, want) != 0)
		fail_msg("%s '%s': expected %s, got %s", list, in, want, got ? got : "no match");
}

static void test_fold(void **state)
{
	(void)state;
	char out[128];
	cscs_vocab_fold("  Co., Ltd. ", 12, out, sizeof(out));
	assert_string_equal(out, "coltd");
	const char *fw = "ＬＬＣ（有限责任公司）";
	cscs_vocab_fold(fw, strlen(fw), out, sizeof(out));
	assert_string_equal(out, "llc有限责任公司");
	const char *cn = "有限责任公司（外商投资、非独资）。";
	cscs_vocab_fold(cn, strlen(cn), out, sizeof(out));
	assert_string_equal(out, "有限责任公司外商投资非独资");
	/* cut at a character boundary */
	assert_int_equal(cscs_vocab_fold("有限", 6, out, 5), 3);
	assert_string_equal(out, "有");
}

static void test_every_enumerated_column_has_its_vocabulary(void **state)
{
	(void)state;
	struct cscs_vocab *v = shipped();
	size_t n_types;
	const struct cscs_record_type *types = cscs_record_types(&n_types);
	for (size_t t = 0; t < n_types; t++) {
		for (size_t i = 0; i < types[t].n_fields; i++) {
			const struct cscs_field *f = &types[t].fields[i];
			if (f->type != CSCS_FT_ENUM)
				continue;
			const struct cscs_vocab_list *l = cscs_vocab_find(v, f->vocab);
			if (!l || l->n_values == 0)
				fail_msg("%s.%s: vocabulary '%s' is not in the shipped file", types[t].name, f->name,
					 f->vocab);
			/* the template's example is a value */
			if (f->example && *f->example && !cscs_vocab_match(v, l, f->example, strlen(f->example)))
				fail_msg("%s.%s: example '%s' is no word", types[t].name, f->name, f->example);
		}
	}
	cscs_vocab_free(v);
}

static void test_words_and_patterns(void **state)
{
	(void)state;
	struct cscs_vocab *v = shipped();
	/* values, labels, words; case, full-width forms, blanks and punctuation do not count */
	expect(v, "license_status", "REVOKED", "revoked");
	expect(v, "license_status", "吊销", "revoked");
	expect(v, "license_status", " 已过期。", "expired");
	expect(v, "entity_type", "Co., Ltd.", "llc");
	expect(v, "entity_type", "ＷＦＯＥ", "llc");
	/* patterns: a prefix for the bracketed licence forms, a suffix for branches; the longest wins */
	expect(v, "entity_type", "有限责任公司（港澳台法人独资）", "llc");
	expect(v, "entity_type", "股份有限公司（上市、国有控股）", "joint_stock");
	expect(v, "entity_type", "某某贸易有限公司上海分公司", "branch");
	expect(v, "entity_type", "有限责任公司分公司（自然人投资或控股）", "branch");
	expect(v, "entity_type", "农民专业合作社", "cooperative");
	expect(v, "entity_type", "某某县蔬菜种植农民专业合作社", "cooperative");
	expect(v, "entity_type", "个体工商户", "sole_trader");
	expect(v, "entity_type", "外国企业常驻代表机构", "rep_office");
	expect(v, "entity_type", "事业单位", "other");
	/* an exact word wins over a pattern */
	expect(v, "case_status", "终结本次执行", "enforcing");
	assert_null(match(v, "case_status", "bogus"));
	assert_null(match(v, "case_status", "—"));
	/* the nearest word, for messages */
	const struct cscs_vocab_list *l = cscs_vocab_find(v, "case_status");
	const char *word = NULL;
	const struct cscs_vocab_value *near = cscs_vocab_nearest(l, "Judgd", 5, &word);
	assert_non_null(near);
	assert_string_equal(near->value, "judged");
	assert_string_equal(near->label, "已判决");
	assert_null(cscs_vocab_nearest(l, "something else entirely", 23, &word));
	cscs_vocab_free(v);
}

static enum cscs_error parse(struct cscs_vocab *v, const char *text, bool base, struct cscs_diag_list *dl)
{
	return cscs_vocab_parse(v, "my.tsv", text, strlen(text), base, dl);
}

static bool said(const struct cscs_diag_list *dl, unsigned long line, unsigned long col, const char *text)
{
	for (size_t i = 0; i < dl->n; i++)
		if (dl->items[i].line == line && (!col || dl->items[i].col == col) &&
		    strstr(dl->items[i].message, text))
			return true;
	return false;
}

static void test_user_file(void **state)
{
	(void)state;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_vocab *v = shipped();
	/* words for existing values: a header, comments and blank lines */
	assert_int_equal(parse(v, "vocabulary\tvalue\tword\n# ours\n\ncase_status\tjudged\t判了\n"
				  "entity_type\tbranch_words_go\there\n", false, &dl), CSCS_ERR_INPUT);
	assert_true(said(&dl, 5, 13, "'branch_words_go' is not a value of entity_type; its values are: enterprise"));
	cscs_vocab_free(v);

	v = shipped();
	assert_int_equal(parse(v, "case_status\tjudged\t判了\ncase_status\tclosed\t*了结\n", false, &dl), CSCS_OK);
	expect(v, "case_status", "判了", "judged");
	expect(v, "case_status", "早已了结", "closed");
	/* errors name the line and column */
	assert_int_equal(parse(v, "nonsense\tx\ty\n", false, &dl), CSCS_ERR_INPUT);
	assert_true(said(&dl, 1, 1, "no vocabulary 'nonsense'; the vocabularies are: entity_type"));
	assert_int_equal(parse(v, "\n\ncase_status judged\n", false, &dl), CSCS_ERR_INPUT);
	assert_true(said(&dl, 3, 0, "expected three fields separated by tabs (vocabulary, value, word), found 1"));
	assert_int_equal(parse(v, "case_status\tclosed\t已判决\n", false, &dl), CSCS_ERR_INPUT);
	assert_true(said(&dl, 1, 20, "'已判决' already means case_status 'judged' ("));
	assert_int_equal(parse(v, "case_status\tclosed\t - \n", false, &dl), CSCS_ERR_INPUT);
	assert_true(said(&dl, 1, 0, "nothing but blanks and punctuation"));
	assert_int_equal(parse(v, "Case\tclosed\tx\n", false, &dl), CSCS_ERR_INPUT);
	assert_true(said(&dl, 1, 1, "vocabulary name 'Case' must be lower-case"));
	assert_int_equal(cscs_vocab_parse(v, "bad.tsv", "a\t\xFF\n", 5, false, &dl), CSCS_ERR_INPUT);
	assert_true(said(&dl, 1, 0, "must be UTF-8"));
	assert_int_equal(cscs_vocab_load(v, CSCS_TEST_SRCDIR "/no/such/vocabulary.tsv", false, &dl),
			 CSCS_ERR_NOT_FOUND);
	cscs_vocab_free(v);
	cscs_diag_list_finish(&dl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_every_enumerated_column_has_its_vocabulary),
		cmocka_unit_test(test_words_and_patterns),
		cmocka_unit_test(test_user_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
