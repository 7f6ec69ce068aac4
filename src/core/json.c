#include "cscs/core/json.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cscs/core/text.h"

/* Where escaped text goes: a stream or a buffer. */
struct sink {
	FILE *f;
	struct cscs_buf *b;
};

static void put(struct sink *k, const char *p, size_t n)
{
	if (k->f)
		fwrite(p, 1, n, k->f);
	else
		cscs_buf_add(k->b, p, n);
}

static void escape(struct sink *k, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	put(k, "\"", 1);
	size_t i = 0, run = 0; /* s[run..i) passes through unchanged */
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[7];
		int n = 1;
		if (c < 0x80) {
			switch (c) {
			case '"': esc = "\\\""; break;
			case '\\': esc = "\\\\"; break;
			case '\b': esc = "\\b"; break;
			case '\f': esc = "\\f"; break;
			case '\n': esc = "\\n"; break;
			case '\r': esc = "\\r"; break;
			case '\t': esc = "\\t"; break;
			default:
				if (c < 0x20) {
					u[0] = '\\', u[1] = 'u', u[2] = '0', u[3] = '0';
					u[4] = hex[c >> 4], u[5] = hex[c & 15], u[6] = '\0';
					esc = u;
				}
			}
		} else {
			uint32_t cp;
			n = cscs_utf8_decode(s + i, len - i, &cp);
			if (n <= 0) {
				/* Not UTF-8: the replacement character keeps the document valid. */
				esc = "\xEF\xBF\xBD";
				n = 1;
			}
		}
		if (esc) {
			put(k, s + run, i - run);
			put(k, esc, strlen(esc));
			run = i + (size_t)n;
		}
		i += (size_t)n;
	}
	put(k, s + run, len - run);
	put(k, "\"", 1);
}

void cscs_json_write_string(FILE *f, const char *s, size_t len)
{
	struct sink k = {.f = f};
	escape(&k, s, len);
}

void cscs_json_add_string(struct cscs_buf *b, const char *s)
{
	if (!s) {
		cscs_buf_adds(b, "null");
		return;
	}
	struct sink k = {.b = b};
	escape(&k, s, strlen(s));
}

const char *cscs_json_generated_at(char out[32])
{
	time_t t = time(NULL);
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		errno = 0;
		long long v = strtoll(sde, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 0 && v <= 253402300799LL) /* up to 9999-12-31 */
			t = (time_t)v;
	}
	struct tm tm;
	if (!gmtime_r(&t, &tm) || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 32, "1970-01-01T00:00:00Z");
	return out;
}

void cscs_json_add_envelope(struct cscs_buf *b, const char *format, int format_version)
{
	char at[32];
	cscs_buf_adds(b, "\"format\":");
	cscs_json_add_string(b, format);
	cscs_buf_addf(b, ",\"format_version\":%d,\"tool_version\":", format_version);
	cscs_json_add_string(b, CSCS_VERSION);
	cscs_buf_adds(b, ",\"generated_at\":");
	cscs_json_add_string(b, cscs_json_generated_at(at));
}
