/*
 * The score: a transparent, self-assessment indicator (docs/scoring.md).
 * 1000 points less a deduction for every failed, unwaived check
 * (points of its severity x its weight), never below 0, with every
 * deducted point assigned to one check. Checks that could not be
 * evaluated (not_applicable, insufficient_data, error) deduct nothing;
 * coverage says how many applicable checks were evaluated. A grade
 * follows from the score, lowered by caps (a check's `cap`, a critical
 * failure, low coverage), each recorded with its reason.
 */
#ifndef CSCS_ENGINE_SCORE_H
#define CSCS_ENGINE_SCORE_H

#include <stddef.h>

#include "cscs/core/error.h"
#include "cscs/engine/engine.h"

struct cscs_score_model {
	int start;                   /* points before deductions (1000) */
	int points[CSCS_SEV_COUNT_]; /* deduction per severity at weight 1 */
	int grade_min[3];            /* lowest score for A, B and C; below is D */
	int coverage_min_pct;        /* below this coverage the grade is capped */
	char coverage_cap;           /* the cap for low coverage */
	char critical_cap;           /* the cap while a critical check fails */
};

struct cscs_score_input {
	const char *check_id;         /* for ordering and caps */
	enum cscs_status status;      /* final status (waived deducts nothing) */
	enum cscs_severity severity;  /* after the profile */
	double weight;                /* after the profile */
	char cap;                     /* the check's cap annotation, or 0 */
	int nominal;                  /* out: points x weight, rounded (0 unless failed) */
	int deduction;                /* out: points actually deducted (sum = start - score) */
};

struct cscs_score_cap {
	char grade;        /* the highest grade allowed */
	char *check_id;    /* the check that caused it, or NULL */
	char *reason;      /* one sentence */
};

struct cscs_score {
	int score;                     /* start - deducted, 0..start */
	char grade;                    /* after caps: 'A'..'D' */
	char grade_by_score;           /* before caps */
	int nominal;                   /* sum of nominal deductions (may exceed start) */
	int deducted;                  /* sum of deductions (at most start) */
	size_t n_by_status[CSCS_STATUS_COUNT_]; /* checks by final status */
	size_t n_checks;               /* checks scored */
	size_t n_applicable;           /* checks minus not_applicable */
	size_t n_evaluated;            /* fail + pass + waived */
	int coverage_pct;              /* n_evaluated / n_applicable, floor; -1 when nothing applied */
	struct cscs_score_cap *caps;   /* caps that apply, in the order found */
	size_t n_caps;                 /* entries in caps */
};

/*
 * The documented model: 1000 points; 250/100/40/10/0 by severity;
 * A >= 950, B >= 800, C >= 600; coverage below 50% and a critical failure
 * each cap the grade at C.
 */
void cscs_score_model_default(struct cscs_score_model *m);

/* The grade a score earns before caps. */
char cscs_score_grade_for(const struct cscs_score_model *m, int score);

/*
 * Score the n checks of in (filling their nominal and deduction) into out
 * (initialised here; release with cscs_score_finish). Deductions are
 * taken largest first (ties by check id) until the points run out.
 */
enum cscs_error cscs_score_compute(const struct cscs_score_model *m, struct cscs_score_input *in, size_t n,
				   struct cscs_score *out);

/* Release what a score holds. */
void cscs_score_finish(struct cscs_score *s);

/* The model and the score as a JSON object (runs.score_detail); malloc'd, NULL when out of memory. */
char *cscs_score_detail_json(const struct cscs_score_model *m, const struct cscs_score *s);

#endif
