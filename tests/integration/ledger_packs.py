"""Record packs as companies keep them, made from a template-shaped pack (the example) so a test
can audit both and compare: Excel ledgers with title rows, unit rows, totals rows, amounts in
（万元） columns, several record types as sheets of one workbook, Chinese headers in their own
words, and a list export in .xlsx. Run with /usr/bin/python3 (Debian's python3-openpyxl).

    python3 ledger_packs.py TEMPLATE_PACK OUT_DIR    writes OUT_DIR as a ledger pack
"""
import csv
import datetime
import os
import shutil
import sys
from decimal import Decimal

import openpyxl
from openpyxl.styles import Alignment


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def day(text):
    return datetime.date.fromisoformat(text) if text else None


def yuan(text):
    return Decimal(text.replace(",", "")) if text else None


def wan(text):
    """An amount in 万元 as a spreadsheet number; exact in decimal, as a ledger keeps it."""
    v = yuan(text)
    return None if v is None else float(v / 10000)


def titled(ws, title, width, unit=None):
    """A title row merged across the table, a row saying who made it (and the unit), a blank row."""
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(["编制单位：艾克美贸易（上海）有限公司"] + [None] * (width - 2) + [unit or "编制日期：2026年9月30日"])
    ws.append([])


def court_sheet(wb, rows):
    ws = wb.create_sheet("诉讼台账")
    titled(ws, "涉诉案件台账", 10)
    ws.append(["序号", "案件编号", "受理法院", "我方地位", "案由", "涉案金额（万元）", "判决日期", "履行期限",
               "实际履行日期", "案件进展"])
    roles = {"defendant": "被告", "plaintiff": "原告"}
    states = {"judged": "已判决", "closed": "已结案"}
    total = Decimal(0)
    for i, r in enumerate(rows, 1):
        total += yuan(r["amount"]) or 0
        ws.append([i, r["case_no"], r["court"], roles[r["role"]], r["cause"], wan(r["amount"]),
                   day(r["judgment_on"]), day(r["performance_due_on"]) or "—", day(r["performed_on"]) or "-",
                   states[r["status"]]])
    ws.append(["合计", None, None, None, None, float(total / 10000)])
    ws.append(["注：金额单位为万元。"])


def penalty_sheet(wb, rows):
    ws = wb.create_sheet("行政处罚记录")
    titled(ws, "行政处罚情况登记表", 10)
    ws.append(["序号", "处罚决定书文号", "作出处罚决定的机关", "处罚领域", "处罚种类", "处罚日期", "罚没款金额",
               "违法程度", "主要违法事实", "履行日期", "信用修复时间"])
    ws.append(["单位：元"])
    areas = {"market": "市场监管", "customs": "海关"}
    for i, r in enumerate(rows, 1):
        ws.append([i, r["decision_no"], r["authority"], areas[r["area"]], "罚款", day(r["decided_on"]),
                   float(yuan(r["amount"])), "一般", r["description"], day(r["obligations_done_on"]) or "/",
                   day(r["repaired_on"]) or "暂无"])
    ws.append(["小计", None, None, None, None, None, float(sum(yuan(r["amount"]) for r in rows))])


def payroll_sheet(wb, rows):
    """Named nothing in particular: its header says what it holds; the unit row says 万元."""
    ws = wb.create_sheet("Sheet3")
    titled(ws, "2026年工资发放明细", 6, "单位：万元")
    ws.append(["工资月份", "应发放日期", "实际发放日期", "应发工资总额", "实发工资总额", "发放人数"])
    for r in rows:
        ws.append([r["period"], day(r["due_on"]), day(r["paid_on"]), wan(r["wages_due"]), wan(r["wages_paid"]),
                   int(r["headcount"])])
    ws.append(["合计", None, None, float(sum(yuan(r["wages_due"]) for r in rows) / 10000)])


def license_sheet(wb, rows):
    ws = wb.create_sheet("许可证照")
    ws.append(["证照名称", "证照号码", "发证机构", "许可内容", "发证时间", "有效期至", "证照状态", "延续申请时间",
               "提前申请期限", "附件"])
    for r in rows:
        ws.append([r["license_type"], r["license_no"], r["issuer"], r["scope"], day(r["issued_on"]),
                   day(r["expires_on"]) or "—", "有效", day(r["renewal_applied_on"]) or "-",
                   int(r["renewal_lead_days"]) if r["renewal_lead_days"] else None,
                   r.get("evidence") or None])


def list_book(path, rows, title):
    """A list export as a data platform gives it: one sheet 'Sheet1' under a title row, 序号, 企业名称,
    统一社会信用代码 ..., and no column naming the list: only the file name says which list it is."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    titled(ws, title + "查询结果", 8)
    ws.append(["序号", "企业名称", "统一社会信用代码", "法定代表人", "列入日期", "移出日期", "列入原因",
               "作出决定机关"])
    for i, r in enumerate(rows, 1):
        ws.append([i, r["name"], r["uscc"] or "—", r["legal_rep_name"], day(r["listed_on"]),
                   day(r["removed_on"]) or "-", r["reason"], r["authority"]])
    wb.save(path)


def make_ledger_pack(template, out):
    """Write out as a ledger-style pack holding the same records as the template pack."""
    os.makedirs(os.path.join(out, "lists"))
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    court_sheet(wb, read_csv(os.path.join(template, "court_cases.csv")))
    penalty_sheet(wb, read_csv(os.path.join(template, "penalties.csv")))
    payroll_sheet(wb, read_csv(os.path.join(template, "payroll.csv")))
    license_sheet(wb, read_csv(os.path.join(template, "licenses.csv")))
    wb.save(os.path.join(out, "2026年合规台账.xlsx"))
    in_book = {"court_cases.csv", "penalties.csv", "payroll.csv", "licenses.csv"}
    for name in sorted(os.listdir(template)):
        if name.endswith(".csv") and name not in in_book:
            shutil.copy(os.path.join(template, name), os.path.join(out, name))
    if os.path.isdir(os.path.join(template, "evidence")):
        shutil.copytree(os.path.join(template, "evidence"), os.path.join(out, "evidence"))
    lists = os.path.join(template, "lists")
    list_book(os.path.join(out, "lists", "严重违法失信名单_导出_20260920.xlsx"),
              read_csv(os.path.join(lists, "serious_illegal.csv")), "严重违法失信名单")
    list_book(os.path.join(out, "lists", "经营异常名录（2026年9月）.xlsx"),
              read_csv(os.path.join(lists, "abnormal_operations.csv")), "经营异常名录")


def write_gb(path, rows):
    """A CSV as Excel on Chinese Windows saves it: GB18030."""
    with open(path, "w", encoding="gb18030", newline="") as f:
        csv.writer(f).writerows(rows)


def make_foreign_pack(out, clean):
    """A pack written by someone who never read docs/records.md: Chinese file names, headers in
    their own words, GB18030, title rows. Unless clean, it holds planted problems (see PLANTED)."""
    os.makedirs(out)
    write_gb(os.path.join(out, "公司基本情况.csv"), [
        ["公司名称", "统一社会信用代码", "法人代表", "企业类型", "成立时间", "注册资本", "是否外资"],
        ["艾克美贸易（上海）有限公司", "91310115MA1K4A1B2H", "王伟", "公司", "2019年4月18日", "500万元", "是"],
    ])
    write_gb(os.path.join(out, "证照台账.csv"), [
        ["证照管理台账"],
        [],
        ["序号", "证照名称", "证照号码", "发证机构", "发证时间", "有效期至", "证照状态"],
        ["1", "营业执照", "91310115MA1K4A1B2H", "上海市浦东新区市场监督管理局", "2019/4/18", "—", "有效"],
        ["2", "食品经营许可证", "JY13101150012345", "上海市浦东新区市场监督管理局", "2021/11/16",
         "2028/11/15" if clean else "2026/3/31", "有效"],
    ])
    reports = [["报告年度", "年报报送日期"]]
    for year in range(2019, 2026):
        filed = "%d年5月20日" % (year + 1)
        if year == 2024 and not clean:
            filed = "2025年7月20日"  # after 30 June: late
        reports.append([str(year), filed])
    write_gb(os.path.join(out, "年报情况.csv"), reports)
    write_gb(os.path.join(out, "诉讼案件登记.csv"), [
        ["诉讼案件登记表"],
        ["单位：万元"],
        ["案号", "审理法院", "诉讼身份", "案由", "标的额", "判决日期", "履行期限", "实际履行日期", "状态"],
        ["（2025）沪0115民初28731号", "上海市浦东新区人民法院", "被告", "买卖合同纠纷", "18.6", "2026/4/10", "2026/5/10",
         "2026/5/8" if clean else "-", "已履行" if clean else "已判决"],
        ["合计", "", "", "", "18.6", "", "", "", ""],
    ])
    lists = ["经营异常名录", "严重违法失信名单", "失信被执行人", "重大税收违法失信主体", "拖欠农民工工资失信联合惩戒对象名单"]
    write_gb(os.path.join(out, "名单查询记录.csv"),
             [["名单名称", "对象类型", "列入时间", "列入原因", "查询时间"]] +
             [[name, "企业", "-", "", "2026年9月20日"] for name in lists])
    write_gb(os.path.join(out, "纳税信用评价.csv"), [["评价年份", "信用级别"], ["2024", "B级"], ["2025", "B级"]])
    pay = [["工资发放表"], ["月份", "工资发放日", "发放日期", "应发金额", "实发金额", "人数"]]
    for month, due, paid in [("2026-06", "2026/7/15", "2026/7/15"), ("2026-07", "2026/8/15", "2026/8/15"),
                             ("2026-08", "2026/9/15", "2026/9/15")]:
        short = month == "2026-08" and not clean
        pay.append([month, due, paid, "1,270,000.00", "1,195,000.00" if short else "1,270,000.00", "60"])
    pay.append(["合计", "", "", "3,810,000.00", "", ""])
    write_gb(os.path.join(out, "工资发放表.csv"), pay)


if __name__ == "__main__":
    make_ledger_pack(sys.argv[1], sys.argv[2])
