#include "cscs/screen/index.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cscs/core/buf.h"
#include "cscs/core/fs.h"
#include "cscs/core/text.h"
#include "cscs/screen/bigmem.h"
#include "cscs/screen/laps.h"
#include "cscs/screen/normalize.h"
#include "cscs/screen/savepoint.h"
#include "cscs/store/store.h"

/*
 * Bump when the record layout, the normalisation or the bigram hash
 * changes: a stored index of another format is rebuilt.
 */
#define INDEX_FORMAT 14

#define CHUNK_ENTRIES 65536            /* records per chunk at most */
#define CHUNK_BYTES (4u << 20)         /* and about this many bytes */
/* what a chunk's buffer takes: room for a last record beyond CHUNK_BYTES */
#define CHUNK_ALLOC ((size_t)CHUNK_BYTES + (2u << 20))
#define TABLE_BYTES ((size_t)CSCS_GRAM_BUCKETS * sizeof(uint32_t)) /* a bucket table */
#define RECORD_MAX (1 + 10 + 1 + 16 + 1 + 2 + 3 * CSCS_GRAMS_MAX)
#define MAX_LISTS 64                   /* distinct list names counted */
#define STORE_BATCH 8                  /* spilled chunks read back, rewritten and stored at a time */

enum { GRAM_START = 1, GRAM_END = 2 }; /* pads; never in a normalised name */

uint32_t cscs_screen_gram_bucket(uint32_t a, uint32_t b)
{
	uint32_t h = a * 0x9E3779B1u ^ (b + 0x7F4A7C15u) * 0x85EBCA77u;
	h ^= h >> 15;
	h *= 0x2C1B3C6Du;
	h ^= h >> 13;
	return h >> (32 - CSCS_GRAM_BITS);
}

static void sort_u32(uint32_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint32_t x = v[i];
		size_t j = i;
		while (j > 0 && v[j - 1] > x) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

size_t cscs_screen_name_buckets(const char *key, size_t len, uint32_t *out, size_t cap)
{
	uint32_t prev = GRAM_START;
	size_t n = 0, i = 0;
	bool any = false;
	while (i < len && n < cap) {
		uint32_t c;
		int k = cscs_utf8_decode(key + i, len - i, &c);
		if (k <= 0) {
			i++;
			continue;
		}
		i += (size_t)k;
		out[n++] = cscs_screen_gram_bucket(prev, c);
		prev = c;
		any = true;
	}
	if (any && n < cap)
		out[n++] = cscs_screen_gram_bucket(prev, GRAM_END);
	sort_u32(out, n);
	size_t m = 0;
	for (size_t j = 0; j < n; j++)
		if (m == 0 || out[m - 1] != out[j])
			out[m++] = out[j];
	return m;
}

static uint8_t *put_varint(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

static uint8_t *put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
	return p + 4;
}

static uint8_t *put_u24(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	return p + 3;
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

const uint8_t *cscs_list_record_decode(const uint8_t *p, const uint8_t *end, int64_t prev_id,
				       struct cscs_list_record *rec)
{
	uint64_t delta = 0;
	unsigned shift = 0;
	for (;;) {
		if (p >= end || shift > 63)
			return NULL;
		uint8_t b = *p++;
		delta |= (uint64_t)(b & 0x7F) << shift;
		if (!(b & 0x80))
			break;
		shift += 7;
	}
	rec->id = prev_id + (int64_t)delta;
	if (p >= end)
		return NULL;
	rec->flags = *p++;
	unsigned n_hashes = ((rec->flags & CSCS_REC_KEY) != 0) + ((rec->flags & CSCS_REC_CODE) != 0) +
			    ((rec->flags & CSCS_REC_REP) != 0) + ((rec->flags & CSCS_REC_REP_ID) != 0);
	size_t need = 4 * (size_t)n_hashes + 1;
	if ((size_t)(end - p) < need)
		return NULL;
	rec->key_hash = rec->code_hash = rec->rep_hash = rec->rep_id_hash = 0;
	if (rec->flags & CSCS_REC_KEY) {
		rec->key_hash = get_u32(p);
		p += 4;
	}
	if (rec->flags & CSCS_REC_CODE) {
		rec->code_hash = get_u32(p);
		p += 4;
	}
	if (rec->flags & CSCS_REC_REP) {
		rec->rep_hash = get_u32(p);
		p += 4;
	}
	if (rec->flags & CSCS_REC_REP_ID) {
		rec->rep_id_hash = get_u32(p);
		p += 4;
	}
	rec->n_grams = *p++;
	if ((size_t)(end - p) < 2 + 3 * (size_t)rec->n_grams)
		return NULL;
	rec->weight = (unsigned)p[0] | (unsigned)p[1] << 8;
	p += 2;
	rec->grams = p;
	return p + 3 * rec->n_grams;
}

/* ---- fingerprint of list_entries ---- */

static enum cscs_error add_query(sqlite3 *db, const char *sql, const int64_t *args, int n_args,
				 struct cscs_buf *out, struct cscs_diag_list *dl)
{
	sqlite3_stmt *st;
	enum cscs_error err = cscs_store_prepare(db, sql, &st, dl);
	if (err)
		return err;
	for (int i = 0; i < n_args; i++)
		sqlite3_bind_int64(st, i + 1, args[i]);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(st); c++) {
			const char *t = (const char *)sqlite3_column_text(st, c);
			cscs_buf_addf(out, "%s\x1f", t ? t : "\x1e");
		}
		cscs_buf_addc(out, '\n');
	}
	if (rc != SQLITE_DONE)
		err = cscs_store_error(db, rc, "reading list entries", dl);
	sqlite3_finalize(st);
	return err;
}

/*
 * What identifies the current list entries cheaply: the first and last
 * ids, the rows at 17 points spread over the id range, and every list
 * file ever imported (an import of lists always adds its files, with
 * their SHA-256). Counting 5 million rows, let alone reading them, just
 * to see whether they changed would cost a good part of screening; rows
 * edited by hand in the middle of the table can escape this, and
 * --rebuild-index is there for them.
 */
static enum cscs_error fingerprint(sqlite3 *db, char hex[CSCS_SHA256_HEX_LEN], struct cscs_diag_list *dl)
{
	struct cscs_buf b = CSCS_BUF_INIT;
	sqlite3_stmt *st;
	int64_t range[2] = {0, 0};
	/* one aggregate per statement: min() and max() together would scan every row */
	enum cscs_error err = cscs_store_prepare(db,
		"SELECT (SELECT min(id) FROM list_entries), (SELECT max(id) FROM list_entries)", &st, dl);
	if (err)
		return err;
	if (sqlite3_step(st) == SQLITE_ROW) {
		range[0] = sqlite3_column_int64(st, 0);
		range[1] = sqlite3_column_int64(st, 1);
	} else {
		err = cscs_store_error(db, SQLITE_ERROR, "reading list entries", dl);
	}
	sqlite3_finalize(st);
	cscs_buf_addf(&b, "format %d\nids %lld %lld\n", INDEX_FORMAT, (long long)range[0],
		(long long)range[1]);
	for (int k = 0; k <= 16 && !err; k++) {
		int64_t at[1] = {range[0] + (range[1] - range[0]) / 16 * k};
		err = add_query(db,
			"SELECT e.id, e.src_file, e.src_line, e.list, e.name, e.uscc, e.legal_rep_name,"
			" e.legal_rep_id, e.listed_on, e.removed_on, f.sha256 FROM list_entries e"
			" LEFT JOIN source_files f ON f.id = e.src_file"
			" WHERE e.id >= ?1 ORDER BY e.id LIMIT 1",
			at, 1, &b, dl);
	}
	if (!err)
		err = add_query(db,
			"SELECT id, path, sha256, size FROM source_files"
			" WHERE record_type IN ('list_entries', 'lists') ORDER BY id", NULL, 0, &b, dl);
	if (!err && b.oom)
		err = CSCS_ERR_NOMEM;
	if (!err)
		cscs_fs_sha256_mem(b.data ? b.data : "", b.len, hex);
	cscs_buf_finish(&b);
	return err;
}

/* ---- building ---- */

bool cscs_screen_index_spill = true;

struct chunk {
	int64_t first_id; /* id the first record's delta is taken from */
	uint32_t n;       /* records */
	uint8_t *data;    /* encoded records; NULL while spilled */
	size_t len;       /* bytes used */
	size_t cap;       /* bytes allocated */
	int fd;           /* spilled: the file it is in at off; else -1 */
	off_t off;        /* where in fd */
	bool borrowed;    /* data is a buffer of the store's pool, not the chunk's own */
};

struct list_count {
	char name[48];    /* list name as stored */
	int64_t n;        /* entries */
};

struct builder {
	struct chunk *chunks;   /* in id order */
	size_t n_chunks;        /* in use */
	size_t cap_chunks;      /* allocated */
	int64_t prev_id;        /* last id encoded */
	uint32_t *df;           /* entries per bucket */
	struct list_count lists[MAX_LISTS]; /* entries per list */
	size_t n_lists;         /* in use */
	int64_t n_entries;      /* list entries encoded (a name in both scripts has two records) */
	int spill;              /* finished chunks go to this file (unlinked), or -1: kept in memory */
	off_t spill_len;        /* bytes written to it */
};

static void builder_finish(struct builder *bd)
{
	for (size_t i = 0; i < bd->n_chunks; i++)
		if (!bd->chunks[i].borrowed)
			cscs_bigmem_free(bd->chunks[i].data, CHUNK_ALLOC);
	free(bd->chunks);
	cscs_bigmem_free(bd->df, TABLE_BYTES);
	if (bd->spill >= 0)
		close(bd->spill);
	bd->spill = -1;
}

/*
 * A file for the finished chunks of one reading thread, so that five
 * million entries' records (some 200 MB) are not all in memory at once:
 * in the database's folder (it has room for the index anyway), else in
 * TMPDIR or /tmp; unlinked at once, so nothing is left behind. -1 when
 * none can be made: the chunks then stay in memory, as before.
 */
static int spill_file(sqlite3 *db)
{
	const char *dbfile = sqlite3_db_filename(db, "main");
	char dir[PATH_MAX];
	const char *slash = dbfile && *dbfile ? strrchr(dbfile, '/') : NULL;
	if (slash && (size_t)(slash - dbfile) < sizeof(dir))
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash == dbfile ? 1 : slash - dbfile), dbfile);
	else if (dbfile && *dbfile)
		snprintf(dir, sizeof(dir), ".");
	else {
		const char *tmp = getenv("TMPDIR");
		snprintf(dir, sizeof(dir), "%s", tmp && *tmp ? tmp : "/tmp");
	}
	char *tmpl = cscs_fs_temp_template(dir, ".cscs-index-");
	int fd = tmpl ? mkstemp(tmpl) : -1;
	if (fd >= 0)
		unlink(tmpl);
	free(tmpl);
	return fd;
}

/* Write a finished chunk to the spill file; its buffer then serves the next chunk. */
static bool spill_chunk(struct builder *bd, struct chunk *c)
{
	const uint8_t *p = c->data;
	size_t left = c->len;
	off_t at = bd->spill_len;
	while (left) {
		ssize_t w = pwrite(bd->spill, p, left, at);
		if (w <= 0)
			return false;
		p += w;
		left -= (size_t)w;
		at += w;
	}
	c->fd = bd->spill;
	c->off = bd->spill_len;
	bd->spill_len = at;
	return true;
}

/* Read a spilled chunk back into buf. */
static bool unspill_chunk(struct chunk *c, uint8_t *buf)
{
	size_t done = 0;
	while (done < c->len) {
		ssize_t r = pread(c->fd, buf + done, c->len - done, c->off + (off_t)done);
		if (r <= 0)
			return false;
		done += (size_t)r;
	}
	c->data = buf;
	c->borrowed = true;
	return true;
}

/*
 * Count the buckets of a finished chunk into df. Done a chunk at a time
 * in a loop of its own rather than row by row: the increments land all
 * over a 16 MB table, and only a tight loop keeps many of those cache
 * misses in flight at once.
 */
static void count_chunk(uint32_t *df, const struct chunk *c)
{
	const uint8_t *p = c->data, *end = c->data + c->len;
	int64_t prev = c->first_id;
	for (uint32_t r = 0; r < c->n && p; r++) {
		struct cscs_list_record rec;
		p = cscs_list_record_decode(p, end, prev, &rec);
		if (!p)
			break;
		for (unsigned i = 0; i < rec.n_grams; i++)
			df[cscs_list_record_gram(&rec, i)]++;
		prev = rec.id;
	}
}

static struct chunk *current_chunk(struct builder *bd, int64_t id)
{
	struct chunk *c = bd->n_chunks ? &bd->chunks[bd->n_chunks - 1] : NULL;
	/* room for an entry's records: one, and one more for a name in both scripts */
	if (c && c->n + 2 <= CHUNK_ENTRIES && c->len + 2 * RECORD_MAX <= c->cap)
		return c;
	uint8_t *reuse = NULL;
	if (c) {
		count_chunk(bd->df, c);
		if (bd->spill >= 0 && spill_chunk(bd, c)) {
			reuse = c->data;
			c->data = NULL;
		}
	}
	if (bd->n_chunks == bd->cap_chunks) {
		size_t cap = bd->cap_chunks ? 2 * bd->cap_chunks : 64;
		struct chunk *more = realloc(bd->chunks, cap * sizeof(*more));
		if (!more) {
			cscs_bigmem_free(reuse, CHUNK_ALLOC);
			return NULL;
		}
		bd->chunks = more;
		bd->cap_chunks = cap;
	}
	c = &bd->chunks[bd->n_chunks];
	/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): chunks grew above when full */
	c->data = reuse ? reuse : cscs_bigmem_alloc(CHUNK_ALLOC);
	if (!c->data)
		return NULL;
	c->fd = -1;
	c->off = 0;
	c->borrowed = false;
	c->cap = CHUNK_ALLOC;
	c->len = 0;
	c->n = 0;
	c->first_id = id;
	bd->prev_id = id;
	bd->n_chunks++;
	return c;
}

static void add_list_count(struct builder *bd, const char *list, int64_t n)
{
	if (!list)
		list = "";
	for (size_t i = 0; i < bd->n_lists; i++)
		if (strcmp(bd->lists[i].name, list) == 0) {
			bd->lists[i].n += n;
			return;
		}
	/* more lists than anyone keeps: the rest are counted as one */
	size_t i = bd->n_lists < MAX_LISTS ? bd->n_lists++ : MAX_LISTS - 1;
	if (i == MAX_LISTS - 1 && bd->lists[i].name[0])
		list = "other";
	snprintf(bd->lists[i].name, sizeof(bd->lists[i].name), "%s", list);
	bd->lists[i].n += n;
}

static void count_list(struct builder *bd, const char *list)
{
	add_list_count(bd, list, 1);
}

static uint32_t hash_text(const char *s, size_t len)
{
	/* 0 means "none" in a record: move a real 0 out of the way */
	uint32_t h = cscs_screen_hash32(s, len);
	return h ? h : 1;
}

/* A record's bigram buckets of key, with room for its total weight. */
static uint8_t *put_buckets(uint8_t *p, const char *key, size_t key_len)
{
	uint32_t buckets[CSCS_GRAMS_MAX];
	size_t n = cscs_screen_name_buckets(key, key_len, buckets, CSCS_GRAMS_MAX);
	*p++ = (uint8_t)n;
	*p++ = 0; /* the total weight, known once the buckets are ranked */
	*p++ = 0;
	for (size_t i = 0; i < n; i++)
		p = put_u24(p, buckets[i]);
	return p;
}

static enum cscs_error encode_row(struct builder *bd, sqlite3_stmt *st)
{
	int64_t id = sqlite3_column_int64(st, 0);
	struct chunk *c = current_chunk(bd, id);
	if (!c)
		return CSCS_ERR_NOMEM;
	if (id < bd->prev_id)
		return CSCS_ERR_INTERNAL;
	count_list(bd, (const char *)sqlite3_column_text(st, 1));

	struct cscs_name_norm nn;
	char buf[64];
	const char *name = (const char *)sqlite3_column_text(st, 2);
	cscs_screen_normalize_name(name, (size_t)sqlite3_column_bytes(st, 2), &nn);

	uint8_t *p = c->data + c->len;
	uint8_t *flags = NULL;
	p = put_varint(p, (uint64_t)(id - bd->prev_id));
	flags = p++;
	*flags = 0;
	if (nn.key_len) {
		*flags |= CSCS_REC_KEY;
		p = put_u32(p, hash_text(nn.key, nn.key_len));
	}
	const char *code = (const char *)sqlite3_column_text(st, 3);
	size_t len = code ? cscs_screen_normalize_id(code, buf, sizeof(buf)) : 0;
	if (len) {
		*flags |= CSCS_REC_CODE;
		p = put_u32(p, hash_text(buf, len));
	}
	const char *rep = (const char *)sqlite3_column_text(st, 4);
	len = rep ? cscs_screen_normalize_person(rep, (size_t)sqlite3_column_bytes(st, 4), buf,
		sizeof(buf)) : 0;
	if (len) {
		*flags |= CSCS_REC_REP;
		p = put_u32(p, hash_text(buf, len));
	}
	const char *rep_id = (const char *)sqlite3_column_text(st, 5);
	len = rep_id ? cscs_screen_normalize_id(rep_id, buf, sizeof(buf)) : 0;
	if (len) {
		*flags |= CSCS_REC_REP_ID;
		p = put_u32(p, hash_text(buf, len));
	}
	p = put_buckets(p, nn.key, nn.key_len);
	/*
	 * A name in both scripts: a second record, with the same id, for its
	 * spelling in Latin letters, so that both are found by name (the
	 * entry's codes are in the first). Scoring compares both spellings.
	 */
	if (nn.alt_len) {
		p = put_varint(p, 0);
		*p++ = CSCS_REC_KEY;
		p = put_u32(p, hash_text(nn.alt, nn.alt_len));
		p = put_buckets(p, nn.alt, nn.alt_len);
		c->n++;
	}
	c->len = (size_t)(p - c->data);
	c->n++;
	bd->prev_id = id;
	bd->n_entries++;
	return CSCS_OK;
}

/*
 * Rank buckets by how many entries hold them, rarest first, ties by
 * bucket. Buckets nobody holds come first, in bucket order; the others
 * (a million or two of the four) are sorted as (df << 22 | bucket) by an
 * LSD radix sort in 16-bit digits.
 */
static enum cscs_error rank_buckets(const uint32_t *df, uint32_t *rank, size_t *n_absent)
{
	size_t n = 0, zero = 0;
	for (size_t i = 0; i < CSCS_GRAM_BUCKETS; i++)
		n += df[i] != 0;
	size_t bytes = (n + 1) * sizeof(uint64_t);
	uint64_t *a = cscs_bigmem_alloc(bytes), *b = cscs_bigmem_alloc(bytes);
	size_t *count = malloc(65536 * sizeof(*count));
	if (!a || !b || !count) {
		cscs_bigmem_free(a, bytes);
		cscs_bigmem_free(b, bytes);
		free(count);
		return CSCS_ERR_NOMEM;
	}
	uint64_t max_df = (1u << 26) - 1, top = 0;
	size_t k = 0;
	for (size_t i = 0; i < CSCS_GRAM_BUCKETS; i++) {
		if (df[i] == 0) {
			rank[i] = (uint32_t)zero++;
			continue;
		}
		a[k++] = (df[i] < max_df ? df[i] : max_df) << CSCS_GRAM_BITS | i;
		if (df[i] > top)
			top = df[i];
	}
	unsigned bits = CSCS_GRAM_BITS;
	while (top >> (bits - CSCS_GRAM_BITS))
		bits++;
	for (unsigned shift = 0; shift < bits; shift += 16) {
		memset(count, 0, 65536 * sizeof(*count));
		for (size_t i = 0; i < n; i++)
			count[(a[i] >> shift) & 0xFFFF]++;
		size_t sum = 0;
		for (size_t d = 0; d < 65536; d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			b[count[(a[i] >> shift) & 0xFFFF]++] = a[i];
		uint64_t *t = a;
		a = b;
		b = t;
	}
	for (size_t i = 0; i < n; i++)
		rank[a[i] & (CSCS_GRAM_BUCKETS - 1)] = (uint32_t)(zero + i);
	*n_absent = zero;
	cscs_bigmem_free(a, bytes);
	cscs_bigmem_free(b, bytes);
	free(count);
	return CSCS_OK;
}

unsigned cscs_screen_gram_weight(int64_t n, int64_t df)
{
	if (n < 0)
		n = 0;
	if (df < 0)
		df = 0;
	/*
	 * The 1024 is a prior: a few hundred entries say little about how
	 * common a bigram is, so the weights of a small list stay nearly
	 * equal (plain Dice); from some ten thousand entries on, rarity
	 * counts. Without it, one list entry would make each of its own
	 * bigrams weigh 1 and each bigram it lacks 8.
	 */
	long w = lround(8.0 * log2(((double)n + 1024.0) / ((double)df + 1.0)));
	return w < 1 ? 1 : w > 255 ? 255 : (unsigned)w;
}

/* Replace each record's buckets by their ranks (in table), ascending. */
static enum cscs_error rewrite_chunk(struct chunk *c, const uint32_t *table)
{
	const uint8_t *end = c->data + c->len;
	const uint8_t *p = c->data;
	int64_t prev = c->first_id;
	uint32_t v[CSCS_GRAMS_MAX];
	for (uint32_t r = 0; r < c->n; r++) {
		struct cscs_list_record rec;
		const uint8_t *next = cscs_list_record_decode(p, end, prev, &rec);
		if (!next)
			return CSCS_ERR_INTERNAL;
		unsigned weight = 0;
		for (unsigned i = 0; i < rec.n_grams; i++) {
			uint32_t t = table[cscs_list_record_gram(&rec, i)];
			v[i] = CSCS_GRAM_RANK(t);
			weight += CSCS_GRAM_WEIGHT(t);
		}
		sort_u32(v, rec.n_grams);
		uint8_t *g = c->data + (rec.grams - c->data);
		g[-2] = (uint8_t)weight;
		g[-1] = (uint8_t)(weight >> 8);
		for (unsigned i = 0; i < rec.n_grams; i++)
			g = put_u24(g, v[i]);
		prev = rec.id;
		p = next;
	}
	return CSCS_OK;
}

/*
 * The stored bucket table holds only the buckets some entry has, in rank
 * order, as bucket | weight << 24 (4 bytes each, little-endian): every
 * other bucket ranks before them in bucket order and weighs what a bigram
 * no entry holds weighs (cscs_screen_index_grams rebuilds the rest). A
 * list of a few hundred entries stores a few kilobytes, not 16 MB; five
 * million entries store some 6 MB.
 */
static enum cscs_error pack_table(const uint32_t *table, size_t n_absent, uint8_t **out, size_t *len)
{
	size_t n = CSCS_GRAM_BUCKETS - n_absent;
	uint8_t *p = malloc(n ? 4 * n : 1);
	if (!p)
		return CSCS_ERR_NOMEM;
	for (size_t b = 0; b < CSCS_GRAM_BUCKETS; b++) {
		uint32_t r = CSCS_GRAM_RANK(table[b]);
		if (r >= n_absent)
			put_u32(p + 4 * (r - n_absent), (uint32_t)b | CSCS_GRAM_WEIGHT(table[b]) << 24);
	}
	*out = p;
	*len = 4 * n;
	return CSCS_OK;
}

struct rewrite_job {
	struct chunk *chunks;      /* a batch of chunks */
	size_t n;                  /* in the batch */
	const uint32_t *table;     /* bucket -> rank | weight << 24 */
	size_t first;              /* rewrites chunks first, first + step, ... */
	size_t step;               /* number of threads */
	enum cscs_error err;       /* how it ended */
};

static void *rewrite_part(void *arg)
{
	struct rewrite_job *j = arg;
	for (size_t i = j->first; i < j->n && !j->err; i += j->step)
		j->err = rewrite_chunk(&j->chunks[i], j->table);
	return NULL;
}

/*
 * Rewrite chunks [0, n) with ranks and weights, reading spilled ones back
 * into pool (STORE_BATCH buffers) first; two threads when there are two chunks.
 */
static enum cscs_error rewrite_batch(struct chunk *chunks, size_t n, const uint32_t *table, uint8_t **pool,
				     struct cscs_diag_list *dl)
{
	for (size_t i = 0; i < n; i++) {
		if (chunks[i].data)
			continue;
		if (!pool[i] && !(pool[i] = cscs_bigmem_alloc(CHUNK_ALLOC)))
			return CSCS_ERR_NOMEM;
		if (!unspill_chunk(&chunks[i], pool[i])) {
			cscs_diag_error(dl, NULL, 0, 0, "list index: reading back its temporary file failed");
			return CSCS_ERR_IO;
		}
	}
	struct rewrite_job jobs[2] = {{chunks, n, table, 0, 2, CSCS_OK}, {chunks, n, table, 1, 2, CSCS_OK}};
	pthread_t thread;
	bool started = n > 1 && pthread_create(&thread, NULL, rewrite_part, &jobs[1]) == 0;
	if (!started)
		jobs[0].step = 1;
	rewrite_part(&jobs[0]);
	if (started)
		pthread_join(thread, NULL);
	enum cscs_error err = jobs[0].err ? jobs[0].err : jobs[1].err;
	if (err)
		cscs_diag_error(dl, NULL, 0, 0, "list index: a record could not be re-read");
	return err;
}

/* Store the chunks (rewritten with the bucket table's ranks a batch at a time) and the bucket table. */
static enum cscs_error store_index(sqlite3 *db, struct builder *bd, const uint32_t *table, size_t n_absent,
				   const char *fp, struct cscs_diag_list *dl)
{
	enum cscs_error err;
	sqlite3_stmt *st = NULL;
	uint8_t *packed = NULL;
	size_t packed_len = 0;
	char now[32];
	uint8_t *pool[STORE_BATCH] = {NULL};
	if ((err = pack_table(table, n_absent, &packed, &packed_len)))
		return err;
	if (packed_len > INT_MAX) {
		free(packed);
		return CSCS_ERR_INTERNAL;
	}
	if ((err = cscs_screen_savepoint_begin(db, dl)))
		goto out;
	if ((err = cscs_store_exec(db,
			"DELETE FROM list_index_chunks; DELETE FROM list_index_meta; DELETE FROM"
			" list_index_lists", dl)))
		goto out;
	if ((err = cscs_store_prepare(db,
			"INSERT INTO list_index_chunks(seq, first_id, n_entries, data) VALUES (?, ?, ?, ?)",
				&st, dl)))
		goto out;
	for (size_t i = 0; i < bd->n_chunks; i++) {
		struct chunk *c = &bd->chunks[i];
		if (i % STORE_BATCH == 0) {
			size_t n = bd->n_chunks - i < STORE_BATCH ? bd->n_chunks - i : STORE_BATCH;
			if ((err = rewrite_batch(c, n, table, pool, dl)))
				goto out;
		}
		sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
		sqlite3_bind_int64(st, 2, c->first_id);
		sqlite3_bind_int64(st, 3, c->n);
		sqlite3_bind_blob(st, 4, c->data, (int)c->len, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			err = cscs_store_error(db, rc, "storing the list index", dl);
			goto out;
		}
		/* stored: the memory can go now (a pool buffer serves the next batch) */
		if (!c->borrowed)
			cscs_bigmem_free(c->data, CHUNK_ALLOC);
		c->data = NULL;
		c->borrowed = false;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((err = cscs_store_prepare(db,
			"INSERT INTO list_index_meta(id, format, fingerprint, n_entries, bucket_bits,"
			" built_at, ranks)"
			" VALUES (1, ?, ?, ?, ?, ?, ?)", &st, dl)))
		goto out;
	sqlite3_bind_int(st, 1, INDEX_FORMAT);
	sqlite3_bind_text(st, 2, fp, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, bd->n_entries);
	sqlite3_bind_int(st, 4, CSCS_GRAM_BITS);
	sqlite3_bind_text(st, 5, cscs_store_now(now, sizeof(now)), -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 6, packed, (int)packed_len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		err = cscs_store_error(db, SQLITE_ERROR, "storing the list index", dl);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((err = cscs_store_prepare(db, "INSERT INTO list_index_lists(list, n_entries) VALUES (?, ?)", &st,
		dl)))
		goto out;
	for (size_t i = 0; i < bd->n_lists; i++) {
		sqlite3_bind_text(st, 1, bd->lists[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, bd->lists[i].n);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			err = cscs_store_error(db, rc, "storing the list index", dl);
			goto out;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	err = cscs_screen_savepoint_release(db, dl);
out:
	sqlite3_finalize(st);
	free(packed);
	for (size_t i = 0; i < bd->n_chunks; i++)
		if (bd->chunks[i].borrowed) {
			bd->chunks[i].data = NULL;
			bd->chunks[i].borrowed = false;
		}
	for (size_t i = 0; i < STORE_BATCH; i++)
		cscs_bigmem_free(pool[i], CHUNK_ALLOC);
	if (err)
		cscs_screen_savepoint_rollback(db);
	return err;
}

/* One reading thread's share of the list entries. */
struct part {
	struct builder bd;         /* what it built */
	sqlite3 *db;               /* its connection */
	int64_t lo, hi;            /* the ids it reads, both included */
	enum cscs_error err;       /* how it ended */
	char why[256];             /* SQLite's message when it failed */
};

static void *read_part(void *arg)
{
	struct part *pt = arg;
	sqlite3_stmt *st = NULL;
	pt->bd.df = cscs_bigmem_alloc(TABLE_BYTES);
	if (!pt->bd.df) {
		pt->err = CSCS_ERR_NOMEM;
		return NULL;
	}
	int rc = sqlite3_prepare_v2(pt->db,
		"SELECT id, list, name, uscc, legal_rep_name, legal_rep_id FROM list_entries"
		" WHERE id BETWEEN ?1 AND ?2 ORDER BY id", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, pt->lo);
		sqlite3_bind_int64(st, 2, pt->hi);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			if ((pt->err = encode_row(&pt->bd, st)))
				break;
	}
	if (!pt->err && rc != SQLITE_DONE) {
		pt->err = CSCS_ERR_DB;
		snprintf(pt->why, sizeof(pt->why), "%s", sqlite3_errmsg(pt->db));
	}
	if (!pt->err && pt->bd.n_chunks)
		count_chunk(pt->bd.df, &pt->bd.chunks[pt->bd.n_chunks - 1]);
	sqlite3_finalize(st);
	return NULL;
}

/* Append b's chunks, counts and lists to a; b is left empty. */
static enum cscs_error merge_parts(struct builder *a, struct builder *b)
{
	if (b->n_chunks) {
		struct chunk *more = realloc(a->chunks, (a->n_chunks + b->n_chunks) * sizeof(*more));
		if (!more)
			return CSCS_ERR_NOMEM;
		a->chunks = more;
		memcpy(a->chunks + a->n_chunks, b->chunks, b->n_chunks * sizeof(*more));
		a->n_chunks += b->n_chunks;
		a->cap_chunks = a->n_chunks;
		b->n_chunks = 0;
	}
	for (size_t i = 0; i < CSCS_GRAM_BUCKETS; i++)
		a->df[i] += b->df[i];
	cscs_bigmem_free(b->df, TABLE_BYTES);
	b->df = NULL;
	for (size_t i = 0; i < b->n_lists; i++)
		add_list_count(a, b->lists[i].name, b->lists[i].n);
	a->n_entries += b->n_entries;
	return CSCS_OK;
}


/*
 * Build the index: read and encode the entries (two threads, each with
 * its own connection and half of the ids, when a second connection can
 * be had; finished chunks go to a spill file), rank the buckets, then a
 * batch of chunks at a time read them back, rewrite the records with
 * ranks and weights (two threads again) and store them.
 */
static enum cscs_error build_index(sqlite3 *db, const char *fp, struct cscs_laps *laps,
				   struct cscs_list_index_info *info, struct cscs_diag_list *dl);

/*
 * The index's chunks (some 200 MB for 5 million entries) wait in the
 * spill file, not in memory; the page cache need not hold the table it
 * reads once. A smaller cache while building keeps the peak down, as the
 * importer does while importing.
 */
static enum cscs_error build(sqlite3 *db, const char *fp, struct cscs_laps *laps, struct cscs_list_index_info *info,
			     struct cscs_diag_list *dl)
{
	int saved = cscs_store_pragma_int(db, "cache_size", -2000);
	cscs_store_set_cache_size(db, -16384);
	enum cscs_error err = build_index(db, fp, laps, info, dl);
	cscs_store_set_cache_size(db, saved);
	return err;
}

static enum cscs_error build_index(sqlite3 *db, const char *fp, struct cscs_laps *laps,
				   struct cscs_list_index_info *info, struct cscs_diag_list *dl)
{
	struct part parts[2];
	uint32_t *rank = NULL;
	enum cscs_error err = CSCS_OK;
	int64_t lo = 0, hi = -1;
	sqlite3_stmt *st;
	memset(parts, 0, sizeof(parts));
	if ((err = cscs_store_prepare(db,
			"SELECT (SELECT min(id) FROM list_entries), (SELECT max(id) FROM list_entries)", &st,
				dl)))
		return err;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		lo = sqlite3_column_int64(st, 0);
		hi = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);

	sqlite3 *reader = hi - lo > 100000 ? cscs_store_open_reader(db) : NULL;
	int n_parts = reader ? 2 : 1;
	int64_t mid = lo + (hi - lo) / 2;
	parts[0] = (struct part){.db = db, .lo = lo, .hi = n_parts == 2 ? mid : hi};
	parts[1] = (struct part){.db = reader, .lo = mid + 1, .hi = hi};
	parts[0].bd.spill = parts[1].bd.spill = -1;
	if (cscs_screen_index_spill && hi - lo >= CHUNK_ENTRIES) {
		/* more than a chunk or so: worth a file */
		parts[0].bd.spill = spill_file(db);
		if (n_parts == 2)
			parts[1].bd.spill = spill_file(db);
	}
	pthread_t thread;
	bool started = n_parts == 2 && pthread_create(&thread, NULL, read_part, &parts[1]) == 0;
	if (n_parts == 2 && !started) {
		parts[0].hi = hi;
		n_parts = 1;
	}
	read_part(&parts[0]);
	if (started)
		pthread_join(thread, NULL);
	sqlite3_close(reader);
	for (int i = 0; i < n_parts && !err; i++) {
		err = parts[i].err;
		if (err == CSCS_ERR_DB)
			cscs_diag_error(dl, NULL, 0, 0, "reading list entries: %s", parts[i].why);
		else if (err == CSCS_ERR_INTERNAL)
			cscs_diag_error(dl, NULL, 0, 0, "list index: list entries did not come in id order");
	}
	if (!err && n_parts == 2)
		err = merge_parts(&parts[0].bd, &parts[1].bd);
	if (err)
		goto out;
	struct builder *bd = &parts[0].bd;
	cscs_lap(laps, 1);

	size_t n_absent = 0;
	rank = cscs_bigmem_alloc(TABLE_BYTES);
	err = rank ? rank_buckets(bd->df, rank, &n_absent) : CSCS_ERR_NOMEM;
	if (err)
		goto out;
	/* Most buckets are empty and weigh alike: compute their weight once, not millions of times. */
	unsigned absent = cscs_screen_gram_weight(bd->n_entries, 0);
	for (size_t b = 0; b < CSCS_GRAM_BUCKETS; b++)
		rank[b] |= (bd->df[b] ? cscs_screen_gram_weight(bd->n_entries, bd->df[b]) : absent) << 24;
	cscs_bigmem_free(bd->df, TABLE_BYTES);
	bd->df = NULL;
	struct cscs_store_bulk bulk;
	cscs_store_bulk_begin(db, &bulk);
	err = store_index(db, bd, rank, n_absent, fp, dl);
	cscs_store_bulk_end(db, &bulk);
	cscs_lap(laps, 2);
	info->n_entries = bd->n_entries;
out:
	cscs_bigmem_free(rank, TABLE_BYTES);
	builder_finish(&parts[0].bd);
	builder_finish(&parts[1].bd);
	if (err == CSCS_ERR_NOMEM)
		cscs_diag_error(dl, NULL, 0, 0, "list index: out of memory");
	return err;
}

enum cscs_error cscs_screen_index_ensure(sqlite3 *db, bool force, struct cscs_list_index_info *info,
					 struct cscs_diag_list *dl)
{
	char fp[CSCS_SHA256_HEX_LEN];
	memset(info, 0, sizeof(*info));
	struct cscs_laps laps;
	cscs_laps_start(&laps, info->seconds, info->cpu_seconds);
	enum cscs_error err = fingerprint(db, fp, dl);
	cscs_lap(&laps, 0);
	if (err)
		return err;
	if (!force) {
		sqlite3_stmt *st;
		bool fresh = false;
		if ((err = cscs_store_prepare(db,
				"SELECT n_entries, built_at FROM list_index_meta WHERE id = 1 AND format = ?"
				" AND fingerprint = ?"
				" AND bucket_bits = ?", &st, dl)))
			return err;
		sqlite3_bind_int(st, 1, INDEX_FORMAT);
		sqlite3_bind_text(st, 2, fp, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, CSCS_GRAM_BITS);
		if (sqlite3_step(st) == SQLITE_ROW) {
			fresh = true;
			info->n_entries = sqlite3_column_int64(st, 0);
			snprintf(info->built_at, sizeof(info->built_at), "%s",
				(const char *)sqlite3_column_text(st, 1));
		}
		sqlite3_finalize(st);
		if (fresh)
			return CSCS_OK;
	}
	if ((err = build(db, fp, &laps, info, dl)))
		return err;
	info->rebuilt = true;
	cscs_store_now(info->built_at, sizeof(info->built_at));
	return CSCS_OK;
}

enum cscs_error cscs_screen_index_grams(sqlite3 *db, uint32_t **table, struct cscs_diag_list *dl)
{
	sqlite3_stmt *st;
	*table = NULL;
	enum cscs_error err = cscs_store_prepare(db, "SELECT n_entries, ranks FROM list_index_meta WHERE id = 1",
						 &st, dl);
	if (err)
		return err;
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return cscs_store_error(db, rc, "reading the list index", dl);
		cscs_diag_error(dl, NULL, 0, 0, "list index: the stored index is missing or damaged");
		return CSCS_ERR_DB;
	}
	int64_t n_entries = sqlite3_column_int64(st, 0);
	const uint8_t *packed = sqlite3_column_blob(st, 1);
	size_t len = (size_t)sqlite3_column_bytes(st, 1);
	size_t n = len / 4;
	uint32_t *r = cscs_bigmem_alloc(TABLE_BYTES);
	if (!r) {
		sqlite3_finalize(st);
		return CSCS_ERR_NOMEM;
	}
	/* The buckets some entry has rank last, in the stored order; 0xFF.. marks the others meanwhile. */
	memset(r, 0xFF, TABLE_BYTES);
	bool ok = len % 4 == 0 && n <= CSCS_GRAM_BUCKETS && (n == 0 || packed);
	size_t n_absent = CSCS_GRAM_BUCKETS - n;
	for (size_t i = 0; ok && i < n; i++) {
		uint32_t v = get_u32(packed + 4 * i), b = v & (CSCS_GRAM_BUCKETS - 1);
		ok = CSCS_GRAM_RANK(v) == b && r[b] == UINT32_MAX;
		r[b] = (uint32_t)(n_absent + i) | (v >> 24) << 24;
	}
	sqlite3_finalize(st);
	if (!ok) {
		cscs_bigmem_free(r, TABLE_BYTES);
		cscs_diag_error(dl, NULL, 0, 0, "list index: the stored index is missing or damaged");
		return CSCS_ERR_DB;
	}
	uint32_t absent = cscs_screen_gram_weight(n_entries, 0) << 24, next = 0;
	for (size_t b = 0; b < CSCS_GRAM_BUCKETS; b++)
		if (r[b] == UINT32_MAX)
			r[b] = next++ | absent;
	*table = r;
	return CSCS_OK;
}

void cscs_screen_index_grams_free(uint32_t *table)
{
	cscs_bigmem_free(table, TABLE_BYTES);
}

void cscs_screen_gram_weights_init(struct cscs_gram_weights *w, const uint32_t *table)
{
	/* weight by rank first (4 MB, for a moment), then its runs */
	uint8_t *by_rank = cscs_bigmem_alloc(CSCS_GRAM_BUCKETS);
	w->n = 0;
	if (!by_rank) {
		/* no memory for the exact table: every bigram weighs the same */
		for (unsigned i = 0; i < 256; i++) {
			w->end[i] = UINT32_MAX;
			w->weight[i] = 1;
		}
		w->n = 1;
		return;
	}
	for (size_t b = 0; b < CSCS_GRAM_BUCKETS; b++)
		by_rank[CSCS_GRAM_RANK(table[b])] = (uint8_t)CSCS_GRAM_WEIGHT(table[b]);
	for (unsigned i = 0; i < 256; i++) {
		w->end[i] = UINT32_MAX;
		w->weight[i] = 1;
	}
	for (uint32_t r = 0; r < CSCS_GRAM_BUCKETS; r++) {
		if (w->n > 0 && w->weight[w->n - 1] == by_rank[r]) {
			w->end[w->n - 1] = r + 1;
		} else if (w->n < 256) {
			w->weight[w->n] = by_rank[r];
			w->end[w->n] = r + 1;
			w->n++;
		} else {
			w->end[w->n - 1] = r + 1; /* cannot happen: weights only fall, 255 of them */
		}
	}
	cscs_bigmem_free(by_rank, CSCS_GRAM_BUCKETS);
}
