#!/usr/bin/env python3
"""The bad-input matrix: every case is one run of the command line on a bad input.

Each case asserts
  * the documented exit code (docs/exit-codes.md);
  * a clear message, with file:line:column where there is one;
  * inputs untouched: every file of the case's folder (pack, checklists,
    profile, waivers, databases) hashes the same before and after;
  * on failure no partial output: the earlier outputs that sit at the output
    paths are byte-identical afterwards and the output folder holds nothing
    new (no temporary files); on success the outputs exist, whole.

Cases that need privileges the machine does not give (a tmpfs for a full
disk, another user for an unreadable file) say SKIP with the reason.
"""
import hashlib
import json
import os
import re
import shutil
import sqlite3
import struct
import stat
import subprocess
import sys
import tempfile
import urllib.parse
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import AUDIT, SRCDIR, run, check, finish, tempdir  # noqa: E402

AS_OF = "2025-09-30"
ENTITY = ("name,uscc,entity_type,legal_rep_name,legal_rep_id\n"
          "测试贸易有限公司,91310115MA1K4A1B2H,enterprise,王伟,11010519491231002X\n")
LIC = "license_type,license_no,issuer,issued_on,expires_on,status\n"
LIC_ROW = "营业执照,L-1,上海市市场监督管理局,2020-01-01,2030-01-01,valid\n"
EARLIER = {"o.xlsx": b"earlier workbook\n", "o.json": b"earlier json\n"}
NOBODY = 65534

CHECK_HEAD = "-- check: T-001\n-- area: identity\n-- severity: high\n-- title: t\n-- basis: b\n"
EXIT_CODES = os.path.join(SRCDIR, "docs", "exit-codes.md")


class Ctx:
    """Paths of one case: the case folder, its pack, the output folder and files."""

    def __init__(self, root):
        self.root = root
        self.pack = os.path.join(root, "pack")
        self.out = os.path.join(root, "out")
        self.xlsx = os.path.join(self.out, "o.xlsx")
        self.json = os.path.join(self.out, "o.json")
        self.cl = os.path.join(root, "checklists")
        self.prefix = ()
        self.env = None
        self.mounts = []

    def path(self, rel):
        return os.path.join(self.root, rel)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)


def database_digest(path):
    """sha256 of the SQL dump of the database at path (read as is: no lock, no WAL)."""
    try:
        con = sqlite3.connect(f"file:{urllib.parse.quote(path)}?immutable=1", uri=True)
        try:
            h = hashlib.sha256()
            for line in con.iterdump():
                h.update(line.encode("utf-8", "surrogateescape") + b"\n")
            return "db " + h.hexdigest()
        finally:
            con.close()
    except sqlite3.Error:
        pass
    try:  # not a database (a case of its own): its bytes, then
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except PermissionError:
        return "unreadable"


def snapshot(root, skip=()):
    """Every file under root: relative path -> sha256 (symlinks: their target)."""
    seen = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if os.path.join(dirpath, d) not in skip]
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            rel = os.path.relpath(p, root)
            if os.path.islink(p):
                seen[rel] = "-> " + os.readlink(p)
            elif os.path.isfile(p) and name.endswith(".db"):
                # A database is compared by what it holds: a failed import may checkpoint
                # the file (a bulk import runs with a rollback journal), changing its bytes
                # but not a row.
                seen[rel] = database_digest(p)
            elif os.path.isfile(p):
                try:
                    with open(p, "rb") as f:
                        seen[rel] = hashlib.sha256(f.read()).hexdigest()
                except PermissionError:
                    seen[rel] = "unreadable"
            elif os.path.isdir(p):
                seen.setdefault(rel + "/", "dir")
    return seen


def folder_state(path):
    """name -> bytes of every entry of an output folder (None for folders)."""
    if not os.path.isdir(path):
        return None
    state = {}
    for name in sorted(os.listdir(path)):
        p = os.path.join(path, name)
        if os.path.isfile(p):
            with open(p, "rb") as f:
                state[name] = f.read()
        else:
            state[name] = folder_state(p)
    return state


def documented_codes():
    with open(EXIT_CODES, encoding="utf-8") as f:
        return {int(m.group(1)) for m in re.finditer(r"^\| (\d) \|", f.read(), re.M)}


# ---- machine abilities --------------------------------------------------------------------

def can_mount():
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = os.path.join("/tmp", f"cscs-mount-probe-{os.getpid()}")
    os.makedirs(probe, exist_ok=True)
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", probe],
                        capture_output=True).returncode == 0
    if ok:
        subprocess.run(["umount", probe], capture_output=True)
    os.rmdir(probe)
    return ok


def small_disk(ctx, path, size):
    """Mount a tmpfs of size at path; returns a skip reason or None."""
    os.makedirs(path, exist_ok=True)
    if not CAN_MOUNT:
        return "cannot mount a tmpfs here (needs root and mount privileges) for a full disk"
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs", path], check=True)
    ctx.mounts.append(path)
    return None


def fill(path):
    """Fill the file system at path to the last byte."""
    for name, block in (("filler", 4096), ("filler2", 1)):
        try:
            with open(os.path.join(path, name), "wb") as f:
                while True:
                    f.write(b"\0" * block)
                    f.flush()
        except OSError:
            pass


def as_other_user(ctx):
    """Run the binary as a user for whom permissions count; returns a skip reason or None."""
    if os.geteuid() != 0:
        return None  # permissions already count
    if not shutil.which("setpriv"):
        return "running as root without setpriv: root reads any file"
    # nobody must reach the case folder (its parent is the system's temporary folder)
    os.chmod(ctx.root, 0o755)
    probe = subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                            AUDIT, "--version"], capture_output=True)
    if probe.returncode != 0:
        return "cannot run the binary as another user (setpriv failed or the build folder is private)"
    ctx.prefix = ("setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups")
    for dirpath, dirnames, filenames in os.walk(ctx.root):
        for name in dirnames:
            os.chmod(os.path.join(dirpath, name), 0o755)
        for name in filenames:
            p = os.path.join(dirpath, name)
            if not os.path.islink(p):
                os.chmod(p, 0o644)
    os.chmod(ctx.out, 0o777)
    for name in os.listdir(ctx.out):
        os.chmod(os.path.join(ctx.out, name), 0o666)
    return None


CAN_MOUNT = can_mount()


# ---- the cases ----------------------------------------------------------------------------

def audit(*extra):
    """The default command: audit the pack into the workbook and the JSON."""
    return lambda c: ["audit", c.pack, "-o", c.xlsx, "--json", c.json, "--as-of", AS_OF, *extra]


CASES = []


def case(name, exit, message=None, files=None, args=None, setup=None, after=None, outputs=None,
         base=True, earlier=True):
    """files: pack-relative path -> text/bytes (None removes a base file); paths starting with
    '../' are written beside the pack. setup(ctx) prepares more and may return a skip reason.
    after(ctx, stdout, stderr) checks more. outputs: files that must exist on success."""
    CASES.append(dict(name=name, exit=exit, message=message, files=files or {}, args=args or audit(),
                      setup=setup, after=after, outputs=outputs, base=base, earlier=earlier))


def json_of(ctx):
    with open(ctx.json, encoding="utf-8") as f:
        return json.load(f)


def issues(ctx):
    return json_of(ctx).get("data_issues") or []


def statuses(ctx):
    return {c["check_id"]: c["status"] for c in json_of(ctx)["checks"]}


def db_rows(path, sql):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# Encodings and bytes -------------------------------------------------------------------------

case("empty file", 0, r"licenses\.csv: warning: the file is empty",
     files={"licenses.csv": ""},
     after=lambda c, o, e: check(statuses(c).get("ID-004") == "insufficient_data",
                                 "empty licences: ID-004 must be insufficient_data, never pass"))
case("header only", 0, None, files={"licenses.csv": LIC},
     after=lambda c, o, e: check(statuses(c).get("ID-004") == "insufficient_data",
                                 "header-only licences: ID-004 must be insufficient_data"))
case("binary garbage", 2, r"licenses\.csv:\d+:\d+: bytes that are not valid",
     files={"licenses.csv": bytes((i * 73 + 41) % 256 for i in range(3000))})
case("NUL bytes", 2, r"licenses\.csv:2:5: a NUL byte",
     files={"licenses.csv": LIC.encode() + b"A,L-\x001,x,2020-01-01,2030-01-01,valid\n"})
case("UTF-16 with a byte order mark", 2, r"licenses\.csv:1:1: the file is in UTF-16",
     files={"licenses.csv": (LIC + LIC_ROW).encode("utf-16")})
case("invalid UTF-8 after valid UTF-8", 2,
     r"licenses\.csv:2:7: bytes that are not valid UTF-8: '\\xFF'",
     files={"licenses.csv": LIC.encode() + "营业执照,L".encode() + b"\xff,x,2020-01-01,2030-01-01,valid\n"})
case("GBK labelled UTF-8 (--encoding utf-8)", 2,
     r"licenses\.csv:2:\d+: bytes that are not valid UTF-8: '\\x[0-9A-F]{2}' \(if the file is in GB18030 or GBK, say so",
     files={"licenses.csv": (LIC + LIC_ROW).encode("gbk")}, args=audit("--encoding", "utf-8"))


def gbk_decoded(c, o, e):
    rows = db_rows(c.path("out/audit.db"), "SELECT license_type, issuer FROM licenses")
    check(rows == [("营业执照", "上海市市场监督管理局")], f"GBK text decoded: {rows}")


case("GBK detected without --encoding", 0, None, files={"licenses.csv": (LIC + LIC_ROW).encode("gbk")},
     args=audit("--db", "{root}/out/audit.db"), after=gbk_decoded)
case("GBK named (--encoding gbk)", 0, None,
     files={"licenses.csv": (LIC + LIC_ROW).encode("gbk"), "entity.csv": ENTITY.encode("gbk")},
     args=audit("--encoding", "gbk", "--db", "{root}/out/audit.db"), after=gbk_decoded)
case("unknown --encoding", 2, r"unknown encoding 'latin-1'", files={"licenses.csv": LIC + LIC_ROW},
     args=audit("--encoding", "latin-1"))

# Sizes ------------------------------------------------------------------------------------

case("a 10 MB field (past the reader's 1 MiB limit)", 2,
     r"licenses\.csv:2:6: the field that starts here is longer than 1 MiB",
     files={"licenses.csv": LIC + "营业执照," + "x" * 10_000_000 + ",i,2020-01-01,2030-01-01,valid\n"})
case("a 1 MB field (under the reader's limit, past a cell's)", 0,
     r"licenses\.csv:2:\d+: warning: 'license_no' is longer than 32767 characters.*: 'x{200}\.\.\.'",
     files={"licenses.csv": LIC + "营业执照," + "x" * 1_000_000 + ",i,2020-01-01,2030-01-01,valid\n"},
     after=lambda c, o, e: (
         check(len(issues(c)) == 1 and len(issues(c)[0].get("value") or "") <= 200,
               f"one data issue, its value cut short: {[len(i.get('value') or '') for i in issues(c)]}"),
         check(os.path.getsize(c.json) < 500_000, "the 1 MB value is not copied into the JSON"),
         check(len(e) < 10_000, "the 1 MB value is not copied to the terminal")))
WIDE = ",".join(f"extra_{i}" for i in range(10_000))
case("10,000 columns", 0, r"licenses\.csv:1:\d+: warning: unknown column 'extra_0'.*\n(.*\n)*.*and \d+ more messages",
     files={"licenses.csv": LIC.strip() + "," + WIDE + "\n" + LIC_ROW.strip() + "," * 10_000 + "\n"},
     after=lambda c, o, e: check(e.count("\n") < 400, f"10,000 warnings are capped on the terminal: "
                                                      f"{e.count(chr(10))} lines"))

# Headers and CSV structure ----------------------------------------------------------------

case("duplicate headers", 2,
     r"licenses\.csv:1:\d+: column 'license_no' \(证照编号\) appears twice: header fields 2 and 3",
     files={"licenses.csv": "license_type,license_no,license_no,expires_on\nA,B,C,2025-01-01\n"})
case("duplicate header by its Chinese alias", 2, r"licenses\.csv:1:\d+: column 'license_no' \(证照编号\) appears twice",
     files={"licenses.csv": "license_type,license_no,证照编号\nA,B,C\n"})
case("missing required column", 0,
     r"licenses\.csv:1: warning: no header row found for licenses .*required column 'license_no' \(证照编号\) is missing",
     files={"licenses.csv": "license_type,expires_on\nA,2025-01-01\n"})
case("unknown column", 0, r"licenses\.csv:1:\d+: warning: unknown column 'colour' for licenses",
     files={"licenses.csv": LIC.strip() + ",colour\n" + LIC_ROW.strip() + ",red\n"})
case("unterminated quote", 2,
     r"licenses\.csv:3:3: unterminated quote: the field that starts here has no closing '\"'",
     files={"licenses.csv": LIC + LIC_ROW + 'A,"L-2,x,2020-01-01,2030-01-01,valid\nB,L-3\n'})


def quote_kept(c, o, e):
    rows = db_rows(c.path("out/audit.db"), "SELECT license_no FROM licenses")
    check(rows == [('L"1"x',)], f"a quote inside an unquoted field is kept as written: {rows}")


case("a quote inside an unquoted field", 0, None,
     files={"licenses.csv": LIC + 'A,L"1"x,i,2020-01-01,2030-01-01,valid\n'},
     args=audit("--db", "{root}/out/audit.db"), after=quote_kept)
case("ragged row, too short", 0,
     r"licenses\.csv:3: warning: row has 2 fields but the header has 6; the missing ones are read as empty",
     files={"licenses.csv": LIC + LIC_ROW + "A,B\n"},
     after=lambda c, o, e: check(len(issues(c)) == 1, "the short row is a data issue"))
case("ragged row, too long", 0,
     r"licenses\.csv:3:\d+: warning: the row has more fields than the header \(a comma in an unquoted value\?\),"
     r" and which of them 'license_no' holds cannot be told: 'L-2'; stored as unknown",
     files={"licenses.csv": LIC + LIC_ROW + "A,L-2,i,2020-01-01,2030-01-01,valid,x,y\n"})
WIDE = "".join(f",note{i}" for i in range(300))
case("ragged row under a header of 300 columns (readings not searched): unknown", 0, None,
     after=lambda c, o, e: check(
         {(i.get("line"), i.get("column_name")) for i in issues(c) if "cannot be told" in i.get("reason", "")}
         >= {(3, "license_no"), (3, "expires_on")}, f"the row's columns are unknown: {issues(c)[-3:]}"),
     files={"licenses.csv": LIC.rstrip("\n") + WIDE + "\n" + LIC_ROW.rstrip("\n") + "," * 300 + "\n"
            + "A,L-2,i,2020-01-01,2030-01-01,valid" + "," * 301 + "x\n"})
case("licence valid 长期: no end date, not an unknown value", 0, None,
     files={"licenses.csv": LIC + "营业执照,L-1,上海市市场监督管理局,2020-01-01,长期,valid\n"},
     args=audit("--db", "{root}/out/audit.db"),
     after=lambda c, o, e: check(db_rows(c.path("out/audit.db"), "SELECT expires_on FROM licenses") == [(None,)]
                                 and not issues(c), f"长期 read as no end date: {issues(c)}"))
case("ragged row, a comma among text columns", 0,
     r"licenses\.csv:3:\d+: warning: the row has more fields than the header \(a comma in an unquoted value\?\),"
     r" and which of them 'issuer' holds cannot be told: '某某市场监督管理局'; stored as unknown",
     files={"licenses.csv": LIC + LIC_ROW + "A,L-2,某某市场监督管理局,城区分局,2020-01-01,2030-01-01,valid\n"})

# Values -----------------------------------------------------------------------------------

case("date 2025-02-30", 0, r"licenses\.csv:2:\d+: warning: 'expires_on' is not a date \(no such day[^)]*\): '2025-02-30'",
     files={"licenses.csv": LIC + "A,L-1,i,2020-01-01,2025-02-30,valid\n"},
     after=lambda c, o, e: check([i.get("value") for i in issues(c)] == ["2025-02-30"],
                                 f"the impossible date is a data issue: {issues(c)}"))
case("date 0000-00-00", 0, r"licenses\.csv:2:\d+: warning: 'expires_on' is not a date .*: '0000-00-00'",
     files={"licenses.csv": LIC + "A,L-1,i,2020-01-01,0000-00-00,valid\n"})
case("date beyond 2200", 0, r"licenses\.csv:2:\d+: warning: 'expires_on' is not a date .*: '2201-01-01'",
     files={"licenses.csv": LIC + "A,L-1,i,2020-01-01,2201-01-01,valid\n"})


def future_kept(c, o, e):
    rows = db_rows(c.path("out/audit.db"), "SELECT issued_on, expires_on FROM licenses")
    check(rows == [("2199-01-01", "2200-12-31")], f"future dates are kept: {rows}")


case("future dates", 0, None, files={"licenses.csv": LIC + "A,L-1,i,2199-01-01,2200-12-31,valid\n"},
     args=audit("--db", "{root}/out/audit.db"), after=future_kept)
TAX = "tax_type,period_start,period_end,due_on,filed_on,tax_due,tax_paid\n"


def amounts_kept(c, o, e):
    rows = db_rows(c.path("out/audit.db"), "SELECT tax_due, tax_paid FROM tax_filings")
    check(rows == [(-10000, 0)], f"a negative amount is kept in fen: {rows}")


case("negative amount", 0, None,
     files={"tax_filings.csv": TAX + "增值税,2025-01-01,2025-01-31,2025-02-15,2025-02-10,-100,0\n"},
     args=audit("--db", "{root}/out/audit.db"), after=amounts_kept)
case("absurd amount", 0, r"tax_filings\.csv:2:\d+: warning: 'tax_due' is not an amount \(amount out of range\)",
     files={"tax_filings.csv": TAX + "增值税,2025-01-01,2025-01-31,2025-02-15,2025-02-10,99999999999999999999,0\n"})
case("amount in exponent form", 0, r"tax_filings\.csv:2:\d+: warning: 'tax_due' is not an amount: '1e400'",
     files={"tax_filings.csv": TAX + "增值税,2025-01-01,2025-01-31,2025-02-15,2025-02-10,1e400,0\n"})
case("amount finer than a fen", 0, r"tax_filings\.csv:2:\d+: warning: 'tax_paid' is not an amount \(finer than one fen\)",
     files={"tax_filings.csv": TAX + "增值税,2025-01-01,2025-01-31,2025-02-15,2025-02-10,1,0.001\n"})

# The entity ------------------------------------------------------------------------------

case("entity.csv with two rows", 2,
     r"entity\.csv:3: entity must have exactly one row, but line 3 is a second one \(the first is line 2\)",
     files={"entity.csv": ENTITY + "另一有限公司,91310115MA1K4A1B2H,enterprise,李四,\n"})
case("entity.csv with no rows", 2, r"entity\.csv:1: entity has no rows; it must have exactly one",
     files={"entity.csv": ENTITY.splitlines()[0] + "\n"})

# The pack as a whole ---------------------------------------------------------------------

case("non-existent records folder", 2, r"no-such-pack: cannot read the record pack: No such file or directory",
     args=lambda c: ["audit", c.path("no-such-pack"), "-o", c.xlsx, "--json", c.json, "--as-of", AS_OF])
case("records given as a plain file", 2, r"a record pack is a folder or an \.xlsx intake workbook",
     files={"../notes.txt": "hello"},
     args=lambda c: ["audit", c.path("notes.txt"), "-o", c.xlsx, "--json", c.json, "--as-of", AS_OF])
case("a record file that is a folder", 2, r"licenses\.csv: is a folder, not a record file",
     setup=lambda c: os.makedirs(os.path.join(c.pack, "licenses.csv")))


def symlink_out(c):
    write(c.path("elsewhere/licenses.csv"), LIC + LIC_ROW)
    os.symlink(c.path("elsewhere/licenses.csv"), os.path.join(c.pack, "licenses.csv"))


case("a record file that is a symlink out of the pack", 2,
     r"licenses\.csv: is a symbolic link to '.*/elsewhere/licenses\.csv', outside the record pack",
     setup=symlink_out)


def symlink_in(c):
    write(os.path.join(c.pack, "originals/licenses.csv"), LIC + LIC_ROW)
    os.symlink("originals/licenses.csv", os.path.join(c.pack, "licenses.csv"))


case("a record file that is a symlink inside the pack", 0, None, setup=symlink_in)
case("a dangling symlink", 2, r"licenses\.csv: cannot read: No such file or directory",
     setup=lambda c: os.symlink("gone.csv", os.path.join(c.pack, "licenses.csv")))


def unreadable(c):
    write(os.path.join(c.pack, "licenses.csv"), LIC + LIC_ROW)
    reason = as_other_user(c)
    os.chmod(os.path.join(c.pack, "licenses.csv"), 0o000)
    return reason


case("an unreadable record file", 2, r"licenses\.csv: cannot open: Permission denied", setup=unreadable)


def unreadable_folder(c):
    reason = as_other_user(c)
    os.chmod(c.pack, 0o000)
    return reason


case("an unreadable records folder", 2, r"pack: cannot read the folder: Permission denied",
     setup=unreadable_folder)
case("an intake workbook that is no zip", 2, r"intake\.xlsx: not an XLSX workbook",
     files={"../intake.xlsx": b"PK\x03\x04 this is not really a zip file" * 10},
     args=lambda c: ["audit", c.path("intake.xlsx"), "-o", c.xlsx, "--json", c.json, "--as-of", AS_OF])


def truncated_workbook(c):
    r = run("template", c.path("tpl"))
    check(r[0] == 0, f"template: {r}")
    with open(c.path("tpl/intake.xlsx"), "rb") as f:
        data = f.read()
    write(c.path("intake.xlsx"), data[: len(data) // 2])
    shutil.rmtree(c.path("tpl"))


case("an intake workbook cut in half", 2, r"intake\.xlsx: not an XLSX workbook", setup=truncated_workbook,
     args=lambda c: ["audit", c.path("intake.xlsx"), "-o", c.xlsx, "--json", c.json, "--as-of", AS_OF])

# Outputs -------------------------------------------------------------------------------------

case("output path equal to an input file", 2,
     r"output '.*/pack/entity\.csv' would overwrite the input '.*/pack'",
     args=lambda c: ["audit", c.pack, "-o", os.path.join(c.pack, "entity.csv"), "--as-of", AS_OF])
case("JSON path equal to the profile", 2, r"output '.*/profile\.ini' would overwrite the input '.*/profile\.ini'",
     files={"../profile.ini": "name = p\ninclude = area:identity\n"},
     args=lambda c: ["audit", c.pack, "-o", c.xlsx, "--json", c.path("profile.ini"),
                     "--profile", c.path("profile.ini"), "--as-of", AS_OF])
case("workbook path equal to the database", 2, r"output '.*/audit\.db' would overwrite the input '.*/audit\.db'",
     setup=lambda c: write(c.path("audit.db"), b""),
     args=lambda c: ["audit", c.pack, "-o", c.path("audit.db"), "--db", c.path("audit.db"), "--as-of", AS_OF])
case("CSV folder inside the pack", 2, r"output '.*/pack/csv' would overwrite the input '.*/pack'",
     args=lambda c: ["audit", c.pack, "--csv", os.path.join(c.pack, "csv"), "--as-of", AS_OF])
case("workbook and JSON at the same path", 2, r"the workbook and the JSON would both be",
     args=lambda c: ["audit", c.pack, "-o", c.xlsx, "--json", c.xlsx, "--as-of", AS_OF])
case("output is a folder", 2, r"output '.*/out' is a folder",
     args=lambda c: ["audit", c.pack, "-o", c.out, "--as-of", AS_OF])
case("output folder whose parent is a regular file", 3,
     r"out/o\.json/o\.xlsx: cannot create output: Not a directory",
     args=lambda c: ["audit", c.pack, "-o", os.path.join(c.json, "o.xlsx"), "--as-of", AS_OF])
case("output folder that does not exist", 3, r"no-such-folder/o\.xlsx: cannot create output: No such file or directory",
     args=lambda c: ["audit", c.pack, "-o", c.path("no-such-folder/o.xlsx"), "--as-of", AS_OF])


# Outputs that are not regular files are written through, never replaced (docs/exit-codes.md).

def device_out(c):
    """A null device of the case's own (a device node made here, so that a regression cannot
    replace the machine's /dev/null), and a link to it."""
    try:
        os.mknod(c.path("out/null"), stat.S_IFCHR | 0o666, os.makedev(1, 3))
        os.mknod(c.path("out/null2"), stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        return "making a device node needs root"
    os.symlink(c.path("out/null2"), c.path("out/link-to-null"))
    return None


def device_kept(c, o, e):
    for name in ("null", "null2", "link-to-null"):
        p = c.path("out/" + name)
        check(os.path.lexists(p) and stat.S_ISCHR(os.stat(p).st_mode),
              f"the device {name} is still a device, not replaced by a file")
    check(os.path.islink(c.path("out/link-to-null")), "the link to the device is still a link")
    check(not [n for n in os.listdir(c.out) if n.startswith(".cscs-tmp-")], "no temporary file beside the device")


case("output to a device and a link to one", 0, None, setup=device_out, outputs=[], after=device_kept,
     args=lambda c: ["audit", c.pack, "-o", c.path("out/null"), "--json", c.path("out/link-to-null"),
                     "--as-of", AS_OF])


def json_on_stdout(c, o, e):
    try:
        doc = json.loads(o)
        check(isinstance(doc, dict) and doc, f"standard output is the JSON alone: {o[:300]!r}")
    except ValueError as x:
        check(False, f"standard output is not the JSON alone ({x}): {o[:300]!r}")
    check("wrote " in e, f"the summary goes to standard error when the output is standard output: {e[:300]!r}")


case("--json - writes the JSON to standard output", 0, None, outputs=[], after=json_on_stdout,
     args=lambda c: ["audit", c.pack, "-o", c.xlsx, "--json", "-", "--as-of", AS_OF])
case("--json /dev/stdout (a link to a pipe) is written through", 0, None, outputs=[], after=json_on_stdout,
     args=lambda c: ["audit", c.pack, "-o", c.xlsx, "--json", "/dev/stdout", "--as-of", AS_OF])
case("report --json - writes to standard output", 0, None, setup=lambda c: stored_run(c), outputs=[], after=json_on_stdout,
     args=lambda c: ["report", "--db", c.path("audit.db"), "--json", "-"])
def stored_run_in_out(c):
    r = run("audit", c.pack, "--db", c.path("out/audit.db"), "--json", c.path("first.json"), "--as-of", AS_OF)
    check(r[0] == 0, f"audit --db: {r}")


case("check --json - writes to standard output", 0, None, setup=stored_run_in_out, outputs=[], after=json_on_stdout,
     args=lambda c: ["check", "--db", c.path("out/audit.db"), "--json", "-", "--as-of", AS_OF])
case("screen --json - writes to standard output", 0, None, outputs=[], after=json_on_stdout,
     files={"../partners.csv": "name,uscc\n某公司,\n",
            "lists/serious_illegal.csv": "list,name,uscc,listed_on\nserious_illegal,某公司,,2024-01-01\n"},
     args=lambda c: ["screen", c.path("partners.csv"), "--lists", os.path.join(c.pack, "lists"), "--json", "-"])
case("-o with an empty name", 2, r"audit: -o needs a file name, not an empty one",
     args=lambda c: ["audit", c.pack, "-o", "", "--as-of", AS_OF])
case("report --json with an empty name", 2, r"report: --json needs a file name, not an empty one",
     args=lambda c: ["report", "--db", c.path("audit.db"), "--json", ""])
case("--csv - (a folder cannot be standard output)", 2, r"audit: --csv needs a folder.*'-' cannot be one",
     args=lambda c: ["audit", c.pack, "--csv", "-", "--as-of", AS_OF])


def read_only_out(c):
    os.chmod(c.xlsx, 0o444)


def still_read_only(c, o, e):
    check(stat.S_IMODE(os.stat(c.xlsx).st_mode) == 0o444, "the read-only output keeps its mode 0444")


# Root could write it: the permission bits decide, for root too.
case("a read-only (0444) output is refused, root or not", 2,
     r"out/o\.xlsx: the output file is read-only \(mode 0444\)", setup=read_only_out, after=still_read_only)


def mode_0640(c):
    os.chmod(c.xlsx, 0o640)
    os.symlink(c.json, c.path("out/link.json"))


def mode_kept(c, o, e):
    check(stat.S_IMODE(os.stat(c.xlsx).st_mode) == 0o640,
          f"a replaced output keeps its mode 0640: {oct(stat.S_IMODE(os.stat(c.xlsx).st_mode))}")
    check(os.path.islink(c.path("out/link.json")), "a link to a regular output stays a link")
    with open(c.json, encoding="utf-8") as f:
        check(json.load(f).get("format") == "cscs-audit-report", "the file the link points to is replaced")


case("a replaced output keeps its mode; a link to a file stays a link", 0, None, setup=mode_0640, after=mode_kept,
     outputs=[], args=lambda c: ["audit", c.pack, "-o", c.xlsx, "--json", c.path("out/link.json"), "--as-of", AS_OF])


# Control characters from the records and the command line (issue 14, fault 3).
PARTNERS_HEAD = "name,uscc,country,role,spend,contract_start,contract_end\n"


def workbook_opens(c, o, e):
    check("\x1b" not in e and "\x0b" not in e, f"no raw control character on the terminal: {e[:500]!r}")
    check(re.search(r"'spend' is not an amount.*'12\\x1B\[2J34'", e) is not None,
          f"the ESC in a quoted value is shown as \\x1B: {e[:500]!r}")
    try:
        import openpyxl
    except ImportError:
        print("SKIP (part): openpyxl is not installed")
        return
    try:
        wb = openpyxl.load_workbook(c.xlsx)
    except Exception as x:  # noqa: BLE001 - any failure to open is the finding
        check(False, f"the workbook with control characters opens in openpyxl: {x}")
        return
    texts = [v for ws in wb for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    check(any("测试\ufffd贸易有限公司" in t for t in texts), "the VT in the company name is replaced by U+FFFD")
    check(any("某\ufffd[31m公司" in t for t in texts), "the ESC in the partner name is replaced by U+FFFD")
    check(wb.properties.title == "T\ufffd[2Jitle", f"--title is cleaned: {wb.properties.title!r}")


case("control characters (VT, ESC) in names, values and --title", 0, r"warning: 'spend' is not an amount",
     files={"entity.csv": ENTITY.replace("测试贸易", "测试\x0b贸易"),
            "partners.csv": PARTNERS_HEAD + "某\x1b[31m公司,,CN,supplier,100,2024-01-01,2026-12-31\n"
                                            "另一公司,,CN,supplier,12\x1b[2J34,2024-01-01,2026-12-31\n"},
     args=audit("--title", "T\x1b[2Jitle"), after=workbook_opens)


# Identity numbers in the forms people write them (issue 14, fault 6); test_personal_data.py has more.
FW_ID = "".join(chr(0xFF10 + int(d)) for d in "310104198001011234")


def no_middle_digits(c, o, e):
    for middle in ("0104198001", "19800101", FW_ID[3:14]):
        check(middle not in e and middle not in o, f"no middle digits of the number on the terminal: {e[:500]!r}")
    check("310***********1234" in e, f"the number is shown masked: {e[:500]!r}")


case("an identity number in full-width digits or with blanks where a code belongs", 0,
     r"partners\.csv:2:\d+: warning: 'uscc' is not a valid unified social credit code: it has the form of a "
     r"resident identity number",
     files={"partners.csv": "name,uscc\n张三五金店," + FW_ID + "\n李四商行,310104 19800101 1234\n"},
     after=no_middle_digits)


# CSV outputs neutralise formula-like text (issue 14, fault 9).
FORMULA_PARTNERS = ("name,uscc,country,role,spend\n"
                    "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,CN,supplier,-300\n@SUM(1+1),,CN,supplier,5\n")


def csv_rows(c):
    import csv as csvmod
    with open(c.path("out/csv/partners.csv"), encoding="utf-8-sig", newline="") as f:
        return list(csvmod.reader(f))


def formulas_neutralised(raw):
    def after(c, o, e):
        rows = csv_rows(c)
        cells = [v for r in rows for v in r]
        want = ['=HYPERLINK("http://x","y")', "@SUM(1+1)"]
        if not raw:
            want = ["'" + w for w in want]
        for w in want:
            check(w in cells, f"partners.csv holds {w!r}: {rows}")
        check("-300.00" in cells and "'-300.00" not in cells, f"a negative amount stays a number: {rows}")
    return after


case("CSV output: formula-like text gets an apostrophe, a negative amount does not", 0, None,
     files={"partners.csv": FORMULA_PARTNERS}, args=audit("--csv", "{root}/out/csv"), outputs=[],
     after=formulas_neutralised(False))
case("CSV output with --csv-raw: text as it is", 0, None,
     files={"partners.csv": FORMULA_PARTNERS}, args=audit("--csv", "{root}/out/csv", "--csv-raw"), outputs=[],
     after=formulas_neutralised(True))


# A failed command removes the --db it created (issue 14, fault 11); the output folder, where the
# database is made, must hold nothing new afterwards.
case("a failed command removes the --db it created", 2, r"checklists/t\.sql:6: check 'T-001'.*no such table",
     files={"../checklists/t.sql": CHECK_HEAD + "SELECT license_no AS subject FROM licences\n"},
     args=lambda c: audit("--checklists", c.cl, "--db", c.path("out/new.db"))(c),
     after=lambda c, o, e: check(not [n for n in os.listdir(c.out) if n.startswith("new.db")],
                                 f"the new database is removed: {os.listdir(c.out)}"))


# Allocation failure (a message, exit 3, a new --db removed) is test_out_of_memory.py's: it runs
# the audit under address-space limits from too small to start up to enough. A single huge field
# no longer reaches the allocator: the CSV reader refuses a field over its limit first (exit 2).


# Text and messages (issue 14, fault 13).
case("a USCC of Chinese characters: its length in characters, not bytes", 0,
     r"partners\.csv:2:\d+: warning: 'uscc' is not a valid unified social credit code: has 5 characters, expected 18",
     files={"partners.csv": "name,uscc\n某公司,某某某某某\n甲公司,９１３１０１１５ＭＡ１Ｋ４Ａ１Ｂ２Ｈ\n"},
     after=lambda c, o, e: check("甲公司" not in e and e.count("not a valid unified social credit code") == 1,
                                 f"a code in full-width letters and digits is read as the code it is: {e[:600]}"))


def bom_dropped(c, o, e):
    rows = db_rows(c.path("out/audit.db"), "SELECT license_type FROM licenses ORDER BY license_no")
    check(rows == [("营业执照",), ("营业执照",)], f"the byte order mark is dropped from the value: {rows}")


case("a byte order mark in mid-file (two files joined)", 0,
     r"licenses\.csv:3:1: warning: a byte order mark \(U\+FEFF\) in mid-file.*dropped from the value of 'license_type'",
     files={"licenses.csv": LIC + LIC_ROW + "\ufeff" + LIC_ROW.replace("L-1", "L-2")},
     args=audit("--db", "{root}/out/audit.db"), after=bom_dropped)
case("UTF-32 with a byte order mark (little-endian)", 2, r"licenses\.csv:1:1: the file is in UTF-32",
     files={"licenses.csv": (LIC + LIC_ROW).encode("utf-32")})
case("UTF-32 with a byte order mark (big-endian)", 2, r"licenses\.csv:1:1: the file is in UTF-32",
     files={"licenses.csv": b"\0\0\xfe\xff" + (LIC + LIC_ROW).encode("utf-32-be")})
case("a checklist with CR line ends: one line in the message", 2,
     r"checklists/t\.sql:3: check 'T-001': severity 'severe' is not one of",
     files={"../checklists/t.sql": (CHECK_HEAD.replace("high", "severe") + "SELECT 1 AS subject\n").replace("\n", "\r")},
     args=lambda c: audit("--checklists", c.cl)(c),
     after=lambda c, o, e: check(all(len(line) < 300 for line in e.splitlines()), f"short messages: {e[:600]!r}"))


def device_db(c):
    try:
        os.mknod(c.path("out/null"), stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        return "making a device node needs root"
    return None


case("--db on a device is refused, nothing made beside it", 2,
     r"out/null: cannot open database: it is not a regular file", setup=device_db,
     args=lambda c: audit("--db", c.path("out/null"))(c),
     after=lambda c, o, e: check(sorted(os.listdir(c.out)) == ["null", "o.json", "o.xlsx"],
                                 f"no -journal or -wal beside the device: {sorted(os.listdir(c.out))}"))


def unwritable_out(c):
    reason = as_other_user(c)
    os.chmod(c.out, 0o555)
    return reason


case("output folder without write permission", 3, r"out/o\.xlsx: cannot create output: Permission denied",
     setup=unwritable_out)


def full_out(c):
    # Room for the earlier outputs only (tmpfs counts whole pages).
    reason = small_disk(c, c.out, "16k")
    if not reason:
        for name, data in EARLIER.items():
            write(os.path.join(c.out, name), data)
        fill(c.out)
    return reason


case("disk full: the output folder", 3, r"out/o\.xlsx: cannot write the workbook", setup=full_out)


def full_json(c):
    reason = small_disk(c, c.path("full"), "16k")
    if not reason:
        write(c.path("full/o.json"), EARLIER["o.json"])
        fill(c.path("full"))
    return reason


case("disk full: the JSON fails after the workbook was written", 3,
     r"full/o\.json: cannot write output: the disk may be full", setup=full_json,
     args=lambda c: ["audit", c.pack, "-o", c.xlsx, "--json", c.path("full/o.json"), "--as-of", AS_OF])


def full_tmp(c):
    reason = small_disk(c, c.path("tmpdir"), "64k")
    if not reason:
        fill(c.path("tmpdir"))
        c.env = {"TMPDIR": c.path("tmpdir")}
    return reason


case("disk full: the temporary database", 3, r"(database or disk is full|disk I/O error|cannot create a temporary)",
     setup=full_tmp)


def full_db(c):
    reason = small_disk(c, c.path("dbdisk"), "1m")
    if not reason:
        fill(c.path("dbdisk"))
    return reason


case("disk full: the database (--db)", 3, r"(database or disk is full|disk I/O error)", setup=full_db,
     args=audit("--db", "{root}/dbdisk/audit.db"))

# Checklists, profiles, waivers ---------------------------------------------------------------


WAIVER_HEAD_BIG = "check_id,subject,justification,approver,granted_on,expires_on\n"


def checklist(sql):
    return {"../checklists/t.sql": CHECK_HEAD + sql + "\n"}


def with_checklists(c):
    return audit("--checklists", c.cl)(c)


case("malformed checklist: SQL that does not parse", 2,
     r"checklists/t\.sql:6: check 'T-001': the query does not prepare: incomplete input",
     files=checklist("SELECT name AS subject FROM entity WHERE"), args=with_checklists)
case("malformed checklist: an unknown severity", 2,
     r"checklists/t\.sql:3: check 'T-001': severity 'severe' is not one of",
     files={"../checklists/t.sql": CHECK_HEAD.replace("high", "severe") + "SELECT 1 AS subject\n"},
     args=with_checklists)
case("malformed checklist: an unknown table", 2, r"checklists/t\.sql:6: check 'T-001'.*no such table: licences",
     files=checklist("SELECT license_no AS subject FROM licences"), args=with_checklists)
case("a checklist that tries to write", 2, r"checklists/t\.sql:6: check 'T-001'.*DELETE from 'entity' is not allowed",
     files=checklist("DELETE FROM entity"), args=with_checklists)
case("a checklist that tries to attach", 2, r"checklists/t\.sql:6: check 'T-001'.*ATTACH is not allowed",
     files=checklist("ATTACH DATABASE '{root}/evil.db' AS evil"), args=with_checklists,
     after=lambda c, o, e: check(not os.path.exists(c.path("evil.db")), "ATTACH created no file"))
case("a checklist that smuggles a second statement", 2, r"checklists/t\.sql:6:\d+: check 'T-001'.*DROP TABLE is not allowed",
     files=checklist("SELECT name AS subject FROM entity; DROP TABLE entity"), args=with_checklists)
case("a checklist that loads an extension", 2, r"function 'load_extension' is not allowed in a check",
     files=checklist("SELECT load_extension('/tmp/x.so') AS subject"), args=with_checklists)
case("a checklist that changes a pragma", 2, r"PRAGMA writable_schema is not allowed in a check",
     files=checklist("PRAGMA writable_schema=1"), args=with_checklists)
case("checklists of 35 MB together (past the 32 MiB a run reads)", 2,
     r"checklists/t4\.sql: the checklist files given hold more than 32 MiB together",
     files={f"../checklists/t{i}.sql": CHECK_HEAD.replace("T-001", f"T-00{i}")
            + "SELECT name AS subject FROM entity\n-- " + "x" * (7 << 20) + "\n" for i in range(5)},
     args=with_checklists)
case("waivers of 20 MB", 2, r"waivers\.csv:\d+:1: the waivers file holds more than 16 MiB of text",
     files={"../waivers.csv": WAIVER_HEAD_BIG + ("ID-004,L-1," + "j" * 500_000 + ",Li Wei,2025-03-01,2025-12-31\n") * 40},
     args=lambda c: audit("--waivers", c.path("waivers.csv"))(c))
case("malformed profile: a weight that is no number", 2, r"profile\.ini:2: weight 'lots' is not a number from 0 to 100",
     files={"../profile.ini": "include = area:identity\nweight.area:identity = lots\n"},
     args=lambda c: audit("--profile", c.path("profile.ini"))(c))
case("malformed profile: an unknown key", 2, r"profile\.ini:1: unknown key 'frobnicate'",
     files={"../profile.ini": "frobnicate = 1\n"},
     args=lambda c: audit("--profile", c.path("profile.ini"))(c))
case("missing profile", 2, r"no-such\.ini: cannot open: No such file or directory",
     args=lambda c: audit("--profile", c.path("no-such.ini"))(c))
WAIVER_HEAD = "check_id,subject,justification,approver,granted_on,expires_on\n"
case("malformed waivers: no justification", 2, r"waivers\.csv:2:12: 'justification' is empty",
     files={"../waivers.csv": WAIVER_HEAD + "ID-004,L-1,,Li Wei,2025-03-01,2025-12-31\n"},
     args=lambda c: audit("--waivers", c.path("waivers.csv"))(c))
case("malformed waivers: missing columns", 2, r"waivers\.csv:1: no 'justification' column",
     files={"../waivers.csv": "check_id,subject\nID-004,L-1\n"},
     args=lambda c: audit("--waivers", c.path("waivers.csv"))(c))
case("malformed waivers: an impossible date", 2, r"waivers\.csv:2:\d+: 'granted_on' is not a date: '2025-02-30'",
     files={"../waivers.csv": WAIVER_HEAD + "ID-004,L-1,ok,Li Wei,2025-02-30,2025-12-31\n"},
     args=lambda c: audit("--waivers", c.path("waivers.csv"))(c))
case("malformed waivers: expiry before grant", 2, r"waivers\.csv:2:\d+: 'expires_on' 2024-09-30 is before 'granted_on'",
     files={"../waivers.csv": WAIVER_HEAD + "ID-004,L-1,ok,Li Wei,2025-03-01,2024-09-30\n"},
     args=lambda c: audit("--waivers", c.path("waivers.csv"))(c))

# Other commands -----------------------------------------------------------------------------

case("usage: an impossible --as-of", 2, r"--as-of '2025-02-30' is not a date",
     args=lambda c: ["audit", c.pack, "-o", c.xlsx, "--as-of", "2025-02-30"])


def good_import(c):
    r = run("import", c.pack, "--db", c.path("audit.db"))
    check(r[0] == 0, f"first import: {r}")
    write(os.path.join(c.pack, "licenses.csv"), LIC + 'A,"L-2,x\n')


case("import: a bad pack leaves the previous import as it was", 2, r"licenses\.csv:2:3: unterminated quote",
     files={"licenses.csv": LIC + LIC_ROW}, setup=good_import,
     args=lambda c: ["import", c.pack, "--db", c.path("audit.db")],
     after=lambda c, o, e: check(db_rows(c.path("audit.db"), "SELECT license_no FROM licenses") == [("L-1",)],
                                 "the earlier import's licences are still there"))
case("check: a file that is not a database", 2, r"not\.db: not a usable cscs-audit database",
     files={"../not.db": "this is not SQLite\n" * 100},
     args=lambda c: ["check", "--db", c.path("not.db"), "--json", c.json])
case("report: no such database", 2, r"cannot open the database '.*/missing\.db': No such file or directory",
     args=lambda c: ["report", "--db", c.path("missing.db"), "-o", c.xlsx])


def stored_run(c):
    r = run("audit", c.pack, "--db", c.path("audit.db"), "--json", c.path("first.json"), "--as-of", AS_OF)
    check(r[0] == 0, f"audit --db: {r}")


case("report: no such run", 2, r"run 999", setup=stored_run,
     args=lambda c: ["report", "--db", c.path("audit.db"), "--run", "999", "-o", c.xlsx, "--json", c.json])
case("screen: partners file of binary garbage", 2, r"partners\.csv:\d+:\d+: bytes that are not valid",
     files={"../partners.csv": bytes((i * 97 + 13) % 256 for i in range(2000)),
            "lists/serious_illegal.csv": "list,name,uscc,listed_on\nserious_illegal,某公司,,2024-01-01\n"},
     args=lambda c: ["screen", c.path("partners.csv"), "--lists", os.path.join(c.pack, "lists"),
                     "-o", c.xlsx, "--json", c.json])
case("screen: output equal to the partners file", 2, r"would overwrite the input",
     files={"../partners.csv": "name,uscc\n某公司,\n"},
     args=lambda c: ["screen", c.path("partners.csv"), "--lists", c.pack, "-o", c.path("partners.csv")])


# Hostile databases, memory, encodings and clocks (issue 14) ---------------------------------


def planted(sql):
    """A --db from a good run, then an object cscs-audit never creates planted in it."""
    def setup(c):
        stored_run(c)
        con = sqlite3.connect(c.path("audit.db"))
        con.executescript(sql)
        con.close()
    return setup


def findings_stored(c, o, e):
    rows = db_rows(c.path("audit.db"), "SELECT run_id, count(*) FROM findings GROUP BY run_id")
    check([r[0] for r in rows] == [1], f"the refused run stored nothing, the first kept its findings: {rows}")


case("a --db with a planted trigger that deletes each finding", 2,
     r"audit\.db: the database holds a trigger 'eat' that cscs-audit did not create; refusing",
     setup=planted("CREATE TRIGGER eat AFTER INSERT ON findings BEGIN "
                   "DELETE FROM findings WHERE id = new.id; END;"),
     args=audit("--db", "{root}/audit.db"), after=findings_stored)
case("a --db with a view in place of a record table", 2,
     r"audit\.db: the database holds a view 'penalties' that cscs-audit did not create",
     setup=planted("DROP TABLE penalties; CREATE VIEW penalties AS SELECT * FROM licenses WHERE 0;"),
     args=audit("--db", "{root}/audit.db"))


def concurrent_first(c):
    """Start a first audit on a new --db; the case's own run is the second, at the same time."""
    # its JSON goes outside the case's folders (the output folder is checked for temporary files while it
    # may still run; the rest is hashed as inputs)
    c.first_dir = tempfile.mkdtemp(prefix="cscs-test-first-")
    c.first = subprocess.Popen([AUDIT, "audit", c.pack, "--db", os.path.join(c.out, "audit.db"),
                                "--as-of", AS_OF, "--json", os.path.join(c.first_dir, "first.json")],
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)


def concurrent_after(c, o, e):
    _, err = c.first.communicate()
    shutil.rmtree(c.first_dir, ignore_errors=True)
    check(c.first.returncode == 0, f"the first of two runs on one new --db: exit {c.first.returncode}: {err}")
    check(db_rows(os.path.join(c.out, "audit.db"), "SELECT count(*) FROM runs") == [(2,)], "both runs stored")


for i in range(4):
    case(f"two audits on one new --db at once ({i + 1})", 0, None, setup=concurrent_first,
         args=lambda c: audit("--db", os.path.join(c.out, "audit.db"))(c), after=concurrent_after)



def check_error(pattern):
    def after(c, o, e):
        got = [(x["status"], x.get("reason") or "") for x in json_of(c)["checks"] if x["check_id"] == "T-001"]
        check(len(got) == 1 and got[0][0] == "error" and re.search(pattern, got[0][1]),
              f"T-001 must be an error matching /{pattern}/, got {got}")
    return after


for i, clock in enumerate(["date()", "strftime('%Y-%m-%d')", "unixepoch()", "date('n'||'ow')",
                           "julianday()"]):
    case(f"a checklist that reads the clock: {clock}", 0, None,
         files=checklist(f"SELECT name AS subject FROM entity WHERE {clock} > '0'"), args=with_checklists,
         after=check_error(r"reads the machine's clock"))
case("a checklist whose one LIKE per row would run for seconds", 0, None,
     files=checklist("SELECT name AS subject FROM entity WHERE printf('%.*c', 4000000, 'a') LIKE "
                     "'%' || printf('%.*c', 2000, 'a') || 'b'"), args=with_checklists,
     after=check_error(r"like\(\): comparing a text of 4000000 bytes with a pattern of 2002 bytes"))
case("a checklist that builds a 6 MB value on each row", 0, None,
     files=checklist("SELECT name AS subject FROM entity "
                     "WHERE length(replace(printf('%.*c', 3000000, 'a'), 'a', 'bb')) > 0"),
     args=with_checklists, after=check_error(r"string or blob too big"))
case("a checklist whose printf result is past the length limit", 0, None,
     files=checklist("SELECT name AS subject FROM entity WHERE printf('%.*c', 5000000, 'a') IS NULL"),
     args=with_checklists, after=check_error(r"printf\(\): the result would be longer than 4194304 bytes"))
case("a checklist that reads the clock: current_date", 2, r"function 'current_date' is not allowed",
     files=checklist("SELECT name AS subject FROM entity WHERE current_date > '0'"), args=with_checklists)


case("CSV: a line of 2 MiB (one field past the 1 MiB limit)", 2,
     r"licenses\.csv:2:1: the field that starts here is longer than 1 MiB",
     files={"licenses.csv": LIC + "a" * (2 << 20) + "\n"})
case("CSV: a row of 20,000 fields", 2, r"licenses\.csv:2:16385: the record on line 2 has more than 16384 fields",
     files={"licenses.csv": LIC + "," * 20000 + "\n"})
case("CSV: a record of 17 MiB in fields under the field limit", 2,
     r"licenses\.csv:2:1: the record that starts here is longer than 16 MiB",
     files={"licenses.csv": LIC + ("b" * (512 << 10) + ",") * 34 + "\n"})
case("CSV: an unterminated quote that runs to a field of 2 MiB", 2,
     r"licenses\.csv:2:3: the field that starts here is longer than 1 MiB",
     files={"licenses.csv": LIC + 'A,"L-1\n' + ("x" * 1000 + "\n") * 2100})
case("waivers: a line of 2 MiB", 2, r"waivers\.csv:2:1: the field that starts here is longer than 1 MiB",
     files={"../waivers.csv": "check_id,subject,justification,approver,granted_on,expires_on\n" + "a" * (2 << 20)},
     args=lambda c: audit("--waivers", c.path("waivers.csv"))(c))


case("mixed encodings: a UTF-8 row, then a GB18030 row (许可)", 2,
     r"licenses\.csv:3:1: bytes that are not valid UTF-8: '\\xD0'",
     files={"licenses.csv": LIC.encode() + "许可,L-1,SH,2020-01-01,2030-01-01,valid\n".encode()
            + "许可,L-2,SH,2020-01-01,2030-01-01,valid\n".encode("gb18030")})


# Hostile workbooks: zip and XML bombs, damaged zips, relationships that point elsewhere -------


def xml_sheet(rows):
    cells = "".join(f'<row r="{r + 1}">' + "".join(
        f'<c r="{chr(65 + i)}{r + 1}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows))
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>')


BOOK_ENTITY = [["name", "uscc", "entity_type"], ["测试贸易有限公司", "91310115MA1K4A1B2H", "enterprise"]]
BOOK_LIC = [LIC.strip().split(","), LIC_ROW.strip().split(",")]


def make_book(path, sheets, targets=None, stored=False, shared=None):
    """A minimal intake workbook written by hand: sheets maps a name to its XML (None: no part)."""
    names = list(sheets)
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    wb = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
          f'spreadsheetml/2006/main" xmlns:r="{rel}"><sheets>'
          + "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(names))
          + "</sheets></workbook>")
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships">' + "".join(
                f'<Relationship Id="rId{i + 1}" Type="{rel}/worksheet" '
                f'Target="{(targets or {}).get(n, f"worksheets/sheet{i + 1}.xml")}"/>' for i, n in enumerate(names))
            + "</Relationships>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        for i, n in enumerate(names):
            if sheets[n] is not None:
                z.writestr(f"xl/worksheets/sheet{i + 1}.xml", sheets[n])
        if shared:
            z.writestr("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://'
                       'schemas.openxmlformats.org/spreadsheetml/2006/main">'
                       + "".join(f"<si><t>{t}</t></si>" for t in shared) + "</sst>")


def book_case(name, message, sheets=None, targets=None, patch=None, stored=False, shared=None):
    def setup(c):
        path = c.path("intake.xlsx")
        make_book(path, sheets or {"entity": xml_sheet(BOOK_ENTITY), "licenses": xml_sheet(BOOK_LIC)},
                  targets, stored, shared)
        if patch:
            with open(path, "rb") as f:
                data = bytearray(f.read())
            patch(path, data)
            with open(path, "wb") as f:
                f.write(data)
    case(name, 2, message, setup=setup,
         args=lambda c: ["audit", c.path("intake.xlsx"), "-o", c.xlsx, "--json", c.json, "--as-of", AS_OF])


def wrong_crc(path, data):
    """Change one byte of a stored sheet (L-1 to L-2): still good XML, no longer the zipped bytes."""
    info = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet2.xml")
    at = data.index(b"L-1", info.header_offset + 30 + len(info.filename) + len(info.extra))
    data[at + 2] = ord("2")


def declared_3gib(path, data):
    """Say (local header and central directory) that the licences sheet inflates to 3 GiB."""
    info = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet2.xml")
    data[info.header_offset + 22:info.header_offset + 26] = struct.pack("<I", 0xC0000000)
    at = data.index(b"PK\x01\x02", 0)
    while data[at + 46:at + 46 + len(info.filename)] != info.filename.encode():
        at = data.index(b"PK\x01\x02", at + 4)
    data[at + 24:at + 28] = struct.pack("<I", 0xC0000000)


book_case("XLSX: a zip whose CRC is wrong", r"intake\.xlsx: xl/worksheets/sheet2\.xml: the workbook is damaged: "
          r"the part fails its CRC check", patch=wrong_crc, stored=True)
book_case("XLSX: a sheet that inflates to 3 GiB", r"intake\.xlsx: xl/worksheets/sheet2\.xml: the part is too large",
          patch=declared_3gib)
book_case("XLSX: a cell of 2 MiB", r"intake\.xlsx: xl/worksheets/sheet2\.xml of sheet licenses: refused at line 1: "
          r"a cell's text is longer than 1 MiB",
          sheets={"entity": xml_sheet(BOOK_ENTITY), "licenses": xml_sheet(BOOK_LIC + [["x" * (2 << 20)]])})
book_case("XLSX: a row of 40 cells that each hold one 1 MB shared string",
          r"refused at line 1: the row 2 holds more than 16 MiB of text",
          sheets={"entity": xml_sheet(BOOK_ENTITY),
                  "licenses": xml_sheet(BOOK_LIC).replace('<row r="2">', '<row r="2">' + "".join(
                      f'<c r="{chr(65 + i // 26) if i >= 26 else ""}{chr(65 + i % 26)}2" t="s"><v>0</v></c>'
                      for i in range(40)) + '</row><row r="3">').replace('r="A2"', 'r="A3"')},
          shared=["y" * 1_000_000])
book_case("XLSX: an attribute of 3 MB (expat would hold and rescan it)",
          r"intake\.xlsx: xl/worksheets/sheet2\.xml: refused: a tag .* is longer than 1 MiB",
          sheets={"entity": xml_sheet(BOOK_ENTITY),
                  "licenses": xml_sheet(BOOK_LIC).replace('<c r="A2"', '<c x="' + "y" * (3 << 20) + '" r="A2"')})
book_case("XLSX: a sheet relationship pointing at workbook.xml",
          r"intake\.xlsx: xl/workbook\.xml of sheet licenses: refused at line 1: the sheet's part is not a worksheet",
          sheets={"entity": xml_sheet(BOOK_ENTITY), "licenses": None}, targets={"licenses": "workbook.xml"})
book_case("XLSX: a row number past 1,048,576", r"refused at line 1: a row number past 1048576",
          sheets={"entity": xml_sheet(BOOK_ENTITY),
                  "licenses": xml_sheet(BOOK_LIC).replace('<row r="2">', '<row r="1048577">')})


# ---- running them ---------------------------------------------------------------------------

def expand(args, ctx):
    return [a.replace("{root}", ctx.root) for a in args]


def run_case(c, codes):
    name = c["name"]
    if c["exit"] not in codes:
        check(False, f"{name}: exit {c['exit']} is not in docs/exit-codes.md")
    with tempdir() as root:
        ctx = Ctx(root)
        os.makedirs(ctx.pack)
        os.makedirs(ctx.out)
        try:
            files = {"entity.csv": ENTITY} if c["base"] else {}
            files.update(c["files"])
            for rel, data in files.items():
                p = os.path.normpath(os.path.join(ctx.pack, rel))
                if data is None:
                    if os.path.exists(p):
                        os.remove(p)
                else:
                    write(p, data.replace("{root}", root) if isinstance(data, str) else data)
            if c["earlier"]:
                for n, data in EARLIER.items():
                    write(os.path.join(ctx.out, n), data)
            if c["setup"]:
                reason = c["setup"](ctx)
                if reason:
                    print(f"SKIP {name}: {reason}")
                    return
            args = expand(c["args"](ctx), ctx)
            watched = [m for m in ctx.mounts] + [ctx.out]
            inputs_before = snapshot(root, skip=set(watched))
            outs_before = {p: folder_state(p) for p in watched}
            rc, out, err = run(*args, env=ctx.env, prefix=ctx.prefix)
            label = f"{name}: cscs-audit {' '.join(a if len(a) < 80 else a[:77] + '...' for a in args)}"
            check(rc == c["exit"], f"{label}: exit {rc}, expected {c['exit']}\nstderr: {err[:2000]}")
            if c["message"]:
                check(re.search(c["message"], err) is not None,
                      f"{label}: stderr lacks /{c['message']}/:\n{err[:2000]}")
            elif rc != 0:
                check(False, f"{label}: a failing case must name its message")
            if rc != 0:
                check(err.strip() != "", f"{label}: failed without a message")
                check(all(line.startswith("cscs-audit: ")
                          for line in err.splitlines() if line.strip()),
                      f"{label}: every message starts with 'cscs-audit: ':\n{err[:2000]}")
            # Inputs untouched (root may no longer read what it made unreadable to others: fine).
            check(snapshot(root, skip=set(watched)) == inputs_before,
                  f"{label}: an input changed:\n{sorted(set(snapshot(root, skip=set(watched)).items()) ^ set(inputs_before.items()))}")
            if rc in (2, 3):
                for p, state in outs_before.items():
                    check(folder_state(p) == state, f"{label}: the output folder {p} changed on failure: "
                                                    f"{state and sorted(state)} -> {sorted(folder_state(p) or [])}")
            else:
                outputs = c["outputs"] if c["outputs"] is not None else [
                    args[i + 1] for i, a in enumerate(args) if a in ("-o", "--json")]
                for p in outputs:
                    check(os.path.isfile(p) and os.path.getsize(p) > 100, f"{label}: no output {p}")
                for p in outputs:
                    if p.endswith(".json") and os.path.isfile(p):
                        with open(p, encoding="utf-8") as f:
                            json.load(f)
                    if p.endswith(".xlsx") and os.path.isfile(p):
                        try:
                            damaged = zipfile.ZipFile(p).testzip() is not None
                        except zipfile.BadZipFile:
                            damaged = True
                        check(not damaged, f"{label}: {p} is a damaged zip")
                leftovers = [n for n in os.listdir(ctx.out) if n.startswith(".cscs-tmp-")]
                check(not leftovers, f"{label}: temporary files left: {leftovers}")
            if c["after"]:
                c["after"](ctx, out, err)
        finally:
            for m in reversed(ctx.mounts):
                subprocess.run(["umount", m], capture_output=True)
            for dirpath, dirnames, filenames in os.walk(root):
                for d in dirnames:
                    try:
                        os.chmod(os.path.join(dirpath, d), 0o755)
                    except OSError:
                        pass
            if os.path.isdir(ctx.pack):
                os.chmod(ctx.pack, 0o755)


def terminal_probe():
    """--json - on a terminal: written through to it (a terminal is never replaced), and the summary
    goes to standard error."""
    import pty
    import select
    with tempdir() as root:
        pack = os.path.join(root, "pack")
        write(os.path.join(pack, "entity.csv"), ENTITY)
        master, slave = pty.openpty()
        wrapper = os.environ.get("CSCS_AUDIT_WRAPPER", "").split()
        p = subprocess.Popen([*wrapper, AUDIT, "audit", pack, "--json", "-", "--as-of", AS_OF],
                             stdout=slave, stderr=subprocess.PIPE)
        os.close(slave)
        got = b""
        while True:
            ready, _, _ = select.select([master], [], [], 600)
            if not ready:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other side closed
                break
            if not chunk:
                break
            got += chunk
        err = p.stderr.read().decode("utf-8", "replace")
        rc = p.wait()
        os.close(master)
        check(rc == 0, f"--json - on a terminal: exit {rc}: {err}")
        text = got.decode("utf-8", "replace").replace("\r\n", "\n")
        check(text.lstrip().startswith("{") and '"format"' in text,
              f"--json - on a terminal writes the JSON to it: {text[:200]!r}")
        check("wrote -" in err, f"--json - on a terminal: the summary goes to standard error: {err[:300]!r}")


def main():
    codes = documented_codes()
    # 4: audit --batch only, some packs failed (tests/integration/test_batch.py)
    check(codes == {0, 1, 2, 3, 4}, f"docs/exit-codes.md documents {sorted(codes)}")
    only = os.environ.get("CSCS_BAD_INPUT_ONLY")
    n = 0
    for c in CASES:
        if only and only not in c["name"]:
            continue
        run_case(c, codes)
        n += 1
    if not only or only in "terminal":
        terminal_probe()
    print(f"{n} bad-input cases")
    check(len(CASES) >= 40, f"the matrix has {len(CASES)} cases, fewer than 40")
    finish()


if __name__ == "__main__":
    main()
