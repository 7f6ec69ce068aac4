#!/usr/bin/python3
"""Compare a screening database with the cases gen_screen_data.py planted.

    check_planted.py DB PLANTED.csv [--show N]

For every planted partner, looks up the match between it and the planted
list entry and compares its band with the expected one. Prints a table by
kind and exits 1 when a planted pair was missed: screened below its band
(unless the partner is flagged through better matches that crowd this one
out of the matches kept) or a near miss or conflict screened as a match.
"""
import argparse
import collections
import csv
import sqlite3
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("planted")
    ap.add_argument("--show", type=int, default=3, help="mismatches to print per kind")
    a = ap.parse_args()
    db = sqlite3.connect(a.db)
    # every partner match at once: one query per planted case would scan the tables
    found = {}
    for line, lst, entry_line, band, score, hist, why in db.execute(
            "SELECT p.src_line, e.list, e.src_line, m.band, m.score, m.historical, m.explanation"
            " FROM screen_matches m JOIN partners p ON p.id = m.partner_id"
            " JOIN list_entries e ON e.id = m.list_entry_id WHERE m.subject_kind = 'partner'"):
        found[(line, lst, entry_line)] = (band, score, hist, why)
    status_of = {line: status for line, status in db.execute(
        "SELECT p.src_line, s.status FROM partner_status s JOIN partners p ON p.id = s.partner_id")}
    rank = {"clear": 0, "review": 1, "match": 2}
    total = collections.Counter()
    good = collections.Counter()
    outranked = collections.Counter()
    false_pos = collections.Counter()
    missed = collections.Counter()
    shown = collections.Counter()
    with open(a.planted, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            kind = row["kind"]
            got = found.get((int(row["line"]), row["list"], int(row["entry_line"])))
            band = got[0] if got else "clear"  # a pair not stored is clear
            total[kind] += 1
            if band == row["band"]:
                good[kind] += 1
                continue
            flagged = status_of.get(int(row["line"])) in ("listed", "review")
            if not got and row["band"] != "clear" and flagged and not row["removed_on"]:
                # the partner is flagged by better matches; this pair is not among its best
                outranked[kind] += 1
                continue
            if rank[band] > rank[row["band"]] and band != "match":
                false_pos[kind] += 1  # a near miss similar enough for review
            else:
                missed[kind] += 1
            if shown[kind] < a.show:
                shown[kind] += 1
                print("line %s (%s): expected %s, got %s%s" % (
                    row["line"], kind, row["band"], band,
                    ": %d, %s" % (got[1], got[3]) if got else " (no match stored)"))
    print("%-12s %8s %12s %10s %10s %8s" % ("kind", "planted", "as expected", "outranked", "review fp", "missed"))
    for kind in sorted(total):
        print("%-12s %8d %12d %10d %10d %8d" % (kind, total[kind], good[kind], outranked[kind], false_pos[kind],
                                               missed[kind]))
    print("outranked: the partner is listed or for review through better matches, and this pair is not among")
    print("the matches kept for it; review fp: a planted near miss similar enough for review")
    # Partners listed or for review that nobody planted, by the rule of their best
    # match: chance collisions of equal normalised names or codes, and similar names.
    planted_lines = set()
    with open(a.planted, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            planted_lines.add(int(row["line"]))
    unplanted = collections.Counter()
    for line, status, rule in db.execute(
            "SELECT p.src_line, s.status, m.rule FROM partner_status s JOIN partners p ON p.id = s.partner_id"
            " LEFT JOIN screen_matches m ON m.id = s.best_match_id WHERE s.status IN ('listed', 'review')"):
        if line not in planted_lines:
            unplanted[(status, rule)] += 1
    print("not planted: %d listed, %d for review" % (
        sum(n for (st, _), n in unplanted.items() if st == "listed"),
        sum(n for (st, _), n in unplanted.items() if st == "review")))
    for (status, rule), n in sorted(unplanted.items()):
        print("  %-7s by %-13s %8d" % (status, rule, n))
    return 0 if sum(missed.values()) == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
