#include "cscs/core/money.h"

#include <stdio.h>
#include <string.h>

/*
 * Fold the full-width forms records exported from Chinese systems use
 * (０-９，．－) into ASCII, and return how many bytes were consumed.
 */
static int next_char(const char *p, char *c)
{
	const unsigned char *u = (const unsigned char *)p;
	if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
		*c = (char)('0' + (u[2] - 0x90));
		return 3;
	}
	if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8C) { /* ， */
		*c = ',';
		return 3;
	}
	if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8E) { /* ． */
		*c = '.';
		return 3;
	}
	if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8D) { /* － */
		*c = '-';
		return 3;
	}
	*c = *p;
	return *p ? 1 : 0;
}

static const char *skip_blanks(const char *p)
{
	for (;;) {
		if (*p == ' ' || *p == '\t')
			p++;
		else if (strncmp(p, "\xE3\x80\x80", 3) == 0) /* ideographic space */
			p += 3;
		else
			return p;
	}
}

static const char *skip_prefix(const char *p, const char *lit)
{
	size_t n = strlen(lit);
	return strncmp(p, lit, n) == 0 ? p + n : NULL;
}

enum cscs_money_status cscs_money_parse(const char *s, cscs_fen *out)
{
	const char *p = skip_blanks(s);
	const char *q;
	bool negative = false;
	char c;
	int n;

	if (*p == '\0')
		return CSCS_MONEY_EMPTY;
	n = next_char(p, &c);
	if (c == '-' || c == '+') {
		negative = c == '-';
		p = skip_blanks(p + n);
	}
	if ((q = skip_prefix(p, "¥")) || (q = skip_prefix(p, "￥")) ||
	    (q = skip_prefix(p, "RMB")) || (q = skip_prefix(p, "CNY")))
		p = skip_blanks(q);
	if (!negative) {
		n = next_char(p, &c);
		if (c == '-') {
			negative = true;
			p = skip_blanks(p + n);
		}
	}

	/* Digits as a decimal string: integer part and up to 6 fraction digits. */
	unsigned long long whole = 0;
	char frac[8] = {0};
	int n_frac = 0, n_digits = 0, since_sep = -1;
	bool in_frac = false;
	for (;;) {
		n = next_char(p, &c);
		if (c >= '0' && c <= '9') {
			if (in_frac) {
				if (n_frac >= 6)
					return CSCS_MONEY_PRECISION;
				frac[n_frac++] = c;
			} else {
				if (whole > 100000000000000000ULL)
					return CSCS_MONEY_RANGE;
				whole = whole * 10 + (unsigned)(c - '0');
				if (since_sep >= 0)
					since_sep++;
			}
			n_digits++;
			p += n;
		} else if (c == ',' && !in_frac && n_digits > 0) {
			if (since_sep >= 0 && since_sep != 3)
				return CSCS_MONEY_SYNTAX;
			since_sep = 0;
			p += n;
		} else if (c == '.' && !in_frac && n_digits > 0) {
			in_frac = true;
			p += n;
		} else {
			break;
		}
	}
	if (n_digits == 0 || (since_sep >= 0 && since_sep != 3))
		return CSCS_MONEY_SYNTAX;

	p = skip_blanks(p);
	int scale_digits = 2; /* yuan → fen */
	if ((q = skip_prefix(p, "万元")) || (q = skip_prefix(p, "万"))) {
		scale_digits = 6;
		p = q;
	} else if ((q = skip_prefix(p, "元"))) {
		p = q;
	}
	p = skip_blanks(p);
	if (*p != '\0')
		return CSCS_MONEY_SYNTAX;

	for (int i = scale_digits; i < n_frac; i++)
		if (frac[i] != '0')
			return CSCS_MONEY_PRECISION;

	unsigned long long value = whole;
	for (int i = 0; i < scale_digits; i++) {
		if (value > (unsigned long long)CSCS_MONEY_MAX_FEN)
			return CSCS_MONEY_RANGE;
		value = value * 10 + (unsigned)(i < n_frac ? frac[i] - '0' : 0);
	}
	if (value > (unsigned long long)CSCS_MONEY_MAX_FEN)
		return CSCS_MONEY_RANGE;
	*out = negative ? -(cscs_fen)value : (cscs_fen)value;
	return CSCS_MONEY_OK;
}

const char *cscs_money_status_str(enum cscs_money_status st)
{
	switch (st) {
	case CSCS_MONEY_OK:
		return "ok";
	case CSCS_MONEY_EMPTY:
		return "empty";
	case CSCS_MONEY_SYNTAX:
		return "not an amount";
	case CSCS_MONEY_PRECISION:
		return "finer than one fen";
	case CSCS_MONEY_RANGE:
		return "amount out of range";
	}
	return "not an amount";
}

char *cscs_money_format(cscs_fen fen, char *buf)
{
	unsigned long long mag = fen < 0 ? (unsigned long long)(-(fen + 1)) + 1 : (unsigned long long)fen;
	snprintf(buf, CSCS_MONEY_FMT_LEN, "%s%llu.%02llu", fen < 0 ? "-" : "", mag / 100, mag % 100);
	return buf;
}

char *cscs_money_format_grouped(cscs_fen fen, char *buf)
{
	unsigned long long mag = fen < 0 ? (unsigned long long)(-(fen + 1)) + 1 : (unsigned long long)fen;
	char digits[24];
	int n = snprintf(digits, sizeof(digits), "%llu", mag / 100);
	size_t k = 0;
	if (fen < 0)
		buf[k++] = '-';
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = digits[i];
	}
	snprintf(buf + k, CSCS_MONEY_FMT_LEN - k, ".%02llu", mag % 100);
	return buf;
}
