-- Taxes. Rule versions: the SAT 2014 No. 40 family (with 2018 No. 8 and 2020 No. 15)
-- until 2025-06-30 and SAT 2025 No. 12 from 2025-07-01; each finding's detail names
-- the rule version that produced it in square brackets.

-- The grounds of the major tax violation list TAX-008 recognises in a tax penalty (SAT Order 54).
-- phrase: tax_violation_ground.export_rebate = export-rebate fraud (any amount)
-- phrase.zh: tax_violation_ground.export_rebate = 骗取出口退税（不论金额）
-- phrase: tax_violation_ground.violent_refusal = violent refusal (any amount)
-- phrase.zh: tax_violation_ground.violent_refusal = 抗税（不论金额）
-- phrase: tax_violation_ground.false_special_invoices = false VAT special invoices (any amount)
-- phrase.zh: tax_violation_ground.false_special_invoices = 虚开增值税专用发票（不论金额）
-- phrase: tax_violation_ground.absconding = absconding (any amount)
-- phrase.zh: tax_violation_ground.absconding = 走逃（失联）（不论金额）
-- phrase: tax_violation_ground.false_ordinary_invoices = false ordinary invoices, amount RMB 4 m or more (penalty amount as proxy)
-- phrase.zh: tax_violation_ground.false_ordinary_invoices = 虚开普通发票金额400万元以上（以罚款金额近似）
-- phrase: tax_violation_ground.hiding_assets = hiding assets to avoid arrears of RMB 1 m or more (penalty amount as proxy)
-- phrase.zh: tax_violation_ground.hiding_assets = 转移、隐匿财产致使不能追缴欠缴税款100万元以上（以罚款金额近似）
-- phrase: tax_violation_ground.evasion = evasion of RMB 1 m or more and 10 % of the year's tax due (penalty amount as proxy)
-- phrase.zh: tax_violation_ground.evasion = 偷税100万元以上且占当年应纳税额10%以上（以罚款金额近似）

-- The condition that bars an A rating this year (TAX-007), with the columns of its row.
-- phrase: a_rating_bar.young = established on {established_on}, under 3 years before {as_of}
-- phrase.zh: a_rating_bar.young = 成立于{established_on}，至{as_of}经营不满3年
-- phrase: a_rating_bar.rated_d = the rating for {rated_year} is D, so {year} cannot be rated A
-- phrase.zh: a_rating_bar.rated_d = {rated_year}年度评为D级，{year}年度不得评为A级
-- phrase: a_rating_bar.direct_d = rated D directly for {rated_year}; {year} is the third year and cannot be rated A
-- phrase.zh: a_rating_bar.direct_d = {rated_year}年度被直接判为D级；{year}年度为第三年，不得评为A级
-- phrase: a_rating_bar.zero_returns = {zero_months} month(s) of zero or negative returns in {year}
-- phrase.zh: a_rating_bar.zero_returns = {year}年有{zero_months}个月零申报或负申报
-- A list the query joins with ',' (group_concat), shown item by item: joined with ', ' in
-- English and '、' in Chinese (its one entry words the value 'none').
-- phrase: item_list.none = none
-- phrase.zh: item_list.none = 无

-- check: TAX-001
-- area: tax
-- severity: high
-- title: Tax return not filed by its due date
-- title.zh: 纳税申报逾期未申报
-- remedy: File the overdue return and pay the tax and late fees now; agree with the tax bureau how to close the record.
-- remedy.zh: 立即补办纳税申报并缴纳税款及滞纳金；与主管税务机关沟通处理记录。
-- detail: {tax_type} for {period_start|?}..{period_end|?} was due on {due_on} and is not recorded as filed by {as_of} [rule: {rule_en}]
-- detail.zh: {tax_type}（所属期{period_start|?}至{period_end|?}）应于{due_on}申报，截至{as_of}未记录申报[依据：{rule_zh}]
-- subject.zh: {tax_type}（所属期{period_start|不详}至{period_end|不详}，申报期限{due_on|不详}）
-- requires: tax_filings
-- tags: tax, deadline
-- version: SAT 2014 No. 40
-- basis: 国家税务总局公告2014年第40号 (SAT Announcement 2014 No. 40, tax credit management) with 2018年第8号 (2018 No. 8, M level) and 2020年第15号 (2020 No. 15), in force until 2025-06-30: taxes paid on time are a rating input (seed documents); tax, late fees or fines unpaid after the deadline are a direct-D trigger
-- basis.zh: 国家税务总局公告2014年第40号（纳税信用管理，2025-06-30前施行），及2018年第8号（M级）、2020年第15号：按时纳税是评价要素（种子文献）；逾期未缴纳税款、滞纳金或罚款是直接判为D级的情形
-- effective_to: 2025-06-30
-- param.rule: SAT 2014 No. 40
-- param.rule_zh: 国家税务总局公告2014年第40号
-- version: SAT 2025 No. 12
-- basis: 纳税缴费信用管理办法 (Tax and Fee Payment Credit Management Measures), 国家税务总局公告2025年第12号 (SAT Announcement 2025 No. 12), in force 2025-07-01, yearly evaluation of the calendar year: taxes paid on time are a rating input (seed documents); tax, late fees or fines unpaid after the deadline are a direct-D trigger
-- basis.zh: 《纳税缴费信用管理办法》（国家税务总局公告2025年第12号，2025-07-01施行，按自然年度评价）：按时纳税是评价要素（种子文献）；逾期未缴纳税款、滞纳金或罚款是直接判为D级的情形
-- effective_from: 2025-07-01
-- param.rule: SAT 2025 No. 12
-- param.rule_zh: 国家税务总局公告2025年第12号
SELECT tax_type || ' ' || coalesce(period_start || '..' || period_end, 'due ' || due_on) AS subject,
       tax_type, period_start, period_end, due_on, :as_of AS as_of, :rule AS rule_en, :rule_zh AS rule_zh,
       due_on AS due_date,
       src_file, src_line
FROM tax_filings
WHERE due_on < :as_of
  AND (filed_on IS NULL OR filed_on > :as_of);

-- check: TAX-002
-- area: tax
-- severity: medium
-- title: Tax filed or paid after its due date
-- title.zh: 纳税申报或缴款晚于期限
-- remedy: Find out why the deadline was missed and fix the filing calendar; check that the late fees were paid.
-- remedy.zh: 查明逾期原因并完善申报日历；核实滞纳金已缴纳。
-- detail: {tax_type} for {period_start|?}..{period_end|?} was due on {due_on}; filed on {filed_on|(not recorded)} ({days_filed_late} days late); paid on {paid_on|(not recorded)} ({days_paid_late} days late) [rule: {rule_en}]
-- detail.zh: {tax_type}（所属期{period_start|?}至{period_end|?}）应于{due_on}申报缴纳；申报日期{filed_on|未记录}（逾期{days_filed_late}天）；缴款日期{paid_on|未记录}（逾期{days_paid_late}天）[依据：{rule_zh}]
-- subject.zh: {tax_type}（所属期{period_start|不详}至{period_end|不详}，申报期限{due_on|不详}）
-- requires: tax_filings
-- tags: tax
-- version: SAT 2014 No. 40
-- basis: 国家税务总局公告2014年第40号 (SAT Announcement 2014 No. 40, tax credit management) with 2018年第8号 (2018 No. 8, M level) and 2020年第15号 (2020 No. 15), in force until 2025-06-30: taxes paid on time are a rating input of the yearly evaluation (seed documents). The current and the previous evaluation years are checked
-- basis.zh: 国家税务总局公告2014年第40号（纳税信用管理，2025-06-30前施行），及2018年第8号（M级）、2020年第15号：按时纳税是年度评价的要素（种子文献）。检查本评价年度和上一评价年度
-- effective_to: 2025-06-30
-- param.rule: SAT 2014 No. 40
-- param.rule_zh: 国家税务总局公告2014年第40号
-- version: SAT 2025 No. 12
-- basis: 纳税缴费信用管理办法 (Tax and Fee Payment Credit Management Measures), 国家税务总局公告2025年第12号 (SAT Announcement 2025 No. 12), in force 2025-07-01, yearly evaluation of the calendar year: taxes paid on time are a rating input of the yearly evaluation (seed documents). The current and the previous evaluation years are checked
-- basis.zh: 《纳税缴费信用管理办法》（国家税务总局公告2025年第12号，2025-07-01施行，按自然年度评价）：按时纳税是年度评价的要素（种子文献）。检查本评价年度和上一评价年度
-- effective_from: 2025-07-01
-- param.rule: SAT 2025 No. 12
-- param.rule_zh: 国家税务总局公告2025年第12号
SELECT tax_type || ' ' || coalesce(period_start || '..' || period_end, 'due ' || due_on) AS subject,
       tax_type, period_start, period_end, due_on, filed_on,
       CASE WHEN paid_on <= :as_of THEN paid_on END AS paid_on,
       CASE WHEN filed_on > due_on THEN days_between(due_on, filed_on) ELSE 0 END AS days_filed_late,
       CASE WHEN paid_on > due_on AND paid_on <= :as_of THEN days_between(due_on, paid_on) ELSE 0 END AS days_paid_late,
       :rule AS rule_en, :rule_zh AS rule_zh,
       src_file, src_line
FROM tax_filings
WHERE due_on >= (CAST(substr(:as_of, 1, 4) AS INTEGER) - 1) || '-01-01'
  AND due_on < :as_of
  AND ((filed_on > due_on AND filed_on <= :as_of) OR (paid_on > due_on AND paid_on <= :as_of));

-- check: TAX-003
-- area: tax
-- severity: high
-- title: Tax arrears outstanding
-- title.zh: 存在欠缴税款
-- remedy: Pay the outstanding tax and late fees now, or agree a deferral with the tax bureau in writing before it sets a deadline.
-- remedy.zh: 立即缴清欠缴税款及滞纳金，或在税务机关责令限期缴纳前以书面形式办理延期缴纳。
-- detail: RMB {owed_fen:yuan} of {tax_type} due on {due_on} is unpaid [rule: {rule_en}]
-- detail.zh: {tax_type}应于{due_on}缴纳，尚欠{owed_fen:yuan}元[依据：{rule_zh}]
-- subject.zh: {tax_type}（所属期{period_start|不详}至{period_end|不详}，申报期限{due_on|不详}）
-- requires: tax_filings
-- tags: tax, arrears, deadline
-- version: SAT 2014 No. 40
-- basis: 国家税务总局公告2014年第40号 (SAT Announcement 2014 No. 40, tax credit management) with 2018年第8号 (2018 No. 8, M level) and 2020年第15号 (2020 No. 15), in force until 2025-06-30: tax, late fees or fines unpaid after the deadline are a direct-D trigger; taxes paid on time are a rating input (seed documents); hiding assets to avoid arrears of RMB 1 m or more is a ground of the major tax violation list (国家税务总局令第54号 SAT Order 54)
-- basis.zh: 国家税务总局公告2014年第40号（纳税信用管理，2025-06-30前施行），及2018年第8号（M级）、2020年第15号：逾期未缴纳税款、滞纳金或罚款是直接判为D级的情形；按时纳税是评价要素（种子文献）；转移、隐匿财产致使不能追缴欠缴税款100万元以上是重大税收违法失信主体的认定情形（国家税务总局令第54号）
-- effective_to: 2025-06-30
-- param.rule: SAT 2014 No. 40
-- param.rule_zh: 国家税务总局公告2014年第40号
-- version: SAT 2025 No. 12
-- basis: 纳税缴费信用管理办法 (Tax and Fee Payment Credit Management Measures), 国家税务总局公告2025年第12号 (SAT Announcement 2025 No. 12), in force 2025-07-01, yearly evaluation of the calendar year: tax, late fees or fines unpaid after the deadline are a direct-D trigger; taxes paid on time are a rating input (seed documents); hiding assets to avoid arrears of RMB 1 m or more is a ground of the major tax violation list (国家税务总局令第54号 SAT Order 54)
-- basis.zh: 《纳税缴费信用管理办法》（国家税务总局公告2025年第12号，2025-07-01施行，按自然年度评价）：逾期未缴纳税款、滞纳金或罚款是直接判为D级的情形；按时纳税是评价要素（种子文献）；转移、隐匿财产致使不能追缴欠缴税款100万元以上是重大税收违法失信主体的认定情形（国家税务总局令第54号）
-- effective_from: 2025-07-01
-- param.rule: SAT 2025 No. 12
-- param.rule_zh: 国家税务总局公告2025年第12号
WITH t AS (
	SELECT tax_type, period_start, period_end, due_on, src_file, src_line, coalesce(tax_due, 0)
	          - CASE WHEN paid_on IS NULL OR paid_on <= :as_of THEN coalesce(tax_paid, 0) ELSE 0 END AS owed
	FROM tax_filings
	WHERE due_on < :as_of
)
SELECT tax_type || ' ' || coalesce(period_start || '..' || period_end, 'due ' || due_on) AS subject,
       tax_type, period_start, period_end, due_on, :rule AS rule_en, :rule_zh AS rule_zh,
       due_on AS due_date,
       owed AS owed_fen,
       src_file, src_line
FROM t
WHERE owed > 0;

-- check: TAX-004
-- area: tax
-- severity: critical
-- title: Tax credit rating D
-- title.zh: 纳税信用级别为D级
-- detail: the tax credit rating for {year} is D{?assigned_directly: (assigned directly{?reason:: {reason}}); kept for {year} and {_next_year}, and {_third_year} cannot be rated A}{!assigned_directly:{?reason: ({reason})}}; expect publication, invoice rationing and key monitoring [rule: {rule_en}]
-- detail.zh: {year}年度纳税信用级别为D级{?assigned_directly:（直接判为D级{?reason:：{reason}}）；{year}年度和{_next_year}年度保留D级，{_third_year}年度不得评为A级}{!assigned_directly:{?reason:（{reason}）}}；预计将被公开、限量供应发票并被列为重点监控对象[依据：{rule_zh}]
-- subject.zh: {year}年度纳税信用等级
-- remedy: Remove the cause of the D (pay arrears, correct filings), ask the tax bureau about credit repair, and plan for invoice rationing and closer review of export rebates meanwhile.
-- remedy.zh: 消除被评为D级的原因（缴清欠税、更正申报），向税务机关咨询纳税信用修复，并提前应对发票领用限制和出口退税从严审核。
-- requires: tax_ratings
-- tags: tax, rating
-- version: SAT 2014 No. 40
-- basis: 国家税务总局公告2014年第40号 (SAT Announcement 2014 No. 40, tax credit management) with 2018年第8号 (2018 No. 8, M level) and 2020年第15号 (2020 No. 15), in force until 2025-06-30: level D (< 40 points or assigned directly); A direct D is kept 2 years and the third year cannot be A (SAT Announcement 2020 No. 15); consequences of D: publication, invoice rationing, stricter export-rebate review, key monitoring, notification to procurement, land and bidding bodies
-- basis.zh: 国家税务总局公告2014年第40号（纳税信用管理，2025-06-30前施行），及2018年第8号（M级）、2020年第15号：D级（低于40分或直接判级）；直接判为D级的保留2年，第三年不得评为A级（国家税务总局公告2020年第15号）；D级的后果：公开、限量供应发票、从严审核出口退税、列为重点监控对象、通报政府采购、土地和招投标等部门
-- effective_to: 2025-06-30
-- param.rule: SAT 2014 No. 40
-- param.rule_zh: 国家税务总局公告2014年第40号
-- version: SAT 2025 No. 12
-- basis: 纳税缴费信用管理办法 (Tax and Fee Payment Credit Management Measures), 国家税务总局公告2025年第12号 (SAT Announcement 2025 No. 12), in force 2025-07-01, yearly evaluation of the calendar year: level D (< 40 points or assigned directly); the rule that a direct D is kept 2 years and the third year cannot be A comes from SAT Announcement 2020 No. 15; whether SAT 2025 No. 12 keeps it is unverified; consequences of D: publication, invoice rationing, stricter export-rebate review, key monitoring, notification to procurement, land and bidding bodies
-- basis.zh: 《纳税缴费信用管理办法》（国家税务总局公告2025年第12号，2025-07-01施行，按自然年度评价）：D级（低于40分或直接判级）；直接判为D级的保留2年、第三年不得评为A级的规则来自国家税务总局公告2020年第15号，2025年第12号公告是否保留未经核实；D级的后果：公开、限量供应发票、从严审核出口退税、列为重点监控对象、通报政府采购、土地和招投标等部门
-- effective_from: 2025-07-01
-- param.rule: SAT 2025 No. 12
-- param.rule_zh: 国家税务总局公告2025年第12号
SELECT 'tax credit rating ' || year AS subject,
       year, year + 1 AS _next_year, year + 2 AS _third_year, reason,
       direct_d = 1 AS assigned_directly,
       :rule AS rule_en, :rule_zh AS rule_zh,
       direct_d,
       src_file, src_line
FROM tax_ratings
WHERE rating = 'D'
  AND year = (SELECT max(year) FROM tax_ratings WHERE year < CAST(substr(:as_of, 1, 4) AS INTEGER));

-- check: TAX-005
-- area: tax
-- severity: medium
-- title: Tax credit rating C
-- title.zh: 纳税信用级别为C级
-- remedy: Find the deductions behind the score with the tax bureau and correct them (late filings, arrears, unreported changes) before the next yearly evaluation.
-- remedy.zh: 与税务机关核对扣分项目（逾期申报、欠税、未报告事项等），在下一次年度评价前予以纠正。
-- detail: the tax credit rating for {year} is C{?reason: ({reason})} [rule: {rule_en}]
-- detail.zh: {year}年度纳税信用级别为C级{?reason:（{reason}）}[依据：{rule_zh}]
-- subject.zh: {year}年度纳税信用等级
-- requires: tax_ratings
-- tags: tax, rating
-- version: SAT 2014 No. 40
-- basis: 国家税务总局公告2014年第40号 (SAT Announcement 2014 No. 40, tax credit management) with 2018年第8号 (2018 No. 8, M level) and 2020年第15号 (2020 No. 15), in force until 2025-06-30: level C is 40 to under 70 points
-- basis.zh: 国家税务总局公告2014年第40号（纳税信用管理，2025-06-30前施行），及2018年第8号（M级）、2020年第15号：C级为40分以上不满70分
-- effective_to: 2025-06-30
-- param.rule: SAT 2014 No. 40
-- param.rule_zh: 国家税务总局公告2014年第40号
-- version: SAT 2025 No. 12
-- basis: 纳税缴费信用管理办法 (Tax and Fee Payment Credit Management Measures), 国家税务总局公告2025年第12号 (SAT Announcement 2025 No. 12), in force 2025-07-01, yearly evaluation of the calendar year: level C is 40 to under 70 points
-- basis.zh: 《纳税缴费信用管理办法》（国家税务总局公告2025年第12号，2025-07-01施行，按自然年度评价）：C级为40分以上不满70分
-- effective_from: 2025-07-01
-- param.rule: SAT 2025 No. 12
-- param.rule_zh: 国家税务总局公告2025年第12号
SELECT 'tax credit rating ' || year AS subject,
       year, reason,
       :rule AS rule_en, :rule_zh AS rule_zh,
       src_file, src_line
FROM tax_ratings
WHERE rating = 'C'
  AND year = (SELECT max(year) FROM tax_ratings WHERE year < CAST(substr(:as_of, 1, 4) AS INTEGER));

-- check: TAX-006
-- area: tax
-- severity: medium
-- title: Tax credit rating for the last evaluation year not recorded
-- title.zh: 未记录最近评价年度的纳税信用级别
-- remedy: Look up the tax credit rating in the electronic tax bureau and record it; if none was given, ask the tax bureau why.
-- remedy.zh: 在电子税务局查询纳税信用级别并记录；如未获评价，请向税务机关了解原因。
-- detail: no tax credit rating is recorded for {year} (or later) [rule: {rule_en}]
-- detail.zh: 未记录{year}年度（或以后年度）的纳税信用级别[依据：{rule_zh}]
-- subject.zh: {year}年度纳税信用等级
-- requires: entity
-- optional: tax_ratings
-- tags: tax, rating, data-quality
-- version: SAT 2014 No. 40
-- basis: 国家税务总局公告2014年第40号 (SAT Announcement 2014 No. 40, tax credit management) with 2018年第8号 (2018 No. 8, M level) and 2020年第15号 (2020 No. 15), in force until 2025-06-30: yearly evaluation of the calendar year, results published around April (stated in the criteria reference for the 2025 rule; assumed for this rule, unverified); the check expects the previous year's rating from 1 May (a tool margin) for enterprises established before that year; new or no-revenue enterprises are rated M
-- basis.zh: 国家税务总局公告2014年第40号（纳税信用管理，2025-06-30前施行），及2018年第8号（M级）、2020年第15号：按自然年度评价，评价结果约于4月公布（规则依据参考就2025年规则作此说明；本规则照此推定，未经核实）；对上一年度前设立的企业，自5月1日起（工具预留）应有上一年度评价结果；新设立或无收入的企业评为M级
-- effective_to: 2025-06-30
-- param.rule: SAT 2014 No. 40
-- param.rule_zh: 国家税务总局公告2014年第40号
-- version: SAT 2025 No. 12
-- basis: 纳税缴费信用管理办法 (Tax and Fee Payment Credit Management Measures), 国家税务总局公告2025年第12号 (SAT Announcement 2025 No. 12), in force 2025-07-01, yearly evaluation of the calendar year: yearly evaluation of the calendar year, results published around April; the check expects the previous year's rating from 1 May (a tool margin) for enterprises established before that year; new or no-revenue enterprises are rated M
-- basis.zh: 《纳税缴费信用管理办法》（国家税务总局公告2025年第12号，2025-07-01施行，按自然年度评价）：按自然年度评价，评价结果约于4月公布；对上一年度前设立的企业，自5月1日起（工具预留）应有上一年度评价结果；新设立或无收入的企业评为M级
-- effective_from: 2025-07-01
-- param.rule: SAT 2025 No. 12
-- param.rule_zh: 国家税务总局公告2025年第12号
WITH y AS (
	SELECT CAST(substr(:as_of, 1, 4) AS INTEGER)
	       - CASE WHEN substr(:as_of, 6, 5) >= '05-01' THEN 1 ELSE 2 END AS year
)
SELECT 'tax credit rating ' || y.year AS subject,
       y.year, :rule AS rule_en, :rule_zh AS rule_zh,
       e.src_file, e.src_line
FROM entity e, y
WHERE coalesce(e.established_on, '0000') < y.year || '-01-01'
  AND NOT EXISTS (SELECT 1 FROM tax_ratings r WHERE r.year >= y.year);

-- check: TAX-007
-- area: tax
-- severity: low
-- title: A condition bars an A tax credit rating this year
-- title.zh: 存在本年度不得评为A级的情形
-- detail: {_bar:a_rating_bar}{?months: ({months:item_list}); 3 consecutive or 6 in total bar an A unless there is a justified cause} [rule: {rule_en}]
-- detail.zh: {_bar:a_rating_bar}{?months:（{months:item_list}）；无正当理由连续3个月或累计6个月零申报、负申报的，不得评为A级}[依据：{rule_zh}]
-- subject.zh: 不得评为A级：{_bar:a_rating_bar}{?months:（{months:item_list}）；无正当理由连续3个月或累计6个月零申报、负申报的，不得评为A级}
-- remedy: Note that the current year's rating cannot be A; where zero or negative returns have a justified cause, keep the evidence for the tax bureau.
-- remedy.zh: 知悉本年度纳税信用不能评为A级；如零申报或负申报有正当理由，请保存相关证明材料以备税务机关核实。
-- requires: entity, tax_filings, tax_ratings
-- tags: tax, rating
-- version: SAT 2014 No. 40
-- basis: 国家税务总局公告2014年第40号 (SAT Announcement 2014 No. 40, tax credit management) with 2018年第8号 (2018 No. 8, M level) and 2020年第15号 (2020 No. 15), in force until 2025-06-30: cannot be rated A (conditions of the 2014 rule (art. 19)): in operation under 3 years; rated D the year before; 3 consecutive or 6 cumulative months of zero or negative returns without cause; improper bookkeeping (not in the records, not checked); A direct D is kept 2 years and the third year cannot be A (SAT Announcement 2020 No. 15)
-- basis.zh: 国家税务总局公告2014年第40号（纳税信用管理，2025-06-30前施行），及2018年第8号（M级）、2020年第15号：不得评为A级的情形（2014年规则第19条）：经营不满3年；上一年度评为D级；无正当理由连续3个月或累计6个月零申报、负申报；不能正确核算（记录中没有，不检查）；直接判为D级的保留2年，第三年不得评为A级（国家税务总局公告2020年第15号）
-- effective_to: 2025-06-30
-- param.rule: SAT 2014 No. 40
-- param.rule_zh: 国家税务总局公告2014年第40号
-- version: SAT 2025 No. 12
-- basis: 纳税缴费信用管理办法 (Tax and Fee Payment Credit Management Measures), 国家税务总局公告2025年第12号 (SAT Announcement 2025 No. 12), in force 2025-07-01, yearly evaluation of the calendar year: cannot be rated A (conditions listed in art. 19 of the 2014 rule, carried over; whether SAT 2025 No. 12 keeps each one is unverified): in operation under 3 years; rated D the year before; 3 consecutive or 6 cumulative months of zero or negative returns without cause; improper bookkeeping (not in the records, not checked); the rule that a direct D is kept 2 years and the third year cannot be A comes from SAT Announcement 2020 No. 15; whether SAT 2025 No. 12 keeps it is unverified
-- basis.zh: 《纳税缴费信用管理办法》（国家税务总局公告2025年第12号，2025-07-01施行，按自然年度评价）：不得评为A级的情形（沿用2014年规则第19条所列情形；2025年第12号公告是否逐项保留未经核实）：经营不满3年；上一年度评为D级；无正当理由连续3个月或累计6个月零申报、负申报；不能正确核算（记录中没有，不检查）；直接判为D级的保留2年、第三年不得评为A级的规则来自国家税务总局公告2020年第15号，2025年第12号公告是否保留未经核实
-- effective_from: 2025-07-01
-- param.rule: SAT 2025 No. 12
-- param.rule_zh: 国家税务总局公告2025年第12号
WITH ey AS (SELECT CAST(substr(:as_of, 1, 4) AS INTEGER) AS year),
m AS (
	SELECT substr(period_end, 1, 7) AS month, sum(coalesce(tax_due, 0)) AS due,
	       min(src_file) AS src_file, min(src_line) AS src_line
	FROM tax_filings, ey
	WHERE CAST(substr(period_end, 1, 4) AS INTEGER) = ey.year AND period_end <= :as_of
	GROUP BY 1
),
z AS NOT MATERIALIZED (SELECT month, src_file, src_line FROM m WHERE due <= 0)
SELECT 'A rating barred: in operation under 3 years' AS subject,
       'young' AS _bar, established_on, :as_of AS as_of, NULL AS rated_year, NULL AS year,
       NULL AS zero_months, NULL AS months,
       :rule AS rule_en, :rule_zh AS rule_zh,
       src_file, src_line
FROM entity
WHERE established_on > date_add_years(:as_of, -3)
UNION ALL
SELECT 'A rating barred: ' || CASE WHEN r.year = ey.year - 1 THEN 'rated D' ELSE 'direct D' END || ' for ' || r.year,
       CASE WHEN r.year = ey.year - 1 THEN 'rated_d' ELSE 'direct_d' END, NULL, NULL, r.year, ey.year, NULL, NULL,
       :rule, :rule_zh,
       r.src_file, r.src_line
FROM tax_ratings r, ey
WHERE r.rating = 'D' AND (r.year = ey.year - 1 OR (r.direct_d = 1 AND r.year = ey.year - 2))
UNION ALL
SELECT 'A rating barred: zero or negative returns in ' || ey.year,
       'zero_returns', NULL, NULL, NULL, ey.year, (SELECT count(*) FROM z),
       (SELECT group_concat(month, ',') FROM (SELECT month FROM z ORDER BY month)),
       :rule, :rule_zh,
       (SELECT min(src_file) FROM z), (SELECT min(src_line) FROM z)
FROM ey
WHERE (SELECT count(*) FROM z) >= 6
   OR EXISTS (SELECT 1 FROM z a
              JOIN z b ON b.month = substr(date_add_months(a.month || '-01', 1), 1, 7)
              JOIN z c ON c.month = substr(date_add_months(a.month || '-01', 2), 1, 7));

-- check: TAX-008
-- area: tax
-- severity: high
-- title: A recorded tax penalty reaches a major tax violation threshold
-- title.zh: 税务行政处罚达到重大税收违法失信主体标准
-- detail: tax penalty {decision_no} of {decided_on}{?_has_amount: (RMB {amount_fen:yuan})} matches the major tax violation ground: {ground:tax_violation_ground}; verify the facts
-- detail.zh: 税务行政处罚{decision_no}（{decided_on}）{?_has_amount:（人民币{amount_fen:yuan}元）}符合重大税收违法失信主体的认定情形：{ground:tax_violation_ground}；请核实相关事实
-- basis: 重大税收违法失信主体 (major tax violation list), 国家税务总局令第54号 (SAT Order 54, in force 2022-02-01): evasion of RMB 1 m or more and 10 % or more of that year's tax due; hiding assets to avoid arrears of RMB 1 m or more; any export-rebate fraud; violent refusal; false VAT special invoices; false ordinary invoices (100 or more invoices or RMB 4 m or more); absconding. The records hold the penalty amount, not the evaded tax or the invoice count, so the amount thresholds are applied to the penalty amount as a proxy and the finding asks for verification; 3-year publication period unverified
-- basis.zh: 重大税收违法失信主体，国家税务总局令第54号（2022-02-01施行）：偷税100万元以上且占当年应纳税额10%以上；转移、隐匿财产致使不能追缴欠缴税款100万元以上；骗取出口退税（不论金额）；抗税；虚开增值税专用发票；虚开普通发票（100份以上或金额400万元以上）；走逃（失联）。记录中只有罚款金额，没有偷逃税额或发票份数，故以罚款金额近似适用金额标准，并请核实；3年公布期限未经核实
-- remedy: Have a tax adviser establish whether the case meets the listing standard; pay tax, late fees and fines in full and prepare for publication and a D rating if it does.
-- remedy.zh: 请税务顾问核实该案件是否达到重大税收违法失信主体标准；如达到，请足额缴纳税款、滞纳金和罚款，并为被公布及纳税信用D级做好准备。
-- requires: penalties, tax_filings
-- tags: tax, penalties, blacklist-risk
WITH p AS (
	SELECT decision_no, decided_on, amount, description, src_file, src_line,
	       CASE WHEN coalesce(description, '') REGEXP '出口退税|(?i:export[- ]?(tax )?rebate)' THEN 'export_rebate'
	            WHEN coalesce(description, '') REGEXP '抗税|(?i:violent)' THEN 'violent_refusal'
	            WHEN coalesce(description, '') REGEXP '虚开增值税专用发票|虚开专用发票|(?i:false (vat )?special invoice)' THEN 'false_special_invoices'
	            WHEN coalesce(description, '') REGEXP '走逃|失联|(?i:abscond)' THEN 'absconding'
	            WHEN coalesce(description, '') REGEXP '虚开|(?i:false (ordinary )?invoice)'
	                 AND coalesce(amount, 0) >= 400000000 THEN 'false_ordinary_invoices'
	            WHEN coalesce(description, '') REGEXP '转移|隐匿|(?i:hid(e|ing) assets)'
	                 AND coalesce(amount, 0) >= 100000000 THEN 'hiding_assets'
	            WHEN coalesce(description, '') REGEXP '偷税|逃税|逃避缴纳|(?i:evasion|evade)'
	                 AND coalesce(amount, 0) >= 100000000
	                 AND amount * 10 >= coalesce((SELECT sum(f.tax_due) FROM tax_filings f
	                                              WHERE substr(f.due_on, 1, 4) = substr(penalties.decided_on, 1, 4)), 0)
	                 THEN 'evasion'
	       END AS ground
	FROM penalties
	WHERE area = 'tax' AND decided_on <= :as_of
)
SELECT decision_no AS subject,
       decision_no, decided_on, amount AS amount_fen, amount IS NOT NULL AS _has_amount,
       ground, description,
       src_file, src_line
FROM p
WHERE ground IS NOT NULL;
