/* Administrative division codes, GB/T 2260: province level (first two digits). */
#ifndef CSCS_IDENT_REGION_H
#define CSCS_IDENT_REGION_H

#include <stdbool.h>

/*
 * Name of the province-level division for a code's first two digits
 * ("110000" → Beijing), or NULL when the prefix names none. The full
 * county-level table changes yearly and is not shipped.
 */
const char *cscs_region_province(const char *code, bool zh);

#endif
