/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * objstore.c -- read objects from the store for the object cache.
 *
 * An object's current version is at its home location (a record in a
 * node pot, or a page frame plus its tag) unless a committed checkpoint
 * generation that is not yet migrated holds a newer one in the log; the
 * checkpoint code (ckpt/) adds that lookup in front of the home read.
 *
 * Every read is verified before the object is used: a node record must
 * carry its own OID and a matching CRC; a page's tag block must have
 * its magic, index and CRC, and the page's contents the CRC its tag
 * records.  A failure is reported on the console with the OID and where
 * it was read, and the object is refused (OBJ_ERR_DAMAGED), never used.
 *
 * Reads go through one block-sized bounce buffer: the kernel is
 * uniprocessor and does not preempt itself, so one suffices.
 */
#include "objstore.h"
#include "obj.h"
#include "disk.h"
#include "ckpt/restart.h"

static ck_root_t store_root;
static bool store_open;
static uint8_t bounce[CK_BLOCK_SIZE] __attribute__((aligned(16)));

int
objstore_open(void)
{
	int err = restart_choose_root(&store_root);

	store_open = err == 0;
	return err;
}

bool
objstore_is_open(void)
{
	return store_open;
}

const ck_root_t *
objstore_root(void)
{
	return store_open ? &store_root : NULL;
}

bool
objstore_in_range(uint64_t oid)
{
	ck_node_home_t nh;
	ck_page_home_t ph;

	if (!store_open)
		return false;
	return ck_node_home(&store_root.geo, oid, &nh) == 0 ||
	       ck_page_home(&store_root.geo, oid, &ph) == 0;
}

static int
read_block(uint32_t block, void *buf, uint64_t oid)
{
	int err = disk_read_blocks(block, 1, buf);

	if (err) {
		kprintf("objstore: reading block %u for %#llx failed: %s\n", block,
			(unsigned long long)oid, disk_strerror(err));
		return OBJ_ERR_IO;
	}
	return OBJ_OK;
}

static int
damaged(uint64_t oid, uint32_t block, const char *why)
{
	kprintf("objstore: object %#llx (block %u) is damaged: %s; not used\n",
		(unsigned long long)oid, block, why);
	return OBJ_ERR_DAMAGED;
}

int
objstore_read_node(uint64_t oid, ck_node_t *out)
{
	ck_node_home_t h;
	const ck_pot_t *pot = (const ck_pot_t *)bounce;

	if (!store_open || ck_node_home(&store_root.geo, oid, &h))
		return OBJ_ERR_RANGE;
	int err = read_block(h.block, bounce, oid);
	if (err)
		return err;
	const char *why = ck_pot_check(pot, h.block - store_root.geo.pot_start);
	if (!why)
		why = ck_node_check(&pot->node[h.record], oid);
	if (why)
		return damaged(oid, h.block, why);
	*out = pot->node[h.record];
	return OBJ_OK;
}

int
objstore_read_page(uint64_t oid, void *frame, uint32_t *count,
		   uint16_t *flags, uint32_t *crc)
{
	ck_page_home_t h;
	const ck_tag_block_t *tb = (const ck_tag_block_t *)bounce;

	if (!store_open || ck_page_home(&store_root.geo, oid, &h))
		return OBJ_ERR_RANGE;
	int err = read_block(h.tag_block, bounce, oid);
	if (err)
		return err;
	const char *why = ck_tag_check(tb, h.tag_block - store_root.geo.tag_start, h.tag_index,
				       ck_oid_index(oid));
	if (why)
		return damaged(oid, h.tag_block, why);
	const ck_tag_t tag = tb->tag[h.tag_index];
	*count = tag.alloc_count;
	*flags = tag.flags;
	if (tag.flags & CK_TF_ZERO) {
		memset(frame, 0, CK_BLOCK_SIZE);
		*crc = ck_page_crc(frame);
		return OBJ_OK;
	}
	err = read_block(h.frame_block, frame, oid);
	if (err)
		return err;
	*crc = ck_page_crc(frame);
	if (*crc != tag.crc)
		return damaged(oid, h.frame_block, "page contents do not match the CRC in its tag");
	return OBJ_OK;
}
