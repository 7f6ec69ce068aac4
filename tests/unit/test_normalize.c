/* Name normalisation: real-style spellings of company names and people. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cscs/screen/normalize.h"

#ifdef NDEBUG
#error "these tests need assert()"
#endif

struct name_case {
	const char *input;  /* as written in a record */
	const char *key;    /* expected key */
	const char *branch; /* expected branch marker */
	int legal_form;     /* a legal form was removed */
};

static const struct name_case cases[] = {
	/* Chinese legal forms */
	{"华东电子元件有限公司", "华东电子元件", "", 1},
	{"华东电子元件有限责任公司", "华东电子元件", "", 1},
	{"华东电子元件股份有限公司", "华东电子元件", "", 1},
	{"华东电子元件公司", "华东电子元件", "", 1},
	{"华东电子元件总公司", "华东电子元件", "", 1},
	{"华东电子元件", "华东电子元件", "", 0},
	{"  华东电子元件  有限公司 ", "华东电子元件", "", 1},
	{"深圳前海创新投资合伙企业（有限合伙）", "深圳前海创新投资", "", 1},
	{"北京明德律师事务所（特殊普通合伙）", "北京明德律师事务所", "", 1},
	/* meaningful words stay */
	{"华东电子集团有限公司", "华东电子集团", "", 1},
	{"华东电子（集团）有限公司", "华东电子集团", "", 1},
	{"华东第一机床厂", "华东第一机床厂", "", 0},
	{"上海市检测中心", "上海检测中心", "", 0},
	/* the level of a leading province or city is written or not: dropped, but not 市场 */
	{"上海市华东电子有限公司", "上海华东电子", "", 1},
	{"华东电子（上海市）有限公司", "上海华东电子", "", 1},
	{"广东省华东电子有限公司", "广东华东电子", "", 1},
	{"北京市场调研有限公司", "北京市场调研", "", 1},
	{"上海市", "上海市", "", 0},
	/* blanks between Chinese characters say nothing, even inside a legal form */
	{"华东 电子 有限 公司", "华东电子", "", 1},
	{"斑和 科技有 · 限责任公司", "斑和科技", "", 1},
	{"有限公司", "有限公司", "", 0},
	{"中国有限公司", "中国", "", 1},
	/* bracket forms and regions */
	{"华东电子元件（上海）有限公司", "上海华东电子元件", "", 1},
	{"华东电子元件(上海)有限公司", "上海华东电子元件", "", 1},
	{"华东电子元件【上海】有限公司", "上海华东电子元件", "", 1},
	{"华东电子元件〔上海〕有限公司", "上海华东电子元件", "", 1},
	{"华东电子元件[上海]有限公司", "上海华东电子元件", "", 1},
	{"上海华东电子元件有限公司", "上海华东电子元件", "", 1},
	{"西门子（中国）有限公司", "中国西门子", "", 1},
	{"恒通物流（浦东新区）有限公司", "浦东新区恒通物流", "", 1},
	{"华东电子有限公司（原华东电器厂）", "华东电子", "", 1},
	{"《华东》电子有限公司", "华东电子", "", 1},
	/* full-width letters, digits, punctuation */
	{"ＡＢＣ科技有限公司", "abc科技", "", 1},
	{"３Ｍ中国有限公司", "3m中国", "", 1},
	{"华东·电子、元件有限公司", "华东电子元件", "", 1},
	{"华东\xe3\x80\x80电子元件有限公司", "华东电子元件", "", 1},
	/* English names */
	{"ACME Trading Co., Ltd.", "acmetrading", "", 1},
	{"ACME Trading Co.,Ltd", "acmetrading", "", 1},
	{"Acme Trading Company Limited", "acmetrading", "", 1},
	{"ＡＣＭＥ　Ｔｒａｄｉｎｇ　Ｃｏ．，Ｌｔｄ．", "acmetrading", "", 1},
	{"ACME Trading (Shanghai) Co., Ltd.", "shanghaiacmetrading", "", 1},
	{"Acme Widgets, Inc.", "acmewidgets", "", 1},
	{"Acme Widgets Corp.", "acmewidgets", "", 1},
	{"Acme Widgets LLC", "acmewidgets", "", 1},
	{"Müller Maschinenbau GmbH & Co. KG", "müllermaschinenbau", "", 1},
	{"MÜLLER MASCHINENBAU GMBH", "müllermaschinenbau", "", 1},
	{"Limited Brands Inc.", "limitedbrands", "", 1},
	{"The Coca-Cola Company", "thecocacola", "", 1},
	{"Inc.", "inc", "", 0},
	{"Colt Industries", "coltindustries", "", 0},
	/* branch offices */
	{"华东电子元件有限公司上海分公司", "华东电子元件", "上海分公司", 1},
	{"华东电子元件有限公司上海浦东分公司", "华东电子元件", "上海浦东分公司", 1},
	{"华东电子元件有限公司（上海）分公司", "华东电子元件", "上海分公司", 1},
	{"中国银行股份有限公司上海市分行", "中国银行", "上海市分行", 1},
	{"华东电子元件分公司", "华东电子元件", "分公司", 0},
	{"华东电子元件有限公司北京办事处", "华东电子元件", "北京办事处", 1},
	{"ACME Trading Co., Ltd. Shanghai Branch", "acmetrading", "shanghaibranch", 1},
	{"ACME Trading Co., Ltd. Beijing Representative Office", "acmetrading", "beijingrepresentativeoffice",
		1},
	{"Branch", "branch", "", 0},
	/* a branch written in brackets, as list exports and licences often do */
	{"北京鼎嘉贸易有限责任公司（朝阳分公司）", "北京鼎嘉贸易", "朝阳分公司", 1},
	{"中国平安财产保险股份有限公司（深圳分公司）", "中国平安财产保险", "深圳分公司", 1},
	{"上海华东电子有限公司(浦东分公司)", "上海华东电子", "浦东分公司", 1},
	{"上海华东电子有限公司 ( 浦东分公司 ) ", "上海华东电子", "浦东分公司", 1},
	{"招商银行股份有限公司【上海分行】", "招商银行", "上海分行", 1},
	{"华东电子元件有限公司（北京办事处）", "华东电子元件", "北京办事处", 1},
	{"华东电子元件（分公司）", "华东电子元件", "分公司", 0},
	{"中国工商银行股份有限公司北京分行（营业部）", "中国工商银行", "北京分行营业部", 1},
	{"中国工商银行股份有限公司北京分行营业部", "中国工商银行", "北京分行营业部", 1},
	{"ACME Trading Co., Ltd. (Shanghai Branch)", "acmetrading", "shanghaibranch", 1},
	{"ACME Trading Co., Ltd. (Beijing Representative Office)", "acmetrading",
		"beijingrepresentativeoffice", 1},
	{"（华东分公司）", "华东分公司", "", 0},
	/* a note on the record's status, as vendor masters and exports write it: not part of the name */
	{"上海华东电子有限公司(停用)", "上海华东电子", "", 1},
	{"【停用】上海华东电子有限公司", "上海华东电子", "", 1},
	{"【作废】【停用】上海华东电子有限公司", "上海华东电子", "", 1},
	{"上海华东电子有限公司-停用", "上海华东电子", "", 1},
	{"上海华东电子有限公司_已注销", "上海华东电子", "", 1},
	{"上海华东电子有限公司（吊销，未注销）", "上海华东电子", "", 1},
	{"华东电子元件有限公司上海分公司（停用）", "华东电子元件", "上海分公司", 1},
	{"ACME Trading Co., Ltd. (inactive)", "acmetrading", "", 1},
	{"华东注销咨询有限公司", "华东注销咨询", "", 1},
	{"上海停用", "上海停用", "", 0},
	{"有限公司停用", "有限公司停用", "", 0},
	{"（停用）", "停用", "", 0},
	{"Closed Loop Ltd", "closedloop", "", 1},
	/* empty and odd input */
	{"", "", "", 0},
	{"   ", "", "", 0},
	{"（）", "", "", 0},
	{"华东电子)有限公司", "华东电子", "", 1},
};

static void test_name_table(void **state)
{
	(void)state;
	int n_bad = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cscs_name_norm nn;
		cscs_screen_normalize_name(cases[i].input, strlen(cases[i].input), &nn);
		if (strcmp(nn.key, cases[i].key) != 0 || strcmp(nn.branch, cases[i].branch) != 0 ||
		    (int)nn.legal_form != cases[i].legal_form) {
			print_error("'%s': got key '%s' branch '%s' legal %d, expected '%s' '%s' %d\n",
				cases[i].input,
				    nn.key, nn.branch, nn.legal_form, cases[i].key, cases[i].branch,
					cases[i].legal_form);
			n_bad++;
		}
		assert_int_equal(nn.key_len, strlen(nn.key));
		assert_int_equal(nn.branch_len, strlen(nn.branch));
	}
	assert_int_equal(n_bad, 0);
}

/*
 * A name in Chinese characters and in Latin letters, each part a name with
 * its legal form: the Chinese part is the key, the Latin one the
 * alternative. A brand in letters, or a part without its legal form, does
 * not make two names.
 */
static void test_both_scripts(void **state)
{
	(void)state;
	static const char *const scripts[][4] = {
		/* name, key, branch, alt */
		{"华东电子有限公司（Huadong Electronics Co., Ltd.）", "华东电子", "", "huadongelectronics"},
		{"华东电子有限公司(Huadong Electronics Limited)", "华东电子", "", "huadongelectronics"},
		{"上海华东电子有限公司 Shanghai Huadong Electronics Co., Ltd.", "上海华东电子", "",
			"shanghaihuadongelectronics"},
		{"Sino Ocean Shipping Co., Ltd. 中远海洋航运有限公司", "中远海洋航运", "", "sinooceanshipping"},
		{"Müller GmbH 米勒机械有限公司", "米勒机械", "", "müller"},
		{"TCL科技集团股份有限公司（TCL Technology Group Corporation）", "tcl科技集团", "", "tcltechnologygroup"},
		{"ACME Trading Co., Ltd. Shanghai Branch 艾克美贸易有限公司上海分公司", "艾克美贸易", "上海分公司",
			"acmetrading"},
		{"华东电子有限公司（Huadong Electronics Co., Ltd.）（停用）", "华东电子", "", "huadongelectronics"},
		{"【停用】Sino Ocean Shipping Co., Ltd. 中远海洋航运有限公司", "中远海洋航运", "", "sinooceanshipping"},
		/* one name */
		{"ABC科技有限公司", "abc科技", "", ""},
		{"3M中国有限公司", "3m中国", "", ""},
		{"华东电子 Huadong Electronics", "华东电子huadongelectronics", "", ""},
		{"华东电子（Huadong Electronics Co., Ltd.）", "华东电子huadongelectronicscoltd", "", ""},
		{"华东电子有限公司 Huadong", "华东电子有限公司huadong", "", ""},
		{"ACME Trading Co., Ltd.", "acmetrading", "", ""},
	};
	int n_bad = 0;
	for (size_t i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++) {
		struct cscs_name_norm nn;
		cscs_screen_normalize_name(scripts[i][0], strlen(scripts[i][0]), &nn);
		if (strcmp(nn.key, scripts[i][1]) != 0 || strcmp(nn.branch, scripts[i][2]) != 0 ||
		    strcmp(nn.alt, scripts[i][3]) != 0) {
			print_error("'%s': got key '%s' branch '%s' alt '%s', expected '%s' '%s' '%s'\n", scripts[i][0],
				    nn.key, nn.branch, nn.alt, scripts[i][1], scripts[i][2], scripts[i][3]);
			n_bad++;
		}
		assert_int_equal(nn.alt_len, strlen(nn.alt));
	}
	assert_int_equal(n_bad, 0);
}

/* Spellings of one company give one key; different companies different keys. */
static void test_equivalence(void **state)
{
	(void)state;
	const char *same[] = {
		"华东电子元件有限公司", "华东电子元件股份有限公司", " 华东 电子元件 ", "華东电子元件"};
	struct cscs_name_norm a, b;
	cscs_screen_normalize_name(same[0], strlen(same[0]), &a);
	for (size_t i = 1; i < 3; i++) {
		cscs_screen_normalize_name(same[i], strlen(same[i]), &b);
		assert_string_equal(a.key, b.key);
	}
	/* traditional characters fold to simplified (OpenCC) */
	assert_true(cscs_screen_fold_ready());
	cscs_screen_normalize_name(same[3], strlen(same[3]), &b);
	assert_string_equal(a.key, b.key);
	cscs_screen_normalize_name("华东电子集团有限公司", strlen("华东电子集团有限公司"), &b);
	cscs_screen_normalize_name("华东电子有限公司", strlen("华东电子有限公司"), &a);
	assert_string_not_equal(a.key, b.key);
}

/* Traditional spellings (Hong Kong, Taiwan, some list exports) against the simplified ones. */
static const char *const trad[][2] = {
	{"深圳市前海恒通供應鏈管理有限公司", "深圳市前海恒通供应链管理有限公司"},
	{"華鑫電子（香港）有限公司", "华鑫电子（香港）有限公司"},
	{"臺灣積體電路製造股份有限公司", "台湾积体电路制造股份有限公司"},
	{"東莞市長興實業有限公司", "东莞市长兴实业有限公司"},
	{"廣州匯豐銀行有限公司深圳分行", "广州汇丰银行有限公司深圳分行"},
	{"裏綫", "里线"},             /* Hong Kong and Taiwan variant forms */
	{"乾坤科技有限公司", "乾坤科技有限公司"}, /* 乾 is itself in 乾坤 ... */
	{"乾燥設備有限公司", "干燥设备有限公司"}, /* ... and 干 in 乾燥: OpenCC's phrase tables */
	{"乾坤貿易有限公司", "乾坤贸易有限公司"}, /* and both spellings fold it alike */
	{"上海精乾貿易有限公司", "上海精乾贸易有限公司"}, /* outside a phrase: was 精干 against 精乾 */
	{"上海製衣有限公司", "上海制衣有限公司"}, /* variants OpenCC folds that simplified text */
	{"北京鐘錶有限公司", "北京钟表有限公司"},   /* may also hold: were not folded at all */
	{"青島寶豐傢俱有限公司", "青岛宝丰家具有限公司"}, /* 傢俱 = 家具, though 俱 alone stays 俱 */
};

static void test_traditional(void **state)
{
	(void)state;
	assert_true(cscs_screen_fold_ready());
	struct cscs_name_norm a, b;
	for (size_t i = 0; i < sizeof(trad) / sizeof(trad[0]); i++) {
		cscs_screen_normalize_name(trad[i][0], strlen(trad[i][0]), &a);
		cscs_screen_normalize_name(trad[i][1], strlen(trad[i][1]), &b);
		assert_string_equal(a.key, b.key);
		assert_string_equal(a.branch, b.branch);
	}
	cscs_screen_normalize_name(trad[0][0], strlen(trad[0][0]), &a);
	assert_string_equal(a.key, "深圳前海恒通供应链管理");
	char out[64];
	cscs_screen_normalize_person("張 三", strlen("張 三"), out, sizeof(out));
	assert_string_equal(out, "张三");
	/*
	 * 乾 is a simplified character too (乾坤) and 干 in traditional text:
	 * it folds in every name, so that a traditional name converted whole
	 * and its simplified spelling agree. Two names apart only by 乾 and 干
	 * are then one (their codes still tell two companies apart).
	 */
	cscs_screen_normalize_name("新乾文化传媒有限公司", strlen("新乾文化传媒有限公司"), &a);
	cscs_screen_normalize_name("新干文化传媒有限公司", strlen("新干文化传媒有限公司"), &b);
	assert_string_equal(a.key, "新干文化传媒");
	assert_string_equal(a.key, b.key);
	/* simplified text and other scripts pass unchanged */
	cscs_screen_normalize_name("华东电子 ABC", strlen("华东电子 ABC"), &a);
	assert_string_equal(a.key, "华东电子abc");
}

/* Two threads folding at once (the list index is read on two) get what one thread gets. */
static void *fold_all(void *arg)
{
	char *keys = arg;
	for (size_t i = 0; i < sizeof(trad) / sizeof(trad[0]); i++) {
		struct cscs_name_norm nn;
		cscs_screen_normalize_name(trad[i][0], strlen(trad[i][0]), &nn);
		memcpy(keys + i * CSCS_NAME_KEY_MAX, nn.key, nn.key_len + 1);
	}
	return NULL;
}

static void test_traditional_threads(void **state)
{
	(void)state;
	enum { N = sizeof(trad) / sizeof(trad[0]) };
	static char k1[N * CSCS_NAME_KEY_MAX], k2[N * CSCS_NAME_KEY_MAX], k3[N * CSCS_NAME_KEY_MAX];
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, fold_all, k1), 0);
	fold_all(k2);
	assert_int_equal(pthread_join(t, NULL), 0);
	fold_all(k3);
	assert_memory_equal(k1, k3, sizeof(k1));
	assert_memory_equal(k2, k3, sizeof(k2));
}

static void test_long_and_malformed(void **state)
{
	(void)state;
	char name[4000];
	size_t n = 0;
	while (n + 3 < sizeof(name) - 1) {
		memcpy(name + n, "华", 3);
		n += 3;
	}
	name[n] = '\0';
	struct cscs_name_norm nn;
	cscs_screen_normalize_name(name, n, &nn);
	assert_true(nn.key_len > 0 && nn.key_len < CSCS_NAME_KEY_MAX);
	assert_int_equal(nn.key_len % 3, 0);
	const char bad[] = "华东\xff\xfe电子\xe5有限公司";
	cscs_screen_normalize_name(bad, sizeof(bad) - 1, &nn);
	assert_string_equal(nn.key, "华东电子");
	cscs_screen_normalize_name(NULL, 0, &nn);
	assert_string_equal(nn.key, "");
}

static void test_person_and_id(void **state)
{
	(void)state;
	char out[64];
	const char *names[][2] = {
		{"张三", "张三"}, {" 张 三 ", "张三"}, {"阿卜杜·热合曼", "阿卜杜热合曼"},
		{"John  SMITH", "johnsmith"}, {"Ｊｏｈｎ Smith", "johnsmith"}, {"", ""},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t len = cscs_screen_normalize_person(names[i][0], strlen(names[i][0]), out, sizeof(out));
		assert_string_equal(out, names[i][1]);
		assert_int_equal(len, strlen(names[i][1]));
	}
	cscs_screen_normalize_person("张三李四王五", strlen("张三李四王五"), out, 8);
	assert_string_equal(out, "张三");
	cscs_screen_normalize_id("11010519491231002x", out, sizeof(out));
	assert_string_equal(out, "11010519491231002X");
	cscs_screen_normalize_id("110105 1949-1231-002X", out, sizeof(out));
	assert_string_equal(out, "11010519491231002X");
	cscs_screen_normalize_id("１１０１０５１９４９１２３１００２Ｘ", out, sizeof(out));
	assert_string_equal(out, "11010519491231002X");
	cscs_screen_normalize_id(NULL, out, sizeof(out));
	assert_string_equal(out, "");
}

static void test_sql_function(void **state)
{
	(void)state;
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(cscs_screen_register_sql(db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
		"SELECT normalize_name('华东电子元件（上海）有限公司'), normalize_name(NULL),"
		" normalize_name('华东电子元件有限公司上海分公司'),"
		" normalize_name('华东电子元件有限公司') = normalize_name('华东电子元件股份有限公司')",
		-1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "上海华东电子元件");
	assert_int_equal(sqlite3_column_type(st, 1), SQLITE_NULL);
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "华东电子元件上海分公司");
	assert_int_equal(sqlite3_column_int(st, 3), 1);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void test_dup(void **state)
{
	(void)state;
	char *s = cscs_screen_normalize_name_dup("华东电子元件有限公司上海分公司");
	assert_string_equal(s, "华东电子元件上海分公司");
	free(s);
	s = cscs_screen_normalize_name_dup(NULL);
	assert_string_equal(s, "");
	free(s);
}

static void test_hash(void **state)
{
	(void)state;
	assert_int_equal(cscs_screen_hash32("", 0), 2166136261u);
	assert_int_not_equal(cscs_screen_hash32("华东", 6), cscs_screen_hash32("华西", 6));
	assert_int_equal(cscs_screen_hash32("abc", 3), cscs_screen_hash32("abcd", 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_table),
		cmocka_unit_test(test_both_scripts),
		cmocka_unit_test(test_equivalence),
		cmocka_unit_test(test_traditional),
		cmocka_unit_test(test_traditional_threads),
		cmocka_unit_test(test_long_and_malformed),
		cmocka_unit_test(test_person_and_id),
		cmocka_unit_test(test_sql_function),
		cmocka_unit_test(test_dup),
		cmocka_unit_test(test_hash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
