/*
 * Shared by the report tests: a store holding the stored runs of
 * tests/fixtures/report/run.sql (made without the engine), scratch
 * folders, and small file helpers.
 */
#ifndef CSCS_TESTS_REPORT_FIXTURE_H
#define CSCS_TESTS_REPORT_FIXTURE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cscs/core/buf.h"
#include "cscs/core/fs.h"
#include "cscs/report/report.h"
#include "cscs/store/store.h"

/* A temporary store with the fixture loaded, plus extra SQL (or NULL). */
static inline struct cscs_store *fixture_store(const char *extra_sql)
{
	struct cscs_diag_list dl;
	struct cscs_store *st = NULL;
	char *sql = NULL;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_store_open(&st, NULL, &dl), CSCS_OK);
	assert_int_equal(cscs_fs_read_all(CSCS_TEST_SRCDIR "/tests/fixtures/report/run.sql", 1 << 20, &sql, NULL, &dl),
			 CSCS_OK);
	assert_int_equal(cscs_store_exec(st->db, sql, &dl), CSCS_OK);
	if (extra_sql)
		assert_int_equal(cscs_store_exec(st->db, extra_sql, &dl), CSCS_OK);
	free(sql);
	cscs_diag_list_finish(&dl);
	return st;
}

static inline struct cscs_report_opts fixture_opts(const char *lang)
{
	struct cscs_report_opts o = {0};
	o.lang = lang;
	o.datadir = CSCS_TEST_SRCDIR;
	return o;
}

/* A new empty folder; the caller frees the path after remove_tree. */
static inline char *scratch_dir(void)
{
	const char *base = getenv("TMPDIR");
	char *dir = malloc(4096);
	assert_non_null(dir);
	snprintf(dir, 4096, "%s/cscs-report-test-XXXXXX", base && *base ? base : "/tmp");
	assert_non_null(mkdtemp(dir));
	return dir;
}

static inline char *path_in(const char *dir, const char *name)
{
	struct cscs_buf b = CSCS_BUF_INIT;
	cscs_buf_adds(&b, dir);
	cscs_buf_addc(&b, '/');
	cscs_buf_adds(&b, name);
	char *p = cscs_buf_detach(&b);
	assert_non_null(p);
	return p;
}

/* Entries of a folder, '.' and '..' aside. */
static inline size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	size_t n = 0;
	struct dirent *e;
	assert_non_null(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* Remove a folder and what is in it (one level of subfolders). */
static inline void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *p = path_in(dir, e->d_name);
		struct stat sb;
		if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
			remove_tree(p);
		else
			unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

static inline bool file_exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

static inline char *slurp(const char *path, size_t *len)
{
	char *data = NULL;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_fs_read_all(path, (size_t)1 << 28, &data, len, &dl), CSCS_OK);
	cscs_diag_list_finish(&dl);
	return data;
}

static inline void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

#endif
