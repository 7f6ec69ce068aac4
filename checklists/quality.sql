-- Product quality: certifications and quality inspections.

-- check: QUA-001
-- area: quality
-- severity: high
-- title: Product certification expired
-- title.zh: 产品认证证书已过期
-- basis: Product quality standards are a CSCS rating input (seed documents; "The Digital Hand", 2019); the certification rules themselves (CCC and others) are not in the criteria reference (unverified), so the check reports the expiry recorded on the certificate
-- basis.zh: 产品质量标准是企业社会信用体系的评价要素（种子文献；中国欧盟商会与Sinolytics《数字之手》（2019年））；认证规则本身（CCC等）不在规则依据参考中（未经核实），故按证书记录的有效期报告
-- remedy: Stop shipping the product under the expired certificate until it is renewed; apply to the certification body now.
-- remedy.zh: 在证书换发前停止以过期证书出厂、销售该产品；立即向认证机构申请。
-- detail: {cert_type} certificate {cert_no} for {product} expired on {expires_on}
-- detail.zh: {product}的{cert_type}证书{cert_no}已于{expires_on}到期
-- requires: certifications
-- tags: quality, certifications
SELECT cert_type || ' ' || cert_no AS subject,
       cert_type, cert_no, expires_on,
       expires_on AS due_date,
       product,
       src_file, src_line
FROM certifications c
WHERE coalesce(status, 'valid') IN ('valid', 'expired')
  AND expires_on < :as_of
  AND NOT EXISTS (SELECT 1 FROM certifications d
                  WHERE d.id <> c.id AND d.product = c.product AND d.cert_type = c.cert_type
                    AND coalesce(d.status, 'valid') = 'valid'
                    AND coalesce(d.issued_on, '0000') <= :as_of AND d.expires_on >= :as_of);

-- check: QUA-002
-- area: quality
-- severity: medium
-- title: Product certification expires within 90 days
-- title.zh: 产品认证证书将在90天内到期
-- basis: Product quality standards are a CSCS rating input (seed documents; "The Digital Hand", 2019); the renewal lead time of a certificate is not in the criteria reference, so 90 days is used (a tool default, not a regulatory figure)
-- basis.zh: 产品质量标准是企业社会信用体系的评价要素（种子文献；中国欧盟商会与Sinolytics《数字之手》（2019年））；证书的延续提前期不在规则依据参考中，故按90天提示（工具默认值，非法定数值）
-- remedy: Start the renewal with the certification body so that the new certificate is issued before the expiry date.
-- remedy.zh: 尽快向认证机构申请换证，确保在到期前取得新证书。
-- detail: {cert_type} certificate {cert_no} for {product} expires on {expires_on} (in {days_left} days)
-- detail.zh: {product}的{cert_type}证书{cert_no}将于{expires_on}到期（还有{days_left}天）
-- requires: certifications
-- tags: quality, certifications, deadline
SELECT cert_type || ' ' || cert_no AS subject,
       cert_type, cert_no, expires_on, days_between(:as_of, expires_on) AS days_left,
       expires_on AS due_date,
       product,
       src_file, src_line
FROM certifications c
WHERE coalesce(status, 'valid') = 'valid'
  AND expires_on >= :as_of
  AND expires_on <= date_add_days(:as_of, 90)
  AND NOT EXISTS (SELECT 1 FROM certifications d
                  WHERE d.id <> c.id AND d.product = c.product AND d.cert_type = c.cert_type
                    AND coalesce(d.status, 'valid') = 'valid' AND d.expires_on > c.expires_on);

-- check: QUA-003
-- area: quality
-- severity: high
-- title: Product certification suspended or revoked
-- title.zh: 产品认证证书被暂停或撤销
-- basis: Product quality standards are a CSCS rating input (seed documents; "The Digital Hand", 2019); the certification rules themselves are not in the criteria reference (unverified)
-- basis.zh: 产品质量标准是企业社会信用体系的评价要素（种子文献；中国欧盟商会与Sinolytics《数字之手》（2019年））；认证规则本身不在规则依据参考中（未经核实）
-- remedy: Stop shipping the product under the certificate; find out why it was suspended or revoked, correct the cause and agree the restoration with the certification body.
-- remedy.zh: 停止以该证书出厂、销售产品；查明暂停或撤销原因，整改后与认证机构商定恢复事宜。
-- detail: {cert_type} certificate {cert_no} for {product} is {status}
-- detail.zh: {product}的{cert_type}证书{cert_no}状态为{status:withdrawn_status}
-- requires: certifications
-- tags: quality, certifications
SELECT cert_type || ' ' || cert_no AS subject,
       cert_type, cert_no,
       product, status,
       src_file, src_line
FROM certifications
WHERE status IN ('suspended', 'revoked');

-- check: QUA-004
-- area: quality
-- severity: high
-- title: Failed product quality inspection not rectified by its date
-- title.zh: 产品质量监督检查不合格未按期整改
-- basis: Product quality standards are a CSCS rating input (seed documents; "The Digital Hand", 2019); administrative management and legal compliance are categories of the national public credit information catalogue (2024 edition). Quality and food inspections whose rectification deadline has passed, or that have none, are reported
-- basis.zh: 产品质量标准是企业社会信用体系的评价要素（种子文献；中国欧盟商会与Sinolytics《数字之手》（2019年））；行政管理和守法情况是全国公共信用信息基础目录（2024年版）的类别。报告整改期限已过或无整改期限的质量和食品检查
-- remedy: Complete the rectification, document it, and report it to the inspecting authority; record the date in inspections.rectified_on.
-- remedy.zh: 完成整改并留存记录，向检查机关报告整改情况；在监督检查记录中填写整改完成日期。
-- detail: {area:area} inspection of {inspected_on} by {authority|an authority not recorded} found "{result:inspection_result}"; rectification was due by {rectify_by|(no deadline recorded)} and is not recorded as done
-- detail.zh: {authority|检查机关（未记录）}于{inspected_on}进行的{area:area}监督检查结论为“{result:inspection_result}”，整改期限{rectify_by|未记录}，未记录整改完成
-- subject.zh: {area:area}检查（{inspected_on}）
-- requires: inspections
-- tags: quality, inspections, deadline
SELECT area || ' inspection ' || inspected_on AS subject,
       area, inspected_on, authority, result, rectify_by,
       rectify_by AS due_date,
       src_file, src_line
FROM inspections
WHERE area IN ('quality', 'food')
  AND result IN ('fail', 'rectify')
  AND inspected_on <= :as_of
  AND (rectified_on IS NULL OR rectified_on > :as_of)
  AND (rectify_by IS NULL OR rectify_by < :as_of);

-- check: INS-001
-- area: inspections
-- severity: high
-- title: Inspection finding not rectified by its date (work safety, fire, labour, customs, tax and other areas)
-- title.zh: 监督检查发现的问题未按期整改（安全生产、消防、劳动保障、海关、税务等领域）
-- basis: Criteria reference, "Inspections": an inspection by any authority (fire, work safety, labour, customs, tax, market regulation, environment, quality) that orders rectification by a date makes failing to rectify by then a penalty ground in most areas, and the penalty is published; overdue rectification is a finding whatever the area. The penalty provisions are those of each area's law and are not in the criteria reference (unverified). Environmental inspections are check ENV-008, quality and food inspections QUA-004; inspections that failed without a rectification deadline are reported too
-- basis.zh: 规则依据参考“监督检查”：任何机关（消防、安全生产、劳动、海关、税务、市场监管、生态环境、质量）的检查责令限期整改的，逾期未整改在多数领域本身即为处罚事由，且处罚信息公示；逾期未整改无论哪个领域都是问题。处罚规定见各领域法律，不在规则依据参考中（未经核实）。生态环境检查见ENV-008，质量和食品检查见QUA-004；未设整改期限的不合格检查也予报告
-- remedy: Complete the rectification, keep the evidence, and report it to the inspecting authority before it decides a penalty; record the date in inspections.rectified_on.
-- remedy.zh: 完成整改并留存证据，在检查机关作出处罚决定前报告整改情况；在监督检查记录中填写整改完成日期。
-- detail: {area:area} inspection of {inspected_on} by {authority|an authority not recorded} found "{result:inspection_result}"; rectification due by {rectify_by|(no deadline recorded)} is not recorded as done
-- detail.zh: {authority|检查机关（未记录）}于{inspected_on}进行的{area:area}检查结论为“{result:inspection_result}”，整改期限{rectify_by|未记录}，未记录整改完成
-- subject.zh: {area:area}检查（{inspected_on}）
-- requires: inspections
-- applies: SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM inspections)
--   OR EXISTS (SELECT 1 FROM inspections WHERE area NOT IN ('environment', 'quality', 'food'))
-- tags: inspections, deadline
SELECT area || ' inspection ' || inspected_on AS subject,
       area, inspected_on, authority, result,
       rectify_by, rectify_by AS due_date,
       src_file, src_line
FROM inspections
WHERE area NOT IN ('environment', 'quality', 'food')
  AND result IN ('fail', 'rectify')
  AND inspected_on <= :as_of
  AND (rectified_on IS NULL OR rectified_on > :as_of)
  AND (rectify_by IS NULL OR rectify_by < :as_of);
