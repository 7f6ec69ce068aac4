/*
 * The score: a transparent, self-assessment indicator (docs/scoring.md).
 * The 1000 points are shared equally by the areas with at least one
 * evaluated check; each failed, unwaived check keeps (1 - p) of what is
 * left of its area, p = its severity's share x its weight (at most 90%),
 * so deductions shrink as they accumulate, one area can lose at most its
 * own share, and fixing any failed check raises the score. The points lost
 * are assigned to the checks (summing to 1000 - score). Positive signals
 * (area `positive` or tag `positive`) are counted apart and deduct
 * nothing. Checks that could not be evaluated (not_applicable,
 * insufficient_data, error) deduct nothing; coverage says how many
 * applicable checks were evaluated. A grade follows from the score,
 * lowered by caps (a check's `cap`, a critical failure, low coverage),
 * each recorded with its reason.
 */
#ifndef CSCS_ENGINE_SCORE_H
#define CSCS_ENGINE_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "cscs/core/error.h"
#include "cscs/engine/engine.h"

struct cscs_score_model {
	int start;                   /* points before deductions (1000) */
	int points[CSCS_SEV_COUNT_]; /* per mille of what is left of its area a failed check takes, by severity, at weight 1 */
	int max_take;                /* the most (per mille) one check can take of what is left (900) */
	int grade_min[3];            /* lowest score for A, B and C; below is D */
	int coverage_min_pct;        /* below this coverage the grade is capped */
	char coverage_cap;           /* the cap for low coverage */
	char critical_cap;           /* the cap while a critical check fails */
};

struct cscs_score_input {
	const char *check_id;         /* for ordering and caps */
	const char *area;             /* the check's area (NULL: one unnamed area) */
	bool positive;                /* a positive signal: counted apart, never a deduction */
	bool unscored;                /* tag "unscored" (a record-keeping control): no area, no deduction */
	enum cscs_status status;      /* final status (waived deducts nothing) */
	enum cscs_severity severity;  /* after the profile */
	double weight;                /* after the profile */
	char cap;                     /* the check's cap annotation, or 0 */
	int nominal;                  /* out: points it would take alone from its full area, rounded (0 unless failed) */
	int deduction;                /* out: its share of the points lost (sum = start - score) */
};

struct cscs_score_cap {
	char grade;        /* the highest grade allowed */
	char *check_id;    /* the check that caused it, or NULL */
	char *reason;      /* one sentence */
};

/* One area: its share of the points and what is left of it. */
struct cscs_score_area {
	char *area;        /* the area's name */
	double share;      /* points it carries: start / scored areas */
	double kept;       /* 0..1: the product of (1 - p) over its failed checks */
	double points;     /* share x kept */
	int percent;       /* kept x 100, rounded */
	size_t n_failed;   /* failed (unwaived) checks in it */
	size_t n_evaluated; /* fail + pass + waived checks in it */
};

#define CSCS_SCORE_FIX_TOP 3 /* failed checks the "fix these" figure assumes fixed */

struct cscs_score {
	int score;                     /* start - deducted, 0..start */
	char grade;                    /* after caps: 'A'..'D' */
	char grade_by_score;           /* before caps */
	double exact;                  /* the score before rounding */
	int nominal;                   /* sum of nominal deductions (may exceed start) */
	int deducted;                  /* sum of deductions: start - score */
	struct cscs_score_area *areas; /* the scored areas (at least one evaluated check), by name */
	size_t n_areas;                /* entries in areas */
	size_t n_positive;             /* positive signals found (positive checks that returned rows) */
	char *fix_top[CSCS_SCORE_FIX_TOP]; /* the failed checks with the largest deductions (ties by id) */
	size_t n_fix_top;              /* entries in fix_top */
	int fix_top_score;             /* the score with those checks passing (computed, not estimated) */
	char fix_top_grade;            /* its grade by score */
	size_t n_by_status[CSCS_STATUS_COUNT_]; /* checks by final status */
	size_t n_checks;               /* checks scored */
	size_t n_applicable;           /* checks minus not_applicable */
	size_t n_evaluated;            /* fail + pass + waived */
	int coverage_pct;              /* n_evaluated / n_applicable, floor; -1 when nothing applied */
	struct cscs_score_cap *caps;   /* caps that apply, in the order found */
	size_t n_caps;                 /* entries in caps */
};

/*
 * The documented model: 1000 points shared by the areas; a failed check
 * takes 500/250/100/30/0 per mille of what is left of its area by severity
 * (critical to info), at most 900; A >= 950, B >= 850, C >= 700; coverage below 50% and
 * a critical failure each cap the grade at C.
 */
void cscs_score_model_default(struct cscs_score_model *m);

/* The grade a score earns before caps. */
char cscs_score_grade_for(const struct cscs_score_model *m, int score);

/*
 * Score the n checks of in (filling their nominal and deduction) into out
 * (initialised here; release with cscs_score_finish), with the areas and
 * the score if the CSCS_SCORE_FIX_TOP largest deductions were fixed.
 */
enum cscs_error cscs_score_compute(const struct cscs_score_model *m, struct cscs_score_input *in, size_t n,
				   struct cscs_score *out);

/* Release what a score holds. */
void cscs_score_finish(struct cscs_score *s);

/* The model and the score as a JSON object (runs.score_detail); malloc'd, NULL when out of memory. */
char *cscs_score_detail_json(const struct cscs_score_model *m, const struct cscs_score *s);

#endif
