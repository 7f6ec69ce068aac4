"""Partner screening end to end: `cscs-audit screen` on tests/fixtures/screen/ (known matches,
near misses, conflicting identifiers, a branch, a historical entry, the red list, a name that looks
like a formula), the workbook read back with openpyxl, the JSON, the stored tables, reuse of a lists
database, and the usage errors."""
import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

import openpyxl

BIN = os.environ["CSCS_AUDIT"]
SRC = os.environ["CSCS_SRCDIR"]
FIX = os.path.join(SRC, "tests", "fixtures", "screen")
PARTNERS = os.path.join(FIX, "partners.csv")
LISTS = os.path.join(FIX, "lists")
ID = "310101199801234567"
MASKED = "310***********4567"

# partners.csv line -> (status, list, score, band, rule, historical, phrases of the explanation)
EXPECTED = {
    2: ("listed", "serious_illegal", 100, "match", "uscc", 0,
        ["same USCC 913100004JURQ2830Y", "names differ: 华东电子 / 华东电子元件"]),
    3: ("listed", "serious_illegal", 95, "match", "name", 0,
        ["names equal after normalisation: 上海恒通物流"]),
    4: ("review", "serious_illegal", None, "review", "similar_name", 0,
        ["% similar after normalisation: 远方重型机械制造销售 / 远方重型机械制造"]),
    6: ("clear", "serious_illegal", 45, "clear", "name", 0,
        ["names equal after normalisation: 星海国际贸易",
         "different USCCs 914403003F0WTCDK3E / 91310000FQEFLCR61X (-50)"]),
    7: ("review", "abnormal_operations", 75, "review", "name", 0,
        ["branch marker differs: 天津分公司 / none (-20)"]),
    8: ("clear", "abnormal_operations", 95, "match", "name", 1,
        ["removed from the list on 2023-05-01, by 2025-06-30 (historical)"]),
    9: ("clear", "red_list", 95, "match", "name", 0, ["names equal after normalisation: 绿源环保科技"]),
    10: ("listed", "abnormal_operations", 95, "match", "name", 0, ["金石建筑工程"]),
    11: ("listed", "serious_illegal", 95, "match", "name", 0, ["names equal after normalisation: acmetrading"]),
}
# a near miss (远大起重设备 against 远方重型机械制造) and an unrelated name: no match at all
CLEAR_WITHOUT_MATCH = [5, 12]


def run(*args):
    p = subprocess.run([BIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600)
    return p.returncode, p.stdout, p.stderr


class Screen(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="cscs-screen-")
        cls.db = os.path.join(cls.tmp, "screen.db")
        cls.xlsx = os.path.join(cls.tmp, "out.xlsx")
        cls.json = os.path.join(cls.tmp, "out.json")
        # the audited entity and its legal representative come from a pack imported first
        rc, out, err = run("import", os.path.join(FIX, "pack"), "--db", cls.db)
        assert rc == 0, err
        cls.rc, cls.out, cls.err = run("screen", PARTNERS, "--lists", LISTS, "-o", cls.xlsx, "--json", cls.json,
                                       "--db", cls.db, "--as-of", "2025-06-30")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def query(self, sql, *params):
        con = sqlite3.connect(self.db)
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    def test_exit_and_summary(self):
        self.assertEqual(self.rc, 0, self.err)
        self.assertIn("screened 11 partners against 11 list entries: 4 listed, 2 to review, 5 clear", self.out)
        self.assertIn("the audited entity: clear; its legal representative: listed", self.out)

    def test_each_band_and_explanation(self):
        rows = self.query(
            "SELECT p.src_line, s.status, m.list, m.score, m.band, m.rule, m.historical, m.explanation"
            " FROM partners p JOIN partner_status s ON s.partner_id = p.id"
            " LEFT JOIN screen_matches m ON m.partner_id = p.id AND m.rank = 1")
        got = {r[0]: r[1:] for r in rows}
        for line, (status, lst, score, band, rule, hist, phrases) in EXPECTED.items():
            with self.subTest(line=line):
                st, l, sc, b, ru, h, why = got[line]
                self.assertEqual((st, l, b, ru, h), (status, lst, band, rule, hist), why)
                if score is not None:
                    self.assertEqual(sc, score, why)
                else:
                    self.assertTrue(70 <= sc < 90, why)
                for phrase in phrases:
                    self.assertIn(phrase, why)
        for line in CLEAR_WITHOUT_MATCH:
            self.assertEqual(got[line][0], "clear")
            self.assertIsNone(got[line][1], f"line {line} should match nothing")

    def test_partner_status_lists(self):
        rows = dict((r[0], r[1:]) for r in self.query(
            "SELECT p.src_line, s.lists, s.review_lists, s.historical_lists FROM partners p"
            " JOIN partner_status s ON s.partner_id = p.id"))
        self.assertEqual(rows[2], ("serious_illegal", None, None))
        self.assertEqual(rows[7], (None, "abnormal_operations", None))
        self.assertEqual(rows[8], (None, None, "abnormal_operations"))
        self.assertEqual(rows[9], (None, None, None))  # the red list is no adverse listing

    def test_legal_representative(self):
        rows = self.query("SELECT score, band, rule, explanation FROM screen_matches WHERE subject_kind = 'legal_rep'")
        self.assertEqual(len(rows), 1)
        score, band, rule, why = rows[0]
        self.assertEqual((score, band, rule), (100, "match", "id_number"))
        self.assertIn("same identity number " + MASKED, why)
        self.assertNotIn(ID, why)
        self.assertEqual(self.query("SELECT entity_status, legal_rep_status FROM screen_info"), [("clear", "listed")])

    def test_exposure(self):
        rows = {r[0]: r[1:] for r in self.query(
            "SELECT list, n_partners, n_listed, n_review, n_historical, spend_total, spend_listed, spend_review"
            " FROM screen_exposure")}
        # spend: 1,000,000 + 500,000 + 80,000 + 60,000 listed; 300,000 + 150,000 in review (yuan)
        total = (1000000 + 500000 + 300000 + 250000 + 200000 + 150000 + 120000 + 100000 + 80000 + 60000) * 100
        self.assertEqual(rows["*"], (11, 4, 2, 1, total, 164000000, 45000000))
        self.assertEqual(rows["serious_illegal"][1:3], (3, 1))
        self.assertEqual(rows["red_list"][1], 1)

    def test_workbook(self):
        wb = openpyxl.load_workbook(self.xlsx)
        self.assertEqual(wb.sheetnames, ["Summary", "Partners", "Matches", "Historical"])
        ws = wb["Partners"]
        head = [c.value for c in ws[1]]
        col = {name: i for i, name in enumerate(head)}
        for name in ("Partner", "Status", "Best match", "List", "Score", "Band", "Explanation", "Spend (RMB)"):
            self.assertIn(name, col)
        rows = {r[col["Line"]]: r for r in ws.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(len(rows), 11)
        # listed first, then review, then clear
        statuses = [r[col["Status"]] for r in ws.iter_rows(min_row=2, values_only=True)]
        order = {"listed": 0, "review": 1, "clear": 2}
        self.assertEqual(statuses, sorted(statuses, key=order.get))
        for line, (status, lst, score, band, rule, hist, phrases) in EXPECTED.items():
            r = rows[line]
            self.assertEqual(r[col["Status"]], status)
            if not hist:
                self.assertEqual(r[col["Band"]], band)
                self.assertIn(phrases[0], r[col["Explanation"]])
        # money: fen in the database, yuan with two decimals in the sheet
        self.assertEqual(rows[2][col["Spend (RMB)"]], 1000000)
        cell = [c for c in ws[2] if c.column == col["Spend (RMB)"] + 1][0]
        self.assertEqual(cell.number_format, "#,##0.00")
        self.assertIsNone(rows[12][col["Spend (RMB)"]])
        # a name that looks like a formula stays text
        formula = [c for row in ws.iter_rows(min_row=2) for c in row if c.value == "=金石建筑工程有限公司"]
        self.assertEqual(len(formula), 1)
        self.assertEqual(formula[0].data_type, "s")
        # historical matches apart; identity numbers masked
        hist = [r for r in wb["Historical"].iter_rows(min_row=2, values_only=True)]
        # list names in words, English and Chinese, never the bare id
        self.assertEqual([(r[1], r[3]) for r in hist], [("南方精密仪器有限公司", "abnormal operations list 经营异常名录")])
        matches = list(wb["Matches"].iter_rows(values_only=True))
        self.assertNotIn("南方精密仪器有限公司", [r[1] for r in matches])
        ids = [r[7] for r in matches[1:] if r[7]]
        self.assertIn(MASKED, ids)
        self.assertNotIn(ID, ids)
        summary = {r[0]: r[1:] for r in wb["Summary"].iter_rows(values_only=True) if r[0]}
        self.assertEqual(summary["As of"][0], datetime.datetime(2025, 6, 30))
        listed = summary["Listed (current match on an adverse list)"]
        self.assertEqual(listed[0], 4)
        self.assertAlmostEqual(listed[1], 4 / 11)
        self.assertEqual(summary["Its legal representative"][0], "listed")

    def test_workbook_deliverable(self):
        """Counts that add up, real dates, coloured statuses, a chart, list names, rules, roles and
        subjects in words (no bare id in a visible cell)."""
        wb = openpyxl.load_workbook(self.xlsx)
        ws = wb["Partners"]
        head = [c.value for c in ws[1]]
        col = {name: i for i, name in enumerate(head)}
        rows = list(ws.iter_rows(min_row=2))
        summary = {r[0]: r[1:] for r in wb["Summary"].iter_rows(values_only=True) if r[0]}
        statuses = [r[col["Status"]].value for r in rows]
        self.assertEqual(summary["Screened"][0], len(rows))
        self.assertEqual(summary["Listed (current match on an adverse list)"][0], statuses.count("listed"))
        self.assertEqual(summary["To review (possible match)"][0], statuses.count("review"))
        self.assertEqual(summary["Clear, with historical matches only"][0] + summary["Clear"][0],
                         statuses.count("clear"))
        self.assertEqual(len(wb["Summary"]._charts), 1)
        # status colours: listed red, review amber, clear green
        fills = {"listed": "C00000", "review": "FFE699", "clear": "C6EFCE"}
        for r in rows:
            cell = r[col["Status"]]
            self.assertTrue(cell.fill.fgColor.rgb.endswith(fills[cell.value]), (cell.value, cell.fill.fgColor.rgb))
        # dates are date cells
        since = [r[col["Listed since"]] for r in rows if r[col["Listed since"]].value is not None]
        self.assertTrue(since)
        for cell in since:
            self.assertIsInstance(cell.value, datetime.datetime)
            self.assertTrue(cell.is_date)
        for sheet in ("Matches", "Historical"):
            for r in wb[sheet].iter_rows(min_row=2, values_only=True):
                for v in r[8:10]:
                    self.assertTrue(v is None or isinstance(v, datetime.datetime), (sheet, r))
        # no internal id a reader sees: every list, rule, role, subject, status and band id of the
        # label catalogue whose English words differ from it (similar_name, uscc, legal_rep, both, ...)
        ids = set()
        with open(os.path.join(SRC, "templates", "labels", "en.tsv"), encoding="utf-8") as f:
            for line in f:
                key, _, text = line.rstrip("\n").partition("\t")
                prefix, _, bare = key.partition(".")
                if prefix in ("list", "rule", "role", "subject", "screen", "band") and text and text != bare:
                    ids.add(bare)
        self.assertTrue({"similar_name", "uscc", "serious_illegal", "legal_rep", "not_screened"} <= ids, ids)
        snake = {i for i in ids if "_" in i}
        seen = set()
        for sheet in wb.sheetnames:
            for r in wb[sheet].iter_rows(values_only=True):
                for v in r:
                    # the Source column names list files (serious_illegal.csv:2): a path, not a word
                    if isinstance(v, str) and not v.startswith("/") and ".csv" not in v:
                        seen.add(v)
                        self.assertNotIn(v, ids, (sheet, v))
                        self.assertFalse(any(i in v for i in snake), (sheet, v))
        # the words are there instead
        for words in ("similar name", "same unified social credit code", "legal representative",
                      "supplier and customer", "serious illegal and dishonest list 严重违法失信名单"):
            self.assertIn(words, seen)
        # printed: landscape A4, header row repeated
        self.assertEqual(ws.page_setup.orientation, "landscape")
        self.assertEqual(str(ws.page_setup.paperSize), "9")
        self.assertEqual(ws.print_title_rows.replace("$", ""), "1:1")

    def test_json(self):
        with open(self.json, encoding="utf-8") as f:
            doc = json.load(f)
        self.assertEqual(doc["screening"]["partners_listed"], 4)
        self.assertEqual(doc["legal_rep"]["status"], "listed")
        self.assertNotIn(ID, json.dumps(doc, ensure_ascii=False))
        by_line = {p["line"]: p for p in doc["partner_results"]}
        self.assertEqual(by_line[6]["matches"][0]["band"], "clear")
        self.assertIn("different USCCs", by_line[6]["matches"][0]["explanation"])
        self.assertEqual(by_line[8]["matches"][0]["historical"], 1)
        star = [e for e in doc["exposure"] if e["list"] == "*"][0]
        self.assertEqual(star["spend_listed_fen"], 164000000)

    def test_lang_zh_and_csv(self):
        """--lang zh: every text of the workbook and the console in Chinese, list names in words;
        --csv: the Partners sheet's rows, formulas neutralised, identity numbers masked."""
        xlsx, csv_path = os.path.join(self.tmp, "zh.xlsx"), os.path.join(self.tmp, "zh.csv")
        rc, out, err = run("screen", PARTNERS, "-o", xlsx, "--csv", csv_path, "--db", self.db,
                           "--as-of", "2025-06-30", "--lang", "zh")
        self.assertEqual(rc, 0, err)
        self.assertIn("已将 11 个合作方与 11 条名单条目比对：在名单中 4 个，需复核 2 个，未命中 5 个", out)
        self.assertIn("其法定代表人：在名单中", out)
        self.assertNotIn("screened", out)
        wb = openpyxl.load_workbook(xlsx)
        self.assertEqual(wb.sheetnames, ["概要", "合作方", "匹配", "历史匹配"])
        ids = ("serious_illegal", "abnormal_operations", "judgment_defaulter", "red_list", "similar_name",
               "not_screened", "legal_rep")
        english = ("listed", "review", "clear", "match", "supplier", "customer", "Partner", "Summary",
                   "same USCC", "names equal", "names differ", "% similar", "branch marker", "removed from")
        for sheet in wb.sheetnames:
            for row in wb[sheet].iter_rows(values_only=True):
                for v in row:
                    if isinstance(v, str) and ".csv" not in v and "/" not in v.split(" ")[0]:
                        self.assertFalse(any(i in v for i in ids), (sheet, v))
                        self.assertFalse(any(w in v for w in english), (sheet, v))
        ws = wb["合作方"]
        head = [c.value for c in ws[1]]
        self.assertIn("状态", head)
        statuses = [r[head.index("状态")] for r in ws.iter_rows(min_row=2, values_only=True)]
        summary = {r[0]: r[1:] for r in wb["概要"].iter_rows(values_only=True) if r[0]}
        self.assertEqual(summary["已筛查"][0], len(statuses))
        self.assertEqual(summary["在名单中（当前命中不良名单）"][0], statuses.count("在名单中"))
        self.assertEqual(summary["需复核（可能命中）"][0], statuses.count("需复核"))
        self.assertIsInstance(summary["截至日期"][0], datetime.datetime)
        self.assertEqual(len(wb["概要"]._charts), 1)
        lists = [r[head.index("所在名单")] for r in ws.iter_rows(min_row=2, values_only=True)]
        self.assertIn("严重违法失信名单", lists)
        self.assertEqual(ws.oddHeader.center.text.strip().replace('&"-,Bold"', ""), "合作方")
        # the CSV: a byte-order mark, the sheet's heading and rows, cell for cell
        with open(csv_path, "rb") as f:
            raw = f.read()
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"))
        self.assertIn(b"\r\n", raw)
        import csv as csvmod
        rows = list(csvmod.reader(raw.decode("utf-8-sig").splitlines()))
        sheet_rows = list(ws.iter_rows(values_only=True))
        self.assertEqual(rows[0], head)
        self.assertEqual(len(rows), len(sheet_rows))

        def shown(v):
            if v is None:
                return ""
            if isinstance(v, datetime.datetime):
                return v.strftime("%Y-%m-%d")
            if isinstance(v, float):
                return f"{v:.2f}"
            return str(v)
        # spend is one term on every sheet: the Summary's 采购/销售额 (not 金额 on Partners)
        spend = head.index("采购/销售额（元）")
        summary_heads = [c for r in wb["概要"].iter_rows(values_only=True) for c in r if isinstance(c, str)]
        self.assertIn("采购/销售额（元）", summary_heads)
        self.assertIn("与在名单者的采购/销售额（元）", summary_heads)
        self.assertFalse([c for c in summary_heads + head if "金额" in c], "金额 beside 采购/销售额")
        for got, want in zip(rows[1:], sheet_rows[1:]):
            want = [shown(v) for v in want]
            if want[spend]:
                want[spend] = f"{float(want[spend]):.2f}"
            got = [g[1:] if g.startswith("'=") else g for g in got]
            self.assertEqual(got, want)
        self.assertIn("'=金石建筑工程有限公司", raw.decode("utf-8"))
        self.assertNotIn(ID, raw.decode("utf-8"))
        # in English, the CSV's heading is the English sheet's
        en_csv = os.path.join(self.tmp, "en.csv")
        rc, out, err = run("screen", PARTNERS, "--csv", en_csv, "--db", self.db, "--as-of", "2025-06-30")
        self.assertEqual(rc, 0, err)
        with open(en_csv, encoding="utf-8-sig") as f:
            en_rows = list(csvmod.reader(f))
        self.assertEqual(en_rows[0], [c.value for c in openpyxl.load_workbook(self.xlsx)["Partners"][1]])
        self.assertIn("wrote en.csv", out.replace(self.tmp + "/", ""))

    def test_lang_zh_lists_not_read_whole(self):
        """In Chinese, why the lists were not read whole is Chinese too (console and Summary)."""
        lists = os.path.join(self.tmp, "zh-lists")
        shutil.copytree(LISTS, lists)
        with open(os.path.join(lists, "zz-unreadable.csv"), "w", encoding="utf-8") as f:
            f.write("foo;bar\n1;2\n")
        xlsx = os.path.join(self.tmp, "zh-incomplete.xlsx")
        rc, out, err = run("screen", PARTNERS, "--lists", lists, "-o", xlsx, "--as-of", "2025-06-30", "--lang", "zh")
        self.assertEqual(rc, 0, err)
        self.assertIn("zz-unreadable.csv未读取（未找到表头））；不报告任何合作方为未命中", out)
        self.assertNotIn("was not read", out)
        summary = {r[0]: r[1:] for r in openpyxl.load_workbook(xlsx)["概要"].iter_rows(values_only=True) if r[0]}
        self.assertIn("未读取（未找到表头）", summary["名单是否完整读取"][0])
        self.assertNotIn("was not read", summary["名单是否完整读取"][0])

    def test_reuse_lists_database(self):
        # screen again without --lists: the stored lists and their index are used
        out = os.path.join(self.tmp, "again.json")
        rc, so, err = run("screen", PARTNERS, "--json", out, "--db", self.db, "--as-of", "2025-06-30",
                          "--match-score", "70", "--review-score", "50", "--timings")
        self.assertEqual(rc, 0, err)
        self.assertIn("read lists           0.00 s", err)  # not indexed again
        with open(out, encoding="utf-8") as f:
            doc = json.load(f)
        by_line = {p["line"]: p for p in doc["partner_results"]}
        # lower thresholds: the branch and the similar name are matches now
        self.assertEqual(by_line[7]["status"], "listed")
        self.assertEqual(by_line[4]["status"], "listed")
        self.assertEqual(doc["screening"]["match_score"], 70)
        # the stored results follow the last run
        self.assertEqual(self.query("SELECT match_score, review_score FROM screen_info"), [(70, 50)])
        # and back
        rc, so, err = run("screen", PARTNERS, "--json", out, "--db", self.db, "--as-of", "2025-06-30")
        self.assertEqual(rc, 0, err)

    def test_show_personal_data(self):
        out = os.path.join(self.tmp, "shown.xlsx")
        rc, so, err = run("screen", PARTNERS, "-o", out, "--db", self.db, "--as-of", "2025-06-30",
                          "--show-personal-data")
        self.assertEqual(rc, 0, err)
        ids = [r[7] for r in openpyxl.load_workbook(out)["Matches"].iter_rows(min_row=2, values_only=True)]
        self.assertIn(ID, ids)


class Errors(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="cscs-screen-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_usage(self):
        out = os.path.join(self.tmp, "o.xlsx")
        cases = [
            ((PARTNERS, "--lists", LISTS), "no output given"),
            ((PARTNERS, "-o", out), "no lists to screen against; give --lists DIR"),
            ((PARTNERS, "--lists", LISTS, "-o", out, "--match-score", "101"), "--match-score must be"),
            ((PARTNERS, "--lists", LISTS, "-o", out, "--review-score", "x"), "--review-score must be"),
            ((PARTNERS, "--lists", LISTS, "-o", out, "--match-score", "60", "--review-score", "70"),
             "--review-score (70) is above --match-score (60)"),
            ((PARTNERS, "--lists", PARTNERS, "-o", out), "is not a folder"),
            ((PARTNERS, "--lists", LISTS, "-o", PARTNERS), "would overwrite the input"),
            ((PARTNERS, "--lists", LISTS, "-o", out, "--as-of", "2025-02-30"), "is not a date"),
            (("--lists", LISTS, "-o", out), "no partners file given"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                rc, so, err = run("screen", *args)
                self.assertEqual(rc, 2, err)
                self.assertIn(message, err)
                self.assertFalse(os.path.exists(out))

    def test_empty_lists_database(self):
        db = os.path.join(self.tmp, "empty.db")
        rc, so, err = run("screen", PARTNERS, "-o", os.path.join(self.tmp, "o.xlsx"), "--db", db)
        self.assertEqual(rc, 2)
        self.assertIn("the database holds no lists; give --lists DIR", err)

    def test_bad_partners_file_leaves_output_alone(self):
        out = os.path.join(self.tmp, "o.xlsx")
        with open(out, "w") as f:
            f.write("earlier output")
        bad = os.path.join(self.tmp, "partners.csv")
        with open(bad, "w", encoding="utf-8") as f:
            f.write("uscc,country\n91110000600037341L,CN\n")  # no name column
        rc, so, err = run("screen", bad, "--lists", LISTS, "-o", out)
        self.assertEqual(rc, 2, err)
        with open(out) as f:
            self.assertEqual(f.read(), "earlier output")
        self.assertEqual([n for n in os.listdir(self.tmp) if n.startswith(".cscs-tmp")], [])

    def test_help(self):
        rc, so, err = run("screen", "--help")
        self.assertEqual(rc, 0)
        self.assertTrue(so.startswith("usage: cscs-audit screen PARTNERS.csv"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
