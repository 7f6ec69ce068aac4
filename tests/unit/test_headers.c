/* Headers as people write them: folding, money units, the synonyms file and the mapping file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cscs/intake/headers.h"
#include "cscs/intake/vocab.h"
#include "cscs/intake/import.h"
#include "cscs/store/store.h"

#ifdef NDEBUG
#error "these tests rely on assert()"
#endif

#define SYNONYMS CSCS_TEST_SRCDIR "/templates/headers.tsv"

static void fold_is(const char *in, const char *folded, const char *unit)
{
	char out[CSCS_HEADER_FOLD_LEN], u[CSCS_HEADER_FOLD_LEN];
	assert_true(cscs_header_fold(in, strlen(in), out, u));
	assert_string_equal(out, folded);
	assert_string_equal(u, unit);
}

static void test_fold(void **state)
{
	(void)state;
	fold_is("Unified Social Credit Code", "unifiedsocialcreditcode", "");
	fold_is("ＵＳＣＣ", "uscc", "");                        /* full width */
	fold_is("licence_no.", "licenceno", "");
	fold_is("*企业名称：", "企业名称", "");
	fold_is("涉案金额（万元）", "涉案金额", "万元");
	fold_is("Amount (RMB 10k)", "amount", "rmb10k");
	fold_is("金额【单位：千元】", "金额", "单位千元");
	fold_is("税（费）种", "税(费)种", "");                  /* a bracket inside stays */
	fold_is("有效期\n至", "有效期至", "");                   /* a header wrapped in its cell */
}

static void test_money_units(void **state)
{
	(void)state;
	assert_int_equal(cscs_money_unit_exp("元"), 0);
	assert_int_equal(cscs_money_unit_exp("rmb"), 0);
	assert_int_equal(cscs_money_unit_exp("万元"), 4);
	assert_int_equal(cscs_money_unit_exp("rmb10k"), 4);
	assert_int_equal(cscs_money_unit_exp("单位万元"), 4);
	assert_int_equal(cscs_money_unit_exp("单位千元"), 3);
	assert_int_equal(cscs_money_unit_exp("人民币万元"), 4);
	assert_int_equal(cscs_money_unit_exp("亿元"), 8);
	assert_int_equal(cscs_money_unit_exp("usd"), -1);
	assert_int_equal(cscs_money_unit_exp("必填"), -1);
	assert_int_equal(cscs_money_unit_exp("单位"), -1);
	assert_int_equal(cscs_money_unit_exp("单位人民币"), 0);
	assert_int_equal(cscs_money_unit_exp(""), -1);
}

static void test_shipped_synonyms(void **state)
{
	(void)state;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_synonyms *s;
	assert_int_equal(cscs_synonyms_load(&s, SYNONYMS, &dl), CSCS_OK);
	const struct cscs_record_type *entity = cscs_record_type_find("entity");
	const struct cscs_record_type *lic = cscs_record_type_find("licenses");
	const struct cscs_record_type *cases = cscs_record_type_find("court_cases");
	char unit[CSCS_HEADER_FOLD_LEN];
	const char *h = "Credit Code";
	assert_string_equal(cscs_header_find(s, NULL, entity, h, strlen(h), unit)->name, "uscc");
	h = " 社会信用代码 ";
	assert_string_equal(cscs_header_find(s, NULL, entity, h, strlen(h), unit)->name, "uscc");
	h = "Licence No.";
	assert_string_equal(cscs_header_find(s, NULL, lic, h, strlen(h), unit)->name, "license_no");
	h = "有效期至(YYYY-MM-DD)";
	assert_string_equal(cscs_header_find(s, NULL, lic, h, strlen(h), unit)->name, "expires_on");
	h = "涉案金额（万元）";
	assert_string_equal(cscs_header_find(s, NULL, cases, h, strlen(h), unit)->name, "amount");
	assert_string_equal(unit, "万元");
	h = "序号";
	assert_null(cscs_header_find(s, NULL, cases, h, strlen(h), unit));
	/* a penalty register kept in English: the authority as issuer, the class of the penalty */
	const struct cscs_record_type *pen = cscs_record_type_find("penalties");
	h = "Issuing authority";
	assert_string_equal(cscs_header_find(s, NULL, pen, h, strlen(h), unit)->name, "authority");
	h = "Class";
	assert_string_equal(cscs_header_find(s, NULL, pen, h, strlen(h), unit)->name, "severity");
	h = "失信程度";
	assert_string_equal(cscs_header_find(s, NULL, pen, h, strlen(h), unit)->name, "severity");
	/* a supplier ledger as finance keeps it: the partner's name under Supplier, Vendor, 往来单位 */
	const struct cscs_record_type *partners = cscs_record_type_find("partners");
	static const char *const partner_names[] = {"Supplier", "Vendor Name", "Customer", "供应商", "往来单位名称",
		"交易对方"};
	for (size_t i = 0; i < sizeof(partner_names) / sizeof(partner_names[0]); i++) {
		h = partner_names[i];
		assert_string_equal(cscs_header_find(s, NULL, partners, h, strlen(h), unit)->name, "name");
	}
	/* without synonyms only the registry's names */
	h = "Credit Code";
	assert_null(cscs_header_find(NULL, NULL, entity, h, strlen(h), unit));
	cscs_synonyms_destroy(s);
	cscs_diag_list_finish(&dl);
}

static char *write_tmp(const char *text)
{
	char *path = strdup("/tmp/cscs-headers-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static bool has_diag(const struct cscs_diag_list *dl, unsigned long line, unsigned long col, const char *text)
{
	for (size_t i = 0; i < dl->n; i++)
		if (dl->items[i].line == line && dl->items[i].col == col && strstr(dl->items[i].message, text))
			return true;
	return false;
}

static void synonyms_fail(const char *text, unsigned long line, unsigned long col, const char *msg)
{
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	char *path = write_tmp(text);
	struct cscs_synonyms *s = (struct cscs_synonyms *)1;
	assert_int_equal(cscs_synonyms_load(&s, path, &dl), CSCS_ERR_INPUT);
	assert_null(s);
	if (!has_diag(&dl, line, col, msg)) {
		for (size_t i = 0; i < dl.n; i++)
			fprintf(stderr, "%lu:%lu: %s\n", dl.items[i].line, dl.items[i].col, dl.items[i].message);
		fail_msg("expected %lu:%lu: %s", line, col, msg);
	}
	unlink(path);
	free(path);
	cscs_diag_list_finish(&dl);
}

static void test_synonym_errors(void **state)
{
	(void)state;
	synonyms_fail("# c\nlicences\tlicense_no\tx\n", 2, 1, "'licences' is not a record type");
	synonyms_fail("licenses\tnumber\tx\n", 1, 10, "'number' is not a column of licenses");
	synonyms_fail("licenses\tlicense_no\tNo.|有效期至\n", 1, 25, "would name two columns of licenses");
	synonyms_fail("licenses\tlicense_no\n", 1, 1, "expected three fields");
	synonyms_fail("licenses\tlicense_no\t编号（必填）\n", 1, 21, "ends in a bracketed part");
}

/* The shipped vocabulary: a mapping's values are checked against it. */
static struct cscs_vocab *shipped_vocab(struct cscs_diag_list *dl)
{
	struct cscs_vocab *v = cscs_vocab_new();
	assert_non_null(v);
	assert_int_equal(cscs_vocab_load(v, CSCS_TEST_SRCDIR "/templates/vocabulary.tsv", true, dl), CSCS_OK);
	return v;
}

static void mapping_fail(const char *text, unsigned long line, unsigned long col, const char *msg)
{
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	char *path = write_tmp(text);
	struct cscs_mapping *m = (struct cscs_mapping *)1;
	struct cscs_vocab *voc = shipped_vocab(&dl);
	assert_int_equal(cscs_mapping_load(&m, path, voc, &dl), CSCS_ERR_INPUT);
	cscs_vocab_free(voc);
	assert_null(m);
	if (!has_diag(&dl, line, col, msg)) {
		for (size_t i = 0; i < dl.n; i++)
			fprintf(stderr, "%lu:%lu: %s\n", dl.items[i].line, dl.items[i].col, dl.items[i].message);
		fail_msg("expected %lu:%lu: %s", line, col, msg);
	}
	unlink(path);
	free(path);
	cscs_diag_list_finish(&dl);
}

static void test_mapping(void **state)
{
	(void)state;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	char *path = write_tmp("\xEF\xBB\xBF# an ERP export\n"
			       "[司法案件]\n"
			       "file = lawsuits.xlsx\n"
			       "column Case Ref = case_no\n"
			       "column Exposure = 涉案金额\n"
			       "; values\n"
			       "value status Final = judged\n"
			       "value role D = 被告\n");
	struct cscs_mapping *m;
	struct cscs_vocab *voc = shipped_vocab(&dl);
	assert_int_equal(cscs_mapping_load(&m, path, voc, &dl), CSCS_OK);
	cscs_vocab_free(voc);
	const struct cscs_record_type *cases = cscs_record_type_find("court_cases");
	assert_ptr_equal(cscs_mapping_file_type(m, "lawsuits.xlsx"), cases);
	assert_ptr_equal(cscs_mapping_file_type(m, "lawsuits"), cases);
	assert_null(cscs_mapping_file_type(m, "lawsuits.csv"));
	char unit[CSCS_HEADER_FOLD_LEN];
	const char *h = "CASE REF";
	assert_string_equal(cscs_header_find(NULL, m, cases, h, strlen(h), unit)->name, "case_no");
	h = "Exposure (RMB 10k)";
	assert_string_equal(cscs_header_find(NULL, m, cases, h, strlen(h), unit)->name, "amount");
	assert_string_equal(unit, "rmb10k");
	const struct cscs_field *status = &cases->fields[8];
	assert_string_equal(status->name, "status");
	assert_string_equal(cscs_mapping_value(m, cases, status, " final ", 7), "judged");
	assert_null(cscs_mapping_value(m, cases, status, "finalised", 9));
	cscs_mapping_destroy(m);
	unlink(path);
	free(path);
	cscs_diag_list_finish(&dl);

	mapping_fail("column a = case_no\n", 1, 1, "before the first [record type] section");
	mapping_fail("[lawsuits]\n", 1, 2, "'lawsuits' is not a record type");
	mapping_fail("[court_cases]\ncolumn Ref = case_number\n", 2, 14, "'case_number' is not a column of court_cases");
	mapping_fail("[court_cases]\nvalue status X = finished\n", 2, 18, "'finished' is not a value of court_cases.status");
	mapping_fail("[court_cases]\nrename a = case_no\n", 2, 1, "unknown mapping 'rename'");
	mapping_fail("[court_cases]\ncolumn = case_no\n", 2, 7, "expected their column's header");
	mapping_fail("[court_cases]\njust words\n", 2, 1, "expected 'file = NAME'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_money_units),
		cmocka_unit_test(test_shipped_synonyms),
		cmocka_unit_test(test_synonym_errors),
		cmocka_unit_test(test_mapping),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
