#include "cscs/intake/template.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "cscs/core/fs.h"
#include "cscs/intake/records.h"
#include "cscs/intake/values.h"

#define WORKBOOK_NAME "intake.xlsx"
#define LIST_TEMPLATE "lists/list_entries.csv"

static const char *header_of(const struct cscs_field *f, bool zh)
{
	return zh ? f->zh : f->name;
}

/* The files a template run writes, relative to dir. */
static size_t target_names(char names[][96], size_t cap, bool *is_list)
{
	size_t n_types, n = 0;
	const struct cscs_record_type *types = cscs_record_types(&n_types);
	for (size_t i = 0; i < n_types && n < cap; i++) {
		if (types[i].is_list_export)
			continue;
		is_list[n] = false;
		snprintf(names[n++], 96, "%s.csv", types[i].name);
	}
	if (n + 2 <= cap) {
		is_list[n] = true;
		snprintf(names[n++], 96, "%s", LIST_TEMPLATE);
		is_list[n] = false;
		snprintf(names[n++], 96, "%s", WORKBOOK_NAME);
	}
	return n;
}

static enum cscs_error make_dir(const char *path, struct cscs_diag_list *dl)
{
	if (mkdir(path, 0777) == 0 || errno == EEXIST) {
		struct stat st;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return CSCS_OK;
		cscs_diag_error(dl, path, 0, 0, "exists and is not a folder");
		return CSCS_ERR_INPUT;
	}
	int e = errno;
	cscs_diag_error(dl, path, 0, 0, "cannot create the folder: %s", strerror(e));
	return e == ENOENT ? CSCS_ERR_INPUT : CSCS_ERR_IO;
}

static enum cscs_error write_all(int fd, const char *data, size_t len, const char *path, struct cscs_diag_list *dl)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			cscs_diag_error(dl, path, 0, 0, "cannot write: %s", strerror(errno));
			return CSCS_ERR_IO;
		}
		data += n;
		len -= (size_t)n;
	}
	return CSCS_OK;
}

static enum cscs_error write_csv(const char *path, const struct cscs_record_type *rt, bool zh,
				 struct cscs_diag_list *dl)
{
	struct cscs_buf b = CSCS_BUF_INIT;
	/* A BOM, so that Excel opens the Chinese a user types into it as UTF-8. */
	cscs_buf_adds(&b, "\xEF\xBB\xBF");
	for (size_t i = 0; i < rt->n_fields; i++)
		cscs_buf_addf(&b, "%s%s", i ? "," : "", header_of(&rt->fields[i], zh));
	cscs_buf_adds(&b, "\r\n");
	if (b.oom) {
		cscs_buf_finish(&b);
		return CSCS_ERR_NOMEM;
	}
	struct cscs_atomic_file af;
	enum cscs_error err = cscs_atomic_begin(&af, path, false, dl);
	if (!err) {
		err = write_all(af.fd, b.data, b.len, path, dl);
		if (!err)
			err = cscs_atomic_commit(&af, dl);
		else
			cscs_atomic_abort(&af);
	}
	cscs_buf_finish(&b);
	return err;
}

/* The note on a header cell: both names, type, whether required, allowed values, an example. */
static void header_note(struct cscs_buf *b, const struct cscs_field *f)
{
	cscs_buf_addf(b, "%s / %s\n", f->name, f->zh);
	cscs_buf_addf(b, "%s\n", f->doc);
	cscs_buf_addf(b, "type 类型: %s; %s\n", cscs_field_type_name(f->type),
		      f->required ? "required 必填" : "optional 选填");
	if (f->type == CSCS_FT_ENUM) {
		cscs_buf_adds(b, "allowed 可选值: ");
		for (const struct cscs_enum_value *v = f->values; v->value; v++)
			cscs_buf_addf(b, "%s%s (%s)", v == f->values ? "" : ", ", v->value, v->zh);
		cscs_buf_addc(b, '\n');
	} else if (f->type == CSCS_FT_BOOL) {
		cscs_buf_adds(b, "allowed 可选值: yes/是, no/否\n");
	} else if (f->type == CSCS_FT_DATE) {
		cscs_buf_adds(b, "a date cell, or 2025-03-01, 2025/3/1, 2025年3月1日\n");
	} else if (f->type == CSCS_FT_MONEY) {
		cscs_buf_adds(b, "yuan 元: 1,234.50, ¥1234.5, 12.5万元\n");
	}
	if (f->example && *f->example)
		cscs_buf_addf(b, "example 示例: %s", f->example);
}

struct book_formats {
	lxw_format *header; /* header cells */
	lxw_format *date;   /* date columns */
	lxw_format *text;   /* text, codes and ID numbers: never turned into numbers by Excel */
	lxw_format *money;  /* amounts */
	lxw_format *whole;  /* whole numbers and years */
};

static lxw_format *column_format(const struct book_formats *fm, const struct cscs_field *f)
{
	switch (f->type) {
	case CSCS_FT_DATE:
		return fm->date;
	case CSCS_FT_MONEY:
		return fm->money;
	case CSCS_FT_INT:
	case CSCS_FT_YEAR:
		return fm->whole;
	case CSCS_FT_TEXT:
	case CSCS_FT_USCC:
	case CSCS_FT_ID_NUMBER:
	case CSCS_FT_PERIOD:
		return fm->text;
	case CSCS_FT_BOOL:
	case CSCS_FT_ENUM:
		break;
	}
	return NULL;
}

static enum cscs_error xlsx_error(lxw_error e, const char *path, struct cscs_diag_list *dl)
{
	cscs_diag_error(dl, path, 0, 0, "cannot write the workbook: %s", lxw_strerror(e));
	return CSCS_ERR_XLSX;
}

static enum cscs_error write_workbook(const char *path, bool zh, struct cscs_diag_list *dl)
{
	struct cscs_atomic_file af;
	enum cscs_error err = cscs_atomic_begin(&af, path, false, dl);
	if (err)
		return err;
	close(af.fd);
	af.fd = -1;
	lxw_workbook *wb = workbook_new(af.tmp);
	if (!wb) {
		cscs_diag_error(dl, path, 0, 0, "cannot create the workbook");
		cscs_atomic_abort(&af);
		return CSCS_ERR_XLSX;
	}
	struct book_formats fm;
	fm.header = workbook_add_format(wb);
	format_set_bold(fm.header);
	format_set_bg_color(fm.header, 0xDDEBF7);
	format_set_border(fm.header, LXW_BORDER_THIN);
	fm.date = workbook_add_format(wb);
	format_set_num_format(fm.date, "yyyy-mm-dd");
	fm.text = workbook_add_format(wb);
	format_set_num_format(fm.text, "@");
	fm.money = workbook_add_format(wb);
	format_set_num_format(fm.money, "#,##0.00");
	fm.whole = workbook_add_format(wb);
	format_set_num_format(fm.whole, "0");

	size_t n_types;
	const struct cscs_record_type *types = cscs_record_types(&n_types);
	struct cscs_buf note = CSCS_BUF_INIT;
	for (size_t t = 0; t < n_types && !err; t++) {
		const struct cscs_record_type *rt = &types[t];
		if (rt->is_list_export)
			continue; /* list exports are files of their own, kept across imports */
		lxw_worksheet *ws = workbook_add_worksheet(wb, zh ? rt->zh : rt->name);
		if (!ws) {
			err = xlsx_error(LXW_ERROR_MEMORY_MALLOC_FAILED, path, dl);
			break;
		}
		worksheet_freeze_panes(ws, 1, 0);
		for (size_t i = 0; i < rt->n_fields && !err; i++) {
			const struct cscs_field *f = &rt->fields[i];
			lxw_col_t c = (lxw_col_t)i;
			double width = strlen(header_of(f, zh)) + 4.0;
			if (width < 14)
				width = 14;
			worksheet_set_column(ws, c, c, width, column_format(&fm, f));
			lxw_error e = worksheet_write_string(ws, 0, c, header_of(f, zh), fm.header);
			cscs_buf_reset(&note);
			header_note(&note, f);
			lxw_comment_options co = {.width = 360, .height = 160};
			if (!e)
				e = worksheet_write_comment_opt(ws, 0, c, cscs_buf_str(&note), &co);
			if (e) {
				err = xlsx_error(e, path, dl);
				break;
			}
			if (f->type != CSCS_FT_ENUM && f->type != CSCS_FT_BOOL)
				continue;
			/*
			 * The dropdown's values as a literal list (at most 255 characters,
			 * which every list in the registry fits). A list kept on a hidden
			 * sheet would need LIST_FORMULA, whose formula libxlsxwriter 1.1.4
			 * never frees.
			 */
			const char *vals[32];
			size_t n_vals = 0;
			if (f->type == CSCS_FT_BOOL) {
				vals[n_vals++] = zh ? "是" : "yes";
				vals[n_vals++] = zh ? "否" : "no";
			} else {
				for (const struct cscs_enum_value *v = f->values; v->value && n_vals < 31; v++)
					vals[n_vals++] = zh ? v->zh : v->value;
			}
			vals[n_vals] = NULL;
			lxw_data_validation dv = {0};
			dv.validate = LXW_VALIDATION_TYPE_LIST;
			dv.value_list = (char **)vals;
			/* A warning, not a stop: the other accepted spellings may be typed too. */
			dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
			dv.error_title = (char *)"cscs-audit";
			dv.error_message = (char *)"Not one of the listed values; see the note on the header. "
						   "不是列出的值之一，请参阅标题批注。";
			e = worksheet_data_validation_range(ws, 1, c, LXW_ROW_MAX - 1, c, &dv);
			if (e)
				err = xlsx_error(e, path, dl);
		}
	}
	cscs_buf_finish(&note);
	lxw_error e = workbook_close(wb);
	if (!err && e)
		err = xlsx_error(e, path, dl);
	if (err) {
		cscs_atomic_abort(&af);
		return err;
	}
	return cscs_atomic_commit(&af, dl);
}

enum cscs_error cscs_template_write(const char *dir, const struct cscs_template_opts *opts, size_t *n_written,
				    struct cscs_diag_list *dl)
{
	char names[64][96];
	bool is_list[64];
	size_t n = target_names(names, 64, is_list);
	bool zh = opts && opts->zh;
	enum cscs_error err;
	if (n_written)
		*n_written = 0;
	struct cscs_buf path = CSCS_BUF_INIT;
	if (!opts || !opts->force) {
		size_t n_exist = 0;
		for (size_t i = 0; i < n; i++) {
			cscs_buf_reset(&path);
			cscs_buf_addf(&path, "%s/%s", dir, names[i]);
			struct stat st;
			if (lstat(cscs_buf_str(&path), &st) == 0) {
				if (n_exist++ == 0)
					cscs_diag_error(dl, cscs_buf_str(&path), 0, 0,
							"already exists; nothing was written (use --force to overwrite)");
			}
		}
		if (n_exist) {
			cscs_buf_finish(&path);
			return CSCS_ERR_INPUT;
		}
	}
	if ((err = make_dir(dir, dl)))
		goto out;
	cscs_buf_reset(&path);
	cscs_buf_addf(&path, "%s/lists", dir);
	if ((err = make_dir(cscs_buf_str(&path), dl)))
		goto out;
	size_t n_types;
	const struct cscs_record_type *types = cscs_record_types(&n_types);
	for (size_t i = 0; i < n && !err; i++) {
		cscs_buf_reset(&path);
		cscs_buf_addf(&path, "%s/%s", dir, names[i]);
		if (strcmp(names[i], WORKBOOK_NAME) == 0) {
			err = write_workbook(cscs_buf_str(&path), zh, dl);
		} else {
			const struct cscs_record_type *rt = NULL;
			for (size_t t = 0; t < n_types && !rt; t++) {
				char want[96];
				snprintf(want, sizeof(want), "%s.csv", types[t].name);
				if (is_list[i] ? types[t].is_list_export : strcmp(want, names[i]) == 0)
					rt = &types[t];
			}
			err = rt ? write_csv(cscs_buf_str(&path), rt, zh, dl) : CSCS_ERR_INTERNAL;
		}
		if (!err && n_written)
			++*n_written;
	}
out:
	cscs_buf_finish(&path);
	return err;
}

/* ---- docs/records.md ---- */

static void md_cell(struct cscs_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			cscs_buf_adds(b, "\\|");
		else
			cscs_buf_addc(b, *s);
	}
}

static void md_allowed(struct cscs_buf *b, const struct cscs_field *f)
{
	if (f->type == CSCS_FT_BOOL) {
		cscs_buf_addf(b, "yes: %s; no: %s", cscs_value_bool_words(1), cscs_value_bool_words(0));
		return;
	}
	if (f->type != CSCS_FT_ENUM)
		return;
	for (const struct cscs_enum_value *v = f->values; v->value; v++) {
		cscs_buf_addf(b, "%s`%s` %s", v == f->values ? "" : "; ", v->value, v->zh);
		if (v->aliases) {
			cscs_buf_adds(b, " (also ");
			for (const char *p = v->aliases; *p; p++) {
				if (*p == '|')
					cscs_buf_adds(b, ", ");
				else
					cscs_buf_addc(b, *p);
			}
			cscs_buf_addc(b, ')');
		}
	}
}

void cscs_records_doc(struct cscs_buf *b)
{
	size_t n_types;
	const struct cscs_record_type *types = cscs_record_types(&n_types);
	cscs_buf_adds(b,
		"# Record pack reference\n"
		"\n"
		"<!-- Generated from src/intake/records.c by `cscs-audit template --records-doc`;\n"
		"     do not edit by hand: tests/integration/test_docs_records.py fails when they differ. -->\n"
		"\n"
		"A record pack is what `cscs-audit audit` and `cscs-audit import` read: a folder with\n"
		"one file per record type, or one filled `intake.xlsx`. `cscs-audit template DIR`\n"
		"writes blank ones.\n"
		"\n"
		"## Files\n"
		"\n"
		"* A folder holds `<type>.csv` or `<type>.xlsx` files, named by the record type's\n"
		"  English name below (or its Chinese name: `许可证照.csv`), and a `lists/` folder of\n"
		"  list exports (`lists/*.csv`, columns of `list_entries`). A missing file means \"no\n"
		"  records of that type\": checks that need it report `insufficient_data`.\n"
		"* An `.xlsx` file not named after a record type is an intake workbook: each sheet\n"
		"  named after a record type (English or Chinese name) is read; other sheets are\n"
		"  ignored with a warning (sheets whose names start with `_` silently). A workbook\n"
		"  named after a record type is read from the sheet of that name, else its first sheet.\n"
		"* The same record type given twice (say `licenses.csv` and a `licenses` sheet) is an\n"
		"  error. Files that match no record type are ignored with a warning; hidden files and\n"
		"  Excel lock files (`~$...`) silently. A record file that is a folder, or a symbolic\n"
		"  link leading outside the pack, is refused.\n"
		"* An import replaces the records of the previous one. List entries are replaced only\n"
		"  when list exports are given (`lists/` or `--lists DIR`); otherwise they are kept.\n"
		"* Each file's path within the pack, size, SHA-256 and encoding are stored\n"
		"  (`source_files`), and each row its line (`src_line`: the CSV line where the\n"
		"  record starts, or the worksheet row). A sheet is named `intake.xlsx[licenses]`.\n"
		"* Workbook limits, checked while the zip is inflated: a worksheet part may inflate to\n"
		"  2 GiB, the shared strings part to 1 GiB, `workbook.xml`, its relationships and the\n"
		"  styles to 64 MiB each, all parts read together to 4 GiB; a cell or shared string\n"
		"  holds at most 1 MiB of text, a row 16 MiB, a tag (with its attributes) 1 MiB; at\n"
		"  most 4,194,304 shared strings with 64 MiB of text together, 4,096 sheets, 1,048,576\n"
		"  rows (Excel's), 16,384 columns and 65,536 cell formats. Past one, or when a part\n"
		"  fails its CRC check (the zip is damaged), or when a sheet's relationship points at\n"
		"  a part that is not a worksheet (`workbook.xml`), the import stops with exit 2,\n"
		"  naming the workbook and the part\n"
		"  (`intake.xlsx: xl/worksheets/sheet2.xml: the part is too large`).\n"
		"\n"
		"## Reading\n"
		"\n"
		"* CSV as RFC 4180: fields quoted with `\"` may hold commas, quotes (doubled) and line\n"
		"  breaks; CRLF or LF line ends; a UTF-8 byte order mark; blank lines are skipped.\n"
		"* Encoding: UTF-8, or GB18030 (which reads GBK and GB2312 too) when the first non-ASCII\n"
		"  bytes are not valid UTF-8. Once a whole line with Chinese characters has been valid\n"
		"  UTF-8, the file is UTF-8: a later line in GB18030 is an error at that line, never a\n"
		"  reason to read the earlier lines again as GB18030.\n"
		"  `--encoding utf-8|gb18030|gbk` overrides the guess. Bytes\n"
		"  that cannot be decoded stop the import with `file:line:column`; so does a quote that\n"
		"  is never closed (at the line and column where its field began), and a NUL byte (a\n"
		"  binary file, or UTF-16: a file that starts with a UTF-16 byte order mark is named\n"
		"  as such; save it as CSV UTF-8).\n"
		"* The first non-blank row is the header: English column names (any letter case) or the\n"
		"  Chinese headers below, in any order. An unknown column is a warning (its values are\n"
		"  ignored); a missing required column, or a column given twice, is an error (exit 2).\n"
		"* A row with more fields than the header (other than empty ones) or fewer is rejected.\n"
		"  Rows whose fields are all empty are skipped.\n"
		"* A value that cannot be typed rejects its row: the row is not stored, and\n"
		"  `data_issues` records file, line, column, value and reason (level `rejected`); the\n"
		"  import goes on and the report's Data quality sheet lists it. An invalid unified\n"
		"  social credit code is stored as given (normalised) and flagged (level `flagged`).\n"
		"  A value longer than 32,767 characters (what one spreadsheet cell holds) is\n"
		"  rejected; messages and `data_issues` show at most the first 200 bytes of a value.\n"
		"* Limits, checked while the file is read (memory follows the longest record, not the\n"
		"  file): a field of at most 1 MiB, a record (a line, or more with quoted line breaks)\n"
		"  of at most 16 MiB, at most 16,384 fields in a record (Excel's column count). Past\n"
		"  one, the import stops with `file:line:column` and exit 2 (`licenses.csv:2:1: the\n"
		"  field that starts here is longer than 1 MiB`). The same limits apply to the\n"
		"  waivers file, the partners file and list exports; a checklist file may have at most\n"
		"  8 MiB (all checklist files of a run 32 MiB together), a profile 1 MiB, a waivers\n"
		"  file 16 MiB of text.\n"
		"* `entity` must have exactly one row: none or two is an error.\n"
		"* Surrounding blanks (spaces, tabs, no-break and ideographic spaces) are ignored.\n"
		"\n"
		"## Value types\n"
		"\n"
		"| type | accepted | stored as |\n"
		"|---|---|---|\n"
		"| text | anything | text |\n");
	cscs_buf_addf(b,
		"| date | %s; an optional time after it is ignored; XLSX date cells and date serial numbers | text `YYYY-MM-DD`; a day that does not exist (2025-02-30) is rejected |\n",
		cscs_value_date_forms);
	cscs_buf_adds(b,
		"| money | yuan: `1234.5`, `1,234.50`, `¥1,234`, `RMB 1234`, `1234元`, `12.5万元`, `12.5万`, `-300`, full-width digits; XLSX numbers | integer fen (1 yuan = 100 fen); never floating point; finer than one fen is rejected |\n"
		"| integer | `58`, `1,200`; XLSX numbers | integer |\n"
		"| year | `2024`, `2024年`, `2024年度` (1900-2200) | integer |\n"
		"| month | `2025-08`, `2025/8`, `2025.8`, `202508`, `2025年8月`, or any date (its month) | text `YYYY-MM` |\n");
	cscs_buf_addf(b, "| yes/no | yes: %s; no: %s (ASCII letter case ignored); XLSX TRUE/FALSE | 1 or 0 |\n",
		      cscs_value_bool_words(1), cscs_value_bool_words(0));
	cscs_buf_adds(b,
		"| one of | the English value, its Chinese value or an alias listed below (ASCII letter case ignored) | the English value |\n"
		"| USCC | 18 characters of GB 32100; blanks and hyphens dropped, letters upper-cased | the normalised code; an invalid one is kept and flagged |\n"
		"| ID number | a resident identity number (personal data: masked in every output unless `--show-personal-data`) | text, a final `x` as `X` |\n"
		"\n"
		"## Record types\n"
		"\n"
		"| file | Chinese name (sheet) | holds |\n"
		"|---|---|---|\n");
	for (size_t t = 0; t < n_types; t++) {
		const struct cscs_record_type *rt = &types[t];
		cscs_buf_addf(b, "| [`%s%s.csv`](#%s) | %s | %s |\n", rt->is_list_export ? "lists/" : "",
			      rt->is_list_export ? "*" : rt->name, rt->name, rt->zh, rt->doc);
	}
	for (size_t t = 0; t < n_types; t++) {
		const struct cscs_record_type *rt = &types[t];
		cscs_buf_addf(b, "\n## %s\n\n", rt->name);
		if (rt->is_list_export)
			cscs_buf_addf(b, "Files: `lists/*.csv` (any name). Chinese name: %s. %s.\n\n", rt->zh, rt->doc);
		else
			cscs_buf_addf(b, "File: `%s.csv` or `%s.xlsx`; sheet `%s` or `%s` in an intake workbook. %c%s.\n\n",
				      rt->name, rt->name, rt->name, rt->zh,
				      rt->doc[0] >= 'a' && rt->doc[0] <= 'z' ? rt->doc[0] - 32 : rt->doc[0], rt->doc + 1);
		cscs_buf_adds(b, "| column | Chinese header | type | required | allowed values | example | meaning |\n"
				 "|---|---|---|---|---|---|---|\n");
		for (size_t i = 0; i < rt->n_fields; i++) {
			const struct cscs_field *f = &rt->fields[i];
			cscs_buf_addf(b, "| `%s` | %s | %s | %s | ", f->name, f->zh, cscs_field_type_name(f->type),
				      f->required ? "yes" : "no");
			md_allowed(b, f);
			cscs_buf_adds(b, " | ");
			md_cell(b, f->example ? f->example : "");
			cscs_buf_adds(b, " | ");
			md_cell(b, f->doc);
			cscs_buf_adds(b, " |\n");
		}
	}
}
