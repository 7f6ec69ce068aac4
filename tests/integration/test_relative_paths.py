"""No machine in the report (issue 16, item 4): the example audited from a copy under a
deliberately odd absolute folder, with absolute arguments, then every output read back
(every cell of every sheet of both workbooks, the JSON, the CSV, the console, the report
and diff of the stored runs, the checklist catalogue) must not name that folder or the
user's home. Files are named relative to the pack, as shipped:FILE, or by base name."""
import json
import os
import shutil
import tempfile

import openpyxl

from clitest import EXAMPLE, SRCDIR, check, expect_exit, finish, run

HOME = os.path.realpath(os.path.expanduser("~"))


def leaks(text, prefixes):
    return [p for p in prefixes if p and p in text]


def workbook_text(path):
    wb = openpyxl.load_workbook(path)
    parts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            parts.extend(str(v) for v in row if v is not None)
        parts.extend([ws.oddHeader.center.text or "", ws.oddFooter.center.text or ""])
    return "\n".join(parts)


def folder_text(path):
    parts = []
    for name in sorted(os.listdir(path)):
        with open(os.path.join(path, name), encoding="utf-8-sig") as f:
            parts.append(f.read())
    return "\n".join(parts)


with tempfile.TemporaryDirectory(prefix="cscs-test-") as tmp:
    odd = os.path.realpath(os.path.join(tmp, "Odd Folder (客户) 'x'", "nested$dir"))
    os.makedirs(odd)
    pack = os.path.join(odd, "client-a")
    shutil.copytree(EXAMPLE, pack)
    shipped = os.path.join(SRCDIR, "checklists")
    prefixes = [odd, os.path.realpath(tmp)]
    # the home folder only when the test itself does not run from under it (a checkout in ~)
    if not os.path.realpath(SRCDIR).startswith(HOME + "/") and HOME != "/":
        prefixes.append(HOME)
    outs = {}
    db = os.path.join(odd, "audit.db")

    def look(what, text):
        bad = leaks(text, prefixes)
        check(not bad, f"{what} names a local folder: {bad}")

    # a waivers file outside the pack, given by its absolute path
    waivers = os.path.join(odd, "waivers.csv")
    with open(waivers, "w", encoding="utf-8") as f:
        f.write("check_id,subject,justification,approver,granted_on,expires_on\n"
                "TAX-001,,Accepted,Compliance team,2026-01-01,2026-12-31\n")
    # the first run (as of an earlier date) then the audit under test, both absolute
    for as_of, tag in (("2026-03-31", "q1"), ("2026-06-30", "q2")):
        r = run("audit", pack, "-o", os.path.join(odd, f"{tag}.xlsx"), "--json", os.path.join(odd, f"{tag}.json"),
                "--csv", os.path.join(odd, f"{tag}-csv"), "--db", db, "--as-of", as_of, "--waivers", waivers,
                "--lists", os.path.join(pack, "lists"), "--checklists", shipped, cwd=tmp)
        check(r[0] in (0, 1), f"audit {tag}: exit {r[0]}\n{r[2]}")
        look(f"audit {tag} console", r[1] + r[2])
    look("audit workbook", workbook_text(os.path.join(odd, "q2.xlsx")))
    with open(os.path.join(odd, "q2.json"), encoding="utf-8") as f:
        text = f.read()
    look("audit JSON", text)
    doc = json.loads(text)
    inputs = {i["path"] for i in doc["run"]["inputs"]}
    check("licenses.csv" in inputs, f"record files relative to the pack: {sorted(inputs)}")
    check("lists/serious_illegal.csv" in inputs, f"list files relative to the pack: {sorted(inputs)}")
    check("shipped:tax.sql" in inputs, f"shipped checklists as shipped:FILE: {sorted(inputs)}")
    check(all(len(i["sha256"]) == 64 for i in doc["run"]["inputs"]), "every input has its hash")
    shown_waivers = os.path.relpath(waivers, os.path.realpath(tmp))
    check(shown_waivers in inputs, f"a file outside the pack relative to the current folder: {sorted(inputs)}")
    check({w["file"] for w in doc["run"]["waivers"]} == {shown_waivers}, "the waivers' file as inputs show it")
    check(doc["run"]["pack"] == os.path.relpath(pack, os.path.realpath(tmp)), f"the pack relative to the current folder: {doc['run']['pack']}")
    files = {(c.get("checklist") or {}).get("file") for c in doc["checks"]}
    check("shipped:tax.sql" in files, f"checks name their checklist as shipped:FILE: {sorted(map(str, files))[:5]}")
    look("audit CSV", folder_text(os.path.join(odd, "q2-csv")))

    # the stored run written again, from another folder
    r = run("report", "--db", db, "-o", os.path.join(odd, "r.xlsx"), "--json", os.path.join(odd, "r.json"),
            cwd="/")
    expect_exit(r, 0, "report")
    look("report console", r[1] + r[2])
    look("report workbook", workbook_text(os.path.join(odd, "r.xlsx")))
    with open(os.path.join(odd, "r.json"), encoding="utf-8") as f:
        look("report JSON", f.read())

    r = run("diff", "--db", db, "--format", "json", cwd=tmp)
    expect_exit(r, 0, "diff")
    look("diff JSON", r[1] + r[2])

    r = run("import", pack, "--db", os.path.join(odd, "import.db"), cwd=tmp)
    expect_exit(r, 0, "import")
    look("import console", r[1] + r[2])

    r = run("checklist", "list", "--format", "json", shipped, cwd=tmp)
    expect_exit(r, 0, "checklist list")
    look("checklist list JSON", r[1] + r[2])

    # screening, absolute arguments too
    r = run("screen", os.path.join(pack, "partners.csv"), "--lists", os.path.join(pack, "lists"),
            "-o", os.path.join(odd, "s.xlsx"), "--json", os.path.join(odd, "s.json"), cwd=tmp)
    check(r[0] in (0, 1), f"screen: exit {r[0]}\n{r[2]}")
    look("screen console", r[1] + r[2])
    look("screen workbook", workbook_text(os.path.join(odd, "s.xlsx")))
    with open(os.path.join(odd, "s.json"), encoding="utf-8") as f:
        look("screen JSON", f.read())

    # in Chinese too: the console and the workbook, and screen's CSV
    r = run("screen", os.path.join(pack, "partners.csv"), "--lists", os.path.join(pack, "lists"), "--lang", "zh",
            "-o", os.path.join(odd, "sz.xlsx"), "--csv", os.path.join(odd, "sz.csv"), cwd=tmp)
    check(r[0] in (0, 1), f"screen --lang zh: exit {r[0]}\n{r[2]}")
    look("screen console (zh)", r[1] + r[2])
    look("screen workbook (zh)", workbook_text(os.path.join(odd, "sz.xlsx")))
    with open(os.path.join(odd, "sz.csv"), encoding="utf-8") as f:
        look("screen CSV", f.read())
    r = run("audit", pack, "--lang", "zh", "-o", os.path.join(odd, "z.xlsx"), "--json", os.path.join(odd, "z.json"),
            "--as-of", "2026-06-30", cwd=tmp)
    check(r[0] in (0, 1), f"audit --lang zh: exit {r[0]}\n{r[2]}")
    look("audit console (zh)", r[1] + r[2])

finish()
