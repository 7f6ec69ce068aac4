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
#include "cscs/intake/records.h"

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
	free(f->subject_shown);
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
	/*
	 * A column named ..._en or ..._zh holds words for a detail template, and
	 * one named _... a value only the templates use (a section's condition,
	 * a phrase table's key): neither is evidence.
	 */
	size_t n = name ? strlen(name) : 0;
	if (n > 3 && (cscs_text_ieq(name + n - 3, "_en") || cscs_text_ieq(name + n - 3, "_zh")))
		return R_WORDING;
	if (n > 1 && name[0] == '_')
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

/* A template rendered from the row into *out (NULL when it renders empty). */
static enum cscs_error render(const char *tpl, sqlite3_stmt *st, const struct cscs_phrases *ph, bool zh, char **out)
{
	struct cscs_buf d = CSCS_BUF_INIT;
	cscs_wording_render(tpl, st, ph, zh, &d);
	if (d.oom) {
		cscs_buf_finish(&d);
		return CSCS_ERR_NOMEM;
	}
	free(*out);
	*out = d.len ? cscs_buf_detach(&d) : NULL;
	cscs_buf_finish(&d);
	return CSCS_OK;
}

static enum cscs_error add_finding(struct cscs_evaluator *ev, struct cscs_check_result *res, sqlite3_stmt *st,
				   const enum role *roles, int n_cols, const char *detail_tpl,
				   const char *subject_tpl)
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
	const struct cscs_phrases *ph = res->check->phrases;
	bool detail_zh = detail_tpl && detail_tpl == res->check->detail_zh;
	if ((detail_tpl && render(detail_tpl, st, ph, detail_zh, &f->detail)) ||
	    (subject_tpl && render(subject_tpl, st, ph, true, &f->subject_shown))) {
		cscs_buf_finish(&ev_json);
		return CSCS_ERR_NOMEM;
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

/* The record columns a statement read, copied before internal lookups add to the sandbox's list. */
struct col_set {
	struct cscs_sandbox_column *cols; /* copies */
	size_t n;                         /* entries in cols */
	bool oom;                         /* the copy (or the sandbox's list) is incomplete */
	bool screening;                   /* the statement reads partner_status or screen_matches */
};

static void col_set_finish(struct col_set *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		free(cs->cols[i].table);
		free(cs->cols[i].column);
	}
	free(cs->cols);
	*cs = (struct col_set){0};
}

static void col_set_take(struct col_set *cs, struct cscs_sandbox *sb)
{
	size_t n;
	bool complete;
	const struct cscs_sandbox_column *cols = cscs_sandbox_columns_read(sb, &n, &complete);
	*cs = (struct col_set){.oom = !complete};
	size_t n_tables;
	const char *const *tables = cscs_sandbox_tables_read(sb, &n_tables);
	for (size_t i = 0; i < n_tables; i++)
		cs->screening = cs->screening || cscs_sandbox_is_screen_table(tables[i]);
	if (!n)
		return;
	cs->cols = calloc(n, sizeof(*cs->cols));
	if (!cs->cols) {
		cs->oom = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		cs->cols[i].table = strdup(cols[i].table);
		cs->cols[i].column = strdup(cols[i].column);
		cs->n++;
		if (!cs->cols[i].table || !cs->cols[i].column) {
			cs->oom = true;
			return;
		}
	}
}

/* A finding's source, for telling whether the check reached a row. */
struct finding_key {
	const char *file; /* source file path */
	int64_t line;     /* line in it */
};

static int cmp_finding_key(const void *pa, const void *pb)
{
	const struct finding_key *a = pa, *b = pb;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return strcmp(a->file, b->file);
}

/*
 * The rows a check could not judge, counted as they stream past (a pack
 * may have many): the first MAX_ROWS_NAMED are named, the rest counted.
 */
struct unjudged {
	struct finding_key *keys;  /* findings with a source, sorted */
	size_t n_keys;             /* entries in keys */
	size_t n_rows;             /* rows not judged */
	struct cscs_buf named;     /* "file:line what; ..." for the first ones */
	char *lists_incomplete;    /* why partners were not screened, or NULL */
	bool oom;                  /* something could not be kept */
};

/* At most this many rows are named in a reason; the count says how many there are. */
#define MAX_ROWS_NAMED 10

static void unjudged_init(struct unjudged *u, const struct cscs_check_result *res)
{
	*u = (struct unjudged){.named = CSCS_BUF_INIT};
	if (!res->n_findings)
		return;
	u->keys = malloc(res->n_findings * sizeof(*u->keys));
	if (!u->keys) {
		u->oom = true;
		return;
	}
	for (size_t i = 0; i < res->n_findings; i++) {
		const struct cscs_finding *f = &res->findings[i];
		if (f->source_file && f->source_line)
			u->keys[u->n_keys++] = (struct finding_key){f->source_file, f->source_line};
	}
	if (u->n_keys > 1)
		qsort(u->keys, u->n_keys, sizeof(*u->keys), cmp_finding_key);
}

static void unjudged_finish(struct unjudged *u)
{
	free(u->keys);
	cscs_buf_finish(&u->named);
	free(u->lists_incomplete);
}

/*
 * One row with an unknown value in a column the check reads. A row a
 * finding names (same file and line) was judged after all: the check
 * reached it from its other columns.
 */
static void unjudged_row(struct unjudged *u, const char *table, int64_t id, const char *file, int64_t line,
			 const char *what)
{
	if (file && line && u->n_keys) {
		struct finding_key k = {file, line};
		if (bsearch(&k, u->keys, u->n_keys, sizeof(*u->keys), cmp_finding_key))
			return;
	}
	if (u->n_rows < MAX_ROWS_NAMED) {
		cscs_buf_adds(&u->named, u->n_rows ? "; " : "");
		if (file && line)
			cscs_buf_addf(&u->named, "%s:%lld %s", file, (long long)line, what ? what : "");
		else
			cscs_buf_addf(&u->named, "%s row %lld %s", table, (long long)id, what ? what : "");
	}
	u->n_rows++;
}

/*
 * The stored rows whose value is unknown (unknown_values) in a column the
 * statement read, one per row whatever the number of its unknown columns,
 * and with screening, the partners not screened. A database without the
 * table (older schema) has none.
 */
static void find_unjudged(struct cscs_evaluator *ev, const struct col_set *cs, bool screening, struct unjudged *u)
{
	sqlite3 *db = cscs_sandbox_db(ev->sb);
	for (size_t i = 0; i < cs->n && !u->oom; i++) {
		const char *table = cs->cols[i].table;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(cs->cols[j].table, table) == 0;
		if (seen)
			continue; /* every column of a table is in its one query */
		struct cscs_buf cols = CSCS_BUF_INIT;
		int n_params = 1;
		for (size_t j = i; j < cs->n; j++)
			if (strcmp(cs->cols[j].table, table) == 0)
				cscs_buf_addf(&cols, "%s?%d", cols.len ? ", " : "", ++n_params);
		char *sql = cols.oom ? NULL : sqlite3_mprintf(
			"SELECT u.record_id, min(f.path), min(u.line),"
			/* the value as given, cut to 60 characters: a reason names a value, it does not carry one */
			" group_concat(u.column_name || ' ''' || CASE WHEN length(u.raw) > 60"
			" THEN substr(u.raw, 1, 60) || '...' ELSE coalesce(u.raw, '') END || '''', ', ')"
			" FROM unknown_values u LEFT JOIN source_files f ON f.id = u.src_file"
			" WHERE u.record_table = ?1 AND u.column_name COLLATE NOCASE IN (%s)"
			" AND EXISTS (SELECT 1 FROM \"%w\" r WHERE r.rowid = u.record_id)"
			" GROUP BY u.record_id ORDER BY min(u.src_file), min(u.line), u.record_id",
			cscs_buf_str(&cols), table);
		cscs_buf_finish(&cols);
		if (!sql) {
			u->oom = true;
			return;
		}
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
		sqlite3_free(sql);
		if (rc != SQLITE_OK) {
			sqlite3_finalize(st);
			continue;
		}
		sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
		n_params = 1;
		for (size_t j = i; j < cs->n; j++)
			if (strcmp(cs->cols[j].table, table) == 0)
				sqlite3_bind_text(st, ++n_params, cs->cols[j].column, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW)
			unjudged_row(u, table, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
				     sqlite3_column_int64(st, 2), (const char *)sqlite3_column_text(st, 3));
		sqlite3_finalize(st);
	}
	if (!screening || u->oom)
		return;
	/* a partner not screened (a list not read whole) is a row a screening check could not judge */
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db,
			       "SELECT p.id, f.path, p.src_line,"
			       " 'partner ''' || coalesce(p.name, '') || ''' not screened' FROM partner_status s"
			       " JOIN partners p ON p.id = s.partner_id LEFT JOIN source_files f ON f.id = p.src_file"
			       " WHERE s.status = 'not_screened' ORDER BY p.src_file, p.src_line",
			       -1, &st, NULL) == SQLITE_OK)
		while (sqlite3_step(st) == SQLITE_ROW)
			unjudged_row(u, "partners", sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
				     sqlite3_column_int64(st, 2), (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	/* why, once (screen_info is not readable here; partner_status has the reasons) */
	if (sqlite3_prepare_v2(db, "SELECT group_concat(reason, '; ') FROM (SELECT DISTINCT reason FROM partner_status"
			       " WHERE status = 'not_screened' AND reason IS NOT NULL ORDER BY reason)",
			       -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		const char *why = (const char *)sqlite3_column_text(st, 0);
		u->lists_incomplete = why ? strdup(why) : NULL;
		u->oom = why && !u->lists_incomplete;
	}
	sqlite3_finalize(st);
}

static bool in_list(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (cscs_text_ieq(names[i], name))
			return true;
	return false;
}

/*
 * Add to b the sources of the record tables read or required that were
 * not read (source_files.state 'unreadable') in the latest import of
 * their record type; *n counts them.
 */
static void find_unreadable(struct cscs_evaluator *ev, const struct cscs_check *c, const struct col_set *cs,
			    struct cscs_buf *b, size_t *n, struct cscs_buf *rej, size_t *n_rejected)
{
	const char *tables[64];
	size_t n_tables = 0;
	for (size_t i = 0; i < c->n_requires && n_tables < 64; i++)
		if (cscs_record_type_find(c->requires[i]) && !in_list(tables, n_tables, c->requires[i]))
			tables[n_tables++] = c->requires[i];
	for (size_t i = 0; cs && i < cs->n && n_tables < 64; i++)
		if (!in_list(tables, n_tables, cs->cols[i].table))
			tables[n_tables++] = cs->cols[i].table;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(cscs_sandbox_db(ev->sb),
			       "SELECT path, state = 'unreadable', n_rejected FROM source_files WHERE record_type = ?1"
			       " AND (state = 'unreadable' OR n_rejected > 0)"
			       " AND import_id = (SELECT max(import_id) FROM source_files WHERE record_type = ?1)"
			       " ORDER BY path", -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return;
	}
	for (size_t i = 0; i < n_tables; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, tables[i], -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *path = (const char *)sqlite3_column_text(st, 0);
			if (sqlite3_column_int(st, 1)) {
				cscs_buf_addf(b, "%s%s (%s)", b->len ? ", " : "", path, tables[i]);
				(*n)++;
				continue;
			}
			/* rows the import rejected were never stored: the check did not see them */
			int64_t k = sqlite3_column_int64(st, 2);
			cscs_buf_addf(rej, "%s%s: %lld row%s", rej->len ? ", " : "", path, (long long)k, k == 1 ? "" : "s");
			*n_rejected += (size_t)k;
		}
	}
	sqlite3_finalize(st);
}

/*
 * What a check could not judge: rows with an unknown value in a column
 * it read (less those a finding names) and unreadable sources of its
 * record types. Sets res->n_unjudged; *text gets the sentence (malloc'd),
 * or NULL when everything was read.
 */
static enum cscs_error unjudged_text(struct cscs_evaluator *ev, const struct cscs_check *c,
				     struct cscs_check_result *res, const struct col_set *cs, char **text)
{
	struct unjudged u;
	struct cscs_buf files = CSCS_BUF_INIT, rejected = CSCS_BUF_INIT, out = CSCS_BUF_INIT;
	size_t n_files = 0, n_rejected = 0;
	*text = NULL;
	bool screening = cs->screening;
	for (size_t i = 0; i < c->n_requires; i++)
		screening = screening || cscs_sandbox_is_screen_table(c->requires[i]);
	unjudged_init(&u, res);
	find_unjudged(ev, cs, screening, &u);
	find_unreadable(ev, c, cs, &files, &n_files, &rejected, &n_rejected);
	res->n_unjudged = u.n_rows + n_rejected;
	if (u.n_rows) {
		cscs_buf_addf(&out, "%zu row%s could not be judged (%s): %s", u.n_rows, u.n_rows == 1 ? "" : "s",
			      u.lists_incomplete ? "a value it reads is unknown, or the partner was not screened"
						 : "a value in a column it reads is unknown",
			      cscs_buf_str(&u.named));
		if (u.n_rows > MAX_ROWS_NAMED)
			cscs_buf_addf(&out, "; and %zu more (see Data issues)", u.n_rows - MAX_ROWS_NAMED);
		if (u.lists_incomplete)
			cscs_buf_addf(&out, "; why not screened: %s", u.lists_incomplete);
	}
	if (n_rejected)
		cscs_buf_addf(&out, "%s%zu row%s rejected at import could not be judged (see Data issues): %s",
			      out.len ? "; " : "", n_rejected, n_rejected == 1 ? "" : "s", cscs_buf_str(&rejected));
	if (n_files)
		cscs_buf_addf(&out, "%s%s not read (its header was not found): %s", out.len ? "; " : "",
			      n_files == 1 ? "a source was" : "sources were", cscs_buf_str(&files));
	enum cscs_error err = u.oom || u.named.oom || files.oom || rejected.oom || out.oom || cs->oom ? CSCS_ERR_NOMEM
												: CSCS_OK;
	if (!err && out.len)
		*text = cscs_buf_detach(&out);
	cscs_buf_finish(&out);
	cscs_buf_finish(&files);
	cscs_buf_finish(&rejected);
	unjudged_finish(&u);
	return err;
}

/*
 * After the query ran: a pass with rows or sources it could not judge
 * is insufficient_data; a fail keeps its findings and says what it could
 * not judge besides.
 */
static enum cscs_error judge_unknowns(struct cscs_evaluator *ev, const struct cscs_check *c,
				      struct cscs_check_result *res, const struct col_set *cs)
{
	char *text = NULL;
	enum cscs_error err = unjudged_text(ev, c, res, cs, &text);
	if (err || !text)
		return err;
	if (res->status == CSCS_STATUS_PASS) {
		res->status = CSCS_STATUS_INSUFFICIENT_DATA;
		err = set_reason(res, "%s", text);
	} else {
		err = set_reason(res, "findings for the rows it could judge; %s", text);
	}
	free(text);
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
	struct col_set cs;
	col_set_take(&cs, ev->sb);
	bind_params(ev, c, st);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		*applies = rc == SQLITE_ROW;
	} else {
		*failed = true;
		err = step_failed(ev, res, "the applies query");
	}
	sqlite3_finalize(st);
	if (!err && !*failed && !*applies) {
		/* "does not apply" decided on unknown values is not known either */
		char *text = NULL;
		err = unjudged_text(ev, c, res, &cs, &text);
		if (!err && text) {
			*failed = true;
			res->status = CSCS_STATUS_INSUFFICIENT_DATA;
			err = set_reason(res, "whether the check applies could not be decided: %s", text);
		}
		free(text);
	}
	col_set_finish(&cs);
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
	struct col_set cs;
	col_set_take(&cs, ev->sb);
	bind_params(ev, c, st);
	int n_cols = sqlite3_column_count(st);
	enum role *roles = malloc((size_t)n_cols * sizeof(*roles));
	if (!roles) {
		sqlite3_finalize(st);
		col_set_finish(&cs);
		return CSCS_ERR_NOMEM;
	}
	for (int i = 0; i < n_cols; i++)
		roles[i] = column_role(sqlite3_column_name(st, i));
	const char *detail_tpl = ev->zh && c->detail_zh ? c->detail_zh : c->detail;
	const char *subject_tpl = ev->zh ? c->subject_zh : NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((err = add_finding(ev, res, st, roles, n_cols, detail_tpl, subject_tpl)))
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
	if (!err && (res->status == CSCS_STATUS_PASS || res->status == CSCS_STATUS_FAIL))
		err = judge_unknowns(ev, c, res, &cs);
	col_set_finish(&cs);
	return err;
}

/* An empty required record type whose source was not read says so. */
static enum cscs_error name_unreadable(struct cscs_evaluator *ev, const struct cscs_check *c,
				       struct cscs_check_result *res)
{
	struct cscs_buf files = CSCS_BUF_INIT, rejected = CSCS_BUF_INIT;
	size_t n = 0, n_rejected = 0;
	find_unreadable(ev, c, NULL, &files, &n, &rejected, &n_rejected);
	enum cscs_error err = files.oom || rejected.oom ? CSCS_ERR_NOMEM : CSCS_OK;
	if (!err && n)
		err = set_reason(res, "%s; %s not read (its header was not found): %s", res->reason,
				 n == 1 ? "a source was" : "sources were", cscs_buf_str(&files));
	if (!err && n_rejected)
		err = set_reason(res, "%s; rows rejected at import: %s", res->reason, cscs_buf_str(&rejected));
	cscs_buf_finish(&files);
	cscs_buf_finish(&rejected);
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
	if (!err && missing && res->status == CSCS_STATUS_INSUFFICIENT_DATA)
		err = name_unreadable(ev, c, res);
	if (err || missing)
		goto out;
	err = run_query(ev, c, res);
out:
	cscs_sandbox_stop(ev->sb);
	res->original_status = res->status;
	return err;
}
