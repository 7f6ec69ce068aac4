"""Helpers shared by the integration tests: run the built binary, check results."""
import os
import subprocess
import sys
import tempfile

AUDIT = os.environ.get("CSCS_AUDIT", "cscs-audit")
SRCDIR = os.environ.get("CSCS_SRCDIR", os.path.join(os.path.dirname(__file__), "..", ".."))
EXAMPLE = os.path.join(SRCDIR, "examples", "acme-trading")
FIXTURES = os.path.join(SRCDIR, "tests", "fixtures")

_failures = []

# Under valgrind (CSCS_AUDIT_WRAPPER) a memory error exits 99, which no test expects.


def run(*args, stdin=None, cwd=None, env=None, prefix=()):
    """Run cscs-audit with args; returns (exit code, stdout, stderr).
    prefix: a command to run it through (e.g. setpriv, to drop root)."""
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    wrapper = os.environ.get("CSCS_AUDIT_WRAPPER", "").split()
    p = subprocess.run([*prefix, *wrapper, AUDIT, *args], input=stdin, capture_output=True, text=True,
                       cwd=cwd, env=full_env, timeout=600, errors="replace")
    return p.returncode, p.stdout, p.stderr


def check(cond, what):
    """Record a failed expectation (the test goes on, then fails at the end)."""
    if not cond:
        _failures.append(what)
        print(f"FAIL: {what}", file=sys.stderr)


def expect_exit(result, code, what):
    rc, out, err = result
    check(rc == code, f"{what}: exit {rc}, expected {code}\nstdout: {out}\nstderr: {err}")


def tempdir():
    return tempfile.TemporaryDirectory(prefix="cscs-test-")


def finish():
    """Exit non-zero when any expectation failed; print a closing line."""
    name = os.path.basename(sys.argv[0])
    if _failures:
        print(f"{name}: {len(_failures)} expectation(s) failed", file=sys.stderr)
        sys.exit(1)
    print(f"{name}: ok")
    sys.exit(0)
