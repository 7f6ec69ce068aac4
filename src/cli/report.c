/* cscs-audit report: placeholder until its issue lands; replaced, not extended. */
#include <stdio.h>

#include "cscs/cli/cli.h"

const char cmd_report_help[] =
	"usage: cscs-audit report ...\n"
	"\n"
	"Not available in this build yet.\n";

int cmd_report(struct cscs_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "%s: report: not available in this build yet\n", ctx->prog);
	return CSCS_EXIT_INTERNAL;
}
