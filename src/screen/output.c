#include "cscs/screen/output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "cscs/core/buf.h"
#include "cscs/core/date.h"
#include "cscs/core/fs.h"
#include "cscs/core/json.h"
#include "cscs/core/text.h"
#include "cscs/ident/resident_id.h"
#include "cscs/report/labels.h"
#include "cscs/report/messages.h"
#include "cscs/store/rows.h"
#include "cscs/store/store.h"

/* ---- shared ---- */

/* Valid UTF-8 for output: s itself, or a copy in tmp with each bad byte as U+FFFD. */
static const char *col_text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/* An identity number as the outputs show it: masked unless asked otherwise. */
static const char *shown_id(const char *id, bool show, char *buf, size_t len)
{
	if (!id || !id[0] || show)
		return id;
	return cscs_resident_id_mask(id, buf, len);
}

/* ---- workbook ---- */

struct book {
	lxw_workbook *wb;           /* the workbook being written */
	lxw_format *title;          /* sheet title */
	lxw_format *head;           /* column headings */
	lxw_format *bold;           /* labels on the Summary */
	lxw_format *money;          /* yuan with two decimals */
	lxw_format *share;          /* a percentage */
	lxw_format *date;           /* a date cell */
	lxw_format *wrap;           /* list names: wrapped within their column, never spilling into the next */
	char as_of[16];             /* the screening's as-of date, in every page's header */
	lxw_format *status[4];      /* listed, review, clear, not screened: as the audit's severities */
	struct cscs_buf tmp;        /* scratch for repaired text */
	struct cscs_buf masked;     /* scratch for text with identity numbers masked */
	struct cscs_buf words;      /* scratch for list names in words */
	struct cscs_labels *en;     /* the label catalogue in English, or NULL */
	struct cscs_labels *zh;     /* in Chinese, or NULL */
	bool in_zh;                 /* --lang zh: every text in Chinese */
	struct cscs_messages *msg;  /* the tool's messages in Chinese, or NULL */
	struct cscs_buf said;       /* scratch for a message in the workbook's language */
	const char *summary;        /* the Summary sheet's name, as the chart refers to it */
	FILE *csv;                  /* writing the partner rows as CSV (screen --csv), not a sheet */
	bool show;                  /* show identity numbers */
	lxw_error xerr;             /* the first libxlsxwriter error */
};

static void note(struct book *b, lxw_error e)
{
	if (e && !b->xerr)
		b->xerr = e;
}

/* A text of the workbook in its language. */
static const char *tr(const struct book *b, const char *en, const char *zh)
{
	return b->in_zh ? zh : en;
}

/*
 * A stored value (a status, band, role, rule, subject kind) in words, from
 * the catalogue's "prefix.value" in the workbook's language (a rule id such
 * as similar_name is no word for a reader); a value it does not know as it is.
 */
static const char *word(const struct book *b, const char *prefix, const char *v)
{
	const struct cscs_labels *cat = b->in_zh ? b->zh : b->en;
	if (!v || !cat)
		return v;
	char key[96];
	snprintf(key, sizeof(key), "%s.%s", prefix, v);
	const char *w = cscs_labels_find(cat, key);
	return w ? w : v;
}

/* A message of the tool (an explanation, a reason) in the workbook's language. */
static const char *said(struct book *b, const char *s)
{
	if (!s || !b->msg)
		return s;
	cscs_buf_reset(&b->said);
	cscs_messages_put(b->msg, s, &b->said);
	return cscs_buf_str(&b->said);
}

/*
 * A CSV field (screen --csv): RFC 4180 quoting; a text starting with '=',
 * '+', '-', '@', a tab or a carriage return gets a leading apostrophe so a
 * spreadsheet does not run it as a formula (as audit --csv does).
 */
static void csv_field(struct book *b, lxw_col_t c, const char *s, bool text)
{
	if (c > 0) /* every column of a row is written, in order */
		fputc(',', b->csv);
	if (!s || !s[0])
		return;
	bool formula = text && strchr("=+-@\t\r", s[0]) != NULL;
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		fputs(s, b->csv);
		return;
	}
	fputc('"', b->csv);
	if (formula)
		fputc('\'', b->csv);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', b->csv);
		fputc(*s, b->csv);
	}
	fputc('"', b->csv);
}

static void put_text(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
	lxw_format *f)
{
	/* Any cell may hold one (a sole trader's code, a listed person's): masked unless shown. */
	if (!b->show)
		s = cscs_resident_id_mask_text(s, &b->masked);
	if (b->csv) {
		csv_field(b, c, cscs_text_for_xml(s, &b->tmp), true);
		return;
	}
	s = cscs_text_for_xml(s, &b->tmp); /* valid UTF-8, no control character XML forbids */
	if (s && s[0])
		note(b, worksheet_write_string(ws, r, c, s, f));
}

/* A YYYY-MM-DD date as a date cell; anything else as it was written. */
static void put_date(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *iso)
{
	cscs_date d;
	if (b->csv || !iso || !cscs_date_parse_iso(iso, &d)) {
		put_text(b, ws, r, c, iso, NULL);
		return;
	}
	struct cscs_ymd ymd = cscs_date_to_ymd(d);
	lxw_datetime dt = {ymd.year, ymd.month, ymd.day, 0, 0, 0};
	note(b, worksheet_write_datetime(ws, r, c, &dt, b->date));
}

/* A status or band, coloured: listed or match red, review amber, clear green, not screened grey. */
static void put_status(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
		       const char *prefix)
{
	static const char *const names[4][2] = {
		{"listed", "match"}, {"review", "review"}, {"clear", "clear"}, {"not_screened", "not_screened"},
	};
	lxw_format *f = NULL;
	for (int i = 0; s && i < 4; i++)
		if (strcmp(s, names[i][0]) == 0 || strcmp(s, names[i][1]) == 0)
			f = b->status[i];
	put_text(b, ws, r, c, word(b, prefix, s), f);
}

/*
 * List ids ("serious_illegal,judgment_defaulter") in words, English then
 * Chinese: "serious illegal and dishonest list 严重违法失信名单; ...". An
 * id the catalogue does not know is shown as it is.
 */
static const char *list_words(struct book *b, const char *ids)
{
	if (!ids || !b->en)
		return ids;
	cscs_buf_reset(&b->words);
	while (*ids) {
		const char *comma = strchr(ids, ',');
		size_t n = comma ? (size_t)(comma - ids) : strlen(ids);
		char key[96];
		if (n && n + 5 < sizeof(key)) {
			snprintf(key, sizeof(key), "list.%.*s", (int)n, ids);
			const char *en = cscs_labels_find(b->en, key);
			const char *zh = b->zh ? cscs_labels_find(b->zh, key) : NULL;
			if (b->words.len)
				cscs_buf_adds(&b->words, b->in_zh ? "；" : "; ");
			if (b->in_zh && zh) { /* in Chinese, the Chinese name alone */
				cscs_buf_adds(&b->words, zh);
			} else if (!en) {
				cscs_buf_addf(&b->words, "%.*s", (int)n, ids);
			} else {
				cscs_buf_adds(&b->words, en);
				if (zh && strcmp(zh, en) != 0) {
					cscs_buf_addc(&b->words, ' ');
					cscs_buf_adds(&b->words, zh);
				}
			}
		}
		if (!comma)
			break;
		ids = comma + 1;
	}
	return cscs_buf_str(&b->words);
}

/*
 * The lines text takes wrapped in a column `width` characters wide (a
 * Chinese character counts two): libxlsxwriter does not size rows, and a
 * spreadsheet shows a wrapped cell in a row of one line as overlapping text.
 */
static int text_lines(const char *s, double width)
{
	if (!s)
		return 1;
	double w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x80)
			w += 1;
		else if (*p >= 0xE0) /* the lead byte of a 3- or 4-byte sequence: CJK, full width */
			w += 2;
	/* a column of width N holds about 1.3 N characters of the 8-point print (measured in LibreOffice) */
	int n = (int)((w - 1) / (width * 1.3)) + 1;
	return n < 1 ? 1 : n > 8 ? 8 : n;
}

/* Row r as tall as its tallest wrapped list name, before anything of it is written (constant memory). */
static void list_row_height(struct book *b, lxw_worksheet *ws, lxw_row_t r, const struct cscs_rows *q, const int *cols,
			    int n, double width)
{
	if (b->csv)
		return;
	int lines = 1;
	for (int i = 0; i < n; i++) {
		int l = text_lines(list_words(b, cscs_rows_text(q, cols[i])), width);
		if (l > lines)
			lines = l;
	}
	if (lines > 1)
		note(b, worksheet_set_row(ws, r, 15.0 * lines, NULL));
}

static void put_int(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const struct cscs_rows *q, int col)
{
	if (b->csv) {
		char n[32] = "";
		if (cscs_rows_type(q, col) != SQLITE_NULL)
			snprintf(n, sizeof(n), "%lld", (long long)cscs_rows_int64(q, col));
		csv_field(b, c, n, false);
		return;
	}
	if (cscs_rows_type(q, col) != SQLITE_NULL)
		note(b, worksheet_write_number(ws, r, c, (double)cscs_rows_int64(q, col), NULL));
}

/* Money is integer fen in the database; the sheet shows yuan. */
static void put_money(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const struct cscs_rows *q, int col)
{
	if (b->csv) { /* exact yuan with two decimals */
		char n[40] = "";
		if (cscs_rows_type(q, col) != SQLITE_NULL) {
			long long fen = (long long)cscs_rows_int64(q, col);
			unsigned long long a = fen < 0 ? 0ULL - (unsigned long long)fen : (unsigned long long)fen;
			snprintf(n, sizeof(n), "%s%llu.%02llu", fen < 0 ? "-" : "", a / 100, a % 100);
		}
		csv_field(b, c, n, false);
		return;
	}
	if (cscs_rows_type(q, col) != SQLITE_NULL)
		note(b, worksheet_write_number(ws, r, c, (double)cscs_rows_int64(q, col) / 100.0,
			b->money));
}

static void put_share(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const struct cscs_rows *q, int col)
{
	if (cscs_rows_type(q, col) != SQLITE_NULL)
		note(b, worksheet_write_number(ws, r, c, cscs_rows_double(q, col), b->share));
}

static void headings(struct book *b, lxw_worksheet *ws, lxw_row_t r, const char *const *names,
	const double *widths,
		     size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (b->csv) {
			csv_field(b, (lxw_col_t)i, names[i], true);
			continue;
		}
		note(b, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], NULL));
		note(b, worksheet_write_string(ws, r, (lxw_col_t)i, names[i], b->head));
	}
}

/*
 * Page setup for print: A4 landscape, one page wide (columns first..last
 * of the print area, chosen so the scale stays readable), the heading row
 * repeated, the sheet's name above and page numbers below.
 */
static void print_setup(struct book *b, lxw_worksheet *ws, const char *name, bool table, lxw_row_t last_row,
			lxw_col_t last_col)
{
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
	worksheet_fit_to_pages(ws, 1, 0);
	if (table)
		worksheet_repeat_rows(ws, 0, 0);
	note(b, worksheet_print_area(ws, 0, 0, last_row, last_col));
	char head[128];
	snprintf(head, sizeof(head), "&L&8 %s&C&8 &\"-,Bold\"%s&R&8 %s", tr(b, "Partner screening", "合作方名单筛查"), name,
		 b->as_of);
	note(b, worksheet_set_header(ws, head));
	note(b, worksheet_set_footer(ws, tr(b, "&L&8 Prepared with cscs-audit. Not an official list check.&R&8 Page &P of &N",
					  "&L&8 由 cscs-audit 生成，并非官方名单查询结果。&R&8 第 &P 页，共 &N 页")));
}

/* A pie of the partners by status, coloured as the statuses, at row r. */
static void status_chart(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_row_t first)
{
	lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_PIE);
	if (!ch) {
		note(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	lxw_chart_series *ser = chart_add_series(ch, NULL, NULL);
	if (!ser) {
		note(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	chart_series_set_categories(ser, b->summary, first, 0, first + 4, 0);
	chart_series_set_values(ser, b->summary, first, 1, first + 4, 1);
	/* listed, review, clear with historical matches, clear, not screened */
	lxw_chart_fill fill[5] = {{.color = 0xC00000}, {.color = 0xFFC000}, {.color = 0xA9D08E}, {.color = 0x70AD47},
		{.color = 0xA5A5A5}};
	lxw_chart_point pt[5] = {{.fill = &fill[0]}, {.fill = &fill[1]}, {.fill = &fill[2]}, {.fill = &fill[3]},
		{.fill = &fill[4]}};
	lxw_chart_point *pts[6] = {&pt[0], &pt[1], &pt[2], &pt[3], &pt[4], NULL};
	note(b, chart_series_set_points(ser, pts));
	chart_title_set_name(ch, tr(b, "Partners by status", "合作方筛查状态"));
	chart_legend_set_position(ch, LXW_CHART_LEGEND_RIGHT);
	lxw_chart_options opt = {.x_offset = 4, .y_offset = 4, .x_scale = 1.5, .y_scale = 1.0};
	note(b, worksheet_insert_chart_opt(ws, r, 0, ch, &opt));
}

static enum cscs_error summary_sheet(struct book *b, sqlite3 *db, const struct cscs_screen_output_opts *o,
				     struct cscs_diag_list *dl)
{
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, b->summary);
	sqlite3_stmt *st = NULL;
	enum cscs_error err;
	lxw_row_t r = 0;
	note(b, worksheet_set_column(ws, 0, 0, 58, NULL));
	note(b, worksheet_set_column(ws, 1, 7, 16, NULL));
	note(b, worksheet_write_string(ws, r, 0, tr(b, "Partner screening", "合作方名单筛查"), b->title));
	r += 2;
	if ((err = cscs_store_prepare(db,
			"SELECT as_of, screened_at, match_score, review_score, n_list_entries,"
			" index_built_at,"
			" entity_status, legal_rep_status, lists_incomplete FROM screen_info WHERE id = 1", &st, dl)))
		return err;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		cscs_diag_error(dl, NULL, 0, 0, "no screening results to write: screen first");
		return CSCS_ERR_INPUT;
	}
	struct cscs_rows q;
	cscs_rows_init(&q, st);
	static const char *const labels[][2] = {
		{"As of", "截至日期"}, {"Screened at (UTC)", "筛查时间（UTC）"},
		{"Match band from score", "“命中”档起始分"}, {"Review band from score", "“需复核”档起始分"},
		{"List entries screened against", "比对的名单条目数"}, {"List index built at (UTC)", "名单索引建立时间（UTC）"},
	};
	for (int i = 0; i < 6; i++, r++) {
		note(b, worksheet_write_string(ws, r, 0, tr(b, labels[i][0], labels[i][1]), b->bold));
		if (i == 2 || i == 3 || i == 4)
			put_int(b, ws, r, 1, &q, i);
		else if (i == 0)
			put_date(b, ws, r, 1, col_text(st, i));
		else
			put_text(b, ws, r, 1, col_text(st, i), NULL);
	}
	char entity[16], rep[16];
	snprintf(entity, sizeof(entity), "%s", col_text(st, 6) ? col_text(st, 6) : "");
	snprintf(rep, sizeof(rep), "%s", col_text(st, 7) ? col_text(st, 7) : "");
	note(b, worksheet_write_string(ws, r, 0, tr(b, "Lists read whole", "名单是否完整读取"), b->bold));
	if (col_text(st, 8))
		put_text(b, ws, r++, 1, said(b, col_text(st, 8)), NULL);
	else
		put_text(b, ws, r++, 1, tr(b, "yes: every list source was read, no row rejected or unknown",
					   "是：每个名单来源都已读取，没有被拒绝或无法识别的行"), NULL);
	sqlite3_finalize(st);
	st = NULL;
	note(b, worksheet_write_string(ws, r, 0, tr(b, "Partners file", "合作方文件"), b->bold));
	put_text(b, ws, r++, 1, o->partners ? o->partners : tr(b, "(the partners in the database)", "（数据库中的合作方）"),
		 NULL);
	note(b, worksheet_write_string(ws, r, 0, tr(b, "List exports", "名单导出文件"), b->bold));
	put_text(b, ws, r++, 1, o->lists ? o->lists : tr(b, "(the lists in the database)", "（数据库中的名单）"), NULL);

	/* partners by status, with spend */
	r++;
	static const char *const status_head[][2] = {{"Partners", "合作方"}, {"Count", "数量"}, {"Share", "占比"},
		{"Spend (RMB)", "采购/销售额（元）"}, {"Share of spend", "采购/销售额占比"}};
	for (int i = 0; i < 5; i++)
		note(b, worksheet_write_string(ws, r, (lxw_col_t)i, tr(b, status_head[i][0], status_head[i][1]),
					       b->head));
	static const char *const status_rows[][2] = {
		{"Screened", "已筛查"}, {"Listed (current match on an adverse list)", "在名单中（当前命中不良名单）"},
		{"To review (possible match)", "需复核（可能命中）"},
		{"Clear, with historical matches only", "未命中，仅有历史匹配"}, {"Clear", "未命中"},
		{"Not screened (a list not read whole, or no name or code)", "未筛查（名单未完整读取，或无名称和代码）"},
	};
	r++;
	lxw_row_t status_first = r + 1; /* the first status row, after the count of all screened */
	if ((err = cscs_store_prepare(db,
			"WITH p AS (SELECT p.id, coalesce(p.spend, 0) AS spend, s.status, s.historical_lists"
			"  FROM partners p LEFT JOIN partner_status s ON s.partner_id = p.id),"
			" t AS (SELECT count(*) AS n, sum(spend) AS spend FROM p),"
			" g(k, label) AS (VALUES (0, 'Screened'), (1, 'Listed (current match on an adverse"
			" list)'),"
			"  (2, 'To review (possible match)'), (3, 'Clear, with historical matches only'), (4,"
			" 'Clear'), (5, 'Not screened (a list not read whole, or no name or code)'))"
			" SELECT g.label, count(p.id), CASE WHEN t.n > 0 THEN 1.0 * count(p.id) / t.n END,"
			"  coalesce(sum(p.spend), 0), CASE WHEN t.spend > 0 THEN 1.0 * coalesce(sum(p.spend),"
			" 0) / t.spend END"
			" FROM g CROSS JOIN t LEFT JOIN p ON g.k = 0 OR (g.k = 1 AND p.status = 'listed')"
			"  OR (g.k = 2 AND p.status = 'review')"
			"  OR (g.k = 3 AND p.status = 'clear' AND p.historical_lists IS NOT NULL)"
			"  OR (g.k = 4 AND p.status = 'clear' AND p.historical_lists IS NULL)"
			"  OR (g.k = 5 AND (p.status IS NULL OR p.status = 'not_screened'))"
			" GROUP BY g.k ORDER BY g.k", &st, dl)))
		return err;
	cscs_rows_init(&q, st);
	for (int k = 0; k < 6 && sqlite3_step(st) == SQLITE_ROW; k++) {
		put_text(b, ws, r, 0, tr(b, status_rows[k][0], status_rows[k][1]), b->bold);
		put_int(b, ws, r, 1, &q, 1);
		put_share(b, ws, r, 2, &q, 2);
		put_money(b, ws, r, 3, &q, 3);
		put_share(b, ws, r, 4, &q, 4);
		r++;
	}
	sqlite3_finalize(st);

	/* exposure by list */
	r++;
	static const char *const list_head[][2] = {
		{"Exposure by list", "按名单的敞口"}, {"List entries", "名单条目"}, {"Partners listed", "在名单中的合作方"},
		{"Share of partners", "合作方占比"}, {"To review", "需复核"}, {"Historical only", "仅历史匹配"},
		{"Spend with listed (RMB)", "与在名单者的采购/销售额（元）"}, {"Share of spend", "采购/销售额占比"},
	};
	for (int i = 0; i < 8; i++)
		note(b, worksheet_write_string(ws, r, (lxw_col_t)i, tr(b, list_head[i][0], list_head[i][1]), b->head));
	r++;
	if ((err = cscs_store_prepare(db,
			"SELECT x.list, l.n_entries, x.n_listed, x.share_listed, x.n_review, x.n_historical,"
			" x.spend_listed, x.share_spend_listed FROM screen_exposure x"
			" LEFT JOIN list_index_lists l ON l.list = x.list"
			" ORDER BY x.list = '*' DESC, x.n_listed DESC, x.n_review DESC, x.list", &st, dl)))
		return err;
	cscs_rows_init(&q, st);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *list = col_text(st, 0);
		if (list && strcmp(list, "*") == 0)
			list = tr(b, "any adverse list (red list excluded)", "任一不良名单（不含红名单）");
		else
			list = list_words(b, list);
		put_text(b, ws, r, 0, list, b->bold);
		put_int(b, ws, r, 1, &q, 1);
		put_int(b, ws, r, 2, &q, 2);
		put_share(b, ws, r, 3, &q, 3);
		put_int(b, ws, r, 4, &q, 4);
		put_int(b, ws, r, 5, &q, 5);
		put_money(b, ws, r, 6, &q, 6);
		put_share(b, ws, r, 7, &q, 7);
		r++;
	}
	sqlite3_finalize(st);

	/* the audited entity and its legal representative, when the database has one */
	r++;
	if ((err = cscs_store_prepare(db,
			"SELECT (SELECT name FROM entity ORDER BY id LIMIT 1),"
			" (SELECT explanation FROM screen_matches WHERE subject_kind = ?1 AND historical = 0"
			"  ORDER BY rank LIMIT 1)", &st, dl)))
		return err;
	const char *kinds[] = {"entity", "legal_rep"};
	const char *status[] = {entity, rep};
	const char *label[] = {tr(b, "Audited entity", "被审计主体"), tr(b, "Its legal representative", "其法定代表人")};
	for (int i = 0; i < 2; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, kinds[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW)
			continue;
		note(b, worksheet_write_string(ws, r, 0, label[i], b->bold));
		put_text(b, ws, r, 1, status[i][0] ? word(b, "screen", status[i])
						   : tr(b, "not screened (no entity record)", "未筛查（无主体记录）"), NULL);
		put_text(b, ws, r, 2, said(b, col_text(st, 1)), NULL);
		r++;
	}
	sqlite3_finalize(st);
	r++;
	status_chart(b, ws, r, status_first);
	print_setup(b, ws, b->summary, false, r + 16, 7);
	return CSCS_OK;
}

/* The columns the Partners sheet shows, as both of its queries select them. */
static const char partner_columns[] =
	"SELECT p.src_line, p.name, p.uscc, p.role, p.spend, s.status, s.lists, s.review_lists,"
	" s.historical_lists, m.entry_name, e.uscc, m.list, m.score, m.band, m.rule, m.explanation,"
	" e.listed_on, (SELECT count(*) FROM screen_matches x WHERE x.partner_id = p.id),"
	" CASE WHEN s.status IS NULL THEN 'no screening result' ELSE s.reason END"
	" FROM partners p LEFT JOIN partner_status s ON s.partner_id = p.id"
	" LEFT JOIN screen_matches m ON m.id = s.best_match_id"
	" LEFT JOIN list_entries e ON e.id = m.list_entry_id";

static enum cscs_error partner_rows(struct book *b, lxw_worksheet *ws, lxw_row_t *r, sqlite3 *db,
				    const char *where, struct cscs_diag_list *dl)
{
	sqlite3_stmt *st;
	char sql[1024];
	snprintf(sql, sizeof(sql), "%s %s", partner_columns, where);
	enum cscs_error err = cscs_store_prepare(db, sql, &st, dl);
	if (err)
		return err;
	struct cscs_rows q;
	cscs_rows_init(&q, st);
	int rc;
	static const int list_cols[] = {6, 7, 8, 11};
	while ((rc = cscs_rows_step(&q)) == SQLITE_ROW && !b->xerr) {
		list_row_height(b, ws, *r, &q, list_cols, 4, 22);
		put_int(b, ws, *r, 0, &q, 0);
		for (int c = 1; c <= 2; c++)
			put_text(b, ws, *r, (lxw_col_t)c, cscs_rows_text(&q, c), NULL);
		put_text(b, ws, *r, 3, word(b, "role", cscs_rows_text(&q, 3)), NULL);
		put_money(b, ws, *r, 4, &q, 4);
		put_status(b, ws, *r, 5, cscs_rows_text(&q, 5), "screen");
		for (int c = 6; c <= 11; c++) {
			const char *v = cscs_rows_text(&q, c);
			if (c == 9 || c == 10)
				put_text(b, ws, *r, (lxw_col_t)c, v, NULL);
			else
				put_text(b, ws, *r, (lxw_col_t)c, list_words(b, v), b->wrap);
		}
		put_int(b, ws, *r, 12, &q, 12);
		put_status(b, ws, *r, 13, cscs_rows_text(&q, 13), "band");
		put_text(b, ws, *r, 14, word(b, "rule", cscs_rows_text(&q, 14)), NULL);
		put_text(b, ws, *r, 15, said(b, cscs_rows_text(&q, 15)), NULL);
		put_date(b, ws, *r, 16, cscs_rows_text(&q, 16));
		put_int(b, ws, *r, 17, &q, 17);
		put_text(b, ws, *r, 18, said(b, cscs_rows_text(&q, 18)), NULL);
		if (b->csv)
			fputs("\r\n", b->csv);
		(*r)++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		err = cscs_store_error(db, rc, "reading partner status", dl);
	sqlite3_finalize(st);
	return err;
}

/* The Partners sheet's headings (and screen --csv's) in the workbook's language. */
static const char *const partner_names[][2] = {
	{"Line", "行号"}, {"Partner", "合作方"}, {"USCC", "统一社会信用代码"}, {"Role", "角色"},
	{"Spend (RMB)", "采购/销售额（元）"}, {"Status", "状态"}, {"Lists (listed)", "所在名单"},
	{"Lists (review)", "需复核的名单"}, {"Lists (historical)", "历史名单"}, {"Best match", "最佳匹配"},
	{"Its USCC", "其统一社会信用代码"}, {"List", "名单"}, {"Score", "分数"}, {"Band", "档次"},
	{"Rule", "匹配规则"}, {"Explanation", "说明"}, {"Listed since", "列入日期"}, {"Matches", "匹配数"},
	{"Why not screened", "未筛查原因"},
};
#define N_PARTNER_COLS (sizeof(partner_names) / sizeof(partner_names[0]))

/* Every partner, those with anything to show first (the Partners sheet, or screen --csv's rows). */
static enum cscs_error all_partner_rows(struct book *b, lxw_worksheet *ws, lxw_row_t *r, sqlite3 *db,
					struct cscs_diag_list *dl)
{
	/*
	 * First the partners with anything to show, listed first, then
	 * review, then clear ones with matches; then the rest, nearly all of
	 * them, in file order, which needs no sorting of wide rows.
	 */
	enum cscs_error err = partner_rows(b, ws, r, db,
		"WHERE s.status <> 'clear' OR s.best_score IS NOT NULL OR s.historical_lists IS NOT NULL"
		" ORDER BY CASE s.status WHEN 'listed' THEN 0 WHEN 'review' THEN 1 WHEN 'not_screened' THEN 2 ELSE 3 END,"
		" s.historical_lists IS NULL, coalesce(s.best_score, -1) DESC, p.src_line, p.id", dl);
	if (!err)
		err = partner_rows(b, ws, r, db,
			"WHERE s.status IS NULL OR (s.status = 'clear' AND s.best_score IS NULL"
			" AND s.historical_lists IS NULL) ORDER BY p.id", dl);
	return err;
}

static enum cscs_error partners_sheet(struct book *b, sqlite3 *db, struct cscs_diag_list *dl)
{
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, tr(b, "Partners", "合作方"));
	const char *names[N_PARTNER_COLS];
	for (size_t i = 0; i < N_PARTNER_COLS; i++)
		names[i] = tr(b, partner_names[i][0], partner_names[i][1]);
	/* role, rule: as wide as their words ("supplier and customer", "same unified social credit code") */
	static const double widths[] = {7, 36, 21, 21, 18, 12, 22, 22, 22, 36, 21, 22, 7, 8, 31, 90, 12, 9, 60};
	size_t n_cols = N_PARTNER_COLS;
	headings(b, ws, 0, names, widths, n_cols);
	worksheet_freeze_panes(ws, 1, 2);
	lxw_row_t r = 1;
	enum cscs_error err = all_partner_rows(b, ws, &r, db, dl);
	if (r > 1)
		note(b, worksheet_autofilter(ws, 0, 0, r - 1, (lxw_col_t)(n_cols - 1)));
	/* printed: line to best match (A..J), about 70 %; the match's details are on Matches */
	print_setup(b, ws, tr(b, "Partners", "合作方"), true, r > 1 ? r - 1 : 0, 9);
	return err;
}

/* The rows of the Matches and Historical sheets: every current (or historical) match, listed ones first. */
static const char matches_sql[] =
	"SELECT m.subject_kind, m.subject_name, p.src_line, m.list, e.name, e.uscc, e.legal_rep_name,"
	" e.legal_rep_id, e.listed_on, e.removed_on, f.path || ':' || e.src_line, m.score, m.band,"
	" m.rule,"
	" m.rank, m.explanation FROM screen_matches m"
	" LEFT JOIN partners p ON p.id = m.partner_id"
	" LEFT JOIN list_entries e ON e.id = m.list_entry_id"
	" LEFT JOIN source_files f ON f.id = e.src_file"
	" WHERE m.historical = ?"
	" ORDER BY CASE m.subject_kind WHEN 'entity' THEN 0 WHEN 'legal_rep' THEN 1 ELSE 2 END,"
	" CASE m.band WHEN 'match' THEN 0 WHEN 'review' THEN 1 ELSE 2 END, m.score DESC, p.src_line,"
	" m.rank, m.id";

/*
 * The query of a Matches or Historical sheet, started on a connection of
 * its own when the workbook is begun: its first step sorts every match,
 * and that is done on a second thread while the Partners sheet is written.
 */
struct early {
	sqlite3 *db;          /* its connection; NULL: read on the caller's when the sheet is written */
	sqlite3_stmt *st;
	struct cscs_rows rows; /* read ahead */
};

static void early_start(struct early *e, sqlite3 *db, bool historical)
{
	memset(e, 0, sizeof(*e));
	sqlite3 *r = cscs_store_open_reader(db); /* NULL inside the caller's transaction: its writes are not seen */
	if (!r)
		return;
	if (sqlite3_prepare_v2(r, matches_sql, -1, &e->st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int(e->st, 1, historical) != SQLITE_OK) {
		sqlite3_finalize(e->st);
		sqlite3_close(r);
		e->st = NULL;
		return;
	}
	cscs_rows_init(&e->rows, e->st);
	if (cscs_rows_ahead(&e->rows) != CSCS_OK || !e->rows.ahead) {
		/* no second thread: the sheet reads on the caller's connection, as it did */
		sqlite3_finalize(e->st);
		sqlite3_close(r);
		e->st = NULL;
		return;
	}
	e->db = r;
}

static void early_end(struct early *e)
{
	if (!e->db)
		return;
	cscs_rows_end(&e->rows);
	sqlite3_finalize(e->st);
	sqlite3_close(e->db);
	e->db = NULL;
	e->st = NULL;
}

static enum cscs_error matches_sheet(struct book *b, sqlite3 *db, bool historical, struct early *e,
				     struct cscs_diag_list *dl)
{
	const char *sheet = historical ? tr(b, "Historical", "历史匹配") : tr(b, "Matches", "匹配");
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, sheet);
	static const char *const names_en[] = {
		"Subject", "Name", "Partner line", "List", "List entry", "Its USCC",
		"Its legal representative", "ID number", "Listed on", "Removed on", "Source", "Score", "Band",
		"Rule", "Rank", "Explanation",
	};
	static const char *const names_zh[] = {
		"对象", "名称", "合作方行号", "名单", "名单条目", "其统一社会信用代码",
		"其法定代表人", "身份证号码", "列入日期", "移出日期", "来源", "分数", "档次",
		"匹配规则", "排名", "说明",
	};
	const char *const *names = b->in_zh ? names_zh : names_en;
	/* subject, rule: as wide as their words ("legal representative", "same unified social credit code") */
	static const double widths[] = {20, 36, 11, 22, 36, 21, 23, 21, 12, 12, 30, 7, 8, 31, 6, 90};
	headings(b, ws, 0, names, widths, sizeof(names_en) / sizeof(names_en[0]));
	worksheet_freeze_panes(ws, 1, 2);
	/* the query started before the sheets before this one were written, or started now */
	struct early now = {0};
	if (!e->db) {
		enum cscs_error err = cscs_store_prepare(db, matches_sql, &now.st, dl);
		if (err)
			return err;
		sqlite3_bind_int(now.st, 1, historical);
		cscs_rows_init(&now.rows, now.st);
		e = &now;
	}
	struct cscs_rows *q = &e->rows;
	enum cscs_error err = CSCS_OK;
	lxw_row_t r = 1;
	int rc;
	char masked[40];
	static const int list_col[] = {3};
	while ((rc = cscs_rows_step(q)) == SQLITE_ROW && !b->xerr) {
		list_row_height(b, ws, r, q, list_col, 1, 22);
		put_text(b, ws, r, 0, word(b, "subject", cscs_rows_text(q, 0)), NULL);
		put_text(b, ws, r, 1, cscs_rows_text(q, 1), NULL);
		put_int(b, ws, r, 2, q, 2);
		put_text(b, ws, r, 3, list_words(b, cscs_rows_text(q, 3)), b->wrap);
		for (int c = 4; c <= 6; c++)
			put_text(b, ws, r, (lxw_col_t)c, cscs_rows_text(q, c), NULL);
		put_text(b, ws, r, 7, shown_id(cscs_rows_text(q, 7), b->show, masked, sizeof(masked)), NULL);
		put_date(b, ws, r, 8, cscs_rows_text(q, 8));
		put_date(b, ws, r, 9, cscs_rows_text(q, 9));
		put_text(b, ws, r, 10, cscs_rows_text(q, 10), NULL);
		put_int(b, ws, r, 11, q, 11);
		put_status(b, ws, r, 12, cscs_rows_text(q, 12), "band");
		put_text(b, ws, r, 13, word(b, "rule", cscs_rows_text(q, 13)), NULL);
		put_int(b, ws, r, 14, q, 14);
		put_text(b, ws, r, 15, said(b, cscs_rows_text(q, 15)), NULL);
		r++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		err = cscs_store_error(e->db ? e->db : db, rc, "reading matches", dl);
	if (e == &now)
		sqlite3_finalize(now.st);
	else
		early_end(e);
	if (r > 1)
		note(b, worksheet_autofilter(ws, 0, 0, r - 1,
			(lxw_col_t)(sizeof(names_en) / sizeof(names_en[0]) - 1)));
	/* printed: subject to band (A..M), about 60 %; rule, rank and explanation are on screen */
	print_setup(b, ws, sheet, true, r > 1 ? r - 1 : 0, 12);
	return err;
}

enum cscs_error cscs_screen_write_workbook(sqlite3 *db, const char *path,
	const struct cscs_screen_output_opts *opts,
					   struct cscs_diag_list *dl)
{
	struct cscs_atomic_file af;
	struct early early[2] = {{0}};
	bool zh = opts->lang && strcmp(opts->lang, "zh") == 0;
	struct book b = {.tmp = CSCS_BUF_INIT, .masked = CSCS_BUF_INIT, .words = CSCS_BUF_INIT, .said = CSCS_BUF_INIT,
		.show = opts->show_personal_data, .in_zh = zh, .summary = zh ? "概要" : "Summary"};
	enum cscs_error err = cscs_atomic_begin(&af, path, opts->show_personal_data, dl);
	if (err)
		return err;
	af.group = opts->outputs;
	if (opts->datadir && ((err = cscs_labels_load(&b.en, opts->datadir, "en", dl)) ||
			      (err = cscs_labels_load(&b.zh, opts->datadir, "zh", dl)) ||
			      (zh && (err = cscs_messages_load(&b.msg, opts->datadir, "zh", dl))))) {
		cscs_labels_destroy(b.en);
		cscs_labels_destroy(b.zh);
		cscs_atomic_abort(&af);
		return err;
	}
	/* libxlsxwriter writes the file by name: the temporary's */
	close(af.fd);
	af.fd = -1;
	char *dir_copy = strdup(af.tmp); /* the output's folder, or $TMPDIR for a device or a pipe */
	if (!dir_copy) {
		cscs_labels_destroy(b.en);
		cscs_labels_destroy(b.zh);
		cscs_messages_free(b.msg);
		cscs_atomic_abort(&af);
		return CSCS_ERR_NOMEM;
	}
	/* its own scratch files beside the output (not in a /tmp that may be memory), in a folder of ours */
	char *dir = dirname(dir_copy);
	char *scratch = cscs_fs_scratch_dir(dir);
	lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = scratch ? scratch : dir,
		.use_zip64 = LXW_TRUE};
	/* libxlsxwriter's own "[ERROR]" lines are held back: the messages here say it. */
	struct cscs_quiet quiet;
	cscs_quiet_begin(&quiet);
	b.wb = workbook_new_opt(af.tmp, &wo);
	cscs_quiet_end(&quiet);
	if (!b.wb) {
		cscs_diag_error(dl, path, 0, 0, "cannot create the workbook");
		err = CSCS_ERR_XLSX;
		goto fail;
	}
	b.title = workbook_add_format(b.wb);
	format_set_bold(b.title);
	format_set_font_size(b.title, 14);
	b.head = workbook_add_format(b.wb);
	format_set_bold(b.head);
	format_set_bottom(b.head, LXW_BORDER_THIN);
	b.bold = workbook_add_format(b.wb);
	format_set_bold(b.bold);
	b.money = workbook_add_format(b.wb);
	format_set_num_format(b.money, "#,##0.00");
	b.share = workbook_add_format(b.wb);
	format_set_num_format(b.share, "0.0%");
	b.date = workbook_add_format(b.wb);
	format_set_num_format(b.date, "yyyy-mm-dd");
	format_set_align(b.date, LXW_ALIGN_LEFT);
	b.wrap = workbook_add_format(b.wb);
	format_set_text_wrap(b.wrap);
	sqlite3_stmt *asof = NULL;
	if (sqlite3_prepare_v2(db, "SELECT as_of FROM screen_info WHERE id = 1", -1, &asof, NULL) == SQLITE_OK &&
	    sqlite3_step(asof) == SQLITE_ROW && col_text(asof, 0))
		snprintf(b.as_of, sizeof(b.as_of), "%s", col_text(asof, 0));
	sqlite3_finalize(asof);
	/* the audit workbook's severity colours: critical's red, medium's amber, a green, info's grey */
	static const lxw_color_t fills[4] = {0xC00000, 0xFFE699, 0xC6EFCE, 0xD9D9D9};
	static const lxw_color_t fonts[4] = {0xFFFFFF, 0x7F6000, 0x006100, 0x404040};
	for (int i = 0; i < 4; i++) {
		b.status[i] = workbook_add_format(b.wb);
		format_set_bg_color(b.status[i], fills[i]);
		format_set_font_color(b.status[i], fonts[i]);
	}

	early_start(&early[0], db, false);
	early_start(&early[1], db, true);
	if ((err = summary_sheet(&b, db, opts, dl)) || (err = partners_sheet(&b, db, dl)) ||
	    (err = matches_sheet(&b, db, false, &early[0], dl)) || (err = matches_sheet(&b, db, true, &early[1], dl)))
		goto fail;
	if (b.words.oom || b.tmp.oom || b.masked.oom || b.said.oom) {
		err = CSCS_ERR_NOMEM;
		goto fail;
	}
	if (b.xerr) {
		cscs_diag_error(dl, path, 0, 0, "cannot write the workbook: %s", lxw_strerror(b.xerr));
		err = CSCS_ERR_XLSX;
		goto fail;
	}
	cscs_quiet_begin(&quiet);
	errno = 0;
	lxw_error xe = workbook_close(b.wb);
	int close_errno = errno;
	cscs_quiet_end(&quiet);
	b.wb = NULL;
	if (xe) {
		if (close_errno == ENOSPC || close_errno == EDQUOT)
			cscs_diag_error(dl, path, 0, 0, "cannot write the workbook: the disk is full");
		else
			cscs_diag_error(dl, path, 0, 0, "cannot write the workbook: %s", lxw_strerror(xe));
		err = CSCS_ERR_XLSX;
		goto fail;
	}
	af.fd = open(af.tmp, O_RDONLY | O_CLOEXEC); /* for the fsync before the rename */
	cscs_fs_scratch_dir_remove(scratch);
	free(dir_copy);
	cscs_buf_finish(&b.tmp);
	cscs_buf_finish(&b.masked);
	cscs_buf_finish(&b.words);
	cscs_buf_finish(&b.said);
	cscs_messages_free(b.msg);
	cscs_labels_destroy(b.en);
	cscs_labels_destroy(b.zh);
	return cscs_atomic_commit(&af, dl);
fail:
	early_end(&early[0]);
	early_end(&early[1]);
	if (b.wb) {
		/* closing writes a file; it is the temporary, removed below */
		cscs_quiet_begin(&quiet);
		workbook_close(b.wb);
		cscs_quiet_end(&quiet);
	}
	cscs_fs_scratch_dir_remove(scratch);
	free(dir_copy);
	cscs_buf_finish(&b.tmp);
	cscs_buf_finish(&b.masked);
	cscs_buf_finish(&b.words);
	cscs_buf_finish(&b.said);
	cscs_messages_free(b.msg);
	cscs_labels_destroy(b.en);
	cscs_labels_destroy(b.zh);
	cscs_atomic_abort(&af);
	return err;
}

/* ---- CSV ---- */

enum cscs_error cscs_screen_write_csv(sqlite3 *db, const char *path, const struct cscs_screen_output_opts *opts,
				      struct cscs_diag_list *dl)
{
	struct cscs_atomic_file af;
	bool zh = opts->lang && strcmp(opts->lang, "zh") == 0;
	struct book b = {.tmp = CSCS_BUF_INIT, .masked = CSCS_BUF_INIT, .words = CSCS_BUF_INIT, .said = CSCS_BUF_INIT,
		.show = opts->show_personal_data, .in_zh = zh};
	enum cscs_error err = cscs_atomic_begin(&af, path, opts->show_personal_data, dl);
	if (err)
		return err;
	af.group = opts->outputs;
	if (opts->datadir && ((err = cscs_labels_load(&b.en, opts->datadir, "en", dl)) ||
			      (err = cscs_labels_load(&b.zh, opts->datadir, "zh", dl)) ||
			      (zh && (err = cscs_messages_load(&b.msg, opts->datadir, "zh", dl)))))
		goto fail;
	int fd = dup(af.fd);
	b.csv = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!b.csv) {
		if (fd >= 0)
			close(fd);
		cscs_diag_error(dl, path, 0, 0, "cannot write: %s", strerror(errno));
		err = CSCS_ERR_IO;
		goto fail;
	}
	fputs("\xEF\xBB\xBF", b.csv); /* without it Excel reads Chinese as mojibake */
	const char *names[N_PARTNER_COLS];
	static const double widths[N_PARTNER_COLS] = {0};
	for (size_t i = 0; i < N_PARTNER_COLS; i++)
		names[i] = tr(&b, partner_names[i][0], partner_names[i][1]);
	headings(&b, NULL, 0, names, widths, N_PARTNER_COLS);
	fputs("\r\n", b.csv);
	lxw_row_t r = 1;
	err = all_partner_rows(&b, NULL, &r, db, dl);
	if (!err && (b.words.oom || b.tmp.oom || b.masked.oom || b.said.oom))
		err = CSCS_ERR_NOMEM;
	bool bad = ferror(b.csv) != 0;
	if ((fclose(b.csv) != 0 || bad) && !err) {
		cscs_diag_error(dl, path, 0, 0, "cannot write output: the disk may be full");
		err = CSCS_ERR_IO;
	}
fail:
	cscs_buf_finish(&b.tmp);
	cscs_buf_finish(&b.masked);
	cscs_buf_finish(&b.words);
	cscs_buf_finish(&b.said);
	cscs_messages_free(b.msg);
	cscs_labels_destroy(b.en);
	cscs_labels_destroy(b.zh);
	if (err) {
		cscs_atomic_abort(&af);
		return err;
	}
	return cscs_atomic_commit(&af, dl);
}

/* ---- JSON ---- */

/* Scratch of the JSON writer. */
struct jtmp {
	struct cscs_buf masked; /* text with identity numbers masked */
	bool show;              /* show identity numbers */
};

static void json_string(FILE *f, const char *s, struct jtmp *tmp)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	/* Any value may hold one (a sole trader's code, a listed person's): masked unless shown. */
	if (!tmp->show)
		s = cscs_resident_id_mask_text(s, &tmp->masked);
	cscs_json_write_string(f, s, strlen(s));
}

/* Column col as a JSON value: number, string or null. */
static void json_column(FILE *f, sqlite3_stmt *st, int col, struct jtmp *tmp)
{
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_INTEGER:
		fprintf(f, "%lld", (long long)sqlite3_column_int64(st, col));
		break;
	case SQLITE_FLOAT:
		fprintf(f, "%.6g", sqlite3_column_double(st, col));
		break;
	case SQLITE_NULL:
		fputs("null", f);
		break;
	default:
		json_string(f, col_text(st, col), tmp);
	}
}

/* Columns first.. of the current row as "key": value pairs (NULL key: column skipped), no braces. */
static void json_fields(FILE *f, sqlite3_stmt *st, int first, const char *const *keys, int n,
	struct jtmp *tmp)
{
	bool any = false;
	for (int i = 0; i < n; i++) {
		if (!keys[i])
			continue;
		fprintf(f, "%s\"%s\": ", any ? ", " : "", keys[i]);
		json_column(f, st, first + i, tmp);
		any = true;
	}
}

/* The current row of st as an object. */
static void json_object(FILE *f, sqlite3_stmt *st, const char *const *keys, int n, struct jtmp *tmp)
{
	fputc('{', f);
	json_fields(f, st, 0, keys, n, tmp);
	fputc('}', f);
}

static const char match_columns[] =
	"m.list, m.list_entry_id, m.entry_name, e.uscc, m.score, m.band, m.rule, m.historical, m.explanation,"
	" f.path || ':' || e.src_line";
static const char *const match_keys[] = {
	"list", "entry_id", "entry_name", "entry_uscc", "score", "band", "rule", "historical", "explanation",
	"source",
};

static enum cscs_error json_subject(FILE *f, sqlite3 *db, const char *kind, const char *status,
				    struct jtmp *tmp, struct cscs_diag_list *dl)
{
	sqlite3_stmt *st;
	char sql[640];
	snprintf(sql, sizeof(sql),
		 "SELECT %s FROM screen_matches m LEFT JOIN list_entries e ON e.id = m.list_entry_id"
		 " LEFT JOIN source_files f ON f.id = e.src_file WHERE m.subject_kind = ? ORDER BY m.rank,"
		" m.id",
		 match_columns);
	enum cscs_error err = cscs_store_prepare(db, sql, &st, dl);
	if (err)
		return err;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	fputs("{\"status\": ", f);
	json_string(f, status, tmp);
	fputs(", \"matches\": [", f);
	for (int i = 0; sqlite3_step(st) == SQLITE_ROW; i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		json_object(f, st, match_keys, 10, tmp);
	}
	fputs("]}", f);
	sqlite3_finalize(st);
	return CSCS_OK;
}

static enum cscs_error write_json(FILE *f, sqlite3 *db, const struct cscs_screen_output_opts *o,
	struct jtmp *tmp,
				  struct cscs_diag_list *dl)
{
	sqlite3_stmt *st;
	enum cscs_error err = cscs_store_prepare(db,
		"SELECT as_of, screened_at, match_score, review_score, n_list_entries, index_built_at,"
		" n_partners,"
		" n_listed, n_review, n_matches, entity_status, legal_rep_status, n_not_screened,"
		" lists_incomplete FROM screen_info WHERE id = 1", &st, dl);
	if (err)
		return err;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		cscs_diag_error(dl, NULL, 0, 0, "no screening results to write: screen first");
		return CSCS_ERR_INPUT;
	}
	static const char *const info_keys[] = {
		"as_of", "screened_at", "match_score", "review_score", "list_entries", "index_built_at",
		"partners", "partners_listed", "partners_review", "matches", NULL, NULL,
		"partners_not_screened", "lists_incomplete",
	};
	struct cscs_buf env = CSCS_BUF_INIT;
	cscs_json_add_envelope(&env, "cscs-audit-screen", 1);
	if (env.oom) {
		cscs_buf_finish(&env);
		sqlite3_finalize(st);
		return CSCS_ERR_NOMEM;
	}
	fprintf(f, "{%s,\n \"screening\": ", cscs_buf_str(&env));
	cscs_buf_finish(&env);
	json_object(f, st, info_keys, 14, tmp);
	fputs(",\n \"partners_file\": ", f);
	json_string(f, o->partners, tmp);
	fputs(", \"lists\": ", f);
	json_string(f, o->lists, tmp);
	char entity[16], rep[16];
	snprintf(entity, sizeof(entity), "%s", col_text(st, 10) ? col_text(st, 10) : "");
	snprintf(rep, sizeof(rep), "%s", col_text(st, 11) ? col_text(st, 11) : "");
	sqlite3_finalize(st);

	fputs(",\n \"list_entries_by_list\": {", f);
	if ((err = cscs_store_prepare(db, "SELECT list, n_entries FROM list_index_lists ORDER BY list", &st,
		dl)))
		return err;
	for (int i = 0; sqlite3_step(st) == SQLITE_ROW; i++) {
		fputs(i ? ", " : "", f);
		json_string(f, col_text(st, 0), tmp);
		fprintf(f, ": %lld", (long long)sqlite3_column_int64(st, 1));
	}
	sqlite3_finalize(st);

	fputs("},\n \"exposure\": [", f);
	static const char *const exp_keys[] = {
		"list", "partners", "partners_listed", "partners_review", "partners_historical_only",
			"spend_total_fen",
		"spend_listed_fen", "spend_review_fen", "share_listed", "share_spend_listed",
	};
	if ((err = cscs_store_prepare(db,
			"SELECT list, n_partners, n_listed, n_review, n_historical, spend_total,"
			" spend_listed,"
			" spend_review, share_listed, share_spend_listed FROM screen_exposure"
			" ORDER BY list = '*' DESC, list", &st, dl)))
		return err;
	for (int i = 0; sqlite3_step(st) == SQLITE_ROW; i++) {
		fputs(i ? ",\n  " : "\n  ", f);
		json_object(f, st, exp_keys, 10, tmp);
	}
	sqlite3_finalize(st);

	fputs("],\n \"entity\": ", f);
	if ((err = json_subject(f, db, "entity", entity[0] ? entity : NULL, tmp, dl)))
		return err;
	fputs(",\n \"legal_rep\": ", f);
	if ((err = json_subject(f, db, "legal_rep", rep[0] ? rep : NULL, tmp, dl)))
		return err;

	/* partners not screened: "clear" needs every list read whole, and a name or a code */
	fputs(",\n \"partners_not_screened\": [", f);
	if ((err = cscs_store_prepare(db,
			"SELECT p.id, p.src_line, p.name, p.uscc, s.reason FROM partner_status s"
			" JOIN partners p ON p.id = s.partner_id WHERE s.status = 'not_screened' ORDER BY p.id",
			&st, dl)))
		return err;
	static const char *const not_screened_keys[] = {"id", "line", "name", "uscc", "reason"};
	for (int i = 0; sqlite3_step(st) == SQLITE_ROW; i++) {
		fputs(i ? ",\n  " : "\n  ", f);
		json_object(f, st, not_screened_keys, 5, tmp);
	}
	sqlite3_finalize(st);
	fputs("]", f);

	/* partners with a match, their matches in rank order */
	fputs(",\n \"partner_results\": [", f);
	char sql[1024];
	snprintf(sql, sizeof(sql),
		 "SELECT p.id, p.src_line, p.name, p.uscc, p.spend, s.status, s.lists, s.review_lists,"
		 " s.historical_lists, %s FROM screen_matches m JOIN partners p ON p.id = m.partner_id"
		 " LEFT JOIN partner_status s ON s.partner_id = p.id"
		 " LEFT JOIN list_entries e ON e.id = m.list_entry_id"
		 " LEFT JOIN source_files f ON f.id = e.src_file"
		 " WHERE m.subject_kind = 'partner' ORDER BY p.id, m.rank, m.id", match_columns);
	if ((err = cscs_store_prepare(db, sql, &st, dl)))
		return err;
	static const char *const partner_keys[] = {
		"id", "line", "name", "uscc", "spend_fen", "status", "lists", "review_lists",
			"historical_lists",
	};
	int64_t last = -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id != last) {
			fputs(last < 0 ? "\n  {" : "]},\n  {", f);
			json_fields(f, st, 0, partner_keys, 9, tmp);
			fputs(", \"matches\": [", f);
		} else {
			fputs(", ", f);
		}
		/* the match columns follow the partner's 9 */
		fputc('{', f);
		json_fields(f, st, 9, match_keys, 10, tmp);
		fputc('}', f);
		last = id;
	}
	if (last >= 0)
		fputs("]}", f);
	if (rc != SQLITE_DONE)
		err = cscs_store_error(db, rc, "reading matches", dl);
	sqlite3_finalize(st);
	fputs("\n ]\n}\n", f);
	return err;
}

enum cscs_error cscs_screen_write_json(sqlite3 *db, const char *path,
	const struct cscs_screen_output_opts *opts,
				       struct cscs_diag_list *dl)
{
	struct cscs_atomic_file af;
	struct jtmp tmp = {.masked = CSCS_BUF_INIT, .show = opts->show_personal_data};
	enum cscs_error err = cscs_atomic_begin(&af, path, opts->show_personal_data, dl);
	if (err)
		return err;
	af.group = opts->outputs;
	int fd = dup(af.fd);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		cscs_diag_error(dl, path, 0, 0, "cannot write: %s", strerror(errno));
		cscs_atomic_abort(&af);
		return CSCS_ERR_IO;
	}
	err = write_json(f, db, opts, &tmp, dl);
	cscs_buf_finish(&tmp.masked);
	if (fflush(f) != 0 || ferror(f)) {
		if (!err)
			cscs_diag_error(dl, path, 0, 0, "cannot write: %s", strerror(errno));
		err = err ? err : CSCS_ERR_IO;
	}
	fclose(f);
	if (err) {
		cscs_atomic_abort(&af);
		return err;
	}
	return cscs_atomic_commit(&af, dl);
}
