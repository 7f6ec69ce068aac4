#!/usr/bin/python3
"""audit --batch: every pack beneath a folder, one history database, the portfolio.

A batch over the example pack, a nested copy and generated packs writes every
pack's workbook and JSON and the portfolio (read back with openpyxl); a pack
whose input is broken, one whose intake workbook is truncated and one removed
while the batch runs fail alone (exit 4, each named with its error); a second
run over the same history database reports the change since the last run.
The group example (examples/acme-group) reports exactly the findings across
its entities that it plants.
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile

import openpyxl

AUDIT = os.environ["CSCS_AUDIT"]
SRC = os.environ["CSCS_SRCDIR"]
GENPACK = os.environ.get("CSCS_GENPACK") or os.path.join(os.path.dirname(os.path.abspath(AUDIT)), "bench", "genpack")
EXAMPLE = os.path.join(SRC, "examples", "acme-trading")
AS_OF = "2026-06-30"

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def batch(folder, out, *more, **kw):
    return subprocess.run([AUDIT, "audit", folder, "--batch", "-o", out, "--as-of", AS_OF, *more],
                          capture_output=True, text=True, timeout=600, **kw)


def make_packs(root, n_generated):
    """The example, a nested copy, generated packs and a broken one; returns the good packs' output names."""
    names = []
    shutil.copytree(EXAMPLE, os.path.join(root, "acme"))
    names.append("acme")
    shutil.copytree(EXAMPLE, os.path.join(root, "clients", "acme copy"))
    names.append("clients--acme_copy")
    if os.path.exists(GENPACK):
        for i in range(n_generated):
            p = subprocess.run([GENPACK, "--size", "S", "--seed", str(i + 1), "--as-of", AS_OF,
                                os.path.join(root, "gen%02d" % i)], capture_output=True, text=True, timeout=120)
            check(p.returncode == 0, "genpack: " + p.stderr)
            for d, _, files in os.walk(os.path.join(root, "gen%02d" % i)):
                if "entity.csv" in files:
                    names.append(os.path.relpath(d, root).replace(os.sep, "--"))
    else:
        print("note: bench/genpack not built; the batch runs over the example packs only")
    os.makedirs(os.path.join(root, "broken"))
    with open(os.path.join(root, "broken", "entity.csv"), "w", encoding="utf-8") as f:
        f.write('name,uscc\n"unterminated\n')
    # an intake workbook cut off halfway (a copy interrupted)
    os.makedirs(os.path.join(root, "truncated"))
    tpl = os.path.join(root, "..", "tpl")
    subprocess.run([AUDIT, "template", tpl], capture_output=True, timeout=60, check=True)
    with open(os.path.join(tpl, "intake.xlsx"), "rb") as f:
        data = f.read()
    shutil.rmtree(tpl)
    with open(os.path.join(root, "truncated", "intake.xlsx"), "wb") as f:
        f.write(data[: len(data) // 2])
    return names


def read_portfolio(out):
    wb = openpyxl.load_workbook(os.path.join(out, "portfolio.xlsx"))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[3]]
    rows = [dict(zip(header, (c for c in r))) for r in ws.iter_rows(min_row=4) if r[0].value or r[-1].value]
    return wb, rows


def main():
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "packs")
        out = os.path.join(tmp, "out")
        names = make_packs(root, 3)
        p = batch(root, out, "--jobs", "2")
        check(p.returncode == 4, f"a batch with failing packs exits 4, got {p.returncode}: {p.stderr}")
        check("broken: failed:" in p.stderr and "entity.csv:2:1" in p.stderr,
              f"the broken pack is named with file:line: {p.stderr}")
        check("truncated: failed:" in p.stderr, f"the truncated pack is named: {p.stderr}")
        for n in names:
            for ext in (".xlsx", ".json"):
                check(os.path.exists(os.path.join(out, n + ext)), f"{n}{ext} written")
        for n in ("broken", "truncated"):
            check(not os.path.exists(os.path.join(out, n + ".xlsx")), f"no workbook for the failed pack {n}")
        check(not [f for f in os.listdir(out) if f.startswith(".")], f"no work files left: {os.listdir(out)}")

        pj = json.load(open(os.path.join(out, "portfolio.json"), encoding="utf-8"))
        check([pj[k] is not None for k in ("format", "format_version", "tool_version", "generated_at")] == [True] * 4,
              "the portfolio JSON has the envelope")
        check(pj["format"] == "cscs-audit-portfolio", f"format: {pj['format']}")
        by_pack = {c["pack"]: c for c in pj["companies"]}
        check(len(by_pack) == len(names) + 2, f"one entry per pack: {sorted(by_pack)}")
        check(by_pack["broken"]["status"] == "failed" and "entity.csv:2:1" in (by_pack["broken"]["error"] or ""),
              f"the broken pack's error: {by_pack['broken']}")
        check(by_pack["truncated"]["status"] == "failed" and by_pack["truncated"]["grade"] is None,
              f"the truncated pack failed without a grade: {by_pack['truncated']}")
        acme = by_pack["acme"]
        check(acme["status"] == "audited" and acme["grade"] in "ABCD" and isinstance(acme["score"], int),
              f"acme audited: {acme}")
        check(acme["score_change"] is None and acme["previous_score"] is None, "first run: no change")
        check(acme["coverage"]["applicable"] > 0 and 0 < acme["coverage"]["share"] <= 1, f"coverage: {acme}")
        check(acme["worst_finding"] and acme["worst_finding"]["check_id"], f"worst finding: {acme}")
        acme_json = json.load(open(os.path.join(out, "acme.json"), encoding="utf-8"))
        check(acme_json["score"] == acme["score"] and acme_json["grade"] == acme["grade"],
              "the portfolio's score is the pack's own")
        # the order is by risk: failed first, then by score
        order = [c["status"] for c in pj["companies"]]
        check(order[:2] == ["failed", "failed"], f"failed packs first: {order}")
        scores = [c["score"] for c in pj["companies"] if c["status"] == "audited"]
        check(scores == sorted(scores), f"then the lowest score first: {scores}")
        # deadlines within 90 days (and overdue ones), in date order
        dues = [d["due"] for d in pj["deadlines"]]
        check(dues == sorted(dues) and all(d <= "2026-09-28" for d in dues), f"deadlines sorted, in 90 days: {dues}")
        # the evidence each finding links to follows the finding into the history database
        with sqlite3.connect(os.path.join(out, "history.db")) as hdb:
            links = hdb.execute("SELECT fe.run_id, f.run_id FROM finding_evidence fe "
                                "LEFT JOIN findings f ON f.id = fe.finding_id").fetchall()
        check(len(links) >= 2 and all(a == b for a, b in links),
              f"finding_evidence names the copied findings of its own run: {links}")
        # identity numbers masked
        text = open(os.path.join(out, "portfolio.json"), encoding="utf-8").read()
        check("11010519491231002X" not in text, "the legal representative's ID number is not in the portfolio")

        wb, rows = read_portfolio(out)
        check(len(wb.sheetnames) == 3, f"Portfolio, Grades, Deadlines: {wb.sheetnames}")
        check(len(rows) == len(names) + 2, f"one row per pack in the workbook: {len(rows)}")
        ws = wb.worksheets[0]
        check(ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9", "A4 landscape")
        check(len(ws.conditional_formatting) > 0, "conditional colouring")
        with zipfile.ZipFile(os.path.join(out, "portfolio.xlsx")) as z:
            check("xl/charts/chart1.xml" in z.namelist(), "a chart of grades")
        links = [c.hyperlink.target for r in ws.iter_rows(min_row=4) for c in r if c.hyperlink]
        check(sorted(links) == sorted(n + ".xlsx" for n in names), f"a relative link to each workbook: {links}")
        for link in links:
            check(os.path.exists(os.path.join(out, link)), f"link target {link} exists")
        dl = wb.worksheets[2]
        check(dl.max_row - 3 == len(pj["deadlines"]), "the Deadlines sheet lists the JSON's deadlines")

        # a second run over the same history: the change since the last run, and --lang zh
        p = batch(root, out, "--lang", "zh")
        check(p.returncode == 4, f"second run: {p.returncode} {p.stderr}")
        pj = json.load(open(os.path.join(out, "portfolio.json"), encoding="utf-8"))
        acme = {c["pack"]: c for c in pj["companies"]}["acme"]
        check(acme["previous_score"] == acme["score"] and acme["score_change"] == 0, f"change since last run: {acme}")
        wb, _ = read_portfolio(out)
        check(wb.sheetnames[0] == "组合", f"--lang zh names the sheets in Chinese: {wb.sheetnames}")

        # a pack removed while the batch runs fails alone
        root2 = os.path.join(tmp, "packs2")
        out2 = os.path.join(tmp, "out2")
        for i in range(6):
            shutil.copytree(EXAMPLE, os.path.join(root2, "p%d" % i))
        shutil.copytree(EXAMPLE, os.path.join(root2, "zz-removed"))
        proc = subprocess.Popen([AUDIT, "audit", root2, "--batch", "-o", out2, "--as-of", AS_OF, "--jobs", "1"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 60
        while not os.path.exists(os.path.join(out2, "p0.xlsx")) and time.time() < deadline:
            time.sleep(0.01)
        shutil.rmtree(os.path.join(root2, "zz-removed"))
        _, err = proc.communicate(timeout=300)
        check(proc.returncode == 4, f"a pack removed mid-batch: exit {proc.returncode}: {err}")
        pj = json.load(open(os.path.join(out2, "portfolio.json"), encoding="utf-8"))
        st = {c["pack"]: c["status"] for c in pj["companies"]}
        check(st.get("zz-removed") == "failed", f"the removed pack failed: {st}")
        check(all(st["p%d" % i] == "audited" for i in range(6)), f"the others were audited: {st}")

        # each pack's own project file, then the batch's; the command line over both
        root3 = os.path.join(tmp, "packs3")
        out3b = os.path.join(tmp, "out3b")
        for n in ("c1", "c2", "c3"):
            shutil.copytree(EXAMPLE, os.path.join(root3, n))
        with open(os.path.join(root3, "cscs-audit.ini"), "w", encoding="utf-8") as f:
            f.write("title = Batch title\nprepared_by = Shared desk\n")
        with open(os.path.join(root3, "c1", "cscs-audit.ini"), "w", encoding="utf-8") as f:
            f.write("title = 客户一 年度自查\nlang = zh\noutput = ../elsewhere.xlsx\n")
        with open(os.path.join(root3, "c3", "cscs-audit.ini"), "w", encoding="utf-8") as f:
            f.write("titel = misspelt\n")
        p = batch(root3, out3b)
        check(p.returncode == 4 and "c3: failed:" in p.stderr and "cscs-audit.ini:1:1" in p.stderr,
              f"a pack whose project file cannot be used fails alone, at file:line: {p.returncode} {p.stderr}")
        check(not os.path.exists(os.path.join(tmp, "elsewhere.xlsx")), "a pack's output key is not used in a batch")
        heads = {}
        for n in ("c1", "c2"):
            wb = openpyxl.load_workbook(os.path.join(out3b, n + ".xlsx"))
            heads[n] = (wb.sheetnames[0], wb.worksheets[0]["A1"].value, wb.worksheets[0]["A3"].value)
        check(heads["c1"][0] == "概要" and heads["c1"][1] == "客户一 年度自查" and "Shared desk" in heads["c1"][2],
              f"c1: its own title and language, the batch's preparer: {heads['c1']}")
        check(heads["c2"][0] == "Summary" and heads["c2"][1] == "Batch title" and "Shared desk" in heads["c2"][2],
              f"c2: the batch's project file: {heads['c2']}")
        c1 = json.load(open(os.path.join(out3b, "c1.json"), encoding="utf-8"))
        configs = [i for i in c1["run"]["inputs"] if i["kind"] == "config"]
        check(len(configs) == 2 and configs[0]["sha256"] != configs[1]["sha256"],
              f"c1's run lists both project files it read: {configs}")

        # the group example: exactly the findings across entities it plants
        out4 = os.path.join(tmp, "out4")
        p = batch(os.path.join(SRC, "examples"), out4, "--as-of", "2026-09-30")
        check(p.returncode == 0, f"batch over examples/: {p.returncode} {p.stderr}")
        pj = json.load(open(os.path.join(out4, "portfolio.json"), encoding="utf-8"))
        groups = {g["group"]: g for g in pj["groups"]}
        check(list(groups) == ["acme-group"], f"one group: {list(groups)}")
        g = groups.get("acme-group", {"entities": [], "findings": []})
        check([(e["relation"], e["status"]) for e in g["entities"]] ==
              [("parent", "audited"), ("subsidiary", "audited"), ("subsidiary", "audited")],
              f"the group's entities, each audited: {g['entities']}")
        got = sorted((f["check_id"], f["entity"], f["subject"]) for f in g["findings"])
        want = sorted([
            ("GRP-001", "艾克美控股（上海）有限公司", "王伟 110***********002X"),
            # a director by the same old 15-digit number, written with blanks in one pack
            ("GRP-001", "艾克美控股（上海）有限公司", "陈建国 310********5781"),
            # a supervisor by name only (no number in the listed subsidiary's record): review
            ("GRP-004", "艾克美控股（上海）有限公司", "赵敏"),
            # not planted: 张伟 (two different numbers: two people), 刘洋 (no listed entity)
            ("GRP-002", "艾克美控股（上海）有限公司", "艾克美精密制造（苏州）有限公司"),
            ("GRP-003", "艾克美控股（上海）有限公司", "华东电子元件有限公司"),
        ])
        check(got == want, f"the planted findings across entities and no other: {got}")
        shared = [f for f in g["findings"] if f["check_id"] == "GRP-003"]
        check(shared and "4400000.00 yuan" in shared[0]["detail"], f"the partner's spend summed: {shared}")
        text = open(os.path.join(out4, "portfolio.json"), encoding="utf-8").read()
        for raw in ("11010519491231002X", "310104620315781", "310104 620315 781", "32058119800101214X"):
            check(raw not in text, f"the people's ID numbers are masked: {raw}")
        review = [f for f in g["findings"] if f["check_id"] == "GRP-004"]
        check(review and "review" in review[0]["detail"] and review[0]["severity"] == "info",
              f"a name alone is for review, never listed: {review}")
        # each entity's own audit screens its people: none of them is in a list export here,
        # and without list exports the people checks say so (insufficient data, not a pass)
        sj = json.load(open(os.path.join(out4, "acme-group--suzhou.json"), encoding="utf-8"))
        st11 = {c["check_id"]: c["status"] for c in sj["checks"]}
        check(st11.get("BL-011") == "insufficient_data" and st11.get("BL-012") == "insufficient_data",
              f"people not screened without list exports: {st11.get('BL-011')} {st11.get('BL-012')}")
        wb, _ = read_portfolio(out4)
        check("Groups" in wb.sheetnames, f"a Groups sheet: {wb.sheetnames}")
        if "Groups" in wb.sheetnames:
            cells = [c.value for r in wb["Groups"].iter_rows() for c in r if c.value]
            check("GRP-002" in cells and not any("11010519491231002X" in str(c) for c in cells),
                  "the Groups sheet lists the findings, the ID number masked")

        # a group.csv that cannot be read stops the batch before any audit, naming file:line
        bad = os.path.join(tmp, "badgroup")
        shutil.copytree(os.path.join(SRC, "examples", "acme-group"), os.path.join(bad, "g"))
        with open(os.path.join(bad, "g", "group.csv"), "a", encoding="utf-8") as f:
            f.write("某公司,,,cousin,parent\n")
        p = batch(bad, os.path.join(tmp, "out5"))
        check(p.returncode == 2 and "g/group.csv:5:" in p.stderr, f"a bad group.csv: {p.returncode} {p.stderr}")
        check(not os.path.exists(os.path.join(tmp, "out5")), "a batch refused before any audit leaves no folder")

        # no pack at all, and -o inside the folder
        empty = os.path.join(tmp, "empty")
        os.makedirs(empty)
        p = batch(empty, os.path.join(tmp, "out3"))
        check(p.returncode == 2 and "holds no record pack" in p.stderr, f"no packs: {p.returncode} {p.stderr}")
        p = batch(root, os.path.join(root, "out"))
        check(p.returncode == 2, f"-o inside the folder of packs is refused: {p.returncode} {p.stderr}")
        p = subprocess.run([AUDIT, "audit", EXAMPLE, "--jobs", "2", "-o", os.path.join(tmp, "x.xlsx")],
                           capture_output=True, text=True, timeout=60)
        check(p.returncode == 2 and "--jobs" in p.stderr, f"--jobs without --batch: {p.returncode} {p.stderr}")
    if failures:
        print(f"{len(failures)} failure(s)", file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
