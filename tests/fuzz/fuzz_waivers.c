/*
 * Fuzz the waivers reader (through the intake CSV reader, which reads a
 * file): refused with a message, or every waiver is complete and its
 * dates are in order.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cscs/engine/waiver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	snprintf(path, sizeof(path), "/tmp/cscs-fuzz-waivers-%ld.csv", (long)getpid());
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_waivers *ws = NULL;
	enum cscs_error err = cscs_waivers_load(path, &ws, &dl);
	if (err == CSCS_ERR_CHECKLIST && (dl.n_errors == 0 || ws))
		abort();
	if (err == CSCS_OK) {
		for (size_t i = 0; i < ws->n; i++) {
			const struct cscs_waiver *w = &ws->items[i];
			if (!w->check_id[0] || !w->justification[0] || !w->approver[0] || w->expires_on < w->granted_on)
				abort();
			if (w->subject && !w->subject[0])
				abort();
		}
	}
	cscs_waivers_destroy(ws);
	cscs_diag_list_finish(&dl);
	unlink(path);
	return 0;
}
