/*
 * Wording templates: a check's finding text written in its annotations
 * (`detail:`, `detail.zh:`) and filled from the columns its query returns,
 * so the SQL returns data and the words live in one place per language.
 *
 *   {name}            the value of column name (empty when NULL)
 *   {name|text}       the value, or text when it is NULL or empty
 *   {name:yuan}       an amount in fen written as yuan: 1,234,567.89
 *   {name:TABLE}      the words of phrase table TABLE for the value, in the
 *                     template's language; a value "a,b" (group_concat) not
 *                     itself in the table is looked up item by item and joined
 *                     with ", " (English) or "、" (Chinese); a value not in the
 *                     table takes the table's "*" entry, else stays as it is
 *   {?name:words}     a section: words (a template itself: placeholders and
 *                     sections inside) when column name holds a value, that
 *                     is, not NULL, not empty text and not the number 0; else
 *                     nothing. The words start right after ':' (blanks kept);
 *                     inside them '}' always closes, so '}}' is no escape there
 *   {!name:words}     the opposite: words only when name holds no value
 *   {{ and }}         a literal brace
 *
 * Phrase tables are written in checklist file headers,
 *
 *   -- phrase: list_name.serious_illegal = the serious illegal and dishonest list
 *   -- phrase.zh: list_name.serious_illegal = 严重违法失信名单
 *
 * and belong to the library as a whole. A phrase is itself a template of the
 * row it fills (plain, fallback and yuan placeholders; not another table).
 */
#ifndef CSCS_ENGINE_WORDING_H
#define CSCS_ENGINE_WORDING_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "cscs/core/buf.h"
#include "cscs/core/error.h"

/* One phrase: the words of KEY in table TABLE, in English and in Chinese. */
struct cscs_phrase {
	char *table;               /* table name */
	char *key;                 /* the value it words, or "*" for any other value */
	char *text[2];             /* [0] English, [1] Chinese; NULL when not given */
	const char *file[2];       /* where each was given (owned by the checklist) */
	unsigned long line[2];     /* line of each, 0 = not given */
};

/* Every phrase table of a checklist library. */
struct cscs_phrases {
	struct cscs_phrase *v;     /* phrases, in the order given */
	size_t n;                  /* entries in v */
	size_t cap;                /* allocated entries */
};

/*
 * Add the words (zh: Chinese) of table.key. NULL when added; else why not
 * (given twice: *first_line says where). Out of memory: CSCS_ERR_NOMEM in *err.
 */
const char *cscs_phrases_add(struct cscs_phrases *ph, const char *table, const char *key, bool zh,
			     const char *text, const char *file, unsigned long line,
			     unsigned long *first_line, enum cscs_error *err);

/* The phrase of table.key (lengths given), or NULL. */
const struct cscs_phrase *cscs_phrases_find(const struct cscs_phrases *ph, const char *table, size_t table_len,
					    const char *key, size_t key_len);

/* Free the phrases; the struct itself is not freed. */
void cscs_phrases_free(struct cscs_phrases *ph);

/*
 * Check template tpl (NULL is fine) against the columns of the prepared
 * statement st. NULL when it is right; else a short reason, with the
 * offending placeholder copied into bad (len bytes).
 */
const char *cscs_wording_check(const char *tpl, sqlite3_stmt *st, const struct cscs_phrases *ph, char *bad,
			       size_t len);

/*
 * Fill tpl from the current row of st into out (appended); zh: the template
 * is Chinese, so phrase tables give their Chinese words. tpl must have passed
 * the check.
 */
void cscs_wording_render(const char *tpl, sqlite3_stmt *st, const struct cscs_phrases *ph, bool zh,
			 struct cscs_buf *out);

#endif
