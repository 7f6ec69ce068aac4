-- Environment: pollutant discharge permits, disclosure, credit rating, inspections.
-- Permits under registration management (登记管理) are not permits and are
-- left out of the permit checks.

-- check: ENV-001
-- area: environment
-- severity: high
-- title: No pollutant discharge permit recorded although the records show environmental obligations
-- title.zh: 记录显示负有环境义务但未记录排污许可证
-- detail: the records show environmental obligations ({?disclosure:mandatory disclosure}{?inspected:{?disclosure:; }environmental inspections}{?penalised:{?disclosure:; }{!disclosure:{?inspected:; }}environmental penalties}) but no pollutant discharge permit or registration valid on {as_of} is recorded
-- detail.zh: 记录显示企业负有环境义务（{?disclosure:依法披露环境信息}{?inspected:{?disclosure:、}生态环境检查}{?penalised:{?disclosure:、}{!disclosure:{?inspected:、}}生态环境行政处罚}），但未记录{as_of}有效的排污许可证或排污登记
-- basis: 排污许可管理条例 (Regulations on the Administration of Pollutant Discharge Permits, State Council Order 736, in force 2021-03-01): discharging without a permit is fined RMB 200,000 - 1 m. Which facilities need a permit is not in the criteria reference, so the check fires only when the records show environmental obligations (a mandatory environmental disclosure, an environmental inspection or penalty) and no permit or registration is recorded, and asks for confirmation. A key or simplified permit that has lapsed is reported by ENV-002 alone
-- basis.zh: 《排污许可管理条例》（国务院令第736号，2021-03-01施行）：无证排污处20万元以上100万元以下罚款。哪些设施须取得排污许可不在规则依据参考中，故仅在记录显示负有环境义务（依法披露环境信息、生态环境检查或处罚）且未记录排污许可证或排污登记时提示，并请确认。重点管理或简化管理排污许可证已失效的，仅由ENV-002报告
-- remedy: Confirm with the environmental authority whether each facility needs a pollutant discharge permit or a registration; apply before discharging, or record the permit if it exists.
-- remedy.zh: 向生态环境部门确认各设施是否需要取得排污许可证或进行排污登记；如需要，应在排放前申领；如已取得，请补录许可证信息。
-- requires: entity
-- optional: env_permits, env_disclosures, inspections, penalties
-- applies: SELECT 1 FROM env_disclosures WHERE required = 1 UNION ALL SELECT 1 FROM inspections WHERE area = 'environment' UNION ALL SELECT 1 FROM penalties WHERE area = 'environment'
-- tags: environment, permits
SELECT coalesce(uscc, name) AS subject,
       :as_of AS as_of,
       EXISTS (SELECT 1 FROM env_disclosures WHERE required = 1) AS disclosure,
       EXISTS (SELECT 1 FROM inspections WHERE area = 'environment') AS inspected,
       EXISTS (SELECT 1 FROM penalties WHERE area = 'environment') AS penalised,
       src_file, src_line
FROM entity
WHERE NOT EXISTS (SELECT 1 FROM env_permits
                  WHERE coalesce(issued_on, '0000') <= :as_of
                    AND (expires_on IS NULL OR expires_on >= :as_of))
  -- a lapsed permit is ENV-002's finding: one lapse is not deducted twice
  AND NOT EXISTS (SELECT 1 FROM env_permits
                  WHERE category IN ('key', 'simplified') AND expires_on < :as_of);

-- check: ENV-002
-- area: environment
-- severity: high
-- title: Pollutant discharge permit expired
-- title.zh: 排污许可证已过期
-- basis: 排污许可管理条例 (Regulations on the Administration of Pollutant Discharge Permits, State Council Order 736, in force 2021-03-01): permits are valid 5 years; discharging after expiry of a permit is fined RMB 200,000 - 1 m
-- basis.zh: 《排污许可管理条例》（国务院令第736号，2021-03-01施行）：排污许可证有效期5年；许可证有效期届满后继续排污的，处20万元以上100万元以下罚款
-- remedy: Stop discharging at the facility until a permit is issued; apply to the environmental authority now.
-- remedy.zh: 在取得新的排污许可证前停止该设施排污；立即向生态环境部门申请。
-- detail: pollutant discharge permit {permit_no} ({facility|facility not recorded}) expired on {expires_on}; renewal applied for on {renewal_applied_on|(no application recorded)}; discharging without a valid permit is fined RMB 200,000 - 1 m
-- detail.zh: 排污许可证{permit_no}（{facility|设施未记录}）已于{expires_on}到期；延续申请日期：{renewal_applied_on|未记录}；无证排污可处20万元以上100万元以下罚款
-- requires: env_permits
-- tags: environment, permits
SELECT permit_no AS subject,
       permit_no, expires_on, renewal_applied_on,
       expires_on AS due_date,
       facility, category,
       src_file, src_line
FROM env_permits p
WHERE category IN ('key', 'simplified')
  AND expires_on < :as_of
  AND NOT EXISTS (SELECT 1 FROM env_permits q
                  WHERE q.id <> p.id AND q.category IN ('key', 'simplified')
                    AND (q.permit_no = p.permit_no OR q.facility = p.facility)
                    AND coalesce(q.issued_on, '0000') <= :as_of
                    AND (q.expires_on IS NULL OR q.expires_on >= :as_of));

-- check: ENV-003
-- area: environment
-- severity: medium
-- title: Pollutant discharge permit renewal not applied for 60 days before expiry
-- title.zh: 未在排污许可证有效期届满60日前申请延续
-- basis: 排污许可管理条例 (Regulations on the Administration of Pollutant Discharge Permits, State Council Order 736, in force 2021-03-01): apply for renewal at least 60 days before expiry. Flagged from 30 days before that deadline (a tool choice) until expiry
-- basis.zh: 《排污许可管理条例》（国务院令第736号，2021-03-01施行）：应在有效期届满至少60日前申请延续。自该期限前30日起至到期日止提示（工具设定）
-- remedy: Apply to the environmental authority for renewal now and record the application date.
-- remedy.zh: 立即向生态环境部门申请延续，并记录申请日期。
-- detail: pollutant discharge permit {permit_no} ({facility|facility not recorded}) expires on {expires_on}; renewal was due by {apply_by}; applied for on {applied_on|(not applied for)}
-- detail.zh: 排污许可证{permit_no}（{facility|设施未记录}）将于{expires_on}到期；应于{apply_by}前申请延续；申请日期：{applied_on|尚未申请}
-- requires: env_permits
-- tags: environment, permits, deadline
SELECT permit_no AS subject,
       permit_no, date_add_days(expires_on, -60) AS apply_by,
       CASE WHEN renewal_applied_on <= :as_of THEN renewal_applied_on END AS applied_on,
       date_add_days(expires_on, -60) AS due_date,
       expires_on, facility,
       src_file, src_line
FROM env_permits p
WHERE category IN ('key', 'simplified')
  AND expires_on >= :as_of
  AND :as_of >= date_add_days(expires_on, -90)
  AND (renewal_applied_on IS NULL OR renewal_applied_on > :as_of
       OR renewal_applied_on > date_add_days(expires_on, -60))
  AND NOT EXISTS (SELECT 1 FROM env_permits q
                  WHERE q.id <> p.id AND (q.permit_no = p.permit_no OR q.facility = p.facility)
                    AND q.expires_on > p.expires_on AND coalesce(q.issued_on, '0000') <= :as_of);

-- check: ENV-004
-- area: environment
-- severity: medium
-- title: Pollutant discharge permit execution report overdue
-- title.zh: 排污许可证执行报告逾期未提交
-- basis: 排污许可管理条例 (Regulations on the Administration of Pollutant Discharge Permits, State Council Order 736, in force 2021-03-01): execution reports are due as set in the permit (commonly January for the annual report); a missed execution report is fined RMB 5,000 - 20,000 each. A report submitted in the 12 months before the recorded deadline counts as the one due
-- basis.zh: 《排污许可管理条例》（国务院令第736号，2021-03-01施行）：执行报告按排污许可证规定的时间报送（年度执行报告通常在1月）；每缺一份执行报告处5000元以上2万元以下罚款。在记录的截止日前12个月内提交的报告视为应交的报告
-- remedy: Submit the overdue execution report through the national pollutant discharge permit system now and record the date and the next deadline.
-- remedy.zh: 立即通过全国排污许可证管理信息平台提交逾期的执行报告，并记录提交日期和下一次截止日期。
-- detail: the execution report for permit {permit_no} ({facility|facility not recorded}) was due on {execution_report_due_on}; the last report recorded was submitted on {last_execution_report_on|(none recorded)}; each missed report can be fined RMB 5,000 - 20,000
-- detail.zh: 排污许可证{permit_no}（{facility|设施未记录}）的执行报告应于{execution_report_due_on}提交；最近一次记录的提交日期：{last_execution_report_on|无记录}；每次未按规定提交执行报告可处5,000元至20,000元罚款
-- requires: env_permits
-- tags: environment, permits, deadline
SELECT permit_no AS subject,
       permit_no, facility, execution_report_due_on,
       execution_report_due_on AS due_date,
       last_execution_report_on,
       src_file, src_line
FROM env_permits
WHERE category IN ('key', 'simplified')
  AND execution_report_due_on < :as_of
  AND (last_execution_report_on IS NULL OR last_execution_report_on > :as_of
       OR last_execution_report_on <= date_add_years(execution_report_due_on, -1));

-- check: ENV-005
-- area: environment
-- severity: medium
-- title: Annual environmental information disclosure missing or after 15 March
-- title.zh: 年度环境信息依法披露报告未披露或晚于3月15日
-- basis: 环境信息依法披露 (environmental information disclosure), 生态环境部令第24号 (MEE Order 24, in force 2022-02-08): annual report by 15 March for the previous calendar year, where the company is under the disclosure obligation
-- basis.zh: 环境信息依法披露，生态环境部令第24号（2022-02-08施行）：负有披露义务的企业应于每年3月15日前披露上一自然年度的年度报告
-- remedy: Publish the annual environmental information disclosure report on the designated platform now; diarise 15 March for the next year.
-- remedy.zh: 立即在指定平台披露年度环境信息依法披露报告；将每年3月15日列入合规日历。
-- detail: the environmental disclosure for {year} was due by {deadline}; filed on {filed|(not recorded as filed)}
-- detail.zh: {year}年度环境信息依法披露报告应于{deadline}前提交；提交日期：{filed|未记录}
-- subject.zh: {year}年度环境信息依法披露
-- requires: env_disclosures
-- tags: environment, disclosure, deadline
SELECT 'environmental disclosure ' || year AS subject,
       year, (year + 1) || '-03-15' AS deadline,
       CASE WHEN filed_on <= :as_of THEN filed_on END AS filed,
       CASE WHEN filed_on IS NULL OR filed_on > :as_of THEN (year + 1) || '-03-15' END AS due_date,
       filed_on,
       src_file, src_line
FROM env_disclosures
WHERE required = 1
  AND (year + 1) || '-03-15' < :as_of
  AND (filed_on IS NULL OR filed_on > (year + 1) || '-03-15');

-- check: ENV-006
-- area: environment
-- severity: high
-- title: Environmental credit rating red
-- title.zh: 环境信用评价为红牌（不良）
-- basis: Environmental credit evaluation, 环发〔2013〕150号: green (trustworthy), blue (good), yellow (warning), red (bad); environmental-protection requirements met are a CSCS rating input (seed documents)
-- basis.zh: 企业环境信用评价，环发〔2013〕150号：绿牌（环保诚信）、蓝牌（环保良好）、黄牌（环保警示）、红牌（环保不良）；满足环保要求是企业社会信用体系的评价要素（种子文献）
-- remedy: Find out which violations led to the red rating, correct them, and ask the environmental authority how the rating can be restored at the next evaluation.
-- remedy.zh: 查明导致红牌的违法行为并整改，向生态环境部门了解在下次评价中恢复等级的条件。
-- detail: the environmental credit rating for {year} is red (bad), by {authority|an authority not recorded}
-- detail.zh: {year}年度环境信用评价为红牌（不良），评价机关：{authority|未记录}
-- subject.zh: {year}年度环境信用评价
-- requires: env_ratings
-- tags: environment, rating
SELECT 'environmental credit rating ' || year AS subject,
       year,
       authority,
       src_file, src_line
FROM env_ratings
WHERE rating = 'red'
  AND year = (SELECT max(year) FROM env_ratings WHERE year <= CAST(substr(:as_of, 1, 4) AS INTEGER));

-- check: ENV-007
-- area: environment
-- severity: medium
-- title: Environmental credit rating yellow
-- title.zh: 环境信用评价为黄牌（警示）
-- basis: Environmental credit evaluation, 环发〔2013〕150号: green (trustworthy), blue (good), yellow (warning), red (bad); environmental-protection requirements met are a CSCS rating input (seed documents)
-- basis.zh: 企业环境信用评价，环发〔2013〕150号：绿牌（环保诚信）、蓝牌（环保良好）、黄牌（环保警示）、红牌（环保不良）；满足环保要求是企业社会信用体系的评价要素（种子文献）
-- remedy: Find out which findings led to the yellow rating and correct them before the next evaluation.
-- remedy.zh: 查明导致黄牌的问题并在下次评价前完成整改。
-- detail: the environmental credit rating for {year} is yellow (warning), by {authority|an authority not recorded}
-- detail.zh: {year}年度环境信用评价为黄牌（警示），评价机关：{authority|未记录}
-- subject.zh: {year}年度环境信用评价
-- requires: env_ratings
-- tags: environment, rating
SELECT 'environmental credit rating ' || year AS subject,
       year,
       authority,
       src_file, src_line
FROM env_ratings
WHERE rating = 'yellow'
  AND year = (SELECT max(year) FROM env_ratings WHERE year <= CAST(substr(:as_of, 1, 4) AS INTEGER));

-- check: ENV-008
-- area: environment
-- severity: high
-- title: Failed environmental inspection not rectified
-- title.zh: 环境监督检查不合格未整改
-- basis: Environmental-protection requirements met are a CSCS rating input (seed documents); permits, penalties and legal compliance are categories of the national public credit information catalogue (2024 edition). Failures whose rectification deadline has passed, or that have none, are reported
-- basis.zh: 种子文献、全国公共信用信息基础目录（2024年版）：满足环保要求是企业社会信用体系的评价要素；许可、处罚和守法情况是该目录的类别。报告整改期限已过或无整改期限的不合格检查
-- remedy: Complete the rectification, document it, and report it to the inspecting authority; record the date in inspections.rectified_on.
-- remedy.zh: 完成整改并留存记录，向检查机关报告整改情况；在监督检查记录中填写整改完成日期。
-- detail: environmental inspection of {inspected_on} by {authority|an authority not recorded} found "{result}"; rectification was due by {rectify_by|(no deadline recorded)} and is not recorded as done
-- detail.zh: {authority|检查机关（未记录）}于{inspected_on}进行的生态环境检查结论为“{result:inspection_result}”，整改期限{rectify_by|未记录}，未记录整改完成
-- subject.zh: 生态环境检查（{inspected_on}）
-- requires: inspections
-- tags: environment, inspections, deadline
SELECT 'environmental inspection ' || inspected_on AS subject,
       inspected_on, authority, result, rectify_by,
       rectify_by AS due_date,
       src_file, src_line
FROM inspections
WHERE area = 'environment'
  AND result IN ('fail', 'rectify')
  AND inspected_on <= :as_of
  AND (rectified_on IS NULL OR rectified_on > :as_of)
  AND (rectify_by IS NULL OR rectify_by < :as_of);
