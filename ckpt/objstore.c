/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * objstore.c -- read objects from the store for the object cache.
 *
 * An object's current version is at its home location (a record in a
 * node pot, or a page frame plus its tag) unless a committed checkpoint
 * generation that is not yet migrated holds a newer one in the log: the
 * overlay index (overlay.c) says so, and the log copy is read instead.
 *
 * Every read is verified before the object is used: a node record must
 * carry its own OID and a matching CRC (in the log: also the block's
 * magic and generation, and the CRC and counts its directory entry
 * promised); a page's tag must have its own good CRC, and the page's
 * contents the CRC its tag (or directory entry) records.  A failure is
 * reported on the console with the OID and where it was read, and the
 * object is refused (OBJ_ERR_DAMAGED), never used.
 *
 * A test kernel booted with objstore_trace prints every block it used
 * for an object ("objstore: used OID (block B)"), so the corruption
 * tests can show that no block the checker calls damaged was used
 * (tests/lib/corrupt.py).
 *
 * Reads go through one block-sized bounce buffer: the kernel is
 * uniprocessor and does not preempt itself, so one suffices.
 */
#include "ckpt/objstore.h"
#include "ckpt/overlay.h"
#include "ckpt/restart.h"
#include "ckpt/ckio.h"
#include "kernel/obj.h"
#include "kernel/hal.h"

static ck_root_t store_root;
static bool store_open;
static uint8_t bounce[CK_BLOCK_SIZE] __attribute__((aligned(16)));

int
objstore_open(void)
{
	int err = restart_choose_root(&store_root);

	if (!err)
		err = restart_load_log(&store_root);
	store_open = err == 0;
	return err;
}

void
objstore_set_root(const ck_root_t *r)
{
	store_root = *r;
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
	int err = ckio_read(block, 1, buf);

	if (err) {
		kprintf("objstore: reading block %u for %#llx failed: %s\n", block,
			(unsigned long long)oid, ckio_strerror(err));
		return OBJ_ERR_IO;
	}
	return OBJ_OK;
}

/* Block passed every check for oid, which is about to be used. */
static void
used(uint64_t oid, uint32_t block)
{
#ifdef CAIRN_TEST
	static int trace = -1;

	if (trace < 0)
		trace = hal_option("objstore_trace") != NULL;
	if (trace)
		kprintf("objstore: used %#llx (block %u)\n", (unsigned long long)oid, block);
#else
	(void)oid, (void)block;
#endif
}

static int
damaged(uint64_t oid, uint32_t block, const char *why)
{
	kprintf("objstore: object %#llx (block %u) is damaged: %s; not used\n",
		(unsigned long long)oid, block, why);
	return OBJ_ERR_DAMAGED;
}

static int
read_log_node(const struct ov_ent *v, ck_node_t *out)
{
	const ck_pot_t *blk = (const ck_pot_t *)bounce;
	uint32_t block = store_root.geo.log_start + v->e.log_block;
	int err = read_block(block, bounce, v->e.oid);

	if (err)
		return err;
	const char *why = ck_log_node_block_check(blk, v->gen);
	if (!why)
		why = ck_log_node_check(&blk->node[v->e.slot], &v->e);
	if (why)
		return damaged(v->e.oid, block, why);
	used(v->e.oid, block);
	*out = blk->node[v->e.slot];
	return OBJ_OK;
}

int
objstore_read_node(uint64_t oid, ck_node_t *out)
{
	ck_node_home_t h;
	const ck_pot_t *pot = (const ck_pot_t *)bounce;

	if (!store_open || ck_node_home(&store_root.geo, oid, &h))
		return OBJ_ERR_RANGE;
	const struct ov_ent *v = overlay_find(oid);
	if (v)
		return read_log_node(v, out);
	int err = read_block(h.block, bounce, oid);
	if (err)
		return err;
	const char *why = ck_pot_check(pot, h.block - store_root.geo.pot_start);
	if (!why)
		why = ck_node_check(&pot->node[h.record], oid);
	if (why)
		return damaged(oid, h.block, why);
	used(oid, h.block);
	*out = pot->node[h.record];
	return OBJ_OK;
}

/* Read page oid's contents from block (none: zero) and check them against want. */
static int
read_page_data(uint64_t oid, uint32_t block, bool zero, uint32_t want, void *frame,
	       uint32_t *crc)
{
	if (zero) {
		memset(frame, 0, CK_BLOCK_SIZE);
		*crc = ck_page_crc(frame);
		return OBJ_OK;
	}
	int err = read_block(block, frame, oid);
	if (err)
		return err;
	*crc = ck_page_crc(frame);
	if (*crc != want)
		return damaged(oid, block, "page contents do not match the CRC recorded for them");
	used(oid, block);
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
	const struct ov_ent *v = overlay_find(oid);
	if (v) {
		*count = v->e.alloc_count;
		*flags = v->e.flags;
		return read_page_data(oid, store_root.geo.log_start + v->e.log_block,
				      v->e.type == CK_DIR_ZERO_PAGE, v->e.crc, frame, crc);
	}
	int err = read_block(h.tag_block, bounce, oid);
	if (err)
		return err;
	const char *why = ck_tag_check(tb, h.tag_block - store_root.geo.tag_start, h.tag_index,
				       ck_oid_index(oid));
	if (why)
		return damaged(oid, h.tag_block, why);
	used(oid, h.tag_block);
	const ck_tag_t tag = tb->tag[h.tag_index];
	*count = tag.alloc_count;
	*flags = tag.flags;
	return read_page_data(oid, h.frame_block, tag.flags & CK_TF_ZERO, tag.crc, frame, crc);
}
