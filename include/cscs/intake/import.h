/* Loading a record pack (a folder of CSV/XLSX files, or one intake.xlsx) into the store. */
#ifndef CSCS_INTAKE_IMPORT_H
#define CSCS_INTAKE_IMPORT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"
#include "cscs/core/progress.h"
#include "cscs/intake/headers.h"
#include "cscs/intake/vocab.h"

struct cscs_import_opts {
	const char *encoding;  /* NULL: detect (UTF-8, else GB18030); or "utf-8", "gb18030", "gbk" */
	const char *lists_dir; /* list exports to import instead of PACK/lists, or NULL */
	const struct cscs_synonyms *synonyms; /* header synonyms (templates/headers.tsv), or NULL */
	const struct cscs_mapping *mapping;   /* the user's mapping file (--map), or NULL */
	const struct cscs_vocab *vocab;       /* words of enumerated columns (vocab.h); NULL: every such value is unknown */
	const struct cscs_progress *progress; /* rows read so far (no total), or NULL */
};

/*
 * A header is looked for in the first this many rows of a file or sheet
 * that are not blank: title rows, notes and merged cells above it are
 * skipped.
 */
#define CSCS_IMPORT_HEADER_ROWS 30

struct cscs_import_summary {
	int64_t import_id;   /* imports.id of this import */
	size_t n_files;      /* files read */
	size_t n_rows;       /* rows stored */
	size_t n_rejected;   /* rows that could not be read at all (in data_issues); values never reject a row */
	size_t n_flagged;    /* values kept but flagged (invalid USCC, ...) */
	size_t n_unknown;    /* values that could not be typed: stored NULL, kept as given in unknown_values */
	size_t n_list_rows;  /* list entries stored */
};

/* Whether the folder dir holds a record file or an intake workbook (a record pack, by its look). */
bool cscs_import_looks_like_pack(const char *dir);

/*
 * An import of this many bytes or more (1 MiB) stores its rows on a second
 * thread while this one reads and types them (writeq.h); a smaller one
 * stores them inline. Tests set it to 0 or UINT64_MAX to compare the two.
 */
extern uint64_t cscs_import_writer_min;

/*
 * Import the record pack at pack (a folder, or an .xlsx intake workbook)
 * into db, replacing the previous pack's records in one transaction (and
 * the list entries, when the pack or opts->lists_dir has lists). Row
 * problems go to data_issues and do not fail the import; a file that
 * cannot be read as a whole (missing required column, undecodable bytes,
 * two entity rows) fails it with CSCS_ERR_INPUT and file:line:column in dl,
 * leaving db as it was.
 */
enum cscs_error cscs_import_pack(sqlite3 *db, const char *pack, const struct cscs_import_opts *opts,
				 struct cscs_import_summary *sum, struct cscs_diag_list *dl);

/*
 * Import the list exports in dir (every *.csv, columns of the list_entries
 * record type) into db, replacing the stored list entries, in one
 * transaction. Used by `screen` and by a pack's lists/ folder.
 */
enum cscs_error cscs_import_lists(sqlite3 *db, const char *dir, const struct cscs_import_opts *opts,
				  struct cscs_import_summary *sum, struct cscs_diag_list *dl);

/*
 * Import one file of the given record type (a name from records.h),
 * replacing that table's rows, in one transaction. Used by `screen` for a
 * partners file given on its own: a file in which no header is found is
 * then CSCS_ERR_INPUT (in a pack it is recorded unreadable instead).
 */
enum cscs_error cscs_import_file(sqlite3 *db, const char *path, const char *record_type,
				 const struct cscs_import_opts *opts, struct cscs_import_summary *sum,
				 struct cscs_diag_list *dl);

#endif
