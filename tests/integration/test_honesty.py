"""Never "clear" on data that was not read: checks with unknown values or unreadable sources,
partners screened against lists that were not read whole, a provisional grade, --strict.

The importer is being taught to keep a row whose value cannot be typed (its column NULL, the
value in unknown_values); until then these tests make such rows the way it will: import, then
set the column NULL and record the value as given."""
import json
import os
import sqlite3

from clitest import run, check, expect_exit, finish, tempdir, FIXTURES

HERE = os.path.join(FIXTURES, "honesty")
AS_OF = "2026-11-30"


def make_unknown(db, table, line, column, raw, reason="not an accepted word"):
    """Turn the value of column in the row of table from source line `line` into an unknown value."""
    c = sqlite3.connect(db)
    rid, src_file, import_id = c.execute(
        f"SELECT r.id, r.src_file, f.import_id FROM {table} r JOIN source_files f ON f.id = r.src_file"
        " WHERE r.src_line = ?", (line,)).fetchone()
    c.execute(f"UPDATE {table} SET {column} = NULL WHERE id = ?", (rid,))
    c.execute("INSERT INTO unknown_values(import_id, record_table, record_id, column_name, src_file, line, col,"
              " raw, reason) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
              (import_id, table, rid, column, src_file, line, raw, reason))
    c.execute("INSERT INTO data_issues(import_id, src_file, line, col, column_name, value, level, reason)"
              " VALUES (?, ?, ?, 1, ?, ?, 'unknown', ?)", (import_id, src_file, line, column, raw, reason))
    c.commit()
    c.close()


def make_unreadable(db, path, record_type):
    """Record a source of record_type in the latest import whose header could not be found."""
    c = sqlite3.connect(db)
    (import_id,) = c.execute("SELECT max(id) FROM imports").fetchone()
    c.execute("INSERT INTO source_files(import_id, path, record_type, size, sha256, state)"
              " VALUES (?, ?, ?, 10, 'x', 'unreadable')", (import_id, path, record_type))
    (sf,) = c.execute("SELECT last_insert_rowid()").fetchone()
    c.execute("INSERT INTO data_issues(import_id, src_file, line, level, reason)"
              " VALUES (?, ?, 1, 'unreadable', 'no header row naming the required columns')", (import_id, sf))
    c.commit()
    c.close()


def checks_of(path):
    with open(path, encoding="utf-8") as f:
        return {c["check_id"]: c for c in json.load(f)["checks"]}


def test_unknown_columns(tmp):
    """An unknown needed value never passes; findings for the other rows still come out."""
    pack = os.path.join(HERE, "unknown-columns")
    db = os.path.join(tmp, "unknown.db")
    out = os.path.join(tmp, "unknown.json")
    expect_exit(run("import", pack, "--db", db), 0, "import the unknown-columns pack")
    # the first case is not performed: its unknown state must not hide it
    make_unknown(db, "court_cases", 2, "status", "已生效")
    make_unknown(db, "court_cases", 3, "status", "执行完毕")
    make_unknown(db, "licenses", 3, "status", "正常")
    expect_exit(run("check", "--db", db, "--as-of", AS_OF, "--json", out), 0, "check with unknown values")
    checks = checks_of(out)
    crt = checks["CRT-001"]
    check(crt["status"] == "fail" and crt["n_findings"] == 1,
          f"CRT-001 still finds the unperformed judgment from its dates: {crt}")
    check(crt["rows_not_judged"] == 1 and "court_cases.csv:3" in (crt["reason"] or "")
          and "执行完毕" in crt["reason"], f"CRT-001 names the row it could not judge: {crt}")
    check("court_cases.csv:2" not in (crt["reason"] or ""),
          f"the row a finding covers is not listed as unjudged: {crt}")
    # ID-006 filters on the licence status alone: an unknown status is never a pass
    lic = checks["ID-006"]
    check(lic["status"] == "insufficient_data", f"ID-006 on an unknown licence status: {lic}")
    check("licenses.csv:3" in (lic["reason"] or "") and "status '正常'" in lic["reason"],
          f"ID-006 names file:line, column and the value as given: {lic}")
    check(lic["rows_not_judged"] == 1, f"ID-006 counts the row: {lic}")
    # checks that read no unknown column are untouched
    check(checks["ID-001"]["status"] == "pass", f"ID-001 reads no unknown column: {checks['ID-001']}")
    c = sqlite3.connect(db)
    stored = c.execute("SELECT status, n_unjudged FROM results WHERE check_id = 'ID-006'"
                       " AND run_id = (SELECT max(id) FROM runs)").fetchone()
    c.close()
    check(stored == ("insufficient_data", 1), f"results row of ID-006: {stored}")


def test_unreadable_source(tmp):
    """A record type with a source that was not read is not judged, even when another source gave rows."""
    pack = os.path.join(HERE, "unknown-columns")
    db = os.path.join(tmp, "unreadable.db")
    out = os.path.join(tmp, "unreadable.json")
    expect_exit(run("import", pack, "--db", db), 0, "import for the unreadable source")
    make_unreadable(db, "台账.xlsx[许可证]", "licenses")
    expect_exit(run("check", "--db", db, "--as-of", AS_OF, "--json", out), 0, "check with an unreadable source")
    checks = checks_of(out)
    lic = checks["ID-006"]
    check(lic["status"] == "insufficient_data" and "台账.xlsx[许可证]" in (lic["reason"] or ""),
          f"ID-006 names the unreadable licence source: {lic}")
    check(checks["ID-001"]["status"] == "pass", f"ID-001 reads no licence: {checks['ID-001']}")


with tempdir() as tmp:
    test_unknown_columns(tmp)
    test_unreadable_source(tmp)
finish()
