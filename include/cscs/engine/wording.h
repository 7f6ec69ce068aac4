/*
 * Wording templates: a check's finding text written in its annotations
 * (`detail:`, `detail.zh:`) and filled from the columns its query returns,
 * so the SQL returns data and the words live in one place per language.
 *
 *   {name}            the value of column name (empty when NULL)
 *   {name|text}       the value, or text when it is NULL or empty
 *   {name:yuan}       an amount in fen written as yuan: 1,234,567.89
 *   {{ and }}         a literal brace
 */
#ifndef CSCS_ENGINE_WORDING_H
#define CSCS_ENGINE_WORDING_H

#include <sqlite3.h>
#include <stddef.h>

#include "cscs/core/buf.h"

/*
 * Check template tpl (NULL is fine) against the columns of the prepared
 * statement st. NULL when it is right; else a short reason, with the
 * offending placeholder copied into bad (len bytes).
 */
const char *cscs_wording_check(const char *tpl, sqlite3_stmt *st, char *bad, size_t len);

/* Fill tpl from the current row of st into out (appended). tpl must have passed the check. */
void cscs_wording_render(const char *tpl, sqlite3_stmt *st, struct cscs_buf *out);

#endif
