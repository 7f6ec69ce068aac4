#include "cscs/core/text.h"

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

/* A character that XML 1.0 forbids or a terminal obeys (tab, line feed and carriage return aside). */
static bool is_control(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F) ||
	       cp == 0xFFFE || cp == 0xFFFF;
}

const char *cscs_text_for_xml(const char *s, struct cscs_buf *out)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	bool clean = cscs_utf8_valid(s, n, NULL);
	for (size_t i = 0; clean && i < n;) {
		uint32_t cp;
		int k = cscs_utf8_decode(s + i, n - i, &cp);
		if (is_control(cp))
			clean = false;
		i += (size_t)k;
	}
	if (clean)
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
	bool clean = cscs_utf8_valid(s, n, NULL);
	for (size_t i = 0; clean && i < n;) {
		uint32_t cp;
		int k = cscs_utf8_decode(s + i, n - i, &cp);
		if (is_control(cp) || cp == '\n' || cp == '\r')
			clean = false;
		i += (size_t)k;
	}
	if (clean)
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
