-- Record-keeping: the evidence files records name (issue 19).
--
-- This is a control of the audit trail, not a CSCS rule: a record that says a
-- licence was renewed or a fine paid should be backed by the document in the
-- pack's evidence/ folder, so that an auditor can follow a finding to its
-- proof. No regulation is cited because none is claimed. Tag "unscored": a missing
-- file says nothing about the company's credit, so the check is no area of the
-- score and deducts nothing; the finding stands in the report and the plan.

-- The record types, for {record_type:record_type}.
-- phrase: record_type.entity = entity
-- phrase.zh: record_type.entity = 企业基本信息
-- phrase: record_type.licenses = licenses
-- phrase.zh: record_type.licenses = 许可证照
-- phrase: record_type.annual_reports = annual_reports
-- phrase.zh: record_type.annual_reports = 年度报告
-- phrase: record_type.instant_disclosures = instant_disclosures
-- phrase.zh: record_type.instant_disclosures = 即时信息公示
-- phrase: record_type.tax_filings = tax_filings
-- phrase.zh: record_type.tax_filings = 纳税申报
-- phrase: record_type.tax_ratings = tax_ratings
-- phrase.zh: record_type.tax_ratings = 纳税信用等级
-- phrase: record_type.penalties = penalties
-- phrase.zh: record_type.penalties = 行政处罚
-- phrase: record_type.court_cases = court_cases
-- phrase.zh: record_type.court_cases = 司法案件
-- phrase: record_type.list_status = list_status
-- phrase.zh: record_type.list_status = 名单状态
-- phrase: record_type.env_permits = env_permits
-- phrase.zh: record_type.env_permits = 排污许可
-- phrase: record_type.env_disclosures = env_disclosures
-- phrase.zh: record_type.env_disclosures = 环境信息披露
-- phrase: record_type.env_ratings = env_ratings
-- phrase.zh: record_type.env_ratings = 环境信用评价
-- phrase: record_type.inspections = inspections
-- phrase.zh: record_type.inspections = 监督检查
-- phrase: record_type.certifications = certifications
-- phrase.zh: record_type.certifications = 产品认证
-- phrase: record_type.payroll = payroll
-- phrase.zh: record_type.payroll = 工资发放
-- phrase: record_type.social_insurance = social_insurance
-- phrase.zh: record_type.social_insurance = 社会保险
-- phrase: record_type.customs = customs
-- phrase.zh: record_type.customs = 海关信用
-- phrase: record_type.partners = partners
-- phrase.zh: record_type.partners = 合作伙伴
-- phrase: record_type.people = people
-- phrase.zh: record_type.people = 主要人员

-- check: EVD-001
-- area: evidence
-- severity: medium
-- title: Evidence a record names is missing or unreadable
-- title.zh: 记录所列证明材料缺失或无法读取
-- basis: Record-keeping control of this tool, not a CSCS regulation: a record's evidence column names files of the pack's evidence/ folder, and each name must match a readable file there (docs/guide.md, "Evidence, sign-off and tracking")
-- basis.zh: 本工具的记录保存控制，并非企业社会信用体系的法规要求：记录的“证明材料”列指向记录包evidence/文件夹中的文件，每个名称都应对应一个可读取的文件（docs/guide.md“证明材料、签核与整改跟踪”）
-- remedy: Put the document (scan, receipt, decision) into the pack's evidence/ folder under the name the record gives, or correct the name in the record; replace a file that cannot be read.
-- remedy.zh: 将相应文件（扫描件、收据、决定书）按记录所列名称放入记录包的evidence/文件夹，或更正记录中的名称；无法读取的文件请重新提供。
-- detail: {record_type} row names evidence '{evidence_name}': {?matched:the files it matches in evidence/ cannot be read}{!matched:no file in evidence/ matches it}
-- detail.zh: {record_type:record_type}记录所列证明材料“{evidence_name}”{?matched:在证明材料文件夹中对应的文件无法读取}{!matched:在证明材料文件夹中没有对应的文件}
-- subject.zh: {record_type:record_type}：{evidence_name}
-- requires: entity
-- optional: licenses, annual_reports, instant_disclosures, tax_filings, tax_ratings, penalties,
--   court_cases, list_status, env_permits, env_disclosures, env_ratings, inspections,
--   certifications, payroll, social_insurance, customs, partners, people
-- applies: SELECT 1 FROM (
--    SELECT 1 FROM entity WHERE trim(coalesce(evidence, '')) <> ''
--    UNION ALL SELECT 1 FROM licenses WHERE trim(coalesce(evidence, '')) <> ''
--    UNION ALL SELECT 1 FROM annual_reports WHERE trim(coalesce(evidence, '')) <> ''
--    UNION ALL SELECT 1 FROM instant_disclosures WHERE trim(coalesce(evidence, '')) <> ''
--    UNION ALL SELECT 1 FROM tax_filings WHERE trim(coalesce(evidence, '')) <> ''
--    UNION ALL SELECT 1 FROM tax_ratings WHERE trim(coalesce(evidence, '')) <> ''
--    UNION ALL SELECT 1 FROM penalties WHERE trim(coalesce(evidence, '')) <> ''
--    UNION ALL SELECT 1 FROM court_cases WHERE trim(coalesce(evidence, '')) <> ''
--    UNION ALL SELECT 1 FROM list_status WHERE trim(coalesce(evidence, '')) <> ''
--    UNION ALL SELECT 1 FROM env_permits WHERE trim(coalesce(evidence, '')) <> ''
--    UNION ALL SELECT 1 FROM env_disclosures WHERE trim(coalesce(evidence, '')) <> ''
--    UNION ALL SELECT 1 FROM env_ratings WHERE trim(coalesce(evidence, '')) <> ''
--    UNION ALL SELECT 1 FROM inspections WHERE trim(coalesce(evidence, '')) <> ''
--    UNION ALL SELECT 1 FROM certifications WHERE trim(coalesce(evidence, '')) <> ''
--    UNION ALL SELECT 1 FROM payroll WHERE trim(coalesce(evidence, '')) <> ''
--    UNION ALL SELECT 1 FROM social_insurance WHERE trim(coalesce(evidence, '')) <> ''
--    UNION ALL SELECT 1 FROM customs WHERE trim(coalesce(evidence, '')) <> ''
--    UNION ALL SELECT 1 FROM partners WHERE trim(coalesce(evidence, '')) <> ''
--    UNION ALL SELECT 1 FROM people WHERE trim(coalesce(evidence, '')) <> '')
-- tags: evidence, records, unscored
WITH named(record_type, evidence, src_file, src_line) AS (
  SELECT 'entity', evidence, src_file, src_line FROM entity WHERE trim(coalesce(evidence, '')) <> ''
  UNION ALL SELECT 'licenses', evidence, src_file, src_line FROM licenses WHERE trim(coalesce(evidence, '')) <> ''
  UNION ALL SELECT 'annual_reports', evidence, src_file, src_line FROM annual_reports WHERE trim(coalesce(evidence, '')) <> ''
  UNION ALL SELECT 'instant_disclosures', evidence, src_file, src_line FROM instant_disclosures WHERE trim(coalesce(evidence, '')) <> ''
  UNION ALL SELECT 'tax_filings', evidence, src_file, src_line FROM tax_filings WHERE trim(coalesce(evidence, '')) <> ''
  UNION ALL SELECT 'tax_ratings', evidence, src_file, src_line FROM tax_ratings WHERE trim(coalesce(evidence, '')) <> ''
  UNION ALL SELECT 'penalties', evidence, src_file, src_line FROM penalties WHERE trim(coalesce(evidence, '')) <> ''
  UNION ALL SELECT 'court_cases', evidence, src_file, src_line FROM court_cases WHERE trim(coalesce(evidence, '')) <> ''
  UNION ALL SELECT 'list_status', evidence, src_file, src_line FROM list_status WHERE trim(coalesce(evidence, '')) <> ''
  UNION ALL SELECT 'env_permits', evidence, src_file, src_line FROM env_permits WHERE trim(coalesce(evidence, '')) <> ''
  UNION ALL SELECT 'env_disclosures', evidence, src_file, src_line FROM env_disclosures WHERE trim(coalesce(evidence, '')) <> ''
  UNION ALL SELECT 'env_ratings', evidence, src_file, src_line FROM env_ratings WHERE trim(coalesce(evidence, '')) <> ''
  UNION ALL SELECT 'inspections', evidence, src_file, src_line FROM inspections WHERE trim(coalesce(evidence, '')) <> ''
  UNION ALL SELECT 'certifications', evidence, src_file, src_line FROM certifications WHERE trim(coalesce(evidence, '')) <> ''
  UNION ALL SELECT 'payroll', evidence, src_file, src_line FROM payroll WHERE trim(coalesce(evidence, '')) <> ''
  UNION ALL SELECT 'social_insurance', evidence, src_file, src_line FROM social_insurance WHERE trim(coalesce(evidence, '')) <> ''
  UNION ALL SELECT 'customs', evidence, src_file, src_line FROM customs WHERE trim(coalesce(evidence, '')) <> ''
  UNION ALL SELECT 'partners', evidence, src_file, src_line FROM partners WHERE trim(coalesce(evidence, '')) <> ''
  UNION ALL SELECT 'people', evidence, src_file, src_line FROM people WHERE trim(coalesce(evidence, '')) <> ''
),
piece(record_type, src_file, src_line, name, rest) AS (
  SELECT record_type, src_file, src_line, NULL,
         replace(replace(evidence, '；', ';'), char(92), '/') || ';'
  FROM named
  UNION ALL
  SELECT record_type, src_file, src_line,
         trim(substr(rest, 1, instr(rest, ';') - 1)), substr(rest, instr(rest, ';') + 1)
  FROM piece WHERE rest <> ''
),
wanted AS (
  SELECT DISTINCT record_type, src_file, src_line,
         CASE WHEN substr(name, 1, 9) = 'evidence/' THEN substr(name, 10) ELSE name END AS name
  FROM piece WHERE coalesce(name, '') <> ''
),
judged AS (
  SELECT w.record_type, w.src_file, w.src_line, w.name,
         EXISTS (SELECT 1 FROM pack_evidence e
                 WHERE e.path GLOB w.name OR e.path GLOB '*/' || w.name) AS matched,
         EXISTS (SELECT 1 FROM pack_evidence e
                 WHERE (e.path GLOB w.name OR e.path GLOB '*/' || w.name) AND e.readable = 1) AS readable
  FROM wanted w
)
SELECT record_type || ': ' || name AS subject,
       record_type, name AS evidence_name, matched,
       src_file, src_line
FROM judged
WHERE NOT readable;
