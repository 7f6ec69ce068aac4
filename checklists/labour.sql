-- Labour: wages and social insurance.

-- check: LAB-001
-- area: labour
-- severity: medium
-- title: Wages paid late
-- title.zh: 工资延期发放
-- basis: Unpaid wages are a record category of Credit China; arrears can lead to the wage-arrears list (拖欠农民工工资失信联合惩戒对象名单, 人力资源和社会保障部令第45号 MOHRSS Order 45, in force 2022-01-01). Payrolls due in the last 12 months are checked
-- basis.zh: 信用中国、人力资源和社会保障部令第45号（2022-01-01施行）：拖欠工资是信用中国的信息类别；拖欠可能导致列入拖欠农民工工资失信联合惩戒对象名单。检查最近12个月内到期的工资
-- remedy: Find out why the payroll was late and fix the payment calendar and funding so that wages are paid on the due date.
-- remedy.zh: 查明工资延期发放的原因，完善发薪日程和资金安排，确保按期足额发放工资。
-- detail: wages for {period} were due on {due_on} and paid on {paid_on} ({days_late} days late)
-- detail.zh: {period}工资应于{due_on}发放，实际于{paid_on}发放（逾期{days_late}天）
-- subject.zh: {period}工资发放
-- requires: payroll
-- tags: labour, wages
SELECT 'payroll ' || period AS subject,
       period, due_on, paid_on, days_between(due_on, paid_on) AS days_late,
       headcount,
       src_file, src_line
FROM payroll
WHERE paid_on > due_on AND paid_on <= :as_of
  AND due_on > date_add_months(:as_of, -12);

-- check: LAB-002
-- area: labour
-- severity: high
-- title: Wage arrears outstanding
-- title.zh: 存在拖欠工资
-- basis: 拖欠农民工工资失信联合惩戒对象名单 (wage-arrears list), 人力资源和社会保障部令第45号 (MOHRSS Order 45, in force 2022-01-01): after an order to pay expires unpaid, the unit and its legal representative are listed if the arrears reach the criminal threshold or cause serious incidents; listed 3 years. Unpaid wages are a record category of Credit China
-- basis.zh: 拖欠农民工工资失信联合惩戒对象名单，人力资源和社会保障部令第45号（2022-01-01施行）：责令支付期满仍未支付，拖欠数额达到刑事立案标准或引发严重事件的，单位及其法定代表人被列入；列入期限3年。拖欠工资是信用中国的信息类别
-- remedy: Pay the outstanding wages now; if the labour authority has ordered payment, pay within its deadline to avoid the wage-arrears list.
-- remedy.zh: 立即支付拖欠的工资；如劳动保障监察机构已责令支付，须在期限内支付，以免被列入拖欠工资失信名单。
-- detail: RMB {owed_fen:yuan} of the wages for {period} due on {due_on} is unpaid ({headcount|an unrecorded number of} employees on the payroll); if an order to pay expires unpaid, the company and its legal representative can be put on the wage-arrears list for 3 years
-- detail.zh: {period}工资应于{due_on}发放，尚欠{owed_fen:yuan}元（工资表人数：{headcount|未记录}）；如责令支付的期限届满仍未支付，企业及其法定代表人可能被列入拖欠农民工工资失信联合惩戒对象名单3年
-- subject.zh: {period}工资发放
-- requires: payroll
-- tags: labour, wages, arrears, blacklist-risk, deadline
WITH p AS (
	SELECT period, due_on, headcount, src_file, src_line, coalesce(wages_due, 0)
	          - CASE WHEN paid_on IS NOT NULL AND paid_on <= :as_of THEN coalesce(wages_paid, 0) ELSE 0 END AS owed
	FROM payroll
	WHERE due_on < :as_of
)
SELECT 'payroll ' || period AS subject,
       period, due_on, headcount,
       due_on AS due_date,
       owed AS owed_fen,
       src_file, src_line
FROM p
WHERE owed > 0;

-- check: LAB-003
-- area: labour
-- severity: medium
-- title: Social insurance contributions paid late
-- title.zh: 社会保险费逾期缴纳
-- basis: Social-insurance payment and arrears were added to the national public credit information catalogue in 2024. Contributions due in the last 12 months are checked
-- basis.zh: 全国公共信用信息基础目录（2024年版）：社会保险缴费及欠费情况于2024年纳入该目录。检查最近12个月内到期的缴费
-- remedy: Find out why the contributions were late, pay any late fees, and fix the payment calendar.
-- remedy.zh: 查明社会保险费逾期缴纳的原因，缴纳相应滞纳金，并完善缴费日程。
-- detail: social insurance for {period} was due on {due_on} and paid on {paid_on} ({days_late} days late)
-- detail.zh: {period}社会保险费应于{due_on}缴纳，实际于{paid_on}缴纳（逾期{days_late}天）
-- subject.zh: {period}社会保险费
-- requires: social_insurance
-- tags: labour, social-insurance
SELECT 'social insurance ' || period AS subject,
       period, due_on, paid_on, days_between(due_on, paid_on) AS days_late,
       src_file, src_line
FROM social_insurance
WHERE paid_on > due_on AND paid_on <= :as_of
  AND due_on > date_add_months(:as_of, -12);

-- check: LAB-004
-- area: labour
-- severity: medium
-- title: Social insurance contributions outstanding
-- title.zh: 存在欠缴社会保险费
-- basis: Social-insurance payment and arrears were added to the national public credit information catalogue in 2024
-- basis.zh: 全国公共信用信息基础目录（2024年版）：社会保险缴费及欠费情况于2024年纳入该目录
-- remedy: Pay the outstanding contributions and late fees now, or agree a payment plan with the social insurance agency in writing.
-- remedy.zh: 立即补缴欠缴的社会保险费及滞纳金，或与社会保险经办机构书面约定补缴计划。
-- detail: RMB {owed_fen:yuan} of the social insurance for {period} due on {due_on} is unpaid; arrears are part of the national public credit information catalogue
-- detail.zh: {period}社会保险费应于{due_on}缴纳，尚欠{owed_fen:yuan}元；欠缴社会保险费已纳入全国公共信用信息基础目录
-- subject.zh: {period}社会保险费
-- requires: social_insurance
-- tags: labour, social-insurance, arrears, deadline
WITH s AS (
	SELECT period, due_on, src_file, src_line, coalesce(amount_due, 0)
	          - CASE WHEN paid_on IS NOT NULL AND paid_on <= :as_of THEN coalesce(amount_paid, 0) ELSE 0 END AS owed
	FROM social_insurance
	WHERE due_on < :as_of
)
SELECT 'social insurance ' || period AS subject,
       period, due_on,
       due_on AS due_date,
       owed AS owed_fen,
       src_file, src_line
FROM s
WHERE owed > 0;
