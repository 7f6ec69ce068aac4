/*
 * The persistent list index: what screening needs from every list entry,
 * built once from list_entries and stored in the database, so a lists
 * database can screen many partner files without reading the lists again.
 *
 * Each entry becomes a compact record: its id, 32-bit hashes of its
 * normalised name, code, legal representative's name and identity number,
 * and the padded character bigrams of its normalised name. Bigrams are
 * hashed into 2^22 buckets. Each bucket gets a rank by how many entries
 * hold it (rarest first) and a weight, 8·log2((N + 1024) / (df + 1))
 * rounded and kept within 1..255, so a bigram every name has (上海, 科技)
 * counts little and a rare one (the trade name's) much. A record lists
 * its bigrams' ranks (3 bytes each) in ascending order, so a similarity
 * search can start from the rarest bigrams (prefix filtering) and verify
 * candidates by merging two short sorted lists. The weight falls as the
 * rank grows, so it is not stored per bigram: a table of at most 256 rank
 * ranges gives it (struct cscs_gram_weights). Records are stored in
 * chunks of a few MB (table list_index_chunks); the bucket table in
 * list_index_meta.
 *
 * The index remembers a fingerprint of list_entries and is rebuilt only
 * when the fingerprint changes.
 */
#ifndef CSCS_SCREEN_INDEX_H
#define CSCS_SCREEN_INDEX_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"

#define CSCS_GRAM_BITS 22                         /* bigram buckets: 2^22 */
#define CSCS_GRAM_BUCKETS (1u << CSCS_GRAM_BITS)
#define CSCS_GRAMS_MAX 255                        /* bigrams kept per name */

/* Record flags: which hashes a record carries. */
enum {
	CSCS_REC_KEY = 1,    /* normalised name */
	CSCS_REC_CODE = 2,   /* USCC (any non-empty code) */
	CSCS_REC_REP = 4,    /* legal representative's name */
	CSCS_REC_REP_ID = 8, /* legal representative's identity number */
};

#define CSCS_GRAM_RANK(g) ((g) & 0xFFFFFFu) /* rank of rank | weight << 24 */
#define CSCS_GRAM_WEIGHT(g) ((g) >> 24)      /* weight of rank | weight << 24 */

/* One decoded index record; grams points into the chunk (3 bytes per bigram). */
struct cscs_list_record {
	int64_t id;            /* list_entries.id */
	unsigned flags;        /* CSCS_REC_* */
	uint32_t key_hash;     /* cscs_screen_hash32 of the normalised name */
	uint32_t code_hash;    /* of the normalised code */
	uint32_t rep_hash;     /* of the normalised legal representative name */
	uint32_t rep_id_hash;  /* of the normalised identity number */
	unsigned n_grams;      /* distinct bigram ranks */
	unsigned weight;       /* their total weight (at most 255 · 255) */
	const uint8_t *grams;  /* n_grams ranks, 3 bytes little-endian each, ascending */
};

struct cscs_list_index_info {
	int64_t n_entries;     /* list entries indexed */
	bool rebuilt;          /* built by this call */
	char built_at[32];     /* when the index was built (UTC) */
	double seconds[3];     /* wall clock: checking, reading entries, ranking and storing */
	double cpu_seconds[3]; /* processor time of the same */
};

/*
 * While building, the finished chunks of encoded entries go to an
 * unlinked temporary file (in the database's folder, else TMPDIR or /tmp)
 * and are read back a few at a time to be ranked and stored, so that the
 * build's memory does not grow with the lists. true by default; a test
 * sets it false to compare with a build held wholly in memory.
 */
extern bool cscs_screen_index_spill;

/*
 * Make sure the stored index matches list_entries; rebuild it when it
 * does not (or when force is set). The rebuild runs in its own
 * transaction. On success *info tells what happened.
 */
enum cscs_error cscs_screen_index_ensure(sqlite3 *db, bool force, struct cscs_list_index_info *info,
					 struct cscs_diag_list *dl);

/*
 * The bucket table of the stored index: CSCS_GRAM_BUCKETS entries of
 * rank | weight << 24. Free it with cscs_screen_index_grams_free.
 */
enum cscs_error cscs_screen_index_grams(sqlite3 *db, uint32_t **table, struct cscs_diag_list *dl);

/* Free a table from cscs_screen_index_grams; NULL is a no-op. */
void cscs_screen_index_grams_free(uint32_t *table);

/* The bucket of the bigram (a, b); 1 and 2 stand for the start and end marks. */
uint32_t cscs_screen_gram_bucket(uint32_t a, uint32_t b);

/*
 * The bigram buckets of a normalised name (padded with start and end
 * marks, so a one-character name has two), sorted and without repeats.
 * Returns how many were written to out (at most cap).
 */
size_t cscs_screen_name_buckets(const char *key, size_t len, uint32_t *out, size_t cap);

/* The weight of a bigram held by df of n entries (1..255). */
unsigned cscs_screen_gram_weight(int64_t n, int64_t df);

/*
 * Decode the record at *p (end marks the end of the chunk). prev_id is
 * the id of the previous record of the chunk (the chunk's first_id before
 * the first). Returns the position after the record, or NULL when the
 * data is malformed.
 */
const uint8_t *cscs_list_record_decode(const uint8_t *p, const uint8_t *end, int64_t prev_id,
				       struct cscs_list_record *rec);

/* The i-th rank of a record. */
static inline uint32_t cscs_list_record_gram(const struct cscs_list_record *rec, unsigned i)
{
	const uint8_t *g = rec->grams + 3 * i;
	return (uint32_t)g[0] | (uint32_t)g[1] << 8 | (uint32_t)g[2] << 16;
}

/* The weight of each rank, as at most 256 ranges of ranks (small enough to stay in cache). */
struct cscs_gram_weights {
	uint32_t end[256];    /* range i holds the ranks below end[i] (and at or above end[i - 1]) */
	uint8_t weight[256];  /* the weight of range i */
	unsigned n;           /* ranges in use; the rest end at UINT32_MAX */
};

/* Fill w from a bucket table of cscs_screen_index_grams. */
void cscs_screen_gram_weights_init(struct cscs_gram_weights *w, const uint32_t *table);

/*
 * The weight of rank r: the first range whose end is above r, found by a
 * binary search without branches (ends past the last range are padded
 * with UINT32_MAX, so the search always runs over 256).
 */
static inline unsigned cscs_screen_rank_weight(const struct cscs_gram_weights *w, uint32_t r)
{
	unsigned at = 0;
	for (unsigned half = 128; half > 0; half /= 2)
		at += (unsigned)(w->end[at + half - 1] <= r) * half;
	return w->weight[at];
}

#endif
