/*
 * The words people write for the values of enumerated columns (company
 * types, case states, list names, ...), as data: templates/vocabulary.tsv
 * in the data folder, extended by the user's own files (--vocab FILE).
 * The record registry (records.h) says only which column uses which
 * vocabulary; the values a vocabulary has, their labels and every word
 * accepted for them come from these files.
 *
 * A file has one "vocabulary<TAB>value<TAB>word" a line; '#' starts a
 * comment line, blank lines are skipped, and a first line naming the
 * three columns is a header. The first word given for a value is its
 * label (shown in templates, docs and messages). A word that starts with
 * '*' matches any text ending in the rest ("*分公司": a branch); one
 * that ends with '*' any text starting with the rest; "*...*" any text
 * holding it.
 *
 * Words and values are compared folded: ASCII letter case, full-width
 * forms (ＡＢＣ, （）), blanks anywhere, and punctuation (brackets,
 * . , ; : ! ? - _ / 、。，；：and the like) do not count. An exact word
 * wins over a pattern; of the patterns, the longest.
 *
 * The library reads the files it is given and finds none itself (the
 * command line looks in the data folder).
 */
#ifndef CSCS_INTAKE_VOCAB_H
#define CSCS_INTAKE_VOCAB_H

#include <stdbool.h>
#include <stddef.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"

/* One value of a vocabulary: what is stored, its label and the words given for it. */
struct cscs_vocab_value {
	char *value;   /* canonical value, stored (e.g. "judged") */
	char *label;   /* the first word given for it (e.g. "已判决") */
	char **words;  /* every word given, in file order, the label first */
	size_t n_words; /* entries in words */
};

/* One vocabulary: the values one kind of column takes. */
struct cscs_vocab_list {
	char *name;                      /* e.g. "case_status" */
	struct cscs_vocab_value *values; /* in file order */
	size_t n_values;                 /* entries in values */
};

struct cscs_vocab;

/* An empty vocabulary set; NULL when out of memory. */
struct cscs_vocab *cscs_vocab_new(void);

/* Free v. NULL is a no-op. */
void cscs_vocab_free(struct cscs_vocab *v);

/*
 * Add the words of a vocabulary file held in text[0..len); path names it
 * in diagnostics (file:line:column). With base (the shipped file) lines
 * may bring new vocabularies and values; otherwise (a user's file) they
 * may only add words to existing values: an unknown vocabulary or value
 * is an error naming the known ones. A word that already means another
 * value of the same vocabulary is an error naming where. After an error
 * v may hold part of the file: free it.
 */
enum cscs_error cscs_vocab_parse(struct cscs_vocab *v, const char *path, const char *text, size_t len, bool base,
				 struct cscs_diag_list *dl);

/* Read the file at path and add it as cscs_vocab_parse does. */
enum cscs_error cscs_vocab_load(struct cscs_vocab *v, const char *path, bool base, struct cscs_diag_list *dl);

/* The vocabulary named name, or NULL. */
const struct cscs_vocab_list *cscs_vocab_find(const struct cscs_vocab *v, const char *name);

/* The canonical value that in[0..len) means in vocabulary l, or NULL when it matches no word. */
const char *cscs_vocab_match(const struct cscs_vocab *v, const struct cscs_vocab_list *l, const char *in,
			     size_t len);

/* The value of l that is value (canonical), or NULL. */
const struct cscs_vocab_value *cscs_vocab_value_of(const struct cscs_vocab_list *l, const char *value);

/*
 * The value of l whose word (or value) is nearest to in[0..len) by edit
 * distance on the folded forms, when it is near enough to suggest (at
 * most a third of the longer one differs); else NULL. *word (may be
 * NULL) gets that word.
 */
const struct cscs_vocab_value *cscs_vocab_nearest(const struct cscs_vocab_list *l, const char *in, size_t len,
						  const char **word);

/*
 * The folded form of in[0..len) into out (cap bytes, NUL-terminated;
 * cut at a character boundary when it does not fit). Returns its length.
 */
size_t cscs_vocab_fold(const char *in, size_t len, char *out, size_t cap);

#endif
