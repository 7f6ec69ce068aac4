/*
 * Diagnostics: what went wrong and where (file, line, column).
 *
 * Library code never prints. It appends diagnostics to a list the caller
 * owns; the command line prints them as
 *   cscs-audit: licenses.csv:14:3: 'expires_on' is not a date: '2025-02-30'
 */
#ifndef CSCS_CORE_DIAG_H
#define CSCS_CORE_DIAG_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>

enum cscs_diag_level {
	CSCS_DIAG_ERROR,
	CSCS_DIAG_WARNING,
	CSCS_DIAG_NOTE,
};

struct cscs_diag {
	enum cscs_diag_level level; /* error, warning or note */
	char *file;                 /* file the message is about, or NULL */
	unsigned long line;         /* 1-based line, 0 when unknown */
	unsigned long col;          /* 1-based column, 0 when unknown */
	char *message;              /* lower-case, no trailing full stop */
};

struct cscs_diag_list {
	struct cscs_diag *items; /* in the order they were added */
	size_t n;                /* number of items */
	size_t cap;              /* allocated items */
	size_t n_errors;         /* items with level CSCS_DIAG_ERROR */
	size_t max_items;        /* 0 = unlimited; beyond it only counts grow */
	size_t n_dropped;        /* diagnostics not kept because of max_items */
};

/* Initialise an empty list (no allocation). */
void cscs_diag_list_init(struct cscs_diag_list *dl);

/* Free every diagnostic; the list is empty afterwards. */
void cscs_diag_list_finish(struct cscs_diag_list *dl);

/*
 * Append a diagnostic. file may be NULL; line and col may be 0.
 * Allocation failure is swallowed (the count still grows): reporting
 * must never turn into a second failure.
 */
void cscs_diag_add(struct cscs_diag_list *dl, enum cscs_diag_level level,
		   const char *file, unsigned long line, unsigned long col,
		   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void cscs_diag_addv(struct cscs_diag_list *dl, enum cscs_diag_level level,
		    const char *file, unsigned long line, unsigned long col,
		    const char *fmt, va_list ap);

/* Shorthand for an error diagnostic. Safe to call with dl == NULL. */
void cscs_diag_error(struct cscs_diag_list *dl, const char *file,
		     unsigned long line, unsigned long col, const char *fmt,
		     ...) __attribute__((format(printf, 5, 6)));
void cscs_diag_warning(struct cscs_diag_list *dl, const char *file,
		       unsigned long line, unsigned long col, const char *fmt,
		       ...) __attribute__((format(printf, 5, 6)));

/* Column col (1-based) in spreadsheet letters (1 = A, 27 = AA) into out; returns out. */
const char *cscs_diag_column_letters(unsigned long col, char out[8]);

/*
 * Format one diagnostic as "file:line:col: message" (parts that are
 * unknown are left out) into buf of size len; a worksheet, named
 * "book.xlsx[sheet]", as "book.xlsx[sheet]!F3" or "book.xlsx[sheet], row 3".
 * Returns buf.
 */
char *cscs_diag_format(const struct cscs_diag *d, char *buf, size_t len);

/*
 * libxlsxwriter prints "[ERROR] ..." and "[WARNING] ..." lines on standard
 * error itself (a full disk: "Zip ZIP_ERRNO error ... No space left on
 * device"), beside the message the caller makes of the error it returns.
 * Between cscs_quiet_begin and cscs_quiet_end what is written to
 * descriptor 2 is held in a temporary file; at the end the library's lines
 * are dropped and anything else is passed on, so that no other message is
 * lost. Without a temporary file nothing is held. Not for use across
 * threads.
 */
struct cscs_quiet {
	int saved;  /* descriptor 2 as it was, or -1 */
	FILE *held; /* what was written meanwhile, or NULL when nothing is held */
};
void cscs_quiet_begin(struct cscs_quiet *q);
void cscs_quiet_end(struct cscs_quiet *q);

#endif
