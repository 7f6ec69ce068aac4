#include "cscs/screen/match.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/text.h"
#include "cscs/ident/resident_id.h"
#include "cscs/ident/uscc.h"
#include "cscs/screen/index.h"

void cscs_screen_company_init(struct cscs_screen_company *c, const char *name, const char *code)
{
	c->name = name;
	cscs_screen_normalize_name(name, name ? strlen(name) : 0, &c->norm);
	c->code[0] = '\0';
	c->code_valid = false;
	if (code) {
		cscs_screen_normalize_id(code, c->code, sizeof(c->code));
		c->code_valid = c->code[0] && cscs_uscc_valid(c->code);
	}
}

void cscs_screen_person_init(struct cscs_screen_person *p, const char *name, const char *id)
{
	p->name = name;
	cscs_screen_normalize_person(name, name ? strlen(name) : 0, p->norm, sizeof(p->norm));
	p->id[0] = '\0';
	p->id_valid = false;
	if (id) {
		cscs_screen_normalize_id(id, p->id, sizeof(p->id));
		p->id_valid = p->id[0] && cscs_resident_id_valid(p->id);
	}
}

struct gram {
	uint64_t pair;   /* first << 32 | second code point */
	unsigned weight; /* from the bucket table, or 1 */
};

/* Padded bigrams of s with their weights, sorted by pair, without repeats. */
static size_t bigrams(const char *s, size_t len, const uint32_t *table, struct gram *out, size_t cap)
{
	uint32_t prev = 1; /* start mark, as in the list index */
	size_t n = 0, i = 0;
	while (i < len && n + 1 < cap) {
		uint32_t c;
		int k = cscs_utf8_decode(s + i, len - i, &c);
		if (k <= 0) {
			i++;
			continue;
		}
		i += (size_t)k;
		out[n++].pair = (uint64_t)prev << 32 | c;
		prev = c;
	}
	if (n == 0)
		return 0;
	out[n++].pair = (uint64_t)prev << 32 | 2; /* end mark */
	for (size_t a = 0; a < n; a++) {
		uint32_t b = cscs_screen_gram_bucket((uint32_t)(out[a].pair >> 32), (uint32_t)out[a].pair);
		out[a].weight = table ? CSCS_GRAM_WEIGHT(table[b]) : 1;
	}
	for (size_t a = 1; a < n; a++) {
		struct gram x = out[a];
		size_t b = a;
		while (b > 0 && out[b - 1].pair > x.pair) {
			out[b] = out[b - 1];
			b--;
		}
		out[b] = x;
	}
	size_t m = 0;
	for (size_t j = 0; j < n; j++)
		if (m == 0 || out[m - 1].pair != out[j].pair)
			out[m++] = out[j];
	return m;
}

int cscs_screen_name_similarity(const char *a, size_t alen, const char *b, size_t blen,
				const uint32_t *gram_table)
{
	struct gram ga[CSCS_NAME_KEY_MAX + 1], gb[CSCS_NAME_KEY_MAX + 1];
	if (alen == blen && memcmp(a, b, alen) == 0)
		return alen ? 100 : 0;
	size_t na = bigrams(a, alen, gram_table, ga, CSCS_NAME_KEY_MAX + 1);
	size_t nb = bigrams(b, blen, gram_table, gb, CSCS_NAME_KEY_MAX + 1);
	if (na == 0 || nb == 0)
		return 0;
	uint64_t wa = 0, wb = 0, shared = 0;
	for (size_t i = 0; i < na; i++)
		wa += ga[i].weight;
	for (size_t j = 0; j < nb; j++)
		wb += gb[j].weight;
	size_t i = 0, j = 0;
	while (i < na && j < nb) {
		if (ga[i].pair < gb[j].pair) {
			i++;
		} else if (ga[i].pair > gb[j].pair) {
			j++;
		} else {
			shared += ga[i].weight;
			i++;
			j++;
		}
	}
	/* rounded half up, integers only: the same inputs give the same score everywhere */
	return (int)((400 * shared + (wa + wb)) / (2 * (wa + wb)));
}

static void add_factor(struct cscs_buf *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add_factor(struct cscs_buf *why, const char *fmt, ...)
{
	if (!why)
		return;
	if (why->len)
		cscs_buf_adds(why, "; ");
	va_list ap;
	va_start(ap, fmt);
	cscs_buf_addvf(why, fmt, ap);
	va_end(ap);
}

static const char *or_none(const char *s)
{
	return s && s[0] ? s : "none";
}

/* Is key (len bytes) the non-empty key of n? */
static bool same_key(const struct cscs_name_norm *n, const char *key, size_t len)
{
	return n->key_len && n->key_len == len && memcmp(n->key, key, len) == 0;
}

bool cscs_screen_score_company(const struct cscs_screen_company *s, const struct cscs_screen_company *e,
			       int min_similarity, const uint32_t *gram_table, struct cscs_match *m,
			       struct cscs_buf *why)
{
	bool same_code = s->code[0] && strcmp(s->code, e->code) == 0;
	bool conflict = s->code_valid && e->code_valid && !same_code;
	const char *s_key = s->norm.key, *e_key = e->norm.key;
	bool names_equal = same_key(&s->norm, e->norm.key, e->norm.key_len), s_latin = false, e_latin = false;
	int sim = cscs_screen_name_similarity(s->norm.key, s->norm.key_len, e->norm.key, e->norm.key_len,
					      gram_table);
	/*
	 * A name written in both scripts on either side: the two spellings
	 * closest to each other (the subject's key against the entry's Latin
	 * spelling, the subject's Latin spelling against the entry's key, then
	 * both Latin spellings), the first one equal or the most similar.
	 */
	for (int k = 0; k < 3 && !names_equal; k++) {
		const struct cscs_name_norm *a = &s->norm, *b = &e->norm;
		bool a_alt = k > 0, b_alt = k != 1;
		const char *ka = a_alt ? a->alt : a->key, *kb = b_alt ? b->alt : b->key;
		size_t la = a_alt ? a->alt_len : a->key_len, lb = b_alt ? b->alt_len : b->key_len;
		if (!la || !lb)
			continue;
		bool eq = la == lb && memcmp(ka, kb, la) == 0;
		int v = cscs_screen_name_similarity(ka, la, kb, lb, gram_table);
		if (eq || v > sim) {
			names_equal = eq;
			sim = v;
			s_key = ka;
			e_key = kb;
			s_latin = a_alt;
			e_latin = b_alt;
		}
	}
	bool names_similar = !names_equal && sim >= min_similarity && sim > 0;
	m->similarity = names_equal ? 100 : sim;
	m->rule = CSCS_RULE_NONE;
	m->score = 0;
	if (!same_code && !names_equal && !names_similar)
		return false;

	int name_score = names_equal ? CSCS_SCORE_NAME_EQUAL
		       : names_similar ? (sim < CSCS_SCORE_SIMILAR_MAX ? sim : CSCS_SCORE_SIMILAR_MAX) : 0;
	if (same_code && s->code_valid) {
		m->rule = CSCS_RULE_USCC;
		m->score = CSCS_SCORE_USCC;
		add_factor(why, "same USCC %s", s->code);
	} else if (same_code) {
		m->rule = CSCS_RULE_CODE;
		m->score = name_score >= CSCS_SCORE_CODE_ONLY ? name_score + CSCS_SCORE_CODE_BONUS
							       : CSCS_SCORE_CODE_ONLY;
		if (m->score > 99)
			m->score = 99;
		add_factor(why, "same code %s, but it is not a valid USCC", s->code);
	} else {
		m->rule = names_equal ? CSCS_RULE_NAME : CSCS_RULE_SIMILAR;
		m->score = name_score;
	}

	if (names_equal)
		add_factor(why, "names equal after normalisation: %s", s_key);
	/* cppcheck-suppress knownConditionTrueFalse ; false positive: true for similar names */
	else if (names_similar)
		add_factor(why, "names %d%% similar after normalisation: %s / %s", sim, s_key, e_key);
	else
		add_factor(why, "names differ: %s / %s", or_none(s_key), or_none(e_key));
	if (s_latin)
		add_factor(why, "compared with the subject's name in Latin letters, beside its Chinese name %s",
			   s->norm.key);
	if (e_latin)
		add_factor(why, "compared with the list entry's name in Latin letters, beside its Chinese name %s",
			   e->norm.key);

	if (conflict) {
		m->score -= CSCS_PENALTY_CONFLICT;
		add_factor(why, "different USCCs %s / %s (-%d)", s->code, e->code, CSCS_PENALTY_CONFLICT);
	} else if (!same_code && s->code[0] && e->code[0]) {
		/* one wording per case: "neither is not" read as a double negative */
		if (s->code_valid)
			add_factor(why, "codes differ, the list entry's is not a valid USCC: %s / %s",
				   s->code, e->code);
		else if (e->code_valid)
			add_factor(why, "codes differ, the subject's is not a valid USCC: %s / %s", s->code,
				   e->code);
		else
			add_factor(why, "codes differ, neither is a valid USCC: %s / %s", s->code, e->code);
	}

	/* a branch has its own USCC: with the same valid USCC the branch mark cannot mislead */
	bool branch_equal = strcmp(s->norm.branch, e->norm.branch) == 0;
	if (!branch_equal && m->rule != CSCS_RULE_USCC) {
		m->score -= CSCS_PENALTY_BRANCH;
		add_factor(why, "branch marker differs: %s / %s (-%d)", or_none(s->norm.branch),
			   or_none(e->norm.branch), CSCS_PENALTY_BRANCH);
	} else if (!branch_equal) {
		add_factor(why, "branch marker differs: %s / %s", or_none(s->norm.branch),
			or_none(e->norm.branch));
	} else if (s->norm.branch[0]) {
		add_factor(why, "same branch marker: %s", s->norm.branch);
	}
	if (m->score < 0)
		m->score = 0;
	return true;
}

static const char *masked(const char *id, char *buf, size_t len)
{
	return cscs_resident_id_mask(id, buf, len);
}

bool cscs_screen_score_person(const struct cscs_screen_person *s, const struct cscs_screen_person *e,
			      struct cscs_match *m, struct cscs_buf *why)
{
	char a[40], b[40];
	bool names_equal = s->norm[0] && strcmp(s->norm, e->norm) == 0;
	bool both_ids = s->id[0] && e->id[0];
	bool same_id = both_ids && strcmp(s->id, e->id) == 0;
	m->rule = CSCS_RULE_NONE;
	m->score = 0;
	m->similarity = names_equal ? 100 : 0;
	if (!same_id && !names_equal)
		return false;
	if (same_id) {
		m->rule = CSCS_RULE_ID;
		m->score = names_equal ? CSCS_SCORE_ID_AND_NAME : CSCS_SCORE_ID_ONLY;
		if (!s->id_valid)
			m->score -= 10;
		add_factor(why, "same identity number %s%s", masked(s->id, a, sizeof(a)),
			   s->id_valid ? "" : " (its check digit is wrong)");
		if (names_equal)
			add_factor(why, "same name %s", s->norm);
		else
			add_factor(why, "names differ: %s / %s", or_none(s->norm), or_none(e->norm));
		return true;
	}
	m->rule = CSCS_RULE_PERSON_NAME;
	add_factor(why, "same name %s", s->norm);
	if (both_ids) {
		m->score = CSCS_SCORE_ID_CONFLICT;
		add_factor(why, "identity numbers differ: %s / %s", masked(s->id, a, sizeof(a)),
			   masked(e->id, b, sizeof(b)));
	} else {
		m->score = CSCS_SCORE_PERSON_NAME;
		const char *where = s->id[0]   ? "on the list entry"
				    : e->id[0] ? "on the subject's side"
					       : "on either side";
		add_factor(why, "no identity number %s to compare; a name alone is not unique", where);
	}
	return true;
}

const char *cscs_screen_band(int score, int match_score, int review_score)
{
	if (score >= match_score)
		return "match";
	if (score >= review_score)
		return "review";
	return "clear";
}

const char *cscs_screen_rule_name(enum cscs_match_rule rule)
{
	switch (rule) {
	case CSCS_RULE_USCC:
		return "uscc";
	case CSCS_RULE_CODE:
		return "code";
	case CSCS_RULE_NAME:
		return "name";
	case CSCS_RULE_SIMILAR:
		return "similar_name";
	case CSCS_RULE_ID:
		return "id_number";
	case CSCS_RULE_PERSON_NAME:
		return "person_name";
	case CSCS_RULE_NONE:
		break;
	}
	return "none";
}
