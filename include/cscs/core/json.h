/* JSON text: what the report and the screening outputs share. */
#ifndef CSCS_CORE_JSON_H
#define CSCS_CORE_JSON_H

#include <stddef.h>
#include <stdio.h>

#include "cscs/core/buf.h"

/*
 * Write s[0..len) as a JSON string (RFC 8259) with its quotes: '"' and '\'
 * escaped, control characters as \n, \t, ... or \u00XX, valid UTF-8
 * passed through, each malformed byte replaced by U+FFFD.
 */
void cscs_json_write_string(FILE *f, const char *s, size_t len);

/* The same, appended to b, for the NUL-terminated s; NULL appends null. */
void cscs_json_add_string(struct cscs_buf *b, const char *s);

#endif
