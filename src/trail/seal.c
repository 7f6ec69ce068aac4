/* Sign-off, the seal's hash chain, and the outputs a run's report was written to. */
#include <string.h>
#include <sys/stat.h>

#include "cscs/store/store.h"
#include "cscs/trail/seal.h"

static const char *const part_names[CSCS_SEAL_COUNT_] = {"run", "inputs", "results", "findings", "outputs",
								  "evidence"};

/*
 * What each part hashes: every column that says what the run found, in a
 * fixed order. ?1 is the run, ?2 the last output the seal covers.
 */
static const char *const part_sql[CSCS_SEAL_COUNT_] = {
	"SELECT id, started_at, finished_at, status, as_of, tool_version, import_id, entity_name, entity_uscc,"
	" profile, lang, command_line, score, grade, score_detail, grade_provisional, ruleset, ruleset_reviewed_on"
	" FROM runs WHERE id = ?1 AND ?2 = ?2",
	"SELECT kind, path, size, sha256 FROM run_inputs WHERE run_id = ?1 AND ?2 = ?2 ORDER BY kind, path, sha256",
	"SELECT check_id, area, severity, weight, title, title_zh, basis, basis_zh, remedy, remedy_zh, tags,"
	" effective_from, effective_to, checklist_file, checklist_line, status, original_status, reason, n_findings,"
	" deduction, n_unjudged FROM results WHERE run_id = ?1 AND ?2 = ?2 ORDER BY check_id",
	"SELECT id, check_id, subject, detail, due_date, source_file, source_line, evidence, waived, waiver_reason,"
	" waiver_approver, waiver_expires_on, fingerprint FROM findings WHERE run_id = ?1 AND ?2 = ?2 ORDER BY id",
	"SELECT kind, size, sha256 FROM run_outputs WHERE run_id = ?1 AND id <= ?2 ORDER BY id",
	"SELECT path, size, sha256, readable FROM evidence_files WHERE run_id = ?1 AND ?2 = ?2 ORDER BY path",
};

const char *cscs_seal_part_name(enum cscs_seal_part p)
{
	return (unsigned)p < CSCS_SEAL_COUNT_ ? part_names[p] : "?";
}

/* Hash every row of sql: each value with its type, so NULL, 0 and '' differ. */
static enum cscs_error hash_part(sqlite3 *db, const char *sql, int64_t run_id, int64_t up_to,
				 char hex[CSCS_SHA256_HEX_LEN], struct cscs_diag_list *dl)
{
	sqlite3_stmt *st;
	enum cscs_error err = cscs_store_prepare(db, sql, &st, dl);
	if (err)
		return err;
	sqlite3_bind_int64(st, 1, run_id);
	sqlite3_bind_int64(st, 2, up_to);
	struct cscs_sha256 h;
	cscs_sha256_init(&h);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int n = sqlite3_column_count(st);
		for (int i = 0; i < n; i++) {
			char tag = (char)('0' + sqlite3_column_type(st, i));
			cscs_sha256_update(&h, &tag, 1);
			if (sqlite3_column_type(st, i) != SQLITE_NULL) {
				const unsigned char *t = sqlite3_column_text(st, i);
				int len = sqlite3_column_bytes(st, i);
				char nlen[24];
				int k = snprintf(nlen, sizeof(nlen), "%d:", len);
				cscs_sha256_update(&h, nlen, (size_t)k);
				if (t)
					cscs_sha256_update(&h, t, (size_t)len);
			}
		}
		cscs_sha256_update(&h, "\n", 1);
	}
	if (rc != SQLITE_DONE)
		err = cscs_store_error(db, rc, "hashing the run", dl);
	sqlite3_finalize(st);
	cscs_sha256_hex(&h, hex);
	return err;
}

enum cscs_error cscs_seal_compute(sqlite3 *db, int64_t run_id, int64_t outputs_up_to, struct cscs_seal *out,
				  struct cscs_diag_list *dl)
{
	memset(out, 0, sizeof(*out));
	if (outputs_up_to == 0)
		outputs_up_to = INT64_MAX;
	struct cscs_sha256 chain;
	char prev[CSCS_SHA256_HEX_LEN] = "cscs-audit seal 1";
	for (int p = 0; p < CSCS_SEAL_COUNT_; p++) {
		enum cscs_error err = hash_part(db, part_sql[p], run_id, outputs_up_to, out->part[p], dl);
		if (err)
			return err;
		cscs_sha256_init(&chain);
		cscs_sha256_update(&chain, prev, strlen(prev));
		cscs_sha256_update(&chain, out->part[p], strlen(out->part[p]));
		cscs_sha256_hex(&chain, prev);
	}
	memcpy(out->chain, prev, sizeof(prev));
	return CSCS_OK;
}

enum cscs_error cscs_seal_load(sqlite3 *db, int64_t run_id, struct cscs_seal *out, int64_t *outputs_up_to,
			       struct cscs_diag_list *dl)
{
	memset(out, 0, sizeof(*out));
	*outputs_up_to = 0;
	sqlite3_stmt *st;
	enum cscs_error err = cscs_store_prepare(db,
		"SELECT sealed_at, run_hash, inputs_hash, results_hash, findings_hash, outputs_hash, evidence_hash, chain,"
		" outputs_up_to"
		" FROM run_seals WHERE run_id = ?", &st, dl);
	if (err)
		return err;
	sqlite3_bind_int64(st, 1, run_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->sealed = true;
		snprintf(out->sealed_at, sizeof(out->sealed_at), "%s", (const char *)sqlite3_column_text(st, 0));
		for (int p = 0; p < CSCS_SEAL_COUNT_; p++)
			snprintf(out->part[p], sizeof(out->part[p]), "%s", (const char *)sqlite3_column_text(st, 1 + p));
		snprintf(out->chain, sizeof(out->chain), "%s", (const char *)sqlite3_column_text(st, 7));
		*outputs_up_to = sqlite3_column_int64(st, 8);
	} else if (rc != SQLITE_DONE) {
		err = cscs_store_error(db, rc, "reading the seal", dl);
	}
	sqlite3_finalize(st);
	return err;
}

static enum cscs_error step_done(sqlite3 *db, sqlite3_stmt *st, const char *what, struct cscs_diag_list *dl)
{
	int rc = sqlite3_step(st);
	enum cscs_error err = rc == SQLITE_DONE ? CSCS_OK : cscs_store_error(db, rc, what, dl);
	sqlite3_finalize(st);
	return err;
}

enum cscs_error cscs_signoff(sqlite3 *db, int64_t run_id, const char *role, const char *name, const char *note,
			     struct cscs_seal *seal, bool *sealed_now, struct cscs_diag_list *dl)
{
	*sealed_now = false;
	sqlite3_stmt *st;
	enum cscs_error err = cscs_store_prepare(db, "SELECT status FROM runs WHERE id = ?", &st, dl);
	if (err)
		return err;
	sqlite3_bind_int64(st, 1, run_id);
	int rc = sqlite3_step(st);
	bool complete = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "complete") == 0;
	bool exists = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!complete) {
		cscs_diag_error(dl, NULL, 0, 0, exists ? "run %lld is not complete: only a complete run can be signed off"
						     : "run %lld does not exist", (long long)run_id);
		return exists ? CSCS_ERR_INPUT : CSCS_ERR_NOT_FOUND;
	}
	if ((err = cscs_store_begin(db, dl)))
		return err;
	int64_t up_to = 0;
	if ((err = cscs_seal_load(db, run_id, seal, &up_to, dl)))
		goto fail;
	char now[32];
	cscs_store_now(now, sizeof(now));
	if (seal->sealed) {
		struct cscs_seal again;
		if ((err = cscs_seal_compute(db, run_id, up_to, &again, dl)))
			goto fail;
		if (strcmp(again.chain, seal->chain) != 0) {
			cscs_diag_error(dl, NULL, 0, 0, "run %lld no longer matches its seal (sealed %s): its stored "
					"rows were changed; it cannot be signed off (see 'cscs-audit verify')",
					(long long)run_id, seal->sealed_at);
			err = CSCS_ERR_INPUT;
			goto fail;
		}
	} else {
		if ((err = cscs_store_prepare(db, "SELECT coalesce(max(id), 0) FROM run_outputs WHERE run_id = ?", &st,
					      dl)))
			goto fail;
		sqlite3_bind_int64(st, 1, run_id);
		up_to = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_finalize(st);
		if ((err = cscs_seal_compute(db, run_id, up_to, seal, dl)))
			goto fail;
		snprintf(seal->sealed_at, sizeof(seal->sealed_at), "%s", now);
		seal->sealed = true;
		if ((err = cscs_store_prepare(db,
					      "INSERT INTO run_seals(run_id, sealed_at, run_hash, inputs_hash, results_hash,"
					      " findings_hash, outputs_hash, evidence_hash, outputs_up_to, chain)"
					      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st, dl)))
			goto fail;
		sqlite3_bind_int64(st, 1, run_id);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
		for (int p = 0; p < CSCS_SEAL_COUNT_; p++)
			sqlite3_bind_text(st, 3 + p, seal->part[p], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 9, up_to);
		sqlite3_bind_text(st, 10, seal->chain, -1, SQLITE_STATIC);
		if ((err = step_done(db, st, "sealing the run", dl)))
			goto fail;
		*sealed_now = true;
	}
	if ((err = cscs_store_prepare(db, "INSERT INTO run_signoffs(run_id, role, name, note, signed_at)"
				      " VALUES (?, ?, ?, ?, ?)", &st, dl)))
		goto fail;
	sqlite3_bind_int64(st, 1, run_id);
	sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, note && *note ? note : NULL, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	if ((err = step_done(db, st, "recording the sign-off", dl)))
		goto fail;
	return cscs_store_commit(db, dl);
fail:
	cscs_store_rollback(db);
	*sealed_now = false;
	return err;
}

enum cscs_error cscs_trail_record_output(sqlite3 *db, int64_t run_id, const char *kind, const char *path,
					 struct cscs_diag_list *dl)
{
	struct stat sb;
	if (!path || strcmp(path, "-") == 0 || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return CSCS_OK;
	char hex[CSCS_SHA256_HEX_LEN];
	uint64_t size = 0;
	enum cscs_error err = cscs_fs_sha256_file(path, hex, &size, dl);
	if (err)
		return err;
	char now[32];
	cscs_store_now(now, sizeof(now));
	sqlite3_stmt *st;
	if ((err = cscs_store_prepare(db, "INSERT INTO run_outputs(run_id, kind, path, size, sha256, written_at)"
				      " VALUES (?, ?, ?, ?, ?, ?)", &st, dl)))
		return err;
	sqlite3_bind_int64(st, 1, run_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)size);
	sqlite3_bind_text(st, 5, hex, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	return step_done(db, st, "recording the output's hash", dl);
}
