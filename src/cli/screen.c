/* cscs-audit screen: partners against list exports, for reviewers who only screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cscs/cli/cli.h"
#include "cscs/core/fs.h"
#include "cscs/core/path.h"
#include "cscs/intake/encoding.h"
#include "cscs/intake/import.h"
#include "cscs/report/messages.h"
#include "cscs/screen/output.h"
#include "cscs/screen/screen.h"
#include "cscs/store/store.h"

enum {
	OPT_JSON = 256,
	OPT_LISTS,
	OPT_DB,
	OPT_AS_OF,
	OPT_MATCH,
	OPT_REVIEW,
	OPT_ENCODING,
	OPT_REBUILD,
	OPT_SHOW_PERSONAL,
	OPT_TIMINGS,
	OPT_VOCAB,
	OPT_LANG,
	OPT_CSV,
};

static const char screen_usage[] =
	"usage: cscs-audit screen PARTNERS.csv [--lists DIR] -o OUT.xlsx [options]\n"
	"\n"
	"Screen the partners in PARTNERS.csv (or .xlsx; columns of partners.csv,\n"
	"docs/records.md) against list exports: by unified social credit code\n"
	"first, then by name after normalisation (legal forms, brackets, full-width\n"
	"characters, branch offices), then by similar names. Every match has a score\n"
	"(0-100), a band (match, review, clear) and an explanation of its factors;\n"
	"each partner gets a status (listed, review, clear), and the summary shows\n"
	"the share of partners and of spend that is listed, by list. Entries removed\n"
	"by the as-of date are reported apart, as historical. Rules, scores and\n"
	"thresholds: docs/screening.md.\n"
	"\n"
	"The lists are imported into the database and indexed once: with --db, later\n"
	"runs against the same database reuse them and may leave out --lists.\n";

static const struct cscs_cli_option screen_options[] = {
	{"output", 'o', "FILE", 'o', "write the screening workbook (.xlsx) to FILE", CSCS_OPT_OUTPUT, NULL},
	{"json", 0, "FILE", OPT_JSON,
	 "also write the results as JSON\n(-o, --json and --csv: FILE may be '-', standard output)", CSCS_OPT_OUTPUT,
	 NULL},
	{"csv", 0, "FILE", OPT_CSV,
	 "also write the Partners sheet's rows as CSV (UTF-8; a text a spreadsheet would run as a formula gets a "
	 "leading apostrophe)",
	 CSCS_OPT_OUTPUT, NULL},
	{"lang", 0, "en|zh", OPT_LANG, "language of the workbook, the CSV and the console summary (default en)", 0,
	 NULL},
	{"lists", 0, "DIR", OPT_LISTS,
	 "list exports to screen against: every *.csv in DIR (replaces the lists held in --db)", 0, NULL},
	{"db", 0, "FILE", OPT_DB,
	 "keep the database in FILE, lists and results included (default: a temporary file, removed afterwards)",
	 0, NULL},
	{"as-of", 0, "DATE", OPT_AS_OF, "screen as of DATE (YYYY-MM-DD; default today)", 0, NULL},
	{"match-score", 0, "N", OPT_MATCH, "score from which a match is in the match band (0-100, default 90)", 0,
	 NULL},
	{"review-score", 0, "N", OPT_REVIEW,
	 "score from which a match needs review (0-100, default 70; similar names are searched down to it, but "
	 "not below 50)",
	 0, NULL},
	{"encoding", 0, "ENC", OPT_ENCODING, "read CSV as utf-8, gb18030 or gbk (default: detect)", 0,
	 "utf-8 gb18030 gbk"},
	{"vocab", 0, "FILE", OPT_VOCAB,
	 "more words for list names and partner roles, from a vocabulary file (docs/records.md; repeatable)", 0,
	 NULL},
	{"rebuild-index", 0, NULL, OPT_REBUILD, "index the lists again even when they look unchanged", 0, NULL},
	{"show-personal-data", 0, NULL, OPT_SHOW_PERSONAL, "show identity numbers unmasked in the outputs", 0,
	 NULL},
	{"timings", 0, NULL, OPT_TIMINGS,
	 "print how long each phase took, and the similar-name search's work, on standard error", 0, NULL},
	{NULL, 0, NULL, 0, NULL, 0, NULL},
};

const struct cscs_cli_spec cmd_screen_spec = {
	.name = "screen",
	.usage = screen_usage,
	.options = screen_options,
	.epilog =
		"Exit status: 0 done (whatever was found); 2 usage or input error; 3 internal\n"
		"or I/O error.\n",
	.operand = "partners file",
	.min_operands = 1,
	.max_operands = 1,
};

struct screen_args {
	const char *partners;     /* the partners file */
	const char *output;       /* -o */
	const char *json;         /* --json */
	const char *csv;          /* --csv */
	const char *lang;         /* --lang: "en" or "zh" */
	const char *lists;        /* --lists */
	const char *db;           /* --db */
	const char *encoding;     /* --encoding */
	bool show_personal;       /* --show-personal-data */
	bool timings;             /* --timings */
	char *vocab[16];          /* --vocab files */
	size_t n_vocab;           /* entries in vocab */
	struct cscs_screen_opts opts; /* as-of, thresholds, rebuild */
};

static bool parse_score(const struct cscs_ctx *ctx, const char *opt, const char *arg, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (!*arg || *end || v < 0 || v > 100) {
		cscs_cli_usage_error(ctx, "screen", "%s must be a whole number from 0 to 100, not '%s'", opt,
			arg);
		return false;
	}
	*out = (int)v;
	return true;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* An output must not be one of the inputs, nor a folder. */
static bool check_output(const struct cscs_ctx *ctx, const struct screen_args *a, const char *out)
{
	if (!out)
		return true;
	if (is_dir(out)) {
		cscs_cli_usage_error(ctx, "screen", "output '%s' is a folder", out);
		return false;
	}
	const char *inputs[] = {a->partners, a->lists, a->db};
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		if (inputs[i] && cscs_fs_same_file_or_inside(out, inputs[i])) {
			cscs_cli_usage_error(ctx, "screen", "output '%s' would overwrite the input '%s'", out,
				inputs[i]);
			return false;
		}
	}
	return true;
}

/* Returns CSCS_EXIT_OK to go on, -1 after --help, or an exit code. */
static int parse_args(struct cscs_ctx *ctx, int argc, char **argv, struct screen_args *a)
{
	struct cscs_cli_parser p;
	int c;
	cscs_screen_opts_init(&a->opts, cscs_date_today());
	a->lang = "en";
	cscs_cli_parser_init(&p, &cmd_screen_spec, argc, argv);
	while ((c = cscs_cli_next_option(ctx, &p)) > 0) {
		switch (c) {
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
			a->lang = p.arg;
			break;
		case OPT_LISTS:
			a->lists = p.arg;
			break;
		case OPT_DB:
			a->db = p.arg;
			break;
		case OPT_AS_OF:
			if (!cscs_cli_parse_as_of(ctx, "screen", p.arg, &a->opts.as_of))
				return CSCS_EXIT_INPUT;
			break;
		case OPT_MATCH:
			if (!parse_score(ctx, "--match-score", p.arg, &a->opts.match_score))
				return CSCS_EXIT_INPUT;
			break;
		case OPT_REVIEW:
			if (!parse_score(ctx, "--review-score", p.arg, &a->opts.review_score))
				return CSCS_EXIT_INPUT;
			break;
		case OPT_ENCODING:
			if (!cscs_encoding_canonical(p.arg))
				return cscs_cli_usage_error(ctx, "screen",
					"--encoding must be utf-8, gb18030 or gbk, not '%s'",
							    p.arg);
			a->encoding = p.arg;
			break;
		case OPT_REBUILD:
			a->opts.rebuild_index = true;
			break;
		case OPT_VOCAB:
			if (a->n_vocab == sizeof(a->vocab) / sizeof(a->vocab[0]))
				return cscs_cli_usage_error(ctx, "screen", "--vocab given more than %zu times",
							    sizeof(a->vocab) / sizeof(a->vocab[0]));
			a->vocab[a->n_vocab++] = (char *)p.arg;
			break;
		case OPT_SHOW_PERSONAL:
			a->show_personal = true;
			ctx->show_personal_data = true;
			break;
		case OPT_TIMINGS:
			a->timings = true;
			break;
		}
	}
	if (c == CSCS_OPT_HELP)
		return -1;
	if (c == CSCS_OPT_ERROR)
		return CSCS_EXIT_INPUT;
	a->partners = argv[p.optind];
	if (!a->output && !a->json && !a->csv)
		return cscs_cli_usage_error(ctx, "screen", "no output given; use -o OUT.xlsx (or --json, --csv)");
	if (a->opts.review_score > a->opts.match_score)
		return cscs_cli_usage_error(ctx, "screen", "--review-score (%d) is above --match-score (%d)",
					    a->opts.review_score, a->opts.match_score);
	if (a->lists && !is_dir(a->lists))
		return cscs_cli_usage_error(ctx, "screen", "--lists '%s' is not a folder", a->lists);
	if (!check_output(ctx, a, a->output) || !check_output(ctx, a, a->json) || !check_output(ctx, a, a->csv))
		return CSCS_EXIT_INPUT;
	const char *outs[] = {a->output, a->json, a->csv};
	for (int i = 0; i < 3; i++)
		for (int j = i + 1; j < 3; j++)
			if (outs[i] && outs[j] && strcmp(outs[i], outs[j]) == 0)
				return cscs_cli_usage_error(ctx, "screen", "two outputs would both be '%s'", outs[i]);
	if (!cscs_cli_check_extension(ctx, "screen", "-o", a->output, ".xlsx") ||
	    !cscs_cli_check_extension(ctx, "screen", "--json", a->json, ".json") ||
	    !cscs_cli_check_extension(ctx, "screen", "--csv", a->csv, ".csv"))
		return CSCS_EXIT_INPUT;
	return CSCS_EXIT_OK;
}

static int64_t count_rows(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Wall-clock and processor time of one phase of the command. */
struct stopwatch {
	double wall, cpu;   /* at the start, then elapsed */
};

static void clocks(double *wall, double *cpu)
{
	struct timespec w, c;
	clock_gettime(CLOCK_MONOTONIC, &w);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
	*wall = (double)w.tv_sec + (double)w.tv_nsec / 1e9;
	*cpu = (double)c.tv_sec + (double)c.tv_nsec / 1e9;
}

static void sw_start(struct stopwatch *sw)
{
	clocks(&sw->wall, &sw->cpu);
}

static void sw_stop(struct stopwatch *sw)
{
	double wall, cpu;
	clocks(&wall, &cpu);
	sw->wall = wall - sw->wall;
	sw->cpu = cpu - sw->cpu;
}

static void print_timings(const struct cscs_screen_summary *s, const struct stopwatch *lists,
			  const struct stopwatch *partners, const struct stopwatch *write)
{
	fprintf(stderr, "timings:            wall clock   processor\n");
	fprintf(stderr, "  %-16s %8.2f s %8.2f s\n", "import lists", lists->wall, lists->cpu);
	fprintf(stderr, "  %-16s %8.2f s %8.2f s\n", "import partners", partners->wall, partners->cpu);
	for (int i = 0; i < CSCS_PHASE_COUNT_; i++)
		fprintf(stderr, "  %-16s %8.2f s %8.2f s\n",
			cscs_screen_phase_name((enum cscs_screen_phase)i),
			s->seconds[i], s->cpu_seconds[i]);
	fprintf(stderr, "  %-16s %8.2f s %8.2f s\n", "write outputs", write->wall, write->cpu);
	if (s->join_threshold > 100)
		fputs("similar-name join: not run (similar names cannot score the review score)\n", stderr);
	else
		fprintf(stderr, "similar-name join: %llu postings read, %llu pairs compared, %llu at or above %d%%\n",
			(unsigned long long)s->n_postings_read, (unsigned long long)s->n_pairs_compared,
			(unsigned long long)s->n_pairs_similar, s->join_threshold);
	if (s->n_similar_overflow)
		fprintf(stderr, "%zu names match more list entries than are scored (never reported clear)\n",
			s->n_similar_overflow);
}

/* A status of the audited entity or its legal representative in Chinese. */
static const char *status_zh(const char *s)
{
	if (strcmp(s, "listed") == 0)
		return "在名单中";
	if (strcmp(s, "review") == 0)
		return "需复核";
	if (strcmp(s, "clear") == 0)
		return "未命中";
	if (strcmp(s, "not_screened") == 0)
		return "未筛查";
	return s;
}

/* The console summary in Chinese (screen --lang zh). */
static void print_summary_zh(FILE *con, const struct screen_args *a, const struct cscs_screen_summary *sum,
			     const struct cscs_import_summary *imp)
{
	fprintf(con, "已将 %zu 个合作方与 %lld 条名单条目比对：在名单中 %zu 个，需复核 %zu 个，", sum->n_partners,
		(long long)sum->n_list_entries, sum->n_listed, sum->n_review);
	if (sum->n_not_screened)
		fprintf(con, "未筛查 %zu 个，", sum->n_not_screened);
	fprintf(con, "未命中 %zu 个\n", sum->n_partners - sum->n_listed - sum->n_review - sum->n_not_screened);
	if (sum->lists_incomplete[0]) {
		/* why, in the words of the message catalogue (as the workbook gives it) */
		struct cscs_messages *msg = NULL;
		struct cscs_diag_list mdl;
		struct cscs_buf why = CSCS_BUF_INIT;
		cscs_diag_list_init(&mdl);
		if (cscs_messages_load(&msg, cscs_cli_datadir(), "zh", &mdl) != CSCS_OK)
			msg = NULL; /* the catalogue was read for the workbook already; here it only words */
		cscs_messages_put(msg, sum->lists_incomplete, &why);
		fprintf(con, "未筛查：名单未完整读取（%s）；不报告任何合作方为未命中\n",
			why.oom || !why.len ? sum->lists_incomplete : cscs_buf_str(&why));
		cscs_buf_finish(&why);
		cscs_messages_free(msg);
		cscs_diag_list_finish(&mdl);
	}
	if (sum->entity_status[0])
		fprintf(con, "被审计主体：%s；其法定代表人：%s\n", status_zh(sum->entity_status),
			sum->legal_rep_status[0] ? status_zh(sum->legal_rep_status) : "未记录");
	if (imp->n_rejected)
		fprintf(con, "合作方：拒收 %zu 行，未筛查（见警告）\n", imp->n_rejected);
	if (imp->n_unknown)
		fprintf(con, "合作方：%zu 个值无法识别（见警告）\n", imp->n_unknown);
	const char *outs[] = {a->output, a->json, a->csv};
	for (int i = 0; i < 3; i++) {
		if (!outs[i])
			continue;
		char *shown = cscs_path_display(outs[i]);
		fprintf(con, "已写入 %s\n", shown ? shown : outs[i]);
		free(shown);
	}
}

int cmd_screen(struct cscs_ctx *ctx, int argc, char **argv)
{
	struct screen_args a = {0};
	struct cscs_diag_list dl;
	struct cscs_store *st = NULL;
	struct cscs_import_summary imp = {0};
	char *shown_partners = NULL, *shown_lists = NULL; /* the inputs as the outputs name them */
	struct cscs_import_opts iopts = {0};
	struct cscs_screen_summary sum = {0};
	struct cscs_atomic_group outputs;
	enum cscs_error err = CSCS_OK;
	struct stopwatch t_lists = {0, 0}, t_partners = {0, 0}, t_write = {0, 0};
	cscs_atomic_group_init(&outputs);
	int rc = parse_args(ctx, argc, argv, &a);
	if (rc != CSCS_EXIT_OK)
		return rc < 0 ? CSCS_EXIT_OK : rc;
	cscs_diag_list_init(&dl);
	dl.max_items = 200;

	struct cscs_vocab *voc = NULL;
	if ((err = cscs_cli_load_vocab(a.vocab, a.n_vocab, &voc, &dl)))
		goto out;
	/* the console and the outputs name the inputs without the local folder (issue 16) */
	shown_partners = cscs_path_display(a.partners);
	shown_lists = a.lists ? cscs_path_display(a.lists) : NULL;
	if (!shown_partners || (a.lists && !shown_lists)) {
		err = CSCS_ERR_NOMEM;
		goto out;
	}
	cscs_cli_progress(ctx, "opening the database");
	if ((err = cscs_store_open(&st, a.db, &dl)))
		goto out;
	iopts.encoding = a.encoding;
	iopts.vocab = voc;
	if ((err = cscs_cli_import_words(&iopts, NULL, &dl)))
		goto out;
	if (a.lists) {
		/*
		 * List exports are not the user's records: their flagged values
		 * (invalid codes, thousands of them in a big export) are counted,
		 * and only the first few shown.
		 */
		struct cscs_diag_list list_dl;
		cscs_diag_list_init(&list_dl);
		list_dl.max_items = 10;
		cscs_cli_progress(ctx, "importing the lists in %s", shown_lists);
		struct cscs_progress rows = cscs_cli_counter(ctx, "rows");
		iopts.progress = &rows;
		sw_start(&t_lists);
		err = cscs_import_lists(st->db, a.lists, &iopts, &imp, &list_dl);
		iopts.progress = NULL;
		sw_stop(&t_lists);
		cscs_cli_print_diags(ctx, &list_dl);
		cscs_diag_list_finish(&list_dl);
		if (err)
			goto out;
		if (imp.n_list_rows == 0) {
			cscs_diag_error(&dl, a.lists, 0, 0,
				"no list entries found (expected *.csv list exports)");
			err = CSCS_ERR_INPUT;
			goto out;
		}
	} else if (count_rows(st->db, "SELECT EXISTS (SELECT 1 FROM list_entries)") != 1) {
		cscs_diag_list_finish(&dl);
		cscs_store_close_failed(st, true); /* a failed command: a database it created goes again */
		cscs_cli_import_words_finish(&iopts);
		cscs_vocab_free(voc);
		free(shown_partners);
		free(shown_lists);
		const char *what = a.db ? "the database holds no lists" : "no lists to screen against";
		return cscs_cli_usage_error(ctx, "screen", "%s; give --lists DIR", what);
	}
	cscs_cli_progress(ctx, "importing %s", shown_partners);
	struct cscs_progress partner_rows = cscs_cli_counter(ctx, "rows");
	iopts.progress = &partner_rows;
	sw_start(&t_partners);
	err = cscs_import_file(st->db, a.partners, "partners", &iopts, &imp, &dl);
	iopts.progress = NULL;
	if (err)
		goto out;
	sw_stop(&t_partners);

	cscs_cli_progress(ctx, "screening %zu partners", imp.n_rows);
	struct cscs_progress entries = cscs_cli_counter(ctx, "list entries");
	a.opts.progress = &entries;
	err = cscs_screen_run(st->db, &a.opts, &sum, &dl);
	a.opts.progress = NULL;
	if (err)
		goto out;

	cscs_cli_progress(ctx, "writing the results");
	sw_start(&t_write);
	struct cscs_screen_output_opts oo = {
		.show_personal_data = a.show_personal, .partners = shown_partners, .lists = shown_lists,
		.datadir = cscs_cli_datadir(), .lang = a.lang,
		.outputs = &outputs, /* the outputs replace earlier ones together */
	};
	if (a.output && (err = cscs_screen_write_workbook(st->db, a.output, &oo, &dl)))
		goto out;
	if (a.json && (err = cscs_screen_write_json(st->db, a.json, &oo, &dl)))
		goto out;
	if (a.csv && (err = cscs_screen_write_csv(st->db, a.csv, &oo, &dl)))
		goto out;
	if ((err = cscs_atomic_group_commit(&outputs, &dl)))
		goto out;
	sw_stop(&t_write);
	cscs_cli_progress_done(ctx);

	const char *outs[] = {a.output, a.json, a.csv};
	FILE *con = cscs_cli_console(outs, 3);
	if (strcmp(a.lang, "zh") == 0) {
		print_summary_zh(con, &a, &sum, &imp);
		goto timings;
	}
	fprintf(con, "screened %zu partners against %lld list entries: %zu listed, %zu to review, ", sum.n_partners,
	       (long long)sum.n_list_entries, sum.n_listed, sum.n_review);
	if (sum.n_not_screened)
		fprintf(con, "%zu not screened, ", sum.n_not_screened);
	fprintf(con, "%zu clear\n", sum.n_partners - sum.n_listed - sum.n_review - sum.n_not_screened);
	if (sum.lists_incomplete[0])
		fprintf(con, "not screened: the lists were not read whole (%s); no partner is reported clear\n",
		       sum.lists_incomplete);
	if (sum.entity_status[0])
		fprintf(con, "the audited entity: %s; its legal representative: %s\n", sum.entity_status,
		       sum.legal_rep_status[0] ? sum.legal_rep_status : "not recorded");
	if (imp.n_rejected)
		fprintf(con, "partners: %zu rows rejected and not screened (see the warnings)\n", imp.n_rejected);
	if (imp.n_unknown)
		fprintf(con, "partners: %zu values unknown (see the warnings)\n", imp.n_unknown);
	if (a.output)
		cscs_cli_wrote(con, a.output, "");
	if (a.json)
		cscs_cli_wrote(con, a.json, "");
	if (a.csv)
		cscs_cli_wrote(con, a.csv, "");
timings:
	if (a.timings)
		print_timings(&sum, &t_lists, &t_partners, &t_write);
out:
	free(shown_partners);
	free(shown_lists);
	cscs_atomic_group_abort(&outputs);
	if (err)
		cscs_cli_progress_done(ctx);
	cscs_cli_print_diags(ctx, &dl);
	cscs_cli_print_bare_error(ctx, err, &dl);
	if (err)
		rc = cscs_error_exit_code(err);
	cscs_store_close_failed(st, err != CSCS_OK);
	cscs_cli_import_words_finish(&iopts);
	cscs_vocab_free(voc);
	cscs_diag_list_finish(&dl);
	return rc;
}
