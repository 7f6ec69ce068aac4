/*
 * Evidence files (issue 19): the files of a record pack's evidence/
 * folder (scanned licences, receipts, decisions) are hashed once by the
 * import (pack_evidence, which check EVD-001 reads) and indexed per run in
 * evidence_files, so the seal covers them and
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

/*
 * Replace pack_evidence with the files of pack/evidence/ (none when the pack
 * is not a folder or has no such folder), each hashed once; *n files found.
 * Called by the import inside its transaction, so the records and the
 * evidence they name are always of the same pack.
 */
enum cscs_error cscs_evidence_scan(sqlite3 *db, const char *pack, size_t *n, struct cscs_diag_list *dl);

/* Copy the pack's evidence index (pack_evidence) into evidence_files for run_id; *n files. */
enum cscs_error cscs_evidence_index(sqlite3 *db, int64_t run_id, size_t *n, struct cscs_diag_list *dl);

/* Name in finding_evidence the files of pack_evidence each finding of run_id's record names. */
enum cscs_error cscs_evidence_link_findings(sqlite3 *db, int64_t run_id, struct cscs_diag_list *dl);

/*
 * The pack's evidence/ folder relative to the folder the output file is in,
 * ending in '/' ("../records-q1/evidence/"), so that links in the output
 * work wherever both travel together, into *href (malloc'd); *href is NULL
 * when output is standard output or pack is not a folder. CSCS_ERR_NOMEM.
 */
enum cscs_error cscs_evidence_href(const char *output, const char *pack, char **href);

#endif
