/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * files.c -- locating and reading the files a map names (see files.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "disk-image/mkimage/files.h"

/* dir + "/" + name, or just name if dir is empty. */
static char *
files_join(const char *dir, size_t dirlen, const char *name)
{
	char *p = diag_xmalloc(dirlen + strlen(name) + 2);

	if (dirlen)
		sprintf(p, "%.*s/%s", (int)dirlen, dir, name);
	else
		strcpy(p, name);
	return p;
}

static int
files_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

char *
files_find(struct image *img, struct pos at, const char *from, const char *name)
{
	const char *slash = strrchr(from, '/');
	char *p;

	if (name[0] == '/' || !slash)
		p = diag_xstrdup(name);
	else
		p = files_join(from, (size_t)(slash - from), name);
	if (files_exists(p) || name[0] == '/')
		return p;
	for (size_t i = 0; i < img->nincdirs; i++) {
		free(p);
		p = files_join(img->incdirs[i], strlen(img->incdirs[i]), name);
		if (files_exists(p))
			return p;
	}
	free(p);
	diag_error(at, "cannot find \"%s\" (looked beside %s%s)", name, from,
		   img->nincdirs ? " and in the -I directories" : "");
	return NULL;
}

void
files_add_input(struct image *img, const char *path)
{
	for (size_t i = 0; i < img->ninputs; i++)
		if (!strcmp(img->inputs[i], path))
			return;
	img->inputs = diag_xrealloc(img->inputs, (img->ninputs + 1) * sizeof *img->inputs);
	img->inputs[img->ninputs++] = diag_xstrdup(path);
}

int
files_read(struct image *img, struct pos at, const char *path, size_t max,
	   uint8_t **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;

	if (!f)
		return diag_error(at, "cannot open \"%s\": %s", path, strerror(errno));
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return diag_error(at, "\"%s\" is not a regular file", path);
	}
	if ((uint64_t)st.st_size > max) {
		fclose(f);
		return diag_error(at, "\"%s\" is too large (%lld bytes; the limit here is %zu)",
				  path, (long long)st.st_size, max);
	}
	*len = (size_t)st.st_size;
	*buf = diag_xmalloc(*len);
	if (fread(*buf, 1, *len, f) != *len) {
		fclose(f);
		free(*buf);
		return diag_error(at, "cannot read \"%s\": %s", path, strerror(errno ? errno : EIO));
	}
	fclose(f);
	files_add_input(img, path);
	return 0;
}
