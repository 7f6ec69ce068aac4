/*
 * Replays fuzz corpora without libFuzzer, so plain `meson test` runs every
 * input ever saved (SQLite's fuzzcheck idea): a crash once found stays a
 * regression test. Arguments are files or folders of files.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	size_t cap = 1 << 16, n = 0;
	uint8_t *data = malloc(cap);
	size_t got;
	while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			uint8_t *bigger = realloc(data, cap * 2);
			if (!bigger) {
				free(data);
				data = NULL;
				break;
			}
			data = bigger;
			cap *= 2;
		}
	}
	fclose(f);
	if (!data)
		return 1;
	LLVMFuzzerTestOneInput(data, n);
	free(data);
	return 0;
}

static int compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int failures = 0;
	size_t n_inputs = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 1;
		}
		if (!S_ISDIR(st.st_mode)) {
			failures += replay_file(argv[i]);
			n_inputs++;
			continue;
		}
		DIR *d = opendir(argv[i]);
		if (!d) {
			perror(argv[i]);
			return 1;
		}
		char **names = NULL;
		size_t n = 0;
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			char **more = realloc(names, (n + 1) * sizeof(*names));
			if (!more)
				return 1;
			names = more;
			names[n++] = strdup(e->d_name);
		}
		closedir(d);
		qsort(names, n, sizeof(*names), compare);
		for (size_t k = 0; k < n; k++) {
			size_t len = strlen(argv[i]) + strlen(names[k]) + 2;
			char *path = malloc(len);
			snprintf(path, len, "%s/%s", argv[i], names[k]);
			failures += replay_file(path);
			n_inputs++;
			free(path);
			free(names[k]);
		}
		free(names);
	}
	printf("replayed %zu inputs\n", n_inputs);
	return failures ? 1 : 0;
}
