/* cscs-audit check: placeholder until its issue lands; replaced, not extended. */
#include <stdio.h>

#include "cscs/cli/cli.h"

const char cmd_check_help[] =
	"usage: cscs-audit check ...\n"
	"\n"
	"Not available in this build yet.\n";

int cmd_check(struct cscs_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "%s: check: not available in this build yet\n", ctx->prog);
	return CSCS_EXIT_INTERNAL;
}
