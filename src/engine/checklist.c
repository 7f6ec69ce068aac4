/*
 * The checklist loader. A file is read line by line:
 *
 *   before the first `-- check:`   free comments only
 *   annotation block               `-- key: value` lines (a value continues on
 *                                  following `--` lines indented by two or more
 *                                  blanks), free comments, blank lines
 *   query                          every line up to the next `-- check:`
 *
 * Every check is then validated, its SQL prepared on an empty database
 * with the store's schema behind the same authorizer the evaluator uses,
 * so a file that lints clean cannot write, attach or load anything.
 */
#include "cscs/engine/checklist.h"

#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cscs/core/buf.h"
#include "cscs/core/fs.h"
#include "cscs/core/text.h"
#include "cscs/engine/sandbox.h"
#include "cscs/engine/wording.h"
#include "cscs/intake/records.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_ID_LEN 64

enum key {
	K_CHECK,
	K_AREA,
	K_SEVERITY,
	K_TITLE,
	K_TITLE_ZH,
	K_BASIS,
	K_BASIS_ZH,
	K_REMEDY,
	K_REMEDY_ZH,
	K_DETAIL,
	K_DETAIL_ZH,
	K_SUBJECT_ZH,
	K_REQUIRES,
	K_OPTIONAL,
	K_APPLIES,
	K_EFFECTIVE_FROM,
	K_EFFECTIVE_TO,
	K_WEIGHT,
	K_TAGS,
	K_CAP,
	K_VERSION,
	K_RULESET,
	K_REVIEWED,
	K_PHRASE,
	K_PHRASE_ZH,
	K_PARAM,
	K_COUNT_
};

static const struct {
	const char *name; /* as written in the file */
	bool required;    /* a check without it is refused */
} keys[K_COUNT_] = {
	[K_CHECK] = {"check", true},
	[K_AREA] = {"area", true},
	[K_SEVERITY] = {"severity", true},
	[K_TITLE] = {"title", true},
	[K_TITLE_ZH] = {"title.zh", false},
	[K_BASIS] = {"basis", true},
	[K_BASIS_ZH] = {"basis.zh", false},
	[K_REMEDY] = {"remedy", false},
	[K_REMEDY_ZH] = {"remedy.zh", false},
	[K_DETAIL] = {"detail", false},
	[K_DETAIL_ZH] = {"detail.zh", false},
	[K_SUBJECT_ZH] = {"subject.zh", false},
	[K_REQUIRES] = {"requires", false},
	[K_OPTIONAL] = {"optional", false},
	[K_APPLIES] = {"applies", false},
	[K_EFFECTIVE_FROM] = {"effective_from", false},
	[K_EFFECTIVE_TO] = {"effective_to", false},
	[K_WEIGHT] = {"weight", false},
	[K_TAGS] = {"tags", false},
	[K_CAP] = {"cap", false},
	[K_VERSION] = {"version", false},
	[K_RULESET] = {"ruleset", false},
	[K_REVIEWED] = {"reviewed", false},
	[K_PHRASE] = {"phrase", false},
	[K_PHRASE_ZH] = {"phrase.zh", false},
	[K_PARAM] = {"param.NAME", false},
};

/*
 * Whether a query builds its subject in English words: a string literal with
 * Latin letters between a SELECT and the `AS subject` after it (every shipped
 * check gives the subject first). Returns the line of that `AS subject`, or 0.
 * The subject stays the finding's identity between runs and for waivers; a
 * Chinese report shows it through `subject.zh`.
 */
static unsigned long worded_subject(const char *sql, unsigned long first_line)
{
	if (!sql)
		return 0;
	const char *select = NULL; /* the last SELECT outside quotes */
	bool latin_literal = false;
	unsigned long line = first_line;
	for (const char *p = sql; *p; p++) {
		if (*p == '\n') {
			line++;
		} else if (*p == '-' && p[1] == '-') {
			while (p[1] && p[1] != '\n')
				p++;
		} else if (*p == '\'') {
			int letters = 0, run = 0;
			for (p++; *p && !(*p == '\'' && p[1] != '\''); p++) {
				if (*p == '\'') /* '' inside a literal */
					p++;
				if (*p == '\n')
					line++;
				run = isalpha((unsigned char)*p) ? run + 1 : 0;
				if (run > letters)
					letters = run;
			}
			if (select && letters >= 2)
				latin_literal = true;
			if (!*p)
				break;
		} else if ((p == sql || !isalnum((unsigned char)p[-1])) && strncasecmp(p, "select", 6) == 0 &&
			   !isalnum((unsigned char)p[6]) && p[6] != '_') {
			select = p;
			latin_literal = false;
		} else if ((p == sql || isspace((unsigned char)p[-1])) && strncasecmp(p, "as", 2) == 0 &&
			   isspace((unsigned char)p[2])) {
			const char *q = p + 2;
			while (isspace((unsigned char)*q))
				q++;
			if (strncasecmp(q, "subject", 7) == 0 && !isalnum((unsigned char)q[7]) && q[7] != '_') {
				if (select && latin_literal)
					return line;
				select = NULL;
			}
		}
	}
	return 0;
}

/* The keys a rule version may give for itself (the others are shared by every version). */
static bool per_version(int k)
{
	return k == K_SEVERITY || k == K_TITLE || k == K_TITLE_ZH || k == K_BASIS || k == K_BASIS_ZH || k == K_REMEDY ||
	       k == K_REMEDY_ZH || k == K_DETAIL || k == K_DETAIL_ZH || k == K_EFFECTIVE_FROM || k == K_EFFECTIVE_TO || k == K_TAGS || k == K_PARAM;
}

struct param {
	char *name;          /* NAME of `param.NAME`, bound as :NAME */
	char *value;         /* as written */
	unsigned long line;  /* where it is given */
};

/* The annotations of a check before its first `-- version:`, or of one version. */
struct block {
	char *raw[K_COUNT_];               /* annotation values, as written */
	unsigned long key_line[K_COUNT_];  /* line of each annotation, 0 = not given */
	struct param *params;              /* param.NAME annotations */
	size_t n_params;                   /* entries in params */
	unsigned long line;                /* line of `-- version:` (0 for the shared block) */
};

enum state {
	S_HEADER, /* before the first check */
	S_ANNOT,  /* in a check's annotation block */
	S_SQL,    /* in a check's query */
	S_SKIP,   /* after an error that makes the rest up to the next check meaningless */
};

struct parser {
	struct cscs_checklist *cl;         /* where good checks go */
	const char *file;                  /* name for messages (owned by cl->files) */
	struct cscs_diag_list *dl;         /* messages */
	size_t n_errors;                   /* errors in this file */
	struct cscs_check **checks;        /* this file's checks, validated */
	size_t n_checks;                   /* entries in checks */
	size_t cap_checks;                 /* allocated entries */
	enum state state;                  /* where in the file we are */
	bool open;                         /* a check is being read */
	unsigned long check_line;          /* its `-- check:` line */
	struct block shared;               /* its annotations before any `-- version:` */
	struct block *versions;            /* its rule versions, in file order */
	size_t n_versions;                 /* entries in versions */
	int last_key;                      /* annotation a continuation line extends, or -1 */
	size_t last_param;                 /* with last_key K_PARAM: which param of the current block */
	struct cscs_buf sql;               /* its query */
	unsigned long sql_line;            /* line the query starts on */
	bool sql_has_text;                 /* the query holds more than blanks */
	bool has_ruleset;                  /* the file header names the rule set */
	bool has_phrases;                  /* the file header gives phrases */
};

static void perr(struct parser *p, unsigned long line, unsigned long col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static const char *check_name(const struct parser *p)
{
	return p->shared.raw[K_CHECK] ? p->shared.raw[K_CHECK] : "";
}

static void perr(struct parser *p, unsigned long line, unsigned long col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cscs_diag_addv(p->dl, CSCS_DIAG_ERROR, p->file, line, col, fmt, ap);
	va_end(ap);
	p->n_errors++;
}

static void pwarn(struct parser *p, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void pwarn(struct parser *p, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cscs_diag_addv(p->dl, CSCS_DIAG_WARNING, p->file, line, 0, fmt, ap);
	va_end(ap);
}

/* ---- checks ----------------------------------------------------------- */

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void check_free(struct cscs_check *c)
{
	if (!c)
		return;
	free(c->id);
	free(c->area);
	free(c->title);
	free(c->title_zh);
	free(c->basis);
	free(c->basis_zh);
	free(c->remedy);
	free(c->remedy_zh);
	free(c->detail);
	free(c->detail_zh);
	free(c->subject_zh);
	free_list(c->requires, c->n_requires);
	free_list(c->optional, c->n_optional);
	free(c->applies);
	free_list(c->tags, c->n_tags);
	free(c->sql);
	free(c->version);
	free_list(c->param_names, c->n_params);
	free_list(c->param_values, c->n_params);
	free(c);
}

static void block_clear(struct block *b)
{
	for (int k = 0; k < K_COUNT_; k++)
		free(b->raw[k]);
	for (size_t i = 0; i < b->n_params; i++) {
		free(b->params[i].name);
		free(b->params[i].value);
	}
	free(b->params);
	memset(b, 0, sizeof(*b));
}

/* The block annotations go to now: the last version, or the shared block before any. */
static struct block *current_block(struct parser *p)
{
	return p->n_versions ? &p->versions[p->n_versions - 1] : &p->shared;
}

bool cscs_check_in_force(const struct cscs_check *c, cscs_date as_of)
{
	return (!c->has_from || c->effective_from <= as_of) && (!c->has_to || as_of <= c->effective_to);
}

char *cscs_check_period(const struct cscs_check *c, char *buf, size_t len)
{
	char from[CSCS_DATE_ISO_LEN] = "", to[CSCS_DATE_ISO_LEN] = "";
	if (c->has_from)
		cscs_date_format(c->effective_from, from);
	if (c->has_to)
		cscs_date_format(c->effective_to, to);
	if (!c->has_from && !c->has_to)
		snprintf(buf, len, "always");
	else
		snprintf(buf, len, "%s..%s", from, to);
	return buf;
}

static bool periods_overlap(const struct cscs_check *a, const struct cscs_check *b)
{
	/* [from, to] with open ends: overlap unless one ends before the other starts */
	if (a->has_to && b->has_from && a->effective_to < b->effective_from)
		return false;
	if (b->has_to && a->has_from && b->effective_to < a->effective_from)
		return false;
	return true;
}

/* ---- small parsers ---------------------------------------------------- */

static bool valid_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > MAX_ID_LEN || !isalnum((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("-_.", s[i]))
			return false;
	return true;
}

static bool valid_area(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return false;
	return true;
}

/* Split a comma-separated list into trimmed, non-empty items; false when out of memory. */
static bool split_list(const char *s, char ***out, size_t *n, bool *empty_item)
{
	*out = NULL;
	*n = 0;
	*empty_item = false;
	const char *p = s;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char *item = malloc(len + 1);
		if (!item)
			return false;
		memcpy(item, p, len);
		item[len] = '\0';
		cscs_text_trim(item);
		if (*item) {
			char **more = realloc(*out, (*n + 1) * sizeof(*more));
			if (!more) {
				free(item);
				return false;
			}
			*out = more;
			(*out)[(*n)++] = item;
		} else {
			*empty_item = true;
			free(item);
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	return true;
}

/* Edit distance, for "did you mean" on a mistyped key. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 30 || lb > 30)
		return 99;
	size_t row[32];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

static int find_key(const char *name)
{
	if (strncasecmp(name, "param.", 6) == 0)
		return K_PARAM;
	for (int k = 0; k < K_PARAM; k++)
		if (cscs_text_ieq(keys[k].name, name))
			return k;
	return -1;
}

/* Line and column (in characters) of byte offset off within text that starts on line first. */
static void locate(const char *text, int off, unsigned long first, unsigned long *line, unsigned long *col)
{
	*line = first;
	*col = 0;
	if (off < 0)
		return;
	size_t len = strlen(text);
	size_t o = (size_t)off > len ? len : (size_t)off;
	size_t start = 0;
	for (size_t i = 0; i < o; i++) {
		if (text[i] == '\n') {
			(*line)++;
			start = i + 1;
		}
	}
	*col = (unsigned long)cscs_utf8_count(text + start, o - start) + 1;
}

/*
 * Byte offset of the first '*' that selects every column (SELECT *, t.*) in
 * sql, strings and comments skipped; -1 when there is none. count(*) and a
 * product a * b are not it: the token before such a '*' is '(' or a value.
 */
static int select_star(const char *sql)
{
	const char *prev = NULL; /* start of the previous token */
	size_t prev_len = 0;
	for (const char *q = sql; *q;) {
		if (q[0] == '-' && q[1] == '-') {
			q += strcspn(q, "\n");
			continue;
		}
		if (q[0] == '/' && q[1] == '*') {
			const char *end = strstr(q + 2, "*/");
			q = end ? end + 2 : q + strlen(q);
			continue;
		}
		if (isspace((unsigned char)*q)) {
			q++;
			continue;
		}
		const char *tok = q;
		if (*q == '\'' || *q == '"' || *q == '`' || *q == '[') {
			char close = *q == '[' ? ']' : *q;
			for (q++; *q && !(*q == close && q[1] != close); q += *q == close ? 2 : 1)
				;
			if (*q)
				q++;
		} else if (isalnum((unsigned char)*q) || *q == '_' || (unsigned char)*q >= 0x80) {
			while (isalnum((unsigned char)*q) || *q == '_' || (unsigned char)*q >= 0x80)
				q++;
		} else {
			if (*q == '*' && prev &&
			    ((prev_len == 1 && (*prev == ',' || *prev == '.')) ||
			     (prev_len == 6 && strncasecmp(prev, "select", 6) == 0) ||
			     (prev_len == 8 && strncasecmp(prev, "distinct", 8) == 0)))
				return (int)(q - sql);
			q++;
		}
		prev = tok;
		prev_len = (size_t)(q - tok);
	}
	return -1;
}

/* True when sql mentions 'now' as a string: the query would depend on the day it runs. */
static bool mentions_now(const char *sql)
{
	for (const char *p = sql; (p = strchr(p, '\'')) != NULL; p++) {
		if (strncasecmp(p + 1, "now", 3) == 0 && p[4] == '\'')
			return true;
	}
	return false;
}

/* ---- validation ------------------------------------------------------- */

static bool valid_requirement(const char *name)
{
	return cscs_record_type_find(name) != NULL || cscs_sandbox_is_screen_table(name);
}

static bool has_column(sqlite3_stmt *st, const char *name)
{
	for (int i = 0; i < sqlite3_column_count(st); i++)
		if (cscs_text_ieq(sqlite3_column_name(st, i), name))
			return true;
	return false;
}

static bool lists(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (cscs_text_ieq(v[i], s))
			return true;
	return false;
}

/* Prepare one query of check c on the schema; report problems at the query's position. */
static void validate_sql(struct parser *p, struct cscs_check *c, const char *what, const char *sql,
			 unsigned long first_line, bool main_query, bool first_version)
{
	if (mentions_now(sql)) {
		perr(p, first_line, 0,
		     "check '%s': the %s uses 'now', which changes with the day it runs; compare with :as_of",
		     c->id, what);
		return;
	}
	struct cscs_sandbox *sb = p->cl->schema;
	sqlite3_stmt *st = NULL;
	char *why = NULL;
	int off = -1;
	enum cscs_error err = cscs_sandbox_prepare_params(sb, sql, (const char *const *)c->param_names,
							  c->n_params, &st, &why, &off);
	if (err) {
		unsigned long line, col;
		locate(sql, off, first_line, &line, &col);
		if (c->version)
			perr(p, line, col, "check '%s' (version '%s' of line %lu): the %s does not prepare: %s",
			     c->id, c->version, c->version_line, what, why ? why : "out of memory");
		else
			perr(p, line, col, "check '%s': the %s does not prepare: %s", c->id, what,
			     why ? why : "out of memory");
		free(why);
		return;
	}
	if (main_query) {
		const char *tpl[3] = {c->detail, c->detail_zh, c->subject_zh};
		unsigned long tpl_line[3] = {c->detail_line, c->detail_zh_line, c->subject_zh_line};
		static const char *const tpl_name[3] = {"detail", "detail.zh", "subject.zh"};
		for (int t = 0; t < 3; t++) {
			char bad[80];
			const char *why_bad = cscs_wording_check(tpl[t], st, &p->cl->phrases, bad, sizeof(bad));
			if (why_bad)
				perr(p, tpl_line[t], 0, "check '%s': %s '%s' in its %s template", c->id, why_bad,
				     bad, tpl_name[t]);
		}
	}
	if (main_query && p->cl->lint && first_version) {
		int star = select_star(sql);
		if (star >= 0) {
			unsigned long line, col;
			locate(sql, star, first_line, &line, &col);
			pwarn(p, line, "check '%s': '*' reads every column of what it selects from, so an unknown "
			      "value in a column the check does not use (an amount written 见附件, say) makes it "
			      "insufficient_data; name the columns it uses", c->id);
		}
		if (!has_column(st, "subject"))
			pwarn(p, first_line, "check '%s': the query returns no 'subject' column, so its "
			      "findings cannot be told apart between runs", c->id);
		/* the tables the authorizer saw the statement read, not a text search */
		size_t n;
		const char *const *tables = cscs_sandbox_tables_read(sb, &n);
		for (size_t i = 0; i < n; i++) {
			if (!cscs_record_type_find(tables[i]) || lists(c->requires, c->n_requires, tables[i]) ||
			    lists(c->optional, c->n_optional, tables[i]))
				continue;
			perr(p, first_line, 0, "check '%s' reads '%s' but neither 'requires' nor 'optional' "
			     "lists it; with no %s records it would pass instead of reporting insufficient_data "
			     "(list it in 'requires', or in 'optional' when no row is itself the finding or the "
			     "table only adds detail)", c->id, tables[i], tables[i]);
		}
	}
	sqlite3_finalize(st);
}

/* A check's value for key k: the version's own, else the shared one (copied), or NULL. */
static char *take(struct parser *p, const struct block *v, enum key k, unsigned long *line)
{
	const struct block *b = v && v->raw[k] ? v : &p->shared;
	*line = b->key_line[k];
	if (!b->raw[k])
		return NULL;
	char *copy = strdup(b->raw[k]);
	if (!copy)
		perr(p, b->key_line[k], 0, "out of memory");
	return copy;
}

/* Set c's parameters: the shared param.NAME annotations, overridden by the version's. */
static bool take_params(struct parser *p, const struct block *v, struct cscs_check *c)
{
	size_t most = p->shared.n_params + (v ? v->n_params : 0);
	if (most == 0)
		return true;
	c->param_names = calloc(most, sizeof(char *));
	c->param_values = calloc(most, sizeof(char *));
	if (!c->param_names || !c->param_values)
		return false;
	const struct block *blocks[2] = {&p->shared, v};
	for (size_t b = 0; b < 2; b++) {
		for (size_t i = 0; blocks[b] && i < blocks[b]->n_params; i++) {
			const struct param *pa = &blocks[b]->params[i];
			size_t j = 0;
			while (j < c->n_params && strcmp(c->param_names[j], pa->name) != 0)
				j++;
			char *value = strdup(pa->value);
			if (!value)
				return false;
			if (j == c->n_params) {
				c->param_names[j] = strdup(pa->name);
				c->n_params++;
				if (!c->param_names[j]) {
					free(value);
					return false;
				}
			}
			free(c->param_values[j]);
			c->param_values[j] = value;
		}
	}
	return true;
}

/* True when sql uses the parameter :name. */
static bool uses_param(const char *sql, const char *name)
{
	size_t n = strlen(name);
	for (const char *s = sql; s && (s = strchr(s, ':')) != NULL; s++)
		if (strncmp(s + 1, name, n) == 0 && !isalnum((unsigned char)s[1 + n]) && s[1 + n] != '_')
			return true;
	return false;
}

/*
 * Build one check from the shared annotations and version v (NULL for a
 * check without versions), validate it and add it to p->checks.
 */
static void build_check(struct parser *p, const struct block *v, bool first)
{
	size_t errors_before = p->n_errors;
	unsigned long at = v ? v->line : p->check_line;
	unsigned long kl;
	struct cscs_check *c = calloc(1, sizeof(*c));
	if (!c) {
		perr(p, at, 0, "out of memory");
		return;
	}
	c->file = p->file;
	c->phrases = &p->cl->phrases;
	c->line = p->check_line;
	c->version_line = v ? v->line : 0;
	c->weight = 1.0;
	c->id = take(p, NULL, K_CHECK, &kl);
	const char *id = c->id ? c->id : "";
	if (v) {
		c->version = strdup(v->raw[K_VERSION]);
		if (!c->version)
			perr(p, at, 0, "out of memory");
	}
	for (int k = 0; k < K_COUNT_; k++) {
		if (!keys[k].required || k == K_CHECK || p->shared.raw[k] || (v && v->raw[k]))
			continue;
		if (v && per_version(k))
			perr(p, at, 0, "version '%s' of check '%s' has no '%s' annotation (give it in the "
			     "version, or once before the first version)", v->raw[K_VERSION], id, keys[k].name);
		else
			perr(p, p->check_line, 0, "check '%s' has no '%s' annotation", id, keys[k].name);
	}
	if (!p->sql_has_text && first)
		perr(p, p->check_line, 0, "check '%s' has no query", id);

	c->area = take(p, v, K_AREA, &kl);
	if (c->area && !valid_area(c->area) && first)
		perr(p, kl, 0, "check '%s': area '%s' may hold only letters, digits, '_' and '-'", id, c->area);
	char *sev = take(p, v, K_SEVERITY, &kl);
	if (sev && !cscs_severity_parse(sev, &c->severity))
		perr(p, kl, 0, "check '%s': severity '%s' is not one of critical, high, medium, low, info", id,
		     sev);
	free(sev);
	c->title = take(p, v, K_TITLE, &kl);
	c->title_zh = take(p, v, K_TITLE_ZH, &kl);
	c->basis = take(p, v, K_BASIS, &kl);
	unsigned long basis_line = kl;
	c->basis_zh = take(p, v, K_BASIS_ZH, &kl);
	unsigned long basis_zh_line = kl;
	c->remedy = take(p, v, K_REMEDY, &kl);
	c->remedy_zh = take(p, v, K_REMEDY_ZH, &kl);
	c->detail = take(p, v, K_DETAIL, &c->detail_line);
	c->detail_zh = take(p, v, K_DETAIL_ZH, &c->detail_zh_line);
	c->subject_zh = take(p, v, K_SUBJECT_ZH, &c->subject_zh_line);

	char *req = take(p, v, K_REQUIRES, &kl);
	if (req) {
		bool empty_item;
		if (!split_list(req, &c->requires, &c->n_requires, &empty_item)) {
			perr(p, kl, 0, "out of memory");
		} else if (first) {
			if (empty_item || c->n_requires == 0)
				perr(p, kl, 0, "check '%s': requires has an empty item: '%s'", id, req);
			for (size_t i = 0; i < c->n_requires; i++)
				if (!valid_requirement(c->requires[i]))
					perr(p, kl, 0, "check '%s': requires '%s', which is not a record type "
					     "(see docs/records.md)", id, c->requires[i]);
		}
		free(req);
	}
	char *opt = take(p, v, K_OPTIONAL, &kl);
	if (opt) {
		bool empty_item;
		if (!split_list(opt, &c->optional, &c->n_optional, &empty_item)) {
			perr(p, kl, 0, "out of memory");
		} else if (first) {
			if (empty_item || c->n_optional == 0)
				perr(p, kl, 0, "check '%s': optional has an empty item: '%s'", id, opt);
			for (size_t i = 0; i < c->n_optional; i++)
				if (!valid_requirement(c->optional[i]))
					perr(p, kl, 0, "check '%s': optional '%s', which is not a record type "
					     "(see docs/records.md)", id, c->optional[i]);
		}
		free(opt);
	}
	c->applies = take(p, v, K_APPLIES, &c->applies_line);

	unsigned long from_line, to_line;
	char *from = take(p, v, K_EFFECTIVE_FROM, &from_line), *to = take(p, v, K_EFFECTIVE_TO, &to_line);
	if (from) {
		c->has_from = cscs_date_parse_iso(from, &c->effective_from);
		if (!c->has_from)
			perr(p, from_line, 0, "check '%s': effective_from '%s' is not a date (YYYY-MM-DD)", id,
			     from);
	}
	if (to) {
		c->has_to = cscs_date_parse_iso(to, &c->effective_to);
		if (!c->has_to)
			perr(p, to_line, 0, "check '%s': effective_to '%s' is not a date (YYYY-MM-DD)", id, to);
	}
	if (c->has_from && c->has_to && c->effective_from > c->effective_to)
		perr(p, to_line, 0, "check '%s': effective_to %s is before effective_from %s", id, to, from);
	free(from);
	free(to);

	char *weight = take(p, v, K_WEIGHT, &kl);
	if (weight) {
		char *end;
		double w = strtod(weight, &end);
		if (end == weight || *end || !isfinite(w) || w < 0 || w > 100) {
			if (first)
				perr(p, kl, 0, "check '%s': weight '%s' is not a number from 0 to 100", id,
				     weight);
		} else {
			c->weight = w;
		}
		free(weight);
	}
	char *tags = take(p, v, K_TAGS, &kl);
	if (tags) {
		bool empty_item;
		if (!split_list(tags, &c->tags, &c->n_tags, &empty_item))
			perr(p, kl, 0, "out of memory");
		free(tags);
	}
	char *cap = take(p, v, K_CAP, &kl);
	if (cap) {
		char g = (char)toupper((unsigned char)cap[0]);
		if (cap[0] && !cap[1] && g >= 'A' && g <= 'D')
			c->cap = g;
		else if (first)
			perr(p, kl, 0, "check '%s': cap '%s' is not a grade (A, B, C or D)", id, cap);
		free(cap);
	}
	if (!take_params(p, v, c))
		perr(p, at, 0, "out of memory");
	if (p->sql_has_text) {
		c->sql = strdup(cscs_buf_str(&p->sql));
		if (!c->sql)
			perr(p, p->check_line, 0, "out of memory");
	}
	c->sql_line = p->sql_line;

	/* SQL last: a check whose annotations are wrong is reported without SQLite noise. */
	if (p->n_errors == errors_before && c->sql) {
		if (c->applies)
			validate_sql(p, c, "applies query", c->applies, c->applies_line, false, first);
		validate_sql(p, c, "query", c->sql, c->sql_line, true, first);
		for (size_t i = 0; p->cl->lint && i < c->n_params; i++)
			if (!uses_param(c->sql, c->param_names[i]) && !uses_param(c->applies, c->param_names[i]))
				pwarn(p, at, "check '%s': param.%s is given but no query uses :%s", id,
				      c->param_names[i], c->param_names[i]);
	}
	if (p->cl->lint && first) {
		/* every display text in both languages: a Chinese report must not fall back to English */
		if (!c->title_zh)
			perr(p, at, 0, "check '%s' has no 'title.zh': give every check its Chinese wording", id);
		if (c->remedy && !c->remedy_zh)
			perr(p, at, 0, "check '%s' has 'remedy' but no 'remedy.zh'", id);
		if (c->detail && !c->detail_zh)
			perr(p, c->detail_line, 0, "check '%s' has 'detail' but no 'detail.zh'", id);
		if (c->detail_zh && !c->detail)
			perr(p, c->detail_zh_line, 0, "check '%s' has 'detail.zh' but no 'detail'", id);
		unsigned long worded = worded_subject(c->sql, c->sql_line);
		if (worded && !c->subject_zh)
			perr(p, worded, 0, "check '%s' words its subject in English: give 'subject.zh', the "
			     "subject as a Chinese report shows it", id);
	}
	if (p->cl->lint) {
		/* the basis of every version in Chinese, given beside its English: a version
		 * with its own basis but the shared basis.zh would cite another rule in Chinese */
		const char *ver = c->version ? c->version : "";
		if (!c->basis_zh)
			perr(p, basis_line ? basis_line : at, 0,
			     "check '%s'%s%s%s has no 'basis.zh': give the basis in Chinese too", id,
			     *ver ? " (version '" : "", ver, *ver ? "')" : "");
		else if (v && v->raw[K_BASIS] && !v->raw[K_BASIS_ZH])
			perr(p, basis_line, 0,
			     "check '%s' (version '%s') gives its own 'basis' but not its own 'basis.zh'", id, ver);
		else if (v && v->raw[K_BASIS_ZH] && !v->raw[K_BASIS])
			perr(p, basis_zh_line, 0,
			     "check '%s' (version '%s') gives its own 'basis.zh' but not its own 'basis'", id, ver);
	}
	if (p->n_errors == errors_before && c->sql) {
		if (p->n_checks == p->cap_checks) {
			size_t cap_n = p->cap_checks ? p->cap_checks * 2 : 8;
			struct cscs_check **more = realloc(p->checks, cap_n * sizeof(*more));
			if (!more) {
				perr(p, at, 0, "out of memory");
				check_free(c);
				return;
			}
			p->checks = more;
			p->cap_checks = cap_n;
		}
		p->checks[p->n_checks++] = c;
		return;
	}
	check_free(c);
}

/* Turn the annotations and query read into one check per rule version, or report why not. */
static void finish_check(struct parser *p)
{
	if (!p->open)
		return;
	p->open = false;
	if (p->n_versions) {
		for (int k = K_EFFECTIVE_FROM; k <= K_EFFECTIVE_TO; k++)
			if (p->shared.raw[k])
				perr(p, p->shared.key_line[k], 0, "check '%s': '%s' goes in each version, "
				     "not before the first '-- version:' line", p->shared.raw[K_CHECK]
				     ? p->shared.raw[K_CHECK] : "", keys[k].name);
	}
	if (p->n_versions == 0)
		build_check(p, NULL, true);
	for (size_t i = 0; i < p->n_versions; i++)
		build_check(p, &p->versions[i], i == 0);
	block_clear(&p->shared);
	for (size_t i = 0; i < p->n_versions; i++)
		block_clear(&p->versions[i]);
	free(p->versions);
	p->versions = NULL;
	p->n_versions = 0;
	cscs_buf_finish(&p->sql);
	p->sql_has_text = false;
	p->sql_line = 0;
	p->last_key = -1;
}

/* ---- lines ------------------------------------------------------------ */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void start_check(struct parser *p, unsigned long line, const char *value)
{
	finish_check(p);
	p->open = true;
	p->check_line = line;
	p->state = S_ANNOT;
	p->shared.raw[K_CHECK] = strdup(value);
	p->shared.key_line[K_CHECK] = line;
	p->last_key = -1;
	if (!p->shared.raw[K_CHECK])
		perr(p, line, 0, "out of memory");
	else if (!valid_id(value))
		perr(p, line, 0, "check id '%s' may hold only letters, digits, '-', '_' and '.' "
		     "(at most %d, starting with a letter or digit)", value, MAX_ID_LEN);
}

/* `-- ruleset: VERSION` or `-- reviewed: DATE` in a file header: the library's version and review date. */
static void ruleset_annotation(struct parser *p, int key, unsigned long line, const char *value)
{
	struct cscs_checklist *cl = p->cl;
	p->has_ruleset = true;
	if (!*value) {
		perr(p, line, 1, "'%s' has no value", keys[key].name);
		return;
	}
	if (key == K_REVIEWED) {
		cscs_date d;
		if (!cscs_date_parse_iso(value, &d)) {
			perr(p, line, 1, "reviewed '%s' is not a date (YYYY-MM-DD)", value);
		} else if (cl->has_reviewed && cl->reviewed_on != d) {
			perr(p, line, 1, "reviewed %s differs from the date given before", value);
		} else {
			cl->has_reviewed = true;
			cl->reviewed_on = d;
		}
		return;
	}
	if (cl->ruleset && strcmp(cl->ruleset, value) != 0) {
		perr(p, line, 1, "ruleset '%s' differs from '%s' given before", value, cl->ruleset);
		return;
	}
	if (!cl->ruleset && !(cl->ruleset = strdup(value)))
		perr(p, line, 0, "out of memory");
}

/* `-- phrase: TABLE.KEY = words` (zh: `-- phrase.zh:`) in a file header: words for {column:TABLE}. */
static void phrase_annotation(struct parser *p, bool zh, unsigned long line, const char *value)
{
	const char *name = zh ? "phrase.zh" : "phrase";
	p->has_phrases = true;
	const char *eq = strchr(value, '=');
	const char *dot = eq ? memchr(value, '.', (size_t)(eq - value)) : NULL;
	if (!dot) {
		perr(p, line, 1, "'%s' is written 'TABLE.VALUE = words' (for example "
		     "'list_name.serious_illegal = ...'), not '%s'", name, value);
		return;
	}
	size_t tlen = (size_t)(dot - value);
	bool ok = tlen > 0 && tlen < 40 && islower((unsigned char)value[0]);
	for (size_t i = 0; ok && i < tlen; i++)
		ok = islower((unsigned char)value[i]) || isdigit((unsigned char)value[i]) || value[i] == '_';
	char *table = strndup(value, tlen);
	char *key = strndup(dot + 1, (size_t)(eq - dot - 1));
	char *text = strdup(eq + 1);
	if (!table || !key || !text) {
		perr(p, line, 0, "out of memory");
		goto out;
	}
	cscs_text_trim(key);
	cscs_text_trim(text);
	if (!ok)
		perr(p, line, 1, "'%s': a phrase table's name is lower-case letters, digits and '_', "
		     "starting with a letter, not '%s'", name, table);
	else if (!*key || !*text)
		perr(p, line, 1, "'%s' %s.%s: the %s is empty", name, table, key, *key ? "wording" : "value");
	if (p->n_errors && (!ok || !*key || !*text))
		goto out;
	unsigned long first = 0;
	enum cscs_error err;
	const char *why = cscs_phrases_add(&p->cl->phrases, table, key, zh, text, p->file, line, &first, &err);
	if (why && err)
		perr(p, line, 0, "out of memory");
	else if (why)
		perr(p, line, 1, "'%s' %s.%s is given twice (first on line %lu)", name, table, key, first);
out:
	free(table);
	free(key);
	free(text);
}

/* Every phrase this file gave is worded in both languages. */
static void check_phrases(struct parser *p)
{
	const struct cscs_phrases *ph = &p->cl->phrases;
	for (size_t i = 0; i < ph->n; i++) {
		const struct cscs_phrase *e = &ph->v[i];
		for (int l = 0; l < 2; l++)
			if (e->file[l] == p->file && !e->text[!l])
				perr(p, e->line[l], 1, "phrase %s.%s has no %s wording (add '-- %s: %s.%s = ...')",
				     e->table, e->key, l ? "English" : "Chinese", l ? "phrase" : "phrase.zh",
				     e->table, e->key);
	}
}

/* `-- version: LABEL`: the annotations that follow, up to the next version, are this version's. */
static void start_version(struct parser *p, unsigned long line, const char *label)
{
	p->last_key = -1;
	for (size_t i = 0; i < p->n_versions; i++)
		if (strcmp(p->versions[i].raw[K_VERSION], label) == 0) {
			perr(p, line, 1, "check '%s': version '%s' is given twice (first on line %lu)",
			     check_name(p), label, p->versions[i].line);
			break;
		}
	struct block *more = realloc(p->versions, (p->n_versions + 1) * sizeof(*more));
	if (!more) {
		perr(p, line, 0, "out of memory");
		return;
	}
	p->versions = more;
	struct block *b = &p->versions[p->n_versions];
	memset(b, 0, sizeof(*b));
	b->line = line;
	b->key_line[K_VERSION] = line;
	b->raw[K_VERSION] = strdup(label);
	if (!b->raw[K_VERSION]) {
		perr(p, line, 0, "out of memory");
		return;
	}
	p->n_versions++;
}

/* `-- param.NAME: value` of block b. */
static void add_param(struct parser *p, struct block *b, unsigned long line, const char *name, const char *value)
{
	bool ok = *name && (islower((unsigned char)*name) || *name == '_');
	for (const char *c = name; ok && *c; c++)
		ok = islower((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '_';
	if (!ok || strcmp(name, "as_of") == 0) {
		perr(p, line, 1, "check '%s': 'param.%s': a parameter name is lower-case letters, digits "
		     "and '_', starting with a letter, and not as_of", check_name(p), name);
		return;
	}
	for (size_t i = 0; i < b->n_params; i++)
		if (strcmp(b->params[i].name, name) == 0) {
			perr(p, line, 1, "check '%s': duplicate annotation 'param.%s' (first on line %lu)",
			     check_name(p), name, b->params[i].line);
			return;
		}
	struct param *more = realloc(b->params, (b->n_params + 1) * sizeof(*more));
	if (!more) {
		perr(p, line, 0, "out of memory");
		return;
	}
	b->params = more;
	struct param *pa = &b->params[b->n_params];
	pa->name = strdup(name);
	pa->value = strdup(value);
	pa->line = line;
	if (!pa->name || !pa->value) {
		free(pa->name);
		free(pa->value);
		perr(p, line, 0, "out of memory");
		return;
	}
	p->last_param = b->n_params++;
	p->last_key = K_PARAM;
}

static void append_sql(struct parser *p, const char *s, size_t len)
{
	cscs_buf_add(&p->sql, s, len);
	cscs_buf_addc(&p->sql, '\n');
}

/* s: one line without its end-of-line (len bytes, NUL-terminated copy). */
static void parse_line(struct parser *p, char *s, size_t len, unsigned long line)
{
	const char *t = s;
	while (is_blank(*t))
		t++;
	bool comment = t[0] == '-' && t[1] == '-';
	bool blank = *t == '\0';

	if (comment) {
		const char *c = t + 2;
		size_t indent = 0;
		while (is_blank(c[indent]))
			indent++;
		const char *k = c + indent;
		size_t klen = 0;
		while (isalnum((unsigned char)k[klen]) || k[klen] == '_' || k[klen] == '.')
			klen++;
		const char *after = k + klen;
		while (is_blank(*after))
			after++;
		/* `word:` starts an annotation; `http://` does not */
		bool key_like = klen > 0 && klen < 40 && isalpha((unsigned char)k[0]) && after[0] == ':' &&
				after[1] != '/';
		char name[40] = "";
		if (key_like) {
			memcpy(name, k, klen);
			name[klen] = '\0';
		}
		int key = key_like ? find_key(name) : -1;
		/* s is our own copy and is not used as SQL once it is an annotation */
		char *value = (char *)after + 1;
		if (key >= 0)
			cscs_text_trim(value);

		if (key == K_CHECK) {
			start_check(p, line, value);
			return;
		}
		if (key == K_RULESET || key == K_REVIEWED || key == K_PHRASE || key == K_PHRASE_ZH) {
			if (p->state != S_HEADER)
				perr(p, line, 1, "'%s' describes the whole library and goes in a file header, "
				     "before the first '-- check:' line", keys[key].name);
			else if (key == K_PHRASE || key == K_PHRASE_ZH)
				phrase_annotation(p, key == K_PHRASE_ZH, line, value);
			else
				ruleset_annotation(p, key, line, value);
			return;
		}
		if (key >= 0) {
			switch (p->state) {
			case S_HEADER:
				perr(p, line, 1, "annotation '%s' comes before the first '-- check:' line",
				     keys[key].name);
				return;
			case S_SQL:
				perr(p, line, 1, "annotation '%s' inside the query of check '%s'; "
				     "annotations go before the query", keys[key].name,
				     check_name(p));
				return;
			case S_SKIP:
				return;
			case S_ANNOT:
				break;
			}
			if (!*value) {
				perr(p, line, 1, "check '%s': annotation '%s' has no value", check_name(p),
				     key == K_PARAM ? name : keys[key].name);
				return;
			}
			if (key == K_VERSION) {
				start_version(p, line, value);
				return;
			}
			struct block *b = current_block(p);
			if (p->n_versions && !per_version(key)) {
				perr(p, line, 1, "check '%s': '%s' is shared by every version and goes before "
				     "the first '-- version:' line", check_name(p), keys[key].name);
				return;
			}
			if (key == K_PARAM) {
				add_param(p, b, line, name + 6, value);
				return;
			}
			if (b->key_line[key]) {
				perr(p, line, 1, "check '%s': duplicate annotation '%s' (first on line %lu)",
				     check_name(p), keys[key].name, b->key_line[key]);
				return;
			}
			b->raw[key] = strdup(value);
			b->key_line[key] = line;
			p->last_key = key;
			if (!b->raw[key])
				perr(p, line, 0, "out of memory");
			return;
		}
		switch (p->state) {
		case S_HEADER:
		case S_SKIP:
			return;
		case S_SQL:
			append_sql(p, s, len);
			return;
		case S_ANNOT:
			break;
		}
		if (indent >= 2 && p->last_key >= 0 && *k) {
			/* a continuation: SQL keeps its line breaks, text joins with a space */
			struct block *blk = current_block(p);
			char **slot = p->last_key == K_PARAM ? &blk->params[p->last_param].value
							     : &blk->raw[p->last_key];
			struct cscs_buf b = CSCS_BUF_INIT;
			cscs_buf_adds(&b, *slot);
			cscs_buf_addc(&b, p->last_key == K_APPLIES ? '\n' : ' ');
			char *more = strdup(k);
			if (more) {
				cscs_text_trim(more);
				cscs_buf_adds(&b, more);
				free(more);
			}
			char *joined = cscs_buf_detach(&b);
			if (!joined) {
				perr(p, line, 0, "out of memory");
				return;
			}
			free(*slot);
			*slot = joined;
			return;
		}
		p->last_key = -1;
		/* `-- word: ...` in lower case looks like an annotation: a typo must not pass silently */
		bool lower = key_like;
		for (size_t i = 0; i < klen && lower; i++)
			lower = !isupper((unsigned char)k[i]);
		if (lower) {
			const char *hint = NULL;
			for (int j = 0; j < K_COUNT_ && !hint; j++)
				if (distance(name, keys[j].name) <= 2)
					hint = keys[j].name;
			if (hint)
				perr(p, line, (unsigned long)(k - s) + 1,
				     "unknown annotation '%s' (did you mean '%s'?)", name, hint);
			else
				perr(p, line, (unsigned long)(k - s) + 1, "unknown annotation '%s'", name);
		}
		return;
	}
	if (blank) {
		if (p->state == S_ANNOT)
			p->last_key = -1;
		else if (p->state == S_SQL)
			append_sql(p, s, len);
		return;
	}
	switch (p->state) {
	case S_HEADER:
		perr(p, line, (unsigned long)(t - s) + 1, "SQL before the first '-- check:' line");
		p->state = S_SKIP;
		return;
	case S_SKIP:
		return;
	case S_ANNOT:
		p->state = S_SQL;
		p->sql_line = line;
		/* fall through */
	case S_SQL:
		p->sql_has_text = true;
		append_sql(p, s, len);
		return;
	}
}

/* ---- files ------------------------------------------------------------ */

static enum cscs_error add_file_name(struct cscs_checklist *cl, const char *name, const char **stored)
{
	if (cl->n_files == cl->cap_files) {
		size_t cap = cl->cap_files ? cl->cap_files * 2 : 8;
		char **more = realloc(cl->files, cap * sizeof(*more));
		if (!more)
			return CSCS_ERR_NOMEM;
		cl->files = more;
		cl->cap_files = cap;
	}
	char *copy = strdup(name);
	if (!copy)
		return CSCS_ERR_NOMEM;
	cl->files[cl->n_files++] = copy;
	*stored = copy;
	return CSCS_OK;
}

/* The line a version of a check starts on: its `-- version:`, else its `-- check:`. */
static unsigned long version_line(const struct cscs_check *c)
{
	return c->version_line ? c->version_line : c->line;
}

static void check_duplicates(struct parser *p)
{
	for (size_t i = 0; i < p->n_checks; i++) {
		struct cscs_check *c = p->checks[i];
		const struct cscs_check *clash = NULL;
		for (size_t j = 0; j < p->cl->n_checks && !clash; j++)
			if (strcmp(p->cl->checks[j]->id, c->id) == 0 && periods_overlap(p->cl->checks[j], c))
				clash = p->cl->checks[j];
		for (size_t j = 0; j < i && !clash; j++)
			if (strcmp(p->checks[j]->id, c->id) == 0 && periods_overlap(p->checks[j], c))
				clash = p->checks[j];
		if (clash) {
			char a[32], b[32];
			perr(p, version_line(c), 0, "check '%s' (in force %s) is already defined at %s:%lu "
			     "for an overlapping period (%s); give the versions effective_from/effective_to "
			     "dates that do not overlap", c->id, cscs_check_period(c, a, sizeof(a)),
			     clash->file, version_line(clash), cscs_check_period(clash, b, sizeof(b)));
		}
	}
}

enum cscs_error cscs_checklist_load_text(struct cscs_checklist *cl, const char *name, const char *text,
					 size_t len, struct cscs_diag_list *dl)
{
	enum cscs_error err;
	if (!cl->schema && (err = cscs_sandbox_open_schema(&cl->schema, dl)))
		return err;
	const char *file;
	if ((err = add_file_name(cl, name, &file)))
		return err;
	struct parser p = {.cl = cl, .file = file, .dl = dl, .state = S_HEADER, .last_key = -1};

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	size_t bad = 0;
	if (memchr(text, '\0', len) || !cscs_utf8_valid(text, len, &bad)) {
		const char *nul = memchr(text, '\0', len);
		size_t at = nul ? (size_t)(nul - text) : bad;
		unsigned long line = 1, col;
		size_t start = 0;
		for (size_t i = 0; i < at; i++)
			if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n'))) {
				line++;
				start = i + 1;
			}
		col = (unsigned long)cscs_utf8_count(text + start, at - start) + 1;
		perr(&p, line, col, nul ? "the file holds a NUL byte" : "the file is not UTF-8 text");
		return CSCS_ERR_CHECKLIST;
	}
	unsigned long line = 0;
	for (size_t pos = 0; pos < len;) {
		/* Lines end in LF, CRLF or a lone CR (an old Mac editor's): never one line of the whole file. */
		size_t end = pos;
		while (end < len && text[end] != '\n' && text[end] != '\r')
			end++;
		size_t l = end - pos;
		char *copy = malloc(l + 1);
		if (!copy) {
			err = CSCS_ERR_NOMEM;
			goto out;
		}
		memcpy(copy, text + pos, l);
		copy[l] = '\0';
		parse_line(&p, copy, l, ++line);
		free(copy);
		pos = end < len && text[end] == '\r' && end + 1 < len && text[end + 1] == '\n' ? end + 2 : end + 1;
	}
	finish_check(&p);
	check_phrases(&p);
	if (p.n_checks == 0 && p.n_errors == 0 && !p.has_ruleset && !p.has_phrases)
		perr(&p, 0, 0, "no check in this file (a check starts with a '-- check: ID' line)");
	check_duplicates(&p);
	if (p.n_errors) {
		err = CSCS_ERR_CHECKLIST;
		goto out;
	}
	for (size_t i = 0; i < p.n_checks; i++) {
		if (cl->n_checks == cl->cap_checks) {
			size_t cap = cl->cap_checks ? cl->cap_checks * 2 : 32;
			struct cscs_check **more = realloc(cl->checks, cap * sizeof(*more));
			if (!more) {
				/* keep what was moved; the rest is freed below */
				for (size_t j = i; j < p.n_checks; j++)
					check_free(p.checks[j]);
				p.n_checks = 0;
				err = CSCS_ERR_NOMEM;
				goto out;
			}
			cl->checks = more;
			cl->cap_checks = cap;
		}
		cl->checks[cl->n_checks++] = p.checks[i];
	}
	p.n_checks = 0;
	err = CSCS_OK;
out:
	for (size_t i = 0; i < p.n_checks; i++)
		check_free(p.checks[i]);
	free(p.checks);
	block_clear(&p.shared);
	for (size_t i = 0; i < p.n_versions; i++)
		block_clear(&p.versions[i]);
	free(p.versions);
	cscs_buf_finish(&p.sql);
	return err;
}

static bool already_loaded(const struct cscs_checklist *cl, const char *path)
{
	for (size_t i = 0; i < cl->n_files; i++)
		if (strcmp(cl->files[i], path) == 0 || cscs_fs_same_file(cl->files[i], path))
			return true;
	return false;
}

static enum cscs_error load_file(struct cscs_checklist *cl, const char *path, struct cscs_diag_list *dl)
{
	if (already_loaded(cl, path))
		return CSCS_OK;
	char *text = NULL;
	size_t len = 0;
	enum cscs_error err = cscs_fs_read_all(path, CSCS_CHECKLIST_MAX_BYTES, &text, &len, dl);
	if (err)
		return err == CSCS_ERR_INPUT ? CSCS_ERR_CHECKLIST : err;
	if (len > CSCS_CHECKLIST_MAX_TOTAL - cl->bytes) {
		cscs_diag_error(dl, path, 0, 0, "the checklist files given hold more than %u MiB together, "
				"the most one run reads", CSCS_CHECKLIST_MAX_TOTAL / (1024 * 1024));
		free(text);
		return CSCS_ERR_CHECKLIST;
	}
	cl->bytes += len;
	err = cscs_checklist_load_text(cl, path, text, len, dl);
	free(text);
	return err;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with_sql(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcmp(name + n - 4, ".sql") == 0;
}

static enum cscs_error load_dir(struct cscs_checklist *cl, const char *path, struct cscs_diag_list *dl)
{
	DIR *d = opendir(path);
	if (!d) {
		cscs_diag_error(dl, path, 0, 0, "cannot open the checklist folder");
		return CSCS_ERR_NOT_FOUND;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	enum cscs_error err = CSCS_OK, first = CSCS_OK;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !ends_with_sql(e->d_name))
			continue;
		size_t plen = strlen(path) + strlen(e->d_name) + 2;
		char *full = malloc(plen);
		if (!full) {
			err = CSCS_ERR_NOMEM;
			break;
		}
		size_t dlen = strlen(path);
		snprintf(full, plen, "%s%s%s", path, dlen && path[dlen - 1] == '/' ? "" : "/", e->d_name);
		struct stat st;
		if (stat(full, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(full); /* subfolders (profiles/) and oddities are not checklists */
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			char **more = realloc(names, cap * sizeof(*more));
			if (!more) {
				free(full);
				err = CSCS_ERR_NOMEM;
				break;
			}
			names = more;
		}
		names[n++] = full;
	}
	closedir(d);
	if (!err) {
		if (n == 0)
			cscs_diag_warning(dl, path, 0, 0, "no checklist (*.sql) in this folder");
		if (n > 1) /* names is NULL when n is 0, which qsort may not be given */
			qsort(names, n, sizeof(*names), compare_names);
		for (size_t i = 0; i < n; i++) {
			err = load_file(cl, names[i], dl);
			if (err == CSCS_ERR_NOMEM)
				break;
			if (err && !first)
				first = err;
			err = CSCS_OK;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return err ? err : first;
}

enum cscs_error cscs_checklist_load(struct cscs_checklist *cl, const char *path, struct cscs_diag_list *dl)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		cscs_diag_error(dl, path, 0, 0, "no such checklist file or folder");
		return CSCS_ERR_NOT_FOUND;
	}
	if (S_ISDIR(st.st_mode))
		return load_dir(cl, path, dl);
	return load_file(cl, path, dl);
}

enum cscs_error cscs_checklist_create(struct cscs_checklist **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? CSCS_OK : CSCS_ERR_NOMEM;
}

void cscs_checklist_destroy(struct cscs_checklist *cl)
{
	if (!cl)
		return;
	for (size_t i = 0; i < cl->n_checks; i++)
		check_free(cl->checks[i]);
	free(cl->checks);
	free_list(cl->files, cl->n_files);
	free(cl->ruleset);
	cscs_phrases_free(&cl->phrases);
	cscs_sandbox_close(cl->schema);
	free(cl);
}

enum cscs_error cscs_checklist_in_force(const struct cscs_checklist *cl, cscs_date as_of,
					const struct cscs_check ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (cl->n_checks == 0)
		return CSCS_OK;
	const struct cscs_check **v = malloc(cl->n_checks * sizeof(*v));
	if (!v)
		return CSCS_ERR_NOMEM;
	size_t k = 0;
	for (size_t i = 0; i < cl->n_checks; i++)
		if (cscs_check_in_force(cl->checks[i], as_of))
			v[k++] = cl->checks[i];
	*out = v;
	*n = k;
	return CSCS_OK;
}

/* Versions by id, then by first day (an open start first). */
static int compare_versions(const void *a, const void *b)
{
	const struct cscs_check *x = *(const struct cscs_check *const *)a, *y = *(const struct cscs_check *const *)b;
	int c = strcmp(x->id, y->id);
	if (c)
		return c;
	if (x->has_from != y->has_from)
		return x->has_from ? 1 : -1;
	return x->effective_from < y->effective_from ? -1 : x->effective_from > y->effective_from;
}

size_t cscs_checklist_check_gaps(const struct cscs_checklist *cl, struct cscs_diag_list *dl)
{
	if (cl->n_checks < 2)
		return 0;
	const struct cscs_check **v = malloc(cl->n_checks * sizeof(*v));
	if (!v)
		return 0;
	for (size_t i = 0; i < cl->n_checks; i++)
		v[i] = cl->checks[i];
	qsort(v, cl->n_checks, sizeof(*v), compare_versions);
	size_t gaps = 0;
	for (size_t i = 1; i < cl->n_checks; i++) {
		const struct cscs_check *a = v[i - 1], *b = v[i];
		if (strcmp(a->id, b->id) != 0 || !a->has_to || !b->has_from ||
		    b->effective_from <= a->effective_to + 1)
			continue;
		char from[CSCS_DATE_ISO_LEN], to[CSCS_DATE_ISO_LEN];
		cscs_date_format(a->effective_to + 1, from);
		cscs_date_format(b->effective_from - 1, to);
		cscs_diag_error(dl, b->file, version_line(b), 0,
				"check '%s': no version is in force from %s to %s, between the version at "
				"%s:%lu and this one; make the periods meet (effective_to the day before the "
				"next effective_from)", b->id, from, to, a->file, version_line(a));
		gaps++;
	}
	free(v);
	return gaps;
}
