/* cscs-audit diff: placeholder until its issue lands; replaced, not extended. */
#include <stdio.h>

#include "cscs/cli/cli.h"

const char cmd_diff_help[] =
	"usage: cscs-audit diff ...\n"
	"\n"
	"Not available in this build yet.\n";

int cmd_diff(struct cscs_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "%s: diff: not available in this build yet\n", ctx->prog);
	return CSCS_EXIT_INTERNAL;
}
