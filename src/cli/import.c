/* cscs-audit import: load a record pack into a database without running checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/cli/cli.h"
#include "cscs/core/path.h"
#include "cscs/intake/encoding.h"
#include "cscs/intake/import.h"
#include "cscs/store/store.h"

enum {
	OPT_DB = 256,
	OPT_LISTS,
	OPT_ENCODING,
	OPT_MAP,
	OPT_STRICT,
	OPT_VOCAB,
};

static const char import_usage[] =
	"usage: cscs-audit import RECORDS [--db FILE] [--lists DIR] [--encoding ENC]\n"
	"                          [--map FILE] [--vocab FILE] [--strict]\n"
	"\n"
	"Load the record pack RECORDS (a folder of CSV/XLSX files named after their\n"
	"record types, or one filled intake.xlsx) into the audit database, without\n"
	"running any check. The records replace those of the previous import; list\n"
	"exports (RECORDS/lists or --lists) replace the stored ones only when given.\n"
	"The import is one transaction: on an error the database stays as it was.\n"
	"\n"
	"No row is dropped for its values. A value that cannot be typed (a date that\n"
	"does not exist, an amount that is not one, a word no list knows) is stored\n"
	"as unknown: the row is kept, the value is reported with file:line:column,\n"
	"and the checks that need it say they could not judge that row. Invalid\n"
	"unified social credit codes are kept and flagged.\n"
	"File names, columns and accepted values: docs/records.md.\n";

static const struct cscs_cli_option import_options[] = {
	{"db", 0, "FILE", OPT_DB,
	 "load into the audit database FILE (created if needed); without it the pack is only checked, in a "
	 "temporary database that is removed afterwards",
	 0, NULL},
	{"lists", 0, "DIR", OPT_LISTS, "read list exports (*.csv) from DIR instead of RECORDS/lists", 0, NULL},
	{"encoding", 0, "ENC", OPT_ENCODING,
	 "read CSV files as utf-8, gb18030 or gbk (default: UTF-8, or GB18030 when the bytes are not valid "
	 "UTF-8)",
	 0, "utf-8 gb18030 gbk"},
	{"map", 0, "FILE", OPT_MAP,
	 "rename your export's files, columns and values to the record types', columns and values of "
	 "docs/records.md (format: docs/records.md, \"Mapping file\")",
	 0, NULL},
	{"vocab", 0, "FILE", OPT_VOCAB,
	 "more words for enumerated values, from a vocabulary file (docs/records.md; repeatable)", 0, NULL},
	{"strict", 0, NULL, OPT_STRICT,
	 "exit 2 when the import recorded any rejected row, flagged or unknown value, or unreadable file (the "
	 "import is kept)",
	 0, NULL},
	{NULL, 0, NULL, 0, NULL, 0, NULL},
};

const struct cscs_cli_spec cmd_import_spec = {
	.name = "import",
	.usage = import_usage,
	.options = import_options,
	.epilog =
		"Exit status: 0 loaded (values that cannot be typed are kept as unknown with\n"
		"their rows, files without a header are reported, not fatal, unless --strict);\n"
		"2 usage or input error (undecodable bytes, an unterminated quote, a bad\n"
		"mapping or vocabulary file, ...; with --strict any data issue but a\n"
		"warning); 3 internal or I/O error.\n",
	.operand = "record pack",
	.min_operands = 1,
	.max_operands = 1,
};

static void print_files(sqlite3 *db, int64_t import_id)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db,
		"SELECT path, record_type, n_rows, n_unknown, coalesce(encoding, ''), state"
		" FROM source_files WHERE import_id = ? ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, import_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *enc = (const char *)sqlite3_column_text(st, 4);
		long long n_unknown = sqlite3_column_int64(st, 3);
		long long n_rows = sqlite3_column_int64(st, 2);
		printf("  %-32s %-20s %8lld row%s", (const char *)sqlite3_column_text(st, 0),
		       (const char *)sqlite3_column_text(st, 1), n_rows, n_rows == 1 ? "" : "s");
		if (n_unknown)
			printf(", %lld unknown value%s", n_unknown, n_unknown == 1 ? "" : "s");
		if (strcmp(enc, "gb18030") == 0 || strcmp(enc, "gbk") == 0)
			printf(" (%s)", enc);
		const char *state = (const char *)sqlite3_column_text(st, 5);
		if (state && strcmp(state, "unreadable") == 0)
			printf(", unreadable: no header found");
		printf("\n");
	}
	sqlite3_finalize(st);
}

int cmd_import(struct cscs_ctx *ctx, int argc, char **argv)
{
	const char *db_path = NULL;
	struct cscs_import_opts opts = {0};
	const char *map_path = NULL;
	bool strict = false;
	char *vocab_files[16];
	size_t n_vocab = 0;
	struct cscs_cli_parser p;
	int c;
	cscs_cli_parser_init(&p, &cmd_import_spec, argc, argv);
	while ((c = cscs_cli_next_option(ctx, &p)) > 0) {
		switch (c) {
		case OPT_DB:
			db_path = p.arg;
			break;
		case OPT_LISTS:
			opts.lists_dir = p.arg;
			break;
		case OPT_ENCODING:
			if (!cscs_encoding_canonical(p.arg))
				return cscs_cli_usage_error(ctx, "import", "--encoding must be utf-8, gb18030 or gbk, not '%s'",
							    p.arg);
			opts.encoding = p.arg;
			break;
		case OPT_MAP:
			map_path = p.arg;
			break;
		case OPT_STRICT:
			strict = true;
			break;
		case OPT_VOCAB:
			if (n_vocab == sizeof(vocab_files) / sizeof(vocab_files[0]))
				return cscs_cli_usage_error(ctx, "import", "--vocab given more than %zu times",
							    sizeof(vocab_files) / sizeof(vocab_files[0]));
			vocab_files[n_vocab++] = (char *)p.arg;
			break;
		}
	}
	if (c == CSCS_OPT_HELP)
		return CSCS_EXIT_OK;
	if (c == CSCS_OPT_ERROR)
		return CSCS_EXIT_INPUT;
	const char *pack = argv[p.optind];

	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	dl.max_items = 200;
	struct cscs_store *st = NULL;
	struct cscs_import_summary sum = {0};
	struct cscs_vocab *voc = NULL;
	enum cscs_error err = cscs_cli_load_vocab(vocab_files, n_vocab, &voc, &dl);
	opts.vocab = voc;
	if (!err)
		err = cscs_cli_import_words(&opts, map_path, &dl);
	if (!err)
		err = cscs_store_open(&st, db_path, &dl);
	if (!err) {
		char *shown = cscs_path_display(pack); /* the console names no local folder (issue 16) */
		cscs_cli_progress(ctx, "importing %s", shown ? shown : pack);
		free(shown);
		struct cscs_progress rows = cscs_cli_counter(ctx, "rows");
		opts.progress = &rows;
		err = cscs_import_pack(st->db, pack, &opts, &sum, &dl);
		opts.progress = NULL;
		cscs_cli_progress_done(ctx);
	}
	cscs_cli_print_diags(ctx, &dl);
	cscs_cli_print_bare_error(ctx, err, &dl);
	enum cscs_error strict_err = CSCS_OK;
	if (!err && strict) {
		/* its own list: the import's may be full, and this message must show */
		struct cscs_diag_list sdl;
		cscs_diag_list_init(&sdl);
		strict_err = cscs_cli_strict(st->db, sum.import_id, &sdl);
		cscs_cli_print_diags(ctx, &sdl);
		cscs_diag_list_finish(&sdl);
	}
	if (!err) {
		char *shown = cscs_path_display(pack);
		printf("%s %s: %zu files, %zu rows, %zu unknown values, %zu flagged", db_path ? "imported" : "checked",
		       shown ? shown : pack, sum.n_files, sum.n_rows, sum.n_unknown, sum.n_flagged);
		free(shown);
		if (sum.n_list_rows)
			printf(", %zu list entries", sum.n_list_rows);
		printf("\n");
		print_files(st->db, sum.import_id);
		if (db_path) {
			char *shown_db = cscs_path_display(db_path);
			printf("database: %s (import %lld)\n", shown_db ? shown_db : db_path, (long long)sum.import_id);
			free(shown_db);
		} else {
			printf("nothing was kept: give --db FILE to keep the records\n");
		}
	}
	cscs_store_close_failed(st, err != CSCS_OK);
	cscs_cli_import_words_finish(&opts);
	cscs_vocab_free(voc);
	cscs_diag_list_finish(&dl);
	return cscs_error_exit_code(err ? err : strict_err);
}
