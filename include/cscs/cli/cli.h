/*
 * The command line: one file per subcommand under src/cli/, one table in
 * src/main.c. Only this layer prints or decides exit codes.
 *
 * What a new subcommand owes (see docs/contributing.md): its file with
 * cmd_<name>() and its cscs_cli_spec (usage text and option table, read by
 * src/cli/options.c), a row in the table in src/main.c, a section in
 * docs/cscs-audit.1, and CLI tests.
 */
#ifndef CSCS_CLI_CLI_H
#define CSCS_CLI_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

#include <sqlite3.h>

#include "cscs/core/date.h"
#include "cscs/core/diag.h"
#include "cscs/core/error.h"
#include "cscs/core/progress.h"
#include "cscs/intake/vocab.h"
#include "cscs/cli/options.h"

struct cscs_ctx {
	const char *prog;   /* "cscs-audit" */
	bool stderr_is_tty; /* progress is shown only on a terminal */
	int verbosity;      /* -1 --quiet, 0 normal, 1 --verbose */
	char phase[160];    /* the phase under way (cscs_cli_progress), or "" */
	double phase_started; /* when it began, seconds on the monotonic clock */
	const char *unit;   /* what the phase counts ("rows", "checks"), or NULL */
	uint64_t done, total; /* its count so far, of total (0: not known) */
	double drawn;       /* when the progress line was last drawn */
	char *command_line; /* the whole command line, shell-quoted, for run info */
	bool show_personal_data; /* --show-personal-data: identity numbers unmasked on the terminal too */
};

struct cscs_command {
	const char *name;    /* subcommand */
	int (*run)(struct cscs_ctx *ctx, int argc, char **argv);
	const char *summary; /* one line for `cscs-audit --help` */
	const struct cscs_cli_spec *spec; /* its options, usage and help (src/cli/options.c reads them) */
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
int cmd_signoff(struct cscs_ctx *ctx, int argc, char **argv);
int cmd_verify(struct cscs_ctx *ctx, int argc, char **argv);
int cmd_track(struct cscs_ctx *ctx, int argc, char **argv);
int cmd_uscc(struct cscs_ctx *ctx, int argc, char **argv);

extern const struct cscs_cli_spec cmd_audit_spec;
extern const struct cscs_cli_spec cmd_check_spec;
extern const struct cscs_cli_spec cmd_checklist_spec;
extern const struct cscs_cli_spec cmd_diff_spec;
extern const struct cscs_cli_spec cmd_import_spec;
extern const struct cscs_cli_spec cmd_report_spec;
extern const struct cscs_cli_spec cmd_screen_spec;
extern const struct cscs_cli_spec cmd_template_spec;
extern const struct cscs_cli_spec cmd_signoff_spec;
extern const struct cscs_cli_spec cmd_track_spec;
extern const struct cscs_cli_spec cmd_verify_spec;
extern const struct cscs_cli_spec cmd_uscc_spec;

/*
 * Print every diagnostic in dl to stderr as "cscs-audit: file:line:col:
 * message", with identity numbers masked unless ctx->show_personal_data.
 */
void cscs_cli_print_diags(const struct cscs_ctx *ctx, const struct cscs_diag_list *dl);

/*
 * After cscs_cli_print_diags: when the command failed (err) without an
 * error message of its own (out of memory deep in a library), print what
 * err means, so that no failure is silent.
 */
void cscs_cli_print_bare_error(const struct cscs_ctx *ctx, enum cscs_error err, const struct cscs_diag_list *dl);

/* Print "cscs-audit: <cmd>: message" to stderr and return CSCS_EXIT_INPUT. */
int cscs_cli_usage_error(const struct cscs_ctx *ctx, const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Check the value of an output option (-o, --json, --csv): an empty one
 * is a usage error; "-" means standard output, which a folder output
 * (folder true) cannot be. Prints the usage error and returns false.
 */
bool cscs_cli_output_ok(const struct cscs_ctx *ctx, const char *cmd, const char *option, const char *value,
		       bool folder);

/*
 * Where the console summary ("wrote ...") goes: standard output, or
 * standard error when one of the n outputs (NULL entries skipped) is "-",
 * so that the summary never mixes with the output itself.
 */
FILE *cscs_cli_console(const char *const *outputs, size_t n);


/*
 * The nearest of the n_words words to given, for "did you mean": one whose
 * distance is at most a third of its length (at least 1, at most 3), or
 * NULL.
 */
const char *cscs_cli_nearest(const char *given, const char *const *words, size_t n_words);

/*
 * An unknown option of cmd: the usage error (exit 2), with "did you mean"
 * when one of the command's long options (getopt's table) is near.
 */
int cscs_cli_unknown_option(const struct cscs_ctx *ctx, const char *cmd, const struct option *options,
			    const char *given);

/*
 * An output path's extension must match what is written there (ext, e.g.
 * ".xlsx"): "-o audit.csv" would be a workbook under a CSV name. A path
 * without an extension, "-" and devices pass. Prints the usage error of
 * cmd's option and returns false otherwise.
 */
bool cscs_cli_check_extension(const struct cscs_ctx *ctx, const char *cmd, const char *option, const char *path,
			      const char *ext);

/* Parse --as-of (YYYY-MM-DD); prints a usage error and returns false when bad. */
bool cscs_cli_parse_as_of(const struct cscs_ctx *ctx, const char *cmd, const char *arg, cscs_date *out);

/*
 * The folder of the shipped data (checklists/, templates/): $CSCS_DATADIR,
 * then share/cscs-audit beside the executable's prefix, then the install
 * prefix, then the source tree (for an uninstalled build). Never NULL.
 */
const char *cscs_cli_datadir(void);

/* "wrote PATH" + tail on con, the path shown as outputs show paths (no local folder). */
void cscs_cli_wrote(FILE *con, const char *path, const char *tail);

/*
 * The profile --profile names: arg itself when it is a path or an existing
 * file, else the shipped profile of that name (checklists/profiles/NAME.ini
 * in the data folder) when there is one, else arg (its loader then says it
 * cannot be read). The result may point to static storage.
 */
const char *cscs_cli_profile_path(const char *arg);
struct cscs_import_opts;

/*
 * Load what intake reads headers with into opts: the header synonyms of
 * the data folder (templates/headers.tsv) and, when map_path is given,
 * the user's mapping file. Free them with cscs_cli_import_words_finish.
 */
enum cscs_error cscs_cli_import_words(struct cscs_import_opts *opts, const char *map_path,
				      struct cscs_diag_list *dl);
void cscs_cli_import_words_finish(struct cscs_import_opts *opts);

/*
 * A phase of the command begins ("importing PACK"); the one before ends.
 * On a terminal the phase is shown on one line that the next replaces;
 * off a terminal (a log, CI) each phase gets one line with its duration
 * when it ends, as does a terminal with --verbose. --quiet shows nothing.
 */
void cscs_cli_progress(struct cscs_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * A counter for the phase under way, to hand to the library: it counts
 * unit ("rows", "checks", "list entries"). On a terminal the phase line
 * shows the count, the percentage, the rate and the time left, redrawn at
 * most ten times a second; the phase's closing line gives the count.
 */
struct cscs_progress cscs_cli_counter(struct cscs_ctx *ctx, const char *unit);

/* End the phase under way (its line, as cscs_cli_progress says) and clear the terminal's progress line. */
void cscs_cli_progress_done(struct cscs_ctx *ctx);

/*
 * Take the options every command accepts out of argv: -q/--quiet and
 * -v/--verbose, before a "--". Sets ctx->verbosity; returns the new argc.
 */
int cscs_cli_common_options(struct cscs_ctx *ctx, int argc, char **argv);

/* What every command's --help ends with: the options every command accepts. */
extern const char cscs_cli_common_help[];

/*
 * --strict: when import import_id recorded anything but warnings (a row
 * rejected, a value flagged or unknown, a source unreadable), add an error
 * saying how many of each to dl and return CSCS_ERR_INPUT (exit 2).
 */
enum cscs_error cscs_cli_strict(sqlite3 *db, int64_t import_id, struct cscs_diag_list *dl);

/*
 * The words of enumerated columns: the shipped vocabulary
 * (<datadir>/templates/vocabulary.tsv), then each of the user's files
 * extra[0..n_extra) (--vocab FILE). *out is NULL on an error (in dl).
 */
enum cscs_error cscs_cli_load_vocab(char *const *extra, size_t n_extra, struct cscs_vocab **out,
				    struct cscs_diag_list *dl);


struct cscs_track_summary;
/* After a plan was read: one line on standard error saying what was stored (not with --quiet). */
void cscs_cli_track_said(const struct cscs_ctx *ctx, const char *plan, const struct cscs_track_summary *s);

#endif
