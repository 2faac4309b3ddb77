/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * restart.c -- boot is restart: find the most recent committed
 * checkpoint generation and index what of it is still in the log.
 *
 * Both root blocks are read; each is judged by ck_root_check (magic,
 * version, CRC, geometry against the partition's real size) and the
 * valid one with the higher generation wins (ck_root_choose).  A root
 * torn by a crash during its write fails its CRC, so the other root --
 * the previous generation -- is used: that is why the root write is the
 * commit point.  The console says which root was taken and why the
 * other was not.
 *
 * Damage is not a crash.  The image builder writes both roots and every
 * checkpoint writes a whole root, so a root block of zeros was lost or
 * damaged: we cannot know whether it was the newest, so the store is
 * refused rather than silently rolled back.  So is a root block the disk
 * cannot read.  The same holds for the chosen root's directory chain: if
 * a link is broken, restart names the block and refuses to start, and
 * never falls back to the older root, whose view migration may already
 * have overwritten at home.
 *
 * Then the directories of the generations newer than migrated_through
 * are walked (ckpt/logdir.c, every link checked) and every entry goes
 * into the overlay index, newest generation first, so objects fault in
 * lazily from the log.  The work is proportional to the unmigrated log,
 * never to the store.
 */
#include "kernel/kernel.h"
#include "kernel/obj.h"
#include "kernel/pmem.h"
#include "ckpt/restart.h"
#include "ckpt/logdir.h"
#include "ckpt/overlay.h"
#include "ckpt/ckio.h"

static ck_root_t root_buf[2] __attribute__((aligned(16)));
static bool root_unread[2];     /* the disk could not read it: contents unknown */
static ck_dir_block_t dir_buf __attribute__((aligned(16)));
static struct restart_info info;

const struct restart_info *
restart_info(void)
{
	return &info;
}

static void
report_roots(int pick, uint32_t blocks)
{
	for (unsigned i = 0; i < 2; i++) {
		const char *why = root_unread[i] ? "unreadable" : ck_root_check(&root_buf[i], i, blocks);
		kprintf("store: root %c: %s%s", 'A' + i, why ? "invalid: " : "valid",
			why ? why : "");
		if (!why)
			kprintf(", generation %llu", (unsigned long long)root_buf[i].generation);
		kprintf("%s\n", pick == (int)i ? " (in use)" : "");
	}
}

/* Why the root not picked might hold a newer commit than root pick, or
 * NULL.  A crash tears a root (bad CRC); it leaves neither a block of
 * zeros nor a block the disk cannot read. */
static const char *
other_root_doubt(int pick)
{
	if (root_unread[1 - pick])
		return "could not be read";
	if (ck_block_is_zero(&root_buf[1 - pick]))
		return "is all zero: it was lost or damaged";
	return NULL;
}

int
restart_choose_root(ck_root_t *out)
{
	uint32_t blocks = ckio_store_blocks();

	if (blocks == 0)
		return OBJ_ERR_NOSTORE;
	for (unsigned i = 0; i < 2; i++) {
		int err = ckio_read(i, 1, &root_buf[i]);
		if (err) {
			kprintf("store: reading root %u failed: %s\n", i, ckio_strerror(err));
			memset(&root_buf[i], 0xff, sizeof root_buf[i]);
		}
		root_unread[i] = err != 0;
	}
	int pick = ck_root_choose(&root_buf[0], &root_buf[1], blocks);
	report_roots(pick, blocks);
	if (pick < 0)
		return OBJ_ERR_NOSTORE;
	const char *doubt = other_root_doubt(pick);
	if (doubt) {
		kprintf("store: root %c %s, so root %c may not be the newest commit; refusing to start\n",
			'A' + (1 - pick), doubt, 'A' + pick);
		return root_unread[1 - pick] ? OBJ_ERR_IO : OBJ_ERR_DAMAGED;
	}
	*out = root_buf[pick];
	info.slot = (unsigned)pick;
	return OBJ_OK;
}

struct load {
	const ck_root_t *r;
	const char *why;
	uint32_t block;
};

static int
read_dir(void *ctx, uint32_t rel, ck_dir_block_t *buf)
{
	return ckio_log_read(&((struct load *)ctx)->r->geo, rel, 1, buf);
}

static int
index_block(void *ctx, uint64_t gen, uint32_t rel, const ck_dir_block_t *d)
{
	struct load *l = ctx;

	for (uint32_t i = 0; i < d->count; i++) {
		const char *why = ck_dir_entry_check(l->r, &d->entry[i]);
		if (!why && overlay_put(&d->entry[i], gen) < 0)
			why = "more log entries than the overlay index holds (give the machine more memory)";
		if (why) {
			l->why = why;
			l->block = rel;
			return -1;
		}
	}
	return 0;
}

/* Entries the overlay can hold: every record the log could carry (seven
 * nodes a block), but no more than an eighth of the free memory. */
static uint32_t
overlay_size(const ck_root_t *r)
{
	uint64_t by_log = (uint64_t)r->geo.log_blocks * CK_NODES_PER_POT;
	uint64_t by_mem = (uint64_t)pmem_free_count() * PAGE_SIZE / 8 /
			  (2 * sizeof(struct ov_ent) + sizeof(uint32_t));

	return (uint32_t)(by_log < by_mem ? by_log : by_mem);
}

int
restart_load_log(const ck_root_t *r)
{
	struct load l = { r, NULL, 0 };
	ck_walk_t w;

	overlay_init(overlay_size(r));
	ck_log_walk(r, read_dir, index_block, &l, &dir_buf, &w);
	if (w.why || l.why) {
		kprintf("restart: generation %llu of root %c is damaged: log block %u: %s; refusing to start\n",
			(unsigned long long)(w.why ? w.why_gen : r->generation), 'A' + info.slot,
			w.why ? w.why_block : l.block, w.why ? w.why : l.why);
		return OBJ_ERR_DAMAGED;
	}
	info.generations = w.ngens;
	info.entries = overlay_count();
	return OBJ_OK;
}
