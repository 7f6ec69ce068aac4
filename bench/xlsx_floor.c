/*
 * xlsx_floor CELLS OUT.xlsx: the cells of a workbook written again with
 * libxlsxwriter alone, as cscs-audit writes its workbooks (constant memory,
 * scratch files beside the output, ZIP64), and nothing else: no database,
 * no formatting, no masking. What it takes is the floor under the
 * screening workbook's "write outputs" phase (bench/workbook_floor).
 *
 * CELLS (bench/workbook_floor writes it from a workbook) holds one line per
 * row; a line "\f NAME" starts a sheet. Cells are separated by tabs, each
 * empty (no cell), "s" and a text, or "n" and a number; in texts "\\",
 * "\t" and "\n" stand for a backslash, a tab and a line break.
 *
 * Exit 0 when written, 1 when the workbook cannot be, 2 on bad arguments.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static void unescape(char *s)
{
	char *o = s;
	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*o++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: xlsx_floor CELLS OUT.xlsx\n");
		return 2;
	}
	FILE *in = fopen(argv[1], "r");
	if (!in) {
		perror(argv[1]);
		return 2;
	}
	/* its scratch files beside the output, as cscs-audit's */
	char *dir_copy = strdup(argv[2]);
	lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = dir_copy ? dirname(dir_copy) : NULL,
		.use_zip64 = LXW_TRUE};
	lxw_workbook *wb = workbook_new_opt(argv[2], &wo);
	if (!wb) {
		free(dir_copy);
		fclose(in);
		return 1;
	}
	lxw_worksheet *ws = NULL;
	lxw_row_t r = 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int bad = 0;
	while ((n = getline(&line, &cap, in)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (line[0] == '\f') {
			ws = workbook_add_worksheet(wb, line[1] ? line + 1 : NULL);
			r = 0;
			continue;
		}
		if (!ws)
			ws = workbook_add_worksheet(wb, NULL);
		lxw_col_t c = 0;
		for (char *f = line, *next; f; f = next, c++) {
			next = strchr(f, '\t');
			if (next)
				*next++ = '\0';
			if (f[0] == 's') {
				unescape(f + 1);
				bad |= worksheet_write_string(ws, r, c, f + 1, NULL) != LXW_NO_ERROR;
			} else if (f[0] == 'n') {
				bad |= worksheet_write_number(ws, r, c, strtod(f + 1, NULL), NULL) != LXW_NO_ERROR;
			}
		}
		r++;
	}
	free(line);
	fclose(in);
	bad |= workbook_close(wb) != LXW_NO_ERROR;
	free(dir_copy);
	return bad ? 1 : 0;
}
