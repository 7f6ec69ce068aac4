/*
 * Column headers as people write them: the header synonyms of every
 * record type's columns (templates/headers.tsv, a file users read and
 * extend), a user's mapping file (--map: their columns and values to
 * ours), and the folding that makes "统一社会信用代码（必填）", "USCC" and
 * "Unified Social Credit Code" meet one column. Also the money units a
 * header or a unit row may name ((万元), (RMB 10k), 单位：千元).
 */
#ifndef CSCS_INTAKE_HEADERS_H
#define CSCS_INTAKE_HEADERS_H

#include <stdbool.h>
#include <stddef.h>

#include "cscs/core/buf.h"
#include "cscs/core/diag.h"
#include "cscs/core/error.h"
#include "cscs/intake/records.h"

/* Room for a folded header or unit (longer headers are no column names). */
#define CSCS_HEADER_FOLD_LEN 256

/*
 * Fold a header cell in[0..len) into out (CSCS_HEADER_FOLD_LEN bytes):
 * ASCII letters to lower case, full-width ASCII to half width, every
 * bracket to ( ), blanks, '_', '-', '.', '*' and colons removed. A
 * bracketed part at the end ("金额（万元）", "Amount (RMB 10k)") is
 * removed and, folded the same way, written to unit (NULL: not wanted;
 * "" when there is none). Returns false when the header does not fit.
 */
bool cscs_header_fold(const char *in, size_t len, char *out, char *unit);

/*
 * The power of ten a money unit scales yuan by: 0 for 元/yuan/RMB/CNY,
 * 3 for 千元, 4 for 万元/RMB 10k, 6 for 百万元, 8 for 亿元; -1 when unit
 * (folded by cscs_header_fold, with or without "单位") names no money unit.
 */
int cscs_money_unit_exp(const char *unit);

/* Header synonyms: (record type, column, folded synonym) triples. */
struct cscs_synonyms;

/*
 * Load the synonyms file at path: lines "TYPE<TAB>COLUMN<TAB>SYNONYM|SYNONYM…",
 * TYPE a record type or '*' (every type with that column); '#' starts a
 * comment line. An unknown type or column, or a synonym naming two
 * columns of one type, is CSCS_ERR_INPUT with path:line:column in dl.
 */
enum cscs_error cscs_synonyms_load(struct cscs_synonyms **out, const char *path, struct cscs_diag_list *dl);

/* Free; NULL is a no-op. */
void cscs_synonyms_destroy(struct cscs_synonyms *s);

/*
 * Append to out the sections of docs/records.md on ledgers (how a header
 * is found, units, rows that are no records), the mapping file, and the
 * synonyms of every column (s may be NULL).
 */
void cscs_headers_doc(const struct cscs_synonyms *s, struct cscs_buf *out);

/* A user's mapping file: their columns and values to ours, per record type. */
struct cscs_mapping;

/*
 * Load the mapping file at path (format in docs/records.md, "Mapping
 * file"); a value it maps to must be a word of its column's vocabulary in
 * voc (not checked when voc is NULL). Errors are CSCS_ERR_INPUT with
 * path:line:column in dl.
 */
struct cscs_vocab;
enum cscs_error cscs_mapping_load(struct cscs_mapping **out, const char *path, const struct cscs_vocab *voc,
				  struct cscs_diag_list *dl);

/* Free; NULL is a no-op. */
void cscs_mapping_destroy(struct cscs_mapping *m);

/*
 * The record type the mapping assigns to a file or sheet named name
 * (a file name, its stem, or a sheet name), or NULL.
 */
const struct cscs_record_type *cscs_mapping_file_type(const struct cscs_mapping *m, const char *name);

/*
 * The value the mapping gives for f's value in[0..len) (trimmed, ASCII
 * case ignored), or NULL when it maps none.
 */
const char *cscs_mapping_value(const struct cscs_mapping *m, const struct cscs_record_type *rt,
			       const struct cscs_field *f, const char *in, size_t len);

/*
 * The column of rt a header cell in[0..len) names: the mapping's first
 * (m may be NULL), then the registry's English and Chinese names, then
 * the synonyms (s may be NULL), all compared folded. unit (may be NULL)
 * gets the folded bracketed unit at the end of the header, or "".
 */
const struct cscs_field *cscs_header_find(const struct cscs_synonyms *s, const struct cscs_mapping *m,
					  const struct cscs_record_type *rt, const char *in, size_t len,
					  char *unit);

#endif
