/*
 * genpack internals: a deterministic random stream, a streaming CSV writer
 * (UTF-8 or GB18030, LF or CRLF), value formatters in the forms intake
 * accepts, invented names and codes, and the manifest of planted truth.
 *
 * Nothing here keeps rows in memory: every file is written row by row and
 * the manifest's lists are spooled to temporary files, so memory does not
 * grow with the pack size.
 */
#ifndef CSCS_BENCH_GP_H
#define CSCS_BENCH_GP_H

#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cscs/core/buf.h"
#include "cscs/core/date.h"
#include "cscs/core/money.h"

/* ---- random stream: xoshiro256** seeded with splitmix64 ---- */

struct gp_rng {
	uint64_t s[4]; /* xoshiro256** state, never all zero */
};

/* One step of splitmix64 (Steele, Lea, Flood 2014); advances *state. */
uint64_t gp_splitmix64(uint64_t *state);
/* Seed a stream from the pack seed and a label (a file name), so files are independent. */
void gp_rng_seed(struct gp_rng *r, uint64_t seed, const char *label);
/* Next 64 random bits (xoshiro256**, Blackman and Vigna 2018). */
uint64_t gp_rng_next(struct gp_rng *r);
/* Uniform in [0, n); n > 0. */
uint64_t gp_rng_below(struct gp_rng *r, uint64_t n);
/* Uniform in [lo, hi]. */
int64_t gp_rng_range(struct gp_rng *r, int64_t lo, int64_t hi);
/* True with probability per_mille / 1000. */
bool gp_rng_chance(struct gp_rng *r, unsigned per_mille);
/* One of n strings. */
const char *gp_rng_pick(struct gp_rng *r, const char *const *items, size_t n);

#define GP_PICK(r, arr) gp_rng_pick((r), (arr), sizeof(arr) / sizeof((arr)[0]))

/* ---- CSV writer ---- */

enum gp_encoding {
	GP_UTF8,     /* UTF-8 without BOM */
	GP_UTF8_BOM, /* UTF-8 with a byte-order mark (Excel's "CSV UTF-8") */
	GP_GB18030,  /* GB18030, converted with iconv(3) */
};

struct gp_csv {
	FILE *f;              /* the open output file */
	char *path;           /* its path, for messages */
	const char *name;     /* path within the pack (licenses.csv, lists/x.csv) */
	iconv_t cd;           /* UTF-8 → GB18030, or (iconv_t)-1 */
	bool crlf;            /* CRLF line endings */
	struct cscs_buf row;  /* the row being built, UTF-8 */
	struct cscs_buf conv; /* conversion output */
	int n_fields;         /* fields in the current row */
	long line;            /* physical line where the current row starts (1-based) */
	long n_rows;          /* data rows written */
	bool failed;          /* a write or conversion failed */
};

/* Create path and set up the writer; returns false with errno-style message on stderr. */
bool gp_csv_open(struct gp_csv *c, const char *path, const char *name, enum gp_encoding enc, bool crlf);
/* Add one field (quoted when it holds a comma, quote, CR, LF or edge blanks). NULL = empty. */
void gp_csv_field(struct gp_csv *c, const char *s);
/* Add one formatted field. */
void gp_csv_fieldf(struct gp_csv *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Finish the row. Returns the line the row started on. */
long gp_csv_end(struct gp_csv *c);
/* Flush and close; false when anything failed. */
bool gp_csv_close(struct gp_csv *c);

/* ---- value formatters (each checked against the core parsers) ---- */

enum gp_date_style {
	GP_DATE_ISO,     /* 2025-03-01 */
	GP_DATE_SLASH,   /* 2025/3/1 */
	GP_DATE_DOT,     /* 2025.3.1 */
	GP_DATE_COMPACT, /* 20250301 */
	GP_DATE_ZH,      /* 2025年3月1日 */
	GP_DATE_STYLES_,
};

enum gp_money_style {
	GP_MONEY_PLAIN, /* 1234.56 */
	GP_MONEY_SEP,   /* 1,234.56 */
	GP_MONEY_YEN,   /* ¥1,234.56 */
	GP_MONEY_YUAN,  /* 1234.56元 */
	GP_MONEY_WAN,   /* 0.123456万元 */
	GP_MONEY_FULL,  /* １２３４．５６ (full-width digits) */
	GP_MONEY_STYLES_,
};

#define GP_VALUE_LEN 64

/* d in the given style into buf (GP_VALUE_LEN bytes). Aborts if the core parser disagrees. */
const char *gp_date(char *buf, cscs_date d, enum gp_date_style style);
/* ISO form, for subjects and the manifest. */
const char *gp_iso(char *buf, cscs_date d);
/* fen in the given style into buf (GP_VALUE_LEN bytes). Aborts if the core parser disagrees. */
const char *gp_money(char *buf, cscs_fen fen, enum gp_money_style style);

/* ---- names and codes ---- */

struct gp_region {
	const char *city;    /* 上海 */
	const char *city_en; /* Shanghai */
	const char *code;    /* GB/T 2260 code of a district or city, 310115 */
	const char *prov;    /* 上海市浦东新区 (for addresses and authorities) */
	const char *abbr;    /* 沪 (court case numbers) */
};

/* The regions names are drawn from; half of them for partners, half for list entries. */
const struct gp_region *gp_regions(size_t *n);

/* Kinds of name, with disjoint vocabularies so that unplanted names never look alike. */
enum gp_name_pool {
	GP_POOL_PARTNER, /* partners and the audited company */
	GP_POOL_LIST,    /* list entries not planted as matches */
	GP_POOL_PLANTED, /* partners with a planted match: partner regions and trade names (one
	                    bijection over all partners), their own industries and English words,
	                    so a planted entry resembles its own partner only */
};

/*
 * A Chinese company name for the index-th company of a pool: region, a
 * four-character trade name unique to the index, an industry word and a
 * legal form. region_out (may be NULL) gets the region used.
 */
void gp_company_zh(struct cscs_buf *out, enum gp_name_pool pool, uint64_t index, struct gp_rng *r,
		   const struct gp_region **region_out);
/* The same company's parts, for building variants: region, trade name, industry. */
struct gp_company_parts {
	const struct gp_region *region; /* registration region */
	char trade[32];                 /* trade name (字号), UTF-8 */
	const char *industry;           /* industry words */
	const char *form;               /* legal form as written */
};
void gp_company_parts(struct gp_company_parts *p, enum gp_name_pool pool, uint64_t index, struct gp_rng *r);
/* Distinct English names per pool: index is taken modulo this. */
#define GP_EN_NAMES 65536
/* An English company name for the index-th company of a pool. */
void gp_company_en(struct cscs_buf *out, enum gp_name_pool pool, uint64_t index, struct gp_rng *r);
/* The index whose trade name is trade (four characters of the pool), or UINT64_MAX. */
uint64_t gp_trade_index(enum gp_name_pool pool, const char *trade);
/* The k-th trade-name character of a pool (k taken modulo the set's size). */
const char *gp_trade_char(enum gp_name_pool pool, size_t k);
/* A person's name; pool selects disjoint surname sets (the entity's representative is unique). */
const char *gp_person(char *buf, size_t len, enum gp_name_pool pool, struct gp_rng *r);

/*
 * A valid USCC for the index-th company: authority 9, type 1 (enterprise),
 * the region code, organisation code "MA" + six characters unique to the
 * index and its two check characters. out has 19 bytes.
 */
void gp_uscc(char out[19], const char *region_code, uint64_t index);
/* A variant of a valid code that fails validation (check character, length, or alphabet). */
void gp_uscc_invalid(char out[24], const char *valid, struct gp_rng *r);
/* A valid GB 11643 resident identity number (18 characters, out has 19 bytes). */
void gp_resident_id(char out[19], const char *region_code, cscs_date born, struct gp_rng *r);

/* Convert ASCII letters and digits in s to full-width forms (ＡＢＣ１２３). */
void gp_fullwidth(struct cscs_buf *out, const char *s);

/* ---- manifest of planted truth ---- */

struct gp_manifest {
	FILE *violations; /* spooled JSON objects, one per line */
	FILE *matches;    /* spooled JSON objects, one per line */
	FILE *not_planted; /* spooled JSON objects: checks the generator cannot plant */
	long n_violations; /* entries written */
	long n_matches;    /* entries written */
	long n_not_planted; /* entries written */
};

bool gp_manifest_init(struct gp_manifest *m);
void gp_manifest_finish(struct gp_manifest *m);
/* Record a planted violation: check id and subject exactly as the check reports them. */
void gp_manifest_violation(struct gp_manifest *m, const char *check_id, const char *subject,
			   const char *file, long line);
/* Record a planted partner match. */
struct gp_match {
	const char *kind;          /* how it was planted: uscc, suffix, bracket, ... */
	const char *partner;       /* partner name as written in partners.csv */
	const char *partner_uscc;  /* as written, or NULL */
	long partner_line;         /* line in partners.csv */
	const char *list;          /* list value of the entry */
	const char *entry;         /* entry name as written */
	const char *entry_uscc;    /* as written, or NULL */
	const char *entry_file;    /* lists/x.csv */
	long entry_line;           /* line in that file */
	const char *band;          /* expected band: match, review, clear */
	bool historical;           /* the entry has a removed_on before as-of */
	const char *subject_kind;  /* partner, entity or legal_rep */
};
void gp_manifest_match(struct gp_manifest *m, const struct gp_match *mt);
/* Record a check the generator knows it does not plant, with the reason. */
void gp_manifest_not_planted(struct gp_manifest *m, const char *check_id, const char *reason);
/* Write manifest.json at path: header (a JSON object's members, already formatted) plus the lists. */
bool gp_manifest_write(struct gp_manifest *m, const char *path, const char *header_members);

#endif
