/* audit --batch: every record pack beneath a folder, in parallel, then the portfolio. */
#ifndef CSCS_CLI_BATCH_H
#define CSCS_CLI_BATCH_H

#include <stdbool.h>

#include "cscs/cli/cli.h"
#include "cscs/core/date.h"
#include "cscs/engine/engine.h"

struct cscs_batch_opts {
	const char *folder;      /* the folder of packs (or one pack) */
	const char *outdir;      /* NAME.xlsx, NAME.json per pack, portfolio.xlsx and portfolio.json */
	const char *db;          /* the history database; NULL: OUTDIR/history.db */
	unsigned jobs;           /* audits at once; 0: the online CPUs */
	const char *lang;        /* "en" or "zh" */
	cscs_date as_of;         /* deadlines of the portfolio count from it */
	bool fail_on_set;        /* --fail-on given: exit 1 when a pack reached it */
	bool show_personal_data; /* identity numbers unmasked */
};

/*
 * Audit one pack, in a worker process: pack to xlsx and json, its run in
 * the database file db (the worker's own). Returns the audit's exit code.
 */
typedef int (*cscs_batch_audit_fn)(struct cscs_ctx *ctx, void *arg, const char *pack, const char *xlsx,
				   const char *json, const char *db);

/* Run the batch; returns the exit code (docs/exit-codes.md). */
int cscs_batch_run(struct cscs_ctx *ctx, const struct cscs_batch_opts *o, cscs_batch_audit_fn fn, void *arg);

#endif
