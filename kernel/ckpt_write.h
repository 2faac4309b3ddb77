/* SPDX-License-Identifier: BSD-2-Clause */
/* ckpt_write.h -- writing a captured generation in the background, and
 * copy-on-write (see ckpt_write.c).  Used by checkpoint.c only. */
#ifndef CAIRN_CKPT_WRITE_H
#define CAIRN_CKPT_WRITE_H

#include "kernel.h"
#include "ckpt/format.h"

void ckw_init(void);                 /* boot, after the object cache */
bool ckw_active(void);               /* a generation captured and not yet over */

/*
 * The snapshot's share of the pause: take the object cache's dirty set
 * as generation gen (nodes copied into staging, pages marked captured)
 * and lay it out after durable root r (logwrite_begin: link, tail).  No
 * I/O.  nodes must fit the staging (ckw_stage_nodes).
 */
void ckw_capture(uint64_t gen, const ck_root_t *r, bool link, uint32_t tail);

enum ckw_result {
	CKW_IDLE,        /* nothing captured */
	CKW_WAITING,     /* requests in flight: nothing to do until one completes */
	CKW_MOVED,       /* did something; more may follow at once */
	CKW_COMMITTED,   /* the root is durable: ckw_root() */
	CKW_FAILED,      /* lost before the root (ckw_error()); nothing in flight */
};
/* Go on as far as possible without waiting.  The root is filled by
 * ckpt_fill_root() when the data are on disk. */
enum ckw_result ckw_step(void);
int ckw_error(void);
const ck_root_t *ckw_root(void);
/* After CKW_COMMITTED or CKW_FAILED: the captured objects are let go --
 * committed (clean unless changed since), or back in the dirty set. */
void ckw_release(bool committed);

/* What the generation in flight may still take (0 when idle). */
uint32_t ckw_nodes(void);
uint32_t ckw_pages(void);
uint32_t ckw_stage_nodes(void);      /* nodes the staging holds */

struct ckw_stats {             /* of the last generation captured */
	uint32_t copied;      /* pages copied aside before a change */
	uint32_t early;       /* pages written ahead of their turn (no frame to copy into) */
	uint32_t waited;      /* changes that waited for a write in flight */
	uint32_t requests;    /* write requests */
	/* Its phases, in microseconds from the capture: every page handed
	 * to the drive, nodes, pages and directory on disk, flushed, root
	 * written (and flushed: committed). */
	uint32_t placed_us, data_us, flush_us, root_us;
};
void ckw_stats(struct ckw_stats *out);

/* Write blocks blocks (at most the free log) into the free part of the
 * log after the durable root -- nothing refers to them -- the way the
 * writer writes pages: requests of the same size, as many in flight;
 * then FLUSH.  The microseconds each took: the same driver's raw
 * figures, to compare a checkpoint's write with. */
void ckw_bench_raw(uint32_t blocks, uint32_t *write_us, uint32_t *flush_us);

/* Provided by checkpoint.c: the root's fields that are not the log's
 * (run list, time, migration); stopping the machine when a root cannot
 * be written. */
void ckpt_fill_root(ck_root_t *next);
void ckpt_stop(const char *why, int err) NORETURN;

#endif
