/*
 * The SQL functions check authors may call (docs/checklists.md):
 * regexp (PCRE2, so `x REGEXP 'p'` works), uscc_valid, the civil-date
 * helpers and normalize_name. Dates go in and out as ISO text
 * (YYYY-MM-DD); NULL in gives NULL out, and so does a bad date.
 */
#ifndef CSCS_ENGINE_SQLFUNCS_H
#define CSCS_ENGINE_SQLFUNCS_H

#include <sqlite3.h>
#include <stddef.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"

/* Most characters a regexp pattern may have; a longer one is an error. */
#define CSCS_REGEXP_MAX_PATTERN 4096
/* Compiled patterns kept per connection (least recently used goes first). */
#define CSCS_REGEXP_CACHE_SIZE 32
/* PCRE2 match limit: a pattern that backtracks beyond it is an error, not a hang. */
#define CSCS_REGEXP_MATCH_LIMIT 5000000u

/*
 * Register every function on db (deterministic, innocuous, UTF-8).
 * Returns CSCS_ERR_DB (with SQLite's message in dl) or CSCS_ERR_NOMEM.
 */
enum cscs_error cscs_sqlfuncs_register(sqlite3 *db, struct cscs_diag_list *dl);

/* The names of the functions cscs_sqlfuncs_register adds, for the sandbox's allow-list. */
const char *const *cscs_sqlfuncs_names(size_t *n);

/*
 * A name normaliser: returns a malloc'd normalised copy of name (UTF-8),
 * or NULL when out of memory.
 */
typedef char *(*cscs_name_normalizer)(const char *name);

/*
 * The engine's own normaliser, used by normalize_name() until another is
 * set: full-width ASCII to half-width, ASCII case folded, blanks,
 * punctuation and brackets removed, trailing legal forms (有限公司,
 * 股份有限公司, Co., Ltd., Inc. ...) stripped.
 */
char *cscs_sqlfuncs_normalize_name(const char *name);

/*
 * Make normalize_name() call fn (the screening module's canonical
 * normaliser); NULL restores the engine's own.
 */
void cscs_sqlfuncs_set_normalizer(cscs_name_normalizer fn);

#endif
