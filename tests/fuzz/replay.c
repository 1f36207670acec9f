/* SPDX-License-Identifier: MIT */
/*
 * replay.c: a plain main() for a fuzz target, for builds without
 * libFuzzer: runs LLVMFuzzerTestOneInput once on each file named, and
 * on each regular file of each directory named (in name order).  Exits
 * 0 when every input ran, 2 when one could not be read; a finding
 * aborts, as under the fuzzer.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Run the target on file path; false when it cannot be read. */
static bool
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL) {
		perror(path);
		return false;
	}
	do {
		if (len == cap) {
			uint8_t *b;

			cap = cap ? cap * 2 : 65536;
			if ((b = realloc(buf, cap)) == NULL) {
				fprintf(stderr, "%s: out of memory\n", path);
				free(buf);
				fclose(f);
				return false;
			}
			buf = b;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	if (ferror(f)) {
		perror(path);
		free(buf);
		fclose(f);
		return false;
	}
	fclose(f);
	/* The target gets exactly len bytes, as libFuzzer gives them. */
	{
		uint8_t *exact = malloc(len > 0 ? len : 1);

		if (exact == NULL) {
			free(buf);
			return false;
		}
		memcpy(exact, buf, len);
		free(buf);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	return true;
}

static int
by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Every regular file of directory dir; returns how many failed. */
static int
run_dir(const char *dir, unsigned *ran)
{
	struct dirent *e;
	char **names = NULL, path[4096];
	size_t n = 0, cap = 0;
	int bad = 0;
	DIR *d = opendir(dir);
	struct stat st;

	if (d == NULL) {
		perror(dir);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **v;

			cap = cap ? cap * 2 : 64;
			if ((v = realloc(names, cap * sizeof(*v))) == NULL)
				break;
			names = v;
		}
		if ((names[n] = strdup(e->d_name)) != NULL)
			n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(path))
				(*ran)++;
			else
				bad++;
		}
		free(names[i]);
	}
	free(names);
	return bad;
}

int
main(int argc, char **argv)
{
	unsigned ran = 0;
	int bad = 0;
	struct stat st;

	for (int i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			bad += run_dir(argv[i], &ran);
		else if (run_file(argv[i]))
			ran++;
		else
			bad++;
	}
	printf("%s: %u inputs ran\n", argv[0], ran);
	return bad > 0 ? 2 : 0;
}
