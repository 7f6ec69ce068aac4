/*
 * A streaming CSV reader (RFC 4180): quoted fields holding commas, quotes
 * and newlines; CRLF or LF; a UTF-8 BOM; blank lines skipped. Input in
 * GB18030/GBK is converted to UTF-8 as it streams. Memory does not grow
 * with the file, only with the longest record.
 */
#ifndef CSCS_INTAKE_CSV_H
#define CSCS_INTAKE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cscs/core/diag.h"
#include "cscs/core/fs.h"
#include "cscs/core/error.h"

/*
 * Limits, enforced while reading (memory follows the longest record, so
 * they bound it whatever the file holds); each is an input error naming
 * file:line:column. A field as long as Excel allows in a cell is far below
 * them, and Excel's 16,384 columns are the most fields a row may have.
 */
#define CSCS_CSV_MAX_FIELD (1024u * 1024)        /* bytes in one field (after quotes are undone) */
#define CSCS_CSV_MAX_RECORD (16u * 1024 * 1024)  /* bytes in one record (a line, or more with quoted line breaks) */
#define CSCS_CSV_MAX_FIELDS 16384u               /* fields in one record */

struct cscs_csv_reader;

struct cscs_csv_row {
	size_t n_fields;       /* fields in this record */
	char **fields;         /* UTF-8, NUL-terminated; owned by the reader */
	size_t *field_len;     /* byte length of each field (fields may hold no NUL) */
	unsigned long line;    /* 1-based line on which the record starts */
	unsigned long *col;    /* 1-based column (in characters) where each field starts */
	unsigned long *field_line; /* line on which each field starts (after a quoted newline, > line) */
};

/*
 * Open path for reading. encoding: NULL to detect (UTF-8 unless the
 * bytes are not valid UTF-8, then GB18030), or "utf-8", "gb18030", "gbk"
 * (other spellings as cscs_encoding_canonical() takes them; an unknown
 * name is CSCS_ERR_USAGE). display_name is used in diagnostics (the path
 * within the pack), or NULL for path itself. The encoding is decided at
 * the first non-ASCII bytes, from a window of at least 4 KiB.
 */
enum cscs_error cscs_csv_open(struct cscs_csv_reader **out, const char *path, const char *display_name,
			      const char *encoding, struct cscs_diag_list *dl);

/*
 * As cscs_csv_open, but read the text data[0..len) held in memory (not
 * copied: it must outlive the reader). display_name names it in
 * diagnostics (NULL: "(memory)"). Used by the fuzz target and tests.
 */
enum cscs_error cscs_csv_open_mem(struct cscs_csv_reader **out, const char *data, size_t len,
				  const char *display_name, const char *encoding, struct cscs_diag_list *dl);

/*
 * Deliver at most max bytes per read from the source (0: no limit), as a
 * pipe may. Records then straddle reads far more often, which is what the
 * fuzz target and tests want to exercise.
 */
void cscs_csv_set_max_read(struct cscs_csv_reader *r, size_t max);

/*
 * Read the next record. Returns CSCS_OK and sets *row (valid until the
 * next call), or CSCS_OK with *row = NULL at the end of the file, or an
 * error (undecodable bytes, an unterminated quote, a read failure) with
 * file:line:column in dl.
 */
enum cscs_error cscs_csv_next(struct cscs_csv_reader *r, const struct cscs_csv_row **row,
			      struct cscs_diag_list *dl);

/*
 * Read ahead on a second thread: from now on the records are parsed and
 * decoded there, a few hundred kilobytes ahead of cscs_csv_next, which
 * hands them out in the same order with the same diagnostics (an error
 * comes after the records before it, as it would). Worth it for large
 * files, whose records the caller types and stores meanwhile. Call it
 * once, between two cscs_csv_next calls, when done with the record the
 * last one returned (the thread reuses its storage at once); when no
 * thread can be started the reader goes on reading in the caller's thread.
 */
enum cscs_error cscs_csv_read_ahead(struct cscs_csv_reader *r);

/*
 * The encoding in use: "utf-8", "gb18030", or "gbk" when it was asked for.
 * Settled once cscs_csv_next has returned the end of the file; after an
 * error, it is what the bytes read so far decided.
 */
const char *cscs_csv_encoding(const struct cscs_csv_reader *r);

/*
 * SHA-256 (lower-case hex) and size of the bytes read from the file.
 * Returns false until cscs_csv_next has returned the end of the file
 * (and always for text read from memory).
 */
bool cscs_csv_digest(const struct cscs_csv_reader *r, char hex[CSCS_SHA256_HEX_LEN], uint64_t *size);

/* Close and free; NULL is a no-op. */
void cscs_csv_close(struct cscs_csv_reader *r);

#endif
