/*
 * One CSV file per sheet, the same rows as the workbook. UTF-8 with a
 * byte-order mark (without it Excel reads Chinese as mojibake), CRLF line
 * ends and RFC 4180 quoting. A text value starting with '=', '+', '-', '@',
 * a tab or a carriage return gets a leading apostrophe, so that a
 * spreadsheet does not run it as a formula, unless csv_raw (docs/report.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cscs/core/fs.h"
#include "cscs/report/report.h"
#include "cscs/report/sheet.h"

static enum cscs_error make_dir(const char *dir, struct cscs_atomic_group *outputs, struct cscs_diag_list *dl)
{
	struct stat st;
	if (stat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return CSCS_OK;
		cscs_diag_error(dl, dir, 0, 0, "CSV output must be a folder, and this is a file");
		return CSCS_ERR_USAGE;
	}
	if (mkdir(dir, 0777) != 0) {
		cscs_diag_error(dl, dir, 0, 0, "cannot create the CSV folder: %s", strerror(errno));
		return CSCS_ERR_IO;
	}
	/* A failure later on removes the folder again, with the files. */
	return outputs ? cscs_atomic_group_add_dir(outputs, dir) : CSCS_OK;
}

static enum cscs_error write_one(struct cscs_rctx *rc, const char *dir, const struct cscs_rsheet_def *def)
{
	size_t n = strlen(dir) + strlen(def->csv) + 2;
	char *path = malloc(n);
	if (!path)
		return CSCS_ERR_NOMEM;
	snprintf(path, n, "%s/%s", dir, def->csv);
	struct cscs_atomic_file af = {0};
	enum cscs_error err = cscs_atomic_begin(&af, path, rc->opts->show_personal_data, rc->dl);
	if (err)
		goto out;
	af.group = rc->opts->outputs;
	int fd = dup(af.fd);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		cscs_diag_error(rc->dl, path, 0, 0, "cannot write output");
		cscs_atomic_abort(&af);
		err = CSCS_ERR_IO;
		goto out;
	}
	fputs("\xEF\xBB\xBF", f);
	struct cscs_rsheet sh;
	cscs_rsheet_init(&sh, rc, cscs_rlabel(rc, def->label), NULL, f);
	err = def->write(&sh);
	enum cscs_error e2 = cscs_rsheet_finish(&sh);
	if (!err)
		err = e2;
	bool bad = ferror(f) != 0;
	if ((fclose(f) != 0 || bad) && !err) {
		cscs_diag_error(rc->dl, path, 0, 0, "cannot write output: the disk may be full");
		err = CSCS_ERR_IO;
	}
	if (err)
		cscs_atomic_abort(&af);
	else
		err = cscs_atomic_commit(&af, rc->dl);
out:
	free(path);
	return err;
}

enum cscs_error cscs_report_csv(sqlite3 *db, int64_t run_id, const char *dir,
				const struct cscs_report_opts *opts, struct cscs_diag_list *dl)
{
	struct cscs_rctx rc;
	enum cscs_error err = cscs_rctx_init(&rc, db, run_id, opts, true, dl);
	if (err)
		return err;
	if ((err = make_dir(dir, opts->outputs, dl)))
		goto out;
	const struct cscs_rsheet_def *defs = cscs_report_sheets();
	for (int k = 0; k < CSCS_SHEET_COUNT_ && !err; k++)
		if (cscs_report_sheet_present(rc.m, (enum cscs_rsheet_kind)k))
			err = write_one(&rc, dir, &defs[k]);
out:
	cscs_rctx_finish(&rc);
	return err;
}
