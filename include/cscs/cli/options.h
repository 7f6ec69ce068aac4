/*
 * A subcommand's options as a table (after git's parse-options): each is
 * declared once, with its long and short name, the name of its value and
 * its help line. One parser reads the table; the option list of --help,
 * "did you mean" for a misspelt option, the usage errors (unknown option,
 * missing value) and the bash completion all come from it.
 */
#ifndef CSCS_CLI_OPTIONS_H
#define CSCS_CLI_OPTIONS_H

#include <getopt.h>
#include <stdio.h>

struct cscs_ctx;

enum cscs_cli_opt_flags {
	CSCS_OPT_HIDDEN = 1 << 0,     /* not in --help nor the completion (maintainers' options) */
	CSCS_OPT_ONE_OF = 1 << 1,     /* the value must be one of values (an arg like "en|zh" always is) */
	CSCS_OPT_OUTPUT = 1 << 2,     /* a file written: not empty; '-' is standard output */
	CSCS_OPT_OUTPUT_DIR = 1 << 3, /* a folder written: not empty, not '-' */
};

struct cscs_cli_option {
	const char *long_name; /* "output", without the dashes */
	char short_name;       /* 'o', or 0 */
	const char *arg;       /* the value's name ("FILE", "en|zh"), or NULL when it takes none */
	int id;                /* what the parser returns for it: > 0, and not 'h' */
	const char *help;      /* its help, one paragraph (wrapped when printed) */
	unsigned flags;        /* enum cscs_cli_opt_flags */
	const char *values;    /* the values it accepts, space-separated, offered by completion (with a
				  FILE arg, besides files: the shipped profiles' names); or NULL */
};

struct cscs_cli_spec {
	const char *name;                      /* the subcommand */
	const char *usage;                     /* usage lines and description, up to the options */
	const struct cscs_cli_option *options; /* ends with an entry whose long_name is NULL */
	const char *epilog;                    /* after the option list: exit status */
	int stop_at_operand;                   /* options end at the first operand (uscc: a code may start with '-') */
	const char *operand;                   /* what an operand is, for messages ("record pack"), or NULL */
	const char *actions;                   /* words the first operand is one of ("lint list show"), for completion */
	int min_operands;                      /* fewer: "no <operand> given" */
	int max_operands;                      /* more: "more than one <operand> given", or with 0 "unexpected
						  argument"; -1: any number (the command checks them) */
};

/* What cscs_cli_next_option returns besides an option's id. */
enum {
	CSCS_OPT_END = 0,    /* no more options; the operands are argv[p->optind] on */
	CSCS_OPT_HELP = -1,  /* --help was given and printed: exit 0 */
	CSCS_OPT_ERROR = -2, /* a usage error was printed: exit 2 */
};

struct cscs_cli_parser {
	const struct cscs_cli_spec *spec;
	int argc;
	char **argv;
	int optind;          /* the first operand, after CSCS_OPT_END */
	const char *arg;     /* the value of the option just returned */
	struct option longopts[64];
	char shortopts[64];
};

/* Start reading argv (argv[0] the subcommand's name) against spec. */
void cscs_cli_parser_init(struct cscs_cli_parser *p, const struct cscs_cli_spec *spec, int argc, char **argv);

/*
 * The id of the next option (its value in p->arg), or CSCS_OPT_END,
 * CSCS_OPT_HELP (the help printed) or CSCS_OPT_ERROR (the usage error
 * printed, with "did you mean" for a misspelt long option or value).
 * The table's checks are made here: a value one of its choices, an output
 * not empty, the number of operands (at the end).
 */
int cscs_cli_next_option(struct cscs_ctx *ctx, struct cscs_cli_parser *p);

/* Print the subcommand's whole --help: usage, options (from the table), epilog, common options. */
void cscs_cli_spec_help(const struct cscs_cli_spec *spec, FILE *out);

/* Print a bash completion script for every subcommand's table. */
void cscs_cli_completion_bash(FILE *out);

/* Print every option of every table, one a line: "COMMAND<TAB>--long<TAB>-s<TAB>ARG" ("" when none). */
void cscs_cli_options_table(FILE *out);

#endif
