/*
 * Values on their way out of the database: personal identity numbers
 * masked, broken UTF-8 repaired, so that every output is valid text and
 * shows no one's ID number unless asked to.
 */
#ifndef CSCS_REPORT_CLEAN_H
#define CSCS_REPORT_CLEAN_H

#include <stdbool.h>
#include <stddef.h>

#include "cscs/core/buf.h"

/*
 * True when s has the shape of a resident identity number in any form
 * (cscs_resident_id_like: full-width digits and blanks included): 17
 * digits and a digit or X, or the old 15 digits. The check character is
 * not verified: a mistyped number is still personal.
 */
bool cscs_report_is_resident_id(const char *s);

/* True when an evidence key names an identity number: it ends in "_id" (any case). */
bool cscs_report_is_id_key(const char *key);

/*
 * Mask s as a whole (cscs_resident_id_mask) into out, which is reset
 * first. Returns the masked string.
 */
const char *cscs_report_mask_id(const char *s, struct cscs_buf *out);

/*
 * Free text with resident identity numbers inside it masked: see
 * cscs_resident_id_mask_text. Returns s itself when nothing was masked,
 * otherwise the masked copy held in out (reset first). NULL stays NULL.
 */
const char *cscs_report_mask_text(const char *s, struct cscs_buf *out);

/*
 * Valid UTF-8 for output: returns s when it already is, otherwise a copy
 * in out (reset first) with each malformed byte replaced by U+FFFD.
 * NULL stays NULL.
 */
const char *cscs_report_utf8(const char *s, struct cscs_buf *out);

#endif
