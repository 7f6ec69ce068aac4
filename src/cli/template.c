/* cscs-audit template: placeholder until its issue lands; replaced, not extended. */
#include <stdio.h>

#include "cscs/cli/cli.h"

const char cmd_template_help[] =
	"usage: cscs-audit template ...\n"
	"\n"
	"Not available in this build yet.\n";

int cmd_template(struct cscs_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "%s: template: not available in this build yet\n", ctx->prog);
	return CSCS_EXIT_INTERNAL;
}
