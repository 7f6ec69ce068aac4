/* UTF-8 text helpers shared by intake, screening and reports. */
#ifndef CSCS_CORE_TEXT_H
#define CSCS_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

#endif
