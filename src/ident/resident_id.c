#include "cscs/ident/resident_id.h"

#include <stdint.h>
#include <string.h>

#include "cscs/core/date.h"
#include "cscs/core/text.h"
#include "cscs/ident/region.h"

bool cscs_resident_id_valid(const char *s)
{
	static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const char checks[] = "10X98765432";
	if (!s || strlen(s) != 18)
		return false;
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		sum += (s[i] - '0') * weights[i];
	}
	char c = s[17] == 'x' ? 'X' : s[17];
	return checks[sum % 11] == c;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * The forms people write an identity number in, as the screening
 * normaliser reads them: ASCII or full-width digits and X, groups split
 * by blanks or hyphens. Each reader returns the bytes used at s (0: not
 * such a character) and, for digits and X, the ASCII character.
 */
static size_t id_digit(const char *s, size_t n, char *c)
{
	if (n >= 1 && is_digit(s[0])) {
		*c = s[0];
		return 1;
	}
	/* U+FF10..U+FF19 FULLWIDTH DIGIT ZERO..NINE */
	if (n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBC &&
	    (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x99) {
		*c = (char)('0' + ((unsigned char)s[2] - 0x90));
		return 3;
	}
	return 0;
}

static size_t id_x(const char *s, size_t n)
{
	if (n >= 1 && (s[0] == 'X' || s[0] == 'x'))
		return 1;
	/* U+FF38 FULLWIDTH X, U+FF58 FULLWIDTH x */
	if (n >= 3 && (unsigned char)s[0] == 0xEF && (((unsigned char)s[1] == 0xBC && (unsigned char)s[2] == 0xB8) ||
						       ((unsigned char)s[1] == 0xBD && (unsigned char)s[2] == 0x98)))
		return 3;
	return 0;
}

static size_t id_separator(const char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '-'))
		return 1;
	const unsigned char *u = (const unsigned char *)s;
	if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0) /* no-break space */
		return 2;
	if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) /* ideographic space */
		return 3;
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x90 && u[2] <= 0x95) /* hyphens and dashes */
		return 3;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8D) /* full-width hyphen-minus */
		return 3;
	return 0;
}

/*
 * An identity number written in any of those forms starting at s[0]
 * (which is a digit not preceded by one): its 18 characters as ASCII into
 * id, and the bytes it spans into *span. Groups count whole: "320581
 * 19800101 1235" is one number, "2024 320581198001011235" holds one, and
 * 19 digits in a row hold none.
 */
static bool id_at(const char *s, size_t n, char id[19], size_t *span)
{
	size_t pos = 0, nd = 0;
	char c;
	for (;;) {
		size_t k;
		while ((k = id_digit(s + pos, n - pos, &c)) > 0) {
			if (nd == 18)
				return false; /* a longer run of digits */
			id[nd++] = c;
			pos += k;
		}
		if (nd == 17 && (k = id_x(s + pos, n - pos)) > 0 && !id_digit(s + pos + k, n - pos - k, &c)) {
			id[nd++] = 'X';
			pos += k;
		}
		if (nd >= 18)
			break;
		/* At most two separators between groups, and a digit after them. */
		size_t q = pos, seps = 0;
		while (seps < 2 && (k = id_separator(s + q, n - q)) > 0) {
			q += k;
			seps++;
		}
		if (seps == 0 || !id_digit(s + q, n - q, &c))
			return false;
		pos = q;
	}
	id[18] = '\0';
	*span = pos;
	return nd == 18;
}

/* id (18 ASCII characters) reads as a resident ID number: a province, a real birth date. */
static bool plausible_id(const char *id)
{
	char region[3] = {id[0], id[1], '\0'};
	if (!cscs_region_province(region, false))
		return false;
	int y = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 + (id[9] - '0');
	int m = (id[10] - '0') * 10 + (id[11] - '0');
	int d = (id[12] - '0') * 10 + (id[13] - '0');
	return cscs_date_valid(y, m, d);
}

size_t cscs_resident_id_normalize(const char *s, char *out, size_t cap)
{
	size_t pos = 0, i = 0, len = s ? strlen(s) : 0;
	if (cap == 0)
		return 0;
	while (i < len && pos + 1 < cap) {
		char c;
		size_t k;
		if ((k = id_digit(s + i, len - i, &c)) > 0) {
			out[pos++] = c;
		} else if ((k = id_x(s + i, len - i)) > 0) {
			out[pos++] = 'X';
		} else if ((k = id_separator(s + i, len - i)) > 0) {
			/* dropped */
		} else {
			uint32_t cp;
			int m = cscs_utf8_decode(s + i, len - i, &cp);
			k = m > 0 ? (size_t)m : 1;
			if (m > 0 && cp < 0x80) {
				/* other ASCII is kept, upper-cased, so that a code with letters stays itself */
				char a = (char)cp;
				out[pos++] = a >= 'a' && a <= 'z' ? (char)(a - 32) : a;
			} else if (m > 0 && cp >= 0xFF21 && cp <= 0xFF5A) {
				/* full-width letters as ASCII capitals */
				char a = (char)(cp - 0xFEE0); /* 'A'..'z': within the range the test above allows */
				out[pos++] = a >= 'a' ? (char)(a - 32) : a;
			}
		}
		i += k;
	}
	out[pos] = '\0';
	return pos;
}

bool cscs_resident_id_like(const char *s)
{
	char id[40];
	if (!s || strlen(s) > 120)
		return false;
	size_t n = cscs_resident_id_normalize(s, id, sizeof(id));
	for (size_t i = 0; i < n; i++)
		if (!is_digit(id[i]) && !(i == 17 && n == 18 && id[i] == 'X'))
			return false;
	if (n == 18)
		return plausible_id(id);
	return n == 15;
}

char *cscs_resident_id_mask(const char *s, char *out, size_t len)
{
	if (len == 0)
		return out;
	char id[40];
	/* A number in full-width digits or with blanks is masked as the number it is. */
	if (s && cscs_resident_id_like(s) && cscs_resident_id_normalize(s, id, sizeof(id)) > 0)
		s = id;
	size_t n = s ? strlen(s) : 0;
	size_t chars = s ? cscs_utf8_count(s, n) : 0;
	size_t i = 0, o = 0, ch = 0;
	/* Characters, not bytes: the first 3 and the last 4 stay. */
	while (i < n) {
		uint32_t cp;
		int k = cscs_utf8_decode(s + i, n - i, &cp);
		size_t m = k > 0 ? (size_t)k : 1;
		bool keep = chars > 7 && (ch < 3 || ch >= chars - 4);
		size_t need = keep ? m : 1;
		if (o + need + 1 > len)
			break;
		if (keep)
			memcpy(out + o, s + i, m);
		else
			out[o] = '*';
		o += need;
		i += m;
		ch++;
	}
	out[o] = '\0';
	return out;
}

const char *cscs_resident_id_mask_text(const char *s, struct cscs_buf *out)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	if (n < 18)
		return s;
	bool any = false;
	size_t done = 0; /* bytes of s already copied to out */
	char c;
	bool after_digit = false;
	for (size_t i = 0; i < n;) {
		size_t k = id_digit(s + i, n - i, &c);
		if (k == 0) {
			after_digit = false;
			i++;
			continue;
		}
		char id[19], masked[19];
		size_t span;
		if (!after_digit && id_at(s + i, n - i, id, &span) && plausible_id(id)) {
			if (!any) {
				cscs_buf_reset(out);
				any = true;
			}
			cscs_resident_id_mask(id, masked, sizeof(masked));
			cscs_buf_add(out, s + done, i - done);
			cscs_buf_add(out, masked, 18);
			done = i + span;
			i += span;
			after_digit = false;
			continue;
		}
		after_digit = true;
		i += k;
	}
	if (!any)
		return s;
	cscs_buf_add(out, s + done, n - done);
	return out->oom ? "" : cscs_buf_str(out);
}
