/* cscs-audit check: run the checklists on records already imported into a database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cscs/cli/cli.h"
#include "cscs/core/text.h"
#include "cscs/core/fs.h"
#include "cscs/engine/engine.h"
#include "cscs/engine/profile.h"
#include "cscs/report/report.h"
#include "cscs/store/store.h"
#include "cscs/trail/track.h"

enum {
	OPT_DB = 256,
	OPT_AS_OF,
	OPT_CHECKLISTS,
	OPT_PROFILE,
	OPT_WAIVERS,
	OPT_LANG,
	OPT_FAIL_ON,
	OPT_JSON,
	OPT_BUDGET,
	OPT_SHOW_PERSONAL,
};

static const char check_usage[] =
	"usage: cscs-audit check --db FILE [options]\n"
	"\n"
	"Run the checklists on the records already imported into the database FILE\n"
	"(see 'cscs-audit import'), store the run with its results and findings, and\n"
	"print a summary. Checks read the records through a separate read-only\n"
	"connection; a check that fails or runs out of time is reported as an error\n"
	"and the run goes on.\n";

static const struct cscs_cli_option check_options[] = {
	{"db", 0, "FILE", OPT_DB, "the audit database (required; it must exist)", 0, NULL},
	{"as-of", 0, "DATE", OPT_AS_OF,
	 "audit as of DATE (YYYY-MM-DD; default: the profile's as_of, else today); each check runs in the "
	 "version in force on DATE",
	 0, NULL},
	{"checklists", 0, "PATH", OPT_CHECKLISTS,
	 "run the checklist file or folder PATH instead of the shipped ones (repeatable)", 0, NULL},
	{"profile", 0, "FILE|NAME", OPT_PROFILE,
	 "select and tune checks with a profile (a file, or a shipped one by name: pre-entry, yearly, supplier)",
	 0, "pre-entry supplier yearly"},
	{"waivers", 0, "FILE", OPT_WAIVERS, "apply the waivers in FILE (CSV)", 0, NULL},
	{"lang", 0, "en|zh", OPT_LANG, "language stored with the run (default: the profile's, else en)", 0, NULL},
	{"fail-on", 0, "SEVERITY", OPT_FAIL_ON,
	 "exit 1 when an unwaived finding at or above SEVERITY (critical, high, medium, low, info) exists "
	 "(default: the profile's fail_on)",
	 CSCS_OPT_ONE_OF, "critical high medium low info"},
	{"json", 0, "FILE", OPT_JSON, "also write the run as JSON\n(FILE may be '-': standard output)",
	 CSCS_OPT_OUTPUT, NULL},
	{"time-budget", 0, "MS", OPT_BUDGET, "stop a check after MS milliseconds (default 5000)", 0, NULL},
	{"show-personal-data", 0, NULL, OPT_SHOW_PERSONAL,
	 "show identity numbers unmasked in the JSON and in messages", 0, NULL},
	{NULL, 0, NULL, 0, NULL, 0, NULL},
};

const struct cscs_cli_spec cmd_check_spec = {
	.name = "check",
	.usage = check_usage,
	.options = check_options,
	.epilog =
		"Exit status: 0 done; 1 findings at or above --fail-on; 2 usage or input\n"
		"error (a malformed checklist, profile or waivers file names file:line);\n"
		"3 internal or I/O error.\n",
};

struct check_args {
	const char *db;             /* --db */
	const char *profile;        /* --profile */
	const char *waivers;        /* --waivers */
	const char *lang;           /* --lang, or the profile's, or "en" */
	const char *json;           /* --json */
	const char **checklists;    /* --checklists, in order */
	size_t n_checklists;        /* entries in checklists */
	cscs_date as_of;            /* --as-of, or the profile's, or today */
	bool as_of_set;             /* --as-of was given */
	bool fail_on_set;           /* --fail-on (or the profile's fail_on) applies */
	enum cscs_severity fail_on; /* its severity */
	unsigned budget_ms;         /* --time-budget */
	bool show_personal;         /* --show-personal-data */
};

static int parse_args(struct cscs_ctx *ctx, int argc, char **argv, struct check_args *a)
{
	struct cscs_cli_parser p;
	int c;
	cscs_cli_parser_init(&p, &cmd_check_spec, argc, argv);
	while ((c = cscs_cli_next_option(ctx, &p)) > 0) {
		switch (c) {
		case OPT_DB:
			a->db = p.arg;
			break;
		case OPT_AS_OF:
			if (!cscs_cli_parse_as_of(ctx, "check", p.arg, &a->as_of))
				return CSCS_EXIT_INPUT;
			a->as_of_set = true;
			break;
		case OPT_CHECKLISTS: {
			const char **more = realloc(a->checklists, (a->n_checklists + 1) * sizeof(*more));
			if (!more)
				return CSCS_EXIT_INTERNAL;
			a->checklists = more;
			a->checklists[a->n_checklists++] = p.arg;
			break;
		}
		case OPT_PROFILE:
			a->profile = cscs_cli_profile_path(p.arg);
			break;
		case OPT_WAIVERS:
			a->waivers = p.arg;
			break;
		case OPT_LANG:
			a->lang = p.arg;
			break;
		case OPT_FAIL_ON:
			cscs_severity_parse(p.arg, &a->fail_on); /* one of its names: the table says so */
			a->fail_on_set = true;
			break;
		case OPT_JSON:
			a->json = p.arg;
			break;
		case OPT_BUDGET: {
			char *end;
			unsigned long ms = strtoul(p.arg, &end, 10);
			if (end == p.arg || *end || ms == 0 || ms > 3600000)
				return cscs_cli_usage_error(ctx, "check", "--time-budget must be 1 to 3600000 "
							    "milliseconds, not '%s'", p.arg);
			a->budget_ms = (unsigned)ms;
			break;
		}
		case OPT_SHOW_PERSONAL:
			a->show_personal = true;
			ctx->show_personal_data = true;
			break;
		}
	}
	if (c == CSCS_OPT_HELP)
		return -1;
	if (c == CSCS_OPT_ERROR)
		return CSCS_EXIT_INPUT;
	if (!a->db)
		return cscs_cli_usage_error(ctx, "check", "no database given; use --db FILE");
	if (!cscs_cli_check_extension(ctx, "check", "--json", a->json, ".json"))
		return CSCS_EXIT_INPUT;
	if (a->json) {
		struct stat sb;
		if (stat(a->json, &sb) == 0 && S_ISDIR(sb.st_mode))
			return cscs_cli_usage_error(ctx, "check", "output '%s' is a folder", a->json);
		const char *inputs[] = {a->db, a->profile, a->waivers};
		for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
			if (inputs[i] && (strcmp(a->json, inputs[i]) == 0 || cscs_fs_same_file(a->json, inputs[i])))
				return cscs_cli_usage_error(ctx, "check", "output '%s' would overwrite the input '%s'",
							    a->json, inputs[i]);
	}
	return CSCS_EXIT_OK;
}

/* Command-line flags win; the profile fills in what they left open. */
static enum cscs_error apply_profile_defaults(struct check_args *a, bool lang_set, struct cscs_diag_list *dl)
{
	if (!a->profile)
		return CSCS_OK;
	struct cscs_profile *p;
	enum cscs_error err = cscs_profile_load(a->profile, &p, dl);
	if (err)
		return err;
	if (!a->as_of_set && p->has_as_of)
		a->as_of = p->as_of;
	if (!lang_set && p->lang)
		a->lang = p->lang;
	if (!a->fail_on_set && p->has_fail_on) {
		a->fail_on = p->fail_on;
		a->fail_on_set = true;
	}
	cscs_profile_destroy(p);
	return CSCS_OK;
}

static void print_failures(FILE *con, sqlite3 *db, int64_t run_id)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db,
		"SELECT check_id, severity, status, n_findings, deduction, title FROM results"
		" WHERE run_id = ? AND status IN ('fail', 'error', 'insufficient_data')"
		" ORDER BY status = 'fail' DESC, CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1"
		" WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END, check_id", -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, run_id);
	bool first = true;
	struct cscs_buf shown = CSCS_BUF_INIT; /* a checklist's title with an ESC in it is shown, not obeyed */
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (first)
			fprintf(con, "\nchecks that failed or could not be evaluated:\n");
		first = false;
		const char *status = (const char *)sqlite3_column_text(st, 2);
		if (strcmp(status, "fail") == 0)
			fprintf(con, "  %-18s %-8s %4d %-8s -%-4d %s\n", sqlite3_column_text(st, 0),
			       sqlite3_column_text(st, 1), sqlite3_column_int(st, 3),
			       sqlite3_column_int(st, 3) == 1 ? "finding" : "findings",
			       sqlite3_column_int(st, 4),
			       cscs_text_for_terminal((const char *)sqlite3_column_text(st, 5), &shown));
		else
			fprintf(con, "  %-18s %-8s %-19s %s\n", sqlite3_column_text(st, 0),
			       sqlite3_column_text(st, 1), status,
			       cscs_text_for_terminal((const char *)sqlite3_column_text(st, 5), &shown));
	}
	sqlite3_finalize(st);
	cscs_buf_finish(&shown);
}

static void print_summary(FILE *con, const struct check_args *a, const struct cscs_run_summary *run)
{
	char as_of[CSCS_DATE_ISO_LEN];
	fprintf(con, "run %lld as of %s: %zu checks, %zu failed, %zu passed, %zu not applicable, "
	       "%zu insufficient data", (long long)run->run_id, cscs_date_format(a->as_of, as_of),
	       run->n_checks, run->n_by_status[CSCS_STATUS_FAIL], run->n_by_status[CSCS_STATUS_PASS],
	       run->n_by_status[CSCS_STATUS_NOT_APPLICABLE], run->n_by_status[CSCS_STATUS_INSUFFICIENT_DATA]);
	if (run->n_by_status[CSCS_STATUS_ERROR])
		fprintf(con, ", %zu errors", run->n_by_status[CSCS_STATUS_ERROR]);
	if (run->n_by_status[CSCS_STATUS_WAIVED])
		fprintf(con, ", %zu waived", run->n_by_status[CSCS_STATUS_WAIVED]);
	fprintf(con, "\nfindings: %zu unwaived (", run->n_findings);
	for (int s = 0; s < CSCS_SEV_COUNT_; s++)
		fprintf(con, "%s%s %zu", s ? ", " : "", cscs_severity_name((enum cscs_severity)s),
		       run->n_findings_by_severity[s]);
	fprintf(con, ")\nscore: %d of 1000, grade %s (a self-assessment indicator", run->score, run->grade);
	if (run->coverage_pct >= 0)
		fprintf(con, "; coverage %d%% of applicable checks", run->coverage_pct);
	fprintf(con, ")\n");
	if (run->fix_top[0])
		fprintf(con, "fixing %s would give %d of 1000 (docs/scoring.md)\n", run->fix_top, run->fix_top_score);
	if (run->provisional[0]) {
		fprintf(con, "grade provisional: ");
		for (const char *p = run->provisional; *p; p++) {
			if (*p == '\n')
				fputs("; ", con);
			else
				fputc(*p, con);
		}
		fprintf(con, "\n");
	}
	if (run->n_waivers_applied || run->n_waivers_expired)
		fprintf(con, "waivers: %zu applied, %zu expired\n", run->n_waivers_applied, run->n_waivers_expired);
}

static bool file_exists(const char *path)
{
	struct stat st;
	/* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): parse_args refuses a NULL --db */
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static enum cscs_error require_import(struct cscs_store *st, const char *db, struct cscs_diag_list *dl)
{
	sqlite3_stmt *s;
	enum cscs_error err = cscs_store_prepare(st->db, "SELECT count(*) FROM imports", &s, dl);
	if (err)
		return err;
	int n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (n == 0) {
		cscs_diag_error(dl, db, 0, 0, "the database holds no imported record pack; run "
				"'cscs-audit import RECORDS --db %s' first", db);
		return CSCS_ERR_INPUT;
	}
	return CSCS_OK;
}

int cmd_check(struct cscs_ctx *ctx, int argc, char **argv)
{
	struct check_args a = {.as_of = cscs_date_today()};
	struct cscs_diag_list dl;
	struct cscs_store *st = NULL;
	struct cscs_run_summary run = {0};
	enum cscs_error err = CSCS_OK;
	cscs_diag_list_init(&dl);
	dl.max_items = 200;
	int rc = parse_args(ctx, argc, argv, &a);
	if (rc != CSCS_EXIT_OK) {
		free(a.checklists);
		return rc < 0 ? CSCS_EXIT_OK : rc;
	}
	bool lang_set = a.lang != NULL;
	if (!a.lang)
		a.lang = "en";
	if (!file_exists(a.db)) {
		free(a.checklists);
		return cscs_cli_usage_error(ctx, "check", "database '%s' does not exist; create it with "
					    "'cscs-audit import RECORDS --db %s'", a.db, a.db);
	}
	if ((err = apply_profile_defaults(&a, lang_set, &dl)))
		goto out;

	char shipped[4096];
	const char *shipped_list[1];
	snprintf(shipped, sizeof(shipped), "%s/checklists", cscs_cli_datadir());
	shipped_list[0] = shipped;

	cscs_cli_progress(ctx, "opening the database");
	if ((err = cscs_store_open(&st, a.db, &dl)))
		goto out;
	if ((err = require_import(st, a.db, &dl)))
		goto out;
	cscs_cli_progress(ctx, "running checks");
	struct cscs_progress checks = cscs_cli_counter(ctx, "checks");
	struct cscs_engine_opts eopts = {
		.progress = &checks,
		.as_of = a.as_of,
		.checklists = a.n_checklists ? a.checklists : shipped_list,
		.n_checklists = a.n_checklists ? a.n_checklists : 1,
		.profile = a.profile,
		.waivers = a.waivers,
		.command_line = ctx->command_line,
		.lang = a.lang,
		.time_budget_ms = a.budget_ms,
	};
	if ((err = cscs_engine_run(st, &eopts, &run, &dl)))
		goto out;
	struct cscs_track_carry carried;
	if ((err = cscs_track_carry(st->db, run.run_id, &carried, &dl)))
		goto out;
	if (a.json) {
		struct cscs_report_opts ropts = {.lang = a.lang, .show_personal_data = a.show_personal};
		if ((err = cscs_report_json(st->db, run.run_id, a.json, &ropts, &dl)))
			goto out;
	}
	cscs_cli_progress_done(ctx);
	const char *outs[] = {a.json};
	FILE *con = cscs_cli_console(outs, 1);
	print_summary(con, &a, &run);
	print_failures(con, st->db, run.run_id);
	if (a.json)
		cscs_cli_wrote(con, a.json, "");
out:
	cscs_cli_print_diags(ctx, &dl);
	cscs_cli_print_bare_error(ctx, err, &dl);
	if (err) {
		rc = cscs_error_exit_code(err);
	} else if (a.fail_on_set) {
		size_t at_or_above = 0;
		for (int s = 0; s <= (int)a.fail_on; s++)
			at_or_above += run.n_findings_by_severity[s];
		rc = at_or_above ? CSCS_EXIT_FINDINGS : CSCS_EXIT_OK;
	}
	cscs_store_close_failed(st, err != CSCS_OK);
	cscs_diag_list_finish(&dl);
	free(a.checklists);
	return rc;
}
