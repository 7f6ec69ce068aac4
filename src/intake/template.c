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
static void header_note(struct cscs_buf *b, const struct cscs_field *f, const struct cscs_vocab *voc)
{
	cscs_buf_addf(b, "%s / %s\n", f->name, f->zh);
	cscs_buf_addf(b, "%s\n", f->doc);
	cscs_buf_addf(b, "type 类型: %s; %s\n", cscs_field_type_name(f->type),
		      f->required ? "required 必填" : "optional 选填");
	const struct cscs_vocab_list *l = f->type == CSCS_FT_ENUM ? cscs_vocab_find(voc, f->vocab) : NULL;
	if (l) {
		cscs_buf_adds(b, "allowed 可选值: ");
		for (size_t i = 0; i < l->n_values; i++)
			cscs_buf_addf(b, "%s%s (%s)", i ? ", " : "", l->values[i].value, l->values[i].label);
		cscs_buf_adds(b, "; and the words of docs/records.md\n");
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
	lxw_format *plain;  /* one line of text, not wrapped (the instructions' example rows) */
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

/* Where a company finds each kind of record: English, Chinese. */
static const struct {
	const char *type; /* record type */
	const char *en;   /* where the documents come from */
	const char *zh;   /* 资料来源 */
} sources[] = {
	{"entity", "the business licence (营业执照) and the registration record", "营业执照及登记信息"},
	{"licenses", "the licences and permits themselves; the issuing authorities' notices", "各类许可证照原件及发证机关通知"},
	{"annual_reports", "the National Enterprise Credit Information Publicity System (国家企业信用信息公示系统), filing receipts",
	 "国家企业信用信息公示系统的年报记录及回执"},
	{"instant_disclosures", "the publicity system's instant-information records", "国家企业信用信息公示系统的即时信息公示记录"},
	{"tax_filings", "the electronic tax bureau (电子税务局): returns, payment records, late-fee notices",
	 "电子税务局的申报、缴款及滞纳金记录"},
	{"tax_ratings", "the tax credit rating notice in the electronic tax bureau", "电子税务局中的纳税信用评价结果"},
	{"penalties", "penalty decisions (行政处罚决定书); Credit China (信用中国) penalty records",
	 "行政处罚决定书；信用中国行政处罚记录"},
	{"court_cases", "judgments and rulings; enforcement records (中国执行信息公开网)",
	 "判决书、裁定书；中国执行信息公开网的执行记录"},
	{"list_status", "the publicity system and Credit China: abnormal operations, serious dishonesty and other lists",
	 "国家企业信用信息公示系统及信用中国的名单信息"},
	{"env_permits", "the pollutant discharge permit and the national permit management platform",
	 "排污许可证及全国排污许可证管理信息平台"},
	{"env_disclosures", "the environmental information disclosure system's filings", "企业环境信息依法披露系统的披露记录"},
	{"env_ratings", "the environmental credit evaluation notice of the local ecology and environment bureau",
	 "生态环境部门的环境信用评价结果"},
	{"inspections", "inspection records and rectification notices (责令整改通知书)", "检查记录及责令整改通知书"},
	{"certifications", "the CCC and other certificates; the certification body's records", "CCC 等认证证书及认证机构记录"},
	{"payroll", "the payroll ledger and bank payment records", "工资台账及银行代发记录"},
	{"social_insurance", "the social insurance bureau's contribution statements", "社保经办机构的缴费明细"},
	{"customs", "the customs credit management notice; declaration statistics", "海关企业信用等级通知及报关统计"},
	{"partners", "the supplier and customer master data (ERP)", "供应商及客户主数据（ERP）"},
};

/*
 * The first sheet of intake.xlsx: what to fill in and where the records come
 * from, in both languages, and one example row per record sheet. It holds no
 * records: import ignores it by name.
 */
static lxw_error write_instructions(lxw_workbook *wb, const struct book_formats *fm, lxw_format *title,
				     lxw_format *wrap)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, CSCS_TEMPLATE_INSTRUCTIONS);
	if (!ws)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	static const char *const steps[][2] = {
		{"How to fill in this workbook", "填写说明"},
		{"1. Each sheet after this one is one kind of record: one row per record, under the header row.",
		 "1. 本表之后的每个工作表是一类记录：在标题行下每行填写一条记录。"},
		{"2. The sheet 'entity' holds exactly one row: the company audited. Every other sheet may stay empty.",
		 "2. “企业基本信息”表只填一行，即被审计企业；其他工作表可以留空。"},
		{"3. An empty sheet means \"no records of that kind\": the checks that need them report insufficient data, never a pass.",
		 "3. 工作表为空表示“没有此类记录”：需要这些记录的检查项显示“数据不足”，不会判为通过。"},
		{"4. The note on each header (hover over it) says what the column holds, whether it is required, and the accepted values.",
		 "4. 每个标题单元格的批注说明该列内容、是否必填及可选值。"},
		{"5. Dates: a date cell or 2026-03-01; amounts in yuan (元); codes and ID numbers as text.",
		 "5. 日期：日期单元格或 2026-03-01；金额以元为单位；代码和身份证号码按文本填写。"},
		{"6. Then run: cscs-audit audit intake.xlsx -o audit.xlsx   (docs/guide.md, docs/records.md)",
		 "6. 然后运行：cscs-audit audit intake.xlsx -o audit.xlsx（参见 docs/guide.md、docs/records.md）"},
	};
	/* Printed, it fits the page width: landscape, one page wide. */
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	lxw_error e = worksheet_set_column(ws, 0, 0, 34, wrap);
	if (!e)
		e = worksheet_set_column(ws, 1, 1, 62, wrap);
	if (!e)
		e = worksheet_set_column(ws, 2, 2, 52, wrap);
	lxw_row_t row = 0;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]) && !e; i++, row++) {
		/* wrapped text needs its height set: neither Excel nor LibreOffice grows rows written by a library */
		if (i > 0)
			e = worksheet_set_row(ws, row, 30, NULL);
		if (!e)
			e = worksheet_write_string(ws, row, 1, steps[i][0], i == 0 ? title : NULL);
		if (!e)
			e = worksheet_write_string(ws, row, 2, steps[i][1], i == 0 ? title : NULL);
	}
	row++;
	static const char *const heads[] = {"sheet 工作表", "where the records come from", "资料来源"};
	for (lxw_col_t c = 0; c < 3 && !e; c++)
		e = worksheet_write_string(ws, row, c, heads[c], fm->header);
	row++;
	for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]) && !e; i++, row++) {
		const struct cscs_record_type *rt = cscs_record_type_find(sources[i].type);
		char name[128];
		snprintf(name, sizeof(name), "%s / %s", sources[i].type, rt ? rt->zh : "");
		e = worksheet_set_row(ws, row, 30, NULL);
		if (!e)
			e = worksheet_write_string(ws, row, 0, name, NULL);
		if (!e)
			e = worksheet_write_string(ws, row, 1, sources[i].en, NULL);
		if (!e)
			e = worksheet_write_string(ws, row, 2, sources[i].zh, NULL);
	}
	/* One example row per record sheet, one column a line: column, example value, what it holds. */
	row++;
	if (!e)
		e = worksheet_write_string(ws, row++, 0, "Example rows / 示例行", title);
	if (!e)
		e = worksheet_write_string(ws, row++, 0,
					   "This sheet is not read: type your records on the sheets that follow. "
					   "本表不会被导入，请在后面的工作表中填写记录。", NULL);
	size_t n_types;
	const struct cscs_record_type *types = cscs_record_types(&n_types);
	for (size_t t = 0; t < n_types && !e; t++) {
		const struct cscs_record_type *rt = &types[t];
		if (rt->is_list_export)
			continue;
		char name[160];
		snprintf(name, sizeof(name), "sheet %s / %s", rt->name, rt->zh);
		row++;
		e = worksheet_write_string(ws, row, 0, name, fm->header);
		if (!e)
			e = worksheet_write_string(ws, row, 1, "example 示例", fm->header);
		if (!e)
			e = worksheet_write_string(ws, row, 2, rt->doc, fm->header);
		row++;
		for (size_t i = 0; i < rt->n_fields && !e; i++, row++) {
			const struct cscs_field *f = &rt->fields[i];
			char col[160];
			snprintf(col, sizeof(col), "%s / %s%s", f->name, f->zh, f->required ? " *" : "");
			e = worksheet_write_string(ws, row, 0, col, fm->plain);
			if (!e && f->example && *f->example)
				e = worksheet_write_string(ws, row, 1, f->example, fm->plain);
			if (!e)
				e = worksheet_write_string(ws, row, 2, f->doc, fm->plain);
		}
	}
	if (!e)
		e = worksheet_write_string(ws, ++row, 0, "* required 必填", NULL);
	if (!e)
		worksheet_activate(ws);
	return e;
}

static enum cscs_error write_workbook(const char *path, bool zh, const struct cscs_vocab *voc,
				     struct cscs_diag_list *dl)
{
	struct cscs_atomic_file af;
	enum cscs_error err = cscs_atomic_begin(&af, path, false, dl);
	if (err)
		return err;
	close(af.fd);
	af.fd = -1;
	/* libxlsxwriter's own "[ERROR]" lines are held back: the messages here say it. */
	struct cscs_quiet quiet;
	cscs_quiet_begin(&quiet);
	lxw_workbook *wb = workbook_new(af.tmp);
	cscs_quiet_end(&quiet);
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
	fm.plain = workbook_add_format(wb);
	lxw_format *title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 12);
	lxw_format *wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	lxw_error ie = write_instructions(wb, &fm, title, wrap);
	if (ie)
		err = xlsx_error(ie, path, dl);

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
			header_note(&note, f, voc);
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
			 * The dropdown's values as a literal list (at most 255 characters:
			 * see below). A list kept on a hidden
			 * sheet would need LIST_FORMULA, whose formula libxlsxwriter 1.1.4
			 * never frees.
			 */
			const char *vals[32];
			size_t n_vals = 0;
			if (f->type == CSCS_FT_BOOL) {
				vals[n_vals++] = zh ? "是" : "yes";
				vals[n_vals++] = zh ? "否" : "no";
			} else {
				const struct cscs_vocab_list *l = cscs_vocab_find(voc, f->vocab);
				for (size_t k = 0; l && k < l->n_values && n_vals < 31; k++)
					vals[n_vals++] = zh ? l->values[k].label : l->values[k].value;
				if (n_vals == 0)
					continue;
			}
			vals[n_vals] = NULL;
			/*
			 * Excel takes a literal list of at most 255 characters (commas
			 * included), and libxlsxwriter's buffer holds 255 bytes: a longer
			 * one (the credit lists in Chinese) gets no dropdown, its values
			 * being in the header note.
			 */
			size_t bytes = n_vals - 1;
			for (size_t k = 0; k < n_vals; k++)
				bytes += strlen(vals[k]);
			if (bytes > 255)
				continue;
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
	cscs_quiet_begin(&quiet);
	lxw_error e = workbook_close(wb);
	cscs_quiet_end(&quiet);
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
	size_t n_all = target_names(names, 64, is_list), n = 0;
	bool zh = opts && opts->zh;
	bool csv = opts && opts->format == CSCS_TEMPLATE_CSV;
	/* Keep the names of the chosen format only. */
	for (size_t i = 0; i < n_all; i++) {
		if ((strcmp(names[i], WORKBOOK_NAME) == 0) == csv)
			continue;
		if (n != i) {
			memcpy(names[n], names[i], sizeof(names[n]));
			is_list[n] = is_list[i];
		}
		n++;
	}
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
	if (csv && (err = make_dir(cscs_buf_str(&path), dl)))
		goto out;
	size_t n_types;
	const struct cscs_record_type *types = cscs_record_types(&n_types);
	for (size_t i = 0; i < n && !err; i++) {
		cscs_buf_reset(&path);
		cscs_buf_addf(&path, "%s/%s", dir, names[i]);
		if (strcmp(names[i], WORKBOOK_NAME) == 0) {
			err = write_workbook(cscs_buf_str(&path), zh, opts ? opts->vocab : NULL, dl);
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

static void md_allowed(struct cscs_buf *b, const struct cscs_field *f, const struct cscs_vocab *voc)
{
	if (f->type == CSCS_FT_BOOL) {
		cscs_buf_addf(b, "yes: %s; no: %s", cscs_value_bool_words(1), cscs_value_bool_words(0));
		return;
	}
	if (f->type != CSCS_FT_ENUM)
		return;
	const struct cscs_vocab_list *l = cscs_vocab_find(voc, f->vocab);
	for (size_t i = 0; l && i < l->n_values; i++) {
		cscs_buf_addf(b, "%s`%s` ", i ? "; " : "", l->values[i].value);
		md_cell(b, l->values[i].label);
	}
	cscs_buf_addf(b, " (and every word of [`%s`](#vocabulary-%s))", f->vocab, f->vocab);
}

/* Each vocabulary the records use: its values, their labels and every word accepted for them. */
static void md_vocabularies(struct cscs_buf *b, const struct cscs_vocab *voc)
{
	size_t n_types;
	const struct cscs_record_type *types = cscs_record_types(&n_types);
	const char *done[64];
	size_t n_done = 0;
	cscs_buf_adds(b,
		"\n## Vocabularies\n"
		"\n"
		"The words accepted for the values of enumerated columns are data: `vocabulary.tsv` in\n"
		"the `templates` folder of the data folder, one `vocabulary<TAB>value<TAB>word` a line\n"
		"(a first line naming the three columns is a header; `#` starts a comment). The first\n"
		"word of a value is its label. A word starting with `*` matches any text ending in the\n"
		"rest (`*分公司`: a branch), one ending with `*` any text starting with it, and\n"
		"`*...*` any text holding it; an exact word wins over a pattern, and the longest\n"
		"pattern over shorter ones. Matching ignores ASCII letter case, full-width forms\n"
		"(`ＬＬＣ`, `（）`), blanks anywhere and punctuation (brackets, `. , ; : ! ? - _ /`,\n"
		"`、。，；：` and quotes). A value that matches no word is unknown (its row is kept)\n"
		"and its message suggests the nearest word.\n"
		"\n"
		"`--vocab FILE` (on `audit`, `import` and `screen`; may be given more than once) adds\n"
		"words from a file of the same format: it may name only the vocabularies and values\n"
		"below (the checks compare the values), and a word that already means another value\n"
		"is an error; errors name `file:line:column`.\n");
	for (size_t t = 0; t < n_types; t++) {
		for (size_t i = 0; i < types[t].n_fields; i++) {
			const struct cscs_field *f = &types[t].fields[i];
			if (f->type != CSCS_FT_ENUM)
				continue;
			bool seen = false;
			for (size_t k = 0; k < n_done && !seen; k++)
				seen = strcmp(done[k], f->vocab) == 0;
			if (seen || n_done == 64)
				continue;
			done[n_done++] = f->vocab;
			cscs_buf_addf(b, "\n### Vocabulary `%s`\n\nUsed by:", f->vocab);
			size_t n_used = 0;
			for (size_t u = 0; u < n_types; u++)
				for (size_t c = 0; c < types[u].n_fields; c++)
					if (types[u].fields[c].type == CSCS_FT_ENUM &&
					    strcmp(types[u].fields[c].vocab, f->vocab) == 0)
						cscs_buf_addf(b, "%s [`%s`](#%s).`%s`", n_used++ ? "," : "", types[u].name,
							      types[u].name, types[u].fields[c].name);
			cscs_buf_adds(b, "\n\n| value | label | also accepted |\n|---|---|---|\n");
			const struct cscs_vocab_list *l = cscs_vocab_find(voc, f->vocab);
			for (size_t k = 0; l && k < l->n_values; k++) {
				const struct cscs_vocab_value *val = &l->values[k];
				cscs_buf_addf(b, "| `%s` | ", val->value);
				md_cell(b, val->label);
				cscs_buf_adds(b, " | ");
				for (size_t w = 1; w < val->n_words; w++) {
					cscs_buf_adds(b, w > 1 ? ", " : "");
					md_cell(b, val->words[w]);
				}
				cscs_buf_adds(b, " |\n");
			}
		}
	}
}

void cscs_records_doc(struct cscs_buf *b, const struct cscs_vocab *voc)
{
	size_t n_types;
	const struct cscs_record_type *types = cscs_record_types(&n_types);
	cscs_buf_adds(b,
		"# Record pack reference\n"
		"\n"
		"<!-- Generated from src/intake/records.c and templates/vocabulary.tsv by `cscs-audit template --records-doc`;\n"
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
		"  list exports (`lists/*.csv` or `.xlsx`, columns of `list_entries`). Other `.csv`\n"
		"  files hold the record type their header shows (see \"Ledgers\"). A missing file\n"
		"  means \"no records of that type\": checks that need it report `insufficient_data`.\n"
		"* An `.xlsx` file not named after a record type is an intake workbook: each sheet\n"
		"  named after a record type (English or Chinese name), or whose header shows one, is\n"
		"  read; other sheets are ignored with a warning (sheets whose names start with `_`\n"
		"  silently). A workbook named after a record type is read from the sheet of that\n"
		"  name, else from the first sheet with its header, else from its first sheet.\n"
		"* The same record type given twice (say `licenses.csv` and a `licenses` sheet) is an\n"
		"  error. Files that match no record type are ignored with a warning; hidden files and\n"
		"  Excel lock files (`~$...`) silently. A record file that is a folder, or a symbolic\n"
		"  link leading outside the pack, is refused.\n"
		"* A list export (a CSV file in `lists/`, or a sheet of an `.xlsx` file there) names its\n"
		"  list in a `list` column, or else by its name: the sheet's, then the file's\n"
		"  (`lists/失信被执行人.csv`, `lists/serious-illegal-2026-11.csv`), read with the words\n"
		"  of the [`list`](#vocabulary-list) vocabulary after digits, dates and words such as\n"
		"  `export`, `导出`, `下载` and a trailing `名单`/`名录`/`list` are set aside. A name, or a\n"
		"  `list` value, that is no known list keeps its entries as list `other`, screened like\n"
		"  any other list; the name is kept in `data_issues` (a warning) and said on the console.\n"
		"* A list export's column of codes and identity numbers together, as the list of judgment\n"
		"  defaulters has it (`证件号码/统一社会信用代码`, `身份证号码/组织机构代码`: a header naming\n"
		"  an identity number and a code around a slash), is read value by value: a person's\n"
		"  identity number (18 characters with a birth date and GB 11643's check character, or\n"
		"  masked with `*`) goes to `legal_rep_id` (personal data, masked in outputs), anything\n"
		"  else to `uscc`, so a company listed under an earlier name is still found by its code.\n"
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
		"  A byte order mark further on (where two files were joined) is dropped from the\n"
		"  value it starts or ends, with a warning.\n"
		"* Encoding: UTF-8, or GB18030 (which reads GBK and GB2312 too) when the first non-ASCII\n"
		"  bytes are not valid UTF-8. Once a whole line with Chinese characters has been valid\n"
		"  UTF-8, the file is UTF-8: a later line in GB18030 is an error at that line, never a\n"
		"  reason to read the earlier lines again as GB18030.\n"
		"  `--encoding utf-8|gb18030|gbk` overrides the guess. Bytes\n"
		"  that cannot be decoded stop the import with `file:line:column`; so does a quote that\n"
		"  is never closed (at the line and column where its field began), and a NUL byte (a\n"
		"  binary file, or UTF-16 or UTF-32: a file that starts with a UTF-16 or UTF-32 byte\n"
		"  order mark is named as such; save it as CSV UTF-8).\n"
		"* The header is the first row that names every required column of the record type\n"
		"  (English names in any letter case, the Chinese headers below, or a synonym: see\n"
		"  \"Header synonyms\"), in any order, among the first 30 rows that are not blank; rows\n"
		"  above it (titles, notes) are skipped. An unknown column is a warning (its values are\n"
		"  ignored); a column given twice is an error (exit 2). A file in which no such row is\n"
		"  found is unreadable (see \"Ledgers\"); the run goes on.\n"
		"* No row is dropped for its values. A value that cannot be typed (a date that is no\n"
		"  date, an amount, a year, a yes/no or a word of a list below that is not recognised,\n"
		"  a required value that is empty, a value longer than 32,767 characters: what one\n"
		"  spreadsheet cell holds) is *unknown*: the row is stored with that column empty\n"
		"  (NULL) and every other value in it; the value as given is kept whole in\n"
		"  `unknown_values` (record table and row id, file, line, column, reason), and\n"
		"  `data_issues` records file, line, column, value and reason (level `unknown`); the\n"
		"  import goes on, counts them per file (`source_files.n_unknown`) and the report's\n"
		"  Data quality sheet lists them. Checks never read an unknown value as a pass.\n"
		"  Messages and `data_issues` show at most the first 200 bytes of a value.\n"
		"* An invalid unified social credit code is stored as given (normalised) and flagged\n"
		"  (level `flagged`).\n"
		"* The header decides a row's columns. A CSV row with more fields than the header has\n"
		"  a comma in an unquoted value (`Huadong Electronics Co., Ltd.`, a reason written\n"
		"  `未按规定公示年度报告,经责令仍未改正`): every value after it sits a column to the\n"
		"  right, and taken as it comes a listing date would land in the removal date. Such a\n"
		"  row (one with a value beyond the header; one wider than the file's usual rows,\n"
		"  which have the header's width or one more where a comma ends every row; or one\n"
		"  whose extra fields are empty but whose values do not fit their columns as they\n"
		"  come) is read the way its fields fit:\n"
		"  each column takes one or more neighbouring fields, joined again by their commas, and\n"
		"  of the readings in which every value types (dates in date columns, codes in code\n"
		"  columns, numbers in a 序号 column), the one with fewest doubtful values and fewest\n"
		"  joins is kept, a comma followed by a space counting as the likelier join (exports\n"
		"  put no space after their separators; `Co., Ltd.` does), and no join taking an empty\n"
		"  field (a value does not begin or end with a comma). The warning names the\n"
		"  reading (`row has 7 fields but the header has 6: an unquoted value holds a comma;\n"
		"  read with 'reason' = '…', where every value fits its column`). A column whose\n"
		"  field differs between equally good readings (`Acme,Inc,US` under `name,country`),\n"
		"  or every column of a row no reading fits, is **unknown**, as above: never guessed.\n"
		"  (`tests/integration/test_split_rows.py` writes exports in real columns and words, a\n"
		"  minority of values with commas, and finds every stored value the one written or\n"
		"  unknown. A file most of whose rows are split misleads its usual width.)\n"
		"  A row with fewer fields reads the missing ones as empty (a warning, once per file).\n"
		"  The row is kept either way; cells right of a worksheet's header are ignored (a\n"
		"  warning, once per sheet).\n"
		"  Rows whose fields are all empty are skipped. Only a file that cannot be read as\n"
		"  CSV or XLSX at all (undecodable bytes, an unterminated quote) stops the import.\n"
		"* An import replaces a record type's rows and their unknown values together.\n"
		"* Limits, checked while the file is read (memory follows the longest record, not the\n"
		"  file): a field of at most 1 MiB, a record (a line, or more with quoted line breaks)\n"
		"  of at most 16 MiB, at most 16,384 fields in a record (Excel's column count). Past\n"
		"  one, the import stops with `file:line:column` and exit 2 (`licenses.csv:2:1: the\n"
		"  field that starts here is longer than 1 MiB`). The same limits apply to the\n"
		"  waivers file, the partners file and list exports; a checklist file may have at most\n"
		"  8 MiB (all checklist files of a run 32 MiB together), a profile 1 MiB, a waivers\n"
		"  file 16 MiB of text.\n"
		"* `entity` must have exactly one row: none or two is an error; its row is kept\n"
		"  whatever its values.\n"
		"* Surrounding blanks (spaces, tabs, no-break and ideographic spaces) are ignored.\n"
		"* Control characters in a value (an ESC, a vertical tab, ...) are stored as given but\n"
		"  never reach an output raw: workbooks and CSV outputs show each as U+FFFD (XML cannot\n"
		"  hold them), messages on the terminal as `\\xHH`, and JSON escapes them.\n"
		"\n"
		"## Value types\n"
		"\n"
		"| type | accepted | stored as |\n"
		"|---|---|---|\n"
		"| text | anything | text |\n");
	cscs_buf_addf(b,
		"| date | %s; an optional time after it is ignored; XLSX date cells and date serial numbers | text `YYYY-MM-DD`; a day that does not exist (2025-02-30) is unknown |\n",
		cscs_value_date_forms);
	cscs_buf_adds(b,
		"| money | yuan: `1234.5`, `1,234.50`, `¥1,234`, `RMB 1234`, `1234元`, `12.5万元`, `12.5万`, `-300`, full-width digits; XLSX numbers | integer fen (1 yuan = 100 fen); never floating point; finer than one fen is unknown |\n"
		"| integer | `58`, `1,200`; XLSX numbers | integer |\n"
		"| year | `2024`, `2024年`, `2024年度` (1900-2200) | integer |\n"
		"| month | `2025-08`, `2025/8`, `2025.8`, `202508`, `2025年8月`, or any date (its month) | text `YYYY-MM` |\n");
	cscs_buf_addf(b, "| yes/no | yes: %s; no: %s (ASCII letter case ignored); XLSX TRUE/FALSE | 1 or 0 |\n",
		      cscs_value_bool_words(1), cscs_value_bool_words(0));
	cscs_buf_adds(b,
		"| one of | a word of the column's vocabulary (see [Vocabularies](#vocabularies)): the value, its label or any other word listed there, folded (letter case, full-width forms, blanks and punctuation do not count) | the value |\n"
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
			md_allowed(b, f, voc);
			cscs_buf_adds(b, " | ");
			md_cell(b, f->example ? f->example : "");
			cscs_buf_adds(b, " | ");
			md_cell(b, f->doc);
			cscs_buf_adds(b, " |\n");
		}
	}
	cscs_buf_adds(b,
		"\n## Groups\n"
		"\n"
		"A corporate group is a folder holding `group.csv` and one record pack per entity in\n"
		"sub-folders. `cscs-audit audit FOLDER --batch -o OUTDIR` audits each entity's pack as\n"
		"usual (its own workbook, every check per entity), then runs the checks across the\n"
		"entities over their records; the portfolio's Groups sheet and `portfolio.json`\n"
		"(`groups`) show the group, each entity's grade and the findings across them\n"
		"(docs/report.md, \"Portfolio\"). `group.csv` is read as UTF-8 CSV with a header:\n"
		"\n"
		"| column | required | meaning |\n"
		"|---|---|---|\n"
		"| `entity` | yes | the entity's name |\n"
		"| `uscc` | no | its unified social credit code (a `parent` may name it) |\n"
		"| `parent` | no | the USCC or name of the entity it belongs to |\n"
		"| `relation` | no | `parent`, `subsidiary` or `branch` (default: `subsidiary` with a parent, else `parent`) |\n"
		"| `pack` | yes | its record pack: a folder beneath the group's folder |\n"
		"\n"
		"The checks across entities (current listings counted as the blacklist checks count them,\n"
		"the red list excepted; a pack that failed or was not found gives no records, and the\n"
		"group sheet says so):\n"
		"\n"
		"| check | severity | finds |\n"
		"|---|---|---|\n"
		"| GRP-001 | high | a person the records of two or more entities name (the legal representative of `entity`, or any row of `people`: director, supervisor, shareholder, actual controller), by the same identity number (normalised: blanks and hyphens dropped, x as X; 18 or the old 15 digits), where one of those entities is listed: joint punishment reaches the people responsible |\n"
		"| GRP-002 | high | a subsidiary or branch with a current listing: on its parent, whose bids may be restricted |\n"
		"| GRP-003 | info | a partner (by USCC, or by name when it has none) of two or more entities: its spend summed across the group |\n"
		"| GRP-004 | info | as GRP-001, but the same name with an identity number missing on one side: review whether it is one person (a name alone is never reported as the same person; the same name with two different numbers is two people and not reported) |\n");
	md_vocabularies(b, voc);
}
