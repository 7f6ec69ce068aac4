#include "cscs/core/date.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

bool cscs_date_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int cscs_date_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && cscs_date_is_leap(year))
		return 29;
	return days[month - 1];
}

bool cscs_date_valid(int year, int month, int day)
{
	if (year < CSCS_DATE_MIN_YEAR || year > CSCS_DATE_MAX_YEAR)
		return false;
	return day >= 1 && day <= cscs_date_days_in_month(year, month);
}

/* Days from civil, after H. Hinnant's public-domain algorithm (era of 400 years). */
cscs_date cscs_date_from_ymd(int year, int month, int day)
{
	int y = year - (month <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int mp = (month + 9) % 12;
	int doy = (153 * mp + 2) / 5 + day - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (cscs_date)(era * 146097 + doe - 719468);
}

struct cscs_ymd cscs_date_to_ymd(cscs_date d)
{
	int z = d + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	struct cscs_ymd r;
	r.day = doy - (153 * mp + 2) / 5 + 1;
	r.month = mp < 10 ? mp + 3 : mp - 9;
	r.year = yoe + era * 400 + (r.month <= 2);
	return r;
}

int cscs_date_weekday(cscs_date d)
{
	/* 1970-01-01 was a Thursday (ISO 4). */
	int w = (int)((d % 7 + 7 + 3) % 7);
	return w + 1;
}

cscs_date cscs_date_add_months(cscs_date d, int months)
{
	struct cscs_ymd t = cscs_date_to_ymd(d);
	long total = (long)t.year * 12 + (t.month - 1) + months;
	int year = (int)(total >= 0 ? total / 12 : (total - 11) / 12);
	int month = (int)(total - (long)year * 12) + 1;
	int dim = cscs_date_days_in_month(year, month);
	return cscs_date_from_ymd(year, month, t.day > dim ? dim : t.day);
}

cscs_date cscs_date_add_years(cscs_date d, int years)
{
	return cscs_date_add_months(d, years * 12);
}

cscs_date cscs_date_end_of_month(cscs_date d)
{
	struct cscs_ymd t = cscs_date_to_ymd(d);
	return cscs_date_from_ymd(t.year, t.month, cscs_date_days_in_month(t.year, t.month));
}

cscs_date cscs_date_add_weekdays(cscs_date d, int n)
{
	int step = n >= 0 ? 1 : -1;
	while (n != 0) {
		d += step;
		if (cscs_date_weekday(d) <= 5)
			n -= step;
	}
	return d;
}

/* Read 1..max digits; returns the number of digits read. */
static int read_digits(const char **p, int max, int *value)
{
	int n = 0, v = 0;
	while (n < max && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*value = v;
	return n;
}

static bool match(const char **p, const char *lit)
{
	size_t n = strlen(lit);
	if (strncmp(*p, lit, n) != 0)
		return false;
	*p += n;
	return true;
}

static bool finish(int y, int m, int d, cscs_date *out)
{
	if (!cscs_date_valid(y, m, d))
		return false;
	*out = cscs_date_from_ymd(y, m, d);
	return true;
}

static void skip_blanks(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

bool cscs_date_parse(const char *s, cscs_date *out)
{
	const char *p = s;
	int y, m, d;
	skip_blanks(&p);
	const char *start = p;
	int ny = read_digits(&p, 8, &y);
	if (ny == 8 && !isdigit((unsigned char)*p)) {
		/* 20250301 */
		d = y % 100;
		m = (y / 100) % 100;
		y /= 10000;
	} else {
		if (ny != 4)
			return false;
		p = start + 4;
		if (match(&p, "年")) {
			if (read_digits(&p, 2, &m) == 0 || !match(&p, "月"))
				return false;
			if (read_digits(&p, 2, &d) == 0 || !match(&p, "日"))
				return false;
		} else {
			char sep = *p;
			if (sep != '-' && sep != '/' && sep != '.')
				return false;
			p++;
			if (read_digits(&p, 2, &m) == 0 || *p != sep)
				return false;
			p++;
			if (read_digits(&p, 2, &d) == 0)
				return false;
		}
	}
	skip_blanks(&p);
	if (*p != '\0')
		return false;
	return finish(y, m, d, out);
}

bool cscs_date_parse_iso(const char *s, cscs_date *out)
{
	int y, m, d;
	const char *p = s;
	if (read_digits(&p, 4, &y) != 4 || *p++ != '-')
		return false;
	if (read_digits(&p, 2, &m) != 2 || *p++ != '-')
		return false;
	if (read_digits(&p, 2, &d) != 2 || *p != '\0')
		return false;
	return finish(y, m, d, out);
}

/* Serial 25569 is 1970-01-01; serials below 61 sit before Excel's phantom leap day. */
bool cscs_date_from_excel_serial(double serial, cscs_date *out)
{
	if (!isfinite(serial) || serial < 1 || serial > 2958465)
		return false;
	long whole = (long)floor(serial);
	if (whole == 60)
		return false; /* 1900-02-29 never existed */
	if (whole < 60)
		whole += 1;
	cscs_date d = (cscs_date)(whole - 25569);
	struct cscs_ymd t = cscs_date_to_ymd(d);
	if (t.year < CSCS_DATE_MIN_YEAR || t.year > CSCS_DATE_MAX_YEAR)
		return false;
	*out = d;
	return true;
}

double cscs_date_to_excel_serial(cscs_date d)
{
	long serial = (long)d + 25569;
	if (serial < 61)
		serial -= 1;
	return (double)serial;
}

char *cscs_date_format(cscs_date d, char *buf)
{
	struct cscs_ymd t = cscs_date_to_ymd(d);
	int y = t.year < 0 ? 0 : t.year % 10000;
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + t.month / 10);
	buf[6] = (char)('0' + t.month % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + t.day / 10);
	buf[9] = (char)('0' + t.day % 10);
	buf[10] = '\0';
	return buf;
}

cscs_date cscs_date_today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return cscs_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
