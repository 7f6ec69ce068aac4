"""Every option of a command's option table (and so of its --help) is documented in the man page, under that command."""
import os
import re

from clitest import run, check, finish, SRCDIR

with open(os.path.join(SRCDIR, "docs", "cscs-audit.1"), encoding="utf-8") as f:
    man = f.read().replace("\\-", "-").replace("\\f[BIR]", "").replace("\\fB", "").replace("\\fI", "").replace("\\fR", "")

commands = re.findall(r"^  ([a-z]+) ", run("--help")[1], re.M)
check(len(commands) >= 9, "the command list was read from --help")
for cmd in commands:
    check(re.search(r"^\.SS\s+\"?" + cmd + r"\b", man, re.M) is not None, f"man page has a section for '{cmd}'")
    helptext = run(cmd, "--help")[1]
    for opt in sorted(set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z])\b", helptext))):
        check(opt in man, f"'{cmd} {opt}' is in the man page")

# The option tables against the man page, command by command: each option of a
# command's table (as 'cscs-audit completion options' prints them) is listed,
# with its value's name, in that command's section, and the section lists no
# option the table lacks.
import shlex

with open(os.path.join(SRCDIR, "docs", "cscs-audit.1"), encoding="utf-8") as f:
    roff = f.read()
sections = {}
name = None
lines = roff.splitlines()
for i, line in enumerate(lines):
    if line.startswith(".SH"):
        name = None
    elif line.startswith(".SS"):
        name = line.split()[1].strip('"')
        sections[name] = {}
    elif name and line.startswith(".TP") and i + 1 < len(lines):
        item = re.sub(r"\\f[BIRP]", "", lines[i + 1].replace("\\-", "-"))
        words = shlex.split(item.split(None, 1)[1] if " " in item else "")
        opts = [w for w in words if re.fullmatch(r"--?[a-zA-Z][a-z0-9-]*", w)]
        rest = [w.strip() for w in words if w not in opts and w.strip() not in (",", "")]
        for o in opts:
            sections[name][o] = " ".join(rest)

r = run("completion", "options")
check(r[0] == 0, "completion options prints the tables")
tables = {}
for line in r[1].splitlines():
    cmd, long_name, short_name, arg = line.split("\t")
    if long_name == "--help":
        continue  # documented once, under GLOBAL OPTIONS
    for o in (long_name, short_name):
        if o:
            tables.setdefault(cmd, {})[o] = arg
check(sorted(tables) == sorted(commands), f"a table for every command: {sorted(tables)}")
for cmd, table in sorted(tables.items()):
    listed = sections.get(cmd, {})
    for o, arg in sorted(table.items()):
        check(o in listed, f"'{cmd} {o}' is listed (.TP) in the man page's section for {cmd}")
        if o in listed:
            check(listed[o] == arg, f"'{cmd} {o}': the man page names its value '{listed[o]}', the table '{arg}'")
    for o in sorted(set(listed) - set(table)):
        check(False, f"the man page's section for {cmd} lists '{o}', which is not in its option table")
finish()
