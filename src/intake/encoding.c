#include "cscs/intake/encoding.h"

#include <stdint.h>
#include <string.h>

#include "cscs/core/text.h"

/* Well-formed UTF-8 characters of 3 or 4 bytes that outweigh a later ill-formed byte. */
#define UTF8_EVIDENCE 3

static const struct {
	const char *spelling;
	const char *canonical;
} names[] = {
	{"utf-8", "utf-8"}, {"utf8", "utf-8"}, {"utf-8-sig", "utf-8"},
	{"gb18030", "gb18030"}, {"gb-18030", "gb18030"}, {"gb2312", "gb18030"}, {"euc-cn", "gb18030"},
	{"gbk", "gbk"}, {"cp936", "gbk"}, {"ms936", "gbk"}, {"windows-936", "gbk"},
};

const char *cscs_encoding_canonical(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (cscs_text_ieq(names[i].spelling, name))
			return names[i].canonical;
	return NULL;
}

const char *cscs_encoding_iconv_name(const char *canonical)
{
	if (strcmp(canonical, "gb18030") == 0)
		return "GB18030";
	if (strcmp(canonical, "gbk") == 0)
		return "GBK";
	return "UTF-8";
}

/* Bytes a lead byte announces, or 0 for a byte that cannot start a character. */
static int utf8_seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if ((c & 0xF0) == 0xE0)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

size_t cscs_encoding_utf8_prefix(const char *str, size_t len, bool *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	*bad = false;
	while (i < len) {
		/* Records are mostly ASCII: skip it eight bytes at a time. */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		while (i < len && s[i] < 0x80)
			i++;
		if (i >= len)
			break;
		uint32_t cp;
		int n = cscs_utf8_decode(str + i, len - i, &cp);
		if (n > 0) {
			i += (size_t)n;
			continue;
		}
		/* Cut by the end of the window, or ill-formed? */
		int want = utf8_seq_len(s[i]);
		if (want > 1 && (size_t)want > len - i) {
			bool cut = true;
			for (size_t k = i + 1; k < len; k++)
				cut &= (s[k] & 0xC0) == 0x80;
			if (cut)
				return i;
		}
		*bad = true;
		return i;
	}
	return i;
}

enum cscs_encoding_guess cscs_encoding_guess(const char *s, size_t len, bool at_end)
{
	size_t i = 0;
	while (i < len && (unsigned char)s[i] < 0x80)
		i++;
	if (i == len)
		return CSCS_ENC_GUESS_UNDECIDED;
	bool bad;
	size_t ok = cscs_encoding_utf8_prefix(s + i, len - i, &bad);
	if (!bad && !(at_end && i + ok < len))
		return CSCS_ENC_GUESS_UTF8;
	/*
	 * Many well-formed UTF-8 characters before a bad byte mean UTF-8
	 * with a stray byte (reported where it is), not GB18030. Only
	 * characters of 3 or 4 bytes count: Chinese in UTF-8 is made of
	 * them, while GBK pairs form 2-byte UTF-8 all the time (营业执照,
	 * D3AA D2B5 D6B4 D5D5, reads as four) but hardly ever 3-byte ones.
	 */
	size_t n_multi = 0;
	bool line_done = false; /* a whole line with such a character was well-formed UTF-8 */
	for (size_t k = i; k < i + ok; k++) {
		n_multi += (unsigned char)s[k] >= 0xE0;
		line_done |= s[k] == '\n' && n_multi > 0;
	}
	/*
	 * Rows that were UTF-8 stay UTF-8: a later row in another encoding
	 * is an error where it begins, never a reason to decode the rows
	 * before it as GB18030 ("许可" read back as "璁稿彲"). A GBK row is
	 * well-formed UTF-8 to its end with a 3-byte character in it about
	 * once in thousands; then the error names the line and suggests
	 * --encoding.
	 */
	return n_multi >= UTF8_EVIDENCE || line_done ? CSCS_ENC_GUESS_UTF8 : CSCS_ENC_GUESS_GB18030;
}
