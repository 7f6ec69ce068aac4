/* cscs-audit import: placeholder until its issue lands; replaced, not extended. */
#include <stdio.h>

#include "cscs/cli/cli.h"

const char cmd_import_help[] =
	"usage: cscs-audit import ...\n"
	"\n"
	"Not available in this build yet.\n";

int cmd_import(struct cscs_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "%s: import: not available in this build yet\n", ctx->prog);
	return CSCS_EXIT_INTERNAL;
}
