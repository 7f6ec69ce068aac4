/* cscs-audit screen: placeholder until its issue lands; replaced, not extended. */
#include <stdio.h>

#include "cscs/cli/cli.h"

const char cmd_screen_help[] =
	"usage: cscs-audit screen ...\n"
	"\n"
	"Not available in this build yet.\n";

int cmd_screen(struct cscs_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "%s: screen: not available in this build yet\n", ctx->prog);
	return CSCS_EXIT_INTERNAL;
}
