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
/* Disk commands (writes and flushes) issued through ckio since boot. */
uint32_t ckio_commands(void);
void ckio_init(void);

#endif
