/*
 * Fuzz the screening name normaliser (company and person names, identity
 * numbers): no crash, and what comes out is well-formed, bounded and the
 * same on a second call.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/text.h"
#include "cscs/screen/normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(bool ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct cscs_name_norm a, b;
	cscs_screen_normalize_name(s, size, &a);
	cscs_screen_normalize_name(s, size, &b);
	require(a.key_len < CSCS_NAME_KEY_MAX && a.key_len == strlen(a.key));
	require(a.branch_len < CSCS_NAME_BRANCH_MAX && a.branch_len == strlen(a.branch));
	require(cscs_utf8_valid(a.key, a.key_len, NULL) && cscs_utf8_valid(a.branch, a.branch_len, NULL));
	require(a.key_len == b.key_len && memcmp(a.key, b.key, a.key_len) == 0);
	require(a.branch_len == b.branch_len && memcmp(a.branch, b.branch, a.branch_len) == 0);
	require(a.legal_form == b.legal_form);
	/* the spelling in Latin letters of a name in both scripts: only beside a key, never equal to it */
	require(a.alt_len < CSCS_NAME_KEY_MAX && a.alt_len == strlen(a.alt) && cscs_utf8_valid(a.alt, a.alt_len, NULL));
	require(a.alt_len == b.alt_len && memcmp(a.alt, b.alt, a.alt_len) == 0);
	require(a.alt_len == 0 || (a.key_len > 0 && strcmp(a.alt, a.key) != 0));

	/* The SQL form is the key followed by the branch marker (the name up to a NUL byte). */
	char *z = malloc(size + 1);
	if (!z)
		return 0;
	memcpy(z, data, size);
	z[size] = '\0';
	char *dup = cscs_screen_normalize_name_dup(z);
	if (dup) {
		struct cscs_name_norm c;
		cscs_screen_normalize_name(z, strlen(z), &c);
		require(strlen(dup) == c.key_len + c.branch_len);
		require(memcmp(dup, c.key, c.key_len) == 0 && memcmp(dup + c.key_len, c.branch, c.branch_len) == 0);
		free(dup);
	}
	free(z);

	char out[64];
	for (size_t cap = 1; cap <= sizeof(out); cap += 21) {
		memset(out, 'Z', sizeof(out));
		size_t n = cscs_screen_normalize_person(s, size, out, cap);
		require(n < cap && out[n] == '\0' && strlen(out) == n && cscs_utf8_valid(out, n, NULL));
	}
	char id_in[80];
	size_t m = size < sizeof(id_in) - 1 ? size : sizeof(id_in) - 1;
	memcpy(id_in, data, m);
	id_in[m] = '\0';
	for (size_t cap = 1; cap <= sizeof(out); cap += 21) {
		size_t n = cscs_screen_normalize_id(id_in, out, cap);
		require(n < cap && out[n] == '\0' && strlen(out) == n);
	}
	return 0;
}
