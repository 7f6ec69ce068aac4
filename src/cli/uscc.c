/* cscs-audit uscc: validate and decode unified social credit codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/cli/cli.h"
#include "cscs/core/text.h"
#include "cscs/ident/region.h"
#include "cscs/ident/resident_id.h"
#include "cscs/ident/uscc.h"

static const char uscc_usage[] =
	"usage: cscs-audit uscc [--lang en|zh] CODE...\n"
	"       cscs-audit uscc [--lang en|zh] -\n"
	"\n"
	"Validate unified social credit codes against GB 32100-2015 (alphabet,\n"
	"length, MOD 31 check character) and the embedded GB 11714 organisation\n"
	"code check character, and decode their parts. Blanks, hyphens and lower\n"
	"case are normalised first. With '-', codes are read one per line from\n"
	"standard input.\n";

static const struct cscs_cli_option uscc_options[] = {
	{"lang", 0, "en|zh", 'l', "language of the decoded parts (default en)", 0, NULL},
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

static bool report_code(const char *input, bool zh)
{
	struct cscs_uscc r;
	char reason[256];
	bool ok = cscs_uscc_check(input, &r);
	if (!ok) {
		/* Someone's identity number given where a code belongs is not echoed. */
		/* The normalised code when it is one (ASCII), else what was given. */
		bool ascii = true;
		for (const char *p = r.code; *p; p++)
			ascii &= (unsigned char)*p < 0x80;
		const char *given = r.code[0] && r.length <= CSCS_USCC_LEN && ascii ? r.code : input;
		char masked[64];
		struct cscs_buf b = CSCS_BUF_INIT, shown = CSCS_BUF_INIT;
		if (cscs_resident_id_like(input))
			given = cscs_resident_id_mask(input, masked, sizeof(masked));
		else
			given = cscs_resident_id_mask_text(given, &b);
		printf("%s\tinvalid\t%s\n", cscs_text_for_terminal(given, &shown),
		       cscs_uscc_reason(&r, reason, sizeof(reason)));
		cscs_buf_finish(&b);
		cscs_buf_finish(&shown);
		return false;
	}
	const char *province = cscs_region_province(r.region, zh);
	printf("%s\tvalid\n", r.code);
	printf("  %s: %c %s\n", zh ? "登记管理部门" : "registration authority", r.authority,
	       cscs_uscc_authority_name(r.authority, zh));
	printf("  %s: %c %s\n", zh ? "机构类别" : "entity type", r.type, cscs_uscc_type_name(r.authority, r.type, zh));
	printf("  %s: %s %s\n", zh ? "登记管理机关行政区划码" : "region", r.region, province ? province : "");
	printf("  %s: %.8s-%c\n", zh ? "主体标识码（组织机构代码）" : "organisation code", r.org_code, r.org_code[8]);
	return true;
}

int cmd_uscc(struct cscs_ctx *ctx, int argc, char **argv)
{
	bool zh = false;
	struct cscs_cli_parser p;
	int c;
	cscs_cli_parser_init(&p, &cmd_uscc_spec, argc, argv);
	while ((c = cscs_cli_next_option(ctx, &p)) > 0) {
		switch (c) {
		case 'l':
			zh = strcmp(p.arg, "zh") == 0;
			break;
		}
	}
	if (c == CSCS_OPT_HELP)
		return CSCS_EXIT_OK;
	if (c == CSCS_OPT_ERROR)
		return CSCS_EXIT_INPUT;

	bool all_valid = true;
	for (int i = p.optind; i < argc; i++) {
		if (strcmp(argv[i], "-") != 0) {
			all_valid &= report_code(argv[i], zh);
			continue;
		}
		char *line = NULL;
		size_t cap = 0;
		while (getline(&line, &cap, stdin) != -1) {
			cscs_text_trim(line);
			if (line[0])
				all_valid &= report_code(line, zh);
		}
		free(line);
	}
	return all_valid ? CSCS_EXIT_OK : CSCS_EXIT_FINDINGS;
}
