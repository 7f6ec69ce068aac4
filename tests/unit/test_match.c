/* Match scoring: every rule, its score, band and explanation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cscs/screen/index.h"
#include "cscs/screen/match.h"

#ifdef NDEBUG
#error "these tests need assert()"
#endif

#define USCC_A "913100004JURQ2830Y"
#define USCC_B "91310000FQEFLCR61X"
#define ID_A "310101199801234567"
#define ID_B "310101196712262343"

struct company_case {
	const char *what;         /* the rule under test */
	const char *s_name, *s_code; /* subject */
	const char *e_name, *e_code; /* list entry */
	bool related;             /* anything relates them */
	int score;                /* expected score */
	enum cscs_match_rule rule;/* expected rule */
	const char *band;         /* with thresholds 90 / 70 */
	const char *why[3];       /* phrases the explanation must contain */
};

static const struct company_case companies[] = {
	{"same USCC, names differ", "华东电子元件有限公司", USCC_A, "恒通物流有限公司", USCC_A,
	 true, 100, CSCS_RULE_USCC, "match", {"same USCC " USCC_A, "names differ: 华东电子元件 / 恒通物流"}},
	{"same USCC, names equal", "华东电子元件有限公司", USCC_A, "华东电子元件股份有限公司", USCC_A,
	 true, 100, CSCS_RULE_USCC, "match", {"same USCC " USCC_A,
		"names equal after normalisation: 华东电子元件"}},
	{"USCC written differently", "华东电子元件有限公司", "9131 0000 4jur q283 0y", "恒通物流", USCC_A,
	 true, 100, CSCS_RULE_USCC, "match", {"same USCC " USCC_A}},
	{"same USCC, branch marker differs", "华东电子元件有限公司上海分公司", USCC_A, "华东电子元件有限公司", USCC_A,
	 true, 100, CSCS_RULE_USCC, "match", {"same USCC", "branch marker differs: 上海分公司 / none"}},
	{"equal normalised names", "华东电子元件（上海）有限公司", NULL, "上海华东电子元件股份有限公司", NULL,
	 true, 95, CSCS_RULE_NAME, "match", {"names equal after normalisation: 上海华东电子元件"}},
	{"equal names, USCC on one side", "华东电子元件有限公司", USCC_A, "华东电子元件有限公司", NULL,
	 true, 95, CSCS_RULE_NAME, "match", {"names equal"}},
	{"conflicting USCCs", "华东电子元件有限公司", USCC_A, "华东电子元件有限公司", USCC_B,
	 true, 45, CSCS_RULE_NAME, "clear", {"names equal", "different USCCs " USCC_A " / " USCC_B " (-50)"}},
	{"invalid code differs: no conflict", "华东电子元件有限公司", USCC_A, "华东电子元件有限公司", "91310000FQEFLCR610",
	 true, 95, CSCS_RULE_NAME, "match", {"codes differ, the list entry's is not a valid USCC"}},
	{"invalid code on the subject's side", "华东电子元件有限公司", "91310000FQEFLCR610", "华东电子元件有限公司", USCC_A,
	 true, 95, CSCS_RULE_NAME, "match", {"codes differ, the subject's is not a valid USCC: 91310000FQEFLCR610 / " USCC_A}},
	{"neither code valid", "华东电子元件有限公司", "ABC123", "华东电子元件有限公司", "XYZ789",
	 true, 95, CSCS_RULE_NAME, "match", {"codes differ, neither is a valid USCC: ABC123 / XYZ789"}},
	{"branch marker differs", "华东电子元件有限公司上海分公司", NULL, "华东电子元件有限公司", NULL,
	 true, 75, CSCS_RULE_NAME, "review", {"names equal", "branch marker differs: 上海分公司 / none (-20)"}},
	{"different branches", "华东电子元件有限公司上海分公司", NULL, "华东电子元件有限公司北京分公司", NULL,
	 true, 75, CSCS_RULE_NAME, "review", {"branch marker differs: 上海分公司 / 北京分公司"}},
	{"same branch", "华东电子元件有限公司上海分公司", NULL, "华东电子元件公司上海分公司", NULL,
	 true, 95, CSCS_RULE_NAME, "match", {"same branch marker: 上海分公司"}},
	{"similar names (plain Dice 12/16)", "上海华东电子元件有限公司", NULL, "华东电子元件有限公司", NULL,
	 true, 75, CSCS_RULE_SIMILAR, "review", {"names 75% similar after normalisation: 上海华东电子元件 / 华东电子元件"}},
	{"similar names capped below match", "ACME International Trading Holdings Ltd", NULL,
	 "ACME International Trading Holding Ltd", NULL, true, 89, CSCS_RULE_SIMILAR, "review",
		{"95% similar"}},
	{"similar names and conflicting USCCs", "上海华东电子元件有限公司", USCC_A, "华东电子元件有限公司", USCC_B,
	 true, 25, CSCS_RULE_SIMILAR, "clear", {"similar", "different USCCs"}},
	{"not similar enough", "华东电子元件有限公司", NULL, "华西电器有限公司", NULL,
	 false, 0, CSCS_RULE_NONE, "clear", {NULL}},
	{"short names: one character differs", "华为有限公司", NULL, "华力有限公司", NULL,
	 false, 0, CSCS_RULE_NONE, "clear", {NULL}},
	{"same invalid code, names unrelated", "华东电子元件有限公司", "ABC123", "恒通物流有限公司", "abc-123",
	 true, 70, CSCS_RULE_CODE, "review", {"same code ABC123, but it is not a valid USCC",
		"names differ"}},
	{"same invalid code, names equal", "华东电子元件有限公司", "ABC123", "华东电子元件公司", "ABC123",
	 true, 99, CSCS_RULE_CODE, "match", {"same code ABC123", "names equal"}},
	{"English legal forms", "ACME Trading Co., Ltd.", NULL, "Acme Trading Company Limited", NULL,
	 true, 95, CSCS_RULE_NAME, "match", {"names equal after normalisation: acmetrading"}},
	{"empty names never match", "有限公司", NULL, "", NULL, false, 0, CSCS_RULE_NONE, "clear", {NULL}},
};

static void test_company_rules(void **state)
{
	(void)state;
	int n_bad = 0;
	for (size_t i = 0; i < sizeof(companies) / sizeof(companies[0]); i++) {
		const struct company_case *c = &companies[i];
		struct cscs_screen_company s, e;
		struct cscs_match m;
		struct cscs_buf why = CSCS_BUF_INIT;
		cscs_screen_company_init(&s, c->s_name, c->s_code);
		cscs_screen_company_init(&e, c->e_name, c->e_code);
		bool related = cscs_screen_score_company(&s, &e, 70, NULL, &m, &why);
		const char *band = cscs_screen_band(m.score, 90, 70);
		bool ok = related == c->related && m.score == c->score && m.rule == c->rule && strcmp(band,
			c->band) == 0;
		for (size_t k = 0; ok && k < 3 && c->why[k]; k++)
			ok = strstr(cscs_buf_str(&why), c->why[k]) != NULL;
		if (!ok) {
			print_error("%s: related %d score %d rule %s band %s; explanation: %s\n", c->what,
				related, m.score,
				    cscs_screen_rule_name(m.rule), band, cscs_buf_str(&why));
			n_bad++;
		}
		cscs_buf_finish(&why);
	}
	assert_int_equal(n_bad, 0);
}

/* Weights by rarity: a name sharing only common bigrams is less similar. */
static void test_weighted_similarity(void **state)
{
	(void)state;
	uint32_t *table = calloc(CSCS_GRAM_BUCKETS, sizeof(*table));
	assert_non_null(table);
	for (size_t b = 0; b < CSCS_GRAM_BUCKETS; b++)
		table[b] = (uint32_t)b | 10u << 24;
	/* make the bigrams of 上海 and 电子 with the start and end marks common: weight 1 */
	uint32_t pairs[][2] = {{1, 0x4E0A}, {0x4E0A, 0x6D77}, {0x7535, 0x5B50}, {0x5B50, 2}};
	for (size_t i = 0; i < 4; i++) {
		uint32_t b = cscs_screen_gram_bucket(pairs[i][0], pairs[i][1]);
		table[b] = b | 1u << 24;
	}
	const char *a = "上海华东电子", *b = "上海华西电子";
	int plain = cscs_screen_name_similarity(a, strlen(a), b, strlen(b), NULL);
	int weighted = cscs_screen_name_similarity(a, strlen(a), b, strlen(b), table);
	/* plain: 5 of 7 bigrams each; weighted: shared 1+1+10+1+1 of 34 each */
	assert_int_equal(plain, 71);
	assert_int_equal(weighted, 41);
	/* sharing the rare part counts: 华东电子 vs 上海华东电子 */
	int rare = cscs_screen_name_similarity("华东电子", strlen("华东电子"), a, strlen(a), table);
	assert_true(rare > weighted);
	assert_int_equal(cscs_screen_name_similarity(a, strlen(a), a, strlen(a), table), 100);
	assert_int_equal(cscs_screen_name_similarity("", 0, a, strlen(a), table), 0);
	free(table);
}

struct person_case {
	const char *what;
	const char *s_name, *s_id, *e_name, *e_id;
	bool related;
	int score;
	enum cscs_match_rule rule;
	const char *why;
};

static const struct person_case persons[] = {
	{"same number and name", "张三", ID_A, "张 三", ID_A, true, 100, CSCS_RULE_ID,
		"same identity number 310***********4567"},
	{"same number, names differ", "张三", ID_A, "张叁", ID_A, true, 90, CSCS_RULE_ID,
		"names differ: 张三 / 张叁"},
	{"same name, no number on the entry", "张三", ID_A, "张三", NULL, true, 70, CSCS_RULE_PERSON_NAME,
	 "no identity number on the list entry to compare"},
	{"same name, no number anywhere", "张三", NULL, "张三", "", true, 70, CSCS_RULE_PERSON_NAME,
		"on either side"},
	{"same name, numbers differ", "张三", ID_A, "张三", ID_B, true, 20, CSCS_RULE_PERSON_NAME,
	 "identity numbers differ: 310***********4567 / 310***********2343"},
	{"same number with a wrong check digit", "张三", "310101199801234568", "张三", "310101199801234568", true,
		90,
	 CSCS_RULE_ID, "check digit is wrong"},
	{"nothing in common", "张三", ID_A, "李四", ID_B, false, 0, CSCS_RULE_NONE, NULL},
};

static void test_person_rules(void **state)
{
	(void)state;
	int n_bad = 0;
	for (size_t i = 0; i < sizeof(persons) / sizeof(persons[0]); i++) {
		const struct person_case *c = &persons[i];
		struct cscs_screen_person s, e;
		struct cscs_match m;
		struct cscs_buf why = CSCS_BUF_INIT;
		cscs_screen_person_init(&s, c->s_name, c->s_id);
		cscs_screen_person_init(&e, c->e_name, c->e_id);
		bool related = cscs_screen_score_person(&s, &e, &m, &why);
		bool ok = related == c->related && m.score == c->score && m.rule == c->rule &&
			  (!c->why || strstr(cscs_buf_str(&why), c->why));
		/* identity numbers never appear whole */
		if (strstr(cscs_buf_str(&why), "1998012345") || strstr(cscs_buf_str(&why), "1967122623"))
			ok = false;
		if (!ok) {
			print_error("%s: related %d score %d rule %s; explanation: %s\n", c->what, related,
				m.score,
				    cscs_screen_rule_name(m.rule), cscs_buf_str(&why));
			n_bad++;
		}
		cscs_buf_finish(&why);
	}
	assert_int_equal(n_bad, 0);
}

static void test_bands(void **state)
{
	(void)state;
	assert_string_equal(cscs_screen_band(100, 90, 70), "match");
	assert_string_equal(cscs_screen_band(90, 90, 70), "match");
	assert_string_equal(cscs_screen_band(89, 90, 70), "review");
	assert_string_equal(cscs_screen_band(70, 90, 70), "review");
	assert_string_equal(cscs_screen_band(69, 90, 70), "clear");
	assert_string_equal(cscs_screen_band(0, 0, 0), "match");
	assert_string_equal(cscs_screen_band(75, 80, 80), "clear");
	assert_string_equal(cscs_screen_rule_name(CSCS_RULE_SIMILAR), "similar_name");
	assert_string_equal(cscs_screen_rule_name(CSCS_RULE_NONE), "none");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_company_rules),
		cmocka_unit_test(test_weighted_similarity),
		cmocka_unit_test(test_person_rules),
		cmocka_unit_test(test_bands),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
