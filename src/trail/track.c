/* The remediation plan read back from a workbook and carried from run to run. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cscs/core/date.h"
#include "cscs/core/fs.h"
#include "cscs/core/text.h"
#include "cscs/engine/history.h"
#include "cscs/intake/xlsx_reader.h"
#include "cscs/report/labels.h"
#include "cscs/store/store.h"
#include "cscs/trail/track.h"

static const char *const status_names[CSCS_PLAN_COUNT_] = {"open", "in_progress", "done", "waived", "resolved"};
/* The label of each status a user can choose (resolved is the tool's word, never chosen). */
static const char *const status_labels[] = {"plan.open", "plan.in_progress", "plan.done", "plan.waived"};

const char *cscs_plan_status_name(enum cscs_plan_status s)
{
	return (unsigned)s < CSCS_PLAN_COUNT_ ? status_names[s] : "open";
}

const char *cscs_plan_key(const char *fingerprint, char out[CSCS_PLAN_KEY_LEN])
{
	char hex[CSCS_SHA256_HEX_LEN];
	cscs_fs_sha256_mem(fingerprint ? fingerprint : "", fingerprint ? strlen(fingerprint) : 0, hex);
	/* The first 64 bits in decimal: digits alone read the same to everyone (no l and 1, O and 0). */
	unsigned long long v = 0;
	for (int i = 0; i < 16; i++)
		v = v << 4 | (unsigned long long)(hex[i] <= '9' ? hex[i] - '0' : hex[i] - 'a' + 10);
	snprintf(out, CSCS_PLAN_KEY_LEN, "K-%020llu", v);
	return out;
}

/* The plan sheet's columns, found by header in either language. */
enum plan_col { PC_KEY, PC_OWNER, PC_STATUS, PC_TARGET, PC_NOTES, PC_COUNT_ };
static const char *const col_labels[PC_COUNT_] = {"col.plan_key", "col.owner", "col.status", "col.target_date",
						  "col.notes"};

struct plan_read {
	sqlite3 *db;
	struct cscs_labels *lab[2]; /* en, zh */
	char where[600];            /* "book.xlsx[sheet]" */
	long col[PC_COUNT_];        /* 0-based column, -1 when absent */
	sqlite3_stmt *find;         /* the finding of a key in the run */
	sqlite3_stmt *seen;         /* temp.plan_keys: row of a key already read */
	sqlite3_stmt *mark;
	sqlite3_stmt *ins;
	size_t n_conflicts;
};

static bool label_is(struct plan_read *pr, const char *key, const char *text)
{
	for (int i = 0; i < 2; i++) {
		const char *l = cscs_labels_find(pr->lab[i], key);
		if (l && strcasecmp(l, text) == 0)
			return true;
	}
	return false;
}

/* Map the header row; true when it has a Key column. */
static bool map_header(struct plan_read *pr, const struct cscs_xlsx_row *row)
{
	for (int c = 0; c < PC_COUNT_; c++)
		pr->col[c] = -1;
	for (size_t i = 0; i < row->n_cells; i++) {
		char *t = strdup(row->text[i]);
		if (!t)
			return false;
		cscs_text_trim(t);
		for (int c = 0; c < PC_COUNT_; c++)
			if (pr->col[c] < 0 && label_is(pr, col_labels[c], t))
				pr->col[c] = (long)i;
		free(t);
	}
	return pr->col[PC_KEY] >= 0;
}

/* A cell's text, trimmed, into a fresh string ("" when the row is shorter); NULL when out of memory. */
static char *cell(const struct cscs_xlsx_row *row, long col)
{
	char *t = strdup(col >= 0 && (size_t)col < row->n_cells ? row->text[col] : "");
	return t ? cscs_text_trim(t) : NULL;
}

static enum cscs_error read_row(struct plan_read *pr, const struct cscs_xlsx_row *row, int64_t run_id,
				const char *now, struct cscs_track_summary *out, struct cscs_diag_list *dl)
{
	char *v[PC_COUNT_] = {0};
	char *fp = NULL; /* the fingerprint of the key's finding */
	enum cscs_error err = CSCS_OK;
	for (int c = 0; c < PC_COUNT_; c++)
		if (!(v[c] = cell(row, pr->col[c]))) {
			err = CSCS_ERR_NOMEM;
			goto out;
		}
	if (!*v[PC_KEY])
		goto out; /* a note row, or a row the user added: no finding to match */
	unsigned long r = row->row;
	bool bad = false;

	/* The key: a finding of the run, given once. */
	sqlite3_reset(pr->find);
	sqlite3_bind_int64(pr->find, 1, run_id);
	sqlite3_bind_text(pr->find, 2, v[PC_KEY], -1, SQLITE_STATIC);
	int rc = sqlite3_step(pr->find);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		err = cscs_store_error(pr->db, rc, "reading the run's findings", dl);
		goto out;
	}
	if (rc == SQLITE_ROW && !(fp = strdup((const char *)sqlite3_column_text(pr->find, 0)))) {
		err = CSCS_ERR_NOMEM;
		goto out;
	}
	if (rc == SQLITE_DONE) {
		cscs_diag_error(dl, pr->where, r, (unsigned long)pr->col[PC_KEY] + 1,
				"key '%s' is not a finding of run %lld (was the plan written for another run? "
				"use --run N)", v[PC_KEY], (long long)run_id);
		bad = true;
	}
	sqlite3_reset(pr->seen);
	sqlite3_bind_text(pr->seen, 1, v[PC_KEY], -1, SQLITE_STATIC);
	rc = sqlite3_step(pr->seen);
	if (rc == SQLITE_ROW) {
		char first[8];
		cscs_diag_error(dl, pr->where, r, (unsigned long)pr->col[PC_KEY] + 1,
				"key '%s' is given twice: also in row %lld (%s%lld)", v[PC_KEY],
				(long long)sqlite3_column_int64(pr->seen, 0),
				cscs_diag_column_letters((unsigned long)pr->col[PC_KEY] + 1, first),
				(long long)sqlite3_column_int64(pr->seen, 0));
		bad = true;
	} else if (rc != SQLITE_DONE) {
		err = cscs_store_error(pr->db, rc, "reading the plan's keys", dl);
		goto out;
	} else {
		sqlite3_reset(pr->mark);
		sqlite3_bind_text(pr->mark, 1, v[PC_KEY], -1, SQLITE_STATIC);
		sqlite3_bind_int64(pr->mark, 2, (sqlite3_int64)r);
		if ((rc = sqlite3_step(pr->mark)) != SQLITE_DONE) {
			err = cscs_store_error(pr->db, rc, "noting the plan's keys", dl);
			goto out;
		}
	}

	/* The status: a word of the dropdown, in either language; blank is open. */
	enum cscs_plan_status status = CSCS_PLAN_OPEN;
	if (*v[PC_STATUS]) {
		bool known = false;
		for (size_t s = 0; s < sizeof(status_labels) / sizeof(status_labels[0]); s++)
			if (label_is(pr, status_labels[s], v[PC_STATUS]) || strcasecmp(status_names[s], v[PC_STATUS]) == 0) {
				status = (enum cscs_plan_status)s;
				known = true;
			}
		if (!known) {
			cscs_diag_error(dl, pr->where, r, (unsigned long)pr->col[PC_STATUS] + 1,
					"status '%s' is not one of open, in progress, done, waived (未开始、进行中、"
					"已完成、已豁免)", v[PC_STATUS]);
			bad = true;
		}
	}

	/* The target date: a date cell, or text as YYYY-MM-DD. */
	cscs_date target;
	if (*v[PC_TARGET] && !cscs_date_parse_iso(v[PC_TARGET], &target)) {
		cscs_diag_error(dl, pr->where, r, (unsigned long)pr->col[PC_TARGET] + 1,
				"target date '%s' is not a date (a date cell, or YYYY-MM-DD)", v[PC_TARGET]);
		bad = true;
	}
	if (bad) {
		pr->n_conflicts++;
		goto out;
	}

	sqlite3_stmt *s = pr->ins;
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, run_id);
	sqlite3_bind_text(s, 2, fp, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, *v[PC_OWNER] ? v[PC_OWNER] : NULL, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, status_names[status], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, *v[PC_TARGET] ? v[PC_TARGET] : NULL, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, *v[PC_NOTES] ? v[PC_NOTES] : NULL, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, now, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) != SQLITE_DONE) {
		err = cscs_store_error(pr->db, rc, "storing the plan", dl);
		goto out;
	}
	out->n_rows++;
	out->n_by_status[status]++;
	if (*v[PC_OWNER])
		out->n_owned++;
out:
	free(fp);
	for (int c = 0; c < PC_COUNT_; c++)
		free(v[c]);
	return err;
}

/* temp.plan_findings: the key of each finding of the run. */
static enum cscs_error index_keys(sqlite3 *db, int64_t run_id, struct cscs_diag_list *dl)
{
	sqlite3_stmt *q = NULL, *ins = NULL;
	enum cscs_error err;
	if ((err = cscs_store_prepare(db, "SELECT DISTINCT fingerprint FROM findings WHERE run_id = ?", &q, dl)) ||
	    (err = cscs_store_prepare(db, "INSERT OR IGNORE INTO temp.plan_findings(key, fingerprint) VALUES (?, ?)",
				      &ins, dl)))
		goto out;
	sqlite3_bind_int64(q, 1, run_id);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *fp = (const char *)sqlite3_column_text(q, 0);
		char key[CSCS_PLAN_KEY_LEN];
		sqlite3_reset(ins);
		sqlite3_bind_text(ins, 1, cscs_plan_key(fp, key), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 2, fp ? fp : "", -1, SQLITE_TRANSIENT);
		if ((rc = sqlite3_step(ins)) != SQLITE_DONE)
			break;
	}
	if (rc != SQLITE_DONE)
		err = cscs_store_error(db, rc, "indexing the run's findings", dl);
out:
	sqlite3_finalize(q);
	sqlite3_finalize(ins);
	return err;
}

enum cscs_error cscs_track_read(sqlite3 *db, const char *path, int64_t run_id, const char *datadir,
				struct cscs_track_summary *out, struct cscs_diag_list *dl)
{
	struct plan_read pr = {.db = db};
	struct cscs_xlsx *x = NULL;
	enum cscs_error err;
	bool in_tx = false;
	memset(out, 0, sizeof(*out));

	if (run_id == 0) {
		if ((err = cscs_history_latest_run(db, &run_id, dl)))
			return err;
		if (run_id == 0) {
			cscs_diag_error(dl, path, 0, 0, "the database holds no complete run to track the plan of");
			return CSCS_ERR_INPUT;
		}
	} else {
		sqlite3_stmt *q;
		if ((err = cscs_store_prepare(db, "SELECT 1 FROM runs WHERE id = ? AND status = 'complete'", &q, dl)))
			return err;
		sqlite3_bind_int64(q, 1, run_id);
		int rc = sqlite3_step(q);
		sqlite3_finalize(q);
		if (rc != SQLITE_ROW) {
			cscs_diag_error(dl, path, 0, 0, "run %lld does not exist or is not complete", (long long)run_id);
			return CSCS_ERR_NOT_FOUND;
		}
	}
	out->run_id = run_id;
	if ((err = cscs_labels_load(&pr.lab[0], datadir, "en", dl)) ||
	    (err = cscs_labels_load(&pr.lab[1], datadir, "zh", dl)))
		goto out;
	if ((err = cscs_xlsx_open(&x, path, NULL, dl)))
		goto out;

	/* The plan sheet: the first whose header row has a Key column. */
	const struct cscs_xlsx_row *row = NULL;
	size_t n = cscs_xlsx_sheet_count(x), sheet;
	for (sheet = 0; sheet < n; sheet++) {
		if ((err = cscs_xlsx_sheet_begin(x, sheet, dl)) || (err = cscs_xlsx_next_row(x, &row, dl)))
			goto out;
		if (row && row->row == 1 && map_header(&pr, row))
			break;
	}
	if (sheet == n) {
		cscs_diag_error(dl, path, 0, 0,
				"no Remediation plan sheet with a Key column: write the workbook again with "
				"'cscs-audit report' (plans of workbooks older than this version have no key)");
		err = CSCS_ERR_INPUT;
		goto out;
	}
	snprintf(pr.where, sizeof(pr.where), "%s[%s]", path, cscs_xlsx_sheet_name(x, sheet));

	if ((err = cscs_store_exec(db, "CREATE TEMP TABLE IF NOT EXISTS plan_keys(fingerprint TEXT PRIMARY KEY,"
				   " row INTEGER NOT NULL); DELETE FROM temp.plan_keys;"
				   "CREATE TEMP TABLE IF NOT EXISTS plan_findings(key TEXT PRIMARY KEY,"
				   " fingerprint TEXT NOT NULL); DELETE FROM temp.plan_findings;", dl)) ||
	    (err = index_keys(db, run_id, dl)))
		goto out;
	if ((err = cscs_store_prepare(db, "SELECT fingerprint FROM temp.plan_findings WHERE ?1 = ?1 AND key = ?2",
				      &pr.find, dl)) ||
	    (err = cscs_store_prepare(db, "SELECT row FROM temp.plan_keys WHERE fingerprint = ?", &pr.seen, dl)) ||
	    (err = cscs_store_prepare(db, "INSERT INTO temp.plan_keys(fingerprint, row) VALUES (?, ?)", &pr.mark,
				      dl)) ||
	    (err = cscs_store_prepare(db,
				      "INSERT INTO plan_items(run_id, fingerprint, check_id, subject, owner, status,"
				      " target_on, notes, updated_at)"
				      " SELECT ?1, ?2, f.check_id, f.subject, ?3, ?4, ?5, ?6, ?7 FROM findings f"
				      " WHERE f.run_id = ?1 AND f.fingerprint = ?2 LIMIT 1",
				      &pr.ins, dl)))
		goto out;
	if ((err = cscs_store_begin(db, dl)))
		goto out;
	in_tx = true;
	sqlite3_stmt *del;
	if ((err = cscs_store_prepare(db, "DELETE FROM plan_items WHERE run_id = ?", &del, dl)))
		goto out;
	sqlite3_bind_int64(del, 1, run_id);
	int rc = sqlite3_step(del);
	sqlite3_finalize(del);
	if (rc != SQLITE_DONE) {
		err = cscs_store_error(db, rc, "replacing the run's plan", dl);
		goto out;
	}
	char now[32];
	cscs_store_now(now, sizeof(now));
	while (!(err = cscs_xlsx_next_row(x, &row, dl)) && row)
		if ((err = read_row(&pr, row, run_id, now, out, dl)))
			goto out;
	if (err)
		goto out;
	if (pr.n_conflicts) {
		cscs_diag_error(dl, path, 0, 0, "%zu row%s of the plan conflict%s (above); nothing was read",
				pr.n_conflicts, pr.n_conflicts == 1 ? "" : "s", pr.n_conflicts == 1 ? "s" : "");
		err = CSCS_ERR_INPUT;
		goto out;
	}
	err = cscs_store_commit(db, dl);
	in_tx = false;
out:
	if (in_tx)
		cscs_store_rollback(db);
	sqlite3_finalize(pr.find);
	sqlite3_finalize(pr.seen);
	sqlite3_finalize(pr.mark);
	sqlite3_finalize(pr.ins);
	cscs_xlsx_close(x);
	cscs_labels_destroy(pr.lab[0]);
	cscs_labels_destroy(pr.lab[1]);
	if (err)
		memset(out, 0, sizeof(*out));
	return err;
}

static enum cscs_error carry_step(sqlite3 *db, const char *sql, int64_t run_id, int64_t prev, size_t *n,
				  struct cscs_diag_list *dl)
{
	sqlite3_stmt *s;
	enum cscs_error err = cscs_store_prepare(db, sql, &s, dl);
	if (err)
		return err;
	sqlite3_bind_int64(s, 1, run_id);
	sqlite3_bind_int64(s, 2, prev);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		err = cscs_store_error(db, rc, "carrying the remediation plan", dl);
	else if (rc == SQLITE_ROW)
		*n = (size_t)sqlite3_column_int64(s, 0);
	else
		*n = (size_t)sqlite3_changes(db);
	sqlite3_finalize(s);
	return err;
}

enum cscs_error cscs_track_carry(sqlite3 *db, int64_t run_id, struct cscs_track_carry *out,
				 struct cscs_diag_list *dl)
{
	memset(out, 0, sizeof(*out));
	enum cscs_error err = cscs_history_previous_run(db, run_id, &out->from_run, dl);
	if (err || out->from_run == 0)
		return err;
	if ((err = cscs_store_begin(db, dl)))
		return err;
	size_t n_open_again = 0;
	if ((err = carry_step(db,
			      "SELECT count(*) FROM plan_items p WHERE p.run_id = ?2 AND p.status IN ('done', 'resolved')"
			      " AND EXISTS (SELECT 1 FROM findings f WHERE f.run_id = ?1 AND f.fingerprint = p.fingerprint)",
			      run_id, out->from_run, &n_open_again, dl)) ||
	    (err = carry_step(db,
			      "INSERT OR IGNORE INTO plan_items(run_id, fingerprint, check_id, subject, owner, status,"
			      " target_on, notes, updated_at, from_run)"
			      " SELECT ?1, p.fingerprint, p.check_id, p.subject, p.owner,"
			      " CASE WHEN p.status IN ('done', 'resolved') THEN 'open' ELSE p.status END,"
			      " p.target_on, p.notes, p.updated_at, ?2 FROM plan_items p WHERE p.run_id = ?2"
			      " AND EXISTS (SELECT 1 FROM findings f WHERE f.run_id = ?1 AND f.fingerprint = p.fingerprint)",
			      run_id, out->from_run, &out->n_carried, dl)) ||
	    (err = carry_step(db,
			      "INSERT OR IGNORE INTO plan_items(run_id, fingerprint, check_id, subject, owner, status,"
			      " target_on, notes, updated_at, from_run, resolved_in)"
			      " SELECT ?1, p.fingerprint, p.check_id, p.subject, p.owner, 'resolved', p.target_on,"
			      " p.notes, p.updated_at, ?2, ?1 FROM plan_items p WHERE p.run_id = ?2"
			      " AND p.status <> 'resolved'"
			      " AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.run_id = ?1 AND f.fingerprint = p.fingerprint)",
			      run_id, out->from_run, &out->n_resolved, dl))) {
		cscs_store_rollback(db);
		return err;
	}
	out->n_reopened = n_open_again;
	return cscs_store_commit(db, dl);
}
