/*
 * Fuzz the checklist loader: any text is either refused with a message or
 * yields checks whose required fields are all there and whose values are
 * in range. The loader only prepares SQL, it never runs it.
 */
#include <stdint.h>
#include <stdlib.h>

#include "cscs/engine/checklist.h"
#include "cscs/engine/sandbox.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The schema database is the slow part: share one between inputs. */
	static struct cscs_sandbox *schema;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	if (!schema && cscs_sandbox_open_schema(&schema, &dl) != CSCS_OK)
		abort();
	struct cscs_checklist *cl;
	if (cscs_checklist_create(&cl) != CSCS_OK)
		return 0;
	cl->schema = schema;
	cl->lint = size % 2 == 0;
	enum cscs_error err = cscs_checklist_load_text(cl, "fuzz.sql", (const char *)data, size, &dl);
	if (err == CSCS_ERR_CHECKLIST && dl.n_errors == 0)
		abort(); /* a refusal always says why */
	if (err == CSCS_OK && cl->n_checks == 0)
		abort();
	for (size_t i = 0; i < cl->n_checks; i++) {
		const struct cscs_check *c = cl->checks[i];
		if (!c->id || !c->area || !c->title || !c->basis || !c->sql || !c->file)
			abort();
		if ((unsigned)c->severity >= CSCS_SEV_COUNT_ || c->weight < 0 || c->weight > 100)
			abort();
		if (c->has_from && c->has_to && c->effective_from > c->effective_to)
			abort();
		if (c->cap && (c->cap < 'A' || c->cap > 'D'))
			abort();
	}
	cl->schema = NULL;
	cscs_checklist_destroy(cl);
	cscs_diag_list_finish(&dl);
	return 0;
}
