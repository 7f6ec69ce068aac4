#include "cscs/report/labels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/fs.h"
#include "cscs/core/text.h"

/* A catalogue is a few hundred short lines; anything bigger is not one. */
#define MAX_CATALOGUE_BYTES (4u << 20)

static int cmp_label(const void *a, const void *b)
{
	return strcmp(((const struct cscs_label *)a)->key, ((const struct cscs_label *)b)->key);
}

static bool key_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '.' || c == '-';
}

static bool lang_ok(const char *lang)
{
	size_t n = strlen(lang);
	if (n == 0 || n > 16)
		return false;
	for (const char *p = lang; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_'))
			return false;
	return true;
}

/* Undo the \n, \t and \\ escapes of s[0..len) into a new string. */
static char *unescape(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	size_t j = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len) {
			char c = s[i + 1];
			if (c == 'n' || c == 't' || c == '\\') {
				out[j++] = c == 'n' ? '\n' : c == 't' ? '\t' : '\\';
				i++;
				continue;
			}
		}
		out[j++] = s[i];
	}
	out[j] = '\0';
	return out;
}

static void free_items(struct cscs_labels *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].key);
		free(l->items[i].text);
	}
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

enum cscs_error cscs_labels_parse(struct cscs_labels **out, const char *lang, const char *path,
				  const char *text, size_t len, struct cscs_diag_list *dl)
{
	*out = NULL;
	size_t bad;
	if (!cscs_utf8_valid(text, len, &bad)) {
		unsigned long line = 1;
		for (size_t i = 0; i < bad; i++)
			line += text[i] == '\n';
		cscs_diag_error(dl, path, line, 0, "label catalogue is not valid UTF-8");
		return CSCS_ERR_INPUT;
	}
	struct cscs_labels *l = calloc(1, sizeof(*l));
	if (!l)
		return CSCS_ERR_NOMEM;
	l->lang = strdup(lang);
	l->path = strdup(path);
	if (!l->lang || !l->path)
		goto nomem;
	size_t cap = 0;
	unsigned long line_no = 0;
	const char *p = text, *end = text + len;
	/* A byte-order mark is tolerated: editors on Windows add one. */
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		line_no++;
		size_t n = (size_t)(eol - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		const char *line = p;
		p = eol < end ? eol + 1 : end;
		if (n == 0 || line[0] == '#')
			continue;
		const char *tab = memchr(line, '\t', n);
		if (!tab) {
			cscs_diag_error(dl, path, line_no, 0, "expected 'key<TAB>text', found no tab");
			goto input;
		}
		size_t klen = (size_t)(tab - line);
		if (klen == 0) {
			cscs_diag_error(dl, path, line_no, 1, "empty label key");
			goto input;
		}
		for (size_t i = 0; i < klen; i++) {
			if (!key_char_ok(line[i])) {
				cscs_diag_error(dl, path, line_no, i + 1, "label key '%.*s' has a character other than letters, digits, '.', '_', '-'",
						(int)klen, line);
				goto input;
			}
		}
		if (l->n == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			struct cscs_label *items = realloc(l->items, ncap * sizeof(*items));
			if (!items)
				goto nomem;
			l->items = items;
			cap = ncap;
		}
		struct cscs_label *it = &l->items[l->n];
		it->key = strndup(line, klen);
		it->text = unescape(tab + 1, n - klen - 1);
		if (!it->key || !it->text) {
			free(it->key);
			free(it->text);
			goto nomem;
		}
		l->n++;
	}
	if (l->n)
		qsort(l->items, l->n, sizeof(*l->items), cmp_label);
	for (size_t i = 1; i < l->n; i++) {
		if (strcmp(l->items[i - 1].key, l->items[i].key) == 0) {
			cscs_diag_error(dl, path, 0, 0, "label key '%s' is defined twice", l->items[i].key);
			goto input;
		}
	}
	*out = l;
	return CSCS_OK;
nomem:
	cscs_labels_destroy(l);
	return CSCS_ERR_NOMEM;
input:
	cscs_labels_destroy(l);
	return CSCS_ERR_INPUT;
}

static enum cscs_error load_one(struct cscs_labels **out, const char *datadir, const char *lang,
				struct cscs_diag_list *dl)
{
	size_t n = strlen(datadir) + strlen(lang) + 32;
	char *path = malloc(n);
	if (!path)
		return CSCS_ERR_NOMEM;
	snprintf(path, n, "%s/templates/labels/%s.tsv", datadir, lang);
	char *text = NULL;
	size_t len = 0;
	enum cscs_error err = cscs_fs_read_all(path, MAX_CATALOGUE_BYTES, &text, &len, dl);
	if (err == CSCS_ERR_NOT_FOUND)
		cscs_diag_error(dl, path, 0, 0, "no label catalogue for language '%s'", lang);
	if (!err)
		err = cscs_labels_parse(out, lang, path, text, len, dl);
	free(text);
	free(path);
	return err;
}

enum cscs_error cscs_labels_load(struct cscs_labels **out, const char *datadir, const char *lang,
				 struct cscs_diag_list *dl)
{
	*out = NULL;
	if (!datadir || !*datadir) {
		cscs_diag_error(dl, NULL, 0, 0, "no data folder given for the report label catalogues");
		return CSCS_ERR_USAGE;
	}
	if (!lang || !lang_ok(lang)) {
		cscs_diag_error(dl, NULL, 0, 0, "'%s' is not a language name", lang ? lang : "");
		return CSCS_ERR_USAGE;
	}
	struct cscs_labels *l = NULL;
	enum cscs_error err = load_one(&l, datadir, lang, dl);
	if (err)
		return err;
	if (strcmp(lang, "en") != 0) {
		err = load_one(&l->fallback, datadir, "en", dl);
		if (err) {
			cscs_labels_destroy(l);
			return err;
		}
	}
	*out = l;
	return CSCS_OK;
}

void cscs_labels_destroy(struct cscs_labels *l)
{
	if (!l)
		return;
	free_items(l);
	cscs_labels_destroy(l->fallback);
	for (size_t i = 0; i < l->n_missing; i++)
		free(l->missing[i]);
	free(l->missing);
	free(l->lang);
	free(l->path);
	free(l);
}

static const char *find_here(const struct cscs_labels *l, const char *key)
{
	struct cscs_label probe = {(char *)key, NULL};
	const struct cscs_label *hit = l->n ? bsearch(&probe, l->items, l->n, sizeof(*l->items), cmp_label) : NULL;
	return hit ? hit->text : NULL;
}

const char *cscs_labels_find(const struct cscs_labels *l, const char *key)
{
	for (; l; l = l->fallback) {
		const char *t = find_here(l, key);
		if (t)
			return t;
	}
	return NULL;
}

const char *cscs_labels_get(struct cscs_labels *l, const char *key)
{
	const char *t = cscs_labels_find(l, key);
	if (t)
		return t;
	for (size_t i = 0; i < l->n_missing; i++)
		if (strcmp(l->missing[i], key) == 0)
			return key;
	char **more = realloc(l->missing, (l->n_missing + 1) * sizeof(*more));
	if (more) {
		l->missing = more;
		char *copy = strdup(key);
		if (copy)
			l->missing[l->n_missing++] = copy;
	}
	return key;
}

void cscs_labels_fill(struct cscs_labels *l, const char *key, struct cscs_buf *out,
		      const char *const *names, const char *const *values, size_t n)
{
	const char *t = cscs_labels_get(l, key);
	while (*t) {
		if (*t == '{') {
			const char *close = strchr(t + 1, '}');
			bool done = false;
			if (close) {
				size_t len = (size_t)(close - t - 1);
				for (size_t i = 0; i < n && !done; i++) {
					if (strlen(names[i]) == len && memcmp(names[i], t + 1, len) == 0) {
						cscs_buf_adds(out, values[i] ? values[i] : "");
						t = close + 1;
						done = true;
					}
				}
			}
			if (done)
				continue;
		}
		cscs_buf_addc(out, *t++);
	}
}
