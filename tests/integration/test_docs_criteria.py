#!/usr/bin/env python3
"""docs/criteria.md is generated from the shipped checklists and must not be stale.

Regenerate it with:
    cscs-audit checklist list --format md checklists > docs/criteria.md
"""
import difflib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import run, check, expect_exit, finish, SRCDIR  # noqa: E402

CHECKLISTS = os.path.join(SRCDIR, "checklists")
DOC = os.path.join(SRCDIR, "docs", "criteria.md")

ids = set()
for name in sorted(os.listdir(CHECKLISTS)):
    if name.endswith(".sql"):
        with open(os.path.join(CHECKLISTS, name), encoding="utf-8") as f:
            ids.update(re.findall(r"^--\s*check:\s*(\S+)", f.read(), re.M))
check(len(ids) > 0, "the shipped checklists hold checks")

r = run("checklist", "list", "--format", "md", CHECKLISTS)
expect_exit(r, 0, "checklist list --format md")
generated = r[1]
for cid in sorted(ids):
    check(cid in generated, f"the generated catalogue lists {cid}")

check(os.path.exists(DOC), "docs/criteria.md exists")
if os.path.exists(DOC):
    with open(DOC, encoding="utf-8") as f:
        committed = f.read()
    if committed != generated:
        diff = "".join(list(difflib.unified_diff(committed.splitlines(True), generated.splitlines(True),
                                                 "docs/criteria.md", "generated"))[:40])
        check(False, "docs/criteria.md is stale; regenerate it with\n"
              "  cscs-audit checklist list --format md checklists > docs/criteria.md\n" + diff)
finish()
