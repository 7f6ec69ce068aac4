/* cscs-audit verify: is this file what a sealed run produced, and does the run still hold? */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cscs/cli/cli.h"
#include "cscs/core/buf.h"
#include "cscs/store/store.h"
#include "cscs/trail/seal.h"

enum {
	OPT_DB = 256,
	OPT_PACK,
};

static const char verify_usage[] =
	"usage: cscs-audit verify FILE --db DB [--pack DIR]\n"
	"\n"
	"Say whether FILE (an audit workbook or JSON) is exactly one the report of a\n"
	"sealed run wrote (by its SHA-256), which run and who signed it off; whether\n"
	"the run's rows in the database DB still match its seal (an edited result or\n"
	"finding does not); and whether the run's input files on disk still match\n"
	"their SHA-256. Record and list files are looked up in the record pack: DIR,\n"
	"or the pack's path as the audit was given it, from the current folder.\n";

static const struct cscs_cli_option verify_options[] = {
	{"db", 0, "DB", OPT_DB, "the audit database (required)", 0, NULL},
	{"pack", 0, "DIR", OPT_PACK, "the record pack the run read (default: its path as given to the audit)", 0,
	 NULL},
	{NULL, 0, NULL, 0, NULL, 0, NULL},
};

const struct cscs_cli_spec cmd_verify_spec = {
	.name = "verify",
	.usage = verify_usage,
	.options = verify_options,
	.epilog = "Exit status: 0 verified; 1 not verified (a file no sealed run wrote, a run not\n"
		  "signed off, rows or inputs that no longer match); 2 usage error or a file\n"
		  "that cannot be read; 3 internal or I/O error.\n",
	.operand = "file",
	.min_operands = 1,
	.max_operands = 1,
};

/* Where an input of the run is on disk now. */
static const char *input_path(const char *kind, const char *path, const char *pack, struct cscs_buf *b)
{
	cscs_buf_reset(b);
	if (strncmp(path, "shipped:", 8) == 0) {
		/* the shipped checklist library (and its profiles), as outputs name it */
		cscs_buf_addf(b, "%s/checklists/%s", cscs_cli_datadir(), path + 8);
		return cscs_buf_str(b);
	}
	if (path[0] == '/' || !pack || (strcmp(kind, "record") != 0 && strcmp(kind, "list") != 0))
		return path;
	struct stat sb;
	if (stat(pack, &sb) == 0 && S_ISREG(sb.st_mode)) {
		/* a single intake workbook: the pack is the file */
		char *copy = strdup(pack);
		if (!copy)
			return path;
		const char *base = basename(copy);
		bool same = strcmp(base, path) == 0;
		free(copy);
		return same ? pack : path;
	}
	cscs_buf_addf(b, "%s/%s", pack, path);
	return cscs_buf_str(b);
}

/* Compare each input with its hash; the number that do not match (or are missing). */
static enum cscs_error check_inputs(sqlite3 *db, int64_t run_id, const char *pack, size_t *n_bad, size_t *n_ok,
				    struct cscs_diag_list *dl)
{
	sqlite3_stmt *st;
	enum cscs_error err = cscs_store_prepare(db, "SELECT kind, path, sha256 FROM run_inputs WHERE run_id = ?"
						 " AND sha256 IS NOT NULL ORDER BY rowid", &st, dl);
	if (err)
		return err;
	sqlite3_bind_int64(st, 1, run_id);
	struct cscs_buf b = CSCS_BUF_INIT;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		const char *path = (const char *)sqlite3_column_text(st, 1);
		const char *want = (const char *)sqlite3_column_text(st, 2);
		const char *at = input_path(kind, path, pack, &b);
		char hex[CSCS_SHA256_HEX_LEN];
		struct cscs_diag_list quiet;
		cscs_diag_list_init(&quiet);
		bool read = cscs_fs_sha256_file(at, hex, NULL, &quiet) == CSCS_OK;
		cscs_diag_list_finish(&quiet);
		if (!read) {
			printf("input %s %s: missing or unreadable\n", kind, at);
			(*n_bad)++;
		} else if (strcmp(hex, want) != 0) {
			printf("input %s %s: CHANGED (sha256 %s, sealed %s)\n", kind, at, hex, want);
			(*n_bad)++;
		} else {
			(*n_ok)++;
		}
	}
	sqlite3_finalize(st);
	/* The evidence/ folder as indexed by the run. */
	if (!pack || (err = cscs_store_prepare(db, "SELECT path, sha256 FROM evidence_files WHERE run_id = ?"
					       " AND readable ORDER BY path", &st, dl))) {
		cscs_buf_finish(&b);
		return err;
	}
	sqlite3_bind_int64(st, 1, run_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 0);
		const char *want = (const char *)sqlite3_column_text(st, 1);
		cscs_buf_reset(&b);
		cscs_buf_addf(&b, "%s/evidence/%s", pack, path);
		char hex[CSCS_SHA256_HEX_LEN];
		struct cscs_diag_list quiet;
		cscs_diag_list_init(&quiet);
		bool read = !b.oom && cscs_fs_sha256_file(cscs_buf_str(&b), hex, NULL, &quiet) == CSCS_OK;
		cscs_diag_list_finish(&quiet);
		if (!read) {
			printf("evidence %s: missing or unreadable\n", path);
			(*n_bad)++;
		} else if (strcmp(hex, want) != 0) {
			printf("evidence %s: CHANGED (sha256 %s, sealed %s)\n", path, hex, want);
			(*n_bad)++;
		} else {
			(*n_ok)++;
		}
	}
	sqlite3_finalize(st);
	cscs_buf_finish(&b);
	return b.oom ? CSCS_ERR_NOMEM : CSCS_OK;
}

int cmd_verify(struct cscs_ctx *ctx, int argc, char **argv)
{
	const char *db = NULL, *pack = NULL;
	struct cscs_cli_parser p;
	int c;
	cscs_cli_parser_init(&p, &cmd_verify_spec, argc, argv);
	while ((c = cscs_cli_next_option(ctx, &p)) > 0) {
		switch (c) {
		case OPT_DB:
			db = p.arg;
			break;
		case OPT_PACK:
			pack = p.arg;
			break;
		}
	}
	if (c == CSCS_OPT_HELP)
		return CSCS_EXIT_OK;
	if (c == CSCS_OPT_ERROR)
		return CSCS_EXIT_INPUT;
	if (!db)
		return cscs_cli_usage_error(ctx, "verify", "no database given; use --db DB");
	const char *file = argv[p.optind];
	struct stat sb;
	if (stat(db, &sb) != 0 || !S_ISREG(sb.st_mode))
		return cscs_cli_usage_error(ctx, "verify", "database '%s' does not exist", db);

	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_store *st = NULL;
	sqlite3_stmt *q = NULL;
	char *stored_pack = NULL;
	bool verified = false;
	char hex[CSCS_SHA256_HEX_LEN];
	enum cscs_error err = cscs_fs_sha256_file(file, hex, NULL, &dl);
	if (err)
		goto out;
	if ((err = cscs_store_open(&st, db, &dl)))
		goto out;
	if ((err = cscs_store_prepare(st->db, "SELECT o.run_id, o.kind, o.written_at, i.pack FROM run_outputs o"
				      " JOIN runs r ON r.id = o.run_id LEFT JOIN imports i ON i.id = r.import_id"
				      " WHERE o.sha256 = ? ORDER BY o.id DESC LIMIT 1", &q, &dl)))
		goto out;
	sqlite3_bind_text(q, 1, hex, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_ROW) {
		printf("%s: NOT a file written for any run in %s (sha256 %s)\n", file, db, hex);
		goto out;
	}
	int64_t run_id = sqlite3_column_int64(q, 0);
	printf("%s: the %s written for run %lld at %s\n", file, (const char *)sqlite3_column_text(q, 1),
	       (long long)run_id, (const char *)sqlite3_column_text(q, 2));
	if (sqlite3_column_type(q, 3) != SQLITE_NULL && !(stored_pack = strdup((const char *)sqlite3_column_text(q, 3)))) {
		err = CSCS_ERR_NOMEM;
		goto out;
	}
	sqlite3_finalize(q);
	q = NULL;

	struct cscs_seal seal, now;
	int64_t up_to;
	if ((err = cscs_seal_load(st->db, run_id, &seal, &up_to, &dl)))
		goto out;
	if (!seal.sealed) {
		printf("run %lld is NOT signed off: there is no seal to verify against ('cscs-audit signoff')\n",
		       (long long)run_id);
		goto out;
	}
	if ((err = cscs_store_prepare(st->db, "SELECT role, name, signed_at, note FROM run_signoffs WHERE run_id = ?"
				      " ORDER BY id", &q, &dl)))
		goto out;
	sqlite3_bind_int64(q, 1, run_id);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *note = (const char *)sqlite3_column_text(q, 3);
		printf("signed off as %s by %s at %s%s%s\n", (const char *)sqlite3_column_text(q, 0),
		       (const char *)sqlite3_column_text(q, 1), (const char *)sqlite3_column_text(q, 2),
		       note ? ": " : "", note ? note : "");
	}
	sqlite3_finalize(q);
	q = NULL;
	if ((err = cscs_seal_compute(st->db, run_id, up_to, &now, &dl)))
		goto out;
	bool chain_ok = strcmp(now.chain, seal.chain) == 0;
	printf("seal of %s: chain %s\n", seal.sealed_at, seal.chain);
	for (int i = 0; i < CSCS_SEAL_COUNT_; i++)
		if (strcmp(now.part[i], seal.part[i]) != 0)
			printf("database: the run's %s CHANGED since the seal\n", cscs_seal_part_name((enum cscs_seal_part)i));
	if (chain_ok)
		printf("database: the run's rows match the seal\n");
	size_t n_bad = 0, n_ok = 0;
	if ((err = check_inputs(st->db, run_id, pack ? pack : stored_pack, &n_bad, &n_ok, &dl)))
		goto out;
	printf("inputs and evidence files: %zu match, %zu do not\n", n_ok, n_bad);
	verified = chain_ok && n_bad == 0;
	printf("%s\n", verified ? "verified" : "NOT verified");
out:
	sqlite3_finalize(q);
	free(stored_pack);
	cscs_cli_print_diags(ctx, &dl);
	cscs_cli_print_bare_error(ctx, err, &dl);
	cscs_store_close(st);
	cscs_diag_list_finish(&dl);
	if (err)
		return cscs_error_exit_code(err);
	return verified ? CSCS_EXIT_OK : CSCS_EXIT_FINDINGS;
}
