"""Records as companies keep them audit to the same findings as the same records typed into the
templates: a ledger-style pack (title, unit and totals rows, a （万元） column, several record types
as sheets of one workbook, a list export in .xlsx) side by side with the example pack; an ERP
export read through a mapping file; and a pack written by someone else (Chinese file names and
headers in their own words, GB18030), whose planted problems are all found while the same company
kept clean raises no finding."""
import csv
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import ledger_packs  # noqa: E402
from clitest import EXAMPLE, run  # noqa: E402

AS_OF = "2026-09-30"


def findings(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    return sorted((x["check_id"], x["subject"], x.get("due_date")) for x in doc["findings"])


def records(db, table):
    """The typed values of a record table, without ids and provenance, in a stable order."""
    con = sqlite3.connect(db)
    cols = [r[1] for r in con.execute("SELECT * FROM pragma_table_info(?)", (table,))
            if r[1] not in ("id", "src_file", "src_line")]
    rows = sorted(con.execute("SELECT %s FROM %s" % (", ".join(cols), table)).fetchall(), key=repr)
    con.close()
    return rows


class Case(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="cscs-ledger-")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def audit(self, pack, name, *extra):
        js, db = os.path.join(self.dir, name + ".json"), os.path.join(self.dir, name + ".db")
        rc, out, err = run("audit", pack, "--as-of", AS_OF, "--json", js, "--db", db, *extra)
        self.assertEqual(rc, 0, out + err)
        return findings(js), db, err


class SideBySide(Case):
    def setUp(self):
        super().setUp()
        self.template = self.audit(EXAMPLE, "template")

    def test_ledger_pack_finds_what_the_template_finds(self):
        pack = os.path.join(self.dir, "ledger")
        ledger_packs.make_ledger_pack(EXAMPLE, pack)
        got, db, err = self.audit(pack, "ledger")
        want, want_db, _ = self.template
        self.assertTrue(want, "the example pack has findings to compare")
        self.assertEqual(got, want)
        # the same records, to the fen: 18.6 in a （万元） column is 186,000 yuan; a unit row above
        # the header scales the payroll sheet; totals, unit and note rows are not records
        for table in ("court_cases", "penalties", "payroll", "licenses", "list_entries"):
            self.assertEqual(records(db, table), records(want_db, table), table)
        self.assertIn("[诉讼台账], row 7: warning: a totals row ('合计'); not imported as a record", err)
        self.assertIn("[行政处罚记录], row 5: warning: a unit row ('单位：元')", err)
        self.assertIn("[Sheet3], row 10: warning: a totals row", err)
        self.assertNotIn("序号", err)  # row numbers are no record value, and no warning
        # the list exports have no list column: their file names say which list they are
        self.assertIn("read as list 'serious_illegal'", err)
        self.assertIn("read as list 'abnormal_operations'", err)
        con = sqlite3.connect(db)
        self.assertEqual(con.execute("SELECT count(*) FROM data_issues WHERE reason LIKE 'a totals row%'").fetchone(),
                         (3,))
        self.assertEqual(con.execute("SELECT count(*) FROM source_files WHERE state = 'unreadable'").fetchone(), (0,))
        con.close()

    def erp_export(self):
        """The example's court cases as an ERP exports them: its own column names and codes."""
        pack = os.path.join(self.dir, "erp")
        shutil.copytree(EXAMPLE, pack)
        with open(os.path.join(pack, "court_cases.csv"), encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        os.remove(os.path.join(pack, "court_cases.csv"))
        codes = {"defendant": "D", "plaintiff": "P", "judged": "J", "closed": "C"}
        with open(os.path.join(pack, "LAWSUIT_EXPORT_20260930.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["CASE_REF", "COURT_NAME", "PARTY_ROLE", "CAUSE_DESC", "EXPOSURE (CNY 10k)", "JUDG_DT",
                        "DUE_DT", "PERF_DT", "CASE_STAT"])
            for r in rows:
                amount = "%.4f" % (int(r["amount"].replace(",", "")) / 10000) if r["amount"] else ""
                w.writerow([r["case_no"], r["court"], codes[r["role"]], r["cause"], amount,
                            r["judgment_on"].replace("-", ""), r["performance_due_on"].replace("-", ""),
                            r["performed_on"].replace("-", ""), codes[r["status"]]])
        mapping = os.path.join(self.dir, "erp.map")
        with open(mapping, "w", encoding="utf-8") as f:
            f.write("# ERP lawsuit export\n"
                    "[court_cases]\n"
                    "file = LAWSUIT_EXPORT_20260930.csv\n"
                    "column CASE_REF = case_no\n"
                    "column COURT_NAME = court\n"
                    "column PARTY_ROLE = role\n"
                    "column CAUSE_DESC = 案由\n"
                    "column EXPOSURE = amount\n"
                    "column JUDG_DT = judgment_on\n"
                    "column DUE_DT = performance_due_on\n"
                    "column PERF_DT = performed_on\n"
                    "column CASE_STAT = status\n"
                    "value role D = defendant\n"
                    "value role P = plaintiff\n"
                    "value status J = judged\n"
                    "value status C = 已结案\n")
        return pack, mapping

    def test_mapping_file_renames_an_export(self):
        pack, mapping = self.erp_export()
        got, db, err = self.audit(pack, "erp", "--map", mapping)
        want, want_db, _ = self.template
        self.assertEqual(got, want)
        self.assertEqual(records(db, "court_cases"), records(want_db, "court_cases"))
        # without the mapping the export is no record file, and the unperformed judgment is not found
        without, _, err = self.audit(pack, "erp-unmapped")
        self.assertIn("LAWSUIT_EXPORT_20260930.csv: warning: matches no record type", err)
        self.assertNotEqual(without, want)
        self.assertNotIn("CRT-001", {f[0] for f in without})

    def test_mapping_file_errors_name_the_line(self):
        pack, mapping = self.erp_export()
        with open(mapping, "a", encoding="utf-8") as f:
            f.write("value status X = finished\n")
        rc, out, err = run("audit", pack, "--as-of", AS_OF, "--json", os.path.join(self.dir, "x.json"),
                           "--map", mapping)
        self.assertEqual(rc, 2, out + err)
        self.assertIn("erp.map:17:", err)
        self.assertIn("'finished' is not a value of court_cases.status", err)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "x.json")))
        with open(mapping, "w", encoding="utf-8") as f:
            f.write("[court_cases]\ncolumn CASE_REF = case_number\n")
        rc, out, err = run("import", pack, "--map", mapping)
        self.assertEqual(rc, 2, out + err)
        self.assertIn("erp.map:2:19: 'case_number' is not a column of court_cases", err)


class WrittenBySomeoneElse(Case):
    PLANTED = {
        ("CRT-001", "（2025）沪0115民初28731号", "2026-05-10"),  # judgment not performed ('-' under 实际履行日期)
        ("ID-004", "食品经营许可证 JY13101150012345", "2026-03-31"),  # licence expired
        ("LAB-002", "payroll 2026-08", "2026-09-15"),  # wages paid short
        ("AR-002", "annual report 2024", None),  # filed after 30 June
    }

    def test_planted_problems_are_found(self):
        pack = os.path.join(self.dir, "someone")
        ledger_packs.make_foreign_pack(pack, clean=False)
        got, db, err = self.audit(pack, "someone")
        self.assertEqual(set(got), self.PLANTED)
        con = sqlite3.connect(db)
        types = dict(con.execute("SELECT path, record_type FROM source_files"))
        con.close()
        self.assertEqual(types, {"公司基本情况.csv": "entity", "证照台账.csv": "licenses", "年报情况.csv": "annual_reports",
                                 "诉讼案件登记.csv": "court_cases", "名单查询记录.csv": "list_status",
                                 "纳税信用评价.csv": "tax_ratings", "工资发放表.csv": "payroll"})
        self.assertEqual(records(db, "court_cases")[0][4], 18600000)  # 18.6 under 单位：万元, in fen

    def test_clean_company_raises_no_finding(self):
        pack = os.path.join(self.dir, "clean")
        ledger_packs.make_foreign_pack(pack, clean=True)
        got, _, _ = self.audit(pack, "clean")
        self.assertEqual(got, [])


class Unreadable(Case):
    def test_file_without_a_header_does_not_end_the_audit(self):
        pack = os.path.join(self.dir, "pack")
        shutil.copytree(EXAMPLE, pack)
        with open(os.path.join(pack, "penalties.csv"), "w", encoding="utf-8") as f:
            f.write("行政处罚台账\n文号,金额\nA,1\n")
        got, db, err = self.audit(pack, "unreadable")
        self.assertIn("penalties.csv:2: warning: no header row found for penalties", err)
        self.assertIn("looked for 'decision_no' (决定书文号), 'decided_on' (处罚决定日期)", err)
        self.assertIn("the nearest is line 2, where required column 'decided_on' (处罚决定日期) is missing", err)
        con = sqlite3.connect(db)
        self.assertEqual(con.execute("SELECT state FROM source_files WHERE path = 'penalties.csv'").fetchone(),
                         ("unreadable",))
        self.assertEqual(con.execute("SELECT level, line FROM data_issues WHERE level = 'unreadable'").fetchall(),
                         [("unreadable", 2)])
        con.close()


class Values(Case):
    def test_units_and_placeholders(self):
        pack = os.path.join(self.dir, "pack")
        os.makedirs(pack)
        shutil.copy(os.path.join(EXAMPLE, "entity.csv"), pack)
        with open(os.path.join(pack, "penalties.csv"), "w", encoding="utf-8") as f:
            f.write("行政处罚台账\n,,单位：万元\n"
                    "决定书文号,处罚决定日期,罚没金额,违法事实,处罚类型\n"
                    "A1,2025-06-01,236.50,-,罚款\n"
                    "A2,2025-06-02,12万元,—,罚款\n"
                    "A3,2025-06-03,\"1,234.5678\",/,-\n"
                    "合 计,,1483.0078,,\n")
        with open(os.path.join(pack, "tax_ratings.csv"), "w", encoding="utf-8") as f:
            f.write("评价年度,纳税信用级别,直接判D\n2024,B,无\n2023,B,-\n2022,B,是\n")
        with open(os.path.join(pack, "customs.csv"), "w", encoding="utf-8") as f:
            f.write("年度,进出口申报总值(USD),欠缴税款（千元）\n2024,\"1,000\",2.5\n")
        with open(os.path.join(pack, "partners.csv"), "w", encoding="utf-8") as f:
            f.write("名称,国家/地区,年交易额\nname,country,spend\n"
                    "Total,FR,\"1,000\"\n华东电子元件有限公司,CN,\"2,000\"\nTotal,,\"3,000\"\n")
        # a workbook named after a record type whose first sheet is a cover: the sheet with the header is read
        import openpyxl
        wb = openpyxl.Workbook()
        wb.active.title = "填表说明"
        wb.active.append(["请在下一张表中填写证照信息。"])
        ws = wb.create_sheet("Sheet2")
        ws.append(["证照名称", "证照编号", "有效期至"])
        ws.append(["营业执照", "91310115MA1K4A1B2H", "—"])
        wb.save(os.path.join(pack, "licenses.xlsx"))
        _, db, err = self.audit(pack, "values")
        con = sqlite3.connect(db)
        # "Total" with a country is a partner; with only an amount beside it, a totals row
        self.assertEqual(con.execute("SELECT name, country, spend FROM partners ORDER BY spend").fetchall(),
                         [("Total", "FR", 100000), ("华东电子元件有限公司", "CN", 200000)])
        self.assertIn("partners.csv:2: warning: a second header row ('name')", err)
        self.assertIn("partners.csv:5: warning: a totals row ('Total')", err)
        self.assertEqual(con.execute("SELECT license_no, expires_on FROM licenses").fetchall(),
                         [("91310115MA1K4A1B2H", None)])
        self.assertEqual(con.execute("SELECT path FROM source_files WHERE record_type = 'licenses'").fetchall(),
                         [("licenses.xlsx[Sheet2]",)])
        self.assertEqual(con.execute("SELECT decision_no, amount, description, penalty_type FROM penalties"
                                     " ORDER BY decision_no").fetchall(),
                         [("A1", 236500000, "-", "fine"),        # 236.50 万元 = 2,365,000.00 yuan, in fen
                          ("A2", 12000000, "—", "fine"),         # a value naming its own unit keeps it
                          ("A3", 1234567800, "/", None)])        # exact: 12,345,678.00 yuan; '-' is empty
        self.assertEqual(con.execute("SELECT year, direct_d FROM tax_ratings ORDER BY year").fetchall(),
                         [(2022, 1), (2023, None), (2024, 0)])    # 无 is "no" in a yes/no column
        self.assertEqual(con.execute("SELECT declared_value, unpaid_duties FROM customs").fetchall(),
                         [(100000, 250000)])                     # (USD) is not scaled, and says so
        con.close()
        self.assertIn("customs.csv:1:4: warning: '(usd)' in the header of 'declared_value' is not a unit of yuan", err)
        self.assertIn("penalties.csv:7: warning: a totals row ('合 计')", err)

    def test_values_that_are_header_words_are_values(self):
        # 'supplier' and 'name' are header words of partners; under other columns they are values
        pack = os.path.join(self.dir, "pack")
        os.makedirs(pack)
        shutil.copy(os.path.join(EXAMPLE, "entity.csv"), pack)
        with open(os.path.join(pack, "partners.csv"), "w", encoding="utf-8") as f:
            f.write("名称,角色,国家/地区\n华东电子元件有限公司,supplier,CN\nName Ltd.,customer,name\n")
        _, db, err = self.audit(pack, "words")
        con = sqlite3.connect(db)
        self.assertEqual(con.execute("SELECT count(*) FROM partners").fetchone(), (2,))
        con.close()
        self.assertNotIn("header row", err)

    def test_two_level_header(self):
        # 履行情况 merged over 履行期限 | 履行日期: the header's second line names the columns under it
        import openpyxl
        pack = os.path.join(self.dir, "pack")
        os.makedirs(pack)
        shutil.copy(os.path.join(EXAMPLE, "entity.csv"), pack)
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "诉讼"
        ws.append(["序号", "案号", "涉案金额（万元）", "履行情况", None, "状态"])
        ws.append([None, None, None, "履行期限", "履行日期"])
        ws.merge_cells("D1:E1")
        ws.merge_cells("A1:A2")
        ws.append([1, "（2025）沪0115民初1号", 18.6, "2026-05-10", "-", "已判决"])
        ws.append([2, "（2025）沪0115民初2号", 6.45, "2026-03-01", "2026-02-27", "已履行"])
        wb.save(os.path.join(pack, "court_cases.xlsx"))
        got, db, err = self.audit(pack, "two-level")
        con = sqlite3.connect(db)
        self.assertEqual(con.execute("SELECT case_no, amount, performance_due_on, performed_on, status FROM court_cases"
                                     " ORDER BY case_no").fetchall(),
                         [("（2025）沪0115民初1号", 18600000, "2026-05-10", None, "judged"),
                          ("（2025）沪0115民初2号", 6450000, "2026-03-01", "2026-02-27", "performed")])
        con.close()
        self.assertIn("court_cases.xlsx[诉讼], row 2: warning: the header's second line", err)
        self.assertIn(("CRT-001", "（2025）沪0115民初1号", "2026-05-10"), got)


if __name__ == "__main__":
    unittest.main(verbosity=2, argv=[sys.argv[0]])
