/* audit --bundle DIR: the run's outputs with the evidence they name, and a manifest. */
/* nftw() is X/Open. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cscs/core/buf.h"
#include "cscs/core/fs.h"
#include "cscs/core/json.h"
#include "cscs/store/store.h"
#include "cscs/trail/bundle.h"

enum cscs_error cscs_bundle_check(const char *dir, struct cscs_diag_list *dl)
{
	struct stat sb;
	if (lstat(dir, &sb) != 0)
		return CSCS_OK;
	DIR *d = S_ISDIR(sb.st_mode) ? opendir(dir) : NULL;
	bool empty = d != NULL;
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = false;
	if (d)
		closedir(d);
	if (empty)
		return CSCS_OK;
	cscs_diag_error(dl, dir, 0, 0, "--bundle: '%s' exists and is not an empty folder; a bundle replaces nothing",
			dir);
	return CSCS_ERR_USAGE;
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Remove the scratch folder with everything in it, and free path. */
static void remove_tree(char *path)
{
	if (path)
		nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(path);
}

/* Make the folders of path's parent beneath root (path is root/a/b/file). */
static enum cscs_error make_parents(char *path, size_t root_len, struct cscs_diag_list *dl)
{
	for (char *p = path + root_len + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int rc = mkdir(path, 0755);
		int e = errno;
		*p = '/';
		if (rc != 0 && e != EEXIST) {
			cscs_diag_error(dl, path, 0, 0, "--bundle: cannot make a folder: %s", strerror(e));
			return CSCS_ERR_IO;
		}
	}
	return CSCS_OK;
}

static enum cscs_error copy_file(const char *from, const char *to, struct cscs_diag_list *dl)
{
	enum cscs_error err = CSCS_OK;
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		cscs_diag_error(dl, from, 0, 0, "--bundle: cannot read the evidence file: %s", strerror(errno));
		return CSCS_ERR_INPUT;
	}
	int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out < 0) {
		cscs_diag_error(dl, to, 0, 0, "--bundle: cannot write: %s", strerror(errno));
		close(in);
		return CSCS_ERR_IO;
	}
	char buf[65536];
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cscs_diag_error(dl, from, 0, 0, "--bundle: cannot read the evidence file: %s", strerror(errno));
			err = CSCS_ERR_INPUT;
			break;
		}
		if (n == 0)
			break;
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(out, buf + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				cscs_diag_error(dl, to, 0, 0, "--bundle: cannot write: %s", strerror(errno));
				err = CSCS_ERR_IO;
				break;
			}
			done += w;
		}
		if (err)
			break;
	}
	if (close(out) != 0 && !err) {
		cscs_diag_error(dl, to, 0, 0, "--bundle: cannot write: %s", strerror(errno));
		err = CSCS_ERR_IO;
	}
	close(in);
	return err;
}

/* Hash root/rel and add it to the manifest's files. */
static enum cscs_error manifest_add(struct cscs_buf *m, const char *root, const char *rel, bool *first,
				   struct cscs_diag_list *dl)
{
	struct cscs_buf path = CSCS_BUF_INIT;
	cscs_buf_addf(&path, "%s/%s", root, rel);
	if (path.oom) {
		cscs_buf_finish(&path);
		return CSCS_ERR_NOMEM;
	}
	char hex[CSCS_SHA256_HEX_LEN];
	uint64_t size;
	enum cscs_error err = cscs_fs_sha256_file(cscs_buf_str(&path), hex, &size, dl);
	cscs_buf_finish(&path);
	if (err)
		return err;
	cscs_buf_adds(m, *first ? "\n    {\"path\": " : ",\n    {\"path\": ");
	cscs_json_add_string(m, rel);
	cscs_buf_addf(m, ", \"size\": %llu, \"sha256\": \"%s\"}", (unsigned long long)size, hex);
	*first = false;
	return m->oom ? CSCS_ERR_NOMEM : CSCS_OK;
}

void cscs_bundle_remove(const char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

enum cscs_error cscs_bundle_write(sqlite3 *db, int64_t run_id, const char *dir, const char *pack,
				  const struct cscs_report_opts *opts, struct cscs_diag_list *dl)
{
	enum cscs_error err = cscs_bundle_check(dir, dl);
	if (err)
		return err;
	char *parent = strdup(dir);
	if (!parent)
		return CSCS_ERR_NOMEM;
	size_t len = strlen(parent);
	while (len > 1 && parent[len - 1] == '/')
		parent[--len] = '\0';
	char *slash = strrchr(parent, '/');
	if (!slash)
		strcpy(parent, ".");
	else if (slash == parent)
		parent[1] = '\0';
	else
		*slash = '\0';
	/* What a killed bundle left here goes first (folders within too). */
	cscs_fs_sweep_stale(parent, ".cscs-tmp-");
	char *tmp = cscs_fs_scratch_dir(parent);
	free(parent);
	if (!tmp) {
		cscs_diag_error(dl, dir, 0, 0, "--bundle: cannot make a folder beside it: %s", strerror(errno));
		return CSCS_ERR_IO;
	}
	struct cscs_buf path = CSCS_BUF_INIT, manifest = CSCS_BUF_INIT;
	sqlite3_stmt *st = NULL;
	size_t root_len = strlen(tmp);
	bool first = true;

	/* The outputs, their links pointing at the copies. */
	struct cscs_report_opts ro = *opts;
	ro.outputs = NULL;
	ro.pack = NULL;
	ro.evidence_href = "evidence/";
	cscs_buf_addf(&path, "%s/audit.xlsx", tmp);
	if (path.oom) {
		err = CSCS_ERR_NOMEM;
		goto out;
	}
	if ((err = cscs_report_workbook(db, run_id, cscs_buf_str(&path), &ro, dl)))
		goto out;
	cscs_buf_reset(&path);
	cscs_buf_addf(&path, "%s/audit.json", tmp);
	if (path.oom) {
		err = CSCS_ERR_NOMEM;
		goto out;
	}
	if ((err = cscs_report_json(db, run_id, cscs_buf_str(&path), &ro, dl)))
		goto out;
	cscs_buf_addf(&manifest, "{\n  \"format\": \"cscs-audit-bundle\",\n  \"format_version\": 1,\n"
				 "  \"run\": %lld,\n  \"files\": [", (long long)run_id);
	if ((err = manifest_add(&manifest, tmp, "audit.xlsx", &first, dl)) ||
	    (err = manifest_add(&manifest, tmp, "audit.json", &first, dl)))
		goto out;

	/* The evidence the findings' records name, as the run indexed it. */
	if ((err = cscs_store_prepare(db,
		"SELECT DISTINCT f.path, e.sha256 FROM finding_evidence f"
		" LEFT JOIN evidence_files e ON e.run_id = f.run_id AND e.path = f.path"
		" WHERE f.run_id = ? ORDER BY f.path", &st, dl)))
		goto out;
	sqlite3_bind_int64(st, 1, run_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *rel = (const char *)sqlite3_column_text(st, 0);
		const char *sha = (const char *)sqlite3_column_text(st, 1);
		if (!rel)
			continue;
		struct cscs_buf from = CSCS_BUF_INIT, name = CSCS_BUF_INIT;
		cscs_buf_addf(&from, "%s/evidence/%s", pack, rel);
		cscs_buf_addf(&name, "evidence/%s", rel);
		cscs_buf_reset(&path);
		cscs_buf_addf(&path, "%s/evidence/%s", tmp, rel);
		if (from.oom || name.oom || path.oom)
			err = CSCS_ERR_NOMEM;
		if (!err)
			err = make_parents(path.data, root_len, dl);
		if (!err)
			err = copy_file(cscs_buf_str(&from), cscs_buf_str(&path), dl);
		if (!err) {
			char hex[CSCS_SHA256_HEX_LEN];
			uint64_t size;
			err = cscs_fs_sha256_file(cscs_buf_str(&path), hex, &size, dl);
			if (!err && (!sha || strcmp(sha, hex) != 0)) {
				cscs_diag_error(dl, cscs_buf_str(&from), 0, 0,
						"--bundle: the evidence file is not the one the run indexed (changed since)");
				err = CSCS_ERR_INPUT;
			}
		}
		if (!err)
			err = manifest_add(&manifest, tmp, cscs_buf_str(&name), &first, dl);
		cscs_buf_finish(&from);
		cscs_buf_finish(&name);
		if (err)
			goto out;
	}
	if (rc != SQLITE_DONE) {
		err = cscs_store_error(db, rc, "reading the evidence of the run", dl);
		goto out;
	}
	cscs_buf_adds(&manifest, "\n  ]\n}\n");
	cscs_buf_reset(&path);
	cscs_buf_addf(&path, "%s/manifest.json", tmp);
	if (manifest.oom || path.oom) {
		err = CSCS_ERR_NOMEM;
		goto out;
	}
	FILE *f = fopen(cscs_buf_str(&path), "wx");
	bool written = f && fwrite(manifest.data, 1, manifest.len, f) == manifest.len;
	int e = errno;
	/* fclose once, whatever happened: it reports a failed flush of what fwrite buffered */
	if (f && fclose(f) != 0 && written) {
		written = false;
		e = errno;
	}
	if (!written) {
		cscs_diag_error(dl, dir, 0, 0, "--bundle: cannot write the manifest: %s", strerror(e));
		err = CSCS_ERR_IO;
		goto out;
	}
	/* Complete: it takes dir's place (an empty folder there is replaced). */
	rmdir(dir);
	if (rename(tmp, dir) != 0) {
		cscs_diag_error(dl, dir, 0, 0, "--bundle: cannot move the bundle into place: %s", strerror(errno));
		err = CSCS_ERR_IO;
		goto out;
	}
	free(tmp);
	tmp = NULL;
out:
	sqlite3_finalize(st);
	cscs_buf_finish(&path);
	cscs_buf_finish(&manifest);
	remove_tree(tmp);
	return err;
}
