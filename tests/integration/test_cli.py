"""The command line as a whole: version, help, unknown commands, audit usage errors."""
import json
import os
import re

from clitest import run, check, expect_exit, finish, tempdir, EXAMPLE, AUDIT, SRCDIR

r = run("--version")
expect_exit(r, 0, "--version")
check(r[1].startswith("cscs-audit "), "version line")
# the rule set's version and review date, as the shipped library's header gives them
with open(os.path.join(SRCDIR, "checklists", "00-library.sql"), encoding="utf-8") as f:
    header = f.read()
ruleset = re.search(r"^-- ruleset: *(\S+)", header, re.M).group(1)
reviewed = re.search(r"^-- reviewed: *(\S+)", header, re.M).group(1)
check(f"(rules {ruleset}, reviewed {reviewed})" in r[1], f"--version names rules {ruleset}, reviewed {reviewed}: {r[1]!r}")
r = run("-V")
check(f"rules {ruleset}" in r[1], "-V names the rule set too")

r = run("--help")
expect_exit(r, 0, "--help")
for cmd in ("audit", "uscc", "template", "import", "screen", "checklist", "diff", "check", "report"):
    check(f"  {cmd} " in r[1], f"--help lists {cmd}")
    r2 = run(cmd, "--help")
    expect_exit(r2, 0, f"{cmd} --help")
    check(r2[1].startswith("usage: cscs-audit " + cmd), f"{cmd} --help starts with its usage")
    r3 = run("help", cmd)
    check(r3[1] == r2[1], f"'help {cmd}' equals '{cmd} --help'")

# Progress: off a terminal one line per phase with its duration; --quiet none and no warnings.
with tempdir() as tmp:
    out = os.path.join(tmp, "a.xlsx")
    r = run("audit", EXAMPLE, "-o", out, "--as-of", "2026-09-30")
    expect_exit(r, 0, "audit")
    check(re.search(r"^cscs-audit: running checks: \d+\.\d\d s, \d+ checks$", r[2], re.M) is not None,
          "off a terminal each phase gets a line with its duration and count: " + r[2][:300])
    # On a terminal: one line that each phase redraws, with counts, a bar and the share done.
    import pty
    import subprocess
    master, slave = pty.openpty()
    wrapper = os.environ.get("CSCS_AUDIT_WRAPPER", "").split()
    p = subprocess.run([*wrapper, AUDIT, "audit", EXAMPLE, "-o", out, "--as-of", "2026-09-30"],
                       stdout=subprocess.DEVNULL, stderr=slave, timeout=600)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    text = seen.decode("utf-8", "replace")
    check(p.returncode == 0, "audit on a terminal")
    check(re.search(r"running checks: \d+ of \d+ checks \[#* *\] +\d+%", text) is not None,
          "on a terminal the checks phase shows a count, a bar and a share: " + repr(text[:600]))
    check("\r\033[K" in text, "the progress line is redrawn in place")
    check("warning:" in r[2], "the example's warnings are shown by default")
    for flag, where in (("-q", "after"), ("--quiet", "before")):
        args = ["audit", EXAMPLE, "-o", out, "--as-of", "2026-09-30", flag] if where == "after" else \
               [flag, "audit", EXAMPLE, "-o", out, "--as-of", "2026-09-30"]
        r = run(*args)
        expect_exit(r, 0, f"audit {flag} ({where} the command)")
        check(r[2] == "", f"{flag}: nothing on standard error: {r[2][:300]}")
        check("wrote " in r[1], f"{flag}: the result is still printed")
    r = run("audit", os.path.join(tmp, "missing"), "-o", out, "-q")
    expect_exit(r, 2, "--quiet and an error")
    check("cannot read" in r[2], "--quiet still shows errors")
    r = run("uscc", "--help")
    check("-q, --quiet" in r[1] and "-v, --verbose" in r[1], "every command's help lists the common options")

r = run()
expect_exit(r, 2, "no command")
r = run("frobnicate")
expect_exit(r, 2, "unknown command")
check("'frobnicate' is not a command" in r[2], "unknown command named")
check("did you mean" not in r[2], "no suggestion when nothing is near")
r = run("audti")
expect_exit(r, 2, "misspelt command")
check("did you mean 'audit'?" in r[2], "a misspelt command gets a suggestion")
r = run("audit", EXAMPLE, "-o", "x.xlsx", "--fail_on", "high")
expect_exit(r, 2, "misspelt option")
check("unknown option '--fail_on'; did you mean '--fail-on'?" in r[2], "a misspelt option gets a suggestion")
with tempdir() as tmp:
    import shutil
    pack = os.path.join(tmp, "pack")
    shutil.copytree(EXAMPLE, pack)
    path = os.path.join(pack, "licenses.csv")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace("expires_on", "expires_0n", 1))
    r = run("import", pack)
    check("unknown column 'expires_0n' for licenses; its values are ignored (did you mean 'expires_on' (有效期至)?)"
          in r[2], "a misspelt column gets a suggestion: " + r[2][:400])
r = run("screen", "--lsts", "lists")
check("did you mean '--lists'?" in r[2], "screen: a misspelt option gets a suggestion")

# The option tables check enumerated values, with "did you mean", and missing values alike in every command.
r = run("audit", EXAMPLE, "-o", "x.xlsx", "--fail-on", "hgih")
expect_exit(r, 2, "misspelt --fail-on value")
check("--fail-on must be critical, high, medium, low or info, not 'hgih'; did you mean 'high'?" in r[2],
      f"a misspelt value gets a suggestion: {r[2]}")
r = run("template", "--format", "xslx", "tpl")
expect_exit(r, 2, "misspelt --format value")
check("--format must be xlsx or csv, not 'xslx'; did you mean 'xlsx'?" in r[2], f"template --format: {r[2]}")
r = run("diff", "--db", "x.db", "--format=jsn")
check("--format must be text or json, not 'jsn'; did you mean 'json'?" in r[2], f"diff --format=jsn: {r[2]}")
r = run("report", "--db", "x.db", "--lang", "fr")
check("--lang must be en or zh, not 'fr'" in r[2] and "did you mean" not in r[2], f"no suggestion when none is near: {r[2]}")
r = run("checklist", "lsit")
expect_exit(r, 2, "misspelt checklist action")
check("'lsit' is not an action; did you mean 'list'?" in r[2], f"checklist lsit: {r[2]}")
r = run("checklist", "frobnicate")
check("'frobnicate' is not an action; use lint, list or show" in r[2], f"checklist frobnicate: {r[2]}")
for cmd, args in (("audit", (EXAMPLE, "-o", "x.xlsx", "--json")), ("uscc", ("--lang",)),
                  ("screen", ("p.csv", "-o"))):
    r = run(cmd, *args)
    expect_exit(r, 2, f"{cmd}: an option without its value")
    check(f"option '{args[-1]}' needs a value" in r[2], f"{cmd}: a missing value is named as such: {r[2]}")
for cmd, args, msg in (("template", (), "no folder given"), ("template", ("a", "b"), "more than one folder given ('b')"),
                       ("uscc", (), "no code given"), ("check", ("--db", "x.db", "y"), "unexpected argument 'y'"),
                       ("screen", ("a.csv", "b.csv", "-o", "x.xlsx"), "more than one partners file given ('b.csv')")):
    r = run(cmd, *args)
    expect_exit(r, 2, f"{cmd} {args}: operands")
    check(msg in r[2], f"{cmd} {args}: '{msg}' in {r[2]!r}")

with tempdir() as tmp:
    out = os.path.join(tmp, "a.xlsx")
    r = run("audit", "-o", out)
    expect_exit(r, 2, "audit without a pack")
    check("no record pack given" in r[2], "missing pack message")
    r = run("audit", EXAMPLE)
    expect_exit(r, 2, "audit without an output")
    check("no output given" in r[2], "missing output message")
    r = run("audit", EXAMPLE, "-o", out, "--as-of", "2025-02-30")
    expect_exit(r, 2, "impossible --as-of")
    check("--as-of '2025-02-30' is not a date" in r[2], "bad date message")
    r = run("audit", EXAMPLE, "-o", out, "--lang", "fr")
    expect_exit(r, 2, "bad --lang")
    r = run("audit", EXAMPLE, "-o", out, "--fail-on", "severe")
    expect_exit(r, 2, "bad --fail-on")
    check("--fail-on must be critical, high, medium, low or info" in r[2], "fail-on message")
    r = run("audit", EXAMPLE, "-o", out, "--no-such-option")
    expect_exit(r, 2, "unknown option")
    r = run("audit", EXAMPLE, "-o", tmp)
    expect_exit(r, 2, "output is a folder")
    check("is a folder" in r[2], "folder output message")
    r = run("audit", EXAMPLE, "-o", os.path.join(EXAMPLE, "entity.csv"))
    expect_exit(r, 2, "output is an input file")
    check("would overwrite the input" in r[2], "output-is-input message")
    r = run("audit", EXAMPLE, "extra-pack", "-o", out)
    expect_exit(r, 2, "two packs")
    check(not os.path.exists(out), "no output written on usage errors")

    # An output named for another format is refused before anything is written.
    wrong = os.path.join(tmp, "audit.csv")
    r = run("audit", EXAMPLE, "-o", wrong)
    expect_exit(r, 2, "-o with a .csv name")
    check("is an .xlsx workbook, but the name ends in '.csv'" in r[2], "extension message names both")
    check(not os.path.exists(wrong), "no workbook under a .csv name")
    r = run("audit", EXAMPLE, "-o", out, "--json", os.path.join(tmp, "a.txt"))
    expect_exit(r, 2, "--json with a .txt name")
    r = run("screen", os.path.join(EXAMPLE, "partners.csv"), "-o", os.path.join(tmp, "s.json"))
    expect_exit(r, 2, "screen -o with a .json name")
    r = run("audit", EXAMPLE, "-o", os.path.join(tmp, "UPPER.XLSX"), "--as-of", "2026-09-30")
    expect_exit(r, 0, "the extension's case does not matter")

    # A folder that is no record pack is refused, not audited to a score.
    empty = os.path.join(tmp, "empty")
    os.mkdir(empty)
    r = run("audit", empty, "-o", out)
    expect_exit(r, 2, "an empty folder")
    check("is not a record pack" in r[2] and "entity.csv" in r[2], "empty folder: says what was expected")
    check(not os.path.exists(out), "empty folder: no workbook")
    r = run("audit", os.path.dirname(EXAMPLE), "-o", out)
    expect_exit(r, 2, "the folder above a pack")
    check("record pack in its sub-folders" in r[2] and "acme-trading" in r[2],
          "folder of packs: names the sub-folder")
    check(not os.path.exists(out), "folder of packs: no workbook")

    # A shipped profile by its name, from any folder; an unknown name is still an error.
    js = os.path.join(tmp, "p.json")
    r = run("audit", EXAMPLE, "-o", out, "--json", js, "--profile", "pre-entry", "--as-of", "2026-09-30")
    check(r[0] in (0, 1), "audit --profile pre-entry runs: " + r[2][-300:])
    with open(js, encoding="utf-8") as f:
        doc = json.load(f)
    check("pre-entry" in json.dumps(doc.get("run", doc))[:20000], "the run names the pre-entry profile")
    r = run("audit", EXAMPLE, "-o", out, "--profile", "no-such-profile")
    expect_exit(r, 2, "unknown profile name")
    check("no-such-profile" in r[2], "unknown profile named in the message")
    r = run("checklist", "lint", "--profile", "yearly")
    expect_exit(r, 0, "checklist lint --profile yearly")
finish()
