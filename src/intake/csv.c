#include "cscs/intake/csv.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cscs/core/fs.h"
#include "cscs/core/ring.h"
#include "cscs/intake/encoding.h"

/*
 * How it works: bytes are read in blocks into buf; in UTF-8 mode they are
 * validated where they lie, in GB18030/GBK mode iconv converts raw into
 * buf. A record is parsed from its first byte each time; when it runs
 * past the data in hand, more is read (the unread part moved to the front,
 * the buffer doubled only when one record fills it) and the record is
 * parsed again. So memory follows the longest record, never the file,
 * and re-parsing costs one record per block.
 */

#define BLOCK (256 * 1024)   /* bytes read at a time */
#define LOOKAHEAD 4096       /* bytes after the first non-ASCII byte that decide the encoding */

enum mode {
	MODE_DETECT, /* only ASCII seen so far; read as UTF-8 */
	MODE_UTF8,   /* UTF-8, validated in place */
	MODE_ICONV,  /* GB18030 or GBK, converted by iconv */
};

struct cscs_csv_reader {
	int fd;               /* the file, or -1 when reading from memory */
	const char *mem;      /* the text when reading from memory */
	size_t mem_len;       /* its length */
	size_t mem_off;       /* bytes of it already read */
	size_t max_read;      /* most bytes one read delivers (0: no limit) */
	char *name;           /* name for diagnostics */
	enum mode mode;       /* how bytes become UTF-8 */
	const char *encoding; /* canonical name reported by cscs_csv_encoding */
	iconv_t cd;           /* converter in MODE_ICONV, else (iconv_t)-1 */
	char *raw;            /* MODE_ICONV: bytes read, not yet converted */
	size_t raw_off;       /* first unconverted byte in raw */
	size_t raw_len;       /* bytes in raw */
	size_t raw_cap;       /* bytes allocated for raw */
	char *buf;            /* UTF-8 text */
	size_t cap;           /* bytes allocated for buf */
	size_t pos;           /* first byte of buf not yet returned */
	size_t avail;         /* end of the validated text in buf */
	size_t end;           /* end of the bytes in buf (avail..end: unvalidated tail) */
	bool eof;             /* read() reported the end of the file */
	bool drained;         /* every byte of the file is in buf[..avail) */
	bool bad;             /* the bytes at avail cannot be decoded */
	unsigned char bad_bytes[4]; /* the first undecodable bytes */
	size_t n_bad;         /* how many of them */
	bool at_start;        /* nothing delivered yet: a BOM may follow */
	unsigned long line;   /* line number of buf[pos] */
	char *rec;            /* field storage for the current record */
	size_t rec_cap;       /* bytes allocated for rec */
	char **fields;        /* row.fields */
	size_t *lens;         /* row.field_len */
	unsigned long *cols;  /* row.col */
	unsigned long *lines; /* row.field_line */
	size_t fcap;          /* entries allocated in the four arrays */
	struct cscs_csv_row row; /* what cscs_csv_next returns */
	struct cscs_sha256 sha;  /* of the bytes read from fd */
	bool ended;              /* the end of the file was returned */
	struct ahead *ahead;     /* reading ahead on a second thread, or NULL */
};

static void ahead_stop(struct cscs_csv_reader *r);

const char *cscs_csv_encoding(const struct cscs_csv_reader *r)
{
	return r->encoding;
}

void cscs_csv_close(struct cscs_csv_reader *r)
{
	if (!r)
		return;
	ahead_stop(r);
	if (r->fd >= 0)
		close(r->fd);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->name);
	free(r->raw);
	free(r->buf);
	free(r->rec);
	free(r->fields);
	free(r->lens);
	free(r->cols);
	free(r->lines);
	free(r);
}

static enum cscs_error start_iconv(struct cscs_csv_reader *r, const char *canonical, struct cscs_diag_list *dl)
{
	r->cd = iconv_open("UTF-8", cscs_encoding_iconv_name(canonical));
	if (r->cd == (iconv_t)-1) {
		cscs_diag_error(dl, r->name, 0, 0, "cannot decode %s on this system: %s", canonical, strerror(errno));
		return CSCS_ERR_INTERNAL;
	}
	if (!r->raw) {
		r->raw = malloc(BLOCK);
		if (!r->raw)
			return CSCS_ERR_NOMEM;
		r->raw_cap = BLOCK;
	}
	r->mode = MODE_ICONV;
	r->encoding = canonical;
	return CSCS_OK;
}

/* A reader with its buffers and encoding set up, but no source yet. */
static enum cscs_error create(struct cscs_csv_reader **out, const char *shown, const char *encoding,
			      struct cscs_diag_list *dl)
{
	*out = NULL;
	const char *canonical = NULL;
	if (encoding) {
		canonical = cscs_encoding_canonical(encoding);
		if (!canonical) {
			cscs_diag_error(dl, NULL, 0, 0, "unknown encoding '%s'; use utf-8, gb18030 or gbk", encoding);
			return CSCS_ERR_USAGE;
		}
	}
	struct cscs_csv_reader *r = calloc(1, sizeof(*r));
	if (!r)
		return CSCS_ERR_NOMEM;
	r->fd = -1;
	r->cd = (iconv_t)-1;
	r->line = 1;
	r->at_start = true;
	r->mode = MODE_DETECT;
	r->encoding = "utf-8";
	cscs_sha256_init(&r->sha);
	enum cscs_error err;
	r->name = strdup(shown);
	r->cap = BLOCK;
	r->buf = malloc(r->cap);
	if (!r->name || !r->buf) {
		err = CSCS_ERR_NOMEM;
		goto fail;
	}
	if (canonical && strcmp(canonical, "utf-8") == 0)
		r->mode = MODE_UTF8;
	else if (canonical && (err = start_iconv(r, canonical, dl)))
		goto fail;
	*out = r;
	return CSCS_OK;
fail:
	cscs_csv_close(r);
	return err;
}

enum cscs_error cscs_csv_open(struct cscs_csv_reader **out, const char *path, const char *display_name,
			      const char *encoding, struct cscs_diag_list *dl)
{
	const char *shown = display_name ? display_name : path;
	struct cscs_csv_reader *r;
	enum cscs_error err = create(&r, shown, encoding, dl);
	*out = NULL;
	if (err)
		return err;
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		int e = errno;
		cscs_diag_error(dl, shown, 0, 0, "cannot open: %s", strerror(e));
		cscs_csv_close(r);
		return cscs_fs_open_error(e);
	}
	*out = r;
	return CSCS_OK;
}

enum cscs_error cscs_csv_open_mem(struct cscs_csv_reader **out, const char *data, size_t len,
				  const char *display_name, const char *encoding, struct cscs_diag_list *dl)
{
	struct cscs_csv_reader *r;
	enum cscs_error err = create(&r, display_name ? display_name : "(memory)", encoding, dl);
	*out = NULL;
	if (err)
		return err;
	r->mem = data;
	r->mem_len = len;
	*out = r;
	return CSCS_OK;
}

void cscs_csv_set_max_read(struct cscs_csv_reader *r, size_t max)
{
	r->max_read = max;
}

static enum cscs_error read_error(struct cscs_csv_reader *r, struct cscs_diag_list *dl)
{
	cscs_diag_error(dl, r->name, 0, 0, "read failed: %s", strerror(errno));
	return CSCS_ERR_IO;
}

/*
 * Read up to n bytes of the source into dst, retrying on EINTR. Returns
 * bytes read, 0 at the end, -1 on error.
 */
static ssize_t read_some(struct cscs_csv_reader *r, char *dst, size_t n)
{
	if (r->max_read && n > r->max_read)
		n = r->max_read;
	if (r->fd < 0) {
		size_t left = r->mem_len - r->mem_off;
		if (n > left)
			n = left;
		if (n)
			memcpy(dst, r->mem + r->mem_off, n);
		r->mem_off += n;
		return (ssize_t)n;
	}
	for (;;) {
		ssize_t got = read(r->fd, dst, n);
		if (got > 0)
			cscs_sha256_update(&r->sha, dst, (size_t)got);
		if (got >= 0 || errno != EINTR)
			return got;
	}
}

/*
 * Make room at buf[end..]: move the unreturned bytes to the front, and
 * double the buffer when they fill more than half of it (one long record).
 */
static enum cscs_error make_room(struct cscs_csv_reader *r)
{
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->end - r->pos);
		r->avail -= r->pos;
		r->end -= r->pos;
		r->pos = 0;
	}
	if (r->cap - r->end < r->cap / 2) {
		if (r->cap > SIZE_MAX / 4)
			return CSCS_ERR_NOMEM;
		char *bigger = realloc(r->buf, r->cap * 2);
		if (!bigger)
			return CSCS_ERR_NOMEM;
		r->buf = bigger;
		r->cap *= 2;
	}
	return CSCS_OK;
}

/* Read more bytes into buf[end..]; sets eof at the end of the file. */
static enum cscs_error read_into_buf(struct cscs_csv_reader *r, struct cscs_diag_list *dl)
{
	ssize_t got = read_some(r, r->buf + r->end, r->cap - r->end);
	if (got < 0)
		return read_error(r, dl);
	if (got == 0)
		r->eof = true;
	r->end += (size_t)got;
	return CSCS_OK;
}

static void mark_bad(struct cscs_csv_reader *r, const char *at, size_t n)
{
	r->bad = true;
	r->n_bad = n < sizeof(r->bad_bytes) ? n : sizeof(r->bad_bytes);
	memcpy(r->bad_bytes, at, r->n_bad);
}

/*
 * Skip a byte order mark at the very start of the text (a GB18030 one
 * decodes to the same U+FEFF).
 */
static void skip_bom(struct cscs_csv_reader *r)
{
	if (!r->at_start)
		return;
	if (r->avail - r->pos >= 3 && memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3) == 0) {
		r->pos += 3;
		r->at_start = false;
	} else if (r->avail - r->pos >= 3 || r->drained) {
		r->at_start = false;
	}
}

/* UTF-8 (and undecided) mode: validate the bytes read since the last call. */
static void validate_utf8(struct cscs_csv_reader *r)
{
	bool bad;
	size_t ok = cscs_encoding_utf8_prefix(r->buf + r->avail, r->end - r->avail, &bad);
	r->avail += ok;
	if (bad || (r->eof && r->avail < r->end))
		mark_bad(r, r->buf + r->avail, r->end - r->avail);
	else if (r->eof)
		r->drained = true;
}

static enum cscs_error fill_utf8(struct cscs_csv_reader *r, struct cscs_diag_list *dl)
{
	enum cscs_error err = make_room(r);
	if (!err)
		err = read_into_buf(r, dl);
	if (err)
		return err;
	if (r->mode == MODE_DETECT) {
		size_t i = r->avail;
		while (i < r->end && (unsigned char)r->buf[i] < 0x80)
			i++;
		if (i == r->end) {
			r->avail = r->end;
			if (r->eof)
				r->drained = true;
			return CSCS_OK;
		}
		/* The first non-ASCII byte: look far enough ahead to decide. */
		r->avail = i;
		while (!r->eof && r->end - i < LOOKAHEAD) {
			size_t before = r->pos;
			if ((err = make_room(r)))
				return err;
			i -= before - r->pos;
			if ((err = read_into_buf(r, dl)))
				return err;
		}
		/* (after the look-ahead: a first read may have brought one byte of the mark) */
		if (r->at_start && (i == 0 || i == 2) && r->end >= 4 &&
		    (memcmp(r->buf, "\xFF\xFE\0\0", 4) == 0 || memcmp(r->buf, "\0\0\xFE\xFF", 4) == 0)) {
			cscs_diag_error(dl, r->name, 1, 1,
					"the file is in UTF-32 (it starts with a UTF-32 byte order mark); save it as CSV UTF-8");
			return CSCS_ERR_INPUT;
		}
		if (r->at_start && i == 0 && r->end >= 2 &&
		    (memcmp(r->buf, "\xFF\xFE", 2) == 0 || memcmp(r->buf, "\xFE\xFF", 2) == 0)) {
			cscs_diag_error(dl, r->name, 1, 1,
					"the file is in UTF-16 (it starts with a UTF-16 byte order mark); save it as CSV UTF-8");
			return CSCS_ERR_INPUT;
		}
		enum cscs_encoding_guess g = cscs_encoding_guess(r->buf + i, r->end - i, r->eof);
		if (g == CSCS_ENC_GUESS_GB18030) {
			if ((err = start_iconv(r, "gb18030", dl)))
				return err;
			size_t n = r->end - i;
			if (n > r->raw_cap) {
				char *bigger = realloc(r->raw, n);
				if (!bigger)
					return CSCS_ERR_NOMEM;
				r->raw = bigger;
				r->raw_cap = n;
			}
			memcpy(r->raw, r->buf + i, n);
			r->raw_off = 0;
			r->raw_len = n;
			r->end = i;
			return CSCS_OK;
		}
		r->mode = MODE_UTF8;
	}
	validate_utf8(r);
	return CSCS_OK;
}

static enum cscs_error fill_iconv(struct cscs_csv_reader *r, struct cscs_diag_list *dl)
{
	enum cscs_error err = make_room(r);
	if (err)
		return err;
	if (!r->eof && r->raw_len - r->raw_off < r->raw_cap / 2) {
		memmove(r->raw, r->raw + r->raw_off, r->raw_len - r->raw_off);
		r->raw_len -= r->raw_off;
		r->raw_off = 0;
		ssize_t got = read_some(r, r->raw + r->raw_len, r->raw_cap - r->raw_len);
		if (got < 0)
			return read_error(r, dl);
		if (got == 0)
			r->eof = true;
		r->raw_len += (size_t)got;
	}
	char *in = r->raw + r->raw_off;
	size_t in_left = r->raw_len - r->raw_off;
	char *out = r->buf + r->end;
	size_t out_left = r->cap - r->end;
	size_t rc = iconv(r->cd, &in, &in_left, &out, &out_left);
	int e = errno;
	r->raw_off = (size_t)(in - r->raw);
	r->end = (size_t)(out - r->buf);
	r->avail = r->end;
	/* Few bytes after a bad one: read on first, so the message shows the same bytes whatever the read sizes. */
	bool short_tail = in_left < sizeof(r->bad_bytes) && !r->eof;
	if (rc == (size_t)-1 && ((e == EILSEQ && !short_tail) || (e == EINVAL && r->eof)))
		mark_bad(r, in, in_left);
	else if (r->eof && r->raw_off == r->raw_len)
		r->drained = true;
	return CSCS_OK;
}

/* Line and column of buf[at], counting from buf[pos] (line r->line, column 1). */
static void locate(const struct cscs_csv_reader *r, size_t at, unsigned long *line, unsigned long *col)
{
	*line = r->line;
	*col = 1;
	for (size_t i = r->pos; i < at; i++) {
		unsigned char c = (unsigned char)r->buf[i];
		if (c == '\n') {
			++*line;
			*col = 1;
		} else if ((c & 0xC0) != 0x80) {
			++*col;
		}
	}
}

static enum cscs_error decode_error(struct cscs_csv_reader *r, struct cscs_diag_list *dl)
{
	unsigned long line, col;
	char hex[4 * sizeof(r->bad_bytes) + 1];
	size_t n = 0;
	/* UTF-8: the byte that breaks; GB18030: the pair (or less) iconv refused. */
	size_t n_show = r->n_bad < (r->mode == MODE_ICONV ? 2u : 1u) ? r->n_bad : (r->mode == MODE_ICONV ? 2u : 1u);
	for (size_t i = 0; i < n_show; i++)
		n += (size_t)snprintf(hex + n, sizeof(hex) - n, "\\x%02X", r->bad_bytes[i]);
	hex[n] = '\0';
	locate(r, r->avail, &line, &col);
	if (r->mode == MODE_ICONV)
		cscs_diag_error(dl, r->name, line, col, "bytes that are not valid %s: '%s'", r->encoding, hex);
	else
		cscs_diag_error(dl, r->name, line, col,
				"bytes that are not valid UTF-8: '%s' (if the file is in GB18030 or GBK, say so with --encoding)",
				hex);
	return CSCS_ERR_INPUT;
}

static enum cscs_error grow_fields(struct cscs_csv_reader *r)
{
	size_t cap = r->fcap ? r->fcap * 2 : 32;
	char **f = realloc(r->fields, cap * sizeof(*f));
	if (f)
		r->fields = f;
	size_t *l = realloc(r->lens, cap * sizeof(*l));
	if (l)
		r->lens = l;
	unsigned long *c = realloc(r->cols, cap * sizeof(*c));
	if (c)
		r->cols = c;
	unsigned long *fl = realloc(r->lines, cap * sizeof(*fl));
	if (fl)
		r->lines = fl;
	if (!f || !l || !c || !fl)
		return CSCS_ERR_NOMEM;
	r->fcap = cap;
	return CSCS_OK;
}

/* Bytes that end an unquoted field (NUL: to be refused). */
static const unsigned char ends_field[256] = {[','] = 1, ['\n'] = 1, ['\r'] = 1, ['\0'] = 1};

enum parse_result {
	PARSE_ROW,      /* a record is in r->row */
	PARSE_END,      /* no more records */
	PARSE_MORE,     /* the record runs past the data in hand */
	PARSE_ERROR,    /* a diagnostic was added */
};

/*
 * A NUL byte has no place in a text file: it is a binary file, or text in
 * UTF-16 (Excel's "Unicode text"). Refused, so that no value is cut short
 * where C strings would end it.
 */
static enum parse_result nul_byte(struct cscs_csv_reader *r, unsigned long line, unsigned long col,
				  struct cscs_diag_list *dl, enum cscs_error *err)
{
	if (line == 1 && col == 1 && r->end >= 4 && memcmp(r->buf, "\0\0\xFE\xFF", 4) == 0)
		cscs_diag_error(dl, r->name, 1, 1,
				"the file is in UTF-32 (it starts with a UTF-32 byte order mark); save it as CSV UTF-8");
	else
		cscs_diag_error(dl, r->name, line, col,
				"a NUL byte: this is not a text file, or it is UTF-16 or UTF-32 (save it as CSV UTF-8)");
	*err = CSCS_ERR_INPUT;
	return PARSE_ERROR;
}

static enum parse_result too_long_field(struct cscs_csv_reader *r, size_t nf, struct cscs_diag_list *dl,
				       enum cscs_error *err)
{
	cscs_diag_error(dl, r->name, r->lines[nf], r->cols[nf],
			"the field that starts here is longer than %u MiB, the most a field may hold "
			"(is this a CSV file, or is a quote missing?)", CSCS_CSV_MAX_FIELD / (1024 * 1024));
	*err = CSCS_ERR_INPUT;
	return PARSE_ERROR;
}

static enum cscs_error too_long_record(struct cscs_csv_reader *r, struct cscs_diag_list *dl)
{
	cscs_diag_error(dl, r->name, r->line, 1,
			"the record that starts here is longer than %u MiB, the most a record may hold "
			"(is a quote missing?)", CSCS_CSV_MAX_RECORD / (1024 * 1024));
	return CSCS_ERR_INPUT;
}

/* Parse one record at buf[pos..avail). */
static enum parse_result parse(struct cscs_csv_reader *r, struct cscs_diag_list *dl, enum cscs_error *err)
{
	const unsigned char *b = (const unsigned char *)r->buf;
	const size_t end = r->avail;
	const bool final = r->drained;
	size_t p = r->pos;

	/* Blank lines between records are skipped (and consumed for good). */
	for (;;) {
		if (p == end) {
			r->pos = p;
			return final ? PARSE_END : PARSE_MORE;
		}
		if (b[p] == '\n') {
			p++;
		} else if (b[p] == '\r') {
			if (p + 1 == end && !final) {
				r->pos = p;
				return PARSE_MORE;
			}
			p += p + 1 < end && b[p + 1] == '\n' ? 2 : 1;
		} else {
			break;
		}
		r->line++;
		r->pos = p;
	}

	/* Each field is at most as long as its input, plus a NUL. */
	size_t need = 2 * (end - p) + 2;
	if (r->rec_cap < need) {
		char *rec = realloc(r->rec, need);
		if (!rec) {
			*err = CSCS_ERR_NOMEM;
			return PARSE_ERROR;
		}
		r->rec = rec;
		r->rec_cap = need;
	}
	char *o = r->rec;
	size_t nf = 0;
	unsigned long line = r->line, col = 1;
	for (;;) {
		if (nf == CSCS_CSV_MAX_FIELDS) {
			cscs_diag_error(dl, r->name, line, col,
					"the record on line %lu has more than %u fields, the most a record may have",
					r->line, CSCS_CSV_MAX_FIELDS);
			*err = CSCS_ERR_INPUT;
			return PARSE_ERROR;
		}
		if (nf == r->fcap && (*err = grow_fields(r)))
			return PARSE_ERROR;
		r->fields[nf] = o;
		r->cols[nf] = col;
		r->lines[nf] = line;
		if (p < end && b[p] == '"') {
			p++;
			col++;
			for (;;) {
				if (p == end) {
					if (!final)
						return PARSE_MORE;
					cscs_diag_error(dl, r->name, r->lines[nf], r->cols[nf],
							"unterminated quote: the field that starts here has no closing '\"'");
					*err = CSCS_ERR_INPUT;
					return PARSE_ERROR;
				}
				unsigned char c = b[p];
				if (c == '\0')
					return nul_byte(r, line, col, dl, err);
				if (c == '"') {
					if (p + 1 == end && !final)
						return PARSE_MORE;
					if (p + 1 < end && b[p + 1] == '"') {
						*o++ = '"';
						p += 2;
						col += 2;
						continue;
					}
					p++;
					col++;
					break;
				}
				if ((size_t)(o - r->fields[nf]) >= CSCS_CSV_MAX_FIELD)
					return too_long_field(r, nf, dl, err);
				*o++ = (char)c;
				p++;
				if (c == '\n') {
					line++;
					col = 1;
				} else {
					col += (c & 0xC0) != 0x80;
				}
			}
		}
		/* Unquoted text (or, leniently, text after a closing quote). */
		while (p < end && !ends_field[b[p]]) {
			unsigned char c = b[p++];
			*o++ = (char)c;
			col += (c & 0xC0) != 0x80;
		}
		if ((size_t)(o - r->fields[nf]) > CSCS_CSV_MAX_FIELD)
			return too_long_field(r, nf, dl, err);
		if (p == end && !final)
			return PARSE_MORE;
		if (p < end && b[p] == '\0')
			return nul_byte(r, line, col, dl, err);
		r->lens[nf] = (size_t)(o - r->fields[nf]);
		*o++ = '\0';
		nf++;
		if (p == end)
			break;
		unsigned char c = b[p];
		if (c == ',') {
			p++;
			col++;
			continue;
		}
		if (c == '\r') {
			if (p + 1 == end && !final)
				return PARSE_MORE;
			p += p + 1 < end && b[p + 1] == '\n' ? 2 : 1;
		} else {
			p++;
		}
		line++;
		break;
	}
	if (p - r->pos > CSCS_CSV_MAX_RECORD) {
		*err = too_long_record(r, dl);
		return PARSE_ERROR;
	}
	r->row.n_fields = nf;
	r->row.fields = r->fields;
	r->row.field_len = r->lens;
	r->row.col = r->cols;
	r->row.field_line = r->lines;
	r->row.line = r->line;
	r->pos = p;
	r->line = line;
	return PARSE_ROW;
}

/* The next record, parsed in the calling thread. */
static enum cscs_error next_record(struct cscs_csv_reader *r, const struct cscs_csv_row **row,
				   struct cscs_diag_list *dl)
{
	*row = NULL;
	for (;;) {
		skip_bom(r);
		if (!r->at_start) {
			enum cscs_error err = CSCS_OK;
			switch (parse(r, dl, &err)) {
			case PARSE_ROW:
				*row = &r->row;
				return CSCS_OK;
			case PARSE_END:
				return CSCS_OK;
			case PARSE_ERROR:
				return err;
			case PARSE_MORE:
				/* The record so far stays in memory: past the limit it is refused, before more is read. */
				if (r->avail - r->pos > CSCS_CSV_MAX_RECORD)
					return too_long_record(r, dl);
				break;
			}
		}
		if (r->bad)
			return decode_error(r, dl);
		enum cscs_error err = r->mode == MODE_ICONV ? fill_iconv(r, dl) : fill_utf8(r, dl);
		if (err)
			return err;
	}
}

/*
 * Reading ahead. The reading thread parses records into batches (their
 * fields copied back to back, with lengths, columns and lines); a ring of
 * BATCHES batches lets it run that far ahead. The caller's thread takes
 * the batches in order and hands their records out one by one. A batch
 * marked last ends the file: its error, if any, and that error's
 * diagnostics come after its records, where the caller would have met
 * them. Memory stays at a few batches whatever the file's size.
 */
#define BATCHES 3
#define BATCH_TEXT (256 * 1024) /* field bytes a batch takes before it is handed over */
#define BATCH_ROWS 4096         /* records a batch takes at most */

struct batch_field {
	size_t off;         /* where it starts in the batch's text */
	size_t len;         /* its length */
	unsigned long col;  /* its column */
	unsigned long line; /* its line */
};

struct batch_row {
	size_t first;       /* its first field */
	size_t n;           /* its fields */
	unsigned long line; /* its line */
};

struct batch {
	char *text;                /* fields, NUL-terminated, back to back */
	size_t text_len, text_cap;
	struct batch_field *f;     /* the fields of its records */
	size_t n_fields, fields_cap;
	struct batch_row *r;       /* its records */
	size_t n_rows, rows_cap;
	bool last;                 /* the end of the file (or an error) follows */
	enum cscs_error err;       /* that error, or CSCS_OK at the end */
	struct cscs_diag_list dl;  /* its diagnostics */
};

struct ahead {
	struct cscs_ring ring; /* the batches filled and given back, and the reading thread */
	struct batch b[BATCHES];
	struct batch *cur;   /* the batch the caller is taking records from */
	size_t cur_row;      /* its next record */
	bool done;           /* the last batch has been handed out */
	enum cscs_error final_err; /* what the last batch ended with */
	/* the row handed out: its arrays, as cscs_csv_row has them */
	char **fields;
	size_t *lens;
	unsigned long *cols, *lines;
	size_t cap;          /* entries in each of the four */
	struct cscs_csv_row row;
};

static void batch_free(struct batch *b)
{
	free(b->text);
	free(b->f);
	free(b->r);
	cscs_diag_list_finish(&b->dl);
}

/* A capacity of at least need, doubling from cap (0 on overflow). */
static size_t more(size_t cap, size_t need, size_t size)
{
	size_t n = cap ? cap : 64;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			return 0;
		n *= 2;
	}
	return n;
}

/* Copy one record into the batch. */
static enum cscs_error batch_add(struct batch *b, const struct cscs_csv_row *row)
{
	size_t bytes = 0, n;
	for (size_t i = 0; i < row->n_fields; i++)
		bytes += row->field_len[i] + 1;
	if (b->text_len + bytes > b->text_cap) {
		char *t = (n = more(b->text_cap, b->text_len + bytes, 1)) ? realloc(b->text, n) : NULL;
		if (!t)
			return CSCS_ERR_NOMEM;
		b->text = t;
		b->text_cap = n;
	}
	if (b->n_fields + row->n_fields > b->fields_cap) {
		struct batch_field *f = (n = more(b->fields_cap, b->n_fields + row->n_fields, sizeof(*f)))
						? realloc(b->f, n * sizeof(*f)) : NULL;
		if (!f)
			return CSCS_ERR_NOMEM;
		b->f = f;
		b->fields_cap = n;
	}
	if (b->n_rows == b->rows_cap) {
		struct batch_row *r = (n = more(b->rows_cap, b->n_rows + 1, sizeof(*r)))
					      ? realloc(b->r, n * sizeof(*r)) : NULL;
		if (!r)
			return CSCS_ERR_NOMEM;
		b->r = r;
		b->rows_cap = n;
	}
	b->r[b->n_rows++] = (struct batch_row){b->n_fields, row->n_fields, row->line};
	for (size_t i = 0; i < row->n_fields; i++) {
		b->f[b->n_fields++] = (struct batch_field){b->text_len, row->field_len[i], row->col[i],
							   row->field_line[i]};
		memcpy(b->text + b->text_len, row->fields[i], row->field_len[i]);
		b->text_len += row->field_len[i];
		b->text[b->text_len++] = '\0';
	}
	return CSCS_OK;
}

static void *read_ahead_thread(void *arg)
{
	struct cscs_csv_reader *r = arg;
	struct ahead *a = r->ahead;
	for (;;) {
		long slot = cscs_ring_fill(&a->ring);
		if (slot < 0)
			return NULL; /* the caller closes the reader */
		struct batch *b = &a->b[slot];
		b->text_len = b->n_fields = b->n_rows = 0;
		while (b->text_len < BATCH_TEXT && b->n_rows < BATCH_ROWS) {
			const struct cscs_csv_row *row;
			enum cscs_error err = next_record(r, &row, &b->dl);
			if (!err && row)
				err = batch_add(b, row);
			if (err || !row) {
				b->last = true;
				b->err = err;
				break;
			}
		}
		bool last = b->last;
		cscs_ring_filled(&a->ring);
		if (last)
			return NULL;
	}
}

enum cscs_error cscs_csv_read_ahead(struct cscs_csv_reader *r)
{
	if (r->ahead || r->ended)
		return CSCS_OK;
	struct ahead *a = calloc(1, sizeof(*a));
	if (!a)
		return CSCS_ERR_NOMEM;
	for (size_t i = 0; i < BATCHES; i++)
		cscs_diag_list_init(&a->b[i].dl);
	r->ahead = a;
	if (!cscs_ring_start(&a->ring, BATCHES, read_ahead_thread, r)) {
		/* no thread: read in the caller's, as before */
		r->ahead = NULL;
		free(a);
	}
	return CSCS_OK;
}

static void ahead_stop(struct cscs_csv_reader *r)
{
	struct ahead *a = r->ahead;
	if (!a)
		return;
	cscs_ring_stop(&a->ring);
	for (size_t i = 0; i < BATCHES; i++)
		batch_free(&a->b[i]);
	free(a->fields);
	free(a->lens);
	free(a->cols);
	free(a->lines);
	free(a);
	r->ahead = NULL;
}

/* Room for a record of n fields in the arrays of the row handed out. */
static bool row_arrays(struct ahead *a, size_t n)
{
	size_t c = more(a->cap, n, sizeof(*a->lens));
	char **fields = c ? realloc(a->fields, c * sizeof(*fields)) : NULL;
	if (fields)
		a->fields = fields;
	size_t *lens = fields ? realloc(a->lens, c * sizeof(*lens)) : NULL;
	if (lens)
		a->lens = lens;
	unsigned long *cols = lens ? realloc(a->cols, c * sizeof(*cols)) : NULL;
	if (cols)
		a->cols = cols;
	unsigned long *lines = cols ? realloc(a->lines, c * sizeof(*lines)) : NULL;
	if (!lines)
		return false; /* those grown stay valid; a->cap says what all four hold */
	a->lines = lines;
	a->cap = c;
	return true;
}

/* The next record from the batches. */
static enum cscs_error next_ahead(struct ahead *a, const struct cscs_csv_row **row, struct cscs_diag_list *dl)
{
	*row = NULL;
	if (a->done)
		return a->final_err;
	for (;;) {
		struct batch *b = a->cur;
		if (b && a->cur_row < b->n_rows) {
			const struct batch_row *br = &b->r[a->cur_row++];
			if (br->n > a->cap && !row_arrays(a, br->n))
				return CSCS_ERR_NOMEM;
			for (size_t i = 0; i < br->n; i++) {
				const struct batch_field *f = &b->f[br->first + i];
				a->fields[i] = b->text + f->off;
				a->lens[i] = f->len;
				a->cols[i] = f->col;
				a->lines[i] = f->line;
			}
			a->row = (struct cscs_csv_row){
				.n_fields = br->n,
				.fields = a->fields,
				.field_len = a->lens,
				.line = br->line,
				.col = a->cols,
				.field_line = a->lines,
			};
			*row = &a->row;
			return CSCS_OK;
		}
		if (b && b->last) {
			/* the batch stays with the caller: the reading thread has ended */
			for (size_t i = 0; i < b->dl.n; i++) {
				const struct cscs_diag *d = &b->dl.items[i];
				cscs_diag_add(dl, d->level, d->file, d->line, d->col, "%s", d->message);
			}
			a->done = true;
			a->final_err = b->err;
			return b->err;
		}
		if (b)
			cscs_ring_done(&a->ring);
		a->cur = &a->b[cscs_ring_take(&a->ring)];
		a->cur_row = 0;
	}
}

enum cscs_error cscs_csv_next(struct cscs_csv_reader *r, const struct cscs_csv_row **row,
			      struct cscs_diag_list *dl)
{
	enum cscs_error err = r->ahead ? next_ahead(r->ahead, row, dl) : next_record(r, row, dl);
	if (!err && !*row)
		r->ended = true;
	return err;
}

bool cscs_csv_digest(const struct cscs_csv_reader *r, char hex[CSCS_SHA256_HEX_LEN], uint64_t *size)
{
	if (r->fd < 0 || !r->ended)
		return false;
	cscs_sha256_hex(&r->sha, hex);
	if (size)
		*size = r->sha.size;
	return true;
}
