/* cscs-audit audit: the main job — import, screen, check, report. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cscs/cli/cli.h"
#include "cscs/core/fs.h"
#include "cscs/engine/engine.h"
#include "cscs/engine/profile.h"
#include "cscs/intake/import.h"
#include "cscs/report/report.h"
#include "cscs/screen/screen.h"
#include "cscs/store/coverage.h"
#include "cscs/store/store.h"

const char cmd_audit_help[] =
	"usage: cscs-audit audit RECORDS -o OUT.xlsx [options]\n"
	"\n"
	"Import the record pack RECORDS (a folder of CSV/XLSX files, or one filled\n"
	"intake.xlsx), screen its partners against list exports, run the checklists\n"
	"and write the audit workbook. Inputs are never modified; outputs appear\n"
	"whole or not at all.\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE       write the audit workbook (.xlsx) to FILE\n"
	"  --json FILE             also write the results as JSON\n"
	"                          (-o and --json: FILE may be '-', standard output)\n"
	"  --csv DIR               also write one CSV per sheet into DIR\n"
	"  --csv-raw               write CSV text as it is (by default text that starts\n"
	"                          with =, +, -, @, a tab or CR gets a leading ')\n"
	"  --as-of DATE            audit as of DATE (YYYY-MM-DD; default today)\n"
	"  --db FILE               keep the audit database in FILE (default: a\n"
	"                          temporary file, removed afterwards)\n"
	"  --checklists PATH       run the checklist file or folder PATH instead of\n"
	"                          the shipped ones (repeatable)\n"
	"  --lists DIR             list exports to screen against (default RECORDS/lists)\n"
	"  --profile FILE|NAME     select and tune checks with a profile (a file, or a\n"
	"                          shipped one by name: pre-entry, yearly, supplier)\n"
	"  --waivers FILE          apply waivers from FILE\n"
	"  --lang en|zh            language of the report (default en)\n"
	"  --title TEXT            report title on the Summary sheet\n"
	"  --prepared-by TEXT      name shown as the preparer on the Summary sheet\n"
	"  --logo FILE             PNG or JPEG shown on the Summary sheet\n"
	"  --encoding ENC          read CSV as utf-8, gb18030 or gbk (default: detect)\n"
	"  --map FILE              rename your export's files, columns and values to\n"
	"                          ours (format: docs/records.md, \"Mapping file\")\n"
	"  --fail-on SEVERITY      exit 1 when an unwaived finding at or above\n"
	"                          SEVERITY (critical, high, medium, low, info) exists\n"
	"  --show-personal-data    show identity numbers unmasked in the outputs\n"
	"  --strict                exit 2 before screening and checking when the\n"
	"                          import recorded any rejected row, flagged or\n"
	"                          unknown value, or unreadable file (for pipelines)\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 done; 1 findings at or above --fail-on; 2 usage or input\n"
	"error (with --strict: any data issue but a warning); 3 internal or I/O\n"
	"error.\n";

enum {
	OPT_JSON = 256,
	OPT_CSV,
	OPT_AS_OF,
	OPT_DB,
	OPT_CHECKLISTS,
	OPT_LISTS,
	OPT_PROFILE,
	OPT_WAIVERS,
	OPT_LANG,
	OPT_TITLE,
	OPT_PREPARED_BY,
	OPT_LOGO,
	OPT_ENCODING,
	OPT_FAIL_ON,
	OPT_SHOW_PERSONAL,
	OPT_MAP,
	OPT_STRICT,
	OPT_CSV_RAW,
};

struct audit_args {
	const char *pack;
	const char *output;
	const char *json;
	const char *csv;
	const char *db;
	const char *lists;
	const char *profile;
	const char *waivers;
	const char *lang;
	const char *encoding;
	const char *map; /* --map */
	const char **checklists;
	size_t n_checklists;
	cscs_date as_of;
	bool as_of_set;
	bool lang_set;
	bool fail_on_set;
	bool strict;                 /* --strict: any data issue but a warning is exit 2 */
	enum cscs_severity fail_on;
	struct cscs_report_opts report;
};

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whether writing out (a file, or with folder a folder of files) would touch input. */
static bool touches(const char *out, bool folder, const char *input)
{
	if (cscs_fs_same_file_or_inside(out, input))
		return true;
	if (!folder)
		return false;
	/* The files written inside the folder. */
	size_t n = strlen(out) + 3;
	char *inside = malloc(n);
	if (!inside)
		return true;
	snprintf(inside, n, "%s/x", out);
	bool t = cscs_fs_same_file_or_inside(inside, input);
	free(inside);
	return t;
}

/* An output must not be one of the inputs (nor lie inside one), and a file output not a folder. */
static bool check_output(const struct cscs_ctx *ctx, const struct audit_args *a, const char *out, bool folder)
{
	if (!out)
		return true;
	if (!folder && is_dir(out)) {
		cscs_cli_usage_error(ctx, "audit", "output '%s' is a folder", out);
		return false;
	}
	const char *inputs[] = {a->pack, a->db, a->profile, a->waivers, a->lists, a->report.logo};
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		if (inputs[i] && touches(out, folder, inputs[i])) {
			cscs_cli_usage_error(ctx, "audit", "output '%s' would overwrite the input '%s'", out, inputs[i]);
			return false;
		}
	}
	for (size_t i = 0; i < a->n_checklists; i++) {
		if (touches(out, folder, a->checklists[i])) {
			cscs_cli_usage_error(ctx, "audit", "output '%s' would overwrite the input '%s'", out, a->checklists[i]);
			return false;
		}
	}
	return true;
}

static int parse_args(struct cscs_ctx *ctx, int argc, char **argv, struct audit_args *a)
{
	static const struct option options[] = {
		{"output", required_argument, NULL, 'o'},
		{"json", required_argument, NULL, OPT_JSON},
		{"csv", required_argument, NULL, OPT_CSV},
		{"as-of", required_argument, NULL, OPT_AS_OF},
		{"db", required_argument, NULL, OPT_DB},
		{"checklists", required_argument, NULL, OPT_CHECKLISTS},
		{"lists", required_argument, NULL, OPT_LISTS},
		{"profile", required_argument, NULL, OPT_PROFILE},
		{"waivers", required_argument, NULL, OPT_WAIVERS},
		{"lang", required_argument, NULL, OPT_LANG},
		{"title", required_argument, NULL, OPT_TITLE},
		{"prepared-by", required_argument, NULL, OPT_PREPARED_BY},
		{"logo", required_argument, NULL, OPT_LOGO},
		{"encoding", required_argument, NULL, OPT_ENCODING},
		{"map", required_argument, NULL, OPT_MAP},
		{"fail-on", required_argument, NULL, OPT_FAIL_ON},
		{"show-personal-data", no_argument, NULL, OPT_SHOW_PERSONAL},
		{"strict", no_argument, NULL, OPT_STRICT},
		{"csv-raw", no_argument, NULL, OPT_CSV_RAW},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 0;
	opterr = 0;
	a->as_of = cscs_date_today();
	a->lang = "en";
	while ((c = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (!cscs_cli_output_ok(ctx, "audit", "-o", optarg, false))
				return CSCS_EXIT_INPUT;
			a->output = optarg;
			break;
		case OPT_JSON:
			if (!cscs_cli_output_ok(ctx, "audit", "--json", optarg, false))
				return CSCS_EXIT_INPUT;
			a->json = optarg;
			break;
		case OPT_CSV:
			if (!cscs_cli_output_ok(ctx, "audit", "--csv", optarg, true))
				return CSCS_EXIT_INPUT;
			a->csv = optarg;
			break;
		case OPT_AS_OF:
			if (!cscs_cli_parse_as_of(ctx, "audit", optarg, &a->as_of))
				return CSCS_EXIT_INPUT;
			a->as_of_set = true;
			break;
		case OPT_DB:
			a->db = optarg;
			break;
		case OPT_CHECKLISTS: {
			const char **more = realloc(a->checklists, (a->n_checklists + 1) * sizeof(*more));
			if (!more)
				return CSCS_EXIT_INTERNAL;
			a->checklists = more;
			a->checklists[a->n_checklists++] = optarg;
			break;
		}
		case OPT_LISTS:
			a->lists = optarg;
			break;
		case OPT_PROFILE:
			a->profile = cscs_cli_profile_path(optarg);
			break;
		case OPT_WAIVERS:
			a->waivers = optarg;
			break;
		case OPT_LANG:
			if (strcmp(optarg, "en") != 0 && strcmp(optarg, "zh") != 0)
				return cscs_cli_usage_error(ctx, "audit", "--lang must be en or zh, not '%s'", optarg);
			a->lang = optarg;
			a->lang_set = true;
			break;
		case OPT_TITLE:
			a->report.title = optarg;
			break;
		case OPT_PREPARED_BY:
			a->report.prepared_by = optarg;
			break;
		case OPT_LOGO:
			a->report.logo = optarg;
			break;
		case OPT_ENCODING:
			a->encoding = optarg;
			break;
		case OPT_MAP:
			a->map = optarg;
			break;
		case OPT_FAIL_ON:
			if (!cscs_severity_parse(optarg, &a->fail_on))
				return cscs_cli_usage_error(ctx, "audit",
							    "--fail-on must be critical, high, medium, low or info, not '%s'", optarg);
			a->fail_on_set = true;
			break;
		case OPT_CSV_RAW:
			a->report.csv_raw = true;
			break;
		case OPT_SHOW_PERSONAL:
			a->report.show_personal_data = true;
			ctx->show_personal_data = true;
			break;
		case OPT_STRICT:
			a->strict = true;
			break;
		case 'h':
			cscs_cli_print_help(cmd_audit_help, stdout);
			return -1;
		case ':':
			return cscs_cli_usage_error(ctx, "audit", "option '%s' needs a value", argv[optind - 1]);
		default:
			return cscs_cli_unknown_option(ctx, "audit", options, argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cscs_cli_usage_error(ctx, "audit", "no record pack given");
	if (optind + 1 < argc)
		return cscs_cli_usage_error(ctx, "audit", "more than one record pack given ('%s')", argv[optind + 1]);
	a->pack = argv[optind];
	if (!a->output && !a->json && !a->csv)
		return cscs_cli_usage_error(ctx, "audit", "no output given; use -o OUT.xlsx (or --json, --csv)");
	a->report.lang = a->lang;
	a->report.datadir = cscs_cli_datadir();
	if (!check_output(ctx, a, a->output, false) || !check_output(ctx, a, a->json, false) ||
	    !check_output(ctx, a, a->csv, true))
		return CSCS_EXIT_INPUT;
	if (a->output && a->json && (strcmp(a->output, a->json) == 0 || cscs_fs_same_file(a->output, a->json)))
		return cscs_cli_usage_error(ctx, "audit", "the workbook and the JSON would both be '%s'", a->output);
	if (!cscs_cli_check_extension(ctx, "audit", "-o", a->output, ".xlsx") ||
	    !cscs_cli_check_extension(ctx, "audit", "--json", a->json, ".json"))
		return CSCS_EXIT_INPUT;
	return CSCS_EXIT_OK;
}

/* The grade's reasons, one a line, as "; "-joined text. */
static void print_reasons(FILE *con, const char *reasons)
{
	for (const char *p = reasons; *p; p++) {
		if (*p == '\n')
			fputs("; ", con);
		else
			fputc(*p, con);
	}
}

/*
 * Coverage up front: how much was evaluated, read and screened, so that
 * a short list of findings is never read as a clean bill of health.
 */
static void print_coverage(FILE *con, const struct cscs_import_coverage *cov, const struct cscs_screen_summary *scr,
			   const struct cscs_run_summary *run, bool zh)
{
	size_t n_applicable = run->n_checks - run->n_by_status[CSCS_STATUS_NOT_APPLICABLE];
	size_t n_evaluated = run->n_by_status[CSCS_STATUS_FAIL] + run->n_by_status[CSCS_STATUS_PASS] +
			     run->n_by_status[CSCS_STATUS_WAIVED];
	if (zh) {
		fprintf(con, "覆盖：适用检查项%zu项中已评估%zu项，数据不足%zu项，出错%zu项\n", n_applicable, n_evaluated,
			run->n_by_status[CSCS_STATUS_INSUFFICIENT_DATA], run->n_by_status[CSCS_STATUS_ERROR]);
		fprintf(con, "覆盖：保留记录%lld行，含未知值%lld行，拒收%lld行，无法读取的文件%lld个\n",
			(long long)cov->n_rows, (long long)cov->n_rows_unknown, (long long)cov->n_rejected,
			(long long)cov->n_unreadable);
		fprintf(con, "覆盖：已筛查合作伙伴%zu个，未筛查%zu个", scr->n_partners - scr->n_not_screened,
			scr->n_not_screened);
		if (scr->lists_incomplete[0] && scr->n_partners)
			fprintf(con, "（未完整读取的名单：%s）", scr->lists_incomplete);
		fprintf(con, "\n");
		return;
	}
	fprintf(con, "coverage: %zu of %zu applicable checks evaluated, %zu insufficient data, %zu error%s\n", n_evaluated,
	       n_applicable, run->n_by_status[CSCS_STATUS_INSUFFICIENT_DATA], run->n_by_status[CSCS_STATUS_ERROR],
	       run->n_by_status[CSCS_STATUS_ERROR] == 1 ? "" : "s");
	fprintf(con, "coverage: %lld rows kept, %lld with unknown values, %lld rejected, %lld file%s unreadable\n",
	       (long long)cov->n_rows, (long long)cov->n_rows_unknown, (long long)cov->n_rejected,
	       (long long)cov->n_unreadable, cov->n_unreadable == 1 ? "" : "s");
	fprintf(con, "coverage: %zu partners screened, %zu not screened", scr->n_partners - scr->n_not_screened,
	       scr->n_not_screened);
	if (scr->lists_incomplete[0] && scr->n_partners)
		fprintf(con, " (lists not read whole: %s)", scr->lists_incomplete);
	fprintf(con, "\n");
}

/* The summary of print_summary in Chinese (audit --lang zh): the words are the tool's own. */
static void print_summary_zh(FILE *con, const struct audit_args *a, const struct cscs_import_summary *imp,
			     const struct cscs_run_summary *run, const struct cscs_import_coverage *cov,
			     const struct cscs_screen_summary *scr)
{
	static const char *const sev_zh[CSCS_SEV_COUNT_] = {"严重", "高", "中", "低", "提示"};
	char as_of[CSCS_DATE_ISO_LEN];
	fprintf(con, "评估基准日%s：检查项%zu项，未通过%zu项，通过%zu项，不适用%zu项，数据不足%zu项",
		cscs_date_format(a->as_of, as_of), run->n_checks, run->n_by_status[0], run->n_by_status[1],
		run->n_by_status[2], run->n_by_status[3]);
	if (run->n_by_status[4])
		fprintf(con, "，出错%zu项", run->n_by_status[4]);
	if (run->n_by_status[5])
		fprintf(con, "，已豁免%zu项", run->n_by_status[5]);
	fprintf(con, "\n问题：%zu个（", run->n_findings);
	for (int s = 0; s < CSCS_SEV_COUNT_; s++)
		fprintf(con, "%s%s %zu", s ? "，" : "", sev_zh[s], run->n_findings_by_severity[s]);
	fprintf(con, "）\n得分：%d分（满分1000），等级%s", run->score, run->grade);
	if (run->provisional[0]) {
		/* the reasons are the engine's words, in English */
		fprintf(con, "，暂定（自我评估）：");
		print_reasons(con, run->provisional);
		fprintf(con, "\n");
	} else {
		fprintf(con, "（自我评估）\n");
	}
	if (imp->n_rejected)
		fprintf(con, "记录：读取%zu行，拒收%zu行（见“数据质量”工作表）\n", imp->n_rows, imp->n_rejected);
	if (cov)
		print_coverage(con, cov, scr, run, true);
	if (a->output)
		fprintf(con, "已写入 %s\n", a->output);
	if (a->json)
		fprintf(con, "已写入 %s\n", a->json);
	if (a->csv)
		fprintf(con, "已写入 %s/\n", a->csv);
}

static void print_summary(const struct audit_args *a, const struct cscs_import_summary *imp,
			  const struct cscs_run_summary *run, const struct cscs_import_coverage *cov,
			  const struct cscs_screen_summary *scr)
{
	const char *outs[] = {a->output, a->json};
	FILE *con = cscs_cli_console(outs, 2);
	char as_of[CSCS_DATE_ISO_LEN];
	if (strcmp(a->lang, "zh") == 0) {
		print_summary_zh(con, a, imp, run, cov, scr);
		return;
	}
	fprintf(con, "as of %s: %zu checks, %zu failed, %zu passed, %zu not applicable, %zu insufficient data",
	       cscs_date_format(a->as_of, as_of), run->n_checks, run->n_by_status[0], run->n_by_status[1],
	       run->n_by_status[2], run->n_by_status[3]);
	if (run->n_by_status[4])
		fprintf(con, ", %zu errors", run->n_by_status[4]);
	if (run->n_by_status[5])
		fprintf(con, ", %zu waived", run->n_by_status[5]);
	fprintf(con, "\nfindings: %zu (", run->n_findings);
	for (int s = 0; s < CSCS_SEV_COUNT_; s++)
		fprintf(con, "%s%s %zu", s ? ", " : "", cscs_severity_name((enum cscs_severity)s), run->n_findings_by_severity[s]);
	fprintf(con, ")\nscore: %d of 1000, grade %s", run->score, run->grade);
	if (run->provisional[0]) {
		fprintf(con, " provisional (self-assessment): ");
		print_reasons(con, run->provisional);
		fprintf(con, "\n");
	} else {
		fprintf(con, " (self-assessment)\n");
	}
	if (imp->n_rejected)
		fprintf(con, "records: %zu rows read, %zu rejected (see the Data quality sheet)\n", imp->n_rows, imp->n_rejected);
	if (cov)
		print_coverage(con, cov, scr, run, false);
	if (a->output)
		fprintf(con, "wrote %s\n", a->output);
	if (a->json)
		fprintf(con, "wrote %s\n", a->json);
	if (a->csv)
		fprintf(con, "wrote %s/\n", a->csv);
}

int cmd_audit(struct cscs_ctx *ctx, int argc, char **argv)
{
	struct audit_args a = {0};
	struct cscs_diag_list dl;
	struct cscs_store *st = NULL;
	struct cscs_import_summary imp = {0};
	struct cscs_screen_summary scr = {0};
	struct cscs_run_summary run = {0};
	struct cscs_atomic_group outputs;
	enum cscs_error err = CSCS_OK;
	cscs_atomic_group_init(&outputs);
	int rc = parse_args(ctx, argc, argv, &a);
	cscs_diag_list_init(&dl);
	dl.max_items = 200;
	if (rc != CSCS_EXIT_OK) {
		free(a.checklists);
		return rc < 0 ? CSCS_EXIT_OK : rc;
	}

	/* The profile's defaults fill in what the command line left open. */
	if (a.profile) {
		struct cscs_profile *prof;
		if ((err = cscs_profile_load(a.profile, &prof, &dl)))
			goto out;
		if (!a.as_of_set && prof->has_as_of)
			a.as_of = prof->as_of;
		if (!a.lang_set && prof->lang)
			a.report.lang = a.lang = prof->lang;
		if (!a.fail_on_set && prof->has_fail_on) {
			a.fail_on = prof->fail_on;
			a.fail_on_set = true;
		}
		cscs_profile_destroy(prof);
	}

	char shipped[4096];
	const char *shipped_list[1];
	if (a.n_checklists == 0) {
		snprintf(shipped, sizeof(shipped), "%s/checklists", cscs_cli_datadir());
		shipped_list[0] = shipped;
	}

	cscs_cli_progress(ctx, "opening the database");
	if ((err = cscs_store_open(&st, a.db, &dl)))
		goto out;

	cscs_cli_progress(ctx, "importing %s", a.pack);
	struct cscs_import_opts iopts = {.encoding = a.encoding, .lists_dir = a.lists};
	if (!(err = cscs_cli_import_words(&iopts, a.map, &dl)))
		err = cscs_import_pack(st->db, a.pack, &iopts, &imp, &dl);
	cscs_cli_import_words_finish(&iopts);
	if (err)
		goto out;
	if (a.strict) {
		/* its own list, printed last: the import's may be full */
		struct cscs_diag_list sdl;
		cscs_diag_list_init(&sdl);
		err = cscs_cli_strict(st->db, imp.import_id, &sdl);
		cscs_cli_print_diags(ctx, &dl);
		cscs_diag_list_finish(&dl);
		cscs_diag_list_init(&dl);
		dl.max_items = 200;
		cscs_cli_print_diags(ctx, &sdl);
		cscs_diag_list_finish(&sdl);
		if (err)
			goto out;
	}

	cscs_cli_progress(ctx, "screening partners");
	struct cscs_screen_opts sopts;
	cscs_screen_opts_init(&sopts, a.as_of);
	if ((err = cscs_screen_run(st->db, &sopts, &scr, &dl)))
		goto out;

	cscs_cli_progress(ctx, "running checks");
	struct cscs_engine_opts eopts = {
		.as_of = a.as_of,
		.checklists = a.n_checklists ? a.checklists : shipped_list,
		.n_checklists = a.n_checklists ? a.n_checklists : 1,
		.profile = a.profile,
		.waivers = a.waivers,
		.command_line = ctx->command_line,
		.lang = a.lang,
		.import_id = imp.import_id,
	};
	if ((err = cscs_engine_run(st, &eopts, &run, &dl)))
		goto out;

	cscs_cli_progress(ctx, "writing the report");
	/* The outputs replace earlier ones together, once all are written. */
	a.report.outputs = &outputs;
	if (a.output && (err = cscs_report_workbook(st->db, run.run_id, a.output, &a.report, &dl)))
		goto out;
	if (a.json && (err = cscs_report_json(st->db, run.run_id, a.json, &a.report, &dl)))
		goto out;
	if (a.csv && (err = cscs_report_csv(st->db, run.run_id, a.csv, &a.report, &dl)))
		goto out;
	if ((err = cscs_atomic_group_commit(&outputs, &dl)))
		goto out;
	cscs_cli_progress_done(ctx);
	struct cscs_import_coverage cov;
	bool have_cov = cscs_store_import_coverage(st->db, imp.import_id, &cov, &dl) == CSCS_OK;
	print_summary(&a, &imp, &run, have_cov ? &cov : NULL, &scr);

out:
	cscs_atomic_group_abort(&outputs);
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
