#include "group.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/buf.h"
#include "cscs/engine/engine.h"
#include "cscs/ident/resident_id.h"
#include "cscs/intake/csv.h"
#include "cscs/screen/normalize.h"

enum { G_ENTITY, G_USCC, G_PARENT, G_RELATION, G_PACK, G_N };
static const char *const gcols[G_N] = {"entity", "uscc", "parent", "relation", "pack"};

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

enum cscs_error cscs_group_load(const char *dir, const char *rel, struct cscs_portfolio_group *g,
				struct cscs_diag_list *dl)
{
	struct cscs_csv_reader *r = NULL;
	const struct cscs_csv_row *row;
	int col[G_N] = {-1, -1, -1, -1, -1};
	size_t n = strlen(dir) + strlen(rel) + 16, cap = 0;
	char *path = malloc(n), *shown = malloc(n);
	enum cscs_error err;
	memset(g, 0, sizeof(*g));
	g->rel = strdup(rel);
	if (!path || !shown || !g->rel) {
		free(path);
		free(shown);
		return CSCS_ERR_NOMEM;
	}
	snprintf(path, n, "%s/group.csv", dir);
	/* named as the pack's files are: relative to the batch folder */
	snprintf(shown, n, "%s%sgroup.csv", strcmp(rel, ".") == 0 ? "" : rel, strcmp(rel, ".") == 0 ? "" : "/");
	if ((err = cscs_csv_open(&r, path, shown, NULL, dl)))
		goto out;
	bool header = true;
	while ((err = cscs_csv_next(r, &row, dl)) == CSCS_OK && row) {
		if (header) {
			for (size_t i = 0; i < row->n_fields; i++)
				for (int c = 0; c < G_N; c++)
					if (strcmp(row->fields[i], gcols[c]) == 0)
						col[c] = (int)i;
			if (col[G_ENTITY] < 0 || col[G_PACK] < 0) {
				cscs_diag_error(dl, shown, 1, 0, "needs the columns 'entity' and 'pack'");
				err = CSCS_ERR_INPUT;
				goto out;
			}
			header = false;
			continue;
		}
		const char *v[G_N] = {0};
		bool blank = true;
		for (int c = 0; c < G_N; c++) {
			v[c] = col[c] >= 0 && (size_t)col[c] < row->n_fields ? row->fields[col[c]] : NULL;
			if (v[c] && *v[c])
				blank = false;
		}
		if (blank)
			continue;
		if (!v[G_ENTITY] || !*v[G_ENTITY] || !v[G_PACK] || !*v[G_PACK]) {
			cscs_diag_error(dl, shown, row->line, 0, "a group entity needs its name (entity) and its folder (pack)");
			err = CSCS_ERR_INPUT;
			goto out;
		}
		if (g->n_e == cap) {
			cap = cap ? 2 * cap : 8;
			struct cscs_group_entity *more = realloc(g->e, cap * sizeof(*more));
			if (!more) {
				err = CSCS_ERR_NOMEM;
				goto out;
			}
			g->e = more;
		}
		struct cscs_group_entity *e = &g->e[g->n_e++];
		memset(e, 0, sizeof(*e));
		e->pack_index = SIZE_MAX;
		e->entity = dup_or_null(v[G_ENTITY]);
		e->uscc = dup_or_null(v[G_USCC]);
		e->parent = dup_or_null(v[G_PARENT]);
		e->relation = dup_or_null(v[G_RELATION] && *v[G_RELATION] ? v[G_RELATION]
							 : e->parent ? "subsidiary" : "parent");
		e->pack = dup_or_null(v[G_PACK]);
		if (!e->entity || !e->relation || !e->pack || (v[G_USCC] && *v[G_USCC] && !e->uscc) ||
		    (v[G_PARENT] && *v[G_PARENT] && !e->parent)) {
			err = CSCS_ERR_NOMEM;
			goto out;
		}
		if (strcmp(e->relation, "parent") != 0 && strcmp(e->relation, "subsidiary") != 0 &&
		    strcmp(e->relation, "branch") != 0) {
			cscs_diag_error(dl, shown, row->line, 0,
					"relation '%s' is not one of parent, subsidiary, branch", e->relation);
			err = CSCS_ERR_INPUT;
			goto out;
		}
	}
out:
	cscs_csv_close(r);
	free(path);
	free(shown);
	return err;
}

static char *col_dup(sqlite3_stmt *st, int i, bool *oom)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	if (!t || !*t)
		return NULL;
	char *s = strdup((const char *)t);
	if (!s)
		*oom = true;
	return s;
}

/* The role as a word of the people record's vocabulary (static), "person" when unknown. */
static const char *role_word(const char *role)
{
	static const char *const roles[] = {"legal_representative", "director", "supervisor", "shareholder",
					    "actual_controller"};
	for (size_t i = 0; role && i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(role, roles[i]) == 0)
			return roles[i];
	return "person";
}

static const char *role_en(const char *role)
{
	if (strcmp(role, "legal_representative") == 0)
		return "legal representative";
	if (strcmp(role, "actual_controller") == 0)
		return "actual controller";
	return role;
}

static const char *role_zh(const char *role)
{
	static const char *const map[][2] = {
		{"legal_representative", "法定代表人"}, {"director", "董事"}, {"supervisor", "监事"},
		{"shareholder", "股东"}, {"actual_controller", "实际控制人"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(role, map[i][0]) == 0)
			return map[i][1];
	return "人员";
}

enum cscs_error cscs_group_read_facts(sqlite3 *db, cscs_date as_of, struct cscs_group_facts *f)
{
	sqlite3_stmt *st = NULL;
	bool oom = false;
	char iso[CSCS_DATE_ISO_LEN];
	cscs_date_format(as_of, iso);
	f->audited = true;
	/*
	 * The people the records name: the entity's legal representative, then
	 * the people record's rows for this entity (entity_uscc empty or its
	 * code; the table is absent in a database made before migration 15).
	 */
	if (sqlite3_prepare_v2(db,
			       "SELECT legal_rep_name, legal_rep_id, 'legal_representative' FROM entity "
			       "WHERE legal_rep_name IS NOT NULL AND id = (SELECT min(id) FROM entity) "
			       "UNION ALL SELECT p.name, p.id_number, p.role FROM people p "
			       "WHERE p.name IS NOT NULL AND NOT EXISTS (SELECT 1 FROM entity e WHERE "
			       "p.entity_uscc IS NOT NULL AND e.uscc IS NOT NULL AND p.entity_uscc <> e.uscc)",
			       -1, &st, NULL) == SQLITE_OK) {
		size_t cap = 0;
		while (!oom && sqlite3_step(st) == SQLITE_ROW) {
			if (f->n_people == cap) {
				cap = cap ? 2 * cap : 8;
				struct cscs_group_person *more = realloc(f->people, cap * sizeof(*more));
				if (!more) {
					oom = true;
					break;
				}
				f->people = more;
			}
			struct cscs_group_person *p = &f->people[f->n_people];
			memset(p, 0, sizeof(*p));
			p->name = col_dup(st, 0, &oom);
			p->id = col_dup(st, 1, &oom);
			p->role = role_word((const char *)sqlite3_column_text(st, 2));
			if (!p->name) {
				free(p->id);
				continue;
			}
			f->n_people++;
			char key[256];
			size_t n = cscs_screen_normalize_person(p->name, strlen(p->name), key, sizeof(key));
			p->name_key = strdup(n ? key : p->name);
			if (!p->name_key)
				oom = true;
			if (p->id && cscs_resident_id_like(p->id) &&
			    cscs_resident_id_normalize(p->id, key, sizeof(key)) < sizeof(key) - 1) {
				p->id_key = strdup(key);
				if (!p->id_key)
					oom = true;
			}
		}
	}
	sqlite3_finalize(st);
	/* One person once per entity: the same name and the same number, or a number on one side only. */
	size_t kept = 0;
	for (size_t i = 0; i < f->n_people; i++) {
		struct cscs_group_person *p = &f->people[i];
		struct cscs_group_person *same = NULL;
		for (size_t k = 0; p->name_key && k < kept && !same; k++) {
			struct cscs_group_person *q = &f->people[k];
			if (q->name_key && strcmp(q->name_key, p->name_key) == 0 &&
			    (!q->id_key || !p->id_key || strcmp(q->id_key, p->id_key) == 0))
				same = q;
		}
		if (!same) {
			f->people[kept++] = *p;
			continue;
		}
		if (!same->id_key && p->id_key) { /* the number the later row gives */
			free(same->id);
			free(same->id_key);
			same->id = p->id;
			same->id_key = p->id_key;
			p->id = p->id_key = NULL;
		}
		free(p->name);
		free(p->name_key);
		free(p->id);
		free(p->id_key);
	}
	f->n_people = kept;
	/* Current listings, as the blacklist checks count them (checklists/blacklists.sql); the red list is no listing. */
	if (sqlite3_prepare_v2(db,
			       "SELECT group_concat(CASE list WHEN 'other' THEN 'a list recorded as other' "
			       "ELSE replace(list, '_', ' ') || ' list' END || coalesce(' since ' || listed_on, ''), '; '), "
			       "group_concat(CASE list WHEN 'abnormal_operations' THEN '经营异常名录' "
			       "WHEN 'serious_illegal' THEN '严重违法失信名单' WHEN 'judgment_defaulter' THEN '失信被执行人名单' "
			       "WHEN 'major_tax_violation' THEN '重大税收违法失信主体名单' "
			       "WHEN 'wage_arrears' THEN '拖欠农民工工资失信联合惩戒对象名单' "
			       "WHEN 'customs_untrustworthy' THEN '海关失信企业名单' WHEN 'consumption_restriction' THEN '限制消费人员名单' "
			       "WHEN 'work_safety_dishonesty' THEN '安全生产严重失信主体名单' "
			       "WHEN 'procurement_dishonesty' THEN '政府采购严重违法失信行为记录名单' "
			       "WHEN 'statistics_dishonesty' THEN '统计严重失信企业名单' ELSE '记录为“其他”的名单' END "
			       "|| coalesce('（自' || listed_on || '起）', ''), '；') FROM list_status "
			       "WHERE subject = 'entity' AND list <> 'red_list' "
			       "AND (listed_on IS NOT NULL OR reason IS NOT NULL) AND (listed_on IS NULL OR listed_on <= ?1) "
			       "AND (removed_on IS NULL OR removed_on > ?1)",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, iso, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			f->listings = col_dup(st, 0, &oom);
			f->listings_zh = col_dup(st, 1, &oom);
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT coalesce(nullif(uscc, ''), name), coalesce(name, uscc), coalesce(spend, 0) "
				   "FROM partners WHERE coalesce(nullif(uscc, ''), name) IS NOT NULL ORDER BY id",
			       -1, &st, NULL) == SQLITE_OK) {
		size_t cap = 0;
		while (!oom && sqlite3_step(st) == SQLITE_ROW) {
			if (f->n_partners == cap) {
				cap = cap ? 2 * cap : 16;
				char **k = realloc(f->partner_key, cap * sizeof(*k));
				if (k)
					f->partner_key = k;
				char **nm = realloc(f->partner_name, cap * sizeof(*nm));
				if (nm)
					f->partner_name = nm;
				int64_t *sp = realloc(f->partner_spend, cap * sizeof(*sp));
				if (sp)
					f->partner_spend = sp;
				if (!k || !nm || !sp) {
					oom = true;
					break;
				}
			}
			size_t i = f->n_partners;
			f->partner_key[i] = col_dup(st, 0, &oom);
			f->partner_name[i] = col_dup(st, 1, &oom);
			f->partner_spend[i] = sqlite3_column_int64(st, 2);
			if (!f->partner_key[i]) {
				free(f->partner_name[i]);
				continue;
			}
			f->n_partners++;
		}
	}
	sqlite3_finalize(st);
	return oom ? CSCS_ERR_NOMEM : CSCS_OK;
}

static bool add_finding(struct cscs_portfolio_group *g, size_t *cap, const char *check_id, int sev, size_t entity,
			struct cscs_buf *subject, struct cscs_buf *detail, struct cscs_buf *detail_zh)
{
	if (subject->oom || detail->oom || detail_zh->oom)
		return false;
	if (g->n_f == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		struct cscs_group_finding *more = realloc(g->f, *cap * sizeof(*more));
		if (!more)
			return false;
		g->f = more;
	}
	struct cscs_group_finding *f = &g->f[g->n_f++];
	*f = (struct cscs_group_finding){.check_id = check_id, .sev = sev, .entity = entity};
	f->subject = cscs_buf_detach(subject);
	f->detail = cscs_buf_detach(detail);
	f->detail_zh = cscs_buf_detach(detail_zh);
	return f->subject && f->detail && f->detail_zh;
}

/* The index of the entity named by USCC or name, or SIZE_MAX. */
static size_t entity_named(const struct cscs_portfolio_group *g, const char *key)
{
	for (size_t i = 0; key && i < g->n_e; i++)
		if ((g->e[i].uscc && strcmp(g->e[i].uscc, key) == 0) || strcmp(g->e[i].entity, key) == 0)
			return i;
	return SIZE_MAX;
}

enum cscs_error cscs_group_check(struct cscs_portfolio_group *g, const struct cscs_group_facts *facts,
				 bool show_personal_data)
{
	size_t cap = 0;
	struct cscs_buf s = CSCS_BUF_INIT, d = CSCS_BUF_INIT, z = CSCS_BUF_INIT;
	bool ok = true;
	char masked[64];

	/*
	 * GRP-001: a person the records of two or more group entities name (legal
	 * representative, director, supervisor, shareholder, actual controller),
	 * one of which entities is listed: joint punishment reaches the person.
	 * The same person only by the same normalised identity number; the same
	 * name where a number is missing on one side is GRP-004, to review; the
	 * same name with two different numbers is two people.
	 */
	size_t n_occ = 0;
	for (size_t i = 0; i < g->n_e; i++)
		n_occ += facts[i].audited ? facts[i].n_people : 0;
	bool *done = calloc(n_occ ? n_occ : 1, sizeof(*done));
	if (!done)
		ok = false;
	for (size_t i = 0, oi = 0; ok && i < g->n_e; oi += facts[i].audited ? facts[i].n_people : 0, i++) {
		const struct cscs_group_facts *a = &facts[i];
		for (size_t k = 0; ok && a->audited && k < a->n_people; k++) {
			const struct cscs_group_person *p = &a->people[k];
			if (done[oi + k])
				continue;
			done[oi + k] = true;
			/* kind 1: by identity number, 2: by name only */
			for (int kind = 1; ok && kind <= 2; kind++) {
				bool listed = a->listings != NULL, any = false;
				size_t last = SIZE_MAX;
				cscs_buf_reset(&d);
				cscs_buf_reset(&z);
				cscs_buf_addf(&d, "%s of %s", role_en(p->role), g->e[i].entity);
				cscs_buf_addf(&z, "%s的%s", g->e[i].entity, role_zh(p->role));
				for (size_t j = i + 1, oj = oi + a->n_people; j < g->n_e;
				     oj += facts[j].audited ? facts[j].n_people : 0, j++) {
					const struct cscs_group_facts *b = &facts[j];
					for (size_t m = 0; b->audited && m < b->n_people; m++) {
						const struct cscs_group_person *q = &b->people[m];
						if (done[oj + m] || strcmp(p->name_key, q->name_key) != 0)
							continue;
						bool both = p->id_key && q->id_key;
						if (both && strcmp(p->id_key, q->id_key) != 0)
							continue; /* namesakes: two different numbers */
						if ((kind == 1) != both)
							continue;
						if (last == j)
							continue; /* one entity once, whatever the roles */
						last = j;
						cscs_buf_addf(&d, ", %s of %s", role_en(q->role), g->e[j].entity);
						cscs_buf_addf(&z, "、%s的%s", g->e[j].entity, role_zh(q->role));
						listed = listed || b->listings;
						any = true;
						if (kind == 1)
							done[oj + m] = true;
					}
				}
				if (!any || !listed)
					continue;
				cscs_buf_adds(&d, "; listed: ");
				cscs_buf_adds(&z, "；被列入名单：");
				bool first = true;
				for (size_t j = i; j < g->n_e; j++) {
					if (!facts[j].audited || !facts[j].listings)
						continue;
					bool named = j == i;
					for (size_t m = 0; !named && m < facts[j].n_people; m++) {
						const struct cscs_group_person *q = &facts[j].people[m];
						named = strcmp(p->name_key, q->name_key) == 0 &&
							(kind == 2 ? !(p->id_key && q->id_key)
								   : q->id_key && p->id_key && strcmp(q->id_key, p->id_key) == 0);
					}
					if (!named)
						continue;
					cscs_buf_addf(&d, "%s%s (%s)", first ? "" : ", ", g->e[j].entity, facts[j].listings);
					cscs_buf_addf(&z, "%s%s（%s）", first ? "" : "、", g->e[j].entity,
						      facts[j].listings_zh ? facts[j].listings_zh : facts[j].listings);
					first = false;
				}
				if (kind == 1) {
					cscs_buf_adds(&d, " — the same identity number: joint punishment of the listed entity "
							  "reaches the people responsible for it, and through the person the "
							  "other entities");
					cscs_buf_adds(&z, "——身份证号一致：对被列入名单企业的联合惩戒及于其责任人员，并经由该人影响其他企业");
				} else {
					cscs_buf_adds(&d, " — review: the same name, but an identity number is missing on one "
							  "side, so a name alone cannot tell whether it is one person");
					cscs_buf_adds(&z, "——待核实：姓名相同，但一方缺少身份证号，仅凭姓名无法确认是否为同一人");
				}
				cscs_buf_reset(&s);
				if (kind == 1 && p->id && !show_personal_data)
					cscs_buf_addf(&s, "%s %s", p->name, cscs_resident_id_mask(p->id, masked, sizeof(masked)));
				else if (kind == 1 && p->id)
					cscs_buf_addf(&s, "%s %s", p->name, p->id);
				else
					cscs_buf_adds(&s, p->name);
				ok = add_finding(g, &cap, kind == 1 ? "GRP-001" : "GRP-004",
						 kind == 1 ? CSCS_SEV_HIGH : CSCS_SEV_INFO, i, &s, &d, &z);
			}
		}
	}
	free(done);

	/* GRP-002: a subsidiary or branch on a list: the parent's bids may be affected. */
	for (size_t i = 0; ok && i < g->n_e; i++) {
		if (!facts[i].audited || !facts[i].listings || strcmp(g->e[i].relation, "parent") == 0)
			continue;
		size_t p = entity_named(g, g->e[i].parent);
		if (p == SIZE_MAX)
			continue;
		cscs_buf_reset(&s);
		cscs_buf_reset(&d);
		cscs_buf_reset(&z);
		cscs_buf_adds(&s, g->e[i].entity);
		cscs_buf_addf(&d, "%s %s is listed (%s): public procurement and bids by %s and the group may be restricted",
			      strcmp(g->e[i].relation, "branch") == 0 ? "branch" : "subsidiary", g->e[i].entity,
			      facts[i].listings, g->e[p].entity);
		cscs_buf_addf(&z, "%s%s被列入名单（%s）：%s及集团参与政府采购和投标可能受限",
			      strcmp(g->e[i].relation, "branch") == 0 ? "分支机构" : "子公司", g->e[i].entity,
			      facts[i].listings_zh ? facts[i].listings_zh : facts[i].listings, g->e[p].entity);
		ok = add_finding(g, &cap, "GRP-002", CSCS_SEV_HIGH, p, &s, &d, &z);
	}

	/* GRP-003: a partner of two or more group entities, its spend summed across them. */
	for (size_t i = 0; ok && i < g->n_e; i++) {
		const struct cscs_group_facts *a = &facts[i];
		for (size_t k = 0; ok && a->audited && k < a->n_partners; k++) {
			const char *key = a->partner_key[k];
			bool earlier = false;
			for (size_t j = 0; j <= i && !earlier; j++)
				for (size_t m = 0; m < facts[j].n_partners && !(j == i && m >= k); m++)
					if (facts[j].audited && strcmp(facts[j].partner_key[m], key) == 0)
						earlier = true;
			if (earlier)
				continue;
			int64_t spend = 0;
			size_t n_ent = 0;
			cscs_buf_reset(&d);
			cscs_buf_reset(&z);
			for (size_t j = i; j < g->n_e; j++) {
				bool has = false;
				for (size_t m = 0; m < facts[j].n_partners; m++) {
					if (facts[j].audited && strcmp(facts[j].partner_key[m], key) == 0) {
						spend += facts[j].partner_spend[m];
						has = true;
					}
				}
				if (has) {
					cscs_buf_addf(&d, "%s%s", n_ent ? ", " : "", g->e[j].entity);
					cscs_buf_addf(&z, "%s%s", n_ent ? "、" : "", g->e[j].entity);
					n_ent++;
				}
			}
			if (n_ent < 2)
				continue;
			cscs_buf_reset(&s);
			cscs_buf_adds(&s, a->partner_name[k] ? a->partner_name[k] : key);
			cscs_buf_addf(&d, " (%zu entities): spend across the group %lld.%02lld yuan", n_ent,
				      (long long)(spend / 100), (long long)(spend % 100));
			cscs_buf_addf(&z, "（%zu家企业）：集团合计金额%lld.%02lld元", n_ent, (long long)(spend / 100),
				      (long long)(spend % 100));
			ok = add_finding(g, &cap, "GRP-003", CSCS_SEV_INFO, i, &s, &d, &z);
		}
	}
	cscs_buf_finish(&s);
	cscs_buf_finish(&d);
	cscs_buf_finish(&z);
	return ok ? CSCS_OK : CSCS_ERR_NOMEM;
}

void cscs_group_facts_finish(struct cscs_group_facts *f)
{
	for (size_t i = 0; i < f->n_people; i++) {
		free(f->people[i].name);
		free(f->people[i].name_key);
		free(f->people[i].id);
		free(f->people[i].id_key);
	}
	free(f->people);
	free(f->listings);
	free(f->listings_zh);
	for (size_t i = 0; i < f->n_partners; i++) {
		free(f->partner_key[i]);
		free(f->partner_name[i]);
	}
	free(f->partner_key);
	free(f->partner_name);
	free(f->partner_spend);
	memset(f, 0, sizeof(*f));
}

void cscs_group_finish(struct cscs_portfolio_group *g)
{
	for (size_t i = 0; i < g->n_e; i++) {
		free(g->e[i].entity);
		free(g->e[i].uscc);
		free(g->e[i].parent);
		free(g->e[i].relation);
		free(g->e[i].pack);
	}
	free(g->e);
	for (size_t i = 0; i < g->n_f; i++) {
		free(g->f[i].subject);
		free(g->f[i].detail);
		free(g->f[i].detail_zh);
	}
	free(g->f);
	free(g->rel);
	memset(g, 0, sizeof(*g));
}
