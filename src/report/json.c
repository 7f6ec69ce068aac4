/*
 * The run as JSON, streamed (a million findings never sit in memory).
 * Values are canonical (English keys and enum values, ISO dates, money
 * in integer fen); the report language only picks nothing here.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cscs/core/fs.h"
#include "cscs/core/json.h"
#include "cscs/core/text.h"
#include "cscs/ident/region.h"
#include "cscs/ident/uscc.h"
#include "cscs/report/clean.h"
#include "cscs/report/sheet.h"
#include "cscs/trail/seal.h"
#include "cscs/store/store.h"

#define MAX_DEPTH 16

struct jw {
	FILE *f;                     /* output */
	int depth;                   /* open containers */
	bool has_items[MAX_DEPTH];   /* the container at each depth has an item already */
	bool in_array[MAX_DEPTH];    /* ... and is an array */
	struct cscs_buf *mask;       /* scratch for masking identity numbers in every value, or NULL (shown) */
};

static void indent(struct jw *w)
{
	fputc('\n', w->f);
	for (int i = 0; i < w->depth; i++)
		fputs("  ", w->f);
}

/* Start an item: comma, new line, indent, and "key": inside an object. */
static void item(struct jw *w, const char *key)
{
	if (w->depth > 0) {
		if (w->has_items[w->depth - 1])
			fputc(',', w->f);
		w->has_items[w->depth - 1] = true;
		indent(w);
	}
	if (key && w->depth > 0 && !w->in_array[w->depth - 1]) {
		cscs_json_write_string(w->f, key, strlen(key));
		fputs(": ", w->f);
	}
}

static void open_c(struct jw *w, const char *key, bool array)
{
	item(w, key);
	fputc(array ? '[' : '{', w->f);
	if (w->depth < MAX_DEPTH) {
		w->has_items[w->depth] = false;
		w->in_array[w->depth] = array;
	}
	w->depth++;
}

static void close_c(struct jw *w)
{
	w->depth--;
	bool had = w->depth < MAX_DEPTH && w->has_items[w->depth];
	bool array = w->depth < MAX_DEPTH && w->in_array[w->depth];
	if (had)
		indent(w);
	fputc(array ? ']' : '}', w->f);
}

static void j_obj(struct jw *w, const char *key)
{
	open_c(w, key, false);
}

static void j_arr(struct jw *w, const char *key)
{
	open_c(w, key, true);
}

static void j_str(struct jw *w, const char *key, const char *s)
{
	item(w, key);
	/* Every value, not only record fields: a check may put an identity number anywhere. */
	if (s && w->mask)
		s = cscs_report_mask_text(s, w->mask);
	if (s)
		cscs_json_write_string(w->f, s, strlen(s));
	else
		fputs("null", w->f);
}

static void j_int(struct jw *w, const char *key, int64_t v)
{
	item(w, key);
	fprintf(w->f, "%" PRId64, v);
}

static void j_bool(struct jw *w, const char *key, bool v)
{
	item(w, key);
	fputs(v ? "true" : "false", w->f);
}

static void j_null(struct jw *w, const char *key)
{
	item(w, key);
	fputs("null", w->f);
}

static void j_raw(struct jw *w, const char *key, const char *json)
{
	/* A masked number (or array, object) is no JSON any more: it goes as a string. */
	if (w->mask && cscs_report_mask_text(json, w->mask) != json) {
		j_str(w, key, json);
		return;
	}
	item(w, key);
	fputs(json, w->f);
}

/* Masked text from the records unless personal data is shown. */
/* key: an array of the names in lists, a comma-separated text ("a, b"); empty when NULL. */
static void j_list_names(struct jw *w, const char *key, const char *lists)
{
	j_arr(w, key);
	while (lists && *lists) {
		const char *comma = strchr(lists, ',');
		size_t n = comma ? (size_t)(comma - lists) : strlen(lists);
		while (n && *lists == ' ') {
			lists++;
			n--;
		}
		if (n) {
			item(w, NULL);
			cscs_json_write_string(w->f, lists, n);
		}
		lists = comma ? comma + 1 : NULL;
	}
	close_c(w);
}

static const char *data(struct cscs_rctx *rc, const char *s)
{
	return s && !rc->opts->show_personal_data ? cscs_report_mask_text(s, &rc->tmp[3]) : s;
}

static void j_data(struct jw *w, struct cscs_rctx *rc, const char *key, const char *s)
{
	j_str(w, key, data(rc, s));
}

static void j_id_number(struct jw *w, struct cscs_rctx *rc, const char *key, const char *s)
{
	j_str(w, key, s && !rc->opts->show_personal_data ? cscs_report_mask_id(s, &rc->tmp[3]) : s);
}

static void write_run(struct jw *w, struct cscs_rctx *rc)
{
	const struct cscs_report_model *m = rc->m;
	j_obj(w, "run");
	j_int(w, "id", m->run_id);
	j_str(w, "status", m->status);
	j_str(w, "started_at", m->started_at);
	j_str(w, "finished_at", m->finished_at);
	j_str(w, "tool_version", m->tool_version);
	j_str(w, "ruleset", m->ruleset);
	j_str(w, "ruleset_reviewed_on", m->ruleset_reviewed_on);
	j_bool(w, "ruleset_stale", m->ruleset_stale);
	j_str(w, "profile", m->profile);
	j_str(w, "lang", m->lang);
	j_str(w, "command_line", m->command_line);
	j_str(w, "pack", m->pack);
	j_bool(w, "records_replaced", m->records_replaced);
	j_str(w, "personal_data", rc->opts->show_personal_data ? "shown" : "masked");
	{
		/* Sign-off and seal: null and [] until the run is signed off. */
		struct cscs_seal seal;
		int64_t up_to;
		sqlite3_stmt *so;
		if (cscs_seal_load(m->db, m->run_id, &seal, &up_to, NULL) == CSCS_OK && seal.sealed) {
			j_obj(w, "seal");
			j_str(w, "sealed_at", seal.sealed_at);
			j_str(w, "chain", seal.chain);
			for (int i = 0; i < CSCS_SEAL_COUNT_; i++) {
				char key[24];
				snprintf(key, sizeof(key), "%s_sha256", cscs_seal_part_name((enum cscs_seal_part)i));
				j_str(w, key, seal.part[i]);
			}
			close_c(w);
		} else {
			j_null(w, "seal");
		}
		j_arr(w, "signoffs");
		if (sqlite3_prepare_v2(m->db, "SELECT role, name, signed_at, note FROM run_signoffs WHERE run_id = ?"
				       " ORDER BY id", -1, &so, NULL) == SQLITE_OK) {
			sqlite3_bind_int64(so, 1, m->run_id);
			while (sqlite3_step(so) == SQLITE_ROW) {
				j_obj(w, NULL);
				j_str(w, "role", (const char *)sqlite3_column_text(so, 0));
				j_data(w, rc, "name", (const char *)sqlite3_column_text(so, 1));
				j_str(w, "signed_at", (const char *)sqlite3_column_text(so, 2));
				j_data(w, rc, "note", (const char *)sqlite3_column_text(so, 3));
				close_c(w);
			}
			sqlite3_finalize(so);
		}
		close_c(w);
	}
	j_arr(w, "inputs");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(m->db, "SELECT kind, path, size, sha256 FROM run_inputs WHERE run_id = ? ORDER BY rowid",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, m->run_id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			j_obj(w, NULL);
			j_str(w, "kind", (const char *)sqlite3_column_text(st, 0));
			j_str(w, "path", (const char *)sqlite3_column_text(st, 1));
			if (sqlite3_column_type(st, 2) == SQLITE_NULL)
				j_null(w, "size");
			else
				j_int(w, "size", sqlite3_column_int64(st, 2));
			j_str(w, "sha256", (const char *)sqlite3_column_text(st, 3));
			close_c(w);
		}
		sqlite3_finalize(st);
	}
	close_c(w);
	j_arr(w, "waivers");
	if (m->has_waiver_status &&
	    sqlite3_prepare_v2(m->db, CSCS_REPORT_WAIVERS_SQL, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, m->run_id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			j_obj(w, NULL);
			j_str(w, "file", (const char *)sqlite3_column_text(st, 0));
			j_int(w, "line", sqlite3_column_int64(st, 1));
			j_str(w, "check_id", (const char *)sqlite3_column_text(st, 2));
			j_data(w, rc, "subject", (const char *)sqlite3_column_text(st, 3));
			j_data(w, rc, "justification", (const char *)sqlite3_column_text(st, 4));
			j_str(w, "approver", (const char *)sqlite3_column_text(st, 5));
			j_str(w, "granted_on", (const char *)sqlite3_column_text(st, 6));
			j_str(w, "expires_on", (const char *)sqlite3_column_text(st, 7));
			j_str(w, "status", (const char *)sqlite3_column_text(st, 8));
			j_int(w, "n_findings", sqlite3_column_int64(st, 9));
			close_c(w);
		}
		sqlite3_finalize(st);
	}
	close_c(w);
	close_c(w);
}

static void write_entity(struct jw *w, struct cscs_rctx *rc)
{
	const struct cscs_report_entity *e = &rc->m->entity;
	j_obj(w, "entity");
	j_str(w, "name", e->name);
	j_str(w, "uscc", e->uscc);
	if (e->uscc) {
		struct cscs_uscc u;
		char reason[160], part[2] = {0, 0};
		bool ok = cscs_uscc_check(e->uscc, &u);
		j_bool(w, "uscc_valid", ok);
		j_str(w, "uscc_reason", ok ? NULL : cscs_uscc_reason(&u, reason, sizeof(reason)));
		if (u.length == CSCS_USCC_LEN && u.status != CSCS_USCC_CHARSET && u.status != CSCS_USCC_REGION_DIGITS) {
			j_obj(w, "uscc_parts");
			part[0] = u.authority;
			j_str(w, "authority", part);
			j_str(w, "authority_name", cscs_uscc_authority_name(u.authority, false));
			part[0] = u.type;
			j_str(w, "type", part);
			j_str(w, "type_name", cscs_uscc_type_name(u.authority, u.type, false));
			j_str(w, "region", u.region);
			j_str(w, "province", cscs_region_province(u.region, false));
			j_str(w, "org_code", u.org_code);
			close_c(w);
		}
	}
	j_bool(w, "has_record", e->has_record);
	if (e->has_record) {
		j_str(w, "name_en", e->name_en);
		j_str(w, "entity_type", e->entity_type);
		j_str(w, "legal_rep_name", e->legal_rep_name);
		j_id_number(w, rc, "legal_rep_id", e->legal_rep_id);
		j_data(w, rc, "registered_address", e->registered_address);
		j_str(w, "region_code", e->region_code);
		j_str(w, "established_on", e->established_on);
		j_str(w, "industry_code", e->industry_code);
		if (e->has_registered_capital)
			j_int(w, "registered_capital_fen", e->registered_capital);
		else
			j_null(w, "registered_capital_fen");
		if (e->has_paid_in_capital)
			j_int(w, "paid_in_capital_fen", e->paid_in_capital);
		else
			j_null(w, "paid_in_capital_fen");
		j_str(w, "capital_due_on", e->capital_due_on);
		if (e->foreign_invested < 0)
			j_null(w, "foreign_invested");
		else
			j_bool(w, "foreign_invested", e->foreign_invested != 0);
	}
	close_c(w);
}

static void write_counts(struct jw *w, struct cscs_rctx *rc)
{
	const struct cscs_report_model *m = rc->m;
	j_obj(w, "counts");
	j_int(w, "open", m->n_open);
	j_int(w, "waived", m->n_waived);
	j_int(w, "positive_signals", m->n_positive);
	j_obj(w, "by_severity");
	for (int v = 0; v < CSCS_SEV_COUNT_; v++) {
		j_obj(w, cscs_severity_name((enum cscs_severity)v));
		j_int(w, "open", m->open_by_sev[v]);
		j_int(w, "waived", m->waived_by_sev[v]);
		j_int(w, "failed_checks", m->failed_by_sev[v]);
		close_c(w);
	}
	close_c(w);
	j_arr(w, "by_area");
	for (size_t i = 0; i < m->n_areas; i++) {
		j_obj(w, NULL);
		j_str(w, "area", m->areas[i].name);
		for (int v = 0; v < CSCS_SEV_COUNT_; v++)
			j_int(w, cscs_severity_name((enum cscs_severity)v), m->areas[i].by_sev[v]);
		j_int(w, "total", m->areas[i].total);
		close_c(w);
	}
	close_c(w);
	close_c(w);

	j_obj(w, "coverage");
	j_int(w, "checks", (int64_t)m->n_checks);
	for (int i = 0; i < CSCS_ST_COUNT_; i++)
		j_int(w, cscs_report_status_name(i), m->n_by_status[i]);
	j_int(w, "applicable", (int64_t)m->n_checks - m->n_by_status[CSCS_ST_NOT_APPLICABLE]);
	j_int(w, "evaluated", m->n_by_status[CSCS_ST_FAIL] + m->n_by_status[CSCS_ST_PASS] + m->n_by_status[CSCS_ST_WAIVED]);
	j_obj(w, "records");
	j_int(w, "rows_kept", m->records.n_rows);
	j_int(w, "rows_with_unknown_values", m->records.n_rows_unknown);
	j_int(w, "rows_rejected", m->records.n_rejected);
	j_int(w, "files_unreadable", m->records.n_unreadable);
	close_c(w);
	if (m->partners.screened) {
		j_obj(w, "partners");
		j_int(w, "screened", m->partners.n - m->partners.n_by[3]);
		j_int(w, "not_screened", m->partners.n_by[3]);
		close_c(w);
	} else {
		j_null(w, "partners");
	}
	close_c(w);

	j_obj(w, "deadlines");
	j_int(w, "horizon_days", m->horizon_days);
	j_str(w, "until", m->as_of_ok ? m->horizon_end : NULL);
	j_int(w, "due_within_horizon", m->n_deadlines);
	j_int(w, "overdue", m->n_overdue);
	close_c(w);
}

static void write_finding_common(struct jw *w, struct cscs_rctx *rc, const struct cscs_report_finding *f,
				 struct cscs_buf *scratch)
{
	const struct cscs_report_check *c = f->check;
	j_int(w, "id", f->id);
	j_str(w, "check_id", c->check_id);
	j_str(w, "area", c->synthetic ? NULL : c->area);
	j_str(w, "severity", c->synthetic ? NULL : c->severity);
	j_str(w, "status", f->waived ? "waived" : "open");
	j_str(w, "title", c->title ? c->title : c->title_zh);
	j_str(w, "title_zh", c->title_zh);
	j_data(w, rc, "subject", f->subject);
	j_data(w, rc, "subject_shown", f->subject_shown);
	j_data(w, rc, "detail", f->detail);
	j_str(w, "due_date", f->due_date);
	j_obj(w, "source");
	j_str(w, "file", f->source_file);
	if (f->source_line > 0)
		j_int(w, "line", f->source_line);
	else
		j_null(w, "line");
	close_c(w);
	j_bool(w, "waived", f->waived);
	if (f->waived) {
		j_obj(w, "waiver");
		j_data(w, rc, "reason", f->waiver_reason);
		j_str(w, "approver", f->waiver_approver);
		j_str(w, "expires_on", f->waiver_expires_on);
		close_c(w);
	} else {
		j_null(w, "waiver");
	}
	j_str(w, "fingerprint", f->fingerprint);
	if (!f->evidence) {
		j_null(w, "evidence");
	} else if (cscs_report_ev_begin(rc, f->evidence)) {
		j_obj(w, "evidence");
		struct cscs_report_ev ev;
		while (cscs_report_ev_next(rc, &ev, scratch) == 1) {
			const char *t = ev.type;
			if (ev.masked || strcmp(t, "text") == 0)
				j_str(w, ev.key, ev.value);
			else if (!ev.value || strcmp(t, "null") == 0)
				j_null(w, ev.key);
			else if (strcmp(t, "true") == 0 || strcmp(t, "false") == 0)
				j_bool(w, ev.key, t[0] == 't');
			else if (strcmp(t, "real") == 0 && ev.value[strspn(ev.value, "0123456789+-.eE")] != '\0')
				/* 1e999 reads back as "Inf", which JSON has no number for. */
				j_str(w, ev.key, ev.value);
			else
				/* Numbers, objects and arrays: SQLite gives their JSON text. */
				j_raw(w, ev.key, ev.value);
		}
		sqlite3_reset(rc->ev_stmt);
		close_c(w);
	} else {
		/* Not a JSON object: kept as a string rather than dropped. */
		j_data(w, rc, "evidence", f->evidence);
	}
}

static enum cscs_error write_findings(struct jw *w, struct cscs_rctx *rc, enum cscs_report_order order,
				      const char *key)
{
	struct cscs_report_iter it;
	struct cscs_report_finding f;
	struct cscs_buf scratch = CSCS_BUF_INIT;
	enum cscs_error err = cscs_report_iter_start(&it, rc->m, order, rc->dl);
	if (err)
		return err;
	j_arr(w, key);
	int r;
	while ((r = cscs_report_iter_next(&it, &f, rc->dl)) == 1) {
		j_obj(w, NULL);
		write_finding_common(w, rc, &f, &scratch);
		if (order == CSCS_ORDER_SEVERITY)
			j_bool(w, "new", f.is_new);
		close_c(w);
	}
	close_c(w);
	cscs_report_iter_finish(&it);
	cscs_buf_finish(&scratch);
	return r < 0 ? CSCS_ERR_DB : CSCS_OK;
}

static enum cscs_error write_delta(struct jw *w, struct cscs_rctx *rc)
{
	const struct cscs_report_model *m = rc->m;
	if (!m->prev_run_id) {
		j_null(w, "delta");
		return CSCS_OK;
	}
	j_obj(w, "delta");
	j_int(w, "previous_run_id", m->prev_run_id);
	j_str(w, "previous_as_of", m->prev_as_of);
	if (m->prev_has_score)
		j_int(w, "previous_score", m->prev_score);
	else
		j_null(w, "previous_score");
	j_str(w, "previous_grade", m->prev_grade);
	if (m->prev_has_score && m->has_score && m->prev_same_model)
		j_int(w, "score_change", m->score - m->prev_score);
	else
		j_null(w, "score_change");
	j_int(w, "new", m->n_new);
	j_int(w, "resolved", m->n_resolved);
	j_int(w, "persisting", m->n_persisting);
	enum cscs_error err = write_findings(w, rc, CSCS_ORDER_RESOLVED, "resolved_findings");
	close_c(w);
	return err;
}

static void write_checks(struct jw *w, struct cscs_rctx *rc)
{
	const struct cscs_report_model *m = rc->m;
	j_arr(w, "checks");
	for (size_t i = 0; i < m->n_checks; i++) {
		const struct cscs_report_check *c = &m->checks[i];
		j_obj(w, NULL);
		j_str(w, "check_id", c->check_id);
		j_str(w, "area", c->synthetic ? NULL : c->area);
		j_str(w, "severity", c->synthetic ? NULL : c->severity);
		j_str(w, "status", c->synthetic ? NULL : c->status);
		j_str(w, "original_status", c->original_status);
		j_data(w, rc, "reason", c->reason);
		j_str(w, "title", c->title);
		j_str(w, "title_zh", c->title_zh);
		j_str(w, "basis", c->basis);
		j_str(w, "basis_zh", c->basis_zh);
		j_str(w, "remedy", c->remedy);
		j_str(w, "remedy_zh", c->remedy_zh);
		j_str(w, "effective_from", c->effective_from);
		j_str(w, "effective_to", c->effective_to);
		j_int(w, "n_findings", c->n_findings);
		j_int(w, "rows_not_judged", c->n_unjudged);
		j_int(w, "open_findings", c->n_open);
		j_bool(w, "positive", c->positive);
		j_int(w, "waived_findings", c->n_waived);
		j_int(w, "deduction", c->deduction);
		j_str(w, "cap", c->cap);
		j_str(w, "override", c->override);
		item(w, "weight");
		fprintf(w->f, "%.17g", c->weight);
		j_obj(w, "checklist");
		j_str(w, "file", c->checklist_file);
		if (c->checklist_line > 0)
			j_int(w, "line", c->checklist_line);
		else
			j_null(w, "line");
		close_c(w);
		close_c(w);
	}
	close_c(w);
}

static enum cscs_error write_issues(struct jw *w, struct cscs_rctx *rc)
{
	const struct cscs_report_model *m = rc->m;
	sqlite3_stmt *st;
	enum cscs_error err = cscs_store_prepare(m->db, CSCS_REPORT_ISSUES_SQL, &st, rc->dl);
	if (err)
		return err;
	if (m->import_id)
		sqlite3_bind_int64(st, 1, m->import_id);
	j_arr(w, "data_issues");
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *column_name = (const char *)sqlite3_column_text(st, 3);
		const char *value = (const char *)sqlite3_column_text(st, 4);
		j_obj(w, NULL);
		j_str(w, "file", (const char *)sqlite3_column_text(st, 0));
		for (int i = 1; i <= 2; i++) {
			const char *key = i == 1 ? "line" : "column";
			if (sqlite3_column_type(st, i) == SQLITE_NULL)
				j_null(w, key);
			else
				j_int(w, key, sqlite3_column_int64(st, i));
		}
		j_str(w, "column_name", column_name);
		if (value && cscs_report_is_id_key(column_name) && cscs_report_is_resident_id(value))
			j_id_number(w, rc, "value", value);
		else
			j_data(w, rc, "value", value);
		j_str(w, "level", (const char *)sqlite3_column_text(st, 5));
		j_data(w, rc, "reason", (const char *)sqlite3_column_text(st, 6));
		close_c(w);
	}
	close_c(w);
	if (r != SQLITE_DONE)
		err = cscs_store_error(m->db, r, "reading data issues", rc->dl);
	sqlite3_finalize(st);
	return err;
}

static enum cscs_error write_partners(struct jw *w, struct cscs_rctx *rc)
{
	const struct cscs_report_model *m = rc->m;
	const struct cscs_report_partners *p = &m->partners;
	if (!p->screened) {
		j_null(w, "partners");
		return CSCS_OK;
	}
	j_obj(w, "partners");
	j_int(w, "screened", p->n);
	j_obj(w, "by_status");
	static const char *const names[4] = {"clear", "review", "listed", "not_screened"};
	for (int i = 0; i < 4; i++) {
		j_obj(w, names[i]);
		j_int(w, "partners", p->n_by[i]);
		j_int(w, "spend_fen", p->spend_by[i]);
		close_c(w);
	}
	close_c(w);
	j_int(w, "spend_total_fen", p->spend_total);
	j_str(w, "lists_incomplete", p->lists_incomplete);
	char sql[2048];
	sqlite3_stmt *st;
	enum cscs_error err = cscs_store_prepare(m->db, cscs_report_partner_sql(m, sql, sizeof(sql)), &st, rc->dl);
	if (err)
		return err;
	j_arr(w, "list");
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		j_obj(w, NULL);
		j_data(w, rc, "name", (const char *)sqlite3_column_text(st, 0));
		j_str(w, "uscc", (const char *)sqlite3_column_text(st, 1));
		j_str(w, "country", (const char *)sqlite3_column_text(st, 2));
		j_str(w, "role", (const char *)sqlite3_column_text(st, 3));
		if (sqlite3_column_type(st, 4) == SQLITE_NULL)
			j_null(w, "spend_fen");
		else
			j_int(w, "spend_fen", sqlite3_column_int64(st, 4));
		j_str(w, "contract_start", (const char *)sqlite3_column_text(st, 16));
		j_str(w, "contract_end", (const char *)sqlite3_column_text(st, 5));
		j_str(w, "status", sqlite3_column_type(st, 6) == SQLITE_NULL ? "not_screened"
								     : (const char *)sqlite3_column_text(st, 6));
		j_str(w, "not_screened_reason", (const char *)sqlite3_column_text(st, 18));
		j_list_names(w, "lists", (const char *)sqlite3_column_text(st, 7));
		j_list_names(w, "historical_lists", (const char *)sqlite3_column_text(st, 17));
		if (sqlite3_column_type(st, 8) == SQLITE_NULL)
			j_null(w, "best_score");
		else
			j_int(w, "best_score", sqlite3_column_int64(st, 8));
		if (sqlite3_column_type(st, 9) == SQLITE_NULL) {
			j_null(w, "best_match");
		} else {
			j_obj(w, "best_match");
			j_data(w, rc, "name", (const char *)sqlite3_column_text(st, 9));
			j_str(w, "list", (const char *)sqlite3_column_text(st, 10));
			j_str(w, "listed_on", (const char *)sqlite3_column_text(st, 11));
			j_str(w, "removed_on", (const char *)sqlite3_column_text(st, 12));
			j_str(w, "legal_rep_name", (const char *)sqlite3_column_text(st, 13));
			j_id_number(w, rc, "legal_rep_id", (const char *)sqlite3_column_text(st, 14));
			close_c(w);
		}
		j_data(w, rc, "explanation", (const char *)sqlite3_column_text(st, 15));
		close_c(w);
	}
	close_c(w);
	close_c(w);
	if (r != SQLITE_DONE)
		err = cscs_store_error(m->db, r, "reading partners", rc->dl);
	sqlite3_finalize(st);
	return err;
}

static enum cscs_error write_document(struct jw *w, struct cscs_rctx *rc)
{
	const struct cscs_report_model *m = rc->m;
	enum cscs_error err;
	j_obj(w, NULL);
	j_str(w, "format", "cscs-audit-report");
	j_int(w, "format_version", 1);
	j_str(w, "tool_version", CSCS_VERSION);
	char at[32];
	j_str(w, "generated_at", cscs_json_generated_at(at));
	write_entity(w, rc);
	j_str(w, "as_of", m->as_of_iso);
	if (m->has_score)
		j_int(w, "score", m->score);
	else
		j_null(w, "score");
	j_str(w, "grade", m->grade);
	j_bool(w, "grade_provisional", m->grade_provisional != NULL);
	j_arr(w, "grade_provisional_reasons");
	for (const char *p = m->grade_provisional; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *reason = strndup(p, n);
		if (reason)
			j_str(w, NULL, reason);
		free(reason);
		p += n + (nl ? 1 : 0);
	}
	close_c(w);
	if (m->score_detail)
		j_raw(w, "score_detail", m->score_detail);
	else
		j_null(w, "score_detail");
	write_counts(w, rc);
	if ((err = write_delta(w, rc)))
		return err;
	write_checks(w, rc);
	if ((err = write_findings(w, rc, CSCS_ORDER_SEVERITY, "findings")))
		return err;
	if ((err = write_issues(w, rc)))
		return err;
	if ((err = write_partners(w, rc)))
		return err;
	write_run(w, rc);
	close_c(w);
	fputc('\n', w->f);
	return CSCS_OK;
}

enum cscs_error cscs_report_json(sqlite3 *db, int64_t run_id, const char *path,
				 const struct cscs_report_opts *opts, struct cscs_diag_list *dl)
{
	struct cscs_rctx rc;
	struct cscs_atomic_file af = {0};
	enum cscs_error err = cscs_rctx_init(&rc, db, run_id, opts, false, dl);
	if (err)
		return err;
	if ((err = cscs_atomic_begin(&af, path, opts->show_personal_data, dl)))
		goto out;
	af.group = opts->outputs;
	int fd = dup(af.fd);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		cscs_diag_error(dl, path, 0, 0, "cannot write output");
		cscs_atomic_abort(&af);
		err = CSCS_ERR_IO;
		goto out;
	}
	struct cscs_buf mask = CSCS_BUF_INIT;
	struct jw w = {.f = f, .mask = opts->show_personal_data ? NULL : &mask};
	err = write_document(&w, &rc);
	if (mask.oom && !err)
		err = CSCS_ERR_NOMEM;
	cscs_buf_finish(&mask);
	bool bad = ferror(f) != 0;
	if (fclose(f) != 0 || bad) {
		if (!err) {
			cscs_diag_error(dl, path, 0, 0, "cannot write output: the disk may be full");
			err = CSCS_ERR_IO;
		}
	}
	if (err)
		cscs_atomic_abort(&af);
	else
		err = cscs_atomic_commit(&af, dl);
out:
	cscs_rctx_finish(&rc);
	return err;
}
