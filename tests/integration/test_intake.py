"""Record intake end to end: `cscs-audit import` and `cscs-audit template` on the fixtures in
tests/fixtures/intake/, read back with the sqlite3 module; and the intake.xlsx round trip
(template -> filled with openpyxl -> import)."""
import datetime
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

import openpyxl

BIN = os.environ["CSCS_AUDIT"]
WRAPPER = os.environ.get("CSCS_AUDIT_WRAPPER", "").split()  # valgrind in scripts/test
SRC = os.environ["CSCS_SRCDIR"]
FIX = os.path.join(SRC, "tests", "fixtures", "intake")


def run(*args):
    p = subprocess.run(WRAPPER + [BIN] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return p.returncode, p.stdout, p.stderr


class Case(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="cscs-intake-")
        self.db = os.path.join(self.tmp, "audit.db")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def query(self, sql, *params):
        con = sqlite3.connect(self.db)
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    def import_ok(self, pack, *extra):
        rc, out, err = run("import", pack, "--db", self.db, *extra)
        self.assertEqual(rc, 0, err)
        return out, err

    def import_fails(self, pack, *extra):
        rc, out, err = run("import", pack, "--db", self.db, *extra)
        self.assertEqual(rc, 2, out + err)
        return err


class GoodPack(Case):
    def setUp(self):
        super().setUp()
        self.out, self.err = self.import_ok(os.path.join(FIX, "good"))

    def test_summary(self):
        self.assertIn("10 files, 25 rows, 0 unknown values, 1 flagged, 2 list entries", self.out)
        self.assertIn("README.txt: warning: matches no record type", self.err)

    def test_every_date_form(self):
        rows = self.query("SELECT license_no, expires_on, issued_on FROM licenses ORDER BY license_no")
        self.assertEqual(rows[0], ("L1", "2026-02-28", "2021-03-01"))
        for no, expires, issued in rows[1:]:
            self.assertEqual((expires, issued), ("2026-03-01", "2021-03-01"), no)

    def test_chinese_headers_in_any_order_and_enums(self):
        rows = dict(self.query("SELECT license_no, status FROM licenses"))
        self.assertEqual(rows, {"L1": "valid", "L2": "valid", "L3": "suspended", "L4": "valid",
                                "L5": "expired", "L6": "valid"})

    def test_every_amount_form_in_fen(self):
        rows = dict((t, (d, p)) for t, d, p in self.query("SELECT tax_type, tax_due, tax_paid FROM tax_filings"))
        self.assertEqual(rows["VAT"], (123450, 123450))
        self.assertEqual(rows["CIT"], (123400, 123400))
        self.assertEqual(rows["stamp"], (123400, 123400))
        self.assertEqual(rows["property"], (12500000, 12500000))
        self.assertEqual(rows["refund"], (-30000, 0))
        self.assertEqual(rows["urban"], (12345, 100000001))
        types = self.query("SELECT DISTINCT typeof(tax_due) FROM tax_filings")
        self.assertEqual(types, [("integer",)])

    def test_quoted_newlines_and_quotes(self):
        rows = self.query("SELECT cause, amount, role, src_line FROM court_cases ORDER BY src_line")
        self.assertEqual(rows[0], ('买卖合同纠纷, "货款"\n第二行', 18000000, "defendant", 2))
        self.assertEqual(rows[1][3], 4)  # the line where the second record starts

    def test_gb18030_and_gbk_files(self):
        names = [r[0] for r in self.query("SELECT name FROM partners ORDER BY src_line")]
        self.assertEqual(names, ["华东电子元件有限公司", "鿰鿱贸易有限公司"])
        decisions = [r[0] for r in self.query("SELECT decision_no FROM penalties ORDER BY src_line")]
        self.assertEqual(decisions, ["沪浦市监处〔2025〕123号", "镕罚〔2024〕7号"])
        enc = dict(self.query("SELECT path, encoding FROM source_files"))
        self.assertEqual(enc["partners.csv"], "gb18030")
        self.assertEqual(enc["entity.csv"], "utf-8")

    def test_bom_crlf_entity(self):
        rows = self.query("SELECT name, uscc, entity_type, established_on, registered_capital, paid_in_capital,"
                          " foreign_invested, legal_rep_id FROM entity")
        self.assertEqual(rows, [("艾克美贸易（上海）有限公司", "91110000600037341L", "enterprise", "2019-04-18",
                                 500000000, 200000000, 1, "11010519491231002X")])

    def test_invalid_uscc_kept_and_flagged(self):
        self.assertEqual(self.query("SELECT uscc FROM partners WHERE src_line = 3"), [("91310000132212345X",)])
        issues = self.query("SELECT level, line, col, column_name, value FROM data_issues")
        self.assertEqual(issues, [("flagged", 3, 10, "uscc", "91310000132212345X")])

    def test_provenance(self):
        import hashlib
        rows = self.query("SELECT path, record_type, size, sha256, n_rows FROM source_files WHERE path = 'licenses.csv'")
        path = os.path.join(FIX, "good", "licenses.csv")
        with open(path, "rb") as f:
            data = f.read()
        self.assertEqual(rows, [("licenses.csv", "licenses", len(data), hashlib.sha256(data).hexdigest(), 6)])
        # every record row points at its file and line
        bad = self.query("SELECT count(*) FROM licenses l LEFT JOIN source_files s ON s.id = l.src_file"
                         " WHERE s.record_type IS NOT 'licenses' OR l.src_line < 2")
        self.assertEqual(bad, [(0,)])
        self.assertEqual(self.query("SELECT n_rows, n_rejected, finished_at IS NOT NULL FROM imports"), [(27, 0, 1)])

    def test_lists(self):
        rows = self.query("SELECT list, name FROM list_entries ORDER BY src_line")
        self.assertEqual(rows, [("serious_illegal", "某某商贸有限公司"), ("serious_illegal", "另一家公司")])

    def test_reimport_replaces_records_but_keeps_lists(self):
        self.import_ok(os.path.join(FIX, "unknown_column"))
        self.assertEqual(self.query("SELECT count(*) FROM licenses"), [(1,)])
        self.assertEqual(self.query("SELECT count(*) FROM partners"), [(0,)])
        self.assertEqual(self.query("SELECT count(*) FROM list_entries"), [(2,)])
        self.assertEqual(self.query("SELECT count(*) FROM imports"), [(2,)])

    def test_failed_import_leaves_database_as_it_was(self):
        con = sqlite3.connect(self.db)
        before = {t: con.execute("SELECT count(*) FROM %s" % t).fetchone()[0]
                  for t in ("licenses", "annual_reports", "partners", "imports", "source_files", "data_issues")}
        con.close()
        err = self.import_fails(os.path.join(FIX, "rollback"))
        self.assertIn("partners.csv:3:1: unterminated quote", err)
        con = sqlite3.connect(self.db)
        after = {t: con.execute("SELECT count(*) FROM %s" % t).fetchone()[0] for t in before}
        con.close()
        self.assertEqual(before, after)

    def test_lists_option_replaces_lists(self):
        lists = os.path.join(self.tmp, "exports")
        os.makedirs(lists)
        with open(os.path.join(lists, "x.csv"), "w", encoding="utf-8") as f:
            f.write("名单,名称\n失信被执行人,张三公司\n")
        self.import_ok(os.path.join(FIX, "unknown_column"), "--lists", lists)
        self.assertEqual(self.query("SELECT list, name FROM list_entries"), [("judgment_defaulter", "张三公司")])


class Problems(Case):
    def test_impossible_dates_kept_as_unknown_with_reasons(self):
        out, err = self.import_ok(os.path.join(FIX, "impossible_dates"))
        # every row is stored; a date that cannot be read is NULL, the rest of its row intact
        self.assertEqual(self.query("SELECT license_no, license_type IS NOT NULL, expires_on FROM licenses"
                                    " ORDER BY src_line"),
                         [("L1", 1, None), ("L2", 1, None), ("L3", 1, None), ("L4", 1, "2024-02-29"),
                          ("L5", 1, None), ("L6", 1, None)])
        issues = self.query("SELECT line, col, column_name, value, level, reason FROM data_issues ORDER BY line")
        self.assertEqual([(i[0], i[1], i[3], i[4]) for i in issues],
                         [(2, 6, "2025-02-30", "unknown"), (3, 6, "2025-13-01", "unknown"),
                          (4, 6, "20250230", "unknown"), (6, 6, "1899-12-31", "unknown"),
                          (7, 6, "next year", "unknown")])
        self.assertIn("no such day", issues[0][5])
        # the value as given, with the row it belongs to
        self.assertEqual(self.query("SELECT l.license_no, u.column_name, u.line, u.col, u.raw FROM unknown_values u"
                                    " JOIN licenses l ON l.rowid = u.record_id WHERE u.record_table = 'licenses'"
                                    " ORDER BY u.line"),
                         [("L1", "expires_on", 2, 6, "2025-02-30"), ("L2", "expires_on", 3, 6, "2025-13-01"),
                          ("L3", "expires_on", 4, 6, "20250230"), ("L5", "expires_on", 6, 6, "1899-12-31"),
                          ("L6", "expires_on", 7, 6, "next year")])
        self.assertEqual(self.query("SELECT n_rows, n_unknown FROM source_files WHERE path = 'licenses.csv'"),
                         [(6, 5)])
        self.assertIn("licenses.csv:2:6: warning: 'expires_on' is not a date", err)
        self.assertIn("stored as unknown, the row is kept", err)
        self.assertIn("6 rows, 5 unknown values", out)
        # importing again replaces the unknown values with the rows
        self.import_ok(os.path.join(FIX, "good"))
        self.assertEqual(self.query("SELECT count(*) FROM unknown_values"), [(0,)])

    def test_missing_required_column(self):
        # no row names every required column: the file is unreadable, the import goes on
        out, err = self.import_ok(os.path.join(FIX, "missing_column"))
        self.assertIn("licenses.csv:1: warning: no header row found for licenses", err)
        self.assertIn("the nearest is line 1, where required column 'license_no' (证照编号) is missing", err)
        self.assertEqual(self.query("SELECT path, state, n_rows FROM source_files"), [("licenses.csv", "unreadable", 0)])
        self.assertEqual(self.query("SELECT level, line FROM data_issues"), [("unreadable", 1)])

    def test_unknown_column_is_a_warning(self):
        out, err = self.import_ok(os.path.join(FIX, "unknown_column"))
        self.assertIn("licenses.csv:1:25: warning: unknown column '备注'", err)
        self.assertEqual(self.query("SELECT level, line, col, value FROM data_issues"), [("warning", 1, 25, "备注")])

    def test_undecodable_bytes(self):
        err = self.import_fails(os.path.join(FIX, "undecodable"))
        self.assertIn("licenses.csv:4:5: bytes that are not valid UTF-8: '\\xFF'", err)
        # forcing GB18030 decodes the bytes differently but still cannot take 0xFF
        err = self.import_fails(os.path.join(FIX, "undecodable"), "--encoding", "gb18030")
        self.assertIn("not valid gb18030", err)

    def test_unterminated_quote_names_where_the_field_began(self):
        err = self.import_fails(os.path.join(FIX, "unterminated"))
        self.assertIn("licenses.csv:3:3: unterminated quote", err)

    def test_ragged_rows(self):
        out, err = self.import_ok(os.path.join(FIX, "ragged"))
        # the header decides: a short row reads its missing fields as empty; a long one whose columns
        # cannot be told (C,L3,y,extra: which two fields are one value?) keeps its values as unknown
        self.assertEqual(self.query("SELECT license_no, issuer FROM licenses ORDER BY src_line"),
                         [("L1", "x"), ("L2", None), (None, None), ("L4", "z")])
        self.assertEqual(self.query("SELECT line, level, column_name, value FROM data_issues ORDER BY line, col"),
                         [(3, "warning", None, None), (4, "unknown", "license_type", "C"),
                          (4, "unknown", "license_no", "L3"), (4, "unknown", "issuer", "y")])
        self.assertEqual(self.query("SELECT reason FROM data_issues WHERE line = 3"),
                         [("row has 2 fields but the header has 3; the missing ones are read as empty"
                           " (the row is kept)",)])
        self.assertIn("licenses.csv:4:3: warning: the row has more fields than the header (a comma in an unquoted"
                      " value?), and which of them 'license_no' holds cannot be told: 'L3'; stored as unknown", err)
        self.assertEqual(self.query("SELECT count(*) FROM unknown_values WHERE line = 4"), [(3,)])

    def import_partners(self, name, text):
        """Import a pack of one partners.csv holding text."""
        pack = os.path.join(self.tmp, name)
        os.makedirs(pack)
        with open(os.path.join(pack, "partners.csv"), "w", encoding="utf-8") as f:
            f.write(text)
        return self.import_ok(pack)

    def test_each_shifted_row_is_said(self):
        # an unquoted comma splits a value: the row is read the way its fields fit (a comma before a
        # space is one inside a value), and every such row is named, not only the first
        out, err = self.import_partners("shifted", "name,country\nAcme, Inc.,US\nGood Co,CN\nFoo, Ltd.,HK\n")
        self.assertEqual(self.query("SELECT name, country FROM partners ORDER BY src_line"),
                         [("Acme, Inc.", "US"), ("Good Co", "CN"), ("Foo, Ltd.", "HK")])
        self.assertEqual(self.query("SELECT line FROM data_issues WHERE level = 'warning' ORDER BY line"), [(2,), (4,)])
        self.assertIn("partners.csv:4: warning: row has 3 fields but the header has 2: an unquoted value holds a"
                      " comma; read with 'name' = 'Foo, Ltd.', where every value fits its column", err)

    def test_split_row_without_a_space_is_unknown(self):
        # "Acme,Inc,US": name 'Acme,Inc' and country 'US', or name 'Acme' and country 'Inc,US'? Not told
        out, err = self.import_partners("split", "name,country\nAcme,Inc,US\nGood Co,CN\n")
        self.assertEqual(self.query("SELECT name, country FROM partners ORDER BY src_line"),
                         [(None, None), ("Good Co", "CN")])
        self.assertEqual(self.query("SELECT column_name, raw FROM unknown_values ORDER BY col"),
                         [("name", "Acme"), ("country", "Inc")])

    def test_two_entity_rows(self):
        err = self.import_fails(os.path.join(FIX, "two_entities"))
        self.assertIn("entity.csv:3: entity must have exactly one row", err)

    def test_no_entity_row(self):
        err = self.import_fails(os.path.join(FIX, "no_entity"))
        self.assertIn("entity.csv:1: entity has no rows", err)

    def test_bad_values(self):
        out, err = self.import_ok(os.path.join(FIX, "bad_values"))
        issues = self.query("SELECT line, column_name, reason FROM data_issues WHERE src_file ="
                            " (SELECT id FROM source_files WHERE path = 'licenses.csv') ORDER BY line, col")
        self.assertEqual([i[:2] for i in issues], [(2, "status"), (3, "license_no"), (3, "renewal_lead_days")])
        self.assertIn("is not a word of license_status; accepted: valid (有效)", issues[0][2])
        self.assertIn("finer than one fen", err)

    def test_record_file_that_is_a_folder(self):
        pack = os.path.join(self.tmp, "pack")
        os.makedirs(os.path.join(pack, "licenses.csv"))
        err = self.import_fails(pack)
        self.assertIn("licenses.csv: is a folder, not a record file", err)

    def test_symlink_outside_the_pack(self):
        pack = os.path.join(self.tmp, "pack")
        os.makedirs(pack)
        outside = os.path.join(self.tmp, "elsewhere.csv")
        shutil.copy(os.path.join(FIX, "unknown_column", "licenses.csv"), outside)
        os.symlink(outside, os.path.join(pack, "licenses.csv"))
        err = self.import_fails(pack)
        self.assertIn("licenses.csv: is a symbolic link to", err)
        self.assertIn("outside the record pack", err)
        # a link within the pack is fine
        os.remove(os.path.join(pack, "licenses.csv"))
        shutil.copy(outside, os.path.join(pack, "real.dat"))
        os.symlink("real.dat", os.path.join(pack, "licenses.csv"))
        self.import_ok(pack)

    def test_same_type_twice(self):
        pack = os.path.join(self.tmp, "pack")
        shutil.copytree(os.path.join(FIX, "unknown_column"), pack)
        shutil.copy(os.path.join(pack, "licenses.csv"), os.path.join(pack, "许可证照.csv"))
        err = self.import_fails(pack)
        self.assertIn("licenses records are given twice", err)

    def test_usage_errors(self):
        rc, out, err = run("import")
        self.assertEqual(rc, 2)
        rc, out, err = run("import", os.path.join(FIX, "good"), "--encoding", "latin1")
        self.assertEqual(rc, 2)
        self.assertIn("--encoding must be", err)
        rc, out, err = run("import", os.path.join(self.tmp, "nope"))
        self.assertEqual(rc, 2)
        self.assertIn("cannot read the record pack", err)

    def test_check_only_without_db(self):
        rc, out, err = run("import", os.path.join(FIX, "good"))
        self.assertEqual(rc, 0, err)
        self.assertIn("nothing was kept", out)


class Templates(Case):
    def test_template_refuses_to_overwrite(self):
        d = os.path.join(self.tmp, "t")
        rc, out, err = run("template", d, "--format", "csv")
        self.assertEqual(rc, 0, err)
        with open(os.path.join(d, "licenses.csv"), "a", encoding="utf-8") as f:
            f.write("A,L1\n")
        rc, out, err = run("template", d, "--format", "csv")
        self.assertEqual(rc, 2)
        self.assertIn("already exists", err)
        with open(os.path.join(d, "licenses.csv"), encoding="utf-8-sig") as f:
            self.assertIn("A,L1", f.read())
        rc, out, err = run("template", d, "--format", "csv", "--force")
        self.assertEqual(rc, 0, err)
        with open(os.path.join(d, "licenses.csv"), encoding="utf-8-sig") as f:
            self.assertNotIn("A,L1", f.read())

    def test_csv_templates_import_as_empty_pack(self):
        d = os.path.join(self.tmp, "t")
        self.assertEqual(run("template", d, "--format", "csv")[0], 0)
        self.assertFalse(os.path.exists(os.path.join(d, "intake.xlsx")))
        os.remove(os.path.join(d, "entity.csv"))  # an empty entity file is an error by design
        out, err = self.import_ok(d)
        self.assertIn("0 rows, 0 unknown values", out)
        with open(os.path.join(d, "licenses.csv"), encoding="utf-8-sig") as f:
            self.assertEqual(f.readline().strip(), "license_type,license_no,issuer,scope,issued_on,expires_on,"
                                                   "status,renewal_applied_on,renewal_lead_days,evidence")

    def test_chinese_templates(self):
        d = os.path.join(self.tmp, "t")
        self.assertEqual(run("template", d, "--lang", "zh", "--format", "csv")[0], 0)
        with open(os.path.join(d, "licenses.csv"), encoding="utf-8-sig") as f:
            self.assertTrue(f.readline().startswith("证照类型,证照编号"))
        self.assertEqual(run("template", d, "--lang", "zh")[0], 0)
        self.assertEqual(sorted(os.listdir(d)).count("intake.xlsx"), 1)
        wb = openpyxl.load_workbook(os.path.join(d, "intake.xlsx"))
        self.assertIn("许可证照", wb.sheetnames)

    def test_instructions_sheet(self):
        d = os.path.join(self.tmp, "t")
        self.assertEqual(run("template", d)[0], 0)
        wb = openpyxl.load_workbook(os.path.join(d, "intake.xlsx"))
        self.assertEqual(wb.sheetnames[0], "Instructions 说明")
        self.assertEqual(wb.active.title, "Instructions 说明")  # it opens on the instructions
        text = "\n".join(str(c.value) for row in wb["Instructions 说明"].iter_rows() for c in row if c.value)
        for words in ("How to fill in this workbook", "填写说明", "营业执照", "电子税务局", "sheet licenses / 许可证照",
                      "JY13101150012345"):
            self.assertIn(words, text)
        # an untouched template still says what is missing, not that the instructions are a record
        rc, out, err = run("import", d)
        self.assertEqual(rc, 2)
        self.assertNotIn("Instructions", err)

    def test_default_is_the_workbook_alone(self):
        # The workbook alone by default: a folder with a filled-in set never holds a blank one too.
        d = os.path.join(self.tmp, "t")
        rc, out, err = run("template", d)
        self.assertEqual(rc, 0, err)
        self.assertEqual(sorted(os.listdir(d)), ["intake.xlsx"])
        self.assertIn("intake.xlsx", out)
        rc, out, err = run("template", d, "--format", "ods")
        self.assertEqual(rc, 2)
        self.assertIn("--format must be xlsx or csv", err)

    def test_workbook_layout(self):
        d = os.path.join(self.tmp, "t")
        self.assertEqual(run("template", d)[0], 0)
        wb = openpyxl.load_workbook(os.path.join(d, "intake.xlsx"))
        ws = wb["licenses"]
        self.assertEqual(ws.freeze_panes, "A2")
        self.assertEqual(ws["A1"].value, "license_type")
        note = ws["G1"].comment.text
        self.assertIn("status / 状态", note)
        self.assertIn("valid (有效)", note)
        self.assertIn("optional", note)
        self.assertIn("required", ws["A1"].comment.text)
        lists = [dv for dv in ws.data_validations.dataValidation]
        self.assertTrue(any("G2" in str(dv.sqref) and dv.type == "list" for dv in lists))
        self.assertEqual(ws.column_dimensions["F"].number_format, "yyyy-mm-dd")  # expires_on
        self.assertEqual(ws.column_dimensions["B"].number_format, "@")  # license_no stays text

    def test_intake_workbook_round_trip(self):
        d = os.path.join(self.tmp, "t")
        self.assertEqual(run("template", d)[0], 0)
        wb = openpyxl.load_workbook(os.path.join(d, "intake.xlsx"))

        def put(sheet, values):
            ws = wb[sheet]
            header = [c.value for c in ws[1]]
            ws.append([values.get(h) for h in header])

        put("entity", {"name": "艾克美贸易（上海）有限公司", "uscc": "91110000600037341L", "entity_type": "企业",
                       "established_on": datetime.date(2019, 4, 18), "registered_capital": 5000000,
                       "paid_in_capital": 1234.56, "foreign_invested": "是", "legal_rep_id": "110105194912310029"})
        put("licenses", {"license_type": "食品经营许可证", "license_no": "JY1",
                         "expires_on": datetime.datetime(2026, 2, 28), "status": "有效", "renewal_lead_days": 30})
        put("licenses", {"license_type": "ICP", "license_no": "JY2", "expires_on": "2025-02-30", "status": "valid"})
        put("licenses", {"license_type": "ICP", "license_no": 12345, "expires_on": 46000, "status": "吊销"})
        put("tax_ratings", {"year": 2024, "rating": "D级", "direct_d": True})
        put("payroll", {"period": datetime.date(2025, 8, 1), "due_on": "2025/9/15", "wages_due": 1250000.1,
                        "headcount": 58})
        put("partners", {"name": "华东电子元件有限公司", "uscc": "91310000132212345X", "spend": "12.5万元"})
        wb.save(os.path.join(d, "intake.xlsx"))

        out, err = self.import_ok(os.path.join(d, "intake.xlsx"))
        self.assertIn("7 rows, 1 unknown values, 1 flagged", out)
        self.assertEqual(self.query("SELECT name, established_on, registered_capital, paid_in_capital,"
                                    " foreign_invested, entity_type, legal_rep_id FROM entity"),
                         [("艾克美贸易（上海）有限公司", "2019-04-18", 500000000, 123456, 1, "enterprise",
                           "110105194912310029")])
        self.assertEqual(self.query("SELECT license_no, expires_on, status, renewal_lead_days, src_line"
                                    " FROM licenses ORDER BY src_line"),
                         [("JY1", "2026-02-28", "valid", 30, 2), ("JY2", None, "valid", None, 3),
                          ("12345", "2025-12-09", "revoked", None, 4)])
        self.assertEqual(self.query("SELECT year, rating, direct_d FROM tax_ratings"), [(2024, "D", 1)])
        self.assertEqual(self.query("SELECT period, due_on, wages_due, headcount FROM payroll"),
                         [("2025-08", "2025-09-15", 125000010, 58)])
        self.assertEqual(self.query("SELECT uscc, spend FROM partners"), [("91310000132212345X", 12500000)])
        issues = self.query("SELECT s.path, i.line, i.col, i.level FROM data_issues i"
                            " JOIN source_files s ON s.id = i.src_file ORDER BY i.level")
        self.assertEqual(issues, [("intake.xlsx[partners]", 2, 2, "flagged"),
                                  ("intake.xlsx[licenses]", 3, 6, "unknown")])
        self.assertIn("intake.xlsx[licenses]!F3: warning: 'expires_on' is not a date", err)


if __name__ == "__main__":
    unittest.main(verbosity=2, argv=[sys.argv[0]])
