/*
 * The portfolio of a batch: one row per pack, sorted by risk, and every
 * deadline of the portfolio within the horizon. Read from the history
 * database only (the batch copied each pack's run into it).
 */
#include "cscs/report/portfolio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "cscs/core/buf.h"
#include "cscs/core/fs.h"
#include "cscs/core/json.h"
#include "cscs/engine/engine.h"
#include "cscs/ident/resident_id.h"
#include "cscs/store/store.h"

/* The grades, best first; a failed pack is counted apart. */
static const char *const grades[] = {"A", "B", "C", "D"};
#define N_GRADES 4

struct pf_row {
	const struct cscs_portfolio_pack *p;
	char *entity_name, *uscc, *grade, *prev_grade;
	int64_t score, prev_score;
	bool has_score, has_prev;
	int64_t open_by_sev[CSCS_SEV_COUNT_];
	int64_t evaluated, applicable;
	char *next_due, *next_due_check, *next_due_subject;
	char *worst_check, *worst_title, *worst_subject;
	int worst_sev;
};

struct pf_deadline {
	char *due, *check_id, *title, *subject;
	int sev;
	size_t row; /* index into rows */
};

struct pf {
	sqlite3 *db;
	const struct cscs_portfolio_pack *packs;
	const struct cscs_portfolio_opts *o;
	bool zh;
	struct pf_row *rows;
	size_t n_rows;
	struct pf_deadline *dl_items;
	size_t n_dl, cap_dl;
	char horizon_end[CSCS_DATE_ISO_LEN];
	char as_of[CSCS_DATE_ISO_LEN];
	bool oom;
};

/* English and Chinese words of the portfolio. */
enum pf_label {
	L_SHEET, L_TITLE, L_AS_OF, L_COMPANY, L_USCC, L_GRADE, L_SCORE, L_CHANGE, L_CRIT, L_HIGH, L_NEXT_DUE, L_OVERDUE,
	L_COVERAGE, L_WORST, L_WORKBOOK, L_PACK, L_FAILED, L_NEW, L_SHEET_GRADES, L_COUNT, L_CHART_TITLE,
	L_SHEET_DEADLINES, L_DUE, L_DAYS, L_CHECK, L_FINDING, L_SUBJECT, L_SEVERITY, L_NONE_DUE, L_OPEN,
	L_NOTE, L_DL_NOTE, L_NO_FINDINGS, L_SHEET_GROUPS, L_GROUP, L_RELATION, L_PARENT, L_GROUP_NOTE,
	L_NOT_FOUND, L_NO_GROUP_FINDINGS, L_DETAIL, L_COUNT_
};

static const char *const labels[L_COUNT_][2] = {
	[L_SHEET] = {"Portfolio", "组合"},
	[L_TITLE] = {"Credit self-audit portfolio", "信用自查组合"},
	[L_AS_OF] = {"as of", "评估基准日"},
	[L_COMPANY] = {"Company", "企业"},
	[L_USCC] = {"USCC", "统一社会信用代码"},
	[L_GRADE] = {"Grade", "等级"},
	[L_SCORE] = {"Score", "得分"},
	[L_CHANGE] = {"Change since last run", "较上次变化"},
	[L_CRIT] = {"Open critical", "未解决严重问题"},
	[L_HIGH] = {"Open high", "未解决高风险问题"},
	[L_NEXT_DUE] = {"Next deadline", "最近期限"},
	[L_COVERAGE] = {"Coverage (checks evaluated)", "覆盖率（已评估检查项）"},
	[L_WORST] = {"Worst finding (or why the audit failed)", "最严重问题（或审计失败原因）"},
	[L_WORKBOOK] = {"Workbook", "工作簿"},
	[L_PACK] = {"Record pack", "记录包"},
	[L_FAILED] = {"failed", "失败"},
	[L_NEW] = {"first run", "首次运行"},
	[L_SHEET_GRADES] = {"Grades", "等级分布"},
	[L_COUNT] = {"Companies", "企业数"},
	[L_CHART_TITLE] = {"Companies by grade", "各等级企业数"},
	[L_SHEET_DEADLINES] = {"Deadlines", "期限"},
	[L_DUE] = {"Due", "截止日期"},
	[L_DAYS] = {"Days left", "剩余天数"},
	[L_CHECK] = {"Check", "检查项"},
	[L_FINDING] = {"Finding", "问题"},
	[L_SUBJECT] = {"Subject", "对象"},
	[L_SEVERITY] = {"Severity", "严重程度"},
	[L_NONE_DUE] = {"none", "无"},
	[L_OVERDUE] = {"overdue since ", "已逾期（"},
	[L_OPEN] = {"open", "打开"},
	[L_NOTE] = {"Sorted by risk: failed audits first, then by score (lowest first). A failed audit is no clean bill "
		    "of health: its company is not assessed. Scores are self-assessment indicators, not official ratings.",
		    "按风险排序：审计失败的排在最前，其余按得分从低到高。审计失败不代表无问题：该企业未被评估。得分为自我评估指标，"
		    "并非官方信用评级。"},
	[L_DL_NOTE] = {"Every open finding with a due date up to the horizon, overdue ones included (negative days).",
		       "截至期限范围内所有带截止日期的未解决问题，含已逾期问题（剩余天数为负）。"},
	[L_NO_FINDINGS] = {"no open finding", "无未解决问题"},
	[L_SHEET_GROUPS] = {"Groups", "集团"},
	[L_GROUP] = {"Group", "集团"},
	[L_RELATION] = {"Relation", "关系"},
	[L_PARENT] = {"Parent", "上级企业"},
	[L_GROUP_NOTE] = {"Each group (a folder with group.csv): its entities, each audited on its own, then the checks "
			  "across them (GRP-001 a person, by identity number, shared with a listed entity: legal representative, "
			  "director, supervisor, shareholder or actual controller; GRP-002 listed subsidiary or branch; GRP-003 "
			  "partner shared across the group; GRP-004 the same name, a number missing: to review).",
			  "每个集团（含group.csv的文件夹）：其下各企业分别审计，然后进行跨企业检查（GRP-001 与被列入名单企业共有的人员（按身份证号）："
			  "法定代表人、董事、监事、股东或实际控制人；GRP-002 子公司或分支机构被列入名单；GRP-003 集团内共同的合作伙伴；"
			  "GRP-004 同名但缺少身份证号，待核实）。"},
	[L_NOT_FOUND] = {"no pack found", "未找到记录包"},
	[L_NO_GROUP_FINDINGS] = {"no finding across the entities", "无跨企业问题"},
	[L_DETAIL] = {"Detail", "详情"},
};

static const char *const sev_zh[CSCS_SEV_COUNT_] = {"严重", "高", "中", "低", "提示"};

static const char *L(const struct pf *f, enum pf_label l)
{
	return labels[l][f->zh ? 1 : 0];
}

static const char *sev_word(const struct pf *f, int sev)
{
	if (sev < 0 || sev >= CSCS_SEV_COUNT_)
		return "";
	return f->zh ? sev_zh[sev] : cscs_severity_name((enum cscs_severity)sev);
}

static char *dup_col(struct pf *f, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	if (!t)
		return NULL;
	char *s = strdup((const char *)t);
	if (!s)
		f->oom = true;
	return s;
}

/* A subject or message as shown: identity numbers masked unless asked otherwise. */
static char *shown(struct pf *f, char *s)
{
	if (!s || f->o->show_personal_data)
		return s;
	struct cscs_buf b = CSCS_BUF_INIT;
	const char *m = cscs_resident_id_mask_text(s, &b);
	char *out = strdup(m);
	cscs_buf_finish(&b);
	free(s);
	if (!out)
		f->oom = true;
	return out;
}

static int sev_of(const unsigned char *s)
{
	enum cscs_severity v;
	return s && cscs_severity_parse((const char *)s, &v) ? (int)v : CSCS_SEV_INFO;
}

/* Severity rank in SQL: 0 critical .. 4 info. */
#define SEV_RANK "CASE r.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 " \
		 "WHEN 'low' THEN 3 ELSE 4 END"
/* Open findings that are problems (positive signals are counted apart in each workbook). */
#define OPEN_FINDINGS "FROM findings f JOIN results r ON r.run_id = f.run_id AND r.check_id = f.check_id " \
		      "WHERE f.run_id = ?1 AND f.waived = 0 AND r.area <> 'positive' " \
		      "AND (r.tags IS NULL OR ',' || r.tags || ',' NOT LIKE '%,positive,%')"

static enum cscs_error load_row(struct pf *f, struct pf_row *r, struct cscs_diag_list *dl)
{
	sqlite3_stmt *st = NULL;
	enum cscs_error err;
	int64_t id = r->p->run_id;
	r->worst_sev = -1;
	if (!id)
		return CSCS_OK;
	if ((err = cscs_store_prepare(f->db, "SELECT entity_name, entity_uscc, score, grade FROM runs WHERE id = ?1", &st,
				      dl)))
		return err;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		r->entity_name = dup_col(f, st, 0);
		r->uscc = dup_col(f, st, 1);
		r->has_score = sqlite3_column_type(st, 2) != SQLITE_NULL;
		r->score = sqlite3_column_int64(st, 2);
		r->grade = dup_col(f, st, 3);
	}
	sqlite3_finalize(st);

	/* The same company's run before this one (by USCC, or by name when it has none). */
	if ((err = cscs_store_prepare(f->db,
				      "SELECT p.score, p.grade FROM runs p, runs c WHERE c.id = ?1 AND p.id < c.id "
				      "AND p.status = 'complete' AND p.score IS NOT NULL AND "
				      "(p.entity_uscc = c.entity_uscc OR (c.entity_uscc IS NULL AND p.entity_uscc IS NULL "
				      "AND p.entity_name = c.entity_name)) ORDER BY p.id DESC LIMIT 1",
				      &st, dl)))
		return err;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		r->has_prev = true;
		r->prev_score = sqlite3_column_int64(st, 0);
		r->prev_grade = dup_col(f, st, 1);
	}
	sqlite3_finalize(st);

	if ((err = cscs_store_prepare(f->db, "SELECT r.severity, count(*) " OPEN_FINDINGS " GROUP BY r.severity", &st, dl)))
		return err;
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW)
		r->open_by_sev[sev_of(sqlite3_column_text(st, 0))] += sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);

	if ((err = cscs_store_prepare(f->db,
				      "SELECT count(*) FILTER (WHERE status IN ('fail', 'pass', 'waived')), "
				      "count(*) FILTER (WHERE status <> 'not_applicable') FROM results WHERE run_id = ?1",
				      &st, dl)))
		return err;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		r->evaluated = sqlite3_column_int64(st, 0);
		r->applicable = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);

	if ((err = cscs_store_prepare(f->db,
				      "SELECT f.due_date, f.check_id, coalesce(f.subject_shown, f.subject) " OPEN_FINDINGS
				      " AND f.due_date IS NOT NULL ORDER BY f.due_date, " SEV_RANK ", f.id LIMIT 1",
				      &st, dl)))
		return err;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		r->next_due = dup_col(f, st, 0);
		r->next_due_check = dup_col(f, st, 1);
		r->next_due_subject = shown(f, dup_col(f, st, 2));
	}
	sqlite3_finalize(st);

	if ((err = cscs_store_prepare(f->db,
				      "SELECT f.check_id, CASE WHEN ?2 THEN coalesce(r.title_zh, r.title) ELSE "
				      "coalesce(r.title, r.title_zh) END, coalesce(f.subject_shown, f.subject), r.severity " OPEN_FINDINGS
				      " ORDER BY " SEV_RANK ", r.deduction DESC, f.due_date IS NULL, f.due_date, f.id LIMIT 1",
				      &st, dl)))
		return err;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, f->zh);
	if (sqlite3_step(st) == SQLITE_ROW) {
		r->worst_check = dup_col(f, st, 0);
		r->worst_title = dup_col(f, st, 1);
		r->worst_subject = shown(f, dup_col(f, st, 2));
		r->worst_sev = sev_of(sqlite3_column_text(st, 3));
	}
	sqlite3_finalize(st);

	if ((err = cscs_store_prepare(f->db,
				      "SELECT f.due_date, f.check_id, CASE WHEN ?2 THEN coalesce(r.title_zh, r.title) ELSE "
				      "coalesce(r.title, r.title_zh) END, coalesce(f.subject_shown, f.subject), r.severity " OPEN_FINDINGS
				      " AND f.due_date IS NOT NULL AND f.due_date <= ?3 ORDER BY f.due_date, f.id",
				      &st, dl)))
		return err;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, f->zh);
	sqlite3_bind_text(st, 3, f->horizon_end, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && !f->oom) {
		if (f->n_dl == f->cap_dl) {
			size_t cap = f->cap_dl ? 2 * f->cap_dl : 64;
			struct pf_deadline *more = realloc(f->dl_items, cap * sizeof(*more));
			if (!more) {
				f->oom = true;
				break;
			}
			f->dl_items = more;
			f->cap_dl = cap;
		}
		struct pf_deadline *d = &f->dl_items[f->n_dl++];
		d->due = dup_col(f, st, 0);
		d->check_id = dup_col(f, st, 1);
		d->title = dup_col(f, st, 2);
		d->subject = shown(f, dup_col(f, st, 3));
		d->sev = sev_of(sqlite3_column_text(st, 4));
		d->row = (size_t)(r - f->rows);
	}
	sqlite3_finalize(st);
	return f->oom ? CSCS_ERR_NOMEM : CSCS_OK;
}

/* Riskier first: failed audits, then the lowest score, then the most open critical and high findings. */
static int cmp_risk(const void *a, const void *b)
{
	const struct pf_row *x = a, *y = b;
	bool fx = !x->p->run_id, fy = !y->p->run_id;
	if (fx != fy)
		return fx ? -1 : 1;
	if (x->has_score != y->has_score)
		return x->has_score ? 1 : -1;
	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	for (int s = 0; s < 2; s++)
		if (x->open_by_sev[s] != y->open_by_sev[s])
			return x->open_by_sev[s] > y->open_by_sev[s] ? -1 : 1;
	return strcmp(x->p->name, y->p->name);
}

static int cmp_deadline(const void *a, const void *b)
{
	const struct pf_deadline *x = a, *y = b;
	int c = strcmp(x->due ? x->due : "", y->due ? y->due : "");
	if (c)
		return c;
	if (x->sev != y->sev)
		return x->sev < y->sev ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static int days_between(const char *from_iso, const char *to_iso, bool *ok)
{
	cscs_date a, b;
	*ok = from_iso && to_iso && cscs_date_parse_iso(from_iso, &a) && cscs_date_parse_iso(to_iso, &b);
	return *ok ? (int)(b - a) : 0;
}

static const char *company_of(const struct pf_row *r)
{
	return r->entity_name ? r->entity_name : r->p->name;
}

static const struct pf_row *row_of_pack(const struct pf *f, const struct cscs_portfolio_pack *p)
{
	for (size_t i = 0; i < f->n_rows; i++)
		if (f->rows[i].p == p)
			return &f->rows[i];
	return NULL;
}

static const struct pf_row *row_of_entity(const struct pf *f, const struct cscs_group_entity *e)
{
	return e->pack_index == SIZE_MAX ? NULL : row_of_pack(f, f->packs + e->pack_index);
}

/* ---- JSON ---- */

static void j_key(FILE *out, const char *k)
{
	cscs_json_write_string(out, k, strlen(k));
	fputs(": ", out);
}

static void j_str(FILE *out, const char *k, const char *v)
{
	j_key(out, k);
	if (v)
		cscs_json_write_string(out, v, strlen(v));
	else
		fputs("null", out);
}

static void write_json(struct pf *f, FILE *out)
{
	char now[32];
	cscs_json_generated_at(now); /* SOURCE_DATE_EPOCH when set, as every JSON output */
	fputs("{\n  \"format\": \"cscs-audit-portfolio\",\n  \"format_version\": 1,\n  ", out);
	j_str(out, "tool_version", CSCS_VERSION);
	fputs(",\n  ", out);
	j_str(out, "generated_at", now);
	fputs(",\n  ", out);
	j_str(out, "as_of", f->as_of);
	fprintf(out, ",\n  \"horizon_days\": %d,\n  \"companies\": [", f->o->horizon_days > 0 ? f->o->horizon_days : 90);
	for (size_t i = 0; i < f->n_rows; i++) {
		const struct pf_row *r = &f->rows[i];
		fputs(i ? ",\n    {" : "\n    {", out);
		j_str(out, "pack", r->p->pack);
		fputc(',', out);
		j_str(out, "status", r->p->run_id ? "audited" : "failed");
		fputc(',', out);
		j_str(out, "error", r->p->run_id ? NULL : r->p->error);
		fputc(',', out);
		j_str(out, "name", r->entity_name);
		fputc(',', out);
		j_str(out, "uscc", r->uscc);
		if (r->p->run_id) {
			char xl[4096], js[4096];
			snprintf(xl, sizeof(xl), "%s.xlsx", r->p->name);
			snprintf(js, sizeof(js), "%s.json", r->p->name);
			fputc(',', out);
			j_str(out, "workbook", xl);
			fputc(',', out);
			j_str(out, "json", js);
		} else {
			fputs(",\"workbook\": null,\"json\": null", out);
		}
		fputc(',', out);
		j_str(out, "grade", r->grade);
		if (r->has_score)
			fprintf(out, ",\"score\": %lld", (long long)r->score);
		else
			fputs(",\"score\": null", out);
		if (r->has_prev && r->has_score)
			fprintf(out, ",\"previous_score\": %lld,\"score_change\": %lld", (long long)r->prev_score,
				(long long)(r->score - r->prev_score));
		else
			fputs(",\"previous_score\": null,\"score_change\": null", out);
		fputc(',', out);
		j_str(out, "previous_grade", r->prev_grade);
		if (r->p->run_id) {
			fputs(",\"open_findings\": {", out);
			for (int s = 0; s < CSCS_SEV_COUNT_; s++)
				fprintf(out, "%s\"%s\": %lld", s ? "," : "", cscs_severity_name((enum cscs_severity)s),
					(long long)r->open_by_sev[s]);
			fprintf(out, "},\"coverage\": {\"evaluated\": %lld,\"applicable\": %lld,\"share\":", (long long)r->evaluated,
				(long long)r->applicable);
			if (r->applicable)
				fprintf(out, "%.4f}", (double)r->evaluated / (double)r->applicable);
			else
				fputs("null}", out);
		} else {
			fputs(",\"open_findings\": null,\"coverage\": null", out);
		}
		fputs(",\"next_deadline\":", out);
		if (r->next_due) {
			fputc('{', out);
			j_str(out, "due", r->next_due);
			fputc(',', out);
			j_str(out, "check_id", r->next_due_check);
			fputc(',', out);
			j_str(out, "subject", r->next_due_subject);
			fputc('}', out);
		} else {
			fputs("null", out);
		}
		fputs(",\"worst_finding\":", out);
		if (r->worst_check) {
			fputc('{', out);
			j_str(out, "check_id", r->worst_check);
			fputc(',', out);
			j_str(out, "severity", cscs_severity_name((enum cscs_severity)r->worst_sev));
			fputc(',', out);
			j_str(out, "title", r->worst_title);
			fputc(',', out);
			j_str(out, "subject", r->worst_subject);
			fputc('}', out);
		} else {
			fputs("null", out);
		}
		fputc('}', out);
	}
	fputs("\n  ],\n  \"deadlines\": [", out);
	for (size_t i = 0; i < f->n_dl; i++) {
		const struct pf_deadline *d = &f->dl_items[i];
		bool ok;
		int days = days_between(f->as_of, d->due, &ok);
		fputs(i ? ",\n    {" : "\n    {", out);
		j_str(out, "due", d->due);
		if (ok)
			fprintf(out, ",\"days_left\": %d", days);
		fputc(',', out);
		j_str(out, "pack", f->rows[d->row].p->pack);
		fputc(',', out);
		j_str(out, "company", company_of(&f->rows[d->row]));
		fputc(',', out);
		j_str(out, "check_id", d->check_id);
		fputc(',', out);
		j_str(out, "severity", cscs_severity_name((enum cscs_severity)d->sev));
		fputc(',', out);
		j_str(out, "title", d->title);
		fputc(',', out);
		j_str(out, "subject", d->subject);
		fputc('}', out);
	}
	fputs(f->n_dl ? "\n  ],\n  \"groups\": [" : "],\n  \"groups\": [", out);
	for (size_t k = 0; k < f->o->n_groups; k++) {
		const struct cscs_portfolio_group *g = &f->o->groups[k];
		fputs(k ? ",\n    {" : "\n    {", out);
		j_str(out, "group", g->rel);
		fputs(", \"entities\": [", out);
		for (size_t i = 0; i < g->n_e; i++) {
			const struct cscs_group_entity *e = &g->e[i];
			const struct pf_row *r = row_of_entity(f, e);
			fputs(i ? ", {" : "{", out);
			j_str(out, "entity", e->entity);
			fputs(", ", out);
			j_str(out, "uscc", e->uscc);
			fputs(", ", out);
			j_str(out, "relation", e->relation);
			fputs(", ", out);
			j_str(out, "parent", e->parent);
			fputs(", ", out);
			j_str(out, "pack", r ? r->p->pack : NULL);
			fputs(", ", out);
			j_str(out, "status", !r ? "not_found" : r->p->run_id ? "audited" : "failed");
			fputs(", ", out);
			j_str(out, "grade", r ? r->grade : NULL);
			if (r && r->has_score)
				fprintf(out, ", \"score\": %lld}", (long long)r->score);
			else
				fputs(", \"score\": null}", out);
		}
		fputs("], \"findings\": [", out);
		for (size_t i = 0; i < g->n_f; i++) {
			const struct cscs_group_finding *x = &g->f[i];
			fputs(i ? ",\n      {" : "\n      {", out);
			j_str(out, "check_id", x->check_id);
			fputs(", ", out);
			j_str(out, "severity", cscs_severity_name((enum cscs_severity)x->sev));
			fputs(", ", out);
			j_str(out, "entity", g->e[x->entity].entity);
			fputs(", ", out);
			j_str(out, "subject", x->subject);
			fputs(", ", out);
			j_str(out, "detail", x->detail);
			fputs(", ", out);
			j_str(out, "detail_zh", x->detail_zh);
			fputc('}', out);
		}
		fputs("]}", out);
	}
	fputs(f->o->n_groups ? "\n  ]\n}\n" : "]\n}\n", out);
}

static enum cscs_error json_file(struct pf *f, const char *path, struct cscs_diag_list *dl)
{
	struct cscs_atomic_file af = {0};
	enum cscs_error err = cscs_atomic_begin(&af, path, f->o->show_personal_data, dl);
	if (err)
		return err;
	FILE *out = fdopen(af.fd, "w");
	if (!out) {
		cscs_atomic_abort(&af);
		return CSCS_ERR_NOMEM;
	}
	af.fd = -1;
	write_json(f, out);
	bool bad = ferror(out) != 0;
	int e = errno;
	if (fclose(out) != 0)
		bad = true;
	if (bad) {
		cscs_diag_error(dl, path, 0, 0, "cannot write the portfolio: %s", strerror(e));
		cscs_atomic_abort(&af);
		return CSCS_ERR_IO;
	}
	err = cscs_atomic_commit(&af, dl);
	cscs_atomic_abort(&af);
	return err;
}

/* ---- workbook ---- */

struct pf_fmt {
	lxw_format *title, *note, *head, *text, *wrap, *num, *change, *pct, *link, *failed;
	lxw_format *note_wrap; /* a note merged across a table, wrapped */
};

static void page_setup(lxw_worksheet *ws, const char *header, int last_col)
{
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_set_landscape(ws);
	worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, 2, 2);
	worksheet_set_header(ws, header);
	worksheet_set_footer(ws, "&C&P / &N");
	worksheet_freeze_panes(ws, 3, 1);
	worksheet_autofilter(ws, 2, 0, 2, (lxw_col_t)last_col);
}

/* "&L...": a header without '&' from the text. */
static void header_text(char *buf, size_t len, const char *title, const char *as_of_word, const char *as_of)
{
	snprintf(buf, len, "&L%s&R%s %s", title, as_of_word, as_of);
	for (char *p = buf + 2; *p; p++)
		if (*p == '&' && p != strstr(buf, "&R"))
			*p = '+';
}

static void write_portfolio_sheet(struct pf *f, lxw_workbook *wb, lxw_worksheet *ws, const struct pf_fmt *ft)
{
	char head[512], buf[4096];
	enum { C_COMPANY, C_USCC, C_GRADE, C_SCORE, C_CHANGE, C_CRIT, C_HIGH, C_DUE, C_COV, C_WORST, C_BOOK, C_PACK, C_N };
	static const enum pf_label heads[C_N] = {L_COMPANY, L_USCC, L_GRADE, L_SCORE, L_CHANGE, L_CRIT,
						 L_HIGH, L_NEXT_DUE, L_COVERAGE, L_WORST, L_WORKBOOK, L_PACK};
	static const double widths[C_N] = {30, 21, 7, 7, 11, 10, 10, 24, 12, 44, 26, 22};
	(void)wb;
	snprintf(buf, sizeof(buf), "%s — %s %s", L(f, L_TITLE), L(f, L_AS_OF), f->as_of);
	worksheet_write_string(ws, 0, 0, buf, ft->title);
	worksheet_write_string(ws, 1, 0, L(f, L_NOTE), ft->note);
	for (int c = 0; c < C_N; c++) {
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
		worksheet_write_string(ws, 2, (lxw_col_t)c, L(f, heads[c]), ft->head);
	}
	worksheet_set_row(ws, 2, 45, NULL);
	for (size_t i = 0; i < f->n_rows; i++) {
		const struct pf_row *r = &f->rows[i];
		lxw_row_t row = (lxw_row_t)(3 + i);
		worksheet_set_row(ws, row, 45, NULL); /* three lines of the wrapped finding */
		worksheet_write_string(ws, row, C_COMPANY, company_of(r), ft->wrap);
		if (r->uscc)
			worksheet_write_string(ws, row, C_USCC, r->uscc, ft->text);
		worksheet_write_string(ws, row, C_PACK, r->p->pack, ft->text);
		if (!r->p->run_id) {
			worksheet_write_string(ws, row, C_GRADE, L(f, L_FAILED), ft->failed);
			worksheet_write_string(ws, row, C_WORST, r->p->error ? r->p->error : L(f, L_FAILED), ft->wrap);
			continue;
		}
		worksheet_write_string(ws, row, C_GRADE, r->grade ? r->grade : "", ft->text);
		if (r->has_score)
			worksheet_write_number(ws, row, C_SCORE, (double)r->score, ft->num);
		if (r->has_prev && r->has_score)
			worksheet_write_number(ws, row, C_CHANGE, (double)(r->score - r->prev_score), ft->change);
		else
			worksheet_write_string(ws, row, C_CHANGE, L(f, L_NEW), ft->text);
		worksheet_write_number(ws, row, C_CRIT, (double)r->open_by_sev[CSCS_SEV_CRITICAL], ft->num);
		worksheet_write_number(ws, row, C_HIGH, (double)r->open_by_sev[CSCS_SEV_HIGH], ft->num);
		if (r->next_due) {
			/* the earliest open due date may be past: say so rather than call it the next one */
			bool overdue = strcmp(r->next_due, f->as_of) < 0;
			snprintf(buf, sizeof(buf), "%s%s%s %s", overdue ? L(f, L_OVERDUE) : "", r->next_due,
				 overdue && f->zh ? "）" : "", r->next_due_check ? r->next_due_check : "");
			worksheet_write_string(ws, row, C_DUE, buf, ft->wrap);
		} else {
			worksheet_write_string(ws, row, C_DUE, L(f, L_NONE_DUE), ft->text);
		}
		if (r->applicable)
			worksheet_write_number(ws, row, C_COV, (double)r->evaluated / (double)r->applicable, ft->pct);
		if (r->worst_check) {
			snprintf(buf, sizeof(buf), "%s %s: %s%s%s", sev_word(f, r->worst_sev), r->worst_check,
				 r->worst_title ? r->worst_title : "", r->worst_subject ? " — " : "",
				 r->worst_subject ? r->worst_subject : "");
			worksheet_write_string(ws, row, C_WORST, buf, ft->wrap);
		} else {
			worksheet_write_string(ws, row, C_WORST, L(f, L_NO_FINDINGS), ft->wrap);
		}
		snprintf(buf, sizeof(buf), "external:%s.xlsx", r->p->name);
		snprintf(head, sizeof(head), "%s.xlsx", r->p->name);
		worksheet_write_url_opt(ws, row, C_BOOK, buf, ft->link, head, NULL);
	}
	if (f->n_rows) {
		lxw_row_t last = (lxw_row_t)(2 + f->n_rows);
		static const struct {
			const char *grade;
			uint32_t bg, fg;
		} gcol[] = {{"\"A\"", 0xC6EFCE, 0x006100}, {"\"B\"", 0xE2EFDA, 0x375623}, {"\"C\"", 0xFFEB9C, 0x9C5700},
			    {"\"D\"", 0xFFC7CE, 0x9C0006}};
		for (size_t g = 0; g < sizeof(gcol) / sizeof(gcol[0]); g++) {
			lxw_format *fm = workbook_add_format(wb);
			format_set_bg_color(fm, gcol[g].bg);
			format_set_font_color(fm, gcol[g].fg);
			format_set_bold(fm);
			lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_CELL,
						     .criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
						     .value_string = (char *)gcol[g].grade,
						     .format = fm};
			worksheet_conditional_format_range(ws, 3, C_GRADE, last, C_GRADE, &cf);
		}
		lxw_format *red = workbook_add_format(wb);
		format_set_bg_color(red, 0xFFC7CE);
		format_set_font_color(red, 0x9C0006);
		lxw_conditional_format pos = {.type = LXW_CONDITIONAL_TYPE_CELL,
					      .criteria = LXW_CONDITIONAL_CRITERIA_GREATER_THAN, .value = 0, .format = red};
		worksheet_conditional_format_range(ws, 3, C_CRIT, last, C_HIGH, &pos);
		lxw_conditional_format fall = {.type = LXW_CONDITIONAL_TYPE_CELL,
					       .criteria = LXW_CONDITIONAL_CRITERIA_LESS_THAN, .value = 0, .format = red};
		worksheet_conditional_format_range(ws, 3, C_CHANGE, last, C_CHANGE, &fall);
		lxw_conditional_format scale = {.type = LXW_CONDITIONAL_3_COLOR_SCALE,
						.min_color = 0xF8696B, .mid_color = 0xFFEB84, .max_color = 0x63BE7B};
		worksheet_conditional_format_range(ws, 3, C_SCORE, last, C_SCORE, &scale);
		lxw_conditional_format cov = {.type = LXW_CONDITIONAL_DATA_BAR, .bar_color = 0x5B9BD5};
		worksheet_conditional_format_range(ws, 3, C_COV, last, C_COV, &cov);
	}
	header_text(head, sizeof(head), L(f, L_TITLE), L(f, L_AS_OF), f->as_of);
	page_setup(ws, head, C_N - 1);
}

static void write_grades_sheet(struct pf *f, lxw_workbook *wb, lxw_worksheet *ws, const struct pf_fmt *ft)
{
	size_t count[N_GRADES + 1] = {0};
	for (size_t i = 0; i < f->n_rows; i++) {
		const struct pf_row *r = &f->rows[i];
		size_t g = N_GRADES;
		for (size_t k = 0; r->p->run_id && r->grade && k < N_GRADES; k++)
			if (strcmp(r->grade, grades[k]) == 0)
				g = k;
		if (r->p->run_id && g == N_GRADES)
			continue; /* a grade this tool does not give: not counted as a failure */
		count[g]++;
	}
	char head[512];
	worksheet_write_string(ws, 0, 0, L(f, L_CHART_TITLE), ft->title);
	worksheet_write_string(ws, 2, 0, L(f, L_GRADE), ft->head);
	worksheet_write_string(ws, 2, 1, L(f, L_COUNT), ft->head);
	worksheet_set_column(ws, 0, 1, 14, NULL);
	for (size_t k = 0; k <= N_GRADES; k++) {
		worksheet_write_string(ws, (lxw_row_t)(3 + k), 0, k < N_GRADES ? grades[k] : L(f, L_FAILED), ft->text);
		worksheet_write_number(ws, (lxw_row_t)(3 + k), 1, (double)count[k], ft->num);
	}
	lxw_chart *ch = workbook_add_chart(wb, LXW_CHART_COLUMN);
	if (ch) {
		lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
		if (s) {
			chart_series_set_categories(s, L(f, L_SHEET_GRADES), 3, 0, 3 + N_GRADES, 0);
			chart_series_set_values(s, L(f, L_SHEET_GRADES), 3, 1, 3 + N_GRADES, 1);
			chart_series_set_name(s, L(f, L_COUNT));
			lxw_chart_fill fill = {.color = 0x4472C4};
			chart_series_set_fill(s, &fill);
		}
		chart_title_set_name(ch, L(f, L_CHART_TITLE));
		chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
		lxw_chart_options co = {.x_scale = 1.5, .y_scale = 1.2};
		worksheet_insert_chart_opt(ws, 2, 3, ch, &co);
	}
	header_text(head, sizeof(head), L(f, L_CHART_TITLE), L(f, L_AS_OF), f->as_of);
	worksheet_set_paper(ws, 9);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 1);
	worksheet_set_header(ws, head);
}

static void write_deadlines_sheet(struct pf *f, lxw_worksheet *ws, const struct pf_fmt *ft)
{
	enum { D_DUE, D_DAYS, D_COMPANY, D_SEV, D_CHECK, D_FINDING, D_SUBJECT, D_N };
	static const enum pf_label heads[D_N] = {L_DUE, L_DAYS, L_COMPANY, L_SEVERITY, L_CHECK, L_FINDING, L_SUBJECT};
	static const double widths[D_N] = {11, 9, 30, 9, 10, 50, 34};
	char head[512];
	snprintf(head, sizeof(head), "%s (%d)", L(f, L_SHEET_DEADLINES), f->o->horizon_days > 0 ? f->o->horizon_days : 90);
	worksheet_write_string(ws, 0, 0, head, ft->title);
	worksheet_write_string(ws, 1, 0, L(f, L_DL_NOTE), ft->note);
	for (int c = 0; c < D_N; c++) {
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
		worksheet_write_string(ws, 2, (lxw_col_t)c, L(f, heads[c]), ft->head);
	}
	worksheet_set_row(ws, 2, 30, NULL);
	for (size_t i = 0; i < f->n_dl; i++) {
		const struct pf_deadline *d = &f->dl_items[i];
		lxw_row_t row = (lxw_row_t)(3 + i);
		worksheet_set_row(ws, row, 30, NULL);
		bool ok;
		int days = days_between(f->as_of, d->due, &ok);
		worksheet_write_string(ws, row, D_DUE, d->due ? d->due : "", ft->text);
		if (ok)
			worksheet_write_number(ws, row, D_DAYS, days, ft->change);
		worksheet_write_string(ws, row, D_COMPANY, company_of(&f->rows[d->row]), ft->wrap);
		worksheet_write_string(ws, row, D_SEV, sev_word(f, d->sev), ft->text);
		worksheet_write_string(ws, row, D_CHECK, d->check_id ? d->check_id : "", ft->text);
		worksheet_write_string(ws, row, D_FINDING, d->title ? d->title : "", ft->wrap);
		if (d->subject)
			worksheet_write_string(ws, row, D_SUBJECT, d->subject, ft->wrap);
	}
	header_text(head, sizeof(head), L(f, L_SHEET_DEADLINES), L(f, L_AS_OF), f->as_of);
	page_setup(ws, head, D_N - 1);
}

/*
 * Lines a wrapped cell of width columns needs for s: a CJK character (or any
 * beyond U+1100) takes two units, others one; a column unit holds about one
 * unit (a little less, as wrapping breaks at words).
 */
static unsigned wrapped_lines(const char *s, double width)
{
	unsigned units = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		units += *p >= 0xE1 ? 2 : 1; /* a lead byte of U+1000 and above */
	}
	double per_line = width * 0.9;
	unsigned n = (unsigned)((double)units / per_line) + 1;
	return n;
}

/* group.csv's relation in the workbook's language */
static const char *relation_word(const struct pf *f, const char *relation)
{
	if (!f->zh)
		return relation;
	if (strcmp(relation, "parent") == 0)
		return "母公司";
	if (strcmp(relation, "subsidiary") == 0)
		return "子公司";
	if (strcmp(relation, "branch") == 0)
		return "分支机构";
	return relation;
}

static void write_groups_sheet(struct pf *f, lxw_worksheet *ws, const struct pf_fmt *ft)
{
	enum { G_ENTITY, G_USCC, G_REL, G_PARENT, G_GRADE, G_SCORE, G_CHECK, G_SUBJECT, G_DETAIL, G_N };
	static const double widths[G_N] = {30, 21, 11, 21, 8, 8, 9, 30, 64};
	static const enum pf_label heads[G_N] = {L_COMPANY, L_USCC, L_RELATION, L_PARENT, L_GRADE, L_SCORE,
						 L_CHECK, L_SUBJECT, L_DETAIL};
	char head[512];
	lxw_row_t row = 0;
	worksheet_write_string(ws, row++, 0, L(f, L_SHEET_GROUPS), ft->title);
	/* the note wraps across the table's width: on one line it would run off the printed page */
	worksheet_set_row(ws, row, 15.0 * wrapped_lines(L(f, L_GROUP_NOTE), 211) + 3, NULL);
	worksheet_merge_range(ws, row, 0, row, G_N - 1, L(f, L_GROUP_NOTE), ft->note_wrap);
	row++;
	for (int c = 0; c < G_N; c++) {
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
		worksheet_write_string(ws, row, (lxw_col_t)c, L(f, heads[c]), ft->head);
	}
	row++;
	for (size_t k = 0; k < f->o->n_groups; k++) {
		const struct cscs_portfolio_group *g = &f->o->groups[k];
		snprintf(head, sizeof(head), "%s: %s", L(f, L_GROUP), g->rel);
		worksheet_set_row(ws, row, 22, NULL);
		worksheet_write_string(ws, row++, 0, head, ft->title);
		for (size_t i = 0; i < g->n_e; i++) {
			const struct cscs_group_entity *e = &g->e[i];
			const struct pf_row *r = row_of_entity(f, e);
			worksheet_write_string(ws, row, G_ENTITY, e->entity, ft->wrap);
			if (e->uscc)
				worksheet_write_string(ws, row, G_USCC, e->uscc, ft->text);
			worksheet_write_string(ws, row, G_REL, relation_word(f, e->relation), ft->text);
			if (e->parent)
				worksheet_write_string(ws, row, G_PARENT, e->parent, ft->text);
			if (!r)
				worksheet_write_string(ws, row, G_GRADE, L(f, L_NOT_FOUND), ft->failed);
			else if (!r->p->run_id)
				worksheet_write_string(ws, row, G_GRADE, L(f, L_FAILED), ft->failed);
			else
				worksheet_write_string(ws, row, G_GRADE, r->grade ? r->grade : "", ft->text);
			if (r && r->has_score)
				worksheet_write_number(ws, row, G_SCORE, (double)r->score, ft->num);
			row++;
		}
		if (!g->n_f)
			worksheet_write_string(ws, row++, G_CHECK, L(f, L_NO_GROUP_FINDINGS), ft->text);
		for (size_t i = 0; i < g->n_f; i++) {
			const struct cscs_group_finding *x = &g->f[i];
			/* as tall as the longest wrapped text needs, so a detail never runs into the next row */
			unsigned lines = wrapped_lines(f->zh ? x->detail_zh : x->detail, widths[G_DETAIL]);
			unsigned l2 = wrapped_lines(x->subject, widths[G_SUBJECT]);
			unsigned l3 = wrapped_lines(g->e[x->entity].entity, widths[G_ENTITY]);
			lines = lines > l2 ? lines : l2;
			lines = lines > l3 ? lines : l3;
			worksheet_set_row(ws, row, 15.0 * lines + 3, NULL);
			worksheet_write_string(ws, row, G_ENTITY, g->e[x->entity].entity, ft->wrap);
			worksheet_write_string(ws, row, G_GRADE, sev_word(f, x->sev), ft->text);
			worksheet_write_string(ws, row, G_CHECK, x->check_id, ft->text);
			worksheet_write_string(ws, row, G_SUBJECT, x->subject, ft->wrap);
			worksheet_write_string(ws, row, G_DETAIL, f->zh ? x->detail_zh : x->detail, ft->wrap);
			row++;
		}
		row++;
	}
	header_text(head, sizeof(head), L(f, L_SHEET_GROUPS), L(f, L_AS_OF), f->as_of);
	worksheet_set_paper(ws, 9);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, 2, 2);
	worksheet_set_header(ws, head);
	worksheet_set_footer(ws, "&C&P / &N");
}

static enum cscs_error xlsx_file(struct pf *f, const char *path, struct cscs_diag_list *dl)
{
	struct cscs_atomic_file af = {0};
	enum cscs_error err = cscs_atomic_begin(&af, path, f->o->show_personal_data, dl);
	if (err)
		return err;
	lxw_workbook *wb = workbook_new(af.tmp);
	if (!wb) {
		cscs_diag_error(dl, path, 0, 0, "cannot start the portfolio workbook");
		cscs_atomic_abort(&af);
		return CSCS_ERR_XLSX;
	}
	struct pf_fmt ft = {0};
	const char *font = f->zh ? "Microsoft YaHei" : "Calibri";
	lxw_format **all[] = {&ft.title, &ft.note, &ft.note_wrap, &ft.head, &ft.text, &ft.wrap, &ft.num,
			      &ft.change, &ft.pct, &ft.link, &ft.failed};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		*all[i] = workbook_add_format(wb);
		if (*all[i]) {
			format_set_font_name(*all[i], font);
			format_set_align(*all[i], LXW_ALIGN_VERTICAL_TOP);
		}
	}
	format_set_bold(ft.title);
	format_set_font_size(ft.title, 14);
	format_set_italic(ft.note);
	format_set_italic(ft.note_wrap);
	format_set_font_color(ft.note_wrap, 0x595959);
	format_set_text_wrap(ft.note_wrap);
	format_set_align(ft.note_wrap, LXW_ALIGN_VERTICAL_TOP);
	format_set_font_color(ft.note, 0x595959);
	format_set_bold(ft.head);
	format_set_text_wrap(ft.head);
	format_set_bg_color(ft.head, 0xD9E1F2);
	format_set_bottom(ft.head, LXW_BORDER_THIN);
	format_set_text_wrap(ft.wrap);
	format_set_num_format(ft.num, "0");
	format_set_num_format(ft.change, "+0;-0;0");
	format_set_num_format(ft.pct, "0%");
	format_set_underline(ft.link, LXW_UNDERLINE_SINGLE);
	format_set_font_color(ft.link, 0x0563C1);
	format_set_bold(ft.failed);
	format_set_bg_color(ft.failed, 0xBFBFBF);

	lxw_worksheet *ws_p = workbook_add_worksheet(wb, L(f, L_SHEET));
	lxw_worksheet *ws_g = workbook_add_worksheet(wb, L(f, L_SHEET_GRADES));
	lxw_worksheet *ws_d = workbook_add_worksheet(wb, L(f, L_SHEET_DEADLINES));
	lxw_worksheet *ws_grp = f->o->n_groups ? workbook_add_worksheet(wb, L(f, L_SHEET_GROUPS)) : NULL;
	if (ws_p && ws_g && ws_d) {
		write_portfolio_sheet(f, wb, ws_p, &ft);
		write_grades_sheet(f, wb, ws_g, &ft);
		write_deadlines_sheet(f, ws_d, &ft);
		if (ws_grp)
			write_groups_sheet(f, ws_grp, &ft);
	}
	lxw_doc_properties props = {.title = (char *)L(f, L_TITLE)};
	workbook_set_properties(wb, &props);
	errno = 0;
	lxw_error le = workbook_close(wb);
	if (!ws_p || !ws_g || !ws_d || (f->o->n_groups && !ws_grp) || le) {
		cscs_diag_error(dl, path, 0, 0, "cannot write the portfolio workbook: %s",
				le ? lxw_strerror(le) : "a sheet could not be added");
		cscs_atomic_abort(&af);
		return le == LXW_ERROR_MEMORY_MALLOC_FAILED ? CSCS_ERR_NOMEM : CSCS_ERR_IO;
	}
	err = cscs_atomic_commit(&af, dl);
	cscs_atomic_abort(&af);
	return err;
}

static void free_row(struct pf_row *r)
{
	free(r->entity_name);
	free(r->uscc);
	free(r->grade);
	free(r->prev_grade);
	free(r->next_due);
	free(r->next_due_check);
	free(r->next_due_subject);
	free(r->worst_check);
	free(r->worst_title);
	free(r->worst_subject);
}

enum cscs_error cscs_report_portfolio(sqlite3 *db, const struct cscs_portfolio_pack *packs, size_t n,
				      const struct cscs_portfolio_opts *opts, const char *xlsx_path,
				      const char *json_path, struct cscs_diag_list *dl)
{
	struct pf f = {.db = db, .packs = packs, .o = opts, .zh = opts->lang && strcmp(opts->lang, "zh") == 0};
	enum cscs_error err = CSCS_OK;
	int horizon = opts->horizon_days > 0 ? opts->horizon_days : 90;
	cscs_date_format(opts->as_of, f.as_of);
	cscs_date_format(opts->as_of + horizon, f.horizon_end);
	f.rows = calloc(n ? n : 1, sizeof(*f.rows));
	if (!f.rows)
		return CSCS_ERR_NOMEM;
	f.n_rows = n;
	for (size_t i = 0; i < n && !err; i++) {
		f.rows[i].p = &packs[i];
		err = load_row(&f, &f.rows[i], dl);
	}
	if (err)
		goto out;
	/* Sort the rows, and renumber the deadlines' rows to match. */
	size_t *pos = malloc((n ? n : 1) * sizeof(*pos));
	struct pf_row *sorted = malloc((n ? n : 1) * sizeof(*sorted));
	if (!pos || !sorted) {
		free(pos);
		free(sorted);
		err = CSCS_ERR_NOMEM;
		goto out;
	}
	memcpy(sorted, f.rows, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_risk);
	for (size_t i = 0; i < n; i++)
		pos[(size_t)(sorted[i].p - packs)] = i;
	for (size_t i = 0; i < f.n_dl; i++)
		f.dl_items[i].row = pos[(size_t)(f.rows[f.dl_items[i].row].p - packs)];
	memcpy(f.rows, sorted, n * sizeof(*sorted));
	free(sorted);
	free(pos);
	qsort(f.dl_items, f.n_dl, sizeof(*f.dl_items), cmp_deadline);
	if (xlsx_path && (err = xlsx_file(&f, xlsx_path, dl)))
		goto out;
	if (json_path)
		err = json_file(&f, json_path, dl);
out:
	for (size_t i = 0; i < n; i++)
		free_row(&f.rows[i]);
	free(f.rows);
	for (size_t i = 0; i < f.n_dl; i++) {
		free(f.dl_items[i].due);
		free(f.dl_items[i].check_id);
		free(f.dl_items[i].title);
		free(f.dl_items[i].subject);
	}
	free(f.dl_items);
	return err;
}
