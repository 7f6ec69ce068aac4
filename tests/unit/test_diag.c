#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "cscs/core/diag.h"

/* Diagnostics name a worksheet cell the way a spreadsheet user reads it (F3), a CSV field as file:line:col. */
static void test_locations(void **state)
{
	(void)state;
	char col[8], buf[256];
	assert_string_equal(cscs_diag_column_letters(1, col), "A");
	assert_string_equal(cscs_diag_column_letters(26, col), "Z");
	assert_string_equal(cscs_diag_column_letters(27, col), "AA");
	assert_string_equal(cscs_diag_column_letters(702, col), "ZZ");
	assert_string_equal(cscs_diag_column_letters(703, col), "AAA");
	assert_string_equal(cscs_diag_column_letters(16384, col), "XFD");
	struct cscs_diag d = {.level = CSCS_DIAG_WARNING, .file = (char *)"intake.xlsx[licenses]", .line = 3, .col = 6,
			      .message = (char *)"'expires_on' is not a date"};
	assert_string_equal(cscs_diag_format(&d, buf, sizeof(buf)),
			    "intake.xlsx[licenses]!F3: warning: 'expires_on' is not a date");
	d.col = 0;
	assert_string_equal(cscs_diag_format(&d, buf, sizeof(buf)),
			    "intake.xlsx[licenses], row 3: warning: 'expires_on' is not a date");
	d.file = (char *)"licenses.csv";
	d.col = 6;
	assert_string_equal(cscs_diag_format(&d, buf, sizeof(buf)), "licenses.csv:3:6: warning: 'expires_on' is not a date");
	d.line = 0;
	d.col = 0;
	assert_string_equal(cscs_diag_format(&d, buf, sizeof(buf)), "licenses.csv: warning: 'expires_on' is not a date");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_locations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
