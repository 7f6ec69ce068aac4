#!/usr/bin/python3
"""The reference the screening benchmark is compared with: exact matching in pandas.

    pandas_exact.py PARTNERS.csv LISTS_DIR OUT.csv

Reads every list export and the partners file, and joins them on the USCC and on the
name after a plain normalisation (blanks, brackets and punctuation removed, letters in
lower case, a trailing 有限公司, 有限责任公司 or 股份有限公司 cut off): what a short script
written against the same files would do. No similar names, no traditional characters,
no branches. Writes the matched pairs to OUT.csv and prints how many. For the benchmark
only (python3-pandas from Debian); the tests never need it.
"""
import os
import sys

import pandas as pd

FORMS = r"(股份有限公司|有限责任公司|有限公司)$"


def norm(names):
    s = names.fillna("").str.lower()
    s = s.str.replace(r"[\s\(\)（）【】\[\]·.,，、]", "", regex=True)
    return s.str.replace(FORMS, "", regex=True)


def main():
    partners_path, lists_dir, out = sys.argv[1:4]
    p = pd.read_csv(partners_path, dtype=str, usecols=["name", "uscc"])
    p["line"] = range(2, len(p) + 2)
    p["key"] = norm(p["name"])
    frames = []
    for f in sorted(os.listdir(lists_dir)):
        if f.endswith(".csv"):
            e = pd.read_csv(os.path.join(lists_dir, f), dtype=str, usecols=["list", "name", "uscc"])
            e["entry_line"] = range(2, len(e) + 2)
            frames.append(e)
    e = pd.concat(frames, ignore_index=True)
    e["key"] = norm(e["name"])
    by_code = p.dropna(subset=["uscc"]).merge(e.dropna(subset=["uscc"]), on="uscc", suffixes=("", "_e"))
    by_name = p[p["key"] != ""].merge(e[e["key"] != ""], on="key", suffixes=("", "_e"))
    both = pd.concat([by_code[["line", "list", "entry_line"]], by_name[["line", "list", "entry_line"]]])
    both = both.drop_duplicates()
    both.to_csv(out, index=False)
    print("pandas exact match: %d pairs, %d partners" % (len(both), both["line"].nunique()))


if __name__ == "__main__":
    main()
