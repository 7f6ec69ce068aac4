/* genpack: the generator's state and the helpers the record writers share. */
#ifndef CSCS_BENCH_GP_GEN_H
#define CSCS_BENCH_GP_GEN_H

#include "gp.h"

/* ---- sizes ---- */

struct size_spec {
	const char *name;          /* S, M, L */
	long licenses;             /* licenses.csv rows */
	long instant_disclosures;  /* instant_disclosures.csv rows */
	long tax_filings;          /* tax_filings.csv rows */
	long penalties;            /* penalties.csv rows */
	long court_cases;          /* court_cases.csv rows */
	long env_permits;          /* env_permits.csv rows */
	long inspections;          /* inspections.csv rows */
	long certifications;       /* certifications.csv rows */
	long payroll;              /* payroll.csv rows */
	long social_insurance;     /* social_insurance.csv rows */
	long partners;             /* partners.csv rows */
	long list_entries;         /* rows over all lists/ (*.csv) */
	int per_kind;              /* violations planted per kind in the large files */
	int match_per_kind;        /* partner matches planted per kind */
};

/* ---- the generator's state ---- */

struct entity_info {
	char name[256];          /* registered name */
	char name_en[256];       /* English name */
	char uscc[24];           /* as written in entity.csv */
	char valid_uscc[19];     /* the code before any planted error */
	char legal_rep[64];      /* legal representative */
	char legal_rep_id[19];   /* and the identity number */
	const struct gp_region *region; /* registration region */
	cscs_date established_on; /* date of establishment */
};

struct gen {
	uint64_t seed;                 /* pack seed */
	struct size_spec sz;           /* sizes after --set overrides */
	cscs_date as_of;               /* the audit date the truth is planted for */
	struct cscs_ymd as_of_ymd;     /* as_of, broken down */
	char *out;                     /* OUT */
	char *pack;                    /* OUT/pack */
	struct gp_manifest man;        /* planted truth */
	struct entity_info ent;        /* the audited company */
	bool has_customs;              /* customs.csv has rows (BL-008 then covers the customs list) */
	long total_rows;               /* data rows written, all files */
	bool failed;                   /* a file could not be written */
};

extern const char *const gp_all_lists[6];

/* The audited company's index in the partner pool: beyond any partner's. */
#define GP_ENTITY_INDEX 800000000ULL
/* USCC indexes of list entries start here, beyond any partner's. */
#define GP_LIST_USCC_BASE 200000000ULL

/*
 * Walks the rows of a file and says which carry a planted violation: k
 * plants spread evenly over n rows, the j-th of kind j % n_kinds.
 */
struct gp_planter {
	long n;       /* rows in the file */
	long k;       /* plants */
	int n_kinds;  /* kinds of plant */
	long j;       /* next plant */
	long next;    /* its row, or -1 when none is left */
};

/* ---- helpers (genpack.c) ---- */

cscs_date gp_ymd(int y, int m, int d);
/* Record a planted violation of check_id on subject, found at line of c's file. */
void gp_plant(struct gen *g, const char *check_id, const char *subject, const struct gp_csv *c, long line);
void gp_plantf(struct gen *g, const char *check_id, const struct gp_csv *c, long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Open name (a path within the pack) for writing. */
bool gp_open(struct gen *g, struct gp_csv *c, const char *name, enum gp_encoding enc, bool crlf);
void gp_close(struct gen *g, struct gp_csv *c);
/* Header row: English column names, or the registry's Chinese aliases. */
void gp_header(struct gp_csv *c, const char *type, bool zh, const char *const *cols, size_t n);
/* An enumeration value in English, or its Chinese label from the registry. */
const char *gp_enum(const char *type, const char *col, const char *value, bool zh);
const char *gp_bool(bool v, bool zh);
/* A date in the file's usual form, now and then in another form intake accepts. */
const char *gp_date_out(char *buf, cscs_date d, struct gp_rng *r, enum gp_date_style usual);
/* An amount in the file's usual form, now and then in another form intake accepts. */
const char *gp_money_out(char *buf, cscs_fen fen, struct gp_rng *r, enum gp_money_style usual);
/* Plant k = n_kinds * per_kind violations evenly over n rows (fewer when n is small). */
void gp_planter_init(struct gp_planter *p, long n, int n_kinds, int per_kind);
/* The kind planted at row i (asked in order), or -1; *nth gets the plant's number. */
int gp_planter_at(struct gp_planter *p, long i, long *nth);

/* ---- the record writers ---- */

/* The audited company and its own records (gp_records.c). */
void gp_write_records(struct gen *g);
/* partners.csv and lists/ (*.csv) with the planted matches (gp_partners.c). */
void gp_write_partners_and_lists(struct gen *g);

#endif
