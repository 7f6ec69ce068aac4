/* cscs-audit signoff: record a reviewer's or approver's sign-off; the first seals the run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cscs/cli/cli.h"
#include "cscs/store/store.h"
#include "cscs/trail/seal.h"

enum {
	OPT_DB = 256,
	OPT_RUN,
	OPT_AS,
	OPT_BY,
	OPT_NOTE,
};

static const char signoff_usage[] =
	"usage: cscs-audit signoff --db FILE --run N --as reviewer|approver --by NAME [--note TEXT]\n"
	"\n"
	"Record that NAME reviewed or approved run N of the database FILE, with the\n"
	"time (UTC). The first sign-off seals the run: a hash chain over its inputs,\n"
	"results, findings and the outputs written so far is stored, and\n"
	"'cscs-audit verify' checks files and data against it. A sealed run whose\n"
	"data no longer match the seal cannot be signed off.\n";

static const struct cscs_cli_option signoff_options[] = {
	{"db", 0, "FILE", OPT_DB, "the audit database (required)", 0, NULL},
	{"run", 0, "N", OPT_RUN, "the run signed off (required)", 0, NULL},
	{"as", 0, "ROLE", OPT_AS, "reviewer or approver (required)", CSCS_OPT_ONE_OF, "reviewer approver"},
	{"by", 0, "NAME", OPT_BY, "who signs off (required)", 0, NULL},
	{"note", 0, "TEXT", OPT_NOTE, "a note kept with the sign-off", 0, NULL},
	{NULL, 0, NULL, 0, NULL, 0, NULL},
};

const struct cscs_cli_spec cmd_signoff_spec = {
	.name = "signoff",
	.usage = signoff_usage,
	.options = signoff_options,
	.epilog = "Exit status: 0 signed; 2 usage error, a run that does not exist or is not\n"
		  "complete, or a sealed run whose data changed; 3 internal or I/O error.\n",
	.max_operands = 0,
};

int cmd_signoff(struct cscs_ctx *ctx, int argc, char **argv)
{
	const char *db = NULL, *role = NULL, *by = NULL, *note = NULL;
	int64_t run_id = 0;
	struct cscs_cli_parser p;
	int c;
	cscs_cli_parser_init(&p, &cmd_signoff_spec, argc, argv);
	while ((c = cscs_cli_next_option(ctx, &p)) > 0) {
		switch (c) {
		case OPT_DB:
			db = p.arg;
			break;
		case OPT_RUN: {
			char *end;
			long long v = strtoll(p.arg, &end, 10);
			if (end == p.arg || *end || v <= 0)
				return cscs_cli_usage_error(ctx, "signoff", "--run takes a run number, not '%s'", p.arg);
			run_id = v;
			break;
		}
		case OPT_AS:
			role = p.arg;
			break;
		case OPT_BY:
			by = p.arg;
			break;
		case OPT_NOTE:
			note = p.arg;
			break;
		}
	}
	if (c == CSCS_OPT_HELP)
		return CSCS_EXIT_OK;
	if (c == CSCS_OPT_ERROR)
		return CSCS_EXIT_INPUT;
	if (!db)
		return cscs_cli_usage_error(ctx, "signoff", "no database given; use --db FILE");
	if (!run_id)
		return cscs_cli_usage_error(ctx, "signoff", "no run given; use --run N (as 'audit' and 'check' print it)");
	if (!role)
		return cscs_cli_usage_error(ctx, "signoff", "no role given; use --as reviewer or --as approver");
	if (!by || !*by)
		return cscs_cli_usage_error(ctx, "signoff", "no name given; use --by NAME");
	struct stat sb;
	if (stat(db, &sb) != 0 || !S_ISREG(sb.st_mode))
		return cscs_cli_usage_error(ctx, "signoff", "database '%s' does not exist", db);

	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_store *st = NULL;
	struct cscs_seal seal;
	bool sealed_now = false;
	enum cscs_error err = cscs_store_open(&st, db, &dl);
	if (!err)
		err = cscs_signoff(st->db, run_id, role, by, note, &seal, &sealed_now, &dl);
	cscs_cli_print_diags(ctx, &dl);
	cscs_cli_print_bare_error(ctx, err, &dl);
	if (!err) {
		if (sealed_now)
			printf("run %lld sealed at %s: chain %s\n", (long long)run_id, seal.sealed_at, seal.chain);
		printf("run %lld signed off as %s by %s\n", (long long)run_id, role, by);
	}
	cscs_store_close(st);
	cscs_diag_list_finish(&dl);
	return err ? cscs_error_exit_code(err) : CSCS_EXIT_OK;
}
