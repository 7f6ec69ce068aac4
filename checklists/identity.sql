-- Identity and registration. One file per area; each check starts at its
-- check annotation and ends with the semicolon of its SELECT.

-- The entity type a credit code marks at position 2 under registration
-- authority 9 (GB 32100-2015), for {code_type:uscc_type}.
-- phrase: uscc_type.1 = enterprise
-- phrase.zh: uscc_type.1 = 企业
-- phrase: uscc_type.2 = sole trader
-- phrase.zh: uscc_type.2 = 个体工商户
-- phrase: uscc_type.3 = farmers' cooperative
-- phrase.zh: uscc_type.3 = 农民专业合作社
-- phrase: uscc_type.* = other ({code_type})
-- phrase.zh: uscc_type.* = 其他（{code_type}）

-- The recorded entity types (entity.entity_type).
-- phrase: entity_type.enterprise = enterprise
-- phrase.zh: entity_type.enterprise = 企业
-- phrase: entity_type.llc = limited liability company
-- phrase.zh: entity_type.llc = 有限责任公司
-- phrase: entity_type.joint_stock = joint-stock company
-- phrase.zh: entity_type.joint_stock = 股份有限公司
-- phrase: entity_type.partnership = partnership
-- phrase.zh: entity_type.partnership = 合伙企业
-- phrase: entity_type.sole_proprietorship = sole proprietorship
-- phrase.zh: entity_type.sole_proprietorship = 个人独资企业
-- phrase: entity_type.state_owned = state-owned enterprise
-- phrase.zh: entity_type.state_owned = 全民所有制企业
-- phrase: entity_type.collective = collective enterprise
-- phrase.zh: entity_type.collective = 集体所有制企业
-- phrase: entity_type.sole_trader = sole trader
-- phrase.zh: entity_type.sole_trader = 个体工商户
-- phrase: entity_type.cooperative = farmers' cooperative
-- phrase.zh: entity_type.cooperative = 农民专业合作社

-- The units of a renewal lead time (ID-005's lead_times parameter).
-- phrase: lead_unit.months = months
-- phrase.zh: lead_unit.months = 个月
-- phrase: lead_unit.working_days = working days
-- phrase.zh: lead_unit.working_days = 个工作日
-- phrase: lead_unit.days = days
-- phrase.zh: lead_unit.days = 天
-- phrase: lead_unit.* = {unit}
-- phrase.zh: lead_unit.* = 天

-- check: ID-001
-- area: identity
-- severity: high
-- title: The company's unified social credit code is invalid
-- title.zh: 企业统一社会信用代码无效
-- detail: {!uscc:the entity record has no unified social credit code}{?uscc:unified social credit code {uscc} fails the GB 32100 structure or check characters}
-- detail.zh: {!uscc:主体记录中没有统一社会信用代码}{?uscc:统一社会信用代码{uscc}不符合GB 32100规定的结构或校验码}
-- subject.zh: {uscc|（空）}
-- basis: GB 32100-2015 统一社会信用代码 (Unified Social Credit Code): 18 characters from 0-9 and A-Y without I, O, Z, S, V, position 18 a MOD 31 check character; positions 9-17 an organisation code with its GB 11714 check character at position 17
-- basis.zh: GB 32100-2015 统一社会信用代码：18位，取自0-9和A-Y（不含I、O、Z、S、V），第18位为MOD 31校验码；第9至17位为组织机构代码，第17位为其GB 11714校验码
-- remedy: Compare the code with the business licence; if the licence shows the same code, correct the master data in every system and filing that carries it; if the records are right and the code still fails, ask the registration authority.
-- remedy.zh: 与营业执照核对统一社会信用代码；如营业执照所载代码与此相同，请在所有系统和报送材料中更正主数据；如记录无误而代码仍校验失败，请向登记机关核实。
-- requires: entity
-- tags: identity, data-quality
SELECT coalesce(uscc, '(empty)') AS subject,
       uscc, name AS entity_name,
       src_file, src_line
FROM entity
WHERE uscc IS NULL OR uscc = '' OR uscc_valid(uscc) = 0;

-- check: ID-002
-- area: identity
-- severity: medium
-- title: The credit code's entity type does not match the recorded entity type
-- title.zh: 统一社会信用代码所示主体类型与登记的主体类型不一致
-- detail: code {uscc} marks entity type {code_type:uscc_type} but the entity record says {entity_type}
-- detail.zh: 统一社会信用代码{uscc}所示主体类型为{code_type:uscc_type}，但主体记录为{entity_type:entity_type}
-- basis: GB 32100-2015 统一社会信用代码 (Unified Social Credit Code): position 1 registration authority (9 = industry and commerce / market regulation), position 2 entity type under authority 9 (1 enterprise, 2 sole trader, 3 farmers' cooperative); only codes issued by authority 9 are compared; every legal form of enterprise (limited liability, joint-stock, partnership, sole proprietorship, state-owned, collective) is compared with 1, branches and representative offices not at all (their type code is not in the criteria reference)
-- basis.zh: GB 32100-2015 统一社会信用代码：第1位为登记管理部门（9为工商/市场监管），登记管理部门为9时第2位为机构类别（1企业、2个体工商户、3农民专业合作社）；只比对登记管理部门为9的代码；各类企业法律形式（有限责任公司、股份有限公司、合伙企业、个人独资企业、全民所有制、集体所有制）均与1比对，分支机构和代表机构不比对（其类别代码不在规则依据参考范围内）
-- remedy: Check which is wrong, the recorded entity type or the code; correct the master data, or have the registration corrected if the licence itself is inconsistent.
-- remedy.zh: 核实是登记的主体类型有误还是代码有误；更正主数据，如营业执照本身不一致，请申请更正登记。
-- requires: entity
-- tags: identity, data-quality
SELECT uscc AS subject,
       uscc, substr(uscc, 2, 1) AS code_type,
       entity_type,
       src_file, src_line
FROM entity
WHERE uscc_valid(uscc) = 1
  AND substr(uscc, 1, 1) = '9'
  AND entity_type IN ('enterprise', 'llc', 'joint_stock', 'partnership', 'sole_proprietorship', 'state_owned',
                      'collective', 'sole_trader', 'cooperative')
  AND substr(uscc, 2, 1) <> CASE entity_type WHEN 'sole_trader' THEN '2'
                                             WHEN 'cooperative' THEN '3'
                                             ELSE '1' END;

-- check: ID-003
-- area: identity
-- severity: low
-- title: The credit code's region does not match the recorded region
-- title.zh: 统一社会信用代码所示行政区划与登记的行政区划不一致
-- basis: GB 32100-2015 统一社会信用代码 (Unified Social Credit Code): positions 3-8 are the GB/T 2260 division code of the registration; compared only down to the coarser of the two codes (province, prefecture or county), because an authority at a higher level may have registered the company. A code ending in 01 under a prefecture-level city (440101 广州市市辖区) stands for the city's districts together and is compared as the city; in the municipalities (11 Beijing, 12 Tianjin, 31 Shanghai, 50 Chongqing) xx0101 is a district and is compared as one
-- basis.zh: GB 32100-2015 统一社会信用代码：第3至8位为登记管理机关的行政区划代码（GB/T 2260）；只比对到两者中较粗的一级（省、地市或区县），因为上级机关也可能办理登记。地级市下以01结尾的代码（如440101广州市市辖区）代表全市各区，按该市比对；直辖市（11北京、12天津、31上海、50重庆）以0101结尾的区划代码为一个区，按区比对
-- remedy: Confirm the registration authority's region; a company that moved keeps its code, so record the explanation, or correct the region in the master data.
-- remedy.zh: 核实登记机关所在行政区划；企业迁移住所后代码不变，如属此情况请记录说明，否则更正主数据中的行政区划代码。
-- detail: code {uscc} was issued in region {code_region} but the recorded region is {region_code} (compared to {digits_compared} digits)
-- detail.zh: 统一社会信用代码{uscc}的登记行政区划为{code_region}，而记录的行政区划为{region_code}（比较前{digits_compared}位）
-- requires: entity
-- tags: identity, data-quality
WITH e AS (
	-- the columns it needs, not *: a check is judged on what it reads (an unknown value elsewhere in the row
	-- must not make it insufficient)
	SELECT uscc, region_code, src_file, src_line, substr(uscc, 3, 6) AS code_region,
	       min(CASE WHEN substr(uscc, 5, 4) = '0000' THEN 2
	                WHEN substr(uscc, 7, 2) = '00' THEN 4
	                WHEN substr(uscc, 7, 2) = '01' AND substr(uscc, 3, 2) NOT IN ('11', '12', '31', '50') THEN 4
	                ELSE 6 END,
	           CASE WHEN substr(region_code, 3, 4) = '0000' THEN 2
	                WHEN substr(region_code, 5, 2) = '00' THEN 4
	                WHEN substr(region_code, 5, 2) = '01' AND substr(region_code, 1, 2) NOT IN ('11', '12', '31', '50') THEN 4
	                ELSE 6 END) AS n
	FROM entity
	WHERE uscc_valid(uscc) = 1 AND region_code REGEXP '^[0-9]{6}$'
)
SELECT uscc AS subject,
       uscc, code_region, n AS digits_compared,
       region_code,
       src_file, src_line
FROM e
WHERE substr(code_region, 1, n) <> substr(region_code, 1, n);

-- check: ID-004
-- area: identity
-- severity: high
-- title: Business licence or permit expired
-- title.zh: 营业执照或许可证已过期
-- basis: Licences held are a rating input of the Corporate Social Credit System (seed documents; EU Chamber of Commerce in China and Sinolytics, "The Digital Hand", 2019); permits and their administrative penalties are catalogue categories (national public credit information catalogue, 2024 edition); the statutory renewal rule is the one of each permit and is not in the criteria reference
-- basis.zh: 种子文献、中国欧盟商会与Sinolytics《数字之手》（2019年）、全国公共信用信息基础目录（2024年版）：持有许可证照是企业社会信用体系的评价要素；许可及相关行政处罚是该目录的类别；各许可证的法定延续规则因证而异，不在规则依据参考中
-- remedy: Stop the licensed activity until the licence is renewed or reissued; apply to the issuing authority now and record the application date. A licence replaced by a later one of the same number, or of the same type and scope, is not reported.
-- remedy.zh: 在证照延续或重新核发前停止相关许可经营活动；立即向发证机关提出申请并记录申请日期。
-- detail: {license_type} {license_no} expired on {expires_on}; renewal applied for on {renewal_applied_on|(no application recorded)}
-- detail.zh: {license_type}{license_no}已于{expires_on}到期；延续申请日期：{renewal_applied_on|未记录}
-- requires: licenses
-- tags: identity, licences
SELECT license_type || ' ' || license_no AS subject,
       license_type, license_no, expires_on, renewal_applied_on,
       expires_on AS due_date,
       issuer,
       src_file, src_line
FROM licenses l
WHERE coalesce(status, 'valid') IN ('valid', 'expired')
  AND (expires_on < :as_of OR (status = 'expired' AND coalesce(expires_on, '') <= :as_of))
  AND NOT EXISTS (SELECT 1 FROM licenses n
                  WHERE n.id <> l.id AND n.expires_on > l.expires_on
                    AND (n.license_no = l.license_no
                         OR (n.license_type = l.license_type AND coalesce(n.scope, '') = coalesce(l.scope, '')))
                    AND coalesce(n.status, 'valid') = 'valid' AND coalesce(n.issued_on, '0000') <= :as_of);

-- check: ID-005
-- area: identity
-- severity: medium
-- title: Licence or permit expires within its renewal lead time and no renewal is recorded
-- title.zh: 证照即将到期且未记录延续申请
-- detail: {license_type} {license_no} expires on {expires_on}; renewal should be applied for {?recorded:{lead_days} days (recorded for this licence)}{!recorded:{?unit:{amount} {unit:lead_unit} ({source})}{!unit:{default_days} days (tool default; the issuer's lead time is not recorded)}} before, by {due_date}
-- detail.zh: {license_type}{license_no}将于{expires_on}到期，应提前{?recorded:{lead_days}天（该证照记录的期限）}{!recorded:{?unit:{amount}{unit:lead_unit}（{source}）}{!unit:{default_days}天（工具默认值；未记录发证机关规定的期限）}}申请延续，即不晚于{due_date}
-- basis: Renewal lead times by licence type (criteria reference, "Licences - renewal lead times"; lead times from published texts, articles unverified): work-safety licence (安全生产许可证条例) and hazardous chemicals operation permit (危险化学品经营许可证管理办法) 3 months before expiry; food production and food business licences (食品生产许可管理办法, 食品经营许可和备案管理办法) 30 working days; radiation safety licence (放射性同位素与射线装置安全许可管理办法) 30 days. A lead time recorded for the licence (renewal_lead_days) wins; for other licences the tool assumes 90 days (a tool default, not a regulatory figure). Working days are counted Monday-Friday without the public-holiday calendar. Licences held are a CSCS rating input (seed documents; "The Digital Hand", 2019)
-- basis.zh: 各类许可证的延续申请提前期（规则依据参考“许可证：延续提前期”；提前期取自公开文本，具体条款未经核实）：安全生产许可证（《安全生产许可证条例》）和危险化学品经营许可证（《危险化学品经营许可证管理办法》）到期前3个月；食品生产许可证和食品经营许可证（《食品生产许可管理办法》《食品经营许可和备案管理办法》）30个工作日；辐射安全许可证（《放射性同位素与射线装置安全许可管理办法》）30日。该证照记录了提前期（renewal_lead_days）的以记录为准；其他证照按90天提示（工具默认值，非法定数值）。工作日按周一至周五计算，未扣除法定节假日。持有许可证照是企业社会信用体系的评价要素（种子文献；中国欧盟商会与Sinolytics《数字之手》（2019年））
-- remedy: Apply to the issuing authority for renewal before the due date and record the application date.
-- remedy.zh: 在截止日期前向发证机关申请延续，并记录申请日期。
-- requires: licenses
-- tags: identity, licences, deadline
-- The lead-time table is data: one entry per licence type, [text the licence
-- type contains, how many, unit (months, days or working_days), source]; the
-- first entry whose text the type contains applies. Add entries as needed.
-- param.lead_times: [["安全生产许可证", 3, "months", "安全生产许可证条例"],
--   ["危险化学品经营许可证", 3, "months", "危险化学品经营许可证管理办法"],
--   ["食品生产许可证", 30, "working_days", "食品生产许可管理办法"],
--   ["食品经营许可证", 30, "working_days", "食品经营许可和备案管理办法"],
--   ["辐射安全许可证", 30, "days", "放射性同位素与射线装置安全许可管理办法"]]
-- param.default_days: 90
WITH RECURSIVE i(n) AS (
	SELECT 0 WHERE json_array_length(:lead_times) > 0
	UNION ALL
	SELECT n + 1 FROM i WHERE n + 1 < json_array_length(:lead_times)
), t AS (
	SELECT n, json_extract(:lead_times, '$[' || n || '][0]') AS pattern,
	       json_extract(:lead_times, '$[' || n || '][1]') AS amount,
	       json_extract(:lead_times, '$[' || n || '][2]') AS unit,
	       json_extract(:lead_times, '$[' || n || '][3]') AS source
	FROM i
), l AS (
	SELECT l.license_type, l.license_no, l.expires_on, l.renewal_lead_days, l.src_file, l.src_line,
	       (SELECT n FROM t WHERE instr(l.license_type, t.pattern) > 0 ORDER BY n LIMIT 1) AS rule
	FROM licenses l
	WHERE coalesce(l.status, 'valid') = 'valid'
	  AND l.renewal_applied_on IS NULL
	  AND l.expires_on >= :as_of
	  AND NOT EXISTS (SELECT 1 FROM licenses n
	                  WHERE n.id <> l.id AND n.expires_on > l.expires_on
	                    AND (n.license_no = l.license_no
	                         OR (n.license_type = l.license_type AND coalesce(n.scope, '') = coalesce(l.scope, '')))
	                    AND coalesce(n.status, 'valid') = 'valid' AND coalesce(n.issued_on, '0000') <= :as_of)
), d AS (
	SELECT l.license_type, l.license_no, l.expires_on, l.src_file, l.src_line,
	       CASE WHEN l.renewal_lead_days IS NOT NULL THEN date_add_days(l.expires_on, -l.renewal_lead_days)
	            WHEN t.unit = 'months' THEN date_add_months(l.expires_on, -t.amount)
	            WHEN t.unit = 'working_days' THEN add_working_days(l.expires_on, -t.amount)
	            WHEN t.unit = 'days' THEN date_add_days(l.expires_on, -t.amount)
	            ELSE date_add_days(l.expires_on, -:default_days) END AS apply_by,
	       l.renewal_lead_days IS NOT NULL AS recorded, l.renewal_lead_days AS lead_days,
	       t.amount, t.unit, t.source
	FROM l LEFT JOIN t ON t.n = l.rule
)
SELECT license_type || ' ' || license_no AS subject,
       license_type, license_no, recorded, lead_days, amount, unit, source, :default_days AS default_days,
       apply_by AS due_date,
       expires_on,
       src_file, src_line
FROM d
WHERE :as_of >= apply_by;

-- check: ID-006
-- area: identity
-- severity: high
-- title: Business licence or permit suspended or revoked
-- title.zh: 营业执照或许可证被暂扣或吊销
-- basis: Licence revoked or suspended is a heavier administrative penalty and a ground of the serious illegal and dishonest list in the listed areas (市场监督管理严重违法失信名单, SAMR Order 44, in force 2021-09-01); licences held are a CSCS rating input (seed documents)
-- basis.zh: 市场监督管理严重违法失信名单，国家市场监督管理总局令第44号（2021-09-01施行）：吊销或暂扣许可证件属较重行政处罚，在所列领域是列入严重违法失信名单的事由；持有许可证照是企业社会信用体系的评价要素（种子文献）
-- remedy: Stop the activity the licence covers; check whether the suspension or revocation puts the company on the serious illegal and dishonest list; agree with counsel how to restore or replace the licence.
-- remedy.zh: 停止该证照所涉经营活动；核实暂扣或吊销是否导致被列入严重违法失信名单；与法律顾问商定恢复或重新取得证照的方案。
-- detail: {license_type} {license_no} is {status} (issuer {issuer|not recorded})
-- detail.zh: {license_type}{license_no}已被{status:withdrawn_status}（发证机关：{issuer|未记录}）
-- requires: licenses
-- tags: identity, licences
SELECT license_type || ' ' || license_no AS subject,
       license_type, license_no, issuer,
       status,
       src_file, src_line
FROM licenses
WHERE status IN ('suspended', 'revoked');

-- check: ID-007
-- area: identity
-- severity: medium
-- title: Registered capital not paid in by its subscription date
-- title.zh: 注册资本未在认缴出资期限内实缴到位
-- basis: The subscription date the company recorded (capital_due_on, 认缴出资期限); registration information is a catalogue category (national public credit information catalogue, 2024 edition); the statutory contribution rule is not in the criteria reference (unverified)
-- basis.zh: 企业记录的认缴出资期限（capital_due_on）；登记注册信息是全国公共信用信息基础目录（2024年版）的类别；法定出资规则不在规则依据参考中（未经核实）
-- remedy: Have the shareholders pay in the outstanding capital, or agree and register a lawful change of the subscription with counsel; publish the contribution in the annual report.
-- remedy.zh: 督促股东缴足未到位的出资，或在法律顾问指导下依法办理认缴出资变更登记；并在年度报告中公示出资情况。
-- detail: RMB {unpaid_fen:yuan} of RMB {registered_capital_fen:yuan} registered capital was due by {capital_due_on} and is not paid in
-- detail.zh: 注册资本{registered_capital_fen:yuan}元中有{unpaid_fen:yuan}元应于{capital_due_on}前实缴，未记录实缴
-- requires: entity
-- tags: identity, capital
SELECT coalesce(uscc, name) AS subject,
       registered_capital AS registered_capital_fen, capital_due_on,
       capital_due_on AS due_date,
       registered_capital - coalesce(paid_in_capital, 0) AS unpaid_fen,
       src_file, src_line
FROM entity
WHERE capital_due_on < :as_of
  AND registered_capital > coalesce(paid_in_capital, 0);

-- check: ID-008
-- area: identity
-- severity: medium
-- title: Capital subscription period of a limited liability company longer than the Company Law allows
-- title.zh: 有限责任公司认缴出资期限超过公司法规定
-- basis: Company Law as revised 2023, in force 2024-07-01, art. 47: a limited liability company's shareholders pay in their subscribed capital within 5 years of incorporation. For companies set up before 2024-07-01 (State Council provisions on registered capital under the Company Law, in force 2024-07-01): a remaining contribution period that, counted from 2027-07-01, is over 5 years must be shortened to at most 5 years by 2027-06-30, so all is paid by 2032-06-30. The company form is read from entity_type ('llc'), else from a name ending in 有限公司 or 有限责任公司 (not 股份有限公司); capital already due is check ID-007
-- basis.zh: 《公司法》（2023年修订，2024-07-01施行）第47条：有限责任公司股东应自公司成立之日起5年内缴足认缴出资。2024-07-01前设立的公司（国务院关于《公司法》注册资本管理的规定，2024-07-01施行）：自2027-07-01起算剩余出资期限超过5年的，应于2027-06-30前调整至5年以内，即2032-06-30前缴足。公司类型按entity_type（llc）判断，否则按名称以有限公司或有限责任公司结尾（不含股份有限公司）判断；已到期的出资见ID-007
-- remedy: Have the shareholders shorten the subscription period (a shareholders' resolution, the articles amended, the change registered and published within 20 working days) so that all capital is paid by the latest date, or pay it in now.
-- remedy.zh: 由股东会作出决议、修改章程，将认缴出资期限缩短至法定最晚日期之前并办理变更登记，在20个工作日内公示；或立即实缴出资。
-- detail: limited liability company established on {established_on}: capital is subscribed until {capital_due_on}, after {latest}, the latest the Company Law allows; the period must be shortened by {deadline}
-- detail.zh: 有限责任公司成立于{established_on}，认缴出资期限至{capital_due_on}，晚于公司法允许的最晚日期{latest}；应于{deadline}前缩短出资期限
-- requires: entity
-- applies: SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM entity)
--   OR EXISTS (SELECT 1 FROM entity WHERE entity_type = 'llc'
--              OR (coalesce(entity_type, 'enterprise') = 'enterprise'
--                  AND (name LIKE '%有限公司' OR name LIKE '%有限责任公司') AND name NOT LIKE '%股份有限公司'))
-- effective_from: 2024-07-01
-- tags: identity, capital, deadline
WITH e AS (
	SELECT uscc, name, established_on, capital_due_on, registered_capital, paid_in_capital, src_file, src_line,
	       CASE WHEN established_on >= '2024-07-01' THEN date_add_years(established_on, 5) ELSE '2032-06-30' END AS latest,
	       CASE WHEN established_on >= '2024-07-01' THEN date_add_years(established_on, 5) ELSE '2027-06-30' END AS deadline
	FROM entity
	WHERE (entity_type = 'llc'
	       OR (coalesce(entity_type, 'enterprise') = 'enterprise'
	           AND (name LIKE '%有限公司' OR name LIKE '%有限责任公司') AND name NOT LIKE '%股份有限公司'))
	  AND established_on IS NOT NULL AND capital_due_on IS NOT NULL
	  AND registered_capital > coalesce(paid_in_capital, 0)
)
SELECT coalesce(uscc, name) AS subject,
       established_on, capital_due_on, latest, deadline,
       deadline AS due_date,
       registered_capital - coalesce(paid_in_capital, 0) AS unpaid_fen,
       src_file, src_line
FROM e
WHERE capital_due_on > latest
  AND capital_due_on >= :as_of;

-- check: ID-009
-- area: identity
-- severity: medium
-- title: Joint-stock company set up before 2024-07-01 with capital not yet paid in full (due by 2027-06-30)
-- title.zh: 2024年7月1日前设立的股份有限公司注册资本尚未缴足（应于2027年6月30日前缴足）
-- basis: State Council provisions on registered capital under the Company Law (in force 2024-07-01, with the Company Law as revised 2023): a joint-stock company set up before 2024-07-01 pays in its capital in full by 2027-06-30. The company form is read from entity_type ('joint_stock'), else from a name ending in 股份有限公司; capital already due by the company's own subscription date is check ID-007
-- basis.zh: 国务院关于《公司法》注册资本管理的规定（2024-07-01施行，与2023年修订的《公司法》同时施行）：2024-07-01前设立的股份有限公司应于2027-06-30前缴足股本。公司类型按entity_type（joint_stock）判断，否则按名称以股份有限公司结尾判断；按公司自定认缴期限已到期的出资见ID-007
-- remedy: Have the shareholders pay in the outstanding capital before 2027-06-30, or reduce the registered capital lawfully (resolution, creditor notice, registration), and publish the contribution within 20 working days.
-- remedy.zh: 督促股东在2027年6月30日前缴足出资，或依法减少注册资本（股东会决议、通知债权人、办理登记），并在20个工作日内公示出资情况。
-- detail: joint-stock company established on {established_on}: RMB {unpaid_fen:yuan} of RMB {registered_capital_fen:yuan} registered capital is not paid in; all of it must be paid in by 2027-06-30
-- detail.zh: 股份有限公司成立于{established_on}，注册资本{registered_capital_fen:yuan}元中尚有{unpaid_fen:yuan}元未实缴；应于2027年6月30日前全部缴足
-- requires: entity
-- applies: SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM entity)
--   OR EXISTS (SELECT 1 FROM entity WHERE entity_type = 'joint_stock'
--              OR (coalesce(entity_type, 'enterprise') = 'enterprise' AND name LIKE '%股份有限公司'))
-- effective_from: 2024-07-01
-- tags: identity, capital, deadline
SELECT coalesce(uscc, name) AS subject,
       established_on, registered_capital AS registered_capital_fen,
       registered_capital - coalesce(paid_in_capital, 0) AS unpaid_fen,
       '2027-06-30' AS due_date,
       src_file, src_line
FROM entity
WHERE (entity_type = 'joint_stock'
       OR (coalesce(entity_type, 'enterprise') = 'enterprise' AND name LIKE '%股份有限公司'))
  AND established_on < '2024-07-01'
  AND registered_capital > coalesce(paid_in_capital, 0)
  AND (capital_due_on IS NULL OR capital_due_on >= :as_of);
