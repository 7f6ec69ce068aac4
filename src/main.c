/* cscs-audit: the subcommand table and the global flags. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cscs/cli/cli.h"
#include "cscs/core/buf.h"
#include "cscs/core/path.h"
#include "cscs/engine/checklist.h"
#include "cscs/ident/resident_id.h"

static const struct cscs_command commands[] = {
	{"audit", cmd_audit, "import a record pack, run the checks, write the audit workbook", &cmd_audit_spec},
	{"check", cmd_check, "run the checks on records already imported into a database", &cmd_check_spec},
	{"checklist", cmd_checklist, "lint, list or show checks", &cmd_checklist_spec},
	{"diff", cmd_diff, "compare the findings of two runs", &cmd_diff_spec},
	{"import", cmd_import, "load a record pack into a database without running checks", &cmd_import_spec},
	{"report", cmd_report, "write the workbook, JSON or CSV of a stored run", &cmd_report_spec},
	{"screen", cmd_screen, "screen business partners against list exports", &cmd_screen_spec},
	{"signoff", cmd_signoff, "sign a run off as reviewer or approver; the first sign-off seals it", &cmd_signoff_spec},
	{"template", cmd_template, "write blank intake templates (CSV and intake.xlsx)", &cmd_template_spec},
	{"track", cmd_track, "read a filled Remediation plan back into the database", &cmd_track_spec},
	{"uscc", cmd_uscc, "validate and decode unified social credit codes", &cmd_uscc_spec},
	{"verify", cmd_verify, "check a workbook or JSON against its sealed run and inputs", &cmd_verify_spec},
};

const struct cscs_command *cscs_cli_commands(size_t *n)
{
	*n = sizeof(commands) / sizeof(commands[0]);
	return commands;
}

static void print_usage(FILE *out)
{
	fprintf(out,
		"usage: cscs-audit [--version] [--help] [-q|-v] COMMAND [ARGS]\n"
		"\n"
		"Offline self-audit against China's Corporate Social Credit System criteria.\n"
		"Reads a company's own records, runs the checklists, writes an audit workbook.\n"
		"It never connects to any network or government system.\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out,
		"\n"
		"Options:\n"
		"  -h, --help     show this help, or a command's help with COMMAND --help\n"
		"  -V, --version  show the version and the rule set's\n"
		"  -q, --quiet    no progress, phase lines or warnings (errors still)\n"
		"  -v, --verbose  each phase's duration on a terminal too\n"
		"\n"
		"Exit codes: 0 done; 1 findings at or above --fail-on; 2 usage or input error;\n"
		"3 internal or I/O error; 4 (verify) not verified. See cscs-audit(1).\n");
}

/*
 * --version: the program's and the shipped rule set's (the header of
 * checklists/00-library.sql), since a finding depends on both.
 */
static int print_version(void)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/checklists/00-library.sql", cscs_cli_datadir());
	struct cscs_checklist *cl = NULL;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	bool loaded = cscs_checklist_create(&cl) == CSCS_OK && cscs_checklist_load(cl, path, &dl) == CSCS_OK;
	printf("cscs-audit %s", CSCS_VERSION);
	if (loaded && cl->ruleset) {
		printf(" (rules %s", cl->ruleset);
		if (cl->has_reviewed) {
			char on[CSCS_DATE_ISO_LEN];
			printf(", reviewed %s", cscs_date_format(cl->reviewed_on, on));
		}
		printf(")\n");
	} else {
		printf(" (rules: no rule-set version found in %s)\n", path);
	}
	cscs_checklist_destroy(cl);
	cscs_diag_list_finish(&dl);
	return CSCS_EXIT_OK;
}

/*
 * An argument as shown in run info: the program by its name, and an absolute
 * path (alone or after "--option=") as outputs show paths (no local folders).
 * NULL when out of memory.
 */
static char *display_arg(int i, const char *arg)
{
	if (i == 0)
		return strdup("cscs-audit");
	const char *eq = arg[0] == '-' ? strchr(arg, '=') : NULL;
	const char *p = eq ? eq + 1 : arg;
	if (p[0] != '/')
		return strdup(arg);
	char *shown = cscs_path_display(p);
	if (!shown || !eq)
		return shown;
	size_t n = (size_t)(eq + 1 - arg) + strlen(shown) + 1;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%.*s%s", (int)(eq + 1 - arg), arg, shown);
	free(shown);
	return s;
}

static char *quote_command_line(int argc, char **argv)
{
	struct cscs_buf b = CSCS_BUF_INIT;
	for (int i = 0; i < argc; i++) {
		if (i)
			cscs_buf_addc(&b, ' ');
		char *shown = display_arg(i, argv[i]);
		if (!shown) {
			cscs_buf_finish(&b);
			return NULL;
		}
		const char *a = shown;
		bool plain = *a != '\0';
		for (const char *p = a; *p && plain; p++)
			plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%", *p) != NULL;
		if (plain) {
			cscs_buf_adds(&b, a);
			free(shown);
			continue;
		}
		cscs_buf_addc(&b, '\'');
		for (const char *p = a; *p; p++) {
			if (*p == '\'')
				cscs_buf_adds(&b, "'\\''");
			else
				cscs_buf_addc(&b, *p);
		}
		cscs_buf_addc(&b, '\'');
		free(shown);
	}
	return cscs_buf_detach(&b);
}

int main(int argc, char **argv)
{
	struct cscs_ctx ctx = {
		.prog = "cscs-audit",
		.stderr_is_tty = isatty(STDERR_FILENO),
		.command_line = NULL,
	};
	/*
	 * SQLite keeps allocation statistics behind a global mutex taken on
	 * every allocation; nothing here reads them. (Process-wide, so set by
	 * the program, before SQLite is first used, not by the library.)
	 */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	argc = cscs_cli_common_options(&ctx, argc, argv);
	if (argc < 2) {
		print_usage(stderr);
		return CSCS_EXIT_INPUT;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
		if (argc > 2) {
			for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
				if (strcmp(commands[i].name, argv[2]) == 0) {
					cscs_cli_spec_help(commands[i].spec, stdout);
					return CSCS_EXIT_OK;
				}
		}
		print_usage(stdout);
		return CSCS_EXIT_OK;
	}
	if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
		return print_version();
	}
	if (strcmp(name, "completion") == 0) {
		/*
		 * Hidden, for packaging and tests: the bash completion script
		 * (installed by meson) and the option tables it is made from.
		 */
		if (argc == 3 && strcmp(argv[2], "bash") == 0) {
			cscs_cli_completion_bash(stdout);
			return CSCS_EXIT_OK;
		}
		if (argc == 3 && strcmp(argv[2], "options") == 0) {
			cscs_cli_options_table(stdout);
			return CSCS_EXIT_OK;
		}
		fprintf(stderr, "cscs-audit: completion: expected 'bash' or 'options'\n");
		return CSCS_EXIT_INPUT;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(commands[i].name, name) != 0)
			continue;
		char shipped[4096];
		snprintf(shipped, sizeof(shipped), "%s/checklists", cscs_cli_datadir());
		if (!cscs_path_display_roots(shipped, NULL)) {
			fprintf(stderr, "cscs-audit: out of memory\n");
			return CSCS_EXIT_INTERNAL;
		}
		ctx.command_line = quote_command_line(argc, argv);
		if (ctx.command_line) {
			/* Stored with the run and shown in reports: an identity number given as an argument is masked. */
			struct cscs_buf masked = CSCS_BUF_INIT;
			const char *m = cscs_resident_id_mask_text(ctx.command_line, &masked);
			if (m != ctx.command_line && !masked.oom) {
				free(ctx.command_line);
				ctx.command_line = cscs_buf_detach(&masked);
			}
			cscs_buf_finish(&masked);
		}
		/* Each command parses its own options from argv[1] (its name) on. */
		int rc = commands[i].run(&ctx, argc - 1, argv + 1);
		if (rc != CSCS_EXIT_OK && rc != CSCS_EXIT_FINDINGS)
			ctx.phase[0] = '\0'; /* a phase that failed gets no duration line after its error */
		cscs_cli_progress_done(&ctx);
		free(ctx.command_line);
		cscs_path_display_reset();
		if (fflush(stdout) != 0 && rc == CSCS_EXIT_OK) {
			perror("cscs-audit: writing standard output");
			rc = CSCS_EXIT_INTERNAL;
		}
		return rc;
	}
	const char *names[sizeof(commands) / sizeof(commands[0])];
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		names[i] = commands[i].name;
	const char *near = cscs_cli_nearest(name, names, sizeof(names) / sizeof(names[0]));
	if (near)
		fprintf(stderr, "cscs-audit: '%s' is not a command; did you mean '%s'?\n", name, near);
	else
		fprintf(stderr, "cscs-audit: '%s' is not a command; see 'cscs-audit --help'\n", name);
	return CSCS_EXIT_INPUT;
}
