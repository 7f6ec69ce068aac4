-- The serious illegal and dishonest list and the other blacklists recorded in
-- list_status. A row counts as a current listing when it has a listing date or
-- a reason, the listing date is not after the as-of date, and it has not been
-- removed by then. A row without either records a look-up that found no listing.

-- What a listing of the legal representative means for the company (BL-006).
-- phrase: legal_rep_effect.serious_illegal = barred from the legal-representative role elsewhere for 3 years
-- phrase.zh: legal_rep_effect.serious_illegal = 3年内不得担任其他企业的法定代表人
-- phrase: legal_rep_effect.wage_arrears = the wage-arrears list names the unit and its legal representative
-- phrase.zh: legal_rep_effect.wage_arrears = 该名单同时列入单位及其法定代表人
-- phrase: legal_rep_effect.major_tax_violation = a company run by the responsible person of a D-rated taxpayer can be rated D directly
-- phrase.zh: legal_rep_effect.major_tax_violation = 由D级纳税人的直接责任人员担任负责人的企业可被直接判为D级

-- check: BL-001
-- area: blacklists
-- severity: critical
-- title: The company is on the serious illegal and dishonest list
-- title.zh: 企业被列入严重违法失信名单
-- remedy: Perform every obligation of the underlying penalty, remedy the harm, avoid any new heavier penalty, and apply to the listing authority for early removal on the earliest date; inform the legal representative of the personal consequences.
-- remedy.zh: 履行原处罚决定的全部义务、消除危害后果、避免再受较重处罚，并在最早可申请之日向作出决定的机关申请提前移出；告知法定代表人其个人所受影响。
-- detail: listed on {listed_on|(date not recorded)}{?reason: for "{reason}"}{?publicity_ends_on:; early removal can be applied for from {due_date} if obligations are performed and the harm remedied; publicity ends {publicity_ends_on} (3 years, article unverified)}; the legal representative may be barred from the same role elsewhere for 3 years
-- detail.zh: 于{listed_on|（日期未记录）}被列入严重违法失信名单{?reason:，事由：“{reason}”}{?publicity_ends_on:；履行义务并消除危害后果的，可自{due_date}起申请提前移出；公示期至{publicity_ends_on}届满（3年，具体条款未经核实）}；法定代表人可能3年内不得担任其他企业的同类职务
-- subject.zh: 严重违法失信名单（列入日期：{listed_on|不详}）
-- requires: list_status
-- cap: D
-- tags: lists, blacklist, grade-cap
-- version: SAIC Order 83
-- effective_to: 2021-08-31
-- basis: 严重违法失信企业名单 (serious illegal and dishonest enterprise list), 国家工商行政管理总局令第83号 (SAIC Order 83, 2015; replaced by SAMR Order 44 from 2021-09-01): an enterprise still on the abnormal operations list after 3 years is moved to the list, and its legal representative is barred from that role elsewhere for 3 years. The publicity period and early-removal terms of Order 83 are not in the criteria reference (unverified); the 3-year publicity and 1-year early removal of SAMR Order 44 are shown as an indication only
-- basis.zh: 严重违法失信企业名单，国家工商行政管理总局令第83号（2015年；2021-09-01起由国家市场监督管理总局令第44号取代）：列入经营异常名录满3年仍未移出的企业列入该名单，其法定代表人3年内不得担任其他企业的同类职务。第83号令的公示期限和提前移出条件不在规则依据参考中（未经核实）；所示3年公示期和满1年提前移出系按国家市场监督管理总局令第44号，仅供参考
-- version: SAMR Order 44
-- effective_from: 2021-09-01
-- basis: 严重违法失信名单 (serious illegal and dishonest list), 国家市场监督管理总局令第44号 (SAMR Order 44, in force 2021-09-01): publicity 3 years (implied; exact article unverified); early removal after at least 1 year if the penalty obligations are performed, the harm is remedied and there is no new heavier penalty. A revision drafted in October 2025 is unverified. Legal representative of an enterprise moved there from the abnormal operations list barred from that role elsewhere for 3 years (SAMR Order 44, which replaced SAIC Order 83 from 2021-09-01)
-- basis.zh: 严重违法失信名单，国家市场监督管理总局令第44号（2021-09-01施行）：公示期3年（推定；具体条款未经核实）；列入满1年，已履行处罚义务、消除危害后果且未再受较重行政处罚的，可申请提前移出。2025年10月起草的修订未经核实。由经营异常名录转入的企业，其法定代表人3年内不得担任其他企业的同类职务（国家市场监督管理总局令第44号，2021-09-01起取代国家工商行政管理总局令第83号）
SELECT 'serious illegal and dishonest list since ' || coalesce(listed_on, 'an unknown date') AS subject,
       listed_on, date_add_years(listed_on, 3) AS publicity_ends_on,
       max(:as_of, date_add_years(listed_on, 1)) AS due_date,
       reason,
       src_file, src_line
FROM list_status
WHERE list = 'serious_illegal' AND subject = 'entity'
  AND (listed_on IS NOT NULL OR reason IS NOT NULL)
  AND in_force(listed_on, removed_on, :as_of);

-- check: BL-002
-- area: blacklists
-- severity: critical
-- title: The company is listed as a judgment defaulter
-- title.zh: 企业被列入失信被执行人名单
-- basis: 失信被执行人 (judgment defaulters), 最高人民法院 法释〔2017〕7号 (SPC provisions, Fa Shi [2017] No. 7, in force 2017-05-01): listed 2 years for grounds 2-6 (obstruction, fake litigation or hidden assets, breach of asset reporting, breach of a consumption restriction, refusing a settlement), extendable by 1-3 years; deleted within 3 working days once the obligations are performed; consumption restrictions reach the legal representative, principal, directly responsible person and actual controller
-- basis.zh: 失信被执行人，最高人民法院法释〔2017〕7号（2017-05-01施行）：第2至6项情形（妨碍执行、虚假诉讼或隐匿财产、违反财产报告制度、违反限制消费令、无正当理由拒不履行和解协议）列入2年，可延长1至3年；履行义务后3个工作日内删除；限制消费措施及于法定代表人、主要负责人、直接责任人员和实际控制人
-- remedy: Perform the judgment in full (or agree a settlement with the creditor and keep it), then ask the enforcing court to delete the listing; tell the legal representative and actual controller about the consumption restrictions.
-- remedy.zh: 全面履行生效法律文书确定的义务（或与申请执行人达成和解并履行），随后申请执行法院删除失信信息；告知法定代表人及实际控制人其所受的限制消费措施。
-- detail: listed as a judgment defaulter on {listed_on|(date not recorded)}, reason "{reason|not recorded}"; deleted within 3 working days once the obligations are performed (otherwise 2 years, to {two_years_on|(unknown)}, for grounds 2-6, extendable by 1-3 years); the legal representative, principal, directly responsible person and actual controller are under consumption restrictions (no flights, no high-speed-rail seats, no star hotels)
-- detail.zh: 于{listed_on|（日期未记录）}被列为失信被执行人，事由：“{reason|未记录}”；履行义务后3个工作日内删除（否则第2至6项情形列入期限为2年，至{two_years_on|（无法确定）}，可延长1至3年）；法定代表人、主要负责人、直接责任人员和实际控制人受限制消费措施约束（不得乘坐飞机、高铁一等座以上席位，不得入住星级宾馆等）
-- subject.zh: 失信被执行人名单（列入日期：{listed_on|不详}）
-- requires: list_status
-- cap: D
-- tags: lists, blacklist, courts, grade-cap
SELECT 'judgment defaulter since ' || coalesce(listed_on, 'an unknown date') AS subject,
       listed_on, date_add_years(listed_on, 2) AS two_years_on,
       :as_of AS due_date,
       reason,
       src_file, src_line
FROM list_status
WHERE list = 'judgment_defaulter' AND subject = 'entity'
  AND (listed_on IS NOT NULL OR reason IS NOT NULL)
  AND in_force(listed_on, removed_on, :as_of);

-- check: BL-003
-- area: blacklists
-- severity: critical
-- title: The company is named a major tax violation entity
-- title.zh: 企业被列为重大税收违法失信主体
-- remedy: Pay the tax, late fees and fines in full and ask the tax authority how and when the publication can end; expect a D tax credit rating and plan for invoice rationing and closer monitoring.
-- remedy.zh: 足额缴纳税款、滞纳金和罚款，并向税务机关咨询停止公布的条件和时间；预计纳税信用将被评为D级，提前应对发票领用限制和重点监控。
-- detail: named a major tax violation entity on {listed_on|(date not recorded)}, reason "{reason|not recorded}"; publication would end {ends_on|(unknown)} if the 3-year period applies (unverified); this is a direct-D trigger of the tax credit rating
-- detail.zh: 于{listed_on|（日期未记录）}被列为重大税收违法失信主体，事由：“{reason|未记录}”；如适用3年公布期限（未经核实），公布期至{ends_on|（无法确定）}；此为纳税信用直接判为D级的情形
-- subject.zh: 重大税收违法失信主体名单（列入日期：{listed_on|不详}）
-- requires: list_status
-- cap: D
-- tags: lists, blacklist, tax, grade-cap
-- version: SAT 2014 No. 40
-- effective_to: 2025-06-30
-- basis: 重大税收违法失信主体 (major tax violation list), 国家税务总局令第54号 (SAT Order 54, in force 2022-02-01); 3-year publication period unverified; being named is a direct-D trigger of the tax credit rating (国家税务总局公告2014年第40号 SAT Announcement 2014 No. 40, in force until 2025-06-30)
-- basis.zh: 重大税收违法失信主体，国家税务总局令第54号（2022-02-01施行）；3年公布期限未经核实；被确定为重大税收违法失信主体是纳税信用直接判为D级的情形（国家税务总局公告2014年第40号，2025-06-30前施行）
-- version: SAT 2025 No. 12
-- effective_from: 2025-07-01
-- basis: 重大税收违法失信主体 (major tax violation list), 国家税务总局令第54号 (SAT Order 54, in force 2022-02-01); 3-year publication period unverified; being named is a direct-D trigger of the tax credit rating (纳税缴费信用管理办法, 国家税务总局公告2025年第12号 SAT Announcement 2025 No. 12, in force 2025-07-01)
-- basis.zh: 重大税收违法失信主体，国家税务总局令第54号（2022-02-01施行）；3年公布期限未经核实；被确定为重大税收违法失信主体是纳税信用直接判为D级的情形（《纳税缴费信用管理办法》（国家税务总局公告2025年第12号，2025-07-01施行，按自然年度评价））
SELECT 'major tax violation list since ' || coalesce(listed_on, 'an unknown date') AS subject,
       listed_on, date_add_years(listed_on, 3) AS ends_on,
       :as_of AS due_date,
       reason,
       src_file, src_line
FROM list_status
WHERE list = 'major_tax_violation' AND subject = 'entity'
  AND (listed_on IS NOT NULL OR reason IS NOT NULL)
  AND in_force(listed_on, removed_on, :as_of);

-- check: BL-004
-- area: blacklists
-- severity: critical
-- title: The company is on the wage-arrears blacklist
-- title.zh: 企业被列入拖欠农民工工资失信联合惩戒对象名单
-- basis: 拖欠农民工工资失信联合惩戒对象名单 (wage-arrears list), 人力资源和社会保障部令第45号 (MOHRSS Order 45, in force 2022-01-01): unit and legal representative listed when an order to pay expires unpaid and the arrears reach the criminal threshold or cause serious incidents; listed 3 years; early removal 6 months after correction with a credit commitment
-- basis.zh: 拖欠农民工工资失信联合惩戒对象名单，人力资源和社会保障部令第45号（2022-01-01施行）：责令支付期满仍未支付，拖欠数额达到刑事立案标准或引发严重事件的，单位及其法定代表人被列入；列入期限3年；纠正并作出信用承诺满6个月后可申请提前移出
-- remedy: Pay every wage arrear, give the labour authority a written credit commitment, and apply for early removal 6 months after the correction; brief the legal representative, who is listed too.
-- remedy.zh: 清偿全部拖欠工资，向人力资源社会保障部门作出书面信用承诺，并在纠正后满6个月申请提前移出；告知同被列入的法定代表人。
-- detail: on the wage-arrears list since {listed_on|(date not recorded)}{?reason: for "{reason}"}{?listed_until:; listed until {listed_until}}; early removal can be applied for 6 months after the arrears are corrected with a credit commitment (from {due_date} if corrected now); the legal representative is listed with the unit
-- detail.zh: 自{listed_on|（日期未记录）}起被列入拖欠农民工工资失信联合惩戒对象名单{?reason:，事由：“{reason}”}{?listed_until:，列入期限至{listed_until}}；纠正拖欠并作出信用承诺满6个月后可申请提前移出（如现在纠正，自{due_date}起）；法定代表人与单位一并被列入
-- subject.zh: 拖欠农民工工资失信联合惩戒对象名单（列入日期：{listed_on|不详}）
-- requires: list_status
-- cap: D
-- tags: lists, blacklist, labour, grade-cap
SELECT 'wage-arrears list since ' || coalesce(listed_on, 'an unknown date') AS subject,
       listed_on, date_add_years(listed_on, 3) AS listed_until,
       date_add_months(:as_of, 6) AS due_date,
       reason,
       src_file, src_line
FROM list_status
WHERE list = 'wage_arrears' AND subject = 'entity'
  AND (listed_on IS NOT NULL OR reason IS NOT NULL)
  AND in_force(listed_on, removed_on, :as_of);

-- check: BL-005
-- area: blacklists
-- severity: critical
-- title: The company is a customs untrustworthy enterprise
-- title.zh: 企业被认定为海关失信企业
-- requires: list_status
-- cap: D
-- detail: customs untrustworthy since {listed_on|(date not recorded)}{?reason: for "{reason}"}{?due_date:; credit repair can be applied for from {due_date} ({repair_months} months after the downgrade{?unverified:; repair periods under {rule_en} are unverified, the longer period of GACC Order 251 is assumed})} [rule: {rule_en}]
-- detail.zh: 自{listed_on|（日期未记录）}起被认定为海关失信企业{?reason:，事由：“{reason}”}{?due_date:；可自{due_date}起申请信用修复（降级后{repair_months}个月{?unverified:；{rule_zh}下的修复期限未经核实，按海关总署令第251号中较长的期限计}）}[依据：{rule_zh}]
-- subject.zh: 海关失信企业名单（列入日期：{listed_on|不详}）
-- version: GACC Order 251
-- effective_from: 2021-11-01
-- effective_to: 2026-03-31
-- basis: 海关失信企业 (customs untrustworthy enterprises), 海关总署令第251号 (GACC Order 251, in force 2021-11-01 until 2026-03-31): levels advanced certified (AEO), general, untrustworthy; credit repair after 1 year (smuggling) or 6 months
-- basis.zh: 海关失信企业，海关总署令第251号（海关企业信用管理，2021-11-01施行，2026-03-31废止）：信用等级分为高级认证企业（AEO）、一般信用企业和失信企业；信用修复期限为1年（走私）或6个月
-- remedy: Clear the ground of the downgrade (pay the duties and fines, correct the conduct) and apply to customs for credit repair on the earliest date.
-- remedy.zh: 消除降级事由（缴清税款和罚款、纠正违法行为），并在最早可申请之日向海关申请信用修复。
-- tags: lists, blacklist, customs, grade-cap
-- param.rule: GACC Order 251
-- param.rule_zh: 海关总署令第251号
-- param.smuggling_months: 12
-- param.other_months: 6
-- param.unverified: 0
-- version: GACC Order 282
-- effective_from: 2026-04-01
-- basis: 海关失信企业 (customs untrustworthy enterprises), 海关总署令第282号 (GACC Order 282, in force 2026-04-01): five levels, advanced certified, certified, regular, untrustworthy, seriously untrustworthy; grounds and repair periods unverified, so the longer Order 251 period (1 year after the downgrade) is shown as an indication only
-- basis.zh: 海关失信企业，海关总署令第282号（2026-04-01施行）：五个等级，即高级认证企业、认证企业、一般信用企业、失信企业、严重失信企业；认定事由和修复期限未经核实，故按海关总署令第251号中较长的期限（降级后1年）提示，仅供参考
-- remedy: Clear the ground of the downgrade (pay the duties and fines, correct the conduct) and ask customs which repair conditions and periods apply under Order 282.
-- remedy.zh: 消除降级事由（缴清税款和罚款、纠正违法行为），并向海关确认第282号令下的信用修复条件和期限。
-- tags: lists, blacklist, customs, grade-cap, unverified
-- param.rule: GACC Order 282
-- param.rule_zh: 海关总署令第282号
-- param.smuggling_months: 12
-- param.other_months: 12
-- param.unverified: 1
WITH l AS (
	SELECT listed_on, reason, src_file, src_line,
	       CASE WHEN coalesce(reason, '') REGEXP '走私|[Ss]muggl' THEN :smuggling_months
	               ELSE :other_months END AS repair_months
	FROM list_status
	WHERE list = 'customs_untrustworthy' AND subject = 'entity'
	  AND (listed_on IS NOT NULL OR reason IS NOT NULL)
	  AND in_force(listed_on, removed_on, :as_of)
)
SELECT 'customs untrustworthy since ' || coalesce(listed_on, 'an unknown date') AS subject,
       listed_on, repair_months,
       CASE WHEN :unverified THEN 1 ELSE 0 END AS unverified,
       :rule AS rule_en, :rule_zh AS rule_zh,
       max(:as_of, date_add_months(listed_on, repair_months)) AS due_date,
       reason,
       src_file, src_line
FROM l;

-- check: BL-006
-- area: blacklists
-- severity: high
-- title: The legal representative is on a blacklist
-- title.zh: 法定代表人被列入失信名单
-- remedy: Establish why the legal representative is listed and whether it reaches the company; consider whether the person can keep the role, and resolve the underlying obligation.
-- remedy.zh: 查明法定代表人被列入名单的原因及其对企业的影响；评估其能否继续担任法定代表人，并督促履行相关义务。
-- detail: the legal representative is on the {list:list_name} since {listed_on|(date not recorded)}{?reason: for "{reason}"}{?effect:; {effect:legal_rep_effect}}
-- detail.zh: 法定代表人自{listed_on|（日期未记录）}起被列入{list:list_name}{?reason:，事由：“{reason}”}{?effect:；{effect:legal_rep_effect}}
-- subject.zh: 法定代表人：{list:list_name}
-- requires: list_status
-- tags: lists, legal-representative
-- version: SAIC Order 83, SAT 2014 No. 40
-- effective_to: 2021-08-31
-- basis: Legal representative of an enterprise on the serious illegal list barred from that role elsewhere for 3 years (国家工商行政管理总局令第83号 SAIC Order 83, 2015); wage-arrears list reaches the unit and its legal representative (人力资源和社会保障部令第45号 MOHRSS Order 45); being run by the responsible person of a D-rated taxpayer is a direct-D trigger of the tax credit rating (国家税务总局公告2014年第40号 SAT Announcement 2014 No. 40, in force until 2025-06-30). Judgment-defaulter listings of the legal representative are check CRT-002
-- basis.zh: 严重违法失信名单所列企业的法定代表人3年内不得担任其他企业的法定代表人（国家工商行政管理总局令第83号，2015年）；拖欠农民工工资失信联合惩戒对象名单同时列入单位及其法定代表人（人力资源和社会保障部令第45号）；由D级纳税人的直接责任人员担任负责人的企业可被直接判为D级（国家税务总局公告2014年第40号，2025-06-30前施行）。法定代表人被列为失信被执行人见CRT-002
-- version: SAMR Order 44, SAT 2014 No. 40
-- effective_from: 2021-09-01
-- effective_to: 2025-06-30
-- basis: Legal representative of an enterprise on the serious illegal list barred from that role elsewhere for 3 years (国家市场监督管理总局令第44号 SAMR Order 44, in force 2021-09-01, which replaced SAIC Order 83); wage-arrears list reaches the unit and its legal representative (人力资源和社会保障部令第45号 MOHRSS Order 45); being run by the responsible person of a D-rated taxpayer is a direct-D trigger of the tax credit rating (国家税务总局公告2014年第40号 SAT Announcement 2014 No. 40, in force until 2025-06-30). Judgment-defaulter listings of the legal representative are check CRT-002
-- basis.zh: 严重违法失信名单所列企业的法定代表人3年内不得担任其他企业的法定代表人（国家市场监督管理总局令第44号（2021-09-01施行，取代国家工商行政管理总局令第83号））；拖欠农民工工资失信联合惩戒对象名单同时列入单位及其法定代表人（人力资源和社会保障部令第45号）；由D级纳税人的直接责任人员担任负责人的企业可被直接判为D级（国家税务总局公告2014年第40号，2025-06-30前施行）。法定代表人被列为失信被执行人见CRT-002
-- version: SAMR Order 44, SAT 2025 No. 12
-- effective_from: 2025-07-01
-- basis: Legal representative of an enterprise on the serious illegal list barred from that role elsewhere for 3 years (国家市场监督管理总局令第44号 SAMR Order 44, in force 2021-09-01, which replaced SAIC Order 83); wage-arrears list reaches the unit and its legal representative (人力资源和社会保障部令第45号 MOHRSS Order 45); being run by the responsible person of a D-rated taxpayer is a direct-D trigger of the tax credit rating (纳税缴费信用管理办法, 国家税务总局公告2025年第12号 SAT Announcement 2025 No. 12, in force 2025-07-01). Judgment-defaulter listings of the legal representative are check CRT-002
-- basis.zh: 严重违法失信名单所列企业的法定代表人3年内不得担任其他企业的法定代表人（国家市场监督管理总局令第44号（2021-09-01施行，取代国家工商行政管理总局令第83号））；拖欠农民工工资失信联合惩戒对象名单同时列入单位及其法定代表人（人力资源和社会保障部令第45号）；由D级纳税人的直接责任人员担任负责人的企业可被直接判为D级（《纳税缴费信用管理办法》（国家税务总局公告2025年第12号，2025-07-01施行，按自然年度评价））。法定代表人被列为失信被执行人见CRT-002
SELECT 'legal representative: ' || list AS subject,
       listed_on,
       CASE WHEN list IN ('serious_illegal', 'wage_arrears', 'major_tax_violation') THEN list END AS effect,
       list, reason,
       src_file, src_line
FROM list_status
WHERE subject = 'legal_rep'
  AND list NOT IN ('judgment_defaulter', 'red_list', 'abnormal_operations')
  AND (listed_on IS NOT NULL OR reason IS NOT NULL)
  AND in_force(listed_on, removed_on, :as_of);

-- check: BL-007
-- area: blacklists
-- severity: high
-- title: The company is on another credit blacklist
-- title.zh: 企业被列入其他失信名单
-- basis: Black lists are a record category of Credit China and serious-dishonesty lists a category of the national public credit information catalogue (2024 edition); a list recorded as other is not one the criteria reference describes, and the consumption-restriction (courts), government-procurement and statistics serious-dishonesty lists are named there without their rules (the work-safety list is BL-010's), so the rule of each is unverified
-- basis.zh: 黑名单是信用中国的信息类别，严重失信主体名单是全国公共信用信息基础目录（2024年版）的类别；记录为“其他”的名单不在规则依据参考所述范围内，限制消费人员（法院）、政府采购和统计严重失信名单在其中只有名称而无规则（安全生产严重失信主体名单见BL-010），故各名单的规则未经核实
-- remedy: Identify the listing authority and the rule it applied, perform the obligation behind the listing and apply for removal.
-- remedy.zh: 查明作出列入决定的机关及所依据的规定，履行相应义务并申请移出。
-- detail: on the {list:list_name} since {listed_on|(date not recorded)}, reason "{reason|not recorded}"
-- detail.zh: 自{listed_on|（日期未记录）}起被列入{list:list_name}，事由：“{reason|未记录}”
-- subject.zh: {list:list_name|名单}（列入日期：{listed_on|不详}）
-- requires: list_status
-- tags: lists, blacklist
SELECT CASE list WHEN 'other' THEN 'other list' ELSE replace(list, '_', ' ') END
       || ' since ' || coalesce(listed_on, 'an unknown date') AS subject,
       listed_on, list, reason,
       src_file, src_line
FROM list_status
WHERE list IN ('other', 'consumption_restriction', 'procurement_dishonesty', 'statistics_dishonesty')
  AND subject = 'entity'
  AND (listed_on IS NOT NULL OR reason IS NOT NULL)
  AND in_force(listed_on, removed_on, :as_of);

-- check: BL-008
-- area: blacklists
-- severity: low
-- title: List status not looked up in the last 90 days
-- title.zh: 近90天内未查询名单状态
-- basis: The abnormal operations, serious illegal, judgment-defaulter, major tax violation and wage-arrears lists (and the customs credit list for traders) are published record categories (Credit China; national public credit information catalogue, 2024 edition); a status older than 90 days (a tool choice) cannot show a listing made since, and an unchecked list is never a pass
-- basis.zh: 信用中国、全国公共信用信息基础目录（2024年版）：经营异常名录、严重违法失信名单、失信被执行人名单、重大税收违法失信主体名单、拖欠农民工工资失信联合惩戒对象名单（及进出口企业的海关信用名单）均为公开的信息类别；超过90天（工具设定）的查询结果无法反映此后的新列入，未查询的名单绝不视为通过
-- remedy: Look the company up on each list (National Enterprise Credit Information Publicity System, Credit China, the court enforcement information site, the tax and customs credit publications) and record the date in list_status.checked_on.
-- remedy.zh: 在国家企业信用信息公示系统、信用中国、执行信息公开网及税务、海关信用公示渠道逐一查询企业名单状态，并在名单状态表中记录查询日期。
-- detail: {list:list_name}: last look-up {last_checked_on|not recorded}
-- detail.zh: {list:list_name}：最近一次查询{last_checked_on|未记录}
-- subject.zh: 名单查询：{list:list_name}
-- requires: entity
-- optional: list_status, customs
-- tags: lists, data-quality
WITH lists(list) AS (
	VALUES ('abnormal_operations'), ('serious_illegal'), ('judgment_defaulter'),
	       ('major_tax_violation'), ('wage_arrears'), ('customs_untrustworthy')
)
SELECT 'list status: ' || lists.list AS subject,
       lists.list, last.on_ AS last_checked_on,
       e.src_file, e.src_line
FROM lists
JOIN (SELECT l2.list, (SELECT max(checked_on) FROM list_status s
                       WHERE s.list = l2.list AND s.subject = 'entity' AND s.checked_on <= :as_of) AS on_
      FROM lists l2) last ON last.list = lists.list,
     entity e
WHERE (lists.list <> 'customs_untrustworthy' OR EXISTS (SELECT 1 FROM customs))
  AND NOT EXISTS (SELECT 1 FROM list_status s
                  WHERE s.list = lists.list AND s.subject = 'entity'
                    AND s.checked_on <= :as_of AND s.checked_on >= date_add_days(:as_of, -90));

-- check: BL-009
-- area: blacklists
-- severity: high
-- title: The company or its legal representative is in the list exports (same identifier)
-- title.zh: 名单导出数据中有与企业或其法定代表人证件号码一致的条目
-- basis: Black lists and the abnormal operations list are record categories of Credit China; a current entry of the list exports the user holds with the company's unified social credit code (GB 32100-2015), or with its legal representative's identity number, is a certain match that list_status must show; see BL-001 to BL-007 and AR-005 for the consequences of each list
-- basis.zh: 信用中国、GB 32100-2015：黑名单和经营异常名录是信用中国的信息类别；用户所持名单导出数据中与企业统一社会信用代码（GB 32100-2015）或其法定代表人身份证件号码一致的现行条目为确定匹配，名单状态应予反映；各名单的后果见BL-001至BL-007及AR-005
-- remedy: Verify the entry on the official source, record it in list_status, and follow the remedy of that list.
-- remedy.zh: 通过官方渠道核实该条目，在名单状态中记录，并按该名单的整改要求处理。
-- detail: {?company:the company's credit code {uscc}}{!company:the legal representative's identity number} is in an entry of the {list:list_name}{!company:{?entry_name: for {entry_name}}}{?listed_on: listed on {listed_on}}{?authority: by {authority}}{?reason: for "{reason}"}
-- detail.zh: {?company:企业统一社会信用代码{uscc}}{!company:法定代表人身份证件号码}出现在{list:list_name}的条目中{!company:{?entry_name:（条目名称：{entry_name}）}}{?listed_on:，列入日期{listed_on}}{?authority:，列入机关：{authority}}{?reason:，事由：“{reason}”}
-- subject.zh: {?company:企业}{!company:法定代表人}：{list:list_name}
-- requires: entity, list_entries
-- tags: lists
SELECT CASE WHEN le.uscc = e.uscc THEN 'company' ELSE 'legal representative' END
       || ': ' || replace(le.list, '_', ' ') AS subject,
       le.uscc = e.uscc AS company, e.uscc,
       le.listed_on, le.authority, le.reason,
       le.list, le.name AS entry_name,
       le.src_file, le.src_line
FROM entity e
JOIN list_entries le
  ON (uscc_valid(e.uscc) = 1 AND le.uscc = e.uscc)
  OR (id_key(e.legal_rep_id) IS NOT NULL AND id_key(le.legal_rep_id) = id_key(e.legal_rep_id))
WHERE le.list <> 'red_list'
  AND in_force(le.listed_on, le.removed_on, :as_of);

-- check: BL-010
-- area: blacklists
-- severity: critical
-- title: The company is on the work-safety serious dishonesty list
-- title.zh: 企业被列入安全生产严重失信主体名单
-- basis: 安全生产严重失信主体名单 (work-safety serious dishonesty list, kept by emergency management) is one of the published credit lists (criteria reference, "How the records word things"); serious-dishonesty lists are a category of the national public credit information catalogue (2024 edition). The listing rule, its period and the removal conditions are not in the criteria reference (unverified)
-- basis.zh: 安全生产严重失信主体名单（应急管理部门）：是公开的信用名单之一（规则依据参考“记录中的表述”）；严重失信主体名单是全国公共信用信息基础目录（2024年版）的类别。列入规则、期限及移出条件不在规则依据参考中（未经核实）
-- remedy: Find the listing decision and its grounds, perform the penalty and correct the safety defects, and ask the emergency management authority when and how removal can be applied for.
-- remedy.zh: 查明列入决定及其事由，履行处罚决定、整改安全隐患，并向应急管理部门了解申请移出的时间和条件。
-- detail: on the work-safety serious dishonesty list since {listed_on|an unrecorded date}{?reason: for "{reason}"}
-- detail.zh: 自{listed_on|（日期未记录）}起被列入安全生产严重失信主体名单{?reason:，事由：{reason}}
-- subject.zh: 安全生产严重失信主体名单（列入日期：{listed_on|不详}）
-- requires: list_status
-- cap: D
-- tags: lists, blacklist, work-safety, grade-cap, unverified
SELECT 'work-safety list since ' || coalesce(listed_on, 'an unknown date') AS subject,
       listed_on, reason,
       src_file, src_line
FROM list_status
WHERE list = 'work_safety_dishonesty' AND subject = 'entity'
  AND (listed_on IS NOT NULL OR reason IS NOT NULL)
  AND in_force(listed_on, removed_on, :as_of);

-- check: BL-011
-- area: blacklists
-- severity: high
-- title: A person who runs or owns the company is in the list exports (same identity number)
-- title.zh: 企业主要人员出现在名单导出数据中（身份证号一致）
-- basis: Joint punishment reaches the responsible persons: consumption restrictions on a judgment defaulter reach its legal representative, principal, directly responsible person and actual controller (SPC Fa Shi [2017] No. 7); the legal representative of an enterprise on the serious illegal list is barred from that role elsewhere for 3 years (SAMR Order 44, in force 2021-09-01); the wage-arrears list names the unit and its legal representative (MOHRSS Order 45). A current entry of the list exports the user holds with the same identity number (compared normalised: blanks and hyphens dropped, x as X; 18 or the old 15 digits) names that person. The legal representative recorded in the entity record is BL-009
-- basis.zh: 联合惩戒及于责任人员：对失信被执行人的限制消费措施及于其法定代表人、主要负责人、直接责任人员和实际控制人（最高人民法院法释〔2017〕7号）；严重违法失信名单所列企业的法定代表人3年内不得担任其他企业的法定代表人（国家市场监督管理总局令第44号，2021-09-01施行）；拖欠农民工工资失信联合惩戒对象名单同时列入单位及其法定代表人（人力资源和社会保障部令第45号）。用户所持名单导出数据中身份证号一致（去除空格和连字符、x按X比对；18位或旧15位号码）的现行条目即指该人。企业基本信息中记录的法定代表人见BL-009
-- remedy: Verify the entry on the official source; if it is the person, assess what the listing bars them from in the company (the legal-representative role, consumption, bids), record it, and replace the person or have the obligation behind the listing performed.
-- remedy.zh: 通过官方渠道核实该条目；如确为本人，评估该名单对其在企业中任职及企业经营的限制（法定代表人任职、消费、投标等），予以记录，并更换人员或督促履行被列入名单所涉义务。
-- detail: the {role:person_role} {name} has the identity number of an entry of the {list:list_name}{?entry_name: for {entry_name}}{?listed_on:, listed on {listed_on}}{?authority: by {authority}}{?reason: for "{reason}"}
-- detail.zh: {role:person_role}{name}的身份证号与{list:list_name}中的条目一致{?entry_name:（条目名称：{entry_name}）}{?listed_on:，列入日期{listed_on}}{?authority:，列入机关：{authority}}{?reason:，事由：“{reason}”}
-- subject.zh: {role:person_role}{name}（{masked_id}）：{list:list_name}
-- requires: people, list_entries
-- optional: entity
-- applies: SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM list_entries) OR EXISTS (SELECT 1 FROM list_entries WHERE legal_rep_id IS NOT NULL)
-- tags: lists, people
WITH persons AS MATERIALIZED (
	SELECT p.name, p.role, p.id_number, id_key(p.id_number) AS k, p.src_file, p.src_line
	FROM people p
	WHERE id_key(p.id_number) IS NOT NULL
	  AND NOT EXISTS (SELECT 1 FROM entity e WHERE p.entity_uscc IS NOT NULL AND e.uscc IS NOT NULL
	                  AND p.entity_uscc <> e.uscc)
	  AND NOT EXISTS (SELECT 1 FROM entity e WHERE id_key(e.legal_rep_id) = id_key(p.id_number))
), entries AS MATERIALIZED (
	SELECT le.list, le.name, le.legal_rep_id, id_key(le.legal_rep_id) AS k, le.listed_on, le.authority, le.reason
	FROM list_entries le
	WHERE le.legal_rep_id IS NOT NULL AND le.list <> 'red_list'
	  AND in_force(le.listed_on, le.removed_on, :as_of)
)
SELECT p.name || ' ' || id_mask(p.id_number) || ' (' || replace(p.role, '_', ' ') || '): '
       || replace(le.list, '_', ' ') AS subject,
       p.name, p.role,
       id_mask(p.id_number) AS masked_id,
       p.id_number AS person_id, le.list, le.name AS entry_name, le.listed_on, le.authority, le.reason,
       p.src_file, p.src_line
FROM persons p
JOIN entries le ON le.k = p.k;

-- check: BL-012
-- area: blacklists
-- severity: low
-- title: A person who runs or owns the company has the name of a person in the list exports (to review)
-- title.zh: 企业主要人员与名单导出数据中的人员同名（待核实）
-- basis: Joint punishment reaches the responsible persons (consumption restrictions on a judgment defaulter reach its legal representative, principal, directly responsible person and actual controller: SPC Fa Shi [2017] No. 7; serious illegal list: SAMR Order 44, in force 2021-09-01; wage-arrears list: MOHRSS Order 45); but a personal name alone does not identify a person: without an identity number on both sides the same name is only a lead to review, never a listing. The same name with two different identity numbers is two people and is not reported
-- basis.zh: 联合惩戒及于责任人员（对失信被执行人的限制消费措施及于其法定代表人、主要负责人、直接责任人员和实际控制人：最高人民法院法释〔2017〕7号；严重违法失信名单：国家市场监督管理总局令第44号，2021-09-01施行；拖欠农民工工资失信联合惩戒对象名单：人力资源和社会保障部令第45号）；但仅凭姓名不能确定身份：双方未均有身份证号时，同名只是需核实的线索，不视为被列入名单。同名而身份证号不同即为两人，不予报告
-- remedy: Record the person's identity number (people.id_number, or entity.legal_rep_id) and obtain the entry's, or look the person up on the official source, to tell whether it is the same person.
-- remedy.zh: 补录该人员的身份证号（主要人员表或企业基本信息中的法定代表人身份证号），并取得该条目的证件号码或通过官方渠道查询，以确认是否为同一人。
-- detail: review: the {role:person_role} {name} has the same name as a person in an entry of the {list:list_name}{?entry_name: for {entry_name}}{?listed_on:, listed on {listed_on}}, and {?person_has_id:the list entry gives no identity number}{!person_has_id:{?entry_has_id:the records give the person no identity number}{!entry_has_id:neither side has an identity number}}, so a name alone cannot tell whether it is the same person
-- detail.zh: 待核实：{role:person_role}{name}与{list:list_name}条目中的人员同名{?entry_name:（条目名称：{entry_name}）}{?listed_on:，列入日期{listed_on}}，{?person_has_id:名单条目没有身份证号}{!person_has_id:{?entry_has_id:记录中该人员没有身份证号}{!entry_has_id:双方均无身份证号}}，仅凭姓名无法确认是否为同一人
-- subject.zh: {role:person_role}{name}（同名待核实）：{list:list_name}
-- requires: entity, list_entries
-- optional: people
-- applies: SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM list_entries) OR EXISTS (SELECT 1 FROM list_entries WHERE legal_rep_name IS NOT NULL OR legal_rep_id IS NOT NULL OR uscc IS NULL)
-- tags: lists, people
WITH persons AS MATERIALIZED (
	SELECT p.name, p.role, id_key(p.id_number) AS k, person_key(p.name) AS nk, p.src_file, p.src_line
	FROM people p
	WHERE person_key(p.name) IS NOT NULL
	  AND NOT EXISTS (SELECT 1 FROM entity e WHERE p.entity_uscc IS NOT NULL AND e.uscc IS NOT NULL
	                  AND p.entity_uscc <> e.uscc)
	UNION ALL
	SELECT e.legal_rep_name, 'legal_representative', id_key(e.legal_rep_id), person_key(e.legal_rep_name),
	       e.src_file, e.src_line
	FROM entity e
	WHERE person_key(e.legal_rep_name) IS NOT NULL
	  AND NOT EXISTS (SELECT 1 FROM people p WHERE p.role = 'legal_representative'
	                  AND person_key(p.name) = person_key(e.legal_rep_name))
), entries AS MATERIALIZED (
	SELECT le.list, le.name, id_key(le.legal_rep_id) AS k,
	       person_key(coalesce(le.legal_rep_name, CASE WHEN le.uscc IS NULL THEN le.name END)) AS nk,
	       le.listed_on, le.authority, le.reason
	FROM list_entries le
	WHERE (le.legal_rep_name IS NOT NULL OR le.uscc IS NULL) AND le.list <> 'red_list'
	  AND in_force(le.listed_on, le.removed_on, :as_of)
)
SELECT p.name || ' (' || replace(p.role, '_', ' ') || '): ' || replace(le.list, '_', ' ')
       || coalesce(' ' || le.name, '') AS subject,
       p.name, p.role,
       p.k IS NOT NULL AS person_has_id, le.k IS NOT NULL AS entry_has_id,
       le.list, le.name AS entry_name, le.listed_on,
       p.src_file, p.src_line
FROM persons p
JOIN entries le ON le.nk = p.nk
WHERE p.k IS NULL OR le.k IS NULL;
