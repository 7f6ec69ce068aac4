/*
 * A stored run as the report sees it: the run row, its results, the
 * counts the Summary shows, and iterators over its findings. Read from the
 * database once and shared by the workbook, the CSV and the JSON writers,
 * so the three always agree.
 */
#ifndef CSCS_REPORT_MODEL_H
#define CSCS_REPORT_MODEL_H

#include "cscs/store/coverage.h"
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "cscs/core/date.h"
#include "cscs/core/diag.h"
#include "cscs/core/error.h"
#include "cscs/engine/engine.h"

/* Result states, in the order of cscs_run_summary.n_by_status. */
enum cscs_report_status {
	CSCS_ST_FAIL,
	CSCS_ST_PASS,
	CSCS_ST_NOT_APPLICABLE,
	CSCS_ST_INSUFFICIENT_DATA,
	CSCS_ST_ERROR,
	CSCS_ST_WAIVED,
	CSCS_ST_COUNT_
};

/* "fail", "pass", ... for a status index. */
const char *cscs_report_status_name(int status);

/* One row of results, with the counts of its findings. */
struct cscs_report_check {
	char *check_id;        /* e.g. "LIC-001" */
	char *area;            /* e.g. "licenses" */
	char *severity;        /* as stored */
	int sev;               /* enum cscs_severity; CSCS_SEV_INFO when unknown */
	char *title;           /* English title, or NULL */
	char *title_zh;        /* Chinese title, or NULL */
	char *basis;           /* regulation, or NULL */
	char *basis_zh;        /* the same in Chinese, or NULL */
	char *remedy;          /* English remedy, or NULL */
	char *remedy_zh;       /* Chinese remedy, or NULL */
	char *effective_from;  /* ISO date, or NULL */
	char *effective_to;    /* ISO date, or NULL */
	char *checklist_file;  /* checklist it came from, or NULL */
	int64_t checklist_line; /* line of the check in it, 0 when unknown */
	char *status;          /* as stored */
	int status_idx;        /* enum cscs_report_status */
	char *original_status; /* status before a waiver, or NULL */
	char *reason;          /* why this status, or NULL */
	int64_t n_findings;    /* results.n_findings */
	int64_t deduction;     /* points deducted from the score */
	int64_t n_unjudged;    /* rows it could not judge: an unknown value in a column it reads */
	double weight;         /* results.weight */
	int64_t n_open;        /* unwaived findings stored */
	int64_t n_waived;      /* waived findings stored */
	char *earliest_due;    /* earliest due date of unwaived findings, or NULL */
	char *cap;             /* grade this check caps the run at while it fails (results.cap), or NULL */
	char *override;        /* what the profile changed (results.override), or NULL */
	uint32_t checks_row;   /* 0-based row on the Checks sheet (header is row 0) */
	bool synthetic;        /* findings without a results row (should not happen) */
	bool positive;         /* a positive signal (area or tag 'positive'): not a problem, counted apart */
};

/* Unwaived findings of one area, by severity. */
struct cscs_report_area {
	char *name;                       /* area as stored */
	int64_t by_sev[CSCS_SEV_COUNT_];  /* unwaived findings */
	int64_t total;                    /* their sum */
};

/* The audited company: runs.entity_* and, when it is the same company, the entity record. */
struct cscs_report_entity {
	char *name;               /* runs.entity_name or entity.name */
	char *uscc;               /* runs.entity_uscc */
	bool has_record;          /* the entity table row below belongs to this run */
	char *name_en;            /* entity.name_en */
	char *entity_type;        /* entity.entity_type */
	char *legal_rep_name;     /* entity.legal_rep_name */
	char *legal_rep_id;       /* entity.legal_rep_id, unmasked */
	char *registered_address; /* entity.registered_address */
	char *region_code;        /* entity.region_code */
	char *established_on;     /* ISO date */
	char *industry_code;      /* entity.industry_code */
	bool has_registered_capital; /* registered_capital is set */
	int64_t registered_capital;  /* fen */
	bool has_paid_in_capital;    /* paid_in_capital is set */
	int64_t paid_in_capital;     /* fen */
	char *capital_due_on;     /* ISO date */
	int foreign_invested;     /* 1, 0, or -1 when unknown */
};

/* A cap on the grade, from the engine's score detail. */
struct cscs_report_cap {
	char *grade;    /* "C", "D", ... */
	char *check_id; /* the check that caps it, or NULL (e.g. low coverage) */
	char *reason;   /* the engine's sentence, or NULL */
};

/* One area's part of the score (score_detail.areas). */
struct cscs_report_score_area {
	char *area;      /* the area's name */
	double share;    /* points it carries */
	double points;   /* points it keeps */
	int64_t percent; /* what it keeps, 0..100 */
	int64_t failed;  /* failed checks in it */
	int64_t evaluated; /* checks evaluated in it */
};

/*
 * The score model as the engine recorded it in runs.score_detail
 * (docs/scoring.md). Each part is optional: a detail without it, or no
 * detail at all, leaves it unset.
 */
struct cscs_report_scoring {
	char *name;                      /* "model", e.g. "cscs-audit score 1", or NULL */
	bool has_start;                  /* start is set */
	int64_t start;                   /* points a run starts with */
	bool has_points;                 /* points is set */
	int64_t points[CSCS_SEV_COUNT_]; /* deduction of a failed check by severity, at weight 1 */
	bool has_grade_min;              /* grade_min is set */
	int64_t grade_min[3];            /* lowest score of A, B, C */
	bool has_deductions;             /* nominal and deducted are set */
	int64_t nominal;                 /* deductions of all failed checks */
	int64_t deducted;                /* deductions taken (the score stops at 0) */
	char *grade_by_score;            /* grade before caps, or NULL */
	bool has_coverage;               /* the coverage figures are set */
	int64_t coverage_percent;        /* evaluated / applicable, rounded down */
	int64_t applicable;              /* checks that applied */
	int64_t evaluated;               /* checks that could be judged */
	bool has_fix_top;                /* fix_top_score is set */
	int64_t fix_top_score;           /* the score with the largest deductions fixed (fix_top.score) */
	char *fix_top_grade;             /* its grade by score, or NULL */
	char *fix_top_checks;            /* the checks assumed fixed, "A, B, C", or NULL */
	struct cscs_report_score_area *areas; /* the areas' scores (score_detail.areas) */
	size_t n_areas;                  /* entries in areas */
	struct cscs_report_cap *caps;    /* caps recorded, in the engine's order */
	size_t n_caps;                   /* number of caps */
};

/* Partner screening totals (partner_status joined with partners). */
struct cscs_report_partners {
	bool screened;          /* partner_status exists, has rows and belongs to this run's records */
	int64_t n;              /* partners */
	int64_t n_by[4];        /* clear, review, listed, not_screened */
	int64_t spend_by[4];    /* fen of spend, same order */
	int64_t spend_total;    /* fen */
	char *lists_incomplete; /* why the lists were not read whole (screen_info), or NULL */
};

/* One reason why the grade is provisional (docs/scoring.md), to be worded in the report's language. */
struct cscs_report_reason {
	char *code;             /* entity_missing, entity_unknown, checks_not_evaluated, ... */
	char *columns;          /* entity_unknown: the columns not known, or NULL */
	char *given;            /* entity_unknown: the values as given, or NULL */
	int64_t not_evaluated;  /* checks_not_evaluated: checks insufficient or in error */
	int64_t applicable;     /* checks_not_evaluated: checks that apply */
	char *text;             /* the English sentence */
};

struct cscs_report_model {
	sqlite3 *db;            /* the audit database */
	char *grade_provisional; /* why the grade is provisional, in English, one reason a line, or NULL */
	struct cscs_report_reason *provisional; /* the same reasons with their codes (runs.grade_provisional) */
	size_t n_provisional;   /* entries in provisional */
	struct cscs_import_coverage records; /* rows kept, with unknown values, rejected; unreadable sources */
	int64_t run_id;         /* runs.id */
	char *status;           /* runs.status */
	char *started_at;       /* runs.started_at */
	char *finished_at;      /* runs.finished_at, or NULL */
	char *as_of_iso;        /* runs.as_of */
	cscs_date as_of;        /* parsed; 0 when unparsable */
	bool as_of_ok;          /* as_of_iso is a date */
	char *tool_version;     /* runs.tool_version */
	char *ruleset;          /* runs.ruleset: the checklist library's version, or NULL */
	char *ruleset_reviewed_on; /* runs.ruleset_reviewed_on: when its rules were last reviewed, or NULL */
	bool ruleset_stale;     /* the as-of date is more than a year after that review */
	int64_t import_id;      /* runs.import_id, 0 when none */
	char *pack;             /* imports.pack, or NULL */
	bool records_replaced;  /* a later import replaced the records this run read */
	char *profile;          /* runs.profile */
	char *lang;             /* runs.lang */
	char *command_line;     /* runs.command_line */
	bool has_score;         /* runs.score is set */
	int64_t score;          /* 0..1000 */
	char *grade;            /* "A".."D", or NULL */
	char *score_detail;     /* raw JSON, or NULL */
	char *score_formula;    /* score_detail's "formula" (a description in words), or NULL */
	struct cscs_report_scoring scoring; /* the score model's parts, from score_detail */
	struct cscs_report_entity entity; /* the audited company */

	struct cscs_report_check *checks; /* in Checks sheet order: area, check_id */
	size_t n_checks;        /* number of checks */
	struct cscs_report_check **by_id;       /* every check, sorted by check_id */
	struct cscs_report_check **by_severity; /* checks with findings: severity, area, check_id */
	size_t n_by_severity;   /* entries in by_severity */
	int64_t n_by_status[CSCS_ST_COUNT_];          /* checks by result state */
	int64_t open_by_sev[CSCS_SEV_COUNT_];         /* unwaived findings by severity */
	int64_t waived_by_sev[CSCS_SEV_COUNT_];       /* waived findings by severity */
	int64_t failed_by_sev[CSCS_SEV_COUNT_];       /* failed checks by severity */
	int64_t n_open;         /* unwaived findings */
	int64_t n_waived;       /* waived findings */
	int64_t n_positive;     /* findings of positive signals: in neither n_open nor n_waived */
	int64_t n_positive_checks; /* positive-signal checks that found something */
	int64_t total_deduction; /* sum of results.deduction */
	struct cscs_report_area *areas; /* areas with unwaived findings: most first */
	size_t n_areas;         /* number of areas */

	int64_t prev_run_id;    /* previous complete run of the same company, 0 when none */
	char *prev_as_of;       /* its as-of date */
	bool prev_has_score;    /* it has a score */
	int64_t prev_score;     /* its score */
	char *prev_grade;       /* its grade */
	char *prev_model;       /* its score model (score_detail.model), or NULL */
	bool prev_same_model;   /* its score was computed by this run's model (or either is unknown) */
	int64_t n_new;          /* findings whose fingerprint the previous run did not have */
	int64_t n_persisting;   /* findings whose fingerprint it had */
	int64_t n_resolved;     /* previous findings whose fingerprint is gone */

	int horizon_days;       /* Deadlines horizon */
	char horizon_end[CSCS_DATE_ISO_LEN]; /* as_of + horizon, ISO */
	int64_t n_deadlines;    /* unwaived findings due within the horizon */
	int64_t n_overdue;      /* unwaived findings due before as_of */
	int64_t n_issues[3];    /* data issues: rejected, flagged, warning */
	struct cscs_report_partners partners; /* screening totals */
	bool has_screen_matches; /* screen_matches exists */
	bool has_review_lists;  /* partner_status has review_lists and best_match_id (migration 4) */
	bool has_historical_lists; /* partner_status has historical_lists (migration 4) */
	bool has_status_reason; /* partner_status has reason (migration 7) */
	bool has_waiver_status; /* waiver_status exists (migration 3) */
};

/*
 * Read run_id from db. horizon_days 0 means 90. A run that does not exist
 * is CSCS_ERR_NOT_FOUND; one that did not complete gets a warning.
 */
enum cscs_error cscs_report_model_load(struct cscs_report_model **out, sqlite3 *db, int64_t run_id,
				       int horizon_days, struct cscs_diag_list *dl);

/* Free the model. NULL is a no-op. */
void cscs_report_model_destroy(struct cscs_report_model *m);

/* The check with this id, or NULL. */
const struct cscs_report_check *cscs_report_model_check(const struct cscs_report_model *m,
							const char *check_id);

/* The id of the latest complete run in db, or 0 when there is none (or on error). */
int64_t cscs_report_latest_run(sqlite3 *db);

/* True when db has a table (or view) called name. */
bool cscs_report_has_table(sqlite3 *db, const char *name);

/*
 * Data issues of the run's import, in the order they were found: file,
 * line, col, column_name, value, level, reason. Bind the import id (or
 * NULL) as parameter 1.
 */
#define CSCS_REPORT_ISSUES_SQL \
	"SELECT sf.path, d.line, d.col, d.column_name, d.value, d.level, d.reason FROM data_issues d" \
	" LEFT JOIN source_files sf ON sf.id = d.src_file WHERE d.import_id IS ? ORDER BY d.id"

/*
 * The partner screening table, listed first, then review, clear, not
 * screened; by spend. Columns: name, uscc, country, role, spend,
 * contract_end, status, lists, best_score, entry name, entry list,
 * listed_on, removed_on, entry legal_rep_name, entry legal_rep_id,
 * explanation, contract_start, historical lists (or NULL). Written into buf.
 */
const char *cscs_report_partner_sql(const struct cscs_report_model *m, char *buf, size_t len);

/*
 * How each waiver fared in the run (waiver_status, when the table exists):
 * waivers_file, line, check_id, subject, justification, approver,
 * granted_on, expires_on, status, n_findings. Bind the run id as 1.
 */
#define CSCS_REPORT_WAIVERS_SQL \
	"SELECT waivers_file, line, check_id, subject, justification, approver, granted_on, expires_on, status," \
	" n_findings FROM waiver_status WHERE run_id = ? ORDER BY waivers_file, line"

/* One finding as the iterators return it; strings valid until the next step. */
struct cscs_report_finding {
	int64_t id;                            /* findings.id */
	const struct cscs_report_check *check; /* its check (never NULL) */
	const char *subject;                   /* or NULL: the finding's identity (English words where worded) */
	const char *subject_shown;             /* the subject in the run's language (subject.zh), else subject */
	const char *detail;                    /* or NULL */
	const char *due_date;                  /* as stored, or NULL */
	const char *source_file;               /* or NULL */
	int64_t source_line;                   /* 0 when unknown */
	const char *evidence;                  /* JSON text, or NULL */
	bool waived;                           /* findings.waived */
	const char *waiver_reason;             /* or NULL */
	const char *waiver_approver;           /* or NULL */
	const char *waiver_expires_on;         /* or NULL */
	const char *fingerprint;               /* check_id|subject */
	bool is_new;                           /* a previous run exists and lacked this fingerprint */
};

enum cscs_report_order {
	CSCS_ORDER_SEVERITY,  /* every finding: severity, area, check, id (Findings, JSON) */
	CSCS_ORDER_DUE,       /* every finding: due date (none last), severity, check, id */
	CSCS_ORDER_DEADLINES, /* unwaived findings due within the horizon, by due date */
	CSCS_ORDER_RESOLVED,  /* findings of the previous run that are gone (check may be synthetic) */
};

struct cscs_report_iter {
	const struct cscs_report_model *m; /* the run */
	enum cscs_report_order order;     /* what is walked */
	sqlite3_stmt *stmt;               /* current statement */
	size_t next_check;                /* CSCS_ORDER_SEVERITY: next entry of by_severity */
	struct cscs_report_check unknown; /* stands in for a check_id missing from results */
};

/* Start walking findings in the given order. */
enum cscs_error cscs_report_iter_start(struct cscs_report_iter *it, const struct cscs_report_model *m,
				       enum cscs_report_order order, struct cscs_diag_list *dl);

/* The next finding: 1 and *f filled, 0 at the end, -1 on error (in dl). */
int cscs_report_iter_next(struct cscs_report_iter *it, struct cscs_report_finding *f, struct cscs_diag_list *dl);

/* Finish walking (safe to call twice). */
void cscs_report_iter_finish(struct cscs_report_iter *it);

#endif
