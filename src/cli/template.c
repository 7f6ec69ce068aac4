/* cscs-audit template: write blank intake templates. */
#include <stdio.h>
#include <string.h>

#include "cscs/cli/cli.h"
#include "cscs/core/buf.h"
#include "cscs/intake/import.h"
#include "cscs/intake/template.h"

enum {
	OPT_LANG = 256,
	OPT_FORMAT,
	OPT_FORCE,
	OPT_RECORDS_DOC,
};

static const char template_usage[] =
	"usage: cscs-audit template DIR [--format xlsx|csv] [--lang en|zh] [--force]\n"
	"\n"
	"Write blank intake templates into DIR (created if missing): intake.xlsx,\n"
	"a workbook with one sheet per record type (header notes in English and\n"
	"Chinese: type, whether required, allowed values, an example; dropdowns for\n"
	"enumerated and yes/no columns, date formatting, a frozen header row), or\n"
	"with --format csv one CSV per record type with its header row (<type>.csv,\n"
	"and lists/list_entries.csv for list exports). Fill it in and give the\n"
	"folder (or the workbook alone) to 'cscs-audit import' or 'cscs-audit audit'.\n"
	"Columns and accepted values: docs/records.md.\n";

static const struct cscs_cli_option template_options[] = {
	{"format", 0, "xlsx|csv", OPT_FORMAT, "the workbook (default) or one CSV file per record type", 0, NULL},
	{"lang", 0, "en|zh", OPT_LANG,
	 "header names, sheet names and dropdown values in English (default) or Chinese; import accepts either",
	 0, NULL},
	{"force", 0, NULL, OPT_FORCE,
	 "overwrite template files that already exist (without it, nothing is written when any of them exists)",
	 0, NULL},
	{"records-doc", 0, NULL, OPT_RECORDS_DOC, "regenerate docs/records.md (for maintainers)", CSCS_OPT_HIDDEN,
	 NULL},
	{NULL, 0, NULL, 0, NULL, 0, NULL},
};

const struct cscs_cli_spec cmd_template_spec = {
	.name = "template",
	.usage = template_usage,
	.options = template_options,
	.epilog =
		"Exit status: 0 written; 2 usage error or a file exists; 3 I/O error.\n",
	.operand = "folder",
	.min_operands = 1,
	.max_operands = 1,
};

int cmd_template(struct cscs_ctx *ctx, int argc, char **argv)
{
	struct cscs_template_opts opts = {0};
	struct cscs_cli_parser p;
	int c;
	cscs_cli_parser_init(&p, &cmd_template_spec, argc, argv);
	while ((c = cscs_cli_next_option(ctx, &p)) > 0) {
		switch (c) {
		case OPT_LANG:
			opts.zh = strcmp(p.arg, "zh") == 0;
			break;
		case OPT_FORMAT:
			opts.format = strcmp(p.arg, "csv") == 0 ? CSCS_TEMPLATE_CSV : CSCS_TEMPLATE_XLSX;
			break;
		case OPT_FORCE:
			opts.force = true;
			break;
		case OPT_RECORDS_DOC: {
			/* the shipped vocabulary only: the doc describes what every user gets */
			struct cscs_diag_list dl;
			cscs_diag_list_init(&dl);
			struct cscs_vocab *voc;
			enum cscs_error err = cscs_cli_load_vocab(NULL, 0, &voc, &dl);
			cscs_cli_print_diags(ctx, &dl);
			cscs_diag_list_finish(&dl);
			if (err)
				return cscs_error_exit_code(err);
			struct cscs_buf doc = CSCS_BUF_INIT;
			struct cscs_import_opts words = {0};
			cscs_diag_list_init(&dl);
			err = cscs_cli_import_words(&words, NULL, &dl);
			cscs_cli_print_diags(ctx, &dl);
			cscs_diag_list_finish(&dl);
			if (err) {
				cscs_vocab_free(voc);
				return cscs_error_exit_code(err);
			}
			cscs_records_doc(&doc, voc);
			cscs_headers_doc(words.synonyms, &doc);
			cscs_cli_import_words_finish(&words);
			fputs(cscs_buf_str(&doc), stdout);
			cscs_buf_finish(&doc);
			cscs_vocab_free(voc);
			return CSCS_EXIT_OK;
		}
		}
	}
	if (c == CSCS_OPT_HELP)
		return CSCS_EXIT_OK;
	if (c == CSCS_OPT_ERROR)
		return CSCS_EXIT_INPUT;
	const char *dir = argv[p.optind];
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	size_t n = 0;
	struct cscs_vocab *voc = NULL;
	enum cscs_error err = cscs_cli_load_vocab(NULL, 0, &voc, &dl);
	opts.vocab = voc;
	if (!err)
		err = cscs_template_write(dir, &opts, &n, &dl);
	cscs_vocab_free(voc);
	cscs_cli_print_diags(ctx, &dl);
	if (!err)
		printf("wrote %zu template%s into %s/ (fill in %s)\n", n, n == 1 ? "" : "s", dir,
		       opts.format == CSCS_TEMPLATE_CSV ? "the CSV files" : "intake.xlsx");
	cscs_diag_list_finish(&dl);
	return cscs_error_exit_code(err);
}
