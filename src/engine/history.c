#include "cscs/engine/history.h"

#include <stdlib.h>
#include <string.h>

#include "cscs/store/store.h"

const char *cscs_delta_kind_name(enum cscs_delta_kind k)
{
	switch (k) {
	case CSCS_DELTA_NEW:
		return "new";
	case CSCS_DELTA_RESOLVED:
		return "resolved";
	case CSCS_DELTA_UNCHANGED:
		return "unchanged";
	default:
		return "unknown";
	}
}

static char *dup_col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? strdup(s) : NULL;
}

static enum cscs_error single_id(sqlite3 *db, const char *sql, int64_t arg, bool bind, int64_t *out,
				 struct cscs_diag_list *dl)
{
	sqlite3_stmt *st;
	*out = 0;
	enum cscs_error err = cscs_store_prepare(db, sql, &st, dl);
	if (err)
		return err;
	if (bind)
		sqlite3_bind_int64(st, 1, arg);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		err = cscs_store_error(db, rc, "reading runs", dl);
	sqlite3_finalize(st);
	return err;
}

enum cscs_error cscs_history_latest_run(sqlite3 *db, int64_t *run_id, struct cscs_diag_list *dl)
{
	return single_id(db, "SELECT max(id) FROM runs WHERE status = 'complete'", 0, false, run_id, dl);
}

enum cscs_error cscs_history_previous_run(sqlite3 *db, int64_t run_id, int64_t *prev,
					  struct cscs_diag_list *dl)
{
	return single_id(db,
			 "SELECT max(p.id) FROM runs p JOIN runs r ON r.id = ?1"
			 " WHERE p.status = 'complete' AND p.id < r.id AND p.entity_uscc IS r.entity_uscc",
			 run_id, true, prev, dl);
}

static void run_info_finish(struct cscs_run_info *r)
{
	free(r->as_of);
	free(r->finished_at);
	free(r->entity_name);
	free(r->entity_uscc);
	memset(r, 0, sizeof(*r));
}

static enum cscs_error run_info(sqlite3 *db, int64_t id, struct cscs_run_info *r, struct cscs_diag_list *dl)
{
	sqlite3_stmt *st;
	memset(r, 0, sizeof(*r));
	enum cscs_error err = cscs_store_prepare(db,
		"SELECT status, as_of, finished_at, entity_name, entity_uscc, score, grade"
		" FROM runs WHERE id = ?",
		&st, dl);
	if (err)
		return err;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		cscs_diag_error(dl, NULL, 0, 0, "run %lld does not exist in this database", (long long)id);
		err = CSCS_ERR_NOT_FOUND;
	} else if (rc != SQLITE_ROW) {
		err = cscs_store_error(db, rc, "reading runs", dl);
	} else if (strcmp((const char *)sqlite3_column_text(st, 0), "complete") != 0) {
		cscs_diag_error(dl, NULL, 0, 0, "run %lld is not complete (its status is '%s')",
				(long long)id, (const char *)sqlite3_column_text(st, 0));
		err = CSCS_ERR_INPUT;
	} else {
		r->id = id;
		r->as_of = dup_col(st, 1);
		r->finished_at = dup_col(st, 2);
		r->entity_name = dup_col(st, 3);
		r->entity_uscc = dup_col(st, 4);
		r->has_score = sqlite3_column_type(st, 5) != SQLITE_NULL;
		r->score = sqlite3_column_int(st, 5);
		const char *g = (const char *)sqlite3_column_text(st, 6);
		if (g && g[0])
			r->grade[0] = g[0];
		if (!r->as_of)
			err = CSCS_ERR_NOMEM;
	}
	sqlite3_finalize(st);
	return err;
}

void cscs_history_delta_finish(struct cscs_delta *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		struct cscs_delta_item *it = &d->items[i];
		free(it->fingerprint);
		free(it->check_id);
		free(it->subject);
		free(it->detail);
		free(it->severity);
		free(it->title);
	}
	free(d->items);
	run_info_finish(&d->a);
	run_info_finish(&d->b);
	memset(d, 0, sizeof(*d));
}

/* One representative finding per fingerprint and run; the kind decides which run's row is shown. */
static const char delta_sql[] =
	"WITH a AS (SELECT fingerprint, min(id) AS fid FROM findings WHERE run_id = ?1 GROUP BY fingerprint),"
	" b AS (SELECT fingerprint, min(id) AS fid FROM findings WHERE run_id = ?2 GROUP BY fingerprint),"
	" d AS ("
	"  SELECT 0 AS kind, fid, ?2 AS run FROM b WHERE fingerprint NOT IN (SELECT fingerprint FROM a)"
	"  UNION ALL SELECT 1, fid, ?1 FROM a WHERE fingerprint NOT IN (SELECT fingerprint FROM b)"
	"  UNION ALL SELECT 2, fid, ?2 FROM b WHERE fingerprint IN (SELECT fingerprint FROM a))"
	" SELECT d.kind, f.fingerprint, f.check_id, f.subject, f.detail, f.waived, r.severity, r.title"
	" FROM d JOIN findings f ON f.id = d.fid"
	" LEFT JOIN results r ON r.run_id = d.run AND r.check_id = f.check_id"
	" ORDER BY d.kind, CASE r.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2"
	"  WHEN 'low' THEN 3 ELSE 4 END, f.check_id, f.subject";

enum cscs_error cscs_history_delta(sqlite3 *db, int64_t run_a, int64_t run_b, struct cscs_delta *out,
				   struct cscs_diag_list *dl)
{
	memset(out, 0, sizeof(*out));
	enum cscs_error err = run_info(db, run_a, &out->a, dl);
	if (!err)
		err = run_info(db, run_b, &out->b, dl);
	if (err) {
		cscs_history_delta_finish(out);
		return err;
	}
	sqlite3_stmt *st;
	if ((err = cscs_store_prepare(db, delta_sql, &st, dl))) {
		cscs_history_delta_finish(out);
		return err;
	}
	sqlite3_bind_int64(st, 1, run_a);
	sqlite3_bind_int64(st, 2, run_b);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 32;
			struct cscs_delta_item *more = realloc(out->items, cap * sizeof(*more));
			if (!more) {
				err = CSCS_ERR_NOMEM;
				break;
			}
			out->items = more;
		}
		struct cscs_delta_item *it = &out->items[out->n++];
		memset(it, 0, sizeof(*it));
		int kind = sqlite3_column_int(st, 0);
		it->kind = kind >= 0 && kind < CSCS_DELTA_COUNT_ ? (enum cscs_delta_kind)kind
								 : CSCS_DELTA_UNCHANGED;
		it->fingerprint = dup_col(st, 1);
		it->check_id = dup_col(st, 2);
		it->subject = dup_col(st, 3);
		it->detail = dup_col(st, 4);
		it->waived = sqlite3_column_int(st, 5) != 0;
		it->severity = dup_col(st, 6);
		it->title = dup_col(st, 7);
		out->n_by_kind[it->kind]++;
		if (!it->fingerprint || !it->check_id) {
			err = CSCS_ERR_NOMEM;
			break;
		}
	}
	if (!err && rc != SQLITE_DONE)
		err = cscs_store_error(db, rc, "comparing runs", dl);
	sqlite3_finalize(st);
	if (err)
		cscs_history_delta_finish(out);
	return err;
}
