/* cscs-audit audit: the main job — import, screen, check, report. */
#include <limits.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"
#include "cscs/cli/cli.h"
#include "cscs/core/buf.h"
#include "cscs/core/fs.h"
#include "cscs/core/ini.h"
#include "cscs/core/path.h"
#include "cscs/engine/engine.h"
#include "cscs/engine/profile.h"
#include "cscs/intake/import.h"
#include "cscs/report/messages.h"
#include "cscs/report/report.h"
#include "cscs/screen/screen.h"
#include "cscs/store/coverage.h"
#include "cscs/store/store.h"
#include "cscs/trail/bundle.h"
#include "cscs/trail/evidence.h"
#include "cscs/trail/seal.h"
#include "cscs/trail/track.h"

static const char audit_usage[] =
	"usage: cscs-audit audit RECORDS -o OUT.xlsx [options]\n"
	"       cscs-audit audit FOLDER --batch -o OUTDIR [options]\n"
	"\n"
	"Import the record pack RECORDS (a folder of CSV/XLSX files, or one filled\n"
	"intake.xlsx), screen its partners against list exports, run the checklists\n"
	"and write the audit workbook. Inputs are never modified; outputs appear\n"
	"whole or not at all.\n"
	"\n"
	"With --batch, audit every record pack beneath FOLDER, several at once, into\n"
	"OUTDIR/NAME.xlsx and NAME.json (NAME from the pack's path), keep every run\n"
	"in one history database (--db, default OUTDIR/history.db) and write the\n"
	"portfolio, OUTDIR/portfolio.xlsx and portfolio.json: one row per company.\n";

enum {
	OPT_OUTPUT = 'o',
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
	OPT_VOCAB,
	OPT_CONFIG,
	OPT_BATCH,
	OPT_JOBS,
	OPT_PLAN,
	OPT_BUNDLE,
};

static const struct cscs_cli_option audit_options[] = {
	{"config", 0, "FILE", OPT_CONFIG,
	 "read options from the project file FILE (default: RECORDS/cscs-audit.ini when it exists; the "
	 "command line wins; docs/guide.md)", 0, NULL},
	{"output", 'o', "FILE", OPT_OUTPUT, "write the audit workbook (.xlsx) to FILE (with --batch: the output folder)",
	 CSCS_OPT_OUTPUT, NULL},
	{"batch", 0, NULL, OPT_BATCH,
	 "audit every record pack beneath RECORDS and write the portfolio (-o names the output folder)", 0, NULL},
	{"jobs", 0, "N", OPT_JOBS, "with --batch: audit N packs at once (default: the number of online CPUs)", 0,
	 NULL},
	{"json", 0, "FILE", OPT_JSON,
	 "also write the results as JSON\n(-o and --json: FILE may be '-', standard output)", CSCS_OPT_OUTPUT,
	 NULL},
	{"csv", 0, "DIR", OPT_CSV, "also write one CSV per sheet into DIR", CSCS_OPT_OUTPUT_DIR, NULL},
	{"csv-raw", 0, NULL, OPT_CSV_RAW,
	 "write CSV text as it is (by default text that starts with =, +, -, @, a tab or CR gets a leading ')", 0,
	 NULL},
	{"as-of", 0, "DATE", OPT_AS_OF, "audit as of DATE (YYYY-MM-DD; default today)", 0, NULL},
	{"db", 0, "FILE", OPT_DB,
	 "keep the audit database in FILE (default: a temporary file, removed afterwards)", 0, NULL},
	{"checklists", 0, "PATH", OPT_CHECKLISTS,
	 "run the checklist file or folder PATH instead of the shipped ones (repeatable)", 0, NULL},
	{"lists", 0, "DIR", OPT_LISTS, "list exports to screen against (default RECORDS/lists)", 0, NULL},
	{"profile", 0, "FILE|NAME", OPT_PROFILE,
	 "select and tune checks with a profile (a file, or a shipped one by name: pre-entry, yearly, supplier)",
	 0, "pre-entry supplier yearly"},
	{"waivers", 0, "FILE", OPT_WAIVERS, "apply waivers from FILE", 0, NULL},
	{"plan", 0, "FILE", OPT_PLAN,
	 "first read the Remediation plan filled in FILE (a workbook of the previous run) into --db, as "
	 "'cscs-audit track' does; the run carries its owners, statuses and target dates forward",
	 0, NULL},
	{"bundle", 0, "DIR", OPT_BUNDLE,
	 "also write a self-contained folder DIR (new or empty): audit.xlsx, audit.json, the evidence files the "
	 "findings' records name, and manifest.json with the SHA-256 of each",
	 0, NULL},
	{"lang", 0, "en|zh", OPT_LANG, "language of the report (default en)", 0, NULL},
	{"title", 0, "TEXT", OPT_TITLE, "report title on the Summary sheet", 0, NULL},
	{"prepared-by", 0, "TEXT", OPT_PREPARED_BY, "name shown as the preparer on the Summary sheet", 0, NULL},
	{"logo", 0, "FILE", OPT_LOGO, "PNG or JPEG shown on the Summary sheet", 0, NULL},
	{"encoding", 0, "ENC", OPT_ENCODING, "read CSV as utf-8, gb18030 or gbk (default: detect)", 0,
	 "utf-8 gb18030 gbk"},
	{"map", 0, "FILE", OPT_MAP,
	 "rename your export's files, columns and values to ours (format: docs/records.md, \"Mapping file\")", 0,
	 NULL},
	{"vocab", 0, "FILE", OPT_VOCAB,
	 "more words for enumerated values, from a vocabulary file (docs/records.md; repeatable)", 0, NULL},
	{"fail-on", 0, "SEVERITY", OPT_FAIL_ON,
	 "exit 1 when an unwaived finding at or above SEVERITY (critical, high, medium, low, info) exists",
	 CSCS_OPT_ONE_OF, "critical high medium low info"},
	{"show-personal-data", 0, NULL, OPT_SHOW_PERSONAL, "show identity numbers unmasked in the outputs", 0,
	 NULL},
	{"strict", 0, NULL, OPT_STRICT,
	 "exit 2 before screening and checking when the import recorded any rejected row, flagged or "
	 "unknown value, or unreadable file (for pipelines)",
	 0, NULL},
	{NULL, 0, NULL, 0, NULL, 0, NULL},
};

const struct cscs_cli_spec cmd_audit_spec = {
	.name = "audit",
	.usage = audit_usage,
	.options = audit_options,
	.epilog = "Exit status: 0 done; 1 findings at or above --fail-on; 2 usage or input\n"
		  "error (with --strict: any data issue but a warning); 3 internal or I/O\n"
		  "error; 4 (--batch) some packs failed, the others and the portfolio were\n"
		  "written.\n",
	.operand = "record pack",
	.min_operands = 1,
	.max_operands = 1,
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
	const char *plan; /* --plan */
	const char *bundle; /* --bundle */
	const char *lang;
	const char *encoding;
	const char *map; /* --map */
	const char **checklists;
	size_t n_checklists;
	char **vocab;
	size_t n_vocab;
	cscs_date as_of;
	bool as_of_set;
	bool lang_set;
	bool fail_on_set;
	bool strict;                 /* --strict: any data issue but a warning is exit 2 */
	bool batch;                  /* --batch: pack is a folder of packs, output a folder */
	bool scratch_db;             /* db is a batch worker's, copied and removed afterwards: no fsync */
	unsigned jobs;               /* --jobs, 0: the online CPUs */
	enum cscs_severity fail_on;
	struct cscs_report_opts report;
	const char *config;          /* --config */
	char *config_used;           /* the project file read, or NULL */
	char *config_text;           /* its text */
	struct cscs_ini ini;         /* its entries (the values are used in place) */
	char *owned[32];             /* paths made from its values */
	size_t n_owned;
	struct audit_args *cli;      /* --batch: the command line's options alone, before any project file */
	const char *batch_config;    /* in a batch's pack: the batch's project file (recorded as an input too) */
};

static bool is_dir(const char *path);

static void free_args(struct audit_args *a)
{
	free(a->checklists);
	free(a->vocab);
	free(a->config_used);
	free(a->config_text);
	cscs_ini_free(&a->ini);
	for (size_t i = 0; i < a->n_owned; i++)
		free(a->owned[i]);
	free(a->cli);
}

/* The project file's keys (docs/guide.md, "Project file"): the options of audit a client repeats. */
static const char *const config_keys[] = {
	"title", "prepared_by", "logo", "lang", "profile", "waivers", "lists", "fail_on", "checklists",
	"encoding", "map", "vocab", "strict", "output", "json", "csv",
};

static int config_error(const struct cscs_ctx *ctx, const char *file, const struct cscs_ini_entry *e, bool at_key,
			const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int config_error(const struct cscs_ctx *ctx, const char *file, const struct cscs_ini_entry *e, bool at_key,
			const char *fmt, ...)
{
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	va_list ap;
	va_start(ap, fmt);
	cscs_diag_addv(&dl, CSCS_DIAG_ERROR, file, e->line, at_key ? e->col : e->vcol, fmt, ap);
	va_end(ap);
	cscs_cli_print_diags(ctx, &dl);
	cscs_diag_list_finish(&dl);
	return CSCS_EXIT_INPUT;
}

/* value as a path relative to the project file's folder dir (NULL: the current folder); NULL when out of memory. */
static const char *config_path(struct audit_args *a, const char *dir, const char *value)
{
	if (value[0] == '/' || !dir || a->n_owned == sizeof(a->owned) / sizeof(a->owned[0]))
		return value[0] == '/' || !dir ? value : NULL;
	size_t n = strlen(dir) + strlen(value) + 2;
	char *s = malloc(n);
	if (!s)
		return NULL;
	snprintf(s, n, "%s/%s", dir, value);
	a->owned[a->n_owned++] = s;
	return s;
}

/*
 * Read the project file (--config, else RECORDS/cscs-audit.ini when it
 * exists) and fill in what the command line left open. Exit code.
 */
static int apply_config(struct cscs_ctx *ctx, struct audit_args *a)
{
	const char *file = a->config;
	char fallback[PATH_MAX];
	if (!file) {
		struct stat st;
		size_t n = strlen(a->pack);
		while (n > 1 && a->pack[n - 1] == '/')
			n--; /* "client-a/" */
		snprintf(fallback, sizeof(fallback), "%.*s/cscs-audit.ini", (int)n, a->pack);
		if (!is_dir(a->pack) || stat(fallback, &st) != 0)
			return CSCS_EXIT_OK;
		file = fallback;
	}
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	size_t len = 0;
	enum cscs_error err = cscs_fs_read_all(file, 1u << 20, &a->config_text, &len, &dl);
	if (!err)
		err = cscs_ini_parse(a->config_text, len, file, &a->ini, &dl);
	cscs_cli_print_diags(ctx, &dl);
	cscs_diag_list_finish(&dl);
	if (err)
		return cscs_error_exit_code(err);
	if (!(a->config_used = strdup(file)))
		return CSCS_EXIT_INTERNAL;
	char *slash = strrchr(a->config_used, '/');
	char dir_buf[PATH_MAX];
	const char *dir = NULL;
	if (slash) {
		snprintf(dir_buf, sizeof(dir_buf), "%.*s", (int)(slash - a->config_used), a->config_used);
		dir = slash == a->config_used ? "/" : dir_buf;
	}
	const size_t n_keys = sizeof(config_keys) / sizeof(config_keys[0]);
	bool outputs_given = a->output || a->json || a->csv;
	for (size_t i = 0; i < a->ini.n; i++) {
		const struct cscs_ini_entry *e = &a->ini.items[i];
		const char *k = e->key, *v = e->value;
		size_t j = 0;
		while (j < n_keys && strcmp(config_keys[j], k) != 0)
			j++;
		if (j == n_keys) {
			const char *near = cscs_cli_nearest(k, config_keys, n_keys);
			if (near)
				return config_error(ctx, file, e, true, "unknown key '%s'; did you mean '%s'?", k, near);
			return config_error(ctx, file, e, true, "unknown key '%s' (keys: docs/guide.md, \"Project file\")", k);
		}
		if (!*v)
			return config_error(ctx, file, e, false, "'%s' has no value", k);
		bool is_path = strcmp(k, "logo") == 0 || strcmp(k, "waivers") == 0 || strcmp(k, "lists") == 0 ||
			       strcmp(k, "checklists") == 0 || strcmp(k, "map") == 0 || strcmp(k, "vocab") == 0 ||
			       strcmp(k, "output") == 0 || strcmp(k, "json") == 0 || strcmp(k, "csv") == 0;
		const char *path = is_path ? config_path(a, dir, v) : v;
		if (!path)
			return CSCS_EXIT_INTERNAL;
		if (strcmp(k, "title") == 0) {
			if (!a->report.title)
				a->report.title = v;
		} else if (strcmp(k, "prepared_by") == 0) {
			if (!a->report.prepared_by)
				a->report.prepared_by = v;
		} else if (strcmp(k, "logo") == 0) {
			if (!a->report.logo)
				a->report.logo = path;
		} else if (strcmp(k, "lang") == 0) {
			if (strcmp(v, "en") != 0 && strcmp(v, "zh") != 0)
				return config_error(ctx, file, e, false, "lang is en or zh, not '%s'", v);
			if (!a->lang_set) {
				a->lang = v;
				a->lang_set = true;
			}
		} else if (strcmp(k, "profile") == 0) {
			if (!a->profile) {
				/* a file beside the project file, or a shipped profile by name */
				const char *beside = config_path(a, dir, v);
				struct stat st;
				if (!beside)
					return CSCS_EXIT_INTERNAL;
				a->profile = stat(beside, &st) == 0 ? beside : cscs_cli_profile_path(v);
			}
		} else if (strcmp(k, "waivers") == 0) {
			if (!a->waivers)
				a->waivers = path;
		} else if (strcmp(k, "lists") == 0) {
			if (!a->lists)
				a->lists = path;
		} else if (strcmp(k, "fail_on") == 0) {
			enum cscs_severity sev;
			if (!cscs_severity_parse(v, &sev))
				return config_error(ctx, file, e, false,
						    "fail_on is critical, high, medium, low or info, not '%s'", v);
			if (!a->fail_on_set) {
				a->fail_on = sev;
				a->fail_on_set = true;
			}
		} else if (strcmp(k, "checklists") == 0) {
			if (a->n_checklists == 0) {
				if (!(a->checklists = malloc(sizeof(*a->checklists))))
					return CSCS_EXIT_INTERNAL;
				a->checklists[a->n_checklists++] = path;
			}
		} else if (strcmp(k, "encoding") == 0) {
			if (!a->encoding)
				a->encoding = v;
		} else if (strcmp(k, "map") == 0) {
			if (!a->map)
				a->map = path;
		} else if (strcmp(k, "vocab") == 0) {
			if (a->n_vocab == 0) {
				if (!(a->vocab = malloc(sizeof(*a->vocab))))
					return CSCS_EXIT_INTERNAL;
				a->vocab[a->n_vocab++] = (char *)path;
			}
		} else if (strcmp(k, "strict") == 0) {
			bool yes = strcmp(v, "true") == 0 || strcmp(v, "yes") == 0;
			if (!yes && strcmp(v, "false") != 0 && strcmp(v, "no") != 0)
				return config_error(ctx, file, e, false, "strict is true or false, not '%s'", v);
			a->strict = a->strict || yes;
		} else if (!outputs_given) { /* output, json, csv: only when the command line names no output */
			if (strcmp(k, "output") == 0)
				a->output = path;
			else if (strcmp(k, "json") == 0)
				a->json = path;
			else
				a->csv = path;
		}
	}
	return CSCS_EXIT_OK;
}

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
	struct cscs_cli_parser p;
	int c;
	a->as_of = cscs_date_today();
	a->lang = "en";
	cscs_cli_parser_init(&p, &cmd_audit_spec, argc, argv);
	while ((c = cscs_cli_next_option(ctx, &p)) > 0) {
		switch (c) {
		case OPT_OUTPUT:
			a->output = p.arg;
			break;
		case OPT_JSON:
			a->json = p.arg;
			break;
		case OPT_CSV:
			a->csv = p.arg;
			break;
		case OPT_AS_OF:
			if (!cscs_cli_parse_as_of(ctx, "audit", p.arg, &a->as_of))
				return CSCS_EXIT_INPUT;
			a->as_of_set = true;
			break;
		case OPT_DB:
			a->db = p.arg;
			break;
		case OPT_CHECKLISTS: {
			const char **more = realloc(a->checklists, (a->n_checklists + 1) * sizeof(*more));
			if (!more)
				return CSCS_EXIT_INTERNAL;
			a->checklists = more;
			a->checklists[a->n_checklists++] = p.arg;
			break;
		}
		case OPT_LISTS:
			a->lists = p.arg;
			break;
		case OPT_VOCAB: {
			char **more = realloc(a->vocab, (a->n_vocab + 1) * sizeof(*more));
			if (!more)
				return CSCS_EXIT_INTERNAL;
			a->vocab = more;
			a->vocab[a->n_vocab++] = (char *)p.arg;
			break;
		}
		case OPT_PROFILE:
			a->profile = cscs_cli_profile_path(p.arg);
			break;
		case OPT_WAIVERS:
			a->waivers = p.arg;
			break;
		case OPT_PLAN:
			a->plan = p.arg;
			break;
		case OPT_BUNDLE:
			a->bundle = p.arg;
			break;
		case OPT_LANG:
			a->lang = p.arg;
			a->lang_set = true;
			break;
		case OPT_TITLE:
			a->report.title = p.arg;
			break;
		case OPT_PREPARED_BY:
			a->report.prepared_by = p.arg;
			break;
		case OPT_LOGO:
			a->report.logo = p.arg;
			break;
		case OPT_ENCODING:
			a->encoding = p.arg;
			break;
		case OPT_MAP:
			a->map = p.arg;
			break;
		case OPT_FAIL_ON:
			cscs_severity_parse(p.arg, &a->fail_on); /* one of its names: the table says so */
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
		case OPT_CONFIG:
			a->config = p.arg;
			break;
		case OPT_BATCH:
			a->batch = true;
			break;
		case OPT_JOBS: {
			char *end;
			errno = 0;
			unsigned long n = strtoul(p.arg, &end, 10);
			if (errno || *end || end == p.arg || n < 1 || n > 1024)
				return cscs_cli_usage_error(ctx, "audit", "--jobs needs a number from 1 to 1024, not '%s'",
							    p.arg);
			a->jobs = (unsigned)n;
			break;
		}
		}
	}
	if (c == CSCS_OPT_HELP)
		return -1;
	if (c == CSCS_OPT_ERROR)
		return CSCS_EXIT_INPUT;
	a->pack = argv[p.optind];
	if (a->batch) {
		/* each pack's own project file comes between the command line and the batch's (audit_one) */
		if (!(a->cli = malloc(sizeof(*a->cli))))
			return CSCS_EXIT_INTERNAL;
		*a->cli = *a;
	}
	int rc = apply_config(ctx, a);
	if (rc != CSCS_EXIT_OK)
		return rc;
	a->report.lang = a->lang;
	a->report.datadir = cscs_cli_datadir();
	if (a->batch) {
		if (!a->output)
			return cscs_cli_usage_error(ctx, "audit", "--batch needs the output folder: -o OUTDIR");
		if (a->json || a->csv || a->bundle || a->plan)
			return cscs_cli_usage_error(ctx, "audit",
						    "--batch writes NAME.xlsx and NAME.json per pack into the -o folder; "
						    "--json, --csv, --bundle and --plan are not taken");
		if (!check_output(ctx, a, a->output, true))
			return CSCS_EXIT_INPUT;
		return CSCS_EXIT_OK;
	}
	if (a->jobs)
		return cscs_cli_usage_error(ctx, "audit", "--jobs is taken with --batch only");
	if (!a->output && !a->json && !a->csv && !a->bundle)
		return cscs_cli_usage_error(ctx, "audit", "no output given; use -o OUT.xlsx (or --json, --csv, --bundle)");
	if (!check_output(ctx, a, a->output, false) || !check_output(ctx, a, a->json, false) ||
	    !check_output(ctx, a, a->csv, true))
		return CSCS_EXIT_INPUT;
	if (a->bundle) {
		struct cscs_diag_list bdl;
		cscs_diag_list_init(&bdl);
		bool ok = check_output(ctx, a, a->bundle, true) && !cscs_bundle_check(a->bundle, &bdl);
		cscs_cli_print_diags(ctx, &bdl);
		cscs_diag_list_finish(&bdl);
		if (!ok)
			return CSCS_EXIT_INPUT;
	}
	if (a->plan && !a->db)
		return cscs_cli_usage_error(ctx, "audit", "--plan needs --db FILE: the plan is tracked across runs "
					    "kept in one database");
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
		/* the reasons are the engine's words, in English: worded by the message catalogue */
		struct cscs_messages *msgs = NULL;
		struct cscs_buf said = CSCS_BUF_INIT;
		if (cscs_messages_load(&msgs, cscs_cli_datadir(), "zh", NULL) != CSCS_OK)
			msgs = NULL;
		for (const char *p = run->provisional; *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			char *one = strndup(p, n);
			if (said.len)
				cscs_buf_adds(&said, "；");
			if (one)
				cscs_messages_put(msgs, one, &said);
			free(one);
			p += n + (nl ? 1 : 0);
		}
		fprintf(con, "，暂定（自我评估）：%s\n", said.oom ? "" : cscs_buf_str(&said));
		cscs_buf_finish(&said);
		cscs_messages_free(msgs);
	} else {
		fprintf(con, "（自我评估）\n");
	}
	if (run->fix_top[0])
		fprintf(con, "修复%s可使得分达到%d分（满分1000，见docs/scoring.md）\n", run->fix_top, run->fix_top_score);
	if (imp->n_rejected)
		fprintf(con, "记录：读取%zu行，拒收%zu行（见“数据质量”工作表）\n", imp->n_rows, imp->n_rejected);
	if (cov)
		print_coverage(con, cov, scr, run, true);
	/* named as every output names paths: no local folder (issue 16) */
	const char *outs[] = {a->output, a->json, a->csv};
	for (int i = 0; i < 3; i++) {
		if (!outs[i])
			continue;
		char *shown = cscs_path_display(outs[i]);
		fprintf(con, "已写入 %s%s\n", shown ? shown : outs[i], i == 2 ? "/" : "");
		free(shown);
	}
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
	if (run->fix_top[0])
		fprintf(con, "fixing %s would give %d of 1000 (docs/scoring.md)\n", run->fix_top, run->fix_top_score);
	if (imp->n_rejected)
		fprintf(con, "records: %zu rows read, %zu rejected (see the Data quality sheet)\n", imp->n_rows, imp->n_rejected);
	if (cov)
		print_coverage(con, cov, scr, run, false);
	if (a->output)
		cscs_cli_wrote(con, a->output, "");
	if (a->json)
		cscs_cli_wrote(con, a->json, "");
	if (a->csv)
		cscs_cli_wrote(con, a->csv, "/");
}

static int audit_run(struct cscs_ctx *ctx, const struct audit_args *ap);

/* What neither the command line nor a pack's own project file gave, from the batch's (--config, FOLDER/cscs-audit.ini). */
static void fill_from_batch(struct audit_args *a, const struct audit_args *b)
{
	if (!a->report.title)
		a->report.title = b->report.title;
	if (!a->report.prepared_by)
		a->report.prepared_by = b->report.prepared_by;
	if (!a->report.logo)
		a->report.logo = b->report.logo;
	if (!a->lang_set) {
		a->lang = b->lang;
		a->lang_set = b->lang_set;
	}
	if (!a->profile)
		a->profile = b->profile;
	if (!a->waivers)
		a->waivers = b->waivers;
	if (!a->lists)
		a->lists = b->lists;
	if (!a->fail_on_set) {
		a->fail_on = b->fail_on;
		a->fail_on_set = b->fail_on_set;
	}
	if (!a->n_checklists) {
		a->checklists = b->checklists;
		a->n_checklists = b->n_checklists;
	}
	if (!a->encoding)
		a->encoding = b->encoding;
	if (!a->map)
		a->map = b->map;
	if (!a->n_vocab) {
		a->vocab = b->vocab;
		a->n_vocab = b->n_vocab;
	}
	a->strict = a->strict || b->strict;
}

/*
 * One pack of a batch, in its worker process: the command line's options,
 * then the pack's own project file (PACK/cscs-audit.ini: its title, waivers,
 * profile ...), then the batch's; this pack's paths. Its outputs are the
 * batch's, whatever its project file names.
 */
static int audit_one(struct cscs_ctx *ctx, void *arg, const char *pack, const char *xlsx, const char *json,
		     const char *db)
{
	const struct audit_args *full = arg;
	struct audit_args a = *full->cli;
	a.config = NULL;
	a.config_used = NULL;
	a.config_text = NULL;
	memset(&a.ini, 0, sizeof(a.ini));
	a.n_owned = 0;
	a.cli = NULL;
	a.batch = false;
	a.pack = pack;
	int rc = apply_config(ctx, &a);
	if (rc == CSCS_EXIT_OK) {
		fill_from_batch(&a, full);
		a.batch_config = full->config_used;
		a.report.lang = a.lang;
		a.report.datadir = full->report.datadir;
		a.output = xlsx;
		a.json = json;
		a.csv = NULL;
		a.db = db;
		a.scratch_db = true;
		a.as_of = full->as_of;
		a.as_of_set = true; /* every pack of the batch as of the same day */
		rc = audit_run(ctx, &a);
	}
	/* free what the pack's project file made, not what the batch owns */
	if (a.checklists == full->checklists)
		a.checklists = NULL;
	if (a.vocab == full->vocab)
		a.vocab = NULL;
	free_args(&a);
	return rc;
}

/* The bundle's workbook and JSON are outputs of the run too: verify knows them. */
static enum cscs_error record_bundle(sqlite3 *db, int64_t run_id, const char *dir, struct cscs_diag_list *dl)
{
	struct cscs_buf xlsx = CSCS_BUF_INIT, json = CSCS_BUF_INIT;
	cscs_buf_addf(&xlsx, "%s/audit.xlsx", dir);
	cscs_buf_addf(&json, "%s/audit.json", dir);
	enum cscs_error err = xlsx.oom || json.oom ? CSCS_ERR_NOMEM : CSCS_OK;
	if (!err)
		err = cscs_trail_record_output(db, run_id, "workbook", cscs_buf_str(&xlsx), dl);
	if (!err)
		err = cscs_trail_record_output(db, run_id, "json", cscs_buf_str(&json), dl);
	cscs_buf_finish(&xlsx);
	cscs_buf_finish(&json);
	return err;
}

int cmd_audit(struct cscs_ctx *ctx, int argc, char **argv)
{
	struct audit_args a = {0};
	int rc = parse_args(ctx, argc, argv, &a);
	if (rc == CSCS_EXIT_OK && a.batch) {
		struct cscs_batch_opts bo = {
			.folder = a.pack,
			.outdir = a.output,
			.db = a.db,
			.jobs = a.jobs,
			.lang = a.lang,
			.as_of = a.as_of,
			.fail_on_set = a.fail_on_set,
			.show_personal_data = a.report.show_personal_data,
		};
		rc = cscs_batch_run(ctx, &bo, audit_one, &a);
	} else if (rc == CSCS_EXIT_OK) {
		rc = audit_run(ctx, &a);
	}
	free_args(&a);
	return rc < 0 ? CSCS_EXIT_OK : rc;
}

static int audit_run(struct cscs_ctx *ctx, const struct audit_args *ap)
{
	struct audit_args a = *ap;
	struct cscs_diag_list dl;
	struct cscs_store *st = NULL;
	struct cscs_import_summary imp = {0};
	struct cscs_screen_summary scr = {0};
	struct cscs_run_summary run = {0};
	struct cscs_atomic_group outputs;
	enum cscs_error err = CSCS_OK;
	bool bundle_made = false;
	cscs_atomic_group_init(&outputs);
	int rc = CSCS_EXIT_OK;
	cscs_diag_list_init(&dl);
	dl.max_items = 200;
	struct cscs_vocab *voc = NULL;
	bool strict_said = false; /* --strict's error was printed (from its own list) */
	if ((err = cscs_cli_load_vocab(a.vocab, a.n_vocab, &voc, &dl)))
		goto out;

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
	snprintf(shipped, sizeof(shipped), "%s/checklists", cscs_cli_datadir());
	if (a.n_checklists == 0)
		shipped_list[0] = shipped;
	/* outputs show the pack's files relative to it, the shipped ones as "shipped:" (issue 16) */
	if (!cscs_path_display_roots(shipped, a.pack)) {
		err = CSCS_ERR_NOMEM;
		goto out;
	}

	cscs_cli_progress(ctx, "opening the database");
	if ((err = cscs_store_open(&st, a.db, &dl)))
		goto out;
	/* Nothing in a batch worker's database must survive a power cut: the batch copies the run out. */
	if (a.scratch_db && (err = cscs_store_exec(st->db, "PRAGMA synchronous=OFF", &dl)))
		goto out;
	if (a.plan) {
		struct cscs_track_summary ts;
		cscs_cli_progress(ctx, "reading the plan %s", a.plan);
		if ((err = cscs_track_read(st->db, a.plan, 0, cscs_cli_datadir(), &ts, &dl)))
			goto out;
		cscs_cli_track_said(ctx, a.plan, &ts);
	}

	{
		char *shown = cscs_path_display(a.pack); /* the console names no local folder either */
		cscs_cli_progress(ctx, "importing %s", shown ? shown : a.pack);
		free(shown);
	}
	struct cscs_progress rows = cscs_cli_counter(ctx, "rows");
	struct cscs_import_opts iopts = {.encoding = a.encoding, .lists_dir = a.lists, .vocab = voc, .progress = &rows};
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
		strict_said = err != CSCS_OK;
		if (err)
			goto out;
	}

	cscs_cli_progress(ctx, "screening partners");
	struct cscs_screen_opts sopts;
	cscs_screen_opts_init(&sopts, a.as_of);
	struct cscs_progress entries = cscs_cli_counter(ctx, "list entries");
	sopts.progress = &entries;
	if ((err = cscs_screen_run(st->db, &sopts, &scr, &dl)))
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
		.config = a.config_used,
		.batch_config = a.batch_config,
		.lang = a.lang,
		.import_id = imp.import_id,
	};
	if ((err = cscs_engine_run(st, &eopts, &run, &dl)))
		goto out;
	struct cscs_track_carry carried;
	if ((err = cscs_track_carry(st->db, run.run_id, &carried, &dl)))
		goto out;
	size_t n_evidence;
	if ((err = cscs_evidence_index(st->db, run.run_id, &n_evidence, &dl)) ||
	    (err = cscs_evidence_link_findings(st->db, run.run_id, &dl)))
		goto out;
	a.report.pack = a.pack;

	cscs_cli_progress(ctx, "writing the report");
	/* The outputs replace earlier ones together, once all are written. */
	a.report.outputs = &outputs;
	if (a.output && (err = cscs_report_workbook(st->db, run.run_id, a.output, &a.report, &dl)))
		goto out;
	if (a.json && (err = cscs_report_json(st->db, run.run_id, a.json, &a.report, &dl)))
		goto out;
	if (a.csv && (err = cscs_report_csv(st->db, run.run_id, a.csv, &a.report, &dl)))
		goto out;
	/* The bundle is complete before the other outputs replace earlier ones; removed if they fail. */
	if (a.bundle && (err = cscs_bundle_write(st->db, run.run_id, a.bundle, a.pack, &a.report, &dl)))
		goto out;
	bundle_made = a.bundle != NULL;
	if ((err = cscs_atomic_group_commit(&outputs, &dl)))
		goto out;
	if (a.bundle && (err = record_bundle(st->db, run.run_id, a.bundle, &dl)))
		goto out;
	if ((err = cscs_trail_record_output(st->db, run.run_id, "workbook", a.output, &dl)) ||
	    (err = cscs_trail_record_output(st->db, run.run_id, "json", a.json, &dl)))
		goto out;
	cscs_cli_progress_done(ctx);
	struct cscs_import_coverage cov;
	bool have_cov = cscs_store_import_coverage(st->db, imp.import_id, &cov, &dl) == CSCS_OK;
	print_summary(&a, &imp, &run, have_cov ? &cov : NULL, &scr);

out:
	cscs_atomic_group_abort(&outputs);
	if (err && bundle_made)
		cscs_bundle_remove(a.bundle);
	cscs_cli_print_diags(ctx, &dl);
	if (!strict_said)
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
	cscs_vocab_free(voc);
	return rc;
}
