/*
 * The Summary sheet: what management reads in a minute. Written top to
 * bottom (constant-memory mode), in eight columns: A holds captions,
 * B..H values and small tables; the chart sits below the area table.
 */
#include <inttypes.h>
#include <string.h>

#include "cscs/ident/region.h"
#include "cscs/ident/uscc.h"
#include "cscs/report/clean.h"
#include "cscs/report/sheet.h"

#define LAST_COL 7         /* column H */
#define COL_A 28.0         /* width of column A (captions) */
#define COL_B 15.0         /* width of columns B..H: a total spend such as ¥123,456,789.00 fits */
#define ROW_PT 15.0        /* default row height */
#define PAGE_PT 500.0      /* rows that fit on a printed A4 landscape page at 100 %, in points */
#define MAX_BREAKS 32      /* page breaks the Summary may need */
#define TOP_RISKS 10       /* failing checks listed under top risks */

struct summary {
	struct cscs_rsheet *sh;  /* the sheet */
	struct cscs_rctx *rc;    /* its context */
	uint32_t row;            /* next row to write */
	double row_pt;           /* height of that row */
	double page_pt;          /* height used on the current printed page */
	lxw_row_t breaks[MAX_BREAKS + 1]; /* page breaks, 0-terminated */
	size_t n_breaks;         /* entries in breaks */
	bool page_break;         /* the next section starts a printed page */
	struct cscs_buf b;       /* composing */
	struct cscs_buf masked;  /* a masked identity number */
};

/* Move to the next row, counting the height of the one left behind. */
static void advance(struct summary *s)
{
	s->page_pt += s->row_pt;
	s->row++;
	s->row_pt = ROW_PT;
	/* Every row gets its height written, so the page arithmetic holds in every reader. */
	if (s->sh->ws)
		worksheet_set_row(s->sh->ws, s->row, ROW_PT, NULL);
}

/* Rows of wrapped text never grow by themselves in merged cells: size them. */
static void fit_height(struct summary *s, const char *text, double chars_per_line)
{
	if (!s->sh->ws || !text)
		return;
	size_t lines = cscs_rs_lines(text, chars_per_line);
	if (lines > 1) {
		s->row_pt = (s->rc->zh ? 16.0 : 13.0) * (double)(lines > 30 ? 30 : lines) + 4;
		worksheet_set_row(s->sh->ws, s->row, s->row_pt, NULL);
	}
}

static void set_height(struct summary *s, double points)
{
	s->row_pt = points;
	if (s->sh->ws)
		worksheet_set_row(s->sh->ws, s->row, points, NULL);
}

static const char *L(struct summary *s, const char *key)
{
	return cscs_rlabel(s->rc, key);
}

/*
 * A section heading after a blank row. A section that would not fit on
 * what is left of the printed page starts a new one: tables are not
 * split from their headings.
 */
static void section(struct summary *s, const char *key, double rows)
{
	advance(s);
	if (s->page_pt > 0 && (s->page_break || s->page_pt + 22 + rows * ROW_PT > PAGE_PT) &&
	    s->n_breaks < MAX_BREAKS) {
		s->breaks[s->n_breaks++] = s->row;
		s->page_pt = 0;
	}
	s->page_break = false;
	set_height(s, 22);
	cscs_rs_text(s->sh, s->row, 0, L(s, key), RS_SECTION);
	for (uint16_t c = 1; c <= LAST_COL; c++)
		cscs_rs_text(s->sh, s->row, c, NULL, RS_SECTION);
	advance(s);
}

static void kv_text(struct summary *s, const char *key, const char *value, bool data)
{
	if (!value || !*value)
		return;
	const char *shown = data && !s->rc->opts->show_personal_data ? cscs_report_mask_text(value, &s->masked) : value;
	fit_height(s, shown, 7 * COL_B);
	cscs_rs_text(s->sh, s->row, 0, L(s, key), RS_LABEL);
	cscs_rs_merge(s->sh, s->row, 1, LAST_COL, shown, RS_VALUE);
	advance(s);
}

static void kv_int(struct summary *s, const char *key, int64_t v, enum cscs_rstyle st)
{
	cscs_rs_text(s->sh, s->row, 0, L(s, key), RS_LABEL);
	cscs_rs_int(s->sh, s->row, 1, v, st);
	advance(s);
}

static void kv_date(struct summary *s, const char *key, const char *iso)
{
	if (!iso || !*iso)
		return;
	cscs_rs_text(s->sh, s->row, 0, L(s, key), RS_LABEL);
	cscs_rs_date(s->sh, s->row, 1, iso, RS_VALUE_DATE);
	advance(s);
}

static void kv_money(struct summary *s, const char *key, bool has, int64_t fen)
{
	if (!has)
		return;
	cscs_rs_text(s->sh, s->row, 0, L(s, key), RS_LABEL);
	cscs_rs_money(s->sh, s->row, 1, fen, RS_VALUE_MONEY);
	advance(s);
}

static const char *fill(struct summary *s, const char *key, const char *const *names, const char *const *values,
			size_t n)
{
	cscs_buf_reset(&s->b);
	cscs_labels_fill(s->rc->labels, key, &s->b, names, values, n);
	return cscs_buf_str(&s->b);
}

static enum cscs_rstyle grade_style(const char *grade)
{
	if (!grade)
		return RS_GRADE_NONE;
	switch (grade[0]) {
	case 'A':
		return RS_GRADE_A;
	case 'B':
		return RS_GRADE_B;
	case 'C':
		return RS_GRADE_C;
	case 'D':
		return RS_GRADE_D;
	default:
		return RS_GRADE_NONE;
	}
}

static void title_block(struct summary *s)
{
	struct cscs_rctx *rc = s->rc;
	const struct cscs_report_model *m = rc->m;
	const char *title = rc->opts->title && *rc->opts->title ? rc->opts->title : L(s, "summary.title");
	set_height(s, 34);
	cscs_rs_merge(s->sh, s->row, 0, LAST_COL - 2, title, RS_TITLE);
	advance(s);
	set_height(s, 22);
	cscs_rs_merge(s->sh, s->row, 0, LAST_COL - 2, m->entity.name ? m->entity.name : L(s, "summary.no_entity"),
		      RS_SUBTITLE);
	advance(s);
	const char *names[] = {"as_of", "run", "finished"};
	char run[32];
	snprintf(run, sizeof(run), "%" PRId64, m->run_id);
	const char *values[] = {m->as_of_iso ? m->as_of_iso : "?", run, m->finished_at ? m->finished_at : "?"};
	struct cscs_buf line = CSCS_BUF_INIT;
	cscs_buf_adds(&line, fill(s, "summary.meta", names, values, 3));
	if (rc->opts->prepared_by && *rc->opts->prepared_by) {
		const char *pn[] = {"name"};
		const char *pv[] = {rc->opts->prepared_by};
		cscs_buf_adds(&line, " \xC2\xB7 ");
		cscs_buf_adds(&line, fill(s, "summary.prepared_by", pn, pv, 1));
	}
	cscs_rs_merge(s->sh, s->row, 0, LAST_COL - 2, cscs_buf_str(&line), RS_META);
	cscs_buf_finish(&line);
	advance(s);
	if (m->ruleset || m->ruleset_reviewed_on) {
		const char *rn[] = {"version", "reviewed"};
		const char *rv[] = {m->ruleset ? m->ruleset : "?", m->ruleset_reviewed_on ? m->ruleset_reviewed_on : "?"};
		cscs_rs_merge(s->sh, s->row, 0, LAST_COL - 2, fill(s, "summary.ruleset", rn, rv, 2), RS_META);
		advance(s);
	}
	if (m->ruleset_stale) {
		const char *rn[] = {"reviewed", "as_of"};
		const char *rv[] = {m->ruleset_reviewed_on, m->as_of_iso};
		const char *text = fill(s, "summary.ruleset_stale", rn, rv, 2);
		fit_height(s, text, COL_A + 7 * COL_B);
		cscs_rs_merge(s->sh, s->row, 0, LAST_COL, text, RS_NOTE);
		advance(s);
	}
}

/* A caption and a sentence across B..H, sized to fit. */
static void kv_line(struct summary *s, const char *key, const char *text, enum cscs_rstyle style)
{
	fit_height(s, text, 7 * COL_B);
	cscs_rs_text(s->sh, s->row, 0, L(s, key), RS_LABEL);
	cscs_rs_merge(s->sh, s->row, 1, LAST_COL, text, style);
	advance(s);
}

/*
 * Under the headline strip, how much the figures above rest on: checks
 * evaluated, rows read, partners screened, and why the grade is
 * provisional when it is. Absence of data is never a clean result.
 */
static void coverage_lines(struct summary *s)
{
	const struct cscs_report_model *m = s->rc->m;
	char n[8][24];
	int64_t applicable = (int64_t)m->n_checks - m->n_by_status[CSCS_ST_NOT_APPLICABLE];
	int64_t evaluated = m->n_by_status[CSCS_ST_FAIL] + m->n_by_status[CSCS_ST_PASS] + m->n_by_status[CSCS_ST_WAIVED];
	int64_t not_evaluated = m->n_by_status[CSCS_ST_INSUFFICIENT_DATA] + m->n_by_status[CSCS_ST_ERROR];
	snprintf(n[0], sizeof(n[0]), "%" PRId64, evaluated);
	snprintf(n[1], sizeof(n[1]), "%" PRId64, applicable);
	snprintf(n[2], sizeof(n[2]), "%" PRId64, m->n_by_status[CSCS_ST_INSUFFICIENT_DATA]);
	snprintf(n[3], sizeof(n[3]), "%" PRId64, m->n_by_status[CSCS_ST_ERROR]);
	const char *cn[] = {"evaluated", "applicable", "insufficient", "error"};
	const char *cv[] = {n[0], n[1], n[2], n[3]};
	kv_line(s, "kpi.coverage_checks", fill(s, "kpi.coverage_checks_text", cn, cv, 4),
		not_evaluated ? RS_BAD : RS_VALUE);
	const struct cscs_import_coverage *r = &m->records;
	snprintf(n[0], sizeof(n[0]), "%" PRId64, r->n_rows);
	snprintf(n[1], sizeof(n[1]), "%" PRId64, r->n_rows_unknown);
	snprintf(n[2], sizeof(n[2]), "%" PRId64, r->n_rejected);
	snprintf(n[3], sizeof(n[3]), "%" PRId64, r->n_unreadable);
	const char *rn[] = {"kept", "unknown", "rejected", "unreadable"};
	const char *rv[] = {n[0], n[1], n[2], n[3]};
	kv_line(s, "kpi.coverage_rows", fill(s, "kpi.coverage_rows_text", rn, rv, 4),
		r->n_rows_unknown || r->n_rejected || r->n_unreadable ? RS_BAD : RS_VALUE);
	if (m->partners.screened) {
		snprintf(n[0], sizeof(n[0]), "%" PRId64, m->partners.n - m->partners.n_by[3]);
		snprintf(n[1], sizeof(n[1]), "%" PRId64, m->partners.n_by[3]);
		const char *pn[] = {"screened", "not_screened"};
		const char *pv[] = {n[0], n[1]};
		kv_line(s, "kpi.coverage_partners", fill(s, "kpi.coverage_partners_text", pn, pv, 2),
			m->partners.n_by[3] ? RS_BAD : RS_VALUE);
	}
	if (m->grade_provisional) {
		/* each reason worded in the report's language from its code and parameters */
		struct cscs_buf why = CSCS_BUF_INIT;
		for (size_t i = 0; i < m->n_provisional; i++) {
			const struct cscs_report_reason *rr = &m->provisional[i];
			char key[64], ne[24], ap[24];
			snprintf(key, sizeof(key), "grade.why.%s%s", rr->code ? rr->code : "",
				 rr->given && *rr->given ? "_given" : "");
			snprintf(ne, sizeof(ne), "%" PRId64, rr->not_evaluated);
			snprintf(ap, sizeof(ap), "%" PRId64, rr->applicable);
			const char *names[] = {"columns", "given", "not_evaluated", "applicable"};
			const char *values[] = {rr->columns ? rr->columns : "", rr->given ? rr->given : "", ne, ap};
			cscs_buf_adds(&why, i ? "; " : "");
			if (rr->code && cscs_labels_find(s->rc->labels, key))
				cscs_labels_fill(s->rc->labels, key, &why, names, values, 4);
			else
				cscs_buf_adds(&why, rr->text ? rr->text : "");
		}
		kv_line(s, "kpi.grade_provisional_why", cscs_buf_str(&why), RS_BAD);
		if (why.oom)
			s->b.oom = true;
		cscs_buf_finish(&why);
	}
}

/* The headline strip: score, grade and the counts that matter, side by side. */
static void kpi_block(struct summary *s)
{
	const struct cscs_report_model *m = s->rc->m;
	static const char *const keys[] = {
		"kpi.score", "kpi.grade", "kpi.open_findings", "kpi.critical", "kpi.high", "kpi.failed_checks",
		"kpi.insufficient", "kpi.due_soon",
	};
	advance(s);
	for (uint16_t c = 0; c <= LAST_COL; c++)
		cscs_rs_text(s->sh, s->row, c, L(s, keys[c]), RS_KPI_LABEL);
	advance(s);
	set_height(s, 36);
	if (m->has_score)
		cscs_rs_int(s->sh, s->row, 0, m->score, RS_SCORE);
	else
		cscs_rs_text(s->sh, s->row, 0, L(s, "summary.not_scored"), RS_KPI_VALUE);
	if (m->grade && m->grade_provisional) {
		const char *names[] = {"grade"};
		const char *values[] = {m->grade};
		cscs_rs_text(s->sh, s->row, 1, fill(s, "kpi.grade_provisional", names, values, 1), RS_GRADE_PROVISIONAL);
	} else {
		cscs_rs_text(s->sh, s->row, 1, m->grade ? m->grade : "\xE2\x80\x93", grade_style(m->grade));
	}
	cscs_rs_int(s->sh, s->row, 2, m->n_open, RS_KPI_VALUE);
	cscs_rs_int(s->sh, s->row, 3, m->open_by_sev[CSCS_SEV_CRITICAL],
		    m->open_by_sev[CSCS_SEV_CRITICAL] ? RS_KPI_BAD : RS_KPI_VALUE);
	cscs_rs_int(s->sh, s->row, 4, m->open_by_sev[CSCS_SEV_HIGH], m->open_by_sev[CSCS_SEV_HIGH] ? RS_KPI_BAD : RS_KPI_VALUE);
	int64_t failed = 0; /* failed checks, positive signals apart */
	for (int v = 0; v < CSCS_SEV_COUNT_; v++)
		failed += m->failed_by_sev[v];
	cscs_rs_int(s->sh, s->row, 5, failed, RS_KPI_VALUE);
	cscs_rs_int(s->sh, s->row, 6, m->n_by_status[CSCS_ST_INSUFFICIENT_DATA], RS_KPI_VALUE);
	cscs_rs_int(s->sh, s->row, 7, m->n_deadlines, RS_KPI_VALUE);
	advance(s);
	coverage_lines(s);
}

static void company_block(struct summary *s)
{
	struct cscs_rctx *rc = s->rc;
	const struct cscs_report_entity *e = &rc->m->entity;
	section(s, "summary.company", 17);
	kv_text(s, "company.name", e->name, false);
	kv_text(s, "company.name_en", e->name_en, false);
	if (e->uscc) {
		struct cscs_uscc u;
		char reason[160];
		bool ok = cscs_uscc_check(e->uscc, &u);
		cscs_buf_reset(&s->b);
		cscs_buf_adds(&s->b, e->uscc);
		cscs_buf_adds(&s->b, " \xC2\xB7 ");
		if (ok) {
			cscs_buf_adds(&s->b, L(s, "uscc.valid"));
		} else {
			cscs_buf_adds(&s->b, L(s, "uscc.invalid"));
			if (!rc->zh)
				cscs_buf_addf(&s->b, ": %s", cscs_uscc_reason(&u, reason, sizeof(reason)));
		}
		struct cscs_buf line = CSCS_BUF_INIT;
		cscs_buf_adds(&line, cscs_buf_str(&s->b));
		kv_text(s, "company.uscc", cscs_buf_str(&line), false);
		cscs_buf_finish(&line);
		/* The parts are read from the code's structure; a wrong check character does not hide them. */
		if (ok || u.status == CSCS_USCC_CHECK || u.status == CSCS_USCC_ORG_CHECK ||
		    u.status == CSCS_USCC_REGION_UNKNOWN) {
			char buf[200];
			snprintf(buf, sizeof(buf), "%c \xC2\xB7 %s", u.authority, cscs_uscc_authority_name(u.authority, rc->zh));
			kv_text(s, "company.authority", buf, false);
			snprintf(buf, sizeof(buf), "%c \xC2\xB7 %s", u.type, cscs_uscc_type_name(u.authority, u.type, rc->zh));
			kv_text(s, "company.type", buf, false);
			const char *province = cscs_region_province(u.region, rc->zh);
			snprintf(buf, sizeof(buf), "%s%s%s", u.region, province ? " \xC2\xB7 " : "", province ? province : "");
			kv_text(s, "company.region", buf, false);
			snprintf(buf, sizeof(buf), "%.8s-%c", u.org_code, u.org_code[8]);
			kv_text(s, "company.org_code", buf, false);
		}
	}
	if (e->legal_rep_name || e->legal_rep_id) {
		struct cscs_buf line = CSCS_BUF_INIT;
		if (e->legal_rep_name)
			cscs_buf_adds(&line, e->legal_rep_name);
		if (e->legal_rep_id && *e->legal_rep_id) {
			const char *id = rc->opts->show_personal_data ? e->legal_rep_id
								       : cscs_report_mask_id(e->legal_rep_id, &s->masked);
			cscs_buf_addf(&line, "%s%s %s", line.len ? " \xC2\xB7 " : "", L(s, "company.id_no"), id);
		}
		kv_text(s, "company.legal_rep", cscs_buf_str(&line), false);
		cscs_buf_finish(&line);
	}
	kv_text(s, "company.address", e->registered_address, true);
	kv_date(s, "company.established", e->established_on);
	kv_text(s, "company.industry", e->industry_code, false);
	kv_money(s, "company.registered_capital", e->has_registered_capital, e->registered_capital);
	kv_money(s, "company.paid_in_capital", e->has_paid_in_capital, e->paid_in_capital);
	kv_date(s, "company.capital_due", e->capital_due_on);
	if (e->foreign_invested >= 0)
		kv_text(s, "company.foreign_invested", L(s, e->foreign_invested ? "yes" : "no"), false);
	if (!e->has_record)
		kv_text(s, "company.note", L(s, rc->m->records_replaced ? "company.records_replaced" : "company.no_record"),
			false);
}

/* "critical 250, high 100, ..." in the report language. */
static void points_list(struct summary *s, const struct cscs_report_scoring *sc, struct cscs_buf *out)
{
	for (int v = 0; v < CSCS_SEV_COUNT_; v++) {
		if (v)
			cscs_buf_adds(out, s->rc->zh ? "\xE3\x80\x81" : ", ");
		cscs_buf_addf(out, "%s %" PRId64, cscs_rlabel_of(s->rc, "sev.", cscs_severity_name((enum cscs_severity)v)),
			      sc->points[v]);
	}
}

/* "D: BL-001, BL-002; C: AR-006" — each capped grade with the checks behind it. */
static void caps_list(struct summary *s, const struct cscs_report_scoring *sc, struct cscs_buf *out)
{
	for (size_t i = 0; i < sc->n_caps; i++) {
		const struct cscs_report_cap *c = &sc->caps[i];
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(sc->caps[j].grade, c->grade) == 0;
		if (seen)
			continue;
		if (out->len)
			cscs_buf_adds(out, "; ");
		cscs_buf_addf(out, "%s: ", c->grade);
		size_t n = 0;
		for (size_t j = i; j < sc->n_caps; j++) {
			const struct cscs_report_cap *d = &sc->caps[j];
			if (strcmp(d->grade, c->grade) != 0)
				continue;
			/* A check may cap the grade twice at the same letter (its own cap, and as critical). */
			bool dup = false;
			for (size_t k = i; k < j && !dup; k++)
				dup = strcmp(sc->caps[k].grade, c->grade) == 0 && d->check_id && sc->caps[k].check_id &&
				      strcmp(sc->caps[k].check_id, d->check_id) == 0;
			if (dup)
				continue;
			cscs_buf_adds(out, n++ ? ", " : "");
			cscs_buf_adds(out, d->check_id ? d->check_id : d->reason ? d->reason : "?");
		}
	}
}

static void score_block(struct summary *s)
{
	const struct cscs_report_model *m = s->rc->m;
	const struct cscs_report_scoring *sc = &m->scoring;
	struct cscs_buf t = CSCS_BUF_INIT;
	char a[24], b[24], c[24], d[24];
	section(s, "summary.score", 8);
	if (!m->has_score) {
		kv_text(s, "score.score", L(s, "summary.not_scored"), false);
		return;
	}
	cscs_rs_text(s->sh, s->row, 0, L(s, "score.score"), RS_LABEL);
	cscs_rs_int(s->sh, s->row, 1, m->score, RS_VALUE_INT);
	cscs_rs_merge(s->sh, s->row, 2, LAST_COL, L(s, "score.out_of"), RS_VALUE);
	advance(s);
	if (m->grade) {
		char key[32];
		snprintf(key, sizeof(key), "grade.%c", m->grade[0]);
		set_height(s, 30);
		cscs_rs_text(s->sh, s->row, 0, L(s, "score.grade"), RS_LABEL);
		if (m->grade_provisional) {
			const char *names[] = {"grade"};
			const char *values[] = {m->grade};
			cscs_rs_text(s->sh, s->row, 1, fill(s, "kpi.grade_provisional", names, values, 1),
				     RS_GRADE_PROVISIONAL);
		} else {
			cscs_rs_text(s->sh, s->row, 1, m->grade, grade_style(m->grade));
		}
		cscs_rs_merge(s->sh, s->row, 2, LAST_COL, cscs_rlabel_of(s->rc, "", key), RS_VALUE);
		advance(s);
	}
	if (sc->has_coverage) {
		snprintf(a, sizeof(a), "%" PRId64, sc->coverage_percent);
		snprintf(b, sizeof(b), "%" PRId64, sc->evaluated);
		snprintf(c, sizeof(c), "%" PRId64, sc->applicable);
		const char *names[] = {"percent", "evaluated", "applicable"};
		const char *values[] = {a, b, c};
		kv_text(s, "score.coverage", fill(s, "score.coverage_text", names, values, 3), false);
	}
	/* The model in words, from the numbers the engine used: anyone can redo the sum. */
	bool model2 = sc->name && strcmp(sc->name, "cscs-audit score 2") == 0;
	if (model2 && sc->has_points && sc->has_start) {
		/* Severity shares as percentages of what is left of an area. */
		for (int v = 0; v < CSCS_SEV_COUNT_; v++) {
			if (v)
				cscs_buf_adds(&t, s->rc->zh ? "\xE3\x80\x81" : ", ");
			cscs_buf_addf(&t, "%s %g %%", cscs_rlabel_of(s->rc, "sev.", cscs_severity_name((enum cscs_severity)v)),
				      (double)sc->points[v] / 10.0);
		}
		snprintf(a, sizeof(a), "%" PRId64, sc->start);
		snprintf(b, sizeof(b), "%zu", sc->n_areas);
		const char *names[] = {"start", "areas", "points"};
		const char *values[] = {a, b, cscs_buf_str(&t)};
		kv_text(s, "score.model", fill(s, "score.model2_text", names, values, 3), false);
	} else if (sc->has_points && sc->has_start) {
		points_list(s, sc, &t);
		snprintf(a, sizeof(a), "%" PRId64, sc->start);
		const char *names[] = {"start", "points"};
		const char *values[] = {a, cscs_buf_str(&t)};
		kv_text(s, "score.model", fill(s, "score.model_text", names, values, 2), false);
	} else {
		kv_text(s, "score.model", m->score_formula ? m->score_formula : L(s, "score.default_model"), false);
	}
	if (!model2 && sc->has_deductions && sc->nominal != sc->deducted) {
		snprintf(a, sizeof(a), "%" PRId64, sc->nominal);
		snprintf(b, sizeof(b), "%" PRId64, sc->deducted);
		const char *names[] = {"nominal", "deducted"};
		const char *values[] = {a, b};
		cscs_rs_text(s->sh, s->row, 0, L(s, "score.deductions"), RS_LABEL);
		cscs_rs_int(s->sh, s->row, 1, m->total_deduction, RS_VALUE_INT);
		cscs_rs_merge(s->sh, s->row, 2, LAST_COL, fill(s, "score.deductions_text", names, values, 2), RS_VALUE);
		advance(s);
	} else {
		kv_int(s, "score.deductions", m->total_deduction, RS_VALUE_INT);
	}
	if (sc->has_grade_min) {
		snprintf(a, sizeof(a), "%" PRId64, sc->grade_min[0]);
		snprintf(b, sizeof(b), "%" PRId64, sc->grade_min[1]);
		snprintf(c, sizeof(c), "%" PRId64, sc->grade_min[2]);
		const char *names[] = {"a", "b", "c"};
		const char *values[] = {a, b, c};
		kv_text(s, "score.grades", fill(s, "score.scale_text", names, values, 3), false);
	} else {
		kv_text(s, "score.grades", L(s, "score.grade_scale"), false);
	}
	if (sc->n_caps || (sc->grade_by_score && m->grade && strcmp(sc->grade_by_score, m->grade) != 0)) {
		cscs_buf_reset(&t);
		caps_list(s, sc, &t);
		snprintf(d, sizeof(d), "%s", sc->grade_by_score ? sc->grade_by_score : "\xE2\x80\x93");
		const char *names[] = {"grade", "caps"};
		const char *values[] = {d, cscs_buf_str(&t)};
		kv_text(s, "score.caps", fill(s, sc->n_caps ? "score.caps_text" : "score.by_score_text", names, values, 2),
			false);
	}
	/* What fixing the largest deductions gives: the engine computed it with its own function. */
	if (sc->has_fix_top && sc->fix_top_checks) {
		snprintf(a, sizeof(a), "%" PRId64, sc->fix_top_score);
		snprintf(b, sizeof(b), "%" PRId64, sc->fix_top_score - m->score);
		snprintf(d, sizeof(d), "%s", sc->fix_top_grade ? sc->fix_top_grade : "\xE2\x80\x93");
		const char *names[] = {"checks", "score", "gain", "grade"};
		const char *values[] = {sc->fix_top_checks, a, b, d};
		cscs_rs_text(s->sh, s->row, 0, L(s, "score.fix_top"), RS_LABEL);
		cscs_rs_int(s->sh, s->row, 1, sc->fix_top_score, RS_VALUE_INT);
		const char *text = fill(s, "score.fix_top_text", names, values, 4);
		fit_height(s, text, 7 * COL_B);
		cscs_rs_merge(s->sh, s->row, 2, LAST_COL, text, RS_VALUE);
		advance(s);
	}
	if (m->n_positive_checks) {
		cscs_buf_reset(&t);
		for (size_t i = 0; i < m->n_checks; i++) {
			const struct cscs_report_check *pc = &m->checks[i];
			if (pc->positive && pc->n_open + pc->n_waived > 0) {
				const char *title = s->rc->zh && pc->title_zh ? pc->title_zh : pc->title;
				cscs_buf_addf(&t, "%s%s%s%s", t.len ? "; " : "", pc->check_id, title ? " " : "",
					      title ? title : "");
			}
		}
		snprintf(a, sizeof(a), "%" PRId64, m->n_positive_checks);
		const char *names[] = {"n", "signals"};
		const char *values[] = {a, cscs_buf_str(&t)};
		kv_text(s, "score.positive", fill(s, "score.positive_text", names, values, 2), true);
	}
	cscs_buf_finish(&t);
}

static void table_header(struct summary *s, const char *const *keys, uint16_t n)
{
	for (uint16_t c = 0; c < n; c++)
		cscs_rs_text(s->sh, s->row, c, L(s, keys[c]), c ? RS_HEADER_NUM : RS_HEADER);
	advance(s);
}

/* Each area's part of the score: its share, what it keeps, and the failed checks that took the rest. */
static void score_area_block(struct summary *s)
{
	const struct cscs_report_scoring *sc = &s->rc->m->scoring;
	if (!s->rc->m->has_score || sc->n_areas == 0)
		return;
	section(s, "summary.score_by_area", (int)sc->n_areas + 3);
	static const char *const keys[] = {"col.area", "col.area_share", "col.area_kept", "col.area_points",
					   "col.failed_checks", "col.evaluated_checks"};
	table_header(s, keys, 6);
	double total_share = 0, total_points = 0;
	int64_t failed = 0, evaluated = 0;
	for (size_t i = 0; i < sc->n_areas; i++) {
		const struct cscs_report_score_area *a = &sc->areas[i];
		cscs_rs_text(s->sh, s->row, 0, cscs_rlabel_of(s->rc, "area.", a->area), RS_TEXT);
		cscs_rs_num(s->sh, s->row, 1, a->share, RS_INT);
		cscs_rs_num(s->sh, s->row, 2, (double)a->percent / 100.0, RS_PCT);
		cscs_rs_num(s->sh, s->row, 3, a->points, RS_INT);
		cscs_rs_int(s->sh, s->row, 4, a->failed, RS_INT);
		cscs_rs_int(s->sh, s->row, 5, a->evaluated, RS_INT);
		total_share += a->share;
		total_points += a->points;
		failed += a->failed;
		evaluated += a->evaluated;
		advance(s);
	}
	cscs_rs_text(s->sh, s->row, 0, L(s, "col.total"), RS_TOTAL);
	cscs_rs_num(s->sh, s->row, 1, total_share, RS_TOTAL_INT);
	cscs_rs_text(s->sh, s->row, 2, NULL, RS_TOTAL);
	cscs_rs_num(s->sh, s->row, 3, total_points, RS_TOTAL_INT);
	cscs_rs_int(s->sh, s->row, 4, failed, RS_TOTAL_INT);
	cscs_rs_int(s->sh, s->row, 5, evaluated, RS_TOTAL_INT);
	advance(s);
}

static void severity_block(struct summary *s)
{
	const struct cscs_report_model *m = s->rc->m;
	section(s, "summary.by_severity", 7);
	static const char *const keys[] = {"col.severity", "col.open", "col.waived", "col.failed_checks"};
	table_header(s, keys, 4);
	int64_t t[3] = {0, 0, 0};
	for (int v = 0; v < CSCS_SEV_COUNT_; v++) {
		cscs_rs_text(s->sh, s->row, 0, cscs_rlabel_of(s->rc, "sev.", cscs_severity_name((enum cscs_severity)v)),
			     (enum cscs_rstyle)(RS_SEV_CRITICAL + v));
		cscs_rs_int(s->sh, s->row, 1, m->open_by_sev[v], RS_INT);
		cscs_rs_int(s->sh, s->row, 2, m->waived_by_sev[v], RS_INT);
		cscs_rs_int(s->sh, s->row, 3, m->failed_by_sev[v], RS_INT);
		t[0] += m->open_by_sev[v];
		t[1] += m->waived_by_sev[v];
		t[2] += m->failed_by_sev[v];
		advance(s);
	}
	cscs_rs_text(s->sh, s->row, 0, L(s, "col.total"), RS_TOTAL);
	for (int c = 0; c < 3; c++)
		cscs_rs_int(s->sh, s->row, (uint16_t)(c + 1), t[c], RS_TOTAL_INT);
	advance(s);
}

/* Rows (of 15 points) the chart covers: room for each area's bar. */
static double chart_rows(const struct cscs_report_model *m)
{
	return m->n_areas < 6 ? 14 : (double)m->n_areas * 1.6 + 6;
}

static void chart(struct summary *s, uint32_t first, uint32_t last)
{
	struct cscs_rctx *rc = s->rc;
	const struct cscs_report_model *m = rc->m;
	static const lxw_color_t colors[CSCS_SEV_COUNT_] = {0xC00000, 0xED7D31, 0xFFC000, 0x5B9BD5, 0xA5A5A5};
	lxw_chart *ch = workbook_add_chart(rc->wb, LXW_CHART_BAR_STACKED);
	if (!ch)
		return;
	for (int v = 0; v < CSCS_SEV_COUNT_; v++) {
		lxw_chart_series *ser = chart_add_series(ch, NULL, NULL);
		if (!ser)
			return;
		chart_series_set_categories(ser, s->sh->name, first, 0, last, 0);
		chart_series_set_values(ser, s->sh->name, first, (lxw_col_t)(v + 1), last, (lxw_col_t)(v + 1));
		chart_series_set_name_range(ser, s->sh->name, first - 1, (lxw_col_t)(v + 1));
		lxw_chart_fill fillc = {.color = colors[v]};
		chart_series_set_fill(ser, &fillc);
	}
	chart_title_set_name(ch, L(s, "chart.title"));
	lxw_chart_font title_font = {.size = 11, .bold = LXW_TRUE, .color = 0x1F3864};
	chart_title_set_name_font(ch, &title_font);
	chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
	/* Largest area on top; reversing the category axis would also move the values to the top. */
	chart_axis_set_reverse(ch->y_axis);
	chart_axis_set_crossing_max(ch->y_axis);
	chart_axis_set_name(ch->x_axis, L(s, "chart.axis"));
	chart_axis_set_min(ch->x_axis, 0);
	chart_axis_set_num_format(ch->x_axis, "0");
	chart_set_series_gap(ch, 60);
	/* cppcheck-suppress legacyUninitvar ; false positive: a field named as the variable */
	lxw_chart_line none = {.none = LXW_TRUE};
	chart_chartarea_set_line(ch, &none);
	double rows = chart_rows(m);
	lxw_chart_options opt = {.x_offset = 4, .y_offset = 6, .x_scale = (COL_A * 7 + 5 + 7 * (COL_B * 7 + 5)) / 480.0 - 0.02, .y_scale = rows * 20.0 / 288.0};
	worksheet_insert_chart_opt(s->sh->ws, s->row, 0, ch, &opt);
	for (int i = 0; i <= (int)rows; i++)
		advance(s);
}

static void area_block(struct summary *s)
{
	const struct cscs_report_model *m = s->rc->m;
	section(s, "summary.by_area", (double)m->n_areas + 2 + (m->n_areas ? chart_rows(m) + 2 : 0));
	static const char *const keys[] = {
		"col.area", "sev.critical", "sev.high", "sev.medium", "sev.low", "sev.info", "col.total",
	};
	table_header(s, keys, 7);
	if (m->n_areas == 0) {
		cscs_rs_merge(s->sh, s->row, 0, LAST_COL, L(s, "summary.no_findings"), RS_VALUE);
		advance(s);
		return;
	}
	uint32_t first = s->row;
	int64_t totals[CSCS_SEV_COUNT_ + 1] = {0};
	for (size_t i = 0; i < m->n_areas; i++) {
		const struct cscs_report_area *a = &m->areas[i];
		cscs_rs_text(s->sh, s->row, 0, cscs_rlabel_of(s->rc, "area.", a->name), RS_TEXT);
		for (int v = 0; v < CSCS_SEV_COUNT_; v++) {
			cscs_rs_int(s->sh, s->row, (uint16_t)(v + 1), a->by_sev[v], RS_INT);
			totals[v] += a->by_sev[v];
		}
		cscs_rs_int(s->sh, s->row, 6, a->total, RS_TOTAL_INT);
		totals[CSCS_SEV_COUNT_] += a->total;
		advance(s);
	}
	uint32_t last = s->row - 1;
	cscs_rs_text(s->sh, s->row, 0, L(s, "col.total"), RS_TOTAL);
	for (int v = 0; v <= CSCS_SEV_COUNT_; v++)
		cscs_rs_int(s->sh, s->row, (uint16_t)(v + 1), totals[v], RS_TOTAL_INT);
	advance(s);
	if (s->sh->ws) {
		advance(s);
		chart(s, first, last);
	}
}

static void coverage_block(struct summary *s)
{
	const struct cscs_report_model *m = s->rc->m;
	section(s, "summary.coverage", 9);
	static const char *const keys[] = {"col.result", "col.checks", "col.share"};
	table_header(s, keys, 3);
	int64_t total = 0;
	for (int i = 0; i < CSCS_ST_COUNT_; i++)
		total += m->n_by_status[i];
	for (int i = 0; i < CSCS_ST_COUNT_; i++) {
		if (i >= CSCS_ST_ERROR && m->n_by_status[i] == 0)
			continue;
		cscs_rs_text(s->sh, s->row, 0, cscs_rlabel_of(s->rc, "status.", cscs_report_status_name(i)), RS_TEXT);
		cscs_rs_int(s->sh, s->row, 1, m->n_by_status[i], RS_INT);
		if (total)
			cscs_rs_num(s->sh, s->row, 2, (double)m->n_by_status[i] / (double)total, RS_PCT);
		else
			cscs_rs_text(s->sh, s->row, 2, NULL, RS_PCT);
		advance(s);
	}
	cscs_rs_text(s->sh, s->row, 0, L(s, "coverage.total"), RS_TOTAL);
	cscs_rs_int(s->sh, s->row, 1, total, RS_TOTAL_INT);
	cscs_rs_text(s->sh, s->row, 2, NULL, RS_TOTAL_INT);
	advance(s);
	if (m->n_by_status[CSCS_ST_INSUFFICIENT_DATA])
		kv_text(s, "coverage.note_label", L(s, "coverage.insufficient_note"), false);
}

static void change_block(struct summary *s)
{
	const struct cscs_report_model *m = s->rc->m;
	section(s, "summary.change", 5);
	if (!m->prev_run_id) {
		kv_text(s, "change.previous", L(s, "change.none"), false);
		return;
	}
	char id[32];
	snprintf(id, sizeof(id), "%" PRId64, m->prev_run_id);
	const char *names[] = {"run", "as_of"};
	const char *values[] = {id, m->prev_as_of ? m->prev_as_of : "?"};
	kv_text(s, "change.previous", fill(s, "change.previous_run", names, values, 2), false);
	if (m->prev_has_score && m->has_score && !m->prev_same_model) {
		char a[24], b[24];
		snprintf(a, sizeof(a), "%" PRId64, m->prev_score);
		snprintf(b, sizeof(b), "%" PRId64, m->score);
		const char *keys[] = {"before", "now", "model"};
		const char *vals[] = {a, b, m->prev_model};
		kv_text(s, "change.score", fill(s, "change.other_model", keys, vals, 3), false);
	} else if (m->prev_has_score && m->has_score) {
		cscs_rs_text(s->sh, s->row, 0, L(s, "change.score"), RS_LABEL);
		cscs_rs_int(s->sh, s->row, 1, m->score - m->prev_score, RS_VALUE_DELTA);
		struct cscs_buf then = CSCS_BUF_INIT;
		cscs_buf_addf(&then, "%" PRId64 " \xE2\x86\x92 %" PRId64, m->prev_score, m->score);
		if (m->prev_grade || m->grade)
			cscs_buf_addf(&then, " (%s \xE2\x86\x92 %s)", m->prev_grade ? m->prev_grade : "\xE2\x80\x93",
				      m->grade ? m->grade : "\xE2\x80\x93");
		cscs_rs_merge(s->sh, s->row, 2, LAST_COL, cscs_buf_str(&then), RS_VALUE);
		cscs_buf_finish(&then);
		advance(s);
	}
	kv_int(s, "change.new", m->n_new, m->n_new ? RS_BAD : RS_VALUE_INT);
	kv_int(s, "change.resolved", m->n_resolved, m->n_resolved ? RS_GOOD : RS_VALUE_INT);
	kv_int(s, "change.persisting", m->n_persisting, RS_VALUE_INT);
}

static int cmp_risk(const struct cscs_report_check *a, const struct cscs_report_check *b)
{
	if (a->sev != b->sev)
		return a->sev < b->sev ? -1 : 1;
	if (a->deduction != b->deduction)
		return a->deduction > b->deduction ? -1 : 1;
	if (a->n_open != b->n_open)
		return a->n_open > b->n_open ? -1 : 1;
	return strcmp(a->check_id, b->check_id);
}

static void risks_block(struct summary *s)
{
	struct cscs_rctx *rc = s->rc;
	const struct cscs_report_model *m = rc->m;
	section(s, "summary.top_risks", 12);
	/* Pick the worst failing checks: a few passes over a small array, no allocation. */
	const struct cscs_report_check *top[TOP_RISKS];
	size_t n = 0;
	for (size_t i = 0; i < m->n_checks; i++) {
		const struct cscs_report_check *c = &m->checks[i];
		if (c->status_idx != CSCS_ST_FAIL || c->n_open == 0 || c->positive)
			continue;
		size_t pos = n;
		while (pos > 0 && cmp_risk(c, top[pos - 1]) < 0)
			pos--;
		if (pos >= TOP_RISKS)
			continue;
		size_t end = n < TOP_RISKS ? n : TOP_RISKS - 1;
		memmove(&top[pos + 1], &top[pos], (end - pos) * sizeof(top[0]));
		top[pos] = c;
		if (n < TOP_RISKS)
			n++;
	}
	if (n == 0) {
		kv_text(s, "risks.none_label", L(s, "risks.none"), false);
		return;
	}
	static const char *const keys[] = {"col.title", "col.check_id", "col.severity", "col.open", "col.earliest_due"};
	for (uint16_t c = 0; c < 5; c++)
		cscs_rs_text(s->sh, s->row, c, L(s, keys[c]), c >= 3 ? RS_HEADER_NUM : RS_HEADER);
	cscs_rs_merge(s->sh, s->row, 5, LAST_COL, L(s, "col.remedy"), RS_HEADER);
	advance(s);
	for (size_t i = 0; i < n; i++) {
		const struct cscs_report_check *c = top[i];
		const char *title = cscs_report_check_title(rc, c);
		const char *remedy = cscs_report_check_remedy(rc, c);
		size_t lines_title = cscs_rs_lines(title, COL_A);
		size_t lines_remedy = cscs_rs_lines(remedy, 3 * COL_B);
		size_t lines = lines_title > lines_remedy ? lines_title : lines_remedy;
		if (lines > 1)
			set_height(s, (rc->zh ? 16.0 : 13.0) * (double)(lines > 12 ? 12 : lines) + 4);
		cscs_rs_text(s->sh, s->row, 0, title, RS_WRAP);
		cscs_rs_link(s->sh, s->row, 1, c->check_id, L(s, "sheet.checks"), c->checks_row, RS_LINK);
		cscs_rs_text(s->sh, s->row, 2, cscs_rlabel_of(rc, "sev.", c->severity), (enum cscs_rstyle)(RS_SEV_CRITICAL + c->sev));
		cscs_rs_int(s->sh, s->row, 3, c->n_open, RS_INT);
		cscs_rs_date(s->sh, s->row, 4, c->earliest_due, RS_DATE);
		cscs_rs_merge(s->sh, s->row, 5, LAST_COL, remedy, RS_WRAP);
		advance(s);
	}
}

static void deadlines_block(struct summary *s)
{
	const struct cscs_report_model *m = s->rc->m;
	section(s, "summary.deadlines", 2);
	char days[16];
	snprintf(days, sizeof(days), "%d", m->horizon_days);
	const char *names[] = {"days", "until"};
	const char *values[] = {days, m->horizon_end};
	cscs_rs_text(s->sh, s->row, 0, fill(s, "deadlines.within", names, values, 2), RS_LABEL);
	cscs_rs_int(s->sh, s->row, 1, m->n_deadlines, RS_VALUE_INT);
	cscs_rs_merge(s->sh, s->row, 2, LAST_COL, fill(s, "deadlines.until", names, values, 2), RS_VALUE);
	advance(s);
	kv_int(s, "deadlines.overdue", m->n_overdue, m->n_overdue ? RS_BAD : RS_VALUE_INT);
}

/*
 * The remediation plan as tracked (cscs-audit track, carried from run to
 * run): actions by status, those past their target date, those resolved
 * since the previous run, and open actions by owner. Nothing when no plan
 * was ever read back: an untracked plan is not shown as on time.
 */
static void plan_block(struct summary *s)
{
	struct cscs_rctx *rc = s->rc;
	const struct cscs_report_model *m = rc->m;
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(rc->db,
			       "SELECT count(*) FILTER (WHERE status IN ('open', 'in_progress')),"
			       " count(*) FILTER (WHERE status = 'in_progress'),"
			       " count(*) FILTER (WHERE status = 'done'),"
			       " count(*) FILTER (WHERE status IN ('open', 'in_progress') AND target_on < ?2),"
			       " count(*) FILTER (WHERE status = 'resolved' AND resolved_in = ?1),"
			       " count(*) FROM plan_items WHERE run_id = ?1",
			       -1, &q, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_int64(q, 1, m->run_id);
	sqlite3_bind_text(q, 2, m->as_of_ok ? m->as_of_iso : "", -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_ROW || sqlite3_column_int64(q, 5) == 0)
		goto out;
	int64_t n_open = sqlite3_column_int64(q, 0), n_progress = sqlite3_column_int64(q, 1);
	int64_t n_done = sqlite3_column_int64(q, 2), n_overdue = sqlite3_column_int64(q, 3);
	int64_t n_resolved = sqlite3_column_int64(q, 4);
	sqlite3_finalize(q);
	q = NULL;
	section(s, "summary.plan", 6);
	kv_int(s, "plan.n_open", n_open, RS_VALUE_INT);
	kv_int(s, "plan.n_in_progress", n_progress, RS_VALUE_INT);
	kv_int(s, "plan.n_done", n_done, RS_VALUE_INT);
	kv_int(s, "plan.n_overdue", n_overdue, n_overdue ? RS_BAD : RS_VALUE_INT);
	kv_int(s, "plan.n_resolved", n_resolved, n_resolved ? RS_GOOD : RS_VALUE_INT);
	if (sqlite3_prepare_v2(rc->db,
			       "SELECT coalesce(owner, ''), count(*),"
			       " count(*) FILTER (WHERE target_on < ?2) FROM plan_items"
			       " WHERE run_id = ?1 AND status IN ('open', 'in_progress')"
			       " GROUP BY 1 ORDER BY owner IS NULL, 3 DESC, 2 DESC, 1 LIMIT 21",
			       -1, &q, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_int64(q, 1, m->run_id);
	sqlite3_bind_text(q, 2, m->as_of_ok ? m->as_of_iso : "", -1, SQLITE_STATIC);
	bool header = false;
	int n = 0;
	while (sqlite3_step(q) == SQLITE_ROW && n++ < 20) {
		if (!header) {
			cscs_rs_text(s->sh, s->row, 0, L(s, "col.owner"), RS_HEADER);
			cscs_rs_text(s->sh, s->row, 1, L(s, "plan.col_open"), RS_HEADER_NUM);
			cscs_rs_text(s->sh, s->row, 2, L(s, "plan.col_overdue"), RS_HEADER_NUM);
			advance(s);
			header = true;
		}
		const char *owner = (const char *)sqlite3_column_text(q, 0);
		int64_t overdue = sqlite3_column_int64(q, 2);
		const char *shown = owner && *owner ? (rc->opts->show_personal_data ? owner
						       : cscs_report_mask_text(owner, &s->masked))
						    : L(s, "plan.no_owner");
		cscs_rs_text(s->sh, s->row, 0, shown, RS_TEXT);
		cscs_rs_int(s->sh, s->row, 1, sqlite3_column_int64(q, 1), RS_INT);
		cscs_rs_int(s->sh, s->row, 2, overdue, overdue ? RS_INT_BAD : RS_INT);
		advance(s);
	}
out:
	sqlite3_finalize(q);
}

static void partners_block(struct summary *s)
{
	const struct cscs_report_partners *p = &s->rc->m->partners;
	if (!p->screened)
		return;
	section(s, "summary.partners", 5);
	static const char *const keys[] = {"col.screening", "col.partners", "col.spend", "col.share"};
	table_header(s, keys, 4);
	static const char *const status_keys[] = {"screen.listed", "screen.review", "screen.not_screened",
						  "screen.clear"};
	static const int order[] = {2, 1, 3, 0};
	for (int i = 0; i < 4; i++) {
		int k = order[i];
		cscs_rs_text(s->sh, s->row, 0, L(s, status_keys[i]), RS_TEXT);
		cscs_rs_int(s->sh, s->row, 1, p->n_by[k], (k == 2 || k == 3) && p->n_by[k] ? RS_INT_BAD : RS_INT);
		cscs_rs_money(s->sh, s->row, 2, p->spend_by[k], RS_MONEY);
		if (p->spend_total > 0)
			cscs_rs_num(s->sh, s->row, 3, (double)p->spend_by[k] / (double)p->spend_total, RS_PCT);
		else
			cscs_rs_text(s->sh, s->row, 3, NULL, RS_PCT);
		advance(s);
	}
	cscs_rs_text(s->sh, s->row, 0, L(s, "col.total"), RS_TOTAL);
	cscs_rs_int(s->sh, s->row, 1, p->n, RS_TOTAL_INT);
	cscs_rs_money(s->sh, s->row, 2, p->spend_total, RS_TOTAL_MONEY);
	cscs_rs_text(s->sh, s->row, 3, NULL, RS_TOTAL_INT);
	advance(s);
	if (p->lists_incomplete) {
		/* "clear" needs every list read whole: say why no partner is */
		cscs_rs_text(s->sh, s->row, 0, L(s, "partners.lists_incomplete"), RS_LABEL);
		cscs_rs_merge(s->sh, s->row, 1, LAST_COL, p->lists_incomplete, RS_BAD);
		advance(s);
	}
}

static void data_block(struct summary *s)
{
	const struct cscs_report_model *m = s->rc->m;
	section(s, "summary.data_quality", 7);
	kv_int(s, "dq.rejected", m->n_issues[0], m->n_issues[0] ? RS_BAD : RS_VALUE_INT);
	kv_int(s, "dq.flagged", m->n_issues[1], RS_VALUE_INT);
	kv_int(s, "dq.warnings", m->n_issues[2], RS_VALUE_INT);
}

enum cscs_error cscs_sheet_summary(struct cscs_rsheet *sh)
{
	struct summary s = {.sh = sh, .rc = sh->rc, .row_pt = ROW_PT, .b = CSCS_BUF_INIT, .masked = CSCS_BUF_INIT};
	if (sh->ws)
		worksheet_set_row(sh->ws, 0, ROW_PT, NULL);
	struct cscs_rctx *rc = sh->rc;
	enum cscs_error err = CSCS_OK;
	if (sh->ws) {
		worksheet_set_column(sh->ws, 0, 0, COL_A, NULL);
		worksheet_set_column(sh->ws, 1, LAST_COL, COL_B, NULL);
		worksheet_gridlines(sh->ws, LXW_HIDE_ALL_GRIDLINES);
		worksheet_activate(sh->ws);
		if (rc->opts->logo) {
			lxw_image_options io = {.x_offset = 4, .y_offset = 4, .object_position = LXW_OBJECT_MOVE_DONT_SIZE};
			double scale = 1.0;
			if (cscs_report_logo_scale(rc->opts->logo, 170, 64, &scale)) {
				io.x_scale = scale;
				io.y_scale = scale;
			}
			lxw_error e = worksheet_insert_image_opt(sh->ws, 0, LAST_COL - 1, rc->opts->logo, &io);
			if (e) {
				cscs_diag_error(rc->dl, rc->opts->logo, 0, 0, "cannot use the logo: %s", lxw_strerror(e));
				err = CSCS_ERR_INPUT;
				goto out;
			}
		}
	}
	cscs_rs_print(sh, -1, COL_A + 7 * COL_B);
	/*
	 * What prints, on two A4 landscape pages: the KPI band, the company
	 * and the top risks on the first, the findings by area with their
	 * chart, never split, on the second. The details below are on screen.
	 */
	title_block(&s);
	kpi_block(&s);
	company_block(&s);
	risks_block(&s);
	s.page_break = true;
	area_block(&s);
	if (sh->ws) {
		worksheet_print_area(sh->ws, 0, 0, s.row - 1, LAST_COL);
		worksheet_fit_to_pages(sh->ws, 1, 2);
	}
	score_block(&s);
	score_area_block(&s);
	severity_block(&s);
	coverage_block(&s);
	change_block(&s);
	deadlines_block(&s);
	plan_block(&s);
	partners_block(&s);
	data_block(&s);
	advance(&s);
	fit_height(&s, L(&s, "summary.note"), COL_A + 7 * COL_B);
	cscs_rs_merge(sh, s.row, 0, LAST_COL, L(&s, "summary.note"), RS_NOTE);
	advance(&s);
	if (sh->ws && s.n_breaks) {
		s.breaks[s.n_breaks] = 0;
		worksheet_set_h_pagebreaks(sh->ws, s.breaks);
	}
out:
	if (s.b.oom || s.masked.oom)
		err = CSCS_ERR_NOMEM;
	cscs_buf_finish(&s.b);
	cscs_buf_finish(&s.masked);
	return err;
}
