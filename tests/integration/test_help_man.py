"""Every option that a command's --help lists is documented in the man page."""
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
finish()
