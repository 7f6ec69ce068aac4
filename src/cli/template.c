/* cscs-audit template: write blank intake templates. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cscs/cli/cli.h"
#include "cscs/core/buf.h"
#include "cscs/intake/import.h"
#include "cscs/intake/template.h"

const char cmd_template_help[] =
	"usage: cscs-audit template DIR [--format xlsx|csv] [--lang en|zh] [--force]\n"
	"\n"
	"Write blank intake templates into DIR (created if missing): intake.xlsx,\n"
	"a workbook with one sheet per record type (header notes in English and\n"
	"Chinese: type, whether required, allowed values, an example; dropdowns for\n"
	"enumerated and yes/no columns, date formatting, a frozen header row), or\n"
	"with --format csv one CSV per record type with its header row (<type>.csv,\n"
	"and lists/list_entries.csv for list exports). Fill it in and give the\n"
	"folder (or the workbook alone) to 'cscs-audit import' or 'cscs-audit audit'.\n"
	"Columns and accepted values: docs/records.md.\n"
	"\n"
	"Options:\n"
	"  --format xlsx|csv\n"
	"                the workbook (default) or one CSV file per record type\n"
	"  --lang en|zh  header names, sheet names and dropdown values in English\n"
	"                (default) or Chinese; import accepts either\n"
	"  --force       overwrite template files that already exist (without it,\n"
	"                nothing is written when any of them exists)\n"
	"  -h, --help    show this help\n"
	"\n"
	"Exit status: 0 written; 2 usage error or a file exists; 3 I/O error.\n";

enum {
	OPT_LANG = 256,
	OPT_FORMAT,
	OPT_FORCE,
	OPT_RECORDS_DOC,
};

int cmd_template(struct cscs_ctx *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{"lang", required_argument, NULL, OPT_LANG},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"force", no_argument, NULL, OPT_FORCE},
		/* Not in --help: regenerates docs/records.md for maintainers. */
		{"records-doc", no_argument, NULL, OPT_RECORDS_DOC},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cscs_template_opts opts = {0};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case OPT_LANG:
			if (strcmp(optarg, "en") != 0 && strcmp(optarg, "zh") != 0)
				return cscs_cli_usage_error(ctx, "template", "--lang must be en or zh, not '%s'", optarg);
			opts.zh = strcmp(optarg, "zh") == 0;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "xlsx") != 0 && strcmp(optarg, "csv") != 0)
				return cscs_cli_usage_error(ctx, "template", "--format must be xlsx or csv, not '%s'", optarg);
			opts.format = strcmp(optarg, "csv") == 0 ? CSCS_TEMPLATE_CSV : CSCS_TEMPLATE_XLSX;
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
		case 'h':
			cscs_cli_print_help(cmd_template_help, stdout);
			return CSCS_EXIT_OK;
		case ':':
			return cscs_cli_usage_error(ctx, "template", "option '%s' needs a value", argv[optind - 1]);
		default:
			return cscs_cli_unknown_option(ctx, "template", options, argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cscs_cli_usage_error(ctx, "template", "no folder given");
	if (optind + 1 < argc)
		return cscs_cli_usage_error(ctx, "template", "more than one folder given ('%s')", argv[optind + 1]);
	const char *dir = argv[optind];
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
