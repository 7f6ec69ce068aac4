#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cscs/ident/resident_id.h"

static void test_valid(void **state)
{
	(void)state;
	assert_true(cscs_resident_id_valid("11010519491231002X")); /* the GB 11643 example */
	assert_true(cscs_resident_id_valid("11010519491231002x"));
	assert_true(cscs_resident_id_valid("440524188001010014"));
	assert_false(cscs_resident_id_valid("110105194912310021"));
	assert_false(cscs_resident_id_valid("11010519491231002"));
	assert_false(cscs_resident_id_valid("1101051949123100AX"));
	assert_false(cscs_resident_id_valid(""));
	assert_false(cscs_resident_id_valid(NULL));
}

static void test_mask(void **state)
{
	(void)state;
	char out[32];
	assert_string_equal(cscs_resident_id_mask("11010519491231002X", out, sizeof(out)), "110***********002X");
	assert_string_equal(cscs_resident_id_mask("1234567", out, sizeof(out)), "*******");
	assert_string_equal(cscs_resident_id_mask("", out, sizeof(out)), "");
	assert_string_equal(cscs_resident_id_mask(NULL, out, sizeof(out)), "");
	char tiny[5];
	assert_string_equal(cscs_resident_id_mask("11010519491231002X", tiny, sizeof(tiny)), "110*");
}

/* Identity numbers as people write them are masked too (issue 14, fault 6). */
static void test_forms(void **state)
{
	(void)state;
	struct cscs_buf b = CSCS_BUF_INIT;
	char out[64];
	/* full-width digits */
	assert_string_equal(cscs_resident_id_mask_text("法人 \xEF\xBC\x93\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x95"
							"\xEF\xBC\x98\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x99\xEF\xBC\x98"
							"\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x91"
							"\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x95 end", &b),
			    "法人 320***********1235 end");
	/* groups split by blanks, an ideographic space, hyphens */
	assert_string_equal(cscs_resident_id_mask_text("id 320581 19800101 1235.", &b), "id 320***********1235.");
	assert_string_equal(cscs_resident_id_mask_text("320581\xE3\x80\x80" "19800101-1235", &b), "320***********1235");
	assert_string_equal(cscs_resident_id_mask_text("110105-1949-1231-002x", &b), "110***********002X");
	/* a number beside others: the 18 digits in a group of their own are found */
	assert_string_equal(cscs_resident_id_mask_text("2024 320581198001011235 12", &b), "2024 320***********1235 12");
	/* not a number: 19 digits, an impossible date, three blanks between groups */
	const char *long_run = "3205811980010112351";
	assert_ptr_equal(cscs_resident_id_mask_text(long_run, &b), long_run);
	const char *bad_date = "320581 19801301 1235";
	assert_ptr_equal(cscs_resident_id_mask_text(bad_date, &b), bad_date);
	const char *far = "320581   19800101 1235";
	assert_ptr_equal(cscs_resident_id_mask_text(far, &b), far);
	/* a whole value in another form is masked in its normalised form: no middle digit stays */
	assert_string_equal(cscs_resident_id_mask("320581 19800101 1235", out, sizeof(out)), "320***********1235");
	assert_string_equal(cscs_resident_id_mask("\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x91"
						  "\xEF\xBC\x90\xEF\xBC\x95\xEF\xBC\x91\xEF\xBC\x99\xEF\xBC\x94"
						  "\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x91"
						  "\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\xB8",
						  out, sizeof(out)),
			    "110***********002X");
	/* characters, not bytes, for what is no number */
	assert_string_equal(cscs_resident_id_mask("张三李四王五赵六", out, sizeof(out)), "张三李*王五赵六");
	assert_true(cscs_resident_id_like(" 320581 19800101 1235 "));
	assert_true(cscs_resident_id_like("110105491231002"));
	assert_false(cscs_resident_id_like("91310115MA1K4A1B2H"));
	assert_false(cscs_resident_id_like("320581 19801301 1235"));
	char norm[32];
	assert_int_equal(cscs_resident_id_normalize("３２０５８１ 1980-0101\xE3\x80\x80" "123ｘ", norm, sizeof(norm)), 18);
	assert_string_equal(norm, "32058119800101123X");
	cscs_buf_finish(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
