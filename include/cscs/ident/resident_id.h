/* Resident identity card numbers, GB 11643-1999, and their masking. */
#ifndef CSCS_IDENT_RESIDENT_ID_H
#define CSCS_IDENT_RESIDENT_ID_H

#include <stdbool.h>
#include <stddef.h>

#include "cscs/core/buf.h"

/* 18 characters: 17 digits and a MOD 11-2 check character (0-9 or X). */
bool cscs_resident_id_valid(const char *s);

/*
 * The one reading of identity numbers that screening, masking and
 * messages share: ASCII or full-width digits, X in either case or width,
 * blanks (space, tab, no-break and ideographic spaces) and hyphens or
 * dashes dropped, other ASCII and full-width letters kept upper-cased,
 * anything else dropped. Writes at most cap bytes (NUL included) into out;
 * returns the length.
 */
size_t cscs_resident_id_normalize(const char *s, char *out, size_t cap);

/*
 * True when s as a whole, normalised so, is shaped like an identity
 * number: 17 digits and a digit or X with a province code and a real birth
 * date, or the old 15 digits. The check character is not verified: a
 * mistyped number still names a person.
 */
bool cscs_resident_id_like(const char *s);

/*
 * Mask an identity number for output: the first 3 and last 4 characters
 * stay, the rest become '*'. A value that is an identity number in another
 * form (full-width digits, blanks) is masked in its normalised form, so
 * that no digit of the middle stays. Strings of 7 characters or fewer are
 * masked whole. Writes at most len bytes into out (never half a
 * character); returns out.
 */
char *cscs_resident_id_mask(const char *s, char *out, size_t len);

/*
 * Free text with resident identity numbers inside it: each number in any
 * form cscs_resident_id_normalize reads (ASCII or full-width digits,
 * groups split by at most two blanks or hyphens: "320581 19800101 1235"),
 * 17 digits and a digit or X, not part of a longer run of digits, starting
 * with a province code and holding a valid birth date, is replaced as a
 * whole, separators included, by its masked normalised form (the check
 * character is not required: a mistyped number still names a person).
 * Letters around it do not matter ("ID110105...", "x110105..."): better a
 * reference code masked than a person's number shown. Old 15-digit numbers
 * are not looked for in free text, where they cannot be told from
 * 15-digit registration numbers. Returns s itself when nothing was
 * masked, otherwise the masked copy held in out (reset first; "" if memory
 * ran out). NULL stays NULL.
 */
const char *cscs_resident_id_mask_text(const char *s, struct cscs_buf *out);

#endif
