"""The project file (issue 16, item 6): cscs-audit.ini in the pack (or --config FILE) holds the
options a client repeats. `cscs-audit audit client-a/` with nothing else uses it: its title,
preparer, logo, lang, profile, waivers, lists folder and fail_on take effect, its relative paths are relative to its folder, the run lists it
among its inputs (relative path + hash), the command line wins, and a bad file stops the run
with exit 2 and FILE:LINE:COLUMN (did-you-mean for a misspelt key)."""
import hashlib
import json
import os
import shutil

import openpyxl

from clitest import EXAMPLE, check, expect_exit, finish, run, tempdir

AS_OF = "2026-06-30"


def summary_text(path):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    return wb.sheetnames, "\n".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c)


with tempdir() as tmp:
    pack = os.path.join(tmp, "client-a")
    shutil.copytree(EXAMPLE, pack)
    ini = os.path.join(pack, "cscs-audit.ini")
    with open(ini, "w", encoding="utf-8") as f:
        f.write("\ufeff# client A\n[audit]\n"
                "title = \"Client A: self-audit\"   # the Summary's heading\n"
                "prepared_by = Compliance team\n"
                "lang = zh\n"
                "fail_on = high\n"
                "lists = lists\n"
                "output = ../out/a.xlsx\n"
                "json = ../out/a.json\n")
    os.mkdir(os.path.join(tmp, "out"))

    # nothing but the pack: the project file gives the outputs, title, language and threshold
    r = run("audit", "client-a/", "--as-of", AS_OF, cwd=tmp)
    expect_exit(r, 1, "audit client-a/ with the project file's fail_on high (the example has high findings)")
    with open(os.path.join(tmp, "out", "a.json"), encoding="utf-8") as f:
        doc = json.load(f)
    check(doc["run"]["lang"] == "zh", f"lang from the project file: {doc['run']['lang']}")
    with open(ini, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    config = [i for i in doc["run"]["inputs"] if i["kind"] == "config"]
    check(config == [{"kind": "config", "path": "cscs-audit.ini", "size": os.path.getsize(ini), "sha256": digest}],
          f"the run lists the project file with its hash: {config}")
    sheets, text = summary_text(os.path.join(tmp, "out", "a.xlsx"))
    check("Client A: self-audit" in text, "the title from the project file is on the Summary")
    check("Compliance team" in text, "the preparer from the project file is on the Summary")
    check(sheets[0] != "Summary", f"the workbook is in Chinese: {sheets[:2]}")
    wb = openpyxl.load_workbook(os.path.join(tmp, "out", "a.xlsx"))
    cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    check("cscs-audit.ini" in cells and digest in cells, "the Run info sheet names the project file and its hash")

    # the command line wins
    r = run("audit", "client-a", "--as-of", AS_OF, "--lang", "en", "--fail-on", "critical", "--title", "Draft",
            "-o", "b.xlsx", cwd=tmp)
    expect_exit(r, 0, "--fail-on critical overrides the project file's high (no critical finding)")
    check(os.path.exists(os.path.join(tmp, "b.xlsx")), "-o wins over the project file's output")
    sheets, text = summary_text(os.path.join(tmp, "b.xlsx"))
    check(sheets[0] == "Summary", f"--lang en wins: {sheets[:2]}")
    check("Draft" in text and "Client A: self-audit" not in text, "--title wins")
    check("Compliance team" in text, "what the command line leaves open still comes from the file")

    # --config names another file; its paths are relative to its own folder
    other = os.path.join(tmp, "cfg")
    os.mkdir(other)
    with open(os.path.join(other, "client.ini"), "w", encoding="utf-8") as f:
        f.write("title = Other\noutput = c.xlsx\nfail_on = info\n")
    r = run("audit", os.path.join(tmp, "client-a"), "--as-of", AS_OF, "--config", os.path.join(other, "client.ini"),
            cwd=tmp)
    expect_exit(r, 1, "--config's fail_on info")
    check(os.path.exists(os.path.join(other, "c.xlsx")), "output relative to the project file's folder")

    # every per-client option the issue names: title, preparer, logo, language, profile, waivers,
    # lists folder and fail-on, from the project file alone (paths beside it)
    full = os.path.join(tmp, "client-b")
    shutil.copytree(EXAMPLE, full)
    with open(os.path.join(full, "logo.png"), "wb") as f:
        f.write(bytes.fromhex(
            "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4"
            "890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082"))
    first = doc["findings"][0]
    with open(os.path.join(full, "waivers.csv"), "w", encoding="utf-8") as f:
        f.write("check_id,subject,justification,approver,granted_on,expires_on\n"
                f"{first['check_id']},{first['subject']},settled; receipt on file,Head of compliance,"
                "2026-06-01,2026-12-31\n")
    with open(os.path.join(full, "cscs-audit.ini"), "w", encoding="utf-8") as f:
        f.write("title = Client B\nprepared_by = Audit desk\nlogo = logo.png\nlang = en\nprofile = supplier\n"
                "waivers = waivers.csv\nlists = lists\nfail_on = critical\noutput = ../out/b.xlsx\njson = ../out/b.json\n")
    r = run("audit", "client-b/", "--as-of", AS_OF, cwd=tmp)
    expect_exit(r, 0, "audit client-b/: the project file's fail_on critical (no critical finding)")
    with open(os.path.join(tmp, "out", "b.json"), encoding="utf-8") as f:
        doc_b = json.load(f)
    run_b = doc_b["run"]
    check(run_b["lang"] == "en", f"lang en from the file: {run_b['lang']}")
    check("supplier" in json.dumps(run_b["profile"]).lower(), f"profile from the file: {run_b['profile']}")
    kinds = {i["kind"]: i["path"] for i in run_b["inputs"]}
    check(kinds.get("waivers") == "waivers.csv" and kinds.get("config") == "cscs-audit.ini",
          f"waivers and the project file among the inputs: {kinds}")
    check(any(i["kind"] == "list" for i in run_b["inputs"]), "the lists folder from the file was read")
    waived = [x for x in doc_b["findings"] if x["check_id"] == first["check_id"] and x["subject"] == first["subject"]]
    check(waived and waived[0]["status"] == "waived", f"the waiver from the file applies: {waived[:1]}")
    wb = openpyxl.load_workbook(os.path.join(tmp, "out", "b.xlsx"))
    cells = "\n".join(str(c) for row in wb.worksheets[0].iter_rows(values_only=True) for c in row if c)
    check("Client B" in cells and "Audit desk" in cells, "title and preparer from the file")
    check(len(wb.worksheets[0]._images) == 1, "the logo from the file is on the Summary")

    # bad files: exit 2 with FILE:LINE:COLUMN
    bad = os.path.join(tmp, "bad.ini")
    for text, where, needle in [
        ("title = x\ntitel = y\n", "bad.ini:2:1:", "did you mean 'title'"),
        ("lang = x\nlang = zh\n", "bad.ini:2:1:", "given twice"),
        ("lang = fr\n", "bad.ini:1:8:", "en or zh"),
        ("fail_on = severe\n", "bad.ini:1:11:", "critical, high"),
        ("title = \"open\n", "bad.ini:1:9:", "not closed"),
        ("title = a\0b\n", "bad.ini:1:10:", "NUL"),
        ("title = " + "x" * 5000 + "\n", "bad.ini:1:4097:", "longer than"),
    ]:
        with open(bad, "w", encoding="utf-8") as f:
            f.write(text)
        r = run("audit", "client-a", "--config", "bad.ini", "-o", "x.xlsx", cwd=tmp)
        expect_exit(r, 2, f"bad project file {text[:20]!r}")
        check(where in r[2] and needle in r[2], f"{text[:20]!r}: message names {where} and says {needle!r}: {r[2]}")
        check(not os.path.exists(os.path.join(tmp, "x.xlsx")), "nothing written")
    r = run("audit", "client-a", "--config", "missing.ini", "-o", "x.xlsx", cwd=tmp)
    expect_exit(r, 2, "a --config that does not exist")

finish()
