#!/usr/bin/python3
"""The audit workbook read back with openpyxl.

A stored run is made without the engine (tests/fixtures/report/run.sql,
loaded by the report_db helper), then `cscs-audit report` writes it. The
test reads every sheet back and checks contents and cell types: dates are
dates, numbers are numbers, formula-like text stays text. It also checks
masking of identity numbers, the all-or-nothing write, the JSON and CSV
outputs, and the Summary against a golden file
(tests/fixtures/report/summary_<lang>.golden.json; set
CSCS_UPDATE_GOLDEN=1 to rewrite it after an intended change).
"""
import csv
import datetime
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

import openpyxl

AUDIT = os.environ["CSCS_AUDIT"]
SRC = os.environ["CSCS_SRCDIR"]
REPORT_DB = os.environ["CSCS_REPORT_DB"]
FIXTURES = os.path.join(SRC, "tests", "fixtures", "report")

ID_LEGAL_REP = "110105194912310029"
ID_LISTED_REP = "310101198001011234"
FORMULA_LIKE = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0"]

SHEETS_EN = ["Summary", "Findings", "Remediation plan", "Deadlines", "Partners", "Checks",
             "Data quality", "Run info"]
SHEETS_ZH = ["概要", "问题清单", "整改计划", "到期事项", "合作伙伴", "检查项", "数据质量", "运行信息"]

# A valid 1x1 PNG for --logo.
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4"
    "890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082")

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def run(*args, expect=0):
    wrapper = os.environ.get("CSCS_AUDIT_WRAPPER", "").split()  # valgrind in scripts/test
    proc = subprocess.run([*wrapper, AUDIT, *args], capture_output=True, text=True, timeout=600)
    check(proc.returncode == expect,
          "%s: exit %d, expected %d; stderr: %s" % (" ".join(args), proc.returncode, expect,
                                                    proc.stderr.strip()))
    return proc


def make_db(tmp, extra_sql=None):
    db = os.path.join(tmp, "audit.db")
    files = [os.path.join(FIXTURES, "run.sql")]
    if extra_sql:
        extra = os.path.join(tmp, "extra.sql")
        with open(extra, "w", encoding="utf-8") as f:
            f.write(extra_sql)
        files.append(extra)
    subprocess.run([REPORT_DB, db, *files], check=True, timeout=60)
    return db


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def all_cells(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    yield ws, c


def rows(ws, first=2):
    """Data rows as lists of cells (header row skipped)."""
    return [list(r) for r in ws.iter_rows(min_row=first) if any(c.value is not None for c in r)]


def header(ws):
    return [c.value for c in ws[1] if c.value is not None]


def test_sheets_and_types(tmp, db):
    out = os.path.join(tmp, "en.xlsx")
    logo = os.path.join(tmp, "logo.png")
    with open(logo, "wb") as f:
        f.write(PNG_1X1)
    run("report", "--db", db, "-o", out, "--title", "Board pack", "--prepared-by", "Li Na",
        "--logo", logo)
    wb = openpyxl.load_workbook(out)
    check(wb.sheetnames == SHEETS_EN, "sheet names %r" % wb.sheetnames)

    # Nothing anywhere is a formula; formula-like values are text, exactly as stored.
    texts = set()
    for ws, c in all_cells(wb):
        check(c.data_type != "f", "%s!%s is a formula: %r" % (ws.title, c.coordinate, c.value))
        if isinstance(c.value, str):
            texts.add(c.value)
            check(ID_LEGAL_REP not in c.value and ID_LISTED_REP not in c.value,
                  "%s!%s shows an identity number: %r" % (ws.title, c.coordinate, c.value))
    for v in FORMULA_LIKE:
        check(v in texts, "formula-like value %r not kept as text" % v)

    # Findings: header, order, types, links to the check's row on Checks.
    ws = wb["Findings"]
    check(header(ws)[:8] == ["Check", "Area", "Severity", "Finding", "Subject", "Detail", "Due date",
                             "Days left"], "Findings header %r" % header(ws))
    check(ws.freeze_panes == "A2", "Findings freeze panes %r" % ws.freeze_panes)
    check(ws.auto_filter.ref == "A1:O9", "Findings autofilter %r" % ws.auto_filter.ref)
    data = rows(ws)
    check(len(data) == 8, "Findings has %d rows, expected 8" % len(data))
    check([r[0].value for r in data] == ["PAR-001"] * 3 + ["LIC-001"] * 2 + ["LIC-002"] * 2 + ["TAX-002"],
          "Findings order %r" % [r[0].value for r in data])
    checks_ws = wb["Checks"]
    for r in data:
        link = r[0].hyperlink
        check(link is not None and link.location and link.location.startswith("'Checks'!A"),
              "Findings %s has no link to Checks" % r[0].coordinate)
        if link is not None and link.location:
            target = checks_ws[link.location.split("!")[1]]
            check(target.value == r[0].value, "link of %s lands on %r" % (r[0].value, target.value))
    first = data[0]
    check(first[2].value == "critical", "severity %r" % first[2].value)
    check(isinstance(first[6].value, datetime.datetime) and first[6].is_date and
          first[6].value.date() == datetime.date(2025, 7, 15), "due date cell %r" % first[6].value)
    check(first[7].data_type == "n" and first[7].value == 15, "days left %r" % first[7].value)
    check(first[5].value.endswith("310***********1234)"), "detail not masked: %r" % first[5].value)
    check("legal_rep_id: 310***********1234" in first[11].value, "evidence %r" % first[11].value)
    check(data[1][4].value == FORMULA_LIKE[0] and data[1][4].data_type == "s", "formula-like subject")
    check(data[2][4].value == FORMULA_LIKE[1] and data[2][4].data_type == "s", "formula-like subject 2")
    check(data[1][6].value is None, "a finding without a due date has an empty date cell")
    check(data[3][7].value == -181, "overdue days %r" % data[3][7].value)
    check(data[7][12].value.startswith("payment plan agreed"), "waiver %r" % data[7][12].value)
    check([r[13].value for r in data].count("new") == 6, "six findings are new since run 1")
    sev_rules = [r for rng in ws.conditional_formatting for r in rng.rules]
    check(len(sev_rules) >= 5, "Findings has %d conditional formats" % len(sev_rules))

    # Remediation plan: by due date, a status dropdown, columns to fill in.
    ws = wb["Remediation plan"]
    data = rows(ws)
    dates = [r[0].value for r in data]
    check(all(isinstance(d, datetime.datetime) for d in dates[:-1]) and dates[-1] is None,
          "remediation dates %r" % dates)
    check(dates[:-1] == sorted(dates[:-1]), "remediation not sorted by due date")
    check([r[8].value for r in data].count("waived") == 1 and [r[8].value for r in data].count("open") == 7,
          "remediation statuses %r" % [r[8].value for r in data])
    dvs = ws.data_validations.dataValidation
    check(len(dvs) == 1 and dvs[0].type == "list" and dvs[0].formula1 == '"open,in progress,done,waived"'
          and str(dvs[0].sqref) == "I2:I9", "status dropdown %r" % [(d.formula1, str(d.sqref)) for d in dvs])
    check(header(ws)[7:10] == ["Owner", "Status", "Notes"], "remediation header %r" % header(ws))

    # Deadlines within 90 days of 2025-06-30.
    ws = wb["Deadlines"]
    data = rows(ws)
    check([r[0].value.date() for r in data] == [datetime.date(2025, 7, 15), datetime.date(2025, 8, 15)],
          "deadlines %r" % [r[0].value for r in data])

    # Checks: every check, every result state, with reasons.
    ws = wb["Checks"]
    data = rows(ws)
    check(len(data) == 8, "Checks has %d rows" % len(data))
    states = {r[4].value for r in data}
    check(states == {"fail", "pass", "not applicable", "insufficient data", "error", "waived"},
          "result states %r" % states)
    by_id = {r[0].value: r for r in data}
    check(by_id["ANN-001"][5].value == "no annual_reports records", "insufficient data reason")
    check(by_id["LST-001"][5].value == "no such column: listed_since", "error reason")
    check("(was fail)" in by_id["TAX-002"][5].value, "waived check keeps its original result")
    check(by_id["LIC-001"][6].value == 2 and by_id["LIC-001"][6].data_type == "n", "open findings count")
    check(by_id["LST-001"][9].value == "D", "grade cap %r" % by_id["LST-001"][9].value)
    check(by_id["LIC-002"][13].value == "severity high -> medium (fie.profile:4)", "profile change")

    # Data quality.
    ws = wb["Data quality"]
    data = rows(ws)
    check(len(data) == 3, "Data quality has %d rows" % len(data))
    check(data[0][0].value == "licenses.csv" and data[0][1].value == 5 and data[0][4].value == "rejected",
          "data issue %r" % [c.value for c in data[0]])
    check(data[1][3].value == "110***********0029", "data issue value not masked: %r" % data[1][3].value)

    # Partners: money as numbers in yuan with a currency format, dates as dates.
    ws = wb["Partners"]
    data = rows(ws)
    check([r[6].value for r in data] == ["listed", "review", "clear", "clear"],
          "partner statuses %r" % [r[6].value for r in data])
    check(data[0][4].value == 1200000 and "¥" in data[0][4].number_format,
          "spend %r %r" % (data[0][4].value, data[0][4].number_format))
    check(abs(data[2][4].value - 35000.50) < 1e-9, "spend with fen %r" % data[2][4].value)
    check(isinstance(data[0][5].value, datetime.datetime), "contract end is a date")
    check(data[0][10].value == "张三 310***********1234", "listed legal representative %r" % data[0][10].value)

    # Run info: versions, as-of as a date, inputs with their SHA-256.
    ws = wb["Run info"]
    values = {r[0].value: r[1].value for r in ws.iter_rows() if r[0].value}
    check(values.get("Run by") == "cscs-audit 0.1.0", "run by %r" % values.get("Run by"))
    check(isinstance(values.get("As of"), datetime.datetime), "run info as-of %r" % values.get("As of"))
    check("--as-of 2025-06-30" in values.get("Command line", ""), "command line")
    hashes = [r[3].value for r in ws.iter_rows() if r[3].value and len(str(r[3].value)) == 64]
    check(len(hashes) == 4, "input hashes %r" % hashes)
    waivers = {r[0].value: r[2].value for r in ws.iter_rows() if r[2].value in ("applied", "expired")}
    check(waivers == {"TAX-002 · VAT 2024-11": "applied", "LIC-009": "expired"}, "waiver status %r" % waivers)

    # Summary: headline figures are numbers; the grade is text.
    ws = wb["Summary"]
    check(ws["A1"].value == "Board pack", "title %r" % ws["A1"].value)
    kpi = [c.value for c in ws[6]]
    check(kpi == [610, "C", 7, 3, 2, 3, 1, 2], "headline figures %r" % kpi)
    check(ws["A6"].data_type == "n", "score is a number")
    check(len(ws._images) == 1, "logo on the Summary")
    check(len(ws._charts) == 1, "chart on the Summary")
    for name in SHEETS_EN[1:7]:
        ps = wb[name].page_setup
        check(ps.orientation == "landscape" and wb[name].print_title_rows == "$1:$1",
              "%s print set-up %r %r" % (name, ps.orientation, wb[name].print_title_rows))


def test_chinese(tmp, db):
    out = os.path.join(tmp, "zh.xlsx")
    run("report", "--db", db, "-o", out, "--lang", "zh")
    wb = openpyxl.load_workbook(out)
    check(wb.sheetnames == SHEETS_ZH, "Chinese sheet names %r" % wb.sheetnames)
    ws = wb["问题清单"]
    check(header(ws)[:4] == ["检查项", "领域", "严重程度", "问题"], "Chinese header %r" % header(ws))
    first = rows(ws)[0]
    check(first[2].value == "严重" and first[3].value == "合作伙伴被列入严重违法失信名单",
          "Chinese labels and titles %r" % [c.value for c in first[:4]])
    check(first[0].hyperlink.location.startswith("'检查项'!A"), "Chinese link %r" % first[0].hyperlink.location)
    dv = wb["整改计划"].data_validations.dataValidation[0]
    check(dv.formula1 == '"未开始,进行中,已完成,已豁免"', "Chinese dropdown %r" % dv.formula1)


def test_personal_data_shown(tmp, db):
    out = os.path.join(tmp, "full.xlsx")
    run("report", "--db", db, "-o", out, "--show-personal-data")
    wb = openpyxl.load_workbook(out)
    texts = " ".join(c.value for _, c in all_cells(wb) if isinstance(c.value, str))
    check(ID_LEGAL_REP in texts and ID_LISTED_REP in texts, "--show-personal-data shows the numbers")
    mode = stat.S_IMODE(os.stat(out).st_mode)
    check(mode & 0o077 == 0, "a workbook with identity numbers is private (mode %o)" % mode)


def test_json_and_csv(tmp, db):
    js = os.path.join(tmp, "run.json")
    cv = os.path.join(tmp, "csv")
    run("report", "--db", db, "--json", js, "--csv", cv)
    with open(js, encoding="utf-8") as f:
        doc = json.load(f)
    check(doc["entity"]["uscc"] == "91110000600037341L" and doc["as_of"] == "2025-06-30", "json entity")
    f0 = doc["findings"][0]
    for key in ("check_id", "area", "severity", "status", "subject", "detail", "due_date", "source",
                "waived", "waiver", "title", "evidence"):
        check(key in f0, "json finding lacks %r" % key)
    check(f0["source"] == {"file": "partners.csv", "line": 2}, "json source %r" % f0["source"])
    check({c["status"] for c in doc["checks"]} ==
          {"fail", "pass", "not_applicable", "insufficient_data", "error", "waived"}, "json check states")
    check(doc["delta"]["resolved"] == 1 and doc["partners"]["screened"] == 4, "json delta and partners")
    with open(os.path.join(cv, "findings.csv"), encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    check(table[0][:3] == ["Check", "Area", "Severity"] and len(table) == 9, "csv findings %r" % table[0])
    check(table[2][4] == "'" + FORMULA_LIKE[0], "csv neutralises the formula-like value: %r" % table[2][4])
    check(sorted(os.listdir(cv)) == sorted(["summary.csv", "findings.csv", "remediation_plan.csv",
                                            "deadlines.csv", "partners.csv", "checks.csv",
                                            "data_quality.csv", "run_info.csv"]), "csv files")


def test_all_or_nothing(tmp, db):
    out_dir = os.path.join(tmp, "out")
    os.mkdir(out_dir)
    out = os.path.join(out_dir, "report.xlsx")
    run("report", "--db", db, "-o", out)
    before = sha256(out)

    # A folder that does not exist: exit 3, nothing written.
    missing = os.path.join(tmp, "no", "such", "report.xlsx")
    p = run("report", "--db", db, "-o", missing, expect=3)
    check(not os.path.exists(missing) and "report.xlsx" in p.stderr, "missing folder: %s" % p.stderr)

    # A logo that is not an image: exit 2, the earlier workbook untouched.
    bad = os.path.join(tmp, "logo.png")
    with open(bad, "w") as f:
        f.write("not an image")
    run("report", "--db", db, "-o", out, "--logo", bad, expect=2)
    check(sha256(out) == before, "earlier workbook changed by a failed run")

    # A folder we may not write to (meaningless as root, who may write anywhere).
    if os.geteuid() != 0:
        os.chmod(out_dir, 0o555)
        try:
            run("report", "--db", db, "-o", out, expect=3)
            check(sha256(out) == before, "earlier workbook changed in a read-only folder")
        finally:
            os.chmod(out_dir, 0o755)
    check(os.listdir(out_dir) == ["report.xlsx"], "left-over files %r" % os.listdir(out_dir))

    # A database that breaks half-way (the Data quality sheet cannot read its table).
    broken_dir = os.path.join(tmp, "broken")
    os.mkdir(broken_dir)
    broken = make_db(broken_dir, "ALTER TABLE source_files RENAME TO source_files_gone;")
    late = os.path.join(out_dir, "late.xlsx")
    run("report", "--db", broken, "-o", late, expect=3)
    check(not os.path.exists(late), "a failed workbook left a file")
    check(os.listdir(out_dir) == ["report.xlsx"], "left-over files %r" % os.listdir(out_dir))

    # Inputs are never outputs; a missing database or run is an input error.
    run("report", "--db", db, "-o", db, expect=2)
    run("report", "--db", os.path.join(tmp, "nope.db"), "-o", out, expect=2)
    run("report", "--db", db, "--run", "99", "-o", out, expect=2)
    run("report", "--db", db, "--run", "x", "-o", out, expect=2)
    run("report", "--db", db, expect=2)
    check(sha256(out) == before, "earlier workbook changed")
    check(not os.path.exists(os.path.join(tmp, "nope.db")), "report created a database")


def summary_cells(path, sheet):
    """Every non-empty cell of a sheet as {cell: value}; dates as {"date": ISO}."""
    wb = openpyxl.load_workbook(path)
    cells = {}
    for row in wb[sheet].iter_rows():
        for c in row:
            if c.value is None:
                continue
            v = c.value
            if isinstance(v, datetime.datetime):
                v = {"date": v.date().isoformat()}
            elif c.data_type == "n":
                v = {"number": v}
            cells[c.coordinate] = v
    return cells


def test_golden_summary(tmp, db):
    for lang, sheet in (("en", "Summary"), ("zh", "概要")):
        out = os.path.join(tmp, "golden-%s.xlsx" % lang)
        run("report", "--db", db, "-o", out, "--lang", lang, "--prepared-by", "Li Na")
        got = summary_cells(out, sheet)
        golden = os.path.join(FIXTURES, "summary_%s.golden.json" % lang)
        if os.environ.get("CSCS_UPDATE_GOLDEN") == "1":
            with open(golden, "w", encoding="utf-8") as f:
                json.dump(got, f, ensure_ascii=False, indent=1, sort_keys=True)
                f.write("\n")
        with open(golden, encoding="utf-8") as f:
            want = json.load(f)
        for cell in sorted(set(want) | set(got)):
            check(want.get(cell) == got.get(cell),
                  "%s Summary %s: expected %r, got %r" % (lang, cell, want.get(cell), got.get(cell)))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        db = make_db(tmp)
        for test in (test_sheets_and_types, test_chinese, test_personal_data_shown, test_json_and_csv,
                     test_all_or_nothing, test_golden_summary):
            sub = os.path.join(tmp, test.__name__)
            os.mkdir(sub)
            try:
                test(sub, db)
            except Exception as e:  # a crash in one test must not hide the others
                check(False, "%s raised %r" % (test.__name__, e))
    if failures:
        print("%d check(s) failed" % len(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
