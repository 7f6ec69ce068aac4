#include "cscs/core/fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <nettle/sha2.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void to_hex(const uint8_t *digest, size_t n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 15];
	}
	hex[2 * n] = '\0';
}

void cscs_sha256_init(struct cscs_sha256 *h)
{
	sha256_init(&h->ctx);
	h->size = 0;
}

void cscs_sha256_update(struct cscs_sha256 *h, const void *data, size_t len)
{
	sha256_update(&h->ctx, len, data);
	h->size += len;
}

void cscs_sha256_hex(const struct cscs_sha256 *h, char hex[CSCS_SHA256_HEX_LEN])
{
	struct sha256_ctx ctx = h->ctx; /* nettle's digest resets the state it is given */
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_digest(&ctx, sizeof(digest), digest);
	to_hex(digest, sizeof(digest), hex);
}

void cscs_fs_sha256_mem(const void *data, size_t len, char hex[CSCS_SHA256_HEX_LEN])
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof(digest), digest);
	to_hex(digest, sizeof(digest), hex);
}

enum cscs_error cscs_fs_open_error(int e)
{
	switch (e) {
	case ENOENT:
		return CSCS_ERR_NOT_FOUND;
	case EACCES:
	case EPERM:
	case EISDIR:
	case ENOTDIR:
	case ELOOP:
		return CSCS_ERR_INPUT;
	default:
		return CSCS_ERR_IO;
	}
}

enum cscs_error cscs_fs_sha256_file(const char *path, char hex[CSCS_SHA256_HEX_LEN],
				    uint64_t *size, struct cscs_diag_list *dl)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		int e = errno;
		cscs_diag_error(dl, path, 0, 0, "cannot open: %s", strerror(e));
		return cscs_fs_open_error(e);
	}
	struct cscs_sha256 h;
	unsigned char block[65536];
	size_t n;
	cscs_sha256_init(&h);
	while ((n = fread(block, 1, sizeof(block), f)) > 0)
		cscs_sha256_update(&h, block, n);
	if (ferror(f)) {
		cscs_diag_error(dl, path, 0, 0, "read failed: %s", strerror(errno));
		fclose(f);
		return CSCS_ERR_IO;
	}
	fclose(f);
	cscs_sha256_hex(&h, hex);
	if (size)
		*size = h.size;
	return CSCS_OK;
}

enum cscs_error cscs_fs_read_all(const char *path, size_t max_bytes, char **out,
				 size_t *len, struct cscs_diag_list *dl)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f) {
		int e = errno;
		cscs_diag_error(dl, path, 0, 0, "cannot open: %s", strerror(e));
		return cscs_fs_open_error(e);
	}
	size_t cap = 4096, n = 0;
	char *data = malloc(cap);
	enum cscs_error err = CSCS_OK;
	if (!data) {
		err = CSCS_ERR_NOMEM;
		goto out;
	}
	for (;;) {
		if (n + 1 >= cap) {
			if (cap > max_bytes) {
				cscs_diag_error(dl, path, 0, 0, "file is larger than %zu bytes", max_bytes);
				err = CSCS_ERR_INPUT;
				goto out;
			}
			char *bigger = realloc(data, cap * 2);
			if (!bigger) {
				err = CSCS_ERR_NOMEM;
				goto out;
			}
			data = bigger;
			cap *= 2;
		}
		size_t got = fread(data + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		cscs_diag_error(dl, path, 0, 0, "read failed: %s", strerror(errno));
		err = CSCS_ERR_IO;
		goto out;
	}
	if (n > max_bytes) {
		cscs_diag_error(dl, path, 0, 0, "file is larger than %zu bytes", max_bytes);
		err = CSCS_ERR_INPUT;
		goto out;
	}
	data[n] = '\0';
	*out = data;
	data = NULL;
	if (len)
		*len = n;
out:
	free(data);
	fclose(f);
	return err;
}

bool cscs_fs_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
		return false;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

bool cscs_fs_same_file_or_inside(const char *out, const char *input)
{
	struct stat si;
	if (stat(input, &si) != 0)
		return false;
	if (!S_ISDIR(si.st_mode))
		return cscs_fs_same_file(out, input);
	char *copy = strdup(out);
	if (!copy)
		return false;
	char *dir_real = realpath(dirname(copy), NULL);
	char *in_real = realpath(input, NULL);
	bool inside = false;
	if (dir_real && in_real) {
		size_t n = strlen(in_real);
		inside = strncmp(dir_real, in_real, n) == 0 && (dir_real[n] == '\0' || dir_real[n] == '/');
	}
	free(dir_real);
	free(in_real);
	free(copy);
	return inside;
}

/* This host's name as it goes into file names: [A-Za-z0-9.], at most 32 characters. */
static void host_tag(char *out, size_t len)
{
	char host[256];
	if (gethostname(host, sizeof(host)) != 0)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	size_t n = 0;
	for (const char *p = host; *p && n + 1 < len && n < 32; p++) {
		char c = *p;
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.';
		out[n++] = plain ? c : '_';
	}
	if (n == 0 && len > 1)
		out[n++] = 'h';
	out[n] = '\0';
}

char *cscs_fs_temp_template(const char *dir, const char *prefix)
{
	char host[40];
	host_tag(host, sizeof(host));
	size_t n = strlen(dir) + strlen(prefix) + strlen(host) + 40;
	char *path = malloc(n);
	if (path)
		snprintf(path, n, "%s/%s%s-%ld-XXXXXX", dir, prefix, host, (long)getpid());
	return path;
}

static void remove_scratch(const char *path);

void cscs_fs_sweep_stale(const char *dir, const char *prefix)
{
	char host[40], mine[128];
	host_tag(host, sizeof(host));
	int len = snprintf(mine, sizeof(mine), "%s%s-", prefix, host);
	if (len < 0 || (size_t)len >= sizeof(mine))
		return;
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, mine, (size_t)len) != 0)
			continue;
		const char *p = e->d_name + len;
		char *end;
		errno = 0;
		long pid = strtol(p, &end, 10);
		if (end == p || *end != '-' || errno || pid <= 0 || pid == (long)getpid())
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue; /* alive, or not ours to know */
		size_t n = strlen(dir) + strlen(e->d_name) + 2;
		char *path = malloc(n);
		if (!path)
			break;
		snprintf(path, n, "%s/%s", dir, e->d_name);
		if (unlink(path) != 0 && (errno == EISDIR || errno == EPERM))
			remove_scratch(path); /* a scratch folder (cscs_fs_scratch_dir) */
		free(path);
	}
	closedir(d);
}

/* Remove the folder path and the files in it (it holds no folders). */
/* A scratch folder and what is in it; folders within (a bundle's evidence/) to a bounded depth. */
static void remove_scratch_at(const char *path, int depth)
{
	DIR *d = opendir(path);
	if (d) {
		int fd = dirfd(d);
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			if (unlinkat(fd, e->d_name, 0) == 0 || (errno != EISDIR && errno != EPERM) || depth >= 32)
				continue;
			size_t n = strlen(path) + strlen(e->d_name) + 2;
			char *sub = malloc(n);
			if (!sub)
				continue; /* tidying: never a reason to stop */
			snprintf(sub, n, "%s/%s", path, e->d_name);
			remove_scratch_at(sub, depth + 1);
			free(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

static void remove_scratch(const char *path)
{
	remove_scratch_at(path, 0);
}

char *cscs_fs_scratch_dir(const char *dir)
{
	char *path = cscs_fs_temp_template(dir, ".cscs-tmp-");
	if (path && !mkdtemp(path)) {
		free(path);
		path = NULL;
	}
	return path;
}

void cscs_fs_scratch_dir_remove(char *path)
{
	if (!path)
		return;
	remove_scratch(path);
	free(path);
}

/*
 * The descriptor that path names itself ("-", /dev/stdout, /dev/fd/N,
 * /proc/self/fd/N), or -1. Such a path is written through that
 * descriptor, never opened again: opening /dev/stdout anew when it is
 * redirected to a file would start writing at the file's beginning, over
 * what the shell's descriptor writes.
 */
static int named_fd(const char *path)
{
	if (strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0)
		return STDOUT_FILENO;
	if (strcmp(path, "/dev/stderr") == 0)
		return STDERR_FILENO;
	const char *n = strncmp(path, "/dev/fd/", 8) == 0 ? path + 8
		: strncmp(path, "/proc/self/fd/", 14) == 0 ? path + 14 : NULL;
	if (!n || *n < '0' || *n > '9')
		return -1;
	char *end;
	long fd = strtol(n, &end, 10);
	return *end || fd > 1024 ? -1 : (int)fd;
}

bool cscs_fs_is_stdout(const char *path)
{
	return path && named_fd(path) == STDOUT_FILENO;
}

static const char *temp_dir(void)
{
	const char *t = getenv("TMPDIR");
	return t && *t ? t : "/tmp";
}

/*
 * Whether dest is written through rather than replaced: a path that names
 * a descriptor ("-", /dev/stdout, /dev/fd/N: whatever the descriptor is, a
 * redirected regular file included), and what exists and is neither a
 * regular file nor a folder (a device, a pipe, a socket).
 */
static bool is_through(const char *dest, const struct stat *st, bool exists)
{
	if (named_fd(dest) >= 0)
		return true;
	return exists && !S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode);
}

enum cscs_error cscs_atomic_begin(struct cscs_atomic_file *af, const char *dest,
				  bool private_mode, struct cscs_diag_list *dl)
{
	*af = (struct cscs_atomic_file){.fd = -1};
	if (!dest || !*dest) {
		cscs_diag_error(dl, NULL, 0, 0, "the output path is empty; name a file, or '-' for standard output");
		return CSCS_ERR_USAGE;
	}
	struct stat st;
	bool exists = stat(dest, &st) == 0;
	bool keep_mode = false;
	mode_t mode = 0600;
	char *target = NULL;
	af->through = is_through(dest, &st, exists);
	if (!af->through && exists && S_ISREG(st.st_mode)) {
		/*
		 * The permission bits decide, for root too (who may write
		 * anything): a file made read-only was made so on purpose.
		 */
		if ((st.st_mode & 0222) == 0 || (access(dest, W_OK) != 0 && errno == EACCES)) {
			cscs_diag_error(dl, dest, 0, 0,
					"the output file is read-only (mode %04o); make it writable or choose another name",
					(unsigned)(st.st_mode & 07777));
			return CSCS_ERR_INPUT;
		}
		keep_mode = true;
		mode = st.st_mode & 0777; /* not set-user-ID and the like: the new file is this user's */
		struct stat lst;
		if (lstat(dest, &lst) == 0 && S_ISLNK(lst.st_mode)) {
			/* Replace the file the link points to; the link stays. */
			if (!(target = realpath(dest, NULL))) {
				int e = errno;
				cscs_diag_error(dl, dest, 0, 0, "cannot follow the link: %s", strerror(e));
				return e == ENOMEM ? CSCS_ERR_NOMEM : CSCS_ERR_IO;
			}
		}
	}
	af->dest = target ? target : strdup(dest);
	char *copy = af->through ? NULL : strdup(af->dest ? af->dest : "");
	if (!af->dest || (!af->through && !copy)) {
		free(copy);
		cscs_atomic_abort(af);
		return CSCS_ERR_NOMEM;
	}
	/* Through a device or a pipe, the whole output first waits in $TMPDIR. */
	const char *dir = af->through ? temp_dir() : dirname(copy);
	cscs_fs_sweep_stale(dir, ".cscs-tmp-");
	af->tmp = cscs_fs_temp_template(dir, ".cscs-tmp-");
	free(copy);
	if (!af->tmp) {
		cscs_atomic_abort(af);
		return CSCS_ERR_NOMEM;
	}
	af->fd = mkstemp(af->tmp);
	if (af->fd < 0) {
		int e = errno;
		cscs_diag_error(dl, dest, 0, 0, "cannot create output: %s", strerror(e));
		free(af->tmp);
		af->tmp = NULL;
		cscs_atomic_abort(af);
		return CSCS_ERR_IO;
	}
	if (af->through)
		return CSCS_OK;
	if (keep_mode) {
		/* A file replaced keeps its permissions (owner-only when the output is private). */
		fchmod(af->fd, private_mode ? (mode & 0700) | S_IRUSR | S_IWUSR : mode);
	} else if (!private_mode) {
		/* mkstemp makes 0600; outputs are ordinary files subject to umask. */
		mode_t mask = umask(0);
		umask(mask);
		fchmod(af->fd, 0666 & ~mask);
	}
	return CSCS_OK;
}

/* Copy the finished temporary into dest (standard output, a device, a pipe). */
static enum cscs_error write_through(const char *tmp, const char *dest, struct cscs_diag_list *dl)
{
	enum cscs_error err = CSCS_OK;
	int in = open(tmp, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		cscs_diag_error(dl, dest, 0, 0, "cannot write output: %s", strerror(errno));
		return CSCS_ERR_IO;
	}
	int named = named_fd(dest);
	if (named >= 0) {
		/* what the caller printed before stays before */
		fflush(stdout);
		fflush(stderr);
	}
	int out = named >= 0 ? named : open(dest, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (out < 0) {
		int e = errno;
		cscs_diag_error(dl, dest, 0, 0, "cannot open the output: %s", strerror(e));
		close(in);
		return cscs_fs_open_error(e) == CSCS_ERR_INPUT ? CSCS_ERR_INPUT : CSCS_ERR_IO;
	}
	char block[65536];
	for (;;) {
		ssize_t n = read(in, block, sizeof(block));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cscs_diag_error(dl, dest, 0, 0, "cannot write output: %s", strerror(errno));
			err = CSCS_ERR_IO;
			break;
		}
		if (n == 0)
			break;
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, block + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				cscs_diag_error(dl, dest, 0, 0, "cannot write output: %s", strerror(w < 0 ? errno : EIO));
				err = CSCS_ERR_IO;
				break;
			}
			off += w;
		}
		if (err)
			break;
	}
	close(in);
	if (named < 0 && close(out) != 0 && !err) {
		cscs_diag_error(dl, dest, 0, 0, "cannot write output: %s", strerror(errno));
		err = CSCS_ERR_IO;
	}
	return err;
}

/* Put the finished temporary in place: rename it, or copy it through. */
static enum cscs_error place(const char *tmp, const char *dest, bool through, struct cscs_diag_list *dl)
{
	if (through) {
		enum cscs_error err = write_through(tmp, dest, dl);
		unlink(tmp);
		return err;
	}
	if (rename(tmp, dest) != 0) {
		cscs_diag_error(dl, dest, 0, 0, "cannot replace output: %s", strerror(errno));
		unlink(tmp);
		return CSCS_ERR_IO;
	}
	return CSCS_OK;
}

enum cscs_error cscs_atomic_commit(struct cscs_atomic_file *af, struct cscs_diag_list *dl)
{
	if (af->fd >= 0) {
		if (fsync(af->fd) != 0 || close(af->fd) != 0) {
			int e = errno;
			af->fd = -1;
			cscs_diag_error(dl, af->dest, 0, 0, "cannot write output: %s", strerror(e));
			cscs_atomic_abort(af);
			return CSCS_ERR_IO;
		}
		af->fd = -1;
	}
	if (af->group) {
		struct cscs_atomic_group *g = af->group;
		char **tmp = realloc(g->tmp, (g->n + 1) * sizeof(*tmp));
		if (tmp)
			g->tmp = tmp;
		char **dest = realloc(g->dest, (g->n + 1) * sizeof(*dest));
		if (dest)
			g->dest = dest;
		bool *through = realloc(g->through, (g->n + 1) * sizeof(*through));
		if (through)
			g->through = through;
		if (!tmp || !dest || !through) {
			cscs_atomic_abort(af);
			return CSCS_ERR_NOMEM;
		}
		g->tmp[g->n] = af->tmp;
		g->dest[g->n] = af->dest;
		g->through[g->n] = af->through;
		g->n++;
		af->tmp = af->dest = NULL;
		return CSCS_OK;
	}
	enum cscs_error err = place(af->tmp, af->dest, af->through, dl);
	free(af->tmp);
	af->tmp = NULL;
	cscs_atomic_abort(af);
	return err;
}

void cscs_atomic_abort(struct cscs_atomic_file *af)
{
	if (af->fd >= 0)
		close(af->fd);
	af->fd = -1;
	if (af->tmp)
		unlink(af->tmp);
	free(af->tmp);
	free(af->dest);
	af->tmp = NULL;
	af->dest = NULL;
}

void cscs_atomic_group_init(struct cscs_atomic_group *g)
{
	*g = (struct cscs_atomic_group){0};
}

enum cscs_error cscs_atomic_group_add_dir(struct cscs_atomic_group *g, const char *dir)
{
	char **dirs = realloc(g->dirs, (g->n_dirs + 1) * sizeof(*dirs));
	if (!dirs)
		return CSCS_ERR_NOMEM;
	g->dirs = dirs;
	if (!(g->dirs[g->n_dirs] = strdup(dir)))
		return CSCS_ERR_NOMEM;
	g->n_dirs++;
	return CSCS_OK;
}

static void group_free(struct cscs_atomic_group *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->tmp[i]);
		free(g->dest[i]);
	}
	for (size_t i = 0; i < g->n_dirs; i++)
		free(g->dirs[i]);
	free(g->tmp);
	free(g->dest);
	free(g->through);
	free(g->dirs);
	cscs_atomic_group_init(g);
}

enum cscs_error cscs_atomic_group_commit(struct cscs_atomic_group *g, struct cscs_diag_list *dl)
{
	enum cscs_error err = CSCS_OK;
	for (size_t i = 0; i < g->n; i++) {
		if (err)
			unlink(g->tmp[i]);
		else
			err = place(g->tmp[i], g->dest[i], g->through[i], dl);
	}
	group_free(g);
	return err;
}

void cscs_atomic_group_abort(struct cscs_atomic_group *g)
{
	for (size_t i = 0; i < g->n; i++)
		unlink(g->tmp[i]);
	/* Latest first: a folder may have been made inside another. */
	for (size_t i = g->n_dirs; i-- > 0;)
		rmdir(g->dirs[i]);
	group_free(g);
}
