"""The score on the example pack (docs/scoring.md): it moves, and fixing any failed check raises it.

The example is audited once; then each failed check is waived in turn with the
engine (`check --waivers`), and each of those runs must score higher. The
stored figures are also recomputed here from the documented formula, so the
documentation and the engine cannot drift apart.
"""
import json
import math
import os
import sqlite3

import openpyxl

from clitest import run, check, expect_exit, finish, tempdir, SRCDIR

EXAMPLE = os.path.join(SRCDIR, "examples", "acme-trading")
AS_OF = "2026-06-30"
SHARE = {"critical": 0.5, "high": 0.25, "medium": 0.1, "low": 0.03, "info": 0.0}


def rows(db, sql):
    c = sqlite3.connect(db)
    r = c.execute(sql).fetchall()
    c.close()
    return r


def positive(area, tags):
    """A positive signal, or an unscored check (EVD-001): neither is an area of the score."""
    words = [t.strip() for t in (tags or "").split(",")]
    return area == "positive" or "positive" in words or "unscored" in words


def recompute(results):
    """The formula of docs/scoring.md, written again: {area: kept} and the exact score."""
    kept = {}
    for check_id, area, status, severity, weight, tags in results:
        if positive(area, tags) or status not in ("fail", "pass", "waived"):
            continue
        kept.setdefault(area, 1.0)
        if status == "fail":
            kept[area] *= 1 - min(SHARE[severity] * weight, 0.9)
    if not kept:
        return kept, 1000.0
    return kept, sum(1000.0 / len(kept) * k for k in kept.values())


with tempdir() as tmp:
    db = os.path.join(tmp, "audit.db")
    out_json = os.path.join(tmp, "audit.json")
    r = run("audit", EXAMPLE, "-o", os.path.join(tmp, "audit.xlsx"), "--json", out_json, "--db", db,
            "--as-of", AS_OF)
    expect_exit(r, 0, "audit of the example")
    (run_id, score, grade, detail), = rows(db, "SELECT id, score, grade, score_detail FROM runs")
    detail = json.loads(detail)
    check(0 < score < 1000, f"the example scores neither 0 nor 1000: {score}")
    check(detail["model"] == "cscs-audit score 2", "model 2 recorded")
    top_line = "fixing " + ", ".join(detail["fix_top"]["checks"]) + f" would give {detail['fix_top']['score']} of 1000"
    check(top_line in r[1] + r[2], "the console says what fixing the top three gives: " + r[1] + r[2])
    results = rows(db, "SELECT check_id, area, status, severity, weight, tags FROM results WHERE run_id = 1")
    failed = [x for x in results if x[2] == "fail" and not positive(x[1], x[5])]
    check(len(failed) >= 15, f"the example has many failed checks: {len(failed)}")

    # the documented formula gives the stored score and the stored areas
    kept, exact = recompute(results)
    check(round(exact) == score, f"formula gives {exact:.2f}, stored {score}")
    check([a["area"] for a in detail["areas"]] == sorted(kept), "areas of the detail: " + str(detail["areas"]))
    for a in detail["areas"]:
        check(a["percent"] == round(kept[a["area"]] * 100), f"area {a['area']}: {a['percent']} %")
    (deducted,), = rows(db, "SELECT sum(deduction) FROM results WHERE run_id = 1")
    check(deducted == 1000 - score, f"deductions add up to 1000 - score: {deducted}")
    check(all(d == 0 for (d,) in rows(db, "SELECT deduction FROM results WHERE run_id = 1 AND area = 'positive'")),
          "positive signals deduct nothing")
    # one area, however bad, cannot take more than its share
    share = 1000.0 / len(kept)
    for area in kept:
        worst = [x if x[1] != area or x[2] != "fail" else (x[0], x[1], x[2], "critical", 100.0, x[5]) for x in results]
        check(recompute(worst)[1] >= exact - share, f"area {area} at its worst loses at most its share")

    # positive signals apart: not open findings, not failed checks
    doc = json.load(open(out_json, encoding="utf-8"))
    counts = doc["counts"]
    check(counts["positive_signals"] >= 1, "the example's red-list entry is a positive signal")
    (n_open,), = rows(db, "SELECT count(*) FROM findings f JOIN results r USING (run_id, check_id)"
                          " WHERE f.run_id = 1 AND f.waived = 0 AND r.area <> 'positive'")
    check(counts["open"] == n_open, f"open findings exclude positive signals: {counts['open']} vs {n_open}")

    # the Summary shows the score per area, what fixing the top three gives, and the positive signals apart
    for lang, by_area, fix, pos in (("en", "Score by area", "If the top three are fixed", "Positive signals"),
                                    ("zh", "各领域得分", "纠正前三项后", "正面信息")):
        xlsx = os.path.join(tmp, f"summary-{lang}.xlsx")
        r = run("report", "--db", db, "--run", "1", "-o", xlsx, "--lang", lang)
        expect_exit(r, 0, "report in " + lang)
        ws = openpyxl.load_workbook(xlsx)["Summary" if lang == "en" else "概要"]
        cells = [[c.value for c in row] for row in ws.iter_rows()]
        first = [row[0] for row in cells]
        check(fix in first and cells[first.index(fix)][1] == detail["fix_top"]["score"],
              f"{lang}: the top three fixed give {detail['fix_top']['score']}")
        check(pos in first and "POS-004" in str(cells[first.index(pos)][1]), f"{lang}: positive signal shown apart")
        check(by_area in first, f"{lang}: score by area")
        if by_area in first:
            i = first.index(by_area) + 2
            areas = cells[i:i + len(kept)]
            check(len(areas) == len(kept) and all(row[2] is not None for row in areas), f"{lang}: one row per area")
            total = cells[i + len(kept)]
            check(round(total[3]) == score, f"{lang}: the areas' points add up to the score: {total}")

    # each failed check waived in turn: the engine scores higher every time
    waivers = os.path.join(tmp, "waivers.csv")
    for check_id, area, status, severity, weight, tags in failed:
        with open(waivers, "w", encoding="utf-8") as f:
            f.write("check_id,subject,justification,approver,granted_on,expires_on\n"
                    f"{check_id},,Fixed in this test,Test,2026-01-01,2027-12-31\n")
        r = run("check", "--db", db, "--as-of", AS_OF, "--waivers", waivers)
        expect_exit(r, 0, "check waiving " + check_id)
        (after,), = rows(db, "SELECT score FROM runs WHERE id = (SELECT max(id) FROM runs)")
        check(after > score, f"waiving {check_id} ({severity}) raises the score: {score} -> {after}")
        rest = [x for x in results if x[0] != check_id]
        check(round(recompute(rest)[1]) == after, f"formula agrees without {check_id}")

    # "fixing the top three" is what the engine gives with those three waived
    top = detail["fix_top"]["checks"]
    check(len(top) == 3, "three checks to fix: " + str(top))
    with open(waivers, "w", encoding="utf-8") as f:
        f.write("check_id,subject,justification,approver,granted_on,expires_on\n")
        for c in top:
            f.write(f"{c},,Fixed in this test,Test,2026-01-01,2027-12-31\n")
    r = run("check", "--db", db, "--as-of", AS_OF, "--waivers", waivers)
    expect_exit(r, 0, "check waiving the top three")
    (after,), = rows(db, "SELECT score FROM runs WHERE id = (SELECT max(id) FROM runs)")
    check(after == detail["fix_top"]["score"] and after > score,
          f"the top three fixed give {after}, the Summary says {detail['fix_top']['score']}")

    # a previous run scored by another model: no score change is computed against it
    c = sqlite3.connect(db)
    c.execute("UPDATE runs SET score_detail = json_set(score_detail, '$.model', 'cscs-audit score 1') WHERE id = 1")
    c.commit()
    c.close()
    for run_id, comparable in ((2, False), (3, True)):
        out = os.path.join(tmp, f"run{run_id}.json")
        r = run("report", "--db", db, "--run", str(run_id), "--json", out)
        expect_exit(r, 0, f"report of run {run_id}")
        delta = json.load(open(out, encoding="utf-8"))["delta"]
        check(delta["previous_score"] is not None and (delta["score_change"] is not None) == comparable,
              f"run {run_id}: score change {'given' if comparable else 'withheld'}: {delta}")
    xlsx = os.path.join(tmp, "run2.xlsx")
    r = run("report", "--db", db, "--run", "2", "-o", xlsx)
    expect_exit(r, 0, "workbook of run 2")
    ws = openpyxl.load_workbook(xlsx)["Summary"]
    check(any("not comparable" in str(c.value) for row in ws.iter_rows() for c in row),
          "the Summary says the previous score is not comparable")

finish()
