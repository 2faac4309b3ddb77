/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dump_image.c -- the image file, and where the store is inside it.
 *
 * The file is mapped whole (read-only and private unless -w), so a check
 * of a large store is sequential page-cache reads with no copying.  Two
 * shapes are accepted:
 *
 *   bare store      block 0 (or, if root A is damaged, block 1) starts
 *                   with the root magic "CAIRNRST"
 *   disk image      sector 0 ends in 55 aa and one of the four primary
 *                   MBR entries has type CK_MBR_PART_TYPE (0xca); the
 *                   store is that partition
 *
 * A partition that runs past the end of the file is clipped to the file
 * (the roots then report that total_blocks does not match).  The store
 * is nblocks whole 4096-byte blocks; dimg_block() is the only function
 * that turns a block number into a pointer, and it returns NULL for any
 * block not wholly inside the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "dump.h"

#define MBR_SIG_OFF   510
#define MBR_PART_OFF  446
#define MBR_PART_SIZE 16
#define MBR_PARTS     4

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int
has_root_magic(const dimg_t *im, uint64_t off)
{
	uint64_t m = CK_ROOT_MAGIC;

	return off + sizeof m <= im->size && !memcmp(im->base + off, &m, sizeof m);
}

/* Find a 0xca partition in the MBR; 1 if found. */
static int
find_mbr_store(dimg_t *im)
{
	const uint8_t *s0 = im->base;

	if (im->size < CK_SECTOR_SIZE || s0[MBR_SIG_OFF] != 0x55 ||
	    s0[MBR_SIG_OFF + 1] != 0xaa)
		return 0;
	for (int i = 0; i < MBR_PARTS; i++) {
		const uint8_t *e = s0 + MBR_PART_OFF + i * MBR_PART_SIZE;
		if (e[4] != CK_MBR_PART_TYPE)
			continue;
		im->store_off = (uint64_t)le32(e + 8) * CK_SECTOR_SIZE;
		im->part_bytes = (uint64_t)le32(e + 12) * CK_SECTOR_SIZE;
		im->part_index = i + 1;
		return 1;
	}
	return 0;
}

/* Locate the store in the mapped file; NULL on success, else why not. */
static const char *
img_locate(dimg_t *im)
{
	im->part_index = 0;
	im->store_off = 0;
	im->part_bytes = im->size;
	if (!has_root_magic(im, 0) && !find_mbr_store(im) &&
	    !has_root_magic(im, CK_BLOCK_SIZE))
		return "no store: no MBR partition of type 0xca and no root magic "
		       "at block 0 or 1";
	if (im->store_off >= im->size)
		return "the store partition starts past the end of the file";
	uint64_t avail = im->size - im->store_off;
	if (im->part_bytes < avail)
		avail = im->part_bytes;
	uint64_t nb = avail / CK_BLOCK_SIZE;
	im->nblocks = nb > 0xffffffffu ? 0xffffffffu : (uint32_t)nb;
	if (im->nblocks < 2)
		return "the store is shorter than its two root blocks";
	return 0;
}

int
dimg_from_buffer(dimg_t *im, uint8_t *buf, uint64_t size, const char **why)
{
	memset(im, 0, sizeof *im);
	im->fd = -1;
	im->base = buf;
	im->size = size;
	*why = img_locate(im);
	return *why ? -1 : 0;
}

static int
img_map(dimg_t *im, const char *path, int writable, const char **why)
{
	struct stat st;

	im->fd = open(path, writable ? O_RDWR : O_RDONLY);
	if (im->fd < 0 || fstat(im->fd, &st) < 0) {
		*why = strerror(errno);
		return -1;
	}
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		*why = "not a regular file or block device";
		return -1;
	}
	im->size = (uint64_t)st.st_size;
	if (S_ISBLK(st.st_mode)) {
		off_t end = lseek(im->fd, 0, SEEK_END);
		im->size = end > 0 ? (uint64_t)end : 0;
	}
	if (im->size == 0) {
		*why = "the file is empty";
		return -1;
	}
	im->base = mmap(0, im->size, writable ? PROT_READ | PROT_WRITE : PROT_READ,
			writable ? MAP_SHARED : MAP_PRIVATE, im->fd, 0);
	if (im->base == MAP_FAILED) {
		im->base = 0;
		*why = strerror(errno);
		return -1;
	}
	madvise(im->base, im->size, MADV_SEQUENTIAL);
	return 0;
}

int
dimg_open(dimg_t *im, const char *path, int writable, const char **why)
{
	memset(im, 0, sizeof *im);
	im->writable = writable;
	if (img_map(im, path, writable, why) < 0) {
		dimg_close(im);
		return -1;
	}
	*why = img_locate(im);
	return *why ? -1 : 0;
}

void
dimg_close(dimg_t *im)
{
	if (im->fd >= 0) {
		if (im->base)
			munmap(im->base, im->size);
		close(im->fd);
	}
	im->base = 0;
	im->fd = -1;
}

int
dimg_sync(dimg_t *im)
{
	if (im->fd < 0)
		return 0;
	return msync(im->base, im->size, MS_SYNC);
}

const uint8_t *
dimg_block(const dimg_t *im, uint64_t b)
{
	if (b >= im->nblocks)
		return 0;
	return im->base + im->store_off + b * CK_BLOCK_SIZE;
}

uint8_t *
dimg_block_w(const dimg_t *im, uint64_t b)
{
	if (!im->writable || b >= im->nblocks)
		return 0;
	return im->base + im->store_off + b * CK_BLOCK_SIZE;
}

int
dimg_is_zero(const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len && ((uintptr_t)b & 7)) {
		if (*b++)
			return 0;
		len--;
	}
	for (; len >= 8; b += 8, len -= 8) {
		uint64_t w;
		memcpy(&w, b, sizeof w);
		if (w)
			return 0;
	}
	while (len--)
		if (*b++)
			return 0;
	return 1;
}
