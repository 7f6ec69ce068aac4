"""audit --lang zh on the example: the report's display fields and the console summary are Chinese.

The workbook's Findings, Remediation plan, Checks and Data quality sheets
(read back with openpyxl) and the JSON's display fields may hold no run of
Latin letters other than codes (check ids, standard numbers such as GB 32100,
record field names), numbers, and words the records themselves give (names
and codes as typed, and the stored values of the evidence).

A finding's subject where the check builds it in words stays English in the
JSON's "subject" (its identity between runs and for waivers); the report shows
"subject_shown", from the check's subject.zh. A check's reason is worded in
Chinese where its form is fixed (not applicable, no records of a type).
"""
import csv
import json
import os
import re
import shutil

import openpyxl

from clitest import run, check, expect_exit, finish, tempdir, EXAMPLE, SRCDIR

AS_OF = "2026-09-30"
# Codes, not English: standard numbers (GB 32100, GB/T 2260, customs AEO,
# CCC certification, MOD 31), a company type code of the records (llc), and a
# proper name the basis cites in its own spelling.
CODES = {"GB", "AEO", "CCC", "MOD", "llc", "Sinolytics",
         # date forms as the messages give them
         "YYYY", "MM", "DD", "YYYYMMDD", "YYYYMM"}


def record_codes():
    """Record types, column names and vocabulary values: identifiers of the records format, as
    docs/records.md and templates/vocabulary.tsv give them (not every word the docs quote)."""
    codes = set()
    with open(os.path.join(SRCDIR, "docs", "records.md"), encoding="utf-8") as f:
        for line in f:
            codes |= set(re.findall(r"^## ([a-z_]+)\s*$", line))  # a record type
            codes |= set(re.findall(r"^\| `([a-z_0-9]+)` \|", line))  # a column of a record table
    with open(os.path.join(SRCDIR, "templates", "vocabulary.tsv"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and not line.startswith("#"):
                codes.add(parts[1])
    return codes


def record_words():
    """Every run of Latin letters in the example's own files: names and codes as the user typed them."""
    words = set()
    for root, _, files in os.walk(EXAMPLE):
        for name in files:
            with open(os.path.join(root, name), encoding="utf-8", errors="ignore") as f:
                words |= set(re.findall(r"[A-Za-z]{2,}", f.read()))
    return words


def latin(text, allowed):
    """The runs of Latin letters in text that are neither codes nor allowed words."""
    text = re.sub(r"[\w./-]+\.(?:csv|xlsx|json|sql|md)(?::\d+)?", "", text)  # file names
    text = re.sub(r"(?<![A-Za-z])[A-Z]{2,4}-\d{3}(?!\d)", "", text)  # check ids
    text = re.sub(r"(?<![A-Za-z])[a-z]+(?:_[a-z]+)+(?![A-Za-z])", "", text)  # field names
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in allowed and w not in CODES]


def labels():
    with open(os.path.join(SRCDIR, "templates", "labels", "zh.tsv"), encoding="utf-8") as f:
        return dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line and not line.startswith("#"))


with tempdir() as tmp:
    xlsx, js = os.path.join(tmp, "zh.xlsx"), os.path.join(tmp, "zh.json")
    r = run("audit", EXAMPLE, "--as-of", AS_OF, "--lang", "zh", "-o", xlsx, "--json", js)
    expect_exit(r, 0, "audit --lang zh of the example")
    with open(js, encoding="utf-8") as f:
        doc = json.load(f)
    allowed = record_words()
    # the stored values of the evidence and record-valued subjects are the records' own (codes as typed)
    for fd in doc["findings"]:
        ev = fd.get("evidence")
        allowed |= set(re.findall(r"[A-Za-z]{2,}", json.dumps(ev, ensure_ascii=False)))
    problems = []

    # the console summary
    console = r[1] + "\n".join(line for line in r[2].splitlines() if not line.startswith("cscs-audit:"))
    for line in console.splitlines():
        words = latin(line.replace(xlsx, "").replace(js, ""), allowed)
        if words:
            problems.append(f"console: {words} in {line!r}")
    check("评估基准日" in r[1] and "覆盖" in r[1], f"the console summary is Chinese: {r[1]!r}")

    # JSON display fields
    for fd in doc["findings"]:
        for key in ("title_zh", "detail", "subject_shown"):
            words = latin(fd.get(key) or "", allowed)
            if words:
                problems.append(f"JSON finding {fd['check_id']} {key}: {words} in {fd.get(key)!r}")
    for c in doc["checks"]:
        for key in ("title_zh", "basis_zh", "remedy_zh"):
            if c.get("remedy") is None and key == "remedy_zh":
                continue
            check(c.get(key), f"JSON check {c['check_id']} has {key}")
            words = latin(c.get(key) or "", allowed)
            if words:
                problems.append(f"JSON check {c['check_id']} {key}: {words} in {c.get(key)!r}")

    # the workbook, read back: every column of the four sheets but those named above
    lab = labels()
    skip = {"sheet.findings": set(), "sheet.remediation": set(),
            "sheet.checks": {"col.checklist"}, "sheet.data_quality": {"col.reason", "col.value"}}
    flag_labels = {lab["ev." + k[len("val."):-len(".1")]] for k in lab
                   if k.startswith("val.") and k.endswith(".1") and "ev." + k[len("val."):-len(".1")] in lab}
    check(lab.get("ev.performed") in flag_labels, "the catalogue words the yes/no flags (val.performed.1)")
    wb = openpyxl.load_workbook(xlsx)
    for sheet, skipped in skip.items():
        check(lab[sheet] in wb.sheetnames, f"the workbook has the sheet {lab[sheet]}")
        if lab[sheet] not in wb.sheetnames:
            continue
        ws = wb[lab[sheet]]
        header, skip_cols, cells = None, set(), 0
        for row in ws.iter_rows():
            values = [c.value for c in row]
            if header is None and lab["col.check_id" if sheet != "sheet.data_quality" else "col.file"] in values:
                header = values
                skip_cols = {i for i, v in enumerate(values) if v in {lab[k] for k in skipped}}
            for i, c in enumerate(row):
                if not isinstance(c.value, str) or (header is not None and values is not header and i in skip_cols):
                    continue
                cells += 1
                if header is not None and values is not header and i < len(header) \
                        and header[i] == lab["col.evidence"]:
                    # evidence "label：value" lines: the label is ours, so Chinese whatever the key
                    for item in c.value.splitlines():
                        label = item.split("：", 1)[0] if "：" in item else ""
                        words = [w for w in re.findall(r"[A-Za-z]{2,}", label) if w not in CODES]
                        if words:
                            problems.append(f"{lab[sheet]}!{c.coordinate}: evidence label {label!r}")
                        # and the value: a code the checks store (a vocabulary's value, a list, a
                        # record type: "judged", "serious_illegal,wage_arrears") is shown in words,
                        # a yes/no flag as 是/否, not 1/0
                        value = item.split("：", 1)[1] if "：" in item else item
                        if re.fullmatch(r"[a-z][a-z0-9_]*(,[a-z][a-z0-9_]*)*", value):
                            problems.append(f"{lab[sheet]}!{c.coordinate}: evidence value {item!r} is a code")
                        if label in flag_labels and value in ("0", "1"):
                            problems.append(f"{lab[sheet]}!{c.coordinate}: evidence flag {item!r} is a number")
                words = latin(c.value, allowed)
                if words:
                    problems.append(f"{lab[sheet]}!{c.coordinate}: {words} in {c.value[:120]!r}")
        check(header is not None, f"{lab[sheet]}: the table's header row was found")
        check(cells > 0, f"{lab[sheet]}: cells were read")

    # A pack as users have it: a note column, a date written as "see attachment", rows too long
    # and too short, a totals row, a word no vocabulary has, a year in Chinese numerals, a file
    # with no header, a list export named only by its file. The Data quality sheet's reasons and
    # the Checks sheet's reasons are Chinese.
    messy = os.path.join(tmp, "messy")
    shutil.copytree(EXAMPLE, messy)

    def edit(name, fn):
        path = os.path.join(messy, name)
        with open(path, encoding="utf-8") as f:
            rows = list(csv.reader(f))
        fn(rows)
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)

    def licences(rows):
        rows[1][rows[0].index("expires_on")] = "见附件"
        rows[0].append("备注栏")
        for r in rows[1:]:
            r.append("x")
        rows.append(rows[1][:3])
        rows[2] += ["多余1", "多余2"]
        # a licence with no number and a day that does not exist
        odd = list(rows[1])
        odd[rows[0].index("license_no")] = ""
        odd[rows[0].index("expires_on")] = "2025-02-30"
        rows.append(odd)

    def tax(rows):
        rows[1][rows[0].index("tax_due")] = "约五万"
        if len(rows) > 2:
            rows[2][rows[0].index("tax_due")] = "1.234"  # finer than one fen
        rows.append(["合计"] + [""] * (len(rows[0]) - 1))

    edit("licenses.csv", licences)
    edit("tax_filings.csv", tax)
    edit("penalties.csv", lambda rows: rows[1].__setitem__(rows[0].index("penalty_type"), "罚没款项"))
    edit("annual_reports.csv", lambda rows: rows[1].__setitem__(rows[0].index("year"), "二〇二四"))
    # a cause of action typed as a word that is also a vocabulary's value: free text, shown as typed
    edit("court_cases.csv", lambda rows: rows[1].__setitem__(rows[0].index("cause"), "other"))
    with open(os.path.join(messy, "customs.csv"), "w", encoding="utf-8") as f:
        f.write("这是一个说明文件\n没有表头\n")
    with open(os.path.join(messy, "lists", "黑名单导出.csv"), "w", encoding="utf-8") as f:
        f.write("name,uscc\n某某公司,91310000MA1FL8XE3W\n")
    mx = os.path.join(tmp, "messy.xlsx")
    r = run("audit", messy, "--as-of", AS_OF, "--lang", "zh", "-o", mx)
    expect_exit(r, 0, "audit --lang zh of the messy pack")
    allowed_messy = record_words() | record_codes()
    for root, _, files in os.walk(messy):
        for name in files:
            with open(os.path.join(root, name), encoding="utf-8", errors="ignore") as f:
                allowed_messy |= set(re.findall(r"[A-Za-z]{2,}", f.read()))
    wb = openpyxl.load_workbook(mx)
    reasons = 0
    for sheet, col in (("sheet.data_quality", "col.reason"), ("sheet.checks", "col.reason")):
        ws = wb[lab[sheet]]
        header = None
        for row in ws.iter_rows(values_only=True):
            if header is None:
                if lab[col] in row and (lab["col.file"] in row or lab["col.check_id"] in row):
                    header = list(row)
                continue
            v = row[header.index(lab[col])]
            if not isinstance(v, str) or not v:
                continue
            reasons += 1
            words = latin(v, allowed_messy)
            if words:
                problems.append(f"messy pack, {lab[sheet]} {lab[col]}: {words} in {v[:160]!r}")
    check(reasons >= 15, f"the messy pack's reasons were read ({reasons})")
    for line in (r[1] or "").splitlines():
        words = latin(line.replace(mx, ""), allowed_messy)
        if words:
            problems.append(f"messy pack console: {words} in {line!r}")

    findings_ws = wb[lab["sheet.findings"]]
    crt = [str(row[11]) for row in findings_ws.iter_rows(values_only=True) if row[0] == "CRT-001"]
    check(any(f"{lab['ev.cause']}：other" in e for e in crt),
          f"a typed cause 'other' stays as typed, not worded as a vocabulary's value: {crt}")

    for p in problems:
        check(False, p)
    check(sum(1 for fd in doc["findings"] if re.search(r"[\u4e00-\u9fff]", fd.get("detail") or "")) ==
          len(doc["findings"]), "every finding's detail is Chinese")
finish()
