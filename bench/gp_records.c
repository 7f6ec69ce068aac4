/*
 * genpack: the audited company and its own records.
 *
 * Each writer makes clean rows and, at rows a planter picks, rows that
 * break a rule. Which checks a row fires is decided by small C mirrors of
 * the checks' WHERE clauses (checklists/ (*.sql)): a planted row records every
 * check its mirror says fires, and a clean row is asserted to fire none, so
 * a random choice can never plant a violation silently. When a check
 * changes, its mirror here must change with it (the manifest test fails
 * until it does).
 *
 * Checks that look at one fact of the company (its rating for the last
 * year, its customs level, its environmental rating) can hold only one
 * state per pack; those states rotate with the seed, so seeds 1, 2 and 3
 * between them plant every such check.
 */
#include <stdlib.h>
#include <string.h>

#include "cscs/ident/uscc.h"
#include "gp_gen.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- dates and rule versions ---- */

static cscs_date add_days(cscs_date d, int n)
{
	return d + n;
}

static cscs_date add_months(cscs_date d, int n)
{
	return cscs_date_add_months(d, n);
}

static cscs_date add_years(cscs_date d, int n)
{
	return cscs_date_add_years(d, n);
}

static int year_of(cscs_date d)
{
	return cscs_date_to_ymd(d).year;
}

/* True when the check version in force from..to (ISO, NULL = open) applies on as_of. */
static bool in_force(const struct gen *g, const char *from, const char *to)
{
	cscs_date f, t;
	if (from && cscs_date_parse_iso(from, &f) && g->as_of < f)
		return false;
	if (to && cscs_date_parse_iso(to, &t) && g->as_of > t)
		return false;
	return true;
}

/* A planted row's checks: the mirrors append here, the writer plants them all. */
struct fired {
	const char *ids[8]; /* check ids */
	size_t n;           /* how many */
};

static void fire(struct fired *f, const char *id)
{
	if (f->n < N(f->ids))
		f->ids[f->n++] = id;
}

/* Plant every check in f on subject; a clean row (want_clean) must fire none. */
static void settle(struct gen *g, const struct fired *f, const char *subject, const struct gp_csv *c, long line,
		   bool want_clean)
{
	if (want_clean && f->n) {
		fprintf(stderr, "genpack: internal error: a clean row of %s (line %ld) fires %s\n", c->name, line,
			f->ids[0]);
		abort();
	}
	if (!want_clean && f->n == 0) {
		fprintf(stderr, "genpack: internal error: a planted row of %s (line %ld) fires no check\n", c->name,
			line);
		abort();
	}
	for (size_t i = 0; i < f->n; i++)
		gp_plant(g, f->ids[i], subject, c, line);
}

/* ---- entity.csv ---- */

enum entity_variant {
	ENT_CLEAN_CODE, /* valid code; ID-002 (type) and ID-003 (region) planted */
	ENT_BAD_CODE,   /* ID-001: the code fails its check character */
};

static enum entity_variant entity_variant(const struct gen *g)
{
	return g->seed % 2 ? ENT_BAD_CODE : ENT_CLEAN_CODE;
}

static void write_entity(struct gen *g)
{
	struct gp_rng r;
	gp_rng_seed(&r, g->seed, "entity.csv");
	struct entity_info *e = &g->ent;
	struct gp_company_parts p;
	gp_company_parts(&p, GP_POOL_PARTNER, GP_ENTITY_INDEX, &r);
	e->region = p.region;
	/* A foreign-invested company names its region in brackets, as registration allows. */
	snprintf(e->name, sizeof(e->name), "%s%s（%s）有限公司", p.trade, p.industry, p.region->city);
	struct cscs_buf en = CSCS_BUF_INIT;
	gp_company_en(&en, GP_POOL_PARTNER, GP_EN_NAMES - 1, &r);
	snprintf(e->name_en, sizeof(e->name_en), "%s", cscs_buf_str(&en));
	cscs_buf_finish(&en);
	gp_uscc(e->valid_uscc, p.region->code, GP_ENTITY_INDEX);
	enum entity_variant v = entity_variant(g);
	if (v == ENT_CLEAN_CODE) {
		/* ID-002: the code says sole trader (type 2), the record says enterprise. */
		e->valid_uscc[1] = '2';
		e->valid_uscc[17] = cscs_uscc_check_char(e->valid_uscc);
		snprintf(e->uscc, sizeof(e->uscc), "%s", e->valid_uscc);
	} else {
		/* ID-001: a typo in the check character (kept 18 long, so it is stored as written). */
		snprintf(e->uscc, sizeof(e->uscc), "%s", e->valid_uscc);
		const char *alpha = "0123456789ABCDEFGHJKLMNPQRTUWXY";
		e->uscc[17] = alpha[(strchr(alpha, e->uscc[17]) - alpha + 7) % 31];
	}
	gp_person(e->legal_rep, sizeof(e->legal_rep), GP_POOL_PARTNER, &r);
	gp_resident_id(e->legal_rep_id, p.region->code, gp_ymd((int)gp_rng_range(&r, 1962, 1985), 3, 14), &r);
	e->established_on = add_days(add_years(g->as_of, -(int)gp_rng_range(&r, 7, 10)), -(int)gp_rng_range(&r, 0, 300));

	struct gp_csv c;
	if (!gp_open(g, &c, "entity.csv", GP_UTF8_BOM, false))
		return;
	static const char *const cols[] = {
		"name", "name_en", "uscc", "entity_type", "legal_rep_name", "legal_rep_id", "registered_address",
		"region_code", "established_on", "industry_code", "registered_capital", "paid_in_capital",
		"capital_due_on", "foreign_invested",
	};
	gp_header(&c, "entity", false, cols, N(cols));
	char d1[GP_VALUE_LEN], d2[GP_VALUE_LEN], m1[GP_VALUE_LEN], m2[GP_VALUE_LEN], addr[256];
	snprintf(addr, sizeof(addr), "%s世纪大道%d号%d层", p.region->prov, (int)gp_rng_range(&r, 1, 999),
		 (int)gp_rng_range(&r, 2, 30));
	/* ID-003 (clean-code variant): the recorded region is another district of the same city. */
	char region_code[8];
	snprintf(region_code, sizeof(region_code), "%s", p.region->code);
	if (v == ENT_CLEAN_CODE) /* the prefecture digit, so codes ending in 00 differ too */
		region_code[3] = region_code[3] == '9' ? '1' : (char)(region_code[3] + 1);
	cscs_fen registered = 500000000; /* 500万元 */
	cscs_fen paid = v == ENT_CLEAN_CODE ? 200000000 : registered;
	cscs_date capital_due = v == ENT_CLEAN_CODE ? add_days(g->as_of, -165) : add_years(g->as_of, 3);
	gp_csv_field(&c, e->name);
	gp_csv_field(&c, e->name_en);
	gp_csv_field(&c, e->uscc);
	gp_csv_field(&c, "enterprise");
	gp_csv_field(&c, e->legal_rep);
	gp_csv_field(&c, e->legal_rep_id);
	gp_csv_field(&c, addr);
	gp_csv_field(&c, region_code);
	gp_csv_field(&c, gp_date(d1, e->established_on, GP_DATE_ISO));
	gp_csv_field(&c, "F5179");
	gp_csv_field(&c, gp_money(m1, registered, GP_MONEY_WAN));
	gp_csv_field(&c, gp_money(m2, paid, GP_MONEY_SEP));
	gp_csv_field(&c, gp_date(d2, capital_due, GP_DATE_ISO));
	gp_csv_field(&c, "是");
	long line = gp_csv_end(&c);
	/* Subjects: ID-001 the code, ID-002/003 the (valid) code, ID-007 coalesce(uscc, name). */
	if (v == ENT_BAD_CODE) {
		gp_plant(g, "ID-001", e->uscc, &c, line);
	} else {
		gp_plant(g, "ID-002", e->uscc, &c, line);
		gp_plant(g, "ID-003", e->uscc, &c, line);
		gp_plant(g, "ID-007", e->uscc, &c, line);
	}
	gp_close(g, &c);
}

/* ---- licenses.csv: Chinese headers ---- */

static const char *const license_types[] = {
	"食品经营许可证", "危险化学品经营许可证", "道路运输经营许可证", "医疗器械经营许可证", "酒类流通许可证",
	"建筑业企业资质证书", "安全生产许可证", "特种设备使用登记证", "出版物经营许可证", "增值电信业务经营许可证",
};
static const char *const license_prefix[] = {"JY", "WH", "YS", "YX", "JL", "JZ", "AQ", "TS", "CB", "ZZ"};

struct license_row {
	const char *type;          /* license_type */
	char no[40];               /* license_no */
	cscs_date issued_on;       /* issued_on */
	cscs_date expires_on;      /* expires_on, or 0 with has_expiry false */
	bool has_expiry;           /* expires_on given */
	const char *status;        /* status (English) */
	cscs_date renewal_on;      /* renewal_applied_on */
	bool has_renewal;          /* renewal_applied_on given */
	int lead;                  /* renewal_lead_days, or 0 for none (90 assumed) */
};

/* Mirrors of ID-004, ID-005, ID-006 (checklists/identity.sql); no licence here replaces another. */
static void license_checks(const struct gen *g, const struct license_row *l, struct fired *f)
{
	cscs_date a = g->as_of;
	bool valid_or_expired = strcmp(l->status, "valid") == 0 || strcmp(l->status, "expired") == 0;
	if (valid_or_expired && ((l->has_expiry && l->expires_on < a) ||
				 (strcmp(l->status, "expired") == 0 && (!l->has_expiry || l->expires_on <= a))))
		fire(f, "ID-004");
	int lead = l->lead ? l->lead : 90;
	if (strcmp(l->status, "valid") == 0 && !l->has_renewal && l->has_expiry && l->expires_on >= a &&
	    a >= add_days(l->expires_on, -lead))
		fire(f, "ID-005");
	if (strcmp(l->status, "suspended") == 0 || strcmp(l->status, "revoked") == 0)
		fire(f, "ID-006");
}

static void write_licenses(struct gen *g)
{
	struct gp_rng r;
	gp_rng_seed(&r, g->seed, "licenses.csv");
	struct gp_csv c;
	if (!gp_open(g, &c, "licenses.csv", GP_UTF8, false))
		return;
	static const char *const cols[] = {
		"license_type", "license_no", "issuer", "scope", "issued_on", "expires_on", "status",
		"renewal_applied_on", "renewal_lead_days",
	};
	gp_header(&c, "licenses", true, cols, N(cols));
	struct gp_planter pl;
	gp_planter_init(&pl, g->sz.licenses - 1, 3, g->sz.per_kind);
	char issuer[128];
	snprintf(issuer, sizeof(issuer), "%s市场监督管理局", g->ent.region->prov);
	for (long i = 0; i < g->sz.licenses; i++) {
		struct license_row l = {0};
		long nth = 0;
		int kind = i == 0 ? -1 : gp_planter_at(&pl, i - 1, &nth);
		cscs_date a = g->as_of;
		if (i == 0) {
			/* The business licence: indefinite. */
			l.type = "营业执照";
			snprintf(l.no, sizeof(l.no), "%s", g->ent.uscc);
			l.issued_on = g->ent.established_on;
			l.status = "valid";
		} else {
			size_t t = gp_rng_below(&r, N(license_types));
			l.type = license_types[t];
			snprintf(l.no, sizeof(l.no), "%s%s%08ld", license_prefix[t], g->ent.region->code, 1000 + i * 7);
			l.status = "valid";
			l.has_expiry = true;
			l.lead = gp_rng_chance(&r, 500) ? 0 : (int)(30 * gp_rng_range(&r, 1, 4));
			int lead = l.lead ? l.lead : 90;
			switch (kind) {
			case 0: /* ID-004: expired, still marked valid */
				l.expires_on = add_days(a, -(int)gp_rng_range(&r, 1, 300));
				break;
			case 1: /* ID-005: inside the renewal lead time, no application */
				l.expires_on = add_days(a, (int)gp_rng_range(&r, 0, lead));
				break;
			case 2: /* ID-006: suspended or revoked */
				l.expires_on = add_days(a, (int)gp_rng_range(&r, 200, 1500));
				l.status = gp_rng_chance(&r, 500) ? "suspended" : "revoked";
				break;
			default:
				switch (gp_rng_below(&r, 10)) {
				case 0: /* inside the lead time, renewal applied for in time */
					l.expires_on = add_days(a, (int)gp_rng_range(&r, 1, lead));
					l.has_renewal = true;
					l.renewal_on = add_days(a, -(int)gp_rng_range(&r, 0, 20));
					break;
				case 1: /* cancelled long ago: no longer held, not a finding */
					l.expires_on = add_days(a, -(int)gp_rng_range(&r, 30, 900));
					l.status = "cancelled";
					break;
				default:
					l.expires_on = add_days(a, lead + (int)gp_rng_range(&r, 1, 1500));
					break;
				}
				break;
			}
			l.issued_on = add_years(l.expires_on, -5);
			if (l.issued_on > a)
				l.issued_on = add_days(a, -30);
		}
		struct fired f = {0};
		license_checks(g, &l, &f);
		char d1[GP_VALUE_LEN], d2[GP_VALUE_LEN], d3[GP_VALUE_LEN];
		gp_csv_field(&c, l.type);
		gp_csv_field(&c, l.no);
		gp_csv_field(&c, issuer);
		/* Each licence covers its own site, so no row is another's renewal (ID-004 and ID-005 skip those). */
		if (i == 0)
			gp_csv_field(&c, "批发、进出口、佣金代理");
		else
			gp_csv_fieldf(&c, "%s经营（%s第%ld经营场所）", l.type, g->ent.region->city, i);
		gp_csv_field(&c, gp_date_out(d1, l.issued_on, &r, GP_DATE_ISO));
		gp_csv_field(&c, l.has_expiry ? gp_date_out(d2, l.expires_on, &r, GP_DATE_ISO) : NULL);
		gp_csv_field(&c, gp_enum("licenses", "status", l.status, gp_rng_chance(&r, 700)));
		gp_csv_field(&c, l.has_renewal ? gp_date_out(d3, l.renewal_on, &r, GP_DATE_ISO) : NULL);
		if (l.lead)
			gp_csv_fieldf(&c, "%d", l.lead);
		else
			gp_csv_field(&c, NULL);
		long line = gp_csv_end(&c);
		char subject[128];
		snprintf(subject, sizeof(subject), "%s %s", l.type, l.no);
		settle(g, &f, subject, &c, line, kind < 0);
	}
	gp_close(g, &c);
}

/* ---- annual_reports.csv ---- */

static void write_annual_reports(struct gen *g)
{
	struct gp_rng r;
	gp_rng_seed(&r, g->seed, "annual_reports.csv");
	struct gp_csv c;
	if (!gp_open(g, &c, "annual_reports.csv", GP_UTF8, false))
		return;
	static const char *const cols[] = {"year", "filed_on", "corrected_on"};
	gp_header(&c, "annual_reports", false, cols, N(cols));
	int y_now = g->as_of_ymd.year;
	int est = year_of(g->ent.established_on);
	/* AR-001 covers y0..y1 (at most five years back); AR-002 filings of the last five years. */
	int y0 = est > y_now - 5 ? est : y_now - 5;
	int y1 = y_now - (g->as_of > gp_ymd(y_now, 6, 30) ? 1 : 2);
	int missing = y1 >= y0 + 1 ? y1 - 1 : -1; /* AR-001 */
	int late = y1 >= y0 + 1 ? y0 : -1;        /* AR-002 */
	for (int y = est; y < y_now; y++) {
		cscs_date open = gp_ymd(y + 1, 1, 10);
		if (open > g->as_of)
			break;
		if (y == missing) {
			char subject[64];
			snprintf(subject, sizeof(subject), "annual report %d", y);
			gp_plant(g, "AR-001", subject, NULL, 0);
			continue;
		}
		cscs_date filed;
		if (y == late) {
			filed = add_days(gp_ymd(y + 1, 6, 30), (int)gp_rng_range(&r, 1, 60));
		} else {
			filed = add_days(open, (int)gp_rng_range(&r, 0, 160));
			if (filed > gp_ymd(y + 1, 6, 29))
				filed = gp_ymd(y + 1, 6, 29);
		}
		if (filed > g->as_of)
			filed = g->as_of;
		char d1[GP_VALUE_LEN], d2[GP_VALUE_LEN];
		gp_csv_fieldf(&c, "%d", y);
		gp_csv_field(&c, gp_date_out(d1, filed, &r, GP_DATE_ISO));
		bool corrected = y != late && gp_rng_chance(&r, 150) && add_days(filed, 20) <= g->as_of;
		gp_csv_field(&c, corrected ? gp_date(d2, add_days(filed, 20), GP_DATE_ISO) : NULL);
		long line = gp_csv_end(&c);
		if (y == late) {
			char subject[64];
			snprintf(subject, sizeof(subject), "annual report %d", y);
			gp_plant(g, "AR-002", subject, &c, line);
		}
	}
	if (missing < 0)
		gp_manifest_not_planted(&g->man, "AR-001", "the company is too young for a missing year");
	if (late < 0)
		gp_manifest_not_planted(&g->man, "AR-002", "the company is too young for a late year");
	/* AR-003 fires only for an as-of date in May or June; the pack files every report before then. */
	gp_close(g, &c);
}

/* ---- instant_disclosures.csv: GB18030, Chinese headers, CRLF ---- */

static const char *const events[] = {
	"股东股权变更", "行政许可信息", "行政处罚信息", "知识产权出质登记", "股权出质登记", "实缴出资变更",
	"认缴出资变更", "经营范围变更", "法定代表人变更", "住所变更",
};

static void write_instant_disclosures(struct gen *g)
{
	struct gp_rng r;
	gp_rng_seed(&r, g->seed, "instant_disclosures.csv");
	struct gp_csv c;
	if (!gp_open(g, &c, "instant_disclosures.csv", GP_GB18030, true))
		return;
	static const char *const cols[] = {"event", "occurred_on", "disclosed_on"};
	gp_header(&c, "instant_disclosures", true, cols, N(cols));
	struct gp_planter pl;
	gp_planter_init(&pl, g->sz.instant_disclosures, 2, g->sz.per_kind);
	int span = 365 * 5;
	for (long i = 0; i < g->sz.instant_disclosures; i++) {
		long nth = 0;
		int kind = gp_planter_at(&pl, i, &nth);
		const char *event = GP_PICK(&r, events);
		cscs_date occ, disc = 0;
		bool disclosed = true;
		if (kind == 0) { /* AR-004: published late; a distinct date per plant */
			occ = add_days(g->as_of, -(int)(120 + 3 * nth));
			disc = add_days(cscs_date_add_weekdays(occ, 20), (int)gp_rng_range(&r, 1, 40));
		} else if (kind == 1) { /* AR-004: not published, deadline passed */
			occ = add_days(g->as_of, -(int)(45 + 3 * nth));
			if (cscs_date_add_weekdays(occ, 20) >= g->as_of)
				occ = add_days(occ, -10);
			disclosed = false;
		} else {
			occ = add_days(g->as_of, -(int)gp_rng_range(&r, 30, span));
			disc = add_days(occ, (int)gp_rng_range(&r, 0, 20));
		}
		/* Mirror of AR-004. */
		struct fired f = {0};
		cscs_date due = cscs_date_add_weekdays(occ, 20);
		if (occ <= g->as_of && ((disclosed && disc <= g->as_of && disc > due) ||
					(!disclosed && due < g->as_of)))
			fire(&f, "AR-004");
		char d1[GP_VALUE_LEN], d2[GP_VALUE_LEN], iso[GP_VALUE_LEN];
		gp_csv_field(&c, event);
		gp_csv_field(&c, gp_date_out(d1, occ, &r, GP_DATE_ZH));
		gp_csv_field(&c, disclosed ? gp_date_out(d2, disc, &r, GP_DATE_ZH) : NULL);
		long line = gp_csv_end(&c);
		char subject[128];
		snprintf(subject, sizeof(subject), "%s (%s)", event, gp_iso(iso, occ));
		settle(g, &f, subject, &c, line, kind < 0);
	}
	gp_close(g, &c);
}

/* ---- tax_filings.csv: GB18030, Chinese headers, CRLF ---- */

static const char *const tax_types[] = {
	"增值税", "企业所得税", "个人所得税", "城市维护建设税", "教育费附加", "地方教育附加",
	"印花税", "房产税", "城镇土地使用税", "车船税", "环境保护税", "消费税",
};

struct tax_row {
	const char *type;      /* tax_type */
	cscs_date start, end;  /* period */
	cscs_date due;         /* due_on */
	cscs_date filed;       /* filed_on, when has_filed */
	bool has_filed;        /* filed_on given */
	cscs_fen tax_due;      /* tax_due, when has_amounts */
	cscs_fen tax_paid;     /* tax_paid */
	bool has_amounts;      /* amounts given */
	cscs_date paid;        /* paid_on, when has_paid */
	bool has_paid;         /* paid_on given */
};

/* Mirrors of TAX-001, TAX-002, TAX-003 (checklists/tax.sql; the versions differ only in their detail). */
static void tax_checks(const struct gen *g, const struct tax_row *t, struct fired *f)
{
	cscs_date a = g->as_of;
	if (t->due < a && (!t->has_filed || t->filed > a))
		fire(f, "TAX-001");
	if (t->due >= gp_ymd(g->as_of_ymd.year - 1, 1, 1) && t->due < a &&
	    ((t->has_filed && t->filed > t->due && t->filed <= a) || (t->has_paid && t->paid > t->due && t->paid <= a)))
		fire(f, "TAX-002");
	cscs_fen owed = (t->has_amounts ? t->tax_due : 0) -
			((!t->has_paid || t->paid <= a) && t->has_amounts ? t->tax_paid : 0);
	if (t->due < a && owed > 0)
		fire(f, "TAX-003");
}

static void write_tax_filings(struct gen *g)
{
	struct gp_rng r;
	gp_rng_seed(&r, g->seed, "tax_filings.csv");
	struct gp_csv c;
	if (!gp_open(g, &c, "tax_filings.csv", GP_GB18030, true))
		return;
	static const char *const cols[] = {
		"tax_type", "period_start", "period_end", "due_on", "filed_on", "tax_due", "tax_paid", "paid_on",
	};
	gp_header(&c, "tax_filings", true, cols, N(cols));
	struct gp_planter pl;
	gp_planter_init(&pl, g->sz.tax_filings, 3, g->sz.per_kind);
	/* Monthly periods over the last five years whose deadline has passed. */
	cscs_date last_month = add_months(cscs_date_end_of_month(g->as_of), -2); /* a month due before as_of */
	struct cscs_ymd lm = cscs_date_to_ymd(last_month);
	int months_this_year = lm.year == g->as_of_ymd.year ? lm.month : 0;
	int late_window = (lm.year - (g->as_of_ymd.year - 1)) * 12 + lm.month;
	if (late_window < 1)
		late_window = 1;
	for (long i = 0; i < g->sz.tax_filings; i++) {
		long nth = 0;
		int kind = gp_planter_at(&pl, i, &nth);
		struct tax_row t = {0};
		t.type = GP_PICK(&r, tax_types);
		int back;
		if (kind == 0) /* before this year: a return with nothing assessed must not look like a zero month */
			back = months_this_year + (int)(nth % 36);
		else if (kind == 1) /* TAX-002 looks at deadlines since 1 January last year */
			back = (int)(nth % late_window);
		else if (kind == 2)
			back = (int)(nth % 48);
		else
			back = (int)gp_rng_below(&r, 60);
		t.end = cscs_date_end_of_month(add_months(last_month, -back));
		t.start = add_days(add_months(add_days(t.end, 1), -1), 0);
		t.due = add_days(t.end, 15);
		t.has_filed = t.has_amounts = t.has_paid = true;
		t.filed = add_days(t.due, -(int)gp_rng_range(&r, 0, 10));
		t.paid = t.filed;
		t.tax_due = (cscs_fen)gp_rng_range(&r, 100000, 50000000);
		t.tax_paid = t.tax_due;
		switch (kind) {
		case 0: /* TAX-001: not filed (nothing assessed, so nothing owed either) */
			t.has_filed = t.has_amounts = t.has_paid = false;
			break;
		case 1: /* TAX-002: filed and paid late */
			t.filed = t.paid = add_days(t.due, (int)gp_rng_range(&r, 1, 12));
			if (t.filed > g->as_of)
				t.filed = t.paid = g->as_of;
			break;
		case 2: /* TAX-003: paid short */
			t.tax_paid = t.tax_due - (cscs_fen)gp_rng_range(&r, 100, t.tax_due / 2);
			break;
		default:
			if (gp_rng_chance(&r, 20)) /* overpaid: credit carried forward, not a finding */
				t.tax_paid = t.tax_due + 10000;
			break;
		}
		/* Planted subjects must differ: one planted row per tax type and month. */
		if (kind >= 0)
			t.type = tax_types[nth / 48 % N(tax_types)];
		struct fired f = {0};
		tax_checks(g, &t, &f);
		char d[5][GP_VALUE_LEN], m[2][GP_VALUE_LEN];
		gp_csv_field(&c, t.type);
		gp_csv_field(&c, gp_date_out(d[0], t.start, &r, GP_DATE_ISO));
		gp_csv_field(&c, gp_date_out(d[1], t.end, &r, GP_DATE_ISO));
		gp_csv_field(&c, gp_date_out(d[2], t.due, &r, GP_DATE_ISO));
		gp_csv_field(&c, t.has_filed ? gp_date_out(d[3], t.filed, &r, GP_DATE_ISO) : NULL);
		gp_csv_field(&c, t.has_amounts ? gp_money_out(m[0], t.tax_due, &r, GP_MONEY_SEP) : NULL);
		gp_csv_field(&c, t.has_amounts ? gp_money_out(m[1], t.tax_paid, &r, GP_MONEY_SEP) : NULL);
		gp_csv_field(&c, t.has_paid ? gp_date_out(d[4], t.paid, &r, GP_DATE_ISO) : NULL);
		long line = gp_csv_end(&c);
		char subject[128], s1[GP_VALUE_LEN], s2[GP_VALUE_LEN];
		snprintf(subject, sizeof(subject), "%s %s..%s", t.type, gp_iso(s1, t.start), gp_iso(s2, t.end));
		settle(g, &f, subject, &c, line, kind < 0);
	}
	gp_close(g, &c);
}

/* ---- tax_ratings.csv ---- */

/* The rating of the last year rotates with the seed: C, D (direct), A. */
static void write_tax_ratings(struct gen *g)
{
	struct gp_rng r;
	gp_rng_seed(&r, g->seed, "tax_ratings.csv");
	struct gp_csv c;
	if (!gp_open(g, &c, "tax_ratings.csv", GP_UTF8, false))
		return;
	static const char *const cols[] = {"year", "rating", "direct_d", "reason"};
	gp_header(&c, "tax_ratings", false, cols, N(cols));
	int y_now = g->as_of_ymd.year;
	int est = year_of(g->ent.established_on);
	/* Ratings are published around April: the last one present is for last year once May begins. */
	int last = y_now - (g->as_of >= gp_ymd(y_now, 5, 1) ? 1 : 2);
	int variant = (int)(g->seed % 3);
	for (int y = est + 1; y <= last; y++) {
		const char *rating = "B";
		bool direct = false;
		const char *reason = NULL;
		if (y == last) {
			rating = variant == 0 ? "C" : variant == 1 ? "D" : "A";
			direct = variant == 1;
			reason = variant == 0 ? "评价得分65分" : variant == 1 ? "逾期不缴纳税款经催告仍未缴纳" : NULL;
		} else if (y == last - 1 && variant == 0) {
			rating = "D";
			direct = true;
			reason = "未按规定期限纳税申报且经责令仍未申报";
		}
		gp_csv_fieldf(&c, "%d", y);
		gp_csv_field(&c, gp_enum("tax_ratings", "rating", rating, gp_rng_chance(&r, 500)));
		gp_csv_field(&c, gp_bool(direct, true));
		gp_csv_field(&c, reason);
		long line = gp_csv_end(&c);
		char subject[64];
		snprintf(subject, sizeof(subject), "tax credit rating %d", y);
		if (y == last && variant == 0)
			gp_plant(g, "TAX-005", subject, &c, line);
		if (y == last && variant == 1)
			gp_plant(g, "TAX-004", subject, &c, line);
		if (y == last && variant == 2)
			gp_plant(g, "POS-001", subject, &c, line);
		/* TAX-007 looks from the as-of year: D last year, or direct D the year before. */
		if (rating[0] == 'D' && y == y_now - 1) {
			snprintf(subject, sizeof(subject), "A rating barred: rated D for %d", y);
			gp_plant(g, "TAX-007", subject, &c, line);
		}
		if (rating[0] == 'D' && direct && y == y_now - 2) {
			snprintf(subject, sizeof(subject), "A rating barred: direct D for %d", y);
			gp_plant(g, "TAX-007", subject, &c, line);
		}
	}
	gp_close(g, &c);
}

/* ---- penalties.csv: UTF-8 with BOM, Chinese headers ---- */

struct penalty_row {
	char no[96];              /* decision_no */
	const char *authority;    /* authority */
	const char *area;         /* area (English) */
	const char *type;         /* penalty_type (English) */
	cscs_date decided;        /* decided_on */
	cscs_fen amount;          /* amount */
	const char *severity;     /* severity (English) */
	const char *description;  /* description */
	cscs_date done;           /* obligations_done_on, when has_done */
	bool has_done;            /* obligations_done_on given */
	cscs_date repaired;       /* repaired_on, when has_repaired */
	bool has_repaired;        /* repaired_on given */
};

static bool heavy_type(const char *t)
{
	static const char *const heavy[] = {
		"license_revoked", "license_suspended", "license_downgraded", "production_suspended", "closure",
		"employment_restriction",
	};
	for (size_t i = 0; i < N(heavy); i++)
		if (strcmp(t, heavy[i]) == 0)
			return true;
	return false;
}

static bool special_area(const char *area)
{
	return strcmp(area, "special_equipment") == 0 || strcmp(area, "work_safety") == 0 || strcmp(area, "fire") == 0;
}

/* Mirror of PEN-004 (two versions): repair can be applied for now. */
static void repair_ready(const struct gen *g, const struct penalty_row *p, const char *cls, struct fired *f)
{
	cscs_date a = g->as_of, from, drops;
	bool serious = strcmp(cls, "serious") == 0;
	if (in_force(g, "2023-05-01", "2026-03-31")) {
		from = special_area(p->area) ? add_years(p->decided, 1) : add_months(p->decided, 3);
		drops = add_years(p->decided, 3);
	} else if (in_force(g, "2026-04-01", NULL)) {
		if (strcmp(cls, "minor") == 0)
			return;
		from = serious ? add_years(p->decided, 1) : add_months(p->decided, 3);
		drops = serious ? add_years(p->decided, 3) : add_months(p->decided, 12);
	} else {
		return;
	}
	if (from <= a && drops > a && p->has_done && p->done <= a)
		fire(f, "PEN-004");
}

/* Mirrors of PEN-001 (three versions), PEN-002, PEN-003, PEN-004, TAX-008, CUS-003 (CUS-002 is summed apart). */
static void penalty_checks(const struct gen *g, const struct penalty_row *p, struct fired *f)
{
	cscs_date a = g->as_of;
	bool repaired = p->has_repaired && p->repaired <= a;
	/* as the checks class a penalty the authority did not: warnings and criticism minor, heavy types serious */
	const char *cls = p->severity                                                        ? p->severity
			  : strcmp(p->type, "warning") == 0 || strcmp(p->type, "criticism") == 0 ? "minor"
			  : heavy_type(p->type)                                               ? "serious"
											      : "general";
	if (p->decided <= a && !repaired)
		repair_ready(g, p, cls, f);
	if (p->decided <= a && !repaired) {
		cscs_date drops = 0;
		bool applies = true;
		if (in_force(g, "2023-05-01", "2026-03-31")) {
			drops = add_years(p->decided, 3);
		} else if (in_force(g, "2026-04-01", NULL)) {
			applies = strcmp(cls, "minor") != 0;
			drops = strcmp(cls, "serious") == 0 ? add_years(p->decided, 3) : add_years(p->decided, 1);
		} else {
			applies = false;
		}
		if (applies && drops > a)
			fire(f, "PEN-001");
	}
	bool recent = p->decided <= a && p->decided > add_years(a, -3);
	if (recent && strcmp(p->type, "warning") != 0 && strcmp(p->type, "criticism") != 0 &&
	    (!p->has_done || p->done > a) && !repaired)
		fire(f, "PEN-002");
	if (recent && ((p->severity && strcmp(p->severity, "serious") == 0) || heavy_type(p->type)) && !repaired)
		fire(f, "PEN-003");
	/* TAX-008: only the pattern used for plants; clean tax descriptions avoid every pattern. */
	if (strcmp(p->area, "tax") == 0 && p->decided <= a && strstr(p->description, "虚开增值税专用发票"))
		fire(f, "TAX-008");
	if (in_force(g, "2021-11-01", NULL) && strcmp(p->area, "customs") == 0 && strstr(p->description, "走私") &&
	    p->decided <= a &&
	    p->decided > add_years(a, -2) && !repaired)
		fire(f, "CUS-003");
}

struct penalty_area {
	const char *area;          /* English value */
	const char *authority;     /* authority suffix */
	const char *abbr;          /* decision number abbreviation */
	const char *descriptions[3]; /* clean descriptions (no check pattern) */
};

static const struct penalty_area penalty_areas[] = {
	{"market", "市场监督管理局", "市监处", {"网店商品页面虚假宣传", "未按规定标明价格", "销售标签不符合规定的商品"}},
	{"tax", "税务局", "税罚", {"未按期办理纳税申报", "未按规定保管发票", "丢失增值税专用发票"}},
	{"environment", "生态环境局", "环罚", {"超标排放大气污染物", "未按规定设置危险废物识别标志", "环境影响评价文件未经批准擅自开工"}},
	{"quality", "市场监督管理局", "质罚", {"生产不合格产品", "未按规定进行出厂检验", "产品标识不符合规定"}},
	{"food", "市场监督管理局", "食罚", {"经营超过保质期的食品", "未按规定查验供货者许可证", "从业人员未取得健康证明"}},
	{"work_safety", "应急管理局", "应急罚", {"未按规定开展安全培训", "安全设备未经常性维护", "未建立事故隐患排查制度"}},
	{"fire", "消防救援支队", "消行罚", {"占用疏散通道", "消防设施未保持完好有效", "未按规定进行消防检查"}},
	{"labour", "人力资源和社会保障局", "人社罚", {"未按规定订立书面劳动合同", "延长工作时间超过规定", "未按规定建立职工名册"}},
	{"customs", "海关", "关缉违字", {"申报商品编码不实", "申报数量不实", "未按规定办理报关手续"}},
};

static const char *const fine_types[] = {"fine", "fine", "fine", "warning", "confiscation", "criticism"};

static void write_penalties(struct gen *g)
{
	struct gp_rng r;
	gp_rng_seed(&r, g->seed, "penalties.csv");
	struct gp_csv c;
	if (!gp_open(g, &c, "penalties.csv", GP_UTF8_BOM, false))
		return;
	static const char *const cols[] = {
		"decision_no", "authority", "area", "penalty_type", "decided_on", "amount", "severity", "description",
		"obligations_done_on", "repaired_on",
	};
	gp_header(&c, "penalties", true, cols, N(cols));
	/* Kinds: 0 PEN-001 (published, performed); 1 PEN-001 + PEN-002 (not performed); 2 PEN-003 (serious);
	 * 3 TAX-008 (false VAT invoices); 4 CUS-003 (smuggling); 5 CUS-002 (customs fines above RMB 1 m last year). */
	struct gp_planter pl;
	gp_planter_init(&pl, g->sz.penalties, 6, g->sz.per_kind);
	bool cus002_planted = false;
	cscs_date a = g->as_of;
	int y_now = g->as_of_ymd.year;
	for (long i = 0; i < g->sz.penalties; i++) {
		long nth = 0;
		int kind = gp_planter_at(&pl, i, &nth);
		struct penalty_row p = {0};
		const struct penalty_area *pa;
		if (kind == 3)
			pa = &penalty_areas[1];
		else if (kind == 4 || kind == 5)
			pa = &penalty_areas[8];
		else if (kind >= 0) /* not customs: CUS-002 sums those */
			pa = &penalty_areas[gp_rng_below(&r, 8)];
		else
			pa = &penalty_areas[gp_rng_below(&r, N(penalty_areas))];
		p.area = pa->area;
		p.description = pa->descriptions[gp_rng_below(&r, 3)];
		p.type = GP_PICK(&r, fine_types);
		p.severity = gp_rng_chance(&r, 200) ? NULL : gp_rng_chance(&r, 500) ? "general" : "minor";
		p.amount = strcmp(p.type, "warning") == 0 || strcmp(p.type, "criticism") == 0
				   ? 0 : 100 * (cscs_fen)gp_rng_range(&r, 1, 500) * 1000;
		switch (kind) {
		case 0:
		case 1:
		case 2:
		case 3:
		case 4:
			/* Recent enough for every PEN-001 version (general penalties drop after 1 year from 2026-04-01). */
			p.decided = add_days(a, -(int)gp_rng_range(&r, 20, 250));
			p.type = "fine";
			p.severity = "general";
			p.amount = 100 * (cscs_fen)gp_rng_range(&r, 5, 300) * 1000;
			p.has_done = kind != 1;
			p.done = add_days(p.decided, 15);
			if (p.done > a)
				p.done = a;
			if (kind == 2) {
				p.type = gp_rng_chance(&r, 500) ? "license_suspended" : "production_suspended";
				p.severity = "serious";
			}
			if (kind == 3)
				p.description = "虚开增值税专用发票";
			if (kind == 4)
				p.description = "走私普通货物";
			break;
		case 5: /* CUS-002: one customs fine above RMB 1 m in January of last year */
			p.decided = gp_ymd(y_now - 1, 1, 10 + (int)(nth % 15));
			p.type = "fine";
			p.severity = "general";
			p.amount = 120000000;
			p.has_done = true;
			p.done = add_days(p.decided, 20);
			break;
		default:
			if (strcmp(p.area, "customs") != 0 && gp_rng_chance(&r, 300)) {
				/* Recent, performed and repaired: no longer published. */
				p.decided = add_days(a, -(int)gp_rng_range(&r, 200, 3 * 365 - 20));
				p.has_done = true;
				p.done = add_days(p.decided, (int)gp_rng_range(&r, 5, 30));
				p.has_repaired = true;
				p.repaired = add_days(p.decided, (int)gp_rng_range(&r, 100, 180));
				if (p.repaired > a)
					p.repaired = a;
			} else {
				/* Older than three years, performed: out of every publicity window. */
				p.decided = add_days(add_years(a, -3), -(int)gp_rng_range(&r, 2, 5 * 365));
				p.has_done = true;
				p.done = add_days(p.decided, (int)gp_rng_range(&r, 5, 60));
			}
			break;
		}
		snprintf(p.no, sizeof(p.no), "%s%s〔%d〕%ld号", g->ent.region->city, pa->abbr, year_of(p.decided), 100 + i);
		struct fired f = {0};
		penalty_checks(g, &p, &f);
		if (kind == 5 && in_force(g, "2021-11-01", NULL))
			fire(&f, "CUS-002-year"); /* marker, replaced below */
		char d[4][GP_VALUE_LEN], m[GP_VALUE_LEN], authority[128];
		snprintf(authority, sizeof(authority), "%s%s", g->ent.region->prov, pa->authority);
		bool zh = gp_rng_chance(&r, 600);
		gp_csv_field(&c, p.no);
		gp_csv_field(&c, authority);
		gp_csv_field(&c, gp_enum("penalties", "area", p.area, zh));
		gp_csv_field(&c, gp_enum("penalties", "penalty_type", p.type, zh));
		gp_csv_field(&c, gp_date_out(d[0], p.decided, &r, GP_DATE_ISO));
		gp_csv_field(&c, p.amount ? gp_money_out(m, p.amount, &r, GP_MONEY_SEP) : NULL);
		gp_csv_field(&c, p.severity ? gp_enum("penalties", "severity", p.severity, zh) : NULL);
		/* Now and then the description quotes the decision, with a comma and quotes inside. */
		char desc[256];
		if (gp_rng_chance(&r, 100))
			snprintf(desc, sizeof(desc), "%s，依据\"%s\"第%d条", p.description, "中华人民共和国行政处罚法",
				 (int)gp_rng_range(&r, 28, 80));
		else
			snprintf(desc, sizeof(desc), "%s", p.description);
		gp_csv_field(&c, desc);
		gp_csv_field(&c, p.has_done ? gp_date_out(d[1], p.done, &r, GP_DATE_ISO) : NULL);
		gp_csv_field(&c, p.has_repaired ? gp_date_out(d[2], p.repaired, &r, GP_DATE_ISO) : NULL);
		long line = gp_csv_end(&c);
		/* CUS-002 reports the year, not the penalty. */
		struct fired rest = {0};
		for (size_t k = 0; k < f.n; k++) {
			if (strcmp(f.ids[k], "CUS-002-year") == 0) {
				if (cus002_planted)
					continue; /* one finding for the year, however many fines */
				cus002_planted = true;
				char subject[64];
				snprintf(subject, sizeof(subject), "customs violation penalties %d", y_now - 1);
				gp_plant(g, "CUS-002", subject, &c, line);
			} else {
				fire(&rest, f.ids[k]);
			}
		}
		/* The fine of kind 5 counts in CUS-002 only; before 2023-05-01 no PEN-001 version is in force. */
		if (kind >= 0 && rest.n == 0 && (kind == 5 || !in_force(g, "2023-05-01", NULL)))
			continue;
		settle(g, &rest, p.no, &c, line, kind < 0);
	}
	gp_close(g, &c);
}

/* ---- court_cases.csv ---- */

static const char *const causes[] = {"买卖合同纠纷", "货款纠纷", "租赁合同纠纷", "劳动争议", "服务合同纠纷", "承揽合同纠纷"};

static void write_court_cases(struct gen *g)
{
	struct gp_rng r;
	gp_rng_seed(&r, g->seed, "court_cases.csv");
	struct gp_csv c;
	if (!gp_open(g, &c, "court_cases.csv", GP_UTF8, false))
		return;
	static const char *const cols[] = {
		"case_no", "court", "role", "cause", "amount", "judgment_on", "performance_due_on", "performed_on",
		"status",
	};
	gp_header(&c, "court_cases", false, cols, N(cols));
	struct gp_planter pl;
	gp_planter_init(&pl, g->sz.court_cases, 1, g->sz.per_kind);
	char court[128];
	snprintf(court, sizeof(court), "%s人民法院", g->ent.region->prov);
	cscs_date a = g->as_of;
	for (long i = 0; i < g->sz.court_cases; i++) {
		long nth = 0;
		int kind = gp_planter_at(&pl, i, &nth);
		const char *role, *status;
		cscs_fen amount = 100 * (cscs_fen)gp_rng_range(&r, 1000, 900000);
		cscs_date judged = add_days(a, -(int)gp_rng_range(&r, 60, 5 * 365));
		cscs_date due = add_days(judged, 30), performed = 0;
		bool has_due = true, has_performed = false;
		if (kind == 0) { /* CRT-001: a judgment to pay, not performed by its date */
			role = "defendant";
			status = "judged";
		} else {
			switch (gp_rng_below(&r, 3)) {
			case 0:
				role = "plaintiff";
				status = "closed";
				has_due = false;
				break;
			case 1:
				role = "defendant";
				status = "performed";
				has_performed = true;
				performed = add_days(due, -(int)gp_rng_range(&r, 0, 20));
				break;
			default: /* judged recently, still within the time to perform */
				role = "defendant";
				status = "judged";
				judged = add_days(a, -(int)gp_rng_range(&r, 1, 20));
				due = add_days(judged, 30);
				break;
			}
		}
		/* Mirror of CRT-001. */
		struct fired f = {0};
		if (has_due && due < a && (!has_performed || performed > a) && strcmp(status, "performed") != 0 &&
		    strcmp(status, "closed") != 0 && (strcmp(role, "defendant") == 0 || strcmp(role, "respondent") == 0) &&
		    amount != 0)
			fire(&f, "CRT-001");
		char no[96], d[3][GP_VALUE_LEN], m[GP_VALUE_LEN];
		snprintf(no, sizeof(no), "（%d）%s%.4s民初%ld号", year_of(judged), g->ent.region->abbr, g->ent.region->code + 2,
			 10000 + i);
		gp_csv_field(&c, no);
		gp_csv_field(&c, court);
		gp_csv_field(&c, gp_enum("court_cases", "role", role, gp_rng_chance(&r, 300)));
		gp_csv_field(&c, GP_PICK(&r, causes));
		gp_csv_field(&c, gp_money_out(m, amount, &r, GP_MONEY_SEP));
		gp_csv_field(&c, gp_date_out(d[0], judged, &r, GP_DATE_ISO));
		gp_csv_field(&c, has_due ? gp_date_out(d[1], due, &r, GP_DATE_ISO) : NULL);
		gp_csv_field(&c, has_performed ? gp_date_out(d[2], performed, &r, GP_DATE_ISO) : NULL);
		gp_csv_field(&c, gp_enum("court_cases", "status", status, gp_rng_chance(&r, 300)));
		long line = gp_csv_end(&c);
		settle(g, &f, no, &c, line, kind < 0);
	}
	gp_close(g, &c);
}

/* ---- list_status.csv ---- */

static void write_list_status(struct gen *g)
{
	struct gp_rng r;
	gp_rng_seed(&r, g->seed, "list_status.csv");
	struct gp_csv c;
	if (!gp_open(g, &c, "list_status.csv", GP_UTF8, false))
		return;
	static const char *const cols[] = {"list", "subject", "listed_on", "reason", "ground", "removed_on", "checked_on"};
	gp_header(&c, "list_status", false, cols, N(cols));
	cscs_date a = g->as_of;
	char d[4][GP_VALUE_LEN], subject[160];
	/* Look-ups that found nothing, one per list within 90 days; BL-008: major tax violation looked up long ago. */
	for (size_t i = 0; i < 6; i++) {
		const char *list = gp_all_lists[i];
		bool stale = strcmp(list, "major_tax_violation") == 0;
		cscs_date checked = add_days(a, stale ? -(int)gp_rng_range(&r, 120, 400) : -(int)gp_rng_range(&r, 0, 60));
		gp_csv_field(&c, list);
		gp_csv_field(&c, "entity");
		gp_csv_field(&c, NULL);
		gp_csv_field(&c, NULL);
		gp_csv_field(&c, NULL);
		gp_csv_field(&c, NULL);
		gp_csv_field(&c, gp_date(d[0], checked, GP_DATE_ISO));
		long line = gp_csv_end(&c);
		if (stale) {
			snprintf(subject, sizeof(subject), "list status: %s", list);
			gp_plant(g, "BL-008", subject, &c, line);
		}
	}
	/* Listings, with the subject their check reports ({date}: the listing date). */
	struct listing {
		const char *list, *who;   /* list and subject columns */
		int days_ago;             /* listed_on, days before as-of */
		const char *reason, *ground;
		int removed_days_ago;     /* removed_on, days before as-of; 0 while listed */
		const char *check, *check2; /* checks fired, or NULL */
		const char *subject;      /* their subject */
		const char *from;         /* the first day a version of the check is in force, or NULL */
	};
	int three_years = (int)(a - add_years(a, -3));
	const struct listing listings[] = {
		{"abnormal_operations", "entity", 80, "通过登记的住所无法联系", "unreachable", 0, "AR-005", NULL,
		 "abnormal operations list since {date}", NULL},
		/* listed nearly three years ago: inside the 60-day warning window, AR-006 (not AR-005) */
		{"abnormal_operations", "entity", three_years - 30, "未按规定报送年度报告", "annual_report", 0, "AR-006",
		 NULL, "abnormal operations list since {date}", NULL},
		/* removed: history, not a finding */
		{"abnormal_operations", "entity", 900, "未按期公示即时信息", "instant_info", 700, NULL, NULL, NULL, NULL},
		{"serious_illegal", "entity", 200, "提供虚假材料取得许可", NULL, 0, "BL-001", NULL,
		 "serious illegal and dishonest list since {date}", NULL},
		{"judgment_defaulter", "entity", 150, "有履行能力而拒不履行生效法律文书确定义务", NULL, 0, "BL-002", NULL,
		 "judgment defaulter since {date}", NULL},
		{"major_tax_violation", "entity", 300, "虚开增值税专用发票", NULL, 0, "BL-003", NULL,
		 "major tax violation list since {date}", NULL},
		{"wage_arrears", "entity", 100, "拖欠农民工工资", NULL, 0, "BL-004", NULL, "wage-arrears list since {date}", NULL},
		{"customs_untrustworthy", "entity", 120, "走私普通货物", NULL, 0, "BL-005", NULL,
		 "customs untrustworthy since {date}", "2021-11-01"},
		{"serious_illegal", "legal_rep", 250, "所任职企业被列入严重违法失信名单", NULL, 0, "BL-006", NULL,
		 "legal representative: serious_illegal", NULL},
		{"judgment_defaulter", "legal_rep", 90, "拒不履行生效判决", NULL, 0, "CRT-002", NULL,
		 "legal representative: judgment defaulter", NULL},
		{"other", "entity", 60, "政府采购严重违法失信行为记录", NULL, 0, "BL-007", NULL, "other list since {date}", NULL},
		{"red_list", "entity", 400, "A级纳税人联合激励", NULL, 0, "POS-004", NULL, "red list since {date}", NULL},
	};
	for (size_t i = 0; i < N(listings); i++) {
		const struct listing *l = &listings[i];
		cscs_date listed = add_days(a, -l->days_ago);
		gp_csv_field(&c, gp_enum("list_status", "list", l->list, i % 2 == 1));
		gp_csv_field(&c, gp_enum("list_status", "subject", l->who, i % 2 == 1));
		gp_csv_field(&c, gp_date_out(d[1], listed, &r, GP_DATE_ISO));
		gp_csv_field(&c, l->reason);
		gp_csv_field(&c, l->ground);
		gp_csv_field(&c, l->removed_days_ago ? gp_date(d[2], add_days(a, -l->removed_days_ago), GP_DATE_ISO) : NULL);
		/* The listing rows carry no look-up date: BL-008 sees the look-ups above alone. */
		gp_csv_field(&c, NULL);
		long line = gp_csv_end(&c);
		if (!l->check || (l->from && !in_force(g, l->from, NULL)))
			continue;
		const char *at = strstr(l->subject, "{date}");
		if (at)
			snprintf(subject, sizeof(subject), "%.*s%s%s", (int)(at - l->subject), l->subject,
				 gp_iso(d[3], listed), at + 6);
		else
			snprintf(subject, sizeof(subject), "%s", l->subject);
		gp_plant(g, l->check, subject, &c, line);
		if (l->check2)
			gp_plant(g, l->check2, subject, &c, line);
	}
	gp_close(g, &c);
}

/* ---- env_permits.csv ---- */

static void write_env_permits(struct gen *g)
{
	struct gp_rng r;
	gp_rng_seed(&r, g->seed, "env_permits.csv");
	struct gp_csv c;
	if (!gp_open(g, &c, "env_permits.csv", GP_UTF8, false))
		return;
	static const char *const cols[] = {
		"permit_no", "facility", "category", "issued_on", "expires_on", "renewal_applied_on",
		"execution_report_due_on", "last_execution_report_on",
	};
	gp_header(&c, "env_permits", true, cols, N(cols));
	struct gp_planter pl;
	gp_planter_init(&pl, g->sz.env_permits, 3, g->sz.per_kind);
	static const char *const cats[] = {"key", "simplified", "simplified", "registration"};
	cscs_date a = g->as_of;
	/* The next execution report deadline: 31 January after as-of; the last one filed before it. */
	cscs_date next_report = gp_ymd(g->as_of_ymd.year + 1, 1, 31);
	bool any_valid = false;
	for (long i = 0; i < g->sz.env_permits; i++) {
		long nth = 0;
		int kind = gp_planter_at(&pl, i, &nth);
		const char *cat = kind >= 0 ? cats[gp_rng_below(&r, 2)] : GP_PICK(&r, cats);
		cscs_date expires = add_days(a, (int)gp_rng_range(&r, 120, 1700));
		cscs_date report_due = next_report, last_report = add_days(add_years(next_report, -1), -(int)gp_rng_range(&r, 0, 20));
		cscs_date renewal = 0;
		bool has_renewal = false;
		if (last_report > a)
			last_report = a;
		if (kind == 0) { /* ENV-002: expired */
			expires = add_days(a, -(int)gp_rng_range(&r, 1, 300));
			report_due = add_years(next_report, 1); /* keep ENV-004 out of it */
		} else if (kind == 1) { /* ENV-003: expires within 90 days, renewal not applied */
			expires = add_days(a, (int)gp_rng_range(&r, 0, 89));
		} else if (kind == 2) { /* ENV-004: execution report overdue */
			report_due = add_days(a, -(int)gp_rng_range(&r, 10, 200));
			last_report = add_days(add_years(report_due, -1), -(int)gp_rng_range(&r, 1, 30));
		} else if (gp_rng_chance(&r, 100)) { /* inside the window, renewal applied in time */
			expires = add_days(a, (int)gp_rng_range(&r, 61, 89));
			has_renewal = true;
			renewal = add_days(expires, -(int)gp_rng_range(&r, 61, 80));
			if (renewal > a)
				renewal = a;
		}
		cscs_date issued = add_years(expires, -5);
		if (issued > a)
			issued = add_days(a, -10);
		/* Mirrors of ENV-002, ENV-003, ENV-004 (permit numbers and facilities are unique). */
		struct fired f = {0};
		bool permit = strcmp(cat, "key") == 0 || strcmp(cat, "simplified") == 0;
		if (permit && expires < a)
			fire(&f, "ENV-002");
		if (permit && expires >= a && a >= add_days(expires, -90) &&
		    (!has_renewal || renewal > a || renewal > add_days(expires, -60)))
			fire(&f, "ENV-003");
		if (permit && report_due < a && (last_report > a || last_report <= add_years(report_due, -1)))
			fire(&f, "ENV-004");
		if (issued <= a && expires >= a)
			any_valid = true;
		char no[64], facility[96], d[5][GP_VALUE_LEN];
		snprintf(no, sizeof(no), "%s%03ld%c", g->ent.valid_uscc, i + 1, "VPQRU"[i % 5]);
		snprintf(facility, sizeof(facility), "%s第%ld厂区", g->ent.region->city, i + 1);
		gp_csv_field(&c, no);
		gp_csv_field(&c, facility);
		gp_csv_field(&c, gp_enum("env_permits", "category", cat, true));
		gp_csv_field(&c, gp_date_out(d[0], issued, &r, GP_DATE_ISO));
		gp_csv_field(&c, gp_date_out(d[1], expires, &r, GP_DATE_ISO));
		gp_csv_field(&c, has_renewal ? gp_date_out(d[2], renewal, &r, GP_DATE_ISO) : NULL);
		gp_csv_field(&c, gp_date_out(d[3], report_due, &r, GP_DATE_ISO));
		gp_csv_field(&c, gp_date_out(d[4], last_report, &r, GP_DATE_ISO));
		long line = gp_csv_end(&c);
		settle(g, &f, no, &c, line, kind < 0);
	}
	/* ENV-001 applies: env_disclosures.csv says disclosure is required. */
	if (!any_valid)
		gp_plant(g, "ENV-001", g->ent.uscc, NULL, 0);
	gp_close(g, &c);
}

/* ---- env_disclosures.csv, env_ratings.csv ---- */

static void write_env_disclosures(struct gen *g)
{
	struct gp_rng r;
	gp_rng_seed(&r, g->seed, "env_disclosures.csv");
	struct gp_csv c;
	if (!gp_open(g, &c, "env_disclosures.csv", GP_UTF8, false))
		return;
	static const char *const cols[] = {"year", "required", "filed_on"};
	gp_header(&c, "env_disclosures", false, cols, N(cols));
	int y_now = g->as_of_ymd.year;
	int late = -1;
	for (int y = y_now - 5; y < y_now; y++) {
		cscs_date deadline = gp_ymd(y + 1, 3, 15);
		if (gp_ymd(y + 1, 1, 5) > g->as_of)
			break;
		bool plant = late < 0 && deadline < g->as_of && y >= y_now - 3;
		cscs_date filed = plant ? add_days(deadline, (int)gp_rng_range(&r, 1, 40))
					: add_days(gp_ymd(y + 1, 1, 5), (int)gp_rng_range(&r, 0, 60));
		if (filed > g->as_of)
			filed = g->as_of;
		char d[GP_VALUE_LEN];
		gp_csv_fieldf(&c, "%d", y);
		gp_csv_field(&c, gp_bool(true, true));
		gp_csv_field(&c, gp_date_out(d, filed, &r, GP_DATE_ISO));
		long line = gp_csv_end(&c);
		if (plant) {
			late = y;
			char subject[64];
			snprintf(subject, sizeof(subject), "environmental disclosure %d", y);
			gp_plant(g, "ENV-005", subject, &c, line);
		}
	}
	gp_close(g, &c);
}

/* The latest environmental rating rotates with the seed: yellow, red, green. */
static void write_env_ratings(struct gen *g)
{
	struct gp_csv c;
	if (!gp_open(g, &c, "env_ratings.csv", GP_UTF8, false))
		return;
	static const char *const cols[] = {"year", "rating", "authority"};
	gp_header(&c, "env_ratings", true, cols, N(cols));
	int y_now = g->as_of_ymd.year;
	int variant = (int)(g->seed % 3);
	char authority[128];
	snprintf(authority, sizeof(authority), "%s生态环境局", g->ent.region->prov);
	for (int y = y_now - 4; y < y_now; y++) {
		const char *rating = "blue";
		if (y == y_now - 1)
			rating = variant == 0 ? "yellow" : variant == 1 ? "red" : "green";
		gp_csv_fieldf(&c, "%d", y);
		gp_csv_field(&c, gp_enum("env_ratings", "rating", rating, y % 2 == 0));
		gp_csv_field(&c, authority);
		long line = gp_csv_end(&c);
		if (y == y_now - 1) {
			char subject[64];
			snprintf(subject, sizeof(subject), "environmental credit rating %d", y);
			gp_plant(g, variant == 0 ? "ENV-007" : variant == 1 ? "ENV-006" : "POS-003", subject, &c, line);
		}
	}
	gp_close(g, &c);
}

/* ---- inspections.csv ---- */

static void write_inspections(struct gen *g)
{
	struct gp_rng r;
	gp_rng_seed(&r, g->seed, "inspections.csv");
	struct gp_csv c;
	if (!gp_open(g, &c, "inspections.csv", GP_UTF8, false))
		return;
	static const char *const cols[] = {"area", "authority", "inspected_on", "result", "rectify_by", "rectified_on"};
	gp_header(&c, "inspections", false, cols, N(cols));
	static const char *const areas[] = {"environment", "quality", "work_safety", "fire", "food", "labour", "tax"};
	struct gp_planter pl;
	gp_planter_init(&pl, g->sz.inspections, 2, g->sz.per_kind);
	cscs_date a = g->as_of;
	for (long i = 0; i < g->sz.inspections; i++) {
		long nth = 0;
		int kind = gp_planter_at(&pl, i, &nth);
		const char *area = kind == 0 ? "environment" : kind == 1 ? (nth % 4 == 1 ? "food" : "quality") : GP_PICK(&r, areas);
		const char *result = "pass";
		cscs_date inspected = add_days(a, -(int)gp_rng_range(&r, 1, 5 * 365));
		cscs_date rectify_by = 0, rectified = 0;
		bool has_by = false, has_done = false;
		if (kind >= 0) {
			/* One planted inspection per day, so subjects differ. */
			inspected = add_days(a, -(int)(60 + nth));
			result = nth % 2 ? "fail" : "rectify";
			has_by = true;
			rectify_by = add_days(inspected, 30);
		} else if (gp_rng_chance(&r, 300)) {
			result = gp_rng_chance(&r, 500) ? "rectify" : "fail";
			has_by = true;
			rectify_by = add_days(inspected, 30);
			if (rectify_by >= a) {
				/* still within the time to rectify */
			} else {
				has_done = true;
				rectified = add_days(rectify_by, -(int)gp_rng_range(&r, 0, 25));
			}
		}
		/* Mirrors of ENV-008 and QUA-004. */
		struct fired f = {0};
		bool open = (strcmp(result, "fail") == 0 || strcmp(result, "rectify") == 0) && inspected <= a &&
			    (!has_done || rectified > a) && (!has_by || rectify_by < a);
		if (open && strcmp(area, "environment") == 0)
			fire(&f, "ENV-008");
		if (open && (strcmp(area, "quality") == 0 || strcmp(area, "food") == 0))
			fire(&f, "QUA-004");
		char authority[128], d[3][GP_VALUE_LEN], iso[GP_VALUE_LEN], subject[96];
		snprintf(authority, sizeof(authority), "%s%s", g->ent.region->prov,
			 strcmp(area, "environment") == 0 ? "生态环境局" : strcmp(area, "fire") == 0 ? "消防救援支队"
												     : "市场监督管理局");
		gp_csv_field(&c, gp_enum("inspections", "area", area, gp_rng_chance(&r, 500)));
		gp_csv_field(&c, authority);
		gp_csv_field(&c, gp_date_out(d[0], inspected, &r, GP_DATE_ISO));
		gp_csv_field(&c, gp_enum("inspections", "result", result, gp_rng_chance(&r, 500)));
		gp_csv_field(&c, has_by ? gp_date_out(d[1], rectify_by, &r, GP_DATE_ISO) : NULL);
		gp_csv_field(&c, has_done ? gp_date_out(d[2], rectified, &r, GP_DATE_ISO) : NULL);
		long line = gp_csv_end(&c);
		if (strcmp(area, "environment") == 0)
			snprintf(subject, sizeof(subject), "environmental inspection %s", gp_iso(iso, inspected));
		else
			snprintf(subject, sizeof(subject), "%s inspection %s", area, gp_iso(iso, inspected));
		settle(g, &f, subject, &c, line, kind < 0);
	}
	gp_close(g, &c);
}

/* ---- certifications.csv ---- */

static const char *const products[] = {"电热水壶", "电吹风", "电饭煲", "吸尘器", "充电器", "插座", "台灯", "电风扇"};

static void write_certifications(struct gen *g)
{
	struct gp_rng r;
	gp_rng_seed(&r, g->seed, "certifications.csv");
	struct gp_csv c;
	if (!gp_open(g, &c, "certifications.csv", GP_UTF8, false))
		return;
	static const char *const cols[] = {"product", "cert_type", "cert_no", "issued_on", "expires_on", "status"};
	gp_header(&c, "certifications", false, cols, N(cols));
	struct gp_planter pl;
	gp_planter_init(&pl, g->sz.certifications, 3, g->sz.per_kind);
	cscs_date a = g->as_of;
	for (long i = 0; i < g->sz.certifications; i++) {
		long nth = 0;
		int kind = gp_planter_at(&pl, i, &nth);
		const char *status = "valid";
		cscs_date expires = add_days(a, (int)gp_rng_range(&r, 91, 1800));
		if (kind == 0) /* QUA-001: expired, no replacement */
			expires = add_days(a, -(int)gp_rng_range(&r, 1, 400));
		else if (kind == 1) /* QUA-002: expires within 90 days */
			expires = add_days(a, (int)gp_rng_range(&r, 0, 90));
		else if (kind == 2) /* QUA-003 */
			status = gp_rng_chance(&r, 500) ? "suspended" : "revoked";
		else if (gp_rng_chance(&r, 80)) { /* cancelled after the product was withdrawn */
			status = "cancelled";
			expires = add_days(a, -(int)gp_rng_range(&r, 1, 400));
		}
		cscs_date issued = add_years(expires, -5);
		if (issued > a)
			issued = add_days(a, -1);
		/* Each certificate covers its own model, so no other row replaces it. Mirrors of QUA-001..003. */
		struct fired f = {0};
		if ((strcmp(status, "valid") == 0 || strcmp(status, "expired") == 0) && expires < a)
			fire(&f, "QUA-001");
		if (strcmp(status, "valid") == 0 && expires >= a && expires <= add_days(a, 90))
			fire(&f, "QUA-002");
		if (strcmp(status, "suspended") == 0 || strcmp(status, "revoked") == 0)
			fire(&f, "QUA-003");
		char product[96], no[32], d[2][GP_VALUE_LEN], subject[64];
		snprintf(product, sizeof(product), "%s %c%c-%04ld", GP_PICK(&r, products), 'A' + (int)(i % 26),
			 'K' + (int)(i / 26 % 16), i % 10000);
		snprintf(no, sizeof(no), "20%02d0107%08ld", year_of(issued) % 100, 18000000 + i);
		gp_csv_field(&c, product);
		gp_csv_field(&c, "CCC");
		gp_csv_field(&c, no);
		gp_csv_field(&c, gp_date_out(d[0], issued, &r, GP_DATE_ISO));
		gp_csv_field(&c, gp_date_out(d[1], expires, &r, GP_DATE_ISO));
		gp_csv_field(&c, gp_enum("certifications", "status", status, gp_rng_chance(&r, 300)));
		long line = gp_csv_end(&c);
		snprintf(subject, sizeof(subject), "CCC %s", no);
		settle(g, &f, subject, &c, line, kind < 0);
	}
	gp_close(g, &c);
}

/* ---- payroll.csv and social_insurance.csv ---- */

/*
 * Monthly rows over the last five years (several rows a month: one per
 * site). Periods are months; the amount is due on the 15th of the next.
 * Kinds: 0 paid late (LAB-001 / LAB-003, which look back 12 months);
 * 1 paid short (LAB-002 / LAB-004).
 */
static void write_monthly(struct gen *g, const char *type, const char *file, long n, const char *late_id,
			  const char *short_id, const char *subject_word, enum gp_encoding enc, bool zh)
{
	struct gp_rng r;
	gp_rng_seed(&r, g->seed, file);
	struct gp_csv c;
	if (!gp_open(g, &c, file, enc, true)) /* HR and social-insurance systems export CRLF */
		return;
	bool payroll = strcmp(type, "payroll") == 0;
	static const char *const pay_cols[] = {"period", "due_on", "paid_on", "wages_due", "wages_paid", "headcount"};
	static const char *const si_cols[] = {"period", "due_on", "paid_on", "amount_due", "amount_paid"};
	if (payroll)
		gp_header(&c, type, zh, pay_cols, N(pay_cols));
	else
		gp_header(&c, type, zh, si_cols, N(si_cols));
	struct gp_planter pl;
	gp_planter_init(&pl, n, 2, g->sz.per_kind);
	cscs_date a = g->as_of;
	/* The last month whose due date (the 15th of the next month) has passed. */
	cscs_date first_of_month = gp_ymd(g->as_of_ymd.year, g->as_of_ymd.month, 1);
	cscs_date last = add_months(first_of_month, g->as_of_ymd.day > 15 ? -1 : -2);
	for (long i = 0; i < n; i++) {
		long nth = 0;
		int kind = gp_planter_at(&pl, i, &nth);
		int back = kind == 0 ? (int)(nth % 10) : kind == 1 ? (int)(nth % 40) : (int)gp_rng_below(&r, 60);
		cscs_date period = add_months(last, -back);
		cscs_date due = add_days(add_months(period, 1), 14);
		cscs_date paid = add_days(due, -(int)gp_rng_range(&r, 0, 5));
		cscs_fen amount = 100 * (cscs_fen)gp_rng_range(&r, 20000, 3000000);
		cscs_fen paid_amount = amount;
		if (kind == 0)
			paid = add_days(due, (int)gp_rng_range(&r, 1, 10));
		if (kind == 1)
			paid_amount = amount - 100 * (cscs_fen)gp_rng_range(&r, 1, (int)(amount / 200));
		if (paid > a)
			paid = a;
		/* Mirrors of LAB-001/003 and LAB-002/004. */
		struct fired f = {0};
		if (paid > due && paid <= a && due > add_months(a, -12))
			fire(&f, late_id);
		if (due < a && amount - (paid <= a ? paid_amount : 0) > 0)
			fire(&f, short_id);
		struct cscs_ymd p = cscs_date_to_ymd(period);
		char per[16], d[2][GP_VALUE_LEN], m[2][GP_VALUE_LEN], subject[64];
		if (zh && gp_rng_chance(&r, 300))
			snprintf(per, sizeof(per), "%d年%d月", p.year, p.month);
		else
			snprintf(per, sizeof(per), "%04d-%02d", p.year, p.month);
		gp_csv_field(&c, per);
		gp_csv_field(&c, gp_date_out(d[0], due, &r, GP_DATE_ISO));
		gp_csv_field(&c, gp_date_out(d[1], paid, &r, GP_DATE_ISO));
		gp_csv_field(&c, gp_money_out(m[0], amount, &r, GP_MONEY_SEP));
		gp_csv_field(&c, gp_money_out(m[1], paid_amount, &r, GP_MONEY_SEP));
		if (payroll)
			gp_csv_fieldf(&c, "%d", (int)gp_rng_range(&r, 5, 400));
		long line = gp_csv_end(&c);
		snprintf(subject, sizeof(subject), "%s %04d-%02d", subject_word, p.year, p.month);
		settle(g, &f, subject, &c, line, kind < 0);
	}
	gp_close(g, &c);
}

/* ---- customs.csv ---- */

/* The latest customs level rotates with the seed: untrustworthy, advanced certified. */
static void write_customs(struct gen *g)
{
	struct gp_rng r;
	gp_rng_seed(&r, g->seed, "customs.csv");
	struct gp_csv c;
	if (!gp_open(g, &c, "customs.csv", GP_UTF8, false))
		return;
	static const char *const cols[] = {"year", "credit_level", "declared_value", "unpaid_duties", "duties_due_on"};
	gp_header(&c, "customs", false, cols, N(cols));
	int y_now = g->as_of_ymd.year;
	bool untrustworthy = g->seed % 2 == 1;
	for (int y = y_now - 5; y <= y_now; y++) {
		const char *level = "general";
		if (y == y_now)
			level = untrustworthy ? "untrustworthy" : "advanced_certified";
		cscs_fen declared = 100 * (cscs_fen)gp_rng_range(&r, 20000000, 60000000);
		bool arrears = y == y_now; /* CUS-004: duties unpaid since four months before as-of */
		char m[2][GP_VALUE_LEN], d[GP_VALUE_LEN];
		gp_csv_fieldf(&c, "%d", y);
		gp_csv_field(&c, gp_enum("customs", "credit_level", level, y % 2 == 0));
		gp_csv_field(&c, y == y_now ? NULL : gp_money_out(m[0], declared, &r, GP_MONEY_SEP));
		gp_csv_field(&c, gp_money(m[1], arrears ? 8500000 : 0, GP_MONEY_PLAIN));
		gp_csv_field(&c, arrears ? gp_date(d, add_months(g->as_of, -4), GP_DATE_ISO) : NULL);
		long line = gp_csv_end(&c);
		char subject[64];
		if (y == y_now) {
			snprintf(subject, sizeof(subject), "customs credit level %d", y);
			/* Every customs check has its first version from 2021-11-01 (GACC Order 251). */
			if (in_force(g, "2021-11-01", NULL)) {
				gp_plant(g, untrustworthy ? "CUS-001" : "POS-002", subject, &c, line);
				snprintf(subject, sizeof(subject), "customs duties %d", y);
				gp_plant(g, "CUS-004", subject, &c, line);
			}
		}
	}
	g->has_customs = true;
	gp_close(g, &c);
}

void gp_write_records(struct gen *g)
{
	write_entity(g);
	write_licenses(g);
	write_annual_reports(g);
	write_instant_disclosures(g);
	write_tax_filings(g);
	write_tax_ratings(g);
	write_penalties(g);
	write_court_cases(g);
	write_list_status(g);
	write_env_permits(g);
	write_env_disclosures(g);
	write_env_ratings(g);
	write_inspections(g);
	write_certifications(g);
	write_monthly(g, "payroll", "payroll.csv", g->sz.payroll, "LAB-001", "LAB-002", "payroll", GP_UTF8_BOM, true);
	write_monthly(g, "social_insurance", "social_insurance.csv", g->sz.social_insurance, "LAB-003", "LAB-004",
		      "social insurance", GP_GB18030, true);
	write_customs(g);
	gp_manifest_not_planted(&g->man, "AR-003", "fires only for an as-of date in May or June");
}
