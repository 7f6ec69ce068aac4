#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cscs/cli/cli.h"
#include "cscs/core/buf.h"
#include "cscs/ident/resident_id.h"

void cscs_cli_print_diags(const struct cscs_ctx *ctx, const struct cscs_diag_list *dl)
{
	char line[4096];
	struct cscs_buf masked = CSCS_BUF_INIT;
	for (size_t i = 0; i < dl->n; i++) {
		/* A message may quote a value, and a value may be someone's identity number. */
		const char *text = cscs_diag_format(&dl->items[i], line, sizeof(line));
		if (!ctx->show_personal_data)
			text = cscs_resident_id_mask_text(text, &masked);
		fprintf(stderr, "%s: %s\n", ctx->prog, text);
	}
	cscs_buf_finish(&masked);
	if (dl->n_dropped)
		fprintf(stderr, "%s: ... and %zu more messages\n", ctx->prog, dl->n_dropped);
}

int cscs_cli_usage_error(const struct cscs_ctx *ctx, const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: %s: ", ctx->prog, cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s: see 'cscs-audit %s --help'\n", ctx->prog, cmd);
	return CSCS_EXIT_INPUT;
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

enum cscs_error cscs_cli_load_vocab(char *const *extra, size_t n_extra, struct cscs_vocab **out,
				    struct cscs_diag_list *dl)
{
	char path[PATH_MAX + 64];
	*out = NULL;
	struct cscs_vocab *v = cscs_vocab_new();
	if (!v)
		return CSCS_ERR_NOMEM;
	snprintf(path, sizeof(path), "%s/templates/vocabulary.tsv", cscs_cli_datadir());
	enum cscs_error err = cscs_vocab_load(v, path, true, dl);
	for (size_t i = 0; i < n_extra && !err; i++)
		err = cscs_vocab_load(v, extra[i], false, dl);
	if (err) {
		cscs_vocab_free(v);
		/* a missing --vocab file is the user's to fix: exit 2, not 3 */
		return err == CSCS_ERR_NOT_FOUND ? CSCS_ERR_INPUT : err;
	}
	*out = v;
	return CSCS_OK;
}
