/*
 * Blank intake templates, written from the record registry: one CSV per
 * record type (header row only) and intake.xlsx, a workbook with one
 * sheet per record type, bilingual header notes, dropdowns for enumerated
 * and yes/no columns, date-formatted date columns and a frozen header.
 * Also the reference docs/records.md, generated from the same registry.
 */
#ifndef CSCS_INTAKE_TEMPLATE_H
#define CSCS_INTAKE_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "cscs/core/buf.h"
#include "cscs/core/diag.h"
#include "cscs/core/error.h"
#include "cscs/intake/vocab.h"

/* The first sheet of intake.xlsx: instructions and example rows, never read as records. */
#define CSCS_TEMPLATE_INSTRUCTIONS "Instructions 说明"

/* What a template folder holds: one of them, so that a filled-in set is never beside a blank one. */
enum cscs_template_format {
	CSCS_TEMPLATE_XLSX, /* intake.xlsx, one sheet per record type (the default) */
	CSCS_TEMPLATE_CSV,  /* one CSV per record type and lists/list_entries.csv */
};

struct cscs_template_opts {
	bool force; /* overwrite existing files */
	enum cscs_template_format format; /* which files to write */
	bool zh;    /* Chinese headers, sheet names and dropdown values (both are accepted on import) */
	const struct cscs_vocab *vocab; /* values of enumerated columns for notes and dropdowns, or NULL */
};

/*
 * Write the templates into dir (created if missing): intake.xlsx, or with
 * CSCS_TEMPLATE_CSV <type>.csv for each record type and
 * lists/list_entries.csv. Unless opts->force,
 * nothing is written when any of these files exists (CSCS_ERR_INPUT,
 * naming it). Each file appears whole or not at all. *n_written (may be
 * NULL) gets the number of files written.
 */
enum cscs_error cscs_template_write(const char *dir, const struct cscs_template_opts *opts, size_t *n_written,
				    struct cscs_diag_list *dl);

/* Append docs/records.md, generated from the registry and the vocabulary voc, to out. */
void cscs_records_doc(struct cscs_buf *out, const struct cscs_vocab *voc);

#endif
