#!/usr/bin/python3
"""The audit trail (issue 19): the worked quarter of docs/guide.md, "Evidence,
sign-off and tracking", run end to end, with sign-off, seal and verify: an
unsigned run is not verified, a signed one is (workbook and JSON), an edited
workbook, a changed input and an edited database row are not.

Quarter 1: audit the example into a kept database; the officer fills the
Remediation plan with openpyxl (owners, statuses, target dates, notes) and
reads it back with `cscs-audit track`; a plan with conflicts is refused with
cell references and changes nothing. Quarter 2: two annual reports are
filed (two findings fixed) and the pack is audited again with --plan: the
owners and statuses are carried to the findings still open, a finding
marked done but found again is open again, the two fixed ones are closed as
resolved, and the new workbook's plan and Summary show it.

Evidence: the pack's evidence/ folder indexed with the run (hidden files
skipped, links outside refused); a changed or removed file fails verify;
records name their evidence (the example's licences): the name matching no
file is EVD-001's finding, the Findings sheet links each finding to its
record's files by a relative path that still resolves once the client's
folder is moved; --bundle writes the outputs, the named evidence and a
manifest whose hashes hold, refuses a non-empty folder and leaves no scratch.
"""
import datetime
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import urllib.parse

import openpyxl

sys.path.insert(0, os.path.dirname(__file__))
from clitest import EXAMPLE, check, expect_exit, finish, run, tempdir  # noqa: E402

COLS = ["Owner", "Status", "Notes", "Target date", "Key (do not edit)"]


def plan_rows(path):
    """The plan sheet: its header and the rows as dicts keyed by header."""
    ws = openpyxl.load_workbook(path)["Remediation plan"]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    return ws, header, [dict(zip(header, r)) for r in rows[1:] if r[header.index("Key (do not edit)")]]


def summary_values(path):
    ws = openpyxl.load_workbook(path)["Summary"]
    out = {}
    for row in ws.iter_rows(values_only=True):
        if isinstance(row[0], str) and len(row) > 1:
            out.setdefault(row[0], row[1])
    return out


with tempdir() as tmp:
    db = os.path.join(tmp, "history.db")
    q1 = os.path.join(tmp, "q1.xlsx")
    expect_exit(run("audit", EXAMPLE, "--db", db, "-o", q1, "--as-of", "2024-03-31"), 0, "quarter 1 audit")

    # The plan sheet: key columns locked, editable ones open, a key per finding.
    ws, header, rows = plan_rows(q1)
    check(header[7:12] == COLS, f"plan header {header[7:12]}")
    check(ws.protection.sheet, "the plan sheet is protected")
    keyed = {r["Key (do not edit)"] for r in rows}
    check(len(keyed) == len(rows) and all(k.startswith("K-") for k in keyed), "one key per finding")
    data_row = 2
    check(not ws.cell(data_row, 8).protection.locked, "Owner cells are editable")
    check(not ws.cell(data_row, 11).protection.locked, "Target date cells are editable")
    check(ws.cell(data_row, 12).protection.locked, "Key cells are locked")
    check(ws.cell(data_row, 4).protection.locked, "Check cells are locked")

    by_subject = {(r["Check"], r["Subject"]): i + 2 for i, r in enumerate(rows)}
    ar2019 = by_subject[("AR-001", "annual report 2019")]
    ar2020 = by_subject[("AR-001", "annual report 2020")]
    others = [i for i in sorted(by_subject.values()) if i not in (ar2019, ar2020)]
    stays_done, stays_open = others[0], others[1]

    # The officer fills the plan (and sorts it: rows move, keys go with them).
    wb = openpyxl.load_workbook(q1)
    ws = wb["Remediation plan"]
    ws.cell(ar2019, 8, "Li Wei")
    ws.cell(ar2019, 9, "in progress")
    ws.cell(ar2019, 10, "file with the AMR")
    ws.cell(ar2019, 11, datetime.date(2024, 5, 31))
    ws.cell(ar2020, 8, "Li Wei")
    ws.cell(ar2020, 9, "done")
    ws.cell(stays_done, 8, "Zhang Min")
    ws.cell(stays_done, 9, "done")
    ws.cell(stays_open, 8, "Zhang Min")
    ws.cell(stays_open, 9, "in progress")
    ws.cell(stays_open, 11, "2024-04-30")
    values = [[c.value for c in r] for r in ws.iter_rows(min_row=2, max_row=ws.max_row)]
    values.reverse()
    for i, v in enumerate(values):
        for j, x in enumerate(v):
            ws.cell(i + 2, j + 1).value = x  # (ws.cell(r, c, None) would leave the old value)
    plan = os.path.join(tmp, "plan-q1.xlsx")
    wb.save(plan)
    ar2019 = ws.max_row + 2 - ar2019
    ar2020 = ws.max_row + 2 - ar2020
    stays_done = ws.max_row + 2 - stays_done
    stays_open = ws.max_row + 2 - stays_open

    # Conflicts: each named by its cell; nothing read.
    ws["I%d" % ar2019] = "finished"
    ws["K%d" % stays_open] = "soon"
    ws["L%d" % stays_done] = ws["L%d" % ar2019].value
    ws["L%d" % ar2020] = "K-00000000000000000001"
    bad = os.path.join(tmp, "plan-bad.xlsx")
    wb.save(bad)
    rc, out, err = run("track", bad, "--db", db)
    check(rc == 2, f"a plan with conflicts exits 2 ({rc}): {err}")
    for cell, what in ((f"I{ar2019}", "status 'finished'"), (f"K{stays_open}", "target date 'soon'"),
                       (f"L{ar2019}", f"given twice: also in row {stays_done} (L{stays_done})"), (f"L{ar2020}", "is not a finding of run 1")):
        check(f"plan-bad.xlsx[Remediation plan]!{cell}: " in err and what in err, f"conflict at {cell}: {err}")
    con = sqlite3.connect(db)
    check(con.execute("SELECT count(*) FROM plan_items").fetchone()[0] == 0, "nothing read from a bad plan")
    con.close()

    rc, out, err = run("track", plan, "--db", db)
    check(rc == 0, f"track exits 0 ({rc}): {err}")
    check("read into run 1" in err and "3 with an owner" not in err, f"track says what it read: {err}")
    con = sqlite3.connect(db)
    got = dict(((r[0], r[1]), r[2:]) for r in con.execute(
        "SELECT check_id, subject, owner, status, target_on, notes FROM plan_items WHERE run_id = 1"))
    con.close()
    check(got.get(("AR-001", "annual report 2019")) == ("Li Wei", "in_progress", "2024-05-31", "file with the AMR"),
          f"the plan row of AR-001 2019 read back: {got.get(('AR-001', 'annual report 2019'))}")
    check(got.get(("AR-001", "annual report 2020"))[:2] == ("Li Wei", "done"), "AR-001 2020 done")
    check(len(got) == len(rows), f"every plan row read ({len(got)} of {len(rows)})")

    # Sign-off: the first seals run 1; verify names the run and the signers.
    q1json = os.path.join(tmp, "q1.json")
    expect_exit(run("report", "--db", db, "--run", "1", "--json", q1json), 0, "JSON of run 1")
    rc, out, err = run("verify", q1, "--db", db, "--pack", EXAMPLE)
    check(rc == 1 and "NOT signed off" in out, f"an unsigned run is not verified ({rc}): {out}{err}")
    rc, out, err = run("signoff", "--db", db, "--run", "1", "--as", "reviewer", "--by", "Compliance reviewer")
    check(rc == 0 and "run 1 sealed at" in out, f"the first sign-off seals ({rc}): {out}{err}")
    expect_exit(run("signoff", "--db", db, "--run", "1", "--as", "approver", "--by", "Finance director", "--note", "Q1 board"),
                0, "the approver signs off")
    expect_exit(run("signoff", "--db", db, "--run", "9", "--as", "approver", "--by", "Finance director"), 2, "no run 9")
    for f in (q1, q1json):
        rc, out, err = run("verify", f, "--db", db, "--pack", EXAMPLE)
        check(rc == 0 and out.rstrip().endswith("verified") and "written for run 1" in out
              and "as reviewer by Compliance reviewer" in out and "as approver by Finance director" in out,
              f"verify {os.path.basename(f)} ({rc}): {out}{err}")
    rc, out, err = run("verify", plan, "--db", db, "--pack", EXAMPLE)
    check(rc == 1 and "NOT a file written" in out, f"an edited workbook is not verified ({rc}): {out}")
    # The report written again shows the seal and both sign-offs.
    again = os.path.join(tmp, "again.json")
    expect_exit(run("report", "--db", db, "--run", "1", "--json", again), 0, "report of the sealed run")
    with open(again, encoding="utf-8") as f:
        block = json.load(f)["run"]
    check(block["seal"] and len(block["seal"]["chain"]) == 64, f"the JSON run block has the seal: {block.get('seal')}")
    check([(x["role"], x["name"]) for x in block["signoffs"]] == [("reviewer", "Compliance reviewer"), ("approver", "Finance director")],
          f"the JSON run block has the sign-offs: {block.get('signoffs')}")
    again_x = os.path.join(tmp, "again.xlsx")
    expect_exit(run("report", "--db", db, "--run", "1", "-o", again_x), 0, "workbook of the sealed run")
    info = [r[:2] for r in openpyxl.load_workbook(again_x)["Run info"].iter_rows(values_only=True)]
    check(any(k == "Reviewed by" and v.startswith("Compliance reviewer") for k, v in info), "Run info names the reviewer")
    check(any(k == "Approved by" and "Q1 board" in v for k, v in info), "Run info names the approver and note")
    # An input changed on disk: verify says which (the example is copied first).
    changed = os.path.join(tmp, "pack-q1")
    shutil.copytree(EXAMPLE, changed)
    with open(os.path.join(changed, "licenses.csv"), "a", encoding="utf-8") as f:
        f.write("\n")
    rc, out, err = run("verify", q1, "--db", db, "--pack", changed)
    check(rc == 1 and "licenses.csv: CHANGED" in out and "rows match the seal" in out,
          f"a changed input is not verified ({rc}): {out}")

    # Quarter 2: two annual reports filed; audit again, reading the plan first.
    pack = os.path.join(tmp, "pack-q2")
    shutil.copytree(EXAMPLE, pack)
    with open(os.path.join(pack, "annual_reports.csv"), "a", encoding="utf-8") as f:
        f.write("2019,2024-04-20,\n2020,2024-04-22,\n")
    q2 = os.path.join(tmp, "q2.xlsx")
    rc, out, err = run("audit", pack, "--db", db, "-o", q2, "--as-of", "2024-06-30", "--plan", plan)
    check(rc == 0, f"quarter 2 audit with --plan exits 0 ({rc}): {err}")
    con = sqlite3.connect(db)
    q2items = {(r[0], r[1]): r[2:] for r in con.execute(
        "SELECT check_id, subject, owner, status, resolved_in FROM plan_items WHERE run_id = 2")}
    con.close()
    check(q2items.get(("AR-001", "annual report 2019")) == ("Li Wei", "resolved", 2), "fixed finding 2019 resolved")
    check(q2items.get(("AR-001", "annual report 2020")) == ("Li Wei", "resolved", 2), "fixed finding 2020 resolved")
    _, _, q2rows = plan_rows(q2)
    shown = {(r["Check"], r["Subject"]): r for r in q2rows}
    check(("AR-001", "annual report 2019") not in shown, "a resolved finding is off the plan")
    carried = [r for r in q2rows if r["Owner"] == "Zhang Min"]
    check(len(carried) == 2, f"Zhang Min's two actions carried: {carried}")
    check(sorted(r["Status"] for r in carried) == ["in progress", "open"],
          f"in progress carried; done but found again is open: {[r['Status'] for r in carried]}")
    check(any(r["Target date"] == "2024-04-30" for r in carried), "target date carried")

    s = summary_values(q2)
    check(s.get("Open actions past their target date") == 1, f"one action overdue: {s}")
    check(s.get("Findings resolved since the previous run") == 2, "two resolved")
    check(s.get("Zhang Min") == 2, "Zhang Min owns two open actions")
    # Quarter 1's workbook had no tracked plan: no progress claimed.
    check("Open actions past their target date" not in summary_values(q1), "no plan section before tracking")

    # A sealed run's row edited behind the tool's back: verify fails, signing is refused.
    con = sqlite3.connect(db)
    con.execute("UPDATE findings SET detail = 'nothing to see' WHERE run_id = 1 AND check_id = 'AR-001'")
    con.commit()
    con.close()
    rc, out, err = run("verify", q1, "--db", db, "--pack", EXAMPLE)
    check(rc == 1 and "findings CHANGED since the seal" in out and "NOT verified" in out,
          f"an edited sealed run is not verified ({rc}): {out}")
    rc, out, err = run("signoff", "--db", db, "--run", "1", "--as", "approver", "--by", "Finance director")
    check(rc == 2 and "no longer matches its seal" in err, f"an edited sealed run cannot be signed ({rc}): {err}")

    # The Chinese workbook reads back as well (status words in Chinese).
    q2zh = os.path.join(tmp, "q2-zh.xlsx")
    expect_exit(run("report", "--db", db, "-o", q2zh, "--lang", "zh"), 0, "report in Chinese")
    rc, out, err = run("track", q2zh, "--db", db)
    check(rc == 0, f"a Chinese plan reads back ({rc}): {err}")

# Evidence files: the pack's evidence/ folder is hashed with the run; a changed
# file fails verify; a hidden file is skipped; a link leading outside is refused.
with tempdir() as tmp:
    pack = os.path.join(tmp, "pack")
    shutil.copytree(EXAMPLE, pack)
    ev = os.path.join(pack, "evidence")
    os.makedirs(os.path.join(ev, "2024"))
    with open(os.path.join(ev, "licence-renewal.pdf"), "wb") as f:
        f.write(b"%PDF-1.4 scanned licence")
    with open(os.path.join(ev, "2024", "fine-receipt.jpg"), "wb") as f:
        f.write(b"receipt")
    with open(os.path.join(ev, ".DS_Store"), "wb") as f:
        f.write(b"x")
    outside = os.path.join(tmp, "outside.txt")
    with open(outside, "w", encoding="utf-8") as f:
        f.write("not evidence")
    os.symlink(outside, os.path.join(ev, "escape.txt"))
    db = os.path.join(tmp, "e.db")
    out = os.path.join(tmp, "e.xlsx")
    rc, _, err = run("audit", pack, "--db", db, "-o", out, "--as-of", "2024-03-31")
    check(rc == 0, f"audit with evidence ({rc}): {err}")
    check("escape.txt: warning: evidence link leads outside the record pack" in err, f"link refused: {err}")
    check("folder is not part of a record pack" not in err, f"evidence/ is part of the pack: {err}")
    con = sqlite3.connect(db)
    got = con.execute("SELECT path, size, length(sha256), readable FROM evidence_files ORDER BY path").fetchall()
    con.close()
    example = [("licences/business-licence.pdf", 636, 64, 1), ("licences/food-licence-2021.pdf", 639, 64, 1),
               ("licences/hazchem-licence-2023.pdf", 628, 64, 1)]  # the example's own
    check(got == [("2024/fine-receipt.jpg", 7, 64, 1), ("licence-renewal.pdf", 24, 64, 1)] + example,
          f"evidence indexed: {got}")
    expect_exit(run("signoff", "--db", db, "--run", "1", "--as", "approver", "--by", "Finance director"), 0, "sign off")
    rc, o, _ = run("verify", out, "--db", db, "--pack", pack)
    check(rc == 0 and "verified" in o, f"evidence as sealed: verified ({rc}): {o}")
    with open(os.path.join(ev, "licence-renewal.pdf"), "ab") as f:
        f.write(b" (edited)")
    rc, o, _ = run("verify", out, "--db", db, "--pack", pack)
    check(rc == 1 and "evidence licence-renewal.pdf: CHANGED" in o, f"changed evidence is reported ({rc}): {o}")
    os.remove(os.path.join(ev, "2024", "fine-receipt.jpg"))
    rc, o, _ = run("verify", out, "--db", db, "--pack", pack)
    check(rc == 1 and "evidence 2024/fine-receipt.jpg: missing or unreadable" in o, f"a removed evidence file is reported ({rc}): {o}")

# Evidence named by records: the example's licences name their scans in an
# `evidence` column (one name is a glob that matches nothing: EVD-001); the
# Findings sheet links each finding to the files its record names, by a path
# relative to the workbook, and the link still resolves once the client's
# folder (pack and outputs side by side) is moved elsewhere. Nothing is copied.
with tempdir() as tmp:
    client = os.path.join(tmp, "client-a")
    pack = os.path.join(client, "records")
    shutil.copytree(EXAMPLE, pack)
    outdir = os.path.join(client, "out")
    os.makedirs(outdir)
    # a partner names its contract (the Partners sheet shows records: linked too)
    with open(os.path.join(pack, "partners.csv"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    lines = [lines[0] + ",附件", lines[1] + ",contracts/*.pdf"] + [x + "," for x in lines[2:]]
    with open(os.path.join(pack, "partners.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.makedirs(os.path.join(pack, "evidence", "contracts"))
    with open(os.path.join(pack, "evidence", "contracts", "供货合同 2024 #1.pdf"), "wb") as f:  # blank, #: escaped
        f.write(b"%PDF-1.4 contract")
    first_partner = lines[1].split(",")[0]
    xlsx, js = os.path.join(outdir, "audit.xlsx"), os.path.join(outdir, "audit.json")
    rc, _, err = run("audit", pack, "--db", os.path.join(tmp, "h.db"), "-o", xlsx, "--json", js, "--as-of", "2026-09-30")
    check(rc == 0, f"audit of the example with its evidence ({rc}): {err}")
    check(sorted(os.listdir(outdir)) == ["audit.json", "audit.xlsx"], f"no evidence copied: {os.listdir(outdir)}")
    with open(js, encoding="utf-8") as f:
        doc = json.load(f)
    evd = [x for x in doc["findings"] if x["check_id"] == "EVD-001"]
    check([x["subject"] for x in evd] == ["licenses: hazchem-renewal-*.pdf"] and evd[0]["source"]["line"] == 4,
          f"the name matching no file is EVD-001's one finding: {evd}")
    check([x["status"] for x in doc["checks"] if x["check_id"] == "EVD-001"] == ["fail"], "EVD-001 fails")
    moved = os.path.join(tmp, "elsewhere", "client-a")
    shutil.move(client, moved)
    ws = openpyxl.load_workbook(os.path.join(moved, "out", "audit.xlsx"))["Findings"]
    header = [c.value for c in ws[1]]
    col = header.index("Evidence files")
    links = {}
    for row in ws.iter_rows(min_row=2):
        c = row[col]
        if c.value:
            links[(row[0].value, c.value)] = c.hyperlink.target if c.hyperlink else None
    want = "licences/hazchem-licence-2023.pdf"
    check(("ID-004", want) in links and ("EVD-001", want) in links,
          f"the expired licence's finding and EVD-001's name the record's scan: {links}")
    for (check_id, name), target in links.items():
        check(target is not None and not os.path.isabs(target) and "\\" not in target, f"{check_id}: relative link {target}")
        if target:
            path = os.path.normpath(os.path.join(moved, "out", urllib.parse.unquote(target)))
            check(os.path.isfile(path), f"{check_id}: the link resolves after the move: {path}")
    ws = openpyxl.load_workbook(os.path.join(moved, "out", "audit.xlsx"))["Partners"]
    col = [c.value for c in ws[1]].index("Evidence files")
    got = {row[0].value: (row[col].value, row[col].hyperlink.target if row[col].hyperlink else None)
           for row in ws.iter_rows(min_row=2) if row[col].value}
    check(got == {first_partner: ("contracts/供货合同 2024 #1.pdf",
                                  "../records/evidence/contracts/供货合同%202024%20%231.pdf")},
          f"the partner's record links its contract: {got}")
    target = got.get(first_partner, (None, ""))[1] or ""
    check(os.path.isfile(os.path.join(moved, "out", urllib.parse.unquote(target))), f"{target} resolves")
    # report: the stored run again, in Chinese; given the pack (--records) its links resolve, without it none
    again = os.path.join(moved, "out", "again-zh.xlsx")
    rc, _, err = run("report", "--db", os.path.join(tmp, "h.db"), "-o", again, "--lang", "zh",
                     "--records", os.path.join(moved, "records"))
    check(rc == 0, f"report --records ({rc}): {err}")
    ws = openpyxl.load_workbook(again).worksheets[1]
    col = [c.value for c in ws[1]].index("证明材料")
    targets = [row[col].hyperlink.target for row in ws.iter_rows(min_row=2) if row[col].value and row[col].hyperlink]
    check(targets and all(os.path.isfile(os.path.join(moved, "out", urllib.parse.unquote(t))) for t in targets),
          f"report --records: the evidence links resolve: {targets}")
    rc, _, err = run("report", "--db", os.path.join(tmp, "h.db"), "-o", again)
    ws = openpyxl.load_workbook(again).worksheets[1]
    check(rc == 0 and not any(row[col].hyperlink for row in ws.iter_rows(min_row=2)),
          f"report without --records: the names without links ({rc}): {err}")
    rc, _, err = run("report", "--db", os.path.join(tmp, "h.db"), "-o", again, "--records", os.path.join(moved, "out", "audit.json"))
    check(rc == 2 and "is not a folder" in err, f"--records a file ({rc}): {err}")
    rc, _, err = run("report", "--db", os.path.join(tmp, "h.db"), "-o", os.path.join(moved, "records", "x.xlsx"),
                     "--records", os.path.join(moved, "records"))
    check(rc == 2 and "inside the record pack" in err, f"a report written into the pack is refused ({rc}): {err}")

# --bundle DIR: workbook, JSON, the evidence the findings' records name and a
# manifest with their hashes; links point at the copies; a non-empty DIR is
# refused before anything runs; a failing audit leaves no bundle.
with tempdir() as tmp:
    pack = os.path.join(tmp, "records")
    shutil.copytree(EXAMPLE, pack)
    db = os.path.join(tmp, "h.db")
    bundle = os.path.join(tmp, "bundle")
    rc, _, err = run("audit", pack, "--db", db, "--bundle", bundle, "--as-of", "2026-09-30")
    check(rc == 0, f"audit --bundle ({rc}): {err}")
    names = sorted(os.path.relpath(os.path.join(d, f), bundle) for d, _, fs in os.walk(bundle) for f in fs)
    check(names == ["audit.json", "audit.xlsx", "evidence/licences/hazchem-licence-2023.pdf", "manifest.json"],
          f"the bundle holds the outputs, the named evidence and the manifest: {names}")
    with open(os.path.join(bundle, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    for entry in manifest["files"]:
        with open(os.path.join(bundle, entry["path"]), "rb") as f:
            data = f.read()
        check(hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["size"],
              f"manifest hash of {entry['path']}")
    check(sorted(e["path"] for e in manifest["files"]) == [n for n in names if n != "manifest.json"],
          f"the manifest lists every other file: {manifest['files']}")
    ws = openpyxl.load_workbook(os.path.join(bundle, "audit.xlsx"))["Findings"]
    col = [c.value for c in ws[1]].index("Evidence files")
    targets = {row[col].hyperlink.target for row in ws.iter_rows(min_row=2) if row[col].hyperlink}
    check(targets == {"evidence/licences/hazchem-licence-2023.pdf"}, f"bundle links point at the copies: {targets}")
    expect_exit(run("signoff", "--db", db, "--run", "1", "--as", "approver", "--by", "Finance director"), 0, "sign off")
    rc, o, _ = run("verify", os.path.join(bundle, "audit.xlsx"), "--db", db, "--pack", pack)
    check(rc == 0 and "verified" in o, f"the bundle's workbook is verified ({rc}): {o}")
    rc, _, err = run("audit", pack, "--bundle", bundle, "--as-of", "2026-09-30")
    check(rc == 2 and "not an empty folder" in err, f"a non-empty bundle folder is refused ({rc}): {err}")
    os.remove(os.path.join(pack, "evidence", "licences", "hazchem-licence-2023.pdf"))
    os.makedirs(os.path.join(pack, "evidence", "licences", "hazchem-licence-2023.pdf"))  # a folder now: no file
    bundle2 = os.path.join(tmp, "bundle2")
    rc, _, err = run("audit", pack, "--bundle", bundle2, "-o", os.path.join(tmp, "x.xlsx"), "--as-of", "2026-09-30")
    check(rc == 0 and sorted(os.listdir(os.path.join(bundle2))) == ["audit.json", "audit.xlsx", "manifest.json"],
          f"evidence gone: nothing to copy, EVD-001 reports it ({rc}): {err}")
    check(not [n for n in os.listdir(tmp) if n.startswith(".cscs-tmp")], f"no scratch left: {os.listdir(tmp)}")
    # A bundle killed half-way leaves its hidden scratch folder (with folders in it) beside DIR: the
    # next bundle written there removes it.
    proc = subprocess.Popen(["true"])  # a process id that no longer runs
    proc.wait()
    gone_pid = proc.pid
    host = "".join(c if c.isascii() and (c.isalnum() or c == ".") else "_" for c in socket.gethostname())[:32] or "h"
    stale = os.path.join(tmp, f".cscs-tmp-{host}-{gone_pid}-AbC123")
    os.makedirs(os.path.join(stale, "evidence", "licences"))
    with open(os.path.join(stale, "evidence", "licences", "half.pdf"), "wb") as f:
        f.write(b"%PDF half")
    rc, _, err = run("audit", pack, "--bundle", os.path.join(tmp, "bundle3"), "--as-of", "2026-09-30")
    check(rc == 0 and not os.path.exists(stale), f"a killed bundle's scratch is removed ({rc}): {os.listdir(tmp)}")

finish()
