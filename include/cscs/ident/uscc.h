/*
 * Unified Social Credit Code, GB 32100-2015, with the embedded GB 11714
 * organisation code. 18 characters from 0-9 and A-Y without I, O, Z, S, V:
 *   1 registration authority, 2 entity type, 3-8 administrative division
 *   (GB/T 2260), 9-17 organisation code (17 is its GB 11714 check
 *   character), 18 the GB 32100 check character (MOD 31).
 */
#ifndef CSCS_IDENT_USCC_H
#define CSCS_IDENT_USCC_H

#include <stdbool.h>
#include <stddef.h>

#define CSCS_USCC_LEN 18

enum cscs_uscc_status {
	CSCS_USCC_OK = 0,
	CSCS_USCC_EMPTY,          /* nothing after normalising */
	CSCS_USCC_LENGTH,         /* not 18 characters */
	CSCS_USCC_CHARSET,        /* a character outside the GB 32100 alphabet */
	CSCS_USCC_REGION_DIGITS,  /* positions 3-8 are not digits */
	CSCS_USCC_REGION_UNKNOWN, /* positions 3-4 name no GB/T 2260 province */
	CSCS_USCC_ORG_CHECK,      /* GB 11714 check character (position 17) is wrong */
	CSCS_USCC_CHECK,          /* GB 32100 check character (position 18) is wrong */
};

struct cscs_uscc {
	enum cscs_uscc_status status;   /* CSCS_USCC_OK when valid */
	char code[CSCS_USCC_LEN + 1];    /* normalised code (may be shorter if invalid) */
	size_t length;                   /* characters after normalising */
	size_t bad_pos;                  /* 1-based position of the offending character, 0 if none */
	char expected;                   /* the check character that was expected, or 0 */
	char authority;                  /* position 1 */
	char type;                       /* position 2 */
	char region[7];                  /* positions 3-8 */
	char org_code[10];               /* positions 9-17 */
};

/*
 * Normalise (drop blanks and hyphens, ASCII upper case) and validate s.
 * Always fills r; returns true when the code is valid.
 */
bool cscs_uscc_check(const char *s, struct cscs_uscc *r);

/*
 * What to show or keep of an invalid code given as `given`: its normalised
 * form (ＡＢ１２ and blanks folded, upper case) when that is one, that is
 * ASCII and at most 18 characters; else `given` as it is (Chinese text in a
 * code column, a code far too long).
 */
const char *cscs_uscc_shown(const struct cscs_uscc *r, const char *given);

/* Shorthand: is s (after normalising) a valid code? */
bool cscs_uscc_valid(const char *s);

/* A sentence saying why r is invalid (or "valid"), written into buf. */
char *cscs_uscc_reason(const struct cscs_uscc *r, char *buf, size_t len);

/* The GB 32100 check character for 17 alphabet characters, or 0 if one is outside it. */
char cscs_uscc_check_char(const char *first17);
/* The GB 11714 check character for 8 characters (0-9, A-Z), or 0 if one is outside. */
char cscs_org_code_check_char(const char *first8);

/* English and Chinese names of the registration authority (position 1). */
const char *cscs_uscc_authority_name(char c, bool zh);
/* English and Chinese names of the entity type (position 2, read with position 1). */
const char *cscs_uscc_type_name(char authority, char type, bool zh);

#endif
