/*
 * The importer's write queue (writeq.h). A batch is a byte arena of
 * writes; each write is a header (statement, what it records, parameter
 * count, size) followed by its parameters, tagged null, integer or text.
 * Two batches: this thread fills one while the writer runs the other.
 */
#include "cscs/intake/writeq.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A batch is handed to the writer from this size on: large enough that handing over costs nothing. */
#define BATCH_BYTES (1u << 20)

enum { P_NULL, P_INT, P_TEXT };

struct op_head {
	sqlite3_stmt *st;
	const char *what;
	uint32_t n;    /* parameters */
	uint32_t size; /* bytes of the write, this header included */
};

struct batch {
	unsigned char *data;
	size_t len, cap;
};

struct cscs_writeq {
	sqlite3 *db;
	struct batch b[2];
	int cur;          /* the batch being filled */
	size_t op_start;  /* where the write being queued starts in it */
	uint32_t op_n;    /* its parameters so far */
	bool oom;         /* the write being queued did not fit in memory */
	bool threaded;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch *pending; /* handed to the writer and not yet run (under mu) */
	bool stop;             /* the writer is to end (under mu) */
	/* the first failed write (written by whoever runs writes; read once they are idle) */
	bool failed, reported;
	char what[96];
	char msg[256];
};

static bool reserve(struct cscs_writeq *q, size_t more)
{
	struct batch *b = &q->b[q->cur];
	if (q->oom)
		return false;
	if (b->len + more <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : BATCH_BYTES + 4096;
	while (cap < b->len + more)
		cap *= 2;
	unsigned char *d = realloc(b->data, cap);
	if (!d) {
		q->oom = true;
		return false;
	}
	b->data = d;
	b->cap = cap;
	return true;
}

static void put(struct cscs_writeq *q, const void *p, size_t n)
{
	struct batch *b = &q->b[q->cur];
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

/* Run the writes of b in order; after a failure, none. */
static void run_batch(struct cscs_writeq *q, struct batch *b)
{
	size_t at = 0;
	while (at < b->len && !q->failed) {
		struct op_head h;
		memcpy(&h, b->data + at, sizeof(h));
		const unsigned char *p = b->data + at + sizeof(h);
		for (uint32_t i = 1; i <= h.n; i++) {
			unsigned char tag = *p++;
			if (tag == P_NULL) {
				sqlite3_bind_null(h.st, (int)i);
			} else if (tag == P_INT) {
				int64_t v;
				memcpy(&v, p, sizeof(v));
				p += sizeof(v);
				sqlite3_bind_int64(h.st, (int)i, v);
			} else {
				uint32_t len;
				memcpy(&len, p, sizeof(len));
				p += sizeof(len);
				sqlite3_bind_text(h.st, (int)i, (const char *)p, (int)len, SQLITE_STATIC);
				p += len;
			}
		}
		int rc = sqlite3_step(h.st);
		if (rc != SQLITE_DONE) {
			q->failed = true;
			snprintf(q->what, sizeof(q->what), "%s", h.what);
			snprintf(q->msg, sizeof(q->msg), "%s", sqlite3_errmsg(q->db));
		}
		sqlite3_reset(h.st);
		at += h.size;
	}
	b->len = 0;
}

static void *writer(void *arg)
{
	struct cscs_writeq *q = arg;
	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (!q->pending && !q->stop)
			pthread_cond_wait(&q->cv, &q->mu);
		if (!q->pending)
			break;
		struct batch *b = q->pending;
		pthread_mutex_unlock(&q->mu);
		run_batch(q, b);
		pthread_mutex_lock(&q->mu);
		q->pending = NULL;
		pthread_cond_broadcast(&q->cv);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

enum cscs_error cscs_writeq_open(struct cscs_writeq **out, sqlite3 *db, bool threaded)
{
	*out = NULL;
	struct cscs_writeq *q = calloc(1, sizeof(*q));
	if (!q)
		return CSCS_ERR_NOMEM;
	q->db = db;
	if (threaded) {
		if (pthread_mutex_init(&q->mu, NULL) != 0) {
			free(q);
			return CSCS_ERR_NOMEM;
		}
		if (pthread_cond_init(&q->cv, NULL) != 0) {
			pthread_mutex_destroy(&q->mu);
			free(q);
			return CSCS_ERR_NOMEM;
		}
		if (pthread_create(&q->thread, NULL, writer, q) != 0) {
			/* no second thread to be had: the writes run inline, as for a small import */
			pthread_cond_destroy(&q->cv);
			pthread_mutex_destroy(&q->mu);
		} else {
			q->threaded = true;
		}
	}
	*out = q;
	return CSCS_OK;
}

void cscs_writeq_close(struct cscs_writeq *q)
{
	if (!q)
		return;
	if (q->threaded) {
		pthread_mutex_lock(&q->mu);
		q->stop = true;
		pthread_cond_broadcast(&q->cv);
		pthread_mutex_unlock(&q->mu);
		pthread_join(q->thread, NULL);
		pthread_cond_destroy(&q->cv);
		pthread_mutex_destroy(&q->mu);
	}
	free(q->b[0].data);
	free(q->b[1].data);
	free(q);
}

void cscs_writeq_begin(struct cscs_writeq *q, sqlite3_stmt *st, const char *what)
{
	struct op_head h = {st, what, 0, 0};
	q->oom = false;
	q->op_start = q->b[q->cur].len;
	q->op_n = 0;
	if (reserve(q, sizeof(h)))
		put(q, &h, sizeof(h));
}

void cscs_writeq_int(struct cscs_writeq *q, int64_t v)
{
	unsigned char tag = P_INT;
	q->op_n++;
	if (reserve(q, 1 + sizeof(v))) {
		put(q, &tag, 1);
		put(q, &v, sizeof(v));
	}
}

void cscs_writeq_text(struct cscs_writeq *q, const char *s, size_t len)
{
	unsigned char tag = P_TEXT;
	uint32_t n = (uint32_t)len;
	q->op_n++;
	if (len > UINT32_MAX) {
		q->oom = true;
		return;
	}
	if (reserve(q, 1 + sizeof(n) + len)) {
		put(q, &tag, 1);
		put(q, &n, sizeof(n));
		put(q, s, len);
	}
}

void cscs_writeq_null(struct cscs_writeq *q)
{
	unsigned char tag = P_NULL;
	q->op_n++;
	if (reserve(q, 1))
		put(q, &tag, 1);
}

/* The failure of a write, said once. */
static enum cscs_error failure(struct cscs_writeq *q, struct cscs_diag_list *dl)
{
	if (!q->failed)
		return CSCS_OK;
	if (!q->reported) {
		q->reported = true;
		cscs_diag_error(dl, NULL, 0, 0, "%s: %s", q->what, q->msg);
	}
	return CSCS_ERR_DB;
}

/* Hand the batch being filled to the writer once the one before is done; the failure so far. */
static bool hand_over(struct cscs_writeq *q)
{
	pthread_mutex_lock(&q->mu);
	while (q->pending)
		pthread_cond_wait(&q->cv, &q->mu);
	bool failed = q->failed;
	if (!failed && q->b[q->cur].len) {
		q->pending = &q->b[q->cur];
		q->cur ^= 1;
		q->b[q->cur].len = 0;
		pthread_cond_broadcast(&q->cv);
	}
	pthread_mutex_unlock(&q->mu);
	return !failed;
}

enum cscs_error cscs_writeq_end(struct cscs_writeq *q, struct cscs_diag_list *dl)
{
	struct batch *b = &q->b[q->cur];
	if (q->oom) {
		b->len = q->op_start; /* the write is dropped with the import */
		return CSCS_ERR_NOMEM;
	}
	struct op_head h;
	memcpy(&h, b->data + q->op_start, sizeof(h));
	h.n = q->op_n;
	h.size = (uint32_t)(b->len - q->op_start);
	memcpy(b->data + q->op_start, &h, sizeof(h));
	if (!q->threaded) {
		run_batch(q, b);
		return failure(q, dl);
	}
	if (b->len >= BATCH_BYTES && !hand_over(q))
		return failure(q, dl);
	return CSCS_OK;
}

enum cscs_error cscs_writeq_flush(struct cscs_writeq *q, struct cscs_diag_list *dl)
{
	if (q->threaded) {
		hand_over(q);
		pthread_mutex_lock(&q->mu);
		while (q->pending)
			pthread_cond_wait(&q->cv, &q->mu);
		pthread_mutex_unlock(&q->mu);
	}
	return failure(q, dl);
}
