-- Identity and registration. One file per area; each check starts at its
-- check annotation and ends with the semicolon of its SELECT.

-- check: ID-001
-- area: identity
-- severity: high
-- title: The company's unified social credit code is invalid
-- title.zh: 企业统一社会信用代码无效
-- basis: GB 32100-2015 统一社会信用代码 (Unified Social Credit Code): 18 characters from 0-9 and A-Y without I, O, Z, S, V, position 18 a MOD 31 check character; positions 9-17 an organisation code with its GB 11714 check character at position 17
-- remedy: Compare the code with the business licence; if the licence shows the same code, correct the master data in every system and filing that carries it; if the records are right and the code still fails, ask the registration authority.
-- remedy.zh: 与营业执照核对统一社会信用代码；如营业执照所载代码与此相同，请在所有系统和报送材料中更正主数据；如记录无误而代码仍校验失败，请向登记机关核实。
-- requires: entity
-- tags: identity, data-quality
SELECT coalesce(uscc, '(empty)') AS subject,
       CASE WHEN uscc IS NULL OR uscc = ''
            THEN 'the entity record has no unified social credit code'
            ELSE 'unified social credit code ' || uscc
                 || ' fails the GB 32100 structure or check characters'
       END AS detail,
       name AS entity_name,
       src_file, src_line
FROM entity
WHERE uscc IS NULL OR uscc = '' OR uscc_valid(uscc) = 0;

-- check: ID-002
-- area: identity
-- severity: medium
-- title: The credit code's entity type does not match the recorded entity type
-- title.zh: 统一社会信用代码所示主体类型与登记的主体类型不一致
-- basis: GB 32100-2015 统一社会信用代码 (Unified Social Credit Code): position 1 registration authority (9 = industry and commerce / market regulation), position 2 entity type under authority 9 (1 enterprise, 2 sole trader, 3 farmers' cooperative); only codes issued by authority 9 are compared; every legal form of enterprise (limited liability, joint-stock, partnership, sole proprietorship, state-owned, collective) is compared with 1, branches and representative offices not at all (their type code is not in the criteria reference)
-- remedy: Check which is wrong, the recorded entity type or the code; correct the master data, or have the registration corrected if the licence itself is inconsistent.
-- remedy.zh: 核实是登记的主体类型有误还是代码有误；更正主数据，如营业执照本身不一致，请申请更正登记。
-- requires: entity
-- tags: identity, data-quality
SELECT uscc AS subject,
       'code ' || uscc || ' marks entity type '
       || CASE substr(uscc, 2, 1) WHEN '1' THEN 'enterprise' WHEN '2' THEN 'sole trader'
                                  WHEN '3' THEN 'farmers'' cooperative'
                                  ELSE 'other (' || substr(uscc, 2, 1) || ')' END
       || ' but the entity record says ' || entity_type AS detail,
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
-- basis: GB 32100-2015 统一社会信用代码 (Unified Social Credit Code): positions 3-8 are the GB/T 2260 division code of the registration; compared only down to the coarser of the two codes (province, prefecture or county), because an authority at a higher level may have registered the company
-- remedy: Confirm the registration authority's region; a company that moved keeps its code, so record the explanation, or correct the region in the master data.
-- remedy.zh: 核实登记机关所在行政区划；企业迁移住所后代码不变，如属此情况请记录说明，否则更正主数据中的行政区划代码。
-- requires: entity
-- tags: identity, data-quality
WITH e AS (
	SELECT *, substr(uscc, 3, 6) AS code_region,
	       min(CASE WHEN substr(uscc, 5, 4) = '0000' THEN 2
	                WHEN substr(uscc, 7, 2) = '00' THEN 4 ELSE 6 END,
	           CASE WHEN substr(region_code, 3, 4) = '0000' THEN 2
	                WHEN substr(region_code, 5, 2) = '00' THEN 4 ELSE 6 END) AS n
	FROM entity
	WHERE uscc_valid(uscc) = 1 AND region_code REGEXP '^[0-9]{6}$'
)
SELECT uscc AS subject,
       'code ' || uscc || ' was issued in region ' || code_region
       || ' but the recorded region is ' || region_code
       || ' (compared to ' || n || ' digits)' AS detail,
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
-- remedy: Stop the licensed activity until the licence is renewed or reissued; apply to the issuing authority now and record the application date. A licence replaced by a later one of the same number, or of the same type and scope, is not reported.
-- remedy.zh: 在证照延续或重新核发前停止相关许可经营活动；立即向发证机关提出申请并记录申请日期。
-- requires: licenses
-- tags: identity, licences
SELECT license_type || ' ' || license_no AS subject,
       license_type || ' ' || license_no || ' expired on ' || expires_on
       || CASE WHEN renewal_applied_on IS NOT NULL
               THEN '; renewal applied for on ' || renewal_applied_on
               ELSE '; no renewal application recorded' END AS detail,
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
-- basis: Renewal lead time as recorded per licence (renewal_lead_days) from the licence's own rules; where none is recorded the tool assumes 90 days (a tool default, not a regulatory figure); licences held are a CSCS rating input (seed documents; "The Digital Hand", 2019)
-- remedy: Apply to the issuing authority for renewal before the due date and record the application date.
-- remedy.zh: 在截止日期前向发证机关申请延续，并记录申请日期。
-- requires: licenses
-- tags: identity, licences, deadline
SELECT license_type || ' ' || license_no AS subject,
       license_type || ' ' || license_no || ' expires on ' || expires_on
       || '; renewal should be applied for ' || coalesce(renewal_lead_days, 90)
       || ' days before, by ' || date_add_days(expires_on, -coalesce(renewal_lead_days, 90))
       || CASE WHEN renewal_lead_days IS NULL THEN ' (90-day tool default)' ELSE '' END AS detail,
       date_add_days(expires_on, -coalesce(renewal_lead_days, 90)) AS due_date,
       expires_on,
       src_file, src_line
FROM licenses l
WHERE coalesce(status, 'valid') = 'valid'
  AND renewal_applied_on IS NULL
  AND expires_on >= :as_of
  AND :as_of >= date_add_days(expires_on, -coalesce(renewal_lead_days, 90))
  AND NOT EXISTS (SELECT 1 FROM licenses n
                  WHERE n.id <> l.id AND n.expires_on > l.expires_on
                    AND (n.license_no = l.license_no
                         OR (n.license_type = l.license_type AND coalesce(n.scope, '') = coalesce(l.scope, '')))
                    AND coalesce(n.status, 'valid') = 'valid' AND coalesce(n.issued_on, '0000') <= :as_of);

-- check: ID-006
-- area: identity
-- severity: high
-- title: Business licence or permit suspended or revoked
-- title.zh: 营业执照或许可证被暂扣或吊销
-- basis: Licence revoked or suspended is a heavier administrative penalty and a ground of the serious illegal and dishonest list in the listed areas (市场监督管理严重违法失信名单, SAMR Order 44, in force 2021-09-01); licences held are a CSCS rating input (seed documents)
-- remedy: Stop the activity the licence covers; check whether the suspension or revocation puts the company on the serious illegal and dishonest list; agree with counsel how to restore or replace the licence.
-- remedy.zh: 停止该证照所涉经营活动；核实暂扣或吊销是否导致被列入严重违法失信名单；与法律顾问商定恢复或重新取得证照的方案。
-- requires: licenses
-- tags: identity, licences
SELECT license_type || ' ' || license_no AS subject,
       license_type || ' ' || license_no || ' is ' || status
       || coalesce(' (issuer ' || issuer || ')', '') AS detail,
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
-- remedy: Have the shareholders pay in the outstanding capital, or agree and register a lawful change of the subscription with counsel; publish the contribution in the annual report.
-- remedy.zh: 督促股东缴足未到位的出资，或在法律顾问指导下依法办理认缴出资变更登记；并在年度报告中公示出资情况。
-- requires: entity
-- tags: identity, capital
SELECT coalesce(uscc, name) AS subject,
       'RMB ' || printf('%,d.%02d', (registered_capital - coalesce(paid_in_capital, 0)) / 100,
                        (registered_capital - coalesce(paid_in_capital, 0)) % 100)
       || ' of RMB ' || printf('%,d.%02d', registered_capital / 100, registered_capital % 100)
       || ' registered capital was due by ' || capital_due_on || ' and is not paid in' AS detail,
       capital_due_on AS due_date,
       registered_capital - coalesce(paid_in_capital, 0) AS unpaid_fen,
       src_file, src_line
FROM entity
WHERE capital_due_on < :as_of
  AND registered_capital > coalesce(paid_in_capital, 0);
