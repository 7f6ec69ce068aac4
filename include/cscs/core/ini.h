/* The project file cscs-audit.ini: a strict, small INI reader (docs/guide.md, "Project file"). */
#ifndef CSCS_CORE_INI_H
#define CSCS_CORE_INI_H

#include <stddef.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"

/* The longest line accepted, in bytes (without its line end). */
#define CSCS_INI_LINE_MAX 4096

struct cscs_ini_entry {
	char *key;           /* lower-case letters, digits, '_' and '-' */
	char *value;         /* unquoted; may be empty */
	unsigned long line;  /* where the key is (1-based) */
	unsigned long col;   /* its column (1-based, in bytes) */
	unsigned long vcol;  /* the value's column */
};

struct cscs_ini {
	struct cscs_ini_entry *items; /* in file order */
	size_t n;                     /* entries in items */
};

/*
 * Parse text[0..len) read from file (for messages). Lines are "key = value",
 * blank, or comments starting with '#' or ';'; one optional "[audit]"
 * section header. A value is bare (trimmed; '#' starts a comment only after
 * a blank) or in double quotes (\" and \\ escaped). A UTF-8 byte-order mark
 * at the start is skipped. Refused, with file:line:column: a NUL byte, text
 * that is not UTF-8, a line longer than CSCS_INI_LINE_MAX, a key given twice,
 * an unterminated quote, text after a closing quote, another section, a
 * line without '='. CSCS_ERR_INPUT then (messages in dl), CSCS_ERR_NOMEM
 * when out of memory. out is empty on error; free it with cscs_ini_free.
 */
enum cscs_error cscs_ini_parse(const char *text, size_t len, const char *file, struct cscs_ini *out,
			       struct cscs_diag_list *dl);

/* The entry named key, or NULL. */
const struct cscs_ini_entry *cscs_ini_get(const struct cscs_ini *ini, const char *key);

void cscs_ini_free(struct cscs_ini *ini);

#endif
