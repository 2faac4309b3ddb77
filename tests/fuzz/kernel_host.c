/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kernel_host.c -- what the kernel's store-reading code needs from the
 * rest of the kernel, for running it on the host under the sanitizers
 * (fuzz_ckpt.c).  The code under test is the kernel's own, compiled
 * unchanged: kernel/disk.c (the MBR and the store partition),
 * ckpt/ckio.c, ckpt/restart.c, ckpt/logdir.c, ckpt/overlay.c,
 * ckpt/objstore.c and ckpt/format.c.  Below them this file stands in for
 * the HAL and the kernel's services:
 *
 *   hal_disk_*        a read-only disk in memory, read in whole sectors;
 *                     a read past its end aborts: disk.c must have
 *                     refused it (a partition outside the disk, a block
 *                     outside the partition)
 *   pmem_alloc_contig boot allocations, zeroed, freed at the next disk
 *   kprintf           formatted (so bad arguments are caught) and dropped
 *   panic, hal_exit   abort(): a require() that fails is a finding
 *
 * Restart only reads; a write or a queued request is a bug here, so it
 * aborts too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/kernel.h"
#include "kernel/hal.h"
#include "kernel/pmem.h"
#include "tests/fuzz/kernel_host.h"

static const uint8_t *disk;
static uint64_t disk_sectors;

/* Boot allocations of the current disk, freed when the next one comes. */
#define KH_MAX_ALLOCS 64
static void *allocs[KH_MAX_ALLOCS];
static unsigned nallocs;

void
kh_set_disk(const uint8_t *d, size_t size)
{
	while (nallocs)
		free(allocs[--nallocs]);
	disk = d;
	disk_sectors = size / HAL_DISK_SECTOR_SIZE;
}

/* ---------------------------------------------------------------- disk */

int
hal_disk_init(void)
{
	return disk_sectors ? 0 : HAL_DISK_ENODEV;
}

uint64_t
hal_disk_sectors(void)
{
	return disk_sectors;
}

int
hal_disk_read(uint64_t lba, uint32_t count, void *buf)
{
	if (lba > disk_sectors || count > disk_sectors - lba)
		panic("read of sectors %llu+%u past the end of a %llu-sector disk",
		      (unsigned long long)lba, count, (unsigned long long)disk_sectors);
	memcpy(buf, disk + lba * HAL_DISK_SECTOR_SIZE, (size_t)count * HAL_DISK_SECTOR_SIZE);
	return 0;
}

int
hal_disk_write(uint64_t lba, uint32_t count, const void *buf)
{
	(void)lba, (void)count, (void)buf;
	panic("restart wrote to the disk");
}

int
hal_disk_flush(void)
{
	panic("restart flushed the disk");
}

void
hal_disk_submit(struct hal_disk_req *r)
{
	(void)r;
	panic("restart queued a disk request");
}

const char *
hal_disk_strerror(int err)
{
	(void)err;
	return "disk error";
}

/* ------------------------------------------------------ kernel services */

void
hal_exit(unsigned status)
{
	fprintf(stderr, "hal_exit(%u)\n", status);
	abort();
}

uint32_t
hal_option_u32(const char *key, uint32_t dflt)
{
	(void)key;
	return dflt;
}

void *
pmem_alloc_contig(uint32_t n)
{
	if (nallocs == KH_MAX_ALLOCS)
		panic("more boot allocations than the shim keeps");
	return allocs[nallocs++] = calloc(n, PAGE_SIZE);
}

/* 32 MiB free: the overlay takes an eighth of it at most. */
uint32_t
pmem_free_count(void)
{
	return 8192;
}

int
kvprintf(const char *fmt, va_list ap)
{
	char buf[512];

	return vsnprintf(buf, sizeof buf, fmt, ap);
}

int
kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

void
(panic)(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "panic at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
