"""List exports written without quotes, whose values hold commas: a row split by one is read the
way its fields fit their columns, or its doubtful columns are unknown, and a value is never
stored in the wrong column.

Each seed writes one export: the columns of a real export in a random order and subset (序号,
企业名称, 统一社会信用代码, 法定代表人, 列入日期 in three forms, 移出日期, 列入事由,
作出决定机关, and 评价年度, a column the tool does not know), a comma ending every row in some
files, and a minority of values written with a comma, as exports have them: English names
("Huadong Electronics Co., Ltd.", "Acme,Inc"), reasons ("拖欠工资,逃匿", "隐瞒真实情况, 情节严重"),
authorities, a legal representative "Smith, John". The import's result is compared with what
was written, column by column: every stored value is the one written or is unknown (NULL, with
its unknown_values row), and the rows without a comma are read whole."""
import json
import os
import random
import re
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import check, expect_exit, finish, run  # noqa: E402

COLUMNS = [("序号", "seq"), ("企业名称", "name"), ("统一社会信用代码", "uscc"), ("法定代表人", "legal_rep_name"),
           ("列入日期", "listed_on"), ("移出日期", "removed_on"), ("列入事由", "reason"), ("作出决定机关", "authority"),
           ("评价年度", None)]
CODES = ["91310000MA1FL0AB0T", "91310115MA1H7XYW0W", "91110105MA01CDEF0B", "913100004234567206", ""]
# (without a comma, with one)
NAMES = (["上海恒通贸易有限公司", "北京鼎嘉贸易有限责任公司", "深圳市前海恒通供应链管理有限公司"],
         ["Huadong Electronics Co., Ltd.", "Acme,Inc", "Ocean Apex Trading Co.,Ltd"])
REASONS = (["提交虚假材料", "隐瞒真实情况"], ["未按规定公示年度报告,经责令仍未改正", "隐瞒真实情况, 情节严重", "拖欠工资,逃匿"])
AUTHORITIES = (["上海市市场监督管理局", "北京市朝阳区市场监督管理局"], ["北京市朝阳区市场监督管理局,综合执法大队", "Shanghai AMR, Pudong"])
REPS = (["王伟", "李娜", "张三"], ["Smith, John"])
COMMA = 0.08  # share of values written with a comma
SEEDS = range(1, 25)
ROWS = 150


def export(seed):
    """One export's text and, per row, the values written (field -> text)."""
    rnd = random.Random(seed)
    first = [True]  # the first rows are split more often: the file's usual width is not known yet
    pick = lambda v: rnd.choice(v[1] if rnd.random() < (0.5 if first[0] else COMMA) else v[0])  # noqa: E731
    cols = [c for c in COLUMNS if c[1] == "name" or rnd.random() < 0.7]
    rnd.shuffle(cols)
    trail = "," if rnd.random() < 0.3 else ""
    lines, truth = [",".join(h for h, _ in cols)], []
    for i in range(ROWS):
        first[0] = i < 3
        vals, row = [], {}
        for _, f in cols:
            v = {"seq": lambda: str(i + 1), "name": lambda: pick(NAMES), "uscc": lambda: rnd.choice(CODES),
                 "legal_rep_name": lambda: pick(REPS),
                 "listed_on": lambda: rnd.choice(["2024-03-01", "2023年5月6日", "2022/01/10"]),
                 "removed_on": lambda: rnd.choice(["", "", "2025-01-02"]), "reason": lambda: pick(REASONS),
                 "authority": lambda: pick(AUTHORITIES), None: lambda: rnd.choice(["2023", "", "A"])}[f]()
            vals.append(v)
            if f and f != "seq":
                row[f] = v
        lines.append(",".join(vals) + trail)
        truth.append(row)
    return "\n".join(lines) + "\n", truth


def as_stored(field, v):
    if not v:
        return None
    if field in ("listed_on", "removed_on"):
        return "%04d-%02d-%02d" % tuple(map(int, re.match(r"(\d{4})\D(\d{1,2})\D(\d{1,2})", v).groups()))
    return v


def main():
    tmp = tempfile.mkdtemp(prefix="cscs-split-")
    totals = {"right": 0, "unknown": 0, "split rows": 0, "read whole": 0}
    try:
        for seed in SEEDS:
            text, truth = export(seed)
            pack = os.path.join(tmp, f"s{seed}")
            os.makedirs(os.path.join(pack, "lists"))
            with open(os.path.join(pack, "lists", "serious_illegal.csv"), "w", encoding="utf-8") as f:
                f.write(text)
            with open(os.path.join(pack, "partners.csv"), "w", encoding="utf-8") as f:
                f.write("name\n某某公司\n")
            db = os.path.join(tmp, f"s{seed}.db")
            r = run("-q", "screen", os.path.join(pack, "partners.csv"), "--lists", os.path.join(pack, "lists"),
                    "-o", os.path.join(tmp, f"s{seed}.xlsx"), "--db", db, "--as-of", "2025-06-30")
            expect_exit(r, 0, f"seed {seed}: screen")
            con = sqlite3.connect(db)
            fields = sorted({f for row in truth for f in row})
            for line, *vals in con.execute(f"SELECT src_line, {', '.join(fields)} FROM list_entries"):
                want = truth[line - 2]
                clean = not any("," in v for v in want.values())
                totals["split rows"] += not clean
                whole = True
                for f, got in zip(fields, vals):
                    w = as_stored(f, want[f])
                    if got == w:
                        totals["right"] += 1
                        continue
                    unknown = got is None and con.execute(
                        "SELECT count(*) FROM unknown_values WHERE record_table = 'list_entries' AND line = ?"
                        " AND column_name = ?", (line, f)).fetchone()[0] == 1
                    totals["unknown"] += unknown
                    whole = False
                    check(unknown and not clean,
                          f"seed {seed}, line {line}, {f}: stored {got!r}, written {w!r}"
                          f"{' (a row without a comma)' if clean else ''}: {json.dumps(want, ensure_ascii=False)}")
                totals["read whole"] += whole and not clean
            con.close()
        # split rows are read whole where their columns tell (394 of 816 with these seeds: in random column
        # orders, columns of free text often sit side by side); the columns of the others are said unknown
        print(totals)
        check(0 < totals["unknown"] and totals["read whole"] > totals["split rows"] / 3, f"values: {totals}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
