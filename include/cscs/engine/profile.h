/*
 * Profiles: which checks a run uses and how they weigh. A profile is a
 * small text file of `key = value` lines (docs/checklists.md, "Profiles"):
 *
 *   name = Supplier review
 *   include = area:partners, tag:supplier, LIC-*
 *   exclude = ENV-*
 *   severity.TAX-00* = critical
 *   weight.area:labour = 2
 *   as_of = 2025-06-30
 *   lang = zh
 *   fail_on = high
 */
#ifndef CSCS_ENGINE_PROFILE_H
#define CSCS_ENGINE_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "cscs/core/date.h"
#include "cscs/core/diag.h"
#include "cscs/core/error.h"
#include "cscs/engine/checklist.h"
#include "cscs/engine/engine.h"

/* Largest profile file read. */
#define CSCS_PROFILE_MAX_BYTES (1024u * 1024)

enum cscs_profile_kind {
	CSCS_PROFILE_ID,   /* a glob over check ids (LIC-*) */
	CSCS_PROFILE_AREA, /* area:GLOB */
	CSCS_PROFILE_TAG,  /* tag:GLOB, any of the check's tags */
};

struct cscs_profile_pattern {
	enum cscs_profile_kind kind; /* what the glob is matched against */
	char *glob;                  /* fnmatch(3) pattern */
	unsigned long line;          /* line in the profile */
	size_t n_matched;            /* checks it matched so far */
};

struct cscs_profile_override {
	struct cscs_profile_pattern pattern; /* which checks */
	bool has_severity;                   /* severity.PATTERN = ... */
	enum cscs_severity severity;         /* the new severity */
	bool has_weight;                     /* weight.PATTERN = ... */
	double weight;                       /* the new weight (0..100) */
};

struct cscs_profile {
	char *path;                                /* the file */
	char *name;                                /* name = ..., or NULL */
	char *description;                         /* description = ..., or NULL */
	struct cscs_profile_pattern *includes;     /* include = ...; none means every check */
	size_t n_includes;                         /* entries in includes */
	struct cscs_profile_pattern *excludes;     /* exclude = ... */
	size_t n_excludes;                         /* entries in excludes */
	struct cscs_profile_override *overrides;   /* severity.* and weight.*, in file order */
	size_t n_overrides;                        /* entries in overrides */
	bool has_as_of;                            /* as_of was given */
	cscs_date as_of;                           /* default as-of date */
	const char *lang;                          /* "en" or "zh" (static), or NULL */
	bool has_fail_on;                          /* fail_on was given */
	enum cscs_severity fail_on;                /* default --fail-on */
};

/* Read and parse the profile at path; a malformed one is refused with file:line (CSCS_ERR_CHECKLIST). */
enum cscs_error cscs_profile_load(const char *path, struct cscs_profile **out, struct cscs_diag_list *dl);

/* Parse profile text (len bytes) as if read from the file name. */
enum cscs_error cscs_profile_parse(const char *name, const char *text, size_t len, struct cscs_profile **out,
				   struct cscs_diag_list *dl);

/* Free a profile; NULL is a no-op. */
void cscs_profile_destroy(struct cscs_profile *p);

/* A short label for runs.profile: the name, else the file name without folder. */
const char *cscs_profile_label(const struct cscs_profile *p);

/* True when the profile selects check c (counts pattern matches for cscs_profile_warn_unused). */
bool cscs_profile_selects(struct cscs_profile *p, const struct cscs_check *c);

/*
 * The severity and weight of c under the profile (the last matching line
 * wins). *note gets a malloc'd account of what changed ("severity high ->
 * critical (yearly.ini:7)"), or NULL when nothing did.
 */
enum cscs_error cscs_profile_apply(struct cscs_profile *p, const struct cscs_check *c,
				   enum cscs_severity *severity, double *weight, char **note);

/* Warn about include, exclude and override patterns that matched no check. */
void cscs_profile_warn_unused(const struct cscs_profile *p, struct cscs_diag_list *dl);

#endif
