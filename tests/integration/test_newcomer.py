"""The first ten minutes, as a new user takes them: a blank template, filled in
(with openpyxl, as a person would in Excel), audited; then the program installed
into a staging folder and run from another folder with a shipped profile by name."""
import json
import os
import subprocess

import openpyxl

from clitest import run, check, expect_exit, finish, tempdir, AUDIT

AS_OF = "2026-09-30"

with tempdir() as tmp:
    pack = os.path.join(tmp, "my-company")
    r = run("template", pack)
    expect_exit(r, 0, "template")
    check(sorted(os.listdir(pack)) == ["intake.xlsx"], f"template wrote the workbook alone: {os.listdir(pack)}")

    # Fill in two sheets the way a person would: one row under the header.
    book = os.path.join(pack, "intake.xlsx")
    wb = openpyxl.load_workbook(book)
    values = {
        "entity": {"name": "示例贸易（上海）有限公司", "uscc": "91110000600037341L", "entity_type": "enterprise",
                   "region_code": "110000", "established_on": "2015-03-01"},
        "licenses": {"license_type": "食品经营许可证", "license_no": "JY13101150012345", "issuer": "上海市市场监督管理局",
                     "issued_on": "2021-05-10", "expires_on": "2026-05-09", "status": "valid"},
    }
    for sheet, row in values.items():
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        for name, value in row.items():
            check(name in header, f"template sheet {sheet} has column {name}")
            if name in header:
                ws.cell(row=2, column=header.index(name) + 1, value=value)
    wb.save(book)

    out, js = os.path.join(tmp, "audit.xlsx"), os.path.join(tmp, "audit.json")
    r = run("audit", pack, "-o", out, "--json", js, "--as-of", AS_OF)
    expect_exit(r, 0, "audit of the filled-in template")
    with open(js, encoding="utf-8") as f:
        doc = json.load(f)
    text = json.dumps(doc, ensure_ascii=False)
    check("示例贸易（上海）有限公司" in text, "the audit names the company typed into the template")
    found = {(f.get("check_id"), f.get("subject")) for f in doc.get("findings", [])}
    check(any(c == "ID-004" and s and "JY13101150012345" in s for c, s in found),
          f"the expired licence is a finding (ID-004): {sorted(found)[:10]}")

    # Blank CSV templates beside the filled workbook (the README's workflow, done twice): the blank
    # files are passed over with a note, and the audit finds the same.
    r = run("template", pack, "--format", "csv")
    expect_exit(r, 0, "CSV templates beside the filled workbook")
    js2 = os.path.join(tmp, "audit2.json")
    r = run("audit", pack, "-o", os.path.join(tmp, "audit2.xlsx"), "--json", js2, "--as-of", AS_OF)
    expect_exit(r, 0, "audit of a folder with blank CSV templates beside the filled workbook")
    check("entity.csv: note: holds no entity records (a blank template?); intake.xlsx[entity] is read instead"
          in r[2], "the blank entity.csv is passed over with a note: " + r[2][:600])
    with open(js2, encoding="utf-8") as f:
        found2 = {(x.get("check_id"), x.get("subject")) for x in json.load(f).get("findings", [])}
    check(found2 == found, f"the same findings with the blank templates beside: {sorted(found2 ^ found)[:10]}")

    # Installed like a tool: meson install into a staging folder, run from elsewhere.
    builddir = os.path.dirname(os.path.abspath(AUDIT))
    dest = os.path.join(tmp, "dest")
    p = subprocess.run(["meson", "install", "-C", builddir, "--no-rebuild", "--quiet", "--destdir", dest],
                       capture_output=True, text=True)
    check(p.returncode == 0, f"meson install --destdir: {p.stdout}{p.stderr}")
    prefix = subprocess.run(["meson", "introspect", "--buildoptions", builddir], capture_output=True, text=True)
    opts = {o["name"]: o["value"] for o in json.loads(prefix.stdout or "[]")}
    root = dest + opts.get("prefix", "/usr/local")
    installed = os.path.join(root, "bin", "cscs-audit")
    check(os.access(installed, os.X_OK), "the program is installed in PREFIX/bin")
    for doc_file in ("records.md", "guide.md", "exit-codes.md"):
        check(os.path.exists(os.path.join(root, "share", "doc", "cscs-audit", doc_file)),
              f"docs/{doc_file}, which messages point to, is installed")
    check(os.path.exists(os.path.join(root, "share", "man", "man1", "cscs-audit.1")), "the manual page is installed")
    completion = os.path.join(root, "share", "bash-completion", "completions", "cscs-audit")
    check(os.path.exists(completion), "the bash completion is installed where bash-completion looks")
    if os.path.exists(completion):
        with open(completion, encoding="utf-8") as f:
            check(f.read() == run("completion", "bash")[1], "the installed completion is the program's own")

    env = {k: v for k, v in os.environ.items() if k != "CSCS_DATADIR"}  # found from the install, not the tree
    wrapper = os.environ.get("CSCS_AUDIT_WRAPPER", "").split()
    elsewhere = os.path.join(tmp, "elsewhere")
    os.mkdir(elsewhere)
    p = subprocess.run([*wrapper, installed, "audit", pack, "-o", "pre-entry.xlsx", "--profile", "pre-entry",
                        "--as-of", AS_OF], capture_output=True, text=True, cwd=elsewhere, env=env)
    # pre-entry.ini sets fail_on = high, and the expired licence is a high finding: exit 1
    check(p.returncode == 1, f"the installed program runs with --profile pre-entry (exit {p.returncode}): "
                             f"{p.stderr[-500:]}")
    check(os.path.exists(os.path.join(elsewhere, "pre-entry.xlsx")), "it wrote its workbook where it was run")
    p = subprocess.run([*wrapper, installed, "--version"], capture_output=True, text=True, cwd=elsewhere, env=env)
    check(p.returncode == 0 and "(rules " in p.stdout, f"the installed program names its installed rule set: {p.stdout}")
finish()
