#include "cscs/core/diag.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cscs_diag_list_init(struct cscs_diag_list *dl)
{
	memset(dl, 0, sizeof(*dl));
}

void cscs_diag_list_finish(struct cscs_diag_list *dl)
{
	if (!dl)
		return;
	for (size_t i = 0; i < dl->n; i++) {
		free(dl->items[i].file);
		free(dl->items[i].message);
	}
	free(dl->items);
	size_t max_items = dl->max_items;
	cscs_diag_list_init(dl);
	dl->max_items = max_items;
}

static char *vformat(const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (len < 0)
		return NULL;
	char *s = malloc((size_t)len + 1);
	if (!s)
		return NULL;
	vsnprintf(s, (size_t)len + 1, fmt, ap);
	return s;
}

void cscs_diag_addv(struct cscs_diag_list *dl, enum cscs_diag_level level,
		    const char *file, unsigned long line, unsigned long col,
		    const char *fmt, va_list ap)
{
	if (!dl)
		return;
	if (level == CSCS_DIAG_ERROR)
		dl->n_errors++;
	if (dl->max_items && dl->n >= dl->max_items) {
		dl->n_dropped++;
		return;
	}
	if (dl->n == dl->cap) {
		size_t cap = dl->cap ? dl->cap * 2 : 8;
		struct cscs_diag *items = realloc(dl->items, cap * sizeof(*items));
		if (!items) {
			dl->n_dropped++;
			return;
		}
		dl->items = items;
		dl->cap = cap;
	}
	struct cscs_diag *d = &dl->items[dl->n];
	d->level = level;
	d->file = file ? strdup(file) : NULL;
	d->line = line;
	d->col = col;
	d->message = vformat(fmt, ap);
	if (!d->message) {
		free(d->file);
		dl->n_dropped++;
		return;
	}
	dl->n++;
}

void cscs_diag_add(struct cscs_diag_list *dl, enum cscs_diag_level level,
		   const char *file, unsigned long line, unsigned long col,
		   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cscs_diag_addv(dl, level, file, line, col, fmt, ap);
	va_end(ap);
}

void cscs_diag_error(struct cscs_diag_list *dl, const char *file,
		     unsigned long line, unsigned long col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cscs_diag_addv(dl, CSCS_DIAG_ERROR, file, line, col, fmt, ap);
	va_end(ap);
}

void cscs_diag_warning(struct cscs_diag_list *dl, const char *file,
		       unsigned long line, unsigned long col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cscs_diag_addv(dl, CSCS_DIAG_WARNING, file, line, col, fmt, ap);
	va_end(ap);
}

const char *cscs_diag_column_letters(unsigned long col, char out[8])
{
	char rev[8];
	size_t n = 0;
	/* Spreadsheet columns: 1 = A, 26 = Z, 27 = AA; XLSX ends at XFD (16384). */
	while (col > 0 && n < 7) {
		col--;
		rev[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = rev[n - 1 - i];
	out[n] = '\0';
	return out;
}

char *cscs_diag_format(const struct cscs_diag *d, char *buf, size_t len)
{
	const char *level = d->level == CSCS_DIAG_WARNING ? "warning: "
			    : d->level == CSCS_DIAG_NOTE  ? "note: "
							  : "";
	size_t flen = d->file ? strlen(d->file) : 0;
	/* A worksheet ("intake.xlsx[licenses]") is located as a spreadsheet user reads it: F3, row 3. */
	bool sheet = flen > 2 && d->file[flen - 1] == ']' && strchr(d->file, '[');
	if (sheet && d->line && d->col) {
		char column[8];
		snprintf(buf, len, "%s!%s%lu: %s%s", d->file, cscs_diag_column_letters(d->col, column), d->line, level,
			 d->message);
	} else if (sheet && d->line)
		snprintf(buf, len, "%s, row %lu: %s%s", d->file, d->line, level, d->message);
	else if (d->file && d->line && d->col)
		snprintf(buf, len, "%s:%lu:%lu: %s%s", d->file, d->line, d->col, level, d->message);
	else if (d->file && d->line)
		snprintf(buf, len, "%s:%lu: %s%s", d->file, d->line, level, d->message);
	else if (d->file)
		snprintf(buf, len, "%s: %s%s", d->file, level, d->message);
	else
		snprintf(buf, len, "%s%s", level, d->message);
	return buf;
}

void cscs_quiet_begin(struct cscs_quiet *q)
{
	q->saved = -1;
	q->held = NULL;
	fflush(stderr);
	FILE *held = tmpfile();
	if (!held)
		return; /* nowhere to hold it: the lines go through as before */
	int saved = dup(STDERR_FILENO);
	if (saved < 0 || dup2(fileno(held), STDERR_FILENO) < 0) {
		if (saved >= 0)
			close(saved);
		fclose(held);
		return;
	}
	q->saved = saved;
	q->held = held;
}

void cscs_quiet_end(struct cscs_quiet *q)
{
	if (!q->held)
		return;
	fflush(stderr);
	dup2(q->saved, STDERR_FILENO);
	close(q->saved);
	/* Only libxlsxwriter's own lines are dropped; anything else still reaches the user. */
	char line[1024];
	rewind(q->held);
	while (fgets(line, sizeof(line), q->held)) {
		/* Each pass starts a line; a line longer than the buffer is read on below. */
		bool drop = strncmp(line, "[ERROR]", 7) == 0 || strncmp(line, "[WARNING]", 9) == 0;
		if (!drop)
			fputs(line, stderr);
		while (line[strlen(line) - 1] != '\n' && fgets(line, sizeof(line), q->held))
			if (!drop)
				fputs(line, stderr);
	}
	fclose(q->held);
	q->held = NULL;
	q->saved = -1;
}
