/*
 * Checklists: annotated-SQL files (docs/checklists.md). A check is one
 * SELECT over the records schema; its metadata are `-- key: value`
 * comment lines before it, starting with `-- check: ID`. A file may hold
 * several checks; a folder loads every *.sql in it in name order.
 */
#ifndef CSCS_ENGINE_CHECKLIST_H
#define CSCS_ENGINE_CHECKLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "cscs/core/date.h"
#include "cscs/core/diag.h"
#include "cscs/core/error.h"
#include "cscs/engine/engine.h"
#include "cscs/engine/wording.h"

/* Largest checklist file read (a checklist is text written by hand). */
#define CSCS_CHECKLIST_MAX_BYTES (8u * 1024 * 1024)
/* Most bytes of all checklist files of one run together (the shipped ones have 0.15 MB). */
#define CSCS_CHECKLIST_MAX_TOTAL (32u * 1024 * 1024)

struct cscs_check {
	char *id;                     /* check: LIC-001 (letters, digits, '-', '_', '.') */
	char *area;                   /* area: licenses */
	enum cscs_severity severity;  /* severity: before any profile override */
	char *title;                  /* title: English */
	char *title_zh;               /* title.zh: Chinese, or NULL */
	char *basis;                  /* basis: regulation, number, article */
	char *basis_zh;               /* basis.zh: the same in Chinese, or NULL */
	char *remedy;                 /* remedy: English, or NULL */
	char *remedy_zh;              /* remedy.zh: Chinese, or NULL */
	char *detail;                 /* detail: template of a finding's detail in English ({column}), or NULL */
	char *detail_zh;              /* detail.zh: the same in Chinese, or NULL */
	unsigned long detail_line;    /* line of the detail annotation */
	unsigned long detail_zh_line; /* line of the detail.zh annotation */
	char *subject_zh;             /* subject.zh: a finding's subject shown in Chinese ({column}), or NULL */
	unsigned long subject_zh_line; /* line of the subject.zh annotation */
	char **requires;              /* requires: record types (or screening tables) that must hold rows */
	size_t n_requires;            /* entries in requires */
	char **optional;              /* optional: record types the query reads that may hold no row */
	size_t n_optional;            /* entries in optional */
	char *applies;                /* applies: SQL; no row means not_applicable; or NULL */
	unsigned long applies_line;   /* line of the applies annotation */
	bool has_from;                /* effective_from was given */
	cscs_date effective_from;     /* first day the rule is in force */
	bool has_to;                  /* effective_to was given */
	cscs_date effective_to;       /* last day the rule is in force */
	double weight;                /* weight: multiplies the deduction (default 1) */
	char **tags;                  /* tags: free words for profiles */
	size_t n_tags;                /* entries in tags */
	char cap;                     /* cap: 'A'..'D', highest grade while the check fails; 0 = none */
	char *sql;                    /* the query, as written */
	unsigned long sql_line;       /* line the query starts on */
	const char *file;             /* checklist file (owned by the checklist) */
	const struct cscs_phrases *phrases; /* the library's phrase tables (owned by the checklist) */
	unsigned long line;           /* line of `-- check:` */
	char *version;                /* version: the rule version's label, or NULL for a check without versions */
	unsigned long version_line;   /* line of its `-- version:`, 0 without versions */
	char **param_names;           /* param.NAME annotations of this version: NAME, bound as :NAME */
	char **param_values;          /* their values, as written (bound as integer, real or text) */
	size_t n_params;              /* entries in param_names and param_values */
};

struct cscs_checklist {
	struct cscs_check **checks;   /* every version of every check, in load order */
	size_t n_checks;              /* entries in checks */
	size_t cap_checks;            /* allocated entries */
	char **files;                 /* files loaded, in load order */
	size_t n_files;               /* entries in files */
	size_t cap_files;             /* allocated entries */
	size_t bytes;                 /* bytes of the files loaded, together */
	struct cscs_sandbox *schema;  /* in-memory schema the queries are prepared on (lazily opened) */
	bool lint;                    /* also warn about style: missing subject column, unlisted requires */
	char *ruleset;                /* `-- ruleset:` of a file header: the library's version, or NULL */
	bool has_reviewed;            /* `-- reviewed:` was given */
	cscs_date reviewed_on;        /* the date the library's rules were last reviewed */
	struct cscs_phrases phrases;  /* `-- phrase:` tables of the file headers, for {column:TABLE} */
};

/* Allocate an empty checklist. */
enum cscs_error cscs_checklist_create(struct cscs_checklist **out);

/* Free the checklist and its checks; NULL is a no-op. */
void cscs_checklist_destroy(struct cscs_checklist *cl);

/*
 * Load a checklist file, or every *.sql file of a folder (sorted by name,
 * subfolders such as profiles/ skipped). A malformed file is refused as
 * a whole with file:line messages in dl and CSCS_ERR_CHECKLIST; the other
 * files still load (so every problem is reported at once). A file
 * already loaded is skipped.
 */
enum cscs_error cscs_checklist_load(struct cscs_checklist *cl, const char *path, struct cscs_diag_list *dl);

/* Load checklist text (len bytes) as if read from a file called name. */
enum cscs_error cscs_checklist_load_text(struct cscs_checklist *cl, const char *name, const char *text,
					 size_t len, struct cscs_diag_list *dl);

/*
 * Report, as errors in dl with file:line, ids whose versions leave a gap:
 * one version ends and the next starts more than a day later, so on the
 * days between the check would not run at all. Returns the number of gaps.
 */
size_t cscs_checklist_check_gaps(const struct cscs_checklist *cl, struct cscs_diag_list *dl);

/* True when the check's rule is in force on as_of (open ends allowed). */
bool cscs_check_in_force(const struct cscs_check *c, cscs_date as_of);

/*
 * The checks in force on as_of, one per id (periods never overlap), in
 * load order, as a malloc'd array (the caller frees the array only).
 * Ids with no version in force are left out.
 */
enum cscs_error cscs_checklist_in_force(const struct cscs_checklist *cl, cscs_date as_of,
					const struct cscs_check ***out, size_t *n);

/*
 * Format the check's period as "2021-09-01..2026-03-31" into buf (32 bytes
 * suffice): a side is empty when open, "always" when both are.
 */
char *cscs_check_period(const struct cscs_check *c, char *buf, size_t len);

#endif
