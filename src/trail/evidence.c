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
#include "cscs/intake/records.h"
#include "cscs/store/store.h"
#include "cscs/trail/evidence.h"

struct walk {
	sqlite3 *db;
	sqlite3_stmt *ins;
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
	sqlite3_bind_text(w->ins, 1, rel, -1, SQLITE_STATIC);
	sqlite3_bind_int64(w->ins, 2, (sqlite3_int64)size);
	if (readable)
		sqlite3_bind_text(w->ins, 3, hex, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(w->ins, 3);
	sqlite3_bind_int(w->ins, 4, readable);
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

enum cscs_error cscs_evidence_scan(sqlite3 *db, const char *pack, size_t *n, struct cscs_diag_list *dl)
{
	*n = 0;
	enum cscs_error err = cscs_store_exec(db, "DELETE FROM pack_evidence", dl);
	struct stat sb;
	if (err || !pack || stat(pack, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return err;
	struct cscs_buf dir = CSCS_BUF_INIT;
	cscs_buf_addf(&dir, "%s/evidence", pack);
	if (dir.oom) {
		cscs_buf_finish(&dir);
		return CSCS_ERR_NOMEM;
	}
	struct walk w = {.db = db, .dl = dl};
	if (stat(cscs_buf_str(&dir), &sb) != 0 || !S_ISDIR(sb.st_mode))
		goto out;
	if (!(w.root_real = realpath(pack, NULL))) {
		err = CSCS_ERR_NOMEM;
		goto out;
	}
	if ((err = cscs_store_prepare(db, "INSERT INTO pack_evidence(path, size, sha256, readable) VALUES (?, ?, ?, ?)",
				      &w.ins, dl)))
		goto out;
	err = walk_dir(&w, cscs_buf_str(&dir), "", 0);
	*n = err ? 0 : w.n;
out:
	sqlite3_finalize(w.ins);
	free(w.root_real);
	cscs_buf_finish(&dir);
	return err;
}

enum cscs_error cscs_evidence_index(sqlite3 *db, int64_t run_id, size_t *n, struct cscs_diag_list *dl)
{
	*n = 0;
	sqlite3_stmt *st;
	enum cscs_error err = cscs_store_prepare(db,
		"INSERT INTO evidence_files(run_id, path, size, sha256, readable)"
		" SELECT ?, path, size, sha256, readable FROM pack_evidence ORDER BY path", &st, dl);
	if (err)
		return err;
	sqlite3_bind_int64(st, 1, run_id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		err = cscs_store_error(db, rc, "indexing evidence", dl);
	else
		*n = (size_t)sqlite3_changes(db);
	sqlite3_finalize(st);
	return err;
}

/*
 * The files the record of each finding of run_id names in its evidence
 * column, as found in pack_evidence, into finding_evidence. A finding's
 * record is the row of its source file and line in the run's import.
 */
enum cscs_error cscs_evidence_link_findings(sqlite3 *db, int64_t run_id, struct cscs_diag_list *dl)
{
	size_t n_types;
	const struct cscs_record_type *types = cscs_record_types(&n_types);
	enum cscs_error err = CSCS_OK;
	struct cscs_buf sql = CSCS_BUF_INIT;
	for (size_t i = 0; i < n_types && !err; i++) {
		if (types[i].is_list_export || !cscs_record_field_find(&types[i], "evidence"))
			continue;
		cscs_buf_reset(&sql);
		cscs_buf_addf(&sql,
			"WITH RECURSIVE rec(fid, rest) AS ("
			" SELECT f.id, replace(replace(r.evidence, '；', ';'), char(92), '/') || ';'"
			" FROM findings f JOIN runs ru ON ru.id = f.run_id"
			" JOIN source_files s ON s.import_id = ru.import_id AND s.path = f.source_file"
			" AND s.record_type = '%s'"
			" JOIN %s r ON r.src_file = s.id AND r.src_line = f.source_line"
			" WHERE f.run_id = ?1 AND trim(coalesce(r.evidence, '')) <> ''),"
			" piece(fid, name, rest) AS ("
			" SELECT fid, NULL, rest FROM rec UNION ALL"
			" SELECT fid, trim(substr(rest, 1, instr(rest, ';') - 1)), substr(rest, instr(rest, ';') + 1)"
			" FROM piece WHERE rest <> ''),"
			" wanted(fid, name) AS ("
			" SELECT DISTINCT fid, CASE WHEN substr(name, 1, 9) = 'evidence/' THEN substr(name, 10) ELSE name END"
			" FROM piece WHERE coalesce(name, '') <> '')"
			" INSERT OR IGNORE INTO finding_evidence(run_id, finding_id, path)"
			" SELECT ?1, w.fid, e.path FROM wanted w JOIN pack_evidence e"
			" ON e.path GLOB w.name OR e.path GLOB '*/' || w.name",
			types[i].name, types[i].name);
		if (sql.oom) {
			err = CSCS_ERR_NOMEM;
			break;
		}
		sqlite3_stmt *st;
		if ((err = cscs_store_prepare(db, cscs_buf_str(&sql), &st, dl)))
			break;
		sqlite3_bind_int64(st, 1, run_id);
		int rc = sqlite3_step(st);
		if (rc != SQLITE_DONE)
			err = cscs_store_error(db, rc, "linking findings to evidence", dl);
		sqlite3_finalize(st);
	}
	cscs_buf_finish(&sql);
	return err;
}

/* The resolved folder path is in, malloc'd; NULL when it cannot be resolved (or memory runs out). */
static char *parent_real(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return NULL;
	char *slash = strrchr(copy, '/');
	if (!slash)
		strcpy(copy, ".");
	else if (slash == copy)
		copy[1] = '\0';
	else
		*slash = '\0';
	char *real = realpath(copy, NULL);
	free(copy);
	return real;
}

enum cscs_error cscs_evidence_href(const char *output, const char *pack, char **href)
{
	struct stat sb;
	*href = NULL;
	if (!output || !pack || strcmp(output, "-") == 0 || stat(pack, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return CSCS_OK;
	enum cscs_error err = CSCS_OK;
	char *from = parent_real(output);
	char *to = realpath(pack, NULL);
	if (!from || !to) {
		err = errno == ENOMEM ? CSCS_ERR_NOMEM : CSCS_OK;
		goto out;
	}
	/* The longest common prefix ending at a folder boundary. */
	size_t common = 0;
	for (size_t k = 0;; k++) {
		bool end_f = from[k] == '\0' || from[k] == '/';
		bool end_t = to[k] == '\0' || to[k] == '/';
		if (end_f && end_t)
			common = k;
		if (from[k] != to[k] || from[k] == '\0')
			break;
	}
	struct cscs_buf b = CSCS_BUF_INIT;
	for (const char *p = from + common; *p; p++)
		if (*p == '/')
			cscs_buf_adds(&b, "../");
	const char *rest = to + common;
	if (*rest == '/')
		rest++;
	if (*rest)
		cscs_buf_addf(&b, "%s/", rest);
	cscs_buf_adds(&b, "evidence/");
	if (b.oom || !(*href = strdup(cscs_buf_str(&b))))
		err = CSCS_ERR_NOMEM;
	cscs_buf_finish(&b);
out:
	free(from);
	free(to);
	return err;
}
