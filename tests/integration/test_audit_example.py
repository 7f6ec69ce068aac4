"""The main job on the bundled example: the workbook opens with openpyxl and shows the planted problems."""
import datetime
import json
import os

import openpyxl

from clitest import run, check, expect_exit, finish, tempdir, EXAMPLE

AS_OF = "2026-09-30"

# Planted problems (examples/README.md) and the check that must report each.
PLANTED = {
    "ID-004": "危险化学品经营许可证",       # licence expired 2026-06-30
    "ID-007": "91310115MA1K4A1B2H",         # capital not paid in by 2026-04-17
    "AR-001": "2025",                       # annual report 2025 missing
    "AR-002": "2024",                       # annual report 2024 filed late
    "AR-005": "abnormal operations",        # on the abnormal operations list
    "TAX-003": "增值税",                    # August VAT underpaid
    "TAX-005": "2025",                      # tax credit rating C
    "CRT-001": "（2025）沪0115民初28731号",  # judgment not performed
    "ENV-003": "91310115MA1K4A1B2H001Y",     # permit renewal not applied 60 days before expiry
    "QUA-002": "CCC",                       # certificate expiring within 90 days
    "QUA-004": "quality inspection",        # failed inspection not rectified
    "INS-001": "work_safety inspection",    # work-safety rectification overdue
    "LAB-002": "payroll 2026-08",           # wages paid short
    "CUS-004": "2026",                      # duties unpaid for over 3 months
    "PRT-001": "北京星辰物流有限公司",       # partner with an invalid USCC
    "PRT-002": "深圳市前海恒通供应链管理有限公司",  # partner on a blacklist (same USCC)
}

with tempdir() as tmp:
    xlsx = os.path.join(tmp, "acme.xlsx")
    js = os.path.join(tmp, "acme.json")
    r = run("audit", EXAMPLE, "--as-of", AS_OF, "-o", xlsx, "--json", js)
    expect_exit(r, 0, "audit of the example")
    check("wrote acme.xlsx" in r[1], "the summary names the workbook (by base name: no local folder)")

    wb = openpyxl.load_workbook(xlsx)
    for sheet in ("Summary", "Findings", "Remediation plan", "Deadlines", "Partners", "Checks",
                  "Data quality", "Run info"):
        check(sheet in wb.sheetnames, f"sheet {sheet} present")

    ws = wb["Findings"]
    header = [c.value for c in ws[1]]
    for col in ("Check", "Area", "Severity", "Subject", "Detail", "Due date", "Source"):
        check(col in header, f"Findings header has {col}")
    check(ws.freeze_panes == "A2", "Findings header row frozen")
    check(ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:"), "Findings has an autofilter")
    idx = {name: header.index(name) for name in header if name}
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    by_check = {}
    for row in rows:
        by_check.setdefault(row[idx["Check"]], []).append(row)
    for check_id, subject in PLANTED.items():
        found = by_check.get(check_id, [])
        check(found, f"planted problem reported by {check_id}")
        check(any(subject in str(row[idx["Subject"]]) + str(row[idx["Detail"]]) for row in found),
              f"{check_id} names '{subject}'")
        for row in found:
            due = row[idx["Due date"]]
            check(due is None or isinstance(due, datetime.datetime), f"{check_id} due date is a date cell")
            check(str(row[idx["Source"]]).split(":")[0].endswith((".csv", "]")), f"{check_id} cites its source file")

    # evidence values in words: a vocabulary's value in English, a list by its name, a flag as yes/no
    # (the JSON keeps them as stored: checked below)
    def evidence(check_id):
        return [str(row[idx["Evidence"]]) for row in by_check.get(check_id, [])]
    check(any("area: work safety" in e and "result: rectify" in e for e in evidence("INS-001")),
          f"INS-001 evidence in words: {evidence('INS-001')}")
    check(any("lists: serious illegal and dishonest list" in e for e in evidence("PRT-002")),
          f"PRT-002 evidence names the list: {evidence('PRT-002')}")
    check(any("obligations performed: yes" in e for e in evidence("PEN-001")),
          f"PEN-001 evidence gives the flag as yes: {evidence('PEN-001')}")

    # the Data quality sheet lists the partner with the invalid code
    dq = [[c.value for c in row] for row in wb["Data quality"].iter_rows()]
    check(any("partners.csv" in " ".join(str(v) for v in row if v) for row in dq), "Data quality names partners.csv")

    # identity numbers are masked
    text = json.dumps([[c.value for c in row] for s in wb.worksheets for row in s.iter_rows()], default=str)
    check("11010519491231002X" not in text, "the legal representative's ID number is masked in the workbook")
    with open(js, encoding="utf-8") as f:
        raw = f.read()
    check("11010519491231002X" not in raw, "the ID number is masked in the JSON")
    doc = json.loads(raw)
    check(doc.get("as_of") == AS_OF, "JSON as_of")
    check(doc.get("entity", {}).get("uscc") == "91310115MA1K4A1B2H", "JSON entity")
    ids = {f["check_id"] for f in doc.get("findings", [])}
    check(set(PLANTED) <= ids, f"JSON findings cover the planted problems (missing {sorted(set(PLANTED) - ids)})")
    check(any(f["check_id"] == "PEN-001" and (f.get("evidence") or {}).get("performed") == 1
              for f in doc.get("findings", [])), "the JSON keeps the stored evidence value (performed: 1)")
    for f in doc.get("findings", []):
        for key in ("check_id", "area", "severity", "status", "subject", "detail", "due_date", "source"):
            check(key in f, f"JSON finding has {key}")
        check(set(f.get("source", {})) >= {"file", "line"}, "JSON finding source has file and line")
    statuses = {c["status"] for c in doc.get("checks", [])}
    check({"fail", "pass"} <= statuses, "JSON checks carry their states")

    # --fail-on: high findings exist, so exit 1; and the workbook is still written
    out2 = os.path.join(tmp, "again.xlsx")
    r = run("audit", EXAMPLE, "--as-of", AS_OF, "-o", out2, "--fail-on", "high")
    expect_exit(r, 1, "--fail-on high with high findings")
    check(os.path.exists(out2), "workbook written even when --fail-on trips")
    r = run("audit", EXAMPLE, "--as-of", AS_OF, "--json", os.path.join(tmp, "c.json"), "--fail-on", "critical")
    expect_exit(r, 0, "--fail-on critical without critical findings")

    # the rule set's version and review date are stated; an as-of date more than a
    # year after the review says so on the Summary (and the JSON), a nearer one does not
    run_doc = doc.get("run", {})
    check(run_doc.get("ruleset") and run_doc.get("ruleset_reviewed_on"), "JSON run states the rule set and its review")
    check(run_doc.get("ruleset_stale") is False, "as of 2026-09-30 the rule set is not stale")
    summary_text = " ".join(str(c.value) for row in wb["Summary"].iter_rows() for c in row if c.value)
    check("Rule set " + run_doc.get("ruleset", "?") in summary_text, "the Summary states the rule set")
    check("more than a year after" not in summary_text, "no staleness note within a year of the review")
    late = f"{int(run_doc.get('ruleset_reviewed_on', '2026')[:4]) + 1}-12-31"  # over a year after the review
    xlsx3, js3 = os.path.join(tmp, "late.xlsx"), os.path.join(tmp, "late.json")
    r = run("audit", EXAMPLE, "--as-of", late, "-o", xlsx3, "--json", js3)
    check(r[0] in (0, 1), f"audit a year after the review: {r[2]}")
    with open(js3, encoding="utf-8") as f:
        check(json.load(f)["run"]["ruleset_stale"] is True, "JSON says the rule set is stale")
    summary_text = " ".join(str(c.value) for row in openpyxl.load_workbook(xlsx3)["Summary"].iter_rows()
                            for c in row if c.value)
    check("more than a year after the rule set was last reviewed" in summary_text,
          "the Summary says the as-of date is more than a year after the review")

    # --lang zh: a check worded in both languages (detail.zh) words its findings in
    # Chinese; no run of Latin letters remains but codes and names from the records
    import re
    r = run("checklist", "list", "--format", "json")
    expect_exit(r, 0, "checklist list --format json")
    worded = {c["id"] for c in json.loads(r[1])["checks"] if c.get("detail_zh")}
    check(len(worded) >= 10, f"at least 10 checks are worded in both languages ({len(worded)})")
    js_zh, xlsx_zh = os.path.join(tmp, "zh.json"), os.path.join(tmp, "zh.xlsx")
    r = run("audit", EXAMPLE, "--as-of", AS_OF, "--lang", "zh", "--json", js_zh, "-o", xlsx_zh)
    check(r[0] in (0, 1), f"audit --lang zh: {r[2]}")
    with open(js_zh, encoding="utf-8") as f:
        zh_doc = json.load(f)
    seen = 0
    for f in zh_doc.get("findings", []):
        if f["check_id"] not in worded:
            continue
        seen += 1
        ev = f.get("evidence")
        # words from the records may stay (codes, names); the rule's name is the check's, not a record's
        values = [f.get("subject")] + ([v for k, v in ev.items() if k != "rule"] if isinstance(ev, dict) else [ev])
        from_records = set(re.findall(r"[A-Za-z]{2,}", json.dumps(values, ensure_ascii=False)))
        # standard codes (GB 32100) are codes, not English
        latin = [w for w in re.findall(r"[A-Za-z]{2,}", f.get("detail") or "") if w not in from_records | {"GB"}]
        check(not latin, f"{f['check_id']}: the Chinese detail has no English words {latin}: {f.get('detail')!r}")
        check(re.search(r"[\u4e00-\u9fff]", f.get("detail") or ""), f"{f['check_id']}: the detail is Chinese")
    check(seen >= 5, f"the example's findings include worded checks ({seen})")
    # evidence labelled in the report's language, money in yuan (not fen)
    cells = [str(c.value) for ws in openpyxl.load_workbook(xlsx_zh).worksheets for row in ws.iter_rows()
             for c in row if c.value]
    check(any("金额（元）：186,000.00" in v for v in cells), "the judgment's amount is evidence in yuan, labelled in Chinese")
    check(not any("amount_fen" in v or "owed_fen" in v for v in cells), "no evidence key in fen is shown")

    # the inputs were not modified
    check(not any(n.endswith(".xlsx") for n in os.listdir(EXAMPLE)), "nothing written into the pack")
finish()
