#include "cscs/intake/vocab.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/fs.h"
#include "cscs/core/text.h"

/* A vocabulary file is a few thousand short lines; anything bigger is not one. */
#define MAX_VOCAB_BYTES (4u << 20)

/* Longest input, in bytes, that is looked up: longer text is no word of a list. */
#define MAX_MATCH 1024

/* Longest folded text, in code points, that edit distance is computed for. */
#define MAX_DIST_CPS 64

enum word_kind {
	WORD_EXACT,    /* the whole text */
	WORD_PREFIX,   /* "X*": text starting with X */
	WORD_SUFFIX,   /* "*X": text ending with X */
	WORD_CONTAINS, /* "*X*": text holding X */
};

/* One accepted word, folded, and what it means. */
struct entry {
	char *folded;        /* folded word, without the pattern's '*' */
	size_t len;          /* bytes of folded */
	size_t list;         /* index of its vocabulary */
	size_t value;        /* index of its value in the vocabulary */
	enum word_kind kind; /* how it matches */
	char *where;         /* "file:line" it came from, for messages */
};

struct cscs_vocab {
	struct cscs_vocab_list *lists; /* vocabularies, in file order */
	size_t n_lists;                /* entries in lists */
	struct entry *exact;           /* exact words, sorted by (list, folded) */
	size_t n_exact;                /* entries in exact */
	struct entry *patterns;        /* pattern words, in file order */
	size_t n_patterns;             /* entries in patterns */
};

/* ---- folding ---- */

static bool dropped(uint32_t cp)
{
	if (cp < 0x80) {
		switch (cp) {
		case ' ': case '\t': case '\r': case '\n': case '\v': case '\f': case '.': case ',': case ';':
		case ':': case '!': case '?': case '\'': case '"': case '(': case ')': case '[': case ']': case '{':
		case '}': case '-': case '_': case '/': case '\\':
			return true;
		default:
			return false;
		}
	}
	switch (cp) {
	case 0x00A0: /* no-break space */
	case 0x00B7: /* middle dot */
	case 0x2013: /* en dash */
	case 0x2014: /* em dash */
	case 0x2018:
	case 0x2019:
	case 0x201C:
	case 0x201D: /* curly quotes */
	case 0x2026: /* ellipsis */
	case 0x3000: /* ideographic space */
	case 0x3001: /* 、 */
	case 0x3002: /* 。 */
	case 0x3008:
	case 0x3009:
	case 0x300A:
	case 0x300B:
	case 0x300C:
	case 0x300D:
	case 0x300E:
	case 0x300F:
	case 0x3010:
	case 0x3011:
	case 0x3014:
	case 0x3015: /* 〈〉《》「」『』【】〔〕 */
	case 0x30FB: /* katakana middle dot */
	case 0xFF65: /* half-width katakana middle dot */
		return true;
	default:
		return false;
	}
}

size_t cscs_vocab_fold(const char *in, size_t len, char *out, size_t cap)
{
	size_t o = 0;
	if (cap == 0)
		return 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n = cscs_utf8_decode(in + i, len - i, &cp);
		if (n <= 0) {
			/* not UTF-8: the byte as it is */
			if (o + 1 >= cap)
				break;
			out[o++] = in[i++];
			continue;
		}
		i += (size_t)n;
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			cp -= 0xFEE0; /* full-width ASCII forms */
		if (dropped(cp))
			continue;
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		char buf[4];
		int m = cscs_utf8_encode(cp, buf);
		if (o + (size_t)m >= cap)
			break;
		memcpy(out + o, buf, (size_t)m);
		o += (size_t)m;
	}
	out[o] = '\0';
	return o;
}

/* ---- building ---- */

static void free_value(struct cscs_vocab_value *val)
{
	free(val->value);
	for (size_t i = 0; i < val->n_words; i++)
		free(val->words[i]);
	free(val->words);
}

void cscs_vocab_free(struct cscs_vocab *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n_lists; i++) {
		for (size_t k = 0; k < v->lists[i].n_values; k++)
			free_value(&v->lists[i].values[k]);
		free(v->lists[i].values);
		free(v->lists[i].name);
	}
	free(v->lists);
	for (size_t i = 0; i < v->n_exact; i++) {
		free(v->exact[i].folded);
		free(v->exact[i].where);
	}
	free(v->exact);
	for (size_t i = 0; i < v->n_patterns; i++) {
		free(v->patterns[i].folded);
		free(v->patterns[i].where);
	}
	free(v->patterns);
	free(v);
}

struct cscs_vocab *cscs_vocab_new(void)
{
	return calloc(1, sizeof(struct cscs_vocab));
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	if (x->list != y->list)
		return x->list < y->list ? -1 : 1;
	return strcmp(x->folded, y->folded);
}

static const struct entry *find_exact(const struct cscs_vocab *v, size_t list, const char *folded)
{
	struct entry key = {.folded = (char *)folded, .list = list};
	return v->n_exact ? bsearch(&key, v->exact, v->n_exact, sizeof(key), cmp_entry) : NULL;
}

static const struct entry *find_entry(const struct cscs_vocab *v, size_t list, const char *folded,
				      enum word_kind kind)
{
	if (kind == WORD_EXACT) {
		/* the exact array is sorted only after a file is read: search it whole while reading */
		for (size_t i = 0; i < v->n_exact; i++)
			if (v->exact[i].list == list && strcmp(v->exact[i].folded, folded) == 0)
				return &v->exact[i];
		return NULL;
	}
	for (size_t i = 0; i < v->n_patterns; i++)
		if (v->patterns[i].list == list && v->patterns[i].kind == kind &&
		    strcmp(v->patterns[i].folded, folded) == 0)
			return &v->patterns[i];
	return NULL;
}

static enum cscs_error add_entry(struct cscs_vocab *v, const char *folded, size_t list, size_t value,
				 enum word_kind kind, const char *path, unsigned long line)
{
	struct entry **arr = kind == WORD_EXACT ? &v->exact : &v->patterns;
	size_t *n = kind == WORD_EXACT ? &v->n_exact : &v->n_patterns;
	struct entry *more = realloc(*arr, (*n + 1) * sizeof(*more));
	if (!more)
		return CSCS_ERR_NOMEM;
	*arr = more;
	char where[512];
	snprintf(where, sizeof(where), "%s:%lu", path, line);
	struct entry *e = &more[*n];
	*e = (struct entry){strdup(folded), strlen(folded), list, value, kind, strdup(where)};
	if (!e->folded || !e->where) {
		free(e->folded);
		free(e->where);
		return CSCS_ERR_NOMEM;
	}
	(*n)++;
	return CSCS_OK;
}

/* A vocabulary's or a value's name: letters (upper case only in values: the tax ratings A, B, M, C, D), digits, '_'. */
static bool name_ok(const char *s, size_t n, bool upper)
{
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (upper && s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

static size_t trim(const char **s, size_t n)
{
	while (n > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		n--;
	}
	while (n > 0 && ((*s)[n - 1] == ' ' || (*s)[n - 1] == '\t'))
		n--;
	return n;
}

/* The names of the values of l, for a message: "pending, judged, ...". */
static void value_names(const struct cscs_vocab_list *l, char *out, size_t cap)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < l->n_values && o < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? ", " : "", l->values[i].value);
}

static void list_names(const struct cscs_vocab *v, char *out, size_t cap)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < v->n_lists && o < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? ", " : "", v->lists[i].name);
}

/* The vocabulary named name[0..n), made when make; its index in *out. */
static enum cscs_error list_index(struct cscs_vocab *v, const char *name, size_t n, bool make, size_t *out)
{
	for (size_t i = 0; i < v->n_lists; i++) {
		if (strlen(v->lists[i].name) == n && memcmp(v->lists[i].name, name, n) == 0) {
			*out = i;
			return CSCS_OK;
		}
	}
	if (!make)
		return CSCS_ERR_NOT_FOUND;
	struct cscs_vocab_list *more = realloc(v->lists, (v->n_lists + 1) * sizeof(*more));
	if (!more)
		return CSCS_ERR_NOMEM;
	v->lists = more;
	struct cscs_vocab_list *l = &more[v->n_lists];
	*l = (struct cscs_vocab_list){strndup(name, n), NULL, 0};
	if (!l->name)
		return CSCS_ERR_NOMEM;
	*out = v->n_lists++;
	return CSCS_OK;
}

/* The value value[0..n) of list li, made when make (its value name also accepted as a word). */
static enum cscs_error value_index(struct cscs_vocab *v, size_t li, const char *value, size_t n, bool make,
				   const char *path, unsigned long line, size_t *out)
{
	struct cscs_vocab_list *l = &v->lists[li];
	for (size_t i = 0; i < l->n_values; i++) {
		if (strlen(l->values[i].value) == n && memcmp(l->values[i].value, value, n) == 0) {
			*out = i;
			return CSCS_OK;
		}
	}
	if (!make)
		return CSCS_ERR_NOT_FOUND;
	struct cscs_vocab_value *more = realloc(l->values, (l->n_values + 1) * sizeof(*more));
	if (!more)
		return CSCS_ERR_NOMEM;
	l->values = more;
	struct cscs_vocab_value *val = &more[l->n_values];
	*val = (struct cscs_vocab_value){strndup(value, n), NULL, NULL, 0};
	if (!val->value)
		return CSCS_ERR_NOMEM;
	*out = l->n_values++;
	char folded[256];
	cscs_vocab_fold(value, n, folded, sizeof(folded));
	if (!find_entry(v, li, folded, WORD_EXACT))
		return add_entry(v, folded, li, *out, WORD_EXACT, path, line);
	return CSCS_OK;
}

/* One "vocabulary<TAB>value<TAB>word" line. */
static enum cscs_error parse_line(struct cscs_vocab *v, const char *path, unsigned long line_no, const char *line,
				  size_t n, bool base, struct cscs_diag_list *dl)
{
	const char *f[3];
	size_t fl[3], nf = 0;
	const char *p = line, *end = line + n;
	while (nf < 3) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		f[nf] = p;
		fl[nf] = (size_t)((tab ? tab : end) - p);
		nf++;
		if (!tab)
			break;
		p = tab + 1;
		if (nf == 3) {
			cscs_diag_error(dl, path, line_no, (unsigned long)(p - line),
					"expected three fields separated by tabs (vocabulary, value, word), found more");
			return CSCS_ERR_INPUT;
		}
	}
	if (nf != 3) {
		cscs_diag_error(dl, path, line_no, 0,
				"expected three fields separated by tabs (vocabulary, value, word), found %zu", nf);
		return CSCS_ERR_INPUT;
	}
	for (size_t i = 0; i < 3; i++) {
		const char *s = f[i];
		fl[i] = trim(&s, fl[i]);
		f[i] = s;
	}
	unsigned long col[3];
	for (size_t i = 0; i < 3; i++)
		col[i] = (unsigned long)cscs_utf8_count(line, (size_t)(f[i] - line)) + 1;
	if (!name_ok(f[0], fl[0], false)) {
		cscs_diag_error(dl, path, line_no, col[0],
				"vocabulary name '%.*s' must be lower-case letters, digits and '_'", (int)fl[0], f[0]);
		return CSCS_ERR_INPUT;
	}
	if (!name_ok(f[1], fl[1], true)) {
		cscs_diag_error(dl, path, line_no, col[1], "value '%.*s' must be letters, digits and '_'",
				(int)fl[1], f[1]);
		return CSCS_ERR_INPUT;
	}
	size_t li, vi;
	char known[1024];
	enum cscs_error err = list_index(v, f[0], fl[0], base, &li);
	if (err == CSCS_ERR_NOT_FOUND) {
		list_names(v, known, sizeof(known));
		cscs_diag_error(dl, path, line_no, col[0], "no vocabulary '%.*s'; the vocabularies are: %s", (int)fl[0],
				f[0], known);
		return CSCS_ERR_INPUT;
	}
	if (err)
		return err;
	err = value_index(v, li, f[1], fl[1], base, path, line_no, &vi);
	if (err == CSCS_ERR_NOT_FOUND) {
		value_names(&v->lists[li], known, sizeof(known));
		cscs_diag_error(dl, path, line_no, col[1], "'%.*s' is not a value of %s; its values are: %s", (int)fl[1],
				f[1], v->lists[li].name, known);
		return CSCS_ERR_INPUT;
	}
	if (err)
		return err;

	const char *w = f[2];
	size_t wl = fl[2];
	if (wl == 0) {
		cscs_diag_error(dl, path, line_no, col[2], "the word is empty");
		return CSCS_ERR_INPUT;
	}
	enum word_kind kind = WORD_EXACT;
	const char *core = w;
	size_t core_len = wl;
	bool star_front = wl > 1 && w[0] == '*', star_back = wl > 1 && w[wl - 1] == '*';
	if (star_front) {
		core++;
		core_len--;
	}
	if (star_back)
		core_len--;
	if (star_front && star_back)
		kind = WORD_CONTAINS;
	else if (star_front)
		kind = WORD_SUFFIX;
	else if (star_back)
		kind = WORD_PREFIX;
	char folded[512];
	if (core_len >= sizeof(folded) / 2) {
		cscs_diag_error(dl, path, line_no, col[2], "the word is longer than %zu bytes", sizeof(folded) / 2);
		return CSCS_ERR_INPUT;
	}
	if (cscs_vocab_fold(core, core_len, folded, sizeof(folded)) == 0) {
		cscs_diag_error(dl, path, line_no, col[2],
				"the word '%.*s' has nothing but blanks and punctuation, which matching ignores", (int)wl,
				w);
		return CSCS_ERR_INPUT;
	}
	struct cscs_vocab_list *l = &v->lists[li];
	const struct entry *had = find_entry(v, li, folded, kind);
	if (had && had->value != vi) {
		cscs_diag_error(dl, path, line_no, col[2], "'%.*s' already means %s '%s' (%s)", (int)wl, w, l->name,
				l->values[had->value].value, had->where);
		return CSCS_ERR_INPUT;
	}
	struct cscs_vocab_value *val = &l->values[vi];
	if (!had && (err = add_entry(v, folded, li, vi, kind, path, line_no)))
		return err;
	if (had && val->n_words > 0)
		return CSCS_OK; /* the same word again: nothing new */
	char **more = realloc(val->words, (val->n_words + 1) * sizeof(*more));
	if (!more)
		return CSCS_ERR_NOMEM;
	val->words = more;
	if (!(more[val->n_words] = strndup(w, wl)))
		return CSCS_ERR_NOMEM;
	if (val->n_words++ == 0)
		val->label = more[0];
	return CSCS_OK;
}

enum cscs_error cscs_vocab_parse(struct cscs_vocab *v, const char *path, const char *text, size_t len, bool base,
				 struct cscs_diag_list *dl)
{
	size_t bad;
	if (!cscs_utf8_valid(text, len, &bad)) {
		unsigned long line = 1;
		for (size_t i = 0; i < bad; i++)
			line += text[i] == '\n';
		cscs_diag_error(dl, path, line, 0, "a vocabulary file must be UTF-8 text");
		return CSCS_ERR_INPUT;
	}
	const char *p = text, *end = text + len;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	unsigned long line_no = 0;
	bool first = true;
	enum cscs_error err = CSCS_OK;
	while (p < end && !err) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		line_no++;
		size_t n = (size_t)(eol - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		const char *line = p;
		p = eol < end ? eol + 1 : end;
		const char *t = line;
		size_t tn = trim(&t, n);
		if (tn == 0 || t[0] == '#')
			continue;
		if (first && n >= 16 && strncmp(line, "vocabulary\tvalue\tword", n) == 0) {
			first = false;
			continue;
		}
		first = false;
		err = parse_line(v, path, line_no, line, n, base, dl);
	}
	if (v->n_exact > 1)
		qsort(v->exact, v->n_exact, sizeof(*v->exact), cmp_entry);
	if (!err && base) {
		for (size_t i = 0; i < v->n_lists; i++)
			for (size_t k = 0; k < v->lists[i].n_values; k++)
				if (!v->lists[i].values[k].label)
					v->lists[i].values[k].label = v->lists[i].values[k].value;
	}
	return err;
}

enum cscs_error cscs_vocab_load(struct cscs_vocab *v, const char *path, bool base, struct cscs_diag_list *dl)
{
	char *text;
	size_t len;
	enum cscs_error err = cscs_fs_read_all(path, MAX_VOCAB_BYTES, &text, &len, dl);
	if (err)
		return err;
	err = cscs_vocab_parse(v, path, text, len, base, dl);
	free(text);
	return err;
}

/* ---- looking up ---- */

const struct cscs_vocab_list *cscs_vocab_find(const struct cscs_vocab *v, const char *name)
{
	if (!v || !name)
		return NULL;
	for (size_t i = 0; i < v->n_lists; i++)
		if (strcmp(v->lists[i].name, name) == 0)
			return &v->lists[i];
	return NULL;
}

const struct cscs_vocab_value *cscs_vocab_value_of(const struct cscs_vocab_list *l, const char *value)
{
	for (size_t i = 0; l && i < l->n_values; i++)
		if (strcmp(l->values[i].value, value) == 0)
			return &l->values[i];
	return NULL;
}

static bool pattern_matches(const struct entry *e, const char *s, size_t n)
{
	if (e->len > n)
		return false;
	switch (e->kind) {
	case WORD_PREFIX:
		return memcmp(s, e->folded, e->len) == 0;
	case WORD_SUFFIX:
		return memcmp(s + n - e->len, e->folded, e->len) == 0;
	case WORD_CONTAINS:
		return strstr(s, e->folded) != NULL;
	case WORD_EXACT:
		break;
	}
	return n == e->len && memcmp(s, e->folded, n) == 0;
}

const char *cscs_vocab_match(const struct cscs_vocab *v, const struct cscs_vocab_list *l, const char *in,
			     size_t len)
{
	if (!v || !l || len > MAX_MATCH)
		return NULL;
	size_t li = (size_t)(l - v->lists);
	char folded[MAX_MATCH * 2 + 1];
	size_t n = cscs_vocab_fold(in, len, folded, sizeof(folded));
	if (n == 0)
		return NULL;
	const struct entry *e = find_exact(v, li, folded);
	if (e)
		return l->values[e->value].value;
	const struct entry *best = NULL;
	for (size_t i = 0; i < v->n_patterns; i++) {
		const struct entry *p = &v->patterns[i];
		if (p->list == li && (!best || p->len > best->len) && pattern_matches(p, folded, n))
			best = p;
	}
	return best ? l->values[best->value].value : NULL;
}

/* Code points of a folded string, at most MAX_DIST_CPS; false when longer. */
static bool code_points(const char *s, uint32_t *out, size_t *n)
{
	size_t len = strlen(s), k = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int m = cscs_utf8_decode(s + i, len - i, &cp);
		if (m <= 0) {
			cp = (unsigned char)s[i];
			m = 1;
		}
		if (k == MAX_DIST_CPS)
			return false;
		out[k++] = cp;
		i += (size_t)m;
	}
	*n = k;
	return true;
}

static size_t edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t row[MAX_DIST_CPS + 1];
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}

const struct cscs_vocab_value *cscs_vocab_nearest(const struct cscs_vocab_list *l, const char *in, size_t len,
						  const char **word)
{
	char folded[MAX_MATCH * 2 + 1];
	uint32_t a[MAX_DIST_CPS], b[MAX_DIST_CPS];
	size_t na, nb;
	if (!l || len > MAX_MATCH)
		return NULL;
	cscs_vocab_fold(in, len, folded, sizeof(folded));
	if (!folded[0] || !code_points(folded, a, &na))
		return NULL;
	const struct cscs_vocab_value *best = NULL;
	const char *best_word = NULL;
	size_t best_d = SIZE_MAX, best_longer = 0;
	for (size_t i = 0; i < l->n_values; i++) {
		const struct cscs_vocab_value *val = &l->values[i];
		for (size_t k = 0; k <= val->n_words; k++) {
			const char *w = k < val->n_words ? val->words[k] : val->value;
			if (w[0] == '*' || w[strlen(w) - 1] == '*')
				continue; /* patterns are no words to suggest */
			char fw[512];
			cscs_vocab_fold(w, strlen(w), fw, sizeof(fw));
			if (!code_points(fw, b, &nb))
				continue;
			size_t d = edit_distance(a, na, b, nb);
			if (d < best_d) {
				best_d = d;
				best = val;
				best_word = w;
				best_longer = na > nb ? na : nb;
			}
		}
	}
	/* near enough: at most a third of the longer text differs */
	if (!best || best_d * 3 > best_longer)
		return NULL;
	if (word)
		*word = best_word;
	return best;
}
