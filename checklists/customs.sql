-- Customs. Every check has a version under GACC Order 251 (until 2026-03-31)
-- and one under GACC Order 282 (from 2026-04-01), whose details are unverified:
-- the Order 282 versions apply the Order 251 tests as indicators and say so.
-- The detail of each finding names the version in square brackets.

-- The untrustworthy customs credit levels (CUS-001).
-- phrase: customs_level.untrustworthy = untrustworthy
-- phrase.zh: customs_level.untrustworthy = 失信企业
-- phrase: customs_level.seriously_untrustworthy = seriously untrustworthy
-- phrase.zh: customs_level.seriously_untrustworthy = 严重失信主体

-- check: CUS-001
-- area: customs
-- severity: critical
-- title: Customs credit level untrustworthy
-- title.zh: 海关信用等级为失信企业
-- remedy: Clear the ground of the downgrade (pay duties and fines, correct the conduct), expect stricter inspection and guarantees meanwhile, and apply to customs for credit repair on the earliest date.
-- remedy.zh: 消除降级事由（缴清税款和罚款、纠正违法行为），在此期间做好从严查验和担保要求的准备，并在最早可申请之日向海关申请信用修复。
-- detail: the customs credit level recorded for {year} is {credit_level:customs_level}; {repair_en} [rule: {rule_en}]
-- detail.zh: 记录的{year}年度海关信用等级为{credit_level:customs_level}；{repair_zh}[依据：{rule_zh}]
-- subject.zh: {year}年海关信用等级
-- requires: customs
-- cap: D
-- version: GACC Order 251
-- basis: 海关总署令第251号 (GACC Order 251, customs enterprise credit management, in force 2021-11-01 until 2026-03-31): levels advanced certified enterprise (AEO), general, untrustworthy; credit repair after 1 year (smuggling) or 6 months
-- basis.zh: 海关总署令第251号（海关企业信用管理，2021-11-01施行，2026-03-31废止）：信用等级分为高级认证企业（AEO）、一般信用企业和失信企业；信用修复期限为1年（走私）或6个月
-- effective_from: 2021-11-01
-- effective_to: 2026-03-31
-- tags: customs, rating, blacklist, grade-cap
-- param.rule: GACC Order 251
-- param.rule_zh: 海关总署令第251号
-- param.repair: credit repair after 1 year (smuggling) or 6 months
-- param.repair_zh: 走私的1年后、其他情形6个月后可申请信用修复
-- version: GACC Order 282
-- basis: 海关总署令第282号 (GACC Order 282, in force 2026-04-01): five levels, advanced certified, certified, regular, untrustworthy, seriously untrustworthy (details unverified); repair conditions and periods unverified
-- basis.zh: 海关总署令第282号（2026-04-01施行）：五个等级，即高级认证企业、认证企业、一般信用企业、失信企业、严重失信企业（具体规定未经核实）；修复条件和期限未经核实
-- effective_from: 2026-04-01
-- tags: customs, rating, blacklist, grade-cap, unverified
-- param.rule: GACC Order 282
-- param.rule_zh: 海关总署令第282号
-- param.repair: repair conditions and periods unverified
-- param.repair_zh: 信用修复条件和期限未经核实
SELECT 'customs credit level ' || year AS subject,
       year,
       :repair AS repair_en, :repair_zh AS repair_zh, :rule AS rule_en, :rule_zh AS rule_zh,
       credit_level,
       src_file, src_line
FROM customs
WHERE credit_level IN ('untrustworthy', 'seriously_untrustworthy')
  AND year = (SELECT max(year) FROM customs
              WHERE credit_level IS NOT NULL AND year <= CAST(substr(:as_of, 1, 4) AS INTEGER));

-- check: CUS-002
-- area: customs
-- severity: high
-- title: Customs violation penalties in a year above 1/1000 of declared value and RMB 1 m
-- title.zh: 年度海关违规罚款超过上年进出口总值千分之一且超过100万元
-- remedy: Review the customs penalties of the year with a customs adviser, strengthen declaration controls, and prepare for a downgrade to untrustworthy.
-- remedy.zh: 与海关事务顾问复核当年海关行政处罚，加强申报内控，并为可能被降为失信企业做好准备。
-- detail: {penalties} customs violation {?_single:penalty}{!_single:penalties} in {year} total RMB {total_fen:yuan}, above RMB 1 m{!_has_declared:; the declared value for {_prev_year} is not recorded, so the 1/1000 test could not be made}{?_has_declared: and above 1/1000 of the {_prev_year} declared value (RMB {declared_value_fen:yuan})} [rule: {rule_en}]
-- detail.zh: {year}年海关违规行政处罚{penalties}宗，合计人民币{total_fen:yuan}元，超过100万元{!_has_declared:；{_prev_year}年进出口总值未记录，无法判断是否超过其千分之一}{?_has_declared:且超过{_prev_year}年进出口总值（人民币{declared_value_fen:yuan}元）的千分之一}[依据：{rule_zh}]
-- subject.zh: {year}年海关违规行政处罚
-- requires: penalties
-- optional: customs
-- version: GACC Order 251
-- basis: 海关总署令第251号 (GACC Order 251, customs enterprise credit management, in force 2021-11-01 until 2026-03-31): untrustworthy includes violation penalties in one year above 1/1000 of the previous year's declared import and export value and above RMB 1 m in total (for enterprises other than customs brokers). Calendar years are used; penalties whose description names smuggling are left to CUS-003; the company is assumed not to be a customs broker
-- basis.zh: 海关总署令第251号（海关企业信用管理，2021-11-01施行，2026-03-31废止）：失信企业情形包括一年内违规行政处罚金额超过上一年度进出口总值千分之一且累计超过100万元（报关企业以外的企业）。按自然年度计算；描述中涉及走私的处罚由CUS-003报告；假定企业不是报关企业
-- effective_from: 2021-11-01
-- effective_to: 2026-03-31
-- tags: customs, penalties, blacklist-risk
-- param.rule: GACC Order 251
-- param.rule_zh: 海关总署令第251号
-- version: GACC Order 282
-- basis: 海关总署令第282号 (GACC Order 282, in force 2026-04-01): whether this ground and its threshold (Order 251: violation penalties in one year above 1/1000 of the previous year's declared value and above RMB 1 m, non-brokers) continue is unverified, so the Order 251 test is applied as an indicator. Calendar years are used; penalties whose description names smuggling are left to CUS-003; the company is assumed not to be a customs broker
-- basis.zh: 海关总署令第282号（2026-04-01施行）：该情形及其标准（海关总署令第251号：一年内违规罚款超过上一年度进出口总值千分之一且超过100万元，非报关企业）是否继续适用未经核实，故按第251号令的标准作为参考指标。按自然年度计算；描述中涉及走私的处罚由CUS-003报告；假定企业不是报关企业
-- effective_from: 2026-04-01
-- tags: customs, penalties, blacklist-risk, unverified
-- param.rule: GACC Order 282
-- param.rule_zh: 海关总署令第282号
WITH y AS (
	SELECT CAST(substr(decided_on, 1, 4) AS INTEGER) AS year, sum(coalesce(amount, 0)) AS total,
	       count(*) AS n, min(src_file) AS src_file, min(src_line) AS src_line
	FROM penalties
	WHERE area = 'customs' AND decided_on <= :as_of
	  AND NOT (coalesce(description, '') REGEXP '走私|(?i:smuggl)')
	  AND CAST(substr(decided_on, 1, 4) AS INTEGER) >= CAST(substr(:as_of, 1, 4) AS INTEGER) - 1
	GROUP BY 1
)
SELECT 'customs violation penalties ' || y.year AS subject,
       y.year, y.n AS penalties,
       y.n = 1 AS _single, y.year - 1 AS _prev_year, c.declared_value IS NOT NULL AS _has_declared,
       :rule AS rule_en, :rule_zh AS rule_zh,
       y.total AS total_fen, c.declared_value AS declared_value_fen,
       y.src_file, y.src_line
FROM y
LEFT JOIN customs c ON c.year = y.year - 1
WHERE y.total > 100000000
  AND (c.declared_value IS NULL OR y.total * 1000 > c.declared_value);

-- check: CUS-003
-- area: customs
-- severity: high
-- title: Smuggling penalty recorded
-- title.zh: 存在走私行政处罚记录
-- remedy: Have a customs adviser assess the case and the credit level consequences; correct the conduct and apply for credit repair when allowed.
-- remedy.zh: 请海关事务顾问评估该案件及对信用等级的影响；纠正违法行为，并在可申请时申请信用修复。
-- detail: customs penalty {decision_no} of {decided_on} concerns smuggling{?_has_amount: (RMB {amount_fen:yuan})}; a smuggling penalty makes the company untrustworthy, repair from {due_date}{?_rule_unverified: ({rule_en} details unverified)} [rule: {rule_en}]
-- detail.zh: 海关行政处罚{decision_no}（{decided_on}）涉及走私{?_has_amount:（人民币{amount_fen:yuan}元）}；走私行政处罚使企业被认定为海关失信企业，可自{due_date}起申请信用修复{?_rule_unverified:（{rule_zh}的具体规定未经核实）}[依据：{rule_zh}]
-- requires: penalties
-- version: GACC Order 251
-- basis: 海关总署令第251号 (GACC Order 251, customs enterprise credit management, in force 2021-11-01 until 2026-03-31): untrustworthy includes a smuggling crime or smuggling penalty; credit repair after 1 year. Customs penalties whose description names smuggling, decided in the last 2 years, are reported
-- basis.zh: 海关总署令第251号（海关企业信用管理，2021-11-01施行，2026-03-31废止）：失信企业情形包括走私犯罪或走私行政处罚；1年后可申请信用修复。报告最近2年内描述涉及走私的海关行政处罚
-- effective_from: 2021-11-01
-- effective_to: 2026-03-31
-- tags: customs, penalties, blacklist-risk
-- param.rule: GACC Order 251
-- param.rule_zh: 海关总署令第251号
-- param.unverified: 0
-- version: GACC Order 282
-- basis: 海关总署令第282号 (GACC Order 282, in force 2026-04-01): whether a smuggling penalty still leads to the untrustworthy level, and the repair period, are unverified; the Order 251 rule (untrustworthy, repair after 1 year) is applied as an indicator. Customs penalties whose description names smuggling, decided in the last 2 years, are reported
-- basis.zh: 海关总署令第282号（2026-04-01施行）：走私行政处罚是否仍导致认定为失信企业及其修复期限未经核实；按第251号令的规则（失信企业，1年后可修复）作为参考指标。报告最近2年内描述涉及走私的海关行政处罚
-- effective_from: 2026-04-01
-- tags: customs, penalties, blacklist-risk, unverified
-- param.rule: GACC Order 282
-- param.rule_zh: 海关总署令第282号
-- param.unverified: 1
SELECT decision_no AS subject,
       decision_no, decided_on, amount AS amount_fen, amount IS NOT NULL AS _has_amount,
       CASE WHEN :unverified THEN 1 ELSE 0 END AS _rule_unverified,
       :rule AS rule_en, :rule_zh AS rule_zh,
       date_add_years(decided_on, 1) AS due_date,
       description,
       src_file, src_line
FROM penalties
WHERE area = 'customs'
  AND coalesce(description, '') REGEXP '走私|(?i:smuggl)'
  AND decided_on <= :as_of
  AND decided_on > date_add_years(:as_of, -2)
  AND (repaired_on IS NULL OR repaired_on > :as_of);

-- check: CUS-004
-- area: customs
-- severity: high
-- title: Customs duties unpaid after their due date (3 months makes the company untrustworthy)
-- title.zh: 海关税款逾期未缴（超过3个月将被认定为失信企业）
-- remedy: Pay the outstanding duties and late fees before the 3-month mark.
-- remedy.zh: 在逾期满3个月前缴清欠缴税款及滞纳金。
-- detail: RMB {unpaid_fen:yuan} of customs duties due on {duties_due_on|(due date not recorded)} are unpaid; unpaid more than 3 months after they were due, they are a ground of the untrustworthy level from {ground_from|(unknown)} [rule: {rule_en}]
-- detail.zh: 海关税款{unpaid_fen:yuan}元（缴款期限：{duties_due_on|未记录}）尚未缴纳；超过缴款期限3个月仍未缴纳的，自{ground_from|（无法确定）}起构成认定为失信企业的情形[依据：{rule_zh}]
-- subject.zh: {year}年海关税款
-- requires: customs
-- version: GACC Order 251
-- basis: 海关总署令第251号 (GACC Order 251, customs enterprise credit management, in force 2021-11-01 until 2026-03-31): untrustworthy includes taxes unpaid more than 3 months after they were due
-- basis.zh: 海关总署令第251号（海关企业信用管理，2021-11-01施行，2026-03-31废止）：失信企业情形包括税款超过规定期限3个月未缴纳
-- effective_from: 2021-11-01
-- effective_to: 2026-03-31
-- tags: customs, arrears, deadline, blacklist-risk
-- param.rule: GACC Order 251
-- param.rule_zh: 海关总署令第251号
-- version: GACC Order 282
-- basis: 海关总署令第282号 (GACC Order 282, in force 2026-04-01): whether taxes unpaid more than 3 months after they were due remain a ground (Order 251) is unverified; the Order 251 test is applied as an indicator
-- basis.zh: 海关总署令第282号（2026-04-01施行）：税款超过规定期限3个月未缴纳是否仍为认定情形（第251号令）未经核实；按第251号令的标准作为参考指标
-- effective_from: 2026-04-01
-- tags: customs, arrears, deadline, blacklist-risk, unverified
-- param.rule: GACC Order 282
-- param.rule_zh: 海关总署令第282号
SELECT 'customs duties ' || year AS subject,
       year, date_add_months(duties_due_on, 3) AS ground_from, :rule AS rule_en, :rule_zh AS rule_zh,
       date_add_months(duties_due_on, 3) AS due_date,
       unpaid_duties AS unpaid_fen, duties_due_on,
       src_file, src_line
FROM customs
WHERE unpaid_duties > 0
  AND (duties_due_on IS NULL OR duties_due_on < :as_of);
