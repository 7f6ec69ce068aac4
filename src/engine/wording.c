#include "cscs/engine/wording.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
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

/* ---- phrase tables ---------------------------------------------------- */

const struct cscs_phrase *cscs_phrases_find(const struct cscs_phrases *ph, const char *table, size_t table_len,
					    const char *key, size_t key_len)
{
	for (size_t i = 0; ph && i < ph->n; i++) {
		const struct cscs_phrase *e = &ph->v[i];
		if (strlen(e->table) == table_len && memcmp(e->table, table, table_len) == 0 &&
		    strlen(e->key) == key_len && memcmp(e->key, key, key_len) == 0)
			return e;
	}
	return NULL;
}

static bool has_table(const struct cscs_phrases *ph, const char *table, size_t len)
{
	for (size_t i = 0; ph && i < ph->n; i++)
		if (strlen(ph->v[i].table) == len && memcmp(ph->v[i].table, table, len) == 0)
			return true;
	return false;
}

const char *cscs_phrases_add(struct cscs_phrases *ph, const char *table, const char *key, bool zh,
			     const char *text, const char *file, unsigned long line,
			     unsigned long *first_line, enum cscs_error *err)
{
	*err = CSCS_OK;
	struct cscs_phrase *e = (struct cscs_phrase *)cscs_phrases_find(ph, table, strlen(table), key, strlen(key));
	if (e && e->text[zh]) {
		*first_line = e->line[zh];
		return "given twice";
	}
	if (!e) {
		if (ph->n == ph->cap) {
			size_t cap = ph->cap ? ph->cap * 2 : 32;
			struct cscs_phrase *more = realloc(ph->v, cap * sizeof(*more));
			if (!more)
				goto nomem;
			ph->v = more;
			ph->cap = cap;
		}
		e = &ph->v[ph->n];
		memset(e, 0, sizeof(*e));
		e->table = strdup(table);
		e->key = strdup(key);
		if (!e->table || !e->key) {
			free(e->table);
			free(e->key);
			goto nomem;
		}
		ph->n++;
	}
	if (!(e->text[zh] = strdup(text)))
		goto nomem;
	e->file[zh] = file;
	e->line[zh] = line;
	return NULL;
nomem:
	*err = CSCS_ERR_NOMEM;
	return "out of memory";
}

void cscs_phrases_free(struct cscs_phrases *ph)
{
	for (size_t i = 0; ph && i < ph->n; i++) {
		free(ph->v[i].table);
		free(ph->v[i].key);
		free(ph->v[i].text[0]);
		free(ph->v[i].text[1]);
	}
	if (ph) {
		free(ph->v);
		memset(ph, 0, sizeof(*ph));
	}
}

/* ---- templates --------------------------------------------------------- */

static void copy_bad(const char *from, size_t n, char *bad, size_t len)
{
	if (!len)
		return;
	if (n >= len)
		n = len - 1;
	memcpy(bad, from, n);
	bad[n] = '\0';
}

/* A section opens at s: '{?' or '{!', a column name, ':'. */
static bool is_section(const char *s)
{
	return s[0] == '{' && (s[1] == '?' || s[1] == '!');
}

/*
 * Parse the section opening at s ("{?name:" or "{!name:"): its column into p
 * and the start of its body into *body; the body's closing '}' is returned
 * (NULL: no ':' after a name, or the body is not closed).
 */
static const char *body_end(const char *s, const char *end);

static const char *parse_section(const char *s, const char *end, struct placeholder *p, const char **body)
{
	memset(p, 0, sizeof(*p));
	p->name = s + 2;
	const char *c = p->name;
	while (c < end && (*c == '_' || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
		c++;
	p->name_len = (size_t)(c - p->name);
	if (c >= end || *c != ':' || !p->name_len)
		return NULL;
	*body = c + 1;
	return body_end(c + 1, end);
}

/*
 * The '}' that closes the section body from s before end, or NULL. In a body
 * '}' always closes ("{?a:{b}}" ends after b's brace), so '}}' is no escape
 * there; '{{' still writes a brace.
 */
static const char *body_end(const char *s, const char *end)
{
	while (s < end) {
		if (s + 1 < end && s[0] == '{' && s[1] == '{') {
			s += 2;
			continue;
		}
		if (*s == '}')
			return s;
		if (*s != '{') {
			s++;
			continue;
		}
		const char *close;
		if (is_section(s)) {
			struct placeholder p;
			const char *body;
			close = parse_section(s, end, &p, &body);
		} else {
			close = memchr(s, '}', (size_t)(end - s));
		}
		if (!close)
			return NULL;
		s = close + 1;
	}
	return NULL;
}

/* Whether a section on column col shows: not NULL, not empty text, not the number 0. */
static bool truthy(sqlite3_stmt *st, int col)
{
	if (col < 0)
		return false;
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_NULL:
		return false;
	case SQLITE_INTEGER:
		return sqlite3_column_int64(st, col) != 0;
	case SQLITE_FLOAT:
		return sqlite3_column_double(st, col) != 0.0;
	default:
		return sqlite3_column_bytes(st, col) > 0;
	}
}

static const char *check_at(const char *tpl, const char *end, sqlite3_stmt *st, const struct cscs_phrases *ph,
			    int depth, char *bad, size_t len)
{
	for (const char *s = tpl; s < end;) {
		if (s + 1 < end && ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}'))) {
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
		struct placeholder p;
		if (is_section(s)) {
			const char *body;
			const char *close = parse_section(s, end, &p, &body);
			if (!close) {
				copy_bad(s, (size_t)(end - s), bad, len);
				return p.name_len && p.name + p.name_len < end && p.name[p.name_len] == ':'
					       ? "an unclosed section"
					       : "a section without its column and ':' (write {?column:words} or {!column:words})";
			}
			copy_bad(s, (size_t)(body - s), bad, len);
			if (column_of(st, &p) < 0)
				return "the query returns no column for the section";
			const char *why = check_at(body, close, st, ph, depth, bad, len);
			if (why)
				return why;
			s = close + 1;
			continue;
		}
		const char *next = parse(s + 1, &p);
		if (!next || next > end) {
			copy_bad(s, (size_t)(end - s), bad, len);
			return "an unclosed placeholder";
		}
		copy_bad(s, (size_t)(next - s), bad, len);
		if (p.name_len == 0)
			return "an empty placeholder";
		if (column_of(st, &p) < 0)
			return "the query returns no column for the placeholder";
		if (p.format && !is_yuan(&p)) {
			if (depth > 0)
				return "a phrase table inside a phrase (a phrase may use columns, not tables)";
			if (!has_table(ph, p.format, p.format_len))
				return "an unknown format (':yuan', or a phrase table given by '-- phrase:' in a "
				       "file header) in the placeholder";
			/* every phrase of the table fills from this row too */
			for (size_t i = 0; i < ph->n; i++) {
				const struct cscs_phrase *e = &ph->v[i];
				if (strlen(e->table) != p.format_len || memcmp(e->table, p.format, p.format_len) != 0)
					continue;
				for (int l = 0; l < 2; l++) {
					const char *t = e->text[l];
					const char *why = t ? check_at(t, t + strlen(t), st, ph, depth + 1, bad, len) : NULL;
					if (why)
						return why;
				}
			}
			copy_bad(s, (size_t)(next - s), bad, len);
		}
		s = next;
	}
	return NULL;
}

const char *cscs_wording_check(const char *tpl, sqlite3_stmt *st, const struct cscs_phrases *ph, char *bad,
			       size_t len)
{
	return tpl ? check_at(tpl, tpl + strlen(tpl), st, ph, 0, bad, len) : NULL;
}

static void render_at(const char *tpl, const char *end, sqlite3_stmt *st, const struct cscs_phrases *ph, bool zh,
		      int depth, struct cscs_buf *out);

/* The words of one value (n bytes at v) in table t; false when the table has none for it. */
static bool add_phrase(const struct placeholder *p, const char *v, size_t n, sqlite3_stmt *st,
		       const struct cscs_phrases *ph, bool zh, int depth, struct cscs_buf *out)
{
	const struct cscs_phrase *e = cscs_phrases_find(ph, p->format, p->format_len, v, n);
	if (!e || !e->text[zh])
		return false;
	render_at(e->text[zh], e->text[zh] + strlen(e->text[zh]), st, ph, zh, depth + 1, out);
	return true;
}

/* A value in phrase table p->format: whole, else item by item of "a,b", else the "*" entry, else as it is. */
static void add_worded(const struct placeholder *p, const char *text, sqlite3_stmt *st,
		       const struct cscs_phrases *ph, bool zh, int depth, struct cscs_buf *out)
{
	size_t n = strlen(text);
	if (add_phrase(p, text, n, st, ph, zh, depth, out))
		return;
	if (memchr(text, ',', n)) {
		for (const char *item = text; item;) {
			const char *comma = strchr(item, ',');
			size_t len = comma ? (size_t)(comma - item) : strlen(item);
			if (item != text)
				cscs_buf_adds(out, zh ? "、" : ", ");
			if (!add_phrase(p, item, len, st, ph, zh, depth, out) &&
			    !add_phrase(p, "*", 1, st, ph, zh, depth, out))
				cscs_buf_add(out, item, len);
			item = comma ? comma + 1 : NULL;
		}
		return;
	}
	if (!add_phrase(p, "*", 1, st, ph, zh, depth, out))
		cscs_buf_adds(out, text);
}

static void render_at(const char *tpl, const char *end, sqlite3_stmt *st, const struct cscs_phrases *ph, bool zh,
		      int depth, struct cscs_buf *out)
{
	for (const char *s = tpl; s < end;) {
		if (s + 1 < end && ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}'))) {
			cscs_buf_addc(out, s[0]);
			s += 2;
			continue;
		}
		if (*s != '{') {
			cscs_buf_addc(out, *s++);
			continue;
		}
		struct placeholder p;
		if (is_section(s)) {
			const char *body;
			const char *close = parse_section(s, end, &p, &body);
			if (!close) {
				cscs_buf_add(out, s, (size_t)(end - s));
				return;
			}
			if (truthy(st, column_of(st, &p)) == (s[1] == '?'))
				render_at(body, close, st, ph, zh, depth, out);
			s = close + 1;
			continue;
		}
		const char *next = parse(s + 1, &p);
		if (!next || next > end) {
			cscs_buf_add(out, s, (size_t)(end - s));
			return;
		}
		int col = column_of(st, &p);
		int type = col >= 0 ? sqlite3_column_type(st, col) : SQLITE_NULL;
		const char *text = type == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(st, col);
		bool table = p.format && !is_yuan(&p) && depth == 0;
		if (!text || !*text) {
			if (p.fallback)
				cscs_buf_add(out, p.fallback, p.fallback_len);
			else if (table)
				add_phrase(&p, "*", 1, st, ph, zh, depth, out);
		} else if (is_yuan(&p) && (type == SQLITE_INTEGER || type == SQLITE_FLOAT)) {
			char yuan[CSCS_MONEY_FMT_LEN];
			cscs_buf_adds(out, cscs_money_format_grouped(sqlite3_column_int64(st, col), yuan));
		} else if (table) {
			add_worded(&p, text, st, ph, zh, depth, out);
		} else {
			cscs_buf_adds(out, text);
		}
		s = next;
	}
}

void cscs_wording_render(const char *tpl, sqlite3_stmt *st, const struct cscs_phrases *ph, bool zh,
			 struct cscs_buf *out)
{
	if (tpl)
		render_at(tpl, tpl + strlen(tpl), st, ph, zh, 0, out);
}
