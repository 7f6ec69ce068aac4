#!/usr/bin/env python3
"""Out of memory anywhere: a message and exit 3, and nothing the run created left behind.

The audit runs under address-space limits from too small to start up to enough,
on a pack with a long licences file; at every limit it either finishes (exit 0)
or fails with exit 3, a message on standard error, no new --db and no output.
A crash, a silent exit or a leftover database fails the test. Skipped under
sanitizers and valgrind, which need more address space than any limit here.
"""
import os
import resource
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import AUDIT, EXAMPLE, check, finish, tempdir  # noqa: E402


def instrumented():
    if os.environ.get("CSCS_AUDIT_WRAPPER"):
        return True
    with open(AUDIT, "rb") as f:
        data = f.read()
    return b"__asan_init" in data or b"__ubsan_handle" in data or b"__tsan_init" in data


def main():
    if instrumented():
        print("SKIP: an instrumented build needs more address space than the limits tried")
        finish()
    with tempdir() as root:
        pack = os.path.join(root, "pack")
        os.makedirs(pack)
        for name in os.listdir(EXAMPLE):
            src = os.path.join(EXAMPLE, name)
            if os.path.isfile(src):
                with open(src, "rb") as f, open(os.path.join(pack, name), "wb") as g:
                    g.write(f.read())
        with open(os.path.join(pack, "licenses.csv"), "a", encoding="utf-8") as f:
            for i in range(20000):
                f.write(f"营业执照,L-X{i},上海市市场监督管理局,2020-01-01,2030-01-01,valid\n")
        n_failed = n_done = 0
        for mib in range(16, 129, 4):
            db = os.path.join(root, "audit.db")
            out = os.path.join(root, "o.json")
            limit = mib << 20

            def cap():
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            p = subprocess.run([AUDIT, "audit", pack, "--db", db, "--json", out, "--as-of", "2025-09-30"],
                               capture_output=True, text=True, errors="replace", preexec_fn=cap, timeout=600)
            errors = [ln for ln in p.stderr.splitlines() if ": warning: " not in ln]
            what = f"audit under a {mib} MiB limit"
            check(p.returncode in (0, 3), f"{what}: exit {p.returncode} (a crash?), stderr: {p.stderr[-2000:]}")
            if p.returncode == 3:
                n_failed += 1
                check(errors and all(ln.startswith("cscs-audit: ") for ln in errors),
                      f"{what}: exit 3 without a message: {p.stderr[-2000:]}")
                left = [n for n in os.listdir(root) if n.startswith("audit.db") or n.startswith("o.json")]
                check(not left, f"{what}: exit 3 left {left} behind")
            elif p.returncode == 0:
                n_done += 1
            for n in os.listdir(root):
                if n.startswith("audit.db") or n.startswith("o.json") or n.startswith(".cscs-tmp-"):
                    os.remove(os.path.join(root, n))
        print(f"{n_failed} limits too small (exit 3), {n_done} enough (exit 0)")
        check(n_failed > 0, "no limit was too small: the test tried nothing")
    finish()


if __name__ == "__main__":
    main()
