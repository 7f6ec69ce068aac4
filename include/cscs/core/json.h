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

/*
 * The moment an output is generated, as ISO 8601 UTC ("2026-06-30T08:00:00Z")
 * into out: SOURCE_DATE_EPOCH when it is set to seconds since 1970 (for
 * reproducible outputs and tests), else now. Returns out.
 */
const char *cscs_json_generated_at(char out[32]);

/*
 * The envelope every JSON output opens with (docs/report.md, "JSON
 * outputs"): "format", "format_version", "tool_version" and "generated_at"
 * members, appended to b without braces and without a trailing comma.
 */
void cscs_json_add_envelope(struct cscs_buf *b, const char *format, int format_version);

#endif
