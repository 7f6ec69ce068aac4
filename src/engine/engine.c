/*
 * One run: load, select, evaluate, waive, score, store. Everything is
 * computed first; the database is then written in a single transaction,
 * so a crash or an error leaves either the whole run or nothing.
 */
#include "cscs/engine/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/buf.h"
#include "cscs/core/fs.h"
#include "cscs/core/json.h"
#include "cscs/core/path.h"
#include "cscs/engine/checklist.h"
#include "cscs/engine/evaluator.h"
#include "cscs/engine/profile.h"
#include "cscs/engine/sandbox.h"
#include "cscs/engine/score.h"
#include "cscs/engine/waiver.h"

struct run {
	struct cscs_store *st;                /* the audit database */
	const struct cscs_engine_opts *opts;  /* what to run */
	struct cscs_diag_list *dl;            /* messages */
	char started_at[32];                  /* when the run began */
	struct cscs_checklist *cl;            /* every check loaded */
	struct cscs_profile *profile;         /* or NULL */
	struct cscs_waivers *waivers;         /* or NULL */
	const struct cscs_check **selected;   /* checks to run */
	size_t n_selected;                    /* entries in selected */
	struct cscs_check_result *results;    /* one per selected check */
	size_t n_results;                     /* results filled */
	struct cscs_score_model model;        /* the score model */
	struct cscs_score_input *inputs;      /* one per result */
	struct cscs_score score;              /* the run's score */
	int64_t run_id;                       /* runs.id once inserted */
	struct cscs_buf provisional;          /* why the grade is provisional, one reason a line; empty when not */
	struct cscs_buf provisional_json;     /* the same as a JSON array of {code, ..., text} (runs.grade_provisional) */
};

static void run_finish(struct run *r)
{
	for (size_t i = 0; i < r->n_results; i++)
		cscs_check_result_finish(&r->results[i]);
	free(r->results);
	free(r->inputs);
	free(r->selected);
	cscs_score_finish(&r->score);
	cscs_buf_finish(&r->provisional);
	cscs_buf_finish(&r->provisional_json);
	cscs_waivers_destroy(r->waivers);
	cscs_profile_destroy(r->profile);
	cscs_checklist_destroy(r->cl);
}

/* ---- loading and selecting -------------------------------------------- */

static enum cscs_error load_inputs(struct run *r)
{
	const struct cscs_engine_opts *o = r->opts;
	enum cscs_error err = cscs_checklist_create(&r->cl), first = CSCS_OK;
	if (err)
		return err;
	if (o->n_checklists == 0) {
		cscs_diag_error(r->dl, NULL, 0, 0, "no checklist given");
		return CSCS_ERR_USAGE;
	}
	/* Load every path before giving up, so all malformed files are reported at once. */
	for (size_t i = 0; i < o->n_checklists; i++) {
		err = cscs_checklist_load(r->cl, o->checklists[i], r->dl);
		if (err == CSCS_ERR_NOMEM)
			return err;
		if (err && !first)
			first = err;
	}
	if (first)
		return first;
	if (o->profile && (err = cscs_profile_load(o->profile, &r->profile, r->dl)))
		return err;
	if (o->waivers && (err = cscs_waivers_load(o->waivers, &r->waivers, r->dl)))
		return err;
	return CSCS_OK;
}

static enum cscs_error select_checks(struct run *r)
{
	const struct cscs_check **in_force;
	size_t n;
	enum cscs_error err = cscs_checklist_in_force(r->cl, r->opts->as_of, &in_force, &n);
	if (err)
		return err;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!r->profile || cscs_profile_selects(r->profile, in_force[i]))
			in_force[k++] = in_force[i];
	r->selected = in_force;
	r->n_selected = k;
	if (k == 0) {
		if (r->profile)
			cscs_profile_warn_unused(r->profile, r->dl);
		char as_of[CSCS_DATE_ISO_LEN];
		cscs_date_format(r->opts->as_of, as_of);
		if (r->profile)
			cscs_diag_error(r->dl, r->profile->path, 0, 0,
					"the profile selects no check of the %zu in force on %s", n, as_of);
		else
			cscs_diag_error(r->dl, NULL, 0, 0, "no check is in force on %s (%zu checks loaded)",
					as_of, r->cl->n_checks);
		return CSCS_ERR_CHECKLIST;
	}
	return CSCS_OK;
}

/* ---- evaluating ------------------------------------------------------- */

static enum cscs_error evaluate_all(struct run *r)
{
	struct cscs_sandbox *sb = NULL;
	struct cscs_evaluator *ev = NULL;
	enum cscs_error err = cscs_sandbox_open(&sb, r->st->path, r->opts->time_budget_ms, r->dl);
	if (!err)
		err = cscs_evaluator_create(&ev, sb, r->opts->as_of);
	if (!err)
		cscs_evaluator_set_lang(ev, r->opts->lang);
	if (!err && !(r->results = calloc(r->n_selected, sizeof(*r->results))))
		err = CSCS_ERR_NOMEM;
	for (size_t i = 0; i < r->n_selected && !err; i++) {
		const struct cscs_check *c = r->selected[i];
		struct cscs_check_result *res = &r->results[i];
		err = cscs_evaluate(ev, c, res);
		r->n_results = i + 1;
		cscs_progress_tick(r->opts->progress, i + 1, r->n_selected);
		if (err)
			break;
		if (r->profile &&
		    (err = cscs_profile_apply(r->profile, c, &res->severity, &res->weight, &res->override)))
			break;
		if (r->waivers && (err = cscs_waivers_apply(r->waivers, res, r->opts->as_of)))
			break;
		if (res->status == CSCS_STATUS_ERROR)
			cscs_diag_warning(r->dl, c->file, c->line, 0, "check '%s': %s", c->id,
					  res->reason ? res->reason : "error");
	}
	cscs_evaluator_destroy(ev);
	cscs_sandbox_close(sb);
	return err;
}

static void report_waivers(struct run *r)
{
	if (!r->waivers)
		return;
	char as_of[CSCS_DATE_ISO_LEN], d[CSCS_DATE_ISO_LEN];
	cscs_date_format(r->opts->as_of, as_of);
	const char *file = r->waivers->path;
	for (size_t i = 0; i < r->waivers->n; i++) {
		const struct cscs_waiver *w = &r->waivers->items[i];
		enum cscs_waiver_state s = cscs_waiver_state(w, r->opts->as_of);
		const char *subj = w->subject ? w->subject : "every finding";
		const char *unwaived = w->n_inactive ? "; its findings are reported unwaived" : "";
		if (s == CSCS_WAIVER_EXPIRED) {
			cscs_date_format(w->expires_on, d);
			cscs_diag_warning(r->dl, file, w->line, 0, "waiver of '%s' (%s) expired on %s and no "
					  "longer applies%s", w->check_id, subj, d, unwaived);
		} else if (s == CSCS_WAIVER_NOT_YET) {
			cscs_date_format(w->granted_on, d);
			cscs_diag_warning(r->dl, file, w->line, 0, "waiver of '%s' (%s) is granted from %s, "
					  "after the as-of date %s; it does not apply", w->check_id, subj, d,
					  as_of);
		} else if (!w->check_ran) {
			cscs_diag_warning(r->dl, file, w->line, 0, "waiver names check '%s', which did not "
					  "run (not loaded, not in force or not selected)", w->check_id);
		}
	}
}

/* A positive signal: a check of the area `positive` or tagged `positive` (checklists/positive.sql). */
static bool is_positive(const struct cscs_check *c)
{
	if (c->area && strcmp(c->area, "positive") == 0)
		return true;
	for (size_t i = 0; i < c->n_tags; i++)
		if (strcmp(c->tags[i], "positive") == 0)
			return true;
	return false;
}

/* Tag "unscored": a control of the records themselves (EVD-001), no part of the credit score. */
static bool is_unscored(const struct cscs_check *c)
{
	for (size_t i = 0; i < c->n_tags; i++)
		if (strcmp(c->tags[i], "unscored") == 0)
			return true;
	return false;
}

static enum cscs_error compute_score(struct run *r)
{
	cscs_score_model_default(&r->model);
	r->inputs = calloc(r->n_results ? r->n_results : 1, sizeof(*r->inputs));
	if (!r->inputs)
		return CSCS_ERR_NOMEM;
	for (size_t i = 0; i < r->n_results; i++) {
		const struct cscs_check_result *res = &r->results[i];
		r->inputs[i] = (struct cscs_score_input){
			.check_id = res->check->id,
			.area = res->check->area,
			.positive = is_positive(res->check),
			.unscored = is_unscored(res->check),
			.status = res->status,
			.severity = res->severity,
			.weight = res->weight,
			.cap = res->check->cap,
		};
	}
	enum cscs_error err = cscs_score_compute(&r->model, r->inputs, r->n_results, &r->score);
	if (err)
		return err;
	for (size_t i = 0; i < r->n_results; i++)
		r->results[i].deduction = r->inputs[i].deduction;
	return CSCS_OK;
}

/* ---- storing ---------------------------------------------------------- */

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static void bind_date(sqlite3_stmt *st, int i, bool has, cscs_date d)
{
	char buf[CSCS_DATE_ISO_LEN];
	if (has)
		sqlite3_bind_text(st, i, cscs_date_format(d, buf), -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static enum cscs_error step_done(sqlite3 *db, sqlite3_stmt *st, const char *what, struct cscs_diag_list *dl)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? CSCS_OK : cscs_store_error(db, rc, what, dl);
}

static enum cscs_error insert_run(struct run *r)
{
	sqlite3 *db = r->st->db;
	const struct cscs_engine_opts *o = r->opts;
	sqlite3_stmt *st = NULL;
	int64_t import_id = o->import_id;
	enum cscs_error err;
	if (import_id <= 0) {
		if ((err = cscs_store_prepare(db, "SELECT max(id) FROM imports", &st, r->dl)))
			return err;
		if (sqlite3_step(st) == SQLITE_ROW)
			import_id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	char *entity_name = NULL, *entity_uscc = NULL;
	if ((err = cscs_store_prepare(db, "SELECT name, uscc FROM entity ORDER BY id LIMIT 1", &st, r->dl)))
		return err;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *n = (const char *)sqlite3_column_text(st, 0);
		const char *u = (const char *)sqlite3_column_text(st, 1);
		entity_name = n ? strdup(n) : NULL;
		entity_uscc = u ? strdup(u) : NULL;
	}
	sqlite3_finalize(st);
	err = cscs_store_prepare(db,
		"INSERT INTO runs(started_at, status, as_of, tool_version, import_id, entity_name,"
		" entity_uscc, profile, lang, command_line, ruleset, ruleset_reviewed_on)"
		" VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st, r->dl);
	if (!err) {
		sqlite3_bind_text(st, 1, r->started_at, -1, SQLITE_TRANSIENT);
		bind_date(st, 2, true, o->as_of);
		sqlite3_bind_text(st, 3, CSCS_VERSION, -1, SQLITE_STATIC);
		if (import_id > 0)
			sqlite3_bind_int64(st, 4, import_id);
		bind_text(st, 5, entity_name);
		bind_text(st, 6, entity_uscc);
		bind_text(st, 7, r->profile ? cscs_profile_label(r->profile) : NULL);
		bind_text(st, 8, o->lang ? o->lang : "en");
		bind_text(st, 9, o->command_line);
		bind_text(st, 10, r->cl->ruleset);
		bind_date(st, 11, r->cl->has_reviewed, r->cl->reviewed_on);
		err = step_done(db, st, "storing the run", r->dl);
		sqlite3_finalize(st);
	}
	free(entity_name);
	free(entity_uscc);
	r->run_id = sqlite3_last_insert_rowid(db);
	return err;
}

static enum cscs_error insert_file_input(struct run *r, sqlite3_stmt *st, const char *kind, const char *path)
{
	char hex[CSCS_SHA256_HEX_LEN];
	uint64_t size;
	enum cscs_error err = cscs_fs_sha256_file(path, hex, &size, r->dl);
	if (err)
		return err;
	sqlite3_bind_int64(st, 1, r->run_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	char *shown = cscs_path_display(path); /* no local folder in reports; the hash identifies the file */
	if (!shown)
		return CSCS_ERR_NOMEM;
	sqlite3_bind_text(st, 3, shown, -1, SQLITE_TRANSIENT);
	free(shown);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)size);
	sqlite3_bind_text(st, 5, hex, -1, SQLITE_TRANSIENT);
	return step_done(r->st->db, st, "storing the run's inputs", r->dl);
}

static enum cscs_error insert_inputs(struct run *r)
{
	sqlite3 *db = r->st->db;
	sqlite3_stmt *st;
	enum cscs_error err = cscs_store_prepare(db,
		"INSERT INTO run_inputs(run_id, kind, path, size, sha256) VALUES (?, ?, ?, ?, ?)",
		&st, r->dl);
	if (err)
		return err;
	for (size_t i = 0; i < r->cl->n_files && !err; i++)
		err = insert_file_input(r, st, "checklist", r->cl->files[i]);
	if (!err && r->profile)
		err = insert_file_input(r, st, "profile", r->profile->path);
	if (!err && r->waivers)
		err = insert_file_input(r, st, "waivers", r->waivers->path);
	if (!err && r->opts->config)
		err = insert_file_input(r, st, "config", r->opts->config);
	if (!err && r->opts->batch_config)
		err = insert_file_input(r, st, "config", r->opts->batch_config);
	sqlite3_finalize(st);
	return err;
}

/* The record files as hashed when imported: the run read them, not today's copies. */
static enum cscs_error insert_record_inputs(struct run *r)
{
	sqlite3 *db = r->st->db;
	sqlite3_stmt *st;
	enum cscs_error err = cscs_store_prepare(db,
		"INSERT INTO run_inputs(run_id, kind, path, size, sha256)"
		" SELECT ?1, CASE WHEN record_type = 'list_entries' THEN 'list' ELSE 'record' END,"
		"  path, size, sha256"
		" FROM source_files"
		" WHERE import_id = (SELECT import_id FROM runs WHERE id = ?1)"
		"  OR id IN (SELECT DISTINCT src_file FROM list_entries)"
		" ORDER BY id", &st, r->dl);
	if (err)
		return err;
	sqlite3_bind_int64(st, 1, r->run_id);
	err = step_done(db, st, "storing the run's record files", r->dl);
	sqlite3_finalize(st);
	return err;
}

/* The tags as "a, b", or NULL when there are none. */
static char *tags_text(const struct cscs_check *c)
{
	if (c->n_tags == 0)
		return NULL;
	struct cscs_buf b = CSCS_BUF_INIT;
	for (size_t i = 0; i < c->n_tags; i++) {
		if (i)
			cscs_buf_adds(&b, ", ");
		cscs_buf_adds(&b, c->tags[i]);
	}
	return cscs_buf_detach(&b);
}

static enum cscs_error insert_results(struct run *r)
{
	sqlite3 *db = r->st->db;
	sqlite3_stmt *rs = NULL, *fs = NULL;
	enum cscs_error err = cscs_store_prepare(db,
		"INSERT INTO results(run_id, check_id, area, severity, weight, title, title_zh, basis,"
		" remedy, remedy_zh, tags, effective_from, effective_to, checklist_file, checklist_line,"
		" status, original_status, reason, n_findings, deduction, cap, override, n_unjudged, basis_zh)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &rs, r->dl);
	if (!err)
		err = cscs_store_prepare(db,
			"INSERT INTO findings(run_id, check_id, subject, detail, due_date, source_file,"
			" source_line, evidence, waived, waiver_reason, waiver_approver, waiver_expires_on,"
			" fingerprint, subject_shown)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &fs, r->dl);
	for (size_t i = 0; i < r->n_results && !err; i++) {
		const struct cscs_check_result *res = &r->results[i];
		const struct cscs_check *c = res->check;
		char *tags = tags_text(c);
		char *file = c->file ? cscs_path_display(c->file) : NULL;
		if (c->file && !file) {
			free(tags);
			err = CSCS_ERR_NOMEM;
			break;
		}
		char cap[2] = {c->cap, '\0'};
		sqlite3_bind_int64(rs, 1, r->run_id);
		bind_text(rs, 2, c->id);
		bind_text(rs, 3, c->area);
		bind_text(rs, 4, cscs_severity_name(res->severity));
		sqlite3_bind_double(rs, 5, res->weight);
		bind_text(rs, 6, c->title);
		bind_text(rs, 7, c->title_zh);
		bind_text(rs, 8, c->basis);
		bind_text(rs, 9, c->remedy);
		bind_text(rs, 10, c->remedy_zh);
		bind_text(rs, 11, tags);
		bind_date(rs, 12, c->has_from, c->effective_from);
		bind_date(rs, 13, c->has_to, c->effective_to);
		bind_text(rs, 14, file);
		sqlite3_bind_int64(rs, 15, (sqlite3_int64)c->line);
		bind_text(rs, 16, cscs_status_name(res->status));
		bind_text(rs, 17, res->status == CSCS_STATUS_WAIVED ? cscs_status_name(res->original_status)
								    : NULL);
		bind_text(rs, 18, res->reason);
		sqlite3_bind_int64(rs, 19, (sqlite3_int64)res->n_findings);
		sqlite3_bind_int(rs, 20, res->deduction);
		bind_text(rs, 21, c->cap ? cap : NULL);
		bind_text(rs, 22, res->override);
		sqlite3_bind_int64(rs, 23, (sqlite3_int64)res->n_unjudged);
		bind_text(rs, 24, c->basis_zh);
		free(tags);
		free(file);
		err = step_done(db, rs, "storing results", r->dl);
		for (size_t j = 0; j < res->n_findings && !err; j++) {
			const struct cscs_finding *f = &res->findings[j];
			struct cscs_buf fp = CSCS_BUF_INIT;
			cscs_buf_addf(&fp, "%s|%s", c->id, f->subject ? f->subject : "");
			if (fp.oom) {
				err = CSCS_ERR_NOMEM;
				break;
			}
			sqlite3_bind_int64(fs, 1, r->run_id);
			bind_text(fs, 2, c->id);
			bind_text(fs, 3, f->subject);
			bind_text(fs, 4, f->detail);
			bind_text(fs, 5, f->due_date);
			bind_text(fs, 6, f->source_file);
			if (f->source_line > 0)
				sqlite3_bind_int64(fs, 7, f->source_line);
			bind_text(fs, 8, f->evidence);
			sqlite3_bind_int(fs, 9, f->waiver != NULL);
			if (f->waiver) {
				char d[CSCS_DATE_ISO_LEN];
				bind_text(fs, 10, f->waiver->justification);
				bind_text(fs, 11, f->waiver->approver);
				bind_text(fs, 12, cscs_date_format(f->waiver->expires_on, d));
			}
			bind_text(fs, 13, cscs_buf_str(&fp));
			bind_text(fs, 14, f->subject_shown);
			cscs_buf_finish(&fp);
			err = step_done(db, fs, "storing findings", r->dl);
		}
	}
	sqlite3_finalize(rs);
	sqlite3_finalize(fs);
	return err;
}

static const char *waiver_row_status(const struct cscs_waiver *w, cscs_date as_of)
{
	switch (cscs_waiver_state(w, as_of)) {
	case CSCS_WAIVER_EXPIRED:
		return "expired";
	case CSCS_WAIVER_NOT_YET:
		return "not_yet_valid";
	case CSCS_WAIVER_ACTIVE:
		break;
	}
	if (!w->check_ran)
		return "unknown_check";
	return w->n_applied ? "applied" : "unused";
}

static enum cscs_error insert_waivers(struct run *r)
{
	if (!r->waivers)
		return CSCS_OK;
	sqlite3 *db = r->st->db;
	sqlite3_stmt *st;
	char *file = cscs_path_display(r->waivers->path);
	if (!file)
		return CSCS_ERR_NOMEM;
	enum cscs_error err = cscs_store_prepare(db,
		"INSERT INTO waiver_status(run_id, waivers_file, line, check_id, subject, justification,"
		" approver, granted_on, expires_on, status, n_findings)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st, r->dl);
	for (size_t i = 0; i < r->waivers->n && !err; i++) {
		const struct cscs_waiver *w = &r->waivers->items[i];
		const char *status = waiver_row_status(w, r->opts->as_of);
		bool active = cscs_waiver_state(w, r->opts->as_of) == CSCS_WAIVER_ACTIVE;
		sqlite3_bind_int64(st, 1, r->run_id);
		bind_text(st, 2, file);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)w->line);
		bind_text(st, 4, w->check_id);
		bind_text(st, 5, w->subject);
		bind_text(st, 6, w->justification);
		bind_text(st, 7, w->approver);
		bind_date(st, 8, true, w->granted_on);
		bind_date(st, 9, true, w->expires_on);
		bind_text(st, 10, status);
		sqlite3_bind_int64(st, 11, (sqlite3_int64)(active ? w->n_applied : w->n_inactive));
		err = step_done(db, st, "storing waiver status", r->dl);
	}
	sqlite3_finalize(st);
	free(file);
	return err;
}

/* One reason as a JSON object: code, its parameters and the English sentence. */
static void add_reason(struct run *r, const char *code, const char *columns, const char *given, size_t n_not,
		       size_t n_applicable, const char *text)
{
	struct cscs_buf *j = &r->provisional_json;
	cscs_buf_adds(j, j->len ? "," : "[");
	cscs_buf_adds(j, "{\"code\":");
	cscs_json_add_string(j, code);
	if (columns) {
		cscs_buf_adds(j, ",\"columns\":");
		cscs_json_add_string(j, columns);
	}
	if (given && *given) {
		cscs_buf_adds(j, ",\"given\":");
		cscs_json_add_string(j, given);
	}
	if (n_applicable)
		cscs_buf_addf(j, ",\"not_evaluated\":%zu,\"applicable\":%zu", n_not, n_applicable);
	cscs_buf_adds(j, ",\"text\":");
	cscs_json_add_string(j, text);
	cscs_buf_addc(j, '}');
	cscs_buf_adds(&r->provisional, r->provisional.len ? "\n" : "");
	cscs_buf_adds(&r->provisional, text);
}

/*
 * Why the grade cannot be read as a plain letter: the audited entity is
 * unknown (no entity row, or its name, code or type unknown), or more
 * than a quarter of the applicable checks could not be evaluated. Kept as
 * English lines (console) and as a JSON array with codes and parameters
 * (runs.grade_provisional), from which the report words it in its language.
 */
static enum cscs_error provisional_reasons(struct run *r)
{
	sqlite3 *db = r->st->db;
	sqlite3_stmt *st = NULL;
	struct cscs_buf text = CSCS_BUF_INIT;
	enum cscs_error err = cscs_store_prepare(db,
		"SELECT e.id, e.name, e.uscc, e.entity_type FROM entity e ORDER BY e.id LIMIT 1", &st, r->dl);
	if (err)
		return err;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		add_reason(r, "entity_missing", NULL, NULL, 0, 0,
			   "the audited entity is unknown: no entity record was read (entity.csv missing, empty or "
			   "unreadable)");
	} else if (rc == SQLITE_ROW) {
		static const char *const columns[] = {"name", "uscc", "entity_type"};
		struct cscs_buf missing = CSCS_BUF_INIT, given = CSCS_BUF_INIT;
		int64_t id = sqlite3_column_int64(st, 0);
		sqlite3_stmt *raw = NULL;
		/* the value as given, when the import kept it (unknown_values, migration 6) */
		if (sqlite3_prepare_v2(db, "SELECT raw FROM unknown_values WHERE record_table = 'entity'"
				       " AND record_id = ? AND column_name = ? ORDER BY id LIMIT 1", -1, &raw, NULL) != SQLITE_OK) {
			sqlite3_finalize(raw);
			raw = NULL;
		}
		for (int i = 0; i < 3; i++) {
			const char *v = (const char *)sqlite3_column_text(st, i + 1);
			if (v && *v)
				continue;
			cscs_buf_adds(&missing, missing.len ? ", " : "");
			cscs_buf_adds(&missing, columns[i]);
			if (raw) {
				sqlite3_reset(raw);
				sqlite3_bind_int64(raw, 1, id);
				sqlite3_bind_text(raw, 2, columns[i], -1, SQLITE_STATIC);
				if (sqlite3_step(raw) == SQLITE_ROW && sqlite3_column_text(raw, 0))
					cscs_buf_addf(&given, "%s%s '%s'", given.len ? ", " : "", columns[i],
						      sqlite3_column_text(raw, 0));
			}
		}
		sqlite3_finalize(raw);
		if (missing.len) {
			cscs_buf_addf(&text, "the audited entity is unknown: not known: %s", cscs_buf_str(&missing));
			if (given.len)
				cscs_buf_addf(&text, " (as given: %s)", cscs_buf_str(&given));
			add_reason(r, "entity_unknown", cscs_buf_str(&missing), cscs_buf_str(&given), 0, 0,
				   cscs_buf_str(&text));
		}
		if (missing.oom || given.oom)
			r->provisional.oom = true;
		cscs_buf_finish(&missing);
		cscs_buf_finish(&given);
	} else {
		err = cscs_store_error(db, rc, "reading the entity", r->dl);
	}
	sqlite3_finalize(st);
	size_t n_not = r->score.n_by_status[CSCS_STATUS_INSUFFICIENT_DATA] + r->score.n_by_status[CSCS_STATUS_ERROR];
	if (!err && r->score.n_applicable && n_not * 4 > r->score.n_applicable) {
		cscs_buf_reset(&text);
		cscs_buf_addf(&text, "%zu of %zu applicable checks could not be evaluated (insufficient data or error), "
			      "more than a quarter", n_not, r->score.n_applicable);
		add_reason(r, "checks_not_evaluated", NULL, NULL, n_not, r->score.n_applicable, cscs_buf_str(&text));
	}
	if (r->provisional_json.len)
		cscs_buf_addc(&r->provisional_json, ']');
	bool oom = text.oom || r->provisional.oom || r->provisional_json.oom;
	cscs_buf_finish(&text);
	return err ? err : oom ? CSCS_ERR_NOMEM : CSCS_OK;
}

static enum cscs_error complete_run(struct run *r)
{
	sqlite3 *db = r->st->db;
	sqlite3_stmt *st;
	char *detail = cscs_score_detail_json(&r->model, &r->score);
	if (!detail)
		return CSCS_ERR_NOMEM;
	enum cscs_error err = cscs_store_prepare(db,
		"UPDATE runs SET status = 'complete', finished_at = ?, score = ?, grade = ?, score_detail = ?,"
		" grade_provisional = ? WHERE id = ?", &st, r->dl);
	if (!err) {
		char now[32], grade[2] = {r->score.grade, '\0'};
		sqlite3_bind_text(st, 1, cscs_store_now(now, sizeof(now)), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, r->score.score);
		sqlite3_bind_text(st, 3, grade, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, detail, -1, SQLITE_TRANSIENT);
		if (r->provisional_json.len)
			sqlite3_bind_text(st, 5, cscs_buf_str(&r->provisional_json), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 6, r->run_id);
		err = step_done(db, st, "completing the run", r->dl);
		sqlite3_finalize(st);
	}
	free(detail);
	return err;
}

static enum cscs_error store_run(struct run *r)
{
	sqlite3 *db = r->st->db;
	enum cscs_error err = cscs_store_begin(db, r->dl);
	if (err)
		return err;
	if (!(err = insert_run(r)) && !(err = insert_inputs(r)) && !(err = insert_record_inputs(r)) &&
	    !(err = insert_results(r)) && !(err = insert_waivers(r)) && !(err = provisional_reasons(r)) &&
	    !(err = complete_run(r)))
		err = cscs_store_commit(db, r->dl);
	if (err) {
		cscs_store_rollback(db);
		r->run_id = 0;
	}
	return err;
}

static void summarise(const struct run *r, struct cscs_run_summary *sum)
{
	sum->run_id = r->run_id;
	sum->n_checks = r->n_results;
	for (size_t i = 0; i < r->n_results; i++) {
		const struct cscs_check_result *res = &r->results[i];
		sum->n_by_status[res->status]++;
		size_t unwaived = res->n_findings - res->n_waived;
		sum->n_findings += unwaived;
		sum->n_findings_by_severity[res->severity] += unwaived;
	}
	sum->score = r->score.score;
	sum->grade[0] = r->score.grade;
	sum->grade[1] = '\0';
	sum->fix_top_score = r->score.fix_top_score;
	for (size_t i = 0, at = 0; i < r->score.n_fix_top && at < sizeof(sum->fix_top); i++) {
		int n = snprintf(sum->fix_top + at, sizeof(sum->fix_top) - at, "%s%s", i ? ", " : "", r->score.fix_top[i]);
		at += n > 0 ? (size_t)n : 0;
	}
	sum->coverage_pct = r->score.coverage_pct;
	snprintf(sum->provisional, sizeof(sum->provisional), "%s", cscs_buf_str(&r->provisional));
	if (r->waivers) {
		for (size_t i = 0; i < r->waivers->n; i++) {
			const struct cscs_waiver *w = &r->waivers->items[i];
			enum cscs_waiver_state s = cscs_waiver_state(w, r->opts->as_of);
			if (s == CSCS_WAIVER_EXPIRED)
				sum->n_waivers_expired++;
			else if (s == CSCS_WAIVER_ACTIVE && w->n_applied)
				sum->n_waivers_applied++;
		}
	}
}

enum cscs_error cscs_engine_run(struct cscs_store *st, const struct cscs_engine_opts *opts,
				struct cscs_run_summary *sum, struct cscs_diag_list *dl)
{
	memset(sum, 0, sizeof(*sum));
	struct run r = {.st = st, .opts = opts, .dl = dl};
	cscs_store_now(r.started_at, sizeof(r.started_at));
	enum cscs_error err = load_inputs(&r);
	if (!err)
		err = select_checks(&r);
	/* before the checks' own read-only connection opens: it cannot make them */
	if (!err)
		err = cscs_store_make_check_indexes(st->db, dl);
	if (!err)
		err = evaluate_all(&r);
	if (!err) {
		/* after evaluation, which applied the overrides: every pattern has had its chance */
		if (r.profile)
			cscs_profile_warn_unused(r.profile, dl);
		report_waivers(&r);
		err = compute_score(&r);
	}
	if (!err)
		err = store_run(&r);
	if (!err)
		summarise(&r, sum);
	run_finish(&r);
	return err;
}
