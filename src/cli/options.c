/* The one option parser of the subcommands, and what else their tables give: --help, completion. */
#include <string.h>

#include "cscs/cli/cli.h"
#include "cscs/cli/options.h"

/* getopt_long's val for the long option at index i of a table (above every char). */
#define LONG_VAL(i) (256 + (i))

void cscs_cli_parser_init(struct cscs_cli_parser *p, const struct cscs_cli_spec *spec, int argc, char **argv)
{
	memset(p, 0, sizeof(*p));
	p->spec = spec;
	p->argc = argc;
	p->argv = argv;
	size_t n = 0, s = 0;
	if (spec->stop_at_operand)
		p->shortopts[s++] = '+';
	p->shortopts[s++] = ':'; /* a missing value is told apart from an unknown option */
	const size_t max_long = sizeof(p->longopts) / sizeof(p->longopts[0]) - 2;
	for (size_t i = 0; spec->options[i].long_name && n < max_long; i++) {
		const struct cscs_cli_option *o = &spec->options[i];
		p->longopts[n++] = (struct option){o->long_name, o->arg ? required_argument : no_argument, NULL,
						   LONG_VAL((int)i)};
		if (o->short_name && s + 3 < sizeof(p->shortopts)) {
			p->shortopts[s++] = o->short_name;
			if (o->arg)
				p->shortopts[s++] = ':';
		}
	}
	p->longopts[n++] = (struct option){"help", no_argument, NULL, 'h'};
	p->longopts[n] = (struct option){NULL, 0, NULL, 0};
	p->shortopts[s++] = 'h';
	p->shortopts[s] = '\0';
	optind = 0; /* getopt starts afresh (GNU: 0 also resets its state) */
	opterr = 0;
}

/* The choices of an option whose value must be one of them, into words (at most max); 0 when any value goes. */
static size_t choices(const struct cscs_cli_option *o, char *buf, size_t len, const char **words, size_t max)
{
	const char *list = o->flags & CSCS_OPT_ONE_OF ? o->values : NULL;
	char sep = ' ';
	if (!list && o->arg && strchr(o->arg, '|')) {
		list = o->arg;
		sep = '|';
		for (const char *a = list; *a; a++)
			if (*a >= 'A' && *a <= 'Z')
				return 0; /* "FILE|NAME": names, not choices */
	}
	if (!list)
		return 0;
	snprintf(buf, len, "%s", list);
	size_t n = 0;
	for (char *w = buf; *w && n < max;) {
		words[n++] = w;
		char *end = strchr(w, sep);
		if (!end)
			break;
		*end = '\0';
		w = end + 1;
	}
	return n;
}

/* The table's checks of an option's value; prints the usage error and returns false. */
static bool value_ok(struct cscs_ctx *ctx, const struct cscs_cli_parser *p, const struct cscs_cli_option *o)
{
	char label[80];
	if (o->short_name)
		snprintf(label, sizeof(label), "-%c", o->short_name);
	else
		snprintf(label, sizeof(label), "--%s", o->long_name);
	if ((o->flags & (CSCS_OPT_OUTPUT | CSCS_OPT_OUTPUT_DIR)) &&
	    !cscs_cli_output_ok(ctx, p->spec->name, label, p->arg, o->flags & CSCS_OPT_OUTPUT_DIR))
		return false;
	char buf[256];
	const char *words[16];
	size_t n = choices(o, buf, sizeof(buf), words, 16);
	if (n == 0)
		return true;
	for (size_t i = 0; i < n; i++)
		if (strcmp(p->arg, words[i]) == 0)
			return true;
	char list[320] = "";
	for (size_t i = 0; i < n; i++) {
		size_t at = strlen(list);
		snprintf(list + at, sizeof(list) - at, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", words[i]);
	}
	const char *near = cscs_cli_nearest(p->arg, words, n);
	if (near)
		cscs_cli_usage_error(ctx, p->spec->name, "--%s must be %s, not '%s'; did you mean '%s'?", o->long_name,
				     list, p->arg, near);
	else
		cscs_cli_usage_error(ctx, p->spec->name, "--%s must be %s, not '%s'", o->long_name, list, p->arg);
	return false;
}

/* At the end of the options: as many operands as the command takes. */
static int operands_ok(struct cscs_ctx *ctx, const struct cscs_cli_parser *p)
{
	const struct cscs_cli_spec *spec = p->spec;
	int n = p->argc - p->optind;
	if (n < spec->min_operands) {
		cscs_cli_usage_error(ctx, spec->name, "no %s given", spec->operand ? spec->operand : "argument");
		return CSCS_OPT_ERROR;
	}
	if (spec->max_operands >= 0 && n > spec->max_operands) {
		const char *extra = p->argv[p->optind + spec->max_operands];
		if (spec->max_operands == 0 || !spec->operand)
			cscs_cli_usage_error(ctx, spec->name, "unexpected argument '%s'", extra);
		else
			cscs_cli_usage_error(ctx, spec->name, "more than one %s given ('%s')", spec->operand, extra);
		return CSCS_OPT_ERROR;
	}
	return CSCS_OPT_END;
}

int cscs_cli_next_option(struct cscs_ctx *ctx, struct cscs_cli_parser *p)
{
	int c = getopt_long(p->argc, p->argv, p->shortopts, p->longopts, NULL);
	p->optind = optind;
	p->arg = optarg;
	/* what getopt stopped at: the option missing its value, or the unknown one */
	const char *given = optind > 0 && optind <= p->argc ? p->argv[optind - 1] : "";
	if (c == -1)
		return operands_ok(ctx, p);
	if (c == 'h') {
		cscs_cli_spec_help(p->spec, stdout);
		return CSCS_OPT_HELP;
	}
	if (c == ':') {
		cscs_cli_usage_error(ctx, p->spec->name, "option '%s' needs a value", given);
		return CSCS_OPT_ERROR;
	}
	const struct cscs_cli_option *o = NULL;
	if (c >= 256)
		o = &p->spec->options[c - 256];
	for (size_t i = 0; !o && c != '?' && p->spec->options[i].long_name; i++)
		if (p->spec->options[i].short_name == c)
			o = &p->spec->options[i];
	if (o) {
		if (o->arg && !value_ok(ctx, p, o))
			return CSCS_OPT_ERROR;
		return o->id;
	}
	cscs_cli_unknown_option(ctx, p->spec->name, p->longopts, given);
	return CSCS_OPT_ERROR;
}

enum { HELP_COLUMN = 26, HELP_WIDTH = 79 };

/* text word-wrapped from column col to HELP_WIDTH; the first line continues the current one (at col). */
static void print_wrapped(FILE *out, const char *text, int col)
{
	int at = col;
	const char *p = text;
	while (*p) {
		size_t word = strcspn(p, " \n");
		if (at > col && at + 1 + (int)word > HELP_WIDTH) {
			fprintf(out, "\n%*s", col, "");
			at = col;
		} else if (at > col) {
			fputc(' ', out);
			at++;
		}
		fwrite(p, 1, word, out);
		at += (int)word;
		p += word;
		while (*p == ' ')
			p++;
		if (*p == '\n') {
			p++;
			fprintf(out, "\n%*s", col, "");
			at = col;
			while (*p == ' ')
				p++;
		}
	}
	fputc('\n', out);
}

static void print_option(FILE *out, char short_name, const char *long_name, const char *arg, const char *help)
{
	char label[128];
	if (short_name)
		snprintf(label, sizeof(label), "-%c, --%s%s%s", short_name, long_name, arg ? " " : "", arg ? arg : "");
	else
		snprintf(label, sizeof(label), "--%s%s%s", long_name, arg ? " " : "", arg ? arg : "");
	int width = HELP_COLUMN - 2;
	if ((int)strlen(label) < width - 1)
		fprintf(out, "  %-*s", width, label);
	else
		fprintf(out, "  %s\n%*s", label, HELP_COLUMN, "");
	print_wrapped(out, help, HELP_COLUMN);
}

void cscs_cli_spec_help(const struct cscs_cli_spec *spec, FILE *out)
{
	fputs(spec->usage, out);
	fputs("\nOptions:\n", out);
	for (const struct cscs_cli_option *o = spec->options; o->long_name; o++)
		if (!(o->flags & CSCS_OPT_HIDDEN))
			print_option(out, o->short_name, o->long_name, o->arg, o->help);
	print_option(out, 'h', "help", NULL, "show this help");
	if (spec->epilog) {
		fputc('\n', out);
		fputs(spec->epilog, out);
	}
	fputs(cscs_cli_common_help, out);
}

void cscs_cli_options_table(FILE *out)
{
	size_t n;
	const struct cscs_command *cmds = cscs_cli_commands(&n);
	for (size_t i = 0; i < n; i++) {
		for (const struct cscs_cli_option *o = cmds[i].spec->options; o->long_name; o++) {
			if (o->flags & CSCS_OPT_HIDDEN)
				continue;
			fprintf(out, "%s\t--%s\t", cmds[i].name, o->long_name);
			if (o->short_name)
				fprintf(out, "-%c", o->short_name);
			fprintf(out, "\t%s\n", o->arg ? o->arg : "");
		}
		fprintf(out, "%s\t--help\t-h\t\n", cmds[i].name);
	}
}

/* The words an option's value completes to: its values, or the choices of an arg like "en|zh". */
static void print_values(FILE *out, const struct cscs_cli_option *o)
{
	if (o->values) {
		fputs(o->values, out);
		return;
	}
	for (const char *a = o->arg; *a; a++)
		fputc(*a == '|' ? ' ' : *a, out);
}

static bool arg_is_choice(const char *arg)
{
	if (!strchr(arg, '|'))
		return false;
	for (const char *a = arg; *a; a++)
		if (*a >= 'A' && *a <= 'Z')
			return false;
	return true;
}

static void print_command_case(FILE *out, const struct cscs_command *cmd)
{
	const struct cscs_cli_option *opts = cmd->spec->options;
	fprintf(out, "\t%s)\n\t\tcase \"$opt\" in\n", cmd->name);
	for (const struct cscs_cli_option *o = opts; o->long_name; o++) {
		if (!o->arg || (o->flags & CSCS_OPT_HIDDEN))
			continue;
		fprintf(out, "\t\t");
		if (o->short_name)
			fprintf(out, "-%c|", o->short_name);
		fprintf(out, "--%s) ", o->long_name);
		if (o->values && (strstr(o->arg, "FILE") || strstr(o->arg, "PATH"))) {
			/* a file, or one of the names (shipped profiles) */
			fputs("compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -W \"", out);
			print_values(out, o);
			fputs("\" -- \"$cur\") $(compgen -f -- \"$cur\")) ;;\n", out);
		} else if (o->values || arg_is_choice(o->arg)) {
			fputs("COMPREPLY=($(compgen -W \"", out);
			print_values(out, o);
			fputs("\" -- \"$cur\")) ;;\n", out);
		} else if (strstr(o->arg, "DIR")) {
			fputs("compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- \"$cur\")) ;;\n", out);
		} else if (strstr(o->arg, "FILE") || strstr(o->arg, "PATH")) {
			fputs("compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n", out);
		} else {
			fputs("COMPREPLY=() ;;\n", out); /* free text: nothing to offer */
		}
	}
	fprintf(out, "\t\t*)\n\t\t\tif [[ $cur == -* ]]; then\n\t\t\t\tCOMPREPLY=($(compgen -W \"");
	for (const struct cscs_cli_option *o = opts; o->long_name; o++) {
		if (o->flags & CSCS_OPT_HIDDEN)
			continue;
		if (o->short_name)
			fprintf(out, "-%c ", o->short_name);
		fprintf(out, "--%s ", o->long_name);
	}
	fprintf(out, "-h --help -q --quiet -v --verbose\" -- \"$cur\"))\n");
	if (cmd->spec->actions) {
		/* the action first (words after the command's name, i being its index), then files */
		char alt[256];
		snprintf(alt, sizeof(alt), "%s", cmd->spec->actions);
		for (char *a = alt; *a; a++)
			if (*a == ' ')
				*a = '|';
		fprintf(out, "\t\t\telse\n\t\t\t\tlocal w seen=\n");
		fprintf(out, "\t\t\t\tfor w in \"${COMP_WORDS[@]:i+1:COMP_CWORD-i-1}\"; do case $w in %s) seen=1 ;; "
			     "esac; done\n", alt);
		fprintf(out, "\t\t\t\tif [[ -n $seen ]]; then\n\t\t\t\t\tcompopt -o filenames 2>/dev/null; "
			     "COMPREPLY=($(compgen -f -- \"$cur\"))\n");
		fprintf(out, "\t\t\t\telse\n\t\t\t\t\tCOMPREPLY=($(compgen -W \"%s\" -- \"$cur\"))\n\t\t\t\tfi\n",
			cmd->spec->actions);
	} else {
		fprintf(out, "\t\t\telse\n\t\t\t\tcompopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\"))\n");
	}
	fprintf(out, "\t\t\tfi ;;\n\t\tesac ;;\n");
}

void cscs_cli_completion_bash(FILE *out)
{
	size_t n;
	const struct cscs_command *cmds = cscs_cli_commands(&n);
	fputs("# bash completion for cscs-audit, generated from its option tables by\n"
	      "# 'cscs-audit completion bash'.\n"
	      "_cscs_audit()\n"
	      "{\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= opt= i\n"
	      "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	      "\t\tcase ${COMP_WORDS[i]} in\n"
	      "\t\t-*) ;;\n"
	      "\t\t*) cmd=${COMP_WORDS[i]}; break ;;\n"
	      "\t\tesac\n"
	      "\tdone\n"
	      "\t# --option=value: bash splits it at '='\n"
	      "\tif [[ $cur == = ]]; then\n"
	      "\t\topt=$prev cur=\n"
	      "\telif [[ $prev == = ]] && ((COMP_CWORD >= 2)); then\n"
	      "\t\topt=${COMP_WORDS[COMP_CWORD-2]}\n"
	      "\telif [[ $prev == -* ]]; then\n"
	      "\t\topt=$prev\n"
	      "\tfi\n"
	      "\tif [[ -z $cmd ]]; then\n"
	      "\t\tif [[ $cur == -* ]]; then\n"
	      "\t\t\tCOMPREPLY=($(compgen -W \"-h --help -V --version -q --quiet -v --verbose\" -- \"$cur\"))\n"
	      "\t\telse\n"
	      "\t\t\tCOMPREPLY=($(compgen -W \"",
	      out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? " " : "", cmds[i].name);
	fputs("\" -- \"$cur\"))\n"
	      "\t\tfi\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\tcase $cmd in\n",
	      out);
	for (size_t i = 0; i < n; i++)
		print_command_case(out, &cmds[i]);
	fputs("\tesac\n"
	      "}\n"
	      "complete -F _cscs_audit cscs-audit\n",
	      out);
}
