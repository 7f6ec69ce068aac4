/* Resident identity card numbers, GB 11643-1999, and their masking. */
#ifndef CSCS_IDENT_RESIDENT_ID_H
#define CSCS_IDENT_RESIDENT_ID_H

#include <stdbool.h>
#include <stddef.h>

/* 18 characters: 17 digits and a MOD 11-2 check character (0-9 or X). */
bool cscs_resident_id_valid(const char *s);

/*
 * Mask an identity number for output: the first 3 and last 4 characters
 * stay, the rest become '*'. Strings of 7 characters or fewer are masked
 * whole. Writes at most len bytes into out; returns out.
 */
char *cscs_resident_id_mask(const char *s, char *out, size_t len);

#endif
