-- Administrative penalties and credit repair. PEN-001 has one version for each
-- rule period: NDRC Order 58 (2023-05-01), the same with SAMR Order 107
-- (unverified) for market regulation (2025-12-25), and NDRC Order 36, the credit
-- repair measures in force 2026-04-01. The versions share one query; their
-- periods are parameters. The detail of each finding names the version in
-- square brackets.

-- check: PEN-001
-- area: penalties
-- severity: medium
-- title: Administrative penalty still published: publicity window and credit repair date
-- title.zh: 行政处罚信息仍在公示期内：公示期限及信用修复起始日
-- detail: {decision_no} of {decided_on} ({area:area|area not recorded}, {penalty_type:penalty_type|type not recorded}, {classification:penalty_class}{?cls_assumed: assumed}): published at least until {due_date} and at most until {drops_on}; credit repair can be applied for from {due_date}{?performed: (obligations performed on {obligations_done_on})}{!performed: once the obligations are performed (not recorded as performed)} [rule: {rule_en}]
-- detail.zh: {decision_no}（{decided_on}；{area:area|领域未记录}，{penalty_type:penalty_type|处罚种类未记录}，{classification:penalty_class}{?cls_assumed:（推定）}）：至少公示至{due_date}，最长公示至{drops_on}；可自{due_date}起申请信用修复{?performed:（已于{obligations_done_on}履行义务）}{!performed:，须先履行处罚义务（未记录履行）}[依据：{rule_zh}]
-- remedy: Perform every obligation of the decision (pay the fine, stop and correct the conduct), keep the proof, and apply for credit repair on the repair date with a credit commitment; otherwise the information stays visible until the maximum date.
-- remedy.zh: 全面履行处罚决定（缴纳罚款、停止并纠正违法行为）并保存凭证，在可申请修复之日起提交信用修复申请及信用承诺；否则该信息将公示至最长期限届满。
-- requires: penalties
-- tags: penalties, credit-repair, deadline
-- Parameters: one_year_areas, areas whose information is published at least a year
-- whatever its class; serious_one_year_areas, areas where serious information is
-- published at least a year ('*' every area); general_max_months, the longest
-- publication of information not classed serious; publish_minor, 0 when minor
-- information is not published.
-- version: NDRC Order 58
-- effective_from: 2023-05-01
-- effective_to: 2025-12-24
-- basis: 国家发展和改革委员会令第58号 (NDRC Order 58, credit repair of penalty information, in force 2023-05-01): penalty information is published for a minimum of 3 months (1 year for special equipment, work safety and fire) and a maximum of 3 years; repair can be applied for only after the minimum; the information drops at the maximum. Market-regulation penalties are also published under 国家市场监督管理总局令第45号 (SAMR Order 45, 2021: warnings not published, criticism or a low fine 3 months, other penalties 3 years); the Order 58 periods are used because they are never shorter
-- basis.zh: 国家发展和改革委员会令第58号（行政处罚信息信用修复，2023-05-01施行）：行政处罚信息最短公示3个月（特种设备、安全生产、消防为1年），最长3年；最短公示期满后方可申请信用修复；最长公示期满后撤下。市场监管处罚信息另按国家市场监督管理总局令第45号（2021年：警告不公示，通报批评或较低数额罚款公示3个月，其他处罚3年）公示；因第58号令的期限从不更短，采用第58号令的期限
-- param.rule: NDRC Order 58
-- param.rule_zh: 国家发展和改革委员会令第58号
-- param.one_year_areas: ,special_equipment,work_safety,fire,
-- param.serious_one_year_areas: ,
-- param.general_max_months: 36
-- param.publish_minor: 1
-- version: NDRC Order 58 + SAMR Order 107 (unverified)
-- effective_from: 2025-12-25
-- effective_to: 2026-03-31
-- basis: 国家发展和改革委员会令第58号 (NDRC Order 58, in force 2023-05-01): minimum 3 months (1 year for special equipment, work safety and fire), maximum 3 years, repair only after the minimum. 国家市场监督管理总局令第107号 (SAMR Order 107, in force 2025-12-25; unverified: no published source for it has been found) for market-regulation information: warnings not published, other minor information drops after 3 months, moderate apply after 3 months and drops at 1 year, serious apply after 1 year and removed at 3 years. Decision: both apply to market-regulation penalties (one to Credit China, one to the enterprise credit publicity system), so the later of the two dates is used and no date is promised too early
-- basis.zh: 国家发展和改革委员会令第58号（2023-05-01施行）：最短3个月（特种设备、安全生产、消防为1年），最长3年，最短期满后方可修复。国家市场监督管理总局令第107号（2025-12-25施行；未经核实：未找到公开来源）对市场监管信息规定：警告不公示，其他轻微信息3个月后撤下，一般信息3个月后可申请、1年撤下，严重信息1年后可申请、3年撤下。判断：两者均适用于市场监管处罚（一在信用中国，一在国家企业信用信息公示系统），取两者中较晚的日期，避免过早承诺
-- param.rule: NDRC Order 58 + SAMR Order 107 (unverified)
-- param.rule_zh: 国家发展和改革委员会令第58号及国家市场监督管理总局令第107号（未经核实）
-- param.one_year_areas: ,special_equipment,work_safety,fire,
-- param.serious_one_year_areas: ,market,quality,food,drugs,special_equipment,
-- param.general_max_months: 36
-- param.publish_minor: 1
-- version: NDRC Order 36
-- effective_from: 2026-04-01
-- basis: 信用修复管理办法 (NDRC Credit Repair Measures, 国家发展和改革委员会令第36号 NDRC Order 36, issued 2025-11-20, in force 2026-04-01, repealing NDRC Order 58 from that date): minor information (penalties by the simplified procedure, warnings, circulated criticism) normally not published, at most 3 months; general minimum 3 months, maximum 1 year; serious minimum 1 year, maximum 3 years; repair needs the minimum period reached, the conduct corrected and obligations performed, and a public credit commitment. 国家市场监督管理总局令第107号 (SAMR Order 107, in force 2025-12-25; unverified: no published source for it has been found) would give the same periods for market-regulation information. A penalty the authority did not classify is treated as minor when it is a warning or circulated criticism, as serious when it revoked, suspended or downgraded a licence, stopped production, closed the business or restricted employment, and as general otherwise; whether a penalty was decided by the simplified procedure is not in the records
-- basis.zh: 《信用修复管理办法》（国家发展和改革委员会令第36号，2025-11-20发布，2026-04-01施行，自该日起废止国家发展和改革委员会令第58号）：轻微信息（简易程序处罚、警告、通报批评）一般不公示，最长3个月；一般信息最短3个月、最长1年；严重信息最短1年、最长3年；修复须达到最短公示期、纠正失信行为并履行义务、作出公开信用承诺。国家市场监督管理总局令第107号（2025-12-25施行；未经核实：未找到公开来源）对市场监管信息的期限相同。处罚机关未分类的处罚：警告或通报批评视为轻微；吊销、暂扣或降低资质等级、责令停产停业、责令关闭或限制从业视为严重；其他视为一般；是否适用简易程序记录中没有
-- param.rule: NDRC Order 36
-- param.rule_zh: 国家发展和改革委员会令第36号
-- param.one_year_areas: ,
-- param.serious_one_year_areas: *
-- param.general_max_months: 12
-- param.publish_minor: 0
WITH c AS (
	SELECT decision_no, decided_on, area, penalty_type, obligations_done_on, repaired_on, src_file, src_line,
	       penalty_class(severity, penalty_type) AS cls,
	       severity IS NULL OR severity NOT IN ('minor', 'general', 'serious') AS cls_assumed
	FROM penalties
	WHERE decided_on <= :as_of
)
SELECT decision_no AS subject,
       decision_no, decided_on, area, penalty_type,
       publicity_ends(decided_on, cls, :general_max_months) AS drops_on,
       cls_assumed, obligations_done_on <= :as_of AS performed,
       :rule AS rule_en, :rule_zh AS rule_zh,
       repair_from(decided_on, cls, area, :one_year_areas, :serious_one_year_areas) AS due_date,
       cls AS classification, obligations_done_on,
       src_file, src_line
FROM c
WHERE (:publish_minor = 1 OR cls <> 'minor')
  AND drops_on > :as_of
  AND (repaired_on IS NULL OR repaired_on > :as_of);

-- check: PEN-002
-- area: penalties
-- severity: high
-- title: Penalty obligations not performed
-- title.zh: 行政处罚决定未履行完毕
-- remedy: Pay the fine and perform every other obligation of the decision now, keep the receipts, and record the date in penalties.obligations_done_on.
-- remedy.zh: 立即缴纳罚款并履行处罚决定的其他全部义务，保存缴款凭证，并在处罚记录中填写履行完毕日期。
-- detail: {decision_no} of {decided_on} by {authority|an authority not recorded} (RMB {amount_fen:yuan|amount not recorded}) is not recorded as performed; credit repair is not possible until it is [rule: {rule_en}]
-- detail.zh: {authority|处罚机关（未记录）}于{decided_on}作出的{decision_no}（人民币{amount_fen:yuan|金额未记录}）未记录履行完毕；履行前不能申请信用修复[依据：{rule_zh}]
-- requires: penalties
-- tags: penalties, credit-repair
-- version: NDRC Order 58, SAT 2014 No. 40
-- param.rule: NDRC Order 58
-- param.rule_zh: 国家发展和改革委员会令第58号
-- effective_to: 2025-06-30
-- basis: Credit repair requires the obligations of the decision to be performed (国家发展和改革委员会令第58号 NDRC Order 58, in force 2023-05-01; for market-regulation information also 国家市场监督管理总局令第107号 SAMR Order 107, in force 2025-12-25, unverified: no published source for it has been found); early removal from the serious illegal and dishonest list needs the penalty obligations performed (国家市场监督管理总局令第44号 SAMR Order 44, for market-regulation penalties); unpaid tax fines after the deadline are a direct-D trigger of the tax credit rating (国家税务总局公告2014年第40号 SAT Announcement 2014 No. 40, in force until 2025-06-30). Penalties decided in the last 3 years, other than warnings and circulated criticism, are checked
-- basis.zh: 信用修复须已履行处罚决定的义务（国家发展和改革委员会令第58号，2023-05-01施行；市场监管信息另有国家市场监督管理总局令第107号（2025-12-25施行；未经核实：未找到公开来源））；提前移出严重违法失信名单须已履行处罚义务（国家市场监督管理总局令第44号，适用于市场监管处罚）；逾期未缴纳税务罚款是纳税信用直接判为D级的情形（国家税务总局公告2014年第40号，2025-06-30前施行）。检查最近3年内作出的处罚，警告和通报批评除外
-- version: NDRC Order 58, SAT 2025 No. 12
-- param.rule: NDRC Order 58
-- param.rule_zh: 国家发展和改革委员会令第58号
-- effective_from: 2025-07-01
-- effective_to: 2026-03-31
-- basis: Credit repair requires the obligations of the decision to be performed (国家发展和改革委员会令第58号 NDRC Order 58, in force 2023-05-01; for market-regulation information also 国家市场监督管理总局令第107号 SAMR Order 107, in force 2025-12-25, unverified: no published source for it has been found); early removal from the serious illegal and dishonest list needs the penalty obligations performed (国家市场监督管理总局令第44号 SAMR Order 44, for market-regulation penalties); unpaid tax fines after the deadline are a direct-D trigger of the tax credit rating (纳税缴费信用管理办法, 国家税务总局公告2025年第12号 SAT Announcement 2025 No. 12, in force 2025-07-01). Penalties decided in the last 3 years, other than warnings and circulated criticism, are checked
-- basis.zh: 信用修复须已履行处罚决定的义务（国家发展和改革委员会令第58号，2023-05-01施行；市场监管信息另有国家市场监督管理总局令第107号（2025-12-25施行；未经核实：未找到公开来源））；提前移出严重违法失信名单须已履行处罚义务（国家市场监督管理总局令第44号，适用于市场监管处罚）；逾期未缴纳税务罚款是纳税信用直接判为D级的情形（《纳税缴费信用管理办法》（国家税务总局公告2025年第12号，2025-07-01施行，按自然年度评价））。检查最近3年内作出的处罚，警告和通报批评除外
-- version: NDRC Order 36
-- param.rule: NDRC Order 36
-- param.rule_zh: 国家发展和改革委员会令第36号
-- effective_from: 2026-04-01
-- basis: Credit repair requires the conduct corrected and the obligations of the decision performed (信用修复管理办法, 国家发展和改革委员会令第36号 NDRC Order 36, in force 2026-04-01, which repealed NDRC Order 58; for market-regulation information also 国家市场监督管理总局令第107号 SAMR Order 107, unverified: no published source for it has been found); early removal from the serious illegal and dishonest list needs the penalty obligations performed (国家市场监督管理总局令第44号 SAMR Order 44, for market-regulation penalties); unpaid tax fines after the deadline are a direct-D trigger of the tax credit rating (纳税缴费信用管理办法, 国家税务总局公告2025年第12号 SAT Announcement 2025 No. 12, in force 2025-07-01). Penalties decided in the last 3 years, other than warnings and circulated criticism, are checked
-- basis.zh: 信用修复须纠正失信行为并履行处罚决定的义务（《信用修复管理办法》，国家发展和改革委员会令第36号，2026-04-01施行，废止国家发展和改革委员会令第58号；市场监管信息另有国家市场监督管理总局令第107号，未经核实：未找到公开来源）；提前移出严重违法失信名单须已履行处罚义务（国家市场监督管理总局令第44号，适用于市场监管处罚）；逾期未缴纳税务罚款是纳税信用直接判为D级的情形（《纳税缴费信用管理办法》（国家税务总局公告2025年第12号，2025-07-01施行，按自然年度评价））。检查最近3年内作出的处罚，警告和通报批评除外
SELECT decision_no AS subject,
       decision_no, decided_on, authority, :rule AS rule_en, :rule_zh AS rule_zh,
       amount AS amount_fen, penalty_type,
       src_file, src_line
FROM penalties
WHERE decided_on <= :as_of
  AND decided_on > date_add_years(:as_of, -3)
  AND coalesce(penalty_type, '') NOT IN ('warning', 'criticism')
  AND (obligations_done_on IS NULL OR obligations_done_on > :as_of)
  AND (repaired_on IS NULL OR repaired_on > :as_of);

-- check: PEN-003
-- area: penalties
-- severity: high
-- title: Serious administrative penalty (licence revoked or suspended, production stopped, closure)
-- title.zh: 严重行政处罚（吊销或暂扣许可证件、责令停产停业、责令关闭等）
-- detail: {decision_no} of {decided_on}{?authority: by {authority}}: {penalty_type:penalty_type|penalty} ({area:area|area not recorded}){?serious:, classed serious by the authority}{?listed_area:; in the listed areas of market regulation a heavier penalty is a ground of the serious illegal and dishonest list}; repair from {due_date}, removed at {removed_on} [rule: {rule_en}]
-- detail.zh: {authority}于{decided_on}作出的{decision_no}：{penalty_type:penalty_type|行政处罚}（{area:area|领域未记录}）{?serious:，处罚机关认定为严重}{?listed_area:；在市场监管所列领域，受到较重行政处罚是列入严重违法失信名单的事由}；可自{due_date}起申请信用修复，{removed_on}移出公示[依据：{rule_zh}]
-- remedy: Perform the decision and remedy the harm; for a market-regulation penalty check whether it put the company on the serious illegal and dishonest list; apply for credit repair (and early removal from a list) after 1 year.
-- remedy.zh: 履行处罚决定、消除危害后果；属于市场监管领域的处罚，请核实是否导致企业被列入严重违法失信名单；满1年后申请信用修复（及提前移出名单）。
-- requires: penalties
-- tags: penalties, serious, blacklist-risk
-- version: NDRC Order 58
-- param.rule: NDRC Order 58
-- param.rule_zh: 国家发展和改革委员会令第58号
-- effective_to: 2026-03-31
-- basis: For penalties by market regulation (market, quality, food, drugs, special equipment): heavier penalties (aggravated fine, licence revoked or downgraded, suspension or closure, employment restriction) in the listed areas (food, drugs, special equipment, unfair competition, false advertising, ...) are the grounds of the serious illegal and dishonest list (国家市场监督管理总局令第44号 SAMR Order 44, in force 2021-09-01). Penalty information of every authority: NDRC Order 58 (国家发展和改革委员会令第58号, in force 2023-05-01) allows repair after 3 months (1 year for special equipment, work safety, fire) and drops it at 3 years; 国家市场监督管理总局令第107号 (SAMR Order 107, in force 2025-12-25; unverified: no published source for it has been found) would allow repair of serious information after 1 year; the later date, 1 year, is given. A penalty counts as serious when the authority classed it so or its type is one of the heavier penalties; the last 3 years are checked
-- basis.zh: 市场监管处罚（市场监管、产品质量、食品、药品、特种设备）：在所列领域（食品、药品、特种设备、不正当竞争、虚假广告等）受到较重行政处罚（从重罚款、吊销或降低资质等级、责令停产停业或关闭、限制从业）是列入严重违法失信名单的事由（国家市场监督管理总局令第44号，2021-09-01施行）。各机关的处罚信息：国家发展和改革委员会令第58号（2023-05-01施行）规定3个月后可修复（特种设备、安全生产、消防为1年），3年撤下；国家市场监督管理总局令第107号（2025-12-25施行；未经核实：未找到公开来源）规定严重信息1年后可修复；取较晚的1年。处罚机关认定为严重或处罚种类属较重处罚的视为严重；检查最近3年
-- version: NDRC Order 36
-- param.rule: NDRC Order 36
-- param.rule_zh: 国家发展和改革委员会令第36号
-- effective_from: 2026-04-01
-- basis: For penalties by market regulation (market, quality, food, drugs, special equipment): heavier penalties (aggravated fine, licence revoked or downgraded, suspension or closure, employment restriction) in the listed areas (food, drugs, special equipment, unfair competition, false advertising, ...) are the grounds of the serious illegal and dishonest list (国家市场监督管理总局令第44号 SAMR Order 44, in force 2021-09-01). Penalty information of every authority: serious information (very large fines, licence revoked, employment restrictions) is published at least 1 year and at most 3 years, repair after the minimum (信用修复管理办法, 国家发展和改革委员会令第36号 NDRC Order 36, in force 2026-04-01). A penalty counts as serious when the authority classed it so or its type is one of the heavier penalties; the last 3 years are checked
-- basis.zh: 市场监管处罚（市场监管、产品质量、食品、药品、特种设备）：在所列领域（食品、药品、特种设备、不正当竞争、虚假广告等）受到较重行政处罚（从重罚款、吊销或降低资质等级、责令停产停业或关闭、限制从业）是列入严重违法失信名单的事由（国家市场监督管理总局令第44号，2021-09-01施行）。各机关的处罚信息：严重信息（巨额罚款、吊销许可证件、限制从业）最短公示1年、最长3年，最短期满后可修复（《信用修复管理办法》，国家发展和改革委员会令第36号，2026-04-01施行）。处罚机关认定为严重或处罚种类属较重处罚的视为严重；检查最近3年
SELECT decision_no AS subject,
       decision_no, decided_on, authority, date_add_years(decided_on, 3) AS removed_on,
       severity = 'serious' AS serious,
       area IN ('market', 'quality', 'food', 'drugs', 'special_equipment') AS listed_area,
       :rule AS rule_en, :rule_zh AS rule_zh,
       date_add_years(decided_on, 1) AS due_date,
       penalty_type, area, severity,
       src_file, src_line
FROM penalties
WHERE decided_on <= :as_of
  AND decided_on > date_add_years(:as_of, -3)
  AND (severity = 'serious'
       OR penalty_type IN ('license_revoked', 'license_suspended', 'license_downgraded',
                           'production_suspended', 'closure', 'employment_restriction'))
  AND (repaired_on IS NULL OR repaired_on > :as_of);

-- check: PEN-004
-- area: penalties
-- severity: low
-- title: Credit repair can be applied for now: minimum publication period reached and obligations performed
-- title.zh: 已满足信用修复申请条件：最短公示期已满且已履行处罚决定
-- remedy: Apply for credit repair now (through the Credit China website or the deciding authority) with the proof of performance and a public credit commitment; record the date granted in penalties.repaired_on.
-- remedy.zh: 立即申请信用修复（通过信用中国网站或作出决定的机关），提交履行证明并作出公开信用承诺；获准后在处罚记录中填写信用修复日期。
-- detail: {decision_no} of {decided_on}: the minimum publication period ended on {repair_from} and the obligations were performed on {obligations_done_on}; credit repair can be applied for now with a public credit commitment (a commitment is not in the records) [rule: {rule_en}]
-- detail.zh: {decision_no}（{decided_on}）：最短公示期已于{repair_from}届满，处罚决定已于{obligations_done_on}履行完毕；现可申请信用修复，并需作出公开信用承诺（记录中无信用承诺信息）[依据：{rule_zh}]
-- requires: penalties
-- applies: SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM penalties)
--   OR EXISTS (SELECT 1 FROM penalties WHERE decided_on <= :as_of AND (repaired_on IS NULL OR repaired_on > :as_of))
-- tags: penalties, credit-repair
-- version: NDRC Order 58
-- effective_from: 2023-05-01
-- effective_to: 2025-12-24
-- basis: 国家发展和改革委员会令第58号 (NDRC Order 58, credit repair of penalty information, in force 2023-05-01): repair can be applied for only after the minimum publication period (3 months; 1 year for special equipment, work safety and fire) and once the obligations of the decision are performed; information drops at the maximum of 3 years. Penalties still in their publication window are checked
-- basis.zh: 国家发展和改革委员会令第58号（行政处罚信息信用修复，2023-05-01施行）：须达到最短公示期（3个月；特种设备、安全生产、消防为1年）并履行处罚决定的义务后方可申请修复；最长3年后撤下。检查仍在公示期内的处罚
-- param.rule: NDRC Order 58
-- param.rule_zh: 国家发展和改革委员会令第58号
-- param.one_year_areas: ,special_equipment,work_safety,fire,
-- param.serious_one_year_areas: ,
-- param.publish_minor: 1
-- param.general_max_months: 36
-- version: NDRC Order 58 + SAMR Order 107 (unverified)
-- effective_from: 2025-12-25
-- effective_to: 2026-03-31
-- basis: 国家发展和改革委员会令第58号 (NDRC Order 58, credit repair of penalty information, in force 2023-05-01): repair can be applied for only after the minimum publication period (3 months; 1 year for special equipment, work safety and fire) and once the obligations of the decision are performed; information drops at the maximum of 3 years. 国家市场监督管理总局令第107号 (SAMR Order 107, in force 2025-12-25; unverified: no published source for it has been found) would set a minimum of 1 year for serious information in market regulation, quality, food, drugs and special equipment, as PEN-001 applies it. Penalties still in their publication window are checked
-- basis.zh: 国家发展和改革委员会令第58号（行政处罚信息信用修复，2023-05-01施行）：须达到最短公示期（3个月；特种设备、安全生产、消防为1年）并履行处罚决定的义务后方可申请修复；最长3年后撤下。国家市场监督管理总局令第107号（2025-12-25施行；未经核实：未找到公开来源）对市场监管、产品质量、食品、药品、特种设备领域的严重信息规定最短公示期1年，与PEN-001所用相同。检查仍在公示期内的处罚
-- param.rule: NDRC Order 58 + SAMR Order 107 (unverified)
-- param.rule_zh: 国家发展和改革委员会令第58号及国家市场监督管理总局令第107号（未经核实）
-- param.one_year_areas: ,special_equipment,work_safety,fire,
-- param.serious_one_year_areas: ,market,quality,food,drugs,special_equipment,
-- param.publish_minor: 1
-- param.general_max_months: 36
-- version: NDRC Order 36
-- effective_from: 2026-04-01
-- basis: 信用修复管理办法 (NDRC Credit Repair Measures, 国家发展和改革委员会令第36号 NDRC Order 36, in force 2026-04-01, repealing NDRC Order 58 from that date): repair needs the minimum period reached (general 3 months, serious 1 year; minor information is normally not published), the conduct corrected and obligations performed, and a public credit commitment; applications go through the Credit China website. Penalties still in their publication window are checked; a penalty the authority did not classify is classed as in PEN-001
-- basis.zh: 《信用修复管理办法》（国家发展和改革委员会令第36号，2026-04-01施行，自该日起废止国家发展和改革委员会令第58号）：修复须达到最短公示期（一般3个月，严重1年；轻微信息一般不公示）、纠正失信行为并履行义务、作出公开信用承诺；通过信用中国网站申请。检查仍在公示期内的处罚；处罚机关未分类的处罚按PEN-001分类
-- param.rule: NDRC Order 36
-- param.rule_zh: 国家发展和改革委员会令第36号
-- param.one_year_areas: ,
-- param.serious_one_year_areas: *
-- param.publish_minor: 0
-- param.general_max_months: 12
WITH p AS (
	SELECT decision_no, decided_on, obligations_done_on, area, src_file, src_line,
	       penalty_class(severity, penalty_type) AS cls
	FROM penalties
	WHERE decided_on <= :as_of
	  AND (repaired_on IS NULL OR repaired_on > :as_of)
)
SELECT decision_no AS subject,
       decision_no, decided_on, obligations_done_on, :rule AS rule_en, :rule_zh AS rule_zh, cls AS classification,
       repair_from(decided_on, cls, area, :one_year_areas, :serious_one_year_areas) AS repair_from,
       publicity_ends(decided_on, cls, :general_max_months) AS drops_on,
       src_file, src_line
FROM p
WHERE (:publish_minor = 1 OR cls <> 'minor')
  AND repair_from <= :as_of
  AND drops_on > :as_of
  AND obligations_done_on IS NOT NULL AND obligations_done_on <= :as_of;
