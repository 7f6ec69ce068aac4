/*
 * The command line: one file per subcommand under src/cli/, one table in
 * src/main.c. Only this layer prints or decides exit codes.
 *
 * What a new subcommand owes (see docs/contributing.md): its file with
 * cmd_<name>() and its help text, a row in the table in src/main.c, a
 * section in docs/cscs-audit.1, and CLI tests.
 */
#ifndef CSCS_CLI_CLI_H
#define CSCS_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "cscs/core/date.h"
#include "cscs/core/diag.h"
#include "cscs/core/error.h"
#include "cscs/intake/vocab.h"

struct cscs_ctx {
	const char *prog;   /* "cscs-audit" */
	bool stderr_is_tty; /* progress is shown only on a terminal */
	char *command_line; /* the whole command line, shell-quoted, for run info */
	bool show_personal_data; /* --show-personal-data: identity numbers unmasked on the terminal too */
};

struct cscs_command {
	const char *name;    /* subcommand */
	int (*run)(struct cscs_ctx *ctx, int argc, char **argv);
	const char *summary; /* one line for `cscs-audit --help` */
	const char *help;    /* full --help text of the subcommand */
};

/* The subcommand table, sorted by name. */
const struct cscs_command *cscs_cli_commands(size_t *n);

int cmd_audit(struct cscs_ctx *ctx, int argc, char **argv);
int cmd_check(struct cscs_ctx *ctx, int argc, char **argv);
int cmd_checklist(struct cscs_ctx *ctx, int argc, char **argv);
int cmd_diff(struct cscs_ctx *ctx, int argc, char **argv);
int cmd_import(struct cscs_ctx *ctx, int argc, char **argv);
int cmd_report(struct cscs_ctx *ctx, int argc, char **argv);
int cmd_screen(struct cscs_ctx *ctx, int argc, char **argv);
int cmd_template(struct cscs_ctx *ctx, int argc, char **argv);
int cmd_uscc(struct cscs_ctx *ctx, int argc, char **argv);

extern const char cmd_audit_help[];
extern const char cmd_check_help[];
extern const char cmd_checklist_help[];
extern const char cmd_diff_help[];
extern const char cmd_import_help[];
extern const char cmd_report_help[];
extern const char cmd_screen_help[];
extern const char cmd_template_help[];
extern const char cmd_uscc_help[];

/*
 * Print every diagnostic in dl to stderr as "cscs-audit: file:line:col:
 * message", with identity numbers masked unless ctx->show_personal_data.
 */
void cscs_cli_print_diags(const struct cscs_ctx *ctx, const struct cscs_diag_list *dl);

/* Print "cscs-audit: <cmd>: message" to stderr and return CSCS_EXIT_INPUT. */
int cscs_cli_usage_error(const struct cscs_ctx *ctx, const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Print a subcommand's help text to out. */
void cscs_cli_print_help(const char *help, FILE *out);

/* Parse --as-of (YYYY-MM-DD); prints a usage error and returns false when bad. */
bool cscs_cli_parse_as_of(const struct cscs_ctx *ctx, const char *cmd, const char *arg, cscs_date *out);

/*
 * The folder of the shipped data (checklists/, templates/): $CSCS_DATADIR,
 * then share/cscs-audit beside the executable's prefix, then the install
 * prefix, then the source tree (for an uninstalled build). Never NULL.
 */
const char *cscs_cli_datadir(void);

/*
 * The words of enumerated columns: the shipped vocabulary
 * (<datadir>/templates/vocabulary.tsv), then each of the user's files
 * extra[0..n_extra) (--vocab FILE). *out is NULL on an error (in dl).
 */
enum cscs_error cscs_cli_load_vocab(char *const *extra, size_t n_extra, struct cscs_vocab **out,
				    struct cscs_diag_list *dl);

/* Progress on stderr, only when it is a terminal. */
void cscs_cli_progress(const struct cscs_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
