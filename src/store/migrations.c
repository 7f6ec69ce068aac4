#include "cscs/store/store.h"

/*
 * The schema, as numbered migrations. A migration that has shipped is
 * never edited: change the schema by appending one. Record tables mirror
 * src/intake/records.c (tests/unit/test_store.c compares them).
 *
 * Record tables hold the current record pack only (an import replaces
 * them); list_entries holds list exports and is kept across imports.
 * Every record row carries its source: src_file (source_files.id) and
 * src_line (1-based line, or row number in a worksheet).
 */
static const char migration_1[] =
	"CREATE TABLE imports("
		" id INTEGER PRIMARY KEY,"
		" pack TEXT NOT NULL,"
		" started_at TEXT NOT NULL,"
		" finished_at TEXT,"
		" n_rows INTEGER NOT NULL DEFAULT 0,"
		" n_rejected INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE source_files("
		" id INTEGER PRIMARY KEY,"
		" import_id INTEGER REFERENCES imports(id),"
		" path TEXT NOT NULL,"
		" record_type TEXT NOT NULL,"
		" size INTEGER NOT NULL,"
		" sha256 TEXT NOT NULL,"
		" encoding TEXT,"
		" n_rows INTEGER NOT NULL DEFAULT 0,"
		" n_rejected INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE data_issues("
		" id INTEGER PRIMARY KEY,"
		" import_id INTEGER REFERENCES imports(id),"
		" src_file INTEGER REFERENCES source_files(id),"
		" line INTEGER,"
		" col INTEGER,"
		" column_name TEXT,"
		" value TEXT,"
		" level TEXT NOT NULL CHECK (level IN ('rejected', 'flagged', 'warning')),"
		" reason TEXT NOT NULL);"
	"CREATE TABLE runs("
		" id INTEGER PRIMARY KEY,"
		" started_at TEXT NOT NULL,"
		" finished_at TEXT,"
		" status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'complete', 'failed')),"
		" as_of TEXT NOT NULL,"
		" tool_version TEXT NOT NULL,"
		" import_id INTEGER REFERENCES imports(id),"
		" entity_name TEXT,"
		" entity_uscc TEXT,"
		" profile TEXT,"
		" lang TEXT,"
		" command_line TEXT,"
		" score INTEGER,"
		" grade TEXT,"
		" score_detail TEXT);"
	"CREATE TABLE run_inputs("
		" run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
		" kind TEXT NOT NULL CHECK (kind IN ('record', 'list', 'checklist', 'profile', 'waivers')),"
		" path TEXT NOT NULL,"
		" size INTEGER,"
		" sha256 TEXT);"
	"CREATE TABLE results("
		" run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
		" check_id TEXT NOT NULL,"
		" area TEXT NOT NULL,"
		" severity TEXT NOT NULL,"
		" weight REAL NOT NULL DEFAULT 1,"
		" title TEXT,"
		" title_zh TEXT,"
		" basis TEXT,"
		" remedy TEXT,"
		" remedy_zh TEXT,"
		" tags TEXT,"
		" effective_from TEXT,"
		" effective_to TEXT,"
		" checklist_file TEXT,"
		" checklist_line INTEGER,"
		" status TEXT NOT NULL CHECK (status IN ('fail', 'pass', 'not_applicable', 'insufficient_data', 'error', 'waived')),"
		" original_status TEXT,"
		" reason TEXT,"
		" n_findings INTEGER NOT NULL DEFAULT 0,"
		" deduction INTEGER NOT NULL DEFAULT 0,"
		" PRIMARY KEY (run_id, check_id));"
	"CREATE TABLE findings("
		" id INTEGER PRIMARY KEY,"
		" run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
		" check_id TEXT NOT NULL,"
		" subject TEXT,"
		" detail TEXT,"
		" due_date TEXT,"
		" source_file TEXT,"
		" source_line INTEGER,"
		" evidence TEXT,"
		" waived INTEGER NOT NULL DEFAULT 0,"
		" waiver_reason TEXT,"
		" waiver_approver TEXT,"
		" waiver_expires_on TEXT,"
		" fingerprint TEXT NOT NULL);"
	"CREATE INDEX findings_run ON findings(run_id, check_id);"
	"CREATE INDEX runs_entity ON runs(entity_uscc, id);"
	"CREATE TABLE entity("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" name TEXT,"
		" name_en TEXT,"
		" uscc TEXT,"
		" entity_type TEXT,"
		" legal_rep_name TEXT,"
		" legal_rep_id TEXT,"
		" registered_address TEXT,"
		" region_code TEXT,"
		" established_on TEXT,"
		" industry_code TEXT,"
		" registered_capital INTEGER,"
		" paid_in_capital INTEGER,"
		" capital_due_on TEXT,"
		" foreign_invested INTEGER);"
	"CREATE TABLE licenses("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" license_type TEXT,"
		" license_no TEXT,"
		" issuer TEXT,"
		" scope TEXT,"
		" issued_on TEXT,"
		" expires_on TEXT,"
		" status TEXT,"
		" renewal_applied_on TEXT,"
		" renewal_lead_days INTEGER);"
	"CREATE TABLE annual_reports("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" year INTEGER,"
		" filed_on TEXT,"
		" corrected_on TEXT);"
	"CREATE TABLE instant_disclosures("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" event TEXT,"
		" occurred_on TEXT,"
		" disclosed_on TEXT);"
	"CREATE TABLE tax_filings("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" tax_type TEXT,"
		" period_start TEXT,"
		" period_end TEXT,"
		" due_on TEXT,"
		" filed_on TEXT,"
		" tax_due INTEGER,"
		" tax_paid INTEGER,"
		" paid_on TEXT);"
	"CREATE TABLE tax_ratings("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" year INTEGER,"
		" rating TEXT,"
		" direct_d INTEGER,"
		" reason TEXT);"
	"CREATE TABLE penalties("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" decision_no TEXT,"
		" authority TEXT,"
		" area TEXT,"
		" penalty_type TEXT,"
		" decided_on TEXT,"
		" amount INTEGER,"
		" severity TEXT,"
		" description TEXT,"
		" obligations_done_on TEXT,"
		" repaired_on TEXT);"
	"CREATE TABLE court_cases("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" case_no TEXT,"
		" court TEXT,"
		" role TEXT,"
		" cause TEXT,"
		" amount INTEGER,"
		" judgment_on TEXT,"
		" performance_due_on TEXT,"
		" performed_on TEXT,"
		" status TEXT);"
	"CREATE TABLE list_status("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" list TEXT,"
		" subject TEXT,"
		" listed_on TEXT,"
		" reason TEXT,"
		" ground TEXT,"
		" removed_on TEXT,"
		" checked_on TEXT);"
	"CREATE TABLE env_permits("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" permit_no TEXT,"
		" facility TEXT,"
		" category TEXT,"
		" issued_on TEXT,"
		" expires_on TEXT,"
		" renewal_applied_on TEXT,"
		" execution_report_due_on TEXT,"
		" last_execution_report_on TEXT);"
	"CREATE TABLE env_disclosures("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" year INTEGER,"
		" required INTEGER,"
		" filed_on TEXT);"
	"CREATE TABLE env_ratings("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" year INTEGER,"
		" rating TEXT,"
		" authority TEXT);"
	"CREATE TABLE inspections("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" area TEXT,"
		" authority TEXT,"
		" inspected_on TEXT,"
		" result TEXT,"
		" rectify_by TEXT,"
		" rectified_on TEXT);"
	"CREATE TABLE certifications("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" product TEXT,"
		" cert_type TEXT,"
		" cert_no TEXT,"
		" issued_on TEXT,"
		" expires_on TEXT,"
		" status TEXT);"
	"CREATE TABLE payroll("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" period TEXT,"
		" due_on TEXT,"
		" paid_on TEXT,"
		" wages_due INTEGER,"
		" wages_paid INTEGER,"
		" headcount INTEGER);"
	"CREATE TABLE social_insurance("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" period TEXT,"
		" due_on TEXT,"
		" paid_on TEXT,"
		" amount_due INTEGER,"
		" amount_paid INTEGER);"
	"CREATE TABLE customs("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" year INTEGER,"
		" credit_level TEXT,"
		" declared_value INTEGER,"
		" unpaid_duties INTEGER,"
		" duties_due_on TEXT);"
	"CREATE TABLE partners("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" name TEXT,"
		" uscc TEXT,"
		" country TEXT,"
		" role TEXT,"
		" spend INTEGER,"
		" contract_start TEXT,"
		" contract_end TEXT);"
	"CREATE TABLE list_entries("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" list TEXT,"
		" name TEXT,"
		" uscc TEXT,"
		" legal_rep_name TEXT,"
		" legal_rep_id TEXT,"
		" listed_on TEXT,"
		" removed_on TEXT,"
		" reason TEXT,"
		" authority TEXT);"
	"CREATE INDEX list_entries_uscc ON list_entries(uscc);";

/*
 * Engine (migration 3): how each waiver fared in a run (applied, unused,
 * expired, not yet valid, for a check that did not run), so the report can
 * show expired waivers; and per result the check's grade cap and what the
 * profile changed.
 */
static const char migration_3[] =
	"CREATE TABLE waiver_status("
		" run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
		" waivers_file TEXT NOT NULL,"
		" line INTEGER NOT NULL,"
		" check_id TEXT NOT NULL,"
		" subject TEXT,"
		" justification TEXT NOT NULL,"
		" approver TEXT NOT NULL,"
		" granted_on TEXT NOT NULL,"
		" expires_on TEXT NOT NULL,"
		" status TEXT NOT NULL CHECK (status IN ('applied', 'unused', 'expired', 'not_yet_valid', 'unknown_check')),"
		" n_findings INTEGER NOT NULL DEFAULT 0,"
		" PRIMARY KEY (run_id, line));"
	"ALTER TABLE results ADD COLUMN cap TEXT;"
	"ALTER TABLE results ADD COLUMN override TEXT;";

/*
 * Migration 4: screening results (partner and entity against list
 * exports) and the persistent list index they are computed from.
 * Written by src/screen/; read by checks and the report.
 */
static const char migration_4[] =
	"CREATE TABLE screen_matches("
		" id INTEGER PRIMARY KEY,"
		" subject_kind TEXT NOT NULL CHECK (subject_kind IN ('partner', 'entity', 'legal_rep')),"
		" partner_id INTEGER,"
		" subject_name TEXT,"
		" list_entry_id INTEGER,"
		" list TEXT,"
		" score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),"
		" band TEXT NOT NULL CHECK (band IN ('match', 'review', 'clear')),"
		" historical INTEGER NOT NULL DEFAULT 0 CHECK (historical IN (0, 1)),"
		" explanation TEXT,"
		" rule TEXT,"
		" entry_name TEXT,"
		" rank INTEGER NOT NULL DEFAULT 1);"
	"CREATE INDEX screen_matches_partner ON screen_matches(partner_id, rank);"
	"CREATE INDEX screen_matches_kind ON screen_matches(subject_kind, band);"
	"CREATE TABLE partner_status("
		" partner_id INTEGER PRIMARY KEY,"
		" status TEXT NOT NULL CHECK (status IN ('clear', 'review', 'listed')),"
		" lists TEXT,"
		" best_score INTEGER,"
		" best_entry_id INTEGER,"
		" review_lists TEXT,"
		" historical_lists TEXT,"
		" best_match_id INTEGER);"
	"CREATE TABLE screen_exposure("
		" list TEXT PRIMARY KEY,"
		" n_partners INTEGER NOT NULL,"
		" n_listed INTEGER NOT NULL,"
		" n_review INTEGER NOT NULL,"
		" n_historical INTEGER NOT NULL,"
		" spend_total INTEGER NOT NULL,"
		" spend_listed INTEGER NOT NULL,"
		" spend_review INTEGER NOT NULL,"
		" share_listed REAL,"
		" share_spend_listed REAL);"
	"CREATE TABLE screen_info("
		" id INTEGER PRIMARY KEY CHECK (id = 1),"
		" screened_at TEXT NOT NULL,"
		" as_of TEXT NOT NULL,"
		" match_score INTEGER NOT NULL,"
		" review_score INTEGER NOT NULL,"
		" import_id INTEGER,"
		" n_partners INTEGER NOT NULL,"
		" n_listed INTEGER NOT NULL,"
		" n_review INTEGER NOT NULL,"
		" n_list_entries INTEGER NOT NULL,"
		" n_matches INTEGER NOT NULL,"
		" entity_status TEXT,"
		" legal_rep_status TEXT,"
		" index_built_at TEXT);"
	"CREATE TABLE list_index_meta("
		" id INTEGER PRIMARY KEY CHECK (id = 1),"
		" format INTEGER NOT NULL,"
		" fingerprint TEXT NOT NULL,"
		" n_entries INTEGER NOT NULL,"
		" bucket_bits INTEGER NOT NULL,"
		" built_at TEXT NOT NULL,"
		" ranks BLOB NOT NULL);"
	"CREATE TABLE list_index_chunks("
		" seq INTEGER PRIMARY KEY,"
		" first_id INTEGER NOT NULL,"
		" n_entries INTEGER NOT NULL,"
		" data BLOB NOT NULL);"
	"CREATE TABLE list_index_lists("
		" list TEXT PRIMARY KEY,"
		" n_entries INTEGER NOT NULL);";

/*
 * The report marks each finding new or not since the previous run, and
 * counts resolved ones, by fingerprint: without this index that is a
 * scan of the previous run per finding.
 */
static const char migration_5[] =
	"CREATE INDEX findings_fingerprint ON findings(run_id, fingerprint);";

/*
 * Migration 6: records as they are. A value that cannot be typed no longer
 * costs its row: the row is stored with that column NULL, and the value as
 * given is kept here with the reason (data_issues has the message, level
 * 'unknown'). The engine reads this table to report the rows a check could
 * not judge; the report counts them. A source whose header cannot be found
 * is recorded with state 'unreadable': its record type was not read.
 * Rows of unknown_values go with their record table's rows (an import
 * that empties a table empties its unknown values).
 */
static const char migration_6[] =
	"CREATE TABLE data_issues_6("
		" id INTEGER PRIMARY KEY,"
		" import_id INTEGER REFERENCES imports(id),"
		" src_file INTEGER REFERENCES source_files(id),"
		" line INTEGER,"
		" col INTEGER,"
		" column_name TEXT,"
		" value TEXT,"
		" level TEXT NOT NULL CHECK (level IN ('rejected', 'flagged', 'warning', 'unknown', 'unreadable')),"
		" reason TEXT NOT NULL);"
	"INSERT INTO data_issues_6 SELECT * FROM data_issues;"
	"DROP TABLE data_issues;"
	"ALTER TABLE data_issues_6 RENAME TO data_issues;"
	"CREATE TABLE unknown_values("
		" id INTEGER PRIMARY KEY,"
		" import_id INTEGER REFERENCES imports(id),"
		" record_table TEXT NOT NULL,"
		" record_id INTEGER NOT NULL,"
		" column_name TEXT NOT NULL,"
		" src_file INTEGER REFERENCES source_files(id),"
		" line INTEGER,"
		" col INTEGER,"
		" raw TEXT,"
		" reason TEXT NOT NULL);"
	"CREATE INDEX unknown_values_column ON unknown_values(record_table, column_name, record_id);"
	"ALTER TABLE source_files ADD COLUMN state TEXT NOT NULL DEFAULT 'read'"
		" CHECK (state IN ('read', 'unreadable'));"
	"ALTER TABLE source_files ADD COLUMN n_unknown INTEGER NOT NULL DEFAULT 0;";

/*
 * Migration 7: never "clear" on data that was not read. Per result, the
 * rows a check could not judge (an unknown value in a column it reads);
 * a partner not screened because a list was not read whole (status
 * 'not_screened', with the reason); per screening, how many partners
 * were not screened and why; per run, why its grade is provisional.
 */
static const char migration_7[] =
	"ALTER TABLE results ADD COLUMN n_unjudged INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE partner_status_7("
		" partner_id INTEGER PRIMARY KEY,"
		" status TEXT NOT NULL CHECK (status IN ('clear', 'review', 'listed', 'not_screened')),"
		" lists TEXT,"
		" best_score INTEGER,"
		" best_entry_id INTEGER,"
		" review_lists TEXT,"
		" historical_lists TEXT,"
		" best_match_id INTEGER,"
		" reason TEXT);"
	"INSERT INTO partner_status_7(partner_id, status, lists, best_score, best_entry_id, review_lists,"
		" historical_lists, best_match_id)"
		" SELECT partner_id, status, lists, best_score, best_entry_id, review_lists, historical_lists,"
		" best_match_id FROM partner_status;"
	"DROP TABLE partner_status;"
	"ALTER TABLE partner_status_7 RENAME TO partner_status;"
	"ALTER TABLE screen_info ADD COLUMN n_not_screened INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE screen_info ADD COLUMN lists_incomplete TEXT;"
	"ALTER TABLE runs ADD COLUMN grade_provisional TEXT;";

/*
 * Migration 8: the checklist library's version and review date (the
 * `-- ruleset:` and `-- reviewed:` of its file header) stored with each run,
 * so the report can state them and say when the rules may be stale.
 */
static const char migration_8[] =
	"ALTER TABLE runs ADD COLUMN ruleset TEXT;"
	"ALTER TABLE runs ADD COLUMN ruleset_reviewed_on TEXT;";

/*
 * Migration 9: the basis of each result in Chinese (`basis.zh`), shown in a
 * report in Chinese.
 */
static const char migration_9[] =
	"ALTER TABLE results ADD COLUMN basis_zh TEXT;";

/*
 * Migration 12: a finding's subject as the run's language shows it
 * (`subject.zh`); `subject` stays its identity between runs and for waivers.
 */
static const char migration_12[] =
	"ALTER TABLE findings ADD COLUMN subject_shown TEXT;";

/*
 * Migration 13: the project file (cscs-audit.ini) a run read is one of its
 * inputs, kind 'config' (issue 16). SQLite cannot change a CHECK in place.
 */
static const char migration_13[] =
	"CREATE TABLE run_inputs_13("
		" run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
		" kind TEXT NOT NULL CHECK (kind IN ('record', 'list', 'checklist', 'profile', 'waivers', 'config')),"
		" path TEXT NOT NULL,"
		" size INTEGER,"
		" sha256 TEXT);"
	"INSERT INTO run_inputs_13(rowid, run_id, kind, path, size, sha256)"
		" SELECT rowid, run_id, kind, path, size, sha256 FROM run_inputs;"
	"DROP TABLE run_inputs;"
	"ALTER TABLE run_inputs_13 RENAME TO run_inputs;";

/*
 * Migration 14: the remediation plan, tracked. One row per finding
 * (fingerprint) per run: who owns the action, its status, target date and
 * notes, as read back from a filled Remediation plan sheet (cscs-audit
 * track) or carried forward from the previous run of the same company.
 * A finding of the previous run's plan that the run no longer found is
 * kept with status 'resolved' (resolved_in: the run that no longer found
 * it). The plan is the officer's working state: it is not a result.
 *
 * Sign-off and seal: each workbook and JSON a run's report was written to,
 * by SHA-256 (run_outputs); who signed a run off, as what, when (UTC);
 * and the seal the first sign-off made: a hash chain over the run's row,
 * inputs, results, findings and the outputs written before it
 * (run_seals), and the files of the pack's evidence/ folder, hashed
 * (evidence_files). A sealed run's rows are never changed by the tool;
 * 'cscs-audit verify' recomputes the chain to show they were not changed
 * by anything else either. No trigger guards them: the store refuses
 * databases that hold triggers.
 *
 * Evidence named by records: every record table but list_entries gains an
 * `evidence` column (file names or globs, ';'-separated), and pack_evidence
 * holds the files of the current pack's evidence/ folder as the import
 * found them (replaced with the records; path relative to evidence/), so a
 * check (EVD-001) can read them; the audit copies them into evidence_files
 * for its run, and finding_evidence names the files each finding's record
 * names (the workbook links them).
 */
static const char migration_14[] =
	"ALTER TABLE entity ADD COLUMN evidence TEXT;"
	"ALTER TABLE licenses ADD COLUMN evidence TEXT;"
	"ALTER TABLE annual_reports ADD COLUMN evidence TEXT;"
	"ALTER TABLE instant_disclosures ADD COLUMN evidence TEXT;"
	"ALTER TABLE tax_filings ADD COLUMN evidence TEXT;"
	"ALTER TABLE tax_ratings ADD COLUMN evidence TEXT;"
	"ALTER TABLE penalties ADD COLUMN evidence TEXT;"
	"ALTER TABLE court_cases ADD COLUMN evidence TEXT;"
	"ALTER TABLE list_status ADD COLUMN evidence TEXT;"
	"ALTER TABLE env_permits ADD COLUMN evidence TEXT;"
	"ALTER TABLE env_disclosures ADD COLUMN evidence TEXT;"
	"ALTER TABLE env_ratings ADD COLUMN evidence TEXT;"
	"ALTER TABLE inspections ADD COLUMN evidence TEXT;"
	"ALTER TABLE certifications ADD COLUMN evidence TEXT;"
	"ALTER TABLE payroll ADD COLUMN evidence TEXT;"
	"ALTER TABLE social_insurance ADD COLUMN evidence TEXT;"
	"ALTER TABLE customs ADD COLUMN evidence TEXT;"
	"ALTER TABLE partners ADD COLUMN evidence TEXT;"
	"CREATE TABLE pack_evidence("
		" id INTEGER PRIMARY KEY,"
		" path TEXT NOT NULL UNIQUE,"
		" size INTEGER NOT NULL,"
		" sha256 TEXT,"
		" readable INTEGER NOT NULL);"
	"CREATE TABLE finding_evidence("
		" run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
		" finding_id INTEGER NOT NULL,"
		" path TEXT NOT NULL,"
		" PRIMARY KEY (finding_id, path));"
	"CREATE TABLE plan_items("
		" run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
		" fingerprint TEXT NOT NULL,"
		" check_id TEXT,"
		" subject TEXT,"
		" owner TEXT,"
		" status TEXT NOT NULL DEFAULT 'open'"
			" CHECK (status IN ('open', 'in_progress', 'done', 'waived', 'resolved')),"
		" target_on TEXT,"
		" notes TEXT,"
		" updated_at TEXT NOT NULL,"
		" from_run INTEGER,"
		" resolved_in INTEGER,"
		" PRIMARY KEY (run_id, fingerprint));"
	"CREATE TABLE run_outputs("
		" id INTEGER PRIMARY KEY,"
		" run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
		" kind TEXT NOT NULL CHECK (kind IN ('workbook', 'json')),"
		" path TEXT NOT NULL,"
		" size INTEGER NOT NULL,"
		" sha256 TEXT NOT NULL,"
		" written_at TEXT NOT NULL);"
	"CREATE INDEX run_outputs_sha256 ON run_outputs(sha256);"
	"CREATE TABLE evidence_files("
		" run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
		" path TEXT NOT NULL,"
		" size INTEGER NOT NULL,"
		" sha256 TEXT,"
		" readable INTEGER NOT NULL,"
		" PRIMARY KEY (run_id, path));"
	"CREATE TABLE run_signoffs("
		" id INTEGER PRIMARY KEY,"
		" run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
		" role TEXT NOT NULL CHECK (role IN ('reviewer', 'approver')),"
		" name TEXT NOT NULL,"
		" note TEXT,"
		" signed_at TEXT NOT NULL);"
	"CREATE TABLE run_seals("
		" run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,"
		" sealed_at TEXT NOT NULL,"
		" run_hash TEXT NOT NULL,"
		" inputs_hash TEXT NOT NULL,"
		" results_hash TEXT NOT NULL,"
		" findings_hash TEXT NOT NULL,"
		" outputs_hash TEXT NOT NULL,"
		" evidence_hash TEXT NOT NULL,"
		" outputs_up_to INTEGER NOT NULL,"
		" chain TEXT NOT NULL);";

/*
 * Migration 15: the people a company's records name (legal representative,
 * directors, supervisors, shareholders, actual controllers), screened
 * against the list exports by identity number (BL-011, BL-012).
 */
static const char migration_15[] =
	"CREATE TABLE people("
		" id INTEGER PRIMARY KEY,"
		" src_file INTEGER NOT NULL,"
		" src_line INTEGER NOT NULL,"
		" name TEXT,"
		" role TEXT,"
		" id_number TEXT,"
		" entity_uscc TEXT,"
		" evidence TEXT);";

static const struct cscs_migration migrations[] = {
	{1, "records, runs, results and findings", migration_1},
	{3, "waiver status per run; grade cap and profile override per result", migration_3},
	{4, "screening results and the list index", migration_4},
	{5, "index findings by fingerprint for run-to-run changes", migration_5},
	{6, "values kept when they cannot be typed; unreadable sources", migration_6},
	{7, "rows not judged per result; partners not screened; provisional grades", migration_7},
	{8, "the checklist library's version and review date per run", migration_8},
	{9, "the basis of each result in Chinese", migration_9},
	{12, "a finding's subject in the run's language", migration_12},
	{13, "the project file among a run's inputs", migration_13},
	{14, "the remediation plan tracked per run; outputs, sign-offs and seals", migration_14},
	{15, "people the records name", migration_15},
};

const struct cscs_migration *cscs_store_migrations(size_t *n)
{
	*n = sizeof(migrations) / sizeof(migrations[0]);
	return migrations;
}
