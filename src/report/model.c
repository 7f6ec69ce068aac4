#include "cscs/report/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/buf.h"
#include "cscs/store/store.h"

static const char *const status_names[CSCS_ST_COUNT_] = {
	"fail", "pass", "not_applicable", "insufficient_data", "error", "waived",
};

const char *cscs_report_status_name(int status)
{
	return status >= 0 && status < CSCS_ST_COUNT_ ? status_names[status] : "error";
}

static int parse_status(const char *s)
{
	for (int i = 0; i < CSCS_ST_COUNT_; i++)
		if (s && strcmp(s, status_names[i]) == 0)
			return i;
	return CSCS_ST_ERROR;
}

static int parse_sev(const char *s)
{
	enum cscs_severity sev;
	return s && cscs_severity_parse(s, &sev) ? (int)sev : CSCS_SEV_INFO;
}

/* A copy of column i, or NULL for NULL. Sets *oom when the copy fails. */
static char *col_dup(sqlite3_stmt *st, int i, bool *oom)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	if (!t)
		return NULL;
	char *s = strdup((const char *)t);
	if (!s)
		*oom = true;
	return s;
}

bool cscs_report_has_table(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st;
	bool found = false;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

int64_t cscs_report_latest_run(sqlite3 *db)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	if (sqlite3_prepare_v2(db, "SELECT max(id) FROM runs WHERE status = 'complete'", -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

/* Run a query expected to return at most one row; fn reads it. */
static enum cscs_error one_row(sqlite3 *db, const char *sql, const int64_t *args, int n_args,
			       bool *found, sqlite3_stmt **out, struct cscs_diag_list *dl)
{
	enum cscs_error err = cscs_store_prepare(db, sql, out, dl);
	if (err)
		return err;
	for (int i = 0; i < n_args; i++)
		sqlite3_bind_int64(*out, i + 1, args[i]);
	int rc = sqlite3_step(*out);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		err = cscs_store_error(db, rc, "reading the run", dl);
		sqlite3_finalize(*out);
		*out = NULL;
		return err;
	}
	*found = rc == SQLITE_ROW;
	return CSCS_OK;
}

static void free_check(struct cscs_report_check *c)
{
	free(c->check_id);
	free(c->area);
	free(c->severity);
	free(c->title);
	free(c->title_zh);
	free(c->basis);
	free(c->basis_zh);
	free(c->remedy);
	free(c->remedy_zh);
	free(c->effective_from);
	free(c->effective_to);
	free(c->checklist_file);
	free(c->status);
	free(c->original_status);
	free(c->reason);
	free(c->earliest_due);
	free(c->cap);
	free(c->override);
}

static void free_entity(struct cscs_report_entity *e)
{
	free(e->name);
	free(e->uscc);
	free(e->name_en);
	free(e->entity_type);
	free(e->legal_rep_name);
	free(e->legal_rep_id);
	free(e->registered_address);
	free(e->region_code);
	free(e->established_on);
	free(e->industry_code);
	free(e->capital_due_on);
}

void cscs_report_model_destroy(struct cscs_report_model *m)
{
	if (!m)
		return;
	free(m->status);
	free(m->started_at);
	free(m->finished_at);
	free(m->as_of_iso);
	free(m->tool_version);
	free(m->ruleset);
	free(m->ruleset_reviewed_on);
	free(m->pack);
	free(m->profile);
	free(m->lang);
	free(m->command_line);
	free(m->grade);
	free(m->score_detail);
	free(m->score_formula);
	free(m->scoring.name);
	free(m->scoring.grade_by_score);
	free(m->scoring.fix_top_grade);
	free(m->scoring.fix_top_checks);
	for (size_t i = 0; i < m->scoring.n_areas; i++)
		free(m->scoring.areas[i].area);
	free(m->scoring.areas);
	for (size_t i = 0; i < m->scoring.n_caps; i++) {
		free(m->scoring.caps[i].grade);
		free(m->scoring.caps[i].check_id);
		free(m->scoring.caps[i].reason);
	}
	free(m->scoring.caps);
	free(m->partners.lists_incomplete);
	free(m->grade_provisional);
	for (size_t i = 0; i < m->n_provisional; i++) {
		free(m->provisional[i].code);
		free(m->provisional[i].columns);
		free(m->provisional[i].given);
		free(m->provisional[i].text);
	}
	free(m->provisional);
	free_entity(&m->entity);
	for (size_t i = 0; i < m->n_checks; i++)
		free_check(&m->checks[i]);
	free(m->checks);
	free(m->by_id);
	free(m->by_severity);
	for (size_t i = 0; i < m->n_areas; i++)
		free(m->areas[i].name);
	free(m->areas);
	free(m->prev_as_of);
	free(m->prev_grade);
	free(m->prev_model);
	free(m);
}

static bool has_column(sqlite3 *db, const char *table, const char *column);

static enum cscs_error load_run(struct cscs_report_model *m, struct cscs_diag_list *dl)
{
	sqlite3_stmt *st = NULL;
	bool found = false, oom = false;
	enum cscs_error err = one_row(m->db,
		"SELECT status, started_at, finished_at, as_of, tool_version, coalesce(import_id, 0),"
		" entity_name, entity_uscc, profile, lang, command_line, score, grade,"
		" CASE WHEN json_valid(score_detail) THEN score_detail END,"
		" CASE WHEN json_valid(score_detail) AND json_type(score_detail, '$.formula') = 'text' THEN"
		"  json_extract(score_detail, '$.formula') END,"
		" ruleset, ruleset_reviewed_on"
		" FROM runs WHERE id = ?", &m->run_id, 1, &found, &st, dl);
	if (err)
		return err;
	if (!found) {
		sqlite3_finalize(st);
		cscs_diag_error(dl, NULL, 0, 0, "run %lld does not exist in the database", (long long)m->run_id);
		return CSCS_ERR_NOT_FOUND;
	}
	m->status = col_dup(st, 0, &oom);
	m->started_at = col_dup(st, 1, &oom);
	m->finished_at = col_dup(st, 2, &oom);
	m->as_of_iso = col_dup(st, 3, &oom);
	m->tool_version = col_dup(st, 4, &oom);
	m->import_id = sqlite3_column_int64(st, 5);
	m->entity.name = col_dup(st, 6, &oom);
	m->entity.uscc = col_dup(st, 7, &oom);
	m->profile = col_dup(st, 8, &oom);
	m->lang = col_dup(st, 9, &oom);
	m->command_line = col_dup(st, 10, &oom);
	m->has_score = sqlite3_column_type(st, 11) != SQLITE_NULL;
	m->score = sqlite3_column_int64(st, 11);
	m->grade = col_dup(st, 12, &oom);
	m->score_detail = col_dup(st, 13, &oom);
	m->score_formula = col_dup(st, 14, &oom);
	m->ruleset = col_dup(st, 15, &oom);
	m->ruleset_reviewed_on = col_dup(st, 16, &oom);
	sqlite3_finalize(st);
	if (oom)
		return CSCS_ERR_NOMEM;
	/* Provisional grades arrived with migration 7: a JSON array of {code, ..., text}. */
	if (has_column(m->db, "runs", "grade_provisional")) {
		if ((err = cscs_store_prepare(m->db,
				"SELECT json_extract(j.value, '$.code'), json_extract(j.value, '$.columns'),"
				" json_extract(j.value, '$.given'), coalesce(json_extract(j.value, '$.not_evaluated'), 0),"
				" coalesce(json_extract(j.value, '$.applicable'), 0), json_extract(j.value, '$.text')"
				" FROM runs r, json_each(r.grade_provisional) j"
				" WHERE r.id = ? AND json_valid(r.grade_provisional) ORDER BY j.key", &st, dl)))
			return err;
		sqlite3_bind_int64(st, 1, m->run_id);
		struct cscs_buf lines = CSCS_BUF_INIT;
		size_t cap = 0;
		while (!oom && sqlite3_step(st) == SQLITE_ROW) {
			if (m->n_provisional == cap) {
				cap = cap ? cap * 2 : 4;
				struct cscs_report_reason *more = realloc(m->provisional, cap * sizeof(*more));
				if (!more) {
					oom = true;
					break;
				}
				m->provisional = more;
			}
			struct cscs_report_reason *rr = &m->provisional[m->n_provisional++];
			*rr = (struct cscs_report_reason){0};
			rr->code = col_dup(st, 0, &oom);
			rr->columns = col_dup(st, 1, &oom);
			rr->given = col_dup(st, 2, &oom);
			rr->not_evaluated = sqlite3_column_int64(st, 3);
			rr->applicable = sqlite3_column_int64(st, 4);
			rr->text = col_dup(st, 5, &oom);
			cscs_buf_adds(&lines, lines.len ? "\n" : "");
			cscs_buf_adds(&lines, rr->text ? rr->text : "");
		}
		sqlite3_finalize(st);
		if (lines.len && !lines.oom && !oom)
			m->grade_provisional = cscs_buf_detach(&lines);
		oom = oom || lines.oom;
		cscs_buf_finish(&lines);
		if (oom)
			return CSCS_ERR_NOMEM;
	}
	if (m->import_id && (err = cscs_store_import_coverage(m->db, m->import_id, &m->records, dl)))
		return err;
	m->as_of_ok = m->as_of_iso && cscs_date_parse_iso(m->as_of_iso, &m->as_of);
	cscs_date reviewed;
	if (m->as_of_ok && m->ruleset_reviewed_on && cscs_date_parse_iso(m->ruleset_reviewed_on, &reviewed))
		m->ruleset_stale = m->as_of > cscs_date_add_years(reviewed, 1);
	if (!m->as_of_ok)
		cscs_diag_warning(dl, NULL, 0, 0, "run %lld: as-of date '%s' is not a date", (long long)m->run_id,
				  m->as_of_iso ? m->as_of_iso : "");
	if (!m->status || strcmp(m->status, "complete") != 0)
		cscs_diag_warning(dl, NULL, 0, 0, "run %lld did not complete (status '%s'); its report may be partial",
				  (long long)m->run_id, m->status ? m->status : "");

	if (m->import_id) {
		err = one_row(m->db, "SELECT pack, EXISTS (SELECT 1 FROM imports WHERE id > ?1) FROM imports WHERE id = ?1",
			      &m->import_id, 1, &found, &st, dl);
		if (err)
			return err;
		if (found) {
			m->pack = col_dup(st, 0, &oom);
			m->records_replaced = sqlite3_column_int(st, 1) != 0;
		}
		sqlite3_finalize(st);
	}
	return oom ? CSCS_ERR_NOMEM : CSCS_OK;
}

/* An integer member of the score detail: false when absent or not a number. */
static bool detail_int(sqlite3 *db, const char *detail, const char *path, int64_t *out)
{
	sqlite3_stmt *st;
	bool ok = false;
	if (sqlite3_prepare_v2(db, "SELECT json_extract(?1, ?2), json_type(?1, ?2)", -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 1);
		if (type && (strcmp(type, "integer") == 0 || strcmp(type, "real") == 0)) {
			*out = sqlite3_column_int64(st, 0);
			ok = true;
		}
	}
	sqlite3_finalize(st);
	return ok;
}

static char *detail_text(sqlite3 *db, const char *detail, const char *path, bool *oom)
{
	sqlite3_stmt *st;
	char *out = NULL;
	if (sqlite3_prepare_v2(db, "SELECT json_extract(?1, ?2) WHERE json_type(?1, ?2) = 'text'", -1, &st, NULL) !=
	    SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		out = col_dup(st, 0, oom);
	sqlite3_finalize(st);
	return out;
}

/*
 * The parts of the engine's score detail the Summary explains (see
 * docs/scoring.md). Whatever is missing stays unset: the detail is the
 * engine's to evolve, and an older or newer shape must not break a report.
 */
/* The areas' scores, in the engine's order (by name); entries without a name are skipped. */
static enum cscs_error load_score_areas(struct cscs_report_model *m)
{
	struct cscs_report_scoring *sc = &m->scoring;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(m->db,
			       "SELECT json_extract(value, '$.area'), json_extract(value, '$.share'),"
			       " json_extract(value, '$.points'), json_extract(value, '$.percent'),"
			       " json_extract(value, '$.failed'), json_extract(value, '$.evaluated')"
			       " FROM json_each(?, '$.areas') WHERE type = 'object'",
			       -1, &st, NULL) != SQLITE_OK)
		return CSCS_OK;
	sqlite3_bind_text(st, 1, m->score_detail, -1, SQLITE_STATIC);
	size_t cap = 0;
	bool oom = false;
	while (!oom && sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_TEXT)
			continue;
		if (sc->n_areas == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct cscs_report_score_area *more = realloc(sc->areas, ncap * sizeof(*more));
			if (!more) {
				oom = true;
				break;
			}
			sc->areas = more;
			cap = ncap;
		}
		struct cscs_report_score_area *a = &sc->areas[sc->n_areas];
		a->area = col_dup(st, 0, &oom);
		if (!a->area)
			break;
		sc->n_areas++;
		a->share = sqlite3_column_double(st, 1);
		a->points = sqlite3_column_double(st, 2);
		a->percent = sqlite3_column_int64(st, 3);
		a->failed = sqlite3_column_int64(st, 4);
		a->evaluated = sqlite3_column_int64(st, 5);
	}
	sqlite3_finalize(st);
	return oom ? CSCS_ERR_NOMEM : CSCS_OK;
}

static enum cscs_error load_scoring(struct cscs_report_model *m)
{
	enum cscs_error err;
	struct cscs_report_scoring *sc = &m->scoring;
	const char *d = m->score_detail;
	bool oom = false;
	if (!d)
		return CSCS_OK;
	sc->name = detail_text(m->db, d, "$.model", &oom);
	sc->has_start = detail_int(m->db, d, "$.start", &sc->start);
	sc->has_points = true;
	for (int v = 0; v < CSCS_SEV_COUNT_; v++) {
		char path[32];
		snprintf(path, sizeof(path), "$.points.%s", cscs_severity_name((enum cscs_severity)v));
		sc->has_points = detail_int(m->db, d, path, &sc->points[v]) && sc->has_points;
	}
	sc->has_grade_min = detail_int(m->db, d, "$.grade_min.A", &sc->grade_min[0]) &&
			    detail_int(m->db, d, "$.grade_min.B", &sc->grade_min[1]) &&
			    detail_int(m->db, d, "$.grade_min.C", &sc->grade_min[2]);
	sc->has_deductions = detail_int(m->db, d, "$.nominal_deductions", &sc->nominal) &&
			     detail_int(m->db, d, "$.deducted", &sc->deducted);
	sc->grade_by_score = detail_text(m->db, d, "$.grade_by_score", &oom);
	sc->has_fix_top = detail_int(m->db, d, "$.fix_top.score", &sc->fix_top_score);
	sc->fix_top_grade = detail_text(m->db, d, "$.fix_top.grade_by_score", &oom);
	sqlite3_stmt *ft;
	if (sqlite3_prepare_v2(m->db, "SELECT group_concat(value, ', ') FROM json_each(?, '$.fix_top.checks')"
			       " WHERE type = 'text'", -1, &ft, NULL) == SQLITE_OK) {
		sqlite3_bind_text(ft, 1, d, -1, SQLITE_STATIC);
		if (sqlite3_step(ft) == SQLITE_ROW && sqlite3_column_type(ft, 0) == SQLITE_TEXT)
			sc->fix_top_checks = col_dup(ft, 0, &oom);
		sqlite3_finalize(ft);
	}
	if ((err = load_score_areas(m)))
		return err;
	sc->has_coverage = detail_int(m->db, d, "$.coverage.percent", &sc->coverage_percent) &&
			   detail_int(m->db, d, "$.coverage.applicable", &sc->applicable) &&
			   detail_int(m->db, d, "$.coverage.evaluated", &sc->evaluated);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(m->db,
			       "SELECT json_extract(value, '$.grade'), json_extract(value, '$.check_id'),"
			       " json_extract(value, '$.reason') FROM json_each(?, '$.caps') WHERE type = 'object'",
			       -1, &st, NULL) != SQLITE_OK)
		return oom ? CSCS_ERR_NOMEM : CSCS_OK;
	sqlite3_bind_text(st, 1, d, -1, SQLITE_STATIC);
	size_t cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_TEXT)
			continue;
		if (sc->n_caps == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct cscs_report_cap *more = realloc(sc->caps, ncap * sizeof(*more));
			if (!more) {
				oom = true;
				break;
			}
			sc->caps = more;
			cap = ncap;
		}
		struct cscs_report_cap *c = &sc->caps[sc->n_caps++];
		c->grade = col_dup(st, 0, &oom);
		c->check_id = sqlite3_column_type(st, 1) == SQLITE_TEXT ? col_dup(st, 1, &oom) : NULL;
		c->reason = sqlite3_column_type(st, 2) == SQLITE_TEXT ? col_dup(st, 2, &oom) : NULL;
	}
	sqlite3_finalize(st);
	return oom ? CSCS_ERR_NOMEM : CSCS_OK;
}

static enum cscs_error load_entity(struct cscs_report_model *m, struct cscs_diag_list *dl)
{
	struct cscs_report_entity *e = &m->entity;
	e->foreign_invested = -1;
	if (m->records_replaced || !cscs_report_has_table(m->db, "entity"))
		return CSCS_OK;
	sqlite3_stmt *st = NULL;
	bool found = false, oom = false;
	enum cscs_error err = one_row(m->db,
		"SELECT name, name_en, uscc, entity_type, legal_rep_name, legal_rep_id, registered_address,"
		" region_code, established_on, industry_code, registered_capital, paid_in_capital,"
		" capital_due_on, foreign_invested FROM entity ORDER BY id LIMIT 1", NULL, 0, &found, &st, dl);
	if (err)
		return err;
	const char *uscc = found ? (const char *)sqlite3_column_text(st, 2) : NULL;
	/* The entity table holds the current pack: show it only if it is this run's company. */
	if (found && (!e->uscc || (uscc && strcmp(uscc, e->uscc) == 0))) {
		e->has_record = true;
		if (!e->name)
			e->name = col_dup(st, 0, &oom);
		if (!e->uscc)
			e->uscc = col_dup(st, 2, &oom);
		e->name_en = col_dup(st, 1, &oom);
		e->entity_type = col_dup(st, 3, &oom);
		e->legal_rep_name = col_dup(st, 4, &oom);
		e->legal_rep_id = col_dup(st, 5, &oom);
		e->registered_address = col_dup(st, 6, &oom);
		e->region_code = col_dup(st, 7, &oom);
		e->established_on = col_dup(st, 8, &oom);
		e->industry_code = col_dup(st, 9, &oom);
		e->has_registered_capital = sqlite3_column_type(st, 10) != SQLITE_NULL;
		e->registered_capital = sqlite3_column_int64(st, 10);
		e->has_paid_in_capital = sqlite3_column_type(st, 11) != SQLITE_NULL;
		e->paid_in_capital = sqlite3_column_int64(st, 11);
		e->capital_due_on = col_dup(st, 12, &oom);
		if (sqlite3_column_type(st, 13) != SQLITE_NULL)
			e->foreign_invested = sqlite3_column_int(st, 13) != 0;
	}
	sqlite3_finalize(st);
	return oom ? CSCS_ERR_NOMEM : CSCS_OK;
}

static int cmp_sheet_order(const void *a, const void *b)
{
	const struct cscs_report_check *x = a, *y = b;
	int c = strcmp(x->area, y->area);
	return c ? c : strcmp(x->check_id, y->check_id);
}

static int cmp_by_id(const void *a, const void *b)
{
	const struct cscs_report_check *const *x = a, *const *y = b;
	return strcmp((*x)->check_id, (*y)->check_id);
}

static int cmp_by_severity(const void *a, const void *b)
{
	const struct cscs_report_check *x = *(struct cscs_report_check *const *)a;
	const struct cscs_report_check *y = *(struct cscs_report_check *const *)b;
	if (x->sev != y->sev)
		return x->sev < y->sev ? -1 : 1;
	return cmp_sheet_order(x, y);
}

const struct cscs_report_check *cscs_report_model_check(const struct cscs_report_model *m,
							const char *check_id)
{
	size_t lo = 0, hi = m->n_checks;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(m->by_id[mid]->check_id, check_id);
		if (c == 0)
			return m->by_id[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static enum cscs_error add_check(struct cscs_report_model *m, size_t *cap)
{
	if (m->n_checks == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct cscs_report_check *more = realloc(m->checks, ncap * sizeof(*more));
		if (!more)
			return CSCS_ERR_NOMEM;
		m->checks = more;
		*cap = ncap;
	}
	memset(&m->checks[m->n_checks], 0, sizeof(m->checks[0]));
	m->n_checks++;
	return CSCS_OK;
}

static enum cscs_error index_checks(struct cscs_report_model *m)
{
	if (m->n_checks)
		qsort(m->checks, m->n_checks, sizeof(*m->checks), cmp_sheet_order);
	free(m->by_id);
	m->by_id = malloc((m->n_checks + 1) * sizeof(*m->by_id));
	if (!m->by_id)
		return CSCS_ERR_NOMEM;
	/* Pointers into checks: rebuilt whenever the array moves. */
	for (size_t i = 0; i < m->n_checks; i++) {
		m->by_id[i] = &m->checks[i];
		m->checks[i].checks_row = (uint32_t)(i + 1);
	}
	if (m->n_checks)
		qsort(m->by_id, m->n_checks, sizeof(*m->by_id), cmp_by_id);
	return CSCS_OK;
}

/* True when table has a column called name. */
static bool has_column(sqlite3 *db, const char *table, const char *name)
{
	sqlite3_stmt *st;
	bool found = false;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?", -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

static enum cscs_error load_checks(struct cscs_report_model *m, struct cscs_diag_list *dl)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	bool oom = false;
	/* Grade caps and profile changes arrived with migration 3; a database without them has none. */
	bool with_cap = has_column(m->db, "results", "cap") && has_column(m->db, "results", "override");
	/* Rows not judged arrived with migration 7. */
	bool with_unjudged = has_column(m->db, "results", "n_unjudged");
	/* The Chinese basis arrived with migration 9. */
	bool with_basis_zh = has_column(m->db, "results", "basis_zh");
	char sql[640];
	snprintf(sql, sizeof(sql),
		 "SELECT check_id, area, severity, title, title_zh, basis, remedy, remedy_zh, effective_from,"
		 " effective_to, checklist_file, coalesce(checklist_line, 0), status, original_status, reason,"
		 " n_findings, deduction, weight, %s, %s,"
		 " area = 'positive' OR ', ' || coalesce(tags, '') || ',' LIKE '%%, positive,%%', %s"
		 " FROM results WHERE run_id = ?",
		 with_cap ? "cap, override" : "NULL, NULL", with_unjudged ? "n_unjudged" : "0",
		 with_basis_zh ? "basis_zh" : "NULL");
	enum cscs_error err = cscs_store_prepare(m->db, sql, &st, dl);
	if (err)
		return err;
	sqlite3_bind_int64(st, 1, m->run_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((err = add_check(m, &cap)))
			goto out;
		struct cscs_report_check *c = &m->checks[m->n_checks - 1];
		c->check_id = col_dup(st, 0, &oom);
		c->area = col_dup(st, 1, &oom);
		c->severity = col_dup(st, 2, &oom);
		c->title = col_dup(st, 3, &oom);
		c->title_zh = col_dup(st, 4, &oom);
		c->basis = col_dup(st, 5, &oom);
		c->remedy = col_dup(st, 6, &oom);
		c->remedy_zh = col_dup(st, 7, &oom);
		c->effective_from = col_dup(st, 8, &oom);
		c->effective_to = col_dup(st, 9, &oom);
		c->checklist_file = col_dup(st, 10, &oom);
		c->checklist_line = sqlite3_column_int64(st, 11);
		c->status = col_dup(st, 12, &oom);
		c->original_status = col_dup(st, 13, &oom);
		c->reason = col_dup(st, 14, &oom);
		c->n_findings = sqlite3_column_int64(st, 15);
		c->deduction = sqlite3_column_int64(st, 16);
		c->weight = sqlite3_column_double(st, 17);
		c->cap = col_dup(st, 18, &oom);
		c->override = col_dup(st, 19, &oom);
		c->n_unjudged = sqlite3_column_int64(st, 20);
		c->positive = sqlite3_column_int(st, 21) != 0;
		c->basis_zh = col_dup(st, 22, &oom);
		c->sev = parse_sev(c->severity);
		c->status_idx = parse_status(c->status);
		if (oom || !c->check_id || !c->area || !c->severity || !c->status) {
			err = CSCS_ERR_NOMEM;
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		err = cscs_store_error(m->db, rc, "reading results", dl);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((err = index_checks(m)))
		goto out;

	/* Findings per check; a check_id missing from results still gets a row. */
	err = cscs_store_prepare(m->db,
		"SELECT check_id, sum(waived = 0), sum(waived <> 0),"
		" min(CASE WHEN waived = 0 THEN due_date END)"
		" FROM findings WHERE run_id = ? GROUP BY check_id", &st, dl);
	if (err)
		goto out;
	sqlite3_bind_int64(st, 1, m->run_id);
	bool added = false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		struct cscs_report_check *c = (struct cscs_report_check *)cscs_report_model_check(m, id);
		if (!c) {
			if ((err = add_check(m, &cap)))
				goto out;
			c = &m->checks[m->n_checks - 1];
			c->check_id = col_dup(st, 0, &oom);
			c->area = strdup("unknown");
			c->severity = strdup("info");
			c->status = strdup("fail");
			c->sev = CSCS_SEV_INFO;
			c->status_idx = CSCS_ST_FAIL;
			c->synthetic = true;
			if (oom || !c->check_id || !c->area || !c->severity || !c->status) {
				err = CSCS_ERR_NOMEM;
				goto out;
			}
			cscs_diag_warning(dl, NULL, 0, 0, "run %lld has findings of check '%s' but no result for it",
					  (long long)m->run_id, c->check_id);
			added = true;
		}
		c->n_open = sqlite3_column_int64(st, 1);
		c->n_waived = sqlite3_column_int64(st, 2);
		c->earliest_due = col_dup(st, 3, &oom);
		if (oom) {
			err = CSCS_ERR_NOMEM;
			goto out;
		}
		/* The synthetic row above may have moved the array: refresh the index now. */
		if (added && (err = index_checks(m)))
			goto out;
		added = false;
	}
	if (rc != SQLITE_DONE)
		err = cscs_store_error(m->db, rc, "reading findings", dl);
out:
	sqlite3_finalize(st);
	return err;
}

static enum cscs_error summarise(struct cscs_report_model *m)
{
	size_t cap_areas = 0;
	m->by_severity = malloc((m->n_checks + 1) * sizeof(*m->by_severity));
	if (!m->by_severity)
		return CSCS_ERR_NOMEM;
	for (size_t i = 0; i < m->n_checks; i++) {
		const struct cscs_report_check *c = &m->checks[i];
		m->n_by_status[c->status_idx]++;
		if (c->positive) {
			/* A positive signal is no problem to fix: counted apart (docs/scoring.md). */
			m->n_positive += c->n_open + c->n_waived;
			if (c->n_open + c->n_waived > 0) {
				m->n_positive_checks++;
				m->by_severity[m->n_by_severity++] = &m->checks[i];
			}
			continue;
		}
		m->open_by_sev[c->sev] += c->n_open;
		m->waived_by_sev[c->sev] += c->n_waived;
		m->n_open += c->n_open;
		m->n_waived += c->n_waived;
		m->total_deduction += c->deduction;
		if (c->status_idx == CSCS_ST_FAIL)
			m->failed_by_sev[c->sev]++;
		if (c->n_open + c->n_waived > 0)
			m->by_severity[m->n_by_severity++] = &m->checks[i];
		if (c->n_open == 0)
			continue;
		size_t a;
		for (a = 0; a < m->n_areas; a++)
			if (strcmp(m->areas[a].name, c->area) == 0)
				break;
		if (a == m->n_areas) {
			if (m->n_areas == cap_areas) {
				size_t ncap = cap_areas ? cap_areas * 2 : 16;
				struct cscs_report_area *more = realloc(m->areas, ncap * sizeof(*more));
				if (!more)
					return CSCS_ERR_NOMEM;
				m->areas = more;
				cap_areas = ncap;
			}
			memset(&m->areas[a], 0, sizeof(m->areas[a]));
			m->areas[a].name = strdup(c->area);
			if (!m->areas[a].name)
				return CSCS_ERR_NOMEM;
			m->n_areas++;
		}
		m->areas[a].by_sev[c->sev] += c->n_open;
		m->areas[a].total += c->n_open;
	}
	if (m->n_by_severity)
		qsort(m->by_severity, m->n_by_severity, sizeof(*m->by_severity), cmp_by_severity);
	/* Areas: most findings first, then by name, so the chart reads top-down. */
	for (size_t i = 1; i < m->n_areas; i++) {
		struct cscs_report_area key = m->areas[i];
		size_t j = i;
		while (j > 0 && (m->areas[j - 1].total < key.total ||
				 (m->areas[j - 1].total == key.total && strcmp(m->areas[j - 1].name, key.name) > 0))) {
			m->areas[j] = m->areas[j - 1];
			j--;
		}
		m->areas[j] = key;
	}
	return CSCS_OK;
}

static enum cscs_error load_previous(struct cscs_report_model *m, struct cscs_diag_list *dl)
{
	sqlite3_stmt *st = NULL;
	bool found = false, oom = false;
	enum cscs_error err = one_row(m->db,
		"SELECT id, as_of, score, grade, CASE WHEN json_valid(score_detail) AND"
		" json_type(score_detail, '$.model') = 'text' THEN json_extract(score_detail, '$.model') END"
		" FROM runs WHERE status = 'complete' AND id < ?1"
		" AND entity_uscc = (SELECT entity_uscc FROM runs WHERE id = ?1) ORDER BY id DESC LIMIT 1",
		&m->run_id, 1, &found, &st, dl);
	if (err)
		return err;
	if (found) {
		m->prev_run_id = sqlite3_column_int64(st, 0);
		m->prev_as_of = col_dup(st, 1, &oom);
		m->prev_has_score = sqlite3_column_type(st, 2) != SQLITE_NULL;
		m->prev_score = sqlite3_column_int64(st, 2);
		m->prev_grade = col_dup(st, 3, &oom);
		m->prev_model = col_dup(st, 4, &oom);
		/* Scores of two different models are not comparable: no change is computed between them. */
		m->prev_same_model = !m->prev_model || !m->scoring.name || strcmp(m->prev_model, m->scoring.name) == 0;
	}
	sqlite3_finalize(st);
	if (oom)
		return CSCS_ERR_NOMEM;
	if (!found)
		return CSCS_OK;
	int64_t args[2] = {m->run_id, m->prev_run_id};
	err = one_row(m->db,
		"SELECT (SELECT count(*) FROM findings f WHERE f.run_id = ?1 AND NOT EXISTS"
		"   (SELECT 1 FROM findings p WHERE p.run_id = ?2 AND p.fingerprint = f.fingerprint)),"
		" (SELECT count(*) FROM findings p WHERE p.run_id = ?2 AND NOT EXISTS"
		"   (SELECT 1 FROM findings f WHERE f.run_id = ?1 AND f.fingerprint = p.fingerprint))",
		args, 2, &found, &st, dl);
	if (err)
		return err;
	m->n_new = sqlite3_column_int64(st, 0);
	m->n_resolved = sqlite3_column_int64(st, 1);
	m->n_persisting = m->n_open + m->n_waived + m->n_positive - m->n_new;
	sqlite3_finalize(st);
	return CSCS_OK;
}

#define ISO_GLOB "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"

static enum cscs_error load_counts(struct cscs_report_model *m, struct cscs_diag_list *dl)
{
	sqlite3_stmt *st = NULL;
	bool found = false;
	enum cscs_error err;
	m->horizon_end[0] = '\0';
	if (m->as_of_ok) {
		cscs_date_format(m->as_of + m->horizon_days, m->horizon_end);
		err = cscs_store_prepare(m->db,
			"SELECT coalesce(sum(due_date >= ?2 AND due_date <= ?3), 0), coalesce(sum(due_date < ?2), 0)"
			" FROM findings WHERE run_id = ?1 AND waived = 0 AND due_date GLOB " ISO_GLOB, &st, dl);
		if (err)
			return err;
		sqlite3_bind_int64(st, 1, m->run_id);
		sqlite3_bind_text(st, 2, m->as_of_iso, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, m->horizon_end, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			m->n_deadlines = sqlite3_column_int64(st, 0);
			m->n_overdue = sqlite3_column_int64(st, 1);
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW)
			return cscs_store_error(m->db, rc, "reading deadlines", dl);
	}

	err = cscs_store_prepare(m->db, "SELECT level, count(*) FROM data_issues WHERE import_id IS ? GROUP BY level",
				 &st, dl);
	if (err)
		return err;
	if (m->import_id)
		sqlite3_bind_int64(st, 1, m->import_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *level = (const char *)sqlite3_column_text(st, 0);
		int i = level && strcmp(level, "rejected") == 0 ? 0 : level && strcmp(level, "flagged") == 0 ? 1 : 2;
		m->n_issues[i] += sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);

	m->has_screen_matches = cscs_report_has_table(m->db, "screen_matches");
	m->has_review_lists = has_column(m->db, "partner_status", "review_lists") &&
			      has_column(m->db, "partner_status", "best_match_id");
	m->has_waiver_status = cscs_report_has_table(m->db, "waiver_status");
	m->has_historical_lists = has_column(m->db, "partner_status", "historical_lists");
	m->has_status_reason = has_column(m->db, "partner_status", "reason");
	if (m->records_replaced || !cscs_report_has_table(m->db, "partner_status") ||
	    !cscs_report_has_table(m->db, "partners"))
		return CSCS_OK;
	err = cscs_store_prepare(m->db,
		"SELECT s.status, count(*), coalesce(sum(p.spend), 0) FROM partner_status s"
		" JOIN partners p ON p.id = s.partner_id GROUP BY s.status", &st, dl);
	if (err)
		return err;
	struct cscs_report_partners *pt = &m->partners;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);
		int i = s && strcmp(s, "listed") == 0         ? 2
			: s && strcmp(s, "review") == 0       ? 1
			: s && strcmp(s, "not_screened") == 0 ? 3
							      : 0;
		pt->n_by[i] += sqlite3_column_int64(st, 1);
		pt->spend_by[i] += sqlite3_column_int64(st, 2);
		pt->n += sqlite3_column_int64(st, 1);
		pt->spend_total += sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	pt->screened = pt->n > 0;
	if (has_column(m->db, "screen_info", "lists_incomplete")) {
		if ((err = cscs_store_prepare(m->db, "SELECT lists_incomplete FROM screen_info WHERE id = 1", &st, dl)))
			return err;
		bool oom = false;
		if (sqlite3_step(st) == SQLITE_ROW)
			pt->lists_incomplete = col_dup(st, 0, &oom);
		sqlite3_finalize(st);
		if (oom)
			return CSCS_ERR_NOMEM;
	}
	(void)found;
	return CSCS_OK;
}

enum cscs_error cscs_report_model_load(struct cscs_report_model **out, sqlite3 *db, int64_t run_id,
				       int horizon_days, struct cscs_diag_list *dl)
{
	*out = NULL;
	struct cscs_report_model *m = calloc(1, sizeof(*m));
	if (!m)
		return CSCS_ERR_NOMEM;
	m->db = db;
	m->run_id = run_id;
	m->horizon_days = horizon_days > 0 ? horizon_days : 90;
	enum cscs_error err;
	if ((err = load_run(m, dl)) || (err = load_scoring(m)) || (err = load_entity(m, dl)) || (err = load_checks(m, dl)) ||
	    (err = summarise(m)) || (err = load_previous(m, dl)) || (err = load_counts(m, dl))) {
		cscs_report_model_destroy(m);
		return err;
	}
	*out = m;
	return CSCS_OK;
}

/* Columns every iterator query returns, in this order. */
#define FINDING_COLS \
	"f.id, f.subject, f.detail, f.due_date, f.source_file, f.source_line, f.evidence, f.waived," \
	" f.waiver_reason, f.waiver_approver, f.waiver_expires_on, f.fingerprint," \
	" (?3 > 0 AND NOT EXISTS (SELECT 1 FROM findings p WHERE p.run_id = ?3 AND p.fingerprint = f.fingerprint))," \
	" f.check_id, f.subject_shown"

#define SEV_RANK \
	"CASE r.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2" \
	" WHEN 'low' THEN 3 ELSE 4 END"

enum cscs_error cscs_report_iter_start(struct cscs_report_iter *it, const struct cscs_report_model *m,
				       enum cscs_report_order order, struct cscs_diag_list *dl)
{
	memset(it, 0, sizeof(*it));
	it->m = m;
	it->order = order;
	const char *sql = NULL;
	switch (order) {
	case CSCS_ORDER_SEVERITY:
		sql = "SELECT " FINDING_COLS " FROM findings f WHERE f.run_id = ?1 AND f.check_id = ?2 ORDER BY f.id";
		break;
	case CSCS_ORDER_DUE:
		sql = "SELECT " FINDING_COLS " FROM findings f LEFT JOIN results r"
		      " ON r.run_id = f.run_id AND r.check_id = f.check_id WHERE f.run_id = ?1"
		      " ORDER BY f.due_date IS NULL, f.due_date, " SEV_RANK ", f.check_id, f.id";
		break;
	case CSCS_ORDER_DEADLINES:
		sql = "SELECT " FINDING_COLS " FROM findings f LEFT JOIN results r"
		      " ON r.run_id = f.run_id AND r.check_id = f.check_id WHERE f.run_id = ?1 AND f.waived = 0"
		      " AND f.due_date GLOB " ISO_GLOB " AND f.due_date >= ?4 AND f.due_date <= ?5"
		      " ORDER BY f.due_date, " SEV_RANK ", f.check_id, f.id";
		break;
	case CSCS_ORDER_RESOLVED:
		/* Same columns, read from the previous run; ?1 is the current run. */
		sql = "SELECT f.id, f.subject, f.detail, f.due_date, f.source_file, f.source_line, f.evidence,"
		      " f.waived, f.waiver_reason, f.waiver_approver, f.waiver_expires_on, f.fingerprint, 0, f.check_id,"
		      " f.subject_shown"
		      " FROM findings f WHERE f.run_id = ?3 AND ?3 > 0 AND NOT EXISTS"
		      " (SELECT 1 FROM findings c WHERE c.run_id = ?1 AND c.fingerprint = f.fingerprint)"
		      " ORDER BY f.check_id, f.id";
		break;
	}
	enum cscs_error err = cscs_store_prepare(m->db, sql, &it->stmt, dl);
	if (err)
		return err;
	sqlite3_bind_int64(it->stmt, 1, m->run_id);
	sqlite3_bind_int64(it->stmt, 3, m->prev_run_id);
	if (order == CSCS_ORDER_DEADLINES) {
		if (!m->as_of_ok) {
			/* No as-of date, no horizon: an empty walk. */
			sqlite3_bind_text(it->stmt, 4, "9999-99-99", -1, SQLITE_STATIC);
			sqlite3_bind_text(it->stmt, 5, "0000-00-00", -1, SQLITE_STATIC);
		} else {
			sqlite3_bind_text(it->stmt, 4, m->as_of_iso, -1, SQLITE_STATIC);
			sqlite3_bind_text(it->stmt, 5, m->horizon_end, -1, SQLITE_STATIC);
		}
	}
	if (order == CSCS_ORDER_SEVERITY) {
		if (m->n_by_severity == 0) {
			it->next_check = 0;
			return CSCS_OK;
		}
		sqlite3_bind_text(it->stmt, 2, m->by_severity[0]->check_id, -1, SQLITE_STATIC);
		it->next_check = 1;
	}
	return CSCS_OK;
}

static const char *text_or_null(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int cscs_report_iter_next(struct cscs_report_iter *it, struct cscs_report_finding *f, struct cscs_diag_list *dl)
{
	if (!it->stmt)
		return 0;
	const struct cscs_report_model *m = it->m;
	if (it->order == CSCS_ORDER_SEVERITY && m->n_by_severity == 0)
		return 0;
	for (;;) {
		int rc = sqlite3_step(it->stmt);
		if (rc == SQLITE_ROW)
			break;
		if (rc != SQLITE_DONE) {
			cscs_store_error(m->db, rc, "reading findings", dl);
			return -1;
		}
		if (it->order != CSCS_ORDER_SEVERITY || it->next_check >= m->n_by_severity)
			return 0;
		sqlite3_reset(it->stmt);
		sqlite3_bind_text(it->stmt, 2, m->by_severity[it->next_check++]->check_id, -1,
				  SQLITE_STATIC);
	}
	sqlite3_stmt *st = it->stmt;
	memset(f, 0, sizeof(*f));
	f->id = sqlite3_column_int64(st, 0);
	f->subject = text_or_null(st, 1);
	f->detail = text_or_null(st, 2);
	f->due_date = text_or_null(st, 3);
	f->source_file = text_or_null(st, 4);
	f->source_line = sqlite3_column_int64(st, 5);
	f->evidence = text_or_null(st, 6);
	f->waived = sqlite3_column_int(st, 7) != 0;
	f->waiver_reason = text_or_null(st, 8);
	f->waiver_approver = text_or_null(st, 9);
	f->waiver_expires_on = text_or_null(st, 10);
	f->fingerprint = text_or_null(st, 11);
	f->is_new = sqlite3_column_int(st, 12) != 0;
	f->subject_shown = text_or_null(st, 14);
	if (!f->subject_shown)
		f->subject_shown = f->subject;
	const char *check_id = text_or_null(st, 13);
	f->check = check_id ? cscs_report_model_check(m, check_id) : NULL;
	if (!f->check) {
		/* A check of the previous run that this run did not have. */
		it->unknown.check_id = (char *)(check_id ? check_id : "");
		it->unknown.area = (char *)"unknown";
		it->unknown.severity = (char *)"info";
		it->unknown.status = (char *)"fail";
		it->unknown.sev = CSCS_SEV_INFO;
		it->unknown.synthetic = true;
		f->check = &it->unknown;
	}
	return 1;
}

void cscs_report_iter_finish(struct cscs_report_iter *it)
{
	sqlite3_finalize(it->stmt);
	it->stmt = NULL;
}

const char *cscs_report_partner_sql(const struct cscs_report_model *m, char *buf, size_t len)
{
	snprintf(buf, len,
		 "SELECT p.name, p.uscc, p.country, p.role, p.spend, p.contract_end, s.status, %s,"
		 " s.best_score, le.name, le.list, le.listed_on, le.removed_on, le.legal_rep_name, le.legal_rep_id,"
		 " %s, p.contract_start, %s, %s, p.evidence"
		 " FROM partners p LEFT JOIN partner_status s ON s.partner_id = p.id"
		 " LEFT JOIN list_entries le ON le.id = s.best_entry_id"
		 " ORDER BY CASE s.status WHEN 'listed' THEN 0 WHEN 'review' THEN 1 WHEN 'clear' THEN 3 ELSE 2 END,"
		 " coalesce(p.spend, 0) DESC, p.name, p.id",
		 /* A partner under review names its lists in review_lists (migration 4). */
		 m->has_review_lists ? "CASE WHEN coalesce(s.lists, '') = '' THEN s.review_lists ELSE s.lists END"
				     : "s.lists",
		 !m->has_screen_matches ? "NULL"
		 : m->has_review_lists
			 ? "coalesce((SELECT sm.explanation FROM screen_matches sm WHERE sm.id = s.best_match_id),"
			   " (SELECT sm.explanation FROM screen_matches sm WHERE sm.partner_id = p.id"
			   " AND sm.list_entry_id = s.best_entry_id ORDER BY sm.score DESC LIMIT 1))"
			 : "(SELECT sm.explanation FROM screen_matches sm WHERE sm.partner_id = p.id"
			   " AND sm.list_entry_id = s.best_entry_id ORDER BY sm.score DESC LIMIT 1)",
		 m->has_historical_lists ? "s.historical_lists" : "NULL",
		 m->has_status_reason ? "s.reason" : "NULL");
	return buf;
}
