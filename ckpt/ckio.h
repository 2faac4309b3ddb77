/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ckio.h -- the narrow interface through which the checkpoint layer
 * reaches the disk: blocks of the store partition (kernel/disk.c), and
 * the log as a circular array of blocks.  Every write and flush of a
 * checkpoint and of migration goes through ckio_write/ckio_flush, which
 * count them (test kernels can stop the machine after the N-th: the
 * boot option ckpt_stop_after=N, for crash tests).
 */
#ifndef CAIRN_CKPT_CKIO_H
#define CAIRN_CKPT_CKIO_H

#include "kernel/kernel.h"
#include "kernel/hal.h"
#include "ckpt/format.h"

/* Blocks in the store partition (0 without one). */
uint32_t ckio_store_blocks(void);
/* Errors of the checkpoint layer; disk errors (kernel/disk.h) pass through. */
enum {
	CK_ELOGFULL = -200,   /* the generation does not fit in the free log */
	CK_EENTRIES = -201,   /* more objects than a generation may hold */
	CK_EDAMAGED = -202,   /* a log copy failed its check (said on the console) */
};
int ckio_read(uint32_t block, uint32_t n, void *buf);
int ckio_write(uint32_t block, uint32_t n, const void *buf);
int ckio_flush(void);
const char *ckio_strerror(int err);
/* Log-relative blocks [rel, rel + n) of geometry g, wrapping at its end. */
int ckio_log_read(const ck_geometry_t *g, uint32_t rel, uint32_t n, void *buf);
int ckio_log_write(const ck_geometry_t *g, uint32_t rel, uint32_t n, const void *buf);
/*
 * Asynchronous writes and flushes, for the background writer: a write
 * gathers whole blocks from up to CKIO_SEGS places (object frames,
 * staging blocks) into consecutive blocks.  The ckio_req and everything
 * it points at belong to the driver until q->hr.state is HAL_DISK_DONE;
 * then q->hr.err is the result and done(q), if set, has run (with
 * interrupts off, wherever the completion was noticed: it may only
 * record).  A submit that fails queues nothing and returns the error.
 */
#define CKIO_SEGS 128u
struct ckio_req {
	struct hal_disk_req hr;
	struct hal_disk_seg seg[CKIO_SEGS];
	uint32_t nseg;                    /* blocks in seg[] */
	void (*done)(struct ckio_req *q);
	void *ctx;
};
_Static_assert(offsetof(struct ckio_req, hr) == 0, "ckio_req_hr_first");
/* Write q's blocks to log-relative blocks [rel, rel + nseg) (no wrap). */
int ckio_submit_log(struct ckio_req *q, const ck_geometry_t *g, uint32_t rel);
int ckio_submit_block(struct ckio_req *q, uint32_t block);   /* q's blocks at block */
int ckio_submit_flush(struct ckio_req *q);
/* Disk commands (writes and flushes) issued through ckio since boot. */
uint32_t ckio_commands(void);
void ckio_init(void);

#endif
