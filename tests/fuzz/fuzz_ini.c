/* Fuzz the project file reader (cscs-audit.ini): refused with one message, or every entry is sound. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/ini.h"
#include "cscs/core/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_ini ini;
	enum cscs_error err = cscs_ini_parse((const char *)data, size, "fuzz.ini", &ini, &dl);
	if (err == CSCS_ERR_INPUT && (dl.n_errors != 1 || ini.n || ini.items || dl.items[0].line == 0))
		abort();
	if (err == CSCS_OK) {
		if (dl.n)
			abort();
		for (size_t i = 0; i < ini.n; i++) {
			const struct cscs_ini_entry *e = &ini.items[i];
			size_t kn = strlen(e->key), vn = strlen(e->value);
			if (kn == 0 || e->line == 0 || e->col == 0 || e->vcol <= e->col || vn > CSCS_INI_LINE_MAX ||
			    !cscs_utf8_valid(e->value, vn, NULL) || cscs_ini_get(&ini, e->key) != e)
				abort(); /* keys are unique: the first with the name is this one */
			for (const char *k = e->key; *k; k++)
				if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '_' || *k == '-'))
					abort();
		}
	}
	cscs_ini_free(&ini);
	cscs_diag_list_finish(&dl);
	return 0;
}
