/*
 * Scoring one subject (partner, audited entity, legal representative)
 * against one list entry: a score from 0 to 100, the rule it rests on,
 * and an explanation that names every factor (docs/screening.md).
 */
#ifndef CSCS_SCREEN_MATCH_H
#define CSCS_SCREEN_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cscs/core/buf.h"
#include "cscs/screen/normalize.h"

/* Scores and penalties; docs/screening.md explains each. */
#define CSCS_SCORE_USCC 100          /* the same valid USCC */
#define CSCS_SCORE_NAME_EQUAL 95     /* names equal after normalisation */
#define CSCS_SCORE_SIMILAR_MAX 89    /* similar names score their similarity, at most this */
#define CSCS_SCORE_CODE_ONLY 70      /* the same code that is not a valid USCC, names unrelated */
#define CSCS_SCORE_CODE_BONUS 4      /* the same invalid code on top of a name match */
#define CSCS_PENALTY_CONFLICT 50     /* both sides have valid, different USCCs */
#define CSCS_PENALTY_BRANCH 20       /* branch markers differ */
#define CSCS_SCORE_ID_AND_NAME 100   /* the same identity number and name */
#define CSCS_SCORE_ID_ONLY 90        /* the same identity number, names differ */
#define CSCS_SCORE_PERSON_NAME 70    /* the same name, no identity number to compare */
#define CSCS_SCORE_ID_CONFLICT 20    /* the same name, different identity numbers */

enum cscs_match_rule {
	CSCS_RULE_NONE,        /* nothing relates the two */
	CSCS_RULE_USCC,        /* same valid USCC */
	CSCS_RULE_CODE,        /* same code that is not a valid USCC */
	CSCS_RULE_NAME,        /* names equal after normalisation */
	CSCS_RULE_SIMILAR,     /* names similar */
	CSCS_RULE_ID,          /* same identity number */
	CSCS_RULE_PERSON_NAME, /* same personal name */
};

struct cscs_screen_company {
	const char *name;           /* as written, or NULL */
	struct cscs_name_norm norm; /* normalised name */
	char code[32];              /* normalised code, "" when none */
	bool code_valid;            /* code is a valid USCC */
};

struct cscs_screen_person {
	const char *name; /* as written, or NULL */
	char norm[64];    /* normalised name, "" when none */
	char id[32];      /* normalised identity number, "" when none */
	bool id_valid;    /* id passes the GB 11643 check */
};

struct cscs_match {
	int score;                 /* 0..100 */
	enum cscs_match_rule rule; /* what the score rests on */
	int similarity;            /* name similarity in percent (100: equal after normalisation) */
};

/* Fill c from a name and a code (either may be NULL). */
void cscs_screen_company_init(struct cscs_screen_company *c, const char *name, const char *code);

/* Fill p from a name and an identity number (either may be NULL). */
void cscs_screen_person_init(struct cscs_screen_person *p, const char *name, const char *id);

/*
 * Similarity of two normalised names in percent: the weighted Dice
 * coefficient of their sets of character bigrams, padded with start and
 * end marks: 2·W(shared) / (W(a) + W(b)), W the sum of the bigrams'
 * weights. gram_table is the list index's bucket table (weights by
 * rarity, index.h), or NULL to weigh every bigram 1 (plain Dice). 100 for
 * equal names, 0 when either is empty.
 */
int cscs_screen_name_similarity(const char *a, size_t alen, const char *b, size_t blen,
				const uint32_t *gram_table);

/*
 * Score subject against entry. Names count only when they are equal after
 * normalisation or at least min_similarity percent similar (weighted with
 * gram_table, see cscs_screen_name_similarity). Returns false (m->rule
 * CSCS_RULE_NONE) when nothing relates them; otherwise fills m and
 * appends the factors to why ("; "-separated; why may be NULL).
 */
bool cscs_screen_score_company(const struct cscs_screen_company *subject,
			       const struct cscs_screen_company *entry, int min_similarity,
			       const uint32_t *gram_table, struct cscs_match *m, struct cscs_buf *why);

/*
 * Score a legal representative against the one named in a list entry:
 * by identity number where both have one, else by name. Identity numbers
 * in why are masked. Returns false when neither number nor name agree.
 */
bool cscs_screen_score_person(const struct cscs_screen_person *subject,
			      const struct cscs_screen_person *entry, struct cscs_match *m,
			      struct cscs_buf *why);

/* "match", "review" or "clear" for a score and the two thresholds. */
const char *cscs_screen_band(int score, int match_score, int review_score);

/* "uscc", "code", "name", "similar_name", "id_number", "person_name" or "none". */
const char *cscs_screen_rule_name(enum cscs_match_rule rule);

#endif
