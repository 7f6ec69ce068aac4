#!/usr/bin/env python3
"""Write the seed corpora of the csv and xlsx fuzz targets.

Usage: make_seeds.py CSCS_AUDIT_BINARY CORPUS_DIR

Seeds are made from the example pack, the intake fixtures and workbooks that
`cscs-audit template` writes (in English and Chinese, blank and filled in by
openpyxl), so the fuzzer starts from what real users give the tool. The
seeds are committed; rerun this only to refresh them. Inputs found by the
fuzzer (crashes once fixed, and new coverage worth keeping) sit beside them.
"""
import io
import os
import subprocess
import sys
import tempfile
import zipfile

SRCDIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

# fuzz_csv: the first byte is (k - 1) << 2 | encoding, where a read delivers
# at most k * k bytes, and encoding 0 = detect, 1 = utf-8, 2 = gb18030, 3 = gbk.
DETECT, UTF8, GB18030, GBK = 0, 1, 2, 3


def csv_seed(enc, k, body):
    return bytes([((k - 1) << 2) | enc]) + body


def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def csv_seeds(out):
    example = os.path.join(SRCDIR, "examples", "acme-trading")
    for i, name in enumerate(sorted(os.listdir(example))):
        path = os.path.join(example, name)
        if name.endswith(".csv"):
            with open(path, "rb") as f:
                body = f.read()[:4096]
            write(out, "example-" + name[:-4], csv_seed(DETECT, 1 + (i * 7) % 64, body))
    chinese = "名称,统一社会信用代码,到期日\n上海某某贸易有限公司,91310000MA1FL8TQ3E,2025年3月1日\n"
    write(out, "gb18030-detected", csv_seed(DETECT, 3, chinese.encode("gb18030")))
    write(out, "gb18030-named", csv_seed(GB18030, 64, chinese.encode("gb18030")))
    write(out, "gbk-named", csv_seed(GBK, 5, chinese.encode("gbk")))
    write(out, "gbk-as-utf8", csv_seed(UTF8, 2, chinese.encode("gbk")))
    write(out, "gb-after-ascii", csv_seed(DETECT, 64, b"a,b\n" * 1100 + chinese.encode("gb18030")))
    write(out, "utf8-bom-crlf", csv_seed(DETECT, 1, b"\xef\xbb\xbf" + chinese.replace("\n", "\r\n").encode()))
    write(out, "gb18030-bom", csv_seed(GB18030, 4, "\ufeff".encode("gb18030") + chinese.encode("gb18030")))
    write(out, "quotes", csv_seed(UTF8, 1,
                                  b'a,"b ""q"" c","multi\r\nline",d\n"unterminated,\n'))
    write(out, "quote-in-field", csv_seed(DETECT, 2, b'a,b"c,d\n1,"2"x,3\n\n\r\n,,\n'))
    write(out, "truncated-utf8", csv_seed(DETECT, 1, "名称,值\n甲,".encode()[:-1]))
    write(out, "nul-bytes", csv_seed(DETECT, 3, b"a,b\x00c\n\x00,\x00\n"))


def parts(zip_bytes, sheet):
    """The parts mode of fuzz_xlsx: sheet, shared strings, styles, workbook, rels, NUL-separated."""
    z = zipfile.ZipFile(io.BytesIO(zip_bytes))
    names = set(z.namelist())
    seq = [sheet, "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"]
    out = []
    for name in seq:
        out.append(z.read(name) if name in names else b"")
    # The fuzzed worksheet is always stored as sheet1.xml: point its relationship there.
    out[4] = out[4].replace(sheet[len("xl/"):].encode(), b"worksheets/sheet1.xml")
    return b"\0".join(out)


def xlsx_seeds(audit, out):
    workbooks = {}
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("en", "zh"):
            d = os.path.join(tmp, lang)
            subprocess.run([audit, "template", d, "--lang", lang], check=True, capture_output=True)
            with open(os.path.join(d, "intake.xlsx"), "rb") as f:
                workbooks[f"template-{lang}"] = f.read()
        try:
            import openpyxl  # Debian's python3-openpyxl
            import datetime
            wb = openpyxl.load_workbook(os.path.join(tmp, "en", "intake.xlsx"))
            ws = wb["licenses"] if "licenses" in wb.sheetnames else wb.worksheets[0]
            ws.append(["L-1", "Trading licence", "SAMR", datetime.date(2024, 3, 1), datetime.date(2026, 2, 28),
                       "active", 1234.5, True, "=A2"])
            ws.append(["L-2", "沪食药监", None, "2025/3/1", 45717, "expired"])
            buf = io.BytesIO()
            wb.save(buf)
            workbooks["filled"] = buf.getvalue()
        except ImportError:
            print("openpyxl not found: no filled workbook seed", file=sys.stderr)
    with open(os.path.join(SRCDIR, "tests", "fixtures", "intake", "xlsx", "handmade.xlsx"), "rb") as f:
        workbooks["handmade"] = f.read()
    for name, data in workbooks.items():
        write(out, name, data)
        z = zipfile.ZipFile(io.BytesIO(data))
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        sheets.sort(key=lambda n: int("".join(c for c in n if c.isdigit()) or 0))
        # Two sheets per workbook are enough (they share their structure),
        # and any sheet that holds data.
        chosen = sheets[:2] + [n for n in sheets[2:] if b"L-1" in z.read(n)]
        for sheet in chosen:
            base = os.path.basename(sheet)[:-4]
            write(out, f"parts-{name}-{base}", parts(data, sheet))
    # Hand-made parts: inline strings, phonetic runs, dates in both systems, errors.
    sheet = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             b'<row r="1"><c r="A1" t="inlineStr"><is><t>license_no</t></is></c><c r="B1" t="s"><v>0</v></c></row>'
             b'<row r="3"><c r="A3" t="inlineStr"><is><r><t>L-</t></r><r><t>9</t></r><rPh><t>x</t></rPh></is></c>'
             b'<c r="B3" s="1"><v>45717</v></c><c r="D3" t="b"><v>1</v></c><c r="E3" t="e"><v>#N/A</v></c>'
             b'<c r="F3" t="d"><v>2025-03-01T00:00:00</v></c><c r="G3" t="str"><v>x</v></c></row>'
             b'</sheetData></worksheet>')
    sst = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           b'<si><t>expires_on</t></si><si><r><t>a</t></r><r><t>b</t></r></si></sst>')
    styles = (b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'<numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;&#24180;&quot;m&quot;&#26376;&quot;"/></numFmts>'
              b'<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>')
    write(out, "parts-handwritten", b"\0".join([sheet, sst, styles]))
    workbook1904 = (b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                    b'<workbookPr date1904="1"/><sheets><sheet name="a" r:id="rId1"/></sheets></workbook>')
    write(out, "parts-1904", b"\0".join([sheet, sst, styles, workbook1904]))


def main():
    audit, corpus = sys.argv[1], sys.argv[2]
    csv_seeds(os.path.join(corpus, "csv"))
    xlsx_seeds(audit, os.path.join(corpus, "xlsx"))


if __name__ == "__main__":
    main()
