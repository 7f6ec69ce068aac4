/*
 * Civil dates (proleptic Gregorian), as a count of days since 1970-01-01.
 * Integer arithmetic only: no time zones, no struct tm, no locale.
 */
#ifndef CSCS_CORE_DATE_H
#define CSCS_CORE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t cscs_date; /* days since 1970-01-01 */

/* Years outside this range are refused by the parsers (0000-00-00 included). */
#define CSCS_DATE_MIN_YEAR 1900
#define CSCS_DATE_MAX_YEAR 2200

struct cscs_ymd {
	int year;  /* e.g. 2025 */
	int month; /* 1..12 */
	int day;   /* 1..31 */
};

bool cscs_date_is_leap(int year);
/* Days in the month (28..31); 0 for a month outside 1..12. */
int cscs_date_days_in_month(int year, int month);
/* True when y-m-d names a real day within the supported years. */
bool cscs_date_valid(int year, int month, int day);
/* Days since the epoch for a valid y-m-d (no check). */
cscs_date cscs_date_from_ymd(int year, int month, int day);
struct cscs_ymd cscs_date_to_ymd(cscs_date d);
/* ISO weekday: 1 = Monday .. 7 = Sunday. */
int cscs_date_weekday(cscs_date d);

/* Add months, clamping to the end of the month (2024-01-31 + 1 month = 2024-02-29). */
cscs_date cscs_date_add_months(cscs_date d, int months);
cscs_date cscs_date_add_years(cscs_date d, int years);
cscs_date cscs_date_end_of_month(cscs_date d);
/* Add n working days (Monday to Friday; no holiday calendar). */
cscs_date cscs_date_add_weekdays(cscs_date d, int n);

/*
 * Parse the date forms records use: 2025-03-01, 2025/3/1, 2025.3.1,
 * 20250301, 2025年3月1日 (leading/trailing blanks ignored). An impossible
 * day (2025-02-30) is refused. Returns true and sets *out on success.
 */
bool cscs_date_parse(const char *s, cscs_date *out);
/* Parse strictly YYYY-MM-DD (command-line --as-of, stored values). */
bool cscs_date_parse_iso(const char *s, cscs_date *out);
/* Excel serial day (1900 date system, 1 = 1900-01-01, 60 = the phantom 1900-02-29). */
bool cscs_date_from_excel_serial(double serial, cscs_date *out);
double cscs_date_to_excel_serial(cscs_date d);

#define CSCS_DATE_ISO_LEN 11 /* "YYYY-MM-DD" and its NUL */
/* Write d as YYYY-MM-DD into buf (at least CSCS_DATE_ISO_LEN bytes). Returns buf. */
char *cscs_date_format(cscs_date d, char *buf);
/* Today's date in local time. */
cscs_date cscs_date_today(void);

#endif
