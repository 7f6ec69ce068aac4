#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "cscs/core/date.h"

static void iso(cscs_date d, const char *want)
{
	char buf[CSCS_DATE_ISO_LEN];
	assert_string_equal(cscs_date_format(d, buf), want);
}

static cscs_date D(int y, int m, int d)
{
	return cscs_date_from_ymd(y, m, d);
}

static void test_epoch_and_round_trip(void **state)
{
	(void)state;
	assert_int_equal(D(1970, 1, 1), 0);
	assert_int_equal(D(2000, 3, 1), 11017);
	assert_int_equal(D(1969, 12, 31), -1);
	/* every day from 1900 to 2200 survives a round trip */
	for (cscs_date d = D(1900, 1, 1); d <= D(2200, 12, 31); d++) {
		struct cscs_ymd t = cscs_date_to_ymd(d);
		assert_true(cscs_date_valid(t.year, t.month, t.day));
		assert_int_equal(cscs_date_from_ymd(t.year, t.month, t.day), d);
	}
}

static void test_leap_years(void **state)
{
	(void)state;
	assert_true(cscs_date_is_leap(2024));
	assert_true(cscs_date_is_leap(2000));
	assert_false(cscs_date_is_leap(1900));
	assert_false(cscs_date_is_leap(2100));
	assert_false(cscs_date_is_leap(2025));
	assert_int_equal(cscs_date_days_in_month(2024, 2), 29);
	assert_int_equal(cscs_date_days_in_month(2025, 2), 28);
	assert_int_equal(cscs_date_days_in_month(2000, 2), 29);
	assert_int_equal(cscs_date_days_in_month(1900, 2), 28);
	assert_int_equal(D(2024, 3, 1) - D(2024, 2, 28), 2);
	assert_int_equal(D(2025, 3, 1) - D(2025, 2, 28), 1);
	assert_int_equal(D(2025, 1, 1) - D(2024, 1, 1), 366);
}

static void test_parse_forms(void **state)
{
	(void)state;
	const char *forms[] = {"2025-03-01", "2025/3/1", "2025.3.1", "2025年3月1日", "20250301",
			       " 2025-03-01 ", "2025/03/01", "2025年03月01日"};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		cscs_date d = -12345;
		assert_true(cscs_date_parse(forms[i], &d));
		iso(d, "2025-03-01");
	}
}

static void test_parse_refuses(void **state)
{
	(void)state;
	const char *bad[] = {"2025-02-30", "2025-02-29", "0000-00-00", "2025-13-01", "2025-00-10",
			     "2025-04-31", "25-03-01", "2025-3", "2025/03-01", "2025-03-01x", "",
			     "tomorrow", "2025年3月1", "1899-12-31", "2201-01-01", "20250230", "2025.3/1"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cscs_date d;
		if (cscs_date_parse(bad[i], &d))
			fail_msg("accepted '%s'", bad[i]);
	}
	cscs_date d;
	assert_true(cscs_date_parse("2024-02-29", &d));
	assert_false(cscs_date_parse_iso("2025/03/01", &d));
	assert_false(cscs_date_parse_iso("2025-3-1", &d));
	assert_true(cscs_date_parse_iso("2025-03-01", &d));
}

static void test_month_arithmetic(void **state)
{
	(void)state;
	iso(cscs_date_add_months(D(2024, 1, 31), 1), "2024-02-29");
	iso(cscs_date_add_months(D(2025, 1, 31), 1), "2025-02-28");
	iso(cscs_date_add_months(D(2025, 3, 31), -1), "2025-02-28");
	iso(cscs_date_add_months(D(2025, 11, 15), 3), "2026-02-15");
	iso(cscs_date_add_months(D(2025, 1, 15), -13), "2023-12-15");
	iso(cscs_date_add_years(D(2024, 2, 29), 1), "2025-02-28");
	iso(cscs_date_add_years(D(2024, 2, 29), 4), "2028-02-29");
	iso(cscs_date_end_of_month(D(2024, 2, 3)), "2024-02-29");
	iso(cscs_date_end_of_month(D(2025, 12, 31)), "2025-12-31");
}

static void test_weekdays(void **state)
{
	(void)state;
	assert_int_equal(cscs_date_weekday(D(1970, 1, 1)), 4); /* Thursday */
	assert_int_equal(cscs_date_weekday(D(2025, 9, 29)), 1); /* Monday */
	assert_int_equal(cscs_date_weekday(D(1969, 12, 28)), 7); /* Sunday */
	/* Friday + 1 working day = Monday */
	iso(cscs_date_add_weekdays(D(2025, 10, 3), 1), "2025-10-06");
	/* 20 working days from Monday 2025-03-03 is Monday 2025-03-31 */
	iso(cscs_date_add_weekdays(D(2025, 3, 3), 20), "2025-03-31");
	iso(cscs_date_add_weekdays(D(2025, 3, 31), -20), "2025-03-03");
}

static void test_excel_serials(void **state)
{
	(void)state;
	cscs_date d;
	assert_true(cscs_date_from_excel_serial(45717, &d));
	iso(d, "2025-03-01");
	assert_true(cscs_date_from_excel_serial(1, &d));
	iso(d, "1900-01-01");
	assert_true(cscs_date_from_excel_serial(61, &d));
	iso(d, "1900-03-01");
	assert_false(cscs_date_from_excel_serial(60, &d)); /* the phantom 1900-02-29 */
	assert_false(cscs_date_from_excel_serial(0, &d));
	assert_false(cscs_date_from_excel_serial(-5, &d));
	assert_true(cscs_date_from_excel_serial(45717.75, &d)); /* a time of day is dropped */
	iso(d, "2025-03-01");
	assert_true(cscs_date_to_excel_serial(D(2025, 3, 1)) == 45717.0);
	assert_true(cscs_date_to_excel_serial(D(1900, 1, 1)) == 1.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epoch_and_round_trip),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_month_arithmetic),
		cmocka_unit_test(test_weekdays),
		cmocka_unit_test(test_excel_serials),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
