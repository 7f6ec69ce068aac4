#include "cscs/intake/records.h"

#include <string.h>

#include "cscs/core/text.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define T(name, zh, req, doc, ex) {name, zh, CSCS_FT_TEXT, req, NULL, doc, ex, false}
#define D(name, zh, req, doc, ex) {name, zh, CSCS_FT_DATE, req, NULL, doc, ex, false}
/* A date that may be open ("empty while listed"): words saying "none yet" (长期, 至今, 未移出) read as empty. */
#define DO(name, zh, req, doc, ex) {name, zh, CSCS_FT_DATE, req, NULL, doc, ex, true}
#define M(name, zh, req, doc, ex) {name, zh, CSCS_FT_MONEY, req, NULL, doc, ex, false}
#define I(name, zh, req, doc, ex) {name, zh, CSCS_FT_INT, req, NULL, doc, ex, false}
#define Y(name, zh, req, doc, ex) {name, zh, CSCS_FT_YEAR, req, NULL, doc, ex, false}
#define P(name, zh, req, doc, ex) {name, zh, CSCS_FT_PERIOD, req, NULL, doc, ex, false}
#define B(name, zh, req, doc, ex) {name, zh, CSCS_FT_BOOL, req, NULL, doc, ex, false}
#define E(name, zh, req, vocab, doc, ex) {name, zh, CSCS_FT_ENUM, req, vocab, doc, ex, false}
#define U(name, zh, req, doc, ex) {name, zh, CSCS_FT_USCC, req, NULL, doc, ex, false}
#define ID(name, zh, req, doc, ex) {name, zh, CSCS_FT_ID_NUMBER, req, NULL, doc, ex, false}
/* The evidence a record names (issue 19): last column of every record type but list exports. */
#define EVIDENCE T("evidence", "证明材料", false, "file(s) in the pack's evidence/ folder backing the row: a name or a glob (* ?), several separated by ';' (check EVD-001)", "")

static const struct cscs_field entity_fields[] = {
	T("name", "企业名称", true, "registered name", "艾克美贸易（上海）有限公司"),
	T("name_en", "英文名称", false, "English name", "Acme Trading (Shanghai) Co., Ltd."),
	U("uscc", "统一社会信用代码", true, "unified social credit code (GB 32100)", "91110000600037341L"),
	E("entity_type", "主体类型", false, "entity_type", "kind of market entity", "enterprise"),
	T("legal_rep_name", "法定代表人", false, "legal representative's name", "王伟"),
	ID("legal_rep_id", "法定代表人身份证号", false, "legal representative's identity number (personal data, masked in outputs)", "110105194912310029"),
	T("registered_address", "住所", false, "registered address", "上海市浦东新区世纪大道100号"),
	T("region_code", "行政区划代码", false, "GB/T 2260 division code of the registration", "310115"),
	D("established_on", "成立日期", false, "date of establishment", "2019-04-18"),
	T("industry_code", "行业代码", false, "GB/T 4754 industry code", "F5179"),
	M("registered_capital", "注册资本", false, "subscribed registered capital", "500万元"),
	M("paid_in_capital", "实缴资本", false, "capital paid in so far", "2,000,000"),
	D("capital_due_on", "认缴出资期限", false, "date by which the subscribed capital is to be paid in", "2029-04-17"),
	B("foreign_invested", "是否外商投资", false, "foreign-invested enterprise", "是"),
	EVIDENCE,
};

static const struct cscs_field license_fields[] = {
	T("license_type", "证照类型", true, "kind of licence or permit", "食品经营许可证"),
	T("license_no", "证照编号", true, "number on the licence", "JY13101150012345"),
	T("issuer", "发证机关", false, "issuing authority", "上海市浦东新区市场监督管理局"),
	T("scope", "许可范围", false, "licensed activity", "预包装食品销售"),
	D("issued_on", "发证日期", false, "date issued", "2021-03-01"),
	DO("expires_on", "有效期至", false, "last day of validity (empty if indefinite)", "2026-02-28"),
	E("status", "状态", false, "license_status", "current status", "valid"),
	D("renewal_applied_on", "延续申请日期", false, "date renewal was applied for", "2025-12-01"),
	I("renewal_lead_days", "提前申请天数", false, "days before expiry by which renewal must be applied for (default: the lead time of the licence type in check ID-005, else 90)", "30"),
	EVIDENCE,
};

static const struct cscs_field annual_report_fields[] = {
	Y("year", "年度", true, "reporting year (the report is due by 30 June of the next year)", "2024"),
	D("filed_on", "报送日期", false, "date the report was filed (empty if not filed)", "2025-05-20"),
	D("corrected_on", "更正日期", false, "date a correction was filed", ""),
	EVIDENCE,
};

static const struct cscs_field instant_disclosure_fields[] = {
	T("event", "事项", true, "what changed (shareholding, licence, penalty, ...)", "股权变更"),
	D("occurred_on", "发生日期", true, "date the information arose", "2025-03-03"),
	D("disclosed_on", "公示日期", false, "date it was published (empty if not yet)", "2025-03-20"),
	EVIDENCE,
};

static const struct cscs_field tax_filing_fields[] = {
	T("tax_type", "税种", true, "tax or fee", "增值税"),
	D("period_start", "所属期起", false, "first day of the tax period", "2025-01-01"),
	D("period_end", "所属期止", false, "last day of the tax period", "2025-01-31"),
	D("due_on", "申报期限", true, "filing and payment deadline", "2025-02-15"),
	D("filed_on", "申报日期", false, "date filed (empty if not filed)", "2025-02-10"),
	M("tax_due", "应纳税额", false, "tax due", "12,345.67"),
	M("tax_paid", "已缴税额", false, "tax paid", "12,345.67"),
	D("paid_on", "缴款日期", false, "date paid", "2025-02-10"),
	EVIDENCE,
};

static const struct cscs_field tax_rating_fields[] = {
	Y("year", "评价年度", true, "year evaluated", "2024"),
	E("rating", "纳税信用级别", true, "tax_rating", "tax credit level", "B"),
	B("direct_d", "直接判D", false, "assigned D directly (not by points)", "否"),
	T("reason", "原因", false, "reason given", ""),
	EVIDENCE,
};

static const struct cscs_field penalty_fields[] = {
	T("decision_no", "决定书文号", true, "penalty decision number", "沪浦市监处〔2025〕123号"),
	T("authority", "处罚机关", false, "deciding authority", "上海市浦东新区市场监督管理局"),
	E("area", "领域", false, "penalty_area", "regulatory area", "market"),
	E("penalty_type", "处罚类型", false, "penalty_type", "kind of penalty (the heaviest one imposed)", "fine"),
	D("decided_on", "处罚决定日期", true, "date of the decision", "2025-06-12"),
	M("amount", "罚没金额", false, "fine and confiscation", "50,000"),
	E("severity", "失信程度", false, "severity", "minor, general or serious (as the authority classified it)", "general"),
	T("description", "违法事实", false, "what was punished", "虚假宣传"),
	D("obligations_done_on", "履行完毕日期", false, "date every obligation of the decision was performed", "2025-07-01"),
	D("repaired_on", "信用修复日期", false, "date credit repair was granted", ""),
	EVIDENCE,
};

static const struct cscs_field court_case_fields[] = {
	T("case_no", "案号", true, "case number", "（2024）沪0115民初12345号"),
	T("court", "法院", false, "court", "上海市浦东新区人民法院"),
	E("role", "诉讼地位", false, "case_role", "the company's role", "defendant"),
	T("cause", "案由", false, "cause of action", "买卖合同纠纷"),
	M("amount", "涉案金额", false, "amount the company must pay", "180,000"),
	D("judgment_on", "裁判日期", false, "date of judgment", "2025-01-10"),
	D("performance_due_on", "履行期限", false, "date by which the judgment must be performed", "2025-02-10"),
	D("performed_on", "履行日期", false, "date performed (empty if not)", ""),
	E("status", "案件状态", false, "case_status", "state of the case", "judged"),
	EVIDENCE,
};

static const struct cscs_field list_status_fields[] = {
	E("list", "名单", true, "list", "which list", "abnormal_operations"),
	E("subject", "对象", true, "list_subject", "who is listed: the company or its legal representative", "entity"),
	D("listed_on", "列入日期", false, "date listed", "2024-07-15"),
	T("reason", "列入事由", false, "reason as written by the authority", "未按规定报送2023年度年度报告"),
	E("ground", "列入情形", false, "abnormal_ground", "ground of an abnormal-operations listing", "annual_report"),
	DO("removed_on", "移出日期", false, "date removed (empty while listed)", ""),
	D("checked_on", "查询日期", false, "date the status was last looked up", "2025-09-30"),
	EVIDENCE,
};

static const struct cscs_field env_permit_fields[] = {
	T("permit_no", "许可证编号", true, "pollutant discharge permit number", "91310115MA1K4ABC0X001V"),
	T("facility", "排污单位/设施", false, "facility covered", "浦东仓库"),
	E("category", "管理类别", true, "permit_category", "key, simplified or registration management", "simplified"),
	D("issued_on", "发证日期", false, "date issued", "2021-05-10"),
	D("expires_on", "有效期至", false, "last day of validity", "2026-05-09"),
	D("renewal_applied_on", "延续申请日期", false, "date renewal was applied for", ""),
	D("execution_report_due_on", "执行报告截止日期", false, "next execution report deadline set in the permit", "2026-01-31"),
	D("last_execution_report_on", "最近执行报告日期", false, "date the last execution report was submitted", "2025-01-20"),
	EVIDENCE,
};

static const struct cscs_field env_disclosure_fields[] = {
	Y("year", "年度", true, "year disclosed (the report is due by 15 March of the next year)", "2024"),
	B("required", "是否须披露", true, "the company is under the disclosure obligation", "是"),
	D("filed_on", "披露日期", false, "date disclosed (empty if not)", "2025-03-10"),
	EVIDENCE,
};

static const struct cscs_field env_rating_fields[] = {
	Y("year", "年度", true, "year rated", "2024"),
	E("rating", "环境信用等级", true, "env_rating", "green, blue, yellow or red", "blue"),
	T("authority", "评价机关", false, "rating authority", "上海市生态环境局"),
	EVIDENCE,
};

static const struct cscs_field inspection_fields[] = {
	E("area", "领域", true, "inspection_area", "what was inspected", "quality"),
	T("authority", "检查机关", false, "inspecting authority", "上海市市场监督管理局"),
	D("inspected_on", "检查日期", true, "date of the inspection", "2025-04-02"),
	E("result", "检查结果", true, "inspection_result", "pass, fail or rectify", "rectify"),
	D("rectify_by", "整改期限", false, "deadline to rectify", "2025-05-02"),
	D("rectified_on", "整改完成日期", false, "date rectified (empty if not)", ""),
	EVIDENCE,
};

static const struct cscs_field certification_fields[] = {
	T("product", "产品", true, "product certified", "电热水壶"),
	T("cert_type", "认证类型", true, "certification (CCC, ...)", "CCC"),
	T("cert_no", "证书编号", true, "certificate number", "2021010718123456"),
	D("issued_on", "发证日期", false, "date issued", "2021-06-01"),
	D("expires_on", "有效期至", false, "last day of validity", "2026-05-31"),
	E("status", "状态", false, "license_status", "current status", "valid"),
	EVIDENCE,
};

static const struct cscs_field payroll_fields[] = {
	P("period", "工资所属期", true, "month the wages are for (YYYY-MM)", "2025-08"),
	D("due_on", "应发日期", true, "date wages were due", "2025-09-15"),
	D("paid_on", "实发日期", false, "date paid (empty if not)", "2025-09-15"),
	M("wages_due", "应发工资", true, "wages due", "1,250,000"),
	M("wages_paid", "实发工资", false, "wages paid", "1,250,000"),
	I("headcount", "人数", false, "employees paid", "58"),
	EVIDENCE,
};

static const struct cscs_field social_insurance_fields[] = {
	P("period", "缴费所属期", true, "month the contributions are for (YYYY-MM)", "2025-08"),
	D("due_on", "缴费期限", true, "date contributions were due", "2025-09-15"),
	D("paid_on", "缴费日期", false, "date paid (empty if not)", "2025-09-12"),
	M("amount_due", "应缴金额", true, "contributions due", "402,000"),
	M("amount_paid", "实缴金额", false, "contributions paid", "402,000"),
	EVIDENCE,
};

static const struct cscs_field customs_fields[] = {
	Y("year", "年度", true, "year", "2024"),
	E("credit_level", "海关信用等级", false, "customs_level", "customs credit level", "general"),
	M("declared_value", "进出口申报总值", false, "declared import and export value in the year", "36,000,000"),
	M("unpaid_duties", "欠缴税款", false, "customs duties still unpaid", "0"),
	D("duties_due_on", "税款缴纳期限", false, "date the unpaid duties were due", ""),
	EVIDENCE,
};

static const struct cscs_field partner_fields[] = {
	T("name", "名称", true, "partner's name", "华东电子元件有限公司"),
	U("uscc", "统一社会信用代码", false, "partner's unified social credit code", "913100001322123470"),
	T("country", "国家/地区", false, "country or region", "CN"),
	E("role", "角色", false, "partner_role", "supplier, customer or both", "supplier"),
	M("spend", "年交易额", false, "spend (or revenue) with the partner over the last year", "1,200,000"),
	D("contract_start", "合同起始日", false, "contract start", "2024-01-01"),
	D("contract_end", "合同终止日", false, "contract end", "2026-12-31"),
	EVIDENCE,
};

static const struct cscs_field list_entry_fields[] = {
	E("list", "名单", true, "list", "which list the entry is on", "serious_illegal"),
	T("name", "名称", true, "listed entity's name", "某某商贸有限公司"),
	U("uscc", "统一社会信用代码", false, "listed entity's code", "91310115667788991X"),
	T("legal_rep_name", "法定代表人", false, "legal representative named in the entry", "张三"),
	ID("legal_rep_id", "法定代表人身份证号", false, "legal representative's identity number (personal data)", ""),
	D("listed_on", "列入日期", false, "date listed", "2024-03-01"),
	DO("removed_on", "移出日期", false, "date removed (empty while listed)", ""),
	T("reason", "列入事由", false, "reason", "提供虚假材料"),
	T("authority", "作出决定机关", false, "authority that listed it", "上海市市场监督管理局"),
};

static const struct cscs_field people_fields[] = {
	T("name", "姓名", true, "the person's name as the registration writes it", "王伟"),
	E("role", "职务", true, "person_role", "legal_representative, director, supervisor, shareholder or actual_controller", "director"),
	ID("id_number", "身份证号", false, "identity number (personal data, masked in outputs); screening matches a person by it", "11010519491231002X"),
	U("entity_uscc", "企业统一社会信用代码", false, "code of the company the person serves or owns (empty: the audited company)", "91310115MA1K4AB146"),
	EVIDENCE,
};

#define RT(name, zh, doc, fields, single, list) {name, zh, doc, fields, N(fields), single, list}

static const struct cscs_record_type types[] = {
	RT("entity", "企业基本信息", "the audited company itself: exactly one row", entity_fields, true, false),
	RT("licenses", "许可证照", "business licence, permits and other licences held", license_fields, false, false),
	RT("annual_reports", "年度报告", "annual reports filed with the enterprise credit information publicity system", annual_report_fields, false, false),
	RT("instant_disclosures", "即时信息公示", "ad-hoc (instant) information the company must publish within 20 working days", instant_disclosure_fields, false, false),
	RT("tax_filings", "纳税申报", "tax filings and payments", tax_filing_fields, false, false),
	RT("tax_ratings", "纳税信用等级", "tax credit ratings received", tax_rating_fields, false, false),
	RT("penalties", "行政处罚", "administrative penalties decided against the company", penalty_fields, false, false),
	RT("court_cases", "司法案件", "court cases and their performance", court_case_fields, false, false),
	RT("list_status", "名单状态", "the company's and its legal representative's status on credit lists", list_status_fields, false, false),
	RT("env_permits", "排污许可", "pollutant discharge permits", env_permit_fields, false, false),
	RT("env_disclosures", "环境信息披露", "annual environmental information disclosures", env_disclosure_fields, false, false),
	RT("env_ratings", "环境信用评价", "environmental credit ratings", env_rating_fields, false, false),
	RT("inspections", "监督检查", "inspections by authorities and their rectification", inspection_fields, false, false),
	RT("certifications", "产品认证", "product certifications (CCC and others)", certification_fields, false, false),
	RT("payroll", "工资发放", "monthly payroll", payroll_fields, false, false),
	RT("social_insurance", "社会保险", "monthly social insurance contributions", social_insurance_fields, false, false),
	RT("customs", "海关信用", "customs credit level and declared values per year", customs_fields, false, false),
	RT("partners", "合作伙伴", "business partners (suppliers, customers)", partner_fields, false, false),
	RT("people", "主要人员", "people the company's registration names: legal representative, directors, supervisors, shareholders who are persons, actual controllers", people_fields, false, false),
	RT("list_entries", "名单导出", "entries of list exports the user holds (lists/*.csv)", list_entry_fields, false, true),
};

const struct cscs_record_type *cscs_record_types(size_t *n)
{
	*n = N(types);
	return types;
}

const struct cscs_record_type *cscs_record_type_find(const char *name)
{
	for (size_t i = 0; i < N(types); i++)
		if (strcmp(types[i].name, name) == 0)
			return &types[i];
	return NULL;
}

const struct cscs_field *cscs_record_field_find(const struct cscs_record_type *rt, const char *header)
{
	for (size_t i = 0; i < rt->n_fields; i++) {
		const struct cscs_field *f = &rt->fields[i];
		if (cscs_text_ieq(f->name, header) || strcmp(f->zh, header) == 0)
			return f;
	}
	return NULL;
}

const char *cscs_field_type_name(enum cscs_field_type t)
{
	switch (t) {
	case CSCS_FT_TEXT:
		return "text";
	case CSCS_FT_DATE:
		return "date";
	case CSCS_FT_MONEY:
		return "money";
	case CSCS_FT_INT:
		return "integer";
	case CSCS_FT_YEAR:
		return "year";
	case CSCS_FT_PERIOD:
		return "month";
	case CSCS_FT_BOOL:
		return "yes/no";
	case CSCS_FT_ENUM:
		return "one of";
	case CSCS_FT_USCC:
		return "USCC";
	case CSCS_FT_ID_NUMBER:
		return "ID number";
	}
	return "text";
}
