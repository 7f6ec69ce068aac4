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


def sheet_rows(path, name):
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = [list(r) for r in wb[name].iter_rows(values_only=True)]
    wb.close()
    return rows


def copy_pack(src, dst):
    import shutil
    shutil.copytree(src, dst)
    return dst


def test_list_not_read_whole(tmp):
    """A list with a row that could not be read leaves every unmatched partner not screened, never clear."""
    pack = os.path.join(HERE, "unread-list")
    out, book = os.path.join(tmp, "list.json"), os.path.join(tmp, "list.xlsx")
    expect_exit(run("audit", pack, "-o", book, "--json", out, "--as-of", AS_OF), 0, "audit with a list row rejected")
    with open(out, encoding="utf-8") as f:
        doc = json.load(f)
    partners = doc["partners"]
    status = {p["name"]: p["status"] for p in partners["list"]}
    check(status.get("深圳市前海恒通供应链管理有限公司") == "listed", f"the match stays listed: {status}")
    check("clear" not in status.values(), f"no partner is clear when a list was not read whole: {status}")
    check(status.get("无锡华光电子材料有限公司") == "not_screened", f"an unmatched partner is not screened: {status}")
    check(partners["by_status"]["clear"]["partners"] == 0 and partners["by_status"]["not_screened"]["partners"] >= 2,
          f"JSON counts: {partners['by_status']}")
    reason = partners.get("lists_incomplete") or ""
    check("lists/serious_illegal.csv" in reason and "unknown listed_on" in reason, f"the reason names the list file: {reason}")
    for p in partners["list"]:
        if p["status"] == "not_screened":
            why = p["not_screened_reason"] or ""
            check("serious_illegal.csv" in why or (not p["name"] and "no name or credit code" in why),
                  f"each partner says why: {p}")
    checks = {c["check_id"]: c for c in doc["checks"]}
    for cid in ("PRT-003", "PRT-004"):
        # insufficient_data, or fail on the partners it could judge; never pass, and the reason names the others
        check(checks[cid]["status"] in ("insufficient_data", "fail") and
              "无锡华光电子材料有限公司" in (checks[cid]["reason"] or ""),
              f"{cid} cannot pass on partners not screened: {checks[cid]}")
    # the audit workbook: Partners sheet and the Summary's partner block
    rows = sheet_rows(book, "Partners")
    head = rows[0]
    col = head.index("Screening")
    shown = {r[0]: r[col] for r in rows[1:] if r[0]}
    check("clear" not in shown.values(), f"Partners sheet shows no clear partner: {shown}")
    check(shown.get("无锡华光电子材料有限公司") == "not screened", f"Partners sheet: {shown}")
    summary = [c for r in sheet_rows(book, "Summary") for c in r if isinstance(c, str)]
    check(any("serious_illegal.csv" in c for c in summary), "the Summary says which list was not read whole")
    # the screening command: console, workbook and JSON
    sbook, sjson = os.path.join(tmp, "screen.xlsx"), os.path.join(tmp, "screen.json")
    r = run("screen", os.path.join(pack, "partners.csv"), "--lists", os.path.join(pack, "lists"), "-o", sbook,
            "--json", sjson, "--as-of", AS_OF)
    expect_exit(r, 0, "screen with a list row rejected")
    check("0 clear" in r[1] and "not screened" in r[1], f"screen console: {r[1]}")
    with open(sjson, encoding="utf-8") as f:
        sdoc = json.load(f)
    check(sdoc["screening"]["partners_not_screened"] == 2 and len(sdoc["partners_not_screened"]) == 2,
          f"screening JSON: {sdoc['screening']}")
    srows = sheet_rows(sbook, "Partners")
    scol = srows[0].index("Status")
    check([r[scol] for r in srows[1:]].count("clear") == 0, f"screening workbook shows no clear partner: {srows}")


def test_lists_read_whole(tmp):
    """The same partners against lists read whole are clear: the rule above is about the list, not the partner."""
    pack = copy_pack(os.path.join(HERE, "unread-list"), os.path.join(tmp, "whole"))
    path = os.path.join(pack, "lists", "serious_illegal.csv")
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(l.replace("2026-02-30", "2026-02-28") for l in lines) + "\n")
    # a partner whose name is a placeholder and who has no code cannot be screened
    ppath = os.path.join(pack, "partners.csv")
    with open(ppath, encoding="utf-8") as f:
        ptext = f.read().replace("\n,,CN,supplier", "\n-,,CN,supplier")
    with open(ppath, "w", encoding="utf-8") as f:
        f.write(ptext)
    out = os.path.join(tmp, "whole.json")
    expect_exit(run("audit", pack, "-o", os.path.join(tmp, "whole.xlsx"), "--json", out, "--as-of", AS_OF), 0,
                "audit with lists read whole")
    with open(out, encoding="utf-8") as f:
        partners = json.load(f)["partners"]
    status = {p["name"]: p["status"] for p in partners["list"]}
    for p in partners["list"]:
        if p["name"] in ("-", None, ""):  # kept by the importer: never clear
            check(p["status"] == "not_screened" and "no name or credit code" in (p["not_screened_reason"] or ""),
                  f"a partner without name or code is not screened: {p}")
    check(status.get("无锡华光电子材料有限公司") == "clear", f"a partner screened against whole lists is clear: {status}")
    check(partners.get("lists_incomplete") is None, f"no reason when the lists were read whole: {partners}")


def test_list_unknown_value(tmp):
    """A list row with an unknown value in a column matching uses (listed_on) leaves partners not screened."""
    pack = copy_pack(os.path.join(HERE, "unread-list"), os.path.join(tmp, "unknown-list"))
    path = os.path.join(pack, "lists", "serious_illegal.csv")
    with open(path, encoding="utf-8") as f:
        text = f.read().replace("2026-02-30", "2026-02-28")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    db = os.path.join(tmp, "unknown-list.db")
    expect_exit(run("import", pack, "--db", db), 0, "import for the unknown list value")
    make_unknown(db, "list_entries", 3, "listed_on", "2026年2月30日", "no such day")
    sjson = os.path.join(tmp, "unknown-list.json")
    r = run("screen", os.path.join(pack, "partners.csv"), "--db", db, "-o", os.path.join(tmp, "ul.xlsx"),
            "--json", sjson, "--as-of", AS_OF)
    expect_exit(r, 0, "screen against a list with an unknown date")
    with open(sjson, encoding="utf-8") as f:
        sdoc = json.load(f)
    names = [p["name"] for p in sdoc["partners_not_screened"]]
    check("无锡华光电子材料有限公司" in names, f"not screened on an unknown list date: {sdoc['partners_not_screened']}")
    check("listed_on" in (sdoc["screening"]["lists_incomplete"] or ""), f"the reason names the column: {sdoc['screening']}")


def test_provisional_grade(tmp):
    """An entity row with an unknown company type makes the grade provisional, with why, in every output."""
    pack = os.path.join(HERE, "unknown-entity")
    db = os.path.join(tmp, "entity.db")
    expect_exit(run("import", pack, "--db", db), 0, "import the unknown-entity pack")
    make_unknown(db, "entity", 2, "entity_type", "有限责任公司（外商投资、非独资）")
    r = run("check", "--db", db, "--as-of", AS_OF)
    expect_exit(r, 0, "check with an unknown company type")
    check("grade provisional: the audited entity is unknown" in r[1], f"check console: {r[1]}")
    out, book = os.path.join(tmp, "entity.json"), os.path.join(tmp, "entity.xlsx")
    expect_exit(run("report", "--db", db, "-o", book, "--json", out), 0, "report of the provisional run")
    with open(out, encoding="utf-8") as f:
        doc = json.load(f)
    check(doc["grade"] in ("A", "B", "C", "D"), f"the grade keeps its meaning: {doc['grade']}")
    check(doc["grade_provisional"] is True, f"grade_provisional: {doc['grade_provisional']}")
    reasons = doc["grade_provisional_reasons"]
    check(any("entity_type" in x and "有限责任公司（外商投资、非独资）" in x for x in reasons),
          f"the reason names the column and the value as given: {reasons}")
    rec = doc["coverage"]["records"]
    check(rec["rows_with_unknown_values"] == 1 and rec["rows_kept"] == 3, f"coverage records: {rec}")
    summary = sheet_rows(book, "Summary")
    cells = [c for r in summary[:12] for c in r if isinstance(c, str)]
    check(f"{doc['grade']} provisional" in cells, f"the KPI band shows the grade as provisional: {cells}")
    check(any("entity_type" in c for c in cells), f"the KPI band says why: {cells}")
    check(any("applicable checks evaluated" in c for c in cells), f"the KPI band shows the coverage: {cells}")
    c = sqlite3.connect(db)
    (stored,) = c.execute("SELECT grade_provisional FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    c.close()
    codes = [r["code"] for r in json.loads(stored or "[]")]
    check("entity_unknown" in codes, f"runs.grade_provisional holds the reasons with their codes: {stored}")
    # the Chinese workbook words the reasons in Chinese
    zh = os.path.join(tmp, "entity-zh.xlsx")
    expect_exit(run("report", "--db", db, "-o", zh, "--lang", "zh"), 0, "report in Chinese")
    zcells = [c for r in sheet_rows(zh, "概要")[:12] for c in r if isinstance(c, str)]
    check(f"{doc['grade']}（暂定）" in zcells, f"zh KPI band: {zcells}")
    check(any("以下信息未知：entity_type" in c for c in zcells), f"zh reasons: {zcells}")


def test_plain_grade(tmp):
    """The example pack (entity known, every check evaluated) keeps a plain grade, and audit shows its coverage."""
    from clitest import EXAMPLE
    out = os.path.join(tmp, "example.json")
    r = run("audit", EXAMPLE, "-o", os.path.join(tmp, "example.xlsx"), "--json", out, "--as-of", AS_OF)
    expect_exit(r, 0, "audit of the example")
    with open(out, encoding="utf-8") as f:
        doc = json.load(f)
    check(doc["grade_provisional"] is False and doc["grade_provisional_reasons"] == [],
          f"a plain grade: {doc['grade_provisional_reasons']}")
    check("applicable checks evaluated" in r[1] and "rows kept" in r[1] and "partners screened" in r[1],
          f"audit console coverage: {r[1]}")
    check("provisional" not in r[1], f"no provisional grade: {r[1]}")


def test_strict(tmp):
    """--strict: any rejected, flagged, unknown or unreadable value, row or file is exit 2; a clean pack is 0."""
    unread = os.path.join(HERE, "unread-list")
    book = os.path.join(tmp, "strict.xlsx")
    r = run("audit", unread, "-o", book, "--as-of", AS_OF, "--strict")
    expect_exit(r, 2, "audit --strict with rejected rows")
    check("--strict: the import recorded 0 rejected rows, 0 flagged values, 2 unknown values" in r[2],
          f"audit --strict message: {r[2]}")
    check("bad input" not in r[2], f"--strict's message is the only error: {r[2]}")
    check(not os.path.exists(book), "audit --strict writes nothing")
    expect_exit(run("audit", unread, "-o", book, "--as-of", AS_OF), 0, "the same audit without --strict")
    r = run("import", unread, "--strict")
    expect_exit(r, 2, "import --strict with rejected rows")
    clean = os.path.join(HERE, "unknown-columns")
    expect_exit(run("import", clean, "--strict"), 0, "import --strict on a clean pack")
    expect_exit(run("audit", clean, "-o", os.path.join(tmp, "clean.xlsx"), "--as-of", AS_OF, "--strict"), 0,
                "audit --strict on a clean pack")


def test_rejected_row(tmp):
    """A court case whose row could not be read (a date that does not exist) never lets CRT-001 pass."""
    pack = os.path.join(HERE, "rejected-row")
    out = os.path.join(tmp, "rejected.json")
    expect_exit(run("audit", pack, "-o", os.path.join(tmp, "rejected.xlsx"), "--json", out, "--as-of", AS_OF), 0,
                "audit with an unreadable court row")
    crt = checks_of(out)["CRT-001"]
    check(crt["status"] != "pass", f"CRT-001 does not pass on a court case it could not read: {crt}")
    # the row is kept with its impossible date unknown: CRT-001 reports it (a finding) or names it (its reason)
    with open(out, encoding="utf-8") as f:
        findings = [x for x in json.load(f)["findings"] if x["check_id"] == "CRT-001"]
    check("court_cases.csv" in (crt["reason"] or "") or
          any("court_cases.csv" in json.dumps(x, ensure_ascii=False) for x in findings),
          f"CRT-001 names the file: {crt} {findings}")


with tempdir() as tmp:
    test_unknown_columns(tmp)
    test_unreadable_source(tmp)
    test_rejected_row(tmp)
    test_list_not_read_whole(tmp)
    test_lists_read_whole(tmp)
    test_list_unknown_value(tmp)
    test_provisional_grade(tmp)
    test_plain_grade(tmp)
    test_strict(tmp)
finish()
