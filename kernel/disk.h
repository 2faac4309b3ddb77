/* SPDX-License-Identifier: BSD-2-Clause */
/* disk.h -- the store partition as an array of 4096-byte blocks (see disk.c). */
#ifndef CAIRN_DISK_H
#define CAIRN_DISK_H

#include "kernel.h"
#include "hal.h"

/* Errors of this layer; the hal_disk_* codes (-1..-99) pass through. */
enum {
	DISK_ENOTREADY = -100,  /* disk_store_init() has not succeeded */
	DISK_ENOMBR = -101,     /* sector 0 lacks the 0x55AA signature */
	DISK_ENOSTORE = -102,   /* no partition of type 0xca */
	DISK_EMANY = -103,      /* more than one partition of type 0xca */
	DISK_EBADPART = -104,   /* store partition outside the disk, too
				   small, or overlapping another partition */
	DISK_ERANGE = -105,     /* blocks outside the store partition */
};

/* Probe the disk and find the store partition; 0 or an error. */
int disk_store_init(void);
const char *disk_strerror(int err);

/* The store partition found (valid after disk_store_init() == 0). */
unsigned disk_store_partition(void);   /* MBR slot, 1..4 */
uint64_t disk_store_first_sector(void);
uint64_t disk_store_blocks(void);

/* Block I/O relative to the store partition: n blocks of 4096 bytes at
 * block, into or from buf (kernel virtual, n * 4096 bytes).  A request
 * that reaches outside the partition is refused with DISK_ERANGE before
 * anything is read or written. */
int disk_read_blocks(uint64_t block, uint32_t n, void *buf);
int disk_write_blocks(uint64_t block, uint32_t n, const void *buf);
int disk_flush(void);

/* Queue r (hal.h) for the store blocks from block on: r->count sectors
 * of whole blocks (none for a flush), its lba set here.  0, or the error
 * for which r was not queued (DISK_ERANGE, DISK_ENOTREADY). */
int disk_submit(struct hal_disk_req *r, uint64_t block);

#endif
