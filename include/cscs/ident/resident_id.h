/* Resident identity card numbers, GB 11643-1999, and their masking. */
#ifndef CSCS_IDENT_RESIDENT_ID_H
#define CSCS_IDENT_RESIDENT_ID_H

#include <stdbool.h>
#include <stddef.h>

#include "cscs/core/buf.h"

/* 18 characters: 17 digits and a MOD 11-2 check character (0-9 or X). */
bool cscs_resident_id_valid(const char *s);

/*
 * Mask an identity number for output: the first 3 and last 4 characters
 * stay, the rest become '*'. Strings of 7 characters or fewer are masked
 * whole. Writes at most len bytes into out; returns out.
 */
char *cscs_resident_id_mask(const char *s, char *out, size_t len);

/*
 * Free text with resident identity numbers inside it: each run of exactly
 * 18 characters, 17 digits and a digit or X, not part of a longer run of
 * digits, starting with a province code and holding a valid birth date, is
 * masked as cscs_resident_id_mask does (the check character is not
 * required: a mistyped number still names a person). Letters around it do
 * not matter ("ID110105...", "x110105..."): better a reference code masked
 * than a person's number shown. Old 15-digit numbers are not looked for in
 * free text, where they cannot be told from 15-digit registration numbers.
 * Returns s itself when nothing was masked, otherwise the masked copy held
 * in out (reset first; "" if memory ran out). NULL stays NULL.
 */
const char *cscs_resident_id_mask_text(const char *s, struct cscs_buf *out);

#endif
