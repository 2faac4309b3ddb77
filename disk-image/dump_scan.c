/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_scan.c -- read store blocks in order, a large chunk at a time.
 *
 * `check` reads every block of the store once, in block order.  Through
 * the file's mapping that costs a page fault and a page-table entry per
 * 4 KiB and leaves the whole store counted in the process's memory;
 * reading DSCAN_CHUNK blocks with one pread() into a buffer is a plain
 * copy out of the page cache (three times as fast on a virtual machine,
 * where page-table updates are dear), and memory stays at three buffers
 * however large the store.  A read that fails (EIO) makes that block's
 * pointer NULL and sets err, instead of the SIGBUS a mapping would
 * raise.  An image over a caller's buffer (the fuzzer, the tests) has no
 * file: its blocks come from dimg_block() as before.
 *
 * Sums: a scan may be given a function to apply to every block it reads
 * (check: the CRC of each page frame, of each node record in a pot).
 * Whichever thread reads a chunk sums it, so the CPU work of summing the
 * store goes with the copying, not onto the thread doing the checks.
 *
 * Read-ahead: with ahead set, a second thread reads the chunk after the
 * one being looked at, so the copy out of the page cache and the sums
 * overlap with the checking.  Three chunks:
 *
 *     cur    the caller's pointers point here
 *     next   the reader fills it: want = asked, ready = done
 *     spare  the caller fills it itself, with the chunk after next,
 *            when it asks for next while the reader is still reading
 *            it (instead of waiting idle)
 *
 * When the checking is light (page frames: a tag compared with a CRC) the
 * caller thus reads every other chunk and the two threads share the
 * copying; when it is heavy (pots: every capability judged) the reader is
 * done first and the caller never waits.  The reader only ever touches
 * next, and only while want is set; the caller touches next only while
 * want is clear.  Any block outside the three (a jump) is read
 * synchronously into cur, and the read-ahead restarts after it.  Blocks
 * may be asked for in any order; only ascending runs are cheap.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "dump.h"

/* Read up to sc->cap blocks from b into c, and sum them. */
static void
fill(const dscan_t *sc, dchunk_t *c, uint64_t b)
{
	const dimg_t *im = sc->im;
	uint64_t n = b < im->nblocks ? im->nblocks - b : 0;
	size_t want, got = 0;

	if (n > sc->cap)
		n = sc->cap;
	want = (size_t)n * CK_BLOCK_SIZE;
	c->first = b;
	c->err = 0;
	while (got < want) {
		ssize_t r = pread(im->fd, c->buf + got, want - got,
				  (off_t)(im->store_off + b * CK_BLOCK_SIZE + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			c->err = r < 0 ? errno : EIO;
			break;
		}
		got += (size_t)r;
	}
	c->n = (uint32_t)(got / CK_BLOCK_SIZE);
	if (sc->sum)
		for (uint32_t i = 0; i < c->n; i++)
			sc->sum->fn(c->buf + (size_t)i * CK_BLOCK_SIZE,
				    c->sums + (size_t)i * sc->sum->nsum);
}

static int
holds(const dchunk_t *c, uint64_t b)
{
	return b >= c->first && b - c->first < c->n;
}

static void
swap(dchunk_t *a, dchunk_t *b)
{
	dchunk_t t = *a;

	*a = *b;
	*b = t;
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
		uint64_t b = sc->asked;
		pthread_mutex_unlock(&sc->lock);
		fill(sc, &sc->next, b);
		pthread_mutex_lock(&sc->lock);
		sc->want = 0;
		sc->ready = 1;
		pthread_cond_broadcast(&sc->cond);
	}
	pthread_mutex_unlock(&sc->lock);
	return NULL;
}

/* The buffer is mapped with its pages in place (MAP_POPULATE): one call
 * instead of a page fault for each 4 KiB at its first read, which a
 * virtual machine makes dear. */
static int
alloc_chunk(const dscan_t *sc, dchunk_t *c)
{
	void *m = mmap(NULL, (size_t)sc->cap * CK_BLOCK_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	c->buf = m == MAP_FAILED ? NULL : m;
	c->sums = calloc((size_t)sc->cap * (sc->sum ? sc->sum->nsum : 1), sizeof *c->sums);
	c->n = 0;
	return c->buf && c->sums ? 0 : -1;
}

static void
free_chunk(const dscan_t *sc, dchunk_t *c)
{
	if (c->buf)
		munmap(c->buf, (size_t)sc->cap * CK_BLOCK_SIZE);
	free(c->sums);
	memset(c, 0, sizeof *c);
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
	if (alloc_chunk(sc, &sc->cur) < 0) {
		dscan_close(sc);
		return -1;
	}
	posix_fadvise(im->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	if (!ahead)
		return 0;
	if (alloc_chunk(sc, &sc->next) < 0 || alloc_chunk(sc, &sc->spare) < 0) {
		free_chunk(sc, &sc->next);
		free_chunk(sc, &sc->spare);
		return 0;           /* read synchronously */
	}
	pthread_mutex_init(&sc->lock, NULL);
	pthread_cond_init(&sc->cond, NULL);
	if (pthread_create(&sc->thread, NULL, reader, sc) == 0)
		sc->ahead = 1;
	else {
		pthread_mutex_destroy(&sc->lock);
		pthread_cond_destroy(&sc->cond);
	}
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
	free_chunk(sc, &sc->cur);
	free_chunk(sc, &sc->next);
	free_chunk(sc, &sc->spare);
}

/* Ask the reader for the chunk after cur (and after spare, if that
 * follows cur), if there is one.  The reader is idle (want clear). */
static void
read_ahead(dscan_t *sc)
{
	uint64_t b = sc->cur.first + sc->cur.n;

	if (sc->spare.n && sc->spare.first == b)
		b += sc->spare.n;
	if (!sc->ahead || !sc->cur.n || b >= sc->im->nblocks)
		return;
	pthread_mutex_lock(&sc->lock);
	sc->asked = b;
	sc->ready = 0;
	sc->want = 1;
	pthread_cond_signal(&sc->cond);
	pthread_mutex_unlock(&sc->lock);
}

/* Wait for the reader; whether it has read b (then next is the caller's
 * to take).  If it is still reading b, first read the chunk after b
 * into spare rather than wait idle.  Called with the lock held. */
static int
wait_reader(dscan_t *sc, uint64_t b)
{
	uint64_t after = b + sc->cap;

	if (sc->want && sc->asked == b && after < sc->im->nblocks) {
		pthread_mutex_unlock(&sc->lock);
		fill(sc, &sc->spare, after);
		pthread_mutex_lock(&sc->lock);
	}
	while (sc->want)
		pthread_cond_wait(&sc->cond, &sc->lock);
	int hit = sc->ready && holds(&sc->next, b);
	sc->ready = 0;
	return hit;
}

/* Make cur hold block b: the caller's own read-ahead if it has it, else
 * the reader's (waiting for it), else a read now.  -1 if b could not be
 * read. */
static int
load(dscan_t *sc, uint64_t b)
{
	if (holds(&sc->spare, b)) {
		swap(&sc->cur, &sc->spare);
		sc->spare.n = 0;
		return 0;           /* the reader already has the chunk after */
	}
	if (sc->ahead) {
		pthread_mutex_lock(&sc->lock);
		int hit = wait_reader(sc, b);
		pthread_mutex_unlock(&sc->lock);
		if (hit) {
			swap(&sc->cur, &sc->next);
			read_ahead(sc);
			return 0;
		}
	}
	fill(sc, &sc->cur, b);
	if (sc->cur.err)
		sc->err = sc->cur.err;
	read_ahead(sc);
	return holds(&sc->cur, b) ? 0 : -1;
}

const uint8_t *
dscan_block(dscan_t *sc, uint64_t b)
{
	if (b >= sc->im->nblocks)
		return NULL;
	if (sc->im->fd < 0)
		return dimg_block(sc->im, b);
	if (!holds(&sc->cur, b) && load(sc, b) < 0)
		return NULL;
	return sc->cur.buf + (size_t)(b - sc->cur.first) * CK_BLOCK_SIZE;
}

const uint32_t *
dscan_sums(dscan_t *sc, uint64_t b)
{
	if (!sc->sum)
		return sc->one;
	if (sc->im->fd < 0) {
		sc->sum->fn(dimg_block(sc->im, b), sc->one);
		return sc->one;
	}
	return sc->cur.sums + (size_t)(b - sc->cur.first) * sc->sum->nsum;
}
