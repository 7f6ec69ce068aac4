/*
 * INTERIM: a minimal stand-in for the intake module's CSV reader
 * (include/cscs/intake/csv.h), built only while src/intake/csv.c does not
 * exist (see meson.build here), so the engine links and its waiver tests
 * run before the intake work is merged. UTF-8 only, whole file in memory.
 * Delete this file once the real reader is on main.
 */
#include "cscs/intake/csv.h"

#include <stdlib.h>
#include <string.h>

#include "cscs/core/fs.h"
#include "cscs/core/text.h"

struct cscs_csv_reader {
	char *text;               /* whole file */
	size_t len;               /* its length */
	size_t pos;               /* next byte to read */
	unsigned long line;       /* line of text[pos] */
	char *name;               /* for messages */
	struct cscs_csv_row row;  /* the current record */
	size_t cap;               /* allocated fields */
};

enum cscs_error cscs_csv_open(struct cscs_csv_reader **out, const char *path, const char *display_name,
			      const char *encoding, struct cscs_diag_list *dl)
{
	(void)encoding;
	*out = NULL;
	struct cscs_csv_reader *r = calloc(1, sizeof(*r));
	if (!r)
		return CSCS_ERR_NOMEM;
	enum cscs_error err = cscs_fs_read_all(path, 64u * 1024 * 1024, &r->text, &r->len, dl);
	if (err) {
		free(r);
		return err == CSCS_ERR_NOT_FOUND ? CSCS_ERR_INPUT : err;
	}
	r->name = strdup(display_name ? display_name : path);
	r->line = 1;
	if (r->len >= 3 && memcmp(r->text, "\xEF\xBB\xBF", 3) == 0)
		r->pos = 3;
	if (!cscs_utf8_valid(r->text, r->len, NULL)) {
		cscs_diag_error(dl, r->name, 0, 0, "not UTF-8 text");
		cscs_csv_close(r);
		return CSCS_ERR_INPUT;
	}
	*out = r;
	return CSCS_OK;
}

static void clear_row(struct cscs_csv_reader *r)
{
	for (size_t i = 0; i < r->row.n_fields; i++)
		free(r->row.fields[i]);
	r->row.n_fields = 0;
}

enum cscs_error cscs_csv_next(struct cscs_csv_reader *r, const struct cscs_csv_row **row,
			      struct cscs_diag_list *dl)
{
	*row = NULL;
	clear_row(r);
	/* skip blank lines */
	while (r->pos < r->len && (r->text[r->pos] == '\n' || r->text[r->pos] == '\r')) {
		if (r->text[r->pos] == '\n')
			r->line++;
		r->pos++;
	}
	if (r->pos >= r->len)
		return CSCS_OK;
	r->row.line = r->line;
	size_t line_start = r->pos;
	for (;;) {
		if (r->row.n_fields == r->cap) {
			size_t cap = r->cap ? r->cap * 2 : 8;
			char **f = realloc(r->row.fields, cap * sizeof(*f));
			size_t *fl = realloc(r->row.field_len, cap * sizeof(*fl));
			unsigned long *col = realloc(r->row.col, cap * sizeof(*col));
			if (f)
				r->row.fields = f;
			if (fl)
				r->row.field_len = fl;
			if (col)
				r->row.col = col;
			if (!f || !fl || !col)
				return CSCS_ERR_NOMEM;
			r->cap = cap;
		}
		size_t i = r->row.n_fields;
		r->row.col[i] = (unsigned long)cscs_utf8_count(r->text + line_start, r->pos - line_start) + 1;
		/* a field is never longer than the rest of the file, nor than its line */
		size_t room = r->len - r->pos;
		const char *nl = memchr(r->text + r->pos, '\n', room);
		if (nl && r->text[r->pos] != '"')
			room = (size_t)(nl - (r->text + r->pos));
		char *buf = malloc(room + 1);
		if (!buf)
			return CSCS_ERR_NOMEM;
		size_t n = 0;
		if (r->pos < r->len && r->text[r->pos] == '"') {
			unsigned long start_line = r->line;
			r->pos++;
			for (;;) {
				if (r->pos >= r->len) {
					free(buf);
					cscs_diag_error(dl, r->name, start_line, r->row.col[i], "unterminated quoted field");
					return CSCS_ERR_INPUT;
				}
				char c = r->text[r->pos++];
				if (c == '"') {
					if (r->pos < r->len && r->text[r->pos] == '"') {
						buf[n++] = '"';
						r->pos++;
						continue;
					}
					break;
				}
				if (c == '\n') {
					r->line++;
					line_start = r->pos;
				}
				buf[n++] = c;
			}
		}
		while (r->pos < r->len && r->text[r->pos] != ',' && r->text[r->pos] != '\n')
			buf[n++] = r->text[r->pos++];
		if (n && buf[n - 1] == '\r' && (r->pos >= r->len || r->text[r->pos] == '\n'))
			n--;
		buf[n] = '\0';
		r->row.fields[i] = buf;
		r->row.field_len[i] = n;
		r->row.n_fields++;
		if (r->pos < r->len && r->text[r->pos] == ',') {
			r->pos++;
			continue;
		}
		if (r->pos < r->len) {
			r->pos++;
			r->line++;
		}
		break;
	}
	*row = &r->row;
	return CSCS_OK;
}

const char *cscs_csv_encoding(const struct cscs_csv_reader *r)
{
	(void)r;
	return "utf-8";
}

void cscs_csv_close(struct cscs_csv_reader *r)
{
	if (!r)
		return;
	clear_row(r);
	free(r->row.fields);
	free(r->row.field_len);
	free(r->row.col);
	free(r->text);
	free(r->name);
	free(r);
}
