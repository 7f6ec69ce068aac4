#include "cscs/engine/wording.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cscs/core/money.h"
#include "cscs/core/text.h"

struct placeholder {
	const char *name;     /* column name */
	size_t name_len;
	const char *format;   /* after ':' (yuan), or NULL */
	size_t format_len;
	const char *fallback; /* after '|', or NULL */
	size_t fallback_len;
};

/* Parse the placeholder starting after '{' at s; returns the byte after '}', or NULL when unclosed. */
static const char *parse(const char *s, struct placeholder *ph)
{
	const char *end = strchr(s, '}');
	if (!end)
		return NULL;
	memset(ph, 0, sizeof(*ph));
	ph->name = s;
	const char *bar = memchr(s, '|', (size_t)(end - s));
	const char *name_end = bar ? bar : end;
	const char *colon = memchr(s, ':', (size_t)(name_end - s));
	ph->name_len = (size_t)((colon ? colon : name_end) - s);
	if (colon) {
		ph->format = colon + 1;
		ph->format_len = (size_t)(name_end - colon - 1);
	}
	if (bar) {
		ph->fallback = bar + 1;
		ph->fallback_len = (size_t)(end - bar - 1);
	}
	return end + 1;
}

static int column_of(sqlite3_stmt *st, const struct placeholder *ph)
{
	for (int i = 0; i < sqlite3_column_count(st); i++) {
		const char *n = sqlite3_column_name(st, i);
		if (n && strlen(n) == ph->name_len && strncasecmp(n, ph->name, ph->name_len) == 0)
			return i;
	}
	return -1;
}

static bool is_yuan(const struct placeholder *ph)
{
	return ph->format && ph->format_len == 4 && memcmp(ph->format, "yuan", 4) == 0;
}

static void copy_bad(const char *from, size_t n, char *bad, size_t len)
{
	if (!len)
		return;
	if (n >= len)
		n = len - 1;
	memcpy(bad, from, n);
	bad[n] = '\0';
}

const char *cscs_wording_check(const char *tpl, sqlite3_stmt *st, char *bad, size_t len)
{
	for (const char *s = tpl; s && *s;) {
		if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
			s += 2;
			continue;
		}
		if (*s == '}') {
			copy_bad(s, 1, bad, len);
			return "a lone '}' (write '}}' for a brace)";
		}
		if (*s != '{') {
			s++;
			continue;
		}
		struct placeholder ph;
		const char *next = parse(s + 1, &ph);
		if (!next) {
			copy_bad(s, strlen(s), bad, len);
			return "an unclosed placeholder";
		}
		copy_bad(s, (size_t)(next - s), bad, len);
		if (ph.name_len == 0)
			return "an empty placeholder";
		if (column_of(st, &ph) < 0)
			return "the query returns no column for the placeholder";
		if (ph.format && !is_yuan(&ph))
			return "an unknown format (only ':yuan') in the placeholder";
		s = next;
	}
	return NULL;
}

void cscs_wording_render(const char *tpl, sqlite3_stmt *st, struct cscs_buf *out)
{
	for (const char *s = tpl; s && *s;) {
		if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
			cscs_buf_addc(out, s[0]);
			s += 2;
			continue;
		}
		if (*s != '{') {
			cscs_buf_addc(out, *s++);
			continue;
		}
		struct placeholder ph;
		const char *next = parse(s + 1, &ph);
		if (!next) {
			cscs_buf_adds(out, s);
			return;
		}
		int col = column_of(st, &ph);
		int type = col >= 0 ? sqlite3_column_type(st, col) : SQLITE_NULL;
		const char *text = type == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(st, col);
		if (!text || !*text) {
			if (ph.fallback)
				cscs_buf_add(out, ph.fallback, ph.fallback_len);
		} else if (is_yuan(&ph) && (type == SQLITE_INTEGER || type == SQLITE_FLOAT)) {
			char yuan[CSCS_MONEY_FMT_LEN];
			cscs_buf_adds(out, cscs_money_format_grouped(sqlite3_column_int64(st, col), yuan));
		} else {
			cscs_buf_adds(out, text);
		}
		s = next;
	}
}
