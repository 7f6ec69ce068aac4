#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cscs/cli/cli.h"
#include "cscs/core/buf.h"
#include "cscs/core/fs.h"
#include "cscs/core/path.h"
#include "cscs/core/text.h"
#include "cscs/ident/resident_id.h"
#include "cscs/intake/import.h"
#include "cscs/store/coverage.h"

void cscs_cli_print_diags(const struct cscs_ctx *ctx, const struct cscs_diag_list *dl)
{
	char line[4096];
	struct cscs_buf masked = CSCS_BUF_INIT, shown = CSCS_BUF_INIT;
	if (dl->n && ctx->stderr_is_tty && ctx->phase[0] && ctx->verbosity >= 0)
		fputs("\r\033[K", stderr); /* the progress line gives way to the messages */
	for (size_t i = 0; i < dl->n; i++) {
		if (ctx->verbosity < 0 && dl->items[i].level != CSCS_DIAG_ERROR)
			continue; /* --quiet */
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

const char *cscs_cli_nearest(const char *given, const char *const *words, size_t n_words)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX;
	for (size_t i = 0; i < n_words; i++) {
		size_t d = cscs_text_distance(given, words[i]);
		size_t limit = cscs_utf8_count(words[i], strlen(words[i])) / 3;
		limit = limit < 1 ? 1 : limit > 3 ? 3 : limit;
		if (d <= limit && d < best_d) {
			best = words[i];
			best_d = d;
		}
	}
	return best;
}

int cscs_cli_unknown_option(const struct cscs_ctx *ctx, const char *cmd, const struct option *options,
			    const char *given)
{
	const char *words[64];
	size_t n = 0;
	char name[128];
	/* "--fail_on=high" is compared as "fail_on" */
	const char *g = given;
	while (*g == '-')
		g++;
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(g, "="), g);
	for (const struct option *o = options; o->name && n < 64; o++)
		words[n++] = o->name;
	const char *near = given[0] == '-' && given[1] == '-' ? cscs_cli_nearest(name, words, n) : NULL;
	if (near)
		return cscs_cli_usage_error(ctx, cmd, "unknown option '%s'; did you mean '--%s'?", given, near);
	return cscs_cli_usage_error(ctx, cmd, "unknown option '%s'", given);
}

bool cscs_cli_check_extension(const struct cscs_ctx *ctx, const char *cmd, const char *option, const char *path,
			      const char *ext)
{
	if (!path || strcmp(path, "-") == 0 || strncmp(path, "/dev/", 5) == 0)
		return true;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base || cscs_text_ieq(dot, ext))
		return true;
	cscs_cli_usage_error(ctx, cmd, "%s '%s': this output is %s, but the name ends in '%s'; name it '%.*s%s'", option,
			     path, strcmp(ext, ".xlsx") == 0 ? "an .xlsx workbook" : strcmp(ext, ".json") == 0 ? "JSON" : ext,
			     dot, (int)(dot - path), path, ext);
	return false;
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

const char *cscs_cli_profile_path(const char *arg)
{
	static char path[PATH_MAX + 128];
	struct stat st;
	if (!arg || !*arg || strchr(arg, '/') || stat(arg, &st) == 0)
		return arg;
	size_t n = strlen(arg);
	const char *ext = n > 4 && strcmp(arg + n - 4, ".ini") == 0 ? "" : ".ini";
	snprintf(path, sizeof(path), "%s/checklists/profiles/%s%s", cscs_cli_datadir(), arg, ext);
	return stat(path, &st) == 0 ? path : arg;
}

void cscs_cli_wrote(FILE *con, const char *path, const char *tail)
{
	char *shown = cscs_path_display(path);
	fprintf(con, "wrote %s%s\n", shown ? shown : path, tail);
	free(shown);
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

const char cscs_cli_common_help[] =
	"\n"
	"Every command also takes:\n"
	"  -q, --quiet             no progress, phase lines or warnings (errors still)\n"
	"  -v, --verbose           each phase's duration on a terminal too\n";

static double monotonic_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cscs_cli_progress_done(struct cscs_ctx *ctx)
{
	if (ctx->verbosity < 0 || !ctx->phase[0]) {
		ctx->phase[0] = '\0';
		return;
	}
	if (ctx->stderr_is_tty)
		fprintf(stderr, "\r\033[K");
	if (!ctx->stderr_is_tty || ctx->verbosity > 0) {
		double secs = monotonic_seconds() - ctx->phase_started;
		char count[64] = "";
		if (ctx->unit && ctx->done)
			snprintf(count, sizeof(count), ", %llu %s", (unsigned long long)ctx->done, ctx->unit);
		fprintf(stderr, "%s: %s: %.2f s%s\n", ctx->prog, ctx->phase, secs, count);
	}
	fflush(stderr);
	ctx->phase[0] = '\0';
	ctx->unit = NULL;
	ctx->done = ctx->total = 0;
}

/* The terminal's progress line: phase, count, share, rate, time left. */
static void draw(struct cscs_ctx *ctx, double now)
{
	double secs = now - ctx->phase_started;
	double rate = secs > 0 ? (double)ctx->done / secs : 0;
	fprintf(stderr, "\r\033[K%s: %s: %llu", ctx->prog, ctx->phase, (unsigned long long)ctx->done);
	if (ctx->total) {
		double share = (double)ctx->done / (double)ctx->total;
		int filled = (int)(share * 20 + 0.5);
		fprintf(stderr, " of %llu %s [%.*s%.*s] %3.0f%%", (unsigned long long)ctx->total, ctx->unit, filled,
			"####################", 20 - filled, "                    ", share * 100);
		if (rate > 0 && ctx->done < ctx->total) {
			double left = (double)(ctx->total - ctx->done) / rate;
			fprintf(stderr, " %.0f/s, %d:%02d left", rate, (int)left / 60, (int)left % 60);
		}
	} else {
		fprintf(stderr, " %s", ctx->unit);
		if (rate > 0)
			fprintf(stderr, ", %.0f/s", rate);
	}
	fflush(stderr);
	ctx->drawn = now;
}

static void on_count(void *ud, uint64_t done, uint64_t total)
{
	struct cscs_ctx *ctx = ud;
	ctx->done = done;
	ctx->total = total;
	if (ctx->verbosity < 0 || !ctx->stderr_is_tty || !ctx->phase[0])
		return;
	double now = monotonic_seconds();
	if (now - ctx->drawn >= 0.1)
		draw(ctx, now);
}

struct cscs_progress cscs_cli_counter(struct cscs_ctx *ctx, const char *unit)
{
	ctx->unit = unit;
	ctx->done = ctx->total = 0;
	ctx->drawn = 0; /* the phase's first count is drawn at once */
	return (struct cscs_progress){on_count, ctx};
}

void cscs_cli_progress(struct cscs_ctx *ctx, const char *fmt, ...)
{
	cscs_cli_progress_done(ctx);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ctx->phase, sizeof(ctx->phase), fmt, ap);
	va_end(ap);
	/* a phase names files; no control character reaches the terminal from them */
	for (char *p = ctx->phase; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	ctx->phase_started = monotonic_seconds();
	if (ctx->verbosity < 0 || !ctx->stderr_is_tty)
		return;
	fprintf(stderr, "\r\033[K%s: %s ...", ctx->prog, ctx->phase);
	fflush(stderr);
}

int cscs_cli_common_options(struct cscs_ctx *ctx, int argc, char **argv)
{
	int out = 1;
	bool rest = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!rest && strcmp(a, "--") == 0)
			rest = true;
		if (!rest && (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)) {
			ctx->verbosity = -1;
			continue;
		}
		if (!rest && (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0)) {
			ctx->verbosity = 1;
			continue;
		}
		argv[out++] = argv[i];
	}
	argv[out] = NULL;
	return out;
}

enum cscs_error cscs_cli_import_words(struct cscs_import_opts *opts, const char *map_path,
				      struct cscs_diag_list *dl)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/templates/headers.tsv", cscs_cli_datadir());
	struct cscs_synonyms *syn = NULL;
	struct cscs_mapping *map = NULL;
	enum cscs_error err = cscs_synonyms_load(&syn, path, dl);
	if (!err && map_path)
		err = cscs_mapping_load(&map, map_path, opts->vocab, dl);
	if (err) {
		cscs_synonyms_destroy(syn);
		return err;
	}
	opts->synonyms = syn;
	opts->mapping = map;
	return CSCS_OK;
}

void cscs_cli_import_words_finish(struct cscs_import_opts *opts)
{
	cscs_synonyms_destroy((struct cscs_synonyms *)opts->synonyms);
	cscs_mapping_destroy((struct cscs_mapping *)opts->mapping);
	opts->synonyms = NULL;
	opts->mapping = NULL;
}

enum cscs_error cscs_cli_strict(sqlite3 *db, int64_t import_id, struct cscs_diag_list *dl)
{
	struct cscs_import_issues is;
	enum cscs_error err = cscs_store_import_issues(db, import_id, &is, dl);
	if (err)
		return err;
	if (!is.n_rejected && !is.n_flagged && !is.n_unknown && !is.n_unreadable)
		return CSCS_OK;
	cscs_diag_error(dl, NULL, 0, 0,
			"--strict: the import recorded %lld rejected row%s, %lld flagged value%s, %lld unknown value%s "
			"and %lld unreadable file%s (see the messages above); expected none",
			(long long)is.n_rejected, is.n_rejected == 1 ? "" : "s", (long long)is.n_flagged,
			is.n_flagged == 1 ? "" : "s", (long long)is.n_unknown, is.n_unknown == 1 ? "" : "s",
			(long long)is.n_unreadable, is.n_unreadable == 1 ? "" : "s");
	return CSCS_ERR_INPUT;
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
