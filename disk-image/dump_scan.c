/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_scan.c -- read store blocks in order, a large chunk at a time.
 *
 * `check` reads every block of the store once, in block order.  Through
 * the file's mapping that costs a page fault and a page-table entry per
 * 4 KiB and leaves the whole store counted in the process's memory;
 * reading DSCAN_CHUNK blocks with one pread() into a buffer is a plain
 * copy out of the page cache (three times as fast on a virtual machine,
 * where page-table updates are dear), and memory stays at two buffers
 * however large the store.  A read that fails (EIO) makes that block's
 * pointer NULL and sets err, instead of the SIGBUS a mapping would
 * raise.  An image over a caller's buffer (the fuzzer, the tests) has no
 * file: its blocks come from dimg_block() as before.
 *
 * Read-ahead: with ahead set, a second thread reads the chunk after the
 * one being looked at into the other buffer, so the copy out of the page
 * cache (half of check's time) overlaps with the checking:
 *
 *     cur   [first, first+n)        the caller's pointers point here
 *     next  [next_first, +next_n)   the reader fills it; ready says done
 *
 * The reader only ever touches next, and only while ready is false and
 * it has been asked (want); the caller takes next only once ready.  Any
 * block outside both (a jump) is read synchronously into cur, and the
 * read-ahead restarts after it.  Blocks may be asked for in any order;
 * only ascending runs are cheap.
 *
 * Sums: a scan may be given a function to apply to every block it reads
 * (check: the CRC of each page frame, of each node record in a pot).
 * The reader thread applies it to the chunk it has just read, before
 * saying it is ready, so the CPU work of summing the store is shared
 * between the two threads instead of all falling on the one checking;
 * a chunk read synchronously is summed by the caller's thread.  The
 * values are kept beside the chunk (sums, next_sums) and swapped with it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dump.h"

/* Read up to cap blocks from b into buf; the number read (0 and *err on
 * a failed read at b). */
static uint32_t
read_blocks(const dimg_t *im, uint8_t *buf, uint64_t b, uint32_t cap, int *err)
{
	uint64_t n = im->nblocks - b;
	size_t want, got = 0;

	if (n > cap)
		n = cap;
	want = (size_t)n * CK_BLOCK_SIZE;
	while (got < want) {
		ssize_t r = pread(im->fd, buf + got, want - got,
				  (off_t)(im->store_off + b * CK_BLOCK_SIZE + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			*err = r < 0 ? errno : EIO;
			break;
		}
		got += (size_t)r;
	}
	return (uint32_t)(got / CK_BLOCK_SIZE);
}

/* The sums of n blocks of buf into sums. */
static void
sum_blocks(const dscan_t *sc, const uint8_t *buf, uint32_t *sums, uint32_t n)
{
	if (!sc->sum)
		return;
	for (uint32_t i = 0; i < n; i++)
		sc->sum->fn(buf + (size_t)i * CK_BLOCK_SIZE, sums + (size_t)i * sc->sum->nsum);
}

static void *
reader(void *arg)
{
	dscan_t *sc = arg;

	pthread_mutex_lock(&sc->lock);
	for (;;) {
		while (!sc->want && !sc->stop)
			pthread_cond_wait(&sc->cond, &sc->lock);
		if (sc->stop)
			break;
		uint64_t b = sc->next_first;
		pthread_mutex_unlock(&sc->lock);
		int err = 0;
		uint32_t n = read_blocks(sc->im, sc->next, b, sc->cap, &err);
		sum_blocks(sc, sc->next, sc->next_sums, n);
		pthread_mutex_lock(&sc->lock);
		sc->next_n = n;
		sc->next_err = err;
		sc->want = 0;
		sc->ready = 1;
		pthread_cond_broadcast(&sc->cond);
	}
	pthread_mutex_unlock(&sc->lock);
	return NULL;
}

/* A chunk's sums (one value if there is no sum: never NULL when fine). */
static uint32_t *
alloc_sums(const dscan_t *sc)
{
	return calloc((size_t)sc->cap * (sc->sum ? sc->sum->nsum : 1), sizeof(uint32_t));
}

int
dscan_open(dscan_t *sc, const dimg_t *im, uint32_t chunk, int ahead, const dscan_sum_t *sum)
{
	memset(sc, 0, sizeof *sc);
	sc->im = im;
	sc->sum = sum && sum->nsum && sum->nsum <= DSCAN_SUMS_MAX ? sum : NULL;
	if (im->fd < 0)
		return 0;
	sc->cap = chunk ? chunk : 1;
	sc->buf = aligned_alloc(CK_BLOCK_SIZE, (size_t)sc->cap * CK_BLOCK_SIZE);
	sc->sums = alloc_sums(sc);
	if (!sc->buf || !sc->sums) {
		dscan_close(sc);
		return -1;
	}
	posix_fadvise(im->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	if (!ahead)
		return 0;
	sc->next = aligned_alloc(CK_BLOCK_SIZE, (size_t)sc->cap * CK_BLOCK_SIZE);
	sc->next_sums = alloc_sums(sc);
	pthread_mutex_init(&sc->lock, NULL);
	pthread_cond_init(&sc->cond, NULL);
	if (sc->next && sc->next_sums && pthread_create(&sc->thread, NULL, reader, sc) == 0)
		sc->ahead = 1;      /* else: read synchronously */
	return 0;
}

void
dscan_close(dscan_t *sc)
{
	if (sc->ahead) {
		pthread_mutex_lock(&sc->lock);
		sc->stop = 1;
		pthread_cond_broadcast(&sc->cond);
		pthread_mutex_unlock(&sc->lock);
		pthread_join(sc->thread, NULL);
		pthread_mutex_destroy(&sc->lock);
		pthread_cond_destroy(&sc->cond);
		sc->ahead = 0;
	}
	free(sc->next);
	free(sc->buf);
	free(sc->next_sums);
	free(sc->sums);
	sc->next = sc->buf = NULL;
	sc->next_sums = sc->sums = NULL;
	sc->n = 0;
}

/* Ask the reader for the chunk after cur (if there is one). */
static void
read_ahead(dscan_t *sc)
{
	uint64_t b = sc->first + sc->n;

	if (!sc->ahead || !sc->n || b >= sc->im->nblocks)
		return;
	pthread_mutex_lock(&sc->lock);
	sc->next_first = b;
	sc->ready = 0;
	sc->want = 1;
	pthread_cond_signal(&sc->cond);
	pthread_mutex_unlock(&sc->lock);
}

/* Make cur hold block b: the read-ahead chunk if it is that one (waiting
 * for it), else a read now.  -1 if b could not be read. */
static int
load(dscan_t *sc, uint64_t b)
{
	if (sc->ahead) {
		pthread_mutex_lock(&sc->lock);
		while (sc->want)
			pthread_cond_wait(&sc->cond, &sc->lock);
		int hit = sc->ready && sc->next_first == b && sc->next_n;
		sc->ready = 0;
		pthread_mutex_unlock(&sc->lock);
		if (hit) {
			uint8_t *t = sc->buf;
			uint32_t *ts = sc->sums;
			sc->buf = sc->next;
			sc->next = t;
			sc->sums = sc->next_sums;
			sc->next_sums = ts;
			sc->first = b;
			sc->n = sc->next_n;
			read_ahead(sc);
			return 0;
		}
	}
	sc->first = b;
	sc->n = read_blocks(sc->im, sc->buf, b, sc->cap, &sc->err);
	sum_blocks(sc, sc->buf, sc->sums, sc->n);
	read_ahead(sc);
	return sc->n ? 0 : -1;
}

const uint8_t *
dscan_block(dscan_t *sc, uint64_t b)
{
	if (b >= sc->im->nblocks)
		return NULL;
	if (sc->im->fd < 0)
		return dimg_block(sc->im, b);
	if ((b < sc->first || b >= sc->first + sc->n) && load(sc, b) < 0)
		return NULL;
	return sc->buf + (size_t)(b - sc->first) * CK_BLOCK_SIZE;
}

const uint32_t *
dscan_sums(dscan_t *sc, uint64_t b)
{
	if (!sc->sum)
		return sc->one;
	if (sc->im->fd < 0) {
		sum_blocks(sc, dimg_block(sc->im, b), sc->one, 1);
		return sc->one;
	}
	return sc->sums + (size_t)(b - sc->first) * sc->sum->nsum;
}
