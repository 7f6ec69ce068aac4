/* cscs-audit track: read a filled Remediation plan back into the database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cscs/cli/cli.h"
#include "cscs/store/store.h"
#include "cscs/trail/track.h"

enum {
	OPT_DB = 256,
	OPT_RUN,
};

static const char track_usage[] =
	"usage: cscs-audit track PLAN.xlsx --db FILE [--run N]\n"
	"\n"
	"Read the Owner, Status, Target date and Notes filled in the Remediation plan\n"
	"sheet of an audit workbook back into the database FILE, matched to the\n"
	"findings by the sheet's Key column (not by row order). The next run of the\n"
	"same company carries them forward for findings still open and marks the\n"
	"ones no longer found as resolved. Any conflict (an unknown key, a status not\n"
	"in the list, a target date that is not a date, a key given twice) is\n"
	"reported with its cell, and then nothing is read.\n";

static const struct cscs_cli_option track_options[] = {
	{"db", 0, "FILE", OPT_DB, "the audit database (required)", 0, NULL},
	{"run", 0, "N", OPT_RUN, "the run the plan was written for (default: the latest complete run)", 0, NULL},
	{NULL, 0, NULL, 0, NULL, 0, NULL},
};

const struct cscs_cli_spec cmd_track_spec = {
	.name = "track",
	.usage = track_usage,
	.options = track_options,
	.epilog = "Exit status: 0 done; 2 usage error, a conflict in the plan, or a run that\n"
		  "does not exist; 3 internal or I/O error.\n",
	.operand = "plan workbook",
	.min_operands = 1,
	.max_operands = 1,
};

/* Print what a plan read stored. */
void cscs_cli_track_said(const struct cscs_ctx *ctx, const char *plan, const struct cscs_track_summary *s)
{
	if (ctx->verbosity < 0)
		return;
	fprintf(stderr, "plan %s: %zu action%s read into run %lld (%zu with an owner; %zu open, %zu in progress, "
		"%zu done, %zu waived)\n", plan, s->n_rows, s->n_rows == 1 ? "" : "s", (long long)s->run_id,
		s->n_owned, s->n_by_status[CSCS_PLAN_OPEN], s->n_by_status[CSCS_PLAN_IN_PROGRESS],
		s->n_by_status[CSCS_PLAN_DONE], s->n_by_status[CSCS_PLAN_WAIVED]);
}

int cmd_track(struct cscs_ctx *ctx, int argc, char **argv)
{
	const char *db = NULL;
	int64_t run_id = 0;
	struct cscs_cli_parser p;
	int c;
	cscs_cli_parser_init(&p, &cmd_track_spec, argc, argv);
	while ((c = cscs_cli_next_option(ctx, &p)) > 0) {
		switch (c) {
		case OPT_DB:
			db = p.arg;
			break;
		case OPT_RUN: {
			char *end;
			long long v = strtoll(p.arg, &end, 10);
			if (end == p.arg || *end || v <= 0)
				return cscs_cli_usage_error(ctx, "track", "--run takes a run number, not '%s'", p.arg);
			run_id = v;
			break;
		}
		}
	}
	if (c == CSCS_OPT_HELP)
		return CSCS_EXIT_OK;
	if (c == CSCS_OPT_ERROR)
		return CSCS_EXIT_INPUT;
	if (!db)
		return cscs_cli_usage_error(ctx, "track", "no database given; use --db FILE");
	const char *plan = argv[p.optind];
	struct stat sb;
	if (stat(db, &sb) != 0 || !S_ISREG(sb.st_mode))
		return cscs_cli_usage_error(ctx, "track", "database '%s' does not exist", db);

	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	dl.max_items = 200;
	struct cscs_store *st = NULL;
	struct cscs_track_summary sum;
	enum cscs_error err = cscs_store_open(&st, db, &dl);
	if (!err)
		err = cscs_track_read(st->db, plan, run_id, cscs_cli_datadir(), &sum, &dl);
	cscs_cli_print_diags(ctx, &dl);
	cscs_cli_print_bare_error(ctx, err, &dl);
	if (!err)
		cscs_cli_track_said(ctx, plan, &sum);
	cscs_store_close(st);
	cscs_diag_list_finish(&dl);
	return err ? cscs_error_exit_code(err) : CSCS_EXIT_OK;
}
