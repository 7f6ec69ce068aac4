#include "cscs/report/messages.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/fs.h"

/* A catalogue is a few hundred lines; anything bigger is not one. */
#define MAX_CATALOGUE_BYTES (1u << 20)
/* Parts of one message: at most nine slots between literals. */
#define MAX_SLOTS 9
/* How deep parts are translated in turn (a reason holding a reason). */
#define MAX_DEPTH 3

struct part {
	const char *lit; /* literal text (into the entry's copy), or NULL for a slot */
	size_t len;      /* its length */
	int slot;        /* 1..9 for a slot */
};

struct entry {
	char *en;           /* owned copy of the English pattern */
	char *tr;           /* owned copy of the translation */
	struct part *parts; /* the English split into literals and slots */
	size_t n_parts;
};

struct cscs_messages {
	struct entry *e;
	size_t n;
};

void cscs_messages_free(struct cscs_messages *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->e[i].en);
		free(m->e[i].tr);
		free(m->e[i].parts);
	}
	free(m->e);
	free(m);
}

/* "{N}" at s with N in 1..9: N, else 0. */
static int slot_at(const char *s)
{
	return s[0] == '{' && s[1] >= '1' && s[1] <= '9' && s[2] == '}' ? s[1] - '0' : 0;
}

/* Split the English pattern into parts; false on two slots side by side (no way to tell them apart). */
static bool split(struct entry *e)
{
	size_t cap = 1;
	for (const char *p = e->en; *p; p++)
		cap += slot_at(p) ? 2 : 0;
	e->parts = calloc(cap, sizeof(*e->parts));
	if (!e->parts)
		return false;
	const char *lit = e->en;
	for (const char *p = e->en;; p++) {
		int s = *p ? slot_at(p) : 0;
		if (!*p || s) {
			if (p > lit)
				e->parts[e->n_parts++] = (struct part){lit, (size_t)(p - lit), 0};
			else if (s && e->n_parts && !e->parts[e->n_parts - 1].lit)
				return false;
			if (!*p)
				break;
			e->parts[e->n_parts++] = (struct part){NULL, 0, s};
			p += 2;
			lit = p + 1;
		}
	}
	return true;
}

enum cscs_error cscs_messages_parse(struct cscs_messages **out, const char *path, const char *text, size_t len,
				    struct cscs_diag_list *dl)
{
	*out = NULL;
	struct cscs_messages *m = calloc(1, sizeof(*m));
	if (!m)
		return CSCS_ERR_NOMEM;
	size_t cap = 0;
	unsigned long line = 0;
	const char *end = text + len;
	for (const char *p = text; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		line++;
		size_t n = (size_t)(le - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (n && p[0] != '#') {
			const char *tab = memchr(p, '\t', n);
			if (!tab || tab == p || tab + 1 == p + n || memchr(tab + 1, '\t', (size_t)(p + n - tab - 1))) {
				cscs_diag_error(dl, path, line, 0, "expected \"English<TAB>translation\"");
				cscs_messages_free(m);
				return CSCS_ERR_INPUT;
			}
			if (m->n == cap) {
				size_t nc = cap ? cap * 2 : 64;
				struct entry *more = realloc(m->e, nc * sizeof(*more));
				if (!more)
					goto nomem;
				m->e = more;
				cap = nc;
			}
			struct entry *e = &m->e[m->n];
			memset(e, 0, sizeof(*e));
			e->en = strndup(p, (size_t)(tab - p));
			e->tr = strndup(tab + 1, (size_t)(p + n - tab - 1));
			m->n++;
			if (!e->en || !e->tr)
				goto nomem;
			if (!split(e)) {
				if (!e->parts)
					goto nomem;
				cscs_diag_error(dl, path, line, 0, "two parts side by side ({N}{M}) cannot be told apart");
				cscs_messages_free(m);
				return CSCS_ERR_INPUT;
			}
		}
		p = nl ? nl + 1 : end;
	}
	*out = m;
	return CSCS_OK;
nomem:
	cscs_messages_free(m);
	return CSCS_ERR_NOMEM;
}

enum cscs_error cscs_messages_load(struct cscs_messages **out, const char *datadir, const char *lang,
				   struct cscs_diag_list *dl)
{
	*out = NULL;
	if (!datadir || !lang || strcmp(lang, "en") == 0)
		return CSCS_OK;
	size_t n = strlen(datadir) + strlen(lang) + 48;
	char *path = malloc(n);
	if (!path)
		return CSCS_ERR_NOMEM;
	snprintf(path, n, "%s/templates/labels/messages.%s.tsv", datadir, lang);
	char *text = NULL;
	size_t len = 0;
	enum cscs_error err = cscs_fs_read_all(path, MAX_CATALOGUE_BYTES, &text, &len, NULL);
	if (err == CSCS_ERR_NOT_FOUND)
		err = CSCS_OK; /* no catalogue: the messages as they are */
	else if (!err)
		err = cscs_messages_parse(out, path, text, len, dl);
	else if (err != CSCS_ERR_NOMEM)
		cscs_diag_error(dl, path, 0, 0, "the message catalogue cannot be read");
	free(text);
	free(path);
	return err;
}

struct span {
	const char *s;
	size_t len;
};

/* Match parts[i..] against t[0..n) exactly; slots take the shortest text that lets the rest match. */
static bool match(const struct entry *e, size_t i, const char *t, size_t n, struct span caps[MAX_SLOTS + 1])
{
	if (i == e->n_parts)
		return n == 0;
	const struct part *p = &e->parts[i];
	if (p->lit)
		return p->len <= n && memcmp(t, p->lit, p->len) == 0 && match(e, i + 1, t + p->len, n - p->len, caps);
	if (i + 1 == e->n_parts) {
		if (n == 0)
			return false;
		caps[p->slot] = (struct span){t, n};
		return true;
	}
	/* the next part is a literal: try each place it stands, nearest first */
	const struct part *next = &e->parts[i + 1];
	for (size_t k = 1; k + next->len <= n; k++) {
		if (memcmp(t + k, next->lit, next->len) != 0)
			continue;
		caps[p->slot] = (struct span){t, k};
		if (match(e, i + 1, t + k, n - k, caps))
			return true;
	}
	return false;
}

static void put(const struct cscs_messages *m, const char *t, size_t n, struct cscs_buf *out, int depth);

/* The whole of t[0..n) by the first entry that matches it; false when none does. */
static bool put_whole(const struct cscs_messages *m, const char *t, size_t n, struct cscs_buf *out, int depth)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct entry *e = &m->e[i];
		struct span caps[MAX_SLOTS + 1];
		memset(caps, 0, sizeof(caps));
		if (!match(e, 0, t, n, caps))
			continue;
		for (const char *p = e->tr; *p; p++) {
			int s = slot_at(p);
			if (s) {
				if (depth < MAX_DEPTH)
					put(m, caps[s].s ? caps[s].s : "", caps[s].len, out, depth + 1);
				else
					cscs_buf_add(out, caps[s].s ? caps[s].s : "", caps[s].len);
				p += 2;
			} else {
				cscs_buf_addc(out, *p);
			}
		}
		return true;
	}
	return false;
}

/* t[0..n): whole, else its pieces between "; " each translated where a line matches, else as it is. */
static void put(const struct cscs_messages *m, const char *t, size_t n, struct cscs_buf *out, int depth)
{
	if (put_whole(m, t, n, out, depth))
		return;
	struct cscs_buf tmp = CSCS_BUF_INIT;
	bool any = false;
	const char *p = t, *end = t + n;
	for (;;) {
		const char *sep = NULL;
		for (const char *q = p; q + 1 < end; q++)
			if (q[0] == ';' && q[1] == ' ') {
				sep = q;
				break;
			}
		const char *pe = sep ? sep : end;
		if (p > t)
			cscs_buf_adds(&tmp, "\xEF\xBC\x9B"); /* ； */
		if (pe > p && put_whole(m, p, (size_t)(pe - p), &tmp, depth + 1))
			any = true;
		else
			cscs_buf_add(&tmp, p, (size_t)(pe - p));
		if (!sep)
			break;
		p = sep + 2;
	}
	if (any && !tmp.oom)
		cscs_buf_add(out, tmp.data, tmp.len);
	else
		cscs_buf_add(out, t, n);
	cscs_buf_finish(&tmp);
}

void cscs_messages_put(const struct cscs_messages *m, const char *text, struct cscs_buf *out)
{
	if (!text)
		return;
	if (!m)
		cscs_buf_adds(out, text);
	else
		put(m, text, strlen(text), out, 0);
}
