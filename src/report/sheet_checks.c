/* Sheets about the run rather than its findings: Checks, Data quality, Partners, Run info. */
#include <inttypes.h>
#include <string.h>

#include "cscs/report/clean.h"
#include "cscs/report/sheet.h"
#include "cscs/trail/seal.h"
#include "cscs/store/store.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/*
 * A result's reason in the report's language: the engine words it in English,
 * the message catalogue (templates/labels/messages.LANG.tsv) in another
 * language (the record types and columns named stay as the records name them).
 */
static void add_reason(struct cscs_rctx *rc, const char *reason, struct cscs_buf *out)
{
	cscs_messages_put(rc->messages, reason, out);
}

enum cscs_error cscs_sheet_checks(struct cscs_rsheet *sh)
{
	struct cscs_rctx *rc = sh->rc;
	const struct cscs_report_model *m = rc->m;
	static const char *const keys[] = {
		"col.check_id", "col.area", "col.severity", "col.title", "col.result", "col.reason",
		"col.open_findings", "col.waived_findings", "col.deduction", "col.cap", "col.basis", "col.remedy",
		"col.in_force", "col.override", "col.checklist",
	};
	static const double widths[] = {10, 14, 9, 30, 13, 34, 8, 8, 8, 8, 60, 40, 20, 24, 24};
	static const bool numeric[] = {0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0};
	uint32_t n_rows = (uint32_t)m->n_checks;
	cscs_rs_table(sh, keys, widths, N(keys), n_rows, numeric);
	cscs_rs_cond_severity(sh, 2, n_rows);
	cscs_rs_cond_status(sh, 4, n_rows);
	struct cscs_buf b = CSCS_BUF_INIT;
	for (size_t i = 0; i < m->n_checks; i++) {
		const struct cscs_report_check *c = &m->checks[i];
		uint32_t row = c->checks_row;
		const char *area = cscs_rlabel_of(rc, "area.", c->area);
		const char *title = cscs_report_check_title(rc, c);
		const char *status = cscs_rlabel_of(rc, "status.", c->status);
		const char *remedy = cscs_report_check_remedy(rc, c);
		cscs_buf_reset(&b);
		if (c->reason)
			add_reason(rc, c->reason, &b);
		if (c->original_status && c->status_idx == CSCS_ST_WAIVED) {
			if (b.len)
				cscs_buf_addc(&b, ' ');
			cscs_buf_addf(&b, "(%s %s)", cscs_rlabel(rc, "checks.was"),
				      cscs_rlabel_of(rc, "status.", c->original_status));
		}
		if (c->synthetic)
			cscs_buf_adds(&b, cscs_rlabel(rc, "checks.no_result"));
		if (sh->ws) {
			const char *texts[] = {area, title, status, cscs_buf_str(&b), cscs_report_check_basis(rc, c), remedy,
					       c->override};
			const double w[] = {widths[1], widths[3], widths[4], widths[5], widths[10], widths[11], widths[13]};
			cscs_rs_fit_row(sh, row, texts, w, N(texts));
		}
		cscs_rs_text(sh, row, 0, c->check_id, RS_CODE);
		cscs_rs_text(sh, row, 1, area, RS_WRAP);
		cscs_rs_text(sh, row, 2, cscs_rlabel_of(rc, "sev.", c->severity), RS_TEXT);
		cscs_rs_text(sh, row, 3, title, RS_WRAP);
		cscs_rs_text(sh, row, 4, status, RS_WRAP);
		cscs_rs_data(sh, row, 5, cscs_buf_str(&b), RS_WRAP);
		cscs_rs_int(sh, row, 6, c->n_open, RS_INT);
		cscs_rs_int(sh, row, 7, c->n_waived, RS_INT);
		cscs_rs_int(sh, row, 8, c->deduction, RS_INT);
		cscs_rs_text(sh, row, 9, c->cap, RS_TEXT);
		cscs_rs_text(sh, row, 10, cscs_report_check_basis(rc, c), RS_WRAP);
		cscs_rs_text(sh, row, 11, remedy, RS_WRAP);
		cscs_buf_reset(&b);
		if (c->effective_from || c->effective_to)
			cscs_buf_addf(&b, "%s \xE2\x80\x93 %s", c->effective_from ? c->effective_from : "",
				      c->effective_to ? c->effective_to : "");
		cscs_rs_text(sh, row, 12, cscs_buf_str(&b), RS_TEXT);
		cscs_rs_text(sh, row, 13, c->override, RS_WRAP);
		cscs_rs_text(sh, row, 14, cscs_report_source(c->checklist_file, c->checklist_line, &b), RS_CODE);
	}
	cscs_buf_finish(&b);
	return CSCS_OK;
}

enum cscs_error cscs_sheet_data_quality(struct cscs_rsheet *sh)
{
	struct cscs_rctx *rc = sh->rc;
	const struct cscs_report_model *m = rc->m;
	static const char *const keys[] = {
		"col.file", "col.line", "col.column", "col.value", "col.level", "col.reason",
	};
	static const double widths[] = {30, 8, 20, 30, 12, 60};
	static const bool numeric[] = {0, 1, 0, 0, 0, 0};
	int64_t total = m->n_issues[0] + m->n_issues[1] + m->n_issues[2];
	uint32_t n_rows = (uint32_t)(total > CSCS_RS_MAX_ROW ? CSCS_RS_MAX_ROW : total);
	cscs_rs_table(sh, keys, widths, N(keys), n_rows, numeric);
	cscs_rs_cond_equal(sh, 4, n_rows, cscs_rlabel(rc, "level.rejected"), RC_ST_FAIL);
	cscs_rs_cond_equal(sh, 4, n_rows, cscs_rlabel(rc, "level.flagged"), RC_ST_INSUFFICIENT);
	cscs_rs_cond_equal(sh, 4, n_rows, cscs_rlabel(rc, "level.unknown"), RC_ST_INSUFFICIENT);

	sqlite3_stmt *st;
	enum cscs_error err = cscs_store_prepare(m->db, CSCS_REPORT_ISSUES_SQL, &st, rc->dl);
	if (err)
		return err;
	if (m->import_id)
		sqlite3_bind_int64(st, 1, m->import_id);
	struct cscs_buf col = CSCS_BUF_INIT, masked = CSCS_BUF_INIT, said = CSCS_BUF_INIT;
	uint32_t row = 0;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW && row < CSCS_RS_MAX_ROW) {
		row++;
		const char *column_name = (const char *)sqlite3_column_text(st, 3);
		const char *value = (const char *)sqlite3_column_text(st, 4);
		cscs_buf_reset(&said);
		cscs_messages_put(rc->messages, (const char *)sqlite3_column_text(st, 6), &said);
		const char *reason = said.len ? cscs_buf_str(&said) : NULL;
		if (sh->ws) {
			const char *texts[] = {(const char *)sqlite3_column_text(st, 0), value, reason};
			const double w[] = {widths[0], widths[3], widths[5]};
			cscs_rs_fit_row(sh, row, texts, w, N(texts));
		}
		cscs_rs_text(sh, row, 0, (const char *)sqlite3_column_text(st, 0), RS_WRAP);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			cscs_rs_int(sh, row, 1, sqlite3_column_int64(st, 1), RS_INT);
		else
			cscs_rs_text(sh, row, 1, NULL, RS_INT);
		cscs_buf_reset(&col);
		if (column_name)
			cscs_buf_adds(&col, column_name);
		if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
			char n[24];
			snprintf(n, sizeof(n), "%" PRId64, (int64_t)sqlite3_column_int64(st, 2));
			const char *names[] = {"n"};
			const char *values[] = {n};
			cscs_buf_adds(&col, col.len ? " (" : "(");
			cscs_labels_fill(rc->labels, "dq.col", &col, names, values, 1);
			cscs_buf_addc(&col, ')');
		}
		cscs_rs_text(sh, row, 2, cscs_buf_str(&col), RS_TEXT);
		if (value && !rc->opts->show_personal_data && cscs_report_is_id_key(column_name) &&
		    cscs_report_is_resident_id(value))
			cscs_rs_text(sh, row, 3, cscs_report_mask_id(value, &masked), RS_WRAP);
		else
			cscs_rs_data(sh, row, 3, value, RS_WRAP);
		cscs_rs_text(sh, row, 4, cscs_rlabel_of(rc, "level.", (const char *)sqlite3_column_text(st, 5)),
			     RS_TEXT);
		cscs_rs_data(sh, row, 5, reason, RS_WRAP);
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		err = cscs_store_error(m->db, r, "reading data issues", rc->dl);
	sqlite3_finalize(st);
	cscs_buf_finish(&col);
	cscs_buf_finish(&masked);
	cscs_buf_finish(&said);
	if (!err && row == 0 && sh->ws)
		cscs_rs_text(sh, 1, 0, cscs_rlabel(rc, "dq.none"), RS_PLAIN);
	return err;
}

/* "serious_illegal,judgment_defaulter" in the report language. */
static const char *list_names(struct cscs_rctx *rc, const char *lists, struct cscs_buf *out)
{
	cscs_buf_reset(out);
	while (lists && *lists) {
		const char *comma = strchr(lists, ',');
		size_t n = comma ? (size_t)(comma - lists) : strlen(lists);
		char name[96];
		while (n && *lists == ' ') {
			lists++;
			n--;
		}
		if (n && n < sizeof(name)) {
			memcpy(name, lists, n);
			name[n] = '\0';
			if (out->len)
				cscs_buf_adds(out, rc->zh ? "、" : ", ");
			cscs_buf_adds(out, cscs_rlabel_of(rc, "list.", name));
		}
		lists = comma ? comma + 1 : NULL;
	}
	return cscs_buf_str(out);
}

/*
 * The files of the pack's evidence/ (pack_evidence) a record's evidence
 * column names ("a.pdf; scans/x-?.jpg"), as text into files, and the first
 * one's link relative to the workbook into target (empty without a pack).
 */
static enum cscs_error record_evidence(struct cscs_rsheet *sh, sqlite3_stmt *ev, const char *named,
				       struct cscs_buf *files, struct cscs_buf *target)
{
	const char *href = sh->rc->evidence_href;
	cscs_buf_reset(files);
	cscs_buf_reset(target);
	struct cscs_buf name = CSCS_BUF_INIT;
	for (const char *p = named; p && *p;) {
		size_t n = strcspn(p, ";");
		const char *s = p, *e = p + n;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (strncmp(s, "evidence/", 9) == 0 && e > s + 9)
			s += 9;
		cscs_buf_reset(&name);
		cscs_buf_add(&name, s, (size_t)(e - s));
		p += n + (p[n] == ';');
		if (name.oom)
			break;
		if (!name.len)
			continue;
		sqlite3_reset(ev);
		sqlite3_bind_text(ev, 1, cscs_buf_str(&name), -1, SQLITE_STATIC);
		while (sqlite3_step(ev) == SQLITE_ROW) {
			const char *path = (const char *)sqlite3_column_text(ev, 0);
			if (!path)
				continue;
			cscs_buf_addf(files, "%s%s", files->len ? "; " : "", path);
			if (href && !target->len)
				cscs_buf_addf(target, "%s%s", href, path);
		}
	}
	bool oom = name.oom || files->oom || target->oom;
	cscs_buf_finish(&name);
	return oom ? CSCS_ERR_NOMEM : CSCS_OK;
}

enum cscs_error cscs_sheet_partners(struct cscs_rsheet *sh)
{
	struct cscs_rctx *rc = sh->rc;
	const struct cscs_report_model *m = rc->m;
	static const char *const keys[] = {
		"col.partner", "col.uscc", "col.country", "col.role", "col.spend", "col.contract_end",
		"col.screening", "col.lists", "col.best_score", "col.matched_entry", "col.matched_rep",
		"col.explanation", "col.evidence_files",
	};
	static const double widths[] = {28, 20, 8, 11, 15, 11, 11, 22, 7, 34, 22, 38, 34};
	static const bool numeric[] = {0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0};
	/* Partners without a status row are listed too (not screened). */
	sqlite3_stmt *st;
	char sql[2048];
	cscs_report_partner_sql(m, sql, sizeof(sql));
	enum cscs_error err = cscs_store_prepare(m->db, "SELECT count(*) FROM partners", &st, rc->dl);
	if (err)
		return err;
	int64_t total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	uint32_t n_rows = (uint32_t)(total > CSCS_RS_MAX_ROW ? CSCS_RS_MAX_ROW : total);
	cscs_rs_table(sh, keys, widths, N(keys), n_rows, numeric);
	cscs_rs_cond_equal(sh, 6, n_rows, cscs_rlabel(rc, "screen.listed"), RC_ST_FAIL);
	cscs_rs_cond_equal(sh, 6, n_rows, cscs_rlabel(rc, "screen.review"), RC_ST_INSUFFICIENT);
	cscs_rs_cond_equal(sh, 6, n_rows, cscs_rlabel(rc, "screen.clear"), RC_ST_PASS);
	cscs_rs_cond_equal(sh, 6, n_rows, cscs_rlabel(rc, "screen.not_screened"), RC_ST_INSUFFICIENT);

	sqlite3_stmt *ev;
	if ((err = cscs_store_prepare(m->db, "SELECT path FROM pack_evidence WHERE path GLOB ?1 OR path GLOB '*/' || ?1"
				      " ORDER BY path", &ev, rc->dl)))
		return err;
	if ((err = cscs_store_prepare(m->db, sql, &st, rc->dl))) {
		sqlite3_finalize(ev);
		return err;
	}
	struct cscs_buf b = CSCS_BUF_INIT, lists = CSCS_BUF_INIT, masked = CSCS_BUF_INIT, rep = CSCS_BUF_INIT;
	struct cscs_buf files = CSCS_BUF_INIT, target = CSCS_BUF_INIT;
	uint32_t row = 0;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW && row < CSCS_RS_MAX_ROW) {
		row++;
		if ((err = record_evidence(sh, ev, (const char *)sqlite3_column_text(st, 19), &files, &target)))
			break;
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *status = (const char *)sqlite3_column_text(st, 6);
		const char *explanation = (const char *)sqlite3_column_text(st, 15);
		if (!explanation && (!status || strcmp(status, "not_screened") == 0))
			explanation = sqlite3_column_type(st, 18) != SQLITE_NULL ? (const char *)sqlite3_column_text(st, 18)
										: cscs_rlabel(rc, "partners.no_status");
		list_names(rc, (const char *)sqlite3_column_text(st, 7), &lists);
		const char *formerly = (const char *)sqlite3_column_text(st, 17);
		if (formerly && *formerly) {
			/* Removed from a list: not a current exposure, but worth knowing. */
			struct cscs_buf old = CSCS_BUF_INIT;
			list_names(rc, formerly, &old);
			cscs_buf_addf(&lists, "%s%s %s", lists.len ? "; " : "", cscs_rlabel(rc, "partners.formerly"),
				      cscs_buf_str(&old));
			cscs_buf_finish(&old);
		}
		cscs_buf_reset(&b);
		const char *entry = (const char *)sqlite3_column_text(st, 9);
		if (entry) {
			cscs_buf_adds(&b, entry);
			const char *list = (const char *)sqlite3_column_text(st, 10);
			if (list)
				cscs_buf_addf(&b, " \xC2\xB7 %s", cscs_rlabel_of(rc, "list.", list));
			const char *on = (const char *)sqlite3_column_text(st, 11);
			if (on)
				cscs_buf_addf(&b, " \xC2\xB7 %s %s", cscs_rlabel(rc, "partners.listed_on"), on);
			const char *off = (const char *)sqlite3_column_text(st, 12);
			if (off)
				cscs_buf_addf(&b, " \xC2\xB7 %s %s", cscs_rlabel(rc, "partners.removed_on"), off);
		}
		cscs_buf_reset(&rep);
		const char *rep_name = (const char *)sqlite3_column_text(st, 13);
		const char *rep_id = (const char *)sqlite3_column_text(st, 14);
		if (rep_name)
			cscs_buf_adds(&rep, rep_name);
		if (rep_id && *rep_id) {
			const char *shown = rc->opts->show_personal_data ? rep_id : cscs_report_mask_id(rep_id, &masked);
			cscs_buf_addf(&rep, "%s%s", rep.len ? " " : "", shown);
		}
		if (sh->ws) {
			const char *texts[] = {name, cscs_buf_str(&lists), cscs_buf_str(&b), cscs_buf_str(&rep), explanation,
					       cscs_buf_str(&files)};
			const double w[] = {widths[0], widths[7], widths[9], widths[10], widths[11], widths[12]};
			cscs_rs_fit_row(sh, row, texts, w, N(texts));
		}
		cscs_rs_data(sh, row, 0, name, RS_WRAP);
		cscs_rs_text(sh, row, 1, (const char *)sqlite3_column_text(st, 1), RS_CODE);
		cscs_rs_text(sh, row, 2, (const char *)sqlite3_column_text(st, 2), RS_TEXT);
		cscs_rs_text(sh, row, 3, cscs_rlabel_of(rc, "role.", (const char *)sqlite3_column_text(st, 3)), RS_TEXT);
		if (sqlite3_column_type(st, 4) != SQLITE_NULL)
			cscs_rs_money(sh, row, 4, sqlite3_column_int64(st, 4), RS_MONEY);
		else
			cscs_rs_text(sh, row, 4, NULL, RS_MONEY);
		cscs_rs_date(sh, row, 5, (const char *)sqlite3_column_text(st, 5), RS_DATE);
		cscs_rs_text(sh, row, 6, status ? cscs_rlabel_of(rc, "screen.", status) : cscs_rlabel(rc, "screen.not_screened"),
			     RS_TEXT);
		cscs_rs_text(sh, row, 7, cscs_buf_str(&lists), RS_WRAP);
		if (sqlite3_column_type(st, 8) != SQLITE_NULL)
			cscs_rs_int(sh, row, 8, sqlite3_column_int64(st, 8), RS_INT);
		else
			cscs_rs_text(sh, row, 8, NULL, RS_INT);
		cscs_rs_data(sh, row, 9, cscs_buf_str(&b), RS_WRAP);
		cscs_rs_text(sh, row, 10, cscs_buf_str(&rep), RS_WRAP);
		cscs_rs_data(sh, row, 11, explanation, RS_WRAP);
		cscs_rs_file_link(sh, row, 12, cscs_buf_str(&files), target.len ? cscs_buf_str(&target) : NULL,
				  RS_LINK_WRAP);
	}
	if (!err && r != SQLITE_ROW && r != SQLITE_DONE)
		err = cscs_store_error(m->db, r, "reading partners", rc->dl);
	sqlite3_finalize(st);
	sqlite3_finalize(ev);
	cscs_buf_finish(&files);
	cscs_buf_finish(&target);
	cscs_buf_finish(&b);
	cscs_buf_finish(&lists);
	cscs_buf_finish(&masked);
	cscs_buf_finish(&rep);
	return err;
}

/* Run info: a key/value block, then tables. Rows advance through *row. */
static void kv(struct cscs_rsheet *sh, uint32_t *row, const char *key, const char *value)
{
	const char *texts[] = {value};
	const double w[] = {60 + 14 + 68};
	cscs_rs_fit_row(sh, *row, texts, w, 1);
	cscs_rs_text(sh, *row, 0, cscs_rlabel(sh->rc, key), RS_LABEL);
	cscs_rs_merge(sh, *row, 1, 3, value, RS_VALUE);
	(*row)++;
}

static void section(struct cscs_rsheet *sh, uint32_t *row, const char *key, uint16_t n_cols)
{
	if (*row > 0)
		(*row)++;
	cscs_rs_text(sh, *row, 0, cscs_rlabel(sh->rc, key), RS_SECTION);
	for (uint16_t c = 1; c < n_cols; c++)
		cscs_rs_text(sh, *row, c, NULL, RS_SECTION);
	(*row)++;
}

enum cscs_error cscs_sheet_run_info(struct cscs_rsheet *sh)
{
	struct cscs_rctx *rc = sh->rc;
	const struct cscs_report_model *m = rc->m;
	if (sh->ws) {
		worksheet_set_column(sh->ws, 0, 0, 26, NULL);
		worksheet_set_column(sh->ws, 1, 1, 60, NULL);
		worksheet_set_column(sh->ws, 2, 2, 14, NULL);
		worksheet_set_column(sh->ws, 3, 3, 68, NULL);
		worksheet_gridlines(sh->ws, LXW_HIDE_ALL_GRIDLINES);
	}
	cscs_rs_print(sh, -1, 26 + 60 + 14 + 68);
	struct cscs_buf b = CSCS_BUF_INIT;
	uint32_t row = 0;
	section(sh, &row, "run.section", 4);
	cscs_buf_addf(&b, "cscs-audit %s", m->tool_version ? m->tool_version : "?");
	kv(sh, &row, "run.tool", cscs_buf_str(&b));
	cscs_buf_reset(&b);
	cscs_buf_addf(&b, "cscs-audit %s", CSCS_VERSION);
	kv(sh, &row, "run.report_tool", cscs_buf_str(&b));
	cscs_rs_text(sh, row, 0, cscs_rlabel(rc, "run.id"), RS_LABEL);
	cscs_rs_int(sh, row++, 1, m->run_id, RS_VALUE_INT);
	kv(sh, &row, "run.status", cscs_rlabel_of(rc, "runstatus.", m->status));
	kv(sh, &row, "run.started", m->started_at);
	kv(sh, &row, "run.finished", m->finished_at);
	cscs_rs_text(sh, row, 0, cscs_rlabel(rc, "run.as_of"), RS_LABEL);
	cscs_rs_date(sh, row++, 1, m->as_of_iso, RS_VALUE_DATE);
	kv(sh, &row, "run.profile", m->profile ? m->profile : cscs_rlabel(rc, "run.no_profile"));
	kv(sh, &row, "run.pack", m->pack);
	if (m->prev_run_id) {
		cscs_buf_reset(&b);
		cscs_buf_addf(&b, "%" PRId64 " (%s %s)", m->prev_run_id, cscs_rlabel(rc, "run.as_of"),
			      m->prev_as_of ? m->prev_as_of : "");
		kv(sh, &row, "run.previous", cscs_buf_str(&b));
	} else {
		kv(sh, &row, "run.previous", cscs_rlabel(rc, "run.no_previous"));
	}
	kv(sh, &row, "run.personal_data",
	   cscs_rlabel(rc, rc->opts->show_personal_data ? "run.personal_shown" : "run.personal_masked"));
	kv(sh, &row, "run.command_line", m->command_line);
	if (m->records_replaced)
		kv(sh, &row, "run.note", cscs_rlabel(rc, "run.records_replaced"));

	/* Sign-off and seal (cscs-audit signoff): only a run signed off has them. */
	{
		struct cscs_seal seal;
		int64_t up_to;
		if (cscs_seal_load(m->db, m->run_id, &seal, &up_to, rc->dl) == CSCS_OK && seal.sealed) {
			section(sh, &row, "run.signoff_section", 4);
			cscs_buf_reset(&b);
			cscs_buf_addf(&b, "%s \xC2\xB7 %s", seal.sealed_at, seal.chain);
			kv(sh, &row, "run.sealed", cscs_buf_str(&b));
			sqlite3_stmt *so;
			if (sqlite3_prepare_v2(m->db, "SELECT role, name, signed_at, note FROM run_signoffs WHERE run_id = ?"
					       " ORDER BY id", -1, &so, NULL) == SQLITE_OK) {
				sqlite3_bind_int64(so, 1, m->run_id);
				while (sqlite3_step(so) == SQLITE_ROW) {
					const char *note = (const char *)sqlite3_column_text(so, 3);
					cscs_buf_reset(&b);
					cscs_buf_addf(&b, "%s \xC2\xB7 %s%s%s", (const char *)sqlite3_column_text(so, 1),
						      (const char *)sqlite3_column_text(so, 2), note ? " \xC2\xB7 " : "",
						      note ? note : "");
					/* a name or note typed by a person may hold an identity number */
					const char *shown = rc->opts->show_personal_data
								    ? cscs_buf_str(&b)
								    : cscs_report_mask_text(cscs_buf_str(&b), &rc->tmp[3]);
					kv(sh, &row, strcmp((const char *)sqlite3_column_text(so, 0), "approver") == 0
							     ? "run.signed_approver" : "run.signed_reviewer",
					   shown);
				}
				sqlite3_finalize(so);
			}
		}
	}

	/* Inputs, with their hashes: what this run read, so it can be reproduced and trusted. */
	section(sh, &row, "run.inputs", 4);
	static const char *const in_keys[] = {"col.kind", "col.path", "col.size", "col.sha256"};
	for (uint16_t c = 0; c < 4; c++)
		cscs_rs_text(sh, row, c, cscs_rlabel(rc, in_keys[c]), c == 2 ? RS_HEADER_NUM : RS_HEADER);
	row++;
	sqlite3_stmt *st;
	enum cscs_error err = cscs_store_prepare(m->db,
		"SELECT kind, path, size, sha256 FROM run_inputs WHERE run_id = ? ORDER BY"
		" CASE kind WHEN 'record' THEN 0 WHEN 'list' THEN 1 WHEN 'checklist' THEN 2 WHEN 'profile' THEN 3"
		" ELSE 4 END, path", &st, rc->dl);
	if (err)
		goto out;
	sqlite3_bind_int64(st, 1, m->run_id);
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW && row < CSCS_RS_MAX_ROW) {
		const char *texts[] = {(const char *)sqlite3_column_text(st, 1)};
		const double w[] = {60};
		cscs_rs_fit_row(sh, row, texts, w, 1);
		cscs_rs_text(sh, row, 0, cscs_rlabel_of(rc, "input.", (const char *)sqlite3_column_text(st, 0)), RS_TEXT);
		cscs_rs_text(sh, row, 1, (const char *)sqlite3_column_text(st, 1), RS_WRAP);
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			cscs_rs_int(sh, row, 2, sqlite3_column_int64(st, 2), RS_INT);
		else
			cscs_rs_text(sh, row, 2, NULL, RS_INT);
		cscs_rs_text(sh, row, 3, (const char *)sqlite3_column_text(st, 3), RS_CODE);
		row++;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		err = cscs_store_error(m->db, r, "reading run inputs", rc->dl);
	sqlite3_finalize(st);
	if (err)
		goto out;

	/* Waivers: which checks were waived, and how many findings. */
	section(sh, &row, "run.waivers", 4);
	cscs_rs_text(sh, row, 0, cscs_rlabel(rc, "run.waived_findings"), RS_LABEL);
	cscs_rs_int(sh, row++, 1, m->n_waived, RS_VALUE_INT);
	/* Each waiver of the waivers file and how it fared: applied, unused, expired, ... */
	if (m->has_waiver_status) {
		if ((err = cscs_store_prepare(m->db, CSCS_REPORT_WAIVERS_SQL, &st, rc->dl)))
			goto out;
		sqlite3_bind_int64(st, 1, m->run_id);
		bool head = false;
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			if (!head) {
				static const char *const keys[] = {"col.waiver_check", "col.justification", "col.status",
								   "col.approval"};
				for (uint16_t c = 0; c < 4; c++)
					cscs_rs_text(sh, row, c, cscs_rlabel(rc, keys[c]), RS_HEADER);
				row++;
				head = true;
			}
			const char *subject = (const char *)sqlite3_column_text(st, 3);
			const char *justification = (const char *)sqlite3_column_text(st, 4);
			char line[24], n[24];
			snprintf(line, sizeof(line), "%" PRId64, (int64_t)sqlite3_column_int64(st, 1));
			snprintf(n, sizeof(n), "%" PRId64, (int64_t)sqlite3_column_int64(st, 9));
			const char *names[] = {"approver", "granted", "expires", "file", "line", "n"};
			const char *values[] = {
				(const char *)sqlite3_column_text(st, 5), (const char *)sqlite3_column_text(st, 6),
				(const char *)sqlite3_column_text(st, 7), (const char *)sqlite3_column_text(st, 0), line, n,
			};
			struct cscs_buf approval = CSCS_BUF_INIT;
			cscs_labels_fill(rc->labels, "run.waiver_approval", &approval, names, values, 6);
			cscs_buf_reset(&b);
			cscs_buf_adds(&b, (const char *)sqlite3_column_text(st, 2));
			if (subject && *subject)
				cscs_buf_addf(&b, " \xC2\xB7 %s", subject);
			const char *texts[] = {cscs_buf_str(&b), justification, cscs_buf_str(&approval)};
			const double w[] = {26, 60, 68};
			cscs_rs_fit_row(sh, row, texts, w, 3);
			cscs_rs_data(sh, row, 0, cscs_buf_str(&b), RS_WRAP);
			cscs_rs_data(sh, row, 1, justification, RS_WRAP);
			cscs_rs_text(sh, row, 2, cscs_rlabel_of(rc, "wstatus.", (const char *)sqlite3_column_text(st, 8)),
				     RS_WRAP);
			cscs_rs_text(sh, row, 3, cscs_buf_str(&approval), RS_WRAP);
			cscs_buf_finish(&approval);
			row++;
		}
		if (r != SQLITE_DONE)
			err = cscs_store_error(m->db, r, "reading waiver status", rc->dl);
		sqlite3_finalize(st);
		if (err)
			goto out;
		if (head)
			row++;
	}
	bool any = false;
	for (size_t i = 0; i < m->n_checks; i++) {
		const struct cscs_report_check *c = &m->checks[i];
		if (c->status_idx != CSCS_ST_WAIVED)
			continue;
		if (!any) {
			cscs_rs_text(sh, row, 0, cscs_rlabel(rc, "col.check_id"), RS_HEADER);
			cscs_rs_text(sh, row, 1, cscs_rlabel(rc, "col.title"), RS_HEADER);
			cscs_rs_text(sh, row, 2, cscs_rlabel(rc, "col.was"), RS_HEADER);
			cscs_rs_text(sh, row, 3, cscs_rlabel(rc, "col.reason"), RS_HEADER);
			row++;
			any = true;
		}
		const char *texts[] = {cscs_report_check_title(rc, c), c->reason};
		const double w[] = {60, 68};
		cscs_rs_fit_row(sh, row, texts, w, 2);
		cscs_rs_text(sh, row, 0, c->check_id, RS_CODE);
		cscs_rs_text(sh, row, 1, cscs_report_check_title(rc, c), RS_WRAP);
		cscs_rs_text(sh, row, 2, cscs_rlabel_of(rc, "status.", c->original_status), RS_TEXT);
		cscs_rs_data(sh, row, 3, c->reason, RS_WRAP);
		row++;
	}
	if (!any)
		kv(sh, &row, "run.waived_checks", cscs_rlabel(rc, "run.none"));
out:
	cscs_buf_finish(&b);
	return err;
}
