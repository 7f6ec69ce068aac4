/*
 * USCC vectors. The valid codes other than 91110000600037341L were built
 * from GB 32100 / GB 11714 by a separate implementation (a few lines of
 * Python), so these tests compare two implementations, not one with itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "cscs/ident/region.h"
#include "cscs/ident/uscc.h"

static const char *const valid_codes[] = {
	"91110000600037341L", /* the vector criteria.md gives */
	"91310115MA1K4A1B2H",
	"92440300L12345674D", /* sole trader */
	"931200000000000199", /* farmers' cooperative */
	"51110000500001237N", /* civil affairs */
	"91440300MA5F0Y1X9F",
	"Y1330100123456788T",
	"9133010010000018XC", /* organisation check character X */
	"91330100100000040Q", /* organisation check character 0 */
};

static void test_valid_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(valid_codes) / sizeof(valid_codes[0]); i++) {
		struct cscs_uscc r;
		char reason[256];
		if (!cscs_uscc_check(valid_codes[i], &r))
			fail_msg("%s refused: %s", valid_codes[i], cscs_uscc_reason(&r, reason, sizeof(reason)));
		assert_string_equal(r.code, valid_codes[i]);
	}
}

static void test_decoding(void **state)
{
	(void)state;
	struct cscs_uscc r;
	assert_true(cscs_uscc_check("91110000600037341L", &r));
	assert_int_equal(r.authority, '9');
	assert_int_equal(r.type, '1');
	assert_string_equal(r.region, "110000");
	assert_string_equal(r.org_code, "600037341");
	assert_string_equal(cscs_region_province(r.region, false), "Beijing");
	assert_string_equal(cscs_region_province(r.region, true), "北京市");
	assert_string_equal(cscs_uscc_type_name('9', '1', false), "enterprise");
	assert_string_equal(cscs_uscc_type_name('9', '2', false), "sole trader");
	assert_string_equal(cscs_uscc_authority_name('5', false), "civil affairs");
}

static void test_normalising(void **state)
{
	(void)state;
	struct cscs_uscc r;
	assert_true(cscs_uscc_check(" 9111 0000-6000 3734 1l ", &r));
	assert_string_equal(r.code, "91110000600037341L");
	assert_true(cscs_uscc_valid("91110000600037341l"));
}

static void expect(const char *code, enum cscs_uscc_status want, size_t bad_pos)
{
	struct cscs_uscc r;
	assert_false(cscs_uscc_check(code, &r));
	if (r.status != want)
		fail_msg("%s: status %d, want %d", code, r.status, want);
	assert_int_equal(r.bad_pos, bad_pos);
}

static void test_near_misses(void **state)
{
	(void)state;
	expect("91110000600037341X", CSCS_USCC_CHECK, 18);
	expect("91110000600037342L", CSCS_USCC_ORG_CHECK, 17);
	expect("9111000060003734", CSCS_USCC_LENGTH, 0);
	expect("91110000600037341LL", CSCS_USCC_LENGTH, 0);
	expect("", CSCS_USCC_EMPTY, 0);
	expect(" - ", CSCS_USCC_EMPTY, 0);
	expect("91110000600O37341L", CSCS_USCC_CHARSET, 12); /* letter O */
	expect("9111000060003734IL", CSCS_USCC_CHARSET, 17); /* letter I */
	expect("S1110000600037341L", CSCS_USCC_CHARSET, 1);
	expect("911100Z0600037341L", CSCS_USCC_CHARSET, 7);
	expect("9111000A600037341L", CSCS_USCC_REGION_DIGITS, 8);
	expect("91990000600037341L", CSCS_USCC_REGION_UNKNOWN, 3);

	struct cscs_uscc r;
	char reason[256];
	cscs_uscc_check("91110000600037341X", &r);
	assert_non_null(strstr(cscs_uscc_reason(&r, reason, sizeof(reason)), "GB 32100 gives 'L'"));
	cscs_uscc_check("9111000060003734", &r);
	assert_string_equal(cscs_uscc_reason(&r, reason, sizeof(reason)), "has 16 characters, expected 18");
}

/* MOD 31 with weights coprime to 31 catches every single-character substitution. */
static void test_every_substitution_fails(void **state)
{
	(void)state;
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	for (size_t v = 0; v < sizeof(valid_codes) / sizeof(valid_codes[0]); v++) {
		for (size_t pos = 0; pos < CSCS_USCC_LEN; pos++) {
			for (const char *c = alphabet; *c; c++) {
				char code[CSCS_USCC_LEN + 1];
				memcpy(code, valid_codes[v], sizeof(code));
				if (code[pos] == *c)
					continue;
				code[pos] = *c;
				if (cscs_uscc_valid(code))
					fail_msg("%s accepted (from %s)", code, valid_codes[v]);
			}
		}
	}
}

static void test_check_characters(void **state)
{
	(void)state;
	assert_int_equal(cscs_uscc_check_char("91110000600037341"), 'L');
	assert_int_equal(cscs_org_code_check_char("60003734"), '1');
	assert_int_equal(cscs_org_code_check_char("10000018"), 'X');
	assert_int_equal(cscs_org_code_check_char("10000004"), '0');
	assert_int_equal(cscs_uscc_check_char("9111000060003734I"), 0);
	assert_int_equal(cscs_org_code_check_char("6000373*"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_vectors),
		cmocka_unit_test(test_decoding),
		cmocka_unit_test(test_normalising),
		cmocka_unit_test(test_near_misses),
		cmocka_unit_test(test_every_substitution_fails),
		cmocka_unit_test(test_check_characters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
