#include "cscs/intake/import.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cscs/core/buf.h"
#include "cscs/core/fs.h"
#include "cscs/core/money.h"
#include "cscs/core/path.h"
#include "cscs/core/text.h"
#include "cscs/ident/resident_id.h"
#include "cscs/intake/csv.h"
#include "cscs/intake/encoding.h"
#include "cscs/intake/records.h"
#include "cscs/intake/template.h"
#include "cscs/intake/values.h"
#include "cscs/intake/writeq.h"
#include "cscs/intake/xlsx_reader.h"
#include "cscs/store/store.h"
#include "cscs/trail/evidence.h"

/*
 * The page cache used while importing: rows are appended, so a small
 * cache costs nothing, and it keeps the importer's memory well below
 * what a large pack would otherwise take (the store opens with 64 MiB).
 */
#define IMPORT_CACHE_KIB 16384

/* CSV files from this size on are read ahead on a second thread (cscs_csv_read_ahead). */
#define READ_AHEAD_MIN (1 << 20)

/* One file (or one sheet of a workbook) to read into one record table. */
struct source {
	const struct cscs_record_type *rt; /* its record type */
	char *path;                        /* file on disk */
	char *rel;                         /* path within the pack (diagnostics, source_files.path) */
	struct cscs_xlsx *book;            /* the workbook, for a sheet (shared, not owned) */
	size_t sheet;                      /* sheet index in book */
};

/* A workbook opened while scanning the pack. */
struct book {
	struct cscs_xlsx *x; /* the open workbook */
	char *path;          /* on disk */
	char *rel;           /* within the pack */
};

struct plan {
	struct source *src; /* what to import, in registry order once sorted */
	size_t n_src;       /* entries in src */
	struct book *books; /* workbooks opened for their sheets */
	size_t n_books;     /* entries in books */
	bool has_lists;     /* list exports are given: list_entries is replaced */
	bool whole_pack;    /* a record pack: its evidence/ index (pack_evidence) is replaced too */
};

/* Row of a CSV file or a worksheet, as the importer sees it. */
struct row {
	unsigned long line;               /* line (or worksheet row) where it starts */
	size_t n;                         /* fields */
	char **text;                      /* field texts */
	const size_t *len;                /* their lengths */
	const enum cscs_cell_kind *kind;  /* NULL: all text */
	const unsigned long *col;         /* NULL: column = index + 1 */
	const unsigned long *field_line;  /* NULL: every field on line */
};

struct importer {
	sqlite3 *db;                       /* the store */
	const struct cscs_import_opts *opts; /* caller's options */
	struct cscs_import_summary *sum;   /* totals */
	struct cscs_diag_list *dl;         /* diagnostics */
	uint64_t n_read;                   /* rows read in all files so far (progress) */
	sqlite3_stmt *ins_file;            /* INSERT INTO source_files */
	sqlite3_stmt *upd_file;            /* row counts of a source file */
	sqlite3_stmt *ins_issue;           /* INSERT INTO data_issues */
	sqlite3_stmt *set_unreadable;      /* mark a source file unreadable */
	bool header_required;              /* a file without a header is an error (a file given on its own) */
	sqlite3_stmt *ins_unknown;         /* INSERT INTO unknown_values */
	struct cscs_writeq *wq;            /* every write of the rows goes through it (writeq.h) */
	int64_t next_id;                   /* id of the next record of the source being read */
	char *hashed_path;                 /* the file sha and size belong to */
	char sha[CSCS_SHA256_HEX_LEN];     /* its SHA-256 */
	uint64_t size;                     /* its size */
};

static unsigned long row_col(const struct row *r, size_t i)
{
	return r->col ? r->col[i] : (unsigned long)i + 1;
}

static unsigned long row_line(const struct row *r, size_t i)
{
	return r->field_line ? r->field_line[i] : r->line;
}

/* Reading a source, CSV or worksheet, one row at a time. */
struct reader {
	struct cscs_csv_reader *csv; /* CSV, or NULL */
	struct cscs_xlsx *book;      /* worksheet's workbook, or NULL */
};

static enum cscs_error reader_next(struct reader *rd, struct row *row, bool *got, struct cscs_diag_list *dl)
{
	*got = false;
	if (rd->csv) {
		const struct cscs_csv_row *r;
		enum cscs_error err = cscs_csv_next(rd->csv, &r, dl);
		if (err || !r)
			return err;
		*row = (struct row){r->line, r->n_fields, r->fields, r->field_len, NULL, r->col, r->field_line};
	} else {
		const struct cscs_xlsx_row *r;
		enum cscs_error err = cscs_xlsx_next_row(rd->book, &r, dl);
		if (err || !r)
			return err;
		*row = (struct row){r->row, r->n_cells, r->text, r->len, r->kind, NULL, NULL};
	}
	*got = true;
	return CSCS_OK;
}

static bool row_blank(const struct row *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const char *s;
		if (cscs_value_trim(r->text[i], r->len[i], &s) > 0)
			return false;
	}
	return true;
}

/* A line or column number, or NULL for 0 (none). */
static void queue_count(struct cscs_writeq *q, unsigned long n)
{
	if (n)
		cscs_writeq_int(q, (int64_t)n);
	else
		cscs_writeq_null(q);
}

/* A text, or NULL for none. */
static void queue_text(struct cscs_writeq *q, const char *t, size_t len)
{
	if (t)
		cscs_writeq_text(q, t, len);
	else
		cscs_writeq_null(q);
}

static enum cscs_error add_issue(struct importer *imp, int64_t file_id, unsigned long line, unsigned long col,
				 const char *column, const char *value, size_t value_len, const char *level,
				 const char *reason)
{
	struct cscs_writeq *q = imp->wq;
	cscs_writeq_begin(q, imp->ins_issue, "recording a data issue");
	cscs_writeq_int(q, imp->sum->import_id);
	cscs_writeq_int(q, file_id);
	queue_count(q, line);
	queue_count(q, col);
	queue_text(q, column, column ? strlen(column) : 0);
	queue_text(q, value, value_len);
	cscs_writeq_text(q, level, strlen(level));
	cscs_writeq_text(q, reason, strlen(reason));
	return cscs_writeq_end(q, imp->dl);
}

/*
 * Whether a header must name column f of rt: its required columns, but a
 * list export's 'list' column, which the file or sheet name may give
 * instead (list_from_name).
 */
static bool header_needs(const struct cscs_record_type *rt, const struct cscs_field *f)
{
	return f->required && !(rt->is_list_export && strcmp(f->name, "list") == 0);
}

/*
 * The column of rt whose English or Chinese name is nearest to header, for
 * "did you mean": within a third of the name's length (1 to 3 characters),
 * or NULL.
 */
static const struct cscs_field *nearest_column(const struct cscs_record_type *rt, const char *header)
{
	const struct cscs_field *best = NULL;
	size_t best_d = SIZE_MAX;
	for (size_t k = 0; k < rt->n_fields; k++) {
		const char *names[2] = {rt->fields[k].name, rt->fields[k].zh};
		for (int j = 0; j < 2; j++) {
			size_t limit = cscs_utf8_count(names[j], strlen(names[j])) / 3;
			limit = limit < 1 ? 1 : limit > 3 ? 3 : limit;
			size_t d = cscs_text_distance(header, names[j]);
			if (d <= limit && d < best_d) {
				best = &rt->fields[k];
				best_d = d;
			}
		}
	}
	return best;
}

/*
 * Whether a cell says "total" or names a unit depends on its text alone,
 * and a column of a ledger or list export repeats its values (the list's
 * name, the authority, the tax type): the answer for a column's last value
 * is kept, so the folding runs once per distinct value, not once per row.
 */
struct cell_memo {
	char text[48];     /* the cell's last value (raw) */
	unsigned char len; /* its length; a longer value is not kept */
	bool has_total, has_unit, has_note;
	signed char total; /* total_word() of it */
	signed char unit;  /* cell_unit(, false) of it */
	bool note;         /* is_note() of it */
};

/* How the header maps onto the record type. */
struct header {
	const struct cscs_field **field; /* per file column: its field, or NULL (ignored) */
	size_t n;                        /* file columns */
	bool *warned;                    /* per file column: "no header" already said */
	size_t n_mapped;                 /* columns that map to a field */
	bool warned_beyond;              /* values right of the header already said */
	bool warned_short;               /* a CSV row shorter than the header already said */
	const char *file_list;           /* list export without a list column: the list its name gives, or NULL */
	unsigned long line;              /* line of the header */
	int *exp;                        /* per file column: money values are in 10^exp yuan (a unit) */
	bool *own_unit;                  /* per file column: the header named the unit itself */
	bool *row_no;                    /* per file column: it holds row numbers (序号), ignored */
	unsigned long n_width[2];        /* CSV rows with n and n + 1 fields so far (a comma ending every row) */
	size_t both_col;                 /* 1 + the column of codes and identity numbers (证件号码/统一社会信用代码), or 0 */
	const struct cscs_field *id_field; /* where that column's identity numbers go (legal_rep_id), or NULL */
	int sheet_exp;                   /* a unit declared above the header ("单位：万元"); 0: none */
	struct cell_memo memo[8];        /* per leading column: what its last value was classified as */
};

static void header_finish(struct header *h)
{
	free(h->field);
	free(h->warned);
	free(h->exp);
	free(h->own_unit);
	free(h->row_no);
}

static const struct cscs_synonyms *synonyms(const struct importer *imp)
{
	return imp->opts ? imp->opts->synonyms : NULL;
}

static const struct cscs_mapping *mapping(const struct importer *imp)
{
	return imp->opts ? imp->opts->mapping : NULL;
}

/* A column of row numbers (序号, No., #): ignored without a word. */
static bool row_number_column(const char *name, size_t len)
{
	static const char *const words[] = {"序号", "行号", "no", "#", "seq", "seqno", "rowno", "s/n", "sn"};
	char folded[CSCS_HEADER_FOLD_LEN];
	if (!cscs_header_fold(name, len, folded, NULL))
		return false;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(folded, words[i]) == 0)
			return true;
	return false;
}

/* Whether text[0..len) holds word. */
static bool holds(const char *text, size_t len, const char *word)
{
	size_t n = strlen(word);
	for (size_t k = 0; k + n <= len; k++)
		if (memcmp(text + k, word, n) == 0)
			return true;
	return false;
}

/*
 * A list export's column of codes and identity numbers together, as the
 * court's list of judgment defaulters writes it (证件号码/统一社会信用代码,
 * 身份证号码/组织机构代码): a company's code, or the identity number of a
 * person listed. Its header names an identity number and a code around a
 * slash. The codes go to uscc, the identity numbers to legal_rep_id
 * (personal data, masked in outputs): id_number_value.
 */
static bool both_header(const struct cscs_record_type *rt, const char *name, size_t len)
{
	static const char *const ids[] = {"\xE8\xAF\x81\xE4\xBB\xB6\xE5\x8F\xB7",     /* 证件号 */
					  "\xE8\xBA\xAB\xE4\xBB\xBD\xE8\xAF\x81\xE5\x8F\xB7"}; /* 身份证号 */
	static const char *const codes[] = {"\xE4\xBF\xA1\xE7\x94\xA8\xE4\xBB\xA3\xE7\xA0\x81", /* 信用代码 */
					    "\xE6\x9C\xBA\xE6\x9E\x84\xE4\xBB\xA3\xE7\xA0\x81", /* 机构代码 */
					    "\xE6\xB3\xA8\xE5\x86\x8C\xE5\x8F\xB7"};             /* 注册号 */
	if (!rt->is_list_export || !memchr(name, '/', len))
		return false;
	bool id = false, code = false;
	for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++)
		id |= holds(name, len, ids[k]);
	for (size_t k = 0; k < sizeof(codes) / sizeof(codes[0]); k++)
		code |= holds(name, len, codes[k]);
	return id && code;
}

/*
 * Whether a value of that column is a person's identity number: 18
 * characters shaped like one (province code, birth date: resident_id.h)
 * with GB 11643's check character; or a masked one, 15 or 18 characters
 * of digits and asterisks (1101051949****002X). Anything else is read as
 * a code (15 digits unmasked may be a registration number).
 */
static bool id_number_value(const char *in, size_t len)
{
	const char *t;
	size_t n = cscs_value_trim(in, len, &t);
	if (n != 15 && n != 18)
		return false;
	char z[19];
	memcpy(z, t, n);
	z[n] = '\0';
	if (n == 18 && cscs_resident_id_valid(z) && cscs_resident_id_like(z))
		return true;
	bool masked = false;
	for (size_t k = 0; k < n; k++) {
		bool last_x = k == 17 && (t[k] == 'X' || t[k] == 'x');
		if (t[k] == '*')
			masked = true;
		else if ((t[k] < '0' || t[k] > '9') && !last_x)
			return false;
	}
	return masked;
}

static enum cscs_error read_header(struct importer *imp, const struct source *s, const struct row *r,
				   int64_t file_id, struct header *h)
{
	const struct cscs_record_type *rt = s->rt;
	enum cscs_error err = CSCS_OK;
	h->n = r->n;
	h->line = r->line;
	h->field = calloc(r->n ? r->n : 1, sizeof(*h->field));
	h->warned = calloc(r->n ? r->n : 1, sizeof(*h->warned));
	h->exp = calloc(r->n ? r->n : 1, sizeof(*h->exp));
	h->own_unit = calloc(r->n ? r->n : 1, sizeof(*h->own_unit));
	h->row_no = calloc(r->n ? r->n : 1, sizeof(*h->row_no));
	if (!h->field || !h->warned || !h->exp || !h->own_unit || !h->row_no)
		return CSCS_ERR_NOMEM;
	for (size_t i = 0; i < r->n; i++) {
		const char *name;
		size_t len = cscs_value_trim(r->text[i], r->len[i], &name);
		if (len == 0)
			continue; /* values under a blank header are reported if there are any */
		char buf[256], unit[CSCS_HEADER_FOLD_LEN];
		snprintf(buf, sizeof(buf), "%.*s", (int)len, name);
		const struct cscs_field *f = cscs_header_find(synonyms(imp), mapping(imp), rt, name, len, unit);
		if (f && f->type == CSCS_FT_MONEY && unit[0]) {
			int e = cscs_money_unit_exp(unit);
			if (e >= 0) {
				h->exp[i] = e;
				h->own_unit[i] = true;
			} else {
				char reason[512];
				snprintf(reason, sizeof(reason),
					 "'(%s)' in the header of '%s' is not a unit of yuan this tool knows; its values are"
					 " read as yuan", unit, f->name);
				cscs_diag_warning(imp->dl, s->rel, r->line, row_col(r, i), "%s", reason);
				if ((err = add_issue(imp, file_id, r->line, row_col(r, i), f->name, buf, strlen(buf),
						     "warning", reason)))
					return err;
			}
		} else if (f && f->type == CSCS_FT_MONEY && h->sheet_exp > 0) {
			h->exp[i] = h->sheet_exp;
		}
		if (!f && both_header(rt, name, len)) {
			f = cscs_record_field_find(rt, "uscc");
			h->both_col = f ? i + 1 : 0;
		}
		if (!f && row_number_column(name, len)) {
			h->warned[i] = true; /* 序号: the ledger's own row numbers, no record value */
			h->row_no[i] = true;
			continue;
		}
		if (!f) {
			char reason[512];
			const struct cscs_field *near = nearest_column(rt, buf);
			snprintf(reason, sizeof(reason), "unknown column '%s' for %s; its values are ignored%s%s%s%s%s",
				 buf, rt->name, near ? " (did you mean '" : "", near ? near->name : "",
				 near ? "' (" : "", near ? near->zh : "", near ? ")?)" : "");
			cscs_diag_warning(imp->dl, s->rel, r->line, row_col(r, i), "%s", reason);
			if ((err = add_issue(imp, file_id, r->line, row_col(r, i), NULL, buf, strlen(buf), "warning",
					     reason)))
				return err;
			h->warned[i] = true;
			continue;
		}
		for (size_t k = 0; k < i; k++) {
			if (h->field[k] == f) {
				cscs_diag_error(imp->dl, s->rel, r->line, row_col(r, i),
						"column '%s' (%s) appears twice: header fields %zu and %zu", f->name, f->zh,
						k + 1, i + 1);
				return CSCS_ERR_INPUT;
			}
		}
		h->field[i] = f;
		h->n_mapped++;
	}
	if (h->both_col) {
		/* its identity numbers go to legal_rep_id, unless the file has that column too (then they stay codes) */
		const struct cscs_field *id = cscs_record_field_find(rt, "legal_rep_id");
		bool taken = false;
		for (size_t i = 0; i < h->n && id; i++)
			taken |= h->field[i] == id;
		h->id_field = taken ? NULL : id;
	}
	for (size_t k = 0; k < rt->n_fields; k++) {
		const struct cscs_field *f = &rt->fields[k];
		if (!header_needs(rt, f))
			continue;
		bool present = false;
		for (size_t i = 0; i < h->n && !present; i++)
			present = h->field[i] == f;
		if (!present) {
			cscs_diag_error(imp->dl, s->rel, r->line, 0, "required column '%s' (%s) is missing", f->name,
					f->zh);
			err = CSCS_ERR_INPUT;
		}
	}
	return err;
}

static enum cscs_error prepare_insert(struct importer *imp, const struct source *s, const struct header *h,
				      sqlite3_stmt **out)
{
	struct cscs_buf sql = CSCS_BUF_INIT;
	cscs_buf_addf(&sql, "INSERT INTO %s(id, src_file, src_line", s->rt->name);
	for (size_t i = 0; i < h->n; i++)
		if (h->field[i])
			cscs_buf_addf(&sql, ", %s", h->field[i]->name);
	if (h->file_list)
		cscs_buf_adds(&sql, ", list");
	if (h->id_field)
		cscs_buf_addf(&sql, ", %s", h->id_field->name);
	cscs_buf_adds(&sql, ") VALUES (?, ?, ?");
	for (size_t i = 0; i < h->n_mapped + (h->file_list ? 1 : 0) + (h->id_field ? 1 : 0); i++)
		cscs_buf_adds(&sql, ", ?");
	cscs_buf_addc(&sql, ')');
	if (sql.oom) {
		cscs_buf_finish(&sql);
		return CSCS_ERR_NOMEM;
	}
	enum cscs_error err = cscs_store_prepare(imp->db, sql.data, out, imp->dl);
	cscs_buf_finish(&sql);
	return err;
}

/* Per-file counts and the state of single-row record types. */
struct file_counts {
	size_t n_rows;           /* rows stored */
	size_t n_rejected;       /* rows rejected (none since values are kept as unknown) */
	size_t n_unknown;        /* values stored as unknown */
	size_t n_flagged;        /* values flagged */
	unsigned long first_row; /* line of the first data row (single-row types) */
};

/* Per-column scratch for one row: the typed values and what went wrong. */
struct cell_state {
	struct cscs_value v;                      /* typed value */
	enum cscs_value_status st;                /* how typing went */
	char reason[CSCS_VALUE_REASON_LEN];       /* when not OK */
};

/* Bytes of v[0..len) that messages and data_issues show: at most 200, never a partial character. */
static size_t shown_len(const char *v, size_t len)
{
	if (len <= 200)
		return len;
	size_t n = 200;
	while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* "reason: 'value'after" (an identity number is not shown). */
static void warn_value(struct importer *imp, const struct source *s, unsigned long line, unsigned long col,
		       const struct cscs_field *f, const char *reason, const char *value, size_t len, const char *after)
{
	const char *v;
	size_t n = cscs_value_trim(value, len, &v);
	if ((f && f->type == CSCS_FT_ID_NUMBER) || n == 0) {
		cscs_diag_warning(imp->dl, s->rel, line, col, "%s%s", reason, after);
		return;
	}
	size_t shown = shown_len(v, n);
	cscs_diag_warning(imp->dl, s->rel, line, col, "%s: '%.*s%s'%s", reason, (int)shown, v, shown < n ? "..." : "",
			  after);
}

/*
 * Cells that say "nothing here" in ledgers: they read as empty in typed
 * columns. Not in free text, where they may be the value, and 无 not in
 * yes/no columns, where it means "no".
 */
static bool placeholder(const struct cscs_field *f, const char *in, size_t len)
{
	static const char *const words[] = {"-", "--", "---", "\xE2\x80\x94", "\xE2\x80\x94\xE2\x80\x94", "\xE2\x80\x93",
					    "/", "\xEF\xBC\x8F", "\xE6\x97\xA0", "\xE6\x9A\x82\xE6\x97\xA0", "N/A", "n/a"};
	if (f->type == CSCS_FT_TEXT)
		return false;
	const char *t;
	size_t n = cscs_value_trim(in, len, &t);
	if (n > 6) /* the longest word above; most values are longer */
		return false;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strlen(words[i]) != n || memcmp(words[i], t, n) != 0)
			continue;
		return !(f->type == CSCS_FT_BOOL && strcmp(words[i], "\xE6\x97\xA0") == 0);
	}
	return false;
}

/* Whether the text names its own unit of money (then a column's unit does not apply). */
static bool names_unit(const char *t, size_t n)
{
	static const char *const units[] = {"\xE5\x85\x83" /* 元 */, "\xE4\xB8\x87" /* 万 */, "\xE4\xBA\xBF" /* 亿 */,
					    "\xE5\x8D\x83" /* 千 */};
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		for (size_t k = 0; k + strlen(units[i]) <= n; k++)
			if (memcmp(t + k, units[i], strlen(units[i])) == 0)
				return true;
	return false;
}

/*
 * A plain decimal ("236.50", "-1,234.5") times 10^exp, written exactly
 * into out: the point moves, nothing is rounded. False for anything else.
 */
static bool shift_decimal(const char *t, size_t n, int exp, char *out, size_t cap)
{
	char digits[64];
	size_t nd = 0, i = 0, o = 0;
	long point = -1;
	if (i < n && (t[i] == '-' || t[i] == '+'))
		i++;
	for (; i < n; i++) {
		if (t[i] >= '0' && t[i] <= '9') {
			if (nd >= sizeof(digits))
				return false;
			digits[nd++] = t[i];
		} else if (t[i] == ',' && point < 0) {
			continue;
		} else if (t[i] == '.' && point < 0) {
			point = (long)nd;
		} else {
			return false;
		}
	}
	if (nd == 0 || cap < nd + (size_t)exp + 4)
		return false;
	if (point < 0)
		point = (long)nd;
	point += exp;
	if (n > 0 && t[0] == '-')
		out[o++] = '-';
	for (long k = 0; k < point; k++)
		out[o++] = (size_t)k < nd ? digits[k] : '0';
	if ((size_t)point < nd) {
		out[o++] = '.';
		for (size_t k = (size_t)point; k < nd; k++)
			out[o++] = digits[k];
	}
	out[o] = '\0';
	return true;
}

/*
 * Words a date that may be open (records.h: open_end) holds instead of a
 * date: "none yet". A licence valid 长期 has no last day; an entry 至今 or
 * 未移出 on a list has not been removed. They read as empty, which is
 * what those columns say for "none".
 */
static bool open_end_word(const struct cscs_field *f, const char *in, size_t len)
{
	static const char *const words[] = {
		"\xE9\x95\xBF\xE6\x9C\x9F",                                     /* 长期 */
		"\xE9\x95\xBF\xE6\x9C\x9F\xE6\x9C\x89\xE6\x95\x88",                 /* 长期有效 */
		"\xE6\xB0\xB8\xE4\xB9\x85",                                     /* 永久 */
		"\xE6\xB0\xB8\xE4\xB9\x85\xE6\x9C\x89\xE6\x95\x88",                 /* 永久有效 */
		"\xE6\x97\xA0\xE5\x9B\xBA\xE5\xAE\x9A\xE6\x9C\x9F\xE9\x99\x90",     /* 无固定期限 */
		"\xE8\x87\xB3\xE4\xBB\x8A",                                     /* 至今 */
		"\xE6\x9C\xAA\xE7\xA7\xBB\xE5\x87\xBA",                         /* 未移出 */
		"\xE5\xB0\x9A\xE6\x9C\xAA\xE7\xA7\xBB\xE5\x87\xBA",             /* 尚未移出 */
		"\xE6\x9C\xAA\xE7\xA7\xBB\xE9\x99\xA4",                         /* 未移除 */
		"\xE5\x9C\xA8\xE5\x88\x97",                                     /* 在列 */
		"\xE4\xBB\x8D\xE5\x9C\xA8\xE5\x88\x97",                         /* 仍在列 */
		"\xE5\x90\xA6",                                                 /* 否 */
		"indefinite", "permanent", "ongoing", "present",
	};
	if (!f->open_end)
		return false;
	const char *t;
	size_t n = cscs_value_trim(in, len, &t);
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && strncasecmp(words[i], t, n) == 0)
			return true;
	return false;
}

/*
 * Type cell i of a row for its column: the mapping file's value first,
 * ledger placeholders as empty, and a money column's unit applied (an
 * amount in a （万元） column is 10^4 yuan; a value naming its own unit
 * keeps it).
 */
static enum cscs_value_status type_cell(const struct importer *imp, const struct source *s, const struct header *h,
					size_t i, const char *text, size_t len, enum cscs_cell_kind kind,
					struct cscs_value *v, char *reason)
{
	const struct cscs_field *f = h->field[i];
	const struct cscs_vocab *voc = imp->opts ? imp->opts->vocab : NULL;
	const char *mapped = cscs_mapping_value(mapping(imp), s->rt, f, text, len);
	if (mapped) {
		text = mapped;
		len = strlen(mapped);
		kind = CSCS_CELL_TEXT;
	}
	if (placeholder(f, text, len) || open_end_word(f, text, len))
		return cscs_value_parse(f, voc, "", 0, CSCS_CELL_TEXT, v, reason);
	int exp = h->exp[i];
	const char *t;
	size_t n = cscs_value_trim(text, len, &t);
	if (f->type != CSCS_FT_MONEY || exp <= 0 || n == 0 || names_unit(t, n))
		return cscs_value_parse(f, voc, text, len, kind, v, reason);
	char shifted[96];
	if (shift_decimal(t, n, exp, shifted, sizeof(shifted)))
		return cscs_value_parse(f, voc, shifted, strlen(shifted), CSCS_CELL_TEXT, v, reason);
	enum cscs_value_status st = cscs_value_parse(f, voc, text, len, kind, v, reason);
	if (st != CSCS_VALUE_OK || v->kind != CSCS_VALUE_INT)
		return st;
	int64_t scale = 1;
	for (int k = 0; k < exp; k++)
		scale *= 10;
	if (v->num > INT64_MAX / scale || v->num < -(INT64_MAX / scale)) {
		snprintf(reason, CSCS_VALUE_REASON_LEN, "'%s' is not an amount (too large in its unit)", f->name);
		return CSCS_VALUE_REJECTED;
	}
	v->num *= scale;
	return st;
}

/* Whether p[0..n) holds a byte order mark (U+FEFF in UTF-8). */
static bool has_bom(const char *p, size_t n)
{
	for (size_t i = 0; i + 3 <= n; i++)
		if (memcmp(p + i, "\xEF\xBB\xBF", 3) == 0)
			return true;
	return false;
}

/*
 * A CSV row with more fields than its header: a comma in an unquoted
 * value split one value in two (or more), and every value after it sits
 * one column to the right. Taken as it comes, a list entry's listing date
 * lands in its removal date and the partner reads as removed. Such a row
 * (one with a value beyond the header, one wider than the file's usual
 * rows, or one whose fields beyond the header are empty but whose values
 * do not fit their columns: import_row) is read the way its fields fit:
 * each column takes one or more neighbouring fields (joined again by
 * their commas), empty fields at the end may be left over (each costing a
 * join), and of the readings in which every value types, those with
 * fewest doubtful values, then fewest joins (a comma before a space
 * counting as half a join, realign_cost), are kept. A column that holds
 * the same fields in every reading kept is read so; one that does not is
 * unknown (stored NULL, said, kept in unknown_values): what cannot be told
 * is never guessed. A row with a value beyond the header and no fitting
 * reading, or split more than REALIGN_MAX_EXTRA times, or under a header
 * of more than REALIGN_MAX_COLUMNS columns (the readings are typed column
 * by column: the work is bounded), is unknown in every column.
 */
#define REALIGN_MAX_EXTRA 6
#define REALIGN_MAX_COLUMNS 256
#define REALIGN_NONE INT_MAX

struct realigned {
	char **text;         /* per header column: its text (a field, or fields joined) */
	size_t *len;         /* their lengths */
	unsigned long *col;  /* column of the column's first field */
	unsigned long *line; /* line of the column's first field */
	bool *unsure;        /* which fields the column holds cannot be told */
	bool *joined;        /* the column holds more than one field */
	char *buf;           /* joined texts */
	struct row row;      /* the header's width, fields as above */
};

static void realigned_finish(struct realigned *ra)
{
	free(ra->text);
	free(ra->len);
	free(ra->col);
	free(ra->line);
	free(ra->unsure);
	free(ra->joined);
	free(ra->buf);
}

/* Fields up to the last one that holds a value. */
static size_t filled_fields(const struct row *r)
{
	size_t m = r->n;
	const char *t;
	while (m > 0 && cscs_value_trim(r->text[m - 1], r->len[m - 1], &t) == 0)
		m--;
	return m;
}

/* Fields [a, a + l) of r joined by commas into out (room for them); their length. */
static size_t join_fields(const struct row *r, size_t a, size_t l, char *out)
{
	size_t o = 0;
	for (size_t j = a; j < a + l; j++) {
		if (j > a)
			out[o++] = ',';
		memcpy(out + o, r->text[j], r->len[j]);
		o += r->len[j];
	}
	out[o] = '\0';
	return o;
}

static int add_cost(int a, int b)
{
	return a == REALIGN_NONE || b == REALIGN_NONE ? REALIGN_NONE : a + b;
}

/*
 * What joining fields [a, a + l) costs: two for each comma, or one where
 * the field after it begins with a space (exports put none after their
 * separators, while values written by hand do: "Acme, Inc.", "Co.,
 * Ltd."); REALIGN_NONE when one of them is empty (a value does not begin
 * or end with a comma: "z,," is empty columns, not a split).
 */
static int join_cost(const struct row *r, size_t a, size_t l)
{
	int c = 0;
	for (size_t j = a; j < a + l && l > 1; j++) {
		const char *t;
		if (cscs_value_trim(r->text[j], r->len[j], &t) == 0)
			return REALIGN_NONE;
		if (j > a)
			c += r->text[j][0] == ' ' ? 1 : 2;
	}
	return c;
}

/*
 * How text fits column i: REALIGN_NONE when it does not type, REALIGN_DOUBT
 * when it is doubtful (more than every join a row can have), else 0. A
 * 序号 column holds a number or nothing, any other column without a field
 * anything, the column of codes and identity numbers either.
 */
#define REALIGN_DOUBT 64

static int column_cost(const struct importer *imp, const struct source *s, const struct header *h, size_t i,
		       const char *text, size_t len)
{
	if (!h->field[i]) {
		const char *t;
		size_t n = h->row_no[i] ? cscs_value_trim(text, len, &t) : 0;
		for (size_t j = 0; j < n; j++)
			if (t[j] < '0' || t[j] > '9')
				return REALIGN_NONE;
		return 0;
	}
	if (h->id_field && i + 1 == h->both_col && id_number_value(text, len))
		return 0;
	struct cscs_value v;
	char reason[CSCS_VALUE_REASON_LEN];
	enum cscs_value_status st = type_cell(imp, s, h, i, text, len, CSCS_CELL_TEXT, &v, reason);
	return st == CSCS_VALUE_REJECTED ? REALIGN_NONE : st == CSCS_VALUE_FLAGGED ? REALIGN_DOUBT : 0;
}

/* What column i holding fields [i + d, i + d + l) costs: its value's fit and its joins. */
static int realign_cost(const struct importer *imp, const struct source *s, const struct header *h, size_t i,
			const struct row *r, size_t d, size_t l, char *scratch)
{
	int joins = join_cost(r, i + d, l);
	if (joins == REALIGN_NONE)
		return REALIGN_NONE;
	size_t n = join_fields(r, i + d, l, scratch);
	return add_cost(column_cost(imp, s, h, i, scratch, n), joins);
}

/*
 * Read r (r->n fields, more than the header's h->n columns; a reading
 * takes at least the first m) as above. A dynamic programme over
 * (column, fields taken so far): f[i][d] is the least cost of columns
 * before i holding fields before i + d, g[i][d] that of columns from i
 * holding fields from i + d to at least the m-th; a choice lies in a best
 * reading when f + its cost + g is the least cost. *fits: some reading
 * fits.
 */
static enum cscs_error realign_row(const struct importer *imp, const struct source *s, const struct header *h,
				   const struct row *r, size_t m, struct realigned *ra, bool *fits)
{
	size_t n = h->n, k = r->n - n, total = 0;
	for (size_t j = 0; j < r->n; j++)
		total += r->len[j] + 1;
	memset(ra, 0, sizeof(*ra));
	ra->text = calloc(n, sizeof(*ra->text));
	ra->len = calloc(n, sizeof(*ra->len));
	ra->col = calloc(n, sizeof(*ra->col));
	ra->line = calloc(n, sizeof(*ra->line));
	ra->unsure = calloc(n, sizeof(*ra->unsure));
	ra->joined = calloc(n, sizeof(*ra->joined));
	ra->buf = malloc(2 * total + 1);
	size_t w = k + 1; /* values of d, and of l */
	int *cost = NULL, *f = NULL, *g = NULL;
	bool search = k <= REALIGN_MAX_EXTRA && n <= REALIGN_MAX_COLUMNS;
	if (search) {
		cost = malloc(n * w * w * sizeof(*cost));
		f = malloc((n + 1) * w * sizeof(*f));
		g = malloc((n + 1) * w * sizeof(*g));
	}
	if (!ra->text || !ra->len || !ra->col || !ra->line || !ra->unsure || !ra->joined || !ra->buf ||
	    (search && (!cost || !f || !g))) {
		free(cost);
		free(f);
		free(g);
		realigned_finish(ra);
		return CSCS_ERR_NOMEM;
	}
	char *scratch = ra->buf + total; /* the second half: a joined text being typed */
	int best = REALIGN_NONE;
	if (search) {
#define COST(i, d, l) cost[((i) * w + (d)) * w + (l) - 1]
		for (size_t i = 0; i < n; i++)
			for (size_t d = 0; d < w; d++)
				for (size_t l = 1; d + l - 1 < w; l++)
					COST(i, d, l) = realign_cost(imp, s, h, i, r, d, l, scratch);
		for (size_t x = 0; x < (n + 1) * w; x++)
			f[x] = g[x] = REALIGN_NONE;
		f[0] = 0;
		for (size_t d = 0; d < w; d++)
			if (n + d >= m) /* empty fields left over cost what joining them would */
				g[n * w + d] = 2 * (int)(k - d);
		for (size_t i = 0; i < n; i++)
			for (size_t d = 0; d < w; d++)
				for (size_t l = 1; d + l - 1 < w; l++) {
					int c = add_cost(f[i * w + d], COST(i, d, l));
					int *to = &f[(i + 1) * w + d + l - 1];
					if (c < *to)
						*to = c;
				}
		for (size_t i = n; i-- > 0;)
			for (size_t d = 0; d < w; d++)
				for (size_t l = 1; d + l - 1 < w; l++) {
					int c = add_cost(COST(i, d, l), g[(i + 1) * w + d + l - 1]);
					if (c < g[i * w + d])
						g[i * w + d] = c;
				}
		for (size_t d = 0; d < w; d++) {
			int c = add_cost(f[n * w + d], g[n * w + d]);
			if (n + d >= m && c < best)
				best = c;
		}
	}
	*fits = best != REALIGN_NONE;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		size_t found = 0, fd = 0, fl = 1;
		for (size_t d = 0; best != REALIGN_NONE && d < w; d++)
			for (size_t l = 1; d + l - 1 < w; l++)
				if (add_cost(add_cost(f[i * w + d], COST(i, d, l)), g[(i + 1) * w + d + l - 1]) == best) {
					found++;
					fd = d;
					fl = l;
				}
		if (found != 1) {
			/* unknown: shown as the column would read taken as it comes */
			ra->unsure[i] = true;
			fd = 0;
			fl = 1;
		}
		ra->joined[i] = fl > 1;
		ra->text[i] = ra->buf + o;
		ra->len[i] = join_fields(r, i + fd, fl, ra->buf + o);
		o += ra->len[i] + 1;
		ra->col[i] = row_col(r, i + fd);
		ra->line[i] = row_line(r, i + fd);
	}
#undef COST
	free(cost);
	free(f);
	free(g);
	ra->row = (struct row){r->line, n, ra->text, ra->len, NULL, ra->col, ra->line};
	return CSCS_OK;
}

/* Store row r; unsure: NULL, or per column, its value is unknown (a split row, above). */
static enum cscs_error store_row(struct importer *imp, const struct source *s, struct header *h,
				 const struct row *r, const bool *unsure, sqlite3_stmt *ins, int64_t file_id,
				 struct cell_state *cells, struct file_counts *fc)
{
	enum cscs_error err;
	char reason[CSCS_VALUE_REASON_LEN];

	if (s->rt->single_row && fc->first_row) {
		cscs_diag_error(imp->dl, s->rel, r->line, 0,
				"%s must have exactly one row, but line %lu is a second one (the first is line %lu)",
				s->rt->name, r->line, fc->first_row);
		return CSCS_ERR_INPUT;
	}
	if (s->rt->single_row)
		fc->first_row = r->line;

	/*
	 * Ragged rows: the header decides. Cells right of a worksheet's header
	 * are said once (a CSV row with values beyond its header was read
	 * again, realign_row). A short row lacks its last columns, which read
	 * as empty (said once: some exports drop trailing empty fields). No
	 * row is dropped for its shape.
	 */
	if (r->n > h->n && r->kind && !h->warned_beyond) {
		for (size_t i = h->n; i < r->n; i++) {
			const char *t;
			if (cscs_value_trim(r->text[i], r->len[i], &t) == 0)
				continue;
			h->warned_beyond = true;
			snprintf(reason, sizeof(reason), "values right of the last header column are ignored");
			cscs_diag_warning(imp->dl, s->rel, row_line(r, i), row_col(r, i), "%s", reason);
			if ((err = add_issue(imp, file_id, row_line(r, i), row_col(r, i), NULL, NULL, 0, "warning",
					     reason)))
				return err;
			break;
		}
	}
	if (!r->kind && r->n < h->n && !h->warned_short) {
		h->warned_short = true;
		snprintf(reason, sizeof(reason),
			 "row has %zu fields but the header has %zu; the missing ones are read as empty (the row is kept)",
			 r->n, h->n);
		cscs_diag_warning(imp->dl, s->rel, r->line, 0, "%s", reason);
		if ((err = add_issue(imp, file_id, r->line, 0, NULL, NULL, 0, "warning", reason)))
			return err;
	}

	bool unknown = false, flagged = false;
	size_t n = r->n < h->n ? r->n : h->n;
	struct cscs_value id_v = {.kind = CSCS_VALUE_NULL}; /* an identity number in the column of both (both_header) */
	for (size_t i = 0; i < n; i++) {
		const struct cscs_field *f = h->field[i];
		if (!f) {
			const char *t;
			if (!h->warned[i] && cscs_value_trim(r->text[i], r->len[i], &t) > 0) {
				h->warned[i] = true;
				snprintf(reason, sizeof(reason), "column %lu has no header; its values are ignored",
					 row_col(r, i));
				cscs_diag_warning(imp->dl, s->rel, r->line, row_col(r, i), "%s", reason);
				if ((err = add_issue(imp, file_id, r->line, row_col(r, i), NULL, NULL, 0, "warning",
						     reason)))
					return err;
			}
			continue;
		}
		struct cell_state *c = &cells[i];
		if (unsure && unsure[i]) {
			c->v.kind = CSCS_VALUE_NULL;
			c->st = CSCS_VALUE_REJECTED;
			snprintf(c->reason, sizeof(c->reason),
				 "the row has more fields than the header (a comma in an unquoted value?), and which of"
				 " them '%s' holds cannot be told", f->name);
			unknown = true;
			continue;
		}
		const char *kept;
		size_t n_kept = cscs_value_trim(r->text[i], r->len[i], &kept);
		size_t before = (size_t)(kept - r->text[i]), after = r->len[i] - before - n_kept;
		if (has_bom(r->text[i], before) || has_bom(kept + n_kept, after)) {
			/* cscs_value_trim drops it with the blanks around a value; say so. */
			snprintf(reason, sizeof(reason), "a byte order mark (U+FEFF) in mid-file, as where two files "
				 "were joined, is dropped from the value of '%s'", f->name);
			cscs_diag_warning(imp->dl, s->rel, row_line(r, i), row_col(r, i), "%s", reason);
			if ((err = add_issue(imp, file_id, row_line(r, i), row_col(r, i), f->name, NULL, 0, "warning",
					     reason)))
				return err;
		}
		if (h->id_field && i + 1 == h->both_col && id_number_value(r->text[i], r->len[i])) {
			/* a person's identity number: stored as h->id_field, the code left empty */
			c->st = cscs_value_parse(h->id_field, NULL, r->text[i], r->len[i], CSCS_CELL_TEXT, &id_v,
						 c->reason);
			c->v.kind = CSCS_VALUE_NULL;
			if (c->st == CSCS_VALUE_REJECTED)
				id_v.kind = CSCS_VALUE_NULL;
		} else {
			c->st = type_cell(imp, s, h, i, r->text[i], r->len[i], r->kind ? r->kind[i] : CSCS_CELL_TEXT,
					  &c->v, c->reason);
		}
		if (c->st == CSCS_VALUE_REJECTED)
			c->v.kind = CSCS_VALUE_NULL; /* unknown: stored NULL, the value kept in unknown_values */
		unknown |= c->st == CSCS_VALUE_REJECTED;
		flagged |= c->st == CSCS_VALUE_FLAGGED;
	}
	/* A row too short for a required column misses it. */
	for (size_t i = n; i < h->n; i++) {
		cells[i].v.kind = CSCS_VALUE_NULL;
		if (h->field[i] && h->field[i]->required) {
			cells[i].st = CSCS_VALUE_REJECTED;
			snprintf(cells[i].reason, sizeof(cells[i].reason), "'%s' is required but empty", h->field[i]->name);
			unknown = true;
		} else {
			cells[i].st = CSCS_VALUE_OK;
		}
	}

	/* The id is given, not taken from SQLite: the row may be stored later, by the writer (writeq.h). */
	int64_t record_id = imp->next_id++;
	struct cscs_writeq *q = imp->wq;
	cscs_writeq_begin(q, ins, "storing a record");
	cscs_writeq_int(q, record_id);
	cscs_writeq_int(q, file_id);
	cscs_writeq_int(q, (int64_t)r->line);
	for (size_t i = 0; i < h->n; i++) {
		if (!h->field[i])
			continue;
		const struct cscs_value *v = &cells[i].v;
		switch (v->kind) {
		case CSCS_VALUE_NULL:
			cscs_writeq_null(q);
			break;
		case CSCS_VALUE_TEXT:
			cscs_writeq_text(q, v->text, v->len);
			break;
		case CSCS_VALUE_INT:
			cscs_writeq_int(q, v->num);
			break;
		}
	}
	if (h->file_list)
		cscs_writeq_text(q, h->file_list, strlen(h->file_list));
	if (h->id_field) {
		if (id_v.kind == CSCS_VALUE_TEXT)
			cscs_writeq_text(q, id_v.text, id_v.len);
		else
			cscs_writeq_null(q);
	}
	if ((err = cscs_writeq_end(q, imp->dl)))
		return err;
	fc->n_rows++;
	if (!unknown && !flagged)
		return CSCS_OK;

	/* What could not be typed, or is doubtful: said once, the unknown values kept whole with the row id. */
	for (size_t i = 0; i < h->n; i++) {
		if (!h->field[i] || cells[i].st == CSCS_VALUE_OK)
			continue;
		bool is_unknown = cells[i].st == CSCS_VALUE_REJECTED;
		const char *v = "";
		size_t vlen = 0;
		if (i < r->n)
			vlen = cscs_value_trim(r->text[i], r->len[i], &v);
		unsigned long line = i < r->n ? row_line(r, i) : r->line;
		unsigned long col = i < r->n ? row_col(r, i) : 0;
		warn_value(imp, s, line, col, h->field[i], cells[i].reason, v, vlen,
			   is_unknown ? "; stored as unknown, the row is kept" : "");
		if ((err = add_issue(imp, file_id, line, col, h->field[i]->name, vlen ? v : NULL, shown_len(v, vlen),
				     is_unknown ? "unknown" : "flagged", cells[i].reason)))
			return err;
		if (!is_unknown) {
			fc->n_flagged++;
			continue;
		}
		cscs_writeq_begin(q, imp->ins_unknown, "recording an unknown value");
		cscs_writeq_int(q, imp->sum->import_id);
		cscs_writeq_text(q, s->rt->name, strlen(s->rt->name));
		cscs_writeq_int(q, record_id);
		cscs_writeq_text(q, h->field[i]->name, strlen(h->field[i]->name));
		cscs_writeq_int(q, file_id);
		cscs_writeq_int(q, (int64_t)line);
		queue_count(q, col);
		queue_text(q, vlen ? v : NULL, vlen);
		cscs_writeq_text(q, cells[i].reason, strlen(cells[i].reason));
		if ((err = cscs_writeq_end(q, imp->dl)))
			return err;
		fc->n_unknown++;
	}
	return CSCS_OK;
}

/* The columns a split row was read with, joined from more than one field: "'a' = '...'". */
static void say_joined(const struct header *h, const struct realigned *ra, struct cscs_buf *b)
{
	for (size_t i = 0; i < h->n; i++) {
		if (!ra->joined[i] || ra->unsure[i] || !h->field[i])
			continue;
		const char *v;
		size_t n = cscs_value_trim(ra->text[i], ra->len[i], &v);
		if (h->field[i]->type == CSCS_FT_ID_NUMBER) {
			cscs_buf_addf(b, "%s'%s'", b->len ? ", " : "", h->field[i]->name);
			continue;
		}
		size_t shown = shown_len(v, n);
		cscs_buf_addf(b, "%s'%s' = '%.*s%s'", b->len ? ", " : "", h->field[i]->name, (int)shown, v,
			      shown < n ? "..." : "");
	}
}

/*
 * Whether every value of r, taken as it comes, fits its column: types,
 * and is not doubtful (a split "Co., Ltd." leaves " Ltd." in the code
 * column, a valid-looking but wrong code), a 序号 column a number.
 */
static bool straight_fits(const struct importer *imp, const struct source *s, const struct header *h,
			  const struct row *r)
{
	for (size_t i = 0; i < h->n; i++)
		if (column_cost(imp, s, h, i, r->text[i], r->len[i]) != 0)
			return false;
	return true;
}

static enum cscs_error import_row(struct importer *imp, const struct source *s, struct header *h,
				  const struct row *r, sqlite3_stmt *ins, int64_t file_id,
				  struct cell_state *cells, struct file_counts *fc)
{
	if (r->kind)
		return store_row(imp, s, h, r, NULL, ins, file_id, cells, fc);
	/*
	 * The file's usual width: rows of an export have as many fields as
	 * each other, the header's or one more (a comma ending every row). A
	 * row wider than that was split, even when the fields it pushed past
	 * the header are empty and its values type as they come ("Acme,Inc"
	 * under name, the tail 'Inc' in a column of free text).
	 */
	size_t usual = h->n_width[1] > h->n_width[0];
	bool seen = h->n_width[0] + h->n_width[1] > 0;
	bool wider = seen && r->n > h->n + usual;
	if (r->n <= h->n) {
		h->n_width[0] += r->n == h->n;
		return store_row(imp, s, h, r, NULL, ins, file_id, cells, fc);
	}
	/*
	 * A row of the usual width, its last field empty, is as the others
	 * (typed once, by store_row). Only rows read as they come tell the
	 * usual width: a split one does not.
	 */
	size_t filled = filled_fields(r), m = filled;
	if (filled <= h->n && !wider && ((seen && r->n == h->n + usual) || straight_fits(imp, s, h, r))) {
		h->n_width[1] += r->n == h->n + 1;
		return store_row(imp, s, h, r, NULL, ins, file_id, cells, fc);
	}
	if (wider && r->n - usual > m)
		m = r->n - usual;
	struct realigned ra;
	bool fits;
	enum cscs_error err = realign_row(imp, s, h, r, m, &ra, &fits);
	if (err)
		return err;
	if (!fits && filled <= h->n) {
		/* nothing fits better than the row as it comes: its values are said as usual */
		realigned_finish(&ra);
		return store_row(imp, s, h, r, NULL, ins, file_id, cells, fc);
	}
	struct cscs_buf joined = CSCS_BUF_INIT;
	say_joined(h, &ra, &joined);
	if (joined.oom) {
		err = CSCS_ERR_NOMEM;
	} else if (joined.len) {
		char reason[CSCS_VALUE_REASON_LEN];
		snprintf(reason, sizeof(reason),
			 "row has %zu fields but the header has %zu: an unquoted value holds a comma; read with %s,"
			 " where every value fits its column", r->n, h->n, cscs_buf_str(&joined));
		cscs_diag_warning(imp->dl, s->rel, r->line, 0, "%s", reason);
		err = add_issue(imp, file_id, r->line, 0, NULL, NULL, 0, "warning", reason);
	}
	cscs_buf_finish(&joined);
	if (!err)
		err = store_row(imp, s, h, &ra.row, ra.unsure, ins, file_id, cells, fc);
	realigned_finish(&ra);
	return err;
}

/* ---- finding the header, and rows that are no records ---- */

/* How well a row serves as a record type's header. */
struct header_probe {
	size_t n_named;   /* distinct columns of the type it names */
	size_t n_missing; /* required columns it does not name */
};

static struct header_probe probe_header(const struct cscs_synonyms *syn, const struct cscs_mapping *map,
					const struct cscs_record_type *rt, const struct row *r, struct cscs_buf *lacking)
{
	struct header_probe pr = {0, 0};
	bool seen[64] = {false};
	for (size_t i = 0; i < r->n; i++) {
		const struct cscs_field *f = cscs_header_find(syn, map, rt, r->text[i], r->len[i], NULL);
		if (!f)
			continue;
		size_t k = (size_t)(f - rt->fields);
		if (k < 64 && !seen[k]) {
			seen[k] = true;
			pr.n_named++;
		}
	}
	for (size_t k = 0; k < rt->n_fields && k < 64; k++) {
		if (!header_needs(rt, &rt->fields[k]) || seen[k])
			continue;
		if (lacking)
			cscs_buf_addf(lacking, "%s'%s' (%s)", pr.n_missing ? ", " : "", rt->fields[k].name,
				      rt->fields[k].zh);
		pr.n_missing++;
	}
	return pr;
}

/* Whether s[0..n) holds the UTF-8 bytes of one of the n_words characters (each 2 or 3 bytes). */
static bool has_char(const char *s, size_t n, const char *const *chars, size_t n_chars)
{
	for (size_t i = 0; i + 1 < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0xC2)
			continue;
		for (size_t k = 0; k < n_chars; k++) {
			if ((unsigned char)chars[k][0] != c || chars[k][1] != s[i + 1])
				continue;
			size_t m = strlen(chars[k]);
			if (i + m <= n && memcmp(s + i, chars[k], m) == 0)
				return true;
		}
	}
	return false;
}

/*
 * Whether a cell may fold (cscs_header_fold) to a money unit: every unit
 * money_unit_exp knows is written with an ASCII letter or digit (full
 * width folds to them) or one of 元 万 千 亿 币 ¥ ￥. Most cells of a
 * ledger hold none and skip the folding (a cost per row of every file).
 */
static bool may_name_unit(const char *s, size_t n)
{
	static const char *const chars[] = {"元", "万", "千", "亿", "币", "¥", "￥", "\xEF\xBC", "\xEF\xBD"};
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'))
			return true;
	}
	return has_char(s, n, chars, sizeof(chars) / sizeof(chars[0]));
}

/*
 * The unit of money a cell declares ("单位：万元", "（单位：元）"; with
 * need_word false also a bare "万元" or "(万元)"), as a power of ten, or -1.
 */
static int cell_unit(const char *text, size_t len, bool need_word)
{
	char folded[CSCS_HEADER_FOLD_LEN], unit[CSCS_HEADER_FOLD_LEN];
	const char *t;
	size_t n = cscs_value_trim(text, len, &t);
	if (n == 0 || !may_name_unit(t, n) || !cscs_header_fold(t, n, folded, unit) || (folded[0] && unit[0]))
		return -1;
	const char *u = folded[0] ? folded : unit;
	if (need_word && strncmp(u, "单位", strlen("单位")) != 0 && strncmp(u, "金额单位", strlen("金额单位")) != 0 &&
	    strncmp(u, "unit", 4) != 0)
		return -1;
	return cscs_money_unit_exp(u);
}

/* The first cell of r that is not blank, or SIZE_MAX. */
static size_t first_filled(const struct row *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const char *t;
		if (cscs_value_trim(r->text[i], r->len[i], &t) > 0)
			return i;
	}
	return SIZE_MAX;
}

enum row_kind {
	ROW_DATA,  /* a record */
	ROW_TOTAL, /* 合计, 小计, Total ... */
	ROW_NOTE,  /* 备注：..., 注：..., 制表人：... */
	ROW_UNIT,  /* 单位：万元, or units under the columns */
	ROW_HEADER, /* a second header row under the first (English under Chinese, field codes) */
	ROW_SUBHEADER, /* the lower line of a two-level header: 履行情况 over 履行期限 | 履行日期 */
};

/*
 * Whether tail is what a totals cell may add to its word: a count of the
 * rows, with or without its unit ("4", "4条", "4条记录", "4rows"; the
 * colon and blanks are folded away), as list exports end ("合计：4条").
 */
static bool count_tail(const char *tail)
{
	static const char *const units[] = {"", "条", "项", "户", "家", "个", "笔", "人", "条记录", "项记录",
					    "条数据", "rows", "records", "entries", "items"};
	size_t d = strspn(tail, "0123456789");
	if (d == 0)
		return false;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(tail + d, units[i]) == 0)
			return true;
	return false;
}

/* Whether folded is word, alone or followed by a count (count_tail()). */
static bool total_is(const char *folded, const char *word)
{
	size_t n = strlen(word);
	return strncmp(folded, word, n) == 0 && (folded[n] == '\0' || count_tail(folded + n));
}

/*
 * 1 when the cell says "total" in Chinese (合计 is never a name), 2 when
 * in English (Total may be a partner's name: the rest of the row must then
 * be numbers), 0 when not.
 */
static int total_word(const char *text, size_t len)
{
	static const char *const words[] = {"合计", "小计", "总计", "共计", "累计", "总合计", "本页合计", "本月合计",
					    "本年合计", "本年累计"};
	static const char *const en_words[] = {"total", "totals", "subtotal", "grandtotal", "sum"};
	/*
	 * every word above holds 计, or t or s (full width folds to them), and
	 * 共 begins "共4条": a cell with none of them skips the folding
	 */
	static const char *const chars[] = {"计", "共", "\xEF\xBC", "\xEF\xBD"};
	char folded[CSCS_HEADER_FOLD_LEN];
	const char *t;
	size_t n = cscs_value_trim(text, len, &t);
	if (n == 0 || n > 40)
		return 0;
	if (!memchr(t, 't', n) && !memchr(t, 'T', n) && !memchr(t, 's', n) && !memchr(t, 'S', n) &&
	    !has_char(t, n, chars, sizeof(chars) / sizeof(chars[0])))
		return 0;
	if (!cscs_header_fold(t, n, folded, NULL))
		return 0;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (total_is(folded, words[i]))
			return 1;
	/* "共4条": only with its count, 共 alone being no totals word */
	if (strncmp(folded, "共", strlen("共")) == 0 && count_tail(folded + strlen("共")))
		return 1;
	for (size_t i = 0; i < sizeof(en_words) / sizeof(en_words[0]); i++)
		if (total_is(folded, en_words[i]))
			return 2;
	return 0;
}

/* Whether every filled cell of r but cell skip is a number or an amount. */
static bool rest_numeric(const struct row *r, size_t skip)
{
	for (size_t i = 0; i < r->n; i++) {
		const char *t;
		size_t n = cscs_value_trim(r->text[i], r->len[i], &t);
		if (i == skip || n == 0 || (r->kind && r->kind[i] == CSCS_CELL_NUMBER))
			continue;
		char buf[64];
		cscs_fen fen;
		if (n >= sizeof(buf))
			return false;
		memcpy(buf, t, n);
		buf[n] = '\0';
		if (cscs_money_parse(buf, &fen) != CSCS_MONEY_OK)
			return false;
	}
	return true;
}

static bool is_note(const char *text, size_t len)
{
	static const char *const words[] = {"备注", "注", "说明", "填表说明", "填报说明", "制表人", "制表", "审核人",
					    "审核", "复核", "编制人", "填报人", "负责人", "note", "notes", "remark",
					    "remarks"};
	const char *t;
	size_t n = cscs_value_trim(text, len, &t);
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t w = strlen(words[i]);
		if (n < w || strncasecmp(t, words[i], w) != 0)
			continue;
		const char *rest = t + w;
		size_t left = n - w;
		if (left == 0 || rest[0] == ':' || (left >= 3 && memcmp(rest, "：", 3) == 0))
			return true;
	}
	return false;
}

/*
 * A second header row (English names under Chinese ones, field codes):
 * every filled cell under a column names that same column, and there is
 * one. A value that happens to be a header word elsewhere is no header.
 */
static bool second_header(const struct importer *imp, const struct source *s, const struct header *h,
			  const struct row *r)
{
	size_t n_named = 0;
	for (size_t i = 0; i < r->n && i < h->n; i++) {
		const char *t;
		if (!h->field[i] || cscs_value_trim(r->text[i], r->len[i], &t) == 0)
			continue;
		if (cscs_header_find(synonyms(imp), mapping(imp), s->rt, r->text[i], r->len[i], NULL) != h->field[i])
			return false;
		n_named++;
	}
	return n_named > 0;
}

static bool header_has(const struct header *h, const struct cscs_field *f)
{
	for (size_t i = 0; i < h->n; i++)
		if (h->field[i] == f)
			return true;
	return false;
}

/*
 * The lower line of a two-level header: under a merged heading (empty or
 * naming no column) it names columns the header does not have yet, and
 * under the columns the header named it is empty or names them again.
 */
static bool sub_header(const struct importer *imp, const struct source *s, const struct header *h,
		       const struct row *r)
{
	size_t n_new = 0;
	for (size_t i = 0; i < r->n; i++) {
		const char *t;
		if (cscs_value_trim(r->text[i], r->len[i], &t) == 0)
			continue;
		const struct cscs_field *f = cscs_header_find(synonyms(imp), mapping(imp), s->rt, r->text[i], r->len[i],
							      NULL);
		if (i < h->n && h->field[i]) {
			if (f != h->field[i])
				return false;
		} else if (!f || header_has(h, f)) {
			return false;
		} else {
			n_new++;
		}
	}
	return n_new > 0;
}

/* Add the columns a two-level header's lower line names to h. */
static enum cscs_error extend_header(const struct importer *imp, const struct source *s, struct header *h,
				     const struct row *r)
{
	size_t n = r->n > h->n ? r->n : h->n;
	const struct cscs_field **field = realloc(h->field, n * sizeof(*field));
	if (field)
		h->field = field;
	bool *warned = field ? realloc(h->warned, n * sizeof(*warned)) : NULL;
	if (warned)
		h->warned = warned;
	int *exp = warned ? realloc(h->exp, n * sizeof(*exp)) : NULL;
	if (exp)
		h->exp = exp;
	bool *own = exp ? realloc(h->own_unit, n * sizeof(*own)) : NULL;
	if (own)
		h->own_unit = own;
	bool *row_no = own ? realloc(h->row_no, n * sizeof(*row_no)) : NULL;
	if (!row_no)
		return CSCS_ERR_NOMEM;
	h->row_no = row_no;
	for (size_t i = h->n; i < n; i++) {
		h->field[i] = NULL;
		h->warned[i] = false;
		h->exp[i] = 0;
		h->own_unit[i] = false;
		h->row_no[i] = false;
	}
	h->n = n;
	for (size_t i = 0; i < r->n; i++) {
		char unit[CSCS_HEADER_FOLD_LEN];
		const char *t;
		if (h->field[i] || cscs_value_trim(r->text[i], r->len[i], &t) == 0)
			continue;
		const struct cscs_field *f = cscs_header_find(synonyms(imp), mapping(imp), s->rt, r->text[i], r->len[i],
							      unit);
		h->field[i] = f;
		h->warned[i] = false;
		h->row_no[i] = false;
		h->n_mapped++;
		if (f->type == CSCS_FT_MONEY && unit[0] && cscs_money_unit_exp(unit) >= 0) {
			h->exp[i] = cscs_money_unit_exp(unit);
			h->own_unit[i] = true;
		} else if (f->type == CSCS_FT_MONEY) {
			h->exp[i] = h->sheet_exp;
		}
	}
	return CSCS_OK;
}

/* The memo of column i for text (NULL: not kept), emptied when text is another value. */
static struct cell_memo *memo_for(struct header *h, size_t i, const char *text, size_t len)
{
	if (i >= sizeof(h->memo) / sizeof(h->memo[0]) || len > sizeof(h->memo[0].text))
		return NULL;
	struct cell_memo *m = &h->memo[i];
	if (m->len != len || memcmp(m->text, text, len) != 0) {
		memcpy(m->text, text, len);
		m->len = (unsigned char)len;
		m->has_total = m->has_unit = m->has_note = false;
	}
	return m;
}

static int memo_total_word(struct header *h, size_t i, const char *text, size_t len)
{
	struct cell_memo *m = memo_for(h, i, text, len);
	if (!m)
		return total_word(text, len);
	if (!m->has_total) {
		m->total = (signed char)total_word(text, len);
		m->has_total = true;
	}
	return m->total;
}

static int memo_cell_unit(struct header *h, size_t i, const char *text, size_t len)
{
	struct cell_memo *m = memo_for(h, i, text, len);
	if (!m)
		return cell_unit(text, len, false);
	if (!m->has_unit) {
		m->unit = (signed char)cell_unit(text, len, false);
		m->has_unit = true;
	}
	return m->unit;
}

static bool memo_is_note(struct header *h, size_t i, const char *text, size_t len)
{
	struct cell_memo *m = memo_for(h, i, text, len);
	if (!m)
		return is_note(text, len);
	if (!m->has_note) {
		m->note = is_note(text, len);
		m->has_note = true;
	}
	return m->note;
}

static enum row_kind classify_row(const struct importer *imp, const struct source *s, struct header *h,
				  const struct row *r, bool before_data)
{
	for (size_t i = 0; i < r->n; i++) {
		bool key = i < 4 || (i < h->n && h->field[i] && h->field[i]->required && h->field[i]->type == CSCS_FT_TEXT);
		int w = key ? memo_total_word(h, i, r->text[i], r->len[i]) : 0;
		if (w == 1 || (w == 2 && rest_numeric(r, i)))
			return ROW_TOTAL;
	}
	if (before_data && second_header(imp, s, h, r))
		return ROW_HEADER;
	if (before_data && sub_header(imp, s, h, r))
		return ROW_SUBHEADER;
	size_t first = first_filled(r);
	if (first == SIZE_MAX)
		return ROW_DATA;
	if (memo_is_note(h, first, r->text[first], r->len[first]))
		return ROW_NOTE;
	for (size_t i = first; i < r->n; i++) {
		const char *t;
		if (cscs_value_trim(r->text[i], r->len[i], &t) > 0 && memo_cell_unit(h, i, r->text[i], r->len[i]) < 0)
			return ROW_DATA;
	}
	return ROW_UNIT;
}

/* A unit row: each unit under a money column is that column's; "单位：X" elsewhere is every other money column's. */
static void apply_unit_row(struct header *h, const struct row *r)
{
	int general = -1;
	bool *set = calloc(h->n ? h->n : 1, sizeof(*set));
	for (size_t i = 0; i < r->n; i++) {
		int e = cell_unit(r->text[i], r->len[i], false);
		if (e < 0)
			continue;
		if (i < h->n && h->field[i] && h->field[i]->type == CSCS_FT_MONEY) {
			if (!h->own_unit[i])
				h->exp[i] = e;
			if (set)
				set[i] = true;
		} else if (cell_unit(r->text[i], r->len[i], true) >= 0) {
			general = e;
		}
	}
	for (size_t i = 0; i < h->n && general >= 0; i++)
		if (h->field[i] && h->field[i]->type == CSCS_FT_MONEY && !h->own_unit[i] && !(set && set[i]))
			h->exp[i] = general;
	free(set);
}

static enum cscs_error skip_row(struct importer *imp, const struct source *s, struct header *h,
				const struct row *r, int64_t file_id, enum row_kind kind)
{
	char reason[512];
	size_t first = first_filled(r);
	const char *t = "";
	size_t n = first == SIZE_MAX ? 0 : cscs_value_trim(r->text[first], r->len[first], &t);
	n = shown_len(t, n > 60 ? 60 : n);
	switch (kind) {
	case ROW_TOTAL:
		snprintf(reason, sizeof(reason), "a totals row ('%.*s'); not imported as a record", (int)n, t);
		break;
	case ROW_UNIT:
		apply_unit_row(h, r);
		snprintf(reason, sizeof(reason), "a unit row ('%.*s'); amounts below it are read in that unit", (int)n, t);
		break;
	case ROW_HEADER:
		snprintf(reason, sizeof(reason), "a second header row ('%.*s'); not imported as a record", (int)n, t);
		break;
	case ROW_SUBHEADER:
		snprintf(reason, sizeof(reason), "the header's second line ('%.*s'): its columns are read too", (int)n, t);
		break;
	case ROW_NOTE:
	case ROW_DATA:
		snprintf(reason, sizeof(reason), "a note row ('%.*s'); not imported as a record", (int)n, t);
		break;
	}
	cscs_diag_warning(imp->dl, s->rel, r->line, 0, "%s", reason);
	return add_issue(imp, file_id, r->line, 0, NULL, NULL, 0, "warning", reason);
}

/* A unit declared in a title row above the header ("单位：万元") holds for every money column. */
static void note_title_unit(struct header *h, const struct row *r)
{
	for (size_t i = 0; i < r->n; i++) {
		int e = cell_unit(r->text[i], r->len[i], true);
		if (e >= 0)
			h->sheet_exp = e;
	}
}

/*
 * Insert the source_files row of s (counts and encoding come once the file
 * is read; so do a CSV file's size and SHA-256, taken from the bytes the
 * reader reads, not from a second pass over the file).
 */
static enum cscs_error record_file(struct importer *imp, const struct source *s, int64_t *file_id)
{
	/* The sheets of one workbook share its hash: compute it once. */
	if (!s->book) {
		/* imp->sha will hold this file's: a workbook met again is hashed again */
		free(imp->hashed_path);
		imp->hashed_path = NULL;
		imp->size = 0;
		imp->sha[0] = '\0';
	} else if (!imp->hashed_path || strcmp(imp->hashed_path, s->path) != 0) {
		free(imp->hashed_path);
		imp->hashed_path = NULL;
		enum cscs_error err = cscs_fs_sha256_file(s->path, imp->sha, &imp->size, imp->dl);
		if (err)
			return err;
		if (!(imp->hashed_path = strdup(s->path)))
			return CSCS_ERR_NOMEM;
	}
	enum cscs_error err = cscs_writeq_flush(imp->wq, imp->dl); /* this write is made here, not queued */
	if (err)
		return err;
	sqlite3_stmt *st = imp->ins_file;
	sqlite3_bind_int64(st, 1, imp->sum->import_id);
	sqlite3_bind_text(st, 2, s->rel, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s->rt->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)imp->size);
	sqlite3_bind_text(st, 5, imp->sha, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return cscs_store_error(imp->db, rc, "recording a source file", imp->dl);
	*file_id = sqlite3_last_insert_rowid(imp->db);
	return CSCS_OK;
}

/*
 * A source whose header cannot be found: said (what was looked for, the
 * nearest row), recorded as unreadable, and the rest of the file read
 * only to hash it. Its record type then counts as not read.
 */
static enum cscs_error unreadable(struct importer *imp, const struct source *s, struct reader *rd, int64_t file_id,
				  unsigned long nearest_line, const char *lacking)
{
	const struct cscs_record_type *rt = s->rt;
	struct cscs_buf msg = CSCS_BUF_INIT;
	cscs_buf_addf(&msg, "no header row found for %s in the first %d rows that are not blank (looked for ", rt->name,
		      CSCS_IMPORT_HEADER_ROWS);
	bool first = true;
	for (size_t k = 0; k < rt->n_fields; k++) {
		if (!header_needs(rt, &rt->fields[k]))
			continue;
		cscs_buf_addf(&msg, "%s'%s' (%s)", first ? "" : ", ", rt->fields[k].name, rt->fields[k].zh);
		first = false;
	}
	if (lacking)
		cscs_buf_addf(&msg, "); the nearest is line %lu, where required column%s %s %s missing", nearest_line,
			      strchr(lacking, ',') ? "s" : "", lacking, strchr(lacking, ',') ? "are" : "is");
	else
		cscs_buf_adds(&msg, "); no row names any of its columns");
	if (!imp->header_required)
		cscs_buf_addf(&msg, "; the file is not read and %s counts as unreadable", rt->name);
	if (msg.oom) {
		cscs_buf_finish(&msg);
		return CSCS_ERR_NOMEM;
	}
	if (imp->header_required) {
		cscs_diag_error(imp->dl, s->rel, lacking ? nearest_line : 0, 0, "%s", cscs_buf_str(&msg));
		cscs_buf_finish(&msg);
		return CSCS_ERR_INPUT;
	}
	cscs_diag_warning(imp->dl, s->rel, lacking ? nearest_line : 0, 0, "%s", cscs_buf_str(&msg));
	enum cscs_error err = add_issue(imp, file_id, lacking ? nearest_line : 0, 0, NULL, NULL, 0, "unreadable",
					cscs_buf_str(&msg));
	cscs_buf_finish(&msg);
	if (err)
		return err;
	cscs_writeq_begin(imp->wq, imp->set_unreadable, "recording a source file");
	cscs_writeq_int(imp->wq, file_id);
	if ((err = cscs_writeq_end(imp->wq, imp->dl)))
		return err;
	/* A CSV file is read to its end: its hash is taken from the bytes read. */
	bool got = true;
	struct row r;
	while (rd->csv && got)
		if ((err = reader_next(rd, &r, &got, imp->dl)))
			return err;
	return CSCS_OK;
}

/*
 * Copy name into out (cap bytes) without what file names add to a list's
 * title: digits and date words (2026-11, 20261101, 2026年11月, 第3批),
 * "export", "导出", "下载", "copy", "副本", "最新", ... With bare, also without a
 * trailing "名单", "名录", "清单" or "list".
 */
static void list_title(const char *name, bool bare, char *out, size_t cap)
{
	static const char *const noise[] = {"exports", "export", "download", "latest", "copy", "data", "导出", "下载",
					    "副本", "最新", "数据", "全量", "更新", "截至", "截止", "公布", "公告", "年", "月", "日",
					    "第", "批", "期", NULL};
	static const char *const tails[] = {"名单", "名录", "清单", "lists", "list", NULL};
	size_t o = 0;
	for (const char *p = name; *p && o + 1 < cap; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= '0' && c <= '9')
			continue;
		if (c == 0xEF && (unsigned char)p[1] == 0xBC && (unsigned char)p[2] >= 0x90 &&
		    (unsigned char)p[2] <= 0x99) {
			p += 2; /* a full-width digit */
			continue;
		}
		out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	out[o] = '\0';
	for (size_t i = 0; noise[i]; i++) {
		char *at;
		size_t n = strlen(noise[i]);
		while ((at = strstr(out, noise[i])))
			memmove(at, at + n, strlen(at + n) + 1);
	}
	if (!bare)
		return;
	/* the trailing title word, behind any separators left after the dates went */
	size_t len = strlen(out);
	while (len > 0 && strchr(" -_.()（）", out[len - 1]))
		out[--len] = '\0';
	for (size_t i = 0; tails[i]; i++) {
		size_t n = strlen(tails[i]);
		if (len > n && strcmp(out + len - n, tails[i]) == 0) {
			out[len - n] = '\0';
			break;
		}
	}
}

/* The canonical list that name (a file stem or a sheet name) gives, or NULL. */
static const char *list_named(const struct cscs_vocab *voc, const struct cscs_vocab_list *l, const char *name)
{
	char title[512];
	const char *v = cscs_vocab_match(voc, l, name, strlen(name));
	for (int bare = 0; !v && bare < 2; bare++) {
		list_title(name, bare, title, sizeof(title));
		v = cscs_vocab_match(voc, l, title, strlen(title));
	}
	return v;
}

/*
 * A list export without a list column takes its list from its name: the
 * sheet's (of a workbook), else the file's. A name that is no known list
 * keeps the entries as list 'other', screened like any other list; the
 * name is kept in data_issues either way.
 */
static enum cscs_error list_from_name(struct importer *imp, const struct source *s, int64_t file_id,
				      struct header *h)
{
	for (size_t i = 0; i < h->n; i++)
		if (h->field[i] && strcmp(h->field[i]->name, "list") == 0)
			return CSCS_OK;
	const struct cscs_vocab *voc = imp->opts ? imp->opts->vocab : NULL;
	const struct cscs_vocab_list *l = cscs_vocab_find(voc, "list");
	const char *base = strrchr(s->path, '/');
	base = base ? base + 1 : s->path;
	char stem[512];
	snprintf(stem, sizeof(stem), "%s", base);
	char *dot = strrchr(stem, '.');
	if (dot && dot != stem)
		*dot = '\0';
	const char *sheet = s->book ? cscs_xlsx_sheet_name(s->book, s->sheet) : NULL;
	const char *named = sheet ? list_named(voc, l, sheet) : NULL;
	const char *from = sheet;
	if (!named) {
		named = list_named(voc, l, stem);
		from = stem;
	}
	char reason[1024];
	if (named && strcmp(named, "other") != 0) {
		h->file_list = named;
		const struct cscs_vocab_value *v = cscs_vocab_value_of(l, named);
		snprintf(reason, sizeof(reason),
			 "no 'list' column: the entries are read as list '%s' (%s), from the %s name '%s'", named,
			 v ? v->label : named, from == sheet ? "sheet" : "file", from);
	} else {
		h->file_list = "other";
		snprintf(reason, sizeof(reason),
			 "no 'list' column, and the file name '%s' names no known list: the entries are kept as list"
			 " 'other' and screened like any other list (name the list in a 'list' column, or add the name"
			 " to a vocabulary file given with --vocab)", stem);
		from = stem;
	}
	cscs_diag_warning(imp->dl, s->rel, h->line, 0, "%s", reason);
	return add_issue(imp, file_id, h->line, 0, "list", from, strlen(from), "warning", reason);
}

/* Read one source into its table. */
/* The id the first record of a source gets: the table's rows so far are the import's own. */
static enum cscs_error first_id(struct importer *imp, const struct cscs_record_type *rt, int64_t *id)
{
	char sql[128];
	sqlite3_stmt *st;
	snprintf(sql, sizeof(sql), "SELECT coalesce(max(id), 0) + 1 FROM %s", rt->name);
	enum cscs_error err = cscs_writeq_flush(imp->wq, imp->dl);
	if (err || (err = cscs_store_prepare(imp->db, sql, &st, imp->dl)))
		return err;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else
		err = cscs_store_error(imp->db, rc, "reading a record table", imp->dl);
	sqlite3_finalize(st);
	return err;
}

static enum cscs_error import_source(struct importer *imp, const struct source *s)
{
	struct reader rd = {0};
	struct header h = {0};
	struct cell_state *cells = NULL;
	sqlite3_stmt *ins = NULL;
	struct file_counts fc = {0};
	int64_t file_id = 0;
	enum cscs_error err;
	bool got;
	struct row r;
	struct cscs_buf lacking = CSCS_BUF_INIT;

	if (s->book) {
		rd.book = s->book;
		err = cscs_xlsx_sheet_begin(s->book, s->sheet, imp->dl);
	} else {
		err = cscs_csv_open(&rd.csv, s->path, s->rel, imp->opts ? imp->opts->encoding : NULL, imp->dl);
	}
	if (err)
		goto out;
	/*
	 * The header: the first row that names every required column, among
	 * the first rows that are not blank (title rows above it are skipped).
	 */
	size_t n_seen = 0, nearest_named = 0;
	unsigned long nearest_line = 0;
	bool found = false;
	for (;;) {
		if ((err = reader_next(&rd, &r, &got, imp->dl)))
			goto out;
		if (!got)
			break;
		if (row_blank(&r))
			continue;
		n_seen++;
		struct cscs_buf miss = CSCS_BUF_INIT;
		struct header_probe pr = probe_header(synonyms(imp), mapping(imp), s->rt, &r, &miss);
		if (pr.n_missing == 0) {
			cscs_buf_finish(&miss);
			found = true;
			break;
		}
		if (pr.n_named > nearest_named) {
			nearest_named = pr.n_named;
			nearest_line = r.line;
			cscs_buf_finish(&lacking);
			lacking = miss;
		} else {
			cscs_buf_finish(&miss);
		}
		note_title_unit(&h, &r);
		if (n_seen >= CSCS_IMPORT_HEADER_ROWS)
			break;
	}
	if ((err = record_file(imp, s, &file_id)))
		goto out;
	imp->sum->n_files++;
	if (!found && n_seen > 0) {
		err = unreadable(imp, s, &rd, file_id, nearest_line, nearest_named ? cscs_buf_str(&lacking) : NULL);
		if (err)
			goto out;
		goto counts;
	}
	if (!got) {
		if (s->rt->single_row) {
			cscs_diag_error(imp->dl, s->rel, 0, 0, "%s has no rows; it must have exactly one", s->rt->name);
			err = CSCS_ERR_INPUT;
			goto out;
		}
		cscs_diag_warning(imp->dl, s->rel, 0, 0, "the file is empty (not even a header row)");
		goto counts;
	}
	if ((err = read_header(imp, s, &r, file_id, &h)))
		goto out;
	if (s->rt->is_list_export && (err = list_from_name(imp, s, file_id, &h)))
		goto out;
	if ((err = prepare_insert(imp, s, &h, &ins)) || (err = first_id(imp, s->rt, &imp->next_id)))
		goto out;
	cells = calloc(h.n ? h.n : 1, sizeof(*cells));
	if (!cells) {
		err = CSCS_ERR_NOMEM;
		goto out;
	}
	/* A large file is parsed on a second thread while this one types and stores its rows. */
	struct stat sb;
	if (rd.csv && stat(s->path, &sb) == 0 && sb.st_size >= READ_AHEAD_MIN &&
	    (err = cscs_csv_read_ahead(rd.csv)))
		goto out;
	for (;;) {
		if ((err = reader_next(&rd, &r, &got, imp->dl)))
			goto out;
		if (!got)
			break;
		if (row_blank(&r))
			continue;
		enum row_kind kind = classify_row(imp, s, &h, &r, fc.n_rows + fc.n_rejected == 0);
		if (kind == ROW_SUBHEADER) {
			/* the statement and the cells follow the header's new columns */
			if ((err = cscs_writeq_flush(imp->wq, imp->dl)))
				goto out;
			sqlite3_finalize(ins);
			ins = NULL;
			free(cells);
			cells = NULL;
			if ((err = extend_header(imp, s, &h, &r)) || (err = prepare_insert(imp, s, &h, &ins)))
				goto out;
			if (!(cells = calloc(h.n ? h.n : 1, sizeof(*cells)))) {
				err = CSCS_ERR_NOMEM;
				goto out;
			}
		}
		if (kind != ROW_DATA) {
			if ((err = skip_row(imp, s, &h, &r, file_id, kind)))
				goto out;
			continue;
		}
		if (++imp->n_read % 4096 == 0)
			cscs_progress_tick(imp->opts ? imp->opts->progress : NULL, imp->n_read, 0);
		if ((err = import_row(imp, s, &h, &r, ins, file_id, cells, &fc)))
			goto out;
	}
	if (s->rt->single_row && !fc.first_row) {
		cscs_diag_error(imp->dl, s->rel, h.line, 0, "%s has no rows; it must have exactly one", s->rt->name);
		err = CSCS_ERR_INPUT;
		goto out;
	}
counts:;
	struct cscs_writeq *q = imp->wq;
	cscs_writeq_begin(q, imp->upd_file, "recording a source file");
	cscs_writeq_int(q, (int64_t)fc.n_rows);
	cscs_writeq_int(q, (int64_t)fc.n_rejected);
	if (rd.csv) {
		const char *enc = cscs_csv_encoding(rd.csv);
		cscs_writeq_text(q, enc, strlen(enc));
		if (!cscs_csv_digest(rd.csv, imp->sha, &imp->size)) {
			cscs_diag_error(imp->dl, s->rel, 0, 0, "internal error: the file was not read to its end");
			err = CSCS_ERR_INTERNAL;
			goto out;
		}
	} else {
		cscs_writeq_null(q);
	}
	cscs_writeq_int(q, (int64_t)imp->size);
	cscs_writeq_text(q, imp->sha, strlen(imp->sha));
	cscs_writeq_int(q, (int64_t)fc.n_unknown);
	cscs_writeq_int(q, file_id);
	if ((err = cscs_writeq_end(q, imp->dl)) || (err = cscs_writeq_flush(q, imp->dl)))
		goto out;
	if (s->rt->is_list_export)
		imp->sum->n_list_rows += fc.n_rows;
	else
		imp->sum->n_rows += fc.n_rows;
	imp->sum->n_rejected += fc.n_rejected;
	imp->sum->n_flagged += fc.n_flagged;
	imp->sum->n_unknown += fc.n_unknown;
out:
	/* nothing queued may name ins once it is finalized: on an error the import is rolled back anyway */
	cscs_writeq_flush(imp->wq, imp->dl);
	sqlite3_finalize(ins);
	free(cells);
	header_finish(&h);
	cscs_buf_finish(&lacking);
	cscs_csv_close(rd.csv);
	return err;
}

/* ---- the pack: which files hold which records ---- */

static void plan_finish(struct plan *p)
{
	for (size_t i = 0; i < p->n_src; i++) {
		free(p->src[i].path);
		free(p->src[i].rel);
	}
	free(p->src);
	for (size_t i = 0; i < p->n_books; i++) {
		cscs_xlsx_close(p->books[i].x);
		free(p->books[i].path);
		free(p->books[i].rel);
	}
	free(p->books);
	*p = (struct plan){0};
}

static char *join(const char *a, const char *b)
{
	struct cscs_buf buf = CSCS_BUF_INIT;
	if (a && *a) {
		cscs_buf_adds(&buf, a);
		if (a[strlen(a) - 1] != '/')
			cscs_buf_addc(&buf, '/');
	}
	cscs_buf_adds(&buf, b);
	return cscs_buf_detach(&buf);
}

/* The record type whose English or Chinese name is stem (ASCII case ignored). */
static const struct cscs_record_type *type_named(const char *stem)
{
	size_t n;
	const struct cscs_record_type *types = cscs_record_types(&n);
	for (size_t i = 0; i < n; i++)
		if (cscs_text_ieq(types[i].name, stem) || strcmp(types[i].zh, stem) == 0)
			return &types[i];
	return NULL;
}

/*
 * The record type a file or sheet name means as people name them: the
 * mapping file's word first, then the type's name folded ("Court Cases",
 * "court-cases"), with a ledger word after it ("行政处罚台账", "许可证照清单").
 */
static const struct cscs_record_type *type_named_loose(const struct cscs_import_opts *opts, const char *name,
							const char *stem)
{
	const struct cscs_record_type *rt = opts ? cscs_mapping_file_type(opts->mapping, name) : NULL;
	if (rt || (rt = type_named(stem)))
		return rt;
	static const char *const tails[] = {"台账", "记录", "明细", "清单", "一览表", "登记表", "汇总表", "表", "ledger",
					    "list", "register", "records"};
	char folded[CSCS_HEADER_FOLD_LEN], f[CSCS_HEADER_FOLD_LEN];
	if (!cscs_header_fold(stem, strlen(stem), folded, NULL))
		return NULL;
	size_t n;
	const struct cscs_record_type *types = cscs_record_types(&n);
	for (size_t k = 0; k <= sizeof(tails) / sizeof(tails[0]); k++) {
		size_t len = strlen(folded);
		if (k > 0) {
			size_t t = strlen(tails[k - 1]);
			if (len <= t || strcmp(folded + len - t, tails[k - 1]) != 0)
				continue;
			len -= t;
		}
		for (size_t i = 0; i < n; i++) {
			if ((cscs_header_fold(types[i].name, strlen(types[i].name), f, NULL) && strlen(f) == len &&
			     strncmp(f, folded, len) == 0) ||
			    (strlen(types[i].zh) == len && strncmp(types[i].zh, folded, len) == 0))
				return &types[i];
		}
	}
	return NULL;
}

/*
 * The record type whose header is among the first rows of rd: the type
 * all of whose required columns one row names, naming the most columns
 * (NULL when none does, or two tie). Read errors only mean "no type".
 */
static const struct cscs_record_type *type_by_header(struct reader *rd, const struct cscs_import_opts *opts)
{
	struct cscs_diag_list scratch;
	cscs_diag_list_init(&scratch);
	size_t n_types, n_seen = 0;
	const struct cscs_record_type *types = cscs_record_types(&n_types), *found = NULL;
	for (;;) {
		struct row r;
		bool got;
		if (reader_next(rd, &r, &got, &scratch) || !got)
			break;
		if (row_blank(&r))
			continue;
		const struct cscs_record_type *best = NULL;
		size_t best_n = 0;
		bool tie = false;
		for (size_t t = 0; t < n_types; t++) {
			if (types[t].is_list_export)
				continue;
			struct header_probe pr = probe_header(opts ? opts->synonyms : NULL, opts ? opts->mapping : NULL,
							      &types[t], &r, NULL);
			if (pr.n_missing > 0 || pr.n_named == 0 || pr.n_named < best_n)
				continue;
			tie = pr.n_named == best_n;
			best = &types[t];
			best_n = pr.n_named;
		}
		if (best) {
			found = tie ? NULL : best;
			break;
		}
		if (++n_seen >= CSCS_IMPORT_HEADER_ROWS)
			break;
	}
	cscs_diag_list_finish(&scratch);
	return found;
}

/* Whether one of the first rows of sheet i of x is a header of rt. */
static bool sheet_has_header(struct cscs_xlsx *x, size_t i, const struct cscs_record_type *rt,
			     const struct cscs_import_opts *opts)
{
	struct cscs_diag_list scratch;
	cscs_diag_list_init(&scratch);
	struct reader rd = {NULL, x};
	bool found = false;
	size_t n_seen = 0;
	if (cscs_xlsx_sheet_begin(x, i, &scratch) == CSCS_OK) {
		for (;;) {
			struct row r;
			bool got;
			if (reader_next(&rd, &r, &got, &scratch) || !got)
				break;
			if (row_blank(&r))
				continue;
			struct header_probe pr = probe_header(opts ? opts->synonyms : NULL, opts ? opts->mapping : NULL,
							      rt, &r, NULL);
			found = pr.n_missing == 0 && pr.n_named > 0;
			if (found || ++n_seen >= CSCS_IMPORT_HEADER_ROWS)
				break;
		}
	}
	cscs_diag_list_finish(&scratch);
	return found;
}

static const struct cscs_record_type *csv_type_by_header(const char *path, const char *rel,
							 const struct cscs_import_opts *opts)
{
	struct cscs_diag_list scratch;
	cscs_diag_list_init(&scratch);
	struct reader rd = {0};
	const struct cscs_record_type *rt = NULL;
	if (cscs_csv_open(&rd.csv, path, rel, opts ? opts->encoding : NULL, &scratch) == CSCS_OK)
		rt = type_by_header(&rd, opts);
	cscs_csv_close(rd.csv);
	cscs_diag_list_finish(&scratch);
	return rt;
}

/*
 * Whether a file or sheet holds no records: at most one row that is not
 * blank (a header, as a template writes it). Read errors say "not blank":
 * the import then reports them.
 */
static bool source_blank(const char *path, const char *rel, struct cscs_xlsx *book, size_t sheet)
{
	struct cscs_diag_list scratch;
	cscs_diag_list_init(&scratch);
	struct reader rd = {0};
	size_t n_filled = 0;
	bool readable = book ? cscs_xlsx_sheet_begin(book, sheet, &scratch) == CSCS_OK
			     : cscs_csv_open(&rd.csv, path, rel, NULL, &scratch) == CSCS_OK;
	rd.book = book;
	while (readable && n_filled < 2) {
		struct row r;
		bool got;
		if (reader_next(&rd, &r, &got, &scratch) != CSCS_OK) {
			readable = false;
			break;
		}
		if (!got)
			break;
		if (!row_blank(&r))
			n_filled++;
	}
	cscs_csv_close(rd.csv);
	cscs_diag_list_finish(&scratch);
	return readable && n_filled < 2;
}

static enum cscs_error add_source(struct plan *p, const struct cscs_record_type *rt, const char *path,
				  const char *rel, struct cscs_xlsx *book, size_t sheet, struct cscs_diag_list *dl)
{
	for (size_t i = 0; i < p->n_src && !rt->is_list_export; i++) {
		if (p->src[i].rt != rt)
			continue;
		/*
		 * A blank template beside a filled one (intake.xlsx beside the CSV files, or the
		 * other way round) holds nothing to import: the filled one is read, with a note.
		 */
		struct source *old = &p->src[i];
		if (source_blank(path, rel, book, sheet)) {
			cscs_diag_add(dl, CSCS_DIAG_NOTE, rel, 0, 0,
				      "holds no %s records (a blank template?); %s is read instead", rt->name, old->rel);
			return CSCS_OK;
		}
		if (source_blank(old->path, old->rel, old->book, old->sheet)) {
			cscs_diag_add(dl, CSCS_DIAG_NOTE, old->rel, 0, 0,
				      "holds no %s records (a blank template?); %s is read instead", rt->name, rel);
			char *new_path = strdup(path), *new_rel = strdup(rel);
			if (!new_path || !new_rel) {
				free(new_path);
				free(new_rel);
				return CSCS_ERR_NOMEM;
			}
			free(old->path);
			free(old->rel);
			*old = (struct source){rt, new_path, new_rel, book, sheet};
			return CSCS_OK;
		}
		cscs_diag_error(dl, rel, 0, 0, "%s records are given twice: in %s and in %s", rt->name, old->rel, rel);
		return CSCS_ERR_INPUT;
	}
	struct source *more = realloc(p->src, (p->n_src + 1) * sizeof(*more));
	if (!more)
		return CSCS_ERR_NOMEM;
	p->src = more;
	struct source *s = &p->src[p->n_src];
	*s = (struct source){rt, strdup(path), strdup(rel), book, sheet};
	if (!s->path || !s->rel) {
		free(s->path);
		free(s->rel);
		return CSCS_ERR_NOMEM;
	}
	p->n_src++;
	if (rt->is_list_export)
		p->has_lists = true;
	return CSCS_OK;
}

static enum cscs_error open_book(struct plan *p, const char *path, const char *rel, struct cscs_xlsx **out,
				 struct cscs_diag_list *dl)
{
	struct book *more = realloc(p->books, (p->n_books + 1) * sizeof(*more));
	if (!more)
		return CSCS_ERR_NOMEM;
	p->books = more;
	struct book *b = &p->books[p->n_books];
	*b = (struct book){NULL, strdup(path), strdup(rel)};
	enum cscs_error err = b->path && b->rel ? cscs_xlsx_open(&b->x, path, rel, dl) : CSCS_ERR_NOMEM;
	if (err) {
		free(b->path);
		free(b->rel);
		return err;
	}
	p->n_books++;
	*out = b->x;
	return CSCS_OK;
}

/* "intake.xlsx[licenses]": how a sheet is named in diagnostics and source_files. */
static char *sheet_rel(const char *rel, const char *sheet)
{
	struct cscs_buf b = CSCS_BUF_INIT;
	cscs_buf_addf(&b, "%s[%s]", rel, sheet);
	return cscs_buf_detach(&b);
}

/*
 * A workbook: each sheet named after a record type (English or Chinese)
 * is a source. When only is given (a file named after a record type),
 * the sheet of that name is used, or else the first sheet.
 */
static enum cscs_error plan_book(struct plan *p, const char *path, const char *rel,
				 const struct cscs_record_type *only, const struct cscs_import_opts *opts,
				 struct cscs_diag_list *dl)
{
	struct cscs_xlsx *x;
	enum cscs_error err = open_book(p, path, rel, &x, dl);
	if (err)
		return err;
	size_t n = cscs_xlsx_sheet_count(x);
	if (only && only->is_list_export && n > 1) {
		/* A list workbook may hold one list per sheet: every sheet with a list export's header is read. */
		size_t n_added = 0;
		for (size_t i = 0; i < n && !err; i++) {
			const char *name = cscs_xlsx_sheet_name(x, i);
			if (name[0] == '_' || !sheet_has_header(x, i, only, opts))
				continue;
			char *srel = sheet_rel(rel, name);
			err = srel ? add_source(p, only, path, srel, x, i, dl) : CSCS_ERR_NOMEM;
			free(srel);
			n_added++;
		}
		if (err || n_added)
			return err;
	}
	if (only) {
		size_t pick = SIZE_MAX;
		for (size_t i = 0; i < n; i++)
			if (type_named(cscs_xlsx_sheet_name(x, i)) == only)
				pick = i;
		/* else the first sheet with its header (a cover or notes sheet may come first), else the first */
		for (size_t i = 0; i < n && pick == SIZE_MAX; i++)
			if (sheet_has_header(x, i, only, opts))
				pick = i;
		if (pick == SIZE_MAX)
			pick = 0;
		if (n == 0) {
			cscs_diag_warning(dl, rel, 0, 0, "the workbook has no sheets");
			return CSCS_OK;
		}
		char *srel = sheet_rel(rel, cscs_xlsx_sheet_name(x, pick));
		err = srel ? add_source(p, only, path, srel, x, pick, dl) : CSCS_ERR_NOMEM;
		free(srel);
		return err;
	}
	for (size_t i = 0; i < n && !err; i++) {
		const char *name = cscs_xlsx_sheet_name(x, i);
		/* Sheets whose names start with '_' hold template helpers (dropdown values); the template's instructions. */
		if (name[0] == '_' || strcmp(name, CSCS_TEMPLATE_INSTRUCTIONS) == 0)
			continue;
		const struct cscs_record_type *rt = type_named_loose(opts, name, name);
		if (!rt && cscs_xlsx_sheet_begin(x, i, dl) == CSCS_OK) {
			struct reader rd = {NULL, x};
			rt = type_by_header(&rd, opts);
		}
		if (rt && rt->is_list_export)
			rt = NULL;
		if (!rt) {
			cscs_diag_warning(dl, rel, 0, 0,
					  "sheet '%s' matches no record type by its name or its header; ignored", name);
			continue;
		}
		char *srel = sheet_rel(rel, name);
		err = srel ? add_source(p, rt, path, srel, x, i, dl) : CSCS_ERR_NOMEM;
		free(srel);
	}
	return err;
}

static bool has_ext(const char *name, const char *ext, char *stem, size_t stem_len)
{
	size_t n = strlen(name), e = strlen(ext);
	if (n <= e || !cscs_text_ieq(name + n - e, ext))
		return false;
	snprintf(stem, stem_len, "%.*s", (int)(n - e), name);
	return true;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of dir, sorted, without . and .. */
static enum cscs_error list_dir(const char *dir, char ***out, size_t *n_out, struct cscs_diag_list *dl)
{
	*out = NULL;
	*n_out = 0;
	DIR *d = opendir(dir);
	if (!d) {
		int e = errno;
		cscs_diag_error(dl, dir, 0, 0, "cannot read the folder: %s", strerror(e));
		return cscs_fs_open_error(e);
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	enum cscs_error err = CSCS_OK;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			char **more = realloc(names, cap * sizeof(*more));
			if (!more) {
				err = CSCS_ERR_NOMEM;
				break;
			}
			names = more;
		}
		if (!(names[n] = strdup(de->d_name))) {
			err = CSCS_ERR_NOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (err) {
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		return err;
	}
	if (n > 1) /* names is NULL for an empty folder, which qsort may not be given */
		qsort(names, n, sizeof(*names), cmp_names);
	*out = names;
	*n_out = n;
	return CSCS_OK;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/*
 * A record file must be a regular file inside the pack: a folder is
 * refused, and so is a symbolic link that leads outside the pack (the
 * pack would no longer say what was audited).
 */
static enum cscs_error check_file(const char *path, const char *rel, const char *root_real, bool *is_file,
				  struct cscs_diag_list *dl)
{
	struct stat lst, st;
	*is_file = false;
	if (lstat(path, &lst) != 0 || stat(path, &st) != 0) {
		cscs_diag_error(dl, rel, 0, 0, "cannot read: %s", strerror(errno));
		return CSCS_ERR_INPUT;
	}
	if (S_ISDIR(st.st_mode)) {
		cscs_diag_error(dl, rel, 0, 0, "is a folder, not a record file");
		return CSCS_ERR_INPUT;
	}
	if (!S_ISREG(st.st_mode)) {
		cscs_diag_error(dl, rel, 0, 0, "is not a regular file");
		return CSCS_ERR_INPUT;
	}
	if (S_ISLNK(lst.st_mode) && root_real) {
		char *target = realpath(path, NULL);
		size_t n = strlen(root_real);
		bool inside = target && strncmp(target, root_real, n) == 0 && target[n] == '/';
		if (!inside) {
			cscs_diag_error(dl, rel, 0, 0,
					"is a symbolic link to '%s', outside the record pack; copy the file into the pack",
					target ? target : "?");
			free(target);
			return CSCS_ERR_INPUT;
		}
		free(target);
	}
	*is_file = true;
	return CSCS_OK;
}

/* The list exports in a folder (.csv and .xlsx files): every file holds list entries. */
static enum cscs_error plan_lists(struct plan *p, const char *dir, const char *rel_dir, const char *root_real,
				  const struct cscs_import_opts *opts, struct cscs_diag_list *dl)
{
	char **names;
	size_t n;
	enum cscs_error err = list_dir(dir, &names, &n, dl);
	if (err)
		return err;
	const struct cscs_record_type *lists = cscs_record_type_find("list_entries");
	p->has_lists = true;
	for (size_t i = 0; i < n && !err; i++) {
		char stem[NAME_MAX + 1];
		const char *name = names[i];
		if (name[0] == '.' || strncmp(name, "~$", 2) == 0)
			continue;
		char *path = join(dir, name), *rel = join(rel_dir, name);
		bool is_file = false;
		if (!path || !rel) {
			err = CSCS_ERR_NOMEM;
		} else if (has_ext(name, ".csv", stem, sizeof(stem))) {
			if (!(err = check_file(path, rel, root_real, &is_file, dl)))
				err = add_source(p, lists, path, rel, NULL, 0, dl);
		} else if (has_ext(name, ".xlsx", stem, sizeof(stem))) {
			if (!(err = check_file(path, rel, root_real, &is_file, dl)))
				err = plan_book(p, path, rel, lists, opts, dl);
		} else {
			cscs_diag_warning(dl, rel, 0, 0, "not a list export (.csv or .xlsx); ignored");
		}
		free(path);
		free(rel);
	}
	free_names(names, n);
	return err;
}

static enum cscs_error plan_folder(struct plan *p, const char *pack, const struct cscs_import_opts *opts,
				   struct cscs_diag_list *dl)
{
	char **names;
	size_t n;
	enum cscs_error err = list_dir(pack, &names, &n, dl);
	if (err)
		return err;
	char *root_real = realpath(pack, NULL);
	for (size_t i = 0; i < n && !err; i++) {
		const char *name = names[i];
		char stem[NAME_MAX + 1];
		if (name[0] == '.' || strncmp(name, "~$", 2) == 0)
			continue; /* hidden files, Excel's lock files */
		char *path = join(pack, name);
		if (!path) {
			err = CSCS_ERR_NOMEM;
			break;
		}
		struct stat st;
		bool is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
		bool is_csv = has_ext(name, ".csv", stem, sizeof(stem));
		bool is_xlsx = !is_csv && has_ext(name, ".xlsx", stem, sizeof(stem));
		const struct cscs_record_type *rt = is_csv || is_xlsx ? type_named_loose(opts, name, stem) : NULL;
		if (!rt && is_csv && !is_dir)
			rt = csv_type_by_header(path, name, opts);
		bool is_file = false;
		if (strcmp(name, "lists") == 0 && is_dir) {
			if (!opts || !opts->lists_dir)
				err = plan_lists(p, path, "lists", root_real, opts, dl);
		} else if (rt && rt->is_list_export) {
			cscs_diag_warning(dl, name, 0, 0, "list exports belong in the lists/ folder; ignored");
		} else if (rt && is_csv) {
			if (!(err = check_file(path, name, root_real, &is_file, dl)))
				err = add_source(p, rt, path, name, NULL, 0, dl);
		} else if (is_xlsx) {
			if (!(err = check_file(path, name, root_real, &is_file, dl)))
				err = plan_book(p, path, name, rt, opts, dl);
		} else if (is_dir && strcmp(name, "evidence") == 0) {
			/* evidence files: hashed and indexed by run_plan (src/trail/evidence.c) */
		} else if (is_dir) {
			cscs_diag_warning(dl, name, 0, 0, "folder is not part of a record pack; ignored");
		} else {
			cscs_diag_warning(dl, name, 0, 0,
					  "matches no record type by its name or its header; ignored (see docs/records.md)");
		}
		free(path);
	}
	free(root_real);
	free_names(names, n);
	return err;
}

static int cmp_sources(const void *a, const void *b)
{
	const struct source *x = a, *y = b;
	if (x->rt != y->rt)
		return x->rt < y->rt ? -1 : 1; /* registry order: the types array is in it */
	return strcmp(x->rel, y->rel);
}

/* ---- running an import ---- */

uint64_t cscs_import_writer_min = READ_AHEAD_MIN;

/* The bytes of the plan's files (a workbook's once per sheet read: it only decides the writer thread). */
static uint64_t plan_bytes(const struct plan *p)
{
	uint64_t n = 0;
	for (size_t i = 0; i < p->n_src; i++) {
		struct stat sb;
		if (stat(p->src[i].path, &sb) == 0 && sb.st_size > 0)
			n += (uint64_t)sb.st_size;
	}
	return n;
}

static enum cscs_error prepare_meta(struct importer *imp)
{
	enum cscs_error err = cscs_store_prepare(imp->db,
		"INSERT INTO source_files(import_id, path, record_type, size, sha256)"
		" VALUES (?, ?, ?, ?, ?)", &imp->ins_file, imp->dl);
	if (!err)
		err = cscs_store_prepare(imp->db,
			"UPDATE source_files SET n_rows = ?, n_rejected = ?, encoding = ?, size = ?, sha256 = ?,"
			" n_unknown = ? WHERE id = ?",
			&imp->upd_file, imp->dl);
	if (!err)
		err = cscs_store_prepare(imp->db, "UPDATE source_files SET state = 'unreadable' WHERE id = ?",
					 &imp->set_unreadable, imp->dl);
	if (!err)
		err = cscs_store_prepare(imp->db,
			"INSERT INTO data_issues(import_id, src_file, line, col, column_name, value, level, reason)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?)", &imp->ins_issue, imp->dl);
	if (!err)
		err = cscs_store_prepare(imp->db,
			"INSERT INTO unknown_values(import_id, record_table, record_id, column_name, src_file, line, col,"
			" raw, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", &imp->ins_unknown, imp->dl);
	return err;
}

static void finish_meta(struct importer *imp)
{
	sqlite3_finalize(imp->ins_file);
	sqlite3_finalize(imp->ins_issue);
	sqlite3_finalize(imp->upd_file);
	sqlite3_finalize(imp->set_unreadable);
	sqlite3_finalize(imp->ins_unknown);
	imp->ins_file = imp->upd_file = imp->ins_issue = imp->set_unreadable = imp->ins_unknown = NULL;
	free(imp->hashed_path);
	imp->hashed_path = NULL;
}

/* Tables other stages derive from the records (screening, migration 4), if this database has them. */
static const char *const derived_tables[] = {"screen_matches", "partner_status"};

static enum cscs_error clear_if_present(sqlite3 *db, const char *table, struct cscs_diag_list *dl)
{
	sqlite3_stmt *st;
	enum cscs_error err = cscs_store_prepare(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
						 &st, dl);
	if (err)
		return err;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	bool present = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!present)
		return CSCS_OK;
	char sql[96];
	snprintf(sql, sizeof(sql), "DELETE FROM %s", table);
	return cscs_store_exec(db, sql, dl);
}

/*
 * The secondary indexes of the tables an import empties are dropped
 * before the rows go in and made again after: SQLite builds an index from
 * sorted keys far faster than it maintains one row by row in key order
 * that is random. All of it happens inside the import's transaction, so a
 * failed import rolls the indexes back with the rows. An index only the
 * checks read (list_entries(uscc) over millions of list entries) is left
 * for the checks to make when they run (cscs_store_make_check_indexes):
 * screening does not read it.
 */
struct saved_indexes {
	char **sql;
	size_t n;
};

static void saved_indexes_free(struct saved_indexes *si)
{
	for (size_t i = 0; i < si->n; i++)
		free(si->sql[i]);
	free(si->sql);
	*si = (struct saved_indexes){0};
}

static enum cscs_error drop_indexes(sqlite3 *db, const char *table, struct saved_indexes *si,
				    struct cscs_diag_list *dl)
{
	sqlite3_stmt *st;
	enum cscs_error err = cscs_store_prepare(db,
		"SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
		" ORDER BY name", &st, dl);
	if (err)
		return err;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	/* Collect first (a schema change under a running SELECT of the schema is asking for trouble). */
	char **drops = NULL;
	size_t n_drops = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char **more_sql = realloc(si->sql, (si->n + 1) * sizeof(*more_sql));
		if (more_sql)
			si->sql = more_sql;
		char **more_drops = realloc(drops, (n_drops + 1) * sizeof(*more_drops));
		if (more_drops)
			drops = more_drops;
		const char *name = (const char *)sqlite3_column_text(st, 0);
		/* one only the checks read is made again when they run (cscs_store_make_check_indexes) */
		bool again = !cscs_store_index_for_checks(name);
		char *create = more_sql && more_drops && again ? strdup((const char *)sqlite3_column_text(st, 1))
							       : NULL;
		char *drop = more_sql && more_drops && (create || !again) ? sqlite3_mprintf("DROP INDEX \"%w\"", name)
									  : NULL;
		if (!drop) {
			free(create);
			err = CSCS_ERR_NOMEM;
			break;
		}
		if (create)
			si->sql[si->n++] = create;
		drops[n_drops++] = drop;
	}
	if (!err && rc != SQLITE_DONE)
		err = cscs_store_error(db, rc, "reading the schema", dl);
	sqlite3_finalize(st);
	for (size_t i = 0; i < n_drops; i++) {
		if (!err)
			err = cscs_store_exec(db, drops[i], dl);
		sqlite3_free(drops[i]);
	}
	free(drops);
	return err;
}

/*
 * The indexes are made with SQLite's sorter on two threads (PRAGMA
 * threads): sorting the keys is most of the work (list_entries(uscc) over
 * 5,000,000 entries: 4.3 s on one thread, 3.1 s on two; reading the table
 * for them, 0.4 s). The index made is the same.
 */
static enum cscs_error create_indexes(sqlite3 *db, struct saved_indexes *si, struct cscs_diag_list *dl)
{
	enum cscs_error err = CSCS_OK;
	int threads = cscs_store_pragma_int(db, "threads", 0);
	sqlite3_exec(db, "PRAGMA threads = 2", NULL, NULL, NULL); /* a hint: without worker threads, one */
	for (size_t i = 0; i < si->n && !err; i++)
		err = cscs_store_exec(db, si->sql[i], dl);
	char sql[48];
	snprintf(sql, sizeof(sql), "PRAGMA threads = %d", threads);
	sqlite3_exec(db, sql, NULL, NULL, NULL);
	return err;
}

/*
 * Import every source of the plan in one transaction, under label (the
 * pack as given). First the record tables are emptied: only's table when
 * only is given, else every non-list type's, and list_entries when the
 * plan has list sources.
 */
static enum cscs_error run_plan(sqlite3 *db, const char *label, struct plan *p,
				const struct cscs_record_type *only, const struct cscs_import_opts *opts,
				struct cscs_import_summary *sum, struct cscs_diag_list *dl)
{
	struct importer imp = {.db = db, .opts = opts, .sum = sum, .dl = dl,
			       .header_required = only && !only->is_list_export};
	struct saved_indexes indexes = {0};
	struct cscs_store_bulk bulk = {.synchronous = -1};
	int cache = cscs_store_pragma_int(db, "cache_size", -2000);
	char now[32];
	enum cscs_error err;
	*sum = (struct cscs_import_summary){0};
	if (opts && opts->encoding && !cscs_encoding_canonical(opts->encoding)) {
		cscs_diag_error(dl, NULL, 0, 0, "unknown encoding '%s'; use utf-8, gb18030 or gbk", opts->encoding);
		return CSCS_ERR_USAGE;
	}
	if (p->n_src > 1) /* src is NULL for an empty plan, which qsort may not be given */
		qsort(p->src, p->n_src, sizeof(*p->src), cmp_sources);

	cscs_store_set_cache_size(db, -IMPORT_CACHE_KIB);
	cscs_store_bulk_begin(db, &bulk);
	if ((err = cscs_store_begin(db, dl)))
		goto out;
	sqlite3_stmt *st;
	if ((err = cscs_store_prepare(db, "INSERT INTO imports(pack, started_at) VALUES (?, ?)", &st, dl)))
		goto out;
	char *shown = cscs_path_display(label); /* reports show no local folder */
	if (!shown) {
		sqlite3_finalize(st);
		err = CSCS_ERR_NOMEM;
		goto out;
	}
	sqlite3_bind_text(st, 1, shown, -1, SQLITE_TRANSIENT);
	free(shown);
	sqlite3_bind_text(st, 2, cscs_store_now(now, sizeof(now)), -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		err = cscs_store_error(db, rc, "recording the import", dl);
		goto out;
	}
	sum->import_id = sqlite3_last_insert_rowid(db);

	/* Record tables hold the current pack only. */
	size_t n_types;
	const struct cscs_record_type *types = cscs_record_types(&n_types);
	for (size_t i = 0; i < n_types; i++) {
		const struct cscs_record_type *rt = &types[i];
		bool clear = only ? rt == only : rt->is_list_export ? p->has_lists : true;
		if (!clear)
			continue;
		char sql[160];
		snprintf(sql, sizeof(sql), "DELETE FROM %s", rt->name);
		if ((err = cscs_store_exec(db, sql, dl)) || (err = drop_indexes(db, rt->name, &indexes, dl)))
			goto out;
		/* The unknown values of the rows just deleted go with them. */
		snprintf(sql, sizeof(sql), "DELETE FROM unknown_values WHERE record_table = '%s'", rt->name);
		if ((err = cscs_store_exec(db, sql, dl)))
			goto out;
	}
	/*
	 * Screening results name partners, the entity and list entries by
	 * row id; ids are reused once their rows are replaced, so results
	 * from before this import would point at the wrong rows. Screening
	 * runs again after an import (audit does so).
	 */
	for (size_t i = 0; i < sizeof(derived_tables) / sizeof(derived_tables[0]); i++)
		if ((err = clear_if_present(db, derived_tables[i], dl)))
			goto out;
	size_t n_evidence;
	if (p->whole_pack && (err = cscs_evidence_scan(db, label, &n_evidence, dl)))
		goto out;
	if ((err = prepare_meta(&imp)) ||
	    (err = cscs_writeq_open(&imp.wq, db, plan_bytes(p) >= cscs_import_writer_min)))
		goto out;
	for (size_t i = 0; i < p->n_src; i++)
		if ((err = import_source(&imp, &p->src[i])))
			goto out;
	cscs_progress_tick(opts ? opts->progress : NULL, imp.n_read, 0);
	if ((err = create_indexes(db, &indexes, dl)))
		goto out;

	if ((err = cscs_store_prepare(db,
		"UPDATE imports SET finished_at = ?, n_rows = ?, n_rejected = ? WHERE id = ?", &st, dl)))
		goto out;
	sqlite3_bind_text(st, 1, cscs_store_now(now, sizeof(now)), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)sum->n_rows + (sqlite3_int64)sum->n_list_rows);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)sum->n_rejected);
	sqlite3_bind_int64(st, 4, sum->import_id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		err = cscs_store_error(db, rc, "recording the import", dl);
		goto out;
	}
	finish_meta(&imp);
	err = cscs_store_commit(db, dl);
out:
	cscs_writeq_close(imp.wq);
	finish_meta(&imp);
	if (err) {
		cscs_store_rollback(db);
		*sum = (struct cscs_import_summary){0};
	}
	cscs_store_bulk_end(db, &bulk);
	cscs_store_set_cache_size(db, cache);
	saved_indexes_free(&indexes);
	return err;
}

static bool plan_has_records(const struct plan *p)
{
	for (size_t i = 0; i < p->n_src; i++)
		if (!p->src[i].rt->is_list_export)
			return true;
	return false;
}

/* Whether dir holds a file named after a record type (a record pack, by its look). */
bool cscs_import_looks_like_pack(const char *dir)
{
	char **names;
	size_t n;
	struct cscs_diag_list quiet = {0};
	if (list_dir(dir, &names, &n, &quiet) != CSCS_OK) {
		cscs_diag_list_finish(&quiet);
		return false;
	}
	bool found = false;
	for (size_t i = 0; i < n && !found; i++) {
		char stem[NAME_MAX + 1];
		const struct cscs_record_type *rt = NULL;
		if (has_ext(names[i], ".csv", stem, sizeof(stem)) || has_ext(names[i], ".xlsx", stem, sizeof(stem)))
			rt = type_named(stem);
		found = (rt && !rt->is_list_export) || strcmp(names[i], "intake.xlsx") == 0;
	}
	free_names(names, n);
	cscs_diag_list_finish(&quiet);
	return found;
}

/*
 * A folder with no record file is no record pack: auditing it would report
 * every check as lacking data and still print a score. Say what was
 * expected, and name sub-folders that look like packs (a folder of packs).
 */
static enum cscs_error not_a_pack(const char *pack, struct cscs_diag_list *dl)
{
	char **names;
	size_t n;
	struct cscs_buf subs = CSCS_BUF_INIT;
	char *first = NULL;
	size_t n_subs = 0;
	if (list_dir(pack, &names, &n, dl) == CSCS_OK) {
		for (size_t i = 0; i < n; i++) {
			char *path = join(pack, names[i]);
			struct stat st;
			if (path && names[i][0] != '.' && stat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
			    strcmp(names[i], "lists") != 0 && cscs_import_looks_like_pack(path)) {
				if (n_subs < 5)
					cscs_buf_addf(&subs, "%s'%s'", n_subs ? ", " : "", names[i]);
				if (!first)
					first = path;
				n_subs++;
			}
			if (path != first)
				free(path);
		}
		free_names(names, n);
	}
	if (n_subs > 0 && first && !subs.oom)
		cscs_diag_error(dl, pack, 0, 0,
				"is not a record pack but holds %zu record pack%s in its sub-folders (%s%s); "
				"audit one of them, e.g. '%s'",
				n_subs, n_subs == 1 ? "" : "s", subs.data, n_subs > 5 ? ", ..." : "", first);
	else
		cscs_diag_error(dl, pack, 0, 0,
				"is not a record pack: it holds no record file (expected entity.csv and the other "
				"record files, or an intake workbook such as intake.xlsx; 'cscs-audit template' "
				"writes blank ones; see docs/records.md)");
	cscs_buf_finish(&subs);
	free(first);
	return CSCS_ERR_INPUT;
}

enum cscs_error cscs_import_pack(sqlite3 *db, const char *pack, const struct cscs_import_opts *opts,
				 struct cscs_import_summary *sum, struct cscs_diag_list *dl)
{
	struct plan p = {0};
	struct stat st;
	enum cscs_error err = CSCS_OK;
	char stem[NAME_MAX + 1];
	*sum = (struct cscs_import_summary){0};
	if (stat(pack, &st) != 0) {
		int e = errno;
		cscs_diag_error(dl, pack, 0, 0, "cannot read the record pack: %s", strerror(e));
		return e == ENOENT ? CSCS_ERR_NOT_FOUND : CSCS_ERR_INPUT;
	}
	if (S_ISDIR(st.st_mode)) {
		err = plan_folder(&p, pack, opts, dl);
	} else if (has_ext(pack, ".xlsx", stem, sizeof(stem))) {
		const char *base = strrchr(pack, '/');
		err = plan_book(&p, pack, base ? base + 1 : pack, NULL, opts, dl);
	} else {
		cscs_diag_error(dl, pack, 0, 0, "a record pack is a folder or an .xlsx intake workbook");
		err = CSCS_ERR_INPUT;
	}
	if (!err && S_ISDIR(st.st_mode) && !plan_has_records(&p))
		err = not_a_pack(pack, dl);
	if (!err && opts && opts->lists_dir) {
		/* the list files' paths are stored and reported: shown without the local folder */
		char *shown = cscs_path_display(opts->lists_dir);
		err = shown ? plan_lists(&p, opts->lists_dir, shown, NULL, opts, dl) : CSCS_ERR_NOMEM;
		free(shown);
	}
	p.whole_pack = true;
	if (!err)
		err = run_plan(db, pack, &p, NULL, opts, sum, dl);
	plan_finish(&p);
	return err;
}

enum cscs_error cscs_import_lists(sqlite3 *db, const char *dir, const struct cscs_import_opts *opts,
				  struct cscs_import_summary *sum, struct cscs_diag_list *dl)
{
	struct plan p = {0};
	*sum = (struct cscs_import_summary){0};
	char *shown = cscs_path_display(dir); /* stored and reported: no local folder */
	if (!shown)
		return CSCS_ERR_NOMEM;
	enum cscs_error err = plan_lists(&p, dir, shown, NULL, opts, dl);
	if (!err)
		err = run_plan(db, dir, &p, cscs_record_type_find("list_entries"), opts, sum, dl);
	plan_finish(&p);
	free(shown);
	return err;
}

enum cscs_error cscs_import_file(sqlite3 *db, const char *path, const char *record_type,
				 const struct cscs_import_opts *opts, struct cscs_import_summary *sum,
				 struct cscs_diag_list *dl)
{
	struct plan p = {0};
	char stem[NAME_MAX + 1];
	*sum = (struct cscs_import_summary){0};
	const struct cscs_record_type *rt = cscs_record_type_find(record_type);
	if (!rt) {
		cscs_diag_error(dl, NULL, 0, 0, "'%s' is not a record type", record_type);
		return CSCS_ERR_USAGE;
	}
	bool is_file;
	char *shown = cscs_path_display(path); /* stored and reported: no local folder */
	if (!shown)
		return CSCS_ERR_NOMEM;
	enum cscs_error err = check_file(path, shown, NULL, &is_file, dl);
	if (!err) {
		if (has_ext(path, ".xlsx", stem, sizeof(stem)))
			err = plan_book(&p, path, shown, rt, opts, dl);
		else
			err = add_source(&p, rt, path, shown, NULL, 0, dl);
	}
	if (!err)
		err = run_plan(db, path, &p, rt, opts, sum, dl);
	plan_finish(&p);
	free(shown);
	return err;
}
