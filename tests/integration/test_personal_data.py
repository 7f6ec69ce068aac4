#!/usr/bin/env python3
"""Personal identity numbers never leave the tool unmasked unless --show-personal-data says so.

A pack holds two known resident identity numbers: the legal representative's
(entity.csv, and a list export entry with the same number, so that screening
and BL-009 find it) and a sole trader's, used as its partner code (no column
for identity numbers: free text). A checklist puts the first into a finding's
subject, detail and evidence under several column names, glued to letters
too. Then every output of audit, report, check --json, screen and diff (files,
standard output, standard error; the workbook unzipped) is searched byte by
byte: the full numbers must not appear, their masked forms must; with
--show-personal-data the full numbers appear.

Also: the database file is created owner-only (0600) by audit --db, import
--db and screen --db even under umask 000, outputs written with personal data
shown are owner-only, and the database stores the numbers only where the
records and the checks' findings put them.
"""
import json
import os
import sqlite3
import stat
import subprocess
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import AUDIT, SRCDIR, run, check, expect_exit, finish, tempdir  # noqa: E402

REP_ID = "11010519491231002X"
TRADER_ID = "310104198001011234"
MASKED = {REP_ID: "110***********002X", TRADER_ID: "310***********1234"}
AS_OF = "2025-09-30"
CHECKLISTS = os.path.join(SRCDIR, "checklists")

ENTITY = ("name,uscc,entity_type,legal_rep_name,legal_rep_id\n"
          f"测试贸易有限公司,91310115MA1K4A1B2H,enterprise,王伟,{REP_ID}\n")
LISTS = ("list,name,uscc,legal_rep_name,legal_rep_id,listed_on\n"
         f"serious_illegal,某某商贸有限公司,91440300MA5FQ2L86U,王伟,{REP_ID},2024-01-01\n"
         f"serious_illegal,张三五金店,,张三,{TRADER_ID},2024-01-01\n")
PARTNERS = ("name,uscc,role\n"
            f"张三五金店,{TRADER_ID},supplier\n"
            "某某商贸有限公司,91440300MA5FQ2L86U,customer\n")
PD_CHECK = """-- check: PD-001
-- area: identity
-- severity: high
-- title: A check that shows the legal representative's number everywhere it can
-- basis: test
SELECT legal_rep_id AS subject,
       'the representative (ID ' || legal_rep_id || ') signs' AS detail,
       legal_rep_id, legal_rep_id AS holder, 'ID' || legal_rep_id AS glued,
       json_array(legal_rep_id) AS listed,
       src_file, src_line
FROM entity
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def contents(paths, texts=()):
    """name -> bytes of every output: files, folders (recursively), workbooks unzipped, and texts."""
    out = {}
    for p in paths:
        if os.path.isdir(p):
            for dirpath, _, files in os.walk(p):
                for name in files:
                    out.update(contents([os.path.join(dirpath, name)]))
        elif os.path.isfile(p):
            with open(p, "rb") as f:
                data = f.read()
            out[p] = data
            if p.endswith(".xlsx"):
                with zipfile.ZipFile(p) as z:
                    for name in z.namelist():
                        out[f"{p}:{name}"] = z.read(name)
    for i, t in enumerate(texts):
        out[f"terminal output {i}"] = t.encode("utf-8", "replace")
    return out


def expect_masked(what, blobs, ids=(REP_ID, TRADER_ID)):
    for name, data in blobs.items():
        for pid in ids:
            check(pid.encode() not in data, f"{what}: {name} holds the identity number {pid}")
    for pid in ids:
        check(any(MASKED[pid].encode() in d for d in blobs.values()),
              f"{what}: the masked form {MASKED[pid]} appears nowhere (did the number reach the outputs?)")


def expect_shown(what, blobs, ids=(REP_ID, TRADER_ID)):
    for pid in ids:
        check(any(pid.encode() in d for d in blobs.values()), f"{what}: {pid} is not shown with --show-personal-data")


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def run_umask0(*args):
    """Run with umask 000: only the code's own modes protect the files it makes."""
    wrapper = os.environ.get("CSCS_AUDIT_WRAPPER", "").split()
    p = subprocess.run([*wrapper, AUDIT, *args], capture_output=True, text=True, timeout=600,
                       preexec_fn=lambda: os.umask(0))
    return p.returncode, p.stdout, p.stderr


def stored_places(db):
    """(table, column) pairs whose values hold either number."""
    con = sqlite3.connect(db)
    try:
        found = set()
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for t in tables:
            for col in [r[1] for r in con.execute(f"PRAGMA table_info('{t}')")]:
                n = con.execute(f'SELECT count(*) FROM "{t}" WHERE instr(CAST("{col}" AS BLOB), ?) > 0'
                                f' OR instr(CAST("{col}" AS BLOB), ?) > 0',
                                (REP_ID.encode(), TRADER_ID.encode())).fetchone()[0]
                if n:
                    found.add((t, col))
        return found
    finally:
        con.close()


def main():
    with tempdir() as tmp:
        pack = os.path.join(tmp, "pack")
        write(os.path.join(pack, "entity.csv"), ENTITY)
        write(os.path.join(pack, "lists", "serious_illegal.csv"), LISTS)
        write(os.path.join(pack, "partners.csv"), PARTNERS)
        pd = os.path.join(tmp, "cl", "pd.sql")
        write(pd, PD_CHECK)
        cl = ["--checklists", CHECKLISTS, "--checklists", pd]

        # audit: workbook, JSON, CSV, terminal; umask 000 for the database's mode
        out = os.path.join(tmp, "audit")
        db = os.path.join(tmp, "audit.db")
        r = run_umask0("audit", pack, "-o", f"{out}.xlsx", "--json", f"{out}.json", "--csv", f"{out}-csv",
                       "--db", db, "--as-of", AS_OF, *cl)
        expect_exit(r, 0, "audit")
        expect_masked("audit", contents([f"{out}.xlsx", f"{out}.json", f"{out}-csv"], r[1:]))
        check(mode(db) == 0o600, f"audit --db made the database mode {oct(mode(db))}")
        with open(f"{out}.json", encoding="utf-8") as f:
            doc = json.load(f)
        bl9 = [f for f in doc["findings"] if f["check_id"] == "BL-009"]
        check(bl9, "BL-009 finds the representative's number in the list export (the data reached a check)")
        pd_findings = [f for f in doc["findings"] if f["check_id"] == "PD-001"]
        check(pd_findings and pd_findings[0]["subject"] == MASKED[REP_ID],
              f"PD-001's subject is the masked number: {pd_findings[:1]}")

        shown = os.path.join(tmp, "shown")
        r = run_umask0("audit", pack, "-o", f"{shown}.xlsx", "--json", f"{shown}.json", "--csv", f"{shown}-csv",
                       "--as-of", AS_OF, "--show-personal-data", *cl)
        expect_exit(r, 0, "audit --show-personal-data")
        blobs = contents([f"{shown}.xlsx", f"{shown}.json", f"{shown}-csv"])
        expect_shown("audit --show-personal-data", blobs)
        for p in (f"{shown}.xlsx", f"{shown}.json"):
            check(mode(p) == 0o600, f"{p} shows personal data but has mode {oct(mode(p))}")
        for name in os.listdir(f"{shown}-csv"):
            check(mode(os.path.join(f"{shown}-csv", name)) == 0o600, f"CSV {name} with personal data is not 0600")

        # report from the database
        rep = os.path.join(tmp, "report")
        r = run("report", "--db", db, "-o", f"{rep}.xlsx", "--json", f"{rep}.json", "--csv", f"{rep}-csv")
        expect_exit(r, 0, "report")
        expect_masked("report", contents([f"{rep}.xlsx", f"{rep}.json", f"{rep}-csv"], r[1:]))
        r = run("report", "--db", db, "--json", f"{rep}-shown.json", "--show-personal-data")
        expect_exit(r, 0, "report --show-personal-data")
        expect_shown("report --show-personal-data", contents([f"{rep}-shown.json"]), ids=(REP_ID,))

        # check --json
        r = run("check", "--db", db, "--json", os.path.join(tmp, "check.json"), "--as-of", AS_OF, *cl)
        expect_exit(r, 0, "check --json")
        expect_masked("check --json", contents([os.path.join(tmp, "check.json")], r[1:]), ids=(REP_ID,))
        r = run("check", "--db", db, "--json", os.path.join(tmp, "check-shown.json"), "--as-of", AS_OF,
                "--show-personal-data", *cl)
        expect_exit(r, 0, "check --json --show-personal-data")
        expect_shown("check --show-personal-data", contents([os.path.join(tmp, "check-shown.json")]), ids=(REP_ID,))

        # diff (the last two runs: the check runs above)
        for fmt in ("text", "json"):
            r = run("diff", "--db", db, "--format", fmt)
            expect_exit(r, 0, f"diff --format {fmt}")
            expect_masked(f"diff --format {fmt}", contents([], r[1:]), ids=(REP_ID,))
            r = run("diff", "--db", db, "--format", fmt, "--show-personal-data")
            expect_shown(f"diff --format {fmt} --show-personal-data", contents([], r[1:]), ids=(REP_ID,))

        # screen: workbook, JSON, terminal; its own database
        scr = os.path.join(tmp, "screen")
        sdb = os.path.join(tmp, "screen.db")
        r = run_umask0("screen", os.path.join(pack, "partners.csv"), "--lists", os.path.join(pack, "lists"),
                       "-o", f"{scr}.xlsx", "--json", f"{scr}.json", "--db", sdb, "--as-of", AS_OF)
        expect_exit(r, 0, "screen")
        expect_masked("screen", contents([f"{scr}.xlsx", f"{scr}.json"], r[1:]), ids=(TRADER_ID,))
        check(mode(sdb) == 0o600, f"screen --db made the database mode {oct(mode(sdb))}")
        r = run("screen", os.path.join(pack, "partners.csv"), "--db", sdb, "--json", f"{scr}-shown.json",
                "--as-of", AS_OF, "--show-personal-data")
        expect_exit(r, 0, "screen --show-personal-data")
        expect_shown("screen --show-personal-data", contents([f"{scr}-shown.json"]), ids=(TRADER_ID,))

        # import --db
        idb = os.path.join(tmp, "import.db")
        r = run_umask0("import", pack, "--db", idb)
        expect_exit(r, 0, "import")
        expect_masked("import (terminal)", contents([], r[1:]), ids=(TRADER_ID,))
        check(mode(idb) == 0o600, f"import --db made the database mode {oct(mode(idb))}")

        # Where the database holds the numbers: the records as given, and the checks' findings.
        allowed = {("entity", "legal_rep_id"), ("list_entries", "legal_rep_id"), ("partners", "uscc"),
                   ("data_issues", "value"), ("findings", "subject"), ("findings", "detail"),
                   ("findings", "evidence"), ("findings", "fingerprint")}
        places = stored_places(db)
        check(places <= allowed, f"the database holds identity numbers in {sorted(places - allowed)}")
        check(("entity", "legal_rep_id") in places, "the test's search of the database finds nothing")
        check(stored_places(idb) <= {("entity", "legal_rep_id"), ("list_entries", "legal_rep_id"),
                                     ("partners", "uscc"), ("data_issues", "value")},
              f"import stores numbers elsewhere: {sorted(stored_places(idb))}")
        other_forms(tmp)
    finish()


def fullwidth(s):
    return "".join(chr(0xFF10 + int(c)) if c.isdigit() else chr(0xFF38) if c == "X" else c for c in s)


def other_forms(tmp):
    """Numbers as people write them: full-width digits, groups split by blanks or hyphens. None may show
    its middle digits anywhere: outputs, terminal, the stored explanations and command line, `uscc`."""
    rep_fw = fullwidth(REP_ID)
    trader_blank = f"{TRADER_ID[:6]} {TRADER_ID[6:14]} {TRADER_ID[14:]}"
    trader_dash = f"{TRADER_ID[:6]}-{TRADER_ID[6:14]}-{TRADER_ID[14:]}"
    pack = os.path.join(tmp, "forms")
    write(os.path.join(pack, "entity.csv"), ENTITY.replace(REP_ID, rep_fw))
    write(os.path.join(pack, "partners.csv"), f"name,uscc,country,role\n张三五金店,{trader_blank},CN,supplier\n")
    write(os.path.join(pack, "lists", "serious_illegal.csv"),
          "list,name,uscc,legal_rep_name,legal_rep_id,listed_on\n"
          f"serious_illegal,某某商贸有限公司,,王伟,{rep_fw},2024-01-01\n"
          f"serious_illegal,张三五金店,{trader_dash},张三,,2024-01-01\n")
    out = os.path.join(tmp, "forms-out")
    db = os.path.join(tmp, "forms.db")
    r = run("audit", pack, "-o", f"{out}.xlsx", "--json", f"{out}.json", "--csv", f"{out}-csv", "--db", db,
            "--as-of", AS_OF, "--title", f"Audit of {trader_blank}")
    expect_exit(r, 0, "audit of numbers in other forms")
    blobs = contents([f"{out}.xlsx", f"{out}.json", f"{out}-csv"], r[1:])
    middles = {REP_ID[3:14], TRADER_ID[3:14], TRADER_ID[6:14], fullwidth(REP_ID[3:14])}
    for name, data in blobs.items():
        for m in middles:
            check(m.encode() not in data, f"other forms: {name} holds the middle digits {m}")
    check(any(MASKED[TRADER_ID].encode() in d for d in blobs.values()),
          "other forms: the blanked number appears masked (did it reach the outputs?)")
    # "division code '104198'": a message must not quote digits 3-8 beside the masked value
    check(TRADER_ID[2:8] not in r[2], f"other forms: a message quotes digits 3-8 of the number: {r[2]}")
    con = sqlite3.connect(db)
    try:
        stored = [row[0] or "" for row in con.execute("SELECT explanation FROM screen_matches")]
        stored += [row[0] or "" for row in con.execute("SELECT command_line FROM runs")]
    finally:
        con.close()
    check(any("same code" in x for x in stored), f"other forms: the partner matched by its code: {stored}")
    for x in stored:
        for m in middles:
            check(m not in x, f"other forms: the database stores {m} in an explanation or command line: {x}")
    # a usage error quotes its argument: masked too
    r = run("audit", pack, "-o", f"{out}-2.xlsx", "--as-of", trader_blank)
    expect_exit(r, 2, "audit --as-of <an identity number>")
    check(TRADER_ID[6:14] not in r[2] and MASKED[TRADER_ID] in r[2],
          f"a usage error shows the identity number masked: {r[2]}")
    for form in (TRADER_ID, trader_blank, fullwidth(TRADER_ID)):
        r = run("uscc", form)
        check(TRADER_ID[3:14] not in r[1] + r[2] and fullwidth(TRADER_ID[3:14]) not in r[1] + r[2],
              f"uscc echoes the identity number {form!r}: {r[1]}")
        check(MASKED[TRADER_ID] in r[1] or "*" in r[1], f"uscc shows {form!r} masked: {r[1]}")


if __name__ == "__main__":
    main()
