/* cscs-audit report: write the workbook, JSON or CSV of a run stored in an audit database. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cscs/cli/cli.h"
#include "cscs/core/fs.h"
#include "cscs/report/model.h"
#include "cscs/report/report.h"
#include "cscs/store/store.h"
#include "cscs/trail/seal.h"

enum {
	OPT_DB = 256,
	OPT_RUN,
	OPT_JSON,
	OPT_CSV,
	OPT_LANG,
	OPT_TITLE,
	OPT_PREPARED_BY,
	OPT_LOGO,
	OPT_HORIZON,
	OPT_SHOW_PERSONAL,
	OPT_CSV_RAW,
	OPT_RECORDS,
};

static const char report_usage[] =
	"usage: cscs-audit report --db FILE [--run ID] -o OUT.xlsx [options]\n"
	"\n"
	"Write the audit workbook of a run stored in the audit database FILE\n"
	"(by default its latest complete run), and optionally its JSON and one\n"
	"CSV per sheet. Nothing is recomputed: the report shows the run as it\n"
	"was stored. Outputs appear whole or not at all.\n";

static const struct cscs_cli_option report_options[] = {
	{"db", 0, "FILE", OPT_DB, "the audit database (from 'audit --db' or 'check')", 0, NULL},
	{"run", 0, "ID", OPT_RUN, "the run to report (default: the latest complete run)", 0, NULL},
	{"output", 'o', "FILE", 'o', "write the audit workbook (.xlsx) to FILE", CSCS_OPT_OUTPUT, NULL},
	{"json", 0, "FILE", OPT_JSON,
	 "write the run as JSON to FILE\n(-o and --json: FILE may be '-', standard output)", CSCS_OPT_OUTPUT,
	 NULL},
	{"csv", 0, "DIR", OPT_CSV, "write one CSV per sheet into DIR (UTF-8 with BOM)", CSCS_OPT_OUTPUT_DIR,
	 NULL},
	{"csv-raw", 0, NULL, OPT_CSV_RAW,
	 "write CSV text as it is (by default text that starts with =, +, -, @, a tab or CR gets a leading ')", 0,
	 NULL},
	{"lang", 0, "en|zh", OPT_LANG, "language of the report (default en)", 0, NULL},
	{"title", 0, "TEXT", OPT_TITLE, "report title on the Summary sheet", 0, NULL},
	{"prepared-by", 0, "TEXT", OPT_PREPARED_BY, "name shown as the preparer on the Summary sheet", 0, NULL},
	{"logo", 0, "FILE", OPT_LOGO, "PNG or JPEG shown on the Summary sheet", 0, NULL},
	{"horizon", 0, "DAYS", OPT_HORIZON,
	 "Deadlines sheet: what falls due within DAYS days of the as-of date (default 90)", 0, NULL},
	{"show-personal-data", 0, NULL, OPT_SHOW_PERSONAL, "show identity numbers unmasked in the outputs", 0,
	 NULL},
	{"records", 0, "DIR", OPT_RECORDS,
	 "the record pack the run read: the Evidence files column links to the files of its evidence/ folder", 0,
	 NULL},
	{NULL, 0, NULL, 0, NULL, 0, NULL},
};

const struct cscs_cli_spec cmd_report_spec = {
	.name = "report",
	.usage = report_usage,
	.options = report_options,
	.epilog =
		"Exit status: 0 done; 2 usage or input error (no such database or run);\n"
		"3 internal or I/O error.\n",
};

struct report_args {
	const char *db;                /* --db */
	int64_t run_id;                /* --run, 0 = latest complete */
	const char *output;            /* -o */
	const char *json;              /* --json */
	const char *csv;               /* --csv */
	struct cscs_report_opts opts;  /* passed to the writers */
};

static bool parse_int(const char *s, long long min, long long max, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* An output may not be an input (the database, the logo) nor, for files, a folder. */
static bool check_output(const struct cscs_ctx *ctx, const struct report_args *a, const char *out, bool folder)
{
	if (!out)
		return true;
	if (!folder && is_dir(out)) {
		cscs_cli_usage_error(ctx, "report", "output '%s' is a folder", out);
		return false;
	}
	const char *inputs[] = {a->db, a->opts.logo};
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		if (inputs[i] && cscs_fs_same_file(out, inputs[i])) {
			cscs_cli_usage_error(ctx, "report", "output '%s' would overwrite the input '%s'", out, inputs[i]);
			return false;
		}
	}
	if (a->opts.pack && cscs_fs_same_file_or_inside(out, a->opts.pack)) {
		cscs_cli_usage_error(ctx, "report", "output '%s' lies inside the record pack '%s'; write it beside the pack",
				     out, a->opts.pack);
		return false;
	}
	return true;
}

static int parse_args(struct cscs_ctx *ctx, int argc, char **argv, struct report_args *a)
{
	struct cscs_cli_parser p;
	int c;
	long long v;
	a->opts.lang = "en";
	cscs_cli_parser_init(&p, &cmd_report_spec, argc, argv);
	while ((c = cscs_cli_next_option(ctx, &p)) > 0) {
		switch (c) {
		case OPT_DB:
			a->db = p.arg;
			break;
		case OPT_RUN:
			if (!parse_int(p.arg, 1, INT64_MAX, &v))
				return cscs_cli_usage_error(ctx, "report", "--run must be a run number, not '%s'", p.arg);
			a->run_id = v;
			break;
		case 'o':
			a->output = p.arg;
			break;
		case OPT_JSON:
			a->json = p.arg;
			break;
		case OPT_CSV:
			a->csv = p.arg;
			break;
		case OPT_LANG:
			a->opts.lang = p.arg;
			break;
		case OPT_TITLE:
			a->opts.title = p.arg;
			break;
		case OPT_PREPARED_BY:
			a->opts.prepared_by = p.arg;
			break;
		case OPT_LOGO:
			a->opts.logo = p.arg;
			break;
		case OPT_HORIZON:
			if (!parse_int(p.arg, 1, 3660, &v))
				return cscs_cli_usage_error(ctx, "report", "--horizon must be a number of days from 1 to 3660, not '%s'",
							    p.arg);
			a->opts.horizon_days = (int)v;
			break;
		case OPT_CSV_RAW:
			a->opts.csv_raw = true;
			break;
		case OPT_SHOW_PERSONAL:
			a->opts.show_personal_data = true;
			ctx->show_personal_data = true;
			break;
		case OPT_RECORDS:
			a->opts.pack = p.arg;
			break;
		}
	}
	if (c == CSCS_OPT_HELP)
		return -1;
	if (c == CSCS_OPT_ERROR)
		return CSCS_EXIT_INPUT;
	if (!a->db)
		return cscs_cli_usage_error(ctx, "report", "no database given; use --db FILE");
	if (a->opts.pack && !is_dir(a->opts.pack))
		return cscs_cli_usage_error(ctx, "report", "--records '%s' is not a folder (give the record pack the run read)",
					    a->opts.pack);
	if (!a->output && !a->json && !a->csv)
		return cscs_cli_usage_error(ctx, "report", "no output given; use -o OUT.xlsx (or --json, --csv)");
	if (!check_output(ctx, a, a->output, false) || !check_output(ctx, a, a->json, false) ||
	    !check_output(ctx, a, a->csv, true))
		return CSCS_EXIT_INPUT;
	if (a->output && a->json && (strcmp(a->output, a->json) == 0 || cscs_fs_same_file(a->output, a->json)))
		return cscs_cli_usage_error(ctx, "report", "the workbook and the JSON would both be '%s'", a->output);
	if (!cscs_cli_check_extension(ctx, "report", "-o", a->output, ".xlsx") ||
	    !cscs_cli_check_extension(ctx, "report", "--json", a->json, ".json"))
		return CSCS_EXIT_INPUT;
	a->opts.datadir = cscs_cli_datadir();
	return CSCS_EXIT_OK;
}

int cmd_report(struct cscs_ctx *ctx, int argc, char **argv)
{
	struct report_args a = {0};
	struct cscs_diag_list dl;
	struct cscs_store *st = NULL;
	struct cscs_atomic_group outputs;
	enum cscs_error err = CSCS_OK;
	cscs_atomic_group_init(&outputs);
	int rc = parse_args(ctx, argc, argv, &a);
	if (rc != CSCS_EXIT_OK)
		return rc < 0 ? CSCS_EXIT_OK : rc;
	cscs_diag_list_init(&dl);
	dl.max_items = 200;

	/* Opening would create a missing file: a report of nothing is a mistake, say so. */
	struct stat sb;
	/* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): parse_args refuses a NULL --db */
	if (stat(a.db, &sb) != 0) {
		fprintf(stderr, "%s: report: cannot open the database '%s': %s\n", ctx->prog, a.db, strerror(errno));
		return CSCS_EXIT_INPUT;
	}
	if ((err = cscs_store_open(&st, a.db, &dl)))
		goto out;
	if (a.run_id == 0) {
		a.run_id = cscs_report_latest_run(st->db);
		if (a.run_id == 0) {
			cscs_diag_error(&dl, a.db, 0, 0, "the database holds no complete run; run 'cscs-audit audit' or 'check' first");
			err = CSCS_ERR_NOT_FOUND;
			goto out;
		}
	}
	cscs_cli_progress(ctx, "writing the report of run %" PRId64, a.run_id);
	/* The outputs replace earlier ones together, once all are written. */
	a.opts.outputs = &outputs;
	if (a.output && (err = cscs_report_workbook(st->db, a.run_id, a.output, &a.opts, &dl)))
		goto out;
	if (a.json && (err = cscs_report_json(st->db, a.run_id, a.json, &a.opts, &dl)))
		goto out;
	if (a.csv && (err = cscs_report_csv(st->db, a.run_id, a.csv, &a.opts, &dl)))
		goto out;
	if ((err = cscs_atomic_group_commit(&outputs, &dl)))
		goto out;
	if ((err = cscs_trail_record_output(st->db, a.run_id, "workbook", a.output, &dl)) ||
	    (err = cscs_trail_record_output(st->db, a.run_id, "json", a.json, &dl)))
		goto out;
	cscs_cli_progress_done(ctx);
	const char *outs[] = {a.output, a.json};
	FILE *con = cscs_cli_console(outs, 2);
	if (a.output) {
		char tail[48];
		snprintf(tail, sizeof(tail), " (run %" PRId64 ")", a.run_id);
		cscs_cli_wrote(con, a.output, tail);
	}
	if (a.json)
		cscs_cli_wrote(con, a.json, "");
	if (a.csv)
		cscs_cli_wrote(con, a.csv, "/");
out:
	cscs_atomic_group_abort(&outputs);
	cscs_cli_print_diags(ctx, &dl);
	cscs_cli_print_bare_error(ctx, err, &dl);
	if (err)
		rc = cscs_error_exit_code(err);
	cscs_store_close_failed(st, err != CSCS_OK);
	cscs_diag_list_finish(&dl);
	return rc;
}
