/* UTF-8 text helpers shared by intake, screening and reports. */
#ifndef CSCS_CORE_TEXT_H
#define CSCS_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cscs/core/buf.h"

/*
 * Check that s[0..len) is well-formed UTF-8 (no overlongs, no surrogates).
 * On failure *bad_offset (if given) is the byte offset of the first bad byte.
 */
bool cscs_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/*
 * Decode one code point from s (at most len bytes). Returns the number of
 * bytes used (1..4) and sets *cp, or 0 for malformed input.
 */
int cscs_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode cp into out (4 bytes room). Returns the number of bytes written. */
int cscs_utf8_encode(uint32_t cp, char *out);

/* Number of code points in a valid UTF-8 string (for column numbers). */
size_t cscs_utf8_count(const char *s, size_t len);

/* Trim ASCII blanks and U+3000 on both sides, in place. Returns s. */
char *cscs_text_trim(char *s);

/* ASCII case-insensitive equality. */
bool cscs_text_ieq(const char *a, const char *b);

/* The longest text, in characters, that cscs_text_distance compares. */
#define CSCS_TEXT_DISTANCE_MAX 128

/*
 * Edit distance between two UTF-8 strings, counted in characters (ASCII
 * letters compared without case): the number of insertions, deletions,
 * substitutions and swaps of two neighbours that turn a into b (optimal
 * string alignment). SIZE_MAX when either
 * is longer than CSCS_TEXT_DISTANCE_MAX characters or not valid UTF-8.
 * For "did you mean" suggestions.
 */
size_t cscs_text_distance(const char *a, const char *b);
/*
 * s as text a workbook's XML may hold: valid UTF-8 in which each malformed
 * byte and each control character XML 1.0 forbids or a terminal obeys (C0
 * controls other than tab, line feed and carriage return; DEL; the C1
 * controls U+0080..U+009F; U+FFFE, U+FFFF) becomes U+FFFD. Returns s
 * itself when nothing changed, otherwise the copy in out (reset first).
 * NULL stays NULL.
 */
const char *cscs_text_for_xml(const char *s, struct cscs_buf *out);

/*
 * s as one line for the terminal: those control characters, line breaks
 * and malformed bytes shown as \xHH (each byte), never sent raw, so that a
 * value cannot move the cursor, recolour or rewrite a line. Returns s
 * itself or the copy in out (reset first); NULL stays NULL.
 */
const char *cscs_text_for_terminal(const char *s, struct cscs_buf *out);

#endif
