#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cscs/cli/cli.h"
#include "cscs/core/buf.h"
#include "cscs/core/fs.h"
#include "cscs/core/text.h"
#include "cscs/ident/resident_id.h"

void cscs_cli_print_diags(const struct cscs_ctx *ctx, const struct cscs_diag_list *dl)
{
	char line[4096];
	struct cscs_buf masked = CSCS_BUF_INIT, shown = CSCS_BUF_INIT;
	for (size_t i = 0; i < dl->n; i++) {
		/* A message may quote a value, and a value may be someone's identity number. */
		const char *text = cscs_diag_format(&dl->items[i], line, sizeof(line));
		if (!ctx->show_personal_data)
			text = cscs_resident_id_mask_text(text, &masked);
		/* ... or hold an ESC or a carriage return: shown as \xHH, never obeyed. */
		fprintf(stderr, "%s: %s\n", ctx->prog, cscs_text_for_terminal(text, &shown));
	}
	cscs_buf_finish(&masked);
	cscs_buf_finish(&shown);
	if (dl->n_dropped)
		fprintf(stderr, "%s: ... and %zu more messages\n", ctx->prog, dl->n_dropped);
}

void cscs_cli_print_bare_error(const struct cscs_ctx *ctx, enum cscs_error err, const struct cscs_diag_list *dl)
{
	if (err && dl->n_errors == 0 && dl->n_dropped == 0)
		fprintf(stderr, "%s: %s%s\n", ctx->prog, cscs_strerror(err),
			err == CSCS_ERR_NOMEM ? " (give the process more memory, or split the input)" : "");
}

int cscs_cli_usage_error(const struct cscs_ctx *ctx, const char *cmd, const char *fmt, ...)
{
	va_list ap;
	struct cscs_buf msg = CSCS_BUF_INIT, masked = CSCS_BUF_INIT, shown = CSCS_BUF_INIT;
	va_start(ap, fmt);
	cscs_buf_addvf(&msg, fmt, ap);
	va_end(ap);
	/*
	 * The message quotes the arguments as given: an identity number among
	 * them masked, control characters shown, not obeyed.
	 */
	const char *text = cscs_buf_str(&msg);
	if (!ctx->show_personal_data)
		text = cscs_resident_id_mask_text(text, &masked);
	fprintf(stderr, "%s: %s: %s\n", ctx->prog, cmd, cscs_text_for_terminal(text, &shown));
	fprintf(stderr, "%s: see 'cscs-audit %s --help'\n", ctx->prog, cmd);
	cscs_buf_finish(&msg);
	cscs_buf_finish(&masked);
	cscs_buf_finish(&shown);
	return CSCS_EXIT_INPUT;
}

bool cscs_cli_output_ok(const struct cscs_ctx *ctx, const char *cmd, const char *option, const char *value,
		       bool folder)
{
	if (!*value) {
		cscs_cli_usage_error(ctx, cmd, "%s needs a file name, not an empty one ('-' is standard output)", option);
		return false;
	}
	if (folder && strcmp(value, "-") == 0) {
		cscs_cli_usage_error(ctx, cmd, "%s needs a folder (it writes several files); '-' cannot be one", option);
		return false;
	}
	return true;
}

FILE *cscs_cli_console(const char *const *outputs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cscs_fs_is_stdout(outputs[i]))
			return stderr;
	return stdout;
}

void cscs_cli_print_help(const char *help, FILE *out)
{
	fputs(help, out);
}

bool cscs_cli_parse_as_of(const struct cscs_ctx *ctx, const char *cmd, const char *arg, cscs_date *out)
{
	if (!cscs_date_parse_iso(arg, out)) {
		cscs_cli_usage_error(ctx, cmd, "--as-of '%s' is not a date; expected YYYY-MM-DD", arg);
		return false;
	}
	return true;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cscs_cli_datadir(void)
{
	static char found[PATH_MAX + 64];
	if (found[0])
		return found;
	const char *env = getenv("CSCS_DATADIR");
	if (env && *env) {
		snprintf(found, sizeof(found), "%s", env);
		return found;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			char candidate[PATH_MAX + 64];
			snprintf(candidate, sizeof(candidate), "%s/../share/cscs-audit/checklists", exe);
			if (is_dir(candidate)) {
				snprintf(found, sizeof(found), "%s/../share/cscs-audit", exe);
				return found;
			}
		}
	}
	if (is_dir(CSCS_INSTALLED_DATADIR "/checklists")) {
		snprintf(found, sizeof(found), "%s", CSCS_INSTALLED_DATADIR);
		return found;
	}
	snprintf(found, sizeof(found), "%s", CSCS_SOURCE_DATADIR);
	return found;
}

void cscs_cli_progress(const struct cscs_ctx *ctx, const char *fmt, ...)
{
	if (!ctx->stderr_is_tty)
		return;
	va_list ap;
	fprintf(stderr, "\r\033[K%s: ", ctx->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
}
