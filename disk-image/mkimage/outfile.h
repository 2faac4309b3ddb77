/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * outfile.h -- write an output file all or nothing.
 *
 * The file is written under a temporary name beside its final path and
 * renamed over it only when complete, so a failed or interrupted run
 * never leaves a half-written store or header where make would take it
 * for a finished one.  The mode is 0666 less the umask, like any file
 * the tool creates.
 */
#ifndef MK_OUTFILE_H
#define MK_OUTFILE_H

#include <stddef.h>
#include <sys/types.h>

struct outfile {
	int fd;
	char *tmp;          /* the temporary name */
	const char *path;   /* the final name */
};

/* 0, or -1 after reporting. */
int outfile_open(struct outfile *o, const char *path);
/* ok: rename into place; otherwise remove.  Returns 0, or -1 if ok was
 * false or the commit failed (reported). */
int outfile_finish(struct outfile *o, int ok);
/* Write a whole buffer at byte offset off. */
int outfile_pwrite(struct outfile *o, const void *buf, size_t n, off_t off);

#endif
