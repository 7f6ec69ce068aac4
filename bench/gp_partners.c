/*
 * genpack: partners.csv and the list exports, with planted matches.
 *
 * Every partner is a pure function of (seed, index), so the list writer can
 * rebuild a planted partner to make its list entry without keeping the
 * partners in memory. A planted match is one partner and one list entry
 * spelt as one kind of variant screening must handle; its expected band
 * follows the screening rules of issue 6 (docs/screening.md). Unplanted
 * list entries come from the other name pool and never resemble a partner.
 *
 * Findings the matches cause (checklists/partners.sql): PRT-002 for a
 * partner whose valid code is on a current list entry (not the red list);
 * PRT-003 for one screening matches by name ("match", not historical, not
 * the red list) without such a code; PRT-004 for one whose matches are all
 * "review"; PRT-005 when listed partners hold more than 5 % of spend;
 * PRT-001 for each partner whose code is invalid. BL-009: the company's
 * own code, or its representative's identity number, in a list entry.
 */
#include <stdlib.h>
#include <string.h>

#include "cscs/core/text.h"
#include "cscs/ident/uscc.h"
#include "gp_gen.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

enum match_kind {
	MK_USCC,       /* same valid code and name */
	MK_RENAMED,    /* same code; the entry shows a former name */
	MK_SUFFIX,     /* no code on the entry; another legal form (有限公司 / 有限责任公司 / 股份有限公司) */
	MK_BRACKET,    /* （集团） on one side, (集团) or 【集团】 on the other */
	MK_REGION,     /* 上海X电子有限公司 against X电子（上海）有限公司 */
	MK_SPACING,    /* blanks and a middle dot inside the entry's name */
	MK_FULLWIDTH,  /* an English name in full-width capitals */
	MK_EN_FORM,    /* an English name in capitals, without punctuation, another legal form */
	MK_HISTORICAL, /* same code, removed from the list before as-of */
	MK_RED_LIST,   /* same code, on the red list (never a finding) */
	MK_BRANCH,     /* the partner is a branch (分公司) of the listed company */
	MK_SIMILAR,    /* one trade-name character differs */
	MK_CONFLICT,   /* same name, both sides with different valid codes */
	MK_COUNT_,
};

static const char *const kind_names[] = {
	"uscc", "renamed", "suffix", "bracket", "region_bracket", "spacing", "fullwidth", "english_form",
	"historical", "red_list", "branch", "similar_name", "conflicting_uscc",
};

/* The band screening should give each kind (issue 6: identifier first, equal normalised name a match). */
static const char *kind_band(enum match_kind k)
{
	switch (k) {
	case MK_BRANCH:  /* equal names, branch markers differ: lowered, not dismissed */
	case MK_SIMILAR: /* similar names */
		return "review";
	case MK_CONFLICT: /* equal names but two valid, different codes: two companies */
		return "clear";
	default:
		return "match";
	}
}

/* Same valid code on a current, non-red list entry: PRT-002 whatever screening says. */
static bool kind_code_listed(enum match_kind k)
{
	return k == MK_USCC || k == MK_RENAMED;
}

/* The finding a planted partner causes, or NULL. */
static const char *kind_check(enum match_kind k)
{
	if (k == MK_HISTORICAL || k == MK_RED_LIST || strcmp(kind_band(k), "clear") == 0)
		return NULL;
	if (kind_code_listed(k))
		return "PRT-002";
	return strcmp(kind_band(k), "match") == 0 ? "PRT-003" : "PRT-004";
}

/* Counts as listed for the spend exposure (PRT-005). */
static bool kind_listed(enum match_kind k)
{
	return kind_code_listed(k) || (strcmp(kind_band(k), "match") == 0 && k != MK_HISTORICAL && k != MK_RED_LIST);
}

static bool kind_english(enum match_kind k)
{
	return k == MK_FULLWIDTH || k == MK_EN_FORM;
}

static bool kind_needs_code(enum match_kind k)
{
	return k == MK_USCC || k == MK_RENAMED || k == MK_HISTORICAL || k == MK_RED_LIST || k == MK_CONFLICT;
}

static const char *const chinese_lists[] = {
	"serious_illegal", "abnormal_operations", "judgment_defaulter", "major_tax_violation", "wage_arrears",
};

static const char *kind_list(enum match_kind k, long rep)
{
	if (kind_english(k))
		return "other";
	if (k == MK_RED_LIST)
		return "red_list";
	return chinese_lists[((long)k + rep) % (long)N(chinese_lists)];
}

/* ---- partners ---- */

struct partner {
	long index;                     /* row number, 0-based */
	int kind;                       /* match kind, or -1 */
	long plant;                     /* the plant's number when kind >= 0 */
	bool foreign;                   /* English name, no code */
	bool bad_code;                  /* the code as written is invalid (PRT-001) */
	struct gp_company_parts parts;  /* Chinese name parts (domestic) */
	char name[256];                 /* name as written */
	char code[24];                  /* code as written, "" for none */
	char valid[19];                 /* its valid code, "" for none */
	char country[4];                /* country column */
	const char *role;               /* role column */
	cscs_fen spend;                 /* spend column */
	cscs_date start, end;           /* contract */
	char branch_city[16];           /* MK_BRANCH: the branch's city */
	struct gp_rng rng;              /* the partner's own stream, for its list entry */
};

struct plan {
	long n_partners; /* partners */
	long k;          /* planted matches */
};

static void plan_init(struct plan *pl, const struct gen *g)
{
	pl->n_partners = g->sz.partners;
	pl->k = (long)MK_COUNT_ * g->sz.match_per_kind;
	if (pl->k > pl->n_partners / 2)
		pl->k = pl->n_partners / 2 / MK_COUNT_ * MK_COUNT_;
}

static long planted_partner(const struct plan *pl, long j)
{
	return (long)(((2 * (int64_t)j + 1) * pl->n_partners) / (2 * (int64_t)pl->k));
}

/* English names: one in twelve partners is foreign; planted ones are numbered in their own pool. */
static uint64_t english_index(const struct plan *pl, const struct partner *p)
{
	(void)pl;
	return (uint64_t)(p->kind >= 0 ? p->plant : p->index / 12);
}

static void seed_partner(struct gp_rng *r, uint64_t seed, long index)
{
	char label[48];
	snprintf(label, sizeof(label), "partner %ld", index);
	gp_rng_seed(r, seed, label);
}

static void make_partner(const struct gen *g, const struct plan *pl, long i, int kind, long plant, struct partner *p)
{
	memset(p, 0, sizeof(*p));
	p->index = i;
	p->kind = kind;
	p->plant = plant;
	seed_partner(&p->rng, g->seed, i);
	struct gp_rng *r = &p->rng;
	p->foreign = kind >= 0 ? kind_english((enum match_kind)kind)
			       : i % 12 == 5 && (uint64_t)(i / 12) < GP_EN_NAMES - 1;
	struct cscs_buf b = CSCS_BUF_INIT;
	enum gp_name_pool pool = kind >= 0 ? GP_POOL_PLANTED : GP_POOL_PARTNER;
	if (p->foreign) {
		gp_company_en(&b, pool, english_index(pl, p), r);
		static const char *const countries[] = {"HK", "SG", "US", "DE", "JP", "KR", "GB", "MY"};
		snprintf(p->country, sizeof(p->country), "%s", GP_PICK(r, countries));
	} else {
		gp_company_parts(&p->parts, pool, (uint64_t)i, r);
		const struct gp_company_parts *c = &p->parts;
		if (kind == MK_BRACKET)
			cscs_buf_addf(&b, "%s%s%s（集团）%s", c->region->city, c->trade, c->industry, c->form);
		else
			cscs_buf_addf(&b, "%s%s%s%s", c->region->city, c->trade, c->industry, c->form);
		if (kind == MK_BRANCH) {
			size_t n;
			const struct gp_region *regions = gp_regions(&n);
			const struct gp_region *br = &regions[2 * gp_rng_below(r, n / 2)];
			if (br == c->region)
				br = &regions[(size_t)(br - regions + 2) % n];
			snprintf(p->branch_city, sizeof(p->branch_city), "%s", br->city);
			cscs_buf_addf(&b, "%s分公司", br->city);
		}
		snprintf(p->country, sizeof(p->country), "CN");
		gp_uscc(p->valid, c->region->code, (uint64_t)i);
		if (kind >= 0 && kind_needs_code((enum match_kind)kind)) {
			snprintf(p->code, sizeof(p->code), "%s", p->valid);
		} else if (kind < 0 && i % 25 == 7) {
			p->bad_code = true;
			gp_uscc_invalid(p->code, p->valid, r);
		} else if (kind < 0 && i % 25 == 13) {
			p->valid[0] = '\0'; /* no code recorded */
		} else if (kind < 0 && i % 25 == 19) {
			/* written with blanks and in lower case: still the same valid code */
			snprintf(p->code, sizeof(p->code), "%.4s %.4s %.4s %.6s", p->valid, p->valid + 4, p->valid + 8,
				 p->valid + 12);
			for (char *q = p->code; *q; q++)
				if (*q >= 'A' && *q <= 'Z')
					*q = (char)(*q - 'A' + 'a');
		} else {
			snprintf(p->code, sizeof(p->code), "%s", p->valid);
		}
	}
	snprintf(p->name, sizeof(p->name), "%s", cscs_buf_str(&b));
	cscs_buf_finish(&b);
	static const char *const roles[] = {"supplier", "supplier", "supplier", "customer", "both", "other"};
	p->role = GP_PICK(r, roles);
	p->spend = 100 * (cscs_fen)gp_rng_range(r, 20000, 5000000);
	p->start = g->as_of - (cscs_date)gp_rng_range(r, 30, 1500);
	p->end = p->start + (cscs_date)gp_rng_range(r, 365, 1800);
}

/* The band a planted partner is expected to get, and whether it fires PRT-002 or PRT-003. */
static void write_partners(struct gen *g, const struct plan *pl)
{
	struct gp_csv c;
	if (!gp_open(g, &c, "partners.csv", GP_UTF8, false))
		return;
	/* Columns in another order than the template: intake reads them by header. */
	static const char *const cols[] = {"uscc", "name", "country", "role", "spend", "contract_start", "contract_end"};
	gp_header(&c, "partners", false, cols, N(cols));
	long j = 0, next = pl->k > 0 ? planted_partner(pl, 0) : -1;
	cscs_fen total = 0, listed = 0;
	for (long i = 0; i < pl->n_partners; i++) {
		int kind = -1;
		long plant = 0;
		if (i == next) {
			kind = (int)(j % MK_COUNT_);
			plant = j;
			j++;
			next = j < pl->k ? planted_partner(pl, j) : -1;
		}
		struct partner p;
		make_partner(g, pl, i, kind, plant, &p);
		char m[GP_VALUE_LEN], d[2][GP_VALUE_LEN];
		gp_csv_field(&c, p.code);
		gp_csv_field(&c, p.name);
		gp_csv_field(&c, p.country);
		gp_csv_field(&c, gp_enum("partners", "role", p.role, i % 3 == 0));
		gp_csv_field(&c, gp_money_out(m, p.spend, &p.rng, GP_MONEY_SEP));
		gp_csv_field(&c, gp_date_out(d[0], p.start, &p.rng, GP_DATE_ISO));
		gp_csv_field(&c, gp_date_out(d[1], p.end, &p.rng, GP_DATE_ISO));
		long line = gp_csv_end(&c);
		if (line != i + 2) {
			fprintf(stderr, "genpack: internal error: partner %ld on line %ld\n", i, line);
			abort();
		}
		total += p.spend;
		if (p.bad_code)
			gp_plant(g, "PRT-001", p.name, &c, line);
		if (kind >= 0 && kind_listed((enum match_kind)kind))
			listed += p.spend;
		if (kind >= 0 && kind_check((enum match_kind)kind))
			gp_plant(g, kind_check((enum match_kind)kind), p.name, &c, line);
	}
	if (total > 0 && listed * 100 > total * 5)
		gp_plant(g, "PRT-005", "partner spend exposure", &c, 0);
	gp_close(g, &c);
}

/* ---- list exports ---- */

struct list_file {
	const char *list;       /* list column value */
	const char *file;       /* path within the pack */
	int per_mille;          /* share of the unplanted entries */
	enum gp_encoding enc;   /* encoding */
	bool zh;                /* Chinese headers */
	bool crlf;              /* CRLF line endings */
	bool english;           /* English names (a watch list the user keeps) */
	const char *authority;  /* authority suffix */
	const char *reasons[4]; /* reasons */
};

static const struct list_file list_files[] = {
	{"abnormal_operations", "lists/abnormal_operations.csv", 500, GP_UTF8, false, false, false, "市场监督管理局",
	 {"未按规定报送年度报告", "通过登记的住所无法联系", "未按规定公示即时信息", "公示企业信息隐瞒真实情况、弄虚作假"}},
	{"judgment_defaulter", "lists/judgment_defaulter.csv", 250, GP_GB18030, true, true, false, "人民法院",
	 {"有履行能力而拒不履行生效法律文书确定义务", "违反财产报告制度", "违反限制消费令", "以虚假诉讼规避执行"}},
	{"serious_illegal", "lists/serious_illegal.csv", 120, GP_UTF8_BOM, true, false, false, "市场监督管理局",
	 {"提供虚假材料取得许可", "生产销售不合格产品被从重处罚", "虚假广告情节严重", "列入经营异常名录届满3年"}},
	{"major_tax_violation", "lists/major_tax_violation.csv", 60, GP_UTF8, false, false, false, "税务局",
	 {"偷税", "虚开增值税专用发票", "逃避追缴欠税", "骗取出口退税"}},
	{"wage_arrears", "lists/wage_arrears.csv", 40, GP_UTF8, true, false, false, "人力资源和社会保障局",
	 {"拖欠农民工工资", "克扣劳动者工资", "拖欠劳动报酬引发群体性事件", "拒不支付劳动报酬"}},
	{"red_list", "lists/red_list.csv", 20, GP_UTF8, false, false, false, "税务局",
	 {"A级纳税人", "守合同重信用企业", "海关高级认证企业", "诚信示范企业"}},
	{"other", "lists/other.csv", 10, GP_UTF8, false, false, true, "",
	 {"Debarred from public procurement", "Integrity watch list", "Fraud investigation", "Sanctioned by a bank"}},
};

static void entry_fields(struct gp_csv *c, const struct list_file *lf, const char *name, const char *code,
			 const char *rep, const char *rep_id, cscs_date listed, cscs_date removed, bool has_removed,
			 const char *reason, const char *authority, struct gp_rng *r)
{
	char d[2][GP_VALUE_LEN];
	gp_csv_field(c, gp_enum("list_entries", "list", lf->list, lf->zh));
	gp_csv_field(c, name);
	gp_csv_field(c, code);
	gp_csv_field(c, rep);
	gp_csv_field(c, rep_id);
	gp_csv_field(c, gp_date_out(d[0], listed, r, lf->zh ? GP_DATE_ZH : GP_DATE_ISO));
	gp_csv_field(c, has_removed ? gp_date_out(d[1], removed, r, GP_DATE_ISO) : NULL);
	gp_csv_field(c, reason);
	gp_csv_field(c, authority);
}

/* The entry's name for a planted partner, spelt as its kind says. */
static void planted_name(const struct gen *g, const struct plan *pl, struct partner *p, struct cscs_buf *out)
{
	const struct gp_company_parts *c = &p->parts;
	struct gp_rng *r = &p->rng;
	switch ((enum match_kind)p->kind) {
	case MK_RENAMED: {
		/* A former name from the other pool: nothing in common with the current one. */
		struct gp_company_parts old;
		gp_company_parts(&old, GP_POOL_LIST, (uint64_t)(g->sz.list_entries + p->plant), r);
		cscs_buf_addf(out, "%s%s%s%s", c->region->city, old.trade, old.industry, old.form);
		break;
	}
	case MK_SUFFIX: {
		const char *other = strcmp(c->form, "有限责任公司") == 0 ? "有限公司"
				    : strcmp(c->form, "股份有限公司") == 0 ? "有限责任公司" : "有限责任公司";
		cscs_buf_addf(out, "%s%s%s%s", c->region->city, c->trade, c->industry, other);
		break;
	}
	case MK_BRACKET:
		cscs_buf_addf(out, p->plant % 2 ? "%s%s%s(集团)%s" : "%s%s%s【集团】%s", c->region->city, c->trade,
			      c->industry, c->form);
		break;
	case MK_REGION:
		cscs_buf_addf(out, "%s%s（%s）%s", c->trade, c->industry, c->region->city, c->form);
		break;
	case MK_SPACING:
		cscs_buf_addf(out, "%s %s·%s %s", c->region->city, c->trade, c->industry, c->form);
		break;
	case MK_FULLWIDTH: {
		struct cscs_buf up = CSCS_BUF_INIT;
		for (const char *q = p->name; *q; q++)
			cscs_buf_addc(&up, *q >= 'a' && *q <= 'z' ? (char)(*q - 'a' + 'A') : *q);
		gp_fullwidth(out, cscs_buf_str(&up));
		cscs_buf_finish(&up);
		break;
	}
	case MK_EN_FORM: {
		/* Upper case, punctuation dropped, the legal form spelt another way. */
		static const char *const forms[] = {" CO., LTD.", " COMPANY LIMITED", " LIMITED", " PTE. LTD.", " LTD.", " INC."};
		struct cscs_buf up = CSCS_BUF_INIT;
		for (const char *q = p->name; *q; q++)
			cscs_buf_addc(&up, *q >= 'a' && *q <= 'z' ? (char)(*q - 'a' + 'A') : *q);
		const char *s = cscs_buf_str(&up);
		size_t len = strlen(s);
		for (size_t f = 0; f < N(forms); f++) {
			size_t n = strlen(forms[f]);
			if (len > n && strcmp(s + len - n, forms[f]) == 0) {
				len -= n;
				cscs_buf_add(out, s, len);
				cscs_buf_adds(out, f == 1 ? " LTD" : " COMPANY LIMITED");
				break;
			}
		}
		if (out->len == 0)
			cscs_buf_adds(out, s);
		cscs_buf_finish(&up);
		break;
	}
	case MK_BRANCH:
		cscs_buf_addf(out, "%s%s%s%s", c->region->city, c->trade, c->industry, c->form);
		break;
	case MK_SIMILAR: {
		/* Replace one trade-name character with another of the same pool that names no company here. */
		char trade[32];
		size_t len[4], o = 0;
		const char *q = c->trade;
		for (int k = 0; k < 4; k++) {
			uint32_t cp;
			len[k] = (size_t)cscs_utf8_decode(q, 4, &cp);
			q += len[k];
		}
		int pos = (int)(p->plant % 4);
		size_t before = 0;
		for (int k = 0; k < pos; k++)
			before += len[k];
		for (size_t t = 0;; t++) {
			const char *ch = gp_trade_char(GP_POOL_PLANTED, (size_t)p->plant + 7 * t);
			if (strncmp(ch, c->trade + before, len[pos]) == 0)
				continue;
			o = 0;
			memcpy(trade, c->trade, before);
			o = before;
			memcpy(trade + o, ch, strlen(ch));
			o += strlen(ch);
			snprintf(trade + o, sizeof(trade) - o, "%s", c->trade + before + len[pos]);
			uint64_t owner = gp_trade_index(GP_POOL_PARTNER, trade);
			if (owner >= (uint64_t)pl->n_partners && owner != GP_ENTITY_INDEX % (96ULL * 96 * 96 * 96))
				break;
		}
		cscs_buf_addf(out, "%s%s%s%s", c->region->city, trade, c->industry, c->form);
		break;
	}
	default: /* MK_USCC, MK_HISTORICAL, MK_RED_LIST, MK_CONFLICT: the name as the partner writes it */
		cscs_buf_adds(out, p->name);
		break;
	}
}

static void write_planted_entry(struct gen *g, const struct plan *pl, struct gp_csv *c, const struct list_file *lf,
				long j)
{
	long i = planted_partner(pl, j);
	struct partner p;
	make_partner(g, pl, i, (int)(j % MK_COUNT_), j, &p);
	enum match_kind kind = (enum match_kind)p.kind;
	struct cscs_buf name = CSCS_BUF_INIT;
	planted_name(g, pl, &p, &name);
	char code[24] = "", rep[64], authority[128];
	if (kind == MK_CONFLICT)
		gp_uscc(code, p.parts.region->code, GP_LIST_USCC_BASE + (uint64_t)g->sz.list_entries + (uint64_t)j);
	else if (kind_needs_code(kind))
		snprintf(code, sizeof(code), "%s", p.valid);
	gp_person(rep, sizeof(rep), GP_POOL_LIST, &p.rng);
	cscs_date listed = g->as_of - (cscs_date)gp_rng_range(&p.rng, 30, 700);
	bool historical = kind == MK_HISTORICAL;
	cscs_date removed = g->as_of - 100;
	if (historical)
		listed = removed - (cscs_date)gp_rng_range(&p.rng, 200, 900);
	if (lf->english)
		snprintf(authority, sizeof(authority), "Compliance office");
	else
		snprintf(authority, sizeof(authority), "%s%s", p.foreign ? "上海市" : p.parts.region->prov, lf->authority);
	entry_fields(c, lf, cscs_buf_str(&name), code, lf->english ? NULL : rep, NULL, listed, removed, historical,
		     lf->reasons[j % 4], authority, &p.rng);
	long line = gp_csv_end(c);
	struct gp_match mt = {
		.kind = kind_names[kind],
		.subject_kind = "partner",
		.partner = p.name,
		.partner_uscc = p.code[0] ? p.code : NULL,
		.partner_line = i + 2,
		.list = lf->list,
		.entry = cscs_buf_str(&name),
		.entry_uscc = code[0] ? code : NULL,
		.entry_file = lf->file,
		.entry_line = line,
		.band = kind_band(kind),
		.historical = historical,
	};
	gp_manifest_match(&g->man, &mt);
	cscs_buf_finish(&name);
}

/*
 * The audited company on a list export (serious illegal list, with its code
 * when the code is valid: BL-009 "company: ..."), and its legal
 * representative named with the identity number in a judgment-defaulter
 * entry of another company (BL-009 "legal representative: ...").
 */
static void write_entity_entry(struct gen *g, struct gp_csv *c, const struct list_file *lf)
{
	struct gp_rng r;
	gp_rng_seed(&r, g->seed, "entity entries");
	bool company = strcmp(lf->list, "serious_illegal") == 0;
	bool code_valid = cscs_uscc_valid(g->ent.uscc);
	char authority[128];
	snprintf(authority, sizeof(authority), "%s%s", g->ent.region->prov, lf->authority);
	struct cscs_buf other = CSCS_BUF_INIT;
	const char *name = g->ent.name;
	if (!company) {
		gp_company_zh(&other, GP_POOL_LIST, (uint64_t)g->sz.list_entries + 1000000, &r, NULL);
		name = cscs_buf_str(&other);
	}
	entry_fields(c, lf, name, company && code_valid ? g->ent.uscc : NULL, company ? NULL : g->ent.legal_rep,
		     company ? NULL : g->ent.legal_rep_id, g->as_of - 400, 0, false, lf->reasons[0], authority, &r);
	long line = gp_csv_end(c);
	struct gp_match mt = {
		.kind = company ? "entity" : "legal_rep_id",
		.subject_kind = company ? "entity" : "legal_rep",
		.partner = company ? g->ent.name : g->ent.legal_rep,
		.partner_uscc = company ? g->ent.uscc : NULL,
		.partner_line = 2,
		.list = lf->list,
		.entry = name,
		.entry_uscc = company && code_valid ? g->ent.uscc : NULL,
		.entry_file = lf->file,
		.entry_line = line,
		.band = "match",
		.historical = false,
	};
	gp_manifest_match(&g->man, &mt);
	if (!company)
		gp_plant(g, "BL-009", "legal representative: judgment defaulter", c, line);
	else if (code_valid)
		gp_plant(g, "BL-009", "company: serious illegal", c, line);
	cscs_buf_finish(&other);
}

static void write_list_file(struct gen *g, const struct plan *pl, const struct list_file *lf, long n_clean,
			    uint64_t *next_index)
{
	struct gp_rng r;
	gp_rng_seed(&r, g->seed, lf->file);
	struct gp_csv c;
	if (!gp_open(g, &c, lf->file, lf->enc, lf->crlf))
		return;
	static const char *const cols[] = {
		"list", "name", "uscc", "legal_rep_name", "legal_rep_id", "listed_on", "removed_on", "reason", "authority",
	};
	gp_header(&c, "list_entries", lf->zh, cols, N(cols));
	/* The planted entries of this file, spread evenly among the others. */
	long n_planted = 0;
	for (long j = 0; j < pl->k; j++)
		if (strcmp(kind_list((enum match_kind)(j % MK_COUNT_), j / MK_COUNT_), lf->list) == 0)
			n_planted++;
	long total = n_clean + n_planted, q = 0, j = 0;
	long next = n_planted ? (long)(((2 * (int64_t)0 + 1) * total) / (2 * (int64_t)n_planted)) : -1;
	size_t n_regions;
	const struct gp_region *regions = gp_regions(&n_regions);
	struct cscs_buf name = CSCS_BUF_INIT;
	if (strcmp(lf->list, "serious_illegal") == 0 || strcmp(lf->list, "judgment_defaulter") == 0)
		write_entity_entry(g, &c, lf);
	for (long row = 0; row < total; row++) {
		if (row == next) {
			while (strcmp(kind_list((enum match_kind)(j % MK_COUNT_), j / MK_COUNT_), lf->list) != 0)
				j++;
			write_planted_entry(g, pl, &c, lf, j);
			j++;
			q++;
			next = q < n_planted ? (long)(((2 * (int64_t)q + 1) * total) / (2 * (int64_t)n_planted)) : -1;
			continue;
		}
		uint64_t index = (*next_index)++;
		const struct gp_region *region;
		cscs_buf_reset(&name);
		char code[24] = "", rep[64] = "", rep_id[24] = "", authority[128];
		if (lf->english) {
			gp_company_en(&name, GP_POOL_LIST, index, &r);
			region = &regions[1];
		} else {
			gp_company_zh(&name, GP_POOL_LIST, index, &r, &region);
			if (gp_rng_chance(&r, 700))
				gp_uscc(code, region->code, GP_LIST_USCC_BASE + index);
			gp_person(rep, sizeof(rep), GP_POOL_LIST, &r);
			if (gp_rng_chance(&r, 100))
				gp_resident_id(rep_id, region->code,
					       gp_ymd((int)gp_rng_range(&r, 1955, 1995), (int)gp_rng_range(&r, 1, 12),
						      (int)gp_rng_range(&r, 1, 28)),
					       &r);
		}
		cscs_date listed = g->as_of - (cscs_date)gp_rng_range(&r, 1, 6 * 365);
		bool removed = gp_rng_chance(&r, 100);
		cscs_date removed_on = listed + (cscs_date)gp_rng_range(&r, 30, 700);
		if (removed_on > g->as_of)
			removed = false;
		if (lf->english)
			snprintf(authority, sizeof(authority), "Compliance office");
		else
			snprintf(authority, sizeof(authority), "%s%s", region->prov, lf->authority);
		entry_fields(&c, lf, cscs_buf_str(&name), code, rep, rep_id, listed, removed_on, removed,
			     lf->reasons[gp_rng_below(&r, 4)], authority, &r);
		gp_csv_end(&c);
	}
	cscs_buf_finish(&name);
	gp_close(g, &c);
}

void gp_write_partners_and_lists(struct gen *g)
{
	struct plan pl;
	plan_init(&pl, g);
	write_partners(g, &pl);
	/* Unplanted entries over the files by share (English names are capped by the names there
	 * are); the first file takes what the shares leave. */
	long e = g->sz.list_entries, n[N(list_files)], rest = e;
	for (size_t f = 1; f < N(list_files); f++) {
		n[f] = e * list_files[f].per_mille / 1000;
		if (list_files[f].english && n[f] > GP_EN_NAMES - 1)
			n[f] = GP_EN_NAMES - 1;
		if (n[f] < 1)
			n[f] = 1;
		rest -= n[f];
	}
	n[0] = rest > 1 ? rest : 1;
	uint64_t next_index = 0, next_english = 0;
	for (size_t f = 0; f < N(list_files) && !g->failed; f++)
		write_list_file(g, &pl, &list_files[f], n[f], list_files[f].english ? &next_english : &next_index);
}
