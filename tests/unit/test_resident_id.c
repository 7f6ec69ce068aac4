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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_mask),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
