"""The engine from the command line: check, checklist lint/list/show, diff, profiles, waivers."""
import json
import os
import sqlite3

from clitest import run, check, expect_exit, finish, tempdir, FIXTURES, SRCDIR

CHECKS = os.path.join(FIXTURES, "engine", "checks")
RUNAWAY = os.path.join(FIXTURES, "engine", "bad", "runaway.sql")
PROFILES = os.path.join(SRCDIR, "checklists", "profiles")


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def populate(db):
    """Records as an import would leave them (the schema exists: check created it)."""
    c = sqlite3.connect(db)
    c.executescript("""
        INSERT INTO imports(id, pack, started_at, finished_at) VALUES (1, 'pack', '2025-01-01T00:00:00Z', '2025-01-01T00:00:01Z');
        INSERT INTO source_files(id, import_id, path, record_type, size, sha256) VALUES
          (1, 1, 'entity.csv', 'entity', 10, 'e0'), (2, 1, 'licenses.csv', 'licenses', 20, 'l0'),
          (3, 1, 'annual_reports.csv', 'annual_reports', 5, 'a0');
        INSERT INTO entity(src_file, src_line, name, uscc, foreign_invested, paid_in_capital)
          VALUES (1, 2, '上海某某贸易有限公司', '91110000600037341L', 0, 0);
        INSERT INTO licenses(src_file, src_line, license_no, issuer, expires_on, status) VALUES
          (2, 2, 'L-1', 'SAMR', '2024-01-01', 'valid'), (2, 3, 'L-2', 'SAMR', '2026-01-01', 'valid');
        INSERT INTO annual_reports(src_file, src_line, year, filed_on) VALUES (3, 2, 2024, '2025-06-15');
    """)
    c.commit()
    c.close()


def rows(db, sql):
    c = sqlite3.connect(db)
    r = c.execute(sql).fetchall()
    c.close()
    return r


with tempdir() as tmp:
    db = os.path.join(tmp, "audit.db")

    # -- check: usage and empty databases -------------------------------------------------
    r = run("check", "--checklists", CHECKS)
    expect_exit(r, 2, "check without --db")
    check("no database given" in r[2], "missing --db message")
    r = run("check", "--db", db)
    expect_exit(r, 2, "check on a missing database")
    check("does not exist" in r[2], "missing database message")
    check(not os.path.exists(db), "a missing database is not created")
    open(db, "w").close()
    r = run("check", "--db", db, "--checklists", CHECKS)
    expect_exit(r, 2, "check before any import")
    check("holds no imported record pack" in r[2], "no import message")
    r = run("check", "--db", db, "--fail-on", "severe")
    expect_exit(r, 2, "bad --fail-on")
    r = run("check", "--db", db, "--time-budget", "0")
    expect_exit(r, 2, "bad --time-budget")
    populate(db)

    # -- check: a run, its summary and exit codes ------------------------------------------
    r = run("check", "--db", db, "--checklists", CHECKS, "--as-of", "2025-08-01")
    expect_exit(r, 0, "check")
    out = r[1]
    check("run 1 as of 2025-08-01: 6 checks, 2 failed, 2 passed, 1 not applicable, 1 insufficient data" in out,
          "summary line: " + out)
    check("score: 833 of 1000, grade C (a self-assessment indicator; coverage 80% of applicable checks)" in out,
          "score line: " + out)
    check("T-LIC-EXPIRED" in out and "insufficient_data" in out, "failed and unevaluated checks listed")
    res = dict(rows(db, "SELECT check_id, status FROM results WHERE run_id = 1"))
    check(res == {"T-LIC-EXPIRED": "fail", "T-LIC-REVOKED": "pass", "T-FIE-CAPITAL": "not_applicable",
                  "T-ENV-PERMIT": "insufficient_data", "T-USCC": "pass", "T-REPORT": "fail"}, f"results: {res}")
    # the version of T-REPORT in force on 2025-08-01 is the new rule (high)
    check(rows(db, "SELECT severity, title FROM results WHERE check_id = 'T-REPORT'")[0][0] == "high", "new rule ran")
    check(rows(db, "SELECT status FROM runs WHERE id = 1") == [("complete",)], "run complete")

    r = run("check", "--db", db, "--checklists", CHECKS, "--as-of", "2025-03-01", "--fail-on", "high")
    expect_exit(r, 1, "--fail-on high with a high finding")
    check(rows(db, "SELECT severity FROM results WHERE run_id = 2 AND check_id = 'T-REPORT'")[0][0] == "medium",
          "old rule ran before 2025-07-01")
    r = run("check", "--db", db, "--checklists", CHECKS, "--as-of", "2025-08-01", "--fail-on", "critical")
    expect_exit(r, 0, "--fail-on critical without a critical finding")

    # -- profiles: selection, overrides, defaults; flags win --------------------------------
    prof = write(os.path.join(tmp, "p.ini"),
                 "name = Licences only\ninclude = area:licenses\nseverity.T-LIC-EXPIRED = critical\nweight.T-LIC-EXPIRED = 0.1\n"
                 "as_of = 2025-07-15\nlang = zh\nfail_on = high\n")
    r = run("check", "--db", db, "--checklists", CHECKS, "--profile", prof)
    expect_exit(r, 1, "profile's fail_on applies")
    run_id = rows(db, "SELECT max(id) FROM runs")[0][0]
    check(rows(db, f"SELECT as_of, lang, profile FROM runs WHERE id = {run_id}") == [("2025-07-15", "zh", "Licences only")],
          "profile defaults stored with the run")
    check(sorted(x[0] for x in rows(db, f"SELECT check_id FROM results WHERE run_id = {run_id}")) ==
          ["T-LIC-EXPIRED", "T-LIC-REVOKED"], "profile selected the licence checks")
    check(rows(db, f"SELECT severity FROM results WHERE run_id = {run_id} AND check_id = 'T-LIC-EXPIRED'") ==
          [("critical",)], "profile raised the severity")
    check("grade C" in r[1], "a critical failure caps the grade at C: " + r[1])
    r = run("check", "--db", db, "--checklists", CHECKS, "--profile", prof, "--fail-on", "critical", "--as-of",
            "2025-08-02", "--lang", "en")
    expect_exit(r, 1, "critical finding with --fail-on critical")
    run_id = rows(db, "SELECT max(id) FROM runs")[0][0]
    check(rows(db, f"SELECT as_of, lang FROM runs WHERE id = {run_id}") == [("2025-08-02", "en")], "flags win over the profile")
    bad_prof = write(os.path.join(tmp, "bad.ini"), "include = area:licenses\nlang = fr\n")
    r = run("check", "--db", db, "--checklists", CHECKS, "--profile", bad_prof)
    expect_exit(r, 2, "malformed profile")
    check("bad.ini:2: lang 'fr' is not en or zh" in r[2], "profile error names file:line")

    # -- waivers: applied, expired ----------------------------------------------------------
    waivers = write(os.path.join(tmp, "waivers.csv"),
                    "check_id,subject,justification,approver,granted_on,expires_on\n"
                    "T-LIC-EXPIRED,L-1,Renewal filed,Li Wei,2025-01-01,2025-12-31\n"
                    "T-REPORT,,Old waiver,Li Wei,2024-01-01,2024-12-31\n")
    r = run("check", "--db", db, "--checklists", CHECKS, "--as-of", "2025-08-01", "--waivers", waivers)
    expect_exit(r, 0, "check with waivers")
    check("waivers.csv:3: warning: waiver of 'T-REPORT' (every finding) expired on 2024-12-31" in r[2],
          "expired waiver reported: " + r[2])
    check("1 waived" in r[1] and "waivers: 1 applied, 1 expired" in r[1], "waivers in the summary")
    run_id = rows(db, "SELECT max(id) FROM runs")[0][0]
    check(rows(db, f"SELECT status, original_status FROM results WHERE run_id = {run_id} AND check_id = 'T-LIC-EXPIRED'")
          == [("waived", "fail")], "waived result keeps the original status")
    check(rows(db, f"SELECT waived, waiver_reason FROM findings WHERE run_id = {run_id} AND check_id = 'T-LIC-EXPIRED'")
          == [(1, "Renewal filed")], "waived finding still listed, with the reason")
    check(rows(db, f"SELECT status FROM waiver_status WHERE run_id = {run_id} ORDER BY line") ==
          [("applied",), ("expired",)], "waiver status stored")
    bad_w = write(os.path.join(tmp, "bad.csv"), "check_id,subject,justification,approver,granted_on,expires_on\n"
                  "T-REPORT,,,Li Wei,2025-01-01,2025-12-31\n")
    r = run("check", "--db", db, "--checklists", CHECKS, "--waivers", bad_w)
    expect_exit(r, 2, "malformed waivers")
    check("bad.csv:2:" in r[2] and "'justification' is empty" in r[2], "waiver error names file:line")

    # -- a runaway check is an error; the run goes on ---------------------------------------
    before = rows(db, "SELECT count(*) FROM runs")[0][0]
    r = run("check", "--db", db, "--checklists", CHECKS, "--checklists", RUNAWAY, "--as-of", "2025-08-01",
            "--time-budget", "200")
    expect_exit(r, 0, "runaway check")
    check("runaway.sql:1: warning: check 'T-RUNAWAY': the query stopped after the time budget of 200 ms" in r[2],
          "runaway reported: " + r[2])
    check("1 errors" in r[1], "error counted in the summary")
    run_id = rows(db, "SELECT max(id) FROM runs")[0][0]
    check(run_id == before + 1, "the run was stored")
    check(rows(db, f"SELECT status FROM results WHERE run_id = {run_id} AND check_id = 'T-RUNAWAY'") == [("error",)],
          "runaway stored as error")
    check(rows(db, f"SELECT count(*) FROM results WHERE run_id = {run_id}")[0][0] == 7, "every other check ran")

    # -- a malicious or broken checklist is refused before anything runs -------------------
    evil = write(os.path.join(tmp, "evil.sql"),
                 "-- check: EVIL\n-- area: x\n-- severity: low\n-- title: T\n-- basis: B\n"
                 "DELETE FROM licenses;\n")
    before = rows(db, "SELECT count(*) FROM runs")[0][0]
    r = run("check", "--db", db, "--checklists", evil)
    expect_exit(r, 2, "write attempt refused")
    check("evil.sql:6: check 'EVIL': the query does not prepare: DELETE from 'licenses' is not allowed" in r[2],
          "refusal names file:line: " + r[2])
    check(rows(db, "SELECT count(*) FROM licenses")[0][0] == 2, "records untouched")
    check(rows(db, "SELECT count(*) FROM runs")[0][0] == before, "no run stored")
    for name, sql, message in [
        ("attach.sql", "ATTACH DATABASE 'x.db' AS x;", "ATTACH is not allowed"),
        ("pragma.sql", "PRAGMA journal_mode = DELETE;", "PRAGMA journal_mode is not allowed"),
        ("ext.sql", "SELECT load_extension('/tmp/x.so');", "function 'load_extension' is not allowed"),
        ("temp.sql", "CREATE TEMP TABLE t AS SELECT * FROM licenses;", "CREATE TEMP TABLE is not allowed"),
        ("insert.sql", "INSERT INTO licenses(src_file, src_line) VALUES (1, 1);", "INSERT into 'licenses'"),
        ("update.sql", "UPDATE licenses SET status = 'valid';", "UPDATE of 'licenses'"),
    ]:
        path = write(os.path.join(tmp, name), "-- check: X\n-- area: x\n-- severity: low\n-- title: T\n-- basis: B\n"
                     + sql + "\n")
        r = run("checklist", "lint", path)
        expect_exit(r, 2, f"lint {name}")
        check(f"{name}:6" in r[2] and message in r[2], f"lint {name} message: {r[2]}")

    # -- checklist lint, list, show ---------------------------------------------------------
    r = run("checklist", "lint", CHECKS)
    expect_exit(r, 0, "lint fixtures")
    check("8 checks in 2 files: ok" in r[1], "lint summary")
    typo = write(os.path.join(tmp, "typo.sql"), "-- check: A\n-- area: x\n-- severty: low\n-- title: T\n-- basis: B\nSELECT 1;\n")
    r = run("checklist", "lint", typo)
    expect_exit(r, 2, "lint a typo")
    check("typo.sql:3:4: unknown annotation 'severty' (did you mean 'severity'?)" in r[2], "typo message: " + r[2])
    for p in ("pre-entry.ini", "yearly.ini", "supplier.ini"):
        r = run("checklist", "lint", "--profile", os.path.join(PROFILES, p), CHECKS)
        expect_exit(r, 0, f"lint shipped profile {p}")
    r = run("checklist", "lint", "--waivers", waivers, CHECKS)
    expect_exit(r, 0, "lint waivers")
    check("2 waivers" in r[1], "waivers counted")

    r = run("checklist", "list", "--format", "json", CHECKS)
    expect_exit(r, 0, "list json")
    cat = json.loads(r[1])["checks"]
    check(len(cat) == 8, "8 check versions listed")
    first = cat[0]
    check(first["id"] == "T-LIC-EXPIRED" and first["severity"] == "high" and first["title_zh"] == "许可证已过期"
          and first["requires"] == ["licenses"] and first["tags"] == ["identity", "pre-entry"], "json fields")
    r = run("checklist", "list", "--format", "json", "--as-of", "2025-08-01", CHECKS)
    check(len(json.loads(r[1])["checks"]) == 6, "--as-of lists only the versions in force")
    r = run("checklist", "list", "--format", "md", CHECKS)
    expect_exit(r, 0, "list md")
    check(r[1].startswith("| ID | Severity |") and "| T-REPORT | high | annual_reports | 2025-07-01.. |" in r[1], "md table")
    r = run("checklist", "list", CHECKS)
    expect_exit(r, 0, "list text")
    check("8 checks" in r[1], "text list count")
    r = run("checklist", "list", "--format", "xml", CHECKS)
    expect_exit(r, 2, "bad --format")
    r = run("checklist", "show", "T-REPORT", CHECKS)
    expect_exit(r, 0, "show")
    check(r[1].count("-- check: T-REPORT") == 2 and "-- effective_to: 2025-06-30" in r[1] and "SELECT year AS subject" in r[1],
          "show prints both versions with their SQL")
    r = run("checklist", "show", "T-REPORT", "--as-of", "2025-07-01", CHECKS)
    check(r[1].count("-- check: T-REPORT") == 1 and "new rule" in r[1], "show --as-of picks the version in force")
    r = run("checklist", "show", "NOPE", CHECKS)
    expect_exit(r, 2, "show an unknown check")
    check("no check 'NOPE'" in r[2], "unknown check message")
    r = run("checklist", "frobnicate")
    expect_exit(r, 2, "unknown action")

    # -- diff -------------------------------------------------------------------------------
    db2 = os.path.join(tmp, "diff.db")
    open(db2, "w").close()
    run("check", "--db", db2, "--checklists", CHECKS)
    populate(db2)
    r = run("diff", "--db", db2)
    expect_exit(r, 2, "diff without runs")
    expect_exit(run("check", "--db", db2, "--checklists", CHECKS, "--as-of", "2025-08-01"), 0, "first run")
    r = run("diff", "--db", db2)
    expect_exit(r, 2, "diff with one run")
    check("only complete run" in r[2], "one run message")
    c = sqlite3.connect(db2)
    c.executescript("UPDATE licenses SET expires_on = '2027-01-01' WHERE license_no = 'L-1';"
                    "UPDATE licenses SET status = 'revoked' WHERE license_no = 'L-2';")
    c.commit()
    c.close()
    expect_exit(run("check", "--db", db2, "--checklists", CHECKS, "--as-of", "2025-08-01"), 0, "second run")
    r = run("diff", "--db", db2)
    expect_exit(r, 0, "diff")
    check("findings: 1 new, 1 resolved, 1 unchanged" in r[1], "diff counts: " + r[1])
    check("+ critical T-LIC-REVOKED    L-2" in r[1] and "- high     T-LIC-EXPIRED    L-1" in r[1], "diff lines")
    r = run("diff", "--db", db2, "--format", "json", "2", "1")
    expect_exit(r, 0, "diff json, reversed")
    d = json.loads(r[1])
    check(d["counts"] == {"new": 1, "resolved": 1, "unchanged": 1}, "json counts")
    check(any(f["change"] == "new" and f["check_id"] == "T-LIC-EXPIRED" for f in d["findings"]), "reversed runs swap new and resolved")
    expect_exit(run("diff", "--db", db2, "1"), 2, "diff with one run id")
    expect_exit(run("diff", "--db", db2, "1", "9"), 2, "diff with an unknown run")
    expect_exit(run("diff", "--db", db2, "1", "x"), 2, "diff with a bad run id")

finish()
