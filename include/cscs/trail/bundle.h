/*
 * A self-contained folder for one run (audit --bundle DIR): the workbook
 * and the JSON, the evidence files the findings' records name (copied,
 * under evidence/, the workbook's links pointing at the copies) and
 * manifest.json with the size and SHA-256 of each file. Outside a bundle
 * evidence is never copied.
 */
#ifndef CSCS_TRAIL_BUNDLE_H
#define CSCS_TRAIL_BUNDLE_H

#include <sqlite3.h>
#include <stdint.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"
#include "cscs/report/report.h"

/* CSCS_ERR_USAGE when dir exists and is not an empty folder (a bundle replaces nothing). */
enum cscs_error cscs_bundle_check(const char *dir, struct cscs_diag_list *dl);

/*
 * Write the bundle of run_id at dir, all or nothing: it is made in a
 * scratch folder beside dir and renamed to dir once complete. pack is the
 * record pack the evidence files are copied from. A file whose copy no
 * longer has the hash the run indexed is refused (CSCS_ERR_INPUT). Other
 * errors: CSCS_ERR_IO, CSCS_ERR_NOMEM, CSCS_ERR_DB, the report's.
 */
enum cscs_error cscs_bundle_write(sqlite3 *db, int64_t run_id, const char *dir, const char *pack,
				  const struct cscs_report_opts *opts, struct cscs_diag_list *dl);

/* Remove a bundle this command wrote (a later output failed). */
void cscs_bundle_remove(const char *dir);

#endif
