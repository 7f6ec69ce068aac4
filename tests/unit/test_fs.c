#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cscs/core/diag.h"
#include "cscs/core/fs.h"

static char dir[] = "/tmp/cscs-test-fs-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_sha256(void **state)
{
	(void)state;
	char hex[CSCS_SHA256_HEX_LEN];
	cscs_fs_sha256_mem("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	char path[256];
	snprintf(path, sizeof(path), "%s/abc.txt", dir);
	write_file(path, "abc");
	uint64_t size = 0;
	assert_int_equal(cscs_fs_sha256_file(path, hex, &size, NULL), CSCS_OK);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(size, 3);
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	snprintf(path, sizeof(path), "%s/missing.txt", dir);
	assert_int_equal(cscs_fs_sha256_file(path, hex, &size, &dl), CSCS_ERR_NOT_FOUND);
	assert_int_equal(dl.n_errors, 1);
	assert_string_equal(dl.items[0].file, path);
	cscs_diag_list_finish(&dl);
}

static void test_atomic_commit_and_abort(void **state)
{
	(void)state;
	char dest[256];
	snprintf(dest, sizeof(dest), "%s/out.txt", dir);
	write_file(dest, "earlier output");

	struct cscs_atomic_file af;
	assert_int_equal(cscs_atomic_begin(&af, dest, false, NULL), CSCS_OK);
	assert_int_equal(write(af.fd, "half", 4), 4);
	cscs_atomic_abort(&af);
	char *text;
	size_t len;
	assert_int_equal(cscs_fs_read_all(dest, 1024, &text, &len, NULL), CSCS_OK);
	assert_string_equal(text, "earlier output");
	free(text);

	assert_int_equal(cscs_atomic_begin(&af, dest, false, NULL), CSCS_OK);
	assert_int_equal(write(af.fd, "new output", 10), 10);
	assert_int_equal(cscs_atomic_commit(&af, NULL), CSCS_OK);
	assert_int_equal(cscs_fs_read_all(dest, 1024, &text, &len, NULL), CSCS_OK);
	assert_string_equal(text, "new output");
	assert_int_equal(len, 10);
	free(text);

	/* no temporary files left behind */
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "test -z \"$(ls -A '%s' | grep cscs-tmp)\"", dir);
	assert_int_equal(system(cmd), 0);

	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	snprintf(dest, sizeof(dest), "%s/no/such/folder/out.txt", dir);
	assert_int_equal(cscs_atomic_begin(&af, dest, false, &dl), CSCS_ERR_IO);
	assert_int_equal(dl.n_errors, 1);
	cscs_diag_list_finish(&dl);
}

/* What an output path names decides how it is written (issue 14, fault 1). */
static void test_atomic_targets(void **state)
{
	(void)state;
	struct cscs_atomic_file af;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	char dest[256], target[256], link[256];
	char *text;
	size_t len;

	/* an empty name is a usage error */
	assert_int_equal(cscs_atomic_begin(&af, "", false, &dl), CSCS_ERR_USAGE);

	/* a read-only file is refused, for root too, and left as it was */
	snprintf(dest, sizeof(dest), "%s/ro.txt", dir);
	write_file(dest, "protected");
	assert_int_equal(chmod(dest, 0444), 0);
	assert_int_equal(cscs_atomic_begin(&af, dest, false, &dl), CSCS_ERR_INPUT);
	struct stat st;
	assert_int_equal(stat(dest, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0444);
	assert_int_equal(cscs_fs_read_all(dest, 1024, &text, &len, NULL), CSCS_OK);
	assert_string_equal(text, "protected");
	free(text);

	/* a replaced file keeps its mode; a link to a file stays a link */
	snprintf(target, sizeof(target), "%s/target.txt", dir);
	snprintf(link, sizeof(link), "%s/link.txt", dir);
	write_file(target, "earlier");
	assert_int_equal(chmod(target, 0640), 0);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(cscs_atomic_begin(&af, link, false, &dl), CSCS_OK);
	assert_int_equal(write(af.fd, "newer", 5), 5);
	assert_int_equal(cscs_atomic_commit(&af, &dl), CSCS_OK);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(stat(target, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(cscs_fs_read_all(link, 1024, &text, &len, NULL), CSCS_OK);
	assert_string_equal(text, "newer");
	free(text);

	/* a descriptor named by path (/dev/fd/N, here a pipe) is written through, nothing left behind */
	int p[2];
	assert_int_equal(pipe(p), 0);
	snprintf(dest, sizeof(dest), "/dev/fd/%d", p[1]);
	assert_int_equal(cscs_atomic_begin(&af, dest, false, &dl), CSCS_OK);
	assert_true(af.through);
	assert_int_equal(write(af.fd, "through", 7), 7);
	char tmp[256];
	snprintf(tmp, sizeof(tmp), "%s", af.tmp);
	assert_int_equal(cscs_atomic_commit(&af, &dl), CSCS_OK);
	assert_int_equal(access(tmp, F_OK), -1);
	close(p[1]);
	char got[16] = {0};
	assert_int_equal(read(p[0], got, sizeof(got) - 1), 7);
	assert_string_equal(got, "through");
	close(p[0]);
	assert_true(cscs_fs_is_stdout("-") && cscs_fs_is_stdout("/dev/stdout") && !cscs_fs_is_stdout("out.json"));
	cscs_diag_list_finish(&dl);
}

static void test_same_file_or_inside(void **state)
{
	(void)state;
	char a[256], link[256], sub[256], out[300];
	snprintf(a, sizeof(a), "%s/a.csv", dir);
	write_file(a, "x");
	snprintf(link, sizeof(link), "%s/link.csv", dir);
	assert_int_equal(symlink(a, link), 0);
	assert_true(cscs_fs_same_file(a, link));
	assert_true(cscs_fs_same_file_or_inside(link, a));
	snprintf(sub, sizeof(sub), "%s/pack", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(out, sizeof(out), "%s/report.xlsx", sub);
	assert_true(cscs_fs_same_file_or_inside(out, sub));
	assert_false(cscs_fs_same_file_or_inside(a, sub));
	snprintf(out, sizeof(out), "%s/pack-2/report.xlsx", dir);
	assert_false(cscs_fs_same_file_or_inside(out, sub));
}

static void test_read_all_limit(void **state)
{
	(void)state;
	char path[256];
	snprintf(path, sizeof(path), "%s/big.txt", dir);
	FILE *f = fopen(path, "w");
	for (int i = 0; i < 10000; i++)
		fputc('x', f);
	fclose(f);
	char *text = NULL;
	size_t len;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_fs_read_all(path, 100, &text, &len, &dl), CSCS_ERR_INPUT);
	assert_null(text);
	assert_int_equal(cscs_fs_read_all(path, 10000, &text, &len, &dl), CSCS_OK);
	assert_int_equal(len, 10000);
	free(text);
	cscs_diag_list_finish(&dl);
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Temporaries of killed runs go; those of live processes and of other hosts stay. */
static void test_sweep_stale(void **state)
{
	(void)state;
	char *mine = cscs_fs_temp_template(dir, "t-");
	assert_non_null(mine);
	/* t-<host>-<pid>-XXXXXX: the host part is what comes before our pid */
	char pid_part[32];
	snprintf(pid_part, sizeof(pid_part), "-%ld-XXXXXX", (long)getpid());
	char *cut = strstr(mine, pid_part);
	assert_non_null(cut);
	*cut = '\0';
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0)
		_exit(0);
	int status;
	assert_int_equal(waitpid(child, &status, 0), child); /* a pid that no longer runs */
	char dead[512], dead_wal[512], live[512], self[512], other_host[512];
	snprintf(dead, sizeof(dead), "%s-%ld-abcdef", mine, (long)child);
	snprintf(dead_wal, sizeof(dead_wal), "%s-%ld-abcdef-wal", mine, (long)child);
	snprintf(live, sizeof(live), "%s-%ld-abcdef", mine, (long)getppid());
	snprintf(self, sizeof(self), "%s-%ld-abcdef", mine, (long)getpid());
	snprintf(other_host, sizeof(other_host), "%s/t-elsewhere.example-%ld-abcdef", dir, (long)child);
	const char *paths[] = {dead, dead_wal, live, self, other_host};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		write_file(paths[i], "x");
	cscs_fs_sweep_stale(dir, "t-");
	assert_false(exists(dead));
	assert_false(exists(dead_wal));
	assert_true(exists(live));
	assert_true(exists(self));
	assert_true(exists(other_host));
	for (size_t i = 2; i < sizeof(paths) / sizeof(paths[0]); i++)
		unlink(paths[i]);

	/* a scratch folder of a killed run goes with its files; a live one stays */
	char dead_dir[512], dead_file[600], live_dir[512];
	snprintf(dead_dir, sizeof(dead_dir), "%s-%ld-ghijkl", mine, (long)child);
	snprintf(dead_file, sizeof(dead_file), "%s/tmp.0123456789", dead_dir);
	assert_int_equal(mkdir(dead_dir, 0700), 0);
	write_file(dead_file, "scratch");
	char *scratch = cscs_fs_scratch_dir(dir);
	assert_non_null(scratch);
	snprintf(live_dir, sizeof(live_dir), "%s", scratch);
	cscs_fs_sweep_stale(dir, "t-");
	assert_false(exists(dead_file));
	assert_false(exists(dead_dir));
	cscs_fs_sweep_stale(dir, ".cscs-tmp-");
	assert_true(exists(live_dir)); /* ours: this process runs */
	char inside[600];
	snprintf(inside, sizeof(inside), "%s/tmp.abcdefghij", live_dir);
	write_file(inside, "x");
	cscs_fs_scratch_dir_remove(scratch);
	assert_false(exists(live_dir));
	cscs_fs_scratch_dir_remove(NULL);
	free(mine);
}

static void test_diag_format_and_limit(void **state)
{
	(void)state;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	dl.max_items = 2;
	cscs_diag_error(&dl, "licenses.csv", 14, 3, "'expires_on' is not a date: '%s'", "2025-02-30");
	cscs_diag_warning(&dl, "partners.csv", 2, 0, "unknown column '%s'", "fax");
	cscs_diag_error(&dl, NULL, 0, 0, "dropped");
	char buf[256];
	assert_string_equal(cscs_diag_format(&dl.items[0], buf, sizeof(buf)),
			    "licenses.csv:14:3: 'expires_on' is not a date: '2025-02-30'");
	assert_string_equal(cscs_diag_format(&dl.items[1], buf, sizeof(buf)),
			    "partners.csv:2: warning: unknown column 'fax'");
	assert_int_equal(dl.n, 2);
	assert_int_equal(dl.n_errors, 2);
	assert_int_equal(dl.n_dropped, 1);
	cscs_diag_list_finish(&dl);
	assert_int_equal(dl.n, 0);
	assert_int_equal(dl.max_items, 2);
}

/* libxlsxwriter's "[ERROR]" lines are held back; any other line still reaches standard error. */
static void test_quiet(void **state)
{
	(void)state;
	char path[] = "/tmp/cscs-test-quiet-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	assert_true(dup2(fd, STDERR_FILENO) >= 0);
	struct cscs_quiet q;
	cscs_quiet_begin(&q);
	fprintf(stderr, "[ERROR] workbook_close(): Zip ZIP_ERRNO error\n[WARNING]: a warning\n");
	fprintf(stderr, "kept line\n");
	cscs_quiet_end(&q);
	fprintf(stderr, "after\n");
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	char buf[256] = {0};
	assert_true(pread(fd, buf, sizeof(buf) - 1, 0) > 0);
	close(fd);
	unlink(path);
	assert_string_equal(buf, "kept line\nafter\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_atomic_commit_and_abort),
		cmocka_unit_test(test_atomic_targets),
		cmocka_unit_test(test_same_file_or_inside),
		cmocka_unit_test(test_read_all_limit),
		cmocka_unit_test(test_diag_format_and_limit),
		cmocka_unit_test(test_sweep_stale),
		cmocka_unit_test(test_quiet),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
