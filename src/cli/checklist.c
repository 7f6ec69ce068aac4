/* cscs-audit checklist: lint, list or show checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/cli/cli.h"
#include "cscs/core/buf.h"
#include "cscs/core/json.h"
#include "cscs/core/path.h"
#include "cscs/engine/checklist.h"
#include "cscs/engine/json.h"
#include "cscs/engine/profile.h"
#include "cscs/engine/waiver.h"

enum {
	OPT_FORMAT = 256,
	OPT_AS_OF,
	OPT_PROFILE,
	OPT_WAIVERS,
};

static const char checklist_usage[] =
	"usage: cscs-audit checklist lint [--profile FILE] [--waivers FILE] [PATH...]\n"
	"       cscs-audit checklist list [--format text|md|json] [--as-of DATE] [PATH...]\n"
	"       cscs-audit checklist show ID [--as-of DATE] [PATH...]\n"
	"\n"
	"Work with checklists: annotated-SQL files, one or more checks each (see\n"
	"docs/checklists.md). PATH is a checklist file or a folder of them; default:\n"
	"the shipped checklists.\n"
	"\n"
	"  lint   validate every check: annotations, dates, record types, and the SQL\n"
	"         (prepared read-only against the records schema); refuse a table\n"
	"         the query reads that neither 'requires' nor 'optional' lists, and\n"
	"         a gap between the periods of a check's versions; warn about checks\n"
	"         without a subject column. With --profile or --waivers, validate\n"
	"         those files too.\n"
	"  list   print the catalogue of checks (every version, with the period it is\n"
	"         in force; with --as-of only the versions in force on that date)\n"
	"  show   print every version of check ID with its annotations and SQL\n";

static const struct cscs_cli_option checklist_options[] = {
	{"format", 0, "text|md|json", OPT_FORMAT, "output of list (default text)", 0, NULL},
	{"as-of", 0, "DATE", OPT_AS_OF, "only the versions in force on DATE (YYYY-MM-DD)", 0, NULL},
	{"profile", 0, "FILE", OPT_PROFILE, "lint this profile against the checks", 0, NULL},
	{"waivers", 0, "FILE", OPT_WAIVERS, "lint this waivers file against the checks", 0, NULL},
	{NULL, 0, NULL, 0, NULL, 0, NULL},
};

const struct cscs_cli_spec cmd_checklist_spec = {
	.name = "checklist",
	.usage = checklist_usage,
	.options = checklist_options,
	.epilog =
		"Exit status: 0 done (lint: no errors; warnings are allowed); 2 a malformed\n"
		"file (each problem as file:line: message), an unknown check or a usage\n"
		"error; 3 internal or I/O error.\n",
	.max_operands = -1,
	.actions = "lint list show",
};

enum format {
	FMT_TEXT,
	FMT_MD,
	FMT_JSON,
};

struct cl_args {
	const char *verb;        /* lint, list or show */
	const char *id;          /* show: the check */
	const char **paths;      /* checklists, or the shipped folder */
	size_t n_paths;          /* entries in paths */
	enum format format;      /* --format */
	bool as_of_set;          /* --as-of was given */
	cscs_date as_of;         /* --as-of */
	const char *profile;     /* --profile */
	const char *waivers;     /* --waivers */
};

static int parse_args(struct cscs_ctx *ctx, int argc, char **argv, struct cl_args *a)
{
	struct cscs_cli_parser p;
	int c;
	cscs_cli_parser_init(&p, &cmd_checklist_spec, argc, argv);
	while ((c = cscs_cli_next_option(ctx, &p)) > 0) {
		switch (c) {
		case OPT_FORMAT: /* one of the table's choices */
			a->format = strcmp(p.arg, "md") == 0 ? FMT_MD : strcmp(p.arg, "json") == 0 ? FMT_JSON : FMT_TEXT;
			break;
		case OPT_AS_OF:
			if (!cscs_cli_parse_as_of(ctx, "checklist", p.arg, &a->as_of))
				return CSCS_EXIT_INPUT;
			a->as_of_set = true;
			break;
		case OPT_PROFILE:
			a->profile = cscs_cli_profile_path(p.arg);
			break;
		case OPT_WAIVERS:
			a->waivers = p.arg;
			break;
		}
	}
	if (c == CSCS_OPT_HELP)
		return -1;
	if (c == CSCS_OPT_ERROR)
		return CSCS_EXIT_INPUT;
	if (p.optind >= argc)
		return cscs_cli_usage_error(ctx, "checklist", "no action given; use lint, list or show");
	a->verb = argv[p.optind++];
	if (strcmp(a->verb, "lint") != 0 && strcmp(a->verb, "list") != 0 && strcmp(a->verb, "show") != 0) {
		static const char *const actions[] = {"lint", "list", "show"};
		const char *near = cscs_cli_nearest(a->verb, actions, 3);
		if (near)
			return cscs_cli_usage_error(ctx, "checklist", "'%s' is not an action; did you mean '%s'?",
						    a->verb, near);
		return cscs_cli_usage_error(ctx, "checklist", "'%s' is not an action; use lint, list or show",
					    a->verb);
	}
	if (strcmp(a->verb, "show") == 0) {
		if (p.optind >= argc)
			return cscs_cli_usage_error(ctx, "checklist", "show needs a check ID");
		a->id = argv[p.optind++];
	}
	if (strcmp(a->verb, "lint") != 0 && (a->profile || a->waivers))
		return cscs_cli_usage_error(ctx, "checklist", "--profile and --waivers go with lint");
	if (strcmp(a->verb, "list") != 0 && a->format != FMT_TEXT)
		return cscs_cli_usage_error(ctx, "checklist", "--format goes with list");
	a->paths = (const char **)argv + p.optind;
	a->n_paths = (size_t)(argc - p.optind);
	return CSCS_EXIT_OK;
}

static bool visible(const struct cl_args *a, const struct cscs_check *c)
{
	return !a->as_of_set || cscs_check_in_force(c, a->as_of);
}

/* ---- lint ------------------------------------------------------------- */

static enum cscs_error lint_profile(const struct cl_args *a, const struct cscs_checklist *cl,
				    struct cscs_diag_list *dl)
{
	struct cscs_profile *p;
	enum cscs_error err = cscs_profile_load(a->profile, &p, dl);
	if (err)
		return err;
	size_t n_selected = 0;
	for (size_t i = 0; i < cl->n_checks; i++) {
		enum cscs_severity sev;
		double weight;
		char *note = NULL;
		if (cscs_profile_selects(p, cl->checks[i]))
			n_selected++;
		err = cscs_profile_apply(p, cl->checks[i], &sev, &weight, &note);
		free(note);
		if (err)
			break;
	}
	if (!err) {
		cscs_profile_warn_unused(p, dl);
		printf("%s: selects %zu of %zu check versions\n", a->profile, n_selected, cl->n_checks);
	}
	cscs_profile_destroy(p);
	return err;
}

static enum cscs_error lint_waivers(const struct cl_args *a, const struct cscs_checklist *cl,
				    struct cscs_diag_list *dl)
{
	struct cscs_waivers *ws;
	enum cscs_error err = cscs_waivers_load(a->waivers, &ws, dl);
	if (err)
		return err;
	cscs_date today = cscs_date_today();
	for (size_t i = 0; i < ws->n; i++) {
		const struct cscs_waiver *w = &ws->items[i];
		bool known = false;
		for (size_t j = 0; j < cl->n_checks && !known; j++)
			known = strcmp(cl->checks[j]->id, w->check_id) == 0;
		if (!known)
			cscs_diag_warning(dl, ws->path, w->line, 0,
					  "waiver names check '%s', which no checklist defines", w->check_id);
		if (cscs_waiver_state(w, today) == CSCS_WAIVER_EXPIRED) {
			char d[CSCS_DATE_ISO_LEN];
			cscs_diag_warning(dl, ws->path, w->line, 0, "waiver of '%s' expired on %s",
					  w->check_id, cscs_date_format(w->expires_on, d));
		}
	}
	printf("%s: %zu waivers\n", a->waivers, ws->n);
	cscs_waivers_destroy(ws);
	return CSCS_OK;
}

static enum cscs_error do_lint(const struct cl_args *a, struct cscs_checklist *cl, enum cscs_error load_err,
			       struct cscs_diag_list *dl)
{
	enum cscs_error err = load_err;
	if (cscs_checklist_check_gaps(cl, dl) && !err)
		err = CSCS_ERR_CHECKLIST;
	if (!err)
		printf("%zu checks in %zu files: ok\n", cl->n_checks, cl->n_files);
	if (a->profile) {
		enum cscs_error e = lint_profile(a, cl, dl);
		if (!err)
			err = e;
	}
	if (a->waivers) {
		enum cscs_error e = lint_waivers(a, cl, dl);
		if (!err)
			err = e;
	}
	return err;
}

/* ---- list ------------------------------------------------------------- */

static void md_cell(const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			fputs("\\|", stdout);
		else if (*s == '\n')
			fputc(' ', stdout);
		else
			fputc(*s, stdout);
	}
}

static void json_list(struct cscs_buf *b, char **v, size_t n)
{
	cscs_buf_addc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			cscs_buf_addc(b, ',');
		cscs_json_add_string(b, v[i]);
	}
	cscs_buf_addc(b, ']');
}

static void json_check(struct cscs_buf *b, const struct cscs_check *c, bool with_sql)
{
	char d[CSCS_DATE_ISO_LEN];
	cscs_buf_adds(b, "{\"id\":");
	cscs_json_add_string(b, c->id);
	cscs_buf_adds(b, ",\"area\":");
	cscs_json_add_string(b, c->area);
	cscs_buf_addf(b, ",\"severity\":\"%s\",\"title\":", cscs_severity_name(c->severity));
	cscs_json_add_string(b, c->title);
	cscs_buf_adds(b, ",\"title_zh\":");
	cscs_json_add_string(b, c->title_zh);
	cscs_buf_adds(b, ",\"basis\":");
	cscs_json_add_string(b, c->basis);
	cscs_buf_adds(b, ",\"basis_zh\":");
	cscs_json_add_string(b, c->basis_zh);
	cscs_buf_adds(b, ",\"remedy\":");
	cscs_json_add_string(b, c->remedy);
	cscs_buf_adds(b, ",\"remedy_zh\":");
	cscs_json_add_string(b, c->remedy_zh);
	cscs_buf_adds(b, ",\"detail\":");
	cscs_json_add_string(b, c->detail);
	cscs_buf_adds(b, ",\"detail_zh\":");
	cscs_json_add_string(b, c->detail_zh);
	cscs_buf_adds(b, ",\"subject_zh\":");
	cscs_json_add_string(b, c->subject_zh);
	cscs_buf_adds(b, ",\"requires\":");
	json_list(b, c->requires, c->n_requires);
	cscs_buf_adds(b, ",\"effective_from\":");
	cscs_json_add_string(b, c->has_from ? cscs_date_format(c->effective_from, d) : NULL);
	cscs_buf_adds(b, ",\"effective_to\":");
	cscs_json_add_string(b, c->has_to ? cscs_date_format(c->effective_to, d) : NULL);
	cscs_buf_adds(b, ",\"version\":");
	cscs_json_add_string(b, c->version);
	cscs_buf_adds(b, ",\"params\":{");
	for (size_t i = 0; i < c->n_params; i++) {
		cscs_buf_adds(b, i ? "," : "");
		cscs_json_add_string(b, c->param_names[i]);
		cscs_buf_addc(b, ':');
		cscs_json_add_string(b, c->param_values[i]);
	}
	cscs_buf_addc(b, '}');
	cscs_buf_addf(b, ",\"weight\":%g,\"tags\":", c->weight);
	json_list(b, c->tags, c->n_tags);
	if (c->cap)
		cscs_buf_addf(b, ",\"cap\":\"%c\"", c->cap);
	else
		cscs_buf_adds(b, ",\"cap\":null");
	cscs_buf_adds(b, ",\"file\":");
	char *file = cscs_path_display(c->file); /* no local folder (issue 16) */
	if (c->file && !file)
		b->oom = true;
	cscs_json_add_string(b, file);
	free(file);
	cscs_buf_addf(b, ",\"line\":%lu", c->line);
	if (with_sql) {
		cscs_buf_adds(b, ",\"applies\":");
		cscs_json_add_string(b, c->applies);
		cscs_buf_adds(b, ",\"sql\":");
		cscs_json_add_string(b, c->sql);
	}
	cscs_buf_addc(b, '}');
}

static enum cscs_error do_list(const struct cl_args *a, const struct cscs_checklist *cl)
{
	char period[32];
	if (a->format == FMT_JSON) {
		struct cscs_buf b = CSCS_BUF_INIT;
		cscs_buf_addc(&b, '{');
		cscs_json_add_envelope(&b, "cscs-audit-checklists", 1);
		cscs_buf_adds(&b, ",\"checks\":[");
		bool first = true;
		for (size_t i = 0; i < cl->n_checks; i++) {
			if (!visible(a, cl->checks[i]))
				continue;
			cscs_buf_adds(&b, first ? "\n" : ",\n");
			first = false;
			json_check(&b, cl->checks[i], false);
		}
		cscs_buf_adds(&b, "\n]}\n");
		if (b.oom) {
			cscs_buf_finish(&b);
			return CSCS_ERR_NOMEM;
		}
		fputs(cscs_buf_str(&b), stdout);
		cscs_buf_finish(&b);
		return CSCS_OK;
	}
	if (a->format == FMT_MD) {
		printf("| ID | Severity | Area | In force | Version | Title | 标题 | Basis |\n");
		printf("|---|---|---|---|---|---|---|---|\n");
		for (size_t i = 0; i < cl->n_checks; i++) {
			const struct cscs_check *c = cl->checks[i];
			if (!visible(a, c))
				continue;
			printf("| %s | %s | %s | %s | ", c->id, cscs_severity_name(c->severity), c->area,
			       cscs_check_period(c, period, sizeof(period)));
			md_cell(c->version);
			fputs(" | ", stdout);
			md_cell(c->title);
			fputs(" | ", stdout);
			md_cell(c->title_zh);
			fputs(" | ", stdout);
			md_cell(c->basis);
			fputs(" |\n", stdout);
		}
		return CSCS_OK;
	}
	int w_id = 2, w_area = 4;
	for (size_t i = 0; i < cl->n_checks; i++) {
		const struct cscs_check *c = cl->checks[i];
		if ((int)strlen(c->id) > w_id)
			w_id = (int)strlen(c->id);
		if ((int)strlen(c->area) > w_area)
			w_area = (int)strlen(c->area);
	}
	printf("%-*s  %-8s  %-*s  %-22s  %s\n", w_id, "ID", "SEVERITY", w_area, "AREA", "IN FORCE", "TITLE");
	size_t n = 0;
	for (size_t i = 0; i < cl->n_checks; i++) {
		const struct cscs_check *c = cl->checks[i];
		if (!visible(a, c))
			continue;
		printf("%-*s  %-8s  %-*s  %-22s  %s\n", w_id, c->id, cscs_severity_name(c->severity), w_area,
		       c->area, cscs_check_period(c, period, sizeof(period)), c->title);
		n++;
	}
	printf("%zu checks\n", n);
	return CSCS_OK;
}

/* ---- show ------------------------------------------------------------- */

static void show_list(const char *key, char **v, size_t n)
{
	if (!n)
		return;
	printf("-- %s: ", key);
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? ", " : "", v[i]);
	printf("\n");
}

static void show_text(const char *key, const char *value)
{
	if (!value)
		return;
	/* a multi-line value (an applies query) continues on indented comment lines */
	printf("-- %s: ", key);
	for (const char *p = value; *p; p++) {
		if (*p == '\n')
			fputs("\n--   ", stdout);
		else
			fputc(*p, stdout);
	}
	printf("\n");
}

static void show_check(const struct cscs_check *c)
{
	char d[CSCS_DATE_ISO_LEN];
	printf("-- %s:%lu\n", c->file, c->line);
	show_text("check", c->id);
	show_text("area", c->area);
	show_text("severity", cscs_severity_name(c->severity));
	show_text("title", c->title);
	show_text("title.zh", c->title_zh);
	show_text("basis", c->basis);
	show_text("basis.zh", c->basis_zh);
	show_text("remedy", c->remedy);
	show_text("remedy.zh", c->remedy_zh);
	show_text("detail", c->detail);
	show_text("detail.zh", c->detail_zh);
	show_text("subject.zh", c->subject_zh);
	show_list("requires", c->requires, c->n_requires);
	show_text("applies", c->applies);
	if (c->has_from)
		show_text("effective_from", cscs_date_format(c->effective_from, d));
	if (c->has_to)
		show_text("effective_to", cscs_date_format(c->effective_to, d));
	show_text("version", c->version);
	for (size_t i = 0; i < c->n_params; i++)
		printf("-- param.%s: %s\n", c->param_names[i], c->param_values[i]);
	if (c->weight != 1.0)
		printf("-- weight: %g\n", c->weight);
	show_list("tags", c->tags, c->n_tags);
	if (c->cap)
		printf("-- cap: %c\n", c->cap);
	fputs(c->sql, stdout);
}

static enum cscs_error do_show(const struct cscs_ctx *ctx, const struct cl_args *a,
			       const struct cscs_checklist *cl)
{
	size_t n = 0;
	for (size_t i = 0; i < cl->n_checks; i++) {
		const struct cscs_check *c = cl->checks[i];
		/* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): 'show' requires an id */
		if (strcmp(c->id, a->id) != 0 || !visible(a, c))
			continue;
		if (n++)
			printf("\n");
		show_check(c);
	}
	if (n == 0) {
		if (a->as_of_set)
			fprintf(stderr, "%s: checklist: no version of check '%s' is in force on that date\n",
				ctx->prog, a->id);
		else
			fprintf(stderr, "%s: checklist: no check '%s' in the checklists read\n", ctx->prog,
				a->id);
		return CSCS_ERR_NOT_FOUND;
	}
	return CSCS_OK;
}

int cmd_checklist(struct cscs_ctx *ctx, int argc, char **argv)
{
	struct cl_args a = {0};
	int rc = parse_args(ctx, argc, argv, &a);
	if (rc != CSCS_EXIT_OK)
		return rc < 0 ? CSCS_EXIT_OK : rc;
	char shipped[4096];
	const char *shipped_list[1];
	if (a.n_paths == 0) {
		snprintf(shipped, sizeof(shipped), "%s/checklists", cscs_cli_datadir());
		shipped_list[0] = shipped;
		a.paths = shipped_list;
		a.n_paths = 1;
	}
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	dl.max_items = 500;
	struct cscs_checklist *cl = NULL;
	enum cscs_error err = cscs_checklist_create(&cl), load_err = CSCS_OK;
	if (!err) {
		/* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): parse_args sets the verb */
		cl->lint = strcmp(a.verb, "lint") == 0;
		for (size_t i = 0; i < a.n_paths; i++) {
			enum cscs_error e = cscs_checklist_load(cl, a.paths[i], &dl);
			if (e && !load_err)
				load_err = e;
		}
		if (strcmp(a.verb, "lint") == 0)
			err = do_lint(&a, cl, load_err, &dl);
		else if (load_err)
			err = load_err;
		else if (strcmp(a.verb, "list") == 0)
			err = do_list(&a, cl);
		else
			err = do_show(ctx, &a, cl);
	}
	cscs_cli_print_diags(ctx, &dl);
	cscs_diag_list_finish(&dl);
	cscs_checklist_destroy(cl);
	return err ? cscs_error_exit_code(err) : CSCS_EXIT_OK;
}
