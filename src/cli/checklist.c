/* cscs-audit checklist: placeholder until its issue lands; replaced, not extended. */
#include <stdio.h>

#include "cscs/cli/cli.h"

const char cmd_checklist_help[] =
	"usage: cscs-audit checklist ...\n"
	"\n"
	"Not available in this build yet.\n";

int cmd_checklist(struct cscs_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "%s: checklist: not available in this build yet\n", ctx->prog);
	return CSCS_EXIT_INTERNAL;
}
