#!/usr/bin/env python3
"""The shipped checklist library, check by check.

For every check there is a pack under tests/fixtures/checklists/<id>/ where it
must fail and one where it must pass; versioned checks are run on the same pack
at as-of dates on either side of a rule change and must name the rule version
that ran (the "[rule: ...]" marker every versioned check puts in its details).
Each pack is the shared base (_base/) with the pack's own files on top. A
pack with partners or list exports runs through `cscs-audit audit PACK --json
OUT --as-of DATE --checklists checklists/`; any other pack through `import`
and `check` (the same stages without screening, which would have nothing to
screen), which costs less than half as much.

Also: `checklist lint` accepts the library and refuses a broken copy of it, and
the table covers every check id and every version in the library.

Two more cases for every check are derived from its fail pack, so that no
check is left without them: "no records" (the files of the record types its
`requires` names removed, partners and list exports for the screening tables)
must be insufficient_data; "values unknown" (every typed value of those files
replaced by 见附件 "see attachment", as ledgers are filled in) must never pass.
"""
import concurrent.futures
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import AUDIT, SRCDIR  # noqa: E402

CHECKLISTS = os.path.join(SRCDIR, "checklists")
FIXTURES = os.path.join(SRCDIR, "tests", "fixtures", "checklists")
WRAPPER = os.environ.get("CSCS_AUDIT_WRAPPER", "").split()
# Some 200 audits, each with its own temporary database: keep them in memory
# where the system offers a tmpfs, so the test is bound by the CPU, not the disk.
TMPROOT = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
AS_OF = "2025-09-30"
EXAMPLE_AS_OF = "2026-09-30"  # the date examples/README.md gives

O654 = "Order 654 (2014), art."
TAX_OLD, TAX_NEW = ("2025-06-15", "[rule: SAT 2014 No. 40]"), ("2025-09-30", "[rule: SAT 2025 No. 12]")
CUS_OLD, CUS_NEW = ("2026-03-15", "[rule: GACC Order 251]"), ("2026-04-15", "[rule: GACC Order 282]")
PEN_58 = "[rule: NDRC Order 58]"
PEN_107 = "[rule: NDRC Order 58 + SAMR Order 107 (unverified)]"
PEN_2026 = "[rule: NDRC Order 36]"


def case(check, pack, status, as_of=AS_OF, due=None, rule=None, detail=None, basis=None, mode=None,
         requires=()):
    """due: the exact due_date some finding must carry (or True: any);
    rule: text every finding's detail must contain; detail: text some detail contains;
    basis: text the basis of the version that ran must contain."""
    return dict(check=check, pack=pack, status=status, as_of=as_of, due=due, rule=rule, detail=detail,
                basis=basis, mode=mode, requires=requires)


def pair(check, due=None, detail=None, as_of=AS_OF):
    return [case(check, "fail", "fail", as_of, due=due, detail=detail), case(check, "pass", "pass", as_of)]


def versions(check, old, new, due_old=None, due_new=None):
    """The fail pack under both rule versions, and the pass pack under the new one."""
    return [case(check, "fail", "fail", old[0], due=due_old, rule=old[1]),
            case(check, "fail", "fail", new[0], due=due_new, rule=new[1]),
            case(check, "pass", "pass", new[0])]


CASES = [
    *pair("ID-001"),
    *pair("ID-002"),
    *pair("ID-003"),
    # a code issued by a city (440101, 广州市市辖区) matches any of its districts;
    # in a municipality xx0101 is a district (北京市东城区) and is compared as one
    case("ID-003", "city_level", "pass"),
    case("ID-003", "municipality", "fail", detail="compared to 6 digits"),
    *pair("ID-004", due="2025-08-31"),
    case("ID-004", "renewed", "pass"),
    # overdue rectification after an inspection in the areas ENV-008 and QUA-004 leave out
    *pair("INS-001", due="2025-07-10", detail="fire inspection of 2025-06-10 by 上海市浦东新区消防救援支队 found \"rectification ordered\"; rectification due by 2025-07-10"),
    case("INS-001", "not_applicable", "not_applicable"),
    case("INS-001", "insufficient_data", "insufficient_data"),
    *pair("ID-005", due="2025-09-01"),
    # lead times by licence type (a table in the check's parameters): food 30 working
    # days, work safety 3 months; other licences the 90-day default (the fail pack)
    case("ID-005", "food", "pass"),
    case("ID-005", "food_due", "fail", due="2025-09-19", detail="30 working days (食品经营许可和备案管理办法)"),
    case("ID-005", "work_safety", "fail", due="2025-09-20", detail="3 months (安全生产许可证条例)"),
    case("ID-005", "fail", "fail", detail="90 days (tool default"),
    case("ID-005", "no_licences", "insufficient_data"),
    *pair("ID-006"),
    *pair("ID-007", due="2025-06-30"),
    # Company Law 2023: LLC contributions within 5 years (older companies: by 2032-06-30,
    # adjusted by 2027-06-30); joint-stock companies set up earlier pay in full by 2027-06-30.
    # The company form comes from entity_type ('llc', 'joint_stock') or the name. The
    # entity record always has exactly one row: its derived "values unknown" pack
    # (capital and dates unknown) stands for the insufficient-data state.
    *pair("ID-008", due="2027-06-30", detail="after 2032-06-30"),
    case("ID-008", "new_company", "fail", due="2029-09-01", detail="capital is subscribed until 2034-08-31, after 2029-09-01"),
    case("ID-008", "not_applicable", "not_applicable"),
    *pair("ID-009", due="2027-06-30", detail="RMB 20,000,000.00 of RMB 50,000,000.00 registered capital"),
    case("ID-009", "not_applicable", "not_applicable"),

    # The annual-report checks cite State Council Order 654 until 2024-04-30 and
    # as amended by Order 777 from 2024-05-01; SAIC Order 83 gave way to SAMR
    # Order 44 on 2021-09-01 (the "old" packs hold records of those years).
    *pair("AR-001", due="2025-06-30"),
    case("AR-001", "fail", "fail", AS_OF, basis="Order 777"),
    case("AR-001", "fail", "fail", "2024-03-01", due="2020-06-30", basis=O654),
    *pair("AR-002"),
    case("AR-002", "fail", "fail", AS_OF, basis="Order 777"),
    case("AR-002", "old", "fail", "2024-03-01", basis=O654),
    *pair("AR-003", due="2025-06-30", as_of="2025-06-10"),
    case("AR-003", "fail", "fail", "2025-06-10", basis="Order 777"),
    case("AR-003", "old", "fail", "2023-06-10", due="2023-06-30", basis=O654),
    *pair("AR-004", due="2025-08-29", detail="public holidays not excluded"),
    case("AR-004", "fail", "fail", AS_OF, basis="Order 777"),
    case("AR-004", "old", "fail", "2024-03-01", basis=O654),
    *pair("AR-005", due="2027-05-16", detail="removal route: file the report"),
    case("AR-005", "fail", "fail", AS_OF, basis=("SAMR Order 44", "Order 777")),
    case("AR-005", "old", "fail", "2021-06-01", due="2023-09-11", basis="(国家工商行政管理总局令第83号 SAIC Order 83, 2015)"),
    case("AR-005", "old", "fail", "2023-06-01", due="2023-09-11",
         basis=("SAMR Order 44", "(企业信息公示暂行条例 State Council Order 654, art. 18)")),
    case("AR-005", "escalating", "pass"),
    *pair("AR-006", due="2025-10-15"),
    case("AR-006", "fail", "fail", AS_OF, basis="SAMR Order 44"),
    case("AR-006", "old", "fail", "2021-06-01", due="2021-07-01", basis="(SAIC Order 83, 2015)"),
    *pair("BL-001", due="2025-09-30", detail="2027-03-01"),
    case("BL-001", "fail", "fail", AS_OF, basis="SAMR Order 44, in force 2021-09-01"),
    case("BL-001", "old", "fail", "2021-06-01", basis="SAIC Order 83, 2015; replaced"),
    *pair("BL-002", due="2025-09-30"),
    *pair("BL-003", due="2025-09-30"),
    case("BL-003", "fail", "fail", AS_OF, basis="2025 No. 12, in force 2025-07-01"),
    case("BL-003", "fail", "fail", "2025-06-15", basis="2014 No. 40, in force until 2025-06-30"),
    *pair("BL-004", due="2026-03-30"),
    case("BL-005", "fail", "fail", AS_OF, due="2025-12-01", rule="[rule: GACC Order 251]"),
    *versions("BL-005", CUS_OLD, CUS_NEW, due_old="2026-03-15", due_new="2026-06-01"),
    *pair("BL-006"),
    case("BL-006", "fail", "fail", AS_OF, basis=("SAMR Order 44", "2025 No. 12, in force 2025-07-01")),
    case("BL-006", "fail", "fail", "2025-06-15", basis=("SAMR Order 44", "2014 No. 40, in force until 2025-06-30")),
    case("BL-006", "old", "fail", "2021-06-01", basis=("(国家工商行政管理总局令第83号 SAIC Order 83, 2015)",
                                                       "2014 No. 40, in force until 2025-06-30")),
    *pair("BL-007"),
    *pair("BL-008"),
    *pair("BL-009"),
    *pair("BL-010", detail='on the work-safety serious dishonesty list since 2025-03-01 for "瞒报生产安全事故"'),
    case("BL-010", "insufficient_data", "insufficient_data"),
    case("BL-009", "legal_rep", "fail", detail="identity number is in an entry of the serious illegal and dishonest list for 某某商贸有限公司"),
    # people by identity number: 18 digits with a lower-case x, spaces in the name, hyphens in the entry, 15 digits
    *pair("BL-011", detail="the director 李 娜 has the identity number of an entry of the judgment defaulter list for 李娜"),
    case("BL-011", "fail", "fail", detail="the shareholder 陈建国 has the identity number of an entry of the serious illegal and dishonest list"),
    case("BL-011", "not_applicable", "not_applicable"),
    case("BL-011", "insufficient_data", "insufficient_data"),
    case("BL-011", "insufficient_data_lists", "insufficient_data"),
    # a name alone is a lead to review, never a listing; namesakes with different numbers are not reported
    *pair("BL-012", detail="review: the legal representative 王伟 has the same name as a person in an entry of the "
                           "judgment defaulter list for 某某（上海）商贸有限公司"),
    case("BL-012", "fail", "fail", detail="the list entry gives no identity number"),
    case("BL-012", "not_applicable", "not_applicable"),
    case("BL-012", "insufficient_data", "insufficient_data"),
    *versions("TAX-001", TAX_OLD, TAX_NEW, due_old="2025-05-15", due_new="2025-05-15"),
    *versions("TAX-002", TAX_OLD, TAX_NEW),
    *versions("TAX-003", TAX_OLD, TAX_NEW, due_old="2025-05-15", due_new="2025-05-15"),
    *versions("TAX-004", TAX_OLD, TAX_NEW),
    *versions("TAX-005", TAX_OLD, TAX_NEW),
    *versions("TAX-006", TAX_OLD, TAX_NEW),
    *versions("TAX-007", TAX_OLD, TAX_NEW),
    case("TAX-007", "fail", "fail", AS_OF, detail="zero or negative returns"),
    *pair("TAX-008", detail="false VAT special invoices"),
    # no data is never a pass: TAX-007 and TAX-008 read these tables
    case("TAX-007", "no_filings", "insufficient_data"),
    case("TAX-007", "no_ratings", "insufficient_data"),
    case("TAX-008", "no_filings", "insufficient_data"),
    # PEN-001: one pack under each rule period. A general penalty drops after
    # 1 year under the 2026 measures, but stays 3 years under NDRC Order 58.
    case("PEN-001", "fail", "fail", "2025-09-30", due="2025-09-12", rule=PEN_58),
    case("PEN-001", "fail", "fail", "2026-03-15", due="2025-09-12", rule=PEN_107),
    case("PEN-001", "fail", "pass", "2026-06-15"),
    case("PEN-001", "serious", "fail", "2025-09-30", due="2025-09-12", rule=PEN_58),
    case("PEN-001", "serious", "fail", "2026-03-15", due="2026-06-12", rule=PEN_107),
    case("PEN-001", "serious", "fail", "2026-06-15", due="2026-06-12", rule=PEN_2026),
    # a warning the authority did not class is minor: not published under NDRC Order 36
    case("PEN-001", "warning", "pass", "2026-06-15"),
    case("PEN-001", "warning", "fail", "2026-03-15", rule=PEN_107, detail="market regulation, warning, minor assumed"),
    case("PEN-001", "pass", "pass", "2025-09-30"),
    case("PEN-001", "pass", "pass", "2026-06-15"),
    *pair("PEN-002"),
    case("PEN-002", "fail", "fail", "2026-06-15", rule="[rule: NDRC Order 36]"),
    case("PEN-002", "fail", "fail", AS_OF, rule="[rule: NDRC Order 58]", basis="2025 No. 12, in force 2025-07-01"),
    case("PEN-002", "fail", "fail", "2025-06-20", rule="[rule: NDRC Order 58]",
         basis="2014 No. 40, in force until 2025-06-30"),
    # credit-repair readiness: minimum period reached and obligations performed
    case("PEN-004", "fail", "fail", AS_OF, rule="[rule: NDRC Order 58]",
         detail="the minimum publication period ended on 2025-09-12 and the obligations were performed on 2025-07-01"),
    case("PEN-004", "fail", "fail", "2026-04-15", rule="[rule: NDRC Order 36]"),
    case("PEN-004", "fail", "fail", "2026-03-15", rule=PEN_107),
    # the same periods as PEN-001: a serious market penalty under SAMR Order 107 (unverified) waits a year
    case("PEN-004", "serious", "pass", "2026-03-15"),
    case("PEN-004", "serious", "fail", "2026-06-15", rule=PEN_2026),
    case("PEN-004", "fail", "pass", "2026-06-15"),
    case("PEN-004", "fail", "pass", "2025-08-30"),
    case("PEN-004", "pass", "pass"),
    case("PEN-004", "not_applicable", "not_applicable"),
    case("PEN-004", "insufficient_data", "insufficient_data"),
    *pair("PEN-003", due="2026-03-01"),
    case("PEN-003", "fail", "fail", "2026-06-15", due="2026-03-01", rule="[rule: NDRC Order 36]"),
    case("PEN-003", "fail", "fail", AS_OF, rule="[rule: NDRC Order 58]"),
    # evidence named by records (record-keeping, weight 0): a name, a glob in a sub-folder, two names
    # in one cell; the file missing in fail, present in pass; no record names evidence: not applicable
    *pair("EVD-001", detail="licenses row names evidence 'receipt.jpg': no file in evidence/ matches it"),
    case("EVD-001", "not_applicable", "not_applicable"),
    *pair("ENV-001"),
    case("ENV-001", "not_applicable", "not_applicable"),
    # one lapsed permit is ENV-002's finding, not also ENV-001's (no double deduction)
    case("ENV-001", "lapsed", "pass"),
    *pair("ENV-002", due="2025-08-31"),
    *pair("ENV-003", due="2025-10-16"),
    *pair("ENV-004", due="2025-01-31"),
    *pair("ENV-005", due="2025-03-15"),
    *pair("ENV-006"),
    *pair("ENV-007"),
    *pair("ENV-008", due="2025-05-02"),
    *pair("QUA-001", due="2025-05-31"),
    *pair("QUA-002", due="2025-11-30"),
    *pair("QUA-003"),
    *pair("QUA-004", due="2025-05-02"),
    *pair("LAB-001"),
    *pair("LAB-002", due="2025-09-15", detail="RMB 250,000.00"),
    *pair("LAB-003"),
    *pair("LAB-004", due="2025-09-15"),
    case("CUS-001", "fail", "fail", AS_OF, rule=CUS_OLD[1]),
    *versions("CUS-001", CUS_OLD, CUS_NEW),
    *versions("CUS-002", CUS_OLD, CUS_NEW),
    *versions("CUS-003", CUS_OLD, CUS_NEW, due_old="2026-05-10", due_new="2026-05-10"),
    *versions("CUS-004", CUS_OLD, CUS_NEW, due_old="2025-08-31", due_new="2025-08-31"),
    *pair("CRT-001", due="2025-02-10"),
    *pair("CRT-002", due="2025-09-30"),
    *pair("PRT-001"),
    *pair("PRT-002", due="2026-12-31"),
    *pair("PRT-003", due="2026-12-31"),
    *pair("PRT-004"),
    *pair("PRT-005", detail="10.0 %"),
    *versions("POS-001", TAX_OLD, TAX_NEW),
    *versions("POS-002", CUS_OLD, CUS_NEW),
    # "certified" is a positive level only under GACC Order 282.
    case("POS-002", "certified", "pass", CUS_OLD[0]),
    case("POS-002", "certified", "fail", CUS_NEW[0], rule=CUS_NEW[1]),
    *pair("POS-003"),
    *pair("POS-004"),
]


def library():
    """check id -> its versions' periods [(from, to)] in the shipped checklists (as the loader reads them)."""
    r = subprocess.run(WRAPPER + [AUDIT, "checklist", "list", "--format", "json", CHECKLISTS],
                       capture_output=True, text=True, encoding="utf-8")
    ids = {}
    for c in json.loads(r.stdout)["checks"]:
        ids.setdefault(c["id"], []).append((c["effective_from"] or "0000-00-00", c["effective_to"] or "9999-99-99"))
    return ids


def needing_screening():
    """Ids of the checks that list a screening table in 'requires'."""
    ids = set()
    for name in sorted(os.listdir(CHECKLISTS)):
        if name.endswith(".sql"):
            with open(os.path.join(CHECKLISTS, name), encoding="utf-8") as f:
                cid = None
                for line in f:
                    m = re.match(r"--\s*check:\s*(\S+)", line)
                    if m:
                        cid = m.group(1)
                    m = re.match(r"--\s*requires:\s*(.*)", line)
                    if m and cid and {"partner_status", "screen_matches"} & {
                            t.strip() for t in m.group(1).split(",")}:
                        ids.add(cid)
    return ids


def screening_built():
    """Whether this build screens partners (until the screening module lands it does not)."""
    p = subprocess.run([*WRAPPER, AUDIT, "screen", "--help"], capture_output=True, text=True)
    return p.returncode == 0


# Derived packs: the record files a required table is read from.
SCREENING_FILES = {"partner_status": ["partners.csv", "lists"], "screen_matches": ["partners.csv", "lists"],
                   "list_entries": ["lists"], "partners": ["partners.csv"]}
UNKNOWN = "见附件"  # "see attachment": a word in a typed column that no reader can type


def typed_columns():
    """record type -> the columns whose type is not free text (docs/records.md, made by the program)."""
    cols, rtype = {}, None
    with open(os.path.join(SRCDIR, "docs", "records.md"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"## (\w+)\s*$", line)
            if m:
                rtype = m.group(1)
                continue
            m = re.match(r"\| `(\w+)` \| [^|]* \| ([^|]+) \|", line)
            if m and rtype and m.group(2).strip() not in ("text", "ID number", "USCC", "type"):
                cols.setdefault(rtype, set()).add(m.group(1))
    return cols


def required_files(table):
    return SCREENING_FILES.get(table, [table + ".csv"])


def derive(pack, requires, mode):
    """Turn a built fail pack into the "no records" or "values unknown" pack; False when nothing changed."""
    changed = False
    if mode == "no_records":
        for table in requires:
            if table == "entity":  # always one row: the entity cannot be absent
                continue
            for name in required_files(table):
                path = os.path.join(pack, name)
                if os.path.isdir(path):
                    shutil.rmtree(path)
                    changed = True
                elif os.path.exists(path):
                    os.remove(path)
                    changed = True
        return changed
    typed = typed_columns()
    for table in requires:
        if table in SCREENING_FILES:
            continue  # made by screening from partners and lists, not typed by the user
        path = os.path.join(pack, table + ".csv")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        if not rows:
            continue
        idx = [i for i, h in enumerate(rows[0]) if h in typed.get(table, set())]
        for row in rows[1:]:
            for i in idx:
                if i < len(row) and row[i].strip():
                    row[i] = UNKNOWN
                    changed = True
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
    return changed


def build_pack(check, pack, into, mode=None, requires=()):
    """Copy _base/ then the pack's own files (which replace base files) into into/;
    with a mode, derive that pack from it. False when the mode changed nothing."""
    src = os.path.join(FIXTURES, check, pack)
    if not os.path.isdir(src):
        raise AssertionError(f"missing fixture pack {src}")
    shutil.copytree(os.path.join(FIXTURES, "_base"), into)
    shutil.copytree(src, into, dirs_exist_ok=True)
    return derive(into, requires, mode) if mode else True


def results(doc):
    """Every check's result: the report's "checks" array."""
    return doc.get("checks") or []


def result_of(doc, check):
    for r in results(doc):
        if r.get("check_id") == check:
            return r
    return None


def findings_of(doc, check):
    return [f for f in doc.get("findings", []) if f.get("check_id") == check]


# Under valgrind (scripts/test), memcheck every CSCS_VALGRIND_SAMPLE-th case
# and run the others natively: the cases differ in check SQL and records, not
# in the C paths they take, and all of them under memcheck would take most of
# CI's time on two cores.
VALGRIND_SAMPLE = max(1, int(os.environ.get("CSCS_VALGRIND_SAMPLE", "1")))


def run_case(c, tmp, index=0):
    label = f"{c['check']}/{c['pack']}{'/' + c['mode'] if c['mode'] else ''} as of {c['as_of']}"
    wrapper = WRAPPER if index % VALGRIND_SAMPLE == 0 else []
    work = tempfile.mkdtemp(dir=tmp)
    pack = os.path.join(work, "pack")
    if not build_pack(c["check"], c["pack"], pack, c["mode"], c["requires"]):
        return []  # nothing to derive (a check on the entity row alone has no "no records" pack)
    out = os.path.join(work, "out.json")
    env = dict(os.environ, TMPDIR=work)
    if os.path.exists(os.path.join(pack, "partners.csv")) or os.path.isdir(os.path.join(pack, "lists")):
        steps = [["audit", pack, "--json", out, "--as-of", c["as_of"], "--checklists", CHECKLISTS]]
    else:
        # Nothing to screen: import + check are the audit's stages without the
        # screening step, at less than half the cost of a full audit.
        db = os.path.join(work, "audit.db")
        steps = [["import", pack, "--db", db],
                 ["check", "--db", db, "--json", out, "--as-of", c["as_of"], "--checklists", CHECKLISTS]]
    for args in steps:
        p = subprocess.run([*wrapper, AUDIT, *args], capture_output=True, text=True, timeout=600, env=env)
        if p.returncode != 0:
            return [f"{label}: {args[0]} exited {p.returncode}: {p.stderr.strip()}"]
    with open(out, encoding="utf-8") as f:
        doc = json.load(f)
    errors = []
    res = result_of(doc, c["check"])
    if res is None:
        return [f"{label}: no result for {c['check']}"]
    if c["status"] == "not_pass":
        # values unknown: a finding for the rows it could judge, or insufficient data; never a pass
        if res.get("status") not in ("fail", "insufficient_data"):
            return [f"{label}: status {res.get('status')!r} with every typed value unknown ({res.get('reason') or ''})"]
        return []
    if res.get("status") != c["status"]:
        errors.append(f"{label}: status {res.get('status')!r}, expected {c['status']!r}"
                      f" ({res.get('reason') or ''})")
    for text in ([c["basis"]] if isinstance(c["basis"], str) else c["basis"] or []):
        if text not in (res.get("basis") or ""):
            errors.append(f"{label}: the basis does not name {text!r}: {res.get('basis')!r}")
    fs = findings_of(doc, c["check"])
    if c["status"] == "fail":
        if not fs:
            errors.append(f"{label}: failed without findings")
        if c["due"] is True and not any(f.get("due_date") for f in fs):
            errors.append(f"{label}: no finding has a due_date")
        elif isinstance(c["due"], str) and c["due"] not in [f.get("due_date") for f in fs]:
            errors.append(f"{label}: due dates {[f.get('due_date') for f in fs]}, expected {c['due']}")
        if c["rule"] and not all(c["rule"] in (f.get("detail") or "") for f in fs):
            errors.append(f"{label}: rule version {c['rule']!r} not in {[f.get('detail') for f in fs]}")
        if c["detail"] and not any(c["detail"] in (f.get("detail") or "") for f in fs):
            errors.append(f"{label}: {c['detail']!r} not in {[f.get('detail') for f in fs]}")
        for f in fs:
            if not (f.get("source") or {}).get("file") or not (f.get("source") or {}).get("line"):
                errors.append(f"{label}: finding without source file:line: {f}")
    elif fs:
        errors.append(f"{label}: {c['status']} but with findings {[f.get('detail') for f in fs]}")
    return errors


def check_table():
    """Every check id has a fail and a pass case; every version is seen run."""
    errors = []
    lib = library()
    for cid, periods in sorted(lib.items()):
        mine = [c for c in CASES if c["check"] == cid]
        for status in ("fail", "pass"):
            if not any(c["status"] == status for c in mine):
                errors.append(f"{cid}: no case where it should {status}")
        if len(periods) > 1:
            for lo, hi in periods:
                # each version must be seen failing, and proving it ran (rule marker or basis)
                if not any(c["status"] == "fail" and lo <= c["as_of"] <= hi and (c["rule"] or c["basis"])
                           for c in mine):
                    errors.append(f"{cid}: no fail case naming its version for the version in force {lo}..{hi}")
    for c in CASES:
        if c["check"] not in lib:
            errors.append(f"{c['check']}: in the table but not in the library")
    for d in sorted(os.listdir(FIXTURES)):
        if os.path.isdir(os.path.join(FIXTURES, d)) and d != "_base" and d not in lib:
            errors.append(f"fixture folder {d} names no check")
    return errors


def check_lint(tmp):
    errors = []
    p = subprocess.run([*WRAPPER, AUDIT, "checklist", "lint", CHECKLISTS], capture_output=True, text=True)
    if p.returncode != 0:
        errors.append(f"checklist lint refuses the library ({p.returncode}): {p.stderr.strip()}")
    broken = os.path.join(tmp, "broken")
    shutil.copytree(CHECKLISTS, broken)
    with open(os.path.join(broken, "identity.sql"), "a", encoding="utf-8") as f:
        f.write("\n-- check: ID-999\n-- area: identity\n-- severity: high\n"
                "SELECT no_such_column FROM entity;\n")
    p = subprocess.run([*WRAPPER, AUDIT, "checklist", "lint", broken], capture_output=True, text=True)
    if p.returncode == 0 or "identity.sql" not in p.stderr:
        errors.append(f"checklist lint accepted a broken library ({p.returncode}): {p.stderr.strip()}")
    # a subject built in English words needs its Chinese form (subject.zh), named at file:line
    worded = os.path.join(tmp, "worded")
    shutil.copytree(CHECKLISTS, worded)
    with open(os.path.join(worded, "annual_report.sql"), encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(worded, "annual_report.sql"), "w", encoding="utf-8") as f:
        f.write(text.replace("-- subject.zh: {year}年度报告\n", "", 1))
    line = next(i for i, l in enumerate(text.replace("-- subject.zh: {year}年度报告\n", "", 1).split("\n"), 1)
                if "'annual report ' ||" in l)
    p = subprocess.run([*WRAPPER, AUDIT, "checklist", "lint", worded], capture_output=True, text=True)
    if p.returncode == 0 or f"annual_report.sql:{line}:" not in p.stderr or "subject.zh" not in p.stderr:
        errors.append(f"checklist lint accepted an English subject without subject.zh ({p.returncode}): "
                      f"{p.stderr.strip()}")
    # a phrase worded in English only is refused at its line
    unworded = os.path.join(tmp, "unworded")
    shutil.copytree(CHECKLISTS, unworded)
    lib = os.path.join(unworded, "00-library.sql")
    with open(lib, encoding="utf-8") as f:
        lines = f.read().split("\n")
    zh = next(i for i, l in enumerate(lines) if l.startswith("-- phrase.zh: list_name.serious_illegal ="))
    del lines[zh]
    with open(lib, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    en_line = next(i for i, l in enumerate(lines, 1) if l.startswith("-- phrase: list_name.serious_illegal ="))
    p = subprocess.run([*WRAPPER, AUDIT, "checklist", "lint", unworded], capture_output=True, text=True)
    if p.returncode == 0 or f"00-library.sql:{en_line}:" not in p.stderr or "no Chinese wording" not in p.stderr:
        errors.append(f"checklist lint accepted a phrase without Chinese ({p.returncode}): {p.stderr.strip()}")
    return errors


def check_unused_unknown(tmp):
    """An unknown value in a column a check does not use leaves its result alone: the
    shipped checks name their columns (checklist lint warns about '*'), so a fine's
    amount written 见附件 does not make the publication checks insufficient."""
    errors = []
    p = subprocess.run([*WRAPPER, AUDIT, "checklist", "lint", CHECKLISTS], capture_output=True, text=True)
    if "warning" in p.stderr:
        errors.append(f"checklist lint warns about the shipped library: {p.stderr.strip()}")
    pack = os.path.join(tmp, "unused-unknown")
    build_pack("PEN-001", "pass", pack)
    path = os.path.join(pack, "penalties.csv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    col = rows[0].index("amount")
    for row in rows[1:]:
        row[col] = UNKNOWN
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    db, out = os.path.join(tmp, "unused-unknown.db"), os.path.join(tmp, "unused-unknown.json")
    for args in (["import", pack, "--db", db],
                 ["check", "--db", db, "--json", out, "--as-of", "2025-12-01", "--checklists", CHECKLISTS]):
        p = subprocess.run([*WRAPPER, AUDIT, *args], capture_output=True, text=True, timeout=600)
        if p.returncode != 0:
            return errors + [f"unused unknown: {args[0]} exited {p.returncode}: {p.stderr.strip()}"]
    with open(out, encoding="utf-8") as f:
        doc = json.load(f)
    for check in ("PEN-001", "PEN-003"):
        res = result_of(doc, check)
        if not res or res.get("status") != "pass":
            errors.append(f"unused unknown: {check} is {res and res.get('status')!r} with only the amount "
                          f"unknown, expected pass ({res and res.get('reason')})")
    return errors


def check_example(tmp):
    """The example pack makes at least one check of every area fail."""
    out = os.path.join(tmp, "example.json")
    p = subprocess.run([*WRAPPER, AUDIT, "audit", os.path.join(SRCDIR, "examples", "acme-trading"),
                        "--json", out, "--as-of", EXAMPLE_AS_OF, "--checklists", CHECKLISTS],
                       capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        return [f"example: audit exited {p.returncode}: {p.stderr.strip()}"]
    with open(out, encoding="utf-8") as f:
        doc = json.load(f)
    failing = {r.get("area") for r in results(doc) if r.get("status") == "fail"}
    return [f"example: no check of area {a!r} fails" for a in sorted(library_areas() - failing)]


def library_areas():
    areas = set()
    for name in sorted(os.listdir(CHECKLISTS)):
        if name.endswith(".sql"):
            with open(os.path.join(CHECKLISTS, name), encoding="utf-8") as f:
                areas.update(re.findall(r"^--\s*area:\s*(\S+)", f.read(), re.M))
    return areas


# Rule changes the library must follow (../shared/criteria.md): on each date,
# the basis of every version in force may cite only what was in force then.
CITATION_DATES = ["2021-08-31", "2021-09-01", "2024-04-30", "2024-05-01", "2025-06-30", "2025-07-01",
                  "2025-12-25", "2026-03-31", "2026-04-01", "2027-07-01"]


def citation_problems(as_of, basis):
    """What is wrong with basis as the citation of a rule applied on as_of."""
    problems = []
    if as_of >= "2021-09-01" and "Order 83" in basis.replace("replaced SAIC Order 83", ""):
        problems.append("cites SAIC Order 83, which SAMR Order 44 replaced on 2021-09-01")
    if as_of >= "2024-05-01" and "Order 654" in basis and "Order 777" not in basis:
        problems.append("cites State Council Order 654 without its amendment by Order 777 (2024-05-01)")
    if as_of < "2024-05-01" and "Order 777" in basis:
        problems.append("cites State Council Order 777 before 2024-05-01")
    if as_of >= "2026-04-01" and "Order 58" in basis and "repeal" not in basis:
        problems.append("cites NDRC Order 58, repealed from 2026-04-01")
    if as_of < "2026-04-01" and "Order 36" in basis:
        problems.append("cites NDRC Order 36 before 2026-04-01")
    if "Order 107" in basis and "unverified" not in basis:
        problems.append("cites SAMR Order 107 without saying it is unverified")
    if "信用修复管理办法" in basis and "Order 36" not in basis:
        problems.append("cites the NDRC credit repair measures without their number (Order 36)")
    if as_of < "2025-07-01" and "2025 No. 12" in basis:
        problems.append("cites SAT Announcement 2025 No. 12 before 2025-07-01")
    return problems


def check_citations():
    errors = []
    for as_of in CITATION_DATES:
        r = subprocess.run(WRAPPER + [AUDIT, "checklist", "list", "--format", "json", "--as-of", as_of,
                                      CHECKLISTS], capture_output=True, text=True, encoding="utf-8")
        for c in json.loads(r.stdout)["checks"]:
            for problem in citation_problems(as_of, c["basis"]):
                errors.append(f"{c['id']} (version {c['version']}) as of {as_of}: {problem}")
    return errors


def derived_cases():
    """For every check, the "no records" and "values unknown" packs made from its first fail case."""
    reqs = {}
    r = subprocess.run(WRAPPER + [AUDIT, "checklist", "list", "--format", "json", CHECKLISTS],
                       capture_output=True, text=True, encoding="utf-8")
    for c in json.loads(r.stdout)["checks"]:
        reqs.setdefault(c["id"], c["requires"] or [])
    out = []
    for cid, requires in sorted(reqs.items()):
        fail = next((c for c in CASES if c["check"] == cid and c["status"] == "fail"), None)
        if fail is None:
            continue  # check_table reports it
        out.append(case(cid, fail["pack"], "insufficient_data", fail["as_of"], mode="no_records",
                        requires=requires))
        out.append(case(cid, fail["pack"], "not_pass", fail["as_of"], mode="values_unknown",
                        requires=requires))
    return out


def main():
    errors = check_table()
    errors += check_citations()
    cases = CASES + derived_cases()
    if not screening_built():
        # Without screening the partner_status table does not exist: the checks
        # that need it must say insufficient_data, never pass.
        print("partner screening is not in this build: screening checks must report insufficient_data")
        screened = needing_screening()
        cases = [dict(c, status="insufficient_data") if c["check"] in screened else c for c in CASES]
    with tempfile.TemporaryDirectory(prefix="cscs-checklists-", dir=TMPROOT) as tmp:
        errors += check_lint(tmp)
        errors += check_example(tmp)
        errors += check_unused_unknown(tmp)
        with concurrent.futures.ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 2)) as ex:
            for errs in ex.map(lambda ic: run_case(ic[1], tmp, ic[0]), enumerate(cases)):
                errors += errs
    for e in errors:
        print(e, file=sys.stderr)
    print(f"{len(CASES)} cases and {len(cases) - len(CASES)} derived, {len(library())} checks, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
