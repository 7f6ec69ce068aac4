#include "cscs/core/text.h"

#include <stdint.h>
#include <string.h>

int cscs_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	int n;
	uint32_t c, min;
	if ((s[0] & 0xE0) == 0xC0) {
		n = 2;
		c = s[0] & 0x1F;
		min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		n = 3;
		c = s[0] & 0x0F;
		min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		n = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if ((size_t)n > len)
		return 0;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

bool cscs_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	size_t i = 0;
	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		int n = cscs_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			if (bad_offset)
				*bad_offset = i;
			return false;
		}
		i += (size_t)n;
	}
	return true;
}

int cscs_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t cscs_utf8_count(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static size_t blank_len(const char *p)
{
	if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		return 1;
	if (strncmp(p, "\xE3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

char *cscs_text_trim(char *s)
{
	char *start = s;
	size_t n;
	while ((n = blank_len(start)) > 0)
		start += n;
	size_t len = strlen(start);
	for (;;) {
		if (len >= 1 && blank_len(start + len - 1) == 1) {
			len--;
		} else if (len >= 3 && strncmp(start + len - 3, "\xE3\x80\x80", 3) == 0) {
			len -= 3;
		} else {
			break;
		}
	}
	memmove(s, start, len);
	s[len] = '\0';
	return s;
}

bool cscs_text_ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char ca = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		char cb = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
		if (ca != cb)
			return false;
	}
	return *a == *b;
}

/* a as code points into cp (ASCII folded to lower case); the count, or SIZE_MAX when too long or invalid. */
static size_t code_points(const char *a, uint32_t *cp)
{
	size_t n = 0, len = strlen(a);
	while (len > 0) {
		if (n == CSCS_TEXT_DISTANCE_MAX)
			return SIZE_MAX;
		int k = cscs_utf8_decode(a, len, &cp[n]);
		if (k <= 0)
			return SIZE_MAX;
		if (cp[n] >= 'A' && cp[n] <= 'Z')
			cp[n] += 'a' - 'A';
		a += k;
		len -= (size_t)k;
		n++;
	}
	return n;
}

size_t cscs_text_distance(const char *a, const char *b)
{
	uint32_t x[CSCS_TEXT_DISTANCE_MAX], y[CSCS_TEXT_DISTANCE_MAX];
	/* Three rows of the dynamic programme: d[i][j] = distance(x[0..i), y[0..j)). */
	size_t rows[3][CSCS_TEXT_DISTANCE_MAX + 1];
	size_t n = code_points(a, x), m = code_points(b, y);
	if (n == SIZE_MAX || m == SIZE_MAX)
		return SIZE_MAX;
	for (size_t j = 0; j <= m; j++)
		rows[0][j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t *cur = rows[i % 3], *prev = rows[(i - 1) % 3], *prev2 = rows[(i + 1) % 3];
		cur[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t best = prev[j - 1] + (x[i - 1] != y[j - 1]);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			/* two neighbours swapped count once ("audti" is one step from "audit") */
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] && prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
	}
	return rows[n % 3][m];
}

/* A character that XML 1.0 forbids or a terminal obeys (tab, line feed and carriage return aside). */
static bool is_control(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F) ||
	       cp == 0xFFFE || cp == 0xFFFF;
}

/*
 * Whether s[0..n) is valid UTF-8 holding no control character (nor, when
 * breaks, a line break): one pass, ASCII a byte at a time (the workbook
 * checks every text it writes, most of them ASCII or short).
 */
static bool clean_text(const char *s, size_t n, bool breaks)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if (is_control(c) || (breaks && (c == '\n' || c == '\r')))
				return false;
			i++;
			continue;
		}
		uint32_t cp;
		int k = cscs_utf8_decode(s + i, n - i, &cp);
		if (k <= 0 || is_control(cp))
			return false;
		i += (size_t)k;
	}
	return true;
}

const char *cscs_text_for_xml(const char *s, struct cscs_buf *out)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	if (clean_text(s, n, false))
		return s;
	cscs_buf_reset(out);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = cscs_utf8_decode(s + i, n - i, &cp);
		if (k <= 0 || is_control(cp)) {
			cscs_buf_adds(out, "\xEF\xBF\xBD");
			i += k <= 0 ? 1 : (size_t)k;
			continue;
		}
		cscs_buf_add(out, s + i, (size_t)k);
		i += (size_t)k;
	}
	return out->oom ? "" : cscs_buf_str(out);
}

const char *cscs_text_for_terminal(const char *s, struct cscs_buf *out)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	if (clean_text(s, n, true))
		return s;
	cscs_buf_reset(out);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = cscs_utf8_decode(s + i, n - i, &cp);
		if (k <= 0 || is_control(cp) || cp == '\n' || cp == '\r') {
			/* Each byte as \xHH: what the file holds, shown and not obeyed. */
			size_t m = k <= 0 ? 1 : (size_t)k;
			for (size_t j = 0; j < m; j++)
				cscs_buf_addf(out, "\\x%02X", (unsigned char)s[i + j]);
			i += m;
			continue;
		}
		cscs_buf_add(out, s + i, (size_t)k);
		i += (size_t)k;
	}
	return out->oom ? "" : cscs_buf_str(out);
}
