/* The option parser of the subcommands (src/cli/options.c), on a table of its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/cli/cli.h"
#include "cscs/cli/options.h"

enum { OPT_OUTPUT = 'o', OPT_LANG = 256, OPT_FAIL_ON, OPT_STRICT, OPT_SECRET, OPT_LISTS, OPT_TITLE };

static const struct cscs_cli_option pack_options[] = {
	{"output", 'o', "FILE", OPT_OUTPUT, "write the workbook to FILE", CSCS_OPT_OUTPUT, NULL},
	{"lang", 0, "en|zh", OPT_LANG, "language", 0, NULL},
	{"fail-on", 0, "SEVERITY", OPT_FAIL_ON, "exit 1 at or above SEVERITY", CSCS_OPT_ONE_OF,
	 "critical high medium low info"},
	{"strict", 0, NULL, OPT_STRICT,
	 "a help line long enough to be wrapped more than once at the help column, so that no line of the "
	 "option list is wider than a terminal of eighty columns",
	 0, NULL},
	{"secret", 0, NULL, OPT_SECRET, "for maintainers", CSCS_OPT_HIDDEN, NULL},
	{"lists", 0, "DIR", OPT_LISTS, "list exports", 0, NULL},
	{"a-rather-long-option-name", 0, "TEXT", OPT_TITLE, "its help on a line of its own", 0, NULL},
	{NULL, 0, NULL, 0, NULL, 0, NULL},
};

static const struct cscs_cli_spec pack_spec = {
	.name = "pack",
	.usage = "usage: cscs-audit pack RECORDS [options]\n",
	.options = pack_options,
	.epilog = "Exit status: 0 done.\n",
	.operand = "record pack",
	.min_operands = 1,
	.max_operands = 1,
};

static const struct cscs_cli_option codes_options[] = {
	{"lang", 0, "en|zh", OPT_LANG, "language", 0, NULL},
	{NULL, 0, NULL, 0, NULL, 0, NULL},
};

static const struct cscs_cli_spec codes_spec = {
	.name = "codes",
	.usage = "usage: cscs-audit codes CODE...\n",
	.options = codes_options,
	.stop_at_operand = 1,
	.operand = "code",
	.min_operands = 1,
	.max_operands = -1,
};

static int run_nothing(struct cscs_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	return 0;
}

/* The program's command table (src/main.c) is not linked here: these are the tables completion reads. */
const struct cscs_command *cscs_cli_commands(size_t *n)
{
	static const struct cscs_command commands[] = {
		{"codes", run_nothing, "codes", &codes_spec},
		{"pack", run_nothing, "pack", &pack_spec},
	};
	*n = 2;
	return commands;
}

static struct cscs_ctx ctx = {.prog = "cscs-audit"};

/* Parse argv (NULL-terminated) against spec; the ids returned into ids (ending with the last result). */
static int parse(const struct cscs_cli_spec *spec, char **argv, int *ids, const char **args, int *optind_out)
{
	int argc = 0;
	while (argv[argc])
		argc++;
	struct cscs_cli_parser p;
	cscs_cli_parser_init(&p, spec, argc, argv);
	int n = 0, c;
	while ((c = cscs_cli_next_option(&ctx, &p)) > 0) {
		ids[n] = c;
		args[n++] = p.arg;
	}
	ids[n] = c;
	*optind_out = p.optind;
	return n;
}

static void test_long_short_and_equals(void **state)
{
	(void)state;
	char *argv[] = {"pack", "-o", "a.xlsx", "--lang=zh", "RECORDS", "--strict", "-ob.xlsx", "--fail-on", "high", NULL};
	int ids[16], first;
	const char *args[16];
	assert_int_equal(parse(&pack_spec, argv, ids, args, &first), 5);
	assert_int_equal(ids[0], OPT_OUTPUT);
	assert_string_equal(args[0], "a.xlsx");
	assert_int_equal(ids[1], OPT_LANG);
	assert_string_equal(args[1], "zh");
	assert_int_equal(ids[2], OPT_STRICT);
	assert_int_equal(ids[3], OPT_OUTPUT);
	assert_string_equal(args[3], "b.xlsx");
	assert_int_equal(ids[4], OPT_FAIL_ON);
	assert_int_equal(ids[5], CSCS_OPT_END);
	/* options and operands mix; the operand is moved after the options */
	assert_string_equal(argv[first], "RECORDS");
	assert_null(argv[first + 1]);
}

static void test_double_dash(void **state)
{
	(void)state;
	char *argv[] = {"pack", "--", "--strict", NULL};
	int ids[4], first;
	const char *args[4];
	assert_int_equal(parse(&pack_spec, argv, ids, args, &first), 0);
	assert_int_equal(ids[0], CSCS_OPT_END);
	assert_string_equal(argv[first], "--strict");
}

static void test_usage_errors(void **state)
{
	(void)state;
	char *bad[][6] = {
		{"pack", "R", "--lang", "fr", NULL},       /* not one of the choices */
		{"pack", "R", "--fail-on", "hgih", NULL},  /* ... nor of the values */
		{"pack", "R", "--fail-on", "HIGH", NULL},  /* exactly */
		{"pack", "R", "--lang", NULL},             /* no value */
		{"pack", "R", "-o", "", NULL},             /* an empty output */
		{"pack", "R", "--strictt", NULL},          /* unknown */
		{"pack", "R", "-x", NULL},                 /* unknown short */
		{"pack", NULL},                            /* no operand */
		{"pack", "R", "S", NULL},                  /* two */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ids[8], first;
		const char *args[8];
		parse(&pack_spec, bad[i], ids, args, &first);
		int n = 0;
		while (ids[n] > 0)
			n++;
		if (ids[n] != CSCS_OPT_ERROR)
			fail_msg("case %zu: expected a usage error, got %d", i, ids[n]);
	}
}

static void test_stop_at_operand(void **state)
{
	(void)state;
	/* a code may look like an option once the codes begin; '-' is an operand */
	char *argv[] = {"codes", "--lang", "zh", "-", "--lang", "en", NULL};
	int ids[8], first;
	const char *args[8];
	assert_int_equal(parse(&codes_spec, argv, ids, args, &first), 1);
	assert_int_equal(ids[1], CSCS_OPT_END);
	assert_int_equal(first, 3);
	assert_string_equal(argv[first], "-");
	char *none[] = {"codes", "--lang", "zh", NULL};
	parse(&codes_spec, none, ids, args, &first);
	assert_int_equal(ids[1], CSCS_OPT_ERROR);
}

/* The text a print function writes. */
static char *printed(void (*print)(FILE *), const struct cscs_cli_spec *spec)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	if (spec)
		cscs_cli_spec_help(spec, f);
	else
		print(f);
	fclose(f);
	return text;
}

static void test_help(void **state)
{
	(void)state;
	char *help = printed(NULL, &pack_spec);
	assert_non_null(strstr(help, "usage: cscs-audit pack RECORDS [options]\n\nOptions:\n"));
	assert_non_null(strstr(help, "\n  -o, --output FILE       write the workbook to FILE\n"));
	assert_non_null(strstr(help, "\n  --lang en|zh            language\n"));
	assert_non_null(strstr(help, "\n  --a-rather-long-option-name TEXT\n                          its help"));
	assert_non_null(strstr(help, "\n  -h, --help              show this help\n"));
	assert_non_null(strstr(help, "\nExit status: 0 done.\n"));
	assert_non_null(strstr(help, cscs_cli_common_help));
	assert_null(strstr(help, "--secret"));
	/* wrapped at the column, never past 79 */
	assert_non_null(strstr(help, "\n                          "));
	for (const char *line = help; *line;) {
		size_t n = strcspn(line, "\n");
		if (n > 79)
			fail_msg("a help line of %zu columns: %.*s", n, (int)n, line);
		line += n + (line[n] == '\n');
	}
	free(help);
}

static void test_completion(void **state)
{
	(void)state;
	char *script = printed(cscs_cli_completion_bash, NULL);
	assert_non_null(strstr(script, "compgen -W \"codes pack\""));
	assert_non_null(strstr(script, "--lang) COMPREPLY=($(compgen -W \"en zh\" -- \"$cur\"))"));
	assert_non_null(strstr(script, "--fail-on) COMPREPLY=($(compgen -W \"critical high medium low info\""));
	assert_non_null(strstr(script, "-o|--output) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f"));
	assert_non_null(strstr(script, "--lists) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d"));
	assert_null(strstr(script, "secret"));
	assert_non_null(strstr(script, "complete -F _cscs_audit cscs-audit\n"));
	free(script);
	char *table = printed(cscs_cli_options_table, NULL);
	assert_non_null(strstr(table, "pack\t--output\t-o\tFILE\n"));
	assert_non_null(strstr(table, "pack\t--strict\t\t\n"));
	assert_non_null(strstr(table, "codes\t--help\t-h\t\n"));
	assert_null(strstr(table, "secret"));
	free(table);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_short_and_equals),
		cmocka_unit_test(test_double_dash),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_stop_at_operand),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_completion),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
