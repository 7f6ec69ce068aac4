#include "cscs/intake/xlsx_reader.h"

#include <ctype.h>
#include <errno.h>
#include <expat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unzip.h>

#include "cscs/core/buf.h"
#include "cscs/core/date.h"
#include "cscs/core/fs.h"

#define READ_CHUNK 65536
#define MAX_COLUMNS 16384 /* Excel's XFD */

struct sheet {
	char *name; /* tab name */
	char *rid;  /* relationship id in workbook.xml */
	char *part; /* zip entry of the worksheet XML */
};

/* What went wrong inside a handler, for the message (x->err says how bad). */
enum problem {
	PROBLEM_NONE,
	PROBLEM_CELL,        /* unexpected cell data (order, reference, shared string index) */
	PROBLEM_CELL_LONG,   /* a cell's text past CSCS_XLSX_MAX_CELL */
	PROBLEM_ROW_LONG,    /* a row's cells past CSCS_XLSX_MAX_ROW together */
	PROBLEM_SST_COUNT,   /* too many shared strings */
	PROBLEM_SST_BYTES,   /* shared strings too long together */
	PROBLEM_SHEETS,      /* too many sheets */
	PROBLEM_ROWS,        /* a row past CSCS_XLSX_MAX_ROWS */
	PROBLEM_STYLES,      /* too many formats */
	PROBLEM_NOT_SHEET,   /* a sheet's part is not a worksheet */
};

/* What the expat handlers are parsing. */
enum part_kind {
	PART_WORKBOOK,
	PART_RELS,
	PART_SHARED_STRINGS,
	PART_STYLES,
	PART_SHEET,
};

/* A workbook held in memory, read through minizip's I/O callbacks. */
struct mem_zip {
	const unsigned char *data; /* the zip bytes */
	size_t len;                /* their length */
	size_t pos;                /* read position */
};

struct cscs_xlsx {
	unzFile zip;              /* the workbook file */
	struct mem_zip mem;       /* the bytes, when opened from memory */
	char *name;               /* name for diagnostics */
	struct sheet *sheets;     /* worksheets in workbook order */
	size_t n_sheets;          /* entries in sheets */
	size_t sheets_cap;        /* entries allocated in sheets */
	bool date1904;            /* serials count from 1904-01-01 */
	char *sst_part;           /* shared strings entry, or NULL */
	char *styles_part;        /* styles entry, or NULL */
	struct cscs_buf sst;      /* shared strings, each NUL-terminated */
	size_t *sst_off;          /* offset of each shared string in sst */
	size_t n_sst;             /* shared strings */
	size_t sst_cap;           /* entries allocated in sst_off */
	unsigned si_depth;        /* <si> elements open (only the outermost makes a string) */
	int *date_fmts;           /* custom number format ids that show dates */
	size_t n_date_fmts;       /* entries in date_fmts */
	size_t date_fmts_cap;     /* entries allocated in date_fmts */
	bool *xf_date;            /* per cell format (cellXfs index): shows a date */
	size_t n_xf;              /* entries in xf_date */
	size_t xf_cap;            /* entries allocated in xf_date */
	bool in_cell_xfs;         /* styles: inside <cellXfs> */
	/* parsing state shared by the handlers */
	enum part_kind kind;      /* what is being parsed */
	XML_Parser parser;        /* the parser in use */
	const char *part;         /* zip entry being parsed, for diagnostics */
	enum cscs_error err;      /* an error found inside a handler */
	enum problem problem;     /* what it was */
	unsigned long long part_bytes;  /* inflated bytes of the part being read */
	unsigned long long total_bytes; /* inflated bytes of every part read so far */
	int depth;                /* elements open in the part being parsed */
	bool in_tag;              /* the bytes fed so far end inside a tag (after '<', before '>') */
	size_t tag_bytes;         /* bytes of that tag so far */
	bool collect;             /* character data goes into text */
	int skip_depth;           /* >0 inside <rPh> (phonetic runs: not cell text) */
	struct cscs_buf text;     /* character data being collected */
	/* worksheet streaming */
	bool sheet_open;          /* a worksheet entry is open in zip */
	bool sheet_eof;           /* its XML has been parsed to the end */
	bool row_ready;           /* a row is complete in row */
	const char *sheet_name;   /* for diagnostics */
	char *cell_type;          /* t attribute of the cell being read */
	bool cell_is_date;        /* its style shows a date */
	unsigned long cell_col;   /* its 1-based column */
	bool in_inline;           /* inside <is> */
	unsigned long last_row;   /* row number of the previous row */
	struct cscs_buf arena;    /* cell texts of the current row */
	size_t *off;              /* offset of each cell's text in arena */
	size_t cells_cap;         /* entries allocated per cell array */
	struct cscs_xlsx_row row; /* the row handed out */
};

static const char *local_name(const XML_Char *name)
{
	const char *colon = strrchr(name, ':');
	return colon ? colon + 1 : name;
}

static const char *attr(const XML_Char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(local_name(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

static void fail_in_handler(struct cscs_xlsx *x, enum cscs_error err)
{
	if (!x->err)
		x->err = err;
	XML_StopParser(x->parser, XML_FALSE);
}

static void fail_because(struct cscs_xlsx *x, enum problem p)
{
	if (!x->err)
		x->problem = p;
	fail_in_handler(x, CSCS_ERR_INPUT);
}

/* Room for need entries of size bytes in *arr (capacity *cap), doubling; false when out of memory. */
static bool grow(void **arr, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t c = *cap ? *cap : 16;
	while (c < need)
		c *= 2;
	void *more = realloc(*arr, c * size);
	if (!more)
		return false;
	*arr = more;
	*cap = c;
	return true;
}

/* A number format id from the file: a whole number, or -1 (atoi would overflow on a long one). */
static int format_id(const char *s)
{
	char *end;
	errno = 0;
	long v = s ? strtol(s, &end, 10) : -1;
	if (!s || end == s || errno || v < 0 || v > 100000)
		return -1;
	return (int)v;
}

/* Built-in formats that show dates: 14-22, and the CJK date formats 27-36 and 50-58. */
static bool builtin_date_format(int id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

/*
 * A custom format shows a date when, outside quoted text, [brackets] and
 * escaped characters, it has y or d, or m without h or s (m then means
 * months, not minutes).
 */
static bool custom_date_format(const char *code)
{
	bool y = false, m = false, d = false, h = false, s = false;
	for (const char *p = code; *p; p++) {
		char c = (char)tolower((unsigned char)*p);
		if (c == '"') {
			const char *q = strchr(p + 1, '"');
			if (!q)
				break;
			p = q;
		} else if (c == '[') {
			const char *q = strchr(p + 1, ']');
			if (!q)
				break;
			p = q;
		} else if (c == '\\' || c == '_' || c == '*') {
			if (!p[1])
				break;
			p++;
		} else if (c == ';') {
			break; /* the format for positive numbers decides */
		} else {
			y |= c == 'y';
			m |= c == 'm';
			d |= c == 'd';
			h |= c == 'h';
			s |= c == 's';
		}
	}
	return y || d || (m && !h && !s);
}

static bool grow_cells(struct cscs_xlsx *x, size_t need)
{
	if (need <= x->cells_cap)
		return true;
	size_t cap = x->cells_cap ? x->cells_cap : 32;
	while (cap < need)
		cap *= 2;
	size_t *off = realloc(x->off, cap * sizeof(*off));
	if (off)
		x->off = off;
	size_t *len = realloc(x->row.len, cap * sizeof(*len));
	if (len)
		x->row.len = len;
	enum cscs_cell_kind *kind = realloc(x->row.kind, cap * sizeof(*kind));
	if (kind)
		x->row.kind = kind;
	char **text = realloc(x->row.text, cap * sizeof(*text));
	if (text)
		x->row.text = text;
	if (!off || !len || !kind || !text)
		return false;
	x->cells_cap = cap;
	return true;
}

/* Append a cell (and empty cells before it) to the current row. */
static void push_cell(struct cscs_xlsx *x, unsigned long col, const char *text, size_t len,
		      enum cscs_cell_kind kind)
{
	if (col > MAX_COLUMNS || col <= x->row.n_cells) {
		fail_because(x, PROBLEM_CELL); /* cells out of order */
		return;
	}
	/* A row's cells are copied out together: many references to one long shared string add up. */
	if (x->arena.len + len + col > CSCS_XLSX_MAX_ROW) {
		fail_because(x, PROBLEM_ROW_LONG);
		return;
	}
	if (!grow_cells(x, col)) {
		fail_in_handler(x, CSCS_ERR_NOMEM);
		return;
	}
	while (x->row.n_cells < col) {
		size_t i = x->row.n_cells++;
		bool last = i == col - 1;
		x->off[i] = x->arena.len;
		x->row.len[i] = last ? len : 0;
		x->row.kind[i] = last ? kind : CSCS_CELL_TEXT;
		if (last)
			cscs_buf_add(&x->arena, text, len);
		cscs_buf_addc(&x->arena, '\0');
	}
	if (x->arena.oom)
		fail_in_handler(x, CSCS_ERR_NOMEM);
}

/* Column number of a cell reference ("AB12" → 28), or 0. */
static unsigned long ref_column(const char *ref)
{
	unsigned long col = 0;
	for (; *ref >= 'A' && *ref <= 'Z'; ref++) {
		col = col * 26 + (unsigned long)(*ref - 'A' + 1);
		if (col > MAX_COLUMNS)
			return 0;
	}
	return col;
}

static void end_cell(struct cscs_xlsx *x)
{
	const char *t = x->cell_type ? x->cell_type : "n";
	const char *v = cscs_buf_str(&x->text);
	size_t vlen = x->text.len;
	enum cscs_cell_kind kind = CSCS_CELL_TEXT;
	char date[CSCS_DATE_ISO_LEN];
	if (vlen == 0)
		return; /* no value: an empty (perhaps only formatted) cell */
	if (strcmp(t, "s") == 0) {
		char *end;
		unsigned long idx = strtoul(v, &end, 10);
		if (end == v || idx >= x->n_sst) {
			fail_because(x, PROBLEM_CELL);
			return;
		}
		v = x->sst.data + x->sst_off[idx];
		vlen = strlen(v);
	} else if (strcmp(t, "b") == 0) {
		kind = CSCS_CELL_BOOL;
	} else if (strcmp(t, "d") == 0) {
		/*
		 * ISO 8601 date (strict OOXML): keep the date part. Anything
		 * else stays whole, as text (cutting it could split a character).
		 */
		if (vlen == 10 || (vlen > 10 && v[10] == 'T')) {
			kind = CSCS_CELL_DATE;
			vlen = 10;
		}
	} else if (strcmp(t, "n") == 0) {
		kind = CSCS_CELL_NUMBER;
		cscs_date d;
		char *end;
		double serial = strtod(v, &end);
		if (x->cell_is_date && *end == '\0') {
			if (x->date1904)
				serial += 1462;
			if (cscs_date_from_excel_serial(serial, &d)) {
				v = cscs_date_format(d, date);
				vlen = 10;
				kind = CSCS_CELL_DATE;
			}
		}
	}
	/* "str", "inlineStr" and "e" (#N/A, ...) are text as they stand. */
	if (vlen > 0)
		push_cell(x, x->cell_col, v, vlen, kind);
}

static void XMLCALL on_start(void *ud, const XML_Char *qname, const XML_Char **atts)
{
	struct cscs_xlsx *x = ud;
	const char *name = local_name(qname);
	if (x->depth++ == 0 && x->kind == PART_SHEET && strcmp(name, "worksheet") != 0) {
		fail_because(x, PROBLEM_NOT_SHEET);
		return;
	}
	if (x->skip_depth > 0 || strcmp(name, "rPh") == 0) {
		x->skip_depth++;
		return;
	}
	switch (x->kind) {
	case PART_WORKBOOK:
		if (strcmp(name, "sheet") == 0) {
			const char *sname = attr(atts, "name"), *rid = attr(atts, "id");
			if (!sname || !rid) {
				fail_because(x, PROBLEM_CELL);
				return;
			}
			if (x->n_sheets == CSCS_XLSX_MAX_SHEETS) {
				fail_because(x, PROBLEM_SHEETS);
				return;
			}
			if (!grow((void **)&x->sheets, &x->sheets_cap, x->n_sheets + 1, sizeof(*x->sheets))) {
				fail_in_handler(x, CSCS_ERR_NOMEM);
				return;
			}
			struct sheet *s = &x->sheets[x->n_sheets++];
			s->name = strdup(sname);
			s->rid = strdup(rid);
			s->part = NULL;
			if (!s->name || !s->rid)
				fail_in_handler(x, CSCS_ERR_NOMEM);
		} else if (strcmp(name, "workbookPr") == 0) {
			const char *v = attr(atts, "date1904");
			x->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
		}
		break;
	case PART_RELS:
		if (strcmp(name, "Relationship") == 0) {
			const char *id = attr(atts, "Id"), *target = attr(atts, "Target"), *type = attr(atts, "Type");
			if (!id || !target || !type)
				return;
			char path[1024];
			if (target[0] == '/')
				snprintf(path, sizeof(path), "%s", target + 1);
			else
				snprintf(path, sizeof(path), "xl/%s", target);
			size_t tl = strlen(type);
			char **slot = NULL;
			if (tl >= 14 && strcmp(type + tl - 14, "/sharedStrings") == 0)
				slot = &x->sst_part;
			else if (tl >= 7 && strcmp(type + tl - 7, "/styles") == 0)
				slot = &x->styles_part;
			for (size_t i = 0; i < x->n_sheets && !slot; i++)
				if (strcmp(x->sheets[i].rid, id) == 0)
					slot = &x->sheets[i].part;
			if (slot && !*slot && !(*slot = strdup(path)))
				fail_in_handler(x, CSCS_ERR_NOMEM);
		}
		break;
	case PART_SHARED_STRINGS:
		if (strcmp(name, "si") == 0 && x->si_depth++ == 0) {
			if (x->n_sst == CSCS_XLSX_MAX_SST_COUNT) {
				fail_because(x, PROBLEM_SST_COUNT);
				return;
			}
			if (x->n_sst == x->sst_cap) {
				size_t cap = x->sst_cap ? x->sst_cap * 2 : 256;
				size_t *off = realloc(x->sst_off, cap * sizeof(*off));
				if (!off) {
					fail_in_handler(x, CSCS_ERR_NOMEM);
					return;
				}
				x->sst_off = off;
				x->sst_cap = cap;
			}
			x->sst_off[x->n_sst] = x->sst.len;
		} else if (strcmp(name, "t") == 0 && x->si_depth > 0) {
			x->collect = true; /* text outside a shared string (<si>) belongs to none */
		}
		break;
	case PART_STYLES:
		if (strcmp(name, "numFmt") == 0) {
			const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
			if (id && code && custom_date_format(code)) {
				if (x->n_date_fmts == CSCS_XLSX_MAX_STYLES) {
					fail_because(x, PROBLEM_STYLES);
					return;
				}
				if (!grow((void **)&x->date_fmts, &x->date_fmts_cap, x->n_date_fmts + 1,
					  sizeof(*x->date_fmts))) {
					fail_in_handler(x, CSCS_ERR_NOMEM);
					return;
				}
				x->date_fmts[x->n_date_fmts++] = format_id(id);
			}
		} else if (strcmp(name, "cellXfs") == 0) {
			x->in_cell_xfs = true;
		} else if (strcmp(name, "xf") == 0 && x->in_cell_xfs) {
			const char *id = attr(atts, "numFmtId");
			int fmt = id ? format_id(id) : 0;
			bool is_date = builtin_date_format(fmt);
			for (size_t i = 0; i < x->n_date_fmts && !is_date; i++)
				is_date = x->date_fmts[i] == fmt;
			if (x->n_xf == CSCS_XLSX_MAX_STYLES) {
				fail_because(x, PROBLEM_STYLES);
				return;
			}
			if (!grow((void **)&x->xf_date, &x->xf_cap, x->n_xf + 1, sizeof(*x->xf_date))) {
				fail_in_handler(x, CSCS_ERR_NOMEM);
				return;
			}
			x->xf_date[x->n_xf++] = is_date;
		}
		break;
	case PART_SHEET:
		if (strcmp(name, "row") == 0) {
			const char *r = attr(atts, "r");
			x->last_row = r ? strtoul(r, NULL, 10) : x->last_row + 1;
			if (x->last_row > CSCS_XLSX_MAX_ROWS) {
				fail_because(x, PROBLEM_ROWS);
				return;
			}
			x->row.n_cells = 0;
			cscs_buf_reset(&x->arena);
		} else if (strcmp(name, "c") == 0) {
			const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
			x->cell_col = r ? ref_column(r) : x->row.n_cells + 1;
			free(x->cell_type);
			x->cell_type = t ? strdup(t) : NULL;
			unsigned long style = s ? strtoul(s, NULL, 10) : 0;
			x->cell_is_date = style < x->n_xf && x->xf_date[style];
			cscs_buf_reset(&x->text);
			if (x->cell_col == 0 || (t && !x->cell_type))
				x->cell_col == 0 ? fail_because(x, PROBLEM_CELL) : fail_in_handler(x, CSCS_ERR_NOMEM);
		} else if (strcmp(name, "v") == 0) {
			x->collect = true;
		} else if (strcmp(name, "is") == 0) {
			x->in_inline = true;
		} else if (strcmp(name, "t") == 0 && x->in_inline) {
			x->collect = true;
		}
		break;
	}
}

static void XMLCALL on_end(void *ud, const XML_Char *qname)
{
	struct cscs_xlsx *x = ud;
	const char *name = local_name(qname);
	x->depth--;
	if (x->skip_depth > 0) {
		x->skip_depth--;
		return;
	}
	switch (x->kind) {
	case PART_SHARED_STRINGS:
		if (strcmp(name, "t") == 0) {
			x->collect = false;
		} else if (strcmp(name, "si") == 0 && --x->si_depth == 0) {
			cscs_buf_addc(&x->sst, '\0');
			x->n_sst++;
			if (x->sst.oom)
				fail_in_handler(x, CSCS_ERR_NOMEM);
		}
		break;
	case PART_STYLES:
		if (strcmp(name, "cellXfs") == 0)
			x->in_cell_xfs = false;
		break;
	case PART_SHEET:
		if (strcmp(name, "v") == 0 || strcmp(name, "t") == 0) {
			x->collect = false;
		} else if (strcmp(name, "is") == 0) {
			x->in_inline = false;
		} else if (strcmp(name, "c") == 0) {
			end_cell(x);
		} else if (strcmp(name, "row") == 0 && x->row.n_cells > 0) {
			x->row_ready = true;
			XML_StopParser(x->parser, XML_TRUE);
		}
		break;
	case PART_WORKBOOK:
	case PART_RELS:
		break;
	}
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	struct cscs_xlsx *x = ud;
	if (!x->collect || x->skip_depth > 0)
		return;
	if (x->kind == PART_SHARED_STRINGS) {
		if (x->si_depth == 0)
			return; /* no shared string is open (a malformed part): its text is no value */
		if (x->sst.len - x->sst_off[x->n_sst] + (size_t)len > CSCS_XLSX_MAX_CELL) {
			fail_because(x, PROBLEM_CELL_LONG);
			return;
		}
		if (x->sst.len + (size_t)len > CSCS_XLSX_MAX_SST_BYTES) {
			fail_because(x, PROBLEM_SST_BYTES);
			return;
		}
		cscs_buf_add(&x->sst, s, (size_t)len);
		if (x->sst.oom)
			fail_in_handler(x, CSCS_ERR_NOMEM);
	} else {
		if (x->text.len + (size_t)len > CSCS_XLSX_MAX_CELL) {
			fail_because(x, PROBLEM_CELL_LONG);
			return;
		}
		cscs_buf_add(&x->text, s, (size_t)len);
		if (x->text.oom)
			fail_in_handler(x, CSCS_ERR_NOMEM);
	}
}

static const char *problem_text(const struct cscs_xlsx *x, char *buf, size_t len)
{
	switch (x->problem) {
	case PROBLEM_CELL_LONG:
		snprintf(buf, len, "a cell's text is longer than %u MiB, the most one may hold",
			 CSCS_XLSX_MAX_CELL / (1024 * 1024));
		break;
	case PROBLEM_ROW_LONG:
		snprintf(buf, len, "the row %lu holds more than %u MiB of text, the most a row may", x->last_row,
			 CSCS_XLSX_MAX_ROW / (1024 * 1024));
		break;
	case PROBLEM_SST_COUNT:
		snprintf(buf, len, "more than %u shared strings, the most a workbook may have", CSCS_XLSX_MAX_SST_COUNT);
		break;
	case PROBLEM_SST_BYTES:
		snprintf(buf, len, "the shared strings hold more than %u MiB of text, the most a workbook may have",
			 CSCS_XLSX_MAX_SST_BYTES / (1024 * 1024));
		break;
	case PROBLEM_SHEETS:
		snprintf(buf, len, "more than %u sheets, the most a workbook may have", CSCS_XLSX_MAX_SHEETS);
		break;
	case PROBLEM_ROWS:
		snprintf(buf, len, "a row number past %u, the most rows a sheet may have", CSCS_XLSX_MAX_ROWS);
		break;
	case PROBLEM_STYLES:
		snprintf(buf, len, "more than %u cell or number formats", CSCS_XLSX_MAX_STYLES);
		break;
	case PROBLEM_NOT_SHEET:
		snprintf(buf, len, "the sheet's part is not a worksheet (its relationship points at another part)");
		break;
	case PROBLEM_CELL:
	case PROBLEM_NONE:
		snprintf(buf, len, "%s", x->err ? "unexpected cell data" : XML_ErrorString(XML_GetErrorCode(x->parser)));
		break;
	}
	return buf;
}

static enum cscs_error xml_error(struct cscs_xlsx *x, struct cscs_diag_list *dl)
{
	if (x->err == CSCS_ERR_NOMEM)
		return CSCS_ERR_NOMEM;
	char why[160];
	cscs_diag_error(dl, x->name, 0, 0, "%s%s%s: %s at line %lu: %s", x->part,
			x->sheet_name ? " of sheet " : "", x->sheet_name ? x->sheet_name : "",
			x->problem > PROBLEM_CELL ? "refused" : "malformed workbook XML",
			(unsigned long)XML_GetCurrentLineNumber(x->parser), problem_text(x, why, sizeof(why)));
	return CSCS_ERR_INPUT;
}

static enum cscs_error new_parser(struct cscs_xlsx *x, enum part_kind kind, const char *part)
{
	if (x->parser)
		XML_ParserFree(x->parser);
	x->parser = XML_ParserCreate("UTF-8");
	if (!x->parser)
		return CSCS_ERR_NOMEM;
	XML_SetUserData(x->parser, x);
	XML_SetElementHandler(x->parser, on_start, on_end);
	XML_SetCharacterDataHandler(x->parser, on_text);
	x->kind = kind;
	x->part = part;
	x->err = CSCS_OK;
	x->problem = PROBLEM_NONE;
	x->collect = false;
	x->skip_depth = 0;
	x->depth = 0;
	x->in_tag = false;
	x->tag_bytes = 0;
	return CSCS_OK;
}

/* The most bytes a part of this kind may inflate to. */
static unsigned long long part_limit(enum part_kind kind)
{
	return kind == PART_SHEET ? CSCS_XLSX_MAX_PART
	       : kind == PART_SHARED_STRINGS ? CSCS_XLSX_MAX_SST_PART : CSCS_XLSX_MAX_META;
}

/* size: what the part inflates to (as the zip says, or as read so far). */
static enum cscs_error check_size(struct cscs_xlsx *x, enum part_kind kind, unsigned long long size,
				  struct cscs_diag_list *dl)
{
	unsigned long long limit = part_limit(kind);
	if (size > limit) {
		cscs_diag_error(dl, x->name, 0, 0, "%s: the part is too large: it inflates to more than %llu MiB, "
				"the most a %s may (a zip bomb, or a sheet to split)", x->part, limit >> 20,
				kind == PART_SHEET ? "worksheet" : kind == PART_SHARED_STRINGS ? "shared strings part"
				: "workbook part");
		return CSCS_ERR_INPUT;
	}
	if (x->total_bytes + size > CSCS_XLSX_MAX_TOTAL) {
		cscs_diag_error(dl, x->name, 0, 0, "%s: the workbook is too large: its parts inflate to more "
				"than %llu MiB together", x->part, CSCS_XLSX_MAX_TOTAL >> 20);
		return CSCS_ERR_INPUT;
	}
	return CSCS_OK;
}

static enum cscs_error open_entry(struct cscs_xlsx *x, enum part_kind kind, const char *part, bool required,
				  bool *found, struct cscs_diag_list *dl)
{
	enum cscs_error err;
	*found = false;
	if (unzLocateFile(x->zip, part, 2) != UNZ_OK) {
		if (!required)
			return CSCS_OK;
		cscs_diag_error(dl, x->name, 0, 0, "not an XLSX workbook: it has no %s", part);
		return CSCS_ERR_INPUT;
	}
	unz_file_info64 info;
	if (unzGetCurrentFileInfo64(x->zip, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK) {
		cscs_diag_error(dl, x->name, 0, 0, "cannot read %s in the workbook", part);
		return CSCS_ERR_INPUT;
	}
	x->part_bytes = 0;
	x->part = part;
	if ((err = check_size(x, kind, info.uncompressed_size, dl)))
		return err;
	if (unzOpenCurrentFile(x->zip) != UNZ_OK) {
		cscs_diag_error(dl, x->name, 0, 0, "cannot read %s in the workbook", part);
		return CSCS_ERR_INPUT;
	}
	*found = true;
	return CSCS_OK;
}

/*
 * Expat holds a tag whole until its '>' arrives, and scans it again with
 * each chunk: a 400 MB attribute ran for minutes. Follow the tags in the
 * bytes about to be parsed; true when one is longer than CSCS_XLSX_MAX_TAG.
 */
static bool tag_too_long(struct cscs_xlsx *x, const char *p, size_t n)
{
	const char *end = p + n;
	while (p < end) {
		if (x->in_tag) {
			const char *gt = memchr(p, '>', (size_t)(end - p));
			size_t run = (size_t)((gt ? gt : end) - p);
			x->tag_bytes += run;
			if (x->tag_bytes > CSCS_XLSX_MAX_TAG)
				return true;
			if (!gt)
				return false;
			x->in_tag = false;
			p = gt + 1;
		} else {
			const char *lt = memchr(p, '<', (size_t)(end - p));
			if (!lt)
				return false;
			x->in_tag = true;
			x->tag_bytes = 0;
			p = lt + 1;
		}
	}
	return false;
}

/* Close the entry read to its end: a wrong CRC means the bytes are not what was zipped. */
static enum cscs_error close_entry(struct cscs_xlsx *x, struct cscs_diag_list *dl)
{
	int rc = unzCloseCurrentFile(x->zip);
	x->sheet_open = false;
	x->total_bytes += x->part_bytes;
	x->part_bytes = 0;
	if (rc == UNZ_CRCERROR) {
		cscs_diag_error(dl, x->name, 0, 0, "%s: the workbook is damaged: the part fails its CRC check "
				"(the bytes are not those that were zipped)", x->part);
		return CSCS_ERR_INPUT;
	}
	if (rc != UNZ_OK) {
		cscs_diag_error(dl, x->name, 0, 0, "%s: the workbook is damaged (zip error %d)", x->part, rc);
		return CSCS_ERR_INPUT;
	}
	return CSCS_OK;
}

/*
 * Feed the open zip entry to the parser until it ends or a handler
 * suspends it (a complete worksheet row).
 */
static enum cscs_error pump(struct cscs_xlsx *x, bool *ended, struct cscs_diag_list *dl)
{
	enum cscs_error err;
	*ended = false;
	for (;;) {
		void *buf = XML_GetBuffer(x->parser, READ_CHUNK);
		if (!buf)
			return CSCS_ERR_NOMEM;
		int n = unzReadCurrentFile(x->zip, buf, READ_CHUNK);
		if (n < 0) {
			cscs_diag_error(dl, x->name, 0, 0, "%s: the workbook is damaged (zip error %d)", x->part, n);
			return CSCS_ERR_INPUT;
		}
		/* The sizes in the zip may lie: count what actually comes out. */
		x->part_bytes += (unsigned long long)n;
		if (x->part_bytes > part_limit(x->kind) || x->total_bytes + x->part_bytes > CSCS_XLSX_MAX_TOTAL) {
			err = check_size(x, x->kind, x->part_bytes, dl);
			return err ? err : CSCS_ERR_INPUT;
		}
		if (n == 0 && (err = close_entry(x, dl)))
			return err;
		if (tag_too_long(x, buf, (size_t)n)) {
			cscs_diag_error(dl, x->name, 0, 0, "%s: refused: a tag (an element with its attributes, a "
					"comment) is longer than %u MiB", x->part, CSCS_XLSX_MAX_TAG / (1024 * 1024));
			return CSCS_ERR_INPUT;
		}
		enum XML_Status st = XML_ParseBuffer(x->parser, n, n == 0);
		if (st == XML_STATUS_ERROR || x->err)
			return xml_error(x, dl);
		if (st == XML_STATUS_SUSPENDED)
			return CSCS_OK;
		if (n == 0) {
			*ended = true;
			return CSCS_OK;
		}
	}
}

static enum cscs_error parse_entry(struct cscs_xlsx *x, enum part_kind kind, const char *part, bool required,
				   struct cscs_diag_list *dl)
{
	bool found, ended;
	enum cscs_error err = open_entry(x, kind, part, required, &found, dl);
	if (err || !found)
		return err;
	x->sheet_open = true; /* an entry is open: close_entry (at its end) or end_sheet closes it */
	if (!(err = new_parser(x, kind, part)))
		err = pump(x, &ended, dl);
	if (x->sheet_open)
		unzCloseCurrentFile(x->zip);
	x->sheet_open = false;
	return err;
}

/* Read the sheet list, shared strings and styles of the zip just opened. */
static enum cscs_error read_workbook(struct cscs_xlsx *x, struct cscs_diag_list *dl)
{
	enum cscs_error err;
	if (!x->zip) {
		cscs_diag_error(dl, x->name, 0, 0, "not an XLSX workbook (cannot open it as a zip file)");
		return CSCS_ERR_INPUT;
	}
	if ((err = parse_entry(x, PART_WORKBOOK, "xl/workbook.xml", true, dl)))
		return err;
	if ((err = parse_entry(x, PART_RELS, "xl/_rels/workbook.xml.rels", true, dl)))
		return err;
	for (size_t i = 0; i < x->n_sheets; i++) {
		if (!x->sheets[i].part) {
			cscs_diag_error(dl, x->name, 0, 0, "sheet '%s' has no worksheet part", x->sheets[i].name);
			return CSCS_ERR_INPUT;
		}
	}
	if ((err = parse_entry(x, PART_SHARED_STRINGS, x->sst_part ? x->sst_part : "xl/sharedStrings.xml", false, dl)))
		return err;
	return parse_entry(x, PART_STYLES, x->styles_part ? x->styles_part : "xl/styles.xml", false, dl);
}

enum cscs_error cscs_xlsx_open(struct cscs_xlsx **out, const char *path, const char *display_name,
			       struct cscs_diag_list *dl)
{
	*out = NULL;
	struct cscs_xlsx *x = calloc(1, sizeof(*x));
	if (!x)
		return CSCS_ERR_NOMEM;
	enum cscs_error err = CSCS_ERR_NOMEM;
	x->name = strdup(display_name ? display_name : path);
	if (!x->name)
		goto fail;
	/* minizip does not say why a file did not open: ask first. */
	FILE *f = fopen(path, "rb");
	if (!f) {
		int e = errno;
		cscs_diag_error(dl, x->name, 0, 0, "cannot open: %s", strerror(e));
		err = cscs_fs_open_error(e);
		goto fail;
	}
	fclose(f);
	x->zip = unzOpen64(path);
	if ((err = read_workbook(x, dl)))
		goto fail;
	*out = x;
	return CSCS_OK;
fail:
	cscs_xlsx_close(x);
	return err;
}

static voidpf ZCALLBACK mem_open(voidpf opaque, const void *filename, int mode)
{
	struct mem_zip *m = opaque;
	m->pos = 0;
	return m;
}

static uLong ZCALLBACK mem_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
	struct mem_zip *m = stream;
	size_t n = m->len - m->pos;
	if (n > size)
		n = size;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (uLong)n;
}

static uLong ZCALLBACK mem_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
	return 0; /* read-only */
}

static ZPOS64_T ZCALLBACK mem_tell(voidpf opaque, voidpf stream)
{
	const struct mem_zip *m = stream;
	return m->pos;
}

static long ZCALLBACK mem_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
	struct mem_zip *m = stream;
	ZPOS64_T base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0 : origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos : m->len;
	if (offset > m->len || base + offset > m->len)
		return -1;
	m->pos = (size_t)(base + offset);
	return 0;
}

static int ZCALLBACK mem_close(voidpf opaque, voidpf stream)
{
	return 0;
}

static int ZCALLBACK mem_error(voidpf opaque, voidpf stream)
{
	return 0;
}

enum cscs_error cscs_xlsx_open_mem(struct cscs_xlsx **out, const void *data, size_t len,
				   const char *display_name, struct cscs_diag_list *dl)
{
	*out = NULL;
	struct cscs_xlsx *x = calloc(1, sizeof(*x));
	if (!x)
		return CSCS_ERR_NOMEM;
	enum cscs_error err = CSCS_ERR_NOMEM;
	x->name = strdup(display_name ? display_name : "(memory)");
	if (!x->name)
		goto fail;
	x->mem.data = data;
	x->mem.len = len;
	zlib_filefunc64_def io = {
		.zopen64_file = mem_open,
		.zread_file = mem_read,
		.zwrite_file = mem_write,
		.ztell64_file = mem_tell,
		.zseek64_file = mem_seek,
		.zclose_file = mem_close,
		.zerror_file = mem_error,
		.opaque = &x->mem,
	};
	x->zip = unzOpen2_64(x->name, &io);
	if ((err = read_workbook(x, dl)))
		goto fail;
	*out = x;
	return CSCS_OK;
fail:
	cscs_xlsx_close(x);
	return err;
}

size_t cscs_xlsx_sheet_count(const struct cscs_xlsx *x)
{
	return x->n_sheets;
}

const char *cscs_xlsx_sheet_name(const struct cscs_xlsx *x, size_t i)
{
	return i < x->n_sheets ? x->sheets[i].name : NULL;
}

static void end_sheet(struct cscs_xlsx *x)
{
	if (x->sheet_open)
		unzCloseCurrentFile(x->zip);
	x->sheet_open = false;
	x->total_bytes += x->part_bytes;
	x->part_bytes = 0;
}

enum cscs_error cscs_xlsx_sheet_begin(struct cscs_xlsx *x, size_t i, struct cscs_diag_list *dl)
{
	end_sheet(x);
	if (i >= x->n_sheets)
		return CSCS_ERR_USAGE;
	bool found;
	enum cscs_error err = open_entry(x, PART_SHEET, x->sheets[i].part, true, &found, dl);
	if (err)
		return err;
	x->sheet_open = true;
	x->sheet_eof = false;
	x->row_ready = false;
	x->last_row = 0;
	x->sheet_name = x->sheets[i].name;
	return new_parser(x, PART_SHEET, x->sheets[i].part);
}

enum cscs_error cscs_xlsx_next_row(struct cscs_xlsx *x, const struct cscs_xlsx_row **row,
				   struct cscs_diag_list *dl)
{
	*row = NULL;
	if (!x->sheet_open || x->sheet_eof)
		return CSCS_OK;
	x->row_ready = false;
	enum cscs_error err = CSCS_OK;
	bool ended = false;
	XML_ParsingStatus ps;
	XML_GetParsingStatus(x->parser, &ps);
	if (ps.parsing == XML_SUSPENDED) {
		enum XML_Status st = XML_ResumeParser(x->parser);
		if (st == XML_STATUS_ERROR || x->err)
			return xml_error(x, dl);
		if (st == XML_STATUS_OK && !x->row_ready) {
			XML_GetParsingStatus(x->parser, &ps);
			ended = ps.parsing == XML_FINISHED;
			if (!ended)
				err = pump(x, &ended, dl);
		}
	} else {
		err = pump(x, &ended, dl);
	}
	if (err)
		return err;
	if (!x->row_ready) {
		x->sheet_eof = true;
		end_sheet(x);
		return CSCS_OK;
	}
	for (size_t i = 0; i < x->row.n_cells; i++)
		x->row.text[i] = x->arena.data + x->off[i];
	x->row.row = x->last_row;
	*row = &x->row;
	return CSCS_OK;
}

void cscs_xlsx_close(struct cscs_xlsx *x)
{
	if (!x)
		return;
	end_sheet(x);
	if (x->zip)
		unzClose(x->zip);
	if (x->parser)
		XML_ParserFree(x->parser);
	for (size_t i = 0; i < x->n_sheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
		free(x->sheets[i].part);
	}
	free(x->sheets);
	free(x->sst_part);
	free(x->styles_part);
	cscs_buf_finish(&x->sst);
	free(x->sst_off);
	free(x->date_fmts);
	free(x->xf_date);
	cscs_buf_finish(&x->text);
	free(x->cell_type);
	cscs_buf_finish(&x->arena);
	free(x->off);
	free(x->row.text);
	free(x->row.len);
	free(x->row.kind);
	free(x->name);
	free(x);
}
