/*
 * The sheets of the report, written once for two back ends: a worksheet of
 * the .xlsx workbook (libxlsxwriter, constant-memory mode) and a CSV file.
 * Sheet code writes cells strictly row by row, which both back ends need:
 * constant-memory mode drops cells written above the current row, and a
 * CSV file is a stream.
 *
 * Every text cell is written with worksheet_write_string: a value such as
 * =HYPERLINK(...) stays text. Formulas are never written.
 */
#ifndef CSCS_REPORT_SHEET_H
#define CSCS_REPORT_SHEET_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <xlsxwriter.h>

#include "cscs/core/buf.h"
#include "cscs/core/diag.h"
#include "cscs/core/error.h"
#include "cscs/intake/vocab.h"
#include "cscs/report/labels.h"
#include "cscs/report/messages.h"
#include "cscs/report/model.h"
#include "cscs/report/report.h"

/* Cell styles; the workbook maps each to a format, CSV ignores them. */
enum cscs_rstyle {
	RS_PLAIN,       /* text, top-aligned */
	RS_TITLE,       /* Summary title */
	RS_SUBTITLE,    /* Summary company line */
	RS_META,        /* small grey line under the title */
	RS_SECTION,     /* section heading with a rule under it */
	RS_LABEL,       /* key of a key/value row */
	RS_VALUE,       /* value of a key/value row, wrapped */
	RS_VALUE_DATE,  /* date value of a key/value row */
	RS_VALUE_INT,   /* whole-number value of a key/value row */
	RS_VALUE_MONEY, /* money value of a key/value row */
	RS_VALUE_DELTA, /* signed whole number (+3, -2, 0) */
	RS_VALUE_PCT,   /* share as a percentage */
	RS_HEADER,      /* table header cell */
	RS_HEADER_NUM,  /* table header cell over a number column */
	RS_TEXT,        /* table cell, one line */
	RS_WRAP,        /* table cell, wrapped */
	RS_CODE,        /* table cell, identifiers and hashes */
	RS_DATE,        /* table cell, date */
	RS_INT,         /* table cell, whole number */
	RS_DAYS,        /* table cell, days to a due date (negative: overdue) */
	RS_PCT,         /* table cell, percentage */
	RS_MONEY,       /* table cell, money in yuan */
	RS_LINK,        /* table cell, internal link */
	RS_LINK_WRAP,   /* table cell, link to a file, wrapped */
	RS_INPUT,       /* cell for the officer to fill in */
	RS_TOTAL,       /* total row label */
	RS_TOTAL_INT,   /* total row number */
	RS_TOTAL_MONEY, /* total row money */
	RS_INT_BAD,     /* table cell, a count that should be zero */
	RS_SCORE,       /* the score */
	RS_GRADE_A,     /* grade cells, coloured */
	RS_GRADE_B,
	RS_GRADE_C,
	RS_GRADE_D,
	RS_GRADE_NONE,
	RS_SEV_CRITICAL, /* severity cells, coloured (same order as enum cscs_severity) */
	RS_SEV_HIGH,
	RS_SEV_MEDIUM,
	RS_SEV_LOW,
	RS_SEV_INFO,
	RS_NOTE,        /* the self-assessment note */
	RS_KPI_LABEL,   /* caption of a headline figure */
	RS_KPI_VALUE,   /* headline figure */
	RS_KPI_BAD,     /* headline figure that is not zero and should be */
	RS_GOOD,        /* a reassuring value (green) */
	RS_BAD,         /* an alarming value (red) */
	RS_GRADE_PROVISIONAL, /* a grade that cannot be read as a plain letter (see its reasons) */
	RS_COUNT_
};

/* Formats used only by conditional formatting (differential formats). */
enum cscs_rcond {
	RC_SEV_CRITICAL, /* same order as enum cscs_severity */
	RC_SEV_HIGH,
	RC_SEV_MEDIUM,
	RC_SEV_LOW,
	RC_SEV_INFO,
	RC_ST_FAIL,      /* same order as enum cscs_report_status */
	RC_ST_PASS,
	RC_ST_NOT_APPLICABLE,
	RC_ST_INSUFFICIENT,
	RC_ST_ERROR,
	RC_ST_WAIVED,
	RC_DONE,         /* remediation row marked done */
	RC_COUNT_
};

/* Everything a sheet writer needs. */
struct cscs_rctx {
	const struct cscs_report_model *m;   /* the run */
	struct cscs_labels *labels;          /* catalogue of the report language */
	struct cscs_messages *messages;      /* the tool's messages in that language, or NULL (English) */
	const struct cscs_report_opts *opts; /* caller's options */
	bool zh;                             /* Chinese report */
	struct cscs_diag_list *dl;           /* where errors go */
	lxw_workbook *wb;                    /* the workbook, or NULL for CSV */
	lxw_format *fmt[RS_COUNT_];          /* cell formats (workbook only) */
	lxw_format *cond[RC_COUNT_];         /* conditional formats (workbook only) */
	struct cscs_buf tmp[4];              /* scratch: masking, UTF-8 repair, composing */
	sqlite3_stmt *ev_stmt;               /* json_each over a finding's evidence */
	bool ev_pending;                     /* ev_stmt holds a row not yet returned */
	sqlite3 *db;                         /* the database */
	int64_t saved_cache_size;            /* PRAGMA cache_size to restore, when lowered */
	bool cache_lowered;                  /* the report lowered it */
	char *evidence_href;                 /* the pack's evidence/ relative to the workbook, or NULL */
	struct cscs_vocab *vocab;            /* the shipped vocabularies: words for coded evidence values */
};

/* One sheet being written. */
struct cscs_rsheet {
	struct cscs_rctx *rc;     /* shared context */
	const char *name;         /* sheet name in the report language */
	lxw_worksheet *ws;        /* workbook back end, or NULL */
	FILE *csv;                /* CSV back end, or NULL */
	uint32_t row;             /* CSV: row being collected */
	uint16_t n_cols;          /* CSV: columns collected in it */
	struct cscs_buf cells[24]; /* CSV: the row's cells */
	bool row_started;         /* CSV: something was written to row */
	lxw_error lxw_err;        /* first libxlsxwriter error */
	uint32_t lxw_err_row;     /* row it happened in */
	bool io_err;              /* CSV: a write failed */
	uint32_t n_links;         /* internal links written (Excel allows 65,530 a sheet) */
	struct cscs_buf clean;    /* scratch for cleaned text */
	struct cscs_buf masked;   /* scratch for text with identity numbers masked */
};

/* The sheets, in workbook order. */
enum cscs_rsheet_kind {
	CSCS_SHEET_SUMMARY,
	CSCS_SHEET_FINDINGS,
	CSCS_SHEET_REMEDIATION,
	CSCS_SHEET_DEADLINES,
	CSCS_SHEET_PARTNERS,
	CSCS_SHEET_CHECKS,
	CSCS_SHEET_DATA_QUALITY,
	CSCS_SHEET_RUN_INFO,
	CSCS_SHEET_COUNT_
};

struct cscs_rsheet_def {
	const char *label;   /* label key of the sheet name */
	const char *csv;     /* CSV file name */
	enum cscs_error (*write)(struct cscs_rsheet *sh); /* writes the sheet */
};

/* The sheet table. */
const struct cscs_rsheet_def *cscs_report_sheets(void);

/* True when the run has this sheet (Partners only when partners were screened). */
bool cscs_report_sheet_present(const struct cscs_report_model *m, enum cscs_rsheet_kind kind);

/* Set up and tear down a context (no workbook yet); labels are loaded when need_labels. */
enum cscs_error cscs_rctx_init(struct cscs_rctx *rc, sqlite3 *db, int64_t run_id,
			       const struct cscs_report_opts *opts, bool need_labels, struct cscs_diag_list *dl);
void cscs_rctx_finish(struct cscs_rctx *rc);

/* Start and finish a sheet on one of the back ends. */
void cscs_rsheet_init(struct cscs_rsheet *sh, struct cscs_rctx *rc, const char *name, lxw_worksheet *ws,
		      FILE *csv);
/* Flush a CSV sheet's last row; report the first error of either back end to dl. */
enum cscs_error cscs_rsheet_finish(struct cscs_rsheet *sh);

/* A label in the report language (never NULL). */
const char *cscs_rlabel(struct cscs_rctx *rc, const char *key);
/* A label looked up as prefix + value ("sev." + "high"); falls back to value itself, quietly. */
const char *cscs_rlabel_of(struct cscs_rctx *rc, const char *prefix, const char *value);

/* Cells. text may be NULL (a blank cell carrying the style). */
void cscs_rs_text(struct cscs_rsheet *sh, uint32_t row, uint16_t col, const char *text, enum cscs_rstyle st);
/* Text from the records: personal ID numbers inside are masked unless shown. */
void cscs_rs_data(struct cscs_rsheet *sh, uint32_t row, uint16_t col, const char *text, enum cscs_rstyle st);
void cscs_rs_int(struct cscs_rsheet *sh, uint32_t row, uint16_t col, int64_t v, enum cscs_rstyle st);
void cscs_rs_num(struct cscs_rsheet *sh, uint32_t row, uint16_t col, double v, enum cscs_rstyle st);
/* A stored ISO date as a date cell; anything else is written as text. */
void cscs_rs_date(struct cscs_rsheet *sh, uint32_t row, uint16_t col, const char *iso, enum cscs_rstyle st);
/* Money in fen, written as yuan. */
void cscs_rs_money(struct cscs_rsheet *sh, uint32_t row, uint16_t col, int64_t fen, enum cscs_rstyle st);
/* Text that links to a cell of another sheet (plain text in CSV, and beyond Excel's link limit). */
/*
 * A link to a file, target relative to the workbook's folder (or text alone
 * in CSV, past the sheet's link limit, or for a target too long for a link).
 */
void cscs_rs_file_link(struct cscs_rsheet *sh, uint32_t row, uint16_t col, const char *text, const char *target,
		       enum cscs_rstyle st);

void cscs_rs_link(struct cscs_rsheet *sh, uint32_t row, uint16_t col, const char *text, const char *sheet,
		  uint32_t target_row, enum cscs_rstyle st);
/* Text across columns first..last of one row (merged in the workbook). */
void cscs_rs_merge(struct cscs_rsheet *sh, uint32_t row, uint16_t first, uint16_t last, const char *text,
		   enum cscs_rstyle st);

/*
 * The usual table set-up of a sheet: column widths (in characters; a
 * negative width also wraps), header row 0 frozen, autofilter over the
 * header and n_rows data rows, landscape print fitted to the page width
 * with the header row repeated, and a page header and footer.
 */
void cscs_rs_table(struct cscs_rsheet *sh, const char *const *header_keys, const double *widths,
		   uint16_t n_cols, uint32_t n_rows, const bool *numeric);
/*
 * Print set-up alone: landscape, fitted to the page width, page header and
 * footer; A3 when the columns (total width in characters) would print
 * too small on A4; repeat_row >= 0 repeats that row on every page.
 */
void cscs_rs_print(struct cscs_rsheet *sh, int16_t repeat_row, double total_width);

/*
 * Lines text needs in a wrapped cell width characters wide (the report's
 * 10-point font; East Asian characters count double). At least 1.
 */
size_t cscs_rs_lines(const char *text, double width);

/*
 * Before writing row: give it the height its wrapped cells need. texts[i]
 * goes in a column widths[i] wide (NULL texts and widths <= 0 are
 * skipped). LibreOffice and WPS do not grow rows by themselves.
 */
void cscs_rs_fit_row(struct cscs_rsheet *sh, uint32_t row, const char *const *texts, const double *widths,
		     uint16_t n);
/* Colour column col of rows 1..n_rows by severity / by result state (conditional formats). */
void cscs_rs_cond_severity(struct cscs_rsheet *sh, uint16_t col, uint32_t n_rows);
void cscs_rs_cond_status(struct cscs_rsheet *sh, uint16_t col, uint32_t n_rows);
/* Colour cells of column col (rows 1..n_rows) that read exactly text. */
void cscs_rs_cond_equal(struct cscs_rsheet *sh, uint16_t col, uint32_t n_rows, const char *text,
			enum cscs_rcond cond);

/*
 * Scale that fits a PNG or JPEG image into max_w x max_h pixels (never
 * enlarging). False when the file's size cannot be read.
 */
bool cscs_report_logo_scale(const char *path, int max_w, int max_h, double *scale);

/* Last usable row of a sheet (Excel has 1,048,576 rows; one is kept for a "more" note). */
#define CSCS_RS_MAX_ROW 1048574u

/* The sheet writers (sheet_*.c). */
enum cscs_error cscs_sheet_summary(struct cscs_rsheet *sh);
enum cscs_error cscs_sheet_findings(struct cscs_rsheet *sh);
enum cscs_error cscs_sheet_remediation(struct cscs_rsheet *sh);
enum cscs_error cscs_sheet_deadlines(struct cscs_rsheet *sh);
enum cscs_error cscs_sheet_partners(struct cscs_rsheet *sh);
enum cscs_error cscs_sheet_checks(struct cscs_rsheet *sh);
enum cscs_error cscs_sheet_data_quality(struct cscs_rsheet *sh);
enum cscs_error cscs_sheet_run_info(struct cscs_rsheet *sh);

/* Shared by the sheets and the JSON writer. */

/* The check's title in the report language (English when there is no Chinese one), or "". */
const char *cscs_report_check_title(const struct cscs_rctx *rc, const struct cscs_report_check *c);
/* The check's remedy in the report language, or "". */
const char *cscs_report_check_remedy(const struct cscs_rctx *rc, const struct cscs_report_check *c);
/* The basis in the report's language: basis.zh in a Chinese report when the check gives it; NULL when none. */
const char *cscs_report_check_basis(const struct cscs_rctx *rc, const struct cscs_report_check *c);
/* "file:line" (or "file") of a finding into out (reset first); "" when unknown. */
const char *cscs_report_source(const char *file, int64_t line, struct cscs_buf *out);
/* One item of a finding's evidence object. */
struct cscs_report_ev {
	const char *key;   /* member name */
	const char *value; /* its value as text (JSON text for objects and arrays), or NULL */
	const char *type;  /* json_each type: text, integer, real, true, false, null, object, array */
	bool masked;       /* value is a masked identity number (now text) */
};

/*
 * Walk the members of a finding's evidence (a JSON object). Returns false
 * when evidence is not a JSON object; the caller then shows it as text.
 */
bool cscs_report_ev_begin(struct cscs_rctx *rc, const char *evidence);
/* The next member with identity numbers masked unless shown: 1, or 0 at the end. */
int cscs_report_ev_next(struct cscs_rctx *rc, struct cscs_report_ev *ev, struct cscs_buf *scratch);
/* A finding's evidence as "key: value" lines into out (reset first), masked unless shown. */
const char *cscs_report_evidence_text(struct cscs_rctx *rc, const char *evidence, struct cscs_buf *out);

#endif
