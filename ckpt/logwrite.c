/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * logwrite.c -- the layout of one checkpoint generation in the log: where
 * each block goes, the directory entries, the directory blocks and the
 * root that commits it.  It does no I/O: the kernel's writer
 * (kernel/ckpt_write.c) asks it for positions and blocks and writes them
 * through ckio, in whatever order its requests complete.
 *
 * A generation g is written from the durable root's log_head onwards,
 * consecutive blocks modulo the log's size:
 *
 *   [NOD1 node blocks][page blocks][directory blocks seq 0 .. n-1]
 *    7 sealed records  4096 bytes   entries: OID, counts, where, CRC
 *
 * Node records are packed seven to a block like a pot; pages are whole
 * blocks; an all-zero page has no block, only an entry.  Blocks are
 * handed out in runs that never cross the end of the log, so each run is
 * one request of consecutive disk blocks.  A page written ahead of its
 * turn (copy-on-write with no frame to copy into) simply takes the next
 * block: the directory records wherever each object went.  The directory
 * comes last, built back to front so that every block can carry the CRC
 * of its successor; block seq 0 names the previous generation's first
 * directory block (and its CRC) when that generation is not migrated yet.
 *
 * Nothing written here is reachable until the root that names it is
 * durable: the root goes to the slot that does NOT hold the newest
 * durable root, after a FLUSH that covers everything above, and is
 * followed by another FLUSH -- the commit point.  Blocks the durable root
 * still references (its live log, [log_tail, log_head)) are never handed
 * out (invariant I1): a generation that does not fit in the rest of the
 * log gets CK_NO_BLOCK and fails with CK_ELOGFULL instead.
 */
#include "ckpt/logwrite.h"
#include "ckpt/ckio.h"
#include "kernel/pmem.h"

static struct {
	const ck_root_t *r;      /* the durable root */
	uint64_t gen;
	bool link;
	uint32_t tail;           /* oldest unmigrated generation's first block (link) */
	uint32_t first, pos;     /* first block of the generation; next block to hand out */
	uint32_t used, room;     /* blocks handed out; free blocks */
	uint32_t node_blocks;
	uint32_t dir_rel, ndir;  /* the directory's blocks, once placed */
	ck_dir_entry_t *ents;
	uint32_t nents, max_ents;
} lw;

void
logwrite_init(uint32_t max_entries)
{
	lw.ents = pmem_alloc_contig((uint32_t)(ALIGN_UP(max_entries * sizeof *lw.ents, PAGE_SIZE) / PAGE_SIZE));
	if (!lw.ents)
		panic("logwrite: cannot reserve its buffers at boot");
	lw.max_ents = max_entries;
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
logwrite_begin(const ck_root_t *r, uint64_t gen, bool link, uint32_t tail)
{
	lw.r = r;
	lw.gen = gen;
	lw.link = link;
	lw.tail = tail;
	lw.first = lw.pos = r->log_head;
	lw.used = 0;
	lw.room = logwrite_free_blocks(r);
	lw.node_blocks = 0;
	lw.ndir = 0;
	lw.nents = 0;
}

static uint32_t
rel_add(uint32_t rel, uint32_t k)
{
	return (rel + k) % lw.r->geo.log_blocks;
}

uint32_t
logwrite_take(uint32_t *n)
{
	uint32_t to_end = lw.r->geo.log_blocks - lw.pos;
	uint32_t k = *n < to_end ? *n : to_end;

	if (k > lw.room - lw.used)
		k = lw.room - lw.used;
	if (k == 0)
		return CK_NO_BLOCK;
	uint32_t rel = lw.pos;
	lw.pos = rel_add(lw.pos, k);
	lw.used += k;
	*n = k;
	return rel;
}

void
logwrite_untake(uint32_t n)
{
	require(n <= lw.used);
	lw.pos = (lw.pos + lw.r->geo.log_blocks - n) % lw.r->geo.log_blocks;
	lw.used -= n;
}

static ck_dir_entry_t *
new_entry(void)
{
	return lw.nents < lw.max_ents ? &lw.ents[lw.nents++] : NULL;
}

int
logwrite_node_block(ck_pot_t *blk, uint32_t nrec, uint32_t rel)
{
	require(nrec > 0 && nrec <= CK_NODES_PER_POT);
	if (lw.nents + nrec > lw.max_ents)
		return CK_EENTRIES;
	blk->h = (ck_pot_header_t){ .magic = CK_LNODE_MAGIC, .index = lw.node_blocks++,
				    .generation = lw.gen };
	memset(&blk->node[nrec], 0, (CK_NODES_PER_POT - nrec) * sizeof blk->node[0]);
	memset(blk->tail, 0, sizeof blk->tail);
	for (uint32_t i = 0; i < nrec; i++) {
		ck_node_t *rec = &blk->node[i];
		ck_node_seal(rec);
		*new_entry() = (ck_dir_entry_t){
			.oid = rec->oid, .alloc_count = rec->alloc_count,
			.call_count = rec->call_count, .log_block = rel, .crc = rec->crc,
			.type = CK_DIR_NODE, .slot = (uint8_t)i, .flags = rec->flags };
	}
	return 0;
}

int
logwrite_page(uint64_t oid, uint32_t count, uint16_t flags, uint32_t crc, uint32_t rel)
{
	ck_dir_entry_t *e = new_entry();
	bool zero = rel == CK_NO_BLOCK;

	if (!e)
		return CK_EENTRIES;
	flags = (uint16_t)(zero ? flags | CK_TF_ZERO : flags & ~CK_TF_ZERO);
	*e = (ck_dir_entry_t){ .oid = oid, .alloc_count = count, .log_block = zero ? 0 : rel,
			       .crc = crc, .type = zero ? CK_DIR_ZERO_PAGE : CK_DIR_PAGE,
			       .flags = flags };
	return 0;
}

uint32_t
logwrite_entry_count(void)
{
	return lw.nents;
}

int
logwrite_dir_place(uint32_t *nd)
{
	uint32_t n = lw.nents ? (lw.nents + CK_DIR_ENTRIES - 1) / CK_DIR_ENTRIES : 1;

	if (lw.room - lw.used < n)
		return CK_ELOGFULL;
	lw.dir_rel = lw.pos;
	lw.ndir = n;
	lw.pos = rel_add(lw.pos, n);
	lw.used += n;
	*nd = n;
	return 0;
}

uint32_t
logwrite_dir_rel(uint32_t seq)
{
	return rel_add(lw.dir_rel, seq);
}

/* Fill directory block seq (of lw.ndir) whose successor has CRC next_crc. */
static void
dir_fill(ck_dir_block_t *d, uint32_t seq, uint32_t next_crc)
{
	uint32_t from = seq * CK_DIR_ENTRIES;
	uint32_t count = lw.nents - from < CK_DIR_ENTRIES ? lw.nents - from : CK_DIR_ENTRIES;
	bool last = seq + 1 == lw.ndir;

	memset(d, 0, sizeof *d);
	d->magic = CK_DIR_MAGIC;
	d->generation = lw.gen;
	d->seq = seq;
	d->count = lw.nents > from ? count : 0;
	d->next_block = last ? CK_NO_BLOCK : logwrite_dir_rel(seq + 1);
	d->next_crc = last ? 0 : next_crc;
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

uint32_t
logwrite_dir_fill(uint32_t from, uint32_t to, ck_dir_block_t *buf, uint32_t next_crc)
{
	require(from < to && to <= lw.ndir);
	for (uint32_t seq = to; seq-- > from;) {
		dir_fill(&buf[seq - from], seq, next_crc);
		next_crc = buf[seq - from].crc;
	}
	return next_crc;
}

void
logwrite_root(ck_root_t *next, uint32_t dir_crc)
{
	*next = *lw.r;
	next->generation = lw.gen;
	next->dir_block = lw.dir_rel;
	next->dir_crc = dir_crc;
	next->dir_entries = lw.nents;
	next->gen_first_block = lw.first;
	next->log_head = lw.pos;
	next->log_tail = lw.link ? lw.tail : lw.first;
	next->root_slot = 1 - lw.r->root_slot;
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

uint32_t
logwrite_first_block(void)
{
	return lw.first;
}
