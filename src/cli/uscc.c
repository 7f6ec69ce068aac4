/* cscs-audit uscc: validate and decode unified social credit codes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cscs/cli/cli.h"
#include "cscs/core/fs.h"
#include "cscs/core/json.h"
#include "cscs/core/text.h"
#include "cscs/ident/region.h"
#include "cscs/ident/resident_id.h"
#include "cscs/ident/uscc.h"

static const char uscc_usage[] =
	"usage: cscs-audit uscc [--lang en|zh] [--json FILE] CODE...\n"
	"       cscs-audit uscc [--lang en|zh] [--json FILE] -\n"
	"\n"
	"Validate unified social credit codes against GB 32100-2015 (alphabet,\n"
	"length, MOD 31 check character) and the embedded GB 11714 organisation\n"
	"code check character, and decode their parts. Blanks, hyphens and lower\n"
	"case are normalised first. With '-', codes are read one per line from\n"
	"standard input. With --json, the results are also written as JSON\n"
	"(format cscs-audit-uscc, docs/schema/uscc.schema.json); with --json -,\n"
	"only the JSON is written, to standard output.\n";

static const struct cscs_cli_option uscc_options[] = {
	{"lang", 0, "en|zh", 'l', "language of the decoded parts (default en)", 0, NULL},
	{"json", 0, "FILE", 'j', "also write the results as JSON to FILE ('-': standard output, the JSON alone)",
	 CSCS_OPT_OUTPUT, NULL},
	{NULL, 0, NULL, 0, NULL, 0, NULL},
};

const struct cscs_cli_spec cmd_uscc_spec = {
	.name = "uscc",
	.usage = uscc_usage,
	.options = uscc_options,
	.epilog =
		"Exit status: 0 all codes valid; 1 any code invalid; 2 usage error.\n",
	.stop_at_operand = 1,
	.operand = "code",
	.min_operands = 1,
	.max_operands = -1,
};

/* One code's result as a JSON object appended to j (a code that is not valid is shown as the text is). */
static void json_code(struct cscs_buf *j, const char *given, const struct cscs_uscc *r, bool ok, const char *reason)
{
	cscs_buf_adds(j, j->len && j->data[j->len - 1] == '[' ? "\n  {" : ",\n  {");
	cscs_buf_adds(j, "\"input\":");
	cscs_json_add_string(j, given);
	cscs_buf_adds(j, ",\"valid\":");
	cscs_buf_adds(j, ok ? "true" : "false");
	if (!ok) {
		cscs_buf_adds(j, ",\"code\":null,\"reason\":");
		cscs_json_add_string(j, reason);
		cscs_buf_addc(j, '}');
		return;
	}
	cscs_buf_adds(j, ",\"code\":");
	cscs_json_add_string(j, r->code);
	cscs_buf_adds(j, ",\"reason\":null,\"authority\":{\"code\":");
	char one[2] = {r->authority, 0};
	cscs_json_add_string(j, one);
	cscs_buf_adds(j, ",\"name\":");
	cscs_json_add_string(j, cscs_uscc_authority_name(r->authority, false));
	cscs_buf_adds(j, ",\"name_zh\":");
	cscs_json_add_string(j, cscs_uscc_authority_name(r->authority, true));
	cscs_buf_adds(j, "},\"type\":{\"code\":");
	one[0] = r->type;
	cscs_json_add_string(j, one);
	cscs_buf_adds(j, ",\"name\":");
	cscs_json_add_string(j, cscs_uscc_type_name(r->authority, r->type, false));
	cscs_buf_adds(j, ",\"name_zh\":");
	cscs_json_add_string(j, cscs_uscc_type_name(r->authority, r->type, true));
	cscs_buf_adds(j, "},\"region\":{\"code\":");
	cscs_json_add_string(j, r->region);
	cscs_buf_adds(j, ",\"province\":");
	cscs_json_add_string(j, cscs_region_province(r->region, false));
	cscs_buf_adds(j, ",\"province_zh\":");
	cscs_json_add_string(j, cscs_region_province(r->region, true));
	cscs_buf_adds(j, "},\"organisation_code\":");
	cscs_json_add_string(j, r->org_code);
	cscs_buf_addc(j, '}');
}

static bool report_code(const char *input, bool zh, FILE *out, struct cscs_buf *j)
{
	struct cscs_uscc r;
	char reason[256];
	bool ok = cscs_uscc_check(input, &r);
	if (!ok) {
		/* Someone's identity number given where a code belongs is not echoed. */
		const char *given = cscs_uscc_shown(&r, input);
		char masked[64];
		struct cscs_buf b = CSCS_BUF_INIT, shown = CSCS_BUF_INIT;
		if (cscs_resident_id_like(input))
			given = cscs_resident_id_mask(input, masked, sizeof(masked));
		else
			given = cscs_resident_id_mask_text(given, &b);
		cscs_uscc_reason(&r, reason, sizeof(reason));
		if (out)
			fprintf(out, "%s\tinvalid\t%s\n", cscs_text_for_terminal(given, &shown), reason);
		if (j)
			json_code(j, given, &r, false, reason);
		cscs_buf_finish(&b);
		cscs_buf_finish(&shown);
		return false;
	}
	if (j)
		json_code(j, r.code, &r, true, NULL);
	if (!out)
		return true;
	const char *province = cscs_region_province(r.region, zh);
	fprintf(out, "%s\tvalid\n", r.code);
	fprintf(out, "  %s: %c %s\n", zh ? "登记管理部门" : "registration authority", r.authority,
		cscs_uscc_authority_name(r.authority, zh));
	fprintf(out, "  %s: %c %s\n", zh ? "机构类别" : "entity type", r.type,
		cscs_uscc_type_name(r.authority, r.type, zh));
	fprintf(out, "  %s: %s %s\n", zh ? "登记管理机关行政区划码" : "region", r.region, province ? province : "");
	fprintf(out, "  %s: %.8s-%c\n", zh ? "主体标识码（组织机构代码）" : "organisation code", r.org_code,
		r.org_code[8]);
	return true;
}

/* Write the JSON in j to path, all or nothing; an exit code. */
static int write_json(struct cscs_ctx *ctx, const char *path, struct cscs_buf *j)
{
	if (j->oom)
		return cscs_error_exit_code(CSCS_ERR_NOMEM);
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_atomic_file af;
	enum cscs_error err = cscs_atomic_begin(&af, path, false, &dl);
	if (!err) {
		size_t done = 0;
		while (done < j->len) {
			ssize_t n = write(af.fd, j->data + done, j->len - done);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			done += (size_t)n;
		}
		if (done < j->len) {
			cscs_diag_error(&dl, path, 0, 0, "cannot write: %s", strerror(errno));
			cscs_atomic_abort(&af);
			err = CSCS_ERR_IO;
		} else {
			err = cscs_atomic_commit(&af, &dl);
		}
	}
	cscs_cli_print_diags(ctx, &dl);
	cscs_cli_print_bare_error(ctx, err, &dl);
	cscs_diag_list_finish(&dl);
	return err ? cscs_error_exit_code(err) : CSCS_EXIT_OK;
}

int cmd_uscc(struct cscs_ctx *ctx, int argc, char **argv)
{
	bool zh = false;
	const char *json = NULL;
	struct cscs_cli_parser p;
	int c;
	cscs_cli_parser_init(&p, &cmd_uscc_spec, argc, argv);
	while ((c = cscs_cli_next_option(ctx, &p)) > 0) {
		switch (c) {
		case 'l':
			zh = strcmp(p.arg, "zh") == 0;
			break;
		case 'j':
			json = p.arg;
			break;
		}
	}
	if (c == CSCS_OPT_HELP)
		return CSCS_EXIT_OK;
	if (c == CSCS_OPT_ERROR)
		return CSCS_EXIT_INPUT;

	if (json && !cscs_cli_check_extension(ctx, "uscc", "--json", json, ".json"))
		return CSCS_EXIT_INPUT;
	/* the text goes to standard output, unless the JSON does */
	FILE *out = json && strcmp(json, "-") == 0 ? NULL : stdout;
	struct cscs_buf j = CSCS_BUF_INIT;
	if (json) {
		cscs_buf_addc(&j, '{');
		cscs_json_add_envelope(&j, "cscs-audit-uscc", 1);
		cscs_buf_adds(&j, ",\n \"codes\": [");
	}
	struct cscs_buf *jp = json ? &j : NULL;
	bool all_valid = true;
	for (int i = p.optind; i < argc; i++) {
		if (strcmp(argv[i], "-") != 0) {
			all_valid &= report_code(argv[i], zh, out, jp);
			continue;
		}
		char *line = NULL;
		size_t cap = 0;
		while (getline(&line, &cap, stdin) != -1) {
			cscs_text_trim(line);
			if (line[0])
				all_valid &= report_code(line, zh, out, jp);
		}
		free(line);
	}
	if (json) {
		cscs_buf_adds(&j, "\n ]\n}\n");
		int rc = write_json(ctx, json, &j);
		cscs_buf_finish(&j);
		if (rc != CSCS_EXIT_OK)
			return rc;
	}
	return all_valid ? CSCS_EXIT_OK : CSCS_EXIT_FINDINGS;
}
