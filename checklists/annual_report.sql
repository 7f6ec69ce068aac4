-- Annual report, instant disclosures and the abnormal operations list.

-- The ground of an abnormal operations listing and its removal route, for {ground:abnormal_ground}.
-- phrase: abnormal_ground.annual_report = not filing the annual report; removal route: file the report(s), then apply for removal
-- phrase.zh: abnormal_ground.annual_report = 未按规定报送年度报告；移出途径：补报年度报告后申请移出
-- phrase: abnormal_ground.instant_info = not publishing instant information in time; removal route: publish it, then apply for removal
-- phrase.zh: abnormal_ground.instant_info = 未按规定期限公示即时信息；移出途径：公示该信息后申请移出
-- phrase: abnormal_ground.false_info = concealed or false information; removal route: correct the information, then apply for removal
-- phrase.zh: abnormal_ground.false_info = 公示信息隐瞒真实情况、弄虚作假；移出途径：更正信息后申请移出
-- phrase: abnormal_ground.unreachable = being unreachable at the registered address; removal route: register the actual address or be reachable there, then apply for removal
-- phrase.zh: abnormal_ground.unreachable = 通过登记的住所或经营场所无法联系；移出途径：办理住所变更登记或确保可在登记住所联系后申请移出
-- phrase: abnormal_ground.* = a ground recorded as "{reason|not recorded}"; removal route: fulfil the obligation named in the decision, then apply for removal
-- phrase.zh: abnormal_ground.* = “{reason|未记录}”；移出途径：履行决定书所列义务后申请移出

-- check: AR-001
-- area: annual_report
-- severity: high
-- title: Annual report not filed by 30 June
-- title.zh: 未在6月30日前报送年度报告
-- remedy: File the missing annual report(s) in the National Enterprise Credit Information Publicity System now; if the company was put on the abnormal operations list for it, apply for removal once filed.
-- remedy.zh: 立即通过国家企业信用信息公示系统补报所缺年度报告；如因此被列入经营异常名录，补报后申请移出。
-- detail: the annual report for {year} was due by {due_date} and is not recorded as filed
-- detail.zh: {year}年度报告应于{due_date}前报送，未记录报送
-- subject.zh: {year}年度报告
-- requires: entity, annual_reports
-- tags: annual-report, deadline
-- version: State Council Order 654
-- effective_to: 2024-04-30
-- basis: 企业信息公示暂行条例 (Interim Regulations on Enterprise Information Publicity), State Council Order 654 (2014), art. 8: the report for the previous year is filed 1 January - 30 June; not filing is a ground of the abnormal operations list (Interim Measures on the Abnormal Operations List, 国家工商行政管理总局令第68号 SAIC Order 68, 2014). Years checked: from the year of establishment (at most the last five), each report is due by 30 June of the next year
-- basis.zh: 《企业信息公示暂行条例》（国务院令第654号，2014年）第8条：上一年度报告于1月1日至6月30日报送；未报送是列入经营异常名录的事由（《企业经营异常名录管理暂行办法》（国家工商行政管理总局令第68号，2014年））。检查年度：自成立年度起（最多最近五年），每年度报告应于次年6月30日前报送
-- version: State Council Order 777
-- effective_from: 2024-05-01
-- basis: 企业信息公示暂行条例 (Interim Regulations on Enterprise Information Publicity), State Council Order 654 (2014) as amended by State Council Order 777 (in force 2024-05-01; article numbers as in the 2014 text: whether the amendment renumbered them is unverified), art. 8: the report for the previous year is filed 1 January - 30 June; not filing is a ground of the abnormal operations list (Interim Measures on the Abnormal Operations List, 国家工商行政管理总局令第68号 SAIC Order 68, 2014). Years checked: from the year of establishment (at most the last five), each report is due by 30 June of the next year
-- basis.zh: 《企业信息公示暂行条例》（国务院令第654号，2014年；经国务院令第777号修订，2024-05-01施行；条款号按2014年文本，修订是否重新编号未经核实）第8条：上一年度报告于1月1日至6月30日报送；未报送是列入经营异常名录的事由（《企业经营异常名录管理暂行办法》（国家工商行政管理总局令第68号，2014年））。检查年度：自成立年度起（最多最近五年），每年度报告应于次年6月30日前报送
WITH RECURSIVE bounds AS (
	SELECT max(coalesce(CAST(substr(e.established_on, 1, 4) AS INTEGER),
	                    (SELECT min(year) FROM annual_reports)),
	           CAST(substr(:as_of, 1, 4) AS INTEGER) - 5) AS y0,
	       CAST(substr(:as_of, 1, 4) AS INTEGER)
	       - CASE WHEN substr(:as_of, 6, 5) > '06-30' THEN 1 ELSE 2 END AS y1,
	       e.src_file, e.src_line
	FROM entity e
), years(y) AS (
	SELECT y0 FROM bounds
	UNION ALL
	SELECT y + 1 FROM years, bounds WHERE y < y1
)
SELECT 'annual report ' || y AS subject,
       y AS year,
       (y + 1) || '-06-30' AS due_date,
       coalesce(a.src_file, b.src_file) AS src_file,
       coalesce(a.src_line, b.src_line) AS src_line
FROM years
JOIN bounds b
LEFT JOIN annual_reports a ON a.year = years.y
WHERE y <= b.y1
  AND NOT EXISTS (SELECT 1 FROM annual_reports f
                  WHERE f.year = years.y AND f.filed_on IS NOT NULL AND f.filed_on <= :as_of)
GROUP BY y;

-- check: AR-002
-- area: annual_report
-- severity: low
-- title: Annual report filed after 30 June
-- title.zh: 年度报告逾期报送（晚于6月30日）
-- remedy: Check whether the company was put on the abnormal operations list for the late report; if so, apply for removal (the report is now filed); file future reports before 30 June.
-- remedy.zh: 核实是否因逾期报送被列入经营异常名录，如已列入请申请移出（年报已补报）；今后在6月30日前报送年度报告。
-- detail: the annual report for {year} was filed on {filed_on}, {days_late} days after the deadline {deadline}
-- detail.zh: {year}年度报告于{filed_on}报送，晚于截止日{deadline}共{days_late}天
-- subject.zh: {year}年度报告
-- requires: annual_reports
-- tags: annual-report
-- version: State Council Order 654
-- effective_to: 2024-04-30
-- basis: 企业信息公示暂行条例 (Interim Regulations on Enterprise Information Publicity), State Council Order 654 (2014), art. 8 (report filed 1 January - 30 June of the next year); a late report is a ground of the abnormal operations list (国家工商行政管理总局令第68号 SAIC Order 68, 2014) until removal is applied for. Reports for the last five years are checked
-- basis.zh: 《企业信息公示暂行条例》（国务院令第654号，2014年）第8条（年度报告于次年1月1日至6月30日报送）；逾期报送在申请移出前是列入经营异常名录的事由（《企业经营异常名录管理暂行办法》（国家工商行政管理总局令第68号，2014年））。检查最近五年的年度报告
-- version: State Council Order 777
-- effective_from: 2024-05-01
-- basis: 企业信息公示暂行条例 (Interim Regulations on Enterprise Information Publicity), State Council Order 654 (2014) as amended by State Council Order 777 (in force 2024-05-01; article numbers as in the 2014 text: whether the amendment renumbered them is unverified), art. 8 (report filed 1 January - 30 June of the next year); a late report is a ground of the abnormal operations list (国家工商行政管理总局令第68号 SAIC Order 68, 2014) until removal is applied for. Reports for the last five years are checked
-- basis.zh: 《企业信息公示暂行条例》（国务院令第654号，2014年；经国务院令第777号修订，2024-05-01施行；条款号按2014年文本，修订是否重新编号未经核实）第8条（年度报告于次年1月1日至6月30日报送）；逾期报送在申请移出前是列入经营异常名录的事由（《企业经营异常名录管理暂行办法》（国家工商行政管理总局令第68号，2014年））。检查最近五年的年度报告
SELECT 'annual report ' || year AS subject,
       year, days_between((year + 1) || '-06-30', filed_on) AS days_late,
       (year + 1) || '-06-30' AS deadline,
       filed_on,
       src_file, src_line
FROM annual_reports
WHERE filed_on IS NOT NULL
  AND filed_on <= :as_of
  AND filed_on > (year + 1) || '-06-30'
  AND year >= CAST(substr(:as_of, 1, 4) AS INTEGER) - 5;

-- check: AR-003
-- area: annual_report
-- severity: low
-- title: Annual report due by 30 June not yet filed
-- title.zh: 年度报告即将到期尚未报送
-- remedy: File the annual report for the previous year before 30 June.
-- remedy.zh: 在6月30日前报送上一年度的年度报告。
-- detail: the annual report for {year} is due by {due_date} and is not recorded as filed
-- detail.zh: {year}年度报告应于{due_date}前报送，尚未记录报送
-- subject.zh: {year}年度报告
-- requires: entity
-- optional: annual_reports
-- tags: annual-report, deadline
-- version: State Council Order 654
-- effective_to: 2024-04-30
-- basis: 企业信息公示暂行条例 (Interim Regulations on Enterprise Information Publicity), State Council Order 654 (2014), art. 8: the report for the previous year is filed 1 January - 30 June; flagged from 1 May (a tool choice, two months before the deadline)
-- basis.zh: 《企业信息公示暂行条例》（国务院令第654号，2014年）第8条：上一年度报告于1月1日至6月30日报送；自5月1日起提示（工具设定，截止日前两个月）
-- version: State Council Order 777
-- effective_from: 2024-05-01
-- basis: 企业信息公示暂行条例 (Interim Regulations on Enterprise Information Publicity), State Council Order 654 (2014) as amended by State Council Order 777 (in force 2024-05-01; article numbers as in the 2014 text: whether the amendment renumbered them is unverified), art. 8: the report for the previous year is filed 1 January - 30 June; flagged from 1 May (a tool choice, two months before the deadline)
-- basis.zh: 《企业信息公示暂行条例》（国务院令第654号，2014年；经国务院令第777号修订，2024-05-01施行；条款号按2014年文本，修订是否重新编号未经核实）第8条：上一年度报告于1月1日至6月30日报送；自5月1日起提示（工具设定，截止日前两个月）
SELECT 'annual report ' || (CAST(substr(:as_of, 1, 4) AS INTEGER) - 1) AS subject,
       CAST(substr(:as_of, 1, 4) AS INTEGER) - 1 AS year,
       substr(:as_of, 1, 4) || '-06-30' AS due_date,
       src_file, src_line
FROM entity
WHERE substr(:as_of, 6, 5) BETWEEN '05-01' AND '06-30'
  AND coalesce(established_on, '0000') < substr(:as_of, 1, 4) || '-01-01'
  AND NOT EXISTS (SELECT 1 FROM annual_reports a
                  WHERE a.year = CAST(substr(:as_of, 1, 4) AS INTEGER) - 1
                    AND a.filed_on IS NOT NULL AND a.filed_on <= :as_of);

-- check: AR-004
-- area: annual_report
-- severity: medium
-- title: Instant information not published within 20 working days
-- title.zh: 即时信息未在20个工作日内公示
-- remedy: Publish the information in the National Enterprise Credit Information Publicity System now; set up a 20-working-day publication routine for changes (shareholding, licences, penalties, ...).
-- remedy.zh: 立即通过国家企业信用信息公示系统公示该信息；对股权变更、许可、处罚等事项建立20个工作日内公示的流程。
-- detail: {event} arose on {occurred_on}; published on {published_on|(not published)}; the deadline was {deadline} (20 working days counted Mon-Fri, public holidays not excluded)
-- detail.zh: {event}发生于{occurred_on}；公示日期：{published_on|未公示}；公示期限为{deadline}（按周一至周五计算20个工作日，未扣除法定节假日）
-- requires: instant_disclosures
-- tags: annual-report, deadline, approximation
-- version: State Council Order 654
-- effective_to: 2024-04-30
-- basis: 企业信息公示暂行条例 (Interim Regulations on Enterprise Information Publicity), State Council Order 654 (2014), art. 10: ad-hoc ("instant") information within 20 working days; not publishing in time is a ground of the abnormal operations list (国家工商行政管理总局令第68号 SAIC Order 68, 2014). Working days are counted Monday-Friday without the public-holiday calendar, an approximation that can put the computed deadline a few days earlier than the real one
-- basis.zh: 《企业信息公示暂行条例》（国务院令第654号，2014年）第10条：即时信息应于20个工作日内公示；未按时公示是列入经营异常名录的事由（《企业经营异常名录管理暂行办法》（国家工商行政管理总局令第68号，2014年））。工作日按周一至周五计算，未扣除法定节假日，算出的期限可能比实际期限早几天
-- version: State Council Order 777
-- effective_from: 2024-05-01
-- basis: 企业信息公示暂行条例 (Interim Regulations on Enterprise Information Publicity), State Council Order 654 (2014) as amended by State Council Order 777 (in force 2024-05-01; article numbers as in the 2014 text: whether the amendment renumbered them is unverified), art. 10: ad-hoc ("instant") information within 20 working days; not publishing in time is a ground of the abnormal operations list (国家工商行政管理总局令第68号 SAIC Order 68, 2014). Working days are counted Monday-Friday without the public-holiday calendar, an approximation that can put the computed deadline a few days earlier than the real one
-- basis.zh: 《企业信息公示暂行条例》（国务院令第654号，2014年；经国务院令第777号修订，2024-05-01施行；条款号按2014年文本，修订是否重新编号未经核实）第10条：即时信息应于20个工作日内公示；未按时公示是列入经营异常名录的事由（《企业经营异常名录管理暂行办法》（国家工商行政管理总局令第68号，2014年））。工作日按周一至周五计算，未扣除法定节假日，算出的期限可能比实际期限早几天
SELECT event || ' (' || occurred_on || ')' AS subject,
       event, occurred_on, add_working_days(occurred_on, 20) AS deadline,
       CASE WHEN disclosed_on <= :as_of THEN disclosed_on END AS published_on,
       CASE WHEN disclosed_on IS NULL OR disclosed_on > :as_of
            THEN add_working_days(occurred_on, 20) END AS due_date,
       disclosed_on,
       src_file, src_line
FROM instant_disclosures
WHERE occurred_on <= :as_of
  AND ((disclosed_on IS NOT NULL AND disclosed_on <= :as_of
        AND disclosed_on > add_working_days(occurred_on, 20))
       OR ((disclosed_on IS NULL OR disclosed_on > :as_of)
           AND add_working_days(occurred_on, 20) < :as_of));

-- check: AR-005
-- area: annual_report
-- severity: high
-- title: The company is on the abnormal operations list
-- title.zh: 企业被列入经营异常名录
-- remedy: Fulfil the obligation behind the ground (file the report, publish the information, correct the information, or register the new address or be reachable there) and apply to the listing authority for removal before the warning window opens. A listing in its last 60 days before the 3-year mark is reported by AR-006 instead.
-- remedy.zh: 针对列入事由履行相应义务（补报年报、公示信息、更正信息、办理住所变更登记或确保可在登记住所联系），并在预警期开始前向作出决定的机关申请移出。
-- detail: listed on {listed_on|(date not recorded)} for {ground:abnormal_ground}{?escalates_on:; moves to the serious illegal list if still listed on {escalates_on} (warning window from {warning_from})}
-- detail.zh: 于{listed_on|（日期未记录）}被列入经营异常名录，列入事由：{ground:abnormal_ground}{?escalates_on:；如至{escalates_on}仍未移出，将被列入严重违法失信名单（预警期自{warning_from}起）}
-- subject.zh: 经营异常名录（列入日期：{listed_on|不详}）
-- requires: list_status
-- tags: lists, abnormal-operations, deadline
-- version: SAIC Order 83
-- effective_to: 2021-08-31
-- basis: Interim Measures on the Abnormal Operations List (国家工商行政管理总局令第68号 SAIC Order 68, 2014): grounds annual report not filed, instant information not published, concealed or false information, unreachable at the registered address; removal once the obligation is fulfilled. Still listed after 3 years the company moves to the serious illegal (dishonest) list, with a warning in the 60 days before (国家工商行政管理总局令第83号 SAIC Order 83, 2015). Listed enterprises are restricted in government procurement, bidding, state land and honours (企业信息公示暂行条例 State Council Order 654, art. 18)
-- basis.zh: 《企业经营异常名录管理暂行办法》（国家工商行政管理总局令第68号，2014年）：列入事由为未报送年度报告、未按时公示即时信息、公示信息隐瞒真实情况或弄虚作假、通过登记的住所无法联系；履行相应义务后可申请移出。列入满3年仍未移出的，列入严重违法失信名单，满3年前60日内预警（国家工商行政管理总局令第83号，2015年）。被列入的企业在政府采购、招投标、国有土地出让、授予荣誉等方面受到限制（《企业信息公示暂行条例》（国务院令第654号，2014年）第18条）
-- version: SAMR Order 44
-- effective_from: 2021-09-01
-- effective_to: 2024-04-30
-- basis: Interim Measures on the Abnormal Operations List (国家工商行政管理总局令第68号 SAIC Order 68, 2014): grounds annual report not filed, instant information not published, concealed or false information, unreachable at the registered address; removal once the obligation is fulfilled. Still listed after 3 years the company moves to the serious illegal (dishonest) list, with a warning in the 60 days before (国家市场监督管理总局令第44号 SAMR Order 44, in force 2021-09-01, which replaced SAIC Order 83; whether Order 44 keeps the 60-day warning is unverified). Listed enterprises are restricted in government procurement, bidding, state land and honours (企业信息公示暂行条例 State Council Order 654, art. 18)
-- basis.zh: 《企业经营异常名录管理暂行办法》（国家工商行政管理总局令第68号，2014年）：列入事由为未报送年度报告、未按时公示即时信息、公示信息隐瞒真实情况或弄虚作假、通过登记的住所无法联系；履行相应义务后可申请移出。列入满3年仍未移出的，列入严重违法失信名单，满3年前60日内预警（国家市场监督管理总局令第44号（2021-09-01施行，取代国家工商行政管理总局令第83号）；第44号令是否保留60日预警未经核实）。被列入的企业在政府采购、招投标、国有土地出让、授予荣誉等方面受到限制（《企业信息公示暂行条例》（国务院令第654号，2014年）第18条）
-- version: SAMR Order 44, State Council Order 777
-- effective_from: 2024-05-01
-- basis: Interim Measures on the Abnormal Operations List (国家工商行政管理总局令第68号 SAIC Order 68, 2014): grounds annual report not filed, instant information not published, concealed or false information, unreachable at the registered address; removal once the obligation is fulfilled. Still listed after 3 years the company moves to the serious illegal (dishonest) list, with a warning in the 60 days before (国家市场监督管理总局令第44号 SAMR Order 44, in force 2021-09-01, which replaced SAIC Order 83; whether Order 44 keeps the 60-day warning is unverified). Listed enterprises are restricted in government procurement, bidding, state land and honours (企业信息公示暂行条例 State Council Order 654 as amended by State Council Order 777, in force 2024-05-01; art. 18 of the 2014 text, whether renumbered is unverified)
-- basis.zh: 《企业经营异常名录管理暂行办法》（国家工商行政管理总局令第68号，2014年）：列入事由为未报送年度报告、未按时公示即时信息、公示信息隐瞒真实情况或弄虚作假、通过登记的住所无法联系；履行相应义务后可申请移出。列入满3年仍未移出的，列入严重违法失信名单，满3年前60日内预警（国家市场监督管理总局令第44号（2021-09-01施行，取代国家工商行政管理总局令第83号）；第44号令是否保留60日预警未经核实）。被列入的企业在政府采购、招投标、国有土地出让、授予荣誉等方面受到限制（《企业信息公示暂行条例》经国务院令第777号修订，2024-05-01施行；2014年文本第18条，是否重新编号未经核实）
SELECT 'abnormal operations list since ' || coalesce(listed_on, 'an unknown date') AS subject,
       listed_on,
       date_add_years(listed_on, 3) AS escalates_on,
       date_add_days(date_add_years(listed_on, 3), -60) AS warning_from,
       CASE WHEN listed_on IS NULL THEN NULL
            WHEN :as_of < date_add_days(date_add_years(listed_on, 3), -60)
            THEN date_add_days(date_add_years(listed_on, 3), -60)
            ELSE date_add_years(listed_on, 3) END AS due_date,
       ground, reason,
       src_file, src_line
FROM list_status
WHERE list = 'abnormal_operations' AND subject = 'entity'
  AND (listed_on IS NOT NULL OR reason IS NOT NULL)
  AND in_force(listed_on, removed_on, :as_of)
  AND (listed_on IS NULL OR :as_of < date_add_days(date_add_years(listed_on, 3), -60));

-- check: AR-006
-- area: annual_report
-- severity: critical
-- title: Abnormal operations listing about to escalate to the serious illegal list (3 years)
-- title.zh: 经营异常名录列入将满3年，即将被列入严重违法失信名单
-- remedy: Fulfil the listing obligation and apply for removal before the escalation date; brief the legal representative on the personal bar if the date passes.
-- remedy.zh: 在满3年之前履行相关义务并申请移出经营异常名录；如已逾期，请告知法定代表人其个人任职限制。
-- detail: listed on {listed_on}{?escalated: and still listed after the 3-year mark on {escalates_on}: the company is due to be on the serious illegal list; its legal representative is barred from the role elsewhere for 3 years}{!escalated:; the 3-year mark is {escalates_on} and the 60-day warning window opened on {warning_from}}; listed for {ground:abnormal_ground}
-- detail.zh: 于{listed_on}被列入经营异常名录{?escalated:，至满3年之日{escalates_on}仍未移出：企业应被列入严重违法失信名单，其法定代表人3年内不得担任其他企业的法定代表人}{!escalated:；满3年之日为{escalates_on}，60日预警期已于{warning_from}开始}；列入事由：{ground:abnormal_ground}
-- subject.zh: 经营异常名录（列入日期：{listed_on}）
-- requires: list_status
-- tags: lists, abnormal-operations, deadline
-- version: SAIC Order 83
-- effective_to: 2021-08-31
-- basis: 国家工商行政管理总局令第83号 (SAIC Order 83, 2015): an enterprise still on the abnormal operations list after 3 years is moved to the serious illegal (dishonest) list, and the authority warns within the 60 days before the 3-year mark; its legal representative is then barred from that role in other enterprises for 3 years
-- basis.zh: 国家工商行政管理总局令第83号（2015年）：列入经营异常名录满3年仍未移出的企业列入严重违法失信名单，机关在满3年前60日内预警；其法定代表人3年内不得担任其他企业的法定代表人
-- version: SAMR Order 44
-- effective_from: 2021-09-01
-- basis: 国家市场监督管理总局令第44号 (SAMR Order 44, in force 2021-09-01, which replaced SAIC Order 83): an enterprise still on the abnormal operations list after 3 years is moved to the serious illegal (dishonest) list, and the authority warns within the 60 days before the 3-year mark; its legal representative is then barred from that role in other enterprises for 3 years; whether Order 44 keeps the 60-day warning is unverified
-- basis.zh: 国家市场监督管理总局令第44号（2021-09-01施行，取代国家工商行政管理总局令第83号）：列入经营异常名录满3年仍未移出的企业列入严重违法失信名单，机关在满3年前60日内预警；其法定代表人3年内不得担任其他企业的法定代表人；第44号令是否保留60日预警未经核实
SELECT 'abnormal operations list since ' || listed_on AS subject,
       listed_on,
       date_add_years(listed_on, 3) AS escalates_on,
       date_add_days(date_add_years(listed_on, 3), -60) AS warning_from,
       :as_of >= date_add_years(listed_on, 3) AS escalated,
       date_add_years(listed_on, 3) AS due_date,
       ground, reason,
       src_file, src_line
FROM list_status
WHERE list = 'abnormal_operations' AND subject = 'entity'
  AND listed_on IS NOT NULL AND in_force(listed_on, removed_on, :as_of)
  AND :as_of >= date_add_days(date_add_years(listed_on, 3), -60);
