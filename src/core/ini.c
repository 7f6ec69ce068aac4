#include "cscs/core/ini.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/text.h"

void cscs_ini_free(struct cscs_ini *ini)
{
	if (!ini)
		return;
	for (size_t i = 0; i < ini->n; i++) {
		free(ini->items[i].key);
		free(ini->items[i].value);
	}
	free(ini->items);
	ini->items = NULL;
	ini->n = 0;
}

const struct cscs_ini_entry *cscs_ini_get(const struct cscs_ini *ini, const char *key)
{
	for (size_t i = 0; i < ini->n; i++)
		if (strcmp(ini->items[i].key, key) == 0)
			return &ini->items[i];
	return NULL;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* The value starting at v (line end at end) into *out; false (message given) when malformed. */
static enum cscs_error parse_value(const char *line, const char *v, const char *end, const char *file,
				   unsigned long ln, char **out, struct cscs_diag_list *dl)
{
	if (v < end && *v == '"') {
		char *s = malloc((size_t)(end - v) + 1);
		if (!s)
			return CSCS_ERR_NOMEM;
		size_t n = 0;
		const char *p = v + 1;
		for (; p < end && *p != '"'; p++) {
			if (*p == '\\') {
				if (p + 1 < end && (p[1] == '"' || p[1] == '\\')) {
					s[n++] = *++p;
					continue;
				}
				cscs_diag_error(dl, file, ln, (unsigned long)(p - line) + 1,
						"only \\\" and \\\\ may follow a backslash in a quoted value");
				free(s);
				return CSCS_ERR_INPUT;
			}
			s[n++] = *p;
		}
		if (p >= end) {
			cscs_diag_error(dl, file, ln, (unsigned long)(v - line) + 1,
					"the quote is not closed on this line");
			free(s);
			return CSCS_ERR_INPUT;
		}
		s[n] = '\0';
		for (p++; p < end && is_blank(*p); p++)
			;
		if (p < end && *p != '#' && *p != ';') {
			cscs_diag_error(dl, file, ln, (unsigned long)(p - line) + 1,
					"text after the closing quote (a comment starts with # or ;)");
			free(s);
			return CSCS_ERR_INPUT;
		}
		*out = s;
		return CSCS_OK;
	}
	/* bare: up to a comment that follows a blank, trimmed */
	const char *stop = end;
	for (const char *p = v; p < end; p++) {
		if ((*p == '#' || *p == ';') && (p == v || is_blank(p[-1]))) {
			stop = p;
			break;
		}
	}
	while (stop > v && is_blank(stop[-1]))
		stop--;
	*out = dup_n(v, (size_t)(stop - v));
	return *out ? CSCS_OK : CSCS_ERR_NOMEM;
}

static enum cscs_error parse_line(const char *line, size_t len, unsigned long ln, bool *in_section,
				  const char *file, struct cscs_ini *ini, size_t *cap, struct cscs_diag_list *dl)
{
	const char *end = line + len;
	const char *p = line;
	while (p < end && is_blank(*p))
		p++;
	if (p == end || *p == '#' || *p == ';')
		return CSCS_OK;
	if (*p == '[') {
		const char *q = p + 1;
		while (q < end && is_blank(*q))
			q++;
		const char *name = q;
		while (q < end && is_key_char(*q))
			q++;
		size_t n = (size_t)(q - name);
		while (q < end && is_blank(*q))
			q++;
		if (q >= end || *q != ']' || n != 5 || strncmp(name, "audit", 5) != 0 || *in_section ||
		    ini->n > 0) {
			cscs_diag_error(dl, file, ln, (unsigned long)(p - line) + 1,
					"only one section, [audit], before the first key, is allowed");
			return CSCS_ERR_INPUT;
		}
		for (q++; q < end && is_blank(*q); q++)
			;
		if (q < end && *q != '#' && *q != ';') {
			cscs_diag_error(dl, file, ln, (unsigned long)(q - line) + 1, "text after the section header");
			return CSCS_ERR_INPUT;
		}
		*in_section = true;
		return CSCS_OK;
	}
	const char *key = p;
	while (p < end && is_key_char(*p))
		p++;
	size_t klen = (size_t)(p - key);
	while (p < end && is_blank(*p))
		p++;
	if (klen == 0 || p >= end || *p != '=') {
		cscs_diag_error(dl, file, ln, (unsigned long)(p - line) + 1,
				klen == 0 ? "expected a key (lower-case letters, digits, _ and -)"
					  : "expected '=' after the key");
		return CSCS_ERR_INPUT;
	}
	for (size_t i = 0; i < ini->n; i++) {
		if (strlen(ini->items[i].key) == klen && strncmp(ini->items[i].key, key, klen) == 0) {
			cscs_diag_error(dl, file, ln, (unsigned long)(key - line) + 1,
					"'%s' is given twice (first on line %lu)", ini->items[i].key, ini->items[i].line);
			return CSCS_ERR_INPUT;
		}
	}
	for (p++; p < end && is_blank(*p); p++)
		;
	if (ini->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct cscs_ini_entry *more = realloc(ini->items, ncap * sizeof(*more));
		if (!more)
			return CSCS_ERR_NOMEM;
		ini->items = more;
		*cap = ncap;
	}
	struct cscs_ini_entry *e = &ini->items[ini->n];
	memset(e, 0, sizeof(*e));
	e->line = ln;
	e->col = (unsigned long)(key - line) + 1;
	e->vcol = (unsigned long)(p - line) + 1;
	if (!(e->key = dup_n(key, klen)))
		return CSCS_ERR_NOMEM;
	enum cscs_error err = parse_value(line, p, end, file, ln, &e->value, dl);
	if (err) {
		free(e->key);
		return err;
	}
	ini->n++;
	return CSCS_OK;
}

enum cscs_error cscs_ini_parse(const char *text, size_t len, const char *file, struct cscs_ini *out,
			       struct cscs_diag_list *dl)
{
	memset(out, 0, sizeof(*out));
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	size_t bad;
	const char *nul = memchr(text, '\0', len);
	if (nul || !cscs_utf8_valid(text, len, &bad)) {
		size_t at = nul ? (size_t)(nul - text) : bad;
		unsigned long ln = 1, col = 1;
		for (size_t i = 0; i < at; i++, col++)
			if (text[i] == '\n') {
				ln++;
				col = 0;
			}
		cscs_diag_error(dl, file, ln, col, nul ? "a NUL byte: not a text file" : "not UTF-8 text");
		return CSCS_ERR_INPUT;
	}
	size_t cap = 0;
	bool in_section = false;
	enum cscs_error err = CSCS_OK;
	unsigned long ln = 0;
	for (size_t pos = 0; pos < len && !err;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		size_t next = pos + n + (nl ? 1 : 0);
		ln++;
		if (n > 0 && text[pos + n - 1] == '\r')
			n--;
		if (n > CSCS_INI_LINE_MAX) {
			cscs_diag_error(dl, file, ln, CSCS_INI_LINE_MAX + 1, "the line is longer than %d bytes",
					CSCS_INI_LINE_MAX);
			err = CSCS_ERR_INPUT;
			break;
		}
		err = parse_line(text + pos, n, ln, &in_section, file, out, &cap, dl);
		pos = next;
	}
	if (err)
		cscs_ini_free(out);
	return err;
}
