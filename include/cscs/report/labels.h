/*
 * Report label catalogues: templates/labels/<lang>.tsv under the data
 * folder, one "key<TAB>text" a line. Text may hold {name} placeholders
 * (filled by cscs_labels_fill, never by printf) and the escapes \n, \t, \\.
 * A key missing from a non-English catalogue falls back to English.
 */
#ifndef CSCS_REPORT_LABELS_H
#define CSCS_REPORT_LABELS_H

#include <stdbool.h>
#include <stddef.h>

#include "cscs/core/buf.h"
#include "cscs/core/diag.h"
#include "cscs/core/error.h"

struct cscs_label {
	char *key;  /* e.g. "sheet.findings" */
	char *text; /* unescaped text */
};

struct cscs_labels {
	char *lang;                  /* "en", "zh", ... */
	char *path;                  /* the catalogue file read */
	struct cscs_label *items;    /* sorted by key */
	size_t n;                    /* number of items */
	struct cscs_labels *fallback; /* English, when lang is not "en"; or NULL */
	char **missing;              /* keys asked for and found nowhere, in order */
	size_t n_missing;            /* number of missing keys */
};

/*
 * Read the catalogue of lang from datadir/templates/labels/<lang>.tsv
 * (and English as its fallback). A malformed line is reported as
 * file:line. lang must be letters, digits, '-' or '_'.
 */
enum cscs_error cscs_labels_load(struct cscs_labels **out, const char *datadir, const char *lang,
				 struct cscs_diag_list *dl);

/* Parse a catalogue held in memory; path names it in diagnostics. */
enum cscs_error cscs_labels_parse(struct cscs_labels **out, const char *lang, const char *path,
				  const char *text, size_t len, struct cscs_diag_list *dl);

/* Free l and its fallback. NULL is a no-op. */
void cscs_labels_destroy(struct cscs_labels *l);

/* The text of key in l or its fallback, or NULL (nothing recorded). */
const char *cscs_labels_find(const struct cscs_labels *l, const char *key);

/*
 * The text of key; when no catalogue has it, the key is remembered in
 * l->missing (once) and the key itself is returned. Never NULL.
 */
const char *cscs_labels_get(struct cscs_labels *l, const char *key);

/*
 * Append the text of key to out with each {name} replaced by the value
 * of the same index in names/values (n pairs). Unknown placeholders stay
 * as written.
 */
void cscs_labels_fill(struct cscs_labels *l, const char *key, struct cscs_buf *out,
		      const char *const *names, const char *const *values, size_t n);

#endif
