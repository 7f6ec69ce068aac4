/* Fuzz the profile parser: refused with a message, or every pattern is usable. */
#include <stdint.h>
#include <stdlib.h>

#include "cscs/engine/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_profile *p = NULL;
	enum cscs_error err = cscs_profile_parse("fuzz.ini", (const char *)data, size, &p, &dl);
	if (err == CSCS_ERR_CHECKLIST && (dl.n_errors == 0 || p))
		abort();
	if (err == CSCS_OK) {
		for (size_t i = 0; i < p->n_includes; i++)
			if (!p->includes[i].glob || !p->includes[i].glob[0])
				abort();
		for (size_t i = 0; i < p->n_overrides; i++) {
			const struct cscs_profile_override *o = &p->overrides[i];
			if (!o->pattern.glob || (o->has_weight && (o->weight < 0 || o->weight > 100)))
				abort();
		}
		if (p->lang && p->lang[0] != 'e' && p->lang[0] != 'z')
			abort();
		(void)cscs_profile_label(p);
	}
	cscs_profile_destroy(p);
	cscs_diag_list_finish(&dl);
	return 0;
}
