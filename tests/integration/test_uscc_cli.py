"""cscs-audit uscc: validation, decoding, exit codes, standard input."""
from clitest import run, check, expect_exit, finish

r = run("uscc", "91110000600037341L")
expect_exit(r, 0, "a valid code")
out = r[1]
check("91110000600037341L\tvalid" in out, "valid code reported as valid")
check("registration authority: 9 industry and commerce" in out, "authority decoded")
check("entity type: 1 enterprise" in out, "entity type decoded")
check("region: 110000 Beijing" in out, "region decoded")
check("organisation code: 60003734-1" in out, "organisation code decoded")

r = run("uscc", "9111 0000-6000 3734 1l")
expect_exit(r, 0, "normalised code")
check(r[1].startswith("91110000600037341L\tvalid"), "blanks, hyphens and case normalised")

r = run("uscc", "91110000600037341L", "91110000600037341X")
expect_exit(r, 1, "one invalid code among valid ones")
check("91110000600037341X\tinvalid\tcheck character (position 18) is 'X', GB 32100 gives 'L'" in r[1],
      "check character reason")

r = run("uscc", "91110000600037342L")
expect_exit(r, 1, "organisation code check")
check("GB 11714 gives '1'" in r[1], "organisation check reason")

r = run("uscc", "91110000600O37341L")
check("character 12 'O' is not in the GB 32100 alphabet" in r[1], "alphabet reason")

r = run("uscc", "--lang", "zh", "91110000600037341L")
expect_exit(r, 0, "Chinese decoding")
check("北京市" in r[1] and "企业" in r[1], "Chinese names of the parts")

r = run("uscc", "-", stdin="91110000600037341L\n\n  91310115MA1K4A1B2H \n")
expect_exit(r, 0, "codes from standard input")
check(r[1].count("\tvalid") == 2, "both codes from standard input read")

r = run("uscc", "-", stdin="91110000600037341L\nnonsense\n")
expect_exit(r, 1, "an invalid code on standard input")

# Characters, not bytes; full-width forms read as the code they are; a control character shown, not obeyed.
r = run("uscc", "某某某某某")
check("has 5 characters, expected 18" in r[1] and r[1].startswith("某某某某某\t"), f"length in characters: {r[1]}")
r = run("uscc", "９１３１０１１５ＭＡ１Ｋ４Ａ１Ｂ２Ｈ")
expect_exit(r, 0, "a code in full-width letters and digits")
check(r[1].startswith("91310115MA1K4A1B2H\tvalid"), f"the full-width code normalised: {r[1]}")
r = run("uscc", "91310115MA1K4A1B2\x1b")
check("\x1b" not in r[1] and "'\\x1B'" in r[1], f"a control character is shown as \\x1B: {r[1]!r}")

expect_exit(run("uscc"), 2, "no code")
expect_exit(run("uscc", "--lang", "fr", "91110000600037341L"), 2, "bad --lang")
expect_exit(run("uscc", "--bogus"), 2, "unknown option")
r = run("uscc", "--help")
expect_exit(r, 0, "--help")
check("GB 32100" in r[1], "help names the standard")
finish()
