-- Positive signals (severity info): they belong in the report too. POS-001 and
-- POS-002 have a version for each tax and customs credit rule period.

-- The certified customs credit levels (POS-002).
-- phrase: customs_certified_level.advanced_certified = advanced certified
-- phrase.zh: customs_certified_level.advanced_certified = 高级认证企业
-- phrase: customs_certified_level.certified = certified
-- phrase.zh: customs_certified_level.certified = 认证企业

-- check: POS-001
-- area: positive
-- severity: info
-- title: Tax credit rating A (positive signal)
-- title.zh: 纳税信用级别为A级（正面信息）
-- remedy: Keep the filing and payment record clean to hold the A rating; cite it in tenders and with partners.
-- remedy.zh: 保持按期申报缴税以维持A级；可在投标及与合作方往来中使用该评级。
-- detail: the tax credit rating for {year} is A [rule: {rule_en}]
-- detail.zh: {year}年度纳税信用级别为A级[依据：{rule_zh}]
-- subject.zh: {year}年度纳税信用等级
-- requires: tax_ratings
-- tags: positive, tax, rating
-- version: SAT 2014 No. 40
-- basis: 国家税务总局公告2014年第40号 (SAT Announcement 2014 No. 40, tax credit management) with 2018年第8号 and 2020年第15号, in force until 2025-06-30: level A is 90 points or more
-- basis.zh: 国家税务总局公告2014年第40号（纳税信用管理，2025-06-30前施行），及2018年第8号（M级）、2020年第15号：A级为90分以上
-- effective_to: 2025-06-30
-- param.rule: SAT 2014 No. 40
-- param.rule_zh: 国家税务总局公告2014年第40号
-- version: SAT 2025 No. 12
-- basis: 纳税缴费信用管理办法 (Tax and Fee Payment Credit Management Measures), 国家税务总局公告2025年第12号 (SAT Announcement 2025 No. 12), in force 2025-07-01: level A is 90 points or more
-- basis.zh: 《纳税缴费信用管理办法》（国家税务总局公告2025年第12号，2025-07-01施行，按自然年度评价）：A级为90分以上
-- effective_from: 2025-07-01
-- param.rule: SAT 2025 No. 12
-- param.rule_zh: 国家税务总局公告2025年第12号
SELECT 'tax credit rating ' || year AS subject,
       year, :rule AS rule_en, :rule_zh AS rule_zh,
       src_file, src_line
FROM tax_ratings
WHERE rating = 'A'
  AND year = (SELECT max(year) FROM tax_ratings WHERE year < CAST(substr(:as_of, 1, 4) AS INTEGER));

-- check: POS-002
-- area: positive
-- severity: info
-- title: Customs certified enterprise (AEO) (positive signal)
-- title.zh: 海关认证企业（AEO）（正面信息）
-- remedy: Keep the customs compliance record that the certification requires; use it in customs procedures and with partners.
-- remedy.zh: 保持认证所需的海关合规记录；在通关及与合作方往来中用好该认证。
-- detail: the customs credit level recorded for {year} is {credit_level:customs_certified_level} [rule: {rule_en}]
-- detail.zh: 记录的{year}年度海关信用等级为{credit_level:customs_certified_level}[依据：{rule_zh}]
-- subject.zh: {year}年海关信用等级
-- requires: customs
-- tags: positive, customs, rating
-- version: GACC Order 251
-- basis: 海关总署令第251号 (GACC Order 251, in force 2021-11-01 until 2026-03-31): levels advanced certified enterprise (AEO), general, untrustworthy
-- basis.zh: 海关总署令第251号（海关企业信用管理，2021-11-01施行，2026-03-31废止）：信用等级分为高级认证企业（AEO）、一般信用企业和失信企业
-- effective_from: 2021-11-01
-- effective_to: 2026-03-31
-- param.rule: GACC Order 251
-- param.rule_zh: 海关总署令第251号
-- param.levels: ,advanced_certified,
-- version: GACC Order 282
-- basis: 海关总署令第282号 (GACC Order 282, in force 2026-04-01): five levels, advanced certified, certified, regular, untrustworthy, seriously untrustworthy (details unverified); advanced certified and certified are reported
-- basis.zh: 海关总署令第282号（2026-04-01施行）：五个等级，即高级认证企业、认证企业、一般信用企业、失信企业、严重失信企业（具体规定未经核实）；报告高级认证企业和认证企业
-- effective_from: 2026-04-01
-- param.rule: GACC Order 282
-- param.rule_zh: 海关总署令第282号
-- param.levels: ,advanced_certified,certified,
SELECT 'customs credit level ' || year AS subject,
       year, credit_level,
       :rule AS rule_en, :rule_zh AS rule_zh,
       src_file, src_line
FROM customs
WHERE instr(:levels, ',' || credit_level || ',') > 0
  AND year = (SELECT max(year) FROM customs
              WHERE credit_level IS NOT NULL AND year <= CAST(substr(:as_of, 1, 4) AS INTEGER));

-- check: POS-003
-- area: positive
-- severity: info
-- title: Environmental credit rating green (positive signal)
-- title.zh: 环境信用评价为绿牌（正面信息）
-- basis: Environmental credit evaluation, 环发〔2013〕150号: green (trustworthy), blue (good), yellow (warning), red (bad)
-- basis.zh: 企业环境信用评价，环发〔2013〕150号：绿牌（环保诚信）、蓝牌（环保良好）、黄牌（环保警示）、红牌（环保不良）
-- remedy: Keep the environmental compliance record that earned the green rating; cite it with customers and authorities.
-- remedy.zh: 保持获得绿牌的环境合规表现；可向客户及主管部门展示该评级。
-- detail: the environmental credit rating for {year} is green (trustworthy), by {authority|an authority not recorded}
-- detail.zh: {year}年度环境信用评价为绿牌（诚信），评价机关：{authority|未记录}
-- subject.zh: {year}年度环境信用评价
-- requires: env_ratings
-- tags: positive, environment, rating
SELECT 'environmental credit rating ' || year AS subject,
       year, authority,
       src_file, src_line
FROM env_ratings
WHERE rating = 'green'
  AND year = (SELECT max(year) FROM env_ratings WHERE year <= CAST(substr(:as_of, 1, 4) AS INTEGER));

-- check: POS-004
-- area: positive
-- severity: info
-- title: On a red list (positive signal)
-- title.zh: 被列入红名单（正面信息）
-- basis: Red lists are a record category of Credit China; honours are a category of the national public credit information catalogue (2024 edition)
-- basis.zh: 信用中国、全国公共信用信息基础目录（2024年版）：红名单是信用中国的信息类别；荣誉是该目录的类别
-- remedy: Keep the conduct the red list rewards; record its validity and cite it in tenders.
-- remedy.zh: 保持红名单所认可的守信行为；记录其有效期并可在投标中使用。
-- detail: on a red list since {listed_on|(date not recorded)}: "{reason|no reason recorded}"
-- detail.zh: 自{listed_on|（日期未记录）}起列入红名单：“{reason|未记录事由}”
-- subject.zh: 红名单（列入日期：{listed_on|不详}）
-- requires: list_status
-- tags: positive, lists
SELECT 'red list since ' || coalesce(listed_on, 'an unknown date') AS subject,
       listed_on, reason,
       src_file, src_line
FROM list_status
WHERE list = 'red_list' AND subject = 'entity'
  AND (listed_on IS NOT NULL OR reason IS NOT NULL)
  AND in_force(listed_on, removed_on, :as_of);
