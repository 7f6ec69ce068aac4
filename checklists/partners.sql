-- Business partners. PRT-002 matches partners to the list exports by exact
-- valid USCC and needs nothing else; the screening module's tables
-- (screen_matches, partner_status) add the matches by name (PRT-003) and the
-- possible matches for review (PRT-004). A check that lists partner_status in
-- requires reports insufficient_data when the partners were not screened.
-- Red-list entries and removed (historical) entries never count as a listing.

-- PRT-005 words its breakdown of spend by list item by item: the query returns the
-- lists (group_concat) and each list's share in its own template-only column.
-- phrase: list_share.abnormal_operations = abnormal operations list {_share_abnormal_operations} %
-- phrase.zh: list_share.abnormal_operations = 经营异常名录{_share_abnormal_operations}%
-- phrase: list_share.serious_illegal = serious illegal and dishonest list {_share_serious_illegal} %
-- phrase.zh: list_share.serious_illegal = 严重违法失信名单{_share_serious_illegal}%
-- phrase: list_share.judgment_defaulter = judgment defaulter list {_share_judgment_defaulter} %
-- phrase.zh: list_share.judgment_defaulter = 失信被执行人名单{_share_judgment_defaulter}%
-- phrase: list_share.major_tax_violation = major tax violation list {_share_major_tax_violation} %
-- phrase.zh: list_share.major_tax_violation = 重大税收违法失信主体名单{_share_major_tax_violation}%
-- phrase: list_share.wage_arrears = wage-arrears blacklist {_share_wage_arrears} %
-- phrase.zh: list_share.wage_arrears = 拖欠农民工工资失信联合惩戒对象名单{_share_wage_arrears}%
-- phrase: list_share.customs_untrustworthy = customs untrustworthy enterprise list {_share_customs_untrustworthy} %
-- phrase.zh: list_share.customs_untrustworthy = 海关失信企业名单{_share_customs_untrustworthy}%
-- phrase: list_share.consumption_restriction = consumption restriction list {_share_consumption_restriction} %
-- phrase.zh: list_share.consumption_restriction = 限制消费人员名单{_share_consumption_restriction}%
-- phrase: list_share.work_safety_dishonesty = work-safety serious dishonesty list {_share_work_safety_dishonesty} %
-- phrase.zh: list_share.work_safety_dishonesty = 安全生产严重失信主体名单{_share_work_safety_dishonesty}%
-- phrase: list_share.procurement_dishonesty = government procurement serious dishonesty list {_share_procurement_dishonesty} %
-- phrase.zh: list_share.procurement_dishonesty = 政府采购严重违法失信行为记录名单{_share_procurement_dishonesty}%
-- phrase: list_share.statistics_dishonesty = statistics serious dishonesty list {_share_statistics_dishonesty} %
-- phrase.zh: list_share.statistics_dishonesty = 统计严重失信企业名单{_share_statistics_dishonesty}%
-- phrase: list_share.other = list recorded as "other" {_share_other} %
-- phrase.zh: list_share.other = 记录为“其他”的名单{_share_other}%

-- check: PRT-001
-- area: partners
-- severity: low
-- title: Partner's unified social credit code is invalid
-- title.zh: 合作伙伴统一社会信用代码无效
-- detail: partner {name} has the code {uscc}, which fails the GB 32100 check
-- detail.zh: 合作伙伴{name}的统一社会信用代码{uscc}未通过GB 32100校验
-- basis: GB 32100-2015 统一社会信用代码 (Unified Social Credit Code): 18 characters, MOD 31 check character, GB 11714 organisation-code check character; an invalid code cannot be matched against the lists by identifier, only by name. The behaviour of business partners is a CSCS rating input (seed documents)
-- basis.zh: GB 32100-2015 统一社会信用代码：18位，MOD 31校验码，GB 11714组织机构代码校验码；无效代码无法按代码与名单比对，只能按名称比对。合作伙伴的行为是企业社会信用体系的评价要素（种子文献）
-- remedy: Get the partner's code from its business licence and correct the partner master data.
-- remedy.zh: 根据合作伙伴的营业执照获取正确代码并更正合作伙伴主数据。
-- requires: partners
-- tags: partners, data-quality
SELECT name AS subject,
       name, uscc,
       src_file, src_line
FROM partners
WHERE uscc IS NOT NULL AND uscc <> '' AND uscc_valid(uscc) = 0;

-- check: PRT-002
-- area: partners
-- severity: medium
-- title: Partner on a blacklist or the abnormal operations list (same credit code)
-- title.zh: 合作伙伴被列入失信名单或经营异常名录（统一社会信用代码一致）
-- detail: partner {name} ({uscc}) is on: {lists:list_name} (same unified social credit code; listed {first_listed_on|on an unrecorded date}){?_has_spend:; spend RMB {spend_fen:yuan}}{?contract_end:; contract ends {contract_end}}
-- detail.zh: 合作伙伴{name}（{uscc}）被列入：{lists:list_name}（统一社会信用代码一致；列入日期：{first_listed_on|未记录}）；交易额（元）：{spend_fen:yuan|未记录}；合同到期日：{contract_end|未记录}
-- basis: "A business's score may fall because of its partners": the behaviour of business partners is a CSCS rating input (seed documents; EU Chamber of Commerce in China and Sinolytics, "The Digital Hand", 2019). A current entry of the list exports with the partner's valid unified social credit code (GB 32100-2015) is a certain match
-- basis.zh: 合作伙伴的行为是企业社会信用体系的评价要素，“企业的评分可能因其合作伙伴而下降”（种子文献；中国欧盟商会与Sinolytics《数字之手》（2019年））。名单导出数据中与合作伙伴有效统一社会信用代码（GB 32100-2015）一致的现行条目为确定匹配
-- remedy: Verify the listing on the official source, assess the partner relationship (suspend new orders, require remediation evidence, or exit), and document the decision before the contract is renewed.
-- remedy.zh: 通过官方渠道核实该名单信息，评估合作关系（暂停新订单、要求提供整改证明或终止合作），并在续签合同前留存决策记录。
-- requires: partners, list_entries
-- tags: partners, lists
SELECT p.name AS subject,
       p.name, p.uscc, min(le.listed_on) AS first_listed_on,
       p.spend IS NOT NULL AS _has_spend, p.contract_end,
       CASE WHEN p.contract_end >= :as_of THEN p.contract_end END AS due_date,
       group_concat(DISTINCT le.list) AS lists, p.role, p.spend AS spend_fen,
       p.src_file, p.src_line
FROM partners p
JOIN list_entries le ON le.uscc = p.uscc
WHERE uscc_valid(p.uscc) = 1
  AND le.list <> 'red_list'
  AND in_force(le.listed_on, le.removed_on, :as_of)
GROUP BY p.id;

-- check: PRT-003
-- area: partners
-- severity: medium
-- title: Partner on a blacklist or the abnormal operations list (matched by name in screening)
-- title.zh: 合作伙伴被列入失信名单或经营异常名录（名称匹配）
-- detail: partner {name}{?uscc: ({uscc})} matches by name: {lists:list_name} (score {score}{?explanation_en:; {explanation_en}}){?_has_spend:; spend RMB {spend_fen:yuan}}{?contract_end:; contract ends {contract_end}}
-- detail.zh: 合作伙伴{name}{?uscc:（{uscc}）}名称匹配：{lists:list_name}（匹配分值{score}）；交易额（元）：{spend_fen:yuan|未记录}；合同到期日：{contract_end|未记录}
-- basis: "A business's score may fall because of its partners": the behaviour of business partners is a CSCS rating input (seed documents; EU Chamber of Commerce in China and Sinolytics, "The Digital Hand", 2019). Current matches of partner screening in the match band, other than those PRT-002 reports by credit code
-- basis.zh: 合作伙伴的行为是企业社会信用体系的评价要素，“企业的评分可能因其合作伙伴而下降”（种子文献；中国欧盟商会与Sinolytics《数字之手》（2019年））。合作伙伴筛查中处于匹配区间的现行匹配，PRT-002已按信用代码报告的除外
-- remedy: Verify the listing on the official source (the name matched, so confirm the code and address), assess the partner relationship, and document the decision before the contract is renewed.
-- remedy.zh: 通过官方渠道核实该名单信息（系名称匹配，请核对代码和住所），评估合作关系，并在续签合同前留存决策记录。
-- requires: partners, list_entries, partner_status
-- tags: partners, lists, screening
SELECT p.name AS subject,
       p.name, p.uscc,
       (SELECT m2.explanation FROM screen_matches m2
        WHERE m2.partner_id = p.id AND m2.subject_kind = 'partner' AND m2.band = 'match'
          AND m2.historical = 0 AND m2.list <> 'red_list'
        ORDER BY m2.score DESC, m2.id LIMIT 1) AS explanation_en,
       p.spend IS NOT NULL AS _has_spend, p.contract_end,
       CASE WHEN p.contract_end >= :as_of THEN p.contract_end END AS due_date,
       group_concat(DISTINCT m.list) AS lists, max(m.score) AS score, p.role, p.spend AS spend_fen,
       p.src_file, p.src_line
FROM partners p
JOIN screen_matches m ON m.partner_id = p.id
WHERE m.subject_kind = 'partner' AND m.band = 'match' AND m.historical = 0 AND m.list <> 'red_list'
  AND NOT EXISTS (SELECT 1 FROM list_entries le
                  WHERE le.uscc = p.uscc AND uscc_valid(p.uscc) = 1 AND le.list <> 'red_list'
                    AND in_force(le.listed_on, le.removed_on, :as_of))
GROUP BY p.id;

-- check: PRT-004
-- area: partners
-- severity: medium
-- title: Partner has a possible list match that needs review
-- title.zh: 合作伙伴存在待人工复核的疑似名单匹配
-- detail: partner {name}{?uscc: ({uscc})} possibly matches {entries} list {?_single:entry}{!_single:entries} ({lists:list_name}; best score {score})
-- detail.zh: 合作伙伴{name}{?uscc:（{uscc}）}可能与{entries}条名单条目匹配（{lists:list_name}；最高匹配分值{score}）
-- basis: The behaviour of business partners is a CSCS rating input (seed documents; "The Digital Hand", 2019); a possible (review band) match from partner screening is unresolved due diligence until a person confirms or rejects it
-- basis.zh: 合作伙伴的行为是企业社会信用体系的评价要素（种子文献；中国欧盟商会与Sinolytics《数字之手》（2019年））；合作伙伴筛查的疑似匹配（复核区间）在人工确认或排除前属未完成的尽职调查
-- remedy: Compare the partner with the list entry (code, address, legal representative) and record whether it is the same entity; treat a confirmed match as a listing.
-- remedy.zh: 将合作伙伴与名单条目逐项比对（代码、住所、法定代表人），记录是否为同一主体；确认匹配的按被列入名单处理。
-- requires: partners, list_entries, partner_status
-- tags: partners, lists, screening
SELECT p.name AS subject,
       p.name, p.uscc,
       count(*) AS entries, count(*) = 1 AS _single,
       CASE WHEN p.contract_end >= :as_of THEN p.contract_end END AS due_date,
       group_concat(DISTINCT m.list) AS lists, max(m.score) AS score,
       p.src_file, p.src_line
FROM partners p
JOIN screen_matches m ON m.partner_id = p.id
WHERE m.subject_kind = 'partner' AND m.band = 'review' AND m.historical = 0 AND m.list <> 'red_list'
  AND NOT EXISTS (SELECT 1 FROM screen_matches x
                  WHERE x.partner_id = p.id AND x.subject_kind = 'partner' AND x.band = 'match'
                    AND x.historical = 0 AND x.list <> 'red_list')
GROUP BY p.id;

-- check: PRT-005
-- area: partners
-- severity: high
-- title: More than 5 % of partner spend is with listed partners
-- title.zh: 与被列入名单的合作伙伴的交易额占比超过5%
-- detail: {listed_partners} of {partners} partners are listed; RMB {listed_spend_fen:yuan} of RMB {total_spend_fen:yuan} spend ({share_pct} %) is with listed partners, above 5 %; by list: {_by_list:list_share}
-- detail.zh: {partners}个合作伙伴中有{listed_partners}个被列入名单；与其交易额人民币{listed_spend_fen:yuan}元，占全部交易额人民币{total_spend_fen:yuan}元的{share_pct}%，超过5%；按名单：{_by_list:list_share}
-- subject.zh: 合作伙伴采购额风险敞口
-- basis: "A business's score may fall because of its partners" (seed documents; "The Digital Hand", 2019). The 5 % threshold of spend with partners on a blacklist or the abnormal operations list is a tool default, not a regulatory figure; listed partners as in PRT-002 and PRT-003
-- basis.zh: “企业的评分可能因其合作伙伴而下降”（种子文献；中国欧盟商会与Sinolytics《数字之手》（2019年））：与被列入黑名单或经营异常名录的合作伙伴的交易额占比5%的阈值是工具默认值，非法定数值；被列入名单的合作伙伴按PRT-002和PRT-003认定
-- remedy: Reduce the dependence on listed partners: qualify alternative suppliers or customers, and document the risk assessment for the remaining ones.
-- remedy.zh: 降低对被列入名单合作伙伴的依赖：引入替代供应商或客户，并对保留的合作伙伴留存风险评估记录。
-- requires: partners, list_entries, partner_status
-- tags: partners, lists, screening, exposure
WITH listed AS (
	SELECT m.partner_id, m.list FROM screen_matches m
	WHERE m.subject_kind = 'partner' AND m.band = 'match' AND m.historical = 0 AND m.list <> 'red_list'
	UNION
	SELECT p.id AS partner_id, le.list
	FROM partners p
	JOIN list_entries le ON le.uscc = p.uscc
	WHERE uscc_valid(p.uscc) = 1
	  AND le.list <> 'red_list'
	  AND in_force(le.listed_on, le.removed_on, :as_of)
), t AS (
	SELECT sum(coalesce(spend, 0)) AS total, count(*) AS n FROM partners
), l AS (
	SELECT sum(coalesce(p.spend, 0)) AS spend, count(*) AS n
	FROM partners p WHERE p.id IN (SELECT partner_id FROM listed)
), by_list AS (
	SELECT listed.list, sum(coalesce(p.spend, 0)) AS spend
	FROM listed JOIN partners p ON p.id = listed.partner_id
	GROUP BY listed.list
)
SELECT 'partner spend exposure' AS subject,
       l.n AS listed_partners, t.n AS partners, printf('%.1f', 100.0 * l.spend / t.total) AS share_pct,
       (SELECT group_concat(list) FROM by_list) AS _by_list,
       (SELECT printf('%.1f', 100.0 * spend / t.total) FROM by_list WHERE list = 'abnormal_operations') AS _share_abnormal_operations,
       (SELECT printf('%.1f', 100.0 * spend / t.total) FROM by_list WHERE list = 'serious_illegal') AS _share_serious_illegal,
       (SELECT printf('%.1f', 100.0 * spend / t.total) FROM by_list WHERE list = 'judgment_defaulter') AS _share_judgment_defaulter,
       (SELECT printf('%.1f', 100.0 * spend / t.total) FROM by_list WHERE list = 'major_tax_violation') AS _share_major_tax_violation,
       (SELECT printf('%.1f', 100.0 * spend / t.total) FROM by_list WHERE list = 'wage_arrears') AS _share_wage_arrears,
       (SELECT printf('%.1f', 100.0 * spend / t.total) FROM by_list WHERE list = 'customs_untrustworthy') AS _share_customs_untrustworthy,
       (SELECT printf('%.1f', 100.0 * spend / t.total) FROM by_list WHERE list = 'consumption_restriction') AS _share_consumption_restriction,
       (SELECT printf('%.1f', 100.0 * spend / t.total) FROM by_list WHERE list = 'work_safety_dishonesty') AS _share_work_safety_dishonesty,
       (SELECT printf('%.1f', 100.0 * spend / t.total) FROM by_list WHERE list = 'procurement_dishonesty') AS _share_procurement_dishonesty,
       (SELECT printf('%.1f', 100.0 * spend / t.total) FROM by_list WHERE list = 'statistics_dishonesty') AS _share_statistics_dishonesty,
       (SELECT printf('%.1f', 100.0 * spend / t.total) FROM by_list WHERE list = 'other') AS _share_other,
       l.spend AS listed_spend_fen, t.total AS total_spend_fen,
       (SELECT min(src_file) FROM partners) AS src_file,
       (SELECT min(src_line) FROM partners) AS src_line
FROM t, l
WHERE t.total > 0 AND l.spend * 100 > t.total * 5;
