#include "cscs/store/rows.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/ring.h"

/*
 * Reading ahead, as the CSV reader does (src/intake/csv.c): the reading
 * thread fills a ring of BATCHES batches, each up to BATCH_ROWS rows or
 * about BATCH_TEXT bytes of text; the caller takes them in order, and a
 * batch goes back to the reader once the caller has stepped past its last
 * row (the values of the current row stay valid until the next step, as
 * SQLite's do). A batch marked last ends the rows with its rc: SQLITE_DONE
 * or the error.
 */
#define BATCHES 3
#define BATCH_ROWS 1024
#define BATCH_TEXT (256 * 1024)

struct cell {
	int type;        /* SQLITE_NULL, _INTEGER, _FLOAT, _TEXT or _BLOB */
	sqlite3_int64 i; /* sqlite3_column_int64 */
	double d;        /* sqlite3_column_double */
	size_t off;      /* sqlite3_column_text: where it starts in the batch's text (NUL-terminated) */
};

struct batch {
	struct cell *cells; /* n_rows rows of n_cols cells */
	size_t n_rows;
	char *text;         /* the texts, NUL-terminated, back to back */
	size_t text_len, text_cap;
	bool last;          /* the rows end with this batch */
	int rc;             /* how: SQLITE_DONE, or the error */
};

struct cscs_rows_ahead {
	struct cscs_ring ring; /* the batches filled and given back, and the reading thread */
	struct batch b[BATCHES];
	struct batch *cur; /* the batch the caller reads, or NULL */
	size_t cur_row;    /* the row of it the caller is on */
	bool done;         /* the rows have ended for the caller */
	int final_rc;      /* how */
};

void cscs_rows_init(struct cscs_rows *r, sqlite3_stmt *st)
{
	r->st = st;
	r->n_cols = sqlite3_column_count(st);
	r->ahead = NULL;
}

/* Room for n more bytes of text in b. */
static bool text_room(struct batch *b, size_t n)
{
	if (n <= b->text_cap - b->text_len)
		return true;
	size_t cap = b->text_cap ? b->text_cap : BATCH_TEXT;
	while (cap - b->text_len < n) {
		if (cap > SIZE_MAX / 2)
			return false;
		cap *= 2;
	}
	char *t = realloc(b->text, cap);
	if (!t)
		return false;
	b->text = t;
	b->text_cap = cap;
	return true;
}

/* The statement's current row into b; false when memory fails. */
static bool add_row(const struct cscs_rows *r, struct batch *b)
{
	struct cell *c = b->cells + b->n_rows * (size_t)r->n_cols;
	for (int k = 0; k < r->n_cols; k++, c++) {
		c->type = sqlite3_column_type(r->st, k);
		c->i = 0;
		c->d = 0;
		c->off = 0;
		if (c->type == SQLITE_NULL)
			continue;
		/* the numbers first: the text of a number is made from it, and the number is then read back */
		c->i = sqlite3_column_int64(r->st, k);
		c->d = sqlite3_column_double(r->st, k);
		const unsigned char *t = sqlite3_column_text(r->st, k);
		if (!t)
			return false; /* a value that is not NULL has a text: none means memory failed */
		size_t n = (size_t)sqlite3_column_bytes(r->st, k);
		if (!text_room(b, n + 1))
			return false;
		memcpy(b->text + b->text_len, t, n);
		b->text[b->text_len + n] = '\0';
		c->off = b->text_len;
		b->text_len += n + 1;
	}
	b->n_rows++;
	return true;
}

static void fill(const struct cscs_rows *r, struct batch *b)
{
	b->n_rows = 0;
	b->text_len = 0;
	b->last = false;
	b->rc = SQLITE_ROW;
	while (b->n_rows < BATCH_ROWS && b->text_len < BATCH_TEXT) {
		int rc = sqlite3_step(r->st);
		if (rc != SQLITE_ROW) {
			b->last = true;
			b->rc = rc;
			return;
		}
		if (!add_row(r, b)) {
			b->last = true;
			b->rc = SQLITE_NOMEM;
			return;
		}
	}
}

static void *reader(void *arg)
{
	const struct cscs_rows *r = arg;
	struct cscs_rows_ahead *a = r->ahead;
	for (;;) {
		long slot = cscs_ring_fill(&a->ring);
		if (slot < 0)
			return NULL; /* the caller wants no more */
		struct batch *b = &a->b[slot];
		fill(r, b);
		bool last = b->last;
		cscs_ring_filled(&a->ring);
		if (last)
			return NULL;
	}
}

static void free_ahead(struct cscs_rows_ahead *a)
{
	for (size_t i = 0; i < BATCHES; i++) {
		free(a->b[i].cells);
		free(a->b[i].text);
	}
	free(a);
}

enum cscs_error cscs_rows_ahead(struct cscs_rows *r)
{
	if (r->ahead)
		return CSCS_OK;
	struct cscs_rows_ahead *a = calloc(1, sizeof(*a));
	if (!a)
		return CSCS_ERR_NOMEM;
	size_t per_batch = (size_t)BATCH_ROWS * (size_t)(r->n_cols > 0 ? r->n_cols : 1);
	for (size_t i = 0; i < BATCHES; i++)
		if (!(a->b[i].cells = calloc(per_batch, sizeof(struct cell))) || !text_room(&a->b[i], 1)) {
			free_ahead(a);
			return CSCS_ERR_NOMEM;
		}
	r->ahead = a;
	if (!cscs_ring_start(&a->ring, BATCHES, reader, r)) {
		/* no thread: stepped in the caller's, as without cscs_rows_ahead() */
		r->ahead = NULL;
		free_ahead(a);
	}
	return CSCS_OK;
}

int cscs_rows_step(struct cscs_rows *r)
{
	struct cscs_rows_ahead *a = r->ahead;
	if (!a)
		return sqlite3_step(r->st);
	if (a->done)
		return a->final_rc;
	if (a->cur) {
		if (++a->cur_row < a->cur->n_rows)
			return SQLITE_ROW;
		if (a->cur->last) {
			a->done = true;
			a->final_rc = a->cur->rc;
			return a->final_rc;
		}
		/* past its last row: the batch goes back to the reader */
		cscs_ring_done(&a->ring);
		a->cur = NULL;
	}
	struct batch *b = &a->b[cscs_ring_take(&a->ring)];
	a->cur = b;
	a->cur_row = 0;
	if (b->n_rows > 0)
		return SQLITE_ROW;
	/* a batch without rows is the last */
	a->done = true;
	a->final_rc = b->rc;
	return a->final_rc;
}

/* The current row's cell col, or NULL when there is none. */
static const struct cell *cell(const struct cscs_rows *r, int col)
{
	const struct cscs_rows_ahead *a = r->ahead;
	if (!a->cur || a->done || col < 0 || col >= r->n_cols || a->cur_row >= a->cur->n_rows)
		return NULL;
	return &a->cur->cells[a->cur_row * (size_t)r->n_cols + (size_t)col];
}

int cscs_rows_type(const struct cscs_rows *r, int col)
{
	if (!r->ahead)
		return sqlite3_column_type(r->st, col);
	const struct cell *c = cell(r, col);
	return c ? c->type : SQLITE_NULL;
}

const char *cscs_rows_text(const struct cscs_rows *r, int col)
{
	if (!r->ahead)
		return (const char *)sqlite3_column_text(r->st, col);
	const struct cell *c = cell(r, col);
	return c && c->type != SQLITE_NULL ? r->ahead->cur->text + c->off : NULL;
}

sqlite3_int64 cscs_rows_int64(const struct cscs_rows *r, int col)
{
	if (!r->ahead)
		return sqlite3_column_int64(r->st, col);
	const struct cell *c = cell(r, col);
	return c ? c->i : 0;
}

double cscs_rows_double(const struct cscs_rows *r, int col)
{
	if (!r->ahead)
		return sqlite3_column_double(r->st, col);
	const struct cell *c = cell(r, col);
	return c ? c->d : 0.0;
}

void cscs_rows_end(struct cscs_rows *r)
{
	struct cscs_rows_ahead *a = r->ahead;
	if (!a)
		return;
	cscs_ring_stop(&a->ring);
	free_ahead(a);
	r->ahead = NULL;
}
