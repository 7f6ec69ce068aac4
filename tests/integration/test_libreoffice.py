#!/usr/bin/python3
"""The audit workbook opens in LibreOffice: headless conversion to PDF and CSV.

Skipped (exit 77, which meson counts as a skip) when soffice is not
installed; the CI set-up installs libreoffice-calc-nogui.
"""
import os
import shutil
import subprocess
import sys
import tempfile

AUDIT = os.environ["CSCS_AUDIT"]
SRC = os.environ["CSCS_SRCDIR"]
REPORT_DB = os.environ["CSCS_REPORT_DB"]

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def convert(soffice, tmp, paths, to):
    """Convert all paths in one LibreOffice start (it takes seconds); return the outputs."""
    # A private profile: parallel tests and a user's own LibreOffice never share one.
    profile = "file://" + os.path.join(tmp, "lo-profile")
    ext = to.split(":")[0]
    outdir = os.path.join(tmp, "converted-" + ext)
    proc = subprocess.run([soffice, "-env:UserInstallation=" + profile, "--headless", "--norestore",
                           "--convert-to", to, "--outdir", outdir, *paths],
                          capture_output=True, text=True, timeout=600)
    check(proc.returncode == 0, "soffice exit %d converting to %s: %s" % (proc.returncode, ext, proc.stderr))
    outs = []
    for path in paths:
        out = os.path.join(outdir, os.path.splitext(os.path.basename(path))[0] + "." + ext)
        check(os.path.exists(out), "soffice wrote no %s for %s: %s %s" % (ext, path, proc.stdout, proc.stderr))
        outs.append(out)
    return outs


def main():
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("SKIP: LibreOffice (soffice) is not installed")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "audit.db")
        subprocess.run([REPORT_DB, db, os.path.join(SRC, "tests", "fixtures", "report", "run.sql")],
                       check=True, timeout=60)
        books = []
        for lang in ("en", "zh"):
            xlsx = os.path.join(tmp, "report-%s.xlsx" % lang)
            proc = subprocess.run([AUDIT, "report", "--db", db, "-o", xlsx, "--lang", lang],
                                  capture_output=True, text=True, timeout=120)
            check(proc.returncode == 0, "report --lang %s: %s" % (lang, proc.stderr))
            books.append(xlsx)
        for lang, pdf in zip(("en", "zh"), convert(soffice, tmp, books, "pdf")):
            if not os.path.exists(pdf):
                continue
            with open(pdf, "rb") as f:
                data = f.read()
            check(data.startswith(b"%PDF") and len(data) > 10000, "%s is not a real PDF" % pdf)
            pdftotext = shutil.which("pdftotext")
            if pdftotext and lang == "en":
                text = subprocess.run([pdftotext, "-layout", pdf, "-"], capture_output=True,
                                      text=True, timeout=60).stdout
                for want in ("Corporate Social Credit Self-Audit", "610", "Remediation plan",
                             '=HYPERLINK("http://x","y")', "Page 1 of"):
                    check(want in text, "the PDF lacks %r" % want)
        # Control characters from the records and --title (a VT, an ESC) must not break the XML.
        pack = os.path.join(tmp, "pack")
        shutil.copytree(os.path.join(SRC, "examples", "acme-trading"), pack)
        for name, old, new in (("entity.csv", "艾克美贸易", "艾克美\x0b贸易"),
                               ("partners.csv", "华东电子元件", "华东电子\x1b[31m元件")):
            with open(os.path.join(pack, name), encoding="utf-8") as f:
                text = f.read()
            with open(os.path.join(pack, name), "w", encoding="utf-8") as f:
                f.write(text.replace(old, new, 1))
        ctrl = os.path.join(tmp, "control.xlsx")
        proc = subprocess.run([AUDIT, "audit", pack, "-o", ctrl, "--as-of", "2025-06-30", "--title", "Audit\x1b[2J"],
                              capture_output=True, text=True, timeout=300)
        check(proc.returncode == 0, "audit of a pack with control characters: %s" % proc.stderr)
        for out in convert(soffice, tmp, [ctrl], "csv:Text - txt - csv (StarCalc):44,34,76"):
            if os.path.exists(out):
                with open(out, encoding="utf-8") as f:
                    text = f.read()
                check("贸易（上海）有限公司" in text and "\x0b" not in text,
                      "LibreOffice opens the workbook whose company name held a VT: %r" % text[:300])
        # The first sheet as CSV, read back by LibreOffice's own parser.
        for lang, out in zip(("en", "zh"), convert(soffice, tmp, books, "csv:Text - txt - csv (StarCalc):44,34,76")):
            if not os.path.exists(out):
                continue
            with open(out, encoding="utf-8") as f:
                text = f.read()
            want = "Corporate Social Credit Self-Audit" if lang == "en" else "企业社会信用自查报告"
            check(want in text, "LibreOffice's CSV of the Summary lacks %r" % want)
            check("610" in text, "LibreOffice's CSV of the Summary lacks the score")
    if failures:
        print("%d check(s) failed" % len(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
