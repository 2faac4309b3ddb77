/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * disk.c -- the store partition, found through the MBR, as block I/O.
 *
 *   sector 0 (MBR)   bytes 446..509: four 16-byte partition entries
 *                      +4 type (CK_MBR_PART_TYPE 0xca = Cairn store)
 *                      +8 first sector (LE32), +12 sector count (LE32)
 *                    bytes 510, 511: 0x55 0xaa
 *
 * Exactly one primary entry must have type 0xca (extended partitions are
 * not searched); it must lie inside the disk, hold at least one block and
 * overlap no other partition.  Its length is used in whole 4096-byte
 * blocks (CK_BLOCK_SIZE); a trailing part-block is ignored.
 *
 * Everything above this file addresses the store by block number only.
 * The range check here is the guarantee that a bad block number (a
 * corrupt log pointer, a wild OID) can never turn into a write over the
 * boot partition or the MBR: it is refused before the disk sees it.
 */
#include "disk.h"
#include "hal.h"
#include "ckpt/format.h"

#define MBR_SIG_OFF 510
#define MBR_PART_OFF 446
#define MBR_PART_SIZE 16
#define MBR_NPARTS 4

struct mbr_part {
	uint8_t type;
	uint64_t start, len;      /* sectors */
};

static struct {
	bool ready;
	unsigned part;            /* 1..4 */
	uint64_t start, blocks;
} store;

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static struct mbr_part
mbr_entry(const uint8_t *mbr, unsigned i)
{
	const uint8_t *e = mbr + MBR_PART_OFF + i * MBR_PART_SIZE;

	return (struct mbr_part){ e[4], le32(e + 8), le32(e + 12) };
}

/* Does the store (entry s) overlap any other used entry? */
static bool
mbr_overlaps(const uint8_t *mbr, unsigned s)
{
	struct mbr_part a = mbr_entry(mbr, s);

	for (unsigned i = 0; i < MBR_NPARTS; i++) {
		struct mbr_part b = mbr_entry(mbr, i);
		if (i != s && b.type && b.len &&
		    b.start < a.start + a.len && a.start < b.start + b.len)
			return true;
	}
	return false;
}

/* Find and check the one store partition in the MBR. */
static int
mbr_find_store(const uint8_t *mbr, uint64_t disk_sectors)
{
	int found = -1;

	if (mbr[MBR_SIG_OFF] != 0x55 || mbr[MBR_SIG_OFF + 1] != 0xaa)
		return DISK_ENOMBR;
	for (unsigned i = 0; i < MBR_NPARTS; i++) {
		if (mbr_entry(mbr, i).type != CK_MBR_PART_TYPE)
			continue;
		if (found >= 0)
			return DISK_EMANY;
		found = (int)i;
	}
	if (found < 0)
		return DISK_ENOSTORE;
	struct mbr_part p = mbr_entry(mbr, (unsigned)found);
	if (p.start == 0 || p.len < CK_SECTORS_PER_BLOCK ||
	    p.start + p.len > disk_sectors || mbr_overlaps(mbr, (unsigned)found))
		return DISK_EBADPART;
	store.part = (unsigned)found + 1;
	store.start = p.start;
	store.blocks = p.len / CK_SECTORS_PER_BLOCK;
	return 0;
}

int
disk_store_init(void)
{
	uint8_t mbr[HAL_DISK_SECTOR_SIZE];

	store.ready = false;
	int err = hal_disk_init();
	if (!err)
		err = hal_disk_read(0, 1, mbr);
	if (!err)
		err = mbr_find_store(mbr, hal_disk_sectors());
	store.ready = err == 0;
	return err;
}

/* Map blocks of the store to disk sectors, refusing anything outside. */
static int
disk_map(uint64_t block, uint32_t n, uint64_t *lba)
{
	if (!store.ready)
		return DISK_ENOTREADY;
	if (n > store.blocks || block > store.blocks - n)
		return DISK_ERANGE;
	*lba = store.start + block * CK_SECTORS_PER_BLOCK;
	return 0;
}

int
disk_read_blocks(uint64_t block, uint32_t n, void *buf)
{
	uint64_t lba;
	int err = disk_map(block, n, &lba);

	return err ? err : hal_disk_read(lba, n * CK_SECTORS_PER_BLOCK, buf);
}

int
disk_write_blocks(uint64_t block, uint32_t n, const void *buf)
{
	uint64_t lba;
	int err = disk_map(block, n, &lba);

	return err ? err : hal_disk_write(lba, n * CK_SECTORS_PER_BLOCK, buf);
}

int
disk_submit(struct hal_disk_req *r, uint64_t block)
{
	uint64_t lba = 0;
	int err = r->op == HAL_DISK_FLUSH ? (store.ready ? 0 : DISK_ENOTREADY)
					  : disk_map(block, r->count / CK_SECTORS_PER_BLOCK, &lba);

	if (!err && r->count % CK_SECTORS_PER_BLOCK)
		err = DISK_ERANGE;
	if (err)
		return err;
	r->lba = lba;
	hal_disk_submit(r);
	return 0;
}

int
disk_flush(void)
{
	return store.ready ? hal_disk_flush() : DISK_ENOTREADY;
}

unsigned
disk_store_partition(void)
{
	return store.ready ? store.part : 0;
}

uint64_t
disk_store_first_sector(void)
{
	return store.ready ? store.start : 0;
}

uint64_t
disk_store_blocks(void)
{
	return store.ready ? store.blocks : 0;
}

const char *
disk_strerror(int err)
{
	switch (err) {
	case DISK_ENOTREADY: return "store partition not set up";
	case DISK_ENOMBR: return "no MBR on the disk (sector 0 lacks 0x55AA)";
	case DISK_ENOSTORE: return "no store partition (type 0xca) in the MBR";
	case DISK_EMANY: return "more than one store partition (type 0xca) in the MBR";
	case DISK_EBADPART: return "store partition outside the disk, too small, or overlapping another";
	case DISK_ERANGE: return "blocks outside the store partition";
	default: return hal_disk_strerror(err);
	}
}
