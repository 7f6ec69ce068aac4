/* Fuzz the USCC and resident-ID validators: no crash, and invariants hold. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/ident/resident_id.h"
#include "cscs/ident/uscc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	struct cscs_uscc r;
	char reason[256];
	bool ok = cscs_uscc_check(s, &r);
	cscs_uscc_reason(&r, reason, sizeof(reason));
	if (ok && (strlen(r.code) != CSCS_USCC_LEN || !cscs_uscc_valid(r.code)))
		abort(); /* a valid code's normal form is itself valid */
	char masked[64];
	cscs_resident_id_mask(s, masked, sizeof(masked));
	cscs_resident_id_valid(s);
	free(s);
	return 0;
}
