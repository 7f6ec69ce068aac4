/*
 * Reading XLSX intake workbooks: minizip opens the zip, expat parses the
 * XML, and a worksheet streams one row at a time (the sheet is never held
 * whole). Shared strings, inline strings, numbers, booleans and date
 * cells (by their number format: built-in 14-22, the CJK date formats
 * 27-36 and 50-58, and custom formats with y, m or d) are read; dates come
 * out as YYYY-MM-DD, in the 1900 or the 1904 date system.
 */
#ifndef CSCS_INTAKE_XLSX_READER_H
#define CSCS_INTAKE_XLSX_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"
#include "cscs/intake/values.h"

/*
 * Limits, enforced while the zip is inflated (never after): each is an
 * input error naming the workbook and the part. They bound the reader's
 * memory, whatever a small zip inflates to.
 */
#define CSCS_XLSX_MAX_PART ((unsigned long long)1 << 31)        /* inflated bytes of one worksheet (2 GiB) */
#define CSCS_XLSX_MAX_META ((unsigned long long)64 << 20)       /* of workbook.xml, its relationships, styles */
#define CSCS_XLSX_MAX_SST_PART ((unsigned long long)1 << 30)    /* of the shared strings part (1 GiB) */
#define CSCS_XLSX_MAX_TOTAL ((unsigned long long)4 << 30)       /* of all parts read together (4 GiB) */
#define CSCS_XLSX_MAX_CELL (1024u * 1024)                       /* bytes of one cell's or shared string's text */
#define CSCS_XLSX_MAX_ROW (16u * 1024 * 1024)                   /* bytes of one row's cells together */
#define CSCS_XLSX_MAX_TAG (1024u * 1024)                        /* bytes of one tag, from '<' to '>' */
#define CSCS_XLSX_MAX_SST_COUNT (4u * 1024 * 1024)              /* shared strings */
#define CSCS_XLSX_MAX_SST_BYTES (64u * 1024 * 1024)             /* bytes of all shared strings together */
#define CSCS_XLSX_MAX_SHEETS 4096u                              /* sheets in the workbook */
#define CSCS_XLSX_MAX_ROWS 1048576u                             /* rows of a sheet (Excel's) */
#define CSCS_XLSX_MAX_STYLES 65536u                             /* cell formats and number formats */

struct cscs_xlsx;

struct cscs_xlsx_row {
	unsigned long row;          /* 1-based worksheet row number */
	size_t n_cells;             /* cells from column A to the last one written */
	char **text;                /* each cell as UTF-8 text, NUL-terminated ("" when empty) */
	size_t *len;                /* bytes of each text */
	enum cscs_cell_kind *kind;  /* how each cell was typed in the workbook */
};

/*
 * Open the workbook at path and read its sheet list, shared strings and
 * styles. display_name names it in diagnostics (NULL: path).
 */
enum cscs_error cscs_xlsx_open(struct cscs_xlsx **out, const char *path, const char *display_name,
			       struct cscs_diag_list *dl);

/*
 * As cscs_xlsx_open, but read the workbook from data[0..len) in memory
 * (not copied: it must outlive the reader). display_name NULL: "(memory)".
 */
enum cscs_error cscs_xlsx_open_mem(struct cscs_xlsx **out, const void *data, size_t len,
				   const char *display_name, struct cscs_diag_list *dl);

/* Number of worksheets, in workbook order. */
size_t cscs_xlsx_sheet_count(const struct cscs_xlsx *x);

/* Name of worksheet i (as shown on its tab). */
const char *cscs_xlsx_sheet_name(const struct cscs_xlsx *x, size_t i);

/* Start reading worksheet i from its first row (ends any sheet being read). */
enum cscs_error cscs_xlsx_sheet_begin(struct cscs_xlsx *x, size_t i, struct cscs_diag_list *dl);

/*
 * The next row of the sheet begun, valid until the next call; *row =
 * NULL at its end. Rows without cells are skipped. Malformed XML is
 * CSCS_ERR_INPUT with the sheet and XML line in dl.
 */
enum cscs_error cscs_xlsx_next_row(struct cscs_xlsx *x, const struct cscs_xlsx_row **row,
				   struct cscs_diag_list *dl);

/* Close and free; NULL is a no-op. */
void cscs_xlsx_close(struct cscs_xlsx *x);

#endif
