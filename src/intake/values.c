#include "cscs/intake/values.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/date.h"
#include "cscs/core/money.h"
#include "cscs/core/text.h"
#include "cscs/ident/uscc.h"

const char cscs_value_date_forms[] = "YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYYMMDD or YYYY年M月D日";

/* Longest value the typed parsers look at; longer text cannot be a date, an amount or a code. */
#define MAX_TYPED 128

static const char *const yes_words[] = {"yes", "y", "true", "1", "是", "有", NULL};
static const char *const no_words[] = {"no", "n", "false", "0", "否", "无", NULL};

const char *cscs_value_bool_words(int value)
{
	return value ? "yes, y, true, 1, 是, 有" : "no, n, false, 0, 否, 无";
}

static size_t blank_at(const char *p, size_t left)
{
	unsigned char c = (unsigned char)p[0];
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
		return 1;
	if (left >= 2 && c == 0xC2 && (unsigned char)p[1] == 0xA0)
		return 2;
	if (left >= 3 && memcmp(p, "\xE3\x80\x80", 3) == 0)
		return 3;
	/* U+FEFF: a byte order mark in mid-file (files joined together) is no part of a value. */
	if (left >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		return 3;
	return 0;
}

static size_t blank_before(const char *s, size_t len)
{
	if (len >= 1 && blank_at(s + len - 1, 1) == 1)
		return 1;
	if (len >= 2 && memcmp(s + len - 2, "\xC2\xA0", 2) == 0)
		return 2;
	if (len >= 3 && (memcmp(s + len - 3, "\xE3\x80\x80", 3) == 0 || memcmp(s + len - 3, "\xEF\xBB\xBF", 3) == 0))
		return 3;
	return 0;
}

size_t cscs_value_trim(const char *in, size_t len, const char **start)
{
	size_t n;
	while (len > 0 && (n = blank_at(in, len)) > 0) {
		in += n;
		len -= n;
	}
	while (len > 0 && (n = blank_before(in, len)) > 0)
		len -= n;
	*start = in;
	return len;
}

static enum cscs_value_status reject(char *reason, const struct cscs_field *f, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum cscs_value_status reject(char *reason, const struct cscs_field *f, const char *fmt, ...)
{
	int n = snprintf(reason, CSCS_VALUE_REASON_LEN, "'%s' ", f->name);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason + n, CSCS_VALUE_REASON_LEN - (size_t)n, fmt, ap);
	va_end(ap);
	return CSCS_VALUE_REJECTED;
}

static void set_text(struct cscs_value *out, const char *text, size_t len)
{
	out->kind = CSCS_VALUE_TEXT;
	out->text = text;
	out->len = len;
}

static void set_scratch(struct cscs_value *out, const char *text)
{
	snprintf(out->scratch, sizeof(out->scratch), "%s", text);
	set_text(out, out->scratch, strlen(out->scratch));
}

static void set_int(struct cscs_value *out, int64_t v)
{
	out->kind = CSCS_VALUE_INT;
	out->num = v;
}

/* Copy s[0..len) into a NUL-terminated buf of size n; false when it does not fit. */
static bool copy_z(char *buf, size_t n, const char *s, size_t len)
{
	if (len >= n)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return true;
}

/*
 * Rewrite a number as XML writes it ("1.25E+3", "-4.5e-2", "12.0") as a
 * plain decimal ("1250", "-0.045", "12.0") in out. False when it is not
 * such a number.
 */
static bool plain_decimal(const char *s, char *out, size_t n)
{
	const char *p = s;
	bool neg = false;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	char digits[64];
	size_t nd = 0;
	long point = -1;
	for (; isdigit((unsigned char)*p) || *p == '.'; p++) {
		if (*p == '.') {
			if (point >= 0)
				return false;
			point = (long)nd;
			continue;
		}
		if (nd + 1 >= sizeof(digits))
			return false;
		digits[nd++] = *p;
	}
	if (nd == 0)
		return false;
	if (point < 0)
		point = (long)nd;
	if (*p == 'e' || *p == 'E') {
		char *end;
		long e = strtol(p + 1, &end, 10);
		if (end == p + 1 || *end || e > 30 || e < -30)
			return false;
		point += e;
	} else if (*p) {
		return false;
	}
	size_t o = 0;
	if (neg)
		out[o++] = '-';
	if (point <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (long i = point; i < 0; i++)
			out[o++] = '0';
		for (size_t i = 0; i < nd; i++)
			out[o++] = digits[i];
	} else {
		for (long i = 0; i < point || i < (long)nd; i++) {
			if (i == point)
				out[o++] = '.';
			out[o++] = i < (long)nd ? digits[i] : '0';
		}
	}
	out[o] = '\0';
	return o < n;
}

/*
 * A number cell holds a binary double as text ("1234.5599999999999"):
 * round its decimal string half away from zero to two places, so that an
 * amount typed as 1234.56 reads as 1234.56 and not as a precision error.
 * Only done past 6 decimals, where the digits are floating-point noise.
 */
static void round_number_text(char *s)
{
	char *dot = strchr(s, '.');
	if (!dot || strlen(dot + 1) <= 6)
		return;
	bool up = dot[3] >= '5';
	dot[3] = '\0';
	if (!up)
		return;
	for (char *p = dot + 2; p >= s; p--) {
		if (*p == '.' || *p == '-')
			continue;
		if (*p < '9') {
			(*p)++;
			return;
		}
		*p = '0';
	}
	/* 99.999 → 100.00: one more digit at the front */
	size_t len = strlen(s);
	char *first = s[0] == '-' ? s + 1 : s;
	memmove(first + 1, first, len - (size_t)(first - s) + 1);
	*first = '1';
}

/* Drop a time of day after a date ("2025-03-01 00:00:00", "2025/3/1 9:30", "2025-03-01T08:00"). */
static void strip_time(char *s)
{
	char *sep = strpbrk(s, " T");
	if (!sep || sep - s < 8)
		return;
	const char *p = sep + 1;
	while (*p == ' ')
		p++;
	int digits = 0;
	while (isdigit((unsigned char)*p)) {
		p++;
		digits++;
	}
	if (digits < 1 || digits > 2 || *p != ':')
		return;
	for (p++; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != ':' && *p != '.')
			return;
	*sep = '\0';
}

/*
 * When s has the shape of a date whose numbers name no day (2025-02-30,
 * 2025-13-01, 1899-12-31), say why in why; false when s is no date at all.
 */
static bool why_no_day(const char *s, char *why, size_t n)
{
	int y, m, d, end = 0;
	char a[8], b[8];
	bool shaped = (sscanf(s, "%4d%7[-/.]%2d%7[-/.]%2d%n", &y, a, &m, b, &d, &end) == 5 && s[end] == '\0') ||
		      (sscanf(s, "%4d年%2d月%2d日%n", &y, &m, &d, &end) == 3 && s[end] == '\0');
	if (!shaped && strlen(s) == 8 && strspn(s, "0123456789") == 8) {
		long v = atol(s);
		y = (int)(v / 10000);
		m = (int)(v / 100 % 100);
		d = (int)(v % 100);
		shaped = true;
	}
	if (!shaped)
		return false;
	if (y < CSCS_DATE_MIN_YEAR || y > CSCS_DATE_MAX_YEAR)
		snprintf(why, n, "year %d is outside %d-%d", y, CSCS_DATE_MIN_YEAR, CSCS_DATE_MAX_YEAR);
	else if (m < 1 || m > 12)
		snprintf(why, n, "there is no month %d", m);
	else
		snprintf(why, n, "no such day: %04d-%02d has %d days", y, m, cscs_date_days_in_month(y, m));
	return true;
}

/* s: the value, NUL-terminated, which may be cut short (a time of day dropped). */
static enum cscs_value_status parse_date(const struct cscs_field *f, char *s, enum cscs_cell_kind kind,
					 struct cscs_value *out, char *reason)
{
	cscs_date d;
	if (kind == CSCS_CELL_NUMBER) {
		char *end;
		double serial = strtod(s, &end);
		if (*end || !cscs_date_from_excel_serial(serial, &d))
			return reject(reason, f, "is a number that is no Excel date");
	} else {
		if (!cscs_date_parse(s, &d)) {
			strip_time(s);
			if (cscs_date_parse(s, &d))
				goto ok;
			char why[96];
			if (why_no_day(s, why, sizeof(why)))
				return reject(reason, f, "is not a date (%s)", why);
			return reject(reason, f, "is not a date (expected %s)", cscs_value_date_forms);
		}
	}
ok:
	cscs_date_format(d, out->scratch);
	set_text(out, out->scratch, 10);
	return CSCS_VALUE_OK;
}

static enum cscs_value_status parse_money(const struct cscs_field *f, const char *s, enum cscs_cell_kind kind,
					  struct cscs_value *out, char *reason)
{
	char buf[MAX_TYPED];
	if (kind == CSCS_CELL_NUMBER) {
		if (!plain_decimal(s, buf, sizeof(buf) - 1))
			return reject(reason, f, "is not an amount");
		round_number_text(buf);
		s = buf;
	}
	cscs_fen fen;
	enum cscs_money_status st = cscs_money_parse(s, &fen);
	if (st == CSCS_MONEY_SYNTAX)
		return reject(reason, f, "is not an amount");
	if (st != CSCS_MONEY_OK)
		return reject(reason, f, "is not an amount (%s)", cscs_money_status_str(st));
	set_int(out, fen);
	return CSCS_VALUE_OK;
}

/* A whole number: digits with an optional sign and thousands separators; "12.0" from a number cell. */
static bool parse_whole(const char *s, enum cscs_cell_kind kind, int64_t *out)
{
	char buf[MAX_TYPED];
	if (kind == CSCS_CELL_NUMBER) {
		if (!plain_decimal(s, buf, sizeof(buf)))
			return false;
		char *dot = strchr(buf, '.');
		if (dot) {
			for (const char *p = dot + 1; *p; p++)
				if (*p != '0')
					return false;
			*dot = '\0';
		}
		s = buf;
	}
	const char *p = s;
	bool neg = false;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	int64_t v = 0;
	int n = 0, since_sep = -1;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (v > (INT64_MAX - 9) / 10)
				return false;
			v = v * 10 + (*p - '0');
			n++;
			if (since_sep >= 0)
				since_sep++;
		} else if (*p == ',' && n > 0 && (since_sep < 0 || since_sep == 3)) {
			since_sep = 0;
		} else {
			return false;
		}
	}
	if (n == 0 || (since_sep >= 0 && since_sep != 3))
		return false;
	*out = neg ? -v : v;
	return true;
}

static enum cscs_value_status parse_year(const struct cscs_field *f, char *buf, enum cscs_cell_kind kind,
					 struct cscs_value *out, char *reason)
{
	size_t len = strlen(buf);
	/* 2024年, 2024年度 */
	if (len > 6 && strcmp(buf + len - 6, "年度") == 0)
		buf[len - 6] = '\0';
	else if (len > 3 && strcmp(buf + len - 3, "年") == 0)
		buf[len - 3] = '\0';
	int64_t y;
	if (!parse_whole(buf, kind, &y) || strchr(buf, ','))
		return reject(reason, f, "is not a year (expected YYYY)");
	if (y < CSCS_DATE_MIN_YEAR || y > CSCS_DATE_MAX_YEAR)
		return reject(reason, f, "is not a year between %d and %d", CSCS_DATE_MIN_YEAR, CSCS_DATE_MAX_YEAR);
	set_int(out, y);
	return CSCS_VALUE_OK;
}

static enum cscs_value_status parse_period(const struct cscs_field *f, char *s, enum cscs_cell_kind kind,
					   struct cscs_value *out, char *reason)
{
	int y = 0, m = 0, n = 0;
	bool ok = false;
	if (kind == CSCS_CELL_TEXT) {
		char a[8];
		ok = (sscanf(s, "%4d%7[-/.]%2d%n", &y, a, &m, &n) == 3 && s[n] == '\0') ||
		     (sscanf(s, "%4d年%2d月%n", &y, &m, &n) == 2 && s[n] == '\0');
		if (!ok && strlen(s) == 6 && strspn(s, "0123456789") == 6) {
			y = atoi(s) / 100;
			m = atoi(s) % 100;
			ok = true;
		}
	}
	if (!ok) {
		/* a whole date (or a date cell): its month */
		struct cscs_value day;
		char ignored[CSCS_VALUE_REASON_LEN];
		if (parse_date(f, s, kind, &day, ignored) != CSCS_VALUE_OK)
			return reject(reason, f, "is not a month (expected YYYY-MM, YYYY/M, YYYYMM or YYYY年M月)");
		y = atoi(day.scratch);
		m = atoi(day.scratch + 5);
	}
	if (y < CSCS_DATE_MIN_YEAR || y > CSCS_DATE_MAX_YEAR || m < 1 || m > 12)
		return reject(reason, f, "is not a month (no such month)");
	snprintf(out->scratch, sizeof(out->scratch), "%04d-%02d", y, m);
	set_text(out, out->scratch, 7);
	return CSCS_VALUE_OK;
}

static bool word_in(const char *const *words, const char *s)
{
	for (size_t i = 0; words[i]; i++)
		if (cscs_text_ieq(words[i], s))
			return true;
	return false;
}

static enum cscs_value_status parse_bool(const struct cscs_field *f, const char *s, struct cscs_value *out,
					 char *reason)
{
	if (word_in(yes_words, s)) {
		set_int(out, 1);
		return CSCS_VALUE_OK;
	}
	if (word_in(no_words, s)) {
		set_int(out, 0);
		return CSCS_VALUE_OK;
	}
	return reject(reason, f, "is not yes or no (expected %s; or %s)", cscs_value_bool_words(1),
		      cscs_value_bool_words(0));
}

static enum cscs_value_status parse_enum(const struct cscs_field *f, const struct cscs_vocab *voc, const char *s,
					 size_t len, struct cscs_value *out, char *reason)
{
	const struct cscs_vocab_list *l = cscs_vocab_find(voc, f->vocab);
	if (!l)
		return reject(reason, f, "cannot be read: the vocabulary '%s' is not loaded", f->vocab);
	const char *v = cscs_vocab_match(voc, l, s, len);
	if (v) {
		set_text(out, v, strlen(v));
		return CSCS_VALUE_OK;
	}
	/*
	 * A list the vocabulary does not know is still a list: its entries are
	 * kept as list 'other' (screened, and reported by the checks of other
	 * lists) rather than left unknown, which no check could use.
	 */
	if (strcmp(f->vocab, "list") == 0 && cscs_vocab_value_of(l, "other")) {
		set_text(out, "other", 5);
		size_t shown = len > 200 ? 200 : len;
		while (shown < len && shown > 0 && ((unsigned char)s[shown] & 0xC0) == 0x80)
			shown--;
		snprintf(reason, CSCS_VALUE_REASON_LEN,
			 "'%s' names no known list ('%.*s'): kept as list 'other' and screened like any other list (add"
			 " the name to a vocabulary file given with --vocab to name it)", f->name, (int)shown, s);
		return CSCS_VALUE_FLAGGED;
	}
	size_t n = 0, cap = CSCS_VALUE_REASON_LEN;
	const char *word;
	const struct cscs_vocab_value *near = cscs_vocab_nearest(l, s, len, &word);
	if (near && strcmp(word, near->value) != 0 && strcmp(word, near->label) != 0)
		n += (size_t)snprintf(reason, cap, "'%s' is not a word of %s: did you mean '%s' (%s: %s)?", f->name, f->vocab, word,
				      near->value, near->label);
	else if (near)
		n += (size_t)snprintf(reason, cap, "'%s' is not a word of %s: did you mean '%s' (%s)?", f->name, f->vocab,
				      near->value, near->label);
	else
		n += (size_t)snprintf(reason, cap, "'%s' is not a word of %s;", f->name, f->vocab);
	n += (size_t)snprintf(reason + n, n < cap ? cap - n : 0, " accepted: ");
	for (size_t i = 0; i < l->n_values && n < cap; i++)
		n += (size_t)snprintf(reason + n, cap - n, "%s%s (%s)", i ? ", " : "", l->values[i].value,
				      l->values[i].label);
	if (n < cap)
		snprintf(reason + n, cap - n, " and the other words in docs/records.md");
	return CSCS_VALUE_REJECTED;
}

/* z: the value NUL-terminated (or NULL when too long to copy); s, len: the value as given. */
static enum cscs_value_status parse_uscc(const struct cscs_field *f, const char *z, const char *s, size_t len,
					 struct cscs_value *out, char *reason)
{
	struct cscs_uscc r;
	if (!z) {
		set_text(out, s, len);
		snprintf(reason, CSCS_VALUE_REASON_LEN,
			 "'%s' is not a valid unified social credit code: it is far longer than 18 characters", f->name);
		return CSCS_VALUE_FLAGGED;
	}
	if (cscs_uscc_check(z, &r)) {
		set_scratch(out, r.code);
		return CSCS_VALUE_OK;
	}
	/* Kept, so that a check can report it; normalised when that is possible (never Chinese text cut to bytes). */
	if (cscs_uscc_shown(&r, z) == r.code)
		set_scratch(out, r.code);
	else
		set_text(out, s, len);
	char why[256];
	snprintf(reason, CSCS_VALUE_REASON_LEN, "'%s' is not a valid unified social credit code: %s", f->name,
		 cscs_uscc_reason(&r, why, sizeof(why)));
	return CSCS_VALUE_FLAGGED;
}

static enum cscs_value_status parse_id_number(const char *s, size_t len, struct cscs_value *out)
{
	/* A trailing lower-case x is the same check character as X. */
	if (len < sizeof(out->scratch) && len > 0 && s[len - 1] == 'x') {
		memcpy(out->scratch, s, len);
		out->scratch[len - 1] = 'X';
		out->scratch[len] = '\0';
		set_text(out, out->scratch, len);
	} else {
		set_text(out, s, len);
	}
	return CSCS_VALUE_OK;
}

enum cscs_value_status cscs_value_parse(const struct cscs_field *f, const struct cscs_vocab *voc, const char *in,
					size_t len, enum cscs_cell_kind kind, struct cscs_value *out, char *reason)
{
	const char *s;
	len = cscs_value_trim(in, len, &s);
	out->kind = CSCS_VALUE_NULL;
	if (len == 0) {
		if (f->required)
			return reject(reason, f, "is required but empty");
		return CSCS_VALUE_OK;
	}
	if (len > CSCS_VALUE_MAX_CHARS) {
		size_t chars = 0;
		for (size_t i = 0; i < len && chars <= CSCS_VALUE_MAX_CHARS; i++)
			chars += ((unsigned char)s[i] & 0xC0) != 0x80;
		if (chars > CSCS_VALUE_MAX_CHARS)
			return reject(reason, f, "is longer than %d characters, the most a spreadsheet cell holds",
				      CSCS_VALUE_MAX_CHARS);
	}
	if (f->type == CSCS_FT_TEXT) {
		set_text(out, s, len);
		return CSCS_VALUE_OK;
	}
	if (f->type == CSCS_FT_ID_NUMBER)
		return parse_id_number(s, len, out);

	if (f->type == CSCS_FT_ENUM)
		return parse_enum(f, voc, s, len, out, reason);
	char z[MAX_TYPED];
	if (!copy_z(z, sizeof(z), s, len)) {
		if (f->type == CSCS_FT_USCC)
			return parse_uscc(f, NULL, s, len, out, reason);
		return reject(reason, f, "is too long for a %s", cscs_field_type_name(f->type));
	}
	switch (f->type) {
	case CSCS_FT_DATE:
		return parse_date(f, z, kind, out, reason);
	case CSCS_FT_MONEY:
		return parse_money(f, z, kind, out, reason);
	case CSCS_FT_INT: {
		int64_t v;
		if (!parse_whole(z, kind, &v))
			return reject(reason, f, "is not a whole number");
		set_int(out, v);
		return CSCS_VALUE_OK;
	}
	case CSCS_FT_YEAR:
		return parse_year(f, z, kind, out, reason);
	case CSCS_FT_PERIOD:
		return parse_period(f, z, kind, out, reason);
	case CSCS_FT_BOOL:
		return parse_bool(f, z, out, reason);
	case CSCS_FT_ENUM:
	case CSCS_FT_USCC:
		return parse_uscc(f, z, s, len, out, reason);
	case CSCS_FT_TEXT:
	case CSCS_FT_ID_NUMBER:
		break;
	}
	set_text(out, s, len);
	return CSCS_VALUE_OK;
}
