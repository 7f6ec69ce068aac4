#!/usr/bin/python3
"""Both workbooks print: the example's audit workbook (en and zh) and the
screening workbook of its partners, converted to PDF by LibreOffice.

The Summary of each prints on at most two A4 landscape pages; the screening
workbook is a few landscape pages, not one per column strip; no number on a
Summary is wider than its column (it would show ###). Pages are told apart
by the sheet name in their header. Skipped (exit 77) without soffice or
pdftotext.
"""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl

AUDIT = os.environ["CSCS_AUDIT"]
SRC = os.environ["CSCS_SRCDIR"]
EXAMPLE = os.path.join(SRC, "examples", "acme-trading")

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def run(*args):
    proc = subprocess.run([AUDIT, *args], capture_output=True, text=True, timeout=300)
    check(proc.returncode == 0, "%s: exit %d: %s" % (" ".join(args[:1]), proc.returncode, proc.stderr))


def page_sheets(pdftotext, pdf):
    """The header line of every page (it names the sheet), in page order."""
    text = subprocess.run([pdftotext, "-layout", pdf, "-"], capture_output=True, text=True,
                          timeout=120).stdout
    check("###" not in text, "%s shows ### in a cell" % os.path.basename(pdf))
    return [page.strip().splitlines()[0] if page.strip() else "" for page in text.split("\f")[:-1]]


def shown(value, fmt):
    """About how a number shows in its format, for its width."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "2026-06-30"
    if "%" in fmt:
        return "%.1f%%" % (value * 100)
    text = ("{:,.2f}" if "0.00" in fmt else "{:,.0f}" if "#,##0" in fmt else "{}").format(value)
    return ("¥" if "¥" in fmt else "") + text


def no_hashes(path, sheet):
    ws = openpyxl.load_workbook(path)[sheet]
    merged = set()
    for rng in ws.merged_cells.ranges:
        for row in ws.iter_rows(min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col,
                                max_col=rng.max_col):
            merged.update(c.coordinate for c in row)
    for row in ws.iter_rows():
        for c in row:
            if c.coordinate in merged or isinstance(c.value, (str, type(None), bool)):
                continue
            width = next((d.width for d in ws.column_dimensions.values()
                          if d.min and d.max and d.min <= c.column <= d.max and d.width), 8.43)
            text = shown(c.value, c.number_format or "General")
            # bold digits are about 1.1 column units each
            check(len(text) * 1.1 <= width, "%s %s!%s shows ### (%r in width %s)"
                  % (os.path.basename(path), sheet, c.coordinate, text, width))


def main():
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftotext = shutil.which("pdftotext")
    if not soffice or not pdftotext:
        print("SKIP: LibreOffice (soffice) or pdftotext is not installed")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        books = {}
        for lang in ("en", "zh"):
            books[lang] = os.path.join(tmp, "audit-%s.xlsx" % lang)
            run("audit", EXAMPLE, "-o", books[lang], "--as-of", "2026-06-30", "--lang", lang, "-q")
        books["screen"] = os.path.join(tmp, "screen.xlsx")
        run("screen", os.path.join(EXAMPLE, "partners.csv"), "--lists", os.path.join(EXAMPLE, "lists"),
            "-o", books["screen"], "--as-of", "2026-06-30", "-q")
        books["screen-zh"] = os.path.join(tmp, "screen-zh.xlsx")
        run("screen", os.path.join(EXAMPLE, "partners.csv"), "--lists", os.path.join(EXAMPLE, "lists"),
            "-o", books["screen-zh"], "--as-of", "2026-06-30", "--lang", "zh", "-q")
        if failures:
            return 1
        profile = "file://" + os.path.join(tmp, "lo-profile")
        outdir = os.path.join(tmp, "pdf")
        proc = subprocess.run([soffice, "-env:UserInstallation=" + profile, "--headless", "--norestore",
                               "--convert-to", "pdf", "--outdir", outdir, *books.values()],
                              capture_output=True, text=True, timeout=600)
        check(proc.returncode == 0, "soffice exit %d: %s" % (proc.returncode, proc.stderr))
        summary = {"en": "Summary", "zh": "概要", "screen": "Summary", "screen-zh": "概要"}
        sheets = {"screen": ("Partners", "Matches"), "screen-zh": ("合作方", "匹配")}
        for key, path in books.items():
            pdf = os.path.join(outdir, os.path.splitext(os.path.basename(path))[0] + ".pdf")
            if not os.path.exists(pdf):
                check(False, "soffice wrote no PDF for %s" % path)
                continue
            heads = page_sheets(pdftotext, pdf)
            n = sum(1 for h in heads if summary[key] in h.split())
            check(1 <= n <= 2, "%s: the Summary prints on %d pages (at most 2): %s" % (key, n, heads))
            if key in sheets:
                check(len(heads) <= 6, "the screening workbook of 8 partners prints on %d pages" % len(heads))
                for sheet in sheets[key]:
                    check(any(sheet in h.split() for h in heads), "no printed page of %s" % sheet)
            no_hashes(path, summary[key])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
