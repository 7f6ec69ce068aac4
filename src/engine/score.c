#include "cscs/engine/score.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/buf.h"
#include "cscs/core/json.h"
#include "cscs/engine/json.h"

void cscs_score_model_default(struct cscs_score_model *m)
{
	*m = (struct cscs_score_model){
		.start = 1000,
		.points = {500, 250, 100, 30, 0},
		.max_take = 900,
		.grade_min = {950, 850, 700},
		.coverage_min_pct = 50,
		.coverage_cap = 'C',
		.critical_cap = 'C',
	};
}

char cscs_score_grade_for(const struct cscs_score_model *m, int score)
{
	if (score >= m->grade_min[0])
		return 'A';
	if (score >= m->grade_min[1])
		return 'B';
	if (score >= m->grade_min[2])
		return 'C';
	return 'D';
}

void cscs_score_finish(struct cscs_score *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_caps; i++) {
		free(s->caps[i].check_id);
		free(s->caps[i].reason);
	}
	free(s->caps);
	for (size_t i = 0; i < s->n_areas; i++)
		free(s->areas[i].area);
	free(s->areas);
	for (size_t i = 0; i < s->n_fix_top; i++)
		free(s->fix_top[i]);
	memset(s, 0, sizeof(*s));
}

static enum cscs_error add_cap(struct cscs_score *s, char grade, const char *check_id, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static enum cscs_error add_cap(struct cscs_score *s, char grade, const char *check_id, const char *fmt, ...)
{
	struct cscs_score_cap *more = realloc(s->caps, (s->n_caps + 1) * sizeof(*more));
	if (!more)
		return CSCS_ERR_NOMEM;
	s->caps = more;
	struct cscs_score_cap *c = &s->caps[s->n_caps];
	struct cscs_buf b = CSCS_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	cscs_buf_addvf(&b, fmt, ap);
	va_end(ap);
	c->grade = grade;
	c->reason = cscs_buf_detach(&b);
	c->check_id = check_id ? strdup(check_id) : NULL;
	if (!c->reason || (check_id && !c->check_id)) {
		free(c->reason);
		free(c->check_id);
		return CSCS_ERR_NOMEM;
	}
	s->n_caps++;
	return CSCS_OK;
}

static bool is_evaluated(enum cscs_status st)
{
	return st == CSCS_STATUS_FAIL || st == CSCS_STATUS_PASS || st == CSCS_STATUS_WAIVED;
}

static const char *area_of(const struct cscs_score_input *c)
{
	return c->area ? c->area : "";
}

/* What a failed check takes of what is left of its area: 0..max_take per mille, as a fraction. */
static double take_of(const struct cscs_score_model *m, const struct cscs_score_input *c)
{
	if (c->status != CSCS_STATUS_FAIL || c->positive || c->unscored || (unsigned)c->severity >= CSCS_SEV_COUNT_)
		return 0;
	double t = m->points[c->severity] * c->weight;
	if (!(t > 0)) /* also NaN */
		return 0;
	if (t > m->max_take)
		t = m->max_take;
	return t / 1000.0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct cscs_score_area *)a)->area, ((const struct cscs_score_area *)b)->area);
}

/*
 * The areas of the n checks (names borrowed from in, not copied) and the
 * exact score. A linear search per check: a run has tens of areas.
 */
static enum cscs_error score_areas(const struct cscs_score_model *m, const struct cscs_score_input *in, size_t n,
				   struct cscs_score_area **areas_out, size_t *n_out, double *exact)
{
	struct cscs_score_area *areas = n ? calloc(n, sizeof(*areas)) : NULL;
	if (n && !areas)
		return CSCS_ERR_NOMEM;
	size_t n_areas = 0;
	for (size_t i = 0; i < n; i++) {
		const struct cscs_score_input *c = &in[i];
		if (c->positive || c->unscored || !is_evaluated(c->status))
			continue;
		size_t a = 0;
		while (a < n_areas && strcmp(areas[a].area, area_of(c)) != 0)
			a++;
		if (a == n_areas) {
			areas[n_areas++] = (struct cscs_score_area){.area = (char *)area_of(c), .kept = 1};
		}
		areas[a].n_evaluated++;
		if (c->status == CSCS_STATUS_FAIL) {
			areas[a].n_failed++;
			areas[a].kept *= 1 - take_of(m, c);
		}
	}
	if (n_areas > 1)
		qsort(areas, n_areas, sizeof(*areas), by_name);
	double total = n_areas ? 0 : m->start;
	for (size_t a = 0; a < n_areas; a++) {
		areas[a].share = (double)m->start / (double)n_areas;
		areas[a].points = areas[a].share * areas[a].kept;
		areas[a].percent = (int)lround(areas[a].kept * 100);
		total += areas[a].points;
	}
	*areas_out = areas;
	*n_out = n_areas;
	*exact = total;
	return CSCS_OK;
}

static int round_score(const struct cscs_score_model *m, double exact)
{
	long v = lround(exact);
	return v < 0 ? 0 : v > m->start ? m->start : (int)v;
}

/* Sorting context: qsort has none, so the inputs travel in the index array. */
struct order {
	struct cscs_score_input *in; /* the check */
	double share;                /* its exact share of the points lost */
};

/* Largest remainder first, ties in check-id order. */
static int by_remainder(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	double rx = x->share - floor(x->share), ry = y->share - floor(y->share);
	if (rx != ry)
		return rx > ry ? -1 : 1;
	return strcmp(x->in->check_id, y->in->check_id);
}

/* Largest deduction first, ties in check-id order. */
static int by_deduction(const void *a, const void *b)
{
	const struct cscs_score_input *x = ((const struct order *)a)->in;
	const struct cscs_score_input *y = ((const struct order *)b)->in;
	if (x->deduction != y->deduction)
		return x->deduction > y->deduction ? -1 : 1;
	return strcmp(x->check_id, y->check_id);
}

/*
 * Each failed check's share of what its area lost, in proportion to
 * -ln(1 - p): the share each factor has of a product, so the order the
 * checks are taken in does not matter. Rounded by largest remainder so
 * that the deductions add up to exactly start - score.
 */
static enum cscs_error assign_deductions(const struct cscs_score_model *m, struct cscs_score_input *in, size_t n,
					 const struct cscs_score_area *areas, size_t n_areas, int lost)
{
	struct order *order = n ? malloc(n * sizeof(*order)) : NULL;
	if (n && !order)
		return CSCS_ERR_NOMEM;
	size_t n_taking = 0;
	int floors = 0;
	for (size_t i = 0; i < n; i++) {
		struct cscs_score_input *c = &in[i];
		double t = take_of(m, c);
		if (!(t > 0))
			continue;
		const struct cscs_score_area *a = NULL;
		for (size_t k = 0; k < n_areas && !a; k++)
			if (strcmp(areas[k].area, area_of(c)) == 0)
				a = &areas[k];
		if (!a)
			continue;
		double share = a->share * (1 - a->kept);
		if (a->kept > 0 && a->kept < 1)
			share *= log1p(-t) / log(a->kept);
		c->nominal = (int)lround(a->share * t);
		order[n_taking++] = (struct order){.in = c, .share = share};
		c->deduction = (int)floor(share);
		floors += c->deduction;
	}
	if (n_taking > 1)
		qsort(order, n_taking, sizeof(*order), by_remainder);
	for (size_t i = 0; i < n_taking && floors < lost; i++, floors++)
		order[i].in->deduction++;
	free(order);
	return CSCS_OK;
}

/* The CSCS_SCORE_FIX_TOP largest deductions, and the score with those checks passing. */
static enum cscs_error fix_top(const struct cscs_score_model *m, const struct cscs_score_input *in, size_t n,
			       struct cscs_score *out)
{
	out->fix_top_score = out->score;
	out->fix_top_grade = out->grade_by_score;
	struct order *order = n ? malloc(n * sizeof(*order)) : NULL;
	struct cscs_score_input *what_if = n ? malloc(n * sizeof(*what_if)) : NULL;
	enum cscs_error err = CSCS_OK;
	if (n && (!order || !what_if)) {
		err = CSCS_ERR_NOMEM;
		goto out;
	}
	size_t n_taking = 0;
	for (size_t i = 0; i < n; i++) {
		what_if[i] = in[i];
		if (in[i].deduction > 0 || take_of(m, &in[i]) > 0)
			order[n_taking++].in = &what_if[i];
	}
	if (n_taking > 1)
		qsort(order, n_taking, sizeof(*order), by_deduction);
	for (size_t i = 0; i < n_taking && i < CSCS_SCORE_FIX_TOP; i++) {
		out->fix_top[i] = strdup(order[i].in->check_id);
		if (!out->fix_top[i]) {
			err = CSCS_ERR_NOMEM;
			goto out;
		}
		out->n_fix_top++;
		order[i].in->status = CSCS_STATUS_PASS;
	}
	if (out->n_fix_top) {
		struct cscs_score_area *areas = NULL;
		size_t n_areas = 0;
		double exact = 0;
		err = score_areas(m, what_if, n, &areas, &n_areas, &exact);
		free(areas);
		if (!err) {
			out->fix_top_score = round_score(m, exact);
			out->fix_top_grade = cscs_score_grade_for(m, out->fix_top_score);
		}
	}
out:
	free(order);
	free(what_if);
	return err;
}

enum cscs_error cscs_score_compute(const struct cscs_score_model *m, struct cscs_score_input *in, size_t n,
				   struct cscs_score *out)
{
	memset(out, 0, sizeof(*out));
	out->n_checks = n;
	for (size_t i = 0; i < n; i++) {
		struct cscs_score_input *c = &in[i];
		c->nominal = 0;
		c->deduction = 0;
		if ((unsigned)c->status < CSCS_STATUS_COUNT_)
			out->n_by_status[c->status]++;
		if (c->positive && c->status == CSCS_STATUS_FAIL)
			out->n_positive++;
	}
	struct cscs_score_area *areas = NULL;
	size_t n_areas = 0;
	enum cscs_error err = score_areas(m, in, n, &areas, &n_areas, &out->exact);
	if (!err) {
		out->score = round_score(m, out->exact);
		out->deducted = m->start - out->score;
		err = assign_deductions(m, in, n, areas, n_areas, out->deducted);
	}
	if (err) {
		free(areas);
		return err;
	}
	/* The names were borrowed from the inputs; the result owns its copies. */
	out->areas = areas;
	out->n_areas = n_areas;
	for (size_t a = 0; a < n_areas; a++)
		if (!(areas[a].area = strdup(areas[a].area))) {
			for (size_t k = a; k < n_areas; k++)
				areas[k].area = NULL;
			cscs_score_finish(out);
			return CSCS_ERR_NOMEM;
		}
	for (size_t i = 0; i < n; i++)
		out->nominal += in[i].nominal;
	out->grade_by_score = cscs_score_grade_for(m, out->score);

	out->n_evaluated = out->n_by_status[CSCS_STATUS_FAIL] + out->n_by_status[CSCS_STATUS_PASS] +
			   out->n_by_status[CSCS_STATUS_WAIVED];
	out->n_applicable = n - out->n_by_status[CSCS_STATUS_NOT_APPLICABLE];
	out->coverage_pct = out->n_applicable ? (int)(out->n_evaluated * 100 / out->n_applicable) : -1;

	for (size_t i = 0; i < n && !err; i++) {
		const struct cscs_score_input *c = &in[i];
		if (c->status != CSCS_STATUS_FAIL || c->positive)
			continue;
		if (c->cap)
			err = add_cap(out, c->cap, c->check_id, "check '%s' fails and caps the grade at %c",
				      c->check_id, c->cap);
		if (!err && c->severity == CSCS_SEV_CRITICAL)
			err = add_cap(out, m->critical_cap, c->check_id,
				      "critical check '%s' fails; a critical failure caps the grade at %c",
				      c->check_id, m->critical_cap);
	}
	if (!err && out->coverage_pct >= 0 && out->coverage_pct < m->coverage_min_pct)
		err = add_cap(out, m->coverage_cap, NULL,
			      "only %zu of %zu applicable checks could be evaluated "
			      "(coverage %d%%, below %d%%)",
			      out->n_evaluated, out->n_applicable, out->coverage_pct, m->coverage_min_pct);
	if (!err)
		err = fix_top(m, in, n, out);
	if (err) {
		cscs_score_finish(out);
		return err;
	}
	out->grade = out->grade_by_score;
	for (size_t i = 0; i < out->n_caps; i++)
		if (out->caps[i].grade > out->grade)
			out->grade = out->caps[i].grade;
	return CSCS_OK;
}

char *cscs_score_detail_json(const struct cscs_score_model *m, const struct cscs_score *s)
{
	struct cscs_buf b = CSCS_BUF_INIT;
	cscs_buf_addf(&b, "{\"model\":\"cscs-audit score 2\",\"self_assessment\":true,"
		      "\"note\":\"a self-assessment indicator computed from the company's own records; "
		      "not an official credit rating\",\"start\":%d,\"points\":{", m->start);
	for (int i = 0; i < CSCS_SEV_COUNT_; i++)
		cscs_buf_addf(&b, "%s\"%s\":%d", i ? "," : "", cscs_severity_name((enum cscs_severity)i),
			      m->points[i]);
	cscs_buf_addf(&b, "},\"max_take\":%d", m->max_take);
	cscs_buf_addf(&b, ",\"grade_min\":{\"A\":%d,\"B\":%d,\"C\":%d},", m->grade_min[0], m->grade_min[1],
		      m->grade_min[2]);
	cscs_buf_addf(&b, "\"nominal_deductions\":%d,\"deducted\":%d,\"score\":%d,\"grade_by_score\":\"%c\","
		      "\"grade\":\"%c\",\"caps\":[", s->nominal, s->deducted, s->score, s->grade_by_score,
		      s->grade);
	for (size_t i = 0; i < s->n_caps; i++) {
		cscs_buf_addf(&b, "%s{\"grade\":\"%c\",\"check_id\":", i ? "," : "", s->caps[i].grade);
		cscs_json_add_string(&b, s->caps[i].check_id);
		cscs_buf_adds(&b, ",\"reason\":");
		cscs_json_add_string(&b, s->caps[i].reason);
		cscs_buf_addc(&b, '}');
	}
	cscs_buf_adds(&b, "],\"coverage\":{\"percent\":");
	if (s->coverage_pct >= 0)
		cscs_buf_addf(&b, "%d", s->coverage_pct);
	else
		cscs_buf_adds(&b, "null");
	cscs_buf_addf(&b, ",\"min_percent\":%d,\"checks\":%zu,\"applicable\":%zu,\"evaluated\":%zu},"
		      "\"status\":{",
		      m->coverage_min_pct, s->n_checks, s->n_applicable, s->n_evaluated);
	for (int i = 0; i < CSCS_STATUS_COUNT_; i++)
		cscs_buf_addf(&b, "%s\"%s\":%zu", i ? "," : "", cscs_status_name((enum cscs_status)i),
			      s->n_by_status[i]);
	cscs_buf_addf(&b, "},\"positive_signals\":%zu,\"areas\":[", s->n_positive);
	for (size_t i = 0; i < s->n_areas; i++) {
		const struct cscs_score_area *a = &s->areas[i];
		cscs_buf_adds(&b, i ? ",{\"area\":" : "{\"area\":");
		cscs_json_add_string(&b, a->area);
		cscs_buf_addf(&b, ",\"share\":%.1f,\"percent\":%d,\"points\":%.1f,\"failed\":%zu,\"evaluated\":%zu}",
			      a->share, a->percent, a->points, a->n_failed, a->n_evaluated);
	}
	cscs_buf_adds(&b, "],\"fix_top\":{\"checks\":[");
	for (size_t i = 0; i < s->n_fix_top; i++) {
		if (i)
			cscs_buf_addc(&b, ',');
		cscs_json_add_string(&b, s->fix_top[i]);
	}
	cscs_buf_addf(&b, "],\"score\":%d,\"grade_by_score\":\"%c\"}}", s->fix_top_score,
		      s->fix_top_grade ? s->fix_top_grade : s->grade_by_score);
	if (b.oom) {
		cscs_buf_finish(&b);
		return NULL;
	}
	return cscs_buf_detach(&b);
}
