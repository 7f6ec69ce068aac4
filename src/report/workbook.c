/* The audit workbook: formats, sheets in order, written to a temporary file and renamed into place. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/fs.h"
#include "cscs/core/text.h"
#include "cscs/report/clean.h"
#include "cscs/report/report.h"
#include "cscs/report/sheet.h"
#include "cscs/trail/evidence.h"

#define NAVY 0x1F3864
#define GREY_TEXT 0x595959
#define RULE 0xD9D9D9

struct palette {
	lxw_color_t bg;   /* fill */
	lxw_color_t font; /* text */
	bool bold;        /* bold text */
};

static const struct palette sev_colors[CSCS_SEV_COUNT_] = {
	{0xC00000, 0xFFFFFF, true},  /* critical */
	{0xF8CBAD, 0x833C0B, true},  /* high */
	{0xFFE699, 0x7F6000, false}, /* medium */
	{0xDDEBF7, 0x1F4E78, false}, /* low */
	{0xEDEDED, 0x404040, false}, /* info */
};

static const struct palette status_colors[CSCS_ST_COUNT_] = {
	{0xFDE9E7, 0xC00000, true},  /* fail */
	{0xE8F5E9, 0x2E7D32, false}, /* pass */
	{0xFFFFFF, 0x7F7F7F, false}, /* not applicable */
	{0xFFF2CC, 0xB45F06, true},  /* insufficient data */
	{0xEFE3F7, 0x7030A0, true},  /* error */
	{0xF2F2F2, 0x595959, false}, /* waived */
};

static const lxw_color_t grade_colors[5] = {0x2E7D32, 0x7CB342, 0xF57C00, 0xC62828, 0x9E9E9E};

static lxw_format *base(struct cscs_rctx *rc, double size)
{
	lxw_format *f = workbook_add_format(rc->wb);
	if (!f)
		return NULL;
	/* Calibri has no CJK glyphs; Microsoft YaHei is on every Chinese Windows and WPS maps it. */
	format_set_font_name(f, rc->zh ? "Microsoft YaHei" : "Calibri");
	format_set_font_size(f, size);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	return f;
}

/* A table body cell: thin rule under it. */
static lxw_format *body(struct cscs_rctx *rc)
{
	lxw_format *f = base(rc, 10);
	if (f) {
		format_set_bottom(f, LXW_BORDER_THIN);
		format_set_bottom_color(f, RULE);
	}
	return f;
}

static bool make_formats(struct cscs_rctx *rc)
{
	lxw_format **F = rc->fmt;
	const char *money = "[$\xC2\xA5-804]#,##0.00;-[$\xC2\xA5-804]#,##0.00";
	F[RS_PLAIN] = base(rc, 10);

	F[RS_TITLE] = base(rc, 20);
	format_set_bold(F[RS_TITLE]);
	format_set_font_color(F[RS_TITLE], NAVY);
	format_set_align(F[RS_TITLE], LXW_ALIGN_VERTICAL_CENTER);

	F[RS_SUBTITLE] = base(rc, 13);
	format_set_bold(F[RS_SUBTITLE]);
	format_set_font_color(F[RS_SUBTITLE], 0x404040);
	format_set_align(F[RS_SUBTITLE], LXW_ALIGN_VERTICAL_CENTER);

	F[RS_META] = base(rc, 9);
	format_set_italic(F[RS_META]);
	format_set_font_color(F[RS_META], 0x7F7F7F);

	F[RS_SECTION] = base(rc, 12);
	format_set_bold(F[RS_SECTION]);
	format_set_font_color(F[RS_SECTION], NAVY);
	format_set_align(F[RS_SECTION], LXW_ALIGN_VERTICAL_BOTTOM);
	format_set_bottom(F[RS_SECTION], LXW_BORDER_MEDIUM);
	format_set_bottom_color(F[RS_SECTION], NAVY);

	F[RS_LABEL] = base(rc, 10);
	format_set_bold(F[RS_LABEL]);
	format_set_font_color(F[RS_LABEL], GREY_TEXT);
	format_set_text_wrap(F[RS_LABEL]);

	F[RS_VALUE] = base(rc, 10);
	format_set_text_wrap(F[RS_VALUE]);
	format_set_align(F[RS_VALUE], LXW_ALIGN_LEFT);

	F[RS_VALUE_DATE] = base(rc, 10);
	format_set_num_format(F[RS_VALUE_DATE], "yyyy-mm-dd");
	format_set_align(F[RS_VALUE_DATE], LXW_ALIGN_LEFT);

	F[RS_VALUE_INT] = base(rc, 10);
	format_set_num_format(F[RS_VALUE_INT], "#,##0");
	format_set_align(F[RS_VALUE_INT], LXW_ALIGN_LEFT);

	F[RS_VALUE_MONEY] = base(rc, 10);
	format_set_num_format(F[RS_VALUE_MONEY], money);
	format_set_align(F[RS_VALUE_MONEY], LXW_ALIGN_LEFT);

	F[RS_VALUE_DELTA] = base(rc, 10);
	format_set_num_format(F[RS_VALUE_DELTA], "+#,##0;-#,##0;0");
	format_set_bold(F[RS_VALUE_DELTA]);
	format_set_align(F[RS_VALUE_DELTA], LXW_ALIGN_LEFT);

	F[RS_VALUE_PCT] = base(rc, 10);
	format_set_num_format(F[RS_VALUE_PCT], "0.0%");
	format_set_align(F[RS_VALUE_PCT], LXW_ALIGN_LEFT);

	F[RS_HEADER] = base(rc, 10);
	format_set_bold(F[RS_HEADER]);
	format_set_font_color(F[RS_HEADER], 0xFFFFFF);
	format_set_bg_color(F[RS_HEADER], NAVY);
	format_set_text_wrap(F[RS_HEADER]);
	format_set_align(F[RS_HEADER], LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(F[RS_HEADER], LXW_BORDER_THIN);
	format_set_border_color(F[RS_HEADER], 0x8EA9DB);

	F[RS_HEADER_NUM] = base(rc, 10);
	format_set_bold(F[RS_HEADER_NUM]);
	format_set_font_color(F[RS_HEADER_NUM], 0xFFFFFF);
	format_set_bg_color(F[RS_HEADER_NUM], NAVY);
	format_set_text_wrap(F[RS_HEADER_NUM]);
	format_set_align(F[RS_HEADER_NUM], LXW_ALIGN_VERTICAL_CENTER);
	format_set_align(F[RS_HEADER_NUM], LXW_ALIGN_CENTER);
	format_set_border(F[RS_HEADER_NUM], LXW_BORDER_THIN);
	format_set_border_color(F[RS_HEADER_NUM], 0x8EA9DB);

	F[RS_TEXT] = body(rc);
	F[RS_WRAP] = body(rc);
	format_set_text_wrap(F[RS_WRAP]);
	F[RS_CODE] = body(rc);
	format_set_font_color(F[RS_CODE], 0x262626);
	F[RS_DATE] = body(rc);
	format_set_num_format(F[RS_DATE], "yyyy-mm-dd");
	format_set_align(F[RS_DATE], LXW_ALIGN_CENTER);
	F[RS_INT] = body(rc);
	format_set_num_format(F[RS_INT], "#,##0");
	F[RS_DAYS] = body(rc);
	format_set_num_format(F[RS_DAYS], "#,##0;[Red]-#,##0");
	format_set_align(F[RS_DAYS], LXW_ALIGN_CENTER);
	F[RS_PCT] = body(rc);
	format_set_num_format(F[RS_PCT], "0.0%");
	F[RS_MONEY] = body(rc);
	format_set_num_format(F[RS_MONEY], money);
	F[RS_LINK] = body(rc);
	format_set_font_color(F[RS_LINK], 0x0563C1);
	format_set_underline(F[RS_LINK], LXW_UNDERLINE_SINGLE);
	F[RS_LINK_WRAP] = body(rc);
	format_set_font_color(F[RS_LINK_WRAP], 0x0563C1);
	format_set_underline(F[RS_LINK_WRAP], LXW_UNDERLINE_SINGLE);
	format_set_text_wrap(F[RS_LINK_WRAP]);

	F[RS_INPUT] = base(rc, 10);
	format_set_bg_color(F[RS_INPUT], 0xFFF9E6);
	format_set_border(F[RS_INPUT], LXW_BORDER_THIN);
	format_set_border_color(F[RS_INPUT], 0xBFBFBF);
	format_set_text_wrap(F[RS_INPUT]);
	format_set_unlocked(F[RS_INPUT]);

	F[RS_TOTAL] = base(rc, 10);
	format_set_bold(F[RS_TOTAL]);
	format_set_top(F[RS_TOTAL], LXW_BORDER_THIN);
	F[RS_TOTAL_INT] = base(rc, 10);
	format_set_bold(F[RS_TOTAL_INT]);
	format_set_top(F[RS_TOTAL_INT], LXW_BORDER_THIN);
	format_set_num_format(F[RS_TOTAL_INT], "#,##0");

	F[RS_TOTAL_MONEY] = base(rc, 10);
	format_set_bold(F[RS_TOTAL_MONEY]);
	format_set_top(F[RS_TOTAL_MONEY], LXW_BORDER_THIN);
	format_set_num_format(F[RS_TOTAL_MONEY], money);
	F[RS_INT_BAD] = body(rc);
	format_set_bold(F[RS_INT_BAD]);
	format_set_font_color(F[RS_INT_BAD], 0xC00000);
	format_set_num_format(F[RS_INT_BAD], "#,##0");

	F[RS_SCORE] = base(rc, 22);
	format_set_bold(F[RS_SCORE]);
	format_set_font_color(F[RS_SCORE], NAVY);
	format_set_num_format(F[RS_SCORE], "0");
	format_set_align(F[RS_SCORE], LXW_ALIGN_CENTER);
	format_set_align(F[RS_SCORE], LXW_ALIGN_VERTICAL_CENTER);

	for (int g = 0; g < 5; g++) {
		lxw_format *f = base(rc, 20);
		format_set_bold(f);
		format_set_font_color(f, 0xFFFFFF);
		format_set_bg_color(f, grade_colors[g]);
		format_set_align(f, LXW_ALIGN_CENTER);
		format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
		F[RS_GRADE_A + g] = f;
	}
	for (int v = 0; v < CSCS_SEV_COUNT_; v++) {
		lxw_format *f = base(rc, 10);
		format_set_bg_color(f, sev_colors[v].bg);
		format_set_font_color(f, sev_colors[v].font);
		if (sev_colors[v].bold)
			format_set_bold(f);
		F[RS_SEV_CRITICAL + v] = f;
	}

	/* not a coloured letter: the grade is shown with the word "provisional" */
	F[RS_GRADE_PROVISIONAL] = base(rc, 11);
	format_set_bold(F[RS_GRADE_PROVISIONAL]);
	format_set_font_color(F[RS_GRADE_PROVISIONAL], 0x9C5700);
	format_set_bg_color(F[RS_GRADE_PROVISIONAL], 0xFFEB9C);
	format_set_text_wrap(F[RS_GRADE_PROVISIONAL]);
	format_set_align(F[RS_GRADE_PROVISIONAL], LXW_ALIGN_CENTER);
	format_set_align(F[RS_GRADE_PROVISIONAL], LXW_ALIGN_VERTICAL_CENTER);

	F[RS_NOTE] = base(rc, 9);
	format_set_italic(F[RS_NOTE]);
	format_set_font_color(F[RS_NOTE], GREY_TEXT);
	format_set_text_wrap(F[RS_NOTE]);
	format_set_top(F[RS_NOTE], LXW_BORDER_THIN);
	format_set_top_color(F[RS_NOTE], 0xBFBFBF);

	F[RS_KPI_LABEL] = base(rc, 8);
	format_set_bold(F[RS_KPI_LABEL]);
	format_set_font_color(F[RS_KPI_LABEL], 0x7F7F7F);
	format_set_align(F[RS_KPI_LABEL], LXW_ALIGN_CENTER);
	format_set_align(F[RS_KPI_LABEL], LXW_ALIGN_VERTICAL_BOTTOM);
	format_set_text_wrap(F[RS_KPI_LABEL]);
	F[RS_KPI_VALUE] = base(rc, 20);
	format_set_bold(F[RS_KPI_VALUE]);
	format_set_font_color(F[RS_KPI_VALUE], NAVY);
	format_set_num_format(F[RS_KPI_VALUE], "#,##0");
	format_set_align(F[RS_KPI_VALUE], LXW_ALIGN_CENTER);
	format_set_align(F[RS_KPI_VALUE], LXW_ALIGN_VERTICAL_CENTER);
	F[RS_KPI_BAD] = base(rc, 20);
	format_set_bold(F[RS_KPI_BAD]);
	format_set_font_color(F[RS_KPI_BAD], 0xC00000);
	format_set_num_format(F[RS_KPI_BAD], "#,##0");
	format_set_align(F[RS_KPI_BAD], LXW_ALIGN_CENTER);
	format_set_align(F[RS_KPI_BAD], LXW_ALIGN_VERTICAL_CENTER);

	F[RS_GOOD] = base(rc, 10);
	format_set_bold(F[RS_GOOD]);
	format_set_font_color(F[RS_GOOD], 0x2E7D32);
	format_set_num_format(F[RS_GOOD], "#,##0");
	format_set_align(F[RS_GOOD], LXW_ALIGN_LEFT);
	F[RS_BAD] = base(rc, 10);
	format_set_bold(F[RS_BAD]);
	format_set_font_color(F[RS_BAD], 0xC00000);
	format_set_num_format(F[RS_BAD], "#,##0");
	format_set_align(F[RS_BAD], LXW_ALIGN_LEFT);
	format_set_text_wrap(F[RS_BAD]);

	/* Conditional (differential) formats: colour and weight only. */
	for (int v = 0; v < CSCS_SEV_COUNT_; v++) {
		lxw_format *f = workbook_add_format(rc->wb);
		format_set_bg_color(f, sev_colors[v].bg);
		format_set_font_color(f, sev_colors[v].font);
		if (sev_colors[v].bold)
			format_set_bold(f);
		rc->cond[RC_SEV_CRITICAL + v] = f;
	}
	for (int s = 0; s < CSCS_ST_COUNT_; s++) {
		lxw_format *f = workbook_add_format(rc->wb);
		if (status_colors[s].bg != 0xFFFFFF)
			format_set_bg_color(f, status_colors[s].bg);
		format_set_font_color(f, status_colors[s].font);
		if (status_colors[s].bold)
			format_set_bold(f);
		rc->cond[RC_ST_FAIL + s] = f;
	}
	rc->cond[RC_DONE] = rc->cond[RC_ST_PASS];

	for (int i = 0; i < RS_COUNT_; i++)
		if (!F[i])
			return false;
	for (int i = 0; i < RC_COUNT_; i++)
		if (!rc->cond[i])
			return false;
	return true;
}

/* Big-endian 16 and 32-bit reads. */
static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

bool cscs_report_logo_scale(const char *path, int max_w, int max_h, double *scale)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	unsigned char buf[65536];
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	unsigned long w = 0, h = 0;
	if (n >= 24 && memcmp(buf, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(buf + 12, "IHDR", 4) == 0) {
		w = be32(buf + 16);
		h = be32(buf + 20);
	} else if (n >= 4 && buf[0] == 0xFF && buf[1] == 0xD8) {
		/* Walk the JPEG segments to the first start-of-frame marker. */
		size_t i = 2;
		while (i + 9 < n) {
			if (buf[i] != 0xFF) {
				i++;
				continue;
			}
			unsigned char marker = buf[i + 1];
			if (marker == 0xFF) {
				i++;
				continue;
			}
			if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
				h = be16(buf + i + 5);
				w = be16(buf + i + 7);
				break;
			}
			i += 2 + be16(buf + i + 2);
		}
	}
	if (w == 0 || h == 0)
		return false;
	double sx = (double)max_w / (double)w, sy = (double)max_h / (double)h;
	double s = sx < sy ? sx : sy;
	*scale = s < 1.0 ? s : 1.0;
	return true;
}

/* The folder part of path (for the temporary file and libxlsxwriter's scratch files). */
static char *folder_of(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return NULL;
	char *dir = strdup(dirname(copy));
	free(copy);
	return dir;
}

static void set_properties(struct cscs_rctx *rc)
{
	const struct cscs_report_model *m = rc->m;
	lxw_doc_properties props = {0};
	/* Text from the command line and the records: no control character reaches the XML. */
	struct cscs_buf title = CSCS_BUF_INIT, name = CSCS_BUF_INIT, author = CSCS_BUF_INIT;
	/* Masked first (an ID number in --title), each in its own buffer: the pointers must stay valid. */
	struct cscs_buf m_title = CSCS_BUF_INIT, m_name = CSCS_BUF_INIT, m_author = CSCS_BUF_INIT;
	bool show = rc->opts->show_personal_data;
	const char *t = rc->opts->title ? rc->opts->title : cscs_rlabel(rc, "summary.title");
	props.title = (char *)cscs_text_for_xml(show ? t : cscs_report_mask_text(t, &m_title), &title);
	props.subject = (char *)cscs_text_for_xml(show ? m->entity.name : cscs_report_mask_text(m->entity.name, &m_name),
						  &name);
	props.author = (char *)cscs_text_for_xml(show ? rc->opts->prepared_by
						      : cscs_report_mask_text(rc->opts->prepared_by, &m_author),
						 &author);
	props.company = props.subject;
	props.comments = (char *)cscs_rlabel(rc, "print.footer");
	props.keywords = (char *)"CSCS, social credit, self-audit";
	workbook_set_properties(rc->wb, &props);
	cscs_buf_finish(&title);
	cscs_buf_finish(&name);
	cscs_buf_finish(&author);
	cscs_buf_finish(&m_title);
	cscs_buf_finish(&m_name);
	cscs_buf_finish(&m_author);
}

enum cscs_error cscs_report_workbook(sqlite3 *db, int64_t run_id, const char *path,
				     const struct cscs_report_opts *opts, struct cscs_diag_list *dl)
{
	struct cscs_rctx rc;
	struct cscs_atomic_file af = {0};
	char *dir = NULL, *scratch = NULL;
	bool started = false;
	enum cscs_error err = cscs_rctx_init(&rc, db, run_id, opts, true, dl);
	if (err)
		return err;
	if (opts->logo && !cscs_report_logo_scale(opts->logo, 1, 1, &(double){0})) {
		/* Refuse before any output exists; libxlsxwriter would only say "unsupported". */
		FILE *f = fopen(opts->logo, "rb");
		if (!f)
			cscs_diag_error(dl, opts->logo, 0, 0, "cannot open the logo: %s", strerror(errno));
		else
			cscs_diag_error(dl, opts->logo, 0, 0, "the logo is not a PNG or JPEG image");
		if (f)
			fclose(f);
		err = CSCS_ERR_INPUT;
		goto out;
	}
	if (opts->evidence_href) {
		if (!(rc.evidence_href = strdup(opts->evidence_href))) {
			err = CSCS_ERR_NOMEM;
			goto out;
		}
	} else if ((err = cscs_evidence_href(path, opts->pack, &rc.evidence_href))) {
		goto out;
	}
	if ((err = cscs_atomic_begin(&af, path, opts->show_personal_data, dl)))
		goto out;
	af.group = opts->outputs;
	started = true;
	/* The temporary's folder: the output's, or $TMPDIR for a device or a pipe. */
	dir = folder_of(af.tmp);
	if (!dir) {
		err = CSCS_ERR_NOMEM;
		goto out;
	}
	/*
	 * Constant memory: each worksheet streams its rows to a scratch file in
	 * the output folder (in a scratch folder of ours there: a run killed
	 * while libxlsxwriter makes one leaves nothing loose beside the output). ZIP64 only for huge runs, whose sheets may pass
	 * 4 GB uncompressed; ordinary workbooks stay plain zip for old readers.
	 */
	bool huge = rc.m->n_open + rc.m->n_waived + rc.m->n_positive > 200000;
	scratch = cscs_fs_scratch_dir(dir);
	lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = scratch ? scratch : dir,
				   .use_zip64 = huge};
	/* libxlsxwriter's own "[ERROR]" lines are held back: the message below says it. */
	struct cscs_quiet quiet;
	cscs_quiet_begin(&quiet);
	rc.wb = workbook_new_opt(af.tmp, &wo);
	cscs_quiet_end(&quiet);
	if (!rc.wb) {
		cscs_diag_error(dl, path, 0, 0, "cannot start the workbook");
		err = CSCS_ERR_XLSX;
		goto out;
	}
	if (!make_formats(&rc)) {
		err = CSCS_ERR_NOMEM;
		goto close;
	}
	set_properties(&rc);

	const struct cscs_rsheet_def *defs = cscs_report_sheets();
	lxw_worksheet *ws[CSCS_SHEET_COUNT_] = {0};
	for (int k = 0; k < CSCS_SHEET_COUNT_; k++) {
		if (!cscs_report_sheet_present(rc.m, (enum cscs_rsheet_kind)k))
			continue;
		cscs_quiet_begin(&quiet);
		ws[k] = workbook_add_worksheet(rc.wb, cscs_rlabel(&rc, defs[k].label));
		cscs_quiet_end(&quiet);
		if (!ws[k]) {
			cscs_diag_error(dl, NULL, 0, 0, "cannot add the sheet '%s' (a label catalogue may name two sheets alike)",
					cscs_rlabel(&rc, defs[k].label));
			err = CSCS_ERR_XLSX;
			goto close;
		}
	}
	for (int k = 0; k < CSCS_SHEET_COUNT_ && !err; k++) {
		if (!ws[k])
			continue;
		struct cscs_rsheet sh;
		cscs_rsheet_init(&sh, &rc, cscs_rlabel(&rc, defs[k].label), ws[k], NULL);
		err = defs[k].write(&sh);
		enum cscs_error e2 = cscs_rsheet_finish(&sh);
		if (!err)
			err = e2;
	}
close:;
	/* Always close: it releases libxlsxwriter's scratch files even when the result is thrown away. */
	cscs_quiet_begin(&quiet);
	errno = 0;
	lxw_error le = workbook_close(rc.wb);
	int close_errno = errno;
	cscs_quiet_end(&quiet);
	if (le && !err) {
		if (close_errno == ENOSPC || close_errno == EDQUOT)
			cscs_diag_error(dl, path, 0, 0, "cannot write the workbook: the disk is full");
		else
			cscs_diag_error(dl, path, 0, 0, "cannot write the workbook: %s", lxw_strerror(le));
		err = le == LXW_ERROR_MEMORY_MALLOC_FAILED ? CSCS_ERR_NOMEM : CSCS_ERR_IO;
	}
	if (!err) {
		err = cscs_atomic_commit(&af, dl);
		started = false;
	}
out:
	if (started)
		cscs_atomic_abort(&af);
	cscs_fs_scratch_dir_remove(scratch);
	free(dir);
	free(rc.evidence_href);
	cscs_rctx_finish(&rc);
	return err;
}
