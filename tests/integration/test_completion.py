"""Bash completion made from the option tables: sourced in bash, its answers checked with compgen."""
import os
import shutil
import subprocess

from clitest import run, check, expect_exit, finish, tempdir, SRCDIR

BASH = shutil.which("bash")

r = run("completion", "bash")
expect_exit(r, 0, "completion bash")
script = r[1]
expect_exit(run("completion", "zsh"), 2, "completion of an unknown shell")

r = run("completion", "options")
expect_exit(r, 0, "completion options")
table = {}
for line in r[1].splitlines():
    cmd, long_name, short_name, arg = line.split("\t")
    table.setdefault(cmd, []).append((long_name, short_name, arg))
check(len(table) >= 9, f"the option tables of every command: {sorted(table)}")


def complete(words, cwd):
    """COMPREPLY of the script for the command line words (the last one being completed)."""
    with open(os.path.join(cwd, "completion.bash"), "w", encoding="utf-8") as f:
        f.write(script)
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    program = ("source ./completion.bash\n"
               f"COMP_WORDS=({quoted}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))\n"
               "_cscs_audit\n"
               "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    p = subprocess.run([BASH, "--norc", "--noprofile", "-c", program], cwd=cwd, capture_output=True, text=True,
                       timeout=60)
    check(p.returncode == 0, f"completing {words}: bash exit {p.returncode}: {p.stderr}")
    return sorted(w for w in p.stdout.splitlines() if w)


if not BASH:
    print("SKIP: no bash")
else:
    with tempdir() as d:
        os.mkdir(os.path.join(d, "lists"))
        os.mkdir(os.path.join(d, "pack"))
        open(os.path.join(d, "partners.csv"), "w").close()
        open(os.path.join(d, "plan.xlsx"), "w").close()

        got = complete(["cscs-audit", "a"], d)
        check(got == ["audit"], f"command 'a': {got}")
        got = complete(["cscs-audit", "-q", "re"], d)
        check(got == ["report"], f"command after -q: {got}")
        got = complete(["cscs-audit", "audit", "--fail"], d)
        check(got == ["--fail-on"], f"audit --fail: {got}")
        got = complete(["cscs-audit", "audit", "--fail-on", ""], d)
        check(got == sorted(["critical", "high", "medium", "low", "info"]), f"audit --fail-on values: {got}")
        got = complete(["cscs-audit", "check", "--fail-on", "h"], d)
        check(got == ["high"], f"check --fail-on h: {got}")
        got = complete(["cscs-audit", "report", "--lang", ""], d)
        check(got == ["en", "zh"], f"report --lang values: {got}")
        got = complete(["cscs-audit", "audit", "--lang", "=", "z"], d)
        check(got == ["zh"], f"audit --lang=z: {got}")
        got = complete(["cscs-audit", "template", "--format", ""], d)
        check(got == ["csv", "xlsx"], f"template --format values: {got}")
        got = complete(["cscs-audit", "checklist", "--format", ""], d)
        check(got == ["json", "md", "text"], f"checklist --format values: {got}")
        got = complete(["cscs-audit", "screen", "--encoding", "gb"], d)
        check(got == ["gb18030", "gbk"], f"screen --encoding gb: {got}")
        got = complete(["cscs-audit", "audit", "--lists", ""], d)
        check(got == ["lists", "pack"], f"audit --lists completes folders only: {got}")
        got = complete(["cscs-audit", "screen", "-o", "pl"], d)
        check(got == ["plan.xlsx"], f"screen -o completes files: {got}")
        got = complete(["cscs-audit", "screen", "pa"], d)
        check(got == ["pack", "partners.csv"], f"screen's operand completes files and folders: {got}")
        # --profile: a file, or a shipped profile by name (every one of checklists/profiles)
        shipped = sorted(f[:-4] for f in os.listdir(os.path.join(SRCDIR, "checklists", "profiles")) if f.endswith(".ini"))
        got = complete(["cscs-audit", "check", "--profile", ""], d)
        check([w for w in got if w in shipped] == shipped and "plan.xlsx" in got,
              f"check --profile offers the shipped profiles {shipped} and files: {got}")
        got = complete(["cscs-audit", "audit", "--profile", "pl"], d)
        check(got == ["plan.xlsx"], f"audit --profile pl: {got}")
        got = complete(["cscs-audit", "checklist", "l"], d)
        check(got == ["lint", "list"], f"checklist: its action first: {got}")
        got = complete(["cscs-audit", "checklist", "--format", "md", ""], d)
        check(got == ["lint", "list", "show"], f"checklist after an option's value: the actions: {got}")
        got = complete(["cscs-audit", "checklist", "list", "pa"], d)
        check(got == ["pack", "partners.csv"], f"checklist list: then paths: {got}")
        got = complete(["cscs-audit", "audit", "--title", ""], d)
        check(got == [], f"audit --title (free text) offers nothing: {got}")
        got = complete(["cscs-audit", "template", "--rec"], d)
        check(got == [], f"hidden options are not offered: {got}")

        # every option of every table is offered after '-', and nothing else but the common ones
        for cmd, opts in sorted(table.items()):
            got = set(complete(["cscs-audit", cmd, "-"], d))
            want = {o[0] for o in opts} | {o[1] for o in opts if o[1]} | {"-q", "--quiet", "-v", "--verbose"}
            check(got == want, f"{cmd} -: offered {sorted(got - want)} beyond, {sorted(want - got)} missing")
finish()
