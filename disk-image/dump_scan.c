/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_scan.c -- read store blocks in order, a large chunk at a time.
 *
 * `check` reads every block of the store once, in block order.  Through
 * the file's mapping that costs a page fault and a page-table entry per
 * 4 KiB and leaves the whole store counted in the process's memory;
 * reading DSCAN_CHUNK blocks with one pread() into one buffer is a
 * plain copy out of the page cache (three times as fast on a virtual
 * machine, where page-table updates are dear), and memory stays at one
 * buffer however large the store.  A read that fails (EIO) makes that
 * block's pointer NULL and sets err, instead of the SIGBUS a mapping
 * would raise.  An image over a caller's buffer (the fuzzer, the tests)
 * has no file: its blocks come from dimg_block() as before.
 *
 * Blocks may be asked for in any order; only ascending runs are cheap.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dump.h"

int
dscan_open(dscan_t *sc, const dimg_t *im, uint32_t chunk)
{
	memset(sc, 0, sizeof *sc);
	sc->im = im;
	if (im->fd < 0)
		return 0;
	sc->cap = chunk ? chunk : 1;
	sc->buf = aligned_alloc(CK_BLOCK_SIZE, (size_t)sc->cap * CK_BLOCK_SIZE);
	if (!sc->buf)
		return -1;
	posix_fadvise(im->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	return 0;
}

void
dscan_close(dscan_t *sc)
{
	free(sc->buf);
	sc->buf = NULL;
	sc->n = 0;
}

/* Fill the buffer with blocks b.. (as many as fit and exist); -1 and
 * sc->err on a failed or short read. */
static int
fill(dscan_t *sc, uint64_t b)
{
	const dimg_t *im = sc->im;
	uint64_t n = im->nblocks - b;
	size_t want, got = 0;

	if (n > sc->cap)
		n = sc->cap;
	want = (size_t)n * CK_BLOCK_SIZE;
	sc->first = b;
	sc->n = 0;
	while (got < want) {
		ssize_t r = pread(im->fd, sc->buf + got, want - got,
				  (off_t)(im->store_off + b * CK_BLOCK_SIZE + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			sc->err = r < 0 ? errno : EIO;
			break;
		}
		got += (size_t)r;
	}
	sc->n = (uint32_t)(got / CK_BLOCK_SIZE);
	return sc->n ? 0 : -1;
}

const uint8_t *
dscan_block(dscan_t *sc, uint64_t b)
{
	if (b >= sc->im->nblocks)
		return NULL;
	if (sc->im->fd < 0)
		return dimg_block(sc->im, b);
	if ((b < sc->first || b >= sc->first + sc->n) && fill(sc, b) < 0)
		return NULL;
	if (b >= sc->first + sc->n)
		return NULL;    /* a short read ended before it */
	return sc->buf + (size_t)(b - sc->first) * CK_BLOCK_SIZE;
}
