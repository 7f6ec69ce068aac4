"""docs/records.md is generated from the record registry (src/intake/records.c) and the vocabulary
(templates/vocabulary.tsv): fail when the committed file differs from what `cscs-audit template
--records-doc` writes now, and check that the doc names every column the import accepts and every
word of the vocabulary under its value."""
import os
import re
import subprocess
import sys
import unittest

BIN = os.environ["CSCS_AUDIT"]
WRAPPER = os.environ.get("CSCS_AUDIT_WRAPPER", "").split()  # valgrind in scripts/test
DOC = os.path.join(os.environ["CSCS_SRCDIR"], "docs", "records.md")
VOCAB = os.path.join(os.environ["CSCS_SRCDIR"], "templates", "vocabulary.tsv")


class RecordsDoc(unittest.TestCase):
    def test_doc_matches_registry(self):
        generated = subprocess.run(WRAPPER + [BIN, "template", "--records-doc"], stdout=subprocess.PIPE, check=True).stdout
        with open(DOC, "rb") as f:
            committed = f.read()
        if generated != committed:
            gen, com = generated.decode().splitlines(), committed.decode().splitlines()
            first = next((i for i, (a, b) in enumerate(zip(gen, com)) if a != b), min(len(gen), len(com)))
            self.fail("docs/records.md is out of date (first difference at line %d); regenerate it with\n"
                      "  build/cscs-audit template --records-doc > docs/records.md" % (first + 1))

    def test_every_word_of_the_vocabulary_is_documented(self):
        with open(DOC, encoding="utf-8") as f:
            doc = f.read()
        words = {}
        with open(VOCAB, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#") or line == "vocabulary\tvalue\tword":
                    continue
                vocab, value, word = line.split("\t")
                words.setdefault((vocab, value), []).append(word.replace("|", "\\|"))
        self.assertGreater(len(words), 50)
        for (vocab, value), ws in words.items():
            section = doc.split("\n### Vocabulary `%s`\n" % vocab)
            self.assertEqual(len(section), 2, "no section for vocabulary %s" % vocab)
            rows = [r for r in section[1].split("\n### ")[0].splitlines() if r.startswith("| `%s` |" % value)]
            self.assertEqual(len(rows), 1, "%s: no row for %s" % (vocab, value))
            label, also = rows[0].split(" | ")[1], rows[0].split(" | ")[2].rstrip(" |")
            self.assertEqual(label, ws[0])
            listed = also.split(", ") if also else []
            for w in ws[1:]:
                self.assertIn(w, listed, "%s %s: word %r is not documented" % (vocab, value, w))

    def test_template_headers_are_documented(self):
        # every header the CSV templates write appears as a documented column
        import tempfile, shutil
        d = tempfile.mkdtemp()
        try:
            subprocess.run(WRAPPER + [BIN, "template", "--format", "csv", os.path.join(d, "t")], stdout=subprocess.PIPE, check=True)
            with open(DOC, encoding="utf-8") as f:
                doc = f.read()
            for name in os.listdir(os.path.join(d, "t")):
                if not name.endswith(".csv"):
                    continue
                self.assertIn("\n## %s\n" % name[:-4], doc)
                with open(os.path.join(d, "t", name), encoding="utf-8-sig") as f:
                    for col in f.readline().strip().split(","):
                        self.assertIn("| `%s` |" % col, doc)
        finally:
            shutil.rmtree(d)

    def test_header_synonyms_are_documented(self):
        # every word of templates/headers.tsv is listed under its column in docs/records.md
        with open(DOC, encoding="utf-8") as f:
            doc = f.read()
        section = doc[doc.index("\n## Header synonyms\n"):]
        tsv = os.path.join(os.environ["CSCS_SRCDIR"], "templates", "headers.tsv")
        with open(tsv, encoding="utf-8") as f:
            for line in f:
                if not line.strip() or line.startswith("#"):
                    continue
                _, column, words = line.rstrip("\n").split("\t")
                for w in words.split("|"):
                    if w.strip().lower().replace(" ", "_") == column:
                        continue  # the column's own name
                    self.assertRegex(section, r"\| `%s` \|[^\n]*%s" % (column, re.escape(w.strip())))


if __name__ == "__main__":
    unittest.main(verbosity=2, argv=[sys.argv[0]])
