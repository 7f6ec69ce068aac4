/*
 * The record types a record pack may hold: files, columns, types, Chinese
 * header aliases and, for enumerated columns, the vocabulary of their
 * values (the words themselves are data: vocab.h). This table is the single source of
 * truth for intake, the store's record tables (checked by a test against
 * the migrations), the templates and docs/records.md.
 */
#ifndef CSCS_INTAKE_RECORDS_H
#define CSCS_INTAKE_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

enum cscs_field_type {
	CSCS_FT_TEXT,      /* free text, trimmed */
	CSCS_FT_DATE,      /* civil date, stored as YYYY-MM-DD */
	CSCS_FT_MONEY,     /* amount, stored as integer fen */
	CSCS_FT_INT,       /* whole number */
	CSCS_FT_YEAR,      /* a calendar year, 1900..2200 */
	CSCS_FT_PERIOD,    /* a month, stored as YYYY-MM */
	CSCS_FT_BOOL,      /* yes/no, stored as 1/0 */
	CSCS_FT_ENUM,      /* a value of its vocabulary (vocab.h), stored as the canonical value */
	CSCS_FT_USCC,      /* unified social credit code; kept and flagged when invalid */
	CSCS_FT_ID_NUMBER, /* a personal identity number: personal data, masked in outputs */
};

struct cscs_field {
	const char *name;                     /* English column name, also the SQL column */
	const char *zh;                       /* Chinese header alias */
	enum cscs_field_type type;            /* how the value is read */
	bool required;                        /* column must exist and value must be non-empty */
	const char *vocab;                    /* CSCS_FT_ENUM: the vocabulary of its values (vocab.h) */
	const char *doc;                      /* one line for docs/records.md */
	const char *example;                  /* an example value */
	bool open_end;                        /* CSCS_FT_DATE: may be open; "none yet" words (至今) read as empty */
};

struct cscs_record_type {
	const char *name;                /* table name and file stem (licenses → licenses.csv) */
	const char *zh;                  /* Chinese name (sheet name in intake.xlsx) */
	const char *doc;                 /* what the file holds */
	const struct cscs_field *fields; /* columns in template order */
	size_t n_fields;                 /* number of columns */
	bool single_row;                 /* exactly one data row (entity) */
	bool is_list_export;             /* read from the lists/ folder, kept across imports */
};

/* All record types, in documentation order. */
const struct cscs_record_type *cscs_record_types(size_t *n);
/* The record type named name (table name), or NULL. */
const struct cscs_record_type *cscs_record_type_find(const char *name);
/* The column of rt whose English name or Chinese alias is header (case-insensitive for ASCII), or NULL. */
const struct cscs_field *cscs_record_field_find(const struct cscs_record_type *rt, const char *header);
/* A name for the field type, as docs/records.md writes it ("date", "money", ...). */
const char *cscs_field_type_name(enum cscs_field_type t);

#endif
