/* The cell layer shared by the workbook and CSV back ends, and helpers the sheets share. */
#include "cscs/report/sheet.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/date.h"
#include "cscs/core/money.h"
#include "cscs/core/text.h"
#include "cscs/intake/records.h"
#include "cscs/report/clean.h"
#include "cscs/store/store.h"

/* Excel refuses longer strings (LXW_STR_MAX characters). */
#define XLSX_MAX_CHARS 32767
/* Excel allows 65,530 links a worksheet; beyond, the check id is plain text. */
#define MAX_LINKS 65000

static const struct cscs_rsheet_def sheet_defs[CSCS_SHEET_COUNT_] = {
	{"sheet.summary", "summary.csv", cscs_sheet_summary},
	{"sheet.findings", "findings.csv", cscs_sheet_findings},
	{"sheet.remediation", "remediation_plan.csv", cscs_sheet_remediation},
	{"sheet.deadlines", "deadlines.csv", cscs_sheet_deadlines},
	{"sheet.partners", "partners.csv", cscs_sheet_partners},
	{"sheet.checks", "checks.csv", cscs_sheet_checks},
	{"sheet.data_quality", "data_quality.csv", cscs_sheet_data_quality},
	{"sheet.run_info", "run_info.csv", cscs_sheet_run_info},
};

const struct cscs_rsheet_def *cscs_report_sheets(void)
{
	return sheet_defs;
}

bool cscs_report_sheet_present(const struct cscs_report_model *m, enum cscs_rsheet_kind kind)
{
	return kind != CSCS_SHEET_PARTNERS || m->partners.screened;
}

/*
 * The report reads each row once, so a big page cache buys nothing; and
 * SQLite sizes its sorter (the Remediation plan sorts every finding) by
 * the cache size. Keeping both small keeps a million-finding report
 * within its memory budget. The caller's setting is restored afterwards.
 */
#define REPORT_CACHE_KIB 8192

static void lower_cache(struct cscs_rctx *rc)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(rc->db, "PRAGMA cache_size", -1, &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW) {
		int64_t v = sqlite3_column_int64(st, 0);
		/* Negative: KiB; positive: pages (assume 4 KiB). */
		int64_t kib = v < 0 ? -v : v * 4;
		if (kib > REPORT_CACHE_KIB) {
			rc->saved_cache_size = v;
			rc->cache_lowered = true;
		}
	}
	sqlite3_finalize(st);
	if (rc->cache_lowered)
		sqlite3_exec(rc->db, "PRAGMA cache_size = -8192", NULL, NULL, NULL);
}

static void restore_cache(struct cscs_rctx *rc)
{
	if (!rc->cache_lowered)
		return;
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %" PRId64, rc->saved_cache_size);
	sqlite3_exec(rc->db, sql, NULL, NULL, NULL);
}

/*
 * The shipped vocabularies (templates/vocabulary.tsv of the data folder):
 * the report words a coded evidence value ("judged") by its label.
 */
static enum cscs_error load_vocab(struct cscs_rctx *rc, const char *datadir, struct cscs_diag_list *dl)
{
	size_t n = strlen(datadir) + 32;
	char *path = malloc(n);
	rc->vocab = cscs_vocab_new();
	if (!path || !rc->vocab) {
		free(path);
		return CSCS_ERR_NOMEM;
	}
	snprintf(path, n, "%s/templates/vocabulary.tsv", datadir);
	enum cscs_error err = cscs_vocab_load(rc->vocab, path, true, dl);
	free(path);
	return err;
}

enum cscs_error cscs_rctx_init(struct cscs_rctx *rc, sqlite3 *db, int64_t run_id,
			       const struct cscs_report_opts *opts, bool need_labels, struct cscs_diag_list *dl)
{
	memset(rc, 0, sizeof(*rc));
	rc->opts = opts;
	rc->dl = dl;
	const char *lang = opts->lang ? opts->lang : "en";
	rc->zh = strcmp(lang, "zh") == 0;
	enum cscs_error err;
	if (need_labels && (err = cscs_labels_load(&rc->labels, opts->datadir, lang, dl)))
		return err;
	if (need_labels && (err = cscs_messages_load(&rc->messages, opts->datadir, lang, dl))) {
		cscs_labels_destroy(rc->labels);
		rc->labels = NULL;
		return err;
	}
	if (need_labels && (err = load_vocab(rc, opts->datadir, dl))) {
		cscs_rctx_finish(rc);
		return err;
	}
	rc->db = db;
	lower_cache(rc);
	struct cscs_report_model *m = NULL;
	if ((err = cscs_report_model_load(&m, db, run_id, opts->horizon_days, dl))) {
		cscs_rctx_finish(rc);
		return err;
	}
	rc->m = m;
	err = cscs_store_prepare(db, "SELECT key, value, type FROM json_each(?)", &rc->ev_stmt, dl);
	if (err) {
		cscs_rctx_finish(rc);
		return err;
	}
	return CSCS_OK;
}

void cscs_rctx_finish(struct cscs_rctx *rc)
{
	if (rc->labels) {
		/* A label the code asks for must be in the catalogue: say so, do not fail. */
		for (size_t i = 0; i < rc->labels->n_missing && i < 20; i++)
			cscs_diag_warning(rc->dl, rc->labels->path, 0, 0, "label '%s' is missing from the catalogue",
					  rc->labels->missing[i]);
	}
	cscs_labels_destroy(rc->labels);
	cscs_messages_free(rc->messages);
	cscs_vocab_free(rc->vocab);
	cscs_report_model_destroy((struct cscs_report_model *)rc->m);
	sqlite3_finalize(rc->ev_stmt);
	restore_cache(rc);
	for (size_t i = 0; i < sizeof(rc->tmp) / sizeof(rc->tmp[0]); i++)
		cscs_buf_finish(&rc->tmp[i]);
	memset(rc, 0, sizeof(*rc));
}

const char *cscs_rlabel(struct cscs_rctx *rc, const char *key)
{
	return cscs_labels_get(rc->labels, key);
}

const char *cscs_rlabel_of(struct cscs_rctx *rc, const char *prefix, const char *value)
{
	if (!value)
		return "";
	char key[160];
	int n = snprintf(key, sizeof(key), "%s%s", prefix, value);
	if (n < 0 || (size_t)n >= sizeof(key))
		return value;
	const char *t = cscs_labels_find(rc->labels, key);
	return t ? t : value;
}

void cscs_rsheet_init(struct cscs_rsheet *sh, struct cscs_rctx *rc, const char *name, lxw_worksheet *ws,
		      FILE *csv)
{
	memset(sh, 0, sizeof(*sh));
	sh->rc = rc;
	sh->name = name;
	sh->ws = ws;
	sh->csv = csv;
}

/* RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
static void csv_field(FILE *f, const struct cscs_buf *b)
{
	const char *s = cscs_buf_str(b);
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void csv_flush_row(struct cscs_rsheet *sh)
{
	if (!sh->row_started)
		return;
	for (uint16_t c = 0; c < sh->n_cols; c++) {
		if (c)
			fputc(',', sh->csv);
		csv_field(sh->csv, &sh->cells[c]);
		cscs_buf_reset(&sh->cells[c]);
	}
	fputs("\r\n", sh->csv);
	sh->n_cols = 0;
	sh->row_started = false;
}

/* CSV: the buffer of cell (row, col), after moving to row. NULL on a bug (row went back). */
static struct cscs_buf *csv_cell(struct cscs_rsheet *sh, uint32_t row, uint16_t col)
{
	if (row < sh->row || col >= sizeof(sh->cells) / sizeof(sh->cells[0])) {
		sh->io_err = true;
		return NULL;
	}
	if (row > sh->row) {
		bool had = sh->row_started;
		csv_flush_row(sh);
		/* Empty rows in between become empty lines (section gaps on the Summary). */
		uint32_t gap = row - sh->row - (had ? 1 : 0);
		for (uint32_t i = 0; i < gap; i++)
			fputs("\r\n", sh->csv);
		sh->row = row;
	}
	sh->row_started = true;
	if (col + 1 > sh->n_cols)
		sh->n_cols = (uint16_t)(col + 1);
	cscs_buf_reset(&sh->cells[col]);
	return &sh->cells[col];
}

enum cscs_error cscs_rsheet_finish(struct cscs_rsheet *sh)
{
	enum cscs_error err = CSCS_OK;
	if (sh->csv) {
		csv_flush_row(sh);
		for (size_t i = 0; i < sizeof(sh->cells) / sizeof(sh->cells[0]); i++)
			if (sh->cells[i].oom)
				err = CSCS_ERR_NOMEM;
		if (sh->io_err && !err) {
			cscs_diag_error(sh->rc->dl, NULL, 0, 0, "sheet '%s': internal error writing rows out of order",
					sh->name);
			err = CSCS_ERR_INTERNAL;
		}
		for (size_t i = 0; i < sizeof(sh->cells) / sizeof(sh->cells[0]); i++)
			cscs_buf_finish(&sh->cells[i]);
	}
	if (sh->lxw_err && !err) {
		cscs_diag_error(sh->rc->dl, NULL, 0, 0, "sheet '%s', row %" PRIu32 ": %s", sh->name,
				sh->lxw_err_row + 1, lxw_strerror(sh->lxw_err));
		err = sh->lxw_err == LXW_ERROR_MEMORY_MALLOC_FAILED ? CSCS_ERR_NOMEM : CSCS_ERR_XLSX;
	}
	if ((sh->clean.oom || sh->masked.oom) && !err)
		err = CSCS_ERR_NOMEM;
	cscs_buf_finish(&sh->clean);
	cscs_buf_finish(&sh->masked);
	return err;
}

static void note_err(struct cscs_rsheet *sh, lxw_error e, uint32_t row)
{
	if (e && !sh->lxw_err) {
		sh->lxw_err = e;
		sh->lxw_err_row = row;
	}
}

/*
 * Valid UTF-8, and for the workbook no longer than a cell holds. Unless
 * personal data is shown, identity numbers are masked in every cell, not
 * only in those known to hold records: a check may put one anywhere (a
 * subject, a detail, a sole trader's partner code).
 */
static const char *clean_text(struct cscs_rsheet *sh, const char *text)
{
	if (!sh->rc->opts->show_personal_data)
		text = cscs_report_mask_text(text, &sh->masked);
	/* Valid UTF-8 without the control characters XML forbids (a VT in a name would break the file). */
	const char *s = cscs_text_for_xml(text, &sh->clean);
	if (!sh->ws || strlen(s) <= XLSX_MAX_CHARS)
		return s;
	size_t chars = 0, i = 0;
	/* Count characters (not bytes); cut at a character boundary and mark the cut. */
	while (s[i]) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (chars == XLSX_MAX_CHARS - 1)
				break;
			chars++;
		}
		i++;
	}
	if (!s[i])
		return s;
	if (s != sh->clean.data) {
		cscs_buf_reset(&sh->clean);
		cscs_buf_add(&sh->clean, s, i);
	} else {
		sh->clean.len = i;
		sh->clean.data[i] = '\0';
	}
	cscs_buf_adds(&sh->clean, "\xE2\x80\xA6");
	return cscs_buf_str(&sh->clean);
}

void cscs_rs_text(struct cscs_rsheet *sh, uint32_t row, uint16_t col, const char *text, enum cscs_rstyle st)
{
	if (sh->ws) {
		lxw_format *f = sh->rc->fmt[st];
		if (!text || !*text)
			note_err(sh, worksheet_write_blank(sh->ws, row, col, f), row);
		else
			note_err(sh, worksheet_write_string(sh->ws, row, col, clean_text(sh, text), f), row);
		return;
	}
	struct cscs_buf *b = csv_cell(sh, row, col);
	if (b && text) {
		const char *s = clean_text(sh, text);
		/*
		 * A spreadsheet opening the CSV would take "=HYPERLINK(...)" from a
		 * record for a formula: text that starts like one gets an apostrophe
		 * (OWASP's CSV injection advice). Numbers, amounts and dates are
		 * written by their own functions and stay as they are ("-300.00").
		 */
		if (s[0] && strchr("=+-@\t\r", s[0]) && !sh->rc->opts->csv_raw)
			cscs_buf_addc(b, '\'');
		cscs_buf_adds(b, s);
	}
}

void cscs_rs_data(struct cscs_rsheet *sh, uint32_t row, uint16_t col, const char *text, enum cscs_rstyle st)
{
	if (text && !sh->rc->opts->show_personal_data)
		text = cscs_report_mask_text(text, &sh->rc->tmp[3]);
	cscs_rs_text(sh, row, col, text, st);
}

void cscs_rs_num(struct cscs_rsheet *sh, uint32_t row, uint16_t col, double v, enum cscs_rstyle st)
{
	if (sh->ws) {
		note_err(sh, worksheet_write_number(sh->ws, row, col, v, sh->rc->fmt[st]), row);
		return;
	}
	struct cscs_buf *b = csv_cell(sh, row, col);
	if (b)
		cscs_buf_addf(b, "%.10g", v);
}

void cscs_rs_int(struct cscs_rsheet *sh, uint32_t row, uint16_t col, int64_t v, enum cscs_rstyle st)
{
	if (sh->ws) {
		note_err(sh, worksheet_write_number(sh->ws, row, col, (double)v, sh->rc->fmt[st]), row);
		return;
	}
	struct cscs_buf *b = csv_cell(sh, row, col);
	if (b)
		cscs_buf_addf(b, "%" PRId64, v);
}

void cscs_rs_date(struct cscs_rsheet *sh, uint32_t row, uint16_t col, const char *iso, enum cscs_rstyle st)
{
	cscs_date d;
	if (!iso || !cscs_date_parse_iso(iso, &d)) {
		/* Not a date: shown as written, in the date column's place. */
		cscs_rs_text(sh, row, col, iso, st == RS_VALUE_DATE ? RS_VALUE : RS_TEXT);
		return;
	}
	if (sh->ws) {
		struct cscs_ymd ymd = cscs_date_to_ymd(d);
		lxw_datetime dt = {ymd.year, ymd.month, ymd.day, 0, 0, 0};
		note_err(sh, worksheet_write_datetime(sh->ws, row, col, &dt, sh->rc->fmt[st]), row);
		return;
	}
	struct cscs_buf *b = csv_cell(sh, row, col);
	char buf[CSCS_DATE_ISO_LEN];
	if (b)
		cscs_buf_adds(b, cscs_date_format(d, buf));
}

void cscs_rs_money(struct cscs_rsheet *sh, uint32_t row, uint16_t col, int64_t fen, enum cscs_rstyle st)
{
	if (sh->ws) {
		/* Exact for any amount below 2^53 fen; the cell shows yuan with two decimals. */
		note_err(sh, worksheet_write_number(sh->ws, row, col, (double)fen / 100.0, sh->rc->fmt[st]), row);
		return;
	}
	struct cscs_buf *b = csv_cell(sh, row, col);
	char buf[CSCS_MONEY_FMT_LEN];
	if (b)
		cscs_buf_adds(b, cscs_money_format(fen, buf));
}

void cscs_rs_link(struct cscs_rsheet *sh, uint32_t row, uint16_t col, const char *text, const char *sheet,
		  uint32_t target_row, enum cscs_rstyle st)
{
	if (!sh->ws || !text || !*text || sh->n_links >= MAX_LINKS) {
		cscs_rs_text(sh, row, col, text, st == RS_LINK ? RS_CODE : st);
		return;
	}
	struct cscs_buf *url = &sh->rc->tmp[2];
	cscs_buf_reset(url);
	cscs_buf_adds(url, "internal:'");
	for (const char *p = sheet; *p; p++) {
		if (*p == '\'')
			cscs_buf_addc(url, '\'');
		cscs_buf_addc(url, *p);
	}
	cscs_buf_addf(url, "'!A%" PRIu32, target_row + 1);
	lxw_error e = worksheet_write_url_opt(sh->ws, row, col, cscs_buf_str(url), sh->rc->fmt[st],
					      clean_text(sh, text), NULL);
	if (e == LXW_ERROR_WORKSHEET_MAX_NUMBER_URLS_EXCEEDED) {
		sh->n_links = MAX_LINKS;
		cscs_rs_text(sh, row, col, text, RS_CODE);
		return;
	}
	note_err(sh, e, row);
	sh->n_links++;
}

void cscs_rs_file_link(struct cscs_rsheet *sh, uint32_t row, uint16_t col, const char *text, const char *target,
		       enum cscs_rstyle st)
{
	if (!sh->ws || !text || !*text || !target || sh->n_links >= MAX_LINKS) {
		cscs_rs_text(sh, row, col, text, st == RS_LINK || st == RS_LINK_WRAP ? RS_WRAP : st);
		return;
	}
	struct cscs_buf *url = &sh->rc->tmp[2];
	cscs_buf_reset(url);
	/*
	 * A relative URI reference ("external:" would turn / into \\): '#'
	 * would start a location and '?' a query, '%' an escape, so they are
	 * escaped; libxlsxwriter escapes blanks and the like itself.
	 */
	for (const char *p = target; *p; p++) {
		if (*p == '#' || *p == '?' || *p == '%')
			cscs_buf_addf(url, "%%%02X", (unsigned)(unsigned char)*p);
		else
			cscs_buf_addc(url, *p);
	}
	lxw_error e = worksheet_write_url_opt(sh->ws, row, col, cscs_buf_str(url), sh->rc->fmt[st],
					      clean_text(sh, text), NULL);
	if (e == LXW_ERROR_WORKSHEET_MAX_NUMBER_URLS_EXCEEDED || e == LXW_ERROR_WORKSHEET_MAX_URL_LENGTH_EXCEEDED) {
		if (e == LXW_ERROR_WORKSHEET_MAX_NUMBER_URLS_EXCEEDED)
			sh->n_links = MAX_LINKS;
		cscs_rs_text(sh, row, col, text, RS_WRAP);
		return;
	}
	note_err(sh, e, row);
	sh->n_links++;
}

void cscs_rs_merge(struct cscs_rsheet *sh, uint32_t row, uint16_t first, uint16_t last, const char *text,
		   enum cscs_rstyle st)
{
	if (!sh->ws || first == last) {
		cscs_rs_text(sh, row, first, text, st);
		return;
	}
	/* merge_range writes its text with worksheet_write_string. */
	note_err(sh, worksheet_merge_range(sh->ws, row, first, row, last, text ? clean_text(sh, text) : "",
					   sh->rc->fmt[st]), row);
}

/*
 * '&' starts a code in page headers: double it in text from the user. Cut
 * at max_chars characters; control characters become U+FFFD.
 */
static void header_text(struct cscs_buf *b, const char *text, size_t max_chars)
{
	struct cscs_buf clean = CSCS_BUF_INIT;
	const char *s = cscs_text_for_xml(text, &clean);
	size_t n = 0;
	for (; s && *s; s++) {
		bool lead = ((unsigned char)*s & 0xC0) != 0x80;
		if (lead && n++ == max_chars)
			break;
		if (*s == '&')
			cscs_buf_addc(b, '&');
		cscs_buf_addc(b, *s);
	}
	cscs_buf_finish(&clean);
}

/* Column width in characters as pixels, the way Excel converts it. */
static double width_px(double chars)
{
	return chars < 1 ? chars * 12 : chars * 7 + 5;
}

void cscs_rs_print(struct cscs_rsheet *sh, int16_t repeat_row, double total_width)
{
	if (!sh->ws)
		return;
	struct cscs_rctx *rc = sh->rc;
	worksheet_set_landscape(sh->ws);
	/*
	 * A4 landscape holds about 1,045 pixels of columns between the
	 * margins; a table shrunk below 72 % prints under 7 points. Those go
	 * on A3, where they print at a readable size.
	 */
	worksheet_set_paper(sh->ws, total_width * 7 > 1045 / 0.72 ? 8 : 9);
	worksheet_set_margins(sh->ws, 0.4, 0.4, 0.6, 0.6);
	/*
	 * Always one page wide: LibreOffice 7 otherwise breaks landscape
	 * pages at the portrait width. Excel then ignores the Summary's manual
	 * page breaks (LibreOffice keeps them) and breaks pages itself.
	 */
	worksheet_fit_to_pages(sh->ws, 1, 0);
	if (repeat_row >= 0)
		worksheet_repeat_rows(sh->ws, (lxw_row_t)repeat_row, (lxw_row_t)repeat_row);
	struct cscs_buf *b = &rc->tmp[2];
	cscs_buf_reset(b);
	/* A font-size code swallows digits after it ("&82025"): a space ends it. */
	cscs_buf_adds(b, "&L&8 ");
	header_text(b, rc->m->entity.name ? rc->m->entity.name : "", 60);
	cscs_buf_adds(b, "&C&8 &\"-,Bold\"");
	header_text(b, sh->name, 40);
	cscs_buf_adds(b, "&R&8 ");
	header_text(b, rc->m->as_of_iso ? rc->m->as_of_iso : "", 12);
	note_err(sh, worksheet_set_header(sh->ws, cscs_buf_str(b)), 0);
	cscs_buf_reset(b);
	cscs_buf_adds(b, "&L&8 ");
	header_text(b, cscs_rlabel(rc, "print.footer"), 80);
	cscs_buf_adds(b, "&R&8 ");
	/* {page} and {pages} become the page-number codes; the rest is text. */
	for (const char *p = cscs_rlabel(rc, "print.page"); *p;) {
		if (strncmp(p, "{page}", 6) == 0) {
			cscs_buf_adds(b, "&P");
			p += 6;
		} else if (strncmp(p, "{pages}", 7) == 0) {
			cscs_buf_adds(b, "&N");
			p += 7;
		} else {
			if (*p == '&')
				cscs_buf_addc(b, '&');
			cscs_buf_addc(b, *p++);
		}
	}
	note_err(sh, worksheet_set_footer(sh->ws, cscs_buf_str(b)), 0);
}

void cscs_rs_table(struct cscs_rsheet *sh, const char *const *header_keys, const double *widths,
		   uint16_t n_cols, uint32_t n_rows, const bool *numeric)
{
	const char *labels[sizeof(sh->cells) / sizeof(sh->cells[0])] = {0};
	if (n_cols > sizeof(labels) / sizeof(labels[0]))
		n_cols = sizeof(labels) / sizeof(labels[0]);
	for (uint16_t c = 0; c < n_cols; c++)
		labels[c] = cscs_rlabel(sh->rc, header_keys[c]);
	/* Header labels wrap in narrow columns (bold: a little wider than body text). */
	double narrower[sizeof(labels) / sizeof(labels[0])] = {0};
	for (uint16_t c = 0; c < n_cols; c++)
		narrower[c] = widths[c] * 0.85;
	cscs_rs_fit_row(sh, 0, labels, narrower, n_cols);
	for (uint16_t c = 0; c < n_cols; c++)
		cscs_rs_text(sh, 0, c, labels[c], numeric && numeric[c] ? RS_HEADER_NUM : RS_HEADER);
	if (!sh->ws)
		return;
	double total = 0;
	for (uint16_t c = 0; c < n_cols; c++) {
		note_err(sh, worksheet_set_column(sh->ws, c, c, widths[c], NULL), 0);
		total += width_px(widths[c]) / 7;
	}
	worksheet_freeze_panes(sh->ws, 1, 0);
	uint32_t last = n_rows > CSCS_RS_MAX_ROW ? CSCS_RS_MAX_ROW : n_rows;
	note_err(sh, worksheet_autofilter(sh->ws, 0, 0, last, (lxw_col_t)(n_cols - 1)), 0);
	cscs_rs_print(sh, 0, total);
}

size_t cscs_rs_lines(const char *text, double width)
{
	/*
	 * A 10-point character is about 5 to 6 pixels, a column unit 7: 1.25
	 * characters a unit (LibreOffice's wider DejaVu fits 1.35), so rows
	 * are not far taller than their text.
	 */
	double per_line = width * 1.25;
	if (per_line < 1)
		per_line = 1;
	size_t lines = 0;
	double w = 0;
	for (const unsigned char *p = (const unsigned char *)text; p && *p; p++) {
		if (*p == '\n') {
			lines += (size_t)(w / per_line) + 1;
			w = 0;
			continue;
		}
		if ((*p & 0xC0) == 0x80)
			continue;
		w += *p >= 0xE3 ? 2.0 : 1.0;
	}
	lines += (size_t)(w / per_line) + 1;
	return lines;
}

void cscs_rs_fit_row(struct cscs_rsheet *sh, uint32_t row, const char *const *texts, const double *widths,
		     uint16_t n)
{
	if (!sh->ws)
		return;
	size_t lines = 1;
	for (uint16_t i = 0; i < n; i++) {
		if (!texts[i] || widths[i] <= 0)
			continue;
		size_t k = cscs_rs_lines(texts[i], widths[i]);
		if (k > lines)
			lines = k;
	}
	if (lines <= 1)
		return;
	if (lines > 30)
		lines = 30;
	/* Line height of the 10-point font: YaHei sets its lines looser than Calibri. */
	double line_pt = sh->rc->zh ? 16.0 : 13.0;
	note_err(sh, worksheet_set_row(sh->ws, row, line_pt * (double)lines + 3, NULL), row);
}

void cscs_rs_cond_equal(struct cscs_rsheet *sh, uint16_t col, uint32_t n_rows, const char *text,
			enum cscs_rcond cond)
{
	if (!sh->ws || n_rows == 0)
		return;
	lxw_format *f = sh->rc->cond[cond];
	/* The comparison value is a formula string: a quoted literal, quotes doubled. */
	struct cscs_buf *b = &sh->rc->tmp[2];
	cscs_buf_reset(b);
	cscs_buf_addc(b, '"');
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			cscs_buf_addc(b, '"');
		cscs_buf_addc(b, *p);
	}
	cscs_buf_addc(b, '"');
	lxw_conditional_format cf = {0};
	cf.type = LXW_CONDITIONAL_TYPE_CELL;
	cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
	cf.value_string = (char *)cscs_buf_str(b);
	cf.format = f;
	uint32_t last = n_rows > CSCS_RS_MAX_ROW ? CSCS_RS_MAX_ROW : n_rows;
	note_err(sh, worksheet_conditional_format_range(sh->ws, 1, col, last, col, &cf), 0);
}

void cscs_rs_cond_severity(struct cscs_rsheet *sh, uint16_t col, uint32_t n_rows)
{
	if (!sh->ws || n_rows == 0)
		return;
	for (int s = 0; s < CSCS_SEV_COUNT_; s++)
		cscs_rs_cond_equal(sh, col, n_rows,
				   cscs_rlabel_of(sh->rc, "sev.", cscs_severity_name((enum cscs_severity)s)),
				   (enum cscs_rcond)(RC_SEV_CRITICAL + s));
}

void cscs_rs_cond_status(struct cscs_rsheet *sh, uint16_t col, uint32_t n_rows)
{
	if (!sh->ws || n_rows == 0)
		return;
	for (int s = 0; s < CSCS_ST_COUNT_; s++)
		cscs_rs_cond_equal(sh, col, n_rows, cscs_rlabel_of(sh->rc, "status.", cscs_report_status_name(s)),
				   (enum cscs_rcond)(RC_ST_FAIL + s));
}

const char *cscs_report_check_title(const struct cscs_rctx *rc, const struct cscs_report_check *c)
{
	if (rc->zh && c->title_zh && *c->title_zh)
		return c->title_zh;
	return c->title ? c->title : (c->title_zh ? c->title_zh : "");
}

const char *cscs_report_check_basis(const struct cscs_rctx *rc, const struct cscs_report_check *c)
{
	if (rc->zh && c->basis_zh && *c->basis_zh)
		return c->basis_zh;
	return c->basis;
}

const char *cscs_report_check_remedy(const struct cscs_rctx *rc, const struct cscs_report_check *c)
{
	if (rc->zh && c->remedy_zh && *c->remedy_zh)
		return c->remedy_zh;
	return c->remedy ? c->remedy : (c->remedy_zh ? c->remedy_zh : "");
}

const char *cscs_report_source(const char *file, int64_t line, struct cscs_buf *out)
{
	cscs_buf_reset(out);
	if (file && *file) {
		cscs_buf_adds(out, file);
		if (line > 0)
			cscs_buf_addf(out, ":%" PRId64, line);
	} else if (line > 0) {
		cscs_buf_addf(out, "%" PRId64, line);
	}
	return cscs_buf_str(out);
}

bool cscs_report_ev_begin(struct cscs_rctx *rc, const char *evidence)
{
	sqlite3_stmt *st = rc->ev_stmt;
	sqlite3_reset(st);
	rc->ev_pending = false;
	if (!evidence || !*evidence)
		return false;
	sqlite3_bind_text(st, 1, evidence, -1, SQLITE_STATIC);
	int r = sqlite3_step(st);
	if (r == SQLITE_DONE)
		return evidence[strspn(evidence, " \t\r\n")] == '{';
	if (r != SQLITE_ROW || sqlite3_column_type(st, 0) != SQLITE_TEXT) {
		/* Malformed JSON, a bare value or an array: not an object. */
		sqlite3_reset(st);
		return false;
	}
	rc->ev_pending = true;
	return true;
}

int cscs_report_ev_next(struct cscs_rctx *rc, struct cscs_report_ev *ev, struct cscs_buf *scratch)
{
	sqlite3_stmt *st = rc->ev_stmt;
	if (!rc->ev_pending) {
		if (sqlite3_step(st) != SQLITE_ROW)
			return 0;
	}
	rc->ev_pending = false;
	ev->key = (const char *)sqlite3_column_text(st, 0);
	ev->value = (const char *)sqlite3_column_text(st, 1);
	ev->type = (const char *)sqlite3_column_text(st, 2);
	ev->masked = false;
	if (!ev->key)
		ev->key = "";
	if (!ev->type)
		ev->type = "null";
	if (rc->opts->show_personal_data || !ev->value)
		return 1;
	bool scalar = strcmp(ev->type, "text") == 0 || strcmp(ev->type, "integer") == 0;
	if (scalar && cscs_report_is_id_key(ev->key) && cscs_report_is_resident_id(ev->value)) {
		ev->value = cscs_report_mask_id(ev->value, scratch);
		ev->masked = true;
	} else if (strcmp(ev->type, "text") == 0 || strcmp(ev->type, "object") == 0 ||
		   strcmp(ev->type, "array") == 0) {
		const char *v = cscs_report_mask_text(ev->value, scratch);
		ev->masked = v != ev->value;
		ev->value = v;
	}
	return 1;
}

/* A value the checks store as a code: lower-case ASCII words joined by '_', several joined by ','. */
static bool is_code_value(const char *v)
{
	if (!v || !*v)
		return false;
	for (const char *p = v; *p; p++) {
		bool start = p == v || p[-1] == ',';
		if (start ? !(*p >= 'a' && *p <= 'z') : !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
							    *p == '_' || (*p == ',' && p[1])))
			return false;
	}
	return true;
}

/*
 * The vocabulary whose value code is under evidence key key: the
 * vocabulary of a record column of that name holding the code; else, when
 * no record column of that name holds free text (a name, a reason, as the
 * user typed it), the one vocabulary holding it (or several that word it
 * alike). NULL: none.
 */
static const struct cscs_vocab_value *vocab_value(const struct cscs_rctx *rc, const char *key, const char *code,
						  const char **vocab_name)
{
	size_t n_types;
	const struct cscs_record_type *types = cscs_record_types(&n_types);
	const struct cscs_vocab_value *any = NULL;
	const char *any_name = NULL;
	bool alike = true, typed = false;
	for (int pass = 0; pass < 2 && !typed; pass++) {
		for (size_t t = 0; t < n_types; t++) {
			for (size_t c = 0; c < types[t].n_fields; c++) {
				const struct cscs_field *f = &types[t].fields[c];
				if (pass == 0 && f->type == CSCS_FT_TEXT && strcmp(f->name, key) == 0)
					typed = true;
				if (f->type != CSCS_FT_ENUM || (pass == 0 && strcmp(f->name, key) != 0))
					continue;
				const struct cscs_vocab_value *val =
					cscs_vocab_value_of(cscs_vocab_find(rc->vocab, f->vocab), code);
				if (!val)
					continue;
				if (pass == 0) {
					*vocab_name = f->vocab;
					return val;
				}
				if (any && strcmp(any->label, val->label) != 0)
					alike = false;
				if (!any) {
					any = val;
					any_name = f->vocab;
				}
			}
		}
	}
	if (!any || !alike)
		return NULL;
	*vocab_name = any_name;
	return any;
}

/* The catalogue's text for PREFIX.NAME or, with a value, PREFIX.NAME.VALUE; NULL when it has none. */
static const char *label_of(struct cscs_rctx *rc, const char *prefix, const char *name, const char *value)
{
	char key[160];
	int n = snprintf(key, sizeof(key), "%s.%s%s%s", prefix, name, value ? "." : "", value ? value : "");
	return n > 0 && (size_t)n < sizeof(key) ? cscs_labels_find(rc->labels, key) : NULL;
}

/*
 * The words for one code under evidence key key in the report's language,
 * or NULL to show it as it is: the catalogue's val.KEY.CODE (codes a check
 * makes, such as a lead time's unit); a list's name (list.CODE); in Chinese,
 * a record type's Chinese name (key record_type) or the label the
 * vocabulary gives the code (its first word); in English, a vocabulary's
 * value itself, which *spaced asks to write with blanks for '_'.
 */
static const char *code_words(struct cscs_rctx *rc, const char *key, const char *code, bool *spaced)
{
	*spaced = false;
	const char *t = label_of(rc, "val", key, code);
	if (t || !rc->vocab)
		return t;
	if (strcmp(key, "record_type") == 0) {
		const struct cscs_record_type *rt = cscs_record_type_find(code);
		if (rt)
			return rc->zh ? rt->zh : NULL;
	}
	const char *vocab_name = NULL;
	const struct cscs_vocab_value *val = vocab_value(rc, key, code, &vocab_name);
	if (!val)
		return NULL;
	if (strcmp(vocab_name, "list") == 0 && (t = label_of(rc, "list", code, NULL)))
		return t;
	if (rc->zh)
		return val->label;
	/* English: the vocabulary's value is its English name, written with blanks ("work safety") */
	*spaced = true;
	return val->value;
}

/*
 * A coded evidence value in words: each code of "a,b" worded by
 * code_words and joined as the language lists things; a code with no
 * words stays as it is. Returns false (out untouched) when none has words.
 */
static bool add_code_words(struct cscs_rctx *rc, const char *key, const char *value, struct cscs_buf *out)
{
	if (!is_code_value(value) || strlen(value) >= 512)
		return false;
	char code[512];
	const char *words[32];
	bool spaced[32];
	size_t n = 0;
	bool any = false;
	for (const char *p = value; *p && n < 32;) {
		size_t len = strcspn(p, ",");
		memcpy(code, p, len);
		code[len] = '\0';
		words[n] = code_words(rc, key, code, &spaced[n]);
		any |= words[n] != NULL;
		n++;
		p += len + (p[len] == ',');
	}
	if (!any || n == 32)
		return false;
	size_t i = 0;
	for (const char *p = value; *p; i++) {
		size_t len = strcspn(p, ",");
		if (i)
			cscs_buf_adds(out, rc->zh ? "\xE3\x80\x81" : ", ");
		if (!words[i])
			cscs_buf_add(out, p, len);
		else if (!spaced[i])
			cscs_buf_adds(out, words[i]);
		else
			for (const char *w = words[i]; *w; w++)
				cscs_buf_addc(out, *w == '_' ? ' ' : *w);
		p += len + (p[len] == ',');
	}
	return true;
}

/* An integer's words: the catalogue's val.KEY.VALUE (a yes/no flag: val.matched.0 "no"), else the number. */
static const char *integer_words(struct cscs_rctx *rc, const char *key, const char *value)
{
	const char *t = label_of(rc, "val", key, value);
	return t ? t : value;
}

/*
 * One evidence item as "label: value" in the report's language: the key's
 * label from the catalogue (ev.KEY) when it has one; an integer under a key
 * ending in _fen is money, written in yuan with the unit in the label; a
 * coded value or a yes/no flag in words (add_code_words, integer_words).
 */
static void add_evidence_item(struct cscs_rctx *rc, const struct cscs_report_ev *ev, struct cscs_buf *out)
{
	size_t klen = strlen(ev->key);
	bool fen = klen > 4 && strcmp(ev->key + klen - 4, "_fen") == 0 && strcmp(ev->type, "integer") == 0 &&
		   ev->value && !ev->masked;
	const char *label = cscs_rlabel_of(rc, "ev.", ev->key);
	if (label != ev->key) {
		cscs_buf_adds(out, label);
	} else if (fen) {
		cscs_buf_add(out, ev->key, klen - 4);
		cscs_buf_adds(out, rc->zh ? "\xEF\xBC\x88\xE5\x85\x83\xEF\xBC\x89" : " (yuan)");
	} else {
		cscs_buf_adds(out, ev->key);
	}
	cscs_buf_adds(out, rc->zh ? "\xEF\xBC\x9A" : ": ");
	char yuan[CSCS_MONEY_FMT_LEN];
	if (fen)
		cscs_buf_adds(out, cscs_money_format_grouped(strtoll(ev->value, NULL, 10), yuan));
	else if (ev->masked || !ev->value)
		cscs_buf_adds(out, ev->value ? ev->value : "");
	else if (strcmp(ev->type, "integer") == 0)
		cscs_buf_adds(out, integer_words(rc, ev->key, ev->value));
	else if (strcmp(ev->type, "text") != 0 || !add_code_words(rc, ev->key, ev->value, out))
		cscs_buf_adds(out, ev->value);
}

const char *cscs_report_evidence_text(struct cscs_rctx *rc, const char *evidence, struct cscs_buf *out)
{
	cscs_buf_reset(out);
	if (!evidence)
		return "";
	if (!cscs_report_ev_begin(rc, evidence)) {
		const char *v = rc->opts->show_personal_data ? evidence : cscs_report_mask_text(evidence, &rc->tmp[1]);
		cscs_buf_adds(out, v);
		return cscs_buf_str(out);
	}
	struct cscs_report_ev ev;
	while (cscs_report_ev_next(rc, &ev, &rc->tmp[1]) == 1) {
		if (out->len)
			cscs_buf_addc(out, '\n');
		add_evidence_item(rc, &ev, out);
	}
	sqlite3_reset(rc->ev_stmt);
	return cscs_buf_str(out);
}
