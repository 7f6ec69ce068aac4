#include "cscs/core/json.h"

#include <stdint.h>

#include "cscs/core/text.h"

void cscs_json_write_string(FILE *f, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	fputc('"', f);
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			switch (c) {
			case '"':
				fputs("\\\"", f);
				break;
			case '\\':
				fputs("\\\\", f);
				break;
			case '\b':
				fputs("\\b", f);
				break;
			case '\f':
				fputs("\\f", f);
				break;
			case '\n':
				fputs("\\n", f);
				break;
			case '\r':
				fputs("\\r", f);
				break;
			case '\t':
				fputs("\\t", f);
				break;
			default:
				if (c < 0x20) {
					fputs("\\u00", f);
					fputc(hex[c >> 4], f);
					fputc(hex[c & 15], f);
				} else {
					fputc(c, f);
				}
			}
			i++;
			continue;
		}
		uint32_t cp;
		int n = cscs_utf8_decode(s + i, len - i, &cp);
		if (n <= 0) {
			/* Not UTF-8: the replacement character keeps the document valid. */
			fputs("\xEF\xBF\xBD", f);
			i++;
			continue;
		}
		fwrite(s + i, 1, (size_t)n, f);
		i += (size_t)n;
	}
	fputc('"', f);
}
