/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ckio.c -- the checkpoint layer's disk access (see ckio.h): thin
 * wrappers over the store partition's block I/O that count commands, and
 * the log's wrap-around.
 *
 * The test kernel's ckpt_stop_after=N ends the machine right after the
 * N-th write or flush, as a power cut would: whatever the disk acknowledged
 * is what the next boot finds (crash tests boot the same image again).
 */
#include "ckpt/ckio.h"
#include "kernel/disk.h"
#include "kernel/hal.h"

static uint32_t commands;
static uint32_t stop_after;     /* test kernels: 0 = never */

void
ckio_init(void)
{
#ifdef CAIRN_TEST
	stop_after = hal_option_u32("ckpt_stop_after", 0);
#endif
}

static void
count(const char *what)
{
	commands++;
	if (stop_after && commands == stop_after) {
		kprintf("ckpt_stop_after: stopped after disk command %u (%s)\n", commands, what);
		hal_exit(0x10);
	}
}

uint32_t
ckio_store_blocks(void)
{
	return (uint32_t)disk_store_blocks();
}

int
ckio_read(uint32_t block, uint32_t n, void *buf)
{
	return disk_read_blocks(block, n, buf);
}

int
ckio_write(uint32_t block, uint32_t n, const void *buf)
{
	int err = disk_write_blocks(block, n, buf);

	count("write");
	return err;
}

int
ckio_flush(void)
{
	int err = disk_flush();

	count("flush");
	return err;
}

const char *
ckio_strerror(int err)
{
	switch (err) {
	case CK_ELOGFULL: return "the generation does not fit in the free log";
	case CK_EENTRIES: return "the generation has more objects than its directory may hold";
	case CK_EDAMAGED: return "a log copy is damaged";
	default: return disk_strerror(err);
	}
}

uint32_t
ckio_commands(void)
{
	return commands;
}

/* ------------------------------------------------- asynchronous requests */

static void
async_done(struct hal_disk_req *r)
{
	struct ckio_req *q = (struct ckio_req *)r;

	count(r->op == HAL_DISK_FLUSH ? "flush" : "write");
	if (q->done)
		q->done(q);
}

static int
submit(struct ckio_req *q, uint8_t op, uint32_t block)
{
	q->hr = (struct hal_disk_req){ .op = op, .nseg = (uint16_t)q->nseg, .seg = q->seg,
				       .count = q->nseg * CK_SECTORS_PER_BLOCK,
				       .done = async_done };
	require(op == HAL_DISK_FLUSH || (q->nseg > 0 && q->nseg <= CKIO_SEGS));
	return disk_submit(&q->hr, block);
}

int
ckio_submit_log(struct ckio_req *q, const ck_geometry_t *g, uint32_t rel)
{
	require(rel < g->log_blocks && q->nseg <= g->log_blocks - rel);  /* no wrap */
	return submit(q, HAL_DISK_WRITE, g->log_start + rel);
}

int
ckio_submit_block(struct ckio_req *q, uint32_t block)
{
	return submit(q, HAL_DISK_WRITE, block);
}

int
ckio_submit_flush(struct ckio_req *q)
{
	q->nseg = 0;
	return submit(q, HAL_DISK_FLUSH, 0);
}

/* Split [rel, rel + n) at the end of the log; op does each piece. */
static int
log_span(const ck_geometry_t *g, uint32_t rel, uint32_t n, uint8_t *buf, bool write)
{
	while (n) {
		uint32_t k = g->log_blocks - rel < n ? g->log_blocks - rel : n;
		int err = write ? ckio_write(g->log_start + rel, k, buf)
				: ckio_read(g->log_start + rel, k, buf);
		if (err)
			return err;
		buf += (size_t)k * CK_BLOCK_SIZE;
		n -= k;
		rel = (rel + k) % g->log_blocks;
	}
	return 0;
}

int
ckio_log_read(const ck_geometry_t *g, uint32_t rel, uint32_t n, void *buf)
{
	return log_span(g, rel, n, buf, false);
}

int
ckio_log_write(const ck_geometry_t *g, uint32_t rel, uint32_t n, const void *buf)
{
	return log_span(g, rel, n, (uint8_t *)(uintptr_t)buf, true);
}
