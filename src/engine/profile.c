/*
 * Profiles. The format is deliberately tiny (one `key = value` per line,
 * `#` or `;` comment lines) so the parser is a few lines and a user never
 * wonders how quoting or sections work: there are none.
 */
#include "cscs/engine/profile.h"

#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/buf.h"
#include "cscs/core/fs.h"
#include "cscs/core/text.h"

struct pparser {
	struct cscs_profile *p;      /* being filled */
	const char *file;            /* name for messages */
	struct cscs_diag_list *dl;   /* messages */
	size_t n_errors;             /* errors so far */
	unsigned long seen_name;     /* line of name =, 0 if none yet (and so on) */
	unsigned long seen_desc;     /* line of description = */
	unsigned long seen_as_of;    /* line of as_of = */
	unsigned long seen_lang;     /* line of lang = */
	unsigned long seen_fail_on;  /* line of fail_on = */
};

static void perr(struct pparser *pp, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void perr(struct pparser *pp, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cscs_diag_addv(pp->dl, CSCS_DIAG_ERROR, pp->file, line, 0, fmt, ap);
	va_end(ap);
	pp->n_errors++;
}

static void pattern_free(struct cscs_profile_pattern *pat)
{
	free(pat->glob);
}

void cscs_profile_destroy(struct cscs_profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_includes; i++)
		pattern_free(&p->includes[i]);
	for (size_t i = 0; i < p->n_excludes; i++)
		pattern_free(&p->excludes[i]);
	for (size_t i = 0; i < p->n_overrides; i++)
		pattern_free(&p->overrides[i].pattern);
	free(p->includes);
	free(p->excludes);
	free(p->overrides);
	free(p->path);
	free(p->name);
	free(p->description);
	free(p);
}

const char *cscs_profile_label(const struct cscs_profile *p)
{
	if (p->name)
		return p->name;
	const char *slash = strrchr(p->path, '/');
	return slash ? slash + 1 : p->path;
}

/* "area:lic*", "tag:x", "id:LIC-*" or "LIC-*" into pat; false (message given) when bad. */
static bool parse_pattern(struct pparser *pp, unsigned long line, const char *text,
			  struct cscs_profile_pattern *pat)
{
	memset(pat, 0, sizeof(*pat));
	pat->line = line;
	pat->kind = CSCS_PROFILE_ID;
	const char *glob = text;
	if (strncmp(text, "area:", 5) == 0) {
		pat->kind = CSCS_PROFILE_AREA;
		glob = text + 5;
	} else if (strncmp(text, "tag:", 4) == 0) {
		pat->kind = CSCS_PROFILE_TAG;
		glob = text + 4;
	} else if (strncmp(text, "id:", 3) == 0) {
		glob = text + 3;
	} else if (strchr(text, ':')) {
		perr(pp, line, "'%s' is not a pattern; write ID-GLOB, area:GLOB or tag:GLOB", text);
		return false;
	}
	while (*glob == ' ' || *glob == '\t')
		glob++;
	if (!*glob) {
		perr(pp, line, "'%s' has an empty pattern", text);
		return false;
	}
	pat->glob = strdup(glob);
	if (!pat->glob) {
		perr(pp, line, "out of memory");
		return false;
	}
	return true;
}

static bool push_pattern(struct cscs_profile_pattern **v, size_t *n, const struct cscs_profile_pattern *pat)
{
	struct cscs_profile_pattern *more = realloc(*v, (*n + 1) * sizeof(*more));
	if (!more)
		return false;
	*v = more;
	(*v)[(*n)++] = *pat;
	return true;
}

/* include = a, b, c */
static void add_patterns(struct pparser *pp, unsigned long line, char *value, bool include)
{
	for (char *item = value, *next; item; item = next) {
		char *comma = strchr(item, ',');
		next = comma ? comma + 1 : NULL;
		if (comma)
			*comma = '\0';
		cscs_text_trim(item);
		if (!*item) {
			perr(pp, line, "an empty pattern in the list");
			continue;
		}
		struct cscs_profile_pattern pat;
		if (!parse_pattern(pp, line, item, &pat))
			continue;
		bool ok = include ? push_pattern(&pp->p->includes, &pp->p->n_includes, &pat)
				  : push_pattern(&pp->p->excludes, &pp->p->n_excludes, &pat);
		if (!ok) {
			pattern_free(&pat);
			perr(pp, line, "out of memory");
		}
	}
}

static bool once(struct pparser *pp, unsigned long line, unsigned long *seen, const char *key)
{
	if (*seen) {
		perr(pp, line, "'%s' is given twice (first on line %lu)", key, *seen);
		return false;
	}
	*seen = line;
	return true;
}

static void set_text(struct pparser *pp, unsigned long line, char **dst, const char *value)
{
	*dst = strdup(value);
	if (!*dst)
		perr(pp, line, "out of memory");
}

static void parse_override(struct pparser *pp, unsigned long line, const char *key, const char *value)
{
	bool is_sev = strncmp(key, "severity.", 9) == 0;
	const char *pattern = key + (is_sev ? 9 : 7);
	struct cscs_profile_override o = {0};
	if (is_sev) {
		if (!cscs_severity_parse(value, &o.severity)) {
			perr(pp, line, "severity '%s' is not one of critical, high, medium, low, info",
			     value);
			return;
		}
		o.has_severity = true;
	} else {
		char *end;
		double w = strtod(value, &end);
		if (end == value || *end || !isfinite(w) || w < 0 || w > 100) {
			perr(pp, line, "weight '%s' is not a number from 0 to 100", value);
			return;
		}
		o.has_weight = true;
		o.weight = w;
	}
	if (!parse_pattern(pp, line, pattern, &o.pattern))
		return;
	size_t n = pp->p->n_overrides + 1;
	struct cscs_profile_override *more = realloc(pp->p->overrides, n * sizeof(*more));
	if (!more) {
		pattern_free(&o.pattern);
		perr(pp, line, "out of memory");
		return;
	}
	pp->p->overrides = more;
	pp->p->overrides[pp->p->n_overrides++] = o;
}

static void parse_line(struct pparser *pp, char *s, unsigned long line)
{
	cscs_text_trim(s);
	if (!*s || *s == '#' || *s == ';')
		return;
	if (*s == '[') {
		perr(pp, line, "sections are not used in a profile; write 'key = value' lines");
		return;
	}
	char *eq = strchr(s, '=');
	if (!eq) {
		perr(pp, line, "expected 'key = value', not '%s'", s);
		return;
	}
	*eq = '\0';
	char *key = s, *value = eq + 1;
	cscs_text_trim(key);
	cscs_text_trim(value);
	if (!*key) {
		perr(pp, line, "a value without a key");
		return;
	}
	if (!*value) {
		perr(pp, line, "'%s' has no value", key);
		return;
	}
	struct cscs_profile *p = pp->p;
	if (strcmp(key, "name") == 0) {
		if (once(pp, line, &pp->seen_name, key))
			set_text(pp, line, &p->name, value);
	} else if (strcmp(key, "description") == 0) {
		if (once(pp, line, &pp->seen_desc, key))
			set_text(pp, line, &p->description, value);
	} else if (strcmp(key, "include") == 0 || strcmp(key, "exclude") == 0) {
		add_patterns(pp, line, value, key[0] == 'i');
	} else if (strcmp(key, "as_of") == 0) {
		if (!once(pp, line, &pp->seen_as_of, key))
			return;
		if (!cscs_date_parse_iso(value, &p->as_of))
			perr(pp, line, "as_of '%s' is not a date (YYYY-MM-DD)", value);
		else
			p->has_as_of = true;
	} else if (strcmp(key, "lang") == 0) {
		if (!once(pp, line, &pp->seen_lang, key))
			return;
		if (strcmp(value, "en") == 0)
			p->lang = "en";
		else if (strcmp(value, "zh") == 0)
			p->lang = "zh";
		else
			perr(pp, line, "lang '%s' is not en or zh", value);
	} else if (strcmp(key, "fail_on") == 0) {
		if (!once(pp, line, &pp->seen_fail_on, key))
			return;
		if (!cscs_severity_parse(value, &p->fail_on))
			perr(pp, line, "fail_on '%s' is not one of critical, high, medium, low, info", value);
		else
			p->has_fail_on = true;
	} else if ((strncmp(key, "severity.", 9) == 0 && key[9]) ||
		   (strncmp(key, "weight.", 7) == 0 && key[7])) {
		parse_override(pp, line, key, value);
	} else {
		perr(pp, line, "unknown key '%s' (name, description, include, exclude, severity.PATTERN, "
		     "weight.PATTERN, as_of, lang, fail_on)", key);
	}
}

enum cscs_error cscs_profile_parse(const char *name, const char *text, size_t len, struct cscs_profile **out,
				   struct cscs_diag_list *dl)
{
	*out = NULL;
	struct cscs_profile *p = calloc(1, sizeof(*p));
	if (!p || !(p->path = strdup(name))) {
		free(p);
		return CSCS_ERR_NOMEM;
	}
	struct pparser pp = {.p = p, .file = name, .dl = dl};
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	size_t bad;
	if (memchr(text, '\0', len) || !cscs_utf8_valid(text, len, &bad)) {
		perr(&pp, 0, "the profile is not UTF-8 text");
		cscs_profile_destroy(p);
		return CSCS_ERR_CHECKLIST;
	}
	unsigned long line = 0;
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		char *copy = malloc(end - pos + 1);
		if (!copy) {
			cscs_profile_destroy(p);
			return CSCS_ERR_NOMEM;
		}
		memcpy(copy, text + pos, end - pos);
		copy[end - pos] = '\0';
		parse_line(&pp, copy, ++line);
		free(copy);
		pos = nl ? end + 1 : len;
	}
	if (pp.n_errors) {
		cscs_profile_destroy(p);
		return CSCS_ERR_CHECKLIST;
	}
	*out = p;
	return CSCS_OK;
}

enum cscs_error cscs_profile_load(const char *path, struct cscs_profile **out, struct cscs_diag_list *dl)
{
	*out = NULL;
	char *text;
	size_t len;
	enum cscs_error err = cscs_fs_read_all(path, CSCS_PROFILE_MAX_BYTES, &text, &len, dl);
	if (err)
		return err == CSCS_ERR_INPUT ? CSCS_ERR_CHECKLIST : err;
	err = cscs_profile_parse(path, text, len, out, dl);
	free(text);
	return err;
}

static bool pattern_matches(const struct cscs_profile_pattern *pat, const struct cscs_check *c)
{
	switch (pat->kind) {
	case CSCS_PROFILE_ID:
		return fnmatch(pat->glob, c->id, 0) == 0;
	case CSCS_PROFILE_AREA:
		return fnmatch(pat->glob, c->area, 0) == 0;
	case CSCS_PROFILE_TAG:
		for (size_t i = 0; i < c->n_tags; i++)
			if (fnmatch(pat->glob, c->tags[i], 0) == 0)
				return true;
		return false;
	}
	return false;
}

static bool any_match(struct cscs_profile_pattern *v, size_t n, const struct cscs_check *c)
{
	bool hit = false;
	for (size_t i = 0; i < n; i++) {
		if (pattern_matches(&v[i], c)) {
			v[i].n_matched++;
			hit = true;
		}
	}
	return hit;
}

bool cscs_profile_selects(struct cscs_profile *p, const struct cscs_check *c)
{
	bool included = p->n_includes == 0 || any_match(p->includes, p->n_includes, c);
	bool excluded = any_match(p->excludes, p->n_excludes, c);
	return included && !excluded;
}

static const char *file_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

enum cscs_error cscs_profile_apply(struct cscs_profile *p, const struct cscs_check *c,
				   enum cscs_severity *severity, double *weight, char **note)
{
	*severity = c->severity;
	*weight = c->weight;
	*note = NULL;
	const struct cscs_profile_override *sev_by = NULL, *weight_by = NULL;
	for (size_t i = 0; i < p->n_overrides; i++) {
		struct cscs_profile_override *o = &p->overrides[i];
		if (!pattern_matches(&o->pattern, c))
			continue;
		o->pattern.n_matched++;
		if (o->has_severity)
			sev_by = o;
		if (o->has_weight)
			weight_by = o;
	}
	struct cscs_buf b = CSCS_BUF_INIT;
	if (sev_by && sev_by->severity != c->severity) {
		*severity = sev_by->severity;
		cscs_buf_addf(&b, "severity %s -> %s (%s:%lu)", cscs_severity_name(c->severity),
			      cscs_severity_name(sev_by->severity), file_name(p->path), sev_by->pattern.line);
	}
	if (weight_by && weight_by->weight != c->weight) {
		*weight = weight_by->weight;
		cscs_buf_addf(&b, "%sweight %g -> %g (%s:%lu)", b.len ? "; " : "", c->weight,
			      weight_by->weight, file_name(p->path), weight_by->pattern.line);
	}
	if (b.oom)
		return CSCS_ERR_NOMEM;
	*note = b.len ? cscs_buf_detach(&b) : NULL;
	cscs_buf_finish(&b);
	return CSCS_OK;
}

static void warn_unused(const char *file, const struct cscs_profile_pattern *pat, const char *what,
			struct cscs_diag_list *dl)
{
	static const char *const prefix[] = {"", "area:", "tag:"};
	if (pat->n_matched == 0)
		cscs_diag_warning(dl, file, pat->line, 0, "%s pattern '%s%s' matches no check in force", what,
				  prefix[pat->kind], pat->glob);
}

void cscs_profile_warn_unused(const struct cscs_profile *p, struct cscs_diag_list *dl)
{
	for (size_t i = 0; i < p->n_includes; i++)
		warn_unused(p->path, &p->includes[i], "include", dl);
	for (size_t i = 0; i < p->n_excludes; i++)
		warn_unused(p->path, &p->excludes[i], "exclude", dl);
	for (size_t i = 0; i < p->n_overrides; i++)
		warn_unused(p->path, &p->overrides[i].pattern, "override", dl);
}
