/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * outfile.c -- all-or-nothing output files (see outfile.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "disk-image/mkimage/diag.h"
#include "disk-image/mkimage/outfile.h"

int
outfile_open(struct outfile *o, const char *path)
{
	mode_t mask = umask(0);

	umask(mask);
	o->path = path;
	o->tmp = diag_xmalloc(strlen(path) + 16);
	sprintf(o->tmp, "%s.tmp-XXXXXX", path);
	if ((o->fd = mkstemp(o->tmp)) < 0) {
		diag_tool_error("cannot create %s: %s", o->tmp, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	fchmod(o->fd, 0666 & ~mask);
	return 0;
}

int
outfile_pwrite(struct outfile *o, const void *buf, size_t n, off_t off)
{
	const char *p = buf;

	while (n) {
		ssize_t w = pwrite(o->fd, p, n, off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return diag_tool_error("writing %s: %s", o->tmp, w < 0 ? strerror(errno) : "short write");
		p += w;
		off += w;
		n -= (size_t)w;
	}
	return 0;
}

int
outfile_finish(struct outfile *o, int ok)
{
	int rc = ok ? 0 : -1;

	if (close(o->fd) < 0 && rc == 0)
		rc = diag_tool_error("closing %s: %s", o->tmp, strerror(errno));
	if (rc == 0 && rename(o->tmp, o->path) < 0)
		rc = diag_tool_error("cannot rename %s to %s: %s", o->tmp, o->path, strerror(errno));
	if (rc < 0)
		unlink(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
	return rc;
}
