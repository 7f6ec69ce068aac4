/* The evidence/ folder of a record pack, hashed and indexed per run. */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cscs/core/buf.h"
#include "cscs/core/fs.h"
#include "cscs/store/store.h"
#include "cscs/trail/evidence.h"

struct walk {
	sqlite3 *db;
	sqlite3_stmt *ins;
	int64_t run_id;
	char *root_real; /* the pack, resolved */
	size_t n;
	bool full;       /* the file limit was reached */
	struct cscs_diag_list *dl;
};

static enum cscs_error add_file(struct walk *w, const char *path, const char *rel, struct cscs_diag_list *dl)
{
	char hex[CSCS_SHA256_HEX_LEN];
	uint64_t size = 0;
	struct cscs_diag_list quiet;
	cscs_diag_list_init(&quiet);
	bool readable = cscs_fs_sha256_file(path, hex, &size, &quiet) == CSCS_OK;
	cscs_diag_list_finish(&quiet);
	if (!readable)
		cscs_diag_warning(dl, path, 0, 0, "evidence file cannot be read; indexed as unreadable");
	sqlite3_reset(w->ins);
	sqlite3_bind_int64(w->ins, 1, w->run_id);
	sqlite3_bind_text(w->ins, 2, rel, -1, SQLITE_STATIC);
	sqlite3_bind_int64(w->ins, 3, (sqlite3_int64)size);
	if (readable)
		sqlite3_bind_text(w->ins, 4, hex, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(w->ins, 4);
	sqlite3_bind_int(w->ins, 5, readable);
	int rc = sqlite3_step(w->ins);
	if (rc != SQLITE_DONE)
		return cscs_store_error(w->db, rc, "indexing evidence", dl);
	w->n++;
	return CSCS_OK;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static enum cscs_error walk_dir(struct walk *w, const char *dir, const char *rel, int depth)
{
	enum cscs_error err = CSCS_OK;
	DIR *d = opendir(dir);
	if (!d) {
		cscs_diag_warning(w->dl, dir, 0, 0, "evidence folder cannot be read: %s", strerror(errno));
		return CSCS_OK;
	}
	/* Names sorted: the index is the same whatever order the file system lists them in. */
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue; /* hidden files, . and .. */
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			char **more = realloc(names, nc * sizeof(*more));
			if (!more) {
				err = CSCS_ERR_NOMEM;
				goto out;
			}
			names = more;
			cap = nc;
		}
		if (!(names[n] = strdup(e->d_name))) {
			err = CSCS_ERR_NOMEM;
			goto out;
		}
		n++;
	}
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	struct cscs_buf path = CSCS_BUF_INIT, sub = CSCS_BUF_INIT;
	for (size_t i = 0; i < n && !err; i++) {
		cscs_buf_reset(&path);
		cscs_buf_reset(&sub);
		cscs_buf_addf(&path, "%s/%s", dir, names[i]);
		cscs_buf_addf(&sub, "%s%s%s", rel, *rel ? "/" : "", names[i]);
		if (path.oom || sub.oom) {
			err = CSCS_ERR_NOMEM;
			break;
		}
		const char *p = cscs_buf_str(&path);
		struct stat lsb, sb;
		if (lstat(p, &lsb) != 0)
			continue;
		if (S_ISLNK(lsb.st_mode)) {
			char *target = realpath(p, NULL);
			size_t rl = strlen(w->root_real);
			bool inside = target && strncmp(target, w->root_real, rl) == 0 && target[rl] == '/';
			free(target);
			if (!inside) {
				cscs_diag_warning(w->dl, p, 0, 0, "evidence link leads outside the record pack; not read");
				continue;
			}
		}
		if (stat(p, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			if (depth >= CSCS_EVIDENCE_MAX_DEPTH || S_ISLNK(lsb.st_mode)) {
				cscs_diag_warning(w->dl, p, 0, 0, "evidence folder not read (nested too deep, or a link)");
				continue;
			}
			err = walk_dir(w, p, cscs_buf_str(&sub), depth + 1);
		} else if (S_ISREG(sb.st_mode)) {
			if (w->n >= CSCS_EVIDENCE_MAX_FILES) {
				if (!w->full)
					cscs_diag_warning(w->dl, dir, 0, 0, "more than %d evidence files: the rest are not indexed",
							  CSCS_EVIDENCE_MAX_FILES);
				w->full = true;
				continue;
			}
			err = add_file(w, p, cscs_buf_str(&sub), w->dl);
		}
	}
	cscs_buf_finish(&path);
	cscs_buf_finish(&sub);
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return err;
}

enum cscs_error cscs_evidence_index(sqlite3 *db, int64_t run_id, const char *pack, size_t *n,
				    struct cscs_diag_list *dl)
{
	*n = 0;
	struct stat sb;
	if (!pack || stat(pack, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return CSCS_OK;
	struct cscs_buf dir = CSCS_BUF_INIT;
	cscs_buf_addf(&dir, "%s/evidence", pack);
	if (dir.oom) {
		cscs_buf_finish(&dir);
		return CSCS_ERR_NOMEM;
	}
	enum cscs_error err = CSCS_OK;
	struct walk w = {.db = db, .run_id = run_id, .dl = dl};
	if (stat(cscs_buf_str(&dir), &sb) != 0 || !S_ISDIR(sb.st_mode))
		goto out;
	if (!(w.root_real = realpath(pack, NULL))) {
		err = CSCS_ERR_NOMEM;
		goto out;
	}
	if ((err = cscs_store_prepare(db, "INSERT INTO evidence_files(run_id, path, size, sha256, readable)"
				      " VALUES (?, ?, ?, ?, ?)", &w.ins, dl)))
		goto out;
	if ((err = cscs_store_begin(db, dl)))
		goto out;
	if ((err = walk_dir(&w, cscs_buf_str(&dir), "", 0)))
		cscs_store_rollback(db);
	else
		err = cscs_store_commit(db, dl);
	*n = err ? 0 : w.n;
out:
	sqlite3_finalize(w.ins);
	free(w.root_real);
	cscs_buf_finish(&dir);
	return err;
}
