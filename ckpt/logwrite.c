/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * logwrite.c -- append one checkpoint generation to the log, and write
 * the root that commits it.
 *
 * A generation g is written from the durable root's log_head onwards,
 * consecutive blocks modulo the log's size:
 *
 *   [NOD1 node blocks][page blocks][directory blocks seq 0 .. n-1]
 *    7 sealed records  4096 bytes   entries: OID, counts, where, CRC
 *
 * Node records are packed seven to a block like a pot; pages are whole
 * blocks; an all-zero page has no block, only an entry.  Data blocks go
 * out through a staging run of LW_RUN blocks, so the disk sees long
 * sequential writes.  The directory is written last, built back to
 * front so that every block can carry the CRC of its successor; block
 * seq 0 names the previous generation's first directory block (and its
 * CRC) when that generation is not migrated yet.  Then FLUSH CACHE.
 *
 * Nothing written here is reachable until the root that names it is
 * durable: logwrite_root writes the root to the slot that does NOT hold
 * the newest durable root, then FLUSH CACHE -- the commit point.  Blocks
 * the durable root still references (its live log, [log_tail, log_head))
 * are never written (invariant I1): a generation that does not fit in
 * the rest of the log fails with CK_ELOGFULL instead.
 *
 * Test kernels only: the boot option ckpt_break=root_before_flush drops
 * the FLUSH between the directory and the root, so the root may reach
 * the disk before what it names.  It exists to show that the crash
 * harness (docs/crash-testing.md) catches a broken commit order.
 */
#include "ckpt/logwrite.h"
#include "ckpt/ckio.h"
#include "kernel/pmem.h"
#include "kernel/hal.h"

#define LW_RUN 64u   /* blocks staged per write: 256 KiB */

static struct {
	const ck_root_t *r;      /* the durable root */
	uint64_t gen;
	bool link;
	uint32_t first, pos;     /* first block of the generation; next block to write */
	uint32_t used, room;     /* blocks used so far; free blocks */
	uint8_t *run;            /* LW_RUN staged blocks ... */
	uint32_t run_n;          /* ... of which this many are filled */
	uint32_t node_recs;      /* records in the open node block (last of the run) */
	uint32_t node_blocks;
	ck_dir_entry_t *ents;
	uint32_t nents, max_ents;
} lw;

static ck_dir_block_t dir_buf __attribute__((aligned(16)));

#ifdef CAIRN_TEST
static bool break_order;        /* ckpt_break=root_before_flush */

static void
test_options(void)
{
	const char *b = hal_option("ckpt_break");

	break_order = b && strcmp(b, "root_before_flush") == 0;
	if (b)
		kprintf("ckpt_break=%s: %s\n", b, break_order ?
			"TEST ONLY: the directory is not flushed before the root" : "unknown; ignored");
}
#else
#define break_order false
static void test_options(void) { }
#endif

void
logwrite_init(uint32_t max_entries)
{
	lw.run = pmem_alloc_contig(LW_RUN);
	lw.ents = pmem_alloc_contig((uint32_t)(ALIGN_UP(max_entries * sizeof *lw.ents, PAGE_SIZE) / PAGE_SIZE));
	if (!lw.run || !lw.ents)
		panic("logwrite: cannot reserve its buffers at boot");
	lw.max_ents = max_entries;
	test_options();
}

uint32_t
logwrite_max_entries(void)
{
	return lw.max_ents;
}

uint32_t
logwrite_free_blocks(const ck_root_t *r)
{
	uint32_t n = r->geo.log_blocks;
	uint32_t live = (r->log_head + n - r->log_tail) % n;

	return n - live - 1;    /* head never catches up with the tail */
}

void
logwrite_begin(const ck_root_t *r, uint64_t gen, bool link)
{
	lw.r = r;
	lw.gen = gen;
	lw.link = link;
	lw.first = lw.pos = r->log_head;
	lw.used = 0;
	lw.room = logwrite_free_blocks(r);
	lw.run_n = 0;
	lw.node_recs = CK_NODES_PER_POT;   /* no open node block */
	lw.node_blocks = 0;
	lw.nents = 0;
}

static uint32_t
rel_add(uint32_t rel, uint32_t k)
{
	return (rel + k) % lw.r->geo.log_blocks;
}

static int
run_flush(void)
{
	if (!lw.run_n)
		return 0;
	int err = ckio_log_write(&lw.r->geo, lw.pos, lw.run_n, lw.run);
	lw.pos = rel_add(lw.pos, lw.run_n);
	lw.run_n = 0;
	return err;
}

/* A fresh block at the end of the run; *rel says where it will land. */
static int
run_append(uint8_t **blk, uint32_t *rel)
{
	if (lw.used == lw.room)
		return CK_ELOGFULL;
	if (lw.run_n == LW_RUN) {
		int err = run_flush();
		if (err)
			return err;
	}
	*rel = rel_add(lw.pos, lw.run_n);
	*blk = lw.run + (size_t)lw.run_n++ * CK_BLOCK_SIZE;
	lw.used++;
	return 0;
}

static ck_dir_entry_t *
new_entry(void)
{
	return lw.nents < lw.max_ents ? &lw.ents[lw.nents++] : NULL;
}

int
logwrite_node(const ck_node_t *n)
{
	ck_pot_t *blk;
	uint32_t rel = rel_add(lw.pos, lw.run_n - 1);
	ck_dir_entry_t *e = new_entry();

	if (!e)
		return CK_EENTRIES;
	if (lw.node_recs == CK_NODES_PER_POT) {
		int err = run_append((uint8_t **)&blk, &rel);
		if (err)
			return err;
		memset(blk, 0, sizeof *blk);
		blk->h.magic = CK_LNODE_MAGIC;
		blk->h.index = lw.node_blocks++;
		blk->h.generation = lw.gen;
		lw.node_recs = 0;
	}
	blk = (ck_pot_t *)(lw.run + (size_t)(lw.run_n - 1) * CK_BLOCK_SIZE);
	ck_node_t *rec = &blk->node[lw.node_recs];
	*rec = *n;
	ck_node_seal(rec);
	*e = (ck_dir_entry_t){ .oid = n->oid, .alloc_count = n->alloc_count,
			       .call_count = n->call_count, .log_block = rel, .crc = rec->crc,
			       .type = CK_DIR_NODE, .slot = (uint8_t)lw.node_recs++,
			       .flags = n->flags };
	return 0;
}

int
logwrite_page(uint64_t oid, uint32_t count, uint16_t flags, const void *data)
{
	ck_dir_entry_t *e = new_entry();
	uint8_t *blk;
	uint32_t rel = 0;

	if (!e)
		return CK_EENTRIES;
	lw.node_recs = CK_NODES_PER_POT;   /* pages follow: close the node block */
	bool zero = ck_block_is_zero(data);
	if (!zero) {
		int err = run_append(&blk, &rel);
		if (err)
			return err;
		memcpy(blk, data, CK_BLOCK_SIZE);
	}
	flags = (uint16_t)(zero ? flags | CK_TF_ZERO : flags & ~CK_TF_ZERO);
	*e = (ck_dir_entry_t){ .oid = oid, .alloc_count = count, .log_block = rel,
			       .crc = ck_page_crc(data),
			       .type = zero ? CK_DIR_ZERO_PAGE : CK_DIR_PAGE, .flags = flags };
	return 0;
}

/* Fill directory block seq of nd (at rel) whose successor has CRC next_crc. */
static void
dir_fill(uint32_t seq, uint32_t nd, uint32_t rel, uint32_t next_crc)
{
	ck_dir_block_t *d = &dir_buf;
	uint32_t from = seq * CK_DIR_ENTRIES;
	uint32_t count = lw.nents - from < CK_DIR_ENTRIES ? lw.nents - from : CK_DIR_ENTRIES;

	memset(d, 0, sizeof *d);
	d->magic = CK_DIR_MAGIC;
	d->generation = lw.gen;
	d->seq = seq;
	d->count = lw.nents > from ? count : 0;
	d->next_block = seq + 1 < nd ? rel_add(rel, 1) : CK_NO_BLOCK;
	d->next_crc = seq + 1 < nd ? next_crc : 0;
	d->prev_gen_block = CK_NO_BLOCK;
	d->first_block = lw.first;
	if (seq == 0 && lw.link) {
		d->prev_gen_block = lw.r->dir_block;
		d->prev_generation = lw.r->generation;
		d->prev_crc = lw.r->dir_crc;
	}
	memcpy(d->entry, lw.ents + from, d->count * sizeof *d->entry);
	ck_dir_block_seal(d);
}

/* Write the directory back to front; its first block's CRC in *crc. */
static int
dir_write(uint32_t nd, uint32_t *crc)
{
	uint32_t next_crc = 0;

	if (lw.room - lw.used < nd)
		return CK_ELOGFULL;
	for (uint32_t seq = nd; seq-- > 0;) {
		uint32_t rel = rel_add(lw.pos, seq);
		dir_fill(seq, nd, rel, next_crc);
		int err = ckio_log_write(&lw.r->geo, rel, 1, &dir_buf);
		if (err)
			return err;
		next_crc = dir_buf.crc;
	}
	*crc = next_crc;
	lw.used += nd;
	return 0;
}

int
logwrite_finish(ck_root_t *next)
{
	uint32_t nd = lw.nents ? (lw.nents + CK_DIR_ENTRIES - 1) / CK_DIR_ENTRIES : 1;
	uint32_t crc;
	int err = run_flush();

	if (!err)
		err = dir_write(nd, &crc);
	if (!err && !break_order)
		err = ckio_flush();
	if (err)
		return err;
	*next = *lw.r;
	next->generation = lw.gen;
	next->dir_block = lw.pos;
	next->dir_crc = crc;
	next->dir_entries = lw.nents;
	next->gen_first_block = lw.first;
	next->log_head = rel_add(lw.pos, nd);
	next->log_tail = lw.link ? lw.r->log_tail : lw.first;
	next->root_slot = 1 - lw.r->root_slot;
	return 0;
}

int
logwrite_root(ck_root_t *r)
{
	ck_root_seal(r);
	int err = ckio_write(r->root_slot, 1, r);
	return err ? err : ckio_flush();
}

const ck_dir_entry_t *
logwrite_entries(uint32_t *n)
{
	*n = lw.nents;
	return lw.ents;
}

uint32_t
logwrite_blocks(void)
{
	return lw.used;
}
