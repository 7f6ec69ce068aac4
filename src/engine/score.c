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
		.points = {250, 100, 40, 10, 0},
		.grade_min = {950, 800, 600},
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

/* Sorting context: qsort has none, so the inputs travel in the index array. */
struct order {
	struct cscs_score_input *in; /* the check */
};

static int by_deduction(const void *a, const void *b)
{
	const struct cscs_score_input *x = ((const struct order *)a)->in;
	const struct cscs_score_input *y = ((const struct order *)b)->in;
	if (x->nominal != y->nominal)
		return x->nominal > y->nominal ? -1 : 1;
	return strcmp(x->check_id, y->check_id);
}

enum cscs_error cscs_score_compute(const struct cscs_score_model *m, struct cscs_score_input *in, size_t n,
				   struct cscs_score *out)
{
	memset(out, 0, sizeof(*out));
	out->n_checks = n;
	struct order *order = n ? malloc(n * sizeof(*order)) : NULL;
	if (n && !order)
		return CSCS_ERR_NOMEM;
	size_t n_failed = 0;
	for (size_t i = 0; i < n; i++) {
		struct cscs_score_input *c = &in[i];
		c->nominal = 0;
		c->deduction = 0;
		if ((unsigned)c->status < CSCS_STATUS_COUNT_)
			out->n_by_status[c->status]++;
		if (c->status != CSCS_STATUS_FAIL)
			continue;
		double d = m->points[c->severity] * c->weight;
		c->nominal = d > 1e9 ? 1000000000 : (int)lround(d);
		out->nominal += c->nominal;
		order[n_failed++].in = c;
	}
	if (n_failed > 1) /* order may be NULL when nothing failed, which qsort may not be given */
		qsort(order, n_failed, sizeof(*order), by_deduction);
	int left = m->start;
	for (size_t i = 0; i < n_failed; i++) {
		struct cscs_score_input *c = order[i].in;
		c->deduction = c->nominal < left ? c->nominal : left;
		left -= c->deduction;
	}
	free(order);
	out->deducted = m->start - left;
	out->score = left;
	out->grade_by_score = cscs_score_grade_for(m, out->score);

	out->n_evaluated = out->n_by_status[CSCS_STATUS_FAIL] + out->n_by_status[CSCS_STATUS_PASS] +
			   out->n_by_status[CSCS_STATUS_WAIVED];
	out->n_applicable = n - out->n_by_status[CSCS_STATUS_NOT_APPLICABLE];
	out->coverage_pct = out->n_applicable ? (int)(out->n_evaluated * 100 / out->n_applicable) : -1;

	enum cscs_error err = CSCS_OK;
	for (size_t i = 0; i < n && !err; i++) {
		const struct cscs_score_input *c = &in[i];
		if (c->status != CSCS_STATUS_FAIL)
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
	cscs_buf_addf(&b, "{\"model\":\"cscs-audit score 1\",\"self_assessment\":true,"
		      "\"note\":\"a self-assessment indicator computed from the company's own records; "
		      "not an official credit rating\",\"start\":%d,\"points\":{", m->start);
	for (int i = 0; i < CSCS_SEV_COUNT_; i++)
		cscs_buf_addf(&b, "%s\"%s\":%d", i ? "," : "", cscs_severity_name((enum cscs_severity)i),
			      m->points[i]);
	cscs_buf_addf(&b, "},\"grade_min\":{\"A\":%d,\"B\":%d,\"C\":%d},", m->grade_min[0], m->grade_min[1],
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
	cscs_buf_adds(&b, "}}");
	if (b.oom) {
		cscs_buf_finish(&b);
		return NULL;
	}
	return cscs_buf_detach(&b);
}
