"""One output contract (issue 16, item 5): every command that writes JSON is run on the
example (audit twice, report and check of the stored runs, a diff of the two runs, a screen of
the example's partners, the checklist catalogue, uscc of valid and invalid codes) and each document is validated against its
JSON Schema in docs/schema/ (draft 2020-12) with python3-jsonschema. The envelope (format,
format_version, tool_version, generated_at) is the same everywhere, and generated_at honours
SOURCE_DATE_EPOCH."""
import json
import os
import shutil

import jsonschema

from clitest import EXAMPLE, SRCDIR, check, expect_exit, finish, run, tempdir

SCHEMAS = os.path.join(SRCDIR, "docs", "schema")
FORMATS = {
    "cscs-audit-report": "report.schema.json",
    "cscs-audit-screen": "screen.schema.json",
    "cscs-audit-diff": "diff.schema.json",
    "cscs-audit-checklists": "checklists.schema.json",
    "cscs-audit-uscc": "uscc.schema.json",
    "cscs-audit-portfolio": "portfolio.schema.json",
}
EPOCH = {"SOURCE_DATE_EPOCH": "1782820800"}  # 2026-06-30T12:00:00Z
ENVELOPE = ["format", "format_version", "tool_version", "generated_at"]

validators = {}
for fmt, name in FORMATS.items():
    with open(os.path.join(SCHEMAS, name), encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    check(schema["properties"]["format"]["const"] == fmt, f"{name} describes {fmt}")
    validators[fmt] = jsonschema.Draft202012Validator(schema)


def described(schema, where):
    """Every property of every schema has a description."""
    if isinstance(schema, dict):
        for key, sub in schema.get("properties", {}).items():
            check("description" in sub, f"{where}.{key} has a description")
            described(sub, f"{where}.{key}")
        for k in ("items", "additionalProperties"):
            if isinstance(schema.get(k), dict):
                described(schema[k], f"{where}[]")


for fmt, v in validators.items():
    described(v.schema, FORMATS[fmt])

seen = set()


def validate(what, text, fmt):
    try:
        doc = json.loads(text)
    except ValueError as e:
        check(False, f"{what}: not JSON: {e}")
        return None
    check(isinstance(doc, dict) and list(doc)[:4] == ENVELOPE, f"{what}: opens with the envelope {ENVELOPE}")
    check(doc.get("format") == fmt, f"{what}: format {doc.get('format')!r}, expected {fmt!r}")
    check(doc.get("generated_at") == "2026-06-30T12:00:00Z", f"{what}: generated_at from SOURCE_DATE_EPOCH")
    errors = sorted(validators[fmt].iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors[:5]:
        check(False, f"{what}: {'/'.join(map(str, e.absolute_path))}: {e.message[:300]}")
    seen.add(fmt)
    return doc


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


with tempdir() as tmp:
    db = os.path.join(tmp, "a.db")
    for as_of, tag in (("2026-03-31", "q1"), ("2026-06-30", "q2")):
        js = os.path.join(tmp, f"{tag}.json")
        r = run("audit", EXAMPLE, "--as-of", as_of, "--db", db, "--json", js, "-q", env=EPOCH)
        check(r[0] in (0, 1), f"audit {tag}: exit {r[0]}\n{r[2]}")
        validate(f"audit --json ({tag})", read(js), "cscs-audit-report")

    r = run("report", "--db", db, "--json", "-", env=EPOCH)
    expect_exit(r, 0, "report --json -")
    validate("report --json", r[1], "cscs-audit-report")

    js = os.path.join(tmp, "check.json")
    r = run("check", "--db", db, "--as-of", "2026-06-30", "--json", js, "-q", env=EPOCH)
    check(r[0] in (0, 1), f"check: exit {r[0]}\n{r[2]}")
    validate("check --json", read(js), "cscs-audit-report")

    r = run("diff", "--db", db, "--format", "json", "1", "2", env=EPOCH)
    expect_exit(r, 0, "diff --format json")
    doc = validate("diff --format json", r[1], "cscs-audit-diff")
    check(doc is not None and doc["counts"]["new"] + doc["counts"]["unchanged"] > 0, "the diff has findings")

    js = os.path.join(tmp, "screen.json")
    r = run("screen", os.path.join(EXAMPLE, "partners.csv"), "--lists", os.path.join(EXAMPLE, "lists"),
            "--as-of", "2026-06-30", "--json", js, "-q", env=EPOCH)
    check(r[0] in (0, 1), f"screen: exit {r[0]}\n{r[2]}")
    validate("screen --json", read(js), "cscs-audit-screen")

    r = run("checklist", "list", "--format", "json", env=EPOCH)
    expect_exit(r, 0, "checklist list --format json")
    doc = validate("checklist list --format json", r[1], "cscs-audit-checklists")
    check(doc is not None and len(doc["checks"]) > 50, "the catalogue lists the shipped checks")

    # uscc: a valid code decoded, an invalid one with its reason (exit 1), an identity number masked
    r = run("uscc", "--json", "-", "91440300MA5FQ2L86U", "9144030", "110101199003074514", env=EPOCH)
    expect_exit(r, 1, "uscc --json - with invalid codes")
    doc = validate("uscc --json -", r[1], "cscs-audit-uscc")
    if doc is not None:
        codes = doc["codes"]
        check([c["valid"] for c in codes] == [True, False, False], f"uscc: valid flags {codes}")
        check(codes[0]["region"]["province"] == "Guangdong" and codes[0]["authority"]["code"] == "9",
              "uscc: the valid code is decoded")
        check(codes[1]["reason"] and codes[1]["code"] is None, "uscc: an invalid code says why")
        check("199003074514" not in r[1], "uscc: an identity number given as a code is masked")
    js = os.path.join(tmp, "uscc.json")
    r = run("uscc", "--lang", "zh", "--json", js, "91440300MA5FQ2L86U", env=EPOCH)
    expect_exit(r, 0, "uscc --json FILE")
    check("91440300MA5FQ2L86U" in r[1], "uscc --json FILE still prints the text")
    validate("uscc --json FILE", read(js), "cscs-audit-uscc")

    # audit --batch: the example packs (a company and a group of three) and a pack that fails
    packs, out = os.path.join(tmp, "packs"), os.path.join(tmp, "batch")
    shutil.copytree(os.path.join(SRCDIR, "examples"), packs)
    os.makedirs(os.path.join(packs, "broken"))
    with open(os.path.join(packs, "broken", "entity.csv"), "w", encoding="utf-8") as f:
        f.write('name,uscc\n"unterminated\n')
    r = run("audit", packs, "--batch", "-o", out, "--as-of", "2026-06-30", "--jobs", "2", env=EPOCH)
    expect_exit(r, 4, "audit --batch with a broken pack")
    doc = validate("audit --batch: portfolio.json", read(os.path.join(out, "portfolio.json")), "cscs-audit-portfolio")
    if doc is not None:
        status = sorted(c["status"] for c in doc["companies"])
        check(status == ["audited"] * 4 + ["failed"], f"portfolio: four packs audited, one failed: {status}")
        check(doc["deadlines"] and doc["groups"] and doc["groups"][0]["findings"],
              "portfolio: deadlines and a group with findings across its entities")
        pf_bad = json.loads(json.dumps(doc))
        pf_bad["companies"][0]["status"] = "clear"
        check(not validators["cscs-audit-portfolio"].is_valid(pf_bad), "a portfolio status the tool never writes is refused")

    # a schema that accepted anything would prove nothing
    bad = json.loads(read(os.path.join(tmp, "q2.json")))
    bad["checks"][0]["cap"] = "Z"
    check(not validators["cscs-audit-report"].is_valid(bad), "a wrong cap is refused by the schema")
    del bad["generated_at"]
    check(not validators["cscs-audit-report"].is_valid(bad), "a document without the envelope is refused")

check(seen == set(FORMATS), f"every format validated at least once: {sorted(seen)}")
finish()
