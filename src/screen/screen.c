/*
 * Screening: every subject (partner, the audited entity, its legal
 * representative) against every list entry, in one pass over the list
 * index.
 *
 * Subjects are few (thousands to a hundred thousand) and list entries
 * many (millions), so the subjects are indexed in memory and the list
 * index is streamed once:
 *   - same code and same normalised name: hash tables of the subjects'
 *     hashes, probed with each entry's hashes;
 *   - similar names: the all-pairs similarity join with prefix filtering
 *     (Bayardo et al., "Scaling up all pairs similarity search", 2007)
 *     for a weighted Dice coefficient. Bigrams are ranked rarest first
 *     and weigh more the rarer they are; a pair reaching T must share one
 *     of each side's first bigrams, up to where the remaining weight is
 *     too small to reach T alone. Those few rare bigrams are all that
 *     subjects post and entries probe. A posting also knows how much
 *     weight its subject has left after it, so postings that could not
 *     reach T even if everything after matched are skipped without a look
 *     (positional filtering, Xiao et al. 2008); the rest are verified by
 *     merging the two sorted bigram lists and kept as a bounded top-K per
 *     subject.
 * Every candidate is then scored exactly on the real names and codes
 * fetched from list_entries (the index holds hashes only), and the best
 * ones are stored with their explanations.
 */
#include "cscs/screen/screen.h"
#include "cscs/screen/coverage.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cscs/core/buf.h"
#include "cscs/ident/resident_id.h"
#include "cscs/screen/bigmem.h"
#include "cscs/screen/index.h"
#include "cscs/screen/laps.h"
#include "cscs/screen/match.h"
#include "cscs/screen/normalize.h"
#include "cscs/screen/savepoint.h"
#include "cscs/store/store.h"

#define FUZZY_CAP 64         /* similar-name candidates kept per subject and streaming thread */
#define EXACT_CAP 200        /* same-name entries considered per subject and streaming thread */
#define IDENT_CAP 4096       /* same-code or same-identity-number entries, likewise */
#define KEEP_COMPANY 10      /* matches stored per partner or entity (and up to as many of its own entries) */
#define KEEP_PERSON 50       /* matches stored for the legal representative */
#define SCORE_PARALLEL_MIN 512 /* pairs below which scoring stays on one thread */
#define POST_OFF_BYTES (((size_t)CSCS_GRAM_BUCKETS + 1) * sizeof(uint32_t)) /* rank -> first posting */
#define POST_BITS_BYTES ((size_t)CSCS_GRAM_BUCKETS / 8)                    /* ranks with postings */
#define POST_WORDS ((size_t)CSCS_GRAM_BUCKETS / 64)                        /* 64-bit words of them */
#define HASH_BITS 21 /* prefilter of the hash tables: 2^21 bits, 256 KB */

enum subject_kind { SUBJ_PARTNER, SUBJ_ENTITY, SUBJ_LEGAL_REP };

static const char *const kind_names[] = {"partner", "entity", "legal_rep"};

enum {
	FOUND_NAME = 1,  /* same name hash */
	FOUND_CODE = 2,  /* same code hash */
	FOUND_REP = 4,   /* same legal representative name or number hash */
	FOUND_FUZZY = 8, /* similar bigrams */
};

struct subject {
	int64_t row_id;      /* partners.id; 0 for the entity and its representative */
	uint32_t text;       /* name NUL code NUL, in the text arena */
	uint32_t key_hash;   /* 0: no name */
	uint32_t code_hash;  /* 0: no code */
	uint32_t rep_hash;   /* legal representative: name hash, 0 none */
	uint32_t rep_id_hash;/* legal representative: number hash, 0 none */
	uint32_t grams;      /* first bigram (rank | weight << 24) in the gram arena */
	uint32_t weight;     /* total weight of its bigrams */
	uint16_t n_grams;    /* bigrams */
	uint8_t kind;        /* enum subject_kind */
	uint8_t overflow;    /* more matching entries than are scored (EXACT_CAP, IDENT_CAP, FUZZY_CAP) */
	uint8_t has_alt;     /* its name is written in both scripts: a second spelling follows */
	uint32_t next_key;   /* next subject with the same key hash, +1 (0 ends) */
	uint32_t next_code;  /* next subject with the same code hash, +1 (0 ends) */
	uint32_t owner;      /* the subject whose pairs it finds: itself, or the one it spells again */
};

/*
 * A subject's bigram in the similar-name index. Postings of one rank are
 * sorted by bound, largest first: a probe stops at the first posting
 * whose bound is too small, as all later ones are smaller.
 *
 * A posting is one cache line and carries the subject's bigrams after
 * this one, as far as they fit (nearly always all): verifying a pair
 * then reads the line the probe has just read, where looking the
 * bigrams up in the arena was a miss in the cache per pair compared,
 * and most of the stream's time when names are made of few characters
 * (docs/performance.md).
 */
#define POST_AFTER 12 /* bigrams carried after the posted one */

struct posting {
	uint32_t subject;    /* subject index */
	int32_t bound;       /* 400·(weight from this bigram on) - (2T-1)·(subject's weight) */
	uint32_t grams;      /* the subject's bigrams in the gram arena, when more follow than fit */
	uint16_t weight;     /* the subject's total bigram weight */
	uint8_t pos;         /* position of the bigram in the subject's list */
	uint8_t n_grams;     /* the subject's bigrams */
	uint32_t after[POST_AFTER]; /* its bigrams after pos (rank | weight << 24), when they all fit */
};
_Static_assert(sizeof(struct posting) == 64, "a posting is one cache line");

/*
 * A hash table slot: the hash beside the subject, so that a probe that
 * misses (nearly all of the 5 million) reads the table and nothing else.
 */
struct slot {
	uint32_t hash;       /* key or code hash */
	uint32_t first;      /* first subject with it, + 1; 0: empty slot */
};

struct pair {
	int64_t entry_id;    /* list_entries.id */
	uint32_t subject;    /* index into subjects */
	uint8_t found;       /* FOUND_* */
	uint8_t rule;        /* enum cscs_match_rule once scored */
	uint8_t historical;  /* removed by as_of, or listed after it */
	uint8_t adverse;     /* on an adverse list */
	int16_t score;       /* -1 until scored; then 0..100 */
	uint8_t keep;        /* chosen for storage */
	uint8_t rank;        /* 1 = best of its subject */
	uint8_t flags;       /* current, on an adverse list, at review or above: it decides the status */
	int64_t match_id;    /* screen_matches.id once stored */
};

struct screener {
	sqlite3 *db;                /* the caller's connection */
	const struct cscs_screen_opts *opts; /* as-of date and thresholds */
	struct cscs_diag_list *dl;  /* the caller's diagnostics */
	uint32_t *table;            /* the list index's bucket table: rank | weight << 24 */
	struct cscs_gram_weights weights; /* the weight of each rank */
	int threshold;              /* similar-name search threshold in percent; > 100: none */
	uint64_t n_entries;         /* list entries in the index (for progress) */

	struct subject *subj;       /* every subject, then the second spellings of names in both scripts */
	size_t n_subj, cap_subj;    /* in use, allocated */
	size_t n_real;              /* subjects before the second spellings */
	struct cscs_buf text;       /* subject names and codes */
	uint32_t *gram;             /* subject bigrams (rank | weight << 24), ascending rank */
	size_t n_gram, cap_gram;    /* in use, allocated */

	struct slot *key_table;     /* open addressing: subjects by key hash */
	struct slot *code_table;    /* the same by code hash */
	uint64_t *key_bits;         /* a bit per key hash >> (32 - HASH_BITS): most probes stop here */
	uint64_t *code_bits;        /* the same for code hashes */
	size_t table_mask;          /* table size - 1 */
	uint64_t *post_bits;        /* ranks that have postings, one bit each */
	uint32_t *post_before;      /* per 64-bit word of post_bits: ranks with postings before it */
	uint32_t *post_start;       /* per rank with postings (rank order): its first posting; + an end */
	int32_t *post_max;          /* and the largest bound among its postings */
	struct posting *post;       /* postings by rank, then bound (descending) */
	uint32_t *reps;             /* subjects that are legal representatives */
	size_t n_reps;              /* their number */

	struct pair *pairs;         /* candidates found */
	size_t n_pairs, cap_pairs;  /* in use, allocated */
	uint64_t n_read, n_compared, n_similar; /* the similar-name join's work, all threads */
	size_t n_overflow;          /* subjects with more matching entries than are scored */
};

/*
 * What one streaming thread owns. The subject index is shared and only
 * read while streaming; everything written lives here.
 */
struct stream {
	struct screener *sc;        /* shared, read-only while streaming */
	sqlite3 *db;                /* the connection this thread reads chunks with */
	int part;                   /* reads the chunks with seq % n_parts == part */
	int n_parts;                /* threads */
	uint32_t *stamp;            /* per subject: the last record that probed it, +1 */
	uint16_t *n_exact;          /* per subject: same-name pairs recorded (at most EXACT_CAP) */
	uint16_t *n_ident;          /* per subject: same-code or same-number pairs (at most IDENT_CAP) */
	uint8_t *n_fuzzy;           /* per subject: similar-name candidates recorded (at most FUZZY_CAP) */
	uint8_t *overflow;          /* per subject: more were found than recorded */
	struct pair *pairs;         /* candidates found */
	size_t n_pairs, cap_pairs;  /* in use, allocated */
	_Atomic uint64_t *streamed; /* list entries streamed by every thread (for progress) */
	uint64_t n_read;            /* postings read by its probes */
	uint64_t n_compared;        /* pairs whose bigrams it merged */
	uint64_t n_similar;         /* of them, at or above the threshold */
	enum cscs_error err;        /* how the thread ended */
	struct cscs_diag_list dl;   /* its diagnostics, merged by the caller */
};

void cscs_screen_opts_init(struct cscs_screen_opts *opts, cscs_date as_of)
{
	opts->as_of = as_of;
	opts->match_score = CSCS_SCREEN_MATCH_SCORE;
	opts->review_score = CSCS_SCREEN_REVIEW_SCORE;
	opts->rebuild_index = false;
	opts->progress = NULL;
}

bool cscs_screen_list_is_adverse(const char *list)
{
	return !list || strcmp(list, "red_list") != 0;
}

static uint32_t hash_text(const char *s, size_t len)
{
	uint32_t h = cscs_screen_hash32(s, len);
	return h ? h : 1; /* as the index does: 0 means none */
}

/* ---- subjects ---- */

/* A cleared subject at the end of the array (not yet counted in n_subj), in *out. */
static enum cscs_error new_subject(struct screener *sc, struct subject **out)
{
	if (sc->n_subj >= (1u << 24) - 1) {
		cscs_diag_error(sc->dl, NULL, 0, 0, "screening: more than 16 million partners");
		return CSCS_ERR_INPUT;
	}
	if (sc->n_subj == sc->cap_subj) {
		size_t cap = sc->cap_subj ? 2 * sc->cap_subj : 1024;
		struct subject *more = realloc(sc->subj, cap * sizeof(*more));
		if (!more)
			return CSCS_ERR_NOMEM;
		sc->subj = more;
		sc->cap_subj = cap;
	}
	struct subject *s = &sc->subj[sc->n_subj];
	memset(s, 0, sizeof(*s));
	s->owner = (uint32_t)sc->n_subj;
	*out = s;
	return CSCS_OK;
}

/* The key's bigrams into s, by rank, rarest first. */
static enum cscs_error subject_grams(struct screener *sc, struct subject *s, const char *key, size_t key_len,
				     const uint32_t *table)
{
	uint32_t b[CSCS_GRAMS_MAX];
	size_t n = cscs_screen_name_buckets(key, key_len, b, CSCS_GRAMS_MAX);
	if (sc->n_gram + n > sc->cap_gram) {
		size_t cap = sc->cap_gram ? 2 * sc->cap_gram : 16384;
		while (cap < sc->n_gram + n)
			cap *= 2;
		uint32_t *more = realloc(sc->gram, cap * sizeof(*more));
		if (!more)
			return CSCS_ERR_NOMEM;
		sc->gram = more;
		sc->cap_gram = cap;
	}
	uint32_t *g = sc->gram + sc->n_gram;
	for (size_t i = 0; i < n; i++) {
		uint32_t r = table[b[i]];
		size_t j = i;
		while (j > 0 && CSCS_GRAM_RANK(g[j - 1]) > CSCS_GRAM_RANK(r)) {
			g[j] = g[j - 1];
			j--;
		}
		g[j] = r;
		s->weight += CSCS_GRAM_WEIGHT(r);
	}
	s->grams = (uint32_t)sc->n_gram;
	s->n_grams = (uint16_t)n;
	sc->n_gram += n;
	return CSCS_OK;
}

static enum cscs_error add_subject(struct screener *sc, enum subject_kind kind, int64_t row_id,
				   const char *name, const char *code, const uint32_t *table)
{
	struct subject *s;
	enum cscs_error err = new_subject(sc, &s);
	if (err)
		return err;
	s->row_id = row_id;
	s->kind = (uint8_t)kind;
	s->text = (uint32_t)sc->text.len;
	cscs_buf_adds(&sc->text, name ? name : "");
	cscs_buf_addc(&sc->text, '\0');
	cscs_buf_adds(&sc->text, code ? code : "");
	cscs_buf_addc(&sc->text, '\0');
	if (sc->text.oom || sc->text.len > UINT32_MAX)
		return CSCS_ERR_NOMEM;
	char buf[64];
	size_t len;
	if (kind == SUBJ_LEGAL_REP) {
		len = cscs_screen_normalize_person(name, name ? strlen(name) : 0, buf, sizeof(buf));
		s->rep_hash = len ? hash_text(buf, len) : 0;
		len = cscs_screen_normalize_id(code, buf, sizeof(buf));
		s->rep_id_hash = len ? hash_text(buf, len) : 0;
		sc->n_subj++;
		return CSCS_OK;
	}
	struct cscs_name_norm nn;
	cscs_screen_normalize_name(name, name ? strlen(name) : 0, &nn);
	s->key_hash = nn.key_len ? hash_text(nn.key, nn.key_len) : 0;
	len = cscs_screen_normalize_id(code, buf, sizeof(buf));
	s->code_hash = len ? hash_text(buf, len) : 0;
	s->has_alt = nn.alt_len > 0;
	err = subject_grams(sc, s, nn.key, nn.key_len, table);
	if (!err)
		sc->n_subj++;
	return err;
}

/*
 * A subject whose name is written in both scripts is searched for by
 * either spelling, as a list entry is: its Latin spelling is a subject of
 * its own (same name, no code) whose pairs are its owner's. Appended after
 * every subject, so that what counts subjects stops at n_real.
 */
static enum cscs_error add_second_spellings(struct screener *sc, const uint32_t *table)
{
	sc->n_real = sc->n_subj;
	for (size_t i = 0; i < sc->n_real; i++) {
		if (!sc->subj[i].has_alt)
			continue;
		struct cscs_name_norm nn;
		const char *name = sc->text.data + sc->subj[i].text;
		cscs_screen_normalize_name(name, strlen(name), &nn);
		if (!nn.alt_len)
			continue;
		struct subject *s;
		enum cscs_error err = new_subject(sc, &s);
		if (err)
			return err;
		const struct subject *o = &sc->subj[i]; /* after new_subject: it may have moved */
		s->row_id = o->row_id;
		s->kind = o->kind;
		s->text = o->text;
		s->owner = (uint32_t)i;
		s->key_hash = hash_text(nn.alt, nn.alt_len);
		err = subject_grams(sc, s, nn.alt, nn.alt_len, table);
		if (err)
			return err;
		sc->n_subj++;
	}
	return CSCS_OK;
}

static enum cscs_error load_subjects(struct screener *sc, const uint32_t *table)
{
	sqlite3_stmt *st;
	enum cscs_error err = cscs_store_prepare(sc->db, "SELECT id, name, uscc FROM partners ORDER BY id",
		&st, sc->dl);
	if (err)
		return err;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		err = add_subject(sc, SUBJ_PARTNER, sqlite3_column_int64(st, 0),
				  (const char *)sqlite3_column_text(st, 1),
					(const char *)sqlite3_column_text(st, 2), table);
		if (err)
			break;
	}
	if (!err && rc != SQLITE_DONE)
		err = cscs_store_error(sc->db, rc, "reading partners", sc->dl);
	sqlite3_finalize(st);
	if (err)
		return err;
	if ((err = cscs_store_prepare(sc->db,
			"SELECT name, uscc, legal_rep_name, legal_rep_id FROM entity ORDER BY id LIMIT 1",
				&st, sc->dl)))
		return err;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		if (name && name[0])
			err = add_subject(sc, SUBJ_ENTITY, 0, name, (const char *)sqlite3_column_text(st, 1),
				table);
		const char *rep = (const char *)sqlite3_column_text(st, 2);
		const char *rep_id = (const char *)sqlite3_column_text(st, 3);
		if (!err && ((rep && rep[0]) || (rep_id && rep_id[0])))
			err = add_subject(sc, SUBJ_LEGAL_REP, 0, rep, rep_id, table);
	} else if (rc != SQLITE_DONE) {
		err = cscs_store_error(sc->db, rc, "reading the entity", sc->dl);
	}
	sqlite3_finalize(st);
	return err ? err : add_second_spellings(sc, table);
}

/* ---- the in-memory subject index ---- */

static size_t table_slot(const struct screener *sc, uint32_t h)
{
	return (h * 0x9E3779B1u) & sc->table_mask;
}

static void table_insert(struct screener *sc, struct slot *table, uint32_t h, uint32_t subject, bool code)
{
	size_t i = table_slot(sc, h);
	for (;;) {
		struct slot *t = &table[i];
		if (t->first == 0) {
			t->hash = h;
			t->first = subject + 1;
			return;
		}
		if (t->hash == h) {
			/* chain subjects with the same hash behind the first */
			struct subject *o = &sc->subj[t->first - 1], *s = &sc->subj[subject];
			if (code) {
				s->next_code = o->next_code;
				o->next_code = subject + 1;
			} else {
				s->next_key = o->next_key;
				o->next_key = subject + 1;
			}
			return;
		}
		i = (i + 1) & sc->table_mask;
	}
}

static void bit_set(uint64_t *bits, uint32_t h)
{
	uint32_t b = h >> (32 - HASH_BITS);
	bits[b / 64] |= (uint64_t)1 << (b % 64);
}

static bool bit_test(const uint64_t *bits, uint32_t h)
{
	uint32_t b = h >> (32 - HASH_BITS);
	return bits[b / 64] >> (b % 64) & 1;
}

/* First subject (+1) with hash h, or 0. */
static uint32_t table_find(const struct screener *sc, const struct slot *table, const uint64_t *bits,
	uint32_t h)
{
	if (!bit_test(bits, h))
		return 0;
	size_t i = table_slot(sc, h);
	for (;;) {
		const struct slot *t = &table[i];
		if (t->first == 0 || t->hash == h)
			return t->first;
		i = (i + 1) & sc->table_mask;
	}
}

/*
 * The search threshold in half percent, less a half: the similarity is
 * reported rounded half up (cscs_screen_name_similarity), so a pair
 * reported at T percent may be as little as T - 0.5 percent similar, and
 * that is what the filters must let through: 400·shared ≥ (2T - 1)·(W + W').
 * Every bound below is in these units (400 where the percent bounds had 200).
 */
static int threshold2(const struct screener *sc)
{
	return 2 * sc->threshold - 1;
}

/*
 * How many of a name's first bigrams (in rank order, weights w) a pair
 * reaching T must share one of: up to where the weight left after them,
 * S, is below T·W / (200 - T), the least shared weight that reaches T
 * whatever the other side's weight (2·shared ≥ T/100·(W + W') and
 * shared ≤ W' give shared ≥ T·W / (200 - T)).
 */
static unsigned prefix_length(const uint32_t *g, unsigned n, uint32_t total, int t)
{
	uint64_t left = total;
	unsigned p = 0;
	while (p < n && (uint64_t)(400 - t) * left >= (uint64_t)t * total) {
		left -= CSCS_GRAM_WEIGHT(g[p]);
		p++;
	}
	return p;
}

static int by_posting(const void *a, const void *b)
{
	const struct posting *x = a, *y = b;
	if (x->bound != y->bound)
		return x->bound > y->bound ? -1 : 1;
	return (x->subject > y->subject) - (x->subject < y->subject);
}

static enum cscs_error build_subject_index(struct screener *sc)
{
	size_t size = 16;
	while (size < 2 * sc->n_subj + 16)
		size *= 2;
	sc->table_mask = size - 1;
	sc->key_table = calloc(size, sizeof(*sc->key_table));
	sc->code_table = calloc(size, sizeof(*sc->code_table));
	sc->reps = calloc(sc->n_subj + 1, sizeof(*sc->reps));
	sc->key_bits = calloc((1u << HASH_BITS) / 64, sizeof(*sc->key_bits));
	sc->code_bits = calloc((1u << HASH_BITS) / 64, sizeof(*sc->code_bits));
	if (!sc->key_table || !sc->code_table || !sc->reps || !sc->key_bits || !sc->code_bits)
		return CSCS_ERR_NOMEM;
	for (size_t i = 0; i < sc->n_subj; i++) {
		struct subject *s = &sc->subj[i];
		if (s->key_hash) {
			table_insert(sc, sc->key_table, s->key_hash, (uint32_t)i, false);
			bit_set(sc->key_bits, s->key_hash);
		}
		if (s->code_hash) {
			table_insert(sc, sc->code_table, s->code_hash, (uint32_t)i, true);
			bit_set(sc->code_bits, s->code_hash);
		}
		if (s->kind == SUBJ_LEGAL_REP)
			sc->reps[sc->n_reps++] = (uint32_t)i;
	}
	if (sc->threshold > 100)
		return CSCS_OK;

	int t = threshold2(sc);
	size_t total = 0;
	for (size_t i = 0; i < sc->n_subj; i++) {
		const struct subject *s = &sc->subj[i];
		total += prefix_length(sc->gram + s->grams, s->n_grams, s->weight, t);
	}
	/* the postings by rank, in a 16 MB rank -> offset table for now */
	uint32_t *post_off = cscs_bigmem_alloc(POST_OFF_BYTES);
	sc->post_bits = cscs_bigmem_alloc(POST_BITS_BYTES);
	sc->post_before = malloc(POST_WORDS * sizeof(*sc->post_before));
	sc->post = aligned_alloc(64, (total + 1) * sizeof(*sc->post));
	if (!post_off || !sc->post_bits || !sc->post_before || !sc->post) {
		cscs_bigmem_free(post_off, POST_OFF_BYTES);
		return CSCS_ERR_NOMEM;
	}
	/* counts, then end positions; filling backwards leaves each rank's start */
	for (size_t i = 0; i < sc->n_subj; i++) {
		const struct subject *s = &sc->subj[i];
		const uint32_t *g = sc->gram + s->grams;
		unsigned p = prefix_length(g, s->n_grams, s->weight, t);
		for (unsigned k = 0; k < p; k++)
			post_off[CSCS_GRAM_RANK(g[k])]++;
	}
	uint32_t sum = 0;
	for (size_t r = 0; r <= CSCS_GRAM_BUCKETS; r++) {
		sum += post_off[r];
		post_off[r] = sum;
	}
	for (size_t i = sc->n_subj; i-- > 0;) {
		const struct subject *s = &sc->subj[i];
		const uint32_t *g = sc->gram + s->grams;
		unsigned p = prefix_length(g, s->n_grams, s->weight, t);
		int64_t left = s->weight;
		for (unsigned k = 0; k < p; k++) {
			uint32_t r = CSCS_GRAM_RANK(g[k]);
			int64_t bound = 400 * left - (int64_t)t * s->weight;
			struct posting *q = &sc->post[--post_off[r]];
			*q = (struct posting){(uint32_t)i, (int32_t)bound, s->grams, (uint16_t)s->weight,
					      (uint8_t)k, (uint8_t)s->n_grams, {0}};
			if (s->n_grams - k - 1u <= POST_AFTER)
				memcpy(q->after, g + k + 1, (s->n_grams - k - 1u) * sizeof(*g));
			sc->post_bits[r / 64] |= (uint64_t)1 << (r % 64);
			left -= CSCS_GRAM_WEIGHT(g[k]);
		}
	}
	/*
	 * Keep only the ranks that have postings, compactly: a probe finds a
	 * rank's place by counting the bits before it, and reads its largest
	 * bound before touching any posting. The whole directory is a few MB
	 * where the rank -> offset table was 16.
	 */
	size_t n_ranks = 0;
	for (size_t w = 0; w < POST_WORDS; w++) {
		sc->post_before[w] = (uint32_t)n_ranks;
		n_ranks += (size_t)__builtin_popcountll(sc->post_bits[w]);
	}
	sc->post_start = malloc((n_ranks + 1) * sizeof(*sc->post_start));
	sc->post_max = malloc((n_ranks + 1) * sizeof(*sc->post_max));
	if (!sc->post_start || !sc->post_max) {
		cscs_bigmem_free(post_off, POST_OFF_BYTES);
		return CSCS_ERR_NOMEM;
	}
	size_t k = 0;
	for (size_t r = 0; r < CSCS_GRAM_BUCKETS; r++) {
		uint32_t n = post_off[r + 1] - post_off[r];
		if (n == 0)
			continue;
		if (n > 1)
			qsort(sc->post + post_off[r], n, sizeof(*sc->post), by_posting);
		sc->post_start[k] = post_off[r];
		sc->post_max[k] = sc->post[post_off[r]].bound;
		k++;
	}
	sc->post_start[k] = (uint32_t)total;
	cscs_bigmem_free(post_off, POST_OFF_BYTES);
	return CSCS_OK;
}

/* ---- streaming the list index ---- */

static enum cscs_error add_pair(struct pair **pairs, size_t *n, size_t *cap, uint32_t subject,
				int64_t entry_id, uint8_t found)
{
	if (*n == *cap) {
		size_t more_cap = *cap ? 2 * *cap : 4096;
		struct pair *more = realloc(*pairs, more_cap * sizeof(*more));
		if (!more)
			return CSCS_ERR_NOMEM;
		*pairs = more;
		*cap = more_cap;
	}
	struct pair *p = &(*pairs)[(*n)++];
	memset(p, 0, sizeof(*p));
	p->entry_id = entry_id;
	p->subject = subject;
	p->found = found;
	p->score = -1;
	return CSCS_OK;
}

/*
 * An entry with the subject's name, code or legal representative. Pairs
 * found by a code or an identity number (ident) are counted apart from
 * those found by a name, so that hundreds of entries sharing a name (the
 * branches of one bank, a common personal name) cannot crowd out the one
 * with the subject's own code. Past a cap the subject is marked, as for
 * similar names: it cannot be reported clear.
 */
static enum cscs_error add_exact(struct stream *sm, uint32_t subject, int64_t entry_id, uint8_t found, bool ident)
{
	uint16_t *n = ident ? &sm->n_ident[subject] : &sm->n_exact[subject];
	if (*n >= (ident ? IDENT_CAP : EXACT_CAP)) {
		sm->overflow[subject] = 1;
		return CSCS_OK;
	}
	(*n)++;
	return add_pair(&sm->pairs, &sm->n_pairs, &sm->cap_pairs, subject, entry_id, found);
}

/*
 * A similar-name candidate: every pair at or above the search threshold
 * is scored (the score, not the similarity, decides which are kept: a
 * less similar entry without a conflicting code can outscore more similar
 * ones with one). A subject with more than FUZZY_CAP of them on one
 * thread keeps the first FUZZY_CAP and is marked: it cannot be reported
 * clear (store_subject_status).
 */
static enum cscs_error add_fuzzy(struct stream *sm, uint32_t subject, int64_t entry_id)
{
	if (sm->n_fuzzy[subject] >= FUZZY_CAP) {
		sm->overflow[subject] = 1;
		return CSCS_OK;
	}
	sm->n_fuzzy[subject]++;
	return add_pair(&sm->pairs, &sm->n_pairs, &sm->cap_pairs, subject, entry_id, FOUND_FUZZY);
}

static enum cscs_error probe_record(struct stream *sm, const struct cscs_list_record *rec, uint32_t stamp)
{
	const struct screener *sc = sm->sc;
	enum cscs_error err;
	if (rec->flags & CSCS_REC_KEY) {
		uint32_t v = table_find(sc, sc->key_table, sc->key_bits, rec->key_hash);
		for (; v; v = sc->subj[v - 1].next_key)
			if ((err = add_exact(sm, sc->subj[v - 1].owner, rec->id, FOUND_NAME, false)))
				return err;
	}
	if (rec->flags & CSCS_REC_CODE) {
		uint32_t v = table_find(sc, sc->code_table, sc->code_bits, rec->code_hash);
		for (; v; v = sc->subj[v - 1].next_code)
			if ((err = add_exact(sm, v - 1, rec->id, FOUND_CODE, true)))
				return err;
	}
	for (size_t i = 0; i < sc->n_reps; i++) {
		const struct subject *r = &sc->subj[sc->reps[i]];
		bool same_id = r->rep_id_hash && r->rep_id_hash == rec->rep_id_hash;
		if ((r->rep_hash && r->rep_hash == rec->rep_hash) || same_id)
			if ((err = add_exact(sm, sc->reps[i], rec->id, FOUND_REP, same_id)))
				return err;
	}
	if (!sc->post || rec->n_grams == 0)
		return CSCS_OK;
	/*
	 * The weights of an entry's bigrams are looked up only as far as its
	 * prefix goes; the rest of eg holds bare ranks until a merge needs a
	 * shared bigram's weight (the record carries the total).
	 */
	unsigned n_e = rec->n_grams;
	uint32_t eg[CSCS_GRAMS_MAX];
	uint32_t w_e = rec->weight;
	for (unsigned k = 0; k < n_e; k++)
		eg[k] = cscs_list_record_gram(rec, k);
	int t = threshold2(sc);
	int64_t need = (int64_t)t * w_e;
	/* prefix_length(), weighing the bigrams on the way */
	unsigned p_e = 0;
	uint64_t rest = w_e;
	while (p_e < n_e && (uint64_t)(400 - t) * rest >= (uint64_t)t * w_e) {
		unsigned w = cscs_screen_rank_weight(&sc->weights, eg[p_e]);
		eg[p_e] |= (uint32_t)w << 24;
		rest -= w;
		p_e++;
	}
	int64_t left_e = w_e;
	uint64_t n_read = 0, n_compared = 0, n_similar = 0; /* counted here, added to sm's at the end */
	for (unsigned i = 0; i < p_e; i++) {
		/* NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult): p_e <= n_e */
		uint32_t g = CSCS_GRAM_RANK(eg[i]);
		int64_t here = left_e;
		left_e -= CSCS_GRAM_WEIGHT(eg[i]);
		uint64_t word = sc->post_bits[g / 64], below = ((uint64_t)1 << (g % 64)) - 1;
		if (!(word >> (g % 64) & 1))
			continue;
		uint32_t at = sc->post_before[g / 64] + (uint32_t)__builtin_popcountll(word & below);
		if (sc->post_max[at] < need)
			continue;
		/*
		 * When g is the rarest bigram the two share, the shared weight
		 * is at most the smaller of what each side has from g on. When
		 * it is not, the pair met a rarer shared bigram before: it was
		 * verified there, or that bound, larger than this one, failed.
		 */
		int64_t bound_e = 400 * here - need;
		for (uint32_t j = sc->post_start[at]; j < sc->post_start[at + 1]; j++) {
			const struct posting *q = &sc->post[j];
			if (q->bound < need)
				break;
			n_read++;
			if (bound_e < (int64_t)t * q->weight || sm->stamp[q->subject] == stamp)
				continue;
			sm->stamp[q->subject] = stamp;
			n_compared++;
			/* the bigrams after the shared one: in the posting, or in the arena */
			unsigned after = q->n_grams - q->pos - 1u, a = 0, b = i + 1, n_s = after;
			const uint32_t *sg = q->after;
			if (after > POST_AFTER) {
				sg = sc->gram + q->grams;
				a = q->pos + 1u;
				n_s = q->n_grams;
			}
			uint64_t shared = CSCS_GRAM_WEIGHT(eg[i]);
			/*
			 * Stop as soon as the pair cannot reach the threshold: the
			 * shared weight can grow by no more than the smaller of what
			 * is left on either side (times 400, as the bounds). The
			 * subject's bigrams carry their weights; the entry's beyond
			 * its prefix only once weighed, so its side is counted down
			 * by those it knows and stays an upper bound.
			 */
			int64_t goal = (int64_t)t * ((int64_t)q->weight + w_e);
			int64_t rest_s = (int64_t)q->bound + (int64_t)t * q->weight - 400 * (int64_t)shared;
			int64_t rest_e = 400 * left_e;
			int64_t got = 400 * (int64_t)shared;
			bool short_of = false;
			while (a < n_s && b < n_e) {
				uint32_t ra = CSCS_GRAM_RANK(sg[a]), rb = CSCS_GRAM_RANK(eg[b]);
				if (ra < rb) {
					rest_s -= 400 * (int64_t)CSCS_GRAM_WEIGHT(sg[a]);
					a++;
				} else if (ra > rb) {
					rest_e -= 400 * (int64_t)CSCS_GRAM_WEIGHT(eg[b]);
					b++;
				} else {
					if (!CSCS_GRAM_WEIGHT(eg[b])) {
						unsigned w = cscs_screen_rank_weight(&sc->weights, rb);
						eg[b] |= (uint32_t)w << 24;
					}
					shared += CSCS_GRAM_WEIGHT(eg[b]);
					got += 400 * (int64_t)CSCS_GRAM_WEIGHT(eg[b]);
					rest_s -= 400 * (int64_t)CSCS_GRAM_WEIGHT(eg[b]);
					rest_e -= 400 * (int64_t)CSCS_GRAM_WEIGHT(eg[b]);
					a++;
					b++;
					continue;
				}
				if (got + (rest_s < rest_e ? rest_s : rest_e) < goal) {
					short_of = true;
					break;
				}
			}
			uint64_t both = (uint64_t)q->weight + w_e;
			if (!short_of && 400 * shared >= (uint64_t)t * both) {
				n_similar++;
				/* the same name: recorded as such above (or the subject marked) */
				if ((rec->flags & CSCS_REC_KEY) && sc->subj[q->subject].key_hash == rec->key_hash)
					continue;
				if ((err = add_fuzzy(sm, sc->subj[q->subject].owner, rec->id)))
					return err;
			}
		}
	}
	sm->n_read += n_read;
	sm->n_compared += n_compared;
	sm->n_similar += n_similar;
	return CSCS_OK;
}

static enum cscs_error stream_chunk(struct stream *sm, const uint8_t *p, size_t len, int64_t prev, int64_t n,
				    uint32_t *stamp)
{
	const uint8_t *end = p + len;
	for (int64_t i = 0; i < n; i++) {
		struct cscs_list_record rec;
		p = cscs_list_record_decode(p, end, prev, &rec);
		if (!p) {
			cscs_diag_error(&sm->dl, NULL, 0, 0,
					"list index: a chunk is damaged; screen again with --rebuild-index");
			return CSCS_ERR_DB;
		}
		prev = rec.id;
		/* cppcheck-suppress knownConditionTrueFalse ; it wraps after 4 billion records */
		if (++*stamp == 0) {
			/* wrapped after 4 billion records: forget old stamps */
			memset(sm->stamp, 0, sm->sc->n_subj * sizeof(*sm->stamp));
			*stamp = 1;
		}
		enum cscs_error err = probe_record(sm, &rec, *stamp);
		if (err)
			return err;
	}
	return CSCS_OK;
}

/* Stream this thread's share of the chunks, read into one reused buffer. */
static void *stream_part(void *arg)
{
	struct stream *sm = arg;
	sqlite3_stmt *st = NULL;
	sqlite3_blob *blob = NULL;
	uint8_t *buf = NULL;
	size_t cap = 0;
	uint32_t stamp = 0;
	sm->err = cscs_store_prepare(sm->db,
		"SELECT seq, first_id, n_entries FROM list_index_chunks WHERE seq % ?1 = ?2 ORDER BY seq",
		&st, &sm->dl);
	if (sm->err)
		return NULL;
	sqlite3_bind_int(st, 1, sm->n_parts);
	sqlite3_bind_int(st, 2, sm->part);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		rc = blob ? sqlite3_blob_reopen(blob, seq)
			  : sqlite3_blob_open(sm->db, "main", "list_index_chunks", "data", seq, 0, &blob);
		if (rc != SQLITE_OK)
			break;
		size_t len = (size_t)sqlite3_blob_bytes(blob);
		if (len > cap) {
			uint8_t *more = realloc(buf, len);
			if (!more) {
				sm->err = CSCS_ERR_NOMEM;
				goto out;
			}
			buf = more;
			cap = len;
		}
		if ((rc = sqlite3_blob_read(blob, buf, (int)len, 0)) != SQLITE_OK)
			break;
		sm->err = stream_chunk(sm, buf, len, sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
			&stamp);
		if (sm->err)
			goto out;
		uint64_t done = atomic_fetch_add(sm->streamed, (uint64_t)sqlite3_column_int64(st, 2)) +
				(uint64_t)sqlite3_column_int64(st, 2);
		if (sm->part == 0) /* the caller's thread: progress is reported on it alone */
			cscs_progress_tick(sm->sc->opts->progress, done, sm->sc->n_entries);
	}
	if (rc != SQLITE_DONE)
		sm->err = cscs_store_error(sm->db, rc, "reading the list index", &sm->dl);
out:
	sqlite3_blob_close(blob);
	sqlite3_finalize(st);
	free(buf);
	return NULL;
}

static enum cscs_error stream_init(struct stream *sm, struct screener *sc, sqlite3 *db, int part, int n_parts)
{
	memset(sm, 0, sizeof(*sm));
	/* NOLINTNEXTLINE(clang-analyzer-unix.Malloc): false positive, it takes sm[1] for sm[0] */
	sm->sc = sc;
	sm->db = db;
	sm->part = part;
	sm->n_parts = n_parts;
	cscs_diag_list_init(&sm->dl);
	size_t n = sc->n_subj + 1;
	sm->stamp = calloc(n, sizeof(*sm->stamp));
	sm->n_exact = calloc(n, sizeof(*sm->n_exact));
	sm->n_ident = calloc(n, sizeof(*sm->n_ident));
	sm->n_fuzzy = calloc(n, sizeof(*sm->n_fuzzy));
	sm->overflow = calloc(n, sizeof(*sm->overflow));
	return sm->stamp && sm->n_exact && sm->n_ident && sm->n_fuzzy && sm->overflow ? CSCS_OK : CSCS_ERR_NOMEM;
}

/* A connection for a streaming thread, or NULL: the chunks are read once, so a small cache, no more. */
static sqlite3 *stream_reader(sqlite3 *db)
{
	sqlite3 *r = cscs_store_open_reader(db);
	if (r)
		cscs_store_set_cache_size(r, -2048);
	return r;
}

static void stream_finish(struct stream *sm)
{
	free(sm->stamp);
	free(sm->n_exact);
	free(sm->n_ident);
	free(sm->n_fuzzy);
	free(sm->overflow);
	free(sm->pairs);
	cscs_diag_list_finish(&sm->dl);
}

/*
 * Stream the whole index on two threads, each with a connection of its
 * own (the stream is the one CPU-bound part of screening, and machines
 * have two cores or more); on the caller's connection alone when no
 * second connection can be had (an in-memory database, an open
 * transaction).
 */
static enum cscs_error stream_index(struct screener *sc)
{
	struct stream sm[2];
	sqlite3 *readers[2] = {stream_reader(sc->db), NULL};
	if (readers[0])
		readers[1] = stream_reader(sc->db);
	int n_parts = readers[1] ? 2 : 1;
	pthread_t thread;
	bool started = false;
	enum cscs_error err = CSCS_OK;
	_Atomic uint64_t streamed = 0;
	memset(sm, 0, sizeof(sm));
	for (int i = 0; i < n_parts && !err; i++) {
		err = stream_init(&sm[i], sc, readers[i] ? readers[i] : sc->db, i, n_parts);
		sm[i].streamed = &streamed;
	}
	if (err)
		goto out;
	if (n_parts == 2 && pthread_create(&thread, NULL, stream_part, &sm[1]) == 0)
		started = true;
	else if (n_parts == 2)
		sm[0].n_parts = n_parts = 1; /* no thread: read it all here */
	stream_part(&sm[0]);
	if (started)
		pthread_join(thread, NULL);
	cscs_progress_tick(sc->opts->progress, atomic_load(&streamed), sc->n_entries);
	for (int i = 0; i < n_parts; i++) {
		for (size_t k = 0; k < sm[i].dl.n; k++)
			cscs_diag_add(sc->dl, sm[i].dl.items[k].level, sm[i].dl.items[k].file,
				sm[i].dl.items[k].line,
				      sm[i].dl.items[k].col, "%s", sm[i].dl.items[k].message);
		if (!err)
			err = sm[i].err;
		sc->n_read += sm[i].n_read;
		sc->n_compared += sm[i].n_compared;
		sc->n_similar += sm[i].n_similar;
	}
	if (err)
		goto out;
	/* the pairs as found, exact and similar; a subject marked on either thread stays marked */
	for (int i = 0; i < n_parts && !err; i++)
		for (size_t k = 0; k < sm[i].n_pairs && !err; k++)
			err = add_pair(&sc->pairs, &sc->n_pairs, &sc->cap_pairs, sm[i].pairs[k].subject,
				       sm[i].pairs[k].entry_id, sm[i].pairs[k].found);
	for (int i = 0; i < n_parts; i++)
		for (size_t subj = 0; subj < sc->n_subj; subj++)
			if (sm[i].overflow[subj] && !sc->subj[subj].overflow) {
				sc->subj[subj].overflow = 1;
				sc->n_overflow++;
			}
out:
	for (int i = 0; i < 2; i++)
		stream_finish(&sm[i]);
	sqlite3_close(readers[0]);
	sqlite3_close(readers[1]);
	return err;
}

/* ---- scoring the candidates ---- */

static int by_subject_entry(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->subject != y->subject)
		return x->subject < y->subject ? -1 : 1;
	return (x->entry_id > y->entry_id) - (x->entry_id < y->entry_id);
}

static int by_entry(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->entry_id != y->entry_id)
		return x->entry_id < y->entry_id ? -1 : 1;
	return (x->subject > y->subject) - (x->subject < y->subject);
}

/*
 * Within a subject: current before historical, those that flag it before
 * the rest (so that ten entries on the red list cannot keep an adverse
 * one out), then by score, then by entry.
 */
static int by_subject_best(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->subject != y->subject)
		return x->subject < y->subject ? -1 : 1;
	if (x->keep != y->keep)
		return x->keep ? -1 : 1;
	if (x->historical != y->historical)
		return x->historical ? 1 : -1;
	if (x->flags != y->flags)
		return x->flags ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->entry_id > y->entry_id) - (x->entry_id < y->entry_id);
}

/* Merge the pairs found more than once (same name and code, say). */
static enum cscs_error gather_pairs(struct screener *sc)
{
	if (sc->n_pairs == 0)
		return CSCS_OK;
	qsort(sc->pairs, sc->n_pairs, sizeof(*sc->pairs), by_subject_entry);
	size_t m = 0;
	for (size_t i = 0; i < sc->n_pairs; i++) {
		if (m && sc->pairs[m - 1].subject == sc->pairs[i].subject &&
		    sc->pairs[m - 1].entry_id == sc->pairs[i].entry_id) {
			sc->pairs[m - 1].found |= sc->pairs[i].found;
			continue;
		}
		sc->pairs[m++] = sc->pairs[i];
	}
	sc->n_pairs = m;
	return CSCS_OK;
}

struct entry_row {
	const char *list;          /* list name */
	const char *name;          /* entry's name */
	const char *uscc;          /* entry's code */
	const char *rep_name;      /* legal representative named in the entry */
	const char *rep_id;        /* and their identity number */
	const char *listed_on;     /* ISO date or NULL */
	const char *removed_on;    /* ISO date or NULL */
};

static const char entry_sql[] =
	"SELECT list, name, uscc, legal_rep_name, legal_rep_id, listed_on, removed_on FROM list_entries WHERE"
	" id = ?";

static bool fetch_entry(sqlite3_stmt *st, int64_t id, struct entry_row *e)
{
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW)
		return false;
	e->list = (const char *)sqlite3_column_text(st, 0);
	e->name = (const char *)sqlite3_column_text(st, 1);
	e->uscc = (const char *)sqlite3_column_text(st, 2);
	e->rep_name = (const char *)sqlite3_column_text(st, 3);
	e->rep_id = (const char *)sqlite3_column_text(st, 4);
	e->listed_on = (const char *)sqlite3_column_text(st, 5);
	e->removed_on = (const char *)sqlite3_column_text(st, 6);
	return true;
}

static const char *subject_name(const struct screener *sc, const struct subject *s)
{
	return sc->text.data + s->text;
}

static const char *subject_code(const struct screener *sc, const struct subject *s)
{
	const char *name = sc->text.data + s->text;
	return name + strlen(name) + 1;
}

/* Score one pair; explanation into why when given. Returns false when nothing relates them. */
static bool score_pair(const struct screener *sc, const struct subject *s, const struct entry_row *e,
		       const char *as_of, struct cscs_match *m, bool *historical, struct cscs_buf *why)
{
	bool related;
	if (s->kind == SUBJ_LEGAL_REP) {
		struct cscs_screen_person a, b;
		cscs_screen_person_init(&a, subject_name(sc, s), subject_code(sc, s));
		cscs_screen_person_init(&b, e->rep_name, e->rep_id);
		related = cscs_screen_score_person(&a, &b, m, why);
	} else {
		struct cscs_screen_company a, b;
		int min_sim = sc->threshold <= 100 ? sc->threshold : 101;
		cscs_screen_company_init(&a, subject_name(sc, s), subject_code(sc, s));
		cscs_screen_company_init(&b, e->name, e->uscc);
		related = cscs_screen_score_company(&a, &b, min_sim, sc->table, m, why);
	}
	/* a removal takes effect on its date, as the checklists read it */
	*historical = false;
	if (e->removed_on && e->removed_on[0] && strcmp(e->removed_on, as_of) <= 0) {
		*historical = true;
		if (why)
			cscs_buf_addf(why, "; removed from the list on %s, by %s (historical)", e->removed_on,
				as_of);
	} else if (e->listed_on && strcmp(e->listed_on, as_of) > 0) {
		*historical = true;
		if (why)
			cscs_buf_addf(why, "; listed on %s, after %s (not yet current)", e->listed_on, as_of);
	}
	return related;
}

/* The pairs [from, to) of one thread, scored on its own connection. */
struct scorer {
	struct screener *sc;
	sqlite3 *db;
	const char *as_of;
	size_t from, to;
	struct cscs_diag_list dl;
	enum cscs_error err;
};

static void *score_part(void *arg)
{
	struct scorer *w = arg;
	struct screener *sc = w->sc;
	sqlite3_stmt *st;
	w->err = cscs_store_prepare(w->db, entry_sql, &st, &w->dl);
	if (w->err)
		return NULL;
	/* one read transaction for all the lookups, not one per entry */
	bool txn = sqlite3_get_autocommit(w->db) && sqlite3_exec(w->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
	struct entry_row e;
	int64_t fetched = 0;
	bool have = false;
	for (size_t i = w->from; i < w->to; i++) {
		struct pair *p = &sc->pairs[i];
		if (!have || fetched != p->entry_id) {
			fetched = p->entry_id;
			have = fetch_entry(st, p->entry_id, &e);
		}
		struct cscs_match m;
		bool hist;
		if (!have || !score_pair(sc, &sc->subj[p->subject], &e, w->as_of, &m, &hist, NULL)) {
			p->score = -1; /* a hash collision, or an entry gone since indexing */
			continue;
		}
		p->score = (int16_t)m.score;
		p->rule = (uint8_t)m.rule;
		p->historical = hist;
		p->adverse = cscs_screen_list_is_adverse(e.list);
	}
	sqlite3_finalize(st);
	if (txn)
		sqlite3_exec(w->db, "COMMIT", NULL, NULL, NULL);
	return NULL;
}

/*
 * Score every pair, looking its entry up once (the pairs sorted by entry):
 * on two threads, each with a connection of its own and the pairs of its
 * own entries, when a second connection can be had (as for the stream);
 * else here. Each pair is scored alone, so the answers are the same.
 */
static enum cscs_error score_pairs(struct screener *sc, const char *as_of)
{
	if (sc->n_pairs > 1) /* qsort wants a real array, even for nothing */
		qsort(sc->pairs, sc->n_pairs, sizeof(*sc->pairs), by_entry);
	/* the second thread's share starts at an entry of its own */
	size_t half = sc->n_pairs / 2;
	while (half > 0 && half < sc->n_pairs && sc->pairs[half].entry_id == sc->pairs[half - 1].entry_id)
		half++;
	sqlite3 *reader = sc->n_pairs >= SCORE_PARALLEL_MIN ? cscs_store_open_reader(sc->db) : NULL;
	if (reader)
		cscs_store_set_cache_size(reader, -8192);
	struct scorer w[2] = {
		{.sc = sc, .db = sc->db, .as_of = as_of, .from = 0, .to = reader ? half : sc->n_pairs},
		{.sc = sc, .db = reader, .as_of = as_of, .from = half, .to = sc->n_pairs},
	};
	cscs_diag_list_init(&w[0].dl);
	cscs_diag_list_init(&w[1].dl);
	pthread_t thread;
	bool started = reader && pthread_create(&thread, NULL, score_part, &w[1]) == 0;
	if (!started)
		w[0].to = sc->n_pairs; /* no thread: score them all here */
	score_part(&w[0]);
	if (started)
		pthread_join(thread, NULL);
	sqlite3_close(reader);
	enum cscs_error err = CSCS_OK;
	for (int i = 0; i < 2; i++) {
		for (size_t k = 0; k < w[i].dl.n; k++)
			cscs_diag_add(sc->dl, w[i].dl.items[k].level, w[i].dl.items[k].file, w[i].dl.items[k].line,
				      w[i].dl.items[k].col, "%s", w[i].dl.items[k].message);
		if (!err && (i == 0 || started))
			err = w[i].err;
		cscs_diag_list_finish(&w[i].dl);
	}
	return err;
}

/* The subject's own entry: the same USCC, or the same name scoring at least review. */
static bool is_own_entry(const struct pair *p, const struct cscs_screen_opts *o)
{
	return p->rule == CSCS_RULE_USCC || (p->rule == CSCS_RULE_NAME && p->score >= o->review_score);
}

/*
 * Choose what to store per subject: related pairs only; similar-name pairs
 * only when the subject has no identifying match (its own entry) on a
 * current adverse list, which flags it already; at most KEEP_* per subject,
 * and besides them its own entries up to as many in all.
 */
static void choose_pairs(struct screener *sc)
{
	const struct cscs_screen_opts *o = sc->opts;
	for (size_t i = 0; i < sc->n_pairs; i++) {
		struct pair *p = &sc->pairs[i];
		p->keep = p->score >= 0;
		p->flags = p->keep && p->adverse && !p->historical && p->score >= o->review_score;
	}
	if (sc->n_pairs > 1)
		qsort(sc->pairs, sc->n_pairs, sizeof(*sc->pairs), by_subject_best);
	size_t i = 0;
	while (i < sc->n_pairs) {
		size_t j = i;
		bool strong = false;
		while (j < sc->n_pairs && sc->pairs[j].subject == sc->pairs[i].subject) {
			const struct pair *p = &sc->pairs[j];
			/*
			 * Only one that flags the subject itself: its own entry on the
			 * red list, or one removed by the as-of date, must not hide a
			 * current adverse entry of a similar name.
			 */
			if (p->keep && is_own_entry(p, o) && p->adverse && !p->historical)
				strong = true;
			j++;
		}
		bool person = sc->subj[sc->pairs[i].subject].kind == SUBJ_LEGAL_REP;
		size_t limit = person ? KEEP_PERSON : KEEP_COMPANY;
		/*
		 * The first `limit` in order; and besides them the subject's own
		 * entries, up to `limit` of them in all, so that similar names
		 * flagging it cannot push out its own history.
		 */
		size_t kept = 0, own = 0, ranked = 0;
		for (size_t k = i; k < j; k++) {
			struct pair *p = &sc->pairs[k];
			if (p->keep && strong && p->rule == CSCS_RULE_SIMILAR)
				p->keep = 0;
			if (p->keep) {
				bool is_own = is_own_entry(p, o);
				if (kept < limit)
					kept++;
				else if (!is_own || own >= limit)
					p->keep = 0;
				own += p->keep && is_own;
			}
			if (p->keep)
				p->rank = (uint8_t)(++ranked);
		}
		i = j;
	}
	/* keep-first order for storing */
	if (sc->n_pairs > 1)
		qsort(sc->pairs, sc->n_pairs, sizeof(*sc->pairs), by_subject_best);
}

/* ---- storing ---- */

struct status_acc {
	const char *status;            /* listed, review, clear */
	struct cscs_buf lists;         /* current adverse lists at match */
	struct cscs_buf review_lists;  /* current lists at review */
	struct cscs_buf hist_lists;    /* lists matched historically */
	int best_score;                /* of the best current match, -1 none */
	int64_t best_entry;            /* its entry */
	int64_t best_match;            /* its screen_matches.id */
};

static void add_list_name(struct cscs_buf *b, const char *list)
{
	if (!list)
		return;
	/* a handful of lists at most: a linear search is fine */
	const char *s = cscs_buf_str(b);
	size_t n = strlen(list);
	for (const char *p = s; (p = strstr(p, list)) != NULL; p += n)
		if ((p == s || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return;
	if (b->len)
		cscs_buf_addc(b, ',');
	cscs_buf_adds(b, list);
}

static void acc_reset(struct status_acc *a)
{
	a->status = "clear";
	cscs_buf_reset(&a->lists);
	cscs_buf_reset(&a->review_lists);
	cscs_buf_reset(&a->hist_lists);
	a->best_score = -1;
	a->best_entry = 0;
	a->best_match = 0;
}

static void acc_add(struct status_acc *a, const struct pair *p, const char *list, const char *band)
{
	if (p->historical) {
		if (strcmp(band, "clear") != 0)
			add_list_name(&a->hist_lists, list);
		return;
	}
	if (a->best_score < 0) {
		a->best_score = p->score;
		a->best_entry = p->entry_id;
		a->best_match = p->match_id;
	}
	if (!p->adverse)
		return;
	if (strcmp(band, "match") == 0) {
		a->status = "listed";
		add_list_name(&a->lists, list);
	} else if (strcmp(band, "review") == 0) {
		if (strcmp(a->status, "clear") == 0)
			a->status = "review";
		add_list_name(&a->review_lists, list);
	}
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const struct cscs_buf *b)
{
	if (b->len)
		sqlite3_bind_text(st, i, b->data, (int)b->len, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static enum cscs_error step_done(sqlite3 *db, sqlite3_stmt *st, const char *what, struct cscs_diag_list *dl)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CSCS_OK : cscs_store_error(db, rc, what, dl);
}

#define STR_(x) #x
#define STR(x) STR_(x)
/* templates/labels/messages.zh.tsv words it in Chinese: change both together */
static const char overflow_reason[] =
	"more list entries match this one than are scored per name (on each streaming thread " STR(EXACT_CAP)
	" of the same name, " STR(IDENT_CAP) " of the same code or identity number, " STR(FUZZY_CAP)
	" similar names); those scored did not reach review, the others were not scored";

static enum cscs_error store_subject_status(struct screener *sc, sqlite3_stmt *ins_status,
	const struct subject *s,
					    const struct status_acc *a, struct cscs_screen_summary *sum)
{
	/* not every entry it matches was scored: none of them may be passed over as clear */
	const char *status = s->overflow && strcmp(a->status, "clear") == 0 ? "not_screened" : a->status;
	if (s->kind == SUBJ_ENTITY) {
		snprintf(sum->entity_status, sizeof(sum->entity_status), "%s", status);
		return CSCS_OK;
	}
	if (s->kind == SUBJ_LEGAL_REP) {
		snprintf(sum->legal_rep_status, sizeof(sum->legal_rep_status), "%s", status);
		return CSCS_OK;
	}
	sqlite3_bind_int64(ins_status, 1, s->row_id);
	sqlite3_bind_text(ins_status, 2, status, -1, SQLITE_STATIC);
	if (status != a->status)
		sqlite3_bind_text(ins_status, 9, overflow_reason, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(ins_status, 9);
	bind_text_or_null(ins_status, 3, &a->lists);
	if (a->best_score >= 0) {
		sqlite3_bind_int(ins_status, 4, a->best_score);
		sqlite3_bind_int64(ins_status, 5, a->best_entry);
		sqlite3_bind_int64(ins_status, 8, a->best_match);
	} else {
		sqlite3_bind_null(ins_status, 4);
		sqlite3_bind_null(ins_status, 5);
		sqlite3_bind_null(ins_status, 8);
	}
	bind_text_or_null(ins_status, 6, &a->review_lists);
	bind_text_or_null(ins_status, 7, &a->hist_lists);
	if (strcmp(a->status, "listed") == 0)
		sum->n_listed++;
	else if (strcmp(a->status, "review") == 0)
		sum->n_review++;
	return step_done(sc->db, ins_status, "storing partner status", sc->dl);
}

/*
 * The list entries of the pairs to store, read once each in id order:
 * the order of the table, so that its pages are read in turn rather than
 * once per pair in the order of the subjects (a page miss per match when
 * many are stored). Seven fields each (entry_sql's), in one arena.
 */
#define ENTRY_FIELDS 7
#define FIELD_NULL UINT32_MAX

struct entry_cache {
	int64_t *ids;            /* ascending, distinct; only entries still there */
	uint32_t *field;         /* per id, ENTRY_FIELDS offsets into text (FIELD_NULL: NULL) */
	size_t n;                /* ids */
	struct cscs_buf text;    /* the fields, each NUL-terminated */
};

static int by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static void entry_cache_finish(struct entry_cache *c)
{
	free(c->ids);
	free(c->field);
	cscs_buf_finish(&c->text);
}

static enum cscs_error entry_cache_fill(struct entry_cache *c, const struct screener *sc, sqlite3_stmt *fetch)
{
	size_t n = 0;
	for (size_t i = 0; i < sc->n_pairs; i++)
		n += sc->pairs[i].keep != 0;
	c->ids = malloc((n + 1) * sizeof(*c->ids));
	if (!c->ids)
		return CSCS_ERR_NOMEM;
	n = 0;
	for (size_t i = 0; i < sc->n_pairs; i++)
		if (sc->pairs[i].keep)
			c->ids[n++] = sc->pairs[i].entry_id;
	if (n > 1)
		qsort(c->ids, n, sizeof(*c->ids), by_id);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || c->ids[m - 1] != c->ids[i])
			c->ids[m++] = c->ids[i];
	c->field = malloc((m + 1) * ENTRY_FIELDS * sizeof(*c->field));
	if (!c->field)
		return CSCS_ERR_NOMEM;
	for (size_t k = 0; k < m; k++) {
		struct entry_row e;
		if (!fetch_entry(fetch, c->ids[k], &e))
			continue; /* gone since indexing: not stored, as before */
		c->ids[c->n] = c->ids[k];
		uint32_t *f = c->field + c->n++ * ENTRY_FIELDS;
		const char *v[ENTRY_FIELDS] = {e.list, e.name, e.uscc, e.rep_name, e.rep_id, e.listed_on,
					       e.removed_on};
		for (int j = 0; j < ENTRY_FIELDS; j++) {
			if (!v[j]) {
				f[j] = FIELD_NULL;
				continue;
			}
			if (c->text.len >= FIELD_NULL - 1)
				return CSCS_ERR_NOMEM; /* 4 GB of fields: not for a screening run */
			f[j] = (uint32_t)c->text.len;
			cscs_buf_add(&c->text, v[j], strlen(v[j]) + 1);
		}
	}
	return c->text.oom ? CSCS_ERR_NOMEM : CSCS_OK;
}

/* The entry of id as fetch_entry() gives it; false when it was not there. */
static bool entry_cache_get(const struct entry_cache *c, int64_t id, struct entry_row *e)
{
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == c->n || c->ids[lo] != id)
		return false;
	const uint32_t *f = c->field + lo * ENTRY_FIELDS;
	const char *v[ENTRY_FIELDS];
	for (int j = 0; j < ENTRY_FIELDS; j++)
		v[j] = f[j] == FIELD_NULL ? NULL : c->text.data + f[j];
	*e = (struct entry_row){v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
	return true;
}

static enum cscs_error store_matches(struct screener *sc, const char *as_of, struct cscs_screen_summary *sum)
{
	const struct cscs_screen_opts *o = sc->opts;
	sqlite3_stmt *fetch = NULL, *ins = NULL, *ins_status = NULL;
	struct cscs_buf why = CSCS_BUF_INIT, masked_why = CSCS_BUF_INIT;
	struct status_acc acc = {0};
	struct entry_cache cache = {.text = CSCS_BUF_INIT};
	enum cscs_error err;
	if ((err = cscs_store_prepare(sc->db, entry_sql, &fetch, sc->dl)) ||
	    (err = cscs_store_prepare(sc->db,
			"INSERT INTO screen_matches(subject_kind, partner_id, subject_name, list_entry_id,"
			" list, score,"
			" band, historical, explanation, rule, entry_name, rank) VALUES"
			" (?,?,?,?,?,?,?,?,?,?,?,?)",
			&ins, sc->dl)) ||
	    (err = cscs_store_prepare(sc->db,
			"INSERT INTO partner_status(partner_id, status, lists, best_score, best_entry_id,"
			" review_lists,"
			" historical_lists, best_match_id, reason) VALUES (?,?,?,?,?,?,?,?,?)", &ins_status, sc->dl)) ||
	    (err = entry_cache_fill(&cache, sc, fetch)))
		goto out;
	/* the entity and its representative are clear unless a match says otherwise */
	for (size_t k = 0; k < sc->n_real; k++) {
		if (sc->subj[k].kind == SUBJ_ENTITY)
			snprintf(sum->entity_status, sizeof(sum->entity_status), "clear");
		else if (sc->subj[k].kind == SUBJ_LEGAL_REP)
			snprintf(sum->legal_rep_status, sizeof(sum->legal_rep_status), "clear");
	}
	size_t i = 0;
	while (i < sc->n_pairs) {
		const struct subject *s = &sc->subj[sc->pairs[i].subject];
		acc_reset(&acc);
		size_t j = i;
		for (; j < sc->n_pairs && sc->pairs[j].subject == sc->pairs[i].subject; j++) {
			struct pair *p = &sc->pairs[j];
			if (!p->keep)
				continue;
			struct entry_row e;
			struct cscs_match m;
			bool hist;
			if (!entry_cache_get(&cache, p->entry_id, &e))
				continue;
			cscs_buf_reset(&why);
			if (!score_pair(sc, s, &e, as_of, &m, &hist, &why))
				continue;
			const char *band = cscs_screen_band(m.score, o->match_score, o->review_score);
			sqlite3_bind_text(ins, 1, kind_names[s->kind], -1, SQLITE_STATIC);
			if (s->kind == SUBJ_PARTNER)
				sqlite3_bind_int64(ins, 2, s->row_id);
			else
				sqlite3_bind_null(ins, 2);
			sqlite3_bind_text(ins, 3, subject_name(sc, s), -1, SQLITE_STATIC);
			sqlite3_bind_int64(ins, 4, p->entry_id);
			sqlite3_bind_text(ins, 5, e.list, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(ins, 6, m.score);
			sqlite3_bind_text(ins, 7, band, -1, SQLITE_STATIC);
			sqlite3_bind_int(ins, 8, hist);
			/* Stored masked: an explanation may quote a code that is someone's identity number. */
			sqlite3_bind_text(ins, 9, cscs_resident_id_mask_text(cscs_buf_str(&why), &masked_why), -1,
					  SQLITE_TRANSIENT);
			sqlite3_bind_text(ins, 10, cscs_screen_rule_name(m.rule), -1, SQLITE_STATIC);
			if (s->kind == SUBJ_LEGAL_REP)
				sqlite3_bind_text(ins, 11, e.rep_name, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_text(ins, 11, e.name, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(ins, 12, p->rank);
			if ((err = step_done(sc->db, ins, "storing matches", sc->dl)))
				goto out;
			p->match_id = sqlite3_last_insert_rowid(sc->db);
			p->score = (int16_t)m.score;
			p->historical = hist;
			sum->n_matches++;
			acc_add(&acc, p, e.list, band);
		}
		if (why.oom) {
			err = CSCS_ERR_NOMEM;
			goto out;
		}
		if ((err = store_subject_status(sc, ins_status, s, &acc, sum)))
			goto out;
		i = j;
	}
	/* partners with nothing related are clear */
	err = cscs_store_exec(sc->db,
		"INSERT INTO partner_status(partner_id, status) SELECT id, 'clear' FROM partners"
		" WHERE id NOT IN (SELECT partner_id FROM partner_status)", sc->dl);
out:
	sqlite3_finalize(fetch);
	sqlite3_finalize(ins);
	sqlite3_finalize(ins_status);
	cscs_buf_finish(&why);
	cscs_buf_finish(&masked_why);
	cscs_buf_finish(&acc.lists);
	cscs_buf_finish(&acc.review_lists);
	cscs_buf_finish(&acc.hist_lists);
	entry_cache_finish(&cache);
	return err;
}

/*
 * Exposure by list and overall ('*': any adverse list): partners listed,
 * in review only, matched historically only, and their spend in fen.
 */
static const char exposure_sql[] =
	"WITH p AS (SELECT id, coalesce(spend, 0) AS spend FROM partners),"
	" tot AS (SELECT count(*) AS n, coalesce(sum(spend), 0) AS spend FROM p),"
	" m AS (SELECT partner_id, list,"
	"   max(historical = 0 AND band = 'match') AS cur_match,"
	"   max(historical = 0 AND band = 'review') AS cur_review,"
	"   max(historical = 1 AND band IN ('match', 'review')) AS hist"
	"   FROM screen_matches WHERE subject_kind = 'partner' GROUP BY partner_id, list),"
	" lists AS (SELECT list FROM list_index_lists UNION SELECT list FROM m),"
	" per AS (SELECT l.list,"
	"   count(CASE WHEN m.cur_match THEN 1 END) AS n_listed,"
	"   count(CASE WHEN NOT m.cur_match AND m.cur_review THEN 1 END) AS n_review,"
	"   count(CASE WHEN NOT m.cur_match AND NOT m.cur_review AND m.hist THEN 1 END) AS n_hist,"
	"   coalesce(sum(CASE WHEN m.cur_match THEN p.spend END), 0) AS s_listed,"
	"   coalesce(sum(CASE WHEN NOT m.cur_match AND m.cur_review THEN p.spend END), 0) AS s_review"
	"   FROM lists l LEFT JOIN m ON m.list = l.list LEFT JOIN p ON p.id = m.partner_id"
	"   WHERE l.list IS NOT NULL GROUP BY l.list),"
	" overall AS (SELECT '*' AS list,"
	"   count(CASE WHEN s.status = 'listed' THEN 1 END) AS n_listed,"
	"   count(CASE WHEN s.status = 'review' THEN 1 END) AS n_review,"
	"   count(CASE WHEN s.status = 'clear' AND s.historical_lists IS NOT NULL THEN 1 END) AS n_hist,"
	"   coalesce(sum(CASE WHEN s.status = 'listed' THEN p.spend END), 0) AS s_listed,"
	"   coalesce(sum(CASE WHEN s.status = 'review' THEN p.spend END), 0) AS s_review"
	"   FROM partner_status s JOIN p ON p.id = s.partner_id)"
	" INSERT INTO screen_exposure(list, n_partners, n_listed, n_review, n_historical, spend_total,"
	"   spend_listed, spend_review, share_listed, share_spend_listed)"
	" SELECT x.list, tot.n, x.n_listed, x.n_review, x.n_hist, tot.spend, x.s_listed, x.s_review,"
	"   CASE WHEN tot.n > 0 THEN 1.0 * x.n_listed / tot.n END,"
	"   CASE WHEN tot.spend > 0 THEN 1.0 * x.s_listed / tot.spend END"
	" FROM (SELECT * FROM per UNION ALL SELECT * FROM overall) x, tot";

static enum cscs_error store_info(struct screener *sc, const char *as_of,
	const struct cscs_screen_summary *sum,
				  const struct cscs_list_index_info *ix)
{
	sqlite3_stmt *st;
	char now[32];
	enum cscs_error err = cscs_store_prepare(sc->db,
		"INSERT INTO screen_info(id, screened_at, as_of, match_score, review_score, import_id,"
		" n_partners,"
		" n_listed, n_review, n_list_entries, n_matches, entity_status, legal_rep_status,"
		" index_built_at, n_not_screened, lists_incomplete)"
		" VALUES (1, ?, ?, ?, ?, (SELECT max(id) FROM imports), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st,
			sc->dl);
	if (err)
		return err;
	sqlite3_bind_text(st, 1, cscs_store_now(now, sizeof(now)), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, as_of, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, sc->opts->match_score);
	sqlite3_bind_int(st, 4, sc->opts->review_score);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)sum->n_partners);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)sum->n_listed);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)sum->n_review);
	sqlite3_bind_int64(st, 8, ix->n_entries);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)sum->n_matches);
	if (sum->entity_status[0])
		sqlite3_bind_text(st, 10, sum->entity_status, -1, SQLITE_STATIC);
	if (sum->legal_rep_status[0])
		sqlite3_bind_text(st, 11, sum->legal_rep_status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, ix->built_at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 13, (sqlite3_int64)sum->n_not_screened);
	if (sum->lists_incomplete[0])
		sqlite3_bind_text(st, 14, sum->lists_incomplete, -1, SQLITE_STATIC);
	err = step_done(sc->db, st, "storing screening info", sc->dl);
	sqlite3_finalize(st);
	return err;
}

static void screener_finish(struct screener *sc)
{
	cscs_screen_index_grams_free(sc->table);
	free(sc->subj);
	cscs_buf_finish(&sc->text);
	free(sc->gram);
	free(sc->key_table);
	free(sc->code_table);
	free(sc->key_bits);
	free(sc->code_bits);
	free(sc->post_before);
	free(sc->post_start);
	free(sc->post_max);
	free(sc->post);
	cscs_bigmem_free(sc->post_bits, POST_BITS_BYTES);
	free(sc->reps);
	free(sc->pairs);
}

const char *cscs_screen_phase_name(enum cscs_screen_phase phase)
{
	static const char *const names[CSCS_PHASE_COUNT_] = {
		"check index", "read lists", "store index", "load partners", "stream", "score",
		"store results",
	};
	return phase < CSCS_PHASE_COUNT_ ? names[phase] : "?";
}

enum cscs_error cscs_screen_run(sqlite3 *db, const struct cscs_screen_opts *opts,
				struct cscs_screen_summary *sum, struct cscs_diag_list *dl)
{
	struct screener sc = {.db = db, .opts = opts, .dl = dl, .text = CSCS_BUF_INIT};
	struct cscs_list_index_info ix;
	struct cscs_laps laps;
	char as_of[CSCS_DATE_ISO_LEN];
	enum cscs_error err;
	*sum = (struct cscs_screen_summary){0};
	if (opts->match_score < 0 || opts->match_score > 100 || opts->review_score < 0 ||
	    opts->review_score > 100 || opts->review_score > opts->match_score) {
		cscs_diag_error(dl, NULL, 0, 0,
			"screening thresholds must satisfy 0 <= review (%d) <= match (%d) <= 100",
				opts->review_score, opts->match_score);
		return CSCS_ERR_USAGE;
	}
	cscs_date_format(opts->as_of, as_of);
	/* similar names below review could never be reported; below 50% the search would be unbounded */
	if (opts->review_score > CSCS_SCORE_SIMILAR_MAX)
		sc.threshold = 101;
	else if (opts->review_score < CSCS_SCREEN_MIN_SIMILAR)
		sc.threshold = CSCS_SCREEN_MIN_SIMILAR;
	else
		sc.threshold = opts->review_score;

	if ((err = cscs_screen_index_ensure(db, opts->rebuild_index, &ix, dl)))
		return err;
	sum->n_list_entries = ix.n_entries;
	sc.n_entries = (uint64_t)ix.n_entries;
	sum->index_rebuilt = ix.rebuilt;
	for (int i = 0; i < 3; i++) {
		sum->seconds[CSCS_PHASE_CHECK + i] = ix.seconds[i];
		sum->cpu_seconds[CSCS_PHASE_CHECK + i] = ix.cpu_seconds[i];
	}
	cscs_laps_start(&laps, sum->seconds, sum->cpu_seconds);
	if ((err = cscs_screen_index_grams(db, &sc.table, dl)))
		goto out;
	cscs_screen_gram_weights_init(&sc.weights, sc.table);
	if ((err = load_subjects(&sc, sc.table)) ||
	    (err = build_subject_index(&sc)))
		goto out;
	for (size_t i = 0; i < sc.n_real; i++)
		if (sc.subj[i].kind == SUBJ_PARTNER)
			sum->n_partners++;
	cscs_lap(&laps, CSCS_PHASE_LOAD);
	if ((err = stream_index(&sc)))
		goto out;
	sum->n_postings_read = sc.n_read;
	sum->n_pairs_compared = sc.n_compared;
	sum->n_similar_overflow = sc.n_overflow;
	sum->n_pairs_similar = sc.n_similar;
	sum->join_threshold = sc.threshold;
	cscs_lap(&laps, CSCS_PHASE_STREAM);
	if ((err = gather_pairs(&sc)) || (err = score_pairs(&sc, as_of)))
		goto out;
	choose_pairs(&sc);
	cscs_lap(&laps, CSCS_PHASE_SCORE);

	if ((err = cscs_screen_savepoint_begin(db, dl)))
		goto out;
	if ((err = cscs_store_exec(db,
			"DELETE FROM screen_matches; DELETE FROM partner_status; DELETE FROM screen_exposure;"
			" DELETE FROM screen_info", dl)) ||
	    (err = store_matches(&sc, as_of, sum)) ||
	    (err = cscs_screen_mark_not_screened(db, sum, dl)) ||
	    (err = cscs_store_exec(db, exposure_sql, dl)) ||
	    (err = store_info(&sc, as_of, sum, &ix)) ||
	    (err = cscs_screen_savepoint_release(db, dl))) {
		cscs_screen_savepoint_rollback(db);
		goto out;
	}
	cscs_lap(&laps, CSCS_PHASE_STORE);
out:
	if (err == CSCS_ERR_NOMEM)
		cscs_diag_error(dl, NULL, 0, 0, "screening: out of memory");
	screener_finish(&sc);
	return err;
}
