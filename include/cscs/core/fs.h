/* Files: hashes, whole-file reads and all-or-nothing output. */
#ifndef CSCS_CORE_FS_H
#define CSCS_CORE_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <nettle/sha2.h>

#include "cscs/core/diag.h"
#include "cscs/core/error.h"

#define CSCS_SHA256_HEX_LEN 65 /* 64 hex digits and a NUL */

/*
 * The error for an input file that cannot be opened, from errno e: a
 * missing file is CSCS_ERR_NOT_FOUND; one the user may not read, a folder
 * or a path through a non-folder CSCS_ERR_INPUT (exit 2: the input is
 * wrong); anything else CSCS_ERR_IO.
 */
enum cscs_error cscs_fs_open_error(int e);

/* SHA-256 of a whole file as lower-case hex; *size gets its length. */
enum cscs_error cscs_fs_sha256_file(const char *path, char hex[CSCS_SHA256_HEX_LEN],
				    uint64_t *size, struct cscs_diag_list *dl);
/* SHA-256 of a memory block as lower-case hex. */
void cscs_fs_sha256_mem(const void *data, size_t len, char hex[CSCS_SHA256_HEX_LEN]);

/* SHA-256 of bytes that come in pieces (a file hashed as it is read). */
struct cscs_sha256 {
	struct sha256_ctx ctx; /* nettle's state */
	uint64_t size;         /* bytes so far */
};
void cscs_sha256_init(struct cscs_sha256 *h);
void cscs_sha256_update(struct cscs_sha256 *h, const void *data, size_t len);
/* The digest of the bytes so far as lower-case hex (h itself is left as it was). */
void cscs_sha256_hex(const struct cscs_sha256 *h, char hex[CSCS_SHA256_HEX_LEN]);

/* Read a whole file (at most max_bytes) into a NUL-terminated malloc'd block. */
enum cscs_error cscs_fs_read_all(const char *path, size_t max_bytes, char **out,
				 size_t *len, struct cscs_diag_list *dl);

/*
 * True when path names standard output: "-" (every output option takes it
 * so), /dev/stdout, /dev/fd/1 or /proc/self/fd/1.
 */
bool cscs_fs_is_stdout(const char *path);

/* True when a and b name the same existing file (same device and inode). */
bool cscs_fs_same_file(const char *a, const char *b);

/*
 * True when writing out would touch input: out is the same file as input,
 * or input is a folder and out lies inside it.
 */
bool cscs_fs_same_file_or_inside(const char *out, const char *input);

/*
 * Temporary files are named PREFIX<host>-<pid>-XXXXXX, so that one left
 * behind by a process that was killed (power cut, SIGKILL) can be told
 * from one in use. cscs_fs_temp_template returns the mkstemp template for
 * dir (malloc'd; NULL when out of memory).
 */
char *cscs_fs_temp_template(const char *dir, const char *prefix);

/*
 * Remove the files in dir named PREFIX<this host>-<pid>-... whose process
 * no longer runs (suffixes such as SQLite's -wal and -shm included, and
 * scratch folders with their files). Files
 * of other hosts (a shared folder) and of live processes are left alone;
 * failures are ignored: this is tidying, never a reason to stop.
 */
void cscs_fs_sweep_stale(const char *dir, const char *prefix);

/*
 * A private scratch folder in dir, named as the temporary files are
 * (.cscs-tmp-<host>-<pid>-XXXXXX), for a library's own scratch files
 * (libxlsxwriter's, which it creates and unlinks at once: a process
 * killed in between leaves one behind, in this folder, where the next
 * run's sweep removes it with the folder). NULL when it cannot be made
 * (a full disk, say): the caller then uses dir itself, and the write that
 * follows reports what is wrong. cscs_fs_scratch_dir_remove removes the
 * folder with what is in it and frees path (NULL is a no-op).
 */
char *cscs_fs_scratch_dir(const char *dir);
void cscs_fs_scratch_dir_remove(char *path);

/*
 * All-or-nothing output: the data goes to a temporary file beside the
 * destination, which replaces the destination only on commit. A failure,
 * or an abort, leaves the destination as it was.
 *
 * What is not a regular file is never replaced: "-" (standard output), a
 * device such as /dev/null, a pipe, a socket, a terminal, or a symbolic
 * link to one of them is written through on commit (the temporary file
 * then lives in $TMPDIR, so that nothing partial ever reaches it). A
 * symbolic link to a regular file replaces the file it points to and
 * stays a link. A regular file that already exists keeps its permission
 * bits (at most 0600 when private); one whose permission bits allow no
 * write (no w bit at all, such as 0444, or none for this user) is refused
 * with CSCS_ERR_INPUT even when running as root, who could write it.
 */
struct cscs_atomic_file {
	char *dest; /* final path (the target of a symbolic link to a regular file) */
	char *tmp;  /* temporary path in the same folder ($TMPDIR when through) */
	int fd;     /* open descriptor of tmp, -1 once closed */
	bool through; /* dest is not a regular file: commit copies tmp into it */
	struct cscs_atomic_group *group; /* commit hands the file to it, or NULL (set after begin) */
};

/*
 * Several outputs of one command, all or nothing together: a file whose
 * commit is deferred to the group is complete and synced but keeps its
 * temporary name until cscs_atomic_group_commit renames them all. So a
 * failure on the second output leaves the first one's earlier version in
 * place too.
 */
struct cscs_atomic_group {
	char **tmp;     /* temporaries waiting for their rename */
	char **dest;    /* where each goes */
	bool *through;  /* whether each is copied into its dest rather than renamed */
	size_t n;       /* entries in tmp, dest and through */
	char **dirs;    /* folders created for the outputs (removed on abort, if empty) */
	size_t n_dirs;  /* entries in dirs */
};

/*
 * Create the temporary file (mode 0644, or 0600 when private), first
 * removing temporaries that killed runs left in the same folder. An empty
 * dest is CSCS_ERR_USAGE; a read-only one CSCS_ERR_INPUT (see above).
 */
enum cscs_error cscs_atomic_begin(struct cscs_atomic_file *af, const char *dest,
				  bool private_mode, struct cscs_diag_list *dl);
/*
 * fsync and rename tmp over dest (or copy it into dest when through). The
 * temporary is removed on failure.
 */
enum cscs_error cscs_atomic_commit(struct cscs_atomic_file *af, struct cscs_diag_list *dl);
/* Remove the temporary file and free everything; safe after commit. */
void cscs_atomic_abort(struct cscs_atomic_file *af);

/* An empty group (no allocation). */
void cscs_atomic_group_init(struct cscs_atomic_group *g);

/* Note a folder made for an output: an abort removes it again when empty. */
enum cscs_error cscs_atomic_group_add_dir(struct cscs_atomic_group *g, const char *dir);

/*
 * Rename every file of the group into place, in the order they were
 * committed. On a failure the files not yet renamed are removed. The
 * group is empty afterwards.
 */
enum cscs_error cscs_atomic_group_commit(struct cscs_atomic_group *g, struct cscs_diag_list *dl);

/* Remove every file of the group and the folders made for it; the group is empty afterwards. */
void cscs_atomic_group_abort(struct cscs_atomic_group *g);

#endif
