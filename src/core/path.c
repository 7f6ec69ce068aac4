#include "cscs/core/path.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *shipped_real; /* the shipped checklist folder, resolved */
static char *pack_real;    /* the record pack (a folder), resolved */

/* Resolve path into *root; a root that does not exist matches nothing, only memory is an error. */
static bool set_root(char **root, const char *path)
{
	free(*root);
	*root = NULL;
	if (!path)
		return true;
	errno = 0;
	*root = realpath(path, NULL);
	return *root || errno != ENOMEM;
}

bool cscs_path_display_roots(const char *shipped, const char *pack)
{
	return set_root(&shipped_real, shipped) && set_root(&pack_real, pack);
}

void cscs_path_display_reset(void)
{
	free(shipped_real);
	free(pack_real);
	shipped_real = pack_real = NULL;
}

/* The part of abs below root ("" for root itself), or NULL when abs is not inside root. */
static const char *below(const char *abs, const char *root)
{
	if (!root || strcmp(root, "/") == 0)
		return NULL; /* everything is below "/": that would show the whole path */
	size_t n = strlen(root);
	if (strncmp(abs, root, n) != 0)
		return NULL;
	if (abs[n] == '\0')
		return "";
	return abs[n] == '/' ? abs + n + 1 : NULL;
}

static char *concat(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 1;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s%s", a, b);
	return s;
}

char *cscs_path_display(const char *path)
{
	if (!path)
		return NULL;
	errno = 0;
	char *abs = realpath(path, NULL);
	if (!abs && errno == ENOMEM)
		return NULL;
	char *out = NULL;
	const char *rel;
	if (!abs) {
		/* a file that does not exist (yet): shown as given when relative */
		if (path[0] != '/')
			return strdup(path);
		const char *base = strrchr(path, '/');
		return strdup(base[1] ? base + 1 : path);
	}
	char cwd[PATH_MAX];
	char *cwd_real = getcwd(cwd, sizeof(cwd)) ? realpath(cwd, NULL) : NULL;
	if ((rel = below(abs, shipped_real))) {
		out = concat("shipped:", *rel ? rel : ".");
	} else if ((rel = below(abs, pack_real)) && *rel) {
		out = strdup(rel);
	} else if ((rel = below(abs, cwd_real))) {
		out = strdup(*rel ? rel : ".");
	} else if (path[0] != '/') {
		out = strdup(path);
	} else {
		const char *base = strrchr(abs, '/');
		out = strdup(base && base[1] ? base + 1 : abs);
	}
	free(cwd_real);
	free(abs);
	return out;
}
