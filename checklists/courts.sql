-- Courts: judgments and judgment defaulters. The company itself listed as a
-- judgment defaulter is check BL-002 in blacklists.sql.

-- check: CRT-001
-- area: courts
-- severity: high
-- title: Judgment not performed by its date
-- title.zh: 生效裁判未按期履行
-- basis: 失信被执行人 (judgment defaulters), 最高人民法院 法释〔2017〕7号 (SPC provisions, Fa Shi [2017] No. 7, in force 2017-05-01): a party able to perform that refuses is listed as a judgment defaulter; court-recognised payment defaults are a record category of Credit China
-- basis.zh: 失信被执行人，最高人民法院法释〔2017〕7号（2017-05-01施行）：有履行能力而拒不履行的，列为失信被执行人；法院认定的付款违约是信用中国的信息类别
-- remedy: Perform the judgment now (or agree a settlement with the creditor and keep it) and record the performance date; a refusal while able to pay leads to the judgment-defaulter list.
-- remedy.zh: 立即履行生效裁判（或与债权人达成和解并履行），并记录履行日期；有履行能力而拒不履行的，将被列入失信被执行人名单。
-- detail: {case_no} ({court|court not recorded}): the judgment (RMB {amount_fen:yuan|amount not recorded}) was to be performed by {performance_due_on} and is not recorded as performed; a refusal while able to perform leads to the judgment-defaulter list
-- detail.zh: {case_no}（{court|法院未记录}）：裁判确定的义务（人民币{amount_fen:yuan|金额未记录}）应于{performance_due_on}前履行，未记录履行；有履行能力而拒不履行的将被纳入失信被执行人名单
-- requires: court_cases
-- tags: courts, deadline, blacklist-risk
SELECT case_no AS subject,
       case_no, court, performance_due_on,
       performance_due_on AS due_date,
       amount AS amount_fen, cause, status,
       src_file, src_line
FROM court_cases
WHERE performance_due_on < :as_of
  AND (performed_on IS NULL OR performed_on > :as_of)
  AND coalesce(status, '') NOT IN ('performed', 'closed')
  AND (role IN ('defendant', 'respondent') OR (role IS NULL AND amount > 0))
  AND coalesce(amount, -1) <> 0;

-- check: CRT-002
-- area: courts
-- severity: high
-- title: The legal representative is listed as a judgment defaulter
-- title.zh: 法定代表人被列入失信被执行人名单
-- basis: 失信被执行人 (judgment defaulters), 最高人民法院 法释〔2017〕7号 (SPC provisions, Fa Shi [2017] No. 7, in force 2017-05-01): listed 2 years for grounds 2-6, extendable by 1-3 years; deleted within 3 working days once the obligations are performed; consumption restrictions reach the company's legal representative, principal, directly responsible person and actual controller
-- basis.zh: 失信被执行人，最高人民法院法释〔2017〕7号（2017-05-01施行）：第2至6项情形列入2年，可延长1至3年；履行义务后3个工作日内删除；限制消费措施及于企业法定代表人、主要负责人、直接责任人员和实际控制人
-- remedy: Establish whose debt the listing concerns; have the obligations performed so that the listing is deleted, and consider whether the person can keep the legal-representative role meanwhile.
-- remedy.zh: 查明该失信记录所涉债务；督促履行义务以删除失信信息，并评估其在此期间能否继续担任法定代表人。
-- detail: the legal representative is listed as a judgment defaulter since {listed_on|(date not recorded)}, reason "{reason|not recorded}"; deleted within 3 working days once the obligations are performed; the person is under consumption restrictions (no flights, no high-speed-rail seats, no star hotels)
-- detail.zh: 法定代表人自{listed_on|（日期未记录）}起被列为失信被执行人，事由：“{reason|未记录}”；履行义务后3个工作日内删除；其本人受限制消费措施约束（不得乘坐飞机、高铁一等座以上席位，不得入住星级宾馆等）
-- subject.zh: 法定代表人：失信被执行人
-- requires: list_status
-- tags: courts, lists, legal-representative
SELECT 'legal representative: judgment defaulter' AS subject,
       listed_on,
       :as_of AS due_date,
       reason,
       src_file, src_line
FROM list_status
WHERE list = 'judgment_defaulter' AND subject = 'legal_rep'
  AND (listed_on IS NOT NULL OR reason IS NOT NULL)
  AND in_force(listed_on, removed_on, :as_of);
