/* cscs-audit diff: compare the findings of two stored runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cscs/cli/cli.h"
#include "cscs/core/buf.h"
#include "cscs/core/json.h"
#include "cscs/engine/history.h"
#include "cscs/engine/json.h"
#include "cscs/ident/resident_id.h"
#include "cscs/store/store.h"

enum {
	OPT_DB = 256,
	OPT_FORMAT,
	OPT_SHOW_PERSONAL,
};

static const char diff_usage[] =
	"usage: cscs-audit diff --db FILE [--format text|json] [RUN_A RUN_B]\n"
	"\n"
	"Compare the findings of two runs stored in the database FILE: new (only in\n"
	"RUN_B), resolved (only in RUN_A) and unchanged (in both). Findings are\n"
	"matched by check and subject. Without RUN_A and RUN_B: the latest complete\n"
	"run and the run before it for the same company (same USCC).\n";

static const struct cscs_cli_option diff_options[] = {
	{"db", 0, "FILE", OPT_DB, "the audit database (required)", 0, NULL},
	{"format", 0, "text|json", OPT_FORMAT, "output format (default text)", 0, NULL},
	{"show-personal-data", 0, NULL, OPT_SHOW_PERSONAL,
	 "show identity numbers in subjects and details unmasked", 0, NULL},
	{NULL, 0, NULL, 0, NULL, 0, NULL},
};

const struct cscs_cli_spec cmd_diff_spec = {
	.name = "diff",
	.usage = diff_usage,
	.options = diff_options,
	.epilog =
		"Exit status: 0 done; 2 usage error, or a run that does not exist or is not\n"
		"complete; 3 internal or I/O error.\n",
	.max_operands = -1,
};

static bool parse_run_id(const char *s, int64_t *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (end == s || *end || v <= 0)
		return false;
	*out = v;
	return true;
}

static void print_run(const struct cscs_run_info *r)
{
	printf("run %lld (as of %s", (long long)r->id, r->as_of);
	if (r->has_score)
		printf(", score %d, grade %s", r->score, r->grade);
	printf(")");
}

/* Identity numbers in what findings say, masked unless shown (the buffer holds the masked copy). */
static const char *shown(const char *s, bool show, struct cscs_buf *b)
{
	return show ? s : cscs_resident_id_mask_text(s, b);
}

static void print_text(const struct cscs_delta *d, bool show)
{
	struct cscs_buf b1 = CSCS_BUF_INIT, b2 = CSCS_BUF_INIT;
	static const char marks[CSCS_DELTA_COUNT_] = {'+', '-', '='};
	print_run(&d->a);
	printf(" -> ");
	print_run(&d->b);
	printf("\n");
	const char *name = d->b.entity_name, *uscc = d->b.entity_uscc;
	if (name || uscc)
		printf("company: %s%s%s%s\n", name ? name : "", uscc ? " (" : "", uscc ? uscc : "",
		       uscc ? ")" : "");
	printf("findings: %zu new, %zu resolved, %zu unchanged\n", d->n_by_kind[CSCS_DELTA_NEW],
	       d->n_by_kind[CSCS_DELTA_RESOLVED], d->n_by_kind[CSCS_DELTA_UNCHANGED]);
	for (int k = 0; k < CSCS_DELTA_COUNT_; k++) {
		if (!d->n_by_kind[k])
			continue;
		printf("\n%s:\n", cscs_delta_kind_name((enum cscs_delta_kind)k));
		for (size_t i = 0; i < d->n; i++) {
			const struct cscs_delta_item *it = &d->items[i];
			if ((int)it->kind != k)
				continue;
			printf("  %c %-8s %-16s %s", marks[k], it->severity ? it->severity : "", it->check_id,
			       it->subject ? shown(it->subject, show, &b1) : "-");
			if (it->detail)
				printf(": %s", shown(it->detail, show, &b2));
			if (it->waived)
				printf(" (waived)");
			printf("\n");
		}
	}
	cscs_buf_finish(&b1);
	cscs_buf_finish(&b2);
}

static void json_run(struct cscs_buf *b, const struct cscs_run_info *r)
{
	cscs_buf_addf(b, "{\"id\":%lld,\"as_of\":", (long long)r->id);
	cscs_json_add_string(b, r->as_of);
	cscs_buf_adds(b, ",\"entity_name\":");
	cscs_json_add_string(b, r->entity_name);
	cscs_buf_adds(b, ",\"entity_uscc\":");
	cscs_json_add_string(b, r->entity_uscc);
	if (r->has_score)
		cscs_buf_addf(b, ",\"score\":%d,\"grade\":\"%s\"}", r->score, r->grade);
	else
		cscs_buf_adds(b, ",\"score\":null,\"grade\":null}");
}

static enum cscs_error print_json(const struct cscs_delta *d, bool show)
{
	struct cscs_buf b = CSCS_BUF_INIT;
	cscs_buf_addc(&b, '{');
	cscs_json_add_envelope(&b, "cscs-audit-diff", 1);
	cscs_buf_adds(&b, ",\"run_a\":");
	json_run(&b, &d->a);
	cscs_buf_adds(&b, ",\"run_b\":");
	json_run(&b, &d->b);
	cscs_buf_addf(&b, ",\"counts\":{\"new\":%zu,\"resolved\":%zu,\"unchanged\":%zu},\"findings\":[",
		      d->n_by_kind[CSCS_DELTA_NEW], d->n_by_kind[CSCS_DELTA_RESOLVED],
		      d->n_by_kind[CSCS_DELTA_UNCHANGED]);
	for (size_t i = 0; i < d->n; i++) {
		const struct cscs_delta_item *it = &d->items[i];
		cscs_buf_addf(&b, "%s\n{\"change\":\"%s\",\"check_id\":", i ? "," : "",
			      cscs_delta_kind_name(it->kind));
		cscs_json_add_string(&b, it->check_id);
		cscs_buf_adds(&b, ",\"subject\":");
		cscs_json_add_string(&b, it->subject);
		cscs_buf_adds(&b, ",\"severity\":");
		cscs_json_add_string(&b, it->severity);
		cscs_buf_adds(&b, ",\"title\":");
		cscs_json_add_string(&b, it->title);
		cscs_buf_adds(&b, ",\"detail\":");
		cscs_json_add_string(&b, it->detail);
		cscs_buf_addf(&b, ",\"waived\":%s,\"fingerprint\":", it->waived ? "true" : "false");
		cscs_json_add_string(&b, it->fingerprint);
		cscs_buf_addc(&b, '}');
	}
	cscs_buf_adds(&b, "\n]}\n");
	/* Identity numbers only ever sit inside strings here: masking keeps the JSON valid. */
	struct cscs_buf masked = CSCS_BUF_INIT;
	const char *out = shown(cscs_buf_str(&b), show, &masked);
	bool oom = b.oom || masked.oom;
	if (!oom)
		fputs(out, stdout);
	cscs_buf_finish(&b);
	cscs_buf_finish(&masked);
	return oom ? CSCS_ERR_NOMEM : CSCS_OK;
}

int cmd_diff(struct cscs_ctx *ctx, int argc, char **argv)
{
	const char *db = NULL;
	bool json = false;
	struct cscs_cli_parser p;
	int c;
	cscs_cli_parser_init(&p, &cmd_diff_spec, argc, argv);
	while ((c = cscs_cli_next_option(ctx, &p)) > 0) {
		switch (c) {
		case OPT_DB:
			db = p.arg;
			break;
		case OPT_FORMAT: /* text or json, as the table allows */
			json = strcmp(p.arg, "json") == 0;
			break;
		case OPT_SHOW_PERSONAL:
			ctx->show_personal_data = true;
			break;
		}
	}
	if (c == CSCS_OPT_HELP)
		return CSCS_EXIT_OK;
	if (c == CSCS_OPT_ERROR)
		return CSCS_EXIT_INPUT;
	if (!db)
		return cscs_cli_usage_error(ctx, "diff", "no database given; use --db FILE");
	int64_t run_a = 0, run_b = 0;
	int n_runs = argc - p.optind;
	if (n_runs != 0 && n_runs != 2)
		return cscs_cli_usage_error(ctx, "diff", "give two runs (RUN_A RUN_B) or none");
	if (n_runs == 2 && (!parse_run_id(argv[p.optind], &run_a) || !parse_run_id(argv[p.optind + 1], &run_b)))
		return cscs_cli_usage_error(ctx, "diff",
					    "runs are numbers (as 'check' and 'audit' print them)");
	struct stat sb;
	if (stat(db, &sb) != 0 || !S_ISREG(sb.st_mode))
		return cscs_cli_usage_error(ctx, "diff", "database '%s' does not exist", db);

	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_store *st = NULL;
	struct cscs_delta delta = {0};
	enum cscs_error err = cscs_store_open(&st, db, &dl);
	if (!err && n_runs == 0) {
		err = cscs_history_latest_run(st->db, &run_b, &dl);
		if (!err && run_b == 0) {
			cscs_diag_error(&dl, db, 0, 0,
					"the database holds no complete run; run 'cscs-audit check' first");
			err = CSCS_ERR_INPUT;
		}
		if (!err)
			err = cscs_history_previous_run(st->db, run_b, &run_a, &dl);
		if (!err && run_a == 0) {
			cscs_diag_error(&dl, db, 0, 0, "run %lld is the only complete run of its company; "
					"nothing to compare it with", (long long)run_b);
			err = CSCS_ERR_INPUT;
		}
	}
	if (!err)
		err = cscs_history_delta(st->db, run_a, run_b, &delta, &dl);
	if (!err) {
		if (json)
			err = print_json(&delta, ctx->show_personal_data);
		else
			print_text(&delta, ctx->show_personal_data);
	}
	cscs_cli_print_diags(ctx, &dl);
	cscs_history_delta_finish(&delta);
	cscs_store_close(st);
	cscs_diag_list_finish(&dl);
	return err ? cscs_error_exit_code(err) : CSCS_EXIT_OK;
}
