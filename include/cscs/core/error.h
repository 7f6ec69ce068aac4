/* One error enum for the whole library, 0 = OK (as libxlsxwriter's lxw_error). */
#ifndef CSCS_CORE_ERROR_H
#define CSCS_CORE_ERROR_H

enum cscs_error {
	CSCS_OK = 0,
	CSCS_ERR_USAGE,     /* the caller asked for something malformed */
	CSCS_ERR_INPUT,     /* an input file or value is bad (exit 2) */
	CSCS_ERR_NOT_FOUND, /* a named file, run or check does not exist (exit 2) */
	CSCS_ERR_IO,        /* reading or writing a file failed (exit 3) */
	CSCS_ERR_NOMEM,     /* allocation failed (exit 3) */
	CSCS_ERR_DB,        /* SQLite reported an error (exit 3) */
	CSCS_ERR_XLSX,      /* libxlsxwriter reported an error (exit 3) */
	CSCS_ERR_REGEX,     /* PCRE2 reported an error */
	CSCS_ERR_CHECKLIST, /* a checklist, profile or waiver file is malformed (exit 2) */
	CSCS_ERR_INTERNAL,  /* a bug: an invariant did not hold (exit 3) */
	CSCS_ERR_COUNT_
};

/* Exit codes of the command-line tool: a documented contract (docs/exit-codes.md). */
enum cscs_exit {
	CSCS_EXIT_OK = 0,       /* done, nothing at or above --fail-on */
	CSCS_EXIT_FINDINGS = 1, /* the command's check said no: findings at or above --fail-on,
	                         * a code invalid (`uscc`), a file or run not verified (`verify`) */
	CSCS_EXIT_INPUT = 2,    /* usage or input error */
	CSCS_EXIT_INTERNAL = 3, /* internal or I/O error */
	CSCS_EXIT_PACKS_FAILED = 4, /* audit --batch: some packs failed (the others and the portfolio were written) */
};

/* A short English description of err; never NULL. */
const char *cscs_strerror(enum cscs_error err);

/* The exit code the command-line tool uses for err. */
int cscs_error_exit_code(enum cscs_error err);

#endif
