/*
 * Evidence files (issue 19, in part): the files of a record pack's
 * evidence/ folder (scanned licences, receipts, decisions) are hashed
 * once per run and indexed in evidence_files, so the seal covers them and
 * 'cscs-audit verify' reports one changed or gone since. Hidden files are
 * skipped; a symbolic link that leads outside the pack is refused (not
 * read, with a warning); at most CSCS_EVIDENCE_MAX_FILES are indexed.
 */
#ifndef CSCS_TRAIL_EVIDENCE_H
#define CSCS_TRAIL_EVIDENCE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"

#define CSCS_EVIDENCE_MAX_FILES 100000
#define CSCS_EVIDENCE_MAX_DEPTH 16

/* Index pack/evidence/ for run_id (nothing when the pack is not a folder or has none); *n files indexed. */
enum cscs_error cscs_evidence_index(sqlite3 *db, int64_t run_id, const char *pack, size_t *n,
				    struct cscs_diag_list *dl);

#endif
