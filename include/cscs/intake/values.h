/*
 * Typing one value of a record file by its column's type in the registry
 * (records.h): dates to YYYY-MM-DD, amounts to integer fen, enumerations
 * to their English value, yes/no to 1/0, USCCs normalised (kept and
 * flagged when invalid). No allocation: results point into the input or
 * into the value's own scratch space.
 */
#ifndef CSCS_INTAKE_VALUES_H
#define CSCS_INTAKE_VALUES_H

#include <stddef.h>
#include <stdint.h>

#include "cscs/intake/records.h"
#include "cscs/intake/vocab.h"

/* How the source wrote a value: CSV fields are text; XLSX cells may be typed. */
enum cscs_cell_kind {
	CSCS_CELL_TEXT,   /* text as written */
	CSCS_CELL_NUMBER, /* an XLSX number cell, as its XML writes it ("1234.5", "1E-3") */
	CSCS_CELL_DATE,   /* an XLSX date cell, already YYYY-MM-DD */
	CSCS_CELL_BOOL,   /* an XLSX boolean cell, "0" or "1" */
};

enum cscs_value_kind {
	CSCS_VALUE_NULL, /* empty: stored as NULL */
	CSCS_VALUE_TEXT, /* text and len */
	CSCS_VALUE_INT,  /* num (fen, 0/1, a year, a count) */
};

struct cscs_value {
	enum cscs_value_kind kind; /* what to store */
	const char *text;          /* CSCS_VALUE_TEXT: UTF-8, not NUL-terminated */
	size_t len;                /* CSCS_VALUE_TEXT: bytes of text */
	int64_t num;               /* CSCS_VALUE_INT: the number */
	char scratch[48];          /* room for text the parser rewrote (dates, codes) */
};

enum cscs_value_status {
	CSCS_VALUE_OK,       /* typed (possibly NULL) */
	CSCS_VALUE_FLAGGED,  /* kept as out says, but doubtful (an invalid USCC): reason says why */
	CSCS_VALUE_REJECTED, /* cannot be typed (or required and empty): reason says why */
};

#define CSCS_VALUE_REASON_LEN 512

/*
 * The longest value, in characters: what one Excel cell holds. Anything
 * longer is no record value (a runaway quote, a file pasted into a cell);
 * refusing it keeps the database, the report and memory bounded.
 */
#define CSCS_VALUE_MAX_CHARS 32767

/*
 * Type in[0..len) (UTF-8; surrounding blanks ignored) for column f. A
 * value longer than CSCS_VALUE_MAX_CHARS characters is rejected.
 * kind says how the source wrote it; voc holds the words of enumerated
 * columns (an enumerated value it does not know is rejected, with the
 * nearest word suggested in reason; a list name it does not know is
 * flagged and kept as list 'other'). On CSCS_VALUE_FLAGGED and
 * CSCS_VALUE_REJECTED, reason (CSCS_VALUE_REASON_LEN bytes) gets a
 * sentence naming the column, e.g. "'expires_on' is not a date (no such
 * day)". out may point into in: keep in alive while out is used.
 */
enum cscs_value_status cscs_value_parse(const struct cscs_field *f, const struct cscs_vocab *voc, const char *in,
					size_t len, enum cscs_cell_kind kind, struct cscs_value *out, char *reason);

/* in[0..len) without surrounding blanks (ASCII blanks, NBSP, U+3000): sets *start, returns the length. */
size_t cscs_value_trim(const char *in, size_t len, const char **start);

/*
 * The yes/no words accepted for CSCS_FT_BOOL, as docs/records.md lists
 * them: "yes, y, true, 1, 是, 有" and "no, n, false, 0, 否, 无".
 */
const char *cscs_value_bool_words(int value);

/* The date forms accepted for CSCS_FT_DATE, as docs/records.md lists them. */
extern const char cscs_value_date_forms[];

#endif
