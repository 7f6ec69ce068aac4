"""The words people write, through the real import: the phrasing corpus (company types as printed
on business licences, court and enforcement states, list titles, penalty kinds, licence states,
roles), an unrecognised company type that keeps the entity row, an unknown court state that keeps
the case and its dates, list exports named only by their file names, and --vocab."""
import csv
import json
import os
import re
import shutil
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(__file__))
from clitest import EXAMPLE, FIXTURES, SRCDIR, check, expect_exit, finish, run, tempdir  # noqa: E402

AS_OF = "2026-09-30"
CORPUS = os.path.join(FIXTURES, "vocabulary", "corpus.tsv")
ENTITY_HEADER = ["name", "uscc", "entity_type"]
ENTITY_ROW = ["艾克美贸易（上海）有限公司", "91310115MA1K4A1B2H"]

# per record type: the columns written (the required ones, then the corpus column), and filler values
LAYOUT = {
    "court_cases": (["case_no"], lambda i: ["（2025）沪0115民初%d号" % i]),
    "list_entries": (["name"], lambda i: ["某某公司%d" % i]),
    "list_status": (["subject"], lambda i: ["entity"]),
    "penalties": (["decision_no", "decided_on"], lambda i: ["沪市监处〔2025〕%d号" % i, "2025-06-12"]),
    "licenses": (["license_type", "license_no"], lambda i: ["营业执照", "L%d" % i]),
    "partners": (["name"], lambda i: ["伙伴%d" % i]),
}


def write_csv(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def query(db, sql, *args):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def read_corpus():
    rows = []
    with open(CORPUS, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            rows.append(line.rstrip("\n").split("\t"))
    return rows


def test_corpus():
    corpus = read_corpus()
    check(len(corpus) >= 60, f"the corpus has at least 60 phrasings ({len(corpus)})")
    kinds = {(r[0], r[1]) for r in corpus}
    for want in [("entity", "entity_type"), ("court_cases", "status"), ("list_entries", "list"),
                 ("penalties", "penalty_type"), ("licenses", "status"), ("partners", "role")]:
        check(want in kinds, f"the corpus covers {want}")
    with tempdir() as tmp:
        # everything but the entity in one pack: one row per phrasing, its line remembered
        pack = os.path.join(tmp, "pack")
        write_csv(os.path.join(pack, "entity.csv"), ENTITY_HEADER, [ENTITY_ROW + ["enterprise"]])
        by_type = {}
        for rt, col, phrase, want in corpus:
            if rt != "entity":
                by_type.setdefault(rt, []).append((col, phrase, want))
        expected = []
        for rt, items in by_type.items():
            required, filler = LAYOUT[rt]
            cols = sorted({c for c, _, _ in items})
            rows = []
            for i, (col, phrase, want) in enumerate(items):
                rows.append(filler(i) + [phrase if c == col else "" for c in cols])
                expected.append((rt, col, i + 2, phrase, want))
            name = os.path.join("lists", "corpus.csv") if rt == "list_entries" else rt + ".csv"
            write_csv(os.path.join(pack, name), required + cols, rows)
        db = os.path.join(tmp, "a.db")
        r = run("import", pack, "--db", db)
        expect_exit(r, 0, "importing the corpus pack")
        for rt, col, line, phrase, want in expected:
            got = query(db, f"SELECT {col} FROM {rt} WHERE src_line = ?", line)
            check(got == [(want,)], f"{rt}.{col} {phrase!r}: expected {want!r}, read {got}")
        check(query(db, "SELECT count(*) FROM unknown_values") == [(0,)],
              "no phrasing of the corpus is unknown: " + repr(query(db, "SELECT raw, reason FROM unknown_values")))
        # company types: one entity row per pack
        for rt, col, phrase, want in corpus:
            if rt != "entity":
                continue
            one = os.path.join(tmp, "entity-pack")
            shutil.rmtree(one, ignore_errors=True)
            write_csv(os.path.join(one, "entity.csv"), ENTITY_HEADER, [ENTITY_ROW + [phrase]])
            r = run("import", one, "--db", db)
            got = query(db, "SELECT entity_type FROM entity")
            check(r[0] == 0 and got == [(want,)], f"entity_type {phrase!r}: expected {want!r}, read {got} ({r[2]})")


def entity_type_checks():
    """The checks whose SQL reads entity_type (they may change with it)."""
    ids = set()
    for name in os.listdir(os.path.join(SRCDIR, "checklists")):
        if not name.endswith(".sql"):
            continue
        with open(os.path.join(SRCDIR, "checklists", name), encoding="utf-8") as f:
            for block in re.split(r"\n(?=-- check: )", f.read()):
                m = re.match(r"-- check: (\S+)", block)
                if m and "entity_type" in block:
                    ids.add(m.group(1))
    return ids


def audit_json(pack, tmp, tag, *extra):
    js = os.path.join(tmp, tag + ".json")
    db = os.path.join(tmp, tag + ".db")
    r = run("audit", pack, "--as-of", AS_OF, "--json", js, "--db", db, *extra)
    expect_exit(r, 0, f"audit ({tag})")
    with open(js, encoding="utf-8") as f:
        return json.load(f), db, r


def test_unknown_company_type_keeps_the_entity():
    with tempdir() as tmp:
        pack = os.path.join(tmp, "pack")
        shutil.copytree(EXAMPLE, pack)
        path = os.path.join(pack, "entity.csv")
        with open(path, encoding="utf-8") as f:
            rows = list(csv.reader(f))
        col = rows[0].index("entity_type")
        rows[1][col] = "某某新型市场主体"
        write_csv(path, rows[0], rows[1:])
        base, _, _ = audit_json(EXAMPLE, tmp, "base")
        doc, db, r = audit_json(pack, tmp, "odd")
        check(re.search(r"entity\.csv:2:\d+: warning: 'entity_type' is not a word of entity_type", r[2]),
              "the unknown company type is reported with file:line:column: " + r[2])
        check(doc["entity"]["name"] == "艾克美贸易（上海）有限公司" and doc["entity"]["uscc"] == "91310115MA1K4A1B2H",
              f"the entity row is kept: {doc['entity']}")
        check(doc["entity"].get("entity_type") is None, "its type is unknown, not guessed")
        check(query(db, "SELECT record_table, column_name, raw FROM unknown_values")
              == [("entity", "entity_type", "某某新型市场主体")], "the value as given is kept")
        skip = entity_type_checks()
        check(skip, "some check reads entity_type")
        before = {c["check_id"]: c["status"] for c in base["checks"]}
        after = {c["check_id"]: c["status"] for c in doc["checks"]}
        for cid, st in before.items():
            if cid not in skip:
                check(after.get(cid) == st, f"{cid} needs no entity_type and still reads {st}: {after.get(cid)}")


def test_legal_form_against_the_code():
    """ID-002 compares every legal form of enterprise with the code's type 1."""
    with tempdir() as tmp:
        results = {}
        for tag, uscc, form in [("llc-1", "91310115MA1K4A1B2H", "有限责任公司（自然人独资）"),
                                ("llc-2", "92440300L12345674D", "有限责任公司（自然人独资）"),
                                ("jsc-2", "92440300L12345674D", "股份有限公司（非上市、自然人投资或控股）"),
                                ("trader-2", "92440300L12345674D", "个体工商户")]:
            pack = os.path.join(tmp, tag)
            write_csv(os.path.join(pack, "entity.csv"), ENTITY_HEADER, [[ENTITY_ROW[0], uscc, form]])
            doc, _, _ = audit_json(pack, tmp, tag)
            results[tag] = {c["check_id"]: c["status"] for c in doc["checks"]}.get("ID-002")
        check(results == {"llc-1": "pass", "llc-2": "fail", "jsc-2": "fail", "trader-2": "pass"},
              f"ID-002 reads the legal forms: {results}")


def test_lists_named_without_their_rules_are_reported():
    """A list of its own value (限制消费人员, ...) is reported as BL-007 reports lists recorded as other."""
    with tempdir() as tmp:
        pack = os.path.join(tmp, "pack")
        write_csv(os.path.join(pack, "entity.csv"), ENTITY_HEADER, [ENTITY_ROW + ["企业"]])
        write_csv(os.path.join(pack, "list_status.csv"), ["list", "subject", "listed_on"],
                  [["限制消费人员", "entity", "2026-03-01"], ["统计严重失信企业", "entity", "2026-04-01"],
                   ["某某行业黑榜", "entity", "2026-05-01"]])
        doc, db, r = audit_json(pack, tmp, "other-lists")
        check(query(db, "SELECT list FROM list_status ORDER BY src_line")
              == [("consumption_restriction",), ("statistics_dishonesty",), ("other",)], "the lists are read")
        subjects = sorted(f["subject"] for f in doc["findings"] if f["check_id"] == "BL-007")
        check(subjects == ["consumption restriction since 2026-03-01", "other list since 2026-05-01",
                           "statistics dishonesty since 2026-04-01"], f"BL-007 reports each: {subjects}")


def test_unknown_court_state_keeps_the_case():
    with tempdir() as tmp:
        pack = os.path.join(tmp, "pack")
        shutil.copytree(EXAMPLE, pack)
        write_csv(os.path.join(pack, "court_cases.csv"),
                  ["case_no", "court", "role", "amount", "judgment_on", "performance_due_on", "performed_on", "status"],
                  [["（2025）沪0115民初28731号", "上海市浦东新区人民法院", "被告", "186,000", "2026-04-10", "2026-05-10", "",
                    "二审维持原判"]])
        doc, db, r = audit_json(pack, tmp, "court")
        check(query(db, "SELECT case_no, role, amount, judgment_on, performance_due_on, status FROM court_cases")
              == [("（2025）沪0115民初28731号", "defendant", 18600000, "2026-04-10", "2026-05-10", None)],
              "the case is stored with its dates, its state unknown")
        got = query(db, "SELECT column_name, raw, line, col > 0 FROM unknown_values WHERE record_table = 'court_cases'")
        check(got == [("status", "二审维持原判", 2, 1)], f"the state as given is kept with its place: {got}")
        check(any(f["check_id"] == "CRT-001" for f in doc["findings"]),
              "the judgment unperformed by its date is still reported")


def test_list_files_named_by_their_names():
    with tempdir() as tmp:
        pack = os.path.join(tmp, "pack")
        shutil.copytree(EXAMPLE, pack)
        lists = os.path.join(pack, "lists")
        shutil.rmtree(lists)
        # the export of a list, as downloaded: its title only in the file name
        write_csv(os.path.join(lists, "失信被执行人.csv"), ["名称", "统一社会信用代码"],
                  [["华东电子元件有限公司", "913100001322123470"]])
        write_csv(os.path.join(lists, "serious-illegal-2026-11.csv"), ["name", "uscc", "listed_on"],
                  [["苏州明远精密机械有限公司", "91320500MA1MXY7KXP", "2026-08-01"]])
        write_csv(os.path.join(lists, "经营异常名录_导出_20261101.csv"), ["名称", "列入日期"],
                  [["某某商贸有限公司", "2026-07-01"]])
        write_csv(os.path.join(lists, "客户风险筛查2026.csv"), ["name"], [["深圳市某某供应链有限公司"]])
        # workbooks: a default sheet named by the file, a sheet named by its list
        import openpyxl
        for fname, sheet, name in [("拖欠农民工工资失信联合惩戒对象名单（2026年第3批）.xlsx", "Sheet1", "某某物流有限公司"),
                                   ("export.xlsx", "重大税收违法失信主体", "某某化工有限公司")]:
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = sheet
            ws.append(["名称", "统一社会信用代码"])
            ws.append([name, ""])
            wb.save(os.path.join(lists, fname))
        doc, db, r = audit_json(pack, tmp, "lists")
        got = query(db, "SELECT s.path, l.list, l.name FROM list_entries l JOIN source_files s ON s.id = l.src_file"
                        " ORDER BY s.path")
        check(sorted(got) == sorted([
            ("lists/失信被执行人.csv", "judgment_defaulter", "华东电子元件有限公司"),
            ("lists/serious-illegal-2026-11.csv", "serious_illegal", "苏州明远精密机械有限公司"),
            ("lists/经营异常名录_导出_20261101.csv", "abnormal_operations", "某某商贸有限公司"),
            ("lists/客户风险筛查2026.csv", "other", "深圳市某某供应链有限公司"),
            ("lists/拖欠农民工工资失信联合惩戒对象名单（2026年第3批）.xlsx[Sheet1]", "wage_arrears", "某某物流有限公司"),
            ("lists/export.xlsx[重大税收违法失信主体]", "major_tax_violation", "某某化工有限公司")]),
              f"lists named by their files: {got}")
        check("names no known list: the entries are kept as list 'other'" in r[2], "an unknown name is said: " + r[2])
        issues = query(db, "SELECT value FROM data_issues WHERE column_name = 'list' AND level = 'warning'")
        check(("客户风险筛查2026",) in issues and ("失信被执行人",) in issues, f"the names are kept: {issues}")
        # and screened under those names
        listed = {p["name"]: p for p in doc["partners"]["list"]}
        hd = listed.get("华东电子元件有限公司", {})
        check(hd.get("status") == "listed", f"a partner on a list named by its file is listed: {hd}")


def test_user_vocabulary():
    with tempdir() as tmp:
        pack = os.path.join(tmp, "pack")
        shutil.copytree(EXAMPLE, pack)
        write_csv(os.path.join(pack, "court_cases.csv"), ["case_no", "status"], [["（2025）沪0115民初1号", "二审维持原判"]])
        voc = os.path.join(tmp, "ours.tsv")
        with open(voc, "w", encoding="utf-8") as f:
            f.write("# our ledger's words\ncase_status\tjudged\t二审维持原判\n")
        db = os.path.join(tmp, "a.db")
        expect_exit(run("import", pack, "--db", db, "--vocab", voc), 0, "import --vocab")
        check(query(db, "SELECT status FROM court_cases") == [("judged",)], "a user's word is read")
        with open(voc, "a", encoding="utf-8") as f:
            f.write("case_status\tsettled_out_of_court\t庭外和解\n")
        r = run("import", pack, "--db", db, "--vocab", voc)
        expect_exit(r, 2, "a vocabulary file naming a value the checks do not know")
        check("ours.tsv:3:13: 'settled_out_of_court' is not a value of case_status" in r[2], r[2])
        r = run("import", pack, "--db", db, "--vocab", os.path.join(tmp, "missing.tsv"))
        expect_exit(r, 2, "a missing vocabulary file")


test_corpus()
test_unknown_company_type_keeps_the_entity()
test_legal_form_against_the_code()
test_lists_named_without_their_rules_are_reported()
test_unknown_court_state_keeps_the_case()
test_list_files_named_by_their_names()
test_user_vocabulary()
finish()
