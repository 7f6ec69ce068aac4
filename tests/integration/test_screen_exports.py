"""Screening on list exports and a ledger shaped as users have them (tests/fixtures/screen_exports/):
GB18030 exports with title, totals and note rows, Chinese headers, mixed date forms and a
column the tool does not know; branches written in brackets; a name in Chinese and English;
a bank's name shared by 205 entries; a ledger whose name column is headed Supplier. Every partner comes out with the
status its records call for, none clear that an entry flags, and every row that was not
read is named at file and line. Then an export written without quotes, whose rows a comma
in a value split (split_rows), one whose removal dates are words (open_removal_dates), and
the judgment defaulters' column of codes and identity numbers (codes_and_identity_numbers), and
the major tax violators' header (tax_violators_header)."""
import os
import re
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import FIXTURES, check, expect_exit, finish, run  # noqa: E402

FIX = os.path.join(FIXTURES, "screen_exports")

# ledger.csv line -> status, best score, lists (listed), review_lists, historical_lists
EXPECTED = {
    3: ("listed", 100, "serious_illegal", None, None),  # its own code, after 205 entries of its name
    4: ("review", 74, None, "serious_illegal", "serious_illegal"),  # left the list; 合恒建筑工程 is on it
    5: ("review", 75, None, "abnormal_operations", None),  # its branch （朝阳分公司） is listed
    6: ("listed", 95, "serious_illegal", None, None),  # 供應鏈 on the list
    7: ("listed", 95, "serious_illegal", None, None),  # Ocean Apex Trading Co., Ltd.
    8: ("clear", None, None, None, None),  # nothing like it
    10: ("listed", 95, "abnormal_operations", None, None),  # the branch, in brackets on the list
    11: ("review", 75, None, "abnormal_operations", None),  # head office of (浦东分公司)
    12: ("listed", 95, "abnormal_operations", None, None),  # 北京分行（营业部）
    13: ("listed", 95, "abnormal_operations", None, None),  # in English; the entry in both scripts
    14: ("listed", 95, "abnormal_operations", None, None),  # in both scripts too
    15: ("listed", 95, "abnormal_operations", None, None),  # （停用）: a vendor no longer used
}


def main():
    tmp = tempfile.mkdtemp(prefix="cscs-exports-")
    try:
        # the user's files are read where they are, from their own folder
        work = os.path.join(tmp, "work")
        shutil.copytree(FIX, work)
        before = {f: open(os.path.join(work, "lists", f), "rb").read() for f in os.listdir(os.path.join(work, "lists"))}
        db = os.path.join(tmp, "screen.db")
        r = run("screen", "ledger.csv", "--lists", "lists", "-o", os.path.join(tmp, "out.xlsx"), "--db", db,
                "--as-of", "2025-06-30", cwd=work)
        expect_exit(r, 0, "screen on the exports")
        rc, out, err = r
        check("screened 13 partners against 228 list entries: 8 listed, 3 to review, 1 not screened, 1 clear"
              in out, "summary line: " + out)
        # every row not read as a record is named, at its file and line (and column for a header)
        for where, what in [("lists/serious_illegal.csv:213:", "a totals row ('合计：210条')"),
                            ("lists/serious_illegal.csv:214:", "a note row ('注：以上信息仅供参考')"),
                            ("lists/red_list.csv:15:", "a totals row ('合计')"),
                            ("lists/red_list.csv:2:17:", "unknown column '评价年度'"),
                            ("ledger.csv:9:1:", "'name' is required but empty"),
                            ("ledger.csv:16:", "a totals row ('Total')")]:
            check(re.search(re.escape(where) + r" warning: .*" + re.escape(what), err),
                  f"{where} {what} in the warnings:\n{err}")
        for f, data in before.items():
            check(open(os.path.join(work, "lists", f), "rb").read() == data, f"lists/{f} left as it was")
        con = sqlite3.connect(db)
        rows = {line: row for line, *row in con.execute(
            "SELECT p.src_line, s.status, s.best_score, s.lists, s.review_lists, s.historical_lists, s.reason"
            " FROM partners p JOIN partner_status s ON s.partner_id = p.id")}
        for line, want in EXPECTED.items():
            got = tuple(rows.get(line, [None] * 6)[:5])
            check(got == want, f"ledger.csv line {line}: {got}, expected {want}")
        # the partner without a name is not screened, and says why; never clear
        check(rows.get(9, [None])[0] == "not_screened" and "no name or credit code" in (rows[9][5] or ""),
              f"ledger.csv line 9: {rows.get(9)}")
        # the twelve years of the red list are the partner's own entries, stored with the branch
        n_red = con.execute("SELECT count(*) FROM screen_matches m JOIN partners p ON p.id = m.partner_id"
                            " WHERE p.src_line = 5 AND m.list = 'red_list' AND m.rule = 'uscc'").fetchone()[0]
        check(n_red >= 1, f"line 5: {n_red} red-list entries of its own stored")
        # the bank: its own entry, read after the 205 sharing its name
        best = con.execute("SELECT e.src_line, e.listed_on FROM partner_status s JOIN partners p ON p.id = s.partner_id"
                           " JOIN list_entries e ON e.id = s.best_entry_id WHERE p.src_line = 3").fetchone()
        check(best == (208, "2024-05-06"), f"line 3's best entry: {best}")
        con.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    split_rows()
    open_removal_dates()
    codes_and_identity_numbers()
    tax_violators_header()
    finish()


def screen_export(tmp, list_file, export, partners, what):
    """Write an export as downloaded (GB18030, CRLF) to tmp/lists/list_file and partners.csv beside it,
    and screen them into a new database; returns (stdout, stderr, a connection to the database)."""
    os.makedirs(os.path.join(tmp, "lists"), exist_ok=True)
    with open(os.path.join(tmp, "lists", list_file), "wb") as f:
        f.write(export.replace("\n", "\r\n").encode("gb18030"))
    with open(os.path.join(tmp, "partners.csv"), "w", encoding="utf-8") as f:
        f.write(partners)
    db = os.path.join(tmp, "s.db")
    if os.path.exists(db):
        os.remove(db)
    r = run("screen", "partners.csv", "--lists", "lists", "-o", os.path.join(tmp, "s.xlsx"), "--db", db,
            "--as-of", "2025-06-30", cwd=tmp)
    expect_exit(r, 0, what)
    return r[1], r[2], sqlite3.connect(db)


def statuses(con):
    """(partners.csv line, status) of every partner, in line order."""
    return con.execute("SELECT p.src_line, s.status FROM partners p JOIN partner_status s"
                       " ON s.partner_id = p.id ORDER BY p.src_line").fetchall()


def tax_violators_header():
    """The header of the major tax violators' export, as published: the legal representative's name and
    identity number are read (the latter masked in outputs), so the audited company's legal
    representative can be screened against it."""
    with tempfile.TemporaryDirectory(prefix="cscs-tax-") as tmp:
        out, err, con = screen_export(
            tmp, "重大税收违法失信主体.csv",
            "纳税人名称,纳税人识别号,注册地址,法定代表人或者负责人姓名,性别,证件名称,证件号码,案件性质,主要违法事实,公布日期\n"
            "上海恒通贸易有限公司,91310000MA1FL0AB0T,上海市浦东新区某路1号,张伟,男,居民身份证,"
            "11010519491231002X,虚开增值税专用发票,经检查发现虚开增值税专用发票,2024-06-30\n",
            "name\n广州南方物流有限公司\n", "screen on the tax violators' export")
        check("法定代表人或者负责人姓名" not in err, f"the legal representative's column is known:\n{err}")
        got = con.execute("SELECT list, uscc, legal_rep_name, legal_rep_id, listed_on, reason FROM list_entries").fetchall()
        check(got == [("major_tax_violation", "91310000MA1FL0AB0T", "张伟", "11010519491231002X", "2024-06-30",
                       "经检查发现虚开增值税专用发票")], f"the entry: {got}")
        con.close()


def codes_and_identity_numbers():
    """The judgment defaulters' export: one column of codes and identity numbers. A company listed under
    its earlier name is found by its code; a person's identity number is kept as one (masked in the
    workbook), not as a code."""
    with tempfile.TemporaryDirectory(prefix="cscs-both-") as tmp:
        out, err, con = screen_export(
            tmp, "失信被执行人.csv",
            "序号,被执行人姓名/名称,证件号码/统一社会信用代码,执行法院,立案时间,案号,发布时间\n"
            "1,东方贸易有限公司,91310000MA1FL0AB0T,上海市浦东新区人民法院,2023-01-01,(2023)沪0115执1号,2023-03-01\n"
            "2,张伟,11010519491231002X,北京市朝阳区人民法院,2023-01-01,(2023)京0105执124号,2023-03-01\n"
            "3,李娜,1101051949****002X,北京市朝阳区人民法院,2023-01-01,(2023)京0105执125号,2023-03-01\n"
            "4,华东电子有限公司,913100004234567206,上海市第一中级人民法院,2023-01-01,(2023)沪01执9号,2023-03-01\n",
            "name,uscc\n上海恒通贸易有限公司,91310000MA1FL0AB0T\n广州南方物流有限公司,\n",
            "screen on the defaulters' export")
        check("证件号码/统一社会信用代码" not in err, f"the column is known:\n{err}")
        check("11010519491231002X" not in out + err, "no identity number on the console")
        got = con.execute("SELECT p.src_line, s.status, s.best_score FROM partners p JOIN partner_status s"
                          " ON s.partner_id = p.id ORDER BY p.src_line").fetchall()
        check(got == [(2, "listed", 100), (3, "clear", None)], f"found by its code: {got}")
        entries = con.execute("SELECT src_line, uscc, legal_rep_id FROM list_entries ORDER BY src_line").fetchall()
        check(entries == [(2, "91310000MA1FL0AB0T", None), (3, None, "11010519491231002X"),
                          (4, None, "1101051949****002X"), (5, "913100004234567206", None)],
              f"codes and identity numbers apart: {entries}")
        con.close()


def open_removal_dates():
    """移出日期 written as words for "not removed" (至今, 未移出, 否): the entry is on the list, and the
    other partners are clear, not "not screened" for an unknown removal date."""
    with tempfile.TemporaryDirectory(prefix="cscs-open-") as tmp:
        out, err, con = screen_export(
            tmp, "serious_illegal.csv",
            "序号,企业名称,统一社会信用代码,列入日期,移出日期\n"
            "1,上海恒通贸易有限公司,91310000MA1FL0AB0T,2024-03-01,至今\n"
            "2,北京鼎嘉贸易有限责任公司,91110105MA01CDEF0B,2022-01-10,未移出\n"
            "3,华东电子有限公司,91310115MA1H7XYW0W,2023-05-06,否\n",
            "name\n上海恒通贸易有限公司\n华东电子有限公司\n广州南方物流有限公司\n",
            "screen on a list whose removal dates are words")
        got = statuses(con)
        check(got == [(2, "listed"), (3, "listed"), (4, "clear")], f"statuses: {got}")
        check(con.execute("SELECT count(*) FROM list_entries WHERE removed_on IS NULL").fetchone()[0] == 3,
              "still listed")
        con.close()


# An export written without quotes: a reason and an English name hold commas.
SPLIT_LIST = (
    "严重违法失信企业名单\n"
    "序号,企业名称,统一社会信用代码,列入严重违法失信名单原因,列入日期,移出日期\n"
    # the reason split in two: taken as it comes, 2024-03-01 lands in 移出日期 and the entry reads as removed
    "1,上海恒通贸易有限公司,91310000MA1FL0AB0T,未按规定公示年度报告,经责令仍未改正,2024-03-01,\n"
    "2,Huadong Electronics Co., Ltd.,91310115MA1H7XYW0W,提交虚假材料,2023-05-06,\n"
    "3,北京鼎嘉贸易有限责任公司,91110105MA01CDEF0B,隐瞒真实情况,2022-01-10,2023-01-10\n"
)
SPLIT_PARTNERS = "供应商名称,统一社会信用代码\n上海恒通贸易有限公司,\nHuadong Electronics Co. Ltd.,\n北京鼎嘉贸易有限责任公司,\n"


def split_rows():
    """Rows split by a comma in an unquoted value: read the way their fields fit, never as a false "clear"
    or "removed"; a row whose columns cannot be told leaves no partner clear."""
    with tempfile.TemporaryDirectory(prefix="cscs-split-") as tmp:
        out, err, con = screen_export(tmp, "serious_illegal.csv", SPLIT_LIST, SPLIT_PARTNERS,
                                      "screen on a list with split rows")
        for line, what in [(3, "'reason' = '未按规定公示年度报告,经责令仍未改正'"),
                           (4, "'name' = 'Huadong Electronics Co., Ltd.'")]:
            check(re.search(rf"lists/serious_illegal\.csv:{line}: warning: row has 7 fields but the header has 6: "
                            rf"an unquoted value holds a comma; read with {re.escape(what)}", err),
                  f"line {line} said as read:\n{err}")
        got = con.execute("SELECT p.src_line, s.status, s.historical_lists FROM partners p"
                          " JOIN partner_status s ON s.partner_id = p.id ORDER BY p.src_line").fetchall()
        check(got == [(2, "listed", None), (3, "listed", None), (4, "clear", "serious_illegal")],
              f"split rows read whole: {got}")
        check(con.execute("SELECT listed_on, removed_on FROM list_entries WHERE src_line = 3").fetchone()
              == ("2024-03-01", None), "the listing date in its own column")
        con.close()

        # a comma between two columns of free text, with no space after it: which is the name? Not told
        out, err, con = screen_export(
            tmp, "serious_illegal.csv",
            "序号,企业名称,法定代表人,统一社会信用代码,列入日期,移出日期\n"
            "1,上海恒通贸易有限公司,王伟,91310000MA1FL0AB0T,2024-03-01,\n"
            "2,Huadong Electronics,Co,李娜,91310115MA1H7XYW0W,2023-05-06,\n",
            SPLIT_PARTNERS, "screen on a list with a row that cannot be told")
        check("lists/serious_illegal.csv:3:3: warning: the row has more fields than the header" in err,
              f"the row is named:\n{err}")
        got = dict(statuses(con))
        check(got == {2: "listed", 3: "not_screened", 4: "not_screened"}, f"no partner clear: {got}")
        reason = con.execute("SELECT reason FROM partner_status s JOIN partners p ON p.id = s.partner_id"
                             " WHERE p.src_line = 4").fetchone()[0]
        check("serious_illegal.csv: 1 row with an unknown name" in (reason or ""), f"why not screened: {reason}")
        con.close()


if __name__ == "__main__":
    main()
