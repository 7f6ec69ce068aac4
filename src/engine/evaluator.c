#include "cscs/engine/evaluator.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/buf.h"
#include "cscs/core/json.h"
#include "cscs/core/text.h"
#include "cscs/engine/json.h"
#include "cscs/engine/wording.h"

struct source_path {
	int64_t id; /* source_files.id */
	char *path; /* its path, or NULL when there is no such row */
};

struct cscs_evaluator {
	struct cscs_sandbox *sb;      /* not owned */
	char as_of[CSCS_DATE_ISO_LEN]; /* bound as :as_of */
	bool zh;                      /* findings worded in Chinese (detail.zh) */
	struct source_path *paths;    /* src_file ids already looked up */
	size_t n_paths;               /* entries in paths */
	size_t cap_paths;             /* allocated entries */
};

enum role {
	R_EVIDENCE,
	R_SUBJECT,
	R_DETAIL,
	R_DUE_DATE,
	R_SRC_FILE,
	R_SRC_LINE,
	R_SOURCE_REF,
	R_WORDING,
};

enum cscs_error cscs_evaluator_create(struct cscs_evaluator **out, struct cscs_sandbox *sb, cscs_date as_of)
{
	struct cscs_evaluator *ev = calloc(1, sizeof(*ev));
	*out = ev;
	if (!ev)
		return CSCS_ERR_NOMEM;
	ev->sb = sb;
	cscs_date_format(as_of, ev->as_of);
	return CSCS_OK;
}

void cscs_evaluator_set_lang(struct cscs_evaluator *ev, const char *lang)
{
	ev->zh = lang && strcmp(lang, "zh") == 0;
}

void cscs_evaluator_destroy(struct cscs_evaluator *ev)
{
	if (!ev)
		return;
	for (size_t i = 0; i < ev->n_paths; i++)
		free(ev->paths[i].path);
	free(ev->paths);
	free(ev);
}

static void finding_finish(struct cscs_finding *f)
{
	free(f->subject);
	free(f->detail);
	free(f->due_date);
	free(f->source_file);
	free(f->evidence);
}

static void drop_findings(struct cscs_check_result *res)
{
	for (size_t i = 0; i < res->n_findings; i++)
		finding_finish(&res->findings[i]);
	free(res->findings);
	res->findings = NULL;
	res->n_findings = 0;
	res->cap_findings = 0;
}

void cscs_check_result_finish(struct cscs_check_result *res)
{
	if (!res)
		return;
	drop_findings(res);
	free(res->reason);
	free(res->override);
	memset(res, 0, sizeof(*res));
}

static enum cscs_error set_reason(struct cscs_check_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static enum cscs_error set_reason(struct cscs_check_result *res, const char *fmt, ...)
{
	struct cscs_buf b = CSCS_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	cscs_buf_addvf(&b, fmt, ap);
	va_end(ap);
	free(res->reason);
	res->reason = cscs_buf_detach(&b);
	return res->reason ? CSCS_OK : CSCS_ERR_NOMEM;
}

static char *dup_column(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	const char *s = (const char *)sqlite3_column_text(st, col);
	return s ? strdup(s) : NULL;
}

/* The path of record file id (source_files), looked up once. */
static const char *source_path(struct cscs_evaluator *ev, int64_t id)
{
	for (size_t i = 0; i < ev->n_paths; i++)
		if (ev->paths[i].id == id)
			return ev->paths[i].path;
	char *path = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(cscs_sandbox_db(ev->sb), "SELECT path FROM source_files WHERE id = ?", -1, &st,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			path = dup_column(st, 0);
	}
	sqlite3_finalize(st);
	if (ev->n_paths == ev->cap_paths) {
		size_t cap = ev->cap_paths ? ev->cap_paths * 2 : 16;
		struct source_path *more = realloc(ev->paths, cap * sizeof(*more));
		if (!more) {
			free(path);
			return NULL;
		}
		ev->paths = more;
		ev->cap_paths = cap;
	}
	ev->paths[ev->n_paths].id = id;
	ev->paths[ev->n_paths].path = path;
	ev->n_paths++;
	return path;
}

static enum role column_role(const char *name)
{
	static const struct {
		const char *name;
		enum role role;
	} roles[] = {
		{"subject", R_SUBJECT}, {"detail", R_DETAIL}, {"due_date", R_DUE_DATE},
		{"src_file", R_SRC_FILE}, {"src_line", R_SRC_LINE}, {"source_ref", R_SOURCE_REF},
	};
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (name && cscs_text_ieq(name, roles[i].name))
			return roles[i].role;
	/* a column named ..._en or ..._zh holds words for a detail template, not evidence */
	size_t n = name ? strlen(name) : 0;
	if (n > 3 && (cscs_text_ieq(name + n - 3, "_en") || cscs_text_ieq(name + n - 3, "_zh")))
		return R_WORDING;
	return R_EVIDENCE;
}

/* "file:line" into its parts; a text without ":digits" at the end is all file. */
static void split_source_ref(const char *ref, char **file, int64_t *line)
{
	const char *colon = strrchr(ref, ':');
	bool digits = colon && colon[1];
	for (const char *p = colon ? colon + 1 : ref; digits && *p; p++)
		digits = isdigit((unsigned char)*p);
	if (!digits) {
		*file = strdup(ref);
		return;
	}
	size_t n = (size_t)(colon - ref);
	*file = malloc(n + 1);
	if (*file) {
		memcpy(*file, ref, n);
		(*file)[n] = '\0';
	}
	*line = strtoll(colon + 1, NULL, 10);
}

static enum cscs_error add_finding(struct cscs_evaluator *ev, struct cscs_check_result *res, sqlite3_stmt *st,
				   const enum role *roles, int n_cols, const char *detail_tpl)
{
	if (res->n_findings == res->cap_findings) {
		size_t cap = res->cap_findings ? res->cap_findings * 2 : 8;
		struct cscs_finding *more = realloc(res->findings, cap * sizeof(*more));
		if (!more)
			return CSCS_ERR_NOMEM;
		res->findings = more;
		res->cap_findings = cap;
	}
	struct cscs_finding *f = &res->findings[res->n_findings++];
	memset(f, 0, sizeof(*f));
	struct cscs_buf ev_json = CSCS_BUF_INIT;
	bool have_src_file = false, have_src_line = false;
	int ref_col = -1;
	for (int i = 0; i < n_cols; i++) {
		switch (roles[i]) {
		case R_SUBJECT:
			if (!f->subject)
				f->subject = dup_column(st, i);
			break;
		case R_DETAIL:
			if (!f->detail)
				f->detail = dup_column(st, i);
			break;
		case R_DUE_DATE:
			if (!f->due_date)
				f->due_date = dup_column(st, i);
			break;
		case R_SRC_FILE:
			if (sqlite3_column_type(st, i) == SQLITE_INTEGER) {
				const char *p = source_path(ev, sqlite3_column_int64(st, i));
				f->source_file = p ? strdup(p) : NULL;
			} else {
				f->source_file = dup_column(st, i);
			}
			have_src_file = f->source_file != NULL;
			break;
		case R_SRC_LINE:
			if (sqlite3_column_type(st, i) != SQLITE_NULL) {
				f->source_line = sqlite3_column_int64(st, i);
				have_src_line = true;
			}
			break;
		case R_SOURCE_REF:
			ref_col = i;
			break;
		case R_WORDING:
			break;
		case R_EVIDENCE:
			cscs_buf_adds(&ev_json, ev_json.len ? "," : "{");
			cscs_json_add_string(&ev_json, sqlite3_column_name(st, i));
			cscs_buf_addc(&ev_json, ':');
			cscs_engine_json_column(&ev_json, st, i);
			break;
		}
	}
	/* src_file and src_line win over source_ref when a query gives both */
	if (ref_col >= 0 && sqlite3_column_type(st, ref_col) != SQLITE_NULL && !have_src_file) {
		const char *ref = (const char *)sqlite3_column_text(st, ref_col);
		int64_t line = 0;
		if (ref)
			split_source_ref(ref, &f->source_file, &line);
		if (!have_src_line)
			f->source_line = line;
	}
	if (detail_tpl) {
		struct cscs_buf d = CSCS_BUF_INIT;
		cscs_wording_render(detail_tpl, st, &d);
		if (d.oom) {
			cscs_buf_finish(&d);
			cscs_buf_finish(&ev_json);
			return CSCS_ERR_NOMEM;
		}
		free(f->detail);
		f->detail = d.len ? cscs_buf_detach(&d) : NULL;
		cscs_buf_finish(&d);
	}
	if (ev_json.len) {
		cscs_buf_addc(&ev_json, '}');
		if (ev_json.oom) {
			cscs_buf_finish(&ev_json);
			return CSCS_ERR_NOMEM;
		}
		f->evidence = cscs_buf_detach(&ev_json);
	}
	return CSCS_OK;
}

/* Bind a rule version's parameter: a whole number as an integer, another number as a real, else text. */
static void bind_value(sqlite3_stmt *st, int i, const char *value)
{
	char *end;
	long long n = strtoll(value, &end, 10);
	if (*value && !*end && !isspace((unsigned char)*value)) {
		sqlite3_bind_int64(st, i, n);
		return;
	}
	double d = strtod(value, &end);
	if (*value && !*end && !isspace((unsigned char)*value))
		sqlite3_bind_double(st, i, d);
	else
		sqlite3_bind_text(st, i, value, -1, SQLITE_TRANSIENT);
}

/* Bind :as_of and the parameters of the version of check c in force. */
static void bind_params(struct cscs_evaluator *ev, const struct cscs_check *c, sqlite3_stmt *st)
{
	int i = sqlite3_bind_parameter_index(st, ":as_of");
	if (i > 0)
		sqlite3_bind_text(st, i, ev->as_of, -1, SQLITE_TRANSIENT);
	for (size_t k = 0; k < c->n_params; k++) {
		char name[80];
		snprintf(name, sizeof(name), ":%s", c->param_names[k]);
		if ((i = sqlite3_bind_parameter_index(st, name)) > 0)
			bind_value(st, i, c->param_values[k]);
	}
}

/* The error reason of a statement that stopped with rc. */
static enum cscs_error step_failed(struct cscs_evaluator *ev, struct cscs_check_result *res, const char *what)
{
	res->status = CSCS_STATUS_ERROR;
	if (cscs_sandbox_timed_out(ev->sb))
		return set_reason(res, "%s stopped after the time budget of %u ms", what,
				  cscs_sandbox_budget_ms(ev->sb));
	return set_reason(res, "%s failed: %s", what, sqlite3_errmsg(cscs_sandbox_db(ev->sb)));
}

static enum cscs_error prepare_failed(struct cscs_check_result *res, const char *what, char *why)
{
	res->status = CSCS_STATUS_ERROR;
	enum cscs_error err = why ? set_reason(res, "%s does not prepare: %s", what, why) : CSCS_ERR_NOMEM;
	free(why);
	return err;
}

/* Run the applies query; *applies false means not_applicable. */
static enum cscs_error run_applies(struct cscs_evaluator *ev, const struct cscs_check *c,
				   struct cscs_check_result *res, bool *applies, bool *failed)
{
	sqlite3_stmt *st = NULL;
	char *why = NULL;
	int off;
	*failed = false;
	enum cscs_error err = cscs_sandbox_prepare_params(ev->sb, c->applies, (const char *const *)c->param_names,
							  c->n_params, &st, &why, &off);
	if (err) {
		*failed = true;
		return err == CSCS_ERR_NOMEM ? err : prepare_failed(res, "the applies query", why);
	}
	bind_params(ev, c, st);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		*applies = rc == SQLITE_ROW;
	} else {
		*failed = true;
		err = step_failed(ev, res, "the applies query");
	}
	sqlite3_finalize(st);
	return err;
}

/* Check the required record types; *missing true means insufficient_data (reason set). */
static enum cscs_error check_requires(struct cscs_evaluator *ev, const struct cscs_check *c,
				      struct cscs_check_result *res, bool *missing)
{
	struct cscs_buf empty = CSCS_BUF_INIT, absent = CSCS_BUF_INIT;
	*missing = false;
	enum cscs_error err = CSCS_OK;
	for (size_t i = 0; i < c->n_requires; i++) {
		bool exists, has_rows;
		char *why = NULL;
		err = cscs_sandbox_table_state(ev->sb, c->requires[i], &exists, &has_rows, &why);
		if (err) {
			res->status = CSCS_STATUS_ERROR;
			err = set_reason(res, "reading '%s' failed: %s", c->requires[i],
					 why ? why : "out of memory");
			free(why);
			*missing = true;
			goto out;
		}
		if (!exists) {
			cscs_buf_adds(&absent, absent.len ? ", " : "");
			cscs_buf_adds(&absent, c->requires[i]);
		} else if (!has_rows) {
			cscs_buf_adds(&empty, empty.len ? ", " : "");
			cscs_buf_adds(&empty, c->requires[i]);
		}
	}
	if (empty.oom || absent.oom) {
		err = CSCS_ERR_NOMEM;
		goto out;
	}
	if (empty.len || absent.len) {
		*missing = true;
		res->status = CSCS_STATUS_INSUFFICIENT_DATA;
		if (absent.len && empty.len)
			err = set_reason(res, "no records of: %s; not in the database "
					 "(partners not screened?): %s",
					 cscs_buf_str(&empty), cscs_buf_str(&absent));
		else if (absent.len)
			err = set_reason(res, "not in the database (partners not screened?): %s",
					 cscs_buf_str(&absent));
		else
			err = set_reason(res, "no records of: %s", cscs_buf_str(&empty));
	}
out:
	cscs_buf_finish(&empty);
	cscs_buf_finish(&absent);
	return err;
}

static enum cscs_error run_query(struct cscs_evaluator *ev, const struct cscs_check *c,
				 struct cscs_check_result *res)
{
	sqlite3_stmt *st = NULL;
	char *why = NULL;
	int off;
	enum cscs_error err = cscs_sandbox_prepare_params(ev->sb, c->sql, (const char *const *)c->param_names,
							  c->n_params, &st, &why, &off);
	if (err)
		return err == CSCS_ERR_NOMEM ? err : prepare_failed(res, "the query", why);
	bind_params(ev, c, st);
	int n_cols = sqlite3_column_count(st);
	enum role *roles = malloc((size_t)n_cols * sizeof(*roles));
	if (!roles) {
		sqlite3_finalize(st);
		return CSCS_ERR_NOMEM;
	}
	for (int i = 0; i < n_cols; i++)
		roles[i] = column_role(sqlite3_column_name(st, i));
	const char *detail_tpl = ev->zh && c->detail_zh ? c->detail_zh : c->detail;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((err = add_finding(ev, res, st, roles, n_cols, detail_tpl)))
			break;
	}
	if (!err && rc != SQLITE_DONE) {
		/* half a list of findings would read as the whole list: keep none */
		drop_findings(res);
		err = step_failed(ev, res, "the query");
	} else if (!err) {
		res->status = res->n_findings ? CSCS_STATUS_FAIL : CSCS_STATUS_PASS;
	}
	free(roles);
	sqlite3_finalize(st);
	return err;
}

enum cscs_error cscs_evaluate(struct cscs_evaluator *ev, const struct cscs_check *c,
			      struct cscs_check_result *res)
{
	memset(res, 0, sizeof(*res));
	res->check = c;
	res->severity = c->severity;
	res->weight = c->weight;
	res->status = CSCS_STATUS_ERROR;
	enum cscs_error err = CSCS_OK;
	cscs_sandbox_start(ev->sb);
	if (c->applies) {
		bool applies = true, failed;
		err = run_applies(ev, c, res, &applies, &failed);
		if (err || failed)
			goto out;
		if (!applies) {
			res->status = CSCS_STATUS_NOT_APPLICABLE;
			err = set_reason(res, "the applies query returned no row");
			goto out;
		}
	}
	bool missing;
	err = check_requires(ev, c, res, &missing);
	if (err || missing)
		goto out;
	err = run_query(ev, c, res);
out:
	cscs_sandbox_stop(ev->sb);
	res->original_status = res->status;
	return err;
}
