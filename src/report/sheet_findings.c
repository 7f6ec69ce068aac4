/* Sheets with a row per finding: Findings, Remediation plan, Deadlines. */
#include <inttypes.h>
#include <string.h>

#include "cscs/report/sheet.h"
#include "cscs/trail/track.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Days from the as-of date to a due date; false when either is not a date. */
static bool days_left(const struct cscs_report_model *m, const char *due, int64_t *out)
{
	cscs_date d;
	if (!m->as_of_ok || !due || !cscs_date_parse_iso(due, &d))
		return false;
	*out = (int64_t)d - (int64_t)m->as_of;
	return true;
}

static void write_days_left(struct cscs_rsheet *sh, uint32_t row, uint16_t col, const char *due)
{
	int64_t days;
	if (days_left(sh->rc->m, due, &days))
		cscs_rs_int(sh, row, col, days, RS_DAYS);
	else
		cscs_rs_text(sh, row, col, NULL, RS_DAYS);
}

/* Past the last row Excel holds: one row saying how many were left out. */
static void write_more_note(struct cscs_rsheet *sh, uint32_t row, int64_t left_out)
{
	char n[32];
	snprintf(n, sizeof(n), "%" PRId64, left_out);
	struct cscs_buf b = CSCS_BUF_INIT;
	const char *names[] = {"n"};
	const char *values[] = {n};
	cscs_labels_fill(sh->rc->labels, "note.rows_left_out", &b, names, values, 1);
	cscs_rs_text(sh, row, 0, cscs_buf_str(&b), RS_PLAIN);
	cscs_buf_finish(&b);
}

static void waiver_text(struct cscs_rctx *rc, const struct cscs_report_finding *f, struct cscs_buf *out)
{
	cscs_buf_reset(out);
	if (!f->waived)
		return;
	cscs_buf_adds(out, f->waiver_reason && *f->waiver_reason ? f->waiver_reason : cscs_rlabel(rc, "waiver.waived"));
	if (f->waiver_approver && *f->waiver_approver) {
		cscs_buf_adds(out, " \xC2\xB7 ");
		cscs_buf_adds(out, cscs_rlabel(rc, "waiver.approved_by"));
		cscs_buf_addc(out, ' ');
		cscs_buf_adds(out, f->waiver_approver);
	}
	if (f->waiver_expires_on && *f->waiver_expires_on) {
		cscs_buf_adds(out, " \xC2\xB7 ");
		cscs_buf_adds(out, cscs_rlabel(rc, "waiver.until"));
		cscs_buf_addc(out, ' ');
		cscs_buf_adds(out, f->waiver_expires_on);
	}
}

/*
 * The citation part of a check's basis, for the Findings sheet: the text
 * before its first ": " (where the shipped checklists end the citation and
 * start explaining), or the first 150 characters cut at a space. The whole
 * basis is on the Checks sheet, one link away; repeated in full on every
 * finding it made rows a screen tall.
 */
static const char *short_basis(const char *basis, struct cscs_buf *out)
{
	if (!basis)
		return NULL;
	const char *colon = strstr(basis, ": ");
	const char *wide = strstr(basis, "\xEF\xBC\x9A"); /* full-width colon */
	if (wide && (!colon || wide < colon))
		colon = wide;
	size_t chars = 0, cut = 0, last_space = 0;
	const char *p;
	for (p = basis; *p && (!colon || p < colon); p++) {
		if (((unsigned char)*p & 0xC0) == 0x80)
			continue;
		if (chars == 150)
			cut = (size_t)(p - basis);
		if (*p == ' ' && chars < 150)
			last_space = (size_t)(p - basis);
		chars++;
	}
	if (chars <= 160 && (colon || !*p))
		cut = (size_t)(p - basis);
	else if (last_space > 40)
		cut = last_space;
	if (!basis[cut])
		return basis;
	cscs_buf_reset(out);
	cscs_buf_add(out, basis, cut);
	while (out->len && (out->data[out->len - 1] == ',' || out->data[out->len - 1] == ' '))
		out->data[--out->len] = '\0';
	if (!colon || cut < (size_t)(colon - basis))
		cscs_buf_adds(out, "\xE2\x80\xA6");
	return cscs_buf_str(out);
}

static void check_link(struct cscs_rsheet *sh, uint32_t row, uint16_t col, const struct cscs_report_check *c)
{
	if (c->synthetic || c->checks_row == 0)
		cscs_rs_text(sh, row, col, c->check_id, RS_CODE);
	else
		cscs_rs_link(sh, row, col, c->check_id, cscs_rlabel(sh->rc, "sheet.checks"), c->checks_row, RS_LINK);
}

/*
 * The evidence files finding_id's record names (finding_evidence), as text
 * "a.pdf; b.jpg" into files, and the first one's link, relative to the
 * workbook, into target (empty when the workbook has no pack to link to).
 */
static enum cscs_error evidence_files(struct cscs_rsheet *sh, sqlite3_stmt *st, int64_t finding_id,
				      struct cscs_buf *files, struct cscs_buf *target)
{
	const char *href = sh->rc->evidence_href;
	cscs_buf_reset(files);
	cscs_buf_reset(target);
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, finding_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 0);
		if (!path)
			continue;
		if (files->len)
			cscs_buf_adds(files, "; ");
		cscs_buf_adds(files, path);
		if (href && !target->len)
			cscs_buf_addf(target, "%s%s", href, path);
	}
	if (rc != SQLITE_DONE)
		return cscs_store_error(sh->rc->db, rc, "reading the evidence of a finding", sh->rc->dl);
	return files->oom || target->oom ? CSCS_ERR_NOMEM : CSCS_OK;
}

enum cscs_error cscs_sheet_findings(struct cscs_rsheet *sh)
{
	struct cscs_rctx *rc = sh->rc;
	const struct cscs_report_model *m = rc->m;
	static const char *const keys[] = {
		"col.check_id", "col.area", "col.severity", "col.title", "col.subject", "col.detail",
		"col.due_date", "col.days_left", "col.basis", "col.remedy", "col.source", "col.evidence",
		"col.waiver", "col.change", "col.evidence_files",
	};
	static const double widths[] = {10, 14, 9, 28, 22, 34, 10.5, 7, 24, 38, 16, 26, 20, 7, 34};
	static const bool numeric[] = {0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0};
	int64_t total = m->n_open + m->n_waived + m->n_positive;
	cscs_rs_table(sh, keys, widths, N(keys), (uint32_t)(total > CSCS_RS_MAX_ROW ? CSCS_RS_MAX_ROW : total),
		      numeric);
	cscs_rs_cond_severity(sh, 2, (uint32_t)(total > CSCS_RS_MAX_ROW ? CSCS_RS_MAX_ROW : total));
	if (sh->ws) {
		/*
		 * Printed: the finding through its remedy (A..J), on A4 at about
		 * 72 %; source, evidence and change are on screen. With waived
		 * findings the print runs to the waiver (A..M, about 55 %): a
		 * waived finding never prints as if it were open.
		 */
		worksheet_print_area(sh->ws, 0, 0, (lxw_row_t)(total > CSCS_RS_MAX_ROW ? CSCS_RS_MAX_ROW : total),
				     m->n_waived ? 12 : 9);
		worksheet_set_paper(sh->ws, 9);
	}

	struct cscs_report_iter it;
	struct cscs_report_finding f;
	struct cscs_buf src = CSCS_BUF_INIT, ev = CSCS_BUF_INIT, waiver = CSCS_BUF_INIT, basis_buf = CSCS_BUF_INIT;
	struct cscs_buf files = CSCS_BUF_INIT, target = CSCS_BUF_INIT;
	sqlite3_stmt *ev_files;
	enum cscs_error err = cscs_store_prepare(rc->db, "SELECT path FROM finding_evidence WHERE finding_id = ?"
					 " ORDER BY path", &ev_files, rc->dl);
	if (err)
		return err;
	if ((err = cscs_report_iter_start(&it, m, CSCS_ORDER_SEVERITY, rc->dl))) {
		sqlite3_finalize(ev_files);
		return err;
	}
	uint32_t row = 0;
	int64_t left_out = 0;
	int r;
	while ((r = cscs_report_iter_next(&it, &f, rc->dl)) == 1) {
		if (row >= CSCS_RS_MAX_ROW) {
			left_out++;
			continue;
		}
		row++;
		const struct cscs_report_check *c = f.check;
		const char *title = cscs_report_check_title(rc, c);
		const char *remedy = cscs_report_check_remedy(rc, c);
		const char *evidence = cscs_report_evidence_text(rc, f.evidence, &ev);
		const char *area = cscs_rlabel_of(rc, "area.", c->area);
		const char *basis = short_basis(cscs_report_check_basis(rc, c), &basis_buf);
		waiver_text(rc, &f, &waiver);
		if ((err = evidence_files(sh, ev_files, f.id, &files, &target)))
			break;
		if (sh->ws) {
			const char *texts[] = {area, title, f.subject_shown, f.detail, basis, remedy, evidence,
					       cscs_buf_str(&waiver), cscs_buf_str(&files)};
			const double w[] = {widths[1], widths[3], widths[4], widths[5], widths[8], widths[9], widths[11],
					    widths[12], widths[14]};
			cscs_rs_fit_row(sh, row, texts, w, N(texts));
		}
		check_link(sh, row, 0, c);
		cscs_rs_text(sh, row, 1, area, RS_WRAP);
		cscs_rs_text(sh, row, 2, cscs_rlabel_of(rc, "sev.", c->severity), RS_TEXT);
		cscs_rs_text(sh, row, 3, title, RS_WRAP);
		cscs_rs_data(sh, row, 4, f.subject_shown, RS_WRAP);
		cscs_rs_data(sh, row, 5, f.detail, RS_WRAP);
		cscs_rs_date(sh, row, 6, f.due_date, RS_DATE);
		write_days_left(sh, row, 7, f.due_date);
		cscs_rs_text(sh, row, 8, basis, RS_WRAP);
		cscs_rs_text(sh, row, 9, remedy, RS_WRAP);
		cscs_rs_text(sh, row, 10, cscs_report_source(f.source_file, f.source_line, &src), RS_CODE);
		cscs_rs_text(sh, row, 11, evidence, RS_WRAP);
		cscs_rs_data(sh, row, 12, cscs_buf_str(&waiver), RS_WRAP);
		cscs_rs_text(sh, row, 13, f.is_new ? cscs_rlabel(rc, "finding.new") : NULL, RS_TEXT);
		cscs_rs_file_link(sh, row, 14, cscs_buf_str(&files), target.len ? cscs_buf_str(&target) : NULL,
				  RS_LINK_WRAP);
	}
	sqlite3_finalize(ev_files);
	cscs_report_iter_finish(&it);
	if (err)
		;
	else if (r < 0)
		err = CSCS_ERR_DB;
	else if (left_out)
		write_more_note(sh, row + 1, left_out);
	else if (row == 0 && sh->ws)
		cscs_rs_text(sh, 1, 0, cscs_rlabel(rc, "findings.none"), RS_PLAIN);
	cscs_buf_finish(&src);
	cscs_buf_finish(&ev);
	cscs_buf_finish(&waiver);
	cscs_buf_finish(&basis_buf);
	cscs_buf_finish(&files);
	cscs_buf_finish(&target);
	return err;
}

enum cscs_error cscs_sheet_remediation(struct cscs_rsheet *sh)
{
	struct cscs_rctx *rc = sh->rc;
	const struct cscs_report_model *m = rc->m;
	static const char *const keys[] = {
		"col.due_date", "col.days_left", "col.severity", "col.check_id", "col.title", "col.subject",
		"col.action", "col.owner", "col.status", "col.notes", "col.target_date", "col.plan_key",
	};
	static const double widths[] = {10.5, 7, 9, 10, 28, 22, 38, 14, 12, 26, 11, 24};
	static const bool numeric[] = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	int64_t total = m->n_open + m->n_waived + m->n_positive;
	uint32_t n_rows = (uint32_t)(total > CSCS_RS_MAX_ROW ? CSCS_RS_MAX_ROW : total);
	cscs_rs_table(sh, keys, widths, N(keys), n_rows, numeric);
	cscs_rs_cond_severity(sh, 2, n_rows);

	const char *st_open = cscs_rlabel(rc, "plan.open");
	const char *st_progress = cscs_rlabel(rc, "plan.in_progress");
	const char *st_done = cscs_rlabel(rc, "plan.done");
	const char *st_waived = cscs_rlabel(rc, "plan.waived");
	cscs_rs_cond_equal(sh, 8, n_rows, st_done, RC_ST_PASS);
	cscs_rs_cond_equal(sh, 8, n_rows, st_progress, RC_ST_INSUFFICIENT);
	cscs_rs_cond_equal(sh, 8, n_rows, st_waived, RC_ST_WAIVED);
	/* cppcheck-suppress knownConditionTrueFalse ; false positive: n_rows counts the findings cscs_rs_table wrote */
	if (sh->ws && n_rows > 0) {
		/* The officer works the plan in the workbook: a dropdown, and colour as rows get done. */
		const char *list[] = {st_open, st_progress, st_done, st_waived, NULL};
		lxw_data_validation dv = {0};
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = (char **)list;
		dv.show_error = LXW_VALIDATION_ON;
		dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
		dv.error_title = (char *)cscs_rlabel(rc, "plan.invalid_title");
		dv.error_message = (char *)cscs_rlabel(rc, "plan.invalid_message");
		lxw_error e = worksheet_data_validation_range(sh->ws, 1, 8, n_rows, 8, &dv);
		if (e && !sh->lxw_err)
			sh->lxw_err = e;

		/*
		 * The Key column (the finding's fingerprint) is how 'cscs-audit track'
		 * matches a filled plan back to the findings: the sheet is protected
		 * with only the Owner, Status, Notes and Target date cells open to edit
		 * (sorting and filtering stay allowed), so a round trip cannot break it.
		 */
		lxw_protection prot = {0};
		prot.autofilter = 1;
		prot.sort = 1;
		prot.format_columns = 1;
		prot.format_rows = 1;
		prot.no_select_locked_cells = 0;
		worksheet_protect(sh->ws, NULL, &prot);
	}

	/* What the plan already holds for this run (read back, or carried from the previous run). */
	sqlite3_stmt *plan = NULL;
	if (sqlite3_prepare_v2(rc->db,
			       "SELECT owner, status, target_on, notes FROM plan_items WHERE run_id = ? AND fingerprint = ?",
			       -1, &plan, NULL) != SQLITE_OK) {
		cscs_diag_error(rc->dl, NULL, 0, 0, "reading the remediation plan: %s", sqlite3_errmsg(rc->db));
		return CSCS_ERR_DB;
	}
	const char *st_words[] = {"open", "in_progress", "done", "waived"};
	const char *st_shown[] = {st_open, st_progress, st_done, st_waived};

	struct cscs_report_iter it;
	struct cscs_report_finding f;
	enum cscs_error err = cscs_report_iter_start(&it, m, CSCS_ORDER_DUE, rc->dl);
	if (err) {
		sqlite3_finalize(plan);
		return err;
	}
	uint32_t row = 0;
	int64_t left_out = 0;
	int r;
	while ((r = cscs_report_iter_next(&it, &f, rc->dl)) == 1) {
		if (row >= CSCS_RS_MAX_ROW) {
			left_out++;
			continue;
		}
		row++;
		const struct cscs_report_check *c = f.check;
		const char *title = cscs_report_check_title(rc, c);
		const char *remedy = cscs_report_check_remedy(rc, c);
		sqlite3_reset(plan);
		sqlite3_bind_int64(plan, 1, m->run_id);
		sqlite3_bind_text(plan, 2, f.fingerprint, -1, SQLITE_STATIC);
		bool planned = sqlite3_step(plan) == SQLITE_ROW;
		const char *owner = planned ? (const char *)sqlite3_column_text(plan, 0) : NULL;
		const char *status = f.waived ? st_waived : st_open;
		const char *word = planned ? (const char *)sqlite3_column_text(plan, 1) : NULL;
		for (size_t i = 0; word && i < N(st_words); i++)
			if (strcmp(word, st_words[i]) == 0)
				status = st_shown[i];
		const char *target = planned ? (const char *)sqlite3_column_text(plan, 2) : NULL;
		const char *notes = planned ? (const char *)sqlite3_column_text(plan, 3) : NULL;
		if (sh->ws) {
			const char *texts[] = {title, f.subject_shown, remedy, notes};
			const double w[] = {widths[4], widths[5], widths[6], widths[9]};
			cscs_rs_fit_row(sh, row, texts, w, N(texts));
		}
		cscs_rs_date(sh, row, 0, f.due_date, RS_DATE);
		write_days_left(sh, row, 1, f.due_date);
		cscs_rs_text(sh, row, 2, cscs_rlabel_of(rc, "sev.", c->severity), RS_TEXT);
		check_link(sh, row, 3, c);
		cscs_rs_text(sh, row, 4, title, RS_WRAP);
		cscs_rs_data(sh, row, 5, f.subject_shown, RS_WRAP);
		cscs_rs_text(sh, row, 6, remedy, RS_WRAP);
		cscs_rs_data(sh, row, 7, owner, RS_INPUT);
		cscs_rs_text(sh, row, 8, status, RS_INPUT);
		cscs_rs_data(sh, row, 9, notes, RS_INPUT);
		cscs_rs_text(sh, row, 10, target, RS_INPUT);
		char key[CSCS_PLAN_KEY_LEN];
		cscs_rs_text(sh, row, 11, cscs_plan_key(f.fingerprint, key), RS_CODE);
	}
	cscs_report_iter_finish(&it);
	sqlite3_finalize(plan);
	if (r < 0)
		return CSCS_ERR_DB;
	if (left_out)
		write_more_note(sh, row + 1, left_out);
	return CSCS_OK;
}

enum cscs_error cscs_sheet_deadlines(struct cscs_rsheet *sh)
{
	struct cscs_rctx *rc = sh->rc;
	const struct cscs_report_model *m = rc->m;
	static const char *const keys[] = {
		"col.due_date", "col.days_left", "col.severity", "col.check_id", "col.area", "col.title",
		"col.subject", "col.detail",
	};
	static const double widths[] = {10.5, 7, 9, 10, 14, 32, 26, 42};
	static const bool numeric[] = {1, 1, 0, 0, 0, 0, 0, 0};
	uint32_t n_rows = (uint32_t)(m->n_deadlines > CSCS_RS_MAX_ROW ? CSCS_RS_MAX_ROW : m->n_deadlines);
	cscs_rs_table(sh, keys, widths, N(keys), n_rows, numeric);
	cscs_rs_cond_severity(sh, 2, n_rows);

	struct cscs_report_iter it;
	struct cscs_report_finding f;
	enum cscs_error err = cscs_report_iter_start(&it, m, CSCS_ORDER_DEADLINES, rc->dl);
	if (err)
		return err;
	uint32_t row = 0;
	int64_t left_out = 0;
	int r;
	while ((r = cscs_report_iter_next(&it, &f, rc->dl)) == 1) {
		if (row >= CSCS_RS_MAX_ROW) {
			left_out++;
			continue;
		}
		row++;
		const struct cscs_report_check *c = f.check;
		const char *title = cscs_report_check_title(rc, c);
		const char *area = cscs_rlabel_of(rc, "area.", c->area);
		if (sh->ws) {
			const char *texts[] = {area, title, f.subject_shown, f.detail};
			const double w[] = {widths[4], widths[5], widths[6], widths[7]};
			cscs_rs_fit_row(sh, row, texts, w, N(texts));
		}
		cscs_rs_date(sh, row, 0, f.due_date, RS_DATE);
		write_days_left(sh, row, 1, f.due_date);
		cscs_rs_text(sh, row, 2, cscs_rlabel_of(rc, "sev.", c->severity), RS_TEXT);
		check_link(sh, row, 3, c);
		cscs_rs_text(sh, row, 4, area, RS_WRAP);
		cscs_rs_text(sh, row, 5, title, RS_WRAP);
		cscs_rs_data(sh, row, 6, f.subject_shown, RS_WRAP);
		cscs_rs_data(sh, row, 7, f.detail, RS_WRAP);
	}
	cscs_report_iter_finish(&it);
	if (r < 0)
		return CSCS_ERR_DB;
	if (left_out)
		write_more_note(sh, row + 1, left_out);
	if (row == 0 && sh->ws) {
		char days[16];
		snprintf(days, sizeof(days), "%d", m->horizon_days);
		struct cscs_buf b = CSCS_BUF_INIT;
		const char *names[] = {"days"};
		const char *values[] = {days};
		cscs_labels_fill(rc->labels, "deadlines.none", &b, names, values, 1);
		cscs_rs_text(sh, 1, 0, cscs_buf_str(&b), RS_PLAIN);
		cscs_buf_finish(&b);
	}
	return CSCS_OK;
}
